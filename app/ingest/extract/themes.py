"""Themes: the 22 taxonomy slugs, counted when the text discusses them.

Each theme has English and French cues with a weight: 3 for a term that names the topic
("corruption risk mapping", "code de conduite"), 2 for a phrase that is about it ("legal
basis", "indicators"), 1 for a word that only brushes it ("recruitment", "transparent"). A
sentence scores the weights of the distinct cues it holds (+1 when it holds three or more);
a theme is kept when its sentences add up to THRESHOLD. Words that name an event or
its people rather than a topic ("the course", "la formation", "traders", "chauffeurs") count
once per article, and a sentence that only plans something undated or mentions it in passing
("is being considered", "sera organisé l'an prochain", "a évoqué") scores one less, so neither
makes a theme on its own. Before matching, job titles and
office names ("Head of the Internal Control Office") and other programmes' names are masked,
and a sentence that lists four or more key factors (a bare enumeration of the Revised Arusha
Declaration) gives those key factors nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict

from app.ingest.extract.context import Context
from app.ingest.extract.cue_keys import word_starts
from app.ingest.extract.facts import ThemeFact
from app.ingest.extract.text import Sentence

THRESHOLD = 3
ENUMERATION_MIN = 4  # key factors in one sentence that make it a bare list

KEY_FACTORS = (
    "leadership-commitment", "regulatory-framework", "transparency", "automation",
    "reform-modernization", "audit-investigation", "code-of-conduct", "hr-management",
    "morale-culture", "private-sector-relations",
)

_APOS = "[’']"
# Words that name the event or the people of a course: they say a course took place, not
# that training is discussed, so each counts once per article.
_TRAINING_EVENT = (r"(?:online|tutored|training|classroom|integrity) courses?|"
                   r"\bcourses?\b(?! of\b)(?! d" + _APOS + r")|\btraining\b|\btrained\b|"
                   r"\bformations?\b|\bcours\b|sessions? de formation")
# Actors of the private sector: brushed by many articles, so each counts once per article.
_TRADE_ACTORS = (r"truck drivers|drivers|chauffeurs|transporters|transporteurs|hauliers|"
                 r"transitaires|commissionnaires(?: en douane)?|customs brokers|clearing agents|"
                 r"importers|exporters|importateurs|exportateurs|commerçants|traders|"
                 r"opérateurs économiques|economic operators|usagers")
_ELEARNING_CONTEXT = (r"modules?\b|platforms?|plateformes?|learners?|apprenants?|"
                      r"download\w*|télécharg\w+|offline|hors ligne|mobile phones?|bandwidth|"
                      r"completed by|completion|achèvement|\bcourses?\b|\bcours\b")
# slug -> ((pattern, weight), ...); patterns are matched case-insensitively.
THEME_CUES: dict[str, tuple[tuple[str, int], ...]] = {
    "leadership-commitment": (
        (r"leadership and commitment|leadership et (?:l[’'])?engagement", 2),
        (r"(?:top|senior) management commitment|commitment (?:of|from|by) (?:the )?"
         r"(?:top|senior) management|engagement de la (?:haute )?(?:direction|hiérarchie)|"
         r"implication de la (?:haute )?(?:direction|hiérarchie)", 3),
        (r"ethical leadership|leadership (?:éthique|exemplaire)", 2),
        (r"leadership", 1),
        (r"commitment (?:from|at) the top|tone (?:from|at) the top|lead(?:ing)? by example", 3),
        (r"(?:senior|top) management\W+(?:\w+\W+){0,3}?(?:champion|commit|lead|back|own)\w*", 2),
        (r"champion\w* (?:them|it|integrity|the reforms?)", 2),
        (r"personal(?:ly)? (?:backing|chair|lead|oversee|champion|commitment)\w*", 2),
        (r"leaders" + _APOS + r"? (?:behaviour|behavior|example|conduct)", 2),
        (r"hold\w* (?:\w+ ){0,2}accountable|tenus? (?:pour )?responsables?|"
         r"managerial accountability|redevabilité des (?:chefs|cadres|responsables)", 1),
        (r"leaders\b|haute direction|top management", 1),
        (r"steering committee", 1),
        (r"political will|volonté politique", 2),
        (r"engagement de la (?:haute )?direction|exemplarité|montrer l" + _APOS + "exemple", 2),
    ),
    "regulatory-framework": (
        (r"regulatory framework|legal framework|cadre (?:juridique|réglementaire|légal)", 3),
        (r"legal (?:basis|force)", 2),
        (r"laid down in (?:the )?law|laws? and regulations|lois et règlements", 2),
        (r"base (?:juridique|légale)|portée juridique|force juridique", 2),
        (r"disciplinary (?:rules|regulations)|régime disciplinaire", 1),
        (r"legislation|législation|(?:ethics|customs|civil service) (?:law|act)", 1),
        (r"legal (?:amendments?|changes?)|arrêté|décret|clear rules", 1),
    ),
    "transparency": (
        (r"transparency (?:of|in) (?:the )?(?:procedures|processes|decisions|rules)", 2),
        (r"transparen(?:cy|t|ce)\b(?! and accountability| et (?:la )?redevabilit)"
         r"(?! (?:promotion|recruitment|selection|criteria|posting))", 1),
        (r"(?:publish\w*|publication)\W+(?:\w+\W+){0,4}?(?:procedures|tariffs?|fees|rulings)", 2),
        (r"service charters?|chartes? de service|access to information|accès à l"
         + _APOS + "information", 2),
        (r"official fees|predictab\w+|prévisib\w+", 1),
    ),
    "automation": (
        (r"automat\w+", 3),
        (r"asycuda|sydonia|paperless|sans papier|digitali[sz]\w+|numérisation|dématérialis\w+"
         r"|informatis\w+|computeri[sz]\w+|télédéclaration", 2),
        (r"electronic(?:ally)? (?:processing|channels?|submission|payments?|declarations?|"
         r"single window|clearance|filing|release|systems?|platforms?)", 2),
        (r"(?:systèmes?|outils?) informatiques?|interconnexion|"
         r"online (?:declarations?|payments?|submission)|e-payments?|"
         r"paiements? électroniques?", 2),
        (r"face-to-face contacts?|électroniquement|single window|guichet unique|"
         r"(?:reduc\w+|narrow\w*) (?:the )?discretion", 1),
    ),
    "reform-modernization": (
        (r"moderni[sz]ation (?:plan|programme|program|strategy|agenda)|reform and moderni[sz]ation"
         r"|plan de modernisation|réforme et (?:de )?modernisation", 3),
        (r"moderni[sz]\w+|modernis\w+", 1),
        (r"reforms?\b|réformes?\b", 1),
    ),
    "audit-investigation": (
        (r"internal affairs|affaires internes|enquêtes? administratives?|conduite des enquêtes"
         r"|audit interne|internal audit\w*|inspection générale|lifestyle audits?|"
         r"enquêtes? internes?|internal investigations?", 2),
        (r"investigat\w+|audits?\b|auditors?", 1),
        (r"allegations?|misconduct|complaints?|plaintes?|signalements?|conseil de discipline", 1),
        (r"disciplinary (?:proceedings|action|measures|cases|sanctions)|"
         r"disciplinaires", 1),
        (r"whistle-?blow\w+|lanceurs? d" + _APOS + r"alerte|hotlines?|ligne verte|"
         r"numéro vert", 1),
        (r"asset declarations?|déclarations? de patrimoine|anti-corruption unit|"
         r"cellule (?:de lutte contre la corruption|anti-corruption)", 1),
    ),
    "code-of-conduct": (
        (r"codes? of (?:ethics|conduct)|code d" + _APOS + r"éthique|codes? de (?:conduite|"
         r"déontologie)|code of ethics and conduct", 3),
        (r"conflicts? of interests?|conflits? d" + _APOS + r"intérêts?", 2),
        (r"asset declarations?|declarations? of (?:assets|interests?|wealth)|"
         r"déclarations? de (?:patrimoine|biens|avoirs|intérêts)", 2),
        (r"gifts? and hospitality|cadeaux|gifts?\b|outside employment|activités extérieures|"
         r"ethical (?:rules|standards|dilemmas|conduct)|règles (?:éthiques|déontologiques)|"
         r"déontologi\w+", 1),
    ),
    "hr-management": (
        (r"human resources? management|gestion des ressources humaines|"
         r"personnel management|gestion du personnel", 3),
        (r"merit-based|fondée? sur le mérite", 2),
        (r"performance appraisals?|career (?:paths?|development|management|plans?)|"
         r"plans? de carrière|gestion des carrières", 2),
        (r"human resources?|ressources humaines|personnel decisions|career|carrière", 1),
        (r"recruit\w*|recrut\w*|recrue\w*|vetting|selection (?:process|procedures?|criteria)", 1),
        (r"(?<!integrity )\bpromot(?:ion|ions|ed)\b(?! (?:of|de) (?:l[’'])?int[ée]grit)|"
         r"avancement", 1),
        (r"(?:rotation|postings?|transfer|mobility|mobilité|affectation) polic(?:y|ies)|"
         r"politique de (?:mobilité|rotation|affectation)", 2),
        (r"rotation", 1),
        (r"postings?|post(?:ing)? (?:officers|staff)|transfers?\b|mutations?|affectations?|"
         r"mobilité", 1),
        (r"appraisals?|évaluation annuelle des performances|nominations?|concours|"
         r"remuneration|rémunération|salar(?:y|ies)|salaires?", 1),
    ),
    "morale-culture": (
        (r"\bmorale\b|moral des agents", 3),
        (r"organi[sz]ational culture|culture organisationnelle|culture of integrity|"
         r"culture d" + _APOS + r"intégrité", 2),
        (r"\bculture\b", 1),
        (r"motivat\w+|feel valued|professional pride|fierté professionnelle|recognition|"
         r"reconnaissance", 1),
        (r"working conditions|conditions de travail|allowances|primes?\b|"
         r"engagement de(?:s| ces) agents", 1),
    ),
    "private-sector-relations": (
        (r"(?:relations?|relationship|dealings|dialogue|trust|partnership|consultation)s? "
         r"(?:with|between) (?:the )?(?:private sector|traders|business|importers|operators|"
         r"customs and (?:the )?(?:business|private sector|traders))", 2),
        (r"relations avec (?:les |le )?(?:opérateurs|usagers|secteur privé)|customs[-–]business"
         r"|douane[-–]entreprises?", 2),
        (r"(?:transporters?|hauliers?|truckers?|traders?|business|brokers?|clearing agents?|"
         r"forwarders?|forwarding|importers?|exporters?|industry|trade|freight|shippers?|"
         r"employers?)" + _APOS + r"? associations?|associations? (?:of|des|de) (?:\w+ )?"
         r"(?:transporters|traders|brokers|importers|exporters|commerçants|transporteurs|"
         r"transitaires|importateurs|exportateurs|commissionnaires)|"
         r"associations? professionnelles?|organisations? professionnelles?", 2),
        (r"stakeholder (?:consultations?|engagement|dialogue|forums?|meetings?)|"
         r"consultations? (?:with|of) (?:the )?stakeholders|"
         r"public-private (?:partnership|dialogue)", 2),
        (r"private sector|secteur privé|opérateurs privés|business community|"
         r"communauté des affaires|milieux d" + _APOS + r"affaires", 1),
        (_TRADE_ACTORS, 1),
        (r"consultation|consultative|concertation|structured dialogue|comité mixte", 1),
        (r"trade associations|chambers? of commerce|chambre de commerce|freight forwarders|"
         r"mutual trust|confiance mutuelle", 1),
    ),
    "gender-equality-diversity": (
        (r"gender equality|égalité (?:des genres|entre (?:les )?(?:femmes et (?:les )?hommes|"
         r"sexes))|égalité de genre|women in customs|femmes (?:dans|de) la douane|"
         r"gender mainstreaming|gender balance|parité", 3),
        (r"\bdiversity\b|\bdiversité\b|\bgender\b|\bgenre\b|sextortion|sexual harassment|"
         r"harcèlement sexuel", 2),
        (r"(?:women|female) (?:traders|officers|staff|employees|managers|leaders|"
         r"inspectors|agents|cross-border traders)|(?:women|female)" + _APOS + r"?s? "
         r"(?:participation|representation|empowerment)|"
         r"femmes (?:commerçantes|douanières|agents|cadres|inspectrices)|commerçantes|"
         r"personnel féminin", 2),
        (r"\bwomen\b|\bfemmes\b|harassment|harcèlement|inclusion|inclusive", 1),
    ),
    "human-rights": (
        (r"human rights|fundamental rights|droits (?:de l" + _APOS + r"homme|humains|"
         r"fondamentaux)", 3),
        (r"rights of (?:the |its |their )?(?:own )?(?:people|persons|victims|travell?ers|"
         r"traders|women|citizens|complainants|staff|employees|migrants)", 3),
    ),
    "integrity-perception-survey": (
        (r"integrity perception survey|perception survey|\bCIPS\b|enquêtes? sur la perception"
         r"|perception de l" + _APOS + r"intégrité|enquêtes? de perception", 3),
    ),
    "community-of-practice": (
        (r"communit\w* of practice|communautés? de pratiques?|communidad de práctica", 2),
        (r"(?:the|this|our|that) community\b(?! of)|(?:cette|notre) communauté", 1),
        (r"between peers|entre pairs|peer[- ]to[- ]peer|s" + _APOS + r"entraider|"
         r"practitioners|praticiens|share (?:their )?experiences?|partager (?:leurs |des )?"
         r"expériences|shared (?:online )?(?:workspace|folder)|espace collaboratif|"
         r"peer learning|network of (?:practitioners|integrity officers|peers)|"
         r"réseau (?:de praticiens|des points focaux)", 1),
    ),
    "training": (
        (r"training of trainers|formation de formateurs|train-the-trainer|"
         r"formation des formateurs", 3),
        (r"integrity training|training (?:on|in|for) (?:\w+ ){0,2}integrity|ethics training|"
         r"formation (?:à|sur) (?:l[’'])?(?:éthique|intégrité)", 3),
        (r"training (?:needs|plans?|programmes?|curricul\w+|materials?|centres?|centers?|"
         r"strategy|polic(?:y|ies)|modules?)|plans? de formation|besoins (?:en|de) formation|"
         r"centres? de formation|modules? de formation|politique de formation", 2),
        (r"learners?|trainees?|apprenants?|stagiaires?|tutors?|trainers?|formateurs?|"
         r"curricul\w+|certificates?|certificats?|modules?\b|completion rates?|"
         r"compulsory for (?:all )?(?:new )?(?:recruits|officers|staff)|"
         r"obligatoire pour (?:tous )?les (?:agents|nouvelles recrues)", 1),
        (_TRAINING_EVENT, 1),
    ),
    "e-learning": (
        (r"e-learning|elearning|apprentissage en ligne|formations? en ligne|"
         r"formation à distance|distance learning|online learning|aprendizaje en línea", 2),
        (r"self-paced|online (?:courses?|modules?|training)|cours en ligne|"
         r"modules? en ligne", 2),
        (r"learning platform|plateforme d" + _APOS + r"apprentissage|clikc", 1),
        (_ELEARNING_CONTEXT, 1),
    ),
    "data-performance-measurement": (
        (r"(?:key )?performance indicators|\bkpis?\b|indicateurs (?:clés )?de (?:performance|"
         r"résultats?)|performance measurement|mesure de la performance|"
         r"measur\w+ performance|mesurer la performance", 3),
        (r"indicators?|indicateurs?", 2),
        (r"performance (?:data|reports?|scorecards?)|scorecards?|tableaux? de bord|"
         r"données de performance", 2),
        (r"data-driven|use of data|data management|gestion des données", 2),
        (r"measur\w+ (?:the )?(?:impact|effect|results?|progress)|mesurer (?:l[’']|les )"
         r"(?:effets?|impact|résultats|progrès)", 2),
        (r"baselines?|starting (?:point|line)|situation de référence|statisti\w+|"
         r"measur(?:ed|ing|ements?|able)\b|mesur(?:er|ée?s?|ables?)\b|"
         r"\bdata\b|données|chiffres", 1),
        (r"(?:track|follow|monitor)\w* (?:\w+ ){0,3}?(?:results|progress|change)\b|over time|"
         r"dans le temps|au fil du temps|suivi (?:des|de la) (?:résultats|performance)", 1),
    ),
    "internal-control": (
        (r"internal controls?|contrôle interne|contrôles internes", 3),
        (r"control (?:matrix|framework|environment|self-assessment)|segregation of duties|"
         r"séparation des tâches|double validation|four-eyes", 2),
        (r"(?:weakness\w*|gaps?) in (?:the )?controls|controls (?:are|were) (?:weak|applied)", 2),
        (r"internal audit\w*|\bcontrols\b|contrôles\b", 1),
    ),
    "corruption-risk-mapping": (
        (r"(?:corruption )?risk map\w*|mapping of (?:corruption )?risks|cartographie(?: des "
         r"risques)?|mapa de riesgos", 3),
        (r"likelihood and impact|probabilit\w+ et (?:la |sa |ses )?(?:gravité|conséquences|"
         r"impact)", 2),
        (r"risk registers?|registres? des risques|vulnerability assessments?", 2),
        (r"risk assessment|évaluation des risques", 1),
    ),
    "collective-action": (
        (r"collective action|action collective|acción colectiva", 3),
        (r"integrity pacts?|pactes? d" + _APOS + r"intégrité", 2),
        (r"commit\w* jointly|joint commitments?|engagements? communs?|multi-stakeholder|"
         r"coalition", 1),
    ),
    "sustainability": (
        (r"sustainability|pérennité|durabilité", 3),
        (r"outlast|survivre|pérenn\w+|(?:once|after|when) (?:our|its|the|external) support "
         r"ends?|end of (?:external )?support|après la fin (?:du|de l" + _APOS + r"appui)", 2),
        (r"sustain\w*|endure|ownership|appropriation|permanent place|(?:own )?budget line|"
         r"ligne budgétaire|maintain momentum|lasting|long-term|durable", 1),
    ),
    "trade-facilitation": (
        (r"trade facilitation|facilitation (?:des échanges|du commerce)|time release study|"
         r"facilitat\w+ (?:of )?legitimate trade|faciliter le commerce", 2),
        (r"(?:reduc\w+|cut\w*|shorten\w*|réduire|réduction|limiter) (?:\w+ ){0,2}?"
         r"(?:number of )?(?:stops|checks|arrêts|contrôles|controls|inspections)\b|"
         r"réduire le nombre d" + _APOS + r"(?:arrêts|contrôles)", 2),
        (r"clearance times?|release times?|délais de (?:dédouanement|passage)|"
         r"temps (?:de passage|d" + _APOS + r"attente)|waiting times?|dwell times?|"
         r"crossing times?|single window|guichet unique|"
         r"authori[sz]ed economic operators?|opérateurs? économiques? agréés?|"
         r"unnecessary steps|simplif\w+ (?:procedures|formalities|formalités)", 1),
        (r"(?:single|joint|coordinated) (?:and joint )?(?:controls?|inspections?)|"
         r"contrôles? (?:uniques?|conjoints?)(?: et conjoints?)?|"
         r"coordinated border management|gestion coordonnée des frontières", 1),
    ),
}
# Cues that count once per article (see _TRAINING_EVENT, _TRADE_ACTORS).
_ONCE_PER_ARTICLE = frozenset({_TRAINING_EVENT, _TRADE_ACTORS, _ELEARNING_CONTEXT})
# An undated plan or a passing mention ("a module is being considered", "sera organisé
# l'an prochain", "a évoqué") is weak evidence: the sentence scores one less.
_WEAK_SENTENCE = re.compile(
    r"\b(?:(?:is|are) (?:also )?(?:being )?(?:considered|envisaged|contemplated|planned|"
    r"foreseen)|(?:will|would|could|may|might) (?:also )?be (?:considered|held|organi[sz]ed|"
    r"explored)|next year|later (?:this|in the) year|"
    r"(?:also )?mentioned|referred to|touched on|in passing|"
    r"(?:sera|seront) (?:organis|lanc|envisag)(?:é|ée|és|ées)\b|(?:est|sont) (?:envisag|"
    r"prévu)\w*|l[’']an(?:née)? prochaine?|évoqué|mentionné)\b",
    re.IGNORECASE,
)
# The same test from the non-word character before the words (every branch starts with a
# letter): a pattern that starts with a class lets the engine skip over the letters.
_WEAK_AFTER = re.compile(r"\W" + _WEAK_SENTENCE.pattern.removeprefix(r"\b"), re.IGNORECASE)
# Substrings one of which every _WEAK_SENTENCE match holds: a cheap test before the regex.
_WEAK_HINTS = ("being", "consider", "envisag", "contemplat", "planned", "foreseen", " be ",
               "next year", "later ", "mention", "referred", "touched", "passing", "sera", "seront",
               "prévu", "prochain", "évoqué")

# Capitalised runs ("Head of the Internal Control Office", "Global Trade Facilitation
# Programme") that are masked when they hold a job-title or office word, or name a programme
# other than A-CIP.
# (The look-behind follows the first letter, which it checks with it: a pattern that starts
# with a character class lets the engine skip to the capitals; a look-behind first would be
# tried at every offset.)
_RUN = re.compile(
    r"[A-ZÀ-Þ](?<![\w-].)[\w’'&-]*(?:(?:\s+(?:of|for|and|the|on|de|du|des|la|l[’'])|"
    r"[’']s)*\s+[A-ZÀ-Þ][\w’'&-]*)+"
)
_MASK_WORDS_LIST = ("Head", "Director", "Manager", "Officer", "Office", "Unit", "Chief",
                    "Adviser", "Advisor", "Coordinator", "Commissioner", "Inspector", "Focal",
                    "Division", "Department", "Directorate", "Bureau")
# \b(?:Head|Director|…)\b, with the look-behind after each word's first letter: a pattern
# whose branches start with letters lets the engine skip to those capitals.
_MASK_WORDS = re.compile(
    "(?:" + "|".join(re.escape(w[0]) + r"(?<!\w.)" + re.escape(w[1:]) for w in _MASK_WORDS_LIST)
    + r")\b"
)
# A run that ends with one of these words (a whole word): another programme's name.
_OTHER_PROGRAMME = ("Programme", "Program", "Project", "Facility")
_OUR_PROGRAMME = re.compile(r"A-CIP|Anti-Corruption|Integrity Promotion")


# A cue can only match where a word starts with one of its keys: its starts of up to 8
# characters (some are shorter, where the cue may end or a class follows; a few longer).
# Keys that long leave a quarter of the word starts that 3-letter keys did to try.
_KEY_LEN = 8


def _triggers(pattern: str) -> frozenset[str] | None:
    """Word starts one of which any match of `pattern` begins with, or None."""
    return word_starts(pattern, _KEY_LEN)


_ONCE_GROUPS: set[str] = set()


def _build() -> tuple[list[tuple[re.Pattern[str], frozenset[str] | None]],
                      dict[str, tuple[str, int]]]:
    """One regex per theme (cues of different themes may overlap), one group per cue."""
    regexes: list[tuple[re.Pattern[str], frozenset[str] | None]] = []
    groups: dict[str, tuple[str, int]] = {}
    for t, (slug, cues) in enumerate(THEME_CUES.items()):
        parts: list[str] = []
        for c, (pattern, weight) in enumerate(cues):
            name = f"t{t}c{c}"
            parts.append(f"(?P<{name}>{pattern})")
            groups[name] = (slug, weight)
            if pattern in _ONCE_PER_ARTICLE:
                _ONCE_GROUPS.add(name)
        combined = r"(?<![\w-])(?:" + "|".join(parts) + r")"
        regexes.append((re.compile(combined, re.IGNORECASE), _triggers(combined)))
    return regexes, groups


_CUES, _GROUPS = _build()
_ALWAYS = tuple(i for i, (_, triggers) in enumerate(_CUES) if triggers is None)
_BY_KEY: dict[str, tuple[int, ...]] = {}
for _index, (_, _triggers_of) in enumerate(_CUES):
    for _key in _triggers_of or ():
        _BY_KEY[_key] = (*_BY_KEY.get(_key, ()), _index)
_KEY_FACTORS = frozenset(KEY_FACTORS)


_Narrowed = tuple[re.Pattern[str], tuple[tuple[int, re.Pattern[str]], ...]]


def _narrowed() -> dict[str, _Narrowed]:
    """key -> (gate, (theme, regex) for the themes `_BY_KEY` lists under it or under a
    shorter key it starts with: where it is the longest key a word starts with), each regex
    holding only the cues that can start with the key (same groups, same order, so the same
    match), and the gate matching where any of those cues does (a cheap test first: most
    word starts match no cue).

    A cue whose own starts hold no prefix of the key cannot match where the key starts, so
    leaving it out of the alternation changes neither which cue matches nor where it ends.
    """
    cue_starts: list[list[tuple[str, str, frozenset[str] | None]]] = []
    for t, cues in enumerate(THEME_CUES.values()):
        cue_starts.append([(f"t{t}c{c}", pattern, word_starts(pattern, _KEY_LEN))
                           for c, (pattern, _) in enumerate(cues)])
    compiled: dict[tuple[int, tuple[str, ...]], re.Pattern[str]] = {}
    table: dict[str, _Narrowed] = {}
    for key in _BY_KEY:
        prefixes = {key[:j] for j in range(1, len(key) + 1)}
        themes = sorted({t for p in prefixes & _BY_KEY.keys() for t in _BY_KEY[p]})
        entries: list[tuple[int, re.Pattern[str]]] = []
        any_cue: list[str] = []
        for theme in themes:
            kept = tuple(name for name, _, starts in cue_starts[theme]
                         if starts is None or starts & prefixes)
            any_cue += [f"(?:{pattern})" for name, pattern, _ in cue_starts[theme]
                        if name in kept]
            if len(kept) == len(cue_starts[theme]):
                entries.append((theme, _CUES[theme][0]))
                continue
            if not kept:
                continue
            if (theme, kept) not in compiled:
                parts = [f"(?P<{name}>{pattern})" for name, pattern, _ in cue_starts[theme]
                         if name in kept]
                compiled[theme, kept] = re.compile(
                    r"(?<![\w-])(?:" + "|".join(parts) + r")", re.IGNORECASE
                )
            entries.append((theme, compiled[theme, kept]))
        gate = re.compile(r"(?<![\w-])(?:" + "|".join(any_cue) + r")", re.IGNORECASE)
        table[key] = (gate, tuple(entries))
    return table


_BY_KEY_NARROWED = _narrowed()


def _trie_pattern(words: list[str]) -> str:
    """An alternation of `words` shaped as a trie: "co(?:de|nf)" rather than "code|conf",
    so that the regex engine does not try every word at every position."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node(tree)


def _trie_node(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _trie_node(child) for char, child in sorted(node.items())
                if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


# Word starts that begin with a key (a look-ahead: a key may run into the next word), found
# in " " + text as the non-word character before them: a pattern that starts with a class
# lets the engine skip over the letters; a look-behind first would be tried at every offset.
# The group holds the longest key the word starts with (the trie's optional tails are greedy).
_KEY_START = re.compile(r"[^\w-](?=(" + _trie_pattern(sorted(_BY_KEY)) + "))")
_SHORTEST_KEY = min(map(len, _BY_KEY))


def _narrowed_at(text: str, pos: int, key: str, end: int) -> _Narrowed | None:
    """The entry of the longest key the text starts with at `pos` within its sentence."""
    if pos + len(key) <= end:
        return _BY_KEY_NARROWED[key]
    for stop in range(end, pos + _SHORTEST_KEY - 1, -1):  # the key runs past the sentence
        narrowed = _BY_KEY_NARROWED.get(text[pos:stop])
        if narrowed is not None:
            return narrowed
    return None


def _is_weak(sentence: str) -> bool:
    lowered = sentence.lower()
    return any(map(lowered.__contains__, _WEAK_HINTS)) and bool(_WEAK_AFTER.search(" " + sentence))


def _names_other_programme(run: str) -> bool:
    """The run ends with a whole word of `_OTHER_PROGRAMME` (a run ends with no line break)."""
    for word in _OTHER_PROGRAMME:
        if run.endswith(word):
            before = len(run) - len(word) - 1
            if before < 0 or not (run[before].isalnum() or run[before] == "_"):
                return True
    return False


def _masked(body: str) -> str:
    pieces: list[str] = []
    kept = 0  # the body up to here is in `pieces`
    for run in _RUN.finditer(body):
        text = run.group(0)
        other = _names_other_programme(text) and not _OUR_PROGRAMME.search(text)
        if other or _MASK_WORDS.search(text):
            pieces += (body[kept : run.start()], " " * len(text))
            kept = run.end()
    pieces.append(body[kept:])
    return "".join(pieces)


def _sentence_scores(
    body: str, sentences: list[Sentence]
) -> dict[int, dict[str, set[str]]]:
    """sentence index -> theme -> the cue groups found in it."""
    found: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    masked = _masked(body)
    lowered = masked.lower()
    for index, sentence in enumerate(sentences):
        text = lowered[sentence.start : sentence.end]
        for theme in _ALWAYS:
            for match in _CUES[theme][0].finditer(text):
                _add(found[index], match)
    spans = [(i, s.start, s.end) for i, s in enumerate(sentences)]
    if len(lowered) == len(body):
        _keyed_cues(found, lowered, spans)
    else:  # lowercasing moved the offsets: read each sentence's slice on its own
        for index, start, end in spans:
            _keyed_cues(found, lowered[start:end], [(index, 0, end - start)])
    return found


def _keyed_cues(
    found: dict[int, dict[str, set[str]]], text: str, spans: list[tuple[int, int, int]]
) -> None:
    """Cues matched at the word starts of `text` that begin with a cue key.

    `spans` are (sentence index, start, end) in `text`, in order: one scan of the whole
    text finds the word starts; each is tried against its themes' cues within its own
    sentence (`endpos` ends it).
    """
    starts = [start for _, start, _ in spans]
    index, end = -1, -1
    ends: dict[int, int] = {}  # theme -> end of its last match (matches do not overlap)
    for word in _KEY_START.finditer(" " + text):
        pos = word.start()  # the separator's offset in " " + text: the word's in text
        if pos >= end:
            at = bisect_right(starts, pos) - 1
            if at < 0 or pos >= spans[at][2]:
                continue
            index, _, end = spans[at]
            ends = {}
        narrowed = _narrowed_at(text, pos, word.group(1), end)
        if narrowed is None or not narrowed[0].match(text, pos, end):
            continue
        for theme, regex in narrowed[1]:
            if ends.get(theme, 0) > pos:
                continue
            cue = regex.match(text, pos, end)
            if cue:
                ends[theme] = cue.end()
                _add(found[index], cue)


def _add(found: dict[str, set[str]], match: re.Match[str]) -> None:
    group = match.lastgroup or ""
    found[_GROUPS[group][0]].add(group)


def extract_themes(ctx: Context) -> list[ThemeFact]:
    totals: dict[str, int] = defaultdict(int)
    evidence: dict[str, tuple[int, Sentence]] = {}
    counted: set[str] = set()  # once-per-article cue groups already counted
    for index, by_theme in sorted(_sentence_scores(ctx.body, ctx.sentences).items()):
        enumeration = len(_KEY_FACTORS & by_theme.keys()) >= ENUMERATION_MIN
        weak: bool | None = None
        for slug, groups in by_theme.items():
            if enumeration and slug in _KEY_FACTORS:
                continue
            fresh = {g for g in groups if g not in counted}
            counted |= fresh & _ONCE_GROUPS
            if not fresh:
                continue
            score = sum(_GROUPS[g][1] for g in fresh) + (1 if len(fresh) >= 3 else 0)
            if weak is None:
                weak = _is_weak(ctx.sentences[index].text)
            if weak:
                score -= 1
            totals[slug] += score
            if slug not in evidence or score > evidence[slug][0]:
                evidence[slug] = (score, ctx.sentences[index])
    return [
        ThemeFact(slug, evidence[slug][1].evidence())
        for slug in THEME_CUES
        if totals[slug] >= THRESHOLD
    ]

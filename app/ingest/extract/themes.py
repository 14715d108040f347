"""Themes: the 22 taxonomy slugs, counted when the text discusses them.

Each theme has English and French cues with a weight: 3 for a term that names the topic
("corruption risk mapping", "code de conduite"), 2 for a phrase that is about it ("legal
basis", "indicators"), 1 for a word that only brushes it ("recruitment", "transparent"). A
sentence scores the weights of the distinct cues it holds (+1 when it holds three or more);
a theme is kept when its sentences add up to THRESHOLD. Before matching, job titles and
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
# slug -> ((pattern, weight), ...); patterns are matched case-insensitively.
THEME_CUES: dict[str, tuple[tuple[str, int], ...]] = {
    "leadership-commitment": (
        (r"leadership and commitment|leadership et (?:l[’'])?engagement", 2),
        (r"leadership", 1),
        (r"commitment (?:from|at) the top|tone (?:from|at) the top|lead(?:ing)? by example", 3),
        (r"(?:senior|top) management\W+(?:\w+\W+){0,3}?(?:champion|commit|lead|back|own)\w*", 2),
        (r"champion\w* (?:them|it|integrity|the reforms?)", 2),
        (r"personal(?:ly)? (?:backing|chair|lead|oversee|champion|commitment)\w*", 2),
        (r"leaders" + _APOS + r"? (?:behaviour|behavior|example|conduct)", 2),
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
        (r"asycuda|sydonia|paperless|sans papier|digitali[sz]\w+|numérisation|dématérialis\w+", 2),
        (r"electronic(?:ally)? (?:processing|channels?|submission|payments?|declarations?|"
         r"single window|clearance|filing|release)", 2),
        (r"(?:systèmes?|outils?) informatiques?|interconnexion", 2),
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
         r"|audit interne|internal audit\w*", 2),
        (r"investigat\w+|audits?\b|auditors?", 1),
        (r"allegations?|misconduct|complaints?|plaintes?|signalements?|conseil de discipline", 1),
        (r"asset declarations?|déclarations? de patrimoine|anti-corruption unit|"
         r"cellule (?:de lutte contre la corruption|anti-corruption)", 1),
    ),
    "code-of-conduct": (
        (r"codes? of (?:ethics|conduct)|code d" + _APOS + r"éthique|codes? de (?:conduite|"
         r"déontologie)|code of ethics and conduct", 3),
        (r"conflicts? of interest|conflits? d" + _APOS + r"intérêts?|gifts? and hospitality|"
         r"cadeaux", 1),
    ),
    "hr-management": (
        (r"human resources? management|gestion des ressources humaines|"
         r"personnel management|gestion du personnel", 3),
        (r"merit-based|fondée? sur le mérite", 2),
        (r"human resources?|ressources humaines|personnel decisions|career|carrière", 1),
        (r"recruit\w*|recrut\w*|recrue\w*", 1),
        (r"(?<!integrity )\bpromot(?:ion|ions|ed)\b(?! (?:of|de) (?:l[’'])?int[ée]grit)|"
         r"avancement", 1),
        (r"(?:rotation|postings?|transfer|mobility|mobilité|affectation) polic(?:y|ies)|"
         r"politique de (?:mobilité|rotation|affectation)", 2),
        (r"rotation", 1),
        (r"postings?|post(?:ing)? (?:officers|staff)|transfers?\b|mutations?|affectations?|"
         r"mobilité", 1),
        (r"appraisals?|évaluation annuelle des performances|nominations?|concours", 1),
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
        (r"private sector|secteur privé|business community|opérateurs économiques", 1),
        (r"consultation|consultative|concertation|structured dialogue|comité mixte", 1),
        (r"trade associations|chambers? of commerce|chambre de commerce|freight forwarders|"
         r"mutual trust|confiance mutuelle", 1),
    ),
    "gender-equality-diversity": (
        (r"gender equality|égalité (?:des genres|entre (?:les )?(?:femmes et (?:les )?hommes|"
         r"sexes))|égalité de genre", 3),
        (r"\bdiversity\b|\bdiversité\b|\bgender\b|\bgenre\b", 2),
        (r"\bwomen\b|\bfemmes\b|sextortion|harassment|harcèlement", 1),
    ),
    "human-rights": (
        (r"human rights|fundamental rights|droits (?:de l" + _APOS + r"homme|humains|"
         r"fondamentaux)", 3),
        (r"rights of (?:the |its |their )?(?:own )?(?:people|persons|victims|travell?ers|"
         r"traders|women|citizens|complainants|staff|employees|migrants)", 3),
    ),
    "integrity-perception-survey": (
        (r"integrity perception survey|perception survey|\bCIPS\b|enquêtes? sur la perception"
         r"|perception de l" + _APOS + r"intégrité", 3),
    ),
    "community-of-practice": (
        (r"communit\w* of practice|communautés? de pratiques?|communidad de práctica", 2),
        (r"(?:the|this|our|that) community\b(?! of)|(?:cette|notre) communauté", 1),
        (r"between peers|entre pairs|peer[- ]to[- ]peer|s" + _APOS + r"entraider|"
         r"practitioners|praticiens|share (?:their )?experiences?|partager (?:leurs |des )?"
         r"expériences|shared (?:online )?(?:workspace|folder)|espace collaboratif", 1),
    ),
    "training": (
        (r"training of trainers|formation de formateurs|train-the-trainer", 3),
        (r"integrity training|training (?:on|in|for) (?:\w+ ){0,2}integrity|ethics training|"
         r"formation (?:à|sur) (?:l[’'])?(?:éthique|intégrité)", 3),
        (r"(?:online|tutored|training|classroom|integrity) courses?|"
         r"\bcourses?\b(?! of\b)(?! d" + _APOS + r")", 1),
        (r"\btraining\b|\btrained\b|trainers?|tutors?|learners?|formateurs?|\bformations?\b", 1),
    ),
    "e-learning": (
        (r"e-learning|elearning|apprentissage en ligne|formation en ligne|"
         r"aprendizaje en línea|self-paced", 3),
        (r"online course|cours en ligne|learning platform|plateforme d" + _APOS +
         r"apprentissage|clikc", 1),
    ),
    "data-performance-measurement": (
        (r"indicators?|indicateurs?", 2),
        (r"performance (?:data|reports?|scorecards?)|scorecards?|tableaux? de bord|"
         r"données de performance", 2),
        (r"data-driven|use of data|data management|gestion des données", 2),
        (r"baselines?|starting (?:point|line)|situation de référence|measur\w+|mesur\w+|"
         r"\bdata\b|données|chiffres", 1),
        (r"(?:track|follow|monitor)\w* (?:\w+ ){0,3}?(?:results|progress|change)\b|over time|"
         r"dans le temps|au fil du temps", 1),
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
        (r"risk assessment|évaluation des risques", 1),
    ),
    "collective-action": (
        (r"collective action|action collective|acción colectiva", 3),
        (r"integrity pacts?|pactes? d" + _APOS + r"intégrité", 2),
        (r"commit\w* jointly|joint commitments?|engagements? communs?", 1),
    ),
    "sustainability": (
        (r"sustainability|pérennité|durabilité", 3),
        (r"outlast|survivre|pérenn\w+|(?:once|after|when) (?:our|its|the|external) support "
         r"ends?|end of (?:external )?support|après la fin (?:du|de l" + _APOS + r"appui)", 2),
        (r"sustain\w*|endure|ownership|appropriation|permanent place|(?:own )?budget line|"
         r"ligne budgétaire|maintain momentum|lasting|long-term|durable", 1),
    ),
    "trade-facilitation": (
        (r"trade facilitation|facilitation (?:des échanges|du commerce)|time release study", 2),
        (r"clearance times?|release times?|délais de dédouanement|single window|"
         r"guichet unique|authori[sz]ed economic operator|opérateur économique agréé|"
         r"unnecessary steps|simplif\w+ (?:procedures|formalities|formalités)", 1),
    ),
}

# Capitalised runs ("Head of the Internal Control Office", "Global Trade Facilitation
# Programme") that are masked when they hold a job-title or office word, or name a programme
# other than A-CIP.
_RUN = re.compile(
    r"(?<![\w-])[A-ZÀ-Þ][\w’'&-]*(?:(?:\s+(?:of|for|and|the|on|de|du|des|la|l[’'])|"
    r"[’']s)*\s+[A-ZÀ-Þ][\w’'&-]*)+"
)
_MASK_WORDS = re.compile(
    r"\b(?:Head|Director|Manager|Officer|Office|Unit|Chief|Adviser|Advisor|Coordinator|"
    r"Commissioner|Inspector|Focal|Division|Department|Directorate|Bureau)\b"
)
_OTHER_PROGRAMME = re.compile(r"\b(?:Programme|Program|Project|Facility)$")
_OUR_PROGRAMME = re.compile(r"A-CIP|Anti-Corruption|Integrity Promotion")


_KEY_LEN = 3  # a cue can only match where a word starts with one of its 3-letter keys


def _triggers(pattern: str) -> frozenset[str] | None:
    """3-letter word starts one of which any match of `pattern` begins with, or None."""
    return word_starts(pattern, _KEY_LEN)


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
# Word starts that begin with a key (a look-ahead: a key may run into the next word).
_KEY_START = re.compile(
    r"(?<![\w-])(?=" + "|".join(sorted(map(re.escape, _BY_KEY), key=len, reverse=True)) + ")"
)


def _masked(body: str) -> str:
    chars = list(body)
    for run in _RUN.finditer(body):
        text = run.group(0)
        other = _OTHER_PROGRAMME.search(text) and not _OUR_PROGRAMME.search(text)
        if other or _MASK_WORDS.search(text):
            chars[run.start() : run.end()] = " " * (run.end() - run.start())
    return "".join(chars)


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
    for word in _KEY_START.finditer(text):
        pos = word.start()
        if pos >= end:
            at = bisect_right(starts, pos) - 1
            if at < 0 or pos >= spans[at][2]:
                continue
            index, _, end = spans[at]
            ends = {}
        for theme in _BY_KEY.get(text[pos : min(pos + _KEY_LEN, end)], ()):
            if ends.get(theme, 0) > pos:
                continue
            cue = _CUES[theme][0].match(text, pos, end)
            if cue:
                ends[theme] = cue.end()
                _add(found[index], cue)


def _add(found: dict[str, set[str]], match: re.Match[str]) -> None:
    group = match.lastgroup or ""
    found[_GROUPS[group][0]].add(group)


def extract_themes(ctx: Context) -> list[ThemeFact]:
    totals: dict[str, int] = defaultdict(int)
    evidence: dict[str, tuple[int, Sentence]] = {}
    for index, by_theme in sorted(_sentence_scores(ctx.body, ctx.sentences).items()):
        enumeration = len(_KEY_FACTORS & by_theme.keys()) >= ENUMERATION_MIN
        for slug, groups in by_theme.items():
            if enumeration and slug in _KEY_FACTORS:
                continue
            score = sum(_GROUPS[g][1] for g in groups) + (1 if len(groups) >= 3 else 0)
            totals[slug] += score
            if slug not in evidence or score > evidence[slug][0]:
                evidence[slug] = (score, ctx.sentences[index])
    return [
        ThemeFact(slug, evidence[slug][1].evidence())
        for slug in THEME_CUES
        if totals[slug] >= THRESHOLD
    ]

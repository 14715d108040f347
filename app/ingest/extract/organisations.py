"""Customs administrations with their roles, and the partner count.

An administration is a country (alpha-3) named *as a Customs or revenue administration*:
next to an agency word ("Mali Customs", "Ghana Revenue Authority", "la Douane tunisienne",
"Direction générale des douanes du Niger"), in a list introduced by one ("the Customs
administrations of Burkina Faso, Côte d'Ivoire and Niger", "partner administrations were
represented: ..."), by an acronym defined in the text or widely known ("GRA"), or as the
subject of a partnership statement ("Liberia is one of the partner administrations"), as
an item of a bulleted or numbered list introduced by words about partners or administrations,
in a list the text calls partners ("partners A, B and C", "A and B, two other partners"), as
the delegation or officials of a country ("delegates from A and B", "celle de l'Égypte"), or
as a Ministry of Finance lending experts; also in a bare list after a participation phrase
("the three countries of the region: A, B and C", "namely"), before "are ... partners", or
beside administrations named elsewhere; by its own name or acronym from
app/vocab/customs_agencies.csv, or an acronym written beside one country ("Ukraine SCS"). A
country that is only a venue, a funder or a government is not one.

Roles come from cues in the sentences that name the administration (`_roles`, which names
the rule that decided in `AdministrationFact.rule`). The newer cue words are data, in
app/vocab/administration_cues.json: expertise phrases ("benefited from the expertise of",
"in cooperation with", "counterparts in"), facilitating subjects ("X facilitated"),
beneficiary phrases ("a workshop for X", "au bénéfice de"), observer phrases ("invited
alongside the partner administrations"), and for hosts the verbs and activity nouns of an
administration holding an activity ("X organised a workshop", "a lancé le sondage") or the
country placed as a dated activity's venue ("the mission was undertaken in X in March").
The one administration a title names is the article's subject: a partner even where its
own staff are called experts.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from app import vocab
from app.ingest.extract.context import Context
from app.ingest.extract.facts import AdministrationFact, EventFact, PartnerCountFact
from app.ingest.extract.places import PlaceMention, find_cities, find_countries
from app.ingest.extract.text import Sentence

_VOCAB = Path(__file__).resolve().parents[2] / "vocab"

# Finding strengths: the lower, the better the name it gives.
_AGENCY, _LIST, _ACRONYM, _BARE = 0, 1, 2, 3

# --- Role cue lexicons (app/vocab/administration_cues.json) ---------------------------


def _cue_lists() -> dict[str, dict[str, list[str]]]:
    data: dict[str, dict[str, list[str]]] = vocab.load("administration_cues.json")
    return {k: v for k, v in data.items() if not k.startswith("_")}


_CUES = _cue_lists()


def _phrases(kind: str, *parts: str) -> str:
    """One alternation of a lexicon's phrases (longest first); a space matches any
    whitespace, an apostrophe either form, "{gap}" up to 40 characters of the sentence."""
    entry = _CUES[kind]
    words = {w for part in (parts or tuple(k for k in entry if not k.startswith("_")))
             for w in entry[part]}
    alternatives = []
    for phrase in sorted(words, key=len, reverse=True):
        body = re.escape(phrase.replace("’", "'"))
        body = body.replace(r"\{gap\}", r"[^.;]{0,40}?").replace("'", "['’]")
        alternatives.append(re.sub(r"(?:\\ |\ )+", r"\\s+", body))
    return "(?:" + "|".join(alternatives) + ")"


# "the three countries of the region: A, B and C", "namely: A, B", "à savoir A, B"
_LIST_INTRO_END = re.compile(rf"(?:^|\W){_phrases('list_intro')}\s*(?:the\s+|le\s+|la\s+|l['’])?$",
                             re.IGNORECASE)
# "A, B and C are the Programme's first partner administrations"
_LIST_PARTNER_AFTER = re.compile(
    rf"\s+{_phrases('list_partner_after')}\s+"
    r"(?:(?!(?:alongside|with|besides|than|not|invited|joined|avec|côtés|comme|pas)\b)"
    r"[\w’'-]+\s+){0,5}?"
    r"(?:partners?|partenaires?)\b",
    re.IGNORECASE,
)
_EXPERT_PHRASE_BEFORE = re.compile(
    rf"\b{_phrases('expert_before')}\s+(?:the\s+|la\s+|le\s+|les\s+|l['’])?"
    r"(?:[A-Z][\w-]*\s+){0,2}$",
    re.IGNORECASE,
)
def _hints(kind: str, *parts: str) -> tuple[str, ...]:
    """The lowercased longest word of each of a lexicon's phrases: one is in every match,
    a cheap gate before the pattern (all of them when lowercasing may disagree with
    re.IGNORECASE is handled by the callers' `_CASE_TWINS` test)."""
    entry = _CUES[kind]
    words = set()
    for part in parts or tuple(k for k in entry if not k.startswith("_")):
        for phrase in entry[part]:
            tokens = re.split(r"[\s'’{}]+", phrase.lower().replace("{gap}", " "))
            words.add(max(tokens, key=len))
    return tuple(sorted(words))


def _gate(text: str, hints: tuple[str, ...]) -> bool:
    """Might `text` hold a match of the lexicon whose `_hints` these are?"""
    if any(twin in text for twin in _CASE_TWINS):
        return True
    lowered = text.lower()
    return any(hint in lowered for hint in hints)


_EXPERT_PHRASE_HINTS = _hints("expert_before")
_BENEFICIARY_HINTS = _hints("beneficiary_before") + _hints("activity_for", "nouns")
_HOLD_HINTS = _hints("hold_verbs") + _hints("gathering_verbs")
_VENUE_VERB_HINTS = _hints("venue_verbs")
_OBSERVER_HINTS = _hints("observer")
_EXPERT_SUBJECT_VERB = re.compile(
    r"\)?\s*(?:\([^()]{1,60}\)\s*)?,?\s*(?:[^.;,]{0,30}?\s)?"
    rf"{_phrases('expert_subject_verbs')}\b(?!\s+by\b|\s+par\b)",
    re.IGNORECASE,
)
# "the resource person, Jane Doe, Special Agent, <agency>": a name and a title in apposition
_NAME_APPOSITION = re.compile(
    r"\s*(?:was|were|is|are|:)?\s*,?\s*(?:[A-Z][\w.'’-]*\s+){1,4}?[A-Z][\w.'’-]*\s*,"
    r"(?:\s*[^,.;]{1,60},)?\s*(?:the\s+)?"
)
_EXPERT_NOUN_STOP = re.compile(rf"\b{_phrases('expert_noun_stop')}\b", re.IGNORECASE)
_EXPERT_NOUN_LINK = re.compile(
    r"(?:from|of|at|in|with|within|du|de|des|d['’]|de\s+la|de\s+l['’]|au\s+sein\s+d\S+|chez)"
    r"\s*(?:the\s+|la\s+|le\s+|les\s+|l['’])?\s*$",
    re.IGNORECASE,
)
_BENEFICIARY_BEFORE = re.compile(
    rf"(?:\b{_phrases('beneficiary_before')}"
    rf"|\b{_phrases('activity_for', 'nouns')}s?\s+(?:[\w'’-]+\s+){{0,4}}?"
    rf"{_phrases('activity_for', 'prepositions')})"
    r"\s*(?:the\s+|la\s+|le\s+|les\s+|l['’])?(?:[A-Z][\w-]*\s+){0,3}$",
    re.IGNORECASE,
)
_OBSERVER_PHRASE = re.compile(rf"\b{_phrases('observer')}", re.IGNORECASE)
_HOLD = re.compile(
    rf"\b(?:{_phrases('hold_verbs')}\s+(?:[^.;]{{0,60}}?\s)??"
    rf"(?:{_phrases('activity_nouns')})s?\b|{_phrases('gathering_verbs')}\b)",
    re.IGNORECASE,
)
_SELECTED_COUNT_WORDS = _phrases("selected_count")
# "Mali Customs, with the support of WCO experts, organised a workshop": the subject holds it
_HOLD_AFTER = re.compile(rf"[^.;]{{0,160}}?{_HOLD.pattern}", re.IGNORECASE)
_YEAR_ONLY_AFTER = re.compile(
    r"\s*,?\s*(?:in|en|early|late|début|fin|during|since|depuis)\s+(?:\d{4})\b")
# "..., it organised a workshop on 3 May": the pronoun stands for the sentence before's subject
_PRONOUN_HOLD = re.compile(
    rf"(?:^|[,;]\s*)(?-i:{_phrases('holding_pronouns')})\s+(?:\w+\s+)?{_HOLD.pattern}",
    re.IGNORECASE,
)
# "the first mission was undertaken in X", "l'atelier s'est tenu au X"
_VENUE_VERB_BEFORE = re.compile(
    rf"\b{_phrases('venue_verbs')}\s+(?:[\w'’,-]+\s+){{0,4}}?(?:in|à|au|en)\s+(?:the\s+)?$",
    re.IGNORECASE,
)

# --- Agency vocabulary -----------------------------------------------------------------

_AGENCY_HEAD = (
    r"(?:Customs|Revenue\s+Auth\w*|Revenue\s+(?:Service|Administration|Agency|Commission)"
    r"|Revenue\s+(?:and|&)\s+Customs|Federal\s+Revenue"
    r"|Tax\s+(?:Authority|Administration|Agency)|Board\s+of\s+Revenue|Receita\s+Federal"
    r"|Office\s+of\s+Revenue|Revenue\s+Office|Office\s+\w+\s+des\s+Recettes"
    r"|Border\s+(?:Services\s+Agency|Protection|Force)|Directorate\s+General\s+of\s+Customs"
    r"|Department\s+of\s+Customs|Ministry\s+of\s+(?:Customs|Revenue)|Aduanas?|Douanes?|Alfândegas?)"
)
_AGENCY_TAIL = (
    r"(?:\s+(?:and\s+Excise|and\s+Border\s+Protection|Commission|Department|Agency|Services?"
    r"|Administration|Authority|Division|Directorate|Office))*"
)
# "Ghana Revenue Authority", "Nepal's Department of Customs", "Brazilian Federal Revenue Service"
# "Guatemala's Superintendence of Tax Administration", "Brazil's Special Secretariat of the
# Federal Revenue": capitalised words joined by "of (the)" before the agency head.
_AFTER_NAME = re.compile(
    rf"(?:['’]s)?(?:\s+\([A-Z]{{2,8}}\))?"
    rf"\s+(?:[A-Z][\w-]*\s+(?:(?:of|and|&)\s+(?:the\s+)?)?){{0,3}}?{_AGENCY_HEAD}{_AGENCY_TAIL}"
)
# "la Douane tunisienne", "les Douanes ivoiriennes", "l'administration douanière nigérienne"
_BEFORE_DEMONYM = re.compile(
    r"(?:[Dd]ouanes?|[Aa]dministrations?\s+douanières?|[Aa]dministrations?\s+des\s+douanes)\s+$"
)
_KEYWORD = (
    r"(?:[Cc]ustoms|[Dd]ouanes?|douanières?|Revenue|Tax(?:ation)?|Excise|Receita|Aduanas?"
    r"|Alfândegas?|Tributária)"
)
_FILLER = (
    r"(?:[A-Z][\w-]*|and|&|et|of|the|des|droits|impôts|indirects|générale?|officials?|officers?"
    r"|managers?|staff|delegates?|delegations?|experts?|coordinators?|teams?|representatives?|accises"
    r"|participants?|auditors?|inspectors?|specialists?|investigators?|cadres|agents|"
    r"administrations?|business|senior|integrity|national|focal|points?|douanières?|douanes)"
)
_OF = r"(?:of|from|du|de\s+la|de\s+l['’]|des|de|d['’]|del|do|da|dos|das)"
# "Department of Customs of", "National Revenue Authority (NRA) of", "Customs officials from",
# "Direction générale des douanes et droits indirects du", "Aduanas", a translated name before
# the acronym ("Directorate General of Customs (Dirección General de Aduanas, DGA) of"), or a
# title-case agency name right before the country ("the Revenue Services Lesotho")
_BEFORE_NAME = re.compile(
    rf"(?P<agency>{_KEYWORD}(?:\s+{_FILLER})*?)"
    rf"(?:\s*\((?:[^()]{{1,80}}?,\s*)?(?P<acronym>[A-Z][A-Za-z]{{1,6}})\))?"
    rf"(?:\s+{_OF}\s*(?:the\s+)?|\s+)$"
)
_AGENCY_NAME_START = re.compile(
    r"(?:(?:[A-Z][\w-]*|of|the|générale|des|de\s+la|de)\s+)*$"
)
_INNER_ACRONYM = re.compile(r"\((?:[^()]{1,80}?,\s*)?(?P<acronym>[A-Z][A-Za-z]{1,6})\)")
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z]{1,6})\)")
_NOT_FUNDING = (
    "".join(rf"(?<![{w[0]}{w[0].upper()}]{w[1:]} )" for w in (
        "funding", "international", "development", "financial", "business", "trading",
        "technical", "social", "donor"))
)
_PARTNER_WORD = (
    rf"\b(?=[pP]artner|partenaire|administrations|pays){_NOT_FUNDING}(?:partner\s+(?:administrations?|countries|Customs(?:\s+administrations)?)"
    r"|partners|(?:administrations|pays)\s+partenaires|partenaires)\b"
)
_PARTNER_LIST = re.compile(r"\bpartner\s+administrations?\b[^.:;]{0,80}:\s*$")
# "partners Kenya, Uganda and ...", "partner administrations, namely ...", "partenaires : ..."
_PARTNER_RIGHT_BEFORE = re.compile(
    rf"{_PARTNER_WORD}\s*(?:[,:(–—-]\s*)?"
    r"(?:(?:namely|including|such\s+as|like|notamment|à\s+savoir|comme|from|of|de|du|des|d['’]"
    r"|de\s+la|de\s+l['’])\s*)?(?:the\s+)?$"
)
# "..., Uganda and Rwanda, three partners of the Programme"; "..., deux autres partenaires"
_PARTNER_APPOSITION = re.compile(
    r"\s*,\s*(?:(?!(?:where|which|who|whose|when|with|without|not|non|no|while|but|où|dont|quand"
    r"|avec|sans|pas|mais|and|et|in|at|à|en)\b)[\w’'-]+\s+){0,3}(?:partners?|partenaires?)\b"
)
_PEOPLE_FROM = re.compile(
    r"\b(?:[Dd]elegates|[Dd]elegations?|[Pp]articipants|[Rr]epresentatives|[Oo]fficials"
    r"|[Cc]oordinators|[Oo]fficers|[Dd]élégations?|[Dd]élégués|[Rr]eprésentants|[Cc]adres)"
    r"\s+(?:(?:came|come|travelled|attended)\s+)?(?:from|of|du|de\s+la|de\s+l['’]|des|de|d['’])"
    r"\s*(?:the\s+)?(?:[A-Z][\w-]+\s+){0,2}?(?:[A-Z][\w-]+\s+(?:and|et)\s+)?$"
)
# "celle de l'Égypte" (the delegation / administration of), in a sentence about delegations
_PRONOUN_OF = re.compile(r"\bcel(?:le|les|ui|ux)\s+(?:du|de\s+la|de\s+l['’]|des|de|d['’])\s*$")
_DELEGATION_WORD = re.compile(r"\b(?:délégations?|delegations?|administrations?|douanes?)\b",
                              re.IGNORECASE)
# "la délégation tchadienne", "the Kenyan delegation"
_DELEGATION_BEFORE_DEMONYM = re.compile(r"\b[Dd]élégations?\s+$")
_DELEGATION_AFTER_DEMONYM = re.compile(r"\s+(?:[Cc]ustoms\s+)?(?:delegations?|delegates)\b")
# "Customs in Zambia", "Customs officials in Kenya"
_CUSTOMS_IN = re.compile(
    r"\b(?:[Cc]ustoms|[Dd]ouanes?)(?:\s+(?:administrations?|officials|officers|staff|services?))?"
    r"\s+(?:in|au|en)\s+(?:the\s+)?$"
)
# A ministry that is the parent of Customs: counts only when it lends experts.
_MINISTRY_AFTER = re.compile(
    r"(?:['’]s)?\s+Ministry\s+of\s+(?:(?:Economy|Planning|Economic\s+Affairs)\s+and\s+)?Finance\b"
)
_MINISTRY_BEFORE = re.compile(
    r"(?:Ministry\s+of\s+(?:(?:Economy|Planning)\s+and\s+)?Finance(?:\s+and\s+[A-Z]\w+)?"
    r"|[Mm]inistère\s+(?:de\s+l['’][ÉE]conomie\s+et\s+)?des\s+Finances)"
    r"\s+(?:of|du|de\s+la|de\s+l['’]|de|d['’])\s*(?:the\s+)?$"
)
# A bulleted or numbered line holding a bare country name.
_BULLET = re.compile(r"^[ \t]*(?:[-•*·▪–]|\d{1,2}[.)])[ \t]+(?:the\s+|la\s+|le\s+|l['’]|les\s+)?",
                     re.MULTILINE)
_BULLET_ITEM_END = re.compile(r"[ \t]*(?:[,;.:]|\(|[–—-]\s|$)", re.MULTILINE)
_LIST_INTRO = re.compile(
    r"\b(?:partners?|partenaires?|administrations?|[Cc]ustoms|[Dd]ouanes?|newcomers?|joined"
    r"|rejoint|members?|membres?|delegations?|délégations?|represented|représentée?s|participants"
    r"|countries|pays)\b",
    re.IGNORECASE,
)
_VENUE_INTRO = re.compile(r"\b(?:in|à|en|au|aux|held|took\s+place|visited)\s*:?\s*$")
_NEW_PARTNERS = re.compile(
    r"\b(?:newcomers?|joined|rejoint|nouveaux\s+partenaires|new\s+partners?)\b"
)
_LIST_SEP = re.compile(
    r"\s*(?:,\s*(?:(?:and|et)\s+)?|\s+(?:and|et|&)\s+)"
    r"(?:(?:[Tt]he|de\s+la|de\s+l['’]|des|du|de|d['’]|la|le|les|l['’])\s*)?"
)
_VENUE_BEFORE = re.compile(
    r"(?:\b(?:in|at|to|à|au|aux|en)\s+(?:the\s+)?|[A-Z][\w’'-]+,\s+(?:(?:au|en|aux)\s+)?)$"
)

# --- Partnership statements about a bare country name ---------------------------------

_NEGATION = r"(?!not\b|no\b|never\b|ne\b|n['’])"
_BARE_AFTER = re.compile(
    rf"\s+(?:(?:has|had)\s+been|is|was|became|has\s+become)\s+(?:{_NEGATION}[\w’'-]+\s+){{0,4}}?"
    r"partners?\b"
    r"|\s+(?:has\s+)?joined\s+the\s+(?:WCO\s+)?(?:A-CIP\s+)?Programme\b(?!['’]s)"
    r"|\s+(?:a\s+rejoint|rejoint|est\s+devenue?\s+(?:officiellement\s+)?partenaire|est\s+partenaire)"
)
_BARE_BEFORE = re.compile(
    r"(?:\bwhich\s+|\bdont\s+(?:le\s+|la\s+|l['’])?)$"
    r"|[Pp]artenaire\s+du\s+Programme[^,.;]{0,40},\s+(?:la\s+|le\s+|l['’])?$"
    r"|[Pp]artners?\s+(?:of|in)\s+the\s+[^,.;]{0,80}since\s+\d{4},\s+(?:the\s+)?$"
)
_BARE_WHICH_AFTER = re.compile(r"\s+(?:has\s+)?joined\b|\s+est\s+partenaire|\s+a\s+rejoint")

# --- Role cues -------------------------------------------------------------------------

_WCO_EXPERTS = re.compile(
    r"\b(?:WCO|OMD|A-CIP|Programme)\s+(?:experts?|expertes?|team)\b"
    r"|\bexpert(?:e)?s?\s+(?:of|from|du|de)\s+(?:the\s+|l['’])?(?:WCO|OMD|A-CIP|Programme)\b"
    r"|\bsupport\s+of\s+(?:the\s+)?(?:WCO|A-CIP)\b[\w\s-]*?experts?"
)
# Lowercase words one of which every `_EXPERT_BEFORE` match holds.
_EXPERT_BEFORE_HINTS = (
    "resource", "ressource", "peer", "expert", "specialist", "auditor", "investigator", "mentor",
    "instructor", "trainer", "facilitator", "format", "animat", "with", "supported", "by", "par",
    "appui", "avec",
)


def _may_hold_expert_cue(text: str) -> bool:
    """False only when `text` holds no `_EXPERT_BEFORE` match (lowercasing agrees with
    re.IGNORECASE unless "ſ", "ı", "İ" or the Kelvin sign is there: then True)."""
    if any(twin in text for twin in _CASE_TWINS):
        return True
    lowered = text.lower()
    return any(hint in lowered for hint in _EXPERT_BEFORE_HINTS)


_EXPERT_NOUN_WORD = re.compile(
    r"(?:resource\s+persons?|personnes?[-\s]ressources?|peer[-\s](?:experts?|mentors?)|peers?"
    r"|experts?|expertes?|specialists?|auditors?|investigators?|mentors?|instructors?|trainers?"
    r"|facilitators?|formateurs?|formatrices?|animateurs?|animatrices?)",
    re.IGNORECASE,
)
_WCO_NAMES = ("WCO", "OMD", "A-CIP", "Programme")  # one is in every _WCO_EXPERTS match
_EXPERT_BEFORE = re.compile(
    r"\b(?:resource\s+persons?|personnes?[-\s]ressources?|peer[-\s](?:experts?|mentors?|to[-\s]peer)"
    r"|peers?|experts?|expertes?|specialists?|auditors?|investigators?|mentors?|instructors?"
    r"|trainers?|facilitators?|formateurs?|formatrices?|animateurs?|animatrices?"
    r"|with\s+(?:the\s+)?(?:support|help|assistance|expertise|input)\s+(?:of|from)"
    r"|supported\s+by|facilitated\s+by"
    r"|(?:lent|seconded|provided|delivered|given|dispensée?s?|animée?s?|prêtée?s?)\s+by"
    r"|(?:dispensée?s?|animée?s?|prêtée?s?|mise?s?\s+à\s+disposition)\s+par"
    r"|accompagnée?s?\s+par|appui\s+(?:d['’]un|de)|avec\s+l['’](?:appui|aide|expertise))\b",
    re.IGNORECASE,
)
_EXPERT_AFTER = re.compile(
    r"^[^.;]{0,40}?\b(?P<cue>(?:which|who|qui)\s+(?:lent|lends|provided|shared|a\s+prêté))\b"
    r"|^[^.;]{0,40}?\b(?P<cue2>venue?s?\s+partager)"
    r"|^[^.;]{0,40}?\b(?P<cue3>(?:provided|provides|lent|lends|sent|seconded|deployed|fielded"
    r"|made\s+available|a\s+(?:fourni|dépêché|envoyé|prêté|mis\s+à\s+disposition))"
    r"\s+(?:[\w-]+\s+){0,3}?(?:experts?|expertes?|trainers?|instructors?|facilitators?|mentors?"
    r"|specialists?|resource\s+persons?|formateurs?|formatrices?))\b"
    r"|^[^.;]{0,160}?(?P<cue4>\b(?:en\s+tant\s+qu(?:e\s+|['’])(?:d['’])?|en\s+qualité\s+d(?:e\s+|['’])|as\s+(?:an?\s+)?"
    r"|acting\s+as\s+(?:an?\s+)?)(?:pairs?|peers?|peer\s+mentors?|experte?s?|mentors?"
    r"|resource\s+persons?|personnes?[-\s]ressources?|format(?:eur|rice)s?|trainers?|instructors?))\b"
    r"|^\s+(?P<cue5>peers?|pairs|mentors?|experts?|expertes?|trainers?|formateurs?)\b"
    r"|^[^.;]{0,60}?\b(?P<cue6>(?:presented|shared|demonstrated|showcased|explained|a\s+présenté"
    r"|a\s+partagé|a\s+exposé)\s+(?:its|their|his|her|son|sa|ses|leurs?)\s+(?:own\s+)?"
    r"(?:[\w-]+\s+){0,3}?(?:experience|expertise|know-how|system|approach|model|practices?|tools?"
    r"|lessons|methods?|expérience|savoir-faire|système|approche|modèle|pratiques?|outils?"
    r"|méthodes?)\b[^.;]{0,60}?\b(?:to|with|avec|à|aux)\s+(?!(?:the\s+)?(?:WCO|OMD|Secretariat"
    r"|Programme|board|its|their|l['’]OMD|son|sa|ses)\b))"
    r"|^[^.;]{0,60}?\b(?P<cue7>(?:shared|a\s+partagé|lent|a\s+prêté)\s+(?:its|their|son|sa|ses"
    r"|leurs?)\s+(?:own\s+)?(?:expertise|know-how|savoir-faire))\b"
    r"|^[^.;]{0,40}?\b(?P<cue8>(?:whose\s+administration|which|who|qui|dont\s+l['’]administration)"
    r"\s+(?:has\s+|have\s+|had\s+|a\s+)?(?:long\s+|already\s+|regularly\s+|often\s+|déjà\s+"
    r"|souvent\s+)?(?:supported|assisted|helped|mentored|coached|accompagné|soutenu|appuyé)\s+"
    r"(?:its|their|other|several|many|neighbouring|fellow|peer|ses|leurs|d['’]autres|plusieurs)"
    r")\b"
)
# An official presenting their own country's way to another administration: "presented the
# experience of Senegal", "the approach followed in Tunisia", "a présenté la réforme menée en
# Côte d'Ivoire", "shared Kenya's experience". The country named is the expert.
_SHOWCASE_BEFORE = re.compile(
    r"\b(?:presented|shared|described|explained|outlined|showcased|set\s+out"
    r"|a\s+(?:présenté|partagé|exposé|décrit|expliqué)|ont\s+(?:présenté|partagé|exposé))\s+"
    r"(?:the\s+|l['’]|la\s+|le\s+|les\s+)(?:[\w-]+\s+){0,2}?"
    r"(?:experiences?|approach|reforms?|model|practices?|journey|path|expériences?|démarche"
    r"|approche|réformes?|modèle|pratiques?|parcours)"
    r"(?:\s+(?:followed|taken|carried\s+out|implemented|adopted|undertaken|conducted|led"
    r"|introduced|suivie?s?|menée?s?|conduite?s?|engagée?s?|adoptée?s?|réalisée?s?"
    r"|mise?s?\s+en\s+(?:œuvre|oeuvre|place)))?"
    r"\s+(?:of|in|by|du|de\s+la|de\s+l['’]|des|de|d['’]|en|au|aux|à|par)\s*(?:the\s+)?$"
)
_SHOWCASE_VERB = re.compile(
    r"\b(?:presented|shared|described|explained|outlined|showcased|a\s+(?:présenté|partagé"
    r"|exposé))\s+$"
)
_SHOWCASE_POSSESSIVE = re.compile(
    r"['’]s\s+(?:[\w-]+\s+){0,2}?(?:experiences?|approach|reforms?|model|practices?|journey)\b"
)
# "The team was made up of a WCO expert and Ms N, Head of ... at <agency>": the agency named
# after an expert team's make-up lends its official.
_TEAM_OF_EXPERTS = re.compile(
    r"\b(?:team|mission|équipe|delegation|délégation)\b[^.;]{0,40}?\b(?:made\s+up|composed"
    r"|comprised|consist\w*|constitu\w*|compos\w*)\s+(?:of|de|d['’])[^.;]{0,40}?\bexperte?s?\b"
    r"(?![^.;]*\b(?:made\s+up|composed|comprised|consist\w*|constitu\w*|compos\w*)\s)"
)
# "a study visit to the Kenya Revenue Authority": the administration visited to learn from it.
_STUDY_VISIT_TO = re.compile(
    r"\b(?:study|learning|benchmarking|exchange)\s+(?:visits?|tours?|trips?|missions?)\s+"
    r"(?:(?:to|at|with)\s+(?:the\s+)?|in\s+(?=[A-Z]))"
    r"|\bvisites?\s+d['’](?:étude|échange|apprentissage|immersion)\s+"
    r"(?:auprès\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’])|à\s+la|à\s+l['’]|au|aux|à|en|chez)\s*"
)

_PARTNER_CUE = re.compile(
    rf"\b(?=partner){_NOT_FUNDING}"
    r"partners?\b(?!\s+(?:of\s+the\s+)?(?:Norad|Canada|Sida|donors?|WCO|World\s+Customs))"
    r"|\bpartenaires?\b(?!\s+(?:techniques|financiers|de\s+l['’]OMD))"
    r"|\bjoined\s+the\s+(?:WCO\s+)?(?:A-CIP\s+)?Programme\b(?!['’]s)"
    r"|\bwhich\s+[^,.;]{2,40}?\s+joined\b|\brejoint\b|\badhésion\b"
)
_OBSERVER_CUE = re.compile(
    r"\bobserv(?:er|ers|ateur|ateurs|atrice|atrices)\b|\bnot\s+part\s+of"
    # "not an A-CIP partner", "not a Programme partner", "not yet one of the Programme's partners"
    r"|\bnot\s+(?:yet\s+|currently\s+|itself\s+)?(?:an?\s+|one\s+of\s+(?:the\s+)?)?"
    r"(?:(?!only\b|just\b|merely\b|simply\b)[\w’'-]+\s+){0,3}?"
    r"(?:partners?|beneficiar(?:y|ies)|members?)\b"
    r"|\b(?:does|do|did|is|are|was|were|has|have)\s+not\s+(?:yet\s+)?(?:take\s+part|taken\s+part"
    r"|participate|belong|join|joined|been\s+a\s+partner|a\s+(?:partner|member|beneficiary))"
    r"|\b(?:doesn['’]t|don['’]t|isn['’]t|aren['’]t|hasn['’]t)\s+(?:yet\s+)?(?:take\s+part"
    r"|participate|belong|join|a\s+partner)|\boutside\s+the\s+(?:A-CIP\s+)?Programme\b"
    r"|\bne\s+(?:fait|font)\s+pas\s+(?:encore\s+)?partie\b"
    r"|\bn['’](?:est|sont)\s+pas\s+(?:encore\s+)?(?:(?:un|une|des)\s+)?(?:[\w’'-]+\s+){0,2}?"
    r"(?:partenaires?|membres?|bénéficiaires?)"
    r"|\bne\s+participen?t?\s+pas\b|\bnon[-\s]partner|\bnon\s+partenaire"
)
# A conference panel, not an interview or selection panel.
_PANEL_CUE = re.compile(
    r"(?<!interview )(?<!selection )(?<!recruitment )(?<!disciplinary )(?<!review )"
    r"\bpanel\b(?!\s+(?:of\s+)?(?:judges|members\s+reviewed))|\bpanell?ists?\b|\btable\s+ronde\b",
    re.IGNORECASE,
)
_HOSTED_CUE = re.compile(
    r"\b(?:co-)?host(?:ed|s|ing)?\b|\ba\s+accueilli\b|\baccueillie?s?\s+par\b|\baccueille\b"
    r"|\binvitation\b"
)
# Case-sensitive words one of which every match of `_HOSTED_CUE` / `_STUDY_VISIT_TO` holds.
_HOSTED_HINTS = ("host", "accueil", "invitation")
_STUDY_VISIT_HINTS = ("visit", "tour", "trip", "mission")
# The agent named right after: "hosted by the KRA", "accueilli par la Douane ..."
_HOSTED_BY = re.compile(
    r"\b(?:(?:co-)?hosted\s+by|accueillie?s?\s+par|at\s+the\s+invitation\s+of"
    r"|à\s+l['’]invitation\s+d(?:e|u|es))\s+(?:the\s+|la\s+|le\s+|l['’]|les\s+)?"
)
# The subject named before: "Mali Customs hosted a workshop", "La Douane ... a accueilli"
_HOST_VERB = re.compile(r"\b(?:hosted|hosts|is\s+hosting|a\s+accueilli|accueille)\b(?!\s+by\b)")
_ONLINE_CUE = re.compile(
    r"\b(?:online|virtual|virtually|video\s*conference|videoconference|webinar|visioconférence"
    r"|en\s+ligne|virtuel(?:le)?|remotely|à\s+distance)\b",
    re.IGNORECASE,
)
_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|is\s+planned|are\s+planned|is\s+expected|sera|seront|prévue?s?|aura\s+lieu"
    r"|reviendront)\b"
)
_MONTH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre"
    r"|décembre)\b"
)
_VENUE_PREPOSITION = re.compile(r"\b(?:in|at|to|à|au)\s+(?:the\s+)?$")

# --- Partner count ---------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40,
}
_UNITS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine"
    r"|un|deux|trois|quatre|cinq|six|sept|huit|neuf)"
)
_NUMBER = (
    r"(?:\d{1,3}|(?:twenty|thirty|forty)(?:[-\s]" + _UNITS + r")?"
    r"|(?:vingt|trente|quarante)(?:[-\s](?:et[-\s])?(?:" + _UNITS + r"|onze))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten"
    r"|onze|douze|treize|quatorze|quinze|seize|dix(?:-sept|-huit|-neuf)?|" + _UNITS + r")"
)
_APPROXIMATE = re.compile(
    r"(?:more\s+than|over|some|about|around|nearly|almost|up\s+to|at\s+least|plus\s+de"
    r"|près\s+de|environ|une\s+(?:vingtaine|trentaine))\s+$",
    re.IGNORECASE,
)
_PARTNERS = (
    r"(?:partner\s+administrations?|partner\s+countries|partners|administrations\s+partenaires"
    r"|pays\s+partenaires|partenaires)"
)
_ADJ = (
    r"(?:(?:active|current|new|additional|participating|(?-i:[A-Z][\w-]*)|nouvelles?|actuelles?)"
    r"\s+){0,3}"
)
_TOTAL_COUNTS = (
    re.compile(
        rf"\bnumber\s+of\s+{_PARTNERS}\b[^.;]{{0,60}}?\b(?:to|rises\s+to|reaches|is\s+now)\s+"
        rf"(?P<n>{_NUMBER})\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:bringing|brings|raising)\s+the\s+(?:total|number)\s+to\s+(?P<n>{_NUMBER})\b",
               re.IGNORECASE),
    re.compile(rf"\bport(?:e|ant|ent)\s+à\s+(?P<n>{_NUMBER})\s+le\s+nombre\s+d['’]{_PARTNERS}",
               re.IGNORECASE),
    re.compile(rf"\b(?P<n>{_NUMBER})\s+(?:active|current)\s+{_PARTNERS}\b", re.IGNORECASE),
    re.compile(rf"\b(?P<n>{_NUMBER})\s+{_PARTNERS}\s+(?:currently|now|that\s+currently)\b",
               re.IGNORECASE),
    re.compile(rf"\ball\s+(?:the\s+)?(?P<n>{_NUMBER})\s+{_ADJ}{_PARTNERS}\b", re.IGNORECASE),
    re.compile(rf"\b(?:works|working|activities)\s+with\s+(?P<n>{_NUMBER})\s+{_PARTNERS}\b",
               re.IGNORECASE),
    # "one of the eleven administrations selected for the Programme"
    re.compile(rf"\b(?:of\s+the|des)\s+(?P<n>{_NUMBER})\s+(?:Customs\s+)?administrations\s+"
               rf"(?:douanières\s+)?{_SELECTED_COUNT_WORDS}\b", re.IGNORECASE),
)
# Per `_TOTAL_COUNTS` pattern, words one of which each of its matches holds (lowercase).
_TOTAL_HINTS = (("number",), ("total", "number"), ("nombre",), ("active", "current"),
                ("currently", "now"), ("all",), ("with",), ("administrations",))
_CASE_TWINS = ("ſ", "ı", "İ", "\u212a")
_ANY_COUNT = re.compile(rf"\b(?P<n>{_NUMBER})\s+{_ADJ}{_PARTNERS}\b", re.IGNORECASE)
# "the speakers from two A-CIP partner administrations": the people taking part come from them
_PEOPLE_FROM_COUNT = re.compile(
    r"\b(?:speakers|participants|delegates|delegations|officials|representatives|officers"
    r"|experts|panell?ists|teams|intervenants|délégués|délégations|représentants|cadres)\s+"
    r"(?:(?:came|come|drawn)\s+)?(?:from|of|des|de)\s+(?:the\s+)?"
    rf"(?P<n>{_NUMBER})\s+{_ADJ}(?:partner\s+administrations|administrations\s+partenaires)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Finding:
    alpha3: str
    start: int
    end: int
    name: str
    strength: int
    partner_context: bool = False  # listed where the text calls them partners
    ministry: bool = False  # a Ministry of Finance, kept only as an expert


def extract_administrations(
    ctx: Context, events: list[EventFact]
) -> tuple[list[AdministrationFact], PartnerCountFact | None]:
    """Administrations (one per country, in order of first finding) and the partner count."""
    document = _Document(ctx)
    findings = sorted(document.findings(), key=lambda f: (f.start, f.strength))
    document.finding_spans = [(f.start, f.end, f.alpha3) for f in findings]
    document.countries_found = {f.alpha3 for f in findings}
    by_country: dict[str, list[_Finding]] = {}
    for finding in findings:
        by_country.setdefault(finding.alpha3, []).append(finding)
    strong, weak = document.hosts(findings, events)
    document.focus = _focus(ctx.title, by_country)
    administrations = []
    for alpha3, items in by_country.items():
        roles, rule = _roles(document, items, alpha3 in strong, alpha3 in weak)
        if all(f.ministry for f in items) and roles != ["expert"]:
            continue  # a Ministry of Finance counts only when it lends experts
        administrations.append(_fact(document, alpha3, items, roles, rule))
    return administrations, _partner_count(ctx)


# "Ugandan expert supports X", "Ghana Revenue Authority mentors X", "un expert marocain"
_TITLE_EXPERT_AFTER = re.compile(
    r"(?:['’]s)?(?:\s+(?-i:[A-Z][\w'’-]*)|\s+(?:of|the|and|des|de|du|la|le))*?\s+"
    rf"(?:{_phrases('title_expert')})\b",
    re.IGNORECASE,
)
_TITLE_EXPERT_BEFORE = re.compile(
    rf"\b{_phrases('title_expert', 'nouns')}\s+(?:from\s+|of\s+|de\s+|du\s+|d['’])?"
    r"(?:the\s+|la\s+|le\s+|l['’])?$",
    re.IGNORECASE,
)


def _focus(title: str | None, by_country: dict[str, list[_Finding]]) -> set[str]:
    """The administration an article is about: the only one its title names, unless the
    title makes it the expert. Articles report what the Programme does with its partners,
    so their subject is a beneficiary even where its own staff are called experts
    ("training experts from X")."""
    if not title:
        return set()
    mentions = find_countries(title)
    if len({m.alpha3 for m in mentions}) != 1:
        return set()  # a title naming two countries sets them side by side
    if any(_TITLE_EXPERT_AFTER.match(title, m.end)
           or _TITLE_EXPERT_BEFORE.search(title, 0, m.start) for m in mentions):
        return set()
    return {mentions[0].alpha3} & set(by_country)


def _fact(
    document: _Document, alpha3: str, findings: list[_Finding], roles: list[str], rule: str
) -> AdministrationFact:
    best = min(findings, key=lambda f: (f.strength, f.start))
    sentence = document.sentence_at(best.start)
    return AdministrationFact(
        country=alpha3,
        roles=roles,
        name=best.name,
        evidence=sentence.evidence(),
        rule=rule,
    )


def _roles(
    document: _Document, findings: list[_Finding], strong_host: bool, weak_host: bool
) -> tuple[list[str], str]:
    """Partner unless the text makes it an expert or a bystander; with the rule that decided
    (`_ROLE_RULES`).

    Each finding takes the cue nearest to it in its sentence (a partnership statement, an
    observer or non-participation statement, an expertise cue). A partnership cue makes a
    partner; else expertise an expert (a host too only when the event is on its soil); else
    an observer cue `mentioned`; else hosting a partner and host; else the nearest cue
    earlier in the paragraph decides (partners listed: partner; a panel: `mentioned`).
    """
    cues: set[str | None] = {"partner"} if any(f.partner_context for f in findings) else set()
    for finding in findings:
        if "partner" in cues:
            break
        cues.add(document.local_cue(finding))
    host = strong_host or weak_host
    alpha3 = findings[0].alpha3
    partner = ["partner", "host"] if host else ["partner"]
    expert = ["expert", "host"] if alpha3 in document.explicit_hosts else ["expert"]
    listed = any(f.partner_context for f in findings)
    if (not listed and alpha3 in document.showcased() and len(document.countries_found) > 1):
        return expert, "shared-experience"
    if "partner" in cues:
        return partner, "partner-list" if listed else "partner-cue"
    if "expert" in cues and alpha3 in document.focus:
        return partner, "title-subject"  # the article's beneficiary
    if "expert" in cues:
        return expert, "expert-cue"
    if "mentioned" in cues:  # a non-partner holding the event is its host only
        return (["host"], "observer-host") if host else (["mentioned"], "observer-cue")
    if host:
        return partner, "host-default-partner"
    if document.panel_context(findings[0].start):
        return ["mentioned"], "panel"
    return partner, "default-partner"


class _Document:
    """One body with its sentences, place mentions and what they say about Customs."""

    def __init__(self, ctx: Context) -> None:
        self.body = ctx.body
        self.sentences = ctx.sentences or [Sentence(0, len(ctx.body), ctx.body)]
        self._starts = [s.start for s in self.sentences]
        self.places = find_countries(ctx.body)
        self.cities = find_cities(ctx.body)
        self._named_cache: dict[int, _Finding | None] = {}
        self._meanings: dict[str, str] | None = None
        self.finding_spans: list[tuple[int, int, str]] = []  # set once findings are known
        self.countries_found: set[str] = set()
        self._sentence_cues: dict[int, list[tuple[str, int, int]]] = {}
        self._sentence_spans: dict[int, list[tuple[int, int, str]]] | None = None
        self._showcased: set[str] | None = None
        self._panel: dict[int, bool] = {}  # sentence index -> panel_context there
        # named as hosts, or the country of an in-person event (set by `hosts`): the only
        # hosts an expert administration can be
        self.explicit_hosts: set[str] = set()
        self.focus: set[str] = set()  # the administrations the title names
        self._lexicon_cache: dict[tuple[int, int], list[tuple[str, int, int]]] = {}

    def sentence_at(self, offset: int) -> Sentence:
        index = max(bisect_right(self._starts, offset) - 1, 0)
        return self.sentences[index]

    def sentence_index(self, offset: int) -> int:
        return max(bisect_right(self._starts, offset) - 1, 0)

    # --- findings ----------------------------------------------------------------------

    def findings(self) -> Iterator[_Finding]:
        named: list[_Finding] = []
        for mention in self.places:
            found = self._named(mention)
            if found:
                named.append(found)
                yield found
        yield from self._lists({f.alpha3 for f in named if not f.ministry})
        yield from self._bullets()
        yield from self._bare_partners(named)
        yield from self._acronyms([f for f in named if not f.ministry])
        yield from self._full_names()

    def _named(self, mention: PlaceMention) -> _Finding | None:
        if mention.start not in self._named_cache:
            self._named_cache[mention.start] = self._name_around(mention)
        return self._named_cache[mention.start]

    def _name_around(self, mention: PlaceMention) -> _Finding | None:
        """The mention as part of an agency name, before or after the agency words."""
        sentence = self.sentence_at(mention.start)
        after = _AFTER_NAME.match(self.body, mention.end, sentence.end)
        if after:
            name = self.body[mention.start:after.end()]
            if not name.endswith(("Aduanas", "Aduana", "Douane", "Douanes")):
                return _Finding(mention.alpha3, mention.start, after.end(), name, _AGENCY)
        prefix = self.body[max(sentence.start, mention.start - 120):mention.start]
        if mention.kind == "demonym":
            before = _BEFORE_DEMONYM.search(prefix) or _DELEGATION_BEFORE_DEMONYM.search(prefix)
            if before:
                start = mention.start - (len(prefix) - before.start())
                return _Finding(mention.alpha3, start, mention.end,
                                self.body[start:mention.end], _AGENCY)
            if _DELEGATION_AFTER_DEMONYM.match(self.body, mention.end, sentence.end):
                return _Finding(mention.alpha3, mention.start, mention.end, mention.text, _LIST)
            return None
        before = _BEFORE_NAME.search(prefix)
        if before and _agency_connects(before):
            head = prefix[:before.start()]
            extension = _AGENCY_NAME_START.search(head)
            start = mention.start - (len(prefix) - before.start())
            if extension:
                start -= len(head) - extension.start()
            return _Finding(mention.alpha3, start, mention.end,
                            self.body[start:mention.end].strip(), _AGENCY)
        ministry = _MINISTRY_AFTER.match(self.body, mention.end, sentence.end)
        if ministry:
            return _Finding(mention.alpha3, mention.start, ministry.end(),
                            self.body[mention.start:ministry.end()], _AGENCY, ministry=True)
        ministry = _MINISTRY_BEFORE.search(prefix)
        if ministry:
            start = mention.start - (len(prefix) - ministry.start())
            return _Finding(mention.alpha3, start, mention.end, self.body[start:mention.end],
                            _AGENCY, ministry=True)
        customs_in = _CUSTOMS_IN.search(prefix)
        if customs_in:
            start = mention.start - (len(prefix) - customs_in.start())
            return _Finding(mention.alpha3, start, mention.end, self.body[start:mention.end],
                            _AGENCY)
        return None

    def _lists(self, administrations: set[str]) -> Iterator[_Finding]:
        """Countries listed after an agency ("the Customs administrations of A, B and C"),
        after "partner administrations ...:" or "partners", before ", three partners",
        after "delegates from", after a participation phrase ("the three countries of the
        region: A, B and C", "namely"), or alongside administrations named elsewhere ("needs
        identified by A, B and C" where B Customs and C Customs appear), not as venues."""
        countries = [m for m in self.places if m.kind == "country"]
        index = 0
        while index < len(countries):
            mention = countries[index]
            run = self._list_run(countries, index)
            partners = self._partner_list(run)
            if partners or self._introduces_list(mention, len(run)) or self._alongside_named(
                    run, administrations):
                for item in run:
                    yield _Finding(item.alpha3, item.start, item.end, item.text, _LIST,
                                   partner_context=partners)
            index += max(len(run), 1)

    def _list_run(self, countries: list[PlaceMention], index: int) -> list[PlaceMention]:
        run = [countries[index]]
        for following in countries[index + 1:]:
            sep = _LIST_SEP.match(self.body, run[-1].end)
            if not sep or sep.end() != following.start:
                break
            run.append(following)
        return run

    def _partner_list(self, run: list[PlaceMention]) -> bool:
        """The text calls the listed countries partners, right before or right after."""
        sentence = self.sentence_at(run[0].start)
        prefix = self.body[max(sentence.start, run[0].start - 80):run[0].start]
        if _PARTNER_RIGHT_BEFORE.search(prefix):
            return not _VENUE_BEFORE.search(prefix[-12:]) or bool(
                re.search(r"(?:de|du|des|d['’]|de\s+la|de\s+l['’]|of|from)\s*$", prefix))
        end = self.sentence_at(run[-1].start).end
        return bool(_PARTNER_APPOSITION.match(self.body, run[-1].end, end)
                    or _LIST_PARTNER_AFTER.match(self.body, run[-1].end, end))

    def _alongside_named(self, run: list[PlaceMention], administrations: set[str]) -> bool:
        """A list of two or more countries, one of which the text names as an
        administration elsewhere, that is not a list of venues."""
        if len(run) < 2 or not any(m.alpha3 in administrations for m in run):
            return False
        sentence = self.sentence_at(run[0].start)
        prefix = self.body[max(sentence.start, run[0].start - 40):run[0].start]
        return not _VENUE_BEFORE.search(prefix) and not re.search(
            r"\b(?:between|from|of|de|du|des|entre)\s+(?:the\s+)?$", prefix)

    def _introduces_list(self, first: PlaceMention, length: int) -> bool:
        sentence = self.sentence_at(first.start)
        prefix = self.body[max(sentence.start, first.start - 160):first.start]
        before = _BEFORE_NAME.search(prefix[-120:])
        if before and _agency_connects(before):
            return True
        if _PARTNER_LIST.search(prefix) or _LIST_INTRO_END.search(prefix[-60:]):
            return True
        if _PEOPLE_FROM.search(prefix):
            return True
        return bool(_PRONOUN_OF.search(prefix)) and bool(_DELEGATION_WORD.search(sentence.text))

    def _bullets(self) -> Iterator[_Finding]:
        """Bare country names as the items of a bulleted or numbered list introduced by
        words about partners, administrations or delegations ("eight new partners: - A")."""
        if "\n" not in self.body:
            return
        countries = {m.start: m for m in self.places if m.kind == "country"}
        items: list[tuple[int, PlaceMention]] = []  # (line start, mention)
        for bullet in _BULLET.finditer(self.body):
            mention = countries.get(bullet.end())
            if mention is None or not _BULLET_ITEM_END.match(self.body, mention.end):
                continue
            items.append((bullet.start(), mention))
        block: list[tuple[int, PlaceMention]] = []
        for item in items:
            if block and self.body[block[-1][1].end:item[0]].strip(" \t\n,;.:") != "":
                yield from self._bullet_block(block)
                block = []
            block.append(item)
        yield from self._bullet_block(block)

    def _bullet_block(self, block: list[tuple[int, PlaceMention]]) -> Iterator[_Finding]:
        if not block:
            return
        before = self.body[:block[0][0]].rstrip()
        cut = before.rfind("\n\n")
        intro = before[cut + 1:][-300:] if cut >= 0 else before[-300:]
        if not intro.strip() and cut >= 0:  # a blank line between the intro and the list
            earlier = before[:cut].rstrip()
            intro = earlier[earlier.rfind("\n\n") + 1:][-300:]
        if not _LIST_INTRO.search(intro) or _VENUE_INTRO.search(intro):
            return
        partners = bool(_PARTNER_CUE.search(intro) or _NEW_PARTNERS.search(intro))
        for _, mention in block:
            yield _Finding(mention.alpha3, mention.start, mention.end, mention.text, _LIST,
                           partner_context=partners)

    def _bare_partners(self, named: list[_Finding]) -> Iterator[_Finding]:
        """A bare country stated to be a partner: "Liberia is one of the partner ..."."""
        for mention in self.places:
            if mention.kind != "country":
                continue
            sentence = self.sentence_at(mention.start)
            prefix = self.body[max(sentence.start, mention.start - 120):mention.start]
            rest = self.body[mention.end:sentence.end]
            bare_before = _BARE_BEFORE.search(prefix)
            if not bare_before and _VENUE_BEFORE.search(prefix):
                continue
            stated = _BARE_AFTER.match(rest) or (
                bare_before and _BARE_WHICH_AFTER.match(rest)
            ) or (bare_before and not prefix.rstrip().endswith(("which", "dont")))
            if stated:
                yield _Finding(mention.alpha3, mention.start, mention.end, mention.text, _BARE)

    def _full_names(self) -> Iterator[_Finding]:
        """Agencies known by a name without a country in it ("HM Revenue & Customs")."""
        if not _full_name_gate().search(self.body):
            return  # the names are nowhere, not even inside a longer word
        for match in _full_name_pattern().finditer(self.body):
            candidates = _well_known().get(_fold(match.group(0)))
            if not candidates:
                continue
            owner = _owner(candidates, {m.alpha3 for m in self.places})
            if owner:
                yield _Finding(owner, match.start(), match.end(), match.group(0), _AGENCY)

    def _acronyms(self, named: list[_Finding]) -> Iterator[_Finding]:
        """Acronyms defined after an agency name ("Ghana Revenue Authority (GRA)"), the
        initials of an agency name, or well-known ones, wherever they are used."""
        known = self._acronym_meanings(named)
        if not known:
            return
        for match in _ACRONYM_TOKEN.finditer(self.body):
            alpha3 = known.get(match.group(0))
            if alpha3:
                yield _Finding(alpha3, match.start(), match.end(), match.group(0), _ACRONYM)

    def _acronym_meanings(self, named: list[_Finding]) -> dict[str, str]:
        if self._meanings is None:
            self._meanings = self._learn_acronyms(named)
        return self._meanings

    def _learn_acronyms(self, named: list[_Finding]) -> dict[str, str]:
        defined: dict[str, str] = {}
        initials: dict[str, set[str]] = {}
        for finding in named:
            after = _ACRONYM_AFTER.match(self.body, finding.end)
            if after:
                defined.setdefault(after.group("acronym"), finding.alpha3)
            inner = _INNER_ACRONYM.search(finding.name)
            if inner:
                defined.setdefault(inner.group("acronym"), finding.alpha3)
            acronym = _initials(finding.name)
            if acronym:
                initials.setdefault(acronym, set()).add(finding.alpha3)
        meanings = dict(defined)
        for acronym, countries in initials.items():
            if acronym not in meanings and len(countries) == 1:
                meanings[acronym] = next(iter(countries))
        for acronym, alpha3 in self._acronyms_beside_countries().items():
            meanings.setdefault(acronym, alpha3)
        named_countries = {m.alpha3 for m in self.places}
        for acronym, candidates in _well_known().items():
            if acronym in meanings or " " in acronym or acronym not in self.body:
                continue
            owner = _owner(candidates, named_countries)
            if owner and not (acronym in initials and len(initials[acronym]) > 1):
                meanings[acronym] = owner
        return meanings

    def _acronyms_beside_countries(self) -> dict[str, str]:
        """An agency's acronym written next to one country's name ("Ukraine SCS", "SAT
        Guatemala", "Peru (SUNAT)"), when the text defines it after an agency's name with no
        country in it ("the State Customs Service (SCS)") or it is a well-known one."""
        beside: list[tuple[str, str]] = []  # (acronym, country)
        for mention in self.places:
            if mention.kind != "country":
                continue
            after = _ACRONYM_BESIDE_AFTER.match(self.body, mention.end)
            before = _ACRONYM_BESIDE_BEFORE.search(
                self.body, max(0, mention.start - 18), mention.start)
            beside += [(found.group("acronym"), mention.alpha3) for found in (after, before)
                       if found is not None]
        bound: dict[str, set[str]] = {}
        for acronym, alpha3 in beside:
            if _fold(acronym) in _well_known() or self._defined_as_agency(acronym):
                bound.setdefault(acronym, set()).add(alpha3)
        return {a: next(iter(c)) for a, c in bound.items() if len(c) == 1}

    def _defined_as_agency(self, acronym: str) -> bool:
        """Is `acronym` written in brackets after an agency's name ("the State Customs
        Service (SCS)"), not an organisation's ("World Customs Organization (WCO)")?"""
        at = self.body.find(f"({acronym})")
        while at >= 0:
            name = _DEFINED_AGENCY_ACRONYM.search(self.body, max(0, at - 100), at)
            if (name and _KEYWORD_IN.search(name.group("name"))
                    and not _NOT_AN_ADMINISTRATION.search(name.group("name"))):
                return True
            at = self.body.find(f"({acronym})", at + 1)
        return False

    # --- roles -------------------------------------------------------------------------

    def local_cue(self, finding: _Finding) -> str | None:
        """The role cue nearest to the finding in its sentence: partner, expert, mentioned.
        A cue with another country's administration in between counts for less."""
        sentence = self.sentence_at(finding.start)
        best: tuple[int, int, str] | None = None
        spans = self._spans_in(sentence)
        first = self._list_start(finding, sentence, spans)
        last = self._list_end(finding, sentence, spans)
        for role, start, end in self._cues(finding, sentence):
            if end <= finding.start:
                distance = finding.start - end
                between = (end, first if end <= first else finding.start)
            elif start >= finding.end:
                distance = start - finding.end
                after_list = last <= start and not _RELATIVE.match(self.body, last, start)
                between = (last if after_list else finding.end, start)
            else:
                distance, between = 0, (0, 0)
            if self._other_between(finding.alpha3, *between, self._spans_in(sentence)):
                if role == "mentioned":
                    continue  # a non-partner statement is about the administration it follows
                distance += 1000
            if role == "mentioned" and finding.strength > _LIST:
                continue  # an observer statement is read next to a name, not an acronym
            rank = (distance, _ROLE_PREFERENCE[role], role)
            if best is None or rank < best:
                best = rank
        return best[2] if best else None

    def _spans_in(self, sentence: Sentence) -> list[tuple[int, int, str]]:
        """The findings' spans in one sentence."""
        if self._sentence_spans is None:
            self._sentence_spans = {}
            for span in self.finding_spans:
                start = self.sentence_at(span[0]).start
                self._sentence_spans.setdefault(start, []).append(span)
        return self._sentence_spans.get(sentence.start, [])

    def _statement_cues(self, sentence: Sentence) -> list[tuple[str, int, int]]:
        """Partnership and non-participation cues of a sentence (computed once)."""
        cues = self._sentence_cues.get(sentence.start)
        if cues is None:
            cues = [("partner", sentence.start + m.start(), sentence.start + m.end())
                    for m in _PARTNER_CUE.finditer(sentence.text)]
            patterns = ((_OBSERVER_CUE, _OBSERVER_PHRASE) if _gate(sentence.text, _OBSERVER_HINTS)
                        else (_OBSERVER_CUE,))
            negated = [("mentioned", sentence.start + m.start(), sentence.start + m.end())
                       for pattern in patterns for m in pattern.finditer(sentence.text)]
            cues = [c for c in cues  # "not an A-CIP partner": the word is no partner cue
                    if not any(s <= c[1] and c[2] <= e for _, s, e in negated)]
            cues += negated
            self._sentence_cues[sentence.start] = cues
        return cues

    def _cues(self, finding: _Finding, sentence: Sentence) -> Iterator[tuple[str, int, int]]:
        yield from self._statement_cues(sentence)
        spans = self._spans_in(sentence)
        window_start = max(sentence.start,
                           min(finding.start, self._list_start(finding, sentence, spans)) - 90)
        before = self.body[window_start:finding.start]
        if any(name in before for name in _WCO_NAMES):
            before = _WCO_EXPERTS.sub(lambda m: " " * len(m.group(0)), before)
        for match in _EXPERT_BEFORE.finditer(before) if _may_hold_expert_cue(before) else ():
            if _TO_RECIPIENT.match(before, match.end()):
                continue  # "lent an expert to the X Revenue Authority": X receives
            if not self._listed_after(finding, window_start + match.end(), spans):
                continue  # the cue belongs to the administration named in between
            if _EXPERT_NOUN_WORD.fullmatch(match.group(0)) and not self._noun_links(
                    finding, window_start + match.end(), spans):
                continue  # "the experts worked with X": X is not where they come from
            yield "expert", window_start + match.start(), window_start + match.end()
        yield from self._lexicon_cues(finding, sentence, spans)
        yield from self._visit_and_team_cues(finding, sentence, spans)
        stop = min([s for s, _, a in spans if finding.end <= s and a != finding.alpha3]
                   + [sentence.end])
        after = _EXPERT_AFTER.match(self.body[finding.end:stop])
        if after:
            group = next(g for g in _EXPERT_AFTER_GROUPS if after.group(g) is not None)
            yield "expert", finding.end + after.start(group), finding.end + after.end(group)

    def _noun_links(
        self, finding: _Finding, cue_end: int, spans: list[tuple[int, int, str]]
    ) -> bool:
        """An expert noun reaches the finding (or the list it heads) through "from", "of",
        "de" ..., with no verb or recipient word in between ("experts from X Customs")."""
        first = min([s for s, _, _ in spans if cue_end <= s < finding.start] + [finding.start])
        gap = self.body[cue_end:first]
        if not gap.strip():
            return True
        if _EXPERT_NOUN_STOP.search(gap):
            return False
        return bool(_EXPERT_NOUN_LINK.search(gap) or _NAME_APPOSITION.fullmatch(gap))

    def _lexicon_cues(
        self, finding: _Finding, sentence: Sentence, spans: list[tuple[int, int, str]]
    ) -> Iterator[tuple[str, int, int]]:
        """Cues from app/vocab/administration_cues.json: an expertise phrase right before the
        finding or the list it ends ("benefited from the expertise of X", "in cooperation
        with X"), the finding as the subject of a facilitating verb ("X facilitated"), a
        beneficiary phrase before it ("a workshop for X", "au bénéfice de X")."""
        first = self._list_start(finding, sentence, spans)
        last = self._list_end(finding, sentence, spans)
        cues = self._lexicon_cache.get((first, last))
        if cues is None:
            cues = self._lexicon_cache[(first, last)] = self._lexicon_cues_of(
                first, last, sentence)
        yield from cues

    def _lexicon_cues_of(
        self, first: int, last: int, sentence: Sentence
    ) -> list[tuple[str, int, int]]:
        cues: list[tuple[str, int, int]] = []
        window_start = max(sentence.start, first - 120)
        before = self.body[window_start:first]
        phrase = (_EXPERT_PHRASE_BEFORE.search(before)
                  if _gate(before, _EXPERT_PHRASE_HINTS) else None)
        if phrase:
            cues.append(("expert", window_start + phrase.start(), window_start + phrase.end()))
        beneficiary = (_BENEFICIARY_BEFORE.search(before)
                       if _gate(before, _BENEFICIARY_HINTS) else None)
        if beneficiary:
            cues.append(("partner", window_start + beneficiary.start(),
                         window_start + beneficiary.end()))
        verb = _EXPERT_SUBJECT_VERB.match(self.body, last, sentence.end)
        if verb:
            cues.append(("expert", verb.end() - 1, verb.end()))
        return cues

    def _list_start(
        self, finding: _Finding, sentence: Sentence, spans: list[tuple[int, int, str]]
    ) -> int:
        """The start of the list of administrations the finding ends ("A, B and C")."""
        start = finding.start
        for s, e, _ in reversed(spans):  # the spans are in order of their starts
            if s < start and (start <= e or _ITEM_GAP.fullmatch(self.body[e:start])):
                start = s  # the item before, or a longer name around this one
        return start

    def _list_end(
        self, finding: _Finding, sentence: Sentence, spans: list[tuple[int, int, str]]
    ) -> int:
        """The end of the list of administrations the finding starts."""
        end = finding.end
        for s, e, _ in spans:
            if e > end and (s <= end or _ITEM_GAP.fullmatch(self.body[end:s])):
                end = e  # the item after, or a longer name around this one
        return end

    def _visit_and_team_cues(
        self, finding: _Finding, sentence: Sentence, spans: list[tuple[int, int, str]]
    ) -> Iterator[tuple[str, int, int]]:
        """"a study visit to <X>" right before the finding; "the team was made up of a WCO
        expert and Ms N, ... at <X>" with no other administration in between."""
        before = self.body[max(sentence.start, finding.start - 40):finding.start]
        visit = _STUDY_VISIT_TO.search(before)
        if visit and re.fullmatch(r"[\w'’ -]{0,20}", before[visit.end():]):
            start = finding.start - len(before) + visit.start()
            yield "expert", start, start + len(visit.group(0))
        if "xpert" not in sentence.text:
            return
        for team in _TEAM_OF_EXPERTS.finditer(self.body, sentence.start, finding.start):
            if finding.start - team.end() <= 200 and self._listed_after(finding, team.end(),
                                                                        spans):
                yield "expert", team.start(), team.end()

    def showcased(self) -> set[str]:
        """Countries whose own experience, approach or reform is presented ("presented the
        experience of Senegal"), once another administration is in the text."""
        if self._showcased is None:
            self._showcased = set()
            for mention in self.places:
                sentence = self.sentence_at(mention.start)
                prefix = self.body[max(sentence.start, mention.start - 100):mention.start]
                if _SHOWCASE_BEFORE.search(prefix) or (
                    _SHOWCASE_VERB.search(prefix[-30:])
                    and _SHOWCASE_POSSESSIVE.match(self.body, mention.end, sentence.end)
                ):
                    self._showcased.add(mention.alpha3)
        return self._showcased

    def _listed_after(
        self, finding: _Finding, cue_end: int, spans: list[tuple[int, int, str]]
    ) -> bool:
        """No other administration between the cue and the finding, or the finding comes
        in a list after it ("experts from A Customs and B Customs")."""
        between = [e for s, e, a in spans
                   if cue_end <= s and e <= finding.start and a != finding.alpha3]
        if not between:
            return True
        return bool(_LIST_GAP.fullmatch(self.body[max(between):finding.start]))

    @staticmethod
    def _other_between(
        alpha3: str, start: int, end: int, spans: list[tuple[int, int, str]]
    ) -> bool:
        if end <= start:
            return False
        return any(start <= s and e <= end and a != alpha3 for s, e, a in spans)

    def panel_context(self, offset: int) -> bool:
        """Is the nearest cue-bearing sentence up to here, in this paragraph, about a panel?"""
        index = self.sentence_index(offset)
        if index not in self._panel:
            self._panel[index] = self._panel_from(index)
        return self._panel[index]

    def _panel_from(self, index: int) -> bool:
        while index >= 0:
            text = self.sentences[index].text
            if _PARTNER_CUE.search(text):
                return False
            if _PANEL_CUE.search(text):
                return True
            if index == 0 or "\n" in self.body[self.sentences[index - 1].end:
                                               self.sentences[index].start]:
                return False
            index -= 1
        return False

    def hosts(
        self, findings: list[_Finding], events: list[EventFact]
    ) -> tuple[set[str], set[str]]:
        """Countries whose administration holds an in-person event on its soil: those the
        text names as hosts or whose country is the venue (strong), and those inferred from
        a city of theirs or from holding an activity (weak). A fully online programme of
        events has no host; when the in-person events' countries are known, only they can
        give a host."""
        countries = {f.alpha3 for f in findings}
        explicit = self._explicit_hosts(findings)
        in_person = [e for e in events if not e.online]
        if events and not in_person:
            return set(), set()
        venues = {e.country for e in in_person if e.country}
        self.explicit_hosts = explicit | (venues & countries)
        holders = self._holders(findings)
        strong = explicit | (venues & countries) | self._venue_countries(countries) | holders
        weak = self._venue_hosts(countries)
        if venues:
            weak &= venues
        return strong, weak - strong

    def _explicit_hosts(self, findings: list[_Finding]) -> set[str]:
        """"hosted by the KRA" (the agent only), "Mali Customs hosted a workshop" (the
        subject), "a study visit to the KRA" (the administration visited), in a sentence
        that is not about an online activity."""
        hosting: set[str] = set()
        for sentence in self.sentences:
            text = sentence.text
            visits = (list(_STUDY_VISIT_TO.finditer(text))
                      if any(hint in text for hint in _STUDY_VISIT_HINTS) else [])
            hosted = bool(visits) or (any(hint in text for hint in _HOSTED_HINTS)
                                      and _HOSTED_CUE.search(text) is not None)
            if not hosted or _ONLINE_CUE.search(text):
                continue
            inside = [f for f in findings if sentence.start <= f.start < sentence.end]
            for cue in _HOSTED_BY.finditer(sentence.text):
                end = sentence.start + cue.end()
                agent = next((f for f in inside if f.end > end and f.start - end <= 12), None)
                if agent:
                    hosting.add(agent.alpha3)
            for cue in visits:  # "a study visit to the KRA": the administration visited
                end = sentence.start + cue.end()
                visited = next((f for f in inside if f.end > end and f.start - end <= 20), None)
                if visited:
                    hosting.add(visited.alpha3)
            for cue in _HOST_VERB.finditer(sentence.text):
                start = sentence.start + cue.start()
                subject = [f for f in inside if f.end <= start and f.strength != _BARE
                           and not re.search(r"[,;(]", self.body[f.end:start].strip(" ,"))]
                if subject:
                    hosting.add(subject[-1].alpha3)
        return hosting

    def _holders(self, findings: list[_Finding]) -> set[str]:
        """"Mali Customs held a workshop": the subject of an in-person activity it held,
        when the sentence names no city elsewhere."""
        holding: set[str] = set()
        for finding in findings:
            if finding.strength != _AGENCY:
                continue
            sentence = self.sentence_at(finding.start)
            if not _gate(sentence.text, _HOLD_HINTS):
                continue
            held = _HOLD_AFTER.match(self.body, finding.end, sentence.end)
            if not held or _ONLINE_CUE.search(sentence.text):
                continue
            spans = self._spans_in(sentence)
            if any(a != finding.alpha3 and s < self._list_end(finding, sentence, spans)
                   for s, _, a in spans if s >= finding.end):
                continue  # a list of administrations (each) holding: no one host
            cities = [
                c for c in self.cities
                if sentence.start <= c.start < sentence.end and c.alpha3 != finding.alpha3
            ]
            if not cities:
                holding.add(finding.alpha3)
        return holding | self._pronoun_holders(findings)

    def _pronoun_holders(self, findings: list[_Finding]) -> set[str]:
        """"X Customs has been a partner since 2019. With WCO support, it organised a
        workshop": one administration named in the sentence before, none in this one."""
        holding: set[str] = set()
        for index, sentence in enumerate(self.sentences[1:], start=1):
            if self._spans_in(sentence) or not _gate(sentence.text, _HOLD_HINTS):
                continue
            if not _PRONOUN_HOLD.search(sentence.text) or _ONLINE_CUE.search(sentence.text):
                continue
            previous = self.sentences[index - 1]
            named = {a for s, _, a in self._spans_in(previous)}
            agencies = [f for f in findings
                        if previous.start <= f.start < previous.end and f.strength == _AGENCY]
            if len(named) == 1 and agencies:
                holding.add(agencies[0].alpha3)
        return holding

    def _venue_countries(self, countries: set[str]) -> set[str]:
        """The administration's country as the place of an activity ("the mission was
        undertaken in X in March"), in a dated sentence not about an online activity."""
        hosting: set[str] = set()
        for mention in self.places:
            if mention.alpha3 not in countries or mention.kind != "country":
                continue
            sentence = self.sentence_at(mention.start)
            prefix = self.body[max(sentence.start, mention.start - 80):mention.start]
            if not _gate(prefix, _VENUE_VERB_HINTS) or not _VENUE_VERB_BEFORE.search(prefix):
                continue
            if _ONLINE_CUE.search(sentence.text):
                continue
            if _YEAR_ONLY_AFTER.match(self.body, mention.end, sentence.end):
                continue  # "the survey conducted in X in 2021": undated background
            if not _MONTH.search(sentence.text):
                continue  # an activity placed in a country is an event when dated
            hosting.add(mention.alpha3)
        return hosting

    def _venue_hosts(self, countries: set[str]) -> set[str]:
        """A city of the administration's country, in a sentence that is not about an
        online activity, nor about an undated plan."""
        hosting: set[str] = set()
        for city in self.cities:
            if city.alpha3 not in countries or city.alpha3 in hosting:
                continue
            sentence = self.sentence_at(city.start)
            prefix = self.body[max(sentence.start, city.start - 12):city.start]
            if not _VENUE_PREPOSITION.search(prefix) and not re.search(r"\bde\s+$", prefix):
                continue
            if _ONLINE_CUE.search(sentence.text):
                continue
            if _FUTURE_CUE.search(sentence.text) and not _MONTH.search(sentence.text):
                continue
            hosting.add(city.alpha3)
        return hosting


_TO_RECIPIENT = re.compile(
    r"\s+(?:to|for|in|at|à|au|aux|pour|auprès|trained|met|visited|helped|assisted"
    r"|supported|coached|advised|formé|accompagné)\b"
)
_LIST_GAP = re.compile(
    r"\)?\s*(?:\([A-Z][A-Za-z.]{1,8}\))?\s*(?:,|,?\s+(?:and|et|&))?\s*"
    r"(?:[Tt]he\s+|la\s+|le\s+|les\s+|l['’]|de\s+la\s+|du\s+|des\s+|de\s+|d['’])?"
)
# Between two findings of one list: a list gap, or a name and its acronym "X (XA)"
_ITEM_GAP = re.compile(rf"{_LIST_GAP.pattern}|\s*\(")
# A relative clause after a list is about its last item ("A and B, which is not a partner")
_RELATIVE = re.compile(r"\s*,?\s*(?:which|who|whose|that|qui|dont|lequel|laquelle)\b")
# The labels `_roles` gives its decisions (AdministrationFact.rule).
_ROLE_RULES = ("shared-experience", "partner-list", "partner-cue", "title-subject", "expert-cue",
               "observer-host", "observer-cue", "host-default-partner", "panel",
               "default-partner")
_ROLE_PREFERENCE = {"mentioned": 0, "expert": 1, "partner": 2}
_EXPERT_AFTER_GROUPS = ("cue", "cue2", "cue3", "cue4", "cue5", "cue6", "cue7", "cue8")


# \b(?:[A-Z][A-Za-z]{0,4}[A-Z]|Receita\s+Federal|Aduana\s+Nacional)\b, the word-start test
# after the first capital (a pattern starting with a class lets the engine skip to one).
_ACRONYM_TOKEN = re.compile(
    r"[A-Z](?<!\w.)(?:[A-Za-z]{0,4}[A-Z]|(?<=R)eceita\s+Federal|(?<=A)duana\s+Nacional)\b"
)


_AGENCY_BEFORE_COUNTRY = re.compile(
    r"\b(?:Services?|Authority|Agency|Administration|Commission|Board|Office)\s+$"
)


def _agency_connects(match: re.Match[str]) -> bool:
    """The agency phrase ends with a connector, or is 'Aduanas'/'Douanes' right before."""
    text = match.group(0)
    if re.search(rf"\s{_OF}\s*(?:the\s+)?$|d['’]$|l['’]$", text):
        return True
    if _AGENCY_BEFORE_COUNTRY.search(text) and text[:1].isupper() and "(" not in text:
        return True  # "the Revenue Services Lesotho", "Revenue Authority Zambia"
    return bool(re.fullmatch(r"Aduanas?\s+", text))


_KEYWORD_IN = re.compile(_KEYWORD)
# "the State Customs Service (SCS)": an agency's name with its acronym after it
_DEFINED_AGENCY_ACRONYM = re.compile(
    r"(?P<name>(?:[A-Z][\w'’-]*\s+(?:(?:of|and|&|for|des|de|du|et|la|le)\s+(?:the\s+)?)?){1,6})$"
)
_NOT_AN_ADMINISTRATION = re.compile(
    r"\b(?:World|Organi[sz]ation|Regional|Mondiale|Bureau|Office\s+for|Programme|Council"
    r"|Union|Community|Communauté|Secretariat|Secrétariat)\b"
)
_ACRONYM_BESIDE_AFTER = re.compile(r"(?:['’]s)?\s*\(?(?P<acronym>[A-Z]{2,6})\)?(?![\w-])")
_ACRONYM_BESIDE_BEFORE = re.compile(
    r"(?<![\w-])(?P<acronym>[A-Z]{2,6})\s+(?:of\s+|du\s+|de\s+(?:la\s+|l['’])?|d['’])?$")
_WORD_SPLIT = re.compile(r"[\s-]+")


@lru_cache(maxsize=4096)
def _initials(name: str) -> str | None:
    words = [w for w in _WORD_SPLIT.split(name) if w[:1].isupper()]
    if len(words) < 2 or not any(_KEYWORD_IN.search(w) for w in words):
        return None
    return "".join(w[0] for w in words)


@cache
def _well_known() -> dict[str, tuple[str, ...]]:
    """Name -> the countries that may own it; a code ending in "?" (kept in the tuple with
    it) only counts when the document names that country."""
    table: dict[str, tuple[str, ...]] = {}
    with open(_VOCAB / "customs_agencies.csv", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            table[_fold(row["name"])] = tuple(row["alpha3"].split("|"))
    return table


def _owner(candidates: tuple[str, ...], named: set[str]) -> str | None:
    """The one country a well-known name belongs to here: the only candidate (unless it
    must be named and is not), else the only candidate the document names."""
    if len(candidates) == 1 and not candidates[0].endswith("?"):
        return candidates[0]
    present = [c.rstrip("?") for c in candidates if c.rstrip("?") in named]
    return present[0] if len(present) == 1 else None


def _fold(name: str) -> str:
    return " ".join(name.replace("’", "'").split())


@cache
def _full_name_pattern() -> re.Pattern[str]:
    """The well-known names that are several words ("HM Revenue & Customs")."""
    names = sorted((n for n in _well_known() if " " in n), key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(w) for w in n.split()) for n in names)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])" if body else r"(?!)")


@cache
def _full_name_gate() -> re.Pattern[str]:
    """`_full_name_pattern` less its look-behind: it matches wherever that one does, and
    searches much faster (the scan can skip ahead on the names' first letters)."""
    return re.compile(_full_name_pattern().pattern.replace(r"(?<![\w-])", "", 1))


# --- Partner count ---------------------------------------------------------------------


def _partner_count(ctx: Context) -> PartnerCountFact | None:
    """The Programme's total when stated anywhere, else a count of the partners the article
    is about, stated in its opening paragraph ("eight new partner administrations") or as
    where its participants came from ("the speakers from two partner administrations")."""
    about_partners = [s for s in ctx.sentences if _mentions_partners(s.text)]
    for sentence in about_partners:
        value = _first_count(sentence.text, _hinted_totals(sentence.text))
        if value is not None:
            return PartnerCountFact(value, sentence.evidence(), rule="total-stated")
    opening = _opening(ctx)
    for sentence in about_partners:
        if sentence not in opening:
            continue
        value = _first_count(sentence.text, (_ANY_COUNT,))
        if value is not None:
            return PartnerCountFact(value, sentence.evidence(), rule="opening-count")
    for sentence in about_partners:
        value = _first_count(sentence.text, (_PEOPLE_FROM_COUNT,))
        if value is not None:
            return PartnerCountFact(value, sentence.evidence(), rule="participants-from-count")
    return None


def _hinted_totals(text: str) -> list[re.Pattern[str]]:
    """The `_TOTAL_COUNTS` patterns, in order, less those whose words the text lacks (all of
    them when lowercasing may disagree with re.IGNORECASE: "ſ", "ı", "İ", the Kelvin sign)."""
    if any(twin in text for twin in _CASE_TWINS):
        return list(_TOTAL_COUNTS)
    lowered = text.lower()
    return [pattern for pattern, hints in zip(_TOTAL_COUNTS, _TOTAL_HINTS, strict=True)
            if any(hint in lowered for hint in hints)]


def _opening(ctx: Context) -> list[Sentence]:
    """The sentences of the first paragraph of the body."""
    end = ctx.body.find("\n\n", ctx.sentences[0].end) if ctx.sentences else -1
    return [s for s in ctx.sentences if end < 0 or s.start < end]


def _first_count(text: str, patterns: Iterable[re.Pattern[str]]) -> int | None:
    for pattern in patterns:
        for match in pattern.finditer(text):
            if _APPROXIMATE.search(text[max(0, match.start() - 20):match.start()]):
                continue
            value = _number(match.group("n"))
            if value:
                return value
    return None


def _number(text: str) -> int | None:
    text = text.lower().replace("-", " ")
    if text.isdigit():
        return int(text)
    total = 0
    for word in text.split():
        if word == "et":
            continue
        value = _NUMBER_WORDS.get(word)
        if value is None:
            return None
        total += value
    return total or None


def _mentions_partners(text: str) -> bool:
    """A cheap test before the count patterns run."""
    lowered = text.lower()
    return "partner" in lowered or "partenaire" in lowered

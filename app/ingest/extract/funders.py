"""Funders of the Programme: who the text says funds it or one of its activities or tools.

A funder is named by its agency ("Norad", "Global Affairs Canada", "l'Asdi"), its government
("the Canadian Government", "le gouvernement norvégien", "Gobierno de Canadá"), a demonym
before a funding word ("Swedish funding", "soutien canadien") or only by its country
("funding from Norway", "la Norvège"). Names and cues are data: app/vocab/funders.json
(patterns per funder) and app/vocab/funder_cues.json. The fact's `rule` names the cue:

- `funding-cue` / `funding-cue-country`: the sentence has a funding cue ("funded by", "with
  the support of", "Norad-funded", "financé par", "soutenu par", "con el apoyo de") that is
  not about another programme ("which funds a separate trade facilitation project", "qui
  finance par ailleurs un projet distinct");
- `funding-partners-nearby`: an agency named next to a sentence about the Programme's
  "funding partners" ("representing the Programme's two funding partners, ... From Norad");
- `agency-partner`: a donor agency (never a bare country) named as the Programme's partner
  or party to its agreement ("Norad en est le partenaire", "the WCO and Norad signed").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app import vocab
from app.ingest.extract.context import Context
from app.ingest.extract.cue_keys import word_starts
from app.ingest.extract.facts import FunderFact
from app.ingest.extract.text import Sentence, finditer_from

_FUNDERS = vocab.load("funders.json")
_CUES = vocab.load("funder_cues.json")

# slug -> (agency names, country names). Patterns, matched case-sensitively.
FUNDER_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    f["slug"]: (tuple(f["patterns"]["agency"]), tuple(f["patterns"]["country"]))
    for f in _FUNDERS["funders"]
}


def _alternatives(*lists: list[str]) -> str:
    return "|".join(pattern for patterns in lists for pattern in patterns)


# A country followed by one of these words names another body ("Canada Border Services
# Agency", "Norway Customs"), not the country as a donor.
_OTHER_BODY_AFTER = (
    r"(?!\s+(?:Border|Revenue|Customs|Tax|Post|Police|Chamber|Embassy|Export|Trade)\b)"
    r"(?!['’]s (?:Customs|Border|Revenue|Tax|Embassy)\b)"
)

# "funded by", "financé par", "con el apoyo de" (app/vocab/funder_cues.json).
_CUE = re.compile(
    r"\b(?:" + _alternatives(*(v for k, v in _CUES["funding"].items() if k != "_doc")) + r")\b",
    re.IGNORECASE,
)
# A cue about the Programme's donors as a group or in order ("its second donor"): agencies
# named in the sentence before or after count too.
_GROUP_CUE = re.compile(r"\b(?:" + _alternatives(_CUES["group"]["all"]) + r")\b", re.IGNORECASE)
# A donor agency named as the Programme's partner or party to its agreement.
_PARTNER_CUE = re.compile(
    r"\b(?:" + _alternatives(_CUES["partnership"]["all"]) + r")\b", re.IGNORECASE
)
# The object of a funding cue that is another programme or project.
_OTHER_PROGRAMME = re.compile(
    r"(?i:\b(?:separate|another|other|broader|distinct|different|its own|unrelated|"
    r"autre|distinct|propre)\b[^.;,]{0,60}?\b(?:programmes?|programs?|projects?|"
    r"initiatives?|platforms?|facility|projets?)\b)"
    r"|(?<![-\w])(?:(?!A-C(?:IP|PI)\b)[A-Z][\w-]*\s+){1,6}(?:Programme|Program|Project|Facility)\b"
    # French puts the adjective after the noun: "un projet distinct", "un programme différent"
    r"|(?i:\b(?:projets?|programmes?|initiatives?)\s+(?:distincts?|différents?|séparés?"
    r"|parallèles?)\b)",
)
# "which separately funds a project", "qui finance par ailleurs un projet": the adverb says the
# funding is for something else, unless the object is the Programme itself.
_SEPARATELY = re.compile(r"\b(?:separately|par\s+ailleurs|elsewhere|ailleurs)\b", re.IGNORECASE)
_PROJECT_WORD = re.compile(
    r"\b(?:projects?|programmes?|programs?|initiatives?|projets?)\b", re.IGNORECASE
)
_OUR_PROGRAMME = re.compile(_alternatives(_CUES["our_programme"]))
_DETERMINERS = frozenset({"the", "this", "that", "its", "our", "their", "a", "an", "le", "la",
                          "ce", "cet", "son", "notre", "wco", "omd", "wco’s", "wco's"})
_CLAUSE_END = re.compile(r"[;.]|,\s+(?:which|who|whose|while|and\s+(?:also|the))\b")


@dataclass(frozen=True, slots=True)
class _Mention:
    slug: str
    start: int  # offsets in the sentence
    end: int
    name: str
    agency: bool


def _build_mention_regex() -> re.Pattern[str]:
    parts: list[str] = []
    for slug, (agencies, countries) in FUNDER_NAMES.items():
        for i, pattern in enumerate(sorted(agencies, key=len, reverse=True)):
            parts.append(rf"(?P<{slug}_a{i}>{pattern})")
        for i, pattern in enumerate(countries):
            parts.append(rf"(?P<{slug}_c{i}>{pattern}){_OTHER_BODY_AFTER}")
    # "Norad-funded": a hyphen may join a funding word to the name.
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")"
                      r"(?:(?![\w-])|(?=-(?:funded|supported|financed|sponsored|backed)\b))")


_MENTION = _build_mention_regex()


def _mention_start() -> re.Pattern[str]:
    """Where a `_MENTION` match can start (`finditer_from`): a word start with the first
    letter of a name, in either case."""
    firsts: set[str] = set()
    for agencies, countries in FUNDER_NAMES.values():
        for pattern in (*agencies, *countries):
            starts = word_starts(pattern, 2)
            if starts is None:  # not readable: any word start
                return re.compile(r"\w(?<![\w-].)")
            firsts |= {start[0] for start in starts}
    letters = "".join(sorted(firsts | {c.upper() for c in firsts}))
    return re.compile(rf"[{re.escape(letters)}](?<![\w-].)")


_MENTION_START = _mention_start()
# Literal stems one of which every funder name holds: a cheap test before the regex.
_STEMS = tuple(_FUNDERS["stems"])


# Lowercase substrings one of which every _GROUP_CUE match holds: a cheap test first. It is
# exact only where lowercasing agrees with re.IGNORECASE, so not for text with "ſ", "ı", "İ"
# or the Kelvin sign.
_GROUP_HINTS = tuple(_CUES["group"]["hints"])
_CASE_TWINS = ("ſ", "ı", "İ", "\u212a")


def _group_cue_sentences(body: str, sentences: list[Sentence]) -> set[int]:
    """Indices of the sentences that hold a `_GROUP_CUE` match."""
    if any(twin in body for twin in _CASE_TWINS):
        return {i for i, s in enumerate(sentences) if _GROUP_CUE.search(s.text)}
    lowered = body.lower()
    hints = [hint for hint in _GROUP_HINTS if hint in lowered]
    if not hints:
        return set()
    return {i for i, s in enumerate(sentences)
            if any(map(s.text.lower().__contains__, hints)) and _GROUP_CUE.search(s.text)}


def _stem_sentences(body: str, sentences: list[Sentence]) -> list[bool]:
    """Per sentence, whether it holds one of `_STEMS` (only those the body holds are
    looked for)."""
    stems = [stem for stem in _STEMS if stem in body]
    return [any(map(s.text.__contains__, stems)) for s in sentences]


def _mentions(text: str, has_stem: bool | None = None) -> list[_Mention]:
    """Funder names in `text`; `has_stem`: whether it holds one of `_STEMS`, when known."""
    found: list[_Mention] = []
    if has_stem is None:
        has_stem = any(stem in text for stem in _STEMS)
    if not has_stem:
        return found
    for match in finditer_from(_MENTION, _MENTION_START, text):
        group = match.lastgroup or ""
        slug, _, kind = group.rpartition("_")
        found.append(_Mention(slug, match.start(), match.end(), match.group(0), kind[0] == "a"))
    return found


def _is_other_programme(text: str, cue: re.Match[str]) -> bool:
    """Whether the cue's subject or object is a programme other than A-CIP."""
    after_end = _CLAUSE_END.search(text, cue.end())
    after = text[cue.end() : after_end.start() if after_end else len(text)]
    before_start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, cue.start())), default=0)
    before = text[before_start : cue.start()]
    near = text[max(0, cue.start() - 20) : cue.end() + 20]
    if _SEPARATELY.search(near) and _PROJECT_WORD.search(after) and not _OUR_PROGRAMME.search(
        after
    ):
        return True
    for window in (after, before):
        for other in _OTHER_PROGRAMME.finditer(window):
            words = [w for w in other.group(0).split()[:-1] if w.lower() not in _DETERMINERS]
            named = other.group(0)[0].islower() or words
            if named and not _OUR_PROGRAMME.search(other.group(0)):
                return True
    return False


def _funded_in(
    sentence: Sentence, follows_group_cue: bool, has_stem: bool | None
) -> list[tuple[_Mention, str]]:
    """The funders a sentence names, each with the rule that decided it."""
    text = sentence.text
    mentions = _mentions(text, has_stem)
    if not mentions:
        return []
    cues = list(_CUE.finditer(text))
    if not cues:
        agencies = [m for m in mentions if m.agency]
        if follows_group_cue:
            return [(m, "funding-partners-nearby") for m in agencies]
        if agencies and _PARTNER_CUE.search(text):
            return [(m, "agency-partner") for m in agencies]
        return []
    kept: list[tuple[_Mention, str]] = []
    for mention in mentions:
        nearest = min(cues, key=lambda c: min(abs(c.start() - mention.end),
                                              abs(mention.start - c.end())))
        if not _is_other_programme(text, nearest):
            kept.append((mention, "funding-cue" if mention.agency else "funding-cue-country"))
    return kept


def extract_funders(ctx: Context) -> list[FunderFact]:
    facts: dict[str, FunderFact] = {}
    sentences = ctx.sentences
    group = _group_cue_sentences(ctx.body, sentences)
    stems = _stem_sentences(ctx.body, sentences)
    for i, sentence in enumerate(sentences):
        near_group = (i - 1) in group or (i + 1) in group
        for mention, rule in _funded_in(sentence, near_group, stems[i]):
            known = facts.get(mention.slug)
            if known is None or (mention.agency and len(mention.name) > len(known.name)):
                facts[mention.slug] = FunderFact(mention.slug, mention.name, sentence.evidence(),
                                                 rule=rule)
    return list(facts.values())

"""Named people with their title and organisation as stated.

A person is a run of two or more name-like capitalised words ("Emmanuel K. Saye", "Hichem Ben
Salah", "Sylvestre Kouadio N’Guessan", "Pulchérie Dabiré/ Somda", "Abdoulaye TRAORÉ") that a
structural cue marks as a person; the cue names the fact's `rule`:

- `title-after`: "Name, Title at/of/with Org[, Org]," / "Name, titre de la Org,";
  `organisation-after`: "Mr. Name, ZIMRA;" / "Ms. Name, from the Tax Authority,";
- `title-before`: "Senior Adviser Kari Solheim", "Malawi Revenue Authority (MRA) Commissioner
  General (CG), Mr. Name" (the body before the title is the organisation);
- `apposition-before`: "the Director General of Nepal Customs, Name," (the clause after its
  last determiner: "The Commissioner General, Mr. A and the Commissioner for Customs, Mr. B");
- `title-clause-before`: a title in lower case right before the name ("par le directeur
  général des douanes Name", "le représentant du ministère de l’Économie Name");
- `honorific`, `speech-verb`, `who-clause`, `of-organisation`, `caption`, `byline`: a name
  that only an honorific or rank, a speech verb ("said Name", "Name, in her remarks,
  stressed"), "Name, who", "Name of Org", a photo caption or a byline line marks;
- `title-surname` / `honorific-surname`: a surname alone after a title or a civil
  honorific ("le Président SANKARÉ", "Ms. Pedersen"), unless a fuller name holds it.

Honorifics and ranks (Mr., Son Excellence, l’inspecteur général, le colonel) are left out of
names and titles. The word lists (title heads, title words, bodies, honorifics, speech verbs,
caption marks ...) are data: app/vocab/people_lexicon.json. Their words are never name words,
which keeps organisation, document and place names out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from app import vocab
from app.ingest.extract.context import Context
from app.ingest.extract.facts import PersonFact
from app.ingest.extract.places import find_countries
from app.ingest.extract.text import Sentence

_LEXICON: dict[str, Any] = vocab.load("people_lexicon.json")


def _lexicon(name: str) -> frozenset[str]:
    """A word list of app/vocab/people_lexicon.json."""
    return frozenset(_LEXICON[name]["words"])


_UP = "A-ZÀ-ÖØ-ÞŒ"
_PARTICLES = _lexicon("particles")
_WORD_TOKEN = re.compile(r"[^\W\d_](?:\w|[-’'](?=\w))*")
# What every run of two name words holds: a capitalised word, then (particles and) spaces
# without a line break, then a capital. A letter that is not lowercase Latin-1 stands for a
# capital (a superset of str.isupper letters), so a sentence without it has no name span.
_NOT_LOWER = r"[^\W\d_a-zß-öø-ÿ]"
_TWO_CAPITALISED = re.compile(
    _NOT_LOWER + r"(?:\w|[-’'](?=\w))*\.?(?:[^\S\n]+(?:"
    + "|".join(sorted(_PARTICLES, key=len, reverse=True)) + r"))*[^\S\n]+" + _NOT_LOWER
)

# Head words that make a title on their own (English, French, Spanish).
TITLE_HEADS = _lexicon("title_heads")
# Words that qualify a title or name a body: never part of a person's name.
_TITLE_WORDS = _lexicon("title_words")
_ORG_HEADS = _lexicon("org_heads")
_STOP = _lexicon("stop")
_NOT_NAME = TITLE_HEADS | _TITLE_WORDS | _ORG_HEADS | _STOP | _lexicon("things")

# Honorifics and ranks right before a name, with their article ("l’inspecteur général"),
# several in a row ("Son Excellence Monsieur"): left out of the name and the title.
_HONORIFIC_BEFORE = re.compile(
    r"(?:(?<![\w’'.])(?:(?:[Ll]e|[Ll]a|[Tt]he|[Ll][’'])\s*)?(?:"
    + "|".join(_LEXICON["honorifics"]["words"]) + r")\s+)+$"
)
_SPEECH_BEFORE = re.compile(
    r"\b(?:" + "|".join(_LEXICON["speech_verbs"]["before"]) + r")\s+$"
)
# "Name, who leads the unit": a relative pronoun only persons take (not French "qui").
_WHO_AFTER = re.compile(r"^\s*,?\s+(?:who|whom|quien)\b|^\s*,\s*(?:who|whom|quien)\b")
# The verb may follow an adverb ("Name also noted") or an aside between commas ("Name, in
# her opening remarks, stressed").
_SPEECH_AFTER = re.compile(
    r"^(?:\s*,[^,;.!?“”\"«»]{1,80},)?\s+(?:(?:"
    + "|".join(_LEXICON["speech_verbs"]["adverbs"]) + r")\s+)?(?:"
    + "|".join(_LEXICON["speech_verbs"]["after"]) + r")\b"
)
# What may precede a name that only a speech verb, honorific or "of Org" marks: not a
# connector or capitalised word that would make it part of an organisation's name.
_FREE_BEFORE = re.compile(
    r"(?:^|[,;:.!?“”\"«»(]\s*|\b(?!(?:of|and|the|de|du|des|la|le|for|&)\b)[a-zà-ÿ’']+\s+)$"
)
_ARTICLE = re.compile(r"^(?:(?:a|an|the|le|la|les|un|une|el|los|las)\s+|l[’'])", re.IGNORECASE)
_ACRONYM = re.compile(rf"^[{_UP}][{_UP}0-9&.\-]+$")
_PAREN_TAIL = re.compile(r"\s*\([^)]*\)\s*$")
_SPLIT_AT = re.compile(
    rf"\s(?:at|with|à la|à l[’']|au|aux|auprès d[eu]|auprès de la|auprès de l[’'])"
    rf"\s*(?<=\s|[’'])(?=(?:the\s)?[{_UP}])"
)
# "of"/"de" cuts between a title and its body; a bare "de" only before an acronym or a
# country ("de Madagascar"): "Director Nacional de Aduanas" is one title.
_LOWER_BODIES = "|".join(_LEXICON["lowercase_bodies"]["words"])
_SPLIT_OF = re.compile(
    rf"\s(?:of(?:\sthe)?\s|de la\s|de l[’']|du\s|des\s|del\s|da\s|do\s|das\s|dos\s|de\s)"
    rf"(?=(?!Programme\b|Program\b)[{_UP}]|(?:{_LOWER_BODIES})\b)"
)
_LOWER_BODY = re.compile(rf"(?:{_LOWER_BODIES})\b")
_PLACE_TAIL = re.compile(rf"\s+(?:in|en)\s+[{_UP}][\w’'-]*(?:\s+[{_UP}][\w’'-]*)*$")
# "Customs of the Philippines", "Douanes du Sénégal": the end of a title ("Director General
# of Customs") and a country, not a body.
_CUSTOMS_OF = re.compile(
    r"^(?:Customs|Douanes?|Aduanas?|Alfândegas?)\s+"
    r"(?:of(?:\sthe)?|du|de|des|de la|de l[’']|da|do|del)\s*"
    r"(?P<country>[^\s].*)$"
)
# Titles that represent a country keep it: "Ambassador of Canada".
_COUNTRY_TITLES = _lexicon("country_titles")
_SUB_UNITS = _lexicon("sub_units")
_TITLE_LINKS = _lexicon("title_links")
_UNITS_IN_TITLE = _lexicon("sub_units_in_title")
_CONNECTORS = frozenset({"of", "for", "to", "and", "&", "at", "the", "on", "de", "du", "des",
                         "la", "l’", "l'", "à", "in"})
_WORD = re.compile(r"[\w’'().&-]+|[^\w\s]")
_VERBISH = re.compile(r"^(?:said|says|who|which|whose|speaking|closing|opening|has|had|was|"
                      r"is|will|qui|a|est|lors|presented|presents|explained|welcomed)\b")


@dataclass(slots=True)
class _Person:
    name: str
    title: str | None
    organization: str | None
    sentence: Sentence
    rule: str


_VOWEL = re.compile(r"[AEIOUYÀ-ÆÈ-ÏÒ-ÖØ-Ü]")
_CAPS_NOT_NAMES = _lexicon("caps_not_names")


def _is_caps_surname(token: str) -> bool:
    """A surname in capitals ("TRAORÉ", "N’DIAYE"): letters with a vowel, not a word of
    titles or bodies, not a known acronym. `_caps_acronyms` drops the document's own."""
    letters = re.sub(r"[-’']", "", token)
    return (len(letters) >= 3 and letters.isalpha() and _VOWEL.search(letters) is not None
            and token.lower() not in _NOT_NAME and token not in _CAPS_NOT_NAMES)


@lru_cache(maxsize=8192)
def _is_name_token(token: str) -> bool:
    if token.endswith(".") and len(token) == 2:
        return True  # an initial
    if not any(c.islower() for c in token):
        return _is_caps_surname(token)
    word = token.lower()
    if word.endswith(("’s", "'s")):
        return False
    return word not in _NOT_NAME and not _ACRONYM.match(token)


# Between two words of one name: spaces, or a slash ("Dabiré/ Somda", a married name).
_NAME_GAP = re.compile(r"[^\S\n]+|[^\S\n]*/[^\S\n]*")


def _name_spans(text: str) -> list[tuple[int, int]]:
    """Spans of two or more consecutive name-like words (particles allowed between them)."""
    spans: list[tuple[int, int]] = []
    first = _TWO_CAPITALISED.search(text)
    if not first:
        return spans
    # No run before the first such place reaches two name words, so reading can start at
    # the word it is in (after a space: a word never runs over one).
    begin = first.start()
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    start = end = last = -1  # last: end of the previous word, particles included
    count = 0  # name words in the current run; 0 when there is none (start < 0)
    check = 0  # where, out of a run, to look for the next place again
    words: Iterator[re.Match[str]] | None = _WORD_TOKEN.finditer(text, begin)
    while words is not None:
        current, words = words, None
        for word in current:
            token = word.group(0)
            if not token[0].isupper():  # most words: they end the current run
                if start >= 0:
                    if token in _PARTICLES:
                        gap = text[last : word.start()]
                        if gap.isspace() and "\n" not in gap:
                            last = word.end()
                            continue
                    if count >= 2:
                        spans.append((start, end))
                    start, end, count = -1, -1, 0
                last = word.end()
                if last >= check:
                    # Out of a run, the same reasoning as for the first word: reading can
                    # resume at the word the next such place is in.
                    after = _TWO_CAPITALISED.search(text, last)
                    if after is None:
                        return spans
                    resume = after.start()
                    while resume > last and not text[resume - 1].isspace():
                        resume -= 1
                    check = after.end()
                    if resume > last:
                        words = _WORD_TOKEN.finditer(text, resume)
                        break
                continue
            w_start, w_end = word.span()
            if len(token) == 1 and text[w_end : w_end + 1] == ".":
                token, w_end = token + ".", w_end + 1
            adjacent = start >= 0 and _NAME_GAP.fullmatch(text, last, w_start) is not None
            last = w_end
            if _is_name_token(token):
                initial = token.endswith(".")
                if adjacent:
                    end, count = w_end, count + (0 if initial else 1)
                    continue
                if count >= 2:
                    spans.append((start, end))
                if initial:
                    start, count = -1, 0
                    continue
                start, end, count = w_start, w_end, 1
                continue
            if count >= 2:
                spans.append((start, end))
            start, end, count = -1, -1, 0
    if count >= 2:
        spans.append((start, end))
    return spans


def _has_head(phrase: str, limit: int = 8) -> bool:
    words = [w.strip("(),").lower() for w in phrase.split()[:limit]]
    return any(w in TITLE_HEADS or "-" in w and any(part in TITLE_HEADS for part in w.split("-"))
               for w in words)  # "Commissioner-General"


def _clean_org(text: str) -> str:
    return _clean(_PAREN_TAIL.sub("", text.strip(" ,.;:“”\"")))


def _clean(text: str) -> str:
    text = text.strip(" ,.;:“”\"")
    while True:
        stripped = _ARTICLE.sub("", text, count=1)
        if stripped == text:
            return text.strip()
        text = stripped


def _is_body(phrase: str) -> bool:
    """Whether `phrase` names a specific organisation ("the Department of Customs")."""
    phrase = _clean(phrase)
    words = phrase.split()
    if not words or not all(w[0].isupper() or w.lower() in _CONNECTORS or w[0] == "("
                            for w in words):
        return False
    if len(words) == 1:
        return bool(_ACRONYM.match(words[0]))
    lowered = [w.lower().strip("()") for w in words]
    if lowered[-1] in _ORG_HEADS - _SUB_UNITS:
        return True
    return any(w in _ORG_HEADS and nxt in {"of", "for"} for w, nxt in zip(lowered, lowered[1:],
                                                                           strict=False))


def _is_named_body(segment: str) -> bool:
    """A whole comma segment that names a body: "ECC", "U.S. Customs and Border Protection"."""
    words = _clean_org(segment).split()
    if not words or not all(w[0].isupper() or w.lower() in _CONNECTORS for w in words):
        return False
    return (len(words) == 1 and bool(_ACRONYM.match(words[0]))) or any(
        w.lower() in _ORG_HEADS for w in words)


def _is_country(phrase: str) -> bool:
    """Whether `phrase` is only a country's name ("Comores", "the Philippines")."""
    phrase = _clean(phrase)
    found = find_countries(phrase)
    return (len(found) == 1 and found[0].kind == "country"
            and not phrase[: found[0].start].strip(" ’'").lower().strip("ld")
            and found[0].end == len(phrase))


def _is_org(phrase: str) -> bool:
    """A body after a title's "of"/"de": "Receita Federal", "la Douane camerounaise",
    "OTR", "Department of Customs" (not a sub-unit like "Internal Affairs Office")."""
    phrase = _clean(phrase)
    words = phrase.split()
    if not words:
        return False
    if _LOWER_BODY.match(phrase):
        return True  # "ministère de l’Économie et des Finances"
    if len(words) == 1:
        return bool(_ACRONYM.match(words[0]))  # "OTR"; not "Customs" ("Comptroller of Customs")
    if words[0][0].isupper() and words[0].lower() in _ORG_HEADS - _SUB_UNITS:
        return True  # "Douane camerounaise", "Direction générale des douanes du Niger"
    if _is_body(phrase):
        return True
    return all(w[0].isupper() or w.lower() in _CONNECTORS for w in words) and any(
        w.lower() in _ORG_HEADS - _SUB_UNITS for w in words)


def _is_single_name_body(cut: str, rest: str) -> bool:
    """"vice-président de la Halcia": one capitalised word no lexicon knows, after a cut with
    an article, names a body ("Director of Ethics", "directeur de la Douane" do not)."""
    words = _clean_org(rest).split()
    return (len(words) == 1 and words[0][0].isupper() and not _is_country(words[0])
            and words[0].lower() not in _NOT_NAME
            and re.search(r"\b(?:the|la|l[’']|du|des)\s*$", cut) is not None)


def _split_title(segment: str) -> tuple[str, str | None]:
    """"Director of X at the Y" -> ("Director of X", "Y").

    An "at"/"with"/"à la" cut wins; else the last "of"/"de" cut followed by a body, so that
    "Head of the Internal Affairs Office of the Receita Federal in São Paulo" gives
    ("Head of the Internal Affairs Office", "Receita Federal"). A country after the last
    cut is not an organisation and leaves the title ("directeur général des douanes des
    Comores" -> "directeur général des douanes"), except in titles that represent a country.
    """
    segment = _clean(segment)
    match = _SPLIT_AT.search(segment)
    if match:
        org = _clean_org(_PLACE_TAIL.sub("", segment[match.end():]))
        return _clean(segment[: match.start()]), org or None
    country_cut = None
    for match in reversed(list(_SPLIT_OF.finditer(segment))):
        head, rest = segment[: match.start()], _PLACE_TAIL.sub("", segment[match.end():])
        if not _has_head(head):
            continue
        bare_de = match.group(0).strip() == "de"
        if bare_de and not _ACRONYM.match(rest) and not _is_country(rest):
            continue  # "Director Nacional de Aduanas": one title
        if _is_country(rest):
            if country_cut is None and match.end() + len(rest) >= len(segment.rstrip()):
                country_cut = match.start()
            continue
        customs_of = _CUSTOMS_OF.match(rest)
        if customs_of and _is_country(customs_of.group("country")):
            continue
        if _clean_org(rest).split()[-1].lower() in _UNITS_IN_TITLE:
            continue  # "Deputy Commissioner of the Customs Operations Division": one title
        if _is_org(_PAREN_TAIL.sub("", rest)) or _is_single_name_body(match.group(0), rest):
            return _clean(head), _clean_org(rest)
    if country_cut is not None and not any(
            w.lower() in _COUNTRY_TITLES for w in segment[:country_cut].split()):
        return _clean(segment[:country_cut]), None
    return segment, None


def _segments_after(text: str, end: int) -> list[str]:
    """Comma-separated segments following a name (parentheses kept together)."""
    if not text[end:].startswith(","):
        return []
    rest = text[end + 1:]
    segments: list[str] = []
    depth, current = 0, 0  # current: where the segment being read starts in `rest`
    for mark in _SEGMENT_MARK.finditer(rest):
        char = mark.group(0)
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif depth == 0:  # a separator outside parentheses ends the segment
            segments.append(rest[current : mark.start()].strip())
            current = mark.end()
            if char != "," or len(segments) == 3:
                break
    else:
        segments.append(rest[current:].strip())
    return [s.rstrip(".") for s in segments if s]


# The characters `_segments_after` reads: parentheses and segment separators.
_SEGMENT_MARK = re.compile(r"[(),;“”\"«»]")


_ORG_LEAD = re.compile(
    r"^(?:at|with|of|from|à|auprès d[eu]|de|du)\s+(?:the\s+|la\s+|l[’']\s*)?(?=[A-ZÀ-ÖØ-Þ])"
)


def _is_qualifier(segment: str) -> bool:
    """A comma segment that continues a title: "Human Resource Management"."""
    words = segment.split()
    return (0 < len(words) <= 5 and not _is_named_body(segment)
            and all(w[0].isupper() or w.lower() in _CONNECTORS for w in words)
            and any(w.lower() in _TITLE_WORDS | TITLE_HEADS for w in words))


# A closing parenthesis followed by a clause in lower case ends a title.
_CLAUSE_AFTER_PAREN = re.compile(r"\)\s+(?=[a-zà-ÿ][\w’']*\s+\S+\s+\S+\s+\S+)")


# "Name, Director of X and other officials": the title ends before the others.
_OTHERS_AFTER = re.compile(r"\s+(?:" + "|".join(_LEXICON["others_after"]["words"]) + r")\b")


def _title_after(text: str, end: int) -> tuple[str | None, str | None] | None:
    segments = _segments_after(text, end)
    if not segments:
        return None
    first = _ARTICLE.sub("", segments[0])
    lead = _ORG_LEAD.match(first)
    body = first[lead.end():] if lead else first
    if _is_named_body(body) and (
            not _has_head(body, 6)):
        return None, _clean_org(body)  # "Name, ZIMRA;", "Name, from the Tax Authority,"
    if _VERBISH.match(first) or not _has_head(first, 6):
        return None
    opening = first.split()[0].lower()
    if opening in _STOP and opening not in TITLE_HEADS | _TITLE_WORDS:
        return None  # "Name, en présence du directeur": a clause, not a title
    tail = _CLAUSE_AFTER_PAREN.search(first) or _OTHERS_AFTER.search(first)
    if tail:  # "présidente du comité (A-CPI) les résultats ...": the sentence goes on
        first = first[: tail.start() + (first[tail.start()] == ")")]
    if first[0].isupper() and opening not in TITLE_HEADS | _TITLE_WORDS:
        prefix = _title_prefix(first, adjacent=False)  # "the TRA Acting Regional Manager"
        if prefix and prefix[1]:
            return prefix
    if len(segments) > 1 and _is_named_body(segments[1]):
        return _clean(first), _clean_org(segments[1])
    if len(segments) > 1 and _is_qualifier(segments[1]):
        # "Name, Deputy Commissioner, Human Resource Management, at the KRA,"
        lead = _ORG_LEAD.match(segments[2]) if len(segments) > 2 else None
        if lead and _is_org(segments[2][lead.end():]):
            return _clean(f"{first}, {segments[1]}"), _clean_org(segments[2][lead.end():])
        if lead is None and all(w.lower() in _TITLE_WORDS | _CONNECTORS
                                for w in segments[1].split()):
            return _clean(f"{first}, {segments[1]}"), None
    return _split_title(first)


def _phrase_before(text: str, start: int) -> str:
    """The title-case phrase (with connectors) that ends right before `start`."""
    words = list(_WORD.finditer(text[:start]))
    kept: list[str] = []
    for word in reversed(words):
        token = word.group(0)
        if token[0].isupper() or token.lower() in _CONNECTORS or token.startswith("("):
            kept.append(token)
            continue
        break
    while kept and (kept[-1].lower() in _CONNECTORS or kept[-1].lower() in _STOP
                    and not _ACRONYM.match(kept[-1])):
        kept.pop()
    return " ".join(reversed(kept))


def _title_prefix(phrase: str, adjacent: bool = True) -> tuple[str, str | None] | None:
    """"WCO Deputy Secretary General" -> ("Deputy Secretary General", "WCO").

    `adjacent`: the phrase runs straight into the name, so it must end with a title word.
    """
    if not phrase or not _has_head(phrase, 12):
        return None
    words = [w for w in phrase.split() if not (w.startswith("(") and w.endswith(")"))]
    for i in range(len(words) - 2, 0, -1):
        if words[i].lower() in {"and", "et", "&", "y"} and _is_name_token(words[i - 1]) and not (
                _ACRONYM.match(words[i - 1])):
            words = words[i + 1:]  # "Commissioner Rose Mutua and Deputy Commissioner"
            break
    if not words:
        return None
    last = words[-1].lower().strip("()")
    if adjacent and last not in TITLE_HEADS | _TITLE_WORDS and not _ACRONYM.match(words[-1]):
        return None
    # "Malawi Revenue Authority Commissioner General": the body ends at its last head word
    # (or acronym) that a title head follows.
    for i in range(len(words) - 2, -1, -1):
        lowered = words[i].lower()
        if ((lowered in _ORG_HEADS - _SUB_UNITS
             or _ACRONYM.match(words[i]) and lowered not in _TITLE_WORDS)
                and (words[0].lower() not in TITLE_HEADS | _TITLE_WORDS
                     or _ACRONYM.match(words[0]))
                and words[i + 1].lower() in TITLE_HEADS | _TITLE_WORDS
                and _has_head(" ".join(words[i + 1:]), 12)):
            title, _ = _split_title(" ".join(words[i + 1:]))
            return title, " ".join(words[: i + 1])
    for i, word in enumerate(words):
        lowered = word.lower()
        if lowered in TITLE_HEADS or lowered in _TITLE_WORDS:
            title, split_org = _split_title(" ".join(words[i:]))
            body = _ARTICLE.sub("", " ".join(words[:i]) + " ").strip()
            return title, body or split_org
    return None


_FOR_ORG = re.compile(
    r"\b(?:on behalf of|representing|[Ff]rom|au nom de|[Dd]e la part de)\s+"
    r"(?:the\s+|la\s+|le\s+|l[’'])?(?P<org>[A-Z][^,()]*?)\s*(?:\((?P<acr>[^)]+)\))?\s*,"
    r"(?P<rest>[^,]*)$"
)


def _org_spoken_for(before: str) -> str | None:
    """"Speaking on behalf of the Norwegian Agency (Norad), Senior Adviser " -> "Norad"."""
    match = _FOR_ORG.search(before)
    if not match:
        return None
    rest = _HONORIFIC_BEFORE.sub("", match.group("rest")).split()
    if any(not w[0].isupper() and w.lower() not in _CONNECTORS for w in rest):
        return None
    org = match.group("acr") or match.group("org")
    return org if _is_named_body(org) or org[0].isupper() else None


class _Cue(NamedTuple):
    title: str | None
    organization: str | None
    rule: str  # the kind of cue that marked the person (PersonFact.rule)


def _person_at(text: str, start: int, end: int) -> _Cue | None:
    """The cue that marks text[start:end] as a person (title, organisation, rule), else None."""
    cue = _cue_at(text, start, end)
    if cue is not None and cue.organization is None:
        org = _org_spoken_for(text[:start])
        if org:
            return cue._replace(organization=org)
    return cue


_OF_ORG_AFTER = re.compile(
    r"^\s+(?:of|from)\s+((?:the\s+)?[A-Z][\w’'\- ]+?)(?=\s+[a-z]|[,.])"
    r"|^\s+\(((?:the\s+)?[A-Z][\w’'\- ]+?)\)"  # "Name (Tanzania Revenue Authority)"
)


def _title_like(title: str) -> bool:
    """Whether every word of a title is capitalised or a word of titles, bodies and their
    links: no verb ("Director of Customs emphasized the ...")."""
    for raw in title.split():
        token = raw.strip("(),")
        for elided in ("l’", "l'", "d’", "d'"):
            token = token.removeprefix(elided)
        if not token or not token[0].isalpha() or token[0].isupper():
            continue
        if token.lower() not in _NOT_NAME | _CONNECTORS | _TITLE_LINKS:
            return False
    return True


def _honorific_at(before: str) -> int | None:
    """Where the honorifics that end `before` start ("... le colonel "), if any. Only the
    tail is read: an end-anchored search would try every offset."""
    start = max(0, len(before) - _TAIL)
    found = _HONORIFIC_BEFORE.search(before, start)
    return found.start() if found else None


def _ends_with(pattern: re.Pattern[str], before: str) -> bool:
    """Whether an end-anchored `pattern` matches the tail of `before`."""
    return pattern.search(before, max(0, len(before) - _TAIL)) is not None


_TAIL = 80  # characters: longer than any honorific chain or speech verb before a name


def _honorific_free(before: str) -> str:
    at = _honorific_at(before)
    return before[:at] if at is not None else before


# An honorific after the comma that follows a span: the span ends the title of the name
# after it.
_HONORIFIC_AHEAD = re.compile(
    r"^\s*,\s*(?:" + "|".join(_LEXICON["honorifics"]["words"]) + r")\s+[A-ZÀ-ÖØ-Þ]"
)
# A byline: "By Name" / "Par Name" opening a line, the name ending it.
_BYLINE_BEFORE = re.compile(
    r"(?:^|\n)[^\S\n]*(?:[Bb]y|BY|[Pp]ar|PAR|[Pp]or|POR|[Ww]ritten by|[Rr]édigé par)[^\S\n]+$"
)
_BYLINE_AFTER = re.compile(r"^[^\S\n]*(?:$|\n|[,|–—(]|-\s)")


# A name listed in a photo caption: after the caption's mark, a comma, "and" or "et".
_CAPTION_MARK = "|".join(_LEXICON["caption_marks"]["words"])
_CAPTION_BEFORE = re.compile(
    rf"^\s*(?:{_CAPTION_MARK})(?:\s*(?:{_CAPTION_MARK}))*\s*"
    r"(?:[^.;:!?\n]*?(?:,|\band|\bet|\by)\s+)?$"
)


def _cue_at(text: str, start: int, end: int) -> _Cue | None:
    before, after = text[:start], text[end:]
    if _HONORIFIC_AHEAD.match(after):
        return None  # "the Commissioner for Domestic Taxes, Ms. Name": a title's words
    found = _title_after(text, end)
    honorific = _honorific_at(before) is not None
    prefix = None if honorific else _title_prefix(_phrase_before(text, start))
    if prefix and before.endswith(" "):
        title, org = prefix
        if found:
            return _Cue(title or found[0], org or found[1], "title-before")
        if org is None:  # "Commissioner Customs Name of the URA said"
            of_org = _OF_ORG_AFTER.match(after)
            if of_org and _is_body(of_org.group(1) or of_org.group(2)):
                org = _clean_org(of_org.group(1) or of_org.group(2))
        return _Cue(title, org, "title-before")
    if found and found[0] is None and not (honorific or _ends_with(_SPEECH_BEFORE, before)):
        found = None  # "the Consultative Group, INTERPOL": a list of bodies, not a person
    if found:
        return _Cue(*found, "title-after" if found[0] else "organisation-after")
    apposition = _apposition_before(text, start)
    if apposition and not re.match(r"^\s+[A-ZÀ-ÖØ-Þ]", after):
        return _Cue(*apposition, "apposition-before")
    # "par le Directeur général des douanes Name", "le représentant du ministère ... Name"
    clause = _clause_title(_honorific_free(before))
    if (clause is not None and clause[0] and before.endswith(" ") and _title_like(clause[0])
            and not re.match(r"^\s+[A-ZÀ-ÖØ-Þ]", after)
            and clause[0].split()[-1].lower() not in _CONNECTORS):
        return _Cue(clause[0], clause[1], "title-clause-before")
    if _ends_with(_BYLINE_BEFORE, before) and _BYLINE_AFTER.match(after):
        return _Cue(None, None, "byline")
    if _CAPTION_BEFORE.match(before) and not re.match(r"^\s+[A-ZÀ-ÖØ-Þ]", after):
        return _Cue(None, None, "caption")
    if not honorific and not _ends_with(_FREE_BEFORE, before):
        return None
    of_org = _OF_ORG_AFTER.match(after)
    if of_org and (_is_body(of_org.group(1)) if of_org.group(1) else _is_named_body(
            of_org.group(2)) and len(of_org.group(2).split()) > 1):
        return _Cue(None, _clean_org(of_org.group(1) or of_org.group(2)), "of-organisation")
    if honorific:
        return _Cue(None, None, "honorific")
    if _ends_with(_SPEECH_BEFORE, before) or _SPEECH_AFTER.match(after):
        return _Cue(None, None, "speech-verb")
    if _WHO_AFTER.match(after):
        return _Cue(None, None, "who-clause")
    return None


_SEGMENT_START = re.compile(r"(?:^|[,;:.!?“”\"«»(]\s*)([^,;:.!?“”\"«»(]*)$")
# Function words that may open the clause before a title: "Selon le", "En présence du".
_DETERMINER = re.compile(
    r"^(?:(?:selon|pour|par|d[’']après|according to|for|by|with|from|en présence d[eu]|"
    r"in the presence of)\s+)?"
    r"(?:(?P<poss>its|their|son|sa|leur)|the|le|la|l[’']|his|her|ses|du|de la|de l[’'])?"
    r"\s*(?<=\s|[’'])",
    re.IGNORECASE,
)


def _apposition_before(text: str, start: int) -> tuple[str, str | None] | None:
    """"the Director General of Nepal Customs, Name" -> (title, org).

    Also a title in lower case or French ("le Directeur général des douanes, M. Name",
    "le commissaire des douanes de l'OTR, Name"): the clause before the comma, after its
    determiner, starts with a title word. After "Its"/"Son" the organisation is left to the
    caller (`_POSSESSIVE`).
    """
    head = text[:start]
    head = _honorific_free(head)
    head = head.rstrip()
    if not head.endswith(","):
        return None
    head = head[:-1].rstrip()
    clause = _SEGMENT_START.search(head)
    words = clause.group(1).strip() if clause else ""
    determiner = _DETERMINER.match(words)
    if determiner:
        words = words[determiner.end():]
    found = _clause_title(head)
    if found is not None:
        title, org, possessive = found
        return title, (_POSSESSIVE if possessive and org is None else org)
    phrase = _phrase_before(head, len(head))
    if phrase and _has_head(phrase, 8):
        found_prefix = _title_prefix(phrase, adjacent=False)
        if found_prefix is not None:
            return found_prefix
    if True:
        first = words.split()[0].lower() if words else ""
        if (first not in TITLE_HEADS and first not in _TITLE_WORDS or len(words.split()) > 12
                or not _has_head(words, 4) or _CLAUSE_VERB.search(words)):
            return None
        split = _split_title(words)
    if determiner and determiner.group("poss") and split[1] is None:
        return split[0], _POSSESSIVE
    return split


# A determiner (or possessive) that may open a title: "the", "le", "l’", "its", "son" ...
_TITLE_DETERMINER = re.compile(
    r"(?<![\w’'])(?:(?P<poss>[Ii]ts|[Tt]heir|[Ss]on|[Ss]a|[Ll]eur|[Ss]u|[Ss]eu|[Ss]ua)\s+"
    r"|(?:[Tt]he|[Ll]e|[Ll]a|[Dd]u|[Aa]u|[Hh]is|[Hh]er|[Ee]l|[Oo]|[Aa]|[Dd]el|[Dd]o|[Dd]a)\s+"
    r"|[Ll][’'])"
)
_PARENTHESIS = re.compile(r"\s*\([^()]*\)")


def _is_title_word(word: str) -> bool:
    """A word of titles, or a hyphenated one made of them ("Diretor-Geral")."""
    lowered = word.lower()
    return lowered in TITLE_HEADS or lowered in _TITLE_WORDS or "-" in lowered and all(
        part in TITLE_HEADS or part in _TITLE_WORDS for part in lowered.split("-"))


def _clause_title(head: str) -> tuple[str, str | None, bool] | None:
    """The title that ends `head`, opened by a determiner: "the Commissioner for Customs",
    "le représentant du ministère de l’Économie", "the regional Vice-Chair and Director
    General of SAT" -> (title, organization, after a possessive).

    The last determiner whose words start with a title word (a head among the first four,
    at most 14 words, no verb) opens it; a parenthesis inside is left out.
    """
    head = _PARENTHESIS.sub("", head[-240:]).rstrip()
    for det in reversed(list(_TITLE_DETERMINER.finditer(head))):
        words = head[det.end():]
        split = words.split()
        if not split or len(split) > 14:
            return None
        if not _is_title_word(split[0]):
            continue
        if _CLAUSE_VERB.search(words) or re.search(r"[,;:.!?“”\"«»]", words):
            return None
        if not _has_head(words, 4):
            continue  # "l’Audit et du contrôle": a field inside the title
        title, org = _split_title(words)
        return title, org, det.group("poss") is not None
    return None

# A verb makes the clause before a comma a sentence, not a title.
_CLAUSE_VERB = re.compile(
    r"\b(?:a|ont|est|sont|était|sera|avait|has|have|had|is|are|was|were|will|would|said|"
    r"thanked|welcomed|opened|closed|met|remercié|salué|ouvert|clôturé)\b"
)
# Placeholder organisation for "Its Director General, Name": the body the sentence before
# is about.
_POSSESSIVE = "\0its"
_LEADING_BODY = re.compile(
    rf"^(?:The\s+|La\s+|Le\s+|L[’'])?((?:[{_UP}][\w’'&-]*|of|for|and|the|de|du|des)"
    rf"(?:\s+(?:[{_UP}][\w’'&-]*|of|for|and|the|de|du|des|\([A-Z]+\)))*)"
)


def _leading_body(sentence: str | None) -> str | None:
    """The body a sentence starts with ("The Nepal Department of Customs recorded ...")."""
    if not sentence:
        return None
    match = _LEADING_BODY.match(sentence)
    if not match:
        return None
    words = match.group(1).split()
    while words and words[-1].lower() in _CONNECTORS:
        words.pop()
    phrase = " ".join(words)
    return _clean_org(phrase) if phrase and _is_body(phrase) else None


def _strip_honorifics(name: str) -> str:
    words = name.split()
    while words and words[0].lower().rstrip(".") in _STOP:
        words.pop(0)
    return " ".join(words)


def _key(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").replace("/", " ").split())


def _merge(people: dict[str, _Person], person: _Person) -> None:
    key = _key(person.name)
    for known_key, known in people.items():
        if key == known_key or set(key.split()) <= set(known_key.split()):
            if known.title is None and person.title is not None:
                known.rule = person.rule  # the cue that gave the title decided most
            known.title = known.title or person.title
            known.organization = known.organization or person.organization
            return
    people[key] = person


# An acronym the document defines: "the Malawi Revenue Authority (MRA)".
_DEFINED_ACRONYM = re.compile(rf"\(([{_UP}][{_UP}\-&]+)\)")


def _mixed_case_name(name: str, acronyms: set[str]) -> bool:
    """A name holds a word in mixed case ("Abdoulaye TRAORÉ", not "CNPM SARL") and no
    acronym the document defines."""
    words = name.replace("/", " ").split()
    return any(any(c.islower() for c in w) for w in words) and not any(
        w in acronyms for w in words)


# A title then a surname alone, in capitals: "le Président SANKARÉ". The surname is found
# first (few words are in capitals), then the title before it.
_CAPS_WORD = re.compile(rf"(?<=\s)[{_UP}][{_UP}’'-]{{2,}}(?![\w’'-])(?!\s+[{_UP}])")
_TITLE_BEFORE_SURNAME = re.compile(
    r"(?<![\w’'])(?:[Ll]e|[Ll]a|[Tt]he)\s+(?P<title>(?i:"
    + "|".join(re.escape(h) for h in sorted(TITLE_HEADS, key=len, reverse=True))
    + r"))\s+$"
)


def _title_surnames(text: str, acronyms: set[str]) -> Iterator[tuple[str, str]]:
    """(surname, title) for each "le Président SANKARÉ" in `text`."""
    for match in _CAPS_WORD.finditer(text):
        name = match.group(0)
        if not _is_caps_surname(name) or name in acronyms:
            continue
        title = _TITLE_BEFORE_SURNAME.search(text, max(0, match.start() - 40), match.start())
        if title:
            yield name, title.group("title")


# An honorific then a surname alone: "Ms. Pedersen", "M. KONATÉ".
_HONORIFIC_SURNAME = re.compile(
    r"(?<![\w’'.])(?:" + "|".join(_LEXICON["civil_honorifics"]["words"]) + r")\s+"
    rf"(?P<name>[{_UP}][\w’'-]+)(?![\w’'-])(?!\s*[{_UP}])(?!\.\w)"
)
_HONORIFIC_HINTS = tuple(_LEXICON["civil_honorifics"]["hints"])


def _honorific_surnames(text: str, acronyms: set[str]) -> Iterator[str]:
    if not any(map(text.__contains__, _HONORIFIC_HINTS)):
        return
    for match in _HONORIFIC_SURNAME.finditer(text):
        name = match.group("name")
        if _is_name_token(name) and name not in acronyms and not _is_country(name):
            yield name


def _drop_known_surnames(people: dict[str, _Person]) -> list[_Person]:
    """A surname alone that a fuller name of the document holds is that person."""
    words = {w for key in people if " " in key for w in key.split()}
    return [p for key, p in people.items() if " " in key or key not in words]


def extract_people(ctx: Context) -> list[PersonFact]:
    people: dict[str, _Person] = {}
    previous: str | None = None
    acronyms = set(_DEFINED_ACRONYM.findall(ctx.body))
    for sentence in ctx.sentences:
        text, previous_text, previous = sentence.text, previous, sentence.text
        for start, end in _name_spans(text):
            cue = _person_at(text, start, end)
            if cue is None:
                continue
            name = _strip_honorifics(text[start:end])
            if len(name.split()) < 2 or _is_country(name) or not _mixed_case_name(
                    name, acronyms):
                continue
            title, org, rule = cue
            if org == _POSSESSIVE:
                org = _leading_body(previous_text)
            elif org and _is_country(org):
                org = None
            _merge(people, _Person(name, title or None, org or None, sentence, rule))
        for name, title in _title_surnames(text, acronyms):
            _merge(people, _Person(name, title, None, sentence, "title-surname"))
        for name in _honorific_surnames(text, acronyms):
            _merge(people, _Person(name, None, None, sentence, "honorific-surname"))
    return [PersonFact(p.name, p.title, p.organization, p.sentence.evidence(), rule=p.rule)
            for p in _drop_known_surnames(people)]

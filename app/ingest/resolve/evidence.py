"""Are two reports the same activity? Pairwise evidence, one decision, and its reason.

`compare(a, b)` is a pure, symmetric function of two reports. It first looks for a
**conflict** (a reason they cannot be one activity), then for a **rule** that makes them
one. Conflicts, in order:

- `same-document`: a document's events are distinct activities by construction;
- `type`: the types are not compatible (`type_compatible` in app/vocab/resolution.json:
  a workshop may be reported as meetings, a launch as a workshop; a survey and its launch
  are different);
- `dates`: both are dated and the intervals they may mean do not meet, honouring precision
  (`2023-11` is every day of November, so it meets `2023-11-27`);
- `anchor`: one is undated and its document's time does not meet the other's dates (or
  document time): from a year before the publication date to three months after it, else
  a year around the document's other events' dates; a document with neither has no time,
  and nothing to conflict;
- `venue`: different countries, or different cities, or one online and the other held in
  a named city. A city is read through the gazetteer (`places.city_identity`): two
  spellings of one city ("Bruxelles", "Brussels") are one venue, and a city with no
  country stated gives its country ("Nairobi" is in Kenya);
- `ordinal`: both names carry ordinals and they differ ("2nd" and "3rd" survey);
- `parties`: both documents name beneficiary administrations (partner or host) and they
  share none: the activities were for different administrations. The venue's country is
  not read here (an event at the WCO in Brussels is no Belgian activity; the venue
  conflict compares venues).

Rules that make two reports one activity (the first that holds is the reason); every rule
applies only when no conflict holds, so the conflicts carry much of the evidence.
"Parties" below are the beneficiary administrations and the venue's country:

- `same-days-same-venue`: day-precise dates that overlap, the same city or country, and the
  same type or a shared name word;
- `same-days-same-parties`: day-precise dates that overlap, a shared party (experts are
  lent to many activities and do not count), and the same type or a shared name word;
- `same-days`: day-precise dates that overlap and the same type or a shared name word;
- `same-days-same-place`: day-precise dates that overlap and the same venue or a shared
  party, with compatible types and no word in common (a mission and the training it gave,
  named differently by two sources);
- `same-name`: compatible dates (a month-only date is compatible with its days) and
  strongly overlapping names, or one name wholly inside the other with a shared word and
  the same type (a cut-off heading, "Symposium on");
- `same-month-same-parties`: compatible dates, at least one month-only, a shared party,
  and the same type or a shared name word;
- `same-name-undated`: one report undated (its document's time fits, or the document has
  none), strongly overlapping names, and a shared administration, venue or person;
- `same-parties-undated`: one report undated (as above), the same type, a shared party
  and a shared person (a name misspelt counts), and a shared name word or both online: a
  date-less report needs several kinds of evidence at once.

Names are compared as weighted word stems: function words are dropped, French, Spanish and
Portuguese words are read as their English equivalents (`equivalents`, looked up in the
singular too; one word may stand for two: "roundtable"), words nearly every name of this
domain shares (event types, "customs", "integrity", the programme, country names and
demonyms) count a quarter, years and month names are dropped; a stem is the word without a
plural `s` or a final `e`, cut to six letters. "Shared name word" means at least one
full-weight stem in common; "strongly overlapping" means a shared name word and at least
two words' weight in common, covering 60% of the shorter name.

`resolution` finds candidates by blocking keys instead of comparing a report with every
other: every rule for two dated reports needs the same type or a shared name word (by
month), or overlapping day-precise dates (by day); every rule for an undated report needs a
shared word, or the same type and a shared party.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from difflib import SequenceMatcher
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from app.core.text import normalise_person_name, strip_accents
from app.ingest.resolve.reports import Report, Span

PARTY_ROLES = frozenset({"partner", "host"})
GENERIC_WEIGHT = 0.25
STRONG_SHARED = 2.0
STRONG_OVERLAP = 0.6
ANCHOR_BEFORE = timedelta(days=365)  # an undated event may lie this long before publication
ANCHOR_AFTER = timedelta(days=92)  # ... and this long after it (announced events)
SIBLING_REACH = timedelta(days=365)  # around the document's other dated events
PERSON_SIMILARITY = 0.85

_WORD = re.compile(r"[a-z0-9]+")
_NUMERIC_ORDINAL = re.compile(r"^(\d{1,3})(?:st|nd|rd|th|e|er|re|eme|ere|o|a)$")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    compatible: frozenset[tuple[str, str]]
    stopwords: frozenset[str]
    generic: frozenset[str]
    ordinals: dict[str, int]
    months: frozenset[str]
    equivalents: dict[str, tuple[str, ...]]  # a word -> its English word(s)


def _singular(word: str) -> str:
    """The word without a plural `s` (English, French, Spanish, Portuguese)."""
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


def _stem(word: str) -> str:
    """A crude, language-blind stem: no plural `s`, no final French `e` (visite/visit,
    interne/intern), the first six letters."""
    word = _singular(word)
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word[:6]


def _country_words() -> set[str]:
    """Words of country names (English, French) and demonyms: they name parties, not events."""
    from app.vocab import countries

    words: set[str] = set()
    for c in countries():
        for name in (c.name_en, c.name_fr):
            words.update(_WORD.findall(strip_accents(name).lower()))
    text = files("app.vocab").joinpath("demonyms.csv").read_text("utf-8")
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    for row in list(csv.reader(rows))[1:]:
        for form in row[1:]:
            words.update(_WORD.findall(strip_accents(form).lower()))
    return {w for w in words if len(w) > 3}


@cache
def vocabulary() -> Vocabulary:
    data: dict[str, Any] = json.loads(
        files("app.vocab").joinpath("resolution.json").read_text("utf-8"))
    pairs: set[tuple[str, str]] = set()
    for kind, others in data["type_compatible"].items():
        if kind.startswith("_"):
            continue
        pairs.add((kind, kind))
        for other in others:
            pairs.update({(kind, other), (other, kind)})
    generic_words = set(data["generic_words"]["words"]) | _country_words()
    return Vocabulary(
        compatible=frozenset(pairs),
        stopwords=frozenset(data["stopwords"]),
        generic=frozenset(generic_words | {_stem(w) for w in generic_words}),
        ordinals={k: v for k, v in data["ordinal_words"].items() if not k.startswith("_")},
        months=frozenset(data["month_words"]),
        equivalents={k: tuple(_WORD.findall(v)) for k, v in data["equivalents"].items()
                     if not k.startswith("_")},
    )


def types_compatible(a: str, b: str) -> bool:
    return (a, b) in vocabulary().compatible


def name_stems(name: str) -> tuple[dict[str, float], frozenset[int]]:
    """A name's weighted stems and the ordinals it carries."""
    vocab = vocabulary()
    stems: dict[str, float] = {}
    ordinals: set[int] = set()
    for word in _WORD.findall(strip_accents(name).lower()):
        numeric = _NUMERIC_ORDINAL.match(word)
        if numeric:
            ordinals.add(int(numeric.group(1)))
            continue
        if word in vocab.ordinals:
            ordinals.add(vocab.ordinals[word])
            continue
        if word in vocab.stopwords or word in vocab.months or word.isdigit() or len(word) < 2:
            continue
        for english in _english(word):
            stem = _stem(english)
            generic = english in vocab.generic or stem in vocab.generic
            weight = GENERIC_WEIGHT if generic else 1.0
            stems[stem] = max(stems.get(stem, 0.0), weight)
    return stems, frozenset(ordinals)


def _english(word: str) -> tuple[str, ...]:
    """The English word(s) of a name word (`equivalents`, looked up as written, then in the
    singular: a plural needs no entry of its own); else the word itself."""
    equivalents = vocabulary().equivalents
    return equivalents.get(word) or equivalents.get(_singular(word)) or (word,)


def _city(value: str | None) -> str | None:
    if not value:
        return None
    return "".join(_WORD.findall(strip_accents(value).lower())) or None


def _city_place(value: str | None) -> tuple[int | None, str | None]:
    """The gazetteer's city (its id, its country) for a venue city, in any spelling it lists
    ("Bruxelles" is Brussels); (None, None) when unknown. Loads the gazetteer on first use."""
    if not value:
        return None, None
    from app.ingest.extract.places import city_country, city_identity

    return city_identity(value), city_country(value)


@dataclass(frozen=True, slots=True)
class Features:
    """What `compare` reads of a report, computed once."""

    key: tuple[str, int]
    document: str
    type: str
    interval: tuple[date, date] | None  # the days the stated dates may mean
    day_precise: bool
    reach: tuple[date, date] | None  # the interval, else the document's time, else None
    stems: dict[str, float]
    ordinals: frozenset[int]
    city: str | None
    city_id: int | None  # the gazetteer's city, whatever the spelling
    country: str | None  # the stated country, else the gazetteer's country of the city
    online: bool
    parties: frozenset[str]  # administrations as partner or host, and the venue
    beneficiaries: frozenset[str]  # partner or host administrations the document names
    people: tuple[str, ...]

    @classmethod
    def of(cls, report: Report) -> Features:
        interval = _interval(report.start, report.end)
        day_precise = bool(report.start and report.start.precision == "day"
                           and (report.end is None or report.end.precision == "day"))
        stems, ordinals = name_stems(report.name)
        named = frozenset(country for country, roles in report.context.administrations
                          if PARTY_ROLES & set(roles))
        city_id, city_country = _city_place(report.city)
        country = report.country or city_country
        return cls(
            key=report.key, document=report.document, type=report.type, interval=interval,
            day_precise=day_precise, reach=interval or _anchor(report), stems=stems,
            ordinals=ordinals, city=_city(report.city), city_id=city_id, country=country,
            online=report.online, parties=named | {country} if country else named,
            beneficiaries=named,
            people=tuple(sorted({normalise_person_name(p) for p in report.context.people})),
        )


def _interval(start: Span | None, end: Span | None) -> tuple[date, date] | None:
    if start is None:
        return None if end is None else (end.lo, end.hi)
    hi = end.hi if end is not None else start.hi
    return (start.lo, max(hi, start.hi))


def _anchor(report: Report) -> tuple[date, date] | None:
    """The time of an undated report's document: its publication, else its other events."""
    published = report.context.published
    if published is not None:
        return (published - ANCHOR_BEFORE, published + ANCHOR_AFTER)
    if report.siblings:
        return (min(s.lo for s in report.siblings) - SIBLING_REACH,
                max(s.hi for s in report.siblings) + SIBLING_REACH)
    return None


def _meet(a: tuple[date, date], b: tuple[date, date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _people_overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    return any(x == y or _similar_names(x, y) for x in a for y in b)


@lru_cache(maxsize=1 << 16)
def _similar_names(x: str, y: str) -> bool:
    """The same person spelt differently. Names recur across reports, so the answer is
    cached; the cheap upper bounds of the ratio rule most pairs out first."""
    matcher = SequenceMatcher(None, x, y)
    return (matcher.real_quick_ratio() >= PERSON_SIMILARITY
            and matcher.quick_ratio() >= PERSON_SIMILARITY
            and matcher.ratio() >= PERSON_SIMILARITY)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The decision on two reports: `rule` when the same activity, `conflict` when not."""

    same: bool
    rule: str | None = None
    conflict: str | None = None
    score: float = 0.0


def conflict(a: Features, b: Features) -> str | None:
    """The reason two reports cannot be one activity, or None."""
    if a.document == b.document:
        return "same-document"
    if not types_compatible(a.type, b.type):
        return "type"
    if a.interval and b.interval:
        if not _meet(a.interval, b.interval):
            return "dates"
    elif a.reach and b.reach and not _meet(a.reach, b.reach):
        return "anchor"
    if a.country and b.country and a.country != b.country:
        return "venue"
    if a.city and b.city and not _same_city(a, b):
        return "venue"
    if (a.online and not b.online and b.city) or (b.online and not a.online and a.city):
        return "venue"
    if a.ordinals and b.ordinals and not a.ordinals & b.ordinals:
        return "ordinal"
    if a.beneficiaries and b.beneficiaries and not a.beneficiaries & b.beneficiaries:
        return "parties"
    return None


def _same_city(a: Features, b: Features) -> bool:
    """One city: one name contains the other ("Addis" in "Addis Ababa"), or the gazetteer
    knows both spellings as one city ("Bruxelles", "Brussels")."""
    assert a.city and b.city
    return (a.city in b.city or b.city in a.city
            or (a.city_id is not None and a.city_id == b.city_id))


def compare(a: Features, b: Features) -> Verdict:
    """Whether two reports are the same activity, with the rule or conflict that says so."""
    reason = conflict(a, b)
    if reason:
        return Verdict(False, conflict=reason)
    shared_stems = a.stems.keys() & b.stems.keys()
    shared = sum(min(a.stems[s], b.stems[s]) for s in shared_stems)
    shortest = min(sum(a.stems.values()), sum(b.stems.values()))
    overlap = shared / shortest if shortest else 0.0
    word = any(a.stems[s] == 1.0 and b.stems[s] == 1.0 for s in shared_stems)
    same_type = a.type == b.type
    strong = word and shared >= STRONG_SHARED and overlap >= STRONG_OVERLAP
    # a short name (a cut-off heading, a bare "Symposium") inside a longer one of its type
    contained = word and same_type and overlap >= 1.0
    parties = bool(a.parties & b.parties)
    venue = bool((a.city and b.city and _same_city(a, b))
                 or (a.country and a.country == b.country))
    people = _people_overlap(a.people, b.people)
    dated = a.interval is not None and b.interval is not None
    days = dated and a.day_precise and b.day_precise
    both_online = a.online and b.online

    score = overlap * 2 + 0.5 * same_type + 0.5 * parties + 0.5 * people + 1.0 * venue
    if days:
        score += 2.0
    elif dated:
        score += 1.0

    rule: str | None = None
    if days and venue and (same_type or word):
        rule = "same-days-same-venue"
    elif days and parties and (same_type or word):
        rule = "same-days-same-parties"
    elif days and (word or same_type):
        rule = "same-days"
    elif days and (venue or parties):
        rule = "same-days-same-place"
    elif dated and (strong or contained):
        rule = "same-name"
    elif dated and parties and (same_type or word):
        rule = "same-month-same-parties"
    elif not dated and strong and (parties or venue or people):
        rule = "same-name-undated"
    elif not dated and same_type and parties and people and (word or both_online):
        rule = "same-parties-undated"
    return Verdict(rule is not None, rule=rule, score=round(score, 6))


def same_activity(a: Report, b: Report) -> Verdict:
    """`compare` on two reports (features computed on the spot)."""
    return compare(Features.of(a), Features.of(b))

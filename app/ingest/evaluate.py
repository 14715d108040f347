"""Score extracted facts against a gold file in the corpus schema.

Matching rules (also in the README):
- documents are paired by key, else by file name;
- administrations: the set of countries per document; roles: (country, role) pairs;
- funders: slugs; themes: slugs; people: normalised names (case, accents and honorifics
  ignored); people_title: (normalised name, title) of every person, the title compared
  case-insensitively with its whitespace collapsed, null when none or blank: a person is
  right only with the right title, or with none where gold has none (a wrong or missing
  title is a miss and a false alarm);
  partner_count: one item per document where gold or prediction states one, right only
  when equal;
- events are paired within a document greedily (same start and type, then same start, then
  same type, then order); each field of a paired event (type, start, end, venue =
  city+country, country, city, online) is one item, right when equal; fields of unpaired
  events count as misses and false alarms. Null values are not items, except `online`,
  which is always one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from app.core.text import normalise_person_name

FIELDS = (
    "administrations", "roles", "funders", "people", "people_title", "partner_count",
    "event_type", "event_start", "event_end", "event_venue", "event_country", "event_city",
    "event_online", "themes",
)
EVENT_FIELDS = {"event_type": "type", "event_start": "start", "event_end": "end",
                "event_country": "country", "event_city": "city", "event_online": "online"}


def ratio(right: int, total: int) -> float:
    """Precision or recall: right / total, 1.0 when there is nothing to count."""
    return right / total if total else 1.0


def harmonic(precision: float, recall: float) -> float:
    """F1, the harmonic mean of precision and recall (0.0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


class Rates:
    """Precision, recall and F1 of anything counting true positives, false alarms, misses."""

    __slots__ = ()
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)


@dataclass
class FieldScore(Rates):
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list[str] = field(default_factory=list)


    def add_sets(self, doc: str, gold: Iterable[Any], pred: Iterable[Any]) -> None:
        g, p = set(gold), set(pred)
        self.tp += len(g & p)
        self.fp += len(p - g)
        self.fn += len(g - p)
        for item in sorted(map(str, p - g)):
            self.errors.append(f"{doc}: unexpected {item}")
        for item in sorted(map(str, g - p)):
            self.errors.append(f"{doc}: missed {item}")


def pair_events(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    free_g, free_p = set(range(len(gold))), set(range(len(pred)))
    for key in (lambda e: (e["start"], e["type"]), lambda e: e["start"], lambda e: e["type"]):
        for gi in sorted(free_g):
            for pi in sorted(free_p):
                if key(gold[gi]) == key(pred[pi]) and key(gold[gi]) not in (None, (None, None)):
                    pairs.append((gi, pi))
                    free_g.discard(gi)
                    free_p.discard(pi)
                    break
    pairs.extend(zip(sorted(free_g), sorted(free_p), strict=False))
    return pairs


def normalise_title(title: str) -> str:
    """A title as people_title compares it: case folded, whitespace collapsed."""
    return " ".join(title.casefold().split())


def titled_people(people: Iterable[dict[str, Any]]) -> set[tuple[str, str | None]]:
    """(normalised name, normalised title or None) of each person."""
    return {(normalise_person_name(x["name"]), normalise_title(x.get("title") or "") or None)
            for x in people}


def _event_items(event: dict[str, Any], name: str) -> set[Any]:
    if name == "event_venue":
        return {(event.get("city"), event.get("country"))} if (
            event.get("city") or event.get("country")) else set()
    value = event.get(EVENT_FIELDS[name])
    return set() if value is None else {value}


def score(gold: dict[str, Any], predicted: dict[str, Any]) -> dict[str, FieldScore]:
    """Per-field scores of `predicted` against `gold` (both keyed by document path)."""
    by_name = {PurePosixPath(k).name: v for k, v in predicted.items()}
    scores = {name: FieldScore() for name in FIELDS}
    for key, g in gold.items():
        p = predicted.get(key) or by_name.get(PurePosixPath(key).name) or {}
        doc = PurePosixPath(key).name
        scores["administrations"].add_sets(
            doc, (a["country"] for a in g["administrations"]),
            (a["country"] for a in p.get("administrations", [])))
        scores["roles"].add_sets(
            doc, ((a["country"], r) for a in g["administrations"] for r in a["roles"]),
            ((a["country"], r) for a in p.get("administrations", []) for r in a["roles"]))
        scores["funders"].add_sets(doc, g["funders"], p.get("funders", []))
        scores["themes"].add_sets(doc, g["themes"], p.get("themes", []))
        scores["people"].add_sets(
            doc, (normalise_person_name(x["name"]) for x in g["people"]),
            (normalise_person_name(x["name"]) for x in p.get("people", [])))
        scores["people_title"].add_sets(
            doc, titled_people(g["people"]), titled_people(p.get("people", [])))
        gc, pc = g.get("partner_count"), p.get("partner_count")
        scores["partner_count"].add_sets(
            doc, [gc] if gc is not None else [], [pc] if pc is not None else [])
        g_events, p_events = g["events"], p.get("events", [])
        paired = pair_events(g_events, p_events)
        for name in ("event_type", "event_start", "event_end", "event_venue", "event_country",
                     "event_city", "event_online"):
            sc = scores[name]
            for gi, pi in paired:
                sc.add_sets(f"{doc}#{gi}", _event_items(g_events[gi], name),
                            _event_items(p_events[pi], name))
            for gi in set(range(len(g_events))) - {gi for gi, _ in paired}:
                sc.add_sets(f"{doc}#{gi}", _event_items(g_events[gi], name), set())
            for pi in set(range(len(p_events))) - {pi for _, pi in paired}:
                sc.add_sets(f"{doc}#+{pi}", set(), _event_items(p_events[pi], name))
    return scores

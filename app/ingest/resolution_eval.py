"""Scoring event resolution against `events-same.json`-style gold.

The gold: `{"clusters": [{"members": [["articles/a.txt", 0], ...], "why": "..."}]}`, each
member a document key of the gold file and an index into its `events`; every gold event in
no cluster is an event of its own. Members whose document is not in the gold file are left
out (scoring a subset of documents scores the clusters restricted to it).

Two measures, on the same items:

- **pairwise**: every pair of items in one cluster is a "same activity" link; precision,
  recall and F1 of the predicted links against the gold links;
- **B-cubed**: per item, precision = |predicted cluster ∩ gold cluster| / |predicted
  cluster| and recall = |predicted ∩ gold| / |gold cluster|, averaged over items; F1 of the
  two averages.

Two inputs:

- **gold**: the gold events and the gold document facts are the reports (resolution alone);
- **extracted**: `extract` on each document; its events are paired with the gold events of
  their document as `acip eval` pairs them (`evaluate.pair_events`), and a predicted link
  between two paired events is a link between their gold events. A gold event with no
  extracted partner is a singleton in the prediction; an extracted event with no gold
  partner is an extra item, a singleton in the gold (so linking it is a wrong link).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from app.ingest.evaluate import Rates, harmonic, pair_events
from app.ingest.resolve import Report, resolve
from app.ingest.resolve.reports import reports_from_annotation

Item = tuple[str, int]


@dataclass(frozen=True, slots=True)
class PairScore(Rates):
    tp: int
    fp: int
    fn: int


@dataclass(frozen=True, slots=True)
class BCubed:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return harmonic(self.precision, self.recall)


def _links(clusters: Iterable[Iterable[Item]]) -> set[tuple[Item, Item]]:
    return {(a, b) for c in clusters for a, b in combinations(sorted(set(c)), 2)}


def _complete(clusters: Iterable[Iterable[Item]], items: Iterable[Item]) -> list[set[Item]]:
    """The clusters restricted to `items`, plus a singleton for every item in none."""
    universe = set(items)
    out = [set(c) & universe for c in clusters]
    out = [c for c in out if c]
    placed = set().union(*out) if out else set()
    out.extend({i} for i in sorted(universe - placed))
    return out


def pairwise(gold: Iterable[Iterable[Item]], predicted: Iterable[Iterable[Item]]) -> PairScore:
    g, p = _links(gold), _links(predicted)
    return PairScore(tp=len(g & p), fp=len(p - g), fn=len(g - p))


def bcubed(gold: Iterable[Iterable[Item]], predicted: Iterable[Iterable[Item]],
           items: Iterable[Item]) -> BCubed:
    universe = sorted(set(items))
    if not universe:
        return BCubed(1.0, 1.0)
    g_of = {i: frozenset(c) for c in _complete(gold, universe) for i in c}
    p_of = {i: frozenset(c) for c in _complete(predicted, universe) for i in c}
    precision = sum(len(p_of[i] & g_of[i]) / len(p_of[i]) for i in universe) / len(universe)
    recall = sum(len(p_of[i] & g_of[i]) / len(g_of[i]) for i in universe) / len(universe)
    return BCubed(precision, recall)


def gold_items(gold: Mapping[str, Any]) -> list[Item]:
    return [(doc, i) for doc, entry in sorted(gold.items())
            for i in range(len(entry.get("events") or ()))]


def gold_clusters(same: Mapping[str, Any], gold: Mapping[str, Any]) -> list[set[Item]]:
    """The gold clusters over the gold file's events (singletons included)."""
    clusters = [{(str(m[0]), int(m[1])) for m in c["members"]} for c in same["clusters"]]
    return _complete(clusters, gold_items(gold))


@dataclass(frozen=True, slots=True)
class ResolutionScore:
    input: str
    items: int
    reports: int
    gold_events: int
    predicted_events: int
    pairwise: PairScore
    bcubed: BCubed
    rules: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "input": self.input, "items": self.items, "reports": self.reports,
            "gold_events": self.gold_events, "predicted_events": self.predicted_events,
            "pairwise": {"precision": round(self.pairwise.precision, 4),
                         "recall": round(self.pairwise.recall, 4),
                         "f1": round(self.pairwise.f1, 4), "tp": self.pairwise.tp,
                         "fp": self.pairwise.fp, "fn": self.pairwise.fn},
            "bcubed": {"precision": round(self.bcubed.precision, 4),
                       "recall": round(self.bcubed.recall, 4),
                       "f1": round(self.bcubed.f1, 4)},
            "links_by_rule": dict(sorted(self.rules.items())),
        }


def _score(name: str, reports: list[Report], to_item: Mapping[Item, Item],
           items: list[Item], gold: list[set[Item]]) -> ResolutionScore:
    resolution = resolve(reports)
    predicted = [{to_item[k] for k in members} for members in resolution.clusters()]
    rules: dict[str, int] = {}
    for a, others in resolution.links.items():
        for b, verdict in others.items():
            if a < b and verdict.rule and resolution.event_of[a] == resolution.event_of[b]:
                rules[verdict.rule] = rules.get(verdict.rule, 0) + 1
    return ResolutionScore(
        input=name, items=len(items), reports=len(reports), gold_events=len(gold),
        predicted_events=len(predicted), pairwise=pairwise(gold, predicted),
        bcubed=bcubed(gold, predicted, items), rules=rules,
    )


def score_gold_input(gold: Mapping[str, Any], same: Mapping[str, Any]) -> ResolutionScore:
    """Resolution alone: the gold events and document facts are the reports."""
    reports = [r for doc, entry in sorted(gold.items())
               for r in reports_from_annotation(doc, entry)]
    items = gold_items(gold)
    return _score("gold", reports, {r.key: r.key for r in reports}, items,
                  gold_clusters(same, gold))


def score_extracted(gold: Mapping[str, Any], same: Mapping[str, Any],
                    predicted: Mapping[str, Mapping[str, Any]]) -> ResolutionScore:
    """End to end: `predicted` holds each document's extracted facts (corpus schema)."""
    reports: list[Report] = []
    to_item: dict[Item, Item] = {}
    items = gold_items(gold)
    for doc, entry in sorted(gold.items()):
        facts = predicted.get(doc) or {}
        doc_reports = reports_from_annotation(doc, facts)
        reports.extend(doc_reports)
        pairs = dict((pi, gi) for gi, pi in pair_events(
            list(entry.get("events") or ()), list(facts.get("events") or ())))
        for r in doc_reports:
            if r.index in pairs:
                to_item[r.key] = (doc, pairs[r.index])
            else:
                to_item[r.key] = (doc, -1 - r.index)  # an extra event: a singleton in gold
                items.append(to_item[r.key])
    return _score("extracted", reports, to_item, items, gold_clusters(same, gold))


def evaluate_resolution(gold: Mapping[str, Any], same: Mapping[str, Any], directory: Path,
                        max_bytes: int) -> tuple[list[ResolutionScore], list[str]]:
    """Both scores; the gold documents with no file under `directory` are listed."""
    from app.ingest.measure import extract_file, locate

    found, missing = locate(dict(gold), directory)
    predicted = {key: extract_file(path, max_bytes) for key, path in found.items()}
    return [score_gold_input(gold, same), score_extracted(gold, same, predicted)], missing

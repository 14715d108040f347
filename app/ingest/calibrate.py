"""Calibration: each extracted fact judged right or wrong against gold, the share of right
facts per (kind, rule key) written as the confidence table, and reliability measured.

A fact is right when (gold in the corpus schema, see app/ingest/evaluate.py):
- administration: its country is among the document's gold administrations (any role);
- role (one per role of an administration): (country, role) is among gold's;
- funder, theme: its slug is among gold's;
- person: its normalised name is among gold's people (title and organisation aside);
- partner_count: it equals gold's;
- event: it is paired with a gold event (evaluate.pair_events) of the same type. Its dates
  and venue are not judged here: they are measured by `acip eval`.

Fitting (`fit`): the kind's mean is Laplace-smoothed, (right + 1) / (n + 2). The rule keys
of events and roles (extract/confidence.py) form two levels: the value ("partner",
"workshop", every rule of it together) and the whole key ("partner:listed"). Each level is
smoothed toward the level above with a beta prior worth PRIOR_WEIGHT facts:
p = (right + w * parent) / (n + w). A rule seen on few facts stays near its kind's mean
(or its value's); one seen on many says its own rate.

Reliability (`reliability`): per kind, facts binned by confidence, each bin's count, mean
confidence and observed accuracy; the key figure is the accuracy of the facts at 0.9 or
more, which should be at least 0.9. `cross_fitted` re-scores each document's facts with a
table fitted on the other documents only (k folds): the reliability of calibrating on a
set, measured on that same set without judging a fact by a table it helped fit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table as RichTable

from app.core.text import normalise_person_name
from app.ingest.evaluate import pair_events
from app.ingest.extract.confidence import (
    KINDS,
    VALUED,
    Table,
    role_key,
    rule_key,
    value_of,
)
from app.ingest.extract.facts import Facts

PRIOR_WEIGHT = 4.0  # pseudo-facts of the beta prior at the parent level's rate
BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 1.0)  # confidence bins: [0, .5), ..., [.9, 1]
HIGH = 0.9


@dataclass(frozen=True, slots=True)
class Judged:
    """One extracted fact: its kind, rule key, confidence and whether gold has it."""

    kind: str
    key: str
    confidence: float | None
    right: bool


def judge(facts: Facts, gold: dict[str, Any]) -> list[Judged]:
    """Every fact of one document judged against its gold entry (see the module docstring)."""
    out: list[Judged] = []
    countries = {a["country"] for a in gold.get("administrations", [])}
    roles = {(a["country"], r) for a in gold.get("administrations", []) for r in a["roles"]}
    for admin in facts.administrations:
        out.append(Judged("administration", rule_key(admin), admin.confidence,
                          admin.country in countries))
        for role in admin.roles:
            out.append(Judged("role", role_key(admin, role), admin.role_confidence.get(role),
                              (admin.country, role) in roles))
    funders, themes = set(gold.get("funders", [])), set(gold.get("themes", []))
    out += [Judged("funder", rule_key(f), f.confidence, f.slug in funders)
            for f in facts.funders]
    out += [Judged("theme", rule_key(t), t.confidence, t.slug in themes) for t in facts.themes]
    people = {normalise_person_name(p["name"]) for p in gold.get("people", [])}
    out += [Judged("person", rule_key(p), p.confidence, normalise_person_name(p.name) in people)
            for p in facts.people]
    if facts.partner_count is not None:
        pc = facts.partner_count
        out.append(Judged("partner_count", rule_key(pc), pc.confidence,
                          pc.value == gold.get("partner_count")))
    gold_events = gold.get("events", [])
    predicted = facts.to_gold()["events"]
    paired = dict((pi, gi) for gi, pi in pair_events(gold_events, predicted))
    for pi, event in enumerate(facts.events):
        gi = paired.get(pi)
        out.append(Judged("event", rule_key(event), event.confidence,
                          gi is not None and gold_events[gi]["type"] == event.type))
    return out


@dataclass
class _Count:
    n: int = 0
    right: int = 0

    def add(self, right: bool) -> None:
        self.n += 1
        self.right += right

    def smoothed(self, parent: float, weight: float) -> float:
        return (self.right + weight * parent) / (self.n + weight)


def fit(judged: Iterable[Judged], prior_weight: float = PRIOR_WEIGHT,
        source: str = "") -> dict[str, Any]:
    """The confidence table (the JSON of app/vocab/confidence.json) from judged facts."""
    kinds: dict[str, _Count] = defaultdict(_Count)
    values: dict[tuple[str, str], _Count] = defaultdict(_Count)
    keys: dict[tuple[str, str], _Count] = defaultdict(_Count)
    for j in judged:
        kinds[j.kind].add(j.right)
        if j.kind in VALUED:
            values[(j.kind, value_of(j.key))].add(j.right)
        keys[(j.kind, j.key)].add(j.right)
    out: dict[str, Any] = {}
    for kind in KINDS:
        total = kinds.get(kind, _Count())
        mean = (total.right + 1) / (total.n + 2)
        rules: dict[str, Any] = {}
        parents: dict[str, float] = {}
        for (k, value), count in sorted(values.items()):
            if k == kind:
                parents[value] = count.smoothed(mean, prior_weight)
                rules[value] = _entry(parents[value], count)
        for (k, key), count in sorted(keys.items()):
            if k == kind and key and key not in rules:
                parent = parents.get(value_of(key), mean) if kind in VALUED else mean
                rules[key] = _entry(count.smoothed(parent, prior_weight), count)
        out[kind] = {"default": round(mean, 4), "n": total.n, "right": total.right,
                     "rules": dict(sorted(rules.items()))}
    return {
        "_source": source or "Written by `acip calibrate` (app/ingest/calibrate.py).",
        "prior_weight": prior_weight,
        "kinds": out,
    }


def cross_fitted(by_document: dict[str, list[Judged]], folds: int,
                 prior_weight: float = PRIOR_WEIGHT) -> list[Judged]:
    """Every fact with the confidence of a table fitted on the documents of the other folds
    (documents dealt to `folds` folds in key order)."""
    keys = sorted(by_document)
    out: list[Judged] = []
    for fold in range(folds):
        held = {k for i, k in enumerate(keys) if i % folds == fold}
        table = Table.from_json(fit((j for k in keys if k not in held for j in by_document[k]),
                                    prior_weight))
        out += [Judged(j.kind, j.key, table.lookup(j.kind, j.key), j.right)
                for k in keys if k in held for j in by_document[k]]
    return out


def _entry(p: float, count: _Count) -> dict[str, Any]:
    return {"p": round(p, 4), "n": count.n, "right": count.right}


@dataclass
class Bin:
    low: float
    high: float
    n: int = 0
    right: int = 0
    confidence_sum: float = 0.0

    @property
    def mean_confidence(self) -> float | None:
        return self.confidence_sum / self.n if self.n else None

    @property
    def accuracy(self) -> float | None:
        return self.right / self.n if self.n else None


@dataclass
class Reliability:
    """Per kind (and "all"): the confidence bins, and the facts at HIGH or more."""

    bins: dict[str, list[Bin]] = field(default_factory=dict)
    high: dict[str, Bin] = field(default_factory=dict)
    unscored: int = 0  # facts without a confidence

    def calibration_error(self, kind: str) -> float | None:
        """Expected calibration error: |mean confidence - accuracy| of each bin, weighted by
        its facts; None without facts."""
        bins = [b for b in self.bins[kind] if b.n]
        total = sum(b.n for b in bins)
        if not total:
            return None
        return sum(b.n * abs((b.mean_confidence or 0.0) - (b.accuracy or 0.0))
                   for b in bins) / total

    def to_json(self) -> dict[str, Any]:
        def one(b: Bin) -> dict[str, Any]:
            return {"low": b.low, "high": b.high, "n": b.n, "right": b.right,
                    "mean_confidence": _round(b.mean_confidence), "accuracy": _round(b.accuracy)}
        return {"bins": {k: [one(b) for b in bins] for k, bins in self.bins.items()},
                "at_least_0.9": {k: one(b) for k, b in self.high.items()},
                "calibration_error": {k: _round(self.calibration_error(k)) for k in self.bins},
                "unscored": self.unscored}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def reliability(judged: Iterable[Judged]) -> Reliability:
    out = Reliability()
    for kind in (*KINDS, "all"):
        out.bins[kind] = [Bin(lo, hi) for lo, hi in zip(BINS, BINS[1:], strict=False)]
        out.high[kind] = Bin(HIGH, 1.0)
    for j in judged:
        if j.confidence is None:
            out.unscored += 1
            continue
        index = next(i for i, hi in enumerate(BINS[1:]) if j.confidence < hi or hi == 1.0)
        for kind in (j.kind, "all"):
            for b in (out.bins[kind][index], *((out.high[kind],) if j.confidence >= HIGH
                                               else ())):
                b.n += 1
                b.right += j.right
                b.confidence_sum += j.confidence
    return out


def render_reliability(rel: Reliability, console: Console) -> None:
    table = RichTable(show_header=True, header_style="bold", title="reliability")
    for column in ("kind", "confidence", "facts", "mean conf.", "accuracy"):
        table.add_column(column, justify="left" if column in ("kind", "confidence") else "right")
    for kind, bins in rel.bins.items():
        for b in bins:
            if b.n:
                table.add_row(kind, f"[{b.low:.1f}, {b.high:.1f}{']' if b.high == 1 else ')'}",
                              str(b.n), f"{b.mean_confidence:.3f}", f"{b.accuracy:.3f}")
        high = rel.high[kind]
        table.add_row(kind, "≥ 0.9", str(high.n),
                      "-" if high.mean_confidence is None else f"{high.mean_confidence:.3f}",
                      "-" if high.accuracy is None else f"{high.accuracy:.3f}",
                      end_section=True)
    console.print(table)
    errors = [(k, rel.calibration_error(k)) for k in rel.bins]
    console.print("expected calibration error: " + ", ".join(
        f"{k} {e:.3f}" for k, e in errors if e is not None), highlight=False)
    if rel.unscored:
        console.print(f"{rel.unscored} facts without a confidence", highlight=False)


def render_fit(table: dict[str, Any], console: Console) -> None:
    """The fitted table: per kind and rule key, facts, right and probability."""
    out = RichTable(show_header=True, header_style="bold", title="calibration")
    for column in ("kind", "rule key", "facts", "right", "p"):
        out.add_column(column, justify="left" if column in ("kind", "rule key") else "right")
    for kind, entry in table["kinds"].items():
        out.add_row(kind, "(default)", str(entry["n"]), str(entry["right"]),
                    f"{entry['default']:.3f}")
        for key, rule in entry["rules"].items():
            out.add_row(kind, key, str(rule["n"]), str(rule["right"]), f"{rule['p']:.3f}")
        out.rows[-1].end_section = True
    console.print(out)

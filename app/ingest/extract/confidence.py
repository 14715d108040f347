"""Confidence: the probability that a fact is right, read from a calibration table by the
fact's kind and the rule that decided it.

`app/vocab/confidence.json` holds, per fact kind, the share of right facts of each rule on
annotated real articles, smoothed toward the kind's mean (written by `acip calibrate`, see
app/ingest/calibrate.py). This module only looks it up: the last step of `extract()`.

Fact kinds: event, administration, role, funder, person, theme, partner_count. Roles are
facts of their own: an administration's confidence says its country is named in the text
(in some role); each of its roles has its own, that the administration holds that role
(its `role_confidence`, per role).

The rule key of a fact is its `rule` label, except for roles and events, whose decided
value comes first, `value:rule` ("partner:participation-list", "workshop:title"): the
accuracy of a role or a type depends on which one was decided. A key is looked up whole,
then by its value alone ("partner"), then falls back on the kind's default.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, TypeAlias

from app import vocab
from app.ingest.extract.facts import (
    AdministrationFact,
    EventFact,
    Facts,
    FunderFact,
    PartnerCountFact,
    PersonFact,
    ThemeFact,
)

KINDS = ("event", "administration", "role", "funder", "person", "theme", "partner_count")
VALUED = ("event", "role")  # kinds whose rule key starts with the decided value
TABLE_FILE = "confidence.json"

AnyFact: TypeAlias = (EventFact | AdministrationFact | FunderFact | PersonFact | ThemeFact
           | PartnerCountFact)


@dataclass(frozen=True, slots=True)
class Table:
    """Per kind, a default probability and one per rule key."""

    defaults: dict[str, float]
    rules: dict[str, dict[str, float]]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Table:
        kinds: dict[str, Any] = data.get("kinds", {})
        return cls(
            defaults={kind: float(entry["default"]) for kind, entry in kinds.items()},
            rules={kind: {key: float(rule["p"]) for key, rule in entry.get("rules", {}).items()}
                   for kind, entry in kinds.items()},
        )

    def lookup(self, kind: str, key: str) -> float | None:
        """The probability of rule `key` of `kind`: the key's, else (events and roles) its
        value's, else the kind's default; None for a kind the table does not know."""
        rules = self.rules.get(kind, {})
        found = rules.get(key)
        if found is None and kind in VALUED:
            found = rules.get(value_of(key))
        return found if found is not None else self.defaults.get(kind)


@cache
def table() -> Table:
    """The shipped calibration table (read once)."""
    return Table.from_json(vocab.load(TABLE_FILE))


def _with_value(value: str, rule: str) -> str:
    return f"{value}:{rule}" if rule else value


def value_of(key: str) -> str:
    """The value part of an event's or a role's rule key: "partner:listed" -> "partner"."""
    return key.split(":", 1)[0]


def kind_of(fact: AnyFact) -> str:
    return {EventFact: "event", AdministrationFact: "administration", FunderFact: "funder",
            PersonFact: "person", ThemeFact: "theme",
            PartnerCountFact: "partner_count"}[type(fact)]


def rule_key(fact: AnyFact) -> str:
    """The key a fact's probability is looked up by (see the module docstring)."""
    if isinstance(fact, EventFact):
        return _with_value(fact.type, fact.rule)
    return fact.rule


def role_key(administration: AdministrationFact, role: str) -> str:
    return _with_value(role, administration.rule)


def role_confidence(administration: AdministrationFact, role: str,
                    using: Table | None = None) -> float | None:
    """The probability that the administration holds `role` in the text."""
    return (using or table()).lookup("role", role_key(administration, role))


def apply(facts: Facts, using: Table | None = None) -> Facts:
    """Set every fact's `confidence` from the table (the shipped one by default)."""
    t = using or table()
    found: list[AnyFact] = [*facts.events, *facts.administrations, *facts.funders,
                            *facts.people, *facts.themes]
    if facts.partner_count is not None:
        found.append(facts.partner_count)
    for fact in found:
        fact.confidence = t.lookup(kind_of(fact), rule_key(fact))
    for admin in facts.administrations:
        # an administration without a role is stored as `mentioned` (ingest/load.py)
        admin.role_confidence = {role: role_confidence(admin, role, t)
                                 for role in admin.roles or ["mentioned"]}
    return facts


def output(facts: Facts) -> dict[str, Any]:
    """`facts.to_gold()` with the confidences as extra keys the scorers ignore: on each
    event, administration (also `role_confidence`, per role) and person, and for the slug
    lists and the partner count a top-level `confidence` object."""
    gold = facts.to_gold()
    for entry, event in zip(gold["events"], facts.events, strict=True):
        entry["confidence"] = event.confidence
    for entry, admin in zip(gold["administrations"], facts.administrations, strict=True):
        entry["confidence"] = admin.confidence
        entry["role_confidence"] = {role: admin.role_confidence.get(role)
                                    for role in entry["roles"]}
    for entry, person in zip(gold["people"], facts.people, strict=True):
        entry["confidence"] = person.confidence
    gold["confidence"] = {
        "funders": _by_slug(facts.funders),
        "themes": _by_slug(facts.themes),
        "partner_count": facts.partner_count.confidence if facts.partner_count else None,
    }
    return gold


def _by_slug(found: list[FunderFact] | list[ThemeFact]) -> dict[str, float | None]:
    """slug -> confidence; a slug found twice keeps its highest."""
    out: dict[str, float | None] = {}
    for fact in found:
        stated = [c for c in (out.get(fact.slug), fact.confidence) if c is not None]
        out[fact.slug] = max(stated) if stated else None
    return out

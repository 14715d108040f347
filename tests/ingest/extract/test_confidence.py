"""confidence: every fact's probability read from the calibration table by kind and rule."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from app.ingest.extract import confidence, extract
from app.ingest.extract.confidence import KINDS, Table
from app.ingest.extract.facts import (
    AdministrationFact,
    EventFact,
    Evidence,
    Facts,
    FunderFact,
    PartialDate,
    PartnerCountFact,
    PersonFact,
    ThemeFact,
)

EV = Evidence(0, 4, "Text")
TABLE = Table.from_json({"kinds": {
    "event": {"default": 0.7, "rules": {"workshop": {"p": 0.8},
                                        "workshop:title": {"p": 0.93}}},
    "administration": {"default": 0.9, "rules": {"acronym": {"p": 0.97}}},
    "role": {"default": 0.6, "rules": {"host": {"p": 0.85}, "partner:listed": {"p": 0.75}}},
    "funder": {"default": 0.95},
    "person": {"default": 0.8, "rules": {"caption": {"p": 0.5}}},
    "theme": {"default": 0.85},
    "partner_count": {"default": 0.66},
}})


def _facts() -> Facts:
    return Facts(
        title=None, published=None, language="en", body="Text",
        events=[EventFact("workshop", "w", PartialDate(date(2024, 3, 4)), None, None, None,
                          False, EV, rule="title"),
                EventFact("workshop", "w", None, None, None, None, False, EV, rule="other"),
                EventFact("survey", "s", None, None, None, None, False, EV, rule="title")],
        administrations=[AdministrationFact("GHA", ["partner", "host"], "GRA", EV,
                                            rule="acronym"),
                         AdministrationFact("PER", ["partner"], "Peru", EV, rule="listed")],
        partner_count=PartnerCountFact(12, EV),
        funders=[FunderFact("norad", "Norad", EV), FunderFact("norad", "Norway", EV)],
        people=[PersonFact("Ana Lima", "Director", None, EV, rule="caption")],
        themes=[ThemeFact("integrity", EV)],
    )


def test_lookup_tries_the_rule_then_the_value_then_the_kind_default() -> None:
    assert TABLE.lookup("event", "workshop:title") == 0.93
    assert TABLE.lookup("event", "workshop:new-rule") == 0.8
    assert TABLE.lookup("event", "survey:title") == 0.7
    assert TABLE.lookup("person", "caption") == 0.5
    assert TABLE.lookup("person", "new-rule") == 0.8
    assert TABLE.lookup("unknown-kind", "x") is None


def test_apply_sets_each_facts_confidence_from_the_table() -> None:
    facts = confidence.apply(_facts(), TABLE)
    assert [e.confidence for e in facts.events] == [0.93, 0.8, 0.7]
    assert [a.confidence for a in facts.administrations] == [0.97, 0.9]
    assert facts.partner_count is not None and facts.partner_count.confidence == 0.66
    assert [f.confidence for f in facts.funders] == [0.95, 0.95]
    assert [p.confidence for p in facts.people] == [0.5]
    assert [t.confidence for t in facts.themes] == [0.85]
    gha, per = facts.administrations
    assert gha.role_confidence == {"partner": 0.6, "host": 0.85}
    assert per.role_confidence == {"partner": 0.75}


def test_output_is_the_corpus_schema_with_confidences_as_extra_keys() -> None:
    facts = confidence.apply(_facts(), TABLE)
    out = confidence.output(facts)
    extra = {"confidence", "role_confidence"}

    def schema(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: schema(v) for k, v in value.items() if k not in extra}
        return [schema(v) for v in value] if isinstance(value, list) else value

    assert schema(out) == facts.to_gold()
    assert [e["confidence"] for e in out["events"]] == [0.93, 0.8, 0.7]
    assert out["administrations"][0]["role_confidence"] == {"partner": 0.6, "host": 0.85}
    assert out["people"][0]["confidence"] == 0.5
    assert out["confidence"] == {"funders": {"norad": 0.95}, "themes": {"integrity": 0.85},
                                 "partner_count": 0.66}


def test_extract_ends_by_giving_every_fact_a_probability_from_the_shipped_table() -> None:
    text = ("Kenya Customs hosts integrity workshop\n\n3 June 2024\n\nFrom 3 to 5 June 2024, "
            "the Kenya Revenue Authority hosted an A-CIP workshop on integrity in Mombasa "
            "with experts from Ghana, funded by Norad. The Programme now counts 30 partner "
            "administrations. Mr John Mwangi, Commissioner of Customs, opened it.\n")
    facts = extract(text)
    found = [*facts.events, *facts.administrations, *facts.funders, *facts.people,
             *facts.themes, *([facts.partner_count] if facts.partner_count else [])]
    assert facts.events and facts.administrations and facts.funders
    for fact in found:
        assert fact.confidence is not None and 0.0 <= fact.confidence <= 1.0, fact


def test_the_shipped_table_covers_every_kind_with_probabilities() -> None:
    table = confidence.table()
    assert set(table.defaults) == set(KINDS)
    for kind in KINDS:
        assert 0.0 < table.defaults[kind] < 1.0
        assert all(0.0 < p < 1.0 for p in table.rules[kind].values())


@pytest.mark.parametrize("kind", KINDS)
def test_an_unknown_rule_gets_its_kinds_default(kind: str) -> None:
    assert confidence.table().lookup(kind, "no-such-rule") == confidence.table().defaults[kind]

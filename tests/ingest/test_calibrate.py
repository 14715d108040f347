"""calibrate: facts judged against gold, (kind, rule) rates smoothed toward the kind's mean,
reliability by confidence bin."""

from __future__ import annotations

from datetime import date

import pytest

from app.ingest.calibrate import Judged, cross_fitted, fit, judge, reliability
from app.ingest.extract.confidence import Table
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


def _facts() -> Facts:
    return Facts(
        title=None, published=None, language="en", body="Text",
        events=[
            EventFact("workshop", "w", PartialDate(date(2024, 3, 4)), None, None, None, False,
                      EV, rule="title"),
            EventFact("meeting", "m", PartialDate(date(2024, 5, 6)), None, None, None, False,
                      EV),
            EventFact("training", "t", None, None, None, None, False, EV),
        ],
        administrations=[
            AdministrationFact("GHA", ["partner"], "Ghana", EV, rule="participation-list"),
            AdministrationFact("KEN", ["host", "partner"], "Kenya", EV, rule="hosted-by"),
            AdministrationFact("PER", ["expert"], "Peru", EV),
        ],
        partner_count=PartnerCountFact(12, EV, rule="numeral"),
        funders=[FunderFact("norad", "Norad", EV, rule="funded-by"),
                 FunderFact("sida", "Sida", EV)],
        people=[PersonFact("Ms Ana Lima", None, None, EV), PersonFact("Bo Ek", None, None, EV)],
        themes=[ThemeFact("integrity", EV, rule="lexicon"), ThemeFact("gender", EV)],
    )


GOLD = {
    "events": [
        {"type": "workshop", "start": "2024-03-04", "end": None, "city": None,
         "country": None, "online": False},
        {"type": "mission", "start": "2024-05-06", "end": None, "city": None,
         "country": None, "online": False},
    ],
    "administrations": [{"country": "GHA", "roles": ["partner"]},
                        {"country": "KEN", "roles": ["partner"]}],
    "partner_count": 12,
    "funders": ["norad"],
    "people": [{"name": "Ana Lima", "title": None, "organization": None}],
    "themes": ["integrity"],
}


def test_every_fact_is_judged_against_gold_by_its_kind() -> None:
    judged = [(j.kind, j.key, j.right) for j in judge(_facts(), GOLD)]
    assert sorted(judged) == sorted([
        ("administration", "participation-list", True), ("administration", "hosted-by", True),
        ("administration", "", False),
        # roles are facts of their own, keyed by the role first
        ("role", "partner:participation-list", True), ("role", "host:hosted-by", False),
        ("role", "partner:hosted-by", True), ("role", "expert", False),
        ("funder", "funded-by", True), ("funder", "", False),
        ("theme", "lexicon", True), ("theme", "", False),
        ("person", "", True), ("person", "", False),  # honorifics ignored, as the scorer does
        ("partner_count", "numeral", True),
        # events by their type first: paired on the same start and type, right; on the
        # same start with another type, wrong; paired with nothing, wrong
        ("event", "workshop:title", True), ("event", "meeting", False),
        ("event", "training", False),
    ])


def _judged(kind: str, key: str, right: int, wrong: int) -> list[Judged]:
    return [Judged(kind, key, None, True)] * right + [Judged(kind, key, None, False)] * wrong


def test_the_kind_mean_is_laplace_smoothed_and_is_the_default() -> None:
    table = fit(_judged("funder", "", 8, 0))
    assert table["kinds"]["funder"]["default"] == pytest.approx(9 / 10)
    assert table["kinds"]["funder"]["n"] == 8
    assert table["kinds"]["theme"]["default"] == pytest.approx(1 / 2)  # nothing seen


def test_a_rule_seen_on_few_facts_stays_near_its_kinds_mean() -> None:
    judged = (_judged("theme", "lexicon", 90, 10) + _judged("theme", "rare", 1, 1))
    entry = fit(judged, prior_weight=4.0)["kinds"]["theme"]
    mean = (91 + 1) / (102 + 2)
    assert entry["default"] == pytest.approx(mean, abs=1e-4)
    assert entry["rules"]["rare"]["p"] == pytest.approx((1 + 4 * mean) / (2 + 4), abs=1e-4)
    assert entry["rules"]["lexicon"]["p"] == pytest.approx((90 + 4 * mean) / (100 + 4),
                                                           abs=1e-4)
    assert entry["rules"]["rare"] | {"p": 0} == {"p": 0, "n": 2, "right": 1}


def test_a_key_with_a_value_is_smoothed_toward_its_value_then_the_kind() -> None:
    judged = (_judged("role", "partner:listed", 3, 0) + _judged("role", "partner", 1, 4)
              + _judged("role", "host:hosted-by", 10, 0))
    entry = fit(judged, prior_weight=2.0)["kinds"]["role"]
    mean = (14 + 1) / (18 + 2)
    partner = (4 + 2 * mean) / (8 + 2)
    assert entry["rules"]["partner"]["p"] == pytest.approx(partner, abs=1e-4)
    assert entry["rules"]["partner:listed"]["p"] == pytest.approx((3 + 2 * partner) / (3 + 2),
                                                                  abs=1e-4)
    table = Table.from_json(fit(judged, prior_weight=2.0))
    assert table.lookup("role", "partner:unknown-rule") == pytest.approx(partner, abs=1e-4)
    assert table.lookup("role", "mentioned:x") == pytest.approx(mean, abs=1e-4)


def test_reliability_bins_facts_by_confidence_and_counts_the_sure_ones() -> None:
    judged = ([Judged("theme", "", 0.95, True)] * 9 + [Judged("theme", "", 0.95, False)]
              + [Judged("event", "", 0.6, True), Judged("event", "", 0.6, False),
                 Judged("event", "", 1.0, True), Judged("funder", "", None, True)])
    rel = reliability(judged)
    top = rel.bins["theme"][-1]
    assert (top.low, top.high, top.n, top.right) == (0.9, 1.0, 10, 9)
    assert top.mean_confidence == pytest.approx(0.95) and top.accuracy == pytest.approx(0.9)
    middle = next(b for b in rel.bins["event"] if b.n)
    assert (middle.low, middle.n, middle.accuracy) == (0.5, 2, 0.5)
    assert rel.bins["event"][-1].n == 1  # 1.0 falls in the last bin
    assert (rel.high["all"].n, rel.high["all"].right) == (11, 10)
    assert rel.unscored == 1
    assert rel.to_json()["at_least_0.9"]["theme"]["accuracy"] == 0.9
    assert rel.calibration_error("theme") == pytest.approx(0.05)
    assert rel.calibration_error("event") == pytest.approx((2 * 0.1 + 0) / 3)
    assert rel.calibration_error("person") is None


def test_cross_fitting_scores_each_document_by_a_table_it_did_not_help_fit() -> None:
    by_document = {"a.txt": _judged("theme", "lexicon", 4, 0),
                   "b.txt": _judged("theme", "lexicon", 0, 4)}
    rescored = cross_fitted(by_document, folds=2, prior_weight=0.0)
    # a's facts by a table of b's alone (all wrong), and the other way round
    assert [j.confidence for j in rescored] == [0.0] * 4 + [1.0] * 4
    assert [j.right for j in rescored] == [True] * 4 + [False] * 4

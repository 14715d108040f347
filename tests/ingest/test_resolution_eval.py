"""Scoring event resolution: pairwise and B-cubed on hand-made clusters."""

from __future__ import annotations

import pytest

from app.ingest.resolution_eval import (
    bcubed,
    gold_clusters,
    pairwise,
    score_extracted,
    score_gold_input,
)

A, B, C, D, E = ("x", 0), ("x", 1), ("y", 0), ("z", 0), ("w", 0)
ITEMS = [A, B, C, D, E]


def test_pairwise_counts_links_inside_clusters() -> None:
    gold = [{A, B, C}, {D}, {E}]  # links AB AC BC
    predicted = [{A, B}, {C, D}, {E}]  # links AB CD
    s = pairwise(gold, predicted)
    assert (s.tp, s.fp, s.fn) == (1, 1, 2)
    assert s.precision == pytest.approx(0.5)
    assert s.recall == pytest.approx(1 / 3)
    assert s.f1 == pytest.approx(0.4)


def test_pairwise_with_no_links_anywhere_is_perfect() -> None:
    s = pairwise([{A}, {B}], [{A}, {B}])
    assert (s.precision, s.recall) == (1.0, 1.0)


def test_bcubed_averages_per_item_overlaps() -> None:
    gold = [{A, B, C}, {D}, {E}]
    predicted = [{A, B}, {C, D}, {E}]
    s = bcubed(gold, predicted, ITEMS)
    # precision: A 2/2, B 2/2, C 1/2, D 1/2, E 1 -> 4/5; recall: A 2/3, B 2/3, C 1/3, D 1, E 1
    assert s.precision == pytest.approx(4 / 5)
    assert s.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    assert s.f1 == pytest.approx(2 * s.precision * s.recall / (s.precision + s.recall))


def test_bcubed_counts_unclustered_items_as_singletons() -> None:
    s = bcubed([{A, B}], [], ITEMS)
    assert s.precision == 1.0
    assert s.recall == pytest.approx((0.5 + 0.5 + 1 + 1 + 1) / 5)


def _doc(*events: dict[str, object], admins: tuple[str, ...] = ("MLI",)) -> dict[str, object]:
    return {"title": None, "published": None, "events": list(events),
            "administrations": [{"country": c, "roles": ["partner"]} for c in admins],
            "people": [], "funders": [], "themes": []}


def _event(type: str, name: str, start: str | None, end: str | None = None,
           country: str | None = None) -> dict[str, object]:
    return {"type": type, "name": name, "start": start, "end": end or start, "city": None,
            "country": country, "online": False}


GOLD = {
    "a.txt": _doc(_event("workshop", "Internal control workshop for Mali", "2024-05-14",
                         "2024-05-16", "MLI"),
                  _event("survey", "Integrity perception survey", "2023-01")),
    "b.txt": _doc(_event("meeting", "Internal control meetings with Mali", "2024-05")),
    "c.txt": _doc(_event("workshop", "Gender equality workshop", "2024-07-01", None, "NER"),
                  admins=("NER",)),
}
SAME = {"clusters": [{"members": [["a.txt", 0], ["b.txt", 0]], "why": "made up"}]}


def test_gold_clusters_add_a_singleton_for_every_other_event() -> None:
    clusters = gold_clusters(SAME, GOLD)
    assert {("a.txt", 0), ("b.txt", 0)} in clusters
    assert len(clusters) == 3


def test_resolution_of_gold_events_is_scored_against_the_gold_clusters() -> None:
    s = score_gold_input(GOLD, SAME)
    assert (s.pairwise.tp, s.pairwise.fp, s.pairwise.fn) == (1, 0, 0)
    assert s.gold_events == 3 and s.predicted_events == 3


def test_extracted_events_are_scored_through_the_event_pairing() -> None:
    predicted = {
        # the workshop found; the survey read as another activity
        "a.txt": _doc(_event("workshop", "Internal control workshop", "2024-05-14",
                             "2024-05-16", "MLI"),
                      _event("mission", "Diagnostic mission on valuation", "2022-03")),
        "b.txt": _doc(_event("meeting", "Internal control meetings with Mali", "2024-05")),
        "c.txt": _doc(),
    }
    s = score_extracted(GOLD, SAME, predicted)
    # a#0 pairs with gold a#0 and links to b#0: the gold link; a#1 pairs with the survey
    # (left-overs pair in order) and stays alone.
    assert (s.pairwise.tp, s.pairwise.fn) == (1, 0)
    assert s.pairwise.fp == 0


def test_linking_an_extracted_event_with_no_gold_partner_is_a_wrong_link() -> None:
    predicted = {
        "a.txt": _doc(_event("workshop", "Internal control workshop", "2024-05-14",
                             "2024-05-16", "MLI"),
                      _event("mission", "Diagnostic mission on valuation", "2022-03"),
                      _event("meeting", "Stakeholder meetings on valuation", "2019-02")),
        "b.txt": _doc(_event("meeting", "Internal control meetings with Mali", "2024-05"),
                      _event("meeting", "Stakeholder meetings on valuation", "2019-02")),
        "c.txt": _doc(),
    }
    s = score_extracted(GOLD, SAME, predicted)
    # a#2 has no gold partner (two gold events in a.txt) and joins b#1, itself extra
    assert s.items == 4 + 2  # four gold events, two extra
    assert (s.pairwise.tp, s.pairwise.fp, s.pairwise.fn) == (1, 1, 0)

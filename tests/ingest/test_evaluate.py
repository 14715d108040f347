"""evaluate: the scorer's fields, people with their titles and event country and city
scored separately; measure: gold documents selected by glob or name range."""

from __future__ import annotations

from typing import Any

import pytest

from app.ingest.evaluate import score
from app.ingest.measure import parse_range, select


def _doc(people: list[tuple[str, str | None]] | None = None,
         events: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"administrations": [], "funders": [], "themes": [], "partner_count": None,
            "people": [{"name": n, "title": t, "organization": None} for n, t in people or []],
            "events": list(events or [])}


def _event(city: str | None, country: str | None, start: str = "2024-01-02") -> dict[str, Any]:
    return {"type": "workshop", "start": start, "end": None, "city": city,
            "country": country, "online": False}


def _counts(gold: dict[str, Any], predicted: dict[str, Any], name: str) -> tuple[int, int, int]:
    s = score({"a.txt": gold}, {"a.txt": predicted})[name]
    return s.tp, s.fp, s.fn


def test_people_title_pairs_names_with_titles_case_and_spacing_aside() -> None:
    gold = _doc(people=[("Ana Lima", "Director  General"), ("Bo Ek", "Commissioner"),
                        ("Cy Dee", None)])
    predicted = _doc(people=[("Ms Ana Lima", "director general"), ("Bo Ek", None),
                             ("Cy Dee", "Chief")])
    # Ana Lima right; Bo Ek without his title and Cy Dee with one gold does not give are
    # each a miss and a false alarm
    assert _counts(gold, predicted, "people_title") == (1, 2, 2)
    assert _counts(gold, predicted, "people") == (3, 0, 0)  # names alone, unchanged


def test_a_person_without_a_title_on_either_side_is_right() -> None:
    gold = _doc(people=[("Ana Lima", None)])
    assert _counts(gold, _doc(people=[("Ana Lima", " ")]), "people_title") == (1, 0, 0)
    assert _counts(gold, _doc(), "people_title") == (0, 0, 1)


def test_event_country_and_city_are_scored_apart_on_paired_events() -> None:
    gold = _doc(events=[_event("Accra", "GHA"), _event(None, "KEN", "2024-03-04")])
    predicted = _doc(events=[_event("Kumasi", "GHA"), _event("Nairobi", "KEN", "2024-03-04")])
    assert _counts(gold, predicted, "event_country") == (2, 0, 0)
    assert _counts(gold, predicted, "event_city") == (0, 2, 1)
    assert _counts(gold, predicted, "event_venue") == (0, 2, 2)  # city + country, unchanged


def test_fields_of_unpaired_events_are_misses_and_false_alarms() -> None:
    gold = _doc(events=[_event("Accra", "GHA")])
    assert _counts(gold, _doc(), "event_country") == (0, 0, 1)
    assert _counts(_doc(), gold, "event_city") == (0, 1, 0)


def test_extra_keys_such_as_confidences_are_ignored() -> None:
    gold = _doc(people=[("Ana Lima", "Director")], events=[_event("Accra", "GHA")])
    predicted = _doc(people=[("Ana Lima", "Director")], events=[_event("Accra", "GHA")])
    predicted["people"][0]["confidence"] = 0.4
    predicted["events"][0]["confidence"] = 0.3
    predicted["confidence"] = {"funders": {}, "themes": {}, "partner_count": None}
    for name, s in score({"a.txt": gold}, {"a.txt": predicted}).items():
        assert (s.fp, s.fn) == (0, 0), name


GOLD = {f"articles/r{n:03d}.txt": {} for n in (1, 9, 59, 60, 61, 84)}


@pytest.mark.parametrize(("only", "ranges", "kept"), [
    (None, None, [1, 9, 59, 60, 61, 84]),
    (["articles/r0[0-5]*"], None, [1, 9, 59]),
    (["articles/r0[0-5]*", "articles/r060.txt"], None, [1, 9, 59, 60]),
    (None, [("r001", "r060")], [1, 9, 59, 60]),
    (None, [("r061", "r084")], [61, 84]),
    (["*/r001.txt"], [("r084", "r084")], [1, 84]),
])
def test_gold_documents_are_selected_by_glob_or_name_range(
        only: list[str] | None, ranges: list[tuple[str, str]] | None, kept: list[int]) -> None:
    assert list(select(GOLD, only, ranges)) == [f"articles/r{n:03d}.txt" for n in kept]


def test_a_range_reads_first_and_last_with_a_colon_or_a_dash() -> None:
    assert parse_range("r001:r060") == parse_range("r001-r060") == ("r001", "r060")
    for bad in ("r060:r001", "r001", "a-b-c:", ":r060"):
        with pytest.raises(ValueError):
            parse_range(bad)

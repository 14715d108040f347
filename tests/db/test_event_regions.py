"""event_regions and event_counts are kept by triggers: whatever is written to events, their
document's administrations or the countries' regions, event_regions holds, per event, the
WCO regions of its event_countries rows (venue and participant flags ORed), and
event_counts the number of rows of each country and region in each role."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.models import (
    Country,
    DocumentAdministration,
    Event,
    EventCount,
    EventCountry,
    EventRegion,
)
from tests.factories import get_administration, make_document, make_event

Row = tuple[str, int, date | None, bool, bool]


def _rows(session: Session) -> set[Row]:
    return {(r.region_slug, r.event_id, r.sort_date, bool(r.is_venue), bool(r.is_participant))
            for r in session.scalars(select(EventRegion))}


def _expected(session: Session) -> set[Row]:
    regions = {code: region for code, region in
               session.execute(select(Country.alpha3, Country.region_slug))}
    merged: dict[tuple[str, int], list[object]] = {}
    for row in session.scalars(select(EventCountry)):
        region = regions.get(row.country_code)
        if region is None:
            continue
        entry = merged.setdefault((region, row.event_id), [row.sort_date, False, False])
        entry[1] = entry[1] or bool(row.is_venue)
        entry[2] = entry[2] or bool(row.is_participant)
    return {(region, event_id, d, v, p)  # type: ignore[misc]
            for (region, event_id), (d, v, p) in merged.items()}


def _counts(session: Session) -> dict[tuple[str, str, str], int]:
    return {(r.dimension, r.code, r.role): r.n for r in session.scalars(select(EventCount))
            if r.n}


def _expected_counts(session: Session) -> dict[tuple[str, str, str], int]:
    out: dict[tuple[str, str, str], int] = {}
    for dimension, rows in (
            ("country", [(r.country_code, r.is_venue, r.is_participant)
                         for r in session.scalars(select(EventCountry))]),
            ("region", [(r.region_slug, r.is_venue, r.is_participant)
                        for r in session.scalars(select(EventRegion))])):
        for code, venue, participant in rows:
            for role, held in (("any", True), ("venue", venue), ("participant", participant)):
                if held:
                    out[(dimension, code, role)] = out.get((dimension, code, role), 0) + 1
    return out


def _consistent(session: Session) -> bool:
    return _rows(session) == _expected(session) and _counts(session) == _expected_counts(session)


def test_rows_follow_events_administrations_and_regions(db_session: Session) -> None:
    session = db_session
    # Mali and Senegal share a region: one row for both, venue and participant ORed.
    doc = make_document(session, administrations=[("MLI", "partner"), ("SEN", "host"),
                                                  ("FRA", "expert")])
    first = make_event(session, doc, country_code="MLI", start=date(2024, 5, 1))
    second = make_event(session, doc, country_code="BRA")
    make_event(session, doc)
    rows = _rows(session)
    assert _consistent(session)
    mli_region = session.scalar(select(Country.region_slug).where(Country.alpha3 == "MLI"))
    assert (mli_region, first.id, date(2024, 5, 1), True, True) in rows
    assert len({(r[0], r[1]) for r in rows}) == len(rows)  # one row per (region, event)
    counts = _counts(session)  # Mali's partner is named by all three events' document
    assert counts[("country", "MLI", "participant")] == 3
    assert counts[("country", "MLI", "venue")] == 1
    assert counts[("region", mli_region, "any")] == 3

    # A link added after the events, then removed; then every link of Senegal and Mali.
    late = DocumentAdministration(document_id=doc.id, role="mentioned",
                                  administration_id=get_administration(session, "BRA").id)
    session.add(late)
    session.flush()
    assert _consistent(session)
    session.execute(delete(DocumentAdministration).where(DocumentAdministration.id == late.id))
    assert _consistent(session)
    for code in ("SEN", "MLI"):
        admin = get_administration(session, code).id
        session.execute(delete(DocumentAdministration).where(
            DocumentAdministration.document_id == doc.id,
            DocumentAdministration.administration_id == admin))
        assert _consistent(session)

    # An event's venue and date change; a country moves to another region; an event goes.
    session.execute(update(Event).where(Event.id == first.id)
                    .values(country_code="SEN", sort_date=date(2023, 1, 1)))
    assert _consistent(session)
    other = session.scalar(select(Country.region_slug).where(Country.alpha3 == "BRA"))
    session.execute(update(Country).where(Country.alpha3 == "FRA").values(region_slug=other))
    assert _consistent(session)
    session.execute(delete(Event).where(Event.id == second.id))
    assert _consistent(session)
    assert not [r for r in _rows(session) if r[1] == second.id]

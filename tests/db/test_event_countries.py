"""event_countries is kept by triggers: whatever order events and their document's
administrations are written, updated or deleted in, its rows are the venue and participant
countries of each event."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.models import Administration, DocumentAdministration, Event, EventCountry
from tests.factories import get_administration, make_document, make_event


def _rows(session: Session) -> set[tuple[str, int, date | None, bool, bool]]:
    return {(r.country_code, r.event_id, r.sort_date, bool(r.is_venue), bool(r.is_participant))
            for r in session.scalars(select(EventCountry))}


def _expected(session: Session) -> set[tuple[str, int, date | None, bool, bool]]:
    participants: dict[int, set[str]] = {}
    for doc_id, code in session.execute(
            select(DocumentAdministration.document_id, Administration.country_code)
            .join(Administration, Administration.id == DocumentAdministration.administration_id)):
        participants.setdefault(doc_id, set()).add(code)
    out = set()
    for event_id, doc_id, venue, sort_date in session.execute(
            select(Event.id, Event.document_id, Event.country_code, Event.sort_date)):
        codes = participants.get(doc_id, set())
        for code in codes | ({venue} if venue else set()):
            out.add((code, event_id, sort_date, code == venue, code in codes))
    return out


def test_rows_follow_events_and_administrations_in_any_order(db_session: Session) -> None:
    session = db_session
    doc = make_document(session, administrations=[("MLI", "partner"), ("SEN", "host"),
                                                  ("MLI", "expert")])
    first = make_event(session, doc, country_code="MLI", start=date(2024, 5, 1))
    second = make_event(session, doc, country_code="FRA")
    make_event(session, doc)
    assert _rows(session) == _expected(session)
    assert len(_rows(session)) == 2 + 3 + 2

    # A link added after the events, then removed (one of two roles of MLI, then both).
    late = DocumentAdministration(document_id=doc.id, role="mentioned",
                                  administration_id=get_administration(session, "FRA").id)
    session.add(late)
    session.flush()
    assert ("FRA", second.id, doc.published, True, True) in _rows(session)
    assert _rows(session) == _expected(session)
    session.execute(delete(DocumentAdministration).where(DocumentAdministration.id == late.id))
    mli = get_administration(session, "MLI").id
    session.execute(delete(DocumentAdministration).where(
        DocumentAdministration.document_id == doc.id,
        DocumentAdministration.administration_id == mli, DocumentAdministration.role == "expert"))
    assert _rows(session) == _expected(session)
    session.execute(delete(DocumentAdministration).where(
        DocumentAdministration.document_id == doc.id,
        DocumentAdministration.administration_id == mli))
    assert _rows(session) == _expected(session)

    # The venue and date of an event change; an event goes.
    session.execute(update(Event).where(Event.id == first.id)
                    .values(country_code="SEN", sort_date=date(2023, 1, 1)))
    assert ("SEN", first.id, date(2023, 1, 1), True, True) in _rows(session)
    session.execute(delete(Event).where(Event.id == second.id))
    assert _rows(session) == _expected(session)

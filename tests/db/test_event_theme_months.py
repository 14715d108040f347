"""event_theme_months is kept by triggers: whatever is written to events or their document's
themes, it counts the rows of event_themes per theme, venue country and month of last day."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from app.models import DocumentTheme, Event, EventTheme, EventThemeMonth
from app.models.theme import EVERY_DAY
from tests.factories import make_document, make_event


def _counts(session: Session) -> dict[tuple[str, str, date], int]:
    return {(r.theme_slug, r.country_code, r.last_month): r.n
            for r in session.scalars(select(EventThemeMonth)) if r.n}


def _expected(session: Session) -> dict[tuple[str, str, date], int]:
    return dict(Counter(
        (r.theme_slug, r.country_code or "",
         r.last_day.replace(day=1) if r.last_day else EVERY_DAY)
        for r in session.scalars(select(EventTheme))))


def test_counts_follow_events_and_themes(db_session: Session) -> None:
    session = db_session
    doc = make_document(session, themes=["transparency", "automation"], published=None)
    first = make_event(session, doc, country_code="MLI", start=date(2024, 5, 20),
                       end=date(2024, 6, 2))
    make_event(session, doc, start=date(2024, 5, 1), start_precision="month")
    undated = make_event(session, doc, country_code="SEN")
    counts = _counts(session)
    assert counts == _expected(session)
    assert counts[("transparency", "MLI", date(2024, 6, 1))] == 1
    assert counts[("automation", "", date(2024, 5, 1))] == 1
    assert counts[("transparency", "SEN", EVERY_DAY)] == 1

    session.execute(update(Event).where(Event.id == first.id)
                    .values(end_date=None, country_code="SEN"))
    assert _counts(session) == _expected(session)
    session.execute(update(Event).where(Event.id == undated.id)
                    .values(start_date=date(2025, 1, 9), start_precision="day",
                            sort_date=date(2025, 1, 9)))
    assert _counts(session) == _expected(session)
    session.execute(delete(DocumentTheme).where(DocumentTheme.document_id == doc.id,
                                                DocumentTheme.theme_slug == "automation"))
    assert _counts(session) == _expected(session)
    session.execute(delete(Event).where(Event.id == first.id))
    assert _counts(session) == _expected(session)
    assert ("automation", "", date(2024, 5, 1)) not in _counts(session)

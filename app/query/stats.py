"""Statistics of the whole data set: totals, counts per kind, date coverage, last ingest."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from app.models import (
    Administration,
    Country,
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    Evidence,
    Funder,
    Person,
    Theme,
)
from app.query.cache import cached
from app.query.reference import as_date
from app.schemas import stats as out


def _by(session: Session, column: Any) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).group_by(column)).all()
    return {str(k): int(n) for k, n in sorted(rows, key=lambda r: (-r[1], str(r[0])))}


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def _used(session: Session, key: Any, fact_column: Any) -> int:
    """How many rows of a reference table are used by at least one fact (an index probe
    per reference row, instead of a DISTINCT over every fact)."""
    return int(session.scalar(
        select(func.count()).select_from(key.table)
        .where(exists().where(fact_column == key))) or 0)


def get_stats(session: Session) -> out.Stats:
    """Totals, counts per kind, coverage and last ingest (cached per data version)."""
    return cached(session, "stats", lambda: _stats(session))


def _stats(session: Session) -> out.Stats:
    """Each figure is its own small query so that min/max and filtered counts can use
    their indexes."""

    def one(stmt: Any) -> Any:
        return session.scalar(stmt)

    def count(stmt: Any) -> int:
        return int(session.scalar(stmt) or 0)

    totals = out.Totals(
        documents=count(select(func.count()).select_from(Document)),
        events=count(select(func.count()).select_from(Event)),
        evidence=count(select(func.count()).select_from(Evidence)),
        administrations=_used(session, Administration.id,
                              DocumentAdministration.administration_id),
        countries=_used(session, Country.alpha3, Event.country_code),
        funders=_used(session, Funder.slug, DocumentFunder.funder_slug),
        themes=_used(session, Theme.slug, DocumentTheme.theme_slug),
        people=_used(session, Person.id, DocumentPerson.person_id),
    )
    return out.Stats(
        totals=totals,
        events_by_type=_by(session, Event.type),
        events_online=count(select(func.count()).select_from(Event)
                            .where(Event.online.is_(True))),
        events_undated=count(select(func.count()).select_from(Event)
                             .where(Event.start_date.is_(None))),
        documents_by_language=_by(session, Document.language),
        coverage=out.Coverage(
            first_event=as_date(one(select(func.min(Event.sort_date)))),
            last_event=as_date(one(select(func.max(Event.sort_date)))),
            first_publication=as_date(one(select(func.min(Document.published)))),
            last_publication=as_date(one(select(func.max(Document.published))))),
        last_ingest=_as_datetime(one(select(func.max(Document.ingested_at)))),
    )

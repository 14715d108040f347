"""Statistics of the whole data set: totals, counts per kind, date coverage, last ingest."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from app.models import (
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    Evidence,
)
from app.query.reference import as_date
from app.schemas import stats as out


def _by(session: Session, column: Any) -> dict[str, int]:
    rows = session.execute(select(column, func.count()).group_by(column)).all()
    return {str(k): int(n) for k, n in sorted(rows, key=lambda r: (-r[1], str(r[0])))}


def _as_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def get_stats(session: Session) -> out.Stats:
    def count(stmt: Any) -> int:
        return int(session.scalar(stmt) or 0)

    totals = out.Totals(
        documents=count(select(func.count()).select_from(Document)),
        events=count(select(func.count()).select_from(Event)),
        evidence=count(select(func.count()).select_from(Evidence)),
        administrations=count(select(func.count(distinct(
            DocumentAdministration.administration_id)))),
        countries=count(select(func.count(distinct(Event.country_code)))),
        funders=count(select(func.count(distinct(DocumentFunder.funder_slug)))),
        themes=count(select(func.count(distinct(DocumentTheme.theme_slug)))),
        people=count(select(func.count(distinct(DocumentPerson.person_id)))),
    )
    first_event, last_event, online, undated = session.execute(select(
        func.min(Event.sort_date), func.max(Event.sort_date),
        func.count().filter(Event.online.is_(True)),
        func.count().filter(Event.start_date.is_(None)),
    )).one()
    first_pub, last_pub, last_ingest = session.execute(select(
        func.min(Document.published), func.max(Document.published),
        func.max(Document.ingested_at),
    )).one()
    return out.Stats(
        totals=totals,
        events_by_type=_by(session, Event.type),
        events_online=int(online or 0),
        events_undated=int(undated or 0),
        evidence_by_kind=_by(session, Evidence.kind),
        documents_by_language=_by(session, Document.language),
        coverage=out.Coverage(
            first_event=as_date(first_event), last_event=as_date(last_event),
            first_publication=as_date(first_pub), last_publication=as_date(last_pub)),
        last_ingest=_as_datetime(last_ingest),
    )

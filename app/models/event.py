"""Events: resolved events (one per real-world activity) and the reports they come from.

An article's events are *reports* (`event_reports`); the resolver (app/ingest/resolve)
attaches each to a resolved event (`events`), one per activity however many articles
report it. A resolved event's administrations, funders, themes and people are the facts of
its reports' documents (see the other modules), joined through `event_reports`;
`events.document_id` is the document of its oldest report."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base

EVENT_TYPES = (
    "meeting", "workshop", "training", "mission", "conference", "webinar", "survey", "launch",
    "other",
)
PRECISIONS = ("day", "month", "year")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("document_id", "ordinal"),
        CheckConstraint(_in("type", EVENT_TYPES), name="type"),
        CheckConstraint(_in("start_precision", PRECISIONS), name="start_precision"),
        CheckConstraint(_in("end_precision", PRECISIONS), name="end_precision"),
        Index("ix_events_sort_date_id", "sort_date", "id"),
        Index("ix_events_published_id", "published", "id"),
        Index("ix_events_country_sort_date", "country_code", "sort_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    ordinal: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(300))
    start_date: Mapped[date | None] = mapped_column(Date, index=True)
    start_precision: Mapped[str | None] = mapped_column(String(5))
    end_date: Mapped[date | None] = mapped_column(Date, index=True)
    end_precision: Mapped[str | None] = mapped_column(String(5))
    # The stated start, else the document's publication date: how undated events are ordered
    # and matched by date filters.
    sort_date: Mapped[date | None] = mapped_column(Date)
    published: Mapped[date | None] = mapped_column(Date)
    city: Mapped[str | None] = mapped_column(String(120))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.alpha3"))
    online: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )
    # The calibrated probability that the fact is right (app/ingest/extract/confidence.py)
    confidence: Mapped[float | None] = mapped_column(Float)
    # Field -> public ids of the reports it came from (app/ingest/resolve/fields.py)
    sources: Mapped[dict[str, list[str]] | None] = mapped_column(JSON)
    # The values the extractor wrote for the fields curation overrode ({"city": "Lome"}),
    # restored when the correction is undone (app/curation/apply.py); null when none
    extracted: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class EventReport(Base):
    """One event as one article states it (a *report*), attached to the resolved event of
    `events` it belongs to (app/ingest/resolve). `public_id` is the report's own id; the
    resolved event is named by its oldest report's id. `event_id` is null only inside the
    transaction that writes the report, until the resolver attaches it."""

    __tablename__ = "event_reports"
    __table_args__ = (
        UniqueConstraint("document_id", "ordinal"),
        CheckConstraint(_in("type", EVENT_TYPES), name="type"),
        Index("ix_event_reports_event_id_document_id", "event_id", "document_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    event_id: Mapped[int | None] = mapped_column(
        ForeignKey("events.id", ondelete="SET NULL"))
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    ordinal: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(300))
    start_date: Mapped[date | None] = mapped_column(Date)
    start_precision: Mapped[str | None] = mapped_column(String(5))
    end_date: Mapped[date | None] = mapped_column(Date)
    end_precision: Mapped[str | None] = mapped_column(String(5))
    sort_date: Mapped[date | None] = mapped_column(Date)
    published: Mapped[date | None] = mapped_column(Date)
    city: Mapped[str | None] = mapped_column(String(120))
    country_code: Mapped[str | None] = mapped_column(String(3))
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )
    confidence: Mapped[float | None] = mapped_column(Float)


class EventRedirect(Base):
    """A public id that no longer names a resolved event: merged into `target` (answered
    with 301), or retired when `target` is null (410: every report of it is gone)."""

    __tablename__ = "event_redirects"

    public_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    target: Mapped[str | None] = mapped_column(String(32))


class ResolutionState(Base):
    """One row: bumped by every document whose events are resolved, in its transaction. A
    loader whose last bump was not the one before sees that another process resolved
    meanwhile and reads the resolution again; on PostgreSQL the row's lock also makes
    resolvers take turns (app/ingest/resolution_store.py)."""

    __tablename__ = "resolution_state"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    version: Mapped[int] = mapped_column(BigInteger, default=0)

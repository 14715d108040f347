"""Events reported by articles. Their administrations, funders, themes and people are the
facts of their document (see the other modules), joined through `document_id`."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
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
    # The values the extractor wrote for the fields curation overrode ({"city": "Lome"}),
    # restored when the correction is undone (app/curation/apply.py); null when none
    extracted: Mapped[dict[str, Any] | None] = mapped_column(JSON)

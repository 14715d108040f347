"""Customs administrations (one per country) and their roles in documents."""

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

ROLES = ("partner", "expert", "host", "mentioned")


class Administration(Base):
    __tablename__ = "administrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.alpha3"), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)


class DocumentAdministration(Base):
    """An administration named by a document, in one role."""

    __tablename__ = "document_administrations"
    __table_args__ = (
        UniqueConstraint("document_id", "administration_id", "role"),
        CheckConstraint("role IN ('partner', 'expert', 'host', 'mentioned')", name="role"),
        Index("ix_document_administrations_admin_doc", "administration_id", "document_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"))
    role: Mapped[str] = mapped_column(String(10), index=True)
    name_as_stated: Mapped[str | None] = mapped_column(String(300))
    evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )
    # Calibrated probabilities (app/ingest/extract/confidence.py): that the document names
    # the administration (in some role), and that it holds this role
    confidence: Mapped[float | None] = mapped_column(Float)
    role_confidence: Mapped[float | None] = mapped_column(Float)
    # Curation (app/curation/apply.py): the correction behind the row, and how: "added"
    # (the row was written by the correction) or "confirmed" (an extracted row confirmed)
    correction_id: Mapped[int | None] = mapped_column(Integer)
    curation: Mapped[str | None] = mapped_column(String(10))


class EventCountry(Base):
    """One row per (country, event) where the country is the event's venue or the country of
    an administration its document names (any role), with copies of the event's date keys:
    country and region filters read one index range here instead of an OR of the venue and
    a join through document_administrations. Written only by database triggers (see the
    migration `event_countries`): never insert, update or delete it yourself.

    `last_day` is the event's last day, as in EventTheme.
    """

    __tablename__ = "event_countries"
    __table_args__ = (
        Index("ix_event_countries_country_sort_date", "country_code", "sort_date", "event_id",
              "is_venue", "is_participant", "last_day"),
    )

    country_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    sort_date: Mapped[date | None] = mapped_column(Date)
    last_day: Mapped[date | None] = mapped_column(Date)
    is_venue: Mapped[bool] = mapped_column(Boolean)
    is_participant: Mapped[bool] = mapped_column(Boolean)


class EventRegion(Base):
    """One row per (WCO region, event) where a country of the event's event_countries rows
    lies in the region; `is_venue` / `is_participant` when any of those rows is. A region
    filter reads one index range here, one row per event, where event_countries holds one
    per country of the region (a count there must be DISTINCT). Written only by database
    triggers on event_countries and countries (see the migration `event_regions`)."""

    __tablename__ = "event_regions"
    __table_args__ = (
        Index("ix_event_regions_region_sort_date", "region_slug", "sort_date", "event_id",
              "is_venue", "is_participant", "last_day"),
    )

    region_slug: Mapped[str] = mapped_column(String(60), primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    sort_date: Mapped[date | None] = mapped_column(Date)
    last_day: Mapped[date | None] = mapped_column(Date)
    is_venue: Mapped[bool] = mapped_column(Boolean)
    is_participant: Mapped[bool] = mapped_column(Boolean)


class EventCount(Base):
    """How many events a country (`dimension` "country", `code` an alpha-3 code) or a WCO
    region ("region", a slug) has in a role (`any`, `venue`, `participant`): the rows of
    event_countries (event_regions) for it, counted by database triggers as they come and
    go (see the migration `event_counts`). The total of a country or region filter with
    nothing else, read in one row."""

    __tablename__ = "event_counts"
    __table_args__ = {"sqlite_with_rowid": False}

    dimension: Mapped[str] = mapped_column(String(10), primary_key=True)
    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    role: Mapped[str] = mapped_column(String(12), primary_key=True)
    n: Mapped[int] = mapped_column()

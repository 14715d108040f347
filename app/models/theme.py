"""Themes: the ten key factors of the Revised Arusha Declaration and cross-cutting topics."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class Theme(Base):
    __tablename__ = "themes"

    slug: Mapped[str] = mapped_column(String(60), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str] = mapped_column(String(200))
    parent_slug: Mapped[str | None] = mapped_column(ForeignKey("themes.slug"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class DocumentTheme(Base):
    __tablename__ = "document_themes"
    __table_args__ = (Index("ix_document_themes_theme_doc", "theme_slug", "document_id"),)

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    theme_slug: Mapped[str] = mapped_column(ForeignKey("themes.slug"), primary_key=True)
    evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )
    # The calibrated probability that the fact is right (app/ingest/extract/confidence.py)
    confidence: Mapped[float | None] = mapped_column(Float)
    # Curation (app/curation/apply.py): the correction behind the row, and how: "added"
    # (the row was written by the correction) or "confirmed" (an extracted row confirmed)
    correction_id: Mapped[int | None] = mapped_column(Integer)
    curation: Mapped[str | None] = mapped_column(String(10))


class EventTheme(Base):
    """One row per (theme of an event's document, event), with copies of the event's date
    keys and venue: theme filters, date ranges and facets read one index range here instead
    of joining documents to events. Written only by database triggers (see the migration
    `event_themes`): never insert, update or delete it yourself.

    `last_day` is the event's last day (its end, else its start, else its sort date; a date
    of month or year precision lasts until that period's end), so "takes place on or after
    D" is `last_day >= D`.
    """

    __tablename__ = "event_themes"
    __table_args__ = (
        Index("ix_event_themes_theme_sort_date", "theme_slug", "sort_date", "event_id",
              "last_day", "country_code"),
        # The country facet of a theme: grouped by country in the index, index-only.
        Index("ix_event_themes_theme_country", "theme_slug", "country_code", "last_day"),
        # The events of a theme ending in a range of days (see EventThemeMonth).
        Index("ix_event_themes_theme_last_day", "theme_slug", "last_day", "country_code"),
    )

    theme_slug: Mapped[str] = mapped_column(String(60), primary_key=True)
    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    sort_date: Mapped[date | None] = mapped_column(Date)
    last_day: Mapped[date | None] = mapped_column(Date)
    country_code: Mapped[str | None] = mapped_column(String(3))


EVERY_DAY = date(1, 1, 1)  # EventThemeMonth.last_month of events with no date at all


class EventThemeMonth(Base):
    """How many events of a theme have a venue country (`country_code`, '' for none) and end
    in a month (`last_month`, the first day of the month of EventTheme.last_day; EVERY_DAY
    when they have no date): the rows of event_themes, counted by database triggers as
    they come and go (see the migration `event_theme_months`). The country facet of a
    theme since a date sums a few of these instead of counting every event of the theme."""

    __tablename__ = "event_theme_months"
    __table_args__ = {"sqlite_with_rowid": False}  # rows in key order: a theme's together

    theme_slug: Mapped[str] = mapped_column(String(60), primary_key=True)
    country_code: Mapped[str] = mapped_column(String(3), primary_key=True)
    last_month: Mapped[date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column()

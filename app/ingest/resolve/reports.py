"""Reports: one event as one document states it, with the document's context.

A report is the resolver's input. Its key is `(document, index)`: the document's id and the
event's position among that document's events. `seen` orders documents by age (the ingest
sequence: a smaller `seen` is older; the database's document id serves); it decides public
ids only, never which reports are the same activity.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

ReportKey = tuple[str, int]


@dataclass(frozen=True, slots=True)
class Span:
    """A stated date as the interval of days it may mean: a day, a month or a year."""

    lo: date
    hi: date
    precision: str  # "day" | "month" | "year"
    iso: str  # as stated: YYYY-MM-DD, YYYY-MM or YYYY

    @classmethod
    def parse(cls, value: str | None) -> Span | None:
        """`YYYY-MM-DD`, `YYYY-MM` or `YYYY` -> the span; anything else (or None) -> None."""
        if not value:
            return None
        try:
            parts = [int(p) for p in value.split("-")]
        except ValueError:
            return None
        try:
            if len(parts) == 3:
                day = date(*parts)
                return cls(day, day, "day", value)
            if len(parts) == 2:
                last = calendar.monthrange(parts[0], parts[1])[1]
                return cls(date(parts[0], parts[1], 1), date(parts[0], parts[1], last),
                           "month", value)
            if len(parts) == 1:
                return cls(date(parts[0], 1, 1), date(parts[0], 12, 31), "year", value)
        except ValueError:
            return None
        return None


@dataclass(frozen=True, slots=True)
class DocumentContext:
    """What a document says besides its events; every report of the document shares it."""

    document: str
    seen: int = 0
    published: date | None = None
    title: str | None = None
    administrations: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (ISO alpha-3, roles)
    people: tuple[str, ...] = ()
    funders: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class Report:
    """One event as one document states it."""

    context: DocumentContext
    index: int
    type: str
    name: str
    start: Span | None
    end: Span | None
    city: str | None = None
    country: str | None = None
    online: bool = False
    siblings: tuple[Span, ...] = field(default=(), compare=False)  # other events' dates

    @property
    def key(self) -> ReportKey:
        return (self.context.document, self.index)

    @property
    def document(self) -> str:
        return self.context.document

    @property
    def age(self) -> tuple[int, str, int]:
        """Older sorts first: the document's ingest order, then its id, then the index."""
        return (self.context.seen, self.context.document, self.index)


def _date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def reports_from_annotation(document: str, entry: Mapping[str, Any], seen: int = 0,
                            source_url: str | None = None) -> list[Report]:
    """The reports of one document in the corpus annotation schema (gold, or `to_gold()`)."""
    context = DocumentContext(
        document=document,
        seen=seen,
        published=_date(entry.get("published")),
        title=entry.get("title"),
        administrations=tuple(
            (a["country"], tuple(a.get("roles") or ()))
            for a in entry.get("administrations") or ()),
        people=tuple(p["name"] for p in entry.get("people") or () if p.get("name")),
        funders=tuple(entry.get("funders") or ()),
        themes=tuple(entry.get("themes") or ()),
        source_url=source_url,
    )
    events = list(entry.get("events") or ())
    spans = [(Span.parse(e.get("start")), Span.parse(e.get("end"))) for e in events]
    reports = []
    for i, event in enumerate(events):
        siblings = tuple(s for j, pair in enumerate(spans) if j != i for s in pair if s)
        reports.append(Report(
            context=context, index=i, type=event.get("type") or "other",
            name=event.get("name") or "", start=spans[i][0], end=spans[i][1],
            city=event.get("city"), country=event.get("country"),
            online=bool(event.get("online")), siblings=siblings,
        ))
    return reports

"""Event resolution at ingest: the database side of app/ingest/resolve.

`EventStore` keeps one `Resolution` (every report in the database, resolved) for a loader's
connection and writes what each document changes:

- a document's events arrive as `Report`s (`attach`): the resolver says which resolved
  events were created, changed or went; created events are inserted, changed ones updated
  (only when a field differs, so the facts tables' triggers run only for real changes),
  the document's reports are inserted attached to their events, other reports that moved
  are re-attached, and events that went are deleted, their public ids kept in
  `event_redirects` (the surviving event's id, or null when every report of it is gone);
- `sync` makes the whole database agree with resolving every report from scratch (after
  the migration that turned events into reports, or a change of the resolver's rules:
  `acip resolve`).

A report's key is its document's source path and its index there, so which reports are
the same activity never depends on the order documents came in; the document's id (its
ingest order) decides only which report is the oldest, whose public id the resolved event
takes. The state lives in memory for one connection; after a rollback it is dropped and
read again (`invalidate`).
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, or_, select, update

from app.core.dates import as_date, partial_date_text
from app.ingest.resolve import Change, Report, Resolution, ResolvedEvent, resolve
from app.ingest.resolve.reports import DocumentContext, ReportKey, Span
from app.models import (
    Administration,
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    EventRedirect,
    EventReport,
    Person,
    ResolutionState,
)


@lru_cache(maxsize=1 << 16)
def event_public_id(source: str, ordinal: int) -> str:
    """A report's public id, stable across re-ingestion of the same source: "evt_" + 16 hex
    digits. A resolved event takes its oldest report's."""
    digest = hashlib.sha256(f"{source}\x1f{ordinal}".encode()).hexdigest()
    return f"evt_{digest[:16]}"


def public_id(key: ReportKey) -> str:
    """The public id of the report with this key (and of the resolved event it founds)."""
    return event_public_id(key[0], key[1])


def span(day: date | str | None, precision: str | None) -> Span | None:
    """A stored date and its precision as the resolver's Span."""
    return Span.parse(partial_date_text(as_date(day), precision))


@dataclass(frozen=True, slots=True)
class StatedEvent:
    """One event of a document as stored in event_reports (what a report is made of)."""

    ordinal: int
    type: str
    name: str
    start_date: date | None
    start_precision: str | None
    end_date: date | None
    end_precision: str | None
    city: str | None
    country_code: str | None
    online: bool
    published: date | None
    evidence_id: int | None
    confidence: float | None


@dataclass(frozen=True, slots=True)
class StatedDocument:
    """What the resolver reads of a document besides its events."""

    id: int
    source: str
    title: str | None
    published: date | None
    source_url: str | None
    administrations: tuple[tuple[str, tuple[str, ...]], ...]
    people: tuple[str, ...]  # normalised names
    funders: tuple[str, ...]
    themes: tuple[str, ...]


def make_reports(document: StatedDocument, events: Sequence[StatedEvent]) -> list[Report]:
    context = DocumentContext(
        document=document.source, seen=document.id, published=document.published,
        title=document.title, administrations=document.administrations,
        people=document.people, funders=document.funders, themes=document.themes,
        source_url=document.source_url)
    spans = [(span(e.start_date, e.start_precision), span(e.end_date, e.end_precision))
             for e in events]
    reports = []
    for i, event in enumerate(events):
        siblings = tuple(s for j, pair in enumerate(spans) if j != i for s in pair if s)
        reports.append(Report(
            context=context, index=event.ordinal, type=event.type, name=event.name,
            start=spans[i][0], end=spans[i][1], city=event.city, country=event.country_code,
            online=bool(event.online), siblings=siblings))
    return reports


_REPORT_FIELDS = (EventReport.ordinal, EventReport.type, EventReport.name,
                  EventReport.start_date, EventReport.start_precision, EventReport.end_date,
                  EventReport.end_precision, EventReport.city, EventReport.country_code,
                  EventReport.online, EventReport.published, EventReport.evidence_id,
                  EventReport.confidence)


def read_reports(connection: Connection) -> tuple[list[Report], dict[ReportKey, StatedEvent],
                                                  dict[str, int]]:
    """Every report in the database: the resolver's reports, what each states, and each
    source's document id."""
    by_document: dict[int, list[StatedEvent]] = defaultdict(list)
    for row in connection.execute(select(EventReport.document_id, *_REPORT_FIELDS)
                                  .order_by(EventReport.document_id, EventReport.ordinal)):
        by_document[row[0]].append(StatedEvent(
            row[1], row[2], row[3], as_date(row[4]), row[5], as_date(row[6]), row[7], row[8],
            row[9], bool(row[10]), as_date(row[11]), row[12], row[13]))
    admins: dict[int, dict[str, set[str]]] = defaultdict(dict)
    for doc, code, role in connection.execute(
            select(DocumentAdministration.document_id, Administration.country_code,
                   DocumentAdministration.role)
            .join(Administration, Administration.id == DocumentAdministration.administration_id)):
        admins[doc].setdefault(code, set()).add(role)
    people: dict[int, set[str]] = defaultdict(set)
    for doc, name in connection.execute(
            select(DocumentPerson.document_id, Person.normalized_name)
            .join(Person, Person.id == DocumentPerson.person_id)):
        people[doc].add(name)
    funders: dict[int, set[str]] = defaultdict(set)
    for doc, slug in connection.execute(select(DocumentFunder.document_id,
                                               DocumentFunder.funder_slug)):
        funders[doc].add(slug)
    themes: dict[int, set[str]] = defaultdict(set)
    for doc, slug in connection.execute(select(DocumentTheme.document_id,
                                               DocumentTheme.theme_slug)):
        themes[doc].add(slug)
    reports: list[Report] = []
    stated: dict[ReportKey, StatedEvent] = {}
    sources: dict[str, int] = {}
    rows = connection.execute(
        select(Document.id, Document.source_path, Document.title, Document.published,
               Document.source_url).where(Document.id.in_(
                   select(EventReport.document_id).distinct())))
    for doc_id, source, title, published, source_url in rows:
        document = StatedDocument(
            doc_id, source, title, as_date(published), source_url,
            tuple((c, tuple(sorted(r))) for c, r in sorted(admins[doc_id].items())),
            tuple(sorted(people[doc_id])), tuple(sorted(funders[doc_id])),
            tuple(sorted(themes[doc_id])))
        events = by_document[doc_id]
        sources[source] = doc_id
        for report, event in zip(make_reports(document, events), events, strict=True):
            reports.append(report)
            stated[report.key] = event
    return reports, stated, sources


# The columns of `events` the resolver writes, in this order (see _event_values).
_EVENT_FIELDS = ("type", "name", "start_date", "start_precision", "end_date", "end_precision",
                 "sort_date", "published", "city", "country_code", "online", "evidence_id",
                 "confidence", "sources")


# Statements built once (SQLAlchemy then finds them in its compiled cache at once).
_CURRENT_EVENTS = (select(Event.id, Event.public_id, *[getattr(Event, f) for f in _EVENT_FIELDS],
                          Event.extracted)
                   .where(Event.public_id.in_(bindparam("ids", expanding=True))))
_INSERT_EVENT = insert(Event).returning(Event.id)
_DELETE_REDIRECTS = delete(EventRedirect).where(
    EventRedirect.public_id.in_(bindparam("ids", expanding=True)))
_ATTACH = (update(EventReport)
           .where(EventReport.public_id.in_(bindparam("reports", expanding=True)),
                  or_(EventReport.event_id.is_(None), EventReport.event_id != bindparam("other")))
           .values(event_id=bindparam("event")))


@lru_cache(maxsize=256)
def _update_event(fields: tuple[str, ...]) -> Any:
    """UPDATE events SET <fields> WHERE id = :row_id: only the fields that changed, so the
    facts tables' triggers (UPDATE OF their columns) run only when theirs did."""
    return (update(Event).where(Event.id == bindparam("row_id"))
            .values({f: bindparam(f) for f in fields}))


class EventStore:
    """The resolution of every report of one database, kept in step with it."""

    def __init__(self, clock: Callable[[], float] = time.perf_counter) -> None:
        self.clock = clock
        self.seconds = 0.0  # of `clock`, resolving and writing events (attach)
        self.resolution: Resolution | None = None
        self.stated: dict[ReportKey, StatedEvent] = {}
        self.documents: dict[str, int] = {}  # source -> document id
        self.version = 0  # resolution_state.version as this store last left it
        self.redirected: set[str] = set()  # public ids in event_redirects
        self.written: list[int] = []  # row ids of the events the last attach wrote

    def begin(self, connection: Connection) -> None:
        """Take the resolver's turn for one document (in its transaction): bump the shared
        version; if another process resolved since this store's last turn, read the
        resolution again. On PostgreSQL the bump locks the row until the commit."""
        version = connection.execute(
            update(ResolutionState).where(ResolutionState.id == 1)
            .values(version=ResolutionState.version + 1)
            .returning(ResolutionState.version)).scalar_one_or_none()
        if version is None:  # a database upgraded without its row: make it
            connection.execute(insert(ResolutionState).values(id=1, version=1))
            version = 1
        if self.resolution is not None and version != self.version + 1:
            self.invalidate()
        self.version = version
        self.load(connection)

    def invalidate(self) -> None:
        """Forget the state (after a rollback): it is read again when next needed."""
        self.resolution = None
        self.redirected = set()
        self.stated = {}
        self.documents = {}

    def load(self, connection: Connection) -> Resolution:
        """The resolution, read from the database if not in memory."""
        if self.resolution is None:
            self.redirected = set(connection.scalars(select(EventRedirect.public_id)))
            reports, self.stated, self.documents = read_reports(connection)
            self.resolution = resolve(reports)
        return self.resolution

    # --- writing one document --------------------------------------------------------

    def attach(self, connection: Connection, document: StatedDocument,
               events: Sequence[StatedEvent], *, replaced: bool) -> dict[int, int]:
        """Resolve the document's events (after its old reports, if `replaced`) and write
        what changed; the resolved event's row id for each event ordinal. The caller then
        inserts the document's reports with those ids."""
        started = self.clock()
        try:
            return self._attach(connection, document, events, replaced=replaced)
        finally:
            self.seconds += self.clock() - started

    def _attach(self, connection: Connection, document: StatedDocument,
                events: Sequence[StatedEvent], *, replaced: bool) -> dict[int, int]:
        resolution = self.load(connection)
        changes: list[Change] = []
        if replaced:
            changes.append(resolution.remove_documents([document.source]))
            for key in [k for k in self.stated if k[0] == document.source]:
                del self.stated[key]
        reports = make_reports(document, events)
        self.documents[document.source] = document.id
        for report, event in zip(reports, events, strict=True):
            self.stated[report.key] = event
        changes.append(resolution.add(reports))
        own = {r.key for r in reports}
        ids = self._write(connection, resolution, changes, own)
        self.written = sorted(ids.values())
        return {r.key[1]: ids[public_id(resolution.event_of[r.key])] for r in reports}

    def _write(self, connection: Connection, resolution: Resolution,
               changes: Sequence[Change], own: set[ReportKey]) -> dict[str, int]:
        """Write the events the changes name; row id by public id of every live one."""
        live: dict[str, ResolvedEvent] = {}
        gone: list[tuple[str, str | None]] = []  # (public id, surviving id or None)
        for change in changes:
            for event_id in (*change.created, *change.updated):
                if event_id in resolution.members:
                    live[public_id(event_id)] = resolution.event(event_id)
            redirected = dict(change.redirects)
            for event_id in change.removed:
                # where its founding report lives now, else where the resolver sent it
                final = resolution.event_of.get(event_id)
                if final is None and event_id in redirected:
                    final = resolution.follow(redirected[event_id])
                gone.append((public_id(event_id), public_id(final) if final else None))
        gone = [(p, t) for p, t in gone if p not in live]
        # reports of this document are new rows: events holding only them need no re-attach
        ids = self._upsert(connection, live)
        for pid, event in live.items():
            others = [public_id(k) for k in event.reports if k not in own]
            if others:
                connection.execute(_ATTACH, {"reports": others, "event": ids[pid],
                                             "other": ids[pid]})
        if gone:
            self._retire(connection, gone)
        return ids

    def _event_values(self, event: ResolvedEvent) -> dict[str, Any]:
        primary = self.stated[event.sources.get("name", (event.id,))[0]]
        stated = [self.stated[k] for k in event.reports]
        published = min((s.published for s in stated if s.published), default=None)
        start = event.start.lo if event.start else None
        return {
            "type": event.type, "name": primary.name,
            "start_date": start, "start_precision": event.start.precision if event.start
            else None,
            "end_date": event.end.lo if event.end else None,
            "end_precision": event.end.precision if event.end else None,
            "sort_date": start or published, "published": published,
            "city": event.city, "country_code": event.country,
            "online": bool(event.online), "evidence_id": primary.evidence_id,
            "confidence": max((s.confidence for s in stated if s.confidence is not None),
                              default=None),
            "sources": {field: [public_id(k) for k in keys]
                        for field, keys in sorted(event.sources.items())},
        }

    def _upsert(self, connection: Connection, live: dict[str, ResolvedEvent]
                ) -> dict[str, int]:
        """Insert the new events, update those whose fields changed; ids by public id."""
        if not live:
            return {}
        current = {row[1]: row for row in connection.execute(
            _CURRENT_EVENTS, {"ids": list(live)})}
        ids: dict[str, int] = {}
        for pid, event in sorted(live.items()):
            values = self._event_values(event)
            row = current.get(pid)
            if row is None:
                founder = event.id
                ids[pid] = connection.execute(_INSERT_EVENT, {
                    "public_id": pid, "document_id": self.documents[founder[0]],
                    "ordinal": founder[1], **values}).scalar_one()
                if pid in self.redirected:  # an id that comes back names an event again
                    connection.execute(_DELETE_REDIRECTS, {"ids": [pid]})
                    self.redirected.discard(pid)
                continue
            ids[pid] = row[0]
            *stored, extracted = row[2:]
            changed = {f: v for f, v, old in zip(_EVENT_FIELDS, values.values(), stored,
                                                 strict=True)
                       if _differs(v, old)}
            if extracted:
                # fields an editor corrected hold the correction: write the resolved values
                # (the caller applies the corrections again, recording them anew)
                changed.update({f: values[f] for f in extracted if f in values})
                changed["extracted"] = None
            if changed:
                connection.execute(_update_event(tuple(changed)), {"row_id": row[0], **changed})
        return ids

    def _retire(self, connection: Connection, gone: Sequence[tuple[str, str | None]]) -> None:
        """Delete events that went; keep their ids as redirects (or retired)."""
        old = [p for p, _ in gone]
        connection.execute(delete(Event).where(Event.public_id.in_(old)))
        connection.execute(_DELETE_REDIRECTS, {"ids": old})
        connection.execute(insert(EventRedirect), [
            {"public_id": p, "target": t} for p, t in gone])
        self.redirected.update(old)
        # ids that redirected to one that went now follow it
        for pid, target in gone:
            connection.execute(update(EventRedirect).where(EventRedirect.target == pid)
                               .values(target=target))

    # --- the whole database ----------------------------------------------------------

    def sync(self, connection: Connection) -> SyncSummary:
        """Resolve every report from scratch and make the database agree."""
        self.invalidate()
        self.begin(connection)
        resolution = self.load(connection)
        live = {public_id(e): resolution.event(e) for e in resolution.members}
        # events an editor added (ordinal < 0, no report) are not the resolver's
        before = dict(connection.execute(
            select(Event.public_id, Event.id).where(Event.ordinal >= 0)).all())
        attached = dict(connection.execute(
            select(EventReport.public_id, EventReport.event_id)).all())
        members_before: dict[int, list[str]] = defaultdict(list)
        for report, row_id in attached.items():
            if row_id is not None:
                members_before[row_id].append(report)
        ids = self._upsert(connection, live)
        moved = 0
        for pid, event in live.items():
            wanted = ids[pid]
            stray = [public_id(k) for k in event.reports if attached.get(public_id(k)) != wanted]
            if stray:
                moved += len(stray)
                connection.execute(update(EventReport).where(EventReport.public_id.in_(stray))
                                   .values(event_id=wanted))
        report_event = {public_id(k): public_id(e) for k, e in resolution.event_of.items()}
        gone = []
        for pid, row_id in sorted(before.items()):
            if pid in live:
                continue
            target = report_event.get(pid)
            if target is None:
                counts: dict[str, int] = defaultdict(int)
                for report in members_before.get(row_id, []):
                    if report in report_event:
                        counts[report_event[report]] += 1
                target = min(counts, key=lambda t: (-counts[t], t)) if counts else None
            gone.append((pid, target))
        if gone:
            self._retire(connection, gone)
        created = sum(1 for p in live if p not in before)
        return SyncSummary(events=len(live), created=created, removed=len(gone),
                           reports_moved=moved)


@dataclass(frozen=True, slots=True)
class SyncSummary:
    events: int
    created: int
    removed: int
    reports_moved: int


def _differs(new: Any, old: Any) -> bool:
    if isinstance(new, date) and isinstance(old, str):
        return new.isoformat() != old
    if isinstance(new, bool):
        return bool(old) != new
    if isinstance(new, float) and isinstance(old, float):
        return abs(new - old) > 1e-12
    return bool(new != old)

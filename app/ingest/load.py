"""Facts -> rows: one transaction per document, keyed by content hash, idempotent.

- the same content at the same source again: `unchanged`, nothing written (decided before
  extraction by `Loader.plan`);
- the same content under another source: `duplicate` of that source, nothing written;
- new content at a known source: `updated`, the document row kept (same id) and its facts
  replaced in the same transaction; event public ids depend on the source and the event's
  ordinal only, so they survive re-ingestion;
- a document that fails leaves nothing behind (its transaction, or in group commit its
  savepoint, is rolled back).

Transactions are those of one Connection held for the batch: the loader's own, checked out
of the session's engine (the session is committed first, and not used again), or, when the
session is bound to a Connection, that one (a document inside the caller's transaction is a
SAVEPOINT: the caller's commit stores it). The statements of a document are driver SQL,
built once per shape, on the connection's DBAPI cursor: SQLAlchemy's per-statement work
(cache key, parameter processing, result set-up; ~0.1 ms a statement) and the Session's per
transaction work (connection checkout, BEGIN through an event, check-in) are off the hot
path, and so the commit is the database's alone.

Group commit (`commit_every` > 1): documents share a transaction, each in a SAVEPOINT; the
caller commits with `Loader.commit()`. A crash loses only the uncommitted tail, which a
re-run stores (the hash check skips the committed ones).

Reference rows (countries, funders, themes, administrations, people) are read once per
batch and cached; administrations (one per country) and people (by normalised name) are
created on demand, and the caches learn them only once their transaction has committed (in
a group, once the document's savepoint is released; a failed group commit reloads them).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import Connection, Table, Transaction, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, SessionTransaction

from app.core.text import normalise_person_name
from app.curation.apply import apply_corrections
from app.ingest.extract import EXTRACTOR_VERSION
from app.ingest.extract.facts import Evidence as EvidenceFact
from app.ingest.extract.facts import Facts
from app.ingest.read import RawDocument
from app.ingest.resolution_store import EventStore, StatedDocument, StatedEvent, event_public_id
from app.models import (
    EVENT_TYPES,
    ROLES,
    Administration,
    Country,
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    EventReport,
    Evidence,
    Funder,
    Person,
    Theme,
)

WAL_AUTOCHECKPOINT = 10_000  # pages (SQLite): the loader's connection checkpoints the WAL at
# 40 MB, not at SQLite's 4 MB: a document dirties ~75 pages (tables, indexes, full text), so
# the default copies pages back every ~13 documents, mostly the same index pages again
FACT_KINDS = ("events", "administrations", "roles", "partner_count", "funders", "people",
              "themes", "evidence")
_CHILDREN = (DocumentAdministration, DocumentFunder, DocumentTheme, DocumentPerson,
             EventReport)


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Plan:
    """What storing a document would do, decided from its hash and source alone."""

    outcome: Outcome
    duplicate_of: str | None = None
    replaces: int | None = None  # the id of the document updated in place


@dataclass(slots=True)
class Stored:
    outcome: Outcome
    duplicate_of: str | None = None
    counts: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Known:
    document_id: int
    source: str
    content_hash: str
    extractor_version: str


@dataclass(slots=True)
class _Admin:
    id: int
    name: str
    aliases: list[str]


def _clip(value: str | None, length: int) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value[:length] if value else None


class Loader:
    """Stores documents through one connection: each document atomic, committed alone or in
    a group of `commit_every` (each in a SAVEPOINT inside the group's transaction).

    Close it (or use it as a context manager) to give its connection back."""

    def __init__(self, session: Session, *, dry_run: bool = False,
                 extractor_version: str = EXTRACTOR_VERSION, commit_every: int = 1,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        if commit_every < 1:
            raise ValueError("commit_every must be at least 1")
        self.session = session
        self.dry_run = dry_run
        self.extractor_version = extractor_version
        # a dry run rolls every document back on its own: nothing to group
        self.commit_every = 1 if dry_run else commit_every
        self.pending = 0  # documents written since the last commit (group commit only)
        self.clock = clock
        self.commit_s = 0.0  # seconds (of `clock`) committing documents one by one, in store()
        bind = session.get_bind()
        if isinstance(bind, Connection):
            self.connection, self._owned = bind, False
        else:
            session.commit()  # end what the session holds: the loader writes on its own
            self.connection, self._owned = bind.connect(), True
        self.dialect = self.connection.dialect
        self._mark = {"qmark": "?", "format": "%s", "pyformat": "%s"}[self.dialect.paramstyle]
        dbapi = self.dialect.loaded_dbapi
        self._clashes: tuple[type[BaseException], ...] = (IntegrityError, dbapi.IntegrityError)
        self._statements: dict[tuple[str, tuple[str, ...], int, tuple[str, ...]], _Statement] = {}
        self._group: Transaction | None = None  # the open group's transaction (owned, grouped)
        # the resolution of every stored report, read at the first document that needs it
        self.events = EventStore(clock)
        self._autocheckpoint: int | None = None
        try:
            if self._owned and self.dialect.name == "sqlite":
                self._autocheckpoint = self._pragma("wal_autocheckpoint", WAL_AUTOCHECKPOINT)
            self._refresh()
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Give the connection back (if it is the loader's own; an uncommitted group on it is
        rolled back)."""
        if not self._owned or self.connection.closed:
            return
        group, self._group, self.pending = self._group, None, 0
        if group is not None and group.is_active:
            group.rollback()
        try:
            if self._autocheckpoint is not None and not self.connection.invalidated:
                self._pragma("wal_autocheckpoint", self._autocheckpoint)
        finally:
            self.connection.close()

    def _pragma(self, name: str, value: int) -> int:
        """Set a SQLite connection setting; its previous value."""
        cursor = self.connection.connection.cursor()
        try:
            cursor.execute(f"PRAGMA {name}")
            (previous,) = cursor.fetchone() or (value,)
            cursor.execute(f"PRAGMA {name}={int(value)}")
            cursor.fetchall()
        finally:
            cursor.close()
        return int(previous)

    # --- transactions: on the loader's own connection, Connection transactions; on the
    # caller's, the session's (its savepoints and the loader's then nest in one stack)

    def _begin(self, grouped: bool) -> Transaction | SessionTransaction | None:
        """The document's transaction: a transaction of its own, or a SAVEPOINT in its
        group's (or in the caller's); None: the session's, ended by its commit or rollback."""
        if not self._owned:
            transaction = self.session.begin_nested() if grouped else None
            self.session.connection()  # now the session emits its BEGIN or SAVEPOINT
            return transaction
        connection = self.connection
        if grouped and self._group is None:
            self._group = (connection.begin_nested() if connection.in_transaction()
                           else connection.begin())
        return connection.begin_nested() if connection.in_transaction() else connection.begin()

    def _commit(self, transaction: Transaction | SessionTransaction | None) -> None:
        if transaction is None:
            self.session.commit()
        else:
            transaction.commit()

    def _rollback(self, transaction: Transaction | SessionTransaction | None) -> None:
        if transaction is None:
            self.session.rollback()
        elif transaction.is_active:
            transaction.rollback()

    def _refresh(self) -> None:
        """(Re)load the caches; outside a group, in a read transaction of their own."""
        if not self._owned:
            self._read(self.session.connection())
            if not self.pending:
                self.session.commit()
        elif self.connection.in_transaction():
            self._read(self.connection)
        else:
            with self.connection.begin():
                self._read(self.connection)

    def _read(self, c: Connection) -> None:
        self.by_hash: dict[str, _Known] = {}
        self.by_source: dict[str, _Known] = {}
        rows = c.execute(select(Document.id, Document.source_path, Document.content_hash,
                                Document.extractor_version))
        for row in rows:
            known = _Known(*row)
            self.by_hash[known.content_hash] = known
            self.by_source[known.source] = known
        self.countries: dict[str, str] = dict(
            c.execute(select(Country.alpha3, Country.name_en)).all())
        self.funders: set[str] = set(c.scalars(select(Funder.slug)))
        self.themes: set[str] = set(c.scalars(select(Theme.slug)))
        self.admins: dict[str, _Admin] = {
            code: _Admin(id_, name, list(aliases or []))
            for id_, code, name, aliases in c.execute(select(
                Administration.id, Administration.country_code, Administration.name,
                Administration.aliases))
        }
        self.people: dict[str, int] = dict(
            c.execute(select(Person.normalized_name, Person.id)).all())

    def statement(self, table: Table, columns: tuple[str, ...], rows: int = 1,
                  returning: tuple[str, ...] = ()) -> _Statement:
        """`INSERT INTO table (columns) VALUES (...), ... [RETURNING ...]` for `rows` rows, in
        the driver's parameter style, with the columns' bind processors; cached."""
        key = (table.name, columns, rows, returning)
        statement = self._statements.get(key)
        if statement is None:
            preparer = self.dialect.identifier_preparer
            group = "(" + ", ".join([self._mark] * len(columns)) + ")"
            sql = (f"INSERT INTO {preparer.format_table(table)} "
                   f"({', '.join(preparer.quote(c) for c in columns)}) "
                   f"VALUES {', '.join([group] * rows)}")
            if returning:
                sql += f" RETURNING {', '.join(preparer.quote(c) for c in returning)}"
            statement = self._statements[key] = _Statement(
                sql, self._processors(table, columns))
        return statement

    def update_statement(self, table: Table, columns: tuple[str, ...]) -> _Statement:
        """`UPDATE table SET columns... WHERE id = ?` (parameters: the columns, then id)."""
        key = (table.name, columns, 0, ("update",))
        statement = self._statements.get(key)
        if statement is None:
            preparer = self.dialect.identifier_preparer
            sets = ", ".join(f"{preparer.quote(c)} = {self._mark}" for c in columns)
            sql = (f"UPDATE {preparer.format_table(table)} SET {sets} "
                   f"WHERE {preparer.quote('id')} = {self._mark}")
            statement = self._statements[key] = _Statement(
                sql, self._processors(table, (*columns, "id")))
        return statement

    def _processors(self, table: Table, columns: tuple[str, ...]
                    ) -> tuple[tuple[int, Callable[[Any], Any]], ...]:
        """The columns' bind processors (SQLite dates as text, JSON serialised...), by
        position: what SQLAlchemy would apply to each parameter."""
        found = []
        for i, name in enumerate(columns):
            type_ = table.c[name].type
            processor = type_.dialect_impl(self.dialect).bind_processor(self.dialect)
            if processor is not None:
                found.append((i, processor))
        return tuple(found)

    # --- deciding ----------------------------------------------------------------------

    def plan(self, raw: RawDocument) -> Plan:
        known = self.by_hash.get(raw.content_hash)
        if known is not None:
            if known.source != raw.source:
                return Plan(Outcome.DUPLICATE, duplicate_of=known.source)
            if known.extractor_version == self.extractor_version:
                return Plan(Outcome.UNCHANGED)
            return Plan(Outcome.UPDATED, replaces=known.document_id)
        at_source = self.by_source.get(raw.source)
        if at_source is not None:
            return Plan(Outcome.UPDATED, replaces=at_source.document_id)
        return Plan(Outcome.NEW)

    # --- storing -----------------------------------------------------------------------

    def store(self, raw: RawDocument, facts: Facts) -> Stored:
        """Write the document and its facts atomically (rolled back in a dry run).

        With `commit_every` 1 the document is committed here. Otherwise it is written in a
        SAVEPOINT of the group's transaction, released on success and rolled back to on
        failure (the group goes on); the caller commits the group with `commit()`, and only
        then is the document stored. A unique-key clash (another process stored the same
        source, hash, person or administration meanwhile) reloads the caches and tries once
        more.
        """
        grouped = self.commit_every > 1
        for attempt in (1, 2):
            plan = self.plan(raw)
            if plan.outcome in (Outcome.UNCHANGED, Outcome.DUPLICATE):
                return Stored(plan.outcome, plan.duplicate_of)
            transaction = self._begin(grouped)
            writer = _DocumentWriter(self, raw, facts, plan)
            try:
                counts = writer.write()
                if self.dry_run:
                    self._rollback(transaction)
                elif grouped:
                    self._commit(transaction)  # releases the savepoint: the group commits it
                else:
                    started = self.clock()
                    self._commit(transaction)
                    self.commit_s += self.clock() - started
            except self._clashes:
                self._rollback(transaction)
                self.events.invalidate()
                if attempt == 2:
                    raise
                self._refresh()
                continue
            except BaseException:
                self._rollback(transaction)
                self.events.invalidate()
                raise
            finally:
                writer.close()
            self._learn(raw, writer)
            if grouped:
                self.pending += 1
            return Stored(plan.outcome, counts=counts)
        raise AssertionError("unreachable")

    def commit(self) -> None:
        """Commit the documents written since the last commit (group commit).

        If the commit fails they are all lost: the caches, which took them in when their
        savepoints were released, are reloaded from the database, and the error raised."""
        if not self.pending:
            return
        self.pending = 0
        group, self._group = self._group, None
        try:
            self._commit(group)
        except BaseException:
            self._rollback(group)
            self._refresh()
            self.events.invalidate()
            raise

    def _learn(self, raw: RawDocument, writer: _DocumentWriter) -> None:
        """After the commit (or the savepoint's release, in a group): the caches take in what
        the document created. The session's objects, if any, are expired: rows were written
        behind its back."""
        self.session.expire_all()
        old = self.by_source.get(raw.source)
        if old is not None:
            self.by_hash.pop(old.content_hash, None)
        known = _Known(writer.document_id, raw.source, raw.content_hash, self.extractor_version)
        self.by_hash[raw.content_hash] = known
        self.by_source[raw.source] = known
        if self.dry_run:
            return  # the new reference rows were rolled back with the rest
        self.admins.update(writer.new_admins)
        self.people.update(writer.new_people)


@dataclass(frozen=True, slots=True)
class _Statement:
    """Driver SQL and the bind processors of its parameters, by position in a row."""

    sql: str
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]

    def row(self, values: tuple[Any, ...]) -> tuple[Any, ...]:
        if not self.processors:
            return values
        out = list(values)
        for i, processor in self.processors:
            out[i] = processor(out[i])
        return tuple(out)


def _t(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


_DOCUMENTS, _EVIDENCE, _REPORTS = _t(Document), _t(Evidence), _t(EventReport)
_ADMINISTRATIONS, _PEOPLE = _t(Administration), _t(Person)
_DOC_ADMINISTRATIONS, _DOC_FUNDERS = _t(DocumentAdministration), _t(DocumentFunder)
_DOC_PEOPLE, _DOC_THEMES = _t(DocumentPerson), _t(DocumentTheme)
RETURNING_CHUNK = 100  # rows per multi-row INSERT ... RETURNING (5 parameters a row)
_DOCUMENT_COLUMNS = ("source_path", "content_hash", "title", "published", "language", "body",
                     "extractor_version", "partner_count", "partner_count_confidence",
                     "warnings", "source_url")
_EVIDENCE_COLUMNS = ("document_id", "kind", "char_start", "char_end", "sentence")
_REPORT_COLUMNS = ("public_id", "document_id", "ordinal", "type", "name", "start_date",
                   "start_precision", "end_date", "end_precision", "sort_date", "published",
                   "city", "country_code", "online", "evidence_id", "confidence", "event_id")
_DOC_ADMINISTRATION_COLUMNS = ("document_id", "administration_id", "role", "name_as_stated",
                               "evidence_id", "confidence", "role_confidence")
_DOC_FUNDER_COLUMNS = ("document_id", "funder_slug", "name_as_stated", "evidence_id",
                       "confidence")
_DOC_PERSON_COLUMNS = ("document_id", "person_id", "title", "organization", "evidence_id",
                       "confidence")
_DOC_THEME_COLUMNS = ("document_id", "theme_slug", "evidence_id", "confidence")


class _DocumentWriter:
    """The inserts of one document, inside the loader's transaction: driver SQL on a DBAPI
    cursor of the loader's connection (no ORM, no per-statement SQLAlchemy work)."""

    def __init__(self, loader: Loader, raw: RawDocument, facts: Facts, plan: Plan) -> None:
        self.loader = loader
        self.cursor = loader.connection.connection.cursor()
        self.raw = raw
        self.facts = facts
        self.plan = plan
        self.warnings: list[str] = list(facts.warnings)
        self.document_id = 0
        self.new_admins: dict[str, _Admin] = {}
        self.new_people: dict[str, int] = {}
        self.counts = dict.fromkeys(FACT_KINDS, 0)
        # what the resolver reads of the document, as stored (see _events)
        self.stated_admins: dict[str, set[str]] = {}
        self.stated_people: tuple[str, ...] = ()
        self.stated_funders: tuple[str, ...] = ()
        self.stated_themes: tuple[str, ...] = ()

    def close(self) -> None:
        self.cursor.close()

    def _insert(self, table: Table, columns: tuple[str, ...], rows: list[tuple[Any, ...]]
                ) -> None:
        statement = self.loader.statement(table, columns)
        row = statement.row
        if len(rows) == 1:
            self.cursor.execute(statement.sql, row(rows[0]))
        else:
            self.cursor.executemany(statement.sql, [row(r) for r in rows])

    def _insert_returning(self, table: Table, columns: tuple[str, ...],
                          rows: list[tuple[Any, ...]], returning: tuple[str, ...]
                          ) -> list[tuple[Any, ...]]:
        """Insert `rows` with one multi-row INSERT ... VALUES ... RETURNING per
        RETURNING_CHUNK rows; the returned rows (in no particular order)."""
        out: list[tuple[Any, ...]] = []
        for at in range(0, len(rows), RETURNING_CHUNK):
            chunk = rows[at:at + RETURNING_CHUNK]
            statement = self.loader.statement(table, columns, len(chunk), returning)
            row = statement.row
            self.cursor.execute(statement.sql, tuple(v for r in chunk for v in row(r)))
            out += self.cursor.fetchall()
        return out

    def write(self) -> dict[str, int]:
        facts = self.facts
        self._document()
        evidence = self._evidence()
        self._administrations(evidence["administration"])
        self._funders(evidence["funder"])
        self._people(evidence["person"])
        self._themes(evidence["theme"])
        # Events last: the triggers of an event row then find its document's links in place
        # and write its event_countries and event_themes rows once, complete. Events first,
        # each administration link turned the venue's row into a participant's with an
        # UPDATE (ON CONFLICT DO UPDATE), which re-ran the event_regions and event_counts
        # triggers: the same rows in the end, ~0.1 ms a document more.
        self._events(evidence["event"])
        # Editors' corrections of this document's events and facts, and of every event the
        # resolver rewrote for it, applied again on top of what was just extracted and
        # resolved (app/curation/apply.py), in the document's transaction.
        apply_corrections(self.loader.connection, self.loader.events.written,
                          document_ids=[self.document_id])
        if facts.partner_count is not None:
            self.counts["partner_count"] = 1
        if self.warnings != list(facts.warnings):
            statement = self.loader.update_statement(_DOCUMENTS, ("warnings",))
            self.cursor.execute(statement.sql, statement.row((self.warnings, self.document_id)))
        return self.counts

    def _document(self) -> None:
        facts = self.facts
        values: dict[str, Any] = {
            "source_path": self.raw.source, "content_hash": self.raw.content_hash,
            "title": _clip(facts.title, 500), "published": facts.published,
            "language": (facts.language or "und")[:8], "body": facts.body,
            "extractor_version": self.loader.extractor_version,
            "partner_count": facts.partner_count.value if facts.partner_count else None,
            "partner_count_confidence": (facts.partner_count.confidence
                                         if facts.partner_count else None),
            "warnings": self.warnings, "source_url": self.raw.url,
        }
        if self.plan.replaces is None:
            [(self.document_id,)] = self._insert_returning(
                _DOCUMENTS, _DOCUMENT_COLUMNS, [tuple(values[c] for c in _DOCUMENT_COLUMNS)],
                ("id",))
            return
        # updating in place: rare, Core statements on the same connection and transaction
        self.document_id = self.plan.replaces
        connection = self.loader.connection
        if not self.loader.dry_run:
            self.loader.events.begin(connection)  # the resolution, with the old reports

        for child in (*map(_t, _CHILDREN), _EVIDENCE):
            connection.execute(delete(child).where(child.c.document_id == self.document_id))
        connection.execute(
            update(_DOCUMENTS).where(_DOCUMENTS.c.id == self.document_id).values(values))

    def _evidence(self) -> dict[str, list[int]]:
        """One evidence row per fact, inserted at once; ids by kind, in fact order."""
        facts = self.facts
        items: list[tuple[str, EvidenceFact]] = (
            [("event", e.evidence) for e in facts.events]
            + [("administration", a.evidence) for a in facts.administrations]
            + [("funder", f.evidence) for f in facts.funders]
            + [("person", p.evidence) for p in facts.people]
            + [("theme", t.evidence) for t in facts.themes]
            + ([("partner_count", facts.partner_count.evidence)] if facts.partner_count else [])
        )
        ids: dict[str, list[int]] = {k: [] for k in (
            "event", "administration", "funder", "person", "theme", "partner_count")}
        if not items:
            return ids
        document_id = self.document_id
        new_ids = self._insert_returning_ids(_EVIDENCE, _EVIDENCE_COLUMNS, [
            (document_id, kind, ev.start, ev.end, ev.sentence) for kind, ev in items])
        for (kind, _), id_ in zip(items, new_ids, strict=True):
            ids[kind].append(id_)
        self.counts["evidence"] = len(new_ids)
        return ids

    def _insert_returning_ids(self, table: Table, columns: tuple[str, ...],
                              rows: list[tuple[Any, ...]]) -> list[int]:
        """Insert `rows`; their new ids in the rows' order.

        Both backends number the rows of one VALUES list in list order (SQLite: each new
        rowid is the largest plus one, under the write lock; PostgreSQL: the sequence is
        drawn row by row; others' draws may fall between ours but not reorder them), so the
        ids of a chunk, sorted, are in row order (and chunks are inserted in order).
        """
        ids: list[int] = []
        for at in range(0, len(rows), RETURNING_CHUNK):
            ids += sorted(id_ for (id_,) in self._insert_returning(
                table, columns, rows[at:at + RETURNING_CHUNK], ("id",)))
        return ids

    def _country(self, code: str | None, what: str) -> str | None:
        if code is None:
            return None
        if code in self.loader.countries:
            return code
        self.warnings.append(f"{what}: unknown country code {code!r} left out")
        return None

    def _events(self, evidence_ids: list[int]) -> None:
        """The document's events as reports, each attached to its resolved event (found or
        made by the resolver, app/ingest/resolution_store.py; not in a dry run)."""
        published: date | None = self.facts.published
        source, document_id = self.raw.source, self.document_id
        self.loader.events.written = []
        stated: list[StatedEvent] = []
        for ordinal, (event, evidence_id) in enumerate(
                zip(self.facts.events, evidence_ids, strict=True)):
            kind = event.type if event.type in EVENT_TYPES else "other"
            stated.append(StatedEvent(
                ordinal, kind, _clip(event.name, 300) or kind,
                event.start.value if event.start else None,
                event.start.precision if event.start else None,
                event.end.value if event.end else None,
                event.end.precision if event.end else None,
                _clip(event.city, 120), self._country(event.country, f"event {ordinal}"),
                bool(event.online), published, evidence_id, event.confidence))
        event_ids: dict[int, int] = {}
        if not self.loader.dry_run and (stated or self.plan.replaces is not None):
            if self.plan.replaces is None:
                self.loader.events.begin(self.loader.connection)
            document = StatedDocument(
                document_id, source, _clip(self.facts.title, 500), published, self.raw.url,
                tuple((c, tuple(sorted(r))) for c, r in sorted(self.stated_admins.items())),
                self.stated_people, self.stated_funders, self.stated_themes)
            event_ids = self.loader.events.attach(
                self.loader.connection, document, stated,
                replaced=self.plan.replaces is not None)
        rows = [(event_public_id(source, e.ordinal), document_id, e.ordinal, e.type, e.name,
                 e.start_date, e.start_precision, e.end_date, e.end_precision,
                 e.start_date or published, published, e.city, e.country_code, e.online,
                 e.evidence_id, e.confidence, event_ids.get(e.ordinal))
                for e in stated]
        if rows:
            self._insert(_REPORTS, _REPORT_COLUMNS, rows)
        self.counts["events"] = len(rows)

    def _administrations(self, evidence_ids: list[int]) -> None:
        # (country, role) -> (name, evidence, administration's confidence, role's confidence)
        roles: dict[tuple[str, str], tuple[str | None, int, float | None, float | None]] = {}
        for fact, evidence_id in zip(self.facts.administrations, evidence_ids, strict=True):
            country = self._country(fact.country, f"administration {fact.name!r}")
            if country is None:
                continue
            for role in fact.roles or ["mentioned"]:
                if role not in ROLES:
                    self.warnings.append(f"administration {country}: unknown role {role!r}")
                    continue
                roles.setdefault((country, role), (
                    _clip(fact.name, 300), evidence_id, fact.confidence,
                    fact.role_confidence.get(role)))
        if not roles:
            return
        for country, role in roles:
            self.stated_admins.setdefault(country, set()).add(role)
        ids = self._administration_ids({c: name for (c, _), (name, *_) in roles.items()})
        document_id = self.document_id
        self._insert(_DOC_ADMINISTRATIONS, _DOC_ADMINISTRATION_COLUMNS, [
            (document_id, ids[country], role, name, evidence_id, p, p_role)
            for (country, role), (name, evidence_id, p, p_role) in roles.items()
        ])
        self.counts["administrations"] = len({c for c, _ in roles})
        self.counts["roles"] = len(roles)

    def _administration_ids(self, stated: dict[str, str | None]) -> dict[str, int]:
        """Get or create the administration of each country; stated names become aliases."""
        known = self.loader.admins
        missing = [c for c in stated if c not in known]
        if missing:
            rows: list[tuple[str, str, list[str]]] = [
                (c, stated[c] or f"{self.loader.countries[c]} Customs"[:300], [])
                for c in missing]
            names = {country: name for country, name, _ in rows}
            created = self._insert_returning(
                _ADMINISTRATIONS, ("country_code", "name", "aliases"), rows,
                ("country_code", "id"))
            for country, id_ in created:
                self.new_admins[country] = _Admin(id_, names[country], [])
        ids = {}
        for country, name in stated.items():
            admin = self.new_admins.get(country) or known[country]
            ids[country] = admin.id
            if name and name != admin.name and name not in admin.aliases:
                aliases = [*admin.aliases, name]
                statement = self.loader.update_statement(_ADMINISTRATIONS, ("aliases",))
                self.cursor.execute(statement.sql, statement.row((aliases, admin.id)))
                self.new_admins[country] = _Admin(admin.id, admin.name, aliases)
        return ids

    def _funders(self, evidence_ids: list[int]) -> None:
        rows: dict[str, tuple[Any, ...]] = {}
        for fact, evidence_id in zip(self.facts.funders, evidence_ids, strict=True):
            if fact.slug not in self.loader.funders:
                self.warnings.append(f"unknown funder {fact.slug!r} left out")
                continue
            if fact.slug not in rows:
                rows[fact.slug] = (self.document_id, fact.slug, _clip(fact.name, 300),
                                   evidence_id, fact.confidence)
        self.stated_funders = tuple(sorted(rows))
        if rows:
            self._insert(_DOC_FUNDERS, _DOC_FUNDER_COLUMNS, list(rows.values()))
        self.counts["funders"] = len(rows)

    def _themes(self, evidence_ids: list[int]) -> None:
        rows: dict[str, tuple[Any, ...]] = {}
        for fact, evidence_id in zip(self.facts.themes, evidence_ids, strict=True):
            if fact.slug not in self.loader.themes:
                self.warnings.append(f"unknown theme {fact.slug!r} left out")
                continue
            if fact.slug not in rows:
                rows[fact.slug] = (self.document_id, fact.slug, evidence_id, fact.confidence)
        self.stated_themes = tuple(sorted(rows))
        if rows:
            self._insert(_DOC_THEMES, _DOC_THEME_COLUMNS, list(rows.values()))
        self.counts["themes"] = len(rows)

    def _people(self, evidence_ids: list[int]) -> None:
        wanted: dict[str, tuple[str | None, str | None, str | None, int, float | None]] = {}
        for fact, evidence_id in zip(self.facts.people, evidence_ids, strict=True):
            key = normalise_person_name(fact.name)[:200]
            if key and key not in wanted:
                wanted[key] = (_clip(fact.name, 200), _clip(fact.title, 300),
                               _clip(fact.organization, 300), evidence_id, fact.confidence)
        self.stated_people = tuple(sorted(wanted))
        if not wanted:
            return
        people = self.loader.people
        missing = [k for k in wanted if k not in people]
        if missing:
            created = self._insert_returning(
                _PEOPLE, ("name", "normalized_name"), [(wanted[k][0], k) for k in missing],
                ("normalized_name", "id"))
            self.new_people.update((key, id_) for key, id_ in created)
        new_people, document_id = self.new_people, self.document_id
        self._insert(_DOC_PEOPLE, _DOC_PERSON_COLUMNS, [
            (document_id, new_people.get(key) or people[key], title, organization, evidence_id,
             p)
            for key, (_, title, organization, evidence_id, p) in wanted.items()
        ])
        self.counts["people"] = len(wanted)

"""Facts -> rows: one transaction per document, keyed by content hash, idempotent.

- the same content at the same source again: `unchanged`, nothing written (decided before
  extraction by `Loader.plan`);
- the same content under another source: `duplicate` of that source, nothing written;
- new content at a known source: `updated`, the document row kept (same id) and its facts
  replaced in the same transaction; event public ids depend on the source and the event's
  ordinal only, so they survive re-ingestion;
- a document that fails leaves nothing behind (its transaction, or in group commit its
  savepoint, is rolled back).

Group commit (`commit_every` > 1): documents share a transaction, each in a SAVEPOINT; the
caller commits with `Loader.commit()`. A crash loses only the uncommitted tail, which a
re-run stores (the hash check skips the committed ones).

Reference rows (countries, funders, themes, administrations, people) are read once per
batch and cached; administrations (one per country) and people (by normalised name) are
created on demand, and the caches learn them only once their transaction has committed (in
a group, once the document's savepoint is released; a failed group commit reloads them).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import Table, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.core.text import normalise_person_name
from app.ingest.extract import EXTRACTOR_VERSION
from app.ingest.extract.facts import Evidence as EvidenceFact
from app.ingest.extract.facts import Facts
from app.ingest.read import RawDocument
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
    Event,
    Evidence,
    Funder,
    Person,
    Theme,
)

FACT_KINDS = ("events", "administrations", "roles", "partner_count", "funders", "people",
              "themes", "evidence")
_CHILDREN = (DocumentAdministration, DocumentFunder, DocumentTheme, DocumentPerson, Event)


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


def event_public_id(source: str, ordinal: int) -> str:
    """Stable across re-ingestion of the same source: "evt_" + 16 hex digits."""
    digest = hashlib.sha256(f"{source}\x1f{ordinal}".encode()).hexdigest()
    return f"evt_{digest[:16]}"


def _clip(value: str | None, length: int) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value[:length] if value else None


class Loader:
    """Stores documents through one session: each document atomic, committed alone or in a
    group of `commit_every` (each in a SAVEPOINT inside the group's transaction)."""

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
        self._insert_sql: dict[tuple[str, tuple[str, ...], int], str] = {}
        self.commit_s = 0.0  # seconds (of `clock`) committing documents one by one, in store()
        self._refresh()

    def _refresh(self, *, end_transaction: bool = True) -> None:
        s = self.session
        self.by_hash: dict[str, _Known] = {}
        self.by_source: dict[str, _Known] = {}
        rows = s.execute(select(Document.id, Document.source_path, Document.content_hash,
                                Document.extractor_version))
        for row in rows:
            known = _Known(*row)
            self.by_hash[known.content_hash] = known
            self.by_source[known.source] = known
        self.countries: dict[str, str] = dict(
            s.execute(select(Country.alpha3, Country.name_en)).all())
        self.funders: set[str] = set(s.scalars(select(Funder.slug)))
        self.themes: set[str] = set(s.scalars(select(Theme.slug)))
        self.admins: dict[str, _Admin] = {
            code: _Admin(id_, name, list(aliases or []))
            for id_, code, name, aliases in s.execute(select(
                Administration.id, Administration.country_code, Administration.name,
                Administration.aliases))
        }
        self.people: dict[str, int] = dict(
            s.execute(select(Person.normalized_name, Person.id)).all())
        if end_transaction:
            s.commit()  # end the read transaction: each document (or group) gets its own

    def insert_sql(self, table: Table, columns: list[str], rows: int) -> str:
        """`INSERT INTO table (columns) VALUES (...), ... RETURNING id` for `rows` rows, in
        the driver's parameter style; cached."""
        key = (table.name, tuple(columns), rows)
        sql = self._insert_sql.get(key)
        if sql is None:
            dialect = self.session.get_bind().dialect
            mark = {"qmark": "?", "format": "%s", "pyformat": "%s"}[dialect.paramstyle]
            preparer = dialect.identifier_preparer
            group = "(" + ", ".join([mark] * len(columns)) + ")"
            sql = (f"INSERT INTO {preparer.format_table(table)} "
                   f"({', '.join(preparer.quote(c) for c in columns)}) "
                   f"VALUES {', '.join([group] * rows)} RETURNING {preparer.quote('id')}")
            self._insert_sql[key] = sql
        return sql

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
            writer = _DocumentWriter(self, raw, facts, plan)
            savepoint = writer.session.begin_nested() if grouped else None
            try:
                counts = writer.write()
                if savepoint is not None:
                    savepoint.commit()
                elif self.dry_run:
                    self.session.rollback()
                else:
                    started = self.clock()
                    self.session.commit()
                    self.commit_s += self.clock() - started
                    self.session.expire_all()  # rows were written behind the ORM's back
            except IntegrityError:
                self._undo(savepoint)
                if attempt == 2:
                    raise
                self._refresh(end_transaction=not grouped)
                continue
            except BaseException:
                self._undo(savepoint)
                raise
            self._learn(raw, writer)
            if grouped:
                self.pending += 1
            return Stored(plan.outcome, counts=counts)
        raise AssertionError("unreachable")

    def _undo(self, savepoint: Any) -> None:
        if savepoint is None:
            self.session.rollback()
        elif savepoint.is_active:
            savepoint.rollback()

    def commit(self) -> None:
        """Commit the documents written since the last commit (group commit).

        If the commit fails they are all lost: the caches, which took them in when their
        savepoints were released, are reloaded from the database, and the error raised."""
        if not self.pending:
            return
        self.pending = 0
        try:
            self.session.commit()
        except BaseException:
            self.session.rollback()
            self._refresh()
            raise
        self.session.expire_all()

    def _learn(self, raw: RawDocument, writer: _DocumentWriter) -> None:
        """After the commit (or the savepoint's release, in a group): the caches take in what
        the document created."""
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


def _t(model: type[Any]) -> Table:
    table: Table = model.__table__
    return table


_DOCUMENTS, _EVIDENCE, _EVENTS = _t(Document), _t(Evidence), _t(Event)
_ADMINISTRATIONS, _PEOPLE = _t(Administration), _t(Person)
_DOC_ADMINISTRATIONS, _DOC_FUNDERS = _t(DocumentAdministration), _t(DocumentFunder)
_DOC_PEOPLE, _DOC_THEMES = _t(DocumentPerson), _t(DocumentTheme)
RETURNING_CHUNK = 100  # rows per multi-row INSERT ... RETURNING (5 parameters a row)


class _DocumentWriter:
    """The inserts of one document, inside the caller's transaction (Core statements on the
    session's connection: no ORM bookkeeping on the hot path)."""

    def __init__(self, loader: Loader, raw: RawDocument, facts: Facts, plan: Plan) -> None:
        self.loader = loader
        self.session = loader.session.connection()
        self.raw = raw
        self.facts = facts
        self.plan = plan
        self.warnings: list[str] = list(facts.warnings)
        self.document_id = 0
        self.new_admins: dict[str, _Admin] = {}
        self.new_people: dict[str, int] = {}
        self.counts = dict.fromkeys(FACT_KINDS, 0)

    def write(self) -> dict[str, int]:
        facts = self.facts
        self._document()
        evidence = self._evidence()
        self._events(evidence["event"])
        self._administrations(evidence["administration"])
        self._funders(evidence["funder"])
        self._people(evidence["person"])
        self._themes(evidence["theme"])
        if facts.partner_count is not None:
            self.counts["partner_count"] = 1
        if self.warnings != list(facts.warnings):
            self.session.execute(update(_DOCUMENTS).where(_DOCUMENTS.c.id == self.document_id)
                                 .values(warnings=self.warnings))
        return self.counts

    def _document(self) -> None:
        facts = self.facts
        values: dict[str, Any] = {
            "source_path": self.raw.source, "content_hash": self.raw.content_hash,
            "title": _clip(facts.title, 500), "published": facts.published,
            "language": (facts.language or "und")[:8], "body": facts.body,
            "extractor_version": self.loader.extractor_version,
            "partner_count": facts.partner_count.value if facts.partner_count else None,
            "warnings": self.warnings,
        }
        if self.plan.replaces is None:
            self.document_id = self.session.execute(
                insert(_DOCUMENTS).returning(_DOCUMENTS.c.id), values).scalar_one()
            return
        self.document_id = self.plan.replaces
        for child in (*map(_t, _CHILDREN), _EVIDENCE):
            self.session.execute(delete(child).where(child.c.document_id == self.document_id))
        self.session.execute(
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
        rows = [{"document_id": self.document_id, "kind": kind, "char_start": ev.start,
                 "char_end": ev.end, "sentence": ev.sentence} for kind, ev in items]
        new_ids = self._insert_returning_ids(_EVIDENCE, rows)
        for (kind, _), id_ in zip(items, new_ids, strict=True):
            ids[kind].append(id_)
        self.counts["evidence"] = len(new_ids)
        return ids

    def _insert_returning_ids(self, table: Table, rows: list[dict[str, Any]]) -> list[int]:
        """Insert `rows` (plain values, no type conversion needed; the same keys in each)
        with one multi-row INSERT ... VALUES ... RETURNING id per RETURNING_CHUNK rows;
        their new ids in the rows' order.

        The statement is driver SQL cached per row count: SQLAlchemy's executemany with
        RETURNING ("insertmanyvalues") costs ~0.3 ms a call here, and with
        `sort_by_parameter_order` it sends one statement per row on SQLite. Both backends
        number the rows of one VALUES list in list order (SQLite: each new rowid is the
        largest plus one, under the write lock; PostgreSQL: the sequence is drawn row by
        row; others' draws may fall between ours but not reorder them), so the ids, sorted,
        are in row order.
        """
        ids: list[int] = []
        columns = list(rows[0])
        for at in range(0, len(rows), RETURNING_CHUNK):
            chunk = rows[at:at + RETURNING_CHUNK]
            sql = self.loader.insert_sql(table, columns, len(chunk))
            values = tuple(row[c] for row in chunk for c in columns)
            ids += sorted(self.session.exec_driver_sql(sql, values).scalars())
        return ids

    def _country(self, code: str | None, what: str) -> str | None:
        if code is None:
            return None
        if code in self.loader.countries:
            return code
        self.warnings.append(f"{what}: unknown country code {code!r} left out")
        return None

    def _events(self, evidence_ids: list[int]) -> None:
        published: date | None = self.facts.published
        rows = []
        for ordinal, (event, evidence_id) in enumerate(
                zip(self.facts.events, evidence_ids, strict=True)):
            kind = event.type if event.type in EVENT_TYPES else "other"
            start = event.start.value if event.start else None
            rows.append({
                "public_id": event_public_id(self.raw.source, ordinal),
                "document_id": self.document_id, "ordinal": ordinal, "type": kind,
                "name": _clip(event.name, 300) or kind,
                "start_date": start,
                "start_precision": event.start.precision if event.start else None,
                "end_date": event.end.value if event.end else None,
                "end_precision": event.end.precision if event.end else None,
                "sort_date": start or published, "published": published,
                "city": _clip(event.city, 120),
                "country_code": self._country(event.country, f"event {ordinal}"),
                "online": bool(event.online), "evidence_id": evidence_id,
            })
        if rows:
            self.session.execute(insert(_EVENTS), rows)
        self.counts["events"] = len(rows)

    def _administrations(self, evidence_ids: list[int]) -> None:
        roles: dict[tuple[str, str], tuple[str | None, int]] = {}
        for fact, evidence_id in zip(self.facts.administrations, evidence_ids, strict=True):
            country = self._country(fact.country, f"administration {fact.name!r}")
            if country is None:
                continue
            for role in fact.roles or ["mentioned"]:
                if role not in ROLES:
                    self.warnings.append(f"administration {country}: unknown role {role!r}")
                    continue
                roles.setdefault((country, role), (_clip(fact.name, 300), evidence_id))
        if not roles:
            return
        ids = self._administration_ids({c: name for (c, _), (name, _) in roles.items()})
        self.session.execute(insert(_DOC_ADMINISTRATIONS), [
            {"document_id": self.document_id, "administration_id": ids[country], "role": role,
             "name_as_stated": name, "evidence_id": evidence_id}
            for (country, role), (name, evidence_id) in roles.items()
        ])
        self.counts["administrations"] = len({c for c, _ in roles})
        self.counts["roles"] = len(roles)

    def _administration_ids(self, stated: dict[str, str | None]) -> dict[str, int]:
        """Get or create the administration of each country; stated names become aliases."""
        known = self.loader.admins
        missing = [c for c in stated if c not in known]
        if missing:
            rows: list[dict[str, Any]] = [{"country_code": c,
                     "name": stated[c] or f"{self.loader.countries[c]} Customs"[:300],
                     "aliases": []} for c in missing]
            names = {row["country_code"]: row["name"] for row in rows}
            created = self.session.execute(insert(_ADMINISTRATIONS).returning(
                _ADMINISTRATIONS.c.country_code, _ADMINISTRATIONS.c.id), rows)
            for country, id_ in created:
                self.new_admins[country] = _Admin(id_, names[country], [])
        ids = {}
        for country, name in stated.items():
            admin = self.new_admins.get(country) or known[country]
            ids[country] = admin.id
            if name and name != admin.name and name not in admin.aliases:
                aliases = [*admin.aliases, name]
                self.session.execute(update(_ADMINISTRATIONS)
                                     .where(_ADMINISTRATIONS.c.id == admin.id)
                                     .values(aliases=aliases))
                self.new_admins[country] = _Admin(admin.id, admin.name, aliases)
        return ids

    def _funders(self, evidence_ids: list[int]) -> None:
        rows: dict[str, dict[str, Any]] = {}
        for fact, evidence_id in zip(self.facts.funders, evidence_ids, strict=True):
            if fact.slug not in self.loader.funders:
                self.warnings.append(f"unknown funder {fact.slug!r} left out")
                continue
            rows.setdefault(fact.slug, {
                "document_id": self.document_id, "funder_slug": fact.slug,
                "name_as_stated": _clip(fact.name, 300), "evidence_id": evidence_id})
        if rows:
            self.session.execute(insert(_DOC_FUNDERS), list(rows.values()))
        self.counts["funders"] = len(rows)

    def _themes(self, evidence_ids: list[int]) -> None:
        rows: dict[str, dict[str, Any]] = {}
        for fact, evidence_id in zip(self.facts.themes, evidence_ids, strict=True):
            if fact.slug not in self.loader.themes:
                self.warnings.append(f"unknown theme {fact.slug!r} left out")
                continue
            rows.setdefault(fact.slug, {"document_id": self.document_id,
                                        "theme_slug": fact.slug, "evidence_id": evidence_id})
        if rows:
            self.session.execute(insert(_DOC_THEMES), list(rows.values()))
        self.counts["themes"] = len(rows)

    def _people(self, evidence_ids: list[int]) -> None:
        wanted: dict[str, dict[str, Any]] = {}
        for fact, evidence_id in zip(self.facts.people, evidence_ids, strict=True):
            key = normalise_person_name(fact.name)[:200]
            if not key:
                continue
            wanted.setdefault(key, {"name": _clip(fact.name, 200), "title": _clip(fact.title, 300),
                                    "organization": _clip(fact.organization, 300),
                                    "evidence_id": evidence_id})
        if not wanted:
            return
        missing = [k for k in wanted if k not in self.loader.people]
        if missing:
            created = self.session.execute(
                insert(_PEOPLE).returning(_PEOPLE.c.normalized_name, _PEOPLE.c.id),
                [{"name": wanted[k]["name"], "normalized_name": k} for k in missing])
            self.new_people.update((key, id_) for key, id_ in created)
        people = self.loader.people
        self.session.execute(insert(_DOC_PEOPLE), [
            {"document_id": self.document_id,
             "person_id": self.new_people.get(key) or people[key], "title": row["title"],
             "organization": row["organization"], "evidence_id": row["evidence_id"]}
            for key, row in wanted.items()
        ])
        self.counts["people"] = len(wanted)

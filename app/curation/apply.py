"""Corrections applied on top of the extracted facts: `apply_corrections` is the one place
that does it, for the API when an editor writes one and for ingest after a document's
facts are (re)written, in the same transaction.

Every correction is keyed by stable identities, never by row ids: the event's public id;
a fact's natural key (administration country and role, funder slug, theme slug, person's
normalised name); for an event an editor added, its document's source path and the
evidence sentence. Applying is idempotent: each active or orphaned correction, in the
order they were made, brings the rows to what it says; one whose target is gone (the
event is no longer extracted, a confirmed fact no longer read, the sentence of an added
event no longer in the article) is marked orphaned, and applied again, active, should the
target come back.

How each kind lands:
- event.set / event.confirm: the events row's fields are overwritten; the values the
  extractor wrote are kept in `events.extracted` (restored on undo);
- event.reject: the events row is deleted (every list, count, facet, timeline and export
  drops it, trigger-maintained tables included); the correction keeps the row in `before`;
- event.add: an events row (and its evidence) is written, ordinal `-correction id`;
- event.merge: the event's reports join the event named `into`; its row goes and its id
  redirects there (301); event.split: a report leaves its event for an event of its own
  under the report's id. The resolver may put reports back when it rewrites an event:
  ingest applies the corrections of every event it rewrote, so they hold;
- <fact>.add: a row of the fact's table for each document of the event, marked
  `curation = "added"` (or, if the extractor read it too, `"confirmed"`) with the
  correction's id; <fact>.remove: those rows are deleted (the correction keeps them in
  `before`); <fact>.confirm: the rows are marked `"confirmed"`.

Facts are stored per document: `event_documents` says which documents an event's facts
are those of (those of its reports: an event is resolved across articles).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, and_, delete, insert, or_, select, update

from app.core.text import normalise_person_name
from app.models import (
    Administration,
    Correction,
    Country,
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    EventRedirect,
    EventReport,
    Evidence,
    Person,
)

# API field -> the events columns it sets
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "type": ("type",), "name": ("name",), "start": ("start_date", "start_precision"),
    "end": ("end_date", "end_precision"), "city": ("city",),
    "country_code": ("country_code",), "online": ("online",),
}
_DATE_COLUMNS = ("start_date", "end_date")
# the event columns a rejection keeps (and an undo restores)
SNAPSHOT_COLUMNS = ("public_id", "ordinal", "type", "name", "start_date", "start_precision",
                    "end_date", "end_precision", "sort_date", "published", "city",
                    "country_code", "online", "confidence", "extracted")
FACT_TABLES: dict[str, Any] = {
    "administration": DocumentAdministration, "funder": DocumentFunder,
    "theme": DocumentTheme, "person": DocumentPerson,
}


@dataclass
class Applied:
    """What a run of apply_corrections did: correction ids by resulting state."""

    active: list[int] = field(default_factory=list)
    orphaned: list[int] = field(default_factory=list)


def parse_api_date(value: str | None) -> tuple[date | None, str | None]:
    """"2025", "2025-03" or "2025-03-10" -> (first day, precision); None -> (None, None).
    ValueError if it is not a date."""
    if value is None:
        return None, None
    parts = value.split("-")
    if len(parts) == 1:
        return date(int(parts[0]), 1, 1), "year"
    if len(parts) == 2:
        return date(int(parts[0]), int(parts[1]), 1), "month"
    if len(parts) == 3:
        return date(int(parts[0]), int(parts[1]), int(parts[2])), "day"
    raise ValueError(f"not a date: {value!r}")


def added_event_public_id(source: str, correction_id: int) -> str:
    """The public id of an event an editor added: stable, like the extractor's."""
    digest = hashlib.sha256(f"{source}\x1fcuration\x1f{correction_id}".encode()).hexdigest()
    return f"evt_{digest[:16]}"


def event_documents(connection: Connection, event_id: int) -> list[int]:
    """The documents whose facts are the event's: where fact corrections are applied.

    A resolved event's facts are the union of its reports' documents' facts; an event an
    editor added has no report: its own document."""
    documents = sorted(set(connection.scalars(
        select(EventReport.document_id).where(EventReport.event_id == event_id))))
    if documents:
        return documents
    document_id = connection.scalar(select(Event.document_id).where(Event.id == event_id))
    return [] if document_id is None else [document_id]


def _event(connection: Connection, public_id: str | None) -> Row[Any] | None:
    if public_id is None:
        return None
    return connection.execute(select(Event).where(Event.public_id == public_id)).first()


def _jsonable(column: str, value: Any) -> Any:
    return value.isoformat() if column in _DATE_COLUMNS and value is not None else value


def _from_json(column: str, value: Any) -> Any:
    if column in (*_DATE_COLUMNS, "sort_date", "published") and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def event_columns(after: dict[str, Any]) -> dict[str, Any]:
    """The events columns an event.set's `after` writes ({"start": "2025-03"} ->
    start_date, start_precision)."""
    values: dict[str, Any] = {}
    for name, value in after.items():
        if name == "start":
            values["start_date"], values["start_precision"] = parse_api_date(value)
        elif name == "end":
            values["end_date"], values["end_precision"] = parse_api_date(value)
        elif name in EVENT_FIELDS:
            values[name] = bool(value) if name == "online" else value
    return values


def _set_event(connection: Connection, event: Row[Any], after: dict[str, Any]) -> None:
    values = event_columns(after)
    extracted = dict(event.extracted or {})
    for column in values:
        extracted.setdefault(column, _jsonable(column, getattr(event, column)))
    if "start_date" in values:
        values["sort_date"] = values["start_date"] or event.published
    changed = {c: v for c, v in values.items() if getattr(event, c) != v}
    if changed or extracted != (event.extracted or {}):
        connection.execute(update(Event).where(Event.id == event.id)
                           .values(**changed, extracted=extracted))


def reset_event(connection: Connection, public_id: str) -> None:
    """The event's fields back to what the extractor wrote (before a replay)."""
    event = _event(connection, public_id)
    if event is None or not event.extracted:
        return
    values = {c: _from_json(c, v) for c, v in event.extracted.items()}
    if "start_date" in values:
        values["sort_date"] = values["start_date"] or event.published
    connection.execute(update(Event).where(Event.id == event.id).values(**values,
                                                                        extracted=None))


def snapshot_event(event: Row[Any]) -> dict[str, Any]:
    out = {c: getattr(event, c) for c in SNAPSHOT_COLUMNS}
    for c in ("start_date", "end_date", "sort_date", "published"):
        out[c] = out[c].isoformat() if out[c] is not None else None
    return out


def restore_event(connection: Connection, snapshot: dict[str, Any], document_id: int) -> None:
    """Put a rejected event back from its snapshot (if it is not there again)."""
    if _event(connection, snapshot["public_id"]) is not None:
        return
    taken = connection.scalar(select(Event.id).where(
        Event.document_id == document_id, Event.ordinal == snapshot["ordinal"]))
    if taken is not None:
        return  # another event holds its place now: the extractor's ordinals moved
    values = {c: _from_json(c, v) for c, v in snapshot.items()}
    event_id = connection.execute(insert(Event).values(document_id=document_id, **values)
                                  .returning(Event.id)).scalar_one()
    # its reports, detached when it was deleted, come back with it
    connection.execute(update(EventReport).where(
        EventReport.public_id == snapshot["public_id"], EventReport.event_id.is_(None))
        .values(event_id=event_id))


# --- facts -------------------------------------------------------------------------------


def _fact_match(kind: str, target: dict[str, Any], connection: Connection) -> Any:
    """The WHERE clause of the rows of a fact's natural key (any document)."""
    if kind == "administration":
        admin_id = connection.scalar(select(Administration.id).where(
            Administration.country_code == target["country"]))
        clause = DocumentAdministration.administration_id == (admin_id or -1)
        if target.get("role"):
            clause = and_(clause, DocumentAdministration.role == target["role"])
        return clause
    if kind == "funder":
        return DocumentFunder.funder_slug == target["slug"]
    if kind == "theme":
        return DocumentTheme.theme_slug == target["slug"]
    person_id = connection.scalar(select(Person.id).where(
        Person.normalized_name == target["name"]))
    return DocumentPerson.person_id == (person_id or -1)


def fact_rows(connection: Connection, kind: str, target: dict[str, Any],
               documents: Sequence[int]) -> list[Row[Any]]:
    table = FACT_TABLES[kind]
    return list(connection.execute(select(table).where(
        table.document_id.in_(documents), _fact_match(kind, target, connection))))


def _administration_id(connection: Connection, country: str) -> int:
    found = connection.scalar(select(Administration.id).where(
        Administration.country_code == country))
    if found is not None:
        return int(found)
    name = connection.scalar(select(Country.name_en).where(Country.alpha3 == country))
    return int(connection.execute(insert(Administration).values(
        country_code=country, name=f"{name or country} Customs"[:300], aliases=[]
    ).returning(Administration.id)).scalar_one())


def _person_id(connection: Connection, name: str) -> int:
    key = normalise_person_name(name)[:200]
    found = connection.scalar(select(Person.id).where(Person.normalized_name == key))
    if found is not None:
        return int(found)
    return int(connection.execute(insert(Person).values(
        name=name[:200], normalized_name=key).returning(Person.id)).scalar_one())


def _new_fact_row(connection: Connection, kind: str, target: dict[str, Any],
                  after: dict[str, Any] | None, document_id: int) -> dict[str, Any]:
    if kind == "administration":
        return {"document_id": document_id,
                "administration_id": _administration_id(connection, target["country"]),
                "role": target["role"]}
    if kind == "funder":
        return {"document_id": document_id, "funder_slug": target["slug"]}
    if kind == "theme":
        return {"document_id": document_id, "theme_slug": target["slug"]}
    after = after or {}
    return {"document_id": document_id,
            "person_id": _person_id(connection, after.get("name") or target["name"]),
            "title": after.get("title"), "organization": after.get("organization")}


def _mark(connection: Connection, kind: str, rows: Sequence[Row[Any]], correction_id: int,
          curation: str) -> None:
    table = FACT_TABLES[kind]
    for row in rows:
        if row.correction_id == correction_id and row.curation == curation:
            continue
        connection.execute(update(table).where(_row_key(table, row))
                           .values(correction_id=correction_id, curation=curation))


def _row_key(table: Any, row: Row[Any]) -> Any:
    if table in (DocumentFunder, DocumentTheme):
        slug = table.funder_slug if table is DocumentFunder else table.theme_slug
        value = row.funder_slug if table is DocumentFunder else row.theme_slug
        return and_(table.document_id == row.document_id, slug == value)
    return table.id == row.id


def fact_snapshot(connection: Connection, kind: str, rows: Sequence[Row[Any]]
                  ) -> list[dict[str, Any]]:
    """The rows a removal deletes, as the correction's `before` (with their evidence)."""
    out = []
    evidence_ids = [r.evidence_id for r in rows if r.evidence_id is not None]
    evidence = {e.id: e for e in connection.execute(
        select(Evidence).where(Evidence.id.in_(evidence_ids)))} if evidence_ids else {}
    for row in rows:
        item = {k: v for k, v in row._mapping.items()
                if k not in ("id", "document_id", "evidence_id", "administration_id",
                             "person_id")}
        ev = evidence.get(row.evidence_id)
        if ev is not None:
            item["evidence"] = {"sentence": ev.sentence, "char_start": ev.char_start,
                                "char_end": ev.char_end}
        out.append(item)
    return out


def restore_facts(connection: Connection, kind: str, target: dict[str, Any],
                  before: Sequence[dict[str, Any]], documents: Sequence[int]) -> None:
    """Put removed rows back (undo of a removal), with their evidence where it still
    stands in the document's body."""
    table = FACT_TABLES[kind]
    for document_id in documents:
        present = fact_rows(connection, kind, target, [document_id])
        roles = {r.role for r in present} if kind == "administration" else None
        for item in before:
            if kind == "administration":
                if item.get("role") in (roles or set()):
                    continue
                key = {"country": target["country"], "role": item["role"]}
            elif present:
                continue
            else:
                key = target
            values = _new_fact_row(connection, kind, key, None, document_id)
            for column, value in item.items():
                if column in table.__table__.c and column not in values:
                    values[column] = value
            values["correction_id"], values["curation"] = None, None
            values["evidence_id"] = _evidence_id(connection, document_id, kind,
                                                 item.get("evidence"))
            connection.execute(insert(table).values(**values))


def _evidence_id(connection: Connection, document_id: int, kind: str,
                 evidence: dict[str, Any] | None) -> int | None:
    """An evidence row of the document holding `evidence` (found, or written if the
    sentence is in the body at those offsets or elsewhere); None if it is not."""
    if not evidence:
        return None
    found = connection.scalar(select(Evidence.id).where(
        Evidence.document_id == document_id, Evidence.char_start == evidence["char_start"],
        Evidence.char_end == evidence["char_end"], Evidence.sentence == evidence["sentence"]))
    if found is not None:
        return int(found)
    located = locate_sentence(connection, document_id, evidence)
    if located is None:
        return None
    return int(connection.execute(insert(Evidence).values(
        document_id=document_id, kind=kind, char_start=located[0], char_end=located[1],
        sentence=evidence["sentence"]).returning(Evidence.id)).scalar_one())


def locate_sentence(connection: Connection, document_id: int, evidence: dict[str, Any]
                    ) -> tuple[int, int] | None:
    """Where the evidence sentence stands in the document's body now: at its offsets, else
    its first occurrence; None if the body no longer holds it."""
    body = connection.scalar(select(Document.body).where(Document.id == document_id))
    if body is None:
        return None
    sentence = evidence["sentence"]
    start, end = evidence.get("char_start"), evidence.get("char_end")
    if isinstance(start, int) and isinstance(end, int) and body[start:end] == sentence:
        return start, end
    at = body.find(sentence)
    return None if at < 0 or not sentence else (at, at + len(sentence))


# --- one correction ----------------------------------------------------------------------


def _apply_one(connection: Connection, c: Row[Any]) -> bool:
    """Apply correction `c`; False if its target is gone (orphaned)."""
    kind, _, action = c.kind.partition(".")
    if c.kind == "event.add":
        return _apply_added_event(connection, c)
    if c.kind == "event.merge":
        return _apply_merge(connection, c)
    if c.kind == "event.split":
        return _apply_split(connection, c)
    event = _event(connection, c.event_public_id)
    if event is None:
        # a rejected event being gone is what the rejection asks
        return c.kind == "event.reject"
    if kind == "event":
        if action == "reject":
            connection.execute(delete(Event).where(Event.id == event.id))
        else:  # set, confirm
            _set_event(connection, event, c.after or {})
        return True
    documents = event_documents(connection, event.id)
    rows = fact_rows(connection, kind, c.target, documents)
    if action == "remove":
        if rows:
            table = FACT_TABLES[kind]
            connection.execute(delete(table).where(or_(*[_row_key(table, r) for r in rows])))
        return True
    if action == "confirm":
        if not rows:
            return False
        _mark(connection, kind, rows, c.id, "confirmed")
        return True
    # add
    have = {r.document_id for r in rows}
    _mark(connection, kind, [r for r in rows if r.curation != "added"], c.id, "confirmed")
    _mark(connection, kind, [r for r in rows if r.curation == "added"], c.id, "added")
    stated = {k: v for k, v in (c.after or {}).items()
              if k in ("title", "organization") and v is not None}
    if kind == "person" and rows and stated:  # the title and organisation the editor gave
        table = FACT_TABLES[kind]
        connection.execute(update(table).where(or_(*[_row_key(table, r) for r in rows]))
                           .values(**stated))
    for document_id in documents:
        if document_id not in have:
            values = _new_fact_row(connection, kind, c.target, c.after, document_id)
            connection.execute(insert(FACT_TABLES[kind]).values(
                **values, correction_id=c.id, curation="added"))
    return True


def _apply_merge(connection: Connection, c: Row[Any]) -> bool:
    """Event X is part of event Y (an editor said so): X's reports (as they were when the
    correction was made) join Y, X's row goes and its id redirects to Y. Applied again
    after the resolver puts them back."""
    into = _event(connection, (c.target or {}).get("into"))
    if into is None:
        return False
    reports = list((c.before or {}).get("reports") or [])
    if reports:
        connection.execute(update(EventReport).where(
            EventReport.public_id.in_(reports),
            or_(EventReport.event_id.is_(None), EventReport.event_id != into.id))
            .values(event_id=into.id))
    merged = _event(connection, c.event_public_id)
    if merged is not None and merged.id != into.id:
        left = connection.scalar(select(EventReport.id).where(
            EventReport.event_id == merged.id).limit(1))
        if left is None:
            connection.execute(delete(Event).where(Event.id == merged.id))
    connection.execute(delete(EventRedirect).where(
        EventRedirect.public_id == c.event_public_id))
    connection.execute(insert(EventRedirect).values(public_id=c.event_public_id,
                                                    target=into.public_id))
    return True


def _apply_split(connection: Connection, c: Row[Any]) -> bool:
    """A report is another activity than the rest of its event (an editor said so): it
    becomes an event of its own, under the report's id, with the fields it states."""
    report_id = (c.target or {}).get("report")
    report = connection.execute(select(EventReport).where(
        EventReport.public_id == report_id)).first()
    if report is None:
        return False
    own = _event(connection, report_id)
    if own is None:
        values = {col: getattr(report, col) for col in (
            "type", "name", "start_date", "start_precision", "end_date", "end_precision",
            "sort_date", "published", "city", "country_code", "online", "evidence_id",
            "confidence")}
        connection.execute(delete(EventRedirect).where(EventRedirect.public_id == report_id))
        event_id = connection.execute(insert(Event).values(
            public_id=report_id, document_id=report.document_id, ordinal=report.ordinal,
            sources=None, **values).returning(Event.id)).scalar_one()
    else:
        event_id = own.id
    if report.event_id != event_id:
        connection.execute(update(EventReport).where(EventReport.id == report.id)
                           .values(event_id=event_id))
    return True


def _apply_added_event(connection: Connection, c: Row[Any]) -> bool:
    document_id = connection.scalar(select(Document.id).where(
        Document.source_path == c.document_source))
    if document_id is None:
        return False
    located = locate_sentence(connection, document_id, c.target)
    if located is None:
        # the article no longer states it: the event goes (it comes back with the sentence)
        stale = _event(connection, c.event_public_id)
        if stale is not None:
            connection.execute(delete(Event).where(Event.id == stale.id))
        return False
    published = connection.scalar(select(Document.published).where(
        Document.id == document_id))
    values = event_columns(c.after or {})
    values.setdefault("online", False)
    event = _event(connection, c.event_public_id)
    if event is not None:
        if event.document_id == document_id:
            _set_event(connection, event, c.after or {})
            return True
        connection.execute(delete(Event).where(Event.id == event.id))
    evidence_id = _evidence_id(connection, document_id, "event", {
        **c.target, "char_start": located[0], "char_end": located[1]})
    connection.execute(insert(Event).values(
        public_id=c.event_public_id, document_id=document_id, ordinal=-c.id,
        sort_date=values.get("start_date") or published, published=published,
        evidence_id=evidence_id, **values))
    return True


def undo_effects(connection: Connection, c: Row[Any]) -> None:
    """Take correction `c`'s own effects off the rows (its state is already `undone`);
    the caller then replays the others (apply_corrections)."""
    kind, _, action = c.kind.partition(".")
    if c.kind in ("event.merge", "event.split"):
        # the resolver decides again, then the other corrections are replayed
        from app.ingest.resolution_store import EventStore

        EventStore().sync(connection)
        apply_corrections(connection)  # the others, on what the resolver decided
        return
    if c.kind == "event.add":
        event = _event(connection, c.event_public_id)
        if event is not None:
            connection.execute(delete(Event).where(Event.id == event.id))
        return
    if kind == "event":
        if action == "reject" and c.before:
            document_id = connection.scalar(select(Document.id).where(
                Document.source_path == c.document_source))
            if document_id is not None:
                restore_event(connection, c.before, int(document_id))
        elif c.event_public_id:
            reset_event(connection, c.event_public_id)
        return
    table = FACT_TABLES[kind]
    if action == "remove":
        event = _event(connection, c.event_public_id)
        if event is not None and c.before:
            restore_facts(connection, kind, c.target, c.before,
                          event_documents(connection, event.id))
        return
    connection.execute(delete(table).where(table.correction_id == c.id,
                                           table.curation == "added"))
    connection.execute(update(table).where(table.correction_id == c.id)
                       .values(correction_id=None, curation=None))


# --- the entry point ---------------------------------------------------------------------


_ANY_CORRECTION = select(Correction.id).where(
    Correction.state != "undone", Correction.kind != "undo").limit(1)


def apply_corrections(connection: Connection, event_ids: Sequence[int] | None = None, *,
                      document_ids: Sequence[int] | None = None) -> Applied:
    """(Re)apply every active or orphaned correction of the given events and documents
    (all of them when both are None), oldest first, and record which are orphaned.

    A document's corrections are those of its events (by public id) and those made while
    the event was in it (`document_source`: an event no longer extracted leaves them
    orphaned) or adding an event to it. Call it after rewriting a document's facts or an
    event's fields, in the same transaction.
    """
    if connection.scalar(_ANY_CORRECTION) is None:  # ingest without any correction
        return Applied()
    query = select(Correction.id, Correction.kind, Correction.event_public_id,
                   Correction.document_source, Correction.target, Correction.before,
                   Correction.after, Correction.state).where(
        Correction.state != "undone", Correction.kind != "undo")
    if event_ids is not None or document_ids is not None:
        ids = list(event_ids or [])
        documents = list(document_ids or [])
        public_ids = select(Event.public_id).where(
            or_(Event.id.in_(ids), Event.document_id.in_(documents)))
        sources = select(Document.source_path).where(Document.id.in_(documents))
        query = query.where(or_(Correction.event_public_id.in_(public_ids),
                                Correction.document_source.in_(sources)))
    applied = Applied()
    for c in connection.execute(query.order_by(Correction.id)).all():
        ok = _apply_one(connection, c)
        state = "active" if ok else "orphaned"
        (applied.active if ok else applied.orphaned).append(c.id)
        if state != c.state:
            connection.execute(update(Correction).where(Correction.id == c.id)
                               .values(state=state))
    return applied

"""Curation, read side: the audit log (corrections, filtered and paged), the curated marks
of an event, and the review queue."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, bindparam, func, literal, select, union_all
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.models import (
    Administration,
    Correction,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    EventReport,
    Evidence,
    Person,
)
from app.query.driver import DriverStatement
from app.query.pagination import encode_cursor, keyset_after
from app.query.reference import Paged, check_text, count_rows, cursor_key
from app.schemas.curation import CorrectionOut, ReviewItem

STATES = ("active", "orphaned", "undone")
# API field of an event -> the `after` keys of event.set / event.confirm that touch it
FIELD_OF = {"type": "type", "name": "name", "start": "start", "end": "end",
            "city": "venue", "country_code": "venue", "online": "online"}


def _utc(moment: datetime) -> datetime:
    """SQLite hands timestamps back naive: they are UTC (CURRENT_TIMESTAMP)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def correction_out(c: Correction) -> CorrectionOut:
    return CorrectionOut(
        id=c.id, kind=c.kind, event_id=c.event_public_id, document=c.document_source,
        target=c.target or {}, before=c.before, after=c.after, reason=c.reason,
        key_name=c.key_name, created_at=_utc(c.created_at), state=c.state,  # type: ignore[arg-type]
        undoes=c.undoes, undone_by=c.undone_by,
        links={"self": f"/v1/corrections/{c.id}",  # type: ignore[arg-type]
               "event": f"/v1/events/{c.event_public_id}" if c.event_public_id else None},
    )


def get_correction(session: Session, correction_id: int) -> CorrectionOut:
    c = session.get(Correction, correction_id)
    if c is None:
        raise NotFound(f"no correction with id {correction_id}")
    return correction_out(c)


def list_corrections(session: Session, *, event: str | None = None, key: str | None = None,
                     state: str | None = None, kind: str | None = None,
                     since: date | None = None, until: date | None = None, limit: int = 20,
                     cursor: str | None = None) -> Paged[CorrectionOut]:
    """Corrections, newest first, filtered by event (public id), key name, state, kind and
    day made (`since` .. `until`, inclusive, UTC)."""
    stmt = select(Correction)
    event = check_text("event", event)
    key = check_text("key", key)
    if event is not None:
        stmt = stmt.where(Correction.event_public_id == event)
    if key is not None:
        stmt = stmt.where(Correction.key_name == key)
    if state is not None:
        stmt = stmt.where(Correction.state == state)
    if kind is not None:
        stmt = stmt.where(Correction.kind == kind)
    if since is not None:
        stmt = stmt.where(Correction.created_at >= datetime.combine(since, time.min))
    if until is not None:
        stmt = stmt.where(Correction.created_at < datetime.combine(
            until + timedelta(days=1), time.min))
    total = count_rows(session, stmt)
    after = cursor_key(cursor, "-id", ())
    if after is not None:
        stmt = stmt.where(Correction.id < after[-1])
    rows = session.scalars(stmt.order_by(Correction.id.desc()).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor("-id", [], rows[-1].id) if more else None
    return Paged([correction_out(c) for c in rows], total, limit, next_cursor)


def rejection(session: Session, public_id: str) -> int | None:
    """The id of the correction that rejected the event, if one did (and is not undone)."""
    found = session.scalar(select(Correction.id).where(
        Correction.event_public_id == public_id, Correction.kind == "event.reject",
        Correction.state != "undone").order_by(Correction.id.desc()).limit(1))
    return None if found is None else int(found)


# Every event page reads it: built once, run on the driver (query.driver).
_EVENT_CORRECTIONS = DriverStatement(
    select(Correction.id, Correction.kind, Correction.after)
    .where(Correction.event_public_id == bindparam("public_id"),
           Correction.state == "active",
           Correction.kind.in_(("event.set", "event.confirm", "event.add")))
    .order_by(Correction.id))


def event_curation(session: Session, public_id: str) -> dict[str, dict[str, Any]]:
    """The event's curated fields: API field (type, name, start, end, venue, online, and
    `event` for an added or confirmed event) -> {curated: true, correction_id} of the
    latest active correction touching it."""
    marks: dict[str, dict[str, Any]] = {}
    for cid, kind, after in _EVENT_CORRECTIONS.typed(session, public_id=public_id):
        if kind in ("event.add", "event.confirm"):
            marks["event"] = {"curated": True, "correction_id": cid}
        for name in (after or {}):
            if name in FIELD_OF:
                marks[FIELD_OF[name]] = {"curated": True, "correction_id": cid}
    return marks


# --- the review queue --------------------------------------------------------------------


def _facts_union() -> Any:
    """Every fact not yet curated: (kind, sort confidence, confidence, document, key,
    evidence id)."""
    admin = (select(literal("administration").label("fact"),
                    func.coalesce(DocumentAdministration.role_confidence,
                                  DocumentAdministration.confidence, 1.0).label("p"),
                    func.coalesce(DocumentAdministration.role_confidence,
                                  DocumentAdministration.confidence).label("confidence"),
                    DocumentAdministration.document_id.label("document_id"),
                    (Administration.country_code + literal(" ")
                     + DocumentAdministration.role).label("fact_key"),
                    DocumentAdministration.evidence_id.label("evidence_id"))
             .join(Administration,
                   Administration.id == DocumentAdministration.administration_id)
             .where(DocumentAdministration.correction_id.is_(None)))
    funder = (select(literal("funder"), func.coalesce(DocumentFunder.confidence, 1.0),
                     DocumentFunder.confidence,
                     DocumentFunder.document_id, DocumentFunder.funder_slug,
                     DocumentFunder.evidence_id)
              .where(DocumentFunder.correction_id.is_(None)))
    theme = (select(literal("theme"), func.coalesce(DocumentTheme.confidence, 1.0),
                     DocumentTheme.confidence,
                    DocumentTheme.document_id, DocumentTheme.theme_slug,
                    DocumentTheme.evidence_id)
             .where(DocumentTheme.correction_id.is_(None)))
    person = (select(literal("person"), func.coalesce(DocumentPerson.confidence, 1.0),
                     DocumentPerson.confidence,
                     DocumentPerson.document_id, Person.normalized_name,
                     DocumentPerson.evidence_id)
              .join(Person, Person.id == DocumentPerson.person_id)
              .where(DocumentPerson.correction_id.is_(None)))
    return union_all(admin, funder, theme, person).subquery("facts")


def review_queue(session: Session, *, fact: str | None = None,
                 max_confidence: float = 1.0, limit: int = 20,
                 cursor: str | None = None) -> Paged[ReviewItem]:
    """Facts never confirmed nor corrected, lowest confidence first (unknown counts as 1:
    last), with their evidence and events. An administration another report of the same
    event names in another role is marked contradicted (its `why` says by which article)."""
    facts = _facts_union()
    stmt: Select[Any] = select(facts.c.fact, facts.c.p, facts.c.confidence,
                               facts.c.document_id,
                               facts.c.fact_key, facts.c.evidence_id).where(
        facts.c.p <= max_confidence,
        facts.c.document_id.in_(select(EventReport.document_id)
                                .where(EventReport.event_id.is_not(None))))
    if fact is not None:
        stmt = stmt.where(facts.c.fact == fact)
    total = count_rows(session, stmt)
    after = cursor_key(cursor, "review", (float, str, str))
    if after is not None:
        p, kind, key, document_id = after
        stmt = stmt.where(_after(facts, p, kind, key, document_id))
    rows = session.execute(stmt.order_by(facts.c.p, facts.c.fact, facts.c.fact_key,
                                         facts.c.document_id).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    documents = sorted({r.document_id for r in rows})
    events: dict[int, list[str]] = defaultdict(list)
    for document_id, public_id in session.execute(
            select(EventReport.document_id, Event.public_id)
            .join(Event, Event.id == EventReport.event_id)
            .where(EventReport.document_id.in_(documents)).order_by(EventReport.ordinal)):
        if public_id not in events[document_id]:
            events[document_id].append(public_id)
    contradicted = _contradicted_roles(session, documents)
    evidence_ids = [r.evidence_id for r in rows if r.evidence_id is not None]
    evidence = {e.id: {"sentence": e.sentence, "char_start": e.char_start,
                       "char_end": e.char_end}
                for e in session.scalars(select(Evidence).where(Evidence.id.in_(evidence_ids)))}
    items = [_review_item(r, events[r.document_id], evidence.get(r.evidence_id),
                          contradicted.get((r.document_id, r.fact_key), []))
             for r in rows]
    next_cursor = None
    if more:
        last = rows[-1]
        next_cursor = encode_cursor("review", [float(last.p), last.fact, last.fact_key],
                                    last.document_id)
    return Paged(items, total, limit, next_cursor)


def _after(facts: Any, p: float, kind: str, key: str, document_id: int
           ) -> ColumnElement[bool]:
    return keyset_after([facts.c.p, facts.c.fact, facts.c.fact_key], [p, kind, key],
                        facts.c.document_id, document_id, descending=False)


def _contradicted_roles(session: Session, documents: list[int]
                        ) -> dict[tuple[int, str], list[str]]:
    """(document, "XXX role") -> why, for each administration role of these documents that
    another report of the same event contradicts: its article names the administration
    but not in that role."""
    if not documents:
        return {}
    mine = select(EventReport.event_id).where(EventReport.document_id.in_(documents))
    pairs = session.execute(
        select(EventReport.event_id, EventReport.document_id)
        .where(EventReport.event_id.in_(mine))).all()
    by_event: dict[int, set[int]] = defaultdict(set)
    for event_id, document_id in pairs:
        if event_id is not None:
            by_event[event_id].add(document_id)
    roles: dict[tuple[int, str], set[str]] = defaultdict(set)
    every = sorted({d for ds in by_event.values() for d in ds})
    for document_id, country, role in session.execute(
            select(DocumentAdministration.document_id, Administration.country_code,
                   DocumentAdministration.role)
            .join(Administration, Administration.id == DocumentAdministration.administration_id)
            .where(DocumentAdministration.document_id.in_(every))):
        roles[(document_id, country)].add(role)
    out: dict[tuple[int, str], list[str]] = defaultdict(list)
    for docs in by_event.values():
        for document_id in docs & set(documents):
            for (doc, country), stated in list(roles.items()):
                if doc != document_id:
                    continue
                for other in sorted(docs - {document_id}):
                    theirs = roles.get((other, country))
                    for role in sorted(stated):
                        if theirs and role not in theirs:
                            out[(document_id, f"{country} {role}")].append(
                                f"contradicted: article {other} names {country} as "
                                f"{', '.join(sorted(theirs))}")
    return out


def _review_item(row: Any, events: list[str], evidence: dict[str, Any] | None,
                 contradictions: list[str] | None = None) -> ReviewItem:
    confidence = None if row.confidence is None else float(row.confidence)
    if row.fact == "administration":
        country, role = row.fact_key.split(" ", 1)
        key: dict[str, Any] = {"country": country, "role": role}
    elif row.fact == "person":
        key = {"name": row.fact_key}
    else:
        key = {"slug": row.fact_key}
    why = ["confidence unknown" if confidence is None else f"confidence {confidence:.2f}",
           "never confirmed", *dict.fromkeys(contradictions or [])]
    return ReviewItem(fact=row.fact, key=key, value=row.fact_key, confidence=confidence,
                      events=events, document_id=row.document_id, evidence=evidence, why=why)


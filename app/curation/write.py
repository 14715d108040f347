"""The write side of the curation API: each correction checked, stored in the audit log
and applied (app/curation/apply.py) in one transaction.

Concurrency: a write on an event first takes the event row's write lock (an UPDATE that
changes nothing: a row lock on PostgreSQL, the database's write lock on SQLite), then
compares If-Match with the ETag of the event as GET /v1/events/{id} serves it now. Of two
editors who read the same ETag, the second waits for the first to commit, then sees the
event changed: 412, nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy import Row, select, update
from sqlalchemy.orm import Session

from app.core.dates import partial_date_text
from app.core.errors import (
    Conflict,
    Forbidden,
    Gone,
    InvalidBody,
    NotFound,
    PreconditionFailed,
    PreconditionRequired,
)
from app.core.etag import etag_for, etag_matches
from app.core.text import normalise_person_name
from app.curation.apply import (
    added_event_public_id,
    apply_corrections,
    event_documents,
    fact_rows,
    fact_snapshot,
    locate_sentence,
    parse_api_date,
    snapshot_event,
    undo_effects,
)
from app.models import Correction, Country, Document, Event, EventReport, Funder, Theme
from app.query import events as event_queries
from app.query.curation import rejection
from app.schemas.curation import CorrectionIn, EventAddIn

MAX_PUBLIC_ID = 32


@dataclass(frozen=True)
class Editor:
    """Who writes: the API key's id, name and role."""

    key_id: int | None
    name: str
    role: str


def event_etag(session: Session, public_id: str) -> str:
    """The ETag GET /v1/events/{id} serves for the event now."""
    return etag_for(orjson.dumps(event_queries.get_event(session, public_id)))


def _lock_event(session: Session, public_id: str) -> Row[Any]:
    """Take the event's write lock; the event row, or NotFound / Gone (rejected)."""
    if len(public_id) > MAX_PUBLIC_ID or "\x00" in public_id:
        raise NotFound(f"no event with id {public_id[:40]!r}")
    locked = session.execute(update(Event).where(Event.public_id == public_id)
                             .values(confidence=Event.confidence)
                             .execution_options(synchronize_session=False))
    if not locked.rowcount:  # type: ignore[attr-defined]
        rejected = rejection(session, public_id)
        if rejected is not None:
            raise Gone(f"event {public_id} was rejected by correction {rejected}; undo it "
                       f"(POST /v1/corrections/{rejected}/undo) to correct the event",
                       correction_id=rejected)
        raise NotFound(f"no event with id {public_id[:40]!r}")
    row = session.connection().execute(
        select(Event).where(Event.public_id == public_id)).first()
    assert row is not None
    return row


def _check_if_match(session: Session, public_id: str, if_match: str | None) -> None:
    if not if_match:
        raise PreconditionRequired(
            "send If-Match with the ETag of the event as you last read it "
            f"(GET /v1/events/{public_id})")
    if not etag_matches(if_match, event_etag(session, public_id)):
        raise PreconditionFailed(
            f"event {public_id} has changed since you read it: GET it again, check the "
            "change, and send its new ETag")


def _country(session: Session, field: str, code: str | None) -> str | None:
    if code is None:
        return None
    code = code.strip().upper()
    column = Country.alpha2 if len(code) == 2 else Country.alpha3
    found = session.scalar(select(Country.alpha3).where(column == code))
    if found is None:
        raise InvalidBody(field, f"unknown country code {code!r}: use ISO 3166-1 alpha-2 or "
                                 "alpha-3")
    return str(found)


def _slug(session: Session, field: str, model: Any, slug: str | None) -> str:
    if not slug:
        raise InvalidBody(field, f"`{field}` is required for this action")
    if session.scalar(select(model.slug).where(model.slug == slug)) is None:
        known = sorted(session.scalars(select(model.slug)))
        close = [k for k in known if k[:3] == slug[:3]][:5]
        raise InvalidBody(field, f"unknown {field} {slug!r}", close)
    return slug


def _dates(start: str | None, end: str | None) -> None:
    try:
        first, _ = parse_api_date(start)
        last, _ = parse_api_date(end)
    except ValueError as exc:
        raise InvalidBody("start" if start else "end", f"not a calendar date: {exc}") from None
    if first and last and last < first:
        raise InvalidBody("end", "the event ends before it starts")


def _set_values(session: Session, body: CorrectionIn | EventAddIn,
                fields: set[str]) -> dict[str, Any]:
    """The event fields a set (or an added event) writes, in API form."""
    after: dict[str, Any] = {}
    for name in ("type", "name", "start", "end", "online"):
        if name in fields:
            after[name] = getattr(body, name)
    if "venue" in fields:
        venue = body.venue
        after["city"] = venue.city.strip() or None if venue and venue.city else None
        after["country_code"] = _country(session, "venue.country_code",
                                         venue.country_code if venue else None)
    if after.get("type", "") is None:
        raise InvalidBody("type", "an event has a type")
    if "name" in after and not (after["name"] or "").strip():
        raise InvalidBody("name", "an event has a name")
    _dates(after.get("start"), after.get("end"))
    return after


def _event_api_values(event: Row[Any]) -> dict[str, Any]:
    return {"type": event.type, "name": event.name,
            "start": partial_date_text(event.start_date, event.start_precision),
            "end": partial_date_text(event.end_date, event.end_precision),
            "city": event.city, "country_code": event.country_code,
            "online": bool(event.online)}


_FIELD_COLUMNS = {"type": ["type"], "name": ["name"], "start": ["start"], "end": ["end"],
                  "venue": ["city", "country_code"], "online": ["online"]}


def _fact_target(session: Session, kind: str, body: CorrectionIn, adding: bool
                 ) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """(natural key, after) of the fact a correction names."""
    if kind == "administration":
        if not body.country:
            raise InvalidBody("country", "`country` is required for this action")
        country = _country(session, "country", body.country)
        if adding and body.role is None:
            raise InvalidBody("role", "`role` is required to add an administration")
        target = {"country": country, "role": body.role}
        return target, dict(target) if adding else None
    if kind == "funder":
        slug = _slug(session, "funder", Funder, body.funder)
        return {"slug": slug}, {"slug": slug} if adding else None
    if kind == "theme":
        slug = _slug(session, "theme", Theme, body.theme)
        return {"slug": slug}, {"slug": slug} if adding else None
    if body.person is None:
        raise InvalidBody("person", "`person` is required for this action")
    key = normalise_person_name(body.person.name)[:200]
    if not key:
        raise InvalidBody("person.name", "the name has no letters")
    after = body.person.model_dump() if adding else None
    return {"name": key}, after


def _record(session: Session, editor: Editor, **values: Any) -> Correction:
    correction = Correction(key_name=editor.name, api_key_id=editor.key_id, state="active",
                            **values)
    session.add(correction)
    session.flush()
    return correction


def correct_event(session: Session, public_id: str, body: CorrectionIn, editor: Editor,
                  if_match: str | None) -> Correction:
    """Check, store and apply one correction of an event (not committed)."""
    event = _lock_event(session, public_id)
    _check_if_match(session, public_id, if_match)
    source = session.scalar(select(Document.source_path).where(
        Document.id == event.document_id))
    action = body.action
    common = {"event_public_id": public_id, "document_source": source,
              "reason": body.reason.strip()}
    if action == "set":
        fields = body.model_fields_set & {"type", "name", "start", "end", "venue", "online"}
        if not fields:
            raise InvalidBody("action", "`set` needs at least one of type, name, start, "
                                        "end, venue, online")
        after = _set_values(session, body, fields)
        current = _event_api_values(event)
        before = {k: current[k] for k in after}
        correction = _record(session, editor, kind="event.set", target={}, before=before,
                             after=after, **common)
    elif action == "reject":
        correction = _record(session, editor, kind="event.reject", target={},
                             before=snapshot_event(event), after=None, **common)
    elif action == "merge":
        into = None
        if body.into and body.into != public_id:
            try:
                into = _lock_event(session, body.into)
            except (NotFound, Gone):
                into = None
        if into is None:
            raise InvalidBody("into", "`merge` needs `into`: the id of another event")
        reports = sorted(session.scalars(select(EventReport.public_id).where(
            EventReport.event_id == event.id)))
        correction = _record(session, editor, kind="event.merge", target={"into": body.into},
                             before={"reports": reports}, after={"into": body.into},
                             **common)
    elif action == "split":
        report = session.execute(select(EventReport.public_id).where(
            EventReport.public_id == (body.report or ""),
            EventReport.event_id == event.id)).first()
        if report is None or body.report == public_id:
            raise InvalidBody("report", "`split` needs `report`: the id of one of this "
                                        "event's reports other than its first (split the "
                                        "others out instead)")
        correction = _record(session, editor, kind="event.split",
                             target={"report": body.report}, before=None,
                             after={"event": body.report}, **common)
    elif action == "confirm" and body.fact in (None, "event"):
        current = _event_api_values(event)
        chosen: list[str] = list(body.fields or _FIELD_COLUMNS)
        after = {c: current[c] for f in chosen for c in _FIELD_COLUMNS[f]}
        correction = _record(session, editor, kind="event.confirm",
                             target={"fields": sorted(set(chosen))}, before=after,
                             after=after, **common)
    else:
        if action == "confirm":
            kind, verb = str(body.fact), "confirm"
        else:
            verb, kind = action.split("_", 1)
        target, added = _fact_target(session, kind, body, adding=verb == "add")
        if kind == "administration" and verb == "confirm" and body.role is None:
            target.pop("role")
        if kind == "administration" and verb == "remove" and body.role is None:
            target.pop("role")
        documents = event_documents(session.connection(), event.id)
        rows = fact_rows(session.connection(), kind, target, documents)
        if verb == "confirm" and not rows:
            raise InvalidBody(kind, f"event {public_id} has no such {kind} to confirm")
        if verb == "remove" and not rows:
            raise InvalidBody(kind, f"event {public_id} has no such {kind} to remove")
        snapshot = fact_snapshot(session.connection(), kind, rows) or None
        correction = _record(session, editor, kind=f"{kind}.{verb}", target=target,
                             before=snapshot,
                             after=added if verb == "add" else (
                                 dict(target) if verb == "confirm" else None),
                             **common)
    apply_corrections(session.connection(), [event.id])
    session.expire_all()
    return correction


def add_event(session: Session, body: EventAddIn, editor: Editor) -> Correction:
    """Store and apply an event the extractor missed (not committed)."""
    document = session.get(Document, body.document_id)
    if document is None:
        raise NotFound(f"no document with id {body.document_id}")
    evidence = body.evidence.model_dump()
    located = locate_sentence(session.connection(), document.id, evidence)
    if located is None:
        raise InvalidBody("evidence.sentence", "the sentence is not in the article's body, "
                                               "character for character")
    target = {"document": document.source_path, "sentence": evidence["sentence"],
              "char_start": located[0], "char_end": located[1]}
    fields = {"type", "start", "end", "venue", "online"}
    if body.name is not None:
        fields.add("name")
    after = _set_values(session, body, fields)
    after["name"] = (after.get("name") or "").strip() or after["type"]
    duplicate = None
    for c in session.scalars(select(Correction).where(
            Correction.kind == "event.add", Correction.state != "undone",
            Correction.document_source == document.source_path)):
        if c.target == target and c.after == after:
            duplicate = c.id
    if duplicate is not None:
        raise Conflict(f"correction {duplicate} added this event already",
                       correction_id=duplicate)
    correction = _record(session, editor, kind="event.add", target=target, before=None,
                         after=after, document_source=document.source_path,
                         event_public_id=None, reason=body.reason.strip())
    correction.event_public_id = added_event_public_id(document.source_path, correction.id)
    session.flush()
    apply_corrections(session.connection(), document_ids=[document.id])
    session.expire_all()
    return correction


def undo(session: Session, correction_id: int, reason: str, editor: Editor) -> Correction:
    """Undo a correction (not committed): its effects taken off, the others replayed, and
    the undo itself stored in the audit log. Editors undo their own corrections; an admin
    key undoes anyone's."""
    # the correction's row lock first (the write lock on SQLite): two undos of one
    # correction queue, and the second sees it undone
    locked = session.execute(update(Correction).where(Correction.id == correction_id)
                             .values(state=Correction.state)
                             .execution_options(synchronize_session=False))
    original = session.get(Correction, correction_id) if locked.rowcount else None  # type: ignore[attr-defined]
    if original is None:
        raise NotFound(f"no correction with id {correction_id}")
    if original.kind == "undo":
        raise Conflict(f"correction {correction_id} is an undo; undo is not undone — make "
                       "the correction again")
    if original.state == "undone":
        raise Conflict(f"correction {correction_id} was undone already (by correction "
                       f"{original.undone_by})", correction_id=original.undone_by)
    if original.key_name != editor.name and editor.role != "admin":
        raise Forbidden(f"correction {correction_id} was made by another key; only an admin "
                        "key undoes others' corrections")
    if original.event_public_id:
        session.execute(update(Event).where(Event.public_id == original.event_public_id)
                        .values(confidence=Event.confidence)
                        .execution_options(synchronize_session=False))
    before_state = original.state
    original.state = "undone"
    session.flush()
    connection = session.connection()
    row = connection.execute(select(Correction).where(Correction.id == correction_id)).one()
    undo_effects(connection, row)
    record = _record(session, editor, kind="undo", target={"correction": correction_id},
                     before={"state": before_state}, after={"state": "undone"},
                     event_public_id=original.event_public_id,
                     document_source=original.document_source, reason=reason.strip(),
                     undoes=correction_id)
    original.undone_by = record.id
    session.flush()
    documents = session.scalars(select(Document.id).where(
        Document.source_path == original.document_source)).all()
    event_id = session.scalar(select(Event.id).where(
        Event.public_id == original.event_public_id)) if original.event_public_id else None
    apply_corrections(connection, [event_id] if event_id else [], document_ids=documents)
    session.expire_all()
    return record


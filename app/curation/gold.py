"""Corrections become gold: documents' records as editors left them, in the corpus
annotation schema that `acip eval` scores against (see app/ingest/evaluate.py).

A document's gold is its record after curation: the events, administrations and roles,
funders, people and themes the database holds for it now, corrections applied. Facts an
editor left alone count as right, so export the documents editors reviewed: by default
those with an active correction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.dates import partial_date_text
from app.models import (
    Administration,
    Correction,
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    Person,
)


def curated_sources(session: Session) -> list[str]:
    """Source paths of the documents with an active correction."""
    return sorted(session.scalars(
        select(Correction.document_source).distinct()
        .where(Correction.state == "active", Correction.kind != "undo",
               Correction.document_source.is_not(None))))


def _key(source: str, relative_to: Path | None) -> str:
    if relative_to is None:
        return source
    try:
        return PurePosixPath(Path(source).resolve().relative_to(relative_to.resolve())
                             ).as_posix()
    except ValueError:
        return source


def export_gold(session: Session, sources: Sequence[str] | None = None,
                relative_to: Path | None = None) -> dict[str, Any]:
    """{key: annotation} for the documents at `sources` (default: curated_sources); keys
    are source paths, relative to `relative_to` when given. Unknown sources: KeyError."""
    wanted = list(sources) if sources is not None else curated_sources(session)
    documents = {d.source_path: d for d in session.scalars(
        select(Document).where(Document.source_path.in_(wanted)))}
    missing = [s for s in wanted if s not in documents]
    if missing:
        raise KeyError(", ".join(missing))
    ids = [d.id for d in documents.values()]
    roles: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for doc_id, code, role in session.execute(
            select(DocumentAdministration.document_id, Administration.country_code,
                   DocumentAdministration.role)
            .join(Administration, Administration.id == DocumentAdministration.administration_id)
            .where(DocumentAdministration.document_id.in_(ids))
            .order_by(Administration.country_code, DocumentAdministration.role)):
        roles[doc_id][code].append(role)
    funders: dict[int, list[str]] = defaultdict(list)
    for doc_id, slug in session.execute(
            select(DocumentFunder.document_id, DocumentFunder.funder_slug)
            .where(DocumentFunder.document_id.in_(ids)).order_by(DocumentFunder.funder_slug)):
        funders[doc_id].append(slug)
    themes: dict[int, list[str]] = defaultdict(list)
    for doc_id, slug in session.execute(
            select(DocumentTheme.document_id, DocumentTheme.theme_slug)
            .where(DocumentTheme.document_id.in_(ids)).order_by(DocumentTheme.theme_slug)):
        themes[doc_id].append(slug)
    people: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for doc_id, name, title, organization in session.execute(
            select(DocumentPerson.document_id, Person.name, DocumentPerson.title,
                   DocumentPerson.organization)
            .join(Person, Person.id == DocumentPerson.person_id)
            .where(DocumentPerson.document_id.in_(ids)).order_by(DocumentPerson.id)):
        people[doc_id].append({"name": name, "title": title, "organization": organization})
    events: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for e in session.scalars(select(Event).where(Event.document_id.in_(ids))
                             .order_by(Event.document_id, Event.ordinal < 0,
                                       func.abs(Event.ordinal))):
        events[e.document_id].append({
            "type": e.type, "name": e.name,
            "start": partial_date_text(e.start_date, e.start_precision),
            "end": partial_date_text(e.end_date, e.end_precision),
            "city": e.city, "country": e.country_code, "online": bool(e.online)})
    out: dict[str, Any] = {}
    for source in wanted:
        d = documents[source]
        out[_key(source, relative_to)] = {
            "title": d.title, "published": d.published.isoformat() if d.published else None,
            "language": d.language, "events": events[d.id],
            "administrations": [{"country": c, "roles": r} for c, r in roles[d.id].items()],
            "partner_count": d.partner_count, "funders": funders[d.id],
            "people": people[d.id], "themes": themes[d.id],
        }
    return out

"""Documents: a keyset-paginated list, and one document with every fact and its evidence."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.core.errors import NotFound
from app.models import (
    Administration,
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    DocumentUrl,
    Event,
    EventReport,
    Evidence,
    Funder,
    Person,
    Theme,
)
from app.query.pagination import encode_cursor, keyset_after
from app.query.reference import Paged, check_text, count_rows, cursor_key
from app.schemas import document as out

SORT = "-id"


def _summary(doc: Document, event_count: int) -> out.DocumentSummary:
    return out.DocumentSummary(
        id=doc.id, title=doc.title, published=doc.published, language=doc.language,
        source_path=doc.source_path, source_url=doc.source_url,
        extractor_version=doc.extractor_version,
        ingested_at=doc.ingested_at, event_count=event_count)


def list_documents(
    session: Session, *, language: str | None = None, published_from: date | None = None,
    published_to: date | None = None, limit: int = 20, cursor: str | None = None,
) -> Paged[out.DocumentSummary]:
    """Documents, most recently ingested first, optionally of one language and published
    within a date range (inclusive)."""
    language = check_text("language", language)
    # published_to before published_from: an empty range, which the WHERE below matches
    stmt = select(Document)
    if language is not None:
        stmt = stmt.where(Document.language == language.lower())
    if published_from is not None:
        stmt = stmt.where(Document.published >= published_from)
    if published_to is not None:
        stmt = stmt.where(Document.published <= published_to)
    total = count_rows(session, stmt)
    after = cursor_key(cursor, SORT, ())
    if after is not None:
        stmt = stmt.where(keyset_after([], [], Document.id.expression, after[0],
                                       descending=True))
    docs = session.scalars(stmt.order_by(Document.id.desc()).limit(limit + 1)).all()
    more = len(docs) > limit
    docs = docs[:limit]
    counts: dict[int, int] = {}
    if docs:
        counts = dict(session.execute(
            select(EventReport.document_id, func.count())
            .where(EventReport.document_id.in_([d.id for d in docs]))
            .group_by(EventReport.document_id)).all())
    next_cursor = encode_cursor(SORT, [], docs[-1].id) if more else None
    return Paged([_summary(d, int(counts.get(d.id, 0))) for d in docs], total, limit,
                 next_cursor)


def get_document(session: Session, document_id: int) -> out.DocumentDetail:
    """One document with its body, events, administrations, funders, themes, people and
    partner count, each with the evidence sentence and its offsets in the body."""
    doc = session.get(Document, document_id)
    if doc is None:
        raise NotFound(f"no document with id {document_id}")
    evidence = {
        e.id: out.Evidence(id=e.id, kind=e.kind, char_start=e.char_start, char_end=e.char_end,
                           sentence=e.sentence)
        for e in session.scalars(select(Evidence).where(Evidence.document_id == doc.id))
    }

    def ev(evidence_id: int | None) -> out.Evidence | None:
        return evidence.get(evidence_id) if evidence_id is not None else None

    # the document's own reports, each naming the resolved event it belongs to
    events = [
        out.DocumentEvent(
            id=e.public_id, event=resolved, type=e.type, name=e.name, start=e.start_date,
            start_precision=e.start_precision, end=e.end_date, end_precision=e.end_precision,
            city=e.city, country=e.country_code, online=e.online, confidence=e.confidence,
            evidence=ev(e.evidence_id))
        for e, resolved in session.execute(
            select(EventReport, Event.public_id)
            .outerjoin(Event, Event.id == EventReport.event_id)
            .where(EventReport.document_id == doc.id).order_by(EventReport.ordinal))
    ]
    administrations = [
        out.DocumentAdministration(country=country, name=name, role=da.role,
                                   name_as_stated=da.name_as_stated,
                                   confidence=da.confidence,
                                   role_confidence=da.role_confidence,
                                   evidence=ev(da.evidence_id))
        for da, country, name in session.execute(
            select(DocumentAdministration, Administration.country_code, Administration.name)
            .join(Administration, Administration.id == DocumentAdministration.administration_id)
            .where(DocumentAdministration.document_id == doc.id)
            .order_by(DocumentAdministration.id))
    ]
    funders = [
        out.DocumentFunder(slug=df.funder_slug, name=name, name_as_stated=df.name_as_stated,
                           confidence=df.confidence, evidence=ev(df.evidence_id))
        for df, name in session.execute(
            select(DocumentFunder, Funder.name)
            .join(Funder, Funder.slug == DocumentFunder.funder_slug)
            .where(DocumentFunder.document_id == doc.id)
            .order_by(DocumentFunder.funder_slug))
    ]
    themes = [
        out.DocumentTheme(slug=dt.theme_slug, name_en=name, confidence=dt.confidence,
                          evidence=ev(dt.evidence_id))
        for dt, name in session.execute(
            select(DocumentTheme, Theme.name_en)
            .join(Theme, Theme.slug == DocumentTheme.theme_slug)
            .where(DocumentTheme.document_id == doc.id)
            .order_by(DocumentTheme.theme_slug))
    ]
    people = [
        out.DocumentPerson(id=person_id, name=name, title=dp.title,
                           organization=dp.organization, confidence=dp.confidence,
                           evidence=ev(dp.evidence_id))
        for dp, person_id, name in session.execute(
            select(DocumentPerson, Person.id, Person.name)
            .join(Person, Person.id == DocumentPerson.person_id)
            .where(DocumentPerson.document_id == doc.id)
            .order_by(DocumentPerson.id))
    ]
    partner_count = None
    if doc.partner_count is not None:
        stated = next((e for e in evidence.values() if e.kind == "partner_count"), None)
        partner_count = out.PartnerCount(value=doc.partner_count,
                                         confidence=doc.partner_count_confidence,
                                         evidence=stated)
    warnings: list[Any] = doc.warnings or []
    urls = list(session.scalars(select(DocumentUrl.url).where(DocumentUrl.document_id == doc.id)
                                .order_by(DocumentUrl.id)))
    if doc.source_url and doc.source_url not in urls:
        urls.insert(0, doc.source_url)
    elif doc.source_url:
        urls.remove(doc.source_url)
        urls.insert(0, doc.source_url)
    return out.DocumentDetail(
        **_summary(doc, len(events)).model_dump(), urls=urls,
        content_hash=doc.content_hash, body=doc.body, warnings=[str(w) for w in warnings],
        events=events, administrations=administrations, funders=funders, themes=themes,
        people=people, partner_count=partner_count,
    )


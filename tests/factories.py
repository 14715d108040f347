"""Small factories: documents with their facts, and events, written through a Session.

    doc = make_document(session, title="Integrity workshop", published=date(2025, 3, 1),
                        themes=["transparency"], funders=["sida"],
                        administrations=[("MLI", "partner"), ("SEN", "expert")],
                        people=[("Jane Doe", "Director", "Mali Customs")])
    event = make_event(session, doc, type="workshop", start=date(2025, 3, 10),
                       country_code="MLI", city="Bamako")

Reference data (countries, themes, funders) must be seeded (the `migrated_engine` fixture
does). Administrations and people are created on demand. `evidence=True` gives every fact
an Evidence row whose sentence names it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import (
    Administration,
    Country,
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    EventReport,
    Evidence,
    Person,
)

_counter = itertools.count(1)


def _next() -> int:
    return next(_counter)


def get_administration(session: Session, country_code: str) -> Administration:
    admin = session.scalars(
        select(Administration).where(Administration.country_code == country_code)
    ).first()
    if admin is None:
        country = session.get(Country, country_code)
        assert country is not None, f"unknown country {country_code}"
        admin = Administration(country_code=country_code, name=f"{country.name_en} Customs",
                               aliases=[])
        session.add(admin)
        session.flush()
    return admin


def get_person(session: Session, name: str) -> Person:
    normalized = " ".join(name.lower().split())
    person = session.scalars(select(Person).where(Person.normalized_name == normalized)).first()
    if person is None:
        person = Person(name=name, normalized_name=normalized)
        session.add(person)
        session.flush()
    return person


def _evidence(session: Session, document: Document, kind: str, sentence: str) -> int:
    start = document.body.find(sentence)
    ev = Evidence(document_id=document.id, kind=kind, char_start=max(start, 0),
                  char_end=max(start, 0) + len(sentence), sentence=sentence)
    session.add(ev)
    session.flush()
    return ev.id


def make_document(
    session: Session,
    *,
    title: str | None = None,
    body: str | None = None,
    published: date | None = date(2025, 1, 15),
    language: str = "en",
    themes: Sequence[str] = (),
    funders: Sequence[str] = (),
    administrations: Sequence[tuple[str, str]] = (),
    people: Sequence[tuple[str, str | None, str | None]] = (),
    evidence: bool = False,
) -> Document:
    n = _next()
    document = Document(
        source_path=f"factory/{n}.txt",
        content_hash=f"{n:064x}",
        title=title if title is not None else f"Article {n}",
        published=published,
        language=language,
        body=body if body is not None else f"Body of article {n}.",
        extractor_version="test",
        warnings=[],
    )
    session.add(document)
    session.flush()
    for code, role in administrations:
        admin = get_administration(session, code)
        ev = _evidence(session, document, "administration",
                       f"{admin.name} took part as {role}.") if evidence else None
        session.add(DocumentAdministration(document_id=document.id, administration_id=admin.id,
                                           role=role, name_as_stated=admin.name,
                                           evidence_id=ev))
    for slug in funders:
        ev = _evidence(session, document, "funder", f"Funded by {slug}.") if evidence else None
        session.add(DocumentFunder(document_id=document.id, funder_slug=slug, evidence_id=ev))
    for slug in themes:
        ev = _evidence(session, document, "theme", f"About {slug}.") if evidence else None
        session.add(DocumentTheme(document_id=document.id, theme_slug=slug, evidence_id=ev))
    for name, title_, org in people:
        person = get_person(session, name)
        ev = _evidence(session, document, "person", f"{name} spoke.") if evidence else None
        session.add(DocumentPerson(document_id=document.id, person_id=person.id, title=title_,
                                   organization=org, evidence_id=ev))
    session.flush()
    return document


def make_event(
    session: Session,
    document: Document,
    *,
    type: str = "workshop",
    name: str | None = None,
    start: date | None = None,
    start_precision: str | None = None,
    end: date | None = None,
    end_precision: str | None = None,
    city: str | None = None,
    country_code: str | None = None,
    online: bool = False,
    evidence: bool = False,
    evidence_id: int | None = None,
) -> Event:
    n = _next()
    ordinal = len(session.scalars(
        select(Event.id).where(Event.document_id == document.id)).all())
    event = Event(
        public_id=f"evt_test{n:012d}",
        document_id=document.id,
        ordinal=ordinal,
        type=type,
        name=name or f"Event {n}",
        start_date=start,
        start_precision=(start_precision or "day") if start else None,
        end_date=end,
        end_precision=(end_precision or "day") if end else None,
        sort_date=start or document.published,
        published=document.published,
        city=city,
        country_code=country_code,
        online=online,
        evidence_id=evidence_id or (
            _evidence(session, document, "event", f"The event {n} took place.")
            if evidence else None),
    )
    session.add(event)
    session.flush()
    # its one report: the event as its article states it (see app/ingest/resolution_store)
    session.add(EventReport(
        public_id=event.public_id, event_id=event.id, document_id=document.id,
        ordinal=ordinal, type=type, name=event.name, start_date=event.start_date,
        start_precision=event.start_precision, end_date=event.end_date,
        end_precision=event.end_precision, sort_date=event.sort_date,
        published=event.published, city=city, country_code=country_code, online=online,
        evidence_id=event.evidence_id))
    session.flush()
    return event

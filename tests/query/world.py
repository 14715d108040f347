"""A small world of documents, events and facts with known counts, for reference tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.models import Document, DocumentPerson, Event, Person
from app.query.reference import fold
from tests.factories import make_document, make_event


@dataclass
class World:
    doc1: Document
    doc2: Document
    doc3: Document
    events: list[Event]
    jose: Person
    ana: Person


def person(session: Session, name: str) -> Person:
    p = Person(name=name, normalized_name=fold(name))
    session.add(p)
    session.flush()
    return p


def build_world(session: Session) -> World:
    """doc1 (2024-03-01, en): MLI host + SEN partner, norad, transparency + automation,
    José García (Director General, Mali Customs); events 2024-02-20 in MLI and one undated.
    doc2 (2025-06-10, en): MLI partner + KEN host, norad + sida, transparency, José García
    (Commissioner, WCO) and Ana Ruiz; event 2025-06-01 in KEN.
    doc3 (2019-01-05, fr): SEN mentioned, human-rights; no event."""
    doc1 = make_document(session, title="Integrity workshop in Bamako",
                         published=date(2024, 3, 1),
                         administrations=[("MLI", "host"), ("SEN", "partner")],
                         funders=["norad"], themes=["transparency", "automation"])
    doc2 = make_document(session, title="Nairobi meeting", published=date(2025, 6, 10),
                         administrations=[("MLI", "partner"), ("KEN", "host")],
                         funders=["norad", "sida"], themes=["transparency"])
    doc3 = make_document(session, title="Droits humains", published=date(2019, 1, 5),
                         language="fr", administrations=[("SEN", "mentioned")],
                         themes=["human-rights"])
    events = [
        make_event(session, doc1, start=date(2024, 2, 20), country_code="MLI", city="Bamako"),
        make_event(session, doc1, type="meeting"),
        make_event(session, doc2, type="meeting", start=date(2025, 6, 1), country_code="KEN"),
    ]
    jose, ana = person(session, "José García"), person(session, "Ana Ruiz")
    session.add_all([
        DocumentPerson(document_id=doc1.id, person_id=jose.id, title="Director General",
                       organization="Mali Customs"),
        DocumentPerson(document_id=doc2.id, person_id=jose.id, title="Commissioner",
                       organization="WCO"),
        DocumentPerson(document_id=doc2.id, person_id=ana.id),
    ])
    session.flush()
    return World(doc1, doc2, doc3, events, jose, ana)

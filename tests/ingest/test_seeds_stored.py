"""The two founding articles, ingested, are stored as their hand annotation says.

Compared through the database rows (not through `extract()`), so the loader's mapping of
dates, precisions, venues, roles and names is under test as well as the extractor.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ingest import pipeline
from app.models import (
    Administration,
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    Person,
)

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "seeds"
GOLD: dict[str, Any] = json.loads((SEEDS.parent / "seeds-gold.json").read_text("utf-8"))


def _iso(value: date | None, precision: str | None) -> str | None:
    if value is None:
        return None
    return {"day": value.isoformat(), "month": value.isoformat()[:7],
            "year": value.isoformat()[:4]}[precision or "day"]


def _stored(session: Session, document: Document) -> dict[str, Any]:
    """The document's facts read back from the rows, in the corpus schema."""
    doc_id = document.id
    events = session.scalars(select(Event).where(Event.document_id == doc_id)
                             .order_by(Event.ordinal)).all()
    roles: dict[str, set[str]] = {}
    for country, role in session.execute(
            select(Administration.country_code, DocumentAdministration.role).join(Administration)
            .where(DocumentAdministration.document_id == doc_id)):
        roles.setdefault(country, set()).add(role)
    people = session.execute(
        select(Person.name, DocumentPerson.title, DocumentPerson.organization).join(Person)
        .where(DocumentPerson.document_id == doc_id)).all()
    return {
        "title": document.title,
        "published": document.published.isoformat() if document.published else None,
        "events": [{"type": e.type, "start": _iso(e.start_date, e.start_precision),
                    "end": _iso(e.end_date, e.end_precision), "city": e.city,
                    "country": e.country_code, "online": e.online} for e in events],
        "administrations": roles,
        "partner_count": document.partner_count,
        "funders": set(session.scalars(select(DocumentFunder.funder_slug)
                                       .where(DocumentFunder.document_id == doc_id))),
        "people": sorted((n, t, o) for n, t, o in people),
        "themes": set(session.scalars(select(DocumentTheme.theme_slug)
                                      .where(DocumentTheme.document_id == doc_id))),
    }


def _expected(gold: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": gold["title"], "published": gold["published"],
        "events": [{k: e[k] for k in ("type", "start", "end", "city", "country", "online")}
                   for e in gold["events"]],
        "administrations": {a["country"]: set(a["roles"]) for a in gold["administrations"]},
        "partner_count": gold["partner_count"], "funders": set(gold["funders"]),
        "people": sorted((p["name"], p["title"], p["organization"]) for p in gold["people"]),
        "themes": set(gold["themes"]),
    }


@pytest.mark.parametrize("name", sorted(GOLD))
def test_seed_article_is_stored_as_annotated(db_session: Session, name: str) -> None:
    summary = pipeline.run([str(SEEDS / name)], db_session, max_bytes=2_000_000)
    assert summary.ok, summary.failures
    document = db_session.scalars(select(Document).where(
        Document.source_path == summary.results[0].source)).one()
    assert _stored(db_session, document) == _expected(GOLD[name])

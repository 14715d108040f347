"""Ingest test helpers: hand-made Facts (independent of the extractor's progress) and runs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.ingest.extract.facts import (
    AdministrationFact,
    EventFact,
    Evidence,
    Facts,
    FunderFact,
    PartialDate,
    PartnerCountFact,
    PersonFact,
    ThemeFact,
)
from app.ingest.read import RawDocument, content_hash
from app.models import (
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
)
from app.models import Evidence as EvidenceRow

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"

BODY = ("On 3 and 4 May 2024, Mali Customs hosted a workshop in Bamako with experts from "
        "Brazil. Funded by Norad. Ms. Awa Traoré opened it. 22 partners.")


def _ev(start: int = 0, end: int = 10) -> Evidence:
    return Evidence(start, end, BODY[start:end])


def sample_facts(body: str = BODY, *, people: tuple[str, ...] = ("Awa Traoré",),
                 events: int = 1, mali_name: str = "Mali Customs") -> Facts:
    """A document's facts of every kind, with evidence."""
    return Facts(
        title="Mali Customs workshop", published=date(2024, 5, 10), language="en", body=body,
        events=[
            EventFact("workshop", f"Workshop {i}", PartialDate(date(2024, 5, 3)),
                      PartialDate(date(2024, 5, 1), "month"), "Bamako", "MLI", False, _ev())
            for i in range(events)
        ],
        administrations=[
            AdministrationFact("MLI", ["partner", "host"], mali_name, _ev(11, 30)),
            AdministrationFact("BRA", ["expert"], "Brazil", _ev(60, 90)),
        ],
        partner_count=PartnerCountFact(22, _ev(140, 152)),
        funders=[FunderFact("norad", "Norad", _ev(100, 116))],
        people=[PersonFact(name, "Director", "Mali Customs", _ev(117, 140)) for name in people],
        themes=[ThemeFact("training", _ev())],
    )


def raw(text: str, source: str = "articles/x.txt") -> RawDocument:
    return RawDocument(source, text, content_hash(text), len(text.encode()))


CHILD_TABLES = (Event, DocumentAdministration, DocumentFunder, DocumentPerson, DocumentTheme,
                EvidenceRow)


def row_counts(session: Session, document_id: int | None = None) -> dict[str, int]:
    """Rows per table (of one document, or all)."""
    counts = {}
    for model in (Document, *CHILD_TABLES):
        column = model.id if model is Document else model.document_id
        query = select(func.count()).select_from(model)
        if document_id is not None:
            query = query.where(column == document_id)
        counts[model.__tablename__] = session.scalar(query) or 0
    return counts


@pytest.fixture
def write_article(tmp_path: Path) -> Callable[..., Path]:
    """Write an article file under tmp_path and return its path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


def article(n: int = 0, extra: str = "") -> str:
    """A small, valid article in the seeds' layout, distinct per `n`."""
    return (f"Workshop number {n} in Bamako\n\n02 July 2024\n\n"
            f"On 12 June 2024, Mali Customs hosted workshop {n} in Bamako with experts from "
            f"Brazilian Customs.{extra}\n")


@pytest.fixture
def make_facts() -> Callable[..., Facts]:
    return sample_facts


@pytest.fixture
def make_raw() -> Callable[..., RawDocument]:
    return raw


@pytest.fixture
def count_rows() -> Callable[..., dict[str, int]]:
    return row_counts


@pytest.fixture
def make_article() -> Callable[..., str]:
    return article

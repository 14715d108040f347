"""Synthetic data: deterministic for a seed, shaped like the real data, evidence offsets
that point at their sentences, bodies that full-text search can find."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from app.db import migrate
from app.db.fulltext import match_documents
from app.db.session import make_engine, session_scope
from app.ingest.reference import seed_reference
from app.models import (
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    Evidence,
    Person,
)
from app.synth import synthesize

N = 1500
DUMPED = [Document, Evidence, Event, DocumentAdministration, DocumentFunder, DocumentTheme,
          DocumentPerson, Person]


def fresh(url: str) -> Engine:
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        seed_reference(session)
    return engine


def dump(engine: Engine) -> dict[str, list[tuple[Any, ...]]]:
    """Every synthetic row, without the ingest timestamps."""
    out = {}
    with engine.connect() as connection:
        for model in DUMPED:
            table = model.__table__
            columns = [c for c in table.c if c.name not in ("ingested_at", "updated_at")]
            out[table.name] = [tuple(r) for r in connection.execute(
                select(*columns).order_by(*table.primary_key.columns))]
    return out


@pytest.fixture
def synth_engine(scratch_database_url: str) -> Any:
    engine = fresh(scratch_database_url)
    summary = synthesize(engine, events=N, seed=7)
    yield engine, summary
    engine.dispose()


def test_same_seed_writes_the_same_data_and_another_seed_other_data(
    synth_engine: tuple[Engine, Any]
) -> None:
    engine, _ = synth_engine
    first = dump(engine)
    migrate.downgrade(engine, "base")
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        seed_reference(session)
    synthesize(engine, events=N, seed=7)
    assert dump(engine) == first
    migrate.downgrade(engine, "base")
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        seed_reference(session)
    synthesize(engine, events=N, seed=8)
    other = dump(engine)
    assert other["events"] != first["events"]
    assert len(other["events"]) == len(first["events"]) == N


def test_shape_is_skewed_like_real_data(synth_engine: tuple[Engine, Any]) -> None:
    engine, summary = synth_engine
    assert summary.rows["events"] == N
    with Session(engine) as s:
        events = s.execute(select(Event.type, Event.country_code, Event.start_date,
                                  Event.sort_date, Event.online)).all()
        funders = Counter(s.scalars(select(DocumentFunder.funder_slug)))
    assert len(events) == N
    types = Counter(e.type for e in events)
    assert [t for t, _ in types.most_common(2)] == ["workshop", "meeting"]
    assert 0.05 <= sum(e.start_date is None for e in events) / N <= 0.15
    assert 0.10 <= sum(bool(e.online) for e in events) / N <= 0.20
    countries = Counter(e.country_code for e in events if e.country_code)
    counts = sorted(countries.values(), reverse=True)
    # Like the real corpus: a head and a long tail over some 60 partner countries, none
    # dominating (the most frequent venue holds well under a fifth of the events).
    assert counts[0] >= 3 * counts[len(counts) // 2]
    assert counts[0] / sum(counts) < 0.2
    assert 40 <= len(countries) <= 60
    top_funder, top_n = funders.most_common(1)[0]
    assert top_funder == "norad" and top_n / sum(funders.values()) > 0.35
    years = Counter(e.sort_date.year for e in events)
    assert set(years) <= set(range(2019, 2027))
    assert years[2025] > 2 * years[2019]  # growth


def test_every_event_has_its_host_country_document_facts_and_evidence(
    synth_engine: tuple[Engine, Any]
) -> None:
    engine, _ = synth_engine
    with Session(engine) as s:
        bodies = dict(s.execute(select(Document.id, Document.body)).all())
        evidence = s.execute(select(Evidence.document_id, Evidence.char_start,
                                    Evidence.char_end, Evidence.sentence, Evidence.kind)).all()
        n_docs_with_themes = s.scalar(select(func.count(func.distinct(
            DocumentTheme.document_id))))
        missing_evidence = s.scalar(select(func.count()).select_from(Event)
                                    .where(Event.evidence_id.is_(None)))
    assert evidence and missing_evidence == 0
    for doc_id, start, end, sentence, _ in evidence:
        assert bodies[doc_id][start:end] == sentence
    assert n_docs_with_themes == len(bodies)
    assert {e.kind for e in evidence} >= {"event", "administration", "theme", "person",
                                           "funder"}


def test_bodies_are_found_by_full_text_search(synth_engine: tuple[Engine, Any]) -> None:
    engine, _ = synth_engine
    with Session(engine) as s:
        country = s.scalar(select(Event.country_code).where(Event.country_code.is_not(None))
                           .group_by(Event.country_code).order_by(func.count().desc()))
        name = s.scalar(text("SELECT name_en FROM countries WHERE alpha3 = :c"), {"c": country})
        stmt = match_documents(engine.dialect.name, f"{name} workshop")
        assert stmt is not None
        hits = s.execute(stmt).all()
    assert len(hits) > 0


def test_synth_on_a_database_without_reference_data_fails_clearly(
    scratch_database_url: str,
) -> None:
    engine = make_engine(scratch_database_url)
    migrate.upgrade(engine)
    try:
        with pytest.raises(RuntimeError, match="acip db upgrade"):
            synthesize(engine, events=10)
    finally:
        engine.dispose()


def test_cli_synth_fills_a_migrated_database_and_refuses_an_unmigrated_one(
    tmp_path: Path,
) -> None:
    from typer.testing import CliRunner

    from app.cli import app as cli

    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    refused = runner.invoke(cli, ["synth", "--events", "10", "--database-url", url])
    assert refused.exit_code == 1
    assert runner.invoke(cli, ["db", "upgrade", "--database-url", url]).exit_code == 0
    result = runner.invoke(cli, ["synth", "--events", "40", "--seed", "5",
                                 "--database-url", url])
    assert result.exit_code == 0, result.output
    engine = make_engine(url)
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Event)) == 40
    engine.dispose()

"""An ingest killed with SIGKILL mid-batch leaves a consistent database; a re-run completes.

A real `acip ingest` process works through a few hundred generated articles; it is killed
once some documents are committed. Every stored document must then hold exactly the facts
its text yields (one transaction per document), and running the batch again must store the
rest, skip the stored ones as unchanged and create no duplicates.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import app
from app.core.text import normalise_person_name as normalise_name
from app.db import migrate
from app.db.session import make_engine, session_scope
from app.ingest.extract import extract
from app.ingest.read import read_path
from app.ingest.reference import seed_reference
from app.models import (
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    EventReport,
    Evidence,
)

pytestmark = pytest.mark.slow

FILES = 200
KILL_AFTER = 10  # committed documents
ARTICLES = sorted((Path(__file__).resolve().parents[1] / "fixtures" / "corpus" / "articles")
                  .glob("*.txt"))
CHILDREN = {"events": EventReport, "evidence": Evidence, "roles": DocumentAdministration,
            "funders": DocumentFunder, "people": DocumentPerson, "themes": DocumentTheme}


@pytest.fixture
def engine(scratch_database_url: str) -> Iterator[Engine]:
    engine = make_engine(scratch_database_url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        seed_reference(session)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """FILES distinct articles: the corpus, each copy with a line of its own."""
    root = tmp_path_factory.mktemp("batch")
    for n in range(FILES):
        text = ARTICLES[n % len(ARTICLES)].read_text("utf-8")
        (root / f"{n:04d}.txt").write_text(f"{text.rstrip()}\n\nArchive copy {n}.\n", "utf-8")
    return root


def _acip(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("acip")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "app.cli", *args]


@cache
def _expected(text: str) -> dict[str, int]:
    """The rows a document's facts make (the loader keeps one row per key)."""
    facts = extract(text)
    return {
        "events": len(facts.events),
        "evidence": len(facts.events) + len(facts.administrations) + len(facts.funders)
        + len(facts.people) + len(facts.themes) + (1 if facts.partner_count else 0),
        "roles": len({(a.country, r) for a in facts.administrations for r in a.roles}),
        "funders": len({f.slug for f in facts.funders}),
        "people": len({normalise_name(p.name) for p in facts.people}),
        "themes": len({t.slug for t in facts.themes}),
    }


def _assert_consistent(session: Session, batch: Path) -> int:
    """Every stored document holds all its facts; returns how many documents there are."""
    documents = session.execute(select(Document.id, Document.source_path)).all()
    for doc_id, source in documents:
        stored = {
            kind: session.scalar(select(func.count()).select_from(model)
                                 .where(model.document_id == doc_id))
            for kind, model in CHILDREN.items()
        }
        text = read_path(batch / Path(source).name, 10**7).text
        assert stored == _expected(text), source
    assert len({source for _, source in documents}) == len(documents)
    return len(documents)


def _count(engine: Engine) -> int:
    try:
        with engine.connect() as connection:
            return connection.scalar(select(func.count()).select_from(Document)) or 0
    except Exception:  # the writer holds a lock for a moment
        return 0


def test_sigkill_mid_batch_leaves_whole_documents_and_a_rerun_completes(
    engine: Engine, batch: Path, scratch_database_url: str
) -> None:
    command = _acip("ingest", str(batch), "--database-url", scratch_database_url)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _count(engine) < KILL_AFTER:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        assert time.monotonic() < deadline, "no document committed in time"
        time.sleep(0.01)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL

    with Session(engine) as session:
        survivors = _assert_consistent(session, batch)
    assert KILL_AFTER <= survivors < FILES, "the batch was not interrupted mid-way"

    # the re-run in-process (same command, without paying the start-up of a process again)
    rerun = CliRunner().invoke(app, ["ingest", str(batch), "--json", "--database-url",
                                     scratch_database_url])
    assert rerun.exit_code == 0, rerun.stderr
    outcomes = json.loads(rerun.stdout)["outcomes"]
    assert outcomes == {"new": FILES - survivors, "updated": 0, "unchanged": survivors,
                        "duplicate": 0, "failed": 0}
    with Session(engine) as session:
        assert _assert_consistent(session, batch) == FILES
        public_ids = session.scalars(select(Event.public_id)).all()
        assert len(public_ids) == len(set(public_ids))
        # every report is attached to a resolved event, and every resolved event has one
        assert session.scalar(select(func.count()).select_from(EventReport)
                              .where(EventReport.event_id.is_(None))) == 0
        assert session.scalar(select(func.count()).select_from(Event).where(
            ~Event.id.in_(select(EventReport.event_id)))) == 0

"""pipeline: a batch gives one outcome per file and goes on after a bad one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.ingest import pipeline
from app.ingest.extract.facts import Facts
from app.ingest.load import Loader
from app.models import Document, Event

Factory = Callable[..., Any]
LIMIT = 5_000


def _run(session: Session, *paths: Path | str, **options: Any) -> pipeline.Summary:
    return pipeline.run([str(p) for p in paths], session, max_bytes=LIMIT, **options)


def _outcomes(summary: pipeline.Summary) -> dict[str, tuple[str, str | None]]:
    return {Path(r.source).name: (r.outcome.value, r.reason) for r in summary.results}


def test_every_bad_input_fails_alone_and_the_rest_is_stored(
    db_session: Session, write_article: Factory, make_article: Factory, tmp_path: Path
) -> None:
    write_article("batch/good.txt", make_article(1))
    write_article("batch/empty.txt", b"")
    write_article("batch/binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write_article("batch/garbled.txt", bytes(range(128, 256)) * 4)
    write_article("batch/huge.md", make_article(2, " More." * 2_000))
    write_article("batch/page.html", f"<html><body><p>{make_article(3)}</p></body></html>")
    (tmp_path / "nothing").mkdir()
    summary = _run(db_session, tmp_path / "batch", tmp_path / "nothing",
                   tmp_path / "missing.txt")
    outcomes = _outcomes(summary)
    assert outcomes["good.txt"] == ("new", None)
    assert outcomes["page.html"] == ("new", None)
    assert outcomes["empty.txt"] == ("failed", "empty file")
    assert outcomes["binary.txt"] == ("failed", "binary file: contains NUL bytes")
    assert outcomes["garbled.txt"][1] is not None and \
        outcomes["garbled.txt"][1].startswith("undecodable")
    assert outcomes["huge.md"][1] is not None and outcomes["huge.md"][1].startswith("too large")
    assert outcomes["nothing"][1] == "directory holds no article (.txt, .md, .html, .htm)"
    assert outcomes["missing.txt"] == ("failed", "no such file or directory")
    assert summary.outcomes == {"new": 2, "updated": 0, "unchanged": 0, "duplicate": 0,
                                "failed": 6}
    assert not summary.ok
    stored = set(db_session.scalars(select(Document.source_path)))
    assert {Path(s).name for s in stored} >= {"good.txt", "page.html"}


def test_re_running_a_batch_skips_everything_as_unchanged(
    db_session: Session, write_article: Factory, make_article: Factory, tmp_path: Path
) -> None:
    for n in range(3):
        write_article(f"a{n}.txt", make_article(n))
    first = _run(db_session, tmp_path)
    documents = db_session.scalar(select(func.count()).select_from(Document))
    events = db_session.scalar(select(func.count()).select_from(Event))
    second = _run(db_session, tmp_path)
    assert first.outcomes["new"] == 3
    assert second.outcomes["unchanged"] == 3 and second.ok
    assert second.facts["evidence"] == 0
    assert db_session.scalar(select(func.count()).select_from(Document)) == documents
    assert db_session.scalar(select(func.count()).select_from(Event)) == events


def test_copy_under_another_name_is_reported_as_duplicate_of_the_first(
    db_session: Session, write_article: Factory, make_article: Factory, tmp_path: Path
) -> None:
    write_article("a.txt", make_article(7))
    write_article("b/copy.txt", make_article(7).replace("\n", "\r\n"))  # same once normalised
    summary = _run(db_session, tmp_path)
    copy = next(r for r in summary.results if r.source.endswith("copy.txt"))
    assert copy.outcome.value == "duplicate"
    assert copy.duplicate_of is not None and copy.duplicate_of.endswith("/a.txt")
    assert summary.ok


def test_edited_file_is_updated_in_place(
    db_session: Session, write_article: Factory, make_article: Factory, tmp_path: Path
) -> None:
    path = write_article("a.txt", make_article(1))
    _run(db_session, path)
    path.write_text(make_article(1, " It was a success."), encoding="utf-8")
    summary = _run(db_session, path)
    assert summary.outcomes["updated"] == 1
    body = db_session.scalar(select(Document.body).where(Document.source_path
                                                          == summary.results[0].source))
    assert body is not None and "It was a success." in body


def test_extraction_error_fails_that_file_only(
    db_session: Session, write_article: Factory, make_article: Factory, tmp_path: Path,
    make_facts: Factory,
) -> None:
    write_article("a.txt", make_article(1))
    write_article("b.txt", "Poison\n\n01 March 2024\n\nThis one breaks the extractor.")

    def extractor(text: str) -> Facts:
        if "Poison" in text:
            raise ValueError("cannot parse")
        facts: Facts = make_facts(body=text)
        return facts

    summary = _run(db_session, tmp_path, extractor=extractor)
    assert _outcomes(summary) == {
        "a.txt": ("new", None), "b.txt": ("failed", "extraction failed: ValueError: cannot parse")}
    assert summary.facts["events"] == 1 and summary.facts["evidence"] == 7


def test_strict_stops_at_the_first_failure(
    db_session: Session, write_article: Factory, make_article: Factory, tmp_path: Path
) -> None:
    write_article("a.txt", b"")
    write_article("b.txt", make_article(1))
    summary = _run(db_session, tmp_path, strict=True)
    assert [r.outcome.value for r in summary.results] == ["failed"]
    assert summary.stopped and not summary.ok


def test_dry_run_extracts_but_writes_nothing(
    db_session: Session, write_article: Factory, make_article: Factory, tmp_path: Path
) -> None:
    write_article("a.txt", make_article(1))
    write_article("b.txt", make_article(1))
    before = db_session.scalar(select(func.count()).select_from(Document))
    summary = _run(db_session, tmp_path, dry_run=True)
    assert [r.outcome.value for r in summary.results] == ["new", "duplicate"]
    assert db_session.scalar(select(func.count()).select_from(Document)) == before
    assert summary.to_json()["dry_run"] is True


def test_grouped_documents_are_reported_only_once_committed(
    db_session: Session, write_article: Factory, make_article: Factory, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for n in range(5):
        write_article(f"{n}.txt", make_article(n))
    write_article("5.txt", b"")
    log: list[str] = []
    commit = Loader.commit

    def logged_commit(self: Loader) -> None:
        if self.pending:
            log.append("commit")
        commit(self)

    monkeypatch.setattr(Loader, "commit", logged_commit)
    summary = _run(db_session, tmp_path, commit_every=2,
                   on_result=lambda r: log.append(f"{Path(r.source).name} {r.outcome.value}"))
    assert log == ["commit", "0.txt new", "1.txt new", "commit", "2.txt new", "3.txt new",
                   "commit", "4.txt new", "5.txt failed"]
    assert [Path(r.source).name for r in summary.results] == [f"{n}.txt" for n in range(6)]
    assert summary.timings["commit"] > 0 and summary.timings["load"] > 0


def test_a_failed_group_commit_fails_its_stored_documents(
    db_session: Session, write_article: Factory, make_article: Factory, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    write_article("a.txt", make_article(1))
    write_article("b.txt", b"")

    def broken_commit(self: Loader) -> None:
        self.pending = 0
        raise RuntimeError("disk full")

    monkeypatch.setattr(Loader, "commit", broken_commit)
    summary = _run(db_session, tmp_path, commit_every=10)
    assert _outcomes(summary) == {
        "a.txt": ("failed", "not stored: commit failed: RuntimeError: disk full"),
        "b.txt": ("failed", "empty file")}

"""`acip ingest URL...` and `acip crawl` end to end against the local site, on both backends:
what is stored, every URL remembered, conditional re-runs, and the failure table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import app
from app.core.config import get_settings
from app.models import Document, DocumentUrl, Event
from tests.ingest.web.site import (
    BRIEF,
    BUSY,
    DOWN,
    EN,
    ES,
    FR,
    GONE,
    OLD,
    PDF,
    PRESS,
    PRIVATE,
    SLOW,
    Site,
)

runner = CliRunner()
ARTICLE = "Mali workshop\n\n02 July 2024\n\nOn 12 June 2024, Mali Customs hosted a workshop.\n"


@pytest.fixture
def database_url(scratch_database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh migrated database of the current backend; quick fetch settings."""
    monkeypatch.setenv("ACIP_FETCH_TIMEOUT_S", "0.5")
    monkeypatch.setenv("ACIP_CRAWL_CONTACT", "mailto:test@example.org")
    get_settings.cache_clear()
    result = runner.invoke(app, ["db", "upgrade", "--database-url", scratch_database_url])
    assert result.exit_code == 0, result.output
    yield scratch_database_url
    get_settings.cache_clear()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


def acip(*args: str, database_url: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    result = runner.invoke(app, [*args, "--json", "--delay", "0",
                                 "--database-url", database_url])
    return result.exit_code, json.loads(result.stdout), result.stderr


def crawl_site(web: Site, database_url: str, *extra: str) -> tuple[int, dict, str]:  # type: ignore[type-arg]
    return acip("crawl", web.url("/feed.rss"), web.url("/sitemap_index.xml"), *extra,
                database_url=database_url)


def urls_of(engine: Engine) -> dict[str, str]:
    """URL -> the source of the document it points at."""
    with Session(engine) as session:
        return dict(session.execute(
            select(DocumentUrl.url, Document.source_path)
            .join(Document, Document.id == DocumentUrl.document_id)).all())


def test_crawl_of_a_feed_and_a_sitemap_stores_each_article_once_with_every_url(
        web: Site, database_url: str, engine: Engine) -> None:
    code, summary, stderr = crawl_site(web, database_url)
    assert code == 1  # some listed URLs fail; the others are stored
    assert summary["outcomes"] == {"new": 3, "updated": 0, "unchanged": 0, "duplicate": 2,
                                   "failed": 5}
    assert summary["crawl"]["selection"] == {"listed": 12, "kept": 10, "duplicates": 2,
                                             "not_matching": 0, "before_since": 0,
                                             "over_limit": 0}
    assert {f["kind"] for f in summary["failures"]} == {"robots", "content_type", "http",
                                                        "not_article"}
    assert "12 entries listed, 10 to ingest" in stderr
    with Session(engine) as session:
        stored = dict(session.execute(select(Document.source_path, Document.source_url)).all())
        assert session.scalar(select(func.count()).select_from(Event)) >= 3
    assert stored == {web.url(p): web.url(p) for p in (EN, PRESS, BRIEF)}
    known = urls_of(engine)
    assert known[web.url(FR)] == known[web.url(ES)] == known[web.url(EN)] == web.url(EN)
    assert web.url(PRIVATE) not in known and PRIVATE not in web.paths()
    duplicates = {r["url"]: r["duplicate_of"] for r in summary["results"]
                  if r["outcome"] == "duplicate"}
    assert duplicates == {web.url(FR): web.url(EN), web.url(ES): web.url(EN)}


def test_a_rerun_asks_conditionally_and_extracts_nothing(
        web: Site, database_url: str) -> None:
    crawl_site(web, database_url)
    web.clear()
    code, summary, _ = crawl_site(web, database_url)
    assert code == 1  # the same failures, still reported
    assert summary["outcomes"]["unchanged"] == 5
    assert summary["outcomes"]["new"] == summary["outcomes"]["duplicate"] == 0
    assert set(summary["facts"].values()) == {0}  # nothing extracted, nothing written
    assert summary["http"]["conditional"] == 5 and summary["http"]["not_modified"] == 5
    assert web.asked(EN)[0].headers["if-none-match"] == '"en-v1"'
    assert web.asked(PRESS)[0].headers["if-modified-since"]
    refreshed = crawl_site(web, database_url, "--refresh")[1]
    assert refreshed["http"]["conditional"] == 0
    assert refreshed["outcomes"]["unchanged"] == 3 and refreshed["outcomes"]["duplicate"] == 2


def test_crawl_filters_by_match_since_and_limit(web: Site, database_url: str) -> None:
    code, summary, _ = acip("crawl", web.url("/feed.rss"), "--match", "*/newsroom/*",
                            "--since", "2024-03-01", database_url=database_url)
    assert code == 0
    assert summary["crawl"]["selection"]["kept"] == 2  # en and its fr copy; 2019 too old
    assert summary["crawl"]["selection"]["before_since"] == 1
    assert summary["outcomes"]["new"] == 1 and summary["outcomes"]["duplicate"] == 1
    code, summary, _ = acip("crawl", web.url("/atom.xml"), "--limit", "1",
                            database_url=database_url)
    assert code == 0 and summary["files"] == 1


def test_ingest_mixes_paths_urls_and_a_url_file_and_keeps_the_final_url(
        web: Site, database_url: str, engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    listing = tmp_path / "urls.txt"
    listing.write_text(f"# reading list\n\n{web.url(PRESS)}  # the press story\n"
                       f"{web.url(OLD)}\n", encoding="utf-8")
    code, summary, _ = acip("ingest", str(tmp_path / "a.txt"), web.url(BRIEF), "--urls",
                            str(listing), database_url=database_url)
    assert code == 0, summary
    sources = [r["source"] for r in summary["results"]]
    assert sources[1:] == [web.url(BRIEF), web.url(PRESS), web.url(EN)]
    assert summary["results"][3]["redirects"] == [web.url(OLD)]
    assert urls_of(engine)[web.url(OLD)] == web.url(EN)
    with Session(engine) as session:
        files = session.scalars(select(Document.source_url)
                                .where(Document.source_path.like("%a.txt"))).all()
    assert files == [None]


def test_failing_urls_are_reported_with_their_kind_and_never_stop_the_batch(
        web: Site, database_url: str, engine: Engine) -> None:
    https = web.url(EN).replace("http://", "https://")
    result = runner.invoke(app, [
        "ingest", web.url(SLOW), web.url(DOWN), web.url(GONE), web.url(PDF), web.url(PRIVATE),
        https, "ftp://example.org/x", web.url(BUSY), "--delay", "0",
        "--database-url", database_url])
    assert result.exit_code == 1
    for kind in ("timeout", "http", "content_type", "robots", "tls", "bad_url"):
        assert kind in result.stdout, kind
    assert "HTTP 503 Service Unavailable after 3 attempts" in result.stderr
    assert "new       │     1" in result.stdout  # the 429 was retried and stored
    assert f"error: {web.url(PDF)}: not an HTML page: application/pdf" in result.stderr
    with Session(engine) as session:
        assert session.scalars(select(Document.source_path)).all() == [web.url(BUSY)]


def test_dry_run_fetches_and_extracts_but_remembers_nothing(
        web: Site, database_url: str, engine: Engine) -> None:
    code, summary, _ = acip("ingest", web.url(EN), web.url(FR), "--dry-run",
                            database_url=database_url)
    assert code == 0 and summary["outcomes"]["new"] == 1
    assert urls_of(engine) == {}
    with Session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0


def test_nothing_to_ingest_and_bad_url_files_are_clear_errors(
        database_url: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", "--database-url", database_url])
    assert result.exit_code == 1 and "nothing to ingest" in result.stderr
    bad = tmp_path / "urls.txt"
    bad.write_text("https://example.org/a\nwww.example.org/b\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "--urls", str(bad), "--database-url", database_url])
    assert result.exit_code == 1 and "urls.txt:2: not an http(s) URL" in result.stderr
    result = runner.invoke(app, ["crawl", "http://127.0.0.1:9/x", "--match", "a(",
                                 "--database-url", database_url])
    assert result.exit_code == 1 and "not a valid regular expression" in result.stderr


def test_the_api_serves_the_source_url_and_every_url(
        web: Site, database_url: str, engine: Engine) -> None:
    from tests.api.client import api_client

    acip("ingest", web.url(EN), web.url(FR), web.url(ES), web.url(OLD),
         database_url=database_url)
    with Session(engine) as session, api_client(session) as client:
        (listed,) = client.get("/v1/documents").json()["data"]
        assert listed["source_url"] == web.url(EN)
        detail = client.get(f"/v1/documents/{listed['id']}").json()
        assert detail["urls"][0] == web.url(EN)
        assert set(detail["urls"]) == {web.url(p) for p in (EN, FR, ES, OLD)}
        events = client.get("/v1/events").json()["data"]
        assert events and events[0]["document"]["source_url"] == web.url(EN)

"""Web pages in the batch runner: all or nothing per page, URLs remembered only with their
document, in single and group commits."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ingest import pipeline
from app.ingest.extract import extract
from app.ingest.extract.facts import Facts
from app.ingest.web.fetch import Fetcher
from app.ingest.web.ingest import WebContext, WebPage
from app.models import Document, DocumentUrl
from tests.ingest.web.conftest import FAST
from tests.ingest.web.site import EN, FR, PRESS, Site


def failing_on_togo(text: str) -> Facts:
    if "Togolese" in text:
        raise RuntimeError("extractor broke on this page")
    return extract(text)


@pytest.mark.parametrize("commit_every", [1, 5])
def test_a_page_that_fails_extraction_leaves_no_row_and_no_url(
        web: Site, db_session: Session, commit_every: int) -> None:
    with Fetcher(FAST) as fetcher:
        context = WebContext(fetcher, db_session)
        pages = [WebPage(web.url(p), context) for p in (PRESS, EN, FR)]
        summary = pipeline.run(pages, db_session, max_bytes=2_000_000,
                               extractor=failing_on_togo, commit_every=commit_every)
    assert summary.outcomes == {"new": 1, "updated": 0, "unchanged": 0, "duplicate": 1,
                                "failed": 1}
    (failed,) = summary.failures
    assert failed.reason == "extraction failed: RuntimeError: extractor broke on this page"
    assert failed.to_json()["kind"] == "extract"
    assert db_session.scalars(select(Document.source_url)).all() == [web.url(EN)]
    remembered = set(db_session.scalars(select(DocumentUrl.url)))
    assert remembered == {web.url(EN), web.url(FR)}


def test_a_second_batch_skips_304s_before_extraction(web: Site, db_session: Session) -> None:
    with Fetcher(FAST) as fetcher:
        first = WebContext(fetcher, db_session)
        pipeline.run([WebPage(web.url(EN), first)], db_session, max_bytes=2_000_000)
        calls: list[str] = []

        def counting(text: str) -> Facts:
            calls.append(text)
            return extract(text)

        again = WebContext(fetcher, db_session)
        summary = pipeline.run([WebPage(web.url(EN), again)], db_session,
                               max_bytes=2_000_000, extractor=counting)
    assert summary.outcomes["unchanged"] == 1 and calls == []
    assert summary.results[0].to_json()["status"] == 304


def test_a_failure_to_remember_urls_keeps_the_document_and_the_batch_going(
        web: Site, db_session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.ingest.web import ingest

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("document_urls is locked")

    monkeypatch.setattr(ingest, "remember", broken)
    with Fetcher(FAST) as fetcher:
        context = WebContext(fetcher, db_session)
        summary = pipeline.run([WebPage(web.url(p), context) for p in (EN, PRESS)],
                               db_session, max_bytes=2_000_000)
    assert summary.outcomes["new"] == 2
    assert db_session.scalars(select(DocumentUrl.url)).all() == []

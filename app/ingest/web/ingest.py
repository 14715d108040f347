"""Web pages as pipeline inputs: fetch -> read the page -> the usual plan/extract/load.

A `WebPage` is a `pipeline.Source`: `read` fetches it (a conditional request when a stored
document came from it, with the validators of its last answer) and reads it like a saved
`.html` file, with the page's URL and a date hint (a feed's or sitemap's date, used when
the page states none); a 304 is `unchanged` before extraction. `settle`, once the result
is final (after the commit), remembers every URL the document was found under (the one
asked, the redirects, the final one; a duplicate's URLs point at the stored document) with
the validators of the answer, in `document_urls`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from app.ingest.extract import EXTRACTOR_VERSION
from app.ingest.load import Loader, Outcome
from app.ingest.pipeline import FileResult
from app.ingest.read import (
    RawDocument,
    Rejected,
    Unchanged,
    _decode,
    _mostly_control,
    content_hash,
    normalise,
)
from app.ingest.web.fetch import Fetched, Fetcher, FetchError, Validators
from app.ingest.web.page import read_page
from app.models import Document, DocumentUrl

log = logging.getLogger(__name__)
MIN_ARTICLE_CHARS = 200  # of main text: less is a listing, an error or a cookie wall


@dataclass(frozen=True, slots=True)
class _Seen:
    document_id: int
    validators: Validators
    current: bool  # its document was read by this extractor version


@dataclass(slots=True)
class WebResult(FileResult):
    """A file result with what the web said."""

    url: str = ""  # as asked
    status: int | None = None  # the final HTTP status (200, 304, 404...)
    kind: str | None = None  # the failure's kind: dns, tls, timeout, http, robots...
    redirects: list[str] = field(default_factory=list)
    conditional: bool = False  # a conditional request was sent

    def to_json(self) -> dict[str, Any]:
        data = FileResult.to_json(self)
        data["url"] = self.url
        if self.status is not None:
            data["status"] = self.status
        if self.kind:
            data["kind"] = self.kind
        if self.redirects:
            data["redirects"] = self.redirects
        if self.conditional:
            data["conditional"] = True
        return data


class WebContext:
    """What the pages of one batch share: the fetcher and the URLs already known."""

    def __init__(self, fetcher: Fetcher, session: Session, *, refresh: bool = False,
                 dry_run: bool = False, extractor_version: str = EXTRACTOR_VERSION) -> None:
        self.fetcher = fetcher
        self.refresh = refresh
        self.dry_run = dry_run
        self.seen: dict[str, _Seen] = {}
        rows = session.execute(
            select(DocumentUrl.url, DocumentUrl.document_id, DocumentUrl.etag,
                   DocumentUrl.last_modified, Document.extractor_version)
            .join(Document, Document.id == DocumentUrl.document_id))
        for url, document_id, etag, last_modified, version in rows:
            self.seen[url] = _Seen(document_id, Validators(etag, last_modified),
                                   version == extractor_version)
        session.commit()

    def validators(self, url: str) -> Validators | None:
        """Validators to send for `url`: only when its document is stored and current."""
        seen = self.seen.get(url)
        if self.refresh or seen is None or not seen.current or not seen.validators:
            return None
        return seen.validators


class WebPage:
    """A page to fetch and ingest (a `pipeline.Source`)."""

    def __init__(self, url: str, context: WebContext, date_hint: date | None = None) -> None:
        self.source = url
        self.context = context
        self.date_hint = date_hint
        self.fetched: Fetched | None = None
        self.error: FetchError | None = None

    def read(self, max_bytes: int) -> RawDocument:
        fetcher = self.context.fetcher
        try:
            fetched = self.fetched = fetcher.get(
                self.source, want="html", validators=self.context.validators(self.source),
                max_bytes=max_bytes)
        except FetchError as exc:
            self.error = exc
            raise Rejected(self.source, exc.reason) from None
        if fetched.not_modified:
            raise Unchanged(self.source, "not modified (HTTP 304)")
        url = fetched.final_url
        if not fetched.content.strip():
            raise self._not_article(url, "empty answer")
        text = _decode_page(url, fetched)
        if _mostly_control(text):
            raise self._not_article(url, "binary content in an HTML answer")
        page = read_page(text, url=url, date_hint=self.date_hint)
        main = sum(len(p) for p in page.paragraphs)
        if not page.paragraphs:
            raise self._not_article(url, "not an article: no main text in the page")
        if main < MIN_ARTICLE_CHARS:
            raise self._not_article(url, f"not an article: {main} characters of main text "
                                         f"(a listing or an error page?)")
        article = normalise(page.text())
        return RawDocument(url, article, content_hash(article), len(fetched.content), url=url)

    def _not_article(self, url: str, reason: str) -> Rejected:
        self.error = FetchError(url, "not_article", reason)
        return Rejected(url, reason)

    def settle(self, result: FileResult, loader: Loader) -> FileResult:
        fetched, error = self.fetched, self.error
        out = WebResult(result.source, result.outcome, result.reason, result.duplicate_of,
                        result.counts, url=self.source)
        if fetched is not None:
            out.status = fetched.status
            out.redirects = list(fetched.redirects)
            out.conditional = fetched.conditional
        if result.outcome is Outcome.FAILED:
            out.kind = error.kind if error is not None else ("extract" if result.reason and
                                                             "extraction" in result.reason
                                                             else "store")
            if error is not None and error.status is not None:
                out.status = error.status
            return out
        if self.context.dry_run or fetched is None:
            return out
        document_id = self._document_id(result, loader)
        if document_id is not None:
            urls = [*fetched.redirects, self.source, fetched.final_url]
            try:
                remember(loader, document_id, list(dict.fromkeys(urls)), fetched.validators,
                         not_modified=fetched.not_modified)
            except Exception as exc:  # the document is stored; only its URLs are not
                log.warning("%s: its URLs and validators were not remembered: %s",
                            self.source, str(exc).splitlines()[0] if str(exc) else exc)
                return out
            for url in urls:
                self.context.seen[url] = _Seen(document_id, fetched.validators, True)
        return out

    def _document_id(self, result: FileResult, loader: Loader) -> int | None:
        if result.outcome is Outcome.UNCHANGED and self.fetched is not None \
                and self.fetched.not_modified:
            seen = self.context.seen.get(self.source)
            return seen.document_id if seen is not None else None
        key = result.duplicate_of if result.outcome is Outcome.DUPLICATE else result.source
        known = loader.by_source.get(key or "")
        return known.document_id if known is not None else None


def _decode_page(url: str, fetched: Fetched) -> str:
    """The charset the answer declares first, else as for files (UTF-8, the page's meta,
    a guess)."""
    if fetched.charset:
        try:
            return fetched.content.decode(fetched.charset)
        except (UnicodeDecodeError, LookupError):
            pass
    return _decode(url, fetched.content, True)


def remember(loader: Loader, document_id: int, urls: list[str], validators: Validators,
             *, not_modified: bool = False) -> None:
    """Point each URL at the document, with the answer's validators (a 304 keeps the ones
    stored unless it sends new ones); in a transaction of its own (a savepoint inside an
    open one)."""
    connection = loader.connection
    transaction = (connection.begin_nested() if connection.in_transaction()
                   else connection.begin())
    with transaction:
        _upsert(connection, document_id, urls, validators, not_modified)
    if not loader._owned:
        loader.session.commit()


def _upsert(connection: Connection, document_id: int, urls: list[str],
            validators: Validators, not_modified: bool) -> None:
    from sqlalchemy import Table, func, insert

    table: Table = DocumentUrl.__table__  # type: ignore[assignment]
    existing = set(connection.scalars(select(DocumentUrl.url).where(DocumentUrl.url.in_(urls))))
    values: dict[str, Any] = {"document_id": document_id, "checked_at": func.now()}
    if not not_modified or validators:
        values |= {"etag": validators.etag, "last_modified": validators.last_modified}
    for url in urls:
        if url in existing:
            connection.execute(update(table).where(table.c.url == url).values(values))
        else:
            connection.execute(insert(table).values(url=url, **values))

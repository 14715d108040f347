"""`acip crawl`: the articles a feed or a sitemap lists, filtered, as pages to ingest.

A source is fetched and recognised by its content: an RSS/Atom feed, a sitemap, a sitemap
index (its sitemaps read in turn, gzip or not, at most MAX_SITEMAPS), or an HTML page that
announces a feed (`<link rel="alternate" type="application/rss+xml">`), else the sitemaps
its site's robots.txt lists (`Sitemap:`). Its entries are
kept when they match `--match`, are dated on or after `--since` (an undated entry is kept:
the page's own date is read later), and up to `--limit`; a URL listed twice is kept once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urljoin

from app.ingest.web.feeds import NotAFeed, parse_feed
from app.ingest.web.fetch import Fetcher, FetchError
from app.ingest.web.sitemaps import Entry, NotASitemap, inflate, parse_sitemap, root_name
from app.ingest.web.urls import BadUrl, normalise

MAX_SITEMAPS = 1000  # sitemap files read per source (an index of indexes included)
MAX_LISTING_BYTES = 52_428_800  # a sitemap may be 50 MB (the protocol's limit)
_FEED_ROOTS = frozenset({"rss", "feed", "RDF"})
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml")


@dataclass(slots=True)
class Listing:
    """What one source listed."""

    url: str
    kind: str = ""  # feed, sitemap, sitemapindex
    title: str | None = None
    entries: list[Entry] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # the feed or sitemap files read
    failures: list[FetchError] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"url": self.url, "kind": self.kind or None,
                                "entries": len(self.entries), "files": self.files}
        if self.title:
            data["title"] = self.title
        if self.failures:
            data["failures"] = [{"url": f.url, "kind": f.kind, "reason": f.reason}
                                for f in self.failures]
        return data


@dataclass(slots=True)
class Selection:
    """The entries kept from the listings, and how many each filter left out."""

    entries: list[Entry] = field(default_factory=list)
    listed: int = 0
    duplicates: int = 0
    not_matching: int = 0
    too_old: int = 0
    over_limit: int = 0

    def to_json(self) -> dict[str, int]:
        return {"listed": self.listed, "kept": len(self.entries),
                "duplicates": self.duplicates, "not_matching": self.not_matching,
                "before_since": self.too_old, "over_limit": self.over_limit}


def discover(fetcher: Fetcher, url: str) -> Listing:
    """The entries a feed, sitemap (index) or feed-announcing page lists. A failure of the
    source itself is raised (FetchError); a failing sitemap of an index is recorded in
    `failures` and the others are read."""
    listing = Listing(url)
    queue: list[tuple[str, int]] = [(url, 0)]
    seen: set[str] = set()
    while queue:
        current, depth = queue.pop(0)
        if current in seen:
            continue
        seen.add(current)
        if len(listing.files) >= MAX_SITEMAPS:
            listing.failures.append(FetchError(current, "too_large",
                                               f"more than {MAX_SITEMAPS} sitemap files"))
            break
        try:
            kind, title, entries, more = _read_listing(fetcher, current)
        except FetchError as exc:
            if depth == 0:
                raise
            listing.failures.append(exc)
            continue
        listing.files.append(current)
        if depth == 0 or not listing.kind:
            listing.kind = kind if kind != "page" else listing.kind
            listing.title = listing.title or title
        listing.entries += entries
        queue += [(child, depth + 1) for child in more]
    return listing


def _read_listing(fetcher: Fetcher, url: str
                  ) -> tuple[str, str | None, list[Entry], list[str]]:
    """(kind, title, entries, further files to read) of one feed or sitemap file."""
    fetched = fetcher.get(url, want="any", max_bytes=MAX_LISTING_BYTES)
    where = fetched.final_url
    try:
        data = inflate(fetched.content)
    except NotASitemap as exc:
        raise FetchError(url, "not_article", str(exc)) from None
    root = root_name(data)
    try:
        if root in _FEED_ROOTS:
            title, entries = parse_feed(data, where)
            return "feed", title, entries, []
        if root in ("urlset", "sitemapindex"):
            kind, entries = parse_sitemap(data, where)
            if kind == "sitemapindex":
                return kind, None, [], [e.url for e in entries]
            return kind, None, entries, []
    except (NotAFeed, NotASitemap) as exc:
        raise FetchError(url, "not_article", str(exc)) from None
    page = fetched.content_type in ("text/html", "application/xhtml+xml") or root == "html"
    feeds = _announced_feeds(data, where) if page else []
    if feeds:
        return "page", None, [], feeds[:1]
    sitemaps = fetcher.sitemaps_of(where) if page else []
    if sitemaps:
        return "page", None, [], sitemaps
    what = f"<{root}>" if root else (fetched.content_type or "unknown content")
    raise FetchError(url, "not_article",
                     f"not a feed or a sitemap ({what}), and no feed announced")


def _announced_feeds(data: bytes, base: str) -> list[str]:
    from lxml import html

    try:
        tree = html.fromstring(data)
    except (ValueError, html.etree.LxmlError):
        return []
    found = []
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower()
        if "alternate" in rel and kind in _FEED_TYPES and link.get("href"):
            found.append(urljoin(base, link.get("href")))
    return found


def select_entries(listings: list[Listing], *, match: Callable[[str], bool],
                   since: date | None = None, limit: int | None = None) -> Selection:
    """The entries to ingest, in listing order: matching, recent enough, each URL once."""
    selection = Selection()
    seen: set[str] = set()
    for listing in listings:
        for entry in listing.entries:
            selection.listed += 1
            try:
                url = normalise(entry.url)
            except BadUrl:
                selection.not_matching += 1
                continue
            if url in seen:
                selection.duplicates += 1
                continue
            seen.add(url)
            if not match(url):
                selection.not_matching += 1
            elif since is not None and entry.date is not None and entry.date < since:
                selection.too_old += 1
            elif limit is not None and len(selection.entries) >= limit:
                selection.over_limit += 1
            else:
                selection.entries.append(Entry(url, entry.date, entry.title))
    return selection

"""Feeds (RSS 0.9x/1.0/2.0, Atom) -> the articles they list, with their dates (feedparser)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urljoin

from app.ingest.web.sitemaps import Entry


class NotAFeed(ValueError):
    """Bytes that are no feed; the message says why."""


def parse_feed(data: bytes, base_url: str) -> tuple[str | None, list[Entry]]:
    """The feed's title and its entries (link, date), in the feed's order."""
    import feedparser

    parsed: Any = feedparser.parse(data, response_headers={"content-location": base_url})
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise NotAFeed(f"not a feed: {problem}" if problem else "not a feed")
    entries = []
    for item in parsed.entries:
        link = item.get("link") or _alternate(item) or item.get("id")
        if not link or not str(link).startswith(("http://", "https://", "/")):
            continue
        entries.append(Entry(urljoin(base_url, str(link)), _date(item),
                             str(item.get("title") or "").strip() or None))
    return (parsed.feed.get("title") or None), entries


def _alternate(item: Any) -> str | None:
    for link in item.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def _date(item: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = item.get(key)
        if value:
            try:
                return date(value[0], value[1], value[2])
            except (TypeError, ValueError):
                continue
    return None

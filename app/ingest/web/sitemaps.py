"""Sitemaps (sitemaps.org XML, index files, gzip) -> the pages they list, with lastmod.

Parsed without resolving entities or reaching the network (no XXE); a gzip file is
inflated up to MAX_INFLATED bytes (the protocol's 50 MB limit)."""

from __future__ import annotations

import gzip
import io
import re
import zlib
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin

MAX_INFLATED = 52_428_800
_DAY = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class Entry:
    """A page a feed or sitemap lists."""

    url: str
    date: date | None = None  # the feed's published/updated, the sitemap's lastmod
    title: str | None = None


class NotASitemap(ValueError):
    """Bytes that are no sitemap; the message says why."""


def inflate(data: bytes) -> bytes:
    """`data` itself, or inflated when it is gzip (up to MAX_INFLATED bytes)."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(MAX_INFLATED + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise NotASitemap(f"broken gzip file: {exc}") from None
    if len(out) > MAX_INFLATED:
        raise NotASitemap(f"inflates to more than {MAX_INFLATED} bytes")
    return out


def root_name(data: bytes) -> str | None:
    """The local name of the XML document's root element (rss, feed, RDF, urlset,
    sitemapindex, html...), or None when it is not XML."""
    from lxml import etree

    try:
        for _event, element in etree.iterparse(io.BytesIO(data), events=("start",),
                                               resolve_entities=False, no_network=True,
                                               recover=False):
            return etree.QName(element).localname
    except etree.LxmlError:
        return None
    return None


def parse_sitemap(data: bytes, base_url: str) -> tuple[str, list[Entry]]:
    """("urlset", pages) or ("sitemapindex", sitemaps) of a sitemap file."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             recover=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.LxmlError as exc:
        raise NotASitemap(f"not XML: {exc}") from None
    if root is None:
        raise NotASitemap("not XML")
    kind = etree.QName(root).localname
    if kind not in ("urlset", "sitemapindex"):
        raise NotASitemap(f"not a sitemap: the root element is <{kind}>")
    child = "url" if kind == "urlset" else "sitemap"
    entries = []
    for item in root:
        if not isinstance(item.tag, str) or etree.QName(item).localname != child:
            continue
        loc = lastmod = None
        for part in item:
            if not isinstance(part.tag, str):
                continue
            name = etree.QName(part).localname
            if name == "loc":
                loc = (part.text or "").strip()
            elif name == "lastmod":
                lastmod = _day(part.text or "")
        if loc:
            entries.append(Entry(urljoin(base_url, loc), lastmod))
    return kind, entries


def _day(value: str) -> date | None:
    match = _DAY.match(value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None

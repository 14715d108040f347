"""An HTML page -> its article: headline, publication date, main text (trafilatura).

trafilatura (with htmldate for dates) finds the main text of a page the way it is done for
web corpora: it scores the page's blocks, drops navigation, headers, footers, share
buttons, cookie banners, comment sections and related-article lists, and reads the
metadata (headline from `og:title`/`<h1>`/`<title>`, author, site name, canonical URL).
Two things are done here before it runs, both data-driven:

- notices that a page is "not available in the selected language" (the localised copies of
  multilingual sites print one above the original text; `app/vocab/page_notices.json`) are
  removed, so every locale copy of an article reads the same and is stored once;
- figure captions become paragraphs (trafilatura drops them with the images; they often
  name the people in the picture, with their titles).

The publication date comes from the page's markup and metadata only (`<time>`,
`article:published_time`, JSON-LD, Dublin Core, bylines, the URL; no guessing from the
running text, where event dates live), else from a hint (a feed's or sitemap's date).
The result is laid out like the seeds: title, blank line, date line, blank line, paragraphs.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_BLOCK_TAGS = ("p", "div", "span", "section", "aside", "strong", "em", "b", "small", "li",
               "header", "h2", "h3", "h4", "h5", "h6", "blockquote")
HEAD_PARAGRAPHS = 4  # headline, labels and date line are looked for in the first paragraphs
NOTICE_ROOM = 200  # characters a notice element may hold besides the notice itself


@dataclass(frozen=True, slots=True)
class Page:
    """The article of a page: each part None or empty when the page does not state it."""

    title: str | None
    published: date | None
    paragraphs: list[str] = field(default_factory=list)
    author: str | None = None
    site: str | None = None
    canonical: str | None = None  # `<link rel="canonical">` / og:url, absolute
    language: str | None = None  # as the page declares it (`<html lang>`), not detected

    def text(self) -> str:
        """The seeds' layout: "title\\n\\n01 March 2024\\n\\nparagraph\\n\\n..."."""
        head = [self.title or "", date_line(self.published) if self.published else ""]
        return "\n\n".join(part for part in (*head, *self.paragraphs) if part)


def date_line(day: date) -> str:
    return f"{day.day:02d} {day.strftime('%B')} {day.year}"


@cache
def _config() -> Any:
    from trafilatura.settings import use_config

    # "discarding data" and the like are per-page chatter: a page without an article is
    # reported by the caller, with the reason
    for name in ("trafilatura", "htmldate", "courlan"):
        logging.getLogger(name).setLevel(logging.ERROR)
    config = use_config()
    # the defaults (250 characters) are made for web corpora; a short news item is still
    # an article, and what counts as one is decided by the caller
    for key in ("MIN_EXTRACTED_SIZE", "MIN_OUTPUT_SIZE"):
        config.set("DEFAULT", key, "1")
    return config


@cache
def notice_patterns() -> tuple[re.Pattern[str], ...]:
    data = json.loads(resources.files("app.vocab").joinpath("page_notices.json").read_text(
        encoding="utf-8"))
    return tuple(re.compile(n["pattern"], re.I) for n in data["notices"])


def read_page(markup: str, url: str | None = None, date_hint: date | None = None) -> Page:
    """The article of an HTML page; a Page without paragraphs when it has no main text."""
    import trafilatura

    tree = _parse(markup)
    if tree is None:
        return Page(None, date_hint)
    language = _language(tree)
    canonical = _canonical(tree, url)
    headline = _states_a_headline(tree)
    _prepare(tree)
    doc: Any = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_tables=True,
        include_images=False, date_extraction_params=dict(_DATE_PARAMS),
        config=_config(), deduplicate=False)
    if doc is None:
        return Page(None, date_hint, language=language, canonical=canonical)
    # without a headline of its own, trafilatura takes the first <h2> anywhere ("Related
    # news"): no title is better than an invented one
    title = (_clean(doc.title or "") or None) if headline else None
    published = _iso_day(doc.date) or date_hint
    paragraphs = _head_removed(_paragraphs(doc.body), title, published)
    return Page(title, published, paragraphs, author=_clean(doc.author or "") or None,
                site=_clean(doc.sitename or "") or None, canonical=canonical or doc.url,
                language=language)


def html_to_text(markup: str) -> str:
    """An HTML article page as "title\\n\\ndate\\n\\nparagraphs" (missing parts left out)."""
    page = read_page(markup)
    return page.text() if page.paragraphs else ""


# --- before extraction ------------------------------------------------------------------


def _parse(markup: str) -> Any:
    from trafilatura.utils import load_html

    return load_html(markup)


def _language(tree: Any) -> str | None:
    value = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not value:
        return None
    return str(value).strip().split("-")[0].lower()[:8] or None


_HEADLINE_SOURCES = (
    '//meta[@property="og:title"]/@content', '//meta[@name="twitter:title"]/@content',
    "//title//text()", "//h1//text()",
    '//script[@type="application/ld+json"][contains(., "headline")]/text()',
)


def _states_a_headline(tree: Any) -> bool:
    """Whether the page names its headline somewhere (metadata, `<title>`, `<h1>`)."""
    return any(any(str(v).strip() for v in tree.xpath(xpath)) for xpath in _HEADLINE_SOURCES)


def _canonical(tree: Any, url: str | None) -> str | None:
    from urllib.parse import urljoin

    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        found = tree.xpath(xpath)
        if found and str(found[0]).strip():
            value = str(found[0]).strip()
            return urljoin(url, value) if url else value
    return None


def _prepare(tree: Any) -> None:
    """Remove language notices; turn captions into paragraphs (in place).

    A notice is the outermost short element (at most NOTICE_ROOM characters besides the
    notice: "... Please choose English.", a link) whose text matches a notice pattern."""
    patterns = notice_patterns()
    doomed: list[Any] = []
    for element in tree.iter(*_BLOCK_TAGS):
        if any(element in set(d.iter()) for d in doomed):
            continue  # inside a notice already found
        text = _clean(element.text_content())
        if not text or len(text) > 400:
            continue
        for pattern in patterns:
            match = pattern.search(text)
            if match and len(text) <= len(match.group(0)) + NOTICE_ROOM:
                doomed.append(element)
                break
    for element in doomed:
        if element.getparent() is not None:
            _drop(element)
    for figure in tree.iter("figure"):
        figure.tag = "div"  # trafilatura drops figures whole
    for caption in tree.iter("figcaption"):
        caption.tag = "p"


def _drop(element: Any) -> None:
    """Remove an element, keeping its tail text."""
    parent = element.getparent()
    if element.tail and element.tail.strip():
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


# --- after extraction -------------------------------------------------------------------


def _paragraphs(body: Any) -> list[str]:
    """trafilatura's main-text tree (p, head, list/item, quote, table/row/cell, lb) as
    paragraphs: a list as one paragraph of "- item" lines (the extractor reads a list of
    administrations so), a table row each, `<lb/>` a line break."""
    if body is None:
        return []
    out: list[str] = []
    for element in body:
        tag = element.tag
        if tag == "list":  # one paragraph of "- item" lines, as the articles write lists
            items = ["- " + t.replace("\n", " ") for item in element.iter("item")
                     if (t := _text(item))]
            if items:
                out.append("\n".join(items))
        elif tag == "table":
            for row in element.iter("row"):
                cells = [_text(cell) for cell in row.iter("cell")]
                line = " ".join(c for c in cells if c)
                if line:
                    out.append(line)
        elif tag in ("graphic", "ref") and not _text(element):
            continue
        else:
            text = _text(element)
            if text:
                out.append(text)
    return out


def _head_removed(paragraphs: list[str], title: str | None, published: date | None
                  ) -> list[str]:
    """Without what the title and date lines state already: the headline (and the labels
    above it: a kicker, a section name) and a date line of its own, among the first
    HEAD_PARAGRAPHS paragraphs."""
    from app.ingest.extract.layout import parse_date_line

    head = paragraphs[:HEAD_PARAGRAPHS]
    if title:
        folded = title.casefold()
        for i, paragraph in enumerate(head):
            if paragraph.casefold() == folded:
                labels = head[:i]
                if all(len(label) <= 60 and not label.endswith(".") for label in labels):
                    head = head[i + 1:]
                else:
                    head = head[:i] + head[i + 1:]
                break
    if published is not None:
        head = [p for p in head if len(p) > 40 or parse_date_line(p) != published]
    return head + paragraphs[HEAD_PARAGRAPHS:]


def _text(element: Any) -> str:
    """An element's text with `<lb/>` as line breaks, spaces collapsed per line."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if child.tag == "lb":
                parts.append("\n")
            elif child.tag not in ("list",) or node.tag != "item":
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    lines = (_clean(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _iso_day(value: str | None) -> date | None:
    if not value:
        return None
    match = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


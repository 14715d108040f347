"""Split an article's text into title, publication date and body; detect its language."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import dateparser
import py3langid

_LANGUAGES = ["en", "fr", "es", "pt", "ru", "zh", "ar", "de"]


@dataclass(slots=True)
class Layout:
    title: str | None
    published: date | None
    body: str
    language: str
    warnings: list[str] = field(default_factory=list)


def parse_date_line(line: str) -> date | None:
    """A publication date line in any common form and language, or None."""
    line = line.strip()
    if not line or len(line) > 40 or not re.search(r"\d", line):
        return None
    parsed = dateparser.parse(
        line, settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"}
    )
    return parsed.date() if parsed else None


def detect_language(text: str) -> str:
    py3langid.set_languages(_LANGUAGES)
    lang, _ = py3langid.classify(text[:4000])
    return str(lang)


def parse_layout(text: str) -> Layout:
    """Title line, blank line, date line, blank line, paragraphs; degrade when absent."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [b for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    warnings: list[str] = []
    title: str | None = None
    published: date | None = None
    if blocks and (d := parse_date_line(blocks[0])):
        published = d
        blocks = blocks[1:]
    elif len(blocks) >= 2 and (d := parse_date_line(blocks[1])):
        title, published = blocks[0].strip(), d
        blocks = blocks[2:]
    elif blocks and "\n" not in blocks[0].strip() and len(blocks[0]) < 200:
        title = blocks[0].strip()
        blocks = blocks[1:]
    if published is None:
        warnings.append("no publication date line found; published is unknown")
    body = "\n\n".join(b.strip() for b in blocks)
    return Layout(title, published, body, detect_language(body or (title or "")), warnings)

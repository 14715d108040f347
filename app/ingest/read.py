"""Path (or bytes) -> RawDocument, or a reasoned rejection.

Text files (`.txt`, `.md`) are taken as they are, in the seeds' layout (title, blank line,
date line, blank line, paragraphs). HTML pages (`.html`, `.htm`) are reduced to that same
layout: the headline, the publication date when the page states one, and the paragraphs of
the main text (`<article>`, else `<main>`, else `<body>`), without scripts, styles and
navigation. Bytes are decoded as UTF-8 (with or without BOM), else as the charset an HTML
page declares, else as charset-normalizer guesses; line endings become `\\n`.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

ARTICLE_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
SUFFIXES = ARTICLE_SUFFIXES + HTML_SUFFIXES
STDIN = "-"

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_MAX_CONTROL_RATIO = 0.05
# control characters other than whitespace (C0, DEL, C1), private use, noncharacters
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufffe\uffff]")
_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)


@dataclass(frozen=True, slots=True)
class RawDocument:
    """An article's text, ready for the extractor."""

    source: str  # where it came from: a path, or "stdin:<hash>" for standard input
    text: str  # normalised: NFC, `\n` line endings, no BOM
    content_hash: str  # sha256 of `text` (UTF-8), hex
    size: int  # bytes read


class Rejected(Exception):
    """An input that is not an article we can read; the message says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


# --- finding the files ----------------------------------------------------------------


def display_path(path: Path | str) -> str:
    """The path as stored: relative to the working directory when under it, POSIX style.

    Made absolute without resolving symbolic links (no file-system calls per file)."""
    absolute = os.path.abspath(path)
    cwd = os.getcwd()
    if absolute.startswith(cwd + os.sep):
        absolute = absolute[len(cwd) + 1:]
    return absolute.replace(os.sep, "/")


def expand(arguments: list[str]) -> Iterator[Path | str | Rejected]:
    """Each argument's article files in a stable order; `-` (stdin) passed through as is.

    A missing path or a directory holding no article yields a Rejected for that argument;
    a file named twice is read once. Hidden files and directories are skipped.
    """
    seen: set[str] = set()
    for argument in arguments:
        if argument == STDIN:
            yield STDIN
            continue
        path = Path(argument)
        if path.is_dir():
            found = list(_walk(path))
            if not found:
                yield Rejected(argument, "directory holds no article (.txt, .md, .html, .htm)")
        elif path.is_file():
            found = [path]
        else:
            reason = "not a regular file or directory" if path.exists() else \
                "no such file or directory"
            yield Rejected(argument, reason)
            continue
        for file in found:
            key = os.path.abspath(file)
            if key not in seen:
                seen.add(key)
                yield file


def _walk(root: Path) -> Iterator[Path]:
    """Article files under `root`, depth first, names sorted, hidden entries skipped."""
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in SUFFIXES:
                yield Path(directory, name)


# --- reading ----------------------------------------------------------------------------


def read_path(path: Path, max_bytes: int) -> RawDocument:
    """Read one article file, or raise Rejected with the reason."""
    source = display_path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise Rejected(source, f"too large: {size} bytes, the limit is {max_bytes}")
        data = path.read_bytes()
    except OSError as exc:
        raise Rejected(source, f"cannot read: {exc.strerror or exc}") from None
    return read_bytes(source, data, max_bytes, html=path.suffix.lower() in HTML_SUFFIXES)


def read_stream(stream: BinaryIO, max_bytes: int) -> RawDocument:
    """Read an article from a stream (standard input); HTML is recognised by its start."""
    data = stream.read(max_bytes + 1)
    doc = read_bytes("stdin", data, max_bytes, html=bool(_HTML_SNIFF.match(data[:1024])))
    return RawDocument(f"stdin:{doc.content_hash[:16]}", doc.text, doc.content_hash, doc.size)


def read_stdin(max_bytes: int) -> RawDocument:
    return read_stream(sys.stdin.buffer, max_bytes)


def read_bytes(source: str, data: bytes, max_bytes: int, *, html: bool = False) -> RawDocument:
    """Decode, check and normalise an article's bytes, or raise Rejected."""
    if len(data) > max_bytes:
        raise Rejected(source, f"too large: more than {max_bytes} bytes")
    if not data.strip():
        raise Rejected(source, "empty file")
    text = _decode(source, data, html)
    if _mostly_control(text):
        raise Rejected(source, "binary file: mostly non-text characters")
    if html:
        text = html_to_text(text)
    text = normalise(text)
    if not text:
        raise Rejected(source, "empty file: no text" + (" in the page" if html else ""))
    return RawDocument(source, text, content_hash(text), len(data))


def _decode(source: str, data: bytes, html: bool) -> str:
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise Rejected(source, "undecodable: invalid UTF-16") from None
    if b"\x00" in data:
        raise Rejected(source, "binary file: contains NUL bytes")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if html:
        from bs4.dammit import EncodingDetector

        declared = EncodingDetector.find_declared_encoding(data, is_html=True)
        if declared:
            try:
                return data.decode(declared)
            except (UnicodeDecodeError, LookupError):
                pass
    import charset_normalizer

    guess = charset_normalizer.from_bytes(data).best()
    if guess is None:
        raise Rejected(source, "undecodable: not UTF-8 and no character set fits")
    return str(guess)


def _mostly_control(text: str) -> bool:
    sample = text[:20_000]
    return len(_CONTROL.findall(sample)) > _MAX_CONTROL_RATIO * max(len(sample), 1)


def normalise(text: str) -> str:
    """NFC, `\\n` line endings, no BOM, no trailing spaces, no surrounding blank lines."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- HTML -------------------------------------------------------------------------------

_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
         "form", "iframe", "svg", "button", "select")
_BLOCKS = frozenset((
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul",
    "ol", "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption", "table", "tr",
    "address", "hr",
))
_PARAGRAPH, _LINE = "\x00", "\x01"  # NUL never survives decoding, so they cannot clash
_DATE_META = ("article:published_time", "datePublished", "date", "dc.date", "DC.date.issued",
              "pubdate", "publish-date")


def html_to_text(html: str) -> str:
    """An HTML article page as "title\\n\\ndate\\n\\nparagraphs" (missing parts left out)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    published = _published(soup)
    for tag in soup.find_all(_DROP):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    heading = root.find("h1") or soup.find("h1")
    title = _clean(heading.get_text(" ")) if heading else ""
    if heading is not None and root in heading.parents:
        heading.decompose()
    if not title and soup.title:
        title = _clean(soup.title.get_text(" "))
    if published:
        for time_tag in root.find_all("time"):
            parent = time_tag.parent
            if parent is None or _clean(parent.get_text(" ")) == _clean(time_tag.get_text(" ")):
                time_tag.decompose()  # a date line of its own: stated once, in our date line
    body = _paragraphs(root)
    head = [part for part in (title, published) if part]
    return "\n\n".join(head + body)


def _published(soup: object) -> str | None:
    """The page's publication date as "01 March 2024", from <time> or a meta tag."""
    find = getattr(soup, "find", None)
    if find is None:
        return None
    candidates: list[str] = []
    time_tag = find("time", attrs={"datetime": True})
    if time_tag is not None:
        candidates.append(str(time_tag.get("datetime")))
    for name in _DATE_META:
        meta = find("meta", attrs={"property": name}) or find("meta", attrs={"name": name}) \
            or find("meta", attrs={"itemprop": name})
        if meta is not None and meta.get("content"):
            candidates.append(str(meta.get("content")))
    for candidate in candidates:
        day = _iso_day(candidate)
        if day is not None:
            return f"{day.day:02d} {day.strftime('%B')} {day.year}"
    return None


def _iso_day(value: str) -> date | None:
    match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y-%m-%d").date()
    except ValueError:
        return None


def _paragraphs(root: object) -> list[str]:
    from bs4 import NavigableString, Tag

    assert isinstance(root, Tag)
    for tag in root.find_all(True):
        if tag.name == "br":
            tag.replace_with(NavigableString(_LINE))
        elif tag.name in _BLOCKS:
            tag.insert_before(NavigableString(_PARAGRAPH))
            tag.insert_after(NavigableString(_PARAGRAPH))
    text = root.get_text()
    paragraphs = []
    for block in text.split(_PARAGRAPH):
        lines = [_clean(line) for line in block.split(_LINE)]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()

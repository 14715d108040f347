"""Path (or bytes) -> RawDocument, or a reasoned rejection.

Text files (`.txt`, `.md`) are taken as they are, in the seeds' layout (title, blank line,
date line, blank line, paragraphs). HTML pages (`.html`, `.htm`) are reduced to that same
layout: the headline, the publication date when the page's metadata states one, and the
paragraphs of the main text, without navigation, share buttons, cookie banners, language
notices and related-article blocks (trafilatura; see app.ingest.web.page). Bytes are
decoded as UTF-8 (with or without BOM), else as the charset an HTML page declares, else as
charset-normalizer guesses; line endings become `\\n`.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

T = TypeVar("T")
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
    url: str | None = None  # the final URL of a page fetched from the web


class Unchanged(Exception):
    """An input known to be unchanged without reading it (a web page answering 304 Not
    Modified to a conditional request): skipped before extraction."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


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


def expand(arguments: Sequence[str | T]) -> Iterator[Path | str | Rejected | T]:
    """Each argument's article files in a stable order; `-` (stdin) and other inputs (a
    web page to fetch) passed through as they are, in their place.

    A missing path or a directory holding no article yields a Rejected for that argument;
    a file named twice is read once. Hidden files and directories are skipped.
    """
    seen: set[str] = set()
    for argument in arguments:
        if not isinstance(argument, str):
            yield argument
            continue
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
        raise Rejected(source, "not an article: no main text in the page" if html
                       else "empty file: no text")
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


def html_to_text(html: str) -> str:
    """An HTML article page as "title\\n\\ndate\\n\\nparagraphs" (missing parts left out):
    its main text and metadata as trafilatura reads them (see app.ingest.web.page)."""
    from app.ingest.web.page import html_to_text as page_text

    return page_text(html)

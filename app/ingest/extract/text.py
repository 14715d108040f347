"""Sentences with their character offsets, shared by every extractor."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.ingest.extract.facts import Evidence

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "st", "no", "nos", "vs", "etc", "e.g", "i.e", "m", "mme",
    "mlle", "jr", "sr", "gen", "col", "lt", "capt", "hon", "rev", "inc", "ltd", "co", "dept",
    "art", "p", "pp", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "u.s", "u.k", "u.n",
}
_BOUNDARY = re.compile(
    r"(?<=[.!?…])[\"'”»)\]]*\s+(?=[\"'“«(\[]?[A-ZÀ-ÖØ-Þ0-9])"
    r"|\n\s*\n"
    r"|\n(?=\s*[-•*·▪–]\s)"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str

    def evidence(self) -> Evidence:
        return Evidence(self.start, self.end, self.text)


def split_sentences(body: str) -> list[Sentence]:
    """Split `body` into sentences; offsets index into `body` (text is body[start:end])."""
    sentences: list[Sentence] = []
    start = 0
    for match in _boundaries(body):
        cut = match.start()
        # Without a newline the boundary follows [.!?…] at cut - 1, inside the candidate.
        if body[cut - 1] == "." and "\n" not in match.group(0) and _after_abbreviation(
            body[start:cut]
        ):
            continue
        _append(sentences, body, start, cut)
        start = match.end()
    _append(sentences, body, start, len(body))
    return sentences


def _boundaries(body: str) -> Iterator[re.Match[str]]:
    """`_BOUNDARY.finditer(body)`, trying the pattern only where a match can start: after a
    [.!?…] or at a newline (found with `str.find`, not the regex engine at every offset)."""
    candidates: set[int] = set()
    for char, shift in _BOUNDARY_STARTS:
        at = body.find(char)
        while at >= 0:
            candidates.add(at + shift)
            at = body.find(char, at + 1)
    end = 0
    for at in sorted(candidates):
        if at >= end and (match := _BOUNDARY.match(body, at)) is not None:
            yield match
            end = match.end()


# Where a _BOUNDARY match can start: right after sentence punctuation, or at a newline.
_BOUNDARY_STARTS = ((".", 1), ("!", 1), ("?", 1), ("…", 1), ("\n", 0))
_LAST_WORD = re.compile(r"(\S+)$")
_INITIAL = re.compile(r"[A-Z]")
_LAST_WORD_WINDOW = 64  # longer than any abbreviation: a longer last word is not one


def _last_word(text: str, pos: int) -> str | None:
    """`_LAST_WORD.search(text, pos).group(1)`, or None, without the regex engine (which
    tried \\S+ at every offset): `$` also matches before a final newline."""
    end = len(text) - 1 if text.endswith("\n") else len(text)
    segment = text[pos:end]
    if not segment or segment[-1].isspace():
        return None
    return segment.rsplit(None, 1)[-1]


def _after_abbreviation(candidate: str) -> bool:
    """Whether `candidate`, a sentence ending in a full stop, ends on an abbreviation or an
    initial ("Emmanuel K. Saye"): its full stop does not end it."""
    stripped = candidate.rstrip(".!?…\"'”»)] ")
    word = _last_word(stripped, max(0, len(stripped) - _LAST_WORD_WINDOW))
    if word is None:
        return False
    return word.lower().rstrip(".") in _ABBREVIATIONS or _INITIAL.fullmatch(word) is not None


def _append(sentences: list[Sentence], body: str, start: int, end: int) -> None:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if end > start:
        sentences.append(Sentence(start, end, body[start:end]))


def sentence_at(sentences: list[Sentence], offset: int) -> Sentence | None:
    """The sentence that contains the character at `offset`."""
    for sentence in sentences:
        if sentence.start <= offset < sentence.end:
            return sentence
    return None


def fold(text: str) -> str | None:
    """`text` lowercased for `admits`, or None when a substring test could miss a match:
    re.IGNORECASE matches "ı" and "ſ" as "i" and "s", and "İ".lower() is two characters."""
    if "\u0131" in text or "\u017f" in text or "\u0130" in text:
        return None
    return text.lower()


def admits(keys: tuple[str, ...], folded: str | None) -> bool:
    """Whether a case-insensitive pattern that only matches text holding one of `keys`
    (lowercase) can match the text `folded` came from (`fold`): a cheap gate."""
    return folded is None or any(map(folded.__contains__, keys))  # no generator frames


def match_starts(
    pattern: re.Pattern[str], text: str, prefixes: tuple[str, ...], folded: str | None
) -> list[int]:
    """The offsets, in order, where `pattern` matches in `text` (`folded` is `fold(text)`),
    for a pattern whose every match starts with one of `prefixes` (lowercase): each prefix is
    found with `str.find` and the pattern tried there only, instead of at every offset.
    Positions inside an earlier match are kept (`finditer` would skip them)."""
    if folded is None:
        return [m.start() for m in pattern.finditer(text)]
    candidates: set[int] = set()
    for prefix in prefixes:
        at = folded.find(prefix)
        while at >= 0:
            candidates.add(at)
            at = folded.find(prefix, at + 1)
    return [at for at in sorted(candidates) if pattern.match(text, at)]


def finditer_from(
    pattern: re.Pattern[str], starts: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)` for a pattern that cannot match the empty string and whose
    matches can only start where `starts` matches: the pattern is tried there only.

    `starts` should begin with a character or a class (the engine then skips ahead to it);
    `pattern.finditer` tries every offset when the pattern begins with a look-behind, `\\b`
    or a group per alternative.
    """
    resume = 0
    for start in starts.finditer(text):
        at = start.start()
        if at >= resume and (match := pattern.match(text, at)) is not None:
            yield match
            resume = match.end()

"""The word starts a cue pattern can match at: a small reader for the regex syntax of cues.

`word_starts(pattern, length)` returns the lowercase starts (up to `length` characters) that
every match of `pattern` begins with, or None when a start is shorter than two characters.
It reads only what theme cues use — literals and escapes, character classes, groups
(capturing, named, non-capturing), alternation, look-arounds, anchors and repeats — with the
public `re` module only, and treats a construct it cannot see through as "anything may
follow here".

The reading mirrors how Python's regex parser normalises a pattern, so the starts are the
same ones a walk over its parse tree gives: non-capturing groups are spliced in, an
alternation whose branches are all single characters is one character class, and a class of
more than four characters (or with ranges or escapes like \\w) ends the start.
"""

from __future__ import annotations

from dataclasses import dataclass

_MAX_CLASS = 4  # a class of more literal characters than this ends a start


@dataclass(frozen=True, slots=True)
class _Lit:
    char: str


@dataclass(frozen=True, slots=True)
class _Class:
    chars: tuple[str, ...] | None  # None: not a plain set of literal characters


@dataclass(frozen=True, slots=True)
class _Zero:
    """A zero-width item: a look-around or an anchor."""


@dataclass(frozen=True, slots=True)
class _Opaque:
    """Anything else that consumes text: ".", a negated class."""


@dataclass(frozen=True, slots=True)
class _Group:
    """A capturing group: its items."""

    items: tuple[_Item, ...]


@dataclass(frozen=True, slots=True)
class _Branch:
    alternatives: tuple[tuple[_Item, ...], ...]


@dataclass(frozen=True, slots=True)
class _Repeat:
    min: int
    items: tuple[_Item, ...]


_Item = _Lit | _Class | _Zero | _Opaque | _Group | _Branch | _Repeat

_CLASS_ESCAPES = frozenset("wWdDsS")
_ZERO_ESCAPES = frozenset("bBAZ")


class _Reader:
    def __init__(self, pattern: str) -> None:
        self.text = pattern
        self.pos = 0

    def peek(self, ahead: int = 0) -> str:
        at = self.pos + ahead
        return self.text[at] if at < len(self.text) else ""

    def take(self, token: str) -> bool:
        if self.text.startswith(token, self.pos):
            self.pos += len(token)
            return True
        return False

    def alternation(self) -> list[_Item]:
        """Alternatives up to ")" or the end, normalised like Python's parser does."""
        alternatives = [self.sequence()]
        while self.take("|"):
            alternatives.append(self.sequence())
        if len(alternatives) == 1:
            return alternatives[0]
        prefix: list[_Item] = []
        while all(alternatives) and all(a[0] == alternatives[0][0] for a in alternatives):
            prefix.append(alternatives[0][0])
            alternatives = [a[1:] for a in alternatives]
        if all(len(a) == 1 and isinstance(a[0], _Lit | _Class) for a in alternatives):
            chars: list[str] = []
            plain = True
            for (item,) in alternatives:
                if isinstance(item, _Lit):
                    chars.append(item.char)
                elif isinstance(item, _Class) and item.chars is not None:
                    chars.extend(item.chars)
                else:
                    plain = False
            unique = tuple(dict.fromkeys(chars)) if plain else None
            return [*prefix, _Class(unique)]
        return [*prefix, _Branch(tuple(tuple(a) for a in alternatives))]

    def sequence(self) -> list[_Item]:
        items: list[_Item] = []
        while self.pos < len(self.text) and self.peek() not in "|)":
            atom = self.atom()
            items.extend(self.repeat(atom))
        return items

    def repeat(self, atom: list[_Item]) -> list[_Item]:
        """`atom` (spliced items) with the quantifier that follows it, if any."""
        char = self.peek()
        if char in ("?", "*", "+"):
            self.pos += 1
            low = 1 if char == "+" else 0
        elif char == "{" and (end := self.text.find("}", self.pos)) > 0 and all(
            c.isdigit() or c == "," for c in self.text[self.pos + 1 : end]
        ):
            low_text = self.text[self.pos + 1 : end].split(",")[0]
            low = int(low_text) if low_text else 0
            self.pos = end + 1
        else:
            return atom
        self.take("?")  # lazy or greedy: the same starts
        return [_Repeat(low, tuple(atom))]

    def atom(self) -> list[_Item]:
        char = self.peek()
        if char == "(":
            return self.group()
        if char == "[":
            return [self.char_class()]
        if char == "\\":
            escaped = self.peek(1)
            self.pos += 2
            if escaped in _CLASS_ESCAPES:
                return [_Class(None)]
            if escaped in _ZERO_ESCAPES:
                return [_Zero()]
            if escaped.isalnum():
                raise ValueError(f"unsupported escape \\{escaped} in cue {self.text!r}")
            return [_Lit(escaped)]
        self.pos += 1
        if char in "^$":
            return [_Zero()]
        if char == ".":
            return [_Opaque()]
        return [_Lit(char)]

    def group(self) -> list[_Item]:
        self.pos += 1  # "("
        if self.take("?"):
            if self.take(":"):
                inner = self.alternation()
                self.close()
                return inner  # spliced in, as the parser does
            if self.take("P<"):
                self.pos = self.text.index(">", self.pos) + 1
                return [self.captured()]
            if self.take("<=") or self.take("<!") or self.take("=") or self.take("!"):
                self.alternation()
                self.close()
                return [_Zero()]
            raise ValueError(f"unsupported group in cue {self.text!r}")
        return [self.captured()]

    def captured(self) -> _Group:
        inner = self.alternation()
        self.close()
        return _Group(tuple(inner))

    def close(self) -> None:
        if not self.take(")"):
            raise ValueError(f"unbalanced parenthesis in cue {self.text!r}")

    def char_class(self) -> _Lit | _Class | _Opaque:
        self.pos += 1  # "["
        chars: list[str] = []
        negated = self.take("^")
        plain = True
        first = True
        while first or self.peek() != "]":
            first = False
            char = self.peek()
            if not char:
                raise ValueError(f"unterminated class in cue {self.text!r}")
            self.pos += 1
            if char == "\\":
                escaped = self.peek()
                self.pos += 1
                if escaped in _CLASS_ESCAPES or escaped.isalnum():
                    plain = False
                    continue
                char = escaped
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.pos += 2  # a range
                plain = False
                continue
            chars.append(char)
        self.pos += 1  # "]"
        if negated:
            return _Opaque()
        if plain and len(chars) == 1:
            return _Lit(chars[0])
        return _Class(tuple(dict.fromkeys(chars)) if plain else None)


def _starts(items: tuple[_Item, ...] | list[_Item], partial: set[str],
            length: int) -> tuple[set[str], bool]:
    """(possible starts, open): `open` is True when the starts may still grow."""
    current = set(partial)
    for item in items:
        if all(len(k) >= length for k in current):
            return current, False
        if isinstance(item, _Lit):
            current = {k + item.char.lower() if len(k) < length else k for k in current}
        elif isinstance(item, _Zero):
            continue
        elif isinstance(item, _Group):
            current, still_open = _starts(item.items, current, length)
            if not still_open:
                return current, False
        elif isinstance(item, _Branch):
            results = [_starts(branch, current, length) for branch in item.alternatives]
            current = set().union(*(r[0] for r in results))
            if not all(r[1] for r in results):
                return current, False
        elif isinstance(item, _Repeat) and item.min == 0:
            inner, inner_open = _starts(item.items, current, length)
            if not inner_open and any(len(k) < length for k in inner):
                return current | inner, False
            current |= inner
        elif isinstance(item, _Class) and item.chars is not None and len(item.chars) <= _MAX_CLASS:
            current = {k + c.lower() for k in current for c in item.chars}
        else:
            return current, False
    return current, True


def word_starts(pattern: str, length: int = 3) -> frozenset[str] | None:
    """The lowercase starts of up to `length` characters of every match of `pattern`, or
    None when one of them is shorter than two characters (the pattern cannot be keyed)."""
    reader = _Reader(pattern)
    items = reader.alternation()
    if reader.pos != len(pattern):
        raise ValueError(f"unbalanced parenthesis in cue {pattern!r}")
    keys, _ = _starts(items, {""}, length)
    if any(len(k) < 2 for k in keys):
        return None
    return frozenset(keys)

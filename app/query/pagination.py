"""Opaque keyset cursors.

A cursor is base64url(JSON) of the sort it belongs to and the last row's sort key and id:
`{"s": "-start", "k": ["2025-03-01"], "id": 812}`. Clients treat it as opaque; a cursor
that does not decode, or belongs to another sort, is a 400 problem.

`keyset_after()` turns a decoded cursor into the WHERE clause "rows after this one" for
an ORDER BY of `(key..., id)` all in one direction, which lets the database walk an index
on `(key, id)` instead of counting rows with OFFSET.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.orm import InstrumentedAttribute

from app.core.errors import BadRequest

MAX_CURSOR_CHARS = 1024


@dataclass(frozen=True)
class Cursor:
    sort: str
    key: tuple[Any, ...]
    id: int


def encode_cursor(sort: str, key: Sequence[Any], id_: int) -> str:
    payload = json.dumps({"s": sort, "k": list(key), "id": id_}, separators=(",", ":"),
                         default=str)
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str, *, key_length: int | None = None) -> Cursor:
    """The cursor's content; BadRequest if it is malformed or belongs to another sort."""
    bad = BadRequest(
        "the cursor is not one this API issued; pass the `meta.next_cursor` of a previous "
        "page unchanged",
        errors=[{"parameter": "cursor", "detail": "malformed cursor", "suggestions": []}],
    )
    if not cursor or len(cursor) > MAX_CURSOR_CHARS:
        raise bad
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise bad from None
    if not isinstance(payload, dict):
        raise bad
    key, id_, cursor_sort = payload.get("k"), payload.get("id"), payload.get("s")
    if (
        not isinstance(key, list)
        or not isinstance(id_, int) or isinstance(id_, bool)
        or not isinstance(cursor_sort, str)
        or (key_length is not None and len(key) != key_length)
        or not all(v is None or isinstance(v, str | int | float) for v in key)
    ):
        raise bad
    if cursor_sort != sort:
        raise BadRequest(
            f"this cursor belongs to sort={cursor_sort!r}, not sort={sort!r}; start again "
            "without a cursor when changing the sort",
            errors=[{"parameter": "cursor", "detail": "cursor of another sort",
                     "suggestions": []}],
        )
    return Cursor(sort=cursor_sort, key=tuple(key), id=id_)


def keyset_after(
    columns: Sequence[ColumnElement[Any] | InstrumentedAttribute[Any]],
    values: Sequence[Any],
    id_column: ColumnElement[Any] | InstrumentedAttribute[Any],
    id_value: int,
    *,
    descending: bool,
) -> ColumnElement[bool]:
    """Rows strictly after `(values..., id_value)` in ORDER BY columns..., id (one direction).

    The columns must be non-null in the rows considered (filter NULLs out separately).
    """
    cols: list[Any] = [*columns, id_column]
    vals = [*values, id_value]
    clauses = []
    for i in range(len(cols)):
        equal = [cols[j] == vals[j] for j in range(i)]
        beyond = cols[i] < vals[i] if descending else cols[i] > vals[i]
        clauses.append(and_(*equal, beyond))
    return or_(*clauses)

"""Aggregates that change only with ingest (stats, theme tree, funder and administration
counts), cached per process and per data version.

The data version is the largest id of documents, evidence and events: three primary-key
lookups. Ingesting a document adds rows to them, and re-ingesting one replaces its
evidence, so a changed data set has a new version; an entry also expires after TTL_SECONDS
(edits no id records). Only sessions bound to an Engine (the API's) use the cache; a session
bound to a Connection (tests, scripts inside an outer transaction) always computes.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.models import Document, Event, Evidence

T = TypeVar("T")

TTL_SECONDS = 300.0
MAX_ENTRIES = 1024

_entries: dict[tuple[Hashable, ...], tuple[float, tuple[Any, ...], Any]] = {}
_lock = threading.Lock()


def data_version(session: Session) -> tuple[Any, ...]:
    return tuple(session.execute(select(
        select(func.max(Document.id)).scalar_subquery(),
        select(func.max(Evidence.id)).scalar_subquery(),
        select(func.max(Event.id)).scalar_subquery(),
    )).one())


def cached(session: Session, name: str, compute: Callable[[], T],
           *key: Hashable) -> T:
    """compute(), or its result for the same name, key and data version."""
    bind = session.bind
    if not isinstance(bind, Engine):
        return compute()
    entry_key = (bind.url.render_as_string(hide_password=True), name, *key)
    version = data_version(session)
    now = time.monotonic()
    with _lock:
        hit = _entries.get(entry_key)
    if hit is not None and hit[1] == version and now - hit[0] < TTL_SECONDS:
        value: T = hit[2]
        return value
    value = compute()
    with _lock:
        if len(_entries) >= MAX_ENTRIES:
            _entries.clear()
        _entries[entry_key] = (now, version, value)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()

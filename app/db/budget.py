"""A time budget per database statement: over budget -> QueryTimeout (503 problem).

PostgreSQL: `SET LOCAL statement_timeout` (the server cancels the statement), in a
REPEATABLE READ transaction (one snapshot for the request's statements).
SQLite: a watchdog thread interrupts (`Connection.interrupt()`, made to be called from
another thread) a connection whose statement runs past its deadline; the deadline restarts
at every statement. Not a progress handler: that is a Python callback every few thousand
SQLite steps, and each call must take the GIL, so a query run in a worker thread would
wait for the GIL over and over while other threads run Python (a 10x slowdown seen under
load). Set when the session begins its transaction (see `time_budget`).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.core.errors import QueryTimeout


class _Watchdog:
    """One daemon thread per process that interrupts SQLite connections past their
    deadline. `arm` a connection with a list whose first item is its deadline (monotonic
    seconds; the owner moves it forward at each statement), `disarm` it when the
    connection is given back (under the lock, so no interrupt reaches its next user)."""

    def __init__(self) -> None:
        self._armed: dict[int, tuple[Any, list[float]]] = {}
        self._lock = threading.Condition()
        self._thread: threading.Thread | None = None

    def arm(self, raw: Any, deadline: list[float]) -> None:
        with self._lock:
            self._armed[id(raw)] = (raw, deadline)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="acip-query-budget",
                                                daemon=True)
                self._thread.start()
            self._lock.notify()

    def disarm(self, raw: Any) -> None:
        with self._lock:
            self._armed.pop(id(raw), None)

    def _run(self) -> None:
        with self._lock:
            while True:
                if not self._armed:
                    self._lock.wait()
                    continue
                now = time.monotonic()
                for key, (raw, deadline) in list(self._armed.items()):
                    if now > deadline[0]:
                        raw.interrupt()
                        del self._armed[key]
                earliest = min((d[0] for _, d in self._armed.values()), default=now + 1)
                # deadlines only move later: waking at the earliest one, or when armed anew
                self._lock.wait(timeout=max(0.005, earliest - now))


_watchdog = _Watchdog()


def _is_timeout(exc: OperationalError) -> bool:
    message = str(exc.orig).lower()
    return "interrupted" in message or "statement timeout" in message or (
        type(exc.orig).__name__ == "QueryCanceled")


def _install(connection: Connection, timeout_ms: int, *, fresh: bool = True
             ) -> Callable[[], None] | None:
    """Put `connection` under the budget; returns what undoes it, if anything must.
    `fresh`: its transaction has run nothing yet (its isolation can still be set)."""
    dialect = connection.dialect.name
    if dialect == "postgresql":
        # One snapshot for the whole request: a page and its count (two statements) agree
        # even while an ingest commits between them (READ COMMITTED let the page hold more
        # events than its total). Reads never fail to serialize at this level.
        if fresh and not connection.in_nested_transaction():  # a savepoint's is not fresh
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"))
        connection.execute(text(f"SET LOCAL statement_timeout = {int(timeout_ms)}"))
        return None
    if dialect != "sqlite":
        return None
    raw = connection.connection.dbapi_connection
    # [deadline, budget in seconds]: the engine's listener moves the deadline at every
    # statement (listeners once per engine: on each request's connection they would cost
    # more than a small query); the budget ends when the connection goes back to the pool
    # (a request gives it back before its dependencies are torn down).
    state = [time.monotonic() + timeout_ms / 1000, timeout_ms / 1000]
    if connection.engine not in _watched:
        event.listen(connection.engine, "before_cursor_execute", _restart)
        event.listen(connection.engine, "checkin", _release)
        _watched.add(connection.engine)
    info = connection.info
    info[_DEADLINE] = state
    _watchdog.arm(raw, state)
    return lambda: _end(raw, info)


_DEADLINE = "acip_deadline"  # Connection.info key: the budget's state while it applies
_watched: weakref.WeakSet[Any] = weakref.WeakSet()


def _restart(connection: Connection, *_: Any) -> None:
    state = connection.info.get(_DEADLINE)
    if state is not None:
        state[0] = time.monotonic() + state[1]


def restart_budget(connection: Connection) -> None:
    """A statement run on the driver's cursor starts now (SQLAlchemy's own statements
    restart the deadline through its events)."""
    _restart(connection)


def _release(dbapi_connection: Any, record: Any) -> None:
    _end(dbapi_connection, record.info)


def _end(raw: Any, info: dict[Any, Any]) -> None:
    _watchdog.disarm(raw)
    info.pop(_DEADLINE, None)


@contextmanager
def time_budget(session: Session, timeout_ms: int) -> Iterator[Session]:
    """`session` with every statement under `timeout_ms`. Lazy: the budget is set when the
    session begins its transaction (its first statement), so entering does no I/O (and can
    run on the event loop); a session already in a transaction is put under it at once."""
    cleanup: list[Callable[[], None]] = []

    def on_begin(_session: Session, _transaction: Any, connection: Connection,
                 fresh: bool = True) -> None:
        undo = _install(connection, timeout_ms, fresh=fresh)
        if undo is not None:
            cleanup.append(undo)

    if session.in_transaction():
        on_begin(session, None, session.connection(), fresh=False)
    else:
        event.listen(session, "after_begin", on_begin)
    try:
        yield session
    except OperationalError as exc:
        if _is_timeout(exc):
            raise QueryTimeout(
                f"the query took longer than its budget of {timeout_ms} ms; narrow the "
                "filters or try again later"
            ) from exc
        raise
    finally:
        if event.contains(session, "after_begin", on_begin):
            event.remove(session, "after_begin", on_begin)
        for undo_ in cleanup:
            undo_()

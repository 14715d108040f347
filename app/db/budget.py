"""A time budget per database statement: over budget -> QueryTimeout (503 problem).

PostgreSQL: `SET LOCAL statement_timeout` (the server cancels the statement), in a
REPEATABLE READ transaction (one snapshot for the request's statements).
SQLite: a progress handler that interrupts a statement running past its deadline; the
deadline restarts at every statement. Set when the session begins its transaction (see
`time_budget`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.core.errors import QueryTimeout

SQLITE_PROGRESS_STEPS = 10_000


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
    deadline = [time.monotonic() + timeout_ms / 1000]

    def restart(*_: Any) -> None:
        deadline[0] = time.monotonic() + timeout_ms / 1000

    def over_budget() -> int:
        return 1 if time.monotonic() > deadline[0] else 0

    event.listen(connection, "before_cursor_execute", restart)
    raw.set_progress_handler(over_budget, SQLITE_PROGRESS_STEPS)  # type: ignore[union-attr]

    def undo() -> None:
        event.remove(connection, "before_cursor_execute", restart)
        raw.set_progress_handler(None, 0)  # type: ignore[union-attr]

    return undo


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

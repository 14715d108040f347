"""A time budget per database statement: over budget -> QueryTimeout (503 problem).

PostgreSQL: `SET LOCAL statement_timeout` (the server cancels the statement).
SQLite: a progress handler that interrupts a statement running past its deadline; the
deadline restarts at every statement.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.core.errors import QueryTimeout

SQLITE_PROGRESS_STEPS = 10_000


def _is_timeout(exc: OperationalError) -> bool:
    message = str(exc.orig).lower()
    return "interrupted" in message or "statement timeout" in message or (
        type(exc.orig).__name__ == "QueryCanceled")


@contextmanager
def time_budget(session: Session, timeout_ms: int) -> Iterator[Session]:
    connection = session.connection()
    dialect = connection.dialect.name
    cleanup: list[Any] = []
    if dialect == "postgresql":
        connection.execute(text(f"SET LOCAL statement_timeout = {int(timeout_ms)}"))
    elif dialect == "sqlite":
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

        cleanup.append(undo)
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
        for undo_ in cleanup:
            undo_()

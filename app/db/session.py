"""Engine factory (SQLite pragmas, PostgreSQL pool) and sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.core.config import ConfigError, sqlite_path


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for `url`; for SQLite the file's directory is created on demand."""
    if url.startswith("sqlite"):
        path = sqlite_path(url)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise ConfigError(
                    f"cannot create the SQLite directory {path.parent}: {exc}"
                ) from exc
        # Connections of a file are cheap: never make a checkout wait (on the event loop it
        # would stall the worker); the thread pool bounds how many exports hold one.
        if path is not None:
            kwargs.setdefault("max_overflow", -1)
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 10)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


# Reads through a memory map: pages come straight from the OS page cache, with no read()
# and copy per page (address space only: 64-bit hosts have plenty).
SQLITE_MMAP_BYTES = 1 << 30


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()
    # pysqlite's own transaction handling breaks SAVEPOINT (a nested rollback or release can
    # commit the outer transaction); let SQLAlchemy emit BEGIN itself (SQLAlchemy's recipe).
    dbapi_connection.isolation_level = None


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    session = make_sessionmaker(engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()

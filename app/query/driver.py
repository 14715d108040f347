"""Core statements run on the DBAPI cursor: compiled once, rows as plain tuples.

Executing a statement through SQLAlchemy costs a compiled-cache lookup, parameter
processing and a Row object per row: ~0.3 ms for the five hydration reads of a page of 20
events and ~4 µs per row, more than SQLite spends running them. A `DriverQuery` compiles
its statement once per dialect and IN-list length (the SQL text, with its placeholders in
the driver's own style) and runs it on the connection's DBAPI cursor.

What the driver returns is not converted by column types: SQLite gives dates as ISO
strings and booleans as 0/1, PostgreSQL `date` and `bool`. Use it for reads whose values
need no conversion, or convert them where they are read (see `iso_date`).

The statement runs in the session's transaction, under its time budget (app.db.budget):
on PostgreSQL the transaction's `statement_timeout`; on SQLite a deadline restarted for
each statement (`restart_budget`).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Dialect, Select
from sqlalchemy.orm import Session

from app.db.budget import restart_budget


class DriverQuery:
    """A SELECT with one expanding bind parameter (`name`, a list of values)."""

    def __init__(self, statement: Select[*tuple[Any, ...]], name: str = "ids") -> None:
        self.statement = statement
        self.name = name

    def rows(self, session: Session, values: list[Any]) -> list[tuple[Any, ...]]:
        if not values:
            return []
        connection = session.connection()
        sql, order = _compiled(self, connection.dialect, len(values))
        params: tuple[Any, ...] | dict[str, Any]
        if isinstance(order, tuple):
            params = tuple(values[i] for i in order)
        else:
            params = {key: values[i] for key, i in order.items()}
        return _fetch(connection, sql, params)


@lru_cache(maxsize=2048)
def _compiled(query: DriverQuery, dialect: Dialect, n: int
              ) -> tuple[str, tuple[int, ...] | dict[str, int]]:
    """The SQL for `n` values, and where each placeholder takes its value from: positions
    (qmark, format) or names (pyformat). Expanded with the values 0..n-1, so each
    placeholder's bound value is the index of the value it stands for."""
    compiled = query.statement.compile(dialect=dialect)
    state = compiled.construct_expanded_state({query.name: list(range(n))})
    bound = state.parameters
    unexpected = [key for key in bound if not key.startswith(f"{query.name}_")]
    if unexpected:
        raise ValueError(f"a DriverQuery binds only {query.name!r}, not {unexpected}")
    if state.positiontup is not None:
        return state.statement, tuple(bound[key] for key in state.positiontup)
    return state.statement, {key: bound[key] for key in bound}


class DriverStatement:
    """A SELECT with named bind parameters (no expanding one), compiled once per dialect
    and run on the driver's cursor: for statements a request runs as they are, with new
    values. `run(session, name=value, ...)` -> rows as plain tuples."""

    def __init__(self, statement: Select[*tuple[Any, ...]]) -> None:
        self.statement = statement

    def run(self, session: Session, **values: Any) -> list[tuple[Any, ...]]:
        connection = session.connection()
        sql, names, constants, processors = _compiled_plain(self, connection.dialect)
        bound = {**constants, **{name: processors[name](value) if name in processors else value
                                 for name, value in values.items()}}
        params: tuple[Any, ...] | dict[str, Any] = (
            tuple(bound[name] for name in names) if names is not None else bound)
        return _fetch(connection, sql, params)

    def typed(self, session: Session, **values: Any) -> list[Any]:
        """As `run`, each row a named tuple of the column keys, with the values SQLAlchemy
        would read (dates, booleans, JSON on SQLite)."""
        reader = _cached_reader(self.statement, session.get_bind().dialect)
        return _read(reader, self.run(session, **values))


def _reader(statement: Select[*tuple[Any, ...]], dialect: Dialect
            ) -> tuple[Any, list[tuple[int, Any]]]:
    """A named tuple of the statement's column keys, and the SQLAlchemy result processors
    to apply. SQLite gives dates as text and booleans as 0/1; psycopg already gives
    Python's types (and PostgreSQL's processors want the cursor's type codes)."""
    columns = list(statement.selected_columns)
    row = namedtuple("Row", [c.key for c in columns], rename=True)  # type: ignore[misc]  # noqa: PYI024
    convert = [] if dialect.name != "sqlite" else [
        (i, p) for i, c in enumerate(columns)
        if (p := c.type._cached_result_processor(dialect, None)) is not None]  # noqa: SLF001
    return row, convert


_cached_reader = lru_cache(maxsize=256)(_reader)


def _read(reader: tuple[Any, list[tuple[int, Any]]], fetched: Sequence[Any]) -> list[Any]:
    row, convert = reader
    make = row._make
    if not convert:
        return [make(values) for values in fetched]
    out = []
    for values in fetched:
        converted = list(values)
        for i, process in convert:
            converted[i] = process(converted[i])
        out.append(make(converted))
    return out


@lru_cache(maxsize=256)
def _compiled_plain(query: DriverStatement, dialect: Dialect) -> tuple[
        str, tuple[str, ...] | None, dict[str, Any], dict[str, Any]]:
    """The SQL in the driver's style; the parameter names in placeholder order (positional
    styles) or None (named styles: the values go by name); the values of the statement's
    own constants (`x == "active"`, `x.in_([...])`); and the bind processors (by name) of
    its named parameters. Values are processed as SQLAlchemy binds them (a date as ISO text
    on SQLite)."""
    compiled = query.statement.compile(dialect=dialect)
    processors: Any = compiled._bind_processors  # noqa: SLF001 (what execute applies)
    named = {b.key for b in compiled.binds.values() if b.required}  # bindparam("x")
    state = compiled.construct_expanded_state(dict.fromkeys(named))  # IN lists expanded
    constants = {k: processors[k](v) if k in processors else v
                 for k, v in state.parameters.items() if k not in named}
    own = {name: processors[name] for name in named if name in processors}
    positions = tuple(state.positiontup) if state.positiontup is not None else None
    return state.statement, positions, constants, own


class Prepared:
    """One statement with its values (a request's page or count), compiled once for a
    dialect and run on the driver as often as asked: for the statements of a compiled
    request kept between requests (see query.events `_compile`). Values are processed as
    SQLAlchemy would bind them (dates as ISO text on SQLite...), and each row's values as
    it would read them (`date`s), into a named tuple of the statement's column keys."""

    def __init__(self, statement: Select[*tuple[Any, ...]], dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        state = compiled.construct_expanded_state()  # IN lists of the values expanded
        processors: Any = compiled._bind_processors  # noqa: SLF001 (what execute applies)
        values = {key: (processors[key](value) if key in processors else value)
                  for key, value in state.parameters.items()}
        self.sql = state.statement
        self.params: tuple[Any, ...] | dict[str, Any] = (
            tuple(values[key] for key in state.positiontup)
            if state.positiontup is not None else values)
        self.reader = _reader(statement, dialect)

    def rows(self, session: Session) -> list[Any]:
        return _read(self.reader, _fetch(session.connection(), self.sql, self.params))


def _fetch(connection: Connection, sql: str,
           params: tuple[Any, ...] | dict[str, Any]) -> list[Any]:
    """Every row of `sql` run on the connection's DBAPI cursor, as the driver gives them."""
    restart_budget(connection)
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        cursor.close()


def iso_date(value: date | str | None) -> str | None:
    """A date column's value from the driver (a `date`, or SQLite's ISO text) as ISO text."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()

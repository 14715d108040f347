"""Typed dependencies shared by the routers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy import Engine
from sqlalchemy.orm import Session


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; it owns the (read-only) transaction."""
    session: Session = request.app.state.sessionmaker()
    try:
        yield session
    finally:
        session.close()


EngineDep = Annotated[Engine, Depends(get_engine)]
SessionDep = Annotated[Session, Depends(get_session)]


@dataclass(frozen=True)
class PageParams:
    """`limit` and `cursor` of a keyset-paginated list."""

    limit: int
    cursor: str | None


def get_page_params(
    limit: Annotated[int, Query(
        ge=1, le=100, description="How many items one page holds, 1 to 100.")] = 20,
    cursor: Annotated[str | None, Query(
        max_length=1024,
        description="Opaque cursor of the next page: the `meta.next_cursor` of the previous "
        "page, unchanged. Omit it for the first page.")] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


PageDep = Annotated[PageParams, Depends(get_page_params)]

"""Typed dependencies shared by the routers, and `run_query`, which routes call queries with.

The dependencies are `async def` and do no I/O, so FastAPI runs them on the event loop: a
plain `def` dependency costs a hop to the thread pool and back (~0.1 ms of CPU each).
Routes are `async def` too and hand their query function to `run_query`, which decides
where it runs (see there).
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, ParamSpec, TypeVar

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.api.openapi import CURSOR_PATTERN, TEXT_PATTERN, list_of
from app.db.budget import time_budget
from app.models import EVENT_TYPES
from app.query.filters import MAX_VALUES, CountryRole, EventFilters, split_values


async def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


_PER_REQUEST = "acip_per_request"  # Session.info key: made by get_session for one request
_EXECUTOR = "acip_executor"  # Session.info key: the worker's SQLite query threads, if any


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request; it owns the (read-only) transaction. Creating it does no
    I/O (it connects on its first statement). `run_query` has already given its
    connection back; closing it here is then in-process (an export streamed after the
    route returned ends its transaction with one round trip)."""
    session: Session = request.app.state.sessionmaker()
    session.info[_PER_REQUEST] = True
    session.info[_EXECUTOR] = getattr(request.app.state, "query_executor", None)
    try:
        yield session
    finally:
        session.close()


P = ParamSpec("P")
T = TypeVar("T")


async def run_query(session: Session, query: Callable[P, T], /,
                    *args: P.args, **kwargs: P.kwargs) -> T:
    """`query(*args, **kwargs)`, run where its backend is served best.

    SQLite runs in this process, and most of its queries take about as long as a hop to a
    thread and back: they run on the event loop, bounded by the query time budget
    (Settings.query_timeout_ms; see app.db.budget). Queries SQLite spends long in go to
    `run_long_query`. PostgreSQL queries wait on the network: they run in the thread pool
    so that the loop serves other requests meanwhile.

    Either way the session is closed as soon as the query returns, giving its connection
    back to the pool at once. Were it given back when the response has been sent (the
    dependency's teardown), a burst of requests would hold a connection each while they
    wait to send: past the pool's size, the next request's checkout waits for one on the
    event loop itself, which then sends nothing, so nothing is given back until the pool's
    timeout (30 s) fails it (a 503 "database unavailable: TimeoutError" under 32
    connections on SQLite with two workers). On PostgreSQL the thread that ran the query
    gives it back; by another thread, a burst could take every worker thread to wait for
    a connection while the requests holding them wait for a thread to give them back.
    """
    if session.get_bind().dialect.name == "sqlite":
        return _query_then_close(session, query, *args, **kwargs)
    return await run_in_threadpool(_query_then_close, session, query, *args, **kwargs)


async def run_long_query(session: Session, query: Callable[P, T], /,
                         *args: P.args, **kwargs: P.kwargs) -> T:
    """As `run_query`, for a query SQLite spends long in (a full-text match ranks every
    matching document): on SQLite it runs on the worker's query threads
    (Settings.query_threads, like Datasette's SQL threads). SQLite steps a statement
    without holding the GIL, so meanwhile the event loop serves the requests behind it, on
    the other core, instead of queueing them behind the match."""
    executor: Executor | None = session.info.get(_EXECUTOR)  # made for SQLite engines only
    if executor is None:
        return await run_query(session, query, *args, **kwargs)
    return await asyncio.get_running_loop().run_in_executor(
        executor, functools.partial(_query_then_close, session, query, *args, **kwargs))


def runner_for(filters: EventFilters) -> Callable[..., Awaitable[Any]]:
    """How an events query runs: full text is the long kind (see run_long_query)."""
    return run_long_query if filters.q else run_query


def _query_then_close(session: Session, query: Callable[P, T], /,
                      *args: P.args, **kwargs: P.kwargs) -> T:
    try:
        return query(*args, **kwargs)
    finally:
        if session.info.get(_PER_REQUEST):  # get_session's own, not one a caller handed in
            session.close()  # it stays usable: a later statement begins anew


EngineDep = Annotated[Engine, Depends(get_engine)]
SessionDep = Annotated[Session, Depends(get_session)]


def _iso_day(value: object) -> object:
    """A query date is a calendar day written YYYY-MM-DD (OpenAPI's `format: date`), nothing
    else: pydantic alone would also read `0` or `1700000000` as Unix times."""
    if isinstance(value, str) and not _ISO_DAY.fullmatch(value):
        raise ValueError("not a date: write YYYY-MM-DD")
    return value


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
IsoDate = Annotated[date, BeforeValidator(_iso_day)]


@dataclass(frozen=True)
class PageParams:
    """`limit` and `cursor` of a keyset-paginated list."""

    limit: int
    cursor: str | None


async def get_page_params(
    limit: Annotated[int, Query(
        ge=1, le=100, description="How many items one page holds, 1 to 100.")] = 20,
    cursor: Annotated[str | None, Query(
        max_length=1024, pattern=CURSOR_PATTERN,
        description="Opaque cursor of the next page: the `meta.next_cursor` of the previous "
        "page, unchanged. Omit it, or leave it empty, for the first page. A cursor this API "
        "did not issue, or one issued for another `sort`, is a 400.")] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor or None)


PageDep = Annotated[PageParams, Depends(get_page_params)]


# --- events: a time-budgeted session and the filters ----------------------------------------


async def get_query_session(request: Request, session: SessionDep) -> AsyncIterator[Session]:
    """The request's session under the query time budget (Settings.query_timeout_ms), set
    when it begins its transaction (see time_budget)."""
    with time_budget(session, request.app.state.settings.query_timeout_ms):
        yield session


QuerySessionDep = Annotated[Session, Depends(get_query_session)]

_LIST = ("Repeat the parameter or separate values with commas; any value matches; empty "
         f"values are ignored; at most {MAX_VALUES} values.")


async def get_event_filters(
    country: Annotated[list[str] | None, Query(
        description="Country, by ISO 3166-1 alpha-2 or alpha-3 code in any case (`ML`, "
        f"`mli`). Which events count is set by `country_role`. {_LIST}",
        examples=[["ML", "SN"]], **list_of("CountryCode"))] = None,
    country_role: Annotated[CountryRole, Query(
        description="How `country` and `region` match an event: `venue` — it takes place "
        "there; `participant` — that country's customs administration is named by the event's "
        "article (in any role); `any` — either.")] = "any",
    region: Annotated[list[str] | None, Query(
        description="WCO region slug (see /v1/regions), e.g. `west-central-africa`; matched "
        f"like `country`, over the region's member countries. {_LIST}",
        examples=[["west-central-africa"]], **list_of("RegionSlug"))] = None,
    theme: Annotated[list[str] | None, Query(
        description="Theme slug (see /v1/themes). A group slug (`arusha-key-factors`, "
        f"`cross-cutting`) matches any of its themes. {_LIST}",
        examples=[["transparency"]], **list_of("ThemeSlug"))] = None,
    funder: Annotated[list[str] | None, Query(
        description=f"Funder slug (see /v1/funders), e.g. `norad`. {_LIST}",
        examples=[["sida"]], **list_of("FunderSlug"))] = None,
    administration: Annotated[list[str] | None, Query(
        description="Customs administration named by the event's article, by its country's "
        f"ISO alpha-2 or alpha-3 code, in any case, in any role. {_LIST}", examples=[["KE"]],
        **list_of("CountryCode"))] = None,
    type_: Annotated[list[str] | None, Query(
        alias="type", description="Event type: " + ", ".join(EVENT_TYPES) + f". {_LIST}",
        examples=[["workshop", "training"]], **list_of("EventType"))] = None,
    online: Annotated[bool | None, Query(
        description="true: only online events; false: only in-person ones.")] = None,
    date_from: Annotated[IsoDate | None, Query(
        description="Events taking place on or after this day (YYYY-MM-DD): their last day "
        "is on or after it. A date stated to the month or year lasts the whole month or "
        "year. Events without a stated date count by their article's publication date.",
        examples=["2025-01-01"])] = None,
    date_to: Annotated[IsoDate | None, Query(
        description="Events starting on or before this day (YYYY-MM-DD). Events without a "
        "stated date count by their article's publication date. A `date_to` before "
        "`date_from` is an empty range: no event matches (a 200 with no data).",
        examples=["2025-12-31"])] = None,
    published_from: Annotated[IsoDate | None, Query(
        description="Events whose article was published on or after this day "
        "(YYYY-MM-DD).")] = None,
    published_to: Annotated[IsoDate | None, Query(
        description="Events whose article was published on or before this day (YYYY-MM-DD). "
        "Before `published_from`: an empty range, no event matches.")] = None,
    q: Annotated[str | None, Query(
        max_length=500, pattern=TEXT_PATTERN,
        description="Full-text search over the article's title and body, "
        "English or French: every word must occur; case and accents are ignored; results "
        "are ranked (sort=relevance, the default when q is given).",
        examples=["intégrité douane"])] = None,
) -> EventFilters:
    return EventFilters(
        country=split_values(country), country_role=country_role,
        region=split_values(region), theme=split_values(theme), funder=split_values(funder),
        administration=split_values(administration), type=split_values(type_), online=online,
        date_from=date_from, date_to=date_to, published_from=published_from,
        published_to=published_to, q=q,
    )


EventFiltersDep = Annotated[EventFilters, Depends(get_event_filters)]

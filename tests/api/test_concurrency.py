"""Concurrent requests on PostgreSQL never wait on each other for a pooled connection: a
request gives its connection back in the thread that ran its query, so a full thread pool
(every worker waiting for a connection) cannot hold up the requests that have one."""

from __future__ import annotations

import asyncio

import anyio.to_thread
import httpx
from sqlalchemy import Engine

from app.core.config import Settings
from app.db.session import make_engine, make_sessionmaker
from app.main import create_app


async def _burst(url: str, requests: int) -> list[int]:
    app = create_app(Settings(database_url=url, log_level="WARNING"))
    limiter = anyio.to_thread.current_default_thread_limiter()
    tokens = limiter.total_tokens
    transport = httpx.ASGITransport(app=app)
    async with (app.router.lifespan_context(app),
                httpx.AsyncClient(transport=transport, base_url="http://test") as client):
        # Fewer workers than requests, one pooled connection, a short wait for it.
        limiter.total_tokens = 2
        app.state.engine.dispose()
        app.state.engine = make_engine(url, pool_size=1, max_overflow=0, pool_timeout=2)
        app.state.sessionmaker = make_sessionmaker(app.state.engine)
        try:
            responses = await asyncio.wait_for(asyncio.gather(*[
                client.get("/v1/events", params={"country": "ML"}) for _ in range(requests)
            ]), timeout=30)
        finally:
            limiter.total_tokens = tokens
            app.state.engine.dispose()
    return [r.status_code for r in responses]


def test_a_burst_of_requests_through_a_small_pool_all_succeed(migrated_engine: Engine) -> None:
    url = migrated_engine.url.render_as_string(hide_password=False)
    assert asyncio.run(_burst(url, 12)) == [200] * 12


async def _while_the_pool_is_empty(url: str) -> httpx.Response:
    app = create_app(Settings(database_url=url, log_level="WARNING"))
    transport = httpx.ASGITransport(app=app)
    async with (app.router.lifespan_context(app),
                httpx.AsyncClient(transport=transport, base_url="http://test") as client):
        app.state.engine.dispose()
        app.state.engine = make_engine(url, pool_size=1, max_overflow=0, pool_timeout=0.2)
        app.state.sessionmaker = make_sessionmaker(app.state.engine)
        try:
            with app.state.engine.connect():  # the only connection, held
                return await client.get("/v1/events")
        finally:
            app.state.engine.dispose()


def test_no_connection_in_time_is_a_503_problem_to_retry(migrated_engine: Engine) -> None:
    url = migrated_engine.url.render_as_string(hide_password=False)
    response = asyncio.run(_while_the_pool_is_empty(url))
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["retry-after"] == "1"
    assert "try again" in response.json()["detail"]

"""The FastAPI application factory."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app import __version__
from app.api.docs import install_offline_docs
from app.api.errors import install_error_handlers
from app.api.explorer import install_explorer
from app.api.v1 import curation, documents, events, health, reference, stats
from app.core.config import Settings, get_settings
from app.core.logging import configure_logging, request_id_var
from app.db.session import make_engine, make_sessionmaker

REQUEST_ID_HEADER = "X-Request-ID"
_REQUEST_ID_KEY = REQUEST_ID_HEADER.lower().encode("latin-1")


class RequestIdMiddleware:
    """The request id (the client's X-Request-ID, else a new one) in `request_id_var` for
    logging and echoed in the response's X-Request-ID. Plain ASGI: no per-request task or
    stream as with `@app.middleware("http")`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        raw = next((v for k, v in scope["headers"] if k == _REQUEST_ID_KEY), None)
        rid = raw.decode("latin-1") if raw else uuid.uuid4().hex
        header = (_REQUEST_ID_KEY, rid.encode("latin-1"))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", ()) if h[0] != _REQUEST_ID_KEY]
                message["headers"] = [*headers, header]
            await send(message)

        token = request_id_var.set(rid)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)

DESCRIPTION = """
Open data on the **WCO Anti-Corruption and Integrity Promotion (A-CIP) Programme**:
events, partner administrations, funders, people and themes extracted from news articles,
each fact with the sentence it came from.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_level, settings.log_format)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = ({} if settings.database_url.startswith("sqlite") else
                {"pool_size": settings.db_pool_size, "max_overflow": settings.db_max_overflow})
        engine = make_engine(settings.database_url, **pool)
        app.state.engine = engine
        app.state.sessionmaker = make_sessionmaker(engine)
        app.state.settings = settings
        app.state.query_executor = (
            ThreadPoolExecutor(settings.query_threads, thread_name_prefix="acip-query")
            if settings.query_threads and engine.dialect.name == "sqlite" else None)
        try:
            yield
        finally:
            if app.state.query_executor is not None:
                app.state.query_executor.shutdown(wait=False, cancel_futures=True)
            engine.dispose()

    app = FastAPI(
        title="acip — A-CIP Programme open data API",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        openapi_tags=[*events.TAGS, *reference.TAGS, *documents.TAGS, *stats.TAGS,
                      *curation.TAGS, *health.TAGS],
        docs_url=None,
        redoc_url=None,
        # Relative: the API is served wherever the document was fetched from.
        servers=[{"url": "/", "description": "This server"}],
        license_info={"name": "MIT", "identifier": "MIT"},
        contact={"name": "acip", "url": "https://acip.example.org/"},
    )
    install_offline_docs(app)
    install_error_handlers(app)
    # zlib's default level: JSON compresses nearly as well as at Starlette's 9, twice as fast
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "HEAD", "OPTIONS"],
            allow_headers=["*"],
            expose_headers=[REQUEST_ID_HEADER, "ETag", "Link"],
        )

    app.add_middleware(RequestIdMiddleware)  # added last: the outermost

    app.include_router(health.router)
    app.include_router(events.router)
    app.include_router(reference.router)
    app.include_router(documents.router)
    app.include_router(stats.router)
    app.include_router(curation.router)
    install_explorer(app)
    return app

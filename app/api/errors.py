"""Every error leaves as RFC 9457 application/problem+json."""

from __future__ import annotations

import logging
import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.core.errors import PROBLEM_JSON, AcipError

logger = logging.getLogger(__name__)


def problem_response(body: dict[str, Any], headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(body, status_code=body["status"], media_type=PROBLEM_JSON, headers=headers)


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if len(parts) > 1 and parts[0] in ("query", "path", "header"):
        return parts[-1]
    return ".".join(parts)


async def _acip_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AcipError)
    return problem_response(exc.problem(str(request.url.path)), headers=exc.headers or None)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {"parameter": _location(err.get("loc", ())), "detail": err.get("msg", "invalid value")}
        for err in exc.errors()
    ]
    detail = "; ".join(f"{e['parameter']}: {e['detail']}" for e in errors)
    return problem_response({
        "type": "https://acip.example.org/problems/invalid-parameter",
        "title": "Invalid parameter",
        "status": 422,
        "detail": detail,
        "instance": str(request.url.path),
        "errors": errors,
    })


_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def _allowed_methods(request: Request) -> str | None:
    """Every method the OpenAPI document serves at this path. Starlette's 405 names only the
    first route that matched the path (GET /v1/events), not the others (POST /v1/events)."""
    path = request.url.path
    methods: set[str] = set()
    for template, operations in request.app.openapi().get("paths", {}).items():
        parts = re.split(r"(\{[^}]+\})", template)
        pattern = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
        if re.fullmatch(pattern, path):
            methods |= {m.upper() for m in operations if m in _METHODS}
    return ", ".join(sorted(methods)) if methods else None


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers) if exc.headers else {}
    if exc.status_code == 405:
        allowed = _allowed_methods(request)
        if allowed:
            headers["Allow"] = allowed
    return problem_response(
        {
            "type": "about:blank",
            "title": {400: "Bad request", 404: "Not found",
                      405: "Method not allowed"}.get(exc.status_code, "Error"),
            "status": exc.status_code,
            "detail": str(exc.detail),
            "instance": str(request.url.path),
        },
        headers=headers or None,
    )


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """No connection to be had in time (pool exhausted), or the database refused or dropped
    one: transient, on the server's side."""
    logger.warning("database unavailable on %s: %s", request.url.path, type(exc).__name__)
    return problem_response({
        "type": "https://acip.example.org/problems/service-unavailable",
        "title": "Service unavailable",
        "status": 503,
        "detail": "The database is busy or unreachable; try again shortly.",
        "instance": str(request.url.path),
    }, headers={"Retry-After": "1"})


async def _integrity_error(request: Request, exc: Exception) -> JSONResponse:
    """A write that met a row another one wrote meanwhile (e.g. two corrections of events
    of the same article adding the same fact at once): nothing was stored; retrying reads
    the new state."""
    logger.warning("write conflict on %s: %s", request.url.path, type(exc).__name__)
    return problem_response({
        "type": "https://acip.example.org/problems/conflict",
        "title": "Conflict",
        "status": 409,
        "detail": "The record changed while this write ran; nothing was stored. Read it "
                  "again and retry.",
        "instance": str(request.url.path),
    })


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s", request.url.path)
    return problem_response({
        "type": "https://acip.example.org/problems/internal-error",
        "title": "Internal error",
        "status": 500,
        "detail": "The server failed to answer this request; it has been logged.",
        "instance": str(request.url.path),
    })


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AcipError, _acip_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(PoolTimeout, _database_unavailable)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(IntegrityError, _integrity_error)
    app.add_exception_handler(Exception, _unexpected_error)

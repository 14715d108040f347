"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from app.api.deps import EngineDep
from app.core.errors import ServiceUnavailable
from app.db import migrate
from app.schemas.common import problem_responses

router = APIRouter(tags=["health"])

TAGS: list[dict[str, Any]] = [{
    "name": "health",
    "description": "Probes for load balancers and orchestrators: `/healthz` says the process "
    "answers, `/readyz` that the database is reachable and its schema up to date.",
}]


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    database: str
    revision: str | None


@router.get(
    "/healthz", summary="The process is alive", response_model=Health,
    description="Answers `ok` as long as the process serves requests; it does not touch the "
    "database (see /readyz).",
    responses={200: {"description": "Alive",
                     "content": {"application/json": {"example": {"status": "ok"}}}},
               **problem_responses(500)},
)
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    summary="The database is reachable and migrated to head",
    response_model=Readiness,
    description="Answers `ok` with the database backend and schema revision when the "
    "database answers and is migrated to the latest revision; 503 otherwise, with the reason.",
    responses={200: {"description": "Ready", "content": {"application/json": {"example": {
                   "status": "ok", "database": "sqlite", "revision": "0002"}}}},
               **problem_responses(503)},
)
def readyz(engine: EngineDep) -> Readiness:
    try:
        current = migrate.current_revision(engine)
    except SQLAlchemyError as exc:
        raise ServiceUnavailable(f"database unreachable: {type(exc).__name__}") from exc
    head = migrate.head_revision(engine)
    if current != head:
        raise ServiceUnavailable(
            f"database schema is at {current or 'nothing'}, expected {head}: run `acip db upgrade`"
        )
    return Readiness(status="ok", database=engine.dialect.name, revision=current)

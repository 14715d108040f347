"""Liveness and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from app.api.deps import EngineDep
from app.core.errors import ServiceUnavailable
from app.db import migrate

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    database: str
    revision: str | None


@router.get("/healthz", summary="The process is alive", response_model=Health)
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    summary="The database is reachable and migrated to head",
    response_model=Readiness,
    responses={503: {"description": "Database unreachable or not migrated",
                     "content": {"application/problem+json": {}}}},
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

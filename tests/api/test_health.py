"""Liveness and readiness probes, request ids and the problem+json shape of errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.core.config import Settings
from app.main import create_app


def client_for(url: str) -> TestClient:
    return TestClient(create_app(Settings(database_url=url)))


@pytest.fixture
def client(migrated_engine: Engine) -> Iterator[TestClient]:
    with client_for(migrated_engine.url.render_as_string(hide_password=False)) as c:
        yield c


def test_healthz_answers_while_the_process_lives(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_on_a_migrated_database(client: TestClient, backend: str) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["database"] == backend


def test_readyz_is_503_problem_on_an_unmigrated_database(scratch_database_url: str) -> None:
    with client_for(scratch_database_url) as c:
        response = c.get("/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "acip db upgrade" in response.json()["detail"]


def test_readyz_is_503_when_the_database_is_unreachable() -> None:
    with client_for("postgresql+psycopg://postgres@127.0.0.1:1/nowhere") as c:
        response = c.get("/readyz")
    assert response.status_code == 503
    assert response.json()["title"] == "Service unavailable"


def test_request_id_is_echoed_or_made(client: TestClient) -> None:
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers[
        "X-Request-ID"] == "abc-123"
    assert len(client.get("/healthz").headers["X-Request-ID"]) == 32


def test_unknown_path_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/no/such/thing")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["status"] == 404

"""/v1/stats: totals equal the counts in the database; coverage and last ingest."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from app.models import (
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    Evidence,
)
from tests.api.client import api_client
from tests.query.world import World, build_world


@pytest.fixture
def client(db_session: Session) -> Iterator[TestClient]:
    with api_client(db_session) as c:
        yield c


def test_stats_totals_equal_the_database_counts(client: TestClient, db_session: Session) -> None:
    build_world(db_session)

    def n(stmt: object) -> int:
        return int(db_session.scalar(stmt) or 0)  # type: ignore[call-overload]

    body = client.get("/v1/stats").json()
    assert body["totals"] == {
        "documents": n(select(func.count()).select_from(Document)),
        "events": n(select(func.count()).select_from(Event)),
        "evidence": n(select(func.count()).select_from(Evidence)),
        "administrations": n(select(func.count(distinct(
            DocumentAdministration.administration_id)))),
        "countries": n(select(func.count(distinct(Event.country_code)))),
        "funders": n(select(func.count(distinct(DocumentFunder.funder_slug)))),
        "themes": n(select(func.count(distinct(DocumentTheme.theme_slug)))),
        "people": n(select(func.count(distinct(DocumentPerson.person_id)))),
    }
    assert sum(body["events_by_type"].values()) == body["totals"]["events"]
    assert sum(body["documents_by_language"].values()) == body["totals"]["documents"]


def test_stats_of_the_small_world(client: TestClient, db_session: Session) -> None:
    world: World = build_world(db_session)
    body = client.get("/v1/stats").json()
    assert body["totals"]["documents"] >= 3 and body["totals"]["events"] >= 3
    assert body["events_by_type"]["meeting"] >= 2
    assert body["events_undated"] >= 1
    coverage = body["coverage"]
    assert coverage["first_publication"] <= world.doc3.published.isoformat()  # type: ignore[union-attr]
    assert coverage["last_event"] >= "2025-06-01"
    assert body["last_ingest"] is not None


def test_stats_of_an_empty_database_are_zero_and_null(client: TestClient,
                                                      db_session: Session) -> None:
    if db_session.scalar(select(func.count()).select_from(Document)):
        pytest.skip("the shared test database holds documents")
    body = client.get("/v1/stats").json()
    assert body["totals"]["documents"] == body["totals"]["events"] == 0
    assert body["coverage"] == {"first_event": None, "last_event": None,
                                "first_publication": None, "last_publication": None}
    assert body["last_ingest"] is None

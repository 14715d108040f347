"""Every fact's confidence, stored at ingest, is served by /v1/events and /v1/documents/{id}
(and described in the OpenAPI schema)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.ingest.extract import confidence
from app.ingest.extract.confidence import Table
from app.ingest.extract.facts import (
    AdministrationFact,
    EventFact,
    Evidence,
    Facts,
    FunderFact,
    PartialDate,
    PartnerCountFact,
    PersonFact,
    ThemeFact,
)
from app.ingest.load import Loader
from app.ingest.read import RawDocument, content_hash
from app.models import Document
from tests.api.client import api_client

BODY = ("From 2 to 4 April 2024, the Ghana Revenue Authority hosted a workshop on integrity in "
        "Accra with Kenya. Funded by Sida. Ms Esi Mensah opened it. 30 partners so far.")
TABLE = Table.from_json({"kinds": {
    "event": {"default": 0.5, "rules": {"workshop:title": {"p": 0.83}}},
    "administration": {"default": 0.98}, "role": {"default": 0.72, "rules": {"host": {"p": 0.8}}},
    "funder": {"default": 0.96}, "person": {"default": 0.88}, "theme": {"default": 0.86},
    "partner_count": {"default": 0.7}}})


def _ev(sentence: str) -> Evidence:
    start = BODY.index(sentence)
    return Evidence(start, start + len(sentence), sentence)


def _facts() -> Facts:
    first = BODY[:BODY.index(" Funded")]
    return confidence.apply(Facts(
        title="Ghana workshop", published=date(2024, 4, 5), language="en", body=BODY,
        events=[EventFact("workshop", "Integrity workshop", PartialDate(date(2024, 4, 2)),
                          PartialDate(date(2024, 4, 4)), "Accra", "GHA", False, _ev(first),
                          rule="title")],
        administrations=[AdministrationFact("GHA", ["host", "partner"], "Ghana Revenue Authority",
                                            _ev(first)),
                         AdministrationFact("KEN", ["partner"], "Kenya", _ev(first))],
        partner_count=PartnerCountFact(30, _ev("30 partners so far.")),
        funders=[FunderFact("sida", "Sida", _ev("Funded by Sida."))],
        people=[PersonFact("Esi Mensah", None, None, _ev("Ms Esi Mensah opened it."))],
        themes=[ThemeFact("code-of-conduct", _ev(first))],
    ), TABLE)


@pytest.fixture
def client(db_session: Session) -> Iterator[TestClient]:
    facts = _facts()
    Loader(db_session).store(RawDocument("articles/gha.txt", BODY, content_hash(BODY),
                                         len(BODY)), facts)
    with api_client(db_session) as c:
        yield c


def test_events_serve_the_confidence_of_the_event_and_of_each_fact(
        client: TestClient, db_session: Session) -> None:
    (event,) = client.get("/v1/events").json()["data"]
    assert event["confidence"] == pytest.approx(0.83)
    ghana, kenya = sorted(event["administrations"], key=lambda a: a["country_code"])
    assert ghana["confidence"] == pytest.approx(0.98)
    assert ghana["role_confidence"] == pytest.approx({"host": 0.8, "partner": 0.72})
    assert kenya["role_confidence"] == pytest.approx({"partner": 0.72})
    assert [f["confidence"] for f in event["funders"]] == [pytest.approx(0.96)]
    assert [t["confidence"] for t in event["themes"]] == [pytest.approx(0.86)]
    assert [p["confidence"] for p in event["people"]] == [pytest.approx(0.88)]
    detail = client.get(f"/v1/events/{event['id']}").json()
    assert detail["confidence"] == pytest.approx(0.83)
    rows = list(csv.DictReader(io.StringIO(
        client.get("/v1/events", params={"format": "csv"}).text)))
    assert rows[0]["confidence"] == "0.83"


def test_a_document_serves_the_confidence_of_every_fact(
        client: TestClient, db_session: Session) -> None:
    doc_id = db_session.scalar(select(Document.id))
    body = client.get(f"/v1/documents/{doc_id}").json()
    assert [e["confidence"] for e in body["events"]] == [pytest.approx(0.83)]
    administrations = body["administrations"]
    assert {(a["country"], a["role"]): a["role_confidence"] for a in administrations} == (
        pytest.approx({("GHA", "host"): 0.8, ("GHA", "partner"): 0.72,
                       ("KEN", "partner"): 0.72}))
    assert [a["confidence"] for a in administrations] == [pytest.approx(0.98)] * 3
    assert [f["confidence"] for f in body["funders"]] == [pytest.approx(0.96)]
    assert [t["confidence"] for t in body["themes"]] == [pytest.approx(0.86)]
    assert [p["confidence"] for p in body["people"]] == [pytest.approx(0.88)]
    assert body["partner_count"]["confidence"] == pytest.approx(0.7)


def test_confidence_is_described_in_the_openapi_schema(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    for name in ("EventOut", "EventAdministration", "EventFunder", "EventTheme", "EventPerson",
                 "DocumentEvent", "DocumentAdministration", "DocumentFunder", "DocumentTheme",
                 "DocumentPerson", "PartnerCount"):
        field = schemas[name]["properties"]["confidence"]
        assert "probability" in field["description"], name
    assert "role_confidence" in schemas["EventAdministration"]["properties"]

"""/v1/documents and /v1/documents/{id}: pagination, filters, every fact with evidence whose
offsets point at its sentence in the body, 404 and 422 problems."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Document, Evidence
from tests.api.client import api_client
from tests.api.test_reference import is_problem, walk
from tests.factories import make_document, make_event
from tests.query.world import World, build_world

BODY = ("Mali Customs took part as host. Senegal Customs took part as partner.\n\n"
        "Funded by norad. About transparency. Jane Doe spoke. Ceci est un résumé.")


@pytest.fixture
def client(db_session: Session) -> Iterator[TestClient]:
    with api_client(db_session) as c:
        yield c


@pytest.fixture
def world(db_session: Session) -> World:
    return build_world(db_session)


def test_document_detail_has_every_fact_with_evidence_offsets_into_the_body(
    client: TestClient, db_session: Session
) -> None:
    doc = make_document(db_session, title="Évaluation", body=BODY, published=date(2025, 2, 3),
                        administrations=[("MLI", "host"), ("SEN", "partner")],
                        funders=["norad"], themes=["transparency"],
                        people=[("Jane Doe", "Director", "Mali Customs")], evidence=True)
    sentence = "Ceci est un résumé."
    start = BODY.index(sentence)
    ev = Evidence(document_id=doc.id, kind="event", char_start=start,
                  char_end=start + len(sentence), sentence=sentence)
    db_session.add(ev)
    db_session.flush()
    event = make_event(db_session, doc, start=date(2025, 2, 1), country_code="MLI",
                       city="Bamako", evidence_id=ev.id)

    response = client.get(f"/v1/documents/{doc.id}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["body"] == BODY and body["title"] == "Évaluation"
    assert body["event_count"] == 1
    assert [(a["country"], a["role"]) for a in body["administrations"]] == [
        ("MLI", "host"), ("SEN", "partner")]
    assert [f["slug"] for f in body["funders"]] == ["norad"]
    assert [t["slug"] for t in body["themes"]] == ["transparency"]
    assert [(p["name"], p["title"], p["organization"]) for p in body["people"]] == [
        ("Jane Doe", "Director", "Mali Customs")]
    assert body["events"][0]["id"] == event.public_id
    assert body["events"][0]["country"] == "MLI" and body["events"][0]["start"] == "2025-02-01"
    facts = [*body["events"], *body["administrations"], *body["funders"], *body["themes"],
             *body["people"]]
    assert len(facts) == 6
    for fact in facts:
        evidence = fact["evidence"]
        assert evidence is not None
        assert BODY[evidence["char_start"]:evidence["char_end"]] == evidence["sentence"]
    assert body["events"][0]["evidence"]["sentence"] == sentence  # offsets past "é"


def test_unknown_document_is_404_and_bad_id_422(client: TestClient) -> None:
    is_problem(client.get("/v1/documents/987654"), 404)
    for bad in ("abc", "0", "-3", "99999999999999999999"):
        is_problem(client.get(f"/v1/documents/{bad}"), 422)


def test_documents_walk_newest_first_with_event_counts(
    client: TestClient, world: World, db_session: Session
) -> None:
    items = walk(client, "/v1/documents?limit=1")
    ids = [d["id"] for d in items]
    assert ids == sorted(ids, reverse=True)
    assert len(ids) == db_session.scalar(select(func.count()).select_from(Document))
    counts = {d["id"]: d["event_count"] for d in items}
    assert (counts[world.doc1.id], counts[world.doc2.id], counts[world.doc3.id]) == (2, 1, 0)
    assert "body" not in items[0]


def test_documents_language_and_date_filters(client: TestClient, world: World) -> None:
    def ids(**params: str) -> set[int]:
        return {d["id"] for d in walk(client, "/v1/documents?" + "&".join(
            f"{k}={v}" for k, v in params.items()))}

    assert ids(language="fr") == {world.doc3.id}
    assert ids(published_from="2024-01-01", published_to="2024-12-31") == {world.doc1.id}
    assert world.doc2.id in ids(published_from="2025-06-10")
    assert world.doc2.id not in ids(published_to="2025-06-09")


@pytest.mark.parametrize("params", [
    {"published_from": "2025-13-01"}, {"published_from": "1700000000"},
    {"limit": "500"}, {"language": "x\x00"}, {"cursor": "%%%"},
])
def test_documents_bad_parameters_are_422(client: TestClient, params: dict[str, str]) -> None:
    is_problem(client.get("/v1/documents", params=params), 422)


def test_documents_cursor_not_issued_is_400(client: TestClient) -> None:
    is_problem(client.get("/v1/documents", params={"cursor": "bm90LWEtY3Vyc29y"}), 400)


def test_documents_empty_range_and_empty_cursor_are_answered(client: TestClient) -> None:
    empty = client.get("/v1/documents", params={"published_from": "2025-02-01",
                                                "published_to": "2025-01-01"})
    assert empty.status_code == 200 and empty.json()["data"] == []
    first = client.get("/v1/documents", params={"cursor": ""})
    assert first.status_code == 200
    assert first.json()["data"] == client.get("/v1/documents").json()["data"]

"""Corrections survive re-ingestion: a changed article goes through the real pipeline (read,
extract, load) and its events' corrections are applied again on top; a correction whose
event is no longer extracted is kept, listed as orphaned, and comes back when it does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.curation.keys import create_key
from app.ingest import pipeline
from app.models import Event
from tests.api.client import api_client

ARTICLE = ("Workshop in Lome\n\n02 July 2024\n\nOn 12 June 2024, Togo Customs hosted a workshop "
           "in Lome with experts from Brazilian Customs.{extra}\n")
NO_EVENT = "Workshop in Lome\n\n02 July 2024\n\nTogo Customs wrote about integrity.\n"


class Desk:
    """An editor at the API, and the article on disk that ingest reads."""

    def __init__(self, session: Session, client: TestClient, key: str, path: Path) -> None:
        self.session, self.client, self.key, self.path = session, client, key, path

    def ingest(self, text: str) -> str:
        self.path.write_text(text, encoding="utf-8")
        summary = pipeline.run([str(self.path)], self.session, max_bytes=100_000)
        [result] = summary.results
        return result.outcome.value

    def event_id(self) -> str:
        public_id = self.session.scalar(select(Event.public_id).where(Event.ordinal == 0)
                                        .order_by(Event.id.desc()))
        assert public_id is not None
        return public_id

    def correct(self, event: str, body: dict[str, Any]) -> dict[str, Any]:
        etag = self.client.get(f"/v1/events/{event}").headers["etag"]
        response = self.client.post(f"/v1/events/{event}/corrections", json=body, headers={
            "Authorization": f"Bearer {self.key}", "If-Match": etag})
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result


@pytest.fixture
def desk(db_session: Session, tmp_path: Path) -> Iterator[Desk]:
    key = create_key(db_session, "amina").key
    with api_client(db_session) as client:
        yield Desk(db_session, client, key, tmp_path / "togo-workshop.txt")


def test_a_changed_article_keeps_its_corrections_applied(desk: Desk) -> None:
    assert desk.ingest(ARTICLE.format(extra="")) == "new"
    event = desk.event_id()
    venue = desk.correct(event, {"action": "set", "venue": {"city": "Accra",
                                                            "country_code": "GHA"},
                                 "reason": "The organisers' report says Accra."})
    added = desk.correct(event, {"action": "add_administration", "country": "GHA",
                                 "role": "partner", "reason": "Attendance list."})
    removed = desk.correct(event, {"action": "remove_administration", "country": "BRA",
                                   "reason": "Brazil only sent a video message."})

    extra = " The participants adopted an integrity action plan."
    assert desk.ingest(ARTICLE.format(extra=extra)) == "updated"

    assert desk.event_id() == event  # the same public id
    shown = desk.client.get(f"/v1/events/{event}").json()
    assert (shown["venue"]["city"], shown["venue"]["country_code"]) == ("Accra", "GHA")
    assert shown["curation"]["venue"]["correction_id"] == venue["id"]
    countries = {a["country_code"]: a for a in shown["administrations"]}
    assert countries["GHA"]["curated"] and countries["GHA"]["correction_id"] == added["id"]
    assert "BRA" not in countries
    assert countries["TGO"]["roles"] == ["host", "partner"] and not countries["TGO"]["curated"]
    row = desk.session.scalar(select(Event).where(Event.public_id == event))
    assert row is not None and row.extracted == {"city": "Lome", "country_code": "TGO"}
    log = desk.client.get("/v1/corrections", params={"event": event}).json()
    assert {c["id"]: c["state"] for c in log["data"]} == {
        venue["id"]: "active", added["id"]: "active", removed["id"]: "active"}
    venue_filter = desk.client.get("/v1/events", params={"country": "GHA",
                                                        "country_role": "venue"}).json()
    assert event in [e["id"] for e in venue_filter["data"]]


def test_a_correction_whose_event_is_gone_is_orphaned_and_comes_back_with_it(
        desk: Desk) -> None:
    desk.ingest(ARTICLE.format(extra=""))
    event = desk.event_id()
    correction = desk.correct(event, {"action": "set", "name": "Integrity workshop",
                                      "reason": "Its title in the programme."})

    assert desk.ingest(NO_EVENT) == "updated"
    orphaned = desk.client.get("/v1/corrections", params={"state": "orphaned"}).json()
    assert [c["id"] for c in orphaned["data"]] == [correction["id"]]
    # its id is retired (every report of it is gone): 410, never a 404 for an id once seen
    assert desk.client.get(f"/v1/events/{event}").status_code == 410

    desk.ingest(ARTICLE.format(extra=" Again."))
    assert desk.client.get(f"/v1/events/{event}").json()["name"] == "Integrity workshop"
    assert desk.client.get(f"/v1/corrections/{correction['id']}").json()["state"] == "active"


def test_a_rejected_event_stays_hidden_after_re_ingestion(desk: Desk) -> None:
    desk.ingest(ARTICLE.format(extra=""))
    event = desk.event_id()
    desk.correct(event, {"action": "reject", "reason": "A reference to an older workshop."})
    desk.ingest(ARTICLE.format(extra=" Changed."))
    assert desk.client.get(f"/v1/events/{event}").status_code == 410
    assert desk.session.scalar(select(Event.id).where(Event.public_id == event)) is None


def test_an_added_event_is_written_again_while_its_sentence_stands(desk: Desk) -> None:
    desk.ingest(ARTICLE.format(extra=" A follow-up meeting was held in Accra in May 2025."))
    document_id = desk.session.scalar(select(Event.document_id).where(
        Event.public_id == desk.event_id()))
    response = desk.client.post("/v1/events", headers={"Authorization": f"Bearer {desk.key}"},
                                json={"document_id": document_id, "reason": "Missed.",
                                      "evidence": {"sentence": "A follow-up meeting was held "
                                                               "in Accra in May 2025."},
                                      "type": "meeting", "start": "2025-05",
                                      "venue": {"city": "Accra", "country_code": "GH"}})
    assert response.status_code == 201, response.text
    added = response.json()["event_id"]
    desk.ingest(ARTICLE.format(extra=" Moved. A follow-up meeting was held in Accra in May "
                                     "2025."))
    shown = desk.client.get(f"/v1/events/{added}").json()
    assert (shown["type"], shown["start"]) == ("meeting", "2025-05")
    desk.ingest(ARTICLE.format(extra=""))
    assert desk.client.get(f"/v1/events/{added}").status_code == 404
    orphaned = desk.client.get("/v1/corrections", params={"state": "orphaned"}).json()
    assert [c["event_id"] for c in orphaned["data"]] == [added]

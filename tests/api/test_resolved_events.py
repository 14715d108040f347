"""/v1/events over resolved events: one event per activity with its reports, 301 for an id
merged into an older one, 410 for a retired one, counts that count each activity once."""

from __future__ import annotations

import csv
import io
from datetime import date

from sqlalchemy.orm import Session

from app.ingest.extract.facts import Facts
from app.ingest.resolution_store import event_public_id
from tests.api.client import api_client
from tests.resolved_articles import OTHER, SAME, facts_of, store


def _id(source: str) -> str:
    return event_public_id(source, 0)


def test_an_activity_reported_three_times_is_listed_and_counted_once(
        db_session: Session) -> None:
    store(db_session, {**SAME, **OTHER}, [*SAME, *OTHER])
    with api_client(db_session) as client:
        listed = client.get("/v1/events").json()
        assert listed["meta"]["total"] == 2
        ghana = next(e for e in listed["data"] if e["venue"]["country_code"] == "GHA")
        assert ghana["id"] == _id("news/wco.txt")
        assert [r["id"] for r in ghana["reports"]] == [_id(s) for s in SAME]
        assert {a["country_code"] for a in ghana["administrations"]} == {"GHA", "NGA"}
        assert {t["slug"] for t in ghana["themes"]} == {"training", "code-of-conduct"}
        assert client.get("/v1/events?country=GH").json()["meta"]["total"] == 1
        facet = client.get("/v1/events/facets?facets=country").json()["facets"][0]["values"]
        assert {v["value"]: v["count"] for v in facet} == {"GHA": 1, "PER": 1}  # venues
        assert client.get("/v1/events?country=NG").json()["meta"]["total"] == 1
        timeline = client.get("/v1/events/timeline?interval=year").json()
        assert sum(p["count"] for p in timeline["periods"]) == 2
        detail = client.get(f"/v1/events/{_id('news/wco.txt')}").json()
        assert [r["evidence"]["sentence"] for r in detail["reports"]] == [
            facts.events[0].name for facts in SAME.values()]
        assert detail["sources"]["end"] == [_id("news/wco.txt"), _id("news/gra.txt")]
        document = client.get(f"/v1/documents/{detail['reports'][1]['document_id']}").json()
        assert [e["event"] for e in document["events"]] == [_id("news/wco.txt")]
        rows = list(csv.DictReader(io.StringIO(client.get("/v1/events?format=csv").text)))
        assert sorted(r["report_count"] for r in rows) == ["1", "3"]


def test_a_report_id_answers_301_to_its_event_and_a_retired_id_410(
        db_session: Session) -> None:
    store(db_session, {**SAME, **OTHER}, [*SAME, *OTHER])
    gone: dict[str, Facts] = {"news/peru.txt": facts_of(
        "Regional conference on customs ethics in Lima", None, city=None, country=None,
        kind="other", published=date(2025, 1, 1))}
    gone["news/peru.txt"].events.clear()
    store(db_session, gone, ["news/peru.txt"])
    with api_client(db_session) as client:
        moved = client.get(f"/v1/events/{_id('news/gra.txt')}", follow_redirects=False)
        assert moved.status_code == 301
        assert moved.headers["location"] == f"/v1/events/{_id('news/wco.txt')}"
        assert moved.headers["content-type"] == "application/problem+json"
        assert client.get(f"/v1/events/{_id('news/gra.txt')}").json()["id"] == _id(
            "news/wco.txt")
        retired = client.get(f"/v1/events/{_id('news/peru.txt')}")
        assert retired.status_code == 410 and retired.json()["status"] == 410
        assert client.get("/v1/events/evt_0000000000000000").status_code == 404

"""Corrections on resolved events: they hold when another article's report joins the event
and the resolver rewrites its fields, and fact corrections land on every report's article."""

from __future__ import annotations

from sqlalchemy.orm import Session

from app.curation.keys import create_key
from app.ingest.resolution_store import event_public_id
from tests.api.client import api_client
from tests.resolved_articles import SAME, store

WCO, GRA = "news/wco.txt", "news/gra.txt"


def test_a_corrected_venue_survives_a_report_joining_and_a_removed_theme_stays_removed(
        db_session: Session) -> None:
    store(db_session, SAME, [WCO])
    key = create_key(db_session, "amina", "editor").key
    event = event_public_id(WCO, 0)
    with api_client(db_session) as client:
        def correct(body: dict[str, object]) -> None:
            etag = client.get(f"/v1/events/{event}").headers["etag"]
            response = client.post(f"/v1/events/{event}/corrections", json=body, headers={
                "Authorization": f"Bearer {key}", "If-Match": etag})
            assert response.status_code == 201, response.text

        correct({"action": "set", "venue": {"city": "Kumasi", "country_code": "GHA"},
                 "reason": "The workshop moved to Kumasi."})
        # a second article reports the same workshop (with the Accra venue and another
        # theme): its report joins the event, the resolver rewrites its fields
        store(db_session, SAME, [GRA])
        detail = client.get(f"/v1/events/{event}").json()
        assert [r["id"] for r in detail["reports"]] == [event, event_public_id(GRA, 0)]
        assert detail["venue"]["city"] == "Kumasi"
        assert detail["curation"]["venue"]["curated"] is True
        assert {t["slug"] for t in detail["themes"]} == {"training", "code-of-conduct"}
        # a fact removed from the event is removed from every report's article
        correct({"action": "remove_theme", "theme": "code-of-conduct",
                 "reason": "Not about the code of conduct."})
        detail = client.get(f"/v1/events/{event}").json()
        assert {t["slug"] for t in detail["themes"]} == {"training"}
        assert client.get("/v1/events?theme=code-of-conduct").json()["meta"]["total"] == 0

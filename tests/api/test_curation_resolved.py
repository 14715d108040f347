"""Corrections on resolved events: they hold when another article's report joins the event
and the resolver rewrites its fields, and fact corrections land on every report's article."""

from __future__ import annotations

import copy

from sqlalchemy.orm import Session

from app.curation.keys import create_key
from app.ingest.resolution_store import event_public_id
from tests.api.client import api_client
from tests.resolved_articles import OTHER, SAME, store

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


def _client_correct(client: object, key: str, event: str, body: dict[str, object],
                    expect: int = 201) -> dict[str, object]:
    etag = client.get(f"/v1/events/{event}").headers["etag"]  # type: ignore[attr-defined]
    response = client.post(  # type: ignore[attr-defined]
        f"/v1/events/{event}/corrections", json=body,
        headers={"Authorization": f"Bearer {key}", "If-Match": etag})
    assert response.status_code == expect, response.text
    result: dict[str, object] = response.json()
    return result


def test_an_editor_merges_two_events_and_the_merge_holds_when_an_article_comes_back(
        db_session: Session) -> None:
    peru = next(iter(OTHER))
    store(db_session, {**SAME, **OTHER}, [WCO, peru])
    key = create_key(db_session, "amina", "editor").key
    wco_id, peru_id = event_public_id(WCO, 0), event_public_id(peru, 0)
    with api_client(db_session) as client:
        _client_correct(client, key, peru_id, {"action": "merge", "into": peru_id,
                                               "reason": "itself"}, expect=422)
        _client_correct(client, key, peru_id, {"action": "merge", "into": wco_id,
                                               "reason": "One activity, two venues."})
        assert client.get("/v1/events").json()["meta"]["total"] == 1
        moved = client.get(f"/v1/events/{peru_id}", follow_redirects=False)
        assert (moved.status_code, moved.headers["location"]) == (301, f"/v1/events/{wco_id}")
        reports = [r["id"] for r in client.get(f"/v1/events/{wco_id}").json()["reports"]]
        assert reports == [wco_id, peru_id]
        # the Peru article comes back changed: the resolver makes its event again, the merge
        # is applied again
        changed = {peru: copy.deepcopy(OTHER[peru])}
        changed[peru].title = "Regional conference on customs ethics, Lima (updated)"
        store(db_session, changed, [peru])
        assert client.get("/v1/events").json()["meta"]["total"] == 1
        assert client.get(f"/v1/events/{peru_id}", follow_redirects=False).status_code == 301


def test_an_editor_splits_a_report_out_and_undoing_it_lets_the_resolver_decide(
        db_session: Session) -> None:
    store(db_session, SAME, [WCO, GRA])
    key = create_key(db_session, "amina", "editor").key
    wco_id, gra_id = event_public_id(WCO, 0), event_public_id(GRA, 0)
    with api_client(db_session) as client:
        _client_correct(client, key, wco_id, {"action": "split", "report": wco_id,
                                              "reason": "first"}, expect=422)
        split = _client_correct(client, key, wco_id, {"action": "split", "report": gra_id,
                                                      "reason": "Another workshop."})
        assert client.get("/v1/events").json()["meta"]["total"] == 2
        assert [r["id"] for r in client.get(f"/v1/events/{gra_id}").json()["reports"]] == [
            gra_id]
        # a third article joins the event: the resolver rewrites it, the split holds
        store(db_session, SAME, ["news/press.txt"])
        assert client.get("/v1/events").json()["meta"]["total"] == 2
        undo = client.post(f"/v1/corrections/{split['id']}/undo",
                           json={"reason": "It was the same workshop after all."},
                           headers={"Authorization": f"Bearer {key}"})
        assert undo.status_code == 201, undo.text
        assert client.get("/v1/events").json()["meta"]["total"] == 1


def test_the_review_queue_says_when_another_report_of_the_event_contradicts_a_role(
        db_session: Session) -> None:
    hosted_by_ghana = copy.deepcopy(SAME[WCO])
    hosted_by_ghana.administrations[0].roles = ["host"]  # the WCO article: GHA hosted it
    # the GRA article: GHA a partner
    store(db_session, {WCO: hosted_by_ghana, GRA: SAME[GRA]}, [WCO, GRA])
    with api_client(db_session) as client:
        items = client.get("/v1/review?fact=administration&limit=50").json()["data"]
        hosted = next(i for i in items if i["value"] == "GHA host")
        assert any(w.startswith("contradicted: article") and "GHA as partner" in w
                   for w in hosted["why"])
        partner = next(i for i in items if i["value"] == "GHA partner")
        assert any("GHA as host" in w for w in partner["why"])
        alone = next(i for i in items if i["value"] == "NGA partner")
        assert not any(w.startswith("contradicted") for w in alone["why"])

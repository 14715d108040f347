"""The curation API: keys, corrections with If-Match, the audit log, undo, the review queue.

Every test runs on SQLite and PostgreSQL, in the test's rolled-back session."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.curation.keys import create_key, revoke_key
from app.models import ApiKey, Document, Event
from tests.api.client import api_client
from tests.factories import make_document, make_event

BODY = ("Togo Customs hosted a national integrity workshop in Lomé from 10 to 14 March 2025. "
        "A training on risk management followed in Accra on 12 May 2025. "
        "The workshop was funded by Sida.")


@dataclass
class Setup:
    client: TestClient
    session: Session
    event: str
    document: Document
    editor: str
    other: str
    admin: str

    def headers(self, key: str | None = None, etag: str | None = None) -> dict[str, str]:
        out = {"Authorization": f"Bearer {key or self.editor}"}
        if etag is not None:
            out["If-Match"] = etag
        return out

    def etag(self, event: str | None = None) -> str:
        response = self.client.get(f"/v1/events/{event or self.event}")
        assert response.status_code == 200, response.text
        return response.headers["etag"]

    def correct(self, body: dict[str, Any], *, event: str | None = None,
                key: str | None = None, expect: int = 201) -> dict[str, Any]:
        response = self.client.post(f"/v1/events/{event or self.event}/corrections",
                                    json=body, headers=self.headers(key, self.etag(event)))
        assert response.status_code == expect, response.text
        result: dict[str, Any] = response.json()
        return result


@pytest.fixture
def setup(db_session: Session) -> Iterator[Setup]:
    document = make_document(
        db_session, body=BODY, published=date(2025, 3, 20), funders=["sida"],
        themes=["leadership-commitment"],
        administrations=[("TGO", "host"), ("TGO", "partner")], evidence=True)
    event = make_event(db_session, document, type="workshop", name="Integrity workshop",
                       start=date(2025, 3, 10), end=date(2025, 3, 14), city="Lomé",
                       country_code="TGO")
    keys = [create_key(db_session, name, role).key
            for name, role in (("amina", "editor"), ("kofi", "editor"), ("chief", "admin"))]
    with api_client(db_session) as client:
        yield Setup(client, db_session, event.public_id, document, *keys)


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


# --- keys --------------------------------------------------------------------------------


def test_a_write_without_a_key_is_401_with_a_bearer_challenge(setup: Setup) -> None:
    response = setup.client.post(f"/v1/events/{setup.event}/corrections",
                                 json={"action": "reject", "reason": "made up"})
    problem(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("kind", ["wrong", "unknown-format", "revoked", "expired"])
def test_a_bad_key_is_401_and_the_key_is_never_echoed(setup: Setup, kind: str) -> None:
    key = setup.other
    if kind == "wrong":
        key = setup.editor[:-4] + "AAAA"
    elif kind == "unknown-format":
        key = "not-a-key"
    elif kind == "revoked":
        row = setup.session.scalar(select(ApiKey).where(ApiKey.name == "kofi"))
        assert row is not None
        revoke_key(setup.session, row.id)
    else:
        row = setup.session.scalar(select(ApiKey).where(ApiKey.name == "kofi"))
        assert row is not None
        row.expires_on = date.today() - timedelta(days=1)
        setup.session.flush()
    response = setup.client.post(f"/v1/events/{setup.event}/corrections",
                                 json={"action": "reject", "reason": "made up"},
                                 headers={"Authorization": f"Bearer {key}",
                                          "If-Match": setup.etag()})
    body = problem(response, 401)
    assert key not in response.text
    assert 'error="invalid_token"' in response.headers["www-authenticate"]
    expected = {"wrong": "not valid", "unknown-format": "not valid", "revoked": "revoked",
                "expired": "expired"}[kind]
    assert expected in body["detail"]


def test_only_a_hash_of_the_key_is_stored(setup: Setup) -> None:
    stored = setup.session.scalars(select(ApiKey.key_hash)).all()
    assert setup.editor not in stored
    assert all(len(h) == 64 for h in stored)


def test_repeated_failures_from_one_client_are_slowed_with_429(setup: Setup) -> None:
    limiter_max = setup.client.app.state.settings.auth_max_failures  # type: ignore[attr-defined]
    bad = {"Authorization": "Bearer acip_00000000_" + "x" * 43}
    for _ in range(limiter_max):
        problem(setup.client.post("/v1/corrections/1/undo", json={"reason": "try"},
                                  headers=bad), 401)
    blocked = setup.client.post("/v1/corrections/1/undo", json={"reason": "try"},
                                headers=setup.headers())
    problem(blocked, 429)
    assert int(blocked.headers["retry-after"]) >= 1


def test_reads_need_no_key(setup: Setup) -> None:
    assert setup.client.get(f"/v1/events/{setup.event}").status_code == 200
    assert setup.client.get("/v1/corrections").status_code == 200
    assert setup.client.get("/v1/review").status_code == 200


def test_openapi_declares_the_bearer_scheme_on_write_operations_only(setup: Setup) -> None:
    schema = setup.client.get("/openapi.json").json()
    assert schema["components"]["securitySchemes"]["ApiKey"]["scheme"] == "bearer"
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            secured = bool(operation.get("security"))
            assert secured == (method != "get"), (method, path)
    assert "acip_" not in str(schema["paths"]).replace("acip_<prefix>", "")


# --- If-Match ----------------------------------------------------------------------------


def test_a_write_without_if_match_is_428_and_with_a_stale_etag_412(setup: Setup) -> None:
    url = f"/v1/events/{setup.event}/corrections"
    body = {"action": "set", "name": "National integrity workshop", "reason": "Its title."}
    problem(setup.client.post(url, json=body, headers=setup.headers()), 428)
    stale = setup.etag()
    setup.correct({"action": "set", "online": True, "reason": "It was hybrid."})
    problem(setup.client.post(url, json=body, headers=setup.headers(etag=stale)), 412)
    corrections = setup.client.get("/v1/corrections", params={"event": setup.event}).json()
    assert [c["kind"] for c in corrections["data"]] == ["event.set"]


def test_an_unknown_event_is_404(setup: Setup) -> None:
    response = setup.client.post("/v1/events/evt_nope/corrections",
                                 json={"action": "reject", "reason": "made up"},
                                 headers=setup.headers(etag='W/"x"'))
    problem(response, 404)


# --- corrections -------------------------------------------------------------------------


def test_correcting_the_venue_moves_the_event_in_filters_and_marks_it_curated(
        setup: Setup) -> None:
    correction = setup.correct({"action": "set", "venue": {"city": "Accra",
                                                           "country_code": "gh"},
                                "reason": "The organisers' report says Accra."})
    assert correction["before"] == {"city": "Lomé", "country_code": "TGO"}
    assert correction["after"] == {"city": "Accra", "country_code": "GHA"}
    assert correction["key_name"] == "amina"
    event = setup.client.get(f"/v1/events/{setup.event}").json()
    assert event["venue"]["city"] == "Accra" and event["venue"]["country_code"] == "GHA"
    assert event["curation"]["venue"] == {"curated": True, "correction_id": correction["id"]}
    assert "name" not in event["curation"]
    ids = [e["id"] for e in setup.client.get(
        "/v1/events", params={"country": "GH", "country_role": "venue"}).json()["data"]]
    assert setup.event in ids
    facets = setup.client.get("/v1/events/facets", params={"facet": "country",
                                                           "funder": "sida"}).json()
    assert {"value": "GHA", "label": "Ghana", "count": 1} in facets["facets"][0]["values"]


def test_dates_take_their_precision_from_their_form(setup: Setup) -> None:
    setup.correct({"action": "set", "start": "2025-04", "end": None,
                   "reason": "Only the month is known."})
    event = setup.client.get(f"/v1/events/{setup.event}").json()
    assert (event["start"], event["end"], event["date_precision"]) == ("2025-04", None,
                                                                       "month")


def test_adding_an_administration_shows_it_curated_and_in_the_country_filter(
        setup: Setup) -> None:
    correction = setup.correct({"action": "add_administration", "country": "GHA",
                                "role": "partner", "reason": "Attendance list."})
    event = setup.client.get(f"/v1/events/{setup.event}").json()
    ghana = next(a for a in event["administrations"] if a["country_code"] == "GHA")
    assert ghana["roles"] == ["partner"] and ghana["curated"]
    assert ghana["correction_id"] == correction["id"]
    togo = next(a for a in event["administrations"] if a["country_code"] == "TGO")
    assert not togo["curated"]
    found = setup.client.get("/v1/events", params={"administration": "GH"}).json()
    assert [e["id"] for e in found["data"]] == [setup.event]


def test_removing_a_role_then_undoing_it_restores_the_extracted_row(setup: Setup) -> None:
    removal = setup.correct({"action": "remove_administration", "country": "TGO",
                             "role": "host", "reason": "Togo did not host it."})
    roles = setup.client.get(f"/v1/events/{setup.event}").json()["administrations"][0]["roles"]
    assert roles == ["partner"]
    undo = setup.client.post(f"/v1/corrections/{removal['id']}/undo",
                             json={"reason": "Wrong event."}, headers=setup.headers())
    assert undo.status_code == 201, undo.text
    assert undo.json()["undoes"] == removal["id"]
    event = setup.client.get(f"/v1/events/{setup.event}").json()
    assert sorted(event["administrations"][0]["roles"]) == ["host", "partner"]
    assert any(e["fact"] == "administration" and e["subject"] == "TGO host"
               for e in event["evidence"])
    original = setup.client.get(f"/v1/corrections/{removal['id']}").json()
    assert original["state"] == "undone" and original["undone_by"] == undo.json()["id"]


def test_undoing_a_field_brings_back_the_extractors_value(setup: Setup) -> None:
    first = setup.correct({"action": "set", "name": "A", "reason": "First try."})
    second = setup.correct({"action": "set", "name": "B", "reason": "Second try."})
    setup.client.post(f"/v1/corrections/{second['id']}/undo", json={"reason": "No."},
                      headers=setup.headers())
    event = setup.client.get(f"/v1/events/{setup.event}").json()
    assert event["name"] == "A" and event["curation"]["name"]["correction_id"] == first["id"]
    setup.client.post(f"/v1/corrections/{first['id']}/undo", json={"reason": "No."},
                      headers=setup.headers())
    event = setup.client.get(f"/v1/events/{setup.event}").json()
    assert event["name"] == "Integrity workshop" and "name" not in event["curation"]


def test_an_editor_may_not_undo_another_keys_correction_but_an_admin_may(
        setup: Setup) -> None:
    correction = setup.correct({"action": "add_funder", "funder": "norad",
                                "reason": "Norad grant."})
    url = f"/v1/corrections/{correction['id']}/undo"
    problem(setup.client.post(url, json={"reason": "mine now"},
                              headers=setup.headers(setup.other)), 403)
    response = setup.client.post(url, json={"reason": "cleanup"},
                                 headers=setup.headers(setup.admin))
    assert response.status_code == 201
    problem(setup.client.post(url, json={"reason": "again"},
                              headers=setup.headers(setup.admin)), 409)


def test_rejecting_an_event_hides_it_everywhere_and_undo_brings_it_back(
        setup: Setup) -> None:
    before = setup.client.get("/v1/stats").json()
    rejection = setup.correct({"action": "reject", "reason": "An older workshop."})
    gone = problem(setup.client.get(f"/v1/events/{setup.event}"), 410)
    assert gone["correction_id"] == rejection["id"]
    assert setup.event not in [e["id"] for e in setup.client.get(
        "/v1/events", params={"funder": "sida"}).json()["data"]]
    assert rejection["before"]["public_id"] == setup.event  # kept, not deleted
    after = setup.client.get("/v1/stats").json()
    assert after != before
    problem(setup.client.post(f"/v1/events/{setup.event}/corrections",
                              json={"action": "set", "name": "X", "reason": "too late"},
                              headers=setup.headers(etag="*")), 410)
    setup.client.post(f"/v1/corrections/{rejection['id']}/undo",
                      json={"reason": "It was real."}, headers=setup.headers())
    assert setup.client.get(f"/v1/events/{setup.event}").status_code == 200


def test_adding_a_missed_event_from_a_sentence_of_its_article(setup: Setup) -> None:
    body = {"document_id": setup.document.id, "reason": "The article reports it.",
            "evidence": {"sentence": "A training on risk management followed in Accra on "
                                     "12 May 2025."},
            "type": "training", "name": "Risk management training", "start": "2025-05-12",
            "venue": {"city": "Accra", "country_code": "GHA"}}
    response = setup.client.post("/v1/events", json=body, headers=setup.headers())
    assert response.status_code == 201, response.text
    added = response.json()
    event = setup.client.get(f"/v1/events/{added['event_id']}").json()
    assert (event["type"], event["start"], event["venue"]["city"]) == ("training",
                                                                      "2025-05-12", "Accra")
    assert event["curation"]["event"]["correction_id"] == added["id"]
    assert event["evidence"][0]["sentence"].startswith("A training on risk management")
    assert BODY[event["evidence"][0]["char_start"]:event["evidence"][0]["char_end"]] == \
        event["evidence"][0]["sentence"]
    problem(setup.client.post("/v1/events", json=body, headers=setup.headers()), 409)


def test_confirming_a_fact_marks_it_curated_and_takes_it_off_the_review_queue(
        setup: Setup) -> None:
    queue = setup.client.get("/v1/review", params={"fact": "funder", "limit": 100}).json()
    assert {"slug": "sida"} in [i["key"] for i in queue["data"]]
    item = next(i for i in queue["data"] if i["key"] == {"slug": "sida"})
    assert item["evidence"]["sentence"] == "Funded by sida." and item["events"] == [
        setup.event]
    confirmation = setup.correct({"action": "confirm", "fact": "funder", "funder": "sida",
                                  "reason": "Grant report."})
    funders = setup.client.get(f"/v1/events/{setup.event}").json()["funders"]
    assert funders == [{"slug": "sida", "name": funders[0]["name"], "confidence": None,
                        "curated": True, "correction_id": confirmation["id"]}]
    queue = setup.client.get("/v1/review", params={"fact": "funder", "limit": 100}).json()
    assert {"slug": "sida"} not in [i["key"] for i in queue["data"]]


def test_the_review_queue_lists_lowest_confidence_first_and_pages(setup: Setup) -> None:
    from app.models import DocumentTheme

    theme = setup.session.scalar(select(DocumentTheme).where(
        DocumentTheme.document_id == setup.document.id))
    assert theme is not None
    theme.confidence = 0.01
    setup.session.flush()
    first = setup.client.get("/v1/review", params={"limit": 1,
                                                   "max_confidence": 0.5}).json()
    assert first["data"][0]["key"] == {"slug": "leadership-commitment"}
    assert first["data"][0]["confidence"] == 0.01
    # unknown confidences (every other fact of the factory) count as 1
    assert first["meta"]["total"] == 1
    everything = setup.client.get("/v1/review", params={"limit": 1}).json()
    assert everything["meta"]["total"] >= 4
    second = setup.client.get(everything["links"]["next"]).json()
    assert second["data"][0]["key"] != first["data"][0]["key"]


def test_the_audit_log_filters_by_event_key_state_and_pages(setup: Setup) -> None:
    setup.correct({"action": "add_theme", "theme": "transparency", "reason": "Its topic."})
    setup.correct({"action": "add_funder", "funder": "norad", "reason": "Norad grant."},
                  key=setup.other)
    log = setup.client.get("/v1/corrections", params={"limit": 1}).json()
    assert log["meta"]["total"] == 2 and log["data"][0]["kind"] == "funder.add"
    nxt = setup.client.get(log["links"]["next"]).json()
    assert nxt["data"][0]["kind"] == "theme.add" and nxt["meta"]["next_cursor"] is None
    mine = setup.client.get("/v1/corrections", params={"key": "kofi"}).json()
    assert [c["key_name"] for c in mine["data"]] == ["kofi"]
    assert setup.client.get("/v1/corrections",
                            params={"state": "orphaned"}).json()["data"] == []
    today = date.today().isoformat()
    assert setup.client.get("/v1/corrections", params={"since": today}).json()["meta"][
        "total"] == 2


@pytest.mark.parametrize(("body", "status"), [
    ({"action": "set", "reason": "nothing to set"}, 422),
    ({"action": "set", "start": "2025-02-30", "reason": "bad day"}, 422),
    ({"action": "set", "start": "2025-13", "reason": "bad month"}, 422),
    ({"action": "set", "start": "2025-03-20", "end": "2025-03-01", "reason": "backwards"},
     422),
    ({"action": "set", "venue": {"country_code": "XX"}, "reason": "no such country"}, 422),
    ({"action": "set", "type": None, "reason": "no type"}, 422),
    ({"action": "add_funder", "funder": "nrad", "reason": "typo"}, 422),
    ({"action": "add_administration", "country": "GH", "reason": "no role"}, 422),
    ({"action": "remove_theme", "theme": "transparency", "reason": "not there"}, 422),
    ({"action": "confirm", "fact": "person", "person": {"name": "Nobody Here"},
      "reason": "absent"}, 422),
    ({"action": "set", "name": "x", "reason": "extra", "bogus": 1}, 422),
    ({"action": "explode", "reason": "unknown action"}, 422),
    ({"action": "set", "name": "x"}, 422),
])
def test_a_bad_body_is_a_4xx_problem(setup: Setup, body: dict[str, Any], status: int) -> None:
    response = setup.client.post(f"/v1/events/{setup.event}/corrections", json=body,
                                 headers=setup.headers(etag=setup.etag()))
    problem(response, status)


def test_malformed_json_is_a_422_problem(setup: Setup) -> None:
    response = setup.client.post(f"/v1/events/{setup.event}/corrections",
                                 content=b"{not json", headers={
                                     **setup.headers(etag=setup.etag()),
                                     "Content-Type": "application/json"})
    problem(response, 422)


def test_a_sentence_not_in_the_article_is_422(setup: Setup) -> None:
    response = setup.client.post("/v1/events", headers=setup.headers(), json={
        "document_id": setup.document.id, "reason": "made up sentence",
        "evidence": {"sentence": "Nothing like this is in the article."}, "type": "meeting"})
    problem(response, 422)
    problem(setup.client.post("/v1/events", headers=setup.headers(), json={
        "document_id": 2_000_000_000, "reason": "no document",
        "evidence": {"sentence": "Nothing like this is in the article."},
        "type": "meeting"}), 404)


def test_corrected_values_reach_the_csv_export(setup: Setup) -> None:
    setup.correct({"action": "set", "venue": {"city": "Accra", "country_code": "GHA"},
                   "reason": "Accra."})
    csv = setup.client.get("/v1/events", params={"format": "csv", "funder": "sida"}).text
    assert "Accra" in csv and "Lomé" not in csv


def test_an_events_corrections_survive_in_the_session_of_another_request(
        setup: Setup) -> None:
    """The event row the API serves is the stored one: nothing is computed per request."""
    setup.correct({"action": "set", "online": True, "reason": "Hybrid."})
    row = setup.session.scalar(select(Event).where(Event.public_id == setup.event))
    assert row is not None and row.online is True
    assert row.extracted == {"online": False}


def test_keys_never_reach_the_logs(setup: Setup, caplog: pytest.LogCaptureFixture) -> None:
    import logging

    caplog.set_level(logging.DEBUG)
    wrong = setup.editor[:-4] + "AAAA"
    setup.correct({"action": "set", "online": True, "reason": "Hybrid."})
    setup.client.post(f"/v1/events/{setup.event}/corrections",
                      json={"action": "set", "online": False, "reason": "no"},
                      headers={"Authorization": f"Bearer {wrong}", "If-Match": "*"})
    assert caplog.records
    assert setup.editor not in caplog.text and wrong not in caplog.text
    assert setup.editor[5:13] not in caplog.text  # not even the prefix


def test_adding_a_person_already_named_keeps_the_title_unless_one_is_given(
        setup: Setup) -> None:
    from app.models import DocumentPerson
    from tests.factories import get_person

    person = get_person(setup.session, "Ama Mensah")
    setup.session.add(DocumentPerson(document_id=setup.document.id, person_id=person.id,
                                     title="Commissioner"))
    setup.session.flush()
    setup.correct({"action": "add_person", "person": {"name": "AMA  Mensah"},
                   "reason": "She is right there."})
    people = setup.client.get(f"/v1/events/{setup.event}").json()["people"]
    assert [(p["name"], p["title"], p["curated"]) for p in people] == [
        ("Ama Mensah", "Commissioner", True)]
    setup.correct({"action": "add_person", "person": {"name": "Ama Mensah",
                                                      "title": "Commissioner General"},
                   "reason": "Her full title."})
    people = setup.client.get(f"/v1/events/{setup.event}").json()["people"]
    assert people[0]["title"] == "Commissioner General"


def test_undoing_an_added_event_removes_it(setup: Setup) -> None:
    response = setup.client.post("/v1/events", headers=setup.headers(), json={
        "document_id": setup.document.id, "reason": "The article reports it.",
        "evidence": {"sentence": "A training on risk management followed in Accra on "
                                 "12 May 2025."}, "type": "training"})
    added = response.json()
    assert setup.client.get(f"/v1/events/{added['event_id']}").json()["name"] == "training"
    undo = setup.client.post(f"/v1/corrections/{added['id']}/undo",
                             json={"reason": "Same as the workshop."},
                             headers=setup.headers())
    assert undo.status_code == 201
    problem(setup.client.get(f"/v1/events/{added['event_id']}"), 404)
    assert setup.client.get(f"/v1/events/{setup.event}").status_code == 200


def test_a_nul_character_anywhere_in_a_body_is_a_422(setup: Setup) -> None:
    problem(setup.client.post(f"/v1/events/{setup.event}/corrections", json={
        "action": "set", "venue": {"city": "Ac\x00cra"}, "reason": "nul"},
        headers=setup.headers(etag=setup.etag())), 422)
    problem(setup.client.post("/v1/events", headers=setup.headers(), json={
        "document_id": setup.document.id, "reason": "nul\x00",
        "evidence": {"sentence": "A training on risk management"}, "type": "training"}), 422)
    problem(setup.client.get("/v1/events/evt_%00"), 404)

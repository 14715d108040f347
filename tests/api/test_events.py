"""/v1/events over HTTP, on both backends: envelope, filters, pages, exports, errors, ETag.

The app is built with `create_app(Settings(database_url=...))`; its session dependency is
overridden to use the module's dataset session, whose transaction is rolled back at the end.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from app.api.deps import get_session
from app.core.config import Settings
from app.main import create_app
from app.models import Country
from app.query.filters import clear_vocabulary_cache
from tests.events_dataset import Rec, build, expected_order, matches, regions, theme_children

Data = tuple[TestClient, list[Rec], dict[str, Any]]


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def data(migrated_engine: Engine) -> Iterator[Data]:
    connection = migrated_engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    clear_vocabulary_cache()
    try:
        recs = build(session)
        ctx = {"regions": regions(session), "children": theme_children(session),
               "alpha2": {a2: a3 for a2, a3 in
                          session.execute(select(Country.alpha2, Country.alpha3))}}
        app = create_app(Settings(database_url=_url(migrated_engine)))

        def shared_session() -> Iterator[Session]:
            yield session

        app.dependency_overrides[get_session] = shared_session
        with TestClient(app) as client:
            yield client, recs, ctx
    finally:
        session.close()
        transaction.rollback()
        connection.close()


def ids(response: Any) -> list[str]:
    return [e["id"] for e in response.json()["data"]]


def test_list_is_a_page_envelope(data: Data) -> None:
    client, recs, _ = data
    response = client.get("/v1/events", params={"limit": 3})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"data", "meta", "links"}
    assert body["meta"]["total"] == len(recs) and body["meta"]["limit"] == 3
    assert body["links"]["self"].endswith("/v1/events?limit=3")
    assert "cursor=" in body["links"]["next"]
    event = body["data"][0]
    assert set(event) == {"id", "type", "name", "start", "end", "date_precision", "venue",
                          "online", "confidence", "administrations", "funders", "themes",
                          "people", "document", "reports", "links"}
    assert event["links"]["self"] == f"/v1/events/{event['id']}"


def test_following_next_links_walks_every_event_once(data: Data) -> None:
    client, recs, _ = data
    seen: list[str] = []
    url: str | None = "/v1/events?limit=7&sort=start"
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += ids(response)
        url = response.json()["links"]["next"]
    assert seen == expected_order(recs, "start")


@pytest.mark.parametrize("query, params", [
    ("country=ma,SEN", {"country": ["ma", "SEN"]}),
    ("country=ma&country=SEN&country_role=venue", {"country": ["ma", "SEN"],
                                                   "country_role": "venue"}),
    ("region=west-central-africa&country_role=participant",
     {"region": ["west-central-africa"], "country_role": "participant"}),
    ("theme=cross-cutting&type=workshop,training", {"theme": ["cross-cutting"],
                                                    "type": ["workshop", "training"]}),
    ("funder=sida&online=false", {"funder": ["sida"], "online": False}),
    ("administration=FR", {"administration": ["FR"]}),
    ("date_from=2024-03-10&date_to=2024-09-30", {"date_from": "2024-03-10",
                                                 "date_to": "2024-09-30"}),
    ("published_from=2024-01-01", {"published_from": "2024-01-01"}),
])
def test_filters_over_http_match_the_python_model(data: Data, query: str,
                                                  params: dict[str, Any]) -> None:
    from datetime import date

    client, recs, ctx = data
    typed = {k: date.fromisoformat(v) if k.startswith(("date", "published")) else v
             for k, v in params.items()}
    wanted = [r for r in recs if matches(r, typed, ctx)]
    response = client.get(f"/v1/events?{query}&limit=100")
    assert response.status_code == 200, response.text
    assert ids(response) == expected_order(wanted, "-start")
    assert response.json()["meta"]["total"] == len(wanted)
    assert response.json()["meta"]["description"].startswith("events ")


def test_text_search_is_ranked_and_accent_blind(data: Data) -> None:
    client, recs, ctx = data
    wanted = {r.public_id for r in recs if matches(r, {"q": "integrite"}, ctx)}
    for q in ("intégrité", "INTEGRITE"):
        response = client.get("/v1/events", params={"q": q, "limit": 100})
        assert response.status_code == 200
        assert set(ids(response)) == wanted and wanted
    default = client.get("/v1/events", params={"q": "integrite", "limit": 100})
    ranked = client.get("/v1/events", params={"q": "integrite", "sort": "relevance",
                                              "limit": 100})
    assert ids(default) == ids(ranked)


# --- exports ---------------------------------------------------------------------------------


def test_csv_export_streams_every_match_with_a_header(data: Data) -> None:
    client, recs, _ = data
    response = client.get("/v1/events", params={"format": "csv", "limit": 2})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == expected_order(recs, "-start")
    assert rows[0].keys() >= {"id", "type", "name", "start", "country_code", "themes"}


def test_ndjson_export_by_accept_header(data: Data) -> None:
    client, recs, ctx = data
    response = client.get("/v1/events?country=MAR",
                          headers={"Accept": "application/x-ndjson"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    wanted = [r for r in recs if matches(r, {"country": ["MAR"]}, ctx)]
    assert [e["id"] for e in lines] == expected_order(wanted, "-start")


def test_ics_export_has_one_all_day_event_per_dated_event(data: Data) -> None:
    client, recs, _ = data
    response = client.get("/v1/events", headers={"Accept": "text/calendar"})
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == sum(1 for r in recs if r.sort_date)
    for item in events:
        start, end = item.decoded("dtstart"), item.decoded("dtend")
        assert not hasattr(start, "hour") and end > start  # all-day dates


def test_format_parameter_wins_over_accept(data: Data) -> None:
    client, _, _ = data
    response = client.get("/v1/events?format=csv", headers={"Accept": "text/calendar"})
    assert response.headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize("accept", ["*/*", "application/json", "text/html,*/*;q=0.8", ""])
def test_json_for_generic_accept(data: Data, accept: str) -> None:
    client, _, _ = data
    response = client.get("/v1/events", headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")


# --- errors ----------------------------------------------------------------------------------


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


@pytest.mark.parametrize("query, parameter, suggestion", [
    ("theme=gendr", "theme", "gender-equality-diversity"),
    ("country=XX", "country", None),
    ("funder=sidaa", "funder", "sida"),
    ("limit=0", "limit", None),
    ("limit=101", "limit", None),
    ("date_from=2025-13-01", "date_from", None),
    ("online=maybe", "online", None),
    ("sort=name", "sort", None),
    ("country_role=host", "country_role", None),
    ("q=" + "x" * 600, "q", None),
])
def test_bad_values_are_422_naming_the_parameter(data: Data, query: str, parameter: str,
                                                 suggestion: str | None) -> None:
    body = problem(data[0].get(f"/v1/events?{query}"), 422)
    assert parameter in [e["parameter"] for e in body["errors"]]
    if suggestion:
        assert suggestion in body["errors"][0]["suggestions"]


@pytest.mark.parametrize("cursor", ["garbage", "eyJ9", "e30"])
def test_malformed_cursor_is_400(data: Data, cursor: str) -> None:
    problem(data[0].get("/v1/events", params={"cursor": cursor}), 400)


def test_cursor_of_another_sort_is_400(data: Data) -> None:
    client = data[0]
    cursor = client.get("/v1/events?limit=1").json()["meta"]["next_cursor"]
    problem(client.get("/v1/events", params={"cursor": cursor, "sort": "start"}), 400)


def test_unknown_event_is_404(data: Data) -> None:
    problem(data[0].get("/v1/events/evt_does_not_exist"), 404)


def test_unsupported_accept_is_406(data: Data) -> None:
    problem(data[0].get("/v1/events", headers={"Accept": "application/xml"}), 406)
    problem(data[0].get("/v1/events/facets", headers={"Accept": "text/csv"}), 406)


@pytest.mark.parametrize("query", ["q=%00%00", "q=NEAR(%22x%22%20OR%20*", "q=%F0%9F%99%82",
                                   "colour=blue", "country=%00", "theme=%E2%98%83",
                                   "cursor=" + "A" * 1000])
def test_strange_input_never_500s(data: Data, query: str) -> None:
    assert data[0].get(f"/v1/events?{query}").status_code in (200, 400, 422)


# --- ETag ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/v1/events?limit=5", "/v1/events/facets?facet=type",
                                  "/v1/events/timeline?interval=year"])
def test_etag_and_if_none_match_give_304(data: Data, path: str) -> None:
    client = data[0]
    first = client.get(path)
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get(path, headers={"If-None-Match": 'W/"other"'}).status_code == 200
    other = client.get(path + "&online=true")
    assert other.headers["etag"] != etag


# --- facets, timeline, one event -------------------------------------------------------------


def test_facets_endpoint(data: Data) -> None:
    client, recs, _ = data
    body = client.get("/v1/events/facets?facet=type&facet=online").json()
    assert body["total"] == len(recs)
    assert [f["name"] for f in body["facets"]] == ["type", "online"]
    assert sum(v["count"] for v in body["facets"][1]["values"]) == len(recs)
    problem(client.get("/v1/events/facets?facet=colour"), 422)


def test_timeline_endpoint(data: Data) -> None:
    client, recs, _ = data
    body = client.get("/v1/events/timeline?interval=quarter").json()
    assert sum(p["count"] for p in body["periods"]) + body["undated"] == len(recs)
    problem(client.get("/v1/events/timeline?interval=week"), 422)


def test_one_event_by_id(data: Data) -> None:
    client, recs, _ = data
    response = client.get(f"/v1/events/{recs[0].public_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == recs[0].public_id and isinstance(body["evidence"], list)
    assert response.headers["etag"]


# --- time budget and documentation -----------------------------------------------------------


@pytest.mark.parametrize("path", ["/v1/events", "/v1/events?q=integrity"],
                         ids=["on-the-loop", "on-a-query-thread"])
def test_over_budget_query_is_503(migrated_engine: Engine, backend: str, path: str,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from app.api.v1 import events as router

    slow = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
            "WHERE x < 50000000) SELECT count(*) FROM c" if backend == "sqlite"
            else "SELECT pg_sleep(2)")

    def slow_list(session: Session, *args: Any, **kwargs: Any) -> Any:
        session.execute(text(slow))
        raise AssertionError("the budget should have stopped the query")

    monkeypatch.setattr(router.q, "list_events", slow_list)
    settings = Settings(database_url=_url(migrated_engine), query_timeout_ms=50)
    with TestClient(create_app(settings)) as client:
        body = problem(client.get(path), 503)
    assert body["type"].endswith("/query-timeout")


@pytest.mark.parametrize("path, on_thread", [("/v1/events?country=MLI", False),
                                              ("/v1/events?q=integrity", True),
                                              ("/v1/events/facets?q=integrity", True)])
def test_full_text_runs_on_the_query_threads_on_sqlite(
    migrated_engine: Engine, backend: str, path: str, on_thread: bool,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SQLite steps a full-text match without the GIL: on a query thread the event loop
    serves other requests meanwhile; the short queries stay on the loop (no hop)."""
    import threading

    from app.api.v1 import events as router

    seen: list[str] = []
    for name in ("list_events", "event_facets"):
        original = getattr(router.q, name)

        def spy(*args: Any, _original: Any = original, **kwargs: Any) -> Any:
            seen.append(threading.current_thread().name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(router.q, name, spy)
    settings = Settings(database_url=_url(migrated_engine), query_threads=2)
    with TestClient(create_app(settings)) as client:
        assert client.get(path).status_code == 200
    query_thread = seen[0].startswith("acip-query")
    assert query_thread == (on_thread and backend == "sqlite")


def test_openapi_documents_every_events_parameter_and_error(data: Data) -> None:
    schema = data[0].get("/openapi.json").json()
    paths = {p: item["get"] for p, item in schema["paths"].items()
             if p.startswith("/v1/events") and "get" in item}
    assert set(paths) == {"/v1/events", "/v1/events/facets", "/v1/events/timeline",
                          "/v1/events/{event_id}"}
    for path, operation in paths.items():
        assert operation["summary"] and operation["description"], path
        assert operation["tags"] == ["events"]
        for parameter in operation["parameters"]:
            assert parameter.get("description"), (path, parameter["name"])
        errors = {"422"} if path != "/v1/events/{event_id}" else {"404"}
        assert errors <= set(operation["responses"]), path
        assert "example" in operation["responses"]["200"]["content"]["application/json"]
    params = {p["name"]: p for p in paths["/v1/events"]["parameters"]}
    assert {"country", "country_role", "region", "theme", "funder", "administration", "type",
            "online", "date_from", "date_to", "published_from", "published_to", "q", "sort",
            "limit", "cursor", "format"} <= set(params)
    assert "publication date" in params["date_from"]["description"]
    for name in ("sort", "format", "country_role"):
        assert "enum" in json.dumps(params[name]["schema"]), name
    problem_ref = paths["/v1/events"]["responses"]["422"]["content"]
    assert "Problem" in json.dumps(problem_ref)

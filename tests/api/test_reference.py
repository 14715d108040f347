"""/v1/countries, /v1/regions, /v1/administrations, /v1/funders, /v1/themes, /v1/people:
content checked against the database, 404 and 422 problems, pagination walks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.models import Administration, Country, Region
from tests.api.client import api_client
from tests.query.world import World, build_world, person


@pytest.fixture
def world(db_session: Session) -> World:
    return build_world(db_session)


@pytest.fixture
def client(db_session: Session) -> Iterator[TestClient]:
    with api_client(db_session) as c:
        yield c


def is_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def walk(client: TestClient, url: str) -> list[dict[str, Any]]:
    """Every item of a paginated list, following links.next; checks meta on the way."""
    items: list[dict[str, Any]] = []
    total = None
    next_url: str | None = url
    pages = 0
    while next_url:
        body = client.get(next_url).json()
        total = body["meta"]["total"] if total is None else total
        assert body["meta"]["total"] == total
        items.extend(body["data"])
        next_url = body["links"]["next"]
        assert (next_url is None) == (body["meta"]["next_cursor"] is None)
        pages += 1
        assert pages < 1000
    assert len(items) == total
    return items


# --- countries and regions ---------------------------------------------------------------

def test_countries_lists_every_country_with_codes_names_and_region(
    client: TestClient, db_session: Session
) -> None:
    body = client.get("/v1/countries").json()
    assert body["meta"]["total"] == len(body["data"]) == db_session.scalar(
        select(func.count()).select_from(Country))
    mali = next(c for c in body["data"] if c["alpha3"] == "MLI")
    assert mali == {"alpha2": "ML", "alpha3": "MLI", "numeric": "466", "name_en": "Mali",
                    "name_fr": "Mali", "region": "west-central-africa"}


@pytest.mark.parametrize("q", ["cote", "CÔTE", "ivoire", "CI", "civ", "384"])
def test_countries_q_matches_codes_and_names_ignoring_case_and_accents(
    client: TestClient, q: str
) -> None:
    codes = [c["alpha3"] for c in client.get("/v1/countries", params={"q": q}).json()["data"]]
    assert "CIV" in codes


def test_countries_q_matches_french_names(client: TestClient) -> None:
    codes = [c["alpha3"] for c in client.get("/v1/countries", params={"q": "allemagne"})
             .json()["data"]]
    assert codes == ["DEU"]


def test_countries_region_filter_keeps_only_members(client: TestClient,
                                                   db_session: Session) -> None:
    data = client.get("/v1/countries", params={"region": "europe"}).json()["data"]
    expected = db_session.scalar(select(func.count()).select_from(Country)
                                 .where(Country.region_slug == "europe"))
    assert len(data) == expected and {c["region"] for c in data} == {"europe"}


def test_unknown_region_is_422_with_suggestion(client: TestClient) -> None:
    body = is_problem(client.get("/v1/countries", params={"region": "eurpe"}), 422)
    assert body["errors"][0]["parameter"] == "region"
    assert body["errors"][0]["suggestions"][0] == "europe"


def test_nul_character_in_q_is_422_not_500(client: TestClient) -> None:
    is_problem(client.get("/v1/countries", params={"q": "a\x00b"}), 422)
    is_problem(client.get("/v1/people", params={"q": "a\x00b"}), 422)


def test_regions_have_their_member_counts(client: TestClient, db_session: Session) -> None:
    data = client.get("/v1/regions").json()["data"]
    counts = dict(db_session.execute(select(Country.region_slug, func.count())
                                     .group_by(Country.region_slug)).all())
    assert len(data) == db_session.scalar(select(func.count()).select_from(Region)) == 6
    for region in data:
        assert region["member_count"] == counts[region["slug"]] > 0


# --- administrations ---------------------------------------------------------------------

@pytest.mark.parametrize("code", ["ML", "ml", "MLI", "mli", "Mli", "466"])
def test_administration_by_any_code_has_roles_counts_and_activity_dates(
    client: TestClient, world: World, code: str
) -> None:
    response = client.get(f"/v1/administrations/{code}")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["country"]["alpha3"] == "MLI" and body["name"] == "Mali Customs"
    assert body["document_count"] == 2 and body["event_count"] == 3
    assert body["roles"] == [
        {"role": "partner", "document_count": 1, "event_count": 1},
        {"role": "host", "document_count": 1, "event_count": 2},
    ]
    assert body["first_activity"] == "2024-02-20"
    assert body["last_activity"] == "2025-06-01"


def test_administration_activity_uses_publication_date_of_undated_events(
    client: TestClient, world: World
) -> None:
    body = client.get("/v1/administrations/SEN").json()
    assert body["document_count"] == 2 and body["event_count"] == 2
    assert {r["role"]: (r["document_count"], r["event_count"]) for r in body["roles"]} == {
        "partner": (1, 2), "mentioned": (1, 0)}
    # doc1's undated event sorts on doc1's publication date.
    assert (body["first_activity"], body["last_activity"]) == ("2024-02-20", "2024-03-01")


def test_unknown_country_code_is_404_problem(client: TestClient, world: World) -> None:
    is_problem(client.get("/v1/administrations/ZZ"), 404)
    is_problem(client.get("/v1/administrations/999"), 404)


def test_country_without_administration_is_404_problem(client: TestClient,
                                                        world: World) -> None:
    body = is_problem(client.get("/v1/administrations/NZL"), 404)
    assert "New Zealand" in body["detail"]


@pytest.mark.parametrize("code", ["M", "MALI", "1234", "M1"])
def test_malformed_country_code_is_422_problem(client: TestClient, code: str) -> None:
    is_problem(client.get(f"/v1/administrations/{code}"), 422)


def test_administrations_walk_covers_every_one_once_in_country_order(
    client: TestClient, world: World, db_session: Session
) -> None:
    items = walk(client, "/v1/administrations?limit=2")
    codes = [a["country"]["alpha3"] for a in items]
    assert codes == sorted(codes) and len(set(codes)) == len(codes)
    assert len(items) == db_session.scalar(select(func.count()).select_from(Administration))
    by_code = {a["country"]["alpha3"]: a for a in items}
    assert (by_code["KEN"]["document_count"], by_code["KEN"]["event_count"]) == (1, 1)


def test_administrations_role_region_and_q_filters(client: TestClient, world: World) -> None:
    def codes(**params: str) -> set[str]:
        return {a["country"]["alpha3"] for a in
                client.get("/v1/administrations", params=params).json()["data"]}

    assert codes(role="host") == {"MLI", "KEN"}
    assert codes(role="mentioned") == {"SEN"}
    assert codes(role="host", region="west-central-africa") == {"MLI"}
    assert "KEN" in codes(q="keny")
    assert codes(q="KEN") >= {"KEN"}


def test_administrations_unknown_role_is_422(client: TestClient) -> None:
    body = is_problem(client.get("/v1/administrations", params={"role": "hots"}), 422)
    assert "host" in body["errors"][0]["suggestions"]


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "101"}, {"limit": "x"},
                                    {"cursor": "eyJ4Ijox"}])
def test_bad_limit_is_422_and_bad_cursor_400(client: TestClient,
                                             params: dict[str, str]) -> None:
    response = client.get("/v1/administrations", params=params)
    assert response.status_code in (400, 422)
    is_problem(response, response.status_code)


def test_cursor_of_another_list_is_400(client: TestClient, world: World) -> None:
    cursor = client.get("/v1/people?limit=1").json()["meta"]["next_cursor"]
    assert cursor
    is_problem(client.get("/v1/administrations", params={"cursor": cursor}), 400)
    is_problem(client.get("/v1/administrations", params={"cursor": "not-a-cursor"}), 400)


# --- funders ------------------------------------------------------------------------------

def test_funders_have_document_and_event_counts(client: TestClient, world: World) -> None:
    data = client.get("/v1/funders").json()["data"]
    by_slug = {f["slug"]: f for f in data}
    assert set(by_slug) == {"norad", "canada", "seco", "sida", "fcdo"}
    norad = by_slug["norad"]
    assert (norad["document_count"], norad["event_count"]) == (2, 3)
    assert (norad["first_activity"], norad["last_activity"]) == ("2024-02-20", "2025-06-01")
    assert (by_slug["sida"]["document_count"], by_slug["sida"]["event_count"]) == (1, 1)
    assert by_slug["canada"]["document_count"] == 0
    assert data[0]["slug"] == "norad"  # most documents first
    assert "Norad" in norad["aliases"]["en"]


def test_funder_by_slug_and_unknown_slug_404_with_suggestion(client: TestClient,
                                                             world: World) -> None:
    assert client.get("/v1/funders/sida").json()["event_count"] == 1
    body = is_problem(client.get("/v1/funders/norda"), 404)
    assert body["suggestions"][0] == "norad"


# --- themes -------------------------------------------------------------------------------

def test_themes_tree_has_groups_children_and_counts(client: TestClient, world: World) -> None:
    groups = client.get("/v1/themes").json()["data"]
    assert [g["slug"] for g in groups] == ["arusha-key-factors", "cross-cutting"]
    arusha, cross = groups
    assert len(arusha["children"]) == 10 and len(cross["children"]) == 12
    children = {c["slug"]: c for g in groups for c in g["children"]}
    assert (children["transparency"]["document_count"],
            children["transparency"]["event_count"]) == (2, 3)
    assert (children["automation"]["document_count"],
            children["automation"]["event_count"]) == (1, 2)
    assert (children["human-rights"]["document_count"],
            children["human-rights"]["event_count"]) == (1, 0)
    # A group counts each document and event once, whatever number of its themes.
    assert (arusha["document_count"], arusha["event_count"]) == (2, 3)
    assert (cross["document_count"], cross["event_count"]) == (1, 0)


# --- people -------------------------------------------------------------------------------

@pytest.mark.parametrize("q", ["jose", "JOSÉ", "garcia", "García", "e garc"])
def test_people_q_ignores_case_and_accents(client: TestClient, world: World, q: str) -> None:
    data = client.get("/v1/people", params={"q": q}).json()["data"]
    assert [p["name"] for p in data] == ["José García"]


def test_person_has_titles_and_organisations_as_stated(client: TestClient,
                                                        world: World) -> None:
    jose = client.get(f"/v1/people/{world.jose.id}").json()
    assert jose["document_count"] == 2
    assert sorted((t["title"], t["organization"], t["document_count"])
                  for t in jose["titles"]) == [("Commissioner", "WCO", 1),
                                               ("Director General", "Mali Customs", 1)]
    ana = client.get(f"/v1/people/{world.ana.id}").json()
    assert ana["titles"] == [{"title": None, "organization": None, "document_count": 1}]


def test_people_walk_in_name_order(client: TestClient, world: World,
                                   db_session: Session) -> None:
    for name in ["Zoë Ndiaye", "Åsa Berg", "Émile Zola", "Ana Ruiz Díaz", "Bob O'Neil"]:
        person(db_session, name)
    items = walk(client, "/v1/people?limit=2")
    names = [p["name"] for p in items]
    assert len(names) == len(set(names)) == 7
    assert names[0] == "Ana Ruiz" and names[1] == "Ana Ruiz Díaz"


def test_unknown_person_is_404_and_bad_id_422(client: TestClient) -> None:
    is_problem(client.get("/v1/people/999999"), 404)
    is_problem(client.get("/v1/people/abc"), 422)
    is_problem(client.get("/v1/people/0"), 422)

"""The explorer's page and assets as the app serves them (no browser needed), and the world
map's geometry."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path

import pycountry
import pytest
from fastapi.testclient import TestClient

from app.api.explorer import static_directory
from app.core.config import Settings
from app.explorer.geometry import reduce_topology
from app.main import create_app

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path_factory.mktemp('assets') / 'empty.db'}"
    with TestClient(create_app(Settings(database_url=url))) as c:
        yield c


@pytest.mark.parametrize("path", ["/", "/events/evt_3f9a1c2b7d0e4a5b"])
def test_the_page_is_served_at_the_root_and_for_an_event(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/explorer/app.js">' in response.text
    assert client.head(path).status_code == 200


def test_the_page_is_not_in_the_api_schema_and_docs_stay(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and "/events/{event_id}" not in paths
    assert client.get("/docs").status_code == 200


def test_every_asset_the_modules_import_or_the_page_links_is_served(client: TestClient) -> None:
    directory = static_directory()
    page = (directory / "index.html").read_text(encoding="utf-8")
    wanted = set(re.findall(r'(?:href|src)="/explorer/([^"]+)"', page))
    for module in directory.glob("*.js"):
        wanted |= set(re.findall(r'from "\./([^"]+)"', module.read_text(encoding="utf-8")))
        wanted |= set(re.findall(r'"/explorer/([^"]+)"', module.read_text(encoding="utf-8")))
    assert {"app.js", "style.css", "world-110m.json", "map.js", "event.js"} <= wanted
    for name in sorted(wanted):
        response = client.get(f"/explorer/{name}")
        assert response.status_code == 200, name
        assert response.headers["cache-control"] == "no-cache"
        if name.endswith(".js"):
            assert "javascript" in response.headers["content-type"]


def test_no_asset_comes_from_another_host() -> None:
    for path in static_directory().iterdir():
        if path.suffix in (".html", ".js", ".css"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r'(?:src|href)="(?:https?:)?//', text), path.name
            assert "@import" not in text and "url(http" not in text, path.name


def test_the_static_files_are_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["app"]
    for path in static_directory().iterdir():
        relative = path.relative_to(ROOT / "app").as_posix()
        assert any(fnmatch(relative, p) for p in patterns), relative


def test_the_world_map_is_keyed_by_alpha3_without_antarctica() -> None:
    topology = json.loads((static_directory() / "world-110m.json").read_text(encoding="utf-8"))
    assert "Natural Earth" in topology["source"]
    countries = topology["objects"]["countries"]["geometries"]
    ids = [g.get("id") for g in countries]
    assert len(ids) == 176 and "ATA" not in ids
    assert {"MLI", "NER", "FRA", "BRA", "IDN", "CAN"} <= set(ids)
    for code in filter(None, ids):
        assert pycountry.countries.get(alpha_3=code) is not None, code
    assert sum(1 for i in ids if i is None) == 3  # N. Cyprus, Somaliland, Kosovo
    assert (static_directory() / "world-110m.LICENSE.txt").exists()


def test_reducing_a_topology_drops_antarctica_and_unused_arcs() -> None:
    topology = {
        "type": "Topology", "transform": {"scale": [1, 1], "translate": [0, 0]},
        "arcs": [[[0, 0], [1, 0]], [[5, 5], [1, 1]], [[1, 0], [0, 1]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, ~2]], "id": "466", "properties": {"name": "Mali"}},
            {"type": "Polygon", "arcs": [[1]], "id": "010",
             "properties": {"name": "Antarctica"}},
            {"type": "Polygon", "arcs": [[2]], "properties": {"name": "Somaliland"}},
        ]}},
    }
    reduced = reduce_topology(topology)
    geometries = reduced["objects"]["countries"]["geometries"]
    assert [g.get("id") for g in geometries] == ["MLI", None]
    assert reduced["arcs"] == [[[0, 0], [1, 0]], [[1, 0], [0, 1]]]
    assert geometries[0]["arcs"] == [[0, ~1]] and geometries[1]["arcs"] == [[1]]

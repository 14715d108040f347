"""Docs that cannot drift: every operation of the OpenAPI schema has a summary, a
description, tags described for newcomers, an example answer, its error responses with the
Problem model and a description for every parameter; /docs and /redoc work offline."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    url = f"sqlite:///{tmp_path_factory.mktemp('docs') / 'unused.db'}"
    return TestClient(create_app(Settings(database_url=url)))


@pytest.fixture(scope="module")
def schema(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def operations() -> list[tuple[str, str, dict[str, Any]]]:
    app = create_app(Settings(database_url="sqlite:///:memory:"))
    spec = app.openapi()
    return [(path, method, op) for path, item in spec["paths"].items()
            for method, op in item.items() if method in ("get", "post", "put", "delete")]


OPERATIONS = operations()
IDS = [f"{method.upper()} {path}" for path, method, _ in OPERATIONS]


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def test_schema_is_openapi_3_1_with_a_description(schema: dict[str, Any]) -> None:
    assert schema["openapi"].startswith("3.1")
    assert len(schema["info"]["description"]) > 50


def test_the_v1_resources_are_in_the_schema(schema: dict[str, Any]) -> None:
    paths = set(schema["paths"])
    assert {"/v1/countries", "/v1/regions", "/v1/administrations",
            "/v1/administrations/{country}", "/v1/funders", "/v1/funders/{slug}",
            "/v1/themes", "/v1/people", "/v1/people/{person_id}", "/v1/documents",
            "/v1/documents/{document_id}", "/v1/stats"} <= paths


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=IDS)
def test_operation_has_summary_description_and_described_tags(
    schema: dict[str, Any], path: str, method: str, op: dict[str, Any]
) -> None:
    assert op.get("summary"), "no summary"
    assert len(op.get("description", "")) >= 30, "no description (or a too short one)"
    declared = {t["name"]: t.get("description", "") for t in schema.get("tags", [])}
    assert op.get("tags"), "no tag"
    for tag in op["tags"]:
        assert len(declared.get(tag, "")) >= 30, f"tag {tag!r} has no description"


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=IDS)
def test_operation_has_an_example_answer(
    schema: dict[str, Any], path: str, method: str, op: dict[str, Any]
) -> None:
    ok = op["responses"].get("200") or op["responses"].get("201")
    assert ok, "no 200 (or, for a write, 201) response"
    found = any(
        "example" in media or "examples" in media
        or ("schema" in media and resolve(schema, media["schema"]).get("examples"))
        for media in ok.get("content", {}).values()
    )
    assert found, "no example for the 200 (201) response"


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=IDS)
def test_operation_declares_its_errors_as_problems(
    schema: dict[str, Any], path: str, method: str, op: dict[str, Any]
) -> None:
    errors = {code: r for code, r in op["responses"].items() if code[0] in "45"}
    assert errors, "no error response declared"
    if op.get("parameters"):
        assert "422" in errors, "parameters but no 422"
    if "{" in path:
        assert "404" in errors, "a path parameter but no 404"
    for code, response in errors.items():
        content = response.get("content", {})
        assert "application/problem+json" in content, f"{code} is not problem+json"
        problem = content["application/problem+json"].get("schema", {})
        assert problem.get("$ref", "").endswith("/Problem"), f"{code} lacks the Problem model"


@pytest.mark.parametrize(("path", "method", "op"), OPERATIONS, ids=IDS)
def test_every_parameter_is_described(path: str, method: str, op: dict[str, Any]) -> None:
    for parameter in op.get("parameters", []):
        assert len(parameter.get("description", "")) >= 10, (
            f"{parameter['in']} parameter {parameter['name']!r} has no description")


# --- offline docs -----------------------------------------------------------------------

ASSET = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""")
URL_IN_SCRIPT = re.compile(r"""(?:url|spec-url)\s*[:=]\s*["']([^"']+)["']""")


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_docs_pages_use_only_local_assets_that_answer(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    html = response.text
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    assets = ASSET.findall(html) + URL_IN_SCRIPT.findall(html)
    assert assets, "no asset found in the page"
    for url in assets:
        assert url.startswith("/") and not url.startswith("//"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 100, url


def test_swagger_and_redoc_bundles_are_served(client: TestClient) -> None:
    for name, marker in [("swagger-ui-bundle.js", b"SwaggerUIBundle"),
                         ("swagger-ui.css", b".swagger-ui"),
                         ("redoc.standalone.js", b"Redoc")]:
        response = client.get(f"/static/docs/{name}")
        assert response.status_code == 200 and marker in response.content, name
    assert client.get("/docs/oauth2-redirect").status_code == 200


def test_the_readme_points_to_the_offline_docs() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text("utf-8")
    assert "/docs" in readme and "/redoc" in readme

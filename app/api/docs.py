"""Offline API docs: Swagger UI at /docs and ReDoc at /redoc, assets served by the app.

The JavaScript and CSS come from the `fastapi-offline` wheel (swagger-ui-dist and the
ReDoc standalone bundle), mounted under /static/docs, so the pages work with no internet.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from app.api.openapi import publish

STATIC_URL = "/static/docs"
ASSETS = {
    "swagger_js": f"{STATIC_URL}/swagger-ui-bundle.js",
    "swagger_css": f"{STATIC_URL}/swagger-ui.css",
    "redoc_js": f"{STATIC_URL}/redoc.standalone.js",
    "favicon": f"{STATIC_URL}/favicon.png",
}


def static_directory() -> Path:
    return Path(str(files("fastapi_offline") / "static"))


def problems_as_problem_json(spec: dict[str, Any]) -> dict[str, Any]:
    """Error responses declared with the Problem model are documented under
    `application/problem+json` (the media type they are sent with), not `application/json`;
    FastAPI's default 422 (HTTPValidationError) is replaced by the Problem the app sends."""
    problem_ref = "#/components/schemas/Problem"
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for code, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                plain = content.get("application/json", {})
                if code == "422" and str(plain.get("schema", {}).get("$ref", "")).endswith(
                        "/HTTPValidationError"):
                    plain["schema"] = {"$ref": problem_ref}
                    response["description"] = "A parameter has a wrong or unknown value"
                plain = content.get("application/json", {})
                if code[:1] in ("4", "5") and str(plain.get("schema", {}).get("$ref", "")
                                                  ).endswith("/Problem"):
                    content.pop("application/json")
                    content["application/problem+json"] = {
                        **content.get("application/problem+json", {}), **plain}
    schemas = spec.get("components", {}).get("schemas", {})
    if "Problem" in schemas and "HTTPValidationError" not in str(spec.get("paths")):
        schemas.pop("HTTPValidationError", None)
        schemas.pop("ValidationError", None)
    return spec


def install_offline_docs(app: FastAPI) -> None:
    """Mount the assets and the /docs, /docs/oauth2-redirect and /redoc pages, document
    errors as application/problem+json, and publish the document (see openapi.publish).

    The app must be created with docs_url=None and redoc_url=None.
    """
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = publish(problems_as_problem_json(generate()))
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    openapi_url = app.openapi_url or "/openapi.json"
    oauth2_redirect_url = "/docs/oauth2-redirect"
    app.mount(STATIC_URL, StaticFiles(directory=static_directory()), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} — Swagger UI",
            oauth2_redirect_url=oauth2_redirect_url,
            swagger_js_url=ASSETS["swagger_js"],
            swagger_css_url=ASSETS["swagger_css"],
            swagger_favicon_url=ASSETS["favicon"],
        )

    @app.get(oauth2_redirect_url, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title} — ReDoc",
            redoc_js_url=ASSETS["redoc_js"],
            redoc_favicon_url=ASSETS["favicon"],
            with_google_fonts=False,
        )

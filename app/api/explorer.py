"""The explorer, the reference web front-end, at `/` (and `/events/{id}`): one HTML page and
its ES modules, CSS and map geometry from `app/explorer/static/`, mounted at /explorer. The
page reads the public JSON API like any client; nothing here queries the database."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_URL = "/explorer"
# Revalidated on each load (ETag / Last-Modified from StaticFiles: a 304 costs no body), so a
# new release is picked up at once.
CACHE_CONTROL = "no-cache"


def static_directory() -> Path:
    return Path(str(files("app.explorer") / "static"))


class _Assets(StaticFiles):
    async def get_response(self, path: str, scope: Scope):  # type: ignore[no-untyped-def]
        response = await super().get_response(path, scope)
        response.headers.setdefault("Cache-Control", CACHE_CONTROL)
        return response


def install_explorer(app: FastAPI) -> None:
    """Mount the assets at /explorer and serve the page at / and /events/{event_id}."""
    directory = static_directory()
    app.mount(STATIC_URL, _Assets(directory=directory), name="explorer-static")
    page = (directory / "index.html").read_text(encoding="utf-8")

    async def explorer_page() -> HTMLResponse:
        return HTMLResponse(page, headers={"Cache-Control": CACHE_CONTROL})

    app.add_api_route("/", explorer_page, methods=["GET", "HEAD"], include_in_schema=False,
                      summary="The explorer")
    app.add_api_route("/events/{event_id}", explorer_page, methods=["GET", "HEAD"],
                      include_in_schema=False, summary="The explorer: one event")

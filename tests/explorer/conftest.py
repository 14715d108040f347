"""The explorer in a real browser: headless Chromium (Debian's `chromium`, installed by
`make browser`) driven by Playwright, on the app served by uvicorn from a thread on a free
127.0.0.1 port over a temporary SQLite database holding a few fixture articles.

Without a Chromium (or Playwright) the browser tests are skipped with the reason; with
CI=true they fail instead. `ACIP_CHROMIUM` names another Chromium binary. Screenshots are
saved under artifacts/explorer/ (gitignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from typer.testing import CliRunner

from app.cli import app as cli
from app.core.config import Settings
from app.main import create_app
from tests.conftest import FIXTURES, IN_CI

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "explorer"
# The fixture articles the server holds: the seeds and the corpus articles (two pages of events)
ARTICLES = [FIXTURES / "corpus" / "seeds",
            FIXTURES / "corpus" / "articles"]
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _unavailable(reason: str) -> None:
    message = f"no browser for the explorer tests: {reason}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: the browser tests must run, not skip)")
    pytest.skip(message)


def chromium_path() -> str | None:
    if os.environ.get("ACIP_CHROMIUM"):
        return os.environ["ACIP_CHROMIUM"]
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def explorer_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The URL of a fresh SQLite database with the fixture articles."""
    url = f"sqlite:///{tmp_path_factory.mktemp('explorer') / 'explorer.db'}"
    runner = CliRunner()
    for args in (["db", "upgrade"], ["ingest", "--commit-every", "100", *map(str, ARTICLES)]):
        result = runner.invoke(cli, [*args, "--database-url", url])
        assert result.exit_code == 0, result.output
    return url


@pytest.fixture(scope="session")
def explorer_url(explorer_db: str) -> Iterator[str]:
    """The base URL of the app on the fixture database."""
    url = explorer_db
    port = _free_port()
    config = uvicorn.Config(create_app(Settings(database_url=url)), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def api(explorer_url: str) -> Iterator[httpx.Client]:
    """The same server's JSON API, to compare the page with."""
    with httpx.Client(base_url=explorer_url, timeout=10) as client:
        yield client


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[dev]')")
    executable = chromium_path()
    if executable is None:
        _unavailable("Chromium is not installed (`make browser` installs Debian's chromium "
                     "as root; or set ACIP_CHROMIUM)")
    with sync_playwright() as playwright:
        # --no-sandbox: Chromium's sandbox refuses to run as root (CI runs as root)
        instance = playwright.chromium.launch(executable_path=executable,
                                              args=["--no-sandbox"])
        yield instance
        instance.close()


class Console:
    """What the page said on its console: errors fail the test unless expected."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.expected: list[str] = []

    def expect(self, fragment: str) -> None:
        self.expected.append(fragment)

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(f in e for f in self.expected)]


@pytest.fixture
def console() -> Console:
    return Console()


@pytest.fixture
def page(browser: Any, explorer_url: str, console: Console) -> Iterator[Any]:
    """A fresh page at 1366×768; its console must stay free of errors."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, base_url=explorer_url)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    tab.on("console", lambda m: console.errors.append(f"console: {m.text} ({m.location})")
           if m.type == "error" else None)
    tab.on("pageerror", lambda e: console.errors.append(f"page error: {e}"))
    yield tab
    context.close()
    assert console.unexpected() == [], "errors on the browser console"


def wait_ready(tab: Any, view: str = "home") -> None:
    """Until the view has rendered all its parts (app.js sets body[data-ready])."""
    tab.wait_for_function(f"document.body.dataset.ready === {view!r}")


def screenshot(tab: Any, name: str, *, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=full_page)
    return path

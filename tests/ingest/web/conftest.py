"""The local test site and a fast, polite fetcher for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.ingest.web.fetch import Fetcher, Policy
from tests.ingest.web.site import Site, serve

FAST = Policy(user_agent="acip-test/1 (+mailto:test@example.org)", agent_token="acip-test",
              delay_s=0.0, timeout_s=1.0, retries=2, max_wait_s=5.0, backoff_s=0.0)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The local site is reached directly, whatever proxy the environment names."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serve() as running:
        yield running


@pytest.fixture
def web(site: Site) -> Iterator[Site]:
    """The site with its request log and counters cleared."""
    site.clear()
    site.hits.clear()
    yield site


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FAST) as client:
        yield client

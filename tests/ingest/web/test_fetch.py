"""The fetcher against the local site: robots.txt, politeness, retries, redirects, limits,
conditional requests, and a reason of the right kind for every failure."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import httpx
import pytest

from app.ingest.web.fetch import Fetcher, FetchError, Policy, Validators, _classify, retry_after
from tests.ingest.web.conftest import FAST
from tests.ingest.web.site import (
    BUSY,
    DOWN,
    EN,
    FLAKY,
    GONE,
    LAST_MODIFIED,
    OLD,
    PDF,
    PRESS,
    PRIVATE,
    SLOW,
    Site,
)


def failure(fetcher: Fetcher, url: str, **kwargs: object) -> FetchError:
    with pytest.raises(FetchError) as caught:
        fetcher.get(url, **kwargs)  # type: ignore[arg-type]
    return caught.value


def test_a_page_comes_with_its_validators_and_the_user_agent_names_a_contact(
        web: Site, fetcher: Fetcher) -> None:
    fetched = fetcher.get(web.url(EN))
    assert fetched.status == 200 and fetched.content_type == "text/html"
    assert fetched.validators == Validators('"en-v1"', LAST_MODIFIED)
    assert b"Mali Customs hosts" in fetched.content
    (page,) = web.asked(EN)
    assert page.headers["user-agent"] == "acip-test/1 (+mailto:test@example.org)"


def test_robots_txt_is_read_once_per_site_and_its_disallow_honoured(
        web: Site, fetcher: Fetcher) -> None:
    error = failure(fetcher, web.url(PRIVATE))
    assert error.kind == "robots"
    assert "disallowed by" in error.reason and "robots.txt" in error.reason
    fetcher.get(web.url(EN))
    assert web.paths().count("/robots.txt") == 1
    assert PRIVATE not in web.paths()  # never asked


def test_redirects_are_followed_and_the_final_url_kept(web: Site, fetcher: Fetcher) -> None:
    fetched = fetcher.get(web.url(OLD))
    assert fetched.url == web.url(OLD)
    assert fetched.final_url == web.url(EN)
    assert fetched.redirects == [web.url(OLD)]


def test_a_slow_answer_times_out_with_the_reason(web: Site) -> None:
    with Fetcher(replace(FAST, timeout_s=0.3)) as fetcher:
        error = failure(fetcher, web.url(SLOW))
    assert error.kind == "timeout"
    assert "timed out waiting for 127.0.0.1" in error.reason


def test_429_waits_the_retry_after_asked_then_succeeds(web: Site) -> None:
    waits: list[float] = []
    with Fetcher(FAST, sleep=waits.append) as fetcher:
        fetched = fetcher.get(web.url(BUSY))
    assert fetched.status == 200 and fetched.attempts == 2
    assert waits == [1.0]  # Retry-After: 1
    assert fetcher.counters.retries == 1


def test_a_retry_after_longer_than_the_longest_wait_fails_at_once(web: Site) -> None:
    with Fetcher(replace(FAST, max_wait_s=0.5), sleep=lambda _s: None) as fetcher:
        error = failure(fetcher, web.url(BUSY))
    assert error.kind == "http" and error.status == 429
    assert "asks to wait 1 s" in error.reason and "ACIP_FETCH_MAX_WAIT_S" in error.reason
    assert len(web.asked(BUSY)) == 1


def test_5xx_is_retried_a_bounded_number_of_times_with_backoff(web: Site) -> None:
    waits: list[float] = []
    policy = replace(FAST, retries=2, backoff_s=0.25)
    with Fetcher(policy, sleep=waits.append) as fetcher:
        error = failure(fetcher, web.url(DOWN))
        assert fetcher.get(web.url(FLAKY)).status == 200  # one 500, then the page
    assert error.kind == "http" and error.status == 503
    assert error.reason == "HTTP 503 Service Unavailable after 3 attempts"
    assert len(web.asked(DOWN)) == 3
    assert waits[:2] == [0.0, 0.0]  # the site's Retry-After: 0 wins over the backoff
    assert waits[2:] == [0.0]


def test_backoff_doubles_without_retry_after() -> None:
    answers = iter([503, 503, 200])

    def handler(_request: httpx.Request) -> httpx.Response:
        status = next(answers, 200)
        return httpx.Response(status, headers={"Content-Type": "text/html"}, text="<p>x</p>")

    waits: list[float] = []
    policy = replace(FAST, backoff_s=0.5)
    with Fetcher(policy, transport=httpx.MockTransport(handler), sleep=waits.append) as f:
        assert f.get("http://example.test/page").status == 200
    assert waits == [0.5, 1.0]


def test_non_html_content_is_refused_with_its_type(web: Site, fetcher: Fetcher) -> None:
    error = failure(fetcher, web.url(PDF))
    assert (error.kind, error.reason) == ("content_type", "not an HTML page: application/pdf")


def test_4xx_fails_without_retry(web: Site, fetcher: Fetcher) -> None:
    error = failure(fetcher, web.url(GONE))
    assert (error.kind, error.status, error.reason) == ("http", 404, "HTTP 404 Not Found")
    assert len(web.asked(GONE)) == 1


def test_pages_over_the_size_limit_are_refused(web: Site) -> None:
    with Fetcher(replace(FAST, max_bytes=1000)) as fetcher:
        error = failure(fetcher, web.url(EN))
    assert error.kind == "too_large" and "the limit is 1000" in error.reason


def test_conditional_requests_send_the_validators_and_get_304(
        web: Site, fetcher: Fetcher) -> None:
    fetched = fetcher.get(web.url(EN), validators=Validators('"en-v1"', LAST_MODIFIED))
    assert fetched.not_modified and fetched.content == b""
    (page,) = web.asked(EN)
    assert page.headers["if-none-match"] == '"en-v1"'
    assert page.headers["if-modified-since"] == LAST_MODIFIED
    by_date = fetcher.get(web.url(PRESS), validators=Validators(None, LAST_MODIFIED))
    assert by_date.not_modified
    changed = fetcher.get(web.url(EN), validators=Validators('"en-v0"'))
    assert changed.status == 200


def test_one_host_gets_one_request_at_a_time_with_the_delay_between(web: Site) -> None:
    with Fetcher(replace(FAST, delay_s=0.2)) as fetcher:
        for _ in range(3):
            fetcher.get(web.url(EN))
    times = [r.at for r in web.requests]  # robots.txt, then the page three times
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 4 and min(gaps) >= 0.19


def test_robots_crawl_delay_larger_than_ours_wins() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nCrawl-delay: 3\n")
        return httpx.Response(200, headers={"Content-Type": "text/html"}, text="<p>x</p>")

    waits: list[float] = []
    clock = iter(range(100))
    with Fetcher(FAST, transport=httpx.MockTransport(handler), sleep=waits.append,
                 clock=lambda: float(next(clock))) as fetcher:
        fetcher.get("http://example.test/a")
        fetcher.get("http://example.test/b")
    assert waits and waits[-1] == pytest.approx(2.0)  # 3 s asked, 1 s already gone by


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (403, True), (503, False)])
def test_robots_txt_missing_allows_and_failing_disallows(status: int, allowed: bool) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(status)
        return httpx.Response(200, headers={"Content-Type": "text/html"}, text="<p>x</p>")

    with Fetcher(replace(FAST, retries=0), transport=httpx.MockTransport(handler)) as f:
        if allowed:
            assert f.get("http://example.test/a").status == 200
        else:
            error = failure(f, "http://example.test/a")
            assert error.kind == "robots" and "answers HTTP 503" in error.reason


def test_tls_to_a_plain_http_server_is_a_tls_failure(web: Site, fetcher: Fetcher) -> None:
    error = failure(fetcher, web.url(EN).replace("http://", "https://"))
    assert error.kind == "tls"


def test_refused_connection_is_a_connection_failure(fetcher: Fetcher) -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error = failure(fetcher, f"http://127.0.0.1:{port}/page")
    assert error.kind == "connection" and f"cannot connect to 127.0.0.1:{port}" in error.reason


def test_an_unreachable_host_is_tried_once_per_batch(fetcher: Fetcher) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    first = failure(fetcher, f"http://127.0.0.1:{port}/a")
    requests = fetcher.counters.requests
    second = failure(fetcher, f"http://127.0.0.1:{port}/b")
    assert fetcher.counters.requests == requests  # robots.txt failed: not asked again
    assert (first.kind, second.kind) == ("connection", "connection")
    assert second.url.endswith("/b")


def test_dns_errors_are_named_as_such() -> None:
    exc = httpx.ConnectError("[Errno -2] Name or service not known")
    error = _classify("http://no-such-host.invalid/x", exc, 20)
    assert (error.kind, error.reason) == ("dns", "DNS: cannot resolve no-such-host.invalid")


@pytest.mark.parametrize("url", ["ftp://example.org/a", "http:///nohost", "not a url"])
def test_unusable_urls_are_refused_before_any_request(url: str, fetcher: Fetcher) -> None:
    assert failure(fetcher, url).kind == "bad_url"


def test_retry_after_reads_seconds_and_dates() -> None:
    now = datetime(2024, 3, 15, 12, 0, tzinfo=UTC)
    assert retry_after("120", now) == 120.0
    assert retry_after("Fri, 15 Mar 2024 12:00:30 GMT", now) == 30.0
    assert retry_after("Fri, 15 Mar 2024 11:00:00 GMT", now) == 0.0
    assert retry_after("soon", now) is None and retry_after(None, now) is None


def test_policy_reads_the_settings() -> None:
    from app.core.config import Settings

    settings = Settings(crawl_contact="data@example.org", crawl_delay_s=2.5)
    policy = Policy.from_settings(settings)
    assert policy.delay_s == 2.5 and policy.agent_token == "acip"
    assert policy.user_agent == ("acip/0.1 (+data@example.org; open data on the WCO A-CIP "
                                 "Programme)")

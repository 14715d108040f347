"""HTTP for ingest: polite, bounded, and every failure a reason.

- robots.txt is read once per site (protego) and honoured for every URL and redirect hop;
  a robots.txt answering 4xx allows everything, one answering 5xx disallows the site
  (RFC 9309); its Crawl-delay, when larger than ours, is kept;
- one request at a time, and at least `delay_s` between two requests to the same host;
- the User-Agent names the tool and a contact (settings `crawl_user_agent`, `crawl_contact`);
- timeouts per request; 429 and 5xx answers are retried `retries` times, after the
  Retry-After the site asks for (seconds or a date) or an exponential backoff, and a wait
  longer than `max_wait_s` fails the URL instead;
- redirects are followed (at most MAX_REDIRECTS), each hop checked against robots.txt, and
  the final URL kept;
- the body is read up to `max_bytes`; a page must be HTML (text/html, XHTML);
- a conditional request (If-None-Match / If-Modified-Since) answered 304 comes back as such.

Failures are FetchError with a `kind` (dns, tls, timeout, connection, http, robots,
redirect, content_type, too_large, bad_url) and a reason for people.
"""

from __future__ import annotations

import email.utils
import re
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal
from urllib.parse import urljoin

import httpx

from app.ingest.web.urls import BadUrl, host_of, normalise, origin_of

MAX_REDIRECTS = 10
ROBOTS_MAX_BYTES = 512_000  # as Google: the rest of a larger robots.txt is ignored
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_DNS = re.compile(r"name or service not known|nodename nor servname|name resolution|"
                  r"getaddrinfo|no address associated|no such host|Errno -[235]\b", re.I)
_TLS = re.compile(r"\bssl\b|\btls\b|certificate|handshake", re.I)

Want = Literal["html", "any"]
Kind = Literal["dns", "tls", "timeout", "connection", "http", "robots", "redirect",
               "content_type", "too_large", "bad_url", "not_article"]


@dataclass(frozen=True, slots=True)
class Policy:
    """How to behave on the web; `from_settings` reads it from the settings."""

    user_agent: str = "acip/0.1 (open data on the WCO A-CIP Programme)"
    agent_token: str = "acip"  # the name robots.txt groups are matched against
    delay_s: float = 1.0
    timeout_s: float = 20.0
    retries: int = 2
    max_wait_s: float = 60.0
    max_bytes: int = 2_000_000
    backoff_s: float = 1.0  # first retry's wait without Retry-After; doubled each time

    @classmethod
    def from_settings(cls, settings: Any, **overrides: Any) -> Policy:
        values: dict[str, Any] = {
            "user_agent": settings.user_agent,
            "agent_token": settings.crawl_user_agent.split("/")[0].strip() or "acip",
            "delay_s": settings.crawl_delay_s, "timeout_s": settings.fetch_timeout_s,
            "retries": settings.fetch_retries, "max_wait_s": settings.fetch_max_wait_s,
            "max_bytes": settings.max_document_bytes,
        }
        values.update(overrides)
        return cls(**values)


class FetchError(Exception):
    """A URL that could not be fetched as wanted; `reason` is meant for people."""

    def __init__(self, url: str, kind: Kind, reason: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.kind: Kind = kind
        self.reason = reason
        self.status = status


@dataclass(frozen=True, slots=True)
class Validators:
    """What a previous answer said about its version: sent back in a conditional request."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(slots=True)
class Fetched:
    url: str  # as asked (normalised)
    final_url: str  # after redirects
    status: int  # 200 (or another 2xx) or 304
    content: bytes = b""
    content_type: str = ""
    charset: str | None = None
    validators: Validators = field(default_factory=Validators)
    redirects: list[str] = field(default_factory=list)  # the URLs that redirected, in order
    attempts: int = 1  # requests for the last hop (retries included)
    conditional: bool = False  # validators were sent

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(slots=True)
class Counters:
    requests: int = 0
    conditional: int = 0
    not_modified: int = 0
    retries: int = 0
    robots_files: int = 0
    waited_s: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"requests": self.requests, "conditional": self.conditional,
                "not_modified": self.not_modified, "retries": self.retries,
                "robots_files": self.robots_files, "waited_s": round(self.waited_s, 3)}


@dataclass(slots=True)
class _Robots:
    parser: Any | None  # a Protego; None: everything allowed
    disallow_all: str | None = None  # the reason the whole site is off limits
    delay_s: float | None = None
    unreachable: FetchError | None = None  # the site could not be reached for robots.txt


class Fetcher:
    """One HTTP client for a batch; close it (or use it as a context manager)."""

    def __init__(self, policy: Policy, *, transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.policy = policy
        self.sleep = sleep
        self.clock = clock
        self.counters = Counters()
        self._robots: dict[str, _Robots] = {}
        self._last: dict[str, float] = {}  # host -> when its last request ended
        self.client = httpx.Client(
            headers={"User-Agent": policy.user_agent,
                     "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
                     "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(policy.timeout_s), follow_redirects=False,
            transport=transport)  # trust_env: HTTP(S)_PROXY, NO_PROXY, SSL_CERT_FILE

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()

    # --- the one public call -------------------------------------------------------------

    def get(self, url: str, *, want: Want = "html", validators: Validators | None = None,
            max_bytes: int | None = None) -> Fetched:
        """Fetch `url` (following redirects) or raise FetchError."""
        try:
            start = normalise(url)
        except BadUrl as exc:
            raise FetchError(url, "bad_url", str(exc)) from None
        limit = self.policy.max_bytes if max_bytes is None else max_bytes
        conditional = validators.headers() if validators else {}
        current, redirects = start, []
        for _hop in range(MAX_REDIRECTS + 1):
            self._check_robots(current)
            fetched = self._request(current, conditional, want, limit)
            if fetched.status in REDIRECT_STATUSES:
                redirects.append(current)
                target = fetched.final_url
                try:
                    current = normalise(target)
                except BadUrl as exc:
                    raise FetchError(start, "redirect",
                                     f"redirected to an unusable URL: {exc}") from None
                if current in redirects:
                    raise FetchError(start, "redirect", f"redirect loop at {current}")
                continue
            fetched.url, fetched.redirects = start, redirects
            fetched.conditional = bool(conditional)
            return fetched
        raise FetchError(start, "redirect", f"more than {MAX_REDIRECTS} redirects")

    # --- robots.txt ----------------------------------------------------------------------

    def robots_allows(self, url: str) -> bool:
        robots = self._robots_of(url)
        if robots.disallow_all or robots.unreachable is not None:
            return False
        return robots.parser is None or bool(robots.parser.can_fetch(url,
                                                                     self.policy.agent_token))

    def sitemaps_of(self, url: str) -> list[str]:
        """The sitemaps a site's robots.txt lists."""
        robots = self._robots_of(url)
        return list(robots.parser.sitemaps) if robots.parser is not None else []

    def _check_robots(self, url: str) -> None:
        robots = self._robots_of(url)
        if robots.unreachable is not None:  # once per batch: a dead host costs one timeout
            error = robots.unreachable
            raise FetchError(url, error.kind, error.reason, error.status)
        if robots.disallow_all:
            raise FetchError(url, "robots", robots.disallow_all)
        if robots.parser is not None and not robots.parser.can_fetch(url,
                                                                     self.policy.agent_token):
            raise FetchError(url, "robots",
                             f"disallowed by {origin_of(url)}/robots.txt for "
                             f"{self.policy.agent_token}")

    def _robots_of(self, url: str) -> _Robots:
        origin = origin_of(url)
        robots = self._robots.get(origin)
        if robots is None:
            robots = self._robots[origin] = self._read_robots(origin)
        return robots

    def _read_robots(self, origin: str) -> _Robots:
        from protego import Protego

        location = f"{origin}/robots.txt"
        self.counters.robots_files += 1
        try:
            for _hop in range(5):
                fetched = self._request(location, {}, "any", ROBOTS_MAX_BYTES, truncate=True)
                if fetched.status not in REDIRECT_STATUSES:
                    break
                location = fetched.final_url
            else:
                return _Robots(None)  # too many redirects: as if unavailable (allow)
        except FetchError as exc:
            if exc.kind == "http" and exc.status is not None and exc.status < 500:
                return _Robots(None)  # no robots.txt: everything allowed
            if exc.kind == "http":
                return _Robots(None, disallow_all=(
                    f"robots.txt of {origin} answers HTTP {exc.status}: the site is treated "
                    "as disallowed until it answers (RFC 9309)"))
            return _Robots(None, unreachable=exc)  # no answer at all: each URL's failure
        text = fetched.content.decode("utf-8", errors="replace")
        parser = Protego.parse(text)
        delay = parser.crawl_delay(self.policy.agent_token)
        return _Robots(parser, delay_s=float(delay) if delay is not None else None)

    # --- one request, with politeness and retries ----------------------------------------

    def _delay(self, url: str) -> float:
        robots = self._robots.get(origin_of(url))
        delay = self.policy.delay_s
        if robots is not None and robots.delay_s is not None:
            delay = max(delay, min(robots.delay_s, self.policy.max_wait_s))
        return delay

    def _wait_turn(self, url: str) -> None:
        last = self._last.get(host_of(url))
        if last is None:
            return
        remaining = last + self._delay(url) - self.clock()
        if remaining > 0:
            self.counters.waited_s += remaining
            self.sleep(remaining)

    def _request(self, url: str, headers: dict[str, str], want: Want, limit: int,
                 truncate: bool = False) -> Fetched:
        attempt = 0
        while True:
            attempt += 1
            self._wait_turn(url)
            self.counters.requests += 1
            if headers:
                self.counters.conditional += 1
            try:
                with self.client.stream("GET", url, headers=headers) as response:
                    status = response.status_code
                    if status in RETRY_STATUSES and attempt <= self.policy.retries:
                        wait = self._retry_wait(url, response, attempt)
                        self.counters.retries += 1
                    else:
                        return self._answer(url, response, want, limit, truncate, attempt)
            except httpx.HTTPError as exc:
                raise _classify(url, exc, self.policy.timeout_s) from None
            finally:
                self._last[host_of(url)] = self.clock()
            self.counters.waited_s += wait
            self.sleep(wait)

    def _retry_wait(self, url: str, response: httpx.Response, attempt: int) -> float:
        asked = retry_after(response.headers.get("Retry-After"), datetime.now(UTC))
        wait = asked if asked is not None else self.policy.backoff_s * 2 ** (attempt - 1)
        if wait > self.policy.max_wait_s:
            raise FetchError(url, "http", (
                f"HTTP {response.status_code} {response.reason_phrase}: the site asks to "
                f"wait {wait:.0f} s before retrying, more than ACIP_FETCH_MAX_WAIT_S "
                f"({self.policy.max_wait_s:g} s)"), response.status_code)
        return wait

    def _answer(self, url: str, response: httpx.Response, want: Want, limit: int,
                truncate: bool, attempt: int) -> Fetched:
        status = response.status_code
        if status in REDIRECT_STATUSES:
            location = response.headers.get("Location")
            if not location:
                raise FetchError(url, "redirect", f"HTTP {status} without a Location")
            return Fetched(url, urljoin(url, location), status, attempts=attempt)
        if status == 304:
            self.counters.not_modified += 1
            return Fetched(url, url, 304, validators=_validators(response), attempts=attempt)
        if status >= 400 or status < 200:
            tries = f" after {attempt} attempts" if attempt > 1 else ""
            raise FetchError(url, "http", f"HTTP {status} {response.reason_phrase}{tries}",
                             status)
        content_type = response.headers.get("Content-Type", "")
        media = content_type.split(";")[0].strip().lower()
        if want == "html" and media and media not in HTML_TYPES:
            raise FetchError(url, "content_type", f"not an HTML page: {media}", status)
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > limit and not truncate:
            raise FetchError(url, "too_large",
                             f"too large: {int(declared)} bytes, the limit is {limit}", status)
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                if truncate:
                    break
                raise FetchError(url, "too_large", f"too large: more than {limit} bytes",
                                 status)
        content = b"".join(chunks)[:limit] if truncate else b"".join(chunks)
        charset = response.charset_encoding
        return Fetched(url, url, status, content, media, charset, _validators(response),
                       attempts=attempt)


def _validators(response: httpx.Response) -> Validators:
    return Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - now).total_seconds(), 0.0)


def _messages(exc: BaseException) -> str:
    parts, seen = [], set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        parts.append(f"{type(current).__name__}: {current}")
        current = current.__cause__ or current.__context__
    return " | ".join(parts)


def _has_ssl_error(exc: BaseException) -> bool:
    current: BaseException | None = exc
    seen = set()
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLError):
            return True
        current = current.__cause__ or current.__context__
    return False


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _classify(url: str, exc: httpx.HTTPError, timeout_s: float) -> FetchError:
    """An httpx error as a FetchError of the right kind, with a reason for people."""
    host = host_of(url)
    if isinstance(exc, httpx.ConnectTimeout):
        return FetchError(url, "timeout", f"timed out connecting to {host} ({timeout_s:g} s)")
    if isinstance(exc, httpx.TimeoutException):
        return FetchError(url, "timeout",
                          f"timed out waiting for {host} to answer ({timeout_s:g} s)")
    text = _messages(exc)
    if isinstance(exc, httpx.ConnectError):
        if _has_ssl_error(exc) or _TLS.search(text):
            return FetchError(url, "tls", f"TLS failed with {host}: {_first_line(exc)}")
        if _DNS.search(text):
            return FetchError(url, "dns", f"DNS: cannot resolve {host.split(':')[0]}")
        return FetchError(url, "connection", f"cannot connect to {host}: {_first_line(exc)}")
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return FetchError(url, "bad_url", _first_line(exc))
    if isinstance(exc, httpx.DecodingError):
        return FetchError(url, "connection", f"undecodable answer: {_first_line(exc)}")
    return FetchError(url, "connection", f"{type(exc).__name__}: {_first_line(exc)}")

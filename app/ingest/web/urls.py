"""URLs: recognising them among paths, one spelling per page, and `--match` patterns."""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

MAX_URL = 1024  # characters: documents.source_path holds at most this
_URL = re.compile(r"^https?://", re.I)
_ANY_URL = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid)$", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_REGEX_ONLY = re.compile(r"[\^$()|+\\{}]")


class BadUrl(ValueError):
    """Not an http(s) URL we can fetch; the message says why."""


def is_url(argument: str) -> bool:
    return bool(_URL.match(argument.strip()))


def looks_like_url(argument: str) -> bool:
    """`scheme://...`: meant as a URL (an ftp:// one is refused as such, not looked up as
    a file)."""
    return bool(_ANY_URL.match(argument.strip()))


def normalise(url: str) -> str:
    """One spelling per page: scheme and host in lower case, no default port, `/` for an
    empty path, no fragment, no tracking parameters (utm_*, fbclid, gclid)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BadUrl(f"not a valid URL: {exc}") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise BadUrl(f"not an http(s) URL: {url!r}")
    host = (parts.hostname or "").lower()
    if not host:
        raise BadUrl(f"no host in the URL {url!r}")
    if ":" in host:
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username or parts.password:
        raise BadUrl("URLs with a user name or password are not fetched")
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not _TRACKING.match(k)]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    normal = urlunsplit((scheme, netloc, parts.path or "/", query, ""))
    if len(normal) > MAX_URL:
        raise BadUrl(f"URL longer than {MAX_URL} characters")
    return normal


def host_of(url: str) -> str:
    """`host[:port]`: the unit of politeness (one request at a time, a delay between)."""
    return urlsplit(url).netloc.lower()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def matcher(pattern: str | None) -> Callable[[str], bool]:
    """`--match`: a glob matched against the whole URL when the pattern has `*`, `?` or `[`
    and no regular-expression syntax (`^ $ ( ) | + \\ { }`); otherwise a regular expression
    searched in the URL. Raises BadUrl for an invalid regular expression."""
    if not pattern:
        return lambda _url: True
    if any(c in pattern for c in "*?[") and not _REGEX_ONLY.search(pattern):
        return lambda url: fnmatch.fnmatchcase(url, pattern)
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise BadUrl(f"--match {pattern!r} is not a valid regular expression: {exc}") from None
    return lambda url: compiled.search(url) is not None

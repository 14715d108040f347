"""A small web site on 127.0.0.1 for the web-ingest tests: a newsroom with locale copies,
a press site, a magazine, feeds, sitemaps (an index, gzip), robots.txt, redirects, and the
ways real servers fail (slow, 429 with Retry-After, 5xx, 404, PDFs). Every request is
recorded (path and headers) for the tests to look at. Nothing here reaches the internet.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES = Path(__file__).resolve().parents[2] / "fixtures" / "web"

EN = "/en/media/newsroom/2024/march/mali-customs-integrity-workshop.aspx"
FR = "/fr/media/newsroom/2024/march/mali-customs-integrity-workshop.aspx"
ES = "/es/media/newsroom/2024/march/mali-customs-integrity-workshop.aspx"
PRESS = "/press/2024/03/15/togo-customs-officers-trained-on-integrity"
BRIEF = "/magazine/2024/in-brief-ghana-ethiopia"
LISTING = "/en/media/newsroom.aspx"
PRIVATE = "/private/draft-report"
OLD = "/old/mali-workshop"  # moved permanently to EN
PDF = "/documents/annual-report.pdf"
SLOW, BUSY, DOWN, FLAKY, GONE = "/slow", "/busy", "/down", "/flaky", "/gone"
LAST_MODIFIED = formatdate(1710489600, usegmt=True)  # 15 March 2024

Response = tuple[int, dict[str, str], bytes]


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class Site:
    """Routes (path -> handler) and the requests received."""

    routes: dict[str, Callable[[Request], Response]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    base: str = ""
    slow_s: float = 2.0
    hits: dict[str, int] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    def asked(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path == path]

    def clear(self) -> None:
        self.requests.clear()


def _page(name: str, etag: str | None = None, last_modified: str | None = None
          ) -> Callable[[Request], Response]:
    body = (PAGES / name).read_bytes()

    def handle(request: Request) -> Response:
        headers = {"Content-Type": "text/html; charset=utf-8"}
        if etag:
            headers["ETag"] = etag
        if last_modified:
            headers["Last-Modified"] = last_modified
        if etag and request.headers.get("if-none-match") == etag:
            return 304, headers, b""
        if last_modified and not etag and \
                request.headers.get("if-modified-since") == last_modified:
            return 304, headers, b""
        return 200, headers, body

    return handle


def _fixed(body: bytes | str, content_type: str, status: int = 200,
           headers: dict[str, str] | None = None) -> Callable[[Request], Response]:
    data = body.encode() if isinstance(body, str) else body
    return lambda _request: (status, {"Content-Type": content_type, **(headers or {})}, data)


ROBOTS = """# the test site
User-agent: *
Disallow: /private/
Allow: /

Sitemap: {base}/sitemap_index.xml
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>WCO Newsroom</title>
  <link>{base}/en/media/newsroom.aspx</link>
  <description>News from the World Customs Organization</description>
  <atom:link href="{base}/feed.rss" rel="self" type="application/rss+xml"/>
  <item><title>Mali Customs hosts A-CIP integrity workshop</title>
    <link>{base}{en}</link><guid>{base}{en}</guid>
    <pubDate>Thu, 07 Mar 2024 09:00:00 GMT</pubDate></item>
  <item><title>Mali Customs hosts A-CIP integrity workshop (FR)</title>
    <link>{base}{fr}</link><pubDate>Thu, 07 Mar 2024 09:00:00 GMT</pubDate></item>
  <item><title>Togo customs officers trained on integrity</title>
    <link>{base}{press}?utm_source=rss&amp;utm_medium=feed</link>
    <pubDate>Fri, 15 Mar 2024 08:30:00 GMT</pubDate></item>
  <item><title>Draft report</title><link>{base}{private}</link>
    <pubDate>Mon, 18 Mar 2024 08:00:00 GMT</pubDate></item>
  <item><title>Annual report 2023</title><link>{base}{pdf}</link>
    <pubDate>Tue, 19 Mar 2024 08:00:00 GMT</pubDate></item>
  <item><title>Customs in 2019</title><link>{base}/en/media/newsroom/2019/old.aspx</link>
    <pubDate>Mon, 04 Feb 2019 08:00:00 GMT</pubDate></item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>WCO News magazine</title>
  <id>urn:uuid:5c2a9a4e-acip-test</id>
  <updated>2024-05-22T10:00:00Z</updated>
  <link rel="self" href="{base}/atom.xml"/>
  <entry><title>In brief: Ghana and Ethiopia</title>
    <link rel="alternate" type="text/html" href="{brief}"/>
    <id>urn:uuid:brief-1</id><updated>2024-05-22T10:00:00Z</updated></entry>
  <entry><title>Newsroom</title><link href="{base}{listing}"/>
    <id>urn:uuid:listing</id><updated>2024-05-01T10:00:00Z</updated></entry>
</feed>
"""

SITEMAP_INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{base}/sitemaps/news.xml.gz</loc><lastmod>2024-05-22</lastmod></sitemap>
  <sitemap><loc>{base}/sitemaps/pages.xml</loc></sitemap>
</sitemapindex>
"""

NEWS_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url><loc>{base}{en}</loc><lastmod>2024-03-07</lastmod>
    <xhtml:link rel="alternate" hreflang="fr" href="{base}{fr}"/></url>
  <url><loc>{base}{es}</loc><lastmod>2024-03-07</lastmod></url>
  <url><loc>{base}{press}</loc><lastmod>2024-03-16T11:00:00+00:00</lastmod></url>
  <url><loc>{base}{brief}</loc><lastmod>2024-05-22</lastmod></url>
</urlset>
"""

PAGES_SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>{base}{listing}</loc></url>
  <url><loc>{base}/en/about-us.aspx</loc><lastmod>2018-01-01</lastmod></url>
</urlset>
"""


def build(site: Site) -> None:
    base = site.base
    names = {"base": base, "en": EN, "fr": FR, "es": ES, "press": PRESS,
             "brief": BRIEF, "listing": LISTING, "private": PRIVATE, "pdf": PDF}
    xml = "application/xml"
    site.routes.update({
        "/robots.txt": _fixed(ROBOTS.format(**names), "text/plain"),
        EN: _page("newsroom/en.html", etag='"en-v1"', last_modified=LAST_MODIFIED),
        FR: _page("newsroom/fr.html", etag='"fr-v1"'),
        ES: _page("newsroom/es.html", etag='"es-v1"'),
        PRESS: _page("press/togo.html", last_modified=LAST_MODIFIED),
        BRIEF: _page("magazine/in-brief.html", etag='W/"brief-1"'),
        LISTING: _page("newsroom/index.html"),
        PRIVATE: _page("newsroom/en.html"),
        "/en/about-us.aspx": _page("newsroom/index.html"),
        OLD: _fixed("", "text/html", 301, {"Location": EN}),
        PDF: _fixed(b"%PDF-1.7\n%binary", "application/pdf"),
        GONE: _fixed("<h1>Not found</h1>", "text/html", 404),
        DOWN: _fixed("<h1>Service unavailable</h1>", "text/html", 503, {"Retry-After": "0"}),
        "/feed.rss": _fixed(RSS.format(**names), "application/rss+xml; charset=utf-8"),
        "/atom.xml": _fixed(ATOM.format(**names), "application/atom+xml"),
        "/sitemap_index.xml": _fixed(SITEMAP_INDEX.format(**names), xml),
        "/sitemaps/news.xml.gz": _fixed(gzip.compress(NEWS_SITEMAP.format(**names).encode()),
                                        "application/gzip"),
        "/sitemaps/pages.xml": _fixed(PAGES_SITEMAP.format(**names), "text/xml"),
        "/news.html": _fixed(
            f'<html><head><link rel="alternate" type="application/rss+xml" '
            f'href="{base}/feed.rss"></head><body><p>News</p></body></html>', "text/html"),
    })

    def slow(_request: Request) -> Response:
        time.sleep(site.slow_s)
        return 200, {"Content-Type": "text/html"}, (PAGES / "newsroom/en.html").read_bytes()

    def once_then_page(status: int, retry_after: str) -> Callable[[Request], Response]:
        def handle(request: Request) -> Response:
            n = site.hits.get(request.path, 0) + 1
            site.hits[request.path] = n
            if n == 1:
                return status, {"Content-Type": "text/html", "Retry-After": retry_after}, \
                    b"<h1>Try again later</h1>"
            return _page("press/togo.html")(request)

        return handle

    site.routes[SLOW] = slow
    site.routes[BUSY] = once_then_page(429, "1")
    site.routes[FLAKY] = once_then_page(500, "0")


class _Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        path = self.path.split("?", 1)[0]
        request = Request(self.path, {k.lower(): v for k, v in self.headers.items()},
                          time.monotonic())
        self.site.requests.append(request)
        handler = self.site.routes.get(path)
        status, headers, body = handler(request) if handler else \
            (404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>")
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)

    def log_message(self, *_args: object) -> None:
        pass


@contextmanager
def serve() -> Iterator[Site]:
    """The site on 127.0.0.1 (a free port), for the duration of the block."""
    site = Site()
    handler = type("Handler", (_Handler,), {"site": site})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    build(site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()

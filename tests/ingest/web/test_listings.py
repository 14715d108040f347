"""Feeds, sitemaps and the crawl's selection of entries; URLs and --match patterns."""

from __future__ import annotations

import gzip
from datetime import date

import pytest

from app.ingest.web.crawl import Listing, discover, select_entries
from app.ingest.web.feeds import NotAFeed, parse_feed
from app.ingest.web.fetch import Fetcher, FetchError
from app.ingest.web.sitemaps import Entry, NotASitemap, inflate, parse_sitemap
from app.ingest.web.urls import BadUrl, matcher, normalise
from tests.ingest.web.site import BRIEF, EN, ES, FR, LISTING, PDF, PRESS, Site


def test_rss_feed_lists_links_with_their_dates(web: Site, fetcher: Fetcher) -> None:
    listing = discover(fetcher, web.url("/feed.rss"))
    assert (listing.kind, listing.title) == ("feed", "WCO Newsroom")
    assert listing.entries[0] == Entry(web.url(EN), date(2024, 3, 7),
                                       "Mali Customs hosts A-CIP integrity workshop")
    assert len(listing.entries) == 6


def test_atom_feed_lists_relative_links_resolved(web: Site, fetcher: Fetcher) -> None:
    listing = discover(fetcher, web.url("/atom.xml"))
    assert listing.kind == "feed"
    assert [e.url for e in listing.entries] == [web.url(BRIEF), web.url(LISTING)]
    assert listing.entries[0].date == date(2024, 5, 22)


def test_sitemap_index_reads_its_gzip_and_plain_sitemaps(web: Site, fetcher: Fetcher) -> None:
    listing = discover(fetcher, web.url("/sitemap_index.xml"))
    assert listing.kind == "sitemapindex"
    assert listing.files == [web.url("/sitemap_index.xml"), web.url("/sitemaps/news.xml.gz"),
                             web.url("/sitemaps/pages.xml")]
    urls = [e.url for e in listing.entries]
    assert urls[:4] == [web.url(EN), web.url(ES), web.url(PRESS), web.url(BRIEF)]
    assert listing.entries[2].date == date(2024, 3, 16)


def test_a_page_announcing_a_feed_is_followed_to_it(web: Site, fetcher: Fetcher) -> None:
    listing = discover(fetcher, web.url("/news.html"))
    assert listing.kind == "feed" and len(listing.entries) == 6


def test_a_page_without_a_feed_leads_to_the_sitemaps_robots_txt_lists(
        web: Site, fetcher: Fetcher) -> None:
    listing = discover(fetcher, web.url(LISTING))
    assert listing.kind == "sitemapindex"
    assert web.url("/sitemaps/news.xml.gz") in listing.files and len(listing.entries) == 6


def test_a_source_that_is_no_feed_or_sitemap_fails_with_the_reason(
        web: Site, fetcher: Fetcher) -> None:
    with pytest.raises(FetchError, match="not a feed or a sitemap") as caught:
        discover(fetcher, web.url(PDF))
    assert caught.value.kind == "not_article"
    assert "(application/pdf)" in caught.value.reason
    with pytest.raises(FetchError) as missing:
        discover(fetcher, web.url("/no-feed.xml"))
    assert missing.value.status == 404


def test_selection_filters_by_pattern_date_and_limit_and_keeps_each_url_once() -> None:
    listing = Listing("feed", entries=[
        Entry("http://a.test/news/2024/one", date(2024, 3, 1)),
        Entry("http://a.test/news/2024/one?utm_source=rss", date(2024, 3, 1)),
        Entry("http://a.test/news/2023/old", date(2023, 3, 1)),
        Entry("http://a.test/about", None),
        Entry("http://a.test/news/2024/undated", None),
        Entry("http://a.test/news/2024/three", date(2024, 5, 1)),
    ])
    selection = select_entries([listing], match=matcher("*/news/*"), since=date(2024, 1, 1),
                               limit=2)
    assert [e.url for e in selection.entries] == ["http://a.test/news/2024/one",
                                                  "http://a.test/news/2024/undated"]
    assert selection.to_json() == {"listed": 6, "kept": 2, "duplicates": 1,
                                   "not_matching": 1, "before_since": 1, "over_limit": 1}


@pytest.mark.parametrize(("pattern", "url", "matches"), [
    ("*/newsroom/2024/*", "https://w.org/en/newsroom/2024/a.aspx", True),
    ("*/newsroom/2024/*", "https://w.org/en/newsroom/2023/a.aspx", False),
    ("newsroom/20(23|24)/", "https://w.org/en/newsroom/2023/a.aspx", True),
    ("/fr/", "https://w.org/en/newsroom/a.aspx", False),
    (None, "https://w.org/anything", True),
])
def test_match_is_a_glob_or_a_regular_expression(pattern: str | None, url: str,
                                                 matches: bool) -> None:
    assert matcher(pattern)(url) is matches


def test_a_broken_regular_expression_is_refused() -> None:
    with pytest.raises(BadUrl, match="not a valid regular expression"):
        matcher("news/(2024")


@pytest.mark.parametrize(("url", "normal"), [
    ("HTTP://WWW.Example.ORG:80/a#top", "http://www.example.org/a"),
    ("https://example.org", "https://example.org/"),
    ("https://example.org/a?id=3&utm_source=x&fbclid=y", "https://example.org/a?id=3"),
    ("https://example.org:8443/a", "https://example.org:8443/a"),
])
def test_urls_are_spelt_one_way(url: str, normal: str) -> None:
    assert normalise(url) == normal


def test_feed_and_sitemap_parsers_refuse_other_content() -> None:
    with pytest.raises(NotAFeed):
        parse_feed(b"just text", "http://a.test/")
    with pytest.raises(NotASitemap, match="root element is <rss>"):
        parse_sitemap(b"<rss version='2.0'/>", "http://a.test/")
    with pytest.raises(NotASitemap, match="broken gzip"):
        inflate(b"\x1f\x8b\x08garbage")
    assert inflate(gzip.compress(b"<urlset/>")) == b"<urlset/>"


def test_sitemaps_do_not_resolve_external_entities() -> None:
    xxe = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>'
           b'http://a.test/&x;</loc></url></urlset>')
    _kind, entries = parse_sitemap(xxe, "http://a.test/")
    assert all("root:" not in e.url for e in entries)


def test_a_locale_url_of_the_fixture_site_is_listed_in_the_feed(web: Site,
                                                                fetcher: Fetcher) -> None:
    listing = discover(fetcher, web.url("/feed.rss"))
    assert web.url(FR) in [e.url for e in listing.entries]

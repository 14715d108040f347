"""Reading a page: main text and metadata in the shapes real sites use."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources

import pytest

from app.ingest.web.page import read_page
from tests.ingest.web.site import PAGES


def page(name: str, url: str = "http://127.0.0.1/x", hint: date | None = None):  # noqa: ANN201
    return read_page((PAGES / name).read_text("utf-8"), url=url, date_hint=hint)


def test_newsroom_page_gives_headline_metadata_date_and_main_text_only() -> None:
    en = page("newsroom/en.html")
    assert en.title == "Mali Customs hosts A-CIP integrity workshop"
    assert en.published == date(2024, 3, 7)
    assert en.language == "en" and en.site == "World Customs Organization"
    assert en.canonical == ("http://127.0.0.1/en/media/newsroom/2024/march/"
                            "mali-customs-integrity-workshop.aspx")
    text = en.text()
    assert text.startswith("Mali Customs hosts A-CIP integrity workshop\n\n07 March 2024\n\n"
                           "From 4 to 6 March 2024, the General Directorate")
    assert text.count("07 March 2024") == 1  # the page's own date line is not repeated
    for chrome in ("cookies", "Accept all", "About us", "Share this page", "Facebook",
                   "Related news", "Niger Customs launches", "Rue du Marché", "Home"):
        assert chrome not in text, chrome


@pytest.mark.parametrize("copy", ["newsroom/fr.html", "newsroom/es.html"])
def test_a_localised_copy_with_the_not_available_notice_reads_like_the_original(
        copy: str) -> None:
    original, localised = page("newsroom/en.html"), page(copy)
    assert localised.language == copy[9:11]
    assert "disponible" not in localised.text()
    assert localised.text() == original.text()


def test_press_page_keeps_the_caption_and_drops_byline_kicker_ads_and_comments() -> None:
    press = page("press/togo.html")
    assert press.title == "Togo customs officers trained on integrity"
    assert press.published == date(2024, 3, 15)  # datePublished, not dateModified
    assert press.author == "Kofi Mensah" and press.site == "The Lomé Courier"
    assert press.paragraphs[0].startswith("Mr. Philippe Kokou Tchodié, Commissioner General")
    text = press.text()
    assert "LOMÉ — The Togolese Revenue Office (OTR) held" in text
    for chrome in ("BUSINESS", "Staff Reporter", "Share on", "Advertisement", "Read more",
                   "record year", "comments", "long overdue", "Subscribe", "privacy",
                   "cookies"):
        assert chrome not in text, chrome
    assert text.count("Togo customs officers trained on integrity") == 1


def test_a_page_with_no_headline_gets_no_invented_title() -> None:
    related = read_page("<html><body><main><p>" + "Customs officers met in Lomé. " * 10 +
                        "</p><aside><h2>Related news</h2><p>Another story.</p></aside></main>"
                        "</body></html>")
    assert related.title is None and related.paragraphs
    brief = page("magazine/in-brief.html")
    assert brief.title is None and brief.published is None
    assert brief.text().startswith("In brief, from the Secretariat: on 21 May 2024")
    assert "Issues" not in brief.text() and "the magazine of" not in brief.text()


def test_the_feed_date_stands_in_when_the_page_states_none() -> None:
    brief = page("magazine/in-brief.html", hint=date(2024, 5, 22))
    assert brief.published == date(2024, 5, 22)
    assert page("newsroom/en.html", hint=date(2020, 1, 1)).published == date(2024, 3, 7)


def test_a_listing_page_has_no_main_text() -> None:
    assert page("newsroom/index.html").paragraphs == []


def test_the_extractor_reads_the_web_page_as_an_article() -> None:
    from app.ingest.extract import extract

    facts = extract(page("press/togo.html").text())
    assert facts.title == "Togo customs officers trained on integrity"
    assert facts.published == date(2024, 3, 15)
    assert "Philippe Kokou Tchodié" in [p.name for p in facts.people]


def test_every_language_notice_matches_its_example() -> None:
    data = json.loads(resources.files("app.vocab").joinpath("page_notices.json").read_text(
        encoding="utf-8"))
    assert data["source"]
    for notice in data["notices"]:
        assert re.search(notice["pattern"], notice["example"], re.I), notice["example"]


def test_an_article_that_mentions_languages_keeps_its_sentence() -> None:
    html = ("<html><body><article><h1>Languages</h1><p>The guide, available in English and "
            "French, was presented to 40 officers of the customs administrations of the region"
            " during a week of training on integrity and the management of risk at borders, "
            "and it is only available in English for now, the Secretariat said, while a "
            "French version is being prepared for the next session.</p></article></body>"
            "</html>")
    assert "only available in English for now" in read_page(html).text()


def test_a_list_of_partners_stays_one_paragraph_of_lines_the_extractor_reads() -> None:
    from app.ingest.extract import extract

    html = ("<html><body><article><h1>Partners</h1><p>The programme works with these "
            "administrations:</p><ul><li>Kenya</li><li>Uganda</li><li>Zambia</li></ul><p>Each"
            " signed the declaration in 2023 at a meeting in Nairobi, the Secretariat said."
            "</p></article></body></html>")
    text = read_page(html).text()
    assert "administrations:\n\n- Kenya\n- Uganda\n- Zambia\n\nEach" in text
    assert {a.country for a in extract(text).administrations} >= {"KEN", "UGA", "ZMB"}

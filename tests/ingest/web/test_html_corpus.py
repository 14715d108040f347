"""The .html path against the .txt path: corpus articles served as web pages (site chrome
around them: navigation, cookie banner, share buttons, related news, footer) give the
same facts as the text files. Run on every corpus and held-out article by hand (88 of 88
the same when this was written); here on a sample, to keep the suite quick."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from app.ingest.extract import extract
from app.ingest.extract.facts import Facts
from app.ingest.extract.layout import parse_layout
from app.ingest.read import read_bytes

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SAMPLE = sorted((FIXTURES / "corpus" / "articles").glob("*.txt"))[::6] + \
    sorted((FIXTURES / "heldout" / "articles").glob("*.txt"))[1:3]
TOP = ('<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>'
       '<div class="cookie-banner">We use cookies. <button>Accept</button></div>')
BOTTOM = ('<div class="share">Share: <a>Facebook</a> <a>X</a></div><aside class="related">'
          '<h2>Related news</h2><ul><li><a href="/a">Another customs story</a></li></ul>'
          '</aside><footer>© WCO</footer>')


def as_web_page(text: str) -> str:
    layout = parse_layout(text)
    head = '<meta charset="utf-8">'
    if layout.title:
        head += f"<title>{html.escape(layout.title)} | WCO</title>"
    if layout.published:
        head += (f'<meta property="article:published_time" '
                 f'content="{layout.published.isoformat()}">')
    body = [f"<h1>{html.escape(layout.title)}</h1>"] if layout.title else []
    for paragraph in (p for p in layout.body.split("\n\n") if p.strip()):
        lines = paragraph.split("\n")
        if all(line.startswith("- ") for line in lines):
            body.append("<ul>" + "".join(f"<li>{html.escape(line[2:])}</li>" for line in lines)
                        + "</ul>")
        else:
            body.append("<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>")
    return (f'<!doctype html><html lang="en"><head>{head}</head><body>{TOP}<main><article>'
            f'{"".join(body)}</article>{BOTTOM}</main></body></html>')


def facts_key(facts: Facts) -> tuple[object, ...]:
    return (
        facts.title, facts.published, facts.partner_count.value if facts.partner_count else None,
        sorted((a.country, tuple(a.roles)) for a in facts.administrations),
        sorted(f.slug for f in facts.funders), sorted(p.name for p in facts.people),
        sorted(t.slug for t in facts.themes),
        [(e.type, e.start.value if e.start else None, e.end.value if e.end else None, e.city,
          e.country, e.online) for e in facts.events],
    )


@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: p.name)
def test_an_article_served_as_a_web_page_gives_the_same_facts(path: Path) -> None:
    text = read_bytes(path.name, path.read_bytes(), 2_000_000).text
    page = read_bytes(path.stem + ".html", as_web_page(text).encode(), 2_000_000, html=True)
    assert facts_key(extract(page.text)) == facts_key(extract(text))

"""read: bytes -> RawDocument, or a rejection that says why."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from app.ingest.read import Rejected, content_hash, expand, read_bytes, read_path, read_stream

LIMIT = 10_000


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty file"),
    (b"  \n\r\n\t ", "empty file"),
    (b"Title\x00\x00\x01binary\x00", "binary file: contains NUL bytes"),
    (bytes(range(1, 32)) * 20, "binary file: mostly non-text"),
    (bytes(range(128, 256)) * 4, "undecodable"),
    (b"x" * (LIMIT + 1), "too large"),
])
def test_bad_bytes_are_rejected_with_the_reason(data: bytes, reason: str) -> None:
    with pytest.raises(Rejected) as caught:
        read_bytes("a.txt", data, LIMIT)
    assert caught.value.reason.startswith(reason)
    assert caught.value.source == "a.txt"


def test_file_over_the_limit_is_rejected_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 200)
    with pytest.raises(Rejected, match="too large: 200 bytes, the limit is 100"):
        read_path(path, 100)


def test_crlf_and_bom_are_normalised_and_hashed_after_normalising() -> None:
    unix = read_bytes("a.txt", "Title\n\n01 March 2024\n\nBody é.\n".encode(), LIMIT)
    windows = read_bytes("b.txt", "\ufeffTitle\r\n\r\n01 March 2024\r\n\r\nBody é.\r\n"
                         .encode(), LIMIT)
    assert windows.text == unix.text == "Title\n\n01 March 2024\n\nBody é."
    assert windows.content_hash == unix.content_hash == content_hash(unix.text)


def test_latin1_text_is_decoded_by_guessing() -> None:
    doc = read_bytes("a.txt", "La Douane du Mali a organisé un atelier à Bamako, où "
                     "les experts brésiliens ont présenté leurs pratiques.".encode("latin-1"),
                     LIMIT)
    assert "organisé un atelier à Bamako" in doc.text


def test_utf16_with_bom_is_decoded() -> None:
    doc = read_bytes("a.txt", "Title\n\nBody text".encode("utf-16"), LIMIT)
    assert doc.text == "Title\n\nBody text"


def test_html_declared_charset_is_used() -> None:
    page = ('<html><head><meta charset="iso-8859-1"><title>t</title></head><body>'
            '<h1>Atelier à Bamako</h1><p>Les experts ont présenté.</p></body></html>')
    doc = read_bytes("a.html", page.encode("latin-1"), LIMIT, html=True)
    assert doc.text == "Atelier à Bamako\n\nLes experts ont présenté."


HTML_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<title>Mali Customs | WCO News</title>
<script>var p = "<p>script text</p>";</script><style>p { color: red }</style></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<aside><p>Related: another story</p></aside>
<div class="site"><main><article>
<h1>A-CIP Programme: Mali Customs
  focus on the private sector</h1>
<p class="meta"><time datetime="2024-07-02T09:00:00Z">2 July 2024</time></p>
<p>On 12 June, a workshop was
   held in Bamako.</p>
<p>Experts from <b>Brazil</b> shared<br>their experience.</p>
<ul><li>First point</li><li>Second point</li></ul>
</article></main></div>
<footer><p>Copyright WCO</p></footer></body></html>"""


def test_html_article_gives_title_date_and_paragraphs_in_the_seeds_layout() -> None:
    doc = read_bytes("a.html", HTML_PAGE.encode(), LIMIT, html=True)
    assert doc.text == (
        "A-CIP Programme: Mali Customs focus on the private sector\n\n02 July 2024\n\n"
        "On 12 June, a workshop was held in Bamako.\n\n"
        "Experts from Brazil shared\ntheir experience.\n\n- First point\n- Second point"
    )


def test_html_page_gives_the_extractor_its_title_date_and_body() -> None:
    from app.ingest.extract import extract

    facts = extract(read_bytes("a.html", HTML_PAGE.encode(), LIMIT, html=True).text)
    assert facts.title == "A-CIP Programme: Mali Customs focus on the private sector"
    assert str(facts.published) == "2024-07-02"
    assert facts.body.startswith("On 12 June, a workshop was held in Bamako.")
    assert "Copyright" not in facts.body and "script text" not in facts.body


def test_html_without_h1_takes_the_title_element() -> None:
    page = b"<html><head><title>Only a title</title></head><body><p>Body.</p></body></html>"
    assert read_bytes("a.htm", page, LIMIT, html=True).text == "Only a title\n\nBody."


def test_html_with_no_text_is_rejected() -> None:
    with pytest.raises(Rejected, match="not an article: no main text in the page"):
        read_bytes("a.html", b"<html><body><script>x()</script></body></html>", LIMIT,
                   html=True)


def test_stdin_html_is_recognised_and_named_by_its_hash() -> None:
    doc = read_stream(io.BytesIO(HTML_PAGE.encode()), LIMIT)
    assert doc.source == f"stdin:{doc.content_hash[:16]}"
    assert doc.text.startswith("A-CIP Programme: Mali Customs focus")


def test_directories_expand_recursively_in_order_and_skip_other_files(
    write_article: Callable[[str, str], Path], tmp_path: Path
) -> None:
    for name in ("b/2.md", "a.txt", "b/1.html", "notes.pdf", ".hidden/x.txt"):
        write_article(name, "x")
    (tmp_path / "empty").mkdir()
    items = list(expand([str(tmp_path), str(tmp_path / "a.txt"), str(tmp_path / "empty"),
                         str(tmp_path / "missing.txt"), "-"]))
    paths = [p.relative_to(tmp_path).as_posix() for p in items if isinstance(p, Path)]
    assert paths == ["a.txt", "b/1.html", "b/2.md"]  # a.txt named twice, read once
    rejected = {Path(r.source).name: r.reason for r in items if isinstance(r, Rejected)}
    assert rejected == {"empty": "directory holds no article (.txt, .md, .html, .htm)",
                        "missing.txt": "no such file or directory"}
    assert items[-1] == "-"

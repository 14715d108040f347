"""Layout: title, publication date, body and language of an article, on pages written here."""

from __future__ import annotations

from datetime import date

import pytest

from app.ingest.extract.layout import detect_language, parse_date_line, parse_layout, strip_byline

BODY_EN = (
    "On 3 May 2023, Customs officers from three partner administrations met in Lusaka for a "
    "workshop on integrity. The participants discussed the code of conduct and the role of "
    "managers in preventing corruption at the border."
)
BODY_FR = (
    "Du 14 au 18 mars 2022, la douane a accueilli à Dakar un atelier consacré à la "
    "cartographie des risques de corruption. Les participants ont examiné les procédures du "
    "dédouanement et les mesures de contrôle interne dans les bureaux."
)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("21 marzo 2019", date(2019, 3, 21)),  # Spanish
        ("3 de junio de 2022", date(2022, 6, 3)),
        ("14 марта 2022", date(2022, 3, 14)),  # Russian
        ("24 ноября 2020", date(2020, 11, 24)),
        ("2022年3月14日", date(2022, 3, 14)),  # Chinese
        ("14 四月 2022", date(2022, 4, 14)),
        ("24 mars 2022", date(2022, 3, 24)),  # French
        ("1er mars 2024", date(2024, 3, 1)),
        ("vendredi 1er mars 2024", date(2024, 3, 1)),
        ("14. März 2022", date(2022, 3, 14)),  # German
        ("14 de março de 2022", date(2022, 3, 14)),  # Portuguese
        ("March 1, 2024", date(2024, 3, 1)),
        ("December 14, 2023", date(2023, 12, 14)),
        ("Thursday, 12 December 2019", date(2019, 12, 12)),
        ("2024-03-08", date(2024, 3, 8)),
        ("08/03/2024", date(2024, 3, 8)),  # day first
        ("09 September 2022", date(2022, 9, 9)),
    ],
)
def test_date_line_parses_in_any_common_form_and_language(line: str, expected: date) -> None:
    assert parse_date_line(line) == expected


@pytest.mark.parametrize(
    "line",
    ["PRESS RELEASE", "Integrity", "", "The workshop gathered 25 officers from 8 countries."],
)
def test_a_line_that_is_not_a_date_gives_none(line: str) -> None:
    assert parse_date_line(line) is None


def test_spanish_month_in_date_line_parses() -> None:
    layout = parse_layout(f"Un titre\n\n21 marzo 2019\n\n{BODY_EN}")
    assert (layout.title, layout.published) == ("Un titre", date(2019, 3, 21))
    assert layout.body == BODY_EN


def test_standard_layout_gives_title_date_body_and_language() -> None:
    layout = parse_layout(f"Lusaka hosts an integrity workshop\n\n05 May 2023\n\n{BODY_EN}")
    assert layout.title == "Lusaka hosts an integrity workshop"
    assert layout.published == date(2023, 5, 5)
    assert layout.body == BODY_EN
    assert layout.language == "en"
    assert layout.warnings == []


@pytest.mark.parametrize("label", ["PRESS RELEASE", "Integrity", "Renforcement des capacités"])
def test_label_line_above_title_is_not_the_title(label: str) -> None:
    layout = parse_layout(f"{label}\nLusaka hosts an integrity workshop\n\n5 May 2023\n\n{BODY_EN}")
    assert layout.title == "Lusaka hosts an integrity workshop"
    assert layout.published == date(2023, 5, 5)
    assert layout.body == BODY_EN


def test_label_in_its_own_block_above_title_is_not_the_title() -> None:
    layout = parse_layout(f"PRESS RELEASE\n\nLusaka hosts a workshop\n\n5 May 2023\n\n{BODY_EN}")
    assert layout.title == "Lusaka hosts a workshop"
    assert layout.body == BODY_EN


def test_page_with_no_heading_has_no_title_and_no_date() -> None:
    text = f"{BODY_EN} {BODY_EN}\n\nA second paragraph follows here."
    layout = parse_layout(text)
    assert layout.title is None
    assert layout.published is None
    assert layout.body.startswith("On 3 May 2023")
    assert any("publication date" in w for w in layout.warnings)


def test_title_without_date_line_keeps_title_and_warns() -> None:
    layout = parse_layout(f"Guinée : la douane structure son audit interne\n\n{BODY_FR}")
    assert layout.title == "Guinée : la douane structure son audit interne"
    assert layout.published is None
    assert layout.body == BODY_FR
    assert layout.warnings


def test_windows_line_endings_are_handled() -> None:
    text = f"A title\r\n\r\n12 April 2022\r\n\r\n{BODY_EN}\r\n\r\nSecond paragraph.\r\n"
    layout = parse_layout(text)
    assert (layout.title, layout.published) == ("A title", date(2022, 4, 12))
    assert "\r" not in layout.body
    assert layout.body.endswith("Second paragraph.")


@pytest.mark.parametrize(
    ("body", "expected_start"),
    [
        ("By John Smith, WCO NewsOn 3 May 2023, officers met.", "On 3 May 2023"),
        ("By the A-CIP teamOn 12 May 2022, focal points met online.", "On 12 May 2022"),
        ("By Jane Doe\nOn 3 May 2023, officers met.", "On 3 May 2023"),
        ("Par la rédactionLe 5 juin, un atelier s'est tenu.", "Le 5 juin"),
    ],
)
def test_byline_glued_to_first_sentence_is_stripped(body: str, expected_start: str) -> None:
    stripped, removed = strip_byline(body)
    assert removed
    assert stripped.startswith(expected_start)


def test_body_not_opening_with_a_byline_is_left_alone() -> None:
    body = "Bylaws were adopted on 3 May 2023."
    assert strip_byline(body) == (body, False)


def test_byline_in_parsed_layout_is_removed_with_a_warning() -> None:
    layout = parse_layout(f"A title\n\n3 May 2023\n\nBy John Smith, WCO News{BODY_EN}")
    assert layout.body == BODY_EN
    assert any("byline" in w for w in layout.warnings)


def test_text_cut_mid_word_keeps_what_is_there() -> None:
    cut = BODY_EN + "\n\nThe next workshop will take pla"
    layout = parse_layout(f"A title\n\n3 May 2023\n\n{cut}")
    assert layout.body.endswith("will take pla")
    assert layout.published == date(2023, 5, 3)


def test_weekday_prefixed_iso_and_us_date_lines_parse_in_layout() -> None:
    for line, expected in [
        ("Monday, 4 March 2024", date(2024, 3, 4)),
        ("2024-03-08", date(2024, 3, 8)),
        ("March 1, 2024", date(2024, 3, 1)),
    ]:
        assert parse_layout(f"T\n\n{line}\n\n{BODY_EN}").published == expected


@pytest.mark.parametrize(("text", "expected"), [(BODY_EN, "en"), (BODY_FR, "fr")])
def test_language_is_detected_as_iso_639_1(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_spanish_body_is_detected_by_the_model() -> None:
    text = (
        "La Superintendencia de Administración Tributaria presentó los resultados de su "
        "primera encuesta sobre la percepción de la integridad en la aduana a su alta dirección."
    )
    assert detect_language(text) == "es"


BODY_SHORT = "The administration hosted a workshop in Lusaka from 6 to 8 March. Officers attended."


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("By Press Office Staff21 April 2022 – ", date(2022, 4, 21)),  # byline glued to the date
        ("Lusaka, 21 April 2022 – ", date(2022, 4, 21)),  # city dateline
        ("LUSAKA (WCO), 21 April 2022 - ", date(2022, 4, 21)),
        ("21 April 2022 – ", date(2022, 4, 21)),
        ("Editorial Team21/04/2022 ", date(2022, 4, 21)),
        ("Harare, April 21, 2022: ", date(2022, 4, 21)),
    ],
)
def test_dateline_run_into_the_first_sentence_gives_the_date_and_a_clean_body(
    head: str, expected: date
) -> None:
    layout = parse_layout(f"A headline\n\n{head}{BODY_SHORT}")
    assert (layout.title, layout.published) == ("A headline", expected)
    assert layout.body == BODY_SHORT


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Dakar, 5 juillet 2021", date(2021, 7, 5)),  # city before the date
        ("Harare – 9 May 2022", date(2022, 5, 9)),
        ("Posted on 09/05/2022 by A. Writer", date(2022, 5, 9)),  # label and byline
        ("Published: 09.05.2022", date(2022, 5, 9)),
        ("Date: 2022-05-09", date(2022, 5, 9)),
        ("Publication date 09/05/2022", date(2022, 5, 9)),  # day first
        ("Publié le 9 mai 2022", date(2022, 5, 9)),
        ("9 May 2022, 3:45 pm", date(2022, 5, 9)),  # a time after the date
        ("Лима, 9 мая 2022", date(2022, 5, 9)),  # other languages through dateparser
        ("Lima, 9 de mayo de 2022", date(2022, 5, 9)),
        ("Data de publicação: 9 de maio de 2022", date(2022, 5, 9)),
        ("发布日期：2022年5月9日", date(2022, 5, 9)),
    ],
)
def test_date_line_with_a_label_city_or_byline_is_the_publication_date(
    line: str, expected: date
) -> None:
    layout = parse_layout(f"A headline\n\n{line}\n\n{BODY_SHORT}")
    assert (layout.title, layout.published) == ("A headline", expected)
    assert layout.body == BODY_SHORT


@pytest.mark.parametrize(
    "first",
    [
        "In Harare on 9 May 2022 officers met to review the plan.",  # a sentence, not a dateline
        "9 May 2022, the day the plan was adopted, was a milestone.",
        "Version 1.5.2022 of the guide was circulated to every office.",
    ],
)
def test_a_dated_first_sentence_is_not_taken_for_a_dateline(first: str) -> None:
    layout = parse_layout(f"A headline\n\n{first}\n\n{BODY_SHORT}")
    assert layout.published is None
    assert layout.body.startswith(first)


@pytest.mark.parametrize(
    "lead", ["HARARE (WCO) - ", "Harare (WCO) – ", "Press Office", "Newsroom", "The A-CIP Team"]
)
def test_undated_dateline_or_glued_label_is_removed_from_the_body(lead: str) -> None:
    layout = parse_layout(f"A headline\n\n{lead}{BODY_SHORT}")
    assert layout.body == BODY_SHORT
    assert layout.published is None


def test_bar_separated_fields_after_a_dateline_are_not_the_first_sentence() -> None:
    text = (
        "Customs holds an integrity workshop\n\n"
        "12/05/2024 | News | Posted by the newsroom on 12/05/2024 09:30\n\n"
        "The workshop gathered thirty officers."
    )
    layout = parse_layout(text)
    assert layout.published == date(2024, 5, 12)
    assert layout.body == "The workshop gathered thirty officers."

"""Date expressions in running text, English and French, resolved against a reference date."""

from __future__ import annotations

from datetime import date

import pytest

from app.ingest.extract.dates import duration_days, find_dates, resolve_year

REF = date(2023, 6, 20)  # a publication date


def _iso(text: str, reference: date | None = REF) -> list[tuple[str, str | None]]:
    return [
        (m.first.iso(), m.last.iso() if m.last else None) for m in find_dates(text, reference)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 28 and 29 February 2024, the WCO hosted", ("2024-02-28", "2024-02-29")),
        ("held its meeting on 15-17 March 2021.", ("2021-03-15", "2021-03-17")),
        ("gathered in Dakar on 18–21 November 2019 for", ("2019-11-18", "2019-11-21")),
        ("From 3 to 5 May, a team visited", ("2023-05-03", "2023-05-05")),
        ("Du 14 au 18 mars 2022, la douane a accueilli", ("2022-03-14", "2022-03-18")),
        ("a tenu à Niamey, les 6 et 7 juin, un atelier", ("2023-06-06", "2023-06-07")),
        ("Le 1er décembre 2022, à Abidjan", ("2022-12-01", "2022-12-01")),
        ("from 30 May to 3 June 2022 for a workshop", ("2022-05-30", "2022-06-03")),
        ("from 29 December 2022 to 3 January 2023.", ("2022-12-29", "2023-01-03")),
        ("From 7 December 2020 to 15 January 2021, officials", ("2020-12-07", "2021-01-15")),
        ("On Thursday, 12 December 2019, the ECC launched", ("2019-12-12", "2019-12-12")),
        ("Du lundi 15 au vendredi 19 mai 2023, la douane", ("2023-05-15", "2023-05-19")),
        ("the week from Monday 11 to Friday 15 March 2019", ("2019-03-11", "2019-03-15")),
        ("Between 30 November and 2 December 2020, the NRA", ("2020-11-30", "2020-12-02")),
        ("du 28 février au 2 mars 2023, les coordonnateurs", ("2023-02-28", "2023-03-02")),
        ("met in St. John's on the 14th-16th of June 2022", ("2022-06-14", "2022-06-16")),
        ("to its management on the 27th of May 2022, at", ("2022-05-27", "2022-05-27")),
        ("signed on March 1, 2024 in Brussels", ("2024-03-01", "2024-03-01")),
        ("published on 2024-03-08 by the WCO", ("2024-03-08", "2024-03-08")),
        ("on 4, 5 and 6 April 2022 in Lusaka", ("2022-04-04", "2022-04-06")),
    ],
)
def test_day_dates_and_ranges_are_found(text: str, expected: tuple[str, str]) -> None:
    assert _iso(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The survey was conducted in September 2020 at", ("2020-09", "2020-09")),
        ("Les experts reviendront en février 2023 pour", ("2023-02", "2023-02")),
        ("L'enquête avait été conduite mi-octobre 2021 dans", ("2021-10", "2021-10")),
        ("précédée, à la mi-octobre 2020, d'une campagne", ("2020-10", "2020-10")),
        ("at an online launch event in late May 2023.", ("2023-05", "2023-05")),
        ("The survey was carried out between February and March 2022.", ("2022-02", "2022-03")),
        ("Menée de fin janvier à mi-mars 2022 dans les bureaux", ("2022-01", "2022-03")),
        ("Between February and April 2022, national workshops", ("2022-02", "2022-04")),
        ("is planned for November 2022 to prepare", ("2022-11", "2022-11")),
        ("from December 2022 to January 2023, a series", ("2022-12", "2023-01")),
    ],
)
def test_month_dates_have_month_precision(text: str, expected: tuple[str, str]) -> None:
    assert _iso(text) == [expected]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("On 9 June, officials took part", date(2021, 6, 14), ("2021-06-09", "2021-06-09")),
        # a December event in an article of January belongs to the previous year
        ("On 12 December, the plan was launched", date(2020, 1, 10), ("2019-12-12", "2019-12-12")),
        ("from 27 December to 5 January", date(2023, 1, 12), ("2022-12-27", "2023-01-05")),
        ("L'enquête avait été conduite mi-octobre", date(2021, 12, 9), ("2021-10", "2021-10")),
        ("held in late May", date(2023, 6, 6), ("2023-05", "2023-05")),
        ("en juin à Niamey", date(2021, 10, 14), ("2021-06", "2021-06")),
        # announced: a webinar two weeks after publication is this year's
        ("will be presented at a webinar on 7 March", date(2023, 2, 22),
         ("2023-03-07", "2023-03-07")),
        # announced in November for January: next year
        ("a workshop will take place in January", date(2022, 11, 25), ("2023-01", "2023-01")),
        ("Du 13 au 17 mars, la douane a accueilli", date(2023, 3, 24),
         ("2023-03-13", "2023-03-17")),
    ],
)
def test_missing_year_comes_from_publication_date(
    text: str, published: date, expected: tuple[str, str]
) -> None:
    assert _iso(text, published) == [expected]


def test_year_less_date_without_reference_is_not_guessed() -> None:
    assert find_dates("On 9 June, officials took part", None) == []


def test_explicit_year_needs_no_reference() -> None:
    assert _iso("On 9 June 2021, officials took part", None) == [("2021-06-09", "2021-06-09")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Depuis le lundi 4 octobre 2021, un expert est détaché", ("2021-10-04", None)),
        ("Since 4 October 2021, an expert has been seconded", ("2021-10-04", None)),
    ],
)
def test_since_a_day_is_an_open_range(text: str, expected: tuple[str, None]) -> None:
    assert _iso(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "The Programme may support partners in 2024.",  # "may" is a verb, 2024 only a year
        "during the first week of April",  # a week is not stated as a date
        "November has been a busy month",  # a bare month heading a sentence
        "more than 20 March-like figures",
        "The 17 partner administrations",
        "on 31 February 2023",  # no such day
    ],
)
def test_non_dates_are_not_found(text: str) -> None:
    assert find_dates(text, REF) == []


def test_offsets_point_into_the_text() -> None:
    text = "Officials met in Lusaka from 3 to 5 May 2023 for a workshop."
    (mention,) = find_dates(text, REF)
    assert text[mention.start : mention.end] == mention.text == "3 to 5 May 2023"


def test_several_dates_in_one_sentence_are_all_found() -> None:
    text = "After a meeting on 7 April 2022, the survey carried out in November 2021 was discussed."
    assert _iso(text) == [("2022-04-07", "2022-04-07"), ("2021-11", "2021-11")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("met in Monrovia over three days starting 4 April", 3),
        ("took part in a four-day workshop starting 16 November", 4),
        ("a five-day peer review mission that began on 22 August", 5),
        ("a one-day workshop", 1),
        ("an exchange lasting 2 days", 2),
        ("un atelier de trois jours", 3),
        ("Two days later, on 7 April", None),
        ("in two half-day sessions", None),
        ("a three-hour seminar", None),
    ],
)
def test_duration_in_days_is_read(text: str, expected: int | None) -> None:
    assert duration_days(text) == expected


@pytest.mark.parametrize(
    ("month", "day", "reference", "future", "expected"),
    [
        (12, 27, date(2023, 1, 12), False, 2022),
        (1, 5, date(2023, 1, 12), False, 2023),
        (3, 7, date(2023, 2, 22), True, 2023),
        (11, None, date(2022, 9, 28), True, 2022),
        (1, None, date(2022, 11, 25), True, 2023),
        (10, None, date(2020, 11, 10), False, 2020),
    ],
)
def test_resolve_year_prefers_the_nearest_sensible_year(
    month: int, day: int | None, reference: date, future: bool, expected: int
) -> None:
    assert resolve_year(month, day, reference, future) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The course opened on 07.09.2022 in Accra.", ("2022-09-07", "2022-09-07")),  # day first
        ("The course opened on 7/9/2022 in Accra.", ("2022-09-07", "2022-09-07")),
        ("The course opened on 09/27/2022 in Accra.", ("2022-09-27", "2022-09-27")),  # 27: a day
        ("held from 07.09.2022 to 09.09.2022 in Accra", ("2022-09-07", "2022-09-09")),
        ("held from 2022-09-07 to 2022-09-09 in Accra", ("2022-09-07", "2022-09-09")),
        ("tenu du 07/09/2022 au 09/09/2022 à Lomé", ("2022-09-07", "2022-09-09")),
    ],
)
def test_numeric_dates_in_running_text_are_read_day_first(
    text: str, expected: tuple[str, str]
) -> None:
    assert _iso(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Version 1.9.2022.3 of the tool was installed.",  # a version number
        "It cost 12.50 per unit in 2022.",
        "Document 7/9/2022/Rev.1 was circulated.",
    ],
)
def test_numbers_that_only_look_like_dates_are_not_dates(text: str) -> None:
    assert _iso(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("from 9 September through 11 September 2022 in Accra", ("2022-09-09", "2022-09-11")),
        ("in Accra from 9 until 11 September 2022", ("2022-09-09", "2022-09-11")),
        ("à Lomé du 9 jusqu'au 11 septembre 2022", ("2022-09-09", "2022-09-11")),
        ("on 9–11 September 2022 in Accra", ("2022-09-09", "2022-09-11")),  # en dash
        ("on September 9–11, 2022 in Accra", ("2022-09-09", "2022-09-11")),  # US style
        ("on September 9th-11th, 2022 in Accra", ("2022-09-09", "2022-09-11")),
        ("from the 9th–11th of September 2022 in Accra", ("2022-09-09", "2022-09-11")),
        ("on 9 September 2022 at 10:30 a.m. in Accra", ("2022-09-09", "2022-09-09")),
        ("on September 9, 2022, at 2 pm in Accra", ("2022-09-09", "2022-09-09")),
    ],
)
def test_ranges_ordinals_us_style_and_times_are_read(
    text: str, expected: tuple[str, str]
) -> None:
    assert _iso(text) == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "On Tuesday, officers met in Accra.",  # a weekday with no day number
        "Last week, officers met in Accra.",
        "Earlier this month, officers met in Accra.",
        "Officers met in Accra a few days ago.",
    ],
)
def test_relative_dates_with_no_day_or_month_give_no_date(text: str) -> None:
    assert _iso(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("From 12 April to May 3, the team reviewed", ("2023-04-12", "2023-05-03")),
        ("From March 27th to 2nd April 2022, delegates", ("2022-03-27", "2022-04-02")),
        ("between 30 January and February 2 the office", ("2023-01-30", "2023-02-02")),
    ],
)
def test_range_written_half_day_first_half_month_first_is_one_range(
    text: str, expected: tuple[str, str]
) -> None:
    assert _iso(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a course delivered in April-May 2022 to twelve officers", ("2022-04", "2022-05")),
        ("the survey ran in March and April 2021 at the ports", ("2021-03", "2021-04")),
        ("l'enquête menée en mars et avril 2021 dans les bureaux", ("2021-03", "2021-04")),
    ],
)
def test_month_range_after_in_is_one_range(text: str, expected: tuple[str, str]) -> None:
    assert _iso(text) == [expected]


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("after the forum held last August, the", date(2023, 6, 20), ("2022-08", "2022-08")),
        ("after the forum held last May, the", date(2023, 6, 20), ("2023-05", "2023-05")),
        ("a symposium held in October last year", date(2023, 6, 20), ("2022-10", "2022-10")),
        ("a symposium held in October last year", date(2023, 12, 1), ("2022-10", "2022-10")),
        ("on 3 February this year, officials", date(2023, 12, 1), ("2023-02-03", "2023-02-03")),
        ("en novembre de l'année dernière, la douane", date(2023, 6, 1), ("2022-11", "2022-11")),
    ],
)
def test_last_and_this_year_place_a_year_less_date(
    text: str, reference: date, expected: tuple[str, str]
) -> None:
    assert _iso(text, reference) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("de 3 a 5 de julho de 2023, a administração", ("2023-07-03", "2023-07-05")),
        ("del 3 al 5 de julio de 2023 en Lima", ("2023-07-03", "2023-07-05")),
        ("el 4 de mayo de 2023, la aduana", ("2023-05-04", "2023-05-04")),
        ("le 1er et le 2 juillet 2023, la douane", ("2023-07-01", "2023-07-02")),
        ("realizado em março de 2023 no porto", ("2023-03", "2023-03")),
    ],
)
def test_spanish_and_portuguese_dates_and_a_repeated_article_are_read(
    text: str, expected: tuple[str, str]
) -> None:
    assert _iso(text) == [expected]

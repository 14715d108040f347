"""The place gazetteer: countries (en/fr), demonyms and cities."""

from __future__ import annotations

import pytest

from app.ingest.extract.places import (
    city_country,
    city_identity,
    country_name,
    find_cities,
    find_countries,
)


def _countries(text: str) -> list[tuple[str, str]]:
    return [(m.alpha3, m.kind) for m in find_countries(text)]


@pytest.mark.parametrize(
    ("text", "alpha3"),
    [
        ("Une mission s'est rendue en Ouganda la semaine dernière.", "UGA"),
        ("Les experts d’Éthiopie ont présenté leurs travaux.", "ETH"),
        ("L'atelier s'est tenu au Niger en mai.", "NER"),
        ("Une délégation des Comores était présente.", "COM"),
        ("Les représentants de la Côte d'Ivoire ont pris la parole.", "CIV"),
        ("Le plan d'action du Sénégal a été adopté.", "SEN"),
        ("La coopération avec la République démocratique du Congo progresse.", "COD"),
    ],
)
def test_french_country_name_after_article_or_elision_is_found(text: str, alpha3: str) -> None:
    assert (alpha3, "country") in _countries(text)


@pytest.mark.parametrize(
    ("text", "alpha3"),
    [
        ("Officials from Tanzania took part.", "TZA"),
        ("Côte d’Ivoire and Cote d'Ivoire are the same country.", "CIV"),
        ("The Plurinational State of Bolivia signed.", "BOL"),
        ("Delegates from Türkiye attended.", "TUR"),
        ("Delegates from Turkey attended.", "TUR"),
        ("Vietnam and Viet Nam both appear.", "VNM"),
        ("Antigua & Barbuda was represented.", "ATG"),
        ("Iran sent an observer.", "IRN"),
        ("Palestine joined the group.", "PSE"),
        ("A Autoridade Tributária de Moçambique assinou.", "MOZ"),
        ("A Receita Federal do Brasil apoiou o curso.", "BRA"),
        ("La Superintendencia de Aduanas del Perú firmó.", "PER"),
    ],
)
def test_common_short_forms_of_country_names_are_found(text: str, alpha3: str) -> None:
    assert (alpha3, "country") in _countries(text)


@pytest.mark.parametrize(
    ("text", "alpha3"),
    [
        ("Nepalese officers joined.", "NPL"),
        ("A Ugandan expert spoke.", "UGA"),
        ("The Moroccan delegation left.", "MAR"),
        ("La délégation marocaine est arrivée.", "MAR"),
        ("Les agents tunisiens ont participé.", "TUN"),
        ("Les Douanes ivoiriennes ont lancé une ligne verte.", "CIV"),
        ("La douane béninoise était observatrice.", "BEN"),
    ],
)
def test_demonyms_in_english_and_french_are_found(text: str, alpha3: str) -> None:
    assert (alpha3, "demonym") in _countries(text)


def test_longest_country_name_wins_over_a_shorter_one_inside_it() -> None:
    assert _countries("Papua New Guinea and Guinea-Bissau") == [
        ("PNG", "country"), ("GNB", "country")
    ]


def test_country_name_inside_a_longer_word_is_not_found() -> None:
    assert _countries("The Nigerian delegation") == [("NGA", "demonym")]
    assert _countries("Omanis and Malians") == []


def test_possessive_country_name_is_found() -> None:
    assert _countries("Nepal’s Department of Customs") == [("NPL", "country")]


def test_mention_span_is_the_name_itself() -> None:
    text = "la coopération du Mali"
    [mention] = find_countries(text)
    assert text[mention.start:mention.end] == mention.text == "Mali"


@pytest.mark.parametrize(
    ("text", "city", "alpha3"),
    [
        ("The workshop was held in Monrovia.", "Monrovia", "LBR"),
        ("They met in Dar es Salaam last week.", "Dar es Salaam", "TZA"),
        ("The meeting took place in St. John’s.", "St. John’s", "ATG"),
        ("Participants gathered in San José, Costa Rica.", "San José", "CRI"),
        ("Le séminaire s'est tenu à Bruxelles.", "Bruxelles", "BEL"),
        ("Une réunion à Lomé.", "Lomé", "TGO"),
    ],
)
def test_known_city_is_found_with_its_country(text: str, city: str, alpha3: str) -> None:
    assert [(m.text, m.alpha3) for m in find_cities(text)] == [(city, alpha3)]


def test_city_name_inside_a_country_name_is_not_a_city() -> None:
    assert find_cities("Delegates from El Salvador") == []


def test_lowercase_word_is_not_a_city() -> None:
    assert find_cities("the most important reading of the report") == []


@pytest.mark.parametrize(
    ("name", "alpha3"),
    [("Monrovia", "LBR"), ("Niamey", "NER"), ("Kathmandu", "NPL"), ("Nowhere-on-Earth", None)],
)
def test_city_country_prefers_the_most_populous_or_capital_city(
    name: str, alpha3: str | None
) -> None:
    assert city_country(name) == alpha3


@pytest.mark.parametrize(
    ("alpha3", "language", "name"),
    [("TZA", "en", "Tanzania"), ("TZA", "fr", "Tanzanie"), ("CIV", "fr", "Côte d'Ivoire"),
     ("MLI", "en", "Mali"), ("XXX", "en", "XXX")],
)
def test_country_name_is_the_short_name_in_the_language(
    alpha3: str, language: str, name: str
) -> None:
    assert country_name(alpha3, language) == name


@pytest.mark.parametrize(
    ("text", "alpha3"),
    [
        ("Officials from Cabo Verde attended.", "CPV"),
        ("Officials from Türkiye attended.", "TUR"),
        ("Officials from Czechia attended.", "CZE"),
        ("Officials from Eswatini attended.", "SWZ"),
        ("Officials from North Macedonia attended.", "MKD"),
        ("Officials from Timor-Leste attended.", "TLS"),
        ("Officials from the Dominican Republic attended.", "DOM"),
        ("Officials from the Democratic Republic of the Congo attended.", "COD"),
        ("Officials from the Republic of Korea attended.", "KOR"),
        ("Officials from the United Republic of Tanzania attended.", "TZA"),
        ("Des cadres de la République-Unie de Tanzanie étaient présents.", "TZA"),
    ],
)
def test_current_official_and_long_country_names_are_found_whole(text: str, alpha3: str) -> None:
    mentions = find_countries(text)
    assert [m.alpha3 for m in mentions] == [alpha3]
    name = text[mentions[0].start:].split(" attended")[0].split(" étaient")[0]
    assert mentions[0].text == name


@pytest.mark.parametrize(
    ("text", "alpha3"),
    [
        ("La aduana de Panamá presentó su plan.", "PAN"),
        ("Funcionarios de la República Dominicana asistieron.", "DOM"),
        ("A Autoridade Tributária de Moçambique participou.", "MOZ"),
        ("Les douanes du Burkina ont lancé le sondage.", "BFA"),
    ],
)
def test_spanish_portuguese_and_short_country_names_are_found(text: str, alpha3: str) -> None:
    assert [m.alpha3 for m in find_countries(text)] == [alpha3]


def test_city_identity_is_one_id_for_every_listed_spelling_of_a_city() -> None:
    assert city_identity("Bruxelles") == city_identity("Brussels") is not None
    assert city_identity("Addis-Abeba") == city_identity("Addis Ababa") is not None
    assert city_identity("Maputo") != city_identity("Beira")
    assert city_identity("Nowhereville") is None

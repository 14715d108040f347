"""Funders: who the text says funds the Programme or one of its activities."""

from __future__ import annotations

import pytest

from app.ingest.extract.context import Context
from app.ingest.extract.funders import extract_funders


def _slugs(text: str, language: str = "en") -> list[str]:
    return sorted(f.slug for f in extract_funders(Context.build(text, None, language)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The seminar was funded by the Swiss State Secretariat for Economic Affairs.", ["seco"]),
        ("The toolkit was produced with funding from the Swedish International Development "
         "Cooperation Agency (Sida).", ["sida"]),
        ("The Programme receives financial support from the UK Foreign, Commonwealth and "
         "Development Office.", ["fcdo"]),
        ("Its donors are Norad and Global Affairs Canada.", ["canada", "norad"]),
        ("Le séminaire a été financé par Affaires mondiales Canada.", ["canada"]),
        ("Ce module a été financé par l’Agence suédoise de coopération internationale au "
         "développement.", ["sida"]),
    ],
)
def test_funder_named_by_agency_under_a_funding_cue(text: str, expected: list[str]) -> None:
    assert _slugs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The new module was made possible with funding from Norway.", ["norad"]),
        ("Switzerland becomes the fourth donor of the Programme.", ["seco"]),
        ("La mission a été organisée grâce au soutien financier de la Norvège.", ["norad"]),
        ("L’atelier a été financé par le Canada et la Suède.", ["canada", "sida"]),
    ],
)
def test_funder_named_only_as_country(text: str, expected: list[str]) -> None:
    assert _slugs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The FCDO, which funds a separate port reform project in the country, sent an observer.",
        "SECO, which finances the WCO’s Global Trade Facilitation Programme, also attended.",
        "Sweden also funds another programme on border management in the region.",
    ],
)
def test_funder_of_another_programme_is_ignored(text: str) -> None:
    assert _slugs(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Speaking for Canada, the delegate praised the participants.",
        "An expert from Norway presented the results of the review.",
        "The Canada Border Services Agency funded nothing but lent an investigator.",
        "Officials of the Swiss Federal Customs attended the opening session.",
    ],
)
def test_organisation_named_for_another_reason_is_not_a_funder(text: str) -> None:
    assert _slugs(text) == []


def test_agency_next_to_a_funding_partners_sentence_counts() -> None:
    text = ("Guests represented the Programme’s two funding partners. "
            "From the Swedish International Development Cooperation Agency, Ms. Ana Berg spoke.")
    assert _slugs(text) == ["sida"]


def test_country_next_to_a_funding_partners_sentence_does_not_count() -> None:
    text = "Guests represented the Programme’s funding partners. Delegates from Norway spoke."
    assert _slugs(text) == []


def test_funder_keeps_the_name_as_stated_and_its_sentence() -> None:
    text = "Officers met in Accra. The workshop was financed by Norad."
    [fact] = extract_funders(Context.build(text, None, "en"))
    assert (fact.slug, fact.name) == ("norad", "Norad")
    assert fact.evidence.sentence == "The workshop was financed by Norad."
    assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.sentence


def test_funder_reported_once_however_often_named() -> None:
    text = "Norad funds the Programme. The survey was also funded by Norad."
    assert _slugs(text) == ["norad"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("La Suède, qui finance par ailleurs un projet de gestion des frontières, était "
         "représentée.", "fr"),
        ("Le Canada, qui finance un projet distinct sur la sécurité, a assisté à l'atelier.",
         "fr"),
        ("La Norvège, qui finance un programme différent dans la région, était observatrice.",
         "fr"),
        ("Sida, which separately funds a border management project, attended.", "en"),
        ("Canada, which funds another project in the region, sent an observer.", "en"),
        ("Norad, which funds a different programme on tax, attended as an observer.", "en"),
    ],
)
def test_funder_of_a_distinct_project_present_as_observer_is_not_a_funder(
    text: str, language: str
) -> None:
    assert _slugs(text, language) == []


@pytest.mark.parametrize(
    "text",
    [
        "Sweden, which separately funds the A-CIP Programme, attended.",
        "The workshop was funded by Sida.",
    ],
)
def test_funding_of_the_programme_itself_still_counts(text: str) -> None:
    assert _slugs(text) == ["sida"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The tools were developed with the support of the Canadian Government.", ["canada"]),
        ("The Programme is funded by the Norwegian and Canadian governments.",
         ["canada", "norad"]),
        ("Grâce au soutien canadien, le guide a été traduit en espagnol.", ["canada"]),
        ("El taller fue financiado por el Gobierno de Canadá.", ["canada"]),
        ("The workshop was funded by Foreign Affairs, Trade and Development Canada.",
         ["canada"]),
    ],
)
def test_funder_named_as_its_government_or_by_demonym(text: str, expected: list[str]) -> None:
    assert _slugs(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The project benefits from the support of Sweden and Norway.", ["norad", "sida"]),
        ("Le projet bénéficie du soutien de la Suisse.", ["seco"]),
        ("Cinq pays andins ont rejoint le projet, soutenus par le Canada.", ["canada"]),
    ],
)
def test_support_of_a_country_is_a_funding_cue(text: str, expected: list[str]) -> None:
    assert _slugs(text, "fr") == expected


@pytest.mark.parametrize(
    "text",
    [
        "The WCO A-CPI Program now assists many administrations with funding from Sida.",
        "The WCO Anti-Corruption and Integrity Promotion Programme is financed by Sida.",
    ],
)
def test_our_programme_named_in_full_or_in_french_is_not_another_programme(text: str) -> None:
    assert _slugs(text) == ["sida"]


@pytest.mark.parametrize(
    "text",
    [
        "Sida is the partner of this new integrity project.",
        "La Sida et l’OMD ont signé un accord pour le nouveau programme.",
    ],
)
def test_donor_agency_named_as_partner_or_party_to_the_agreement(text: str) -> None:
    [fact] = extract_funders(Context.build(text, None, "en"))
    assert (fact.slug, fact.rule) == ("sida", "agency-partner")


@pytest.mark.parametrize(
    "text",
    [
        "Sweden is a partner of the Programme and hosted a session.",
        "Canadian experts shared their practice with the delegates.",
        "Norwegian officials attended the partner meeting.",
    ],
)
def test_country_or_demonym_without_a_funding_cue_is_not_a_funder(text: str) -> None:
    assert _slugs(text) == []


def test_funder_fact_names_its_rule() -> None:
    [fact] = extract_funders(Context.build("The survey was funded by Norway.", None, "en"))
    assert fact.rule == "funding-cue-country"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Sida-funded course opened in May.", ["sida"]),
        ("Canada-supported activities went on in the region.", ["canada"]),
        ("The Programme receives financial assistance from the Kingdom of Sweden.", ["sida"]),
        ("The study was funded by the Royal Norwegian Embassy in Lusaka.", ["norad"]),
    ],
)
def test_funder_joined_by_a_hyphen_or_named_by_its_kingdom_or_embassy(
    text: str, expected: list[str]
) -> None:
    assert _slugs(text) == expected


def test_country_joined_by_a_hyphen_to_another_word_is_not_a_funder() -> None:
    assert _slugs("A Norway-based consultant, funded by the WCO, attended.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The envoy recalled Sweden’s steady support to the integrity agenda.", ["sida"]),
        ("Contributions from Switzerland keep the e-learning module running.", ["seco"]),
    ],
)
def test_a_country_s_support_and_plural_contributions_are_funding_cues(
    text: str, expected: list[str]
) -> None:
    assert _slugs(text) == expected


def test_experts_thanked_for_their_support_are_not_funders() -> None:
    assert _slugs("The Minister thanked the Swedish experts for their support.") == []

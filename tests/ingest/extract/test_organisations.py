"""Customs administrations, their roles and the partner count, on short made-up texts."""

from __future__ import annotations

import pytest

from app.ingest.extract.context import Context
from app.ingest.extract.facts import EventFact, Evidence
from app.ingest.extract.organisations import extract_administrations


def _roles(body: str, language: str = "en", events: list[EventFact] | None = None) -> dict:
    administrations, _ = extract_administrations(
        Context.build(body, None, language), events or []
    )
    return {a.country: a.roles for a in administrations}


def _count(body: str, language: str = "en") -> int | None:
    _, count = extract_administrations(Context.build(body, None, language), [])
    return count.value if count else None


@pytest.mark.parametrize(
    ("body", "alpha3"),
    [
        ("Kenya Customs presented its new code of conduct.", "KEN"),
        ("The Botswana Unified Revenue Service reviewed its procedures.", "BWA"),
        ("Officers of the Rwanda Revenue Authority attended.", "RWA"),
        ("The Customs Administration of Paraguay reviewed its code.", "PRY"),
        ("The General Directorate of Customs of Bolivia signed the plan.", "BOL"),
        ("Senegalese Customs presented the results.", "SEN"),
        ("Burundi’s Office of Revenue presented its plan.", "BDI"),
    ],
)
def test_administration_named_by_country_and_agency_words_is_found(
    body: str, alpha3: str
) -> None:
    assert _roles(body) == {alpha3: ["partner"]}


@pytest.mark.parametrize(
    ("body", "alpha3"),
    [
        ("La Douane sénégalaise a présenté son plan.", "SEN"),
        ("Les Douanes togolaises ont validé la charte.", "TGO"),
        ("La Direction générale des douanes du Cameroun a validé la charte.", "CMR"),
        ("La Direction générale des douanes et droits indirects du Gabon a signé.", "GAB"),
        ("L'Administration des douanes et impôts indirects de la Mauritanie a signé.", "MRT"),
        ("Les cadres de l’administration douanière du Tchad ont participé.", "TCD"),
    ],
)
def test_french_administration_forms_are_found(body: str, alpha3: str) -> None:
    assert _roles(body, "fr") == {alpha3: ["partner"]}


def test_customs_administrations_listed_after_an_agency_phrase_are_all_found() -> None:
    body = "The Programme now supports the Customs administrations of Chad, Togo and Benin."
    assert _roles(body) == {"TCD": ["partner"], "TGO": ["partner"], "BEN": ["partner"]}


def test_french_list_with_articles_is_found() -> None:
    body = ("Les administrations douanières du Cameroun, de la Guinée, des Comores et de "
            "l’Ouganda étaient représentées.")
    assert set(_roles(body, "fr")) == {"CMR", "GIN", "COM", "UGA"}


def test_partner_list_after_a_colon_is_found() -> None:
    body = "Four partner administrations took part: Kenya, Senegal, Peru and Bolivia."
    assert set(_roles(body)) == {"KEN", "SEN", "PER", "BOL"}


def test_acronym_defined_in_the_text_is_reused() -> None:
    body = ("The Botswana Unified Revenue Service (BURS) hosted a workshop in Gaborone. "
            "Speakers from the Kenya Revenue Authority (KRA) described their hotline. "
            "The BURS will report on progress.")
    administrations, _ = extract_administrations(Context.build(body, None, "en"), [])
    assert [a.country for a in administrations] == ["BWA", "KEN"]


def test_acronym_alone_is_resolved_by_its_definition_elsewhere() -> None:
    body = ("Managers met online. The Zambezi Customs Commission (ZCC) of Zambia joined. "
            "Later the ZCC hosted a visit.")
    assert "ZMB" in _roles(body)


def test_well_known_acronym_without_definition_is_found() -> None:
    body = "Integrity officers of ZIMRA and SARS compared their hotlines."
    assert set(_roles(body)) == {"ZWE", "ZAF"}


def test_shared_acronym_is_resolved_by_the_country_named_in_the_text() -> None:
    body = "The GRA in Accra reviewed its plan. Ghana has been a partner since 2019."
    assert set(_roles(body)) == {"GHA"}


def test_typo_in_agency_name_is_tolerated() -> None:
    assert _roles("The Kenya Revenue Authorithy (KRA) presented it.") == {"KEN": ["partner"]}


@pytest.mark.parametrize(
    "body",
    [
        "The workshop was held in Nairobi, Kenya, for the Customs officials of the region.",
        "Participants gathered in Dakar, Senegal, to discuss integrity.",
        "Les délégations se sont réunies à Lomé, au Togo.",
        "Funding came from the Government of Norway and the Norwegian Agency for Development.",
        "The World Customs Organization and the World Bank signed an agreement.",
        "Representatives of the Chamber of Commerce of Peru attended.",
    ],
)
def test_venue_funder_or_other_organisation_is_not_an_administration(body: str) -> None:
    assert _roles(body) == {}


def test_observer_outside_the_programme_is_mentioned() -> None:
    body = ("Les Douanes ivoiriennes étaient représentées. La Douane togolaise, qui ne fait "
            "pas partie du Programme, a suivi les échanges en qualité d’observateur.")
    assert _roles(body, "fr") == {"CIV": ["partner"], "TGO": ["mentioned"]}


def test_panel_speaker_administration_is_mentioned() -> None:
    body = ("The first panel dealt with detection. The Kenya Revenue Authority described "
            "its data analytics, while the Customs Administration of Peru presented its "
            "risk engine.")
    assert _roles(body) == {"KEN": ["mentioned"], "PER": ["mentioned"]}


@pytest.mark.parametrize(
    ("body", "expert"),
    [
        ("Officials of Togo Customs reviewed their code. The resource person was Ana Silva, "
         "Head of Integrity at the Customs Administration of Peru.", "PER"),
        ("Cameroon Customs, with the support of Kenyan Customs, drafted a plan.", "KEN"),
        ("Senegalese Customs welcomed a specialist from the Rwanda Revenue Authority.", "RWA"),
        ("Togo Customs reviewed its code. The Kenya Revenue Authority, which lent its "
         "expertise, described its hotline.", "KEN"),
    ],
)
def test_administration_lending_expertise_is_an_expert(body: str, expert: str) -> None:
    roles = _roles(body)
    assert roles[expert] == ["expert"]
    assert [r for a, r in roles.items() if a != expert] == [["partner"]]


def test_wco_experts_do_not_make_the_partner_an_expert() -> None:
    body = "With the support of WCO experts, the Customs Administration of Peru drafted a plan."
    assert _roles(body) == {"PER": ["partner"]}


def test_administration_hosting_an_event_in_its_city_is_host() -> None:
    body = "The Kenya Revenue Authority held a workshop in Mombasa on 3 May."
    assert _roles(body) == {"KEN": ["partner", "host"]}


def test_hosted_by_makes_a_host() -> None:
    body = "The meeting was hosted by the Customs Administration of Peru."
    assert _roles(body) == {"PER": ["partner", "host"]}


def test_online_event_does_not_make_a_host() -> None:
    body = "Customs managers from Kenya followed an online course instead of meeting in Nairobi."
    assert _roles(body) == {"KEN": ["partner"]}


def test_in_person_event_given_by_the_events_extractor_makes_a_host() -> None:
    event = EventFact("workshop", "w", None, None, None, "PER", False, Evidence(0, 1, "x"))
    assert _roles("Peru Customs reviewed its code.", events=[event]) == {
        "PER": ["partner", "host"]
    }


def test_event_elsewhere_does_not_make_a_host() -> None:
    body = "Customs officials from Kenya and Peru gathered in Dakar, Senegal, for a workshop."
    assert _roles(body) == {"KEN": ["partner"], "PER": ["partner"]}


@pytest.mark.parametrize(
    "body",
    [
        "Peru is one of the partner administrations of the Programme.",
        "The Programme, which Peru joined in 2021, supports reforms.",
        "Partenaire du Programme depuis 2020, le Cameroun a présenté son plan.",
    ],
)
def test_country_stated_to_be_a_partner_is_a_partner(body: str) -> None:
    assert "partner" in _roles(body).get("PER", _roles(body).get("CMR", []))


def test_country_stated_not_to_be_part_of_the_programme_is_not_an_administration() -> None:
    assert _roles("Peru is not part of the Programme; the city was only a venue.") == {}


def test_administration_carries_its_name_and_evidence_sentence() -> None:
    body = "Integrity matters. La Douane sénégalaise a présenté son plan."
    [admin], _ = extract_administrations(Context.build(body, None, "fr"), [])
    assert admin.name == "Douane sénégalaise"
    assert admin.evidence.sentence == "La Douane sénégalaise a présenté son plan."
    assert body[admin.evidence.start:admin.evidence.end] == admin.evidence.sentence


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("The Programme currently works with 22 partner administrations.", 22),
        ("Coordinators of the 19 active partner administrations met.", 19),
        ("With their arrival, the number of partner administrations rises to 17.", 17),
        ("Peru joined, bringing the number of partner administrations to 25.", 25),
        ("Five additional partners joined, bringing the total to 16.", 16),
        ("The Programme welcomed eight new partner administrations.", 8),
        ("Officials from twenty-one partner administrations met.", 21),
        ("Cela porte à vingt-deux le nombre d’administrations partenaires.", 22),
        ("Cela porte à 23 le nombre d’administrations partenaires.", 23),
        ("Delegates from more than 20 partner administrations met.", None),
        ("The survey has been run in 16 countries.", None),
        ("Peru is one of the partners.", None),
    ],
)
def test_partner_count_is_read_in_digits_words_and_french(body: str, count: int | None) -> None:
    assert _count(body, "fr" if "Cela" in body else "en") == count


def test_programme_total_wins_over_a_count_of_newcomers() -> None:
    body = "Five new partner administrations joined, bringing the total to 30."
    assert _count(body) == 30


def test_count_of_partners_later_in_the_article_is_not_the_partner_count() -> None:
    body = "Integrity officers met in Lima.\n\nIn a second panel, two partners shared plans."
    assert _count(body) is None

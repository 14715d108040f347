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


# --- Bare country names where the text makes them partners ------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Three administrations joined the Programme:\n\n* Peru\n* Bolivia\n* Ecuador\n\nMore.",
        "The following partners took part:\n1. Peru\n2. Bolivia\n3. Ecuador",
        "Our newest partners are listed below.\n\n- Peru\n- Bolivia\n- Ecuador",
        "Les nouveaux partenaires sont :\n• le Pérou\n• la Bolivie\n• l'Équateur",
    ],
)
def test_countries_in_a_bulleted_or_numbered_partner_list_are_partners(body: str) -> None:
    assert _roles(body, "fr" if "Les" in body else "en") == {
        "PER": ["partner"], "BOL": ["partner"], "ECU": ["partner"]
    }


def test_bulleted_list_of_venues_gives_no_administration() -> None:
    assert _roles("Workshops were held in:\n- Peru\n- Bolivia") == {}


@pytest.mark.parametrize(
    "body",
    [
        "The Programme's partners Jordan, Lebanon and Iraq presented their plans.",
        "Three partner administrations, namely Jordan, Lebanon and Iraq, met online.",
        "Coordinators of Jordan, Lebanon and Iraq, three new partners, met online.",
        "Jordan, Lebanon and Iraq, also partners of the Programme, sent coordinators.",
        "Les délégations de la Jordanie, du Liban et de l'Irak, trois partenaires, sont venues.",
    ],
)
def test_countries_listed_with_the_word_partners_are_partners(body: str) -> None:
    assert _roles(body, "fr" if "Les" in body else "en") == {
        "JOR": ["partner"], "LBN": ["partner"], "IRQ": ["partner"]
    }


@pytest.mark.parametrize(
    "body",
    [
        "Funding partners Norway and Canada attended the opening.",
        "The workshop took place in Botswana, where partners met.",
        "The partners visited Botswana and Namibia last year.",
        "Partners such as the World Bank and the IMF attended.",
    ],
)
def test_funders_venues_and_destinations_near_the_word_partners_are_not_partners(
    body: str,
) -> None:
    assert _roles(body) == {}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Delegates from Armenia, Georgia and Moldova attended the workshop.",
         {"ARM", "GEO", "MDA"}),
        ("Officials from Tanzania took part in the training.", {"TZA"}),
        ("La délégation du Bénin était présente, ainsi que celle du Togo.", {"BEN", "TGO"}),
        ("Les représentants de la Guinée et du Niger ont pris la parole.", {"GIN", "NER"}),
        ("The Kenyan delegation met the Ugandan delegation in Geneva.", {"KEN", "UGA"}),
        ("La délégation tchadienne a présenté son plan.", {"TCD"}),
    ],
)
def test_delegations_and_officials_of_a_country_are_its_administration(
    body: str, expected: set[str]
) -> None:
    roles = _roles(body, "fr" if body.startswith(("La", "Les")) else "en")
    assert set(roles) == expected
    assert all(r == ["partner"] for r in roles.values())


@pytest.mark.parametrize(
    "body",
    [
        "Representatives of the Chamber of Commerce of Peru and Bolivia attended.",
        "Officials from the Embassy of Japan attended the opening.",
        "Les représentants du Gouvernement du Niger ont assisté à l'ouverture.",
    ],
)
def test_people_from_other_bodies_of_a_country_are_not_its_administration(body: str) -> None:
    assert _roles(body, "fr" if body.startswith("Les") else "en") == {}


# --- Agency forms ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "alpha3"),
    [
        ("The Tonga Ministry of Revenue and Customs reviewed its code.", "TON"),
        ("The Zambia Revenue Authority (ZRA) met. ZRA officials said so.", "ZMB"),
        ("Integrity among Customs officers in Zambia has improved.", "ZMB"),
        ("La Direction générale des douanes et droits indirects (DGDDI) du Cameroun a signé.",
         "CMR"),
        ("La Aduana Nacional de Bolivia presentó su plan.", "BOL"),
        ("El Servicio Nacional de Aduanas del Ecuador firmó el plan.", "ECU"),
        ("A Administração Geral Tributária de Angola assinou o plano.", "AGO"),
        ("The Hong Kong Customs and Excise Department shared its slides.", "HKG"),
    ],
)
def test_agency_forms_in_several_languages_are_found(body: str, alpha3: str) -> None:
    assert _roles(body) == {alpha3: ["partner"]}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Tonga Customs reviewed its code with two experts from Fiji's Ministry of Finance.",
         {"TON": ["partner"], "FJI": ["expert"]}),
        ("Tonga Customs reviewed its code; Fiji's Ministry of Finance opened the event.",
         {"TON": ["partner"]}),
        ("The Ministry of Health of Tonga joined the talks with Tonga Customs.",
         {"TON": ["partner"]}),
    ],
)
def test_ministry_of_finance_counts_only_when_it_lends_experts(
    body: str, expected: dict[str, list[str]]
) -> None:
    assert _roles(body) == expected


def test_well_known_agency_name_without_a_country_is_found() -> None:
    body = "HM Revenue and Customs lent a resource person to the Gambia Revenue Authority."
    assert _roles(body) == {"GBR": ["expert"], "GMB": ["partner"]}


# --- Expertise ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "The trainers came from the Rwanda Revenue Authority.",
        "The facilitators were drawn from Rwanda Revenue Authority staff.",
        "The Rwanda Revenue Authority provided three instructors.",
        "The module was designed with the assistance of the Rwanda Revenue Authority.",
        "The survey was run with support from the Rwanda Revenue Authority.",
        "The Rwanda Revenue Authority acted as a peer mentor for the new partners.",
        "The Rwanda Revenue Authority presented its complaints system to the participants.",
        "The Rwanda Revenue Authority shared its know-how on audits.",
        "La formation a été dispensée par l'Office rwandais des recettes (Rwanda Revenue "
        "Authority).",
        "Les formateurs venaient de la Rwanda Revenue Authority.",
        "La Rwanda Revenue Authority est intervenue en qualité de pair.",
        "La Rwanda Revenue Authority a participé en tant qu'experte.",
    ],
)
def test_phrasings_of_lent_expertise_make_an_expert(body: str) -> None:
    assert _roles(body, "fr" if body.startswith(("La", "Les")) else "en") == {
        "RWA": ["expert"]
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Experts from Japan Customs and the Korea Customs Service trained officers of Lao "
         "Customs.", {"JPN": ["expert"], "KOR": ["expert"], "LAO": ["partner"]}),
        ("Kenya Customs presented its whistle-blowing system to the officers of Togo Customs.",
         {"KEN": ["expert"], "TGO": ["partner"]}),
        ("Experts of the Ghana Revenue Authority trained Togo Customs officers.",
         {"GHA": ["expert"], "TGO": ["partner"]}),
    ],
)
def test_expertise_cue_goes_to_the_lender_not_the_recipient(
    body: str, expected: dict[str, list[str]]
) -> None:
    assert _roles(body) == expected


def test_partner_of_the_wco_is_not_a_programme_partnership() -> None:
    body = ("The instructors came from the Rwanda Revenue Authority, a long-standing partner "
            "of the WCO.")
    assert _roles(body) == {"RWA": ["expert"]}


# --- Hosting -------------------------------------------------------------------------------


def _event(country: str | None, online: bool = False) -> EventFact:
    return EventFact("workshop", "w", None, None, None, country, online, Evidence(0, 1, "x"))


def test_hosted_by_names_only_the_agent_as_host() -> None:
    body = ("The workshop was hosted by the Rwanda Revenue Authority and attended by the "
            "Burundi Revenue Office and the Tanzania Revenue Authority.")
    assert _roles(body) == {
        "RWA": ["partner", "host"], "BDI": ["partner"], "TZA": ["partner"]
    }


@pytest.mark.parametrize(
    ("body", "events"),
    [
        ("Togo Customs hosted a videoconference with the Ghana Revenue Authority.", []),
        ("The seminar was hosted by Togo Customs for the Ghana Revenue Authority.",
         [_event(None, online=True)]),
        ("Togo Customs met the Ghana Revenue Authority. A study visit to Accra is planned.",
         [_event(None, online=True)]),
    ],
)
def test_online_activity_has_no_host(body: str, events: list[EventFact]) -> None:
    assert _roles(body, events=events) == {"TGO": ["partner"], "GHA": ["partner"]}


def test_expert_from_another_country_than_the_venue_is_not_host() -> None:
    body = ("Officers of Togo Customs met in Lomé. Experts of the Ghana Revenue Authority, "
            "based in Accra, trained them.")
    assert _roles(body, events=[_event("TGO")]) == {
        "TGO": ["partner", "host"], "GHA": ["expert"]
    }


def test_invitation_names_the_host() -> None:
    body = "At the invitation of Benin Customs, officers of Niger Customs met in Cotonou."
    assert _roles(body) == {"BEN": ["partner", "host"], "NER": ["partner"]}


# --- Bystanders and carried context -------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "Norwegian Customs, which is not a partner of the Programme, described its hotline.",
        "Finnish Customs, which does not take part in the Programme, described its hotline.",
        "Finnish Customs, a non-partner administration, described its hotline.",
        "La Douane finlandaise, qui ne participe pas au Programme, a présenté sa ligne.",
    ],
)
def test_administration_said_not_to_take_part_is_mentioned(body: str) -> None:
    assert list(_roles(body, "fr" if body.startswith("La") else "en").values()) == [
        ["mentioned"]
    ]


def test_non_participation_of_one_does_not_spread_to_a_partner_in_the_sentence() -> None:
    body = ("Kenya Customs, a partner, compared notes with Finnish Customs, which does not "
            "take part in the Programme.")
    assert _roles(body) == {"KEN": ["partner"], "FIN": ["mentioned"]}


def test_interview_panel_is_not_a_conference_panel() -> None:
    body = "Every interview panel at the Malawi Revenue Authority includes a woman."
    assert _roles(body) == {"MWI": ["partner"]}


def test_sentence_after_a_partners_presented_cue_keeps_partner_status() -> None:
    body = ("The first panel dealt with detection. Two partners then took the floor. "
            "Ghana Customs described its plan.")
    assert _roles(body) == {"GHA": ["partner"]}


@pytest.mark.parametrize(
    ("body", "language", "alpha3"),
    [
        ("The Tonga Revenue and Customs Service (TRCS) adopted a code.", "en", "TON"),
        ("The Directorate of Customs (Dirección de Aduanas, DDA) of the Republic of Korea "
         "signed the plan.", "en", "KOR"),
        ("The Customs Service (Servicio Nacional, SNA) of the Democratic Republic of the Congo "
         "reviewed its charter.", "en", "COD"),
        ("Chile's Superintendence of Tax Administration reviewed its code.", "en", "CHL"),
        ("Brazil's Special Secretariat of the Federal Revenue spoke.", "en", "BRA"),
        ("La Direction générale des douanes et accises (DGDA) de la République démocratique "
         "du Congo a adopté son plan.", "fr", "COD"),
        ("Officials of the Revenue Authority Malawi attended.", "en", "MWI"),
        ("Staff of the Revenue Services Botswana (RSB) attended.", "en", "BWA"),
    ],
)
def test_long_agency_names_around_the_country_are_found(
    body: str, language: str, alpha3: str
) -> None:
    assert _roles(body, language) == {alpha3: ["partner"]}


def test_acronym_after_a_translated_name_is_learnt() -> None:
    body = ("The Directorate of Customs (Dirección de Aduanas, DDA) of Panama signed the plan. "
            "The DDA will report.")
    administrations, _ = extract_administrations(Context.build(body, None, "en"), [])
    assert [a.country for a in administrations] == ["PAN"]


def test_agencies_with_the_country_last_in_a_participant_list_are_all_found() -> None:
    body = ("The participants came from the Malawi Revenue Authority (MRA), the Revenue "
            "Services Botswana (RSB) and the Kenya Revenue Authority (KRA).")
    assert set(_roles(body)) == {"MWI", "BWA", "KEN"}


def test_agency_whose_administration_supported_its_neighbours_is_an_expert() -> None:
    body = ("Mr John Doe, Audit Manager at the Tonga Revenue and Customs Service (TRCS), whose "
            "administration has long supported its neighbours, met the Samoa Customs team.")
    assert _roles(body) == {"TON": ["expert"], "WSM": ["partner"]}


@pytest.mark.parametrize(
    ("body", "language", "expert", "partner"),
    [
        ("The workshop for Ghana Customs was held in Accra. Mr Ba, Head of Audit at Mali "
         "Customs, presented the experience of Mali in risk mapping.", "en", "MLI", "GHA"),
        ("The workshop for Ghana Customs was held in Accra. An officer of Mali Customs "
         "explained the approach followed in Mali.", "en", "MLI", "GHA"),
        ("The workshop for Ghana Customs was held in Accra. An officer of Mali Customs "
         "shared Mali's experience with code of conduct reform.", "en", "MLI", "GHA"),
        ("L'atelier au profit de la Douane nigérienne s'est tenu à Niamey. M. Sow, de la "
         "Douane malienne, a présenté l'expérience du Mali.", "fr", "MLI", "NER"),
        ("L'atelier au profit de la Douane nigérienne s'est tenu à Niamey. Un cadre de la "
         "Douane marocaine a présenté la démarche suivie au Maroc.", "fr", "MAR", "NER"),
        ("L'atelier au profit de la Douane nigérienne s'est tenu à Niamey. Le directeur de la "
         "Douane gabonaise a présenté la réforme menée au Gabon.", "fr", "GAB", "NER"),
    ],
)
def test_administration_presenting_its_own_country_experience_is_an_expert(
    body: str, language: str, expert: str, partner: str
) -> None:
    roles = _roles(body, language)
    assert roles[expert] == ["expert"]
    assert roles[partner][0] == "partner"


def test_own_experience_presented_with_no_other_administration_stays_partner() -> None:
    assert _roles("Mali Customs presented the experience of Mali in risk mapping.") == {
        "MLI": ["partner"]
    }


def test_official_in_an_expert_team_lends_their_administration() -> None:
    body = ("The mission to Malawi Customs took place in Lilongwe. The team was made up of a "
            "WCO expert and Ms Ann Moyo, Senior Integrity Officer at the Ghana Revenue "
            "Authority.")
    roles = _roles(body)
    assert roles["GHA"] == ["expert"]
    assert roles["MWI"][0] == "partner"


@pytest.mark.parametrize(
    "body",
    [
        "Officials of the Malawi Revenue Authority made a study visit to the Kenya Revenue "
        "Authority in Nairobi from 3 to 5 May.",
        "A Malawi Customs delegation went on a study tour to Kenya's Revenue Authority.",
    ],
)
def test_administration_visited_on_a_study_visit_is_expert_and_host(body: str) -> None:
    roles = _roles(body)
    assert roles == {"MWI": ["partner"], "KEN": ["expert", "host"]}


def test_online_study_visit_makes_no_host() -> None:
    body = ("Officials of the Malawi Revenue Authority made a virtual study visit to the Kenya "
            "Revenue Authority.")
    assert _roles(body) == {"MWI": ["partner"], "KEN": ["expert"]}


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("Lesotho Customs attended with the Mauritius Revenue Authority, which is not an A-CIP "
         "partner but offered advice.", "en"),
        ("Lesotho Customs attended. The Mauritius Revenue Authority is not a Programme partner "
         "but took part.", "en"),
        ("Lesotho Customs attended with the Mauritius Revenue Authority, which is not yet one "
         "of the Programme's partners.", "en"),
        ("La Douane lesothane a participé avec la Douane mauricienne, qui n'est pas partenaire "
         "du Programme A-CIP.", "fr"),
        ("La Douane lesothane a participé avec la Douane mauricienne, qui n'est pas encore un "
         "partenaire du Programme.", "fr"),
    ],
)
def test_words_between_not_and_partner_still_negate_the_partnership(
    body: str, language: str
) -> None:
    assert _roles(body, language) == {"LSO": ["partner"], "MUS": ["mentioned"]}


def test_not_only_partners_is_no_negation() -> None:
    body = "Kenya Customs and Uganda Customs are not only partners but also neighbours."
    assert _roles(body) == {"KEN": ["partner"], "UGA": ["partner"]}


def test_non_partner_holding_the_event_on_its_soil_is_host_only() -> None:
    body = ("The workshop brought together Lesotho Customs and the Mauritius Revenue Authority, "
            "which is not an A-CIP partner but hosted it in Port Louis.")
    assert _roles(body) == {"LSO": ["partner"], "MUS": ["host"]}


@pytest.mark.parametrize(
    ("body", "count"),
    [
        ("A webinar took place on 3 May.\n\nThe speakers from three A-CIP partner "
         "administrations shared their plans.", 3),
        ("A webinar took place on 3 May.\n\nParticipants came from 4 partner administrations.",
         4),
        ("Un webinaire a eu lieu le 3 mai.\n\nLes intervenants de deux administrations "
         "partenaires ont présenté leurs plans.", 2),
        ("A webinar took place on 3 May.\n\nSpeakers from more than 20 partner administrations "
         "took part.", None),
        ("The Programme works with 22 partner administrations.\n\nThe speakers from two partner "
         "administrations shared their plans.", 22),
    ],
)
def test_count_of_partners_the_participants_came_from_is_the_partner_count(
    body: str, count: int | None
) -> None:
    assert _count(body, "fr" if body.startswith("Un") else "en") == count


# --- role cues from app/vocab/administration_cues.json ---------------------------------


@pytest.mark.parametrize(
    ("body", "language", "expected"),
    [
        ("The seminar for Kenya Customs benefited from the expertise of Ghana Customs.", "en",
         {"KEN": ["partner"], "GHA": ["expert"]}),
        ("L'atelier au profit de la Douane togolaise a bénéficié de l'expertise de la Douane "
         "sénégalaise.", "fr", {"TGO": ["partner"], "SEN": ["expert"]}),
        ("The WCO, in cooperation with the Rwanda Revenue Authority, ran a course for Zambia "
         "Customs.", "en", {"RWA": ["expert"], "ZMB": ["partner"]}),
    ],
)
def test_expertise_and_beneficiary_phrases_decide_expert_and_partner(
    body: str, language: str, expected: dict
) -> None:
    assert _roles(body, language) == expected


def test_expert_noun_then_a_list_with_acronyms_makes_every_item_an_expert() -> None:
    body = ("Lesotho Customs officers attended sessions led by experts from the Kenya Revenue "
            "Authority (KRA), Uganda Revenue Authority (URA) and Botswana Customs.")
    assert _roles(body) == {"LSO": ["partner"], "KEN": ["expert"], "UGA": ["expert"],
                            "BWA": ["expert"]}


def test_experts_working_with_an_administration_do_not_make_it_an_expert() -> None:
    body = "Over three days the experts worked closely with Zambia Customs on risk profiles."
    assert _roles(body) == {"ZMB": ["partner"]}


def test_administration_as_subject_of_facilitated_is_an_expert() -> None:
    body = ("Malawi Customs managers met in a week-long course. The Mauritius Revenue Authority "
            "(MRA) facilitated the course.")
    assert _roles(body) == {"MWI": ["partner"], "MUS": ["expert"]}


def test_counterparts_in_a_list_of_administrations_with_capital_the_are_experts() -> None:
    body = ("Moldova Customs staff compared notes with counterparts in the Customs "
            "administrations of Norway, The Netherlands and Austria.")
    assert _roles(body) == {"MDA": ["partner"], "NOR": ["expert"], "NLD": ["expert"],
                            "AUT": ["expert"]}


def test_administrations_invited_alongside_the_partners_are_mentioned() -> None:
    body = ("Delegates from the Customs administrations of Togo, Benin and Chad were invited "
            "alongside the A-CIP partner administrations to share their views.")
    assert _roles(body) == {"TGO": ["mentioned"], "BEN": ["mentioned"], "TCD": ["mentioned"]}


@pytest.mark.parametrize(
    ("body", "language", "expected"),
    [
        ("Chad, Benin and Togo are the newest partner administrations of the Programme.", "en",
         ["TCD", "BEN", "TGO"]),
        ("The survey ran in four more countries, namely: Nepal, Bhutan, Laos and Cambodia.", "en",
         ["NPL", "BTN", "LAO", "KHM"]),
        ("Le cours réunit les trois pays de la sous-région : le Ghana, la Tunisie et le Mali.",
         "fr", ["GHA", "TUN", "MLI"]),
    ],
)
def test_bare_list_after_or_before_a_participation_phrase_gives_partners(
    body: str, language: str, expected: list[str]
) -> None:
    assert _roles(body, language) == {alpha3: ["partner"] for alpha3 in expected}


def test_bare_list_beside_administrations_named_elsewhere_is_found() -> None:
    body = ("The sessions answered needs identified by Jamaica, Belize and Guyana. "
            "Belize Customs and the Guyana Revenue Authority then set out their plans.")
    assert set(_roles(body)) == {"JAM", "BLZ", "GUY"}


def test_bare_list_of_venues_is_not_a_list_of_administrations() -> None:
    body = ("Workshops were held in Jamaica, Belize and Guyana. Belize Customs set out its "
            "plan.")
    assert set(_roles(body)) == {"BLZ"}


def test_list_invited_alongside_partners_is_no_partnership_statement() -> None:
    body = ("Chad, Benin and Togo were invited alongside the partner administrations of the "
            "Programme.")
    assert "partner" not in str(_roles(body))


# --- hosts ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "language", "alpha3"),
    [
        ("The Jamaica Customs Agency, current chair of the regional integrity group and a "
         "long-standing member of the Programme, organised on 3 May a seminar on ethics.", "en",
         "JAM"),
        ("Les douanes sénégalaises, avec l'appui du Programme de l'OMD, ont tenu un atelier "
         "sur le contrôle interne.", "fr", "SEN"),
        ("From 4 to 8 March, Peru (SUNAT) Customs brought together twenty young officers.",
         "en", "PER"),
        ("La Direction générale des douanes du Togo a lancé le 2 mars 2024 le deuxième "
         "sondage sur la perception de l'intégrité.", "fr", "TGO"),
    ],
)
def test_administration_holding_an_activity_is_its_host(
    body: str, language: str, alpha3: str
) -> None:
    assert _roles(body, language) == {alpha3: ["partner", "host"]}


def test_administration_whose_country_is_the_place_of_a_dated_activity_is_host() -> None:
    body = ("Zambia Customs and Malawi Customs are partners. The first mission was undertaken "
            "in Zambia in April.")
    assert _roles(body) == {"ZMB": ["partner", "host"], "MWI": ["partner"]}


def test_background_activity_placed_in_a_country_with_a_year_only_gives_no_host() -> None:
    body = ("Zambia Customs staff discussed the results of the survey conducted in Zambia in "
            "2021.")
    assert _roles(body) == {"ZMB": ["partner"]}


def test_several_administrations_each_holding_an_activity_give_no_host() -> None:
    body = ("The Customs administrations of Nepal and Bhutan have each conducted two surveys "
            "since joining the Programme.")
    assert _roles(body) == {"NPL": ["partner"], "BTN": ["partner"]}


def test_expert_is_not_host_of_an_activity_it_only_helps_hold() -> None:
    body = ("Kenya Customs held a workshop on 4 June with the support of experts from the "
            "Uganda Revenue Authority (URA), who facilitated the sessions.")
    assert _roles(body) == {"KEN": ["partner", "host"], "UGA": ["expert"]}


@pytest.mark.parametrize(
    ("body", "language", "expected"),
    [
        ("The Programme is running activities with six partner countries in the region, "
         "Honduras among them.", "en", 6),
        ("La Douane gabonaise est partenaire du Programme et fait partie des douze "
         "administrations douanières retenues.", "fr", 12),
        ("Peru is a partner; it is one of the nine administrations selected for the "
         "Programme.", "en", 9),
    ],
)
def test_partner_count_from_activities_with_or_administrations_selected(
    body: str, language: str, expected: int
) -> None:
    assert _count(body, language) == expected


def test_officials_from_a_region_and_a_country_give_that_country() -> None:
    body = "The course was attended by 40 Customs officials from West Africa and Ghana."
    assert _roles(body) == {"GHA": ["partner"]}


# --- administrations known by their own name or acronym (app/vocab/customs_agencies.csv) -


@pytest.mark.parametrize(
    ("body", "language", "alpha3"),
    [
        ("Les cadres ont travaillé avec des expertes de l'Agence des services frontaliers du "
         "Canada.", "fr", "CAN"),
        ("Les formateurs de l'ASFC ont présenté leur réseau.", "fr", "CAN"),
        ("Officers of the ABF spoke about insider threats.", "en", "AUS"),
        ("The Spanish Tax Agency reviewed its audit plan.", "en", "ESP"),
        ("La DGD a présenté son plan d'action au Niger.", "fr", "NER"),
    ],
)
def test_administration_named_only_by_its_own_name_or_acronym_is_found(
    body: str, language: str, alpha3: str
) -> None:
    assert set(_roles(body, language)) == {alpha3}


def test_shared_acronym_with_no_owner_named_gives_nothing() -> None:
    assert _roles("La DGD a présenté son plan d'action.", "fr") == {}


def test_acronym_that_is_also_a_common_word_needs_its_country_named() -> None:
    assert _roles("Ana Silva spoke at the ANA conference.") == {}
    assert set(_roles("In Panama, the ANA reviewed its code.")) == {"PAN"}


def test_administration_the_title_names_is_a_partner_even_where_its_staff_are_experts() -> None:
    body = ("Over two days, training experts from the Zambia Revenue Authority shared views "
            "with WCO experts.")
    administrations, _ = extract_administrations(
        Context.build(body, None, "en", "Zambia Revenue Authority reviews its training"), [])
    assert {a.country: a.roles for a in administrations} == {"ZMB": ["partner"]}
    assert _roles(body) == {"ZMB": ["expert"]}


def test_every_administration_and_count_carries_the_rule_that_decided_it() -> None:
    from app.ingest.extract.organisations import _ROLE_RULES

    body = ("Ghana Customs held a workshop for its staff. Experts from the Kenya Revenue "
            "Authority took part. The Programme works with 12 partner administrations.")
    administrations, count = extract_administrations(Context.build(body, None, "en"), [])
    assert all(a.rule in _ROLE_RULES for a in administrations)
    assert {a.country: a.rule for a in administrations}["KEN"] == "expert-cue"
    assert count is not None and count.rule == "total-stated"


@pytest.mark.parametrize(
    "body",
    [
        "Officers of the Federal Customs Board (FCB) met. Moldova FCB's plan was reviewed.",
        "The National Customs Board (NCB) reported. The NCB of Moldova then met twice.",
    ],
)
def test_acronym_defined_without_a_country_binds_to_the_country_written_beside_it(
    body: str,
) -> None:
    assert set(_roles(body)) == {"MDA"}


def test_organisation_acronym_beside_a_country_is_no_administration() -> None:
    body = "The World Customs Organization (WCO) met. Kenya WCO staff attended."
    assert _roles(body) == {}


def test_expert_cue_reaches_every_item_of_a_long_list_of_named_agencies() -> None:
    body = ("Chad Customs officers joined the course facilitated by experts from the General "
            "Directorate of Customs and Excise of Indonesia (DGCE), the Rwanda Revenue "
            "Authority (RRA) and the Directorate General of Customs of Peru (SUNAT).")
    assert _roles(body) == {"TCD": ["partner"], "IDN": ["expert"], "RWA": ["expert"],
                            "PER": ["expert"]}


def test_pronoun_subject_holding_an_activity_stands_for_the_administration_before() -> None:
    body = ("Since 2020, Gabonese Customs has been working with the Programme. With the help "
            "of WCO experts, it organised a seminar on 2 May on its integrity plan.")
    assert _roles(body) == {"GAB": ["partner", "host"]}


def test_pronoun_after_a_sentence_naming_two_administrations_gives_no_host() -> None:
    body = ("Gabonese Customs and Chad Customs are partners. In May it organised a seminar.")
    assert _roles(body) == {"GAB": ["partner"], "TCD": ["partner"]}


def _titled_roles(title: str, body: str) -> dict:
    administrations, _ = extract_administrations(Context.build(body, None, "en", title), [])
    return {a.country: a.roles for a in administrations}


@pytest.mark.parametrize(
    "title",
    [
        "Peruvian expert helps Zambia review its complaints system",
        "Zambia Revenue Authority learns from Peru's experience",
    ],
)
def test_title_naming_the_expert_or_two_countries_gives_no_subject(title: str) -> None:
    body = "Over two days, internal affairs experts from Peru Customs shared their methods."
    assert _titled_roles(title, body) == {"PER": ["expert"]}


def test_expert_noun_reaches_an_agency_through_a_name_and_title_in_apposition() -> None:
    body = ("Chad Customs staff took part. The second resource person, Jane Doe, Special "
            "Agent, Japan Customs, described her unit's work.")
    assert _roles(body) == {"TCD": ["partner"], "JPN": ["expert"]}

"""People: named persons with their title and organisation as stated."""

from __future__ import annotations

import pytest

from app.ingest.extract.context import Context
from app.ingest.extract.people import extract_people

Row = tuple[str, str | None, str | None]


def _people(text: str, language: str = "en") -> list[Row]:
    found = extract_people(Context.build(text, None, language))
    return [(p.name, p.title, p.organization) for p in found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will act,” said Peter Mwangi, Director of Enforcement at the Kenya Revenue "
         "Authority.", ("Peter Mwangi", "Director of Enforcement", "Kenya Revenue Authority")),
        ("Lucia Fernández, Head of Ethics of the National Customs Service of Chile, opened it.",
         ("Lucia Fernández", "Head of Ethics", "National Customs Service of Chile")),
        ("Omar Haddad, Chief Inspector, Jordan Customs, chaired the panel.",
         ("Omar Haddad", "Chief Inspector", "Jordan Customs")),
        ("The course was led by Sarah O’Neill, a senior trainer with the Irish Revenue "
         "Commissioners (IRC), over two days.",
         ("Sarah O’Neill", "senior trainer", "Irish Revenue Commissioners")),
        ("Photo: Mei Lin Tan, Integrity Officer at the Singapore Customs, speaks.",
         ("Mei Lin Tan", "Integrity Officer", "Singapore Customs")),
    ],
)
def test_name_then_title_and_organisation(text: str, expected: Row) -> None:
    assert _people(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“It works,” said Deputy Commissioner Grace Achieng-Otieno, who led the team.",
         ("Grace Achieng-Otieno", "Deputy Commissioner", None)),
        ("Opening the event, WCO Deputy Director Tomás Ruiz said integrity matters.",
         ("Tomás Ruiz", "Deputy Director", "WCO")),
        ("Senior Integrity Adviser Ivana Petrović presented the tool.",
         ("Ivana Petrović", "Senior Integrity Adviser", None)),
    ],
)
def test_title_before_name(text: str, expected: Row) -> None:
    assert _people(text) == [expected]


def test_apposition_after_title_and_organisation() -> None:
    text = ("Closing the week, the Director General of Zambia Customs, Mwila Banda, thanked "
            "the experts.")
    assert _people(text) == [("Mwila Banda", "Director General", "Zambia Customs")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. John Okello, Commissioner of Customs, opened the meeting.",
         ("John Okello", "Commissioner of Customs", None)),
        ("Mme Awa Traoré, cheffe du bureau des enquêtes, a pris la parole.",
         ("Awa Traoré", "cheffe du bureau des enquêtes", None)),
        ("La séance a été ouverte par M. Paul Kaboré, Directeur général des douanes.",
         ("Paul Kaboré", "Directeur général des douanes", None)),
        ("Le Colonel Issa Maïga, chef de la brigade mobile de la Douane malienne, a parlé.",
         ("Issa Maïga", "chef de la brigade mobile", "Douane malienne")),
        ("Dr. Helen Brooks joined the session remotely.", ("Helen Brooks", None, None)),
    ],
)
def test_honorific_dropped_from_name(text: str, expected: Row) -> None:
    assert _people(text, "fr") == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("« Nous agirons », a déclaré Fatou Ndiaye, directrice de l’audit interne de la "
         "Direction générale des douanes du Sénégal.",
         ("Fatou Ndiaye", "directrice de l’audit interne",
          "Direction générale des douanes du Sénégal")),
        ("Selon Karim Ben Youssef, conseiller en intégrité à l’OMD, le guide est prêt.",
         ("Karim Ben Youssef", "conseiller en intégrité", "OMD")),
        ("Aïcha Diallo, coordonnatrice nationale du Programme A-CIP, a présenté le plan.",
         ("Aïcha Diallo", "coordonnatrice nationale du Programme A-CIP", None)),
    ],
)
def test_french_name_then_title(text: str, expected: Row) -> None:
    assert _people(text, "fr") == [expected]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The plan was presented by Samuel T. Doe, Commissioner for Customs at the LRA.",
         "Samuel T. Doe"),
        ("Pieter van der Berg, Senior Auditor at the Dutch Customs, spoke next.",
         "Pieter van der Berg"),
        ("Jean-Paul N’Dri, Inspector at Côte d’Ivoire Customs, described the hotline.",
         "Jean-Paul N’Dri"),
    ],
)
def test_initials_particles_and_hyphens_stay_in_the_name(text: str, name: str) -> None:
    assert [p[0] for p in _people(text)] == [name]


def test_organisation_only_implied_by_a_title_is_null() -> None:
    text = "Mr. Lars Berg, Ambassador of Norway to Belgium, welcomed the guests."
    assert _people(text) == [("Lars Berg", "Ambassador of Norway to Belgium", None)]


@pytest.mark.parametrize(
    "text",
    [
        "The Customs Integrity Perception Survey was run in Burkina Faso, Sierra Leone and Peru.",
        "The Director General of Ghana Customs said the plan was ready.",
        "Officials from the Federal Board of Revenue and the Revenue Authority met in Lusaka.",
        "Meridian Integrity Advisors, a consulting firm, drafted the text.",
        "Opening Remarks were given in Dar es Salaam, Tanzania, on Monday.",
        "A representative of U.S. Customs and Border Protection explained the method.",
    ],
)
def test_organisations_places_and_unnamed_officials_are_not_people(text: str) -> None:
    assert _people(text) == []


def test_person_named_twice_is_reported_once_with_what_each_mention_says() -> None:
    text = ("Programme Manager Ruth Amani opened the meeting. Ruth Amani, Programme Manager at "
            "the WCO, closed it.")
    assert _people(text) == [("Ruth Amani", "Programme Manager", "WCO")]


def test_person_carries_the_sentence_as_evidence() -> None:
    text = "The meeting ended. “Good work,” said Ali Hassan, Head of Risk at Oman Customs."
    [person] = extract_people(Context.build(text, None, "en"))
    assert text[person.evidence.start : person.evidence.end] == person.evidence.sentence
    assert "Ali Hassan" in person.evidence.sentence


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tariq Aziz, Head of the Risk Analysis Unit of the Federal Revenue Service, spoke.",
         ("Tariq Aziz", "Head of the Risk Analysis Unit", "Federal Revenue Service")),
        ("Lina Costa, Director of the Ethics Office of the Receita Federal in Recife, spoke.",
         ("Lina Costa", "Director of the Ethics Office", "Receita Federal")),
        ("Mme Awa Sarr, cheffe de la Division des enquêtes de la Douane gabonaise, a parlé.",
         ("Awa Sarr", "cheffe de la Division des enquêtes", "Douane gabonaise")),
        ("Mme Rose Mba, directrice de l’Éthique et de la Discipline à la Direction générale "
         "des douanes du Gabon, a parlé.",
         ("Rose Mba", "directrice de l’Éthique et de la Discipline",
          "Direction générale des douanes du Gabon")),
    ],
)
def test_title_is_cut_at_the_last_of_or_de_that_names_a_body(text: str, expected: Row) -> None:
    assert _people(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pedro Gómez, Director General de Aduanas of Uruguay, opened the meeting.",
         ("Pedro Gómez", "Director General de Aduanas", None)),
        ("M. Ali Soilihi, directeur général des douanes du Tchad, a conclu.",
         ("Ali Soilihi", "directeur général des douanes", None)),
        ("Mr. Sven Holm, Ambassador of Sweden, welcomed the guests.",
         ("Sven Holm", "Ambassador of Sweden", None)),
        ("Raveen Singh, Comptroller of Customs, spoke.",
         ("Raveen Singh", "Comptroller of Customs", None)),
    ],
)
def test_a_bare_country_is_not_an_organisation(text: str, expected: Row) -> None:
    assert _people(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Au lancement, le Directeur général des douanes, Issa Traoré, a rappelé les règles.",
         ("Issa Traoré", "Directeur général des douanes", None)),
        ("Son collègue, le directeur général des douanes, M. Paul Zinsou, a conclu.",
         ("Paul Zinsou", "directeur général des douanes", None)),
        ("La directrice des enquêtes de l’OTC, Mme Ama Kpodo, a présenté le plan.",
         ("Ama Kpodo", "directrice des enquêtes", "OTC")),
        ("Later, the senior integrity adviser, Tom Berg, said the plan was ready.",
         ("Tom Berg", "senior integrity adviser", None)),
    ],
)
def test_title_clause_before_a_name_set_off_by_commas(text: str, expected: Row) -> None:
    assert _people(text, "fr") == [expected]


def test_clause_with_a_verb_before_a_name_is_not_a_title() -> None:
    text = "Le directeur a remercié les experts, Jean Dupont, Marc Durand, qui ont animé."
    assert all(p[1] is None for p in _people(text, "fr"))


def test_title_continued_after_a_comma_keeps_its_qualifier() -> None:
    text = ("The team, led by Ms. Ruth Wairimu, Deputy Commissioner, Policy and Compliance, "
            "at the TRA, presented the policy.")
    assert _people(text) == [("Ruth Wairimu", "Deputy Commissioner, Policy and Compliance",
                              "TRA")]


def test_organisation_after_a_name_with_a_title_before_it() -> None:
    text = "Commissioner General Paul Musoke of the ZRA said the rules would change."
    assert _people(text) == [("Paul Musoke", "Commissioner General", "ZRA")]


def test_its_before_a_title_refers_to_the_body_the_sentence_before_is_about() -> None:
    text = ("The Ghana Revenue Authority led the ranking. Its Commissioner General, Ama Owusu, "
            "said it would continue.")
    assert _people(text) == [("Ama Owusu", "Commissioner General", "Ghana Revenue Authority")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Deputy Director General of Customs of the Philippines, Ana Reyes, spoke.",
         ("Ana Reyes", "Deputy Director General of Customs", None)),
        ("Le Directeur général des Douanes du Sénégal, M. Mbaye Ndiaye, a présidé.",
         ("Mbaye Ndiaye", "Directeur général des Douanes", None)),
        ("Mr. Kofi Boateng, Director of Customs of the Ghana Revenue Authority, said so.",
         ("Kofi Boateng", "Director of Customs", "Ghana Revenue Authority")),
    ],
)
def test_customs_of_a_country_ends_the_title(text: str, expected: Row) -> None:
    assert _people(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Selon le directeur de la lutte contre la fraude, Ibrahim Sow, les saisies ont "
         "augmenté.", ("Ibrahim Sow", "directeur de la lutte contre la fraude", None)),
        ("En présence du ministre des Finances, Abdoulaye Koné, la séance s’est tenue.",
         ("Abdoulaye Koné", "ministre des Finances", None)),
        ("According to the Head of Integrity at Rwanda Revenue Authority, Alice Uwase, it "
         "works.", ("Alice Uwase", "Head of Integrity", "Rwanda Revenue Authority")),
    ],
)
def test_title_clause_may_open_with_a_preposition(text: str, expected: Row) -> None:
    assert _people(text) == [expected]

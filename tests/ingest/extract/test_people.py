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


def _rules(text: str, language: str = "en") -> list[tuple[str, str]]:
    return [(p.name, p.rule) for p in extract_people(Context.build(text, None, language))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("La séance a été ouverte par le directeur général des douanes Omar Diagne, hier.",
         ("Omar Diagne", "directeur général des douanes", None)),
        ("Selon la représentante du ministère des Finances Aminata Sy « tout est prêt ».",
         ("Aminata Sy", "représentante", "ministère des Finances")),
        ("Présent à la rencontre, le vice-président de la Cenaco (la commission nationale) "
         "Boubacar Cissé a pris la parole.", ("Boubacar Cissé", "vice-président", "Cenaco")),
    ],
)
def test_title_in_lower_case_right_before_the_name(text: str, expected: Row) -> None:
    assert _people(text, "fr") == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "Le discours du Directeur général de Guinée Customs a été salué.",
        "The speech of the Deputy Director of Nairobi Customs praised the project.",
        "The closing words of the Director of Trade Facilitation of Lake Victoria Basin "
        "Commission thanked everyone.",
    ],
)
def test_title_before_a_place_or_body_is_not_a_person(text: str) -> None:
    assert _people(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le rapport a été présenté par le chef de l’Inspection des services à la Direction "
         "générale des douanes (DGD), le colonel Idrissa Maïga.",
         ("Idrissa Maïga", "chef de l’Inspection des services", "Direction générale des douanes")),
        ("En présence du directeur général des Douanes, l’inspecteur général Seydou Keita, "
         "l’atelier a commencé.", ("Seydou Keita", "directeur général des Douanes", None)),
        ("Le Premier ministre, Son Excellence Monsieur Issa Kanté, a ouvert la journée.",
         ("Issa Kanté", "Premier ministre", None)),
    ],
)
def test_french_ranks_and_honorifics_are_left_out(text: str, expected: Row) -> None:
    assert _people(text, "fr") == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The national Vice-Chair and Commissioner of ZRA, Ms. Ruth Phiri, opened it.",
         ("Ruth Phiri", "national Vice-Chair and Commissioner", "ZRA")),
        ("The Commissioner General, Mr. Paul K. Mwale and the Commissioner for Domestic "
         "Taxes, Ms. Rita Banda, closed the week.",
         ("Paul K. Mwale", "Commissioner General", None)),
    ],
)
def test_apposition_reads_the_clause_after_its_last_determiner(text: str, expected: Row) -> None:
    assert _people(text)[0] == expected


def test_second_apposition_joined_by_and_keeps_its_own_title() -> None:
    text = ("The Commissioner General, Mr. Paul K. Mwale and the Commissioner for Domestic "
            "Taxes, Ms. Rita Banda, closed the week.")
    assert _people(text)[1] == ("Rita Banda", "Commissioner for Domestic Taxes", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They met the newly appointed Zambia Revenue Authority (ZRA) Commissioner General "
         "(CG), Mr. Dan Mumba to review the plan.",
         ("Dan Mumba", "Commissioner General", "Zambia Revenue Authority")),
        ("In her remarks, Ms. Neema Said, the ZRA Acting Station Manager, praised the staff.",
         ("Neema Said", "Acting Station Manager", "ZRA")),
        ("Mr. Tim Ross, WCO A-CIP Programme Manager, said the results were encouraging.",
         ("Tim Ross", "A-CIP Programme Manager", "WCO")),
    ],
)
def test_body_named_before_the_title_is_the_organisation(text: str, expected: Row) -> None:
    assert _people(text) == [expected]


def test_unit_at_the_end_of_a_title_stays_in_the_title() -> None:
    text = ("A last meeting was held with Mr. Aron Tesfaye, Deputy Commissioner of the Border "
            "Control Division and his team.")
    assert _people(text) == [
        ("Aron Tesfaye", "Deputy Commissioner of the Border Control Division", None)]


def test_title_after_the_name_ends_at_a_parenthesis_followed_by_a_clause() -> None:
    text = ("Pour Awa Kaboré, présidente du comité d’éthique et de la déontologie (CED) les "
            "résultats vont guider les réformes à venir.")
    assert _people(text, "fr") == [
        ("Awa Kaboré", "présidente du comité d’éthique et de la déontologie (CED)", None)]


def test_clause_after_the_name_is_not_a_title() -> None:
    text = ("La séance a été présidée par le secrétaire général du ministère des Finances, "
            "Moussa Bah, en présence du directeur général des Douanes.")
    assert _people(text, "fr") == [("Moussa Bah", "secrétaire général", "ministère des Finances")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Selon Marie Ouédraogo/ Zongo, cheffe de service, le taux a baissé.",
         "Marie Ouédraogo/ Zongo"),
        ("M. Abdoulaye TRAORÉ, Directeur général des Douanes, a conclu.", "Abdoulaye TRAORÉ"),
    ],
)
def test_slashed_names_and_surnames_in_capitals_are_whole(text: str, name: str) -> None:
    assert [row[0] for row in _people(text, "fr")] == [name]


def test_title_then_a_surname_alone_in_capitals() -> None:
    text = "Pour sa part, le Président KONATÉ s’est dit prêt à aider."
    assert _people(text, "fr") == [("KONATÉ", "Président", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Le rapport de la HALCIA (Haute Autorité) a été remis au Directeur HALCIA hier.",
        "The Commissioner KRA attended.",
        "Les délégués de la CEDEAO et de l’UEMOA ont salué le travail du CNPM SARL.",
    ],
)
def test_acronyms_in_capitals_are_not_surnames(text: str) -> None:
    assert _people(text, "fr") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Photo: from left, Mr. Tom Baker, WCO; Ms. Alice Moyo, ZIMRA; and Mr. Lee Park, KCS.",
         [("Tom Baker", None, "WCO"), ("Alice Moyo", None, "ZIMRA"), ("Lee Park", None, "KCS")]),
        ("Ms. Helena Costa, from the Portuguese Tax and Customs Authority, shared her views.",
         [("Helena Costa", None, "Portuguese Tax and Customs Authority")]),
        ("Mr. Ali Hassan (Oman Customs Directorate) presented the results.",
         [("Ali Hassan", None, "Oman Customs Directorate")]),
    ],
)
def test_body_alone_after_a_name_with_an_honorific(text: str, expected: list[Row]) -> None:
    assert _people(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Panelists came from the Private Sector Integrity Group, INTERPOL and the SADC.",
        "The WCO held a virtual workshop on Stakeholder Relations, with ZIMRA.",
        "Tools such as the Performance Measurement Mechanism (PMM) were presented.",
        "The Revised Arusha Declaration highlighted the ten key factors.",
    ],
)
def test_bodies_tools_and_topics_before_a_body_are_not_people(text: str) -> None:
    assert _people(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Abdul Bangura, Deputy Commissioner-General of the National Revenue Authority "
         "(NRA), chaired the panel.",
         ("Abdul Bangura", "Deputy Commissioner-General", "National Revenue Authority")),
        ("El Superintendente de Aduanas, Marco Díaz, inauguró el taller.",
         ("Marco Díaz", "Superintendente de Aduanas", None)),
        ("Customs Commissioner Rose Mutua and Deputy Commissioner Tom Otieno led it.",
         ("Tom Otieno", "Deputy Commissioner", None)),
    ],
)
def test_hyphenated_heads_spanish_articles_and_two_titled_names(
    text: str, expected: Row
) -> None:
    assert expected in _people(text, "es" if text.startswith("El") else "en")


def test_byline_on_its_own_line_is_a_person() -> None:
    assert _rules("Photos of the day\nBy Maria Okafor\nThe workshop opened on Monday.") == [
        ("Maria Okafor", "byline")]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Mr. John Okello, Commissioner of Customs, opened the meeting.", "title-after"),
        ("Senior Integrity Adviser Ivana Petrović presented the tool.", "title-before"),
        ("The Director General of Zambia Customs, Mwila Banda, spoke.", "apposition-before"),
        ("Le rapport a été lu par le directeur des enquêtes Ali Touré hier.",
         "title-clause-before"),
        ("Dr. Helen Brooks joined the session remotely.", "honorific"),
        ("“It works,” said Peter Otieno.", "speech-verb"),
    ],
)
def test_person_names_the_cue_that_decided_it(text: str, rule: str) -> None:
    [(_, found)] = _rules(text, "fr" if text.startswith("Le ") else "en")
    assert found == rule


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("« Le code est prêt », souligne Karim Sawadogo.", "fr"),
        ("Karim Sawadogo ajoutera que la formation continue.", "fr"),
        ("Karim Sawadogo, who leads the ethics team, spoke first.", "en"),
    ],
)
def test_speech_verbs_in_the_present_and_who_clauses_mark_a_person(
    text: str, language: str
) -> None:
    assert [row[0] for row in _people(text, language)] == ["Karim Sawadogo"]


@pytest.mark.parametrize(
    "text",
    [
        "L’Organisation Mondiale, qui regroupe 186 membres, a publié le guide.",
        "The Time Release Study, which was run in May, ended.",
    ],
)
def test_bodies_before_a_relative_clause_are_not_people(text: str) -> None:
    assert _people(text, "fr" if text.startswith("L’") else "en") == []


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("O Diretor-Geral das Alfândegas de Cabo Verde, Sr. Rui Lopes, abriu o seminário.", "pt",
         ("Rui Lopes", "Diretor-Geral das Alfândegas", None)),
        ("A sessão foi encerrada pela Dra. Ana Sitoe, Directora de Auditoria da Autoridade "
         "Tributária.", "pt", ("Ana Sitoe", "Directora de Auditoria", "Autoridade Tributária")),
    ],
)
def test_portuguese_titles_and_honorifics(text: str, language: str, expected: Row) -> None:
    assert _people(text, language) == [expected]


def test_determiner_then_title_then_body_is_not_a_person() -> None:
    text = "It was attended by a representative of the Andean Economic Integration Board."
    assert _people(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The survey pleased Ms. Haugen, who praised the staff.", ["Haugen"]),
        ("Ms. Haugen opened it. Later Ms. Ingrid Haugen closed the session.", ["Ingrid Haugen"]),
        ("Ms. Ingrid Haugen opened it. Later Ms. Haugen closed the session.", ["Ingrid Haugen"]),
    ],
)
def test_surname_alone_after_an_honorific_unless_a_fuller_name_holds_it(
    text: str, expected: list[str]
) -> None:
    assert [row[0] for row in _people(text)] == expected


def test_rank_before_a_single_word_of_a_body_is_not_a_person() -> None:
    assert _people("The Union of Major Exporters sent a delegate.") == []


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Photo: Kofi Mensah and Jane Doe at the signing.", "en", ["Kofi Mensah", "Jane Doe"]),
        ("From left: Peter Banda, Alice Moyo and Lee Park.", "en",
         ["Peter Banda", "Alice Moyo", "Lee Park"]),
        ("Légende : Moussa Diallo et Awa Ndiaye lors de la cérémonie.", "fr",
         ["Moussa Diallo", "Awa Ndiaye"]),
    ],
)
def test_names_listed_in_a_photo_caption(text: str, language: str, expected: list[str]) -> None:
    assert [row[0] for row in _people(text, language)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "Photo: Sierra Leone Customs officers after the session.",
        "Photo: Revised Arusha Declaration workshop in Lomé.",
        "Photo credit: WCO Communications",
    ],
)
def test_places_and_topics_in_a_caption_are_not_people(text: str) -> None:
    assert _people(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Kofi Mensah, in his opening remarks, stressed the value of integrity.",
        "Kofi Mensah also noted the progress made since the survey.",
    ],
)
def test_speech_verb_after_an_aside_or_an_adverb(text: str) -> None:
    assert [row[0] for row in _people(text)] == ["Kofi Mensah"]


def test_document_before_an_aside_and_a_speech_verb_is_not_a_person() -> None:
    text = "The Revised Arusha Declaration, in its preamble, stressed integrity."
    assert _people(text) == []

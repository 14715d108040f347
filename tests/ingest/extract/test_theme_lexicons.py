"""Themes on the phrasings of real pages: key factor names, topics named in a list of what
was discussed, lexicons in several languages, and the threshold (discussed, not brushed).
Every sentence here is written for the test."""

from __future__ import annotations

import json
from importlib.resources import files

import pytest

from app.ingest.extract.context import Context
from app.ingest.extract.themes import THEME_CUES, _is_weak, extract_themes
from app.vocab import theme_slugs


def _themes(text: str, title: str | None = None) -> set[str]:
    return {t.slug for t in extract_themes(Context.build(text, None, "en", title))}


def _lexicons() -> dict[str, dict[str, list[dict[str, object]]]]:
    data = json.loads(files("app.vocab").joinpath("theme_lexicons.json").read_text("utf-8"))
    themes: dict[str, dict[str, list[dict[str, object]]]] = data["themes"]
    return themes


def test_every_slug_has_an_english_and_a_french_lexicon() -> None:
    lexicons = _lexicons()
    assert sorted(lexicons) == sorted(theme_slugs()) == sorted(THEME_CUES)
    for slug, by_language in lexicons.items():
        assert by_language.get("en") and by_language.get("fr"), slug
        for entries in by_language.values():
            for entry in entries:
                assert entry["weight"] in (1, 2, 3) and entry["terms"], (slug, entry)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("The mission was framed by the Audit and Investigation key factor.",
         "audit-investigation"),
        ("Their plan answers the key factor Relationship with the Private Sector.",
         "private-sector-relations"),
        ("This support follows the key factor Morale and Organizational Culture.",
         "morale-culture"),
        ("Le projet relève du facteur clé Leadership et engagement.", "leadership-commitment"),
    ],
)
def test_a_key_factor_named_as_the_frame_of_an_activity_is_a_theme(
        text: str, slug: str) -> None:
    assert slug in _themes(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("The administration wants to build an organisational culture that rejects bribes.",
         "morale-culture"),
        ("Managers vowed to anchor a culture of integrity in every border post.",
         "morale-culture"),
        ("La direction veut renforcer la culture organisationnelle des services.",
         "morale-culture"),
        ("The Authority is modernising and reforming its clearance procedures.",
         "reform-modernization"),
        ("Officials met the customs brokers association and discussed the private sector’s "
         "concerns about delays.",
         "private-sector-relations"),
        ("Port staff learned to map integrity risks along the transit chain.",
         "corruption-risk-mapping"),
        ("La douane a lancé un sondage sur la perception de son intégrité auprès des usagers.",
         "integrity-perception-survey"),
        ("Customs and shippers agreed to fight corruption together. They will also jointly "
         "find solutions to corruption at the port.", "collective-action"),
        ("The agency praised the use of data in its integrity work.",
         "data-performance-measurement"),
        ("Investigators need special training and must develop interviewing skills.",
         "training"),
        ("The new e-learning course on ethics opened in March.", "e-learning"),
        ("Delegates shared how their community of integrity practice works.",
         "community-of-practice"),
    ],
)
def test_a_phrase_that_names_the_topic_is_enough(text: str, slug: str) -> None:
    assert slug in _themes(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("The agenda also covered gender equality and the relationship with traders.",
         "private-sector-relations"),
        ("Discussions focused on staff rotation and rewards and sanctions regimes.",
         "hr-management"),
        ("Particular attention was paid to diversity in the new teams.",
         "gender-equality-diversity"),
        ("Les échanges ont porté notamment sur la rotation du personnel.", "hr-management"),
        ("Os debates centraram-se na diversidade das equipas.", "gender-equality-diversity"),
    ],
)
def test_a_topic_named_in_a_list_of_what_was_discussed_counts(text: str, slug: str) -> None:
    assert slug in _themes(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Les experts ont présenté le code de conduite des agents.", "code-of-conduct"),
        ("O inquérito de perceção da integridade foi repetido este ano.",
         "integrity-perception-survey"),
        ("A administração adoptou um novo código de conduta.", "code-of-conduct"),
        ("La encuesta de percepción se aplicó en los puertos.", "integrity-perception-survey"),
    ],
)
def test_lexicons_of_other_languages_find_the_theme(text: str, slug: str) -> None:
    assert slug in _themes(text)


def test_bullet_list_of_the_key_factors_gives_no_theme() -> None:
    text = ("The Declaration lists these factors:\n"
            "- leadership and commitment;\n"
            "- the regulatory framework;\n"
            "- human resource management;\n"
            "- the code of conduct, with internal controls;\n"
            "- relations with the private sector;\n"
            "- automation;\n"
            "- audit and investigation.")
    assert _themes(text) == set()


def test_a_few_key_factors_chosen_for_a_plan_are_its_topics_not_the_declarations_list() -> None:
    text = ("The integrity action plan targets four key factors: the code of conduct, human "
            "resource management, audit and investigation, and automation.")
    assert {"code-of-conduct", "hr-management", "audit-investigation",
            "automation"} <= _themes(text)


def test_sentence_that_brushes_four_key_factors_is_no_enumeration() -> None:
    text = ("A dialogue session focused on rewards and sanctions regimes, with views from "
            "officers, managers, traders and the private sector.")
    assert "hr-management" in _themes(text)


def test_words_that_only_brush_a_topic_do_not_add_up_to_it() -> None:
    text = ("The private sector answered the survey. Private sector respondents were many. "
            "The private sector was thanked.")
    assert "private-sector-relations" not in _themes(text)


def test_a_plan_that_a_partner_is_expected_to_adopt_is_not_discussed() -> None:
    text = "Each partner is expected to adopt key performance indicators."
    assert "data-performance-measurement" not in _themes(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Both sides want to sustainably develop their integrity approach.", "sustainability"),
        ("The Commission on Human Rights sent an observer.", "human-rights"),
    ],
)
def test_a_passing_adjective_or_a_body_name_is_not_the_topic(text: str, slug: str) -> None:
    assert slug not in _themes(text)


def test_a_new_office_named_for_the_topic_counts_but_a_job_title_does_not() -> None:
    assert "audit-investigation" in _themes(
        "The Authority set up an Internal Affairs Unit to receive complaints from traders.")
    assert "audit-investigation" not in _themes(
        "The Head of the Internal Affairs Office welcomed the delegates.")


def test_the_headline_adds_to_a_theme_the_body_speaks_of() -> None:
    body = "Officers compared the rotation policy of both administrations."
    assert "hr-management" not in _themes(body)
    assert "hr-management" in _themes(body, title="Staff rotation under review in Customs")


def test_each_theme_says_which_kind_of_evidence_decided_it() -> None:
    text = ("The corruption risk mapping covered transit. Several managers spoke of reforms. "
            "Reforms were also welcomed. The reforms need a budget.")
    rules = {t.slug: t.rule for t in extract_themes(Context.build(text, None, "en"))}
    assert rules["corruption-risk-mapping"] == "topic-sentence"
    assert all(rule in {"topic-sentence", "several-sentences", "headline"}
               for rule in rules.values())


@pytest.mark.parametrize(
    "text",
    [
        "A module on gifts is being considered for the next round.",
        "The roadmap will include integrity indicators.",
        "Each partner is expected to draft a code of conduct.",
        "Un atelier sur la déontologie sera organisé l’an prochain.",
        "Le directeur a évoqué la cartographie des risques.",
    ],
)
def test_plans_and_passing_mentions_read_as_weak(text: str) -> None:
    assert _is_weak(text)


def test_a_sentence_that_reports_what_was_done_is_not_weak() -> None:
    assert not _is_weak("Officers mapped the corruption risks of the port last week.")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Le rapport a été lu par le directeur de l’audit et du contrôle interne.",
         "internal-control"),
        ("The speech by the head of internal affairs closed the day.", "audit-investigation"),
    ],
)
def test_a_job_title_in_running_text_is_not_a_theme(text: str, slug: str) -> None:
    assert slug not in _themes(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        # wordings of the topic that do not use the key factor's own name
        ("Discussions covered digitising clearance and the e-services offered to brokers.",
         "automation"),
        ("Les échanges ont porté sur les téléprocédures et le télépaiement.",
         "automation"),
        ("The Director General set out transparency measures for the new tariff rulings.",
         "transparency"),
        ("La transparence administrative passe par l’affichage des tarifs aux bureaux.",
         "transparency"),
        ("Partners reviewed the legal and institutional framework of the ethics office.",
         "regulatory-framework"),
        ("Le cadre règlementaire et ses textes d’application ont été revus.",
         "regulatory-framework"),
        ("Officers looked at the ethical culture of the border posts.", "morale-culture"),
        ("Les agents ont parlé de changement des mentalités et de culture éthique.",
         "morale-culture"),
        ("The team prepared the staff survey questionnaires and ran the survey in two ports.",
         "integrity-perception-survey"),
        ("A perception study measured how traders see the service.",
         "integrity-perception-survey"),
        ("The IPS questionnaire went to four hundred officers.", "integrity-perception-survey"),
        ("Les pactes de probité signés avec les transitaires ont été discutés.",
         "collective-action"),
        ("The handling of corruption allegations was discussed in detail.",
         "audit-investigation"),
        ("The meeting discussed how customs and business joined forces against bribery.",
         "collective-action"),
        ("Analysts used the PMM to track the border posts.", "data-performance-measurement"),
        ("Private sector engagement and customer service were on the agenda.",
         "private-sector-relations"),
        ("The workshop focused on integrity testing and the handling of complaints.",
         "audit-investigation"),
        ("A competency framework and succession planning now guide promotions.",
         "hr-management"),
        ("Les débats ont porté sur la GRH et la notation des agents.",
         "hr-management"),
        ("Officers drafted the corruption risk management plan for the port.",
         "corruption-risk-mapping"),
        ("Les participants ont identifié les postes sensibles et la gestion des risques de "
         "corruption.", "corruption-risk-mapping"),
        ("Sessions on the ethics charter and on conflicts of interest followed.",
         "code-of-conduct"),
        ("La charte d’éthique traite notamment des conflits d’intérêts.",
         "code-of-conduct"),
        ("Les agents peuvent suivre la formation à distance depuis leur bureau.", "e-learning"),
        ("Los agentes completaron los cursos en línea de aprendizaje electrónico.",
         "e-learning"),
        ("The women leaders network discussed gender-based violence at borders.",
         "gender-equality-diversity"),
        ("Management buy-in was discussed: senior management must walk the talk.",
         "leadership-commitment"),
        ("Les échanges ont porté sur la restructuration des services.",
         "reform-modernization"),
    ],
)
def test_wider_wordings_of_a_topic_find_it(text: str, slug: str) -> None:
    assert slug in _themes(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        # words that brush a topic, or a topic's word in another sense
        ("The team met electronic and digital media journalists.", "automation"),
        ("Officers from strategic planning and communication took part.",
         "reform-modernization"),
        ("The WCO Integrity Promotion programme held its meeting.", "hr-management"),
        ("Officers rotate through sensitive posts every two years.", "corruption-risk-mapping"),
        ("The survey was mentioned by the delegate.", "integrity-perception-survey"),
        ("The Director General reaffirmed his commitment to the partnership.",
         "leadership-commitment"),
        ("Civil society was represented at the opening.", "collective-action"),
        ("Les valeurs de l’institution ont été rappelées.", "morale-culture"),
        ("The Authorized Economic Operator (AEO) attended.", "trade-facilitation"),
        ("The National Committee on Trade Facilitation sent an observer.",
         "trade-facilitation"),
    ],
)
def test_near_misses_of_the_wider_lexicons_give_no_theme(text: str, slug: str) -> None:
    assert slug not in _themes(text)


def test_bullet_list_of_key_factors_that_a_workshop_discussed_names_its_topics() -> None:
    text = ("The workshop discussed the following topics:\n"
            "- leadership and commitment;\n"
            "- the regulatory framework;\n"
            "- human resource management;\n"
            "- the code of conduct;\n"
            "- relations with the private sector.")
    assert {"hr-management", "code-of-conduct"} <= _themes(text)


def test_sentence_that_lists_the_key_factors_a_session_covered_names_its_topics() -> None:
    text = ("Sessions covered leadership and commitment, the code of conduct, human resource "
            "management and the regulatory framework.")
    assert "code-of-conduct" in _themes(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        # a phrase about a topic does not hide the heavier term that names it inside it
        ("Le dispositif de contrôle interne a été présenté.", "internal-control"),
        ("Officers conducted an integrity perception survey in May.",
         "integrity-perception-survey"),
        ("The reform will improve transparency in procedures at the border.", "transparency"),
        ("They presented their ethical code of conduct.", "code-of-conduct"),
    ],
)
def test_a_wider_phrase_does_not_hide_the_term_that_names_the_topic(
        text: str, slug: str) -> None:
    assert slug in _themes(text)

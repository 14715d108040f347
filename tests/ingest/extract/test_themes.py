"""Themes: taxonomy slugs counted when the text discusses them, not when a word brushes them."""

from __future__ import annotations

import pytest

from app.ingest.extract.context import Context
from app.ingest.extract.themes import THEME_CUES, extract_themes


def _themes(text: str, language: str = "en") -> set[str]:
    return {t.slug for t in extract_themes(Context.build(text, None, language))}


def test_vocabulary_covers_the_22_slugs() -> None:
    assert len(THEME_CUES) == 22


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Officers mapped every step of transit and rated each risk. The corruption risk "
         "mapping will be updated yearly.", "corruption-risk-mapping"),
        ("Les cadres ont dressé la cartographie des risques du corridor, étape par étape.",
         "corruption-risk-mapping"),
        ("The administration will revise its code of conduct to cover gifts and social media.",
         "code-of-conduct"),
        ("Le nouveau code de déontologie sera signé par chaque agent.", "code-of-conduct"),
        ("Participants worked on the internal control framework and the controls applied to "
         "exemptions.", "internal-control"),
        ("Le dispositif de contrôle interne relève des chefs de service.", "internal-control"),
        ("The Customs Integrity Perception Survey was repeated with the same questionnaire.",
         "integrity-perception-survey"),
        ("L’enquête sur la perception de l’intégrité a été menée auprès de 500 agents.",
         "integrity-perception-survey"),
        ("Managers and traders signed up to collective action against bribery at the port.",
         "collective-action"),
        ("Officers can take the self-paced e-learning module on their phones.", "e-learning"),
        ("Les agents suivent le module d’apprentissage en ligne avant la session.", "e-learning"),
        ("The session dealt with gender equality in recruitment to frontline posts.",
         "gender-equality-diversity"),
        ("Les participants ont discuté de l’égalité des genres et de la diversité des équipes.",
         "gender-equality-diversity"),
        ("Reporting channels must respect the human rights of complainants.", "human-rights"),
        ("The integrity team will extend the automation of payments so that no cash changes "
         "hands.", "automation"),
        ("Staff morale suffers at remote posts, and motivated officers resist offers.",
         "morale-culture"),
        ("La pérennité des acquis dépend d’une ligne budgétaire propre.", "sustainability"),
        ("Twenty officers completed a training of trainers on integrity.", "training"),
    ],
)
def test_theme_discussed_in_a_sentence_is_found(text: str, slug: str) -> None:
    assert slug in _themes(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("The partners agreed on outcome indicators and will report performance data every "
         "year.", "data-performance-measurement"),
        ("Participants reviewed merit-based recruitment, promotion rules and staff rotation.",
         "hr-management"),
        ("The plan gives the rules a clear legal basis, laid down in law and regulations.",
         "regulatory-framework"),
        ("Customs will hold regular consultation meetings with trade associations to rebuild "
         "trust with importers.", "private-sector-relations"),
        ("Reforms will only endure if partners take ownership once external support ends.",
         "sustainability"),
        ("Senior management must champion integrity: leadership means a commitment from the "
         "top.", "leadership-commitment"),
    ],
)
def test_theme_built_from_several_cues_is_found(text: str, slug: str) -> None:
    assert slug in _themes(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Ms. Ama Boateng, Head of the Internal Control Office, opened the meeting.",
         "internal-control"),
        ("The Director of Human Resource Management welcomed the delegates.", "hr-management"),
        ("The event was chaired by the Gender Focal Point of the Authority.",
         "gender-equality-diversity"),
    ],
)
def test_job_title_alone_is_not_a_theme(text: str, slug: str) -> None:
    assert slug not in _themes(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("The tool supports transparency and accountability in Customs.", "transparency"),
        ("Experts recommended a sustainable approach to the reforms.", "sustainability"),
        ("Officers from the human resources department attended.", "hr-management"),
        ("The survey results were shared with senior management.", "leadership-commitment"),
        ("Training managers attended the launch.", "training"),
        ("The agency has modernised its procedures.", "reform-modernization"),
    ],
)
def test_passing_word_is_not_a_theme(text: str, slug: str) -> None:
    assert slug not in _themes(text)


def test_bare_enumeration_of_the_key_factors_is_not_a_theme() -> None:
    text = ("The interviews followed the ten key factors: leadership and commitment, regulatory "
            "framework, transparency, automation, reform and modernization, audit and "
            "investigation, code of conduct, human resource management, morale and "
            "organizational culture, and relationship with the private sector.")
    assert _themes(text) == set()


def test_name_of_another_programme_is_not_a_theme() -> None:
    text = "The Global Trade Facilitation Programme team attended the opening."
    assert "trade-facilitation" not in _themes(text)


def test_integrity_promotion_in_the_programme_name_is_not_hr() -> None:
    text = ("The Anti-Corruption and Integrity Promotion Programme held a workshop on the "
            "promotion of integrity.")
    assert "hr-management" not in _themes(text)


def test_theme_carries_its_strongest_sentence_as_evidence() -> None:
    text = "Officers met in Lomé. The corruption risk mapping covered transit."
    [fact] = [t for t in extract_themes(Context.build(text, None, "en"))
              if t.slug == "corruption-risk-mapping"]
    assert fact.evidence.sentence == "The corruption risk mapping covered transit."
    assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.sentence


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Delegates met the national truckers’ association, whose members described the "
         "payments drivers are asked for at weighbridges.", "private-sector-relations"),
        ("Les représentants de l’association des transitaires et des commerçants ont exposé "
         "leurs difficultés aux agents.", "private-sector-relations"),
        ("The Authority held a stakeholder consultation with importers on the draft rules.",
         "private-sector-relations"),
        ("Women cross-border traders described the pressure they face. Female officers "
         "said the same.",
         "gender-equality-diversity"),
        ("Un atelier sur les femmes dans la douane a réuni vingt cadres.",
         "gender-equality-diversity"),
        ("Officers must file a declaration of assets every year and report any conflict of "
         "interest.", "code-of-conduct"),
        ("Top management commitment was the theme of the opening panel.",
         "leadership-commitment"),
        ("A panel on leadership showed how leaders hold their managers accountable for "
         "misconduct.", "leadership-commitment"),
        ("Les experts ont recommandé de réduire le nombre d’arrêts grâce à un contrôle unique "
         "et conjoint.", "trade-facilitation"),
        ("Les indicateurs de performance seront suivis chaque trimestre.",
         "data-performance-measurement"),
        ("The administration agreed key performance indicators with its board.",
         "data-performance-measurement"),
        ("Les deux douanes échangeront leurs données afin de mesurer l’effet des mesures.",
         "data-performance-measurement"),
        ("The administration will move declarations to ASYCUDA and accept e-payments.",
         "automation"),
        ("A whistleblowing hotline and lifestyle audits support the internal investigations.",
         "audit-investigation"),
    ],
)
def test_broader_vocabulary_finds_the_theme(text: str, slug: str) -> None:
    assert slug in _themes(text, "fr" if "’" in text or " les " in text else "en")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("A short e-learning module on the guide is being considered.", "e-learning"),
        ("Il a également évoqué le module d’apprentissage en ligne de l’OMD.", "e-learning"),
        ("Un atelier sur la cartographie des risques sera organisé l’an prochain.",
         "corruption-risk-mapping"),
    ],
)
def test_undated_plan_or_passing_mention_alone_is_not_a_theme(text: str, slug: str) -> None:
    assert slug not in _themes(text)


def test_an_online_course_discussed_as_such_is_e_learning() -> None:
    text = ("The e-learning module has been completed by 900 officers; learners can download "
            "it for offline use.")
    assert "e-learning" in _themes(text)


def test_course_that_is_only_the_event_is_not_training() -> None:
    text = ("Twenty auditors completed a course on post-clearance audit. The course covered "
            "audit plans. The course ended with a visit. A second course is planned.")
    assert "training" not in _themes(text)


def test_training_discussed_as_capacity_building_is_training() -> None:
    text = ("The course is now compulsory for all new recruits. Learners work through six "
            "modules, and trainers follow their completion rates.")
    assert "training" in _themes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Truck drivers queued at the border. Importers complained. Traders waited all day.",
        "Les transporteurs et les chauffeurs ont témoigné. Les commerçants aussi.",
    ],
)
def test_trade_actors_named_again_and_again_are_not_private_sector_relations(
        text: str) -> None:
    assert "private-sector-relations" not in _themes(text)

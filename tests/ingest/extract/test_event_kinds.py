"""Events: the kinds of phrasing real pages use (sentences written for these tests).

Each test names one kind: an activity whose kind its own sentence does not say, dates with
no year known, background the corpus rules leave out, several activities in one sentence,
launches of surveys, venues stated away from the event, and the country a host gives.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.ingest.extract.context import Context
from app.ingest.extract.events import extract_events, fill_country_from_hosts
from app.ingest.extract.facts import AdministrationFact, EventFact, Evidence

PUB = date(2023, 6, 20)


def _events(body: str, published: date | None = PUB, language: str = "en") -> list[EventFact]:
    return extract_events(Context.build(body, published, language))


def _summary(event: EventFact) -> tuple[str, str | None, str | None]:
    return (event.type, event.start.iso() if event.start else None,
            event.end.iso() if event.end else None)


def _all(body: str, published: date | None = PUB, language: str = "en") -> list[tuple[
        str, str | None, str | None]]:
    return [_summary(e) for e in _events(body, published, language)]


# An activity its sentence does not name: its kind from the sentences about it.

def test_lead_sentence_without_a_cue_takes_the_kind_named_again_later() -> None:
    body = (
        "From 5 to 9 June 2023, the Lesotho Revenue Services brought together twenty managers "
        "to plan their integrity reforms.\n\nThe participants drafted a charter. During the "
        "workshop, the managers also reviewed their code of conduct."
    )
    assert _all(body) == [("workshop", "2023-06-05", "2023-06-09")]


def test_unnamed_activity_with_wco_experts_on_site_is_a_mission() -> None:
    body = (
        "The first activity with Zambia took place in Lusaka on 12-16th June 2023. Working "
        "alongside WCO experts, managers reviewed the risk register of the administration."
    )
    events = _events(body)
    assert [(e.type, e.city) for e in events] == [("mission", "Lusaka")]


def test_unnamed_background_activity_takes_the_verb_of_its_clause() -> None:
    body = (
        "This meeting followed an activity conducted in October 2022, during which brokers "
        "presented their concerns."
    )
    assert ("meeting", "2022-10", "2022-10") in _all(body)


def test_took_the_form_of_names_the_dated_activity_not_a_second_one() -> None:
    body = (
        "From 3-7 April, the Programme carried out its first activity with Bhutan Customs. "
        "This took the form of a workshop, held in Thimphu, hosted by the administration."
    )
    events = _events(body)
    assert [(e.type, e.city) for e in events] == [("workshop", "Thimphu")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("On 2-4 May 2023, officers from Kenya and Uganda took part in a training workshop "
         "on ethics.", "workshop"),  # the head of a compound names the activity
        ("On 2-4 May 2023, the administration held a roundtable with freight forwarders.",
         "meeting"),
        ("CIPS data collection took place at the ports throughout the month of May 2023.",
         "survey"),
        ("Le 9 décembre 2022, la douane a célébré la Journée internationale de lutte contre "
         "la corruption.", "other"),
    ],
)
def test_activity_nouns_of_real_pages_give_their_type(body: str, expected: str) -> None:
    language = "fr" if " la " in body else "en"
    assert [e.type for e in _events(body, language=language)] == [expected]


def test_survey_named_by_its_acronym_is_a_survey_and_its_restating_acronym_is_not_another(
) -> None:
    assert _all("The CIPS was conducted from 1 to 30 November 2022 at three ports.") == [
        ("survey", "2022-11-01", "2022-11-30")]
    body = ("La douane a initié un sondage sur la perception de l'intégrité (SPID) dans le "
            "cadre du programme en décembre 2019.")
    assert _all(body, None, "fr") == [("survey", "2019-12", None)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("In April 2023 the Programme organised a study tour for officials to the Revenue "
         "Authority in Kigali.", "mission"),
        ("A peer-to-peer exchange between two administrations took place in Kampala in May "
         "2023.", "meeting"),
    ],
)
def test_study_tours_and_peer_exchanges_are_activities(body: str, expected: str) -> None:
    assert [e.type for e in _events(body)] == [expected]


def test_dated_lead_sentence_that_says_something_took_place_is_an_activity() -> None:
    body = "On 3 May 2023, something new took place in Kampala for the officers."
    assert [(e.type, e.city) for e in _events(body)] == [("other", "Kampala")]


def test_visit_paid_to_a_person_is_a_meeting() -> None:
    body = "L'objectif de cette visite de courtoisie était de présenter le programme."
    assert [e.type for e in _events(body, None, "fr")] == ["meeting"]


def test_dated_lead_sentence_about_no_activity_gives_no_event() -> None:
    body = "In March 2023, Customs adopted a new code of conduct. Staff must sign it."
    assert _events(body) == []


# Dates whose year the text does not give.

def test_year_less_date_without_date_line_or_year_gives_a_null_dated_event() -> None:
    body = "On 26-30 September, WCO experts met with officials of the Revenue Authority."
    assert _all(body, None) == [("meeting", None, None)]


def test_year_less_date_takes_a_year_the_text_states_for_an_activity() -> None:
    body = (
        "From 18 to 22 October, officials attended a workshop on internal control. The "
        "results of the survey conducted early 2021 were discussed."
    )
    assert _all(body, None)[0] == ("workshop", "2021-10-18", "2021-10-22")


def test_this_year_without_a_date_line_stays_unknown() -> None:
    body = (
        "After a first round in 2020, between March and April this year six administrations "
        "undertook the survey."
    )
    assert _all(body, None) == [("survey", None, None)]


def test_a_strategy_period_or_a_declaration_year_is_not_a_reference() -> None:
    body = (
        "Between 4 and 8 March in Kathmandu, managers conducted an integrity self-assessment "
        "under the 2017-2021 strategy and the Declaration (2003)."
    )
    assert _all(body, None) == [("workshop", None, None)]


# Background the corpus rules leave out.

@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("In January 2019, the WCO launched the A-CIP Programme to help its Members.", "en"),
        ("Launched in January 2019, the A-CIP Programme is funded by Norway.", "en"),
        ("Le programme anti-corruption de l'OMD a été lancé en janvier 2019.", "fr"),
        ("The course was released in March 2023 on the learning platform.", "en"),
    ],
)
def test_programme_launch_and_releases_are_not_events(body: str, language: str) -> None:
    assert _events(body, language=language) == []


def test_launch_of_another_programme_is_an_event() -> None:
    body = "On 3 May 2023, Customs launched its new mentoring programme in Accra."
    assert [(e.type, e.city) for e in _events(body)] == [("launch", "Accra")]


def test_surveys_conducted_earlier_in_passing_are_not_events() -> None:
    body = (
        "Having conducted the survey, the administrations explain what it showed. Both have "
        "conducted two surveys with the support of the Programme."
    )
    assert _events(body, None) == []


def test_course_made_available_gives_no_undated_activity() -> None:
    body = "A new module is now available online. This training explains internal affairs."
    assert _events(body) == []


def test_days_of_the_activity_programme_are_not_new_activities() -> None:
    body = (
        "From 1 to 5 May 2023, WCO experts worked with the Customs Commission in Kigali.\n\n"
        "During the week, a series of meetings were held with the teams. A final meeting was "
        "held with the Deputy Commissioner. Since this mission was about fact finding, a plan "
        "will follow."
    )
    assert _all(body) == [("mission", "2023-05-01", "2023-05-05")]


def test_a_leg_of_a_longer_survey_is_part_of_it() -> None:
    body = (
        "Le 9 janvier 2023, la douane a lancé sur son site web un sondage qui durera "
        "jusqu'au 3 février 2023. Le sondage durera cinq jours par port: Sfax (9-13 janvier) "
        "et Sousse (16-20 janvier)."
    )
    assert _all(body, language="fr") == [("survey", "2023-01-09", "2023-02-03")]


# Launches of surveys.

def test_survey_launched_online_is_the_survey_with_its_end() -> None:
    body = (
        "On 9 January 2023, the administration launched on its website a survey which will "
        "run until 3 February 2023."
    )
    assert _all(body) == [("survey", "2023-01-09", "2023-02-03")]


def test_launch_ceremony_of_a_survey_is_a_launch_and_the_survey_is_under_way() -> None:
    body = (
        "La direction générale des douanes a procédé le mardi 24 janvier 2023 au lancement du "
        "sondage sur la perception de l'intégrité."
    )
    assert _all(body, None, "fr") == [
        ("launch", "2023-01-24", "2023-01-24"), ("survey", "2023-01-24", None)]


def test_press_conference_for_a_launch_is_a_launch() -> None:
    body = (
        "La douane a organisé une conférence de presse pour le lancement du sondage. La "
        "douane et l'OMD ont initié un sondage en décembre 2019."
    )
    types = {e.type: _summary(e) for e in _events(body, None, "fr")}
    assert types["launch"] == ("launch", None, None)
    assert types["survey"] == ("survey", "2019-12", None)


# Several activities in one sentence.

def test_activity_followed_by_another_gives_two_events_with_the_same_dates() -> None:
    body = (
        "From 13-16 March 2023, the Programme organized in Accra a meeting of partner "
        "administrations followed by a region-wide workshop on communities of practice."
    )
    events = _events(body)
    assert [(e.type, e.city) for e in events] == [("meeting", "Accra"), ("workshop", "Accra")]
    assert events[0].start == events[1].start


def test_launch_announced_in_the_sentence_after_the_dated_celebration() -> None:
    body = (
        "La douane a célébré la Journée internationale de lutte contre la corruption le lundi "
        "9 décembre 2024. Cette journée a été l'occasion de réaffirmer son engagement avec le "
        "lancement du réseau des jeunes douaniers."
    )
    assert _all(body, None, "fr") == [
        ("other", "2024-12-09", "2024-12-09"), ("launch", "2024-12-09", "2024-12-09")]


def test_activity_hosted_inside_a_dated_conference_has_no_date_but_its_venue() -> None:
    body = (
        "The WCO contributed to the Global Integrity Conference held in Vilnius, Lithuania, "
        "from 18-21 June 2024, by hosting a workshop on supply chains."
    )
    events = _events(body, date(2024, 7, 1))
    assert [(e.type, e.start is None, e.city) for e in events] == [
        ("conference", False, "Vilnius"), ("workshop", True, "Vilnius")]


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("Two national workshops were held, in Accra on 3-5 May 2023 and in Kumasi on 10-12 "
         "May 2023.", "en"),
        ("Deux ateliers ont été organisés à Accra, les 3 et 5 mai 2023, puis à Kumasi, le "
         "10 mai 2023.", "fr"),
    ],
)
def test_plural_activity_with_several_dates_is_one_activity_per_date(
    body: str, language: str
) -> None:
    events = _events(body, language=language)
    assert [(e.type, e.city) for e in events] == [("workshop", "Accra"), ("workshop", "Kumasi")]
    assert events[1].rule == "dated-plural"


def test_activity_that_followed_the_dated_one_is_an_undated_event() -> None:
    body = (
        "From 2 to 5 May 2023, a workshop was held in Accra. The workshop was followed by a "
        "meeting with the Commissioner General."
    )
    assert _all(body) == [("workshop", "2023-05-02", "2023-05-05"), ("meeting", None, None)]


def test_committee_meeting_met_in_passing_is_an_undated_event() -> None:
    body = (
        "On 26 August 2023, managers conducted an integrity self-assessment in Kathmandu. The "
        "results were then shared during a meeting of the Trade Facilitation Committee."
    )
    assert [e.type for e in _events(body)] == ["workshop", "meeting"]


def test_two_activities_of_one_month_in_two_countries_are_two_events() -> None:
    body = (
        "The first activity was undertaken in Sierra Leone in March. Under the other "
        "component, the first activity was undertaken in Ghana, also in March."
    )
    countries = [e.country for e in _events(body)]
    assert countries == ["SLE", "GHA"]


# Undated articles.

@pytest.mark.parametrize(
    ("body", "language", "expected"),
    [
        ("Ce présent atelier vise à sensibiliser le personnel des douanes.", "fr", "workshop"),
        ("This follows a recent virtual meeting between the Commissioner and the WCO.", "en",
         "meeting"),
    ],
)
def test_activity_named_by_a_demonstrative_or_as_recent_is_the_article_event(
    body: str, language: str, expected: str
) -> None:
    assert [e.type for e in _events(body, None, language)] == [expected]


# Venues.

@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("On 3 May 2023, a workshop on the Revised Arusha Declaration was held.", (None, None)),
        ("On 3 May 2023, WCO experts led a workshop for stakeholders in Niger.", (None, None)),
        ("On 3 May 2023, a survey was carried out in Nepal at five offices.", (None, "NPL")),
        ("In May 2023 the survey ran in Kyiv and various border crossing points.",
         (None, "UKR")),
    ],
)
def test_only_the_activity_place_is_its_venue(
    body: str, expected: tuple[str | None, str | None]
) -> None:
    event = _events(body)[0]
    assert (event.city, event.country) == expected


@pytest.mark.parametrize(
    "later",
    [
        "Experts from Peru facilitated the event in Mexico City with twenty officers.",
        "The experts also made a site visit to the Mexico City airport.",
    ],
)
def test_venue_named_in_a_later_sentence_about_the_event(later: str) -> None:
    body = (
        "From 2 to 6 October 2023, officials of the customs agency took part in a workshop "
        "on the culture of integrity.\n\nThe plan was shared with the teams.\n\n" + later
    )
    event = _events(body, date(2023, 10, 11))[0]
    assert (event.city, event.country) == ("Mexico City", "MEX")


# The country a host gives.

def _event(sentence: str, start: date | None = None, type_: str = "workshop") -> EventFact:
    from app.ingest.extract.facts import PartialDate

    when = PartialDate(start) if start else None
    return EventFact(type_, type_, when, when, None, None, False,
                     Evidence(0, len(sentence), sentence))


def _admin(country: str, *roles: str) -> AdministrationFact:
    return AdministrationFact(country, list(roles), country, Evidence(0, 1, "x"))


@pytest.mark.parametrize(
    "sentence",
    [
        "The WCO A-CIP Programme conducted a workshop from 25 to 28 October.",
        "WCO experts from the Programme led a capacity building workshop from 23 to 25 May.",
        "The Programme, in cooperation with experts from the Revenue Authority and Ghana "
        "Customs, organised a workshop from 3 to 5 May.",
    ],
)
def test_activity_held_by_the_wco_with_no_venue_takes_no_host_country(sentence: str) -> None:
    events = [_event(sentence)]
    fill_country_from_hosts(events, [_admin("TUN", "partner", "host")])
    assert events[0].country is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The Nepal Department of Customs (DoC) and WCO experts met with stakeholders.",
        "The Customs Department, in collaboration with experts from the WCO, conducted a "
        "series of engagements.",
        "With the support of WCO experts, it organized a workshop on 13 June.",
        "The Revenue Service, WCO regional Vice President for the region, organized a "
        "workshop on ethics.",
    ],
)
def test_activity_held_with_the_administration_takes_its_host_country(sentence: str) -> None:
    events = [_event(sentence)]
    fill_country_from_hosts(events, [_admin("NPL", "partner", "host")])
    assert events[0].country == "NPL"


def test_background_activity_months_earlier_takes_no_host_country_but_a_survey_does() -> None:
    events = [
        _event("A workshop was held in June.", date(2023, 6, 12)),
        _event("A mission was conducted in December 2018.", date(2018, 12, 1), "mission"),
        _event("The first survey was carried out in April 2020.", date(2020, 4, 1), "survey"),
    ]
    fill_country_from_hosts(events, [_admin("ATG", "partner", "host")])
    assert [e.country for e in events] == ["ATG", None, "ATG"]


def test_single_partner_page_is_the_implicit_host_unless_its_officials_attended() -> None:
    held = [_event("The administration held a workshop on ethics.")]
    fill_country_from_hosts(held, [_admin("MLI", "partner"), _admin("CAN", "expert")])
    attended = [_event("Forty officials from Mali attended a workshop led by Canada.")]
    fill_country_from_hosts(attended, [_admin("MLI", "partner"), _admin("CAN", "expert")])
    assert (held[0].country, attended[0].country) == ("MLI", None)


def test_every_event_names_the_rule_that_made_it() -> None:
    body = (
        "From 5 to 9 June 2023, a workshop was held in Accra. The results were shared during "
        "a meeting of the Steering Committee."
    )
    assert [e.rule for e in _events(body)] == ["dated-noun", "undated-during"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("De 3 a 5 de julho de 2023, a Autoridade Tributária realizou uma oficina sobre "
         "integridade em Maputo.", ("workshop", "Maputo")),
        ("El 4 de mayo de 2023 se celebró una reunión con el sector privado en Lima.",
         ("meeting", "Lima")),
    ],
)
def test_spanish_and_portuguese_pages_give_their_activity(
    body: str, expected: tuple[str, str]
) -> None:
    assert [(e.type, e.city) for e in _events(body, None, "pt")] == [expected]


# Second round: wider phrasing of unseen pages (own sentences, one test per kind).

@pytest.mark.parametrize(
    ("body", "language", "expected"),
    [
        ("Le 6 avril 2023, une réunion virtuelle a rassemblé les points focaux.", "fr", True),
        ("Du 3 au 5 avril 2023, un atelier s'est tenu en distanciel.", "fr", True),
        ("On 6 April 2023, the focal points met via Webex to review the plan.", "en", True),
        ("On 6 April 2023, a coaching call took place on Google Meet.", "en", True),
        ("From 3 to 5 April 2023, the training was delivered remotely.", "en", True),
        ("Du 3 au 5 avril 2023, la formation a été organisée à distance.", "fr", True),
        ("El 6 de abril de 2023 se celebró una reunión en línea con los puntos focales.", "es",
         True),
        ("Du 3 au 5 avril 2023, un atelier hybride s'est tenu à Dakar; certains ont suivi "
         "à distance.", "fr", False),
    ],
)
def test_virtual_in_french_platform_names_and_remote_delivery_are_online(
    body: str, language: str, expected: bool
) -> None:
    assert [e.online for e in _events(body, language=language)] == [expected]


@pytest.mark.parametrize(
    ("body", "language", "expected"),
    [
        ("From 4 to 6 April 2023, a regional summit on border integrity took place in Lomé.",
         "en", "conference"),
        ("Du 4 au 6 avril 2023, le congrès des douaniers s'est tenu à Cotonou.", "fr",
         "conference"),
        ("On 5 April 2023, a panel discussion on ethics was organised in Geneva.", "en",
         "workshop"),
        ("From 3 to 7 April 2023, a train-the-trainer course ran in Gaborone.", "en",
         "training"),
        ("On 5 April 2023, a training session on the code of conduct was held in Accra.", "en",
         "training"),
        ("Du 3 au 5 avril 2023, s'est tenue à Niamey une session de renforcement des "
         "capacités des cadres.", "fr", "training"),
        ("Du 3 au 5 avril 2023, un atelier de renforcement des capacités s'est tenu à Tunis.",
         "fr", "workshop"),
        ("From 3 to 5 April 2023, thirty inspectors were trained on risk profiling in Lusaka.",
         "en", "training"),
        ("Du 3 au 5 avril 2023, trente inspecteurs ont été formés au ciblage à Bamako.", "fr",
         "training"),
        ("From 3 to 5 April 2023, WCO experts carried out a needs assessment in Maseru.", "en",
         "mission"),
        ("Le 5 avril 2023, le Ministre a reçu en audience les experts à Conakry.", "fr",
         "meeting"),
        ("El 5 de abril de 2023 se realizó una mesa redonda con los importadores en Quito.",
         "es", "meeting"),
        ("El 5 de abril de 2023 tuvo lugar un foro sobre ética en Lima.", "es", "conference"),
        ("Em 5 de abril de 2023 decorreu uma visita de estudo a Maputo.", "pt", "mission"),
        ("De 3 a 5 de abril de 2023 foi realizado um webinário sobre integridade.", "pt",
         "webinar"),
    ],
)
def test_more_activity_nouns_and_verbs_give_their_type(
    body: str, language: str, expected: str
) -> None:
    assert [e.type for e in _events(body, language=language)] == [expected]


def test_press_briefing_that_launches_a_survey_is_a_launch_and_starts_the_survey() -> None:
    body = "On 5 April 2023, the administration held a press briefing to launch its survey."
    assert sorted(e.type for e in _events(body)) == ["launch", "survey"]


@pytest.mark.parametrize(
    "body",
    [
        "La semaine dernière a eu lieu à Thiès un atelier sur la déontologie.",
        "La Douane a abrité un atelier sur la déontologie à Thiès.",
    ],
)
def test_french_a_eu_lieu_and_a_abrite_report_an_activity_as_held(body: str) -> None:
    assert [(e.type, e.city) for e in _events(body, language="fr")] == [("workshop", "Thiès")]


@pytest.mark.parametrize(
    ("body", "language", "expected"),
    [
        ("The Revenue Authority organised a regional workshop on ethics for its managers. It "
         "took place in Kisumu from 3 to 5 April 2023.", "en",
         [("workshop", "2023-04-03", "Kisumu")]),
        ("La Douane a organisé un atelier de validation de sa stratégie. Les travaux se sont "
         "déroulés du 3 au 5 avril 2023 à Kara.", "fr", [("workshop", "2023-04-03", "Kara")]),
        ("The administration hosted a workshop on risk management in Ndola. The workshop ran "
         "from 3 to 5 April 2023 with forty officers.", "en",
         [("workshop", "2023-04-03", "Ndola")]),
    ],
)
def test_dated_sentence_that_opens_on_the_activity_named_before_is_that_activity(
    body: str, language: str, expected: list[tuple[str, str, str]]
) -> None:
    events = _events(body, language=language)
    assert [(e.type, e.start.iso() if e.start else None, e.city) for e in events] == expected


@pytest.mark.parametrize(
    ("body", "language", "expected"),
    [
        ("The Authority held a workshop on ethics in Mzuzu.\n\nIt also organised a "
         "sensitisation campaign for traders.", "en", ["workshop", "other"]),
        ("La Douane a organisé un atelier sur l'éthique à Thiès.\n\nElle a également célébré la "
         "Journée internationale de lutte contre la corruption.", "fr", ["workshop", "other"]),
        ("Over four days, WCO experts held a diagnostic mission in Lilongwe.\n\nThey also held a "
         "meeting with the clearing agents.", "en", ["mission"]),
    ],
)
def test_undated_article_adds_an_activity_it_says_was_also_held(
    body: str, language: str, expected: list[str]
) -> None:
    assert [e.type for e in _events(body, None, language)] == expected


def test_taking_part_in_an_activity_reports_it_as_held() -> None:
    body = "Officers of the Authority took part in a workshop on ethics in Blantyre."
    assert [(e.type, e.city) for e in _events(body, None)] == [("workshop", "Blantyre")]


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("Le 4 avril 2023, le Ministre a lancé officiellement les travaux de l'atelier à Kara.",
         "fr"),
        ("On 4 April 2023, the Commissioner launched the proceedings of the workshop in Kara.",
         "en"),
    ],
)
def test_launching_the_proceedings_of_an_activity_is_that_activity(
    body: str, language: str
) -> None:
    assert [(e.type, e.city) for e in _events(body, language=language)] == [("workshop", "Kara")]


@pytest.mark.parametrize(
    ("body", "language", "expected"),
    [
        ("From 3 to 5 April 2023, the Authority held a workshop in Kumasi.\n\nIts results were "
         "shared during the 4th Regional Integrity Conference.", "en",
         ["workshop", "conference"]),
        ("Du 3 au 5 avril 2023, la Douane a organisé un atelier à Kara.\n\nSes conclusions ont été "
         "présentées en marge du Forum régional des douanes.", "fr", ["workshop", "conference"]),
        ("From 3 to 5 April 2023, the Authority held a workshop in Kumasi.\n\nDuring the "
         "Workshop, the experts met the Commissioner.", "en", ["workshop"]),
    ],
)
def test_a_named_activity_of_another_kind_met_in_passing_is_an_undated_event(
    body: str, language: str, expected: list[str]
) -> None:
    assert [e.type for e in _events(body, language=language)] == expected

"""Events from article bodies written for these tests: type, dates, venue, online."""

from __future__ import annotations

from datetime import date

import pytest

from app.ingest.extract.context import Context
from app.ingest.extract.events import extract_events, fill_country_from_hosts
from app.ingest.extract.facts import AdministrationFact, EventFact, Evidence

PUB = date(2023, 6, 20)


def _events(body: str, published: date | None = PUB, language: str = "en") -> list[EventFact]:
    return extract_events(Context.build(body, published, language))


def _one(body: str, published: date | None = PUB, language: str = "en") -> EventFact:
    events = _events(body, published, language)
    assert len(events) == 1, [(e.type, e.start, e.name) for e in events]
    return events[0]


def _dates(event: EventFact) -> tuple[str | None, str | None]:
    return (event.start.iso() if event.start else None, event.end.iso() if event.end else None)


@pytest.mark.parametrize(
    ("body", "language", "expected"),
    [
        ("On 3 May 2023, officers attended a workshop in Lusaka on ethics.", "en", "workshop"),
        ("Le 3 mai 2023, la douane a organisé un atelier à Dakar.", "fr", "workshop"),
        ("On 3 May 2023, coordinators held their annual meeting in Brussels.", "en", "meeting"),
        ("Le 3 mai 2023, une réunion des coordonnateurs s'est tenue à Tunis.", "fr", "meeting"),
        ("From 3 to 5 May 2023, officers followed a training course in Accra.", "en", "training"),
        ("Du 3 au 5 mai 2023, une formation a réuni vingt agents à Lomé.", "fr", "training"),
        ("From 3 to 5 May 2023, a WCO mission visited Kathmandu.", "en", "mission"),
        ("On 3 May 2023, a conference on integrity opened in Brussels.", "en", "conference"),
        ("On 3 May 2023, the WCO held a webinar on conflicts of interest.", "en", "webinar"),
        ("Le 3 mai 2023, l'OMD a organisé un webinaire sur l'éthique.", "fr", "webinar"),
        ("The survey was carried out in March 2023 at five border posts.", "en", "survey"),
        ("L'enquête a été menée en mars 2023 dans cinq bureaux.", "fr", "survey"),
        ("On 3 May 2023, the administration launched its integrity plan.", "en", "launch"),
        ("Le 3 mai 2023 a eu lieu le lancement de la ligne verte à Abidjan.", "fr", "launch"),
        ("On 8 May 2023, the WCO and Sweden signed a funding agreement.", "en", "other"),
        ("On 3 May 2023, delegates from four partners met in Lusaka.", "en", "meeting"),
        ("Le 3 mai 2023, la réunion de lancement s'est tenue en ligne.", "fr", "meeting"),
    ],
)
def test_event_type_comes_from_english_and_french_cues(
    body: str, language: str, expected: str
) -> None:
    assert _one(body, language=language).type == expected


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        ("On 28 and 29 February 2024, the WCO hosted a meeting.", PUB,
         ("2024-02-28", "2024-02-29")),
        ("The workshop was held on 15-17 March.", date(2021, 3, 19), ("2021-03-15", "2021-03-17")),
        ("From 6 to 10 May, experts conducted a mission in Kathmandu.", date(2019, 5, 14),
         ("2019-05-06", "2019-05-10")),
        ("Du 14 au 18 mars 2022, un atelier s'est tenu à Tunis.", PUB,
         ("2022-03-14", "2022-03-18")),
        ("La douane a tenu à Niamey, les 6 et 7 juin, un atelier de validation.", date(2022, 6, 16),
         ("2022-06-06", "2022-06-07")),
        ("Le 1er décembre, les résultats de l'enquête ont été présentés à Abidjan.",
         date(2021, 12, 9), ("2021-12-01", "2021-12-01")),
        ("Officials met in San José from 30 May to 3 June 2022 for a workshop.", PUB,
         ("2022-05-30", "2022-06-03")),
        ("A mission worked in Kathmandu from 29 December 2022 to 3 January 2023.", PUB,
         ("2022-12-29", "2023-01-03")),
        ("On Thursday, 12 December, the Commission launched its action plan.",
         date(2019, 12, 17), ("2019-12-12", "2019-12-12")),
        ("Du lundi 15 au vendredi 19 mai 2023, la douane a conduit un atelier.", PUB,
         ("2023-05-15", "2023-05-19")),
        ("Managers met in Monrovia over three days starting 4 April for a workshop.",
         date(2022, 4, 12), ("2022-04-04", "2022-04-06")),
        ("Officials took part in a four-day workshop starting 16 November.",
         date(2020, 11, 24), ("2020-11-16", "2020-11-19")),
        ("The course was presented at an online launch event in late May.", date(2023, 6, 6),
         ("2023-05", "2023-05")),
        ("Officers completed a training held in Adama from 27 December to 5 January.",
         date(2023, 1, 12), ("2022-12-27", "2023-01-05")),
        ("Depuis le lundi 4 octobre, un expert est détaché à Niamey. Cette mission de longue "
         "durée se poursuivra.", date(2021, 10, 14), ("2021-10-04", None)),
    ],
)
def test_event_dates_are_read_from_the_sentence(
    body: str, published: date, expected: tuple[str, str | None]
) -> None:
    assert _dates(_one(body, published, "fr" if " la " in body else "en")) == expected


def test_unrelated_date_in_first_sentence_is_not_the_event_date() -> None:
    body = (
        "From 17 to 19 February 2020, the WCO welcomed the coordinators for their first joint "
        "meeting since the Programme started in January 2019."
    )
    assert _dates(_one(body)) == ("2020-02-17", "2020-02-19")


def test_membership_date_is_not_an_event() -> None:
    body = "Liberia is one of the partners with which the Programme started in January."
    assert _events(body, date(2019, 3, 21)) == []


def test_publication_date_of_a_release_is_not_the_event_date() -> None:
    body = (
        "On 14 December 2020, the WCO published the conclusions of a two-day virtual meeting "
        "that the Programme held on 8 and 9 December."
    )
    event = _one(body, date(2020, 12, 16))
    assert _dates(event) == ("2020-12-08", "2020-12-09")
    assert event.online is True


def test_no_date_in_text_gives_null_dates_not_the_publication_date() -> None:
    body = "Mali Customs, with the support of WCO experts, held a workshop on trade relations."
    event = _one(body)
    assert (event.type, event.start, event.end) == ("workshop", None, None)


def test_undated_plan_is_not_an_event() -> None:
    body = "A follow-up survey will be run next year. A scoping mission will be organised later."
    assert _events(body) == []


def test_dated_plan_is_an_event() -> None:
    body = "A first scoping mission to Antananarivo is planned for November 2022."
    event = _one(body, date(2022, 9, 28))
    assert (event.type, _dates(event), event.city, event.country) == (
        "mission", ("2022-11", "2022-11"), "Antananarivo", "MDG")


def test_release_of_a_publication_is_not_an_event() -> None:
    body = (
        "The WCO has published a practical guide on conflicts of interest. It is available "
        "in English, French and Spanish."
    )
    assert _events(body) == []


def test_several_events_in_one_article_are_all_found() -> None:
    body = (
        "Jordan Customs opened the series with a workshop in Amman on 7–9 November.\n\n"
        "On 16 November, focal points joined a webinar held by videoconference.\n\n"
        "A corruption risk mapping workshop will take place in Beirut in January 2023."
    )
    events = _events(body, date(2022, 11, 25))
    assert [(e.type, _dates(e), e.city, e.online) for e in events] == [
        ("workshop", ("2022-11-07", "2022-11-09"), "Amman", False),
        ("webinar", ("2022-11-16", "2022-11-16"), None, True),
        ("workshop", ("2023-01", "2023-01"), "Beirut", False),
    ]


def test_two_events_in_one_sentence_get_their_own_clause() -> None:
    body = (
        "Two days later, on 7 April, the Authority held a seminar by videoconference on the "
        "findings of its survey, carried out in November 2021 at Chirundu, Nakonde and Mpika."
    )
    events = _events(body, date(2022, 4, 14))
    by_type = {e.type: e for e in events}
    assert set(by_type) == {"webinar", "survey"}
    assert _dates(by_type["webinar"]) == ("2022-04-07", "2022-04-07")
    assert by_type["webinar"].online is True
    assert _dates(by_type["survey"]) == ("2021-11", "2021-11")
    assert by_type["survey"].online is False
    assert (by_type["survey"].city, by_type["survey"].country) == (None, "ZMB")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("On 3 May 2023, the meeting took place online.", True),
        ("On 3 May 2023, partners met online to compare notes.", True),
        ("On 3 May 2023, the WCO held a virtual kick-off meeting.", True),
        ("On 3 May 2023, a workshop was held via video conference.", True),
        ("On 3 May 2023, a workshop was held by videoconference.", True),
        ("Le 3 mai 2023, une réunion s'est tenue par visioconférence.", True),
        ("Le 3 mai 2023, les coordonnateurs se sont retrouvés en format virtuel.", True),
        ("Le 3 mai 2023, une réunion de lancement s'est tenue sur la plateforme KUDO.", True),
        ("On 3 May 2023, 140 officers logged on via Zoom for a seminar.", True),
        ("On 3 May 2023, officers followed an online course.", True),
        ("On 3 May 2023, a conference took place in Brussels. It was held in a hybrid format.",
         False),
        ("On 3 May 2023, a workshop was held in Lomé. Several speakers joined remotely.", False),
        ("Le 3 mai 2023, un atelier s'est tenu à Lomé en format hybride.", False),
        ("Le 3 mai 2023, la ligne verte a été lancée à Abidjan. L'experte est intervenue par "
         "visioconférence.", False),
        ("On 3 May 2023, a workshop was held in Nairobi.", False),
        ("On 3 May 2023, the administration launched a platform for online complaints.", False),
        ("On 3 May 2023, a workshop was held in Accra. A shared vision was agreed.", False),
    ],
)
def test_online_is_true_only_for_fully_virtual_events(body: str, expected: bool) -> None:
    assert _one(body, language="fr" if " le " in body.lower() else "en").online is expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("On 3 May 2023, officials gathered in Dakar, Senegal, for a workshop.", ("Dakar", "SEN")),
        ("Du 14 au 18 mars 2022, la douane a accueilli à Tunis un atelier.", ("Tunis", "TUN")),
        ("On 3 May 2023, the WCO hosted a meeting at its Secretariat in Brussels.",
         ("Brussels", "BEL")),
        ("Du 29 novembre au 2 décembre 2021, des cadres se sont réunis à Lomé, au Togo, pour un "
         "atelier.", ("Lomé", "TGO")),
        ("On 3 May 2023, officials met in San José, Costa Rica, for a workshop.",
         ("San José", "CRI")),
        ("On 3 May 2023, delegates met in Nairobi, Kenya, for a regional workshop.",
         ("Nairobi", "KEN")),
        # several cities: no city, the country they share
        ("The survey was conducted in March 2023 in Accra, Tema and Kumasi.", (None, "GHA")),
        # several cities in several countries (a series): neither
        ("Between February and April 2022, workshops were hosted in Accra, Monrovia and "
         "Freetown.", (None, None)),
        # a city people joined from is not the venue
        ("On 3 May 2023, a workshop was held in Lomé with experts connected from Brussels.",
         ("Lomé", "TGO")),
        ("On 3 May 2023, a workshop on ethics was held.", (None, None)),
    ],
)
def test_venue_is_read_from_the_sentence(
    body: str, expected: tuple[str | None, str | None]
) -> None:
    event = _one(body, language="fr" if " la " in body else "en")
    assert (event.city, event.country) == expected


def test_venue_comes_from_a_following_held_sentence() -> None:
    body = (
        "Le mardi 3 novembre 2020, la douane a mis en service une ligne verte. La cérémonie de "
        "lancement s'est tenue à Abidjan, au siège de la Direction générale."
    )
    event = _one(body, language="fr")
    assert (event.type, event.city, event.country) == ("launch", "Abidjan", "CIV")


def test_online_event_has_no_venue_even_when_a_city_is_named() -> None:
    body = (
        "Its participation was confirmed at a kick-off meeting held by videoconference on "
        "20 September between its management and the Programme team in Brussels."
    )
    event = _one(body, date(2022, 9, 28))
    assert (event.online, event.city, event.country) == (True, None, None)


def test_event_name_is_a_short_descriptive_phrase() -> None:
    event = _one("On 3 May 2023, the WCO held a workshop on conflicts of interest in Lusaka.")
    assert event.name.lower().startswith("workshop on conflicts of interest")
    assert len(event.name) < 120


def test_evidence_is_the_event_sentence_with_its_offsets() -> None:
    body = "Background first. On 3 May 2023, a workshop was held in Lusaka."
    event = _one(body)
    assert body[event.evidence.start : event.evidence.end] == event.evidence.sentence
    assert event.evidence.sentence.startswith("On 3 May 2023")


def _event(country: str | None = None, city: str | None = None, online: bool = False) -> EventFact:
    return EventFact("workshop", "Workshop", None, None, city, country, online,
                     Evidence(0, 1, "x"))


def _admin(country: str, *roles: str) -> AdministrationFact:
    return AdministrationFact(country, list(roles), country, Evidence(0, 1, "x"))


def test_host_country_fills_an_in_person_event_without_country() -> None:
    events = [_event()]
    fill_country_from_hosts(events, [_admin("MLI", "partner", "host"), _admin("BRA", "expert")])
    assert events[0].country == "MLI"


@pytest.mark.parametrize(
    ("event", "admins", "expected"),
    [
        (_event(online=True), [_admin("MLI", "host")], None),  # online: no venue
        (_event(country="KEN", city="Nairobi"), [_admin("UGA", "host")], "KEN"),  # stated
        (_event(), [_admin("GHA", "host"), _admin("LBR", "host")], None),  # a series
        (_event(), [_admin("MLI", "partner"), _admin("GHA", "partner")], None),  # no host
    ],
)
def test_host_country_is_not_used_when_it_should_not_be(
    event: EventFact, admins: list[AdministrationFact], expected: str | None
) -> None:
    fill_country_from_hosts([event], admins)
    assert event.country == expected


MAIN = "From 6 to 8 March 2023, the administration hosted a workshop on rotation in Harare. "


@pytest.mark.parametrize(
    "sentence",
    [
        "The workshop produced proposals that will be submitted to the Council in September.",
        "The director said the meeting drafted a plan, to be approved by management in July.",
        "The seminar agreed on a report that is due in October.",
        "The training led to new rules which were validated by the Board on 4 May.",
        "L'atelier a produit des propositions qui seront soumises au Conseil en septembre.",
    ],
)
def test_dated_submission_decision_or_deadline_is_not_an_event(sentence: str) -> None:
    events = _events(MAIN + sentence)
    assert [_dates(e) for e in events] == [("2023-03-06", "2023-03-08")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("A workshop that was held in Harare on 6 May gathered managers.", "2023-05-06"),
        ("The officers attended a training course which took place on 6 May.", "2023-05-06"),
    ],
)
def test_relative_clause_that_holds_the_activity_keeps_its_date(
    sentence: str, expected: str
) -> None:
    assert _dates(_one(sentence)) == (expected, expected)


@pytest.mark.parametrize(
    ("sentence", "expected_type"),
    [
        ("A first survey, carried out among officers and traders, found gaps.", "survey"),
        ("The report of the first perception survey conducted in 2021 was shared.", "survey"),
        ("Earlier, WCO experts had conducted a diagnostic mission at the port.", "mission"),
        ("Auparavant, la douane avait mené une enquête auprès des usagers.", "survey"),
    ],
)
def test_undated_activity_reported_as_held_beside_a_dated_one_is_an_event(
    sentence: str, expected_type: str
) -> None:
    events = _events(MAIN + sentence)
    assert [(e.type, _dates(e)) for e in events] == [
        ("workshop", ("2023-03-06", "2023-03-08")), (expected_type, (None, None))
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The workshop was organised with funding from Norway.",  # the dated event again
        "Managers shared data from the integrity survey held in the country.",  # in passing
        "A workshop, held by the Ministry, covered the same topics.",  # a dated type, no ordinal
        "A survey will be carried out next year among traders.",  # an undated plan
        "Each office regularly holds a meeting with traders.",  # habitual
    ],
)
def test_undated_activity_that_is_the_dated_one_or_background_is_not_added(
    sentence: str,
) -> None:
    events = _events(MAIN + sentence)
    assert [_dates(e) for e in events] == [("2023-03-06", "2023-03-08")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The administration launched a new survey in mid-May among its staff.", ("2023-05", None)),
        ("The survey began on 2 May at the main border posts.", ("2023-05-02", None)),
        ("L'enquête a été lancée en mai auprès des agents.", ("2023-05", None)),
        # said to be over, or not a survey: a start is also the end
        ("The survey launched on 2 May was completed by every office.", ("2023-05-02",) * 2),
        ("On 2 May the administration launched its integrity action plan.", ("2023-05-02",) * 2),
    ],
)
def test_survey_started_and_not_said_to_be_over_has_no_end(
    body: str, expected: tuple[str | None, str | None]
) -> None:
    assert _dates(_one(body)) == expected


@pytest.mark.parametrize(
    "body",
    [
        "A workshop was held in Accra on 2 May and a meeting followed on 5 May.",
        "A workshop took place in Accra on 2 May while a meeting was held on 5 May.",
        "Un atelier s'est tenu à Accra le 2 mai et une réunion a suivi le 5 mai.",
    ],
)
def test_a_date_closing_one_activity_does_not_open_the_next(body: str) -> None:
    events = _events(body, language="fr" if "atelier" in body else "en")
    assert sorted((e.type, _dates(e)) for e in events) == [
        ("meeting", ("2023-05-05", "2023-05-05")), ("workshop", ("2023-05-02", "2023-05-02"))
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("The workshop took place on 02.05.2023 in Accra.", ("2023-05-02", "2023-05-02")),
        ("A course was held from 02/05/2023 to 04/05/2023 in Accra.", ("2023-05-02", "2023-05-04")),
    ],
)
def test_numeric_dates_date_an_event(body: str, expected: tuple[str, str]) -> None:
    assert _dates(_one(body)) == expected


AGENDA = (
    "From 2 to 4 May 2023, the administration hosted a workshop on integrity in Accra.\n\n"
    "Programme highlights\n"
    "- Day 1 (2 May): opening session and risk mapping\n"
    "- Day 2 (3 May): session on the code of conduct\n"
    "- Day 3 (4 May): closing session and evaluation\n\n"
)


def test_agenda_items_within_a_dated_activity_are_not_events_of_their_own() -> None:
    events = _events(AGENDA)
    assert [(e.type, _dates(e)) for e in events] == [("workshop", ("2023-05-02", "2023-05-04"))]


def test_a_session_dated_outside_the_activity_is_still_an_event() -> None:
    events = _events(AGENDA + "A follow-up session was held online on 20 May.")
    assert [(e.type, _dates(e)) for e in events] == [
        ("workshop", ("2023-05-02", "2023-05-04")), ("meeting", ("2023-05-20", "2023-05-20"))
    ]

"""Event resolution: which reports are one activity, order independence, incremental updates,
stable ids. Every report here is made up for the test."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.ingest.resolve import (
    DocumentContext,
    Report,
    Resolution,
    Span,
    resolve,
    resolve_into,
    resolved_event,
)
from app.ingest.resolve.evidence import Features, compare


def report(doc: str, index: int = 0, *, type: str = "workshop", name: str = "",
           start: str | None = None, end: str | None = None, city: str | None = None,
           country: str | None = None, online: bool = False,
           admins: tuple[tuple[str, tuple[str, ...]], ...] = (),
           people: tuple[str, ...] = (), published: str | None = None, seen: int = 0,
           siblings: tuple[str, ...] = ()) -> Report:
    context = DocumentContext(
        document=doc, seen=seen, published=date.fromisoformat(published) if published else None,
        administrations=admins, people=people)
    return Report(context=context, index=index, type=type, name=name,
                  start=Span.parse(start), end=Span.parse(end if end else start),
                  city=city, country=country, online=online,
                  siblings=tuple(s for s in (Span.parse(x) for x in siblings) if s))


def same(a: Report, b: Report) -> bool:
    return compare(Features.of(a), Features.of(b)).same


def why(a: Report, b: Report) -> str | None:
    v = compare(Features.of(a), Features.of(b))
    return v.rule or v.conflict


MALI = (("MLI", ("partner", "host")),)
NIGER = (("NER", ("partner", "host")),)


# --- same activity or not -------------------------------------------------------------

def test_workshop_reported_as_meetings_is_the_same_activity() -> None:
    a = report("a", type="workshop", name="Workshop on internal control",
               start="2024-05-14", end="2024-05-16", city="Bamako", country="MLI", admins=MALI)
    b = report("b", type="meeting", name="Meetings with Mali Customs on internal control",
               start="2024-05-15", end="2024-05-16", city="Bamako", country="MLI", admins=MALI)
    assert same(a, b)


def test_survey_and_its_launch_are_different_activities() -> None:
    a = report("a", type="survey", name="Integrity perception survey", start="2024-05-02",
               country="MLI", admins=MALI)
    b = report("b", type="launch", name="Launch of the integrity perception survey",
               start="2024-05-02", country="MLI", admins=MALI)
    assert why(a, b) == "type"


def test_month_only_date_is_compatible_with_a_day_in_that_month() -> None:
    a = report("a", name="Symposium on organised crime in ports", start="2023-11-27",
               end="2023-11-28", type="conference", city="Brussels", country="BEL")
    b = report("b", name="Symposium on organised crime and ports", start="2023-11",
               type="conference")
    assert why(a, b) == "same-name"


def test_month_only_date_is_not_compatible_with_a_day_in_another_month() -> None:
    a = report("a", name="Symposium on organised crime in ports", start="2023-11-27",
               type="conference")
    b = report("b", name="Symposium on organised crime in ports", start="2023-10",
               type="conference")
    assert why(a, b) == "dates"


def test_day_dates_that_do_not_overlap_are_different_activities() -> None:
    a = report("a", name="Dialogue workshop", start="2024-06-25", end="2024-06-26",
               city="Abidjan", country="CIV")
    b = report("b", name="Dialogue workshop", start="2024-06-27", city="Abidjan",
               country="CIV")
    assert why(a, b) == "dates"


@pytest.mark.parametrize(("left", "right"), [
    ({"country": "MLI"}, {"country": "NER"}),
    ({"city": "Bamako", "country": "MLI"}, {"city": "Kayes", "country": "MLI"}),
    ({"online": True}, {"city": "Bamako", "country": "MLI"}),
])
def test_conflicting_venues_are_different_activities(left: dict[str, object],
                                                     right: dict[str, object]) -> None:
    a = report("a", name="Workshop on internal control", start="2024-05-14", admins=MALI,
               **left)  # type: ignore[arg-type]
    b = report("b", name="Workshop on internal control", start="2024-05-14", admins=MALI,
               **right)  # type: ignore[arg-type]
    assert why(a, b) == "venue"


def test_different_ordinals_are_different_activities() -> None:
    a = report("a", type="other", name="Celebration of the 17th anti-corruption day",
               country="NER", admins=NIGER)
    b = report("b", type="other", name="Celebration of the 21st anti-corruption day",
               start="2024-12-09", country="NER", admins=NIGER)
    assert why(a, b) == "ordinal"


def test_two_events_of_one_document_are_never_one_activity() -> None:
    a = report("a", 0, name="Workshop on internal control", start="2024-05-14", admins=MALI)
    b = report("a", 1, name="Workshop on internal control", start="2024-05-14", admins=MALI)
    assert why(a, b) == "same-document"


def test_undated_report_joins_when_its_document_time_fits_and_the_names_match() -> None:
    a = report("a", type="meeting", name="Private sector consultation meetings in Maputo",
               start="2024-04-09", end="2024-04-12", country="MOZ",
               admins=(("MOZ", ("partner", "host")),))
    b = report("b", type="meeting", name="Consultation meetings with the private sector",
               published="2024-05-01", admins=(("MOZ", ("partner",)),))
    assert why(a, b) == "same-name-undated"


def test_undated_report_whose_document_is_years_away_is_another_activity() -> None:
    a = report("a", type="launch", name="Launch of the integrity perception survey",
               start="2023-01-24", country="BFA")
    b = report("b", type="launch", name="Press launch of the integrity perception survey",
               country="BFA", siblings=("2019-12",))
    assert why(a, b) == "anchor"


def test_undated_report_of_a_timeless_document_needs_something_shared() -> None:
    a = report("a", type="meeting", name="Virtual meeting with the revenue commissioner",
               start="2020-09-07", online=True, people=("Jane Phiri",))
    b = report("b", type="meeting", name="Virtual meeting with the revenue commissioner",
               online=True, people=("Jane Phirri",))  # the same person, misspelt
    assert why(a, b) == "same-name-undated"
    stranger = report("c", type="meeting", name="Virtual meeting with the revenue commissioner",
                      online=True, people=("Paul Banda",))
    assert not same(a, stranger)


def test_reports_sharing_only_an_expert_administration_are_not_joined() -> None:
    a = report("a", name="Workshop on internal control", start="2021-10-18", end="2021-10-28",
               admins=(("BFA", ("partner",)), ("CAN", ("expert",))))
    b = report("b", name="Workshop on the next generation network", start="2021-10-25",
               end="2021-10-28", admins=(("TUN", ("partner",)), ("CAN", ("expert",))))
    assert not same(a, b)


def test_one_activity_named_in_french_and_in_english_shares_its_words() -> None:
    a = report("a", name="Dialogue with the private sector on risk management",
               start="2024-06", admins=MALI)
    b = report("b", name="Dialogue avec le secteur privé sur la gestion des risques",
               start="2024-06-12", admins=MALI)
    assert why(a, b) == "same-name"


def test_a_city_spelt_in_two_languages_is_one_venue() -> None:
    a = report("a", type="meeting", name="Meeting of the integrity focal points",
               start="2022-03-09", end="2022-03-10", city="Bruxelles")
    b = report("b", type="meeting", name="Integrity focal points meet",
               start="2022-03-10", city="Brussels", country="BEL")
    assert why(a, b) == "same-days-same-venue"
    elsewhere = report("c", type="meeting", name="Integrity focal points meet",
                       start="2022-03-10", city="Antwerp", country="BEL")
    assert why(a, elsewhere) == "venue"


def test_a_venue_city_gives_its_country() -> None:
    a = report("a", type="meeting", name="Meeting of the integrity focal points",
               start="2022-03-10", city="Nairobi")
    b = report("b", type="meeting", name="Integrity focal points meet", start="2022-03-10",
               country="KEN")
    assert why(a, b) == "same-days-same-venue"
    assert why(a, report("c", type="meeting", name="Integrity focal points meet",
                         start="2022-03-10", country="UGA")) == "venue"


def test_the_venue_country_alone_is_not_a_beneficiary_that_can_conflict() -> None:
    a = report("a", type="conference", name="Global symposium on border integrity",
               start="2022-11-07", end="2022-11-08", city="Brussels", country="BEL")
    b = report("b", type="conference", name="Symposium on border integrity",
               start="2022-11", admins=(("KEN", ("partner",)),))
    assert why(a, b) == "same-name"


def test_plural_and_french_forms_of_a_name_word_share_its_stem() -> None:
    a = report("a", type="mission", name="Visite de travail sur les affaires internes",
               start="2022-02", admins=MALI)
    b = report("b", type="mission", name="Working visit on internal affairs",
               start="2022-02-14", end="2022-02-15", admins=MALI)
    assert why(a, b) == "same-name"


def test_a_launch_held_as_a_workshop_is_one_activity() -> None:
    a = report("a", type="launch", name="Launch of the green line for reporting bribes",
               start="2021-04-20", city="Lome", country="TGO")
    b = report("b", type="workshop", name="Workshop to launch the green line for reporting",
               start="2021-04-20", country="TGO")
    assert same(a, b)


def test_same_days_and_same_place_join_differently_named_compatible_types() -> None:
    a = report("a", type="mission", name="Scoping visit", start="2021-09-13",
               end="2021-09-17", city="Dodoma", country="TZA")
    b = report("b", type="training", name="Sessions for frontline officers",
               start="2021-09-15", end="2021-09-16", country="TZA")
    assert why(a, b) == "same-days-same-place"
    online = report("c", type="webinar", name="Sessions for frontline officers",
                    start="2021-09-15", online=True, admins=(("KEN", ("partner",)),))
    assert not same(a, online)


def test_an_undated_report_joins_through_shared_parties_people_and_being_online() -> None:
    a = report("a", type="meeting", name="Call with the new tax chief",
               start="2021-02-03", online=True, published="2021-02-10",
               admins=(("ZMB", ("partner",)),), people=("Mutale Banda",))
    b = report("b", type="meeting", name="Online exchange (virtual)", online=True,
               admins=(("ZMB", ("partner",)),), people=("Mutale Bandah",))
    assert why(a, b) == "same-parties-undated"
    in_person = report("c", type="meeting", name="Exchange in Lusaka",
                       admins=(("ZMB", ("partner",)),), people=("Mutale Banda",))
    assert not same(a, in_person)
    nobody = report("d", type="meeting", name="Online exchange (virtual)", online=True,
                    admins=(("ZMB", ("partner",)),))
    assert not same(a, nobody)


def test_a_translated_phrase_and_a_compound_share_their_words() -> None:
    a = report("a", type="meeting", name="Table ronde des coordonnateurs sur les pratiques",
               start="2022-05", admins=MALI)
    b = report("b", type="meeting", name="Coordinators roundtable on practice",
               start="2022-05-11", admins=MALI)
    assert why(a, b) == "same-name"


def test_a_short_name_inside_a_longer_one_of_its_type_matches_when_both_are_dated() -> None:
    a = report("a", type="conference", name="Colloquium on", start="2022-10-04",
               end="2022-10-05", city="Brussels", country="BEL")
    b = report("b", type="conference", name="Colloquium on smuggling networks",
               start="2022-10", admins=(("PER", ("partner",)),))
    assert why(a, b) == "same-name"
    undated = report("c", type="conference", name="Colloquium on smuggling networks",
                     admins=(("BEL", ("partner",)),))
    assert not same(a, undated)  # a date-less report needs more than one word
    other_type = report("d", type="workshop", name="Colloquium on smuggling networks",
                        start="2022-10")
    assert not same(a, other_type)


def test_generic_words_alone_do_not_make_names_match() -> None:
    a = report("a", type="conference", name="WCO customs integrity conference",
               start="2024-06")
    b = report("b", type="conference", name="Customs integrity conference of the WCO",
               start="2024-06-12", end="2024-06-13", city="Paris", country="FRA")
    assert not same(a, b)


# --- clusters ------------------------------------------------------------------------

POOL = [
    report("a", name="Internal control workshop", start="2024-05-14", end="2024-05-16",
           city="Bamako", country="MLI", admins=MALI, seen=5),
    report("b", type="meeting", name="Meetings on internal control with Mali Customs",
           start="2024-05", admins=(("MLI", ("partner",)),), seen=2),
    report("c", name="Internal control workshop in Bamako", start="2024-05-20",
           end="2024-05-21", city="Bamako", country="MLI", admins=MALI, seen=7),
    report("d", 0, type="survey", name="Integrity perception survey in Mali", start="2024-05",
           end="2024-06", country="MLI", admins=MALI, seen=1),
    report("d", 1, type="launch", name="Launch of the integrity perception survey",
           start="2024-05-02", country="MLI", admins=MALI, seen=1),
    report("e", type="launch", name="Launch of the perception survey", start="2024-05-02",
           city="Bamako", country="MLI", admins=MALI, seen=3),
    report("f", type="conference", name="Global conference on integrity",
           start="2024-05-15", city="Brussels", country="BEL", seen=4),
    report("g", type="meeting", name="Meetings on internal control with Malian officials",
           published="2024-06-01", admins=(("MLI", ("partner",)),), seen=6),
    report("h", name="Internal control workshop", start="2024-05-15", end="2024-05-16",
           online=True, admins=(("MLI", ("partner",)),), seen=8),
    report("i", type="other", name="Celebration of the anti-corruption day",
           admins=MALI, people=("Awa Keita",), seen=9),
    report("j", type="other", name="Celebration of the anti-corruption day",
           start="2024-12-09", country="MLI", admins=MALI, people=("Awa Keita",), seen=0),
]


def test_a_month_report_bridging_two_different_workshops_joins_only_one() -> None:
    clusters = resolve(POOL[:3]).clusters()
    assert ("a", 0) not in next(c for c in clusters if ("c", 0) in c)
    assert len(clusters) == 2


def test_a_vague_report_attaches_to_its_best_match_and_does_not_chain_two_events() -> None:
    vague = report("v", type="meeting", name="Meetings with Mali Customs", start="2024-05",
                   admins=(("MLI", ("partner",)),))
    first = report("p", type="meeting", name="Meetings on internal control", start="2024-05-06",
                   end="2024-05-08", city="Kayes", country="MLI", admins=MALI)
    second = report("q", type="meeting", name="Meetings with Mali Customs officials",
                    start="2024-05-20", city="Bamako", country="MLI", admins=MALI)
    resolution = resolve([vague, first, second])
    assert set(resolution.links[("v", 0)]) == {("p", 0), ("q", 0)}
    assert resolution.best[("v", 0)] == ("q", 0)  # the closer name scores higher
    assert sorted(resolution.clusters()) == [(("p", 0),), (("q", 0), ("v", 0))]


def test_the_pool_resolves_to_the_expected_events() -> None:
    clusters = resolve(POOL).clusters()
    assert (("d", 1), ("e", 0)) in clusters  # one launch, two reports
    assert (("i", 0), ("j", 0)) in clusters
    assert (("d", 0),) in clusters  # the survey is not its launch
    assert (("f", 0),) in clusters


@settings(max_examples=60, deadline=None)
@given(st.permutations(POOL))
def test_resolution_is_independent_of_input_order(order: list[Report]) -> None:
    assert resolve(order).clusters() == resolve(POOL).clusters()
    assert resolve(order).members == resolve(POOL).members


@settings(max_examples=60, deadline=None)
@given(st.permutations(POOL), st.lists(st.integers(0, len(POOL)), max_size=4))
def test_incremental_resolution_equals_resolving_all_at_once(order: list[Report],
                                                             cuts: list[int]) -> None:
    resolution = Resolution()
    bounds = [0, *sorted(cuts), len(order)]
    for lo, hi in zip(bounds, bounds[1:], strict=False):
        resolution.add(order[lo:hi])
    batch = resolve(POOL)
    assert resolution.clusters() == batch.clusters()
    assert resolution.members == batch.members


@settings(max_examples=40, deadline=None)
@given(st.sets(st.sampled_from(sorted({r.document for r in POOL}))))
def test_removing_documents_equals_resolving_the_rest(removed: set[str]) -> None:
    resolution = resolve(POOL)
    resolution.remove_documents(removed)
    rest = resolve([r for r in POOL if r.document not in removed])
    assert resolution.clusters() == rest.clusters()
    assert resolution.members == rest.members


def test_removing_a_document_changes_only_the_events_it_was_in() -> None:
    resolution = resolve(POOL)
    assert resolution.members[("d", 1)] == (("d", 1), ("e", 0))
    before = dict(resolution.members)
    change = resolution.remove_documents(["e"])
    assert change.updated == (("d", 1),)
    assert not change.created and not change.removed
    untouched = {k: v for k, v in before.items() if k != ("d", 1)}
    assert all(resolution.members[k] == v for k, v in untouched.items())


def test_re_adding_a_report_replaces_it() -> None:
    resolution = resolve(POOL)
    moved = report("e", type="launch", name="Launch of the perception survey",
                   start="2024-09-02", city="Bamako", country="MLI", admins=MALI, seen=3)
    resolution.add([moved])
    assert resolution.event_of[("e", 0)] == ("e", 0)
    assert resolution.members[("d", 1)] == (("d", 1),)


# --- public ids ----------------------------------------------------------------------

OLD = report("old", type="conference", name="Symposium on organised crime at borders",
             start="2024-05", seen=1)
NEWER = report("newer", type="conference", name="Global gathering of heads of agencies",
               start="2024-05-14", end="2024-05-16", city="Brussels", country="BEL", seen=2)
BRIDGE = report("bridge", type="conference", name="Symposium on organised crime at borders",
                start="2024-05-14", end="2024-05-16", city="Brussels", country="BEL", seen=3)


def test_the_id_fixtures_link_only_through_the_bridge() -> None:
    assert not same(OLD, NEWER)
    assert why(BRIDGE, NEWER) == "same-days-same-venue"
    assert why(BRIDGE, OLD) == "same-name"


def test_merge_keeps_the_older_id_and_redirects_the_other() -> None:
    resolution = resolve([OLD, NEWER])
    assert sorted(resolution.members) == [("newer", 0), ("old", 0)]
    change = resolution.add([BRIDGE])
    assert list(resolution.members) == [("old", 0)]
    assert change.redirects == ((("newer", 0), ("old", 0)),)
    assert resolution.follow(("newer", 0)) == ("old", 0)


def test_older_means_first_seen_not_first_in_the_alphabet() -> None:
    late = report("aaa", type=OLD.type, name=OLD.name, start="2024-05", seen=9)
    resolution = resolve([late, NEWER, BRIDGE])
    assert list(resolution.members) == [("newer", 0)]


def test_a_split_gives_a_redirected_id_back() -> None:
    resolution = resolve([OLD, NEWER, BRIDGE])
    assert resolution.redirects == {}
    resolution = resolve([OLD, NEWER])
    resolution.add([BRIDGE])
    change = resolution.remove_documents(["bridge"])
    assert change.restored == (("newer", 0),)
    assert ("newer", 0) not in resolution.redirects
    assert sorted(resolution.members) == [("newer", 0), ("old", 0)]


def test_an_event_whose_reports_are_all_gone_is_retired() -> None:
    resolution = resolve([OLD, NEWER])
    change = resolution.remove_documents(["newer"])
    assert change.removed == (("newer", 0),)
    assert resolution.follow(("newer", 0)) is None
    assert ("newer", 0) in resolution.retired


def test_an_event_losing_its_oldest_report_redirects_to_its_new_id() -> None:
    resolution = resolve([OLD, NEWER, BRIDGE])
    resolution.remove_documents(["old"])
    assert list(resolution.members) == [("newer", 0)]
    assert resolution.follow(("old", 0)) == ("newer", 0)


def test_redirect_chains_are_followed_to_the_live_id() -> None:
    resolution = resolve([NEWER])
    resolution.add([BRIDGE])  # bridge joins newer: no redirect, newer is older
    first = report("first", type=OLD.type, name=OLD.name, start="2024-05", seen=0)
    resolution.add([first])
    assert resolution.follow(("newer", 0)) == ("first", 0)


def test_resolve_into_leaves_the_existing_resolution_as_it_was() -> None:
    existing = resolve([OLD, NEWER])
    merged, change = resolve_into(existing, [BRIDGE])
    assert sorted(existing.members) == [("newer", 0), ("old", 0)]
    assert list(merged.members) == [("old", 0)]
    assert change.removed == (("newer", 0),)


# --- resolved fields -----------------------------------------------------------------

def test_resolved_fields_take_the_most_precise_dates_and_a_venue_over_none() -> None:
    vague = report("v", type="meeting", name="Discussions in May", start="2024-05",
                   admins=(("MLI", ("partner",)),), seen=1)
    precise = report("p", type="workshop", name="Internal control workshop",
                     start="2024-05-14", end="2024-05-16", city="Bamako", country="MLI",
                     admins=(("MLI", ("host",)), ("SEN", ("expert",))), seen=2)
    event = resolved_event(("v", 0), [precise, vague])
    assert (event.start.iso if event.start else None) == "2024-05-14"
    assert (event.end.iso if event.end else None) == "2024-05-16"
    assert (event.city, event.country) == ("Bamako", "MLI")
    assert event.name == "Internal control workshop"
    assert event.administrations == {"MLI": ("host", "partner"), "SEN": ("expert",)}
    assert event.sources["start"] == (("p", 0),)
    assert event.sources["venue"] == (("p", 0),)
    assert event.sources["administrations.MLI"] == (("v", 0), ("p", 0))
    assert event.type == "meeting"  # a tie on type goes to the older report


def test_the_candidate_index_never_hides_a_link() -> None:
    resolution = resolve(POOL)
    features = {r.key: Features.of(r) for r in POOL}
    brute = {(a, b) for a in features for b in features
             if a < b and compare(features[a], features[b]).same}
    indexed = {(a, b) for a, others in resolution.links.items() for b in others if a < b}
    assert indexed == brute


NAMES = ["Internal control workshop", "Workshop on internal control in Bamako",
         "Meetings with stakeholders", "Integrity perception survey", "Launch of the survey",
         "Second session of the committee", "Third session of the committee", ""]


@st.composite
def random_reports(draw: st.DrawFn) -> list[Report]:
    out = []
    for doc in draw(st.lists(st.sampled_from("abcdefgh"), min_size=1, max_size=8, unique=True)):
        published = draw(st.sampled_from([None, "2024-06-01", "2019-01-01"]))
        admins = draw(st.sampled_from([(), MALI, NIGER, (("MLI", ("partner",)),)]))
        people = draw(st.sampled_from([(), ("Awa Keita",), ("Awa Kéita",)]))
        for index in range(draw(st.integers(1, 2))):
            start = draw(st.sampled_from([None, "2024-05", "2024-05-14", "2024-05-15",
                                          "2024-06"]))
            venue = draw(st.sampled_from([(None, None), (None, "MLI"), ("Bamako", "MLI"),
                                          ("Niamey", "NER")]))
            out.append(report(
                doc, index, type=draw(st.sampled_from(["workshop", "meeting", "survey",
                                                       "launch", "other"])),
                name=draw(st.sampled_from(NAMES)), start=start, city=venue[0],
                country=venue[1], online=venue[0] is None and draw(st.booleans()),
                admins=admins, people=people, published=published,
                seen=draw(st.integers(0, 3))))
    return out


@settings(max_examples=150, deadline=None)
@given(random_reports(), st.randoms(use_true_random=False))
def test_any_reports_resolve_alike_in_any_order_and_any_batches(reports: list[Report],
                                                               rnd: object) -> None:
    import random

    assert isinstance(rnd, random.Random)
    batch = resolve(reports)
    shuffled = list(reports)
    rnd.shuffle(shuffled)
    assert resolve(shuffled).members == batch.members
    step = Resolution()
    cut = rnd.randint(0, len(shuffled))
    step.add(shuffled[:cut])
    step.add(shuffled[cut:])
    assert step.members == batch.members
    gone = {r.document for r in reports if rnd.random() < 0.3}
    batch.remove_documents(gone)
    assert batch.members == resolve([r for r in reports if r.document not in gone]).members


@settings(max_examples=100, deadline=None)
@given(random_reports())
def test_the_candidate_index_finds_every_link_of_any_reports(reports: list[Report]) -> None:
    resolution = resolve(reports)
    features = {r.key: Features.of(r) for r in reports}
    brute = {(a, b) for a in features for b in features
             if a < b and compare(features[a], features[b]).same}
    indexed = {(a, b) for a, others in resolution.links.items() for b in others if a < b}
    assert indexed == brute

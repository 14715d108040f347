"""Event queries against an independent Python model of the filters, on both backends.

One small dataset per backend (module scope, rolled back at the end): ~35 events over
28 documents in English and French, with every kind of date (day, month, none), venue,
participants, themes, funders and types.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.core.errors import BadRequest, InvalidParameter, NotFound
from app.models import Country, Event
from app.query import events as q
from app.query.filters import EventFilters, clear_vocabulary_cache
from app.query.pagination import encode_cursor
from app.schemas.event import EventDetail, EventOut
from tests.events_dataset import (
    Rec,
    build,
    expected_order,
    last_day,
    matches,
    regions,
    theme_children,
)

Data = tuple[Session, list[Rec], dict[str, Any]]


@pytest.fixture(scope="module")
def data(migrated_engine: Engine) -> Iterator[Data]:
    connection = migrated_engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    clear_vocabulary_cache()
    try:
        recs = build(session)
        ctx = {
            "regions": regions(session),
            "children": theme_children(session),
            "alpha2": {a2: a3 for a2, a3 in
                       session.execute(select(Country.alpha2, Country.alpha3))},
        }
        yield session, recs, ctx
    finally:
        session.close()
        transaction.rollback()
        connection.close()


@pytest.fixture
def scratch(data: Data) -> Iterator[Session]:
    """The dataset's session, writable: the test's rows are rolled back after it."""
    session = data[0]
    savepoint = session.begin_nested()
    try:
        yield session
    finally:
        savepoint.rollback()


def filters_of(params: dict[str, Any]) -> EventFilters:
    return EventFilters(**params)


# One representative of every filter; single filters and every pair are checked.
SINGLE: dict[str, dict[str, Any]] = {
    "country-alpha2-lower": {"country": ["ma"]},
    "country-venue": {"country": ["FRA", "KEN"], "country_role": "venue"},
    "country-participant": {"country": ["MLI"], "country_role": "participant"},
    "region": {"region": ["west-central-africa"]},
    "theme": {"theme": ["transparency"]},
    "theme-group": {"theme": ["cross-cutting"]},
    "funder": {"funder": ["sida", "norad"]},
    "administration": {"administration": ["sn"]},
    "type": {"type": ["workshop", "training"]},
    "online": {"online": True},
    "offline": {"online": False},
    "date-range": {"date_from": date(2024, 3, 10), "date_to": date(2024, 9, 30)},
    "date-from": {"date_from": date(2025, 2, 15)},
    "published": {"published_from": date(2024, 1, 1), "published_to": date(2024, 12, 31)},
    "q-english": {"q": "ethics"},
    "q-french-accents-folded": {"q": "integrite"},
}
PAIR_KINDS = ["country-alpha2-lower", "region", "theme-group", "funder", "administration",
              "type", "online", "date-range", "published", "q-english"]
PAIRS = {f"{a}+{b}": {**SINGLE[a], **SINGLE[b]}
         for a, b in itertools.combinations(PAIR_KINDS, 2)}


def _check(data: Data, params: dict[str, Any]) -> list[Rec]:
    session, recs, ctx = data
    wanted = [r for r in recs if matches(r, params, ctx)]
    page = q.list_events(session, filters_of(params), limit=100)
    got = [EventOut.model_validate(e, strict=True).id for e in page.items]
    assert page.total == len(wanted)
    if "q" in params:
        assert sorted(got) == sorted(r.public_id for r in wanted)
    else:
        assert got == expected_order(wanted, "-start")
    return wanted


@pytest.mark.parametrize("params", SINGLE.values(), ids=SINGLE.keys())
def test_each_filter_matches_the_python_model(data: Data, params: dict[str, Any]) -> None:
    wanted = _check(data, params)
    assert wanted, "the dataset should exercise this filter"
    assert len(wanted) < len(data[1]), "the filter should exclude something"


@pytest.mark.parametrize("params", PAIRS.values(), ids=PAIRS.keys())
def test_each_pair_of_filters_matches_the_python_model(data: Data,
                                                       params: dict[str, Any]) -> None:
    _check(data, params)


def test_no_filter_lists_every_event(data: Data) -> None:
    assert _check(data, {}) == data[1]


def test_country_any_is_the_union_of_venue_and_participant(data: Data) -> None:
    session = data[0]
    ids = {
        role: {e["id"] for e in q.list_events(session, filters_of(
            {"country": ["MAR"], "country_role": role}), limit=100).items}
        for role in ("any", "venue", "participant")
    }
    assert ids["venue"] and ids["participant"]
    assert ids["any"] == ids["venue"] | ids["participant"]


WALKS = [(sort, params) for sort in ("-start", "start", "-published", "relevance")
         for params in ({}, {"country": ["MAR"]}, {"q": "corruption"})
         if sort != "relevance" or "q" in params]


@pytest.mark.parametrize("sort, params", WALKS, ids=[f"{s}-{p}" for s, p in WALKS])
def test_walking_every_page_yields_each_event_once_in_order(
    data: Data, sort: str, params: dict[str, Any]
) -> None:
    session, recs, ctx = data
    wanted = [r for r in recs if matches(r, params, ctx)]
    seen: list[str] = []
    cursor = None
    for _ in range(100):
        page = q.list_events(session, filters_of(params), sort=sort, limit=4, cursor=cursor)
        assert len(page.items) <= 4
        seen += [e["id"] for e in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen))
    assert sorted(seen) == sorted(r.public_id for r in wanted)
    if sort != "relevance":
        assert seen == expected_order(wanted, sort)


def test_relevance_pages_hold_when_every_match_must_be_ranked(
    data: Data, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With one document kept by the shortcut, every page falls back to ranking each match
    (a tie at the cut, or too few events): the same events, each once."""
    session, recs, ctx = data
    params = {"q": "corruption"}
    monkeypatch.setattr(q, "RANKED_DOCUMENTS", 1)
    seen: list[str] = []
    cursor = None
    for _ in range(100):
        page = q.list_events(session, filters_of(params), sort="relevance", limit=2,
                             cursor=cursor)
        seen += [e["id"] for e in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen))
    assert sorted(seen) == sorted(r.public_id for r in recs if matches(r, params, ctx))


@pytest.mark.parametrize("params", [{"country": ["MAR"]}, {"theme": ["training"]},
                                    {"type": ["workshop"], "online": True}],
                         ids=["one-country", "one-theme", "events-table"])
def test_a_request_compiled_before_reads_what_was_stored_since(
    scratch: Session, params: dict[str, Any]
) -> None:
    """A request's statements are kept compiled between requests: they still read the
    data as it is now, not as it was when they were compiled."""
    from tests.factories import make_document, make_event

    before = q.list_events(scratch, filters_of(params), limit=100)
    document = make_document(scratch, title="Kept statements", themes=["training"],
                             administrations=[("MAR", "host")],
                             published=date(2031, 5, 1))
    added = make_event(scratch, document, start=date(2031, 4, 1), country_code="MAR",
                       online=True)
    scratch.flush()
    after = q.list_events(scratch, filters_of(params), limit=100)
    assert after.total == (before.total or 0) + 1
    assert after.items[0]["id"] == added.public_id  # the newest, first
    assert [e["id"] for e in after.items[1:]] == [e["id"] for e in before.items][:99]


def test_relevance_ranks_title_matches_first(scratch: Session) -> None:
    from tests.factories import make_document, make_event

    body_only = make_document(scratch, title="News", body="zanzibarite " + "filler " * 50)
    in_title = make_document(scratch, title="Zanzibarite meeting", body="filler " * 50)
    first = make_event(scratch, body_only)
    second = make_event(scratch, in_title)
    page = q.list_events(scratch, filters_of({"q": "zanzibarite"}))
    assert [e["id"] for e in page.items] == [second.public_id, first.public_id]


def test_stream_yields_every_match_in_order(data: Data) -> None:
    session, recs, ctx = data
    streamed = [e["id"] for e in q.iter_events(session, EventFilters(), sort="start", chunk=3)]
    assert streamed == expected_order(recs, "start")


@pytest.mark.parametrize("cursor", ["", "not base64 !", "e30", "W10", "eyJzIjoiLXN0YXJ0In0",
                                    encode_cursor("-start", ["not a date"], 3),
                                    encode_cursor("-start", [1.5], 3),
                                    encode_cursor("-start", ["2025-01-01", "x"], 3),
                                    encode_cursor("start", ["2025-01-01"], 3)])
def test_malformed_or_foreign_cursor_is_a_bad_request(data: Data, cursor: str) -> None:
    with pytest.raises(BadRequest):
        q.list_events(data[0], EventFilters(), sort="-start", cursor=cursor or "=")


@pytest.mark.parametrize("params, parameter, suggestion", [
    ({"theme": ["gendr"]}, "theme", "gender-equality-diversity"),
    ({"country": ["XX"]}, "country", None),
    ({"country": ["Mali"]}, "country", "MLI"),
    ({"funder": ["sidda"]}, "funder", "sida"),
    ({"region": ["west-africa"]}, "region", "west-central-africa"),
    ({"type": ["worksop"]}, "type", "workshop"),
    ({"administration": ["ZZZ"]}, "administration", None),
])
def test_unknown_values_name_the_parameter_and_suggest(
    data: Data, params: dict[str, Any], parameter: str, suggestion: str | None
) -> None:
    with pytest.raises(InvalidParameter) as raised:
        q.list_events(data[0], filters_of(params))
    error = raised.value.extra["errors"][0]
    assert error["parameter"] == parameter
    if suggestion:
        assert suggestion in error["suggestions"]


@pytest.mark.parametrize("text", [None, ",)", "  "])
def test_relevance_without_words_is_the_default_order(data: Data, text: str | None) -> None:
    relevance = q.list_events(data[0], EventFilters(q=text), sort="relevance", limit=5)
    default = q.list_events(data[0], EventFilters(q=text), limit=5)
    assert relevance.items == default.items
    assert relevance.next_cursor == default.next_cursor


@pytest.mark.parametrize("text", ['NEAR(" OR *', "\x00\x00", "a" * 5000, "🙂 ∑ ☃", "AND",
                                  '"unbalanced', "title:x", "-", "l'intégrité!"])
def test_any_text_query_runs(data: Data, text: str) -> None:
    page = q.list_events(data[0], filters_of({"q": text}))
    assert page.total is not None


def test_text_search_follows_updates(scratch: Session) -> None:
    from tests.factories import make_document, make_event

    document = make_document(scratch, title="Plain", body="nothing here")
    event = make_event(scratch, document)
    assert q.list_events(scratch, filters_of({"q": "quetzalcoatl"})).total == 0
    document.body = "Now about Quetzalcoatl."
    scratch.flush()
    assert [e["id"] for e in q.list_events(scratch, filters_of({"q": "quetzalcoatl"})).items] \
        == [event.public_id]


FACET_VALUES = {
    "country": lambda r, ctx: [r.country] if r.country else [],
    "region": lambda r, ctx: ([ctx["regions"][r.country]]
                              if r.country and ctx["regions"].get(r.country) else []),
    "theme": lambda r, ctx: sorted(r.themes),
    "funder": lambda r, ctx: sorted(r.funders),
    "type": lambda r, ctx: [r.type],
    "year": lambda r, ctx: [str(r.sort_date.year)] if r.sort_date else [],
    "online": lambda r, ctx: ["true" if r.online else "false"],
    "participant": lambda r, ctx: sorted(r.admins),
}


@pytest.mark.parametrize("params", [
    {}, {"theme": ["cross-cutting"]}, {"country": ["MAR"]},
    # one theme, alone or since a date: the country facet sums event_theme_months
    {"theme": ["transparency"]},
    {"theme": ["transparency"], "date_from": date(2024, 3, 1)},
    {"theme": ["transparency"], "date_from": date(2024, 3, 17)},
    {"theme": ["transparency"], "date_from": date(2024, 3, 17), "date_to": date(2025, 1, 1)},
], ids=["all", "theme-group", "country", "theme", "theme-since-month", "theme-since-day",
        "theme-range"])
def test_facet_counts_equal_counts_of_the_matching_list(data: Data,
                                                        params: dict[str, Any]) -> None:
    session, recs, ctx = data
    wanted = [r for r in recs if matches(r, params, ctx)]
    facets = q.event_facets(session, filters_of(params), list(q.FACETS))
    assert facets["total"] == len(wanted)
    assert [f["name"] for f in facets["facets"]] == list(q.FACETS)
    for facet in facets["facets"]:
        expected = Counter(v for r in wanted for v in FACET_VALUES[facet["name"]](r, ctx))
        assert {v["value"]: v["count"] for v in facet["values"]} == dict(expected), facet["name"]
        counts = [v["count"] for v in facet["values"]]
        assert counts == sorted(counts, reverse=True)


def test_country_facet_of_a_theme_since_a_day_leaves_out_events_ending_before_it(
        data: Data) -> None:
    """date_from in mid-month: the month's count (event_theme_months) less the events of that
    month ending before date_from."""
    session, recs, ctx = data
    ends = sorted(d for r in recs if "transparency" in r.themes and r.country
                  and (d := last_day(r)) is not None and d.day < 28)
    assert ends, "the data set should hold a dated transparency event with a venue"
    for end in ends[:: max(len(ends) // 5, 1)]:
        params = {"theme": ["transparency"], "date_from": end + timedelta(days=1)}
        wanted = Counter(r.country for r in recs if matches(r, params, ctx) and r.country)
        facets = q.event_facets(session, filters_of(params), ["country"])
        assert {v["value"]: v["count"] for v in facets["facets"][0]["values"]} \
            == dict(wanted), params


def test_unknown_facet_is_invalid(data: Data) -> None:
    with pytest.raises(InvalidParameter):
        q.event_facets(data[0], EventFilters(), ["colour"])


@pytest.mark.parametrize("interval", ["month", "quarter", "year"])
def test_timeline_sums_to_the_total_and_has_no_gaps(data: Data, interval: str) -> None:
    session, recs, _ = data
    timeline = q.event_timeline(session, EventFilters(), interval)
    assert timeline.total == len(recs)
    assert sum(p.count for p in timeline.periods) + timeline.undated == len(recs)
    assert timeline.undated == sum(1 for r in recs if r.sort_date is None)
    starts = [date.fromisoformat(p.start) for p in timeline.periods]
    step = {"month": 1, "quarter": 3, "year": 12}[interval]
    for a, b in itertools.pairwise(starts):
        assert (b.year * 12 + b.month) - (a.year * 12 + a.month) == step
    assert timeline.periods[0].count > 0 and timeline.periods[-1].count > 0
    assert any(p.count == 0 for p in timeline.periods) or interval != "month"


def test_timeline_months_count_the_python_model(data: Data) -> None:
    session, recs, _ = data
    timeline = q.event_timeline(session, EventFilters(), "month")
    expected = Counter(f"{r.sort_date:%Y-%m}" for r in recs if r.sort_date)
    assert {p.period: p.count for p in timeline.periods if p.count} == dict(expected)


def test_timeline_spans_the_requested_dates(data: Data) -> None:
    filters = filters_of({"date_from": date(2024, 11, 5), "date_to": date(2025, 2, 1)})
    timeline = q.event_timeline(data[0], filters, "month")
    assert [p.period for p in timeline.periods] == ["2024-11", "2024-12", "2025-01", "2025-02"]


def test_timeline_of_a_wide_range_spans_the_data_set(data: Data) -> None:
    session, recs, _ = data
    dated = sorted(r.sort_date for r in recs if r.sort_date is not None)
    filters = filters_of({"date_from": date(1, 1, 1), "date_to": date(9999, 12, 31)})
    timeline = q.event_timeline(session, filters, "month")
    assert timeline.periods[0].period == f"{dated[0].year}-01"
    assert timeline.periods[-1].period == f"{dated[-1].year}-12"


@pytest.mark.parametrize("dates", [(date(2021, 2, 1), date(2020, 11, 5)),
                                   (date(9000, 1, 1), date(9001, 1, 1)),
                                   (date(1, 1, 1), date(2, 1, 1))])
def test_timeline_of_an_empty_range_has_no_periods(data: Data, dates: tuple[date, date]) -> None:
    filters = filters_of({"date_from": dates[0], "date_to": dates[1]})
    timeline = q.event_timeline(data[0], filters, "month")
    assert timeline.periods == [] and timeline.total == 0


def test_one_event_carries_its_facts_and_evidence(scratch: Session) -> None:
    from tests.factories import make_document, make_event

    document = make_document(
        scratch, title="Workshop in Bamako", body="Long body.", evidence=True,
        themes=["transparency"], funders=["norad"],
        administrations=[("MLI", "host"), ("MLI", "partner"), ("SEN", "expert")],
        people=[("Awa Diallo", "Director", "Mali Customs")],
    )
    event = make_event(scratch, document, start=date(2025, 3, 1), start_precision="month",
                       country_code="MLI", city="Bamako", evidence=True)
    detail = EventDetail.model_validate(q.get_event(scratch, event.public_id))
    assert detail.start == "2025-03" and detail.date_precision == "month"
    assert detail.venue.country_name == "Mali"
    assert [(a.country_code, a.roles) for a in detail.administrations] == [
        ("MLI", ["host", "partner"]), ("SEN", ["expert"])]
    assert [f.slug for f in detail.funders] == ["norad"]
    assert [p.name for p in detail.people] == ["Awa Diallo"]
    facts = Counter(e.fact for e in detail.evidence)
    assert facts == {"event": 1, "administration": 3, "funder": 1, "theme": 1, "person": 1}
    assert all(e.sentence for e in detail.evidence)
    assert detail.links.evidence == f"/v1/documents/{document.id}"


@pytest.mark.parametrize("public_id", ["evt_nope", "", "x" * 500, "\x00"])
def test_unknown_event_is_not_found(data: Data, public_id: str) -> None:
    with pytest.raises(NotFound):
        q.get_event(data[0], public_id)


def test_a_page_costs_a_fixed_number_of_queries(data: Data) -> None:
    from sqlalchemy import event as sa_event

    session = data[0]
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    connection = session.connection()
    sa_event.listen(connection, "before_cursor_execute", count)
    try:
        small = len(q.list_events(session, EventFilters(), limit=2).items)
        n_small = len(statements)
        statements.clear()
        big = len(q.list_events(session, EventFilters(), limit=30).items)
        n_big = len(statements)
    finally:
        sa_event.remove(connection, "before_cursor_execute", count)
    assert (small, big) == (2, 30)
    assert n_small == n_big <= 9


def test_events_without_any_date_come_last(data: Data) -> None:
    session, recs, _ = data
    undated = [r for r in recs if r.sort_date is None]
    assert undated, "the dataset should have an event with no date at all"
    ids = [e["id"] for e in q.list_events(session, EventFilters(), limit=100).items]
    assert ids[-len(undated):] == [r.public_id for r in sorted(undated, key=lambda r: -r.id)]
    assert session.scalar(select(Event.id).where(Event.sort_date.is_(None))) is not None

"""Resolution at ingest: an article's events are reports of resolved events, written by
app/ingest/resolution_store.py through the loader, on both backends."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.db import migrate
from app.db.session import make_engine, session_scope
from app.ingest.extract.facts import AdministrationFact, Evidence, Facts
from app.ingest.load import Loader
from app.ingest.reference import seed_reference
from app.ingest.resolution_store import EventStore, event_public_id
from app.models import Event, EventCount, EventRedirect, EventReport, EventTheme
from tests.resolved_articles import OTHER, SAME, facts_of, store

from .conftest import raw


def _clusters(session: Session) -> set[frozenset[str]]:
    rows = session.execute(select(Event.public_id, EventReport.public_id)
                           .join(EventReport, EventReport.event_id == Event.id)).all()
    by_event: dict[str, set[str]] = {}
    for event, report in rows:
        by_event.setdefault(event, set()).add(report)
    return {frozenset(r) for r in by_event.values()}


def _id(source: str) -> str:
    return event_public_id(source, 0)


def test_reports_of_one_activity_become_one_event_with_every_fact(db_session: Session) -> None:
    store(db_session, {**SAME, **OTHER}, [*SAME, *OTHER])
    assert _clusters(db_session) == {frozenset(map(_id, SAME)), frozenset({_id(*OTHER)})}
    event = db_session.scalars(select(Event).where(Event.public_id == _id("news/wco.txt"))).one()
    # the most precise dates, a venue over none, the earliest publication
    assert (str(event.start_date), str(event.end_date), event.city) == (
        "2024-03-04", "2024-03-06", "Accra")
    assert str(event.published) == "2024-03-08"
    assert event.sources is not None and _id("news/press.txt") in event.sources["start"]
    # its facts are the union over its reports' documents
    themes = set(db_session.scalars(select(EventTheme.theme_slug)
                                    .where(EventTheme.event_id == event.id)))
    assert themes == {"training", "code-of-conduct"}
    counts = dict(db_session.execute(
        select(EventCount.code, EventCount.n)
        .where(EventCount.dimension == "country", EventCount.role == "any")).all())
    assert (counts["GHA"], counts["NGA"], counts["PER"]) == (1, 1, 1)


@pytest.mark.parametrize("order", list(itertools.permutations([*SAME, *OTHER]))[::5])
def test_the_same_articles_in_any_order_give_the_same_events(
        db_session: Session, order: tuple[str, ...]) -> None:
    store(db_session, {**SAME, **OTHER}, order)
    assert _clusters(db_session) == {frozenset(map(_id, SAME)), frozenset({_id(*OTHER)})}
    # the event takes the id of its oldest report: the article ingested first
    first = next(s for s in order if s in SAME)
    assert db_session.scalar(select(Event.public_id).where(Event.city == "Accra")) == _id(first)


def test_a_report_that_joins_later_moves_its_event_and_leaves_a_redirect(
        db_session: Session) -> None:
    wrong = facts_of("Integrity workshop held by the Ghana Revenue Authority",
                   date(2024, 5, 20), date(2024, 5, 22))  # misread dates: another activity
    store(db_session, {"news/wco.txt": SAME["news/wco.txt"], "news/gra.txt": wrong},
           ["news/wco.txt", "news/gra.txt"])
    assert db_session.scalar(select(func.count()).select_from(Event)) == 2
    # the article is corrected and re-ingested: its report joins the older event
    store(db_session, {"news/gra.txt": SAME["news/gra.txt"]}, ["news/gra.txt"])
    assert _clusters(db_session) == {frozenset({_id("news/wco.txt"), _id("news/gra.txt")})}
    assert db_session.get(EventRedirect, _id("news/gra.txt")).target == _id("news/wco.txt")
    # and split again: the id comes back, the redirect goes
    store(db_session, {"news/gra.txt": facts_of("Integrity workshop held by the Ghana Revenue "
                                               "Authority", date(2024, 6, 3), date(2024, 6, 4))},
           ["news/gra.txt"])
    assert len(_clusters(db_session)) == 2
    assert db_session.get(EventRedirect, _id("news/gra.txt")) is None
    assert db_session.scalar(select(Event.id).where(Event.public_id == _id("news/wco.txt")))


def test_an_event_whose_reports_are_all_gone_is_retired(db_session: Session) -> None:
    store(db_session, OTHER, list(OTHER))
    source = next(iter(OTHER))
    without = Facts(title="Nothing", published=date(2024, 1, 1), language="en",
                    body="No activity here.")
    with Loader(db_session) as loader:
        loader.store(raw("a new text", source), without)
    assert db_session.scalar(select(func.count()).select_from(Event)) == 0
    redirect = db_session.get(EventRedirect, _id(source))
    assert redirect is not None and redirect.target is None


def test_a_loader_sees_what_another_resolved_since_its_last_document(
        db_session: Session) -> None:
    # every administration known before: no other clash makes a loader read again
    known = Facts(title="Known", published=date(2024, 1, 1), language="en", body="None.",
                  administrations=[
                      AdministrationFact(c, ["mentioned"], None, Evidence(0, 4, "None"))
                      for c in ("GHA", "NGA", "PER")])
    store(db_session, {"news/known.txt": known}, ["news/known.txt"])
    first, second = Loader(db_session), Loader(db_session)
    peru, wco, gra = "news/peru.txt", "news/wco.txt", "news/gra.txt"
    for loader, source, facts in ((second, peru, OTHER[peru]), (first, wco, SAME[wco]),
                                  (second, gra, SAME[gra])):
        loader.store(raw(f"{source} {facts.events}", source), facts)
    # the second loader read the resolution before the first stored wco: it read it again
    assert _clusters(db_session) == {frozenset({_id(wco), _id(gra)}), frozenset({_id(peru)})}
    first.close()
    second.close()


def test_sync_from_scratch_agrees_with_incremental_ingest_and_changes_nothing(
        db_session: Session) -> None:
    store(db_session, {**SAME, **OTHER}, [*OTHER, *SAME])
    before = _clusters(db_session)
    connection = db_session.connection()
    summary = EventStore().sync(connection)
    assert (summary.created, summary.removed, summary.reports_moved) == (0, 0, 0)
    assert _clusters(db_session) == before


@pytest.fixture
def engine_at_0010(scratch_database_url: str) -> Engine:
    engine = make_engine(scratch_database_url)
    migrate.upgrade(engine, "0010")
    return engine


def test_migration_turns_every_event_into_the_report_of_its_own_event(
        engine_at_0010: Engine) -> None:
    engine = engine_at_0010
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO documents (id, source_path, content_hash, language, body, "
            "extractor_version, warnings) VALUES (1, 'a.txt', 'h', 'en', 'b', '1', '[]')")
        connection.exec_driver_sql(
            "INSERT INTO events (id, public_id, document_id, ordinal, type, name, online) "
            "VALUES (7, 'evt_old', 1, 0, 'workshop', 'A workshop', false)")
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        seed_reference(session)
        report = session.scalars(select(EventReport)).one()
        assert (report.public_id, report.event_id, report.name) == ("evt_old", 7, "A workshop")
    engine.dispose()

"""load: Facts -> rows, one transaction per document, idempotent, on both backends."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.db import migrate
from app.db.session import make_engine, make_sessionmaker, session_scope
from app.ingest import load
from app.ingest.load import Loader, Outcome, event_public_id
from app.ingest.reference import seed_reference
from app.models import (
    Administration,
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    EventCount,
    EventCountry,
    EventTheme,
    Evidence,
    Person,
)

Factory = Callable[..., Any]


def test_new_document_stores_every_fact_with_its_evidence(
    db_session: Session, make_facts: Factory, make_raw: Factory
) -> None:
    facts = make_facts()
    stored = Loader(db_session).store(make_raw("text one"), facts)
    assert stored.outcome is Outcome.NEW
    assert stored.counts == {"events": 1, "administrations": 2, "roles": 3, "partner_count": 1,
                             "funders": 1, "people": 1, "themes": 1, "evidence": 7}
    doc = db_session.scalars(select(Document)).one()
    assert (doc.source_path, doc.partner_count, doc.title) == (
        "articles/x.txt", 22, "Mali Customs workshop")
    event = db_session.scalars(select(Event)).one()
    assert event.public_id == event_public_id("articles/x.txt", 0)
    assert (event.type, str(event.start_date), event.start_precision) == (
        "workshop", "2024-05-03", "day")
    assert (str(event.end_date), event.end_precision) == ("2024-05-01", "month")
    assert (str(event.sort_date), event.published) == ("2024-05-03", doc.published)
    assert (event.city, event.country_code, event.online) == ("Bamako", "MLI", False)
    roles = db_session.execute(select(Administration.country_code, DocumentAdministration.role)
                               .join(Administration)).all()
    assert sorted(roles) == [("BRA", "expert"), ("MLI", "host"), ("MLI", "partner")]
    evidence = db_session.scalars(select(Evidence)).all()
    assert sorted(e.kind for e in evidence) == [
        "administration", "administration", "event", "funder", "partner_count", "person",
        "theme"]
    linked = {event.evidence_id}
    for model in (DocumentAdministration, DocumentFunder, DocumentPerson, DocumentTheme):
        linked |= {row.evidence_id for row in db_session.scalars(select(model))}
    assert linked <= {e.id for e in evidence} and None not in linked
    assert all(e.document_id == doc.id for e in evidence)


def test_event_rows_kept_by_triggers_are_complete_once_the_document_is_stored(
    db_session: Session, make_facts: Factory, make_raw: Factory
) -> None:
    """The loader writes events after the document's links: the triggers must still give
    the venue and every administration's country, and the themes, to the event."""
    Loader(db_session).store(make_raw("derived"), make_facts())
    event_id = db_session.scalar(select(Event.id))
    countries = db_session.execute(
        select(EventCountry.country_code, EventCountry.is_venue, EventCountry.is_participant)
        .where(EventCountry.event_id == event_id)).all()
    assert sorted(countries) == [("BRA", False, True), ("MLI", True, True)]
    assert db_session.scalars(select(EventTheme.theme_slug)
                              .where(EventTheme.event_id == event_id)).all() == ["training"]
    counts = db_session.execute(select(EventCount.code, EventCount.role, EventCount.n)
                                .where(EventCount.dimension == "country",
                                       EventCount.n > 0)).all()
    assert sorted(counts) == [("BRA", "any", 1), ("BRA", "participant", 1),
                              ("MLI", "any", 1), ("MLI", "participant", 1), ("MLI", "venue", 1)]


def test_undated_event_sorts_by_the_publication_date(
    db_session: Session, make_facts: Factory, make_raw: Factory
) -> None:
    facts = make_facts()
    facts.events[0].start = facts.events[0].end = None
    Loader(db_session).store(make_raw("undated"), facts)
    event = db_session.scalars(select(Event)).one()
    assert event.start_date is None and str(event.sort_date) == "2024-05-10"


def test_same_content_again_is_unchanged_and_writes_nothing(
    db_session: Session, make_facts: Factory, make_raw: Factory, count_rows: Factory
) -> None:
    Loader(db_session).store(make_raw("same"), make_facts())
    before = count_rows(db_session)
    loader = Loader(db_session)  # a later batch: knows the hash from the database
    assert loader.plan(make_raw("same")).outcome is Outcome.UNCHANGED
    assert loader.store(make_raw("same"), make_facts()).outcome is Outcome.UNCHANGED
    assert count_rows(db_session) == before


def test_same_content_under_another_name_is_a_duplicate_of_the_first(
    db_session: Session, make_facts: Factory, make_raw: Factory, count_rows: Factory
) -> None:
    loader = Loader(db_session)
    loader.store(make_raw("same", "a.txt"), make_facts())
    before = count_rows(db_session)
    plan = loader.plan(make_raw("same", "copy/b.txt"))
    assert (plan.outcome, plan.duplicate_of) == (Outcome.DUPLICATE, "a.txt")
    assert count_rows(db_session) == before


def test_changed_content_replaces_the_facts_and_keeps_ids(
    db_session: Session, make_facts: Factory, make_raw: Factory, count_rows: Factory
) -> None:
    loader = Loader(db_session)
    loader.store(make_raw("version 1"), make_facts(events=2, people=("Awa Traoré", "Jo Li")))
    first = db_session.scalars(select(Document)).one()
    ids_before = list(db_session.scalars(select(Event.public_id).order_by(Event.ordinal)))
    stored = loader.store(make_raw("version 2"), make_facts(events=3, people=("Jo Li",)))
    assert stored.outcome is Outcome.UPDATED
    doc = db_session.scalars(select(Document)).one()
    assert (doc.id, doc.content_hash) == (first.id, make_raw("version 2").content_hash)
    ids_after = list(db_session.scalars(select(Event.public_id).order_by(Event.ordinal)))
    assert ids_after[:2] == ids_before and len(ids_after) == 3
    counts = count_rows(db_session, doc.id)
    assert (counts["events"], counts["document_people"], counts["evidence"]) == (3, 1, 9)
    # the old content is forgotten: it is new again, not unchanged
    assert loader.plan(make_raw("version 1")).outcome is Outcome.UPDATED


def test_failure_mid_document_leaves_nothing_of_it(
    db_session: Session, make_facts: Factory, make_raw: Factory, count_rows: Factory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loader = Loader(db_session)
    loader.store(make_raw("kept", "kept.txt"), make_facts())
    before = count_rows(db_session)

    def boom(self: object, evidence_ids: list[int]) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(load._DocumentWriter, "_themes", boom)  # after every other insert
    with pytest.raises(RuntimeError):
        loader.store(make_raw("lost", "lost.txt"), make_facts(people=("New Person",)))
    assert count_rows(db_session) == before
    assert db_session.scalar(select(Person.id).where(Person.normalized_name == "new person")
                             ) is None
    monkeypatch.undo()
    # the loader's caches did not learn the rolled-back person: storing again works
    assert loader.store(make_raw("lost", "lost.txt"),
                        make_facts(people=("New Person",))).outcome is Outcome.NEW


def test_failed_update_keeps_the_previous_facts(
    db_session: Session, make_facts: Factory, make_raw: Factory, count_rows: Factory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loader = Loader(db_session)
    loader.store(make_raw("v1"), make_facts())
    before = count_rows(db_session)
    monkeypatch.setattr(load._DocumentWriter, "_people",
                        lambda self, ids: (_ for _ in ()).throw(ValueError("bad")))
    with pytest.raises(ValueError):
        loader.store(make_raw("v2"), make_facts())
    assert count_rows(db_session) == before
    assert db_session.scalar(select(Document.content_hash)) == make_raw("v1").content_hash


def test_administrations_are_one_per_country_and_collect_stated_names(
    db_session: Session, make_facts: Factory, make_raw: Factory
) -> None:
    loader = Loader(db_session)
    loader.store(make_raw("one", "1.txt"), make_facts(mali_name="Mali Customs"))
    loader.store(make_raw("two", "2.txt"), make_facts(mali_name="la Douane malienne"))
    loader.store(make_raw("three", "3.txt"), make_facts(mali_name="la Douane malienne"))
    mali = db_session.scalars(select(Administration)
                              .where(Administration.country_code == "MLI")).one()
    assert (mali.name, mali.aliases) == ("Mali Customs", ["la Douane malienne"])
    assert db_session.scalar(select(Administration.name)
                             .where(Administration.country_code == "BRA")) == "Brazil"


def test_administration_without_a_stated_name_is_named_after_its_country(
    db_session: Session, make_facts: Factory, make_raw: Factory
) -> None:
    Loader(db_session).store(make_raw("x"), make_facts(mali_name=""))
    assert db_session.scalar(select(Administration.name)
                             .where(Administration.country_code == "MLI")) == "Mali Customs"


def test_people_are_shared_by_normalised_name(
    db_session: Session, make_facts: Factory, make_raw: Factory
) -> None:
    loader = Loader(db_session)
    loader.store(make_raw("one", "1.txt"), make_facts(people=("Awa Traoré",)))
    Loader(db_session).store(make_raw("two", "2.txt"), make_facts(people=("Mme Awa TRAORE",)))
    assert db_session.scalars(select(Person.normalized_name)).all() == ["awa traore"]
    assert len(db_session.scalars(select(DocumentPerson)).all()) == 2


def test_a_person_stored_meanwhile_by_another_writer_is_reused_after_a_retry(
    db_session: Session, make_facts: Factory, make_raw: Factory
) -> None:
    loader = Loader(db_session)  # its caches do not know the person stored next
    db_session.add(Person(name="Awa Traoré", normalized_name="awa traore"))
    db_session.commit()
    stored = loader.store(make_raw("clash"), make_facts(people=("Awa Traoré",)))
    assert (stored.outcome, stored.counts["people"]) == (Outcome.NEW, 1)
    assert db_session.scalars(select(Person.normalized_name)).all() == ["awa traore"]
    assert len(db_session.scalars(select(DocumentPerson)).all()) == 1


def test_unknown_codes_are_left_out_with_a_warning(
    db_session: Session, make_facts: Factory, make_raw: Factory
) -> None:
    facts = make_facts()
    facts.events[0].country = "XXX"
    facts.funders[0].slug = "nobody"
    facts.themes[0].slug = "astrology"
    stored = Loader(db_session).store(make_raw("odd"), facts)
    assert (stored.counts["funders"], stored.counts["themes"], stored.counts["events"]) == (
        0, 0, 1)
    doc = db_session.scalars(select(Document)).one()
    assert any("'XXX'" in w for w in doc.warnings)
    assert any("'nobody'" in w for w in doc.warnings)
    assert db_session.scalar(select(Event.country_code)) is None


def test_dry_run_writes_nothing_but_reports_what_would_be_stored(
    db_session: Session, make_facts: Factory, make_raw: Factory, count_rows: Factory
) -> None:
    before = count_rows(db_session)
    loader = Loader(db_session, dry_run=True)
    assert loader.store(make_raw("dry", "a.txt"), make_facts()).outcome is Outcome.NEW
    assert loader.plan(make_raw("dry", "b.txt")).outcome is Outcome.DUPLICATE
    assert count_rows(db_session) == before


def test_new_extractor_version_re_extracts_unchanged_content(
    db_session: Session, make_facts: Factory, make_raw: Factory
) -> None:
    Loader(db_session, extractor_version="1").store(make_raw("same"), make_facts())
    loader = Loader(db_session, extractor_version="2")
    assert loader.store(make_raw("same"), make_facts()).outcome is Outcome.UPDATED
    assert db_session.scalar(select(Document.extractor_version)) == "2"


def test_grouped_failure_rolls_back_that_document_only(
    db_session: Session, make_facts: Factory, make_raw: Factory, count_rows: Factory,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loader = Loader(db_session, commit_every=10)
    loader.store(make_raw("first", "first.txt"), make_facts())
    after_first = count_rows(db_session)
    monkeypatch.setattr(load._DocumentWriter, "_themes", lambda self, ids: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        loader.store(make_raw("lost", "lost.txt"), make_facts(people=("New Person",)))
    assert count_rows(db_session) == after_first  # rolled back to its savepoint
    monkeypatch.undo()
    loader.store(make_raw("third", "third.txt"), make_facts())
    assert loader.pending == 2
    loader.commit()
    assert loader.pending == 0
    assert set(db_session.scalars(select(Document.source_path))) >= {"first.txt", "third.txt"}
    assert db_session.scalar(select(Document.id).where(Document.source_path == "lost.txt")
                             ) is None
    assert db_session.scalar(select(Person.id).where(Person.normalized_name == "new person")
                             ) is None
    assert loader.store(make_raw("lost", "lost.txt"),
                        make_facts(people=("New Person",))).outcome is Outcome.NEW


def test_a_lost_connection_fails_one_document_and_the_batch_goes_on(
    backend: str, scratch_database_url: str, make_facts: Factory, make_raw: Factory
) -> None:
    """The loader holds one connection for the batch: when the server drops it, the
    document being written fails and the next one is written on a new connection."""
    if backend != "postgresql":
        pytest.skip("a server connection to lose: PostgreSQL only")
    engine = make_engine(scratch_database_url)
    killer = make_engine(scratch_database_url)
    try:
        migrate.upgrade(engine)
        with session_scope(engine) as session:
            seed_reference(session)
        with make_sessionmaker(engine)() as session, Loader(session) as loader:
            assert loader.store(make_raw("one", "1.txt"), make_facts()).outcome is Outcome.NEW
            pid = loader.connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
            loader.connection.commit()
            with killer.begin() as connection:
                connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            with pytest.raises(OperationalError):
                loader.store(make_raw("two", "2.txt"), make_facts())
            assert loader.store(make_raw("three", "3.txt"), make_facts()).outcome is Outcome.NEW
        with Session(engine) as session:
            assert sorted(session.scalars(select(Document.source_path))) == ["1.txt", "3.txt"]
    finally:
        killer.dispose()
        engine.dispose()


def test_every_fact_is_stored_with_its_confidence(
    db_session: Session, make_facts: Factory, make_raw: Factory
) -> None:
    from app.ingest.extract import confidence
    from app.ingest.extract.confidence import Table

    table = Table.from_json({"kinds": {
        "event": {"default": 0.81}, "administration": {"default": 0.97},
        "role": {"default": 0.5, "rules": {"host": {"p": 0.88}}}, "funder": {"default": 0.96},
        "person": {"default": 0.87}, "theme": {"default": 0.86},
        "partner_count": {"default": 0.71}}})
    facts = confidence.apply(make_facts(), table)
    roles = {(a.country, r): a.role_confidence[r] for a in facts.administrations
             for r in a.roles}
    Loader(db_session).store(make_raw("confident"), facts)
    assert db_session.scalar(select(Event.confidence)) == pytest.approx(0.81)
    assert db_session.scalar(select(Document.partner_count_confidence)) == pytest.approx(0.71)
    stored = db_session.execute(
        select(Administration.country_code, DocumentAdministration.role,
               DocumentAdministration.confidence, DocumentAdministration.role_confidence)
        .join(Administration)).all()
    assert {(c, r): pr for c, r, _, pr in stored} == pytest.approx(roles)
    assert [p for *_, p, _ in stored] == [pytest.approx(0.97)] * len(roles)
    assert roles[("MLI", "host")] == 0.88
    for model, p in ((DocumentFunder, 0.96), (DocumentPerson, 0.87), (DocumentTheme, 0.86)):
        assert db_session.scalars(select(model.confidence)).all() == [pytest.approx(p)]

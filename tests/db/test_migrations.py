"""The migrations build exactly the models' schema, on both backends, and round-trip."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.orm import Session

from app.db import migrate
from app.db.fulltext import include_name
from app.models import Base, Country, Funder, Region, Theme


def test_models_and_migrations_agree(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as connection:
        # The full-text objects (app/db/fulltext.py) are not models: left out by name.
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_database_is_at_head_after_upgrade(migrated_engine: Engine) -> None:
    assert migrate.is_at_head(migrated_engine)


def test_every_filter_column_is_indexed(migrated_engine: Engine) -> None:
    inspector = inspect(migrated_engine)
    indexed = {
        (table, index["column_names"][0])
        for table in inspector.get_table_names()
        for index in inspector.get_indexes(table)
    }
    for wanted in [
        ("events", "type"), ("events", "online"), ("events", "start_date"),
        ("events", "country_code"), ("events", "sort_date"), ("events", "published"),
        ("documents", "published"), ("countries", "region_slug"),
        ("document_themes", "theme_slug"), ("document_funders", "funder_slug"),
        ("document_administrations", "administration_id"),
    ]:
        assert wanted in indexed, f"no index leads with {wanted}"


def test_upgrade_downgrade_upgrade_round_trips(scratch_database_url: str) -> None:
    from app.db.session import make_engine

    engine = make_engine(scratch_database_url)
    try:
        migrate.upgrade(engine)
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
        migrate.downgrade(engine, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        migrate.upgrade(engine)
        assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
        assert migrate.is_at_head(engine)
    finally:
        engine.dispose()


def test_upgrading_twice_is_a_no_op(migrated_engine: Engine) -> None:
    before = migrate.current_revision(migrated_engine)
    migrate.upgrade(migrated_engine)
    assert migrate.current_revision(migrated_engine) == before


def test_reference_data_is_complete(db_session: Session) -> None:
    assert db_session.scalar(select(func.count()).select_from(Region)) == 6
    assert db_session.scalar(select(func.count()).select_from(Country)) == 249
    assert db_session.scalar(
        select(func.count()).select_from(Theme).where(Theme.parent_slug.is_not(None))
    ) == 22
    assert set(db_session.scalars(select(Funder.slug))) == {"norad", "canada", "seco", "sida",
                                                            "fcdo"}
    mali = db_session.get(Country, "MLI")
    assert mali is not None and mali.region_slug == "west-central-africa"


def test_seeding_twice_writes_nothing(db_session: Session) -> None:
    from app.ingest.reference import seed_reference

    assert set(seed_reference(db_session).values()) == {0}


CONFIDENCE_COLUMNS = {
    ("events", "confidence"), ("document_administrations", "confidence"),
    ("document_administrations", "role_confidence"), ("document_funders", "confidence"),
    ("document_people", "confidence"), ("document_themes", "confidence"),
    ("documents", "partner_count_confidence"),
}


def _confidence_columns(engine: Engine) -> set[tuple[str, str]]:
    inspector = inspect(engine)
    return {(table, column["name"]) for table in {t for t, _ in CONFIDENCE_COLUMNS}
            for column in inspector.get_columns(table)} & CONFIDENCE_COLUMNS


def test_fact_confidence_columns_come_and_go_and_the_triggers_stay(
        scratch_database_url: str) -> None:
    """0009 adds a nullable confidence where each kind of fact is stored; down and up again,
    the triggers of the event tables (0003-0008) still fire."""
    from app.db.session import make_engine, session_scope
    from app.ingest.reference import seed_reference
    from app.models import EventCountry
    from tests.factories import make_document, make_event

    engine = make_engine(scratch_database_url)
    try:
        migrate.upgrade(engine)
        assert _confidence_columns(engine) == CONFIDENCE_COLUMNS
        migrate.downgrade(engine, "0008")
        assert _confidence_columns(engine) == set()
        migrate.upgrade(engine)
        assert _confidence_columns(engine) == CONFIDENCE_COLUMNS
        with session_scope(engine) as session:
            seed_reference(session)
            doc = make_document(session, administrations=[("GHA", "partner")])
            event = make_event(session, doc, country_code="KEN")
            event.confidence = 0.75
            session.flush()
            rows = set(session.execute(select(EventCountry.country_code, EventCountry.is_venue)
                                       .where(EventCountry.event_id == event.id)).tuples())
            assert rows == {("GHA", False), ("KEN", True)}
    finally:
        engine.dispose()


CURATION_COLUMNS = {
    ("events", "extracted"),
    *{(table, column) for table in ("document_administrations", "document_funders",
                                    "document_themes", "document_people")
      for column in ("correction_id", "curation")},
}


def _curation_schema(engine: Engine) -> tuple[set[str], set[tuple[str, str]]]:
    inspector = inspect(engine)
    tables = set(inspector.get_table_names()) & {"api_keys", "corrections"}
    columns = {(table, column["name"]) for table in {t for t, _ in CURATION_COLUMNS}
               for column in inspector.get_columns(table)} & CURATION_COLUMNS
    return tables, columns


def test_curation_tables_and_columns_come_and_go_and_the_triggers_stay(
        scratch_database_url: str) -> None:
    """0012 adds api_keys, corrections and the curated marks; down to 0010 and up again,
    the triggers of the event tables still fire on a curated fact row."""
    from app.db.session import make_engine, session_scope
    from app.ingest.reference import seed_reference
    from app.models import DocumentAdministration, EventCountry
    from tests.factories import get_administration, make_document, make_event

    engine = make_engine(scratch_database_url)
    try:
        migrate.upgrade(engine)
        assert _curation_schema(engine) == ({"api_keys", "corrections"}, CURATION_COLUMNS)
        migrate.downgrade(engine, "0010")
        assert _curation_schema(engine) == (set(), set())
        migrate.upgrade(engine)
        assert _curation_schema(engine) == ({"api_keys", "corrections"}, CURATION_COLUMNS)
        with session_scope(engine) as session:
            seed_reference(session)
            doc = make_document(session)
            event = make_event(session, doc, country_code="KEN")
            session.add(DocumentAdministration(
                document_id=doc.id, administration_id=get_administration(session, "GHA").id,
                role="partner", correction_id=1, curation="added"))
            session.flush()
            rows = set(session.execute(select(EventCountry.country_code, EventCountry.is_venue)
                                       .where(EventCountry.event_id == event.id)).tuples())
            assert rows == {("GHA", False), ("KEN", True)}
    finally:
        engine.dispose()

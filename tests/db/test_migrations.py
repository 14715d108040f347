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

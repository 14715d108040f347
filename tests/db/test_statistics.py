"""The planner's statistics are refreshed after migrations and bulk writes (SQLite keeps
none by itself, and picks among event_themes' indexes blind without them)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from app.db import migrate, statistics
from app.db.session import make_engine, session_scope
from app.ingest.reference import seed_reference
from tests.factories import make_document, make_event


def test_sqlite_statistics_cover_the_event_indexes(scratch_database_url: str,
                                                   backend: str) -> None:
    engine = make_engine(scratch_database_url)
    try:
        migrate.upgrade(engine)
        with session_scope(engine) as session:
            seed_reference(session)
            doc = make_document(session, themes=["transparency"])
            make_event(session, doc, country_code="MLI", start=date(2024, 5, 2))
        statistics.refresh(engine)
        if backend != "sqlite":
            return  # PostgreSQL: autovacuum keeps its statistics; refresh does nothing
        with engine.connect() as connection:
            indexes = set(connection.scalars(text("SELECT idx FROM sqlite_stat1")))
        assert {"ix_event_themes_theme_last_day", "ix_event_themes_theme_sort_date",
                "ix_event_countries_country_sort_date"} <= indexes
    finally:
        engine.dispose()

"""The query planner's statistics.

SQLite keeps none until ANALYZE runs; without them it picks among an event table's indexes
blind, and with several on the same leading column (event_themes: by sort date, by country,
by last day) it can pick one that reads the whole theme where another reads a page.
`refresh` runs an approximate ANALYZE (at most ANALYSIS_LIMIT rows of each index, ~25 ms at
100,000 events) after whatever changes the data or the schema in bulk: migrations, synth,
an ingest batch. PostgreSQL's autovacuum keeps its own statistics: nothing to do there.
"""

from __future__ import annotations

from sqlalchemy import Engine

ANALYSIS_LIMIT = 1000


def refresh(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
        connection.exec_driver_sql("ANALYZE")

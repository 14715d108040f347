"""event_reports and event_redirects: events resolved across articles

Until now every article's events were rows of `events`, so one workshop reported by four
articles was four events. From here an article's events are *reports* (`event_reports`)
and `events` holds the resolved events (one per real-world activity), each report
attached to one (`event_reports.event_id`), written by the resolver at ingest
(app/ingest/resolve/store.py). `events.sources` says which reports each field came from.
`resolution_state` is one row bumped by every resolving transaction (a loader sees that
another process resolved meanwhile; on PostgreSQL resolvers take turns on its lock).
`event_redirects` keeps the public ids that no longer name an event: merged into another
(`target`, answered 301) or retired (`target` null, 410).

Existing events become reports, each of its own resolved event (same row, same public id);
`acip resolve` (or the next `acip ingest`) then joins the reports of one activity.

The facts tables of events (event_themes, event_countries, hence event_regions,
event_counts and event_theme_months, whose triggers read those two) followed
`events.document_id`; a resolved event's facts are now the union over its reports'
documents, so their triggers (from 0003 and 0004) are replaced by ones that go through
event_reports: a report attached adds its document's themes and countries to its event,
any other change re-writes the rows of the events concerned.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 06:00:00
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

from app.db import triggers

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

THEME_COLUMNS = "theme_slug, event_id, sort_date, last_day, country_code"
COUNTRY_COLUMNS = "country_code, event_id, sort_date, last_day, is_venue, is_participant"
# The event columns the facts tables copy (a change re-writes the event's rows).
COPIED = "sort_date, start_precision, end_date, end_precision, country_code"
REPORT_COLUMNS = ("public_id", "document_id", "ordinal", "type", "name", "start_date",
                  "start_precision", "end_date", "end_precision", "sort_date", "published",
                  "city", "country_code", "online", "evidence_id", "confidence")


def _period_end(day: str, precision: str, dialect: str) -> str:
    """The last day of the month or year `day` stands for, else `day` (as in 0003)."""
    if dialect == "sqlite":
        month = f"date({day}, 'start of month', '+1 month', '-1 day')"
        year = f"date({day}, 'start of year', '+1 year', '-1 day')"
    else:
        month = f"(date_trunc('month', {day}::timestamp) + interval '1 month - 1 day')::date"
        year = f"(date_trunc('year', {day}::timestamp) + interval '1 year - 1 day')::date"
    return f"CASE {precision} WHEN 'month' THEN {month} WHEN 'year' THEN {year} ELSE {day} END"


def last_day(e: str, dialect: str) -> str:
    """The event's last day, as the date filters define it (app/query/filters.py)."""
    return (f"CASE WHEN {e}.end_date IS NOT NULL "
            f"THEN {_period_end(f'{e}.end_date', f'{e}.end_precision', dialect)} "
            f"ELSE {_period_end(f'{e}.sort_date', f'{e}.start_precision', dialect)} END")


def _events_of_document(row: str) -> str:
    return f"IN (SELECT event_id FROM event_reports WHERE document_id = {row}.document_id)"


def _theme_rows(ids: str, dialect: str) -> str:
    """INSERT the event_themes rows of the events whose id is `ids` (`= x` or `IN (...)`)."""
    return (f"INSERT INTO event_themes ({THEME_COLUMNS}) SELECT DISTINCT dt.theme_slug, e.id, "
            f"e.sort_date, {last_day('e', dialect)}, e.country_code FROM events e "
            "JOIN event_reports r ON r.event_id = e.id "
            f"JOIN document_themes dt ON dt.document_id = r.document_id WHERE e.id {ids}")


def _country_rows(ids: str, dialect: str) -> str:
    """INSERT the event_countries rows of the events whose id is `ids`: the venue, and the
    country of every administration any of its reports' documents names."""
    participants = ("SELECT DISTINCT r.event_id AS event_id, a.country_code AS code "
                    "FROM event_reports r "
                    "JOIN document_administrations da ON da.document_id = r.document_id "
                    f"JOIN administrations a ON a.id = da.administration_id "
                    f"WHERE r.event_id {ids}")
    return (f"INSERT INTO event_countries ({COUNTRY_COLUMNS}) SELECT c.code, e.id, e.sort_date, "
            f"{last_day('e', dialect)}, COALESCE(c.code = e.country_code, false), "
            "max(CASE WHEN c.participant THEN 1 ELSE 0 END) = 1 FROM events e JOIN ("
            f"SELECT v.id AS event_id, v.country_code AS code, false AS participant "
            f"FROM events v WHERE v.country_code IS NOT NULL AND v.id {ids} "
            f"UNION ALL SELECT p.event_id, p.code, true FROM ({participants}) p"
            f") c ON c.event_id = e.id WHERE e.id {ids} "
            "GROUP BY c.code, e.id, e.sort_date, e.end_date, e.end_precision, "
            "e.start_precision, e.country_code")


def _rebuild(ids: str, dialect: str) -> list[str]:
    """Re-write the facts rows (themes and countries) of the events whose id is `ids`."""
    return [f"DELETE FROM event_themes WHERE event_id {ids}", _theme_rows(ids, dialect),
            f"DELETE FROM event_countries WHERE event_id {ids}", _country_rows(ids, dialect)]


def _statements(dialect: str) -> triggers.Triggers:
    """Trigger name -> (timing and table, statements); NEW/OLD spelt `new`/`old`."""
    # A report attached to an event adds its document's themes and countries.
    report_themes = (
        f"INSERT INTO event_themes ({THEME_COLUMNS}) SELECT dt.theme_slug, e.id, e.sort_date, "
        f"{last_day('e', dialect)}, e.country_code FROM events e "
        "JOIN document_themes dt ON dt.document_id = new.document_id WHERE e.id = new.event_id "
        "ON CONFLICT (theme_slug, event_id) DO NOTHING")
    report_countries = (
        f"INSERT INTO event_countries ({COUNTRY_COLUMNS}) SELECT DISTINCT a.country_code, e.id, "
        f"e.sort_date, {last_day('e', dialect)}, COALESCE(a.country_code = e.country_code, "
        "false), true FROM events e "
        "JOIN document_administrations da ON da.document_id = new.document_id "
        "JOIN administrations a ON a.id = da.administration_id WHERE e.id = new.event_id "
        "ON CONFLICT (country_code, event_id) DO UPDATE SET is_participant = true "
        "WHERE NOT event_countries.is_participant")
    # A new fact of a document reaches the events its reports are attached to.
    link_theme = (
        f"INSERT INTO event_themes ({THEME_COLUMNS}) SELECT DISTINCT new.theme_slug, e.id, "
        f"e.sort_date, {last_day('e', dialect)}, e.country_code FROM event_reports r "
        "JOIN events e ON e.id = r.event_id WHERE r.document_id = new.document_id "
        "ON CONFLICT (theme_slug, event_id) DO NOTHING")
    link_country = (
        f"INSERT INTO event_countries ({COUNTRY_COLUMNS}) SELECT DISTINCT a.country_code, e.id, "
        f"e.sort_date, {last_day('e', dialect)}, COALESCE(a.country_code = e.country_code, "
        "false), true FROM event_reports r JOIN events e ON e.id = r.event_id "
        "JOIN administrations a ON a.id = new.administration_id "
        "WHERE r.document_id = new.document_id "
        "ON CONFLICT (country_code, event_id) DO UPDATE SET is_participant = true "
        "WHERE NOT event_countries.is_participant")
    old_doc, new_doc = _events_of_document("old"), _events_of_document("new")
    return {
        "event_facts_report_ai": ("AFTER INSERT ON event_reports",
                                  [report_themes, report_countries]),
        "event_facts_report_au": ("AFTER UPDATE OF event_id, document_id ON event_reports",
                                  [*_rebuild("= old.event_id", dialect),
                                   *_rebuild("= new.event_id", dialect)]),
        "event_facts_report_ad": ("AFTER DELETE ON event_reports",
                                  _rebuild("= old.event_id", dialect)),
        "event_facts_event_ai": ("AFTER INSERT ON events", [
            _theme_rows("= new.id", dialect), _country_rows("= new.id", dialect)]),
        "event_facts_event_au": (f"AFTER UPDATE OF {COPIED} ON events",
                                 _rebuild("= new.id", dialect)),
        "event_facts_event_ad": ("AFTER DELETE ON events", [
            "DELETE FROM event_themes WHERE event_id = old.id",
            "DELETE FROM event_countries WHERE event_id = old.id"]),
        "event_facts_theme_ai": ("AFTER INSERT ON document_themes", [link_theme]),
        "event_facts_theme_au": (
            "AFTER UPDATE OF document_id, theme_slug ON document_themes",
            [*_rebuild(old_doc, dialect)[:2], *_rebuild(new_doc, dialect)[:2]]),
        "event_facts_theme_ad": ("AFTER DELETE ON document_themes",
                                 _rebuild(old_doc, dialect)[:2]),
        "event_facts_admin_ai": ("AFTER INSERT ON document_administrations", [link_country]),
        "event_facts_admin_au": (
            "AFTER UPDATE OF document_id, administration_id ON document_administrations",
            [*_rebuild(old_doc, dialect)[2:], *_rebuild(new_doc, dialect)[2:]]),
        "event_facts_admin_ad": ("AFTER DELETE ON document_administrations",
                                 _rebuild(old_doc, dialect)[2:]),
    }


def _migration(number: str) -> ModuleType:
    """An earlier migration of this directory, for the triggers it made."""
    path = next(Path(__file__).parent.glob(f"*_{number}_*.py"))
    spec = importlib.util.spec_from_file_location(f"_acip_migration_{number}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _old_triggers(dialect: str) -> triggers.Triggers:
    """The triggers of 0003 (event_themes) and 0004 (event_countries) replaced here."""
    found: dict[str, tuple[str, list[str]]] = {}
    for number in ("0003", "0004"):
        statements: Callable[[str], triggers.Triggers] = _migration(number)._statements
        found.update(statements(dialect))
    return found


def upgrade() -> None:
    op.create_table(
        "event_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("start_precision", sa.String(length=5), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("end_precision", sa.String(length=5), nullable=True),
        sa.Column("sort_date", sa.Date(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("city", sa.String(length=120), nullable=True),
        sa.Column("country_code", sa.String(length=3), nullable=True),
        sa.Column("online", sa.Boolean(), nullable=False),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.CheckConstraint(
            "type IN ('meeting', 'workshop', 'training', 'mission', 'conference', 'webinar', "
            "'survey', 'launch', 'other')", name=op.f("ck_event_reports_type")),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_event_reports_document_id_documents"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name=op.f("fk_event_reports_event_id_events"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["evidence_id"], ["evidence.id"],
                                name=op.f("fk_event_reports_evidence_id_evidence"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_reports")),
        sa.UniqueConstraint("document_id", "ordinal",
                            name=op.f("uq_event_reports_document_id_ordinal")),
        sa.UniqueConstraint("public_id", name=op.f("uq_event_reports_public_id")),
    )
    with op.batch_alter_table("event_reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_reports_document_id"), ["document_id"],
                              unique=False)
        batch_op.create_index("ix_event_reports_event_id_document_id",
                              ["event_id", "document_id"], unique=False)
    op.create_table(
        "event_redirects",
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("public_id", name=op.f("pk_event_redirects")),
    )
    op.create_table(
        "resolution_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_resolution_state")),
    )
    op.execute("INSERT INTO resolution_state (id, version) VALUES (1, 0)")
    # plain ALTER TABLE (a batch copy of events would drop the triggers of 0003-0008)
    op.add_column("events", sa.Column("sources", sa.JSON(), nullable=True))
    # every existing event becomes the one report of its own resolved event
    columns = ", ".join(REPORT_COLUMNS)
    op.execute(f"INSERT INTO event_reports (event_id, {columns}) SELECT id, {columns} "
               "FROM events")
    dialect = op.get_bind().dialect.name
    triggers.drop(dialect, _old_triggers(dialect))
    triggers.create(dialect, _statements(dialect))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    triggers.drop(dialect, _statements(dialect))
    # every report becomes an event again, under its own public id
    op.execute("DELETE FROM events")
    columns = ", ".join(REPORT_COLUMNS)
    op.execute(f"INSERT INTO events ({columns}) SELECT {columns} FROM event_reports")
    op.drop_column("events", "sources")
    op.drop_table("event_redirects")
    op.drop_table("resolution_state")
    with op.batch_alter_table("event_reports", schema=None) as batch_op:
        batch_op.drop_index("ix_event_reports_event_id_document_id")
        batch_op.drop_index(batch_op.f("ix_event_reports_document_id"))
    op.drop_table("event_reports")
    triggers.create(dialect, _old_triggers(dialect))
    # the facts rows follow the events again, by their documents
    for statement in ("DELETE FROM event_themes", "DELETE FROM event_countries"):
        op.execute(statement)
    old = _migration("0003")
    op.execute(f"INSERT INTO event_themes ({THEME_COLUMNS}) SELECT dt.theme_slug, e.id, "
               f"e.sort_date, {old.last_day('e', dialect)}, e.country_code "
               "FROM document_themes dt JOIN events e ON e.document_id = dt.document_id")
    op.execute(_migration("0004").rows_of(lambda alias: "true", dialect))

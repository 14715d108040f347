"""event_countries: (country, event) for an event's venue and participant countries, kept by
triggers

A country filter (venue or participant, the default) was `events.country_code IN (...) OR
events.document_id IN (SELECT document_id FROM document_administrations ...)`: SQLite and
PostgreSQL read every matching event and sort them. Here one country, newest first, is one
range of the index (country_code, sort_date, event_id, is_venue, is_participant, last_day),
and its count an index-only scan of the same range.

One row per event and country that is its venue (`is_venue`) or the country of an
administration its document names, in any role (`is_participant`). Rows are written only
by triggers, on both backends, whoever writes events or document_administrations (loader,
synth's COPY, tests): a new link adds (or marks participant) its country for the events of
its document; any other change re-writes the rows of the events concerned (those of the
event, or of the link's document). `last_day`: as in event_themes (app/models/theme.py).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "country_code, event_id, sort_date, last_day, is_venue, is_participant"


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


def rows_of(events: Callable[[str], str], dialect: str) -> str:
    """INSERT the rows of the events matching `events(alias)` (a condition on `events`)."""
    participant = ("EXISTS (SELECT 1 FROM document_administrations da "
                   "JOIN administrations a ON a.id = da.administration_id "
                   "WHERE da.document_id = e.document_id AND a.country_code = c.code)")
    codes = (f"SELECT v.id AS event_id, v.country_code AS code FROM events v "
             f"WHERE v.country_code IS NOT NULL AND {events('v')} "
             f"UNION SELECT p.id, pa.country_code FROM events p "
             f"JOIN document_administrations pda ON pda.document_id = p.document_id "
             f"JOIN administrations pa ON pa.id = pda.administration_id WHERE {events('p')}")
    return (f"INSERT INTO event_countries ({COLUMNS}) SELECT c.code, e.id, e.sort_date, "
            f"{last_day('e', dialect)}, COALESCE(c.code = e.country_code, false), "
            f"{participant} FROM events e JOIN ({codes}) c ON c.event_id = e.id "
            f"WHERE {events('e')}")


def rows_of_new_event(dialect: str) -> str:
    """INSERT the rows of the event `new` (read from the trigger's row, not from `events`)."""
    return (f"INSERT INTO event_countries ({COLUMNS}) SELECT c.code, new.id, new.sort_date, "
            f"{last_day('new', dialect)}, COALESCE(c.code = new.country_code, false), "
            "EXISTS (SELECT 1 FROM document_administrations da "
            "JOIN administrations a ON a.id = da.administration_id "
            "WHERE da.document_id = new.document_id AND a.country_code = c.code) "
            "FROM (SELECT new.country_code AS code WHERE new.country_code IS NOT NULL "
            "UNION SELECT a.country_code FROM document_administrations da "
            "JOIN administrations a ON a.id = da.administration_id "
            "WHERE da.document_id = new.document_id) c")


def _statements(dialect: str) -> dict[str, tuple[str, list[str]]]:
    """Trigger name -> (timing and table, statements); NEW/OLD spelt `new`/`old`."""
    def document(row: str) -> Callable[[str], str]:
        return lambda alias: f"{alias}.document_id = {row}.document_id"

    def drop_document(row: str) -> str:
        return ("DELETE FROM event_countries WHERE event_id IN "
                f"(SELECT id FROM events WHERE document_id = {row}.document_id)")

    # A new link adds its country to the document's events (or marks it a participant).
    add_link = (f"INSERT INTO event_countries ({COLUMNS}) SELECT a.country_code, e.id, "
                f"e.sort_date, {last_day('e', dialect)}, "
                "COALESCE(a.country_code = e.country_code, false), true "
                "FROM events e JOIN administrations a ON a.id = new.administration_id "
                "WHERE e.document_id = new.document_id "
                "ON CONFLICT (country_code, event_id) DO UPDATE SET is_participant = true")
    copied = "document_id, sort_date, start_precision, end_date, end_precision, country_code"
    return {
        "event_countries_event_ai": ("AFTER INSERT ON events", [rows_of_new_event(dialect)]),
        "event_countries_event_au": (f"AFTER UPDATE OF {copied} ON events", [
            "DELETE FROM event_countries WHERE event_id = old.id", rows_of_new_event(dialect)]),
        "event_countries_event_ad": ("AFTER DELETE ON events", [
            "DELETE FROM event_countries WHERE event_id = old.id"]),
        "event_countries_link_ai": ("AFTER INSERT ON document_administrations", [add_link]),
        "event_countries_link_au": (
            "AFTER UPDATE OF document_id, administration_id ON document_administrations", [
                drop_document("old"), rows_of(document("old"), dialect),
                drop_document("new"), rows_of(document("new"), dialect)]),
        "event_countries_link_ad": ("AFTER DELETE ON document_administrations", [
            drop_document("old"), rows_of(document("old"), dialect)]),
    }


def upgrade() -> None:
    op.create_table(
        "event_countries",
        sa.Column("country_code", sa.String(length=3), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("sort_date", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("is_venue", sa.Boolean(), nullable=False),
        sa.Column("is_participant", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name=op.f("fk_event_countries_event_id_events"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("country_code", "event_id", name=op.f("pk_event_countries")),
    )
    with op.batch_alter_table("event_countries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_countries_event_id"), ["event_id"],
                              unique=False)
        batch_op.create_index(
            "ix_event_countries_country_sort_date",
            ["country_code", "sort_date", "event_id", "is_venue", "is_participant", "last_day"],
            unique=False)

    dialect = op.get_bind().dialect.name
    for name, (when, statements) in _statements(dialect).items():
        if dialect == "sqlite":
            body = "".join(f"{s}; " for s in statements)
            op.execute(f"CREATE TRIGGER {name} {when} FOR EACH ROW BEGIN {body}END")
        else:
            body = "".join(f"{s.replace('new.', 'NEW.').replace('old.', 'OLD.')}; "
                           for s in statements)
            op.execute(f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
                       f"$$ BEGIN {body}RETURN NULL; END $$")
            op.execute(f"CREATE TRIGGER {name} {when} FOR EACH ROW EXECUTE FUNCTION {name}()")
    op.execute(rows_of(lambda alias: "true", dialect))


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, (when, _body) in _statements(dialect).items():
        table = when.rsplit(" ", 1)[1]
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    with op.batch_alter_table("event_countries", schema=None) as batch_op:
        batch_op.drop_index("ix_event_countries_country_sort_date")
        batch_op.drop_index(batch_op.f("ix_event_countries_event_id"))
    op.drop_table("event_countries")

"""event_themes: (theme, event) with the event's date keys and venue, kept by triggers

A theme filter used to join document_themes to events through document_id, one lookup per
matching event (30 ms for a common theme at 100k events); here a theme with a date range is
one range of the index (theme_slug, sort_date, event_id, last_day, country_code).

Rows are written only by triggers, on both backends, whoever writes events or
document_themes (loader, synth's COPY, tests): an event insert adds a row per theme of its
document, a document_themes insert a row per event of the document; updates of the copied
event columns re-write the event's rows; deletes remove them (event_id cascades too).
`last_day`: see app/models/theme.py (EventTheme).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "theme_slug, event_id, sort_date, last_day, country_code"


def _period_end(day: str, precision: str, dialect: str) -> str:
    """The last day of the month or year `day` stands for, else `day`."""
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


def _statements(dialect: str) -> dict[str, tuple[str, list[str]]]:
    """Trigger name -> (timing and table, statements); NEW/OLD spelt `new`/`old`."""
    def of_event(e: str) -> str:
        return (f"INSERT INTO event_themes ({COLUMNS}) SELECT dt.theme_slug, {e}.id, "
                f"{e}.sort_date, {last_day(e, dialect)}, {e}.country_code "
                f"FROM document_themes dt WHERE dt.document_id = {e}.document_id")

    def of_link(link: str) -> str:
        return (f"INSERT INTO event_themes ({COLUMNS}) SELECT {link}.theme_slug, e.id, "
                f"e.sort_date, {last_day('e', dialect)}, e.country_code "
                f"FROM events e WHERE e.document_id = {link}.document_id")

    drop_link = ("DELETE FROM event_themes WHERE theme_slug = old.theme_slug AND event_id IN "
                 "(SELECT id FROM events WHERE document_id = old.document_id)")
    copied = "document_id, sort_date, start_precision, end_date, end_precision, country_code"
    return {
        "event_themes_event_ai": ("AFTER INSERT ON events", [of_event("new")]),
        "event_themes_event_au": (f"AFTER UPDATE OF {copied} ON events", [
            "DELETE FROM event_themes WHERE event_id = old.id", of_event("new")]),
        "event_themes_event_ad": ("AFTER DELETE ON events", [
            "DELETE FROM event_themes WHERE event_id = old.id"]),
        "event_themes_link_ai": ("AFTER INSERT ON document_themes", [of_link("new")]),
        "event_themes_link_au": ("AFTER UPDATE OF document_id, theme_slug ON document_themes",
                                 [drop_link, of_link("new")]),
        "event_themes_link_ad": ("AFTER DELETE ON document_themes", [drop_link]),
    }


def upgrade() -> None:
    op.create_table(
        "event_themes",
        sa.Column("theme_slug", sa.String(length=60), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("sort_date", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("country_code", sa.String(length=3), nullable=True),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name=op.f("fk_event_themes_event_id_events"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("theme_slug", "event_id", name=op.f("pk_event_themes")),
    )
    with op.batch_alter_table("event_themes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_themes_event_id"), ["event_id"],
                              unique=False)
        batch_op.create_index(
            "ix_event_themes_theme_sort_date",
            ["theme_slug", "sort_date", "event_id", "last_day", "country_code"], unique=False)

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
    op.execute(f"INSERT INTO event_themes ({COLUMNS}) SELECT dt.theme_slug, e.id, e.sort_date, "
               f"{last_day('e', dialect)}, e.country_code FROM document_themes dt "
               "JOIN events e ON e.document_id = dt.document_id")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for name, (when, _body) in _statements(dialect).items():
        table = when.rsplit(" ", 1)[1]
        if dialect == "sqlite":
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    with op.batch_alter_table("event_themes", schema=None) as batch_op:
        batch_op.drop_index("ix_event_themes_theme_sort_date")
        batch_op.drop_index(batch_op.f("ix_event_themes_event_id"))
    op.drop_table("event_themes")

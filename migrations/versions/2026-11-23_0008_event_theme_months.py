"""event_theme_months: events per theme, venue country and month of their last day, kept by
triggers

The country facet of a theme since a date (`/v1/events/facets?facet=country&theme=T&
date_from=D`) counted the theme's rows of event_themes with `last_day >= D`: every event of
the theme, ~20,000 index entries at 100k events on SQLite, 400,000 at 1M on PostgreSQL
(~80 ms). Here it sums the theme's months from D's month on (a few thousand rows at most),
less the events of D's month that end before D (read over the new index (theme_slug,
last_day, country_code) of event_themes: none when D is the first of a month).

One row per (theme_slug, country_code, last_month): `country_code` '' for no venue,
`last_month` the first day of the month of the event's `last_day`, 0001-01-01 when it has
none (such an event matches no date filter). `n` follows every insert, update and delete
of event_themes (rows reaching 0 stay, at 0).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 14:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db import triggers

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NO_DATE = "0001-01-01"


def month_of(day: str, dialect: str) -> str:
    if dialect == "sqlite":
        return f"COALESCE(date({day}, 'start of month'), '{NO_DATE}')"
    return f"COALESCE(date_trunc('month', {day}::timestamp)::date, DATE '{NO_DATE}')"


def _key(row: str, dialect: str) -> tuple[str, str, str]:
    return (f"{row}.theme_slug", f"COALESCE({row}.country_code, '')",
            month_of(f"{row}.last_day", dialect))


def _statements(dialect: str) -> triggers.Triggers:
    """Trigger name -> (timing and table, statements); NEW/OLD spelt `new`/`old`."""
    theme, country, month = _key("new", dialect)
    add = ("INSERT INTO event_theme_months (theme_slug, country_code, last_month, n) "
           f"SELECT {theme}, {country}, {month}, 1 WHERE true "
           "ON CONFLICT (theme_slug, country_code, last_month) "
           "DO UPDATE SET n = event_theme_months.n + 1")
    theme, country, month = _key("old", dialect)
    remove = (f"UPDATE event_theme_months SET n = n - 1 WHERE theme_slug = {theme} "
              f"AND country_code = {country} AND last_month = {month}")
    return {
        "event_theme_months_ai": ("AFTER INSERT ON event_themes", [add]),
        "event_theme_months_au": ("AFTER UPDATE ON event_themes", [remove, add]),
        "event_theme_months_ad": ("AFTER DELETE ON event_themes", [remove]),
    }


def upgrade() -> None:
    op.create_table(
        "event_theme_months",
        sa.Column("theme_slug", sa.String(length=60), nullable=False),
        sa.Column("country_code", sa.String(length=3), nullable=False),
        sa.Column("last_month", sa.Date(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("theme_slug", "country_code", "last_month",
                                name=op.f("pk_event_theme_months")),
        sqlite_with_rowid=False,  # rows stored in key order: a theme's months together
    )
    op.create_index("ix_event_themes_theme_last_day", "event_themes",
                    ["theme_slug", "last_day", "country_code"], unique=False)
    dialect = op.get_bind().dialect.name
    triggers.create(dialect, _statements(dialect))
    theme, country, month = _key("t", dialect)
    op.execute("INSERT INTO event_theme_months (theme_slug, country_code, last_month, n) "
               f"SELECT {theme}, {country}, {month}, count(*) FROM event_themes t "
               f"GROUP BY {theme}, {country}, {month}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    triggers.drop(dialect, _statements(dialect))
    op.drop_index("ix_event_themes_theme_last_day", table_name="event_themes")
    op.drop_table("event_theme_months")

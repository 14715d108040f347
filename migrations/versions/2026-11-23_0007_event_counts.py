"""event_counts: events per country and per region, in each role, kept by triggers

`GET /v1/events?country=XX` (or `region=`) with no other filter reports its total from one
row here instead of counting the country's (region's) range of event_countries
(event_regions): a range of ~10,000 index entries at 100k events on SQLite, of 100,000 and
more at 1M on PostgreSQL, counted on every request.

One row per (dimension, code, role): dimension `country` (code an alpha-3 code, from
event_countries) or `region` (code a region slug, from event_regions); role `any` (every
row of that code), `venue` or `participant` (the rows with that flag). `n` follows every
insert, update and delete of those tables (rows reaching 0 stay, at 0).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db import triggers

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCES = {"country": ("event_countries", "country_code"),
           "region": ("event_regions", "region_slug")}
ROLES = {"any": "true", "venue": "{row}.is_venue", "participant": "{row}.is_participant"}


def _add(dimension: str, key: str) -> list[str]:
    """+1 for each role the row `new` holds."""
    return [
        f"INSERT INTO event_counts (dimension, code, role, n) SELECT '{dimension}', "
        f"new.{key}, '{role}', 1 WHERE {flag.format(row='new')} "
        "ON CONFLICT (dimension, code, role) DO UPDATE SET n = event_counts.n + 1"
        for role, flag in ROLES.items()
    ]


def _remove(dimension: str, key: str) -> str:
    """-1 for each role the row `old` held."""
    roles = " OR ".join(f"(role = '{role}' AND {flag.format(row='old')})"
                        for role, flag in ROLES.items())
    return (f"UPDATE event_counts SET n = n - 1 WHERE dimension = '{dimension}' "
            f"AND code = old.{key} AND ({roles})")


def _statements() -> triggers.Triggers:
    """Trigger name -> (timing and table, statements); NEW/OLD spelt `new`/`old`."""
    out: dict[str, tuple[str, list[str]]] = {}
    for dimension, (table, key) in SOURCES.items():
        out[f"event_counts_{dimension}_ai"] = (f"AFTER INSERT ON {table}", _add(dimension, key))
        out[f"event_counts_{dimension}_au"] = (
            f"AFTER UPDATE ON {table}", [_remove(dimension, key), *_add(dimension, key)])
        out[f"event_counts_{dimension}_ad"] = (f"AFTER DELETE ON {table}",
                                               [_remove(dimension, key)])
    return out


def backfill() -> list[str]:
    out = []
    for dimension, (table, key) in SOURCES.items():
        for role, flag in ROLES.items():
            condition = flag.format(row=table)
            out.append(
                f"INSERT INTO event_counts (dimension, code, role, n) SELECT '{dimension}', "
                f"{key}, '{role}', count(*) FROM {table} "
                f"WHERE {condition} GROUP BY {key}")
    return out


def upgrade() -> None:
    op.create_table(
        "event_counts",
        sa.Column("dimension", sa.String(length=10), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("dimension", "code", "role", name=op.f("pk_event_counts")),
        sqlite_with_rowid=False,  # rows stored in key order, no separate key index
    )
    dialect = op.get_bind().dialect.name
    triggers.create(dialect, _statements())
    for statement in backfill():
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    triggers.drop(dialect, _statements())
    op.drop_table("event_counts")

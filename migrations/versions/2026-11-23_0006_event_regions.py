"""event_regions: (region, event) for the WCO regions of an event's countries, kept by
triggers

A region filter in any role was an `IN` over event_countries of the region's 20 to 50
countries: an event with several countries in one region is several rows there, so its
count was a `count(DISTINCT event_id)` over every row of those countries (~22 ms on SQLite
at 100k events) and its page a walk of the whole events sort index. Here a region is one
range of the index (region_slug, sort_date, event_id, is_venue, is_participant, last_day),
one row per event, like one country in event_countries.

One row per event and WCO region holding at least one of its event_countries rows (through
countries.region_slug); `is_venue` / `is_participant`: any of those rows is. Written only by
triggers: a new event_countries row adds its region's row or ORs its flags in; any other
change to event_countries rebuilds the rows of the (event, region) concerned; a country
added or moved to another region rebuilds the rows of the events in that country.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 12:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.db import triggers

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = "region_slug, event_id, sort_date, last_day, is_venue, is_participant"


def _region_of(code: str) -> str:
    return f"(SELECT region_slug FROM countries WHERE alpha3 = {code})"


def rebuild(condition: str, dialect: str) -> list[str]:
    """Delete and re-insert the event_regions rows matching `condition` (over the columns
    event_id and region_slug, unqualified), from event_countries of events that exist."""
    any_of = "max" if dialect == "sqlite" else "bool_or"
    return [
        f"DELETE FROM event_regions WHERE {condition}",
        f"INSERT INTO event_regions ({COLUMNS}) SELECT region_slug, event_id, "
        f"max(sort_date), max(last_day), {any_of}(is_venue), {any_of}(is_participant) "
        "FROM (SELECT c.region_slug AS region_slug, ec.event_id AS event_id, ec.sort_date, "
        "ec.last_day, ec.is_venue, ec.is_participant FROM event_countries ec "
        "JOIN countries c ON c.alpha3 = ec.country_code "
        "JOIN events e ON e.id = ec.event_id WHERE c.region_slug IS NOT NULL) r "
        f"WHERE {condition} GROUP BY region_slug, event_id",
    ]


def _pair(row: str) -> str:
    return f"event_id = {row}.event_id AND region_slug = {_region_of(f'{row}.country_code')}"


def _statements(dialect: str) -> triggers.Triggers:
    """Trigger name -> (timing and table, statements); NEW/OLD spelt `new`/`old`."""
    add = (f"INSERT INTO event_regions ({COLUMNS}) SELECT c.region_slug, new.event_id, "
           "new.sort_date, new.last_day, new.is_venue, new.is_participant FROM countries c "
           "WHERE c.alpha3 = new.country_code AND c.region_slug IS NOT NULL "
           "ON CONFLICT (region_slug, event_id) DO UPDATE SET "
           "is_venue = (event_regions.is_venue OR excluded.is_venue), "
           "is_participant = (event_regions.is_participant OR excluded.is_participant), "
           "sort_date = excluded.sort_date, last_day = excluded.last_day")
    country = ("event_id IN (SELECT event_id FROM event_countries "
               "WHERE country_code = {row}.alpha3)")
    return {
        "event_regions_ec_ai": ("AFTER INSERT ON event_countries", [add]),
        "event_regions_ec_au": ("AFTER UPDATE ON event_countries",
                                [*rebuild(_pair("old"), dialect),
                                 *rebuild(_pair("new"), dialect)]),
        "event_regions_ec_ad": ("AFTER DELETE ON event_countries",
                                rebuild(_pair("old"), dialect)),
        "event_regions_country_ai": ("AFTER INSERT ON countries",
                                     rebuild(country.format(row="new"), dialect)),
        "event_regions_country_au": ("AFTER UPDATE OF region_slug ON countries",
                                     rebuild(country.format(row="new"), dialect)),
    }


def upgrade() -> None:
    op.create_table(
        "event_regions",
        sa.Column("region_slug", sa.String(length=60), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("sort_date", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("is_venue", sa.Boolean(), nullable=False),
        sa.Column("is_participant", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"],
                                name=op.f("fk_event_regions_event_id_events"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("region_slug", "event_id", name=op.f("pk_event_regions")),
    )
    with op.batch_alter_table("event_regions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_regions_event_id"), ["event_id"],
                              unique=False)
        batch_op.create_index(
            "ix_event_regions_region_sort_date",
            ["region_slug", "sort_date", "event_id", "is_venue", "is_participant", "last_day"],
            unique=False)

    dialect = op.get_bind().dialect.name
    triggers.create(dialect, _statements(dialect))
    for statement in rebuild("true", dialect)[1:]:
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    triggers.drop(dialect, _statements(dialect))
    with op.batch_alter_table("event_regions", schema=None) as batch_op:
        batch_op.drop_index("ix_event_regions_region_sort_date")
        batch_op.drop_index(batch_op.f("ix_event_regions_event_id"))
    op.drop_table("event_regions")

"""event_themes: covering index (theme_slug, country_code, last_day) for the country facet

The country facet of a theme (`GROUP BY country_code` over one theme's rows, with
`last_day >= date_from`) read the theme's range of (theme_slug, sort_date, ...) and sorted
it into a temporary B-tree on SQLite (~24 ms for the commonest theme at 100k events); in
this index the range is already grouped by country, read without touching the table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_event_themes_theme_country", "event_themes",
                    ["theme_slug", "country_code", "last_day"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_event_themes_theme_country", table_name="event_themes")

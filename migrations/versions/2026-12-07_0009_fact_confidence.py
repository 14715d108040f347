"""fact confidence: a nullable probability on every stored fact

The calibrated probability that a fact is right (app/ingest/extract/confidence.py), where
each kind of fact is stored: events; document_administrations (`confidence`: the country's
administration is named, in some role; `role_confidence`: it holds the row's role);
document_funders, document_people, document_themes; documents (`partner_count_confidence`,
next to `partner_count`). Null for rows written before, or by writers that do not know it.

Plain ADD COLUMN / DROP COLUMN on both backends (SQLite >= 3.35 drops a column in place): a
batch copy of events or document_administrations would drop the triggers of 0003-0008.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = (
    ("events", "confidence"),
    ("document_administrations", "confidence"),
    ("document_administrations", "role_confidence"),
    ("document_funders", "confidence"),
    ("document_people", "confidence"),
    ("document_themes", "confidence"),
    ("documents", "partner_count_confidence"),
)


def upgrade() -> None:
    for table, column in COLUMNS:
        op.add_column(table, sa.Column(column, sa.Float(), nullable=True))


def downgrade() -> None:
    for table, column in reversed(COLUMNS):
        op.drop_column(table, column)

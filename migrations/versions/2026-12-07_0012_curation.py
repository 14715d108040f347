"""curation: API keys, corrections, and the curated marks on facts

`api_keys` (a name, a role, the SHA-256 of the secret, an optional expiry, revocation) and
`corrections` (every correction with who, when, why, before and after, and its state). The
facts tables get `correction_id` and `curation` ("added" or "confirmed"): a curated fact is
an ordinary row, so counts, facets, timelines and exports (and the trigger-maintained
tables) see corrected values; `events.extracted` keeps the extractor's values of the fields
curation overrode, for undo.

Plain ADD COLUMN / DROP COLUMN (no batch copy, which would drop the triggers of 0003-0008);
the new columns carry no foreign key for the same reason.

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-07 06:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FACT_TABLES = ("document_administrations", "document_funders", "document_themes",
               "document_people")
KINDS = (
    "event.set", "event.reject", "event.add", "event.confirm", "event.merge", "event.split",
    "administration.add", "administration.remove", "administration.confirm",
    "funder.add", "funder.remove", "funder.confirm",
    "theme.add", "theme.remove", "theme.confirm",
    "person.add", "person.remove", "person.confirm",
    "undo",
)


def _in(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True),
                  server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(_in("role", ("editor", "admin")), name=op.f("ck_api_keys_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("name", name=op.f("uq_api_keys_name")),
        sa.UniqueConstraint("prefix", name=op.f("uq_api_keys_prefix")),
    )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("event_public_id", sa.String(length=32), nullable=True),
        sa.Column("document_source", sa.String(length=1024), nullable=True),
        sa.Column("target", sa.JSON(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("key_name", sa.String(length=100), nullable=False),
        sa.Column("api_key_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True),
                  server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("undoes", sa.Integer(), nullable=True),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.CheckConstraint(_in("kind", KINDS), name=op.f("ck_corrections_kind")),
        sa.CheckConstraint(_in("state", ("active", "orphaned", "undone")),
                           name=op.f("ck_corrections_state")),
        sa.ForeignKeyConstraint(["api_key_id"], ["api_keys.id"],
                                name=op.f("fk_corrections_api_key_id_api_keys"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections")),
    )
    op.create_index("ix_corrections_event_public_id_id", "corrections",
                    ["event_public_id", "id"])
    op.create_index("ix_corrections_document_source_id", "corrections",
                    ["document_source", "id"])
    op.create_index("ix_corrections_state_id", "corrections", ["state", "id"])
    op.create_index(op.f("ix_corrections_key_name"), "corrections", ["key_name"])
    op.create_index(op.f("ix_corrections_created_at"), "corrections", ["created_at"])
    for table in FACT_TABLES:
        op.add_column(table, sa.Column("correction_id", sa.Integer(), nullable=True))
        op.add_column(table, sa.Column("curation", sa.String(length=10), nullable=True))
    op.add_column("events", sa.Column("extracted", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("events", "extracted")
    for table in reversed(FACT_TABLES):
        op.drop_column(table, "curation")
        op.drop_column(table, "correction_id")
    op.drop_index(op.f("ix_corrections_created_at"), table_name="corrections")
    op.drop_index(op.f("ix_corrections_key_name"), table_name="corrections")
    op.drop_index("ix_corrections_state_id", table_name="corrections")
    op.drop_index("ix_corrections_document_source_id", table_name="corrections")
    op.drop_index("ix_corrections_event_public_id_id", table_name="corrections")
    op.drop_table("corrections")
    op.drop_table("api_keys")

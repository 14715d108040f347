"""documents.source_url and document_urls: articles ingested from the web

`documents.source_url` is the final URL (after redirects) an article was fetched from (null
for files). `document_urls` remembers every URL an article was found under (its own, the
URLs that redirected to it, its locale copies and other duplicates), each with the HTTP
validators (ETag, Last-Modified) of its last response, so a re-run sends conditional
requests and skips a 304 without extraction. Deleting a document deletes its URLs.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("source_url", sa.String(length=2048), nullable=True))
    op.create_table(
        "document_urls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("etag", sa.String(length=512), nullable=True),
        sa.Column("last_modified", sa.String(length=64), nullable=True),
        sa.Column("first_seen_at", sa.DateTime(timezone=True),
                  server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True),
                  server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"],
                                name=op.f("fk_document_urls_document_id_documents"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_urls")),
        sa.UniqueConstraint("url", name=op.f("uq_document_urls_url")),
    )
    op.create_index(op.f("ix_document_urls_document_id"), "document_urls", ["document_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_document_urls_document_id"), table_name="document_urls")
    op.drop_table("document_urls")
    op.drop_column("documents", "source_url")

"""full text search over documents (title, body)

SQLite: FTS5 external-content table `documents_fts` synced by triggers.
PostgreSQL: generated tsvector column `documents.search_vector` ('simple' config over
accent-folded text, title weighted A, body B) with a GIN index.
See app/db/fulltext.py.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Bodies past this many characters are not indexed (a tsvector holds at most 1 MB).
PG_BODY_CHARS = 250_000

SQLITE_UP = [
    "CREATE VIRTUAL TABLE documents_fts USING fts5(title, body, content='documents', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER documents_fts_ai AFTER INSERT ON documents BEGIN "
    "INSERT INTO documents_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER documents_fts_ad AFTER DELETE ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER documents_fts_au AFTER UPDATE OF title, body ON documents BEGIN "
    "INSERT INTO documents_fts(documents_fts, rowid, title, body) "
    "VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO documents_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS documents_fts_au",
    "DROP TRIGGER IF EXISTS documents_fts_ad",
    "DROP TRIGGER IF EXISTS documents_fts_ai",
    "DROP TABLE IF EXISTS documents_fts",
]

_ACCENTED = "ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿŒœÆæ"
_PLAIN = "AAAAAAaaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOOooooooUUUUuuuuYyyOoAa"

PG_UNACCENT = (
    "CREATE OR REPLACE FUNCTION acip_unaccent(value text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
    "$$ SELECT public.unaccent('public.unaccent'::regdictionary, value) $$"
)
PG_TRANSLATE = (
    "CREATE OR REPLACE FUNCTION acip_unaccent(value text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS "
    f"$$ SELECT translate(value, '{_ACCENTED}', '{_PLAIN}') $$"
)
PG_COLUMN = (
    "ALTER TABLE documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('simple'::regconfig, acip_unaccent(coalesce(title, ''))), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, "
    f"acip_unaccent(left(body, {PG_BODY_CHARS}))), 'B')) STORED"
)
PG_INDEX = "CREATE INDEX ix_documents_search_vector ON documents USING gin (search_vector)"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)
        return
    available = bind.execute(
        text("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'")
    ).first()
    unaccent = False
    if available:
        try:
            with bind.begin_nested():
                bind.execute(text("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public"))
            unaccent = True
        except Exception:  # no privilege: fall back to translate()
            unaccent = False
    op.execute(PG_UNACCENT if unaccent else PG_TRANSLATE)
    op.execute(PG_COLUMN)
    op.execute(PG_INDEX)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
        return
    op.execute("DROP INDEX IF EXISTS ix_documents_search_vector")
    op.execute("ALTER TABLE documents DROP COLUMN IF EXISTS search_vector")
    op.execute("DROP FUNCTION IF EXISTS acip_unaccent(text)")

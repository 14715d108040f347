"""Full-text search over documents (title and body): the one place the backends differ.

SQLite: an FTS5 external-content table `documents_fts(title, body)` over `documents`
(rowid = documents.id), kept in sync by triggers, tokenizer `unicode61 remove_diacritics 2`
(lower-cased, accents folded), ranked by bm25 with the title weighted 5x.

PostgreSQL: a generated column `documents.search_vector` =
`setweight(to_tsvector('simple', acip_unaccent(title)), 'A') ||
setweight(to_tsvector('simple', acip_unaccent(body)), 'B')` with a GIN index, ranked by
`ts_rank`. `acip_unaccent` wraps the `unaccent` extension where it can be installed and a
fixed `translate()` of accented Latin letters otherwise. The 'simple' configuration does not
stem, so English and French text match the same way on both backends: every word of the
query must occur (case and accents ignored).

Both objects live outside the models (they are not ORM columns); `include_name()` keeps
Alembic's model/migration comparison from reporting them. A later SQLite migration that
rebuilds `documents` in batch mode must re-create the triggers (see the fulltext migration).
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import (
    Double,
    Float,
    Integer,
    Select,
    cast,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)

from app.core.text import strip_accents

SQLITE_TABLE = "documents_fts"
PG_COLUMN = "search_vector"
MAX_TOKENS = 16
MAX_TOKEN_CHARS = 64
TITLE_WEIGHT = 5.0

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(value: str) -> str:
    """Lower-case, accents removed: the normal form both indexes store."""
    return strip_accents(value).lower()


def query_tokens(q: str) -> list[str]:
    """The words of a user's query, safe for either backend: FTS5 and tsquery operators,
    quotes, NUL bytes and other punctuation are dropped; at most MAX_TOKENS words."""
    cleaned = fold(q.replace("\x00", " "))
    tokens = [t[:MAX_TOKEN_CHARS] for t in _WORD.findall(cleaned)]
    tokens = [t.replace("_", " ").strip() for t in tokens]
    out: list[str] = []
    for token in tokens:
        for part in token.split():
            if part and part not in out:
                out.append(part)
    return out[:MAX_TOKENS]


def fts5_expression(tokens: list[str]) -> str:
    """An FTS5 MATCH expression: every token quoted (no operator survives), implicitly ANDed."""
    return " ".join('"' + t.replace('"', '""') + '"' for t in tokens)


def match_documents(dialect: str, q: str) -> Select[Any] | None:
    """`SELECT document_id, score` of the documents matching `q` (higher score = better),
    or None when `q` holds no searchable word."""
    tokens = query_tokens(q)
    if not tokens:
        return None
    if dialect == "sqlite":
        fts = table(SQLITE_TABLE, column("rowid", Integer))
        bm25 = func.bm25(literal_column(SQLITE_TABLE), TITLE_WEIGHT, 1.0, type_=Float)
        return (
            select(fts.c.rowid.label("document_id"), (-bm25).label("score"))
            .select_from(fts)
            .where(literal_column(SQLITE_TABLE).op("MATCH")(fts5_expression(tokens)))
        )
    documents = table("documents", column("id", Integer), column(PG_COLUMN))
    tsquery = func.plainto_tsquery(text("'simple'::regconfig"), " ".join(tokens))
    return (
        select(
            documents.c.id.label("document_id"),
            # double precision: a real would not survive the cursor's JSON round trip
            cast(func.ts_rank(documents.c[PG_COLUMN], tsquery), Double()).label("score"),
        )
        .where(documents.c[PG_COLUMN].op("@@")(tsquery))
    )


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic hook: the full-text objects are not models; leave them out of comparisons."""
    if name is None:
        return True
    if type_ == "table" and name.startswith(SQLITE_TABLE):
        return False
    return not (type_ in ("column", "index") and PG_COLUMN in name)

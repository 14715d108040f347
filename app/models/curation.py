"""Curation: API keys of the people who correct the record, and their corrections.

Corrections are kept apart from the extracted facts and applied on top of them by
`app.curation.apply.apply_corrections`, keyed by stable identities: the event's public id,
a fact's natural key (administration country and role, funder slug, theme slug, person's
normalised name) and, for an event an editor added, its document's source path and the
evidence sentence. A correction is never deleted: undone ones stay, as audit records.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base

KEY_ROLES = ("editor", "admin")
CORRECTION_KINDS = (
    "event.set", "event.reject", "event.add", "event.confirm", "event.merge", "event.split",
    "administration.add", "administration.remove", "administration.confirm",
    "funder.add", "funder.remove", "funder.confirm",
    "theme.add", "theme.remove", "theme.confirm",
    "person.add", "person.remove", "person.confirm",
    "undo",
)
CORRECTION_STATES = ("active", "orphaned", "undone")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class ApiKey(Base):
    """A key for the write API. Only the SHA-256 of the secret is stored; `prefix` (the
    key's public part, `acip_<prefix>_...`) finds the row, the hashes are then compared in
    constant time."""

    __tablename__ = "api_keys"
    __table_args__ = (CheckConstraint(_in("role", KEY_ROLES), name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(10))
    prefix: Mapped[str] = mapped_column(String(16), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now())
    expires_on: Mapped[date | None] = mapped_column(Date)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Correction(Base):
    """One correction (or an undo of one), with who made it, when, why, and the fact before
    and after. `state`: active (applied), orphaned (its target is gone: kept, listed, and
    applied again should the target come back), undone."""

    __tablename__ = "corrections"
    __table_args__ = (
        CheckConstraint(_in("kind", CORRECTION_KINDS), name="kind"),
        CheckConstraint(_in("state", CORRECTION_STATES), name="state"),
        Index("ix_corrections_event_public_id_id", "event_public_id", "id"),
        Index("ix_corrections_document_source_id", "document_source", "id"),
        Index("ix_corrections_state_id", "state", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    # the event corrected (for event.add, the event the correction creates)
    event_public_id: Mapped[str | None] = mapped_column(String(32))
    # the source path of the event's document when the correction was made
    document_source: Mapped[str | None] = mapped_column(String(1024))
    # the fact's natural key, e.g. {"country": "GHA", "role": "partner"}, {"slug": "norad"}
    target: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
    reason: Mapped[str] = mapped_column(Text)
    key_name: Mapped[str] = mapped_column(String(100), index=True)
    api_key_id: Mapped[int | None] = mapped_column(
        ForeignKey("api_keys.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True)
    state: Mapped[str] = mapped_column(String(10), default="active")
    undoes: Mapped[int | None] = mapped_column(Integer)  # kind "undo": the correction undone
    undone_by: Mapped[int | None] = mapped_column(Integer)  # the undo that undid this one

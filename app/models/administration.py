"""Customs administrations (one per country) and their roles in documents."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base

ROLES = ("partner", "expert", "host", "mentioned")


class Administration(Base):
    __tablename__ = "administrations"

    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("countries.alpha3"), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    aliases: Mapped[list[Any]] = mapped_column(JSON, default=list)


class DocumentAdministration(Base):
    """An administration named by a document, in one role."""

    __tablename__ = "document_administrations"
    __table_args__ = (
        UniqueConstraint("document_id", "administration_id", "role"),
        CheckConstraint("role IN ('partner', 'expert', 'host', 'mentioned')", name="role"),
        Index("ix_document_administrations_admin_doc", "administration_id", "document_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    administration_id: Mapped[int] = mapped_column(ForeignKey("administrations.id"))
    role: Mapped[str] = mapped_column(String(10), index=True)
    name_as_stated: Mapped[str | None] = mapped_column(String(300))
    evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )

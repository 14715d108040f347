"""Themes: the ten key factors of the Revised Arusha Declaration and cross-cutting topics."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class Theme(Base):
    __tablename__ = "themes"

    slug: Mapped[str] = mapped_column(String(60), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str] = mapped_column(String(200))
    parent_slug: Mapped[str | None] = mapped_column(ForeignKey("themes.slug"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class DocumentTheme(Base):
    __tablename__ = "document_themes"
    __table_args__ = (Index("ix_document_themes_theme_doc", "theme_slug", "document_id"),)

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    theme_slug: Mapped[str] = mapped_column(ForeignKey("themes.slug"), primary_key=True)
    evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )

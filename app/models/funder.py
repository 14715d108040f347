"""Funders of the Programme and the documents that name them as such."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class Funder(Base):
    __tablename__ = "funders"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    country_code: Mapped[str | None] = mapped_column(ForeignKey("countries.alpha3"))
    aliases: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class DocumentFunder(Base):
    __tablename__ = "document_funders"
    __table_args__ = (Index("ix_document_funders_funder_doc", "funder_slug", "document_id"),)

    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True
    )
    funder_slug: Mapped[str] = mapped_column(ForeignKey("funders.slug"), primary_key=True)
    name_as_stated: Mapped[str | None] = mapped_column(String(300))
    evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )
    # The calibrated probability that the fact is right (app/ingest/extract/confidence.py)
    confidence: Mapped[float | None] = mapped_column(Float)
    # Curation (app/curation/apply.py): the correction behind the row, and how: "added"
    # (the row was written by the correction) or "confirmed" (an extracted row confirmed)
    correction_id: Mapped[int | None] = mapped_column(Integer)
    curation: Mapped[str | None] = mapped_column(String(10))

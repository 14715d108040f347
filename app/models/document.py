"""Ingested articles."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, ForeignKey, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_path: Mapped[str] = mapped_column(String(1024), unique=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str | None] = mapped_column(String(500))
    published: Mapped[date | None] = mapped_column(Date, index=True)
    language: Mapped[str] = mapped_column(String(8), index=True)
    body: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(20))
    # The partner count the article states; its evidence is the Evidence row of kind
    # "partner_count".
    partner_count: Mapped[int | None] = mapped_column(Integer)
    # the calibrated probability that the count is right (app/ingest/extract/confidence.py)
    partner_count_confidence: Mapped[float | None] = mapped_column(Float)
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    ingested_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), index=True
    )
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    # The final URL (after redirects) of an article ingested from the web; null for files.
    source_url: Mapped[str | None] = mapped_column(String(2048))


class DocumentUrl(Base):
    """Every URL an article was fetched under (its own, redirects, locale copies and other
    duplicates), with the HTTP validators of its last response: a re-run asks with
    If-None-Match / If-Modified-Since and skips a 304 without extraction."""

    __tablename__ = "document_urls"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2048), unique=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    first_seen_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now())
    checked_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now())

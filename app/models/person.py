"""People named in documents, with the title and organisation stated there."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    normalized_name: Mapped[str] = mapped_column(String(200), unique=True)


class DocumentPerson(Base):
    __tablename__ = "document_people"
    __table_args__ = (UniqueConstraint("document_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    title: Mapped[str | None] = mapped_column(String(300))
    organization: Mapped[str | None] = mapped_column(String(300))
    evidence_id: Mapped[int | None] = mapped_column(
        ForeignKey("evidence.id", ondelete="SET NULL")
    )
    # The calibrated probability that the fact is right (app/ingest/extract/confidence.py)
    confidence: Mapped[float | None] = mapped_column(Float)
    # Curation (app/curation/apply.py): the correction behind the row, and how: "added"
    # (the row was written by the correction) or "confirmed" (an extracted row confirmed)
    correction_id: Mapped[int | None] = mapped_column(Integer)
    curation: Mapped[str | None] = mapped_column(String(10))

"""Reference data: WCO regions and ISO 3166-1 countries."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.db.base import Base


class Region(Base):
    """One of the six WCO regions."""

    __tablename__ = "regions"

    slug: Mapped[str] = mapped_column(String(40), primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_fr: Mapped[str] = mapped_column(String(120))


class Country(Base):
    """Every ISO 3166-1 country, with its WCO region where it has one."""

    __tablename__ = "countries"

    alpha3: Mapped[str] = mapped_column(String(3), primary_key=True)
    alpha2: Mapped[str] = mapped_column(String(2), unique=True)
    numeric: Mapped[str] = mapped_column(String(3), unique=True)
    name_en: Mapped[str] = mapped_column(String(120))
    name_fr: Mapped[str] = mapped_column(String(120))
    region_slug: Mapped[str | None] = mapped_column(
        ForeignKey("regions.slug", ondelete="SET NULL"), index=True
    )

"""Reference data (countries, WCO regions, themes, funders) written idempotently."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import vocab
from app.db.base import Base
from app.models import Country, Funder, Region, Theme


def _upsert(session: Session, model: type[Base], key: str, rows: list[dict[str, Any]]) -> int:
    """Insert missing rows and update changed ones; returns how many were written."""
    existing = {getattr(obj, key): obj for obj in session.scalars(select(model))}
    written = 0
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            session.add(model(**row))
            written += 1
        elif any(getattr(obj, k) != v for k, v in row.items()):
            for k, v in row.items():
                setattr(obj, k, v)
            written += 1
    session.flush()
    return written


def seed_reference(session: Session) -> dict[str, int]:
    """Write every reference row; running it again writes nothing."""
    written = {
        "regions": _upsert(session, Region, "slug", [
            {k: r[k] for k in ("slug", "code", "name_en", "name_fr")} for r in vocab.regions()
        ]),
        "countries": _upsert(session, Country, "alpha3", [
            {"alpha3": c.alpha3, "alpha2": c.alpha2, "numeric": c.numeric, "name_en": c.name_en,
             "name_fr": c.name_fr, "region_slug": c.region_slug}
            for c in vocab.countries()
        ]),
    }
    themes = vocab.themes()
    # Parents before children, so the self-reference is satisfied at every flush.
    written["themes"] = _upsert(session, Theme, "slug", [t for t in themes if not t["parent_slug"]])
    written["themes"] += _upsert(session, Theme, "slug", [t for t in themes if t["parent_slug"]])
    written["funders"] = _upsert(session, Funder, "slug", [
        {"slug": f["slug"], "name": f["name"], "country_code": f["country"],
         "aliases": f["aliases"]}
        for f in vocab.funders()
    ])
    return written

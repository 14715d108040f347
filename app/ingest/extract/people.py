"""Named people with title and organisation."""

from __future__ import annotations

from app.ingest.extract.context import Context
from app.ingest.extract.facts import PersonFact


def extract_people(ctx: Context) -> list[PersonFact]:
    return []

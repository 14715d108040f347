"""Funders of the Programme."""

from __future__ import annotations

from app.ingest.extract.context import Context
from app.ingest.extract.facts import FunderFact


def extract_funders(ctx: Context) -> list[FunderFact]:
    return []

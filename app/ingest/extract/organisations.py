"""Customs administrations with their roles, and the partner count."""

from __future__ import annotations

from app.ingest.extract.context import Context
from app.ingest.extract.facts import AdministrationFact, EventFact, PartnerCountFact


def extract_administrations(
    ctx: Context, events: list[EventFact]
) -> tuple[list[AdministrationFact], PartnerCountFact | None]:
    return [], None

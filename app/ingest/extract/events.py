"""Events: type, name, dates with precision, venue, online. (Owned by the events extractor.)"""

from __future__ import annotations

from app.ingest.extract.context import Context
from app.ingest.extract.facts import AdministrationFact, EventFact


def extract_events(ctx: Context) -> list[EventFact]:
    return []


def fill_country_from_hosts(
    events: list[EventFact], administrations: list[AdministrationFact]
) -> None:
    return None

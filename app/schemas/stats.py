"""Statistics of the whole data set."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app.schemas.document import UtcDatetime


class Totals(BaseModel):
    """How many of each kind of thing the data set holds."""

    documents: int = Field(description="Ingested documents.")
    events: int = Field(description="Events reported by the documents.")
    evidence: int = Field(description="Evidence sentences behind the facts.")
    administrations: int = Field(description="Administrations named by at least one document.")
    countries: int = Field(description="Countries where at least one event took place.")
    funders: int = Field(description="Funders named by at least one document.")
    themes: int = Field(description="Themes of at least one document.")
    people: int = Field(description="People named by at least one document.")


class Coverage(BaseModel):
    """The dates the data spans."""

    first_event: date | None = Field(
        description="Earliest event date (its start, else its document's publication date)."
    )
    last_event: date | None = Field(description="Latest event date, same rule.")
    first_publication: date | None = Field(description="Earliest document publication date.")
    last_publication: date | None = Field(description="Latest document publication date.")


class Stats(BaseModel):
    """Totals, counts per kind, date coverage and the time of the last ingest."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "totals": {"documents": 120, "events": 151, "evidence": 1380, "administrations": 64,
                   "countries": 48, "funders": 5, "themes": 21, "people": 210},
        "events_by_type": {"workshop": 52, "meeting": 37, "training": 20, "webinar": 12},
        "events_online": 22, "events_undated": 14,
        "documents_by_language": {"en": 101, "fr": 19},
        "coverage": {"first_event": "2019-02-11", "last_event": "2026-10-30",
                     "first_publication": "2019-02-14", "last_publication": "2026-11-02"},
        "last_ingest": "2026-11-20T08:15:02Z",
    }]})

    totals: Totals = Field(description="How many of each kind of thing.")
    events_by_type: dict[str, int] = Field(description="Events per type, most frequent first.")
    events_online: int = Field(description="Events that took place online.")
    events_undated: int = Field(description="Events whose text states no date.")
    documents_by_language: dict[str, int] = Field(description="Documents per language code.")
    coverage: Coverage = Field(description="The dates the data spans.")
    last_ingest: UtcDatetime | None = Field(
        description="When a document was last ingested; null for an empty database."
    )

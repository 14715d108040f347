"""Documents (ingested articles) and every fact extracted from them, with evidence."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from app.schemas.common import confidence_field


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive timestamps; the database stores them in UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


UtcDatetime = Annotated[datetime, AfterValidator(_utc)]

_EVIDENCE: dict[str, Any] = {"id": 301, "kind": "event", "char_start": 0, "char_end": 92,
             "sentence": "From 3 to 5 March 2025, Mali Customs hosted an A-CIP workshop on "
                         "integrity in Bamako."}


class Evidence(BaseModel):
    """The sentence a fact was read from: `body[char_start:char_end] == sentence`."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EVIDENCE]})

    id: int = Field(description="Internal id of the evidence.")
    kind: str = Field(description="Kind of fact: `event`, `administration`, `funder`, "
                                  "`person`, `theme` or `partner_count`.")
    char_start: int = Field(description="Offset of the sentence's first character in the "
                                        "document body (0-based, in Unicode code points).")
    char_end: int = Field(description="Offset just past the sentence's last character.")
    sentence: str = Field(description="The sentence itself.")


class DocumentSummary(BaseModel):
    """An ingested article, without its body and facts."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 42, "title": "Mali Customs hosts A-CIP integrity workshop",
        "published": "2025-03-07", "language": "en",
        "source_path": "https://www.wcoomd.org/en/media/newsroom/2025/march/mali.aspx",
        "source_url": "https://www.wcoomd.org/en/media/newsroom/2025/march/mali.aspx",
        "extractor_version": "1.0.0", "ingested_at": "2026-01-10T09:21:00Z", "event_count": 1,
    }]})

    id: int = Field(description="Internal id of the document.")
    title: str | None = Field(description="Headline, when the article has one.")
    published: date | None = Field(description="Publication date, when the article states it.")
    language: str = Field(description="Language code of the text, e.g. `en` or `fr`.")
    source_path: str = Field(description="Where the article was read from at ingest: a path, "
                                         "or the URL of a page fetched from the web.")
    source_url: str | None = Field(
        default=None, description="The URL the article was fetched from (after redirects); "
                                  "null for a file.")
    extractor_version: str = Field(description="Version of the extractor that read it.")
    ingested_at: UtcDatetime = Field(description="When the document was (last) ingested.")
    event_count: int = Field(description="How many events the document reports.")


class DocumentEvent(BaseModel):
    """An event as the document reports it (a *report*), and the resolved event it is
    part of: the same activity reported by several articles is one event."""

    id: str = Field(description="Stable public id of the report (/v1/events/{id} answers it "
                                "with its event, or a 301 to it).")
    event: str | None = Field(default=None, description="Public id of the resolved event the "
                              "report belongs to (as in /v1/events/{id}).")
    type: str = Field(description="Kind of event, e.g. `workshop`, `meeting`, `webinar`.")
    name: str = Field(description="Short name of the event.")
    start: date | None = Field(description="Start date as stated; null when undated.")
    start_precision: str | None = Field(description="`day`, `month` or `year`.")
    end: date | None = Field(description="End date as stated, if any.")
    end_precision: str | None = Field(description="`day`, `month` or `year`.")
    city: str | None = Field(description="City of the venue, if stated.")
    country: str | None = Field(description="Alpha-3 code of the venue's country, if any.")
    online: bool = Field(description="Whether the event took place online.")
    confidence: float | None = confidence_field("event (an activity the article reports, "
                                                "of this type)")
    evidence: Evidence | None = Field(description="The sentence stating the event.")


class DocumentAdministration(BaseModel):
    """An administration the document names, in one role."""

    country: str = Field(description="Alpha-3 code of the administration's country.")
    name: str = Field(description="The administration's name in this API.")
    role: str = Field(description="`partner`, `expert`, `host` or `mentioned`.")
    name_as_stated: str | None = Field(description="The name as the text writes it.")
    confidence: float | None = confidence_field(
        "administration (the document names it, in some role)")
    role_confidence: float | None = confidence_field("role (the administration holds it)")
    evidence: Evidence | None = Field(description="The sentence naming it.")


class DocumentFunder(BaseModel):
    """A funder the document names."""

    slug: str = Field(description="The funder's slug (see /v1/funders).")
    name: str = Field(description="The funder's official name.")
    name_as_stated: str | None = Field(description="The name as the text writes it.")
    confidence: float | None = confidence_field("funder")
    evidence: Evidence | None = Field(description="The sentence naming it as a funder.")


class DocumentTheme(BaseModel):
    """A theme the document is about."""

    slug: str = Field(description="The theme's slug (see /v1/themes).")
    name_en: str = Field(description="English name of the theme.")
    confidence: float | None = confidence_field("theme")
    evidence: Evidence | None = Field(description="The sentence the theme was read from.")


class DocumentPerson(BaseModel):
    """A person the document names, with the title and organisation stated there."""

    id: int = Field(description="The person's id (see /v1/people).")
    name: str = Field(description="The person's name.")
    title: str | None = Field(description="Title as stated in this document.")
    organization: str | None = Field(description="Organisation as stated in this document.")
    confidence: float | None = confidence_field("person (the document names them)")
    evidence: Evidence | None = Field(description="The sentence naming the person.")


class PartnerCount(BaseModel):
    """The number of partner administrations the document states."""

    value: int = Field(description="The stated number.")
    confidence: float | None = confidence_field("count")
    evidence: Evidence | None = Field(description="The sentence stating it.")


class DocumentDetail(DocumentSummary):
    """A document with its body and every fact extracted from it, each with its evidence."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": 42, "title": "Mali Customs hosts A-CIP integrity workshop",
        "published": "2025-03-07", "language": "en",
        "source_path": "https://www.wcoomd.org/en/media/newsroom/2025/march/mali.aspx",
        "source_url": "https://www.wcoomd.org/en/media/newsroom/2025/march/mali.aspx",
        "extractor_version": "1.0.0", "ingested_at": "2026-01-10T09:21:00Z", "event_count": 1,
        "urls": ["https://www.wcoomd.org/en/media/newsroom/2025/march/mali.aspx",
                 "https://www.wcoomd.org/fr/media/newsroom/2025/march/mali.aspx"],
        "content_hash": "9f2c…", "warnings": [],
        "body": "From 3 to 5 March 2025, Mali Customs hosted an A-CIP workshop on integrity "
                "in Bamako. …",
        "events": [{"id": "evt_1a2b3c4d5e6f7a8b", "event": "evt_1a2b3c4d5e6f7a8b",
                    "type": "workshop",
                    "name": "A-CIP workshop on integrity", "start": "2025-03-03",
                    "start_precision": "day", "end": "2025-03-05", "end_precision": "day",
                    "city": "Bamako", "country": "MLI", "online": False,
                    "confidence": 0.82, "evidence": _EVIDENCE}],
        "administrations": [], "funders": [], "themes": [], "people": [],
        "partner_count": None,
    }]})

    urls: list[str] = Field(
        default_factory=list,
        description="Every URL the article was found under: its own, URLs that redirected "
                    "to it, its locale copies and other duplicates (empty for a file).")
    content_hash: str = Field(description="SHA-256 of the raw article, hex.")
    body: str = Field(description="The article's text, as stored: every evidence offset "
                                  "points into it.")
    warnings: list[str] = Field(description="What ingest could not read or left out.")
    events: list[DocumentEvent] = Field(description="The events it reports, in text order.")
    administrations: list[DocumentAdministration] = Field(
        description="The administrations it names, one entry per role."
    )
    funders: list[DocumentFunder] = Field(description="The funders it names.")
    themes: list[DocumentTheme] = Field(description="The themes it is about.")
    people: list[DocumentPerson] = Field(description="The people it names.")
    partner_count: PartnerCount | None = Field(
        description="The number of partner administrations it states, if any."
    )

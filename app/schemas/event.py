"""Event shapes of the API."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from app.schemas.common import confidence_field


class Venue(BaseModel):
    city: str | None = Field(default=None, description="City as stated, e.g. 'Bamako'.")
    country_code: str | None = Field(default=None, description="ISO 3166-1 alpha-3 code.")
    country_name: str | None = Field(default=None, description="English country name.")


class EventAdministration(BaseModel):
    country_code: str = Field(description="ISO 3166-1 alpha-3 code of the administration.")
    name: str = Field(description="The customs administration, e.g. 'Mali Customs'.")
    roles: list[str] = Field(description="Its roles: partner, expert, host, mentioned.")
    confidence: float | None = confidence_field(
        "administration (the article names it, in some role)")
    role_confidence: dict[str, float | None] = Field(
        default_factory=dict,
        description="Per role, the calibrated probability (0 to 1) that the administration "
                    "holds it; null when unknown.")
    curated: bool = Field(default=False, description="An editor added or confirmed it "
                                                     "(see /v1/corrections).")
    correction_id: int | None = Field(default=None, description="The correction behind it.")
    curated_roles: dict[str, int] = Field(
        default_factory=dict, description="Roles an editor added or confirmed: role -> the "
                                          "correction's id.")


class EventFunder(BaseModel):
    slug: str
    name: str
    confidence: float | None = confidence_field("funder")
    curated: bool = Field(default=False, description="An editor added or confirmed it "
                                                     "(see /v1/corrections).")
    correction_id: int | None = Field(default=None, description="The correction behind it.")


class EventTheme(BaseModel):
    slug: str
    name: str
    confidence: float | None = confidence_field("theme")
    curated: bool = Field(default=False, description="An editor added or confirmed it "
                                                     "(see /v1/corrections).")
    correction_id: int | None = Field(default=None, description="The correction behind it.")


class EventPerson(BaseModel):
    name: str
    title: str | None = Field(default=None, description="Title as stated in the article.")
    organization: str | None = Field(default=None, description="Organisation as stated.")
    confidence: float | None = confidence_field("person (the article names them)")
    curated: bool = Field(default=False, description="An editor added or confirmed it "
                                                     "(see /v1/corrections).")
    correction_id: int | None = Field(default=None, description="The correction behind it.")


class EventDocument(BaseModel):
    id: int = Field(description="The article's id (see /v1/documents/{id}).")
    title: str | None
    published: str | None = Field(description="Publication date, YYYY-MM-DD.")
    source_url: str | None = Field(
        default=None, description="The URL the article was fetched from; null for a file.")


class EventReportOut(BaseModel):
    """One article's report of the event: the same activity may be reported by several."""

    id: str = Field(description="The report's own id: the id the event had when only this "
                                "article reported it (it answers 301 to the event).")
    document_id: int = Field(description="The article (see /v1/documents/{id}).")
    title: str | None
    published: str | None = Field(description="The article's publication date, YYYY-MM-DD.")
    source_url: str | None = Field(
        default=None, description="The URL the article was fetched from; null for a file.")


class EventLinks(BaseModel):
    self: str = Field(description="This event.")
    evidence: str = Field(description="The article the event was read from, with evidence.")


class EventOut(BaseModel):
    """A real-world activity, however many articles report it (see `reports`), with the
    facts its articles state, as one: fields by the precedence of the README's "Event
    resolution" (the most precise dates, a venue over none), facts as the union."""

    model_config = {
        "json_schema_extra": {
            "examples": [{
                "id": "ev_3f9a1c2b7d",
                "type": "workshop",
                "name": "National integrity workshop",
                "start": "2025-03-10",
                "end": "2025-03-14",
                "date_precision": "day",
                "venue": {"city": "Bamako", "country_code": "MLI", "country_name": "Mali"},
                "online": False,
                "confidence": 0.82,
                "administrations": [{"country_code": "MLI", "name": "Mali Customs",
                                     "roles": ["partner", "host"], "confidence": 0.99,
                                     "role_confidence": {"partner": 0.72, "host": 0.8}}],
                "funders": [{"slug": "norad", "name": "Norad", "confidence": 0.97}],
                "themes": [{"slug": "code-of-conduct", "name": "Code of conduct",
                            "confidence": 0.87}],
                "people": [{"name": "Jane Doe", "title": "Director General",
                            "organization": "Mali Customs", "confidence": 0.89}],
                "document": {"id": 42, "title": "Mali hosts integrity workshop",
                             "published": "2025-03-16", "source_url": None},
                "reports": [{"id": "ev_3f9a1c2b7d", "document_id": 42,
                             "title": "Mali hosts integrity workshop",
                             "published": "2025-03-16", "source_url": None}],
                "links": {"self": "/v1/events/ev_3f9a1c2b7d", "evidence": "/v1/documents/42"},
            }]
        }
    }

    id: str = Field(description="Stable public id.")
    type: str = Field(description="meeting, workshop, training, mission, conference, webinar, "
                                  "survey, launch or other.")
    name: str
    start: str | None = Field(description="Start date: YYYY-MM-DD, or YYYY-MM / YYYY when only "
                                          "the month or year is stated; null if not stated.")
    end: str | None = Field(description="End date, same form as start; null if not stated.")
    date_precision: Literal["day", "month", "year"] | None = Field(
        description="Precision of the start date.")
    venue: Venue
    online: bool
    confidence: float | None = confidence_field("event (an activity the article reports, "
                                                "of this type)")
    administrations: list[EventAdministration]
    funders: list[EventFunder]
    themes: list[EventTheme]
    people: list[EventPerson]
    document: EventDocument = Field(description="The article that reported the event first "
                                                "(the oldest of `reports`).")
    reports: list[EventReportOut] = Field(
        default_factory=list, description="Every article reporting the event, oldest first.")
    links: EventLinks


class EvidenceOut(BaseModel):
    """The sentence a fact was read from, and where it sits in the article's body."""

    fact: Literal["event", "administration", "funder", "theme", "person"]
    subject: str = Field(description="Which fact: the event name, a country code, a slug, "
                                     "a person's name.")
    sentence: str
    char_start: int
    char_end: int


class CuratedField(BaseModel):
    curated: Literal[True] = True
    correction_id: int = Field(description="The active correction that set or confirmed it.")


class EventReportDetail(EventReportOut):
    """A report as its article states the event, with the sentence it was read from."""

    type: str
    name: str
    start: str | None
    end: str | None
    venue: Venue
    online: bool
    confidence: float | None = confidence_field("event as this article reports it")
    evidence: EvidenceOut | None = Field(description="The sentence the report was read from.")


_EXAMPLE_EVENT: dict[str, Any] = EventOut.model_config["json_schema_extra"]["examples"][0]  # type: ignore[index,assignment]
_EXAMPLE_EVIDENCE: dict[str, Any] = {
    "fact": "event", "subject": "National integrity workshop",
    "sentence": "Mali Customs hosted a national integrity workshop in Bamako from 10 to 14 "
    "March 2025.", "char_start": 0, "char_end": 88}


class EventDetail(EventOut):
    """An event with every report, the evidence behind it and behind each fact, the
    report(s) each field came from, and which of its fields an editor corrected or
    confirmed."""

    model_config = {"json_schema_extra": {"examples": [{
        **_EXAMPLE_EVENT,
        "reports": [{**_EXAMPLE_EVENT["reports"][0], "type": "workshop",
                     "name": "National integrity workshop", "start": "2025-03-10",
                     "end": "2025-03-14", "venue": _EXAMPLE_EVENT["venue"], "online": False,
                     "confidence": 0.82, "evidence": _EXAMPLE_EVIDENCE}],
        "sources": {"start": ["ev_3f9a1c2b7d"], "venue": ["ev_3f9a1c2b7d"]},
        "evidence": [_EXAMPLE_EVIDENCE],
    }]}}

    reports: list[EventReportDetail] = Field(  # type: ignore[assignment]
        default_factory=list, description="Every article reporting the event, oldest first, "
        "with what it states and its sentence.")
    sources: dict[str, list[str]] = Field(
        default_factory=dict, description="Field (start, end, venue, online, type, name, "
        "administrations.XXX, themes.slug, funders.slug, people.Name) -> the ids of the "
        "reports it came from.")
    evidence: list[EvidenceOut]
    curation: dict[str, CuratedField] = Field(
        default_factory=dict,
        description="Curated fields (type, name, start, end, venue, online; `event` for an "
                    "event an editor added or confirmed) -> {curated: true, correction_id}. "
                    "Absent fields are as the extractor read them.")


class FacetValue(BaseModel):
    value: str = Field(description="The facet's value: a code, slug, type, year or true/false.")
    label: str = Field(description="A human label for the value.")
    count: int = Field(description="Matching events having this value.")


class Facet(BaseModel):
    name: str
    values: list[FacetValue]


class Facets(BaseModel):
    """Counts of the matching events per value of each facet."""

    model_config = {"json_schema_extra": {"examples": [{
        "total": 12, "description": "events on the theme Gender equality and diversity",
        "facets": [{"name": "country", "values": [
            {"value": "MLI", "label": "Mali", "count": 5},
            {"value": "SEN", "label": "Senegal", "count": 3}]}]}]}}

    total: int = Field(description="Matching events.")
    description: str
    facets: list[Facet]


class Period(BaseModel):
    period: str = Field(description="YYYY-MM (month), YYYY-Qn (quarter) or YYYY (year).")
    start: str = Field(description="The period's first day.")
    count: int


class Timeline(BaseModel):
    """Matching events per period, zero-filled."""

    model_config = {"json_schema_extra": {"examples": [{
        "interval": "quarter", "total": 7, "undated": 0, "description": "all events",
        "periods": [{"period": "2025-Q1", "start": "2025-01-01", "count": 4},
                    {"period": "2025-Q2", "start": "2025-04-01", "count": 0},
                    {"period": "2025-Q3", "start": "2025-07-01", "count": 3}]}]}}

    interval: Literal["month", "quarter", "year"]
    total: int = Field(description="Matching events (dated and undated).")
    undated: int = Field(description="Matching events with neither a date nor a publication "
                                     "date: in total, in no period.")
    description: str
    periods: list[Period]

"""Curation shapes of the API: corrections in and out, added events, undo, the review
queue."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.models import EVENT_TYPES

EventType = Literal["meeting", "workshop", "training", "mission", "conference", "webinar",
                    "survey", "launch", "other"]
assert set(EventType.__args__) == set(EVENT_TYPES)  # type: ignore[attr-defined]
Role = Literal["partner", "expert", "host", "mentioned"]
Fact = Literal["event", "administration", "funder", "theme", "person"]
Action = Literal[
    "set", "reject", "confirm", "merge", "split",
    "add_administration", "remove_administration", "add_funder", "remove_funder",
    "add_theme", "remove_theme", "add_person", "remove_person",
]
EventField = Literal["type", "name", "start", "end", "venue", "online"]
DATE_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"
Reason = Field(min_length=3, max_length=2000,
               description="Why: what the editor knows (a source, a phone call...). Stored "
                           "in the audit log.")


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class BodyIn(BaseModel):
    """A request body: unknown fields and NUL characters (which no database stores) are
    refused with a 422."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _no_nul(cls, data: Any) -> Any:
        if _has_nul(data):
            raise ValueError("text must not contain NUL characters")
        return data


class VenueIn(BodyIn):
    model_config = ConfigDict(extra="forbid")

    city: str | None = Field(default=None, max_length=120, description="City, e.g. 'Accra'.")
    country_code: str | None = Field(
        default=None, min_length=2, max_length=3,
        description="ISO 3166-1 alpha-2 or alpha-3 code, any case.")


class PersonIn(BodyIn):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=2, max_length=200, description="The person's name.")
    title: str | None = Field(default=None, max_length=300, description="Title as stated.")
    organization: str | None = Field(default=None, max_length=300,
                                     description="Organisation as stated.")


EXAMPLES: dict[str, dict[str, Any]] = {
    "venue": {"summary": "Correct the venue", "value": {
        "action": "set", "venue": {"city": "Accra", "country_code": "GH"},
        "reason": "The organisers' report says Accra, not Lomé."}},
    "dates": {"summary": "Correct the dates (precision from the format)", "value": {
        "action": "set", "start": "2025-03", "end": None,
        "reason": "Only the month is known."}},
    "add_administration": {"summary": "Add a missed administration", "value": {
        "action": "add_administration", "country": "GHA", "role": "partner",
        "reason": "Ghana Revenue Authority took part (attendance list)."}},
    "remove_administration": {"summary": "Remove one role of an administration", "value": {
        "action": "remove_administration", "country": "TG", "role": "host",
        "reason": "Togo did not host it."}},
    "add_funder": {"summary": "Add a funder", "value": {
        "action": "add_funder", "funder": "norad", "reason": "Funded under the Norad grant."}},
    "remove_theme": {"summary": "Remove a theme", "value": {
        "action": "remove_theme", "theme": "gender-equality-diversity",
        "reason": "Mentioned in passing only."}},
    "add_person": {"summary": "Add a person", "value": {
        "action": "add_person", "person": {"name": "Ama Mensah", "title": "Commissioner"},
        "reason": "She opened the workshop."}},
    "reject": {"summary": "Reject an event the extractor made up", "value": {
        "action": "reject", "reason": "This is a reference to an older workshop."}},
    "confirm_funder": {"summary": "Confirm a fact", "value": {
        "action": "confirm", "fact": "funder", "funder": "sida",
        "reason": "Checked against the grant report."}},
    "confirm_event": {"summary": "Confirm the event's fields", "value": {
        "action": "confirm", "fact": "event", "fields": ["start", "venue"],
        "reason": "Checked with the organisers."}},
}


class CorrectionIn(BodyIn):
    """One correction of an event. `action` says what; the fields it needs:

    - `set`: any of `type`, `name`, `start`, `end` (YYYY, YYYY-MM or YYYY-MM-DD: the format
      is the precision; null clears), `venue` ({city, country_code}), `online`;
    - `add_administration` / `remove_administration`: `country`, `role` (for a removal,
      omit `role` to remove every role of that administration);
    - `add_funder` / `remove_funder`: `funder` (slug); `add_theme` / `remove_theme`:
      `theme` (slug); `add_person` / `remove_person`: `person` ({name, title,
      organization}; a removal needs the name only);
    - `reject`: nothing more (the event is hidden from lists, counts, facets and exports);
    - `merge`: `into` (another event's id): the same activity; this event's reports join it,
      and this id answers 301 to it;
    - `split`: `report` (the id of one of this event's reports, not its first): another
      activity; the report becomes an event of its own, under the report's id;
    - `confirm`: `fact` (event, administration, funder, theme, person) and its key as for
      an addition; for `event`, `fields` (default: all).
    """

    model_config = ConfigDict(extra="forbid",
                              json_schema_extra={"examples": [EXAMPLES["venue"]["value"]]})

    action: Action = Field(description="What the correction does (see above).")
    reason: str = Reason
    type: EventType | None = Field(default=None, description="`set`: the event type.")
    name: str | None = Field(default=None, min_length=1, max_length=300,
                             description="`set`: the event's name.")
    start: str | None = Field(default=None, pattern=DATE_PATTERN,
                              description="`set`: first day, YYYY, YYYY-MM or YYYY-MM-DD.")
    end: str | None = Field(default=None, pattern=DATE_PATTERN,
                            description="`set`: last day, YYYY, YYYY-MM or YYYY-MM-DD.")
    venue: VenueIn | None = Field(default=None, description="`set`: city and country.")
    online: bool | None = Field(default=None, description="`set`: held online.")
    country: str | None = Field(default=None, min_length=2, max_length=3,
                                description="Administration's country, alpha-2 or alpha-3.")
    role: Role | None = Field(default=None, description="Administration's role.")
    funder: str | None = Field(default=None, max_length=40, description="Funder slug.")
    theme: str | None = Field(default=None, max_length=60, description="Theme slug.")
    person: PersonIn | None = Field(default=None, description="The person.")
    fact: Fact | None = Field(default=None, description="`confirm`: which kind of fact.")
    into: str | None = Field(default=None, min_length=1, max_length=32,
                             description="`merge`: the id of the event this one is part of.")
    report: str | None = Field(default=None, min_length=1, max_length=32,
                               description="`split`: the id of the report to split out.")
    fields: list[EventField] | None = Field(
        default=None, max_length=6, description="`confirm` of `event`: the fields confirmed.")


class EvidenceIn(BodyIn):
    model_config = ConfigDict(extra="forbid")

    sentence: str = Field(min_length=10, max_length=5000,
                          description="The sentence of the article stating the event, "
                                      "exactly as in its body.")
    char_start: int | None = Field(default=None, ge=0, le=10_000_000,
                                   description="Its offset in the body, if known.")


class EventAddIn(BodyIn):
    """An event the extractor missed, pointed to in its article by the sentence stating
    it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "document_id": 12, "reason": "The article also reports a training in Accra.",
        "evidence": {"sentence": "A training on risk management followed in Accra on "
                                 "12 May 2025."},
        "type": "training", "name": "Risk management training", "start": "2025-05-12",
        "venue": {"city": "Accra", "country_code": "GHA"}, "online": False}]})

    document_id: int = Field(ge=1, le=2_147_483_647,
                             description="The article's id (see /v1/documents).")
    reason: str = Reason
    evidence: EvidenceIn
    type: EventType
    name: str | None = Field(default=None, min_length=1, max_length=300,
                             description="The event's name (default: its type).")
    start: str | None = Field(default=None, pattern=DATE_PATTERN,
                              description="First day, YYYY, YYYY-MM or YYYY-MM-DD.")
    end: str | None = Field(default=None, pattern=DATE_PATTERN,
                            description="Last day, YYYY, YYYY-MM or YYYY-MM-DD.")
    venue: VenueIn | None = None
    online: bool = False


class UndoIn(BodyIn):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "reason": "Applied to the wrong event."}]})

    reason: str = Reason


class CorrectionLinks(BaseModel):
    self: str
    event: str | None = Field(default=None, description="The event corrected.")


class CorrectionOut(BaseModel):
    """A correction as the audit log keeps it."""

    model_config = {"json_schema_extra": {"examples": [{
        "id": 41, "kind": "event.set", "event_id": "evt_3f9a1c2b7d0e4a5b",
        "document": "seeds/2025-03-mali-workshop.txt", "target": {},
        "before": {"city": "Lomé", "country_code": "TGO"},
        "after": {"city": "Accra", "country_code": "GHA"},
        "reason": "The organisers' report says Accra, not Lomé.", "key_name": "amina",
        "created_at": "2026-12-07T06:10:00Z", "state": "active", "undoes": None,
        "undone_by": None,
        "links": {"self": "/v1/corrections/41", "event": "/v1/events/evt_3f9a1c2b7d0e4a5b"},
    }]}}

    id: int
    kind: str = Field(description="event.set, event.reject, event.add, event.confirm, "
                                  "<fact>.add / .remove / .confirm, or undo.")
    event_id: str | None = Field(description="The event's public id.")
    document: str | None = Field(description="Source path of the event's article.")
    target: dict[str, Any] = Field(description="The fact's natural key, e.g. "
                                               '{"country": "GHA", "role": "partner"}.')
    before: Any = Field(description="The fact before the correction (null: absent).")
    after: Any = Field(description="The fact after it (null: removed).")
    reason: str
    key_name: str = Field(description="The name of the API key that made it.")
    created_at: datetime
    state: Literal["active", "orphaned", "undone"] = Field(
        description="active (applied), orphaned (its target is gone: kept, applied again "
                    "if it comes back), undone.")
    undoes: int | None = Field(description="For an undo: the correction it undid.")
    undone_by: int | None = Field(description="The undo that undid it.")
    links: CorrectionLinks


class ReviewItem(BaseModel):
    """A fact worth a person's look."""

    model_config = {"json_schema_extra": {"examples": [{
        "fact": "administration", "key": {"country": "TGO", "role": "host"},
        "value": "TGO host", "confidence": 0.41, "events": ["evt_3f9a1c2b7d0e4a5b"],
        "document_id": 12,
        "evidence": {"sentence": "Togo Customs hosted the meeting.", "char_start": 120,
                     "char_end": 152},
        "why": ["confidence 0.41", "never confirmed"],
    }]}}

    fact: Fact
    key: dict[str, Any] = Field(description="The fact's natural key, as a correction takes "
                                            "it.")
    value: str = Field(description="The fact in words.")
    confidence: float | None
    events: list[str] = Field(description="Public ids of the events it is a fact of.")
    document_id: int
    evidence: dict[str, Any] | None = Field(description="The sentence it was read from.")
    why: list[str] = Field(description="Why it is in the queue.")

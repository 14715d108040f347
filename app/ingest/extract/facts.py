"""The extractor's output: plain dataclasses, one per kind of fact, each with its evidence.

`Facts.to_gold()` renders a document's facts in exactly the corpus annotation schema
(the field names and values of the corpus annotations), which `acip extract` prints and
`acip eval` scores.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

EventType = Literal[
    "meeting", "workshop", "training", "mission", "conference", "webinar", "survey", "launch",
    "other",
]
EVENT_TYPES: tuple[str, ...] = (
    "meeting", "workshop", "training", "mission", "conference", "webinar", "survey", "launch",
    "other",
)
Role = Literal["partner", "expert", "host", "mentioned"]
ROLES: tuple[str, ...] = ("partner", "expert", "host", "mentioned")
Precision = Literal["day", "month", "year"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: character offsets into the stored body and the sentence."""

    start: int
    end: int
    sentence: str


@dataclass(frozen=True, slots=True)
class PartialDate:
    """A date as precise as the text states it: a day, a month or a year."""

    value: date
    precision: Precision = "day"

    def iso(self) -> str:
        if self.precision == "day":
            return self.value.isoformat()
        if self.precision == "month":
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return f"{self.value.year:04d}"


@dataclass(slots=True)
class EventFact:
    type: str
    name: str
    start: PartialDate | None
    end: PartialDate | None
    city: str | None
    country: str | None  # ISO 3166-1 alpha-3
    online: bool
    evidence: Evidence
    rule: str = ""  # the kind of cue that decided it (calibrated into `confidence`)
    confidence: float | None = None  # in [0, 1], see app/ingest/extract/confidence.py


@dataclass(slots=True)
class AdministrationFact:
    country: str  # ISO 3166-1 alpha-3
    roles: list[str]
    name: str  # the name as stated in the text ("Nepalese Customs", "la Douane tunisienne")
    evidence: Evidence
    rule: str = ""  # the kind of cue that decided it (calibrated into `confidence`)
    confidence: float | None = None  # in [0, 1], see app/ingest/extract/confidence.py
    # per role, the probability that the administration holds it (set with `confidence`)
    role_confidence: dict[str, float | None] = field(default_factory=dict)


@dataclass(slots=True)
class FunderFact:
    slug: str
    name: str  # as stated
    evidence: Evidence
    rule: str = ""  # the kind of cue that decided it (calibrated into `confidence`)
    confidence: float | None = None  # in [0, 1], see app/ingest/extract/confidence.py


@dataclass(slots=True)
class PersonFact:
    name: str
    title: str | None
    organization: str | None
    evidence: Evidence
    rule: str = ""  # the kind of cue that decided it (calibrated into `confidence`)
    confidence: float | None = None  # in [0, 1], see app/ingest/extract/confidence.py


@dataclass(slots=True)
class ThemeFact:
    slug: str
    evidence: Evidence
    rule: str = ""  # the kind of cue that decided it (calibrated into `confidence`)
    confidence: float | None = None  # in [0, 1], see app/ingest/extract/confidence.py


@dataclass(slots=True)
class PartnerCountFact:
    value: int
    evidence: Evidence
    rule: str = ""  # the kind of cue that decided it (calibrated into `confidence`)
    confidence: float | None = None  # in [0, 1], see app/ingest/extract/confidence.py


@dataclass(slots=True)
class Facts:
    """Everything extracted from one document."""

    title: str | None
    published: date | None
    language: str
    body: str
    events: list[EventFact] = field(default_factory=list)
    administrations: list[AdministrationFact] = field(default_factory=list)
    partner_count: PartnerCountFact | None = None
    funders: list[FunderFact] = field(default_factory=list)
    people: list[PersonFact] = field(default_factory=list)
    themes: list[ThemeFact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_gold(self) -> dict[str, Any]:
        """The corpus annotation schema (see the corpus README)."""
        return {
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "events": [
                {
                    "type": e.type,
                    "name": e.name,
                    "start": e.start.iso() if e.start else None,
                    "end": e.end.iso() if e.end else None,
                    "city": e.city,
                    "country": e.country,
                    "online": e.online,
                }
                for e in self.events
            ],
            "administrations": [
                {"country": a.country, "roles": list(a.roles)} for a in self.administrations
            ],
            "partner_count": self.partner_count.value if self.partner_count else None,
            "funders": [f.slug for f in self.funders],
            "people": [
                {"name": p.name, "title": p.title, "organization": p.organization}
                for p in self.people
            ],
            "themes": [t.slug for t in self.themes],
        }

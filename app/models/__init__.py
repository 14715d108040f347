"""Every table, imported here so that `Base.metadata` knows them all."""

from app.db.base import Base
from app.models.administration import (
    ROLES,
    Administration,
    DocumentAdministration,
    EventCount,
    EventCountry,
    EventRegion,
)
from app.models.curation import CORRECTION_KINDS, CORRECTION_STATES, KEY_ROLES, ApiKey, Correction
from app.models.document import Document, DocumentUrl
from app.models.event import (
    EVENT_TYPES,
    Event,
    EventRedirect,
    EventReport,
    ResolutionState,
)
from app.models.evidence import Evidence
from app.models.funder import DocumentFunder, Funder
from app.models.person import DocumentPerson, Person
from app.models.reference import Country, Region
from app.models.theme import DocumentTheme, EventTheme, EventThemeMonth, Theme

__all__ = [
    "CORRECTION_KINDS", "CORRECTION_STATES", "KEY_ROLES", "ApiKey", "Correction",
    "EVENT_TYPES", "ROLES", "Administration", "Base", "Country", "Document",
    "DocumentAdministration", "DocumentFunder", "DocumentPerson", "DocumentTheme", "DocumentUrl",
    "Event", "EventRedirect", "EventReport", "ResolutionState",
    "EventCount", "EventCountry", "EventRegion", "EventTheme", "EventThemeMonth",
    "Evidence", "Funder", "Person", "Region", "Theme",
]

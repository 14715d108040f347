"""Event resolution: reports (one event as one document states it) -> resolved events.

Pure functions and values, no database: `reports` (the input), `evidence` (are two reports
the same activity, and why), `resolution` (clusters, incremental, public ids and
redirects), `fields` (a resolved event's fields and where each came from).
"""

from app.ingest.resolve.evidence import Verdict, compare, conflict
from app.ingest.resolve.fields import ResolvedEvent, resolved_event
from app.ingest.resolve.reports import DocumentContext, Report, ReportKey, Span
from app.ingest.resolve.resolution import (
    Change,
    EventId,
    Resolution,
    event_id_text,
    resolve,
    resolve_into,
)

__all__ = [
    "Change", "DocumentContext", "EventId", "Report", "ReportKey", "Resolution",
    "ResolvedEvent", "Span", "Verdict", "compare", "conflict", "event_id_text", "resolve",
    "resolve_into", "resolved_event",
]

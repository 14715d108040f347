"""Event resolution: reports (one event as one document states it) -> resolved events.

Pure functions and values, no database: `reports` (the input), `evidence` (are two reports
the same activity, and why), `resolution` (clusters, incremental, public ids and
redirects), `fields` (a resolved event's fields and where each came from). Scored by
`app.ingest.resolution_eval` (`acip eval-resolution`); cues in app/vocab/resolution.json.

What a database step still has to do with it (not done here):

- tables: `reports` (today's event rows, plus the resolved event they belong to and the
  rule of their best link), `resolved_events` (public id, the resolved fields, counts), and
  `resolved_event_redirects` (old id -> surviving id, or retired); a migration that turns
  existing events into reports and resolves them in `seen` order (document id);
- at ingest, per document: `Resolution.add` (or `remove_documents` on re-ingest or delete)
  and write what the returned `Change` names: created/updated events get their fields from
  `Resolution.event`, removed ids their redirect or retirement. The in-memory index here
  (`_by_key_month`: type or name word, month) maps to an indexed table or a query by month
  and type/word; a worker can also keep a `Resolution` warm and load only what it needs;
- the API: `/v1/events` over resolved events, each with its `reports`; a removed id answers
  301 to `Resolution.follow(id)`, or 410 when retired; counts and facets over resolved
  events (aggregate tables keyed by resolved event, updated from `Change`).
"""

from app.ingest.resolve.evidence import Verdict, compare, conflict, same_activity
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
    "resolve_into", "resolved_event", "same_activity",
]

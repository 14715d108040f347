"""A resolved event's fields from its reports, each with the report(s) it came from.

Precedence (ties always end on the older report, `Report.age`):

- **start, end**: the most precise stated date (a day over a month over a year), then the
  value most reports state, then the older report. An end earlier than the chosen start is
  replaced by the start's report's own end.
- **city, country**: a venue over none: the report stating the most (city and country, then
  country alone), then the value most reports state, then the older report; city and
  country come from the same report.
- **online**: from the venue's report when one states a venue; else true when any report
  says the event was online.
- **type**: the type most reports state, then the older report.
- **name**: the name of the report with the most precise dates, then a venue, then the
  older report (the *primary* report).
- **administrations**: the union over the reports' documents, each country with the union
  of its roles; **themes, funders, people**: unions. Each item lists its reports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.core.text import normalise_person_name
from app.ingest.resolve.reports import Report, ReportKey, Span

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


@dataclass(frozen=True, slots=True)
class ResolvedEvent:
    id: ReportKey
    reports: tuple[ReportKey, ...]
    type: str
    name: str
    start: Span | None
    end: Span | None
    city: str | None
    country: str | None
    online: bool
    administrations: dict[str, tuple[str, ...]]
    themes: tuple[str, ...]
    funders: tuple[str, ...]
    people: tuple[str, ...]
    sources: dict[str, tuple[ReportKey, ...]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        def key(k: ReportKey) -> list[Any]:
            return [k[0], k[1]]

        return {
            "id": key(self.id), "reports": [key(k) for k in self.reports],
            "type": self.type, "name": self.name,
            "start": self.start.iso if self.start else None,
            "end": self.end.iso if self.end else None,
            "city": self.city, "country": self.country, "online": self.online,
            "administrations": [{"country": c, "roles": list(r)}
                                for c, r in self.administrations.items()],
            "themes": list(self.themes), "funders": list(self.funders),
            "people": list(self.people),
            "sources": {name: [key(k) for k in keys] for name, keys in self.sources.items()},
        }


def _pick(reports: Sequence[Report], value: Callable[[Report], Any],
          rank: Callable[[Report], Any]) -> tuple[Any, tuple[ReportKey, ...]]:
    """The best value by `rank` (smaller is better), then the most stated, then the older;
    and every report that states it."""
    stated = [r for r in reports if value(r) is not None]
    if not stated:
        return None, ()
    counts: dict[Any, int] = {}
    for r in stated:
        counts[value(r)] = counts.get(value(r), 0) + 1
    best = min(stated, key=lambda r: (rank(r), -counts[value(r)], r.age))
    chosen = value(best)
    return chosen, tuple(r.key for r in stated if value(r) == chosen)


def _span_rank(span: Span | None) -> int:
    return 3 if span is None else _PRECISION_RANK.get(span.precision, 3)


def resolved_event(event_id: ReportKey, reports: Sequence[Report]) -> ResolvedEvent:
    """The resolved event of these reports (one cluster)."""
    reports = sorted(reports, key=lambda r: r.age)
    sources: dict[str, tuple[ReportKey, ...]] = {}

    start, sources["start"] = _pick(reports, lambda r: r.start, lambda r: _span_rank(r.start))
    end, sources["end"] = _pick(reports, lambda r: r.end, lambda r: _span_rank(r.end))
    if start is not None and end is not None and end.hi < start.lo:
        own = next(r for r in reports if r.key in sources["start"])
        end, sources["end"] = own.end, ((own.key,) if own.end else ())

    def venue(r: Report) -> tuple[str | None, str | None] | None:
        return (r.city, r.country) if (r.city or r.country) else None

    place, sources["venue"] = _pick(
        reports, venue, lambda r: (r.city is None) + (r.country is None))
    city, country = place if place else (None, None)
    if place is not None:
        venue_report = next(r for r in reports if r.key in sources["venue"])
        online = venue_report.online
        sources["online"] = sources["venue"]
    else:
        online = any(r.online for r in reports)
        sources["online"] = tuple(r.key for r in reports if r.online == online)

    kind, sources["type"] = _pick(reports, lambda r: r.type, lambda r: 0)
    primary = min(reports, key=lambda r: (
        _span_rank(r.start) + _span_rank(r.end), venue(r) is None, r.age))
    sources["name"] = (primary.key,)

    administrations: dict[str, set[str]] = {}
    admin_sources: dict[str, list[ReportKey]] = {}
    themes: dict[str, list[ReportKey]] = {}
    funders: dict[str, list[ReportKey]] = {}
    people: dict[str, tuple[str, list[ReportKey]]] = {}
    for r in reports:
        for country_code, roles in r.context.administrations:
            administrations.setdefault(country_code, set()).update(roles)
            admin_sources.setdefault(country_code, []).append(r.key)
        for slug in r.context.themes:
            themes.setdefault(slug, []).append(r.key)
        for slug in r.context.funders:
            funders.setdefault(slug, []).append(r.key)
        for name in r.context.people:
            people.setdefault(normalise_person_name(name), (name, []))[1].append(r.key)
    for code, keys in admin_sources.items():
        sources[f"administrations.{code}"] = tuple(keys)
    for slug, keys in themes.items():
        sources[f"themes.{slug}"] = tuple(keys)
    for slug, keys in funders.items():
        sources[f"funders.{slug}"] = tuple(keys)
    for _, (name, keys) in people.items():
        sources[f"people.{name}"] = tuple(keys)

    return ResolvedEvent(
        id=event_id, reports=tuple(r.key for r in reports), type=kind, name=primary.name,
        start=start, end=end, city=city, country=country, online=online,
        administrations={c: tuple(sorted(administrations[c])) for c in sorted(administrations)},
        themes=tuple(sorted(themes)), funders=tuple(sorted(funders)),
        people=tuple(name for _, (name, _) in sorted(people.items())),
        sources=sources,
    )

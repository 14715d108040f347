"""Event filters: parameters -> WHERE clauses, each with a sentence for people.

`EventFilters` holds what the client sent (lists already split on commas). `Vocabulary`
holds the valid values, read from the reference tables and cached. `event_clauses()`
checks every value against it (an unknown one is an `InvalidParameter` naming the closest
valid values) and returns one `Clause` per active filter: SQL over `events` plus English.

Every fact filter is an `events.id IN (SELECT event_id FROM event_reports WHERE document_id
IN (SELECT document_id FROM <link table> ...))` over the indexed `(x, document_id)`
link-table indexes: a resolved event has the facts of all its reports' documents, and
combining filters never joins rows into duplicates, so counting needs no DISTINCT.
"""

from __future__ import annotations

import difflib
import re
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.orm import Session

from app.core.errors import InvalidParameter
from app.db import fulltext
from app.models import (
    EVENT_TYPES,
    Administration,
    Country,
    DocumentAdministration,
    DocumentFunder,
    Event,
    EventCountry,
    EventRegion,
    EventReport,
    EventTheme,
    Funder,
    Region,
    Theme,
)

CountryRole = Literal["any", "venue", "participant"]
COUNTRY_ROLES: tuple[str, ...] = ("any", "venue", "participant")
MAX_VALUES = 50
MAX_VALUE_CHARS = 100
VOCABULARY_TTL_SECONDS = 300.0


@dataclass
class EventFilters:
    """The filters of an events request, as sent (values not yet checked)."""

    country: list[str] = field(default_factory=list)
    country_role: CountryRole = "any"
    region: list[str] = field(default_factory=list)
    theme: list[str] = field(default_factory=list)
    funder: list[str] = field(default_factory=list)
    administration: list[str] = field(default_factory=list)
    type: list[str] = field(default_factory=list)
    online: bool | None = None
    date_from: date | None = None
    date_to: date | None = None
    published_from: date | None = None
    published_to: date | None = None
    q: str | None = None


@dataclass(frozen=True)
class Clause:
    """One filter: SQL over `events`, and what it means in English."""

    sql: ColumnElement[bool]
    description: str
    # A range on a sort key (dates): worth leaving visible to the planner when it walks the
    # sort index (see query.events).
    on_sort_key: bool = False
    # What it filters on, for plans reading a facts table (query.events): "theme" with its
    # slugs (groups expanded), "date" with (date_from, date_to), "country" with (alpha-3
    # codes, role) (a region as venue: its countries), "region" with (slugs, role).
    kind: str = ""
    values: tuple[Any, ...] = ()


def split_values(values: Iterable[str] | None) -> list[str]:
    """Repeated and comma-separated values as one list, stripped, empties and repeats dropped."""
    out: list[str] = []
    for value in values or ():
        for part in value.split(","):
            part = part.strip()
            if part and part not in out:
                out.append(part)
    return out


# --- vocabulary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """Valid filter values, from the reference tables."""

    alpha2_to_alpha3: dict[str, str]
    country_names: dict[str, str]  # alpha3 -> English name
    country_region: dict[str, str | None]  # alpha3 -> region slug
    regions: dict[str, str]  # slug -> English name
    themes: dict[str, str]  # slug -> English name
    theme_children: dict[str, list[str]]  # group slug -> child slugs
    funders: dict[str, str]  # slug -> name
    # What callers derive from these values alone (compiled filters, see query.events),
    # kept as long as the vocabulary is.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def load(cls, session: Session) -> Vocabulary:
        countries = session.execute(
            select(Country.alpha3, Country.alpha2, Country.name_en, Country.region_slug)
        ).all()
        themes = session.execute(select(Theme.slug, Theme.name_en, Theme.parent_slug)).all()
        children: dict[str, list[str]] = {}
        for slug, _name, parent in themes:
            if parent:
                children.setdefault(parent, []).append(slug)
        return cls(
            alpha2_to_alpha3={a2: a3 for a3, a2, _n, _r in countries},
            country_names={a3: name for a3, _a2, name, _r in countries},
            country_region={a3: region for a3, _a2, _n, region in countries},
            regions={k: v for k, v in session.execute(select(Region.slug, Region.name_en))},
            themes={slug: name for slug, name, _p in themes},
            theme_children=children,
            funders={k: v for k, v in session.execute(select(Funder.slug, Funder.name))},
        )


_cache: dict[str, tuple[float, Vocabulary]] = {}
_cache_lock = threading.Lock()


def vocabulary(session: Session) -> Vocabulary:
    """The session's database vocabulary, cached per database for VOCABULARY_TTL_SECONDS."""
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
    if hit and now - hit[0] < VOCABULARY_TTL_SECONDS:
        return hit[1]
    vocab = Vocabulary.load(session)
    with _cache_lock:
        _cache[key] = (now, vocab)
    return vocab


def clear_vocabulary_cache() -> None:
    with _cache_lock:
        _cache.clear()


# --- checking values ----------------------------------------------------------------------


def _suggest(value: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` candidates closest to `value` (difflib ratio against the whole candidate and
    each of its words, so 'gendr' finds 'gender-equality-diversity')."""
    wanted = value.lower()
    scored = []
    for candidate in candidates:
        lowered = candidate.lower()
        parts = [lowered, *re.split(r"[-_ ]+", lowered)]
        score = max(difflib.SequenceMatcher(None, wanted, p).ratio() for p in parts if p)
        if len(wanted) >= 3 and wanted in lowered:
            score = max(score, 0.9)
        scored.append((score, candidate))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [c for score, c in scored if score >= 0.6][:n]


def _check_count(parameter: str, values: Sequence[str]) -> None:
    if len(values) > MAX_VALUES:
        raise InvalidParameter(parameter, f"at most {MAX_VALUES} values of {parameter}")
    for value in values:
        if len(value) > MAX_VALUE_CHARS or "\x00" in value:
            raise InvalidParameter(parameter, f"not a valid {parameter}: {value[:40]!r}")


def resolve_countries(parameter: str, values: Sequence[str], vocab: Vocabulary) -> list[str]:
    """ISO alpha-2 or alpha-3 codes, any case -> alpha-3; unknown -> InvalidParameter."""
    _check_count(parameter, values)
    valid = set(vocab.country_names)
    out: list[str] = []
    for value in values:
        code = value.upper()
        code = vocab.alpha2_to_alpha3.get(code, code) if len(code) == 2 else code
        if code not in valid:
            by_name = {name: a3 for a3, name in vocab.country_names.items() if a3 in valid}
            names = _suggest(value, by_name)
            codes = _suggest(value, valid)
            suggestions = list(dict.fromkeys([*(by_name[n] for n in names), *codes]))[:5]
            raise InvalidParameter(
                parameter,
                f"unknown country {value!r} in {parameter}: use an ISO 3166-1 alpha-2 or "
                "alpha-3 code",
                suggestions,
            )
        if code not in out:
            out.append(code)
    return out


def resolve_slugs(parameter: str, values: Sequence[str], known: Iterable[str]) -> list[str]:
    """Slugs (any case) checked against `known`; unknown -> InvalidParameter with suggestions."""
    _check_count(parameter, values)
    known = list(known)
    valid = set(known)
    out: list[str] = []
    for value in values:
        slug = value.lower()
        if slug not in valid:
            raise InvalidParameter(
                parameter, f"unknown {parameter} {value!r}", _suggest(value, known)
            )
        if slug not in out:
            out.append(slug)
    return out


def _names(codes: Sequence[str], names: dict[str, str]) -> str:
    shown = [names.get(c, c) for c in codes]
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " or " + shown[-1]


# --- clauses ------------------------------------------------------------------------------


def events_of_documents(documents: Any) -> ColumnElement[bool]:
    """Resolved events one of whose reports comes from `documents` (a SELECT of ids)."""
    return Event.id.in_(
        select(EventReport.event_id).where(EventReport.document_id.in_(documents)))


def _documents_with_administrations_in(codes: Sequence[str]) -> ColumnElement[bool]:
    admin_ids = select(Administration.id).where(Administration.country_code.in_(codes))
    return events_of_documents(
        select(DocumentAdministration.document_id).where(
            DocumentAdministration.administration_id.in_(admin_ids)
        )
    )


def place_conditions(table: type[EventCountry] | type[EventRegion], keys: Sequence[str],
                     role: str) -> list[ColumnElement[bool]]:
    """The conditions on event_countries (keys: alpha-3 codes) or event_regions (keys:
    region slugs) for events in one of `keys` in `role`."""
    column = table.country_code if table is EventCountry else table.region_slug  # type: ignore[union-attr]
    conditions: list[ColumnElement[bool]] = [
        column == keys[0] if len(keys) == 1 else column.in_(keys)]
    if role == "venue":
        conditions.append(table.is_venue == true())
    elif role == "participant":
        conditions.append(table.is_participant == true())
    return conditions


def _countries_clause(codes: list[str], role: str) -> ColumnElement[bool]:
    """Venue only: the events' own indexed column. Otherwise one IN over event_countries
    (several countries: the same event may come from several, IN makes them one)."""
    if role == "venue":
        return Event.country_code.in_(codes)
    return Event.id.in_(select(EventCountry.event_id).where(
        *place_conditions(EventCountry, codes, role)))


ROLE_WORDS = {"any": "venue or participant", "venue": "venue", "participant": "participant"}


def country_clause(codes: list[str], role: str, vocab: Vocabulary) -> Clause:
    return Clause(_countries_clause(codes, role),
                  f"in {_names(codes, vocab.country_names)} ({ROLE_WORDS[role]})",
                  kind="country", values=(tuple(codes), role))


def region_clause(slugs: list[str], role: str, vocab: Vocabulary) -> Clause:
    """As venue: the events' own column over the region's countries. Otherwise one IN over
    event_regions, one row per event and region (see EventRegion)."""
    text = f"in the region {_names(slugs, vocab.regions)} ({ROLE_WORDS[role]})"
    codes = sorted(c for c, r in vocab.country_region.items() if r in slugs)
    if not codes:
        return Clause(false(), text)
    if role == "venue":
        return Clause(_countries_clause(codes, role), text, kind="country",
                      values=(tuple(codes), role))
    sql = Event.id.in_(select(EventRegion.event_id).where(
        *place_conditions(EventRegion, slugs, role)))
    return Clause(sql, text, kind="region", values=(tuple(slugs), role))


def theme_clause(slugs: list[str], vocab: Vocabulary) -> Clause:
    expanded: list[str] = []
    for slug in slugs:
        for s in [slug, *vocab.theme_children.get(slug, [])]:
            if s not in expanded:
                expanded.append(s)
    groups = [s for s in slugs if s in vocab.theme_children]
    text = f"on the theme {_names(slugs, vocab.themes)}"
    if groups:
        text += " (a group: any of its themes)"
    sql = Event.id.in_(
        select(EventTheme.event_id).where(EventTheme.theme_slug.in_(expanded))
    )
    return Clause(sql, text, kind="theme", values=tuple(expanded))


def funder_clause(slugs: list[str], vocab: Vocabulary) -> Clause:
    sql = events_of_documents(
        select(DocumentFunder.document_id).where(DocumentFunder.funder_slug.in_(slugs))
    )
    return Clause(sql, f"funded by {_names(slugs, vocab.funders)}")


def administration_clause(codes: list[str], vocab: Vocabulary) -> Clause:
    return Clause(
        _documents_with_administrations_in(codes),
        f"with the customs administration of {_names(codes, vocab.country_names)}",
    )


def type_clause(types: list[str]) -> Clause:
    return Clause(Event.type.in_(types), f"of type {_names(types, {})}")


def online_clause(online: bool) -> Clause:
    return Clause(Event.online.is_(true() if online else false()),
                  "online" if online else "not online")


def _floor(day: date, precision: str) -> date:
    if precision == "year":
        return day.replace(month=1, day=1)
    if precision == "month":
        return day.replace(day=1)
    return day


@lru_cache(maxsize=4096)
def _ends_on_or_after(day: date) -> ColumnElement[bool]:
    """The event's last day is on or after `day`. Dates of month or year precision are stored
    as the period's first day and last until its end; an event without an end ends on its
    start; an undated event is dated by its publication (`sort_date`).

    Cached per day: the expression (six precision cases) costs more to build than SQLite
    spends on a page, and SQL expressions are immutable, safe to share between statements."""
    parts = []
    for precision in ("day", "month", "year"):
        bound = _floor(day, precision)
        start_p = (Event.start_precision.is_(None) | (Event.start_precision == "day")
                   if precision == "day" else Event.start_precision == precision)
        end_p = (Event.end_precision.is_(None) | (Event.end_precision == "day")
                 if precision == "day" else Event.end_precision == precision)
        parts.append(and_(Event.end_date.is_(None), start_p, Event.sort_date >= bound))
        parts.append(and_(Event.end_date.is_not(None), end_p, Event.end_date >= bound))
    earliest = _floor(day, "year")
    # The first OR is implied by the second; it lets the database use the date indexes.
    return and_(or_(Event.sort_date >= earliest, Event.end_date >= earliest), or_(*parts))


def date_clause(date_from: date | None, date_to: date | None) -> Clause:
    if date_from and date_to and date_from > date_to:
        return Clause(false(), f"taking place between {date_from.isoformat()} and "
                      f"{date_to.isoformat()} (an empty range)")
    parts: list[ColumnElement[bool]] = []
    if date_from is not None:
        parts.append(_ends_on_or_after(date_from))
    if date_to is not None:
        parts.append(Event.sort_date <= date_to)
    if date_from and date_to:
        text = f"taking place between {date_from.isoformat()} and {date_to.isoformat()}"
    elif date_from:
        text = f"taking place on or after {date_from.isoformat()}"
    else:
        assert date_to is not None
        text = f"taking place on or before {date_to.isoformat()}"
    return Clause(and_(*parts), text, on_sort_key=True, kind="date",
                  values=(date_from, date_to))


def published_clause(published_from: date | None, published_to: date | None) -> Clause:
    parts: list[ColumnElement[bool]] = []
    words = []
    if published_from is not None:
        parts.append(Event.published >= published_from)
        words.append(f"on or after {published_from.isoformat()}")
    if published_to is not None:
        parts.append(Event.published <= published_to)
        words.append(f"on or before {published_to.isoformat()}")
    if published_from and published_to and published_from > published_to:
        return Clause(false(), f"published between {published_from.isoformat()} and "
                      f"{published_to.isoformat()} (an empty range)")
    return Clause(and_(*parts), "published " + " and ".join(words), on_sort_key=True)


def text_clause(q: str, dialect: str) -> Clause:
    match = fulltext.match_documents(dialect, q)
    words = " ".join(fulltext.query_tokens(q))
    if match is None:
        return Clause(false(), f"matching {q[:60]!r} (no searchable word)")
    return Clause(events_of_documents(select(match.subquery().c.document_id)),
                  f"whose article mentions {words!r}")


def event_clauses(filters: EventFilters, vocab: Vocabulary, dialect: str) -> list[Clause]:
    """The filters' clauses, in parameter order; InvalidParameter for an unknown value. A
    date range ending before it starts is empty: it matches nothing (no error)."""
    clauses: list[Clause] = []
    if filters.country:
        codes = resolve_countries("country", filters.country, vocab)
        clauses.append(country_clause(codes, filters.country_role, vocab))
    if filters.region:
        slugs = resolve_slugs("region", filters.region, vocab.regions)
        clauses.append(region_clause(slugs, filters.country_role, vocab))
    if filters.theme:
        clauses.append(theme_clause(resolve_slugs("theme", filters.theme, vocab.themes), vocab))
    if filters.funder:
        slugs = resolve_slugs("funder", filters.funder, vocab.funders)
        clauses.append(funder_clause(slugs, vocab))
    if filters.administration:
        codes = resolve_countries("administration", filters.administration, vocab)
        clauses.append(administration_clause(codes, vocab))
    if filters.type:
        clauses.append(type_clause(resolve_slugs("type", filters.type, EVENT_TYPES)))
    if filters.online is not None:
        clauses.append(online_clause(filters.online))
    if filters.date_from or filters.date_to:
        clauses.append(date_clause(filters.date_from, filters.date_to))
    if filters.published_from or filters.published_to:
        clauses.append(published_clause(filters.published_from, filters.published_to))
    if filters.q is not None and filters.q.strip():
        clauses.append(text_clause(filters.q, dialect))
    return clauses


def describe(clauses: Sequence[Clause]) -> str:
    if not clauses:
        return "all events"
    return "events " + ", ".join(c.description for c in clauses)


def where(clauses: Sequence[Clause]) -> list[ColumnElement[bool]]:
    return [c.sql for c in clauses]

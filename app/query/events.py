"""Events, read side: list (keyset pages), stream, one by id, facets, timeline.

A page is fetched in two steps: the page's events (one keyset query over an index on the
sort key and id, plus a count), then their documents' facts in one IN query per fact
table, so a page costs a fixed number of queries whatever its size.

Ordering: by the sort key then id, both in the sort's direction. Events whose key is NULL
(no date at all, or no publication date for `-published`) come last, ordered by id; they
are fetched in a second phase so the main phase can walk the `(key, id)` index on both
backends (which disagree on where NULLs sort).

Filters with one theme (and any date range, nothing else) read the facts table
`event_themes` instead: its index (theme, sort_date, event_id, last_day, country_code)
answers the count, the page (walked in sort order) and the country facet without touching
documents; other filters combined with a theme use it as an `events.id IN (...)`.
"""

from __future__ import annotations

from collections import defaultdict, namedtuple
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Select,
    bindparam,
    case,
    distinct,
    extract,
    func,
    literal,
    select,
    true,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from app.core.dates import as_date, partial_date_text
from app.core.errors import BadRequest, Gone, InvalidParameter, Moved, NotFound
from app.db import fulltext
from app.models import (
    Administration,
    Country,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    EventRedirect,
    EventReport,
    Evidence,
    Funder,
    Person,
    Theme,
)
from app.models import Document as DocumentRow
from app.models import EventCount as EventCountRow
from app.models import EventCountry as EventCountryRow
from app.models import EventRegion as EventRegionRow
from app.models import EventTheme as EventThemeRow
from app.models import EventThemeMonth as EventThemeMonthRow
from app.query.curation import event_curation, rejection
from app.query.driver import DriverQuery, DriverStatement, Prepared, iso_date
from app.query.filters import (
    Clause,
    EventFilters,
    Vocabulary,
    describe,
    event_clauses,
    place_conditions,
    vocabulary,
)
from app.query.pagination import Cursor, decode_cursor, encode_cursor, keyset_after
from app.schemas.event import Period, Timeline

Sort = Literal["-start", "start", "-published", "relevance"]
SORTS: tuple[str, ...] = ("-start", "start", "-published", "relevance")
FACETS: tuple[str, ...] = ("country", "region", "theme", "funder", "type", "year", "online",
                           "participant")
INTERVALS: tuple[str, ...] = ("month", "quarter", "year")
MAX_PERIODS = 2000
STREAM_CHUNK = 500
AnySelect = Select[*tuple[Any, ...]]
# What a page reads of each event (rows, not ORM objects); the sort key follows as `sort_key`.
EVENT_COLUMNS = (
    Event.id, Event.public_id, Event.document_id, Event.type, Event.name, Event.start_date,
    Event.start_precision, Event.end_date, Event.end_precision, Event.city,
    Event.country_code, Event.online, Event.confidence,
)
# An EVENT_COLUMNS row with its sort_key, made in Python (sort=relevance, see _ranked_rows).
_RankedRow: Any = namedtuple(  # type: ignore[misc]
    "_RankedRow", [c.key for c in EVENT_COLUMNS] + ["sort_key"])


@dataclass
class EventPage:
    items: list[dict[str, Any]]  # JSON-ready, the shape of schemas.event.EventOut
    total: int | None
    limit: int
    next_cursor: str | None
    description: str


@dataclass
class _Query:
    """A request's filters, compiled: WHERE clauses, the sort and its key."""

    clauses: list[Clause]
    sort: str
    key: ColumnElement[Any] | InstrumentedAttribute[Any]
    descending: bool
    nullable: bool
    base: AnySelect
    # The filters as conditions on one facts table alone (`facts`: event_themes when they are
    # one theme and dates, event_countries or event_regions when one country or region and
    # dates).
    themed: list[ColumnElement[bool]] | None = None
    facts: Any = EventThemeRow
    # Several countries (or regions) and dates only: the same on event_countries (or
    # event_regions, `facts`), for a count of distinct events (the page walks `events`).
    several: list[ColumnElement[bool]] | None = None
    # One country or region, one value, nothing else: (dimension, code, role) of its row in
    # event_counts, which holds the total.
    counted: tuple[str, str, str] | None = None
    # sort=relevance: the full-text match (document_id, score) and the other filters' SQL.
    ranked: tuple[AnySelect, list[ColumnElement[bool]]] | None = None
    # The statements that take no value from the request beyond the filters (the count,
    # the first page), compiled for the driver once: ("count",) / ("rows", limit, walk).
    prepared: dict[tuple[Any, ...], Prepared] = field(default_factory=dict)

    @property
    def where(self) -> list[ColumnElement[bool]]:
        return [c.sql for c in self.clauses]


def _facts_of(clauses: list[Clause]) -> tuple[
        list[Clause], list[ColumnElement[bool]] | None, Any, list[ColumnElement[bool]] | None]:
    """(clauses, conditions or None, facts table, several): _theme_facts, else _place_facts
    for one country or region. `several`: _place_facts's conditions when the place clause
    holds several keys (a count of distinct events over the facts table; the page walks
    `events`), else None."""
    folded, themed = _theme_facts(clauses)
    if themed is not None or folded is not clauses:
        return folded, themed, EventThemeRow, None
    place = _place(clauses)
    if place is None:
        return clauses, None, EventCountryRow, None
    conditions = _place_facts(clauses, place)
    table = _PLACE_TABLES[place.kind]
    if len(place.values[0]) > 1:
        return clauses, None, table, conditions
    return clauses, conditions, table, None


# The facts table of each kind of place clause: one row per (country or region, event).
_PLACE_TABLES: dict[str, Any] = {"country": EventCountryRow, "region": EventRegionRow}


def _place(clauses: list[Clause]) -> Clause | None:
    """The clause on countries or regions when it is the only one."""
    places = [c for c in clauses if c.kind in _PLACE_TABLES]
    return places[0] if len(places) == 1 else None


def _dates_on(table: Any, clause: Clause) -> list[ColumnElement[bool]]:
    """A date clause as conditions on a facts table's copies of the event's date keys:
    `last_day >= date_from` is "ends on or after" (see EventTheme), `sort_date <= date_to`
    its other half."""
    date_from, date_to = clause.values
    conditions = []
    if date_from is not None:
        conditions.append(table.last_day >= date_from)
    if date_to is not None:
        conditions.append(table.sort_date <= date_to)
    return conditions


def _place_facts(clauses: list[Clause], place: Clause) -> list[ColumnElement[bool]] | None:
    """When the clauses are the country or region filter `place` and dates only, the same as
    conditions on event_countries (event_regions) alone: for one country (region), a page
    walked in sort order over its index (key, sort_date, event_id, ...) and an index-only
    count; several keys are several ranges, counted as distinct events (the page stays on
    `events`, where the clause's IN makes each event one). Else None. Exact as in
    _theme_facts."""
    keys, role = place.values
    table = _PLACE_TABLES[place.kind]
    conditions = place_conditions(table, keys, role)
    for clause in clauses:
        if clause.kind == "date":
            conditions += _dates_on(table, clause)
        elif clause is not place:
            return None
    return conditions


def _theme_facts(clauses: list[Clause]) -> tuple[list[Clause], list[ColumnElement[bool]] | None]:
    """The clauses, a one-theme filter made `events.id IN (SELECT event_id FROM event_themes
    ...)` with the date range folded in (_dates_on); and those event_themes conditions alone
    when nothing but dates filters besides (else None). The date clause stays too, for plans
    walking the events' sort index."""
    theme = next((c for c in clauses if c.kind == "theme" and len(c.values) == 1), None)
    if theme is None:
        return clauses, None
    conditions: list[ColumnElement[bool]] = [EventThemeRow.theme_slug == theme.values[0]]
    others = False
    for clause in clauses:
        if clause.kind == "date":
            conditions += _dates_on(EventThemeRow, clause)
        elif clause is not theme:
            others = True
    folded = Clause(Event.id.in_(select(EventThemeRow.event_id).where(*conditions)),
                    theme.description)
    return ([folded if c is theme else c for c in clauses],
            None if others else conditions)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def resolve_sort(filters: EventFilters, sort: str | None) -> str:
    has_text = bool(filters.q and fulltext.query_tokens(filters.q))
    if sort is None:
        return "relevance" if has_text else "-start"
    if sort not in SORTS:
        raise InvalidParameter("sort", f"unknown sort {sort!r}", list(SORTS))
    if sort == "relevance" and not has_text:
        return "-start"  # without words every event ranks the same: the default order
    return sort


MEMO_ENTRIES = 4096


def _compile(session: Session, filters: EventFilters, sort: str | None) -> _Query:
    """The filters and sort as SQL (see _Query). A request compiles to the same statements
    each time: they are kept with the vocabulary they were checked against (a vocabulary
    read anew, after reference data changed, starts afresh), and so are the first page's
    and the count's statements compiled for the driver (`_Query.prepared`)."""
    vocab = vocabulary(session)
    dialect = _dialect(session)
    key = ("events", dialect, sort, *(tuple(v) if isinstance(v, list) else v
                                      for v in vars(filters).values()))
    query: _Query | None = vocab.memo.get(key)
    if query is None:
        query = _compiled(vocab, dialect, filters, sort)
        if len(vocab.memo) >= MEMO_ENTRIES:
            vocab.memo.clear()
        vocab.memo[key] = query
    return query


def _compiled(vocab: Vocabulary, dialect: str, filters: EventFilters,
              sort: str | None) -> _Query:
    clauses = event_clauses(filters, vocab, dialect)
    resolved = resolve_sort(filters, sort)
    if resolved == "relevance":
        assert filters.q is not None
        match = fulltext.match_documents(dialect, filters.q)
        assert match is not None
        # SQLite would flatten a subquery into the GROUP BY below, where bm25() cannot run
        # ("unable to use function bm25 in the requested context"): materialize it first.
        m = (match.cte("fts").prefix_with("MATERIALIZED") if dialect == "sqlite"
             else match.subquery("fts"))
        # an event scores as the best match among its reports' documents
        scored = (select(EventReport.event_id.label("event_id"),
                         func.max(m.c.score).label("score"))
                  .join(m, m.c.document_id == EventReport.document_id)
                  .group_by(EventReport.event_id).subquery("scored"))
        base = (select(*EVENT_COLUMNS, scored.c.score.label("sort_key"))
                .join(scored, scored.c.event_id == Event.id))
        # The join already restricts to matching documents: drop the IN (...) of `q`.
        clauses_sql = [c for c in clauses if not c.description.startswith("whose article")]
        others = [c.sql for c in clauses_sql]
        return _Query(clauses, resolved, scored.c.score, True, False, base.where(*others),
                      ranked=(match, others))
    key = Event.published if resolved == "-published" else Event.sort_date
    folded, themed, facts, several = _facts_of(clauses)
    return _Query(folded, resolved, key, resolved != "start", True,
                  select(*EVENT_COLUMNS, key.label("sort_key")),
                  themed=themed if resolved in ("-start", "start") else None, facts=facts,
                  several=several, counted=_counted(clauses))


def _counted(clauses: list[Clause]) -> tuple[str, str, str] | None:
    """(dimension, code, role) in event_counts when the only filter is one country or one
    region (else None)."""
    if len(clauses) != 1 or clauses[0].kind not in _PLACE_TABLES:
        return None
    keys, role = clauses[0].values
    return (clauses[0].kind, keys[0], role) if len(keys) == 1 else None


def _order(query: _Query) -> list[ColumnElement[Any]]:
    if query.descending:
        return [query.key.desc(), Event.id.desc()]
    return [query.key.asc(), Event.id.asc()]


def _cursor_value(query: _Query, cursor: Cursor) -> Any:
    value = cursor.key[0]
    if value is None:
        if not query.nullable:
            raise BadRequest("malformed cursor", errors=[
                {"parameter": "cursor", "detail": "malformed cursor", "suggestions": []}])
        return None
    try:
        if query.sort == "relevance":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError
            return float(value)
        if not isinstance(value, str):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest("malformed cursor", errors=[
            {"parameter": "cursor", "detail": "malformed cursor", "suggestions": []}]) from None


def _key_json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


# A filter matching at least 1/WALK_RATIO of the events: walking the sort index and stopping
# after `limit` matches reads ~WALK_RATIO * limit rows, cheaper than sorting every match.
WALK_RATIO = 50


def _walk_sort_index(session: Session, total: int | None) -> bool:
    """Whether the page query should walk the sort index (SQLite's planner prefers the filter
    indexes and sorts every match, slow when the filters match many events)."""
    if _dialect(session) != "sqlite" or total is None:
        return False
    approx_rows = session.connection().scalar(select(func.max(Event.id))) or 0
    return total * WALK_RATIO >= approx_rows


def _opaque(clause: ColumnElement[bool]) -> ColumnElement[bool]:
    """The same condition, hidden from SQLite's index choice (it cannot see into a CASE)."""
    return case((clause, 1), else_=0) == 1


def _filtered(query: _Query, walk_index: bool) -> AnySelect:
    if query.sort == "relevance":
        return query.base
    if not walk_index:
        return query.base.where(*query.where)
    return query.base.where(*[c.sql if c.on_sort_key else _opaque(c.sql)
                              for c in query.clauses])


def _rows(session: Session, query: _Query, after: Cursor | None,
          limit: int, *, walk_index: bool = False) -> list[Any]:
    """Up to `limit` rows (EVENT_COLUMNS, sort_key) after the cursor, in the sort's order.
    `walk_index`: make SQLite walk the sort index (filters hidden from the planner, see
    _walk_sort_index)."""
    rows: list[Any] = []
    stmt: AnySelect
    run = session.connection().execute
    after_value = _cursor_value(query, after) if after else None
    if query.ranked is not None:
        ranked = _ranked_rows(session, query.ranked, after_value,
                              after.id if after else None, limit)
        if ranked is not None:
            return ranked
    in_null_phase = after is not None and after_value is None
    first = ("rows", limit, walk_index)  # the first page's statement, kept compiled
    if after is None and first in query.prepared:
        rows = query.prepared[first].rows(session)
    elif not in_null_phase:
        key: Any = query.key
        id_column: Any = Event.id
        if query.themed is not None:
            # Walk the facts table's index in sort order; join each hit to its event.
            facts = query.facts
            key, id_column = facts.sort_date, facts.event_id
            stmt = (select(*EVENT_COLUMNS, key.label("sort_key")).select_from(facts)
                    .join(Event, Event.id == facts.event_id).where(*query.themed))
        else:
            stmt = _filtered(query, walk_index)
        stmt = stmt.where(key.is_not(None))
        if after is not None:
            stmt = stmt.where(keyset_after([key], [after_value], id_column, after.id,
                                           descending=query.descending))
        order = ([key.desc(), id_column.desc()] if query.descending
                 else [key.asc(), id_column.asc()])
        stmt = stmt.order_by(*order).limit(limit)
        if after is None:
            prepared = query.prepared[first] = Prepared(stmt, session.get_bind().dialect)
            rows = prepared.rows(session)
        else:
            rows = list(run(stmt))
    if len(rows) < limit and query.nullable:
        stmt = _filtered(query, False).where(query.key.is_(None))
        if in_null_phase:
            assert after is not None
            stmt = stmt.where(Event.id < after.id if query.descending else Event.id > after.id)
        stmt = stmt.order_by(Event.id.desc() if query.descending else Event.id.asc())
        rows += run(stmt.limit(limit - len(rows))).all()
    return rows


# sort=relevance reads the best RANKED_DOCUMENTS matching documents (at least `limit`); when
# the cut falls inside a tie of scores or they hold too few events, one query ranks all.
# Every attempt scores every match (bm25 / ts_rank): a retry would cost as much as that.
RANKED_DOCUMENTS = 200


def _ranked_rows(session: Session, ranked: tuple[AnySelect, list[ColumnElement[bool]]],
                 after_score: float | None, after_id: int | None, limit: int,
                 best: list[Any] | None = None) -> list[Any] | None:
    """A relevance page without joining every match to its events: the `n` best documents,
    ranked inside the full-text query (ORDER BY score LIMIT n + 1), then their events under
    the other filters, ordered by (score, id) descending here. Exact: every document left
    out scores below every one kept. None when that cannot be told from this one query (the
    n-th and the next document tie) or the kept documents hold fewer than `limit` events
    after the cursor while more match: the caller ranks every match. `best`: the best
    documents (document_id, score), read already (see _ranked_first_page)."""
    match, others = ranked
    run = session.connection().execute
    n = max(RANKED_DOCUMENTS, limit)
    if best is None:
        m = match.subquery("fts")
        documents = select(m.c.document_id, m.c.score)
        if after_score is not None:
            documents = documents.where(m.c.score <= after_score)
        documents = documents.order_by(m.c.score.desc())
        best = list(run(documents.limit(n + 1)))
    complete = len(best) <= n
    if not complete and best[n].score == best[n - 1].score:
        return None
    scores = {row.document_id: row.score for row in best[:n]}
    # an event scores as its best document: every document left out scores below the kept
    found: dict[int, tuple[float, Any]] = {}
    for *columns, document_id in run(
            select(*EVENT_COLUMNS, EventReport.document_id)
            .join(EventReport, EventReport.event_id == Event.id)
            .where(EventReport.document_id.in_(
                bindparam("ids", sorted(scores), expanding=True)), *others)):
        score = scores[document_id]
        if columns[0] not in found or score > found[columns[0]][0]:
            found[columns[0]] = (score, tuple(columns))
    rows = []
    for score, row in found.values():
        event_id = row[0]
        if after_score is None or score < after_score or (
                score == after_score and after_id is not None and event_id < after_id):
            rows.append((score, row))
    if len(rows) < limit and not complete:
        return None
    rows.sort(key=lambda r: (-r[0], -r[1][0]))
    return [_RankedRow._make((*row, score)) for score, row in rows[:limit]]


def _ranked_first_page(session: Session, query: _Query, limit: int
                       ) -> tuple[int, list[Any] | None]:
    """Words alone, first page: the total and the best documents from one full-text match
    (a materialized CTE both read), not two (the count matching once more: a third of a
    full-text request's time). (total, the page's rows or None as _ranked_rows)."""
    assert query.ranked is not None
    n = max(RANKED_DOCUMENTS, limit)
    statement = query.prepared.get(("ranked", n))
    if statement is None:
        m = query.ranked[0].cte("fts").prefix_with("MATERIALIZED")
        total = (select(func.count(distinct(EventReport.event_id)))
                 .where(EventReport.document_id.in_(select(m.c.document_id)))
                 .scalar_subquery())
        statement = query.prepared[("ranked", n)] = Prepared(
            select(m.c.document_id, m.c.score, total.label("total"))
            .order_by(m.c.score.desc()).limit(n + 1), session.get_bind().dialect)
    best = statement.rows(session)
    if not best:
        return 0, []
    return int(best[0].total), _ranked_rows(session, query.ranked, None, None, limit, best)


_COUNTED = DriverStatement(select(EventCountRow.n).where(
    EventCountRow.dimension == bindparam("dimension"), EventCountRow.code == bindparam("code"),
    EventCountRow.role == bindparam("role")))


def _count(session: Session, where: Sequence[ColumnElement[bool]],
           themed: list[ColumnElement[bool]] | None = None, facts: Any = EventThemeRow,
           several: list[ColumnElement[bool]] | None = None,
           counted: tuple[str, str, str] | None = None,
           prepared: dict[tuple[Any, ...], Prepared] | None = None) -> int:
    """The number of matching events: read from event_counts when `counted`; over the facts
    table when `themed` (one row per event) or `several` (its rows of several countries or
    regions, counted distinct). `prepared`: where the statement is kept compiled (a
    compiled request's, see _compile)."""
    if counted is not None:
        dimension, code, role = counted
        rows = _COUNTED.run(session, dimension=dimension, code=code, role=role)
        return int(rows[0][0]) if rows and rows[0][0] else 0
    statement = prepared.get(("count",)) if prepared is not None else None
    if statement is None:
        stmt: AnySelect
        if themed is not None:
            stmt = select(func.count()).select_from(facts).where(*themed)
        elif several is not None:
            stmt = select(func.count(facts.event_id.distinct())).where(*several)
        else:
            ids = select(literal(1)).select_from(Event).where(*where).subquery()
            stmt = select(func.count()).select_from(ids)
        if prepared is None:
            return session.connection().scalar(stmt) or 0  # Core, not the ORM's path
        statement = prepared[("count",)] = Prepared(stmt, session.get_bind().dialect)
    return int(statement.rows(session)[0][0] or 0)


def list_events(
    session: Session,
    filters: EventFilters,
    *,
    sort: str | None = None,
    limit: int = 20,
    cursor: str | None = None,
    with_total: bool = True,
) -> EventPage:
    query = _compile(session, filters, sort)
    after = decode_cursor(cursor, query.sort, key_length=1) if cursor else None
    rows: list[Any] | None = None
    total: int | None
    if query.ranked is not None and not query.ranked[1] and after is None and with_total:
        total, rows = _ranked_first_page(session, query, limit + 1)
    else:
        total = (_count(session, query.where, query.themed, query.facts, query.several,
                        query.counted, query.prepared) if with_total else None)
    if rows is None:
        rows = _rows(session, query, after, limit + 1,
                     walk_index=(query.themed is None and query.ranked is None
                                 and _walk_sort_index(session, total)))
    has_more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = None
    if has_more and rows:
        last = rows[-1]
        next_cursor = encode_cursor(query.sort, [_key_json(last.sort_key)], last.id)
    return EventPage(
        items=hydrate(session, rows),
        total=total,
        limit=limit,
        next_cursor=next_cursor,
        description=describe(query.clauses),
    )


def iter_events(session: Session, filters: EventFilters, *, sort: str | None = None,
                chunk: int = STREAM_CHUNK) -> Iterator[dict[str, Any]]:
    """Every matching event (a JSON-ready dict, as in EventPage.items), in order, fetched
    in keyset chunks of `chunk`."""
    query = _compile(session, filters, sort)
    after: Cursor | None = None
    while True:
        rows = _rows(session, query, after, chunk, walk_index=True)
        if not rows:
            return
        yield from hydrate(session, rows)
        if len(rows) < chunk:
            return
        last = rows[-1]
        after = Cursor(query.sort, (_key_json(last.sort_key),), last.id)


def prepare(session: Session, filters: EventFilters, sort: str | None = None) -> str:
    """Check the filters and sort (raising InvalidParameter) before a response starts
    streaming; returns the resolved sort."""
    return _compile(session, filters, sort).sort


# --- hydration ----------------------------------------------------------------------------


def _document_out(doc_id: int, title: str | None, published: date | None,
                  source_url: str | None = None) -> dict[str, Any]:
    return {"id": doc_id, "title": title,
            "published": published.isoformat() if published else None,
            "source_url": source_url}


# The hydration queries, built once and run on the driver's cursor (see query.driver): a
# statement built and run through SQLAlchemy per request costs more Python than SQLite
# spends running it. `:ids` is an expanding IN list of document (or evidence) ids.
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
_DOCUMENTS = DriverQuery(select(DocumentRow.id, DocumentRow.title, DocumentRow.published,
                                DocumentRow.source_url)
                         .where(DocumentRow.id.in_(_IDS)))
_ADMINISTRATIONS = DriverQuery(
    select(DocumentAdministration.document_id, Administration.country_code,
           Administration.name, DocumentAdministration.role, DocumentAdministration.evidence_id,
           DocumentAdministration.confidence, DocumentAdministration.role_confidence,
           DocumentAdministration.correction_id)
    .join(Administration, Administration.id == DocumentAdministration.administration_id)
    .where(DocumentAdministration.document_id.in_(_IDS))
    .order_by(DocumentAdministration.document_id, Administration.country_code,
              DocumentAdministration.role)
)
_FUNDERS = DriverQuery(
    select(DocumentFunder.document_id, Funder.slug, Funder.name, DocumentFunder.evidence_id,
           DocumentFunder.confidence, DocumentFunder.correction_id)
    .join(Funder, Funder.slug == DocumentFunder.funder_slug)
    .where(DocumentFunder.document_id.in_(_IDS))
    .order_by(DocumentFunder.document_id, Funder.slug)
)
_THEMES = DriverQuery(
    select(DocumentTheme.document_id, Theme.slug, Theme.name_en, DocumentTheme.evidence_id,
           DocumentTheme.confidence, DocumentTheme.correction_id)
    .join(Theme, Theme.slug == DocumentTheme.theme_slug)
    .where(DocumentTheme.document_id.in_(_IDS))
    .order_by(DocumentTheme.document_id, Theme.position, Theme.slug)
)
_PEOPLE = DriverQuery(
    select(DocumentPerson.document_id, Person.name, DocumentPerson.title,
           DocumentPerson.organization, DocumentPerson.evidence_id, DocumentPerson.confidence,
           DocumentPerson.correction_id)
    .join(Person, Person.id == DocumentPerson.person_id)
    .where(DocumentPerson.document_id.in_(_IDS))
    .order_by(DocumentPerson.document_id, DocumentPerson.id)
)
_COUNTRY_NAMES = DriverQuery(select(Country.alpha3, Country.name_en)
                             .where(Country.alpha3.in_(_IDS)))
_EVENT_BY_PUBLIC_ID = DriverStatement(select(*EVENT_COLUMNS, Event.evidence_id, Event.sources)
                                      .where(Event.public_id == bindparam("public_id")))
_EVIDENCE = DriverQuery(select(Evidence.id, Evidence.sentence, Evidence.char_start,
                               Evidence.char_end).where(Evidence.id.in_(_IDS)))


@dataclass
class _Facts:
    """The facts of some documents, as JSON-ready dicts (the shapes of schemas.event)."""

    documents: dict[int, dict[str, Any]]
    administrations: dict[int, list[dict[str, Any]]]
    funders: dict[int, list[dict[str, Any]]]
    themes: dict[int, list[dict[str, Any]]]
    people: dict[int, list[dict[str, Any]]]
    country_names: dict[str, str]
    evidence_refs: dict[int, list[tuple[str, str, int]]]  # document -> (fact, subject, ev id)


def _facts(session: Session, document_ids: list[int], venue_codes: set[str]) -> _Facts:
    """The documents' facts, one query per fact table on the driver's cursor."""
    facts = _Facts({}, defaultdict(list), defaultdict(list), defaultdict(list),
                   defaultdict(list), {}, defaultdict(list))
    if not document_ids:
        return facts
    ids = document_ids
    for doc_id, title, published, source_url in _DOCUMENTS.rows(session, ids):
        facts.documents[doc_id] = {"id": doc_id, "title": title,
                                   "published": iso_date(published), "source_url": source_url}

    named: dict[tuple[int, str], dict[str, Any]] = {}
    for doc_id, code, name, role, ev, p, p_role, cid in _ADMINISTRATIONS.rows(session, ids):
        entry = named.get((doc_id, code))
        if entry is None:
            entry = named[(doc_id, code)] = {"country_code": code, "name": name, "roles": [],
                                             "confidence": p, "role_confidence": {},
                                             "curated": False, "correction_id": None,
                                             "curated_roles": {}}
            facts.administrations[doc_id].append(entry)
        elif p is not None and (entry["confidence"] is None or p > entry["confidence"]):
            entry["confidence"] = p
        entry["roles"].append(role)
        entry["role_confidence"][role] = p_role
        if cid is not None:
            entry["curated"] = True
            entry["correction_id"] = max(cid, entry["correction_id"] or 0)
            entry["curated_roles"][role] = cid
        if ev is not None:
            facts.evidence_refs[doc_id].append(("administration", f"{code} {role}", ev))

    for doc_id, slug, name, ev, p, cid in _FUNDERS.rows(session, ids):
        facts.funders[doc_id].append({"slug": slug, "name": name, "confidence": p,
                                      "curated": cid is not None, "correction_id": cid})
        if ev is not None:
            facts.evidence_refs[doc_id].append(("funder", slug, ev))

    for doc_id, slug, name, ev, p, cid in _THEMES.rows(session, ids):
        facts.themes[doc_id].append({"slug": slug, "name": name, "confidence": p,
                                     "curated": cid is not None, "correction_id": cid})
        if ev is not None:
            facts.evidence_refs[doc_id].append(("theme", slug, ev))

    for doc_id, name, title, org, ev, p, cid in _PEOPLE.rows(session, ids):
        facts.people[doc_id].append({"name": name, "title": title, "organization": org,
                                     "confidence": p, "curated": cid is not None,
                                     "correction_id": cid})
        if ev is not None:
            facts.evidence_refs[doc_id].append(("person", name, ev))

    if venue_codes:
        # Country names come with the cached vocabulary; only a code it lacks is read.
        known = vocabulary(session).country_names
        facts.country_names = {c: known[c] for c in venue_codes if c in known}
        missing = venue_codes - facts.country_names.keys()
        if missing:
            facts.country_names.update(_COUNTRY_NAMES.rows(session, sorted(missing)))
    return facts


_REPORTS = DriverQuery(
    select(EventReport.event_id, EventReport.public_id, EventReport.document_id,
           EventReport.type, EventReport.name, EventReport.start_date,
           EventReport.start_precision, EventReport.end_date, EventReport.end_precision,
           EventReport.city, EventReport.country_code, EventReport.online,
           EventReport.evidence_id, EventReport.confidence)
    .where(EventReport.event_id.in_(_IDS))
    .order_by(EventReport.event_id, EventReport.document_id, EventReport.ordinal))
_REDIRECT = select(EventRedirect.target).where(EventRedirect.public_id == bindparam("public_id"))
_EVENT_OF_REPORT = (select(Event.public_id).join(EventReport, EventReport.event_id == Event.id)
                    .where(EventReport.public_id == bindparam("public_id")))


def _reports_of(session: Session, event_ids: list[int]) -> dict[int, list[Any]]:
    """The reports of each event, oldest document first."""
    out: dict[int, list[Any]] = defaultdict(list)
    for row in _REPORTS.rows(session, event_ids):
        out[row[0]].append(row)
    return out


def _union(lists: list[list[dict[str, Any]]], key: str) -> list[dict[str, Any]]:
    """Facts of several documents as one list: one entry per `key`, the best confidence."""
    if len(lists) == 1:
        return lists[0]
    merged: dict[Any, dict[str, Any]] = {}
    for items in lists:
        for item in items:
            k = item[key].lower() if key == "name" else item[key]
            entry = merged.get(k)
            if entry is None:
                merged[k] = {**item, **({"roles": list(item["roles"]), "role_confidence":
                                         dict(item["role_confidence"])}
                                        if "roles" in item else {})}
                continue
            if item.get("confidence") is not None and (
                    entry.get("confidence") is None or item["confidence"] > entry["confidence"]):
                entry["confidence"] = item["confidence"]
            for role in item.get("roles", ()):
                p = item["role_confidence"].get(role)
                if role not in entry["roles"]:
                    entry["roles"].append(role)
                    entry["role_confidence"][role] = p
                elif p is not None and (entry["role_confidence"].get(role) is None
                                        or p > entry["role_confidence"][role]):
                    entry["role_confidence"][role] = p
            for name in ("title", "organization"):
                if name in item and not entry.get(name) and item[name]:
                    entry[name] = item[name]
    for entry in merged.values():
        if "roles" in entry:
            entry["roles"].sort()
    return list(merged.values())


def _report_out(row: Any, facts: _Facts) -> dict[str, Any]:
    doc = facts.documents.get(row[2]) or _document_out(row[2], None, None)
    return {"id": row[1], "document_id": row[2], "title": doc["title"],
            "published": doc["published"], "source_url": doc["source_url"]}


def _event_out(event: Any, facts: _Facts, reports: list[Any]) -> dict[str, Any]:
    """An event row (EVENT_COLUMNS) with its reports as the JSON shape of
    schemas.event.EventOut: the facts of every report's document, as one."""
    doc = event.document_id
    public_id = event.public_id
    docs = ([reports[0][2]] if len(reports) == 1
            else list(dict.fromkeys(r[2] for r in reports)) or [doc])
    return {
        "id": public_id,
        "type": event.type,
        "name": event.name,
        "start": partial_date_text(event.start_date, event.start_precision),
        "end": partial_date_text(event.end_date, event.end_precision),
        "date_precision": event.start_precision if event.start_date else None,
        "venue": {"city": event.city, "country_code": event.country_code,
                  "country_name": facts.country_names.get(event.country_code or "")},
        "online": bool(event.online),
        "confidence": event.confidence,
        "administrations": _union([facts.administrations.get(d, []) for d in docs],
                                  "country_code"),
        "funders": _union([facts.funders.get(d, []) for d in docs], "slug"),
        "themes": _union([facts.themes.get(d, []) for d in docs], "slug"),
        "people": _union([facts.people.get(d, []) for d in docs], "name"),
        "document": facts.documents.get(doc) or _document_out(doc, None, None),
        "reports": [_report_out(r, facts) for r in reports],
        "links": {"self": f"/v1/events/{public_id}", "evidence": f"/v1/documents/{doc}"},
    }


def hydrate(session: Session, events: Sequence[Any]) -> list[dict[str, Any]]:
    """The events (rows of EVENT_COLUMNS) with their reports and their documents' facts, as
    JSON-ready dicts of the EventOut shape, in a fixed number of queries."""
    reports = _reports_of(session, sorted({e.id for e in events}))
    document_ids = sorted({e.document_id for e in events}
                          | {r[2] for rows in reports.values() for r in rows})
    venues = {e.country_code for e in events if e.country_code}
    facts = _facts(session, document_ids, venues)
    return [_event_out(e, facts, reports.get(e.id, [])) for e in events]


def _not_live(session: Session, public_id: str) -> NotFound | Moved | Gone:
    """Why an id names no event: merged into another (301), retired (410) or unknown."""
    run = session.connection().execute
    found = run(_REDIRECT, {"public_id": public_id}).first()
    if found is None:
        # a report's own id (its article's event, joined to an older report at once)
        found = run(_EVENT_OF_REPORT, {"public_id": public_id}).first()
    if found is None:
        return NotFound(f"no event with id {public_id[:40]!r}")
    if found[0] is None:
        return Gone(f"the event {public_id} is gone: every article that reported it was "
                    "removed or no longer reports it")
    return Moved(f"the event {public_id} is the same activity as {found[0]}, reported by "
                 "another article first", location=f"/v1/events/{found[0]}")


def get_event(session: Session, public_id: str) -> dict[str, Any]:
    """One event with every report and the evidence of the event and of each fact, as a
    JSON-ready dict of the EventDetail shape; NotFound if unknown, Moved (301) if merged
    into another, Gone (410) if retired."""
    if len(public_id) > 32 or "\x00" in public_id:
        raise NotFound(f"no event with id {public_id[:40]!r}")
    found = _EVENT_BY_PUBLIC_ID.typed(session, public_id=public_id)
    event = found[0] if found else None
    if event is None:
        rejected = rejection(session, public_id)
        if rejected is not None:
            raise Gone(f"event {public_id} was rejected by an editor (correction {rejected}, "
                       f"/v1/corrections/{rejected})", correction_id=rejected)
        raise _not_live(session, public_id)
    reports = _reports_of(session, [event.id]).get(event.id, [])
    docs = list(dict.fromkeys([event.document_id, *(r[2] for r in reports)]))
    venues = {code for code in (event.country_code, *(r[10] for r in reports)) if code}
    facts = _facts(session, docs, venues)
    event_refs = [(r[1], r[4], r[12]) for r in reports if r[12]] or (
        [("", event.name, event.evidence_id)] if event.evidence_id else [])
    refs = [("event", name, ev) for _, name, ev in event_refs]
    for doc in docs:
        refs += facts.evidence_refs.get(doc, [])
    sentences = {row[0]: row for row in _EVIDENCE.rows(session, sorted({r[2] for r in refs}))}
    evidence = [
        {"fact": fact, "subject": subject, "sentence": sentences[ev][1],
         "char_start": sentences[ev][2], "char_end": sentences[ev][3]}
        for fact, subject, ev in refs if ev in sentences
    ]
    out = _event_out(event, facts, reports)
    out["reports"] = [_report_detail(r, facts, sentences) for r in reports]
    out["sources"] = event.sources or {}
    return {**out, "evidence": evidence, "curation": event_curation(session, public_id)}


def _report_detail(row: Any, facts: _Facts, sentences: dict[int, Any]) -> dict[str, Any]:
    """A report as EventReportDetail: its article, what it states, and its sentence."""
    sentence = sentences.get(row[12])
    return {
        **_report_out(row, facts),
        "type": row[3], "name": row[4],
        "start": partial_date_text(as_date(row[5]), row[6]),
        "end": partial_date_text(as_date(row[7]), row[8]),
        "venue": {"city": row[9], "country_code": row[10],
                  "country_name": facts.country_names.get(row[10] or "")},
        "online": bool(row[11]), "confidence": row[13],
        "evidence": None if sentence is None else {
            "fact": "event", "subject": row[4], "sentence": sentence[1],
            "char_start": sentence[2], "char_end": sentence[3]},
    }


# --- facets and timeline ------------------------------------------------------------------


def _theme_since(clauses: list[Clause]) -> tuple[str, date | None] | None:
    """(theme slug, date_from or None) when the filters are one theme (not a group) and at
    most a date_from: what event_theme_months can count by country."""
    themes = [c for c in clauses if c.kind == "theme"]
    if len(themes) != 1 or len(themes[0].values) != 1:
        return None
    date_from = None
    for clause in clauses:
        if clause.kind == "date" and clause.values[1] is None:
            date_from = clause.values[0]
        elif clause is not themes[0]:
            return None
    return themes[0].values[0], date_from


def _countries_of_theme(session: Session, slug: str, date_from: date | None
                        ) -> list[tuple[str | None, int]]:
    """(venue country or None, events) of the events of a theme ending on or after
    `date_from`: its months in event_theme_months from date_from's month on, less the
    events of that month ending before date_from (none when it is the month's first day)."""
    counts: dict[str | None, int] = defaultdict(int)
    month = date_from.replace(day=1) if date_from else None
    for stored, n in _THEME_MONTHS.run(session, slug=slug, month=month or date.min):
        counts[stored or None] += int(n)
    if date_from is not None and date_from != month:
        for code, n in _THEME_MONTH_START.run(session, slug=slug, month=month,
                                              date_from=date_from):
            counts[code] -= n
    return [(code, n) for code, n in counts.items() if n > 0]


# Built once, run on the driver (query.driver): a facet of one theme is a small read.
_THEME_MONTHS = DriverStatement(
    select(EventThemeMonthRow.country_code, func.sum(EventThemeMonthRow.n))
    .where(EventThemeMonthRow.theme_slug == bindparam("slug"),
           EventThemeMonthRow.last_month >= bindparam("month"))
    .group_by(EventThemeMonthRow.country_code))
_THEME_MONTH_START = DriverStatement(
    select(EventThemeRow.country_code, func.count())
    .where(EventThemeRow.theme_slug == bindparam("slug"),
           EventThemeRow.last_day >= bindparam("month"),
           EventThemeRow.last_day < bindparam("date_from"))
    .group_by(EventThemeRow.country_code))


def _facet_rows(session: Session, name: str, where: list[ColumnElement[bool]],
                vocab: Vocabulary, themed: list[ColumnElement[bool]] | None = None,
                theme_since: tuple[str, date | None] | None = None,
                ) -> tuple[list[dict[str, Any]], int | None]:
    """The facet's values (dicts of the FacetValue shape); and the number of matching events
    when the facet's one grouped query counts each event once (country, type, online), else
    None. `theme_since`: see _theme_since."""
    count = func.count()
    stmt: AnySelect | None = None
    rows: Any = ()
    labels: dict[str, str]
    total_too = name in ("country", "type", "online")
    if name == "theme":
        stmt = (select(EventThemeRow.theme_slug, count).select_from(EventThemeRow)
                .join(Event, Event.id == EventThemeRow.event_id)
                .where(*where).group_by(EventThemeRow.theme_slug))
        labels = vocab.themes
    elif name == "funder":
        stmt = (select(DocumentFunder.funder_slug, func.count(distinct(Event.id)))
                .select_from(DocumentFunder)
                .join(EventReport, EventReport.document_id == DocumentFunder.document_id)
                .join(Event, Event.id == EventReport.event_id)
                .where(*where).group_by(DocumentFunder.funder_slug))
        labels = vocab.funders
    elif name == "country":
        # NULL (no venue) is a group too: it completes the total, then is dropped.
        if theme_since is not None:
            rows = _countries_of_theme(session, *theme_since)
        elif themed is not None:
            stmt = (select(EventThemeRow.country_code, count).where(*themed)
                    .group_by(EventThemeRow.country_code))
        else:
            stmt = select(Event.country_code, count).where(*where).group_by(Event.country_code)
        labels = vocab.country_names
    elif name == "participant":
        # event_countries holds one row per (event, country) with is_participant when an
        # administration of that country is named: the participant role of `country`.
        stmt = (select(EventCountryRow.country_code, count).select_from(EventCountryRow)
                .where(EventCountryRow.is_participant == true()))
        if where:
            stmt = stmt.join(Event, Event.id == EventCountryRow.event_id).where(*where)
        stmt = stmt.group_by(EventCountryRow.country_code)
        labels = vocab.country_names
    elif name == "region":
        stmt = (select(Country.region_slug, count).select_from(Event)
                .join(Country, Country.alpha3 == Event.country_code)
                .where(*where, Country.region_slug.is_not(None)).group_by(Country.region_slug))
        labels = vocab.regions
    elif name == "type":
        stmt = select(Event.type, count).where(*where).group_by(Event.type)
        labels = {}
    elif name == "online":
        stmt = select(Event.online, count).where(*where).group_by(Event.online)
        labels = {"true": "online", "false": "in person"}
    else:  # year
        year = extract("year", Event.sort_date)
        stmt = (select(year, count).where(*where, Event.sort_date.is_not(None))
                .group_by(year))
        labels = {}
    values = []
    total = 0
    if stmt is not None:
        rows = session.connection().execute(stmt)
    for value, n in rows:
        total += n
        if value is None and name == "country":
            continue
        text = (("true" if value else "false") if name == "online"
                else str(int(value)) if name == "year" else str(value))
        values.append({"value": text, "label": labels.get(text, text), "count": n})
    values.sort(key=lambda v: (-v["count"], v["value"]))
    return values, (total if total_too else None)


def event_facets(session: Session, filters: EventFilters,
                 facets: Sequence[str]) -> dict[str, Any]:
    """Per facet, the number of matching events having each value (an event with several
    themes or funders counts once under each), as a JSON-ready dict of the Facets shape
    (built without models: ~0.1 ms of validation for a country facet)."""
    vocab = vocabulary(session)
    original = event_clauses(filters, vocab, _dialect(session))
    clauses, themed, table, _several = _facts_of(original)
    theme_since = _theme_since(original)
    where = [c.sql for c in clauses]
    names = list(dict.fromkeys(facets)) or list(FACETS)
    for name in names:
        if name not in FACETS:
            raise InvalidParameter("facet", f"unknown facet {name!r}", list(FACETS))
    total: int | None = None
    out: list[dict[str, Any]] = []
    for name in names:
        values, counted = _facet_rows(session, name, where, vocab,
                                      themed if table is EventThemeRow else None, theme_since)
        total = counted if total is None else total
        out.append({"name": name, "values": values})
    return {
        "total": _count(session, where, themed, table) if total is None else total,
        "description": describe(clauses),
        "facets": out,
    }


def _period(year: int, month: int, interval: str) -> tuple[int, int]:
    """A period as (year, index): month 1-12, quarter 1-4, or (year, 1)."""
    if interval == "month":
        return year, month
    if interval == "quarter":
        return year, (month - 1) // 3 + 1
    return year, 1


def _next(period: tuple[int, int], interval: str) -> tuple[int, int]:
    year, index = period
    last = {"month": 12, "quarter": 4, "year": 1}[interval]
    return (year + 1, 1) if index >= last else (year, index + 1)


def _period_out(period: tuple[int, int], interval: str, count: int) -> Period:
    year, index = period
    if interval == "month":
        return Period(period=f"{year:04d}-{index:02d}", start=f"{year:04d}-{index:02d}-01",
                      count=count)
    if interval == "quarter":
        return Period(period=f"{year:04d}-Q{index}",
                      start=f"{year:04d}-{(index - 1) * 3 + 1:02d}-01", count=count)
    return Period(period=f"{year:04d}", start=f"{year:04d}-01-01", count=count)


def event_timeline(session: Session, filters: EventFilters, interval: str) -> Timeline:
    """Matching events per period of their date (start, else publication), zero-filled from
    the first period to the last, or over date_from..date_to when given, within the years
    the data set's dated events cover (periods outside them could only count zero): any
    range asked is answered, however wide, and an empty one (date_to before date_from, or
    outside those years) has no periods."""
    if interval not in INTERVALS:
        raise InvalidParameter("interval", f"unknown interval {interval!r}", list(INTERVALS))
    vocab = vocabulary(session)
    clauses, _themed = _theme_facts(event_clauses(filters, vocab, _dialect(session)))
    where = [c.sql for c in clauses]
    year, month = extract("year", Event.sort_date), extract("month", Event.sort_date)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for y, m, n in session.execute(
        select(year, month, func.count()).where(*where, Event.sort_date.is_not(None))
        .group_by(year, month)
    ):
        counts[_period(int(y), int(m), interval)] += n
    undated = session.scalar(
        select(func.count()).select_from(Event).where(*where, Event.sort_date.is_(None))
    ) or 0
    first = min(counts) if counts else None
    last = max(counts) if counts else None
    if filters.date_from or filters.date_to:
        oldest, newest = session.execute(
            select(func.min(Event.sort_date), func.max(Event.sort_date))).one()
        # the whole years the data set's dated events cover (a year's bar, asked by
        # quarter or month, has all its periods)
        oldest = date(oldest.year, 1, 1) if oldest else None
        newest = date(newest.year, 12, 31) if newest else None
        if filters.date_from:
            start = max(filters.date_from, oldest) if oldest else None
            first = _period(start.year, start.month, interval) if start else None
        if filters.date_to:
            end = min(filters.date_to, newest) if newest else None
            last = _period(end.year, end.month, interval) if end else None
    periods: list[Period] = []
    if first is not None and last is not None:
        current = first
        while current <= last:
            if len(periods) >= MAX_PERIODS:
                raise InvalidParameter(
                    "interval", f"more than {MAX_PERIODS} periods: use a longer interval or "
                    "narrower date_from/date_to", [i for i in INTERVALS if i != interval])
            periods.append(_period_out(current, interval, counts.get(current, 0)))
            current = _next(current, interval)
    return Timeline(interval=interval,  # type: ignore[arg-type]
                    total=sum(counts.values()) + undated, undated=undated,
                    description=describe(clauses), periods=periods)

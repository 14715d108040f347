"""/v1/events: list (filtered, paged, exported), facets, timeline, one event."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request, Response

from app.api.deps import EventFiltersDep, PageDep, QuerySessionDep, run_query, runner_for
from app.api.responses import MEDIA_TYPES, event_page, json_response, negotiate, stream
from app.query import events as q
from app.schemas.common import Page, problem_responses
from app.schemas.event import EventDetail, EventOut, Facets, Timeline

TAGS: list[dict[str, Any]] = [{
    "name": "events",
    "description": "What happened in the A-CIP Programme: workshops, trainings, missions, "
    "meetings... as reported by news articles. Each event carries the facts its article "
    "states — the customs administrations taking part and their roles, funders, people, "
    "themes — and links to the article, where the sentence behind every fact is kept. "
    "Filter by country, region, theme, funder, administration, type, dates or words; page "
    "with `cursor`; count with /v1/events/facets and /v1/events/timeline; export everything "
    "matching as CSV, NDJSON or iCalendar with `format`.",
}]

router = APIRouter(prefix="/v1/events", tags=["events"])

_EXAMPLE_EVENT: dict[str, Any] = EventOut.model_config["json_schema_extra"]["examples"][0]  # type: ignore[index,assignment]
_EXAMPLE_CURSOR = "eyJzIjoiLXN0YXJ0IiwiayI6WyIyMDI1LTAzLTEwIl0sImlkIjo4MTJ9"
_EXAMPLE_PAGE = {
    "data": [_EXAMPLE_EVENT],
    "meta": {"total": 37, "limit": 1, "next_cursor": _EXAMPLE_CURSOR,
             "description": "events in Mali (venue or participant)"},
    "links": {"self": "https://api.example.org/v1/events?country=ML&limit=1",
              "next": "https://api.example.org/v1/events?country=ML&limit=1&cursor="
                      + _EXAMPLE_CURSOR},
}

SortParam = Annotated[Literal["-start", "start", "-published", "relevance"] | None, Query(
    description="Order: `-start` newest first (by start date, else publication date; the "
    "default), `start` oldest first, `-published` by the article's publication date, newest "
    "first, `relevance` best full-text match first (the default when `q` is given; without "
    "a searchable word in `q` every event ranks the same and the default order applies). "
    "Ties are broken by id; events without the key come last.")]
FormatParam = Annotated[Literal["json", "csv", "ndjson", "ics"] | None, Query(
    alias="format",
    description="Response format. `json` (default): one page. `csv` (with a header row), "
    "`ndjson` (one event per line) and `ics` (iCalendar, all-day events): every matching "
    "event, streamed, ignoring `limit` and `cursor`. The Accept header (text/csv, "
    "application/x-ndjson, text/calendar) works too; `format` wins.")]


@router.get(
    "",
    summary="List events",
    description="Events matching every given filter (values of one filter: any of them), "
    "newest first, one page at a time. `meta.total` counts every match; follow "
    "`links.next` (or pass `meta.next_cursor` as `cursor`) for the next page. With "
    "`format=csv|ndjson|ics` every matching event is streamed at once.",
    response_model=Page[EventOut],
    responses={
        200: {"description": "A page of events, or the whole export",
              "content": {"application/json": {"example": _EXAMPLE_PAGE},
                          MEDIA_TYPES["csv"].split(";")[0]: {},
                          MEDIA_TYPES["ndjson"]: {},
                          MEDIA_TYPES["ics"].split(";")[0]: {}}},
        304: {"description": "Not modified (If-None-Match matched the ETag)"},
        **problem_responses(400, 406, 422, 503),
    },
)
async def list_events(
    request: Request, session: QuerySessionDep, filters: EventFiltersDep, page: PageDep,
    sort: SortParam = None, format_: FormatParam = None,
) -> Response:
    chosen = negotiate(request, format_)
    if chosen != "json":
        resolved = await run_query(session, q.prepare, session, filters, sort)
        return stream(chosen, q.iter_events(session, filters, sort=resolved))
    result = await runner_for(filters)(session, q.list_events, session, filters, sort=sort,
                                       limit=page.limit, cursor=page.cursor)
    return json_response(request, event_page(result, str(request.url)))


@router.get(
    "/facets",
    summary="Count events per country, theme, funder...",
    description="For the events matching the filters (the same filters as /v1/events), how "
    "many have each value of each facet, most frequent first. An event with several themes "
    "or funders counts once under each.",
    response_model=Facets,
    responses={200: {"description": "Counts per facet value", "content": {"application/json": {
        "example": Facets.model_config["json_schema_extra"]["examples"][0]}}},  # type: ignore[index]
        304: {"description": "Not modified"}, **problem_responses(406, 422, 503)},
)
async def event_facets(
    request: Request, session: QuerySessionDep, filters: EventFiltersDep,
    facet: Annotated[list[Literal["country", "region", "theme", "funder", "type", "year",
                                  "online", "participant"]] | None, Query(
        description="Which counts: `country` (the venue), `region` (the venue's WCO region), "
        "`theme`, `funder`, `type`, `year` (of the start, else publication date), `online`, "
        "`participant` (the country of each administration the event's article names, in "
        "any role: what `country_role=participant` matches). "
        "Repeat for several (`facet=country&facet=theme`); default: all.")] = None,
) -> Response:
    negotiate(request, None, allowed=("json",))
    counts = await runner_for(filters)(session, q.event_facets, session, filters, facet or [])
    return json_response(request, counts)


@router.get(
    "/timeline",
    summary="Count events per month, quarter or year",
    description="How many events matching the filters (the same filters as /v1/events) fall "
    "in each period, by start date, else publication date. Periods run without gaps (zero "
    "counts included) from the first to the last event, or over date_from..date_to when "
    "given, within the years the data set's dated events cover (periods outside them could "
    "only count zero): any range is answered, and an empty one has no periods.",
    response_model=Timeline,
    responses={200: {"description": "Counts per period", "content": {"application/json": {
        "example": Timeline.model_config["json_schema_extra"]["examples"][0]}}},  # type: ignore[index]
        304: {"description": "Not modified"}, **problem_responses(406, 422, 503)},
)
async def event_timeline(
    request: Request, session: QuerySessionDep, filters: EventFiltersDep,
    interval: Annotated[Literal["month", "quarter", "year"], Query(
        description="Length of a period: `month` (YYYY-MM), `quarter` (YYYY-Qn) or `year`.")
    ] = "month",
) -> Response:
    negotiate(request, None, allowed=("json",))
    periods = await runner_for(filters)(session, q.event_timeline, session, filters, interval)
    return json_response(request, periods)


@router.get(
    "/{event_id}",
    summary="One event, with its evidence",
    description="An event by id, with its article's facts and, under `evidence`, the "
    "sentence each was read from (and its character offsets in the article's body).",
    response_model=EventDetail,
    responses={200: {"description": "The event", "content": {"application/json": {
        "example": EventDetail.model_config["json_schema_extra"]["examples"][0]}}},  # type: ignore[index]
        301: {"description": "The event was merged into an older one (the same activity "
              "reported by another article first): `Location` names it."},
        304: {"description": "Not modified"}, **problem_responses(404, 406, 410, 422, 503)},
)
async def get_event(
    request: Request, session: QuerySessionDep,
    event_id: Annotated[str, Path(description="The event's id, e.g. `evt_3f9a1c2b7d0e4a5b`.")],
) -> Response:
    negotiate(request, None, allowed=("json",))
    return json_response(request, await run_query(session, q.get_event, session, event_id))

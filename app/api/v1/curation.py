"""Curation: corrections of events (write, with an API key), the audit log, undo, and the
review queue."""

from __future__ import annotations

import contextlib
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Path, Query, Request, Response

from app.api.auth import EditorDep
from app.api.deps import IsoDate, PageDep, QuerySessionDep, SessionDep, run_query
from app.api.openapi import envelope, model_example, ok, paged
from app.core.errors import Gone, Moved, NotFound
from app.curation import write
from app.models import CORRECTION_KINDS
from app.query import curation as q
from app.schemas.common import Page, page_links, problem_responses
from app.schemas.curation import (
    EXAMPLES,
    CorrectionIn,
    CorrectionOut,
    EventAddIn,
    ReviewItem,
    UndoIn,
)

TAGS: list[dict[str, Any]] = [{
    "name": "curation",
    "description": "People who know the Programme correct the record: change an event's "
    "type, name, dates, venue or online flag; add or remove an administration (or one of "
    "its roles), a funder, a theme, a person; add an event the extractor missed; reject "
    "one it made up; confirm what is right. Writes need an API key (`Authorization: "
    "Bearer ...`, see `acip keys create`) and, on an event, `If-Match` with its ETag. "
    "Every correction is kept with its key name, time, reason, before and after "
    "(/v1/corrections), survives re-ingestion of its article, and can be undone. "
    "/v1/review lists the facts most worth a look.",
}]

router = APIRouter(prefix="/v1", tags=["curation"])

_CORRECTION = model_example(CorrectionOut)
_WRITE_ERRORS = problem_responses(400, 401, 403, 404, 409, 410, 412, 422, 428, 429, 503)
_CREATED = {"description": "The correction, stored and applied; `ETag` is the event's new "
                           "one, `Location` the correction.",
            "content": {"application/json": {"example": _CORRECTION}}}

IfMatch = Annotated[str | None, Header(
    alias="If-Match", max_length=200,
    description="The ETag of the event as you read it (GET /v1/events/{id}); required. "
    "A stale one is a 412: someone changed the event since.")]
EventId = Annotated[str, Path(max_length=64, description="The event's id, e.g. "
                                                         "`evt_3f9a1c2b7d0e4a5b`.")]


def _created(request: Request, session: Any, correction: CorrectionOut,
             event_id: str | None) -> Response:
    headers = {"Location": f"/v1/corrections/{correction.id}"}
    if event_id is not None:
        with contextlib.suppress(NotFound, Gone, Moved):  # rejected or merged: no ETag
            headers["ETag"] = write.event_etag(session, event_id)
    return Response(correction.model_dump_json(), status_code=201,
                    media_type="application/json", headers=headers)


@router.post(
    "/events/{event_id}/corrections",
    summary="Correct an event",
    description="One correction of the event, stored in the audit log with the key's name "
    "and the reason, and applied at once: lists, counts, facets, timelines and exports "
    "show the corrected value; GET /v1/events/{id} marks the field or fact `curated`. "
    "Needs `If-Match` with the event's current ETag (428 without, 412 if it changed). "
    "See the request body's description for each `action`.",
    status_code=201,
    response_model=CorrectionOut,
    responses={201: _CREATED, **_WRITE_ERRORS},
)
def correct_event(
    request: Request, session: SessionDep, editor: EditorDep, event_id: EventId,
    body: Annotated[CorrectionIn, Body(openapi_examples=EXAMPLES)],  # type: ignore[arg-type]
    if_match: IfMatch = None,
) -> Response:
    correction = write.correct_event(session, event_id, body, editor, if_match)
    out = q.correction_out(correction)
    response = _created(request, session, out, event_id)
    session.commit()
    return response


@router.post(
    "/events",
    summary="Add an event the extractor missed",
    description="An event stated by an article but not extracted, pointed to by the "
    "sentence of the article's body that states it (`evidence.sentence`, character for "
    "character; `char_start` helps when it occurs twice). It gets a stable id, survives "
    "re-ingestion while the sentence is in the article, and is marked `curated`.",
    status_code=201,
    response_model=CorrectionOut,
    responses={201: _CREATED, **problem_responses(400, 401, 404, 409, 422, 429, 503)},
)
def add_event(request: Request, session: SessionDep, editor: EditorDep,
              body: EventAddIn) -> Response:
    correction = write.add_event(session, body, editor)
    out = q.correction_out(correction)
    response = _created(request, session, out, correction.event_public_id)
    session.commit()
    return response


@router.post(
    "/corrections/{correction_id}/undo",
    summary="Undo a correction",
    description="Takes a correction's effect off (the extractor's value comes back, or the "
    "next most recent correction's) and stores the undo itself in the audit log, with its "
    "reason. An editor key undoes its own corrections; an admin key anyone's. If-Match is "
    "not needed.",
    status_code=201,
    response_model=CorrectionOut,
    responses={201: {"description": "The undo, as stored",
                     "content": {"application/json": {"example": {
                         **_CORRECTION, "id": 42, "kind": "undo",
                         "target": {"correction": 41}, "before": {"state": "active"},
                         "after": {"state": "undone"}, "undoes": 41,
                         "links": {"self": "/v1/corrections/42",
                                   "event": _CORRECTION["links"]["event"]}}}}},
               **problem_responses(400, 401, 403, 404, 409, 422, 429, 503)},
)
def undo_correction(
    request: Request, session: SessionDep, editor: EditorDep,
    correction_id: Annotated[int, Path(ge=1, le=2_147_483_647,
                                       description="The correction's id.")],
    body: UndoIn,
) -> Response:
    record = write.undo(session, correction_id, body.reason, editor)
    out = q.correction_out(record)
    response = _created(request, session, out, None)
    session.commit()
    return response


@router.get(
    "/corrections",
    summary="List corrections (the audit log)",
    description="Every correction, newest first, with the key name, time, reason, and the "
    "fact before and after. Filter by `event`, `key`, `state` (`orphaned`: their target "
    "is gone after a re-ingestion, kept and listed here), `kind` and day made. Paginated: "
    "follow `links.next`.",
    response_model=Page[CorrectionOut],
    responses={**ok(envelope(_CORRECTION, "/v1/corrections?event=evt_3f9a1c2b7d0e4a5b")),
               **problem_responses(400, 422, 503)},
)
async def list_corrections(
    request: Request, session: QuerySessionDep, pagination: PageDep,
    event: Annotated[str | None, Query(max_length=64, description="The event's public id.",
                                       examples=["evt_3f9a1c2b7d0e4a5b"])] = None,
    key: Annotated[str | None, Query(max_length=100,
                                     description="The name of the API key that made them.",
                                     examples=["amina"])] = None,
    state: Annotated[Literal["active", "orphaned", "undone"] | None, Query(
        description="active, orphaned (target gone) or undone.")] = None,
    kind: Annotated[Literal[CORRECTION_KINDS] | None, Query(  # type: ignore[valid-type]
        description="The kind, e.g. `event.set`, `administration.add`, `undo`.")] = None,
    since: Annotated[IsoDate | None, Query(description="Made on or after this day (UTC), "
                                           "YYYY-MM-DD.")
                     ] = None,
    until: Annotated[IsoDate | None, Query(description="Made on or before this day (UTC), "
                                           "YYYY-MM-DD. Before `since`: an empty range.")
                     ] = None,
) -> Page[CorrectionOut]:
    result = await run_query(session, q.list_corrections, session, event=event, key=key,
                             state=state, kind=kind, since=since, until=until,
                             limit=pagination.limit, cursor=pagination.cursor)
    return Page[CorrectionOut](data=result.items, meta=paged(result),
                               links=page_links(str(request.url), result.next_cursor))


@router.get(
    "/corrections/{correction_id}",
    summary="One correction",
    description="A correction by id, as the audit log keeps it.",
    response_model=CorrectionOut,
    responses={**ok(_CORRECTION), **problem_responses(404, 422, 503)},
)
async def get_correction(
    session: QuerySessionDep,
    correction_id: Annotated[int, Path(ge=1, le=2_147_483_647,
                                       description="The correction's id.")],
) -> CorrectionOut:
    return await run_query(session, q.get_correction, session, correction_id)


@router.get(
    "/review",
    summary="Facts most worth a look",
    description="Facts no one has confirmed or corrected, lowest confidence first (unknown "
    "last), each with its events, the sentence it was read from and why it is "
    "listed. Confirm one with POST /v1/events/{id}/corrections (`action: confirm`) and it "
    "leaves the queue. Paginated: follow `links.next`.",
    response_model=Page[ReviewItem],
    responses={**ok(envelope(model_example(ReviewItem), "/v1/review?limit=1")),
               **problem_responses(400, 422, 503)},
)
async def review(
    request: Request, session: QuerySessionDep, pagination: PageDep,
    fact: Annotated[Literal["administration", "funder", "theme", "person"] | None, Query(
        description="Only facts of this kind.")] = None,
    max_confidence: Annotated[float, Query(ge=0, le=1, description="Only facts at or below "
                                           "this confidence (unknown counts as 1).")
                              ] = 1.0,
) -> Page[ReviewItem]:
    result = await run_query(session, q.review_queue, session, fact=fact,
                             max_confidence=max_confidence, limit=pagination.limit,
                             cursor=pagination.cursor)
    return Page[ReviewItem](data=result.items, meta=paged(result),
                            links=page_links(str(request.url), result.next_cursor))

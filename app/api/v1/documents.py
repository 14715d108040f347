"""Documents: the ingested articles, and each with every fact and its evidence."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from app.api.deps import IsoDate, PageDep, QuerySessionDep, run_query
from app.api.openapi import TEXT_PATTERN, envelope, model_example, ok, paged
from app.query import documents as q
from app.schemas import document as out
from app.schemas.common import Page, page_links, problem_responses

TAGS: list[dict[str, Any]] = [{
    "name": "documents",
    "description": "The articles facts were read from. A document's detail holds its text "
    "and every fact extracted from it — events, administrations and their roles, funders, "
    "themes, people, the stated number of partners — each with its evidence: the sentence "
    "and its character offsets in the text (`body[char_start:char_end] == sentence`).",
}]

router = APIRouter(prefix="/v1", tags=["documents"])


@router.get(
    "/documents",
    summary="List documents",
    description="Ingested articles, most recently ingested first, without their text. "
    "Filter by `language` and publication date range. Paginated: follow `links.next`.",
    response_model=Page[out.DocumentSummary],
    responses={**ok(envelope(model_example(out.DocumentSummary),
                             "/v1/documents?language=en&limit=1", total=120,
                             next_cursor="eyJzIjoiLWlkIiwiayI6W10sImlkIjo0Mn0")),
               **problem_responses(400, 422, 503)},
)
async def list_documents(
    request: Request, session: QuerySessionDep, pagination: PageDep,
    language: Annotated[str | None, Query(
        max_length=8, pattern=TEXT_PATTERN,
        description="Only documents in this language, e.g. `en` or `fr`.",
        examples=["fr"])] = None,
    published_from: Annotated[IsoDate | None, Query(
        description="Only documents published on or after this date (YYYY-MM-DD).",
        examples=["2024-01-01"])] = None,
    published_to: Annotated[IsoDate | None, Query(
        description="Only documents published on or before this date (YYYY-MM-DD). Before "
        "`published_from`: an empty range, no document matches.",
        examples=["2024-12-31"])] = None,
) -> Page[out.DocumentSummary]:
    result = await run_query(session, q.list_documents, session, language=language,
                             published_from=published_from, published_to=published_to,
                             limit=pagination.limit, cursor=pagination.cursor)
    return Page[out.DocumentSummary](data=result.items, meta=paged(result),
                                     links=page_links(str(request.url), result.next_cursor))


@router.get(
    "/documents/{document_id}",
    summary="One document with every fact and its evidence",
    description="A document's metadata and text, and every fact read from it. Each fact "
    "carries its evidence: the sentence it was read from, with the character offsets of "
    "that sentence in `body`.",
    response_model=out.DocumentDetail,
    responses={**ok(model_example(out.DocumentDetail)), **problem_responses(404, 422, 503)},
)
async def get_document(
    session: QuerySessionDep,
    document_id: Annotated[int, Path(ge=1, le=2_147_483_647,
                                     description="The document's id (see /v1/documents).",
                                     examples=[42])],
) -> out.DocumentDetail:
    return await run_query(session, q.get_document, session, document_id)

"""Statistics of the whole data set."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from app.api.deps import QuerySessionDep, run_query
from app.api.openapi import model_example, ok
from app.query import stats as q
from app.schemas import stats as out
from app.schemas.common import problem_responses

TAGS: list[dict[str, Any]] = [{
    "name": "stats",
    "description": "How much the data set holds and the dates it spans: a quick way to see "
    "what the API can answer and how fresh it is.",
}]

router = APIRouter(prefix="/v1", tags=["stats"])


@router.get(
    "/stats",
    summary="Totals, date coverage and last ingest",
    description="How many documents, events, evidence sentences, administrations, "
    "countries, funders, themes and people the data set holds; events per type, online "
    "and undated; documents per language; the first and last "
    "event and publication dates; and when a document was last ingested.",
    response_model=out.Stats,
    responses={**ok(model_example(out.Stats)), **problem_responses(503)},
)
async def get_stats(session: QuerySessionDep) -> out.Stats:
    return await run_query(session, q.get_stats, session)

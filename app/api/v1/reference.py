"""Reference resources: countries, WCO regions, administrations, funders, themes, people."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request

from app.api.deps import PageDep, QuerySessionDep, run_query
from app.api.openapi import TEXT_PATTERN, envelope, model_example, ok, one_of, paged, whole
from app.query import reference as q
from app.schemas import reference as out
from app.schemas.common import Page, page_links, problem_responses

TAGS: list[dict[str, Any]] = [{
    "name": "reference",
    "description": "The vocabularies every event refers to: ISO countries and the six WCO "
    "regions, the customs administrations (one per country) and the roles they play, the "
    "Programme's funders, the themes (key factors of the Revised Arusha Declaration and "
    "cross-cutting topics) and the people named in articles. Use their codes and slugs as "
    "the values of the /v1/events filters.",
}]

router = APIRouter(prefix="/v1", tags=["reference"])


RegionParam = Annotated[str | None, Query(
    max_length=60, description="Only countries of this WCO region, by slug "
    "(see /v1/regions), e.g. `west-central-africa`.", examples=["west-central-africa"],
    **one_of("RegionSlug"))]
Cursor = "eyJzIjoibmFtZSIsImsiOlsiZGlhbGxvIl0sImlkIjo3fQ"


@router.get(
    "/countries",
    summary="List countries",
    description="Every ISO 3166-1 country with its alpha-2, alpha-3 and numeric codes, its "
    "English and French names and its WCO region. Filter by `region` and search with `q` "
    "(a code, or part of the English or French name; case and accents ignored). Short "
    "enough to come whole, in one page.",
    response_model=Page[out.Country],
    responses={**ok(envelope(model_example(out.Country), "/v1/countries?q=mali")),
               **problem_responses(422, 503)},
)
async def list_countries(
    request: Request, session: QuerySessionDep, region: RegionParam = None,
    q_: Annotated[str | None, Query(
        alias="q", max_length=100, pattern=TEXT_PATTERN,
        description="A country code (`ML`, `MLI`, `466`) or part "
        "of its English or French name; case and accents are ignored.",
        examples=["cote d'ivoire"])] = None,
) -> Page[out.Country]:
    items = await run_query(session, q.list_countries, session, region=region, q=q_)
    return Page[out.Country](data=items, meta=whole(items),
                             links=page_links(str(request.url), None))


@router.get(
    "/regions",
    summary="List the WCO regions",
    description="The six regions of the World Customs Organization, with how many "
    "countries belong to each. A region's slug is the value of the `region` filters.",
    response_model=Page[out.Region],
    responses={**ok(envelope(model_example(out.Region), "/v1/regions", total=6, limit=6)),
               **problem_responses(422, 503)},
)
async def list_regions(request: Request, session: QuerySessionDep) -> Page[out.Region]:
    items = await run_query(session, q.list_regions, session)
    return Page[out.Region](data=items, meta=whole(items),
                            links=page_links(str(request.url), None))


@router.get(
    "/administrations",
    summary="List customs administrations",
    description="Customs administrations (one per country) in order of their country's "
    "alpha-3 code, each with how many documents name it and how many events those "
    "documents report. Filter by WCO `region`, by a `role` held in at least one document, "
    "or search with `q`. Paginated: follow `links.next`.",
    response_model=Page[out.Administration],
    responses={200: {**ok(envelope(model_example(out.Administration), "/v1/administrations?"
                              "region=west-central-africa&limit=1", total=23,
                              next_cursor=Cursor))[200],
                     "links": {"administration": {
                         "operationId": "get_administration",
                         "parameters": {"country": "$response.body#/data/0/country/alpha3"},
                         "description": "The first administration of the page, in detail."}}},
               **problem_responses(400, 422, 503)},
)
async def list_administrations(
    request: Request, session: QuerySessionDep, pagination: PageDep, region: RegionParam = None,
    role: Annotated[str | None, Query(
        max_length=20, description="Only administrations holding this role in at least one "
        "document: `partner`, `expert`, `host` or `mentioned`.", examples=["host"],
        **one_of("Role"))] = None,
    q_: Annotated[str | None, Query(
        alias="q", max_length=100, pattern=TEXT_PATTERN,
        description="Part of the administration's or its "
        "country's name (English or French), case ignored, or the country's code.",
        examples=["mali"])] = None,
) -> Page[out.Administration]:
    result = await run_query(session, q.list_administrations, session, region=region,
                             role=role, q=q_, limit=pagination.limit, cursor=pagination.cursor)
    return Page[out.Administration](data=result.items, meta=paged(result),
                                    links=page_links(str(request.url), result.next_cursor))


@router.get(
    "/administrations/{country}",
    operation_id="get_administration",
    summary="One customs administration",
    description="The administration of a country, by ISO 3166-1 alpha-2, alpha-3 or "
    "numeric code in any case (`ml`, `MLI`, `466`): the roles it holds with document and "
    "event counts per role, its total counts, and the dates of its first and last events.",
    response_model=out.AdministrationDetail,
    responses={**ok(model_example(out.AdministrationDetail)), **problem_responses(404, 422, 503)},
)
async def get_administration(
    session: QuerySessionDep,
    country: Annotated[str, Path(
        pattern=r"^([A-Za-z]{2,3}|[0-9]{3})$",
        description="ISO 3166-1 alpha-2, alpha-3 or numeric code of the country, any case.",
        examples=["MLI"])],
) -> out.AdministrationDetail:
    return await run_query(session, q.get_administration, session, country)


@router.get(
    "/funders",
    summary="List funders",
    description="The Programme's funding partners, most often named first, each with how "
    "many documents name it as a funder, how many events those documents report, and the "
    "dates of the first and last such events.",
    response_model=Page[out.Funder],
    responses={**ok(envelope(model_example(out.Funder), "/v1/funders", total=5, limit=5)),
               **problem_responses(422, 503)},
)
async def list_funders(request: Request, session: QuerySessionDep) -> Page[out.Funder]:
    items = await run_query(session, q.list_funders, session)
    return Page[out.Funder](data=items, meta=whole(items),
                            links=page_links(str(request.url), None))


@router.get(
    "/funders/{slug}",
    summary="One funder",
    description="A funder by slug (see /v1/funders), with its document and event counts. "
    "An unknown slug answers 404 with close slugs as suggestions.",
    response_model=out.Funder,
    responses={**ok(model_example(out.Funder)), **problem_responses(404, 422, 503)},
)
async def get_funder(
    session: QuerySessionDep,
    slug: Annotated[str, Path(max_length=60, description="The funder's slug, e.g. `norad`.",
                              examples=["norad"])],
) -> out.Funder:
    return await run_query(session, q.get_funder, session, slug)


@router.get(
    "/themes",
    summary="The themes, as a tree",
    description="The two groups of themes — the ten key factors of the Revised Arusha "
    "Declaration and the cross-cutting topics — each with its themes. Every node has the "
    "number of documents tagged with it and of events those documents report (for a "
    "group: with any of its themes). A theme's slug is the value of the `theme` filters.",
    response_model=Page[out.ThemeGroup],
    responses={**ok(envelope(model_example(out.ThemeGroup), "/v1/themes", total=2, limit=2)),
               **problem_responses(422, 503)},
)
async def theme_tree(request: Request, session: QuerySessionDep) -> Page[out.ThemeGroup]:
    items = await run_query(session, q.theme_tree, session)
    return Page[out.ThemeGroup](data=items, meta=whole(items),
                                links=page_links(str(request.url), None))


@router.get(
    "/people",
    summary="List people",
    description="People named in documents, in name order, each with the titles and "
    "organisations the documents state for them (most frequent first). Search with `q`: "
    "any part of the name, case and accents ignored (`jose` finds `José`). Paginated: "
    "follow `links.next`.",
    response_model=Page[out.Person],
    responses={**ok(envelope(model_example(out.Person), "/v1/people?q=diallo&limit=1", total=4,
                             next_cursor=Cursor)),
               **problem_responses(400, 422, 503)},
)
async def list_people(
    request: Request, session: QuerySessionDep, pagination: PageDep,
    q_: Annotated[str | None, Query(
        alias="q", max_length=100, pattern=TEXT_PATTERN,
        description="Part of the person's name; case and "
        "accents are ignored.", examples=["diallo"])] = None,
) -> Page[out.Person]:
    result = await run_query(session, q.list_people, session, q=q_, limit=pagination.limit,
                             cursor=pagination.cursor)
    return Page[out.Person](data=result.items, meta=paged(result),
                            links=page_links(str(request.url), result.next_cursor))


@router.get(
    "/people/{person_id}",
    summary="One person",
    description="A person by id, with the titles and organisations documents state.",
    response_model=out.Person,
    responses={**ok(model_example(out.Person)), **problem_responses(404, 422, 503)},
)
async def get_person(
    session: QuerySessionDep,
    person_id: Annotated[int, Path(ge=1, le=2_147_483_647,
                                   description="The person's id (see /v1/people).",
                                   examples=[7])],
) -> out.Person:
    return await run_query(session, q.get_person, session, person_id)

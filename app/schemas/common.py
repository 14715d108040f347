"""Shapes shared by every resource: the page envelope and the RFC 9457 problem.

A list endpoint answers

    {"data": [...],
     "meta": {"total": 123, "limit": 20, "next_cursor": "eyJ...", "description": "..."},
     "links": {"self": "https://.../v1/events?country=ML",
               "next": "https://.../v1/events?country=ML&cursor=eyJ..."}}

`Page[EventOut]` in a route's `response_model` documents that shape in OpenAPI;
`page_links()` builds `links` from the request URL and the next cursor.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

CURSOR_PARAM = "cursor"

CONFIDENCE = ("Calibrated probability, 0 to 1, that the {} is right: the share of facts read "
              "by the same rule that were right on annotated real articles. Null when unknown.")


def confidence_field(what: str) -> float | None:
    """A `confidence` field of the API, described for `what`."""
    result: float | None = Field(default=None, ge=0.0, le=1.0,
                                 description=CONFIDENCE.format(what))
    return result


class Meta(BaseModel):
    """About the whole result, not one item."""

    total: int = Field(description="How many items match the request, across every page.")
    limit: int = Field(description="The most items one page holds (the `limit` parameter).")
    next_cursor: str | None = Field(
        default=None,
        description="Opaque cursor of the next page, to pass as `cursor`; null on the last page.",
    )
    description: str | None = Field(
        default=None,
        description="The request's filters in plain English, e.g. "
        "'events in Mali (venue or participant), on theme Integrity'.",
    )


class Links(BaseModel):
    """Links to this page and the next one."""

    self: str = Field(description="This page's URL.")
    next: str | None = Field(default=None, description="The next page's URL; null on the last.")


class Page(BaseModel, Generic[T]):
    """One page of a list, with its metadata and navigation links."""

    data: list[T]
    meta: Meta
    links: Links


class ProblemError(BaseModel):
    """One wrong parameter of a request."""

    parameter: str = Field(description="The parameter's name, e.g. `country`.")
    detail: str = Field(description="What is wrong with its value.")
    suggestions: list[str] = Field(
        default_factory=list, description="Valid values close to the one sent, best first."
    )


class Problem(BaseModel):
    """An error, as RFC 9457 `application/problem+json`."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [{
                "type": "https://acip.example.org/problems/invalid-parameter",
                "title": "Invalid parameter",
                "status": 422,
                "detail": "unknown theme 'gendr'",
                "instance": "/v1/events",
                "errors": [{"parameter": "theme", "detail": "unknown theme 'gendr'",
                            "suggestions": ["gender"]}],
            }]
        },
    )

    type: str = Field(description="A URI naming the kind of problem.")
    title: str = Field(description="A short summary of the kind of problem.")
    status: int = Field(description="The HTTP status code.")
    detail: str = Field(description="What went wrong with this request, for people.")
    instance: str | None = Field(default=None, description="The request path.")
    errors: list[ProblemError] | None = Field(
        default=None, description="For invalid parameters: one entry per wrong parameter."
    )


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the given error statuses, with the Problem model."""
    descriptions = {
        400: "Malformed request (e.g. a cursor this API did not issue, a body that is not "
             "JSON)",
        401: "No API key, or one that is unknown, wrong, revoked or expired (send "
             "`Authorization: Bearer <key>`)",
        403: "The API key's role may not do this",
        404: "No such resource",
        406: "None of the accepted media types can be produced",
        422: "A parameter has a wrong or unknown value; suggestions name close valid values",
        409: "The request conflicts with the record (e.g. a correction undone already)",
        410: "The event is gone: rejected by an editor (the correction is named), or every "
             "article that reported it was removed",
        412: "If-Match does not name the event's current ETag: someone changed it since "
             "you read it; GET it again",
        428: "If-Match is required: send the ETag of the event as you last read it",
        429: "Too many failed authentications from this client; wait Retry-After seconds",
        503: "The query took longer than its time budget, or the database is unreachable",
    }
    return {
        status: {
            "model": Problem,
            "description": descriptions.get(status, "Error"),
            "content": {"application/problem+json": {}},
        }
        for status in statuses
    }


def page_links(url: str, next_cursor: str | None) -> Links:
    """`links` for a page served at `url`: the next link carries `cursor=next_cursor`."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if k != CURSOR_PARAM]
    nxt = None
    if next_cursor is not None:
        nxt = urlunsplit(parts._replace(query=urlencode([*query, (CURSOR_PARAM, next_cursor)])))
    return Links(self=url, next=nxt)

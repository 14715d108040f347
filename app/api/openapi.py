"""OpenAPI helpers of the routers: 200 responses with an example, page envelopes and
their `meta` for lists returned whole or page by page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.query.reference import Paged
from app.schemas.common import Meta


def ok(example: Any, description: str = "Successful answer") -> dict[int | str, dict[str, Any]]:
    """The 200 response entry with an example."""
    return {200: {"description": description,
                  "content": {"application/json": {"example": example}}}}


def whole(items: Sequence[Any], description: str | None = None) -> Meta:
    """`meta` of a short list returned whole, in one page."""
    return Meta(total=len(items), limit=len(items), description=description)


def paged(result: Paged[Any], description: str | None = None) -> Meta:
    return Meta(total=result.total, limit=result.limit, next_cursor=result.next_cursor,
                description=description)


def envelope(item: dict[str, Any], url: str, total: int = 1, limit: int = 1,
             next_cursor: str | None = None) -> dict[str, Any]:
    nxt = f"{url}{'&' if '?' in url else '?'}cursor={next_cursor}" if next_cursor else None
    return {"data": [item], "meta": {"total": total, "limit": limit, "next_cursor": next_cursor,
                                     "description": None},
            "links": {"self": url, "next": nxt}}


def model_example(model: type[Any]) -> dict[str, Any]:
    examples: list[dict[str, Any]] = model.model_config["json_schema_extra"]["examples"]
    return examples[0]

"""OpenAPI helpers of the routers: 200 responses with an example, page envelopes and
their `meta` for lists returned whole or page by page; the vocabularies parameters take
their values from; and `publish()`, the last touches of the published document (servers,
the open security of reads, query parameters as sent)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from app import vocab
from app.models import EVENT_TYPES, ROLES
from app.query.filters import MAX_VALUES
from app.query.reference import Paged
from app.schemas.common import Meta

# A cursor is base64url without padding (see query.pagination).
CURSOR_PATTERN = r"^[A-Za-z0-9_-]*$"
# Free text: anything but NUL, which no database stores.
TEXT_PATTERN = r"^[^\x00]*$"
SCHEMAS = "#/components/schemas/"


@cache
def vocabularies() -> dict[str, dict[str, Any]]:
    """Schemas of the closed vocabularies filter values come from, by component name. The
    API accepts them in any case; these are their canonical spellings."""
    codes = sorted({c.alpha2 for c in vocab.countries()} | {c.alpha3 for c in vocab.countries()})
    return {
        "CountryCode": {"type": "string", "enum": codes, "title": "CountryCode",
                        "description": "ISO 3166-1 alpha-2 or alpha-3 code (any case)."},
        "RegionSlug": {"type": "string", "enum": [r["slug"] for r in vocab.regions()],
                       "title": "RegionSlug", "description": "WCO region (see /v1/regions)."},
        "ThemeSlug": {"type": "string", "enum": [t["slug"] for t in vocab.themes()],
                      "title": "ThemeSlug",
                      "description": "Theme or theme group (see /v1/themes)."},
        "FunderSlug": {"type": "string", "enum": [f["slug"] for f in vocab.funders()],
                       "title": "FunderSlug", "description": "Funder (see /v1/funders)."},
        "EventType": {"type": "string", "enum": list(EVENT_TYPES), "title": "EventType",
                      "description": "Kind of event."},
        "Role": {"type": "string", "enum": list(ROLES), "title": "Role",
                 "description": "Role of a customs administration in an article."},
        "Empty": {"type": "string", "maxLength": 0, "title": "Empty",
                  "description": "An empty value: ignored, as if it were not sent."},
    }


def _value_of(vocabulary: str) -> dict[str, Any]:
    assert vocabulary in vocabularies(), vocabulary
    return {"anyOf": [{"$ref": SCHEMAS + vocabulary}, {"$ref": SCHEMAS + "Empty"}]}


def list_of(vocabulary: str, max_items: int = MAX_VALUES) -> dict[str, Any]:
    """`Query(...)` arguments of a repeatable parameter taking values of `vocabulary` (or
    empty values, which are ignored)."""
    return {"max_length": max_items, "json_schema_extra": {"items": _value_of(vocabulary)}}


def one_of(vocabulary: str) -> dict[str, Any]:
    """`Query(...)` arguments of a parameter taking one value of `vocabulary` (or an empty
    value, which is ignored). Its schema replaces the parameter's own (`anyOf`)."""
    return {"json_schema_extra": _value_of(vocabulary)}


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """An optional parameter's `anyOf: [X, {type: null}]` as X: a query parameter is
    absent or a string, never null. The other keys (description, examples, items of a
    vocabulary...) go into X."""
    branches = schema.get("anyOf")
    if not isinstance(branches, list):
        return schema
    others = [b for b in branches if b != {"type": "null"}]
    if len(others) != 1 or len(others) == len(branches):
        return schema
    rest = {k: v for k, v in schema.items() if k != "anyOf"}
    return {**others[0], **rest}


def _resolve(schema: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema and str(schema["$ref"]).startswith(SCHEMAS):
        schema = schemas[schema["$ref"][len(SCHEMAS):]]
    return schema


def _nullable(schema: dict[str, Any], schemas: dict[str, Any]) -> bool:
    schema = _resolve(schema, schemas)
    return schema.get("type") == "null" or any(
        _nullable(b, schemas) for b in schema.get("anyOf", []))


def _restore_nulls(value: Any, schema: dict[str, Any], schemas: dict[str, Any]) -> None:
    """Put back the nulls FastAPI leaves out of examples (it publishes the document with
    `exclude_none`): a required property missing from an example object whose schema
    allows null is null."""
    schema = _resolve(schema, schemas)
    for branch in schema.get("anyOf", []):
        if not _nullable(branch, schemas):
            _restore_nulls(value, branch, schemas)
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value and name in properties and _nullable(properties[name],
                                                                        schemas):
                value[name] = None
        for name, item in value.items():
            if name in properties:
                _restore_nulls(item, properties[name], schemas)
            elif isinstance(schema.get("additionalProperties"), dict):
                _restore_nulls(item, schema["additionalProperties"], schemas)
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for item in value:
            _restore_nulls(item, schema["items"], schemas)


def _examples(spec: dict[str, Any]) -> list[tuple[Any, dict[str, Any]]]:
    """Every example of the document with the schema it illustrates."""
    found: list[tuple[Any, dict[str, Any]]] = []
    for schema in spec.get("components", {}).get("schemas", {}).values():
        found += [(example, schema) for example in schema.get("examples", [])]
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                found += [(example, schema) for example in schema.get("examples", [])]
                if "example" in parameter:
                    found.append((parameter["example"], schema))
            for response in operation.get("responses", {}).values():
                for media in response.get("content", {}).values():
                    if "example" in media and "schema" in media:
                        found.append((media["example"], media["schema"]))
    return found


READ_METHODS = ("get", "head")


def publish(spec: dict[str, Any]) -> dict[str, Any]:
    """The document as published: the vocabulary schemas in `components`, query and path
    parameters without a null branch, examples with their nulls, and every read operation
    open (`security: []`; a write operation declares its own requirement)."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(vocabularies())
    for item in spec.get("paths", {}).values():
        for method, operation in item.items():
            if not isinstance(operation, dict):
                continue
            for parameter in operation.get("parameters", []):
                if "schema" in parameter:
                    parameter["schema"] = _without_null(parameter["schema"])
            if method in READ_METHODS:
                operation.setdefault("security", [])
    for example, schema in _examples(spec):
        _restore_nulls(example, schema, schemas)
    return spec


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

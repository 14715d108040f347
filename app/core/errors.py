"""Typed errors rendered as RFC 9457 problem+json."""

from __future__ import annotations

from typing import Any

PROBLEM_JSON = "application/problem+json"


class AcipError(Exception):
    """Base of every error the service reports on purpose."""

    status: int = 500
    type_slug: str = "internal-error"
    title: str = "Internal error"

    def __init__(self, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra
        self.headers: dict[str, str] = {}  # sent with the problem (e.g. a 301's Location)

    def problem(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": f"https://acip.example.org/problems/{self.type_slug}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


class NotFound(AcipError):
    status, type_slug, title = 404, "not-found", "Resource not found"


class Moved(AcipError):
    """The resource now lives at `location` (an event merged into an older one): 301."""

    status, type_slug, title = 301, "moved", "Moved permanently"

    def __init__(self, detail: str, location: str) -> None:
        super().__init__(detail, location=location)
        self.headers = {"Location": location}


class Gone(AcipError):
    status, type_slug, title = 410, "gone", "Resource gone"


class InvalidParameter(AcipError):
    """A query parameter the service understands but whose value is wrong."""

    status, type_slug, title = 422, "invalid-parameter", "Invalid parameter"

    def __init__(
        self, parameter: str, detail: str, suggestions: list[str] | None = None
    ) -> None:
        errors = [{"parameter": parameter, "detail": detail, "suggestions": suggestions or []}]
        super().__init__(detail, errors=errors)


class BadRequest(AcipError):
    status, type_slug, title = 400, "bad-request", "Bad request"


class NotAcceptable(AcipError):
    status, type_slug, title = 406, "not-acceptable", "Not acceptable"


class ServiceUnavailable(AcipError):
    status, type_slug, title = 503, "service-unavailable", "Service unavailable"


class QueryTimeout(AcipError):
    status, type_slug, title = 503, "query-timeout", "Query took too long"

"""Typed errors rendered as RFC 9457 problem+json."""

from __future__ import annotations

from typing import Any

PROBLEM_JSON = "application/problem+json"


class AcipError(Exception):
    """Base of every error the service reports on purpose."""

    status: int = 500
    type_slug: str = "internal-error"
    title: str = "Internal error"

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(detail)
        self.detail = detail
        self.extra = extra
        self.headers = headers or {}

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


class Unauthorized(AcipError):
    """No API key, or one that does not authenticate (the answer says which, never the
    key); sent with `WWW-Authenticate: Bearer`."""

    status, type_slug, title = 401, "unauthorized", "Authentication required"

    def __init__(self, detail: str, error: str | None = None) -> None:
        challenge = 'Bearer realm="acip"'
        if error:
            challenge += f', error="{error}"'
        super().__init__(detail, headers={"WWW-Authenticate": challenge})


class Forbidden(AcipError):
    status, type_slug, title = 403, "forbidden", "Not allowed"


class Conflict(AcipError):
    status, type_slug, title = 409, "conflict", "Conflict"


class PreconditionFailed(AcipError):
    status, type_slug, title = 412, "precondition-failed", "Precondition failed"


class PreconditionRequired(AcipError):
    status, type_slug, title = 428, "precondition-required", "Precondition required"


class TooManyRequests(AcipError):
    status, type_slug, title = 429, "too-many-requests", "Too many requests"

    def __init__(self, detail: str, retry_after: int) -> None:
        super().__init__(detail, headers={"Retry-After": str(retry_after)})


class InvalidBody(AcipError):
    """A request body the service parses but whose content is wrong (unknown country,
    funder or theme, a sentence not in the document...)."""

    status, type_slug, title = 422, "invalid-body", "Invalid request body"

    def __init__(self, field: str, detail: str, suggestions: list[str] | None = None) -> None:
        errors = [{"parameter": field, "detail": detail, "suggestions": suggestions or []}]
        super().__init__(detail, errors=errors)

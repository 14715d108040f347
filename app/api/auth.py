"""Who may write: `Authorization: Bearer <key>` checked against the stored hashes.

Reads need no key. Every write route depends on `EditorDep` (declared in the OpenAPI as the
`ApiKey` bearer scheme on those routes only). A missing key is a 401 with
`WWW-Authenticate: Bearer`; an unknown, wrong, revoked or expired key a 401 that says
which (never echoing the key); a client with too many failures within the window
(Settings.auth_max_failures, auth_failure_window_s) a 429 with Retry-After, before its key
is even looked at. The key's name goes into the audit log; the key itself nowhere.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from app.api.deps import SessionDep
from app.core.errors import TooManyRequests, Unauthorized
from app.curation.keys import FailureLimiter, KeyRejected, verify_key
from app.curation.write import Editor

bearer = HTTPBearer(
    auto_error=False, scheme_name="ApiKey", bearerFormat="acip_<prefix>_<secret>",
    description="An API key made with `acip keys create --name NAME` (role editor or "
    "admin), sent as `Authorization: Bearer acip_...`. Reads need none.")


def limiter(request: Request) -> FailureLimiter:
    app_state = request.app.state
    found: FailureLimiter | None = getattr(app_state, "auth_limiter", None)
    if found is None:
        settings = app_state.settings
        found = FailureLimiter(settings.auth_max_failures, settings.auth_failure_window_s)
        app_state.auth_limiter = found
    return found


def require_editor(
    request: Request, session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Editor:
    """The editor behind the request's key (editor or admin role), or 401 / 429.

    The key check's read transaction is ended here: the write then begins with its lock
    (see app/curation/write.py)."""
    client = request.client.host if request.client else "unknown"
    limits = limiter(request)
    wait = limits.retry_after(client)
    if wait is not None:
        raise TooManyRequests(
            f"too many failed authentications from this client; try again in {wait} s",
            retry_after=wait)
    if credentials is None or not credentials.credentials:
        raise Unauthorized("this operation needs an API key: send "
                           "`Authorization: Bearer <key>` (see `acip keys create`)")
    try:
        key = verify_key(session, credentials.credentials)
    except KeyRejected as exc:
        limits.failed(client)
        raise Unauthorized(str(exc), error="invalid_token") from None
    editor = Editor(key.id, key.name, key.role)
    session.commit()
    return editor


EditorDep = Annotated[Editor, Depends(require_editor)]

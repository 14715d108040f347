"""A TestClient whose requests see the test's (rolled-back) session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from app.api.deps import get_session
from app.core.config import Settings
from app.main import create_app


@contextmanager
def api_client(session: Session) -> Iterator[TestClient]:
    """The app on the session's database; every request uses `session` itself, so rows
    the test wrote (and will roll back) are visible."""
    bind = session.get_bind()
    app = create_app(Settings(database_url=bind.engine.url.render_as_string(
        hide_password=False)))

    def same_session() -> Iterator[Session]:
        yield session

    app.dependency_overrides[get_session] = same_session
    with TestClient(app) as client:
        yield client

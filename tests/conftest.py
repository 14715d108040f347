"""Every database test runs on SQLite and on a real PostgreSQL.

PostgreSQL: a fresh database per test run on ACIP_TEST_POSTGRES_URL (default
postgresql+psycopg://postgres@127.0.0.1:5432/postgres), dropped afterwards. Locally a
missing server skips those tests with the reason; with CI=true it fails them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.db import migrate
from app.db.session import make_engine, session_scope
from app.ingest.reference import seed_reference

BACKENDS = ["sqlite", "postgresql"]
FIXTURES = Path(__file__).parent / "fixtures"
POSTGRES_ADMIN_URL = os.environ.get(
    "ACIP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _postgres_unavailable(reason: str) -> None:
    message = f"PostgreSQL unavailable at {POSTGRES_ADMIN_URL}: {reason}"
    if IN_CI:
        pytest.fail(f"{message} (CI=true: PostgreSQL tests must run, not skip)")
    pytest.skip(message)


def _create_postgres_database() -> tuple[str, Engine]:
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"acip_test_{uuid.uuid4().hex[:10]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # any connection failure: the server is not there
        admin.dispose()
        _postgres_unavailable(str(exc).splitlines()[0])
    return make_url(POSTGRES_ADMIN_URL).set(database=name).render_as_string(False), admin


def _drop_postgres_database(url: str, admin: Engine) -> None:
    name = make_url(url).database
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@contextmanager
def new_database(backend: str, directory: Path) -> Iterator[str]:
    """A URL to a new, empty database of `backend`, removed afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{directory / f'acip-{uuid.uuid4().hex[:8]}.db'}"
        return
    url, admin = _create_postgres_database()
    try:
        yield url
    finally:
        _drop_postgres_database(url, admin)


@pytest.fixture(scope="session")
def empty_database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """The session's database of the requested backend (migrated by `migrated_engine`)."""
    with new_database(request.param, tmp_path_factory.mktemp("db")) as url:
        yield url


@pytest.fixture
def scratch_database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A further empty database of the same backend, for tests that wreck their database."""
    with new_database(backend, tmp_path) as url:
        yield url


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrise every test that reaches a database over both backends."""
    if "empty_database_url" in metafunc.fixturenames:
        metafunc.parametrize("empty_database_url", BACKENDS, indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(empty_database_url: str) -> str:
    return "postgresql" if empty_database_url.startswith("postgresql") else "sqlite"


@pytest.fixture(scope="session")
def migrated_engine(empty_database_url: str) -> Iterator[Engine]:
    """The backend's database built by running the migrations (up, down, up) and seeded."""
    engine = make_engine(empty_database_url)
    migrate.upgrade(engine)
    migrate.downgrade(engine, "base")
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        seed_reference(session)
    yield engine
    engine.dispose()


@pytest.fixture
def db_session(migrated_engine: Engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test."""
    connection = migrated_engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint",
                      expire_on_commit=False)
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()

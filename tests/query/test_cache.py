"""The aggregate cache: reused while the data version stands, recomputed when it moves,
never used by sessions bound to a connection."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.query import cache
from app.query.reference import theme_tree
from app.query.stats import get_stats
from tests.factories import make_document, make_event


@pytest.fixture
def engine_session(migrated_engine: Engine) -> Iterator[Session]:
    """A session bound to the engine, as the API's are; its work is rolled back."""
    cache.clear()
    session = Session(bind=migrated_engine)
    try:
        yield session
    finally:
        session.rollback()
        session.close()
        cache.clear()


def test_same_data_version_reuses_the_result(engine_session: Session) -> None:
    first = get_stats(engine_session)
    assert get_stats(engine_session) is first
    assert theme_tree(engine_session) is theme_tree(engine_session)


def test_new_rows_move_the_version_and_recompute(engine_session: Session) -> None:
    before = get_stats(engine_session)
    doc = make_document(engine_session, themes=["transparency"])
    make_event(engine_session, doc)
    after = get_stats(engine_session)
    assert after is not before
    assert after.totals.documents == before.totals.documents + 1
    assert after.totals.events == before.totals.events + 1


def test_expired_entries_are_recomputed(engine_session: Session,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    first = get_stats(engine_session)
    monkeypatch.setattr(cache, "TTL_SECONDS", -1.0)
    assert get_stats(engine_session) is not first


def test_connection_bound_sessions_always_compute(db_session: Session) -> None:
    assert get_stats(db_session) is not get_stats(db_session)

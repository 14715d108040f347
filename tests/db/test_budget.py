"""The query time budget on SQLite: a watchdog thread interrupts what runs too long,
whichever thread runs it, and nothing else."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.core.errors import QueryTimeout
from app.db.budget import time_budget
from app.db.session import make_engine

SLOW = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
        "WHERE x < 200000000) SELECT count(*) FROM c")


@pytest.fixture
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'budget.db'}")
    yield engine
    engine.dispose()


def test_a_statement_over_budget_is_stopped_in_a_worker_thread(engine) -> None:  # type: ignore[no-untyped-def]
    outcome: list[object] = []

    def work() -> None:
        with Session(engine) as session:
            try:
                with time_budget(session, 50):
                    session.execute(text(SLOW))
            except QueryTimeout as exc:
                outcome.append(exc)

    started = time.monotonic()
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive()
    assert outcome and isinstance(outcome[0], QueryTimeout)
    assert time.monotonic() - started < 5


def test_the_deadline_restarts_at_every_statement(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as session, time_budget(session, 300):
        for _ in range(4):  # 4 x 100 ms: longer than the budget in all, each within it
            session.execute(text("SELECT 1"))
            time.sleep(0.1)
        assert session.execute(text("SELECT 2")).scalar() == 2


def test_a_connection_given_back_is_never_interrupted_later(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as session, time_budget(session, 50):
        session.execute(text("SELECT 1"))
        session.close()  # given back inside the budget, as run_query does
        time.sleep(0.2)  # past the deadline: the watchdog must have let go of it
    time.sleep(0.2)  # past the old deadline: the watchdog must have let go of it
    with Session(engine) as session:  # the same pooled connection, without a budget
        started = time.monotonic()
        count = session.execute(text(SLOW.replace("200000000", "300000"))).scalar()
        assert count == 300000
        assert time.monotonic() - started < 10

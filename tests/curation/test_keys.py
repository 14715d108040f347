"""The failure limiter and key verification, without HTTP."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from app.curation.keys import FailureLimiter, KeyRejected, create_key, verify_key


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_is_refused_after_its_failures_until_the_oldest_leaves_the_window() -> None:
    clock = Clock()
    limiter = FailureLimiter(3, 60, clock)
    for step in range(3):
        assert limiter.retry_after("10.0.0.1") is None
        limiter.failed("10.0.0.1")
        clock.now += 10 * (step < 2)
    assert limiter.retry_after("10.0.0.1") == 40  # the first failure leaves at 1060
    assert limiter.retry_after("10.0.0.2") is None  # others are not held up
    clock.now = 1060.5
    assert limiter.retry_after("10.0.0.1") is None


def test_a_key_verifies_until_it_expires(db_session: Session) -> None:
    new = create_key(db_session, "temp", expires_on=date(2030, 1, 31))
    assert verify_key(db_session, new.key, today=date(2030, 1, 31)).name == "temp"
    with pytest.raises(KeyRejected, match="expired on 2030-01-31"):
        verify_key(db_session, new.key, today=date(2030, 2, 1))
    with pytest.raises(KeyRejected, match="not valid"):
        verify_key(db_session, new.key + "x")

"""Two editors write the same event at once, from the same ETag: one wins (201), the other
gets 412; one correction stored, nothing lost or doubled. On a file SQLite database and on
PostgreSQL, through the app with its own engine and sessions (threads, real commits)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from app.core.config import Settings
from app.curation.keys import create_key
from app.db import migrate
from app.db.session import make_engine, session_scope
from app.ingest.reference import seed_reference
from app.main import create_app
from app.models import Correction, Event
from tests.factories import make_document, make_event

ROUNDS = 4


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_writers_from_one_etag_one_wins_the_other_gets_412(
        scratch_database_url: str, round_: int) -> None:
    engine = make_engine(scratch_database_url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        seed_reference(session)
        document = make_document(session, administrations=[("TGO", "host")])
        event = make_event(session, document, start=date(2025, 3, 10), city="Lomé",
                           country_code="TGO").public_id
        keys = [create_key(session, name).key for name in ("amina", "kofi")]
    app = create_app(Settings(database_url=scratch_database_url, log_level="WARNING"))
    statuses: dict[str, int] = {}
    with TestClient(app) as client:
        etag = client.get(f"/v1/events/{event}").headers["etag"]
        start = threading.Barrier(2)

        def write(key: str, city: str) -> None:
            start.wait()
            response = client.post(
                f"/v1/events/{event}/corrections",
                json={"action": "set", "venue": {"city": city, "country_code": "GHA"},
                      "reason": f"It was in {city}."},
                headers={"Authorization": f"Bearer {key}", "If-Match": etag})
            statuses[city] = response.status_code

        threads = [threading.Thread(target=write, args=(key, city))
                   for key, city in zip(keys, ("Accra", "Kumasi"), strict=True)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        final = client.get(f"/v1/events/{event}").json()
    assert sorted(statuses.values()) == [201, 412], statuses
    winner = next(city for city, status in statuses.items() if status == 201)
    with session_scope(engine) as session:
        stored = session.execute(select(Correction.kind, Correction.after)).all()
        assert [(kind, after["city"]) for kind, after in stored] == [("event.set", winner)]
        assert session.scalar(select(func.count()).select_from(Event)) == 1
    assert final["venue"]["city"] == winner
    assert final["curation"]["venue"]["curated"]
    engine.dispose()

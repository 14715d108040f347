"""Schemathesis over the curation write operations with a valid editor key, so generated
bodies reach the write path (the general run, tests/api/test_schemathesis.py, has no key:
its writes stop at 401). Half the requests name real events and documents and send
`If-Match: *`, so corrections are checked, stored and applied; none may get a 5xx, and
every answer conforms to the schema."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy import select

from app.core.config import Settings
from app.curation.keys import create_key
from app.db import migrate
from app.db.session import make_engine, session_scope
from app.ingest.reference import seed_reference
from app.main import create_app
from app.models import Document, Event
from app.synth import synthesize

pytestmark = pytest.mark.slow

EXAMPLES = {GenerationMode.POSITIVE: 80, GenerationMode.NEGATIVE: 30}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def curated_app(scratch_database_url: str) -> Iterator[tuple[FastAPI, str, list[str], list[int]]]:
    engine = make_engine(scratch_database_url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        seed_reference(session)
    synthesize(engine, events=60, seed=5)
    with session_scope(engine) as session:
        key = create_key(session, "fuzzer", "admin").key
        events = list(session.scalars(select(Event.public_id).order_by(Event.id)))
        documents = list(session.scalars(select(Document.id).order_by(Document.id)))
    engine.dispose()
    application = create_app(Settings(database_url=scratch_database_url, log_level="WARNING",
                                      auth_max_failures=1_000_000))
    with TestClient(application):
        yield application, key, events, documents


def test_generated_corrections_with_a_valid_key_never_get_a_5xx(
        curated_app: tuple[FastAPI, str, list[str], list[int]]) -> None:
    app, key, events, documents = curated_app
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [r.ok() for r in schema.get_all_operations()]
    writes = [op for op in operations if op.method.upper() == "POST"]
    assert {op.path for op in writes} == {"/v1/events/{event_id}/corrections", "/v1/events",
                                          "/v1/corrections/{correction_id}/undo"}
    chooser = random.Random(7)
    sent = 0
    for operation in writes:
        for mode, count in EXAMPLES.items():

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=count, deadline=None, database=None, derandomize=True,
                      suppress_health_check=list(HealthCheck))
            def check(case: schemathesis.Case) -> None:
                nonlocal sent
                sent += 1
                headers: dict[str, Any] = {"Authorization": f"Bearer {key}"}
                if chooser.random() < 0.5:
                    headers["If-Match"] = "*"
                    if "event_id" in (case.path_parameters or {}):
                        case.path_parameters["event_id"] = chooser.choice(events)
                    if "correction_id" in (case.path_parameters or {}):
                        case.path_parameters["correction_id"] = chooser.randint(1, 20)
                    if isinstance(case.body, dict) and "document_id" in case.body:
                        case.body["document_id"] = chooser.choice(documents)
                case.call_and_validate(headers=headers, checks=CHECKS)

            check()
    assert sent >= 200

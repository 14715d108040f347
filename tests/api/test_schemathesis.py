"""Property-based tests over the OpenAPI schema (schemathesis, in-process ASGI).

For every operation, on SQLite and PostgreSQL, with a database filled by `synth`:
requests generated from the schema (valid and invalid parameters) never get a 5xx, and
every answer conforms to the schema: a declared status code and content type, and a body
that validates against the declared model (the Problem model for errors).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.core.config import Settings
from app.db import migrate
from app.db.session import make_engine, session_scope
from app.ingest.reference import seed_reference
from app.main import create_app
from app.synth import synthesize

pytestmark = pytest.mark.slow

# At most per operation and mode; operations without parameters exhaust theirs at once.
EXAMPLES = {GenerationMode.POSITIVE: 60, GenerationMode.NEGATIVE: 30}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
MIN_REQUESTS_PER_BACKEND = 500

sent: Counter[str] = Counter()


@pytest.fixture
def app(scratch_database_url: str) -> Iterator[FastAPI]:
    engine = make_engine(scratch_database_url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        seed_reference(session)
    synthesize(engine, events=300, seed=3)
    engine.dispose()
    application = create_app(Settings(database_url=scratch_database_url, log_level="WARNING"))
    with TestClient(application):  # runs the lifespan: the app's engine and sessions
        yield application


def run_operation(operation: Any, mode: GenerationMode, backend: str) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES[mode], deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        sent[backend] += 1
        case.call_and_validate(checks=CHECKS)

    check()


def test_no_generated_request_gets_a_5xx_and_answers_conform(app: FastAPI,
                                                              backend: str) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    sent[backend] = 0
    for operation in operations:
        for mode in EXAMPLES:
            try:
                run_operation(operation, mode, backend)
            except Unsatisfiable:
                # No parameter to make invalid (e.g. /healthz): nothing negative to send.
                assert mode is GenerationMode.NEGATIVE, operation.label
    print(f"schemathesis on {backend}: {sent[backend]} requests "
          f"over {len(operations)} operations")
    assert sent[backend] >= MIN_REQUESTS_PER_BACKEND

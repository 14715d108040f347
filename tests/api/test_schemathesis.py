"""The contract, from schemathesis: every check over every operation, on both backends.

schemathesis's engine (the one behind `schemathesis run`) runs in-process over the ASGI app,
with the project's `schemathesis.toml` (its one documented exemption: a cursor this API did
not issue is a 400), every phase (the schema's examples, coverage of each parameter's
boundaries and of values just outside them, fuzzing with valid and invalid data, stateful
sequences along the links) and every check (no 5xx; declared status codes, content types,
headers and bodies; valid requests accepted, invalid ones rejected; ...). The database holds
the fixture articles and synthetic events. Deterministic: a fixed seed, derandomized.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events, from_schema

from app.core.config import Settings
from app.db import migrate
from app.db.session import make_engine, session_scope
from app.ingest import pipeline
from app.ingest.reference import seed_reference
from app.main import create_app
from app.synth import synthesize
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "schemathesis.toml"
# Per operation and phase; enough to reach every parameter's boundaries in the coverage
# phase, bounded so that both backends finish in a few minutes on two busy cores.
MAX_EXAMPLES = 15
SEED = 20261207
EVERY_CHECK = {
    "not_a_server_error", "status_code_conformance", "content_type_conformance",
    "response_headers_conformance", "response_schema_conformance", "negative_data_rejection",
    "positive_data_acceptance", "missing_required_header", "unsupported_method",
    "allow_header_conformance", "use_after_free", "ensure_resource_availability",
    "ignored_auth", "object_level_authorization",
}
MIN_CASES = 1500


@dataclass
class Run:
    cases: int = 0
    checks: Counter[str] = field(default_factory=Counter)
    failures: set[str] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)


def contract_config() -> SchemathesisConfig:
    text = CONFIG.read_text("utf-8")
    tomllib.loads(text)  # the file on its own is valid TOML
    return SchemathesisConfig.from_str(
        f"seed = {SEED}\n{text}\n[generation]\nmax-examples = {MAX_EXAMPLES}\n"
        "deterministic = true\n", base_dir=str(ROOT))


def run_schemathesis(app: FastAPI) -> Run:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=contract_config())
    run = Run()
    for event in from_schema(schema).execute():
        if isinstance(event, events.FatalError | events.NonFatalError):
            run.errors.append(f"{type(event).__name__}: {event}")
        recorder = getattr(event, "recorder", None)
        if not isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished) \
                or recorder is None:
            continue
        run.cases += len(recorder.cases)
        for nodes in recorder.checks.values():
            for node in nodes:
                run.checks[node.name] += 1
                if node.status == Status.FAILURE and node.failure_info is not None:
                    failure = node.failure_info.failure
                    run.failures.add(f"{recorder.label}: {node.name}: {failure.title}\n"
                                     f"{failure.message}\n{node.failure_info.code_sample}")
    return run


@pytest.fixture
def app(scratch_database_url: str) -> Iterator[FastAPI]:
    engine = make_engine(scratch_database_url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        seed_reference(session)
    with session_scope(engine) as session:
        summary = pipeline.run([str(FIXTURES / "corpus" / "articles")], session,
                               max_bytes=2_000_000)
    assert summary.results and not summary.failures, summary.failures
    synthesize(engine, events=100, seed=3)
    engine.dispose()
    application = create_app(Settings(database_url=scratch_database_url, log_level="WARNING"))
    with TestClient(application):  # runs the lifespan: the app's engine and sessions
        yield application


def test_every_check_passes_over_every_operation(app: FastAPI, backend: str) -> None:
    run = run_schemathesis(app)
    print(f"schemathesis on {backend}: {run.cases} test cases, "
          f"{sum(run.checks.values())} checks ({dict(sorted(run.checks.items()))}), "
          f"{len(run.failures)} failures")
    assert not run.errors, run.errors
    assert not run.failures, "\n\n".join(sorted(run.failures))
    assert run.cases >= MIN_CASES
    assert set(run.checks) >= EVERY_CHECK, EVERY_CHECK - set(run.checks)


def test_the_config_file_is_the_one_the_cli_reads() -> None:
    """`schemathesis run` from the repository root finds the same file."""
    config = SchemathesisConfig.from_path(CONFIG)
    assert config.config_path == str(CONFIG)

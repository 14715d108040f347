"""The published OpenAPI document, checked as a contract: every example validates against
its own schema, the document declares its servers and the open security of reads, and the
two linters find nothing — Redocly CLI (`recommended`, redocly.yaml) and Spectral
(`spectral:oas`, .spectral.yaml), both from npm, installed by `make linters`. Without them
the linter tests skip with the reason, and fail when CI=true."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from app.core.config import Settings
from app.main import create_app

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    document: dict[str, Any] = create_app(Settings(database_url="sqlite:///:memory:")).openapi()
    return json.loads(json.dumps(document))  # as served: plain JSON


def examples(spec: dict[str, Any]) -> Iterator[tuple[str, Any, dict[str, Any]]]:
    """(where, example, schema) for every example of the document."""
    for name, schema in spec["components"]["schemas"].items():
        for i, example in enumerate(schema.get("examples", [])):
            yield f"components.schemas.{name}.examples[{i}]", example, schema
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            where = f"{method.upper()} {path}"
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                for i, example in enumerate(schema.get("examples", [])):
                    yield f"{where} {parameter['name']}.examples[{i}]", example, schema
                if "example" in parameter:
                    yield f"{where} {parameter['name']}.example", parameter["example"], schema
            for status, response in operation.get("responses", {}).items():
                for media_type, media in response.get("content", {}).items():
                    if "example" in media:
                        yield (f"{where} {status} {media_type}", media["example"],
                               media.get("schema", {}))


def test_every_example_validates_against_its_schema(spec: dict[str, Any]) -> None:
    found = list(examples(spec))
    assert len(found) >= 40
    wrong = []
    for where, example, schema in found:
        validator = jsonschema_rs.Draft202012Validator(
            {**schema, "components": spec["components"]}, validate_formats=True)
        wrong += [f"{where}: {error.message} at {list(error.instance_path)}"
                  for error in validator.iter_errors(example)]
    assert not wrong, "\n".join(wrong)


def test_array_parameters_have_array_examples(spec: dict[str, Any]) -> None:
    arrays = [(path, parameter) for path, item in spec["paths"].items()
              for operation in item.values() for parameter in operation.get("parameters", [])
              if parameter["schema"].get("type") == "array"]
    assert arrays
    for path, parameter in arrays:
        assert all(isinstance(e, list) for e in parameter["schema"].get("examples", [])), \
            (path, parameter["name"])


def test_servers_and_the_open_security_of_reads_are_declared(spec: dict[str, Any]) -> None:
    assert [s["url"] for s in spec["servers"]] == ["/"]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in ("get", "head"):
                assert operation["security"] == [], (method, path)


def test_query_parameters_are_never_null(spec: dict[str, Any]) -> None:
    for path, item in spec["paths"].items():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                assert {"type": "null"} not in parameter["schema"].get("anyOf", []), \
                    (path, parameter["name"])


# --- the linters ----------------------------------------------------------------------------


def linter(name: str) -> str:
    """The linter's executable: installed by `make linters` under .venv/node, or on PATH."""
    candidates = [Path(sys.prefix) / "node" / "node_modules" / ".bin" / name,
                  ROOT / ".venv" / "node" / "node_modules" / ".bin" / name]
    for candidate in candidates:
        if candidate.exists():
            return str(candidate)
    found = shutil.which(name)
    if found:
        return found
    message = f"{name} is not installed (run `make linters`: node from Debian, {name} from npm)"
    if IN_CI:
        pytest.fail(f"{message}; CI=true: the linters must run")
    pytest.skip(message)


@pytest.fixture(scope="module")
def document(spec: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("openapi") / "openapi.json"
    path.write_text(json.dumps(spec), "utf-8")
    return path


def test_redocly_recommended_finds_nothing(document: Path) -> None:
    command = [linter("redocly"), "lint", str(document), "--config", str(ROOT / "redocly.yaml"),
               "--format", "json"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "REDOCLY_TELEMETRY": "off",
                                 "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"})
    report = json.loads(result.stdout)
    problems = [f"{p['severity']} {p['ruleId']}: {p['message']} "
                f"({p['location'][0].get('pointer', '')})" for p in report["problems"]]
    assert report["totals"] == {"errors": 0, "warnings": 0, "ignored": 0}, "\n".join(problems)
    assert result.returncode == 0, result.stderr[-2000:]


def test_spectral_oas_finds_nothing(document: Path) -> None:
    command = [linter("spectral"), "lint", str(document), "--ruleset",
               str(ROOT / ".spectral.yaml"), "--format", "json", "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    problems = json.loads(result.stdout or "[]")
    assert problems == [], "\n".join(
        f"{p['code']}: {p['message']} ({'.'.join(map(str, p['path']))})" for p in problems)
    assert result.returncode == 0, result.stderr[-2000:]

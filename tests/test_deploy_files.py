"""docker-compose.yml and the Dockerfile name only real settings and real CLI commands
(this machine has no Docker engine, so they are checked by reading them)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import yaml
from typer.main import get_command

from app.cli import app
from app.core.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def acip_invocations(command: str) -> list[list[str]]:
    """Every `acip ...` command line in a shell command string."""
    return [shlex.split(part)[1:] for part in re.split(r"&&|;", command)
            if shlex.split(part)[:1] == ["acip"]]


def assert_real_cli_command(args: list[str]) -> None:
    group = get_command(app)
    ctx_command = group
    for word in args:
        if word.startswith("-") or not hasattr(ctx_command, "commands"):
            break
        assert word in ctx_command.commands, f"`acip {' '.join(args)}`: no command {word!r}"
        ctx_command = ctx_command.commands[word]
    options = {opt for p in ctx_command.params for opt in getattr(p, "opts", [])}
    for word in args:
        if word.startswith("--"):
            assert word.split("=")[0] in options, f"`acip {' '.join(args)}`: no option {word}"


def test_compose_migrates_once_then_runs_replicas_behind_one_port() -> None:
    services = compose()["services"]
    assert services["db"]["image"].startswith("postgres")
    assert "healthcheck" in services["db"]
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    assert (services["api"]["depends_on"]["migrate"]["condition"]
            == "service_completed_successfully")
    assert services["api"]["build"] == "." and services["api"]["deploy"]["replicas"] >= 2
    assert "ports" not in services["api"]  # only the proxy publishes a port
    assert services["proxy"]["ports"] == ["8000:80"]
    config = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server api:8000" in config and "proxy_pass http://acip_api" in config
    assert "pgdata" in compose()["volumes"]


def test_compose_connections_fit_in_max_connections() -> None:
    services = compose()["services"]
    api = services["api"]
    workers = int(api["command"][-1].split("--workers")[1].split()[0])
    per_worker = (int(api["environment"]["ACIP_DB_POOL_SIZE"])
                  + int(api["environment"]["ACIP_DB_MAX_OVERFLOW"]))
    max_connections = int(services["db"]["command"][-1].split("=")[1])
    assert api["deploy"]["replicas"] * workers * per_worker + 2 < max_connections


def test_compose_api_sets_only_real_settings() -> None:
    environment = compose()["services"]["api"]["environment"]
    fields = {f"ACIP_{name.upper()}" for name in Settings.model_fields}
    for name in environment:
        assert name in fields, f"{name} is not a setting"
    assert environment["ACIP_DATABASE_URL"].startswith("postgresql+psycopg://")


def test_compose_services_run_real_cli_commands() -> None:
    def invocations(service: str) -> list[list[str]]:
        command = compose()["services"][service]["command"]
        return acip_invocations(command[-1] if isinstance(command, list) else command)

    assert [args[:2] for args in invocations("migrate")][:1] == [["db", "upgrade"]]
    assert any(args[:1] == ["serve"] for args in invocations("api"))
    for args in invocations("migrate") + invocations("api"):
        assert_real_cli_command(args)


def test_dockerfile_cmd_runs_real_cli_commands() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = json.loads(re.search(r"^CMD (.+)$", dockerfile, re.M).group(1))  # type: ignore[union-attr]
    for args in acip_invocations(cmd[-1]):
        assert_real_cli_command(args)
    assert "0.0.0.0" in cmd[-1]

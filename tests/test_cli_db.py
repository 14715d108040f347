"""The `acip` command: version, db commands and their one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app import __version__
from app.cli import app
from app.db import migrate
from app.db.session import make_engine

runner = CliRunner()


def run_acip(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], capture_output=True, text=True, timeout=120
    )


def test_version_is_printed() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"acip {__version__}"


def test_help_lists_every_command() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("db", "serve", "ingest", "extract", "eval", "synth"):
        assert command in result.output


def test_db_upgrade_twice_is_a_no_op(scratch_database_url: str) -> None:
    first = runner.invoke(app, ["db", "upgrade", "--database-url", scratch_database_url])
    second = runner.invoke(app, ["db", "upgrade", "--database-url", scratch_database_url])
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    engine = make_engine(scratch_database_url)
    try:
        assert migrate.is_at_head(engine)
    finally:
        engine.dispose()


def test_db_downgrade_to_base_then_upgrade(scratch_database_url: str) -> None:
    up = runner.invoke(app, ["db", "upgrade", "--database-url", scratch_database_url])
    assert up.exit_code == 0, up.output
    down = runner.invoke(app, ["db", "downgrade", "base", "--database-url", scratch_database_url])
    assert down.exit_code == 0, down.output
    engine = make_engine(scratch_database_url)
    try:
        assert migrate.current_revision(engine) is None
    finally:
        engine.dispose()


def test_db_seed_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    result = runner.invoke(app, ["db", "seed", "--database-url", f"sqlite:///{tmp_path}/a.db"])
    assert result.exit_code == 1
    assert "acip db upgrade" in result.output


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/acip", "unsupported database URL scheme"),
        ("sqlite:////proc/acip-cannot-write-here/acip.db", "cannot create the SQLite directory"),
        ("postgresql://postgres@127.0.0.1:1/acip", "cannot reach the database"),
    ],
)
def test_bad_database_gets_one_clear_line_and_exit_1(url: str, message: str) -> None:
    result = run_acip("db", "upgrade", "--database-url", url)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1

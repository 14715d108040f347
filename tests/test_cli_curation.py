"""`acip keys` and `acip export-gold`: a key is printed once and only its hash stored;
curated records exported in the corpus schema are scored by `acip eval`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, select
from typer.testing import CliRunner

from app.cli import app
from app.core.config import Settings
from app.main import create_app
from app.models import ApiKey, Event

runner = CliRunner()
CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"


@pytest.fixture
def database_url(scratch_database_url: str) -> str:
    result = runner.invoke(app, ["db", "upgrade", "--database-url", scratch_database_url])
    assert result.exit_code == 0, result.output
    return scratch_database_url


def _keys(*args: str, url: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["keys", *args, "--database-url", url])
    return result.exit_code, result.stdout, result.stderr


def test_a_key_is_printed_once_listed_without_its_secret_and_revoked(
        database_url: str) -> None:
    code, out, err = _keys("create", "--name", "amina", "--role", "admin", "--expires",
                           "2030-01-31", url=database_url)
    assert code == 0, err
    key = out.strip()
    assert re.fullmatch(r"acip_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", key)
    assert "not shown again" in err
    engine = create_engine(database_url)
    with engine.connect() as connection:
        stored = connection.execute(select(ApiKey.key_hash, ApiKey.role,
                                           ApiKey.expires_on)).one()
    engine.dispose()
    assert stored.key_hash != key and key not in stored.key_hash and stored.role == "admin"
    assert str(stored.expires_on) == "2030-01-31"
    code, out, _ = _keys("list", url=database_url)
    assert code == 0 and "amina" in out and "admin" in out and key not in out
    assert "expires 2030-01-31" in out
    code, _, err = _keys("revoke", "1", url=database_url)
    assert code == 0 and "revoked" in err
    assert "revoked" in _keys("list", url=database_url)[1]


@pytest.mark.parametrize(("args", "message"), [
    (["--name", "amina", "--role", "owner"], "unknown role"),
    (["--name", "amina", "--expires", "31/01/2030"], "Invalid value"),
])
def test_a_bad_key_request_fails_with_one_line(database_url: str, args: list[str],
                                               message: str) -> None:
    code, _, err = _keys("create", *args, url=database_url)
    assert code != 0 and message in err


def test_a_taken_name_or_an_unknown_id_fails(database_url: str) -> None:
    assert _keys("create", "--name", "amina", url=database_url)[0] == 0
    code, _, err = _keys("create", "--name", "amina", url=database_url)
    assert code == 1 and "exists already" in err
    code, _, err = _keys("revoke", "99", url=database_url)
    assert code == 1 and "no key with id 99" in err


def test_exported_gold_is_scored_by_acip_eval(database_url: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(CORPUS.parents[2])  # sources stored relative to the repository
    article = CORPUS / "articles" / "a01.txt"
    result = runner.invoke(app, ["ingest", str(article), "--database-url", database_url])
    assert result.exit_code == 0, result.output
    key = _keys("create", "--name", "amina", url=database_url)[1].strip()
    engine = create_engine(database_url)
    with engine.connect() as connection:
        event = connection.scalar(select(Event.public_id).order_by(Event.id))
    engine.dispose()
    client_app = create_app(Settings(database_url=database_url, log_level="WARNING"))
    with TestClient(client_app) as client:
        etag = client.get(f"/v1/events/{event}").headers["etag"]
        response = client.post(f"/v1/events/{event}/corrections", headers={
            "Authorization": f"Bearer {key}", "If-Match": etag}, json={
            "action": "add_administration", "country": "KEN", "role": "expert",
            "reason": "Kenya sent an expert (mission report)."})
        assert response.status_code == 201, response.text

    gold_path = tmp_path / "gold.json"
    result = runner.invoke(app, ["export-gold", "--relative-to", str(CORPUS), "-o",
                                 str(gold_path), "--database-url", database_url])
    assert result.exit_code == 0, result.output
    gold = json.loads(gold_path.read_text())
    assert list(gold) == ["articles/a01.txt"]
    assert {"country": "KEN", "roles": ["expert"]} in gold["articles/a01.txt"][
        "administrations"]

    scored = runner.invoke(app, ["eval", str(gold_path), str(CORPUS), "--json"])
    assert scored.exit_code == 0, scored.output
    fields = json.loads(scored.stdout)["fields"]
    # the extractor misses what the editor added, and nothing else differs
    assert (fields["administrations"]["fn"], fields["administrations"]["fp"]) == (1, 0)
    assert (fields["roles"]["fn"], fields["roles"]["fp"]) == (1, 0)
    for name in ("funders", "themes", "people", "event_type", "event_start", "event_venue"):
        assert fields[name]["f1"] == 1.0, name


def test_export_gold_of_an_unknown_document_fails(database_url: str) -> None:
    result = runner.invoke(app, ["export-gold", "--documents", "nowhere.txt",
                                 "--database-url", database_url])
    assert result.exit_code == 1 and "no such document: nowhere.txt" in result.stderr

"""`acip ingest`, `acip extract` and `acip eval`: wiring, output shapes and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from app.cli import app

runner = CliRunner()
CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
ARTICLE = "Mali workshop\n\n02 July 2024\n\nOn 12 June 2024, Mali Customs hosted a workshop.\n"


@pytest.fixture
def database_url(scratch_database_url: str) -> str:
    """A fresh database of the current backend, migrated and seeded by `acip db upgrade`."""
    result = runner.invoke(app, ["db", "upgrade", "--database-url", scratch_database_url])
    assert result.exit_code == 0, result.output
    return scratch_database_url


def test_ingest_json_summary_and_exit_code_say_what_happened(
    database_url: str, tmp_path: Path
) -> None:
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    first = runner.invoke(app, ["ingest", str(tmp_path), str(tmp_path / "gone.txt"), "--json",
                                "--database-url", database_url])
    assert first.exit_code == 1
    summary = json.loads(first.stdout)
    assert summary["outcomes"] == {"new": 1, "updated": 0, "unchanged": 0, "duplicate": 0,
                                   "failed": 2}
    assert "empty.txt: empty file" in first.stderr
    assert "gone.txt: no such file or directory" in first.stderr
    again = runner.invoke(app, ["ingest", str(tmp_path / "good.txt"), "--database-url",
                                database_url])
    assert again.exit_code == 0, again.output
    assert "unchanged" in again.stdout


def test_ingest_that_stores_documents_refreshes_sqlite_planner_statistics(
        database_url: str, backend: str) -> None:
    if backend != "sqlite":
        return  # PostgreSQL's autovacuum keeps its own statistics (CI allows no skips)
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM sqlite_stat1")
    result = runner.invoke(app, ["ingest", str(CORPUS / "seeds"), "--database-url",
                                 database_url])
    assert result.exit_code == 0, result.output
    with engine.connect() as connection:
        analysed = set(connection.scalars(text("SELECT tbl FROM sqlite_stat1")))
    engine.dispose()
    assert {"events", "event_themes", "event_countries"} <= analysed


def test_ingest_reads_an_article_from_stdin(database_url: str) -> None:
    result = runner.invoke(app, ["ingest", "-", "--json", "--database-url", database_url],
                           input=ARTICLE.encode())
    assert result.exit_code == 0, result.output
    (only,) = json.loads(result.stdout)["results"]
    assert only["outcome"] == "new" and only["source"].startswith("stdin:")


def test_ingest_strict_exits_non_zero_at_the_first_failure(
    database_url: str, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_bytes(b"\x00\x01")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--strict", "--json",
                                 "--database-url", database_url])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["files"] == 1


def test_ingest_into_an_unmigrated_database_says_to_upgrade(scratch_database_url: str) -> None:
    result = runner.invoke(app, ["ingest", str(CORPUS / "seeds"), "--database-url",
                                 scratch_database_url])
    assert result.exit_code == 1
    assert "acip db upgrade" in result.stderr


def _probability(value: object) -> bool:
    return isinstance(value, float) and 0.0 <= value <= 1.0


def test_extract_prints_the_corpus_schema_keyed_by_path_with_confidences() -> None:
    files = [CORPUS / "articles" / "a01.txt", CORPUS / "seeds" / "000_8c5ab41f96f95907.txt"]
    result = runner.invoke(app, ["extract", *map(str, files)])
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    gold = json.loads((CORPUS / "gold.json").read_text("utf-8"))["articles/a01.txt"]
    assert list(output) == [str(f) for f in files]
    for facts in output.values():
        # the corpus schema, plus confidences as extra keys the scorer ignores
        assert facts.keys() == gold.keys() | {"confidence"}
        for event in facts["events"]:
            assert event.keys() == gold["events"][0].keys() | {"confidence"}
            assert _probability(event["confidence"])
        for person in facts["people"]:
            assert person.keys() == {"name", "title", "organization", "confidence"}
        for administration in facts["administrations"]:
            assert administration.keys() == {"country", "roles", "confidence",
                                              "role_confidence"}
            assert administration["role_confidence"].keys() == set(administration["roles"])
        stated = facts["confidence"]
        assert stated.keys() == {"funders", "themes", "partner_count"}
        assert stated["funders"].keys() == set(facts["funders"])
        assert stated["themes"].keys() == set(facts["themes"])
        assert all(map(_probability, [*stated["funders"].values(),
                                      *stated["themes"].values()]))
        assert (stated["partner_count"] is None) == (facts["partner_count"] is None)


def test_extract_of_a_bad_file_fails_with_its_reason(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(app, ["extract", str(tmp_path / "empty.txt")])
    assert result.exit_code == 1
    assert "empty.txt: empty file" in result.stderr


def test_eval_scores_every_field_on_the_fixtures() -> None:
    result = runner.invoke(app, ["eval", str(CORPUS / "gold.json"), str(CORPUS), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["missing"] == []
    assert set(scores["fields"]) >= {"administrations", "roles", "funders", "people", "themes",
                                     "event_start", "event_venue"}
    assert scores["fields"]["funders"]["tp"] > 0


def test_eval_matches_documents_by_file_name_and_lists_the_missing(tmp_path: Path) -> None:
    gold = json.loads((CORPUS / "gold.json").read_text("utf-8"))
    subset = {"articles/a01.txt": gold["articles/a01.txt"], "articles/zz.txt":
              gold["articles/a02.txt"]}
    (tmp_path / "gold.json").write_text(json.dumps(subset), encoding="utf-8")
    result = runner.invoke(app, ["eval", str(tmp_path / "gold.json"),
                                 str(CORPUS / "articles")])
    assert result.exit_code == 0, result.output
    assert "administrations" in result.stdout and "F1" in result.stdout
    assert "articles/zz.txt: no such document" in result.stderr

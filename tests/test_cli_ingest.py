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


def test_eval_scores_only_the_gold_documents_selected_by_range_or_glob() -> None:
    gold = str(CORPUS / "gold.json")
    ranged = runner.invoke(app, ["eval", gold, str(CORPUS), "--range", "a01:a02", "--json"])
    globbed = runner.invoke(app, ["eval", gold, str(CORPUS), "--only", "articles/a0[12].txt",
                                  "--json"])
    everything = runner.invoke(app, ["eval", gold, str(CORPUS), "--json"])
    assert ranged.exit_code == globbed.exit_code == everything.exit_code == 0, ranged.output
    part, same, whole = (json.loads(r.stdout)["fields"] for r in (ranged, globbed, everything))
    assert part == same
    assert 0 < part["administrations"]["tp"] < whole["administrations"]["tp"]
    assert {"people_title", "event_country", "event_city"} <= whole.keys()


def test_eval_with_nothing_selected_or_a_bad_range_fails_clearly() -> None:
    gold = str(CORPUS / "gold.json")
    none = runner.invoke(app, ["eval", gold, str(CORPUS), "--only", "nothing/*"])
    assert none.exit_code == 1 and "no gold document matches" in none.stderr
    bad = runner.invoke(app, ["eval", gold, str(CORPUS), "--range", "a09:a01"])
    assert bad.exit_code == 1 and "FIRST:LAST" in bad.stderr


def test_eval_reliability_bins_the_confidences_per_fact_kind() -> None:
    result = runner.invoke(app, ["eval", str(CORPUS / "gold.json"), str(CORPUS), "--json",
                                 "--reliability"])
    assert result.exit_code == 0, result.output
    reliability = json.loads(result.stdout)["reliability"]
    assert {"event", "administration", "role", "funder", "theme", "all"} <= set(
        reliability["bins"])
    total = sum(b["n"] for b in reliability["bins"]["all"])
    assert total > 0 and reliability["unscored"] == 0
    sure = reliability["at_least_0.9"]["all"]
    assert sure["n"] == sum(b["n"] for b in reliability["bins"]["all"] if b["low"] >= 0.9)
    table = runner.invoke(app, ["eval", str(CORPUS / "gold.json"), str(CORPUS),
                                "--reliability"])
    assert "reliability" in table.stdout and "≥ 0.9" in table.stdout
    crossed = runner.invoke(app, ["eval", str(CORPUS / "gold.json"), str(CORPUS), "--json",
                                  "--reliability", "--cross-fit", "3"])
    assert crossed.exit_code == 0, crossed.output
    bins = json.loads(crossed.stdout)["reliability"]["bins"]["all"]
    assert sum(b["n"] for b in bins) == total  # the same facts, other confidences


def test_calibrate_writes_a_table_that_extraction_can_read(tmp_path: Path) -> None:
    from app.ingest.extract.confidence import KINDS, Table

    out = tmp_path / "confidence.json"
    result = runner.invoke(app, ["calibrate", str(CORPUS / "gold.json"), str(CORPUS),
                                 "--range", "a01:a20", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text("utf-8"))
    assert "acip calibrate" in data["_source"] and "--range a01:a20" in data["_source"]
    assert set(data["kinds"]) == set(KINDS)
    assert data["kinds"]["administration"]["n"] > 0
    table = Table.from_json(data)
    assert 0.0 < (table.lookup("funder", "any-rule") or 0.0) < 1.0
    assert "calibration" in result.stdout

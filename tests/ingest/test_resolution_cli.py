"""`acip eval-resolution` on two articles written for the test."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from app.cli import app

runner = CliRunner()

FIRST = """Mali Customs hosts an internal control workshop

12 May 2024

From 6 to 8 May 2024, Mali Customs held a workshop on internal control in Bamako.
"""
SECOND = """Internal control: a week of work in Bamako

20 May 2024

The workshop on internal control held in Bamako from 6 to 8 May 2024 gathered Mali Customs
officers.
"""


def _event() -> dict[str, object]:
    return {"type": "workshop", "name": "Internal control workshop", "start": "2024-05-06",
            "end": "2024-05-08", "city": "Bamako", "country": "MLI", "online": False}


def _doc(published: str) -> dict[str, object]:
    return {"title": None, "published": published, "language": "en", "events": [_event()],
            "administrations": [{"country": "MLI", "roles": ["partner", "host"]}],
            "partner_count": None, "funders": [], "people": [], "themes": []}


def _two_reports_of_one_workshop(tmp_path: Path) -> tuple[Path, Path]:
    """The two articles under tmp_path, their gold and their one same-activity cluster."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "one.txt").write_text(FIRST, "utf-8")
    (tmp_path / "articles" / "two.txt").write_text(SECOND, "utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"articles/one.txt": _doc("2024-05-12"),
                                "articles/two.txt": _doc("2024-05-20")}), "utf-8")
    same = tmp_path / "same.json"
    same.write_text(json.dumps({"clusters": [{"members": [["articles/one.txt", 0],
                                                          ["articles/two.txt", 0]],
                                              "why": "one workshop"}]}), "utf-8")
    return gold, same


def test_eval_resolution_scores_gold_and_extracted_events(tmp_path: Path) -> None:
    gold, same = _two_reports_of_one_workshop(tmp_path)
    result = runner.invoke(app, ["eval-resolution", str(gold), str(same), str(tmp_path),
                                 "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["gold"]["pairwise"]["f1"] == 1.0
    assert scores["gold"]["predicted_events"] == 1
    assert set(scores) == {"gold", "extracted"}
    table = runner.invoke(app, ["eval-resolution", str(gold), str(same), str(tmp_path)])
    assert table.exit_code == 0 and "B3 F1" in table.stdout


def test_eval_resolution_refuses_an_unreadable_gold_file(tmp_path: Path) -> None:
    (tmp_path / "same.json").write_text('{"clusters": []}', "utf-8")
    result = runner.invoke(app, ["eval-resolution", str(tmp_path / "missing.json"),
                                 str(tmp_path / "same.json"), str(tmp_path)])
    assert result.exit_code == 1


def test_eval_resolution_range_scores_only_the_documents_in_it(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    for name, text in (("x01", FIRST), ("x02", SECOND), ("x03", SECOND)):
        (tmp_path / "articles" / f"{name}.txt").write_text(text, "utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({f"articles/{n}.txt": _doc(p) for n, p in (
        ("x01", "2024-05-12"), ("x02", "2024-05-20"), ("x03", "2024-05-21"))}), "utf-8")
    same = tmp_path / "same.json"
    same.write_text(json.dumps({"clusters": [{"members": [
        ["articles/x01.txt", 0], ["articles/x02.txt", 0], ["articles/x03.txt", 0]],
        "why": "one workshop"}]}), "utf-8")
    result = runner.invoke(app, ["eval-resolution", str(gold), str(same), str(tmp_path),
                                 "--range", "x02:x03", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)["gold"]
    assert scores["items"] == 2 and scores["pairwise"]["tp"] == 1
    everything = json.loads(runner.invoke(app, [
        "eval-resolution", str(gold), str(same), str(tmp_path), "--json"]).stdout)["gold"]
    assert everything["items"] == 3 and everything["pairwise"]["tp"] == 3
    bad = runner.invoke(app, ["eval-resolution", str(gold), str(same), str(tmp_path),
                              "--range", "y01:y02"])
    assert bad.exit_code == 1


def test_eval_with_same_adds_the_resolution_scores_to_the_field_scores(tmp_path: Path) -> None:
    gold, same = _two_reports_of_one_workshop(tmp_path)
    result = runner.invoke(app, ["eval", str(gold), str(tmp_path), "--same", str(same),
                                 "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert "event_type" in json.dumps(scores) and set(scores["resolution"]) == {
        "gold", "extracted"}
    assert scores["resolution"]["gold"]["pairwise"]["tp"] == 1
    table = runner.invoke(app, ["eval", str(gold), str(tmp_path), "--same", str(same)])
    assert table.exit_code == 0 and "event resolution" in table.stdout

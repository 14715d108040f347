"""`acip extract` and `acip eval`: extraction without a database, scored against a gold file.

Gold keys are paths relative to the corpus ("articles/a01.txt"). Under the directory given,
a document is found at that relative path, else by its file name alone (the first match in
sorted order); a gold document with no file is scored as extracting nothing, and listed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from app.ingest.evaluate import FieldScore, score
from app.ingest.extract import extract
from app.ingest.read import SUFFIXES, read_path


def extract_file(path: Path, max_bytes: int) -> dict[str, Any]:
    """The corpus-schema facts of one file (raises read.Rejected for a bad file)."""
    return extract(read_path(path, max_bytes).text).to_gold()


def locate(gold: dict[str, Any], directory: Path) -> tuple[dict[str, Path], list[str]]:
    """Each gold key's file under `directory`, and the keys with none."""
    by_name: dict[str, Path] = {}
    for file in sorted(directory.rglob("*")):
        if file.suffix.lower() in SUFFIXES and file.is_file():
            by_name.setdefault(file.name, file)
    found: dict[str, Path] = {}
    missing: list[str] = []
    for key in gold:
        exact = directory / key
        path: Path | None = exact if exact.is_file() else by_name.get(Path(key).name)
        if path is None:
            missing.append(key)
        else:
            found[key] = path
    return found, missing


def evaluate(gold: dict[str, Any], directory: Path, max_bytes: int
             ) -> tuple[dict[str, FieldScore], list[str]]:
    """Per-field scores of the extractor on the gold documents found under `directory`."""
    found, missing = locate(gold, directory)
    predicted = {key: extract_file(path, max_bytes) for key, path in found.items()}
    return score(gold, predicted), missing


def scores_json(scores: dict[str, FieldScore], missing: list[str]) -> dict[str, Any]:
    return {
        "fields": {
            name: {"precision": round(s.precision, 4), "recall": round(s.recall, 4),
                   "f1": round(s.f1, 4), "tp": s.tp, "fp": s.fp, "fn": s.fn}
            for name, s in scores.items()
        },
        "missing": missing,
    }


def render_errors(scores: dict[str, FieldScore], fields: list[str], console: Console) -> None:
    """Each miss and false alarm of the named fields (`all` for every field)."""
    for name, s in scores.items():
        if s.errors and ("all" in fields or name in fields):
            console.print(f"[bold]{name}[/]", highlight=False)
            for line in s.errors:
                console.print(f"  {line}", highlight=False)


def render_scores(scores: dict[str, FieldScore], console: Console) -> None:
    table = Table(show_header=True, header_style="bold")
    for column in ("field", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if column == "field" else "right")
    for name, s in scores.items():
        table.add_row(name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}",
                      str(s.tp), str(s.fp), str(s.fn))
    console.print(table)

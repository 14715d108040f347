"""`acip extract`, `acip eval` and `acip calibrate`: extraction without a database, scored
against a gold file.

Gold keys are paths relative to the corpus ("articles/a01.txt"). Under the directory given,
a document is found at that relative path, else by its file name alone (the first match in
sorted order); a gold document with no file is scored as extracting nothing, and listed.
`select` keeps the gold keys matching globs or within name ranges (one gold file, scored
in parts).
"""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Any

from rich.console import Console
from rich.table import Table

from app.ingest.calibrate import Judged, judge
from app.ingest.evaluate import FieldScore, score
from app.ingest.extract import confidence, extract
from app.ingest.extract.facts import Facts
from app.ingest.read import SUFFIXES, read_path


def extract_facts(path: Path, max_bytes: int) -> Facts:
    """The facts of one file (raises read.Rejected for a bad file)."""
    return extract(read_path(path, max_bytes).text)


def extract_file(path: Path, max_bytes: int) -> dict[str, Any]:
    """The corpus-schema facts of one file, with their confidences as extra keys
    (extract/confidence.py `output`; raises read.Rejected for a bad file)."""
    return confidence.output(extract_facts(path, max_bytes))


def parse_range(text: str) -> tuple[str, str]:
    """"r001:r060" (or "r001-r060") -> ("r001", "r060")."""
    for sep in (":", "-"):
        if text.count(sep) == 1:
            first, last = (part.strip() for part in text.split(sep))
            if first and last and first <= last:
                return first, last
    raise ValueError(f"{text!r}: expected FIRST:LAST, e.g. r001:r060")


def select(gold: dict[str, Any], only: list[str] | None = None,
           ranges: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    """The gold entries whose key matches a glob of `only` (fnmatch, case-sensitive) or
    whose file stem lies in a (first, last) range of `ranges` (inclusive, compared as
    text: "r061" is within ("r061", "r084")); everything when neither is given."""
    if not only and not ranges:
        return dict(gold)

    def wanted(key: str) -> bool:
        stem = PurePosixPath(key).stem
        return (any(fnmatchcase(key, pattern) for pattern in only or [])
                or any(first <= stem <= last for first, last in ranges or []))

    return {key: value for key, value in gold.items() if wanted(key)}


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


@dataclass
class Measured:
    scores: dict[str, FieldScore]
    judged: dict[str, list[Judged]]  # per gold key, every extracted fact, right or wrong
    missing: list[str]

    @property
    def facts(self) -> list[Judged]:
        return [j for judged in self.judged.values() for j in judged]


def measure(gold: dict[str, Any], directory: Path, max_bytes: int) -> Measured:
    """Extract the gold documents found under `directory`: per-field scores and every
    fact judged."""
    found, missing = locate(gold, directory)
    facts = {key: extract_facts(path, max_bytes) for key, path in found.items()}
    predicted = {key: confidence.output(f) for key, f in facts.items()}
    judged = {key: judge(f, gold[key]) for key, f in facts.items()}
    return Measured(score(gold, predicted), judged, missing)


def evaluate(gold: dict[str, Any], directory: Path, max_bytes: int
             ) -> tuple[dict[str, FieldScore], list[str]]:
    """Per-field scores of the extractor on the gold documents found under `directory`."""
    measured = measure(gold, directory, max_bytes)
    return measured.scores, measured.missing


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

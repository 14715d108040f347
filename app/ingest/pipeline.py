"""Batch runner: read -> plan -> extract -> load, one outcome per file, a summary at the end.

Every file ends `new`, `updated`, `unchanged`, `duplicate` or `failed` (with the reason);
a failure never stops the batch unless `strict` is set. Unchanged files are recognised by
their content hash before extraction, so re-running a batch is cheap.

With `commit_every` N > 1, up to N stored documents share a transaction (each in its own
savepoint, see load.py), committed when N are pending, after COMMIT_AFTER_S seconds, before
a strict stop and at the end. Results are held back until their group is committed: a file
is reported (on_result, progress, summary) as stored only once it is.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.orm import Session

from app.ingest.extract import extract
from app.ingest.extract.facts import Facts
from app.ingest.load import FACT_KINDS, Loader, Outcome
from app.ingest.read import (
    STDIN,
    RawDocument,
    Rejected,
    Unchanged,
    expand,
    read_path,
    read_stdin,
)

PROGRESS_FROM = 20  # files: smaller batches get no progress bar
COMMIT_EVERY = 1  # one transaction per document by default; bulk loads may group them
COMMIT_AFTER_S = 1.0  # a group is committed once its first document has waited this long
PHASES = ("read", "extract", "load", "resolve", "commit")

Extractor = Callable[[str], Facts]
Clock = Callable[[], float]


@dataclass(slots=True)
class FileResult:
    source: str
    outcome: Outcome
    reason: str | None = None
    duplicate_of: str | None = None
    counts: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"source": self.source, "outcome": self.outcome.value}
        if self.reason:
            data["reason"] = self.reason
        if self.duplicate_of:
            data["duplicate_of"] = self.duplicate_of
        if self.counts:
            data["facts"] = self.counts
        return data


@dataclass(slots=True)
class Summary:
    results: list[FileResult] = field(default_factory=list)
    elapsed: float = 0.0
    dry_run: bool = False
    stopped: bool = False  # strict mode stopped at the first failure
    # wall seconds per phase: read (+ hash check), extract, load (statements), commit
    timings: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PHASES, 0.0))

    @property
    def outcomes(self) -> dict[str, int]:
        counts = {o.value: 0 for o in Outcome}
        for result in self.results:
            counts[result.outcome.value] += 1
        return counts

    @property
    def facts(self) -> dict[str, int]:
        totals = dict.fromkeys(FACT_KINDS, 0)
        for result in self.results:
            for kind, n in result.counts.items():
                totals[kind] += n
        return totals

    @property
    def failures(self) -> list[FileResult]:
        return [r for r in self.results if r.outcome is Outcome.FAILED]

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok, "dry_run": self.dry_run, "stopped": self.stopped,
            "files": len(self.results), "elapsed_s": round(self.elapsed, 3),
            "outcomes": self.outcomes, "facts": self.facts,
            "results": [r.to_json() for r in self.results],
        }


class Source(Protocol):
    """An input that reads itself (a web page to fetch): `read` gives its document or raises
    Rejected or Unchanged; `settle` is told the final result (after its commit, if stored)
    and may write what goes with it and add to the result."""

    source: str

    def read(self, max_bytes: int) -> RawDocument: ...

    def settle(self, result: FileResult, loader: Loader) -> FileResult: ...


Item = Path | str | Rejected | Source


def _reason(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {message[0]}" if message else type(exc).__name__


def _read(item: Path | str | Source, max_bytes: int) -> RawDocument:
    if not isinstance(item, (Path, str)):
        return item.read(max_bytes)
    return read_stdin(max_bytes) if item == STDIN else read_path(Path(item), max_bytes)


def process(item: Item, loader: Loader, max_bytes: int,
            extractor: Extractor = extract, timings: dict[str, float] | None = None,
            clock: Clock = time.perf_counter) -> FileResult:
    """One file's whole journey; every error becomes a `failed` result with its reason.

    `timings` (seconds of `clock` by phase, see PHASES) accumulates the time spent reading,
    extracting and loading; a document committed alone adds its commit to `load`."""
    if isinstance(item, Rejected):
        return FileResult(item.source, Outcome.FAILED, item.reason)
    t0 = clock()
    try:
        raw = _read(item, max_bytes)
    except Rejected as exc:
        return FileResult(exc.source, Outcome.FAILED, exc.reason)
    except Unchanged as exc:
        return FileResult(exc.source, Outcome.UNCHANGED)
    finally:
        t1 = clock()
        if timings is not None:
            timings["read"] += t1 - t0
    plan = loader.plan(raw)
    if plan.outcome in (Outcome.UNCHANGED, Outcome.DUPLICATE):
        return FileResult(raw.source, plan.outcome, duplicate_of=plan.duplicate_of)
    try:
        facts = extractor(raw.text)
    except Exception as exc:
        return FileResult(raw.source, Outcome.FAILED, f"extraction failed: {_reason(exc)}")
    finally:
        t2 = clock()
        if timings is not None:
            timings["extract"] += t2 - t1
    try:
        stored = loader.store(raw, facts)
    except Exception as exc:
        return FileResult(raw.source, Outcome.FAILED, f"not stored: {_reason(exc)}")
    finally:
        if timings is not None:
            timings["load"] += clock() - t2
    return FileResult(raw.source, stored.outcome, duplicate_of=stored.duplicate_of,
                      counts=stored.counts)


def run(
    arguments: Iterable[str | Source],
    session: Session,
    *,
    max_bytes: int,
    dry_run: bool = False,
    strict: bool = False,
    console: Console | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    extractor: Extractor = extract,
    commit_every: int = COMMIT_EVERY,
    clock: Clock = time.perf_counter,
) -> Summary:
    """Ingest every article the arguments name (paths, `-`, or Sources such as web pages,
    in their order); `console` shows a progress bar on a TTY.

    `commit_every` > 1 commits stored documents in groups (see the module's docstring).
    `clock` times the phases in `Summary.timings` (wall time by default; a benchmark on a
    busy machine may pass `time.process_time`); `elapsed` is always wall time."""
    started = time.perf_counter()
    items = list(expand(list(arguments)))
    summary = Summary(dry_run=dry_run)
    timings = summary.timings
    show = console is not None and console.is_terminal and len(items) >= PROGRESS_FROM
    held: list[tuple[Item, FileResult]] = []  # results waiting for their group's commit
    group_started = 0.0
    with (
        Loader(session, dry_run=dry_run, commit_every=commit_every, clock=clock) as loader,
        Progress(
            TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=console, disable=not show, transient=True,
        ) as progress,
    ):
        task = progress.add_task("ingest", total=len(items))
        failed = False

        def report(results: list[tuple[Item, FileResult]]) -> None:
            nonlocal failed
            for item, result in results:
                settle = getattr(item, "settle", None)
                if settle is not None:
                    result = settle(result, loader)
                failed = failed or result.outcome is Outcome.FAILED
                summary.results.append(result)
                if on_result is not None:
                    on_result(result)
                progress.advance(task)

        def commit() -> None:
            t0 = clock()
            try:
                loader.commit()
            except Exception as exc:
                reason = f"not stored: commit failed: {_reason(exc)}"
                for i, (item, result) in enumerate(held):
                    if result.outcome in (Outcome.NEW, Outcome.UPDATED):
                        held[i] = (item, FileResult(result.source, Outcome.FAILED, reason))
            timings["commit"] += clock() - t0
            report(held)
            held.clear()

        for item in items:
            result = process(item, loader, max_bytes, extractor, timings, clock)
            if loader.pending:
                if not held:
                    group_started = time.perf_counter()
                held.append((item, result))
                if (loader.pending >= loader.commit_every
                        or time.perf_counter() - group_started >= COMMIT_AFTER_S
                        or (strict and result.outcome is Outcome.FAILED)):
                    commit()
            else:
                report([(item, result)])
            if strict and failed:
                summary.stopped = True
                break
        commit()
    timings["load"] -= loader.commit_s  # documents committed one by one: their commits
    timings["commit"] += loader.commit_s
    timings["load"] -= loader.events.seconds  # resolving events, inside each store()
    timings["resolve"] += loader.events.seconds
    summary.elapsed = time.perf_counter() - started
    return summary


def render(summary: Summary, console: Console) -> None:
    """The end-of-batch summary for people: outcomes, then facts stored."""
    table = Table(title="dry run (nothing written)" if summary.dry_run else None,
                  show_header=True, header_style="bold")
    table.add_column("outcome")
    table.add_column("files", justify="right")
    for outcome, n in summary.outcomes.items():
        table.add_row(outcome, str(n))
    facts = Table(show_header=True, header_style="bold")
    facts.add_column("facts")
    facts.add_column("rows", justify="right")
    for kind, n in summary.facts.items():
        facts.add_row(kind, str(n))
    console.print(table)
    console.print(facts)
    rate = len(summary.results) / summary.elapsed if summary.elapsed else 0.0
    line = f"{len(summary.results)} files in {summary.elapsed:.2f} s ({rate:.0f} files/s)"
    if summary.stopped:
        line += "; stopped at the first failure (--strict)"
    console.print(line, highlight=False)

"""What `acip ingest URL...` and `acip crawl` share: inputs, and the summary's web parts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from app.ingest.load import Outcome
from app.ingest.pipeline import FileResult, Source, Summary
from app.ingest.web.fetch import Counters
from app.ingest.web.ingest import WebContext, WebPage, WebResult
from app.ingest.web.urls import BadUrl, is_url, looks_like_url, normalise


def read_url_file(path: Path) -> list[str]:
    """`--urls FILE`: one URL a line; blank lines and `#` comments (whole line or after a
    URL) ignored. Raises ValueError with a message for people."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the URL list: {exc}") from None
    urls = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line):
            raise ValueError(f"{path}:{number}: not an http(s) URL: {line!r}")
        urls.append(line)
    return urls


def web_inputs(arguments: list[str], context: WebContext | None) -> list[str | Source]:
    """The arguments with each URL made a page to fetch (each page once, in its first
    place); paths and `-` left as they are."""
    out: list[str | Source] = []
    seen: set[str] = set()
    for argument in arguments:
        if not looks_like_url(argument) or context is None:
            out.append(argument)
            continue
        try:
            key = normalise(argument)
        except BadUrl:
            key = argument  # the fetcher reports why
        if key not in seen:
            seen.add(key)
            out.append(WebPage(key, context))
    return out


def failures_table(summary: Summary) -> Table | None:
    """One row per failed input: where, the kind of failure, the HTTP status, the reason."""
    failures = summary.failures
    if not failures:
        return None
    table = Table(title="failures", show_header=True, header_style="bold")
    for column in ("input", "kind", "status", "reason"):
        table.add_column(column, overflow="fold")
    for result in failures:
        kind = status = ""
        if isinstance(result, WebResult):
            kind = result.kind or ""
            status = str(result.status) if result.status else ""
        table.add_row(result.source, kind or "file", status, result.reason or "")
    return table


def render_web(summary: Summary, counters: Counters | None, console: Console) -> None:
    table = failures_table(summary)
    if table is not None:
        console.print(table)
    if counters is not None and counters.requests:
        not_modified = sum(1 for r in summary.results
                           if isinstance(r, WebResult) and r.status == 304)
        console.print(
            f"HTTP: {counters.requests} requests ({counters.conditional} conditional, "
            f"{not_modified} not modified), {counters.retries} retries, "
            f"{counters.robots_files} robots.txt read; {counters.waited_s:.1f} s waited "
            f"between requests", highlight=False)


def web_json(summary: Summary, counters: Counters | None) -> dict[str, Any]:
    data = summary.to_json()
    if counters is not None:
        data["http"] = counters.to_json()
    data["failures"] = [
        {"source": r.source, "reason": r.reason,
         **({"kind": r.kind, "status": r.status} if isinstance(r, WebResult) else
            {"kind": "file"})}
        for r in summary.results if r.outcome is Outcome.FAILED]
    return data


def failed(url: str, kind: str, reason: str, status: int | None = None) -> FileResult:
    return WebResult(url, Outcome.FAILED, reason, url=url, kind=kind, status=status)

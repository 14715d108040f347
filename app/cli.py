"""`acip`: the command line (Typer)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from app import __version__
from app.core.config import ConfigError, Settings, get_settings, normalise_database_url

app = typer.Typer(
    name="acip",
    help="Open data on the WCO A-CIP Programme: ingest articles, serve the API.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(help="Database schema and reference data.", no_args_is_help=True)
app.add_typer(db_app, name="db")

err = Console(stderr=True, soft_wrap=True)

DatabaseUrlOption = Annotated[
    str | None,
    typer.Option("--database-url", envvar="ACIP_DATABASE_URL", show_envvar=True,
                 help="SQLAlchemy URL (default: the settings' sqlite:///./data/acip.db)."),
]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one clear line on stderr and return the exit to raise."""
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def load_settings(database_url: str | None = None) -> Settings:
    try:
        settings = get_settings()
        if database_url:
            settings = settings.model_copy(
                update={"database_url": normalise_database_url(database_url)}
            )
    except (ConfigError, ValueError) as exc:
        message = str(exc) if isinstance(exc, ConfigError) else str(exc).splitlines()[0]
        raise fail(message) from None
    return settings


def connect(settings: Settings) -> Engine:
    """An engine whose database answers, or a one-line error and exit 1."""
    from sqlalchemy import text

    from app.db.session import make_engine

    try:
        engine = make_engine(settings.database_url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except ConfigError as exc:
        raise fail(str(exc)) from None
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise fail(f"cannot reach the database {_safe(settings.database_url)}: {reason}") from None
    return engine


def _safe(url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"acip {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Open data on the WCO A-CIP Programme."""


@db_app.command("upgrade")
def db_upgrade(
    revision: Annotated[str, typer.Argument(help="Target revision.")] = "head",
    database_url: DatabaseUrlOption = None,
) -> None:
    """Migrate the schema to REVISION (default: head) and load the reference data."""
    from app.db import migrate
    from app.db.session import session_scope
    from app.ingest.reference import seed_reference

    engine = connect(load_settings(database_url))
    try:
        migrate.upgrade(engine, revision)
        if migrate.is_at_head(engine):
            with session_scope(engine) as session:
                seed_reference(session)
    except SQLAlchemyError as exc:
        raise fail(f"migration failed: {str(exc).splitlines()[0]}") from None
    err.print(f"database at revision {migrate.current_revision(engine)}")


@db_app.command("downgrade")
def db_downgrade(
    revision: Annotated[str, typer.Argument(help="Target revision (base = empty).")] = "-1",
    database_url: DatabaseUrlOption = None,
) -> None:
    """Undo migrations down to REVISION (default: one step)."""
    from app.db import migrate

    engine = connect(load_settings(database_url))
    try:
        migrate.downgrade(engine, revision)
    except SQLAlchemyError as exc:
        raise fail(f"downgrade failed: {str(exc).splitlines()[0]}") from None
    err.print(f"database at revision {migrate.current_revision(engine) or 'base'}")


@db_app.command("seed")
def db_seed(database_url: DatabaseUrlOption = None) -> None:
    """Load the reference data (countries, WCO regions, themes, funders); idempotent."""
    from app.db import migrate
    from app.db.session import session_scope
    from app.ingest.reference import seed_reference

    engine = connect(load_settings(database_url))
    if not migrate.is_at_head(engine):
        raise fail("the schema is not at head: run `acip db upgrade` first")
    with session_scope(engine) as session:
        written = seed_reference(session)
    err.print(", ".join(f"{k}: {v} written" for k, v in written.items()))


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    workers: Annotated[int, typer.Option(help="Worker processes.")] = 1,
    reload: Annotated[bool, typer.Option(help="Reload on code changes (development).")] = False,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Serve the HTTP API with uvicorn."""
    import os

    import uvicorn

    settings = load_settings(database_url)
    connect(settings).dispose()
    os.environ["ACIP_DATABASE_URL"] = settings.database_url
    get_settings.cache_clear()
    err.print(f"serving on http://{host}:{port} — the explorer at http://{host}:{port}/, API docs "
              f"at http://{host}:{port}/docs")
    uvicorn.run(
        "app.main:create_app", factory=True, host=host, port=port, workers=workers,
        reload=reload, log_level=settings.log_level.lower(),
        # uvicorn builds each access line before its logger drops it below INFO
        access_log=settings.log_level.upper() in ("DEBUG", "INFO"),
    )


# --- ingestion commands (ingest, extract, eval) are registered below -------------------


DelayOption = Annotated[float | None, typer.Option(
    "--delay", min=0, metavar="SECONDS",
    help="Seconds between two requests to the same host (default ACIP_CRAWL_DELAY_S).")]
RefreshOption = Annotated[bool, typer.Option(
    "--refresh", help="Fetch every page in full: no conditional requests (If-None-Match).")]


@app.command()
def ingest(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Article files (.txt, .md, .html, .htm), directories (recursive), - for stdin, "
             "and http(s) URLs of article pages, mixed freely.")] = None,
    urls: Annotated[Path | None, typer.Option(
        "--urls", metavar="FILE",
        help="Also the URLs listed in FILE, one a line (# comments).")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Extract and load in a rolled-back transaction: nothing written.")
    ] = False,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print a machine-readable summary on stdout.")] = False,
    keep_going: Annotated[bool, typer.Option(
        "--keep-going/--strict", help="Go on after a failed file (default), or stop at it.")
    ] = True,
    commit_every: Annotated[int, typer.Option(
        "--commit-every", min=1, metavar="N",
        help="Documents per transaction (each still stored whole or not at all, in its own "
             "savepoint); a group is also committed after 1 s. 1 commits every document "
             "alone. A document is reported stored once committed; a killed ingest loses "
             "the uncommitted group only, which a re-run stores.")
    ] = 1,
    delay: DelayOption = None,
    refresh: RefreshOption = False,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Ingest articles: one outcome per file or URL (new, updated, unchanged, duplicate,
    failed).

    Exits 0 when every input was stored or skipped, 1 when any failed.
    """
    from app.ingest.web.batch import read_url_file
    from app.ingest.web.urls import looks_like_url

    arguments = list(paths or [])
    if urls is not None:
        try:
            arguments += read_url_file(urls)
        except ValueError as exc:
            raise fail(str(exc)) from None
    if not arguments:
        raise fail("nothing to ingest: give files, directories, URLs or --urls FILE")
    settings = load_settings(database_url)
    _ingest_batch(settings, arguments, web=any(looks_like_url(a) for a in arguments),
                  as_json=as_json, dry_run=dry_run, strict=not keep_going,
                  commit_every=commit_every, delay=delay, refresh=refresh)


def _ingest_batch(settings: Settings, arguments: list[str], *, web: bool, as_json: bool,
                  dry_run: bool, strict: bool, commit_every: int, delay: float | None,
                  refresh: bool, crawl: list[str] | None = None, match: str | None = None,
                  since: Any = None, limit: int | None = None) -> None:
    """The body of `ingest` and `crawl`: run the batch, print the summary, exit 1 on any
    failure."""
    import orjson

    from app.db import migrate, statistics
    from app.db.session import make_sessionmaker
    from app.ingest import pipeline
    from app.ingest.web import batch
    from app.ingest.web.crawl import discover, select_entries
    from app.ingest.web.fetch import Fetcher, FetchError, Policy
    from app.ingest.web.ingest import WebContext, WebPage
    from app.ingest.web.urls import BadUrl, matcher

    engine = connect(settings)
    if not migrate.is_at_head(engine):
        raise fail("the schema is not at head: run `acip db upgrade` first")
    try:
        keep = matcher(match)
    except BadUrl as exc:
        raise fail(str(exc)) from None

    def report(result: pipeline.FileResult) -> None:
        if result.reason:
            err.print(f"[bold red]error:[/] {result.source}: {result.reason}", highlight=False)

    fetcher = None
    if web or crawl:
        overrides = {"delay_s": delay} if delay is not None else {}
        fetcher = Fetcher(Policy.from_settings(settings, **overrides))
        if not settings.crawl_contact:
            err.print("[yellow]warning:[/] ACIP_CRAWL_CONTACT is not set: the User-Agent "
                      f"({settings.user_agent}) gives site owners no way to reach you",
                      highlight=False)
    extra: dict[str, Any] = {}
    early: list[pipeline.FileResult] = []
    try:
        with make_sessionmaker(engine)() as session:
            context = (WebContext(fetcher, session, refresh=refresh, dry_run=dry_run)
                       if fetcher is not None else None)
            inputs = batch.web_inputs(arguments, context)
            if crawl is not None and fetcher is not None and context is not None:
                listings = []
                for source in crawl:
                    try:
                        listing = discover(fetcher, source)
                    except FetchError as exc:
                        early.append(batch.failed(source, exc.kind, exc.reason, exc.status))
                        report(early[-1])
                        continue
                    listings.append(listing)
                    for failure in listing.failures:
                        early.append(batch.failed(failure.url, failure.kind, failure.reason,
                                                  failure.status))
                        report(early[-1])
                selection = select_entries(listings, match=keep, since=since, limit=limit)
                inputs = [WebPage(e.url, context, e.date) for e in selection.entries]
                extra["crawl"] = {"sources": [x.to_json() for x in listings],
                                  "selection": selection.to_json()}
                err.print(f"{selection.listed} entries listed, {len(selection.entries)} to "
                          f"ingest ({selection.not_matching} not matching, {selection.too_old}"
                          f" before --since, {selection.duplicates} listed twice, "
                          f"{selection.over_limit} over --limit)", highlight=False)
            summary = pipeline.run(
                inputs, session, max_bytes=settings.max_document_bytes, dry_run=dry_run,
                strict=strict, console=err, on_result=report, commit_every=commit_every,
            )
    finally:
        if fetcher is not None:
            fetcher.close()
    summary.results[:0] = early
    if not dry_run and (summary.outcomes.get("new") or summary.outcomes.get("updated")):
        statistics.refresh(engine)  # the planner's statistics follow what was stored
    engine.dispose()
    counters = fetcher.counters if fetcher is not None else None
    if as_json:
        data = batch.web_json(summary, counters) if fetcher is not None else summary.to_json()
        typer.echo(orjson.dumps(data | extra, option=orjson.OPT_INDENT_2).decode())
    else:
        console = Console(soft_wrap=True)
        pipeline.render(summary, console)
        batch.render_web(summary, counters, console)
    if not summary.ok:
        raise typer.Exit(1)


@app.command()
def crawl(
    sources: Annotated[list[str], typer.Argument(
        help="URLs of RSS/Atom feeds, sitemaps (XML, gzip, index files) or of pages that "
             "announce a feed.")],
    match: Annotated[str | None, typer.Option(
        "--match", metavar="PATTERN",
        help="Only the article URLs matching PATTERN: a glob on the whole URL when it has "
             "* ? or [ and no regular-expression syntax, else a regular expression searched "
             "in the URL.")] = None,
    since: Annotated[datetime | None, typer.Option(
        "--since", formats=["%Y-%m-%d"], metavar="YYYY-MM-DD",
        help="Only the entries dated on or after this day (undated entries are kept).")
    ] = None,
    limit: Annotated[int | None, typer.Option(
        "--limit", min=1, metavar="N", help="At most N articles (in listing order).")] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Extract and load in a rolled-back transaction: nothing written.")
    ] = False,
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print a machine-readable summary on stdout.")] = False,
    keep_going: Annotated[bool, typer.Option(
        "--keep-going/--strict", help="Go on after a failed URL (default), or stop at it.")
    ] = True,
    delay: DelayOption = None,
    refresh: RefreshOption = False,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Ingest every article a feed or sitemap lists: one outcome per article URL.

    Exits 0 when every article was stored or skipped, 1 when a source or article failed.
    """
    settings = load_settings(database_url)
    _ingest_batch(settings, [], web=True, as_json=as_json, dry_run=dry_run,
                  strict=not keep_going, commit_every=1, delay=delay, refresh=refresh,
                  crawl=sources, match=match, since=since.date() if since else None,
                  limit=limit)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Article files to extract.")],
) -> None:
    """Print each file's facts as JSON keyed by path, in the corpus schema. No database."""
    import orjson

    from app.ingest.measure import extract_file
    from app.ingest.read import Rejected

    settings = load_settings()
    output, failed = {}, False
    for path in files:
        try:
            output[str(path)] = extract_file(path, settings.max_document_bytes)
        except Rejected as exc:
            err.print(f"[bold red]error:[/] {path}: {exc.reason}", highlight=False)
            failed = True
    typer.echo(orjson.dumps(output, option=orjson.OPT_INDENT_2).decode())
    if failed:
        raise typer.Exit(1)


OnlyOption = Annotated[
    list[str] | None,
    typer.Option("--only", metavar="GLOB",
                 help="Only the gold keys matching GLOB, e.g. 'articles/r0[0-5]*' "
                      "(repeatable; with --range, either matches)."),
]
RangeOption = Annotated[
    list[str] | None,
    typer.Option("--range", metavar="FIRST:LAST",
                 help="Only the gold documents whose file name (without extension) lies "
                      "between FIRST and LAST, e.g. r001:r060 (repeatable)."),
]


def _gold(gold: Path, directory: Path, only: list[str] | None, ranges: list[str] | None
          ) -> dict[str, Any]:
    """The gold file's entries, selected by --only and --range."""
    import orjson

    from app.ingest.measure import parse_range, select

    if not directory.is_dir():
        raise fail(f"{directory}: not a directory")
    try:
        gold_data = orjson.loads(gold.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise fail(f"{gold}: cannot read the gold file: {exc}") from None
    try:
        parsed = [parse_range(r) for r in ranges or []]
    except ValueError as exc:
        raise fail(f"--range {exc}") from None
    selected = select(gold_data, only, parsed)
    if not selected:
        raise fail(f"{gold}: no gold document matches --only / --range")
    return selected


def _measure(gold: dict[str, Any], directory: Path) -> Any:
    from app.ingest.measure import measure
    from app.ingest.read import Rejected

    try:
        measured = measure(gold, directory, load_settings().max_document_bytes)
    except Rejected as exc:
        raise fail(f"{exc.source}: {exc.reason}") from None
    for key in measured.missing:
        err.print(f"[yellow]warning:[/] {key}: no such document under {directory}",
                  highlight=False)
    return measured


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Argument(help="Annotations in the corpus schema.")],
    directory: Annotated[Path, typer.Argument(help="Directory holding the gold documents.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[
        list[str] | None,
        typer.Option("--errors", help="Also list the misses of FIELD (repeatable; `all`)."),
    ] = None,
    only: OnlyOption = None,
    ranges: RangeOption = None,
    show_reliability: Annotated[bool, typer.Option(
        "--reliability", help="Also the reliability of the confidences: per fact kind, "
                              "facts by confidence bin, mean confidence, share right.")
    ] = False,
    cross_fit: Annotated[int | None, typer.Option(
        "--cross-fit", min=2, metavar="K",
        help="With --reliability: score each document's facts with a table calibrated on "
             "the other documents (K folds) instead of the shipped one.")
    ] = None,
    same: Annotated[Path | None, typer.Option(
        "--same", metavar="FILE",
        help="Also score event resolution against these same-activity clusters "
             "(events-same.json): pairwise and B-cubed, on gold and on extracted events.")
    ] = None,
) -> None:
    """Extract the gold documents found under DIRECTORY; per-field precision, recall, F1."""
    import orjson

    from app.ingest.calibrate import cross_fitted, reliability, render_reliability
    from app.ingest.measure import render_errors, render_scores, scores_json

    selected = _gold(gold, directory, only, ranges)
    measured = _measure(selected, directory)
    judged = (cross_fitted(measured.judged, cross_fit) if cross_fit
              else measured.facts)
    resolution = _resolution_scores(selected, same, directory) if same else None
    if as_json:
        out = scores_json(measured.scores, measured.missing)
        if show_reliability:
            out["reliability"] = reliability(judged).to_json()
        if resolution is not None:
            out["resolution"] = {s.input: s.to_json() for s in resolution}
        typer.echo(orjson.dumps(out, option=orjson.OPT_INDENT_2).decode())
    else:
        console = Console(soft_wrap=True)
        render_scores(measured.scores, console)
        if show_reliability:
            render_reliability(reliability(judged), console)
        if resolution is not None:
            _render_resolution(resolution, Console(width=max(Console().width, 120)))
        render_errors(measured.scores, errors or [], console)


@app.command()
def calibrate(
    gold: Annotated[Path, typer.Argument(help="Annotations in the corpus schema.")],
    directory: Annotated[Path, typer.Argument(help="Directory holding the gold documents.")],
    output: Annotated[Path, typer.Option(
        "-o", "--output", help="Where to write the confidence table (JSON).")
    ] = Path("app/vocab/confidence.json"),
    only: OnlyOption = None,
    ranges: RangeOption = None,
    prior_weight: Annotated[float, typer.Option(
        "--prior-weight", min=0.0,
        help="Weight, in facts, of the prior that pulls a rule toward its kind's mean.")
    ] = 4.0,
) -> None:
    """Judge every fact extracted from the gold documents; write each (kind, rule)'s share
    of right facts, smoothed, as the confidence table that extraction reads."""
    import orjson

    from app.ingest.calibrate import fit, render_fit

    selected = _gold(gold, directory, only, ranges)
    measured = _measure(selected, directory)
    parts = [f"--only {g}" for g in only or []] + [f"--range {r}" for r in ranges or []]
    source = (f"Written by `acip calibrate` from {len(selected)} annotated documents of "
              f"{gold.name}{' (' + ', '.join(parts) + ')' if parts else ''}: per fact kind and "
              "rule key, the share of extracted facts that gold confirms, smoothed toward "
              "the kind's mean (app/ingest/calibrate.py). Regenerate, do not edit.")
    table = fit(measured.facts, prior_weight, source)
    try:
        output.write_bytes(orjson.dumps(table, option=orjson.OPT_INDENT_2) + b"\n")
    except OSError as exc:
        raise fail(f"{output}: cannot write: {exc}") from None
    render_fit(table, Console(soft_wrap=True))
    err.print(f"wrote {output} ({len(measured.facts)} facts judged)")


# --- synthetic data (synth) is registered below ----------------------------------------


@app.command()
def synth(
    events: Annotated[int, typer.Option("--events", min=0, help="How many events to write.")],
    seed: Annotated[int, typer.Option(help="Random seed: the same seed writes the same data.")] = 0,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Fill the database with deterministic synthetic documents, events and facts."""
    import time

    from app.db import migrate
    from app.synth import synthesize

    engine = connect(load_settings(database_url))
    if not migrate.is_at_head(engine):
        raise fail("the schema is not at head: run `acip db upgrade` first")
    started = time.perf_counter()
    step = max(events // 10, 1)
    shown = [0]

    def progress(done: int) -> None:
        if done - shown[0] >= step or done == events:
            shown[0] = done
            err.print(f"  {done:,}/{events:,} events ({time.perf_counter() - started:.1f} s)")

    try:
        summary = synthesize(engine, events=events, seed=seed, progress=progress)
    except (SQLAlchemyError, RuntimeError) as exc:
        raise fail(f"synth failed: {str(exc).splitlines()[0]}") from None
    rows = ", ".join(f"{table}: {n:,}" for table, n in summary.rows.items())
    err.print(f"wrote {rows} in {time.perf_counter() - started:.1f} s (seed {seed})")


@app.command("resolve")
def resolve_events(database_url: DatabaseUrlOption = None) -> None:
    """Resolve every stored report from scratch and make the events agree: after upgrading a
    database from before event resolution, or a change of the resolver's rules. Ingest
    resolves as it goes; running this on a resolved database changes nothing."""
    from app.db import migrate
    from app.ingest.resolution_store import EventStore

    engine = connect(load_settings(database_url))
    if not migrate.is_at_head(engine):
        raise fail("the schema is not at head: run `acip db upgrade` first")
    from app.curation.apply import apply_corrections

    try:
        with engine.begin() as connection:
            summary = EventStore().sync(connection)
            apply_corrections(connection)  # editors' corrections, on top of the new events
    except SQLAlchemyError as exc:
        raise fail(f"resolve failed: {str(exc).splitlines()[0]}") from None
    err.print(f"{summary.events:,} events: {summary.created:,} created, "
              f"{summary.removed:,} merged or retired, {summary.reports_moved:,} reports "
              "moved")


# --- event resolution scoring (eval-resolution) is registered below --------------------


@app.command("eval-resolution")
def eval_resolution(
    gold: Annotated[Path, typer.Argument(help="Annotations in the corpus schema.")],
    same: Annotated[Path, typer.Argument(
        help="Same-activity clusters: {\"clusters\": [{\"members\": [[doc, index]]}]}.")],
    directory: Annotated[Path, typer.Argument(help="Directory holding the gold documents.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    only: OnlyOption = None,
    ranges: RangeOption = None,
) -> None:
    """Score event resolution: pairwise and B-cubed, on gold events and on extracted ones.

    With --only / --range, only the selected documents are resolved and scored: the gold
    clusters are cut down to their events (a part of a corpus scored on its own)."""
    import orjson

    selected = _gold(gold, directory, only, ranges)
    scores = _resolution_scores(selected, same, directory)
    if as_json:
        typer.echo(orjson.dumps({s.input: s.to_json() for s in scores},
                                option=orjson.OPT_INDENT_2).decode())
        return
    _render_resolution(scores, Console(width=max(Console().width, 120)))


def _resolution_scores(selected: dict[str, Any], same: Path, directory: Path) -> list[Any]:
    """Resolution scores of the selected gold documents (gold input and end to end)."""
    import orjson

    from app.ingest.read import Rejected
    from app.ingest.resolution_eval import evaluate_resolution

    try:
        clusters = orjson.loads(same.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise fail(f"{same}: cannot read: {exc}") from None
    try:
        scores, missing = evaluate_resolution(
            selected, clusters, directory, load_settings().max_document_bytes)
    except Rejected as exc:
        raise fail(f"{exc.source}: {exc.reason}") from None
    for key in missing:
        err.print(f"[yellow]warning:[/] {key}: no such document under {directory}",
                  highlight=False)
    return list(scores)


def _render_resolution(scores: list[Any], console: Console) -> None:
    from rich.table import Table

    table = Table(show_header=True, header_style="bold", title="event resolution")
    for column in ("input", "pairs P", "pairs R", "pairs F1", "tp", "fp", "fn",
                   "B3 P", "B3 R", "B3 F1", "events", "gold events"):
        table.add_column(column, justify="left" if column == "input" else "right")
    for s in scores:
        table.add_row(s.input, f"{s.pairwise.precision:.3f}", f"{s.pairwise.recall:.3f}",
                      f"{s.pairwise.f1:.3f}", str(s.pairwise.tp), str(s.pairwise.fp),
                      str(s.pairwise.fn), f"{s.bcubed.precision:.3f}",
                      f"{s.bcubed.recall:.3f}", f"{s.bcubed.f1:.3f}",
                      str(s.predicted_events), str(s.gold_events))
    console.print(table)

# --- curation: API keys and gold export -------------------------------------------------

keys_app = typer.Typer(help="API keys of the write API (curation).", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


def _head_engine(database_url: str | None) -> Engine:
    from app.db import migrate

    engine = connect(load_settings(database_url))
    if not migrate.is_at_head(engine):
        raise fail("the schema is not at head: run `acip db upgrade` first")
    return engine


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Option("--name", help="Who holds the key (shown in the audit "
                                                     "log), unique.")],
    role: Annotated[str, typer.Option("--role", help="editor (corrects events) or admin "
                                                     "(also undoes others' corrections).")
                    ] = "editor",
    expires: Annotated[datetime | None, typer.Option(
        "--expires", formats=["%Y-%m-%d"], help="Last day the key works (YYYY-MM-DD).")
    ] = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Create a key and print it once on stdout: only its hash is stored."""
    from app.curation.keys import create_key
    from app.db.session import session_scope

    engine = _head_engine(database_url)
    try:
        with session_scope(engine) as session:
            new = create_key(session, name, role, expires.date() if expires else None)
    except ValueError as exc:
        raise fail(str(exc)) from None
    until = f", expires after {new.expires_on.isoformat()}" if new.expires_on else ""
    err.print(f"key {new.id} {new.name!r} ({new.role}{until}); store it now, it is not "
              "shown again:", highlight=False)
    typer.echo(new.key)


@keys_app.command("list")
def keys_list(database_url: DatabaseUrlOption = None) -> None:
    """Every key: id, name, role, prefix, created, expiry, revocation (never the key)."""
    from app.curation.keys import list_keys
    from app.db.session import session_scope

    engine = _head_engine(database_url)
    with session_scope(engine) as session:
        for k in list_keys(session):
            state = (f"revoked {k.revoked_at:%Y-%m-%d}" if k.revoked_at else
                     f"expires {k.expires_on.isoformat()}" if k.expires_on else "active")
            typer.echo(f"{k.id}\t{k.name}\t{k.role}\tacip_{k.prefix}_…\t"
                       f"created {k.created_at:%Y-%m-%d}\t{state}")


@keys_app.command("revoke")
def keys_revoke(
    key_id: Annotated[int, typer.Argument(help="The key's id (see `acip keys list`).")],
    database_url: DatabaseUrlOption = None,
) -> None:
    """Revoke a key: it stops working at once; its corrections stay."""
    from app.curation.keys import revoke_key
    from app.db.session import session_scope

    engine = _head_engine(database_url)
    with session_scope(engine) as session:
        row = revoke_key(session, key_id)
        if row is None:
            raise fail(f"no key with id {key_id}")
        err.print(f"key {row.id} {row.name!r} revoked", highlight=False)


@app.command("export-gold")
def export_gold(
    documents: Annotated[list[str] | None, typer.Option(
        "--documents", help="Source path of a document to export (repeatable; default: "
                            "every document with an active correction).")] = None,
    output: Annotated[Path | None, typer.Option(
        "-o", "--output", help="Write the gold file here (default: stdout).")] = None,
    relative_to: Annotated[Path | None, typer.Option(
        "--relative-to", help="Key documents by their path relative to this directory "
                              "(the DIR `acip eval` will be given).")] = None,
    database_url: DatabaseUrlOption = None,
) -> None:
    """Write documents' curated records in the corpus schema, for `acip eval`."""
    import orjson

    from app.curation.gold import export_gold as export
    from app.db.session import session_scope

    engine = _head_engine(database_url)
    with session_scope(engine) as session:
        try:
            gold = export(session, documents, relative_to)
        except KeyError as exc:
            raise fail(f"no such document: {exc.args[0]}") from None
    text = orjson.dumps(gold, option=orjson.OPT_INDENT_2).decode()
    if output is None:
        typer.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
    err.print(f"{len(gold)} documents exported", highlight=False)


if __name__ == "__main__":
    app()

"""`acip`: the command line (Typer)."""

from __future__ import annotations

from typing import Annotated

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
    err.print(f"serving on http://{host}:{port} — API docs at http://{host}:{port}/docs")
    uvicorn.run(
        "app.main:create_app", factory=True, host=host, port=port, workers=workers,
        reload=reload, log_level=settings.log_level.lower(),
    )


# --- ingestion commands (ingest, extract, eval) are registered below -------------------

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


if __name__ == "__main__":
    app()

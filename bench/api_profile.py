"""In-process latency profile of the events API (no server, no wrk): Q1-Q5 of bench/api.py,
each over its 100+ rotating parameter sets, one request at a time through the ASGI app.

    .venv/bin/python bench/api_profile.py                      # SQLite, 100,000 events
    .venv/bin/python bench/api_profile.py --database-url postgresql+psycopg://...  # as is
    .venv/bin/python bench/api_profile.py --sql Q2             # + time per SQL statement

SQLite: the database is built once (migrations, `acip synth`, ANALYZE) and cached as
/tmp/acip-profile-<events>-<seed>.db; `--rebuild` builds it again (after a schema change).
A PostgreSQL URL is used as given (fill it with bench/api.sh --postgres --keep or by hand).

Prints p50/p90/p99/max per query, and the process CPU time per request (SQLite runs in
the process: its CPU p50/p99 hardly moves when other work shares the machine).
Single requests, so this is a lower bound of what
bench/api.sh measures with 16 connections on one worker (queueing comes on top).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import event

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from api import parameter_sets  # noqa: E402

from app.core.config import Settings  # noqa: E402
from app.db import migrate  # noqa: E402
from app.db.session import make_engine, session_scope  # noqa: E402
from app.ingest.reference import seed_reference  # noqa: E402
from app.main import create_app  # noqa: E402
from app.synth import synthesize  # noqa: E402

IN_LIST = re.compile(r"\(\?(, \?)+\)")

# httpx's ASGITransport imports sniffio on every request; when it is not installed, that
# failed import (a sys.path scan, ~1 ms of CPU) would be counted as the app's. A None entry
# in sys.modules makes it fail at once.
try:
    import sniffio  # noqa: F401
except ImportError:
    sys.modules["sniffio"] = None  # type: ignore[assignment]


def build_sqlite(path: Path, events: int, seed: int) -> None:
    path.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        seed_reference(session)
    started = time.perf_counter()
    synthesize(engine, events=events, seed=seed)
    with engine.begin() as connection:
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    print(f"built {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--rounds", type=int, default=2, help="passes over the parameter sets")
    parser.add_argument("--only", default="", help="comma-separated query keys, e.g. Q1,Q4")
    parser.add_argument("--sql", default="", help="query keys whose SQL statements to time")
    args = parser.parse_args()

    url = args.database_url
    if url is None:
        path = Path(f"/tmp/acip-profile-{args.events}-{args.seed}.db")
        if args.rebuild or not path.exists():
            build_sqlite(path, args.events, args.seed)
        url = f"sqlite:///{path}"
    queries = parameter_sets(url)
    if args.only:
        queries = [q for q in queries if q.key in args.only.split(",")]

    asyncio.run(profile(url, queries, rounds=args.rounds, sql=args.sql.split(",")))


async def profile(url: str, queries: list[Any], *, rounds: int, sql: list[str]) -> None:
    app = create_app(Settings(database_url=url, log_level="WARNING"))
    statement_ms: dict[str, list[float]] = defaultdict(list)
    transport = httpx.ASGITransport(app=app)
    async with (app.router.lifespan_context(app),
                httpx.AsyncClient(transport=transport, base_url="http://bench") as client):
        engine = app.state.engine
        timing: dict[str, Any] = {"on": False}

        @event.listens_for(engine, "before_cursor_execute")
        def before(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
            conn.info["acip_t0"] = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def after(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
            if timing["on"]:
                key = IN_LIST.sub("(?...)", " ".join(statement.split()))[:200]
                statement_ms[key].append((time.perf_counter() - conn.info["acip_t0"]) * 1000)

        for q in queries[:1]:
            await client.get(q.paths[0])  # warm-up: vocabulary cache, page cache
        print(f"{url.split('?')[0]}\n")
        print("| query | params | p50 ms | p90 ms | p99 ms | max ms | CPU p50 ms | CPU p99 ms |")
        print("|---|---|---|---|---|---|---|---|")
        for query in queries:
            for p in query.paths[:20]:
                await client.get(p)
            timing["on"] = query.key in sql
            samples: list[float] = []
            cpu_samples: list[float] = []
            for _ in range(rounds):
                for p in query.paths:
                    started, cpu = time.perf_counter(), time.process_time()
                    response = await client.get(p)
                    samples.append((time.perf_counter() - started) * 1000)
                    cpu_samples.append((time.process_time() - cpu) * 1000)
                    if response.status_code != 200:
                        raise SystemExit(f"{p}: {response.status_code} {response.text[:300]}")
            timing["on"] = False
            print(f"| {query.key} | {len(set(query.paths))} | "
                  f"{statistics.median(samples):.1f} | {percentile(samples, 90):.1f} | "
                  f"{percentile(samples, 99):.1f} | {max(samples):.1f} | "
                  f"{statistics.median(cpu_samples):.1f} | {percentile(cpu_samples, 99):.1f} |",
                  flush=True)
    if statement_ms:
        print("\nper statement (ms): n, p50, p99, sql")
        for statement, ms in sorted(statement_ms.items(), key=lambda kv: -sum(kv[1]))[:15]:
            print(f"{len(ms):5d} {statistics.median(ms):7.2f} {percentile(ms, 99):7.2f}  "
                  f"{statement}")


if __name__ == "__main__":
    main()

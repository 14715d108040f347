"""HTTP benchmark of the events API with wrk (driven by bench/api.sh).

Against a database already migrated and filled by `acip synth`, it:
1. draws at least 100 distinct parameter sets per query from the data (deterministic);
2. starts ONE uvicorn worker (`acip serve`) on 127.0.0.1;
3. runs wrk (16 connections, --duration seconds, after a short warm-up) per query with a
   Lua script rotating over the parameter sets, whose `done` prints p50/p90/p99 as JSON;
4. prints a table (req/s, p50, p99, target), writes bench/results/api-*.json;
5. for every query over its p99 target, prints the SQL it runs with EXPLAIN output.

Queries: Q1 events by country, newest first; Q2 theme + date range; Q3 country facets for
a theme; Q4 full text; Q5 one event by id. All traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import create_engine, event, text

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
MIN_PARAMETER_SETS = 100

LUA = r"""
local paths = {%(paths)s}
local counter = 0
local threads = {}

function setup(thread)
  thread:set("offset", #threads * 37)
  table.insert(threads, thread)
end

function init(args)
  counter = offset or 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %%d, "duration_us": %%d, "socket_errors": %%d, "non2xx": %%d, ' ..
    '"p50_us": %%d, "p90_us": %%d, "p99_us": %%d, "max_us": %%d, "mean_us": %%.1f}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean))
end
"""


@dataclass
class Query:
    key: str
    title: str
    paths: list[str]
    target_p99_ms: float
    result: dict[str, Any] = field(default_factory=dict)
    explain: list[dict[str, Any]] = field(default_factory=list)


def parameter_sets(url: str, seed: int = 1) -> list[Query]:
    """At least MIN_PARAMETER_SETS distinct paths per query, drawn from the data."""
    rng = random.Random(seed)
    engine = create_engine(url)
    with engine.connect() as c:
        countries = [r[0] for r in c.execute(text(
            "SELECT country_code FROM events WHERE country_code IS NOT NULL "
            "GROUP BY country_code ORDER BY count(*) DESC, country_code"))]
        names = dict(c.execute(text("SELECT alpha3, name_en FROM countries")).all())
        regions = [r[0] for r in c.execute(text("SELECT slug FROM regions ORDER BY slug"))]
        themes = [r[0] for r in c.execute(text(
            "SELECT slug FROM themes WHERE parent_slug IS NOT NULL ORDER BY slug"))]
        n_events = c.execute(text("SELECT count(*) FROM events")).scalar_one()
        public_ids = [r[0] for r in c.execute(
            text("SELECT public_id FROM events WHERE id % :step = 0 ORDER BY id LIMIT 500"),
            {"step": max(n_events // 500, 1)})]
    engine.dispose()

    def path(base: str, **params: Any) -> str:
        return f"{base}?{urlencode(params, doseq=True)}" if params else base

    # The synthetic corpus has about 60 venue countries: each country as venue or
    # participant (the default), then as participant only, then each region.
    q1 = [path("/v1/events", country=code, sort="-start", limit=20)
          for code in countries[:150]]
    q1 += [path("/v1/events", country=code, country_role="participant", sort="-start",
                limit=20) for code in countries[:150]]
    q1 += [path("/v1/events", region=slug, sort="-start", limit=20) for slug in regions]
    q2: set[str] = set()
    while len(q2) < 150:
        start = date(rng.randrange(2019, 2026), rng.randrange(1, 13), 1)
        end = date(min(start.year + rng.randrange(0, 3), 2026), rng.randrange(1, 13), 28)
        if end <= start:
            continue
        q2.add(path("/v1/events", theme=rng.choice(themes), date_from=start.isoformat(),
                    date_to=end.isoformat(), limit=20))
    q3 = [path("/v1/events/facets", theme=theme, facet="country", date_from=f"{year}-01-01")
          for theme in themes for year in range(2019, 2026)]
    words = ["workshop", "meeting", "training", "integrity", "transparency", "audit",
             "webinar", "risk", "conduct", "reform", "mission", "survey"]
    q4: set[str] = set()
    top = countries[:60]
    while len(q4) < 150:
        country = names.get(rng.choice(top), "Mali").split(",")[0]
        q4.add(path("/v1/events", q=f"{rng.choice(words)} {country}", limit=20))
    q5 = [f"/v1/events/{pid}" for pid in public_ids]
    queries = [
        Query("Q1", "events by country, newest first", q1, 50),
        Query("Q2", "theme + date range", sorted(q2), 50),
        Query("Q3", "country facets for a theme", q3, 50),
        Query("Q4", "full text", sorted(q4), 50),
        Query("Q5", "one event by id", q5, 50),
    ]
    for query in queries:
        if len(set(query.paths)) < MIN_PARAMETER_SETS:
            raise SystemExit(f"{query.key}: only {len(set(query.paths))} parameter sets; "
                             "synthesize more events")
    return queries


def wait_ready(base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/readyz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the server at {base} did not become ready")


def check_paths(base: str, query: Query) -> None:
    """Every path answers 200 before it is measured (a benchmark of 4xx is worthless)."""
    for p in query.paths[:: max(len(query.paths) // 20, 1)]:
        with urllib.request.urlopen(f"{base}{p}", timeout=30) as response:  # noqa: S310
            if response.status != 200:
                raise SystemExit(f"{query.key}: {p} answered {response.status}")


def run_wrk(base: str, query: Query, *, duration: int, connections: int, threads: int,
            workdir: Path) -> dict[str, Any]:
    script = workdir / f"{query.key}.lua"
    script.write_text(LUA % {"paths": ", ".join(json.dumps(p) for p in query.paths)})
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
               "--timeout", "10s", "-s", str(script), base]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"^WRKJSON (\{.*\})$", output, re.MULTILINE)
    if not match:
        raise SystemExit(f"wrk printed no summary for {query.key}:\n{output}")
    stats: dict[str, Any] = json.loads(match.group(1))
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
    return stats


def explain(url: str, query: Query, samples: int = 3) -> list[dict[str, Any]]:
    """The SQL a few of the query's requests run (captured in-process), each timed and with
    its EXPLAIN (QUERY PLAN on SQLite, ANALYZE on PostgreSQL)."""
    from fastapi.testclient import TestClient

    from app.core.config import Settings
    from app.main import create_app

    captured: list[tuple[str, Any]] = []
    app = create_app(Settings(database_url=url, log_level="WARNING"))
    out: list[dict[str, Any]] = []
    with TestClient(app) as client:
        engine = app.state.engine

        @event.listens_for(engine, "before_cursor_execute")
        def capture(conn: Any, cursor: Any, statement: str, parameters: Any,
                    context: Any, executemany: bool) -> None:
            if statement.lstrip().upper().startswith(("SELECT", "WITH")):
                captured.append((statement, parameters))

        for p in query.paths[:samples]:
            captured.clear()
            started = time.perf_counter()
            client.get(p)
            total_ms = (time.perf_counter() - started) * 1000
            statements = list(captured)
            event.remove(engine, "before_cursor_execute", capture)
            plans = []
            raw = engine.raw_connection()
            try:
                cursor = raw.cursor()
                for statement, parameters in statements:
                    prefix = ("EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite"
                              else "EXPLAIN (ANALYZE, BUFFERS) ")
                    t0 = time.perf_counter()
                    cursor.execute(statement, parameters)
                    cursor.fetchall()
                    ms = (time.perf_counter() - t0) * 1000
                    cursor.execute(prefix + statement, parameters)
                    plan = "\n".join(" | ".join(str(v) for v in row) for row in cursor.fetchall())
                    plans.append({"sql": statement, "ms": round(ms, 2), "plan": plan})
                raw.rollback()
            finally:
                raw.close()
            event.listen(engine, "before_cursor_execute", capture)
            out.append({"path": p, "request_ms": round(total_ms, 2), "statements": plans})
    return out


def start_server(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ACIP_DATABASE_URL": url, "ACIP_LOG_LEVEL": "WARNING"}
    acip = str(Path(sys.executable).parent / "acip")
    handle = log.open("wb")
    return subprocess.Popen(
        [acip, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--events", type=int, default=0, help="for the report only")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1,
                        help="wrk threads (1 leaves the other core to the server)")
    parser.add_argument("--target-ms", type=float, default=None,
                        help="p99 target of Q1-Q5 (default 50; 100 on PostgreSQL)")
    parser.add_argument("--only", default="", help="comma-separated query keys, e.g. Q1,Q4")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (bench/api.sh installs it)")
    backend = "postgresql" if args.database_url.startswith("postgresql") else "sqlite"
    queries = parameter_sets(args.database_url)
    if args.only:
        queries = [q for q in queries if q.key in args.only.split(",")]
    target = args.target_ms or (100.0 if backend == "postgresql" else 50.0)
    for query in queries:
        query.target_p99_ms = target

    base = f"http://127.0.0.1:{args.port}"
    workdir = Path(tempfile.mkdtemp(prefix="acip-bench-"))
    server = start_server(args.database_url, args.port, workdir / "server.log")
    try:
        wait_ready(base)
        for query in queries:
            check_paths(base, query)
            if args.warmup:
                run_wrk(base, query, duration=args.warmup, connections=args.connections,
                        threads=args.threads, workdir=workdir)
            query.result = run_wrk(base, query, duration=args.duration,
                                   connections=args.connections, threads=args.threads,
                                   workdir=workdir)
            r = query.result
            print(f"{query.key} done: {r['rps']:.0f} req/s, p99 {r['p99_us'] / 1000:.1f} ms",
                  file=sys.stderr)
    finally:
        stop_server(server)

    slow = [q for q in queries if q.result["p99_us"] / 1000 >= q.target_p99_ms]
    for query in slow:
        query.explain = explain(args.database_url, query)

    header = ("| query | what | distinct params | req/s | p50 ms | p99 ms | target p99 | "
              "non-2xx |\n|---|---|---|---|---|---|---|---|")
    rows = [
        f"| {q.key} | {q.title} | {len(set(q.paths))} | {q.result['rps']:.0f} | "
        f"{q.result['p50_us'] / 1000:.1f} | {q.result['p99_us'] / 1000:.1f} | "
        f"{'<' if q.result['p99_us'] / 1000 < q.target_p99_ms else 'MISSED'} "
        f"{q.target_p99_ms:.0f} ms | {q.result['non2xx'] + q.result['socket_errors']} |"
        for q in queries
    ]
    print(f"\nbackend {backend}, {args.events:,} events, 1 uvicorn worker, "
          f"{args.connections} connections, {args.duration} s per query\n")
    print(header)
    print("\n".join(rows))
    for query in slow:
        print(f"\n## {query.key} ({query.title}) missed its target: SQL and plans")
        for sample in query.explain[:1]:
            print(f"\nGET {sample['path']} took {sample['request_ms']} ms in-process")
            for s in sample["statements"]:
                print(f"\n-- {s['ms']} ms\n{s['sql']}\n{s['plan']}")

    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS / f"api-{backend}-{args.events}-{stamp}.json"
    out.write_text(json.dumps({
        "backend": backend, "events": args.events, "workers": 1,
        "connections": args.connections, "duration_s": args.duration, "when": stamp,
        "queries": [{k: v for k, v in asdict(q).items() if k != "paths"} |
                    {"distinct_params": len(set(q.paths)), "example": q.paths[0]}
                    for q in queries],
    }, indent=2, default=str))
    print(f"\nwritten {out.relative_to(ROOT)}")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Ingest benchmark: extract+load and unchanged re-ingest, on SQLite, in one process.

    .venv/bin/python bench/ingest.py [--files 10000] [--seed 7] [--commit-every N] [--profile]

Generates FILES article variants from the fixture corpus (countries, cities, years, people
and partner counts swapped by a seeded random.Random: the same seed gives the same files),
ingests them into a fresh SQLite database, then ingests them again (all unchanged). Prints
a table and writes JSON to bench/results/: docs/s by the clock and per CPU second (the
machine may be busy: the CPU rate is the one-core figure), and ms per document of each
phase (read = read, decode, hash and the unchanged check; extract; load = the statements;
commit; other = the rest of the loop). `--profile` adds the extractor's and loader's
hottest functions, the database driver's calls (where SQLite's own work shows: statements,
triggers, full-text indexing, commit) and SQLAlchemy's share (cProfile, on the first 500
files).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import random
import re
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = {"extract_load_docs_per_s": 300.0, "unchanged_docs_per_s": 3000.0}

COUNTRIES = ["Mali", "Nepal", "Ghana", "Tunisia", "Brazil", "Kenya", "Senegal", "Peru",
             "Jordan", "Malawi", "Georgia", "Uganda", "Zambia", "Madagascar", "Colombia",
             "Morocco", "Cambodia", "Mongolia", "Armenia", "Ecuador", "Niger", "Benin"]
CITIES = ["Brussels", "Bamako", "Kathmandu", "Accra", "Tunis", "Brasília", "Nairobi", "Dakar",
          "Lima", "Amman", "Lilongwe", "Tbilisi", "Kampala", "Lusaka", "Antananarivo",
          "Bogotá", "Rabat", "Phnom Penh", "Ulaanbaatar", "Yerevan", "Quito", "Niamey"]
FIRST = ["Awa", "Jean", "Maria", "Ahmed", "Sofia", "Kwame", "Lina", "Tomás", "Grace", "Omar",
         "Nadia", "Pierre", "Aiko", "Ravi", "Fatou", "Elena"]
LAST = ["Traoré", "Dupont", "Silva", "Haddad", "Mensah", "Okafor", "Sharma", "Diallo",
        "Novak", "Moreau", "Banda", "Kim", "Rossi", "Ndiaye", "Costa", "Petrov"]
_YEAR = re.compile(r"\b(20[12]\d)\b")
_PARTNERS = re.compile(r"\b(\d{1,2})(?=\s+(?:active\s+)?partner)")


def corpus_texts() -> list[str]:
    files = sorted((CORPUS / "articles").glob("*.txt")) + sorted((CORPUS / "seeds").glob("*.txt"))
    return [f.read_text("utf-8") for f in files]


def _people(gold_files: list[Path]) -> list[str]:
    names: set[str] = set()
    for gold in gold_files:
        for facts in json.loads(gold.read_text("utf-8")).values():
            names.update(p["name"] for p in facts["people"])
    return sorted(names, key=len, reverse=True)


def variant(text: str, rng: random.Random, people: list[str], n: int) -> str:
    """One article rewritten: the same structure, other places, years, people and counts."""
    countries = rng.sample(COUNTRIES, len(COUNTRIES))
    swap_country = dict(zip(COUNTRIES, countries, strict=True))
    swap_city = dict(zip(CITIES, rng.sample(CITIES, len(CITIES)), strict=True))
    for table in (swap_country, swap_city):
        pattern = re.compile(r"\b(" + "|".join(map(re.escape, table)) + r")\b")
        text = pattern.sub(lambda m, t=table: t[m.group(1)], text)  # type: ignore[misc]
    shift = rng.randint(-4, 2)
    text = _YEAR.sub(lambda m: str(int(m.group(1)) + shift), text)
    text = _PARTNERS.sub(lambda m: str(max(2, int(m.group(1)) + rng.randint(-3, 6))), text)
    for name in people:
        if name in text:
            text = text.replace(name, f"{rng.choice(FIRST)} {rng.choice(LAST)}")
    return f"{text.rstrip()}\n\nReference A-CIP/{n:06d}.\n"


def generate(directory: Path, files: int, seed: int) -> list[Path]:
    rng = random.Random(seed)
    texts = corpus_texts()
    people = _people([CORPUS / "gold.json", CORPUS / "seeds-gold.json"])
    paths = []
    for n in range(files):
        path = directory / f"{n // 1000:02d}" / f"article-{n:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(variant(texts[n % len(texts)], rng, people, n), encoding="utf-8")
        paths.append(path)
    return paths


def _database(directory: Path) -> tuple[Any, Any]:
    from app.db import migrate
    from app.db.session import make_engine, make_sessionmaker, session_scope
    from app.ingest.reference import seed_reference

    engine = make_engine(f"sqlite:///{directory / 'bench.db'}")
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        seed_reference(session)
    return engine, make_sessionmaker(engine)


def _hot_spots(profile: cProfile.Profile, prefix: str, limit: int = 12) -> list[dict[str, Any]]:
    stats = pstats.Stats(profile)
    rows = []
    for (file, line, func), (_, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        if prefix in file:
            rows.append({"function": f"{Path(file).relative_to(ROOT)}:{line}({func})",
                         "calls": calls, "tottime_s": round(tottime, 3),
                         "cumtime_s": round(cumtime, 3)})
    return sorted(rows, key=lambda r: r["tottime_s"], reverse=True)[:limit]


def _driver_spots(profile: cProfile.Profile, limit: int = 6) -> list[dict[str, Any]]:
    """The DBAPI driver's C calls (sqlite3 / psycopg), and SQLAlchemy's own time in one row."""
    stats = pstats.Stats(profile)
    rows = []
    alchemy = [0, 0.0]
    for (file, _line, func), (_, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        if "sqlalchemy" in file:
            alchemy[0] += calls
            alchemy[1] += tottime
        elif "sqlite3." in func or "psycopg" in file:
            rows.append({"function": func if file == "~" else f"{file}:{func}", "calls": calls,
                         "tottime_s": round(tottime, 3), "cumtime_s": round(cumtime, 3)})
    rows = sorted(rows, key=lambda r: r["tottime_s"], reverse=True)[:limit]
    rows.append({"function": "SQLAlchemy (every function, own time)", "calls": alchemy[0],
                 "tottime_s": round(alchemy[1], 3), "cumtime_s": round(alchemy[1], 3)})
    return rows


def _phases(summary: Any, cpu_s: float, files: int) -> dict[str, float]:
    """CPU ms per document of each pipeline phase, and of the rest of the loop (other)."""
    phases = {k: round(1000 * v / files, 3) for k, v in summary.timings.items()}
    phases["other"] = round(1000 * cpu_s / files - sum(phases.values()), 3)
    return phases


def run(files: int, seed: int, profile: bool, commit_every: int) -> dict[str, Any]:
    from app.ingest import pipeline
    from app.ingest.extract import extract

    with tempfile.TemporaryDirectory(prefix="acip-bench-") as tmp:
        directory = Path(tmp)
        started = time.perf_counter()
        generate(directory / "articles", files, seed)
        generated_s = time.perf_counter() - started
        engine, sessions = _database(directory)
        extract(corpus_texts()[0])  # warm the extractor's lazy tables: not part of the rate

        passes = []
        for _ in range(2):  # extract + load, then the same files again: all unchanged
            with sessions() as session:
                cpu = time.process_time()
                summary = pipeline.run([str(directory / "articles")], session,
                                       max_bytes=2_000_000, commit_every=commit_every,
                                       clock=time.process_time)
                passes.append((summary, time.process_time() - cpu))
        (first, first_cpu), (second, second_cpu) = passes
        result: dict[str, Any] = {
            "files": files, "seed": seed, "generate_s": round(generated_s, 2),
            "commit_every": commit_every,
            "extract_load": {"elapsed_s": round(first.elapsed, 2),
                             "docs_per_s": round(files / first.elapsed, 1),
                             "cpu_s": round(first_cpu, 2),
                             "docs_per_cpu_s": round(files / first_cpu, 1),
                             "cpu_ms_per_doc": _phases(first, first_cpu, files),
                             "outcomes": first.outcomes, "facts": first.facts},
            "unchanged": {"elapsed_s": round(second.elapsed, 2),
                          "docs_per_s": round(files / second.elapsed, 1),
                          "cpu_s": round(second_cpu, 2),
                          "docs_per_cpu_s": round(files / second_cpu, 1),
                          "outcomes": second.outcomes},
        }
        if profile:
            result["profile"] = _profile(directory, sessions, min(files, 500), commit_every)
        engine.dispose()
    return result


def _profile(directory: Path, sessions: Any, files: int, commit_every: int
             ) -> dict[str, Any]:
    """cProfile over a fresh ingest of the first `files` articles (a new database)."""
    from app.ingest import pipeline

    engine, fresh = _database(directory / "profile")
    paths = sorted((directory / "articles").rglob("*.txt"))[:files]
    profiler = cProfile.Profile()
    with fresh() as session:
        profiler.enable()
        pipeline.run([str(p) for p in paths], session, max_bytes=2_000_000,
                     commit_every=commit_every)
        profiler.disable()
    engine.dispose()
    return {"files": files, "extractor": _hot_spots(profiler, "app/ingest/extract/"),
            "loader": _hot_spots(profiler, "app/ingest/load.py", 6),
            "database": _driver_spots(profiler)}


def report(result: dict[str, Any], console: Console) -> None:
    table = Table(title=f"ingest benchmark: {result['files']} generated articles, SQLite, "
                        f"one process, --commit-every {result['commit_every']}")
    for column in ("pass", "docs/s", "docs/CPU s", "target", "elapsed s", "CPU s", "outcomes"):
        table.add_column(column, justify="left" if column in ("pass", "outcomes") else "right")
    for name, key, target in (("extract + load", "extract_load", "extract_load_docs_per_s"),
                              ("unchanged re-ingest", "unchanged", "unchanged_docs_per_s")):
        run_ = result[key]
        table.add_row(name, f"{run_['docs_per_s']:.0f}", f"{run_['docs_per_cpu_s']:.0f}",
                      f"{TARGETS[target]:.0f}", f"{run_['elapsed_s']:.1f}",
                      f"{run_['cpu_s']:.1f}",
                      ", ".join(f"{k} {v}" for k, v in run_["outcomes"].items() if v))
    console.print(table)
    phases = result["extract_load"]["cpu_ms_per_doc"]
    total = sum(phases.values())
    breakdown = Table(title="extract + load: where the CPU time goes")
    for column in ("phase", "CPU ms/doc", "share"):
        breakdown.add_column(column, justify="left" if column == "phase" else "right")
    for phase, ms in phases.items():
        breakdown.add_row(phase, f"{ms:.3f}", f"{100 * ms / total:.0f} %" if total else "-")
    breakdown.add_row("total", f"{total:.3f}", "100 %", style="bold")
    console.print(breakdown)
    for kind in ("extractor", "loader", "database"):
        rows = result.get("profile", {}).get(kind, [])
        if rows:
            console.print(f"[bold]{kind} hot spots[/] (tottime over "
                          f"{result['profile']['files']} files)")
            for row in rows:
                console.print(f"  {row['tottime_s']:7.3f} s  {row['calls']:>8}  "
                              f"{row['function']}", highlight=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--commit-every", type=int, default=None,
                        help="documents per transaction (default: acip ingest's)")
    args = parser.parse_args()
    from app.ingest.pipeline import COMMIT_EVERY

    result = run(args.files, args.seed, args.profile, args.commit_every or COMMIT_EVERY)
    from app.ingest.extract import EXTRACTOR_VERSION

    result |= {"date": datetime.now(UTC).isoformat(timespec="seconds"),
               "python": sys.version.split()[0], "platform": platform.platform(),
               "cpus": os.cpu_count(), "extractor_version": EXTRACTOR_VERSION,
               "targets": TARGETS}
    report(result, Console(width=110))
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"ingest-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    (RESULTS / "ingest-latest.json").write_text(out.read_text("utf-8"), encoding="utf-8")
    print(f"written {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

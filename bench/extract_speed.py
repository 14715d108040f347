"""Extractor speed, and a golden snapshot that keeps speed work from changing the output.

    .venv/bin/python bench/extract_speed.py              # time it: ms/doc, docs/s, per module
    .venv/bin/python bench/extract_speed.py --snapshot   # write the golden snapshot
    .venv/bin/python bench/extract_speed.py --check      # compare with the golden snapshot

The documents are the corpus and seed articles, the held-out articles when present, and
deterministic synthetic variants of them (countries, dates and people swapped, paragraphs
shuffled, bodies spliced) made by `variants()` with a seeded `random.Random`.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import hashlib
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.ingest.extract import (  # noqa: E402
    events,
    extract,
    funders,
    organisations,
    people,
    themes,
)
from app.ingest.extract.context import Context  # noqa: E402
from app.ingest.extract.facts import Facts  # noqa: E402
from app.ingest.extract.layout import parse_layout  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
SOURCES = (
    FIXTURES / "corpus" / "articles",
    FIXTURES / "corpus" / "seeds",
    FIXTURES / "heldout" / "articles",
)
SNAPSHOT = Path("/tmp/extract_snapshot.json")
SEED = 20240611
VARIANTS = 300

# --- Synthetic variants ----------------------------------------------------------------

_COUNTRIES = (
    "Afghanistan", "Ethiopia", "Ghana", "Lebanon", "Liberia", "Mali", "Mozambique", "Nepal",
    "Sierra Leone", "Tanzania", "Tunisia", "Niger", "Burkina Faso", "Côte d'Ivoire", "Senegal",
    "Togo", "Benin", "Kenya", "Uganda", "Zambia", "Malawi", "Madagascar", "Cameroon", "Gabon",
    "Guinea", "Mauritania", "Morocco", "Jordan", "Sri Lanka", "Bangladesh", "Brazil", "Peru",
    "Norway", "Canada", "Sweden", "Switzerland", "Botswana", "Namibia", "Chad", "Haiti",
)
_CITIES = (
    "Brussels", "Accra", "Bamako", "Kathmandu", "Monrovia", "Tunis", "Addis Ababa", "Beirut",
    "Maputo", "Freetown", "Dar es Salaam", "Kabul", "Niamey", "Ouagadougou", "Abidjan",
    "Dakar", "Lomé", "Cotonou", "Nairobi", "Kampala", "Lusaka", "Oslo", "Geneva", "Paris",
)
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")
_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre")
_FIRST = ("Anna", "Kwame", "Fatou", "Hichem", "Maria", "John", "Amina", "Pierre", "Sophie",
          "Emmanuel", "Ingrid", "Moussa", "Aïcha", "Rajesh", "Leila", "Carlos", "Nadia")
_LAST = ("Kowalczyk", "Mensah", "Diallo", "Ben Salah", "Solheim", "Traoré", "Okafor",
         "N’Guessan", "Sharma", "Haddad", "Dupont", "Silva", "Berg", "Ouédraogo", "Karimi")
_PERSON = re.compile(r"\b(?P<first>[A-Z][a-zà-ÿ]+) (?P<last>[A-Z][a-zà-ÿ’']+)(?=, )")
_DAY_MONTH = re.compile(
    r"\b(?P<day>[12]?\d|3[01])(?P<sp>\s+)(?P<month>" + "|".join(_MONTHS_EN + _MONTHS_FR) + r")\b"
)
_YEAR = re.compile(r"\b20(?:1[5-9]|2[0-5])\b")


def _split(text: str) -> tuple[list[str], list[str]]:
    """(head blocks: title and date line, body paragraphs)."""
    blocks = re.split(r"\n\s*\n", text.strip())
    head = min(2, max(len(blocks) - 1, 0))
    return blocks[:head], blocks[head:]


def _swap_countries(text: str, rng: random.Random) -> str:
    present = [c for c in _COUNTRIES if re.search(rf"\b{re.escape(c)}\b", text)]
    if not present:
        return text
    chosen = rng.sample(present, k=min(len(present), rng.randint(1, 3)))
    mapping = {c: rng.choice(_COUNTRIES) for c in chosen}
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(c) for c in chosen) + r")\b")
    return pattern.sub(lambda m: mapping[m.group(0)], text)


def _swap_cities(text: str, rng: random.Random) -> str:
    present = [c for c in _CITIES if c in text]
    if not present:
        return text
    old = rng.choice(present)
    return re.sub(rf"\b{re.escape(old)}\b", rng.choice(_CITIES), text)


def _swap_dates(text: str, rng: random.Random) -> str:
    shift = rng.randint(-2, 2)

    def day_month(m: re.Match[str]) -> str:
        month = m.group("month")
        table = _MONTHS_EN if month in _MONTHS_EN else _MONTHS_FR
        if rng.random() < 0.5:
            month = table[(table.index(month) + rng.randint(1, 11)) % 12]
        return f"{rng.randint(1, 28)}{m.group('sp')}{month}"

    text = _DAY_MONTH.sub(day_month, text)
    return _YEAR.sub(lambda m: str(min(2025, max(2015, int(m.group(0)) + shift))), text)


def _swap_people(text: str, rng: random.Random) -> str:
    mapping: dict[str, str] = {}

    def person(m: re.Match[str]) -> str:
        key = m.group(0)
        if key not in mapping:
            mapping[key] = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        return mapping[key]

    return _PERSON.sub(person, text)


def _shuffle(text: str, rng: random.Random) -> str:
    head, body = _split(text)
    rng.shuffle(body)
    return "\n\n".join(head + body) + "\n"


def _splice(text: str, other: str, rng: random.Random) -> str:
    head, body = _split(text)
    _, more = _split(other)
    cut = rng.randint(0, len(body))
    extra = rng.sample(more, k=min(len(more), rng.randint(1, 3)))
    return "\n\n".join(head + body[:cut] + extra + body[cut:]) + "\n"


def variants(originals: list[str], count: int = VARIANTS, seed: int = SEED) -> list[str]:
    """`count` deterministic perturbations of `originals`."""
    rng = random.Random(seed)
    out: list[str] = []
    for i in range(count):
        text = originals[i % len(originals)]
        steps: list[Callable[[str, random.Random], str]] = [
            _swap_countries, _swap_cities, _swap_dates, _swap_people, _shuffle,
        ]
        for step in steps:
            if rng.random() < 0.6:
                text = step(text, rng)
        if rng.random() < 0.25:
            text = _splice(text, rng.choice(originals), rng)
        out.append(text)
    return out


def documents() -> list[tuple[str, str]]:
    """(name, text) of every document, originals first."""
    originals: list[tuple[str, str]] = []
    for folder in SOURCES:
        if folder.is_dir():
            for path in sorted(folder.glob("*.txt")):
                originals.append(
                    (str(path.relative_to(FIXTURES)), path.read_text(encoding="utf-8"))
                )
    texts = [t for _, t in originals]
    synthetic = [(f"synthetic/{i:03d}", t) for i, t in enumerate(variants(texts))]
    return originals + synthetic


# --- Snapshot --------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def snapshot_of(facts: Facts) -> dict[str, Any]:
    """The gold rendering plus every field of every fact (evidence offsets and text too)."""
    full = _plain(facts)
    body = full.pop("body")
    return {
        "gold": facts.to_gold(),
        "body_sha1": hashlib.sha1(body.encode()).hexdigest(),
        "facts": full,
    }


def _diff(a: Any, b: Any, path: str = "") -> Iterator[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            yield from _diff(a.get(key), b.get(key), f"{path}.{key}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            yield from _diff(x, y, f"{path}[{i}]")
    elif a != b:
        yield f"{path}: expected {json.dumps(a, ensure_ascii=False)[:200]}, " \
              f"got {json.dumps(b, ensure_ascii=False)[:200]}"


def write_snapshot(docs: list[tuple[str, str]]) -> None:
    data = {name: snapshot_of(extract(text)) for name, text in docs}
    SNAPSHOT.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
    facts = sum(len(d["facts"][k]) for d in data.values()
                for k in ("events", "administrations", "funders", "people", "themes"))
    print(f"wrote {SNAPSHOT}: {len(data)} documents, {facts} facts")


def check_snapshot(docs: list[tuple[str, str]]) -> int:
    expected = json.loads(SNAPSHOT.read_text())
    if set(expected) != {name for name, _ in docs}:
        print("the document set differs from the snapshot's")
        return 1
    bad = 0
    for name, text in docs:
        got = json.loads(json.dumps(snapshot_of(extract(text)), ensure_ascii=False))
        diffs = list(_diff(expected[name], got))
        if diffs:
            bad += 1
            print(f"{name}: {len(diffs)} difference(s)")
            for line in diffs[:5]:
                print("   ", line)
    print(f"{len(docs) - bad}/{len(docs)} documents identical to the snapshot")
    return 1 if bad else 0


# --- Timing ----------------------------------------------------------------------------

_STAGES = ("layout", "context", "events", "organisations", "funders", "people", "themes")


def _timed_extract(text: str, clock: dict[str, float]) -> Facts:
    """`extract`, stage by stage, adding each stage's time to `clock`."""
    now = time.perf_counter
    t0 = now()
    layout = parse_layout(text)
    t1 = now()
    ctx = Context.build(layout.body, layout.published, layout.language, layout.title)
    t2 = now()
    found_events = events.extract_events(ctx)
    t3 = now()
    administrations, partner_count = organisations.extract_administrations(ctx, found_events)
    events.fill_country_from_hosts(found_events, administrations)
    t4 = now()
    found_funders = funders.extract_funders(ctx)
    t5 = now()
    found_people = people.extract_people(ctx)
    t6 = now()
    found_themes = themes.extract_themes(ctx)
    t7 = now()
    for stage, (a, b) in zip(_STAGES, [(t0, t1), (t1, t2), (t2, t3), (t3, t4), (t4, t5),
                                       (t5, t6), (t6, t7)], strict=True):
        clock[stage] += b - a
    return Facts(layout.title, layout.published, layout.language, layout.body, found_events,
                 administrations, partner_count, found_funders, found_people, found_themes,
                 layout.warnings)


def time_it(docs: list[tuple[str, str]], repeats: int) -> None:
    texts = [t for _, t in docs]
    for text in texts:  # warm up: build the gazetteers and compile the patterns
        extract(text)
    best = float("inf")
    best_clock: dict[str, float] = {}
    runs: list[float] = []
    for _ in range(repeats):
        clock = dict.fromkeys(_STAGES, 0.0)
        gc.collect()
        start = time.perf_counter()
        for text in texts:
            _timed_extract(text, clock)
        elapsed = time.perf_counter() - start
        runs.append(elapsed)
        if elapsed < best:
            best, best_clock = elapsed, clock
    n = len(texts)
    print(f"{n} documents, {repeats} runs; ms/doc per run: "
          + " ".join(f"{r / n * 1000:.2f}" for r in runs))
    print(f"best: {best / n * 1000:.3f} ms/doc, {n / best:.0f} docs/s")
    for stage in _STAGES:
        share = best_clock[stage] / n * 1000
        print(f"  {stage:14} {share:7.3f} ms/doc  {best_clock[stage] / best * 100:5.1f}%")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--snapshot", action="store_true", help="write the golden snapshot")
    mode.add_argument("--check", action="store_true", help="compare with the golden snapshot")
    parser.add_argument("--repeats", type=int, default=5, help="timing runs (best is kept)")
    args = parser.parse_args()
    docs = documents()
    if args.snapshot:
        write_snapshot(docs)
        return 0
    if args.check:
        return check_snapshot(docs)
    time_it(docs, args.repeats)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Event resolution speed: reports attached one document at a time, as ingest would.

    .venv/bin/python bench/resolve_speed.py [DOCUMENTS]      # default 10,000

Deterministic synthetic documents (seeded `random.Random`): 1-3 events each over seven
years, day, month or no dates, 45 countries, names of four words from 400. Denser in
collisions than real articles (many same-country, same-month activities), so a pessimistic
figure. Prints ms per document by thousand, and the largest components and events.
"""

from __future__ import annotations

import random
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.ingest.resolve import Resolution  # noqa: E402
from app.ingest.resolve.reports import reports_from_annotation  # noqa: E402

TYPES = ["meeting", "workshop", "training", "mission", "conference", "webinar", "survey",
         "launch", "other"]


def documents(n: int, seed: int = 1) -> list[tuple[str, dict[str, Any]]]:
    rnd = random.Random(seed)
    countries = [f"C{i:02d}" for i in range(45)]
    words = [f"w{i:03d}x" for i in range(400)]
    out = []
    for i in range(n):
        published = (date(2019, 1, 1) + timedelta(days=rnd.randint(0, 2500))
                     if rnd.random() < 0.7 else None)
        events = []
        for _ in range(rnd.choice([1, 1, 1, 2, 2, 3])):
            base = (published or date(2022, 1, 1)) - timedelta(days=rnd.randint(0, 60))
            kind = rnd.random()
            if kind < 0.6:
                start = base.isoformat()
                end = (base + timedelta(days=rnd.randint(0, 4))).isoformat()
            elif kind < 0.8:
                start = end = base.isoformat()[:7]
            else:
                start = end = None
            events.append({"type": rnd.choice(TYPES), "name": " ".join(rnd.sample(words, 4)),
                           "start": start, "end": end, "city": None,
                           "country": rnd.choice([*countries, None]), "online": False})
        out.append((f"d{i}", {
            "title": None, "published": published.isoformat() if published else None,
            "events": events, "people": [], "funders": [], "themes": [],
            "administrations": [{"country": c, "roles": ["partner"]}
                                for c in rnd.sample(countries, rnd.randint(0, 2))]}))
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    step = max(n // 10, 1)
    resolution = Resolution()
    started = last = time.perf_counter()
    for done, (key, entry) in enumerate(documents(n), 1):
        resolution.add(reports_from_annotation(key, entry, seen=done))
        if done % step == 0:
            now = time.perf_counter()
            print(f"{done:>6} documents  {(now - last) / step * 1000:6.2f} ms/doc  "
                  f"{len(resolution.members):>6} events  {len(resolution.reports):>6} reports")
            last = now
    print(f"total {time.perf_counter() - started:.1f} s")
    sizes = Counter(len(m) for m in resolution.members.values())
    print("reports per event:", dict(sorted(sizes.items())))


if __name__ == "__main__":
    main()

"""Generalisation check: score the extractor on the hand-written held-out articles.

The held-out set (tests/fixtures/heldout/) was written and annotated independently of the
extractor's development corpus; never tune rules against it.

    .venv/bin/python bench/score_heldout.py [FIELD ... | all]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.ingest.evaluate import score
from app.ingest.extract import extract

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "heldout"


def main() -> None:
    show = set(sys.argv[1:])
    gold = json.loads((ROOT / "gold.json").read_text(encoding="utf-8"))
    predicted = {
        key: extract((ROOT / key).read_text(encoding="utf-8")).to_gold() for key in gold
    }
    for name, sc in score(gold, predicted).items():
        print(f"{name:16} P={sc.precision:.3f} R={sc.recall:.3f} F1={sc.f1:.3f}")
        if name in show or "all" in show:
            for err in sc.errors:
                print("    ", err)


if __name__ == "__main__":
    main()

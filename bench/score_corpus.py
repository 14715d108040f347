"""Quick development scorer: extract every fixture article and print per-field F1 and errors.

    .venv/bin/python bench/score_corpus.py [FIELD ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from app.ingest.evaluate import score
from app.ingest.extract import extract

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"


def main() -> None:
    show = set(sys.argv[1:])
    gold = json.loads((ROOT / "gold.json").read_text()) | {
        f"seeds/{k}": v for k, v in json.loads((ROOT / "seeds-gold.json").read_text()).items()
    }
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

"""The extractor's quality floors on the sample corpus and the founding articles.

Scored with app.ingest.evaluate.score (its module docstring states the matching rules).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from app.ingest.evaluate import FieldScore, score
from app.ingest.extract import extract

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FLOORS = {
    "administrations": 0.95, "funders": 0.95, "people": 0.95, "partner_count": 0.95,
    "event_start": 0.95, "event_end": 0.95,
    "roles": 0.9, "event_type": 0.9, "event_venue": 0.9,
    "themes": 0.85,
}


@cache
def _scores() -> dict[str, FieldScore]:
    gold: dict[str, Any] = json.loads((CORPUS / "gold.json").read_text("utf-8"))
    seeds = json.loads((CORPUS / "seeds-gold.json").read_text("utf-8"))
    gold |= {f"seeds/{name}": facts for name, facts in seeds.items()}
    predicted = {key: extract((CORPUS / key).read_text("utf-8")).to_gold() for key in gold}
    return score(gold, predicted)


@pytest.mark.parametrize(("field", "floor"), sorted(FLOORS.items()))
def test_extraction_f1_meets_its_floor(field: str, floor: float) -> None:
    result = _scores()[field]
    assert result.f1 >= floor, (
        f"{field}: F1 {result.f1:.3f} < {floor} (P {result.precision:.3f}, "
        f"R {result.recall:.3f}); first errors: {result.errors[:8]}")

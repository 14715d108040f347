"""Themes: the 22 taxonomy slugs."""

from __future__ import annotations

from app.ingest.extract.context import Context
from app.ingest.extract.facts import ThemeFact


def extract_themes(ctx: Context) -> list[ThemeFact]:
    return []

"""Vocabularies as data: countries (pycountry), WCO regions, themes and funders."""

from __future__ import annotations

import gettext
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import pycountry


@cache
def load(name: str) -> dict[str, Any]:
    """A JSON file of app/vocab, parsed once per process (callers must not change it)."""
    data: dict[str, Any] = json.loads(files("app.vocab").joinpath(name).read_text("utf-8"))
    return data


@dataclass(frozen=True, slots=True)
class CountryRecord:
    alpha2: str
    alpha3: str
    numeric: str
    name_en: str
    name_fr: str
    region_slug: str | None


@cache
def regions() -> list[dict[str, Any]]:
    return list(load("wco_regions.json")["regions"])


@cache
def countries() -> list[CountryRecord]:
    """Every ISO 3166-1 country from pycountry, names in English and French."""
    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    region_of = {code: r["slug"] for r in regions() for code in r["members"]}
    records = []
    for c in pycountry.countries:
        name_en = getattr(c, "common_name", None) or c.name
        records.append(
            CountryRecord(
                alpha2=c.alpha_2, alpha3=c.alpha_3, numeric=c.numeric, name_en=name_en,
                name_fr=french.gettext(c.name), region_slug=region_of.get(c.alpha_3),
            )
        )
    return records


@cache
def themes() -> list[dict[str, Any]]:
    """Theme rows: the two groups, then their children, with parent and position."""
    rows: list[dict[str, Any]] = []
    for gi, group in enumerate(load("themes.json")["groups"]):
        rows.append({"slug": group["slug"], "name_en": group["name_en"],
                     "name_fr": group["name_fr"], "parent_slug": None, "position": gi})
        for ci, (slug, en, fr) in enumerate(group["children"]):
            rows.append({"slug": slug, "name_en": en, "name_fr": fr,
                         "parent_slug": group["slug"], "position": ci})
    return rows


@cache
def funders() -> list[dict[str, Any]]:
    return list(load("funders.json")["funders"])


def theme_slugs() -> list[str]:
    return [t["slug"] for t in themes() if t["parent_slug"] is not None]

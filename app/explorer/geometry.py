"""Rebuild `static/world-110m.json`, the explorer's world map, from Natural Earth.

Source: Natural Earth 1:110m Admin 0 countries (public domain), version 4.1.0, as
redistributed in TopoJSON by the npm package `world-atlas` 2.0.2 (ISC licence,
`static/world-110m.LICENSE.txt`), file `countries-110m.json`. To rebuild:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python -m app.explorer.geometry package/countries-110m.json app/explorer/static/world-110m.json

Reduced for the explorer: the `land` object and Antarctica are dropped (no customs
administration there; it would take a sixth of the map), arcs no country uses are removed,
and each country's id becomes its ISO 3166-1 alpha-3 code (the API's `country_code`) instead
of the numeric one; the three shapes without an ISO code (N. Cyprus, Somaliland, Kosovo)
keep their name and no id. The geometry stays quantized and unprojected (degrees): the
page projects it (Equal Earth) and draws SVG paths.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pycountry

DROPPED = {"010"}  # Antarctica


def _alpha3(numeric: str) -> str | None:
    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_3 if country is not None else None


def _arc_indexes(arcs: Any) -> list[int]:
    """Every arc index in a geometry's nested `arcs` (negative: reversed arc ~i)."""
    if isinstance(arcs, int):
        return [arcs if arcs >= 0 else ~arcs]
    return [i for part in arcs for i in _arc_indexes(part)]


def _renumber(arcs: Any, new: dict[int, int]) -> Any:
    if isinstance(arcs, int):
        return new[arcs] if arcs >= 0 else ~new[~arcs]
    return [_renumber(part, new) for part in arcs]


def reduce_topology(topology: dict[str, Any]) -> dict[str, Any]:
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if numeric in DROPPED:
            continue
        out: dict[str, Any] = {"type": geometry["type"], "arcs": geometry["arcs"],
                               "properties": {"name": geometry["properties"]["name"]}}
        code = _alpha3(numeric) if numeric else None
        if code:
            out["id"] = code
        countries.append(out)
    used = sorted({i for g in countries for i in _arc_indexes(g["arcs"])})
    new = {old: position for position, old in enumerate(used)}
    for geometry in countries:
        geometry["arcs"] = _renumber(geometry["arcs"], new)
    return {
        "type": "Topology",
        "source": "Natural Earth 1:110m Admin 0 countries 4.1.0 (public domain), via the npm "
                  "package world-atlas 2.0.2 (ISC); reduced by app/explorer/geometry.py",
        "transform": topology["transform"],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": countries}},
        "arcs": [topology["arcs"][i] for i in used],
    }


def main(argv: list[str]) -> None:
    source, target = Path(argv[0]), Path(argv[1])
    reduced = reduce_topology(json.loads(source.read_text(encoding="utf-8")))
    target.write_text(json.dumps(reduced, separators=(",", ":"), ensure_ascii=False) + "\n",
                      encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])

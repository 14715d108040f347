"""A small, varied events dataset and an independent Python model of what filters mean.

`build(session)` writes ~40 events (deterministic) with the factories and returns one
`Rec` per event: the facts as plain Python values. The `matches()` predicates restate the
API's filter semantics in Python, without SQL, so query results can be checked against them.
"""

from __future__ import annotations

import calendar
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Country, Theme
from tests.factories import make_document, make_event

COUNTRIES = ["MLI", "SEN", "KEN", "FRA", "BRA", "MAR"]
THEMES = ["transparency", "code-of-conduct", "automation", "gender-equality-diversity",
          "human-rights", "hr-management"]
FUNDERS = ["norad", "sida", "seco", "canada"]
TYPES = ["workshop", "training", "meeting", "mission", "webinar"]
ROLES = ["partner", "expert", "host", "mentioned"]
WORDS_EN = ["integrity", "customs", "workshop", "corruption", "training", "ethics", "border"]
WORDS_FR = ["intégrité", "douane", "atelier", "corruption", "formation", "éthique", "frontière"]


@dataclass
class Rec:
    id: int
    public_id: str
    document_id: int
    type: str
    start: date | None
    start_precision: str | None
    end: date | None
    end_precision: str | None
    sort_date: date | None
    published: date | None
    country: str | None
    online: bool
    admins: set[str] = field(default_factory=set)
    themes: set[str] = field(default_factory=set)
    funders: set[str] = field(default_factory=set)
    text: str = ""


def fold(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def build(session: Session, seed: int = 7, n_documents: int = 28) -> list[Rec]:
    rng = random.Random(seed)
    recs: list[Rec] = []
    for i in range(n_documents):
        french = i % 3 == 0
        words = WORDS_FR if french else WORDS_EN
        title = " ".join(rng.sample(words, 2)).capitalize()
        body = " ".join(rng.choice(words) for _ in range(12)) + f" document{i}."
        published = None if i % 9 == 8 else date(2023, 1, 1).fromordinal(
            date(2023, 1, 1).toordinal() + rng.randrange(0, 900))
        admins = [(c, rng.choice(ROLES)) for c in rng.sample(COUNTRIES, rng.randrange(0, 3))]
        themes = rng.sample(THEMES, rng.randrange(0, 3))
        funders = rng.sample(FUNDERS, rng.randrange(0, 2))
        doc = make_document(session, title=title, body=body, published=published,
                            language="fr" if french else "en", themes=themes,
                            funders=funders, administrations=admins)
        for _ in range(1 + (i % 4 == 0)):
            kind = rng.random()
            start = end = None
            sp = ep = None
            if kind < 0.6:
                start = date(2023, 1, 1).fromordinal(
                    date(2023, 1, 1).toordinal() + rng.randrange(0, 900))
                sp = "day"
                if rng.random() < 0.4:
                    end = date.fromordinal(start.toordinal() + rng.randrange(0, 40))
                    ep = "day"
            elif kind < 0.8:
                start = date(rng.choice([2023, 2024, 2025]), rng.randrange(1, 13), 1)
                sp = "month"
            # else: no stated date -> counts by its publication date
            country = rng.choice([*COUNTRIES, None])
            event = make_event(session, doc, type=rng.choice(TYPES), start=start,
                               start_precision=sp, end=end, end_precision=ep,
                               country_code=country, city="Somewhere" if country else None,
                               online=rng.random() < 0.3)
            recs.append(Rec(
                id=event.id, public_id=event.public_id, document_id=doc.id, type=event.type,
                start=start, start_precision=sp, end=end, end_precision=ep,
                sort_date=start or published, published=published, country=country,
                online=event.online, admins={c for c, _ in admins}, themes=set(themes),
                funders=set(funders), text=fold(f"{title} {body}"),
            ))
    session.flush()
    return recs


def regions(session: Session) -> dict[str, str | None]:
    return {k: v for k, v in session.execute(select(Country.alpha3, Country.region_slug))}


def theme_children(session: Session) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for slug, parent in session.execute(select(Theme.slug, Theme.parent_slug)):
        if parent:
            out.setdefault(parent, set()).add(slug)
    return out


def _period_end(day: date, precision: str | None) -> date:
    if precision == "year":
        return date(day.year, 12, 31)
    if precision == "month":
        return date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def last_day(rec: Rec) -> date | None:
    if rec.end is not None:
        return _period_end(rec.end, rec.end_precision)
    if rec.start is not None:
        return _period_end(rec.start, rec.start_precision)
    return rec.sort_date


def matches(rec: Rec, params: dict[str, Any], ctx: dict[str, Any]) -> bool:
    """Does `rec` satisfy the filter params (API parameter names, Python values)?"""
    role = params.get("country_role", "any")

    def located(codes: set[str]) -> bool:
        venue = rec.country in codes
        participant = bool(rec.admins & codes)
        return {"venue": venue, "participant": participant}.get(role, venue or participant)

    if "country" in params and not located({to_alpha3(c, ctx) for c in params["country"]}):
        return False
    if "region" in params:
        codes = {c for c, r in ctx["regions"].items() if r in params["region"]}
        if not located(codes):
            return False
    if "theme" in params:
        wanted = set(params["theme"])
        for slug in params["theme"]:
            wanted |= ctx["children"].get(slug, set())
        if not rec.themes & wanted:
            return False
    if "funder" in params and not rec.funders & set(params["funder"]):
        return False
    if "administration" in params and not rec.admins & {to_alpha3(c, ctx)
                                                       for c in params["administration"]}:
        return False
    if "type" in params and rec.type not in params["type"]:
        return False
    if "online" in params and rec.online != params["online"]:
        return False
    if "date_from" in params:
        last = last_day(rec)
        if last is None or last < params["date_from"]:
            return False
    if "date_to" in params and (rec.sort_date is None or rec.sort_date > params["date_to"]):
        return False
    if "published_from" in params and (rec.published is None
                                       or rec.published < params["published_from"]):
        return False
    if "published_to" in params and (rec.published is None
                                     or rec.published > params["published_to"]):
        return False
    if "q" in params:
        words = set(re.findall(r"\w+", rec.text))
        if not all(fold(t) in words for t in re.findall(r"\w+", params["q"])):
            return False
    return True


def to_alpha3(code: str, ctx: dict[str, Any]) -> str:
    code = code.upper()
    return ctx["alpha2"].get(code, code) if len(code) == 2 else code


def expected_order(recs: list[Rec], sort: str) -> list[str]:
    """Public ids in the API's order for `sort` (NULL keys last, id tie-break)."""
    key_of = (lambda r: r.published) if sort == "-published" else (lambda r: r.sort_date)
    dated = [r for r in recs if key_of(r) is not None]
    undated = [r for r in recs if key_of(r) is None]
    descending = sort != "start"
    dated.sort(key=lambda r: (key_of(r), r.id), reverse=descending)
    undated.sort(key=lambda r: r.id, reverse=descending)
    return [r.public_id for r in dated + undated]

"""Reference resources: countries, WCO regions, administrations, funders, themes, people.

Plain functions over a Session returning API schemas. Lists that can grow with the data
(administrations, people) are keyset-paginated; the others are small and returned whole.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, distinct, exists, func, literal, or_, select
from sqlalchemy.orm import Session

from app.core.errors import BadRequest, InvalidParameter, NotFound
from app.core.text import name_words
from app.models import (
    ROLES,
    Administration,
    Country,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    EventReport,
    EventTheme,
    Funder,
    Person,
    Region,
    Theme,
)
from app.query.cache import cached
from app.query.pagination import decode_cursor, encode_cursor, keyset_after
from app.schemas import reference as out

T = TypeVar("T")

MAX_SQL_INT = 2**63 - 1


@dataclass(frozen=True)
class Paged(Generic[T]):
    """One page of results: the items, how many match in all, the next page's cursor."""

    items: list[T]
    total: int
    limit: int
    next_cursor: str | None = None


def fold(value: str) -> str:
    """Lower-case, accents removed, hyphens as spaces, dots and commas dropped, spaces
    collapsed: how people's `normalized_name` is stored by ingest and synth."""
    return " ".join(name_words(value))


def like_pattern(value: str) -> str:
    """`%value%` with LIKE's wildcards escaped (use escape='\\\\')."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def check_text(parameter: str, value: str | None) -> str | None:
    """A free-text parameter, stripped; NUL bytes (which no database stores) are refused."""
    if value is None:
        return None
    if "\x00" in value:
        raise InvalidParameter(parameter, "the value contains a NUL character")
    return value.strip() or None


def suggest(value: str, choices: Sequence[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(value.lower(), list(choices), n=n, cutoff=0.5)


def cursor_key(
    cursor: str | None, sort: str, types: tuple[type, ...]
) -> tuple[Any, ...] | None:
    """The cursor's key (plus id last) with the expected value types, or BadRequest."""
    if cursor is None:
        return None
    decoded = decode_cursor(cursor, sort, key_length=len(types))
    key = decoded.key
    ok = 0 <= decoded.id <= MAX_SQL_INT and all(
        isinstance(v, t) and not (isinstance(v, str) and "\x00" in v)
        and not (isinstance(v, int) and not 0 <= v <= MAX_SQL_INT)
        for v, t in zip(key, types, strict=True)
    )
    if not ok:
        raise BadRequest(
            "the cursor is not one this API issued; pass the `meta.next_cursor` of a previous "
            "page unchanged",
            errors=[{"parameter": "cursor", "detail": "malformed cursor", "suggestions": []}],
        )
    return (*key, decoded.id)


def count_rows(session: Session, stmt: Select) -> int:  # type: ignore[type-arg]
    """How many rows `stmt` matches, counted over a column-free subquery."""
    inner = stmt.with_only_columns(literal(1), maintain_column_froms=True).order_by(None)
    return int(session.scalar(select(func.count()).select_from(inner.subquery())) or 0)


# --- countries and regions ---------------------------------------------------------------

def region_slugs(session: Session) -> list[str]:
    return list(session.scalars(select(Region.slug).order_by(Region.slug)))


def check_region(session: Session, region: str | None) -> str | None:
    region = check_text("region", region)
    if region is None:
        return None
    slugs = region_slugs(session)
    if region.lower() not in slugs:
        raise InvalidParameter("region", f"unknown region {region!r}; see /v1/regions",
                               suggest(region, slugs) or slugs)
    return region.lower()


def list_countries(session: Session, region: str | None = None,
                   q: str | None = None) -> list[out.Country]:
    """Every country, optionally of one WCO region and/or whose code or name (English or
    French, case and accents ignored) contains `q`."""
    region = check_region(session, region)
    q = check_text("q", q)
    stmt = select(Country).order_by(Country.name_en)
    if region is not None:
        stmt = stmt.where(Country.region_slug == region)
    rows = session.scalars(stmt).all()
    if q is not None:
        needle = fold(q)
        code = q.upper()
        rows = [c for c in rows
                if code in (c.alpha2, c.alpha3, c.numeric)
                or needle in fold(c.name_en) or needle in fold(c.name_fr)]
    return [out.Country(alpha2=c.alpha2, alpha3=c.alpha3, numeric=c.numeric, name_en=c.name_en,
                        name_fr=c.name_fr, region=c.region_slug) for c in rows]


def list_regions(session: Session) -> list[out.Region]:
    members = (select(func.count()).where(Country.region_slug == Region.slug)
               .correlate(Region).scalar_subquery())
    rows = session.execute(select(Region, members).order_by(Region.name_en)).all()
    return [out.Region(slug=r.slug, code=r.code, name_en=r.name_en, name_fr=r.name_fr,
                       member_count=int(n)) for r, n in rows]


def find_country(session: Session, code: str) -> Country:
    """A country by alpha-2, alpha-3 or numeric code, any case; NotFound otherwise."""
    value = code.strip().upper()
    column = (Country.numeric if value.isdigit() else
              Country.alpha2 if len(value) == 2 else Country.alpha3)
    country = session.scalars(select(Country).where(column == value)).first()
    if country is None:
        raise NotFound(f"no country with code {code!r}; use an ISO 3166-1 alpha-2, alpha-3 "
                       "or numeric code (see /v1/countries)")
    return country


# --- administrations -------------------------------------------------------------------

def _country_ref(c: Country) -> out.CountryRef:
    return out.CountryRef(alpha2=c.alpha2, alpha3=c.alpha3, name_en=c.name_en,
                          name_fr=c.name_fr, region=c.region_slug)


def _admin_counts(session: Session, admin_ids: list[int]) -> dict[int, tuple[int, int]]:
    """(document count, event count) of each administration, in any role."""
    if not admin_ids:
        return {}
    docs = dict(session.execute(
        select(DocumentAdministration.administration_id,
               func.count(distinct(DocumentAdministration.document_id)))
        .where(DocumentAdministration.administration_id.in_(admin_ids))
        .group_by(DocumentAdministration.administration_id)).all())
    events = dict(session.execute(
        select(DocumentAdministration.administration_id, func.count(distinct(Event.id)))
        .join(EventReport, EventReport.document_id == DocumentAdministration.document_id)
        .join(Event, Event.id == EventReport.event_id)
        .where(DocumentAdministration.administration_id.in_(admin_ids))
        .group_by(DocumentAdministration.administration_id)).all())
    return {i: (int(docs.get(i, 0)), int(events.get(i, 0))) for i in admin_ids}


def list_administrations(
    session: Session, *, region: str | None = None, role: str | None = None,
    q: str | None = None, limit: int = 20, cursor: str | None = None,
) -> Paged[out.Administration]:
    """Administrations ordered by country alpha-3 code, filtered by the country's WCO region,
    a role they hold in at least one document, and `q` in their or their country's name."""
    return cached(session, "administrations", lambda: _list_administrations(
        session, region=region, role=role, q=q, limit=limit, cursor=cursor),
        region, role, q, limit, cursor)


def _list_administrations(
    session: Session, *, region: str | None, role: str | None, q: str | None, limit: int,
    cursor: str | None,
) -> Paged[out.Administration]:
    region = check_region(session, region)
    q = check_text("q", q)
    role = role or None  # empty: no role filter
    if role is not None and role not in ROLES:
        raise InvalidParameter("role", f"unknown role {role!r}", suggest(role, ROLES) or
                               list(ROLES))
    stmt = select(Administration, Country).join(
        Country, Country.alpha3 == Administration.country_code)
    if region is not None:
        stmt = stmt.where(Country.region_slug == region)
    if role is not None:
        stmt = stmt.where(exists().where(
            DocumentAdministration.administration_id == Administration.id,
            DocumentAdministration.role == role))
    if q is not None:
        pattern = like_pattern(q.lower())
        stmt = stmt.where(or_(
            func.lower(Administration.name).like(pattern, escape="\\"),
            func.lower(Country.name_en).like(pattern, escape="\\"),
            func.lower(Country.name_fr).like(pattern, escape="\\"),
            Country.alpha3 == q.upper(), Country.alpha2 == q.upper(),
        ))
    total = count_rows(session, stmt)
    after = cursor_key(cursor, "country", (str,))
    if after is not None:
        stmt = stmt.where(keyset_after([Administration.country_code.expression], after[:1],
                                       Administration.id.expression, after[1],
                                       descending=False))
    rows = session.execute(
        stmt.order_by(Administration.country_code, Administration.id).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    counts = _admin_counts(session, [a.id for a, _ in rows])
    items = [out.Administration(id=a.id, name=a.name, country=_country_ref(c),
                                document_count=counts[a.id][0], event_count=counts[a.id][1])
             for a, c in rows]
    next_cursor = (encode_cursor("country", [rows[-1][0].country_code], rows[-1][0].id)
                   if more else None)
    return Paged(items, total, limit, next_cursor)


def get_administration(session: Session, country_code: str) -> out.AdministrationDetail:
    """The administration of a country (by any ISO code) with its roles and activity."""
    country = find_country(session, country_code)
    return cached(session, "administration", lambda: _administration(session, country),
                  country.alpha3)


def _administration(session: Session, country: Country) -> out.AdministrationDetail:
    admin = session.scalars(
        select(Administration).where(Administration.country_code == country.alpha3)).first()
    if admin is None:
        raise NotFound(f"no administration of {country.name_en} ({country.alpha3}) is known: "
                       "no document names it")
    doc_count, event_count = _admin_counts(session, [admin.id])[admin.id]
    role_docs = dict(session.execute(
        select(DocumentAdministration.role,
               func.count(distinct(DocumentAdministration.document_id)))
        .where(DocumentAdministration.administration_id == admin.id)
        .group_by(DocumentAdministration.role)).all())
    role_events = dict(session.execute(
        select(DocumentAdministration.role, func.count(distinct(Event.id)))
        .join(EventReport, EventReport.document_id == DocumentAdministration.document_id)
        .join(Event, Event.id == EventReport.event_id)
        .where(DocumentAdministration.administration_id == admin.id)
        .group_by(DocumentAdministration.role)).all())
    first, last = session.execute(
        select(func.min(Event.sort_date), func.max(Event.sort_date))
        .where(Event.id.in_(select(EventReport.event_id).where(EventReport.document_id.in_(
            select(DocumentAdministration.document_id)
            .where(DocumentAdministration.administration_id == admin.id)))))).one()
    return out.AdministrationDetail(
        id=admin.id, name=admin.name, country=_country_ref(country),
        document_count=doc_count, event_count=event_count,
        aliases=[str(a) for a in (admin.aliases or [])],
        roles=[out.RoleCount(role=r, document_count=int(role_docs[r]),
                             event_count=int(role_events.get(r, 0)))
               for r in ROLES if r in role_docs],
        first_activity=as_date(first), last_activity=as_date(last),
    )


def as_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


# --- funders -----------------------------------------------------------------------------

def _funders(session: Session, where: ColumnElement[bool] | None = None) -> list[out.Funder]:
    stmt = select(Funder).order_by(Funder.slug)
    if where is not None:
        stmt = stmt.where(where)
    funders = session.scalars(stmt).all()
    slugs = [f.slug for f in funders]
    if not slugs:
        return []
    docs = dict(session.execute(
        select(DocumentFunder.funder_slug, func.count())
        .where(DocumentFunder.funder_slug.in_(slugs))
        .group_by(DocumentFunder.funder_slug)).all())
    events = {row[0]: row[1:] for row in session.execute(
        select(DocumentFunder.funder_slug, func.count(distinct(Event.id)),
               func.min(Event.sort_date),
               func.max(Event.sort_date))
        .join(EventReport, EventReport.document_id == DocumentFunder.document_id)
        .join(Event, Event.id == EventReport.event_id)
        .where(DocumentFunder.funder_slug.in_(slugs))
        .group_by(DocumentFunder.funder_slug))}
    result = []
    for f in funders:
        n_events, first, last = events.get(f.slug, (0, None, None))
        aliases = {str(k): [str(v) for v in vs] for k, vs in (f.aliases or {}).items()
                   if isinstance(vs, list)}
        result.append(out.Funder(
            slug=f.slug, name=f.name, country=f.country_code, aliases=aliases,
            document_count=int(docs.get(f.slug, 0)), event_count=int(n_events),
            first_activity=as_date(first), last_activity=as_date(last)))
    # Most documents first, then by slug.
    result.sort(key=lambda f: (-f.document_count, f.slug))
    return result


def list_funders(session: Session) -> list[out.Funder]:
    return cached(session, "funders", lambda: _funders(session))


def get_funder(session: Session, slug: str) -> out.Funder:
    funders = list_funders(session)
    found = [f for f in funders if f.slug == slug.lower()]
    if not found:
        raise NotFound(f"no funder {slug!r}; see /v1/funders",
                       suggestions=suggest(slug, [f.slug for f in funders]))
    return found[0]


# --- themes ------------------------------------------------------------------------------

def theme_tree(session: Session) -> list[out.ThemeGroup]:
    """The two groups with their themes, each with its document and event counts."""
    return cached(session, "themes", lambda: _theme_tree(session))


def _theme_tree(session: Session) -> list[out.ThemeGroup]:
    themes = session.scalars(select(Theme).order_by(Theme.position, Theme.slug)).all()
    docs = dict(session.execute(
        select(DocumentTheme.theme_slug, func.count()).group_by(DocumentTheme.theme_slug)
    ).all())
    # Event counts from event_themes (one row per theme and event, kept by triggers).
    events = dict(session.execute(
        select(EventTheme.theme_slug, func.count()).group_by(EventTheme.theme_slug)).all())
    group_docs = dict(session.execute(
        select(Theme.parent_slug, func.count(distinct(DocumentTheme.document_id)))
        .join(Theme, Theme.slug == DocumentTheme.theme_slug)
        .group_by(Theme.parent_slug)).all())
    group_events = dict(session.execute(
        select(Theme.parent_slug, func.count(distinct(EventTheme.event_id)))
        .join(Theme, Theme.slug == EventTheme.theme_slug)
        .group_by(Theme.parent_slug)).all())
    children: dict[str, list[out.Theme]] = defaultdict(list)
    for t in themes:
        if t.parent_slug is not None:
            children[t.parent_slug].append(out.Theme(
                slug=t.slug, name_en=t.name_en, name_fr=t.name_fr,
                document_count=int(docs.get(t.slug, 0)), event_count=int(events.get(t.slug, 0))))
    return [
        out.ThemeGroup(slug=g.slug, name_en=g.name_en, name_fr=g.name_fr,
                       document_count=int(group_docs.get(g.slug, 0)),
                       event_count=int(group_events.get(g.slug, 0)),
                       children=children.get(g.slug, []))
        for g in themes if g.parent_slug is None
    ]


# --- people ------------------------------------------------------------------------------

def _people(session: Session, people: Sequence[Person]) -> list[out.Person]:
    ids = [p.id for p in people]
    if not ids:
        return []
    titles: dict[int, list[out.PersonTitle]] = defaultdict(list)
    doc_counts = dict(session.execute(
        select(DocumentPerson.person_id, func.count(distinct(DocumentPerson.document_id)))
        .where(DocumentPerson.person_id.in_(ids))
        .group_by(DocumentPerson.person_id)).all())
    rows = session.execute(
        select(DocumentPerson.person_id, DocumentPerson.title, DocumentPerson.organization,
               func.count().label("n"))
        .where(DocumentPerson.person_id.in_(ids))
        .group_by(DocumentPerson.person_id, DocumentPerson.title, DocumentPerson.organization)
    ).all()
    for person_id, title, organization, n in sorted(
        rows, key=lambda r: (r[0], -r[3], r[1] or "", r[2] or "")
    ):
        titles[person_id].append(out.PersonTitle(title=title, organization=organization,
                                                 document_count=int(n)))
    return [out.Person(id=p.id, name=p.name, document_count=int(doc_counts.get(p.id, 0)),
                       titles=titles.get(p.id, [])) for p in people]


def list_people(session: Session, *, q: str | None = None, limit: int = 20,
                cursor: str | None = None) -> Paged[out.Person]:
    """People in name order (case and accents ignored); `q` matches any part of the name."""
    q = check_text("q", q)
    stmt = select(Person)
    if q is not None:
        needle = fold(q)
        if needle:
            stmt = stmt.where(Person.normalized_name.like(like_pattern(needle), escape="\\"))
    total = count_rows(session, stmt)
    after = cursor_key(cursor, "name", (str,))
    if after is not None:
        stmt = stmt.where(keyset_after([Person.normalized_name.expression], after[:1],
                                       Person.id.expression,
                                       after[1], descending=False))
    people = session.scalars(
        stmt.order_by(Person.normalized_name, Person.id).limit(limit + 1)).all()
    more = len(people) > limit
    people = people[:limit]
    next_cursor = (encode_cursor("name", [people[-1].normalized_name], people[-1].id)
                   if more else None)
    return Paged(_people(session, people), total, limit, next_cursor)


def get_person(session: Session, person_id: int) -> out.Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound(f"no person with id {person_id}")
    return _people(session, [person])[0]


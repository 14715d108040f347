"""The peer benchmark's SQL (bench/peers/queries.sql) answers what acip answers.

Datasette and the bare app of bench/peers run plain SQL over acip's SQLite file: when
acip's schema or its answers change, that SQL must follow, or the benchmark compares
unequal work. This builds a small database with `acip db upgrade` and `acip synth`, joins
a few events' reports through the curation write path (`event.merge`: facts become unions
over several articles; two reports from one article; an event merged into a newer one),
adds an event an editor found (no report) and three articles on one workshop that the
resolver joins at ingest, then runs each peer query for parameter sets
touching those events and compares it with acip's answer through the ASGI app, both in
bench.py's canonical form. SQLite only (the peers read SQLite files): not parametrised
over backends.
"""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from app.cli import app as cli
from app.core.config import Settings
from app.curation.write import Editor, add_event, correct_event, event_etag
from app.db.session import make_engine
from app.ingest.resolution_store import event_public_id
from app.main import create_app
from app.schemas.curation import CorrectionIn, EventAddIn
from tests.resolved_articles import OTHER, SAME, store

PEERS = Path(__file__).resolve().parents[2] / "bench" / "peers"
EVENTS = 300
SEED = 5
EDITOR = Editor(None, "peers-test", "editor")


def _module(name: str, filename: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, PEERS / filename)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


queries = _module("queries", "queries.py")  # the name bench.py and bare_app.py import
bench = _module("peers_bench", "bench.py")
KEY = {"q1": "Q1", "q1p": "Q1", "q1r": "Q1", "q2": "Q2", "q3": "Q3", "q4": "Q4", "q5": "Q5"}


@dataclass
class Built:
    url: str
    path: Path
    merged: list[str]  # public ids of the events holding several reports
    added: str  # public id of the event an editor added


def _pair(conn: sqlite3.Connection, used: set[int], join: str, extra: str = "",
          order: str = "e1.id, e2.id") -> tuple[Any, ...]:
    """(older, newer event id, *extra) of the first two events not in `used` (then added to
    it) joined by `join` (aliases e1, e2)."""
    taken = ", ".join(map(str, used)) or "0"
    row = conn.execute(
        f"SELECT e1.id, e2.id{extra} FROM events e1 JOIN events e2 ON e2.id > e1.id {join} "
        f"WHERE e1.id NOT IN ({taken}) AND e2.id NOT IN ({taken}) ORDER BY {order} LIMIT 1"
    ).fetchone()
    assert row is not None, join
    used.update(row[:2])
    return tuple(row)


def _merge(session: Session, public_ids: dict[int, str], event: int, into: int) -> None:
    source = public_ids[event]
    body = CorrectionIn(action="merge", into=public_ids[into],
                        reason="peers test: the same activity")
    correct_event(session, source, body, EDITOR, event_etag(session, source))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A synthetic database in which some events have several reports."""
    path = tmp_path_factory.mktemp("peers") / "acip.db"
    url = f"sqlite:///{path}"
    runner = CliRunner()
    for args in (["db", "upgrade"], ["synth", "--events", str(EVENTS), "--seed", str(SEED)]):
        result = runner.invoke(cli, [*args, "--database-url", url])
        assert result.exit_code == 0, result.output
    conn = sqlite3.connect(path)
    public_ids = dict(conn.execute("SELECT id, public_id FROM events"))
    used: set[int] = set()
    other_article = "AND e2.document_id <> e1.document_id"
    # two events of different articles naming one administration in different roles
    admin = _pair(conn, used, f"""{other_article}
        JOIN document_administrations a1 ON a1.document_id = e1.document_id
        JOIN document_administrations a2 ON a2.document_id = e2.document_id
         AND a2.administration_id = a1.administration_id AND a2.role <> a1.role""")
    # ... naming one administration in the same role
    role = _pair(conn, used, f"""{other_article}
        JOIN document_administrations a1 ON a1.document_id = e1.document_id
        JOIN document_administrations a2 ON a2.document_id = e2.document_id
         AND a2.administration_id = a1.administration_id AND a2.role = a1.role""")
    # ... naming one person with another title or organisation (the newest such pair)
    person = _pair(conn, used, f"""{other_article}
        JOIN document_people p1 ON p1.document_id = e1.document_id
        JOIN document_people p2 ON p2.document_id = e2.document_id
         AND p2.person_id = p1.person_id
         AND (p1.title IS NOT p2.title OR p1.organization IS NOT p2.organization)""",
                   extra=", p1.id", order="e1.id DESC, e2.id DESC")
    # two events of one article
    same = _pair(conn, used, "AND e2.document_id = e1.document_id")
    # three events of three articles
    taken = ", ".join(map(str, used))
    three = [r[0] for r in conn.execute(
        f"SELECT min(id) FROM events WHERE id NOT IN ({taken}) GROUP BY document_id "
        "ORDER BY 1 LIMIT 3 OFFSET 20")]
    document_id, sentence = conn.execute(
        "SELECT document_id, sentence FROM evidence ORDER BY document_id, char_start DESC "
        "LIMIT 1").fetchone()
    # the first article naming that person states no title nor organisation: the union
    # takes the next article's
    conn.execute("UPDATE document_people SET title = NULL, organization = '' WHERE id = ?",
                 (person[2],))
    conn.commit()
    conn.close()
    engine = make_engine(url)
    with Session(engine) as session:
        _merge(session, public_ids, admin[1], admin[0])  # the newer into the older
        _merge(session, public_ids, role[1], role[0])
        _merge(session, public_ids, person[0], person[1])  # the older into the newer
        _merge(session, public_ids, same[1], same[0])
        _merge(session, public_ids, three[0], three[2])
        _merge(session, public_ids, three[1], three[2])
        correction = add_event(session, EventAddIn(
            document_id=document_id, reason="peers test: an event the extractor missed",
            evidence={"sentence": sentence}, type="training", name="Added training",
            start="2024-05", venue={"city": "Lima", "country_code": "PER"}), EDITOR)
        added = correction.event_public_id
        session.commit()
        # three articles on one workshop, joined by the resolver at ingest (with `sources`)
        store(session, {**SAME, **OTHER}, [*SAME, *OTHER])
    engine.dispose()
    assert added is not None
    merged = [public_ids[i] for i in (admin[0], role[0], person[1], same[0], three[2])]
    merged.append(event_public_id(next(iter(SAME)), 0))
    return Built(url, path, merged, added)


@pytest.fixture(scope="module")
def client(built: Built) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=built.url))) as c:
        yield c


@pytest.fixture(scope="module")
def peer(built: Built) -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(f"file:{built.path}?mode=ro", uri=True)
    yield conn
    conn.close()


def _check(client: TestClient, peer: sqlite3.Connection, paths: list[str]) -> list[Any]:
    """Each path's acip answer, after asserting the peer's equals it (canonical forms)."""
    answers, differ = [], []
    for path in paths:
        name, params = queries.translate(path)
        key = KEY[name]
        response = client.get(path)
        assert response.status_code == 200, (path, response.text[:500])
        want = bench.canonical("acip", key, response.json())
        got = bench.canonical("peer", key, queries.run(peer, name, params))
        if want != got:
            differ.append((path, bench.diff_kind(want, got, key), want, got))
        answers.append(want)
    assert not differ, (f"{len(differ)}/{len(paths)} peer answers differ from acip's; first: "
                        f"{differ[0][0]} ({differ[0][1]})\nacip: {differ[0][2]}\n"
                        f"peer: {differ[0][3]}")
    return answers


def _shared_words(peer: sqlite3.Connection, events: list[dict[str, Any]]) -> list[str]:
    """Per event of several articles, the rarest word all its articles contain: a full-text
    query whose events score as the best of several matching documents."""
    bodies = dict(peer.execute("SELECT id, title || ' ' || body FROM documents"))
    words = {doc: set(queries._WORD.findall(queries._fold(text)))
             for doc, text in bodies.items()}
    frequency: dict[str, int] = {}
    for found in words.values():
        for word in found:
            frequency[word] = frequency.get(word, 0) + 1
    out = []
    for event in events:
        docs = {r["document_id"] for r in event["reports"]}
        if len(docs) > 1:
            shared = set.intersection(*(words[d] for d in docs))
            out.append(min(shared, key=lambda w: (frequency[w], w)))
    return out


def _several_reports(events: list[dict[str, Any]]) -> list[str]:
    return [e["id"] for e in events if len(e["reports"]) > 1]


def _events(built: Built, client: TestClient, ids: list[str]) -> list[dict[str, Any]]:
    return [client.get(f"/v1/events/{i}").json() for i in ids]


def test_every_event_detail_is_the_peers_q5(built: Built, client: TestClient,
                                            peer: sqlite3.Connection) -> None:
    ids = [r[0] for r in peer.execute("SELECT public_id FROM events ORDER BY id")]
    answers = _check(client, peer, [f"/v1/events/{i}" for i in ids])
    assert set(_several_reports(answers)) == set(built.merged)
    added = next(a for a in answers if a["id"] == built.added)
    assert added["reports"] == [] and added["evidence"][0]["fact"] == "event"


def test_lists_of_countries_regions_themes_and_words_are_the_peers(
        built: Built, client: TestClient, peer: sqlite3.Connection) -> None:
    merged = _events(built, client, [*built.merged, built.added])
    countries = sorted({a["country_code"] for e in merged for a in e["administrations"]}
                       | {e["venue"]["country_code"] for e in merged} - {None})
    regions = [r[0] for r in peer.execute("SELECT slug FROM regions ORDER BY slug")]
    paths = [f"/v1/events?{urlencode(p)}" for p in (
        *({"country": c, "sort": "-start", "limit": 20} for c in countries),
        *({"country": c, "country_role": "participant", "sort": "-start", "limit": 20}
          for c in countries),
        *({"region": r, "sort": "-start", "limit": 20} for r in regions),
        *({"theme": t["slug"], "date_from": f"{e['start'][:7]}-01",
           "date_to": f"{e['start'][:7]}-28", "limit": 20}
          for e in merged if e["start"] for t in e["themes"]),
        *({"theme": t["slug"], "date_from": "2019-01-01", "date_to": "2026-12-28",
           "limit": 20} for e in merged for t in e["themes"]),
        *({"q": e["name"], "limit": 20} for e in merged),
        *({"q": word, "limit": 20} for word in _shared_words(peer, merged)),
        *({"q": f"{word} {e['venue']['country_name']}", "limit": 20}
          for e in merged if e["venue"]["country_name"]
          for word in ("workshop", "integrity")),
        {"q": "training", "limit": 20}, {"q": "customs", "limit": 20},
    )]
    pages = _check(client, peer, list(dict.fromkeys(paths)))
    listed = {i for page in pages for i in _several_reports(page["events"])}
    assert listed == set(built.merged)  # each union is compared in some list


def test_country_facets_of_a_theme_are_the_peers_q3(
        built: Built, client: TestClient, peer: sqlite3.Connection) -> None:
    merged = _events(built, client, built.merged)
    themes = sorted({t["slug"] for e in merged for t in e["themes"]})
    _check(client, peer, [f"/v1/events/facets?theme={t}&facet=country&date_from={y}-01-01"
                          for t in themes for y in (2019, 2024)])

"""Query helpers of the reference resources, as tables of input -> output, and the query
functions called directly on a session."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from app.core.errors import BadRequest, InvalidParameter, NotFound
from app.core.text import normalise_person_name as normalise_name
from app.query import reference as q
from app.query.pagination import encode_cursor
from tests.query.world import World, build_world


@pytest.mark.parametrize(("raw", "folded"), [
    ("José García", "jose garcia"),
    ("  ÉLOÏSE   Lefèvre ", "eloise lefevre"),
    ("Jean-Pierre N. Diallo", "jean pierre n diallo"),
    ("Åsa Sørensen", "asa sørensen"),
])
def test_fold_matches_how_names_are_stored(raw: str, folded: str) -> None:
    assert q.fold(raw) == folded
    assert normalise_name(raw) == folded  # ingest stores the same form


@pytest.mark.parametrize(("raw", "pattern"), [
    ("abc", "%abc%"), ("50%", "%50\\%%"), ("a_b", "%a\\_b%"), ("c:\\x", "%c:\\\\x%"),
])
def test_like_pattern_escapes_wildcards(raw: str, pattern: str) -> None:
    assert q.like_pattern(raw) == pattern


@pytest.mark.parametrize("cursor", [
    encode_cursor("name", [1], 3),            # key of the wrong type
    encode_cursor("name", ["a\x00"], 3),      # a NUL no database stores
    encode_cursor("name", ["a"], -1),         # a negative id
    encode_cursor("name", ["a"], 2**64),      # past any integer column
    encode_cursor("name", [], 3),             # wrong key length
    encode_cursor("-id", ["a"], 3),           # another list's cursor
    "!!!",
])
def test_bad_cursors_are_bad_requests(cursor: str) -> None:
    with pytest.raises(BadRequest):
        q.cursor_key(cursor, "name", (str,))


def test_good_cursor_gives_key_and_id() -> None:
    assert q.cursor_key(encode_cursor("name", ["ana"], 7), "name", (str,)) == ("ana", 7)
    assert q.cursor_key(None, "name", (str,)) is None


def test_check_text_strips_and_refuses_nul() -> None:
    assert q.check_text("q", "  mali ") == "mali"
    assert q.check_text("q", "   ") is None
    with pytest.raises(InvalidParameter):
        q.check_text("q", "ma\x00li")


@pytest.mark.parametrize("code", ["ml", "MLI", "466", " mli "])
def test_find_country_by_any_code(db_session: Session, code: str) -> None:
    assert q.find_country(db_session, code).alpha3 == "MLI"


def test_find_country_unknown_is_not_found(db_session: Session) -> None:
    with pytest.raises(NotFound):
        q.find_country(db_session, "QQ")


def test_people_pages_join_up(db_session: Session) -> None:
    world: World = build_world(db_session)
    first = q.list_people(db_session, limit=1)
    assert first.total == 2 and first.next_cursor is not None
    second = q.list_people(db_session, limit=1, cursor=first.next_cursor)
    assert [first.items[0].id, second.items[0].id] == [world.ana.id, world.jose.id]
    assert second.next_cursor is None


def test_administrations_count_events_once_per_administration(db_session: Session) -> None:
    build_world(db_session)
    page = q.list_administrations(db_session, role="host", limit=100)
    counts = {a.country.alpha3: (a.document_count, a.event_count) for a in page.items}
    assert counts == {"MLI": (2, 3), "KEN": (1, 1)}

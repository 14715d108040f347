"""DriverQuery: a Core statement on the driver's cursor gives the rows SQLAlchemy would."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.models import Document
from app.query.driver import DriverQuery, iso_date
from tests.factories import make_document

IDS = bindparam("ids", expanding=True)
BY_ID = DriverQuery(select(Document.id, Document.title, Document.published)
                    .where(Document.id.in_(IDS)).order_by(Document.id))


def test_rows_match_sqlalchemy_for_any_number_of_values(db_session: Session) -> None:
    docs = [make_document(db_session, title=f"Article {i}") for i in range(5)]
    ids = [d.id for d in docs]
    for values in ([ids[0]], ids[1:4], [*ids, -1], [-1]):
        expected = [(r.id, r.title, r.published.isoformat() if r.published else None)
                    for r in db_session.execute(BY_ID.statement, {"ids": values})]
        got = [(i, title, iso_date(published))
               for i, title, published in BY_ID.rows(db_session, values)]
        assert got == expected
    assert BY_ID.rows(db_session, []) == []


def test_iso_date_reads_both_drivers_forms() -> None:
    assert iso_date(date(2024, 3, 1)) == "2024-03-01"
    assert iso_date("2024-03-01") == "2024-03-01"
    assert iso_date(None) is None


def test_a_statement_with_other_parameters_is_refused(db_session: Session) -> None:
    # Its placeholders would be given the IN list's values: refused, not run.
    query = DriverQuery(select(Document.id).where(Document.id.in_(IDS),
                                                  Document.language == "en"))
    with pytest.raises(ValueError, match="binds only 'ids'"):
        query.rows(db_session, [1])

"""Filters as a table: parameters -> the SQL they add and the sentence they read as.

No database: the vocabulary is built by hand and the SQL compiled for SQLite.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import and_
from sqlalchemy.dialects import sqlite

from app.core.errors import InvalidParameter
from app.query.filters import (
    EventFilters,
    Vocabulary,
    describe,
    event_clauses,
    split_values,
)

VOCAB = Vocabulary(
    alpha2_to_alpha3={"ML": "MLI", "SN": "SEN", "FR": "FRA"},
    country_names={"MLI": "Mali", "SEN": "Senegal", "FRA": "France"},
    country_region={"MLI": "west-central-africa", "SEN": "west-central-africa", "FRA": "europe"},
    regions={"west-central-africa": "West and Central Africa", "europe": "Europe"},
    themes={"cross-cutting": "Cross-cutting topics", "gender-equality-diversity": "Gender",
            "human-rights": "Human rights", "transparency": "Transparency"},
    theme_children={"cross-cutting": ["gender-equality-diversity", "human-rights"]},
    funders={"norad": "Norad", "sida": "Sida"},
)


def compiled(filters: EventFilters) -> tuple[str, str]:
    clauses = event_clauses(filters, VOCAB, "sqlite")
    sql = str(and_(*[c.sql for c in clauses]).compile(
        dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}))
    return sql, describe(clauses)


TABLE: list[tuple[dict[str, Any], list[str], str]] = [
    ({}, [], "all events"),
    ({"country": ["ml"]},
     ["events.id IN (SELECT event_countries.event_id",
      "event_countries.country_code = 'MLI'"],
     "events in Mali (venue or participant)"),
    ({"country": ["MLI", "sn"], "country_role": "venue"},
     ["events.country_code IN ('MLI', 'SEN')"], "events in Mali or Senegal (venue)"),
    ({"country": ["FRA"], "country_role": "participant"},
     ["event_countries.country_code = 'FRA'", "event_countries.is_participant = 1"],
     "events in France (participant)"),
    ({"region": ["west-central-africa"], "country_role": "venue"},
     ["events.country_code IN ('MLI', 'SEN')"],
     "events in the region West and Central Africa (venue)"),
    ({"theme": ["cross-cutting"]},
     ["event_themes.theme_slug IN ('cross-cutting', 'gender-equality-diversity', "
      "'human-rights')"],
     "events on the theme Cross-cutting topics (a group: any of its themes)"),
    ({"theme": ["Transparency"]}, ["event_themes.theme_slug IN ('transparency')"],
     "events on the theme Transparency"),
    ({"funder": ["norad", "sida"]}, ["document_funders.funder_slug IN ('norad', 'sida')"],
     "events funded by Norad or Sida"),
    ({"administration": ["sn"]}, ["administrations.country_code IN ('SEN')"],
     "events with the customs administration of Senegal"),
    ({"type": ["workshop", "training"]}, ["events.type IN ('workshop', 'training')"],
     "events of type workshop or training"),
    ({"online": True}, ["events.online IS 1"], "events online"),
    ({"online": False}, ["events.online IS 0"], "events not online"),
    ({"date_from": date(2025, 3, 15)},
     ["events.sort_date >= '2025-03-15'", "events.sort_date >= '2025-03-01'",
      "events.end_date >= '2025-01-01'", "events.start_precision = 'month'"],
     "events taking place on or after 2025-03-15"),
    ({"date_to": date(2025, 3, 15)}, ["events.sort_date <= '2025-03-15'"],
     "events taking place on or before 2025-03-15"),
    ({"date_from": date(2025, 1, 1), "date_to": date(2025, 6, 30)},
     ["events.sort_date <= '2025-06-30'", "events.sort_date >= '2025-01-01'"],
     "events taking place between 2025-01-01 and 2025-06-30"),
    ({"published_from": date(2024, 1, 1), "published_to": date(2024, 12, 31)},
     ["events.published >= '2024-01-01'", "events.published <= '2024-12-31'"],
     "events published on or after 2024-01-01 and on or before 2024-12-31"),
    ({"q": 'Intégrité "douane" OR'},
     ["documents_fts MATCH '\"integrite\" \"douane\" \"or\"'"],
     "events whose article mentions 'integrite douane or'"),
    ({"q": "?!"}, ["0 = 1"], "events matching '?!' (no searchable word)"),
    ({"date_from": date(2025, 2, 1), "date_to": date(2025, 1, 1)}, ["0 = 1"],
     "events taking place between 2025-02-01 and 2025-01-01 (an empty range)"),
    ({"published_from": date(2025, 1, 2), "published_to": date(2025, 1, 1)}, ["0 = 1"],
     "events published between 2025-01-02 and 2025-01-01 (an empty range)"),
    ({"country": ["ML"], "theme": ["transparency"], "online": False},
     ["event_countries.country_code = 'MLI'",
      "event_themes.theme_slug IN ('transparency')",
      "events.online IS 0"],
     "events in Mali (venue or participant), on the theme Transparency, not online"),
]


@pytest.mark.parametrize("params, fragments, sentence", TABLE,
                         ids=[str(i) for i in range(len(TABLE))])
def test_filter_yields_its_sql_and_sentence(params: dict[str, Any], fragments: list[str],
                                            sentence: str) -> None:
    sql, description = compiled(EventFilters(**params))
    for fragment in fragments:
        assert fragment in sql
    assert description == sentence


@pytest.mark.parametrize("params, parameter, suggestions", [
    ({"theme": ["gendr"]}, "theme", ["gender-equality-diversity"]),
    ({"theme": ["transparancy"]}, "theme", ["transparency"]),
    ({"country": ["Senegl"]}, "country", ["SEN"]),
    ({"country": ["ZZ"]}, "country", []),
    ({"funder": ["nor"]}, "funder", ["norad"]),
    ({"region": ["eurpe"]}, "region", ["europe"]),
    ({"type": ["webinars"]}, "type", ["webinar"]),
    ({"country": ["x" * 500]}, "country", []),
    ({"country": ["M\x00L"]}, "country", []),
    ({"theme": [f"t{i}" for i in range(60)]}, "theme", []),
])
def test_unknown_value_names_parameter_and_closest_values(
    params: dict[str, Any], parameter: str, suggestions: list[str]
) -> None:
    with pytest.raises(InvalidParameter) as raised:
        compiled(EventFilters(**params))
    error = raised.value.extra["errors"][0]
    assert error["parameter"] == parameter
    assert error["suggestions"][: len(suggestions)] == suggestions


@pytest.mark.parametrize("raw, values", [
    (None, []),
    (["ML"], ["ML"]),
    (["ML,SN", "FR"], ["ML", "SN", "FR"]),
    ([" ML , ,ML", ""], ["ML"]),
])
def test_repeated_and_comma_separated_values_are_one_list(raw: list[str] | None,
                                                          values: list[str]) -> None:
    assert split_values(raw) == values

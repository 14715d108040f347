"""Dates as the API and the corpus write them: a day, or only its month or year."""

from __future__ import annotations

from datetime import date


def partial_date_text(day: date | None, precision: str | None) -> str | None:
    """`YYYY-MM-DD`, or `YYYY-MM` / `YYYY` when only the month or year is stated."""
    if day is None:
        return None
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def as_date(value: date | str | None) -> date | None:
    """A date column's value (a `date`, or SQLite's ISO text through the driver) as a date."""
    return date.fromisoformat(value) if isinstance(value, str) else value

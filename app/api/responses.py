"""Content negotiation, ETags, and streamed CSV / NDJSON / iCalendar exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any, Literal

import orjson
from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from pydantic import BaseModel

from app.core.errors import NotAcceptable
from app.core.etag import etag_for, etag_matches
from app.query.events import EventPage
from app.schemas.common import page_links

Format = Literal["json", "csv", "ndjson", "ics"]
FORMATS: tuple[str, ...] = ("json", "csv", "ndjson", "ics")
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "ndjson": "application/x-ndjson",
    "ics": "text/calendar; charset=utf-8",
}
_ACCEPTED: dict[str, str] = {
    "application/json": "json", "application/*": "json", "*/*": "json",
    "application/problem+json": "json",
    "text/csv": "csv", "application/x-ndjson": "ndjson", "application/ndjson": "ndjson",
    "application/jsonl": "ndjson", "text/calendar": "ics",
}
FILENAMES = {"csv": "events.csv", "ndjson": "events.ndjson", "ics": "events.ics"}


def _accept_items(header: str) -> list[tuple[str, float]]:
    items: list[tuple[str, float]] = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        weight = 1.0
        for field_ in fields[1:]:
            if field_.lower().startswith("q="):
                try:
                    weight = float(field_[2:])
                except ValueError:
                    weight = 0.0
        items.append((media, weight - index * 1e-6))  # ties: the first listed wins
    return items


def negotiate(request: Request, format_: str | None, allowed: Iterable[str] = FORMATS) -> str:
    """The response format: `format` if given, else the best Accept match (JSON when there
    is no Accept header); NotAcceptable when nothing acceptable can be produced."""
    allowed = tuple(allowed)
    if format_:
        return format_
    header = request.headers.get("accept", "")
    if not header.strip():
        return "json"
    for media, weight in sorted(_accept_items(header), key=lambda i: -i[1]):
        if weight <= 0:
            continue
        chosen = _ACCEPTED.get(media)
        if media == "text/*":
            chosen = "csv" if "csv" in allowed else None
        if chosen in allowed:
            return chosen
    raise NotAcceptable(
        f"cannot produce any of {header[:200]!r}; available: "
        + ", ".join(MEDIA_TYPES[f].split(";")[0] for f in allowed)
    )


def json_response(request: Request, payload: BaseModel | dict[str, Any]) -> Response:
    """`payload` (a model, or a JSON-ready dict of the route's response model's shape) as
    JSON with a weak ETag; 304 when If-None-Match names that ETag. A Response: FastAPI
    neither validates nor serialises it again."""
    data = payload if isinstance(payload, dict) else payload.model_dump(mode="json")
    body = orjson.dumps(data)
    etag = etag_for(body)
    headers = {"ETag": etag, "Vary": "Accept, Accept-Encoding"}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def event_page(result: EventPage, url: str) -> dict[str, Any]:
    """A page of events as the JSON of `Page[EventOut]`, built from dicts (no models)."""
    return {
        "data": result.items,
        "meta": {"total": result.total or 0, "limit": result.limit,
                 "next_cursor": result.next_cursor, "description": result.description},
        "links": page_links(url, result.next_cursor).model_dump(),
    }


# --- exports ------------------------------------------------------------------------------

CSV_COLUMNS = [
    "id", "type", "name", "start", "end", "date_precision", "city", "country_code",
    "country_name", "online", "administrations", "funders", "themes", "people",
    "document_id", "document_title", "published", "source_url", "confidence",
    "report_count", "report_documents",
]


def _csv_row(event: dict[str, Any]) -> list[Any]:
    venue, document = event["venue"], event["document"]
    return [
        event["id"], event["type"], event["name"], event["start"] or "", event["end"] or "",
        event["date_precision"] or "", venue["city"] or "", venue["country_code"] or "",
        venue["country_name"] or "", "true" if event["online"] else "false",
        "; ".join(f"{a['country_code']} ({', '.join(a['roles'])})"
                  for a in event["administrations"]),
        "; ".join(f["slug"] for f in event["funders"]),
        "; ".join(t["slug"] for t in event["themes"]),
        "; ".join(p["name"] for p in event["people"]),
        document["id"], document["title"] or "", document["published"] or "",
        document.get("source_url") or "",
        "" if event.get("confidence") is None else event["confidence"],
        len(event.get("reports") or ()) or 1,
        "; ".join(str(r["document_id"]) for r in event.get("reports") or ()),
    ]


def csv_lines(events: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue().encode()
    for event in events:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(_csv_row(event))
        yield buffer.getvalue().encode()


def ndjson_lines(events: Iterable[dict[str, Any]]) -> Iterator[bytes]:
    for event in events:
        yield orjson.dumps(event) + b"\n"


def _period(value: str) -> tuple[date, date]:
    """First day and the day after the last of an API date (YYYY, YYYY-MM or YYYY-MM-DD)."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0] + 1, 1, 1)
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        return first, (first + timedelta(days=32)).replace(day=1)
    day = date(parts[0], parts[1], parts[2])
    return day, day + timedelta(days=1)


def ics_lines(events: Iterable[dict[str, Any]], host: str = "acip") -> Iterator[bytes]:
    """An iCalendar feed of all-day events. An event without a stated date is placed on its
    article's publication date (said in its description); one with neither is left out."""
    header = Calendar()
    header.add("prodid", "-//acip//A-CIP Programme events//EN")
    header.add("version", "2.0")
    header.add("x-wr-calname", "A-CIP Programme events")
    text = header.to_ical().decode()
    yield text.replace("END:VCALENDAR\r\n", "").encode()
    for event in events:
        stated = event["start"]
        when = stated or event["document"]["published"]
        if not when:
            continue
        first, after = _period(when)
        if event["end"]:
            after = max(after, _period(event["end"])[1])
        item = CalendarEvent()
        item.add("uid", f"{event['id']}@{host}")
        item.add("summary", event["name"])
        item.add("dtstart", first)
        item.add("dtend", after)
        item.add("dtstamp", first)
        place = ", ".join(p for p in (event["venue"]["city"], event["venue"]["country_name"])
                          if p)
        if place:
            item.add("location", place)
        notes = [f"Type: {event['type']}."]
        if not stated:
            notes.append("Date not stated: the article's publication date.")
        if event["online"]:
            notes.append("Online.")
        item.add("description", " ".join(notes))
        item.add("url", event["links"]["self"])
        yield item.to_ical()
    yield b"END:VCALENDAR\r\n"


STREAM_BYTES = 64 * 1024  # an export is sent in pieces of about this size


def _pieces(lines: Iterable[bytes], size: int = STREAM_BYTES) -> Iterator[bytes]:
    """Lines joined into pieces of about `size` bytes. Starlette runs a sync iterator one
    `next()` per thread-pool call: line by line, an export of a few hundred events waited
    for the busy event loop hundreds of times (seconds under load); in pieces, a few."""
    buffer: list[bytes] = []
    held = 0
    for line in lines:
        buffer.append(line)
        held += len(line)
        if held >= size:
            yield b"".join(buffer)
            buffer, held = [], 0
    if buffer:
        yield b"".join(buffer)


def stream(format_: str, events: Iterable[dict[str, Any]]) -> StreamingResponse:
    """A streamed export of `events` (JSON-ready dicts) in `format_` (csv, ndjson or ics)."""
    lines = {"csv": csv_lines, "ndjson": ndjson_lines, "ics": ics_lines}[format_](events)
    return StreamingResponse(
        _pieces(lines),
        media_type=MEDIA_TYPES[format_],
        headers={"Content-Disposition": f'attachment; filename="{FILENAMES[format_]}"'},
    )

"""Articles for event-resolution tests, as hand-made Facts (independent of the extractor):
three reports of one workshop in different words and with different facts, and one of
another activity. Written for these tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy.orm import Session

from app.ingest.extract.facts import (
    AdministrationFact,
    EventFact,
    Evidence,
    Facts,
    PartialDate,
    ThemeFact,
)
from app.ingest.load import Loader
from app.ingest.read import RawDocument, content_hash


def facts_of(name: str, start: date | None, end: date | None = None, *,
             city: str | None = "Accra", country: str | None = "GHA", theme: str = "training",
             published: date | None = None,
             admins: Sequence[str] = ("GHA",), kind: str = "workshop") -> Facts:
    body = f"{name} took place. It was about integrity."
    ev = Evidence(0, len(name), name)
    return Facts(
        title=name, published=published or date(2024, 3, 20), language="en", body=body,
        events=[EventFact(kind, name, PartialDate(start) if start else None,
                          PartialDate(end) if end else None, city, country, False, ev)],
        administrations=[AdministrationFact(code, ["partner"], None, ev) for code in admins],
        themes=[ThemeFact(theme, ev)],
    )


# Three articles on one workshop (the Ghana Revenue Authority's, 4-6 March 2024, Accra), in
# different words and with different facts; and one on another activity.
SAME = {
    "news/wco.txt": facts_of("National integrity workshop for the Ghana Revenue Authority",
                             date(2024, 3, 4), date(2024, 3, 6), theme="training"),
    "news/gra.txt": facts_of("Integrity workshop held by the Ghana Revenue Authority",
                             date(2024, 3, 4), date(2024, 3, 6), theme="code-of-conduct",
                             admins=("GHA", "NGA"), published=date(2024, 3, 8)),
    "news/press.txt": facts_of("Ghana Revenue Authority integrity workshop in Accra",
                               date(2024, 3, 4), None, city=None, published=date(2024, 4, 2)),
}
OTHER = {"news/peru.txt": facts_of("Regional conference on customs ethics in Lima",
                                   date(2024, 9, 10), date(2024, 9, 12), city="Lima",
                                   country="PER", admins=("PER",), kind="conference")}


def store(session: Session, articles: dict[str, Facts], order: Sequence[str]) -> None:
    with Loader(session) as loader:
        for source in order:
            facts = articles[source]
            text = f"{source}: {facts.title} {facts.events}"
            loader.store(RawDocument(source, text, content_hash(text), len(text)), facts)

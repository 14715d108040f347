"""RawDocument text -> Facts. Pure functions: nothing here touches a database.

Order matters: events first (their venues feed the `host` role), then administrations
(given the events), then the event countries that only a host administration can give;
last, each fact's confidence from the calibration table (extract/confidence.py).
"""

from __future__ import annotations

from app.ingest.extract.context import Context
from app.ingest.extract.facts import Facts
from app.ingest.extract.layout import parse_layout

EXTRACTOR_VERSION = "2"  # 2: the real-article extractor (mention first, rules and confidences)


def extract(text: str) -> Facts:
    from app.ingest.extract import confidence, events, funders, organisations, people, themes

    layout = parse_layout(text)
    ctx = Context.build(layout.body, layout.published, layout.language, layout.title)
    found_events = events.extract_events(ctx)
    administrations, partner_count = organisations.extract_administrations(ctx, found_events)
    events.fill_country_from_hosts(found_events, administrations)
    return confidence.apply(Facts(
        title=layout.title,
        published=layout.published,
        language=layout.language,
        body=layout.body,
        events=found_events,
        administrations=administrations,
        partner_count=partner_count,
        funders=funders.extract_funders(ctx),
        people=people.extract_people(ctx),
        themes=themes.extract_themes(ctx),
        warnings=layout.warnings,
    ))

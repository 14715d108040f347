"""Reports -> resolved events: deterministic, independent of input order, incremental.

How clusters are formed:

1. **Links.** Two reports are linked when `evidence.compare` says they are the same activity.
   That is a pure function of the two reports, so the set of links depends only on the set
   of reports, never on the order they came in.
2. **Components.** Linked reports form connected components. A component is resolved on its
   own: nothing outside it can change how it is split.
3. **Partition.** Inside a component, links are taken strongest first (score, then the
   report keys, so ties are settled by the keys, not by arrival), and two groups are merged
   only if no pair across them has a conflict (`evidence.conflict`: two reports of one
   document, incompatible types, dates or venues never end up together, even through a
   report compatible with both).

Adding reports recomputes only the components they touch; removing a document's reports
recomputes only the components they were in. Both give exactly what resolving the whole set
at once gives (tests/ingest/test_resolve.py checks it on random orders and splits).

**Public ids.** A resolved event's id is its *oldest* report's key, "older" meaning the
smaller `Report.age`: the document's ingest order (`seen`), then its id, then the event's
index. When two resolved events merge, the older id survives (its oldest report is the
merged event's oldest) and the other id is recorded in `redirects` (old id -> surviving id;
a web layer answers 301). When an event splits, each part takes its own oldest report's id:
the part with the original oldest report keeps the id, and a part whose id had been
redirected gets it back (the redirect is dropped). An id whose reports are all gone is
`retired` (a web layer answers 410), unless reports of it live on elsewhere, where it
redirects.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.ingest.resolve.evidence import Features, Verdict, compare, conflict
from app.ingest.resolve.fields import ResolvedEvent, resolved_event
from app.ingest.resolve.reports import Report, ReportKey

EventId = ReportKey  # a resolved event is named by its oldest report's key

_MONTH_CAP = 36  # reports reaching over more months than this are compared with everyone


def event_id_text(event_id: EventId) -> str:
    """An id as text: `document#index`."""
    return f"{event_id[0]}#{event_id[1]}"


@dataclass(frozen=True, slots=True)
class Change:
    """What one `add` or `remove_documents` did to the resolved events."""

    created: tuple[EventId, ...] = ()  # ids that did not exist before
    updated: tuple[EventId, ...] = ()  # ids that exist before and after, members changed
    removed: tuple[EventId, ...] = ()  # ids that no longer name an event
    redirects: tuple[tuple[EventId, EventId], ...] = ()  # (old, surviving) recorded now
    restored: tuple[EventId, ...] = ()  # ids that were redirects and name an event again


@dataclass
class Resolution:
    """Resolved events of a set of reports, kept up to date report by report."""

    reports: dict[ReportKey, Report] = field(default_factory=dict)
    features: dict[ReportKey, Features] = field(default_factory=dict)
    links: dict[ReportKey, dict[ReportKey, Verdict]] = field(default_factory=dict)
    event_of: dict[ReportKey, EventId] = field(default_factory=dict)
    members: dict[EventId, tuple[ReportKey, ...]] = field(default_factory=dict)
    redirects: dict[EventId, EventId] = field(default_factory=dict)
    retired: set[EventId] = field(default_factory=set)
    _by_month: dict[int, set[ReportKey]] = field(default_factory=dict, repr=False)
    _long: set[ReportKey] = field(default_factory=set, repr=False)  # reach over _MONTH_CAP
    _timeless: set[ReportKey] = field(default_factory=set, repr=False)  # no reach at all
    _by_word: dict[str, set[ReportKey]] = field(default_factory=dict, repr=False)

    # --- reading -----------------------------------------------------------------------

    def clusters(self) -> list[tuple[ReportKey, ...]]:
        """Every resolved event's report keys (sorted), in a canonical order."""
        return sorted(self.members.values())

    def follow(self, event_id: EventId) -> EventId | None:
        """The id that now names what `event_id` named (itself if live), None if retired."""
        seen: set[EventId] = set()
        while event_id not in self.members:
            if event_id in seen or event_id not in self.redirects:
                return None
            seen.add(event_id)
            event_id = self.redirects[event_id]
        return event_id

    def event(self, event_id: EventId) -> ResolvedEvent:
        """The resolved fields of a live event, with their sources."""
        return resolved_event(event_id, [self.reports[k] for k in self.members[event_id]])

    def events(self) -> list[ResolvedEvent]:
        return [self.event(e) for e in sorted(self.members)]

    def copy(self) -> Resolution:
        return copy.deepcopy(self)

    # --- writing -----------------------------------------------------------------------

    def add(self, reports: Iterable[Report]) -> Change:
        """Attach new reports (a report whose key is already present replaces it)."""
        new = sorted({r.key: r for r in reports}.values(), key=lambda r: r.key)
        touched = self._forget({r.key for r in new if r.key in self.reports})
        for report in new:
            self.reports[report.key] = report
            self.features[report.key] = Features.of(report)
            self.links[report.key] = {}
            self._index(report.key)
        for report in new:
            for other in sorted(self._candidates(report.key)):
                if other == report.key or other in self.links[report.key]:
                    continue
                verdict = compare(self.features[report.key], self.features[other])
                if verdict.same:
                    self.links[report.key][other] = verdict
                    self.links[other][report.key] = verdict
        return self._reresolve(touched | {r.key for r in new}, gone=set())

    def remove_documents(self, documents: Iterable[str]) -> Change:
        """Drop every report of these documents; only the events they were in change."""
        wanted = set(documents)
        gone = {k for k in self.reports if k[0] in wanted}
        return self._reresolve(self._forget(gone), gone=gone)

    # --- internals ---------------------------------------------------------------------

    def _forget(self, keys: set[ReportKey]) -> set[ReportKey]:
        """Remove reports and their links; the keys whose components must be redone (the
        removed keys too: their events are looked up by them)."""
        touched: set[ReportKey] = set(keys)
        for key in keys:
            for other in self.links.pop(key, {}):
                if other not in keys:
                    self.links[other].pop(key, None)
                    touched.add(other)
            self._unindex(key)
            self.reports.pop(key, None)
            self.features.pop(key, None)
        return touched

    def _months(self, key: ReportKey) -> list[int] | None:
        reach = self.features[key].reach
        if reach is None:
            return None
        first = reach[0].year * 12 + reach[0].month - 1
        last = reach[1].year * 12 + reach[1].month - 1
        return None if last - first > _MONTH_CAP else list(range(first, last + 1))

    def _words(self, key: ReportKey) -> list[str]:
        stems = self.features[key].stems
        return [s for s, weight in stems.items() if weight == 1.0]

    def _index(self, key: ReportKey) -> None:
        months = self._months(key)
        if self.features[key].reach is None:
            self._timeless.add(key)
        elif months is None:
            self._long.add(key)
        else:
            for m in months:
                self._by_month.setdefault(m, set()).add(key)
        for word in self._words(key):
            self._by_word.setdefault(word, set()).add(key)

    def _unindex(self, key: ReportKey) -> None:
        if key not in self.features:
            return
        self._timeless.discard(key)
        self._long.discard(key)
        for m in self._months(key) or ():
            self._by_month.get(m, set()).discard(key)
        for word in self._words(key):
            self._by_word.get(word, set()).discard(key)

    def _candidates(self, key: ReportKey) -> set[ReportKey]:
        """Every report `compare` could link to `key`, and some more.

        Reports whose times meet share a month bucket (a dated report's days, an undated
        one's document time); a report with no time at all can only be linked by
        `same-name-undated`, which needs a shared name word: it is found by its words.
        """
        by_word: set[ReportKey] = set()
        for word in self._words(key):
            by_word |= self._by_word.get(word, set())
        if self.features[key].reach is None:
            return by_word
        months = self._months(key)
        if months is None:
            return set(self.reports)
        found = set(self._long) | (by_word & self._timeless)
        for m in months:
            found |= self._by_month.get(m, set())
        return found

    def _component(self, start: ReportKey, done: set[ReportKey]) -> list[ReportKey]:
        stack, seen = [start], {start}
        while stack:
            key = stack.pop()
            for other in self.links[key]:
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        done |= seen
        return sorted(seen)

    def _partition(self, keys: list[ReportKey]) -> list[tuple[ReportKey, ...]]:
        """Split one component into events: strongest links first, never across a conflict."""
        group = {k: k for k in keys}
        members: dict[ReportKey, list[ReportKey]] = {k: [k] for k in keys}
        edges = sorted(
            ((-v.score, a, b) for a in keys for b, v in self.links[a].items() if a < b))

        def root(k: ReportKey) -> ReportKey:
            while group[k] != k:
                k = group[k]
            return k

        for _, a, b in edges:
            ra, rb = root(a), root(b)
            if ra == rb:
                continue
            if any(conflict(self.features[x], self.features[y])
                   for x in members[ra] for y in members[rb]):
                continue
            keep, drop = min(ra, rb), max(ra, rb)
            group[drop] = keep
            members[keep].extend(members.pop(drop))
        return [tuple(sorted(m)) for m in members.values()]

    def _oldest(self, keys: Iterable[ReportKey]) -> ReportKey:
        return min(keys, key=lambda k: self.reports[k].age)

    def _reresolve(self, touched: set[ReportKey], gone: set[ReportKey]) -> Change:
        """Redo the components of `touched` keys and of every event they reach."""
        before: dict[EventId, tuple[ReportKey, ...]] = {}
        pending: list[ReportKey] = []

        def take(event: EventId | None) -> None:
            if event is not None and event in self.members and event not in before:
                before[event] = self.members.pop(event)
                pending.extend(before[event])

        for key in sorted(touched):
            take(self.event_of.get(key))
            pending.append(key)
        for key in gone:
            self.event_of.pop(key, None)
        after: dict[EventId, tuple[ReportKey, ...]] = {}
        done: set[ReportKey] = set()
        while pending:
            key = pending.pop()
            if key in done or key not in self.reports:
                continue
            component = self._component(key, done)
            for k in component:
                take(self.event_of.get(k))
            for part in self._partition(component):
                after[self._oldest(part)] = part
        for event, part in after.items():
            self.members[event] = part
            for key in part:
                self.event_of[key] = event
        return self._record(before, after, gone)

    def _record(self, before: dict[EventId, tuple[ReportKey, ...]],
                after: dict[EventId, tuple[ReportKey, ...]], gone: set[ReportKey]) -> Change:
        created = sorted(e for e in after if e not in before)
        updated = sorted(e for e in after if e in before and before[e] != after[e])
        removed = sorted(e for e in before if e not in after)
        redirects: list[tuple[EventId, EventId]] = []
        restored = sorted(e for e in created if e in self.redirects)
        for event in restored:
            del self.redirects[event]
            self.retired.discard(event)
        for event in created:
            self.retired.discard(event)
        for event in removed:
            target = self._successor(event, before[event], gone)
            if target is None:
                self.retired.add(event)
            else:
                self.redirects[event] = target
                redirects.append((event, target))
        # older redirects that pointed at an id that just moved follow it
        for old, target in list(self.redirects.items()):
            if target not in self.members:
                final = self.follow(target)
                if final is None:
                    del self.redirects[old]
                    self.retired.add(old)
                elif final != target:
                    self.redirects[old] = final
        return Change(tuple(created), tuple(updated), tuple(removed), tuple(redirects),
                      tuple(restored))

    def _successor(self, event: EventId, former: tuple[ReportKey, ...],
                   gone: set[ReportKey]) -> EventId | None:
        """Where a vanished id now points: the event holding its founding report, else the
        event holding most of its surviving reports (the oldest such event on a tie)."""
        if event in self.event_of and event not in gone:
            return self.event_of[event]
        counts: dict[EventId, int] = {}
        for key in former:
            if key not in gone and key in self.event_of:
                target = self.event_of[key]
                counts[target] = counts.get(target, 0) + 1
        if not counts:
            return None
        return min(counts, key=lambda e: (-counts[e], self.reports[e].age))


def resolve(reports: Iterable[Report]) -> Resolution:
    """Resolve a set of reports from scratch."""
    resolution = Resolution()
    resolution.add(reports)
    return resolution


def resolve_into(existing: Resolution, new_reports: Iterable[Report]
                 ) -> tuple[Resolution, Change]:
    """`existing` with `new_reports` attached (a new value; `existing` is left as it was)."""
    resolution = existing.copy()
    change = resolution.add(new_reports)
    return resolution, change

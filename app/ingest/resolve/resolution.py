"""Reports -> resolved events: deterministic, independent of input order, incremental.

How clusters are formed:

1. **Links.** Two reports are linked when `evidence.compare` says they are the same activity.
   That is a pure function of the two reports, so the set of links depends only on the set
   of reports, never on the order they came in. Candidates are found through an index
   (type or name word, by month; day-precise reports also by day), not by comparing with
   every report.
2. **Best links.** Each report keeps its best link: the highest score, then the smallest
   key. A report is about one activity, so it attaches to the report that matches it best;
   a vague report ("meetings in May") linked to several activities does not chain them.
3. **Components.** Reports joined by best links form components (small trees). A component
   is resolved on its own: nothing outside it can change how it is split.
4. **Partition.** Inside a component, best links are taken strongest first (score, then the
   keys, so ties are settled by the keys, not by arrival), and two groups are merged only if
   no pair across them has a conflict (`evidence.conflict`: two reports of one document,
   incompatible types, dates or venues never end up together, even through a report
   compatible with both).

Adding reports redoes the best links of the new reports and of the reports they link to,
then only the components those touch; removing a document's reports does the same for the
reports that linked to them. Both give exactly what resolving the whole set
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
    best: dict[ReportKey, ReportKey] = field(default_factory=dict)  # each report's best link
    chosen_by: dict[ReportKey, set[ReportKey]] = field(default_factory=dict)
    event_of: dict[ReportKey, EventId] = field(default_factory=dict)
    members: dict[EventId, tuple[ReportKey, ...]] = field(default_factory=dict)
    redirects: dict[EventId, EventId] = field(default_factory=dict)
    retired: set[EventId] = field(default_factory=set)
    _by_key_month: dict[tuple[str, int], set[ReportKey]] = field(
        default_factory=dict, repr=False)  # (blocking key, month) -> reports
    _long: set[ReportKey] = field(default_factory=set, repr=False)  # reach over _MONTH_CAP
    _timeless_by_loose: dict[str, set[ReportKey]] = field(default_factory=dict, repr=False)
    _by_loose: dict[str, set[ReportKey]] = field(default_factory=dict, repr=False)
    _by_day: dict[int, set[ReportKey]] = field(default_factory=dict, repr=False)  # day-precise

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
            key, features = report.key, self.features[report.key]
            links = self.links[key]
            for other in self._candidates(key):
                if other == key or other in links:
                    continue
                verdict = compare(features, self.features[other])
                if verdict.same:
                    links[other] = verdict
                    self.links[other][key] = verdict
        for report in new:
            touched.add(report.key)
            touched.update(self.links[report.key])
        return self._reresolve(self._rechoose(touched), gone=set())

    def remove_documents(self, documents: Iterable[str]) -> Change:
        """Drop every report of these documents; only the events they were in change."""
        wanted = set(documents)
        gone = {k for k in self.reports if k[0] in wanted}
        return self._reresolve(self._rechoose(self._forget(gone)), gone=gone)

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
            chosen = self.best.pop(key, None)
            if chosen is not None:
                self.chosen_by.get(chosen, set()).discard(key)
                touched.add(chosen)
            touched.update(self.chosen_by.pop(key, set()))
            self._unindex(key)
            self.reports.pop(key, None)
            self.features.pop(key, None)
        return touched

    def _rechoose(self, keys: set[ReportKey]) -> set[ReportKey]:
        """Redo the best link of these reports; these keys and every report whose best-link
        neighbourhood changed (old and new bests)."""
        touched = set(keys)
        for key in sorted(keys):
            if key not in self.reports:
                continue
            old = self.best.pop(key, None)
            if old is not None:
                self.chosen_by.get(old, set()).discard(key)
                touched.add(old)
            links = self.links[key]
            if links:
                new = min(links, key=lambda o: (-links[o].score, o))
                self.best[key] = new
                self.chosen_by.setdefault(new, set()).add(key)
                touched.add(new)
        return touched

    def _months(self, key: ReportKey) -> list[int] | None:
        reach = self.features[key].reach
        if reach is None:
            return None
        first = reach[0].year * 12 + reach[0].month - 1
        last = reach[1].year * 12 + reach[1].month - 1
        return None if last - first > _MONTH_CAP else list(range(first, last + 1))

    def _loose(self, key: ReportKey) -> list[str]:
        """Keys of the rules that hold for an undated report: its full-weight name stems
        (`same-name-undated` needs a shared word) and its type with each of its parties
        (`same-parties-undated` needs both)."""
        features = self.features[key]
        words = [f"word:{s}" for s, weight in features.stems.items() if weight == 1.0]
        return [*words, *(f"party:{features.type}:{p}" for p in sorted(features.parties))]

    def _keys(self, key: ReportKey) -> list[str]:
        """Blocking keys by month: every rule for dated reports needs the same type or a
        shared name word (or overlapping days: `_days`); a rule for an undated report needs
        one of its loose keys."""
        if self.features[key].interval is None:
            return self._loose(key)
        return [f"type:{self.features[key].type}", *self._loose(key)]

    def _days(self, key: ReportKey) -> list[int]:
        """The days (ordinals) of a day-precise report, for the rules that need overlapping
        days and no shared type or word; none for a report reaching over _MONTH_CAP months
        (it is compared with everyone)."""
        features = self.features[key]
        if not features.day_precise or features.interval is None or self._months(key) is None:
            return []
        first, last = features.interval
        return list(range(first.toordinal(), last.toordinal() + 1))

    def _index(self, key: ReportKey) -> None:
        for day in self._days(key):
            self._by_day.setdefault(day, set()).add(key)
        months = self._months(key)
        for k in self._loose(key):
            self._by_loose.setdefault(k, set()).add(key)
        if self.features[key].reach is None:
            for k in self._loose(key):
                self._timeless_by_loose.setdefault(k, set()).add(key)
        elif months is None:
            self._long.add(key)
        else:
            for k in self._keys(key):
                for m in months:
                    self._by_key_month.setdefault((k, m), set()).add(key)

    def _unindex(self, key: ReportKey) -> None:
        if key not in self.features:
            return
        self._long.discard(key)
        for day in self._days(key):
            self._by_day.get(day, set()).discard(key)
        for k in self._loose(key):
            self._by_loose.get(k, set()).discard(key)
            self._timeless_by_loose.get(k, set()).discard(key)
        for k in self._keys(key):
            for m in self._months(key) or ():
                self._by_key_month.get((k, m), set()).discard(key)

    def _candidates(self, key: ReportKey) -> set[ReportKey]:
        """Every report `compare` could link to `key` (and a few more).

        The rules for dated reports need the same type or a shared name word, and times
        that meet: reports are indexed by (type or word, month of their reach); the one
        rule that needs neither needs overlapping day-precise dates: those reports are also
        indexed by day. The rules for an undated report need a loose key (a shared word, or
        the same type and a shared party): undated reports are indexed by (loose key, month
        of their document's time). A report with no time at all is found by its loose keys
        alone. Reports reaching over very many months are few and always compared.
        """
        if self.features[key].reach is None:
            found: set[ReportKey] = set()
            for k in self._loose(key):
                found |= self._by_loose.get(k, set())
            return found
        months = self._months(key)
        if months is None:
            return set(self.reports)
        found = set(self._long)
        for day in self._days(key):
            found |= self._by_day.get(day, set())
        for k in self._loose(key):
            found |= self._timeless_by_loose.get(k, set())
        for k in self._keys(key):
            for m in months:
                found |= self._by_key_month.get((k, m), set())
        return found

    def _neighbours(self, key: ReportKey) -> set[ReportKey]:
        """The report's best link and the reports whose best link it is."""
        out = set(self.chosen_by.get(key, ()))
        if key in self.best:
            out.add(self.best[key])
        return out

    def _component(self, start: ReportKey, done: set[ReportKey]) -> list[ReportKey]:
        stack, seen = [start], {start}
        while stack:
            key = stack.pop()
            for other in self._neighbours(key):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        done |= seen
        return sorted(seen)

    def _partition(self, keys: list[ReportKey]) -> list[tuple[ReportKey, ...]]:
        """Split one component into events: strongest links first, never across a conflict."""
        group = {k: k for k in keys}
        members: dict[ReportKey, list[ReportKey]] = {k: [k] for k in keys}
        pairs = {tuple(sorted((a, self.best[a]))) for a in keys if a in self.best}
        edges = sorted((-self.links[a][b].score, a, b) for a, b in pairs)

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
        # older redirects that pointed at an id that just went follow it
        for old, target in list(self.redirects.items()) if removed else ():
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

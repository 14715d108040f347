"""Customs administrations with their roles, and the partner count.

An administration is a country (alpha-3) named *as a Customs or revenue administration*:
next to an agency word ("Mali Customs", "Ghana Revenue Authority", "la Douane tunisienne",
"Direction générale des douanes du Niger"), in a list introduced by one ("the Customs
administrations of Burkina Faso, Côte d'Ivoire and Niger", "partner administrations were
represented: ..."), by an acronym defined in the text or widely known ("GRA"), or as the
subject of a partnership statement ("Liberia is one of the partner administrations").
A country that is only a venue, a funder or a government is not one.

Roles come from cues in the sentences that name the administration; see `_roles`.
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.ingest.extract.context import Context
from app.ingest.extract.facts import AdministrationFact, EventFact, PartnerCountFact
from app.ingest.extract.places import PlaceMention, find_cities, find_countries
from app.ingest.extract.text import Sentence

_VOCAB = Path(__file__).resolve().parents[2] / "vocab"

# Finding strengths: the lower, the better the name it gives.
_AGENCY, _LIST, _ACRONYM, _BARE = 0, 1, 2, 3

# --- Agency vocabulary -----------------------------------------------------------------

_AGENCY_HEAD = (
    r"(?:Customs|Revenue\s+Auth\w*|Revenue\s+(?:Service|Administration|Agency|Commission)"
    r"|Tax\s+(?:Authority|Administration|Agency)|Board\s+of\s+Revenue|Receita\s+Federal"
    r"|Office\s+of\s+Revenue|Revenue\s+Office|Office\s+\w+\s+des\s+Recettes"
    r"|Border\s+(?:Services\s+Agency|Protection|Force)|Directorate\s+General\s+of\s+Customs"
    r"|Department\s+of\s+Customs|Aduanas?|Douanes?)"
)
_AGENCY_TAIL = (
    r"(?:\s+(?:and\s+Excise|and\s+Border\s+Protection|Commission|Department|Agency|Services?"
    r"|Administration|Authority|Division|Directorate|Office))*"
)
# "Ghana Revenue Authority", "Nepal's Department of Customs", "Brazilian Federal Revenue Service"
_AFTER_NAME = re.compile(rf"(?:['’]s)?\s+(?:[A-Z][\w-]*\s+){{0,2}}?{_AGENCY_HEAD}{_AGENCY_TAIL}")
# "la Douane tunisienne", "les Douanes ivoiriennes", "l'administration douanière nigérienne"
_BEFORE_DEMONYM = re.compile(
    r"(?:[Dd]ouanes?|[Aa]dministrations?\s+douanières?|[Aa]dministrations?\s+des\s+douanes)\s+$"
)
_KEYWORD = r"(?:[Cc]ustoms|[Dd]ouanes?|douanières?|Revenue|Tax(?:ation)?|Excise|Receita|Aduanas?)"
_FILLER = (
    r"(?:[A-Z][\w-]*|and|&|et|of|the|des|droits|impôts|indirects|générale?|officials?|officers?"
    r"|managers?|staff|delegates?|delegations?|experts?|coordinators?|teams?|representatives?"
    r"|participants?|auditors?|inspectors?|specialists?|investigators?|cadres|agents|"
    r"administrations?|business|senior|integrity|national|focal|points?|douanières?|douanes)"
)
_OF = r"(?:of|from|du|de\s+la|de\s+l['’]|des|de|d['’])"
# "Department of Customs of", "National Revenue Authority (NRA) of", "Customs officials from",
# "Direction générale des douanes et droits indirects du", "Aduanas"
_BEFORE_NAME = re.compile(
    rf"(?P<agency>{_KEYWORD}(?:\s+{_FILLER})*?)(?:\s*\((?P<acronym>[A-Z][A-Za-z]{{1,6}})\))?"
    rf"(?:\s+{_OF}\s*(?:the\s+)?|\s+)$"
)
_AGENCY_NAME_START = re.compile(
    r"(?:(?:[A-Z][\w-]*|of|the|générale|des|de\s+la|de)\s+)*$"
)
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z]{1,6})\)")
_PARTNER_LIST = re.compile(r"\bpartner\s+administrations?\b[^.:;]{0,80}:\s*$")
_PEOPLE_FROM = re.compile(
    r"\b(?:[Dd]elegates|[Dd]elegations|[Pp]articipants|[Rr]epresentatives|[Oo]fficials"
    r"|[Cc]oordinators|[Oo]fficers|[Dd]élégations|[Cc]adres)\s+(?:came\s+)?from\s+(?:the\s+)?$"
)
_LIST_SEP = re.compile(
    r"\s*(?:,\s*(?:(?:and|et)\s+)?|\s+(?:and|et|&)\s+)"
    r"(?:(?:the|de\s+la|de\s+l['’]|des|du|de|d['’]|la|le|les|l['’])\s*)?"
)
_VENUE_BEFORE = re.compile(
    r"(?:\b(?:in|at|to|à|au|aux|en)\s+(?:the\s+)?|[A-Z][\w’'-]+,\s+(?:(?:au|en|aux)\s+)?)$"
)

# --- Partnership statements about a bare country name ---------------------------------

_NEGATION = r"(?!not\b|no\b|never\b|ne\b|n['’])"
_BARE_AFTER = re.compile(
    rf"\s+(?:(?:has|had)\s+been|is|was|became|has\s+become)\s+(?:{_NEGATION}[\w’'-]+\s+){{0,4}}?"
    r"partners?\b"
    r"|\s+(?:has\s+)?joined\s+the\s+(?:WCO\s+)?(?:A-CIP\s+)?Programme\b(?!['’]s)"
    r"|\s+(?:a\s+rejoint|rejoint|est\s+devenue?\s+(?:officiellement\s+)?partenaire|est\s+partenaire)"
)
_BARE_BEFORE = re.compile(
    r"(?:\bwhich\s+|\bdont\s+(?:le\s+|la\s+|l['’])?)$"
    r"|[Pp]artenaire\s+du\s+Programme[^,.;]{0,40},\s+(?:la\s+|le\s+|l['’])?$"
    r"|[Pp]artners?\s+(?:of|in)\s+the\s+[^,.;]{0,80}since\s+\d{4},\s+(?:the\s+)?$"
)
_BARE_WHICH_AFTER = re.compile(r"\s+(?:has\s+)?joined\b|\s+est\s+partenaire|\s+a\s+rejoint")

# --- Role cues -------------------------------------------------------------------------

_WCO_EXPERTS = re.compile(
    r"\b(?:WCO|OMD|A-CIP|Programme)\s+(?:experts?|expertes?|team)\b"
    r"|\bexpert(?:e)?s?\s+(?:of|from|du|de)\s+(?:the\s+|l['’])?(?:WCO|OMD|A-CIP|Programme)\b"
    r"|\bsupport\s+of\s+(?:the\s+)?(?:WCO|A-CIP)\b[\w\s-]*?experts?"
)
_EXPERT_BEFORE = re.compile(
    r"\b(?:resource\s+persons?|peer\s+(?:experts?|mentors?)|experts?|expertes?|specialists?"
    r"|auditors?|investigators?|mentors?|instructors?|with\s+the\s+(?:support|help)\s+of"
    r"|supported\s+by|accompagnée?s?\s+par|appui\s+(?:d['’]un|de)|avec\s+l['’]appui)\b"
)
_EXPERT_AFTER = re.compile(
    r"^[^.;]{0,40}?\b(?:which|who|qui)\s+(?:lent|lends|provided|shared|a\s+prêté)\b"
    r"|^[^.;]{0,40}?\bvenue?s?\s+partager"
)
_PARTNER_CUE = re.compile(
    r"(?<!funding )(?<!international )(?<!development )(?<!financial )(?<!business )"
    r"\bpartners?\b(?!\s+(?:of\s+the\s+)?(?:Norad|Canada|Sida|donors?))"
    r"|\bpartenaires?\b(?!\s+(?:techniques|financiers))"
    r"|\bjoined\s+the\s+(?:WCO\s+)?(?:A-CIP\s+)?Programme\b(?!['’]s)"
    r"|\bwhich\s+[^,.;]{2,40}?\s+joined\b|\brejoint\b|\badhésion\b"
)
_OBSERVER_CUE = re.compile(
    r"\bobserv(?:er|ers|ateur|ateurs|atrice|atrices)\b|\bnot\s+(?:part\s+of|a\s+partner)"
    r"|\bne\s+fait\s+pas\s+partie\b|\bn['’]est\s+pas\s+partenaire\b|\bnon-partner\b"
)
_PANEL_CUE = re.compile(r"\bpanel\b|\btable\s+ronde\b", re.IGNORECASE)
_HOSTED_CUE = re.compile(r"\bhosted\b|\ba\s+accueilli\b|\baccueillie?s?\s+par\b|\baccueille\b")
_ONLINE_CUE = re.compile(
    r"\b(?:online|virtual|virtually|video\s*conference|videoconference|webinar|visioconférence"
    r"|en\s+ligne|virtuel(?:le)?|remotely|à\s+distance)\b",
    re.IGNORECASE,
)
_HELD = re.compile(
    r"^[^.;]{0,80}?\b(?:held|organi[sz]ed|conducted|hosted|a\s+tenu|a\s+organisé|a\s+conduit)"
    r"\s+(?:(?:[aà]|an|un|une|its|their|sa|son)\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:workshop|seminar|meeting|training|course|mission|conference|ceremony|atelier|séminaire"
    r"|réunion|formation|mission|conférence|cérémonie)s?\b"
)
_FUTURE_CUE = re.compile(
    r"\b(?:will|shall|is\s+planned|are\s+planned|is\s+expected|sera|seront|prévue?s?|aura\s+lieu"
    r"|reviendront)\b"
)
_MONTH = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre"
    r"|décembre)\b"
)
_VENUE_PREPOSITION = re.compile(r"\b(?:in|at|to|à|au)\s+$")

# --- Partner count ---------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
    "quinze": 15, "seize": 16, "vingt": 20, "trente": 30, "quarante": 40,
}
_UNITS = (
    r"(?:one|two|three|four|five|six|seven|eight|nine"
    r"|un|deux|trois|quatre|cinq|six|sept|huit|neuf)"
)
_NUMBER = (
    r"(?:\d{1,3}|(?:twenty|thirty|forty)(?:[-\s]" + _UNITS + r")?"
    r"|(?:vingt|trente|quarante)(?:[-\s](?:et[-\s])?(?:" + _UNITS + r"|onze))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|ten"
    r"|onze|douze|treize|quatorze|quinze|seize|dix(?:-sept|-huit|-neuf)?|" + _UNITS + r")"
)
_APPROXIMATE = re.compile(
    r"(?:more\s+than|over|some|about|around|nearly|almost|up\s+to|at\s+least|plus\s+de"
    r"|près\s+de|environ|une\s+(?:vingtaine|trentaine))\s+$",
    re.IGNORECASE,
)
_PARTNERS = (
    r"(?:partner\s+administrations?|partner\s+countries|partners|administrations\s+partenaires"
    r"|pays\s+partenaires|partenaires)"
)
_ADJ = (
    r"(?:(?:active|current|new|additional|participating|(?-i:[A-Z][\w-]*)|nouvelles?|actuelles?)"
    r"\s+){0,3}"
)
_TOTAL_COUNTS = (
    re.compile(
        rf"\bnumber\s+of\s+{_PARTNERS}\b[^.;]{{0,60}}?\b(?:to|rises\s+to|reaches|is\s+now)\s+"
        rf"(?P<n>{_NUMBER})\b",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:bringing|brings|raising)\s+the\s+(?:total|number)\s+to\s+(?P<n>{_NUMBER})\b",
               re.IGNORECASE),
    re.compile(rf"\bport(?:e|ant|ent)\s+à\s+(?P<n>{_NUMBER})\s+le\s+nombre\s+d['’]{_PARTNERS}",
               re.IGNORECASE),
    re.compile(rf"\b(?P<n>{_NUMBER})\s+(?:active|current)\s+{_PARTNERS}\b", re.IGNORECASE),
    re.compile(rf"\b(?P<n>{_NUMBER})\s+{_PARTNERS}\s+(?:currently|now|that\s+currently)\b",
               re.IGNORECASE),
    re.compile(rf"\ball\s+(?:the\s+)?(?P<n>{_NUMBER})\s+{_ADJ}{_PARTNERS}\b", re.IGNORECASE),
    re.compile(rf"\b(?:works|working)\s+with\s+(?P<n>{_NUMBER})\s+{_PARTNERS}\b", re.IGNORECASE),
)
_ANY_COUNT = re.compile(rf"\b(?P<n>{_NUMBER})\s+{_ADJ}{_PARTNERS}\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _Finding:
    alpha3: str
    start: int
    end: int
    name: str
    strength: int


def extract_administrations(
    ctx: Context, events: list[EventFact]
) -> tuple[list[AdministrationFact], PartnerCountFact | None]:
    """Administrations (one per country, in order of first finding) and the partner count."""
    document = _Document(ctx)
    findings = sorted(document.findings(), key=lambda f: (f.start, f.strength))
    by_country: dict[str, list[_Finding]] = {}
    for finding in findings:
        by_country.setdefault(finding.alpha3, []).append(finding)
    hosts = document.hosts(findings, events)
    administrations = [
        _fact(document, alpha3, items, alpha3 in hosts) for alpha3, items in by_country.items()
    ]
    return administrations, _partner_count(ctx)


def _fact(
    document: _Document, alpha3: str, findings: list[_Finding], host: bool
) -> AdministrationFact:
    best = min(findings, key=lambda f: (f.strength, f.start))
    sentence = document.sentence_at(best.start)
    return AdministrationFact(
        country=alpha3,
        roles=_roles(document, findings, host),
        name=best.name,
        evidence=sentence.evidence(),
    )


def _roles(document: _Document, findings: list[_Finding], host: bool) -> list[str]:
    """Partner unless the text makes it an expert or a bystander.

    Order: a partnership cue in its own sentence, then hosting, make a partner; then an
    observer cue makes `mentioned`; an expertise cue next to its name makes an expert;
    otherwise the nearest cue earlier in the paragraph decides (a panel: `mentioned`).
    """
    sentences = [document.sentence_at(f.start) for f in findings]
    if any(_PARTNER_CUE.search(s.text) for s in sentences):
        return ["partner", "host"] if host else ["partner"]
    if host:
        return ["partner", "host"]
    strong = [s for s, f in zip(sentences, findings, strict=True) if f.strength <= _LIST]
    if any(_OBSERVER_CUE.search(s.text) for s in strong):
        return ["mentioned"]
    if any(document.expert_cue(f) for f in findings):
        return ["expert"]
    if document.panel_context(findings[0].start):
        return ["mentioned"]
    return ["partner"]


class _Document:
    """One body with its sentences, place mentions and what they say about Customs."""

    def __init__(self, ctx: Context) -> None:
        self.body = ctx.body
        self.sentences = ctx.sentences or [Sentence(0, len(ctx.body), ctx.body)]
        self._starts = [s.start for s in self.sentences]
        self.places = find_countries(ctx.body)
        self.cities = find_cities(ctx.body)
        self._named_cache: dict[int, _Finding | None] = {}
        self._meanings: dict[str, str] | None = None

    def sentence_at(self, offset: int) -> Sentence:
        index = max(bisect_right(self._starts, offset) - 1, 0)
        return self.sentences[index]

    def sentence_index(self, offset: int) -> int:
        return max(bisect_right(self._starts, offset) - 1, 0)

    # --- findings ----------------------------------------------------------------------

    def findings(self) -> Iterator[_Finding]:
        named: list[_Finding] = []
        for mention in self.places:
            found = self._named(mention)
            if found:
                named.append(found)
                yield found
        yield from self._lists()
        yield from self._bare_partners(named)
        yield from self._acronyms(named)

    def _named(self, mention: PlaceMention) -> _Finding | None:
        if mention.start not in self._named_cache:
            self._named_cache[mention.start] = self._name_around(mention)
        return self._named_cache[mention.start]

    def _name_around(self, mention: PlaceMention) -> _Finding | None:
        """The mention as part of an agency name, before or after the agency words."""
        sentence = self.sentence_at(mention.start)
        after = _AFTER_NAME.match(self.body, mention.end, sentence.end)
        if after:
            name = self.body[mention.start:after.end()]
            if not name.endswith(("Aduanas", "Aduana", "Douane", "Douanes")):
                return _Finding(mention.alpha3, mention.start, after.end(), name, _AGENCY)
        prefix = self.body[max(sentence.start, mention.start - 120):mention.start]
        if mention.kind == "demonym":
            before = _BEFORE_DEMONYM.search(prefix)
            if before:
                start = mention.start - (len(prefix) - before.start())
                return _Finding(mention.alpha3, start, mention.end,
                                self.body[start:mention.end], _AGENCY)
            return None
        before = _BEFORE_NAME.search(prefix)
        if before and _agency_connects(before):
            head = prefix[:before.start()]
            extension = _AGENCY_NAME_START.search(head)
            start = mention.start - (len(prefix) - before.start())
            if extension:
                start -= len(head) - extension.start()
            return _Finding(mention.alpha3, start, mention.end,
                            self.body[start:mention.end].strip(), _AGENCY)
        return None

    def _lists(self) -> Iterator[_Finding]:
        """Countries listed after an agency ("the Customs administrations of A, B and C"),
        after "partner administrations ...:", or after "delegates from"."""
        countries = [m for m in self.places if m.kind == "country"]
        index = 0
        while index < len(countries):
            mention = countries[index]
            run = self._list_run(countries, index)
            if len(run) > 0 and self._introduces_list(mention, len(run)):
                for item in run:
                    yield _Finding(item.alpha3, item.start, item.end, item.text, _LIST)
            index += max(len(run), 1)

    def _list_run(self, countries: list[PlaceMention], index: int) -> list[PlaceMention]:
        run = [countries[index]]
        for following in countries[index + 1:]:
            sep = _LIST_SEP.match(self.body, run[-1].end)
            if not sep or sep.end() != following.start:
                break
            run.append(following)
        return run

    def _introduces_list(self, first: PlaceMention, length: int) -> bool:
        sentence = self.sentence_at(first.start)
        prefix = self.body[max(sentence.start, first.start - 160):first.start]
        before = _BEFORE_NAME.search(prefix[-120:])
        if before and _agency_connects(before) and not prefix.endswith(" "):
            return True
        if before and _agency_connects(before):
            return True
        if _PARTNER_LIST.search(prefix):
            return True
        return length >= 2 and bool(_PEOPLE_FROM.search(prefix))

    def _bare_partners(self, named: list[_Finding]) -> Iterator[_Finding]:
        """A bare country stated to be a partner: "Liberia is one of the partner ..."."""
        for mention in self.places:
            if mention.kind != "country":
                continue
            sentence = self.sentence_at(mention.start)
            prefix = self.body[max(sentence.start, mention.start - 120):mention.start]
            rest = self.body[mention.end:sentence.end]
            if _VENUE_BEFORE.search(prefix) and not _BARE_BEFORE.search(prefix):
                continue
            stated = _BARE_AFTER.match(rest) or (
                _BARE_BEFORE.search(prefix) and _BARE_WHICH_AFTER.match(rest)
            ) or (_BARE_BEFORE.search(prefix) and not prefix.rstrip().endswith(("which", "dont")))
            if stated:
                yield _Finding(mention.alpha3, mention.start, mention.end, mention.text, _BARE)

    def _acronyms(self, named: list[_Finding]) -> Iterator[_Finding]:
        """Acronyms defined after an agency name ("Ghana Revenue Authority (GRA)"), the
        initials of an agency name, or well-known ones, wherever they are used."""
        known = self._acronym_meanings(named)
        if not known:
            return
        for match in _ACRONYM_TOKEN.finditer(self.body):
            alpha3 = known.get(match.group(0))
            if alpha3:
                yield _Finding(alpha3, match.start(), match.end(), match.group(0), _ACRONYM)

    def _acronym_meanings(self, named: list[_Finding]) -> dict[str, str]:
        if self._meanings is None:
            self._meanings = self._learn_acronyms(named)
        return self._meanings

    def _learn_acronyms(self, named: list[_Finding]) -> dict[str, str]:
        defined: dict[str, str] = {}
        initials: dict[str, set[str]] = {}
        for finding in named:
            after = _ACRONYM_AFTER.match(self.body, finding.end)
            if after:
                defined.setdefault(after.group("acronym"), finding.alpha3)
            inner = re.search(r"\((?P<acronym>[A-Z][A-Za-z]{1,6})\)", finding.name)
            if inner:
                defined.setdefault(inner.group("acronym"), finding.alpha3)
            acronym = _initials(finding.name)
            if acronym:
                initials.setdefault(acronym, set()).add(finding.alpha3)
        meanings = dict(defined)
        for acronym, countries in initials.items():
            if acronym not in meanings and len(countries) == 1:
                meanings[acronym] = next(iter(countries))
        named_countries = {m.alpha3 for m in self.places}
        for acronym, candidates in _well_known().items():
            if acronym in meanings or acronym not in self.body:
                continue
            if len(candidates) == 1:
                meanings[acronym] = candidates[0]
                continue
            present = [c for c in candidates if c in named_countries]
            if len(present) == 1 and not (acronym in initials and len(initials[acronym]) > 1):
                meanings[acronym] = present[0]
        return meanings

    # --- roles -------------------------------------------------------------------------

    def expert_cue(self, finding: _Finding) -> bool:
        sentence = self.sentence_at(finding.start)
        before = self.body[max(sentence.start, finding.start - 90):finding.start]
        before = _WCO_EXPERTS.sub(" ", before)
        after = self.body[finding.end:sentence.end]
        return bool(_EXPERT_BEFORE.search(before) or _EXPERT_AFTER.search(after))

    def panel_context(self, offset: int) -> bool:
        """Is the nearest cue-bearing sentence up to here, in this paragraph, about a panel?"""
        index = self.sentence_index(offset)
        while index >= 0:
            text = self.sentences[index].text
            if _PARTNER_CUE.search(text):
                return False
            if _PANEL_CUE.search(text):
                return True
            if index == 0 or "\n" in self.body[self.sentences[index - 1].end:
                                               self.sentences[index].start]:
                return False
            index -= 1
        return False

    def hosts(self, findings: list[_Finding], events: list[EventFact]) -> set[str]:
        """Countries whose administration holds an in-person event on its soil."""
        countries = {f.alpha3 for f in findings}
        hosting = {e.country for e in events if not e.online and e.country in countries}
        hosting |= self._holders(findings)
        for sentence in self.sentences:
            if _HOSTED_CUE.search(sentence.text):
                hosting |= {
                    m.alpha3 for m in self.places
                    if sentence.start <= m.start < sentence.end and m.alpha3 in countries
                    and self._named(m) is not None
                }
                hosting |= self._acronym_hosts(sentence, countries)
        hosting |= self._venue_hosts(countries)
        return hosting

    def _holders(self, findings: list[_Finding]) -> set[str]:
        """"Mali Customs held a workshop": the subject of an in-person activity it held,
        when the sentence names no city elsewhere."""
        holding: set[str] = set()
        for finding in findings:
            if finding.strength != _AGENCY:
                continue
            sentence = self.sentence_at(finding.start)
            rest = self.body[finding.end:sentence.end]
            if not _HELD.search(rest) or _ONLINE_CUE.search(sentence.text):
                continue
            cities = [
                c for c in self.cities
                if sentence.start <= c.start < sentence.end and c.alpha3 != finding.alpha3
            ]
            if not cities:
                holding.add(finding.alpha3)
        return holding

    def _acronym_hosts(self, sentence: Sentence, countries: set[str]) -> set[str]:
        named = [f for m in self.places if (f := self._named(m))]
        meanings = self._acronym_meanings(named)
        return {
            meanings[m.group(0)] for m in _ACRONYM_TOKEN.finditer(sentence.text)
            if meanings.get(m.group(0)) in countries
        }

    def _venue_hosts(self, countries: set[str]) -> set[str]:
        """A city of the administration's country, in a sentence that is not about an
        online activity, nor about an undated plan."""
        hosting: set[str] = set()
        for city in self.cities:
            if city.alpha3 not in countries or city.alpha3 in hosting:
                continue
            sentence = self.sentence_at(city.start)
            prefix = self.body[max(sentence.start, city.start - 12):city.start]
            if not _VENUE_PREPOSITION.search(prefix) and not re.search(r"\bde\s+$", prefix):
                continue
            if _ONLINE_CUE.search(sentence.text):
                continue
            if _FUTURE_CUE.search(sentence.text) and not _MONTH.search(sentence.text):
                continue
            hosting.add(city.alpha3)
        return hosting


_ACRONYM_TOKEN = re.compile(r"\b(?:[A-Z][A-Za-z]{0,4}[A-Z]|Receita\s+Federal|Aduana\s+Nacional)\b")


def _agency_connects(match: re.Match[str]) -> bool:
    """The agency phrase ends with a connector, or is 'Aduanas'/'Douanes' right before."""
    text = match.group(0)
    if re.search(rf"\s{_OF}\s*(?:the\s+)?$|d['’]$|l['’]$", text):
        return True
    return bool(re.fullmatch(r"Aduanas?\s+", text))


def _initials(name: str) -> str | None:
    words = [w for w in re.split(r"[\s-]+", name) if w[:1].isupper()]
    if len(words) < 2 or not any(re.search(_KEYWORD, w) for w in words):
        return None
    return "".join(w[0] for w in words)


@cache
def _well_known() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    with open(_VOCAB / "customs_agencies.csv", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            table[row["name"]] = tuple(row["alpha3"].split("|"))
    return table


# --- Partner count ---------------------------------------------------------------------


def _partner_count(ctx: Context) -> PartnerCountFact | None:
    """The Programme's total when stated anywhere, else a count of the partners the article
    is about, stated in its opening paragraph ("eight new partner administrations")."""
    for sentence in ctx.sentences:
        if not _mentions_partners(sentence.text):
            continue
        value = _first_count(sentence.text, _TOTAL_COUNTS)
        if value is not None:
            return PartnerCountFact(value, sentence.evidence())
    for sentence in _opening(ctx):
        if not _mentions_partners(sentence.text):
            continue
        value = _first_count(sentence.text, (_ANY_COUNT,))
        if value is not None:
            return PartnerCountFact(value, sentence.evidence())
    return None


def _opening(ctx: Context) -> list[Sentence]:
    """The sentences of the first paragraph of the body."""
    end = ctx.body.find("\n\n", ctx.sentences[0].end) if ctx.sentences else -1
    return [s for s in ctx.sentences if end < 0 or s.start < end]


def _first_count(text: str, patterns: Iterable[re.Pattern[str]]) -> int | None:
    for pattern in patterns:
        for match in pattern.finditer(text):
            if _APPROXIMATE.search(text[max(0, match.start() - 20):match.start()]):
                continue
            value = _number(match.group("n"))
            if value:
                return value
    return None


def _number(text: str) -> int | None:
    text = text.lower().replace("-", " ")
    if text.isdigit():
        return int(text)
    total = 0
    for word in text.split():
        if word == "et":
            continue
        value = _NUMBER_WORDS.get(word)
        if value is None:
            return None
        total += value
    return total or None


def _mentions_partners(text: str) -> bool:
    """A cheap test before the count patterns run."""
    lowered = text.lower()
    return "partner" in lowered or "partenaire" in lowered

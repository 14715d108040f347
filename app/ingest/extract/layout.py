"""Split an article's text into title, publication date and body; detect its language.

The expected layout is: title line, blank line, date line, blank line, paragraphs. Saved web
pages bend it: a label line ("PRESS RELEASE", a section name) above the title, no heading at
all, a date line in another language, a byline glued to the first sentence, Windows line
endings. Whatever is missing stays None (with a warning); nothing is invented.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import filterfalse

import dateparser
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from app.ingest.extract.dates import find_full_date, parse_simple_date

_LANGUAGES = ["en", "fr", "es", "pt", "ru", "zh", "ar", "de"]
_DATEPARSER_LANGUAGES = ["en", "fr", "es", "pt", "ru", "zh", "ar", "de", "it", "nl"]
_MAX_DATE_LINE = 60
_MAX_TITLE = 250
_HEAD_LINES = 4  # a date line further down than this is not the page's date line

# Function words that settle English against French without the statistical model.
_EN_WORDS = frozenset({
    "the", "and", "of", "to", "is", "was", "were", "with", "for", "that", "this", "from",
    "which", "has", "have",
})
_FR_WORDS = frozenset({
    "le", "les", "des", "du", "une", "et", "est", "pour", "dans", "avec", "aux", "sur", "qui",
    "été", "ont",
})
_WORD = re.compile(r"[^\W\d_]+")
_HAS_YEAR = re.compile(r"(?:19|20)\d\d")
_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”»)]*$")
_LABEL_WORDS = 4
# A byline at the start of the body: "By John Smith, WCO News" / "Par la rédaction".
_BYLINE = re.compile(r"^(?:By|BY|Par|PAR|Por)\s+\S")
# Where a glued byline ends: a sentence opener stuck to the last word ("teamOn 12 May").
_GLUED_OPENER = re.compile(
    r"(?<=\S)(?=(?:On|In|From|Between|During|At|The|Over|Le|La|Les|Du|Depuis|Dans|En|Au|À)"
    r"\s)|(?<=[a-z])(?=[A-Z][a-z])"
)

# What may stand before a publication date on its line (a "dateline"):
# a label ("Posted on", "Published:", "Publication date", "Дата публикации:") ...
_PUB_LABEL = re.compile(
    r"(?:(?:last\s+)?(?:updated|modified)|posted|published|publication\s+date"
    r"|date\s+(?:of|de)\s+publication|date|publiée?|mis\s+en\s+ligne|fecha(?:\s+de\s+publicación)?"
    r"|publicad[oa]|data(?:\s+de\s+publicação)?|дата(?:\s+публикации)?|опубликовано"
    r"|发布(?:日期|时间)|日期|تاريخ(?:\s+النشر)?)(?![^\W\d_])(?:\s+(?:on|le|el|em|в))?\s*[:：]?\s*",
    re.IGNORECASE,
)
# ... a byline ("By WCO Communications", "Par la rédaction") ...
_BYLINE_LEAD = re.compile(r"(?:By|BY|Par|PAR|Por|POR)\s+[^\n.!?]{1,60}?[\s,|–—-]*")
# ... or a city, perhaps with an agency ("Nairobi,", "Brussels –", "BRUSSELS (WCO) -").
_NAME_WORD = r"[^\W\d_][\w'’.&-]*"
_CITY_LEAD = re.compile(
    rf"(?:{_NAME_WORD}\s*){{1,4}}(?:\([^()\n]{{1,20}}\)\s*)?(?:[,，]|[–—-]{{1,2}}|:)?\s*"
)
# After the date: a time, then the end of the line, a byline, a separator or the first sentence.
_TIME = re.compile(
    r",?\s*(?:at\s+|à\s+)?\d{1,2}[:h.]\d{2}(?:\s*[ap]\.?\s?m\.?)?(?:\s*(?:CET|CEST|GMT|UTC)"
    r"(?:[+-]\d+)?)?", re.IGNORECASE)
_TAIL_BYLINE = re.compile(r"\s+(?:by|par|por)\s+[^\n]{1,60}$", re.IGNORECASE)
_TAIL_SEPARATOR = re.compile(r"\s*(?:[–—|:]|-{1,2})\s*|(?=[A-Z][a-z])|\s+(?=[A-Z])")
# A dateline with no date at the start of the body: "BRUSSELS (WCO) - ", "Lomé (OMD) – ".
_UNDATED_DATELINE = re.compile(
    r"(?:[A-Z][A-Z'’.-]+(?:[ -][A-Z][A-Z'’.-]+){0,2}(?:\s*\([^()\n]{1,20}\))?"
    rf"|{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}}\s*\([A-Z]{{2,10}}\))\s*(?:[–—]|-{{1,2}})\s+(?=\S)"
)
# A byline with no "By" run into the first sentence: "WCO NewsThe Customs...".
_GLUED_LABEL = re.compile(
    r"(?:[A-Z][\w&'’.-]*\s+){0,4}(?:News|Newsroom|Communications|Press(?:\s+Office)?|Media"
    r"|Team|Desk|Staff|Secretariat|Editor|Editorial|Office|Service|Reporter|Correspondent"
    r"|Rédaction|Actualités|Noticias|Prensa)(?=[A-Z][a-z])"
)


# What follows a date on a dateline that is the page's furniture, not its text: fields
# separated by vertical bars ("| Press release | Distributed by ...").
_FURNITURE = re.compile(r"^\|?[^.!?\n]{0,60}\s\|\s|^\|")


@dataclass(slots=True)
class Layout:
    title: str | None
    published: date | None
    body: str
    language: str
    warnings: list[str] = field(default_factory=list)


def parse_date_line(line: str) -> date | None:
    """A publication date line in any common form and language, or None."""
    line = line.strip()
    if not line or len(line) > _MAX_DATE_LINE or not re.search(r"\d", line):
        return None
    if (fast := parse_simple_date(line)) is not None:
        return fast
    if len(re.findall(r"[^\W\d_]{2,}", line)) > 6:  # a sentence with a number, not a date
        return None
    return _dateparser(line)


def _is_name_lead(lead: str) -> bool:
    """Names only (every word capitalised or caseless): a city or an agency, not a sentence."""
    words = _WORD.findall(lead)
    return bool(words) and all(not w[0].islower() for w in words) and not re.match(
        r"(?:On|In|From|Between|During|At|Since|Le|Du|Depuis|Dès|Entre|En|Au|El|Desde)\b", lead
    )


def _dateline_lead(lead: str, glued: bool) -> bool:
    """Whether `lead`, the text before a date at the head of a page, is only a label, a
    byline or a city (a dateline), not the opening of a sentence ("In Lusaka on")."""
    if not lead.strip():
        return True
    if (m := _BYLINE_LEAD.match(lead)) and m.end() == len(lead):
        return True
    if (m := _PUB_LABEL.match(lead)) and m.end() == len(lead):
        return True
    if (m := _CITY_LEAD.match(lead)) and m.end() == len(lead) and _is_name_lead(lead):
        return glued or bool(re.search(r"[,，:)–—-]\s*$", lead))
    return False


def split_dateline(text: str) -> tuple[date, int] | None:
    """A publication date opening `text`, behind at most a label, byline or city: the date
    and the offset where the article's own text starts (the end of `text` for a line that
    is only a dateline). "By WCO Communications14 March 2023 – The ..." -> (2023-03-14, at
    "The"); "Posted on 14/03/2023 by J. Smith" -> (2023-03-14, end)."""
    head = text[: _MAX_DATE_LINE + 40]
    found = find_full_date(head) if _HAS_YEAR.search(head) else None
    if found is None:
        return None
    day, start, end = found
    lead = text[:start]
    if len(lead) > _MAX_DATE_LINE or "\n" in lead:
        return None
    if not _dateline_lead(lead, glued=bool(lead) and lead[-1].isalpha()):
        return None
    if m := _TIME.match(text, end):
        end = m.end()
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if not text[end:line_end].strip() or _TAIL_BYLINE.match(text[end:line_end]):
        return day, line_end  # the whole line is the dateline
    sep = _TAIL_SEPARATOR.match(text, end)
    if sep is None:
        return None  # "3 May 2023, the workshop...": a sentence
    return day, sep.end()


def _line_date(line: str) -> tuple[date, int] | None:
    """The publication date a head line gives, and where text after it starts."""
    if (found := split_dateline(line)) is not None:
        return found
    published = parse_date_line(line)
    if published is None and len(line) <= _MAX_DATE_LINE:
        core = _TIME.sub("", line)
        if (m := _PUB_LABEL.match(core)) is not None:
            core = core[m.end() :]
        lead = re.match(r"^[^\d,，–—:]{1,30}[,，–—:]\s*(?=\S)", core)
        if lead and _WORD.search(lead.group(0)):
            core = core[lead.end() :]
        if core != line:
            published = parse_date_line(core)
    return (published, len(line)) if published is not None else None


@lru_cache(maxsize=4096)
def _dateparser(line: str) -> date | None:
    parsed = dateparser.parse(
        line,
        languages=_DATEPARSER_LANGUAGES,
        settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY"},
    )
    return parsed.date() if parsed else None


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(_LANGUAGES)
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language (one of `_LANGUAGES`); "en" for empty text."""
    if not text.strip():
        return "en"
    sample = text[:3000]
    # An all-letter token between spaces is one word: _WORD only reads the other tokens.
    tokens = sample.lower().split()
    counts = Counter(filter(str.isalpha, tokens))
    counts.update(_WORD.findall(" ".join(filterfalse(str.isalpha, tokens))))
    english = sum(counts[w] for w in _EN_WORDS)
    french = sum(counts[w] for w in _FR_WORDS)
    if english >= 12 and english >= 4 * french:
        return "en"
    if french >= 12 and french >= 4 * english:
        return "fr"
    lang, _ = _identifier().classify(sample[:1500])
    return str(lang)


def _is_heading(line: str) -> bool:
    """A single short line that does not read like a sentence of running text."""
    line = line.strip()
    return (
        0 < len(line) <= _MAX_TITLE
        and "\n" not in line
        and not (line.endswith(".") and len(line.split()) > 12)
        and not re.match(r"^(?:By|Par)\s", line)
    )


def _is_label(line: str) -> bool:
    """A section name or tag above a headline ("PRESS RELEASE", "Integrity")."""
    line = line.strip()
    letters = [c for c in line if c.isalpha()]
    shouting = bool(letters) and all(c.isupper() for c in letters)
    return shouting or len(line.split()) <= _LABEL_WORDS and not _SENTENCE_END.search(line)


def _head_lines(blocks: list[str]) -> list[tuple[int, int, str]]:
    """(block index, line index, line) of the first lines of the page, in order."""
    lines: list[tuple[int, int, str]] = []
    for bi, block in enumerate(blocks[:_HEAD_LINES]):
        for li, line in enumerate(block.split("\n")):
            if line.strip():
                lines.append((bi, li, line.strip()))
    return lines[:_HEAD_LINES]


def _rest(blocks: list[str], bi: int, li: int) -> list[str]:
    """The blocks after line `li` of block `bi`."""
    tail = "\n".join(blocks[bi].split("\n")[li + 1 :]).strip()
    return ([tail] if tail else []) + blocks[bi + 1 :]


def _pick_title(candidates: list[str]) -> str | None:
    """The headline among the lines above the date line: the last one that is not a label."""
    headings = [c for c in candidates if _is_heading(c)]
    if not headings:
        return None
    for line in reversed(headings):
        if not _is_label(line) or len(headings) == 1:
            return line
    return headings[-1]


def strip_byline(body: str) -> tuple[str, bool]:
    """Remove a byline opening the body, glued or not: "By the A-CIP teamOn 12 May..."."""
    if not _BYLINE.match(body):
        return body, False
    first, sep, rest = body.partition("\n")
    if len(first) <= 80 and not _SENTENCE_END.search(first) and sep:
        return rest.lstrip(), True  # the byline on a line of its own
    window = first[:120]
    cut = next((m.start() for m in _GLUED_OPENER.finditer(window) if m.start() > 3), None)
    if cut is None:
        return body, False
    return body[cut:].lstrip(), True


def parse_layout(text: str) -> Layout:
    """Title line, blank line, date line, blank line, paragraphs; degrade when absent."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = [b.strip() for b in _BLANK_LINES.split(text.strip()) if b.strip()]
    warnings: list[str] = []
    title: str | None = None
    published: date | None = None
    head = _head_lines(blocks)
    dated = ((i, found) for i, (_, _, line) in enumerate(head) if (found := _line_date(line)))
    date_at, found = next(dated, (None, None))
    if date_at is not None and found is not None:
        bi, li, line = head[date_at]
        published, text_at = found
        title = _pick_title([h for _, _, h in head[:date_at]])
        body_blocks = _rest(blocks, bi, li)
        glued = line[text_at:].strip()
        if _FURNITURE.search(glued):
            glued = ""  # "07/04/2024 | Press release | Distributed by ...": page furniture
        if glued:  # the first sentence run into the dateline
            same_block = li + 1 < len(blocks[bi].split("\n"))
            if same_block and body_blocks:
                body_blocks[0] = glued + "\n" + body_blocks[0]
            else:
                body_blocks.insert(0, glued)
    elif head and _is_heading(head[0][2]) and len(blocks) > 1:
        # No date line: a short first line is the headline, possibly under a label.
        first = head[0]
        second = head[1] if len(head) > 1 else None
        if second and _is_label(first[2]) and _is_heading(second[2]) and second[0] == first[0]:
            first = second
        title = first[2]
        body_blocks = _rest(blocks, first[0], first[1])
    else:
        body_blocks = blocks
    body = "\n\n".join(body_blocks)
    if (opening := split_dateline(body)) is not None and opening[1] < len(body):
        published = published or opening[0]  # a dateline opening the body
        body = body[opening[1] :].lstrip()
        warnings.append("dateline removed from the start of the body")
    body, had_byline = strip_byline(body)
    if had_byline:
        warnings.append("byline removed from the start of the body")
    if (m := _UNDATED_DATELINE.match(body) or _GLUED_LABEL.match(body)) is not None:
        body = body[m.end() :].lstrip()
        warnings.append("dateline removed from the start of the body")
    if published is None:
        warnings.append("no publication date line found; published is unknown")
    return Layout(title, published, body, detect_language(body or (title or "")), warnings)

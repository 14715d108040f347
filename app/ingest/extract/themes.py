"""Themes: the 22 taxonomy slugs, counted when the text discusses them.

The lexicons are data: app/vocab/theme_lexicons.json holds, per slug and language (English
and French, some Portuguese and Spanish), cue groups with a weight: 3 for a term that names
the topic (the key factor's own name, "corruption risk mapping", "culture organisationnelle"),
2 for a phrase that is about it ("legal basis", "indicators", "relations with traders"), 1 for
a word that only brushes it ("recruitment", "transparent"). A sentence scores the weights of
the distinct groups it holds (+1 when it holds three or more), and one more for a phrase
about a topic when the sentence says what was discussed ("on the agenda", "discussions
focused on", "les échanges ont porté sur": a topic named in such a list counts). A theme is
kept when its sentences, with the headline, add up to THRESHOLD and its best sentence scores
STRONGEST_MIN: words that only brush a topic, however many, do not make it.

Words that name an event or its people rather than a topic ("the course", "la formation",
"traders") count once per article; a sentence that only plans something undated or mentions
it in passing ("is being considered", "will include", "sera organisé l'an prochain") scores one
less and never makes a theme alone. Before matching, job titles and names of bodies ("Head of
the Internal Control Office", "Commission on Human Rights") and other programmes' names are
masked. A bare enumeration of the key factors of the Revised Arusha Declaration (a sentence,
or a run of bullet items, naming six or more of the ten) gives nothing, unless a sentence
says it lists what was discussed ("the workshop covered: ...").

Each theme carries its best sentence as evidence and the rule that decided it:
"topic-sentence" (one sentence reaches THRESHOLD), "several-sentences" (they add up) or
"headline" (the headline tipped it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from typing import Any

from app import vocab
from app.ingest.extract.context import Context
from app.ingest.extract.cue_keys import word_starts
from app.ingest.extract.facts import ThemeFact
from app.ingest.extract.text import Sentence

THRESHOLD = 3
ENUMERATION_MIN = 6  # key factors (of ten) in a sentence or list: the Declaration's list
STRONGEST_MIN = 2  # the score a theme's best sentence needs

KEY_FACTORS = (
    "leadership-commitment", "regulatory-framework", "transparency", "automation",
    "reform-modernization", "audit-investigation", "code-of-conduct", "hr-management",
    "morale-culture", "private-sector-relations",
)



_DATA: dict[str, Any] = vocab.load("theme_lexicons.json")


def _load_lexicons() -> tuple[dict[str, tuple[tuple[str, int], ...]], frozenset[tuple[str, int]]]:
    """slug -> its cue groups (all languages, heaviest first), each as (pattern, weight),
    from app/vocab/theme_lexicons.json; and the (slug, index) of the groups that count once
    per article."""
    cues: dict[str, tuple[tuple[str, int], ...]] = {}
    once: set[tuple[str, int]] = set()
    for slug, by_language in _DATA["themes"].items():
        entries = [entry for language in by_language.values() for entry in language]
        # Heavier groups first: where two groups match at the same word, the term that names
        # the topic ("femmes dans la douane") wins over the word that brushes it ("femmes").
        entries.sort(key=lambda entry: -int(entry["weight"]))
        for index, entry in enumerate(entries):
            if entry.get("once"):
                once.add((slug, index))
        cues[slug] = tuple(("|".join(e["terms"]), int(e["weight"])) for e in entries)
    return cues, frozenset(once)


def _leading_letters(cue: str) -> str:
    """The plain text every match of `cue` starts with (up to its first regex syntax)."""
    letters: list[str] = []
    for char in cue:
        if char in "?*{":  # the character before is optional
            letters = letters[:-1]
            break
        if char in "\\[](){}|.^$+":
            break
        letters.append(char)
    return "".join(letters).lower()


def _load_discussion() -> tuple[re.Pattern[str], tuple[str, ...]]:
    """Words that say a sentence lists what an activity discussed (theme_lexicons.json), and
    the plain start of each: a sentence holds one of them before the regex is tried."""
    words = [w for language, ws in _DATA["discussion"].items() if language != "_comment"
             for w in ws]
    hints = tuple(sorted({_leading_letters(w) for w in words}))
    if any(len(hint) < 3 for hint in hints):
        raise ValueError(f"a discussion cue must start with three plain letters: {hints}")
    # Matched from the character before the words (in " " + sentence): a pattern that starts
    # with a class lets the engine skip ahead; a look-behind first is tried at every offset.
    regex = re.compile(r"[^\w-](?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)
    return regex, hints


def _is_discussion(sentence: str) -> bool:
    lowered = sentence.lower()
    return any(map(lowered.__contains__, _DISCUSSION_HINTS)) and bool(
        _DISCUSSION.search(" " + sentence))


# A topic named in a list of what was discussed counts: its cues score DISCUSSION_BONUS more.
_DISCUSSION, _DISCUSSION_HINTS = _load_discussion()
DISCUSSION_BONUS = 1

# slug -> ((pattern, weight), ...); patterns are matched case-insensitively. Groups marked
# `once` (words that name an event or its people: "the course", "traders") count once per
# article.
THEME_CUES, _ONCE_PER_ARTICLE = _load_lexicons()
# An undated plan or a passing mention ("a module is being considered", "sera organisé
# l'an prochain", "a évoqué") is weak evidence: the sentence scores one less.
_WEAK_SENTENCE = re.compile(
    r"\b(?:" + "|".join(w for language in ("en", "fr") for w in _DATA["weak"][language]) + r")\b",
    re.IGNORECASE,
)
# The same test from the non-word character before the words (every branch starts with a
# letter): a pattern that starts with a class lets the engine skip over the letters.
_WEAK_AFTER = re.compile(r"\W" + _WEAK_SENTENCE.pattern.removeprefix(r"\b"), re.IGNORECASE)
# Substrings one of which every _WEAK_SENTENCE match holds: a cheap test before the regex.
_WEAK_HINTS = tuple(_DATA["weak"]["hints"])

# Capitalised runs ("Head of the Internal Control Office", "Global Trade Facilitation
# Programme") that are masked when they hold a job-title or office word, or name a programme
# other than A-CIP.
# (The look-behind follows the first letter, which it checks with it: a pattern that starts
# with a character class lets the engine skip to the capitals; a look-behind first would be
# tried at every offset.)
_RUN = re.compile(
    r"[A-ZÀ-Þ](?<![\w-].)[\w’'&-]*(?:(?:\s+(?:of|for|and|the|on|de|du|des|la|l[’'])|"
    r"[’']s)*\s+[A-ZÀ-Þ][\w’'&-]*)+"
)
_MASK_WORDS_LIST = tuple(_DATA["masks"]["job_title_or_body"])
# \b(?:Head|Director|…)\b, with the look-behind after each word's first letter: a pattern
# whose branches start with letters lets the engine skip to those capitals.
_MASK_WORDS = re.compile(
    "(?:" + "|".join(re.escape(w[0]) + r"(?<!\w.)" + re.escape(w[1:]) for w in _MASK_WORDS_LIST)
    + r")\b"
)
# A run that ends with one of these words (a whole word): another programme's name.
_OTHER_PROGRAMME = tuple(_DATA["masks"]["other_programme"])
# A job title in running text ("le directeur de l'audit et du contrôle interne", "the head of
# internal affairs"): the job word, "of"/"de" and up to four words before a punctuation mark.
_LOWER_TITLE = re.compile(
    r"([^\w-])(?:" + "|".join(_DATA["masks"]["job_title_lowercase"]) + r")"
    r"(?: générale?| adjointe?)? (?:of (?:the )?|de l[’']|de la |du |des |d[’'])"
    r"[\w’'-]+(?: [\w’'-]+){0,3}",
    re.IGNORECASE,
)
_LOWER_TITLE_HINTS = tuple(f" {word} " for word in _DATA["masks"]["job_title_lowercase"])
_OUR_PROGRAMME = re.compile(r"A-CIP|Anti-Corruption|Integrity Promotion")


# A cue can only match where a word starts with one of its keys: its starts of up to 8
# characters (some are shorter, where the cue may end or a class follows; a few longer).
# Keys that long leave a quarter of the word starts that 3-letter keys did to try.
_KEY_LEN = 8


def _triggers(pattern: str) -> frozenset[str] | None:
    """Word starts one of which any match of `pattern` begins with, or None."""
    return word_starts(pattern, _KEY_LEN)


_ONCE_GROUPS: set[str] = set()


def _build() -> tuple[list[tuple[re.Pattern[str], frozenset[str] | None]],
                      dict[str, tuple[str, int]]]:
    """One regex per theme (cues of different themes may overlap), one group per cue."""
    regexes: list[tuple[re.Pattern[str], frozenset[str] | None]] = []
    groups: dict[str, tuple[str, int]] = {}
    for t, (slug, cues) in enumerate(THEME_CUES.items()):
        parts: list[str] = []
        for c, (pattern, weight) in enumerate(cues):
            name = f"t{t}c{c}"
            parts.append(f"(?P<{name}>{pattern})")
            groups[name] = (slug, weight)
            if (slug, c) in _ONCE_PER_ARTICLE:
                _ONCE_GROUPS.add(name)
        combined = r"(?<![\w-])(?:" + "|".join(parts) + r")"
        regexes.append((re.compile(combined, re.IGNORECASE), _triggers(combined)))
    return regexes, groups


_CUES, _GROUPS = _build()
_ALWAYS = tuple(i for i, (_, triggers) in enumerate(_CUES) if triggers is None)
_BY_KEY: dict[str, tuple[int, ...]] = {}
for _index, (_, _triggers_of) in enumerate(_CUES):
    for _key in _triggers_of or ():
        _BY_KEY[_key] = (*_BY_KEY.get(_key, ()), _index)
_KEY_FACTORS = frozenset(KEY_FACTORS)


_Narrowed = tuple[re.Pattern[str], tuple[tuple[int, re.Pattern[str]], ...]]


def _narrowed() -> dict[str, _Narrowed]:
    """key -> (gate, (theme, regex) for the themes `_BY_KEY` lists under it or under a
    shorter key it starts with: where it is the longest key a word starts with), each regex
    holding only the cues that can start with the key (same groups, same order, so the same
    match), and the gate matching where any of those cues does (a cheap test first: most
    word starts match no cue).

    A cue whose own starts hold no prefix of the key cannot match where the key starts, so
    leaving it out of the alternation changes neither which cue matches nor where it ends.
    """
    cue_starts: list[list[tuple[str, str, frozenset[str] | None]]] = []
    for t, cues in enumerate(THEME_CUES.values()):
        cue_starts.append([(f"t{t}c{c}", pattern, word_starts(pattern, _KEY_LEN))
                           for c, (pattern, _) in enumerate(cues)])
    compiled: dict[tuple[int, tuple[str, ...]], re.Pattern[str]] = {}
    table: dict[str, _Narrowed] = {}
    for key in _BY_KEY:
        prefixes = {key[:j] for j in range(1, len(key) + 1)}
        themes = sorted({t for p in prefixes & _BY_KEY.keys() for t in _BY_KEY[p]})
        entries: list[tuple[int, re.Pattern[str]]] = []
        any_cue: list[str] = []
        for theme in themes:
            kept = tuple(name for name, _, starts in cue_starts[theme]
                         if starts is None or starts & prefixes)
            any_cue += [f"(?:{pattern})" for name, pattern, _ in cue_starts[theme]
                        if name in kept]
            if len(kept) == len(cue_starts[theme]):
                entries.append((theme, _CUES[theme][0]))
                continue
            if not kept:
                continue
            if (theme, kept) not in compiled:
                parts = [f"(?P<{name}>{pattern})" for name, pattern, _ in cue_starts[theme]
                         if name in kept]
                compiled[theme, kept] = re.compile(
                    r"(?<![\w-])(?:" + "|".join(parts) + r")", re.IGNORECASE
                )
            entries.append((theme, compiled[theme, kept]))
        gate = re.compile(r"(?<![\w-])(?:" + "|".join(any_cue) + r")", re.IGNORECASE)
        table[key] = (gate, tuple(entries))
    return table


_BY_KEY_NARROWED = _narrowed()


def _trie_pattern(words: list[str]) -> str:
    """An alternation of `words` shaped as a trie: "co(?:de|nf)" rather than "code|conf",
    so that the regex engine does not try every word at every position."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_node(tree)


def _trie_node(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _trie_node(child) for char, child in sorted(node.items())
                if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


# Word starts that begin with a key (a look-ahead: a key may run into the next word), found
# in " " + text as the non-word character before them: a pattern that starts with a class
# lets the engine skip over the letters; a look-behind first would be tried at every offset.
# The group holds the longest key the word starts with (the trie's optional tails are greedy).
_KEY_START = re.compile(r"[^\w-](?=(" + _trie_pattern(sorted(_BY_KEY)) + "))")
_SHORTEST_KEY = min(map(len, _BY_KEY))


def _narrowed_at(text: str, pos: int, key: str, end: int) -> _Narrowed | None:
    """The entry of the longest key the text starts with at `pos` within its sentence."""
    if pos + len(key) <= end:
        return _BY_KEY_NARROWED[key]
    for stop in range(end, pos + _SHORTEST_KEY - 1, -1):  # the key runs past the sentence
        narrowed = _BY_KEY_NARROWED.get(text[pos:stop])
        if narrowed is not None:
            return narrowed
    return None


def _is_weak(sentence: str) -> bool:
    lowered = sentence.lower()
    return any(map(lowered.__contains__, _WEAK_HINTS)) and bool(_WEAK_AFTER.search(" " + sentence))


def _names_other_programme(run: str) -> bool:
    """The run ends with a whole word of `_OTHER_PROGRAMME` (a run ends with no line break)."""
    for word in _OTHER_PROGRAMME:
        if run.endswith(word):
            before = len(run) - len(word) - 1
            if before < 0 or not (run[before].isalnum() or run[before] == "_"):
                return True
    return False


def _masked(body: str) -> str:
    pieces: list[str] = []
    kept = 0  # the body up to here is in `pieces`
    for run in _RUN.finditer(body):
        text = run.group(0)
        other = _names_other_programme(text) and not _OUR_PROGRAMME.search(text)
        if other or _MASK_WORDS.search(text):
            pieces += (body[kept : run.start()], " " * len(text))
            kept = run.end()
    pieces.append(body[kept:])
    masked = "".join(pieces)
    if not any(map(masked.lower().__contains__, _LOWER_TITLE_HINTS)):
        return masked
    return _LOWER_TITLE.sub(lambda m: m.group(1) + " " * (m.end() - m.start(1) - 1), masked)


def _sentence_scores(
    body: str, sentences: list[Sentence]
) -> dict[int, dict[str, set[str]]]:
    """sentence index -> theme -> the cue groups found in it."""
    found: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    masked = _masked(body)
    lowered = masked.lower()
    for index, sentence in enumerate(sentences):
        text = lowered[sentence.start : sentence.end]
        for theme in _ALWAYS:
            for match in _CUES[theme][0].finditer(text):
                _add(found[index], match)
    spans = [(i, s.start, s.end) for i, s in enumerate(sentences)]
    if len(lowered) == len(body):
        _keyed_cues(found, lowered, spans)
    else:  # lowercasing moved the offsets: read each sentence's slice on its own
        for index, start, end in spans:
            _keyed_cues(found, lowered[start:end], [(index, 0, end - start)])
    return found


def _keyed_cues(
    found: dict[int, dict[str, set[str]]], text: str, spans: list[tuple[int, int, int]]
) -> None:
    """Cues matched at the word starts of `text` that begin with a cue key.

    `spans` are (sentence index, start, end) in `text`, in order: one scan of the whole
    text finds the word starts; each is tried against its themes' cues within its own
    sentence (`endpos` ends it).
    """
    starts = [start for _, start, _ in spans]
    index, end = -1, -1
    ends: dict[int, int] = {}  # theme -> end of its last match (matches do not overlap)
    for word in _KEY_START.finditer(" " + text):
        pos = word.start()  # the separator's offset in " " + text: the word's in text
        if pos >= end:
            at = bisect_right(starts, pos) - 1
            if at < 0 or pos >= spans[at][2]:
                continue
            index, _, end = spans[at]
            ends = {}
        narrowed = _narrowed_at(text, pos, word.group(1), end)
        if narrowed is None or not narrowed[0].match(text, pos, end):
            continue
        for theme, regex in narrowed[1]:
            if ends.get(theme, 0) > pos:
                continue
            cue = regex.match(text, pos, end)
            if cue:
                ends[theme] = cue.end()
                _add(found[index], cue)


def _add(found: dict[str, set[str]], match: re.Match[str]) -> None:
    group = match.lastgroup or ""
    found[_GROUPS[group][0]].add(group)


_BULLET = re.compile(r"\s*(?:[-–—•·*▪●]|\(?\d{1,2}[.)])\s")
_BULLET_FIRST = frozenset(" \t\n-–—•·*▪●(0123456789")  # the characters a bullet item starts with


def _enumerations(sentences: list[Sentence],
                  scores: dict[int, dict[str, set[str]]]) -> set[int]:
    """Sentences that are a bare enumeration of the key factors: one sentence naming
    ENUMERATION_MIN or more of them, or a run of bullet items that together do. A list of
    what an activity discussed is no bare enumeration: a sentence that says so ("the
    workshop covered ..."), or a run of bullet items after one, names its topics."""
    named_in = {i: _named_key_factors(by_theme) for i, by_theme in scores.items()}
    found = {i for i, named in named_in.items() if len(named) >= ENUMERATION_MIN
             and not _is_discussion(sentences[i].text)}
    run: list[int] = []
    for index in [*range(len(sentences)), -1]:
        text = sentences[index].text if index >= 0 else ""
        if text[:1] in _BULLET_FIRST and _BULLET.match(text):
            run.append(index)
            continue
        named = {slug for i in run for slug in named_in.get(i, ())}
        if len(named) >= ENUMERATION_MIN and not (
                run[0] > 0 and _is_discussion(sentences[run[0] - 1].text)):
            found.update(run)
        run = []
    return found


def _named_key_factors(by_theme: dict[str, set[str]]) -> set[str]:
    """The key factors a sentence names (a phrase of weight 2 or more, not a brushing word:
    a sentence that brushes four of them is no enumeration)."""
    return {slug for slug, groups in by_theme.items()
            if slug in _KEY_FACTORS and max(_GROUPS[g][1] for g in groups) >= 2}


def extract_themes(ctx: Context) -> list[ThemeFact]:
    totals: dict[str, int] = defaultdict(int)
    evidence: dict[str, tuple[int, Sentence]] = {}
    counted: set[str] = set()  # once-per-article cue groups already counted
    scores = _sentence_scores(ctx.body, ctx.sentences)
    enumerations = _enumerations(ctx.sentences, scores)
    for index, by_theme in sorted(scores.items()):
        enumeration = index in enumerations
        weak: bool | None = None
        discussed: bool | None = None
        for slug, groups in by_theme.items():
            if enumeration:  # a bare enumeration of the key factors gives nothing
                continue
            fresh = {g for g in groups if g not in counted}
            counted |= fresh & _ONCE_GROUPS
            if not fresh:
                continue
            score = sum(_GROUPS[g][1] for g in fresh) + (1 if len(fresh) >= 3 else 0)
            if weak is None:
                weak = _is_weak(ctx.sentences[index].text)
            if weak:  # a plan or a passing mention adds to a theme, never makes one alone
                score = min(score - 1, THRESHOLD - 1)
            elif score >= 2:  # a planned workshop on X has not discussed X; a word brushes it
                if discussed is None:
                    discussed = _is_discussion(ctx.sentences[index].text)
                if discussed:
                    score += DISCUSSION_BONUS
            totals[slug] += score
            if slug not in evidence or score > evidence[slug][0]:
                evidence[slug] = (score, ctx.sentences[index])
    headline = _headline_scores(ctx.title)
    # A theme needs a sentence about it (a phrase of weight 2 or more): words that only
    # brush it, however many, do not make it. The headline names the article's topic: it
    # adds to a theme the body speaks of, but never makes one alone (its evidence is a
    # sentence of the body).
    facts: list[ThemeFact] = []
    for slug in THEME_CUES:
        if slug not in evidence:
            continue
        best = max(evidence[slug][0], headline.get(slug, 0))
        if totals[slug] + headline.get(slug, 0) < THRESHOLD or best < STRONGEST_MIN:
            continue
        if evidence[slug][0] >= THRESHOLD:
            rule = "topic-sentence"
        elif totals[slug] >= THRESHOLD:
            rule = "several-sentences"
        else:
            rule = "headline"
        facts.append(ThemeFact(slug, evidence[slug][1].evidence(), rule=rule))
    return facts


def _headline_scores(title: str | None) -> dict[str, int]:
    """theme -> the score of the headline as a sentence (nothing when it enumerates the key
    factors; words that count once per article are left out)."""
    if not title:
        return {}
    found = _sentence_scores(title, [Sentence(0, len(title), title)]).get(0, {})
    if len(_named_key_factors(found)) >= ENUMERATION_MIN:
        return {}
    return {slug: sum(_GROUPS[g][1] for g in groups) for slug, groups in found.items()
            if not groups <= _ONCE_GROUPS}

"""Events: type, name, dates with precision, venue, online. (Owned by the events extractor.)

Sentence-level rules, English and French:

1. In each sentence, find date expressions (`dates.find_dates`) and event cues: nouns
   ("workshop", "atelier", "mission", "webinar", "enquête"...) and, weaker, verbs ("met",
   "se sont réunis", "launched", "signed", "presented"). Dates that only situate the
   background ("since the Programme started in January 2019", "joined in 2020", "a statement
   issued on 2 September") are dropped.
2. Pair dates with cues, nearest first (nouns beat verbs): one event per pair. A dated
   sentence with no cue borrows one from a following "This mission..." sentence.
3. An announced activity counts only when dated; an undated activity reported as held counts
   only when the article has no dated event at all.
4. Venue: the cities of the event's sentence (or, failing that, of a following "was held
   in..." sentence of the same paragraph); several cities -> city null, country kept when
   they share one. Online: virtual/video-conference/webinar cues in the event's paragraph,
   unless it says hybrid, in person, or only a speaker joined remotely. Online events have
   no venue.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from app.ingest.extract import places
from app.ingest.extract.context import Context
from app.ingest.extract.dates import (
    DateMention,
    add_days,
    date_positions,
    duration_days,
    find_dates,
)
from app.ingest.extract.facts import AdministrationFact, EventFact, Evidence
from app.ingest.extract.text import Sentence, admits, fold, match_starts

_I = re.IGNORECASE


@dataclass(frozen=True, slots=True)
class _CueRule:
    pattern: re.Pattern[str]
    type: str
    weight: int  # 0 a noun naming the activity, 1 a weak noun, 2 a verb
    keys: tuple[str, ...]  # the pattern only matches text holding one of these (lowercase)


def _rule(pattern: str, type_: str, keys: tuple[str, ...], weight: int = 0) -> _CueRule:
    return _CueRule(re.compile(pattern, _I), type_, weight, keys)


_CUES: tuple[_CueRule, ...] = (
    _rule(r"\bweb-?(?:inars?|inaires?|séminaires?)\b", "webinar", ("web",)),
    _rule(r"(?<!video )(?<!vidéo )(?<!press )\b(?:conferences?|conférences?|symposium|colloque"
          r"|forum)\b(?! (?:call|room))", "conference", ("conf", "symposium", "colloque", "forum")),
    _rule(r"\b(?:workshops?|ateliers?|seminars?|séminaires?|self-assessments?"
          r"|auto-évaluations?|round[- ]?tables?|tables? rondes?)\b", "workshop",
          ("workshop", "atelier", "seminar", "séminaire", "assessment", "évaluation", "table")),
    _rule(r"(?<!head of )(?<!of )\b(?:trainings?|training of trainers|formations?"
          r"|(?<!in the )(?<!of )courses?|cours|e-learning sessions?)\b"
          r"(?! (?:centres?|centers?|managers?|materials?|department|of action|unit))",
          "training", ("training", "formation", "cours", "e-learning")),
    _rule(r"\b(?:missions?|scoping visits?|diagnostic visits?|study visits?"
          r"|visites? d['’]études?)\b(?! statement)", "mission",
          ("mission", "visit")),
    _rule(r"\b(?:meetings?|réunions?|kick-offs?|rencontres?|consultations?)\b", "meeting",
          ("meeting", "réunion", "kick-off", "rencontre", "consultation")),
    _rule(r"\b(?:surveys?|enquêtes?|fieldwork|travaux de terrain)\b", "survey",
          ("survey", "enquête", "fieldwork", "travaux de terrain")),
    _rule(r"\b(?:launch(?:ed|es|ing)?|lancement|lancée?s?|inaugur\w+|unveil\w*"
          r"|mise? en service)\b(?! (?:meeting|of the Programme))", "launch",
          ("launch", "lanc", "inaugur", "unveil", "en service")),
    _rule(r"\b(?:campaigns?|campagnes?)\b", "other", ("campaign", "campagne")),
    _rule(r"\b(?:signing|signature|ceremony|cérémonie)\b", "other",
          ("signing", "signature", "ceremony", "cérémonie"), 1),
    _rule(r"\b(?:sessions?|séances?|(?<=a )videoconference|(?<=a )video conference"
          r"|(?<=une )visioconférence)\b",
          "meeting",
          ("session", "séance", "videoconference", "video conference", "visioconférence"), 1),
    _rule(r"\b(?:met|meet|gathered|convened|se sont (?:réunis|réunies|retrouvés|retrouvées)"
          r"|presented|présentée?s?)\b", "meeting",
          ("met", "meet", "gathered", "convened", "se sont", "presented", "présenté"), 2),
    _rule(r"\b(?:signed|signé)\b", "other", ("signed", "signé"), 2),
    _rule(r"\b(?:events?|évènements?|événements?)\b", "other",
          ("event", "évènement", "événement"), 1),
    _rule(r"\b(?:visits?|visites?)\b", "mission", ("visit",), 1),
    _rule(r"\b(?:visited|a visité|ont visité)\b", "mission", ("visit",), 2),
    _rule(r"\b(?:seconded|deployed|détachée?)\b", "mission",
          ("seconded", "deployed", "détaché"), 2),
)
_WEIGHT_COST = 60  # characters of distance one step of cue weight is worth
_LED_DISTANCE = 50  # an activity this close before a date, in its clause, owns the date
_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:and|et|while|whereas|but|mais|tandis)\s", _I)
# "réunion de lancement", "launch meeting": a meeting, not a launch.
_KICKOFF = re.compile(r"réunions? de lancement|launch meetings?|kick-off", _I)
# "the results of the survey were presented": a presentation, not the survey itself.
_RESULTS_OF = re.compile(
    r"(?:results?|findings?|résultats?|conclusions?)\s+(?:\w+\s+){0,4}(?:of|de|du|des|from)"
    r"\s+(?:\w+[\s’']+){0,6}$", _I)
_CONDUCTED = re.compile(
    r"[^.;]{0,10}?\b(?:carried out|conducted|held|run|menée?|conduite?|réalisée?)\b", _I)
_LIST_AFTER = re.compile(r"\s*(?:,|\band\b|\bet\b)\s+(?:de\s+|d['’])?(?=[A-Z])")
_LIST_BEFORE = re.compile(r"\b[A-Z][\w'’-]+\s*(?:,|\band|\bet)\s+(?:de\s+|d['’])?$")
_SURVEY_NEAR = re.compile(r"\b(?:surveys?|enquêtes?)\b", _I)
_ORIGIN = re.compile(r"\b(?:from|depuis)\s+$", _I)
# A date that only situates the background, judged from the words just before it...
_BACKGROUND_BEFORE = re.compile(
    r"\b(?:since|depuis|joined|rejoint|adhéré|created|créée?s?"
    r"|established|set up|adopted|adoptée?s?|published|publiée?s?|issued|released"
    r"|partners? since|partenaires? depuis|partner from)\b[^,;:.()]{0,25}$",
    _I,
)
# ... or just after it ("On 14 December, the WCO published the conclusions...").
_BACKGROUND_AFTER = re.compile(
    r"^,?\s+(?:\w+\s+){0,4}?(?:published|issued|released|announced|publié|annoncé)\b", _I)
# A date that times a submission, decision or deadline, not an activity ("proposals that
# would be submitted to the Board in April", "a report due in May", "approved in June").
_NON_ACTIVITY_BEFORE = re.compile(
    r"\b(?:submit(?:ted|s)?|submission|approv(?:ed|al|e)|validat(?:ed|ion)|endorse(?:d|ment)"
    r"|decided|decision|sent|transmitted|tabled|due|deadline|soumise?s?|soumission"
    r"|approuvée?s?|approbation|validée?s?|transmise?s?|entérinée?s?|échéance)\b"
    r"[^,;:.()]{0,40}$",
    _I,
)
# A relative clause with its own verb between an activity and a date: the date belongs to
# that clause ("the workshop produced proposals that would be submitted in April").
_RELATIVE_CLAUSE = re.compile(
    r"\b(?:that|which|qui|que|dont)\s+(?:\w+\s+){0,3}?(?:would|will|could|should|shall|must"
    r"|may|might|is|are|was|were|had|has|have|sera|seront|serait|seraient|doit|doivent|devra"
    r"|devront|pourra|pourraient)\b", _I)
_OPEN_START_BEFORE = re.compile(r"\b(?:since|depuis)\s+(?:(?:le|the)\s+)?$", _I)
_PROGRAMME_BACKGROUND = re.compile(
    r"\b(?:Programme|programme|it|they)\s+(?:\w+\s+){0,2}(?:started|began|was launched|joined)"
    r"\b[^,;.]{0,15}$"
)
_HELD = re.compile(
    r"\b(?:held|hosted|organi[sz]ed|conducted|carried out|took place|delivered|completed"
    r"|facilitated|attended|tenue?s?|organisée?s?|conduite?s?|menée?s?|accueilli|déroulée?s?"
    r"|réalisée?s?)\b", _I)
_HABITUAL = re.compile(
    r"\b(?:every|each (?:month|week|year|quarter)|regularly|chaque|tous les|toutes les"
    r"|will|would|sera|seront|devra|pourra)\b", _I)
_FUTURE = re.compile(
    r"\b(?:will|shall|planned|scheduled|expected|upcoming|next|sera|seront|prévue?s?"
    r"|reviendr\w+|aura lieu|se tiendra|organisera)\b", _I)
# What each case-insensitive pattern above needs in the lowercased text to match (`admits`).
_RELATIVE_CLAUSE_KEYS = ("that", "which", "qui", "que", "dont")
_HELD_KEYS = (
    "held", "hosted", "organi", "conducted", "carried out", "took place", "delivered",
    "completed", "facilitated", "attended", "tenu", "conduit", "mené", "accueilli", "déroulé",
    "réalisé",
)
_HABITUAL_KEYS = (
    "every", "each ", "regularly", "chaque", "tous les", "toutes les", "will", "would", "sera",
    "seront", "devra", "pourra",
)
_FUTURE_KEYS = (
    "will", "shall", "planned", "scheduled", "expected", "upcoming", "next", "sera", "seront",
    "prévu", "reviendr", "aura lieu", "se tiendra", "organisera",
)
_VENUE_SENTENCE = re.compile(
    r"\b(?:held|took place|hosted|s['’]est (?:tenue?|déroulée?)|a eu lieu|ont eu lieu)\b", _I)
# An undated activity that is not the article's dated one: one introduced as new ("a
# survey", "un atelier") or set apart by an ordinal ("the first survey", "a previous mission").
_DISTINCT_BEFORE = re.compile(
    r"\b(?:(?P<ind>an?|un|une)|(?:the|its|their|this|la|le|sa|son|leur))\s+"
    r"(?P<ord>(?:very\s+)?(?:first|second|third|previous|earlier|initial|pilot|premi(?:er|ère)"
    r"|deuxième|second[e]?|troisième|précédente?)\s+)?"
    r"(?:(?!(?:an?|un|une|the|its|their|this|la|le|sa|son|leur)\s)[\w’'-]+\s+){0,4}$",
    _I,
)
# ... reported as held: "a survey, carried out among ...", "held a workshop", "mené une enquête".
_HELD_AFTER = re.compile(
    r"(?:\s+[\w’'-]+){0,6}?,?\s+(?:carried out|conducted|held|run|organi[sz]ed|took place"
    r"|completed|tenue?|menée?|réalisée?|conduite?|organisée?)\b", _I)
_HELD_WORD = re.compile(
    r"\b(?=[chorcdtamre])(?:held|conducted|carried out|run|ran|organi[sz]ed|took place|completed"
    r"|delivered|tenue?s?|menée?s?|réalisée?s?|conduite?s?|organisée?s?)\b", _I)
# What every match of _HELD_WORD starts with, lowercased.
_HELD_WORD_PREFIXES = (
    "held", "conducted", "carried out", "run", "ran", "organi", "took place", "completed",
    "delivered", "tenu", "mené", "réalisé", "conduit",
)
_HELD_BEFORE = re.compile(
    r"\b(?:held|conducted|carried out|organi[sz]ed|ran|completed|delivered"
    r"|(?:a|ont|avait|avaient)\s+(?:organisé|tenu|mené|réalisé|conduit))\s+(?:[\w’'-]+\s+){0,6}$",
    _I)
# A survey (or other lasting activity) said to have started, and not said to be over: under
# way, so it has a start and no end ("launched a second round in mid-June").
_STARTED = re.compile(
    r"\b(?:launch(?:ed)?|started|began|begun|commenced|lancée?s?|démarrée?s?|débutée?s?"
    r"|a (?:démarré|débuté|commencé))\b", _I)
_FINISHED = re.compile(
    r"\b(?:completed|ended|closed|concluded|finished|until|ran (?:to|through|for)|terminée?s?"
    r"|achevée?s?|clôturée?s?|jusqu)\b", _I)
_DETERMINER_CUE = re.compile(r"^(?:This|These|The|That|Cette|Ce|Ces|Cet|L['’]|La|Le|Les)\b", _I)

_ONLINE_STRONG = re.compile(
    r"\bvirtual(?!ly (?:all|every|no|impossible|unchanged))\w*|\bvideo[- ]?conferenc\w*"
    r"|\bvid[ée]oconf[ée]rence\w*|\bvisio(?:conf[ée]rence\w*|\b)|\bformat virtuel|\bweb-?inai?r"
    r"|\bwebinaire|\bKUDO\b|\bZoom\b|\bMicrosoft Teams\b|\bvia Teams\b|\blogged (?:on|in)\b"
    r"|\b(?:through|via|on) an? online platform|\bplateforme (?:en ligne|virtuelle)",
)
_EVENT_NOUNS = (
    r"(?:workshops?|meetings?|seminars?|courses?|training|sessions?|conferences?|event|launch"
    r"|webinars?|ateliers?|réunions?|séminaires?|formations?|cours|rencontres?|welcome\s+meeting)"
)
_ONLINE_WEAK = re.compile(
    rf"\b(?:met|meet|held|convened|took place|delivered|conducted|organi[sz]ed|tenue?s?"
    rf"|réunis|organisée?s?)\s+(?:online|en ligne)\b"
    rf"|\bonline\s+(?:[\w-]+\s+){{0,2}}{_EVENT_NOUNS}\b"
    rf"|\b{_EVENT_NOUNS}\s+(?:[\w-]+\s+){{0,2}}(?:en ligne|online)\b",
    _I,
)
_ONLINE_NEGATORS = re.compile(
    r"\bhybrid\w*|\bhybride|\bin[- ]person\b|\ben présentiel|\bprésentiel\b|\bface[- ]to[- ]face"
    r"|(?<!held )(?<!delivered )(?<!conducted )\bremotely\b|(?<!tenue )(?<!tenu )\bà distance\b"
    r"|\bvideo message|\bmessage vidéo|\bpre-recorded|\bintervenu\w*\s+(?:\w+\s+){0,3}par\s+visio"
    r"|\bjoined\s+(?:[\w-]+\s+){0,3}online\b",
    _I,
)

# The same test from the non-word character before a negator (every one starts a word with
# a letter): a pattern that starts with a class lets the engine skip over the letters; \b
# first was tried at every offset. The look-behinds still read the text before the word.
_ONLINE_NEGATORS_AFTER = re.compile(
    r"\W(?:"
    + _ONLINE_NEGATORS.pattern.removeprefix(r"\b").replace(r"|\b", "|").replace(r")\b", ")")
    + ")",
    _I,
)
_ONLINE_WEAK_KEYS = ("online", "en ligne")
_ONLINE_NEGATOR_KEYS = (
    "hybrid", "person", "présentiel", "face", "remotely", "distance", "video message",
    "message vidéo", "pre-recorded", "intervenu", "joined",
)
_TYPE_WORDS = {
    "meeting": ("Meeting", "Réunion"), "workshop": ("Workshop", "Atelier"),
    "training": ("Training", "Formation"), "mission": ("Mission", "Mission"),
    "conference": ("Conference", "Conférence"), "webinar": ("Webinar", "Webinaire"),
    "survey": ("Survey", "Enquête"), "launch": ("Launch", "Lancement"),
    "other": ("Activity", "Activité"),
}
_NAME_TAIL = re.compile(
    r"^[^,;:.()«»\"“”]{0,80}?(?=[,;:.()«»\"“”]|\s(?:organi[sz]ed|held|hosted|under|with|from|at"
    r"|in|on\s+\d|organisée?|tenue?|dans|avec|au cours|qui|which|that|for\s+\d|pour|took"
    r"|was|were|is|are|has|have|s['’]est|a|ont|will|sera|to\s+(?:the|present|discuss))\b|$)",
    _I,
)


# Words before the cue that belong to the name: "Regional Workshop", "annual meeting".
_NAME_HEAD = re.compile(
    r"(?:(?:\d+(?:st|nd|rd|th)|(?!(?:The|An?|La|Le|Les|Une?|In|On|At)\s)[A-Z][\w-]*|regional|sub-regional|national|annual|virtual"
    r"|online|diagnostic|scoping|follow-up|joint|tutored|first|second|third|integrity|peer)\s+)"
    r"{1,4}$"
)


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    end: int
    type: str
    weight: int
    text: str


@dataclass(slots=True)
class _Draft:
    """An event being assembled: its sentence index, cue and dates."""

    sentence: int
    cue: _Cue
    when: DateMention | None
    segment: tuple[int, int] = (0, 1 << 30)  # its clause, when the sentence holds several
    main: bool = True  # the first event of its sentence: the following sentences describe it


def _cues(text: str) -> list[_Cue]:
    found: list[_Cue] = []
    folded = fold(text)
    kickoffs: list[tuple[int, int]] | None = None
    for rule in _CUES:
        if not admits(rule.keys, folded):
            continue
        for m in rule.pattern.finditer(text):
            s, e = m.span()
            type_ = rule.type
            if type_ == "launch":
                if kickoffs is None:
                    kickoffs = [k.span() for k in _KICKOFF.finditer(text)]
                if any(ks <= s < ke for ks, ke in kickoffs):
                    continue
            if type_ == "survey" and _RESULTS_OF.search(text, 0, s) and not _CONDUCTED.match(
                text, e
            ):
                type_ = "meeting"  # the results of a survey presented: a meeting
            if any(c.start < e and s < c.end for c in found):
                continue
            found.append(_Cue(s, e, type_, rule.weight, m.group(0)))
    return sorted(found, key=lambda c: c.start)


def _is_background(text: str, mention: DateMention) -> bool:
    """A date that dates the Programme, a membership or a publication, not an activity."""
    before = text[max(0, mention.start - 60) : mention.start]
    after = text[mention.end : mention.end + 60]
    if mention.last is None and _OPEN_START_BEFORE.search(before):
        return mention.first.precision != "day"  # "since Monday 4 October": under way
    return bool(
        _BACKGROUND_BEFORE.search(before)
        or _NON_ACTIVITY_BEFORE.search(before)
        or _PROGRAMME_BACKGROUND.search(before)
        or _BACKGROUND_AFTER.search(after)
    )


def _pair(
    text: str, mentions: list[DateMention], cues: list[_Cue]
) -> list[tuple[DateMention, _Cue]]:
    """Each date with its nearest cue (verbs count as farther), one-to-one, greedily; never
    across a relative clause that has its own verb and no activity of its own."""
    costs: list[tuple[int, int, int]] = []
    for di, d in enumerate(mentions):
        # "A workshop was held on 2 May and a meeting followed on 5 May": a date that closes
        # its activity's clause does not open the next one.
        led = any(
            0 <= d.start - c.end <= _LED_DISTANCE and not _CLAUSE_BREAK.search(text, c.end, d.start)
            for c in cues
        )
        for ci, c in enumerate(cues):
            distance = c.start - d.end if c.start >= d.end else d.start - c.end
            if c.end <= d.start and _separate_clause(text[c.end : d.start]):
                continue
            if led and c.start >= d.end:
                distance += _WEIGHT_COST
            costs.append((max(distance, 0) + c.weight * _WEIGHT_COST, di, ci))
    costs.sort()
    used_d: set[int] = set()
    used_c: set[int] = set()
    pairs: list[tuple[DateMention, _Cue]] = []
    for _, di, ci in costs:
        if di in used_d or ci in used_c:
            continue
        used_d.add(di)
        used_c.add(ci)
        pairs.append((mentions[di], cues[ci]))
    return pairs


def _separate_clause(between: str) -> bool:
    """Whether the words between an activity and a later date open a relative clause of
    their own (with its verb, and no "held"/"organised" tying it to the activity)."""
    folded = fold(between)
    if not admits(_RELATIVE_CLAUSE_KEYS, folded):
        return False
    m = _RELATIVE_CLAUSE.search(between)
    return m is not None and not (
        admits(_HELD_KEYS, folded) and _HELD.search(between, m.start())
    )


def _reference(ctx: Context) -> date | None:
    """The publication date, else the first fully stated date of the text (for year-less)."""
    if ctx.published is not None:
        return ctx.published
    for mention in find_dates(ctx.body, None, future=False):
        return mention.first.value
    return None


def _drafts(ctx: Context, reference: date | None) -> list[_Draft]:
    dated: list[_Draft] = []
    sentences = ctx.sentences
    spots = date_positions(ctx.body)
    for si, sentence in enumerate(sentences):
        at = bisect_left(spots, sentence.start)
        if at == len(spots) or spots[at] >= sentence.end:
            continue  # no month name in this sentence: no date
        text = sentence.text
        mentions = [m for m in find_dates(text, reference) if not _is_background(text, m)]
        if not mentions:
            continue
        cues = _cues(text)
        if not cues and si + 1 < len(sentences):
            cues = _borrowed_cue(text, sentences[si + 1].text, reference)
        for mention, cue in _pair(text, mentions, cues):
            dated.append(_Draft(si, cue, mention))
    if dated:
        dated.sort(key=lambda d: (d.sentence, _anchor(d)[0]))
        _segment(dated)
        return dated + _distinct_undated(ctx, sentences, dated)
    return _undated(sentences)


def _borrowed_cue(text: str, following: str, reference: date | None) -> list[_Cue]:
    """A cue from a next sentence that opens on it ("This long-term mission..."), placed at
    the end of this one."""
    if not _DETERMINER_CUE.match(following) or find_dates(following, reference):
        return []
    head = [c for c in _cues(following[:40]) if c.weight == 0]
    if not head:
        return []
    return [_Cue(len(text), len(text), head[0].type, 0, head[0].text)]


def _undated(sentences: list[Sentence]) -> list[_Draft]:
    """The first activity reported as held, for an article that dates none."""
    for si, sentence in enumerate(sentences):
        text = sentence.text
        folded = fold(text)
        if not admits(_HELD_KEYS, folded) or _future_or_habitual(text, folded):
            continue
        if not _HELD.search(text):
            continue
        nouns = [c for c in _cues(text) if c.weight == 0]
        if nouns:
            return [_Draft(si, nouns[0], None)]
    return []


def _distinct_undated(
    ctx: Context, sentences: list[Sentence], dated: list[_Draft]
) -> list[_Draft]:
    """Undated activities reported as held beside the dated ones, when the text sets them
    apart: new ("a survey, carried out among...") and of another type than every dated
    event, or marked by an ordinal ("the first survey carried out..."). A definite "the
    workshop was organised..." is the dated event again; one in passing ("data from the
    survey held in the country") is background."""
    taken = {d.sentence for d in dated}
    dated_types = {d.cue.type for d in dated}
    spots = match_starts(_HELD_WORD, ctx.body, _HELD_WORD_PREFIXES, fold(ctx.body))
    found: list[_Draft] = []
    for si, sentence in enumerate(sentences):
        at = bisect_left(spots, sentence.start)
        if si in taken or at == len(spots) or spots[at] >= sentence.end:
            continue  # no "held", "carried out", "menée"... in this sentence
        text = sentence.text
        if _future_or_habitual(text, fold(text)):
            continue
        for cue in _cues(text):
            if cue.weight != 0:
                continue
            det = _DISTINCT_BEFORE.search(text, max(0, cue.start - 70), cue.start)
            if det is None or (det.group("ind") is None and det.group("ord") is None):
                continue
            if det.group("ord") is None and cue.type in dated_types:
                continue  # "a workshop" beside a dated workshop: most likely the same one
            if _HELD_AFTER.match(text, cue.end) or _HELD_BEFORE.search(text, 0, det.start()):
                found.append(_Draft(si, cue, None))
                break
    return found


def _anchor(draft: _Draft) -> tuple[int, int]:
    """The span from the event's cue to its date, whichever comes first."""
    assert draft.when is not None
    return min(draft.cue.start, draft.when.start), max(draft.cue.end, draft.when.end)


def _segment(drafts: list[_Draft]) -> None:
    """Split sentences that hold several events into one clause per event."""
    for a, b in zip(drafts, drafts[1:], strict=False):
        if a.sentence == b.sentence:
            cut = _anchor(b)[0]
            a.segment = (a.segment[0], cut)
            b.segment = (cut, b.segment[1])
            b.main = False


def _paragraph_sentences(ctx: Context, si: int, stop: set[int]) -> list[int]:
    """Indices of the sentences after `si` in the same paragraph, up to the next event's."""
    out: list[int] = []
    sentences = ctx.sentences
    for j in range(si + 1, len(sentences)):
        if j in stop or "\n" in ctx.body[sentences[j - 1].end : sentences[j].start]:
            break
        out.append(j)
    return out


def _future_or_habitual(text: str, folded: str | None) -> bool:
    """Whether `text` (`folded` is `fold(text)`) speaks of the future or of a routine."""
    return bool(
        admits(_FUTURE_KEYS, folded) and _FUTURE.search(text)
        or admits(_HABITUAL_KEYS, folded) and _HABITUAL.search(text)
    )


def _negated_online(joined: str, folded: str | None) -> bool:
    """Hybrid, in person, or only a speaker remote (`folded` is `fold(joined)`)."""
    return (admits(_ONLINE_NEGATOR_KEYS, folded)
            and _ONLINE_NEGATORS_AFTER.search(" " + joined) is not None)


def _online(text_parts: list[str]) -> bool:
    joined = " ".join(text_parts)
    folded = fold(joined)
    if _negated_online(joined, folded):
        return False
    return bool(
        _ONLINE_STRONG.search(joined)
        or admits(_ONLINE_WEAK_KEYS, folded) and _ONLINE_WEAK.search(joined)
    )


def _venue(sentence: str, language: str) -> tuple[str | None, str | None, bool]:
    """(city, country, found) for the venue stated in `sentence`."""
    cities = [
        c for c in places.find_cities(sentence)
        if not _ORIGIN.search(sentence, max(0, c.start - 12), c.start)
    ]
    names = {c.text for c in cities}
    if len(names) == 1 and _in_list(sentence, cities[0]):
        return None, cities[0].alpha3, True  # one known city among unknown places
    if len(names) == 1:
        city = cities[0]
        after = sentence[city.end : city.end + 40]
        country = city.alpha3
        m = re.match(r",\s*(?:(?:au|en|aux)\s+)?", after)
        if m:
            for c in places.find_countries(after):
                if c.start == m.end() and c.kind == "country":
                    country = c.alpha3
        return city.text, country, True
    if len(names) > 1:
        countries = {c.alpha3 for c in cities}
        return None, (countries.pop() if len(countries) == 1 else None), True
    venue_countries = {
        c.alpha3 for c in places.find_countries(sentence)
        if c.kind == "country" and re.search(
            r"\b(?:in|au|aux|en|à|to)\s+(?:the\s+)?$", sentence[max(0, c.start - 8) : c.start], _I)
    }
    if len(venue_countries) == 1:
        return None, venue_countries.pop(), True
    return None, None, False


def _in_list(sentence: str, city: places.PlaceMention) -> bool:
    """Whether the city is one item of an enumeration of places ("at X, Y, Nakonde and Z")."""
    after = _LIST_AFTER.match(sentence, city.end)
    if after and not any(c.start == after.end() for c in places.find_countries(sentence)):
        return True
    return bool(_LIST_BEFORE.search(sentence, 0, city.start))


def _name(
    draft: _Draft, sentence: str, language: str, online: bool, type_: str
) -> str:
    """A short descriptive name: the cue noun and what follows it ("workshop on ...")."""
    cue = draft.cue
    english, french = _TYPE_WORDS[type_]
    base = french if language == "fr" else english
    if cue.weight == 0 and cue.end <= len(sentence) and type_ == cue.type:
        tail = _NAME_TAIL.match(sentence[cue.end :])
        head = _NAME_HEAD.search(sentence[max(0, cue.start - 60) : cue.start])
        phrase = ((head.group(0) if head else "") + cue.text + (tail.group(0) if tail else ""))
        phrase = phrase.strip()
        words = phrase.split()
        if len(words) > 14:
            phrase = " ".join(words[:14])
        if phrase:
            return phrase[0].upper() + phrase[1:]
    if online and draft.cue.type != "webinar":
        return f"{base} ({'en ligne' if language == 'fr' else 'online'})"
    return base


def _finish(ctx: Context, draft: _Draft, stop: set[int]) -> EventFact:
    sentence = ctx.sentences[draft.sentence]
    clause = sentence.text[draft.segment[0] : draft.segment[1]]
    follow = _paragraph_sentences(ctx, draft.sentence, stop) if draft.main else []
    parts = [clause] + [ctx.sentences[j].text for j in follow]
    online = _online(parts)
    type_ = draft.cue.type
    if type_ == "launch" and _SURVEY_NEAR.search(
        clause, max(0, draft.cue.start - draft.segment[0] - 40), draft.cue.end + 40
    ):
        type_ = "survey"  # "the survey was launched in April": the survey itself
    if type_ == "workshop" and online and re.search(r"s[ée]minaire|seminar", draft.cue.text, _I):
        type_ = "webinar"
    if type_ == "webinar":
        joined = " ".join(parts)
        online = True if not _negated_online(joined, fold(joined)) else online
    start = end = None
    if draft.when is not None:
        start, end = draft.when.first, draft.when.last
        if start == end and start.precision == "day" and (n := duration_days(clause)):
            end = add_days(start, n - 1)
        elif start == end and type_ == "survey" and _under_way(clause, parts):
            end = None
    city = country = None
    if not online:
        city, country, found = _venue(clause, ctx.language)
        if not found:
            for j in follow:
                text = ctx.sentences[j].text
                if _VENUE_SENTENCE.search(text):
                    city, country, found = _venue(text, ctx.language)
                    if found:
                        break
    return EventFact(
        type=type_,
        name=_name(draft, sentence.text, ctx.language, online, type_),
        start=start,
        end=end,
        city=city,
        country=country,
        online=online,
        evidence=_evidence(sentence, draft),
    )


def _under_way(clause: str, parts: list[str]) -> bool:
    """A survey said to have started (launched, began) and nowhere said to be over."""
    return bool(_STARTED.search(clause)) and not any(_FINISHED.search(p) for p in parts)


def _evidence(sentence: Sentence, draft: _Draft) -> Evidence:
    return Evidence(sentence.start, sentence.end, sentence.text)


def _dedupe(events: list[EventFact]) -> list[EventFact]:
    out: list[EventFact] = []
    for event in events:
        same = next(
            (o for o in out if o.start == event.start and o.end == event.end
             and (o.type == event.type or o.start is not None)),
            None,
        )
        if same is None:
            out.append(event)
    return out


def extract_events(ctx: Context) -> list[EventFact]:
    """Every activity the article reports as held, under way, or scheduled with a date."""
    drafts = _drafts(ctx, _reference(ctx))
    stop = {d.sentence for d in drafts}
    finished = [(d, _finish(ctx, d, stop)) for d in drafts]
    return _dedupe([e for d, e in finished if not _part_of_another(d, e, finished)])


def _part_of_another(
    draft: _Draft, event: EventFact, finished: list[tuple[_Draft, EventFact]]
) -> bool:
    """A session, visit or event (a weak cue) dated within an activity named outright: one
    item of its programme ("Day 2 (3 May): session on ..."), not an event of its own."""
    if draft.cue.weight == 0 or event.start is None or event.end is None:
        return False
    return any(
        d.cue.weight == 0 and e.start is not None and e.end is not None
        and e.start.precision == event.start.precision == "day"
        and e.start.value <= event.start.value and event.end.value <= e.end.value
        and e.start != e.end
        for d, e in finished
        if e is not event
    )


def fill_country_from_hosts(
    events: list[EventFact], administrations: list[AdministrationFact]
) -> None:
    """An in-person event with no country takes its host administration's country.

    Only when exactly one country hosts: with several hosts (a series of national workshops)
    the event stays without a country.
    """
    hosts = {a.country for a in administrations if "host" in a.roles}
    if len(hosts) != 1:
        return
    country = next(iter(hosts))
    for event in events:
        if event.country is None and event.city is None and not event.online:
            event.country = country

"""Events: type, name, dates with precision, venue, online. (Owned by the events extractor.)

One event per activity the text reports (the corpus rules: held, under way, or announced
with a date; dated background counts, undated background and releases do not). Sentence-level
rules, English and French (Spanish and Portuguese nouns too); cue lexicons live in
app/vocab/event_cues.json.

1. Find, in each sentence, date expressions (`dates.find_dates`, the year of a year-less
   date from the date line, else from a year the text states for an activity, else unknown:
   the event is kept with null dates) and event cues: nouns ("workshop", "atelier",
   "mission", "webinar", "sondage"...), weak nouns ("session", "visit", "event"), verbs
   ("met", "presented", "signed"), and "activity", a noun of no kind. Dates that only
   situate the background (the Programme's launch, a membership, a publication) are
   dropped; "launched on 9 January ... until 3 February" is one range.
2. Decide, per sentence: pair dates with cues, nearest first (nouns beat verbs; a participle
   "held in <place>, from <date>" ties a date to the activity before it); one event per pair.
   A sentence adds a second activity at the same dates ("followed by a workshop", "avec le
   lancement du réseau") or inside it with no date ("by hosting a workshop"). A dated
   sentence that opens on the activity the undated sentence before named ("It took place in
   Arusha from...", "Les travaux se sont déroulés...", "The workshop ran from...") is that
   activity, with its type and, failing its own, that sentence's venue. Launching "the
   proceedings of" an activity is the activity, not a launch.
3. Type, in this order of precedence:
   a. the head noun of the activity's own words (the last noun of an English compound:
      "training workshop" -> workshop; a round table is a meeting, a press conference a
      launch, a visit paid to a person a meeting);
   b. for an activity its words do not name (a dated lead sentence with no cue, or
      "the first activity"): a verb later in its clause; then, for the article's first
      dated activity, the activity named again with a definite or demonstrative ("During the
      workshop", "this mission", "took the form of a workshop"); then WCO experts working on
      site (a mission); then the first activity named in the following sentences; else
      `other` (a lead sentence about no activity gives no event);
   c. a launch whose object is a survey starts the survey (an event under way, or up to its
      stated end); the launch is an event of its own only as a ceremony (a noun, a hall,
      the press).
4. Undated activities: beside dated ones, those the text sets apart (new, with an ordinal,
   met in passing "during a meeting of the Committee", or named, of another kind, "during
   the 4th Regional Conference", "en marge du Forum"); in an article with no date, the
   first held one, else the one named with a demonstrative or as recent, and a further one
   it says was also held ("It also organised a campaign"; not a meeting inside a mission).
5. Venue: the cities of the event's clause (not one inside a name, "the Arusha
   Declaration"), else of a following "was held in..." sentence, else of a later sentence
   that names the event again or a site visited; several cities -> city null, country kept
   when they share one; a country after "in"/"to" unless people of it stand before ("the
   stakeholders in Niger"). Online: virtual/video-conference/webinar cues in the event's
   paragraph, unless hybrid, in person, or only a speaker remote. Online events have no
   venue. `fill_country_from_hosts` adds the host's country afterwards (see there).

Every event carries `rule`, the kind of cue that made it: dated-noun, dated-weak-noun,
dated-verb, dated-borrowed-cue, dated-lead-sentence, dated-plural, companion, nested,
survey-launched, undated-held, undated-demonstrative, undated-distinct, undated-during,
undated-also. Further nouns, verbs of holding and online words are data: event_cues.json
(activity_nouns_more, held_verbs, online_platforms, remote_held, also_markers).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date

from app import vocab
from app.ingest.extract import places
from app.ingest.extract.context import Context
from app.ingest.extract.dates import (
    DateMention,
    add_days,
    date_positions,
    duration_days,
    find_dates,
    relative_year_after,
)
from app.ingest.extract.facts import AdministrationFact, EventFact, Evidence
from app.ingest.extract.text import Sentence, admits, fold, match_starts

_I = re.IGNORECASE
_GENERIC = "activity"  # the internal type of a cue that names no kind of activity


def _lexicon(name: str) -> list[str]:
    """A word list of app/vocab/event_cues.json (see its `_doc` for the kind it serves)."""
    data = vocab.load("event_cues.json")
    return list(data[name]["words"])


def _words(name: str, flags: int = _I) -> re.Pattern[str]:
    """Any word of a lexicon, as whole words; a trailing * allows any ending."""
    return _word_pattern(_lexicon(name), flags)


def _word_pattern(words: list[str], flags: int) -> re.Pattern[str]:
    parts = []
    for word in sorted(words, key=len, reverse=True):
        stem = re.escape(word.rstrip("*")).replace(r"\ ", r"\s+").replace(" ", r"\s+")
        parts.append(stem + (r"[\w’'-]*" if word.endswith("*") else r"(?![\w-])"))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + ")", flags)


_PROGRAMME = _words("programme_names", 0)
_EXPERTS_ON_SITE = _words("experts_on_site")
_COMPANION = _words("companion_links")
_NESTED = _words("nested_links")
_RELEASE = _words("releases")
_CEREMONY_PLACE = _words("ceremony_places")
_UNTIL = _words("until_markers")
_SURVEY_NOUN = _words("survey_nouns")
_NAME_HEAD_AFTER = _words("name_heads", 0)
_VISIT_ANCHOR = _words("visit_anchors")
_WCO_ORGANISER = _words("wco_organisers", 0)
_COURTESY = _words("courtesy_visits")
_ASIDE = _words("aside_phrases")
_ORGANISE_VERB = _words("organise_verbs")


@dataclass(frozen=True, slots=True)
class _CueRule:
    pattern: re.Pattern[str]
    type: str
    weight: int  # 0 a noun naming the activity, 1 a weak noun, 2 a verb
    keys: tuple[str, ...]  # the pattern only matches text holding one of these (lowercase)


def _rule(pattern: str, type_: str, keys: tuple[str, ...], weight: int = 0) -> _CueRule:
    return _CueRule(re.compile(pattern, _I), type_, weight, keys)


def _keys(words: list[str]) -> tuple[str, ...]:
    """What a match of any of `words` holds, lowercased: its first word, or the whole phrase
    when the first word is short ("a eu lieu"), for the cheap `admits`/`match_starts` gates."""
    out = set()
    for word in words:
        first = word.rstrip("*").split()[0].lower()
        out.add(first if len(first) >= 4 else word.rstrip("*").lower())
    return tuple(sorted(out))


def _more_nouns() -> tuple[_CueRule, ...]:
    """The rules of `activity_nouns_more` (event_cues.json): one per type and weight."""
    data = vocab.load("event_cues.json")
    rules = []
    for kind in data["activity_nouns_more"]["kinds"]:
        words = list(kind["words"])
        pattern = _word_pattern(words, _I)
        keys = _keys(words)
        rules.append(_CueRule(pattern, kind["type"], int(kind["weight"]), keys))
    return tuple(rules)


_CUES: tuple[_CueRule, ...] = _more_nouns() + (
    _rule(r"\bweb-?(?:inars?|inaires?|séminaires?)\b", "webinar", ("web",)),
    # A press conference presents something to the press: a launch (corpus rule).
    _rule(r"\b(?:press conferences?|conférences? de presse)\b", "launch", ("press", "presse")),
    _rule(r"(?<!video )(?<!vidéo )(?<!press )\b(?:conferences?|conférences?|symposium|colloque"
          r"|forum)\b(?! (?:call|room))", "conference", ("conf", "symposium", "colloque", "forum")),
    _rule(r"\b(?:workshops?|ateliers?|seminars?|séminaires?|self-assessments?"
          r"|auto-évaluations?)\b", "workshop",
          ("workshop", "atelier", "seminar", "séminaire", "assessment", "évaluation")),
    # Spanish and Portuguese pages: the same kinds in their words.
    _rule(r"\b(?:oficinas?|talleres?|taller|seminarios?|seminários?)\b", "workshop",
          ("oficina", "taller", "seminári", "seminario")),
    _rule(r"\b(?:reuni(?:ão|ões|ón|ones)|encontros?)\b", "meeting", ("reuni", "encontro")),
    _rule(r"\b(?:formação|formações|capacitação|capacitación|cursos?)\b", "training",
          ("formaç", "capacita", "curso")),
    _rule(r"\b(?:missão|missões|misión|misiones)\b", "mission", ("miss", "misi")),
    _rule(r"\b(?:conferência|conferencia|congresso|congreso)s?\b", "conference",
          ("conferência", "conferencia", "congres")),
    _rule(r"\b(?:inquéritos?|encuestas?|pesquisas?)\b", "survey",
          ("inquérito", "encuesta", "pesquisa")),
    _rule(r"\b(?:lançamento|lanzamiento|lançou|lanzó|lançada|lanzada)\b", "launch",
          ("lança", "lanza", "lanzó", "lançou")),
    # A round table is a discussion among stakeholders: a meeting (corpus rule for
    # multi-stakeholder events).
    _rule(r"\b(?:round[- ]?tables?|tables? rondes?)\b", "meeting", ("round", "table")),
    _rule(r"(?<!head of )(?<!of )\b(?:trainings?|training of trainers|formations?"
          r"|(?<!in the )(?<!of )courses?|cours|e-learning sessions?|learning initiatives?)\b"
          r"(?! (?:centres?|centers?|managers?|materials?|department|of action|unit))",
          "training", ("training", "formation", "cours", "e-learning", "learning")),
    _rule(r"\b(?:missions?|scoping visits?|diagnostic visits?|study visits?|study tours?"
          r"|exchange visits?|visites? d['’]études?|voyages? d['’]études?)\b(?! statement)",
          "mission", ("mission", "visit", "tour", "voyage")),
    _rule(r"\b(?:peer(?:-to-peer)? exchanges?|échanges? d['’]expériences?)\b", "meeting",
          ("exchange", "échange"), 1),
    _rule(r"\b(?:meetings?|réunions?|kick-offs?|rencontres?|consultations?)\b", "meeting",
          ("meeting", "réunion", "kick-off", "rencontre", "consultation")),
    _rule(r"\b(?:surveys?|enquêtes?|sondages?|fieldwork|travaux de terrain|data collection"
          r"|collecte (?:des|de) données|CIPS|SPID)\b(?! (?:data|results?|findings|report))",
          "survey",
          ("survey", "enquête", "sondage", "fieldwork", "travaux de terrain", "collect", "cips",
           "spid")),
    _rule(r"\b(?:celebrat\w+|commemorat\w+|célébr\w+|commémor\w+)\b", "other",
          ("celebrat", "commemorat", "célébr", "commémor")),
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
    _rule(r"\b(?:engagements|dialogues?)\b", "meeting", ("engagements", "dialogue"), 1),
    # "the first activity ... took place in Tunis": an activity of unstated kind, typed later
    # from the sentences about it (see _resolve_generic).
    _rule(_words("generic_activity").pattern, _GENERIC, ("activit",)),
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
    r"[^.;]{0,30}?\b(?:carried out|conducted|held|run|menée?|conduite?|réalisée?)\b", _I)
_LIST_AFTER = re.compile(
    r"\s*(?:,|\band\b|\bet\b)\s+(?:de\s+|d['’])?(?=[A-Z])"
    r"|\s+(?:and|et)\s+(?:various|several|other|many|numerous|divers|diverses|plusieurs"
    r"|d['’]autres)\b")
_LIST_BEFORE = re.compile(r"\b[A-Z][\w'’-]+\s*(?:,|\band|\bet)\s+(?:de\s+|d['’])?$")
_SURVEY_NEAR = re.compile(r"\b(?:surveys?|enquêtes?|sondages?)\b", _I)
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
_HELD_MORE = _lexicon("held_verbs")  # "a eu lieu", "a abrité", "se celebró", "decorreu"...
_HELD = re.compile(
    r"\b(?:held|hosted|organi[sz]ed|conducted|carried out|took place|delivered|completed"
    r"|facilitated|attended|tenue?s?|organisée?s?|conduite?s?|menée?s?|accueilli|déroulée?s?"
    r"|réalisée?s?)\b|" + _word_pattern(_HELD_MORE, 0).pattern, _I)
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
    "réalisé", *_keys(_HELD_MORE),
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
    r"\b(?:held|took place|hosted|s['’]est (?:tenue?|déroulée?)|a eu lieu|ont eu lieu)\b|"
    + _word_pattern(_HELD_MORE, 0).pattern, _I)
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
    r"|delivered|tenue?s?|menée?s?|réalisée?s?|conduite?s?|organisée?s?)\b|"
    + _word_pattern(_HELD_MORE, 0).pattern, _I)
# What every match of _HELD_WORD starts with, lowercased.
_HELD_WORD_PREFIXES = (
    "held", "conducted", "carried out", "run", "ran", "organi", "took place", "completed",
    "delivered", "tenu", "mené", "réalisé", "conduit",
    *_keys(_HELD_MORE),
)
_HELD_BEFORE = re.compile(
    r"\b(?:held|conducted|carried out|organi[sz]ed|ran|completed|delivered"
    r"|(?:a|ont|avait|avaient)\s+(?:organisé|tenu|mené|réalisé|conduit))\s+(?:[\w’'-]+\s+){0,6}$",
    _I)
# A survey (or other lasting activity) said to have started, and not said to be over: under
# way, so it has a start and no end ("launched a second round in mid-June").
_STARTED = re.compile(
    r"\b(?:launch(?:ed)?|started|began|begun|commenced|initiated|lancée?s?|démarrée?s?|débutée?s?"
    r"|initiée?s?"
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
# "une réunion virtuelle", "via Webex", "en distanciel" (online_platforms); "held remotely",
# "tenue à distance" (remote_held).
_ONLINE_PLATFORM = _words("online_platforms")
_REMOTE_HELD = _words("remote_held")
_REMOTE_KEYS = ("remotely", "distance")
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


@dataclass(frozen=True, slots=True, eq=True)
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
    yearless: bool = False  # its date has no year the text or date line gives: null dates
    rule: str = ""  # the kind of cue that made it an event
    lead: bool = False  # the article's first dated activity
    back: int | None = None  # the sentence before, undated, that named the activity


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
                if _PROCEEDINGS_OF.match(text, e):
                    continue  # "a lancé les travaux de l'atelier": the workshop is the activity
            if type_ == "survey" and _RESULTS_OF.search(text, 0, s) and not _CONDUCTED.match(
                text, e
            ):
                type_ = "meeting"  # the results of a survey presented: a meeting
            if any(c.start < e and s < c.end for c in found):
                continue
            if s > 0 and text[s - 1] == "(" and type_ == "survey":
                continue  # "the Survey (CIPS)": an acronym restating the noun before it
            found.append(_Cue(s, e, type_, rule.weight, m.group(0)))
    found.sort(key=lambda c: c.start)
    return [c for c in _compounds(text, found) if not _not_an_activity(text, c)]


_COMPOUND_GAP = re.compile(r"[\s-]+")


def _compounds(text: str, cues: list[_Cue]) -> list[_Cue]:
    """"training workshop", "survey launch meeting": in an English compound the last noun
    is the head and names the activity; the nouns before it only qualify it."""
    out: list[_Cue] = []
    for cue in cues:
        prev = out[-1] if out else None
        if (
            prev is not None and cue.weight == 0 and prev.weight <= 1
            and prev.type != _GENERIC and _COMPOUND_GAP.fullmatch(text, prev.end, cue.start)
        ):
            out[-1] = _Cue(prev.start, cue.end, cue.type, 0, text[prev.start : cue.end])
            continue
        out.append(cue)
    return out


# "launched the proceedings of the workshop", "a lancé officiellement les travaux de
# l'atelier": opening an activity, not a launch of its own.
_PROCEEDINGS_OF = re.compile(
    r"\s+(?:officially\s+|officiellement\s+)?(?:the\s+proceedings|the\s+work|les\s+travaux"
    r"|the\s+sessions?|les\s+sessions?)\s+(?:of|de|du|des|d['’])", _I)
_PASSIVE_BEFORE = re.compile(
    r"\b(?:was|were|has been|have been|had been|is being|a été|ont été|est|sera|will be)\s+"
    r"(?:officially\s+|officiellement\s+)?$", _I)


def _not_an_activity(text: str, cue: _Cue) -> bool:
    """A launch of the Programme itself ("the WCO launched the A-CIP Programme", "Launched
    in January 2019, the A-CIP...", "le programme a été lancé en janvier 2019"), or a
    publication made available ("the course was released in May"): background, no event."""
    if cue.type == "launch":
        tail = _object_span(text[cue.end : cue.end + 90])
        if (m := _PROGRAMME.search(tail)) is not None and not any(
            c.weight == 0 and c.type != "launch" for c in _cues_in(tail[: m.start()])
        ):
            return True
        head = text[max(0, cue.start - 110) : cue.start]
        if _PASSIVE_BEFORE.search(head) and (m := _last(_PROGRAMME, head)) is not None:
            return not any(c.weight == 0 for c in _cues_in(head[m.end() :]))
        return False
    if cue.weight < 2:
        after = text[cue.end : cue.end + 45]
        clause = re.split(r"[;:.]|,\s", after, maxsplit=1)[0]
        return _RELEASE.search(clause) is not None and not _HELD.search(clause)
    return False


_DATE_COMMA = re.compile(r"(?:\d|(?:19|20)\d\d)\s*$")


def _object_span(tail: str) -> str:
    """The words after a verb up to the end of its object: the first comma that does not
    close a date ("launched in January 2019, the A-CIP" reads on; "le lancement du Réseau,
    un programme..." stops)."""
    for m in re.finditer(r"[,;.]", tail):
        if m.group(0) != "," or not _DATE_COMMA.search(tail, 0, m.start()):
            return tail[: m.start()]
    return tail


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007
        pass
    return found


def _cues_in(text: str) -> list[_Cue]:
    """The raw cue nouns in a snippet (no filtering), for the checks of `_not_an_activity`."""
    out: list[_Cue] = []
    for rule in _CUES:
        if rule.weight == 0 and rule.type != _GENERIC:
            out.extend(
                _Cue(m.start(), m.end(), rule.type, 0, m.group(0))
                for m in rule.pattern.finditer(text)
            )
    return out


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
        or _programme_launch_date(text, mention)
    )


_LAUNCH_WORD = re.compile(r"\b(?:launch(?:ed)?|lancée?s?|started|began|démarrée?)\b", _I)


def _programme_launch_date(text: str, mention: DateMention) -> bool:
    """"Launched in January 2019, the A-CIP...", "le programme a été lancé en janvier 2019":
    the date of the Programme's own launch."""
    offset = max(0, mention.start - 30)
    if (m := _last(_LAUNCH_WORD, text[offset : mention.start])) is not None and _not_an_activity(
        text, _Cue(offset + m.start(), offset + m.end(), "launch", 0, m.group(0))
    ):
        return True
    # "In January 2019, the WCO launched the A-CIP Programme"
    m = _LAUNCH_WORD.search(text, mention.end, mention.end + 30)
    return m is not None and _not_an_activity(
        text, _Cue(m.start(), m.end(), "launch", 0, m.group(0)))


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
            or _participle_bound(text, c, d)
            for c in cues
        )
        for ci, c in enumerate(cues):
            distance = c.start - d.end if c.start >= d.end else d.start - c.end
            if _participle_bound(text, c, d):
                distance = 0
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


# "the Conference (IACC) held in Vilnius, Lithuania, from 18-21 June": the participle ties
# the date to the activity before it, across the commas of its place.
_PARTICIPLE_TIE = re.compile(
    r"\s*(?:\([^()]{1,20}\)\s*)?,?\s*(?:(?:which|that)\s+(?:was\s+)?)?(?:held|organi[sz]ed"
    r"|hosted|took place|taking place|conducted|tenue?s?|organisée?s?|qui s['’]est (?:tenue?"
    r"|déroulée?)|déroulée?s?)\b[^.;:]*$", _I)


def _participle_bound(text: str, cue: _Cue, mention: DateMention) -> bool:
    return (
        cue.weight == 0 and 0 <= mention.start - cue.end <= 90
        and _PARTICIPLE_TIE.match(text, cue.end, mention.start) is not None
    )


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


@dataclass(frozen=True, slots=True)
class _Reference:
    """What a year-less date takes its year from: the publication date (the date line, in
    any language), else a year the text states for an activity; neither -> unknown."""

    day: date | None
    year: int | None

    def find(self, text: str) -> list[tuple[DateMention, bool]]:
        """The dates of `text`, each with whether its year is unknown (then it stays null)."""
        if self.day is not None:
            return [(m, False) for m in find_dates(text, self.day)]
        if self.year is not None:
            # "between January and February this year": only the date line can say which
            return [(m, relative_year_after(text, m.end))
                    for m in find_dates(text, date(self.year, 7, 1), year=self.year)]
        stated = {m.start for m in find_dates(text, None)}
        return [(m, m.start not in stated) for m in find_dates(text, _ANY_DAY)]


_ANY_DAY = date(2000, 7, 1)  # resolves year-less dates only to find them; their values are dropped
# A year stated for an activity ("in 2021", "early 2021", "en 2020"), not a range in a name
# ("the 2017-2021 strategy") nor a membership ("since 2019").
_YEAR_IN_TEXT = re.compile(
    r"\b(?:in|early|late|mid|during|en|début|fin|courant|au cours de)[\s-]+"
    r"(?P<y>(?:19|20)\d\d)\b(?![-–/]\d)", _I)


def _reference(ctx: Context) -> _Reference:
    """The publication date; else the first fully stated date of the text that dates an
    activity (not the Programme's launch, a membership...); else the latest year the text
    states for an activity."""
    if ctx.published is not None:
        return _Reference(ctx.published, None)
    for sentence in ctx.sentences:
        for mention in find_dates(sentence.text, None, future=False):
            if not _is_background(sentence.text, mention):
                return _Reference(mention.first.value, None)
    years = [int(m.group("y")) for m in _YEAR_IN_TEXT.finditer(ctx.body)]
    return _Reference(None, max(years) if years else None)


def _drafts(ctx: Context, reference: _Reference) -> list[_Draft]:
    dated: list[_Draft] = []
    extra: list[_Draft] = []
    sentences = ctx.sentences
    spots = date_positions(ctx.body)
    for si, sentence in enumerate(sentences):
        at = bisect_left(spots, sentence.start)
        if at == len(spots) or spots[at] >= sentence.end:
            continue  # no month name in this sentence: no date
        text = sentence.text
        found = [(m, y) for m, y in reference.find(text) if not _is_background(text, m)]
        if not found:
            continue
        found = _join_until(text, found)
        yearless = {m.start for m, y in found if y}
        mentions = [m for m, _ in found]
        cues = _cues(text)
        rule = ""
        if not cues and si + 1 < len(sentences):
            cues = _borrowed_cue(text, sentences[si + 1].text, reference.day)
            rule = "dated-borrowed-cue"
        back = _named_before(ctx, si, cues, reference)
        if back is not None and not cues:
            # "The WCO organised a workshop for ... It took place in Arusha on 3-5 May."
            cues = [_Cue(0, 0, back.type, 0, "")]
            rule = "dated-borrowed-cue"
        if not cues and not dated and si < _LEAD_SENTENCES and not _RELEASE.search(text) and (
            mentions[0].first.value <= reference.day if reference.day is not None
            else not _future_or_habitual(text, fold(text))
        ):
            # "From 1 to 5 May, the administration hosted WCO experts": the lead sentence
            # dates the article's activity without naming its kind.
            cues = [_Cue(mentions[0].start, mentions[0].start, _GENERIC, 0, "")]
            rule = "dated-lead-sentence"
        pairs = _pair(text, mentions, cues)
        pairs += _plural_pairs(text, mentions, pairs)
        for mention, cue in pairs:
            plural = cue.start == cue.end and bool(cue.text) and not rule
            draft = _Draft(si, cue, mention, yearless=mention.start in yearless,
                           rule=rule or ("dated-plural" if plural else _DATED_RULES[cue.weight]),
                           lead=not dated,
                           back=si - 1 if back is not None and cue.type == back.type else None)
            dated.append(draft)
            extra.extend(_companions(text, draft, cues, {c for _, c in pairs}))
            if si + 1 < len(sentences) and _THIS_OPENING.match(sentences[si + 1].text):
                # "Cette journée a été l'occasion ... avec le lancement du réseau"
                after = sentences[si + 1].text
                if not reference.find(after):
                    opening = _Draft(si + 1, _Cue(0, 0, cue.type, 0, ""), mention,
                                     yearless=draft.yearless)
                    extra.extend(_companions(after, opening, _cues(after), set()))
    if dated:
        dated.sort(key=lambda d: (d.sentence, _anchor(d)[0]))
        _segment(dated)
        for draft in extra:
            host = next((d for d in dated if d.sentence == draft.sentence
                         and d.when is draft.when), None)
            if host is not None:
                draft.segment = host.segment
        return dated + extra + _distinct_undated(ctx, sentences, dated + extra)
    undated = _undated(sentences)
    return undated + _also_undated(sentences, undated) if undated else undated


_THIS_OPENING = re.compile(r"(?:This|These|Cette|Ce|Cet|Ces)\s")
# A sentence that opens on the activity named just before: a pronoun ("It took place...",
# "Les travaux se sont déroulés...") or a definite noun ("The workshop ran from...").
_BACK_PRONOUN = re.compile(
    r"(?:It|They|Il|Elle|Ils|Elles|Celui-ci|Celle-ci|(?:The|These|Its|Les|Ces|Leurs)\s+"
    r"(?:proceedings|works|discussions|travaux|échanges|débats))\s", _I)
_BACK_DEFINITE = re.compile(
    r"(?:The|This|That|Its|Cette|Ce|Cet|L['’]|La|Le)\s*(?:[\w-]+\s+){0,2}$", _I)


def _named_before(
    ctx: Context, si: int, cues: list[_Cue], reference: _Reference
) -> _Cue | None:
    """The activity the undated sentence before (same paragraph) names, when this dated
    sentence opens on it again: with a pronoun and no cue of its own ("It took place in
    Arusha from 3 to 5 May"), or with a definite of the same kind ("The workshop ran...")."""
    if si == 0:
        return None
    sentences = ctx.sentences
    text = sentences[si].text
    if "\n" in ctx.body[sentences[si - 1].end : sentences[si].start]:
        return None
    if cues:
        first = cues[0]
        if first.weight != 0 or first.start > 30 or not _BACK_DEFINITE.fullmatch(
            text, 0, first.start
        ):
            return None
    elif not _BACK_PRONOUN.match(text):
        return None
    before = sentences[si - 1].text
    if reference.find(before):
        return None
    named = [c for c in _cues(before) if c.weight == 0 and c.type != _GENERIC]
    if not named or cues and all(c.type != cues[0].type for c in named):
        return None
    return named[0] if not cues else next(c for c in named if c.type == cues[0].type)
_LEAD_SENTENCES = 4  # a dated sentence among the first four may report the activity unnamed
_DATED_RULES = ("dated-noun", "dated-weak-noun", "dated-verb")


_PLURAL_CUE = re.compile(r"(?:s|x)$")
_ITEM_BREAK = re.compile(r",|;|\b(?:and|et|then|puis|followed by|while)\b", _I)


def _plural_pairs(
    text: str, mentions: list[DateMention], pairs: list[tuple[DateMention, _Cue]]
) -> list[tuple[DateMention, _Cue]]:
    """"Two workshops were held, in Accra on 3-5 May and in Kumasi on 10-12 May": a plural
    activity noun with several dates is one activity per date, each with its own clause
    (its cue is put at the break before its date)."""
    if len(pairs) != 1 or len(mentions) < 2:
        return []
    first, cue = pairs[0]
    if cue.weight != 0 or cue.type == _GENERIC or not _PLURAL_CUE.search(cue.text):
        return []
    out: list[tuple[DateMention, _Cue]] = []
    previous = first
    for mention in mentions:
        if mention.start <= first.start:
            continue
        breaks = list(_ITEM_BREAK.finditer(text, previous.end, mention.start))
        if not breaks:
            return out
        at = breaks[-1].start() if len(breaks) == 1 else breaks[-2].start()
        at = max(at, previous.end)
        out.append((mention, _Cue(at, at, cue.type, 0, cue.text)))
        previous = mention
    return out


def _join_until(
    text: str, found: list[tuple[DateMention, bool]]
) -> list[tuple[DateMention, bool]]:
    """"launched on 9 January, a survey which will run until 3 February": the second date
    ends the first one's activity (words of `until_markers` right before it)."""
    out: list[tuple[DateMention, bool]] = []
    for mention, yearless in found:
        if out:
            prev, prev_yearless = out[-1]
            gap = text[prev.end : mention.start]
            m = _last(_UNTIL, gap)
            if (
                m is not None and not gap[m.end() :].strip(" ,")
                and len(gap) < 80 and not re.search(r"[.;]", gap)
                and mention.last is not None and mention.last.value >= prev.first.value
            ):
                joined = DateMention(prev.start, mention.end, text[prev.start : mention.end],
                                     prev.first, mention.last)
                out[-1] = (joined, prev_yearless or yearless)
                continue
        out.append((mention, yearless))
    return out


def _companions(
    text: str, draft: _Draft, cues: list[_Cue], paired: set[_Cue]
) -> list[_Draft]:
    """A second activity the sentence adds to a dated one: "a meeting ... followed by a
    workshop", "avec le lancement du réseau" (same dates); "contributed to the conference by
    hosting a workshop" (inside it: no date of its own)."""
    out: list[_Draft] = []
    for cue in cues:
        if cue in paired or cue.weight != 0 or cue.type in (_GENERIC, draft.cue.type):
            continue
        if cue.start < draft.cue.end:
            continue
        gap = text[max(draft.cue.end, cue.start - 70) : cue.end]
        if (m := _last(_COMPANION, gap)) is not None and len(
            gap[m.end() : len(gap) - len(cue.text)].split()) <= 8:
            out.append(_Draft(draft.sentence, cue, draft.when, yearless=draft.yearless,
                              main=False, rule="companion"))
        elif (m := _last(_NESTED, gap)) is not None and len(
                gap[m.end() : len(gap) - len(cue.text)].split()) <= 2:
            out.append(_Draft(draft.sentence, cue, None, main=False, rule="nested"))
    return out


def _borrowed_cue(text: str, following: str, reference: date | None) -> list[_Cue]:
    """A cue from a next sentence that opens on it ("This long-term mission..."), placed at
    the end of this one."""
    if not _DETERMINER_CUE.match(following) or find_dates(following, reference):
        return []
    head = [c for c in _cues(following[:40]) if c.weight == 0]
    if not head:
        return []
    return [_Cue(len(text), len(text), head[0].type, 0, head[0].text)]


# "having conducted the survey", "ayant mené": an earlier activity recalled in passing.
_PERFECT_PARTICIPLE = re.compile(r"\b(?:having|ayant)\s+(?:\w+\s+)?$", _I)
# "conducted two surveys", "deux enquêtes": a count of activities, earlier rounds.
_COUNTED = re.compile(
    r"\b(?:two|three|four|five|several|many|deux|trois|quatre|cinq|plusieurs|\d+)\s+"
    r"(?:[\w-]+\s+)?$", _I)
# "this visit", "ce présent atelier", "a recent virtual meeting": the article's activity.
_THIS_BEFORE = re.compile(
    r"(?:\b(?:this|cette|ce|cet)\s+(?:présente?\s+)?"
    r"|\b(?:an?|the|une?|la|le)\s+(?:recent|récente?)\s+(?:[\w-]+\s+)?)$", _I)


def _undated(sentences: list[Sentence]) -> list[_Draft]:
    """For an article that dates no activity: the first one reported as held, else the one
    it names with a demonstrative or as recent ("the aim of this visit", "a recent virtual
    meeting")."""
    for si, sentence in enumerate(sentences):
        text = sentence.text
        folded = fold(text)
        if not admits(_HELD_KEYS, folded) or _future_or_habitual(text, folded):
            continue
        held = [m for m in _HELD.finditer(text)
                if not _PERFECT_PARTICIPLE.search(text, max(0, m.start() - 20), m.start())]
        if not held:
            continue
        nouns = [c for c in _cues(text) if c.weight == 0 and c.type != _GENERIC
                 and not _COUNTED.search(text, max(0, c.start - 30), c.start)]
        if nouns:
            return [_Draft(si, nouns[0], None, rule="undated-held")]
    if any(_RELEASE.search(s.text) for s in sentences):
        return []  # an article about a course or a guide made available: no activity
    for si, sentence in enumerate(sentences):
        text = sentence.text
        if _future_or_habitual(text, fold(text)):
            continue
        for cue in _cues(text):
            if cue.weight <= 1 and cue.type != _GENERIC and _THIS_BEFORE.search(
                text, max(0, cue.start - 30), cue.start
            ):
                return [_Draft(si, cue, None, rule="undated-demonstrative")]
    return []


_ALSO = _words("also_markers")
_CONTAINERS = {"mission", "workshop", "training", "conference"}  # activities with a programme
_ALSO_VERB = re.compile(_HELD.pattern + r"|\b(?:célébré|celebrated|commemorated|commémoré)\b", _I)


def _also_undated(sentences: list[Sentence], found: list[_Draft]) -> list[_Draft]:
    """In an article that dates no activity, a further one it says was also held ("It also
    organised a campaign for traders", "Elle a également célébré la Journée internationale"):
    an activity of another kind than the first, in a sentence of its own; not a meeting
    beside a mission or workshop (one item of its programme)."""
    kinds = {d.cue.type for d in found}
    taken = {d.sentence for d in found}
    out: list[_Draft] = []
    for si, sentence in enumerate(sentences):
        text = sentence.text
        if si in taken or (also := _ALSO.search(text)) is None:
            continue
        verb = _ALSO_VERB.search(text, max(0, also.start() - 40))
        if verb is None or _future_or_habitual(text, fold(text)):
            continue
        cue = next((c for c in _cues(text) if c.weight == 0 and c.type != _GENERIC
                    and c.start >= verb.start() - 20), None)
        if cue is None or cue.type in kinds or cue.type == "meeting" and kinds & _CONTAINERS:
            continue  # "They also held a meeting with the brokers": part of the mission
        if _PERFECT_PARTICIPLE.search(
            text, max(0, verb.start() - 20), verb.start()
        ):
            continue
        kinds.add(cue.type)
        out.append(_Draft(si, cue, None, rule="undated-also"))
    return out


def _distinct_undated(
    ctx: Context, sentences: list[Sentence], dated: list[_Draft]
) -> list[_Draft]:
    """Undated activities reported as held beside the dated ones, when the text sets them
    apart: new ("a survey, carried out among...") and of another type than every dated
    event, or marked by an ordinal ("the first survey carried out..."). A definite "the
    workshop was organised..." is the dated event again; one in passing ("data from the
    survey held in the country") is background."""
    taken = {d.sentence for d in dated} | {d.back for d in dated if d.back is not None}
    dated_types = {d.cue.type for d in dated}
    spots = match_starts(_HELD_WORD, ctx.body, _HELD_WORD_PREFIXES, fold(ctx.body))
    found: list[_Draft] = []
    for si, sentence in enumerate(sentences):
        at = bisect_left(spots, sentence.start)
        if si in taken or (at == len(spots) or spots[at] >= sentence.end) and not (
            _COMPANION.search(sentence.text)
        ):
            continue  # no "held", "carried out", "menée", "followed by"... in this sentence
        text = sentence.text
        if (_future_or_habitual(text, fold(text)) or _DURING_THE_EVENT.match(text)
                or _RESTATEMENT.search(text)):
            continue
        for cue in _cues(text):
            if cue.weight != 0:
                continue
            if _PROGRAMME_PART.search(text, max(0, cue.start - 25), cue.start):
                continue  # "a final meeting", "la séance de clôture": one part of it
            det = _DISTINCT_BEFORE.search(text, max(0, cue.start - 70), cue.start)
            if det is None or (det.group("ind") is None and det.group("ord") is None):
                continue
            if det.group("ord") is None and cue.type in dated_types:
                continue  # "a workshop" beside a dated workshop: most likely the same one
            followed = _last(_COMPANION, text[max(0, det.start() - 30) : det.start()])
            if (_HELD_AFTER.match(text, cue.end) or _HELD_BEFORE.search(text, 0, det.start())
                    or followed is not None and det.group("ind") is not None
                    and not text[max(0, det.start() - 30) + followed.end() : det.start()].strip()):
                found.append(_Draft(si, cue, None, rule="undated-distinct"))
                break
    for si, sentence in enumerate(sentences):
        # "the results were shared during a meeting of the Committee": an adjacent meeting
        if si in taken or not any(w in sentence.text for w in (
            "during", "lors d", "au cours d", "sidelines", "margins", "en marge")):
            continue
        if _future_or_habitual(sentence.text, fold(sentence.text)):
            continue
        m = _DURING_A.search(sentence.text)
        text = sentence.text
        during = next((c for c in _cues(text) if c.weight == 0 and c.type != _GENERIC and (
            c.start == m.end() if m is not None
            else c.type not in dated_types and c.text[:1].isupper()
            and _DURING_NAMED.search(text, max(0, c.start - 90), c.start) is not None)), None)
        if during is not None and not any(d.sentence == si for d in found):
            found.append(_Draft(si, during, None, rule="undated-during"))
    return found


# "This took the form of a workshop": the dated activity named again.
_RESTATEMENT = re.compile(
    r"\b(?:took the form of|takes the form of|in the form of|consisted of|a pris la forme"
    r"|prenait la forme|sous (?:la )?forme d)", _I)
# "During the week, a series of meetings were held": the dated activity's own programme.
_DURING_THE_EVENT = re.compile(
    r"(?:During|Over|Throughout|Au cours|Durant|Pendant|Tout au long)\s+(?:de\s+)?"
    r"(?:the|this|that|la|cette|ce|les|ces)\s+(?:[\w-]+\s+)?(?:week|days?|mission|visit|event|activity|semaine"
    r"|jours?|journées?|mission|visite|activité)\b")
_PROGRAMME_PART = re.compile(
    r"\b(?:final|closing|opening|concluding|wrap-up|last|first-day|finale|dernière)\s+$", _I)
_DURING_A = re.compile(r"\b(?:during an?|lors d['’]une?|au cours d['’]une?)\s+", _I)
# "during the WCO Global Integrity Conference", "en marge du Forum régional": an activity of
# another kind, named, that the article's activity took place at or beside.
_DURING_NAMED = re.compile(
    r"\b(?:[Dd]uring|[Aa]t|on the (?:sidelines|margins) of|[Ll]ors|[Aa]u cours|[Ee]n marge)"
    r"\s+(?:d['’]|de\s+|du\s+|des\s+)?(?:the\s+|la\s+|le\s+|l['’])?"
    r"(?:(?:\d+(?:st|nd|rd|th|e|ème)|[A-Z][\w'’-]*|of|on|de|des|du|d['’]|sur|la|for|and|et)"
    r"\s*){0,8}$")


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
    remote = admits(_REMOTE_KEYS, folded) and _REMOTE_HELD.search(joined) is not None
    if remote:  # "organisée à distance" says the activity, not one speaker, was remote
        joined = _REMOTE_HELD.sub(" ", joined)
        folded = fold(joined)
    if _negated_online(joined, folded):
        return False
    return bool(
        remote or _ONLINE_STRONG.search(joined)
        or admits(_ONLINE_WEAK_KEYS, folded) and _ONLINE_WEAK.search(joined)
        or _ONLINE_PLATFORM.search(joined)
    )


_NAME_OF_BEFORE = re.compile(
    r"\b(?:Declaration|Déclaration|Convention|Agreement|Accord|Protocol|Protocole)\s+"
    r"(?:of|on|d['’]|de)\s*$", _I)


def _part_of_name(sentence: str, city: places.PlaceMention) -> bool:
    """"the Revised Arusha Declaration", "la Déclaration d'Arusha": a city in a name."""
    after = sentence[city.end : city.end + 30]
    if (m := _NAME_HEAD_AFTER.search(after)) is not None and not after[: m.start()].strip():
        return True
    return _NAME_OF_BEFORE.search(sentence, max(0, city.start - 30), city.start) is not None


# Right before a country that is a venue: "in", "au", "en", "to"...
_VENUE_PREPOSITION = re.compile(r"\b(?:in|au|aux|en|à|to)\s+(?:the\s+)?$", _I)
# ... but not after people of the country ("stakeholders in Niger", "acteurs au Mali").
_PEOPLE_IN = re.compile(
    r"\b(?:stakeholders|participants|officials|officers|operators|representatives|actors"
    r"|acteurs|parties prenantes|opérateurs|représentants|agents|partners|partenaires"
    r"|citizens|population|staff)\s+(?:in|au|aux|en|à)\s+(?:the\s+)?$", _I)



def _venue(
    sentence: str, language: str, cities_only: bool = False
) -> tuple[str | None, str | None, bool]:
    """(city, country, found) for the venue stated in `sentence`."""
    cities = [
        c for c in places.find_cities(sentence)
        if not _ORIGIN.search(sentence, max(0, c.start - 12), c.start)
        and not _part_of_name(sentence, c)
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
    if cities_only:
        return None, None, False
    venue_countries = {
        c.alpha3 for c in places.find_countries(sentence)
        if c.kind == "country"
        and _VENUE_PREPOSITION.search(sentence, max(0, c.start - 12), c.start)
        and not _PEOPLE_IN.search(sentence, max(0, c.start - 40), c.start)
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
    if cue.weight == 0 and cue.text and cue.end <= len(sentence) and type_ == cue.type:
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


def _finish(ctx: Context, draft: _Draft, stop: set[int]) -> list[EventFact]:
    sentence = ctx.sentences[draft.sentence]
    clause = sentence.text[draft.segment[0] : draft.segment[1]]
    follow = _paragraph_sentences(ctx, draft.sentence, stop) if draft.main else []
    parts = [clause] + [ctx.sentences[j].text for j in follow]
    online = _online(parts)
    type_ = draft.cue.type
    if type_ == _GENERIC:
        type_ = _resolve_generic(ctx, draft, stop)
        if type_ == "other" and draft.rule == "dated-lead-sentence" and not _HELD.search(clause):
            return []  # a dated lead sentence about no activity ("In March, Customs adopted")
    if type_ == "mission" and draft.cue.weight == 1 and _COURTESY.search(
        sentence.text, draft.cue.end, draft.cue.end + 60
    ):
        type_ = "meeting"  # a visit paid to a person: a courtesy call, a meeting
    launched = None  # the survey a launch starts ("launched the second survey")
    if type_ == "launch":
        rel_start, rel_end = draft.cue.start - draft.segment[0], draft.cue.end - draft.segment[0]
        if _SURVEY_NEAR.search(clause, max(0, rel_start - 40), rel_start):
            type_ = "survey"  # "the survey was launched in April": the survey itself
        elif (m := _SURVEY_NOUN.search(clause, rel_end, rel_end + 80)) is not None and not any(
            c.weight == 0 and c.type not in ("survey", "launch")
            for c in _cues_in(clause[rel_end : m.start()])
        ):
            launched = m
    if type_ == "workshop" and online and re.search(r"s[ée]minaire|seminar", draft.cue.text, _I):
        type_ = "webinar"
    if type_ == "webinar":
        joined = " ".join(parts)
        online = True if not _negated_online(joined, fold(joined)) else online
    start = end = None
    if draft.when is not None and not draft.yearless:
        start, end = draft.when.first, draft.when.last
        if start == end and start.precision == "day" and (n := duration_days(clause)):
            end = add_days(start, n - 1)
        elif start == end and type_ == "survey" and _under_way(
            clause, parts, draft.cue.start - draft.segment[0]
        ):
            end = None
    city = country = None
    if not online:
        city, country = _event_venue(ctx, draft, clause, follow, stop)
    event = EventFact(
        type=type_,
        name=_name(draft, sentence.text, ctx.language, online, type_),
        start=start,
        end=end,
        city=city,
        country=country,
        online=online,
        evidence=_evidence(sentence, draft),
        rule=draft.rule or "dated-noun",
    )
    if launched is None:
        return [event]
    # A launch starts the survey it names: the survey is an event, under way unless an end
    # is given; the launch is one too when it is a ceremony (a noun, a hall, the press).
    survey_end = end if end != start else None
    survey = replace(event, type="survey", name=_name(draft, sentence.text, ctx.language, online,
                                                    "survey"),
                     end=survey_end if start is not None else None, rule="survey-launched")
    if not _ceremony(sentence.text, draft.cue):
        return [survey]
    return [replace(event, end=start), survey]


def _ceremony(text: str, cue: _Cue) -> bool:
    """A launch that is an event of its own: named by a noun ("the launch of", "au
    lancement du") or held in a hall, before the press, at a ceremony."""
    noun = re.match(r"launch\b|lancement", cue.text, _I) is not None and _ARTICLE_BEFORE.search(
        text, max(0, cue.start - 20), cue.start) is not None
    return noun or _CEREMONY_PLACE.search(text) is not None


_ARTICLE_BEFORE = re.compile(r"\b(?:the|a|au|le|du|un)\s+(?:official\s+|officiel\s+)?$", _I)


_DEFINITE_BEFORE = re.compile(
    r"\b(?:the|this|these|that|cette|ce|cet|ces|l['’]|le|la|les|du|au)\s+(?:[\w-]+\s+){0,2}$"
    r"|\b(?:took the form of|in the form of|took the shape of|sous (?:la )?forme d['’])\s*"
    r"(?:an?|une?)?\s+(?:[\w-]+\s+){0,2}$", _I)
_RESOLVE_WINDOW = 12  # sentences after an unnamed activity read for its kind


def _resolve_generic(ctx: Context, draft: _Draft, stop: set[int]) -> str:
    """The kind of an activity its own words do not name ("the first activity", "worked
    together"), in this order: a verb later in its clause ("an activity during which
    stakeholders presented" -> meeting); for the article's lead activity, the activity named
    again with a definite or demonstrative ("During the workshop", "this mission"), then WCO
    experts working on site (a mission), then the first activity named in the following
    sentences; else other."""
    text = ctx.sentences[draft.sentence].text
    clause_end = min(draft.segment[1], len(text))
    for cue in _cues(text[draft.cue.end : clause_end]):
        if cue.weight == 2:
            return cue.type
    if not draft.lead:
        return "other"
    following = [
        j for j in range(draft.sentence + 1, min(len(ctx.sentences),
                                                 draft.sentence + 1 + _RESOLVE_WINDOW))
        if j not in stop
    ]
    for j in following:
        other = ctx.sentences[j].text
        for cue in _cues(other):
            if cue.weight == 0 and cue.type != _GENERIC and _DEFINITE_BEFORE.search(
                other, max(0, cue.start - 30), cue.start
            ):
                return cue.type
    nearby = [text] + [ctx.sentences[j].text for j in following[:3]]
    if any(_EXPERTS_ON_SITE.search(t) for t in nearby):
        return "mission"
    for j in following[:6]:
        for cue in _cues(ctx.sentences[j].text):
            if cue.weight == 0 and cue.type != _GENERIC:
                return cue.type
    return "other"


def _event_venue(
    ctx: Context, draft: _Draft, clause: str, follow: list[int], stop: set[int]
) -> tuple[str | None, str | None]:
    """The venue of the event's clause; else of a following sentence of its paragraph that
    says where it was held; else, for the first event of its sentence, of a later sentence
    that names it again or a site visited ("facilitated the event in Mexico City", "a site
    visit to the Georgetown port")."""
    city, country, found = _venue(clause, ctx.language)
    if found:
        return city, country
    if draft.back is not None:  # "X hosted a workshop in Y. The workshop ran from ..."
        city, country, found = _venue(ctx.sentences[draft.back].text, ctx.language)
        if found:
            return city, country
    for j in follow:
        text = ctx.sentences[j].text
        if _VENUE_SENTENCE.search(text):
            city, country, found = _venue(text, ctx.language)
            if found:
                return city, country
    if not draft.main:
        return None, None
    for j in range(draft.sentence + 1, len(ctx.sentences)):
        if j in stop:
            break
        text = ctx.sentences[j].text
        if _VISIT_ANCHOR.search(text) and _future_or_habitual(text, fold(text)) is False:
            city, country, found = _venue(text, ctx.language, cities_only=True)
            if found:
                return city, country
    return None, None


def _under_way(clause: str, parts: list[str], at: int = 0) -> bool:
    """A survey said to have started (launched, began) near its cue (at offset `at` of the
    clause), and nowhere said to be over."""
    near = clause[max(0, at - 40) : at + 80]
    return bool(_STARTED.search(near)) and not any(_FINISHED.search(p) for p in parts)


def _evidence(sentence: Sentence, draft: _Draft) -> Evidence:
    return Evidence(sentence.start, sentence.end, sentence.text)


def _within(event: EventFact, other: EventFact) -> bool:
    """An activity of the same kind dated inside another, longer one: one of its legs ("the
    survey runs five days per port: Sfax (9-13 January)...")."""
    if event.type != other.type or None in (event.start, event.end, other.start, other.end):
        return False
    assert event.start and event.end and other.start and other.end
    return (
        event.start.precision == other.start.precision == "day"
        and other.start.value <= event.start.value <= event.end.value <= other.end.value
        and (other.start, other.end) != (event.start, event.end)
    )


def _dedupe(events: list[EventFact]) -> list[EventFact]:
    """One event per activity: the same dates twice are one activity (unless the sentence
    adds a companion); a survey a launch started is the survey dated elsewhere in the text."""
    out: list[EventFact] = []
    for event in events:
        same = next(
            (o for o in out if o.start == event.start and o.end == event.end
             and (o.type == event.type or o.start is not None and "companion" not in (
                 o.rule, event.rule))
             and not (o.country and event.country and o.country != event.country)),
            None,
        )
        if same is not None or any(_within(event, o) for o in out):
            continue
        if event.type == "survey" and (twin := next(
            (o for o in out if o.type == "survey" and (o.rule == "survey-launched"
                                                       or event.rule == "survey-launched")
             and (o.start == event.start or o.start is None or event.start is None)), None,
        )) is not None:
            if twin.start is None or twin.end is None and event.start is not None:
                out[out.index(twin)] = event  # the dated, or bounded, one of the two
            continue
        out.append(event)
    return out


def extract_events(ctx: Context) -> list[EventFact]:
    """Every activity the article reports as held, under way, or scheduled with a date."""
    drafts = _drafts(ctx, _reference(ctx))
    stop = {d.sentence for d in drafts}
    finished = [(d, e) for d in drafts for e in _finish(ctx, d, stop)]
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
    the event stays without a country. Nor for an event the WCO or its Programme held with
    no venue stated (corpus rule), a background activity months before the article's latest
    one (the host holds the news, not necessarily what came before; a survey run on a
    country's soil keeps it), or a committee meeting met in passing.
    """
    hosts = {a.country for a in administrations if "host" in a.roles}
    partners = [a for a in administrations if "partner" in a.roles]
    implicit = not hosts and len(partners) == 1 and all(
        a is partners[0] or a.roles == ["expert"] for a in administrations)
    if implicit:
        # A page about one administration's own activity (experts may help): the activity
        # it reports is on its soil (the host the text leaves implicit), unless its sentence
        # names several countries (a survey in seven countries) or makes its officials
        # attendees of someone else's activity.
        hosts = {partners[0].country}
    if len(hosts) != 1:
        return
    country = next(iter(hosts))
    starts = [e.start.value for e in events if e.start is not None]
    latest = max(starts) if starts else None
    for event in events:
        if event.country is not None or event.city is not None or event.online:
            continue
        if event.rule == "undated-during" or _held_by_wco(event.evidence.sentence):
            continue
        if implicit and (_ATTENDED.search(event.evidence.sentence) or len(
            {c.alpha3 for c in places.find_countries(event.evidence.sentence)
             if c.kind == "country"}) > 1
        ):
            continue
        if (event.type != "survey" and event.start is not None and latest is not None
                and (latest - event.start.value).days > _BACKGROUND_DAYS):
            continue
        event.country = country


_BACKGROUND_DAYS = 90
_ATTENDED = re.compile(
    r"\b(?:attended|followed|participated|took part|ont suivi|a suivi|ont participé"
    r"|a participé|ont pris part)\b", _I)
# Before the WCO's name: it modifies another noun ("with the support of WCO experts",
# "experts from the WCO"), it is not the subject.
_WCO_AS_MODIFIER = re.compile(
    r"\b(?:support of|support from|through|with|avec|under|of|from|by|de|du|des|par|d['’])\s+"
    r"(?:the\s+|l['’]|la\s+)?(?:[\w-]+\s+){0,2}$", _I)
# Between the WCO and its verb: another subject ("..., the Revenue Authority organised").
_OTHER_SUBJECT = re.compile(
    r"\b(?:Customs|Douanes?|Revenue|Authority|Administration|Department|Service|Direction"
    r"|it|they|il|elle|ils|elles)\b", _I)


def _held_by_wco(sentence: str) -> bool:
    """Whether the sentence makes the WCO or its Programme the one that held the activity
    ("the A-CIP Programme conducted a workshop", "WCO experts led a workshop")."""
    for verb in _ORGANISE_VERB.finditer(sentence):
        head = _without_asides(sentence[max(0, verb.start() - 160) : verb.start()])
        for wco in reversed(list(_WCO_ORGANISER.finditer(head))):
            if _OTHER_SUBJECT.search(head, wco.end()):
                break
            if _CO_SUBJECT.search(head, max(0, wco.start() - 60), wco.start()):
                break  # "the Nepal DoC and WCO experts met": held together
            if _WCO_TITLE_AFTER.match(head, wco.end()):
                continue  # "SAT, WCO regional Vice President, organized": a title
            if not _WCO_AS_MODIFIER.search(head, max(0, wco.start() - 30), wco.start()):
                return True  # the subject ("WCO experts from the Programme led")
    return False


_WCO_TITLE_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+){0,3}?(?:Vice[- ]Presidents?|Presidents?|Vice[- ]Chairs?|Chairs?"
    r"|Secretary|Director|Members?|Vice-présidente?|Présidente?|Membres?)\b", _I)
_CO_SUBJECT = re.compile(
    r"(?:Customs|Douanes?|Revenue|Authority|Administration|Department|Service|\([A-Z][A-Za-z]{1,6}\))"
    r"\s+(?:and|et)\s+(?:the\s+|l['’]|la\s+)?$")


def _without_asides(head: str) -> str:
    """`head` without the phrases set between commas that name helpers (`aside_phrases`)."""
    for m in reversed(list(_ASIDE.finditer(head))):
        start = head.rfind(",", 0, m.start())
        if start < 0 or head[start : m.start()].strip(" ,"):
            continue
        # the aside runs to the comma before the verb, else to the next comma
        end = head.rstrip().rfind(",") if head.rstrip().endswith(",") else head.find(",", m.end())
        head = head[:start] + (head[end:] if end >= m.end() else "")
    return head

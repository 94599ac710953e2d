"""Per-language rules as data: load and validate `extractors/lexicons/<lang>.toml`.

Every rule the extractors use (number words, multipliers, qualifier phrases,
metric nouns, source names, relevance terms, negative contexts) lives in one
TOML file per language. This module reads a file once, checks it and
compiles it into a frozen `Lexicon`:

* every required key is present, with the right type;
* every pattern is a non-empty string that compiles as a regular expression
  and cannot match the empty string (an empty alternative like ``a||b`` would
  match everywhere);
* every number word maps to a positive integer, every source key is a known
  source code.

Any problem raises `LexiconError` naming the file and the key.

Pattern lists are joined into one alternation per key. In languages written
with spaces (``meta.word_boundaries = true``) the alternation is wrapped in
word boundaries; in Korean, Japanese and Chinese it is not.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from extractors.records import METRICS, QUALIFIERS, SOURCES

MEDIA = "MEDIA"  # pseudo source code: an outlet relaying others; counted as OTHER

# Keys whose value is a list of regex fragments, and whether the list may be empty.
PATTERN_KEYS: dict[str, bool] = {
    # numbers
    "numbers.connectors": True,
    "numbers.vague_before": False,
    "numbers.articles": True,
    "numbers.range_lead": True,
    "numbers.range_sep": False,
    "numbers.range_sep_lead": True,
    # a separator that makes a range only with a closing word after the second number
    # ("1만 명에서 1만2천 명 사이": "between 10,000 and 12,000")
    "numbers.range_sep_tail": True,
    "numbers.range_tail": True,
    "numbers.odd_infix": True,  # "28 с лишним тысяч": "-odd" between a number and its scale
    "numbers.inverted_scales": True,  # "тысяч двенадцать": scale first, an approximation
    # "40 kilómetros, y hasta 60": a word that raises a measure to a second, bare number
    "numbers.escalation": True,
    # between a collective and a scale it multiplies: "une dizaine de milliers", "una decena de miles"
    "numbers.collective_of": True,
    "numbers.counters": True,
    # filters: text right after / right before a number that makes it no figure
    "filters.unit_after": False,
    "filters.unit_before": False,
    "filters.year_before": True,
    "filters.fixed_phrases": True,
    # context words
    "context.nk": False,
    "context.russia": False,
    "context.military": False,
    "context.foreign_forces": False,
    "context.returned": False,
    "context.hypothetical": False,
    "context.fired": False,
    "context.supplied": False,
    "context.subset": True,
    "context.subcount_lead": True,
    "context.ranks": True,
    "context.army": False,
    "context.split": True,
    "context.civilian": True,
    "context.base_before": True,
    "context.unit_size_before": True,
    "context.unit_size_after": True,
    "context.dispatch": True,
    "context.comparison": True,
    "context.figure_words": True,
    # "in all", "загалом": a second number that sums up the first's kind ("10,000 in Kursk and
    # over 11,000 in Russia in all")
    "context.total": True,
    # border entries and visas ("13,000 entries of North Koreans"): statistics, not a deployment
    "context.entries": True,
    # "their number", "그 규모": the number measures what the sentence named before
    "context.size_ref": True,
    # "人数在…之间", "数字是", "兵力为": the subject says a bare head count measures the troops
    "context.headcount": True,
    # a second reported clause ("… 11,000 troops and that Moscow hides its losses"): an event word
    # after it is not the number's
    "context.new_clause": True,
    # "before the reinforcements", "antes de los refuerzos": the number is the count before a batch
    "context.before_batch": True,
    # a task after a head count ("to help with reconstruction and mine clearance", "pour y mener des
    # opérations de déminage"): with a speciality word it makes the people support personnel
    "context.task": True,
    # fractions ("a third", "die Hälfte"): a share of a base count ("Von den 11.000 … sei mehr als ein
    # Drittel getötet worden": the toll is the share, not the base)
    "context.fractions": True,
    # "to make up for": a batch sent to replace losses ("3,000 more to replace the fallen")
    "context.purpose": True,
    "context.other_arms": True,
    "context.destroyed": True,
    "context.agent": True,  # "captured by Ukrainian forces": the captors, not the counted
    "context.at_place": True,  # "12.000 in Russland": a preposition (or postposition) of place
    "context.growth": True,
    # "et autant de", "the same number of": a count that holds for a second kind too
    "context.as_many": True,
    # "220 одиниць", "120 pièces": a counter of weapons after the number, which counts the weapon named before
    "context.equipment_counter": True,
    # ", entre zapadores e ingenieros": after a head count, what the people are
    "context.made_of": True,
    # "the first group", "первая группа": a count of people, of the kind the text was counting
    "context.first_batch": True,
    # sources
    "sources.unsourced": True,
    "sources.anaphoric": True,
    "sources.relay": True,
    "sources.hearsay": True,
    "sources.generic": True,
    "sources.citing": True,
    # words joining two agencies that give a figure together ("the NIS and the Pentagon")
    "sources.joint": True,
    # a partner named beside the source ("in cooperation with Ukrainian intelligence", "정보당국과 공조해")
    "sources.partner": True,
    # places, never a person's name bound to a source ("Южной Кореи" beside "НРС")
    "sources.places": True,
    "sources.locative": True,  # "in Kyiv", "sobre Járkov y Kiev": the place is no source
    # the speaker's own voice ("we count", "우리가"): in an interview, the interviewee's figure
    "sources.first_person": True,
    # the introduction's sentence that presents an interviewee ("We asked Han Seung-woo, …",
    # "Мы поговорили с исследователем…", "本报记者专访了…")
    "sources.interview_cue": True,
    # relevance
    # a short name that means North Korea once the text has named it in full ("Kim" after "Kim Jong Un")
    "relevance.nk_short": True,
    "relevance.support": False,
    "relevance.strong": False,
    "relevance.nk_specific": True,
    # the topic of a story about something else ("touristes russes", "관광객"): the alliance named
    # in passing in it is no report on the support
    "relevance.off_topic": True,
}

METRIC_KEYS: tuple[str, ...] = (
    "people",
    "persons",
    "additional",
    "casualties",
    "losses",
    "killed",
    "wounded",
    "captured",
    "support_personnel",
    "workers",
    "artillery_systems",
    "missiles",
    "artillery_shells",
    "containers",
)

QUALIFIER_KEYS: tuple[str, ...] = tuple(q for q in QUALIFIERS if q not in ("exact", "range"))

NUMBER_TABLES: dict[str, bool] = {
    "numbers.words": False,
    "numbers.scales": False,
    "numbers.multipliers": True,
    "numbers.collective": True,
}

SOURCE_PRIORITY: dict[str, int] = {
    "KR-JCS": 3,
    "KR-NIS": 3,
    "UA-GUR": 3,
    "US-GOV": 3,
    "UK-MOD": 3,
    "NATO": 3,
    "RU-GOV": 3,
    "KP-GOV": 3,
    "KR-GOV": 2,
    "UA-GOV": 2,
    "OTHER": 2,
    MEDIA: 1,
}


class LexiconError(ValueError):
    """A lexicon file is missing, unreadable or invalid."""


class LexiconMissing(LexiconError):
    """No lexicon is packaged for the language (a text in an unsupported language)."""


@dataclass(frozen=True, eq=False)
class Lexicon:
    """A compiled lexicon; hashed by identity (one instance per language, cached)."""

    lang: str
    word_boundaries: bool
    east_asian: bool
    bind_names: bool
    cite_names: bool
    before_weight: float
    event_reach: int
    word_lead: bool
    word_tail: str
    number_words: dict[str, int]
    scales: dict[str, int]
    multipliers: dict[str, int]
    collective: dict[str, int]
    standalone_scales: frozenset[str]
    patterns: dict[str, re.Pattern[str]]
    raw: dict[str, str]
    metrics: dict[str, re.Pattern[str]]
    qualifiers_before: dict[str, re.Pattern[str] | None]
    qualifiers_after: dict[str, re.Pattern[str] | None]
    sources: tuple[tuple[str, re.Pattern[str]], ...]

    def pattern(self, key: str) -> re.Pattern[str]:
        return self.patterns[key]


def _get(data: dict[str, Any], dotted: str, name: str) -> Any:
    node: Any = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise LexiconError(f"{name}: missing key '{dotted}'")
        node = node[part]
    return node


def _fragments(value: Any, key: str, name: str, may_be_empty: bool) -> list[str]:
    """The group's patterns, checked for shape; `_compiled` checks that they compile."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LexiconError(f"{name}: key '{key}' must be a list of strings")
    if not value and not may_be_empty:
        raise LexiconError(f"{name}: key '{key}' is an empty group")
    for frag in value:
        if not frag.strip():
            raise LexiconError(f"{name}: key '{key}' holds an empty pattern")
        if _EMPTY_ALTERNATIVE.search(frag):
            raise LexiconError(f"{name}: key '{key}': pattern {frag!r} has an empty alternative")
    # \x27 stands for an apostrophe, straight or typographic ("Seoul's", "Seoul’s")
    return [_apostrophes(frag) for frag in value]


# a character class ("[\w\x27-]"), escapes kept whole
_CLASS = re.compile(r"\[(?:\\.|[^\]\\])*\]")


def _apostrophes(frag: str) -> str:
    r"""\x27 as either apostrophe: "[\x27’]" outside a character class, "\x27’" inside one."""
    out, pos = [], 0
    for m in _CLASS.finditer(frag):
        out.append(frag[pos : m.start()].replace("\\x27", "[\\x27\u2019]"))
        out.append(m.group(0).replace("\\x27", "\\x27\u2019"))
        pos = m.end()
    out.append(frag[pos:].replace("\\x27", "[\\x27\u2019]"))
    return "".join(out)


def _compiled(body: str, frags: list[str], key: str, name: str) -> re.Pattern[str]:
    """`body` (built from the group `frags`) compiled; a pattern of the group that does not
    compile or matches the empty string is named in the error. One compile per group: the
    patterns are compiled one by one only to find the culprit."""
    try:
        rx = re.compile(body, re.IGNORECASE)
        if not rx.fullmatch(""):
            return rx
    except re.error:
        pass
    for frag in frags:
        try:
            compiled = re.compile(frag, re.IGNORECASE)
        except re.error as exc:
            raise LexiconError(f"{name}: key '{key}': pattern {frag!r} does not compile: {exc}") from exc
        if compiled.fullmatch(""):
            raise LexiconError(f"{name}: key '{key}': pattern {frag!r} matches the empty string")
    raise LexiconError(f"{name}: key '{key}' does not compile as a whole")


NEVER = re.compile(r"(?!x)x")  # a pattern that never matches: what a language leaves empty
# "a||b", "(|a)", "(?:a|)": an empty branch somewhere inside a pattern (not after a backslash)
_EMPTY_ALTERNATIVE = re.compile(r"(?<!\\)\|\||(?<!\\)\((?:\?:)?\||(?<!\\)\|\)")


def _alternation(frags: list[str], boundaries: bool, key: str, name: str) -> re.Pattern[str]:
    if not frags:
        return NEVER
    body = "|".join(f"(?:{f})" for f in sorted(frags, key=len, reverse=True))
    if boundaries:
        body = rf"(?<![\w])(?:{body})(?![\w])"
    return _compiled(body, frags, key, name)


def _number_table(value: Any, key: str, name: str, may_be_empty: bool) -> dict[str, int]:
    if not isinstance(value, dict):
        raise LexiconError(f"{name}: key '{key}' must be a table of word = number")
    if not value and not may_be_empty:
        raise LexiconError(f"{name}: key '{key}' is an empty group")
    table: dict[str, int] = {}
    for words, number in value.items():
        if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
            raise LexiconError(f"{name}: key '{key}.{words}' must be a positive integer")
        for word in words.split("|"):
            word = word.strip().lower()
            if not word:
                raise LexiconError(f"{name}: key '{key}' has an empty word in {words!r}")
            table[word] = number
    return table


def parse_lexicon(data: dict[str, Any], name: str) -> Lexicon:
    """Validate a decoded TOML document and compile it. `name` is used in errors."""
    lang = _get(data, "meta.lang", name)
    if not isinstance(lang, str) or not re.fullmatch(r"[a-z]{2}", lang):
        raise LexiconError(f"{name}: key 'meta.lang' must be a 2-letter code")
    boundaries = _get(data, "meta.word_boundaries", name)
    if not isinstance(boundaries, bool):
        raise LexiconError(f"{name}: key 'meta.word_boundaries' must be true or false")
    east_asian = data.get("meta", {}).get("east_asian", False)
    # whether a capitalised name next to a source name is learnt as that source for the rest of
    # the text ("Vadym Skibitskyi, deputy head of HUR" → "Skibitskyi said…"); off where every
    # noun is capitalised (German) or there are no capitals (ko, ja, zh)
    bind_names = data.get("meta", {}).get("bind_names", not east_asian)
    if not isinstance(bind_names, bool):
        raise LexiconError(f"{name}: key 'meta.bind_names' must be true or false")
    # whether an unknown capitalised name right after a citing phrase is a source of its own
    # ("D'après Radio Free Asia"); off where every noun is capitalised ("nach Angaben des Ministeriums")
    cite_names = data.get("meta", {}).get("cite_names", bind_names)
    if not isinstance(cite_names, bool):
        raise LexiconError(f"{name}: key 'meta.cite_names' must be true or false")
    if not isinstance(east_asian, bool):
        raise LexiconError(f"{name}: key 'meta.east_asian' must be true or false")
    # how far after a number an event word (killed, wounded) may stand and still be its verb;
    # wider where the verb closes the clause ("… sind … in einem Krieg gefallen")
    event_reach = data.get("meta", {}).get("event_reach", 90)
    if not isinstance(event_reach, int) or isinstance(event_reach, bool) or event_reach <= 0:
        raise LexiconError(f"{name}: key 'meta.event_reach' must be a positive whole number")
    before_weight = data.get("meta", {}).get("before_weight", 1.5)
    if not isinstance(before_weight, (int, float)) or before_weight <= 0:
        raise LexiconError(f"{name}: key 'meta.before_weight' must be a positive number")

    _tail = data["meta"].get("number_word_tail", "")
    if not isinstance(_tail, str):
        raise LexiconError(f"{name}: key 'meta.number_word_tail' must be a string")
    if _tail:
        try:
            re.compile(_tail)
        except re.error as exc:
            raise LexiconError(f"{name}: key 'meta.number_word_tail' does not compile: {exc}") from exc
    tables = {
        key: _number_table(_get(data, key, name), key, name, empty) for key, empty in NUMBER_TABLES.items()
    }
    standalone = _get(data, "numbers.standalone_scales", name)
    if not isinstance(standalone, list) or not all(isinstance(s, str) and s.strip() for s in standalone):
        raise LexiconError(f"{name}: key 'numbers.standalone_scales' must be a list of words")

    patterns: dict[str, re.Pattern[str]] = {}
    raw: dict[str, str] = {}
    for key, empty in PATTERN_KEYS.items():
        frags = _fragments(_get(data, key, name), key, name, empty)
        patterns[key] = _alternation(frags, boundaries, key, name)
        raw[key] = "|".join(f"(?:{f})" for f in sorted(frags, key=len, reverse=True)) or "(?!x)x"

    metrics: dict[str, re.Pattern[str]] = {}
    for metric in METRIC_KEYS:
        key = f"metrics.{metric}"
        empty = metric in ("persons", "captured", "containers", "workers", "losses")
        metrics[metric] = _alternation(_fragments(_get(data, key, name), key, name, empty), boundaries, key, name)

    q_before: dict[str, re.Pattern[str] | None] = {}
    q_after: dict[str, re.Pattern[str] | None] = {}
    counters = _get(data, "numbers.counters", name)
    counter_alt = "|".join(f"(?:{c})" for c in counters) or "(?!x)x"
    for qual in QUALIFIER_KEYS:
        before = _fragments(_get(data, f"qualifiers.{qual}", name), f"qualifiers.{qual}", name, True)
        after = _fragments(
            _get(data, f"qualifiers.{qual}_after", name), f"qualifiers.{qual}_after", name, True
        )
        lead = r"(?<![\w])" if boundaries else ""
        q_before[qual] = (
            _compiled(lead + "(?:" + "|".join(f"(?:{f})" for f in before) + r")[\s\u00a0]*$",
                      before, f"qualifiers.{qual}", name)
            if before
            else None
        )
        tail = r"(?![\w])" if boundaries else ""
        q_after[qual] = (
            _compiled(
                r"^[\s\u00a0]*(?:(?:" + counter_alt + r")[\s\u00a0]*)?(?:"
                + "|".join(f"(?:{f})" for f in after)
                + ")"
                + tail,
                after, f"qualifiers.{qual}_after", name,
            )
            if after
            else None
        )

    raw_sources = _get(data, "sources.codes", name)
    if not isinstance(raw_sources, dict) or not raw_sources:
        raise LexiconError(f"{name}: key 'sources.codes' must be a non-empty table of code = [patterns]")
    sources: list[tuple[str, re.Pattern[str]]] = []
    for code, frags in raw_sources.items():
        if code not in SOURCES and code != MEDIA or code == "":
            raise LexiconError(f"{name}: key 'sources.codes.{code}' is not a known source code")
        key = f"sources.codes.{code}"
        sources.append((code, _alternation(_fragments(frags, key, name, False), boundaries, key, name)))

    return Lexicon(
        lang=lang,
        word_boundaries=boundaries,
        east_asian=east_asian,
        bind_names=bind_names,
        cite_names=cite_names,
        before_weight=float(before_weight),
        event_reach=event_reach,
        word_lead=bool(data["meta"].get("number_word_lead", False)),
        word_tail=_tail,
        number_words=tables["numbers.words"],
        scales=tables["numbers.scales"],
        multipliers=tables["numbers.multipliers"],
        collective=tables["numbers.collective"],
        standalone_scales=frozenset(s.lower() for s in standalone),
        patterns=patterns,
        raw=raw,
        metrics=metrics,
        qualifiers_before=q_before,
        qualifiers_after=q_after,
        sources=tuple(sources),
    )


def available_languages() -> tuple[str, ...]:
    """The 2-letter codes of the packaged lexicon files."""
    folder = resources.files("extractors").joinpath("lexicons")
    return tuple(
        sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml") and len(p.name) == 7)
    )


@lru_cache(maxsize=None)
def load_lexicon(lang: str) -> Lexicon:
    """Load, validate and compile the packaged lexicon for `lang` (cached)."""
    name = f"lexicons/{lang}.toml"
    if not re.fullmatch(r"[a-z]{2}", lang or ""):
        raise LexiconMissing(f"{name}: not a 2-letter language code")
    path = resources.files("extractors").joinpath("lexicons", f"{lang}.toml")
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise LexiconMissing(f"{name}: no lexicon for this language ({exc})") from exc
    except OSError as exc:
        raise LexiconError(f"{name}: cannot read file ({exc})") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise LexiconError(f"{name}: invalid TOML ({exc})") from exc
    lex = parse_lexicon(data, name)
    if lex.lang != lang:
        raise LexiconError(f"{name}: key 'meta.lang' says {lex.lang!r}")
    return lex


__all__ = [
    "Lexicon",
    "LexiconError",
    "LexiconMissing",
    "MEDIA",
    "METRIC_KEYS",
    "METRICS",
    "NEVER",
    "SOURCE_PRIORITY",
    "available_languages",
    "load_lexicon",
    "parse_lexicon",
]

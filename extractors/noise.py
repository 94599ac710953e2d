"""Numbers that are no counts: percentages, dates, years, ages, calibres, designations, money,
units, "the two", shares and datelines. Pure functions over a sentence and its language's lexicon."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.lexicon import METRIC_KEYS, NEVER, Lexicon
from extractors.numbers import NumberMention
from extractors.qualifiers import qualifier
from extractors.sentences import ORDINAL_LEAD


@dataclass(frozen=True)
class NumberRx:
    """Patterns around a number, built from one lexicon."""

    unit_after: re.Pattern[str]
    unit_before: re.Pattern[str]
    unit_after_word: re.Pattern[str]
    year_before: re.Pattern[str]
    split: re.Pattern[str]


@lru_cache(maxsize=32)
def number_rx(lex: Lexicon) -> NumberRx:
    tail = r"(?![^\W\d_])" if lex.word_boundaries else ""
    lead = r"(?<![^\W\d_])" if lex.word_boundaries else ""
    return NumberRx(
        unit_after=re.compile(r"^[\s\u00a0\u202f]*-?(?:" + lex.raw["filters.unit_after"] + ")" + tail, re.I),
        unit_before=re.compile(lead + "(?:" + lex.raw["filters.unit_before"] + r")[\s\u00a0\u202f]*$", re.I),
        # "два російські танки", "three Russian tanks": one word between the number and its unit
        unit_after_word=re.compile(
            r"^[\s\u00a0\u202f]+(?P<word>[^\W\d_][\w\x27’-]*)[\s\u00a0]+(?:" + lex.raw["filters.unit_after"] + ")" + tail, re.I
        )
        if lex.word_boundaries
        else NEVER,
        year_before=re.compile(lead + "(?:" + lex.raw["filters.year_before"] + r")[\s\u00a0]*$", re.I),
        split=lex.patterns["context.split"],
    )


@lru_cache(maxsize=32)
def _pair_before_rx(lex: Lexicon) -> re.Pattern[str]:
    lead = r"(?<![^\W\d_])" if lex.word_boundaries else ""
    return re.compile(
        lead + "(?:" + lex.raw["filters.unit_before"] + r")[\s\u00a0]*\d+[\s\u00a0]*(?:"
        + lex.raw["numbers.connectors"] + r"|,)[\s\u00a0]*$",
        re.I,
    )


@lru_cache(maxsize=32)
def _elliptic_unit_rx(lex: Lexicon) -> re.Pattern[str]:
    """"tiene 20 años y el otro 26", "l'un a 20 ans et l'autre 26": the unit of the first number
    covers the bare second one."""
    tail = r"(?![^\W\d_])" if lex.word_boundaries else ""
    words = r"(?:[^\W\d_][\w\x27’]*[\s\u00a0]+){0,3}" if lex.word_boundaries else r"[^\W\d_]{0,6}"
    return re.compile(
        r"\d[\s\u00a0]*(?:" + lex.raw["filters.unit_after"] + ")" + tail
        # ("47 drones were shot down and 24 were lost": a few words may follow the unit)
        + (r"(?:[\s\u00a0]+[^\W\d_][\w\x27’-]*){0,4}" if lex.word_boundaries else "")
        + r"[\s\u00a0]*(?:,[\s\u00a0]*)?(?:" + lex.raw["numbers.connectors"] + r"|,)[\s\u00a0]+"
        + words + r"$",
        re.I,
    )


GLUED_LETTER = re.compile(r"[A-Za-zＡ-Ｚａ-ｚА-Яа-яЁёІіЇїЄєҐґ]$")
DESIGNATION_BEFORE = re.compile(r"[^\W\d_][-‐‑][\"“”「」]?$")
DATELINE_NUMBER = re.compile(r"^[\s\u00a0]*(?:--|—|–)")


# "30 or 40", "30 ou 40", "30-40": a second small number right after the first
ALTERNATIVE_AFTER = re.compile(r"[\s\u00a0]*(?:[^\W\d_]{1,6}|[-–])[\s\u00a0]*(\d{1,3}(?:[.,]\d+)?)(?![\d.,]\d)")


def is_noise(sent: str, n: NumberMention, lex: Lexicon) -> bool:
    """Percentages, dates, years, ages, calibres, designations, money."""
    rx = number_rx(lex)
    after = sent[n.end : n.end + 45]
    before = sent[max(0, n.start - 25) : n.start]
    if rx.unit_after.search(after):
        return True
    # ("the two in January captured": a number word is no date or measure before a month)
    raw = sent[n.start : n.end]
    grouped = n.value >= 1000 and re.search(r"\d[\s\u00a0\u202f,.'’]\d{3}(?!\d)", raw)
    # (a number word, or a grouped count "15 000 depuis octobre", is no date before a month)
    word = rx.unit_after_word.match(after) if re.search(r"\d", raw) and not grouped else None
    if word and not any(lex.metrics[key].search(word.group("word")) for key in METRIC_KEYS):
        return True
    ub = rx.unit_before.search(before)
    raw_number = sent[n.start : n.end]
    if ub and not (
        # "dès novembre 11 000 hommes", "im Januar zwei nordkoreanische Soldaten": a grouped count or
        # a number word after a word (a month, "page") is no date
        re.fullmatch(r"[^\W\d_]+\s*", ub.group(0))
        and (
            (n.value >= 1000 and re.search(r"\d[\s\u00a0\u202f,.'’]\d{3}(?!\d)|[^\W\d_]", raw_number))
            or not re.search(r"\d", raw_number)
        )
    ):
        return True
    for fm in lex.patterns["filters.fixed_phrases"].finditer(sent, max(0, n.start - 60), min(len(sent), n.end + 30)):
        if fm.start() < n.end and n.start < fm.end() and (
            n.value < 2 or not metric_noun_soon(sent, fm.end(), lex, _own_reach(sent, fm.end(), n), SPECIFIC_NOUNS)
        ):
            return True  # "the two countries", not "the two soldiers captured"
    if re.match(r"[:：]\d", after):
        return True  # "【19:45】", "10:30": a time
    if (
        not sent[: n.start].strip() and sent[n.start : n.start + 1].isdigit() and n.value <= 31
        and DATELINE_NUMBER.match(after)
    ):
        return True  # "13 -- North Korean casualties...": the end of a dateline (a day, not "12,000 — the troops")
    if _pair_before_rx(lex).search(before):
        return True  # "aged 20 and 26": the second of a pair led by an age or a designation
    pair = _pair_after_rx(lex).match(after)
    if pair and rx.unit_after.search(after[pair.end() :]):
        return True  # "aged 20 and 26 years", "20세와 26세": the unit after the pair covers both
    alt = ALTERNATIVE_AFTER.match(after)
    if alt and n.value < float(alt.group(1).replace(",", ".")) <= 100 and rx.unit_after.search(after[alt.end() :]):
        return True  # "30 ou 40 % de leurs effectifs": the unit after the second covers the first
    if re.match(r"[\s\u00a0]*(?:[.,;:!?)»\"”]|$)", after) and _elliptic_unit_rx(lex).search(
        sent[max(0, n.start - 60) : n.start]
    ):
        return True  # "one is 20 years old and the other 26": a bare number closing a pair led by a unit
    if _escalated_unit_rx(lex).search(sent, max(0, n.start - 60), n.start):
        return True  # "unos 40 kilómetros, y hasta 60 con proyectiles asistidos": the same measure, raised
    if re.search(r"[(（]\s*$", before) and re.match(r"\s*[)）]", after) and n.value < 120:
        return True  # "男性（74）", "Kim (41)": an age in brackets
    if after.startswith(". ") and ORDINAL_LEAD.search(before) and after[2:3].isupper():
        return True  # "zum 80. Gründungstag": an ordinal
    if DESIGNATION_BEFORE.search(before) or GLUED_LETTER.search(before):
        return True  # "KN-23", "Hwasong-18", "火星-18", "Су-34", "ＫＮ２３": a designation
    raw = sent[n.start : n.end]
    if n.value < 100 and YEAR_SPAN_BEFORE.search(before):
        return True  # "the 1950-53 Korean War": a span of years written short
    if n.high is not None and 1900 <= n.value < 2100 and 1900 <= n.high < 2100 and n.high - n.value <= 10:
        return True  # "за 2024–2025 годы": a span of years
    if n.high is None and re.fullmatch(r"(19|20)\d\d", raw.strip()):
        # a year, unless a counted noun follows ("in 2024" vs "a contingent of 2000 soldiers")
        if not metric_noun_soon(sent, n.end, lex, 8 if rx.year_before.search(before) else 25) and not (
            # "schätzte die Zahl der Gefallenen auf etwa 2000": a round hundred after a hedge counts
            n.value % 100 == 0 and not rx.year_before.search(before) and qualifier(sent, n, lex) in HEDGES
        ):
            return True
    return False


NUMBER_TAIL = re.compile(r"[\d.,'’\s\u00a0\u202f]*")  # the rest of a number's digits and separators
DIGIT = re.compile(r"\d")


def _own_reach(sent: str, pos: int, n: NumberMention, width: int = 35) -> int:
    """How far after `pos` a noun can still be the number's own: up to the next number ("in zwei
    Wellen insgesamt 15.000 Soldaten"), past the number's own digits ("von 10.000 bis 12.000 Mann")."""
    rest = NUMBER_TAIL.match(sent, max(pos, n.end)).end()
    digit = DIGIT.search(sent, rest, pos + width)
    return digit.start() - pos if digit else width


YEAR_SPAN_BEFORE = re.compile(r"(?<!\d)(?:19|20)\d\d[-–/]$")
HEDGES = ("approx", "at_least", "more_than", "fewer_than")
COUNTED_NOUNS = (
    "people", "persons", "artillery_shells", "artillery_systems", "missiles", "containers",
    "support_personnel", "workers", "casualties", "killed", "wounded",
)
# what "the two" may count and still be a figure ("the two soldiers captured"): people, not
# counters, nor an event after a phrase that names its noun ("les deux hommes, blessés"), nor a
# share of arms ("vier von zehn Granaten")
SPECIFIC_NOUNS = ("people", "support_personnel", "workers", "captured")


def metric_noun_soon(sent: str, pos: int, lex: Lexicon, width: int, keys: tuple[str, ...] = COUNTED_NOUNS) -> bool:
    window = sent[pos : pos + width]
    for key in keys:
        if lex.metrics[key].search(window):
            return True
    return False


@lru_cache(maxsize=32)
def _escalated_unit_rx(lex: Lexicon) -> re.Pattern[str]:
    """A number with its unit, then a word that raises it, right before a bare number ("plus de 40
    kilomètres, voire à 60", "40 km, or even 60")."""
    if lex.patterns["numbers.escalation"].pattern == NEVER.pattern:
        return NEVER
    return re.compile(
        # (after a comma: not "орудий калибра 170 мм и до 100 реактивных систем")
        r"\d[\s\u00a0]*(?:" + lex.raw["filters.unit_after"] + r")(?![^\W\d_])[\s\u00a0]*,[^\d.;:!?]{0,10}?(?:"
        + lex.patterns["numbers.escalation"].pattern + r")[\s\u00a0]*$",
        re.I,
    )


@lru_cache(maxsize=32)
def _pair_after_rx(lex: Lexicon) -> re.Pattern[str]:
    """"and 26", ", 26": the second number of a pair, right after the first."""
    return re.compile(r"[\s\u00a0]*(?:" + lex.raw["numbers.connectors"] + r"|,)[\s\u00a0]*\d+", re.I)


__all__ = ["COUNTED_NOUNS", "SPECIFIC_NOUNS", "NumberRx", "is_noise", "metric_noun_soon", "number_rx"]

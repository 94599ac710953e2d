"""Where a number's words are: the metric keywords of a sentence, the region each number owns
between its neighbours, the clause around it, and the distance to a keyword. Pure functions over a
sentence and its language's lexicon."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.lexicon import Lexicon
from extractors.noise import number_rx
from extractors.numbers import NumberMention

EQUIPMENT = ("artillery_shells", "artillery_systems", "missiles", "containers")
EVENTS = ("casualties", "killed", "wounded", "captured")
# tolls and loss words: an event verb follows its subject in Korean lists
EVENT_KEYS = frozenset((*EVENTS, "losses"))

# Order in which overlapping keyword matches are resolved (earlier wins).
MASK_ORDER = (
    "casualties",
    "losses",
    "support_personnel",
    "missiles",  # before shells: "proyectiles balísticos" are missiles
    "artillery_shells",
    "artillery_systems",
    "containers",
    "captured",
    "killed",
    "wounded",
    "workers",
    "people",
    "persons",
)


QUOTE_CLOSE = re.compile(r"[^\d«»“”]{1,40}[»”]")


@dataclass(frozen=True)
class Keyword:
    """A metric keyword found in a sentence: its category and span."""

    cat: str
    start: int
    end: int


def keywords(sent: str, lex: Lexicon, numbers: list[int] | None = None) -> list[Keyword]:
    """The metric keywords of a sentence, longest category first; a two-word toll that spans
    another number ("100 погибших и около тысячи раненых") is left to its two words."""
    taken: list[tuple[int, int]] = []
    out: list[Keyword] = []
    for cat in MASK_ORDER:
        rxs = (lex.metrics[cat], lex.patterns["context.first_batch"]) if cat == "people" else (lex.metrics[cat],)
        for m in (m for rx in rxs for m in rx.finditer(sent)):
            if m.end() <= m.start():
                continue
            if cat == "casualties" and numbers and any(m.start() < x < m.end() for x in numbers):
                continue
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            taken.append((m.start(), m.end()))
            out.append(Keyword(cat, m.start(), m.end()))
    return out


def split_point(sent: str, a: NumberMention, b: NumberMention, lex: Lexicon, kws: list[Keyword]) -> int:
    """Where the region of number a ends and that of number b begins."""
    gap = sent[a.end : b.start]
    # (a quotation closing right after the number is no break: "«более чем тысяче» убитых и раненых")
    m = next(
        # (a space between Chinese or Japanese characters parts a headline: "派俄兵力约1.8万人 阵亡逾2000人")
        (x for x in re.finditer(r"[,;:()\[\]«»\"“”—–、，；：…]| - |(?<=[\u3040-\u30ff\u4e00-\u9fff])[ \u3000](?=[\u3040-\u30ff\u4e00-\u9fff])", gap)
         if not (x.group(0) in "»\"”" and not gap[: x.start()].strip())
         # (nor a quotation without numbers: "3 800 Nord-Coréens avaient été « tués ou blessés »")
         and not (x.group(0) in "«“" and QUOTE_CLOSE.match(gap, x.end()))),
        None,
    )
    s = number_rx(lex).split.search(gap)
    if s and (not m or s.start() < m.start()):
        return a.end + s.end()
    first = _conj_rx(lex).match(gap, len(gap) - len(gap.lstrip()))
    if m and first and first.end() < m.start() and any(
        k.end <= a.start and a.start - k.end <= 25 and not re.search(r"[,;:.]", sent[k.end : a.start]) for k in kws
    ):
        # "put the death toll at about 600 and total casualties, including the wounded, at some 4,700":
        # the first number has its words before it; what follows "and" is the next one's
        return a.end + first.start()
    if m:
        return a.end + m.start()
    conj = list(_conj_rx(lex).finditer(gap))
    if conj and not re.fullmatch(r"[\s\u00a0]*", gap[: conj[-1].start()]):
        return a.end + conj[-1].start()  # "300 died and 2,700 were wounded"
    mid = a.end + len(gap) // 2
    if lex.east_asian:
        for d in lex.patterns["context.dispatch"].finditer(sent, a.end, b.start):
            if d.start() <= mid < d.end():
                return d.end()  # ("1천500명을 먼저 보냈고 최대 1만2000명을": the verb is the first number's)
    for k in kws:
        if k.start <= mid < k.end:
            # the noun in between: after the first number in "1,000 engineers 5,000 builders",
            # before the second in Korean lists ("공병 1천 명과 군사 건설 인력 5천 명")
            # (an event verb follows its subject: "300명이 전사하고 2천700명이 부상")
            # (a dispatch verb follows its object too: "특수부대 1천500명을 먼저 보냈고 최대 1만2000명을")
            verb = lex.patterns["context.dispatch"].search(sent, k.start, k.end) is not None
            return k.start if lex.east_asian and k.cat not in EVENT_KEYS and not verb else k.end
    return mid


@lru_cache(maxsize=32)
def _base_rx(lex: Lexicon) -> re.Pattern[str]:
    lead = r"(?<![\w])" if lex.word_boundaries else ""
    return re.compile(lead + "(?:" + lex.raw["context.base_before"] + r")[\s\u00a0]*$", re.I)


def is_base(sent: str, n: NumberMention, lex: Lexicon, start: int | None = None) -> bool:
    """The number is a base population ("among the 14,000 troops", "численностью 14 тыс."); with
    `start`, the base word may stand before the qualifier beginning there ("з понад 11 тисяч")."""
    at = n.start if start is None else start
    return bool(_base_rx(lex).search(sent[max(0, at - 30) : at]))


@lru_cache(maxsize=32)
def unit_rx(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    lead = r"(?<![\w])" if lex.word_boundaries else ""
    return (
        re.compile(lead + "(?:" + lex.raw["context.unit_size_before"] + r")[\s\u00a0]*$", re.I),
        re.compile("(?:" + lex.raw["context.unit_size_after"] + ")", re.I),
    )


@lru_cache(maxsize=32)
def _conj_rx(lex: Lexicon) -> re.Pattern[str]:
    body = "(?:" + lex.raw["numbers.connectors"] + ")"
    return re.compile(rf"(?<![\w]){body}(?![\w])" if lex.word_boundaries else body, re.I)


def elliptic(sent: str, a: NumberMention, b: NumberMention, lex: Lexicon) -> bool:
    """b continues a's list ("..., dont 10 000", "6000名工兵…，其中约1000人") or sums up its kind
    ("близько 10 тис. солдатів у Курській області, а загалом у Росії їх понад 11 тисяч")."""
    gap = sent[a.end : b.start]
    opens_list = re.search(r"[:：]", gap) is not None  # "15,000 troops in two waves: some 12,000 …"
    return bool(number_rx(lex).split.search(gap) or lex.patterns["context.total"].search(gap) or opens_list) and len(gap) < 120


def keyword_distance(n: NumberMention, kw_start: int, kw_end: int, lex: Lexicon) -> float:
    if kw_start >= n.end:
        return float(kw_start - n.end)
    if kw_end <= n.start:
        return (n.start - kw_end) * lex.before_weight
    return 0.0


def clause_bounds(sent: str, lo: int, hi: int, n: NumberMention, dashes: bool = True) -> tuple[int, int]:
    """The clause around the number inside its region (cut at , ; 、 and dashes)."""
    left = sent[lo : n.start]
    right = sent[n.end : hi]
    # (a comma between digits, "30,000", is part of a number)
    cut = r"(?<!\d),|,(?!\d)|[;:、，；]|\s[—–-]\s" if dashes else r"(?<!\d),|,(?!\d)|[;:、，；]"
    lm = list(re.finditer(cut, left))
    c_lo = lo + lm[-1].end() if lm else lo
    rm = re.search(cut, right)
    if rm and dashes and not sent[:n.start].strip() and rm.start() <= 6 and rm.group(0).strip() in "—–-":
        # "12,000 — the troops that …": a list line whose number opens it, the dash introducing what
        # it counts, as a colon would
        rm = re.compile(cut).search(right, rm.end())
    c_hi = n.end + rm.start() if rm else hi
    return c_lo, c_hi


def attribution_aside(sent: str, a: int, b: int, lex: Lexicon) -> bool:
    """Between a clause end `a` (a comma) and `b` stands only an attribution set off by commas
    ("Ещё около тысячи, по словам депутата, получили ранения"; "another 1,000, he said, were wounded")."""
    if sent[a : a + 1] != ",":
        return False
    inner = sent[a + 1 : b]
    parts = inner.split(",")
    if len(parts) != 2 or len(parts[1]) > 30:
        return False
    aside = parts[0]
    return len(aside) <= 45 and any(
        lex.patterns[key].search(aside)
        for key in ("sources.citing", "sources.hearsay", "sources.relay", "sources.generic")
    )


__all__ = [
    "EQUIPMENT",
    "EVENTS",
    "EVENT_KEYS",
    "MASK_ORDER",
    "Keyword",
    "attribution_aside",
    "clause_bounds",
    "elliptic",
    "is_base",
    "keyword_distance",
    "keywords",
    "split_point",
    "unit_rx",
]

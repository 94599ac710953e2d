"""The qualifier of a number (exact, approx, at_least, more_than, up_to, fewer_than, range) from the
words around it in its sentence: pure functions over a sentence and its language's lexicon."""

from __future__ import annotations

from extractors.lexicon import Lexicon
from extractors.numbers import NumberMention


def qualifier_start(sent: str, n: NumberMention, lex: Lexicon) -> int:
    """Where the number's qualifier before it begins ("at least 3,000" → at "at"), else its start."""
    before = sent[max(0, n.start - 40) : n.start]
    for pattern in lex.qualifiers_before.values():
        m = pattern.search(before) if pattern is not None else None
        if m:
            return n.start - len(before) + m.start()
    return n.start


def qualifier(sent: str, n: NumberMention, lex: Lexicon) -> str:
    if n.high is not None:
        return "range"
    if lex.east_asian and "多" in sent[n.start : n.end]:
        return "more_than"  # "1200多万发": more than 12 million
    before = sent[max(0, n.start - 40) : n.start]
    after = sent[n.end : n.end + 40]
    # "выросло до 14 тыс.", "1만4천 명까지 늘었다": "to" after a verb of growth is no "up to"
    growth = bool(lex.patterns["context.growth"].search(sent[max(0, n.start - 50) : n.start] + " " + after[:20]))
    # the longest qualifier wins: "no more than" over "more than", "un peu moins de" over "moins de",
    # "pas moins d'un" over "moins d'" (on a tie, the order below)
    order = ("at_least", "up_to", "fewer_than", "more_than", "approx")
    found = []
    for rank, qual in enumerate(order):
        pb = lex.qualifiers_before[qual]
        m = pb.search(before) if pb is not None else None
        if m and not (qual == "up_to" and growth):
            found.append((m.start(), rank, qual))
    if found:
        return min(found)[2]
    found = []
    for rank, qual in enumerate(order):
        pa = lex.qualifiers_after[qual]
        m = pa.search(after) if pa is not None else None
        if m and not (qual == "up_to" and growth):
            found.append((-m.end(), rank, qual))
    if found:
        return min(found)[2]
    return "approx" if n.approx else "exact"


__all__ = ["qualifier", "qualifier_start"]

"""The qualifier of a number (exact, approx, at_least, more_than, up_to, fewer_than, range) from the
words around it in its sentence: pure functions over a sentence and its language's lexicon."""

from __future__ import annotations

import re
from collections.abc import Callable

from extractors.lexicon import Lexicon
from extractors.numbers import NumberMention

# the qualifiers in their order of precedence on a tie
ORDER = ("at_least", "up_to", "fewer_than", "more_than", "approx")


def qualifier_start(sent: str, n: NumberMention, lex: Lexicon) -> int:
    """Where the number's qualifier before it begins ("at least 3,000" → at "at"), else its start;
    the longest qualifier, as in `qualifier` ("no more than 3,000" → at "no")."""
    before = sent[max(0, n.start - 40) : n.start]
    starts = [m.start() for rx in lex.qualifiers_before.values() if rx is not None and (m := rx.search(before))]
    return n.start - len(before) + min(starts) if starts else n.start


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
    # "pas moins d'un" over "moins d'" (on a tie, the order of ORDER); one before the number first
    return (
        _longest(lex.qualifiers_before, before, growth, lambda m: m.start())
        or _longest(lex.qualifiers_after, after, growth, lambda m: -m.end())
        or ("approx" if n.approx else "exact")
    )


def _longest(
    patterns: dict[str, re.Pattern[str] | None], text: str, growth: bool, reach: Callable[[re.Match[str]], int]
) -> str | None:
    """The qualifier whose match reaches furthest from the number (the least `reach`), else None;
    "up to" does not count after a verb of growth."""
    found = []
    for rank, qual in enumerate(ORDER):
        rx = patterns[qual]
        m = rx.search(text) if rx is not None else None
        if m and not (qual == "up_to" and growth):
            found.append((reach(m), rank, qual))
    return min(found)[2] if found else None


__all__ = ["qualifier", "qualifier_start"]

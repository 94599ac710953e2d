"""Factbox lines ("Containers of munitions shipped since 2023: 28,000+ (DIA)", "弹药集装箱：2.8万个以上"):
the label before the colon names what the value counts. Pure functions over a sentence and its
language's lexicon."""

from __future__ import annotations

import re

from extractors.lexicon import METRIC_KEYS, Lexicon
from extractors.numbers import NumberMention
from extractors.qualifiers import qualifier_start
from extractors.regions import EQUIPMENT, EVENTS, Keyword

# a factbox line: "Containers of munitions shipped since 2023: 28,000+ (DIA)", "弹药集装箱：2.8万个以上";
# the label runs from the line start (or a ";" on the line) to the colon
TABLE_LABEL = re.compile(r"[\s\u00a0]*(?:[-–•*·▪■□◆◇▶►●○][\s\u00a0]*)?([^:：;\n]{2,90}?)[\s\u00a0]*[:：]")
# what may stand between the colon and the value: another value of the same label ("약 4천 명(합참) / ")
TABLE_BETWEEN = re.compile(r"[\s\u00a0]*(?:[^:：;\n]{1,60}[\s\u00a0]/[\s\u00a0]*)?")
# what may follow the value on a factbox line: a unit or a few words, a parenthesised source
TABLE_TAIL = re.compile(r"[\s\u00a0]*(?:[^\s()（）;/]+[\s\u00a0]*){0,3}(?:[(（][^)）]*[)）])?[\s\u00a0.。]*(?=$|;|/)")


def table_label(sent: str, n: NumberMention, lex: Lexicon) -> tuple[int, int] | None:
    """The label of a factbox line the number is the value of ("Killed: about 2,000 (NIS)"): the
    line is "label: value (source)" and names nothing countable after the value (not "Потери КНДР в
    Курской области: около 600 погибших")."""
    start = qualifier_start(sent, n, lex)
    seg = max(sent.rfind("\n", 0, start), sent.rfind(";", 0, start)) + 1
    m = TABLE_LABEL.match(sent, seg, start)
    if m is None or not TABLE_BETWEEN.fullmatch(sent, m.end(), start):
        return None
    after = TABLE_TAIL.match(sent, n.end)
    if after is None:
        return None
    tail = re.sub(r"[(（][^)）]*[)）]", " ", sent[n.end : after.end()])  # (the source names no metric)
    if any(rx is not None and rx.search(tail) for key, rx in lex.metrics.items() if key in METRIC_KEYS and key != "persons"):
        return None
    return (m.start(1), m.end(1))


def label_metric(sent: str, label: tuple[int, int], kws: list[Keyword], lex: Lexicon) -> str | None:
    """What a factbox label counts: an event named in it ("Sappers killed during demining"),
    else its head noun: the first one ("Containers of munitions"), the last of words run together
    ("Артилерійські снаряди"; in Korean, Japanese and Chinese the last: "弹药集装箱")."""
    inside = sorted((k for k in kws if label[0] <= k.start and k.end <= label[1]), key=lambda k: k.start)
    events = [k for k in inside if k.cat in EVENTS or k.cat == "losses"]
    if events:
        return "casualties" if events[0].cat == "losses" else events[0].cat
    nouns = [k for k in inside if k.cat in (*EQUIPMENT, "support_personnel", "workers", "people")]
    if not nouns:
        if lex.metrics["additional"].search(sent, *label):
            return "troops_additional"  # "Zusätzlich entsandt Anfang 2025: mehr als 3.000", "Додаткова хвиля: понад 3 000"
        return None
    if lex.east_asian:
        head = nouns[-1]
    else:
        head = nouns[0]
        for k in nouns[1:]:
            if re.fullmatch(r"[\s\u00a0-]*", sent[head.end : k.start]):
                head = k  # a word run together with the next: "Artillery shells", "Артилерійські снаряди"
            else:
                break
    if head.cat == "people":
        return "troops_additional" if lex.metrics["additional"].search(sent, *label) else "troops_deployed"
    return head.cat


__all__ = ["label_metric", "table_label"]

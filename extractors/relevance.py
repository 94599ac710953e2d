"""Is a text about North Korea's military support to Russia?

Works sentence by sentence with the language's lexicon:

* a *joint* sentence names North Korea, Russia or the war, and a support
  term (troops, munitions, Kursk, the alliance, workers...);
* a *strong* sentence names North Korea together with a specific cue
  (``relevance.strong``: "North Korean troops", "Kursk", "mutual defence") or
  with Russia and a metric noun (soldiers, shells, casualties...); a sentence
  naming a weapon only North Korea makes (``relevance.nk_specific``: KN-23)
  is strong without naming North Korea.

The title counts double. A text is relevant with two joint sentences, or one
joint and one strong sentence when North Korea is named more than once (or
the text is a brief of three sentences or fewer), or a score of 3 or more;
and, in a text of more than five sentences, only when North Korea and Russia
or the war are each named in two sentences or more, and together in two
(title included), unless the score reaches 5.
A passing mention of North Korea in a story about something else fails all
three.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.language import detect_language
from extractors.lexicon import NEVER, Lexicon, LexiconMissing, load_lexicon
from extractors.records import Relevance
from extractors.sentences import split_sentences

THRESHOLD = 3.0
BRIEF_SENTENCES = 3
SHORT_SENTENCES = 5
OFF_TOPIC_SENTENCES = 2  # sentences on another topic that make the alliance a mention in passing
STRONG = 5.0  # a score this high is relevant even when North Korea and Russia rarely share a sentence  # in a text this short one sentence on Russia or the war can carry the story

_METRIC_NOUNS = (
    "people",
    "support_personnel",
    "workers",
    "artillery_systems",
    "missiles",
    "artillery_shells",
    "containers",
    "casualties",
    "killed",
    "captured",
)


def _names_a_metric(sentence: str, lex: Lexicon) -> bool:
    return any(lex.metrics[k].search(sentence) for k in _METRIC_NOUNS)


@lru_cache(maxsize=64)
def _nk_with_short(lex: Lexicon) -> re.Pattern[str]:
    """North Korea's names with the short ones ("Kim") a text may use once it said the full one."""
    nk_rx, short_rx = lex.patterns["context.nk"], lex.patterns["relevance.nk_short"]
    return re.compile(f"(?:{nk_rx.pattern})|(?:{short_rx.pattern})", nk_rx.flags)


def detect_relevance(text: str, lang: str = "", title: str = "") -> Relevance:
    """Relevance of `text` (with its `title`); `lang` is a hint for the language."""
    code = detect_language(text or title, lang)
    try:
        lex = load_lexicon(code)
    except LexiconMissing:  # (a broken lexicon raises: it must not zero a language silently)
        return Relevance(False, 0.0, (f"no lexicon for language {code!r}",))
    p = lex.patterns
    nk_rx, war_rx = p["context.nk"], p["context.russia"]
    support_rx, strong_rx = p["relevance.support"], p["relevance.strong"]
    nk_specific_rx = p["relevance.nk_specific"]
    off_rx = p["relevance.off_topic"]
    whole = f"{title}\n{text or ''}"
    if not nk_rx.search(whole):  # fast exit for the vast majority of texts
        return Relevance(False, 0.0, ("no mention of North Korea",))
    if not war_rx.search(whole):
        return Relevance(False, 0.0, ("no mention of Russia or the war",))
    short_rx = p["relevance.nk_short"]
    if short_rx.pattern != NEVER.pattern and any(short_rx.search(m.group(0)) for m in nk_rx.finditer(whole)):
        # the full name said, the short one means it too ("Nordkoreas Machthaber Kim Jong Un … „Kim hat
        # Putin mehr als 10.000 Soldaten überlassen“")
        nk_rx = _nk_with_short(lex)

    split = split_sentences(text or "")
    sentences = [s.text for s in split]
    score = 0.0
    n_nk = n_war = n_both = joint = strong = 0
    paragraphs = [-1, *(s.paragraph for s in split)]
    prev_nk = prev_war = prev_support = False
    for i, s in enumerate([title, *sentences]):
        if not s:
            continue
        has_nk = bool(nk_rx.search(s))
        has_war = bool(war_rx.search(s))
        n_nk += has_nk
        n_war += has_war
        # North Korea and Russia or the war in one sentence, or in two that follow each other
        # when one of them names military support ("Pyongyang has delivered 250 guns. Russia,
        # for its part, …")
        has_support = bool(support_rx.search(s))
        same_paragraph = i > 1 and paragraphs[i] == paragraphs[i - 1]
        n_both += (has_nk and has_war) or (
            same_paragraph and (has_support or prev_support) and has_nk != has_war and prev_nk != prev_war
            and has_nk == prev_war
        )
        prev_nk, prev_war, prev_support = has_nk, has_war, has_support
        if not has_nk:
            if nk_specific_rx.search(s):
                strong += 1  # "KN-23 missiles hit Kharkiv": the weapon names North Korea
                score += 2.0 if i == 0 else 1.0
            continue
        weight = 2.0 if i == 0 else 1.0
        is_joint = has_war and bool(support_rx.search(s))
        is_strong = bool(strong_rx.search(s)) or (has_war and _names_a_metric(s, lex))
        joint += is_joint
        strong += is_strong
        score += weight * (is_joint + is_strong)
    reasons = (
        f"{n_nk} sentences name North Korea, {n_war} Russia/the war",
        f"{joint} sentences join them with military support, {strong} strong cues",
    )
    brief = len(sentences) <= BRIEF_SENTENCES
    # a short item that names North Korea once, in its lead, and goes on about the support
    # ("… about 600 of them have been killed, it said. Another 1,000 were wounded.")
    topical = sum(1 for s in sentences if _names_a_metric(s, lex)) if len(sentences) <= SHORT_SENTENCES else 0
    # an article about the support names North Korea and Russia or the war again and again;
    # one sentence on Russia in a story on missile tests or the defence budget is in passing
    recurring = len(sentences) <= SHORT_SENTENCES or (n_nk >= 2 and n_war >= 2 and n_both >= 2)
    relevant = (
        recurring and (
            joint >= 2
            or (joint >= 1 and strong >= 1 and (n_nk >= 2 or brief or topical >= 2))
            or score >= THRESHOLD
        )
    ) or (score >= STRONG and n_war >= 2)  # an interview whose answers name neither side still scores high
    # (but not a story on North Korea's own army that names Russia once: "북한군 상비병력은 약 128만 명")
    # (counted only when it can decide: a relevant text short of the strong score)
    off_topic = sum(1 for s in [title, *sentences] if s and off_rx.search(s)) if relevant and score < STRONG else 0
    if off_topic >= OFF_TOPIC_SENTENCES:
        # "À Wonsan-Kalma, la Corée du Nord déroule le tapis rouge aux touristes russes … ses liens
        # étroits avec Moscou, scellés par un traité": a tourism story naming the alliance in passing
        relevant = False
        reasons = (*reasons, f"{off_topic} sentences on another topic (tourism)")
    return Relevance(relevant, round(score, 2), reasons)

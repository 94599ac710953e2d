"""Extract the figures a news text states about North Korea's support to Russia.

Pipeline, all pure and driven by the language's lexicon (extractors/lexicons):

1. split the text into sentences (`extractors.sentences`), keeping character offsets; a first line that
   repeats the title is treated as the title;
2. find the numbers in each sentence (`extractors.numbers`) and drop those that
   are not counts (`extractors.noise`: percentages, dates, years, ages, calibres,
   designations, money, "the two", vague amounts);
3. give each number a *region* (`extractors.regions`): the part of the sentence between it and its
   neighbours, cut at the first clause break, a splitter ("including", "dont")
   or a conjunction;
4. classify the metric from the keywords in the region: the nearest noun decides
   between equipment and people; an event word turns people into killed,
   wounded, casualties or captured; a speciality (engineers, builders) gives
   support personnel; "additional" close to the number gives a new batch; a bare
   head count needs a military noun or North Korea sending it; elliptic lists
   ("12,000 troops, of whom 10,000...") inherit the metric; a counter right after a
   specific noun ("노동자가 1만5천 명", "미사일 100발") is that noun's; a lone number closing
   its sentence counts what the subject names ("Los trabajadores ... superan los 10.000"),
   and a lone number next to a figure word ("a lower figure: 11,000") re-estimates the
   previous sentence's count;
5. reject negative contexts: Russian or Ukrainian forces and daily loss rates,
   soldiers who went home (also in an apposition: ", about 1,000 men, went home"), hypothetical capacities, whole-army and unit sizes,
   sub-units, sub-counts by rank ("among the dead, 30 officers"), missiles fired (not
   supplied, nor the number right after "fired"), equipment lost, civilian tolls, comparisons
   without North Korea ("For comparison, Europe made 1 million shells"); datelines
   ("Jan. 13 -- ..."), paired ages ("aged 20 and 26") and shipments are no counts;
6. read the qualifier from the words right before or after the number;
7. resolve the source (`extractors.sources`): the nearest named source in the number's clause, else in
   its semicolon-delimited part of the sentence, else in the sentence (a speaker
   citing an agency gives the agency; a source introduced by a citing phrase before
   the number, "According to X, …", "据X估计，…", governs it over one named after it;
   a person named beside a source, "deputy head of HUR Vadym Skibitskyi", is that
   source for the rest of the text, meta.bind_names); a following
   sentence that refers back ("the figures were given by..."); an outlet relaying
   the agency named just before; "the agency said" or a lawmaker relaying a
   briefing points to the last agency named; otherwise the previous sentence's
   source, walking back within the paragraph (bullet lines continue their list's paragraph); an
   impersonal, reminder or background sentence ("is believed", "Нагадаємо, …", "Seit Herbst 2024 …")
   has none; sources joined as one subject ("the NIS and the Pentagon", "米国務省とNATO") each give
   the figure (sources.joint); a partner named beside the source ("in cooperation with
   Ukrainian intelligence", "정보당국과 공조해") is no source (sources.partner).

8. across sentences: a head count that adds up the parts just stated takes their metric
   ("1,000 deminers and 5,000 builders, 6,000 in all"); "their number" / "그 규모" measures what
   the sentence named before (context.size_ref); a bare number after a figure word re-estimates
   the count just reported; in a question-and-answer text, an answer's bare number counts what
   the question asked and an answer naming nobody (or speaking as "we") is the interviewee's;
   an unknown name after a citing phrase ("D'après Radio Free Asia") is OTHER; a source inside a
   named speaker's quotation is the speaker's words; a place right after a source or after "based
   in" says where it sits, not who speaks.

Figures found only in the title are added when the body lacks them (quote = the
title, start = end = 0); one figure per (metric, value, high, source).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from extractors.factbox import label_metric, table_label
from extractors.language import detect_language
from extractors.lexicon import METRIC_KEYS, NEVER, Lexicon, LexiconMissing, load_lexicon
from extractors.noise import is_noise, number_rx
from extractors.numbers import NumberMention, find_numbers
from extractors.qualifiers import qualifier as read_qualifier
from extractors.qualifiers import qualifier_start
from extractors.records import Figure
from extractors.regions import (
    EQUIPMENT,
    EVENT_KEYS,
    EVENTS,
    Keyword,
    attribution_aside,
    clause_bounds,
    elliptic,
    is_base,
    keyword_distance,
    keywords,
    split_point,
    unit_rx,
)
from extractors.sentences import Sentence, split_sentences
from extractors.sources import (
    SEGMENT_BREAK,
    Interview,
    bind_names,
    cited_names,
    find_interview,
    find_sources,
    joint_sources,
    resolve_source,
    sentence_source,
    unquoted,
)

EXTRACTOR_VERSION = "0.9.0"

NOUNS = ("support_personnel", "workers", "people", "persons")
LOSS_METRICS = frozenset(EVENTS)
INHERITABLE = frozenset(("troops_deployed", "troops_additional", "support_personnel", "workers"))
PEOPLE_METRICS = frozenset(
    ("troops_deployed", "troops_additional", "support_personnel", "workers", *EVENTS)
)
MAX_ARMY = 300_000  # people counts above this are whole-army sizes
MAX_GUNS = 100_000  # no army has this many guns: a count this large of "artillery" counts rounds
# The largest deployment reported is about 15,000 troops: a troop count of 25,000 or more is a
# capacity ("could send 30,000 more"), a unit's or an army's size, or a debunked claim
MAX_DEPLOYMENT = 25_000
MAX_BATCH = 30_000  # the largest new batch reported (a plan: "25,000 to 30,000 more")
HEADCOUNTS = frozenset(("troops_deployed", "troops_additional", "support_personnel", "workers"))
MIN_HEADCOUNT = 50  # smaller counts of people sent are officers, generals, units or pronouns

DASH = re.compile(r"\s[—–]\s")
HEADLINE_BREAK = re.compile(r"[;；…]")  # what separates the items of a headline or a list
# a comma or "and" between two items of a list ("Raketen sowie 200 …", "ракеты, примерно 200 …")
LIST_ITEM_GAP = re.compile(r",|\b(?:and|as well as|sowie|und|et|ainsi que|y|así como|и|а также|та|і|також)\b", re.I)

# a short aside between commas (", sans difficulté,", ", he said,")
ASIDE = re.compile(r",[^,;:]{1,25},")
SAID_AFTER = re.compile(r"[^,;:.!?]{0,40}?[\s\u00a0][:：][\s\u00a0]*")  # "6000 hommes supplémentaires : des sapeurs"

COMMA_AFTER = re.compile(r",[\s\u00a0]*")
SPACES = re.compile(r"[\s\u00a0]*")
CLAUSE_MARK = re.compile(r"(?<!\d),|,(?!\d)|[;:，；：、]")




# "1,000 of them": the number counts people named earlier in the sentence
OF_THEM = re.compile(r"[\s\u00a0]+(?:of (?:them|those)|de (?:ellos|ellas)|d[\x27’]entre eux|из них|з них|von ihnen|davon)(?![\w])", re.I)
# "of them" before a bare number ("из них пока приходится менее 2 тыс.", "of those, about 1,000")
OF_THEM_BEFORE = re.compile(r"(?<![\w])(?:of (?:them|those|these)|de (?:ellos|ellas|estos)|d[\x27’]entre eux|parmi eux|из них|з них|von ihnen|davon)(?![\w])", re.I)

# a relative clause about the noun just before ("…, die im Januar gefangen genommen wurden")
RELATIVE = re.compile(
    r"[,\s]*(?:who|whose|which|that|die|der|das|deren|dessen|welche\w*|qui|que|dont|quienes|cuy[oa]s?|которы\w*|котор\w*|чь[иеё]\w*|які|який|яких|чи[їйє]\w*)(?![\w])",
    re.I,
)


@dataclass(frozen=True)
class _Found:
    metric: str
    value: int
    high: int | None
    qualifier: str
    source: str
    sentence: int
    first_batch: bool = False  # counted only as "the first group" of something



TOPIC_MARKERS = ("は", "는", "은")
LIST_BREAK = re.compile(r"[、，,]|と|及び|和|及|과 |와 ")
NUMERAL = re.compile(r"\d|[一二三四五六七八九十百千万萬천만]")
STRENGTH = re.compile(r"-strong\b", re.I)


def _participle_aside(sent: str, n: NumberMention, a: int, b: int) -> bool:
    """Between the number's clause end `a` (a comma) and the event word at `b` stands only a
    phrase about the counted people, closed by a comma ("Около 2 тыс. северокорейских военных,
    направленных на помощь России, погибли"; "2,000 soldiers, sent to help Russia, died")."""
    if sent[a : a + 1] != ",":
        return False
    close = sent.rfind(",", a + 1, b)
    return (
        # (an auxiliary may stand before the event word: "deux soldats nord-coréens, blessés, ont été capturés")
        close > a and (b - close <= 3 or re.fullmatch(r",[\s\u00a0]*(?:[^\W\d_]+[\s\u00a0]+){1,2}", sent[close:b]) is not None and b - close <= 14)
        and close - a <= 70 and b - n.end <= 120
        and not re.search(r"[\d;:]", sent[a + 1 : close])
    )


def _classify(
    sent: str,
    n: NumberMention,
    lo: int,
    hi: int,
    kws: list[Keyword],
    lex: Lexicon,
    nk_in_sentence: bool,
    inherit: str | None = None,
    people_context: bool = False,
    nk_before: bool = False,
    nk_recent: bool = False,
) -> str | None:
    """The metric of number `n` from the keywords in its region [lo, hi)."""
    label = table_label(sent, n, lex)
    if label is not None:
        labelled = label_metric(sent, label, kws, lex)
        if labelled is not None:
            return labelled
    if lex.patterns["context.equipment_counter"].match(sent, SPACES.match(sent, n.end).end()):
        named = [k for k in kws if k.cat in EQUIPMENT and k.end <= n.start]
        # (not "200 pièces d'artillerie", "120 units of self-propelled guns": the weapon after it)
        if named and not any(k.cat in EQUIPMENT and n.end <= k.start <= n.end + 30 for k in kws):
            return max(named, key=lambda k: k.end).cat  # "гармати «Коксан» — … говорять приблизно про 220 одиниць": units of the guns
    near: dict[str, float] = {}
    e_lo, e_hi = clause_bounds(sent, lo, hi, n, dashes=False)
    size = STRENGTH.match(sent, n.end) is not None  # "North Korea's 11k-strong force has taken heavy losses"
    base = is_base(sent, n, lex)
    subset_before = base and bool(re.search(r"\d", sent[max(0, n.start - 40) : n.start]))
    # ("Von den ursprünglich etwa 11.000 entsandten Nordkoreanern sei mehr als ein Drittel getötet")
    share_after = base and bool(lex.patterns["context.fractions"].search(sent, n.end, min(hi, n.end + 80)))
    if size and n.value >= 100 and (nk_in_sentence or nk_before or nk_recent):
        return "troops_deployed"  # "North Korea's 11k-strong force": the size of the contingent
    for k in kws:
        if k.start < lo or k.end > hi:
            continue
        if base and k.cat in EVENT_KEYS and not (k.cat == "captured" and n.value < MIN_HEADCOUNT) and (
            # (a handful is no base: "the capture of the two soldiers", "la captura de los dos soldados")
            k.end <= n.start or share_after
            # ("2,000 of the some 14,000 soldiers deployed were killed", not "out of roughly 4,700
            # killed and wounded": the toll describes the base itself)
            or (subset_before and any(x.cat == "people" and n.end <= x.start and x.end <= k.start for x in kws))
        ):
            # "the death toll among the 14,000 troops", "2,000 of the some 14,000 soldiers deployed
            # were killed": 14,000 is the base, not the toll (but "de los dos soldados capturados")
            continue
        if k.cat in EVENT_KEYS and k.start >= n.end and k.end > e_hi and not (
            (k.start - e_hi <= 2 and k.start - n.end <= 40)
            or (k.start - n.end <= 70 and RELATIVE.match(sent, e_hi) and not re.search(r"[,;:]", sent[e_hi + 1 : k.start]))
            or (k.start - n.end <= 70 and attribution_aside(sent, e_hi, k.start, lex))
            or (_participle_aside(sent, n, e_hi, k.start) and not is_base(sent, n, lex, qualifier_start(sent, n, lex)))
        ):
            # an event word after the number belongs to its own clause, unless it opens the
            # clause right after the noun ("двух северокорейцев, взятых в плен") or ends a relative
            # clause about it ("Die zwei Soldaten, die im Januar in Kursk gefangen genommen wurden")
            continue
        if n.start <= k.start < n.end:
            continue
        if k.cat in EVENT_KEYS and k.start >= n.end and lex.patterns["context.fractions"].search(
            sent, k.end, min(hi, k.end + 40)
        ) and CLAUSE_MARK.search(sent, n.end, k.start):
            continue  # "весь контингент примерно в 11–12 тыс. человек, из строя выбыла почти четверть": a share's toll
        if size and k.cat in EVENT_KEYS:
            continue  # the strength of a force is no toll
        if lex.east_asian and k.cat in EVENT_KEYS and k.end <= e_lo and any(
            x.cat == "people" and e_lo <= x.start and x.end <= n.start for x in kws
        ):
            continue  # "考虑到伤亡和轮换，目前仍在俄罗斯的作战兵力不足1万人": the troops are named in the number's clause
        if k.cat in EVENT_KEYS and k.start >= n.end:
            dash = DASH.search(sent, n.end, k.start)
            if dash and k.start - dash.end() > 5 and not _list_line(sent, n, dash):
                # "менее 8 тыс. боеспособных военных — часть подразделений отведена в тыл после тяжелых
                # потерь": another clause after the dash (not "— killed, wounded, missing")
                continue
        if k.cat in EVENT_KEYS and k.end <= n.start and SEGMENT_BREAK.search(sent, k.end, n.start):
            continue  # "taking losses in Kursk, Pentagon says; UK puts contingent at 11.5k"
        if k.cat in EVENT_KEYS and k.start >= n.end and HEADLINE_BREAK.search(sent, n.end, k.start):
            continue  # "北군 사망 300여 명·부상 2천700명…'생포 전 자폭' 강요": the next item of a headline
        if k.cat in EVENT_KEYS and k.start >= n.end and lex.patterns["context.new_clause"].search(sent, n.end, k.start):
            continue  # "mantiene en Kursk a unos 11.000 efectivos y que Moscú intenta ocultar sus bajas"
        if k.cat in EVENT_KEYS and k.end <= n.start and lex.patterns["context.new_clause"].search(sent, k.end, n.start):
            continue  # "had suffered "hundreds" of deaths and that about 11,000 were still in the Kursk region"
        if lex.east_asian and k.cat in EQUIPMENT and k.end <= e_lo:
            continue  # "數以百萬計的砲彈，以及100多枚彈道飛彈": the shells belong to the clause before
        if (
            not lex.east_asian and k.cat in EQUIPMENT and k.end <= n.start
            and LIST_ITEM_GAP.search(sent, k.end, n.start)
            and any(x.cat in EQUIPMENT and x.cat != k.cat and n.end <= x.start <= n.end + 40
                    and not re.search(r"[,;:]", sent[n.end : x.start]) for x in kws)
        ):
            continue  # "Raketen sowie 200 weitreichende Artilleriesysteme": the item before is another
        d = keyword_distance(n, k.start, k.end, lex)
        if d < near.get(k.cat, 1e9):
            near[k.cat] = d

    def best(cats: tuple[str, ...], limit: float) -> tuple[str, float] | None:
        cands = [(c, near[c]) for c in cats if c in near and near[c] <= limit]
        return min(cands, key=lambda cd: cd[1]) if cands else None

    eq = best(EQUIPMENT, 60)
    if lex.east_asian and any(
        k.cat == "containers" and n.end <= k.start and k.start - n.end <= 12
        and not any(
            # (a modifier glued to the container noun does not count: "2萬8000個武器彈藥貨櫃")
            x.cat in EQUIPMENT and n.end <= x.start and x.end <= k.start and k.start != x.end
            for x in kws
        )
        for k in kws
    ):
        eq = ("containers", 0.0)  # "포탄과 탄도미사일 등 2만 개가 넘는 컨테이너": the counter counts containers
    noun = best(NOUNS, 60)
    if noun is not None and noun[0] == "persons":
        # a counter ("1만5천 명", "1万5000人") after a specific noun ("노동자가 1만5천 명"): the noun decides
        # in its clause ("兵士約1万1000人も派遣しており、労働者…" names other people)
        specific = best(("support_personnel", "workers"), 25 if lex.east_asian else 15)
        s_lo, s_hi = clause_bounds(sent, lo, hi, n, dashes=False)
        if specific is not None and any(
            k.cat == specific[0] and k.end <= s_hi
            # (or the topic of the sentence: "北朝鮮労働者は昨年以降、少なくとも1万5000人に上る")
            and (s_lo <= k.start or (lex.east_asian and sent[k.end : k.end + 1] in TOPIC_MARKERS))
            # (not the next item of a list: "병력 약 1만5천 명과 공병·건설 인력 수천 명")
            and not (n.end <= k.start and _list_goes_on(sent, n, lex))
            for k in kws
        ):
            noun = specific
    if noun is not None and noun[0] == "people" and "workers" in near:
        # "15,000 North Koreans are working in Russia": a nationality with a work verb (anywhere in
        # the region when nothing in it is military: "bis zu 12.000 Nordkoreaner in einer Fabrik für
        # Kampfdrohnen … in Alabuga beschäftigen")
        nationality = [
            k for k in kws
            if k.cat == "people" and lo <= k.start and k.end <= hi
            and keyword_distance(n, k.start, k.end, lex) == noun[1]
            and lex.patterns["context.nk"].fullmatch(sent, k.start, k.end)
        ]
        civil = not any(
            lo <= k.start < hi and (k.cat in ("support_personnel", *EVENT_KEYS, *EQUIPMENT) or (
                k.cat == "people" and not lex.patterns["context.nk"].fullmatch(sent, k.start, k.end)))
            for k in kws
        )
        if nationality and (near["workers"] <= 45 or civil):
            noun = ("workers", near["workers"])
    ev = best(EVENTS, lex.event_reach)
    if ev is not None and ev[0] == "wounded" and near.get("captured", 1e9) <= 60:
        ev = ("captured", near["captured"])  # "captured two wounded soldiers": the capture counts
    loss = near.get("losses")
    weak = False
    if loss is not None and loss <= lex.event_reach:
        specific = best(("killed", "wounded"), lex.event_reach)
        if specific and (ev is None or ev[0] in ("killed", "wounded") or near.get("casualties", 1e9) > 90):
            ev = specific  # "lost 300 killed": the specific word decides
        elif ev is None and not (
            loss > 15 and noun is not None and noun[1] <= 10 and not _loss_before(kws, n, lo)
        ):
            # ("otros 3.000 militares ... para reponer las pérdidas": a far loss word after a
            # counted noun is about something else)
            ev = ("casualties", loss)
            weak = True
    if eq and eq[0] == "artillery_shells" and _counter_after(kws, n) and (
        _missile_before(kws, n, lo) or _missile_after(sent, kws, n, hi, lo)
    ):
        eq = ("missiles", eq[1])  # "미사일 100발", "ミサイル50発": the counter counts the missiles
    if eq and (noun is None or eq[1] < noun[1]) and (ev is None or eq[1] < ev[1] or ev[0] == "casualties" and eq[1] < 15):
        if eq[0] == "artillery_systems" and n.value >= MAX_GUNS:
            return "artillery_shells"  # "9 млн артиллерийских и реактивных снарядов", "6 millones de obuses": rounds
        return eq[0]
    military = any(c in near and near[c] <= 90 for c in ("people", "support_personnel"))
    purpose_only = bool(ev) and all(
        k.start >= n.end and lex.patterns["context.purpose"].search(sent, n.end, k.start)
        for k in kws if k.cat in (ev[0], "losses") and lo <= k.start < hi
    )
    if purpose_only and n.value >= 100:
        return "troops_additional"  # "dont trois mille au début de l'année pour combler les pertes": sent to replace
    if ev and _extra_batch(sent, n, lo, hi, lex) and all(
        k.start >= n.end
        and (
            lex.patterns["context.purpose"].search(sent, n.end, k.start)
            or (k.start - n.end > 25 and _headcount_between(sent, n.end, k.start, kws, lex))
        )
        for k in kws if k.cat == ev[0] and lo <= k.start < hi
    ):
        # "a further 3,000 … to replace the fallen", "otros tres mil para cubrir las bajas": the
        # event is the purpose (not "otros 2.700 han resultado heridos")
        return "troops_additional"
    if ev:
        civilian = bool(lex.patterns["context.civilian"].search(sent))  # (residents, a strike on a city)
        if noun is not None and noun[0] == "persons" and not military:
            # "12 people were killed": civilians unless North Korea is named close by
            window = sent[max(lo, n.start - 80) : min(hi, n.end + 80)]
            # (not "a North Korean-made missile hit Kyiv, killing 9 people")
            if (lex.patterns["context.nk"].search(window) and not civilian) or (
                ev[0] == "casualties" and not weak and nk_in_sentence
            ):
                return ev[0]
            if ev[1] <= 15 and (n.value >= 10 or nk_before) and not civilian:
                return ev[0]  # "阵亡人数为至少600人": a war death toll stated in the clause (not "one person died")
            if (
                ev[0] == "casualties" and not weak and n.value >= 100 and (nk_before or nk_recent) and ev[1] <= 45
                and not lex.east_asian
                and any(k.cat == "casualties" and e_lo <= k.start and k.end <= e_hi for k in kws)
                and not civilian and not lex.patterns["context.foreign_forces"].search(sent)
            ):
                return ev[0]  # "Убитыми и ранеными они потеряли свыше 6,5 тыс. человек": the troops just named
            if ev[0] == "captured" and ev[1] <= 15 and not civilian:
                return ev[0]  # "우리 군이 붙잡은 포로는 지금까지 2명이다", "捕虜は2人で": prisoners are soldiers
            if lex.east_asian and not civilian and (nk_in_sentence or nk_before or nk_recent) and any(
                k.cat == ev[0] and k.end <= n.start and sent[k.end : k.end + 1] in TOPIC_MARKERS
                and not CLAUSE_MARK.search(sent, k.end, n.start)
                for k in kws if lo <= k.start < hi
            ):
                return ev[0]  # "사망자는 지난해 9월 보고 때 이미 2000여 명으로": the toll is the sentence's topic
            if (
                (nk_in_sentence or nk_before or nk_recent) and not civilian and n.value >= 10
                and any(
                    k.cat == ev[0] and k.end <= n.start
                    and lex.patterns["context.figure_words"].search(sent, max(0, k.start - 12), k.start)
                    for k in kws if lo <= k.start < hi
                )
            ):
                return ev[0]  # "оцінювала кількість загиблих щонайменше у 600 осіб": the count of the dead
            return None
        if (
            noun is None and not military and civilian
            and (
                # "загинули шестеро мешканців області, ще 23 дістали поранення": civilians still
                # (and "a North Korean-made missile … killed 12 people and injured about 90")
                any(k.cat == "persons" and k.end <= n.start and (not nk_in_sentence or n.start - k.end <= 40) for k in kws)
                # "une frappe russe a fait deux morts et neuf blessés": a strike's toll, North Korea
                # named neither here nor just before
                or not (nk_in_sentence or nk_before)
            )
        ):
            return None
        if (ev[0] == "casualties" and not weak) or military or nk_in_sentence or inherit or people_context:
            return ev[0]
        if (
            noun is None and not weak
            and (nk_before or (nk_recent and ev[1] <= 15 and n.value >= 10) or (ev[1] <= 3 and n.value >= 10))
            and not civilian
        ):
            return ev[0]  # ("… the agency puts them at about 300 dead and 2,700 wounded")  # "North Korea has sent troops. … at least 600 have lost their lives"
        if (
            noun is None and not weak and nk_recent and ev[1] <= 45 and n.value >= 10
            and lex.patterns["context.figure_words"].search(sent, max(lo, n.start - 60), n.start)
            and not civilian
        ):
            return ev[0]  # "Im April hatte der NIS die Zahl der Toten noch mit mindestens 600 angegeben"
        if noun is None and ev[0] == "captured" and ev[1] <= 3 and not civilian:
            return ev[0]  # "Vous détenez des prisonniers… — Deux, faits prisonniers en janvier."
        return None
    if noun is None:
        # elliptical list: "12,000 troops, of whom 10,000 in Kursk"; "…, including the 3,000
        # reinforcements" names a new batch
        if inherit in ("support_personnel", "workers"):
            return inherit  # "6 000 militaires du génie et bâtisseurs, dont un millier seraient déjà arrivés"
        if inherit in ("troops_deployed", "troops_additional"):
            if _extra_batch(sent, n, lo, hi, lex):
                return "troops_additional"
            if _added_to(sent, n, lex):
                return "troops_deployed"  # "3,000 additional troops …, on top of the roughly 11,000 it dispatched"
            if lex.patterns["context.total"].search(sent, max(lo, n.start - 12), n.start):
                return "troops_deployed"  # "今年初又增派三千余人，总数在一万四千人左右": the total, not the batch
            return inherit
        if n.value >= 100 and (nk_in_sentence or nk_before or nk_recent) and _added_to(sent, n, lex):
            return "troops_deployed"  # "Se sumarían a los cerca de 11.000 que llegaron en otoño"
        # "…11,000 troops are in Kursk. Another 2,000 are being trained."; "… and some 3,000
        # replacements early this year"
        if people_context and (
            lex.metrics["additional"].search(sent[max(lo, n.start - 25) : n.start])
            or (n.value >= 100 and _extra_batch(sent, n, lo, hi, lex))
        ):
            return "troops_additional"
        c_lo, c_hi = clause_bounds(sent, lo, hi, n)
        if (
            n.value >= 100 and (nk_in_sentence or nk_recent)
            and not any(k.cat in ("support_personnel", "workers", *EQUIPMENT) for k in kws)
            and lex.patterns["context.dispatch"].search(sent, c_lo, c_hi)
            and (
                lex.patterns["context.nk"].search(sent, c_lo, c_hi) or (is_base(sent, n, lex) and nk_recent)
                # "En abril, el NIS situó el total enviado en 15.000": the total of those sent
                or (nk_recent and lex.patterns["context.total"].search(sent, c_lo, n.start))
            )
        ):
            # "Etwa 11.000 schickte Kim im Herbst nach Kursk, knapp 3000 weitere folgten"
            return "troops_additional" if _extra_batch(sent, n, lo, hi, lex) else "troops_deployed"
        return None
    if noun[0] == "people" and OF_THEM.match(sent, n.end):
        earlier = [k for k in kws if k.end <= n.start and k.cat in ("support_personnel", "workers")]
        if earlier:
            return earlier[-1].cat  # "engineers to clear mines…, he added, about 1,000 of them"
        work = min(("support_personnel", "workers"), key=lambda c: near.get(c, 1e9))
        if near.get(work, 1e9) <= 30:
            return work  # "About 3 000 of them are already working there"
    if noun[0] == "workers" and any(
        # (a task is no speciality: "up to 50,000 North Korean workers to rebuild war-damaged areas")
        k.cat == "support_personnel" and lo <= k.start and k.end <= hi and keyword_distance(n, k.start, k.end, lex) <= 45
        and not lex.patterns["context.task"].fullmatch(sent, k.start, k.end)
        for k in kws
    ):
        return "support_personnel"  # "работают около 700 корейских саперов": sappers at work
    if noun[0] == "workers" and inherit == "support_personnel":
        return inherit  # "6 тыс. военных инженеров и строителей, из них около тысячи уже работают в России": at work
    if noun[0] in ("support_personnel", "workers"):
        return noun[0]
    referred = _size_ref(sent, n, lo, kws, lex) if noun[0] == "persons" else None
    if referred in EQUIPMENT:
        referred = None  # a head count measures people
    if referred is not None:
        return referred
    s_lo, s_hi = clause_bounds(sent, lo, hi, n, dashes=False)
    if "support_personnel" in near and near["support_personnel"] <= 45 and any(
        k.cat == "support_personnel" and s_lo <= k.start and k.end <= s_hi
        # (in Korean, Japanese and Chinese a speciality comes before its noun: "1만 명이 넘는 병력을
        # 보낸 데 이어 … 공병과 건설 인력까지" names other people)
        and not (
            lex.east_asian and (
                any(x.cat == "people" and n.end <= x.start and x.end <= k.start for x in kws)
                # ("병력 약 1만5천 명과 공병·건설 인력 수천 명": the next item of a list)
                or (n.end <= k.start and _list_goes_on(sent, n, lex))
            )
        )
        for k in kws
    ):
        # "5,000 troops of engineering units": the speciality decides (in the number's clause, not
        # "14,000-15,000 troops, not counting engineers")
        return "support_personnel"
    if noun[0] == "people" and any(
        # "six-thousand military personnel to Russia's Kursk region to help with reconstruction and
        # mine clearance": the task names the speciality (the number's clause, no other number between)
        k.cat == "support_personnel" and n.end <= k.start and k.end <= s_hi and k.start - n.end <= 100
        and not re.search(r"\d", sent[n.end : k.start])
        for k in kws
    ) and lex.patterns["context.task"].search(sent, n.end, s_hi):
        return "support_personnel"
    colon = SAID_AFTER.match(sent, n.end) or _made_of_rx(lex).match(sent, n.end)
    if noun[0] in ("people", "persons") and colon is not None and any(
        k.cat == "support_personnel" and colon.end() <= k.start <= colon.end() + 25 for k in kws
    ):
        # "l'envoi de 6000 hommes supplémentaires : des sapeurs et des militaires du génie": what they are
        return "support_personnel"
    if noun[0] == "persons" and inherit and not military:
        return inherit  # "6,000 engineers, of whom about 1,000 people have arrived"
    if noun[0] == "persons" and not military:
        # a bare head count ("30명", "1万5000人") is a deployment only when North Korea sends it
        # ("북한은 … 1만5천 명을 러시아에 보낸"); "a delegation of 30 people" is not
        # (the dispatch verb may stand before another number of the clause: "派遣4个旅共约1.2万人";
        # "이는 … 먼저 파병된 1만1천 명": North Korea named in the sentence just before)
        c_lo, c_hi = clause_bounds(sent, 0, hi, n)
        if not ((nk_in_sentence or nk_before or nk_recent) and lex.patterns["context.dispatch"].search(sent[c_lo:c_hi])):
            return None
    if _extra_batch(sent, n, lo, hi, lex):
        return "troops_additional"
    c_lo, c_hi = clause_bounds(sent, lo, hi, n)
    if _additional_dispatch_rx(lex).search(sent, c_lo, n.start):
        return "troops_additional"  # "дополнительно перебросил в Россию до 3 тыс.": an extra batch sent
    return "troops_deployed"


@lru_cache(maxsize=None)
def _made_of_rx(lex: Lexicon) -> re.Pattern[str]:
    """"6 mil efectivos, entre zapadores e ingenieros": the noun, a comma and a word that says what
    they are."""
    if lex.patterns["context.made_of"].pattern == NEVER.pattern:
        return NEVER
    return re.compile(r"[^,;:.!?]{0,40}?,[\s\u00a0]*(?:" + lex.patterns["context.made_of"].pattern + r")[\s\u00a0]+", re.I)


def _named_before(sents: list[Sentence], si: int, lex: Lexicon) -> str | None:
    """Builders or workers, when the sentence before (same paragraph, no number in it) names them
    last among the people it names."""
    if si == 0 or sents[si - 1].paragraph != sents[si].paragraph:
        return None
    prev = sents[si - 1].text
    if find_numbers(prev, lex):
        return None
    kws = keywords(prev, lex)
    specific = [k for k in kws if k.cat in ("support_personnel", "workers")]
    named = specific + [
        # (not a verb of sending, nor the noun of a speciality: "軍の建設要員の派遣")
        k for k in kws if k.cat == "people" and not lex.patterns["context.dispatch"].fullmatch(prev, k.start, k.end)
        and not any(0 <= k.start - x.end <= 1 for x in specific)
    ]
    last = max(named, key=lambda k: k.start).cat if named else None
    return last if last in ("support_personnel", "workers") else None


def _part_of_entries(sents: list[Sentence], si: int, n: NumberMention, lex: Lexicon) -> bool:
    """A part ("of them") of border entries counted just before: "граждане КНДР въезжали в Россию
    13 221 раз, из них 7 887 — с целью учебы", "7887 von ihnen gaben ein Studium an"."""
    sent = sents[si].text
    p = lex.patterns
    counted = p["context.entries"].search(sent, 0, n.start) or (
        si > 0 and sents[si - 1].paragraph == sents[si].paragraph and p["context.entries"].search(sents[si - 1].text)
    )
    if not counted:
        return False
    return bool(
        OF_THEM.match(sent, n.end)
        or OF_THEM_BEFORE.search(sent, max(0, n.start - 20), n.start)
        or p["context.split"].search(sent, max(0, n.start - 12), n.start)
    )


LIST_AFTER = re.compile(r"[\s\u00a0]*(?:[과와][\s\u00a0]|[、，,]|及び|並びに|和|及)")


def _list_goes_on(sent: str, n: NumberMention, lex: Lexicon) -> bool:
    """A list's next item right after the number and its counter ("1만5천 명과 …", "1万5000人、…")."""
    counter = lex.patterns["numbers.counters"].match(sent, SPACES.match(sent, n.end).end())
    return LIST_AFTER.match(sent, counter.end() if counter else n.end) is not None


def _headcount_between(sent: str, a: int, b: int, kws: list[Keyword], lex: Lexicon) -> bool:
    """People or a dispatch verb stand between the number and a later event word ("otros 3.000
    militares llegarán … las bajas"), not only an aside ("Ещё около тысячи, по словам депутата,
    получили ранения": the event is what befell them)."""
    # (not "of them" right after the number: "etwa 4.000 von ihnen wurden … getötet oder verwundet")
    them = OF_THEM.match(sent, a)
    return any(
        k.cat in ("people", "persons") and a <= k.start and k.end <= b
        and not (them is not None and them.start() <= k.start and k.end <= them.end())
        for k in kws
    ) or bool(lex.patterns["context.dispatch"].search(sent, a, b))


def _last_match(rx: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """The last match of `rx` in text[start:end], else None."""
    found = None
    for found in rx.finditer(text, start, end):
        pass
    return found


def _size_ref(sent: str, n: NumberMention, lo: int, kws: list[Keyword], lex: Lexicon) -> str | None:
    """A bare head count after "their number" / "그 규모" measures what the sentence named before
    it: "the builders arrive in stages … put their number at about 2,000 people", "추가 파병이
    이뤄졌다 … 그 규모를 1천 명 이상으로"."""
    ref = _last_match(lex.patterns["context.size_ref"], sent, max(lo, n.start - 40), n.start)
    if ref is None:
        return None
    named = [
        k for k in kws
        if k.end <= ref.start() and k.cat in ("support_personnel", "workers", "additional", "people", *EQUIPMENT)
    ]
    extra = list(lex.metrics["additional"].finditer(sent, 0, ref.start()))
    last = max(named, key=lambda k: k.end, default=None)
    if extra and (last is None or extra[-1].end() >= last.end or last.cat == "people"):
        return "troops_additional"
    if last is None:
        return None
    return last.cat if last.cat in ("support_personnel", "workers", *EQUIPMENT) else "troops_deployed"


@lru_cache(maxsize=32)
def _additional_dispatch_rx(lex: Lexicon) -> re.Pattern[str]:
    """An "additional" word right before a dispatch verb ("дополнительно перебросил")."""
    extra, verb = lex.metrics["additional"].pattern, lex.patterns["context.dispatch"].pattern
    return re.compile("(?:" + extra + r")[\s\u00a0]+(?:" + verb + ")", re.I)


def _apposition_only(sent: str, start: int, end: int, lex: Lexicon) -> bool:
    """Between the number's clause and the verb stands only an aside naming who says so
    (", как полагают в ОКНШ,", ", the JCS believes,")."""
    parts = re.split(r"[,，、]|\s[—–]\s", sent[start:end])
    return len(parts) >= 3 and all(
        any(rx.search(x) for _, rx in lex.sources) or lex.patterns["sources.generic"].search(x)
        or lex.patterns["sources.citing"].search(x)
        for x in parts[1:-1]
    )


def _apposition(sent: str, n: NumberMention, lex: Lexicon) -> bool:
    """The number stands between commas with at most a qualifier before it and a noun after it
    (", about 1,000 men,"): an apposition, which the verb after it is about."""
    before = re.search(r"[,、，]([^,;:、，；.。]{0,15})$", sent[: n.start])
    if not before or re.search(r"\d", before.group(1)):
        return False
    gap = before.group(1)
    if any(lex.metrics[key].search(gap) for key in METRIC_KEYS if key != "additional"):
        return False  # "朝鲜伤员人数不到3000人，": the noun before makes it the clause's subject
    return bool(
        re.match(r"[^,;:、，；.。]{0,12}[,、，]", sent[n.end :])
    )


def _missile_after(sent: str, kws: list[Keyword], n: NumberMention, hi: int, lo: int = 0) -> bool:
    """The shells counter is followed closely by a missile noun and no other equipment noun
    ("100발이 넘는 탄도미사일", "100発を超える弾道ミサイル", "100多枚弹道导弹")."""
    after = sorted(
        (
            k for k in kws
            if k.cat in EQUIPMENT and k.start > n.end and k.end <= hi and k.start - n.end <= 14
            and not (k.end - k.start == 1 and k.start - n.end <= 1)  # (the counter itself)
        ),
        key=lambda k: k.start,
    )
    # (in the number's own region: not "400万発を超える砲弾と、約150発の弾道ミサイル")
    named_before = any(
        k.cat in EQUIPMENT and lo <= k.start and k.end <= n.start and n.start - k.end <= 25
        and not LIST_BREAK.search(sent, k.end, n.start)  # ("数百万発の砲弾と、少なくとも100発の弾道ミサイル")
        for k in kws
    )
    return bool(after) and after[0].cat == "missiles" and not named_before  # "포탄 1천만 발과 미사일"


def _counter_after(kws: list[Keyword], n: NumberMention) -> bool:
    """A one-character shells counter right after the number (발, 発, 发)."""
    return any(
        k.cat == "artillery_shells" and k.end - k.start == 1 and 0 <= k.start - n.end <= 1 for k in kws
    )


# what a lone number closing its sentence may count when the subject names one thing only
# (a bare "troops" subject is left out: too many sentences mention troops in passing)
SUBJECT_METRICS = frozenset(("workers", "support_personnel", *EVENTS, *EQUIPMENT))


def _subject_metric(
    sent: str, n: NumberMention, kws: list[Keyword], lex: Lexicon, nk_in_sentence: bool
) -> str | None:
    """The only number of a sentence, with no noun of its own, counts the one thing its subject
    names ("Verwundete ... derzeit seien es mindestens 200", "Los trabajadores ... superan los 10.000")."""
    if n.value < 100 or any(k.start >= n.end and k.cat != "persons" for k in kws):
        return None
    if not re.match(r"[\s\u00a0]*(?:[,.;!?。，；]|$)", sent[n.end :]):
        return None  # it closes its clause ("…superan ya los 10.000."), unlike "flight 152 to Moscow"
    cats = {k.cat for k in kws if k.end <= n.start and k.cat not in ("persons", "losses")}
    if len(cats) == 2 and "people" in cats and cats & {"workers", "support_personnel"}:
        cats.discard("people")  # "los trabajadores norcoreanos": the nationality names no metric
    if len(cats) != 1:
        return None
    cat = next(iter(cats))
    if cat == "people" and nk_in_sentence:
        # "schätzt die Zahl der nordkoreanischen Soldaten in Kursk auf rund 12.000":
        # a figure word naming the troops as what the closing number counts
        figure_words = lex.patterns["context.figure_words"]
        if figure_words.search(sent, max(0, n.start - 25), n.start) and any(
            k.cat == "people" and k.end <= n.start for k in kws
        ):
            return "troops_deployed"  # "North Korea's first contingent … numbered around 11,000"
        for k in kws:
            if k.cat == "people" and k.end <= n.start:
                if figure_words.search(sent, max(0, k.start - 40), k.start):
                    return "troops_deployed"
        return None
    if cat not in SUBJECT_METRICS:
        return None
    if cat in EQUIPMENT and not nk_in_sentence:
        # "beziffern die Zahl der gelieferten Raketen auf mehr als 100": a figure word naming the
        # equipment as what the closing number counts
        figure_words = lex.patterns["context.figure_words"]
        if not any(
            k.cat == cat and figure_words.search(sent, max(0, k.start - 40), k.start) for k in kws if k.end <= n.start
        ):
            return None
    return cat


def _missile_before(kws: list[Keyword], n: NumberMention, lo: int) -> bool:
    """The nearest equipment noun before the number is a missile: in its region within 25
    characters ("미사일 100발"), or anywhere before in the sentence when the region names no
    equipment ("미사일 100여 발을 보냈고, 이 가운데 60여 발을 발사")."""
    nouns = [k for k in kws if k.cat in EQUIPMENT and k.end - k.start > 1 and k.end <= n.start]
    near = [k for k in nouns if lo <= k.start and n.start - k.end <= 25]
    pool = near or [k for k in nouns if k.start < lo and n.start - k.end <= 80]
    return bool(pool) and max(pool, key=lambda k: k.end).cat == "missiles"


def _fired_equipment(sent: str, n: NumberMention, kws: list[Keyword], lex: Lexicon) -> bool:
    """A number right after a firing verb with a weapon noun after it counts what was fired
    ("Russian forces fired 20 North Korean KN-23 missiles"), not the people before it."""
    if not lex.patterns["context.fired"].search(sent[max(0, n.start - 15) : n.start]):
        return False
    return any(k.cat in EQUIPMENT and 0 <= k.start - n.end <= 45 for k in kws)


def _loss_before(kws: list[Keyword], n: NumberMention, lo: int) -> bool:
    return any(k.cat == "losses" and lo <= k.start and k.end <= n.start for k in kws)


# "on top of the 11,000", "además de los 11.000", "в дополнение к 11 тыс.": the number after
# "in addition to" is what the extra batch is added to
ADDED_TO = re.compile(r"(?<![^\W\d_])(?:of|to|de|a|à|aux?|zu|к|до)$", re.I)
ARTICLE_GAP = re.compile(r"[\s\u00a0]*(?:(?:the|those|les|los|las|el|la|le|die|den|der)[\s\u00a0]+)?", re.I)


def _extra_batch(sent: str, n: NumberMention, lo: int, hi: int, lex: Lexicon) -> bool:
    """An "additional" word right around the number, inside its clause ("a further 3,000", "un
    segundo contingente de unos 3.000", "перебросила дополнительно не менее 3 тыс.": counted from
    the qualifier's start)."""
    back, ahead = (12, 25) if lex.east_asian else (25, 40)  # CJK packs more words per character
    c_lo, c_hi = clause_bounds(sent, lo, hi, n)
    if _apposition(sent, n, lex):
        c_lo = lo  # "The second wave, about three thousand men, came in early 2025"
    start = qualifier_start(sent, n, lex)
    window = (max(c_lo, start - back), min(c_hi, n.end + ahead))
    if lex.patterns["context.total"].search(sent, *window):
        return False  # "추가 파병분까지 합쳐 1만5천 명": the total with the extra batch
    before_batch = lex.patterns["context.before_batch"]
    if _added_to(sent, n, lex, window[0]):
        return False  # "Los refuerzos se suman a los cerca de 11.000 militares": the base of the batch
    if lex.east_asian and any(
        not NUMERAL.search(sent, m.end(), start)
        and not NUMERAL.search(sent, max(0, m.start() - 12), m.start())  # ("3천여 명을 추가 파병": its own number)
        and not lex.patterns["context.total"].search(sent, m.end(), start)  # ("増派を合わせ、1万5000人")
        for m in lex.metrics["additional"].finditer(sent, max(0, start - 40), start)
    ):
        return True  # "今年に入ってからも増派が続いており、私自身は1000～3000人規模だとみています"
    if c_lo > 0 and re.fullmatch(r"[\s\u00a0]*(?:de|of|von|из|з|от|від)?[\s\u00a0]*(?:entre|between|zwischen)?[\s\u00a0]*", sent[c_lo:start]) and any(
        # ("переброске дополнительного контингента — от 1000 до 3000 военных": after a dash too)
        m.end() >= c_lo - 20 and not re.search(r"[\d,;]", sent[m.end() : c_lo - 2])
        and not lex.patterns["context.total"].search(sent, m.end(), start)  # ("増派を合わせ、1万5000人")
        for m in lex.metrics["additional"].finditer(sent, max(0, c_lo - 30), c_lo)
    ):
        return True  # "detectó un segundo envío, de entre 1.000 y 3.000 hombres": the batch just named
    return any(
        m.start() < window[1]  # (a word that starts inside the window: "… als Verstärkung eingetroffen")
        and not (m.end() <= start and ADDED_TO.search(m.group(0)) and ARTICLE_GAP.fullmatch(sent, m.end(), start))
        # ("rondaba los 11.000 hombres antes de los refuerzos": the count before the batch)
        and not (m.start() >= n.end and before_batch.search(sent, max(n.end, m.start() - 16), m.start()))
        for m in lex.metrics["additional"].finditer(sent, window[0], c_hi)
    )


def _added_to(sent: str, n: NumberMention, lex: Lexicon, lo: int = 0) -> bool:
    """The number right after "in addition to", "on top of the", "se suman a los": the count a
    batch is added to."""
    start = qualifier_start(sent, n, lex)
    return any(
        m.end() <= start and ADDED_TO.search(m.group(0)) and ARTICLE_GAP.fullmatch(sent, m.end(), start)
        for m in lex.metrics["additional"].finditer(sent, max(lo, start - 40), start)
    )


def _rank_count(sent: str, n: NumberMention, lex: Lexicon) -> bool:
    """The number counts officers or generals: a rank noun right after it ("500 officers",
    "500 senior officers") or, in Korean, Japanese and Chinese, right before it with at most a
    qualifier between ("将校約500人", "장성급 지휘관 10명")."""
    ranks = lex.patterns["context.ranks"]
    if lex.east_asian:
        before = sent[max(0, n.start - 12) : qualifier_start(sent, n, lex)]
        before = re.sub(r"[はがもの은는이가도]$", "", before.rstrip())  # "将校は200人"
        if ranks.search(sent, n.end, n.end + 6):
            return True  # "约500名军官", "500名朝鲜军官": a counter, then the rank
        return any(m.end() == len(before) for m in ranks.finditer(before))
    m = ranks.search(sent, n.end, n.end + 30)
    if m is None:
        return False
    between = [w for w in sent[n.end : m.start()].split() if w.lower() not in ("of", "them", "de", "ellos", "ellas", "из", "них", "з", "d\x27entre", "eux")]
    return len(between) <= 1 and not any(
        lex.metrics[key].search(w) for w in between for key in ("people", "persons", "additional")
    )


@lru_cache(maxsize=64)
def _agent_end(lex: Lexicon) -> re.Pattern[str]:
    return re.compile(r"(?:" + lex.patterns["context.agent"].pattern + r")[\s\u00a0]+(?:\w+[\s\u00a0]+)?$", re.I)


def _foreign(text: str, metric: str, lex: Lexicon) -> bool:
    """Foreign (Russian, Ukrainian) forces or people named in `text`; for prisoners, not their
    captors ("Deux soldats ont été faits prisonniers par les forces ukrainiennes")."""
    found = list(lex.patterns["context.foreign_forces"].finditer(text))
    if metric == "captured":
        found = [m for m in found if not _agent_end(lex).search(text, 0, m.start())]
    return bool(found)


def _rejected(
    sent: str, n: NumberMention, metric: str, lo: int, hi: int, lex: Lexicon, nk_in_sentence: bool
) -> bool:
    c_lo, c_hi = clause_bounds(sent, lo, hi, n)
    clause = sent[c_lo:c_hi]
    near = sent[max(lo, n.start - 30) : min(hi, n.end + 30)]
    p = lex.patterns
    if metric == "captured" and n.value == 1:
        if re.search(r"(?:가운데|중|のうち|之中|其中|另|among|of the|parmi|unter|entre|из|з|серед|среди)[\s\u00a0]*$", sent[max(0, n.start - 12) : n.start]):
            return True  # "생포된 북한군 가운데 1명이 … 진술했다", "另1人身上沒有任何證件": one of the prisoners
        before = sent[max(lo, n.start - 12) : n.start]
        if any(m.end() >= len(before.rstrip()) - 1 for m in lex.metrics["captured"].finditer(before.rstrip())):
            return True  # "포로 한 명이 … 진술했다": one of the prisoners speaks (not "Одного солдата … взяли в полон")
    if metric in EQUIPMENT and max(n.value, n.high or 0) < 2:
        return True  # "Один стандартний контейнер вміщує…": one of a kind, not a count supplied
    if metric in HEADCOUNTS and max(n.value, n.high or 0) < MIN_HEADCOUNT:
        return True  # "3 generals", "4 brigades", "one was 20": a deployment is no handful
    if (
        metric in ("troops_deployed", "troops_additional")
        and p["context.fired"].search(clause) and not p["context.dispatch"].search(clause)
    ):
        return True  # "al menos 80 de ellos ya han sido disparados": missiles fired, not people
    if metric in PEOPLE_METRICS and _rank_count(sent, n, lex):
        return True  # "unos 500 oficiales", "将校約500人", "장교도 10여 명": a sub-count of officers
    # (workers who came "on student visas" are still workers: a shorter reach after them)
    reach = (16, 6) if lex.east_asian else (60, 20 if metric == "workers" else 60)  # ("1.3万人入境" but not "…，多以留学生名义入境")
    if metric in HEADCOUNTS and lex.patterns["context.entries"].search(sent, max(0, n.start - reach[0]), n.end + reach[1]):
        return True  # "13,000 entries of North Koreans", "visas": border statistics
    if metric in PEOPLE_METRICS:
        if n.value > MAX_ARMY or (n.high or 0) > MAX_ARMY:
            return True
        if metric in ("troops_deployed", "troops_additional") and n.value >= MAX_DEPLOYMENT and not (
            # (but a reported plan stated as a range: "a further 25,000 to 30,000", as CNN reported)
            metric == "troops_additional" and n.high is not None and n.high <= MAX_BATCH
        ):
            return True
        if metric not in LOSS_METRICS and any(
            # (an army named after the number with its own size describes that number: "unos
            # 11.000 efectivos, una fracción mínima de un ejército de más de 1,2 millones")
            not (m.start() >= n.end and re.search(r"\d", sent[m.end() : m.end() + 25]))
            for m in p["context.army"].finditer(sent, max(0, n.start - 60), min(len(sent), n.end + 60))
        ):
            return True  # (the army's losses stay: "Its 1.2 million-strong army has … lost 6,000 soldiers")
        if unit_rx(lex)[0].search(sent[max(0, n.start - 40) : n.start]) or unit_rx(lex)[1].match(sent, n.end):
            return True  # the size of a unit ("an elite unit of 42,000 men"), not a deployment
        lead = sent[c_lo : n.start]  # ("verlor die Ukraine in Kursk mehr als 76.000 Soldaten")
        # (CJK text is denser: "러시아군 사상자가 하루 1천500명 안팎이었던 것과 비교하면 북한군 피해는")
        own = sent[max(lo, n.start - 20) : min(hi, n.end + 8)] if lex.east_asian else near
        if (_foreign(own, metric, lex) and not p["context.nk"].search(own)) or (
            p["context.foreign_forces"].search(lead) and not p["context.nk"].search(clause)
            # (the captors are no count: "dass ukrainische Truppen erstmals zwei von ihnen lebend gefangen
            # genommen haben")
            and not (metric == "captured" and lex.metrics["captured"].search(clause))
        ):
            # "les troupes nord-coréennes engagées aux côtés de l'armée russe ont subi 4 700 pertes":
            # North Korea named in the number's own clause keeps it
            # (not past "and": "praised the North Korean units and claimed Ukraine had lost more than 76,000")
            conj = [m.end() for m in re.finditer(r"(?<![\w])(?:" + p["numbers.connectors"].pattern + r")(?![\w])", sent[c_lo : n.start], re.I)]
            if not p["context.nk"].search(sent, c_lo + (conj[-1] if conj else 0), n.start):
                return True
        if metric in LOSS_METRICS and not nk_in_sentence and _foreign(sent, metric, lex):
            return True
        if p["context.returned"].search(clause):
            return True
        if c_lo <= lo and p["context.returned"].search(sent, n.end, hi) and _apposition_only(sent, n.end, hi, lex):
            return True  # "Около тысячи раненых, как полагают в ОКНШ, уже вернулись на родину"
        if _apposition(sent, n, lex) and p["context.returned"].search(sent, n.end, min(hi, n.end + 45)):
            return True  # "part of the first wave, about 1,000 men, has gone home"
        if sent[c_hi : c_hi + 1] == ",":
            # "unos 2 mil militares, muchos de ellos heridos o enfermos, regresaron a su país": the
            # verb after a phrase about them sends them home
            close = sent.find(",", c_hi + 1)
            verb_end = min([x for x in (sent.find(",", close + 1), sent.find(".", close + 1)) if x > 0] or [len(sent)])
            if (
                0 < close - c_hi <= 80 and not re.search(r"[\d;:]", re.sub(r"(?<!\d)(?:19|20)\d\d(?!\d)", "", sent[c_hi + 1 : close]))
                and not p["context.split"].match(sent[c_hi + 1 : close].strip())  # (not ", але частина загинула,")
                and p["context.returned"].search(sent, close, min(verb_end, close + 50))
            ):
                return True
        dash_close = DASH.search(sent, n.end, n.end + 25)
        dash_open = DASH.search(sent, max(0, n.start - 60), n.start)
        if dash_open and dash_close and (
            p["context.returned"].search(sent, dash_close.end(), dash_close.end() + 40)
            or p["context.returned"].search(sent, max(0, dash_open.start() - 30), dash_open.start())
        ):
            return True  # "Часть контингента — по оценке разведки, не менее 3 тыс. человек — уже вернулась на родину"
        # (in Korean, Japanese and Chinese the clause's end stops it: "北朝鮮兵は1万人から1万2000人で、
        # このうち将官は3人" counts all of them)
        sub_end = min(c_hi, n.end + 80) if lex.east_asian else max(n.end + 12, min(c_hi, n.end + 80))
        if (said := DASH.match(sent, n.end)) is not None:
            sub_end = max(sub_end, said.end() + 40)  # "з них близько 2 тисяч — артилеристи": what they are
        if p["context.subset"].search(sent, n.end, sub_end):
            return True
        if lex.east_asian and p["context.subset"].search(sent, c_lo, n.start):
            return True  # "在前线操作无人机的朝鲜士兵不到500人": the speciality comes first
        if p["context.ranks"].search(sent[n.end : n.end + 30]) and p["context.subcount_lead"].search(
            sent[max(0, n.start - 80) : n.start]
        ):
            return True  # "Among the dead were at least 30 officers": a sub-count by rank
    lead = sent[max(0, n.start - 70) : n.start]
    lead = ASIDE.sub(" ", lead)  # ("« pourrait, sans difficulté, mobiliser 30 000 hommes de plus »")
    # (a comma inside a number, "30,000 or 40,000", is no clause break)
    lead = lead[max((m.end() for m in CLAUSE_MARK.finditer(lead)), default=0) :]
    label = table_label(sent, n, lex)
    if label is not None:
        lead = sent[label[0] : label[1]]  # "Von Russland abgefeuerte KN-23 seit Dezember 2023: mehr als 100"
    taken = metric == "captured" and lex.metrics["captured"].search(sent, max(c_lo, n.start - 20), min(c_hi, n.end + 12))
    # (the shells the containers sent would hold are counted, as the dev set counts them: "más de
    # 13.000 contenedores, con capacidad para más de 6 millones de proyectiles")
    held = metric == "artillery_shells" and n.value >= 100_000 and lex.metrics["containers"].search(sent, 0, n.start) is not None
    if (p["context.hypothetical"].search(clause) or p["context.hypothetical"].search(lead)) and not taken and not held:
        # ("Mit 1,2 Millionen Soldaten könne Kim jederzeit weitere 20.000 … schicken"; but prisoners
        # already taken stay: "붙잡은 북한군 병사 2명을 … 맞바꿀 수 있다")
        return True
    if not nk_in_sentence and p["context.comparison"].search(sent):
        return True  # "For comparison, European industry made about 1 million shells"
    if metric in EQUIPMENT and not nk_in_sentence and p["context.foreign_forces"].search(sent, 0, c_hi) and (
        # (up to the number's clause: not "70 heavy artillery systems, a welcome addition for a Russian
        # army that has lost large numbers of guns")
        lex.metrics["losses"].search(sent, 0, c_hi) or lex.metrics["casualties"].search(sent, 0, c_hi)
        or p["context.destroyed"].search(sent, 0, n.start)
    ):
        # "Russia's losses in the past day: 1,230 men, 7 tanks and 41 artillery systems"; "Сили
        # оборони знешкодили 1 570 російських окупантів, 9 танків, 31 артилерійську систему"
        return True
    if metric in EQUIPMENT and p["context.other_arms"].search(clause) and not p["context.supplied"].search(clause):
        return True  # "сама российская армия расходует около 10 тыс. снарядов в сутки": use or output, not supply
    if metric in EQUIPMENT and not nk_in_sentence and p["context.other_arms"].search(sent):
        return True  # "The EU has pledged Ukraine 2 million shells", "Russia produces 250,000 a month"
    if metric in EQUIPMENT and p["context.destroyed"].search(clause) or (
        metric in ("troops_deployed", "troops_additional") and p["context.destroyed"].search(sent, n.end, min(c_hi, n.end + 35))
    ):
        return True  # "about 100 of them had been destroyed by drones": equipment lost, not supplied
    if metric in EQUIPMENT and (lex.metrics["casualties"].search(clause) or lex.metrics["losses"].search(clause)):
        return True  # equipment lost or destroyed
    if (
        metric in ("missiles", "artillery_shells")
        and (
            p["context.fired"].search(clause) or p["context.fired"].search(lead)
            # "около 50 таких ракет, выпущенных по украинским городам": a participle after the noun
            or ((aside := COMMA_AFTER.match(sent, c_hi)) is not None and p["context.fired"].match(sent, aside.end()))
        )
        and not p["context.supplied"].search(clause)
    ):
        return True
    return False




def _lexicon_for(text: str, lang: str, title: str) -> Lexicon | None:
    code = detect_language(text or title, lang)
    try:
        return load_lexicon(code)
    except LexiconMissing:
        return None


def _extract_sentences(
    sents: list[Sentence], lex: Lexicon, title_source: str | None, title_codes: frozenset[str] = frozenset()
) -> list[_Found]:
    p = lex.patterns
    out: list[_Found] = []
    src_cache = bind_names(sents, [find_sources(s.text, lex) for s in sents], lex)
    if lex.cite_names:
        src_cache = [
            sorted(c + cited_names(s.text, c, lex), key=lambda x: x.start) for s, c in zip(sents, src_cache)
        ]
    people_sentences: dict[int, bool] = {}
    found_metric: dict[int, str] = {}  # the last figure's metric per sentence
    interview = find_interview(sents, src_cache, title_source, lex, title_codes)
    for si, s in enumerate(sents):
        sent = s.text
        mentions = [n for n in find_numbers(sent, lex) if not is_noise(sent, n, lex)]
        if not mentions:
            continue
        nk_in_sentence = bool(p["context.nk"].search(sent))
        war_here = nk_in_sentence or bool(p["context.russia"].search(sent))
        war_before = any(
            p["context.nk"].search(sents[sj].text) or p["context.russia"].search(sents[sj].text)
            for sj in range(max(0, si - 12), si)
        )
        srcs = src_cache[si]
        kws = keywords(sent, lex, [m.start for m in mentions])
        if any(k.cat in EQUIPMENT or k.cat in EVENT_KEYS for k in kws):
            # (the people a source names count no weapons nor a toll: "самохідні гармати … —
            # південнокорейські військові говорять приблизно про 220 одиниць", "死傷「3千人超」と
            # ゼレンスキー氏　韓国軍は1100人と推計")
            kws = [
                k for k in kws
                if not (k.cat == "people" and any(x.start <= k.start and k.end <= x.end and x.code != "MEDIA" for x in srcs))
            ]
        # (an interview is about North Korea's soldiers throughout: "— Скільки їх зараз на Курщині? —
        # … близько 300 із них уже загинули")
        nk_recent = interview is not None or any(p["context.nk"].search(sents[sj].text) for sj in range(max(0, si - 5), si))
        prev_metric: str | None = None
        prev_counted: tuple[NumberMention, str] | None = None  # the last number given a metric
        sentence_has_people = people_sentences.get(si - 1, False)  # "…of them, 300 died"
        prev_lo = 0
        for i, n in enumerate(mentions):
            lo = split_point(sent, mentions[i - 1], n, lex, kws) if i > 0 else 0
            if i > 0 and is_base(sent, mentions[i - 1], lex):
                lo = prev_lo  # "estimates losses among the 14,000 troops at 5,000": the loss words reach on
            prev_lo = lo
            hi = split_point(sent, n, mentions[i + 1], lex, kws) if i + 1 < len(mentions) else len(sent)
            inherit = (
                prev_metric
                if i > 0 and prev_metric in INHERITABLE and elliptic(sent, mentions[i - 1], n, lex)
                else None
            )
            if inherit is None and prev_metric is None and prev_counted is not None:
                # "14,000 soldiers in two batches, including the 3,000 …": past a number that
                # counts nothing, to the last one that counted
                a, a_metric = prev_counted
                if a_metric in INHERITABLE and elliptic(sent, a, n, lex):
                    inherit = a_metric
            nk_before = (
                si > 0 and s.paragraph == sents[si - 1].paragraph and bool(p["context.nk"].search(sents[si - 1].text))
            )
            metric = _classify(
                sent, n, lo, hi, kws, lex, nk_in_sentence, inherit, sentence_has_people, nk_before, nk_recent
            )
            if metric is None and len(mentions) == 1:
                metric = _subject_metric(sent, n, kws, lex, nk_in_sentence)
            if metric is None and interview is not None and n.value >= 2 and not any(
                lo <= k.start < hi and k.cat != "persons" for k in kws
            ) and not (prev_counted is not None and prev_counted[0].value == n.value):
                # an answer's bare number counts what the question asked about ("Has Ukraine taken
                # prisoners?" – "Yes, two are in our custody"), not the number just counted said
                # again ("俘虏了两名朝鲜士兵，两人目前仍被关押在基辅")
                metric = _asked(sents, si, interview, lex)
                if metric == "troops_deployed" and prev_counted is not None and prev_counted[1] in ("support_personnel", "workers"):
                    # "Shoigú anunció 6.000 zapadores…, y según el NIS alrededor de 1.000 ya están en
                    # Rusia": of the builders the answer just counted
                    metric = prev_counted[1]
            recent = next((found_metric[sj] for sj in range(si, max(-1, si - 4), -1) if sj in found_metric), None)
            if (
                metric is None
                and n.value >= 100
                and recent is not None
                and all(k.cat == "persons" for k in kws if lo <= k.start < hi)
                # (a head count "약 128만 명" re-estimates no shells)
                and not (recent in EQUIPMENT and any(k.cat == "persons" for k in kws if lo <= k.start < hi))
                and (
                    (len(mentions) == 1 and p["context.figure_words"].search(sent))
                    or p["context.figure_words"].search(sent, max(lo, n.start - 40), n.start)
                    # (Korean and Japanese put the estimate verb after: "1만1천~1만2천 명으로 봤고")
                    or (lex.east_asian and p["context.figure_words"].search(sent, n.end, min(hi, n.end + 12)))
                )
            ):
                # "Seoul gives a lower figure: about 11,000", "the Pentagon put the number at between
                # 11,000 and 12,000, most of them deployed in Kursk": another estimate of the count just
                # reported, or of the deployment when the sentence speaks of one
                # ("put the North Korean force in Russia at "over 12,000"": the force named before it)
                force = any(k.cat == "people" and k.end <= n.start and n.start - k.end <= 60 for k in kws)
                metric = "troops_deployed" if p["context.dispatch"].search(sent) or (force and recent in EQUIPMENT) else recent
                if (metric in ("killed", "wounded", "captured", "troops_additional") and n.value >= 8000) or (
                    metric == "casualties" and n.value >= 10000
                ):
                    metric = "troops_deployed"  # ("합참 수치인 1만1천여 명과 …": no toll of that size was ever reported)
            region = [k.cat for k in kws if lo <= k.start < hi]
            if metric is None and found_metric.get(si - 1) and table_label(sent, n, lex) is not None:
                # "■ 최초 파병 병력: 약 1만1천 명(국정원)" then "■ 미국 추산: 1만1천∼1만2천 명(미 국방부)":
                # a factbox line whose label names no metric goes on with the line above
                metric = found_metric[si - 1]
            n_lo, n_hi = clause_bounds(sent, lo, hi, n)  # the number's clause
            own_clause = [k.cat for k in kws if n_lo <= k.start < n_hi]  # (not the next clause: "…, dedicados a bombardear con artillería")
            if (
                metric is None and 1000 <= n.value < MAX_DEPLOYMENT and all(c == "persons" for c in own_clause)
                and (recent in ("troops_deployed", "troops_additional") or nk_recent or nk_in_sentence)
                and not _extra_batch(sent, n, lo, hi, lex)
                and _in_the_war_zone(sent, n, lo, hi, lex)
            ):
                # "Insgesamt seien bis zu 12.000 in Russland", "ocho mil ya están en la región de
                # Kursk": so many are in Russia, with the troops named before ("Von den 5.000
                # Militärbauarbeitern … seien etwa 3.800 in Russland eingetroffen": of the builders)
                named = [k.cat for k in kws if lo <= k.start < n.start and k.cat in ("support_personnel", "workers")]
                if not named and OF_THEM.match(sent, n.end) and recent in ("support_personnel", "workers"):
                    named = [recent]  # "Пхеньян отправит 6 тыс. саперов … около тысячи из них уже в России"
                if not named and prev_metric in ("support_personnel", "workers"):
                    # "dass Pjöngjang 6.000 Pioniere und Militärbauarbeiter schickt, etwa 1.000 sollen
                    # bereits im Gebiet Kursk angekommen sein": of the builders just counted
                    named = [prev_metric]
                metric = named[-1] if named else "troops_deployed"
            if (
                metric is None and n.value >= 100 and recent in ("troops_deployed", "troops_additional")
                and all(c == "persons" for c in region) and _extra_batch(sent, n, lo, hi, lex)
            ):
                # "… ha enviado unos 15 000 militares en dos tandas. … en enero y febrero llegaron al
                # menos 3000 más": a further batch of the troops just counted
                metric = "troops_additional"
            # (a pronoun may stand further off: "их, по этим данным, было уже около трех тысяч")
            head = lex.patterns["context.headcount"].search(sent, max(lo, n.start - (20 if lex.east_asian else 45)), n.start)
            # (the words before the size word belong to what it refers to: "已有數千名北韓勞工在…工作，
            # 「…今年內這個數字會增加到1萬2000人左右」")
            # (in the number's clause: not "…, часть выбыла из-за потерь")
            after_head = [k.cat for k in kws if head is not None and head.start() <= k.start < n_hi]
            if (
                metric is None and (n.value >= 100 or (head is not None and not region))
                and all(c == "persons" for c in (after_head if head is not None else region)) and (region or head is not None)
            ):
                if head is not None:
                    # "该局认为人数在1.1万至1.2万人之间", "规模については「1000～3000人程度」", "这一数字目前已
                    # 升至约2000人": the size of what was named last (a toll, an extra batch, the troops)
                    # ("их было девять": the engineers who died just named)
                    metric = _referent(sents, si, head.start(), lex) or (
                        "troops_deployed" if (nk_in_sentence or nk_before or nk_recent) and after_head else None
                    )
            ref = (
                _last_match(lex.patterns["context.size_ref"], sent, max(lo, n.start - 40), n.start)
                if metric in (None, "troops_deployed") else None
            )
            if ref is not None and not any(
                k.end <= ref.start() and k.cat in ("support_personnel", "workers", "people") for k in kws
            ):
                # "Schon heute arbeiten Tausende Nordkoreaner auf Baustellen. Der NIS hatte ihre Zahl
                # auf rund 4.000 geschätzt": the workers of the sentence before
                named = _referent(sents, si, ref.start(), lex)
                if named in ("support_personnel", "workers"):
                    metric = named
            if (
                metric == "troops_deployed" and head is not None
                and lex.metrics["additional"].search(sent, 0, head.start())
                and not lex.patterns["context.dispatch"].search(sent, max(0, head.start() - 4), head.start())
            ):
                # "朝鲜近期又向俄罗斯派出了一批士兵，人数约为3000人" (not "추가 이동이 이어지면 … 파병 규모가
                # 1만여 명에 달할": the size of the whole deployment)
                metric = "troops_additional"
            if (
                metric in (None, "troops_deployed") and i == 0 and found_metric.get(si - 1) in ("support_personnel", "workers")
                and (
                    number_rx(lex).split.match(sent.lstrip())
                    or (metric is None and not region and OF_THEM_BEFORE.search(sent[max(0, n.start - 40) : n.start]))
                    # "Un millier d'entre eux seraient déjà sur place", "about 1,000 of them had arrived"
                    or (
                        (them := OF_THEM.match(sent, n.end)) is not None
                        and all(them.start() <= k.start and k.end <= them.end() for k in kws if lo <= k.start < hi)
                    )
                    # "…지난달 그중 1천 명 이상이 이미 쿠르스크에 도착했다": "of them" right before the number
                    or (
                        p["context.split"].search(sent, max(0, n.start - 12), n.start) is not None
                        and not any(k.cat == "people" for k in kws if n.start - 12 <= k.start < n_hi)
                    )
                )
            ):
                # "このうち1000人程度はすでに現地入りし", "На Курскую область … из них пока приходится
                # менее 2 тыс.": of those just counted
                metric = found_metric[si - 1]
            if (
                metric is None and not region and n.value >= 100 and OF_THEM.match(sent, n.end)
                and (prev_metric if i > 0 else found_metric.get(si - 1)) in ("troops_deployed", "troops_additional")
            ):
                # "Pjöngjang hat rund 15.000 Mann entsandt. … stehen heute weniger als 10.000 davon
                # noch im Gebiet Kursk": part of the force just counted, still deployed
                metric = "troops_deployed"
            if (
                metric == "troops_additional" and not region and i == 0
                and found_metric.get(si - 1) in ("support_personnel", "workers")
            ):
                # "… 10.000 bis 15.000 Arbeiter. Bis Jahresende sollen noch einmal bis zu 12.000
                # hinzukommen": a new batch of what was just counted
                metric = found_metric[si - 1]
            if (
                metric is None and not region and prev_counted is not None and n.value >= 10
                and n.start - prev_counted[0].end < 90 and re.search(r"[,;、，；\u3000]", sent[prev_counted[0].end : n.start])
                and any(prev_counted[0].end <= x.start and x.end <= n.start for x in srcs)
            ):
                # "Der NIS sprach von etwa 4.700 Toten und Verwundeten, Kiew bereits im Januar von
                # fast 4.000": another source's number for the same thing
                metric = prev_counted[1]
                if metric == "troops_deployed" and _extra_batch(sent, n, lo, hi, lex):
                    metric = "troops_additional"  # "…, according to Seoul, and three thousand more"
            # (a people noun glued to a speciality is part of it: "軍の建設要員"; a counter right after the
            # number only counts: "insgesamt 6000 Mann")
            plain = [k for k in kws if not (k.cat == "people" and (
                any(x.cat == "support_personnel" and 0 <= k.start - x.end <= 1 for x in kws)
                or (0 <= k.start - n.end <= 1 and p["numbers.counters"].fullmatch(sent, k.start, k.end))
            ))]
            if (
                metric == "support_personnel" and p["context.total"].search(sent, max(lo, n.start - 20), n.start)
                and any(k.cat == "people" and k.end <= n.start and n.start - k.end <= 40 for k in plain)
            ):
                metric = "troops_deployed"  # "戦闘部隊と工兵部隊を合わせて1万6000人余り": combat troops and engineers in all
            if (
                metric in ("troops_deployed", "troops_additional")
                and all(k.cat in ("persons", "support_personnel") for k in plain if lo <= k.start < hi)
                and p["context.total"].search(sent, max(0, n.start - 30), n.start)
                and any(k.cat == "support_personnel" and k.end <= n.start for k in kws)
                and not any(k.cat == "people" and k.end <= n.start for k in plain)
            ):
                # "к ним добавились саперы и строители: … в общей сложности 6 тыс. человек": the
                # total of the specialists just named
                metric = "support_personnel"
            if (
                metric == "troops_additional" and prev_counted is not None
                and prev_counted[1] in ("support_personnel", "workers")
                and not any(c in ("people", "persons") for c in region)
            ):
                metric = prev_counted[1]  # "15 тыс. рабочих … и планы отправить еще 12 тыс.": more of them
            if metric == "troops_deployed" and _extra_batch(sent, n, lo, hi, lex):
                metric = "troops_additional"  # "rund 3 000 weitere kamen hinzu"
            named_as = _last_match(p["context.figure_words"], sent, n_lo, n.start) if metric == "troops_deployed" else None
            if (
                named_as is not None and lex.metrics["additional"].search(sent, named_as.end(), min(n.start, named_as.end() + 30))
                and not re.search(r"\d", sent[named_as.end() : n.start])
            ):
                metric = "troops_additional"  # "die Zahl der nachgeschickten Soldaten … auf 1000 bis 3000": the batch's size
            people_here = [k for k in kws if lo <= k.start < hi and k.cat == "people"]
            toll_before = next(
                (found_metric[sj] for sj in range(si - 1, max(-1, si - 3), -1)
                 if sj in found_metric and sents[sj].paragraph == s.paragraph), None
            )  # (a headline item may stand between: "死傷「3千人超」　ゼレンスキー氏　韓国軍は「1100人余り」と分析")
            if (
                metric == "troops_deployed" and toll_before in LOSS_METRICS and people_here
                and all(c in ("people", "persons") for c in region)
                and all(any(x.start <= k.start and k.end <= x.end and x.code != "MEDIA" for x in srcs) for k in people_here)
            ):
                # "北朝鮮兵の死傷「3千人超」とゼレンスキー氏　韓国軍は1100人と推計": the people word names
                # the source; its number is another estimate of the toll just given
                metric = toll_before
            if metric == "troops_deployed" and region and all(c == "persons" for c in region) and n.value < MAX_DEPLOYMENT:
                named = _named_before(sents, si, lex)
                if named is not None:
                    # "工兵や軍の建設要員の派遣も始まりました。ロシアは六月、計六千人を送ると発表": a bare head
                    # count after a sentence that named the builders (and counted nothing)
                    metric = named
            if (
                lex.east_asian and metric in ("killed", "wounded", "captured", "casualties") and n.value >= 8000
                and (any(c == "people" for c in region) or p["context.dispatch"].search(sent, max(lo, n.start - 20), n.start))
                and all(k.start >= n.end for k in kws if k.cat in EVENT_KEYS and lo <= k.start < hi)
            ):
                metric = "troops_deployed"  # "向俄派出1.1万余名兵力，阵亡者中包括…": no toll of that size; the troops
            total = _last_match(p["context.total"], sent, max(lo, n.start - 30), n.start)
            if (
                metric == "troops_additional" and total is not None
                and not lex.metrics["additional"].search(sent, total.start(), n.start)
            ):
                # "今年初又增派三千余人，总数在一万四千人左右", "к ним добавились еще свыше 3 тыс., то есть в
                # общей сложности более 14 тыс.": the total
                metric = "troops_deployed"
            if metric is None and n.high is None and (
                total is not None
                or p["context.total"].match(sent, n.end, min(len(sent), n.end + 30))
                or p["context.total"].search(sent, n.end, min(hi, n.end + 30))
            ):
                # "120 canons automoteurs et 120 lance-roquettes, soit 240 systèmes au total", "…
                # 20 Mehrfachraketenwerfer. Zusammen seien das rund 70 Systeme": the sum of the
                # weapons just counted
                metric = _weapons_sum(out, sents, si, s.paragraph, n.value, lex) or metric
            if metric in (None, "troops_deployed", "troops_additional") and n.high is None:
                summed = bool(p["context.total"].search(sent, max(lo, n.start - 20), n.start))
                parts = _parts_metric(out, si, n.value, PARTS_REACH if summed else SUM_REACH)
                if parts is not None and (
                    metric is None or all(c == "persons" for c in region)
                    # "Mit dem neuen Kontingent kämen insgesamt 6.000 weitere Nordkoreaner"
                    or summed
                ):
                    # "1,000 deminers and 5,000 military builders – 6,000 people in all", "The
                    # combined 6,000": the sum of the parts just counted
                    metric = parts
            prev_metric = metric
            if metric is None:
                continue
            prev_counted = (n, metric)
            if metric in PEOPLE_METRICS:
                sentence_has_people = True  # "killed: about 300 people, wounded: about 3,000"
                people_sentences[si] = True
            if not war_here and not war_before:
                continue  # no North Korea / Russia / Ukraine in sight: not a figure about the war
            if _rejected(sent, n, metric, lo, hi, lex, nk_in_sentence):
                continue
            if metric in HEADCOUNTS and _part_of_entries(sents, si, n, lex):
                continue
            if metric in PEOPLE_METRICS and _fired_equipment(sent, n, kws, lex):
                continue
            if metric == "wounded" and n.value <= 10 and any(
                g.metric == "captured" and g.value == n.value and 0 <= si - g.sentence <= 8 for g in out
            ):
                continue  # "Dos soldados, heridos pero vivos": the prisoners just counted were wounded
            found_metric[si] = metric
            qualifier = read_qualifier(sent, n, lex)
            clause = clause_bounds(sent, lo, hi, n, dashes=False)
            source = resolve_source(sents, src_cache, si, n, srcs, lex, title_source, clause, interview)
            # "первая группа — менее 500 человек": a first group counts nothing by name
            batch = bool(people_here) and all(p["context.first_batch"].fullmatch(sent, k.start, k.end) for k in people_here)
            out.append(_Found(metric, n.value, n.high, qualifier, source, si, batch))
            for co in joint_sources(sent, srcs, source, lex):
                out.append(_Found(metric, n.value, n.high, qualifier, co, si))
    return _sums(out)


# what a size word ("规模", "人数") measures, by the last keyword named before it
REFERENT = {
    "casualties": "casualties", "losses": "casualties", "killed": "killed", "wounded": "wounded",
    "captured": "captured", "additional": "troops_additional", "people": "troops_deployed",
    "support_personnel": "support_personnel", "workers": "workers",
}


def _in_the_war_zone(sent: str, n: NumberMention, lo: int, hi: int, lex: Lexicon) -> bool:
    """Russia, Kursk or the front named as the place right after the number, in its clause
    ("12.000 in Russland", "8000 ya están en la región de Kursk", "1万人がクルスク州に"), not a
    nationality ("1 500 touristes russes", "2.300 Ukrainiens") nor a possibility."""
    p = lex.patterns
    if p["context.hypothetical"].search(sent):
        return False
    c_lo, c_hi = clause_bounds(sent, lo, hi, n)
    reach = 20 if lex.east_asian else 45
    after_place, gap_ends = _at_place_rx(lex)
    for m in p["context.russia"].finditer(sent, n.end, min(c_hi, n.end + reach)):
        if p["context.nk"].search(sent, n.end, m.start()):
            return False
        gap = sent[n.end : m.start()]
        if lex.east_asian:
            # a postposition after the place ("쿠르스크에", "クルスク州に") or 在 before it
            if after_place.match(sent[m.end() : m.end() + 6]) or gap_ends.search(gap):
                return True
        elif gap_ends.search(gap):
            return True
    return False


@lru_cache(maxsize=None)
def _at_place_rx(lex: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """For `_in_the_war_zone`: a postposition of place right after the place (ko, ja, zh), and
    the gap between number and place ending in a preposition of place (with up to three words
    after it in languages with spaces)."""
    at = lex.patterns["context.at_place"].pattern
    if lex.east_asian:
        return re.compile(r"\w{0,3}?(?:" + at + r")"), re.compile(r"(?:" + at + r")$")
    return NEVER, re.compile(r"(?:" + at + r")[\s\u00a0]+(?:\S+[\s\u00a0]+){0,3}$", re.I)


def _list_line(sent: str, n: NumberMention, dash: re.Match[str]) -> bool:
    """"Nine — the sappers whose deaths Kim acknowledged": a line that opens with its number, the
    dash right after it introducing what the number counts."""
    return not sent[: n.start].strip() and dash.start() - n.end <= 6


def _referent(sents: list[Sentence], si: int, pos: int, lex: Lexicon) -> str | None:
    """The metric of the last thing counted by name before `pos` in sentence `si`, or in the
    three sentences before it in the same paragraph."""
    for sj in range(si, max(-1, si - 4), -1):
        if sents[sj].paragraph != sents[si].paragraph and sj < si - 1:
            return None  # (the sentence just before may close the paragraph before: "… troops. ¶ Their number …")
        end = pos if sj == si else None
        text = sents[sj].text
        named = [k for k in keywords(text, lex) if k.cat in REFERENT and (end is None or k.end <= end)]
        if named:
            nouns = [k for k in named if k.cat in ("people", "support_personnel", "workers")]
            events = [k for k in named if k.cat in EVENT_KEYS and nouns and k.start > min(x.start for x in nouns)]
            if events:
                # "военных инженеров, погибших при разминировании. … их было девять": the dead
                return REFERENT[min(events, key=lambda k: k.start).cat]
            last = max(named, key=lambda k: k.end)
            if last.cat == "people":
                # "15 000 travailleurs nord-coréens": a nationality after the noun describes it
                head = [k for k in named if k.cat in ("support_personnel", "workers") and 0 <= last.start - k.end <= 2]
                if head:
                    last = head[0]
            return REFERENT[last.cat]
    return None


PARTS_REACH = 8  # sentences back to the parts a sum adds up
SUM_REACH = 4  # the same for a head count that says nothing of a sum (a closer match is no coincidence)


def _weapons_sum(found: list[_Found], sents: list[Sentence], si: int, paragraph: int, value: int, lex: Lexicon) -> str | None:
    """The metric of the weapons of one kind counted in this sentence or the one before (in the
    paragraph) when they add up to `value`; a count said to hold for a second kind too ("120 canons
    … et autant de lance-roquettes", "roughly the same number of") counts twice."""
    for sj in (si, si - 1):
        parts = [f for f in found if f.metric in EQUIPMENT and f.high is None and f.sentence == sj]
        if sj < 0 or not parts or sents[sj].paragraph != paragraph or len({f.metric for f in parts}) != 1:
            continue
        values = [f.value for f in parts]
        if len(parts) == 1 and lex.patterns["context.as_many"].search(sents[sj].text):
            values.append(parts[0].value)
        if len(values) >= 2 and sum(values) == value:
            return parts[0].metric
    return None


def _parts_metric(found: list[_Found], si: int, value: int, reach: int) -> str | None:
    """The metric of the support personnel or workers counted in this sentence or the `reach`
    before when their distinct values add up to `value`."""
    parts: dict[str, list[int]] = {}
    for g in found:
        if 0 <= si - g.sentence <= reach and g.metric in ("support_personnel", "workers") and g.high is None:
            parts.setdefault(g.metric, []).append(g.value)
    for metric, values in parts.items():
        distinct = list(dict.fromkeys(values))
        if len(distinct) >= 2 and sum(distinct) == value:
            return metric
    return None


def _sums(found: list[_Found]) -> list[_Found]:
    """A head count that adds up the parts just stated takes their metric: "1,000 deminers and
    5,000 builders, 6,000 in all", "The 6,000 personnel could leave in July", "合わせて6000人"."""
    out: list[_Found] = []
    for f in found:
        if f.metric in ("troops_deployed", "troops_additional") and f.high is None:
            # parts stated just before, or right after in the same sentence ("6,000 personnel,
            # including 1,000 sappers and 5,000 builders")
            metric = _parts_metric(found, f.sentence, f.value, SUM_REACH)
            if metric is not None:
                f = _Found(metric, f.value, f.high, f.qualifier, f.source, f.sentence)
        if f.metric in ("support_personnel", "workers") and not f.source and f.high is None:
            # "Mit dem neuen Kontingent kämen insgesamt 6.000 weitere": a sum the outlet makes of one
            # source's parts has that source
            by_source: dict[str, list[int]] = {}
            for g in found:
                if g is not f and g.metric == f.metric and g.source and g.high is None and 0 < f.sentence - g.sentence <= PARTS_REACH:
                    by_source.setdefault(g.source, []).append(g.value)
            sums = [src for src, values in by_source.items() if len(set(values)) >= 2 and sum(dict.fromkeys(values)) == f.value]
            if len(sums) == 1:
                f = _Found(f.metric, f.value, f.high, f.qualifier, sums[0], f.sentence)
        if (
            f.first_batch and f.metric == "troops_deployed" and out
            and out[-1].metric in ("support_personnel", "workers") and f.sentence - out[-1].sentence <= 3
        ):
            # "… ще про 6 тисяч військовослужбовців. Вони займатимуться інженерними роботами … ¶
            # Першу партію — приблизно 1 200 осіб — очікують": the first group of those just counted
            f = replace(f, metric=out[-1].metric)
        out.append(f)
    return out


# what a question asks about, by the keyword it names
ASKED = {
    "captured": "captured", "killed": "killed", "wounded": "wounded", "casualties": "casualties",
    "losses": "casualties", "support_personnel": "support_personnel", "workers": "workers",
    "artillery_systems": "artillery_systems", "missiles": "missiles", "artillery_shells": "artillery_shells",
    "containers": "containers", "people": "troops_deployed",
}


def _asked(sents: list[Sentence], si: int, interview: Interview, lex: Lexicon) -> str | None:
    """The metric the question right before this answer asks about, when it names exactly one."""
    for sj in range(si - 1, -1, -1):
        if sents[sj].paragraph not in interview.questions and sents[sj].paragraph != sents[si].paragraph:
            return None  # the answer does not follow a question ("Pyongyang is also supplying weapons.")
        if sents[sj].paragraph in interview.questions:
            cats = {ASKED[k.cat] for k in keywords(sents[sj].text, lex) if k.cat in ASKED}
            if len(cats) == 2 and "troops_deployed" in cats:
                cats.discard("troops_deployed")  # "How many North Korean soldiers have been killed?"
            if not cats and lex.patterns["context.russia"].search(sents[sj].text):
                return "troops_deployed"  # "Скільки їх зараз на Курщині?": how many are there
            return next(iter(cats)) if len(cats) == 1 else None
    return None


# a full stop (or ! ? …) at the end of a line: a line without one is a subheading
FULL_STOP_AT_END = re.compile(r"[.!?。！？…]\s*$")


def _headings(sents: list[Sentence], text: str) -> set[int]:
    """Sentences that are subheadings: short lines (alone in their paragraph or ending at a line
    break) with no full stop."""
    per_paragraph: dict[int, int] = {}
    for s in sents:
        per_paragraph[s.paragraph] = per_paragraph.get(s.paragraph, 0) + 1
    return {
        i for i, s in enumerate(sents)
        if (per_paragraph[s.paragraph] == 1 or text[s.end : s.end + 1] == "\n") and len(s.text) <= 90
        and not FULL_STOP_AT_END.search(s.text.rstrip("\"'»”」』)）"))
    }


def extract_figures(text: str, lang: str = "", title: str = "") -> list[Figure]:
    """The figures stated in `text` (and, when the body lacks them, in `title`)."""
    lex = _lexicon_for(text, lang, title)
    if lex is None:
        return []
    sents = split_sentences(text)
    first_line_end = text.find("\n") if "\n" in text else len(text)
    if title.strip() and text[:first_line_end].strip() == title.strip():
        # page text that repeats the title as its first line: that line is the title, not the body
        sents = [x for x in sents if x.start >= first_line_end]
    title_srcs = find_sources(title, lex) if title else []
    # a source inside the title's quotation is the speaker's words, not who speaks
    # ("\"Pyongyang se ha convertido en el arsenal de reserva del Kremlin\"")
    title_outside = unquoted(title, title_srcs)
    title_source = sentence_source(title_outside)
    body = _extract_sentences(sents, lex, title_source, frozenset(s.code for s in title_outside))

    figures: dict[tuple[str, int, int | None, str], Figure] = {}
    seen_mvh: set[tuple[str, int, int | None]] = set()
    # a subheading inside the body ("◇ 컨테이너 2만8천 개가 말하는 것", "■午前11時50分 北朝鮮兵の死傷者
    # 「3800人」") restates a figure of the text like a title: the sentence that states it wins
    headings = _headings(sents, text)
    stated = {(f.metric, f.value, f.high) for f in body if f.sentence not in headings}
    body = [f for f in body if f.sentence not in headings or (f.metric, f.value, f.high) not in stated]
    # a restatement that names nobody is the figure already attributed ("그렇다면 '1만5천 명'은 어디서
    # 나온 숫자일까"), not another report of it
    sourced = {(f.metric, f.value, f.high) for f in body if f.source}
    body = [f for f in body if f.source or (f.metric, f.value, f.high) not in sourced]
    # prisoners are counted by Kyiv, which holds them, and Seoul, which confirms them: the same count
    # in a sentence that names Pyongyang, Moscow or an analyst ("…金正恩総書記が実現させるなら、2人を北朝鮮側に
    # 引き渡す用意がある") is the same prisoners, not another report
    held = {(f.metric, f.value, f.high) for f in body if f.metric == "captured" and f.source[:3] in ("UA-", "KR-")}
    body = [
        f for f in body
        if not (f.metric == "captured" and f.source in ("KP-GOV", "RU-GOV", "OTHER") and (f.metric, f.value, f.high) in held)
    ]
    for f in body:
        s = sents[f.sentence]
        key = (f.metric, f.value, f.high, f.source)
        seen_mvh.add((f.metric, f.value, f.high))
        if key in figures:
            continue
        figures[key] = Figure(f.metric, f.value, f.high, f.qualifier, f.source, s.text, s.start, s.end)

    if title.strip():
        tsent = split_sentences(title.replace("\n", " ")) or [Sentence(0, len(title), title, 0)]
        for f in _extract_sentences(tsent, lex, title_source):
            if (f.metric, f.value, f.high) in seen_mvh:
                continue
            source = f.source or title_source or ""
            key = (f.metric, f.value, f.high, source)
            if key in figures:
                continue
            seen_mvh.add((f.metric, f.value, f.high))
            figures[key] = Figure(f.metric, f.value, f.high, f.qualifier, source, title, 0, 0)
    return list(figures.values())


__all__ = ["EXTRACTOR_VERSION", "Sentence", "extract_figures", "split_sentences"]

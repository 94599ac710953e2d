"""Who gives a figure: source names in a sentence, and the source a number takes from its
clause, its sentence, the sentences around it, a relaying lawmaker, an interview's speaker.

Used by `extractors.figures`; all driven by the language's lexicon (the `sources.*` groups).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.lexicon import MEDIA, NEVER, SOURCE_PRIORITY, Lexicon
from extractors.numbers import NumberMention
from extractors.sentences import Sentence

BACKGROUND_START = re.compile(r"^\W*(?:[^\W\d]+\s){0,2}(?:19|20)\d\d(?:年|년|\b)(?!\s*(?:troops|soldiers|명|人|名))")


@dataclass(frozen=True)
class _Src:
    code: str
    start: int
    end: int


DATELINE = re.compile(
    r"^\s*(?:[（(][^）)]{1,30}[）)]|[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ .,'-]{2,30}(?:\([^)]{1,20}\))?\s*[:—–-]\s"
    # "Seúl, 20 nov (EFE).-", "Сеул, 4 сентября (Ёнхап) —": city, date and agency
    # ("SEÚL, 13 de enero de 2025 (CoreaPrensa) --")
    r"|[^\W\d_][\w .'-]{1,25},\s*\d{1,2}\s+(?:de\s+)?[^\W\d_]{3,12}\.?(?:\s+(?:de\s+)?\d{4})?\s*(?:\([^)]{1,20}\))?\s*\.?\s*[:—–-]+\s?"
    # "SEOUL, Nov 20 (Yonhap) –": city, month and day, agency
    r"|[A-Z][\w .'-]{1,25},\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*(?:\([^)]{1,20}\))?\s*[:—–-]+\s?"
    # a dateline split off as its own sentence ("Сеул."), not a short headline item ("韓国軍は1100人と推計")
    # (not a name alone in a Japanese, Korean or Chinese headline item: "ゼレンスキー氏")
    r"|(?![\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])[^\W\d_](?:[^\W\d]|['-]){1,25}\.?\s*$)"
)


# what joins an agency to its ministry: "of the", "du", "des", "del", "der", "(HUR) of", a space
AGENCY_OF = re.compile(r"[\s\u00a0]*(?:\([^)]{1,12}\)[\s\u00a0]*)?(?:(?:of(?: the)?|du|de la|des|del|de|der|des)[\s\u00a0]+)?", re.I)


@lru_cache(maxsize=64)
def _locative_end(lex: Lexicon) -> re.Pattern[str] | None:
    """A preposition of place (and maybe another place and "and") ending right before a name."""
    if lex.patterns["sources.locative"].pattern == NEVER.pattern:  # (ko, ja, zh: postpositions)
        return None
    return re.compile(
        r"(?:" + lex.patterns["sources.locative"].pattern + r")[\s\u00a0]+"
        r"(?:[^\W\d_][\w'’-]*[\s\u00a0]+(?:y|and|et|und|и|і|та|e)[\s\u00a0]+)?$",
        re.I,
    )


def _at_place(sent: str, s: _Src, lex: Lexicon) -> bool:
    """A source name that is only a place, after a preposition of place."""
    rx = _locative_end(lex)
    if rx is None or not lex.patterns["sources.places"].fullmatch(sent, s.start, s.end):
        return False
    return bool(rx.search(sent[max(0, s.start - 40) : s.start]))


def find_sources(sent: str, lex: Lexicon) -> list[_Src]:
    found: list[_Src] = []
    dl = DATELINE.match(sent)
    skip = dl.end() if dl else 0  # "(CNN)", "SEOUL (Reuters) -": a dateline names no source
    for code, rx in lex.sources:
        for m in rx.finditer(sent):
            if m.end() > m.start() and m.start() >= skip:
                found.append(_Src(code, m.start(), m.end()))
    found.sort(key=lambda s: (-(s.end - s.start), s.start))
    kept: list[_Src] = []
    partner = lex.patterns["sources.partner"]
    for s in found:
        if any(s.start < k.end and k.start < s.end for k in kept):
            continue
        if _partner(sent, s, partner):
            continue  # "the NIS, in cooperation with Ukrainian intelligence, confirmed …": not the source
        if _at_place(sent, s, lex):
            continue  # "siguen en Kiev", "caen sobre Járkov y Kiev": a place, not who speaks
        kept.append(s)
    kept.sort(key=lambda s: s.start)
    # "la Direction principale du renseignement du ministère ukrainien de la Défense", "ГУР
    # Минобороны Украины": the ministry right after its own agency is part of the agency's name
    kept = [
        s for s in kept
        if not (
            SOURCE_PRIORITY[s.code] < 3 and s.code != MEDIA
            and any(
                a.code[:2] == s.code[:2] and SOURCE_PRIORITY[a.code] == 3 and 0 <= s.start - a.end <= 12
                and AGENCY_OF.fullmatch(sent, a.end, s.start)
                for a in kept
            )
        )
    ]
    quoted = [(m.start(), m.end()) for m in QUOTED.finditer(sent)]
    if quoted:
        inside = [s for s in kept if any(a <= s.start and s.end <= b for a, b in quoted)]
        if inside and len(inside) < len(kept):
            # Zelensky: "우리 군이 … 생포했다" – "our army" in his quote is not Seoul's
            kept = [s for s in kept if s not in inside]
    places = lex.patterns["sources.places"]
    kept = [
        s for i, s in enumerate(kept)
        if not (i and places.fullmatch(sent, s.start, s.end) and _country_of(sent, kept[i - 1], s, lex))
    ]
    captors = [s for s in kept if _captor(sent, s, lex)]
    return [s for s in kept if s not in captors] if len(captors) < len(kept) else kept


EA_AGENT = re.compile(r"(?:に|에게?|により|によって)")


@lru_cache(maxsize=64)
def _agent_end(lex: Lexicon) -> re.Pattern[str] | None:
    """"by (the)" right before a name ("captured by the Ukrainian army")."""
    agent = lex.patterns["context.agent"].pattern
    if agent == NEVER.pattern:
        return None
    return re.compile(
        r"(?:" + agent + r")[\s\u00a0]+(?:the[\s\u00a0]+|l[a\x27’][\s\u00a0]*|les[\s\u00a0]+|die[\s\u00a0]+|den[\s\u00a0]+|der[\s\u00a0]+)?$",
        re.I,
    )


def _captor(sent: str, s: _Src, lex: Lexicon) -> bool:
    """The army that took the prisoners, not who reports them: "北朝鮮兵1人がウクライナ軍に捕らえられた",
    "북한군 2명이 우크라이나군에 붙잡혔다", "two soldiers captured by Ukrainian forces"."""
    captured = lex.metrics["captured"]
    if lex.east_asian:
        return bool(EA_AGENT.match(sent, s.end, s.end + 4)) and bool(captured.search(sent, s.end, s.end + 12))
    agent_end = _agent_end(lex)
    if agent_end is None:
        return False
    before = sent[max(0, s.start - 50) : s.start]
    m = agent_end.search(before)
    return m is not None and bool(captured.search(before, 0, m.start()))


def unquoted(text: str, srcs: list[_Src]) -> list[_Src]:
    """The sources of `text` that stand outside its quotations."""
    quoted = [(m.start(), m.end()) for m in QUOTED.finditer(text)]
    return [s for s in srcs if not any(a <= s.start and s.end <= b for a, b in quoted)]


# "the", "la", "l'", "el", "die": an article between a citing phrase and the name it cites
CITED_ARTICLE = re.compile(r"[\s\u00a0]*(?:(?:the|la|le|les|el|los|las|il|lo|a|o|os|as|der|die|das|den|dem|des)[\s\u00a0]+|l[\x27’])?", re.I)
CITED_NAME = re.compile(r"[A-ZА-ЯЁІЇЄҐ][\w\x27’.-]*(?:[\s\u00a0]+(?:[A-ZА-ЯЁІЇЄҐ][\w\x27’.-]*|of|de|du|del|for|für))*")


def cited_names(sent: str, kept: list[_Src], lex: Lexicon) -> list[_Src]:
    """A name the lexicon does not know, right after a citing phrase ("D'après Radio Free Asia",
    "according to Daily NK"): someone else, OTHER. A place or North Korea or Russia is not."""
    out: list[_Src] = []
    p = lex.patterns
    for m in p["sources.citing"].finditer(sent):
        art = CITED_ARTICLE.match(sent, m.end())
        name = CITED_NAME.match(sent, art.end() if art else m.end())
        if name is None or any(k.start < name.end() and name.start() < k.end for k in kept):
            continue
        text = name.group(0).rstrip(".")
        if (
            p["sources.places"].search(text) or p["context.nk"].search(text) or p["context.russia"].search(text)
            or p["sources.relay"].search(text)
        ):
            continue  # ("according to Rep. Lee Seong-kweun": a lawmaker relays, he is not the source)
        out.append(_Src("OTHER", name.start(), name.start() + len(text)))
    return out


QUOTED = re.compile(r"“[^”]{3,300}”|«[^»]{3,300}»|„[^“”]{3,300}[“”]|「[^」]{3,300}」|『[^』]{3,300}』|\"[^\"]{3,300}\"")


def _country_of(sent: str, a: _Src, b: _Src, lex: Lexicon) -> bool:
    """b, a country or capital, only says whose or where a is ("el Estado Mayor Conjunto (JCS)
    de Corea del Sur", "the Open Source Centre in London", "US officials in Seoul"): one source, a
    (not "Seoul, Washington und Kiew": "and" joins two)."""
    gap = re.sub(r"[(（][^()（）]{0,30}[)）]|[()（）]", " ", sent[a.end : b.start]).strip()
    if gap and lex.patterns["sources.joint"].fullmatch(gap):
        return False
    return len(gap) <= 6 and len(gap.split()) <= 1 and not re.search(r"[,;:]", gap)


def _partner(sent: str, s: _Src, partner: re.Pattern[str]) -> bool:
    """A source named as the partner of another ("in cooperation with X", "X과 공조해", "与X合作")."""
    for m in partner.finditer(sent, max(0, s.start - 40), min(len(sent), s.end + 20)):
        # ("contre l'armée ukrainienne", "against the Ukrainian army": an article may stand between)
        if m.end() <= s.start and CITED_ARTICLE.fullmatch(sent, m.end(), s.start):
            return True
        if m.start() >= s.end and m.start() - s.end <= 1:
            return True
    return False


def _name_stem(word: str) -> str:
    """"Скібіцький" and "Скібіцького" share "Скібіць": a surname read through its case endings."""
    return word[: max(5, len(word) - 3)].lower()


WORD = re.compile(r"[^\W\d_][\w-]*")


def _name_runs(text: str, window: tuple[int, int], srcs: list[_Src]) -> list[list[re.Match[str]]]:
    """Runs of two or more capitalised words in text[window] outside source names."""
    runs: list[list[re.Match[str]]] = []
    cur: list[re.Match[str]] = []
    pos = window[0]
    while pos > 0 and (text[pos - 1].isalnum() or text[pos - 1] in "_-"):
        pos -= 1  # from the start of the word the window begins in
    for w in WORD.finditer(text, pos, window[1]):
        if w.end() <= window[0]:
            continue
        inside = any(w.start() < x.end and x.start < w.end() for x in srcs)
        joined = bool(cur) and re.fullmatch(r"[ \u00a0]+", text[cur[-1].end() : w.start()]) is not None
        if w.group(0)[0].isupper() and not inside and (joined or not cur):
            cur.append(w)
            continue
        if len(cur) >= 2:
            runs.append(cur)
        cur = [w] if w.group(0)[0].isupper() and not inside else []
    if len(cur) >= 2:
        runs.append(cur)
    return [r for r in runs if len(r[-1].group(0)) >= 5]


def bind_names(sents: list[Sentence], cache: list[list[_Src]], lex: Lexicon) -> list[list[_Src]]:
    """Learn "First Last" names standing right next to a source name ("deputy head of HUR Vadym
    Skibitskyi", "Oleksandr Syrskyi, commander-in-chief of the Armed Forces") and read the surname
    as that source in the sentences after it ("За словами Скібіцького, …")."""
    if not lex.bind_names:
        return cache
    p = lex.patterns
    known: dict[str, str] = {}
    out: list[list[_Src]] = []
    for si, s in enumerate(sents):
        srcs = list(cache[si])
        text = s.text
        for w in re.finditer(r"[^\W\d_][\w\x27’-]{3,}", text) if known else ():
            word = w.group(0).lower()
            code = next(
                (c for stem, c in known.items() if word.startswith(stem) and len(word) - len(stem) <= 5), None
            )
            if code is None or not w.group(0)[0].isupper():
                continue
            if any(w.start() < x.end and x.start < w.end() for x in srcs):
                continue
            srcs.append(_Src(code, w.start(), w.end()))
        srcs.sort(key=lambda x: x.start)
        out.append(srcs)
        for src in cache[si]:
            if src.code == MEDIA:
                continue
            near = (max(0, src.start - 60), min(len(text), src.end + 40))
            for run in _name_runs(text, near, cache[si]):
                last = run[-1]
                if re.match(r"[\x27’]", text[last.end() : last.end() + 1]):
                    continue  # "South Korea's …": a possessive names a place, not a person
                if run[0].start() >= src.end:
                    # "deputy head of HUR Vadym Skibitskyi", "…of Ukraine, Oleksandr Syrskyi"
                    if not re.fullmatch(r"[\s,]*", text[src.end : run[0].start()]):
                        continue
                else:
                    # "Vadym Skibitskyi, deputy head of Ukraine's military intelligence"
                    gap = text[last.end() : src.start]
                    if not gap.startswith(",") or re.search(r"[.!?;:«»\"“”]", gap) or len(gap.split()) > 6:
                        continue
                name = text[run[0].start() : last.end()]
                if any(_unit_word(w.group(0), lex) for w in run):
                    continue  # "laut Pentagon Ende Januar": a date or a unit is no name
                if p["context.nk"].search(name) or p["context.russia"].search(name) or p["sources.places"].search(name):
                    continue  # a place is no person
                known.setdefault(_name_stem(last.group(0)), src.code)
    return out

@lru_cache(maxsize=32)
def _unit_word_rx(lex: Lexicon) -> re.Pattern[str]:
    tail = r"(?![^\W\d_])" if lex.word_boundaries else ""
    return re.compile(r"(?:" + lex.raw["filters.unit_after"] + ")" + tail, re.I)


def _unit_word(word: str, lex: Lexicon) -> bool:
    """A month or a unit ("Januar", "Jahre"): a capitalised word that is no part of a name."""
    return _unit_word_rx(lex).fullmatch(word) is not None


def _pick_source(
    srcs: list[_Src],
    n: NumberMention | None,
    clause: tuple[int, int] | None = None,
    citing: bool = False,
    segment: tuple[int, int] | None = None,
) -> str | None:
    """Nearest named source (in the number's clause first); an outlet only when nothing else is named."""
    if not srcs:
        return None
    all_named = [s for s in srcs if s.code != MEDIA]
    if clause is not None:
        inside = [s for s in srcs if s.start >= clause[0] and s.end <= clause[1] and s.code != MEDIA]
        if inside:
            srcs = inside
        elif segment is not None:
            # "据美国国务院估计，…1万至1.2万人；北约…也表示": a source across a semicolon
            # governs its own independent clause, not the number's
            own_part = [s for s in srcs if s.start >= segment[0] and s.end <= segment[1]]
            if own_part:
                srcs = own_part
    named = [s for s in srcs if s.code != MEDIA]
    pool = named or srcs
    if n is None:
        best = max(pool, key=lambda s: (SOURCE_PRIORITY[s.code], s.start))
    else:

        def dist(s: _Src) -> float:
            return float(s.start - n.end) if s.start >= n.end else float(n.start - s.end)

        best = min(pool, key=lambda s: (dist(s) - 15 * SOURCE_PRIORITY[s.code]))
        # an agency named in the same sentence beats a generic office of the same country
        if best.code in ("KR-GOV", "UA-GOV"):
            prefix = best.code[:2]
            # (the office stands outside the number's clause too: "le NIS a fait état, devant des
            # députés sud-coréens, d'au moins 100 tués" – the lawmakers' nationality names no one)
            outside = clause is not None and not (clause[0] <= best.start and best.end <= clause[1])
            # (outside the number's clause too when the speaker cites it: "Citing HUR, Zelensky said 4,000")
            # (or anywhere in the number's clause: "le NIS a fait état, devant des députés
            # sud-coréens, d'au moins 100 tués")
            spec = [
                s
                for s in (all_named if citing else pool)
                if s.code[:2] == prefix and SOURCE_PRIORITY[s.code] == 3
                and (dist(s) < 60 or (clause is not None and (clause[0] <= s.start and s.end <= clause[1] or outside)))
            ]
            if spec:
                best = min(spec, key=dist)
    return "OTHER" if best.code == MEDIA else best.code


# (and a headline's "…": "젤렌스키 "4천 명"… 미국 "전사자 1천 명 미만"")
SEGMENT_BREAK = re.compile(r"[;；]|…(?=\s)")


def _segment(sent: str, n: NumberMention) -> tuple[int, int]:
    """The part of the sentence between the semicolons around the number."""
    before = [m.end() for m in SEGMENT_BREAK.finditer(sent, 0, n.start)]
    after = SEGMENT_BREAK.search(sent, n.end)
    return (before[-1] if before else 0, after.start() if after else len(sent))


# a clause break between a citing phrase and the name it introduces ("according to the", "에 ": none)
CLAUSE_BREAK = re.compile(r"[,;:、，；：]")


def _clause_names_someone(srcs: list[_Src], clause: tuple[int, int]) -> bool:
    """A source (not a news outlet) is named inside the number's own clause."""
    return any(s.start >= clause[0] and s.end <= clause[1] and s.code != MEDIA for s in srcs)


def _cited_lead(
    sent: str, srcs: list[_Src], n: NumberMention, clause: tuple[int, int] | None, lex: Lexicon
) -> str | None:
    """A source introduced by a citing phrase before the number ("According to the State
    Department, …", "据美国国务院估计，…", "X에 따르면 …") governs the number when its own clause
    names nobody and no other source stands between them; a source named after the number
    belongs to a later clause ("…, while NATO says …")."""
    if clause is None or _clause_names_someone(srcs, clause):
        return None
    before = [s for s in srcs if s.end <= n.start and s.code != MEDIA]
    if not before:
        return None
    last = max(before, key=lambda s: s.end)
    first = last.start  # "Госдепартамента США": adjacent names of one source read as one
    for s in sorted(before, key=lambda s: -s.end):
        if s.code == last.code and 0 <= first - s.end <= 2:
            first = s.start
    citing = lex.patterns["sources.citing"]
    cue = any(
        (m.end() <= first and first - m.end() <= 12 and not CLAUSE_BREAK.search(sent, m.end(), first))
        or (m.start() >= last.end and m.start() - last.end <= 6 and not CLAUSE_BREAK.search(sent, last.end, m.start()))
        for m in citing.finditer(sent, max(0, first - 30), min(n.start, last.end + 20))
    )
    if not cue:
        return None
    return "OTHER" if last.code == MEDIA else last.code


def _cited_tail(
    sent: str, srcs: list[_Src], n: NumberMention, clause: tuple[int, int] | None, lex: Lexicon
) -> str | None:
    """A source introduced by the first citing phrase after the number, in its part of the
    sentence ("… un primer grupo de 1.500 ya se encuentra en territorio ruso, según informó el
    NIS", "…, de acuerdo con el JCS"), when the number's own clause names nobody: it governs the
    number over a name standing elsewhere in the sentence ("la ofensiva del Kremlin")."""
    if clause is None or _clause_names_someone(srcs, clause):
        return None
    seg_end = _segment(sent, n)[1]
    m = lex.patterns["sources.citing"].search(sent, n.end, seg_end)
    after = [s for s in srcs if m is not None and s.start >= m.end() and s.end <= seg_end]
    if m is None or not after or re.search(r"\d", sent[n.end : m.start()]):
        return None  # (a number in between takes the citing phrase: "…, où quelque 10 000 …, d'après le NIS")
    first = min(after, key=lambda s: s.start)
    if first.start - m.end() <= 30 and not CLAUSE_BREAK.search(sent, m.end(), first.start):
        return "OTHER" if first.code == MEDIA else first.code
    return None


def sentence_source(srcs: list[_Src]) -> str | None:
    return _pick_source(srcs, None)


def _relayed(src_cache: list[list[_Src]], si: int) -> str | None:
    """The source a sentence gives, looking through an outlet to the agency before it."""
    own = sentence_source(src_cache[si])
    if own == "OTHER" and all(x.code == MEDIA for x in src_cache[si]) and si > 0:
        before = sentence_source(src_cache[si - 1])
        if before is not None and before != "OTHER":
            return before
    return own


def _referred(sents: list[Sentence], src_cache: list[list[_Src]], si: int, lex: Lexicon) -> str | None:
    """The agency a sentence points back to without naming it ("the agency", "the lawmaker said")."""
    p = lex.patterns
    sent = sents[si].text
    if not (p["sources.generic"].search(sent) or p["sources.relay"].search(sent)):
        return None
    for sj in range(si - 1, -1, -1):
        prev = _relayed(src_cache, sj)
        if prev is not None and SOURCE_PRIORITY[prev] == 3:
            return prev
    return None

def _joined(sent: str, a: _Src, b: _Src, lex: Lexicon) -> bool:
    """Two source names joined as one subject ("the NIS and the Pentagon", "米国務省とNATO")."""
    gap = re.sub(r"[(（][^()（）]{0,30}[)）]", " ", sent[a.end : b.start])
    if re.search(r"[\d.;:!?。；：]", gap):
        return False
    joint = lex.patterns["sources.joint"]
    if not lex.word_boundaries:
        return bool(joint.fullmatch(gap.strip()))
    words = [w for w in re.split(r"[\s,]+", gap) if re.search(r"\w", w)]
    hits = list(joint.finditer(gap))
    return len(hits) == 1 and len(words) - len(hits[0].group(0).split()) <= 2


def joint_sources(sent: str, srcs: list[_Src], source: str, lex: Lexicon) -> list[str]:
    """Sources joined to the governing one as one subject ("the NIS and the Pentagon say…",
    "米国務省とNATOはいずれも", "el NIS surcoreano y la inteligencia ucraniana (HUR)", "der
    Geheimdienst NIS und das Verteidigungsministerium in Seoul"): the same number from each is
    its own figure."""
    if not source or source == "OTHER":
        return []
    named = [x for x in srcs if x.code not in (MEDIA, "OTHER")]
    found: list[str] = []
    for a, b in zip(named, named[1:]):
        if source not in (a.code, b.code) or a.code == b.code or not _joined(sent, a, b, lex):
            continue
        other = b.code if a.code == source else a.code
        if other not in found:
            found.append(other)
    # a list closed by "and": "nach Angaben aus Seoul, Washington und Kiew", "Séoul, Kiev et Washington"
    group: list[_Src] = []
    for a, b in zip(named, named[1:]):
        if not group:
            group = [a]
        if re.fullmatch(r"[\s\u00a0]*[,、，][\s\u00a0]*", sent[a.end : b.start]):
            group.append(b)
            continue
        if _joined(sent, a, b, lex) and len(group) >= 2:
            group.append(b)
            codes = [x.code for x in group]
            if source in codes:
                found.extend(c for c in dict.fromkeys(codes) if c != source and c not in found)
        group = []
    return found


@dataclass(frozen=True)
class Interview:
    speaker: str  # the interviewee's source code
    questions: frozenset[int]  # the paragraphs that are questions


QUESTION = re.compile(r"^\s*(?:[-–—―]+|Q[:.]|В:|П:|질문|問)|[?？]\s*$")
DIALOGUE_DASH = re.compile(r"^\s*[-–—―]")
ASKS = re.compile(r"[?？]\s*$")


def find_interview(
    sents: list[Sentence],
    src_cache: list[list[_Src]],
    title_source: str | None,
    lex: Lexicon,
    title_codes: frozenset[str] = frozenset(),
) -> Interview | None:
    """A question-and-answer text (two questions or more, each its own paragraph: "How many …?",
    "-북한군 피해를 어느 정도로 보나.", "――兵器の供与は。") and the source the interviewee stands for:
    one the title and the introduction both name, else the title's, else the introduction's."""
    paragraphs: dict[int, list[int]] = {}
    for i, s in enumerate(sents):
        paragraphs.setdefault(s.paragraph, []).append(i)
    texts = {p: " ".join(sents[i].text for i in idx) for p, idx in paragraphs.items()}
    # "—¿Cuántos…?" / "—Nuestros datos…": where a dash opens questions and answers alike, only
    # the question mark tells them apart
    dialogue = not lex.east_asian and any(DIALOGUE_DASH.match(t) and ASKS.search(t) for t in texts.values()) and any(
        DIALOGUE_DASH.match(t) and not ASKS.search(t) for t in texts.values()
    )
    questions = frozenset(
        p for p, idx in paragraphs.items()
        if (ASKS.search(texts[p]) if dialogue else QUESTION.search(texts[p])) and len(idx) <= 2
    )
    if len(questions) < 2:
        return None
    first = min(questions)
    intro = [i for i, s in enumerate(sents) if s.paragraph < first]
    intro_srcs = [x for i in intro for x in src_cache[i]]
    # "a senior fellow at the Institute for … in Seoul": the institute, not the city it is in
    named = [x for i in intro for x in _not_places(sents[i].text, src_cache[i], lex)]
    if named:
        intro_srcs = named
    # a source both the title and the introduction name is the interviewee's ("une chercheuse
    # décrypte l'aide de Pyongyang au Kremlin" / "Chercheuse à l'Institut …"), else the title's
    common = [x for x in intro_srcs if x.code in title_codes]
    # (an interviewee the lexicon does not know, "корееведа Игоря Самсонова", is "anyone else named")
    speaker = (
        sentence_source(common) or title_source or _presented(sents, src_cache, intro, lex)
        or sentence_source(intro_srcs) or "OTHER"
    )
    return Interview(speaker, questions)


def _not_places(text: str, srcs: list[_Src], lex: Lexicon) -> list[_Src]:
    """The sources named in `text` that are more than a place ("Seoul", "Kyiv")."""
    places = lex.patterns["sources.places"]
    return [x for x in srcs if not places.fullmatch(text, x.start, x.end)]


def _presented(sents: list[Sentence], src_cache: list[list[_Src]], intro: list[int], lex: Lexicon) -> str | None:
    """The source of the introduction's sentence that presents the interviewee ("We asked Han
    Seung-woo, a researcher at the Seoul Centre for Peninsula Studies"; "本报记者专访了…研究所研究员"),
    when it names one."""
    cue = lex.patterns["sources.interview_cue"]
    for i in reversed(intro):
        if cue.search(sents[i].text):
            named = _not_places(sents[i].text, src_cache[i], lex)
            if named:
                return sentence_source(named)
    return None

QUOTE_PAIRS = (("«", "»"), ("“", "”"), ("„", "“"), ("「", "」"), ("『", "』"))


def _open_quote(text: str) -> str | None:
    """The closing mark of a quotation this sentence opens and does not close, if any."""
    for opening, closing in QUOTE_PAIRS:
        if opening == "“" and "„" in text:
            continue  # German „…“: “ closes there
        if text.count(opening) > text.count(closing):
            return closing
    if text.count('"') % 2 == 1 and text.lstrip().startswith('"'):
        return '"'
    return None


def _quote_speaker(sents: list[Sentence], src_cache: list[list[_Src]], si: int) -> str | None:
    """A quotation that runs on into the next sentences of the paragraph and is followed by
    who said it ("«Сейчас работают порядка двух тысяч… Восстанавливают мосты», — рассказал
    заместитель главы администрации"): that speaker."""
    closing = _open_quote(sents[si].text)
    if closing is None:
        return None
    for sj in range(si + 1, min(si + 4, len(sents))):
        if sents[sj].paragraph != sents[si].paragraph:
            return None
        text = sents[sj].text
        end = text.find(closing)
        if end < 0:
            continue
        after = [x for x in src_cache[sj] if x.start > end]
        return sentence_source(after) if after else None
    return None


def _list_lines(sents: list[Sentence], sj: int, si: int) -> bool:
    """Sentences sj+1..si are the lines of one list ("label: value") right under line sj
    ("Südkoreanischer Geheimdienst NIS (Unterrichtung des Parlaments im September):")."""
    return all(
        sents[k].paragraph - sents[k - 1].paragraph == 1 and re.search(r"[:：]", sents[k].text)
        for k in range(sj + 1, si + 1)
    )


def resolve_source(
    sents: list[Sentence],
    src_cache: list[list[_Src]],
    si: int,
    n: NumberMention,
    srcs: list[_Src],
    lex: Lexicon,
    title_source: str | None,
    clause: tuple[int, int] | None = None,
    interview: Interview | None = None,
) -> str:
    p = lex.patterns
    own = _pick_source(
        srcs, n, clause, bool(p["sources.citing"].search(sents[si].text)), _segment(sents[si].text, n)
    )
    lead = _cited_lead(sents[si].text, srcs, n, clause, lex)
    if lead is not None:
        own = lead
        if lead in ("KR-GOV", "UA-GOV"):
            # "ОКНШ Южной Кореи привел оценку: по данным южнокорейских военных, …": the agency the
            # sentence names is who the military are
            seg = _segment(sents[si].text, n)
            named = [x.code for x in srcs if x.code[:2] == lead[:2] and SOURCE_PRIORITY[x.code] == 3
                     and seg[0] <= x.start and x.end <= seg[1]]
            if len(set(named)) == 1:
                own = named[0]
    else:
        tail = _cited_tail(sents[si].text, srcs, n, clause, lex)
        if tail is not None and (own is None or SOURCE_PRIORITY[own] <= SOURCE_PRIORITY[tail]):
            own = tail
    if own is None and si + 1 < len(sents) and sents[si + 1].paragraph == sents[si].paragraph:
        after = sents[si + 1].text
        if len(after) <= 20 and not re.search(r"\d|[.!?。！？]\s*$", after) and src_cache[si + 1]:
            # a headline item then the name that said it ("北朝鮮兵の死傷「3千人超」　ゼレンスキー氏")
            named = sentence_source(src_cache[si + 1])
            if named is not None:
                return named
    # a following sentence that refers back ("the figures were given by the NIS"), unless this one
    # already points back itself ("…, the agency estimated")
    points_back = own is None and bool(
        p["sources.generic"].search(sents[si].text) or p["sources.relay"].search(sents[si].text)
    )
    # (an outlet relaying is no source of its own: "Yonhap пише, що … 28 тис. контейнерів. Дані
    # оприлюднив депутат, посилаючись на звіт Міністерства оборони")
    relaying = bool(srcs) and all(x.code == MEDIA for x in srcs)
    for nj in (si + 1, si + 2):
        if nj >= len(sents) or points_back or (own is not None and own not in ("KR-GOV", "UA-GOV") and not relaying):
            break
        # (not a comparison of two: "Las cifras de Kiev superan las que maneja Washington")
        if p["sources.anaphoric"].search(sents[nj].text) and len(
            {x.code[:2] for x in src_cache[nj] if x.code not in (MEDIA, "OTHER", "NATO")}
        ) <= 1:
            ref = sentence_source(src_cache[nj])
            if ref is not None and (own is None or relaying or (ref[:2] == own[:2] and SOURCE_PRIORITY[ref] == 3)):
                return ref
        if src_cache[nj]:
            break
    answer = interview is not None and sents[si].paragraph not in interview.questions
    # the interviewee's own office ("우리 군 총참모부 집계로는", "our defence ministry", "наше военное
    # командование"): a source named in the first person is the speaker's
    own_voice = {s.code for s in srcs if p["sources.first_person"].search(sents[si].text, max(0, s.start - 4), s.end)}
    if answer and p["sources.first_person"].search(sents[si].text) and (own is None or own in own_voice):
        # "Of the builders, we think fewer than 2,000 have arrived"; "Our assessment is that …":
        # the interviewee's own count
        return interview.speaker  # type: ignore[union-attr]
    if own is not None:
        if own == "OTHER" and srcs and all(x.code == MEDIA for x in srcs) and si > 0:
            # an outlet relaying what the previous sentence's agency said
            prev = _relayed(src_cache, si - 1)
            if prev is not None and prev != "OTHER":
                return prev
        return own
    sent = sents[si].text
    if interview is not None and not answer:
        return ""  # the interviewer's question names nobody ("— Для контингента в 11 тысяч человек это много?")
    if interview is not None:
        # an answer names nobody: the interviewee speaks ("Since last autumn we count more than 5,000"),
        # unless the answer named a source before ("合同参謀本部の分析では、…。…約4000人が死傷した")
        for sj in range(si - 1, -1, -1):
            if sents[sj].paragraph != sents[si].paragraph:
                break
            inside = _relayed(src_cache, sj)
            if inside is not None:
                before = sents[sj].text
                if any(
                    x.code == inside and p["sources.first_person"].search(before, x.start, x.end)
                    for x in src_cache[sj]
                ):
                    return interview.speaker  # "우리 군 총참모부 집계로는 … 그중 전사자가 적어도 1천 명"
                return inside
        return interview.speaker
    speaker = _quote_speaker(sents, src_cache, si)
    if speaker is not None:
        return speaker
    if (
        # (a hedge names nobody, unless someone is cited: "이 의원에 따르면 … 2천700여 명으로 추정된다")
        p["sources.unsourced"].search(sent) and not (p["sources.relay"].search(sent) and p["sources.citing"].search(sent))
    ) or (
        # ("Depuis août 2023, Pyongyang aurait expédié …, selon les calculs de l'agence": the
        # agency named before)
        BACKGROUND_START.match(sent) and not p["sources.generic"].search(sent)
    ):
        return ""
    if si > 0 and not p["sources.generic"].search(sent) and not p["sources.relay"].search(sent):
        prev = _relayed(src_cache, si - 1) or _referred(sents, src_cache, si - 1, lex)
        if prev is not None:
            return prev
        # keep walking back inside the paragraph while sentences name nobody
        for sj in range(si - 2, -1, -1):
            if sents[sj + 1].paragraph != sents[si].paragraph and not _list_lines(sents, sj, si):
                break
            between = sents[sj + 1].text
            if p["sources.unsourced"].search(between) or BACKGROUND_START.match(between):
                break
            prev = _relayed(src_cache, sj)
            if prev is not None:
                return prev
    # a lawmaker relaying a briefing counts like "the agency": the agency named before
    generic = bool(p["sources.generic"].search(sent) or p["sources.relay"].search(sent))
    if p["sources.hearsay"].search(sent) or generic:
        # reported speech ("...という"): the last source named before;
        # "the agency said", "по данным разведки": the last agency named before
        office = None  # "the Defense Intelligence Agency … it said": a ministry's agency
        for sj in range(si - 1, -1, -1):
            prev = _relayed(src_cache, sj)
            if prev is not None and (not generic or SOURCE_PRIORITY[prev] == 3):
                return prev
            if office is None and prev in ("KR-GOV", "UA-GOV"):
                office = prev
        if office is not None:
            return office
    if si == 0 and title_source:
        return title_source
    return ""

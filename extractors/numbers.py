"""Find and parse the numbers stated in a text.

Handles digits with any thousands separator (``11,000``, ``11 000`` with
ordinary, no-break or narrow no-break spaces, ``11.000``, ``11'000``),
decimals with a multiplier (``1.2 million``, ``4,7 тыс.``, ``12k``),
East Asian compounds (``1만1천``, ``1만 1천여``, ``1천여만``, ``1万1000``,
``一万一千``), number words from the language's lexicon (``deux cents``,
``three thousand``, ``four-thousand-100``, ``пяти тысячах``), collective
numerals (``une centaine``, ``a dozen``) and ranges (``10,000 to 12,000``,
``between 8,000 and 10,000``, ``от 1 до 3 тыс.``, ``8000～1万``).

Everything is pure: text and a `Lexicon` in, `NumberMention` tuples out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.lexicon import NEVER, Lexicon


# a number does not start right after a Latin/Cyrillic letter or digit ("M1989", "Су-25" is
# caught by the designation filter); CJK and Hangul characters may touch it ("約1万", "의1천").
NOT_AFTER = r"(?<![0-9A-Za-z\u00c0-\u024f\u0400-\u04ff_.,\u00a0\u202f/:])(?<!\d·)(?<!\d：)"
# nor does it run into a fraction or a time ("1/3", "10:30")
NOT_BEFORE = r"(?![/:]\d)"

DIGITS = (
    NOT_AFTER +
    r"(?P<int>\d{1,3}(?:(?:,|\.|'|’)\d{3}|[ \u00a0\u202f\u2009]\d{3}(?!\s?-?\s?(?:mm|мм|㎜|milli|милли|cm|km)))+(?![\d])|\d+(?![\d]))"
    r"(?:[.,](?P<dec>\d{1,2})(?!\d))?" + NOT_BEFORE
)

EA_SMALL = {"十": 10, "百": 100, "千": 1000, "천": 1000, "백": 100}
EA_BIG = {"万": 10_000, "萬": 10_000, "만": 10_000, "亿": 100_000_000, "億": 100_000_000, "억": 100_000_000}
EA_DIGIT_VALUE = {c: i for i, c in enumerate("〇一二三四五六七八九")}
EA_DIGIT_VALUE.update({"零": 0, "两": 2, "兩": 2})

# digits, CJK numerals and unit characters, with 여/余 ("-odd") inside or after.
EA_NUMBER = re.compile(
    NOT_AFTER + r"(?:\d[\d,]*(?:\.\d+(?=[万萬만亿億억]))?|[一二两兩三四五六七八九十](?=[\d十百千万萬亿億一二两兩三四五六七八九〇零]))"
    r"(?:\s?(?:[\d,]+|[〇零一二两兩三四五六七八九]+)|[十百千万萬亿億만천백억]|여|余|多(?=[万萬亿億]))*"
    r"|(?<![가-힣])(?:[만천백])(?=여|\s?명|\s?발|\s?문)(?:여|[\s]?\d[\d,]*)*"
    # a bare 千 or 万 before its counter ("工兵千人", "千万発"), or 千/百 opening a numeral ("千百人余り",
    # "百人"), not after 数/何/几 ("数千人" is vague)
    r"|(?<![\d〇零一二两兩三四五六七八九十百千万萬亿億数數何幾几上])"
    r"(?:[千百][〇零一二两兩三四五六七八九十百]*(?:[万萬亿億])?|[万萬](?:[亿億])?)(?=余|餘|多|人|名|発|發|发|門|门|枚|基)"
)


@dataclass(frozen=True)
class NumberMention:
    """One number (or range) found in a text; start/end are character offsets."""

    value: int
    high: int | None
    start: int
    end: int
    approx: bool = False  # approximation inside the numeral (여, 余, une centaine)
    scaled: bool = False  # carried a multiplier word (thousand, тыс., 만)
    fraction: float | None = None  # a bare decimal ("3.7"): kept only as the low end of a range


def _to_int(int_part: str, dec: str | None) -> tuple[int, bool]:
    """Digits with separators -> (integer, is_whole)."""
    digits = re.sub(r"[^\d]", "", int_part)
    if not digits:
        return 0, False
    if dec:
        return int(digits), False
    return int(digits), True


def parse_east_asian(s: str) -> tuple[int, bool] | None:
    """Parse ``1만1천여``, ``1万1000``, ``1천여만``, ``一万一千`` -> (value, approx)."""
    total = 0
    section = 0
    current: int | None = None
    approx = False
    i = 0
    seen = False
    while i < len(s):
        ch = s[i]
        if ch.isdigit():
            j = i
            while j < len(s) and (s[j].isdigit() or s[j] in ",."):
                j += 1
            digits = s[i:j].replace(",", "")
            current = float(digits) if "." in digits else int(digits)  # type: ignore[assignment]
            seen = True
            i = j
            continue
        if ch in EA_DIGIT_VALUE:
            current = EA_DIGIT_VALUE[ch]
            seen = True
        elif ch in EA_SMALL:
            section += (1 if current is None else current) * EA_SMALL[ch]
            current = None
            seen = True
        elif ch in EA_BIG:
            chunk = section + (current or 0)
            total += (chunk or 1) * EA_BIG[ch]
            section = 0
            current = None
            seen = True
        elif ch in "여余":
            approx = True
        elif ch == "多":
            pass  # "1200多万": "more than", read by the qualifier
        elif ch.isspace():
            pass
        else:
            return None
        i += 1
    if not seen:
        return None
    total += section + (current or 0)
    if isinstance(total, float):
        if abs(total - round(total)) > 1e-6:
            return None
        total = int(round(total))
    return (total, approx) if total > 0 else None


@dataclass(frozen=True)
class _Tok:
    kind: str  # "num" | "word" | "scale" | "conn"
    value: int
    start: int
    end: int
    whole: bool = True
    float_value: float = 0.0
    text: str = ""


@lru_cache(maxsize=64)
def _token_regex(lex: Lexicon) -> re.Pattern[str]:
    words = sorted(set(lex.number_words) | set(lex.scales), key=len, reverse=True)
    word_alt = "|".join(re.escape(w) for w in words)
    mults = sorted(set(lex.multipliers) | set(lex.scales), key=len, reverse=True)
    mult_alt = "|".join(re.escape(m) for m in mults)
    lead = r"(?<![\w])" if lex.word_boundaries or lex.word_lead else ""
    tail = lex.word_tail or (r"(?![\w])" if lex.word_boundaries else "")
    mult_tail = r"(?![\w])" if lex.word_boundaries else ""  # "120 M1989 Koksan" is no "120 M"
    return re.compile(
        DIGITS
        + rf"(?:[\s\u00a0\u202f]?-?[\s\u00a0\u202f]?(?P<mult>(?:{mult_alt})\.?){mult_tail})?"
        + rf"|{lead}(?P<word>{word_alt}){tail}",
        re.IGNORECASE,
    )


def _multiplier(word: str, lex: Lexicon) -> int:
    w = word.lower()
    for key in (w, w.rstrip(".")):
        if key in lex.multipliers:
            return lex.multipliers[key]
        if key in lex.scales:
            return lex.scales[key]
    return 1


def _tokens(text: str, lex: Lexicon) -> list[_Tok]:
    """Digit groups (with their multiplier word) and number words, in order."""
    toks: list[_Tok] = []
    for m in _token_regex(lex).finditer(text):
        if m.group("word"):
            w = m.group("word").lower()
            if w in lex.scales:
                toks.append(_Tok("scale", lex.scales[w], m.start(), m.end(), text=w))
            else:
                toks.append(_Tok("word", lex.number_words[w], m.start(), m.end(), text=w))
            continue
        int_part, dec, mult = m.group("int"), m.group("dec"), m.group("mult")
        digits_end = m.end("int") + (len(dec) + 1 if dec else 0)
        after = text[digits_end : digits_end + 1]
        # "200ER", "4th", "528e": digits glued to Latin letters are designations or ordinals
        if not mult and after.isalpha() and not lex.east_asian and not _is_cjk(after):
            continue
        value, whole = _to_int(int_part, dec)
        fval = float(re.sub(r"[^\d]", "", int_part) + ("." + dec if dec else ""))
        if mult:
            v = fval * _multiplier(mult, lex)
            toks.append(_Tok("num", int(round(v)), m.start(), m.end(), abs(v - round(v)) < 1e-6, v, "mult"))
            continue
        toks.append(_Tok("num", value, m.start(), digits_end, whole, fval))
    return toks


@dataclass(frozen=True)
class _Gaps:
    """Patterns built from a lexicon's groups, compiled once per lexicon."""

    join: re.Pattern[str]  # " and " between the words of one number ("two hundred and fifty")
    article_end: re.Pattern[str]  # "une" before "centaine"
    vague_end: re.Pattern[str]  # "several" before "thousand"
    range_sep: re.Pattern[str]  # " to " between the ends of a range
    range_sep_lead: re.Pattern[str]  # " and " that makes a range only after "between"
    range_lead_end: re.Pattern[str]  # "between" before the first end
    range_sep_tail: re.Pattern[str]  # "에서" that makes a range only with "사이" after the second end
    range_tail: re.Pattern[str]  # "사이" after the second end (and its counter)


@lru_cache(maxsize=64)
def _gaps(lex: Lexicon) -> _Gaps:
    p = lex.patterns
    # "1만 명~1만2천 명", "1万人から1万2000人": in ko, ja and zh the first end may carry its counter
    counter = r"[\s\u00a0]*"
    if lex.east_asian:
        counter = r"[\s\u00a0]*(?:(?:" + p["numbers.counters"].pattern + r")[\s\u00a0]*)?"
    return _Gaps(
        join=re.compile(r"[\s\u00a0]+(?:" + p["numbers.connectors"].pattern + r")[\s\u00a0]+", re.I),
        article_end=re.compile(r"(?:" + p["numbers.articles"].pattern + r")[\s\u00a0]*$", re.I),
        vague_end=re.compile(r"(?:" + p["numbers.vague_before"].pattern + r")[\s\u00a0\-]*$", re.I),
        range_sep=re.compile(counter + r"(?:" + p["numbers.range_sep"].pattern + r")[\s\u00a0]*", re.I),
        range_sep_lead=re.compile(r"[\s\u00a0]*(?:" + p["numbers.range_sep_lead"].pattern + r")[\s\u00a0]*", re.I),
        range_lead_end=re.compile(r"(?:" + p["numbers.range_lead"].pattern + r")[\s\u00a0]*$", re.I),
        range_sep_tail=re.compile(counter + r"(?:" + p["numbers.range_sep_tail"].pattern + r")[\s\u00a0]*", re.I),
        range_tail=re.compile(counter + r"(?:" + p["numbers.range_tail"].pattern + r")", re.I),
    )


def _is_cjk(ch: str) -> bool:
    return bool(re.match(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", ch))


def _join_ok(text: str, a: _Tok, b: _Tok, lex: Lexicon) -> bool:
    gap = text[a.end : b.start]
    if re.fullmatch(r"[\s\u00a0\-]*", gap):
        return True
    return bool(_gaps(lex).join.fullmatch(gap))


def _parse_runs(text: str, toks: list[_Tok], lex: Lexicon) -> list[NumberMention]:
    """Combine adjacent word/scale/number tokens into numbers."""
    out: list[NumberMention] = []
    i = 0
    odd_infix = lex.patterns["numbers.odd_infix"]
    inverted = lex.patterns["numbers.inverted_scales"]
    while i < len(toks):
        t = toks[i]
        if t.kind == "scale" and inverted.fullmatch(t.text) and i + 1 < len(toks):
            # "тысяч двенадцать": the scale before a small number word is a word-order approximation
            nxt = toks[i + 1]
            if nxt.kind == "word" and nxt.value < 100 and re.fullmatch(r"[\s\u00a0]+", text[t.end : nxt.start]):
                following = toks[i + 2] if i + 2 < len(toks) else None
                if following is None or not _join_ok(text, nxt, following, lex):
                    out.append(NumberMention(nxt.value * t.value, None, t.start, nxt.end, approx=True, scaled=True))
                    i += 2
                    continue
        if t.kind == "num" and t.text == "mult":
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if (
                t.whole and nxt is not None and nxt.kind == "num" and nxt.text != "mult" and nxt.whole
                and re.search(r"[^\W\d]{3,}\.?$", text[t.start : t.end])  # (a word: not "12k 300")
                and t.value % 1000 == 0 and t.value < 1_000_000 and nxt.value < 1000
                and re.fullmatch(r"[ \u00a0]", text[t.end : nxt.start])
            ):
                # "13 mil 221", "7 mil 887": thousands and units written apart
                out.append(NumberMention(t.value + nxt.value, None, t.start, nxt.end, scaled=True))
                i += 2
                continue
            if t.whole:
                out.append(NumberMention(t.value, None, t.start, t.end, scaled=True))
            i += 1
            continue
        total = 0
        current = 0
        last_big = 10**18
        start = t.start
        end = t.end
        ok = False
        only_scale = True
        j = i
        prev: _Tok | None = None
        checkpoint: tuple[int, int, int, int] | None = None
        odd = False
        while j < len(toks):
            tok = toks[j]
            if prev is not None and not _join_ok(text, prev, tok, lex):
                # "28 с лишним тысяч", "twenty-odd thousand": "-odd" between a number and its scale
                if not (
                    tok.kind == "scale" and tok.value >= 1000 and prev.kind != "scale" and not odd
                    and odd_infix.fullmatch(text[prev.end : tok.start].strip())
                ):
                    break
                odd = True
            if tok.kind == "num" and tok.text == "mult":
                break
            if tok.kind == "num":
                if not tok.whole:
                    if prev is None:
                        # "between 3.7 and 6.2 million": the multiplier of the high end covers it
                        out.append(NumberMention(int(tok.float_value), None, tok.start, tok.end, fraction=tok.float_value))
                        j += 1
                    break
                if prev is not None and (current != 0 or tok.value >= last_big or prev.kind == "num"):
                    break
                current += tok.value
                only_scale = False
            elif tok.kind == "word":
                v = tok.value
                if prev is not None:
                    if current == 0:
                        pass
                    elif current % 100 == 0 and v < 100:
                        pass
                    elif current >= 20 and current % 10 == 0 and current < 100 and v < 10:
                        pass
                    else:
                        break
                    if v >= last_big:
                        break
                current += v
                only_scale = False
            else:  # scale
                s = tok.value
                if s == 100:
                    if current >= 100:
                        break
                    current = (current or 1) * 100
                else:
                    if s >= last_big:
                        if checkpoint is not None and current:
                            # "oito mil e dez mil": end after the first "mil", restart at "dez"
                            j, end, total, current = checkpoint
                        break
                    total += (current or 1) * s
                    current = 0
                    last_big = s
                    checkpoint = (j + 1, tok.end, total, 0)
            ok = True
            end = tok.end
            prev = tok
            j += 1
        if not ok:
            i += 1
            continue
        value = total + current
        run_toks = toks[i:j]
        if only_scale:
            word = text[start:end].lower()
            before = text[max(0, start - 12) : start]
            article = lex.patterns["numbers.articles"].search(before + " ") and re.search(
                r"(?:" + lex.patterns["numbers.articles"].pattern + r")[\s\u00a0]*$", before, re.I
            )
            if word.strip() not in lex.standalone_scales and not article:
                i = j
                continue
            if article:
                start = start - len(before) + article.start()
        scaled = any(tk.kind == "scale" for tk in run_toks)
        if value > 0:
            out.append(NumberMention(value, None, start, end, approx=odd, scaled=scaled))
        i = j
    return out


@lru_cache(maxsize=64)
def _collective_regex(lex: Lexicon) -> re.Pattern[str] | None:
    if not lex.collective:
        return None
    alt = "|".join(re.escape(w) for w in sorted(lex.collective, key=len, reverse=True))
    if lex.word_boundaries:
        return re.compile(rf"(?<![\w])(?P<coll>{alt})(?![\w])", re.IGNORECASE)
    return re.compile(rf"(?P<coll>{alt})", re.IGNORECASE)


def _collectives(text: str, lex: Lexicon) -> list[NumberMention]:
    rx = _collective_regex(lex)
    if rx is None:
        return []
    out: list[NumberMention] = []
    art = _gaps(lex).article_end
    for m in rx.finditer(text):
        before = text[max(0, m.start() - 30) : m.start()]
        a = art.search(before)
        start = m.start()
        if a:
            start = m.start() - len(before) + a.start()
        elif not any(p is not None and p.search(before) for p in lex.qualifiers_before.values()):
            continue
        value, end = lex.collective[m.group("coll").lower()], m.end()
        of = _scale_of_rx(lex).match(text, end)
        if of is not None:
            # "une dizaine de millions d'obus", "une quinzaine de milliers": the collective counts the scale
            value, end = value * lex.scales[of.group("scale").lower()], of.end()
        out.append(NumberMention(value, None, start, end, approx=True, scaled=of is not None))
    return out


@lru_cache(maxsize=64)
def _scale_of_rx(lex: Lexicon) -> re.Pattern[str]:
    """"de millions", "de miles": a connector and a scale right after a collective."""
    if lex.patterns["numbers.collective_of"].pattern == NEVER.pattern:
        return NEVER
    alt = "|".join(re.escape(w) for w in sorted(lex.scales, key=len, reverse=True))
    return re.compile(
        r"[\s\u00a0]*(?:" + lex.patterns["numbers.collective_of"].pattern + r")[\s\u00a0]*(?P<scale>" + alt + r")(?![\w])",
        re.I,
    )


def _east_asian(text: str) -> list[NumberMention]:
    out: list[NumberMention] = []
    for m in EA_NUMBER.finditer(text):
        s = m.group(0).rstrip()
        if not s:
            continue
        # "1천500여" ok; "1, 2" (comma-separated list) is not one number
        if re.search(r",(?!\d{3}(?!\d))", s):
            s = s.split(",")[0]
        parsed = parse_east_asian(s)
        if parsed is None:
            continue
        value, approx = parsed
        scaled = bool(re.search(r"[万萬만亿億억千천百백十]", s))
        out.append(NumberMention(value, None, m.start(), m.start() + len(s), approx=approx, scaled=scaled))
    return out


def _merge_ranges(text: str, nums: list[NumberMention], lex: Lexicon) -> list[NumberMention]:
    gaps = _gaps(lex)
    out: list[NumberMention] = []
    i = 0
    while i < len(nums):
        a = nums[i]
        if i + 1 < len(nums):
            b = nums[i + 1]
            gap = text[a.end : b.start]
            ok = bool(gaps.range_sep.fullmatch(gap)) or bool(
                gaps.range_sep_tail.fullmatch(gap) and gaps.range_tail.match(text, b.end)
            )
            if not ok and gaps.range_sep_lead.fullmatch(gap):
                before = text[max(0, a.start - 25) : a.start]
                ok = bool(gaps.range_lead_end.search(before))
            if ok and a.fraction is not None:
                ok = False
                for f in (1_000_000_000, 1_000_000, 1000):
                    if b.scaled and a.fraction * f <= b.value < a.fraction * f * 10:
                        out.append(NumberMention(round(a.fraction * f), b.value, a.start, b.end, scaled=True))
                        ok = True
                        break
                if ok:
                    i += 2
                    continue
            if ok:
                low = a.value
                if b.value > low and not a.scaled and b.scaled and low * 1000 <= b.value:
                    # "от 1 до 3 тыс.", "1 to 3 thousand": the multiplier covers both ends
                    factor = 1000 if b.value % 1000 == 0 else 1
                    for f in (1_000_000, 10_000, 1000):  # ("6–6,5 млн": millions, not thousands)
                        if low * f <= b.value and low * f * 10 > b.value:
                            factor = f
                            break
                    low *= factor
                elif b.value > low and low * 1000 <= b.value and low * 10000 > b.value and low < 1000:
                    low *= 1000  # "11 to 12,000"
                if b.value > low:
                    out.append(NumberMention(low, b.value, a.start, b.end, approx=False, scaled=b.scaled))
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


DESIGNATION_END = re.compile(r"[A-Za-z]{1,4}-$")
SPACE_GROUPED = re.compile(r"(\d{1,3})[ \u00a0\u202f\u2009](\d{3})([여余餘]?)")


def _split_designation(text: str, n: NumberMention) -> list[NumberMention]:
    """"KN-24 150기": digits glued to a designation end at the space; the rest is its own number."""
    m = SPACE_GROUPED.fullmatch(text, n.start, n.end)
    if n.high is not None or m is None or not DESIGNATION_END.search(text, max(0, n.start - 5), n.start):
        return [n]
    return [
        NumberMention(int(m.group(1)), None, n.start, m.end(1)),
        NumberMention(int(m.group(2)), None, m.start(2), n.end, approx=bool(m.group(3))),
    ]


def find_numbers(text: str, lex: Lexicon) -> list[NumberMention]:
    """All numbers and ranges in `text`, in order, without overlaps."""
    nums: list[NumberMention] = []
    if lex.east_asian:
        nums.extend(_east_asian(text))
    nums.extend(_parse_runs(text, _tokens(text, lex), lex))
    nums.extend(_collectives(text, lex))
    # drop mentions overlapping a longer one (keep the first, longest)
    nums.sort(key=lambda n: (n.start, -(n.end - n.start)))
    kept: list[NumberMention] = []
    for n in nums:
        if kept and n.start < kept[-1].end:
            continue
        kept.append(n)
    kept = [part for n in kept for part in _split_designation(text, n)]
    # vague amounts: "several thousand", "수천", "dozens of"
    vague_end = _gaps(lex).vague_end
    kept = [n for n in kept if not vague_end.search(text[max(0, n.start - 25) : n.start])]
    return [n for n in _merge_ranges(text, kept, lex) if n.fraction is None]


def parse_number(text: str, lex: Lexicon) -> int | None:
    """The value of the first number in `text` (convenience for tests and callers)."""
    found = find_numbers(text, lex)
    return found[0].value if found else None

"""Split a text into sentences with character offsets; a new line starts a new paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

ABBREVIATIONS = frozenset(
    "rep sen mr mrs ms dr gen lt col maj capt st no vs u.s u.k u.n m mm jr sr prof gov pres corp inc co dept est approx ca vol art nr bzw ggf dr sgt adm cmdr mio mrd tsd mln тис тыс млн млрд".split()
)

UNIT_ABBREVIATIONS = frozenset(("mm", "cm", "km"))

# Russian and Ukrainian scale words ("12 тыс. рабочих"): the next word is lower case unless a new
# sentence starts ("менее 2 тыс. ГУР Минобороны Украины заявлял …"); not German "Mio. Granaten"
LOWERCASE_SCALES = frozenset(("тыс", "тис", "млн", "млрд"))

# "SEOUL, Jan. 13 --": a month abbreviation before a day number does not end a sentence
MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())

# German articles and prepositions before an ordinal ("das 11. Armeekorps", "im 2. Quartal")
ORDINAL_LEAD = re.compile(r"(?<![\w])(?:der|die|das|dem|den|des|im|am|vom|zum|zur|beim|ins|seit|ab|bis|ihr|ihre|ihrem|ihres|sein|seine|seinem|seines)\s+(?:[^\W\d_]+e[mnrs]?\s+)?$")

GERMAN_MONTH = re.compile(r"(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


BULLET = re.compile(r"[ \t]*(?:[•▪▫◦●○■□►▶➤✅✔☑🔹🔸🔷🔶📌⚡\u2022*]|-\s)")
SENTENCE_END = re.compile(r"[.!?。！？]+[\"»”’)\]」』]*(?=\s|$)|[。！？]+[」』”]*|\n|(?<=\S)\u3000+(?=\S)")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets (text[s.start:s.end] == s.text); a new line starts a new paragraph."""
    out: list[Sentence] = []
    para = 0
    start = 0
    for m in SENTENCE_END.finditer(text):
        end = m.end()
        newline = m.group(0) == "\n"
        if not newline and m.group(0).startswith("."):
            # abbreviation or ordinal ("Rep.", "U.S.", "M. Choïgou", "9. Januar"): keep going
            w0 = m.start()
            while w0 > start and (text[w0 - 1].isalnum() or text[w0 - 1] in "._"):
                w0 -= 1  # back over the word before the dot, as [\w.]+ reads it
            tok = text[w0 : m.start()].lower()
            nxt = text[end : end + 3].lstrip()
            unit_end = tok in UNIT_ABBREVIATIONS and re.search(r"\d[\s\u00a0\u202f]*\w+$", text[start : m.start()])
            scale_end = tok in LOWERCASE_SCALES and nxt[:1].isupper()
            if not unit_end and not scale_end and (tok in ABBREVIATIONS or (len(tok) == 1 and tok.isalpha())):
                continue  # ("240 mm. Séoul affirme …": a unit after a number can end a sentence)
            if tok in MONTH_ABBREVIATIONS and nxt[:1].isdigit():
                continue
            if re.fullmatch(r"\d{1,2}", tok) and GERMAN_MONTH.match(nxt + text[end + 3 : end + 12].lstrip()):
                continue
            if re.fullmatch(r"\d{1,3}", tok) and ORDINAL_LEAD.search(text, max(start, w0 - 30), w0):
                continue  # "das 11. Armeekorps": an ordinal after an article or a preposition
            if nxt and nxt[0].islower():
                continue
        _emit(text, start, m.start() if newline else end, para, out)
        if newline and not BULLET.match(text, end):
            para += 1  # a bullet line ("🔹 …", "• …", "- …") continues the list's paragraph
        start = end
    _emit(text, start, len(text), para, out)
    return out


def _emit(text: str, a: int, b: int, para: int, out: list[Sentence]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        out.append(Sentence(a, b, text[a:b], para))


__all__ = ["ORDINAL_LEAD", "Sentence", "split_sentences"]

"""Language detection by script and stopwords (pure, no dependencies).

`detect_language(text, hint)` trusts a valid hint ("fr", "fr-FR", "ko_KR");
otherwise Hangul -> ko, kana -> ja, Han -> zh, Cyrillic -> uk when it has
і ї є ґ else ru, and Latin text by counting each language's stopwords.
"""

from __future__ import annotations

import re

KNOWN = frozenset("en fr de es it pt ru uk ko ja zh nl pl sv da no fi cs tr ar he".split())

_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_CYR = re.compile(r"[\u0400-\u04ff]")
_UK = re.compile(r"[іїєґІЇЄҐ]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
_WORD = re.compile(r"[a-zà-ÿ']+")

STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset("the of and to in is that was for on with said as by from it are have has were at which their".split()),
    "fr": frozenset("le la les des du de et en un une est que qui dans pour sur au aux par pas ont été ces selon".split()),
    "de": frozenset("der die das und ist nicht den dem des ein eine zu mit auf sich von im für wurde sind nach auch".split()),
    "es": frozenset("el la los las de del y en que un una es por con para se al según han fue sus como".split()),
    "it": frozenset("il lo la gli le di del della e che un una è per con non sono dei nel alla hanno secondo".split()),
    "pt": frozenset("o a os as de do da dos das e que um uma é em no na por para com não foi segundo".split()),
}


def _normalise_hint(hint: str) -> str:
    code = re.split(r"[-_]", (hint or "").strip().lower())[0]
    return code if len(code) == 2 and code in KNOWN else ""


def detect_language(text: str, hint: str = "") -> str:
    """A 2-letter language code, or "" when unknown."""
    code = _normalise_hint(hint)
    if code:
        return code
    sample = (text or "")[:2000]
    if not sample.strip():
        return ""
    hangul = len(_HANGUL.findall(sample))
    kana = len(_KANA.findall(sample))
    han = len(_HAN.findall(sample))
    cyr = len(_CYR.findall(sample))
    latin = len(_LATIN.findall(sample))
    if hangul >= max(10, han // 2) and hangul >= kana:
        return "ko"
    if kana >= 5 and kana + han > latin:
        return "ja"
    if han >= 10 and han > latin:
        return "zh"
    if cyr > latin and cyr >= 10:
        return "uk" if len(_UK.findall(sample)) >= max(2, cyr // 200) else "ru"
    if latin < 10:
        return ""
    words = _WORD.findall(sample.lower())
    scores = {lang: sum(1 for w in words if w in sw) for lang, sw in STOPWORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= 2 else ""

"""One call for a text: language, relevance, and figures when relevant."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from extractors.figures import extract_figures
from extractors.language import detect_language
from extractors.records import Figure, Relevance
from extractors.relevance import detect_relevance


@dataclass(frozen=True)
class Analysis:
    lang: str
    relevance: Relevance
    figures: tuple[Figure, ...]


def analyse(text: str, lang: str = "", title: str = "") -> Analysis:
    """Detect the language (`lang` is a hint), the relevance and, if relevant, the figures."""
    code = detect_language(text or title, lang)
    relevance = detect_relevance(text, code, title)
    figures = tuple(extract_figures(text, code, title)) if relevance.relevant else ()
    return Analysis(code, relevance, figures)


def prediction(item: dict[str, Any]) -> dict[str, Any]:
    """What `nkwatch extract` writes for one input line {"id", "text", "title"?, "lang"?};
    `extractors.evaluate` scores lines of this shape."""
    analysis = analyse(str(item.get("text") or ""), lang=str(item.get("lang") or ""),
                       title=str(item.get("title") or ""))
    return {
        "id": item.get("id"),
        "relevant": analysis.relevance.relevant,
        "lang": analysis.lang,
        "figures": [asdict(f) for f in analysis.figures],
    }

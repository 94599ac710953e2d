"""Turn a fetched page and its feed entry into an `ArticleRow` (pure: no I/O).

This is the glue between the extractors and storage: HTML -> text and
metadata, text -> language, relevance and figures, all stamped with the
time the caller passes in.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from extractors.analyse import analyse
from extractors.feeds import Entry
from extractors.figures import EXTRACTOR_VERSION
from extractors.lexicon import LexiconError
from extractors.page import extract_page
from flows.fetch import FetchResult
from storage.records import ArticleRow, FigureRow

_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


def to_utc_naive(value: datetime | str | None) -> datetime | None:
    """A datetime (or ISO string) as naive UTC, the form stored in DuckDB; None if unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        text = value.strip().replace("Z", "+00:00")
        if len(text) >= 5 and text[-5] in "+-" and text[-4:].isdigit() and ":" not in text[-5:]:
            text = f"{text[:-2]}:{text[-2:]}"  # +0200 -> +02:00
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            return None
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def body_problem(result: FetchResult) -> str:
    """Why a fetched body cannot be an article page, "" if it may be one."""
    content_type = result.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type and not content_type.startswith(_HTML_TYPES):
        return f"not an HTML page (Content-Type: {content_type})"
    head = result.body[:4096]
    if not head.strip():
        return "empty body"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary body, not an HTML page"
    return ""


def read_article(
    entry: Entry, canonical: str, feed_id: int, feed_lang: str, result: FetchResult, fetched_at: datetime
) -> ArticleRow:
    """Everything nkwatch keeps about one article, from its entry and the fetched page."""
    base = {
        "url": entry.url,
        "canonical_url": canonical,
        "feed_id": feed_id,
        "guid": entry.guid,
        "fetched_at": fetched_at,
        "title": entry.title,
        "final_url": result.final_url or None,
        "published_at": to_utc_naive(entry.published),
    }
    error = result.error or body_problem(result)
    if error:
        return ArticleRow(status="error", error=error, **base)
    page = extract_page(result.body, result.final_url or entry.url)
    if page.error:
        return ArticleRow(status="error", error=page.error, **base)
    title = page.title or entry.title
    try:
        analysis = analyse(page.text, lang=page.lang or feed_lang, title=title)
    except LexiconError as exc:  # a broken lexicon file: recorded, the article is read again next run
        return ArticleRow(status="error", error=f"lexicon: {exc}", **base)
    figures = tuple(
        FigureRow(f.metric, f.value, f.high, f.qualifier, f.source, f.quote, f.start, f.end, EXTRACTOR_VERSION)
        for f in analysis.figures
    )
    base.update(
        title=title,
        published_at=base["published_at"] or to_utc_naive(page.published) or fetched_at,
    )
    return ArticleRow(
        status="ok",
        lang=analysis.lang,
        text=page.text,
        content_hash=hashlib.sha256(page.text.encode("utf-8")).hexdigest(),
        relevant=analysis.relevance.relevant,
        relevance_score=analysis.relevance.score,
        extractor_version=EXTRACTOR_VERSION,
        figures=figures,
        **base,
    )

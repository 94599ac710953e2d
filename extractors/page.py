"""HTML bytes -> `Page` (main text and metadata), with trafilatura.

Pure: the caller fetches; this module only reads the bytes it is given.
trafilatura gets the raw bytes so that it detects the charset itself.
"""

from __future__ import annotations

import re

import trafilatura

from extractors.records import Page

_DATE_PARAMS = {
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    "original_date": True,
    "extensive_search": False,
}
_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I)
_META_LANG = re.compile(
    rb"<meta\b[^>]*?(?:http-equiv\s*=\s*[\"']?content-language|property\s*=\s*[\"']og:locale)[^>]*?content\s*=\s*[\"']?([A-Za-z]{2,3})",
    re.I,
)
_CANONICAL = re.compile(rb"<link\b[^>]*?rel\s*=\s*[\"']?canonical[\"']?[^>]*>", re.I)
_HREF = re.compile(rb"href\s*=\s*[\"']([^\"'>\s]+)", re.I)


def declared_language(html: bytes) -> str:
    """The language a page declares in `<html lang>` or its meta tags, "" if none."""
    head = html[:65536]
    for pattern in (_HTML_LANG, _META_LANG):
        match = pattern.search(head)
        if match:
            return match.group(1).decode("ascii").lower()
    return ""


def declared_canonical(html: bytes) -> str:
    """The `<link rel=canonical>` href of a page, "" if none."""
    match = _CANONICAL.search(html[:65536])
    if not match:
        return ""
    href = _HREF.search(match.group(0))
    return href.group(1).decode("utf-8", "replace") if href else ""


def extract_page(html: bytes, url: str = "") -> Page:
    """Read the main text, title, language, date and canonical URL of a page.

    Never raises on bad input: a page with no extractable text comes back
    with `error` set and empty text.
    """
    if not html or not html.strip():
        return Page(text="", error="empty body")
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # trafilatura may raise on pathological markup
        return Page(text="", error=f"text extraction failed: {type(exc).__name__}: {exc}")
    if doc is None or not (doc.text or "").strip():
        return Page(text="", error="no article text found in the page")
    return Page(
        text=doc.text.strip(),
        title=(doc.title or "").strip(),
        lang=declared_language(html),
        published=doc.date or "",
        canonical_url=declared_canonical(html),
    )

"""Feed bytes -> `ParsedFeed` (entries with link, GUID, title, date), with feedparser.

feedparser is only ever given a file-like object over bytes: given a string
it may open a local path or fetch a URL by itself. Pure apart from that.
"""

from __future__ import annotations

import calendar
import io
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import parse_qs, urlsplit

import feedparser

from extractors.urls import resolve_link


@dataclass(frozen=True)
class Entry:
    """One item of a feed."""

    url: str
    guid: str
    title: str = ""
    summary: str = ""
    published: datetime | None = None  # UTC


@dataclass(frozen=True)
class ParsedFeed:
    """What a feed body yields. `error` is set when the body is not a feed."""

    entries: tuple[Entry, ...] = field(default_factory=tuple)
    version: str = ""
    title: str = ""
    ttl_minutes: int | None = None  # the feed's own polling hint (ttl or sy:updatePeriod), capped at a day
    warning: str = ""  # feedparser's bozo exception, when it recovered anyway
    error: str = ""


def _entry_time(entry: feedparser.FeedParserDict) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
            except (OverflowError, ValueError, TypeError):
                continue
    return None


_SY_PERIOD_MINUTES = {"hourly": 60, "daily": 1440, "weekly": 10080, "monthly": 43200, "yearly": 525600}
MAX_HINT_MINUTES = 24 * 60  # a feed's own hint never delays it by more than a day


def poll_interval_minutes(feed: dict) -> int | None:
    """How long the feed asks us to wait between polls: RSS `ttl`, or `sy:updatePeriod`/`updateFrequency`."""
    hints: list[float] = []
    try:
        if feed.get("ttl"):
            hints.append(float(feed["ttl"]))
    except (TypeError, ValueError):
        pass
    period = str(feed.get("sy_updateperiod", "")).strip().lower()
    if period in _SY_PERIOD_MINUTES:
        try:
            frequency = max(1.0, float(feed.get("sy_updatefrequency") or 1))
        except (TypeError, ValueError):
            frequency = 1.0
        hints.append(_SY_PERIOD_MINUTES[period] / frequency)
    hints = [h for h in hints if h > 0]
    if not hints:
        return None
    return int(min(max(hints), MAX_HINT_MINUTES))


def unwrap_aggregator_link(link: str) -> str:
    """Article URL inside an aggregator redirect (Bing News `apiclick` links)."""
    parts = urlsplit(link)
    if parts.hostname and parts.hostname.endswith("bing.com") and parts.path.endswith("apiclick.aspx"):
        target = parse_qs(parts.query).get("url", [""])[0]
        if target.startswith(("http://", "https://")):
            return target
    return link


def parse_feed(body: bytes, url: str, headers: dict[str, str] | None = None) -> ParsedFeed:
    """Parse a feed body. Never raises; a body that is no feed sets `error`."""
    try:
        parsed = feedparser.parse(
            io.BytesIO(body),
            response_headers=dict(headers or {"content-location": url}),
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    except Exception as exc:  # feedparser promises not to raise; be safe anyway
        return ParsedFeed(error=f"feed could not be parsed: {type(exc).__name__}: {exc}")
    warning = str(parsed.get("bozo_exception", "")) if parsed.get("bozo") else ""
    if not parsed.get("version") and not parsed.entries:
        reason = f" ({warning})" if warning else ""
        return ParsedFeed(error=f"not a feed: no RSS, Atom or RDF document found{reason}")
    entries: list[Entry] = []
    seen: set[str] = set()
    for item in parsed.entries:
        link = item.get("link") or ""
        if not link:
            for candidate in item.get("links", []) or []:
                if candidate.get("href") and candidate.get("rel", "alternate") == "alternate":
                    link = candidate["href"]
                    break
        if not link:
            guid = item.get("id") or ""
            link = guid if guid.startswith(("http://", "https://")) else ""
        if not link:
            continue
        link = unwrap_aggregator_link(resolve_link(url, link))
        guid = (item.get("id") or link).strip()
        if guid in seen:
            continue
        seen.add(guid)
        entries.append(
            Entry(
                url=link,
                guid=guid,
                title=(item.get("title") or "").strip(),
                summary=(item.get("summary") or "").strip()[:2000],
                published=_entry_time(item),
            )
        )
    return ParsedFeed(
        entries=tuple(entries),
        version=parsed.get("version", ""),
        title=(parsed.feed.get("title") or "").strip(),
        ttl_minutes=poll_interval_minutes(parsed.feed),
        warning=warning,
    )

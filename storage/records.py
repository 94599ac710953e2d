"""Typed rows that cross the storage boundary (no SQL here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class FeedRow:
    feed_id: int
    name: str
    url: str
    lang: str = ""
    etag: str | None = None
    last_modified: str | None = None
    next_poll_at: datetime | None = None
    consecutive_failures: int = 0
    last_error: str | None = None


@dataclass(frozen=True)
class FeedPoll:
    """The outcome of polling one feed, to be written on its row."""

    feed_id: int
    polled_at: datetime
    status: int | None
    error: str | None
    etag: str | None = None
    last_modified: str | None = None
    title: str = ""
    next_poll_at: datetime | None = None
    not_modified: bool = False


@dataclass(frozen=True)
class SeenEntry:
    feed_id: int
    guid: str
    canonical_url: str


@dataclass(frozen=True)
class FigureRow:
    metric: str
    value: int
    high: int | None
    qualifier: str
    source: str
    quote: str
    quote_start: int
    quote_end: int
    extractor_version: str


@dataclass(frozen=True)
class ArticleRow:
    url: str
    canonical_url: str
    feed_id: int
    guid: str
    fetched_at: datetime
    status: str  # 'ok' or 'error'
    title: str = ""
    final_url: str | None = None
    published_at: datetime | None = None
    lang: str = ""
    text: str | None = None
    content_hash: str | None = None
    relevant: bool | None = None
    relevance_score: float | None = None
    error: str | None = None
    extractor_version: str | None = None
    figures: tuple[FigureRow, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ChangeRow:
    change_id: int
    metric: str
    source: str
    value: int
    high: int | None
    qualifier: str
    previous_value: int | None
    previous_high: int | None
    direction: str
    reported_at: datetime | None
    article_url: str
    quote: str


@dataclass(frozen=True)
class OutboxItem:
    """A message to write to the outbox, with the changes it reports."""

    channel: str
    kind: str  # 'change', 'group' or 'backlog'
    title: str
    body: str
    change_ids: tuple[int, ...]


@dataclass(frozen=True)
class DeliveryRow:
    delivery_id: int
    channel: str
    kind: str
    title: str
    body: str
    attempts: int

"""The Prefect flow: poll feeds -> fetch new articles -> read them -> store -> changes.

Work is batched: one task polls every feed, one task per chunk of articles
fetches, reads and stores that chunk (so a crash loses at most the chunk in
hand), one task records changes. The database is opened only for short
transactions, so `nkwatch sql` can read between them.
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from extractors.feeds import Entry, parse_feed
from extractors.urls import canonical_url
from flows.articles import read_article
from flows.config import Config, load_config
from flows.fetch import Fetcher
from flows.notify import AlertSummary, channels_from, deliver
from storage import db
from storage.records import ArticleRow, ChangeRow, FeedPoll, FeedRow, SeenEntry

log = logging.getLogger("nkwatch")

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
MAX_ARTICLE_ATTEMPTS = 3
BACKOFF_BASE = timedelta(minutes=15)
BACKOFF_MAX = timedelta(hours=24)


@dataclass(frozen=True)
class ArticleJob:
    feed_id: int
    feed_lang: str
    entry: Entry
    canonical: str


@dataclass
class RunSummary:
    feeds_total: int = 0
    feeds_polled: int = 0
    feeds_not_modified: int = 0
    feeds_not_due: int = 0
    feeds_failed: int = 0
    entries_seen: int = 0
    articles_new: int = 0
    articles_relevant: int = 0
    articles_failed: int = 0
    figures: int = 0
    changes: list[ChangeRow] = field(default_factory=list)
    alerts_queued: int = 0
    alerts_sent: int = 0
    alerts_failed: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (feed or article URL, reason)
    requests: int = 0
    bytes: int = 0


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def next_poll_after_failure(now: datetime, failures: int, retry_after: float | None) -> datetime:
    """Exponential backoff with jitter; a server's Retry-After wins when longer."""
    delay = min(BACKOFF_BASE * (2 ** max(0, failures - 1)), BACKOFF_MAX)
    delay = delay * random.uniform(0.8, 1.2)
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=retry_after))
    return now + delay


@dataclass
class _Poll:
    jobs: list[ArticleJob]
    links: list[SeenEntry]
    summary: RunSummary


@task(name="poll-feeds", cache_policy=NO_CACHE)
def poll_feeds(config: Config, fetcher: Fetcher, now: datetime, force: bool = False) -> _Poll:
    """Fetch every due feed (every feed with `force`), record its state, and list the entries not fetched before."""
    summary = RunSummary(feeds_total=len(config.feeds))
    with db.database(config.db, now) as con:
        feeds = db.sync_feeds(con, [(f.name, f.url, f.lang) for f in config.feeds])
    due: list[FeedRow] = []
    waiting: list[FeedRow] = []
    for feed in feeds:
        (due if force or feed.next_poll_at is None or feed.next_poll_at <= now else waiting).append(feed)
    summary.feeds_not_due = len(waiting)
    for feed in waiting:
        log.info("not due until %s: %s", feed.next_poll_at, feed.name)

    def fetch(feed: FeedRow):
        return feed, fetcher.get(feed.url, feed.etag, feed.last_modified, accept=FEED_ACCEPT)

    polls: list[FeedPoll] = []
    parsed_feeds = []
    for feed, result in fetcher.map(fetch, due):
        summary.feeds_polled += 1
        if result.not_modified:
            summary.feeds_not_modified += 1
            polls.append(FeedPoll(feed.feed_id, now, result.status, None, not_modified=True))
            continue
        error = result.error
        parsed = None
        if not error:
            parsed = parse_feed(result.body, result.final_url or feed.url, result.headers)
            error = parsed.error
        if error:
            summary.feeds_failed += 1
            summary.errors.append((feed.name, error))
            log.warning("feed failed: %s: %s", feed.name, error)
            polls.append(FeedPoll(feed.feed_id, now, result.status, error,
                                  next_poll_at=next_poll_after_failure(now, feed.consecutive_failures + 1,
                                                                       result.retry_after)))
            continue
        assert parsed is not None
        ttl_next = now + timedelta(minutes=parsed.ttl_minutes) if parsed.ttl_minutes else None
        polls.append(FeedPoll(feed.feed_id, now, result.status, None, etag=result.headers.get("etag"),
                              last_modified=result.headers.get("last-modified"), title=parsed.title,
                              next_poll_at=ttl_next))
        parsed_feeds.append((feed, parsed))
        log.info("feed %s: %d entries", feed.name, len(parsed.entries))

    jobs: list[ArticleJob] = []
    links: list[SeenEntry] = []
    planned: set[str] = set()
    with db.database(config.db, now) as con:
        db.record_polls(con, polls)
        for feed, parsed in parsed_feeds:
            entries = [(e, canonical_url(e.url)) for e in parsed.entries]
            summary.entries_seen += len(entries)
            known = db.known_guids(con, feed.feed_id, [e.guid for e, _ in entries])
            states = db.article_states(con, [c for _, c in entries])
            for entry, canonical in entries:
                state = states.get(canonical)
                retry = state is not None and state[0] == "error" and state[1] < MAX_ARTICLE_ATTEMPTS
                if canonical in planned or (state is not None and not retry):
                    if entry.guid not in known:
                        links.append(SeenEntry(feed.feed_id, entry.guid, canonical))
                    continue
                if entry.guid in known and not retry:
                    continue
                planned.add(canonical)
                jobs.append(ArticleJob(feed.feed_id, feed.lang, entry, canonical))
    return _Poll(jobs, links, summary)


@dataclass(frozen=True)
class ChunkResult:
    """What a chunk of articles came to (the texts themselves stay in the database)."""

    articles: int
    relevant: int
    figures: int
    errors: tuple[tuple[str, str], ...]


@task(name="fetch-read-store", cache_policy=NO_CACHE)
def fetch_read_store(config: Config, fetcher: Fetcher, jobs: list[ArticleJob], links: list[SeenEntry],
                     label: str) -> ChunkResult:
    """Fetch a chunk of articles, read them, and store them with their figures in one transaction."""

    def one(job: ArticleJob) -> ArticleRow:
        result = fetcher.get(job.entry.url, accept=PAGE_ACCEPT)
        return read_article(job.entry, job.canonical, job.feed_id, job.feed_lang, result, utcnow())

    started = time.monotonic()
    rows = fetcher.map(one, jobs)
    fetched = time.monotonic()
    entries = [SeenEntry(j.feed_id, j.entry.guid, j.canonical) for j in jobs] + list(links)
    with db.database(config.db, utcnow()) as con:
        db.store_articles(con, rows, entries, utcnow())
    result = ChunkResult(len(rows), sum(1 for r in rows if r.relevant), sum(len(r.figures) for r in rows),
                         tuple((r.url, r.error or "unknown error") for r in rows if r.status == "error"))
    log.info("%s: %d articles, %d relevant, %d figures, %d errors (fetch and read %.1f s, store %.1f s)",
             label, result.articles, result.relevant, result.figures, len(result.errors),
             fetched - started, time.monotonic() - fetched)
    return result


@task(name="record-changes", cache_policy=NO_CACHE)
def record_changes(config: Config, now: datetime) -> list[ChangeRow]:
    with db.database(config.db, now) as con:
        return db.refresh_changes(con, now)


@task(name="send-alerts", cache_policy=NO_CACHE)
def send_alerts(config: Config, now: datetime) -> AlertSummary:
    """Queue alerts for new changes on every channel and send what is due (retries included)."""
    channels = channels_from(config.alerts.urls, config.alerts.prefect_blocks)
    return deliver(config.db, channels, now, config.alerts.backlog_days,
                   timedelta(minutes=config.alerts.retry_minutes))


def run_pipeline(config: Config, force: bool = False) -> RunSummary:
    """One polling run over every configured feed (call inside a Prefect flow)."""
    now = utcnow()
    with Fetcher(config.fetch) as fetcher:
        poll = poll_feeds(config, fetcher, now, force)
        summary = poll.summary
        jobs = poll.jobs
        chunk = config.fetch.article_chunk
        chunks = [jobs[i : i + chunk] for i in range(0, len(jobs), chunk)] or ([[]] if poll.links else [])
        for n, part in enumerate(chunks, start=1):
            links = poll.links if n == 1 else []
            result = fetch_read_store(config, fetcher, part, links, f"articles {n}/{len(chunks)}")
            summary.articles_new += result.articles
            summary.articles_relevant += result.relevant
            summary.figures += result.figures
            summary.articles_failed += len(result.errors)
            summary.errors.extend(result.errors)
        summary.changes = record_changes(config, utcnow())
        if config.alerts.urls or config.alerts.prefect_blocks:
            alerts = send_alerts(config, utcnow())
            summary.alerts_queued, summary.alerts_sent, summary.alerts_failed = alerts.queued, alerts.sent, alerts.failed
            summary.errors.extend((f"alert channel {channel}", error) for channel, error in alerts.errors or [])
        summary.requests = fetcher.requests
        summary.bytes = fetcher.bytes
    return summary


@flow(name="nkwatch-run", log_prints=False)
def nkwatch_run(config_path: str | None = None, db_path: str | None = None, force: bool = False) -> RunSummary:
    """Poll every configured feed once and store what is new (the scheduled job).

    Feeds backing off after failures, or whose `ttl` has not run out, wait
    for a later run unless `force` is set.
    """
    return run_pipeline(load_config(config_path, db_path), force)


def run_with_config(config: Config) -> RunSummary:
    """Run the flow for a `Config` already loaded (used by the demo and tests)."""

    @flow(name="nkwatch-run", log_prints=False)
    def _run() -> RunSummary:
        return run_pipeline(config)

    return _run()

"""Opening a DuckDB file at the current schema version, and every query nkwatch runs.

DuckDB lets one process write a file and refuses every other opener while
it does, so callers open, do one short transaction, and close again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from storage.records import ArticleRow, ChangeRow, DeliveryRow, FeedPoll, FeedRow, OutboxItem, SeenEntry
from storage.schema import MIGRATIONS, SCHEMA_VERSION


class StorageError(Exception):
    """Base of the errors this package raises; the message is for the user."""


class SchemaTooNew(StorageError):
    """The file was written by a newer nkwatch."""


class DatabaseBusy(StorageError):
    """Another process holds the file open for writing."""


class DatabaseMissing(StorageError):
    """A read-only command was pointed at a file that does not exist."""


@contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """One transaction: committed when the block ends, rolled back if anything in it raises."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _too_new(version: int) -> SchemaTooNew:
    return SchemaTooNew(
        f"this database has schema version {version}, newer than this nkwatch "
        f"understands ({SCHEMA_VERSION}); upgrade nkwatch to open it"
    )


def _open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise DatabaseBusy(
                f"{path} is open for writing in another process (a run in progress?); "
                "try again when it has finished"
            ) from exc
        raise StorageError(f"cannot open {path}: {exc}") from exc


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The version recorded in the file, 0 for an empty file."""
    has_table = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_info'"
    ).fetchone()
    if not has_table or not has_table[0]:
        return 0
    row = con.execute("SELECT max(version) FROM schema_info").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(con: duckdb.DuckDBPyConnection, now: datetime) -> int:
    """Step the file forward to SCHEMA_VERSION in one transaction; return the old version."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise _too_new(current)
    if current == SCHEMA_VERSION:
        return current
    with _transaction(con):
        for version in range(current + 1, SCHEMA_VERSION + 1):
            MIGRATIONS[version](con)
        con.execute("DELETE FROM schema_info")
        con.execute("INSERT INTO schema_info VALUES (?, ?)", [SCHEMA_VERSION, now])
    return current


@contextmanager
def database(path: str | Path, now: datetime, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open `path` at the current schema version, yield the connection, close it."""
    path = Path(path)
    if read_only:
        if not path.exists():
            raise DatabaseMissing(
                f"no database at {path}: run `nkwatch run` or `nkwatch demo` first, or pass --db"
            )
        con = _open(path, read_only=True)
        try:
            version = schema_version(con)
        except BaseException:
            con.close()
            raise
        if version != SCHEMA_VERSION:
            con.close()
            if version > SCHEMA_VERSION:
                raise _too_new(version)
            with database(path, now) as _:
                pass  # step it forward once, then open it read-only
            con = _open(path, read_only=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        con = _open(path, read_only=False)
        try:
            migrate(con, now)
        except BaseException:
            con.close()
            raise
    try:
        yield con
    finally:
        con.close()


# ---------------------------------------------------------------- feeds


def _feed_row(row: Sequence[Any]) -> FeedRow:
    return FeedRow(*row)


_FEED_COLUMNS = "feed_id, name, url, lang, etag, last_modified, next_poll_at, consecutive_failures, last_error"


def sync_feeds(con: duckdb.DuckDBPyConnection, feeds: Iterable[tuple[str, str, str]]) -> list[FeedRow]:
    """Make sure every configured (name, url, lang) has a row; return their rows in order."""
    rows: list[FeedRow] = []
    with _transaction(con):
        for name, url, lang in feeds:
            found = con.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE url = ?", [url]).fetchone()
            if found is None:
                con.execute("INSERT INTO feeds (name, url, lang) VALUES (?, ?, ?)", [name, url, lang])
            elif (found[1], found[3]) != (name, lang):
                con.execute("UPDATE feeds SET name = ?, lang = ? WHERE url = ?", [name, lang, url])
            row = con.execute(f"SELECT {_FEED_COLUMNS} FROM feeds WHERE url = ?", [url]).fetchone()
            assert row is not None
            rows.append(_feed_row(row))
    return rows


def record_polls(con: duckdb.DuckDBPyConnection, polls: Iterable[FeedPoll]) -> None:
    """Write each feed's polling outcome (status, validators, error, failure count)."""
    with _transaction(con):
        for p in polls:
            if p.error:
                con.execute(
                    """UPDATE feeds SET last_polled_at = ?, last_status = ?, last_error = ?,
                           consecutive_failures = consecutive_failures + 1, next_poll_at = ?
                       WHERE feed_id = ?""",
                    [p.polled_at, p.status, p.error, p.next_poll_at, p.feed_id],
                )
            else:
                con.execute(
                    """UPDATE feeds SET last_polled_at = ?, last_success_at = ?, last_status = ?,
                           last_error = NULL, consecutive_failures = 0, next_poll_at = ?,
                           etag = coalesce(?, etag), last_modified = coalesce(?, last_modified),
                           title = CASE WHEN ? = '' THEN title ELSE ? END
                       WHERE feed_id = ?""",
                    [p.polled_at, p.polled_at, p.status, p.next_poll_at, p.etag, p.last_modified,
                     p.title, p.title, p.feed_id],
                )


def known_guids(con: duckdb.DuckDBPyConnection, feed_id: int, guids: Sequence[str]) -> set[str]:
    """The GUIDs among `guids` that this feed has listed before."""
    if not guids:
        return set()
    rows = con.execute(
        "SELECT guid FROM feed_entries WHERE feed_id = ? AND guid IN (SELECT unnest(?::TEXT[]))",
        [feed_id, list(guids)],
    ).fetchall()
    return {r[0] for r in rows}


def article_states(con: duckdb.DuckDBPyConnection, canonical_urls: Sequence[str]) -> dict[str, tuple[str, int]]:
    """(status, attempts) of the stored articles among `canonical_urls`."""
    if not canonical_urls:
        return {}
    rows = con.execute(
        "SELECT canonical_url, status, attempts FROM articles "
        "WHERE canonical_url IN (SELECT unnest(?::TEXT[]))",
        [list(canonical_urls)],
    ).fetchall()
    return {r[0]: (r[1], int(r[2])) for r in rows}


# ---------------------------------------------------------------- articles and figures


def _values(rows: Sequence[Sequence[Any]]) -> tuple[str, list[Any]]:
    """A multi-row VALUES clause and its flat parameters (one statement instead of one per row)."""
    width = len(rows[0])
    one = "(" + ", ".join("?" * width) + ")"
    return ", ".join([one] * len(rows)), [v for row in rows for v in row]


_ARTICLE_COLUMNS = ("url, final_url, title, published_at, fetched_at, lang, text, content_hash, relevant, "
                    "relevance_score, status, error, extractor_version, canonical_url, feed_id, guid")


def _article_values(row: ArticleRow) -> list[Any]:
    return [row.url, row.final_url, row.title, row.published_at, row.fetched_at, row.lang, row.text,
            row.content_hash, row.relevant, row.relevance_score, row.status, row.error, row.extractor_version,
            row.canonical_url, row.feed_id, row.guid]


def store_articles(
    con: duckdb.DuckDBPyConnection, rows: Sequence[ArticleRow], entries: Sequence[SeenEntry], now: datetime
) -> tuple[int, int]:
    """Store articles with their figures and mark feed entries seen, in one transaction.

    An article already stored is left alone, unless its earlier fetch failed, in
    which case this attempt replaces it. Returns (articles written, figures written).
    """
    unique: dict[str, ArticleRow] = {}
    for row in rows:
        unique.setdefault(row.canonical_url, row)
    with _transaction(con):
        existing = dict(
            (url, (int(article_id), status))
            for url, article_id, status in con.execute(
                "SELECT canonical_url, article_id, status FROM articles WHERE canonical_url IN (SELECT unnest(?::TEXT[]))",
                [list(unique)],
            ).fetchall()
        ) if unique else {}
        fresh = [r for url, r in unique.items() if url not in existing]
        retried = [r for url, r in unique.items() if url in existing and existing[url][1] == "error"]
        ids: dict[str, int] = {}
        if fresh:
            clause, params = _values([_article_values(r) for r in fresh])
            for article_id, url in con.execute(
                f"INSERT INTO articles ({_ARTICLE_COLUMNS}) VALUES {clause} RETURNING article_id, canonical_url",
                params,
            ).fetchall():
                ids[url] = int(article_id)
        for row in retried:
            article_id = existing[row.canonical_url][0]
            con.execute(
                """UPDATE articles SET url = ?, final_url = ?, title = ?, published_at = ?, fetched_at = ?,
                       lang = ?, text = ?, content_hash = ?, relevant = ?, relevance_score = ?,
                       status = ?, error = ?, extractor_version = ?, attempts = attempts + 1
                   WHERE article_id = ?""",
                [*_article_values(row)[:13], article_id],
            )
            ids[row.canonical_url] = article_id
        figure_rows = [
            [ids[r.canonical_url], f.metric, f.value, f.high, f.qualifier, f.source, f.quote,
             f.quote_start, f.quote_end, f.extractor_version, r.fetched_at]
            for r in fresh + retried for f in r.figures
        ]
        if figure_rows:
            clause, params = _values(figure_rows)
            con.execute(
                f"""INSERT INTO figures (article_id, metric, value, high, qualifier, source, quote,
                        quote_start, quote_end, extractor_version, extracted_at) VALUES {clause}""",
                params,
            )
        seen = list({(e.feed_id, e.guid): e for e in entries}.values())
        if seen:
            clause, params = _values([[e.feed_id, e.guid, e.canonical_url, now] for e in seen])
            con.execute(
                f"""INSERT INTO feed_entries (feed_id, guid, canonical_url, first_seen_at) VALUES {clause}
                    ON CONFLICT DO NOTHING""",
                params,
            )
            con.execute(
                """UPDATE feeds SET entries_total = (SELECT count(*) FROM feed_entries e WHERE e.feed_id = feeds.feed_id)
                   WHERE feed_id IN (SELECT unnest(?::INTEGER[]))
                     AND entries_total <> (SELECT count(*) FROM feed_entries e WHERE e.feed_id = feeds.feed_id)""",
                [sorted({e.feed_id for e in seen})],
            )
    return len(fresh) + len(retried), len(figure_rows)


# ---------------------------------------------------------------- changes

_SERIES_FIRSTS = """
WITH firsts AS (
    SELECT * FROM (
        SELECT r.*, row_number() OVER (
            PARTITION BY metric, source, value, high ORDER BY reported_at, figure_id) AS rn
        FROM series_reports r)
    WHERE rn = 1
)
SELECT x.metric, x.source, x.value, x.high, x.qualifier, x.figure_id, x.article_id, x.reported_at,
       p.value, p.high, p.reported_at
FROM firsts x
LEFT JOIN LATERAL (
    SELECT y.value, y.high, y.reported_at FROM firsts y
    WHERE y.metric = x.metric AND y.source = x.source
      AND (y.reported_at < x.reported_at OR (y.reported_at = x.reported_at AND y.figure_id < x.figure_id))
    ORDER BY y.reported_at DESC, y.figure_id DESC
    LIMIT 1
) p ON TRUE
ORDER BY x.reported_at, x.figure_id, x.source
"""


def _direction(value: int, high: int | None, previous: int | None, previous_high: int | None) -> str:
    """'first', 'up' or 'down': midpoints compared (a range counts as its middle), then low ends."""
    if previous is None:
        return "first"
    new_mid = (value + (high if high is not None else value)) / 2
    old_mid = (previous + (previous_high if previous_high is not None else previous)) / 2
    return "up" if (new_mid, value) > (old_mid, previous) else "down"


def refresh_changes(con: duckdb.DuckDBPyConnection, now: datetime) -> list[ChangeRow]:
    """Bring the change log in line with the figures; return the changes new to it.

    A change is the first report of a value a series has not had before. Its
    previous value is the series' value just before it in time, so an article
    that arrives late is placed in order: it may become a new change (dated in
    the past) and the changes after it are re-linked, but restating a known
    value never makes a new change.
    """
    with _transaction(con):
        existing = {
            (m, s, v, h): (cid, fid, pv, ph, pat, d)
            for cid, m, s, v, h, fid, pv, ph, pat, d in con.execute(
                """SELECT change_id, metric, source, value, high, figure_id, previous_value, previous_high,
                          previous_at, direction FROM change_log"""
            ).fetchall()
        }
        created: list[ChangeRow] = []
        for (metric, source, value, high, qualifier, figure_id, article_id, reported_at,
             prev_value, prev_high, prev_at) in con.execute(_SERIES_FIRSTS).fetchall():
            direction = _direction(value, high, prev_value, prev_high)
            known = existing.get((metric, source, value, high))
            if known is not None:
                change_id = known[0]
                if known[1:] != (figure_id, prev_value, prev_high, prev_at, direction):
                    con.execute(
                        """UPDATE change_log SET figure_id = ?, article_id = ?, reported_at = ?, qualifier = ?,
                               previous_value = ?, previous_high = ?, previous_at = ?, direction = ?
                           WHERE change_id = ?""",
                        [figure_id, article_id, reported_at, qualifier, prev_value, prev_high, prev_at,
                         direction, change_id],
                    )
                continue
            inserted = con.execute(
                """INSERT INTO change_log (metric, source, value, high, qualifier, previous_value, previous_high,
                       previous_at, direction, figure_id, article_id, reported_at, detected_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING change_id""",
                [metric, source, value, high, qualifier, prev_value, prev_high, prev_at, direction,
                 figure_id, article_id, reported_at, now],
            ).fetchone()
            assert inserted is not None
            created.append(ChangeRow(int(inserted[0]), metric, source, value, high, qualifier, prev_value,
                                     prev_high, direction, reported_at, "", ""))
    if created:
        details = dict(
            (row[0], row[1:])
            for row in con.execute(
                """SELECT c.change_id, a.url, f.quote FROM change_log c
                   JOIN articles a ON a.article_id = c.article_id JOIN figures f ON f.figure_id = c.figure_id
                   WHERE c.change_id IN (SELECT unnest(?::INTEGER[]))""",
                [[c.change_id for c in created]],
            ).fetchall()
        )
        created = [replace(c, article_url=details[c.change_id][0], quote=details[c.change_id][1]) for c in created]
    return created


# ---------------------------------------------------------------- alerts (outbox)

CHANGE_NOTICE_COLUMNS = (
    "change_id, metric, source, value, high, qualifier, previous_value, previous_high, previous_at, "
    "direction, reported_at, article_url, article_title, feed, quote"
)


def unalerted_changes(con: duckdb.DuckDBPyConnection, channel: str) -> list[tuple]:
    """Changes of per-source series that have no alert for `channel` yet, oldest first."""
    return con.execute(
        f"""SELECT {CHANGE_NOTICE_COLUMNS} FROM changes c
            WHERE c.source <> '*'
              AND NOT EXISTS (SELECT 1 FROM alerts al WHERE al.change_id = c.change_id AND al.channel = ?)
            ORDER BY c.reported_at NULLS FIRST, c.change_id""",
        [channel],
    ).fetchall()


def enqueue(con: duckdb.DuckDBPyConnection, items: Sequence[OutboxItem], now: datetime) -> list[int]:
    """Write messages and their alerts to the outbox in one transaction; return the delivery ids."""
    ids: list[int] = []
    with _transaction(con):
        for item in items:
            row = con.execute(
                """INSERT INTO deliveries (channel, kind, title, body, status, created_at, next_attempt_at)
                   VALUES (?, ?, ?, ?, 'pending', ?, ?) RETURNING delivery_id""",
                [item.channel, item.kind, item.title, item.body, now, now],
            ).fetchone()
            assert row is not None
            ids.append(int(row[0]))
            con.executemany(
                "INSERT INTO alerts (change_id, channel, delivery_id, created_at) VALUES (?, ?, ?, ?)",
                [[change_id, item.channel, row[0], now] for change_id in item.change_ids],
            )
    return ids


def due_deliveries(con: duckdb.DuckDBPyConnection, now: datetime, channels: Sequence[str]) -> list[DeliveryRow]:
    """Pending or failed messages for configured channels whose next attempt is due."""
    rows = con.execute(
        """SELECT delivery_id, channel, kind, title, body, attempts FROM deliveries
           WHERE status IN ('pending', 'failed') AND (next_attempt_at IS NULL OR next_attempt_at <= ?)
             AND channel IN (SELECT unnest(?::TEXT[]))
           ORDER BY delivery_id""",
        [now, list(channels)],
    ).fetchall()
    return [DeliveryRow(*r) for r in rows]


def mark_delivery(con: duckdb.DuckDBPyConnection, delivery_id: int, now: datetime,
                  error: str | None = None, next_attempt_at: datetime | None = None) -> None:
    """Record one sending attempt: sent, or failed with its error and when to retry."""
    if error is None:
        con.execute(
            """UPDATE deliveries SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL,
                   next_attempt_at = NULL WHERE delivery_id = ?""",
            [now, delivery_id],
        )
    else:
        con.execute(
            """UPDATE deliveries SET status = 'failed', attempts = attempts + 1, last_error = ?,
                   next_attempt_at = ? WHERE delivery_id = ?""",
            [error, next_attempt_at, delivery_id],
        )


def delivery_overview(con: duckdb.DuckDBPyConnection, limit: int = 50) -> tuple[list[str], list[tuple]]:
    """The most recent messages with their status, attempts and errors."""
    return run_query(
        con,
        """SELECT d.delivery_id AS id, d.channel, d.kind, d.status, d.attempts,
                  (SELECT count(*) FROM alerts a WHERE a.delivery_id = d.delivery_id) AS changes,
                  d.created_at, d.sent_at, d.next_attempt_at, d.last_error, d.title
           FROM deliveries d ORDER BY d.delivery_id DESC LIMIT ?""",
        [limit],
    )


# ---------------------------------------------------------------- reading


def run_query(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> tuple[list[str], list[tuple]]:
    """Run one statement; return its column names and rows."""
    try:
        cursor = con.execute(sql, list(params))
    except duckdb.Error as exc:
        lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
        hint = [line for line in lines[1:] if line.startswith("Did you mean")]
        raise StorageError("query failed: " + " ".join(lines[:1] + hint)) from exc
    if cursor.description is None:
        return [], []
    return [d[0] for d in cursor.description], cursor.fetchall()


def latest_figures(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[tuple]]:
    """The latest value of each series (metric, source)."""
    return run_query(
        con,
        """SELECT metric,
                  CASE source WHEN '*' THEN '(all sources)' WHEN '' THEN '(unnamed)' ELSE source END AS source,
                  value, high, qualifier, previous_value AS previous,
                  CAST(first_reported_at AS DATE) AS since, corroborations AS articles, outlets, feed, article_url
           FROM latest_figures ORDER BY metric, latest_figures.source = '*', latest_figures.source""",
    )


def recent_changes(con: duckdb.DuckDBPyConnection, limit: int = 50) -> tuple[list[str], list[tuple]]:
    """The most recent changes, newest report first."""
    return run_query(
        con,
        """SELECT metric, source, previous_value, value, high, direction,
                  CAST(reported_at AS DATE) AS reported, corroborations, article_url
           FROM changes WHERE source <> '*' ORDER BY reported_at DESC NULLS LAST, change_id DESC LIMIT ?""",
        [limit],
    )


def feed_overview(con: duckdb.DuckDBPyConnection) -> tuple[list[str], list[tuple]]:
    """Every feed with its polling state and article counts."""
    return run_query(
        con,
        """SELECT fd.name,
                  CASE WHEN fd.last_polled_at IS NULL THEN 'never polled'
                       WHEN fd.consecutive_failures >= 3 THEN 'failing'
                       WHEN fd.consecutive_failures > 0 THEN 'error'
                       ELSE 'ok' END AS state,
                  fd.last_status AS http, fd.consecutive_failures AS failures,
                  fd.last_polled_at, fd.last_success_at, fd.next_poll_at, fd.entries_total AS entries,
                  (SELECT count(*) FROM articles a WHERE a.feed_id = fd.feed_id AND a.relevant) AS relevant,
                  fd.last_error
           FROM feeds fd ORDER BY fd.consecutive_failures DESC, fd.name""",
    )


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of every table (used to check that a re-run adds nothing)."""
    counts = {}
    for table in ("feeds", "feed_entries", "articles", "figures", "change_log", "deliveries", "alerts"):
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
        counts[table] = int(row[0]) if row else 0
    return counts

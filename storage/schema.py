"""The DuckDB schema of nkwatch, and the migrations that step a file forward.

A fresh database is created at `SCHEMA_VERSION`; an older file is stepped
forward, one numbered migration after the other, in one transaction; a file
written by a newer nkwatch is refused. All times are stored as UTC in
`TIMESTAMP` columns (no time zone attached, always UTC).
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

SCHEMA_VERSION = 1

SCHEMA_V1 = """
-- One row: the schema version of this file.
CREATE TABLE schema_info (
    version     INTEGER NOT NULL,
    migrated_at TIMESTAMP NOT NULL
);

CREATE SEQUENCE feed_ids START 1;
CREATE SEQUENCE article_ids START 1;
CREATE SEQUENCE figure_ids START 1;
CREATE SEQUENCE change_ids START 1;
CREATE SEQUENCE delivery_ids START 1;

-- Every configured feed and its polling state.
CREATE TABLE feeds (
    feed_id              INTEGER PRIMARY KEY DEFAULT nextval('feed_ids'),
    name                 TEXT NOT NULL,
    url                  TEXT NOT NULL UNIQUE,
    lang                 TEXT NOT NULL DEFAULT '',
    title                TEXT NOT NULL DEFAULT '',   -- as the feed names itself
    etag                 TEXT,                       -- sent back as If-None-Match
    last_modified        TEXT,                       -- sent back as If-Modified-Since
    last_polled_at       TIMESTAMP,
    last_success_at      TIMESTAMP,
    last_status          INTEGER,                    -- HTTP status of the last poll
    last_error           TEXT,                       -- NULL when the last poll worked
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_poll_at         TIMESTAMP,                  -- not polled before this time
    entries_total        INTEGER NOT NULL DEFAULT 0  -- distinct entries ever seen
);

-- Every article we fetched (or tried to), once per canonical URL.
CREATE TABLE articles (
    article_id        INTEGER PRIMARY KEY DEFAULT nextval('article_ids'),
    url               TEXT NOT NULL,                 -- the link as the feed gave it
    canonical_url     TEXT NOT NULL UNIQUE,          -- de-duplication key
    final_url         TEXT,                          -- after redirects
    feed_id           INTEGER NOT NULL,              -- the first feed that listed it
    guid              TEXT NOT NULL,
    title             TEXT NOT NULL DEFAULT '',
    published_at      TIMESTAMP,                     -- UTC; feed date, else page date, else fetch time
    fetched_at        TIMESTAMP NOT NULL,
    lang              TEXT NOT NULL DEFAULT '',
    text              TEXT,
    content_hash      TEXT,                          -- sha256 of the text
    relevant          BOOLEAN,
    relevance_score   DOUBLE,
    status            TEXT NOT NULL,                 -- 'ok' or 'error'
    error             TEXT,                          -- why fetching or reading failed
    attempts          INTEGER NOT NULL DEFAULT 1,
    extractor_version TEXT
);

-- Which feed entries we have seen: a second poll never fetches them again.
CREATE TABLE feed_entries (
    feed_id       INTEGER NOT NULL,
    guid          TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    first_seen_at TIMESTAMP NOT NULL,
    PRIMARY KEY (feed_id, guid)
);

-- One row per figure per article (see figures-spec.md).
CREATE TABLE figures (
    figure_id         INTEGER PRIMARY KEY DEFAULT nextval('figure_ids'),
    article_id        INTEGER NOT NULL,
    metric            TEXT NOT NULL,
    value             BIGINT NOT NULL,
    high              BIGINT,                        -- high end of a stated range, else NULL
    qualifier         TEXT NOT NULL,
    source            TEXT NOT NULL,                 -- source code, '' when nobody is named
    quote             TEXT NOT NULL,                 -- the sentence it was read from
    quote_start       INTEGER NOT NULL,              -- offsets of the quote in articles.text
    quote_end         INTEGER NOT NULL,
    extractor_version TEXT NOT NULL,
    extracted_at      TIMESTAMP NOT NULL
);

-- The first report of each value a series has had. A series is one metric from
-- one source ('KR-NIS', ...), or the metric over all sources (source = '*').
CREATE TABLE change_log (
    change_id      INTEGER PRIMARY KEY DEFAULT nextval('change_ids'),
    metric         TEXT NOT NULL,
    source         TEXT NOT NULL,
    value          BIGINT NOT NULL,
    high           BIGINT,
    qualifier      TEXT NOT NULL,
    previous_value BIGINT,                           -- the latest other value before it in time
    previous_high  BIGINT,
    previous_at    TIMESTAMP,
    direction      TEXT NOT NULL,                    -- 'up', 'down' or 'first'
    figure_id      INTEGER NOT NULL,                 -- the first figure that reported it
    article_id     INTEGER NOT NULL,
    reported_at    TIMESTAMP,                        -- published time of that article (UTC)
    detected_at    TIMESTAMP NOT NULL
);

-- Messages to send (an outbox): written before sending, marked sent after.
CREATE TABLE deliveries (
    delivery_id     INTEGER PRIMARY KEY DEFAULT nextval('delivery_ids'),
    channel         TEXT NOT NULL,                   -- the channel's redacted name (no secrets)
    kind            TEXT NOT NULL,                   -- 'change', 'group' or 'backlog'
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL,                   -- 'pending', 'sent' or 'failed' (retried later)
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP,
    last_error      TEXT,
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP
);

-- One alert per change per channel, and the delivery that carries it.
CREATE TABLE alerts (
    change_id   INTEGER NOT NULL,
    channel     TEXT NOT NULL,
    delivery_id INTEGER NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (change_id, channel)
);

-- The entry point for analysts: one row per figure, with its article and feed.
CREATE VIEW figure_reports AS
SELECT
    f.metric,
    f.value,
    f.high,
    f.qualifier,
    f.source,
    f.quote,
    a.url           AS article_url,
    a.title         AS article_title,
    a.published_at,
    a.lang,
    fd.name         AS feed,
    a.fetched_at,
    f.quote_start,
    f.quote_end,
    f.extractor_version,
    f.figure_id,
    a.article_id
FROM figures f
JOIN articles a USING (article_id)
LEFT JOIN feeds fd ON fd.feed_id = a.feed_id;

-- Every report of every series value: per source, and again over all sources ('*').
CREATE VIEW series_reports AS
SELECT metric, source, value, high, qualifier, figure_id, article_id, article_url, feed, quote,
       coalesce(published_at, fetched_at) AS reported_at,
       regexp_extract(article_url, '^[a-z]+://([^/:?#]+)', 1) AS outlet
FROM figure_reports
UNION ALL
SELECT metric, '*', value, high, qualifier, figure_id, article_id, article_url, feed, quote,
       coalesce(published_at, fetched_at),
       regexp_extract(article_url, '^[a-z]+://([^/:?#]+)', 1)
FROM figure_reports;

-- Every distinct value of a series, in time order, with how widely it is carried.
CREATE VIEW figure_history AS
SELECT metric, source, value, high,
       min(reported_at) AS first_reported_at,
       max(reported_at) AS last_reported_at,
       count(DISTINCT article_id) AS articles,
       count(DISTINCT outlet) AS outlets
FROM series_reports
GROUP BY metric, source, value, high
ORDER BY metric, source, first_reported_at;

-- Changes with the article that first reported them and their corroboration.
CREATE VIEW changes AS
SELECT
    c.metric, c.source, c.previous_value, c.previous_high, c.value, c.high, c.qualifier, c.direction,
    c.reported_at, a.url AS article_url, a.title AS article_title, fd.name AS feed, f.quote,
    h.articles AS corroborations, h.outlets, c.previous_at, c.change_id, c.detected_at
FROM change_log c
JOIN articles a ON a.article_id = c.article_id
LEFT JOIN feeds fd ON fd.feed_id = a.feed_id
JOIN figures f ON f.figure_id = c.figure_id
LEFT JOIN figure_history h ON h.metric = c.metric AND h.source = c.source AND h.value = c.value
     AND h.high IS NOT DISTINCT FROM c.high;

-- Per series: its current value, the newest value first reported (a late
-- restatement of an old value does not turn it back).
CREATE VIEW latest_figures AS
SELECT metric, source, value, high, qualifier, previous_value, previous_high, direction,
       reported_at AS first_reported_at, article_url, article_title, feed, quote, corroborations, outlets
FROM (
    SELECT c.*, row_number() OVER (
        PARTITION BY metric, source ORDER BY reported_at DESC NULLS LAST, change_id DESC) AS rn
    FROM changes c
)
WHERE rn = 1;
"""


def _create_v1(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SCHEMA_V1)


# MIGRATIONS[n] takes a file at version n-1 to version n (n=1 creates it).
MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {
    1: _create_v1,
}

assert sorted(MIGRATIONS) == list(range(1, SCHEMA_VERSION + 1)), "migrations must be numbered 1..N"

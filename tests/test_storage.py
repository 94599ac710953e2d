"""Storage on real DuckDB files: migrations, idempotent writes, changes, views."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from storage import db, schema
from storage.records import ArticleRow, FeedPoll, FigureRow, SeenEntry

from conftest import NOW


def fig(metric: str, value: int, source: str = "KR-NIS", high: int | None = None, quote: str = "q") -> FigureRow:
    return FigureRow(metric, value, high, "approx", source, quote, 0, len(quote), "test")


def article(n: int, published: datetime, *figures: FigureRow, status: str = "ok", feed_id: int = 1) -> ArticleRow:
    return ArticleRow(url=f"http://news.example/{n}", canonical_url=f"http://news.example/{n}", feed_id=feed_id,
                      guid=f"g{n}", fetched_at=NOW, status=status, title=f"Article {n}",
                      published_at=published, text="text" if status == "ok" else None, relevant=status == "ok",
                      error=None if status == "ok" else "HTTP 500", figures=tuple(figures))


def test_fresh_file_is_created_at_latest_version(db_path: Path) -> None:
    with db.database(db_path, NOW) as con:
        assert db.schema_version(con) == schema.SCHEMA_VERSION
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"figure_reports", "latest_figures", "changes", "figure_history", "series_reports"} <= views


def test_older_file_is_stepped_forward(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with db.database(db_path, NOW):
        pass

    def add_column(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("ALTER TABLE feeds ADD COLUMN note TEXT DEFAULT 'migrated'")

    monkeypatch.setattr(schema, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setitem(schema.MIGRATIONS, schema.SCHEMA_VERSION, add_column)
    monkeypatch.setattr(db, "SCHEMA_VERSION", schema.SCHEMA_VERSION)
    with db.database(db_path, NOW) as con:
        db.sync_feeds(con, [("A", "http://a.example/feed", "en")])
        assert db.schema_version(con) == schema.SCHEMA_VERSION
        assert con.execute("SELECT note FROM feeds").fetchone() == ("migrated",)


def test_failed_migration_leaves_the_file_unchanged(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with db.database(db_path, NOW):
        pass

    def broken(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("ALTER TABLE feeds ADD COLUMN half_done TEXT")
        raise RuntimeError("boom")

    monkeypatch.setattr(db, "SCHEMA_VERSION", schema.SCHEMA_VERSION + 1)
    monkeypatch.setitem(schema.MIGRATIONS, schema.SCHEMA_VERSION + 1, broken)
    with pytest.raises(RuntimeError):
        with db.database(db_path, NOW):
            pass
    con = duckdb.connect(str(db_path))
    try:
        columns = {r[0] for r in con.execute("DESCRIBE feeds").fetchall()}
        assert "half_done" not in columns
        assert db.schema_version(con) == schema.SCHEMA_VERSION
    finally:
        con.close()


def test_newer_file_is_refused(db_path: Path) -> None:
    with db.database(db_path, NOW) as con:
        con.execute("UPDATE schema_info SET version = 99")
    with pytest.raises(db.SchemaTooNew, match="schema version 99"):
        with db.database(db_path, NOW):
            pass
    with pytest.raises(db.SchemaTooNew):
        with db.database(db_path, NOW, read_only=True):
            pass


def test_read_only_open_of_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(db.DatabaseMissing, match="nkwatch run"):
        with db.database(tmp_path / "absent.duckdb", NOW, read_only=True):
            pass
    assert not (tmp_path / "absent.duckdb").exists()


def test_writing_the_same_article_twice_adds_nothing(db_path: Path) -> None:
    rows = [article(1, datetime(2024, 10, 18), fig("troops_deployed", 1500)),
            article(2, datetime(2024, 11, 1), fig("troops_deployed", 10000))]
    entries = [SeenEntry(1, "g1", rows[0].canonical_url), SeenEntry(1, "g2", rows[1].canonical_url)]
    with db.database(db_path, NOW) as con:
        db.sync_feeds(con, [("Wire", "http://news.example/feed", "en")])
        assert db.store_articles(con, rows, entries, NOW) == (2, 2)
        db.refresh_changes(con, NOW)
        before = db.table_counts(con)
        assert db.store_articles(con, rows, entries, NOW) == (0, 0)
        assert db.refresh_changes(con, NOW) == []
        db.sync_feeds(con, [("Wire", "http://news.example/feed", "en")])
        assert db.table_counts(con) == before


def test_failed_article_is_replaced_by_a_later_success(db_path: Path) -> None:
    with db.database(db_path, NOW) as con:
        db.sync_feeds(con, [("Wire", "http://news.example/feed", "en")])
        db.store_articles(con, [article(1, datetime(2024, 10, 18), status="error")], [], NOW)
        assert db.article_states(con, ["http://news.example/1"]) == {"http://news.example/1": ("error", 1)}
        db.store_articles(con, [article(1, datetime(2024, 10, 18), fig("killed", 300))], [], NOW)
        assert db.article_states(con, ["http://news.example/1"]) == {"http://news.example/1": ("ok", 2)}
        assert db.table_counts(con)["articles"] == 1
        assert db.table_counts(con)["figures"] == 1


def test_changes_follow_publication_order_and_count_corroborations(db_path: Path) -> None:
    with db.database(db_path, NOW) as con:
        db.sync_feeds(con, [("Wire", "http://news.example/feed", "en")])
        db.store_articles(con, [article(1, datetime(2024, 10, 18), fig("troops_deployed", 1500))], [], NOW)
        first = db.refresh_changes(con, NOW)
        assert [(c.source, c.value, c.direction, c.previous_value) for c in first] == [
            ("*", 1500, "first", None), ("KR-NIS", 1500, "first", None)]
        db.store_articles(con, [
            article(2, datetime(2024, 12, 1), fig("troops_deployed", 11000), fig("troops_deployed", 1500)),
            article(3, datetime(2024, 11, 1), fig("troops_deployed", 10000, high=12000)),
            article(4, datetime(2025, 1, 5), fig("troops_deployed", 11000), fig("troops_deployed", 12000, "UA-GUR")),
        ], [], NOW)
        second = [c for c in db.refresh_changes(con, NOW) if c.source == "KR-NIS"]
        assert [(c.value, c.high, c.direction, c.previous_value) for c in second] == [
            (10000, 12000, "up", 1500),
            (11000, None, "up", 10000),
        ]
        rows = db.run_query(con, "SELECT source, value, corroborations FROM changes ORDER BY source, value")[1]
        assert rows == [("*", 1500, 2), ("*", 10000, 1), ("*", 11000, 2), ("*", 12000, 1),
                        ("KR-NIS", 1500, 2), ("KR-NIS", 10000, 1), ("KR-NIS", 11000, 2), ("UA-GUR", 12000, 1)]
        rows = db.run_query(con, "SELECT source, value FROM latest_figures ORDER BY source")[1]
        assert rows == [("*", 12000), ("KR-NIS", 11000), ("UA-GUR", 12000)]
        assert db.refresh_changes(con, NOW) == []


def test_a_late_article_is_placed_in_order_and_does_not_turn_the_value_back(db_path: Path) -> None:
    with db.database(db_path, NOW) as con:
        db.sync_feeds(con, [("Wire", "http://news.example/feed", "en")])
        db.store_articles(con, [article(1, datetime(2024, 10, 1), fig("killed", 100)),
                                article(2, datetime(2025, 1, 1), fig("killed", 300))], [], NOW)
        db.refresh_changes(con, NOW)
        # Published in December, arrives late: a new value between the two.
        db.store_articles(con, [article(3, datetime(2024, 12, 1), fig("killed", 200))], [], NOW)
        late = [c for c in db.refresh_changes(con, NOW) if c.source == "KR-NIS"]
        assert [(c.value, c.previous_value, c.direction) for c in late] == [(200, 100, "up")]
        # A late restatement of an old value is no change and does not turn the current value back.
        db.store_articles(con, [article(4, datetime(2025, 2, 1), fig("killed", 100))], [], NOW)
        assert db.refresh_changes(con, NOW) == []
        rows = db.run_query(con, """SELECT value, previous_value, corroborations FROM changes
                                    WHERE source = 'KR-NIS' ORDER BY reported_at""")[1]
        assert rows == [(100, None, 2), (200, 100, 1), (300, 200, 1)]
        assert db.run_query(con, "SELECT value FROM latest_figures WHERE source = 'KR-NIS'")[1] == [(300,)]
        history = db.run_query(con, """SELECT value, articles FROM figure_history
                                       WHERE source = 'KR-NIS' ORDER BY first_reported_at""")[1]
        assert history == [(100, 2), (200, 1), (300, 1)]


def test_figure_reports_has_the_documented_columns(db_path: Path) -> None:
    with db.database(db_path, NOW) as con:
        db.sync_feeds(con, [("Wire", "http://news.example/feed", "en")])
        db.store_articles(con, [article(1, datetime(2024, 10, 18), fig("killed", 300, quote="300 were killed."))], [], NOW)
        columns, rows = db.run_query(con, "SELECT * FROM figure_reports")
    for column in ("metric", "value", "high", "qualifier", "source", "quote", "article_url", "article_title",
                   "published_at", "lang", "feed"):
        assert column in columns
    row = dict(zip(columns, rows[0]))
    assert (row["metric"], row["value"], row["feed"], row["quote"]) == ("killed", 300, "Wire", "300 were killed.")


def test_feed_polls_count_failures_and_reset_on_success(db_path: Path) -> None:
    with db.database(db_path, NOW) as con:
        (feed,) = db.sync_feeds(con, [("Wire", "http://news.example/feed", "en")])
        db.record_polls(con, [FeedPoll(feed.feed_id, NOW, 500, "HTTP 500")])
        db.record_polls(con, [FeedPoll(feed.feed_id, NOW, 500, "HTTP 500")])
        (feed,) = db.sync_feeds(con, [("Wire", "http://news.example/feed", "en")])
        assert (feed.consecutive_failures, feed.last_error) == (2, "HTTP 500")
        db.record_polls(con, [FeedPoll(feed.feed_id, NOW, 200, None, etag='"v1"')])
        (feed,) = db.sync_feeds(con, [("Wire", "http://news.example/feed", "en")])
        assert (feed.consecutive_failures, feed.last_error, feed.etag) == (0, None, '"v1"')


def test_second_writer_gets_a_clear_error(db_path: Path) -> None:
    with db.database(db_path, NOW):
        import subprocess
        import sys

        code = ("import sys; from datetime import datetime; from storage import db\n"
                "try:\n    db.database(sys.argv[1], datetime.now()).__enter__()\n"
                "except db.DatabaseBusy as e:\n    print('busy:', e)\n")
        out = subprocess.run([sys.executable, "-c", code, str(db_path)], capture_output=True, text=True,
                             cwd=Path(__file__).resolve().parents[1], timeout=60)
    assert "busy:" in out.stdout, out.stderr

"""The real flow, under Prefect's test harness, against real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from flows.config import Config, FeedConfig
from flows.pipeline import run_with_config
from storage import db

from conftest import NOW

pytestmark = pytest.mark.usefixtures("prefect_harness")


def stored(db_path: Path, sql: str) -> list[tuple]:
    with db.database(db_path, NOW, read_only=True) as con:
        return db.run_query(con, sql)[1]


def gold_by_url(site) -> dict[str, set[tuple]]:
    return {f"{site.base}/articles/{a['slug']}.html": {(f["metric"], f["value"], f["high"], f["source"]) for f in a["figures"]}
            for a in site.manifest["articles"]}


def test_run_stores_the_figures_of_relevant_articles_and_a_rerun_adds_nothing(demo_site, db_path: Path) -> None:
    demo_site.round = 2
    config = demo_site.config(db_path)
    summary = run_with_config(config)
    articles = demo_site.manifest["articles"]
    assert summary.errors == []
    assert summary.articles_new == len(articles)

    found: dict[str, set[tuple]] = {}
    for url, metric, value, high, source in stored(
            db_path, "SELECT article_url, metric, value, high, source FROM figure_reports"):
        found.setdefault(url, set()).add((metric, value, high, source))
    gold = gold_by_url(demo_site)
    true_positive = sum(len(found.get(url, set()) & figures) for url, figures in gold.items())
    gold_total = sum(len(f) for f in gold.values())
    found_total = sum(len(f) for f in found.values())
    assert true_positive / gold_total >= 0.85, (true_positive, gold_total)
    assert true_positive / found_total >= 0.85, (true_positive, found_total)
    for url, figures in gold.items():
        if figures:
            assert found.get(url), f"no figure stored for {url}"
        else:
            assert not found.get(url), f"figures stored for {url}, which states none"

    relevant = {url for (url,) in stored(db_path, "SELECT url FROM articles WHERE relevant")}
    expected_relevant = {f"{demo_site.base}/articles/{a['slug']}.html" for a in articles if a["relevant"]}
    assert relevant == expected_relevant

    columns = ("metric, value, high, qualifier, source, quote, article_url, article_title, published_at, lang, feed")
    rows = stored(db_path, f"SELECT {columns} FROM figure_reports")
    assert all(row[5] and row[7] and row[8] and row[9] and row[10] for row in rows)

    with db.database(db_path, NOW, read_only=True) as con:
        before = db.table_counts(con)
    page_hits = {p: n for p, n in demo_site.hits.items() if p.startswith("/articles/")}
    again = run_with_config(config)
    assert (again.articles_new, again.figures, len(again.changes)) == (0, 0, 0)
    assert again.feeds_not_modified == len(config.feeds) == demo_site.not_modified  # conditional requests
    with db.database(db_path, NOW, read_only=True) as con:
        assert db.table_counts(con) == before
    assert {p: n for p, n in demo_site.hits.items() if p.startswith("/articles/")} == page_hits


def test_second_round_fetches_only_new_articles_and_records_changes(demo_site, db_path: Path) -> None:
    config = demo_site.config(db_path)
    demo_site.round = 1
    first = run_with_config(config)
    round_one = [a for a in demo_site.manifest["articles"] if a["round"] == 1]
    assert first.articles_new == len(round_one)
    assert first.changes and all(c.direction == "first" or c.previous_value is not None for c in first.changes)

    demo_site.round = 2
    second = run_with_config(config)
    assert second.articles_new == len(demo_site.manifest["articles"]) - len(round_one)
    assert all(n == 1 for p, n in demo_site.hits.items() if p.startswith("/articles/"))
    assert any(c.direction in ("up", "down") for c in second.changes)
    latest = dict(((m, s), v) for m, s, v in stored(db_path, "SELECT metric, source, value FROM latest_figures"))
    # The spy agency's casualty count rose over the months; the latest value is the newest one reported.
    nis_casualties = [(f["value"], a["published"]) for a in demo_site.manifest["articles"]
                      for f in a["figures"] if (f["metric"], f["source"]) == ("casualties", "KR-NIS")]
    newest = max(nis_casualties, key=lambda pair: pair[1])[0]
    assert latest.get(("casualties", "KR-NIS")) == newest


def test_bad_feeds_and_pages_are_recorded_and_the_run_goes_on(demo_site, server, db_path: Path) -> None:
    demo_site.round = 2
    good = demo_site.config(db_path)
    server.static("/down.xml", b"internal error", status=500)
    server.static("/page.xml", b"<!doctype html><html><body><p>This is a web page, not a feed.</p></body></html>")
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Odd</title>
<item><title>Broken</title><link>{server.url('/a500.html')}</link></item>
<item><title>Binary</title><link>{server.url('/binary.html')}</link></item>
<item><title>File</title><link>file:///etc/passwd</link></item>
</channel></rss>""".encode()
    server.static("/odd.xml", feed, content_type="application/rss+xml")
    server.static("/a500.html", b"oops", status=500)
    server.static("/binary.html", bytes(range(256)) * 40, content_type="application/octet-stream")
    extra = (FeedConfig("Down", server.url("/down.xml")), FeedConfig("Not a feed", server.url("/page.xml")),
             FeedConfig("Odd", server.url("/odd.xml")))
    config = Config(db=db_path, feeds=good.feeds + extra, fetch=replace(good.fetch, max_connections=4))
    summary = run_with_config(config)

    errors = dict(summary.errors)
    assert errors["Down"].startswith("HTTP 500")
    assert errors["Not a feed"].startswith("not a feed")
    feed_errors = dict(stored(db_path, "SELECT name, last_error FROM feeds WHERE last_error IS NOT NULL"))
    assert set(feed_errors) == {"Down", "Not a feed"}
    article_errors = dict(stored(db_path, "SELECT url, error FROM articles WHERE status = 'error'"))
    assert article_errors[server.url("/a500.html")].startswith("HTTP 500")
    assert "not an HTML page" in article_errors[server.url("/binary.html")]
    (file_error,) = [error for url, error in article_errors.items() if url.startswith("file:")]
    assert "scheme" in file_error
    ok = stored(db_path, "SELECT count(*) FROM articles WHERE status = 'ok'")[0][0]
    assert ok == len(demo_site.manifest["articles"])


def test_the_run_command_with_a_config_file(demo_site, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from flows.cli import main

    demo_site.round = 1
    feeds = "".join(f'[[feeds]]\nname = "{f.name}"\nurl = "{f.url}"\nlang = "{f.lang}"\n' for f in demo_site.feeds())
    config = tmp_path / "local.toml"
    config.write_text(f'db = "run.duckdb"\n[fetch]\nallow_networks = ["127.0.0.1/32"]\n{feeds}', encoding="utf-8")
    assert main(["run", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    round_one = sum(1 for a in demo_site.manifest["articles"] if a["round"] == 1)
    assert re.search(rf"new articles\s+{round_one}\b", out), out
    assert main(["sql", "--config", str(config), "--format", "csv", "SELECT count(*) AS n FROM figure_reports"]) == 0
    assert int(capsys.readouterr().out.splitlines()[1]) > 0
    assert main(["run", "--config", str(config)]) == 0
    assert re.search(r"new articles\s+0\b", capsys.readouterr().out)

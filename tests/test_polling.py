"""Polling over misbehaving servers: errors recorded per feed or article, the rest of the run goes on."""

from __future__ import annotations

import gzip
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from flows.config import Config, FeedConfig, FetchConfig
from flows.pipeline import run_with_config
from storage import db

from conftest import NOW

pytestmark = pytest.mark.usefixtures("prefect_harness")

FETCH = FetchConfig(allow_networks=("127.0.0.1/32",), timeout_seconds=1.0, deadline_seconds=3.0, max_bytes=500_000)


def rss(*items: tuple[str, str]) -> bytes:
    body = "".join(f"<item><title>t</title><link>{link}</link><guid>{guid}</guid></item>" for guid, link in items)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{body}</channel></rss>'.encode()


def page(text: str, charset_meta: str = "") -> str:
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    return (f"<html><head>{meta}<title>Story</title></head><body><article><h1>Story</h1>"
            f"<p>{text}</p><p>{text}</p></article></body></html>")


def query(db_path: Path, sql: str) -> list[tuple]:
    with db.database(db_path, NOW, read_only=True) as con:
        return db.run_query(con, sql)[1]


def test_the_same_story_is_fetched_once(server, db_path: Path) -> None:
    server.static("/story.html", page("A story about the weather in Seoul, with rain expected all week long."))
    server.static("/one.xml", rss(("g1", server.url("/story.html?utm_source=one"))), "application/rss+xml")
    server.static("/two.xml", rss(("other-guid", server.url("/story.html#top"))), "application/rss+xml")
    config = Config(db=db_path, feeds=(FeedConfig("One", server.url("/one.xml")), FeedConfig("Two", server.url("/two.xml"))),
                    fetch=FETCH)
    summary = run_with_config(config)
    assert summary.articles_new == 1 and server.hits["/story.html"] == 1
    assert query(db_path, "SELECT count(*) FROM feed_entries") == [(2,)]
    # Re-posted with a new GUID: known by its canonical URL, not fetched again.
    server.static("/one.xml", rss(("g1-repost", server.url("/story.html?utm_medium=rss"))), "application/rss+xml")
    run_with_config(config)
    assert server.hits["/story.html"] == 1
    assert query(db_path, "SELECT count(*) FROM articles") == [(1,)]


def test_misbehaving_servers_are_recorded_and_good_feeds_still_stored(server, db_path: Path) -> None:
    good_text = "Officials discussed the regional economy and new trade rules at length on Monday."
    server.static("/good.html", page(good_text))
    cyrillic = "Правительство обсудило бюджет на следующий год и новые налоговые правила для малого бизнеса."
    server.static("/cp1251.html", page(cyrillic).encode("cp1251"), content_type="text/html")
    french = "Le gouvernement a présenté un budget très détaillé, élaboré après des échanges approfondis."
    server.static("/latin1.html", page(french, "utf-8").encode("latin-1"), content_type="text/html; charset=utf-8")
    server.static("/good.xml", rss(("a", server.url("/good.html")), ("b", server.url("/cp1251.html")),
                                   ("c", server.url("/latin1.html")), ("d", server.url("/loop-a.html")),
                                   ("e", server.url("/to-private.html")), ("f", server.url("/bomb.html")),
                                   ("g", server.url("/pdf.html"))), "application/rss+xml")
    port = server.base.rsplit(":", 1)[1]
    server.static("/loop-a.html", b"", status=302, headers={"Location": "/loop-b.html"})
    server.static("/loop-b.html", b"", status=302, headers={"Location": "/loop-a.html"})
    server.static("/to-private.html", b"", status=301, headers={"Location": f"http://127.0.0.2:{port}/x.html"})
    server.static("/bomb.html", gzip.compress(b"<p>" + b"a" * 20_000_000), headers={"Content-Encoding": "gzip"})
    server.static("/pdf.html", b"%PDF-1.7\n" + bytes(range(256)) * 10, content_type="application/pdf")

    server.static("/busy.xml", b"", status=429, headers={"Retry-After": "3600"})
    server.static("/down.xml", b"", status=503)
    server.static("/broken.xml", b"server error", status=500)

    def stall(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", "100")
        handler.end_headers()
        time.sleep(5)

    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.end_headers()
        for _ in range(2000):
            handler.wfile.write(b"<item>" * 2000)

    server.routes["/stall.xml"] = stall
    server.routes["/endless.xml"] = endless
    server.static("/binary.xml", bytes(range(256)) * 100, content_type="application/octet-stream")
    names = ["good", "busy", "down", "broken", "stall", "endless", "binary"]
    config = Config(db=db_path, feeds=tuple(FeedConfig(n, server.url(f"/{n}.xml")) for n in names), fetch=FETCH)
    summary = run_with_config(config)

    feed_errors = dict(query(db_path, "SELECT name, last_error FROM feeds WHERE last_error IS NOT NULL"))
    assert feed_errors["busy"].startswith("HTTP 429")
    assert feed_errors["down"].startswith("HTTP 503")
    assert feed_errors["broken"].startswith("HTTP 500")
    assert "timed out" in feed_errors["stall"] or "deadline" in feed_errors["stall"]
    assert "larger than the cap" in feed_errors["endless"] or "deadline" in feed_errors["endless"]
    assert feed_errors["binary"].startswith("not a feed")
    assert "good" not in feed_errors
    (busy_next,) = query(db_path, "SELECT next_poll_at - last_polled_at FROM feeds WHERE name = 'busy'")[0]
    assert busy_next >= timedelta(seconds=3600)

    articles = {url.rsplit("/", 1)[1]: (status, error, text)
                for url, status, error, text in query(db_path, "SELECT url, status, error, text FROM articles")}
    assert articles["good.html"][0] == "ok" and good_text in articles["good.html"][2]
    assert articles["cp1251.html"][0] == "ok" and "Правительство" in articles["cp1251.html"][2]
    assert articles["latin1.html"][0] == "ok" and "gouvernement" in articles["latin1.html"][2]
    assert "redirect loop" in articles["loop-a.html"][1]
    assert articles["to-private.html"][1].startswith("refused 127.0.0.2")
    assert "larger than the cap" in articles["bomb.html"][1]
    assert "not an HTML page" in articles["pdf.html"][1]
    where = {w.rsplit("/", 1)[-1] for w, _ in summary.errors}
    assert {"busy", "down", "broken", "stall", "endless", "binary", "loop-a.html", "bomb.html"} <= where


def test_failing_feeds_back_off_and_are_marked(server, db_path: Path) -> None:
    server.static("/broken.xml", b"", status=500)
    server.static("/ok.xml", rss(), "application/rss+xml")
    config = Config(db=db_path, feeds=(FeedConfig("broken", server.url("/broken.xml")),
                                       FeedConfig("ok", server.url("/ok.xml"))), fetch=FETCH)
    run_with_config(config)
    second = run_with_config(config)
    assert second.feeds_not_due == 1 and server.hits["/broken.xml"] == 1  # backing off
    from flows.pipeline import nkwatch_run  # noqa: F401  (the public flow; force is its parameter)
    from flows.pipeline import run_pipeline
    from prefect import flow

    @flow
    def forced() -> None:
        run_pipeline(config, force=True)

    forced()
    forced()
    assert server.hits["/broken.xml"] == 3
    with db.database(db_path, NOW, read_only=True) as con:
        columns, rows = db.feed_overview(con)
    states = {row[0]: dict(zip(columns, row)) for row in rows}
    assert states["broken"]["state"] == "failing" and states["broken"]["failures"] == 3
    assert states["ok"]["state"] == "ok"

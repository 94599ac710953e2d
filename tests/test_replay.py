"""Replaying dated articles in rounds, out of order too: the exact changes, directions and corroborations."""

from __future__ import annotations

from email.utils import format_datetime
from datetime import datetime, timezone
from pathlib import Path

import pytest

from flows.config import Config, FeedConfig, FetchConfig
from flows.pipeline import run_with_config
from storage import db

from conftest import NOW

pytestmark = pytest.mark.usefixtures("prefect_harness")

FILLER = ("The assessment was shared with lawmakers at a closed-door briefing in Seoul. "
          "Officials did not say how the estimate had been reached.")

# slug: (published, sentence); each is the only figure of its article.
ARTICLES = {
    "a": (datetime(2024, 10, 18, 8), "South Korea's National Intelligence Service said about 1,500 North Korean "
                                     "troops have been sent to Russia."),
    "b": (datetime(2024, 11, 13, 8), "South Korea's National Intelligence Service said about 11,000 North Korean "
                                     "troops are now deployed in Russia."),
    "c": (datetime(2025, 1, 13, 8), "South Korea's National Intelligence Service said about 11,000 North Korean "
                                    "troops are deployed in Russia, unchanged from its earlier estimate."),
    "d": (datetime(2025, 4, 3, 8), "South Korea's National Intelligence Service said about 15,000 North Korean "
                                   "troops are now deployed in Russia."),
    "e": (datetime(2024, 12, 20, 8), "South Korea's National Intelligence Service said about 12,000 North Korean "
                                     "troops are deployed in Russia."),
    "f": (datetime(2025, 5, 1, 8), "South Korea's National Intelligence Service said about 15,000 North Korean "
                                   "troops are deployed in Russia."),
}


def serve(server, slugs: list[str]) -> None:
    items = ""
    for slug in slugs:
        published, sentence = ARTICLES[slug]
        html = (f"<html lang='en'><head><title>Seoul on North Korean troops ({slug})</title></head><body>"
                f"<article><h1>Seoul updates its count of North Korean troops in Russia</h1>"
                f"<p>{sentence} {FILLER}</p><p>{FILLER}</p></article></body></html>")
        server.static(f"/{slug}.html", html)
        items += (f"<item><title>{slug}</title><link>{server.url(f'/{slug}.html')}</link><guid>{slug}</guid>"
                  f"<pubDate>{format_datetime(published.replace(tzinfo=timezone.utc))}</pubDate></item>")
    server.static("/feed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>Replay</title>{items}'
                               f"</channel></rss>", "application/rss+xml")


def nis_changes(db_path: Path) -> list[tuple]:
    with db.database(db_path, NOW, read_only=True) as con:
        return db.run_query(con, """SELECT value, previous_value, direction, CAST(reported_at AS DATE), corroborations
                                    FROM changes WHERE metric = 'troops_deployed' AND source = 'KR-NIS'
                                    ORDER BY reported_at""")[1]


def test_replay_in_rounds_and_out_of_order(server, db_path: Path) -> None:
    config = Config(db=db_path, feeds=(FeedConfig("Replay", server.url("/feed.xml"), "en"),),
                    fetch=FetchConfig(allow_networks=("127.0.0.1/32",)))
    d = lambda *ymd: datetime(*ymd).date()  # noqa: E731

    serve(server, ["a", "b", "c"])
    first = run_with_config(config)
    assert [(c.value, c.direction) for c in first.changes if c.source == "KR-NIS"] == [(1500, "first"), (11000, "up")]
    assert nis_changes(db_path) == [(1500, None, "first", d(2024, 10, 18), 1), (11000, 1500, "up", d(2024, 11, 13), 2)]

    serve(server, ["a", "b", "c", "d"])
    second = run_with_config(config)
    assert [(c.value, c.previous_value, c.direction) for c in second.changes if c.source == "KR-NIS"] == [(15000, 11000, "up")]

    serve(server, ["a", "b", "c", "d", "e", "f"])  # e was published in December: it arrives late
    third = run_with_config(config)
    assert [(c.value, c.previous_value, c.direction) for c in third.changes if c.source == "KR-NIS"] == [(12000, 11000, "up")]
    assert nis_changes(db_path) == [
        (1500, None, "first", d(2024, 10, 18), 1),
        (11000, 1500, "up", d(2024, 11, 13), 2),
        (12000, 11000, "up", d(2024, 12, 20), 1),
        (15000, 12000, "up", d(2025, 4, 3), 2),
    ]
    with db.database(db_path, NOW, read_only=True) as con:
        latest = db.run_query(con, "SELECT value, corroborations FROM latest_figures "
                                   "WHERE metric = 'troops_deployed' AND source = 'KR-NIS'")[1]
        before = db.table_counts(con)
    assert latest == [(15000, 2)]

    again = run_with_config(config)  # re-running a round adds nothing
    assert again.changes == [] and again.articles_new == 0
    with db.database(db_path, NOW, read_only=True) as con:
        assert db.table_counts(con) == before

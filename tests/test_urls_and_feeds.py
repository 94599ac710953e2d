"""URL canonical forms and feed parsing (pure; feedparser only ever sees bytes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.feeds import parse_feed, unwrap_aggregator_link
from extractors.urls import UnsafeURL, canonical_url, check_url_syntax


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://News.Example/a/b?utm_source=rss&id=7#top", "https://news.example/a/b?id=7"),
        ("https://news.example:443/a?b=2&a=1&fbclid=x", "https://news.example/a?a=1&b=2"),
        ("https://amp.news.example/a/amp/", "https://news.example/a/"),
        ("https://news.example/a.amp", "https://news.example/a"),
        ("http://news.example:8080/a?amp=1", "http://news.example:8080/a"),
    ],
)
def test_canonical_url_drops_tracking_and_amp(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://news.example/x", "http://user@127.0.0.1/", "http://news.example\\@evil.example/",
     "javascript:alert(1)", "http:///nohost", "http://news.example:99999/"],
)
def test_unsafe_urls_are_refused(url: str) -> None:
    with pytest.raises(UnsafeURL):
        check_url_syntax(url)


RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Wire</title><ttl>30</ttl>
<item><title>One</title><link>https://news.example/1?utm_medium=rss</link><guid>g-1</guid>
<pubDate>Mon, 13 Jan 2025 09:00:00 +0900</pubDate></item>
<item><title>Two</title><link>/relative/2</link></item>
<item><title>No link at all</title></item>
</channel></rss>"""


def test_rss_entries_links_dates_and_ttl() -> None:
    feed = parse_feed(RSS, "https://news.example/feed.xml")
    assert not feed.error
    assert feed.title == "Wire" and feed.ttl_minutes == 30
    assert [e.url for e in feed.entries] == ["https://news.example/1?utm_medium=rss", "https://news.example/relative/2"]
    assert feed.entries[0].guid.endswith("g-1")
    assert feed.entries[0].published is not None and feed.entries[0].published.isoformat() == "2025-01-13T00:00:00+00:00"


def test_html_is_not_a_feed() -> None:
    result = parse_feed(b"<!doctype html><html><body><p>Hello</p></body></html>", "https://news.example/")
    assert result.error.startswith("not a feed")
    assert result.entries == ()


def test_ill_formed_feed_yields_what_can_be_recovered() -> None:
    broken = RSS.replace(b"</channel></rss>", b"<item><title>Three & four</title><link>https://news.example/3</link></item>")
    result = parse_feed(broken, "https://news.example/feed.xml")
    assert not result.error
    assert "https://news.example/3" in [e.url for e in result.entries]


def test_feed_content_that_looks_like_a_path_is_not_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(RSS)
    result = parse_feed(str(secret).encode(), "https://news.example/feed.xml")
    assert result.entries == ()


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    sentinel = tmp_path / "sentinel.txt"
    sentinel.write_text("SENTINEL-SECRET-7731")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{sentinel}">]>
<rss version="2.0"><channel><title>T &xxe;</title>
<item><title>Item &xxe;</title><link>https://news.example/1</link><description>&xxe;</description></item>
</channel></rss>""".encode()
    result = parse_feed(body, "https://news.example/feed.xml")
    dumped = repr(result)
    assert "SENTINEL-SECRET-7731" not in dumped


def test_billion_laughs_does_not_expand() -> None:
    levels = "".join(f'<!ENTITY l{i} "{"&l%d;" % (i - 1) * 10}">' for i in range(1, 10))
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY l0 "lol">{levels}]>
<rss version="2.0"><channel><title>&l9;</title>
<item><title>x</title><link>https://news.example/1</link></item></channel></rss>""".encode()
    result = parse_feed(body, "https://news.example/feed.xml")
    assert len(repr(result)) < 100_000


def test_bing_news_links_are_unwrapped() -> None:
    link = ("http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=1&url=https%3a%2f%2fnews.example%2f"
            "story%3fid%3d9&c=1&mkt=en-us")
    assert unwrap_aggregator_link(link) == "https://news.example/story?id=9"
    assert unwrap_aggregator_link("http://www.bing.com/news/apiclick.aspx?url=javascript%3aalert(1)").startswith("http://www.bing.com")


def test_update_hints_set_the_poll_interval() -> None:
    sy = RSS.replace(b"<ttl>30</ttl>", b"").replace(
        b'<rss version="2.0">', b'<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">'
    ).replace(b"<title>Wire</title>", b"<title>Wire</title><sy:updatePeriod>hourly</sy:updatePeriod>"
              b"<sy:updateFrequency>2</sy:updateFrequency>")
    assert parse_feed(sy, "https://news.example/feed.xml").ttl_minutes == 30
    week = RSS.replace(b"<ttl>30</ttl>", b"<ttl>10080</ttl>")
    assert parse_feed(week, "https://news.example/feed.xml").ttl_minutes == 24 * 60

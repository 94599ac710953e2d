"""`nkwatch demo`: bundled sample feeds and articles served from 127.0.0.1, two polling rounds.

The pages in `demo_data/pages/` were written for this project. The feeds are
generated from `demo_data/manifest.json` for the current round: round 1
lists the older articles only, round 2 lists all of them, so the second run
finds new articles and the figures change.
"""

from __future__ import annotations

import hashlib
import json
import sys
import threading
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from flows.config import Config, FeedConfig, FetchConfig
from flows.output import render


def load_manifest() -> dict[str, Any]:
    """The demo's feeds and articles, with the gold figures of each article."""
    text = resources.files("flows").joinpath("demo_data/manifest.json").read_text(encoding="utf-8")
    return json.loads(text)


def page_bytes(slug: str) -> bytes:
    return resources.files("flows").joinpath(f"demo_data/pages/{slug}.html").read_bytes()


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def render_feed(feed: dict[str, Any], articles: list[dict[str, Any]], base: str) -> bytes:
    """An RSS 2.0 or Atom document listing `articles` (newest first)."""
    items = sorted(articles, key=lambda a: a["published"], reverse=True)
    title = escape(feed.get("title") or feed["name"])
    if feed.get("format") == "atom":
        updated = items[0]["published"] if items else "2024-10-01T00:00:00Z"
        entries = "".join(
            f"""
  <entry>
    <title>{escape(a['title'])}</title>
    <link rel="alternate" href="{base}/articles/{a['slug']}.html"/>
    <id>{base}/articles/{a['slug']}.html</id>
    <published>{a['published']}</published>
    <updated>{a['published']}</updated>
    <summary>{escape(a.get('summary', ''))}</summary>
  </entry>"""
            for a in items
        )
        return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{feed.get('lang', '')}">
  <title>{title}</title>
  <id>{base}{feed['path']}</id>
  <link rel="self" href="{base}{feed['path']}"/>
  <updated>{updated}</updated>{entries}
</feed>
""".encode("utf-8")
    entries = "".join(
        f"""
    <item>
      <title>{escape(a['title'])}</title>
      <link>{base}/articles/{a['slug']}.html</link>
      <guid isPermaLink="true">{base}/articles/{a['slug']}.html</guid>
      <pubDate>{format_datetime(_when(a['published']))}</pubDate>
      <description>{escape(a.get('summary', ''))}</description>
    </item>"""
        for a in items
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>{title}</title>
    <link>{base}/</link>
    <description>{escape(feed.get('description', ''))}</description>
    <language>{feed.get('lang', '')}</language>{entries}
  </channel>
</rss>
""".encode("utf-8")


@dataclass
class DemoSite:
    """A local HTTP server for the demo feeds and pages. Use as a context manager."""

    round: int = 1
    hits: dict[str, int] = field(default_factory=dict)
    not_modified: int = 0
    manifest: dict[str, Any] = field(default_factory=load_manifest)

    def __post_init__(self) -> None:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                path = self.path.split("?", 1)[0]
                with site._lock:
                    site.hits[path] = site.hits.get(path, 0) + 1
                body, content_type = site.resolve(path)
                if body is None:
                    self.send_error(404, "not found")
                    return
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    with site._lock:
                        site.not_modified += 1
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="demo-site", daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def articles(self, feed_path: str | None = None) -> list[dict[str, Any]]:
        """The articles listed in the current round (of one feed, when given)."""
        return [a for a in self.manifest["articles"]
                if a["round"] <= self.round and (feed_path is None or a["feed"] == feed_path)]

    def resolve(self, path: str) -> tuple[bytes | None, str]:
        for feed in self.manifest["feeds"]:
            if feed["path"] == path:
                kind = "application/atom+xml" if feed.get("format") == "atom" else "application/rss+xml"
                return render_feed(feed, self.articles(path), self.base), f"{kind}; charset=utf-8"
        if path.startswith("/articles/") and path.endswith(".html"):
            slug = path[len("/articles/"):-len(".html")]
            if any(a["slug"] == slug for a in self.manifest["articles"]):
                return page_bytes(slug).replace(b"__BASE__", self.base.encode()), "text/html; charset=utf-8"
        return None, ""

    def feeds(self) -> tuple[FeedConfig, ...]:
        return tuple(FeedConfig(name=f["name"], url=self.base + f["path"], lang=f.get("lang", ""))
                     for f in self.manifest["feeds"])

    def config(self, db: Path) -> Config:
        return Config(db=db, feeds=self.feeds(), fetch=FetchConfig(allow_private_hosts=True),
                      source="<demo>")

    def __enter__(self) -> DemoSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _show(title: str, columns: list[str], rows: list[tuple]) -> None:
    print(f"\n== {title}")
    print(render(columns, rows, max_width=48))


def run_demo(db: Path) -> int:
    """Serve the sample, run the real flow twice, print figures and changes."""
    from flows.cli import print_summary
    from flows.pipeline import run_with_config, utcnow
    from storage.db import database, recent_changes, run_query

    for stale in (db, db.with_name(db.name + ".wal")):
        if stale.exists():
            print(f"nkwatch demo: replacing the earlier demo database {stale}", file=sys.stderr)
            stale.unlink()
    with DemoSite() as site:
        config = site.config(db)
        counts = {r: sum(1 for a in site.manifest["articles"] if a["round"] <= r) for r in (1, 2)}
        print(f"nkwatch demo: serving {len(config.feeds)} feeds and {counts[2]} articles on {site.base}", file=sys.stderr)
        print("nkwatch demo: starting Prefect (a temporary local server; ~10 s)", file=sys.stderr)
        for round_ in (1, 2):
            site.round = round_
            print(f"\n#### Round {round_}: the feeds list {counts[round_]} articles", flush=True)
            summary = run_with_config(config)
            print_summary(summary)
            changes = [c for c in summary.changes if c.source != "*"]
            if changes:
                rows = [(c.metric, c.source or "(none)", c.previous_value, c.value, c.high, c.direction,
                         c.reported_at.date() if c.reported_at else None) for c in changes]
                _show(f"changes recorded in round {round_}",
                      ["metric", "source", "was", "now", "high", "direction", "reported"], rows)
    with database(db, utcnow(), read_only=True) as con:
        _show("current figures (latest_figures)",
              *run_query(con, """SELECT metric, CASE source WHEN '' THEN '(unnamed)' ELSE source END AS source,
                                        value, high, qualifier, previous_value AS was,
                                        CAST(first_reported_at AS DATE) AS since, corroborations AS articles
                                 FROM latest_figures WHERE source <> '*' ORDER BY metric, source"""))
        _show("most recent changes (nkwatch changes)", *recent_changes(con, 10))
    print(f"\nThe demo database is {db}. Try:\n"
          f"  nkwatch sql --db {db} \"SELECT metric, value, qualifier, source, published_at, quote "
          f"FROM figure_reports ORDER BY published_at\"")
    return 0

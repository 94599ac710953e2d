"""Benchmark: N feeds x M articles served from 127.0.0.1, polled by the real flow, cold then warm.

Usage: python scripts/bench_polling.py [--feeds N] [--articles M] [--connections C]

Prints requests made, bytes received, wall time and articles per second for
the first (cold) run and a second run over unchanged feeds (warm: conditional
requests, nothing fetched again). Prefect runs with a private temporary home.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="nkwatch-bench-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

PARAGRAPH = ("The regional assembly debated the budget for schools, roads and hospitals for several hours on "
             "Tuesday, and the opposition asked for more detail on the costs of the new tram line. ")


def article(feed: int, n: int) -> bytes:
    body = "".join(f"<p>{PARAGRAPH * 2}Item {feed}-{n}, paragraph {p}.</p>" for p in range(8))
    return (f"<html lang='en'><head><title>Story {feed}-{n}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Story {feed}-{n}</h1>{body}</article><footer>Footer</footer></body></html>").encode()


def feed_xml(base: str, feed: int, articles: int) -> bytes:
    items = "".join(f"<item><title>Story {feed}-{n}</title><link>{base}/a/{feed}/{n}.html</link>"
                    f"<guid>{feed}-{n}</guid></item>" for n in range(articles))
    return f"<?xml version='1.0'?><rss version='2.0'><channel><title>F{feed}</title>{items}</channel></rss>".encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--articles", type=int, default=25)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()

    stats = {"requests": 0, "bytes": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            stats["requests"] += 1
            parts = self.path.strip("/").split("/")
            base = f"http://{self.headers['Host']}"
            if parts[0] == "f":
                body = feed_xml(base, int(parts[1].split(".")[0]), args.articles)
            elif parts[0] == "a":
                body = article(int(parts[1]), int(parts[2].split(".")[0]))
            else:
                self.send_error(404)
                return
            etag = '"' + hashlib.md5(body).hexdigest() + '"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html" if parts[0] == "a" else "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)
            stats["bytes"] += len(body)

        def log_message(self, *a: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"

    from flows.config import Config, FeedConfig, FetchConfig
    from flows.pipeline import run_with_config

    db = Path(tempfile.mkdtemp(prefix="nkwatch-bench-db-")) / "bench.duckdb"
    config = Config(db=db, feeds=tuple(FeedConfig(f"F{i}", f"{base}/f/{i}.xml") for i in range(args.feeds)),
                    fetch=FetchConfig(allow_networks=("127.0.0.1/32",), max_connections=args.connections,
                                      max_per_host=args.connections))
    print(f"{args.feeds} feeds x {args.articles} articles = {args.feeds * args.articles} articles, "
          f"{args.connections} connections, served from {base}")
    from prefect import flow

    @flow
    def noop() -> None:
        return None

    started = time.monotonic()
    noop()
    print(f"Prefect temporary server start and first flow run: {time.monotonic() - started:.1f} s (not counted below)")
    print(f"{'run':<6}{'requests':>10}{'bytes':>14}{'wall s':>9}{'articles':>10}{'art/s':>9}{'peak RSS MB':>13}")
    for label in ("cold", "warm"):
        stats.update(requests=0, bytes=0)
        started = time.monotonic()
        summary = run_with_config(config)
        wall = time.monotonic() - started
        rate = summary.articles_new / wall if wall else 0.0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{label:<6}{stats['requests']:>10}{stats['bytes']:>14,}{wall:>9.2f}{summary.articles_new:>10}{rate:>9.1f}"
              f"{peak:>13.0f}")
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The `nkwatch` command line.

Only `run` and `demo` import Prefect (they run flows); every other command
answers at once. Library errors become one clean line on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from flows.config import Config, ConfigError, load_config
from flows.output import FORMATS, render

EPILOG = """\
examples:
  nkwatch demo                         offline demo: sample feeds on 127.0.0.1, two rounds
  nkwatch run                          poll every feed in nkwatch.toml (or the built-in list)
  nkwatch figures                      the current value of every figure, per source
  nkwatch changes                      when figures changed, with the article that said so
  nkwatch alerts test                  send a test message to every alert channel
  nkwatch sql "SELECT metric, value, source, article_url FROM figure_reports LIMIT 5"
  nkwatch extract --jsonl texts.jsonl  figures of each text, one JSON line each (no database)
  nkwatch feeds check                  which configured feeds answer right now

Configuration: nkwatch.toml in the current folder, or --config PATH; the
database path comes from it (db = ...) unless --db PATH is given. The
analysts' entry point for SQL is the view figure_reports.
"""


class CommandError(Exception):
    """A user-facing error with its exit status."""

    def __init__(self, message: str, status: int = 1) -> None:
        super().__init__(message)
        self.status = status


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _config(args: argparse.Namespace) -> Config:
    return load_config(args.config, args.db)


def _prefect_env(verbose: bool) -> None:
    """Quiet, private defaults for Prefect; the user's own settings win."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    # The temporary server migrates its database on first start; on a busy machine that can take
    # longer than Prefect's default 20 s.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    import logging

    logging.basicConfig(format="%(asctime)s %(message)s", datefmt="%H:%M:%S", level=logging.INFO)
    logging.getLogger("nkwatch").setLevel(logging.INFO)
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def print_summary(summary: Any, out: TextIO | None = None) -> None:
    """The table printed at the end of a run."""
    out = out or sys.stdout
    rows = [
        ("feeds polled", f"{summary.feeds_polled} of {summary.feeds_total}"
         + (f" ({summary.feeds_not_modified} not modified, {summary.feeds_not_due} not due)"
            if summary.feeds_not_modified or summary.feeds_not_due else "")),
        ("feeds failed", summary.feeds_failed),
        ("entries in feeds", summary.entries_seen),
        ("new articles", summary.articles_new),
        ("relevant articles", summary.articles_relevant),
        ("figures", summary.figures),
        ("changes", len([c for c in summary.changes if c.source != "*"])),
        ("alerts sent / failed", f"{summary.alerts_sent} / {summary.alerts_failed}"),
        ("errors", len(summary.errors)),
        ("requests / bytes", f"{summary.requests} / {summary.bytes:,}"),
    ]
    print(render(["run summary", ""], rows).rsplit("\n", 1)[0], file=out)
    if summary.feeds_not_due:
        print(f"({summary.feeds_not_due} feeds are backing off after failures; `nkwatch run --force` polls them now)",
              file=out)
    if summary.errors:
        print("\nerrors:", file=out)
        print(render(["where", "reason"], summary.errors, max_width=90).rsplit("\n", 1)[0], file=out)


def cmd_run(args: argparse.Namespace) -> int:
    config = _config(args)
    _prefect_env(args.verbose)
    print(f"nkwatch: polling {len(config.feeds)} feeds from {config.source} into {config.db}", file=sys.stderr)
    print("nkwatch: starting Prefect (a temporary local server when none is configured; ~10 s)", file=sys.stderr)
    from flows.pipeline import nkwatch_run

    summary = nkwatch_run(args.config, str(args.db) if args.db else None, args.force)
    print_summary(summary)
    return 0


def _read_db(args: argparse.Namespace):
    from storage.db import database

    return database(_config(args).db, _now(), read_only=True)


def cmd_sql(args: argparse.Namespace) -> int:
    from storage.db import run_query

    with _read_db(args) as con:
        columns, rows = run_query(con, args.query)
    if columns:
        print(render(columns, rows, args.format, max_width=args.width))
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    from storage.db import latest_figures

    with _read_db(args) as con:
        columns, rows = latest_figures(con)
    print(render(columns, rows, args.format, max_width=args.width))
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from storage.db import recent_changes

    with _read_db(args) as con:
        columns, rows = recent_changes(con, args.limit)
    print(render(columns, rows, args.format, max_width=args.width))
    return 0


def cmd_feeds(args: argparse.Namespace) -> int:
    if args.action == "check":
        return cmd_feeds_check(args)
    from storage.db import feed_overview

    with _read_db(args) as con:
        columns, rows = feed_overview(con)
    print(render(columns, rows, args.format, max_width=args.width))
    return 0


def cmd_feeds_check(args: argparse.Namespace) -> int:
    from extractors.feeds import parse_feed
    from flows.fetch import Fetcher

    config = _config(args)
    rows: list[tuple[str, Any, Any, str]] = []
    with Fetcher(config.fetch) as fetcher:
        for feed, result in zip(config.feeds, fetcher.map(lambda f: fetcher.get(f.url), config.feeds)):
            if result.error:
                rows.append((feed.name, result.status, None, result.error))
                continue
            parsed = parse_feed(result.body, result.final_url or feed.url, result.headers)
            rows.append((feed.name, result.status, len(parsed.entries), parsed.error or ("ok" if parsed.entries else "no entries")))
            print(f"  {feed.name}: {rows[-1][3]}", file=sys.stderr)
    print(render(["feed", "status", "entries", "result"], rows, args.format, max_width=args.width))
    answering = sum(1 for r in rows if r[2])
    print(f"{answering} of {len(rows)} feeds answered with entries", file=sys.stderr)
    return 0 if answering else 1


def cmd_alerts(args: argparse.Namespace) -> int:
    config = _config(args)
    if args.action == "test":
        from flows.notify import channels_from

        channels = channels_from(config.alerts.urls, config.alerts.prefect_blocks)
        if not channels:
            raise CommandError("no alert channels configured: add [alerts] urls = [...] to the config "
                               "or set NKWATCH_ALERT_URLS", 2)
        rows = []
        for channel in channels:
            error = channel.send("nkwatch test message",
                                 "This is a test from nkwatch: alerts about changed figures will arrive here.")
            rows.append((channel.name, "sent" if error is None else "FAILED", error or ""))
        print(render(["channel", "result", "error"], rows, args.format, max_width=args.width))
        return 0 if all(r[1] == "sent" for r in rows) else 1
    from storage.db import delivery_overview

    with _read_db(args) as con:
        columns, rows = delivery_overview(con, args.limit)
    print(render(columns, rows, args.format, max_width=args.width))
    return 0


def _jsonl_lines(path: str) -> Sequence[str]:
    if path == "-":
        return sys.stdin.read().splitlines()
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file", 2) from None
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})", 2) from None


def cmd_extract(args: argparse.Namespace) -> int:
    from extractors.analyse import prediction

    failures = 0
    for number, line in enumerate(_jsonl_lines(args.jsonl), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                raise ValueError('each line must be an object with a "text" string')
        except ValueError as exc:
            failures += 1
            print(f"nkwatch: {args.jsonl}:{number}: {exc}", file=sys.stderr)
            print(json.dumps({"id": None, "line": number, "error": str(exc)}, ensure_ascii=False))
            continue
        print(json.dumps(prediction(item), ensure_ascii=False))
    return 1 if failures else 0


def cmd_eval(args: argparse.Namespace) -> int:
    from extractors.analyse import prediction
    from extractors.evaluate import evaluate, format_report

    gold = []
    for number, line in enumerate(_jsonl_lines(args.path), start=1):
        if line.strip():
            try:
                gold.append(json.loads(line))
            except ValueError as exc:
                raise CommandError(f"{args.path}:{number}: not JSON: {exc}", 2) from None
    print(format_report(evaluate(gold, [prediction(item) for item in gold]), errors=args.errors))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    _prefect_env(args.verbose)
    from flows.demo import run_demo

    return run_demo(Path(args.db) if args.db else Path("data/nkwatch-demo.duckdb"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nkwatch",
        description="Monitor the press for figures on North Korea's military support to Russia: "
                    "poll feeds, extract every figure with its source and sentence, store them in DuckDB, "
                    "and see when a figure changes.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", metavar="PATH", help="configuration file (default: ./nkwatch.toml, else built-in)")
    common.add_argument("--db", metavar="PATH", help="DuckDB file (default: the config's db)")
    output = argparse.ArgumentParser(add_help=False)
    output.add_argument("--format", choices=FORMATS, default="table", help="output format (default: table)")
    output.add_argument("--width", type=int, default=60, metavar="N", help="cut table cells at N characters (default 60)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("run", parents=[common], help="poll every feed once and store what is new",
                       description="Poll every due feed, fetch the articles not seen before, extract their "
                                   "figures, store them and record changes. Feeds that failed recently back off "
                                   "(15 min doubling up to a day, or the server's Retry-After) unless --force.")
    p.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own logs too")
    p.add_argument("--force", action="store_true", help="poll every feed now, even those backing off")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("sql", parents=[common, output], help="run a read-only SQL query on the database",
                       description="Run one read-only SQL statement. Start from the view figure_reports "
                                   "(metric, value, high, qualifier, source, quote, article_url, article_title, "
                                   "published_at, lang, feed); also the views latest_figures, figure_history, "
                                   "changes, series_reports and the tables feeds, articles, feed_entries, figures, "
                                   "change_log, deliveries, alerts.")
    p.add_argument("query", help='the SQL, e.g. "SELECT * FROM figure_reports LIMIT 10"')
    p.set_defaults(func=cmd_sql)

    p = sub.add_parser("figures", parents=[common, output], help="the current figure of every metric and source")
    p.set_defaults(func=cmd_figures)

    p = sub.add_parser("changes", parents=[common, output], help="recent changes of figures")
    p.add_argument("--limit", type=int, default=50, help="how many (default 50)")
    p.set_defaults(func=cmd_changes)

    p = sub.add_parser("alerts", parents=[common, output], help="alert deliveries and failures; 'alerts test' sends a test",
                       description="list (default): the most recent alert messages, their status, attempts and "
                                   "errors. test: send a test message to every configured channel now.")
    p.add_argument("action", nargs="?", choices=["list", "test"], default="list")
    p.add_argument("--limit", type=int, default=50, help="how many messages to list (default 50)")
    p.set_defaults(func=cmd_alerts)

    p = sub.add_parser("feeds", parents=[common, output], help="feeds and their polling state; 'feeds check' tests them now")
    p.add_argument("action", nargs="?", choices=["list", "check"], default="list",
                   help="list (default): state stored in the database; check: fetch each feed now and report")
    p.set_defaults(func=cmd_feeds)

    p = sub.add_parser("extract", help="figures of texts given as JSON lines (no database, no network)",
                       description='Read lines {"id", "text", "title"?, "lang"?} and write one line per input: '
                                   '{"id", "relevant", "figures": [{metric, value, high, qualifier, source, quote}]}.')
    p.add_argument("--jsonl", required=True, metavar="FILE", help="input file, or - for standard input")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("eval", help="score extraction against labelled JSON lines",
                       description="Precision, recall and F1 of figures (matched on metric, value and high), "
                                   "qualifier and source accuracy, relevance precision and recall, per language.")
    p.add_argument("path", metavar="PATH.jsonl", help="labelled lines like shared/eval/dev-*.jsonl")
    p.add_argument("--errors", action="store_true", help="list every missed and every false figure")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("demo", help="offline demo on bundled sample feeds served from 127.0.0.1")
    p.add_argument("--db", metavar="PATH", help="DuckDB file to create (default: data/nkwatch-demo.duckdb)")
    p.add_argument("-v", "--verbose", action="store_true", help="show Prefect's own logs too")
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from extractors.lexicon import LexiconError
    from storage.db import StorageError

    try:
        return int(args.func(args))
    except LexiconError as exc:
        print(f"nkwatch: error: lexicon: {exc}", file=sys.stderr)
        return 2
    except (ConfigError, StorageError, CommandError) as exc:
        print(f"nkwatch: error: {exc}", file=sys.stderr)
        return getattr(exc, "status", 1) if isinstance(exc, CommandError) else 1
    except KeyboardInterrupt:
        print("nkwatch: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

"""Poll every feed file of a corpus folder through nkwatch's fetcher and feed parser.

Usage: python scripts/check_feed_corpus.py [FOLDER]   (default: ../shared/corpora/feeds)

Each file is served from a server on 127.0.0.1 and fetched with the same
`Fetcher` and `parse_feed` the flow uses. Prints per-folder counts of feeds
that yielded entries, feeds that were empty, and feeds refused with an error,
and exits non-zero if anything raised. Not a test: users do not have the corpus.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.feeds import parse_feed  # noqa: E402
from flows.config import FetchConfig  # noqa: E402
from flows.fetch import Fetcher  # noqa: E402


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpora" / "feeds").resolve()
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".xml", ".rdf", ".atom", ".rss", ".cdf"))
    if not files:
        print(f"no feed files under {folder}", file=sys.stderr)
        return 2
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    counts: Counter[tuple[str, str]] = Counter()
    entries = 0
    crashes: list[str] = []
    errors: Counter[str] = Counter()
    started = time.monotonic()

    def poll(path: Path) -> tuple[Path, str, int, str]:
        relative = path.relative_to(folder).as_posix()
        try:
            result = fetcher.get(base + quote(relative))
            if result.error:
                return path, "fetch error", 0, result.error
            parsed = parse_feed(result.body, result.final_url, result.headers)
        except Exception as exc:  # the point of this script: nothing may raise
            return path, "CRASH", 0, f"{type(exc).__name__}: {exc}"
        if parsed.error:
            return path, "not a feed", 0, parsed.error.split(" (")[0]
        return path, "entries" if parsed.entries else "empty", len(parsed.entries), ""

    with Fetcher(FetchConfig(allow_private_hosts=True, max_connections=8, max_per_host=8)) as fetcher:
        for path, outcome, n, error in fetcher.map(poll, files):
            group = path.relative_to(folder).parts[0]
            counts[(group, outcome)] += 1
            entries += n
            if outcome == "CRASH":
                crashes.append(f"{path}: {error}")
            elif error:
                errors[error[:80]] += 1
    server.shutdown()
    elapsed = time.monotonic() - started
    groups = sorted({g for g, _ in counts})
    outcomes = ["entries", "empty", "not a feed", "fetch error", "CRASH"]
    print(f"{'folder':<12}" + "".join(f"{o:>13}" for o in outcomes))
    for group in groups:
        print(f"{group:<12}" + "".join(f"{counts[(group, o)]:>13}" for o in outcomes))
    print(f"{'all':<12}" + "".join(f"{sum(counts[(g, o)] for g in groups):>13}" for o in outcomes))
    print(f"\n{len(files)} feed files, {entries} entries, {elapsed:.1f} s")
    for error, n in errors.most_common(8):
        print(f"  {n:>5} x {error}")
    for crash in crashes:
        print("CRASH", crash)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())

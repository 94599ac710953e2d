"""How fast `nkwatch extract` reads labelled articles, against trafilatura's own HTML
extraction of the same articles.

Each article of the JSON-lines file is set into the page of a real news site: the
paragraphs of a page from the pages corpus are replaced by the article's, so that
trafilatura works on real page furniture (menus, scripts, related links) around our
text. The script prints texts per second for both and the ratio (target: at least 10x).

Usage: python scripts/bench_extract.py [FILE.jsonl ...] [--pages DIR] [--rounds N]
(default: the development set and the pages corpus in ../shared)
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import time
from html import escape
from pathlib import Path

import lxml.html
import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.analyse import prediction  # noqa: E402

SHARED = ROOT.parent / "shared"


def _real_pages(folder: Path) -> list[bytes]:
    pages = [f.read_bytes() for f in sorted((folder / "trafilatura" / "cache").glob("*.html"))]
    pages += [
        gzip.decompress(f.read_bytes())
        for f in sorted((folder / "article-extraction-benchmark" / "html").glob("*.html.gz"))
    ]
    return pages


def _transplant(page: bytes, title: str, text: str) -> bytes | None:
    """The page with its headline and paragraphs replaced by the article's; None when the page
    has no paragraphs to replace."""
    try:
        doc = lxml.html.fromstring(page)
    except (ValueError, lxml.etree.ParserError):
        return None
    paragraphs = doc.xpath("//p")
    if len(paragraphs) < 3:
        return None
    parent = paragraphs[0].getparent()
    for p in paragraphs:
        p.drop_tree()
    for h1 in doc.xpath("//h1")[:1]:
        h1.text = title
    for i, para in enumerate(x for x in text.split("\n") if x.strip()):
        parent.insert(i, lxml.html.fragment_fromstring(f"<p>{escape(para)}</p>"))
    return lxml.html.tostring(doc, encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--pages", type=Path, default=SHARED / "corpora" / "pages")
    ap.add_argument("--rounds", type=int, default=5, help="passes over the articles for the warm figure")
    args = ap.parse_args()
    files = args.files or sorted((SHARED / "eval").glob("dev-*.jsonl"))
    items = [json.loads(line) for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    pages = _real_pages(args.pages)
    if not items or not pages:
        print("nothing to measure: no articles or no pages", file=sys.stderr)
        return 2

    htmls: list[bytes] = []
    for i, item in enumerate(items):
        for k in range(len(pages)):
            html = _transplant(pages[(i + k) % len(pages)], item.get("title", ""), item["text"])
            if html is not None:
                htmls.append(html)
                break
    t0 = time.perf_counter()
    found = 0
    for item, html in zip(items, htmls):
        out = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
        first = next(x for x in item["text"].split("\n") if x.strip())[:60]
        found += first in out
    t_traf = time.perf_counter() - t0

    # `nkwatch extract` as users run it: a fresh process, lexicons loaded on first use
    jsonl = "\n".join(json.dumps(x, ensure_ascii=False) for x in items) + "\n"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flows.cli", "extract", "--jsonl", "-"], input=jsonl.encode(), cwd=ROOT,
                   check=True, stdout=subprocess.DEVNULL)
    t_cli = time.perf_counter() - t0
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import flows.cli"], cwd=ROOT, check=True)
    t_start = time.perf_counter() - t0

    t0 = time.perf_counter()
    for item in items:
        prediction(item)  # first pass: loads each language's lexicon
    t_first = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(args.rounds):
        for item in items:
            prediction(item)
    t_warm = (time.perf_counter() - t0) / args.rounds

    n = len(items)
    size = sum(len(h) for h in htmls) / len(htmls) / 1024
    print(f"articles: {n} from {', '.join(f.name for f in files)}; pages {size:.0f} KiB on average")
    print(f"trafilatura.extract on the pages:   {n / t_traf:7.1f} texts/s "
          f"(article found in {found} of {n} extractions)")
    print(f"nkwatch extract, whole command:     {n / t_cli:7.1f} texts/s "
          f"({t_cli:.2f} s, of which {t_start:.2f} s Python and imports)")
    print(f"extraction, first pass (+lexicons): {n / t_first:7.1f} texts/s")
    print(f"extraction, warm:                   {n / t_warm:7.1f} texts/s = "
          f"{t_traf / t_warm:.1f}x trafilatura")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

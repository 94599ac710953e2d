"""Run trafilatura then `analyse` on unrelated web pages: how many are judged
relevant and how many figures are found (target: zero), and how fast
`analyse` is compared with trafilatura's HTML extraction.

Usage: python scripts/pages_false_positives.py [--show]
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from pathlib import Path

import trafilatura

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors.analyse import analyse  # noqa: E402

ROOT = Path("/work/shared/corpora/pages")


def _pages() -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for f in sorted((ROOT / "trafilatura" / "cache").glob("*.html")):
        out.append((f.name, f.read_bytes()))
    for f in sorted((ROOT / "article-extraction-benchmark" / "html").glob("*.html.gz")):
        out.append((f.name, gzip.decompress(f.read_bytes())))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", action="store_true", help="print the relevant pages and figures, and what the extractor finds without the gate")
    args = ap.parse_args()
    pages = _pages()
    texts: list[tuple[str, str]] = []
    t0 = time.perf_counter()
    for name, raw in pages:
        text = trafilatura.extract(raw, include_comments=False, include_tables=False) or ""
        texts.append((name, text))
    t_extract = time.perf_counter() - t0

    relevant = 0
    n_figures = 0
    langs: dict[str, int] = {}
    t0 = time.perf_counter()
    results = [(name, analyse(text)) for name, text in texts]
    t_analyse = time.perf_counter() - t0
    for name, a in results:
        langs[a.lang or "?"] = langs.get(a.lang or "?", 0) + 1
        if a.relevance.relevant:
            relevant += 1
        n_figures += len(a.figures)
        if args.show and (a.relevance.relevant or a.figures):
            print(f"{name}: relevant={a.relevance.relevant} {a.relevance.reasons}")
            for f in a.figures:
                print(f"    {f.metric}={f.value} {f.qualifier} [{f.source}] | {f.quote[:120]}")
    # figures the extractor would find if relevance let everything through
    t0 = time.perf_counter()
    from extractors.figures import extract_figures

    raw = [(name, extract_figures(text, a.lang)) for (name, text), (_, a) in zip(texts, results)]
    t_fig = time.perf_counter() - t0
    raw_figs = sum(len(found) for _, found in raw)
    if args.show:
        for name, found in raw:
            for f in found:
                print(f"{name} (no gate): {f.metric}={f.value} {f.qualifier} [{f.source}] | {f.quote[:120]}")
    n = len(texts)
    chars = sum(len(t) for _, t in texts)
    print(f"pages: {n} ({chars} characters of text), languages: {dict(sorted(langs.items()))}")
    print(f"judged relevant: {relevant}")
    print(f"figures found by analyse: {n_figures}")
    print(f"figures extract_figures would find without the relevance gate: {raw_figs}")
    print(f"trafilatura.extract: {t_extract:.2f} s = {n / t_extract:.1f} texts/s")
    print(f"analyse:             {t_analyse:.2f} s = {n / t_analyse:.1f} texts/s ({t_extract / t_analyse:.1f}x faster)")
    print(f"extract_figures alone (no gate): {t_fig:.2f} s = {n / t_fig:.1f} texts/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

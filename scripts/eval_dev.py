"""Run `analyse` over the labelled dev set and print the evaluation table.

Usage: python scripts/eval_dev.py [--errors] [--lang xx] [files...]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractors.analyse import prediction  # noqa: E402
from extractors.evaluate import evaluate, format_report  # noqa: E402

DEFAULT = [
    Path("/work/shared/eval/dev-asia-en.jsonl"),
    Path("/work/shared/eval/dev-europe.jsonl"),
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--lang", default="")
    args = ap.parse_args()
    gold: list[dict] = []
    for f in args.files or DEFAULT:
        gold.extend(json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip())
    if args.lang:
        gold = [g for g in gold if g.get("lang") == args.lang]
    print(format_report(evaluate(gold, [prediction(g) for g in gold]), errors=args.errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

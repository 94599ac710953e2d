"""Write the bundled demo articles as labelled JSON lines, for `nkwatch eval`.

Usage: python scripts/demo_eval_set.py > demo.jsonl && nkwatch eval demo.jsonl --errors

The demo pages were written for this project independently of the extraction
rules, so they serve as a second, small held-out check next to the dev set.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extractors.page import extract_page  # noqa: E402
from flows.demo import load_manifest, page_bytes  # noqa: E402


def main() -> int:
    for article in load_manifest()["articles"]:
        page = extract_page(page_bytes(article["slug"]), "")
        print(json.dumps({
            "id": article["slug"], "lang": article["lang"], "title": page.title or article["title"],
            "text": page.text, "relevant": article["relevant"],
            "figures": [{k: f[k] for k in ("metric", "value", "high", "qualifier", "source")} for f in article["figures"]],
        }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The README's promises: its SQL runs on a real database, its test command is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from flows.cli import build_parser
from storage import db
from storage.records import ArticleRow, FigureRow, SeenEntry

from conftest import NOW

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_sql_example_runs(db_path: Path) -> None:
    quote = "About 3,000 North Korean soldiers were killed or wounded, the spy agency said."
    row = ArticleRow(url="http://news.example/1", canonical_url="http://news.example/1", feed_id=1, guid="g",
                     fetched_at=NOW, status="ok", title="t", published_at=NOW, text=quote, relevant=True, lang="en",
                     figures=(FigureRow("casualties", 3000, None, "approx", "KR-NIS", quote, 0, len(quote), "t"),))
    blocks = re.findall(r"```sql\n(.*?)```", README, flags=re.S)
    statements = [s.strip() for block in blocks for s in block.split(";") if s.strip()
                  and not all(line.startswith("--") for line in s.strip().splitlines())]
    assert len(statements) >= 5
    with db.database(db_path, NOW) as con:
        db.sync_feeds(con, [("Wire", "http://news.example/feed", "en")])
        db.store_articles(con, [row], [SeenEntry(1, "g", row.canonical_url)], NOW)
        db.refresh_changes(con, NOW)
        for statement in statements:
            columns, _rows = db.run_query(con, statement)
            assert columns, statement


def test_ci_runs_the_readme_test_command() -> None:
    command = re.search(r"# 2\. set up and run the tests\n(.+)\n", README).group(1).strip()
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    for name in commands:
        assert f"nkwatch {name}" in README, name

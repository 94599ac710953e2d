"""The `nkwatch` command line, run in-process on real DuckDB files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from flows.cli import build_parser, main
from storage import db
from storage.records import ArticleRow, FigureRow, SeenEntry

from conftest import NOW

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def filled_db(db_path: Path) -> Path:
    quote = "About 11,000 North Korean soldiers are in Russia, the spy agency said."
    row = ArticleRow(url="http://news.example/1", canonical_url="http://news.example/1", feed_id=1, guid="g1",
                     fetched_at=NOW, status="ok", title="Spy agency: 11,000 troops", published_at=NOW,
                     text=quote, relevant=True, lang="en",
                     figures=(FigureRow("troops_deployed", 11000, None, "approx", "KR-NIS", quote, 0, len(quote), "t"),))
    with db.database(db_path, NOW) as con:
        db.sync_feeds(con, [("Wire", "http://news.example/feed", "en")])
        db.store_articles(con, [row], [SeenEntry(1, "g1", row.canonical_url)], NOW)
        db.refresh_changes(con, NOW)
    return db_path


def test_every_command_is_documented() -> None:
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert {"run", "sql", "figures", "changes", "feeds", "extract", "eval", "demo"} <= set(commands)
    for name, sub in commands.items():
        assert sub.format_help().strip(), name
        assert sub.description or any(a.help for a in parser._subparsers._group_actions[0]._choices_actions
                                      if a.dest == name), name


def test_sql_formats(filled_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = "SELECT metric, value, source, feed FROM figure_reports"
    assert main(["sql", "--db", str(filled_db), query]) == 0
    table = capsys.readouterr().out
    assert "troops_deployed" in table and "11000" in table and "(1 row)" in table
    assert main(["sql", "--db", str(filled_db), "--format", "json", query]) == 0
    assert json.loads(capsys.readouterr().out) == {"metric": "troops_deployed", "value": 11000, "source": "KR-NIS", "feed": "Wire"}
    assert main(["sql", "--db", str(filled_db), "--format", "csv", query]) == 0
    assert capsys.readouterr().out.splitlines() == ["metric,value,source,feed", "troops_deployed,11000,KR-NIS,Wire"]


def test_sql_is_read_only_and_errors_are_one_line(filled_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sql", "--db", str(filled_db), "DELETE FROM figures"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("nkwatch: error:") and len(err.strip().splitlines()) == 1
    assert main(["sql", "--db", str(filled_db), "SELECT count(*) AS n FROM figures", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"n": 1}


def test_missing_database_and_bad_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["figures", "--db", str(tmp_path / "none.duckdb")]) == 1
    assert "no database" in capsys.readouterr().err
    bad = tmp_path / "bad.toml"
    bad.write_text('db = "x.duckdb"\n[[feeds]]\nurl = "ftp://example.org/feed"\n')
    assert main(["figures", "--config", str(bad)]) == 1
    assert "must start with http" in capsys.readouterr().err
    assert main(["figures", "--config", str(tmp_path / "absent.toml")]) == 1
    assert "not found" in capsys.readouterr().err


def test_figures_and_changes(filled_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["figures", "--db", str(filled_db), "--format", "json"]) == 0
    latest = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(x["metric"], x["source"], x["value"]) for x in latest] == [
        ("troops_deployed", "KR-NIS", 11000), ("troops_deployed", "(all sources)", 11000)]
    assert main(["changes", "--db", str(filled_db), "--format", "json"]) == 0
    change = json.loads(capsys.readouterr().out)
    assert (change["value"], change["direction"]) == (11000, "first")


def test_extract_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [
        {"id": "a", "lang": "en", "text": "South Korea's spy agency said on Wednesday that about 11,000 North Korean "
                                          "troops had been sent to Russia to fight against Ukraine."},
        {"id": "b", "text": "The central bank kept its key interest rate at 3.5% on Thursday, citing 2,000 "
                            "new jobs in the construction sector."},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n{not json\n", encoding="utf-8")
    assert main(["extract", "--jsonl", str(path)]) == 1  # one bad line: reported, the rest still answered
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == ["a", "b", None]
    assert out[0]["relevant"] is True
    assert {(f["metric"], f["value"], f["source"]) for f in out[0]["figures"]} == {("troops_deployed", 11000, "KR-NIS")}
    assert out[1]["relevant"] is False and out[1]["figures"] == []
    assert "error" in out[2]


def test_commands_that_answer_at_once_do_not_import_prefect(filled_db: Path) -> None:
    code = ("import sys; from flows.cli import main; "
            f"main(['sql', '--db', {str(filled_db)!r}, 'SELECT 1']); main(['figures', '--db', {str(filled_db)!r}]); "
            "sys.exit(1 if any(m == 'prefect' or m.startswith('prefect.') for m in sys.modules) else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_help_teaches(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    assert "figure_reports" in text and "nkwatch demo" in text


def test_feeds_check_reports_which_feeds_answer(server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server.static("/ok.xml", b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
                             b'<item><link>http://news.example/1</link></item></channel></rss>', "application/rss+xml")
    server.static("/down.xml", b"", status=503)
    config = tmp_path / "nkwatch.toml"
    config.write_text(f'db = "nk.duckdb"\n[fetch]\nallow_networks = ["127.0.0.1/32"]\n'
                      f'[[feeds]]\nname = "Up"\nurl = "{server.url("/ok.xml")}"\n'
                      f'[[feeds]]\nname = "Down"\nurl = "{server.url("/down.xml")}"\n', encoding="utf-8")
    assert main(["feeds", "check", "--config", str(config), "--format", "json"]) == 0
    rows = {r["feed"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["Up"]["entries"] == 1 and rows["Up"]["result"] == "ok"
    assert rows["Down"]["status"] == 503 and rows["Down"]["result"].startswith("HTTP 503")
    assert not (tmp_path / "nk.duckdb").exists()  # checking writes nothing

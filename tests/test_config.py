"""Configuration: defaults, overrides and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.config import ConfigError, load_config


def test_builtin_defaults_list_real_feeds_in_many_languages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config.db == tmp_path / "data" / "nkwatch.duckdb"
    assert config.fetch.allow_private_hosts is False
    assert {f.lang for f in config.feeds} >= {"en", "fr", "ko", "de", "ru", "uk", "es", "ja", "zh"}
    assert all(f.url.startswith("https://") for f in config.feeds)


def test_file_and_overrides(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "nk.toml"
    path.write_text('db = "store/nk.duckdb"\n[fetch]\nallow_private_hosts = true\n'
                    '[[feeds]]\nname = "Local"\nurl = "http://127.0.0.1:8000/feed.xml"\nlang = "FR"\n'
                    '[alerts]\nurls = ["json://127.0.0.1:9/"]\n', encoding="utf-8")
    monkeypatch.setenv("NKWATCH_ALERT_URLS", "ntfy://topic1, ntfy://topic2")
    config = load_config(path)
    assert config.db == tmp_path / "store" / "nk.duckdb"
    assert config.fetch.allow_private_hosts is True
    assert config.feeds[0].lang == "fr"
    assert config.alerts.urls == ("json://127.0.0.1:9/", "ntfy://topic1", "ntfy://topic2")
    assert load_config(path, db=tmp_path / "other.duckdb").db == tmp_path / "other.duckdb"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("db = 3\n", "db: expected str"),
        ("colour = 'blue'\n", r"unknown key\(s\) colour"),
        ("[fetch]\nmax_bytes = -1\n", "must be positive"),
        ("[fetch]\nallow_private_hosts = 'yes'\n", "expected bool"),
        ("[[feeds]]\nurl = 'https://a.example/f'\n[[feeds]]\nurl = 'https://a.example/f'\n", "listed twice"),
        ("[[feeds]]\nname = 'x'\n", "must start with http"),
        ("db = \n", "not valid TOML"),
    ],
)
def test_invalid_files_say_what_to_fix(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_config(path)

"""The TOML configuration file: feeds to poll, database path, fetching and alerts.

`load_config` validates everything at the edge and returns frozen records;
an invalid file raises `ConfigError` with one line saying what to fix.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

DEFAULT_CONFIG_NAME = "nkwatch.toml"
USER_AGENT = "nkwatch/0.1 (news-monitoring research tool; +https://github.com/nkwatch/nkwatch)"


class ConfigError(Exception):
    """The configuration file is missing or invalid."""


@dataclass(frozen=True)
class FeedConfig:
    name: str
    url: str
    lang: str = ""


@dataclass(frozen=True)
class FetchConfig:
    allow_private_hosts: bool = False  # true only for local test servers
    allow_networks: tuple[str, ...] = ()  # private networks allowed all the same, e.g. ("127.0.0.1/32",)
    timeout_seconds: float = 15.0  # connect and per-read timeout
    deadline_seconds: float = 60.0  # total time for one request, body included
    max_bytes: int = 5_000_000  # body cap, after decompression
    max_connections: int = 8  # requests at once, in all
    max_per_host: int = 2  # requests at once to one host
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    article_chunk: int = 25  # articles per Prefect task


@dataclass(frozen=True)
class AlertConfig:
    urls: tuple[str, ...] = ()  # Apprise URLs
    prefect_blocks: tuple[str, ...] = ()  # Prefect notification blocks, "block-type/name"
    backlog_days: int = 7  # changes published longer ago go out as one summary per channel
    retry_minutes: float = 5.0  # first retry delay of a failed message; doubles per attempt, up to 6 h


@dataclass(frozen=True)
class Config:
    db: Path
    feeds: tuple[FeedConfig, ...]
    fetch: FetchConfig = field(default_factory=FetchConfig)
    alerts: AlertConfig = field(default_factory=AlertConfig)
    source: str = "<built-in defaults>"


def _check_keys(table: dict[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")


def _typed(value: Any, kind: type | tuple[type, ...], where: str) -> Any:
    if isinstance(value, bool) and kind in (int, float, (int, float)):
        raise ConfigError(f"{where}: expected a number, got {value!r}")
    if not isinstance(value, kind):
        expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise ConfigError(f"{where}: expected {expected}, got {value!r}")
    return value


def parse_config(data: dict[str, Any], source: str, base_dir: Path) -> Config:
    """Validate a parsed TOML document and build a `Config`."""
    _check_keys(data, {"db", "fetch", "feeds", "alerts"}, source)
    db = Path(_typed(data.get("db", "data/nkwatch.duckdb"), str, f"{source}: db"))
    if not db.is_absolute():
        db = base_dir / db

    fetch_table = _typed(data.get("fetch", {}), dict, f"{source}: [fetch]")
    defaults = FetchConfig()
    _check_keys(fetch_table, set(defaults.__dataclass_fields__), f"{source}: [fetch]")
    fetch_values: dict[str, Any] = {}
    for key, value in fetch_table.items():
        default = getattr(defaults, key)
        if key == "allow_networks":
            networks = [_typed(n, str, f"{source}: fetch.allow_networks") for n in _typed(value, list, f"{source}: fetch.allow_networks")]
            for network in networks:
                try:
                    ipaddress.ip_network(network, strict=False)
                except ValueError:
                    raise ConfigError(f"{source}: fetch.allow_networks: {network!r} is not an IP network") from None
            fetch_values[key] = tuple(networks)
            continue
        kind: type | tuple[type, ...] = (int, float) if isinstance(default, float) else type(default)
        fetch_values[key] = _typed(value, kind, f"{source}: fetch.{key}")
        if isinstance(default, (int, float)) and not isinstance(default, bool) and value <= 0:
            raise ConfigError(f"{source}: fetch.{key} must be positive, got {value!r}")
    fetch = FetchConfig(**fetch_values)

    feeds: list[FeedConfig] = []
    seen_urls: set[str] = set()
    for i, item in enumerate(_typed(data.get("feeds", []), list, f"{source}: feeds"), start=1):
        where = f"{source}: feed #{i}"
        _typed(item, dict, where)
        _check_keys(item, {"name", "url", "lang"}, where)
        url = _typed(item.get("url", ""), str, f"{where} url").strip()
        if not url.startswith(("http://", "https://")):
            raise ConfigError(f"{where}: url must start with http:// or https://, got {url!r}")
        if url in seen_urls:
            raise ConfigError(f"{where}: url {url} is listed twice")
        seen_urls.add(url)
        name = _typed(item.get("name", url), str, f"{where} name").strip() or url
        lang = _typed(item.get("lang", ""), str, f"{where} lang").strip().lower()
        feeds.append(FeedConfig(name=name, url=url, lang=lang))

    alerts_table = _typed(data.get("alerts", {}), dict, f"{source}: [alerts]")
    _check_keys(alerts_table, {"urls", "prefect_blocks", "backlog_days", "retry_minutes"}, f"{source}: [alerts]")
    urls = [_typed(u, str, f"{source}: alerts.urls") for u in _typed(alerts_table.get("urls", []), list, f"{source}: alerts.urls")]
    urls += [u.strip() for u in os.environ.get("NKWATCH_ALERT_URLS", "").split(",") if u.strip()]
    for url in urls:
        if "://" not in url:
            raise ConfigError(f"{source}: alerts.urls: {url!r} is not an Apprise URL (scheme://...)")
    blocks = [_typed(b, str, f"{source}: alerts.prefect_blocks")
              for b in _typed(alerts_table.get("prefect_blocks", []), list, f"{source}: alerts.prefect_blocks")]
    backlog = _typed(alerts_table.get("backlog_days", 7), int, f"{source}: alerts.backlog_days")
    retry = _typed(alerts_table.get("retry_minutes", 5.0), (int, float), f"{source}: alerts.retry_minutes")
    if backlog < 0 or retry < 0:
        raise ConfigError(f"{source}: alerts.backlog_days and alerts.retry_minutes must not be negative")
    alerts = AlertConfig(urls=tuple(dict.fromkeys(urls)), prefect_blocks=tuple(blocks), backlog_days=backlog,
                         retry_minutes=float(retry))
    return Config(db=db, feeds=tuple(feeds), fetch=fetch, alerts=alerts, source=source)


def default_config_text() -> str:
    """The configuration shipped with nkwatch (real public feeds)."""
    return resources.files("flows").joinpath("default_config.toml").read_text(encoding="utf-8")


def load_config(path: str | Path | None = None, db: str | Path | None = None) -> Config:
    """Read `path`, else ./nkwatch.toml, else the shipped defaults; `db` overrides the database path.

    Relative `db` paths are taken from the directory of the file that names
    them (the current directory for the shipped defaults).
    """
    if path is None and Path(DEFAULT_CONFIG_NAME).exists():
        path = DEFAULT_CONFIG_NAME
    if path is None:
        text, source, base = default_config_text(), "<built-in defaults>", Path.cwd()
    else:
        file = Path(path)
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ConfigError(f"config file {file} not found") from None
        except OSError as exc:
            raise ConfigError(f"cannot read config file {file}: {exc.strerror}") from None
        source, base = str(file), file.resolve().parent
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    config = parse_config(data, source, base)
    if db is not None:
        config = Config(db=Path(db), feeds=config.feeds, fetch=config.fetch, alerts=config.alerts, source=config.source)
    return config

"""HTTP fetching for feeds and pages: one shared httpx client, bounded, capped and guarded.

Exceptions never escape `Fetcher.get`: every failure comes back as a
`FetchResult` with `error` set, so one bad feed or page never stops a run.

Guards, in order: URL syntax (http/https only, no userinfo, no backslashes),
the resolved addresses of the host (no loopback, private, link-local, shared,
multicast or reserved address unless `allow_private_hosts`), the same checks
on every redirect hop, a cap on the decompressed body, and a total deadline.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urljoin, urlsplit

import httpx

from extractors.urls import UnsafeURL, check_url_syntax
from flows.config import FetchConfig

T = TypeVar("T")
R = TypeVar("R")

_SHARED_V4 = ipaddress.ip_network("100.64.0.0/10")
_BENCHMARK_V4 = ipaddress.ip_network("198.18.0.0/15")


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str = ""
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str = ""
    not_modified: bool = False
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        return not self.error and not self.not_modified


def address_refusal(address: str) -> str:
    """Why an IP address may not be fetched from, "" when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
        elif ip.teredo:
            ip = ip.teredo[1]
    if isinstance(ip, ipaddress.IPv4Address) and (ip in _SHARED_V4 or ip in _BENCHMARK_V4):
        return f"{address} is a shared or benchmarking address"
    for attr, label in (
        ("is_loopback", "loopback"),
        ("is_private", "private"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_reserved", "reserved"),
        ("is_unspecified", "unspecified"),
    ):
        if getattr(ip, attr):
            return f"{address} is a {label} address"
    if not ip.is_global:
        return f"{address} is not a public address"
    return ""


def host_refusal(host: str, port: int) -> str:
    """Resolve `host` and say why it may not be fetched, "" when every answer is public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return f"DNS lookup of {host} failed: {exc.strerror or exc}"
    except UnicodeError:
        return f"host name {host!r} is not valid"
    for info in infos:
        reason = address_refusal(str(info[4][0]))
        if reason:
            return f"refused {host}: {reason} (set [fetch] allow_private_hosts = true only for local test servers)"
    return ""


class Fetcher:
    """A shared, bounded HTTP client. Use as a context manager."""

    def __init__(self, config: FetchConfig, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        timeout = httpx.Timeout(config.timeout_seconds, connect=min(config.timeout_seconds, 10.0))
        limits = httpx.Limits(max_connections=config.max_connections, max_keepalive_connections=config.max_connections)
        self._client = httpx.Client(
            headers={"User-Agent": config.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=timeout,
            limits=limits,
            follow_redirects=False,
            transport=transport,
            trust_env=False,
        )
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()
        self.requests = 0
        self.bytes = 0

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def _host_slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._hosts:
                self._hosts[host] = threading.BoundedSemaphore(self.config.max_per_host)
            return self._hosts[host]

    def _guard(self, url: str) -> str:
        try:
            check_url_syntax(url)
        except UnsafeURL as exc:
            return str(exc)
        if self.config.allow_private_hosts:
            return ""
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        return host_refusal(parts.hostname or "", port)

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None,
            accept: str = "*/*") -> FetchResult:
        """GET `url`, following redirects by hand so that every hop is checked."""
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        started = time.monotonic()
        current = url
        visited: set[str] = set()
        for _hop in range(self.config.max_redirects + 1):
            refusal = self._guard(current)
            if refusal:
                return FetchResult(url=url, final_url=current, error=refusal)
            if current in visited:
                return FetchResult(url=url, final_url=current, error=f"redirect loop at {current}")
            visited.add(current)
            with self._host_slot(urlsplit(current).netloc):
                result = self._get_once(url, current, headers, started)
            if isinstance(result, FetchResult):
                return result
            current = result
        return FetchResult(url=url, final_url=current,
                           error=f"too many redirects (more than {self.config.max_redirects})")

    def _get_once(self, url: str, current: str, headers: dict[str, str], started: float) -> FetchResult | str:
        deadline = self.config.deadline_seconds
        try:
            with self._client.stream("GET", current, headers=headers) as response:
                with self._lock:
                    self.requests += 1
                status = response.status_code
                if status in (301, 302, 303, 307, 308):
                    location = response.headers.get("location")
                    if not location:
                        return FetchResult(url=url, final_url=current, status=status,
                                           error=f"HTTP {status} redirect without a Location header")
                    return urljoin(current, location)
                response_headers = {k.lower(): v for k, v in response.headers.items()}
                if status == 304:
                    return FetchResult(url=url, final_url=current, status=status,
                                       headers=response_headers, not_modified=True)
                if status >= 400:
                    return FetchResult(url=url, final_url=current, status=status, headers=response_headers,
                                       error=f"HTTP {status} {response.reason_phrase}".strip(),
                                       retry_after=_retry_after(response_headers.get("retry-after")))
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > self.config.max_bytes:
                        return FetchResult(url=url, final_url=current, status=status, headers=response_headers,
                                           error=f"body larger than the cap of {self.config.max_bytes} bytes")
                    if time.monotonic() - started > deadline:
                        return FetchResult(url=url, final_url=current, status=status, headers=response_headers,
                                           error=f"deadline of {deadline:g} s exceeded while reading the body")
                    chunks.append(chunk)
                body = b"".join(chunks)
                with self._lock:
                    self.bytes += size
                return FetchResult(url=url, final_url=current, status=status, headers=response_headers, body=body)
        except httpx.TimeoutException as exc:
            return FetchResult(url=url, final_url=current, error=f"timed out ({type(exc).__name__})")
        except httpx.DecodingError as exc:
            return FetchResult(url=url, final_url=current, error=f"body could not be decompressed: {exc}")
        except httpx.HTTPError as exc:
            return FetchResult(url=url, final_url=current, error=f"{type(exc).__name__}: {exc}")
        except (OSError, ValueError) as exc:
            return FetchResult(url=url, final_url=current, error=f"{type(exc).__name__}: {exc}")

    def map(self, fn: Callable[[T], R], items: Sequence[T] | Iterable[T]) -> list[R]:
        """Apply `fn` to every item with at most `max_connections` running at once, in order."""
        items = list(items)
        if len(items) <= 1:
            return [fn(item) for item in items]
        with ThreadPoolExecutor(max_workers=min(self.config.max_connections, len(items))) as pool:
            return list(pool.map(fn, items))


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())

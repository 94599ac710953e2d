"""HTTP fetching for feeds and pages: one shared httpx client, bounded, capped and guarded.

Exceptions never escape `Fetcher.get`: every failure comes back as a
`FetchResult` with `error` set, so one bad feed or page never stops a run.

Guards, in order: URL syntax (http/https only, no userinfo, no backslashes),
on every redirect hop; then, at connect time, every address the host name
resolves to (no loopback, private, link-local, shared, multicast or reserved
address unless `allow_private_hosts` or `allow_networks` permits it), and the
socket connects to exactly the address that was checked, so a second DNS
answer cannot slip a private address in; a cap on the decompressed body; and
a total deadline per request, enforced on every socket read and write.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from httpcore._backends.sync import SyncBackend, SyncStream

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


class RefusedAddress(httpcore.ConnectError):
    """The host resolves to an address we may not connect to."""


class DeadlineExceeded(httpcore.ReadTimeout):
    """The request's total deadline ran out."""


_request = threading.local()  # .deadline: time.monotonic() value by which the current request must end


def _remaining(timeout: float | None) -> float | None:
    deadline = getattr(_request, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded("deadline exceeded")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(SyncStream):
    """A socket stream whose reads and writes never outlive the request's deadline."""

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            return super().read(max_bytes, _remaining(timeout))
        except httpcore.ReadTimeout:
            _remaining(None)  # raises DeadlineExceeded when that is why the read timed out
            raise

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        try:
            super().write(buffer, _remaining(timeout))
        except httpcore.WriteTimeout:
            _remaining(None)
            raise


class GuardedBackend(SyncBackend):
    """httpcore network backend: resolve, check every address, connect to the checked one."""

    def __init__(self, allow_all: bool, allow_networks: Sequence[str]) -> None:
        self.allow_all = allow_all
        self.allow_networks = [ipaddress.ip_network(n, strict=False) for n in allow_networks]

    def refusal(self, address: str) -> str:
        if self.allow_all:
            return ""
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if any(ip.version == net.version and ip in net for net in self.allow_networks):
            return ""
        return address_refusal(address)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None, socket_options: Iterable[Any] | None = None) -> SyncStream:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except socket.gaierror as exc:
            raise httpcore.ConnectError(f"DNS lookup of {host} failed: {exc.strerror or exc}") from None
        except UnicodeError:
            raise httpcore.ConnectError(f"host name {host!r} is not valid") from None
        for info in infos:
            reason = self.refusal(str(info[4][0]))
            if reason:
                raise RefusedAddress(f"refused {host}: {reason} (set [fetch] allow_private_hosts = true "
                                     "only for local test servers)")
        last_error: OSError | None = None
        for family, kind, proto, _name, address in infos:
            sock = socket.socket(family, kind, proto)
            try:
                for option in socket_options or ():
                    sock.setsockopt(*option)
                sock.settimeout(_remaining(timeout))
                sock.connect(address)
                peer = sock.getpeername()[0]
                reason = self.refusal(str(peer))
                if reason:
                    raise RefusedAddress(f"refused {host}: {reason}")
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return _DeadlineStream(sock)
            except RefusedAddress:
                sock.close()
                raise
            except socket.timeout:
                sock.close()
                raise httpcore.ConnectTimeout(f"connecting to {host} timed out") from None
            except OSError as exc:
                sock.close()
                last_error = exc
        raise httpcore.ConnectError(f"cannot connect to {host}:{port}: {last_error}")


class Fetcher:
    """A shared, bounded HTTP client. Use as a context manager."""

    def __init__(self, config: FetchConfig, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        timeout = httpx.Timeout(config.timeout_seconds, connect=min(config.timeout_seconds, 10.0))
        limits = httpx.Limits(max_connections=config.max_connections, max_keepalive_connections=config.max_connections)
        if transport is None:
            guarded = httpx.HTTPTransport(limits=limits, trust_env=False)
            # httpx has no public hook for the network backend: swap the pool for one that uses ours.
            guarded._pool = httpcore.ConnectionPool(
                ssl_context=guarded._pool._ssl_context,
                max_connections=limits.max_connections,
                max_keepalive_connections=limits.max_keepalive_connections,
                keepalive_expiry=limits.keepalive_expiry,
                network_backend=GuardedBackend(config.allow_private_hosts, config.allow_networks),
            )
            transport = guarded
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
        return ""

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
                _request.deadline = started + self.config.deadline_seconds
                try:
                    result = self._get_once(url, current, headers)
                finally:
                    _request.deadline = None
            if isinstance(result, FetchResult):
                return result
            current = result
        return FetchResult(url=url, final_url=current,
                           error=f"too many redirects (more than {self.config.max_redirects})")

    def _get_once(self, url: str, current: str, headers: dict[str, str]) -> FetchResult | str:
        """One request; the deadline set by `get` bounds every socket read and write in it."""
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
                    chunks.append(chunk)
                body = b"".join(chunks)
                with self._lock:
                    self.bytes += size
                return FetchResult(url=url, final_url=current, status=status, headers=response_headers, body=body)
        except httpx.TimeoutException as exc:
            if "deadline" in str(exc):
                return FetchResult(url=url, final_url=current,
                                   error=f"deadline of {deadline:g} s exceeded")
            return FetchResult(url=url, final_url=current, error=f"timed out ({type(exc).__name__})")
        except httpx.DecodingError as exc:
            return FetchResult(url=url, final_url=current, error=f"body could not be decompressed: {exc}")
        except httpx.ConnectError as exc:
            message = str(exc)
            if not message.startswith(("refused", "DNS lookup", "host name", "cannot connect")):
                message = f"ConnectError: {message}"
            return FetchResult(url=url, final_url=current, error=message)
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

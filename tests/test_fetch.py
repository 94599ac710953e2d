"""Fetching against a real server on 127.0.0.1 that misbehaves on purpose."""

from __future__ import annotations

import gzip
import time
from http.server import BaseHTTPRequestHandler

import pytest

from flows.config import FetchConfig
from flows.fetch import Fetcher, address_refusal

ALLOW = FetchConfig(allow_private_hosts=True, timeout_seconds=2.0, deadline_seconds=3.0, max_bytes=200_000)


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
     "224.0.0.1", "::1", "fc00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:7f00:1::"],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert address_refusal(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_refusal(address) == ""


def test_loopback_refused_unless_allowed(server) -> None:
    server.static("/page", b"<html><body>hi</body></html>")
    with Fetcher(FetchConfig()) as fetcher:
        result = fetcher.get(server.url("/page"))
    assert "loopback" in result.error and server.hits.get("/page") is None
    with Fetcher(ALLOW) as fetcher:
        assert fetcher.get(server.url("/page")).body == b"<html><body>hi</body></html>"


def test_http_errors_and_retry_after(server) -> None:
    server.static("/busy", b"slow down", status=429, headers={"Retry-After": "120"})
    server.static("/broken", b"oops", status=500)
    with Fetcher(ALLOW) as fetcher:
        busy, broken = fetcher.get(server.url("/busy")), fetcher.get(server.url("/broken"))
    assert busy.error.startswith("HTTP 429") and busy.retry_after == 120
    assert broken.error.startswith("HTTP 500") and broken.status == 500


def test_redirect_loop_is_an_error(server) -> None:
    server.static("/a", b"", status=302, headers={"Location": "/b"})
    server.static("/b", b"", status=302, headers={"Location": "/a"})
    with Fetcher(ALLOW) as fetcher:
        result = fetcher.get(server.url("/a"))
    assert "redirect loop" in result.error


def test_body_cap_stops_endless_and_bomb_bodies(server) -> None:
    def endless(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(10_000):
            handler.wfile.write(b"x" * 65536)

    bomb = gzip.compress(b"\0" * 50_000_000)
    server.routes["/endless"] = endless
    server.static("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with Fetcher(ALLOW) as fetcher:
        endless_result = fetcher.get(server.url("/endless"))
        bomb_result = fetcher.get(server.url("/bomb"))
    assert "larger than the cap" in endless_result.error
    assert "larger than the cap" in bomb_result.error


def test_trickling_server_hits_the_deadline(server) -> None:
    def trickle(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b"x")
            handler.wfile.flush()
            time.sleep(0.5)

    server.routes["/trickle"] = trickle
    started = time.monotonic()
    with Fetcher(ALLOW) as fetcher:
        result = fetcher.get(server.url("/trickle"))
    assert result.error and time.monotonic() - started < 10


def test_conditional_request_gets_304(server) -> None:
    def conditional(handler: BaseHTTPRequestHandler) -> None:
        if handler.headers.get("If-None-Match") == '"v1"':
            handler.send_response(304)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        body = b"<rss/>"
        handler.send_response(200)
        handler.send_header("ETag", '"v1"')
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    server.routes["/feed"] = conditional
    with Fetcher(ALLOW) as fetcher:
        first = fetcher.get(server.url("/feed"))
        second = fetcher.get(server.url("/feed"), etag=first.headers["etag"])
    assert first.ok and second.not_modified


def test_user_agent_names_the_project(server) -> None:
    seen = {}

    def echo(handler: BaseHTTPRequestHandler) -> None:
        seen["ua"] = handler.headers.get("User-Agent")
        handler.send_response(204)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    server.routes["/ua"] = echo
    with Fetcher(ALLOW) as fetcher:
        fetcher.get(server.url("/ua"))
    assert seen["ua"].startswith("nkwatch/")


LOOPBACK_ONLY = FetchConfig(allow_networks=("127.0.0.1/32",), timeout_seconds=2.0, deadline_seconds=3.0)


def test_redirect_to_a_private_address_is_refused_on_that_hop(server) -> None:
    port = server.base.rsplit(":", 1)[1]
    server.static("/go", b"", status=302, headers={"Location": f"http://127.0.0.2:{port}/internal"})
    server.static("/ok", b"<html><body>fine</body></html>")
    with Fetcher(LOOPBACK_ONLY) as fetcher:
        assert fetcher.get(server.url("/ok")).ok
        result = fetcher.get(server.url("/go"))
    assert result.error.startswith("refused 127.0.0.2") and "loopback" in result.error
    assert server.hits["/go"] == 1 and "/internal" not in server.hits


def test_a_name_with_one_public_and_one_private_answer_is_refused(server, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    real = socket.getaddrinfo

    def two_answers(host, port, *args, **kwargs):
        if host == "mixed.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                    (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", two_answers)
    with Fetcher(FetchConfig()) as fetcher:
        result = fetcher.get("http://mixed.example/feed.xml")
    assert result.error.startswith("refused mixed.example") and "10.0.0.7" in result.error


def test_a_server_that_stalls_times_out(server) -> None:
    def stall(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        time.sleep(6)

    server.routes["/stall"] = stall
    with Fetcher(FetchConfig(allow_private_hosts=True, timeout_seconds=1.0, deadline_seconds=5.0)) as fetcher:
        result = fetcher.get(server.url("/stall"))
    assert "timed out" in result.error or "deadline" in result.error


def test_headers_trickled_byte_by_byte_hit_the_deadline(server) -> None:
    def trickle_headers(handler: BaseHTTPRequestHandler) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100:
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()
            time.sleep(0.3)

    server.routes["/slow-headers"] = trickle_headers
    started = time.monotonic()
    with Fetcher(FetchConfig(allow_private_hosts=True, timeout_seconds=1.0, deadline_seconds=2.0)) as fetcher:
        result = fetcher.get(server.url("/slow-headers"))
    assert "deadline" in result.error
    assert time.monotonic() - started < 8  # well before the 30 s the trickle would take

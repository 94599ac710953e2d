"""Changes over dated rounds, and alerts delivered once to a real webhook receiver on 127.0.0.1."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from flows.config import AlertConfig
from flows.messages import ChangeNotice, change_message
from flows.notify import AppriseChannel, channel_name, plan_outbox
from flows.pipeline import run_with_config
from storage import db

from conftest import NOW


class Receiver:
    """A JSON webhook on the local test server that records every message; can be told to fail."""

    def __init__(self, server, path: str = "/hook") -> None:
        self.messages: list[dict] = []
        self.failing = False
        self.url = f"json://127.0.0.1:{server.base.rsplit(':', 1)[1]}{path}"

        def route(handler: BaseHTTPRequestHandler) -> None:
            length = int(handler.headers.get("Content-Length") or 0)
            payload = handler.rfile.read(length)
            status = 500 if self.failing else 200
            if not self.failing:
                self.messages.append(json.loads(payload))
            handler.send_response(status)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        server.routes[path] = route


def notice(n: int, reported: datetime, value: int = 11000) -> ChangeNotice:
    return ChangeNotice(n, "troops_deployed", "KR-NIS", value, None, "approx", 1500, None, datetime(2024, 10, 18),
                        "up", reported, f"http://news.example/{n}", "Seoul raises its estimate", "Demo Wire",
                        "About 11,000 North Korean troops are now in Russia, the spy agency said.")


def test_message_says_what_changed_with_the_evidence() -> None:
    title, body = change_message(notice(1, datetime(2024, 12, 17)))
    assert title == ("North Korean troops in Russia: about 11,000 (South Korea's National Intelligence Service)"
                     " — up from 1,500 (2024-10-18)")
    for part in ("about 11,000", "1,500", "2024-10-18", "Demo Wire", "2024-12-17", "http://news.example/1",
                 "About 11,000 North Korean troops"):
        assert part in body


def test_plan_groups_chats_and_summarises_the_backlog() -> None:
    now = datetime(2025, 1, 10)
    changes = [notice(1, datetime(2024, 10, 1)), notice(2, datetime(2024, 11, 1)),
               notice(3, datetime(2025, 1, 9)), notice(4, datetime(2025, 1, 10))]
    webhook = plan_outbox(AppriseChannel("json://127.0.0.1:9/x"), changes, now, backlog_days=7)
    assert [(i.kind, i.change_ids) for i in webhook] == [("backlog", (1, 2)), ("change", (3,)), ("change", (4,))]
    chat = plan_outbox(AppriseChannel("ntfy://topic"), changes, now, backlog_days=7)
    assert [(i.kind, i.change_ids) for i in chat] == [("backlog", (1, 2)), ("group", (3, 4))]
    assert "2 older changes" in chat[0].title


def test_channel_names_keep_secrets_out_of_the_database() -> None:
    name = channel_name("tgram://123456:SECRET-TOKEN@telegram/987")
    assert "SECRET" not in name and name.startswith("tgram://")


@pytest.mark.usefixtures("prefect_harness")
def test_each_change_arrives_once_and_a_failed_alert_is_retried(demo_site, server, db_path: Path) -> None:
    receiver = Receiver(server)
    config = demo_site.config(db_path)
    config = replace(config, alerts=AlertConfig(urls=(receiver.url,), backlog_days=100_000, retry_minutes=0))

    demo_site.round = 1
    first = run_with_config(config)
    per_source = [c for c in first.changes if c.source != "*"]
    assert per_source and first.alerts_sent == len(per_source) == len(receiver.messages)
    assert first.alerts_failed == 0

    again = run_with_config(config)  # nothing new: nothing sent
    assert again.alerts_sent == 0 and len(receiver.messages) == len(per_source)

    receiver.failing = True
    demo_site.round = 2
    second = run_with_config(config)
    new = [c for c in second.changes if c.source != "*"]
    assert new and second.alerts_failed == len(new) and second.alerts_sent == 0
    with db.database(db_path, NOW, read_only=True) as con:
        failed = db.run_query(con, "SELECT count(*), min(attempts) FROM deliveries WHERE status = 'failed'")[1][0]
    assert failed == (len(new), 1)

    receiver.failing = False
    third = run_with_config(config)
    assert third.alerts_sent == len(new) and third.alerts_failed == 0
    assert len(receiver.messages) == len(per_source) + len(new)
    titles = [m["title"] for m in receiver.messages]
    assert len(titles) == len(set(titles)), "an alert arrived twice"

    fourth = run_with_config(config)
    assert fourth.alerts_sent == 0 and len(receiver.messages) == len(per_source) + len(new)
    with db.database(db_path, NOW, read_only=True) as con:
        statuses = db.run_query(con, "SELECT status, count(*) FROM deliveries GROUP BY status")[1]
    assert statuses == [("sent", len(per_source) + len(new))]


@pytest.mark.usefixtures("prefect_harness")
def test_a_backlog_is_summarised_once_per_channel(demo_site, server, db_path: Path) -> None:
    receiver = Receiver(server)
    demo_site.round = 2
    config = replace(demo_site.config(db_path), alerts=AlertConfig(urls=(receiver.url,), backlog_days=7))
    summary = run_with_config(config)
    assert summary.changes and len(receiver.messages) == 1
    assert "older changes recorded" in receiver.messages[0]["title"]
    run_with_config(config)
    assert len(receiver.messages) == 1


@pytest.mark.usefixtures("prefect_harness")
def test_a_prefect_notification_block_is_a_channel(server) -> None:
    from prefect.blocks.notifications import CustomWebhookNotificationBlock

    from flows.notify import PrefectBlockChannel

    received: list[bytes] = []

    def route(handler: BaseHTTPRequestHandler) -> None:
        received.append(handler.rfile.read(int(handler.headers.get("Content-Length") or 0)))
        handler.send_response(200)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    server.routes["/block"] = route
    CustomWebhookNotificationBlock(name="nkwatch", url=server.url("/block"),
                                   json_data={"title": "{{subject}}", "text": "{{body}}"}).save("nkwatch-test", overwrite=True)
    channel = PrefectBlockChannel("custom-webhook/nkwatch-test")
    assert channel.send("A title", "A body") is None
    assert json.loads(received[0]) == {"title": "A title", "text": "A body"}
    assert PrefectBlockChannel("custom-webhook/absent").send("t", "b")  # an error message, not an exception

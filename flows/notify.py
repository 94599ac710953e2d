"""Alert channels and the outbox: plan messages for new changes, send them, record the outcome.

Messages are written to the database before they are sent and marked sent
after, so a crash between the two may at worst repeat one message; nothing
is lost, and a normal run never sends the same alert twice. A failed message
is retried on later runs with backoff.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol
from urllib.parse import urlsplit

from flows.messages import ChangeNotice, backlog_message, change_message, group_message
from storage import db
from storage.records import OutboxItem

log = logging.getLogger("nkwatch")

# Apprise schemes of chat services: several changes found in one run go out as one message.
CHAT_SCHEMES = frozenset({
    "slack", "discord", "tgram", "msteams", "matrix", "matrixs", "mmost", "mmosts", "rocket", "rockets",
    "ntfy", "ntfys", "signal", "signals", "zulip", "gchat", "guilded", "line", "wxteams", "whatsapp",
    "revolt", "mastodon", "toot", "lark", "feishu", "dingtalk", "wecombot", "threema", "pushover", "gotify",
    "gotifys", "pbul", "join", "xmpp", "xmpps", "apprise", "apprises",
})
RETRY_BASE = timedelta(minutes=5)
RETRY_MAX = timedelta(hours=6)


class Channel(Protocol):
    """Somewhere alerts go."""

    name: str  # stable and free of secrets: stored in the database
    chat: bool

    def send(self, title: str, body: str) -> str | None:
        """Deliver one message; return None on success, else the reason it failed."""


def channel_name(url: str) -> str:
    """A stable name for an alert URL that keeps its secrets out of the database."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    digest = hashlib.sha256(url.encode("utf-8")).hexdigest()[:8]
    return f"{parts.scheme}://{host}#{digest}"


@dataclass
class AppriseChannel:
    """Any notification service Apprise knows (Slack, Discord, Telegram, e-mail, ntfy, JSON webhook...)."""

    url: str

    def __post_init__(self) -> None:
        self.name = channel_name(self.url)
        self.chat = urlsplit(self.url).scheme.lower() in CHAT_SCHEMES

    def send(self, title: str, body: str) -> str | None:
        import apprise

        client = apprise.Apprise()
        if not client.add(self.url):
            return f"not a valid Apprise URL: {self.name}"
        with apprise.LogCapture(level=logging.WARNING) as captured:
            ok = client.notify(body=body, title=title)
        if ok:
            return None
        detail = [line for line in captured.getvalue().strip().splitlines() if line.strip()]
        return detail[-1] if detail else "notification failed"


@dataclass
class PrefectBlockChannel:
    """A Prefect notification block, by its `block-type/name` reference."""

    reference: str

    def __post_init__(self) -> None:
        self.name = f"prefect-block:{self.reference}"
        self.chat = True

    def send(self, title: str, body: str) -> str | None:
        try:
            from prefect.blocks.core import Block

            Block.load(self.reference).notify(body, subject=title)
        except Exception as exc:  # any failure of a user's block is reported, not raised
            return f"{type(exc).__name__}: {exc}"
        return None


def channels_from(urls: tuple[str, ...], blocks: tuple[str, ...] = ()) -> list[Channel]:
    return [AppriseChannel(u) for u in urls] + [PrefectBlockChannel(b) for b in blocks]


def notices(rows: list[tuple]) -> list[ChangeNotice]:
    return [ChangeNotice(*row) for row in rows]


def plan_outbox(channel: Channel, changes: list[ChangeNotice], now: datetime, backlog_days: int) -> list[OutboxItem]:
    """The messages for one channel: a summary of old changes, then recent ones (grouped on chats)."""
    cutoff = now - timedelta(days=backlog_days)
    old = [c for c in changes if c.reported_at is not None and c.reported_at < cutoff]
    recent = [c for c in changes if c not in old]
    items: list[OutboxItem] = []
    if len(old) == 1 and not recent:
        recent, old = old, []
    if old:
        title, body = backlog_message(old, backlog_days)
        items.append(OutboxItem(channel.name, "backlog", title, body, tuple(c.change_id for c in old)))
    if channel.chat and len(recent) > 1:
        title, body = group_message(recent)
        items.append(OutboxItem(channel.name, "group", title, body, tuple(c.change_id for c in recent)))
    else:
        for c in recent:
            title, body = change_message(c)
            items.append(OutboxItem(channel.name, "change", title, body, (c.change_id,)))
    return items


@dataclass
class AlertSummary:
    queued: int = 0
    sent: int = 0
    failed: int = 0
    errors: list[tuple[str, str]] | None = None


def deliver(db_path, channels: list[Channel], now: datetime, backlog_days: int,
            retry_base: timedelta = RETRY_BASE) -> AlertSummary:
    """Queue a message for every change not yet alerted on each channel, then send what is due."""
    summary = AlertSummary(errors=[])
    if not channels:
        return summary
    with db.database(db_path, now) as con:
        items: list[OutboxItem] = []
        for channel in channels:
            items += plan_outbox(channel, notices(db.unalerted_changes(con, channel.name)), now, backlog_days)
        db.enqueue(con, items, now)
        summary.queued = len(items)
        due = db.due_deliveries(con, now, [c.name for c in channels])
    by_name = {c.name: c for c in channels}
    for delivery in due:
        error = by_name[delivery.channel].send(delivery.title, delivery.body)
        retry_at = None
        if error:
            delay = min(retry_base * (2 ** delivery.attempts), RETRY_MAX)
            retry_at = now + delay
            summary.failed += 1
            summary.errors.append((delivery.channel, error))
            log.warning("alert not delivered to %s: %s (retry after %s)", delivery.channel, error, retry_at)
        else:
            summary.sent += 1
        with db.database(db_path, now) as con:
            db.mark_delivery(con, delivery.delivery_id, now, error, retry_at)
    return summary

"""Alert texts: a change in words, a group of changes, a backlog summary (pure: no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

METRIC_WORDS = {
    "troops_deployed": "North Korean troops in Russia",
    "troops_additional": "additional North Korean troops sent",
    "casualties": "North Korean casualties (killed and wounded)",
    "killed": "North Korean soldiers killed",
    "wounded": "North Korean soldiers wounded",
    "captured": "North Korean soldiers captured",
    "support_personnel": "North Korean engineers, deminers and builders",
    "workers": "North Korean workers sent to Russia",
    "artillery_systems": "North Korean artillery systems supplied",
    "missiles": "North Korean missiles supplied",
    "artillery_shells": "North Korean artillery shells supplied",
    "containers": "containers of North Korean munitions",
}

SOURCE_WORDS = {
    "KR-JCS": "South Korea's Joint Chiefs of Staff",
    "KR-NIS": "South Korea's National Intelligence Service",
    "KR-GOV": "the South Korean government",
    "UA-GUR": "Ukraine's military intelligence (HUR)",
    "UA-GOV": "Ukrainian officials",
    "US-GOV": "US officials",
    "UK-MOD": "the UK Ministry of Defence",
    "NATO": "NATO",
    "RU-GOV": "Russian officials",
    "KP-GOV": "North Korea",
    "OTHER": "another named source",
    "": "an unnamed source",
    "*": "any source",
}

QUALIFIER_WORDS = {
    "exact": "",
    "approx": "about ",
    "at_least": "at least ",
    "more_than": "more than ",
    "up_to": "up to ",
    "fewer_than": "fewer than ",
    "range": "",
}


@dataclass(frozen=True)
class ChangeNotice:
    """What an alert says about one change."""

    change_id: int
    metric: str
    source: str
    value: int
    high: int | None
    qualifier: str
    previous_value: int | None
    previous_high: int | None
    previous_at: datetime | None
    direction: str
    reported_at: datetime | None
    article_url: str
    article_title: str
    feed: str
    quote: str


def amount(value: int | None, high: int | None = None, qualifier: str = "exact") -> str:
    """11000 -> '11,000'; a range -> '10,000 to 12,000'; with its qualifier in words."""
    if value is None:
        return "none"
    if high is not None:
        return f"{value:,} to {high:,}"
    return f"{QUALIFIER_WORDS.get(qualifier, '')}{value:,}"


def _day(when: datetime | None) -> str:
    return when.strftime("%Y-%m-%d") if when else "date unknown"


def _short(text: str, limit: int = 400) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def headline(c: ChangeNotice) -> str:
    """One line: metric, new value, source, and what it replaces."""
    what = METRIC_WORDS.get(c.metric, c.metric)
    who = SOURCE_WORDS.get(c.source, c.source)
    line = f"{what}: {amount(c.value, c.high, c.qualifier)} ({who})"
    if c.direction == "first":
        return f"{line} — first figure"
    was = amount(c.previous_value, c.previous_high)
    return f"{line} — {c.direction} from {was} ({_day(c.previous_at)})"


def change_message(c: ChangeNotice) -> tuple[str, str]:
    """Title and body of an alert about one change."""
    who = SOURCE_WORDS.get(c.source, c.source)
    lines = [
        f"{who[0].upper()}{who[1:]} now gives {amount(c.value, c.high, c.qualifier)} for "
        f"{METRIC_WORDS.get(c.metric, c.metric).lower()} [{c.metric}, {c.source or 'no source'}].",
        "Previous value: first figure for this series." if c.direction == "first" else
        f"Previous value: {amount(c.previous_value, c.previous_high)}, reported {_day(c.previous_at)} "
        f"({c.direction}).",
        f"Reported by {c.feed or 'unknown outlet'} on {_day(c.reported_at)}: {c.article_title}".rstrip(": "),
        c.article_url,
        f"“{_short(c.quote)}”",
    ]
    return headline(c), "\n".join(lines)


def group_message(changes: list[ChangeNotice]) -> tuple[str, str]:
    """One message for several changes (chat channels)."""
    title = f"nkwatch: {len(changes)} figures changed"
    blocks = []
    for c in changes:
        blocks.append(f"• {headline(c)}\n  {c.feed or 'unknown outlet'}, {_day(c.reported_at)}: {c.article_url}\n"
                      f"  “{_short(c.quote, 240)}”")
    return title, "\n".join(blocks)


def backlog_message(changes: list[ChangeNotice], older_than_days: int, shown: int = 15) -> tuple[str, str]:
    """One summary for many changes published long ago (a first run, a new feed, a re-extraction)."""
    title = f"nkwatch: {len(changes)} older changes recorded (published more than {older_than_days} days ago)"
    newest = sorted(changes, key=lambda c: (c.reported_at or datetime.min), reverse=True)
    lines = [f"These were found in articles published more than {older_than_days} days ago; they are recorded "
             "in the database (view `changes`) and are not sent one by one."]
    lines += [f"• {_day(c.reported_at)} {headline(c)}" for c in newest[:shown]]
    if len(changes) > shown:
        lines.append(f"… and {len(changes) - shown} more: nkwatch changes --limit {len(changes)}")
    return title, "\n".join(lines)

"""Typed records that the pure extractors return.

Nothing here does I/O; every record is a frozen dataclass so it can be
hashed, compared and passed between Prefect tasks safely.
"""

from __future__ import annotations

from dataclasses import dataclass, field

METRICS: tuple[str, ...] = (
    "troops_deployed",
    "troops_additional",
    "casualties",
    "killed",
    "wounded",
    "captured",
    "support_personnel",
    "workers",
    "artillery_systems",
    "missiles",
    "artillery_shells",
    "containers",
)

QUALIFIERS: tuple[str, ...] = (
    "exact",
    "approx",
    "at_least",
    "more_than",
    "up_to",
    "fewer_than",
    "range",
)

SOURCES: tuple[str, ...] = (
    "KR-JCS",
    "KR-NIS",
    "KR-GOV",
    "UA-GUR",
    "UA-GOV",
    "US-GOV",
    "UK-MOD",
    "NATO",
    "RU-GOV",
    "KP-GOV",
    "OTHER",
    "",
)


@dataclass(frozen=True)
class Figure:
    """One number about North Korea's military support to Russia.

    `start`/`end` are the character offsets of `quote` (the sentence the
    figure was read from) inside the text that was given to the extractor.
    """

    metric: str
    value: int
    high: int | None
    qualifier: str
    source: str
    quote: str
    start: int = 0
    end: int = 0

    def key(self) -> tuple[str, int, int | None, str]:
        return (self.metric, self.value, self.high, self.source)


@dataclass(frozen=True)
class Relevance:
    """Whether a text reports on North Korea's military support to Russia."""

    relevant: bool
    score: float = 0.0
    reasons: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Page:
    """What `extract_page` reads out of one HTML document."""

    text: str
    title: str = ""
    lang: str = ""
    published: str = ""  # ISO 8601 date or datetime as found on the page, "" if none
    canonical_url: str = ""
    error: str = ""  # non-empty when no text could be extracted

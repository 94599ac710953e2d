"""Scoring of predicted figures and relevance against labelled texts."""

from __future__ import annotations

import pytest

from extractors.evaluate import evaluate, format_report


def fig(metric: str, value: int, qualifier: str = "exact", source: str = "", high: int | None = None) -> dict:
    return {"metric": metric, "value": value, "high": high, "qualifier": qualifier, "source": source}


GOLD = [
    {"id": "a", "lang": "en", "relevant": True, "text": "...", "figures": [
        fig("troops_deployed", 11000, "approx", "KR-NIS"),
        fig("killed", 300, "exact", "KR-NIS"),
        fig("killed", 300, "exact", "UA-GOV"),
    ]},
    {"id": "b", "lang": "fr", "relevant": True, "text": "...", "figures": [
        fig("troops_deployed", 10000, "range", "US-GOV", 12000),
    ]},
    {"id": "c", "lang": "fr", "relevant": False, "text": "...", "figures": []},
]

PRED = [
    {"id": "a", "relevant": True, "figures": [
        fig("troops_deployed", 11000, "exact", "KR-NIS"),  # qualifier wrong
        fig("killed", 300, "exact", "UA-GOV"),
        fig("wounded", 300, "exact", "KR-NIS"),  # false
    ]},
    {"id": "b", "relevant": True, "figures": [fig("troops_deployed", 10000, "range", "", 12000)]},  # source wrong
    {"id": "c", "relevant": True, "figures": []},  # relevance false positive
]


def test_scores() -> None:
    r = evaluate(GOLD, PRED)
    o = r.overall
    assert (o.gold, o.predicted, o.matched) == (4, 4, 3)
    assert o.precision == pytest.approx(0.75)
    assert o.recall == pytest.approx(0.75)
    assert o.f1 == pytest.approx(0.75)
    assert o.qualifier_accuracy == pytest.approx(2 / 3)
    assert o.source_accuracy == pytest.approx(2 / 3)
    assert o.relevance_precision == pytest.approx(2 / 3)
    assert o.relevance_recall == pytest.approx(1.0)
    assert set(r.by_lang) == {"en", "fr"}
    assert r.by_lang["fr"].matched == 1 and r.by_lang["fr"].texts == 2
    kinds = sorted(e.kind for e in r.errors)
    assert kinds == ["false", "miss", "qualifier", "relevance", "source"]


def test_multiset_matching_prefers_same_source() -> None:
    # the gold has 300 from two sources; the one predicted (UA-GOV) must match the UA-GOV one
    r = evaluate(GOLD[:1], PRED[:1])
    misses = [e for e in r.errors if e.kind == "miss"]
    assert [m.figure["source"] for m in misses] == ["KR-NIS"]


def test_missing_prediction_counts_as_not_relevant() -> None:
    r = evaluate(GOLD[1:2], [])
    assert r.overall.recall == 0.0 and r.overall.rel_fn == 1


def test_format_report() -> None:
    r = evaluate(GOLD, PRED)
    table = format_report(r)
    lines = table.splitlines()
    assert lines[0].split() == ["lang", "texts", "gold", "pred", "P", "R", "F1", "qual", "src", "relP", "relR"]
    assert any(line.startswith("ALL") and "0.750" in line for line in lines)
    assert len({len(line) for line in lines}) == 1  # aligned
    detailed = format_report(r, errors=True)
    assert "MISS" in detailed and "FALSE" in detailed and "RELEVANCE c" in detailed
    assert "errors:" not in table


def test_empty() -> None:
    r = evaluate([], [])
    assert r.overall.precision == 1.0 and r.overall.recall == 1.0
    assert "ALL" in format_report(r)

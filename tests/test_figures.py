"""Figure extraction: data-driven cases (tests/cases/extract/*.txt + .json) and API invariants."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from extractors.analyse import Analysis, analyse
from extractors.figures import EXTRACTOR_VERSION, extract_figures, split_sentences
from extractors.records import METRICS, QUALIFIERS, SOURCES

CASES = Path(__file__).parent / "cases" / "extract"
CASE_NAMES = sorted(p.stem for p in CASES.glob("*.txt"))


def _key(f: dict) -> tuple:
    return (f["metric"], f["value"], f.get("high"), f["qualifier"], f.get("source") or "")


@pytest.mark.parametrize("name", CASE_NAMES)
def test_case(name: str) -> None:
    text = (CASES / f"{name}.txt").read_text(encoding="utf-8")
    expected = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))
    result = analyse(text, expected.get("lang", ""), expected.get("title", ""))
    assert result.relevance.relevant is expected.get("relevant", True), result.relevance
    got = Counter(
        _key({"metric": f.metric, "value": f.value, "high": f.high, "qualifier": f.qualifier, "source": f.source})
        for f in result.figures
    )
    want = Counter(_key(f) for f in expected["figures"])
    assert got == want, f"missing {want - got}, unexpected {got - want}"


def test_every_case_has_its_expectation() -> None:
    assert CASE_NAMES, "no cases found"
    for name in CASE_NAMES:
        assert (CASES / f"{name}.json").exists(), name
    langs = {json.loads((CASES / f"{n}.json").read_text(encoding="utf-8"))["lang"] for n in CASE_NAMES}
    assert {"en", "fr", "de", "es", "it", "pt", "ru", "uk", "ko", "ja", "zh"} <= langs


TEXT = (
    "North Korea has sent about 11,000 troops to Russia, South Korea's spy agency said.\n"
    "The agency said again that about 11,000 North Korean soldiers were in Russia.\n"
    "The Pentagon said 11,000 North Korean troops were in Kursk."
)


def test_quote_offsets_and_one_figure_per_key() -> None:
    figures = extract_figures(TEXT, "en")
    keys = [f.key() for f in figures]
    assert len(keys) == len(set(keys))
    assert ("troops_deployed", 11000, None, "KR-NIS") in keys
    assert ("troops_deployed", 11000, None, "US-GOV") in keys  # same number, two sources: two figures
    for f in figures:
        assert TEXT[f.start : f.end] == f.quote
        assert f.metric in METRICS and f.qualifier in QUALIFIERS and f.source in SOURCES


def test_title_figure_used_only_when_body_lacks_it() -> None:
    title = "NIS: over 3,000 North Korean soldiers sent to Russia"
    body = "North Korea has sent its soldiers to Russia, the NIS said, adding no details."
    figures = extract_figures(body, "en", title)
    assert [(f.metric, f.value, f.qualifier, f.quote, f.start, f.end) for f in figures] == [
        ("troops_deployed", 3000, "more_than", title, 0, 0)
    ]
    body2 = "North Korea has sent exactly 3,000 soldiers to Russia, the NIS said."
    figures2 = extract_figures(body2, "en", title)
    assert [(f.value, f.qualifier, f.quote) for f in figures2] == [(3000, "exact", body2)]


def test_irrelevant_text_gives_no_figures() -> None:
    a = analyse("The bakery sold 3,000 loaves and 200 cakes on Sunday.", "en")
    assert isinstance(a, Analysis)
    assert a.relevance.relevant is False and a.figures == ()


def test_empty_and_unknown_language() -> None:
    assert extract_figures("", "") == []
    assert extract_figures("12 000 soldats", "xx") == []
    a = analyse("", "")
    assert a.lang == "" and a.figures == () and not a.relevance.relevant


def test_sentences_keep_offsets() -> None:
    text = "Rep. Lee said 3,000 troops left. The U.S. disagreed!\n\n북한은 파병했다. 北朝鮮は派兵した。次の文"
    sents = split_sentences(text)
    assert [s.text for s in sents] == [
        "Rep. Lee said 3,000 troops left.",
        "The U.S. disagreed!",
        "북한은 파병했다.",
        "北朝鮮は派兵した。",
        "次の文",
    ]
    for s in sents:
        assert text[s.start : s.end] == s.text


def test_version_is_semver() -> None:
    parts = EXTRACTOR_VERSION.split(".")
    assert len(parts) == 3 and all(p.isdigit() for p in parts)


def test_month_abbreviation_before_a_day_does_not_end_the_sentence() -> None:
    text = "SEOUL, Feb. 4 -- North Korea sent about 2,000 more troops to Russia, the JCS said."
    assert [s.text for s in split_sentences(text)] == [text]
    keys = [f.key() for f in extract_figures(text, "en")]
    assert keys == [("troops_additional", 2000, None, "KR-JCS")]


def test_cyrillic_scale_abbreviation_ends_a_sentence_before_a_capital() -> None:
    text = "Потери оценивали в 2 тыс. ГУР называл другие цифры. Прибыли 12 тыс. человек."
    assert [s.text for s in split_sentences(text)] == [
        "Потери оценивали в 2 тыс.",
        "ГУР называл другие цифры.",
        "Прибыли 12 тыс. человек.",
    ]
    german = "Pjöngjang lieferte rund 2 Mio. Granaten an Russland."
    assert [s.text for s in split_sentences(german)] == [german]


def test_title_ellipsis_separates_two_figures() -> None:
    title = '국정원 "북한군 사상자 약 4천명…사망자 500명가량"'
    got = {(f.metric, f.value) for f in extract_figures("", "ko", title)}
    assert got == {("casualties", 4000), ("killed", 500)}

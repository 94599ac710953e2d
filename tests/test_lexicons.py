"""Every packaged lexicon loads; the loader names the file and key of any problem."""

from __future__ import annotations

import copy
import re
import tomllib
from importlib import resources
from typing import Any

import pytest

from extractors.lexicon import LexiconError, available_languages, load_lexicon, parse_lexicon

LANGS = ("en", "fr", "de", "es", "it", "pt", "ru", "uk", "ko", "ja", "zh")


def _raw(lang: str) -> dict[str, Any]:
    path = resources.files("extractors").joinpath("lexicons", f"{lang}.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_all_languages_are_packaged() -> None:
    assert set(LANGS) <= set(available_languages())


@pytest.mark.parametrize("lang", LANGS)
def test_lexicon_loads(lang: str) -> None:
    lex = load_lexicon(lang)
    assert lex.lang == lang
    assert lex.number_words and lex.scales
    assert lex.metrics["people"].search is not None
    assert load_lexicon(lang) is lex  # cached


@pytest.mark.parametrize("lang", LANGS)
def test_core_groups_are_not_empty(lang: str) -> None:
    raw = _raw(lang)
    for key in ("people", "killed", "wounded", "missiles", "artillery_shells", "additional"):
        assert raw["metrics"][key], f"{lang}: metrics.{key} is empty"
    assert raw["sources"]["codes"], lang
    for q in ("approx", "at_least", "more_than", "up_to"):
        assert raw["qualifiers"][q] or raw["qualifiers"][f"{q}_after"], f"{lang}: no {q} phrase"


def _broken(mutate: Any) -> dict[str, Any]:
    data = copy.deepcopy(_raw("en"))
    mutate(data)
    return data


def test_missing_key_is_named() -> None:
    data = _broken(lambda d: d["metrics"].pop("killed"))
    with pytest.raises(LexiconError, match=r"test\.toml: missing key 'metrics\.killed'"):
        parse_lexicon(data, "test.toml")


def test_bad_regex_is_named() -> None:
    data = _broken(lambda d: d["metrics"].__setitem__("wounded", ["(unclosed"]))
    with pytest.raises(LexiconError, match=r"test\.toml: key 'metrics\.wounded'.*does not compile"):
        parse_lexicon(data, "test.toml")


def test_empty_alternative_is_refused() -> None:
    data = _broken(lambda d: d["context"].__setitem__("nk", ["North Korea|"]))
    with pytest.raises(LexiconError, match=r"key 'context\.nk'.*matches the empty string"):
        parse_lexicon(data, "test.toml")


@pytest.mark.parametrize("pattern", ["North||South", "(?:North|)Korea", "(|a)b"])
def test_empty_branch_inside_a_pattern_is_refused(pattern: str) -> None:
    data = _broken(lambda d: d["context"].__setitem__("russia", [pattern]))
    with pytest.raises(LexiconError, match=r"key 'context\.russia'.*(empty alternative|empty string)"):
        parse_lexicon(data, "test.toml")


def test_empty_pattern_is_refused() -> None:
    data = _broken(lambda d: d["qualifiers"].__setitem__("approx", ["about", "  "]))
    with pytest.raises(LexiconError, match=r"key 'qualifiers\.approx' holds an empty pattern"):
        parse_lexicon(data, "test.toml")


def test_empty_group_is_refused() -> None:
    data = _broken(lambda d: d["metrics"].__setitem__("people", []))
    with pytest.raises(LexiconError, match=r"key 'metrics\.people' is an empty group"):
        parse_lexicon(data, "test.toml")


def test_unknown_source_code_is_refused() -> None:
    data = _broken(lambda d: d["sources"]["codes"].__setitem__("XX-SPY", ["spies"]))
    with pytest.raises(LexiconError, match=r"'sources\.codes\.XX-SPY' is not a known source code"):
        parse_lexicon(data, "test.toml")


def test_bad_number_word_is_refused() -> None:
    data = _broken(lambda d: d["numbers"]["words"].__setitem__("zero", 0))
    with pytest.raises(LexiconError, match=r"'numbers\.words\.zero' must be a positive integer"):
        parse_lexicon(data, "test.toml")


def test_unknown_language_file() -> None:
    with pytest.raises(LexiconError, match=r"lexicons/xx\.toml: no lexicon for this language"):
        load_lexicon("xx")
    with pytest.raises(LexiconError, match="not a 2-letter language code"):
        load_lexicon("../en")


def test_apostrophe_escape_reads_both_apostrophes_inside_and_outside_classes() -> None:
    lex = load_lexicon("en")
    one_word = re.compile(lex.raw["context.unit_size_after"], re.I)
    for text in ("12,000-strong Storm Corps", "12,000-strong Kim's Corps", "12,000-strong Kim’s Corps"):
        assert one_word.search(text), text
    nis = dict(lex.sources)["KR-NIS"]
    assert nis.search("South Korea’s spy agency") and nis.search("South Korea's spy agency")


def test_broken_lexicon_is_an_error_not_an_unknown_language(monkeypatch: pytest.MonkeyPatch, tmp_path, capsys) -> None:
    """A lexicon that fails to load must not read every text in its language as irrelevant: the
    extractor raises and the CLI says which file is broken (an unknown language stays quiet)."""
    import extractors.figures as figures
    import extractors.relevance as relevance
    from extractors.lexicon import LexiconMissing
    from flows import cli

    def broken(lang: str):
        if lang != "de":
            raise LexiconMissing(f"lexicons/{lang}.toml: no lexicon for this language")
        raise LexiconError("lexicons/de.toml: invalid TOML (test)")

    monkeypatch.setattr(relevance, "load_lexicon", broken)
    monkeypatch.setattr(figures, "load_lexicon", broken)
    assert not relevance.detect_relevance("Pyongyang Kursk troops", "xx").relevant
    with pytest.raises(LexiconError, match="invalid TOML"):
        relevance.detect_relevance("Nordkorea hat 11.000 Soldaten nach Russland geschickt.", "de")
    lines = tmp_path / "in.jsonl"
    lines.write_text('{"id": "a", "lang": "de", "text": "Nordkorea hat 11.000 Soldaten nach Russland geschickt."}\n')
    assert cli.main(["extract", "--jsonl", str(lines)]) == 2
    assert "lexicon: lexicons/de.toml: invalid TOML" in capsys.readouterr().err


def test_german_patterns_read_the_swiss_spelling() -> None:
    """Swiss outlets write "ss" for "ß": every German pattern and number word with "ß" accepts both."""
    raw = resources.files("extractors").joinpath("lexicons/de.toml").read_text(encoding="utf-8")
    bare: list[str] = []

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                words = key.split("|")
                bare.extend(w for w in words if "ß" in w and w.replace("ß", "ss") not in words)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and "ß" in value.replace("(?:ß|ss)", ""):
            bare.append(value)

    walk(tomllib.loads(raw))
    assert bare == []
    lex = load_lexicon("de")
    assert lex.patterns["sources.hearsay"].search("heisst es")
    assert lex.metrics["casualties"].search("ausser Gefecht gesetzt")

"""Number parsing in every supported format and language."""

from __future__ import annotations

import pytest

from extractors.lexicon import load_lexicon
from extractors.numbers import find_numbers, parse_east_asian, parse_number


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("en", "11,000 troops", 11000),
        ("fr", "11 000 soldats", 11000),
        ("fr", "11\u00a0000 soldats", 11000),
        ("fr", "11\u202f000 soldats", 11000),
        ("de", "11.000 Soldaten", 11000),
        ("de", "11'000 Soldaten", 11000),
        ("en", "1.2 million shells", 1_200_000),
        ("fr", "1,2 million d'obus", 1_200_000),
        ("en", "12k troops", 12000),
        ("en", "9M shells", 9_000_000),
        ("en", "three thousand troops", 3000),
        ("en", "four-thousand-100 wounded", 4100),
        ("en", "a combined 15-thousand troops", 15000),
        ("en", "roughly 12-hundred balloons", 1200),
        ("en", "two soldiers", 2),
        ("en", "twenty-five soldiers", 25),
        ("fr", "deux cents pièces", 200),
        ("fr", "trois mille soldats", 3000),
        ("fr", "quatre-vingt-dix morts", 90),
        ("es", "doce mil soldados", 12000),
        ("es", "quinientos heridos", 500),
        ("it", "11 mila soldati", 11000),
        ("it", "tremila soldati", 3000),
        ("pt", "oito mil militares", 8000),
        ("de", "dreitausend Soldaten", 3000),
        ("ru", "12 тыс. военных", 12000),
        ("ru", "4,7 тыс. человек", 4700),
        ("ru", "5 млн снарядов", 5_000_000),
        ("ru", "сто солдат", 100),
        ("ru", "пяти тысячах военнослужащих", 5000),
        ("ru", "около трехсот человек", 300),
        ("ru", "тысяча саперов", 1000),
        ("uk", "11 тис. військових", 11000),
        ("uk", "двох солдатів", 2),
        ("ko", "1만1천 명", 11000),
        ("ko", "1만 1천여 명", 11000),
        ("ko", "3천 명", 3000),
        ("ko", "1천100여 명", 1100),
        ("ko", "1천여만 발", 10_000_000),
        ("ko", "만여 명", 10000),
        ("ko", "두 명", 2),
        ("ja", "1万1000人", 11000),
        ("ja", "約1万5000人", 15000),
        ("zh", "1萬1000名", 11000),
        ("zh", "逾1万名士兵", 10000),
        ("zh", "一万一千名", 11000),
        ("zh", "460余架", 460),
        ("zh", "1200多万发", 12_000_000),
    ],
)
def test_values(lang: str, text: str, value: int) -> None:
    assert parse_number(text, load_lexicon(lang)) == value


@pytest.mark.parametrize(
    ("lang", "text", "low", "high"),
    [
        ("en", "10,000 to 12,000 troops", 10000, 12000),
        ("en", "between 10,000 and 12,000 troops", 10000, 12000),
        ("en", "around 11 to 12,000 troops", 11000, 12000),
        ("fr", "10 000-12 000 soldats", 10000, 12000),
        ("fr", "de 2 000 à 3 000 soldats", 2000, 3000),
        ("de", "zwischen 8.000 und 10.000 Soldaten", 8000, 10000),
        ("pt", "entre oito mil e dez mil efetivos", 8000, 10000),
        ("ru", "от 1 до 3 тыс. военнослужащих", 1000, 3000),
        ("ko", "1만~1만2천 명", 10000, 12000),
        ("ko", "1~2천 명", 1000, 2000),
        ("zh", "1至2万名士兵", 10000, 20000),
        ("en", "between 10 and 12 thousand troops", 10000, 12000),
        ("en", "from 10,000 to 12,000 troops", 10000, 12000),
        ("ja", "8000～1万人", 8000, 10000),
        # the first end with its counter, and "between … and" closed after the second end
        ("ko", "1만 명~1만2천 명", 10000, 12000),
        ("ko", "1만 명에서 1만2천 명 사이", 10000, 12000),
        ("ja", "1万人から1万2000人", 10000, 12000),
        ("zh", "1万人至1.2万人", 10000, 12000),
        # a decimal low end takes the multiplier of the high end
        ("en", "between 3.7 and 6.2 million shells", 3_700_000, 6_200_000),
        ("fr", "entre 3,7 et 6,2 millions d'obus", 3_700_000, 6_200_000),
        ("de", "1,5 bis 2 Millionen Granaten", 1_500_000, 2_000_000),
    ],
)
def test_ranges(lang: str, text: str, low: int, high: int) -> None:
    found = find_numbers(text, load_lexicon(lang))
    assert [(n.value, n.high) for n in found] == [(low, high)]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "thousands of troops"),
        ("en", "several thousand troops"),
        ("en", "dozens of soldiers"),
        ("fr", "des milliers de soldats"),
        ("fr", "plusieurs centaines de soldats"),
        ("de", "Tausende Soldaten"),
        ("es", "miles de soldados"),
        ("ru", "несколько тысяч военных"),
        ("ru", "тысячи военных"),
        ("ko", "수천 명"),
        ("ko", "수십 명"),
        ("ja", "数千人"),
        ("zh", "数千名"),
    ],
)
def test_vague_amounts_are_not_numbers(lang: str, text: str) -> None:
    assert find_numbers(text, load_lexicon(lang)) == []


def test_collective_numerals_are_approximate() -> None:
    fr = find_numbers("une centaine de soldats", load_lexicon("fr"))
    assert [(n.value, n.approx) for n in fr] == [(100, True)]
    en = find_numbers("a dozen soldiers", load_lexicon("en"))
    assert [(n.value, n.approx) for n in en] == [(12, True)]
    es = find_numbers("más de un millar de soldados", load_lexicon("es"))
    assert [(n.value, n.approx) for n in es] == [(1000, True)]


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("ru", "28 с лишним тысяч контейнеров", 28000),
        ("uk", "12 з лишком тисяч військових", 12000),
        ("en", "twenty-odd thousand containers", 20000),
        # the scale before a small number word: a word-order approximation
        ("ru", "тысяч двенадцать военных", 12000),
        ("ru", "тысячи две человек", 2000),
        ("uk", "тисяч дванадцять військових", 12000),
    ],
)
def test_odd_and_inverted_numbers_are_approximate(lang: str, text: str, value: int) -> None:
    found = find_numbers(text, load_lexicon(lang))
    assert [(n.value, n.approx) for n in found] == [(value, True)]


def test_a_decimal_alone_is_no_count_and_a_thousand_and_twelve_is_exact() -> None:
    assert find_numbers("a 3.7 rating", load_lexicon("en")) == []
    ru = find_numbers("тысяча двенадцать человек", load_lexicon("ru"))
    assert [(n.value, n.approx) for n in ru] == [(1012, False)]


def test_east_asian_odd_marker() -> None:
    assert parse_east_asian("1만1천여") == (11000, True)
    assert parse_east_asian("1万1000") == (11000, False)
    assert parse_east_asian("一万一千") == (11000, False)
    assert parse_east_asian("abc") is None


def test_offsets_point_at_the_number() -> None:
    text = "They sent 11 000 soldiers and 1.2 million shells."
    found = find_numbers(text, load_lexicon("en"))
    assert [text[n.start : n.end] for n in found] == ["11 000", "1.2 million"]


def test_times_fractions_and_bare_decimals_are_not_counts() -> None:
    lex = load_lexicon("en")
    assert [n.value for n in find_numbers("at 10:30 some 3,000 troops", lex)] == [3000]
    assert find_numbers("1/3 of the force", lex) == []
    assert find_numbers("2.5 dollars an hour", lex) == []


def test_designations_and_ordinals_are_not_numbers() -> None:
    lex = load_lexicon("en")
    assert [n.value for n in find_numbers("M1989 guns and the 528th regiment", lex)] == []
    assert [n.value for n in find_numbers("a 777-200ER plane", lex)] == [777]

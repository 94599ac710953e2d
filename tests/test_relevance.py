"""Language detection and relevance (own example texts)."""

from __future__ import annotations

import pytest

from extractors.language import detect_language
from extractors.relevance import detect_relevance


@pytest.mark.parametrize(
    ("text", "hint", "lang"),
    [
        ("anything", "fr-FR", "fr"),
        ("anything", "ko_KR", "ko"),
        ("anything", "EN", "en"),
        ("북한은 러시아에 병력을 보냈다고 국정원이 밝혔다.", "", "ko"),
        ("北朝鮮はロシアに兵士を派遣したと発表した。", "", "ja"),
        ("北韩向俄罗斯派遣了士兵，韩国情报机构表示。", "", "zh"),
        ("КНДР направила в Россию военных, сообщила разведка Южной Кореи.", "", "ru"),
        ("КНДР направила до Росії військових, повідомила розвідка Південної Кореї.", "", "uk"),
        ("The North has sent troops to Russia, the agency said on Monday.", "", "en"),
        ("La Corée du Nord a envoyé des soldats en Russie, selon le renseignement.", "", "fr"),
        ("Nordkorea hat Soldaten nach Russland geschickt, teilte der Dienst mit.", "", "de"),
        ("Corea del Norte ha enviado soldados a Rusia, según la inteligencia.", "", "es"),
        ("", "", ""),
        ("12345 678", "", ""),
        ("x", "zz-ZZ", ""),
    ],
)
def test_detect_language(text: str, hint: str, lang: str) -> None:
    assert detect_language(text, hint) == lang


RELEVANT = [
    ("en", "North Korea has sent more soldiers to Russia's Kursk region, Seoul said. "
           "The troops are fighting alongside Russian forces against Ukraine."),
    ("fr", "La Corée du Nord fournit des obus et des missiles à la Russie pour sa guerre en Ukraine. "
           "Des soldats nord-coréens combattent dans la région de Koursk."),
    ("de", "Nordkorea liefert Russland Munition für den Krieg gegen die Ukraine. "
           "Nordkoreanische Soldaten kämpfen in Kursk."),
    ("ru", "КНДР направила в Россию новых военных. Северокорейские солдаты воюют в Курской области."),
    ("ko", "북한이 러시아에 병력을 추가로 파병했다. 북한군은 쿠르스크 전선에 투입됐다."),
    ("ja", "北朝鮮がロシアに兵士を追加で派遣した。北朝鮮軍はクルスク州の前線に投入された。"),
    ("zh", "北韩向俄罗斯增派士兵。北韩部队已部署在库尔斯克前线。"),
]

NOT_RELEVANT = [
    ("en", "North Korea fired a ballistic missile into the sea on Tuesday, Japan's coast guard said. "
           "The launch was the third this month."),
    ("en", "Russia and Ukraine exchanged 300 prisoners of war on Friday, officials said. "
           "The swap was mediated by the United Arab Emirates."),
    ("en", "The bakery on Main Street sold 3,000 loaves on Sunday."),
    ("fr", "Le marché des voitures électriques a progressé de 12 % en 2024, selon le cabinet."),
    ("ko", "지난해 국내로 들어온 탈북민은 모두 200명으로 집계됐다. 통일부가 밝혔다."),
    ("de", "Die Bahn streicht im Winter mehrere Verbindungen zwischen Berlin und Hamburg."),
    # a war story naming North Korea's troops only in passing
    ("en", "Russia launched 400 drones at Kyiv overnight, Ukraine's air force said. Most were shot down. "
           "The strikes hit energy facilities in five regions. President Zelensky called for more air "
           "defence systems and said North Korean troops were still fighting in Kursk. Talks on a "
           "ceasefire have stalled. European leaders meet on Thursday."),
    # a missile-test story naming Russia in one sentence: strong cues (KN-23, missiles) but in passing
    ("en", "North Korea test-fired several KN-23 ballistic missiles on Thursday, the JCS said. The "
           "missiles flew about 600 km before falling into the sea. Pyongyang's state media said Kim "
           "Jong-un watched the drill. Japan protested through diplomatic channels. Analysts said the "
           "North may be improving the KN-23 with lessons from its use by Russia in Ukraine."),
    # a story on the size of the two Koreas' armies: North Korea's troops again and again, Russia once
    ("ko", "국군 상비병력 45만 명 선 붕괴…북한군 128만 명과 격차. 우리 군의 상비병력이 처음으로 45만 명 "
           "아래로 내려갔다. 반면 북한군 병력은 128만 명 수준을 유지하고 있다. 북한군은 전차 4천여 대를 "
           "보유하고 있다. 국방부는 2040년께 상비병력이 35만 명까지 줄 수 있다고 내다봤다. 병력 감소는 "
           "이미 현장에서 체감되고 있다. 전문가들은 러시아와 밀착한 북한이 실전 경험을 쌓고 있다고 말했다."),
]


@pytest.mark.parametrize(("lang", "text"), RELEVANT)
def test_relevant(lang: str, text: str) -> None:
    r = detect_relevance(text, lang)
    assert r.relevant, r
    assert r.score > 0 and r.reasons


@pytest.mark.parametrize(("lang", "text"), NOT_RELEVANT)
def test_not_relevant(lang: str, text: str) -> None:
    assert not detect_relevance(text, lang).relevant


def test_title_counts() -> None:
    title = "North Korean troops in Russia: Seoul says 11,000 soldiers deployed to Kursk"
    body = "North Korea's deployment to Russia continues, the officials said. More soldiers could follow to the war."
    assert detect_relevance(body, "en", title).relevant


def test_unknown_language_is_not_relevant() -> None:
    r = detect_relevance("Pyongyang Kursk troops", "xx")
    assert not r.relevant and "no lexicon" in r.reasons[0]

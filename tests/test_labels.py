"""zh-Hans and pinyin labels: exact conversions, placeholders and overrides kept."""

from __future__ import annotations

import pytest

from kg.entities.labels import hans, load_overrides, pinyin


@pytest.mark.parametrize("text,expected", [
    ("夏四月，宋取葭蘆寨。", "夏四月，宋取葭芦寨。"),
    ("鄜延副總管曲珍", "鄜延副总管曲珍"),
    ("《續資治通鑑長編》", "《续资治通鉴长编》"),
    ("趙扌卞", "赵扌卞"),            # a name written as components stays as printed
    ("李<白>浩", "李<白>浩"),        # placeholder of an unprintable character
    ("<龜>龜茲", "<龜>龟兹"),        # the placeholder itself is never converted
    ("\U00020000州", "\U00020000州"),  # CJK Extension B kept
    ("仁多\ue406丁", "仁多\ue406丁"),  # private-use glyph kept
])
def test_hans(text, expected):
    assert hans(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("夏四月，宋取葭蘆寨。", "xià sì yuè, sòng qǔ jiā lú zhài."),
    ("單于", "chán yú"),
    ("吐蕃", "tǔ bō"),
    ("可汗", "kè hán"),
    ("龜茲", "qiū cí"),
    ("回鶻使", "huí hú shǐ"),
    ("《長編》三百二十三", "«cháng biān» sān bǎi èr shí sān"),
    ("李<白>浩", "lǐ <白> hào"),
    ("仁多\ue406丁", "rén duō \ue406 dīng"),
    ("「漢人何不降？」", "\u201chàn rén hé bù jiàng?\u201d"),
])
def test_pinyin(text, expected):
    assert pinyin(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("李憲", "Lǐ Xiàn"),
    ("種諤", "Chóng È"),        # surname reading, not zhǒng
    ("折克行", "Shé Kè Xíng"),
    ("曲珍", "Qū Zhēn"),
    ("單于", "Chán Yú"),        # the phrase wins over the surname reading of 單
    ("沒藏訛龐", "Mò Zàng É Páng"),
])
def test_pinyin_names(text, expected):
    assert pinyin(text, name=True) == expected


def test_surname_reading_only_for_names():
    assert pinyin("種落") == "zhǒng luò"


def test_override_table_is_consistent():
    phrases, surnames = load_overrides()
    assert phrases["單于"] == ["chán", "yú"]
    assert surnames["種"] == "chóng"
    assert all(len(f) == len(s) for f, s in phrases.items())

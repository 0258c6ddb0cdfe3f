"""The structural parse: nothing lost, entries found where the layout rules put them."""

from __future__ import annotations

import pytest

from kg.text.parse import parse_source
from kg.text.source import SourceText, decode

from .conftest import SEED_FILES


@pytest.mark.parametrize("key", sorted(SEED_FILES))
def test_rebuild_byte_for_byte(chronicles, key):
    chron = chronicles[key]
    assert chron.rebuild().encode("utf-8") == SEED_FILES[key].read_bytes()


@pytest.mark.parametrize("key", sorted(SEED_FILES))
def test_segments_cover_every_character_once(chronicles, key):
    chron = chronicles[key]
    pos = 0
    for seg in chron.segments:
        assert seg.start == pos
        assert seg.end > seg.start
        pos = seg.end
    assert pos == len(chron.source.text)


def test_entry_counts(chronicles):
    assert {k: len(c.entries) for k, c in chronicles.items()} == {
        "1082": 64, "1061": 71, "1043": 45}


def test_year_headings(chronicles):
    assert [y.heading for y in chronicles["1061"].years] == [
        "西夏稱群都五年", "西夏稱奲都六年", "西夏稱拱化元年", "西夏稱拱化二年",
        "西夏稱拱化三年", "西夏稱拱化四年", "西夏稱拱化五年"]
    assert [y.heading for y in chronicles["1043"].years] == [
        "西夏稱天授禮法延祚六年", "西夏稱天授禮法延祚七年"]


def _entry(chron, headline_start: str):
    return next(e for e in chron.entries if chron.text(e.headline).startswith(headline_start))


def test_headline_with_narrative(chronicles):
    c = chronicles["1082"]
    e = _entry(c, "梁氏與仁多族")
    assert c.text(e.headline) == "梁氏與仁多族分據東、西廂兵馬。"
    assert [c.text(p) for p in e.paragraphs] == [
        "秉常被囚，人心離貳。國母梁氏之族與仁多族分據東、西廂兵馬，勢力相敵，疑阻日深，"
        "侵宋之謀，自此漸止矣。"]
    assert c.text(e.citation) == "（《欒城集·論西事狀》）"


def test_run_on_headline_after_citation(chronicles):
    c = chronicles["1082"]
    e = _entry(c, "夏四月，宋取葭蘆寨")
    assert c.text(e.headline) == "夏四月，宋取葭蘆寨。"
    assert c.text(e.paragraphs[0]).startswith("曲珍既拔金湯，乃移軍討葭蘆")
    assert c.source.position(e.start) == (26, 56)


def test_headline_only_entries_on_one_line(chronicles):
    c = chronicles["1043"]
    e1 = _entry(c, "十二月，契丹遣同知點檢司事")
    e2 = _entry(c, "宋范仲淹劄經略司")
    assert e1.paragraphs == [] and c.text(e1.citation) == "（《遼史·耶律嫋履傳》及《西夏外紀》）"
    assert c.text(e2.headline) == "宋范仲淹劄經略司起發軍馬，赴乾興寨駐紮防托。"
    assert [c.text(p) for p in e2.paragraphs] == ["以西人點集壯人、壯馬，往環州故也。"]
    e3 = _entry(c, "遣使貢於契丹")
    assert e3.paragraphs == [] and c.text(e3.citation) == "（《遼史·西夏外紀》）"


def test_multi_paragraph_narrative(chronicles):
    c = chronicles["1082"]
    e = _entry(c, "九月，攻宋永樂，陷之")
    assert len(e.paragraphs) == 4
    assert c.text(e.paragraphs[1]).startswith("丁亥，夏人漸逼")
    assert c.text(e.paragraphs[3]).startswith("戊戌，夜大雨")
    assert c.text(e.citation).startswith("（《宋史·夏國傳》、徐禧、高永能、曲珍、李稷等傳及《長編》三百二十九。按")


def test_inline_parens_are_not_citations(chronicles):
    c = chronicles["1082"]
    e = _entry(c, "六月，都統軍嵬名妹精嵬")
    assert c.text(e.headline) == ("六月，都統軍嵬名妹精嵬（一作威明墨沁威）、副統軍訛勃遇（一作阿布雅）"
                                  "掠宋淮安鎮，敗死。")
    assert [p.kind for p in e.parens] == ["variant", "variant", "variant"]
    e = _entry(c, "八月，宋城永樂")
    assert [p.kind for p in e.parens] == ["quote"]
    assert c.text(e.citation) == "（《宋史》種諤、徐禧、曲珍等傳）"


def test_two_headlines_printed_together_are_split(chronicles):
    c = chronicles["1061"]
    a = _entry(c, "掠青雞川")
    b = _entry(c, "三月，蕃酋獻地秦州")
    assert c.text(a.headline) == "掠青雞川。"
    assert a.paragraphs == [] and a.citation is None
    assert a.joined_to_next and not b.joined_to_next
    assert a.warnings == []
    assert c.text(b.headline) == "三月，蕃酋獻地秦州，築成南牟穀口以拒。"
    assert c.text(b.citation) == "（《西夏書事》）"


def test_private_use_characters_are_kept_and_reported(chronicles):
    c = chronicles["1082"]
    e = _entry(c, "宋詔李憲募死士")
    assert c.text(e.headline) == "宋詔李憲募死士，購夏首領仁多\ue406丁。"
    assert any(w.code == "private-use" and w.line == 65 for w in c.warnings)


def test_narrative_without_citation_then_headline():
    text = ("西夏稱大安八年\n春正月，修南牟城。\n南牟倚天都山，宮殿皆毀。\n"
            "二月，掠宋定西城。\n定西即夏西市城。（《長編》三百二十三）\n")
    c = parse_source(SourceText("t.txt", text))
    assert [c.text(e.headline) for e in c.entries] == ["春正月，修南牟城。", "二月，掠宋定西城。"]
    assert [w.code for w in c.entries[0].warnings] == ["no-citation"]
    assert c.rebuild() == text


def test_short_line_after_uncited_paragraph_is_a_headline():
    text = "修南牟城。\n南牟倚天都山，宮殿皆毀，蕃部族帳遷徙無依。\n襲荒堆三泉。\n夏人聞其有備。（《長編》一）\n"
    c = parse_source(SourceText("t.txt", text))
    assert [c.text(e.headline) for e in c.entries] == ["修南牟城。", "襲荒堆三泉。"]


def test_halfwidth_parentheses():
    text = "春正月,上書於遼,求與宋和。(《宋史·夏國傳》)二月,遣使貢於遼。(《遼史·道宗本紀》)\n"
    c = parse_source(SourceText("t.txt", text))
    assert [c.text(e.headline) for e in c.entries] == ["春正月,上書於遼,求與宋和。", "二月,遣使貢於遼。"]
    assert [c.text(e.citation) for e in c.entries] == ["(《宋史·夏國傳》)", "(《遼史·道宗本紀》)"]


def test_unbalanced_parentheses_are_located_errors():
    text = "春正月，上書於遼（一作契丹，求與宋和。\n梁氏欲與宋和。（《宋史·夏國傳》）\n二月，遣使）貢於遼。（《遼史》）\n"
    c = parse_source(SourceText("t.txt", text))
    assert [(f.code, f.line, f.col) for f in c.errors] == [
        ("unbalanced-open", 1, 9), ("unbalanced-close", 3, 6)]
    assert [c.text(e.headline) for e in c.entries] == [
        "春正月，上書於遼（一作契丹，求與宋和。", "二月，遣使）貢於遼。"]
    assert c.rebuild() == text


def test_placeholders_decomposed_and_non_bmp_kept():
    text = "夏四月，宋臣趙扌卞論<白>𠇗人入境。（《趙清獻集》）\n"
    c = parse_source(SourceText("t.txt", text))
    assert c.text(c.entries[0].headline) == "夏四月，宋臣趙扌卞論<白>𠇗人入境。"
    assert c.rebuild() == text


@pytest.mark.parametrize("data,kind", [
    (b"", "empty"), (b"\x00\x01binary\x00", "binary"),
    ("春正月，上書於遼。".encode("gb18030"), "encoding")])
def test_bad_input_is_refused_with_a_kind(data, kind):
    from kg.text.source import InputError
    with pytest.raises(InputError) as info:
        decode(data, "bad.txt")
    assert info.value.kind == kind

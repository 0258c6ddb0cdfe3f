"""The rules that find what a reading is about, on crafted notes and on the seed texts.

Each crafted case is one written pattern of the chronicle (docs/DOMAIN.md); the seed
cases are the readings the rules used to get wrong (issue: pairs that are not written
forms of one name, a source that agrees published as a disagreement, readings about
the wrong stretch of text).
"""

from __future__ import annotations

import pytest

from kg.pipeline.run import parse_file
from kg.sources.readings import (
    chronicle_text,
    differs_readings,
    inline_reading,
    note_readings,
    searchable,
)

from .conftest import SEED_FILES


def _pairs(readings):
    return [(r.form, r.variant, r.works, r.standing, r.form_basis) for r in readings]


def test_a_source_that_reads_what_the_chronicle_reads_is_no_reading():
    chronicle = "遂詔陝西、河東經略司：其新復城寨徼循毋出三二里，所有歲貢賚賜，一切如舊。"
    note = "按徐氏松輯大典本《宋會要》：其新收復寨止於三十二里巡綽防拓。按此作三二十里，與《夏國傳》異。《長編》亦作三二里。"
    got = note_readings(note, 0, context="秉常遣使", chronicle=chronicle)
    # 此 (the 宋會要 just quoted) reads 三二十里 where the chronicle reads 三二里; the
    # 長編 reads 三二里 too, so it agrees and is no reading at all
    assert _pairs(got) == [("三二里", "三二十里", ["輯大典本《宋會要》"], "alternative", "similar")]


def test_a_single_character_that_the_text_also_has_is_an_agreement():
    chronicle = "樞密使文彥博難之，或舉寶元、康定事。"
    note = "按《長編》作因舉寶元、康定事，改「或」為「因」，則屬彥博矣。《韓琦傳》作或，則引寶元、康定事者非彥博"
    got = note_readings(note, 0, context="樞密使文彥博難之，或舉寶元、康定事",
                        chronicle=chronicle)
    # 《韓琦傳》作或 agrees; the 長編 reading is about both pieces 或舉寶元、康定事
    assert _pairs(got) == [("或舉寶元、康定事", "因舉寶元、康定事", ["《長編》"], "alternative",
                            "shared-suffix")]


def test_a_number_is_about_the_whole_number_of_the_text():
    chronicle = "凡歲賜銀、綺、絹、茶二十五萬五千，乞如常數。"
    got = note_readings("按李心傳《朝野雜記》歲賜之數作二十五萬。", 0, context="宋上誓表",
                        chronicle=chronicle)
    assert [(r.form, r.variant, r.reading_kind, r.form_basis) for r in got] == [
        ("二十五萬五千", "二十五萬", "number", "similar")]


@pytest.mark.parametrize("note,chronicle,expected", [
    # quoted between the work and 作: the note says which words it means
    ("按《東都事略》「曹光實」作「曹光寶」，誤。", "宋知夏州尹憲與都巡檢曹光實襲繼遷於地斤澤。",
     [("曹光實", "曹光寶", ["《東都事略》"], "rejected", "explicit")]),
    # unquoted, and the chronicle has those words
    ("按《東都事略》曹光實作曹光寶。", "宋知夏州尹憲與都巡檢曹光實襲繼遷於地斤澤。",
     [("曹光實", "曹光寶", ["《東都事略》"], "alternative", "explicit")]),
])
def test_the_form_written_between_the_work_and_zuo(note, chronicle, expected):
    got = note_readings(note, 0, context="宋知夏州尹憲與都巡檢曹光實襲繼遷於地斤澤",
                        chronicle=chronicle)
    assert _pairs(got) == expected


@pytest.mark.parametrize("note,expected", [
    ("而高永年《隴右日錄》係之元豐六年十月。", [("元豐六年十月", ["高永年《隴右日錄》"])]),
    ("按《遼史·西夏外紀》此條係於重熙十八年秋七月。", [("重熙十八年秋七月", ["《遼史·西夏外紀》"])]),
    # the work named in the sentence before
    ("按《東都事略》記此事。此條繫於閏九月丁卯。", [("閏九月丁卯", ["《東都事略》"])]),
    # nobody named: no claim to attribute
    ("此條係於至道元年九月。", []),
])
def test_a_work_that_dates_the_matter_otherwise_is_a_date_reading(note, expected):
    got = note_readings(note, 0, context="攻西蕃", chronicle="攻西蕃，敗績。")
    assert [(r.variant, r.works) for r in got] == expected
    assert all((r.kind, r.reading_kind, r.form, r.standing, r.form_basis)
               == ("作", "date", None, "alternative", "entry") for r in got)


def test_two_works_in_one_sentence_each_read_their_own_and_a_date_has_no_name_form():
    note = "按《東都事略》作「正月卒」，《宋史》作「二年」，誤。"
    got = note_readings(note, 0, context="春正月二日，繼遷卒，年四十二。子德明立",
                        chronicle="春正月二日，繼遷卒，年四十二。子德明立。")
    # each 作 is the work named since the previous one; a date is read against the
    # entry's own date, not against the last name of the headline (德明立)
    assert [(r.form, r.variant, r.works, r.reading_kind, r.standing, r.form_basis)
            for r in got] == [
        (None, "正月卒", ["《東都事略》"], "date", "alternative", "entry"),
        (None, "二年", ["《宋史》"], "date", "rejected", "entry")]


def test_the_explicit_form_is_written_before_the_work():
    # 《長編》二百九及《朔方新志》載此詔，作…: 二百九及載此詔 is not a form of the text;
    # with 與此異 the reading is about the entry's account as a whole
    note = "《長編》二百九及《朔方新志》載此詔，作宋遣使於元昊，與此異。"
    got = note_readings(note, 0, context="諒祚遣使獻方物謝罪", chronicle="諒祚遣使獻方物謝罪。")
    assert _pairs(got) == [(None, "宋遣使於元昊", ["《長編》", "《朔方新志》"], "alternative",
                            "entry")]
    got = note_readings("按仁多丁，《長編》作星多哩鼎。", 0, context="", chronicle="")
    assert _pairs(got) == [("仁多丁", "星多哩鼎", ["《長編》"], "alternative", "explicit")]


def test_differs_from_this_names_the_work_that_tells_it_otherwise():
    note = "萬斯同、趙駿烈《紀元彙考》據《本紀》謂，諒祚改元，拱化有六年，與此異"
    got = differs_readings(note, 10)
    assert [(r.kind, r.reading_kind, r.form, r.variant, r.works, r.form_basis, r.start, r.end)
            for r in got] == [("作", "date", None, "諒祚改元，拱化有六年", ["萬斯同、趙駿烈《紀元彙考》"],
                               "entry", 10, 10 + len(note))]
    quote = "按司馬光《日記》：環慶路經略司言：「獲宥州正監軍附馬拽厥嵬名。」與此異。"
    assert [(r.variant, r.works) for r in differs_readings(quote)] == [
        ("環慶路經略司言：「獲宥州正監軍附馬拽厥嵬名。」", ["司馬光《日記》"])]
    # a 作 reading that says 與此異 is found once, by note_readings
    assert differs_readings("《讀史津逮》作福聖二年，承道二年，與此異。") == []
    # no work named: nothing to attribute
    assert differs_readings("與此異。") == []


def test_one_character_of_a_name_is_a_reading_of_the_whole_name():
    text = "乃遣其六宅使、伊州刺史賀從勖（韓、范《文集》勖俱作勉）與李文貴至延州"
    start = text.index("（")
    end = text.index("）") + 1
    got = inline_reading(text, start, end, "reading", names=frozenset({"賀從勖"}))
    assert [(r.form, r.variant, r.form_basis) for r in got] == [("賀從勖", "賀從勉", "explicit")]
    text = "夏人髡思義（一作誼）囚之"
    got = inline_reading(text, text.index("（"), text.index("）") + 1, "variant",
                         names=frozenset({"思義", "景思義"}))
    assert [(r.form, r.variant) for r in got] == [("思義", "思誼")]
    # without authority data the characters before it still make the name
    got = inline_reading(text, text.index("（"), text.index("）") + 1, "variant")
    assert [(r.form, r.variant) for r in got] == [("義", "誼")]


def test_a_reading_longer_than_the_name_covers_the_office_too():
    text = "使延昌宮使高家奴（《東都事略》、《長編》俱作延慶宮使耶律元衡）以伐夏告於宋"
    got = inline_reading(text, text.index("（"), text.index("）") + 1, "reading",
                         names=frozenset({"高家奴"}))
    assert [(r.form, r.variant, r.form_basis) for r in got] == [
        ("延昌宮使高家奴", "延慶宮使耶律元衡", "shared-prefix")]


def test_chronicle_text_leaves_out_every_parenthesis():
    assert chronicle_text("甲（一作乙（丙））丁(戊)己") == "甲丁己"


@pytest.mark.parametrize(("text", "expected"), [
    ("仁多\ue406丁", "仁多丁"), ("\ue406移親哩那沒桑", "移親哩那沒桑"),
    ("e\u0301", "\u00e9"), ("趙扌卞", "趙扌卞"), ("<白>", "<白>")])
def test_searchable_form(text, expected):
    assert searchable(text) == expected


@pytest.fixture(scope="module")
def seed_readings():
    out = {}
    for key, path in SEED_FILES.items():
        for rec in parse_file(path).records:
            for r in rec["readings"]:
                out.setdefault(key, []).append((rec["line"], r))
    return out


def test_seed_readings_that_used_to_mislead(seed_readings):
    pairs = {(k, r["form"], r["variant"]) for k, rs in seed_readings.items() for _, r in rs}
    # gone: sources that agree with the chronicle, and forms that are not of the text
    for form, variant in [("事", "或"), ("諒祚降", "嵬名山"), ("此", "三二里"), ("此", "三二十里"),
                          ("勖", "勉"), ("康定事", "因舉寶元、康定事"),
                          ("二百九及載此詔", "宋遣使於元昊"), ("宋上誓表", "二十五萬")]:
        assert not any(p[1:] == (form, variant) for p in pairs), (form, variant)
    for key, form, variant in [
            ("1082", "三二里", "三二十里"), ("1061", "或舉寶元、康定事", "因舉寶元、康定事"),
            ("1061", None, "宋遣使於元昊"), ("1043", "二十五萬五千", "二十五萬"),
            ("1043", "賀從勖", "賀從勉"), ("1043", "延昌宮使高家奴", "延慶宮使耶律元衡"),
            ("1082", "思義", "思誼"), ("1061", None, "諒祚改元，拱化有六年")]:
        assert (key, form, variant) in pairs, (key, form, variant)


def test_seed_differs_readings(seed_readings):
    got = [(line, r["attributed_to"], r["reading_kind"]) for k, rs in seed_readings.items()
           for line, r in rs if r["form_basis"] == "entry"]
    # 與此異 notes, and the 係之 note of line 106 (高永年《隴右日錄》係之元豐六年十月)
    assert sorted(got) == [
        (70, ["司馬光日記"], "statement"), (99, ["續資治通鑑長編", "朔方新志"], "statement"),
        (106, ["隴右日錄"], "date"), (120, ["夢溪筆談"], "statement"),
        (120, ["紀元彙考"], "date")]


def test_private_use_characters_are_searchable_in_the_graph(built):
    from kg.query.engine import select_rows

    out, _ = built
    prefix = "PREFIX xxj: <https://w3id.org/xixiaji/ontology#>\n"
    rows = select_rows(prefix + 'SELECT ?of WHERE { ?r xxj:normalizedReadingOf "仁多丁"@zh-Hant ;'
                       " xxj:readingOf ?of }", data=[out / "xixiaji.nt"])
    assert [r["of"] for r in rows] == ["仁多\ue406丁", "仁多\ue406丁"]
    rows = select_rows(prefix + "SELECT ?text WHERE { ?r xxj:normalizedReadingText"
                       ' "移親哩那沒桑"@zh-Hant ; xxj:readingText ?text }', data=[out / "xixiaji.nt"])
    # the verbatim text (zh-Hant, and its zh-Hans form) keeps the private-use character
    assert "\ue406移親哩那沒桑" in {r["text"] for r in rows}

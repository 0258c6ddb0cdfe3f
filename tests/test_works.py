"""The works table and title resolution."""

from __future__ import annotations

import re

import pytest

from kg.core.tables import TableError
from kg.sources.works import WorkTable, edit_distance


@pytest.fixture(scope="module")
def table() -> WorkTable:
    return WorkTable.load()


def test_rows_are_well_formed(table):
    assert len(table.works) == 67
    assert all(re.fullmatch(r"w\d{3}", w.id) for w in table.works)
    assert [w.id for w in table.works] == [f"w{i:03d}" for i in range(1, 68)]
    assert all(w.source for w in table.works)
    assert all("《" not in w.title for w in table.works)


def test_main_works(table):
    w = table.get("長編")
    assert (w.id, w.title, w.author, w.period, w.genre, w.juan_count) == (
        "w001", "續資治通鑑長編", "李燾", "南宋", "編年", 520)
    assert [(table.get(t).id, table.get(t).juan_count) for t in ("宋史", "遼史", "金史")] == [
        ("w002", 496), ("w003", 116), ("w004", 135)]
    assert table.get("宋史").sections == ("本紀", "紀", "志", "表", "列傳", "傳", "世家", "本傳")
    assert table.get("遼史").chapters == ("國語解",)
    assert table.get("筆談").title == "夢溪筆談"
    assert table.get("w007").misprints == ("西夏紀事本未",)


def test_sources_of_the_jin_and_mongol_years_resolve(table):
    """Pages after 1115 cite them; the seed excerpts (1043–1083) do not."""
    m = table.resolve_title("《元史·太祖本紀》")
    assert (m.work.id, m.section, m.misprint) == ("w062", "太祖本紀", False)
    assert [table.get(t).id for t in ("親征錄", "元秘史", "北盟會編", "繫年要錄", "大金國志")] \
        == ["w063", "w064", "w065", "w066", "w067"]
    assert [(table.get(t).kanripo) for t in ("元史", "三朝北盟會編", "建炎以來繫年要錄")] == [
        "KR2a0036", "KR2c0004", "KR2b0024"]


def test_resolve_short_form_and_chapter(table):
    m = table.resolve_title("《長編》")
    assert (m.work.id, m.section, m.misprint, m.normalised) == ("w001", None, False, "續資治通鑑長編")
    m = table.resolve_title("宋史·夏國傳")
    assert (m.work.id, m.section, m.normalised, m.warnings) == ("w002", "夏國傳", "宋史·夏國傳", [])
    m = table.resolve_title("夏國傳")
    assert (m.work.id, m.section) == ("w002", "夏國傳")
    m = table.resolve_title("西夏外紀")
    assert (m.work.id, m.section) == ("w003", "西夏外紀")
    m = table.resolve_title("遼史•國語解")
    assert (m.work.id, m.section, m.needs_context, m.warnings) == ("w003", "國語解", False, [])


def test_resolve_misprints(table):
    m = table.resolve_title("西夏紀事本未")
    assert (m.work.title, m.misprint, m.warnings) == (
        "西夏紀事本末", True, ["misprint: 《西夏紀事本未》 read as 《西夏紀事本末》"])
    m = table.resolve_title("範文正言行錄")
    assert (m.work.id, m.misprint) == ("w050", True)
    m = table.resolve_title("宋史·神宗來紀")
    assert (m.work.id, m.section, m.misprint, m.normalised) == (
        "w002", "神宗本紀", True, "宋史·神宗本紀")
    m = table.resolve_title("宋史·陸洗傳")
    assert (m.section, m.misprint) == ("陸詵傳", True)
    m = table.resolve_title("唐吏")
    assert (m.work.title, m.misprint) == ("唐史", True)


def test_resolve_comma_separator(table):
    m = table.resolve_title("宋史，程戡傳")
    assert (m.work.id, m.section, m.normalised) == ("w002", "程戡傳", "宋史·程戡傳")
    assert m.warnings == ["《宋史，程戡傳》: ， printed instead of · between work and chapter"]


def test_resolve_needs_context(table):
    m = table.resolve_title("宋史·本傳")
    assert (m.work.id, m.section, m.needs_context) == ("w002", "本傳", True)
    m = table.resolve_title("遼史·本紀")
    assert (m.work.id, m.section, m.needs_context) == ("w003", "本紀", True)
    m = table.resolve_title("紀")
    assert (m.work, m.section, m.needs_context, m.section_like) == (None, "紀", True, True)
    m = table.resolve_title("李憲傳")
    assert (m.work, m.section, m.needs_context, m.warnings) == (None, "李憲傳", True, [])


def test_resolve_with_author(table):
    assert table.resolve_title("奏議", "沈括").work.id == "w053"
    assert table.resolve_title("日記", "司馬光").work.id == "w054"
    assert table.resolve_title("文集", "韓").work.title == "安陽集"
    assert table.resolve_title("東原錄", "龔鼎臣").work.id == "w010"
    m = table.resolve_title("奏議")
    assert (m.work, m.suggestion, m.warnings) == (None, None, ["unknown work 《奏議》"])


def test_unknown_titles_get_a_suggestion(table):
    m = table.resolve_title("西夏紀事本來")
    assert (m.work, m.suggestion) == (None, "西夏紀事本末")
    assert m.warnings == ["unknown work 《西夏紀事本來》 (nearest known title: 西夏紀事本末)"]
    m = table.resolve_title("宋吏·夏國傳")
    assert (m.work, m.title, m.section, m.suggestion) == (None, "宋吏", "夏國傳", "宋史")
    assert table.resolve_title("論語").suggestion is None


def test_author_before(table):
    text = "按陸遊《老學庵筆記》，韓、范《文集》，萬斯同、趙駿烈《紀元彙考》，宋帝詔賜《九經》"
    assert table.author_before(text, text.index("《老")) == (1, "陸遊")
    assert table.author_before(text, text.index("《文集")) == (11, "韓、范")
    assert table.author_before(text, text.index("《紀元")) == (19, "萬斯同、趙駿烈")
    assert table.author_before(text, text.index("《九經")) is None
    assert table.author_before("《長編》", 0) is None


def test_edit_distance():
    assert edit_distance("本未", "本末") == 1
    assert edit_distance("", "長編") == 2
    assert edit_distance("宋史", "宋史") == 0


def test_duplicate_forms_are_rejected(tmp_path):
    path = tmp_path / "works.tsv"
    path.write_text("id\ttitle\tshort_forms\tsource\n"
                    "w001\t續資治通鑑長編\t長編\tx\n"
                    "w002\t長編紀事\t長編\tx\n", encoding="utf-8")
    with pytest.raises(TableError, match="長編"):
        WorkTable.load(path)
    path.write_text("id\ttitle\tjuan_count\tsource\nw001\t宋史\tmany\tx\n", encoding="utf-8")
    with pytest.raises(TableError, match="juan_count"):
        WorkTable.load(path)

"""Era resolution per chronology, on the real table and on small crafted tables."""

import pytest

from kg.core.tables import TableError
from kg.knowledge.eras import EraTable, era_table, load_chronologies, load_eras

HEADER = ("id\tpolity\tname\tvariants\tmisprints\truler\tfirst_year\tlast_year\tchronology\t"
          "source\tnote\n")


def codes(era_year):
    return [f.code for f in era_year.findings]


def test_every_row_is_sourced_and_book_rows_are_xia():
    table = era_table()
    assert len({e.row_id for e in table.eras}) == len(table.eras)
    assert all(e.source for e in table.eras)
    assert {e.polity for e in table.eras if e.chronology == "xxj"} == {"夏"}


def test_book_reckoning_of_daan_and_the_standard_alternative():
    table = era_table()
    daan = table.resolve("大安", 8, polity="夏")
    assert (daan.era.row_id, daan.ce_year, codes(daan)) == ("x013-xxj", 1082, [])
    assert [(row.row_id, ce) for row, ce in table.alternatives(daan)] == [("x013-std", 1081)]
    std = table.resolve("大安", 8, polity="夏", chronology="std")
    assert std.ce_year == 1081


def test_homonymous_eras_are_reported_or_settled_by_context():
    table = era_table()
    daan = table.resolve("大安", 8)
    assert daan.era.row_id == "x013-xxj" and codes(daan) == ["ambiguous-era"]
    liao = table.resolve("大安", 3, near_year=1087)
    assert (liao.era.row_id, liao.ce_year, codes(liao)) == ("l018-std", 1087, [])
    daqing = table.resolve("大慶", 2, near_year=1140)
    assert (daqing.era.row_id, daqing.ce_year) == ("x023-std", 1141)
    assert codes(daqing) == ["era-chronology-fallback"]


def test_misprints_resolve_with_a_finding():
    table = era_table()
    for printed, year, ce in (("群都", 5, 1061), ("騃都", 6, 1062)):
        duodu = table.resolve(printed, year, polity="夏")
        assert (duodu.era.name, duodu.ce_year, duodu.form) == ("奲都", ce, "misprint")
        assert codes(duodu) == ["era-misprint"]


def test_song_eras_follow_the_standard_table_without_remark():
    table = era_table()
    yuanfeng = table.resolve("元豐", 6)
    assert (yuanfeng.era.row_id, yuanfeng.ce_year, codes(yuanfeng)) == ("s025-std", 1083, [])
    assert table.resolve("祥符", 2).era.name == "大中祥符"


def test_year_past_the_era_end_is_kept_and_reported():
    jiayou = era_table().resolve("嘉祐", 11)
    assert jiayou.ce_year == 1066
    assert codes(jiayou) == ["era-year-out-of-range"]


def test_xia_era_without_a_book_row_falls_back_visibly():
    yongan = era_table().resolve("永安", 2)
    assert (yongan.era.row_id, yongan.ce_year) == ("x017-std", 1099)
    assert codes(yongan) == ["era-chronology-fallback"]


def test_unknown_name_is_not_an_era():
    assert era_table().resolve("大觀園", 1) is None


def test_a_year_with_an_era_change_has_two_era_years():
    years = era_table().eras_in(1127, "夏")
    assert [(y.era.name, y.year) for y in years] == [("元德", 8), ("正德", 1)]


def _table(tmp_path, rows):
    path = tmp_path / "eras.tsv"
    path.write_text(HEADER + "".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return EraTable(load_eras(path), load_chronologies())


def test_open_ended_book_row_borrows_the_length_of_another_chronology(tmp_path):
    table = _table(tmp_path, [
        ["x1", "夏", "甲元", "", "", "", "1074", "1084", "std", "s", ""],
        ["x1", "夏", "甲元", "", "", "", "1075", "", "xxj", "s", ""],
    ])
    row = table.resolve("甲元", 11).era
    assert table.last_year(row) == (1085, "std")
    assert codes(table.resolve("甲元", 12)) == ["era-year-out-of-range"]
    assert [y.year for y in table.eras_in(1085, "夏")] == [11]
    assert table.eras_in(1086, "夏") == []


@pytest.mark.parametrize("row, message", [
    (["x1", "夏", "甲元", "", "", "", "1075", "", "zzz", "s", ""], "unknown chronology"),
    (["x1", "夏", "甲元", "", "", "", "1075", "1070", "std", "s", ""], "last_year before"),
    (["x1", "夏", "甲元", "", "", "", "1075", "", "std", "", ""], "source are required"),
    (["x1", "夏", "甲元", "", "", "", "十年", "", "std", "s", ""], "not a number"),
])
def test_bad_rows_are_refused_with_their_line(tmp_path, row, message):
    with pytest.raises(TableError, match=message):
        _table(tmp_path, [row])


def test_duplicate_rows_are_refused(tmp_path):
    row = ["x1", "夏", "甲元", "", "", "", "1075", "", "std", "s", ""]
    with pytest.raises(TableError, match="duplicate era row x1-std"):
        _table(tmp_path, [row, row])


def test_unknown_chronology_is_a_caller_error():
    with pytest.raises(ValueError, match="unknown chronology"):
        era_table().resolve("大安", 8, chronology="fang")

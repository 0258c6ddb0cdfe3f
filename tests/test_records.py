"""Entry records of the seeds (the `kg parse` JSON): dates, citations, readings, notes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.pipeline.run import parse_file

from .conftest import SEED_FILES


@pytest.fixture(scope="module")
def records():
    return {k: parse_file(p, with_entities=False).records for k, p in SEED_FILES.items()}


def _rec(records, key, headline_start):
    return next(r for r in records[key] if r["headline"].startswith(headline_start))


def test_every_entry_has_a_ce_year_and_bounds(records):
    for recs in records.values():
        for r in recs:
            assert r["ce_year"] is not None and r["begin"] <= r["end"]


def test_ganzhi_days_of_the_yongle_siege(records):
    # Verified independently: the JDN of 1082-10-14 (Julian) is 2116540 and
    # (2116540 + 49) % 60 = 29 = 癸巳+5 → 戊戌 (甲子 = 0), matching TOOLS.md's checked
    # facts (ninth month starts 25 Sep Julian; 丁亥 day 9, 乙未 day 17, 戊戌 day 20).
    r = _rec(records, "1082", "九月，攻宋永樂")
    assert r["date_label"] == "大安八年九月"
    assert (r["begin_julian"], r["end_julian"]) == ("1082-09-25", "1082-10-23")
    assert [(d["ganzhi"], d["date"]["begin_julian"], d["date"]["begin"], d["date"]["end"])
            for d in r["days"]] == [
        ("丁亥", "1082-10-03", "1082-10-09", "1082-10-09"),
        ("乙未", "1082-10-11", "1082-10-17", "1082-10-17"),
        ("戊戌", "1082-10-14", "1082-10-20", "1082-10-20")]
    # start/end are offsets into the entry text (a date once overwrote `end`)
    for d in r["days"]:
        assert r["entry_text"][d["start"]:d["end"]] == d["ganzhi"]


def test_leap_month_shisui_season_and_inheritance(records):
    r = _rec(records, "1082", "閏六月，遣使謨個咩迷乞遇")
    assert (r["month"], r["leap"], r["begin"], r["end"]) == (6, True, "1083-07-24", "1083-08-21")
    r = _rec(records, "1061", "是歲，謀伐宋")
    assert (r["month"], r["precision"], r["ce_year"]) == (None, "year", 1066)
    r = _rec(records, "1061", "秋，遣使如宋奉慰")
    assert (r["month"], r["season"], r["precision"]) == (None, "秋", "season")
    r = _rec(records, "1082", "遣使貢於遼")
    assert (r["month"], r["month_explicit"]) == (6, False)


def test_misprinted_era_heading(records):
    r = records["1061"][0]
    assert (r["year_heading"], r["era"], r["era_printed"], r["era_year"], r["ce_year"]) == (
        "西夏稱群都五年", "奲都", "群都", 5, 1061)


def test_date_alternative_of_the_other_reckoning(records):
    r = records["1082"][0]
    assert [(a["chronology"], a["ce_year"]) for a in r["date_alternatives"]] == [("std", 1081)]


def test_citations_resolved(records):
    r = _rec(records, "1082", "六月，都統軍嵬名妹精嵬")
    assert [(c["work"], c["section"], c["juan"], c["juan_end"]) for c in r["citations"]] == [
        ("宋史", "神宗本紀", None, None), ("續資治通鑑長編", None, 326, 327)]
    r = _rec(records, "1082", "十一月，使宥州藩戶")
    assert [(c["work"], c["juan"], c["raw"]) for c in r["citations"]] == [
        ("續資治通鑑長編", 341, "《長編》三百四十一"), ("續資治通鑑長編", 365, "三百六十五")]
    r = _rec(records, "1082", "襲荒堆三泉")
    assert [(c["work"], c["section"], c["author"]) for c in r["citations"]] == [
        ("畫墁集", "遊公墓誌銘", "張舜民")]
    r = _rec(records, "1082", "三月，復攻蘭州")
    assert [(c["work"], c["section"], c["misprint"]) for c in r["citations"]] == [
        ("宋史", "神宗本紀", True)]


def test_variants_one_zuo(records):
    r = _rec(records, "1082", "六月，都統軍嵬名妹精嵬")
    assert [(v["variant"], v["kind"], v["attributed_to"]) for v in r["variants"]] == [
        ("威明墨沁威", "一作", None), ("阿布雅", "一作", None), ("阿齊", "一作", None)]


def test_source_readings_with_standing(records):
    r = _rec(records, "1082", "宋詔李憲募死士")
    assert [(x["form"], x["variant"], x["attributed_to"], x["standing"])
            for x in r["readings"]] == [
        ("仁多\ue406丁", "青唐將", ["鐵圍山叢談"], "rejected"),
        ("仁多\ue406丁", "星多哩鼎", ["續資治通鑑長編"], "alternative")]
    r = _rec(records, "1061", "更諸軍名")
    assert {x["standing"] for x in r["readings"]} == {"undecided"}
    assert [(x["form"], x["variant"]) for x in r["readings"]] == [
        ("西壽", "西市"), ("保泰", "保秦"), ("石州靜塞軍", "韋州靜塞"), ("韋州祥祐軍", "石州祥祐")]


def test_number_and_date_disputes_and_follows(records):
    r = _rec(records, "1082", "二月，侵蘭州")
    assert [(x["reading_kind"], x["form"], x["variant"], x["attributed_to"])
            for x in r["readings"]] == [("number", "死士百另", "死士七百", ["宋史"])]
    r = _rec(records, "1061", "十二月，諒祚薨")
    dates = [x for x in r["readings"] if x["reading_kind"] == "date"]
    # …拱化有六年，與此異: 《紀元彙考》 counts the years otherwise
    assert [(x["variant"], x["attributed_to"]) for x in dates] == [
        ("福聖二年", ["讀史津逮"]), ("諒祚改元，拱化有六年", ["紀元彙考"])]
    follows = [x for x in r["readings"] if x["kind"] == "judgement"]
    # 據《本紀》 names a chapter without its work: kept as printed, not guessed
    # 《紀元彙考》據《本紀》 is that work's reasoning, not the editor's: only 據《夏國傳》 counts
    assert [(x["attributed_to"], x["standing"]) for x in follows] == [(["宋史"], "adopted")]


def test_notes_verbatim(records):
    r = _rec(records, "1082", "宋麟、府州將郭忠紹")
    assert r["notes"] == ["按《長編》作密內部"]


def test_kg_parse_cli_jsonl_and_exit_status(tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, ["parse", str(SEED_FILES["1043"])])
    assert res.exit_code == 0
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert len(lines) == 45 and lines[0]["headline"].startswith("春正月，契丹遣")
    bad = tmp_path / "bad.txt"
    bad.write_bytes("春正月，上書於遼。".encode("gb18030"))
    res = runner.invoke(main, ["parse", str(bad)])
    assert res.exit_code == 1
    assert "not UTF-8" in res.stderr and "Traceback" not in res.stderr


def test_kg_dates_cli():
    res = CliRunner().invoke(main, ["dates", str(SEED_FILES["1061"])])
    assert res.exit_code == 0
    assert [ln.split("\t")[1:] for ln in res.stdout.splitlines() if "\t" in ln][:3] == [
        ["西夏稱群都五年", "奲都5年", "1061"], ["西夏稱奲都六年", "奲都6年", "1062"],
        ["西夏稱拱化元年", "拱化1年", "1063"]]
    assert "群都 is a misprint for 奲都 [era-misprint]" in res.stdout


def test_headlines_printed_together_share_the_sources(records):
    a = _rec(records, "1061", "掠青雞川")
    b = _rec(records, "1061", "三月，蕃酋獻地秦州")
    assert a["shares_sources_with"] == b["id"]
    assert a["shared_work_ids"] == [c["work_id"] for c in b["citations"]] == ["w006"]  # 西夏書事
    assert (a["month"], b["month"]) == (2, 3)

"""Mention extraction on crafted strings and real headlines, with the fixture authority.

The fixture tables (tests/fixtures/entities) hold a few real entities, so these
tests do not move when the curated tables grow.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.entities.authority import Authority, parse_context_rules
from kg.entities.mentions import extract_mentions

FIX = Path(__file__).resolve().parent / "fixtures"
ROOT = FIX.parent.parent


@pytest.fixture(scope="module")
def auth() -> Authority:
    return Authority.load(FIX / "entities")


def spans(text, year, auth, part="headline", known=None):
    return [(m.text, m.start, m.end, m.id, m.type, m.rule)
            for m in extract_mentions(text, year, auth, part, known)]


# -- the authority -----------------------------------------------------------------

def test_authority_loads_fixture(auth):
    assert auth.missing_tables == []
    assert len(auth.entities) == 36
    assert [(c.id, c.is_short_form) for c in auth.lookup("憲")] == [("p0001", True)]
    assert [c.id for c in auth.lookup("梁氏")] == ["p0007", "p0008"]
    assert [c.id for c in auth.lookup_abbr("夏")] == ["pl0011"]


def test_missing_tables_are_reported(tmp_path):
    assert Authority.load(tmp_path).missing_tables == [
        "persons.tsv", "polities.tsv", "groups.tsv", "places.tsv"]


def test_context_rule_parsing():
    rules = parse_context_rules("season-marker:夏|not-in:夏=中夏,諸夏|abbr:興,靈")
    assert [(r.name, r.label, r.args) for r in rules] == [
        ("season-marker", "夏", ()), ("not-in", "夏", ("中夏", "諸夏")), ("abbr", "", ("興", "靈"))]


# -- 夏 the season, 夏 the state ------------------------------------------------------

@pytest.mark.parametrize("text", ["夏四月，宋取葭蘆寨。", "夏五月，遣使貢於契丹。",
                                  "夏閏六月，遣使", "夏，遣使如宋", "春夏之交", "以安中夏"])
def test_xia_as_season_or_china_is_never_the_state(auth, text):
    assert all(m.id != "po002" for m in extract_mentions(text, 1082, auth, "headline"))


def test_season_headline_real(auth):
    assert spans("夏四月，宋取葭蘆寨。", 1082, auth) == [
        ("宋", 4, 5, "po001", "polity", "authority"),
        ("葭蘆寨", 6, 9, "pl0005", "place", "authority")]


def test_xia_state_after_season_marker(auth):
    assert spans("夏四月，夏人犯邊", 1083, auth) == [("夏人", 4, 6, "po002", "polity", "authority")]
    assert spans("契丹謀襲夏營", 1044, auth) == [
        ("契丹", 0, 2, "po003", "polity", "authority"), ("夏", 4, 5, "po002", "polity", "authority")]


def test_abbreviation_list_makes_xia_the_prefecture(auth):
    assert spans("六月，靈、夏二州大水。", 1061, auth) == [
        ("靈", 3, 4, "pl0014", "place", "abbreviation"),
        ("夏", 5, 6, "pl0011", "place", "abbreviation")]


def test_abbreviation_before_shuai(auth):
    ms = extract_mentions("論延帥程戡", 1061, auth, "headline")
    assert [(m.text, m.id, m.context) for m in ms] == [("延", "pl0009", "title"), ("程戡", None, "")]


# -- 一作 and 某書作 --------------------------------------------------------------------

def test_variant_form_resolves_to_same_entity(auth):
    text = "六月，都統軍嵬名妹精嵬（一作威明墨沁威）、副統軍訛勃遇（一作阿布雅）掠宋淮安鎮，敗死。"
    ms = extract_mentions(text, 1082, auth, "headline")
    assert [(m.text, m.start, m.end, m.id, m.context) for m in ms] == [
        ("嵬名妹精嵬", 6, 11, "p0005", ""), ("威明墨沁威", 14, 19, "p0005", "variant"),
        ("訛勃遇", 24, 27, "p0006", ""), ("阿布雅", 30, 33, "p0006", "variant"),
        ("宋", 35, 36, "po001", ""), ("淮安鎮", 36, 39, "pl0006", "")]


def test_variant_of_unknown_name_follows_it(auth):
    ms = extract_mentions("蕃官訛臍（一作阿齊）偵知以報", 1082, auth, "narrative")
    assert [(m.text, m.id, m.label, m.rule, m.context) for m in ms] == [
        ("訛臍", None, "訛臍", "office-title", ""),
        ("阿齊", None, "訛臍", "variant-form", "variant")]


def test_source_reading_of_unknown_envoy(auth):
    ms = extract_mentions("遣使謨個咩迷乞遇（《長編》作摩格蔑密裕）表請於宋", 1083, auth, "headline")
    assert [(m.text, m.rule) for m in ms] == [("宋", "authority")]
    ms = extract_mentions("嵬名妹精嵬（《長編》作沒細精威）", 1082, auth, "narrative")
    assert [(m.text, m.id, m.rule, m.context) for m in ms] == [
        ("嵬名妹精嵬", "p0005", "authority", ""),
        ("沒細精威", "p0005", "source-reading", "reading")]


def test_place_variant_in_alt_labels(auth):
    ms = extract_mentions("會於鐵牟（一作鐵毛）、天都二山", 1082, auth, "narrative")
    assert [(m.text, m.id) for m in ms][:2] == [("鐵牟", "pl0008"), ("鐵毛", "pl0008")]


# -- dates decide shared designations ------------------------------------------------

@pytest.mark.parametrize("year,expected", [(1062, "p0007"), (1082, "p0007"), (1090, "p0008")])
def test_liangshi_by_date(auth, year, expected):
    (m,) = extract_mentions("梁氏", year, auth, "headline")
    assert (m.id, m.label, m.candidates) == (expected, "梁太后" if expected == "p0007"
                                             else "梁皇后", ())


def test_liangshi_without_year_is_ambiguous(auth):
    (m,) = extract_mentions("梁氏", None, auth, "headline")
    assert (m.id, m.label, m.type, m.candidates) == (None, "梁氏", "person", ("p0007", "p0008"))


def test_boundary_year_stays_ambiguous(auth):
    (m,) = extract_mentions("宋帝", 1063, auth, "headline")
    assert (m.id, m.candidates) == (None, ("p0009", "p0010"))
    (m,) = extract_mentions("宋帝", 1082, auth, "headline")
    assert (m.id, m.label) == ("p0011", "宋神宗")


def test_label_of_one_row_ignores_dates(auth):
    (m,) = extract_mentions("梁乙埋", 1043, auth, "headline")
    assert m.id == "p0013"


def test_single_character_designation_only_as_subject(auth):
    assert spans("帝曰：「括料敵疏矣！」", 1082, auth, "narrative")[0] == (
        "帝", 0, 1, "p0011", "person", "authority")
    assert all(m.id != "p0011" for m in extract_mentions("上言：「銀州雖據」", 1082, auth, "n"))
    assert all(m.text != "帝" for m in extract_mentions("諡曰昭英皇帝", 1067, auth, "n"))


# -- office titles ---------------------------------------------------------------------

def test_office_title_with_place_and_person(auth):
    ms = extract_mentions("知蘭州李浩權安撫副使", 1082, auth, "headline")
    assert [(m.text, m.start, m.end, m.id, m.type, m.context) for m in ms] == [
        ("蘭州", 1, 3, "pl0001", "place", "title"), ("李浩", 3, 5, "p0002", "person", "")]


def test_circuit_title_before_person(auth):
    ms = extract_mentions("與宋鄜延副總管曲珍戰於金湯，敗績。", 1082, auth, "headline")
    assert [(m.text, m.start, m.end, m.id, m.context) for m in ms] == [
        ("宋", 1, 2, "po001", ""), ("鄜延", 2, 4, "pl0004", "title"),
        ("曲珍", 7, 9, "p0003", ""), ("金湯", 11, 13, "pl0003", "")]


@pytest.mark.parametrize("text,name,start", [
    ("攻宋麟州神堂寨，知州訾虎敗之。", "訾虎", 10),
    ("蕃官訛臍偵知以報", "訛臍", 2),
    ("殺宋巡檢使高素。", "高素", 5),
    ("河東將薛義敗夏人", "薛義", 3),
    ("夏將拽厥嵬名與宋人戰", "拽厥嵬名", 2),
    ("知州宋庠拒之", "宋庠", 2),
])
def test_unknown_name_after_office_title(auth, text, name, start):
    ms = [m for m in extract_mentions(text, 1083, auth, "headline") if m.type == "person"]
    assert [(m.text, m.start, m.end, m.id, m.rule) for m in ms] == [
        (name, start, start + len(name), None, "office-title")]


def test_title_before_title_then_name(auth):
    ms = extract_mentions("西南都統昂星嵬名濟移書", 1082, auth, "headline")
    assert [(m.text, m.rule) for m in ms] == [("嵬名濟", "office-title")]


# -- names by rule -------------------------------------------------------------------

def test_place_suffix_rule(auth):
    assert spans("侵神木堡，殺宋巡檢使高素。", 1082, auth)[0] == (
        "神木堡", 1, 4, None, "place", "place-suffix")
    assert spans("掠宋定西城。", 1082, auth) == [
        ("宋", 1, 2, "po001", "polity", "authority"),
        ("定西城", 2, 5, None, "place", "place-suffix")]


def test_place_suffix_extends_known_fort(auth):
    assert spans("夏人圍永樂城厚數里", 1082, auth)[1] == (
        "永樂城", 3, 6, "pl0002", "place", "authority")
    assert spans("宋城永樂。", 1082, auth)[1] == ("永樂", 2, 4, "pl0002", "place", "authority")


@pytest.mark.parametrize("text", ["夏人環城急攻", "直抵城下", "契丹城河清", "嚴誡城守", "三寨"])
def test_no_place_from_city_as_verb_or_noun(auth, text):
    assert [m for m in extract_mentions(text, 1082, auth, "n") if m.rule == "place-suffix"] == []


def test_embassy_destination_unknown(auth):
    assert spans("六月，遣使如阻卜乞師", 1044, auth) == [
        ("阻卜", 6, 8, None, "polity", "embassy")]
    assert spans("使如故事", 1044, auth, "narrative") == []


# -- short forms -----------------------------------------------------------------------

def test_short_form_needs_full_name_in_entry(auth):
    text = "宋帝既釋憲弗誅，憲復上再舉之策"
    assert [m.text for m in extract_mentions(text, 1082, auth, "narrative")] == ["宋帝"]
    ms = extract_mentions(text, 1082, auth, "narrative", {"p0001"})
    assert [(m.text, m.start, m.id, m.rule) for m in ms] == [
        ("宋帝", 0, "p0011", "authority"), ("憲", 4, "p0001", "short-form"),
        ("憲", 8, "p0001", "short-form")]
    # the full name earlier in the same text, or the name as a form, also licenses it
    assert [m.id for m in extract_mentions("李憲至，憲曰", 1082, auth, "n")] == ["p0001", "p0001"]
    assert [m.id for m in extract_mentions("憲曰", 1082, auth, "n", {"李憲"})] == ["p0001"]


def test_ganzhi_day_is_not_a_name(auth):
    assert spans("丁亥，夏人漸逼", 1082, auth, "narrative") == [
        ("夏人", 3, 5, "po002", "polity", "authority")]


# -- parentheses -----------------------------------------------------------------------

def test_citation_and_work_titles_yield_nothing(auth):
    assert extract_mentions("（《宋史·神宗本紀》及《李憲傳》）", 1082, auth, "narrative") == []
    assert extract_mentions("（《宋史》種諤、徐禧、曲珍等傳）", 1082, auth, "narrative") == []
    assert extract_mentions("求《九經》、《宋史·夏國傳》", 1062, auth, "narrative") == []


def test_note_after_citation_is_read(auth):
    text = "（《宋史·神宗本紀》及《長編》三百二十六。按《張守約墓銘》：西賊犯淮安鎮，守約出他道）"
    ms = extract_mentions(text, 1082, auth, "narrative", {"p0017"})
    assert [(m.text, m.id, m.context) for m in ms] == [
        ("西賊", "po002", "note"), ("淮安鎮", "pl0006", "note"), ("守約", "p0017", "note")]


def test_weak_label_needs_evidence_in_sentence(auth):
    assert extract_mentions("則賊計得逞", 1082, auth, "n") == []
    ms = extract_mentions("夏人入寇。賊眾我寡。", 1083, auth, "n")
    assert [(m.text, m.id) for m in ms] == [("夏人", "po002")]
    ms = extract_mentions("夏人入寇，賊眾我寡。", 1083, auth, "n")
    assert [(m.text, m.id) for m in ms] == [("夏人", "po002"), ("賊", "po002")]


def test_offsets_are_code_points_with_supplementary_chars(auth):
    text = "\U00020000侵蘭州"
    (m,) = extract_mentions(text, 1083, auth, "headline")
    assert (m.text, m.start, m.end) == ("蘭州", 2, 4)
    assert text[m.start:m.end] == m.text


def test_mention_to_dict(auth):
    (m,) = extract_mentions("梁氏", None, auth, "headline")
    assert m.to_dict() == {"id": None, "label": "梁氏", "type": "person", "text": "梁氏",
                           "start": 0, "end": 2, "part": "headline", "rule": "authority",
                           "candidates": ["p0007", "p0008"], "context": ""}


# -- the accuracy benchmark: fixture well-formed, script runs ---------------------------

def test_annotated_mentions_fixture_is_well_formed():
    from kg.core.tables import read_tsv

    rows = read_tsv(FIX / "annotated_mentions.tsv")
    assert len({(r["file"], r["line"]) for r in rows}) >= 20
    assert {r["file"] for r in rows} == {
        "xxj-1082-1083-daian-8-9.txt", "xxj-1061-1067-duodu-5-gonghua-5.txt",
        "xxj-1043-1044-tianshou-6-7.txt"}
    cache: dict[str, list[str]] = {}
    for r in rows:
        assert r["type"] in ("person", "place")
        lines = cache.setdefault(r["file"], (ROOT / "seeds" / "texts" / r["file"]).read_text(
            encoding="utf-8").split("\n"))
        line = lines[int(r["line"]) - 1]
        assert line[int(r["start"]):int(r["end"])] == r["text"], r


def test_benchmark_script_runs():
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "mention_accuracy.py")],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert out.splitlines()[0].split() == ["type", "gold", "found", "tp", "precision", "recall"]
    assert [line.split()[0] for line in out.splitlines()[1:4]] == ["person", "place", "all"]

"""Readings and names on the seeds: every 一作 variant, attributed readings, entities."""

from __future__ import annotations

import pytest

from kg.linking.links import link_rows
from kg.pipeline.run import parse_file
from kg.publish.export import entity_records, to_reconciliation_json

from .conftest import FIX, SEED_FILES


@pytest.fixture(scope="module")
def records():
    return {k: parse_file(p).records for k, p in SEED_FILES.items()}


def test_every_yi_zuo_variant_of_the_seeds(records):
    got = [(r["line"], v["form"], v["variant"]) for k in ("1043", "1061", "1082")
           for r in records[k] for v in r["variants"] if v["kind"] == "一作"]
    assert got == [
        (18, "馬淩", "嘛\ue406"), (18, "努卜密桑", "\ue406移親哩那沒桑"),
        (31, "嵬名妹精嵬", "威明墨沁威"), (31, "訛勃遇", "阿布雅"), (31, "訛臍", "阿齊"),
        (33, "策木多伊克", "移都"), (35, "鐵牟", "鐵毛"), (38, "奔雅", "巴雅爾"),
        (38, "悼聚馬移", "卜聚瑪伊克"), (43, "思義", "思誼")]


def test_yi_zuo_variants_name_the_same_entity_as_their_main_form(records):
    """The variant inside （一作Y） resolves to the entity the main form names."""
    checked = 0
    for rec in records["1082"]:
        by_span = {(m["estart"], m["eend"]): m for m in rec["mentions"]}
        for r in rec["readings"]:
            printed = r["raw"].strip("（）()").removeprefix("一作")
            if r["kind"] != "一作" or len(printed) < 2:
                continue  # 思義（一作誼）: one character, read as the name 思誼, is no mention
            inside = [m for (a, b), m in by_span.items() if r["start"] <= a and b <= r["end"]]
            before = [m for (a, b), m in by_span.items() if b == r["start"]]
            assert inside and before, (rec["line"], r["form"])
            assert inside[0]["id"] == before[0]["id"] is not None, (rec["line"], r["form"])
            checked += 1
    assert checked == 9


def test_attributed_readings(records):
    got = {(v["form"], v["variant"], v["attributed_to"]) for k in records
           for r in records[k] for v in r["variants"] if v["kind"] == "作"}
    expected = {
        ("謨個咩迷乞遇", "摩格蔑密裕", "續資治通鑑長編"),
        ("禹臧花麻", "裕勒藏哈木", "續資治通鑑長編"),
        ("訛疥", "鄂特結", "續資治通鑑長編"),
        ("薛乞", "實吉", "續資治通鑑長編"),
        ("如定聿舍", "儒鼎伊實", "續資治通鑑綱目"),
        ("呂寧拽浪撩黎", "壘寧伊朗羅壘", "續通志"),
        ("巴義豁", "巴伊克穀", "續資治通鑑長編"),
        ("蕭胡睹", "鶻突姑", "宋史"),
        ("武英州", "武延川", "俞獻卿墓誌"),
        ("賀從勖", "賀從勉", "安陽集"),
        ("延昌宮使高家奴", "延慶宮使耶律元衡", "東都事略"),
        ("西壽", "西市", "續資治通鑑長編"),
        ("乜離抑部", "密內部", "續資治通鑑長編"),
        ("死士百另", "死士七百", "宋史"),
    }
    assert expected <= got


def test_follows_source_judgement_in_a_crafted_note():
    rec = next(r for r in parse_file(FIX / "crafted" / "tricky_parens.txt").records
               if any(x["kind"] == "judgement" for x in r["readings"]))
    judgement = next(x for x in rec["readings"] if x["kind"] == "judgement")
    assert (judgement["attributed_to"], judgement["standing"]) == (["宋史"], "adopted")


def test_links_are_published_only_when_verified(tmp_path):
    table = tmp_path / "links.tsv"
    table.write_text(
        "our_id\tdataset\ttarget\trelation\tverified_by\tsource\n"
        "p0003\twikidata\tQ000001\texactMatch\tcompared by hand\ttest\n"
        "p0004\twikidata\tQ000002\texactMatch\t\ttest\n", encoding="utf-8")
    rows, skipped = link_rows(table)
    assert ("<https://w3id.org/xixiaji/id/person/p0003>",
            "<http://www.w3.org/2004/02/skos/core#exactMatch>",
            "<http://www.wikidata.org/entity/Q000001>") in rows
    assert not any("p0004" in t[0] for t in rows)
    assert skipped == ["links.tsv:3: p0004 → Q000002 not verified: not published"]
    assert ('<https://w3id.org/xixiaji/id/dataset/linkset/wikidata-exactMatch>',
            '<http://rdfs.org/ns/void#triples>',
            '"1"^^<http://www.w3.org/2001/XMLSchema#integer>') in rows


def test_reconciliation_export():
    recs = entity_records()
    yuanhao = next(r for r in recs if r["id"] == "p0003")
    assert (yuanhao["name"], yuanhao["name_zh_hans"], yuanhao["type"]) == ("元昊", "元昊", "person")
    assert "曩霄" in yuanhao["other_names"].split("|")
    assert '"id": "https://w3id.org/xixiaji/id/person/p0003"' in to_reconciliation_json(recs)

"""`kg link authority`: candidates from local CBDB / CHGIS / Wikidata dumps, never guessed.

The dumps are tiny files in the real formats (tests/fixtures/authority), every
identifier in them invented; the entities are crafted tables in a temporary seeds
folder, so the expected candidates are exact.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.core.tables import read_tsv
from kg.linking.link_authority import (
    candidates,
    our_entities,
    read_cbdb,
    read_chgis,
    read_wikidata,
    write_links,
)

FIX = Path(__file__).parent / "fixtures" / "authority"


@pytest.fixture()
def cbdb(tmp_path) -> Path:
    db = tmp_path / "cbdb.sqlite"
    con = sqlite3.connect(db)
    con.executescript((FIX / "cbdb.sql").read_text(encoding="utf-8"))
    con.commit()
    con.close()
    return db


@pytest.fixture()
def seeds(tmp_path) -> Path:
    ent = tmp_path / "seeds" / "entities"
    ent.mkdir(parents=True)
    (ent / "persons.tsv").write_text(
        "id\tpref_label\talt_labels\tpolity\tactive_from\tactive_to\n"
        "p0003\t元昊\t曩霄|李元昊\tpo002\t1032\t1048\n"
        "p0010\t種諤\t\tpo001\t1067\t1083\n"
        "p0011\t徐禧\t\tpo001\t1082\t1082\n", encoding="utf-8")
    (ent / "polities.tsv").write_text(
        "id\tpref_label\talt_labels\npo001\t宋\t大宋\npo002\t夏\t西夏|夏國\n", encoding="utf-8")
    (ent / "places.tsv").write_text(
        "id\tpref_label\talt_labels\tpolity\npl0001\t延州\t延安府\tpo001\npl0002\t蘭州\t\tpo001\n",
        encoding="utf-8")
    return tmp_path / "seeds"


def _dumps(cbdb: Path):
    return ([(c, "cbdb.sqlite") for c in read_cbdb(cbdb)]
            + [(c, "chgis.tsv") for c in read_chgis(FIX / "chgis.tsv")]
            + [(c, "wikidata.json") for c in read_wikidata(FIX / "wikidata.json")])


def test_dumps_are_read_in_their_own_formats(cbdb) -> None:
    people = read_cbdb(cbdb)
    assert [(c.target, c.names, c.polities, c.years, c.exact_years) for c in people] == [
        ("9000001", ["种諤"], {"宋"}, (1027, 1083), True),
        ("9000002", ["徐禧"], {"宋"}, (1035, 1082), True),
        ("9000003", ["徐禧"], {"明"}, (1510, 1570), False),
        ("9000004", ["李元昊", "曩霄"], {"西夏"}, (1003, 1048), True),
        ("9000005", ["李元昊"], {"遼"}, None, False),
    ]
    places = read_chgis(FIX / "chgis.tsv")
    assert [(c.target, c.names, c.years, c.lat, c.long) for c in places] == [
        ("hvd_99000001", ["延州"], (618, 1089), 36.59654, 109.48123),
        ("hvd_99000002", ["延州"], (1500, 1600), 36.0, 109.0),
        ("hvd_99000003", ["蘭州", "兰州"], (1081, 1227), 36.05, 103.833333),
    ]
    wd = read_wikidata(FIX / "wikidata.json")
    assert [(c.target, c.names, c.years, c.lat) for c in wd] == [
        ("Q900000001", ["徐禧"], (1035, 1082), None),
        ("Q900000002", ["延州", "延安府"], None, 36.6),
    ]


def test_candidates_by_name_polity_and_dates(cbdb, seeds) -> None:
    rows = candidates(our_entities(seeds), _dumps(cbdb))
    got = [(r["our_id"], r["dataset"], r["target"], r["score"], r["evidence"]) for r in rows]
    assert got == [
        ("p0003", "cbdb", "9000004", "0.90",
         "name form 曩霄; polity 西夏; years 1003–1048 overlap 1032–1048"),
        ("p0010", "cbdb", "9000001", "1.00",
         "name 種諤 = 种諤; polity 宋; years 1027–1083 overlap 1067–1083"),
        ("p0011", "cbdb", "9000002", "1.00",
         "name 徐禧 = 徐禧; polity 宋; years 1035–1082 overlap 1082–1082"),
        ("p0011", "wikidata", "Q900000001", "0.75",
         "name 徐禧 = 徐禧; years 1035–1082 overlap 1082–1082"),
        ("pl0001", "tgaz", "hvd_99000001", "0.75",
         "name 延州 = 延州; years 618–1089 overlap 982–1227"),
        ("pl0001", "wikidata", "Q900000002", "0.50", "name 延州 = 延州"),
        ("pl0002", "tgaz", "hvd_99000003", "0.75",
         "name 蘭州 = 蘭州; years 1081–1227 overlap 982–1227"),
    ]
    # the Ming 徐禧 (dates outside) and the Liao 李元昊 without dates (0.4) stay out
    assert all(r["status"] == "candidate" and not r["verified_by"] for r in rows)
    assert (rows[4]["lat"], rows[4]["long"]) == ("36.596540", "109.481230")
    assert rows[0]["lat"] == ""  # persons carry no point


def test_write_links_keeps_verified_rows_and_never_reproposes(tmp_path, cbdb, seeds) -> None:
    links = tmp_path / "links.tsv"
    links.write_text(
        "our_id\tdataset\ttarget\trelation\tstatus\tscore\tcandidate\tevidence\tlat\tlong\t"
        "certainty\tverified_by\tverified_on\tverified_against\tsource\n"
        "p0011\tcbdb\t9000002\texactMatch\tverified\t1.00\t\t\t\t\t\tan editor\t2026-12-05\t"
        "CBDB person page 9000002 (name, dates, offices)\tcbdb.sqlite\n"
        "p0011\twikidata\tQ900000001\texactMatch\trejected\t0.75\t\t\t\t\t\tan editor\t"
        "2026-12-05\tWikidata page: a different 徐禧\twikidata.json\n", encoding="utf-8")
    rows = candidates(our_entities(seeds), _dumps(cbdb))
    assert write_links(rows, links) == (5, 2)
    table = read_tsv(links)
    assert [(r["our_id"], r["target"], r["status"]) for r in table] == [
        ("p0011", "9000002", "verified"), ("p0011", "Q900000001", "rejected"),
        ("p0003", "9000004", "candidate"), ("p0010", "9000001", "candidate"),
        ("pl0001", "hvd_99000001", "candidate"), ("pl0001", "Q900000002", "candidate"),
        ("pl0002", "hvd_99000003", "candidate")]


def test_only_verified_rows_are_published_with_their_point(tmp_path) -> None:
    from kg.linking.links import link_rows

    links = tmp_path / "links.tsv"
    links.write_text(
        "our_id\tdataset\ttarget\trelation\tstatus\tscore\tcandidate\tevidence\tlat\tlong\t"
        "certainty\tverified_by\tverified_on\tverified_against\tsource\n"
        "pl0001\ttgaz\thvd_99000001\texactMatch\tverified\t0.75\t\t\t36.596540\t109.481230\t"
        "approximate\tan editor\t2026-12-05\tTGAZ record hvd_99000001\tchgis.tsv\n"
        "pl0002\ttgaz\thvd_99000003\texactMatch\tcandidate\t0.75\t\t\t36.05\t103.83\t\t\t\t\t"
        "chgis.tsv\n"
        "p0011\tcbdb\t9000002\texactMatch\tverified\t1.00\t\t\t\t\t\tan editor\t\t\tcbdb\n",
        encoding="utf-8")
    rows, skipped = link_rows(links, entity_tables=False, kanripo=False)
    place = "<https://w3id.org/xixiaji/id/place/pl0001>"
    geom = "<https://w3id.org/xixiaji/id/place/pl0001/geometry>"
    assert (place, "<http://www.w3.org/2004/02/skos/core#exactMatch>",
            "<https://maps.cga.harvard.edu/tgaz/placename/hvd_99000001>") in rows
    assert (place, "<http://www.opengis.net/ont/geosparql#hasGeometry>", geom) in rows
    assert (geom, "<http://www.opengis.net/ont/geosparql#asWKT>",
            '"POINT(109.481230 36.596540)"^^<http://www.opengis.net/ont/geosparql#wktLiteral>'
            ) in rows
    assert (geom, "<https://w3id.org/xixiaji/ontology#certainty>", '"approximate"') in rows
    assert (geom, "<http://purl.org/dc/terms/source>",
            "<https://maps.cga.harvard.edu/tgaz/placename/hvd_99000001>") in rows
    assert not any("pl0002" in t[0] or "p0011" in t[0] for t in rows)
    assert skipped == [
        "links.tsv:3: pl0002 → hvd_99000003 not verified: not published",
        "links.tsv:4: p0011 → 9000002 verified without verified_on and verified_against: "
        "not published"]


def test_cli_writes_candidates_and_reports(tmp_path, cbdb) -> None:
    out = tmp_path / "links.tsv"
    result = CliRunner().invoke(main, [
        "link", "authority", "--cbdb", str(cbdb), "--chgis", str(FIX / "chgis.tsv"),
        "--wikidata", str(FIX / "wikidata.json"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("candidates written: ")
    assert all(r["status"] == "candidate" for r in read_tsv(out))
    bad = CliRunner().invoke(main, ["link", "authority", "--cbdb", str(tmp_path / "none.db"),
                                    "--out", str(out)])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    assert bad.output.startswith("error: ")

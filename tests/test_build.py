"""`kg build` on the seeds: every file of out/, valid, byte-stable, readable elsewhere."""

from __future__ import annotations

import re

import pyoxigraph as ox
from click.testing import CliRunner

from kg.cli.main import main
from kg.publish.build import build

FILES = ["xixiaji.ttl", "xixiaji.nt", "xixiaji.nq", "xixiaji.jsonld", "context.jsonld",
         "inferred.nt", "inferred.ttl", "shacl-report.ttl", "shacl-report.txt", "void.ttl",
         "entries.jsonl", "findings.txt", "ontology/xxj.ttl", "ontology/concepts.ttl",
         "shapes/event.ttl"]


def test_build_writes_every_file_and_conforms(built):
    out, res = built
    assert [f for f in FILES if not (out / f).is_file()] == []
    assert res.ok and res.violations == 0
    assert res.entries == 180
    assert (out / "shacl-report.txt").read_text(encoding="utf-8").startswith(
        "SHACL validation: conforms — 0 violations")


FORMATS = {"xixiaji.ttl": ox.RdfFormat.TURTLE, "xixiaji.nt": ox.RdfFormat.N_TRIPLES,
           "xixiaji.jsonld": ox.RdfFormat.JSON_LD, "inferred.ttl": ox.RdfFormat.TURTLE,
           "inferred.nt": ox.RdfFormat.N_TRIPLES, "void.ttl": ox.RdfFormat.TURTLE,
           "shacl-report.ttl": ox.RdfFormat.TURTLE}


def _count(path, fmt) -> int:
    store = ox.Store()
    store.load(path=str(path), format=fmt)
    return len(store)


def test_every_published_file_parses_in_pyoxigraph(built):
    """pyoxigraph (Rust) is a toolkit independent of rdflib, which wrote nothing here."""
    out, res = built
    counts = {name: _count(out / name, fmt) for name, fmt in FORMATS.items()}
    assert counts["xixiaji.ttl"] == counts["xixiaji.nt"] == counts["xixiaji.jsonld"] \
        == res.triples
    assert counts["inferred.ttl"] == counts["inferred.nt"] == res.inferred
    quads = ox.Store()
    quads.load(path=str(out / "xixiaji.nq"), format=ox.RdfFormat.N_QUADS)
    assert len(quads) == res.triples
    assert sorted(str(g.value) for g in quads.named_graphs()) == [
        "https://w3id.org/xixiaji/graph/reference",
        "https://w3id.org/xixiaji/graph/xxj-1043-1044",
        "https://w3id.org/xixiaji/graph/xxj-1061-1067",
        "https://w3id.org/xixiaji/graph/xxj-1082-1083"]
    for ttl in sorted((out / "ontology").glob("*.ttl")) + sorted((out / "shapes").glob("*.ttl")):
        assert _count(ttl, ox.RdfFormat.TURTLE) > 0


def test_iris_are_ascii_and_there_are_no_blank_nodes(built):
    out, _ = built
    text = (out / "xixiaji.nt").read_text(encoding="utf-8")
    iris = set(re.findall(r"<([^>]*)>", text))
    assert all(i.isascii() for i in iris)
    assert not re.search(r"(^|\s)_:", text)


def test_void_counts_the_triples(built):
    out, res = built
    void = (out / "void.ttl").read_text(encoding="utf-8")
    assert f"void:triples {res.triples} ;" in void
    assert "dcterms:license <https://creativecommons.org/licenses/by/4.0/>" in void


def test_rebuild_is_byte_identical(built, tmp_path):
    out, _ = built
    again = tmp_path / "again"
    res = build(again, reason=True, validate=True, workers=1, use_cache=True)
    assert res.ok
    for name in FILES:
        assert (again / name).read_bytes() == (out / name).read_bytes(), name


def test_incremental_rebuild_reuses_every_unchanged_text(built, tmp_path):
    build(tmp_path / "a", reason=True, validate=True)
    res = build(tmp_path / "b", reason=True, validate=True)
    assert (res.cached, res.processed) == (3, 0)


def test_kg_validate_reports_a_broken_graph(tmp_path):
    broken = tmp_path / "broken.ttl"
    broken.write_text("""
@prefix xxj: <https://w3id.org/xixiaji/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/xixiaji/id/event/e1082-deadbeef> a xxj:Event ;
    rdfs:label "攻宋永樂，陷之。"@zh-Hant .
""", encoding="utf-8")
    res = CliRunner().invoke(main, ["validate", str(broken)])
    assert res.exit_code == 1
    assert "xxjd:event/e1082-deadbeef" in res.stdout
    assert "EventSourceShape" in res.stdout


def test_chunks_are_sorted_and_in_manifest_order(built):
    out, _ = built
    graphs: list[str] = []
    chunks: dict[str, list[str]] = {}
    for line in (out / "xixiaji.nq").read_text(encoding="utf-8").splitlines():
        body, graph = line[:-2].rsplit(" ", 1)
        if not graphs or graphs[-1] != graph:
            graphs.append(graph)
        chunks.setdefault(graph, []).append(body)
    assert [g.rsplit("/", 1)[1][:-1] for g in graphs] == [
        "reference", "xxj-1043-1044", "xxj-1061-1067", "xxj-1082-1083"]
    assert all(lines == sorted(lines) for lines in chunks.values())
    nt = (out / "xixiaji.nt").read_text(encoding="utf-8").splitlines()
    assert nt == [f"{b} ." for g in graphs for b in chunks[g]]

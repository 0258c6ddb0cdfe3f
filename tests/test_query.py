"""SPARQL: store reuse, output formats, determinism, errors, engine agreement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.synthetic import synthetic_graph
from kg.query.engine import QueryError, has_top_level_order_by, run_query, select_rows
from kg.query.store import STAMP_NAME, DataError, load_files, open_store, store_is_current

SMALL = """\
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:b rdfs:label "乙, \\"二\\""@zh-Hant ; ex:n 2 .
ex:a rdfs:label "甲"@zh-hant , "jia"@zh-Latn-pinyin ; ex:n 10 .
ex:c ex:n 1.5 ; ex:knows [ rdfs:label "anon" ] .
"""


@pytest.fixture()
def small(tmp_path) -> Path:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return path


LABELS = """
SELECT ?s ?label WHERE { ?s rdfs:label ?label . FILTER(isIRI(?s)) }
ORDER BY ?s DESC(?label)
"""


def test_csv_follows_the_sparql_results_format(small):
    assert run_query(LABELS, data=[small], fmt="csv") == (
        "s,label\r\n"
        "http://example.org/a,甲\r\n"
        "http://example.org/a,jia\r\n"
        'http://example.org/b,"乙, ""二"""\r\n')


def test_tsv_follows_the_sparql_results_format(small):
    q = "SELECT ?s ?n WHERE { ?s <http://example.org/n> ?n } ORDER BY ?n"
    assert run_query(q, data=[small], fmt="tsv") == (
        "?s\t?n\n"
        "<http://example.org/c>\t1.5\n"
        "<http://example.org/b>\t2\n"
        "<http://example.org/a>\t10\n")
    assert run_query(LABELS, data=[small], fmt="tsv") == (
        "?s\t?label\n"
        '<http://example.org/a>\t"甲"@zh-Hant\n'
        '<http://example.org/a>\t"jia"@zh-Latn-pinyin\n'
        '<http://example.org/b>\t"乙, \\"二\\""@zh-Hant\n')


def test_json_follows_the_sparql_results_format(small):
    q = "SELECT ?s ?n ?none WHERE { ?s <http://example.org/n> ?n } ORDER BY ?n LIMIT 2"
    assert json.loads(run_query(q, data=[small], fmt="json")) == {
        "head": {"vars": ["s", "n", "none"]},
        "results": {"bindings": [
            {"s": {"type": "uri", "value": "http://example.org/c"},
             "n": {"type": "literal", "value": "1.5",
                   "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}},
            {"s": {"type": "uri", "value": "http://example.org/b"},
             "n": {"type": "literal", "value": "2",
                   "datatype": "http://www.w3.org/2001/XMLSchema#integer"}},
        ]}}


def test_json_writes_one_binding_per_line_with_repeated_terms_and_blank_nodes():
    """Exact bytes: each distinct term's JSON is written once and reused, so repeated
    terms and blank nodes (renamed b0, b1 … in order of appearance) must still come out
    right in every row."""
    from kg.query.engine import Answer, Term, _normalise, render

    work = Term("uri", "http://example.org/w")
    title = Term("literal", "長編", "", "zh-Hant")
    x, y = Term("bnode", "x9"), Term("bnode", "y9")
    rows: list[list[Term | None]] = [[work, y, title], [work, x, None], [work, y, title]]
    answer = _normalise(Answer("select", ["w", "b", "t"], rows), keep_order=True)
    assert render(answer, "json") == (
        '{"head": {"vars": ["w", "b", "t"]},\n"results": {"bindings": [\n'
        '{"w": {"type": "uri", "value": "http://example.org/w"}, '
        '"b": {"type": "bnode", "value": "b0"}, '
        '"t": {"type": "literal", "value": "長編", "xml:lang": "zh-Hant"}},\n'
        '{"w": {"type": "uri", "value": "http://example.org/w"}, '
        '"b": {"type": "bnode", "value": "b1"}},\n'
        '{"w": {"type": "uri", "value": "http://example.org/w"}, '
        '"b": {"type": "bnode", "value": "b0"}, '
        '"t": {"type": "literal", "value": "長編", "xml:lang": "zh-Hant"}}\n'
        ']}}\n')


def test_table_aligns_wide_characters(small):
    assert run_query(LABELS, data=[small]) == (
        "s                       label\n"
        "----------------------  ------------------\n"
        "<http://example.org/a>  甲@zh-Hant\n"
        "<http://example.org/a>  jia@zh-Latn-pinyin\n"
        "<http://example.org/b>  乙, \"二\"@zh-Hant\n"
        "(3 rows)\n")


def test_ask_and_construct(small):
    assert run_query("ASK { ?s <http://example.org/n> 10 }", data=[small]) == "true\n"
    assert run_query("ASK { ?s <http://example.org/n> 11 }", data=[small], fmt="json") == (
        '{"head": {}, "boolean": false}\n')
    q = ("CONSTRUCT { ?s a <http://example.org/Numbered> } "
         "WHERE { ?s <http://example.org/n> ?n }")
    expected = "".join(f"<http://example.org/{x}> <http://www.w3.org/1999/02/22-rdf-syntax-ns"
                       f"#type> <http://example.org/Numbered> .\n" for x in "abc")
    assert run_query(q, data=[small]) == expected
    assert run_query(q, data=[small], engine="rdflib") == expected


def test_rows_without_order_by_are_sorted_and_blank_nodes_renamed(small):
    q = "SELECT ?s ?o WHERE { ?s <http://example.org/knows> ?o }"
    assert select_rows(q, data=[small]) == [{"s": "http://example.org/c", "o": "_:b0"}]
    q = "SELECT ?s WHERE { ?s <http://example.org/n> ?n }"
    assert [r["s"][-1] for r in select_rows(q, data=[small])] == ["a", "b", "c"]
    assert [r["s"][-1] for r in select_rows(q + " ORDER BY DESC(?n)", data=[small])] == \
        ["a", "b", "c"]
    assert [r["s"][-1] for r in select_rows(q + " ORDER BY ?n", data=[small])] == \
        ["c", "b", "a"]


@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * { ?s ?p ?o } ORDER BY ?s", True),
    ("SELECT * { { SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 1 } }", False),
    ('SELECT * { ?s ?p "ORDER BY" } # ORDER BY', False),
    ("SELECT * { ?s ?p ?o } order\n  by ?s", True),
    ("SELECT * { ?s <urn:x:{> ?o }", False),
])
def test_top_level_order_by_is_found_outside_subqueries_strings_and_comments(query, expected):
    assert has_top_level_order_by(query) is expected


@pytest.mark.parametrize(("engine", "where"), [("oxigraph", "2:6"), ("rdflib", "2:6")])
def test_unknown_prefix_is_located(small, engine, where):
    with pytest.raises(QueryError) as err:
        run_query("SELECT ?x WHERE {\n  ?x foo:bar ?y }", data=[small], engine=engine)
    assert str(err.value) == f"{where}: prefix not found: foo (declare it with PREFIX)"


@pytest.mark.parametrize(("engine", "line", "column"), [("oxigraph", 3, 16), ("rdflib", 3, 12)])
def test_syntax_error_has_line_and_column(small, engine, line, column):
    with pytest.raises(QueryError) as err:
        run_query("SELECT ?x\nWHERE {\n  ?x ?y ?z ?w }", data=[small], engine=engine)
    assert (err.value.line, err.value.column, err.value.engine) == (line, column, engine)


SAMPLE = """
SELECT ?event ?agent ?year (COUNT(DISTINCT ?cite) AS ?cites) WHERE {
  ?event a xxj:Event ; xxj:hasAgent ?agent ; xxj:timeSpan ?ts ; xxj:citation ?cite .
  ?ts xxj:ceYear ?year .
  ?agent rdfs:label ?name .
  FILTER (langMatches(lang(?name), "zh-Hant") && ?year >= 1060)
} GROUP BY ?event ?agent ?year
"""


def test_both_engines_give_the_same_rows_and_text(tmp_path):
    path = tmp_path / "synthetic.nt"
    path.write_text(synthetic_graph(30).serialize(format="nt"), encoding="utf-8")
    ox_rows = select_rows(SAMPLE, data=[path])
    assert len(ox_rows) >= 10
    assert ox_rows == select_rows(SAMPLE, data=[path], engine="rdflib")
    for fmt in ("table", "csv", "tsv", "json"):
        assert run_query(SAMPLE, data=[path], fmt=fmt) == \
            run_query(SAMPLE, data=[path], fmt=fmt, engine="rdflib")


def test_store_is_reused_while_inputs_are_unchanged(tmp_path, small):
    store_path = tmp_path / "store"
    store = open_store(store_path)
    assert not store_is_current(store_path, [small])
    load_files(store, [small], store_path)
    assert (store_path / STAMP_NAME).is_file()
    assert store_is_current(store_path, [small])
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert select_rows(q, store=store) == [{"n": "8"}]
    del store
    reopened = open_store(store_path)  # persistent: the triples are still there
    assert select_rows(q, store=reopened) == [{"n": "8"}]
    assert select_rows(q, store=reopened, engine="rdflib") == [{"n": "8"}]
    small.write_text(SMALL + "<http://example.org/d> <http://example.org/n> 4 .\n",
                     encoding="utf-8")
    assert not store_is_current(store_path, [small])
    load_files(reopened, [small], store_path)  # reload replaces, never appends
    assert select_rows(q, store=reopened) == [{"n": "9"}]
    assert store_is_current(store_path, [small])
    assert not store_is_current(store_path, [small, tmp_path / "missing.nt"])


def test_load_files_rejects_unknown_extensions(tmp_path):
    bad = tmp_path / "data.xml"
    bad.write_text("<rdf/>", encoding="utf-8")
    with pytest.raises(DataError, match="unknown RDF file extension"):
        load_files(open_store(None), [bad])

"""SHACL: the build's engine reports exactly pyshacl's results; the report is stable.

``kg.check.validate_nt.validate_rows`` (pyshacl-turbo, compiled shapes) is what
``kg build --validate`` runs; ``validate_reference`` (pyshacl) is the oracle.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from bench.synthetic import inject_errors, synthetic_graph
from kg.check.validate import (
    REPORT_NS,
    Report,
    Result,
    parse_path,
    path_to_sparql,
    validate_reference,
)
from kg.check.validate_nt import validate_rows
from kg.terms.nt import from_rdflib

ROOT = Path(__file__).resolve().parent.parent
GRAPHS = Path(__file__).resolve().parent / "fixtures" / "graphs"
FIXTURES = sorted(p.name for p in GRAPHS.glob("*.ttl"))
XXJ = "https://w3id.org/xixiaji/ontology#"
XXJSH = "https://w3id.org/xixiaji/shapes#"
ID = "https://w3id.org/xixiaji/id/"


@pytest.fixture(scope="module")
def shapes() -> Graph:
    from kg.check.shape_terms import load_rdf_dir

    return load_rdf_dir(ROOT / "shapes")


def _load(name: str) -> Graph:
    return Graph().parse(GRAPHS / name, format="turtle")


def validate_build(data, shapes) -> Report:
    """The build's validation of ``data`` (an rdflib graph or set of triples), whole."""
    rows = [tuple(from_rdflib(x) for x in t) for t in data]
    return Report(validate_rows(rows, shapes, focus=None))


def test_fixture_graphs_are_there():
    assert "good.ttl" in FIXTURES
    assert len([n for n in FIXTURES if n.startswith("broken-")]) >= 10


@pytest.mark.parametrize("name", FIXTURES)
def test_build_engine_reports_the_same_results_as_pyshacl(name, shapes):
    data = _load(name)
    reference = validate_reference(data, shapes)
    assert validate_build(data, shapes).results == reference.results
    assert reference.conforms == (name == "good.ttl" or not any(
        r.severity == "Violation" for r in reference.results))
    if name.startswith("broken-"):
        assert reference.results, "a broken fixture must produce at least one result"


@pytest.mark.parametrize("seed", [4, 6])
def test_build_engine_reports_the_same_results_on_synthetic_graph_with_errors(shapes, seed):
    data = inject_errors(synthetic_graph(8), 60, seed=seed)
    reference = validate_reference(data, shapes)
    built = validate_build(data, shapes)
    assert len(reference.results) >= 40
    assert len({r.constraint for r in reference.results}) >= 10
    assert built.results == reference.results


def test_engines_agree_when_an_anchor_ends_before_it_starts(shapes):
    # SUBSTR with a negative length differs between engines (rdflib returns a wrong
    # substring, turbo an error); the shapes must test `?end < ?start` before SUBSTR.
    data = _load("good.ttl")
    pos = URIRef(ID + "entry/e1082-01451f07/citation/1/pos")
    end = URIRef("http://www.w3.org/ns/oa#end")
    data.remove((pos, end, None))
    data.add((pos, end, Literal(5)))
    assert validate_build(data, shapes).results == validate_reference(data, shapes).results


def test_clean_synthetic_graph_conforms_without_any_result(shapes):
    report = validate_build(synthetic_graph(20), shapes)
    assert report.results == []
    assert report.conforms


def test_closed_shape_result_fields(shapes):
    report = validate_build(_load("broken-closed.ttl"), shapes)
    assert report.results == [Result(
        focus=URIRef(ID + "event/e1082-01451f07"),
        path=f"<{XXJ}ceYear>",
        value=Literal(1082),
        severity="Violation",
        source_shape=URIRef(XXJSH + "EventShape"),
        constraint=SH.ClosedConstraintComponent,
        message="The data model does not allow this property on an event (see sh:resultPath).",
    )]
    assert not report.conforms


def test_validators_accept_a_plain_set_of_triples(shapes):
    data = set(_load("broken-closed.ttl"))
    assert validate_build(data, shapes).results == validate_reference(data, shapes).results
    assert len(validate_build(data, shapes).results) == 1


def test_results_are_kept_for_the_focus_nodes_only(shapes):
    # the build validates a text chunk with its subjects as focus nodes
    rows = [tuple(from_rdflib(x) for x in t) for t in _load("broken-closed.ttl")]
    event = f"<{ID}event/e1082-01451f07>"
    assert len(validate_rows(rows, shapes, focus={event})) == 1
    assert validate_rows(rows, shapes, focus={f"<{ID}entry/e1082-01451f07>"}) == []


def test_warnings_alone_conform(shapes):
    report = validate_build(_load("broken-misprint.ttl"), shapes)
    assert [r.severity for r in report.results] == ["Warning"]
    assert report.conforms


def _result(focus: str, severity: str = "Violation", path: str | None = None,
            value=None, message: str = "m") -> Result:
    return Result(focus=URIRef(ID + focus), path=path, value=value, severity=severity,
                  source_shape=URIRef(XXJSH + "S"), constraint=SH.MinCountConstraintComponent,
                  message=message)


def test_results_are_sorted_violations_first_and_deduplicated():
    a = _result("entry/e1082-00000001", "Warning")
    b = _result("entry/e1082-00000002")
    c = _result("entry/e1082-00000001")
    report = Report([a, b, c, b])
    assert report.results == [c, b, a]
    assert (report.count("Violation"), report.count("Warning"), report.count("Info")) == (2, 1, 0)


def test_result_iri_is_a_hash_of_its_fields():
    r = _result("entry/e1082-00000001", path=f"<{XXJ}text>", value=Literal("x"))
    assert r.iri() == URIRef(REPORT_NS + "result-" + "54d84c5130a92fdc")
    assert r.iri() == _result("entry/e1082-00000001", path=f"<{XXJ}text>",
                              value=Literal("x")).iri()
    assert r.iri() != _result("entry/e1082-00000001", path=f"<{XXJ}text>",
                              value=Literal("y")).iri()


def test_report_graph_has_no_blank_nodes_and_round_trips_paths():
    inverse = f"^<{XXJ}citation>"
    sequence = f"((<{XXJ}a>/^<{XXJ}b>*)|<{XXJ}c>+)"
    report = Report([_result("entry/e1082-00000001/citation/1", path=inverse),
                     _result("entry/e1082-00000001", path=sequence, value=Literal(3))])
    g = report.to_graph()
    assert not any(isinstance(x, BNode) for t in g for x in t)
    assert (URIRef(REPORT_NS + "shacl"), SH.conforms, Literal(False)) in g
    paths = {path_to_sparql(g, g.value(node, SH.resultPath))
             for node in g.subjects(SH.resultSeverity, SH.Violation)}
    assert paths == {inverse, sequence}
    with_value = [r for r in report.results if r.value is not None]
    assert [g.value(r.iri(), SH.value) for r in with_value] == [Literal(3)]


def test_parse_path_reads_what_path_to_sparql_writes():
    p = URIRef(XXJ + "p")
    assert parse_path(f"<{p}>") == p
    assert parse_path(f"^<{p}>") == ("^", p)
    assert parse_path(f"(<{p}>/<{p}>?)") == ("/", [p, ("?", p)])
    with pytest.raises(ValueError):
        parse_path(f"<{p}> junk")
    with pytest.raises(ValueError):
        parse_path(f"(<{p}>/<{p}>|<{p}>)")


def test_summary_names_focus_nodes_and_source_lines():
    report = Report([
        _result("entry/e1082-01451f07/citation/2", path=f"<{XXJ}juanEnd>",
                value=Literal(527), message="Juan beyond the work."),
        _result("person/p0001", "Warning", message="No zh-Hans label."),
    ])
    text = report.summary({ID + "entry/e1082-01451f07": "xxj-1082-1083-daian-8-9.txt:31"})
    assert text == (
        "SHACL validation: does NOT conform — 1 violation, 1 warning, 0 infos\n"
        "Violation  xxj-1082-1083-daian-8-9.txt:31  xxjd:entry/e1082-01451f07/citation/2"
        "  path xxj:juanEnd  value \"527\"^^xsd:integer\n"
        "    Juan beyond the work.  [xxjsh:S, sh:MinCountConstraintComponent]\n"
        "Warning  xxjd:person/p0001\n"
        "    No zh-Hans label.  [xxjsh:S, sh:MinCountConstraintComponent]\n")


def test_summary_of_a_clean_report():
    assert Report([]).summary(None) == (
        "SHACL validation: conforms — 0 violations, 0 warnings, 0 infos\n")


def test_engines_agree_when_a_segment_starts_before_the_entry(shapes):
    # SUBSTR from a negative position differs between engines; the shapes test
    # ?start < 0 before they slice.
    data = _load("good.ttl")
    narrative = URIRef(ID + "entry/e1082-01451f07/narrative")
    start = URIRef(XXJ + "start")
    data.remove((narrative, start, None))
    data.add((narrative, start, Literal(-3)))
    assert validate_build(data, shapes).results == validate_reference(data, shapes).results

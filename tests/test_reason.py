"""OWL-RL closure: the build's chunked reasoner gives exactly owlrl's triples.

``kg.check.reason_nt.ChunkReasoner`` (the rules of ``kg.check.reason.compile_rules``)
is what ``kg build --reason`` runs; ``reference_closure`` (owlrl) is the oracle.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bench.synthetic import synthetic_chunks
from kg.check.reason import (
    UnsupportedOntology,
    compare_closures,
    ontology_closure,
    reference_closure,
)
from kg.check.reason_nt import ChunkReasoner
from kg.terms.nt import from_rdflib, to_rdflib

ROOT = Path(__file__).resolve().parent.parent
GRAPHS = Path(__file__).resolve().parent / "fixtures" / "graphs"
XXJ = "https://w3id.org/xixiaji/ontology#"
CRM = "http://www.cidoc-crm.org/cidoc-crm/"
ID = "https://w3id.org/xixiaji/id/"
EX = "http://example.org/"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    for name in ("xxj.ttl", "concepts.ttl"):
        g.parse(ROOT / "ontology" / name, format="turtle")
    return g


def _rows(g) -> list[tuple[str, str, str]]:
    return [tuple(from_rdflib(x) for x in t) for t in g]


def chunked_closure(ontology: Graph, chunks) -> set:
    """What the build publishes as inferred: each chunk through ``ChunkReasoner.split``,
    its own and its foreign entailments together, less everything asserted anywhere."""
    reasoner = ChunkReasoner(ontology)
    asserted: set[tuple[str, str, str]] = set()
    inferred: set[tuple[str, str, str]] = set()
    for chunk in chunks:
        rows = _rows(chunk)
        asserted.update(rows)
        local, foreign = reasoner.split(rows)
        inferred.update(local)
        inferred.update(foreign)
    return {tuple(to_rdflib(x) for x in t) for t in inferred - asserted}


@pytest.fixture(scope="module")
def chunks() -> list[Graph]:
    # 12 entries in texts of 4: three text chunks plus the reference chunk, so that
    # links (participants, works, eras) cross chunk boundaries.  The build publishes
    # no owl:sameAs (links to other datasets are linksets of their own) and the
    # chunked rules do not implement equality, so the synthetic Wikidata links go.
    out = []
    for c in synthetic_chunks(12, entries_per_text=4):
        c.remove((None, OWL.sameAs, None))
        out.append(c)
    return out


@pytest.fixture(scope="module")
def union(chunks) -> Graph:
    g = Graph()
    for c in chunks:
        for t in c:
            g.add(t)
    return g


@pytest.fixture(scope="module")
def reference(union, ontology) -> Graph:
    return reference_closure(union, ontology)


@pytest.fixture(scope="module")
def good() -> Graph:
    return Graph().parse(GRAPHS / "good.ttl", format="turtle")


def test_chunked_equals_reference_on_synthetic_chunks(chunks, ontology, reference):
    assert compare_closures(reference, chunked_closure(ontology, chunks)) == ([], [])


def test_chunked_equals_reference_on_one_graph(union, ontology, reference):
    assert compare_closures(reference, chunked_closure(ontology, [union])) == ([], [])


def test_chunked_equals_reference_on_good_fixture(good, ontology):
    assert compare_closures(reference_closure(good, ontology),
                            chunked_closure(ontology, [good])) == ([], [])


def test_reference_on_good_fixture_has_the_expected_entailments(good, ontology):
    inferred = reference_closure(good, ontology)
    event = URIRef(ID + "event/e1082-01451f07")
    entry = URIRef(ID + "entry/e1082-01451f07")
    # superclasses of the asserted class (xxj:Event ⊑ crm:E5_Event ⊑ crm:E4_Period, sem:Event)
    assert {o for o in inferred.objects(event, RDF.type)} == {
        URIRef(CRM + "E5_Event"), URIRef(CRM + "E4_Period"),
        URIRef("http://semanticweb.cs.vu.nl/2009/11/sem/Event")}
    # owl:inverseOf
    assert (event, URIRef(XXJ + "reportedIn"), entry) in inferred
    # the property chain xxj:citation / xxj:citesWork ⊑ crm:P70i_is_documented_in
    assert set(inferred.objects(event, URIRef(CRM + "P70i_is_documented_in"))) == {
        URIRef(ID + "work/w001"), URIRef(ID + "work/w002")}
    # rdfs:range of xxj:hasAgent on a person typed only xxj:Person
    assert (URIRef(ID + "person/p0001"), RDF.type, URIRef(XXJ + "Actor")) in inferred


def test_inferred_triples_are_new_valid_and_about_the_data(reference, union, ontology):
    schema = ontology_closure(ontology)
    assert len(reference) > 0
    for s, p, o in reference:
        assert not isinstance(s, (Literal, BNode)) and not isinstance(o, BNode)
        assert not isinstance(p, BNode)
        assert not (p == OWL.sameAs and s == o)
        assert not (p == RDF.type and o == OWL.Thing)
        assert not str(s).startswith((str(RDF), str(RDFS), str(OWL)))
        assert (s, p, o) not in union
        assert (s, p, o) not in schema


def test_entailments_about_other_chunks_are_split_off(chunks, ontology):
    # a text chunk's participant is typed by the range of xxj:hasAgent: the type is
    # about a resource of the reference chunk, which the build writes once
    reasoner = ChunkReasoner(ontology)
    local, foreign = reasoner.split(_rows(chunks[0]))
    subjects = {s for s, _, _ in _rows(chunks[0])}
    assert local and foreign
    assert all(t[0] in subjects for t in local)
    assert not any(t[0] in subjects for t in foreign)


MINI_ONTOLOGY = """
@prefix ex: <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:A rdfs:subClassOf ex:B . ex:B owl:equivalentClass ex:C .
ex:p rdfs:domain ex:A ; rdfs:range ex:D ; rdfs:subPropertyOf ex:q .
ex:q owl:equivalentProperty ex:r .
ex:r owl:inverseOf ex:rInv .
ex:sib a owl:SymmetricProperty .
ex:greatGrandparent owl:propertyChainAxiom ( ex:parent ex:parent ex:parent ) .
ex:name owl:inverseOf ex:nameOf . ex:nameOf rdfs:range ex:Named .
"""
MINI_CHUNK_1 = """@prefix ex: <http://example.org/> .
ex:a1 ex:p ex:d1 . ex:x ex:sib ex:y . ex:n ex:name "N" ."""
MINI_CHUNK_2 = """@prefix ex: <http://example.org/> .
ex:k1 ex:parent ex:k2 . ex:k2 ex:parent ex:k3 . ex:k3 ex:parent ex:k4 ."""

# Every rule the chunked reasoner compiles: superclasses and equivalent classes,
# domain, range, superproperties and equivalent properties, inverses, a symmetric
# property, a 3-link chain, and an inverse of a literal-valued property whose range
# then types the subject (n a Named).
MINI_EXPECTED = {
    ("a1", "q", "d1"), ("a1", "r", "d1"), ("d1", "rInv", "a1"),
    ("a1", "type", "A"), ("a1", "type", "B"), ("a1", "type", "C"), ("d1", "type", "D"),
    ("k1", "greatGrandparent", "k4"), ("n", "type", "Named"), ("y", "sib", "x"),
}


def _ex(name: str) -> URIRef:
    return {"type": RDF.type, "sameAs": OWL.sameAs}.get(name) or URIRef(EX + name)


def _mini(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def test_each_compiled_rule_matches_reference():
    onto, c1, c2 = _mini(MINI_ONTOLOGY), _mini(MINI_CHUNK_1), _mini(MINI_CHUNK_2)
    expected = {tuple(_ex(x) for x in t) for t in MINI_EXPECTED}
    assert set(reference_closure(c1 + c2, onto)) == expected
    assert chunked_closure(onto, [c1, c2]) == expected


def test_a_chain_link_from_another_chunk_is_refused():
    # k2's link is in the other chunk: joining it would need the union
    onto = _mini(MINI_ONTOLOGY)
    rows = _rows(_mini(MINI_CHUNK_2))
    with pytest.raises(UnsupportedOntology, match="chain link"):
        ChunkReasoner(onto)._closure(rows, {rows[0][0]})


@pytest.mark.parametrize("axiom", [
    "ex:p a owl:FunctionalProperty .",
    "ex:K owl:hasKey ( ex:p ) .",
    "ex:R owl:onProperty ex:p ; owl:someValuesFrom ex:A .",
    "ex:anc a owl:TransitiveProperty .",
])
def test_ontology_features_the_rules_do_not_implement_are_refused(axiom):
    onto = _mini("@prefix ex: <http://example.org/> . "
                 "@prefix owl: <http://www.w3.org/2002/07/owl#> . " + axiom)
    with pytest.raises(UnsupportedOntology):
        ChunkReasoner(onto)


def test_compare_closures_reports_missing_and_extra_sorted():
    a = [(URIRef(EX + "b"), RDF.type, URIRef(EX + "C")),
         (URIRef(EX + "a"), RDF.type, URIRef(EX + "C")),
         (URIRef(EX + "s"), RDF.type, URIRef(EX + "C"))]
    b = [(URIRef(EX + "s"), RDF.type, URIRef(EX + "C")),
         (URIRef(EX + "z"), RDF.type, URIRef(EX + "C"))]
    assert compare_closures(a, b) == (a[1::-1], [b[1]])


def test_subproperty_of_a_vocabulary_property_is_compiled():
    onto = _mini("@prefix ex: <http://example.org/> . "
                 "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
                 "ex:pref rdfs:subPropertyOf rdfs:label .")
    data = _mini('<http://example.org/x> <http://example.org/pref> "a" .')
    expected = {(URIRef(EX + "x"), RDFS.label, Literal("a"))}
    assert set(reference_closure(data, onto)) == expected
    assert chunked_closure(onto, [data]) == expected


def test_a_property_that_would_derive_equality_is_refused():
    onto = _mini("@prefix ex: <http://example.org/> . "
                 "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
                 "@prefix owl: <http://www.w3.org/2002/07/owl#> . "
                 "ex:same rdfs:subPropertyOf owl:sameAs .")
    with pytest.raises(UnsupportedOntology, match="subproperty or inverse"):
        ChunkReasoner(onto)

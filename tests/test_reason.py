"""OWL-RL closure: the fast path gives exactly the reference's triples (kg/check/reason.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from bench.synthetic import synthetic_chunks
from kg.check.reason import (
    UnsupportedOntology,
    compare_closures,
    fast_closure,
    ontology_closure,
    reference_closure,
)

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


@pytest.fixture(scope="module")
def chunks() -> list[Graph]:
    # 12 entries in texts of 4: three text chunks plus the reference chunk, so that
    # links (participants, works, owl:sameAs to Wikidata) cross chunk boundaries.
    return synthetic_chunks(12, entries_per_text=4)


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


def test_fast_equals_reference_on_synthetic_chunks(chunks, ontology, reference):
    assert compare_closures(reference, fast_closure(chunks, ontology)) == ([], [])


def test_fast_equals_reference_on_one_graph(union, ontology, reference):
    assert compare_closures(reference, fast_closure(union, ontology)) == ([], [])


def test_fast_accepts_plain_sets_of_triples(chunks, ontology, reference):
    # the build holds its chunks as sets of triples, not rdflib Graphs
    assert compare_closures(reference, fast_closure([set(c) for c in chunks], ontology)) \
        == ([], [])
    assert compare_closures(reference, fast_closure(set().union(*chunks), ontology)) == ([], [])


def test_fast_equals_reference_with_worker_processes(chunks, ontology, reference):
    assert compare_closures(reference, fast_closure(chunks, ontology, workers=2)) == ([], [])


def test_fast_equals_reference_on_good_fixture(good, ontology):
    assert compare_closures(reference_closure(good, ontology),
                            fast_closure(good, ontology)) == ([], [])


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


def test_owl_same_as_copies_statements_to_the_wikidata_item(reference):
    # p0001 has owl:sameAs wd:Q100001 in the reference chunk; entries in other chunks
    # name p0001 as agent, so the Wikidata IRI gets the agent link and the types.
    wd = URIRef("http://www.wikidata.org/entity/Q100001")
    assert (wd, OWL.sameAs, URIRef(ID + "person/p0001")) in reference
    assert (wd, RDF.type, URIRef(XXJ + "Person")) in reference
    assert any(reference.subjects(URIRef(XXJ + "hasAgent"), wd))


MINI_ONTOLOGY = """
@prefix ex: <http://example.org/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:A rdfs:subClassOf ex:B . ex:B owl:equivalentClass ex:C .
ex:p rdfs:domain ex:A ; rdfs:range ex:D ; rdfs:subPropertyOf ex:q .
ex:q owl:equivalentProperty ex:r .
ex:r owl:inverseOf ex:rInv .
ex:anc a owl:TransitiveProperty .
ex:sib a owl:SymmetricProperty .
ex:greatGrandparent owl:propertyChainAxiom ( ex:parent ex:parent ex:parent ) .
ex:name owl:inverseOf ex:nameOf . ex:nameOf rdfs:range ex:Named .
"""
MINI_CHUNK_1 = """@prefix ex: <http://example.org/> .
ex:a1 ex:p ex:d1 ; ex:anc ex:a2 . ex:x ex:sib ex:y . ex:k1 ex:parent ex:k2 .
ex:n ex:name "N" ."""
MINI_CHUNK_2 = """@prefix ex: <http://example.org/> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
ex:a2 ex:anc ex:a3 . ex:k2 ex:parent ex:k3 . ex:k3b ex:parent ex:k4 . ex:k3 owl:sameAs ex:k3b ."""

# Every rule the fast path compiles, and joins across the two chunks: transitivity
# (a1→a2→a3), a 3-link chain through merged resources (k3 = k3b), and an inverse of
# a literal-valued property whose range then types the subject (n a Named).
MINI_EXPECTED = {
    ("a1", "anc", "a3"), ("a1", "q", "d1"), ("a1", "r", "d1"), ("d1", "rInv", "a1"),
    ("a1", "type", "A"), ("a1", "type", "B"), ("a1", "type", "C"), ("d1", "type", "D"),
    ("k1", "greatGrandparent", "k4"), ("k2", "parent", "k3b"), ("k3", "parent", "k4"),
    ("k3b", "sameAs", "k3"), ("n", "type", "Named"), ("y", "sib", "x"),
}


def _ex(name: str) -> URIRef:
    return {"type": RDF.type, "sameAs": OWL.sameAs}.get(name) or URIRef(EX + name)


def test_each_compiled_rule_and_cross_chunk_join_matches_reference():
    onto = Graph().parse(data=MINI_ONTOLOGY, format="turtle")
    c1 = Graph().parse(data=MINI_CHUNK_1, format="turtle")
    c2 = Graph().parse(data=MINI_CHUNK_2, format="turtle")
    expected = {tuple(_ex(x) for x in t) for t in MINI_EXPECTED}
    assert set(reference_closure(c1 + c2, onto)) == expected
    assert set(fast_closure([c1, c2], onto)) == expected


@pytest.mark.parametrize("axiom", [
    "ex:p a owl:FunctionalProperty .",
    "ex:K owl:hasKey ( ex:p ) .",
    "ex:R owl:onProperty ex:p ; owl:someValuesFrom ex:A .",
])
def test_fast_refuses_ontology_features_it_does_not_implement(axiom):
    onto = Graph().parse(data="@prefix ex: <http://example.org/> . "
                              "@prefix owl: <http://www.w3.org/2002/07/owl#> . " + axiom,
                         format="turtle")
    data = Graph().parse(data=MINI_CHUNK_1, format="turtle")
    with pytest.raises(UnsupportedOntology):
        fast_closure(data, onto)


def test_fast_refuses_schema_triples_in_the_data():
    onto = Graph().parse(data=MINI_ONTOLOGY, format="turtle")
    data = Graph().parse(data=MINI_CHUNK_1, format="turtle")
    data.add((URIRef(EX + "A"), RDFS.subClassOf, URIRef(EX + "Z")))
    with pytest.raises(UnsupportedOntology, match="schema triple in the data"):
        fast_closure(data, onto)


def test_fast_refuses_same_as_between_classes():
    onto = Graph().parse(data=MINI_ONTOLOGY, format="turtle")
    data = Graph().parse(data=MINI_CHUNK_1, format="turtle")
    data.add((URIRef(EX + "A"), OWL.sameAs, URIRef(EX + "Z")))
    with pytest.raises(UnsupportedOntology, match="schema term"):
        fast_closure(data, onto)


def test_compare_closures_reports_missing_and_extra_sorted():
    a = [(URIRef(EX + "b"), RDF.type, URIRef(EX + "C")),
         (URIRef(EX + "a"), RDF.type, URIRef(EX + "C")),
         (URIRef(EX + "s"), RDF.type, URIRef(EX + "C"))]
    b = [(URIRef(EX + "s"), RDF.type, URIRef(EX + "C")),
         (URIRef(EX + "z"), RDF.type, URIRef(EX + "C"))]
    assert compare_closures(a, b) == (a[1::-1], [b[1]])


def test_subproperty_of_a_vocabulary_property_is_compiled():
    onto = Graph().parse(data="@prefix ex: <http://example.org/> . "
                              "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
                              "ex:pref rdfs:subPropertyOf rdfs:label .", format="turtle")
    data = Graph().parse(data='<http://example.org/x> <http://example.org/pref> "a" .',
                         format="turtle")
    expected = {(URIRef(EX + "x"), RDFS.label, Literal("a"))}
    assert set(reference_closure(data, onto)) == expected
    assert set(fast_closure(data, onto)) == expected


def test_fast_refuses_a_property_that_would_derive_equality():
    onto = Graph().parse(data="@prefix ex: <http://example.org/> . "
                              "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . "
                              "@prefix owl: <http://www.w3.org/2002/07/owl#> . "
                              "ex:same rdfs:subPropertyOf owl:sameAs .", format="turtle")
    data = Graph().parse(data=MINI_CHUNK_1, format="turtle")
    with pytest.raises(UnsupportedOntology, match="subproperty or inverse"):
        fast_closure(data, onto)

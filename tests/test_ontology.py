"""Tests of the ontology (ontology/xxj.ttl), the concept schemes and the generated reference.

The declared terms are pinned exactly, because the graph builder must use exactly them;
the alignments are pinned because users query the graph in CIDOC-CRM and SEM terms
after OWL-RL closure, which is checked on the good fixture.
"""

from __future__ import annotations

from pathlib import Path

import opencc
import owlrl
import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from kg.publish.docs import render_reference, write_reference

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology" / "xxj.ttl"
CONCEPTS = ROOT / "ontology" / "concepts.ttl"
FIXTURES = ROOT / "tests" / "fixtures" / "graphs"
REFERENCE = ROOT / "docs" / "ontology.md"

XXJ = Namespace("https://w3id.org/xixiaji/ontology#")
XXJC = "https://w3id.org/xixiaji/concept/"
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
ID = "https://w3id.org/xixiaji/id/"
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#ErrorMessage")

CLASSES = {
    "Actor", "Citation", "DateExpression", "EditorialJudgement", "EditorialNote", "Entry", "Era",
    "Event", "Group", "Headline", "InlineQuotation", "Mention", "Narrative", "Participation",
    "Person", "Place", "Polity", "Preamble", "Reading", "SourceReading", "Text", "TextSegment",
    "TimeSpan",
    "VariantForm", "Work",
}  # fmt: skip
OBJECT_PROPERTIES = {
    "aboutEntity", "anchor", "citation", "citesJuan", "citesWork", "era", "eventType", "hasAgent",
    "hasParticipation", "hasPatient", "hasRecipient", "headline", "inCircuit", "inEntry",
    "inText", "mention", "narrative", "ofPolity", "participant", "preambleOf", "precision",
    "quotes",
    "readingKind", "refersTo", "reportedIn", "reports", "role", "segmentOf", "servedPolity",
    "standing", "timeSpan", "tookPlaceAt", "passage",
}  # fmt: skip
DATATYPE_PROPERTIES = {
    "activeFrom", "activeTo", "alignmentScore", "certainty", "controlScore",
    "beginJulianCalendar", "beginJulianDay", "ceYear", "chronology",
    "dayGanzhi", "end", "endJulianCalendar", "endJulianDay", "entryText", "eraName", "eraYear",
    "fileEnd", "fileLine", "fileStart",
    "firstYear", "formBasis", "foundBy", "genre", "groupType", "juanCount", "juanEnd", "juanStart",
    "lastYear", "leapMonth", "lunarDay", "lunarMonth", "mentionText", "misprint", "placeType",
    "polityName", "position", "printedForm", "readingOf", "readingText", "ruler", "season",
    "section", "shortForm", "shortTitle", "sourceColumn", "sourceFile", "sourceLine", "start",
    "text", "unresolvedName", "lineCount", "normalizedReadingOf", "normalizedReadingText",
}  # fmt: skip


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def concepts() -> Graph:
    return Graph().parse(CONCEPTS, format="turtle")


def own(graph: Graph, kind: URIRef) -> set[str]:
    """Local names of our terms of one OWL type."""
    return {
        str(s).removeprefix(str(XXJ))
        for s in graph.subjects(RDF.type, kind)
        if str(s).startswith(str(XXJ))
    }


def literal(graph: Graph, subject: URIRef, predicate: URIRef, lang: str) -> list[str]:
    """The literals of one language (exact tag)."""
    return [
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == lang
    ]


def test_ontology_header(ontology: Graph) -> None:
    head = URIRef("https://w3id.org/xixiaji/ontology")
    assert set(ontology.subjects(RDF.type, OWL.Ontology)) == {head}
    assert ontology.value(head, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(head, OWL.versionIRI) == URIRef("https://w3id.org/xixiaji/ontology/0.1.0")
    assert ontology.value(head, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert ontology.value(head, DCTERMS.creator) == Literal("xixiaji project")
    assert literal(ontology, head, DCTERMS.title, "en") == ["Xixia ji ontology"]


def test_declared_terms_are_exactly_those_of_the_model(ontology: Graph) -> None:
    assert own(ontology, OWL.Class) == CLASSES
    assert own(ontology, OWL.ObjectProperty) == OBJECT_PROPERTIES
    assert own(ontology, OWL.DatatypeProperty) == DATATYPE_PROPERTIES
    # Every xxj: IRI used anywhere in the file is one of them.
    used = {
        str(t).removeprefix(str(XXJ))
        for triple in ontology
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(str(XXJ))
    }
    assert used == CLASSES | OBJECT_PROPERTIES | DATATYPE_PROPERTIES


def test_every_term_has_labels_and_definitions(ontology: Graph) -> None:
    for name in sorted(CLASSES | OBJECT_PROPERTIES | DATATYPE_PROPERTIES):
        term = XXJ[name]
        for lang in ("en", "zh-Hant", "zh-Hans"):
            assert len(literal(ontology, term, RDFS.label, lang)) == 1, (name, lang)
        for lang in ("en", "zh-Hant"):
            assert len(literal(ontology, term, SKOS.definition, lang)) == 1, (name, lang)
        assert ontology.value(term, RDFS.isDefinedBy) == URIRef("https://w3id.org/xixiaji/ontology")


def test_simplified_labels_are_the_opencc_conversion_of_the_traditional() -> None:
    # Same conversion the builder uses for data labels, so a zh-Hans search finds terms too.
    converter = opencc.OpenCC("t2s")
    for graph, predicate in (
        (Graph().parse(ONTOLOGY), RDFS.label),
        (Graph().parse(CONCEPTS), SKOS.prefLabel),
    ):
        for subject in set(graph.subjects(predicate, None)):
            hant = literal(graph, subject, predicate, "zh-Hant")
            if hant:
                assert literal(graph, subject, predicate, "zh-Hans") == [
                    converter.convert(hant[0])
                ], subject


@pytest.mark.parametrize(
    ("term", "supers"),
    [
        ("Text", {CRM.E31_Document, SCHEMA.CreativeWork}),
        ("Entry", {CRM.E33_Linguistic_Object}),
        ("TextSegment", {CRM.E33_Linguistic_Object}),
        ("Preamble", {CRM.E33_Linguistic_Object}),
        ("Headline", {XXJ.TextSegment}),
        ("Event", {CRM.E5_Event, SEM.Event}),
        ("Actor", {CRM.E39_Actor, SEM.Actor}),
        ("Person", {XXJ.Actor, CRM.E21_Person, SCHEMA.Person}),
        ("Polity", {XXJ.Actor, CRM.E74_Group, SCHEMA.Organization}),
        ("Group", {XXJ.Actor, CRM.E74_Group}),
        ("Place", {CRM.E53_Place, SCHEMA.Place, SEM.Place}),
        ("TimeSpan", {CRM["E52_Time-Span"], SEM.Time}),
        ("Era", {CRM.E4_Period}),
        ("Work", {CRM.E31_Document, SCHEMA.Book}),
        ("Citation", {CRM.E33_Linguistic_Object}),
        ("Reading", {PROV.Entity}),
        ("VariantForm", {XXJ.Reading}),
        ("Mention", {CRM.E33_Linguistic_Object}),
        ("DateExpression", {CRM.E33_Linguistic_Object}),
        ("Participation", set()),
    ],
)
def test_class_alignments(ontology: Graph, term: str, supers: set[URIRef]) -> None:
    assert set(ontology.objects(XXJ[term], RDFS.subClassOf)) == supers


@pytest.mark.parametrize(
    ("term", "supers"),
    [
        ("hasAgent", {CRM.P11_had_participant, SEM.hasActor}),
        ("hasPatient", {CRM.P11_had_participant, SEM.hasActor}),
        ("hasRecipient", {CRM.P11_had_participant, SEM.hasActor}),
        ("tookPlaceAt", {CRM.P7_took_place_at, SEM.hasPlace}),
        ("timeSpan", {CRM["P4_has_time-span"], SEM.hasTime}),
        ("eventType", {CRM.P2_has_type, SEM.eventType}),
        ("reports", {CRM.P129_is_about}),
        ("reportedIn", {CRM.P129i_is_subject_of}),
        ("refersTo", {CRM.P67_refers_to}),
        ("citesWork", {CRM.P67_refers_to}),
        ("quotes", {CRM.P67_refers_to}),
        ("inText", {CRM.P106i_forms_part_of}),
        ("segmentOf", {CRM.P106i_forms_part_of}),
        ("preambleOf", {CRM.P106i_forms_part_of}),
        ("citation", set()),
        ("participant", set()),
    ],
)
def test_property_alignments(ontology: Graph, term: str, supers: set[URIRef]) -> None:
    assert set(ontology.objects(XXJ[term], RDFS.subPropertyOf)) == supers


def test_inverses_and_chain(ontology: Graph) -> None:
    assert (XXJ.reportedIn, OWL.inverseOf, XXJ.reports) in ontology
    assert (CRM.P11i_participated_in, OWL.inverseOf, CRM.P11_had_participant) in ontology
    # the OWL 2 form: the super-property itself is the subject of the chain axiom
    chains = [(n, list(ontology.items(c)))
              for n, c in ontology.subject_objects(OWL.propertyChainAxiom)]
    assert chains == [(CRM.P70i_is_documented_in, [XXJ.citation, XXJ.citesWork])]


def test_no_axiom_that_would_merge_resources(ontology: Graph) -> None:
    # Functional or inverse-functional properties and keys make an OWL-RL reasoner infer
    # owl:sameAs from a second value; cardinalities are the shapes' job instead.
    for kind in (OWL.FunctionalProperty, OWL.InverseFunctionalProperty):
        assert list(ontology.subjects(RDF.type, kind)) == []
    assert list(ontology.subject_objects(OWL.hasKey)) == []
    assert list(ontology.subject_objects(OWL.maxCardinality)) == []


def test_external_terms_used_in_axioms_are_declared(ontology: Graph) -> None:
    external = {
        o
        for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf)
        for o in ontology.objects(None, p)
        if isinstance(o, URIRef) and not str(o).startswith(str(XXJ))
    }
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    undeclared = {
        t
        for t in external
        if not any((t, RDF.type, k) in ontology for k in kinds)
        and not str(t).startswith("http://www.w3.org/2001/XMLSchema#")
    }
    assert undeclared == set()


def test_no_domain_or_range_that_would_mistype(ontology: Graph) -> None:
    # Properties used by several classes (MODEL.md) have no domain, and those whose values
    # are actors or places have no range: either would make the reasoner infer false types.
    shared = ("text", "anchor", "era", "eraYear", "ceYear", "lunarMonth", "leapMonth", "inEntry",
              "season", "dayGanzhi", "position", "ofPolity", "eraName", "shortForm",
              "activeFrom", "activeTo")  # fmt: skip
    for name in shared:
        assert list(ontology.objects(XXJ[name], RDFS.domain)) == [], name
    for name in ("participant", "aboutEntity", "refersTo"):
        assert list(ontology.objects(XXJ[name], RDFS.range)) == [], name


def closure(*paths: Path) -> Graph:
    """OWL-RL closure (owlrl) of the ontology plus ``paths``."""
    graph = Graph().parse(ONTOLOGY, format="turtle")
    for path in paths:
        graph.parse(path, format="turtle")
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(graph)
    return graph


@pytest.fixture(scope="module")
def closed_good() -> Graph:
    return closure(FIXTURES / "good.ttl")


def test_closure_is_consistent(closed_good: Graph) -> None:
    assert list(closed_good.subjects(RDF.type, OWLRL_ERROR)) == []


def test_good_event_in_cidoc_crm_terms(closed_good: Graph) -> None:
    rows = closed_good.query(
        """
        PREFIX crm: <http://www.cidoc-crm.org/cidoc-crm/>
        SELECT ?event ?actor WHERE {
            ?event a crm:E5_Event ;
                crm:P11_had_participant ?actor .
            ?actor a crm:E39_Actor .
        }
        """
    )
    event = URIRef(ID + "event/e1082-01451f07")
    assert {(r[0], r[1]) for r in rows} == {
        (event, URIRef(ID + "person/p0001")),
        (event, URIRef(ID + "person/p0002")),
        (event, URIRef(ID + "polity/po001")),
    }


def test_good_event_place_time_and_sources_in_cidoc_crm_terms(closed_good: Graph) -> None:
    event = URIRef(ID + "event/e1082-01451f07")
    entry = URIRef(ID + "entry/e1082-01451f07")
    assert set(closed_good.objects(event, CRM.P7_took_place_at)) == {URIRef(ID + "place/pl0001")}
    assert set(closed_good.objects(event, CRM["P4_has_time-span"])) == {
        URIRef(ID + "entry/e1082-01451f07/timespan")
    }
    assert set(closed_good.objects(event, CRM.P70i_is_documented_in)) == {
        URIRef(ID + "work/w001"),
        URIRef(ID + "work/w002"),
    }
    assert set(closed_good.objects(event, CRM.P129i_is_subject_of)) == {entry}
    assert (URIRef(ID + "person/p0001"), CRM.P11i_participated_in, event) in closed_good
    assert (URIRef(ID + "place/pl0001"), RDF.type, SEM.Place) in closed_good


def test_closure_flags_an_iri_that_is_both_person_and_place() -> None:
    graph = closure(FIXTURES / "broken-person-place.ttl")
    assert len(list(graph.subjects(RDF.type, OWLRL_ERROR))) == 1


SCHEMES = {
    "role": ["agent", "patient", "recipient", "place", "other"],
    "standing": ["adopted", "alternative", "rejected", "undecided"],
    "reading-kind": ["variant-form", "source-reading", "number", "date", "statement"],
    "precision": ["era", "year", "season", "month", "day"],
}


def test_concept_schemes(concepts: Graph) -> None:
    schemes = {str(s) for s in concepts.subjects(RDF.type, SKOS.ConceptScheme)}
    assert schemes == {XXJC + name for name in SCHEMES}
    expected = {XXJC + f"{name}/{c}" for name, cs in SCHEMES.items() for c in cs}
    assert {str(c) for c in concepts.subjects(RDF.type, SKOS.Concept)} == expected
    for name, members in SCHEMES.items():
        scheme = URIRef(XXJC + name)
        for notation in members:
            concept = URIRef(XXJC + f"{name}/{notation}")
            assert concepts.value(concept, SKOS.inScheme) == scheme
            assert concepts.value(concept, SKOS.topConceptOf) == scheme
            assert (scheme, SKOS.hasTopConcept, concept) in concepts
            assert concepts.value(concept, SKOS.notation) == Literal(notation)
            for lang in ("en", "zh-Hant", "zh-Hans"):
                assert len(literal(concepts, concept, SKOS.prefLabel, lang)) == 1
            for lang in ("en", "zh-Hant"):
                assert len(literal(concepts, concept, SKOS.definition, lang)) == 1


def test_reference_is_up_to_date(tmp_path: Path) -> None:
    out = tmp_path / "ontology.md"
    write_reference(ONTOLOGY, out)
    assert out.read_text(encoding="utf-8") == REFERENCE.read_text(encoding="utf-8")


def test_reference_documents_every_term(ontology: Graph) -> None:
    text = render_reference(ontology)
    for name in sorted(CLASSES | OBJECT_PROPERTIES | DATATYPE_PROPERTIES):
        assert text.count(f"\n### xxj:{name}\n") == 1, name
    assert "| terms | 25 classes, 33 object properties, 53 datatype properties |" in text
    assert "- xxj:citation ∘ xxj:citesWork ⊑ crm:P70i_is_documented_in" in text

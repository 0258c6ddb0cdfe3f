"""Tests of the SHACL shapes (shapes/*.ttl) against hand-written fixture graphs.

good.ttl is a complete example of the data model and must produce no result at all;
each broken-*.ttl is good.ttl with one error, and the test pins every result pyshacl
reports for it (focus node, source shape, severity, value), so that a shape that stops
firing, fires twice or fires on the wrong node is noticed. The data graph is validated
without the ontology, as the pipeline does (see shapes/global.ttl).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, SKOS
from rdflib.plugins.sparql import prepareQuery

from kg.check.shape_terms import load_rdf_dir

ROOT = Path(__file__).resolve().parent.parent
SHAPES_DIR = ROOT / "shapes"
FIXTURES = ROOT / "tests" / "fixtures" / "graphs"
CONCEPTS = ROOT / "ontology" / "concepts.ttl"

ID = "https://w3id.org/xixiaji/id/"
XXJ = "https://w3id.org/xixiaji/ontology#"
XXJSH = "https://w3id.org/xixiaji/shapes#"
OA = "http://www.w3.org/ns/oa#"
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
ENTRY = "entry/e1082-01451f07"
TEXT = "text/xxj-1082-1083-daian-8-9"

Result = tuple[URIRef, URIRef, str, object]


def ident(path: str) -> URIRef:
    """An IRI of our data (xxjd:)."""
    return URIRef(ID + path)


def shape(name: str) -> URIRef:
    """An IRI of our shapes (xxjsh:)."""
    return URIRef(XXJSH + name)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    """All shape files, loaded together and completed from the ontology, as the pipeline does."""
    return load_rdf_dir(SHAPES_DIR)


def run(shapes: Graph, *paths: Path) -> tuple[bool, set[Result]]:
    """Validate the union of ``paths``; results as (focus, source shape, severity, value)."""
    data = Graph()
    for path in paths:
        data.parse(path, format="turtle")
    # allow_warnings: only a Violation makes the data non-conforming.
    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    results: set[Result] = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        results.add(
            (
                report.value(result, SH.focusNode),
                report.value(result, SH.sourceShape),
                str(severity).removeprefix(str(SH)),
                report.value(result, SH.value),
            )
        )
    return bool(conforms), results


def test_good_fixture_has_no_result_at_all(shapes: Graph) -> None:
    assert run(shapes, FIXTURES / "good.ttl") == (True, set())


def test_good_fixture_with_the_concept_schemes_has_no_result(shapes: Graph) -> None:
    # The published graph may carry the SKOS schemes; they must not trip any shape.
    assert run(shapes, FIXTURES / "good.ttl", CONCEPTS) == (True, set())


V, W = "Violation", "Warning"

BROKEN: dict[str, set[Result]] = {
    "event-no-source": {
        (
            ident("event/e1082-01451f07"),
            shape("EventSourceShape"),
            V,
            ident("event/e1082-01451f07"),
        ),
    },
    "timespan-order": {
        (
            ident(f"{ENTRY}/timespan"),
            shape("TimeSpan-beginJulianDay"),
            V,
            Literal(2116466),
        ),
        (
            ident(f"{ENTRY}/timespan"),
            shape("TimeSpan-begin"),
            V,
            Literal("1082-08-02", datatype=XSD_DATE),
        ),
        # the swapped day numbers and dates no longer agree with the Julian-calendar strings
        (ident(TEXT), shape("TimeSpanDayNumberShape"), V, ident(f"{ENTRY}/timespan")),
    },
    "era-year": {
        (ident("era/xia-daan"), shape("EraYearShape"), V, ident(f"{ENTRY}/timespan")),
        # the CE year no longer agrees with the computed dates either
        (ident(TEXT), shape("TimeSpanYearShape"), V, ident(f"{ENTRY}/timespan")),
    },
    "reading-no-source": {
        (ident(f"{ENTRY}/reading/3"), shape("ReadingSourceShape"), V, ident(f"{ENTRY}/reading/3")),
        (ident(f"{ENTRY}/reading/3"), shape("Reading-readingKind"), V, None),
    },
    "variant-form-kind": {
        (ident(f"{ENTRY}/reading/1"), shape("ReadingSourceShape"), V, ident(f"{ENTRY}/reading/1")),
        (ident(f"{ENTRY}/reading/1"), shape("VariantFormShape"), V, None),
    },
    "participant-kind": {
        (
            ident(f"{ENTRY}/participation/5"),
            shape("Participation-participant"),
            V,
            ident("work/w001"),
        ),
    },
    "no-zh-hant-label": {
        (ident("person/p0002"), shape("Entity-labelZhHant"), V, None),
    },
    "person-place": {
        (ident("person/p0001"), shape("EntityKindShape"), V, ident("person/p0001")),
        # A person's IRI is also not a place IRI.
        (ident("person/p0001"), shape("PlaceIRIShape"), V, ident("person/p0001")),
    },
    "unknown-work": {
        (ident(f"{ENTRY}/citation/1"), shape("Citation-citesWork"), V, ident("work/w999")),
    },
    "unresolved-citation": {
        (ident(f"{ENTRY}/citation/1"), shape("CitationResolvedShape"), W, None),
    },
    "misprint": {
        (ident(f"{ENTRY}/citation/1"), shape("CitationMisprintShape"), W, Literal(True)),
    },
    "juan-count": {
        (ident("work/w002"), shape("CitationJuanShape"), V, ident(f"{ENTRY}/citation/2")),
    },
    "closed": {
        (ident("event/e1082-01451f07"), shape("EventShape"), V, Literal(1082)),
    },
    "iri-pattern": {
        (ident("person/p002"), shape("PersonIRIShape"), V, ident("person/p002")),
    },
    "label-language": {
        (
            ident("person/p0001"),
            shape("LabelLanguage-label"),
            V,
            Literal("Weiming Meijingwei", lang="de"),
        ),
    },
    "segment-offset": {
        (ident(ENTRY), shape("SegmentTextShape"), V, ident(f"{ENTRY}/narrative")),
    },
    "anchor-offset": {
        (ident(ENTRY), shape("AnchorTextShape"), V, ident(f"{ENTRY}/mention/4/anchor")),
    },
    "ganzhi": {
        (ident(f"{ENTRY}/timespan"), shape("Date-dayGanzhi"), V, Literal("甲丑", lang="zh-Hant")),
    },
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_fixture_reports_exactly_its_error(shapes: Graph, name: str) -> None:
    conforms, results = run(shapes, FIXTURES / f"broken-{name}.ttl")
    assert results == BROKEN[name]
    assert conforms is (not any(r[2] == V for r in BROKEN[name]))


def test_every_broken_fixture_is_pinned() -> None:
    files = {p.name.removeprefix("broken-").removesuffix(".ttl") for p in FIXTURES.glob("broken-*")}
    assert files == set(BROKEN)


def test_shapes_target_only_the_asserted_classes(shapes: Graph) -> None:
    # The data is validated without the ontology, so targets must be the classes the builder
    # asserts (the most specific ones), never superclasses such as xxj:Actor or crm:E5_Event.
    targets = {str(o).removeprefix(XXJ) for o in shapes.objects(None, SH.targetClass)}
    assert targets == {
        "Citation", "DateExpression", "EditorialJudgement", "EditorialNote", "Entry", "Era",
        "Event", "Group", "Headline", "InlineQuotation", "Mention", "Narrative", "Participation",
        "Person", "Place", "Polity", "Preamble", "Reading", "SourceReading", "Text",
        "TextSegment", "TimeSpan", "VariantForm", "Work",
        OA + "Annotation", OA + "TimeState", OA + "TextPositionSelector",
        OA + "TextQuoteSelector", "http://www.opengis.net/ont/geosparql#Geometry",
    }  # fmt: skip


def test_every_referenced_shape_is_defined(shapes: Graph) -> None:
    # A typo in an sh:property reference would silently switch a constraint off.
    for ref in shapes.objects(None, SH.property):
        if isinstance(ref, URIRef):
            assert (ref, RDF.type, SH.PropertyShape) in shapes, ref
            assert shapes.value(ref, SH.path) is not None, ref


def test_every_named_shape_has_severity_and_an_english_message(shapes: Graph) -> None:
    named = {
        s
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in shapes.subjects(RDF.type, kind)
        if isinstance(s, URIRef)
    }
    assert len(named) == 244
    for node in named:
        # A SHACL-SPARQL shape carries severity and message on its sh:sparql constraint.
        carriers = [node, *shapes.objects(node, SH.sparql)]
        severities = [v for c in carriers for v in shapes.objects(c, SH.severity)]
        messages = [v for c in carriers for v in shapes.objects(c, SH.message)]
        assert len(severities) == 1 and severities[0] in (SH.Violation, SH.Warning, SH.Info), node
        assert len(messages) == 1, node
        message = messages[0]
        assert isinstance(message, Literal) and message.language is None, node
        assert message[0].isascii(), node  # English, though it may quote the text (一作)


def test_closed_shapes_ignore_only_rdf_type_and_entity_links(shapes: Graph) -> None:
    closed = sorted(shapes.subjects(SH.closed, Literal(True)), key=str)
    assert len(closed) == 25
    linked = {URIRef(f"{XXJSH}{k}Shape") for k in ("Person", "Place", "Polity", "Group")}
    for node in closed:
        ignored = list(Collection(shapes, shapes.value(node, SH.ignoredProperties)))
        if node in linked:  # links to other datasets (seeds/links.tsv)
            assert ignored == [RDF.type, SKOS.exactMatch, OWL.sameAs], node
        else:
            assert ignored == [RDF.type], node


def test_sparql_constraints_declare_their_prefixes(shapes: Graph) -> None:
    # Any SHACL-SPARQL engine must be able to build the query from sh:prefixes alone.
    constraints = list(shapes.objects(None, SH.sparql))
    assert len(constraints) == 9
    for constraint in constraints:
        assert isinstance(constraint, BNode)
        owner = shapes.value(constraint, SH.prefixes)
        prefixes = {
            str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
            for d in shapes.objects(owner, SH.declare)
        }
        text = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))
        query = str(shapes.value(constraint, SH.select))
        # The query repeats its PREFIX lines for engines that ignore sh:prefixes; each way
        # alone must be enough.
        body = "\n".join(x for x in query.splitlines() if not x.strip().startswith("PREFIX"))
        prepareQuery(text + body)  # raises on a prefix missing from sh:declare
        prepareQuery(query)  # raises on a prefix missing from the query text
        assert "$this" in query
        assert "VALUES" not in query and "MINUS" not in query  # not allowed with pre-binding

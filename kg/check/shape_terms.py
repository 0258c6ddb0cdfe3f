"""Complete the shapes that depend on the ontology: declared classes, typed subjects.

Two checks need the vocabulary itself: every ``rdf:type`` of the data must be a
class the ontology declares, and every resource that has properties must have a
type (an untyped resource escapes every shape, since shapes target classes).
Writing the lists of classes and properties into shapes/global.ttl would let
them drift from ontology/*.ttl, where other terms are added; instead the shapes
carry a marker and this module fills the lists in from the ontology files when
the shapes are loaded:

* a property shape marked ``xxjsh:inDeclaredClasses true`` gets ``sh:in`` with
  every IRI the ontology types ``owl:Class`` or ``rdfs:Class``;
* a node shape marked ``xxjsh:targetSubjectsOfDeclaredProperties true`` gets an
  ``sh:targetSubjectsOf`` for every property the ontology declares and every
  predicate a shape names as its ``sh:path``.

Both are core SHACL (no SPARQL), so they cost little per focus node.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH

XXJSH = "https://w3id.org/xixiaji/shapes#"
IN_DECLARED_CLASSES = URIRef(XXJSH + "inDeclaredClasses")
SUBJECTS_OF_DECLARED = URIRef(XXJSH + "targetSubjectsOfDeclaredProperties")
_PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                   RDF.Property)
PACKAGE_ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"


def ontology_for(shapes_path: Path) -> Path:
    """The ontology folder that goes with a shapes folder: its sibling ``ontology/``
    (in the project and in a build's out/), else the project's own."""
    folder = shapes_path if shapes_path.is_dir() else shapes_path.parent
    sibling = folder.parent / "ontology"
    return sibling if sibling.is_dir() and any(sibling.glob("*.ttl")) else PACKAGE_ONTOLOGY


def declared_classes(ontology: Graph) -> list[URIRef]:
    """Every IRI the ontology declares a class, sorted."""
    found = {c for t in (OWL.Class, RDFS.Class) for c in ontology.subjects(RDF.type, t)
             if isinstance(c, URIRef)}
    return sorted(found)


def known_properties(ontology: Graph, shapes: Graph) -> list[URIRef]:
    """Every property the ontology declares and every predicate a shape has as its path."""
    found = {p for t in _PROPERTY_TYPES for p in ontology.subjects(RDF.type, t)
             if isinstance(p, URIRef)}
    found |= {p for p in shapes.objects(None, SH.path) if isinstance(p, URIRef)}
    found.discard(RDF.type)
    return sorted(found)


def complete_shapes(shapes: Graph, ontology_dir: Path) -> Graph:
    """Fill the marked shapes in from the ontology files (in place; returns ``shapes``)."""
    marked_in = list(shapes.subjects(IN_DECLARED_CLASSES, Literal(True)))
    marked_targets = list(shapes.subjects(SUBJECTS_OF_DECLARED, Literal(True)))
    if not marked_in and not marked_targets:
        return shapes
    ontology = Graph()
    for path in sorted(ontology_dir.glob("*.ttl")):
        ontology.parse(path, format="turtle")
    classes = declared_classes(ontology)
    for shape in marked_in:
        head = BNode()
        Collection(shapes, head, list(classes))
        shapes.add((shape, SH["in"], head))
    properties = known_properties(ontology, shapes)
    for shape in marked_targets:
        shapes.add((shape, RDF.type, SH.NodeShape))
        for prop in properties:
            shapes.add((shape, SH.targetSubjectsOf, prop))
    return shapes


def load_rdf_dir(folder: Path) -> Graph:
    """The Turtle files of a folder (the ontology, the shapes) as one graph; shapes that
    list the ontology's classes and properties get them here, so no caller forgets it."""
    g = Graph()
    paths = [folder] if folder.is_file() else sorted(folder.glob("*.ttl"))
    for path in paths:
        g.parse(path, format="turtle")
    return complete_shapes(g, ontology_for(folder))

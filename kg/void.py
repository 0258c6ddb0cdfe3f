"""VoID + DCAT description of the published dataset (what it holds and where to get it)."""

from __future__ import annotations

from collections import Counter

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID, XSD

from kg import iri
from kg.manifest import load_manifest
from kg.namespaces import BASE, XXJ

LICENCE = URIRef("https://creativecommons.org/licenses/by/4.0/")
FORMATS = {"xixiaji.ttl": "text/turtle", "xixiaji.nt": "application/n-triples",
           "xixiaji.jsonld": "application/ld+json"}


def _int(n: int) -> Literal:
    return Literal(n, datatype=XSD.integer)


def void_graph(data: Graph, inferred: Graph | None = None) -> Graph:
    g = Graph()
    ds = iri.dataset()
    manifest = load_manifest()
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("戴錫章《西夏紀》 linked-data edition", lang="zh-Hant")))
    g.add((ds, DCTERMS.title, Literal("Dai Xizhang, Xixia ji: linked-data edition", lang="en")))
    g.add((ds, DCTERMS.description, Literal(
        "Entries of the annals of the Western Xia as events with participants, places, "
        "time-spans, cited sources and disputed readings, each traceable to its characters.",
        lang="en")))
    g.add((ds, DCTERMS.license, LICENCE))
    g.add((ds, VOID.uriSpace, Literal(BASE + "id/")))
    g.add((ds, VOID.vocabulary, URIRef(str(XXJ))))
    for info in manifest.texts:
        g.add((ds, DCTERMS.source, iri.text(info.id)))
    g.add((ds, VOID.triples, _int(len(data))))
    for fname, mime in sorted(FORMATS.items()):
        dist = URIRef(f"{BASE}id/dataset/{fname.replace('.', '-')}")
        g.add((ds, VOID.dataDump, URIRef(fname)))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, URIRef(fname)))
        g.add((dist, DCAT.mediaType, Literal(mime)))
    classes = Counter(o for _, p, o in data.triples((None, RDF.type, None)))
    for n, (cls, count) in enumerate(sorted(classes.items(), key=lambda kv: str(kv[0])), 1):
        part = URIRef(f"{BASE}id/dataset/class/{n}")
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, _int(count)))
    props = Counter(p for _, p, _ in data)
    for n, (prop, count) in enumerate(sorted(props.items(), key=lambda kv: str(kv[0])), 1):
        part = URIRef(f"{BASE}id/dataset/property/{n}")
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, _int(count)))
    for cls in (XXJ.Event, XXJ.Person, XXJ.Place, XXJ.Reading):
        example = min((s for s in data.subjects(RDF.type, cls)), default=None, key=str)
        if example is not None:
            g.add((ds, VOID.exampleResource, example))
    if inferred is not None:
        inf = URIRef(f"{BASE}id/dataset/inferred")
        g.add((inf, RDF.type, VOID.Dataset))
        g.add((inf, DCTERMS.title, Literal("OWL 2 RL entailments of the edition", lang="en")))
        g.add((inf, VOID.triples, _int(len(inferred))))
        g.add((inf, VOID.dataDump, URIRef("inferred.nt")))
        g.add((ds, VOID.subset, inf))
    return g

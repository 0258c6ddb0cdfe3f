"""VoID + DCAT description of the published dataset (what it holds and where to get it)."""

from __future__ import annotations

from kg.core.manifest import load_manifest
from kg.publish.config import load_config
from kg.terms import iri
from kg.terms.namespaces import BASE, XXJ
from kg.terms.nt import RDF_TYPE, V, integer, lit
from kg.terms.nt import iri as u

DUMPS = BASE + "dump/"  # where a release publishes the files of out/
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
FORMATS = {"xixiaji.ttl": "text/turtle", "xixiaji.nt": "application/n-triples",
           "xixiaji.jsonld": "application/ld+json", "xixiaji.nq": "application/n-quads"}
KANRIPO = "https://github.com/kanripo"
XXJ_CITES_JUAN = f"<{XXJ}citesJuan>"
EXAMPLE_CLASSES = ("Event", "Person", "Place", "SourceReading", "VariantForm", "Citation")


Graph = set[tuple[str, str, str]]


def void_graph(classes, props, examples: dict[str, str], inferred_count: int | None = None,
               total: int = 0) -> Graph:
    """Counts per class and property, licence, sources, dumps and example resources.

    ``classes`` and ``props`` count rdf:type objects and predicates, ``examples`` maps
    a class to its smallest instance: gathered chunk by chunk by the build.
    """
    g: Graph = set()
    ds = u(iri.dataset())
    _about(g, ds)
    _sparql_service(g, ds)
    _distributions(g, ds)
    _partitions(g, ds, classes, props, total)
    _linksets(g, ds, props)
    _examples(g, ds, examples)
    if inferred_count is not None:
        _inferred(g, ds, inferred_count)
    return g


def _about(g: Graph, ds: str) -> None:
    """Title, description, licence and sources: what a catalogue shows of the dataset."""
    VOID, DCAT, DCT = V.void, V.dcat, V.dcterms
    g.add((ds, RDF_TYPE, VOID.Dataset))
    g.add((ds, RDF_TYPE, DCAT.Dataset))
    g.add((ds, DCT.title, lit("戴錫章《西夏紀》 linked-data edition", "zh-Hant")))
    g.add((ds, DCT.title, lit("Dai Xizhang, Xixia ji: linked-data edition", "en")))
    g.add((ds, DCT.description, lit(
        "Entries of the annals of the Western Xia as events with participants, places, "
        "time-spans, cited sources and disputed readings, each traceable to its characters.",
        "en")))
    g.add((ds, DCT.license, u(LICENCE)))
    g.add((ds, VOID.uriSpace, lit(BASE + "id/")))
    g.add((ds, VOID.vocabulary, u(str(XXJ))))
    for info in load_manifest().texts:
        g.add((ds, DCT.source, u(iri.text(info.id))))


def _sparql_service(g: Graph, ds: str) -> None:
    """The SPARQL endpoint of `kg serve`, at the address publish/config.toml names."""
    VOID, DCAT, DCT = V.void, V.dcat, V.dcterms
    endpoint = u(load_config().sparql_endpoint)
    service = u(iri.dataset("sparql-service"))
    g.add((ds, VOID.sparqlEndpoint, endpoint))
    g.add((service, RDF_TYPE, DCAT.DataService))
    g.add((service, DCAT.endpointURL, endpoint))
    g.add((service, DCAT.servesDataset, ds))
    g.add((service, DCT.conformsTo, u("https://www.w3.org/TR/sparql11-protocol/")))


def _distributions(g: Graph, ds: str) -> None:
    """One distribution per dump format, where a release publishes the files of out/."""
    VOID, DCAT = V.void, V.dcat
    for fname, mime in sorted(FORMATS.items()):
        dist = u(iri.dataset(fname.replace(".", "-")))
        g.add((ds, VOID.dataDump, u(DUMPS + fname)))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF_TYPE, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, u(DUMPS + fname)))
        g.add((dist, DCAT.mediaType, lit(mime)))


def _partitions(g: Graph, ds: str, classes, props, total: int) -> None:
    """Class and property partitions, numbered in sorted order so the IRIs are stable."""
    VOID = V.void
    g.add((ds, VOID.triples, integer(total)))
    for k, (cls, count) in enumerate(sorted(classes.items()), 1):
        part = u(iri.dataset(f"class/{k}"))
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, integer(count)))
    for k, (prop, count) in enumerate(sorted(props.items()), 1):
        part = u(iri.dataset(f"property/{k}"))
        g.add((ds, VOID.propertyPartition, part))
        g.add((part, VOID.property, prop))
        g.add((part, VOID.triples, integer(count)))


def _linksets(g: Graph, ds: str, props) -> None:
    """The linksets of the link tables, and the one of the juan citations when the
    build linked any (their count is only known from the chunks)."""
    from kg.linking.links import link_rows

    VOID, DCT = V.void, V.dcterms
    for t in sorted(link_rows()[0]):
        if t[0].startswith(u(iri.dataset("linkset/"))[:-1]):
            g.add(t)
            g.add((ds, VOID.subset, t[0]))
    juan_links = props.get(XXJ_CITES_JUAN, 0)
    if juan_links:
        ls = u(iri.dataset("linkset/kanripo-juan"))
        g.add((ds, VOID.subset, ls))
        g.add((ls, RDF_TYPE, VOID.Linkset))
        g.add((ls, VOID.subjectsTarget, ds))
        g.add((ls, VOID.objectsTarget, u(KANRIPO)))
        g.add((ls, VOID.linkPredicate, u(XXJ_CITES_JUAN[1:-1])))
        g.add((ls, VOID.triples, integer(juan_links)))
        g.add((ls, DCT.title, lit("citations to the juan they cite in Kanripo", "en")))


def _examples(g: Graph, ds: str, examples: dict[str, str]) -> None:
    """Example resources of the classes a newcomer looks for first, not of every class."""
    wanted = {f"<{XXJ}{c}>" for c in EXAMPLE_CLASSES}
    for example in sorted(s for c, s in examples.items() if c in wanted):
        g.add((ds, V.void.exampleResource, example))


def _inferred(g: Graph, ds: str, inferred_count: int) -> None:
    """The entailments as a subset of their own, published in a separate dump."""
    VOID, DCT = V.void, V.dcterms
    inf = u(iri.dataset("inferred"))
    g.add((inf, RDF_TYPE, VOID.Dataset))
    g.add((inf, DCT.title, lit("OWL 2 RL entailments of the edition", "en")))
    g.add((inf, VOID.triples, integer(inferred_count)))
    g.add((inf, VOID.dataDump, u(DUMPS + "inferred.nt")))
    g.add((ds, VOID.subset, inf))

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


def void_graph(classes, props, examples: dict[str, str], inferred_count: int | None = None,
               total: int = 0) -> set[tuple[str, str, str]]:
    """Counts per class and property, licence, sources, dumps and example resources.

    ``classes`` and ``props`` count rdf:type objects and predicates, ``examples`` maps
    a class to its smallest instance: gathered chunk by chunk by the build.
    """
    VOID, DCAT, DCT = V.void, V.dcat, V.dcterms
    g: set[tuple[str, str, str]] = set()
    ds = u(iri.dataset())
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
    # the SPARQL endpoint of `kg serve`, at the address publish/config.toml names
    endpoint = u(load_config().sparql_endpoint)
    service = u(iri.dataset("sparql-service"))
    g.add((ds, VOID.sparqlEndpoint, endpoint))
    g.add((service, RDF_TYPE, DCAT.DataService))
    g.add((service, DCAT.endpointURL, endpoint))
    g.add((service, DCAT.servesDataset, ds))
    g.add((service, DCT.conformsTo, u("https://www.w3.org/TR/sparql11-protocol/")))
    for info in load_manifest().texts:
        g.add((ds, DCT.source, u(iri.text(info.id))))
    for fname, mime in sorted(FORMATS.items()):
        dist = u(iri.dataset(fname.replace(".", "-")))
        g.add((ds, VOID.dataDump, u(DUMPS + fname)))
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF_TYPE, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, u(DUMPS + fname)))
        g.add((dist, DCAT.mediaType, lit(mime)))
    wanted = {f"<{XXJ}{c}>" for c in EXAMPLE_CLASSES}
    examples = {c: s for c, s in examples.items() if c in wanted}
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
    from kg.linking.links import link_rows

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
    for example in sorted(examples.values()):
        g.add((ds, VOID.exampleResource, example))
    if inferred_count is not None:
        inf = u(iri.dataset("inferred"))
        g.add((inf, RDF_TYPE, VOID.Dataset))
        g.add((inf, DCT.title, lit("OWL 2 RL entailments of the edition", "en")))
        g.add((inf, VOID.triples, integer(inferred_count)))
        g.add((inf, VOID.dataDump, u(DUMPS + "inferred.nt")))
        g.add((ds, VOID.subset, inf))
    return g

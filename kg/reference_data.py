"""RDF of the curated tables: works, eras, persons, polities, groups, places, event types.

These resources are what entries point to; they come from seeds/ tables, each
row with its source, so the graph says where every authority statement comes from.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from kg import iri
from kg.graph import add_labels, new_graph
from kg.namespaces import XXJ
from kg.tables import SEEDS, read_tsv, split_list

ZH = "zh-Hant"
ENTITY_TABLES = {"person": "persons.tsv", "polity": "polities.tsv", "group": "groups.tsv",
                 "place": "places.tsv"}
ENTITY_CLASS = {"person": XXJ.Person, "polity": XXJ.Polity, "group": XXJ.Group,
                "place": XXJ.Place}


def _int(v) -> Literal:
    return Literal(int(v), datatype=XSD.integer)


def works_graph(g: Graph) -> None:
    from kg.works import WorkTable

    for w in WorkTable.load().works:
        node = iri.work(w.id)
        g.add((node, RDF.type, XXJ.Work))
        add_labels(g, node, w.title)
        g.add((node, DCTERMS.title, Literal(w.title, lang=ZH)))
        for form in w.short_forms:
            g.add((node, XXJ.shortTitle, Literal(form, lang=ZH)))
        if w.author:
            g.add((node, DCTERMS.creator, Literal(w.author, lang=ZH)))
        if w.genre:
            g.add((node, XXJ.genre, Literal(w.genre, lang=ZH)))
        if w.juan_count:
            g.add((node, XXJ.juanCount, _int(w.juan_count)))
        if w.source:
            g.add((node, DCTERMS.source, Literal(w.source)))


def eras_graph(g: Graph) -> None:
    from kg.eras import era_table

    for era in era_table().eras:
        node = iri.era(era.row_id)
        g.add((node, RDF.type, XXJ.Era))
        add_labels(g, node, era.name)
        g.add((node, XXJ.eraName, Literal(era.name, lang=ZH)))
        g.add((node, XXJ.firstYear, _int(era.first_year)))
        if era.last_year is not None:
            g.add((node, XXJ.lastYear, _int(era.last_year)))
        g.add((node, XXJ.chronology, Literal(era.chronology)))
        g.add((node, XXJ.polityName, Literal(era.polity, lang=ZH)))
        if era.ruler:
            g.add((node, XXJ.ruler, Literal(era.ruler, lang=ZH)))
        for form in era.variants:
            g.add((node, SKOS.altLabel, Literal(form, lang=ZH)))
        for form in era.misprints:
            g.add((node, SKOS.hiddenLabel, Literal(form, lang=ZH)))
        g.add((node, DCTERMS.source, Literal(era.source)))


def entities_graph(g: Graph, seeds: Path = SEEDS) -> None:
    for kind, fname in ENTITY_TABLES.items():
        path = seeds / "entities" / fname
        if not path.exists():
            continue
        for row in read_tsv(path):
            node = iri.entity(kind, row["id"])
            g.add((node, RDF.type, ENTITY_CLASS[kind]))
            add_labels(g, node, row["pref_label"], SKOS.prefLabel, name=kind != "group")
            g.add((node, RDFS.label, Literal(row["pref_label"], lang=ZH)))
            for alt in split_list(row.get("alt_labels", "")):
                add_labels(g, node, alt, SKOS.altLabel, romanise=False)
            for short in split_list(row.get("short_forms", "")):
                g.add((node, XXJ.shortForm, Literal(short, lang=ZH)))
            if kind != "polity":
                for pol in split_list(row.get("polity", "")):
                    g.add((node, XXJ.servedPolity if kind == "person" else XXJ.ofPolity,
                           iri.entity("polity", pol)))
            for circuit in split_list(row.get("circuit", "")):
                g.add((node, XXJ.inCircuit, iri.entity("place", circuit)))
            if row.get("place_type"):
                g.add((node, XXJ.placeType, Literal(row["place_type"], lang=ZH)))
            if row.get("group_type"):
                g.add((node, XXJ.groupType, Literal(row["group_type"])))
            for key, prop in (("active_from", XXJ.activeFrom), ("active_to", XXJ.activeTo)):
                if row.get(key, "").lstrip("-").isdigit():
                    g.add((node, prop, _int(row[key])))
            if row.get("description"):
                g.add((node, RDFS.comment, Literal(row["description"])))
            if row.get("source"):
                g.add((node, DCTERMS.source, Literal(row["source"])))
            if row.get("wikidata") and row.get("ext_verified"):
                g.add((node, OWL.sameAs,
                       URIRef(f"http://www.wikidata.org/entity/{row['wikidata']}")))


def event_types_graph(g: Graph, seeds: Path = SEEDS) -> None:
    path = seeds / "event-types.tsv"
    if not path.exists():
        return
    scheme = iri.scheme("event-type")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal("event types of the 西夏紀 edition", lang="en")))
    for row in read_tsv(path):
        node = iri.concept("event-type", row["id"])
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, scheme))
        g.add((node, SKOS.notation, Literal(row["id"])))
        if row.get("label_en"):
            g.add((node, SKOS.prefLabel, Literal(row["label_en"], lang="en")))
        if row.get("label_zh"):
            add_labels(g, node, row["label_zh"], SKOS.prefLabel)
        if row.get("definition"):
            g.add((node, SKOS.definition, Literal(row["definition"], lang="en")))
        if row.get("broader"):
            g.add((node, SKOS.broader, iri.concept("event-type", row["broader"])))
        else:
            g.add((node, SKOS.topConceptOf, scheme))


def reference_graph(records: list[dict]) -> Graph:
    """All curated resources; ``records`` is accepted so future filters can use it."""
    g = new_graph()
    works_graph(g)
    eras_graph(g)
    entities_graph(g)
    event_types_graph(g)
    concepts = SEEDS.parent / "ontology" / "concepts.ttl"
    if concepts.exists():
        g.update(Graph().parse(concepts, format="turtle"))
    return g

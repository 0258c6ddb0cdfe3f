"""RDF of the curated tables: works, eras, persons, polities, groups, places, event types.

These resources are what entries point to; they come from seeds/ tables, each
row with its source, so the graph says where every authority statement comes from.
"""

from __future__ import annotations

from pathlib import Path

from kg.core.tables import SEEDS, read_tsv, split_list
from kg.graph.triples import Triples, add_labels, new_graph
from kg.terms import iri
from kg.terms.entity_types import ENTITY_TYPES
from kg.terms.nt import RDF_TYPE, V, from_rdflib, integer, lit
from kg.terms.nt import iri as u

ZH = "zh-Hant"
ENTITY_TABLES = {t.name: t.table for t in ENTITY_TYPES}
XXJ, DCTERMS, SKOS, RDFS, OWL = V.xxj, V.dcterms, V.skos, V.rdfs, V.owl
ENTITY_CLASS = {t.name: XXJ[t.cls] for t in ENTITY_TYPES}


def _int(v) -> str:
    return integer(int(v))


def works_graph(g: Triples) -> None:
    from kg.sources.works import WorkTable

    for w in WorkTable.load().works:
        node = u(iri.work(w.id))
        g.add((node, RDF_TYPE, XXJ.Work))
        add_labels(g, node, w.title)
        g.add((node, DCTERMS.title, lit(w.title, ZH)))
        for form in w.short_forms:
            g.add((node, XXJ.shortTitle, lit(form, ZH)))
        if w.author:
            g.add((node, DCTERMS.creator, lit(w.author, ZH)))
        if w.genre:
            g.add((node, XXJ.genre, lit(w.genre, ZH)))
        if w.juan_count:
            g.add((node, XXJ.juanCount, _int(w.juan_count)))
        if w.source:
            g.add((node, DCTERMS.source, lit(str(w.source))))


def eras_graph(g: Triples) -> None:
    from kg.knowledge.eras import era_table

    for era in era_table().eras:
        node = u(iri.era(era.row_id))
        g.add((node, RDF_TYPE, XXJ.Era))
        add_labels(g, node, era.name)
        g.add((node, XXJ.eraName, lit(era.name, ZH)))
        g.add((node, XXJ.firstYear, _int(era.first_year)))
        if era.last_year is not None:
            g.add((node, XXJ.lastYear, _int(era.last_year)))
        g.add((node, XXJ.chronology, lit(str(era.chronology))))
        g.add((node, XXJ.polityName, lit(era.polity, ZH)))
        if era.ruler:
            g.add((node, XXJ.ruler, lit(era.ruler, ZH)))
        for form in era.variants:
            g.add((node, SKOS.altLabel, lit(form, ZH)))
        for form in era.misprints:
            g.add((node, SKOS.hiddenLabel, lit(form, ZH)))
        g.add((node, DCTERMS.source, lit(str(era.source))))


def entities_graph(g: Triples, seeds: Path = SEEDS) -> None:
    for kind, fname in ENTITY_TABLES.items():
        path = seeds / "entities" / fname
        if not path.exists():
            continue
        for row in read_tsv(path):
            node = u(iri.entity(kind, row["id"]))
            g.add((node, RDF_TYPE, ENTITY_CLASS[kind]))
            add_labels(g, node, row["pref_label"], SKOS.prefLabel, name=kind != "group")
            g.add((node, RDFS.label, lit(row["pref_label"], ZH)))
            for alt in split_list(row.get("alt_labels", "")):
                add_labels(g, node, alt, SKOS.altLabel, romanise=False)
            for short in split_list(row.get("short_forms", "")):
                g.add((node, XXJ.shortForm, lit(short, ZH)))
            if kind != "polity":
                for pol in split_list(row.get("polity", "")):
                    g.add((node, XXJ.servedPolity if kind == "person" else XXJ.ofPolity,
                           u(iri.entity("polity", pol))))
            for circuit in split_list(row.get("circuit", "")):
                g.add((node, XXJ.inCircuit, u(iri.entity("place", circuit))))
            if row.get("place_type"):
                g.add((node, XXJ.placeType, lit(row["place_type"], ZH)))
            if row.get("group_type"):
                g.add((node, XXJ.groupType, lit(str(row["group_type"]))))
            for key, prop in (("active_from", XXJ.activeFrom), ("active_to", XXJ.activeTo)):
                if row.get(key, "").lstrip("-").isdigit():
                    g.add((node, prop, _int(row[key])))
            if row.get("description"):
                g.add((node, RDFS.comment, lit(str(row["description"]))))
            if row.get("source"):
                g.add((node, DCTERMS.source, lit(str(row["source"]))))


def event_types_graph(g: Triples, seeds: Path = SEEDS) -> None:
    path = seeds / "event-types.tsv"
    if not path.exists():
        return
    scheme = u(iri.scheme("event-type"))
    g.add((scheme, RDF_TYPE, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, lit("event types of the 西夏紀 edition", "en")))
    for row in read_tsv(path):
        node = u(iri.concept("event-type", row["id"]))
        g.add((node, RDF_TYPE, SKOS.Concept))
        g.add((node, SKOS.inScheme, scheme))
        g.add((node, SKOS.notation, lit(str(row["id"]))))
        if row.get("label_en"):
            g.add((node, SKOS.prefLabel, lit(row["label_en"], "en")))
        if row.get("label_zh"):
            add_labels(g, node, row["label_zh"], SKOS.prefLabel)
        if row.get("definition"):
            g.add((node, SKOS.definition, lit(row["definition"], "en")))
        if row.get("broader"):
            g.add((node, SKOS.broader, u(iri.concept("event-type", row["broader"]))))
        else:
            g.add((node, SKOS.topConceptOf, scheme))


def reference_graph(records: list[dict]) -> Triples:
    """All curated resources; ``records`` is accepted so future filters can use it."""
    g = new_graph()
    works_graph(g)
    eras_graph(g)
    entities_graph(g)
    event_types_graph(g)
    from kg.linking.links import link_rows

    g.update(link_rows()[0])
    concepts = SEEDS.parent / "ontology" / "concepts.ttl"
    if concepts.exists():
        from rdflib import Graph

        parsed = Graph().parse(concepts, format="turtle")
        g.update(tuple(from_rdflib(x) for x in t) for t in parsed)
    return g

"""Generate docs/ontology.md, the Markdown reference of the ontology, from ontology/xxj.ttl.

The reference is generated rather than written by hand so that it cannot drift from the
ontology: every class and property is listed with its labels (en, zh-Hant, zh-Hans), its
definitions (en, zh-Hant), domain and range, and its alignments (superclasses and
superproperties in CIDOC-CRM, SEM, PROV-O, schema.org). The SKOS concept schemes of
ontology/concepts.ttl are appended. Output is deterministic: terms are sorted
by their compact IRI, and prefixes come from a fixed table rather than from rdflib's
bindings, which differ between rdflib versions.

Usage: ``python -m kg.publish.docs [ONTOLOGY [OUT [CONCEPTS]]]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, SKOS
from rdflib.term import Node

import kg.terms.namespaces as NS
from kg.terms.namespaces import shorten

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_ONTOLOGY = ROOT / "ontology" / "xxj.ttl"
DEFAULT_OUT = ROOT / "docs" / "ontology.md"

XXJ = str(NS.XXJ)

# the namespaces of the reference, in the order of its namespace table (their IRIs
# come from the one table in kg.terms.namespaces)
PREFIXES: list[tuple[str, str]] = [
    (p, str(NS.PREFIXES[p])) for p in ("xxj", "xxjc", "crm", "sem", "prov", "oa", "schema",
                                       "skos", "dcterms", "owl", "rdfs", "xsd")]

LANGS = ("en", "zh-Hant", "zh-Hans")
VANN = "http://purl.org/vocab/vann/"


def curie(term: Node) -> str:
    """Compact form of an IRI using the fixed prefix table (full IRI in <> otherwise)."""
    if isinstance(term, URIRef):
        return shorten(str(term), dict(PREFIXES)) or f"<{term}>"
    return str(term)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _lang_value(graph: Graph, subject: URIRef, predicate: URIRef, lang: str) -> str:
    """The literal of ``predicate`` in language ``lang`` (smallest if several, '' if none)."""
    values = sorted(
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and (o.language or "").lower() == lang.lower()
    )
    return values[0] if values else ""


def _plain_value(graph: Graph, subject: URIRef, predicate: URIRef) -> str:
    """The first (sorted) literal or IRI of ``predicate`` as display text."""
    values = sorted(
        str(o) if isinstance(o, Literal) else curie(o) for o in graph.objects(subject, predicate)
    )
    return values[0] if values else ""


def _curies(graph: Graph, subject: Node, predicate: URIRef) -> list[str]:
    """Sorted compact IRIs of the IRI objects of ``predicate``."""
    return sorted(curie(o) for o in graph.objects(subject, predicate) if isinstance(o, URIRef))


def _own_terms(graph: Graph, rdf_type: URIRef) -> list[URIRef]:
    """Our (xxj:) terms of one OWL type, sorted."""
    return sorted(
        (s for s in graph.subjects(RDF.type, rdf_type)
         if isinstance(s, URIRef) and str(s).startswith(XXJ)), key=str
    )


def _external_terms(graph: Graph) -> list[URIRef]:
    """Declared terms outside our namespace (alignment targets and Web Annotation terms)."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    found = {
        s
        for kind in kinds
        for s in graph.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and not str(s).startswith(XXJ)
    }
    return sorted(found, key=curie)


def _label_lines(graph: Graph, term: URIRef) -> list[str]:
    """Labels and definitions of one term as Markdown list items."""
    lines = []
    for lang in LANGS:
        label = _lang_value(graph, term, RDFS.label, lang)
        lines.append(f"- label ({lang}): {label or '—'}")
    for lang in ("en", "zh-Hant"):
        definition = _lang_value(graph, term, SKOS.definition, lang)
        lines.append(f"- definition ({lang}): {definition or '—'}")
    return lines


def _disjoint_with(graph: Graph, term: URIRef) -> list[str]:
    """Classes declared disjoint with ``term`` through owl:AllDisjointClasses."""
    others: set[str] = set()
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members_node = graph.value(axiom, OWL.members)
        if members_node is None:
            continue
        members = list(Collection(graph, members_node))
        if term in members:
            others.update(curie(m) for m in members if m != term)
    return sorted(others)


def _chains(graph: Graph) -> list[tuple[list[str], list[str]]]:
    """Property chain axioms as (chain, superproperties), sorted."""
    result = []
    for node, chain_node in graph.subject_objects(OWL.propertyChainAxiom):
        chain = [curie(p) for p in Collection(graph, chain_node)]
        # OWL 2 form: the property is the subject; the anonymous form names it by
        # rdfs:subPropertyOf
        supers = [curie(node)] if isinstance(node, URIRef) else _curies(
            graph, node, RDFS.subPropertyOf)
        result.append((chain, supers))
    return sorted(result)


def _class_section(graph: Graph, cls: URIRef, properties: list[URIRef]) -> list[str]:
    """Markdown section for one class."""
    lines = [f"### {curie(cls)}", "", f"IRI: `{cls}`", ""]
    lines += _label_lines(graph, cls)
    supers = _curies(graph, cls, RDFS.subClassOf)
    subs = sorted(curie(s) for s in graph.subjects(RDFS.subClassOf, cls))
    disjoint = _disjoint_with(graph, cls)
    used = sorted(curie(p) for p in properties if (p, RDFS.domain, cls) in graph)
    lines.append(f"- subclass of: {', '.join(supers) or '—'}")
    lines.append(f"- subclasses: {', '.join(subs) or '—'}")
    lines.append(f"- disjoint with: {', '.join(disjoint) or '—'}")
    lines.append(f"- domain of: {', '.join(used) or '—'}")
    lines.append("")
    return lines


def _property_section(graph: Graph, prop: URIRef) -> list[str]:
    """Markdown section for one property."""
    lines = [f"### {curie(prop)}", "", f"IRI: `{prop}`", ""]
    lines += _label_lines(graph, prop)
    lines.append(
        f"- domain: {', '.join(_curies(graph, prop, RDFS.domain)) or '— (several classes)'}"
    )
    lines.append(f"- range: {', '.join(_curies(graph, prop, RDFS.range)) or '— (any)'}")
    lines.append(f"- subproperty of: {', '.join(_curies(graph, prop, RDFS.subPropertyOf)) or '—'}")
    lines.append(f"- inverse of: {', '.join(_curies(graph, prop, OWL.inverseOf)) or '—'}")
    lines.append("")
    return lines


def _summary_table(graph: Graph, terms: list[URIRef], extra: str) -> list[str]:
    """A table of terms with their labels and the alignments given by ``extra``."""
    title = "subclass of" if extra == "class" else "domain → range"
    lines = [f"| term | en | zh-Hant | zh-Hans | {title} |", "|---|---|---|---|---|"]
    for term in terms:
        labels = [_cell(_lang_value(graph, term, RDFS.label, lang)) for lang in LANGS]
        if extra == "class":
            last = ", ".join(_curies(graph, term, RDFS.subClassOf))
        else:
            domain = ", ".join(_curies(graph, term, RDFS.domain)) or "—"
            rng = ", ".join(_curies(graph, term, RDFS.range)) or "—"
            last = f"{domain} → {rng}"
        lines.append(
            f"| [{curie(term)}](#{_anchor(term)}) | {' | '.join(labels)} | {_cell(last)} |"
        )
    lines.append("")
    return lines


def _anchor(term: URIRef) -> str:
    """The GitHub-style heading anchor of a term's section."""
    return curie(term).replace(":", "").lower()


def _concept_section(concepts: Graph) -> list[str]:
    """Markdown tables for the SKOS concept schemes."""
    lines = ["## Concept schemes", ""]
    schemes = sorted(
        (s for s in concepts.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)),
        key=str,
    )
    for scheme in schemes:
        name = _lang_value(concepts, scheme, SKOS.prefLabel, "en")
        lines += [f"### {curie(scheme)} — {name}", ""]
        lines.append(_lang_value(concepts, scheme, SKOS.definition, "en"))
        lines.append("")
        lines.append("| concept | notation | en | zh-Hant | zh-Hans | definition |")
        lines.append("|---|---|---|---|---|---|")
        members = sorted(
            (c for c in concepts.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)), key=str
        )
        for concept in members:
            cells = [curie(concept), _plain_value(concepts, concept, SKOS.notation)]
            cells += [_lang_value(concepts, concept, SKOS.prefLabel, lang) for lang in LANGS]
            cells.append(_lang_value(concepts, concept, SKOS.definition, "en"))
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
        lines.append("")
    return lines


def render_reference(ontology: Graph, concepts: Graph | None = None) -> str:
    """The Markdown reference of ``ontology`` (and of the concept schemes in ``concepts``)."""
    heads = sorted(
        (s for s in ontology.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)), key=str
    )
    if not heads:
        raise ValueError("no owl:Ontology in the ontology graph")
    classes = _own_terms(ontology, OWL.Class)
    object_props = _own_terms(ontology, OWL.ObjectProperty)
    data_props = _own_terms(ontology, OWL.DatatypeProperty)
    properties = object_props + data_props

    lines = _front_matter(ontology, heads[0], classes, object_props, data_props)
    lines += ["## Classes", ""]
    lines += _summary_table(ontology, classes, "class")
    for cls in classes:
        lines += _class_section(ontology, cls, properties)
    lines += ["## Object properties", ""]
    lines += _summary_table(ontology, object_props, "property")
    for prop in object_props:
        lines += _property_section(ontology, prop)
    lines += ["## Datatype properties", ""]
    lines += _summary_table(ontology, data_props, "property")
    for prop in data_props:
        lines += _property_section(ontology, prop)
    lines += ["## Property chains", ""]
    for chain, supers in _chains(ontology):
        lines.append(f"- {' ∘ '.join(chain)} ⊑ {', '.join(supers)}")
    lines += ["", *_external_section(ontology)]
    if concepts is not None:
        lines += _concept_section(concepts)
    return "\n".join(lines).rstrip("\n") + "\n"


def _front_matter(ontology: Graph, onto: URIRef, classes: list[URIRef],
                  object_props: list[URIRef], data_props: list[URIRef]) -> list[str]:
    """Title, description, the ontology's metadata and the prefixes: what a reader
    needs before the first term."""
    lines = [
        "<!-- Generated by kg/publish/docs.py from ontology/xxj.ttl; do not edit by hand. -->",
        "",
        f"# {_lang_value(ontology, onto, DCTERMS.title, 'en')}"
        f" / {_lang_value(ontology, onto, DCTERMS.title, 'zh-Hant')}",
        "",
        _lang_value(ontology, onto, DCTERMS.description, "en"),
        "",
        _lang_value(ontology, onto, DCTERMS.description, "zh-Hant"),
        "",
        "| | |",
        "|---|---|",
        f"| ontology IRI | `{onto}` |",
        f"| version | {_plain_value(ontology, onto, OWL.versionInfo)}"
        f" (`{ontology.value(onto, OWL.versionIRI)}`) |",
        f"| namespace | `{XXJ}` (prefix "
        f"`{_plain_value(ontology, onto, URIRef(VANN + 'preferredNamespacePrefix'))}`) |",
        f"| licence | {_plain_value(ontology, onto, DCTERMS.license)} |",
        f"| creator | {_plain_value(ontology, onto, DCTERMS.creator)} |",
        "| profile | OWL 2 RL |",
        f"| terms | {len(classes)} classes, {len(object_props)} object properties,"
        f" {len(data_props)} datatype properties |",
        "",
        "## Prefixes",
        "",
        "| prefix | namespace |",
        "|---|---|",
    ]
    lines += [f"| `{prefix}:` | `{ns}` |" for prefix, ns in PREFIXES]
    return [*lines, ""]


def _external_section(ontology: Graph) -> list[str]:
    """The terms of other vocabularies the ontology declares, so that the
    alignments it states can be read without the other vocabularies at hand."""
    lines = ["## External terms declared for alignment", ""]
    lines += ["| term | kind | label |", "|---|---|---|"]
    for term in _external_terms(ontology):
        kinds = sorted(curie(k) for k in ontology.objects(term, RDF.type))
        label = _lang_value(ontology, term, RDFS.label, "en")
        lines.append(f"| {curie(term)} | {', '.join(kinds)} | {_cell(label)} |")
    return [*lines, ""]


def write_reference(
    ontology_path: Path | str, out_path: Path | str, concepts_path: Path | str | None = None
) -> None:
    """Write the Markdown reference of the ontology at ``ontology_path`` to ``out_path``.

    The concept schemes are read from ``concepts_path``, by default from ``concepts.ttl``
    next to the ontology (so that every caller produces the same docs/ontology.md); they
    are left out if that file does not exist.
    """
    ontology = Graph().parse(str(ontology_path), format="turtle")
    if concepts_path is None:
        sibling = Path(ontology_path).with_name("concepts.ttl")
        concepts_path = sibling if sibling.exists() else None
    concepts = (
        Graph().parse(str(concepts_path), format="turtle") if concepts_path is not None else None
    )
    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_reference(ontology, concepts), encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    """Command line: regenerate docs/ontology.md (paths may be given as arguments)."""
    args = sys.argv[1:] if argv is None else argv
    ontology = Path(args[0]) if len(args) > 0 else DEFAULT_ONTOLOGY
    out = Path(args[1]) if len(args) > 1 else DEFAULT_OUT
    concepts = Path(args[2]) if len(args) > 2 else None
    write_reference(ontology, out, concepts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

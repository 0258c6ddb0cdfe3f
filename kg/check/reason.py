"""OWL-RL entailments of the data, kept apart from the asserted triples.

* ``compile_rules`` is what the build runs: given the ontology, the entailments
  of our data come from a handful of rules whose schema side is fixed, so the
  ontology's own closure (computed once by owlrl, it is small) is compiled into
  lookup tables — superclasses, superproperties, domains, ranges, inverses,
  symmetric and transitive properties, property chains.
  ``kg.check.reason_nt.ChunkReasoner`` applies them to the build's chunks.
* ``reference_closure`` runs owlrl (the reference implementation of the OWL 2 RL
  rules) over data + ontology with ``destination=`` so nothing is added to the
  asserted graph.  It is exact but slow (16 s at 10,000 triples, 160 s at
  100,000): the build does not run it; it is the independent oracle the tests
  compare the build's closure with (``compare_closures``).

What "the inferred triples of the data" means (``publishable`` for the
reference, ``ChunkReasoner`` for the build):

1. triples entailed by data + ontology, minus the asserted data, minus the
   ontology's *own* closure (what the ontology entails without any data is the
   ontology's business, e.g. ``xxj:Person rdfs:subClassOf crm:E39_Actor``
   reached transitively);
2. valid RDF only: no literal subject (owlrl types every literal, e.g.
   ``"3"^^xsd:integer a xsd:decimal``), no blank node anywhere (owlrl's error
   reports and the anonymous property of a chain axiom), no ``x owl:sameAs x``;
3. no statements about the built-in vocabularies (subject in the RDF, RDFS, OWL
   or XSD namespace): owlrl derives datatype disjointness from which datatypes
   the data happens to use — a fact about XSD, not about the chronicle;
4. no ``x rdf:type owl:Thing``: true of every individual, it adds one triple
   per resource and says nothing.

``compile_rules`` refuses (``UnsupportedOntology``) an ontology using OWL RL
features its rules do not cover (functional properties, keys, restrictions, …)
rather than silently differ from the reference.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import owlrl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

Triple = tuple[Node, Node, Node]

_VOCAB_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))
# Plain constants: rdflib's namespace attribute lookup is slow in hot loops.
_TYPE, _SAME, _THING = RDF.type, OWL.sameAs, OWL.Thing

# OWL RL features the compiled rules do not implement: their presence in
# the ontology's closure (as predicate, or as the class of an rdf:type) stops it.
_UNSUPPORTED_PREDICATES = frozenset({
    OWL.hasKey, OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.intersectionOf,
    OWL.unionOf, OWL.maxCardinality, OWL.maxQualifiedCardinality, OWL.oneOf, OWL.onProperty,
})
_UNSUPPORTED_TYPES = frozenset({OWL.FunctionalProperty, OWL.InverseFunctionalProperty})

# Predicates no data property may entail (a subproperty or inverse of one would
# derive schema triples from data triples).
_SCHEMA_PREDICATES = frozenset({
    RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf,
    OWL.equivalentClass, OWL.equivalentProperty, OWL.propertyChainAxiom,
}) | _UNSUPPORTED_PREDICATES


class UnsupportedOntology(ValueError):
    """The ontology uses a feature the compiled rules do not cover."""


# --------------------------------------------------------------------------- filter

def _is_vocab(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(_VOCAB_NAMESPACES)


def is_publishable(t: Triple) -> bool:
    """Rules 2–4 of the module docstring, for one triple."""
    s, p, o = t
    if isinstance(s, (Literal, BNode)) or isinstance(p, BNode) or isinstance(o, BNode):
        return False
    if p == _SAME and s == o:
        return False
    if p == _TYPE and o == _THING:
        return False
    return not _is_vocab(s)


def publishable(triples: Iterable[Triple], *exclude: Iterable[Triple] | Graph) -> Graph:
    """The graph of the triples that are publishable and in none of ``exclude``."""
    out = Graph()
    excluded = [e if isinstance(e, (set, frozenset, Graph)) else set(e) for e in exclude]
    for t in triples:
        if is_publishable(t) and not any(t in e for e in excluded):
            out.add(t)
    return out


def compare_closures(a: Graph | Iterable[Triple], b: Graph | Iterable[Triple]
                     ) -> tuple[list[Triple], list[Triple]]:
    """(triples of ``a`` missing from ``b``, triples of ``b`` not in ``a``), sorted.

    For the tests, which compare the build's closure with the reference: ``a``
    is the reference; sorting by N-Triples form makes a failing test's message
    readable and stable.
    """
    sa, sb = set(a), set(b)

    def key(t: Triple) -> tuple[str, str, str]:
        return (t[0].n3(), t[1].n3(), t[2].n3())

    return sorted(sa - sb, key=key), sorted(sb - sa, key=key)


# --------------------------------------------------------------------------- reference

def _owlrl_inferred(data: Graph | Iterable[Triple], ontology: Graph) -> set[Triple]:
    """Everything owlrl adds to data + ontology, asserted triples left untouched."""
    ds = Dataset(default_union=True)
    gd = ds.graph(URIRef("urn:x-kg:data"))
    go = ds.graph(URIRef("urn:x-kg:ontology"))
    dest = ds.graph(URIRef("urn:x-kg:inferred"))
    for t in data:
        gd.add(t)
    for t in ontology:
        go.add(t)
    with warnings.catch_warnings():
        # rdflib 7.6 warns on every triples() call of a union Dataset (default_context)
        warnings.simplefilter("ignore", DeprecationWarning)
        owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(ds, destination=dest)
    return set(dest)


def ontology_closure(ontology: Graph) -> frozenset[Triple]:
    """The ontology with everything owlrl derives from it alone (cached per content)."""
    key = frozenset(ontology)
    hit = _CLOSURE_CACHE.get(key)
    if hit is None:
        hit = frozenset(_owlrl_inferred(Graph(), ontology)) | key
        if len(_CLOSURE_CACHE) >= 4:
            _CLOSURE_CACHE.pop(next(iter(_CLOSURE_CACHE)))
        _CLOSURE_CACHE[key] = hit
    return hit


_CLOSURE_CACHE: dict[frozenset, frozenset[Triple]] = {}


def reference_closure(data: Graph | Iterable[Triple], ontology: Graph) -> Graph:
    """owlrl's OWL-RL entailments of ``data`` under ``ontology``, new triples only."""
    inferred = _owlrl_inferred(data, ontology)
    return publishable(inferred, data, ontology_closure(ontology))


# --------------------------------------------------------------------------- compiled rules

@dataclass
class _PropRule:
    """What one triple with this predicate entails, precomputed from the schema."""

    supers: tuple[Node, ...] = ()          # (s q o) for each superproperty q ≠ p
    inverses: tuple[Node, ...] = ()        # (o r s) for each inverse r of p or a superproperty
    subject_types: tuple[Node, ...] = ()   # (s a C): domains, with their superclasses
    object_types: tuple[Node, ...] = ()    # (o a C): ranges, with their superclasses


@dataclass
class Rules:
    """The ontology's closure compiled into lookup tables (see the module docstring)."""

    schema: frozenset[Triple]
    superclasses: dict[Node, tuple[Node, ...]] = field(default_factory=dict)
    props: dict[Node, _PropRule] = field(default_factory=dict)
    transitive: frozenset[Node] = frozenset()
    # chain property -> list of its chains (each a tuple p1..pn)
    chains: list[tuple[Node, tuple[Node, ...]]] = field(default_factory=list)


def _rdf_list(triples: dict[Node, dict[Node, list[Node]]], head: Node) -> list[Node]:
    items: list[Node] = []
    while head != RDF.nil:
        first = triples.get(head, {}).get(RDF.first)
        rest = triples.get(head, {}).get(RDF.rest)
        if not first or not rest:
            raise UnsupportedOntology(f"malformed RDF list at {head.n3()}")
        items.append(first[0])
        head = rest[0]
    return items


def _index_supported(schema: frozenset[Triple]) -> dict[Node, dict[Node, list[Node]]]:
    """The schema by subject and predicate; refuse the features the rules do not cover."""
    by_s: dict[Node, dict[Node, list[Node]]] = defaultdict(lambda: defaultdict(list))
    problems: set[str] = set()
    for s, p, o in schema:
        by_s[s][p].append(o)
        if p in _UNSUPPORTED_PREDICATES:
            problems.add(p.n3())
        if p == RDF.type and o in _UNSUPPORTED_TYPES:
            problems.add(o.n3())
        if p == OWL.sameAs and s != o:
            problems.add(f"owl:sameAs between {s.n3()} and {o.n3()}")
    if problems:
        raise UnsupportedOntology("the compiled rules do not implement: "
                                  + ", ".join(sorted(problems)) + " (extend kg/check/reason.py)")
    return by_s


@dataclass
class _Axioms:
    """The schema's axioms, one table per kind (before any closure)."""

    sup: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))
    supp: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))
    dom: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))
    rng: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))
    inv: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))
    transitive: set[Node] = field(default_factory=set)
    chains: list[tuple[Node, tuple[Node, ...]]] = field(default_factory=list)


def _read_axioms(schema: frozenset[Triple], by_s: dict[Node, dict[Node, list[Node]]]
                 ) -> _Axioms:
    ax = _Axioms()
    symmetric: set[Node] = set()
    for s, p, o in schema:
        if p == RDFS.subClassOf:
            ax.sup[s].add(o)
        elif p == RDFS.subPropertyOf:
            ax.supp[s].add(o)
        elif p == RDFS.domain:
            ax.dom[s].add(o)
        elif p == RDFS.range:
            ax.rng[s].add(o)
        elif p == OWL.inverseOf:
            ax.inv[s].add(o)
            ax.inv[o].add(s)
        elif p == RDF.type and o == OWL.TransitiveProperty:
            ax.transitive.add(s)
        elif p == RDF.type and o == OWL.SymmetricProperty:
            symmetric.add(s)
        elif p == OWL.propertyChainAxiom:
            ax.chains.append((s, tuple(_rdf_list(by_s, o))))
    for p in symmetric:  # prp-symp is prp-inv with the property its own inverse
        ax.inv[p].add(p)
    return ax


def _sorted(nodes: Iterable[Node]) -> tuple[Node, ...]:
    # rdflib types the terms of a graph as Node, which has no order; these are Identifiers
    return tuple(sorted(nodes))  # type: ignore[type-var]


def _closed(start: Iterable[Node], table: dict[Node, set[Node]]) -> set[Node]:
    """``start`` and everything reachable from it through ``table``."""
    seen: set[Node] = set()
    todo = list(start)
    while todo:
        x = todo.pop()
        if x not in seen:
            seen.add(x)
            todo.extend(table.get(x, ()))
    return seen


_SPECIAL = frozenset({_TYPE, _SAME})


def _prop_rule(p: Node, ax: _Axioms) -> _PropRule:
    """What a triple with predicate ``p`` entails; refuse one that would derive schema
    triples or equality."""
    ups = _closed([p], ax.supp)
    touched = ups | {r for q in ups for r in ax.inv.get(q, ())}
    if touched & (_SPECIAL | _SCHEMA_PREDICATES):
        raise UnsupportedOntology(f"{p.n3()} is a subproperty or inverse of "
                                  + ", ".join(sorted(x.n3() for x in touched & (
                                      _SPECIAL | _SCHEMA_PREDICATES))))
    subj = _closed({c for q in ups for c in ax.dom.get(q, ())}, ax.sup)
    obj = _closed({c for q in ups for c in ax.rng.get(q, ())}, ax.sup)
    return _PropRule(
        supers=_sorted(ups - {p}),
        inverses=_sorted({r for q in ups for r in ax.inv.get(q, ())}),
        subject_types=_sorted(subj),
        object_types=_sorted(obj),
    )


def compile_rules(ontology: Graph) -> Rules:
    """Precompute the tables from the ontology's owlrl closure; refuse unknown features."""
    schema = ontology_closure(ontology)
    ax = _read_axioms(schema, _index_supported(schema))
    chained = {c for _, ch in ax.chains for c in ch}
    all_props = set(ax.supp) | set(ax.dom) | set(ax.rng) | set(ax.inv) | chained
    props = {p: _prop_rule(p, ax) for p in all_props}
    superclasses = {c: _sorted(_closed([c], ax.sup) - {c}) for c in ax.sup}
    if (ax.transitive | chained) & _SPECIAL:
        raise UnsupportedOntology("a chain or transitive rule over rdf:type or owl:sameAs")
    return Rules(schema=schema, superclasses=superclasses, props=props,
                 transitive=frozenset(ax.transitive), chains=ax.chains)


__all__ = ["reference_closure", "compare_closures", "compile_rules", "ontology_closure",
           "publishable", "is_publishable", "UnsupportedOntology"]

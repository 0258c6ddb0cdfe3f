"""OWL-RL entailments of the data, kept apart from the asserted triples.

Two paths compute the same triple set:

* ``reference_closure`` runs owlrl (the reference implementation of the OWL 2 RL
  rules) over data + ontology with ``destination=`` so nothing is added to the
  asserted graph.  It is exact but slow: 16 s at 10,000 triples, 160 s at
  100,000.
* ``fast_closure`` uses the fact that, given the ontology, the entailments of
  our data come from a handful of rules whose schema side is fixed: the
  ontology's own closure (computed once by owlrl, it is small) is compiled into
  lookup tables — superclasses, superproperties, domains, ranges, inverses,
  symmetric and transitive properties, property chains — which are applied to
  the data triples with a work list.  Single-triple rules are independent per
  chunk; the joining rules (chains, transitivity) and ``owl:sameAs`` are then
  applied once over the union, so chunks may link to each other freely:
  0.3 s at 10,000 triples, 2 s at 100,000 (plus about 1 s, once, for the
  ontology's own closure).

What "the inferred triples of the data" means (applied identically to both paths
by ``publishable``):

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

``fast_closure`` refuses (``UnsupportedOntology``) an ontology or data using
OWL RL features its rules do not cover (functional properties, keys,
restrictions, …) rather than silently differ from the reference.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import owlrl
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

Triple = tuple[Node, Node, Node]

_VOCAB_NAMESPACES = (str(RDF), str(RDFS), str(OWL), str(XSD))
# Plain constants: rdflib's namespace attribute lookup is slow in hot loops.
_TYPE, _SAME, _THING = RDF.type, OWL.sameAs, OWL.Thing

# OWL RL features whose rules fast_closure does not implement: their presence in
# the ontology's closure (as predicate, or as the class of an rdf:type) stops it.
_UNSUPPORTED_PREDICATES = frozenset({
    OWL.hasKey, OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.intersectionOf,
    OWL.unionOf, OWL.maxCardinality, OWL.maxQualifiedCardinality, OWL.oneOf, OWL.onProperty,
})
_UNSUPPORTED_TYPES = frozenset({OWL.FunctionalProperty, OWL.InverseFunctionalProperty})

# Data triples that would change the schema (so the precomputed ontology closure
# would no longer be the schema the reference reasons with).
_SCHEMA_PREDICATES = frozenset({
    RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf,
    OWL.equivalentClass, OWL.equivalentProperty, OWL.propertyChainAxiom,
}) | _UNSUPPORTED_PREDICATES
_SCHEMA_TYPES = frozenset({
    OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property,
    OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.Restriction, RDFS.Datatype,
}) | _UNSUPPORTED_TYPES


class UnsupportedOntology(ValueError):
    """The ontology or data uses a feature the compiled rules do not cover."""


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

    ``a`` is the reference; sorting by N-Triples form makes a failing test's
    message readable and stable.
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
    # chain property -> list of its chains (each a tuple p1..pn); and each pi -> chains
    chains: list[tuple[Node, tuple[Node, ...]]] = field(default_factory=list)
    join_predicates: frozenset[Node] = frozenset()


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


def compile_rules(ontology: Graph) -> Rules:
    """Precompute the tables from the ontology's owlrl closure; refuse unknown features."""
    schema = ontology_closure(ontology)
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
        raise UnsupportedOntology("fast_closure does not implement: " + ", ".join(sorted(problems))
                                  + " (use reference_closure or extend kg/check/reason.py)")

    sup: dict[Node, set[Node]] = defaultdict(set)
    supp: dict[Node, set[Node]] = defaultdict(set)
    dom: dict[Node, set[Node]] = defaultdict(set)
    rng: dict[Node, set[Node]] = defaultdict(set)
    inv: dict[Node, set[Node]] = defaultdict(set)
    transitive: set[Node] = set()
    symmetric: set[Node] = set()
    chains: list[tuple[Node, tuple[Node, ...]]] = []
    for s, p, o in schema:
        if p == RDFS.subClassOf:
            sup[s].add(o)
        elif p == RDFS.subPropertyOf:
            supp[s].add(o)
        elif p == RDFS.domain:
            dom[s].add(o)
        elif p == RDFS.range:
            rng[s].add(o)
        elif p == OWL.inverseOf:
            inv[s].add(o)
            inv[o].add(s)
        elif p == RDF.type and o == OWL.TransitiveProperty:
            transitive.add(s)
        elif p == RDF.type and o == OWL.SymmetricProperty:
            symmetric.add(s)
        elif p == OWL.propertyChainAxiom:
            chains.append((s, tuple(_rdf_list(by_s, o))))
    for p in symmetric:  # prp-symp is prp-inv with the property its own inverse
        inv[p].add(p)

    def closed(start: Iterable[Node], table: dict[Node, set[Node]]) -> set[Node]:
        seen: set[Node] = set()
        todo = list(start)
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo.extend(table.get(x, ()))
        return seen

    special = {_TYPE, _SAME}
    props: dict[Node, _PropRule] = {}
    all_props = set(supp) | set(dom) | set(rng) | set(inv) | {c for _, ch in chains for c in ch}
    for p in all_props:
        ups = closed([p], supp)
        touched = ups | {r for q in ups for r in inv.get(q, ())}
        if touched & (special | _SCHEMA_PREDICATES):  # it would derive schema or equality
            raise UnsupportedOntology(f"{p.n3()} is a subproperty or inverse of "
                                      + ", ".join(sorted(x.n3() for x in touched & (
                                          special | _SCHEMA_PREDICATES))))
        subj = closed({c for q in ups for c in dom.get(q, ())}, sup)
        obj = closed({c for q in ups for c in rng.get(q, ())}, sup)
        props[p] = _PropRule(
            supers=tuple(sorted(ups - {p})),
            inverses=tuple(sorted({r for q in ups for r in inv.get(q, ())})),
            subject_types=tuple(sorted(subj)),
            object_types=tuple(sorted(obj)),
        )
    superclasses = {c: tuple(sorted(closed([c], sup) - {c})) for c in sup}
    joins = set(transitive) | {c for _, ch in chains for c in ch}
    if joins & special:
        raise UnsupportedOntology("a chain or transitive rule over rdf:type or owl:sameAs")
    return Rules(schema=schema, superclasses=superclasses, props=props,
                 transitive=frozenset(transitive), chains=chains,
                 join_predicates=frozenset(joins))


def _check_data(triples: Iterable[Triple]) -> None:
    """Refuse data that says something about the schema or types a resource as a datatype."""
    for s, p, o in triples:
        if p in _SCHEMA_PREDICATES or (p == _TYPE and (o in _SCHEMA_TYPES
                                                          or str(o).startswith(str(XSD)))):
            raise UnsupportedOntology(
                f"schema triple in the data: {s.n3()} {p.n3()} {o.n3()}; put it in the ontology")


class _Engine:
    """A work list over a triple set: every triple is processed once.

    Processing a triple adds what the single-triple rules entail (types from
    domains, ranges and superclasses are added directly, already closed; new
    property triples go back on the list) and, for join predicates, what it
    forms with triples processed before it (semi-naive: each pair meets once).
    """

    def __init__(self, rules: Rules, known: set[Triple]):
        self.rules = rules
        self.known = known          # every triple seen (asserted or derived)
        self.new: set[Triple] = set()
        self.by_s: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
        self.by_o: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
        self.todo: list[tuple[Triple, bool]] = []
        # chain position index: predicate -> [(chain property, chain, position)]
        self.in_chain: dict[Node, list[tuple[Node, tuple[Node, ...], int]]] = defaultdict(list)
        for cp, chain in rules.chains:
            for i, c in enumerate(chain):
                self.in_chain[c].append((cp, chain, i))

    def _add(self, t: Triple) -> None:
        if t not in self.known:
            self.known.add(t)
            self.new.add(t)
            self.todo.append((t, True))

    def _type(self, x: Node, classes: Iterable[Node]) -> None:
        if isinstance(x, Literal):  # a literal's types lead nowhere the filter keeps
            return
        for c in classes:
            t = (x, _TYPE, c)
            if t not in self.known:
                self.known.add(t)
                self.new.add(t)

    def seed_index(self, triples: Iterable[Triple]) -> None:
        """Make join partners known without processing them (e.g. the ontology's)."""
        jp = self.rules.join_predicates
        for s, p, o in triples:
            if p in jp:
                self.by_s[s][p].add(o)
                self.by_o[o][p].add(s)

    def run(self, triples: Iterable[Triple], single: bool = True) -> None:
        """Process ``triples``; ``single=False`` when they are already closed under
        the single-triple rules and only need joining."""
        self.todo.extend((t, single) for t in triples)
        rules, props, sups, jp = self.rules, self.rules.props, self.rules.superclasses, \
            self.rules.join_predicates
        while self.todo:
            (s, p, o), full = self.todo.pop()
            if full:
                if p == _TYPE:
                    self._type(s, sups.get(o, ()))
                else:
                    rule = props.get(p)
                    if rule is not None:
                        for q in rule.supers:
                            self._add((s, q, o))
                        for r in rule.inverses:
                            self._add((o, r, s))
                        self._type(s, rule.subject_types)
                        self._type(o, rule.object_types)
            if p in jp:
                self._join(s, p, o, rules)

    def _join(self, s: Node, p: Node, o: Node, rules: Rules) -> None:
        by_s, by_o = self.by_s, self.by_o
        if o in by_s[s][p]:
            return
        by_s[s][p].add(o)
        by_o[o][p].add(s)
        if p in rules.transitive:
            for z in list(by_s[o][p]):
                self._add((s, p, z))
            for w in list(by_o[s][p]):
                self._add((w, p, o))
        for cp, chain, i in self.in_chain.get(p, ()):
            lefts = [s]
            for q in reversed(chain[:i]):
                lefts = [w for x in lefts for w in by_o[x][q]]
            rights = [o]
            for q in chain[i + 1:]:
                rights = [z for x in rights for z in by_s[x][q]]
            for a in lefts:
                for b in rights:
                    self._add((a, cp, b))


def _chunk_closure(rules: Rules, triples: list[Triple]) -> set[Triple]:
    """Single-triple rules and joins within one chunk: the new triples."""
    engine = _Engine(rules, set(triples))
    engine.seed_index(rules.schema)
    engine.run(triples)
    return engine.new


_WORKER_RULES: Rules | None = None


def _init_worker(rules: Rules) -> None:
    global _WORKER_RULES
    _WORKER_RULES = rules


def _worker(triples: list[Triple]) -> set[Triple]:
    assert _WORKER_RULES is not None
    return _chunk_closure(_WORKER_RULES, triples)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}

    def find(self, x: Node) -> Node:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while x != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: Node, b: Node) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:  # the smaller N-Triples form is the representative: deterministic
            if rb.n3() < ra.n3():
                ra, rb = rb, ra
            self.parent[rb] = ra


def _same_as_classes(known: set[Triple]) -> dict[Node, list[Node]]:
    """Representative -> members (itself included) of each owl:sameAs class of 2+."""
    uf = _UnionFind()
    for s, p, o in known:
        if p == _SAME and s != o:
            uf.union(s, o)
    members: dict[Node, list[Node]] = defaultdict(list)
    for x in list(uf.parent):
        members[uf.find(x)].append(x)
    for root, ms in members.items():
        if root not in ms:
            ms.append(root)
    return dict(members)


def _check_same_as(members: dict[Node, list[Node]], known: set[Triple], rules: Rules) -> None:
    """Merging is only renaming individuals: refuse it for classes and properties."""
    schema_terms = {x for t in rules.schema for x in t}
    used = {p for _, p, _ in known} | {o for _, p, o in known if p == _TYPE}
    clash = {m for ms in members.values() for m in ms} & (schema_terms | used)
    if clash:
        raise UnsupportedOntology("owl:sameAs on a schema term: "
                                  + ", ".join(sorted(x.n3() for x in clash)))


def fast_closure(data: Graph | Iterable[Triple] | Sequence[Graph | Iterable[Triple]],
                 ontology: Graph, workers: int = 1) -> Graph:
    """The same triples as ``reference_closure(union of data, ontology)``, fast.

    ``data`` is one graph (an rdflib Graph or any iterable of triples) or a list
    or tuple of chunks (one per text, the reference data, …); with
    ``workers > 1`` the chunks are closed in parallel processes, which pays only
    for large chunks (pickling costs more than the rules at 100,000 triples).
    """
    chunks = list(data) if isinstance(data, (list, tuple)) else [data]
    rules = compile_rules(ontology)
    chunk_triples = [list(g) for g in chunks]
    for ts in chunk_triples:
        _check_data(ts)

    # 1. each chunk on its own (single-triple rules and joins inside the chunk)
    if workers > 1 and len(chunk_triples) > 1:
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker,
                                 initargs=(rules,)) as pool:
            per_chunk = list(pool.map(_worker, chunk_triples))
    else:
        per_chunk = [_chunk_closure(rules, ts) for ts in chunk_triples]

    asserted: set[Triple] = set()
    for ts in chunk_triples:
        asserted.update(ts)
    known: set[Triple] = set(asserted)
    derived: set[Triple] = set()
    for new in per_chunk:
        derived.update(new)
    known.update(derived)

    # 2. owl:sameAs: merge equal resources into one representative
    members = _same_as_classes(known)
    if members:
        _check_same_as(members, known, rules)
        canon = {m: root for root, ms in members.items() for m in ms}
        touching = [t for t in known if t[0] in canon or t[2] in canon]
        known.difference_update(touching)
        merged = {(canon.get(s, s), p, canon.get(o, o)) for s, p, o in touching}
        known.update(merged)
        derived = {t for t in derived if t[0] not in canon and t[2] not in canon} | merged

    # 3. joins across chunks (and through merged resources), then their consequences
    engine = _Engine(rules, known)
    engine.seed_index(rules.schema)
    jp = rules.join_predicates
    engine.run([t for t in known if t[1] in jp], single=False)
    derived |= engine.new

    # 4. expand merged resources back to every member (eq-rep-s/o, eq-sym, eq-trans)
    if members:
        expanded: set[Triple] = set()
        for s, p, o in derived:
            for a in members.get(s, (s,)):
                for b in members.get(o, (o,)):
                    expanded.add((a, p, b))
        derived = expanded
    return publishable(derived, asserted, rules.schema)


__all__ = ["reference_closure", "fast_closure", "compare_closures", "compile_rules",
           "ontology_closure", "publishable", "is_publishable", "UnsupportedOntology"]

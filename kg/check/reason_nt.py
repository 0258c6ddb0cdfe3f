"""OWL-RL entailments chunk by chunk, on N-Triples strings.

The rules are those of ``kg.check.reason.compile_rules`` (the ontology's owlrl closure
compiled into lookup tables); here their terms are turned into N-Triples strings
once, so the build's triples are reasoned over without becoming rdflib objects.
Single-triple rules are local to a chunk.  Joining rules (transitive properties,
property chains) and owl:sameAs would need the union: the ontology has none of
them today, and ``ChunkReasoner`` refuses such an ontology rather than be
silently incomplete.  The result equals ``kg.check.reason.reference_closure`` (owlrl):
tests/test_reason.py compares them on synthetic chunks and small ontologies,
tests/test_build_exact.py on the seeds.
"""

from __future__ import annotations

from kg.check.reason import UnsupportedOntology, compile_rules
from kg.terms.nt import RDF_TYPE, from_rdflib

_VOCAB = ("<http://www.w3.org/1999/02/22-rdf-syntax-ns#",
          "<http://www.w3.org/2000/01/rdf-schema#",
          "<http://www.w3.org/2002/07/owl#", "<http://www.w3.org/2001/XMLSchema#")
_THING = "<http://www.w3.org/2002/07/owl#Thing>"
_SAME_AS = "<http://www.w3.org/2002/07/owl#sameAs>"


class ChunkReasoner:
    """Compiled OWL-RL rules applied to one chunk at a time (``split``)."""

    def __init__(self, ontology) -> None:
        rules = compile_rules(ontology)
        if rules.transitive:
            raise UnsupportedOntology("transitive properties need the whole graph, "
                                      "which the chunked build never holds")
        self.chains = [(from_rdflib(q), tuple(from_rdflib(x) for x in chain))
                       for q, chain in rules.chains]
        self.chain_predicates = {p for _, chain in self.chains for p in chain}
        self.superclasses = {from_rdflib(c): tuple(from_rdflib(d) for d in ds)
                             for c, ds in rules.superclasses.items()}
        self.props = {}
        for p, r in rules.props.items():
            self.props[from_rdflib(p)] = (
                tuple(from_rdflib(q) for q in r.supers),
                tuple(from_rdflib(q) for q in r.inverses),
                tuple(from_rdflib(c) for c in r.subject_types),
                tuple(from_rdflib(c) for c in r.object_types))
        self.schema = {tuple(from_rdflib(x) for x in t) for t in rules.schema}

    def _closure(self, rows, local: set[str]) -> set[tuple[str, str, str]]:
        known = set(rows)
        new: set[tuple[str, str, str]] = set()
        todo = list(rows)

        def add(t: tuple[str, str, str]) -> None:
            if t not in known:
                known.add(t)
                new.add(t)
                todo.append(t)

        while True:
            self._single(todo, add)
            joined = self._chains(known, local)
            fresh = [t for t in joined if t not in known]
            if not fresh:
                return new
            for t in fresh:
                add(t)

    def _chains(self, known: set[tuple[str, str, str]], local: set[str]
                ) -> list[tuple[str, str, str]]:
        """Property chains (prp-spo2) joined inside the chunk.

        A chain link whose subject belongs to another chunk could join with triples
        this chunk does not see; that is refused rather than silently missed.
        """
        if not self.chains:
            return []
        index: dict[str, dict[str, list[str]]] = {p: {} for p in self.chain_predicates}
        for s, p, o in known:
            if p in index:
                if s not in local:
                    raise UnsupportedOntology(f"chain link {p} on {s} from another chunk")
                index[p].setdefault(s, []).append(o)
        out: list[tuple[str, str, str]] = []
        for q, chain in self.chains:
            for start in index[chain[0]]:
                ends = [start]
                for p in chain:
                    ends = [o for x in ends for o in index[p].get(x, ())]
                out.extend((start, q, o) for o in ends)
        return out

    def _single(self, todo, add) -> None:
        sup, props = self.superclasses, self.props
        while todo:
            s, p, o = todo.pop()
            if p == RDF_TYPE:
                for c in sup.get(o, ()):
                    add((s, RDF_TYPE, c))
                continue
            rule = props.get(p)
            if rule is None:
                continue
            supers, inverses, subject_types, object_types = rule
            for q in supers:
                add((s, q, o))
            # (o q s) with a literal o is not published, but the range of q
            # types s, as in owlrl
            for q in inverses:
                add((o, q, s))
            for c in subject_types:
                add((s, RDF_TYPE, c))
            for c in object_types:
                add((o, RDF_TYPE, c))

    def split(self, rows) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
        """The publishable entailments of one chunk (see kg.check.reason for what that means),
        split into those about the chunk's own subjects and those about resources of
        other chunks (an entity typed by a range), which the build keeps once."""
        local_subjects = {s for s, _, _ in rows}
        local: list[tuple[str, str, str]] = []
        foreign: list[tuple[str, str, str]] = []
        for t in self._closure(rows, local_subjects):
            if self._publishable(t):
                (local if t[0] in local_subjects else foreign).append(t)
        return local, foreign

    def _publishable(self, t: tuple[str, str, str]) -> bool:
        s, p, o = t
        if not s.startswith("<") or s.startswith(_VOCAB) or t in self.schema:
            return False
        if p.startswith("_:") or o.startswith("_:"):
            return False
        if p == RDF_TYPE and o == _THING:
            return False
        return not (p == _SAME_AS and s == o)


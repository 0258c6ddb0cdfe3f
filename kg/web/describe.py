"""What the document of a resource says, and which document describes which IRI.

Policy (README, "Publishing"):

* every resource IRI ``X`` has documents ``X.ttl``, ``X.jsonld``, ``X.nt`` and ``X.html``;
* the parts of an entry (``id/entry/E/citation/1``, ``…/reading/2``, ``…/timespan``,
  their anchors and selectors) and of the dataset (``id/dataset/…``) have no
  documents of their own: they are described in full in the document of the entry
  (or dataset), which the part's IRI redirects to (the HTML page at ``#part-…``);
* a document holds the triples whose subject is the resource (an entry's: also
  every part's, and the event it reports), plus the labels (``rdfs:label``,
  ``skos:prefLabel``, ``dcterms:title``) of every IRI it points to, so a reader
  sees names, not opaque IDs; a concept scheme's also lists its concepts;
* the ontology (``ontology``, hash IRIs ``ontology#Term``) and the dataset
  (``id/dataset``, its VoID) are read from their own files of ``out/``.

Triples come back as N-Triples strings so the project's byte-stable writers
(``kg.graph.serialize``) produce the documents.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyoxigraph as ox

from kg.graph.serialize import Canonical, jsonld_context
from kg.query.engine import normalise_lang
from kg.terms.namespaces import BASE
from kg.terms.nt import escape
from kg.web.conneg import JSONLD, NTRIPLES, TURTLE, Representation

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABELS = ("http://www.w3.org/2000/01/rdf-schema#label",
          "http://www.w3.org/2004/02/skos/core#prefLabel",
          "http://purl.org/dc/terms/title")
SKOS = "http://www.w3.org/2004/02/skos/core#"
IN_SCHEME = SKOS + "inScheme"
REPORTS = BASE + "ontology#reports"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: documents that group the resources under them (``id/entry/E/…`` → ``id/entry/E``)
GROUPING = ("id/entry/", "id/dataset")
ONTOLOGY_PATH = "ontology"
DATASET_PATH = "id/dataset"

Triple = tuple[str, str, str]


def nt_term(t) -> str:
    """N-Triples form of a pyoxigraph term, language tags in their BCP 47 case."""
    if isinstance(t, ox.NamedNode):
        return f"<{t.value}>"
    if isinstance(t, ox.BlankNode):
        return f"_:{t.value}"
    if isinstance(t, ox.Literal):
        body = '"' + escape(t.value) + '"'
        if t.language:
            return f"{body}@{normalise_lang(t.language)}"
        if t.datatype.value != XSD_STRING:
            return f"{body}^^<{t.datatype.value}>"
        return body
    raise TypeError(f"unexpected term {t!r}")


def document_of(path: str) -> tuple[str, str]:
    """``(document path, fragment)`` for a resource path (no leading slash, no suffix).

    >>> document_of("id/entry/e1082-21dcf988/reading/1/anchor")
    ('id/entry/e1082-21dcf988', 'reading-1')
    """
    if path.startswith("id/entry/"):
        parts = path.split("/")
        if len(parts) > 3:
            return "/".join(parts[:3]), "-".join(parts[3:5])
    if path.startswith(DATASET_PATH + "/"):
        return DATASET_PATH, path[len(DATASET_PATH) + 1:]
    return path, ""


def blank_node_labels(triples: list[Triple]) -> dict[str, str]:
    """``_:b0``, ``_:b1`` … for each blank node, by its surroundings, not by parse order.

    A parser names blank nodes at random; a document must be byte-stable, so each
    blank node is named after rounds of hashing what it is connected to, until the
    rounds tell no more nodes apart (a list is told apart only from its far end,
    so a fixed number of rounds leaves long lists that share their first members
    in random order).
    """
    bnodes = sorted({x for t in triples for x in (t[0], t[2]) if x.startswith("_:")})
    edges: dict[str, list[tuple[str, str, str]]] = {b: [] for b in bnodes}
    for s, p, o in triples:
        if s in edges:
            edges[s].append(("o", p, o))
        if o in edges:
            edges[o].append(("i", s, p))
    sig = dict.fromkeys(bnodes, "")
    classes = 1
    for _ in range(len(bnodes) + 1):
        sig = {b: hashlib.sha1("\n".join(sorted(
            f"o {p} {sig.get(o, o)}" if d == "o" else f"i {sig.get(p, p)} {o}"
            for d, p, o in edges[b])).encode()).hexdigest() for b in bnodes}
        now = len(set(sig.values()))
        if now == classes:
            break
        classes = now
    return {b: f"_:b{i}" for i, b in enumerate(sorted(bnodes, key=lambda b: (sig[b], b)))}


def canonical_blank_nodes(triples: list[Triple]) -> list[Triple]:
    """The triples with their blank nodes named by :func:`blank_node_labels`."""
    label = blank_node_labels(triples)
    if not label:
        return triples
    return sorted({(label.get(s, s), p, label.get(o, o)) for s, p, o in triples})


def _renamed(quads: list) -> list:
    """Quads whose blank nodes carry their canonical names (``b0``, ``b1`` …)."""
    if not any(isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
               for q in quads):
        return quads
    label = blank_node_labels([(nt_term(q.subject), nt_term(q.predicate), nt_term(q.object))
                               for q in quads])

    def term(t):
        return ox.BlankNode(label[nt_term(t)][2:]) if isinstance(t, ox.BlankNode) else t

    return [ox.Quad(term(q.subject), q.predicate, term(q.object), q.graph_name)
            for q in quads]


class Describer:
    """Descriptions from the read-only data store and the side files (ontology, VoID)."""

    def __init__(self, store: ox.Store, out: Path) -> None:
        self.store = store
        self.side: dict[str, ox.Store] = {}
        self.side_files = {p: f for p, f in ((ONTOLOGY_PATH, out / "ontology" / "xxj.ttl"),
                                             (DATASET_PATH, out / "void.ttl")) if f.is_file()}
        for path, files in ((ONTOLOGY_PATH, [out / "ontology" / "xxj.ttl"]),
                            (DATASET_PATH, [out / "void.ttl"])):
            side = ox.Store()
            for f in files:
                if f.is_file():
                    side.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE)
            self.side[path] = side

    # ------------------------------------------------------------------ existence

    def exists(self, doc_path: str) -> bool:
        """Whether a document path names something we describe."""
        if doc_path in self.side:
            return len(self.side[doc_path]) > 0
        try:
            node = ox.NamedNode(BASE + doc_path)
        except ValueError:  # not an IRI at all (/id/entry/%ZZ): nothing of ours is named so
            return False
        return next(self.store.quads_for_pattern(node, None, None), None) is not None

    # ------------------------------------------------------------------ triples

    def _out(self, store: ox.Store, node: ox.NamedNode) -> list:
        return list(store.quads_for_pattern(node, None, None))

    def triples(self, doc_path: str) -> list[Triple]:
        """Every triple of the document at ``doc_path`` (see the module docstring)."""
        return canonical_blank_nodes(sorted({
            (nt_term(q.subject), nt_term(q.predicate), nt_term(q.object))
            for q in self.quads(doc_path)}))

    def quads(self, doc_path: str) -> list:
        """The document's statements as pyoxigraph quads (duplicates possible), blank
        nodes named by their surroundings so that every page is byte-stable."""
        return _renamed(self._quads(doc_path))

    def _quads(self, doc_path: str) -> list:
        if doc_path in self.side:
            return list(self.side[doc_path])
        iri = BASE + doc_path
        node = ox.NamedNode(iri)
        quads = self._out(self.store, node)
        if doc_path.startswith("id/entry/"):
            quads += self._entry_parts(iri)
        described = {q.subject for q in quads}
        if any(q.object == ox.NamedNode(SKOS + "ConceptScheme") for q in quads):
            quads.extend(self.store.quads_for_pattern(None, ox.NamedNode(IN_SCHEME), node))
        seen = set()
        for q in list(quads):
            o = q.object
            if isinstance(o, ox.NamedNode) and o not in described and o not in seen:
                seen.add(o)
                for label in LABELS:
                    quads.extend(self.store.quads_for_pattern(o, ox.NamedNode(label), None))
            if q.predicate.value == IN_SCHEME and q.subject not in described:
                for label in LABELS:
                    quads.extend(self.store.quads_for_pattern(q.subject, ox.NamedNode(label),
                                                              None))
        return quads

    def _entry_parts(self, entry_iri: str) -> list:
        """The triples of every part of an entry, and of the event it reports.

        Parts are found by walking links (in either direction) between IRIs under
        ``entry_iri + "/"``: index lookups only, so the cost does not grow with
        the size of the dataset.
        """
        prefix = entry_iri + "/"
        start = ox.NamedNode(entry_iri)
        todo, seen, quads = [start], {start}, []
        events = []
        while todo:
            node = todo.pop()
            for q in self.store.quads_for_pattern(node, None, None):
                if node != start:
                    quads.append(q)
                o = q.object
                if isinstance(o, ox.NamedNode) and o not in seen:
                    if o.value.startswith(prefix):
                        seen.add(o)
                        todo.append(o)
                    elif node == start and q.predicate.value == REPORTS:
                        seen.add(o)
                        events.append(o)
            for q in self.store.quads_for_pattern(None, None, node):
                s = q.subject
                if isinstance(s, ox.NamedNode) and s not in seen and s.value.startswith(prefix):
                    seen.add(s)
                    todo.append(s)
        for ev in events:
            for q in self.store.quads_for_pattern(ev, None, None):
                quads.append(q)
                o = q.object
                if isinstance(o, ox.NamedNode) and o not in seen and o.value.startswith(prefix):
                    seen.add(o)
                    quads.extend(self.store.quads_for_pattern(o, None, None))
        return quads

    # ------------------------------------------------------------------ documents

    def render(self, doc_path: str, rep: Representation) -> bytes:
        """The document in Turtle, JSON-LD or N-Triples (byte-stable for one build)."""
        if rep is TURTLE and doc_path in self.side_files:  # the curated file, comments kept
            return self.side_files[doc_path].read_bytes()
        canon = Canonical(self.triples(doc_path))
        if rep is TURTLE:
            head = f"# {BASE}{doc_path}\n"
            return canon.turtle(head).encode("utf-8")
        if rep is NTRIPLES:
            return canon.ntriples().encode("utf-8")
        if rep is JSONLD:
            ctx = json.dumps(jsonld_context()["@context"], ensure_ascii=False, indent=1)
            body = ",\n".join(canon.jsonld_nodes())
            return ('{"@context": ' + ctx + ',\n"@graph": [\n' + body + "\n]}\n").encode("utf-8")
        raise ValueError(f"not an RDF representation: {rep.media_type}")


__all__ = ["Describer", "document_of", "nt_term", "GROUPING", "ONTOLOGY_PATH", "DATASET_PATH"]

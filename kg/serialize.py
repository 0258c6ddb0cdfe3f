"""Byte-stable writers for Turtle, N-Triples and JSON-LD.

rdflib's writers either vary with hash seeds or, in canonical mode, are slow
(seconds per ten thousand triples).  Our graphs have no blank nodes, so a
canonical form is simply "sort everything": subjects, then predicates, then
objects, each by its N-Triples form.  Each term is rendered once (``Canonical``)
and all three formats are written from the same sorted rows, so the same input
always gives the same bytes, and independent parsers (pyoxigraph, rapper) read
the result.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from itertools import groupby

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.namespaces import PREFIXES

_LOCAL_OK = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_PREFIX_ORDER = sorted(((p, str(ns)) for p, ns in PREFIXES.items()), key=lambda kv: -len(kv[1]))
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_RDF_TYPE = str(RDF.type)
_XSD_INTEGER = str(XSD.integer)
_XSD_BOOLEAN = str(XSD.boolean)


def _escape(text: str) -> str:
    if not any(ch in text for ch in _ESCAPES):
        return text
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def nt_term(term) -> str:
    """N-Triples form; literals always single-quoted with \\n escapes (rdflib's n3()
    writes multi-line literals triple-quoted, which N-Triples forbids)."""
    if isinstance(term, Literal):
        lex = f'"{_escape(str(term))}"'
        if term.language:
            return f"{lex}@{term.language}"
        if term.datatype:
            return f"{lex}^^<{term.datatype}>"
        return lex
    if isinstance(term, URIRef):
        return f"<{term}>"
    return term.n3()


def _split_iri(text: str) -> tuple[str | None, str]:
    for prefix, base in _PREFIX_ORDER:
        if text.startswith(base):
            local = text[len(base):]
            if _LOCAL_OK.match(local):
                return prefix, local
    return None, text


class Canonical:
    """The sorted rows of a graph, each term rendered once for every format."""

    def __init__(self, triples: Iterable[tuple]) -> None:
        cache: dict = {}

        def nt(term) -> str:
            s = cache.get(term)
            if s is None:
                s = cache[term] = nt_term(term)
            return s

        rows = {(nt(s), nt(p), nt(o)): (s, p, o) for s, p, o in triples}
        self.keys = sorted(rows)
        self.terms = [rows[k] for k in self.keys]
        self._qnames: dict[str, tuple[str | None, str]] = {}

    def __len__(self) -> int:
        return len(self.keys)

    def qname(self, iri: str, used: set[str]) -> str:
        hit = self._qnames.get(iri)
        if hit is None:
            prefix, local = _split_iri(iri)
            hit = self._qnames[iri] = (prefix, f"{prefix}:{local}" if prefix else f"<{iri}>")
        if hit[0]:
            used.add(hit[0])
        return hit[1]

    # -- N-Triples -----------------------------------------------------------------
    def ntriples(self) -> str:
        return "".join(f"{s} {p} {o} .\n" for s, p, o in self.keys)

    # -- Turtle --------------------------------------------------------------------
    def _turtle_object(self, o, o_nt: str, used: set[str]) -> str:
        if isinstance(o, URIRef):
            return self.qname(str(o), used)
        if isinstance(o, Literal) and o.datatype:
            dt = str(o.datatype)
            if dt == _XSD_INTEGER and re.fullmatch(r"-?[0-9]+", str(o)):
                return str(o)
            if dt == _XSD_BOOLEAN and str(o) in ("true", "false"):
                return str(o)
            return f'"{_escape(str(o))}"^^{self.qname(dt, used)}'
        return o_nt

    def turtle(self, header: str = "") -> str:
        used: set[str] = set()
        blocks = []
        rows = list(zip(self.keys, self.terms))
        for _s, group in groupby(rows, key=lambda r: r[0][0]):
            group = list(group)
            subject = group[0][1][0]
            by_pred: dict[str, list] = {}
            for (_, p_nt, o_nt), (_, p, o) in group:
                by_pred.setdefault(p_nt, []).append((p, o, o_nt))
            preds = sorted(by_pred, key=lambda k: (k != f"<{_RDF_TYPE}>", k))
            lines = []
            for p_nt in preds:
                items = by_pred[p_nt]
                p = items[0][0]
                pname = "a" if str(p) == _RDF_TYPE else self.qname(str(p), used)
                objs = ", ".join(self._turtle_object(o, o_nt, used) for _, o, o_nt in items)
                lines.append(f"    {pname} {objs}")
            blocks.append(f"{self.qname(str(subject), used)}\n" + " ;\n".join(lines) + " .\n")
        prefixes = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in sorted(used))
        return header + prefixes + "\n" + "\n".join(blocks)

    # -- JSON-LD -------------------------------------------------------------------
    def jsonld(self, context: dict | str | None = None) -> str:
        """Flattened JSON-LD, one node object per line, compact IRIs via the context."""
        used: set[str] = set()
        nodes = []
        rows = list(zip(self.keys, self.terms))
        for _, group in groupby(rows, key=lambda r: r[0][0]):
            group = list(group)
            subject = group[0][1][0]
            obj: dict = {"@id": self.qname(str(subject), used).strip("<>")}
            for _p, items in groupby(group, key=lambda r: r[0][1]):
                items = list(items)
                p = items[0][1][1]
                if str(p) == _RDF_TYPE:
                    obj["@type"] = [self.qname(str(o), used).strip("<>") for _, (_, _, o) in items]
                    continue
                vals = []
                for _, (_, _, o) in items:
                    if isinstance(o, URIRef):
                        vals.append({"@id": self.qname(str(o), used).strip("<>")})
                    elif o.language:
                        vals.append({"@value": str(o), "@language": o.language})
                    elif o.datatype:
                        vals.append({"@value": str(o),
                                     "@type": self.qname(str(o.datatype), used).strip("<>")})
                    else:
                        vals.append({"@value": str(o)})
                obj[self.qname(str(p), used).strip("<>")] = vals
            nodes.append(json.dumps(obj, ensure_ascii=False))
        ctx = context if context is not None else jsonld_context()["@context"]
        head = json.dumps(ctx, ensure_ascii=False, indent=1)
        return '{"@context": ' + head + ',\n"@graph": [\n' + ",\n".join(nodes) + "\n]}\n"


def jsonld_context() -> dict:
    """The published @context: our prefixes, so compact IRIs expand the same everywhere."""
    return {"@context": {p: str(ns) for p, ns in sorted(PREFIXES.items())}}


def ntriples(triples: Iterable[tuple]) -> str:
    """Sorted N-Triples (one statement per line, UTF-8, no blank nodes)."""
    return Canonical(triples).ntriples()


def turtle(triples: Iterable[tuple], header: str = "") -> str:
    """Canonical Turtle: prefixes, then one block per subject, all sorted."""
    return Canonical(triples).turtle(header)


def jsonld(triples: Iterable[tuple], context: dict | str | None = None) -> str:
    return Canonical(triples).jsonld(context)

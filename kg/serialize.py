"""Byte-stable writers for Turtle, N-Triples and JSON-LD.

rdflib's writers either vary with hash seeds or, in canonical mode, are slow
(seconds per ten thousand triples).  Our graphs have no blank nodes, so a
canonical form is simply "sort everything": subjects, then predicates, then
objects, each by its N-Triples form.  The same input therefore always gives the
same bytes, and independent parsers (pyoxigraph, rapper) read the result.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.namespaces import PREFIXES

_LOCAL_OK = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_PREFIX_ORDER = sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1])))


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}


def _escape(text: str) -> str:
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
    return term.n3()


def ntriples(triples: Iterable[tuple]) -> str:
    """Sorted N-Triples (one statement per line, UTF-8, no blank nodes)."""
    lines = sorted({f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in triples})
    return "".join(lines)


def _qname(iri: URIRef, used: set[str]) -> str:
    text = str(iri)
    for prefix, ns in _PREFIX_ORDER:
        base = str(ns)
        if text.startswith(base):
            local = text[len(base):]
            if _LOCAL_OK.match(local):
                used.add(prefix)
                return f"{prefix}:{local}"
    return f"<{text}>"


def _turtle_object(o, used: set[str]) -> str:
    if isinstance(o, URIRef):
        return _qname(o, used)
    if isinstance(o, Literal):
        if o.datatype in (XSD.integer,) and re.fullmatch(r"-?[0-9]+", str(o)):
            return str(o)
        if o.datatype == XSD.boolean and str(o) in ("true", "false"):
            return str(o)
        lex = f'"{_escape(str(o))}"'
        if o.language:
            return f"{lex}@{o.language}"
        if o.datatype:
            used.add("xsd") if str(o.datatype).startswith(str(XSD)) else None
            return f"{lex}^^{_qname(o.datatype, used)}"
        return lex
    return nt_term(o)


def turtle(graph: Graph | Iterable[tuple], header: str = "") -> str:
    """Canonical Turtle: prefixes, then one block per subject, all sorted."""
    by_subject: dict = defaultdict(lambda: defaultdict(set))
    for s, p, o in graph:
        by_subject[s][p].add(o)
    used: set[str] = set()
    blocks = []
    for s in sorted(by_subject, key=nt_term):
        preds = by_subject[s]
        lines = []
        ordered = sorted(preds, key=lambda p: (p != RDF.type, p.n3()))
        for p in ordered:
            pname = "a" if p == RDF.type else _qname(p, used)
            objs = sorted(preds[p], key=nt_term)
            rendered = ", ".join(_turtle_object(o, used) for o in objs)
            lines.append(f"    {pname} {rendered}")
        blocks.append(f"{_qname(s, used)}\n" + " ;\n".join(lines) + " .\n")
    prefixes = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in sorted(used))
    return header + prefixes + "\n" + "\n".join(blocks)


def jsonld_context() -> dict:
    """The published @context: our prefixes, so compact IRIs expand the same everywhere."""
    return {"@context": {p: str(ns) for p, ns in sorted(PREFIXES.items())}}


def jsonld(graph: Graph | Iterable[tuple], context_url: str | None = None) -> str:
    """Flattened JSON-LD: one node object per subject, sorted, with the prefix context."""
    used: set[str] = set()
    nodes: dict = defaultdict(lambda: defaultdict(list))
    for s, p, o in graph:
        nodes[s][p].append(o)
    out = []
    for s in sorted(nodes, key=lambda t: t.n3()):
        obj: dict = {"@id": _qname(s, used).strip("<>")}
        for p in sorted(nodes[s], key=lambda t: t.n3()):
            vals = sorted(nodes[s][p], key=lambda t: t.n3())
            if p == RDF.type:
                obj["@type"] = [_qname(v, used).strip("<>") for v in vals]
                continue
            key = _qname(p, used).strip("<>")
            rendered = []
            for v in vals:
                if isinstance(v, URIRef):
                    rendered.append({"@id": _qname(v, used).strip("<>")})
                elif v.language:
                    rendered.append({"@value": str(v), "@language": v.language})
                elif v.datatype:
                    rendered.append({"@value": str(v),
                                     "@type": _qname(v.datatype, used).strip("<>")})
                else:
                    rendered.append({"@value": str(v)})
            obj[key] = rendered
        out.append(obj)
    ctx = context_url if context_url else jsonld_context()["@context"]
    return json.dumps({"@context": ctx, "@graph": out}, ensure_ascii=False, indent=1,
                      sort_keys=False) + "\n"

"""Byte-stable writers for N-Triples, N-Quads, Turtle and JSON-LD.

Triples are N-Triples strings (``kg.terms.nt``) and our graphs have no blank nodes, so
the canonical form is simply "sort everything": subjects, then predicates, then
objects, each by its N-Triples form.  The same input therefore always gives the
same bytes, and independent parsers (pyoxigraph, rapper) read the result.
Large builds write chunk by chunk: each chunk is sorted on its own, and chunks
come in manifest order, which is just as deterministic.

Why not pyoxigraph's serialisers (bench/serialisers.py measures both on a build):
pyoxigraph 0.5 lowercases language tags (``@zh-hant``, where we publish BCP 47's
``@zh-Hant``), so none of its outputs is byte-identical to ours; its Turtle also
indents with tabs, escapes ``/`` in local names, declares every given prefix in
no fixed order and leaves no blank line between subjects, and its JSON-LD is the
expanded form on one line.  It is faster once the terms are pyoxigraph objects,
but the build holds N-Triples strings, and converting them costs more than these
writers take.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from itertools import groupby

from kg.terms.namespaces import PREFIXES, shorten
from kg.terms.nt import RDF_TYPE, XSD, parse_literal

_LOCAL_OK = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_INT_RE = re.compile(r'^"(-?[0-9]+)"\^\^<' + re.escape(XSD) + r"integer>$")
_BOOL_RE = re.compile(r'^"(true|false)"\^\^<' + re.escape(XSD) + r"boolean>$")


def _split_iri(text: str) -> tuple[str | None, str]:
    short = shorten(text, local=_LOCAL_OK)
    if short is None:
        return None, text
    prefix, _, local = short.partition(":")
    return prefix, local


class Canonical:
    """The sorted rows of a graph of N-Triples string triples."""

    def __init__(self, triples: Iterable[tuple[str, str, str]]) -> None:
        self.rows = sorted(set(triples))
        self._qnames: dict[str, tuple[str | None, str]] = {}

    def __len__(self) -> int:
        return len(self.rows)

    def qname(self, term: str, used: set[str]) -> str:
        """Prefixed name of an IRI term (``<…>``) where one is possible."""
        hit = self._qnames.get(term)
        if hit is None:
            prefix, local = _split_iri(term[1:-1])
            hit = self._qnames[term] = (prefix, f"{prefix}:{local}" if prefix else term)
        if hit[0]:
            used.add(hit[0])
        return hit[1]

    def ntriples(self) -> str:
        return "".join(f"{s} {p} {o} .\n" for s, p, o in self.rows)

    def nquads(self, graph_iri: str) -> str:
        return "".join(f"{s} {p} {o} <{graph_iri}> .\n" for s, p, o in self.rows)

    def _turtle_object(self, o: str, used: set[str]) -> str:
        if o.startswith("<"):
            return self.qname(o, used)
        m = _INT_RE.match(o) or _BOOL_RE.match(o)
        if m:
            return m.group(1)
        if "^^<" in o and o.endswith(">"):
            body, dt = o.rsplit("^^", 1)
            return f"{body}^^{self.qname(dt, used)}"
        return o

    def turtle_blocks(self, used: set[str]) -> list[str]:
        blocks = []
        for subject, group in groupby(self.rows, key=lambda r: r[0]):
            by_pred: dict[str, list[str]] = {}
            for _, p, o in group:
                by_pred.setdefault(p, []).append(o)
            preds = sorted(by_pred, key=lambda k: (k != RDF_TYPE, k))
            lines = []
            for p in preds:
                pname = "a" if p == RDF_TYPE else self.qname(p, used)
                objs = ", ".join(self._turtle_object(o, used) for o in by_pred[p])
                lines.append(f"    {pname} {objs}")
            blocks.append(f"{self.qname(subject, used)}\n" + " ;\n".join(lines) + " .\n")
        return blocks

    def turtle(self, header: str = "") -> str:
        used: set[str] = set()
        blocks = self.turtle_blocks(used)
        return header + turtle_prefixes(used) + "\n" + "\n".join(blocks)

    def jsonld_nodes(self) -> list[str]:
        """One compact JSON-LD node object per subject, as JSON text (one per line)."""
        used: set[str] = set()
        nodes = []
        for subject, group in groupby(self.rows, key=lambda r: r[0]):
            obj: dict = {"@id": self.qname(subject, used).strip("<>")}
            for p, items in groupby(group, key=lambda r: r[1]):
                objs = [o for _, _, o in items]
                if p == RDF_TYPE:
                    obj["@type"] = [self.qname(o, used).strip("<>") for o in objs]
                    continue
                vals = []
                for o in objs:
                    if o.startswith(("<", "_:")):
                        vals.append({"@id": self.qname(o, used).strip("<>")})
                        continue
                    lex, lang, dt = parse_literal(o)
                    if lang:
                        vals.append({"@value": lex, "@language": lang})
                    elif dt:
                        vals.append({"@value": lex,
                                     "@type": self.qname(f"<{dt}>", used).strip("<>")})
                    else:
                        vals.append({"@value": lex})
                obj[self.qname(p, used).strip("<>")] = vals
            nodes.append(json.dumps(obj, ensure_ascii=False))
        return nodes


def turtle_prefixes(used: set[str]) -> str:
    return "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in sorted(used))


def jsonld_context() -> dict:
    """The published @context: our prefixes, so compact IRIs expand the same everywhere."""
    return {"@context": {p: str(ns) for p, ns in sorted(PREFIXES.items())}}

"""The hand-written writers of kg.graph.serialize against pyoxigraph's serialisers.

Usage: ``python bench/serialisers.py [OUT]`` where OUT is a build's output folder
(default ``out/``, written by ``kg build``).  The canonically sorted triples of
OUT/xixiaji.nt go through both writers, for N-Triples, N-Quads, Turtle and JSON-LD;
for each format it prints the time of the hand-written writer, of pyoxigraph's
serialiser alone (terms already pyoxigraph objects) and with the conversion of
the build's N-Triples strings to pyoxigraph terms (what the build would have to
do: the faster of building the terms one by one and parsing the N-Triples text),
and whether the bytes are identical; if not, the diff of both writers' output for
one subject with language tags and typed literals.
"""

from __future__ import annotations

import difflib
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.graph.serialize import Canonical, turtle_prefixes
from kg.terms.namespaces import PREFIXES
from kg.terms.nt import parse_literal

GRAPH = "https://w3id.org/xixiaji/graph/example"


def read_rows(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        s, p, rest = line.split(" ", 2)
        rows.append((s, p, rest.removesuffix(" .")))
    return rows


def _term(text: str):
    if text.startswith("<"):
        return ox.NamedNode(text[1:-1])
    lex, lang, dt = parse_literal(text)
    if lang:
        return ox.Literal(lex, language=lang)
    return ox.Literal(lex, datatype=ox.NamedNode(dt)) if dt else ox.Literal(lex)


def to_oxigraph(rows) -> list[ox.Triple]:
    return [ox.Triple(_term(s), ox.NamedNode(p[1:-1]), _term(o)) for s, p, o in rows]


def best_of(n: int, fn: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(n):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else Path("out")
    rows = read_rows(out / "xixiaji.nt")
    canon = Canonical(rows)
    t_terms, triples = best_of(3, lambda: to_oxigraph(canon.rows))
    text = canon.ntriples().encode("utf-8")
    t_parse, _ = best_of(3, lambda: list(ox.parse(text, format=ox.RdfFormat.N_TRIPLES)))
    t_conv = min(t_terms, t_parse)
    graph = ox.NamedNode(GRAPH)
    quads = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]
    prefixes = {p: str(ns) for p, ns in sorted(PREFIXES.items())}

    def turtle_old() -> str:
        used: set[str] = set()
        blocks = canon.turtle_blocks(used)
        return turtle_prefixes(used) + "\n" + "\n".join(blocks)

    formats = {
        "N-Triples": (canon.ntriples,
                      lambda: ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)),
        "N-Quads": (lambda: canon.nquads(GRAPH),
                    lambda: ox.serialize(quads, format=ox.RdfFormat.N_QUADS)),
        "Turtle": (turtle_old, lambda: ox.serialize(triples, format=ox.RdfFormat.TURTLE,
                                                     prefixes=prefixes)),
        "JSON-LD": (lambda: ",\n".join(canon.jsonld_nodes()),
                    lambda: ox.serialize(triples, format=ox.RdfFormat.JSON_LD,
                                         prefixes=prefixes)),
    }
    print(f"{len(canon)} triples from {out / 'xixiaji.nt'}; N-Triples strings to pyoxigraph "
          f"terms: {t_terms:.3f} s one by one, {t_parse:.3f} s by parsing the text")
    sample = _sample(canon.rows)
    for name, (old, new) in formats.items():
        t_old, text_old = best_of(3, old)
        t_new, text_new = best_of(3, new)
        text_new = text_new.decode("utf-8")
        same = text_old == text_new
        print(f"{name:10} hand-written {t_old:.3f} s   pyoxigraph {t_new:.3f} s "
              f"(+ conversion {t_new + t_conv:.3f} s)   identical: {'yes' if same else 'no'}")
        if not same:
            _show_diff(name, sample, prefixes)
    return 0


def _sample(rows) -> list[tuple[str, str, str]]:
    """The rows of the first subject with a language tag and an integer."""
    by_subject: dict[str, list[tuple[str, str, str]]] = {}
    for row in rows:
        by_subject.setdefault(row[0], []).append(row)
    for subject_rows in by_subject.values():
        objects = " ".join(o for _, _, o in subject_rows)
        if '"@zh-Hant' in objects and "integer>" in objects:
            return subject_rows
    return rows[:10]


def _show_diff(name: str, rows, prefixes: dict[str, str]) -> None:
    canon, triples = Canonical(rows), to_oxigraph(rows)
    used: set[str] = set()
    old = {"N-Triples": canon.ntriples, "N-Quads": lambda: canon.nquads(GRAPH),
           "Turtle": lambda: "\n".join(canon.turtle_blocks(used)),
           "JSON-LD": lambda: "\n".join(canon.jsonld_nodes())}[name]()
    quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(GRAPH)) for t in triples]
    fmt = {"N-Triples": ox.RdfFormat.N_TRIPLES, "N-Quads": ox.RdfFormat.N_QUADS,
           "Turtle": ox.RdfFormat.TURTLE, "JSON-LD": ox.RdfFormat.JSON_LD}[name]
    new = ox.serialize(quads if name == "N-Quads" else triples, format=fmt,
                       prefixes=None if name.startswith("N-") else prefixes).decode("utf-8")
    if name == "Turtle":  # the prefix lines: compared separately
        new = "".join(line + "\n" for line in new.splitlines() if not line.startswith("@prefix"))
    diff = difflib.unified_diff(old.splitlines(), new.splitlines(), "hand-written", "pyoxigraph",
                                n=0, lineterm="")
    for line in list(diff)[2:26]:
        print("    " + (line if len(line) <= 150 else line[:150] + "…"))


if __name__ == "__main__":
    sys.exit(main(sys.argv))

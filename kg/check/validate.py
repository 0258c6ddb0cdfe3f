"""SHACL validation of the data graph, with a report that is the same on every run.

* ``validate_files`` (``kg validate``) and ``kg.check.validate_nt.validate_rows``
  (the build, chunk by chunk) run pyshacl-turbo, a Rust engine with pyshacl's
  API, with the shapes compiled once (``compiled_shapes``): 0.2 s at 10,000
  triples, 3.4 s at 100,000.
* ``validate_reference`` runs pyshacl, the reference implementation, on the data
  alone (no ontology: its OWL axioms make SHACL engines slow and the shapes do
  not rely on inferred types) with ``inference='none'``.  It is slow — the
  SHACL-SPARQL constraints are evaluated per focus node by rdflib's SPARQL
  engine: 8 s at 10,000 triples, about 100 s at 100,000.  Nothing in the build
  or the CLI runs it: it is the independent oracle of the tests, which check
  that the production engine's results are identical to pyshacl's on our shapes
  (focus, path, value, severity, source shape, constraint component and
  message) on every fixture graph, on synthetic graphs with injected errors and
  on the seeds.  The engines' SPARQL functions differ on nonsense arguments
  (SUBSTR from a negative position or with a negative length), so SPARQL
  constraints must rule those out first.

Both return results built from the engine's W3C report graph
(``results_from_graph``), so nothing else depends on which engine ran.
``Report.conforms`` means "no Violation" (warnings and infos do not fail a
build); ``to_graph`` writes a standard ``sh:ValidationReport`` without blank
nodes, its ``sh:conforms`` keeping SHACL's meaning (no result at all).
"""

from __future__ import annotations

import hashlib
import re
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kg.terms.namespaces import BASE, PREFIXES, shorten

REPORT_NS = BASE + "id/report/"
REPORT_IRI = URIRef(REPORT_NS + "shacl")
SEVERITIES = ("Violation", "Warning", "Info")

# SHACL path forms, as (predicate in the shapes graph, suffix in SPARQL syntax)
_PATH_UNARY = {SH.inversePath: "^", SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+",
               SH.zeroOrOnePath: "?"}


@dataclass(frozen=True)
class Result:
    """One validation result; ``path`` is a SPARQL property path with full IRIs."""

    focus: Node
    path: str | None
    value: Node | None
    severity: str
    source_shape: URIRef
    constraint: URIRef
    message: str

    def sort_key(self) -> tuple:
        return (SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 9,
                self.focus.n3(), self.path or "", self.source_shape.n3(), self.constraint.n3(),
                "" if self.value is None else self.value.n3(), self.message)

    def iri(self) -> URIRef:
        """A name minted from the result's fields: the same result, the same IRI."""
        text = "\x1f".join((self.focus.n3(), self.path or "",
                            "" if self.value is None else self.value.n3(), self.severity,
                            self.source_shape.n3(), self.constraint.n3(), self.message))
        return URIRef(REPORT_NS + "result-" + hashlib.sha1(text.encode()).hexdigest()[:16])


@dataclass
class Report:
    """Validation results, sorted (Violations first, then by focus node, path, shape…)."""

    results: list[Result] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.results = sorted(set(self.results), key=Result.sort_key)

    @property
    def conforms(self) -> bool:
        return not any(r.severity == "Violation" for r in self.results)

    def count(self, severity: str) -> int:
        return sum(1 for r in self.results if r.severity == severity)

    def to_graph(self) -> Graph:
        """A W3C ``sh:ValidationReport``; result and path nodes are IRIs, not blank nodes."""
        g = Graph()
        g.bind("sh", SH)
        g.add((REPORT_IRI, RDF.type, SH.ValidationReport))
        g.add((REPORT_IRI, SH.conforms, Literal(not self.results)))
        for r in self.results:
            node = r.iri()
            g.add((REPORT_IRI, SH.result, node))
            g.add((node, RDF.type, SH.ValidationResult))
            g.add((node, SH.focusNode, r.focus))
            if r.path is not None:
                g.add((node, SH.resultPath, _path_to_rdf(g, parse_path(r.path))))
            if r.value is not None:
                g.add((node, SH.value, r.value))
            g.add((node, SH.resultSeverity, SH[r.severity]))
            g.add((node, SH.sourceShape, r.source_shape))
            g.add((node, SH.sourceConstraintComponent, r.constraint))
            if r.message:
                g.add((node, SH.resultMessage, Literal(r.message)))
        return g

    def summary(self, source_lines: dict[str, str] | None = None) -> str:
        """Readable text, one result per paragraph, with the source line where known.

        ``source_lines`` maps focus IRIs to ``file:line``; a part of an entry
        (``…/entry/{id}/citation/2``) is placed at the line of the nearest
        IRI above it in the map.
        """
        lines = source_lines or {}
        v, w, i = self.count("Violation"), self.count("Warning"), self.count("Info")
        head = "SHACL validation: " + ("conforms" if self.conforms else "does NOT conform")
        out = [f"{head} — {_plural(v, 'violation')}, {_plural(w, 'warning')}, "
               f"{_plural(i, 'info')}"]
        for r in self.results:
            where = _source_line(r.focus, lines)
            parts = [r.severity, *([where] if where else []), _short(r.focus)]
            if r.path:
                parts.append(f"path {_short_path(r.path)}")
            if r.value is not None and r.value != r.focus:
                parts.append(f"value {_short(r.value)}")
            out.append("  ".join(parts))
            out.append(f"    {r.message or '(no message)'}  [{_short(r.source_shape)}, "
                       f"{_short(r.constraint)}]")
        return "\n".join(out) + "\n"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _source_line(focus: Node, lines: dict[str, str]) -> str | None:
    if not isinstance(focus, URIRef):
        return None
    key = str(focus)
    while key not in lines:
        if "/" not in key:
            return None
        key = key.rsplit("/", 1)[0]
    return lines[key]


# the report also names SHACL terms and our shapes
_REPORT_PREFIXES = {**{p: str(n) for p, n in PREFIXES.items()},
                    "sh": str(SH), "xxjsh": BASE + "shapes#"}


def _short(node: Node) -> str:
    if isinstance(node, URIRef):
        return shorten(str(node), _REPORT_PREFIXES) or f"<{node}>"
    if isinstance(node, Literal):
        text = Literal(str(node)).n3()
        if len(text) > 80:
            text = text[:77] + "…\""
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None:
            return f"{text}^^{_short(node.datatype)}"
        return text
    return node.n3()


def _short_path(path: str) -> str:
    return re.sub(r"<([^>]*)>", lambda m: _short(URIRef(m.group(1))), path)


# --------------------------------------------------------------------------- paths

def path_to_sparql(g: Graph, node: Node) -> str:
    """A SHACL path (as found in a report or shapes graph) in SPARQL syntax.

    A node without path structure is a predicate; structure may hang off blank
    nodes (engine reports) or minted IRIs (``Report.to_graph``).
    """
    if isinstance(node, URIRef) and (node, None, None) not in g:
        return f"<{node}>"
    for pred, op in _PATH_UNARY.items():
        inner = g.value(node, pred)
        if inner is not None:
            text = path_to_sparql(g, inner)
            return f"^{text}" if op == "^" else f"{text}{op}"
    alt = g.value(node, SH.alternativePath)
    if alt is not None:
        return "(" + "|".join(path_to_sparql(g, x) for x in Collection(g, alt)) + ")"
    if (node, RDF.first, None) in g:
        return "(" + "/".join(path_to_sparql(g, x) for x in Collection(g, node)) + ")"
    if isinstance(node, URIRef):
        return f"<{node}>"
    raise ValueError(f"not a SHACL path: {node.n3()}")


def parse_path(text: str):
    """Inverse of ``path_to_sparql``: a nested (op, args) tree with URIRef leaves."""
    pos = 0

    def primary():
        nonlocal pos
        if text.startswith("^", pos):
            pos += 1
            node: tuple | URIRef = ("^", primary())
        elif text.startswith("<", pos):
            end = text.index(">", pos)
            node = URIRef(text[pos + 1:end])
            pos = end + 1
        elif text.startswith("(", pos):
            pos += 1
            items, sep = [primary()], None
            while text.startswith(("/", "|"), pos):
                if sep is not None and text[pos] != sep:
                    raise ValueError(f"bad path {text!r}: mixed / and | need parentheses")
                sep = text[pos]
                pos += 1
                items.append(primary())
            if not text.startswith(")", pos):
                raise ValueError(f"bad path {text!r}")
            pos += 1
            node = (sep or "/", items)
        else:
            raise ValueError(f"bad path {text!r}")
        while pos < len(text) and text[pos] in "*+?":
            node = (text[pos], node)
            pos += 1
        return node

    tree = primary()
    if pos != len(text):
        raise ValueError(f"bad path {text!r}")
    return tree


def _path_to_rdf(g: Graph, tree) -> Node:
    """Write a path tree with IRIs minted from its text instead of blank nodes."""
    if isinstance(tree, URIRef):
        return tree
    key = repr(tree)
    node = URIRef(REPORT_NS + "path-" + hashlib.sha1(key.encode()).hexdigest()[:16])
    op, arg = tree
    if op in ("/", "|"):
        items = [_path_to_rdf(g, x) for x in arg]
        cells = [URIRef(f"{node}-{i}") for i in range(len(items))]
        for i, (cell, item) in enumerate(zip(cells, items, strict=True)):
            g.add((cell, RDF.first, item))
            g.add((cell, RDF.rest, cells[i + 1] if i + 1 < len(cells) else RDF.nil))
        if op == "/":
            return cells[0]
        g.add((node, SH.alternativePath, cells[0]))
        return node
    pred = {v: k for k, v in _PATH_UNARY.items()}[op]
    g.add((node, pred, _path_to_rdf(g, arg)))
    return node


# --------------------------------------------------------------------------- reading reports

def _shape_name(report: Graph, shapes: Graph, node: Node) -> URIRef:
    """An IRI shape as is; a blank-node shape named by a hash of its description."""
    if isinstance(node, URIRef):
        return node
    src = report if (node, None, None) in report else shapes
    text = _describe(src, node, set())
    return URIRef(REPORT_NS + "shape-" + hashlib.sha1(text.encode()).hexdigest()[:16])


def _describe(g: Graph, node: Node, seen: set) -> str:
    if not isinstance(node, BNode):
        return node.n3()
    if node in seen:
        return "[…]"
    seen = seen | {node}
    return "[" + " ; ".join(sorted(f"{p.n3()} {_describe(g, o, seen)}"
                                   for p, o in g.predicate_objects(node))) + "]"


def results_from_graph(report: Graph, shapes: Graph) -> list[Result]:
    """The results of a W3C validation report graph, engine-neutral."""
    out: list[Result] = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(node, SH.resultSeverity)
        path = report.value(node, SH.resultPath)
        messages = sorted({str(m) for m in report.objects(node, SH.resultMessage)})
        focus, shape = report.value(node, SH.focusNode), report.value(node, SH.sourceShape)
        constraint = report.value(node, SH.sourceConstraintComponent)
        assert focus is not None and shape is not None and isinstance(constraint, URIRef)
        out.append(Result(
            focus=focus,
            path=None if path is None else path_to_sparql(report, path),
            value=report.value(node, SH.value),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            source_shape=_shape_name(report, shapes, shape),
            constraint=constraint,
            message=" / ".join(messages),
        ))
    return out


# --------------------------------------------------------------------------- engines

def _as_graph(data: Graph | Iterable[tuple[Node, Node, Node]]) -> Graph:
    """SHACL engines want an rdflib Graph; the build may hold a plain set of triples."""
    if isinstance(data, Graph):
        return data
    g = Graph()
    for t in data:
        g.add(t)
    return g


def validate_reference(data: Graph | Iterable[tuple[Node, Node, Node]], shapes: Graph
                       ) -> Report:
    """pyshacl on the data alone (no ontology, no inference): the tests' oracle."""
    import pyshacl

    _, report, _ = pyshacl.validate(_as_graph(data), shacl_graph=shapes, inference="none",
                                    abort_on_first=False, meta_shacl=False, debug=False)
    return Report(results_from_graph(report, shapes))


__all__ = ["Report", "Result", "validate_reference", "results_from_graph",
           "path_to_sparql", "parse_path", "REPORT_NS", "validate_files", "compiled_shapes",
           "shapes_digest", "InputError"]


# --------------------------------------------------------------------------- compiled shapes

_COMPILED: dict[str, object] = {}
_DIGESTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def shapes_digest(shapes: Graph) -> str:
    """A hash of the shapes graph's content (blank nodes by their labels in this graph).

    Remembered per graph object while its size is unchanged, so that validating
    hundreds of chunks with one graph does not hash it hundreds of times.
    """
    size = len(shapes)
    hit = _DIGESTS.get(shapes)
    if hit is not None and hit[0] == size:
        return hit[1]
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in shapes)
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    _DIGESTS[shapes] = (size, digest)
    return digest


def compiled_shapes(shapes: Graph):
    """pyshacl-turbo's compiled form of ``shapes``, cached by their content (not by
    ``id()``, which a new graph can reuse once the old one is gone)."""
    import pyshacl_turbo

    key = shapes_digest(shapes)
    if key not in _COMPILED:
        _COMPILED[key] = pyshacl_turbo.CompiledShapes(shapes)
    return _COMPILED[key]


# --------------------------------------------------------------------------- files

TURBO_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld",
                 ".trig": "trig"}


class InputError(Exception):
    """A file that cannot be validated; ``str()`` is one line (``file:line:col: error: …``)."""


def read_for_validation(paths: Sequence[Path]) -> tuple[str, str]:
    """The data as (text, format) for pyshacl-turbo.

    One file is passed as it is, in its own syntax; several files are
    converted to one N-Quads text (pyoxigraph reads them; language tags are
    written in their published case, which pyoxigraph's reader loses).
    """
    for p in paths:
        if p.suffix.lower() not in TURBO_FORMATS:
            raise InputError(f"{p}: error: cannot validate a {p.suffix or 'extensionless'} "
                             f"file (expected one of {', '.join(sorted(TURBO_FORMATS))})")
        if p.is_dir():
            raise InputError(f"{p}: error: is a folder, not an RDF file")
        if not p.is_file():
            raise InputError(f"{p}: error: no such file")
    if len(paths) == 1:
        p = paths[0]
        return _read_text(p), TURBO_FORMATS[p.suffix.lower()]
    import pyoxigraph as ox

    from kg.query.engine import _ox_term
    from kg.query.store import DataError, rdf_format

    out: list[str] = []
    for p in paths:
        try:
            for q in ox.parse(path=str(p), format=rdf_format(p)):
                out.append(" ".join(_ox_term(x).nt() for x in (q.subject, q.predicate, q.object))
                           + " .\n")
        except SyntaxError as exc:
            from kg.query.store import _syntax_message

            raise InputError(_syntax_message(p, exc)) from None
        except (OSError, DataError) as exc:
            raise InputError(f"{p}: error: cannot read: {exc}") from None
    return "".join(out), "nquads"


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: error: not UTF-8 (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{path}: error: cannot read: {exc.strerror or exc}") from None


_PARSE_POSITION = re.compile(r"line (\d+)(?: between columns (\d+)| column (\d+))")


def validate_files(paths: Sequence[Path], shapes: Graph,
                   read: tuple[str, str] | None = None) -> Report:
    """Validate RDF files with pyshacl-turbo and the compiled shapes (seconds, not minutes).

    ``read`` is what ``read_for_validation(paths)`` returned, when the caller
    has it already.  A file that cannot be read or parsed raises InputError; an ill-typed literal
    (``"1082-13-45"^^xsd:date``) is a Violation of the shape's datatype, as SHACL
    says, never an exception.
    """
    import logging

    from pyshacl_turbo.rdf import Input

    text, fmt = read or read_for_validation(paths)
    logger = logging.getLogger("rdflib.term")  # rdflib logs ill-typed literals with a traceback
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        compiled = compiled_shapes(shapes)
    except ValueError as exc:
        raise InputError(f"kg: error: the shapes cannot be used: {' '.join(str(exc).split())[:200]}"
                         ) from None
    try:
        try:
            _, report, _ = compiled.validate(Input(text, fmt, None, {}, {}))
        except ValueError as exc:
            message = " ".join(str(exc).split())
            m = _PARSE_POSITION.search(message)
            where = f"{paths[0]}:{m.group(1)}:{m.group(2) or m.group(3)}" if m and \
                len(paths) == 1 else str(paths[0])
            message = re.sub(r"^RDF parse error: Parser error at line \d+ "
                             r"(between columns \d+ and \d+|column \d+): ", "", message)
            raise InputError(f"{where}: error: {message[:200]}") from None
        return Report(results_from_graph(report, shapes))
    finally:
        logger.setLevel(level)

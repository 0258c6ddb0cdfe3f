"""SPARQL 1.1 over the dataset: pyoxigraph by default, rdflib as the fallback.

Both engines' answers are turned into one neutral form (variables + rows of
terms) before anything is printed, so the output depends on the data and the
query only — not on the engine, the store's insertion order or hash seeds:

* rows keep the order of the query's own top-level ``ORDER BY``; without one
  they are sorted (by each column's N-Triples form), since SPARQL then leaves
  the order open;
* blank nodes are renamed ``_:b0``, ``_:b1``, … in order of appearance;
* CSV, TSV and JSON follow the SPARQL 1.1 Query Results formats; ``table``
  prints aligned columns (CJK characters count two columns wide) with IRIs
  shortened by the project's prefixes; CONSTRUCT/DESCRIBE answers are sorted
  N-Triples whatever ``fmt`` says.

Queries may use the project prefixes (``xxj:``, ``xxjd:``, ``crm:`` …) without
declaring them; their own PREFIX lines win.  A syntax error raises
``QueryError`` with the line and column (1-based) the engine reports.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.namespaces import PREFIXES
from kg.store import load_files, open_store

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
FORMATS = ("table", "csv", "tsv", "json")
ENGINES = ("oxigraph", "rdflib")


class QueryError(ValueError):
    """A query the engine cannot parse; ``str()`` is ``line:column: message``."""

    def __init__(self, message: str, line: int, column: int, engine: str):
        super().__init__(message)
        self.message, self.line, self.column, self.engine = message, line, column, engine

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True, order=True)
class Term:
    """An RDF term independent of the engine: kind is 'uri', 'bnode', 'literal' or 'triple'."""

    kind: str
    value: str
    datatype: str = ""  # literals only; xsd:string for simple literals
    lang: str = ""

    def nt(self) -> str:
        """N-Triples form (also SPARQL/Turtle syntax)."""
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        if self.kind == "triple":
            return f"<< {self.value} >>"
        text = '"' + _escape(self.value) + '"'
        if self.lang:
            return f"{text}@{self.lang}"
        if self.datatype and self.datatype != XSD + "string":
            return f"{text}^^<{self.datatype}>"
        return text


def _escape(s: str) -> str:
    return (s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            .replace("\r", "\\r").replace("\t", "\\t"))


@dataclass
class Answer:
    """The neutral form of an answer: one of rows (SELECT), boolean (ASK), triples."""

    form: str                                 # 'select' | 'ask' | 'graph'
    variables: list[str]
    rows: list[list[Term | None]]
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] | None = None


# --------------------------------------------------------------------------- query text

_TOKEN = re.compile(r'''
    (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<open>\{) | (?P<close>\})
  | (?P<order>\bORDER\s+BY\b)
''', re.VERBOSE | re.IGNORECASE | re.DOTALL)


def has_top_level_order_by(query: str) -> bool:
    """Whether the outermost query has an ORDER BY (not one inside a subquery)."""
    depth = 0
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
        elif kind == "order" and depth == 0:
            return True
    return False


# --------------------------------------------------------------------------- engines

def normalise_lang(tag: str) -> str:
    """BCP 47 case conventions (zh-Hant, zh-Latn-pinyin, en-GB).

    oxigraph lower-cases language tags and rdflib keeps them as written; both
    engines' answers use this one form.
    """
    parts = tag.split("-")
    out = [parts[0].lower()]
    for i, part in enumerate(parts[1:], 1):
        if len(parts[i - 1]) == 1:  # after a singleton (x-, u-): leave lower case
            out.append(part.lower())
        elif len(part) == 4 and part.isalpha():
            out.append(part.title())
        elif len(part) == 2 and part.isalpha():
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def _ox_term(t) -> Term:
    if isinstance(t, ox.NamedNode):
        return Term("uri", t.value)
    if isinstance(t, ox.BlankNode):
        return Term("bnode", t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return Term("literal", t.value, RDF_LANGSTRING, normalise_lang(t.language))
        return Term("literal", t.value, t.datatype.value)
    if isinstance(t, ox.Triple):
        inner = " ".join(_ox_term(x).nt() for x in (t.subject, t.predicate, t.object))
        return Term("triple", inner)
    raise TypeError(f"unexpected term {t!r}")


_OX_ERROR = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.DOTALL)


def _short_message(text: str) -> str:
    """oxigraph lists every expected character class; keep what a person can read."""
    text = " ".join(text.split())
    if "Prefix not found" in text:
        return "prefix not found (declare it with PREFIX)"
    return text if len(text) <= 160 else text[:157] + "..."


def _position(query: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = query.count("\n", 0, offset) + 1
    return line, offset - (query.rfind("\n", 0, offset) + 1) + 1


def _run_oxigraph(query: str, store: ox.Store) -> Answer:
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    try:
        result = store.query(query, prefixes=prefixes, use_default_graph_as_union=True)
    except SyntaxError as exc:
        text = str(exc)
        m = _OX_ERROR.search(text)
        if m:
            line, col, message = int(m.group(1)), int(m.group(2)), _short_message(m.group(3))
            if "prefix not found" in message:
                before = query.split("\n")[line - 1][: col - 1]
                pname = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", before)
                if pname:
                    message = f"prefix not found: {pname.group(1) or ''} (declare it with PREFIX)"
                    col = pname.start() + 1
            raise QueryError(message, line, col, "oxigraph") from None
        raise QueryError(_short_message(text), 1, 1, "oxigraph") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", [], [], boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        triples = [(_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object))
                   for t in result]
        return Answer("graph", [], [], triples=triples)
    variables = [v.value for v in result.variables]
    rows = [[None if sol[i] is None else _ox_term(sol[i]) for i in range(len(variables))]
            for sol in result]
    return Answer("select", variables, rows)


def _rdflib_term(t) -> Term:
    from rdflib import BNode, Literal, URIRef

    if isinstance(t, URIRef):
        return Term("uri", str(t))
    if isinstance(t, BNode):
        return Term("bnode", str(t))
    if isinstance(t, Literal):
        if t.language:
            return Term("literal", str(t), RDF_LANGSTRING, normalise_lang(t.language))
        return Term("literal", str(t), str(t.datatype) if t.datatype else XSD + "string")
    raise TypeError(f"unexpected term {t!r}")


def _rdflib_dataset(paths: list[Path]):
    """A Graph for triple files; a union Dataset only when quads are involved."""
    from rdflib import Dataset, Graph

    names = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig"}
    formats = []
    for p in paths:
        fmt = names.get(p.suffix.lower())
        if fmt is None:
            raise ValueError(f"{p}: unknown RDF file extension {p.suffix!r}")
        formats.append(fmt)
    g = Dataset(default_union=True) if {"nquads", "trig"} & set(formats) else Graph()
    for p, fmt in zip(paths, formats, strict=True):
        g.parse(p, format=fmt)
    return g


def _run_rdflib(query: str, ds) -> Answer:
    from pyparsing import ParseException

    try:
        result = ds.query(query, initNs={p: ns for p, ns in PREFIXES.items()})
    except ParseException as exc:
        raise QueryError(exc.msg, exc.lineno, exc.col, "rdflib") from None
    except Exception as exc:  # rdflib raises a bare Exception for an unknown prefix
        m = re.match(r"Unknown namespace prefix : (\S+)", str(exc))
        if not m:
            raise
        hit = re.search(r"(?<![\w?$])" + re.escape(m.group(1)) + ":", query)
        line, col = _position(query, hit.start() if hit else 0)
        raise QueryError(f"prefix not found: {m.group(1)} (declare it with PREFIX)", line, col,
                         "rdflib") from None
    if result.type == "ASK":
        return Answer("ask", [], [], boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        triples = [(_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)) for s, p, o in result]
        return Answer("graph", [], [], triples=triples)
    variables = [str(v) for v in result.vars]
    rows = [[None if row[i] is None else _rdflib_term(row[i]) for i in range(len(variables))]
            for row in result]
    return Answer("select", variables, rows)


def execute(query: str, *, store: ox.Store | None = None, data: list[Path] | None = None,
            engine: str = "oxigraph") -> Answer:
    """Run ``query`` and return the neutral, deterministic answer."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (expected one of {', '.join(ENGINES)})")
    if store is None and data is None:
        raise ValueError("give a store or data files")
    if engine == "oxigraph":
        if store is None:
            store = open_store(None)
            load_files(store, data or [])
        answer = _run_oxigraph(query, store)
    else:
        with warnings.catch_warnings():  # rdflib 7.6 deprecation noise on union Datasets
            warnings.simplefilter("ignore", DeprecationWarning)
            if data is not None:
                ds = _rdflib_dataset(list(data))
            else:
                from rdflib import Dataset

                ds = Dataset(default_union=True)
                ds.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
            answer = _run_rdflib(query, ds)
    return _normalise(answer, keep_order=has_top_level_order_by(query))


def _normalise(answer: Answer, keep_order: bool) -> Answer:
    """Blank nodes renamed in order of appearance; rows sorted unless ORDER BY says."""
    if answer.form == "select":
        if not keep_order:
            answer.rows.sort(key=lambda r: [("", "") if t is None else (t.kind, t.nt())
                                            for t in r])
        labels: dict[str, str] = {}
        answer.rows = [[_relabel(t, labels) for t in r] for r in answer.rows]
    elif answer.form == "graph":
        labels = {}
        # order-independent renaming first needs an order: sort by the non-blank parts
        triples = sorted(answer.triples or [], key=lambda t: tuple(
            ("_:" if x.kind == "bnode" else x.nt()) for x in t))
        answer.triples = sorted({tuple(_relabel(x, labels) for x in t) for t in triples},
                                key=lambda t: tuple(x.nt() for x in t))
    return answer


def _relabel(t: Term | None, labels: dict[str, str]) -> Term | None:
    if t is None or t.kind != "bnode":
        return t
    if t.value not in labels:
        labels[t.value] = f"b{len(labels)}"
    return Term("bnode", labels[t.value])


# --------------------------------------------------------------------------- output

def _csv_field(t: Term | None) -> str:
    if t is None:
        return ""
    text = f"_:{t.value}" if t.kind == "bnode" else t.value
    if any(c in text for c in '",\r\n') or text != text.strip():
        return '"' + text.replace('"', '""') + '"'
    return text


_TSV_BARE = {
    XSD + "integer": re.compile(r"^[+-]?[0-9]+$"),
    XSD + "decimal": re.compile(r"^[+-]?[0-9]*\.[0-9]+$"),
    XSD + "boolean": re.compile(r"^(true|false)$"),
}


def _tsv_field(t: Term | None) -> str:
    if t is None:
        return ""
    if t.kind == "literal" and not t.lang:
        bare = _TSV_BARE.get(t.datatype)
        if bare is not None and bare.match(t.value):
            return t.value
    return t.nt()


def _json_term(t: Term) -> dict:
    if t.kind == "uri":
        return {"type": "uri", "value": t.value}
    if t.kind == "bnode":
        return {"type": "bnode", "value": t.value}
    if t.kind == "triple":
        return {"type": "triple", "value": t.value}
    out: dict = {"type": "literal", "value": t.value}
    if t.lang:
        out["xml:lang"] = t.lang
    elif t.datatype and t.datatype != XSD + "string":
        out["datatype"] = t.datatype
    return out


def _short(t: Term | None) -> str:
    """Readable form for the table: prefixed IRIs, plain strings, @lang kept."""
    if t is None:
        return ""
    if t.kind == "uri":
        for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(str(kv[1]))):
            if t.value.startswith(str(ns)) and len(t.value) > len(str(ns)):
                return f"{prefix}:{t.value[len(str(ns)):]}"
        return f"<{t.value}>"
    if t.kind == "bnode":
        return f"_:{t.value}"
    if t.kind == "literal":
        text = t.value.replace("\n", "\\n").replace("\t", "\\t")
        return f"{text}@{t.lang}" if t.lang else text
    return t.nt()


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _table(variables: list[str], rows: list[list[Term | None]]) -> str:
    cells = [[_short(t) for t in r] for r in rows]
    widths = [max([_width(v)] + [_width(r[i]) for r in cells]) for i, v in enumerate(variables)]

    def line(values: list[str]) -> str:
        return "  ".join(v + " " * (w - _width(v)) for v, w in zip(values, widths,
                                                                    strict=True)).rstrip()

    out = [line(variables), line(["-" * w for w in widths])]
    out += [line(r) for r in cells]
    n = len(rows)
    out.append(f"({n} row{'s' if n != 1 else ''})")
    return "\n".join(out) + "\n"


def render(answer: Answer, fmt: str = "table") -> str:
    """The answer as text in one of FORMATS."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if answer.form == "graph":
        return "".join(" ".join(x.nt() for x in t) + " .\n" for t in answer.triples or [])
    if answer.form == "ask":
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": answer.boolean}) + "\n"
        return ("true" if answer.boolean else "false") + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        buf.write(",".join(answer.variables) + "\r\n")
        for r in answer.rows:
            buf.write(",".join(_csv_field(t) for t in r) + "\r\n")
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in answer.variables)]
        lines += ["\t".join(_tsv_field(t) for t in r) for r in answer.rows]
        return "\n".join(lines) + "\n"
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(answer.variables, r, strict=True)
                     if t is not None} for r in answer.rows]
        doc = {"head": {"vars": answer.variables}, "results": {"bindings": bindings}}
        return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
    return _table(answer.variables, answer.rows)


def run_query(query: str, *, store: ox.Store | None = None, data: list[Path] | None = None,
              fmt: str = "table", engine: str = "oxigraph") -> str:
    """Answer a SELECT / ASK / CONSTRUCT / DESCRIBE query as text (see module docstring)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    return render(execute(query, store=store, data=data, engine=engine), fmt)


def select_rows(query: str, *, store: ox.Store | None = None, data: list[Path] | None = None,
                engine: str = "oxigraph") -> list[dict[str, str]]:
    """SELECT answers as dicts: IRI or lexical form per bound variable (for tests)."""
    answer = execute(query, store=store, data=data, engine=engine)
    if answer.form != "select":
        raise ValueError(f"not a SELECT query (a {answer.form} query)")
    return [{v: (f"_:{t.value}" if t.kind == "bnode" else t.value)
             for v, t in zip(answer.variables, r, strict=True) if t is not None}
            for r in answer.rows]


__all__ = ["run_query", "select_rows", "execute", "render", "QueryError", "Term", "Answer",
           "has_top_level_order_by", "FORMATS", "ENGINES"]

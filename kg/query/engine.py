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
  shortened by the project's prefixes.  CONSTRUCT/DESCRIBE answers are sorted
  triples: JSON-LD for ``json``, Turtle for ``turtle``, N-Triples for
  ``ntriples`` and ``table``, and subject/predicate/object rows for ``csv``/``tsv``;
* language tags are printed as published (``zh-Hant``, ``zh-Latn-pinyin``):
  oxigraph lower-cases them when it reads the data, so ``lang()`` is answered by
  one function in both engines that gives the BCP 47 form, and
  ``FILTER(lang(?l) = "zh-Hant")`` finds the same rows everywhere (``langMatches``
  is the comparison SPARQL means for tags, and is case-insensitive).

Queries may use the project prefixes (``xxj:``, ``xxjd:``, ``crm:`` …) without
declaring them; their own PREFIX lines win.  A syntax error raises
``QueryError`` with the line and column (1-based) the engine reports.
``check_query`` bounds the size and nesting of a query before any engine
parses it (both engines' parsers recurse, and overflow the stack on a
5,000-deep group or a 10,000-branch UNION) and refuses what would reach the
network (SERVICE) or change data (LOAD and every other update).
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from kg.query.store import DataError, load_files, open_store
from kg.terms.namespaces import PREFIXES, shorten

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
FORMATS = ("table", "csv", "tsv", "json", "turtle", "ntriples")
GRAPH_ONLY = ("turtle", "ntriples")
ENGINES = ("oxigraph", "rdflib")


class QueryError(ValueError):
    """A query refused or not understood; ``str()`` is ``line:column: message``.

    ``line`` is 0 when the message is about the query as a whole (its size).
    """

    def __init__(self, message: str, line: int, column: int, engine: str):
        super().__init__(message)
        self.message, self.line, self.column, self.engine = message, line, column, engine

    def __reduce__(self):  # sent back from the child process that ran the engine
        return (QueryError, (self.message, self.line, self.column, self.engine))

    def __str__(self) -> str:
        if not self.line:
            return self.message
        return f"{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class Limits:
    """Bounds on a query: checked before parsing (size, depth) and while answering.

    0 means "no limit" for ``max_rows``; the CLI enforces ``timeout`` and
    ``max_memory_mb`` by running the engine in a child process it can stop.
    """

    max_chars: int = 100_000  # characters of the query text
    max_depth: int = 100  # nesting of { } groups and ( ) expressions
    max_operators: int = 2_000  # UNION, OPTIONAL, MINUS, || and && together
    max_rows: int = 100_000  # rows of a SELECT, triples of a CONSTRUCT
    timeout: float = 60.0  # seconds
    max_memory_mb: int = 2_000  # of the child process that answers
    allow_service: bool = False  # SERVICE and LOAD reach the network: off unless asked


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
    truncated: bool = False                   # stopped at Limits.max_rows


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


_LEX = re.compile(r'''
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>(?:[^\W\d_][\w.-]*)?:[\w.:%\\-]*)
  | (?P<word>[^\W\d][\w-]*)
  | (?P<op>\|\||&&)
  | (?P<open>[{(\[]) | (?P<close>[})\]])
  | (?P<other>.)
''', re.VERBOSE | re.DOTALL)

UPDATES = frozenset({"LOAD", "INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE",
                     "COPY"})
_OPERATORS = frozenset({"UNION", "OPTIONAL", "MINUS", "||", "&&"})
LANG_FN = "urn:x-kg-fn:lg"  # our lang(): the tag in its published case
_LANG_PREFIX = "\u0141"     # 'Ł:lg' is as long as 'lang': columns of errors stay right


def _tokens(query: str):
    for m in _LEX.finditer(query):
        if m.lastgroup not in ("ws", "comment"):
            yield m


def check_query(query: str, limits: Limits | None = None) -> None:
    """Refuse, before any parser sees it, a query that is too large or deep, that
    reaches the network (SERVICE, unless ``limits.allow_service``) or that is an
    update (LOAD, INSERT …: ``kg query`` never changes the data)."""
    limits = limits or Limits()
    if limits.max_chars and len(query) > limits.max_chars:
        raise QueryError(f"the query is {len(query):,} characters long, over the limit of "
                         f"{limits.max_chars:,} (--max-query-chars)", 0, 0, "check")
    depth = operators = 0
    for m in _tokens(query):
        kind, text = m.lastgroup, m.group()
        if kind == "open":
            depth += 1
            if limits.max_depth and depth > limits.max_depth:
                raise QueryError(f"nested deeper than {limits.max_depth} levels of groups, "
                                 "parentheses or brackets: refused before parsing "
                                 "(--max-depth)", *_position(query, m.start()), "check")
        elif kind == "close":
            depth -= 1
        elif kind in ("word", "op"):
            upper = text.upper()
            if upper in _OPERATORS:
                operators += 1
                if limits.max_operators and operators > limits.max_operators:
                    raise QueryError(f"more than {limits.max_operators:,} UNION, OPTIONAL, "
                                     "MINUS, || and && operators: refused before parsing "
                                     "(--max-operators)", *_position(query, m.start()),
                                     "check")
            elif upper == "SERVICE" and not limits.allow_service:
                raise QueryError("SERVICE would send the query to another endpoint over the "
                                 "network: refused (give --allow-service to allow it)",
                                 *_position(query, m.start()), "check")
            elif upper in UPDATES:
                raise QueryError(f"{upper} is a SPARQL Update: refused (kg query only reads "
                                 "the data)", *_position(query, m.start()), "check")


def rewrite_lang(query: str) -> str:
    """Replace ``lang(x)`` by our function (same length), except as the first argument
    of ``langMatches``, which compares tags case-insensitively already."""
    out, last = [], 0
    previous: list[str] = []
    toks = list(_tokens(query))
    for i, m in enumerate(toks):
        text = m.group()
        if (m.lastgroup == "word" and text.upper() == "LANG" and i + 1 < len(toks)
                and toks[i + 1].group() == "("
                and previous[-2:] != ["LANGMATCHES", "("]):
            out.append(query[last:m.start()])
            out.append(f"{_LANG_PREFIX}:lg")
            last = m.end()
        previous.append(text.upper())
    out.append(query[last:])
    return "".join(out)


def _prefix_map() -> dict[str, str]:
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    prefixes[_LANG_PREFIX] = LANG_FN[:-2]
    return prefixes


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


def _ox_term(t, memo: dict | None = None) -> Term:
    if memo is not None:
        hit = memo.get(t)
        if hit is None:
            hit = memo[t] = _ox_term(t)
        return hit
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


def _ox_lang(term):
    """lang() for oxigraph: the tag in its published case (oxigraph stores it lower-cased)."""
    if isinstance(term, ox.Literal):
        return ox.Literal(normalise_lang(term.language) if term.language else "")
    return None  # lang() of an IRI or blank node is an error: the expression fails


def _take(iterable, limit: int) -> tuple[list, bool]:
    """At most ``limit`` items (0: all), read lazily; and whether there were more."""
    if not limit:
        return list(iterable), False
    out: list = []
    for item in iterable:
        if len(out) == limit:
            return out, True
        out.append(item)
    return out, False


def _run_oxigraph(query: str, store: ox.Store, max_rows: int = 0) -> Answer:
    try:
        result = store.query(rewrite_lang(query), prefixes=_prefix_map(),
                             use_default_graph_as_union=True,
                             custom_functions={ox.NamedNode(LANG_FN): _ox_lang})
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
    try:
        if isinstance(result, ox.QueryBoolean):
            return Answer("ask", [], [], boolean=bool(result))
        if isinstance(result, ox.QueryTriples):
            got, more = _take(result, max_rows)
            triples = [(_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object))
                       for t in got]
            return Answer("graph", [], [], triples=triples, truncated=more)
        variables = [v.value for v in result.variables]
        got, more = _take(result, max_rows)
        memo: dict = {}  # answers repeat terms: convert each once
        rows = [[None if t is None else _ox_term(t, memo) for t in sol] for sol in got]
        return Answer("select", variables, rows, truncated=more)
    except (OSError, RuntimeError) as exc:  # evaluation errors (SERVICE, I/O)
        raise QueryError(f"the query failed: {_short_message(str(exc))}", 0, 0,
                         "oxigraph") from None


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


RDFLIB_FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig",
                  ".jsonld": "json-ld"}


def _rdflib_dataset(paths: list[Path]):
    """A union Dataset of the files (FROM, FROM NAMED and GRAPH need a dataset)."""
    from rdflib import Dataset

    formats = []
    for p in paths:
        fmt = RDFLIB_FORMATS.get(p.suffix.lower())
        if fmt is None:
            raise DataError(f"{p}: error: unknown RDF file extension {p.suffix!r} (expected one of "
                            f"{', '.join(sorted(RDFLIB_FORMATS))})")
        formats.append(fmt)
    ds = Dataset(default_union=True)
    for p, fmt in zip(paths, formats, strict=True):
        if not p.is_file():
            raise DataError(f"{p}: error: " + ("is a folder, not an RDF file" if p.is_dir()
                                               else "no such file"))
        try:
            ds.parse(p, format=fmt)
        except Exception as exc:  # noqa: BLE001 - rdflib parsers raise many kinds
            raise DataError(f"{p}: error: cannot parse: {' '.join(str(exc).split())[:200]}"
                            ) from None
    return ds


def _rdflib_lang(arg):
    from rdflib import Literal
    from rdflib.plugins.sparql.sparql import SPARQLError

    if not isinstance(arg, Literal):
        raise SPARQLError("lang() of a non-literal")
    return Literal(normalise_lang(arg.language) if arg.language else "")


def _register_rdflib_lang() -> None:
    from rdflib import URIRef
    from rdflib.plugins.sparql.operators import register_custom_function

    # rdflib types every custom function as raw (expression, bindings); without raw=True
    # it calls the function with the evaluated arguments
    register_custom_function(URIRef(LANG_FN), _rdflib_lang, override=True)  # type: ignore[arg-type]


def _run_rdflib(query: str, ds, max_rows: int = 0) -> Answer:
    from pyparsing import ParseException
    from rdflib.plugins import sparql

    sparql.SPARQL_LOAD_GRAPHS = False  # FROM <iri> names a graph of the data, never a URL
    _register_rdflib_lang()
    try:
        result = ds.query(rewrite_lang(query), initNs=_prefix_map())
    except ParseException as exc:
        raise QueryError(exc.msg, exc.lineno, exc.col, "rdflib") from None
    except Exception as exc:  # rdflib raises a bare Exception for an unknown prefix
        m = re.match(r"Unknown namespace prefix : (\S+)", str(exc))
        if not m:
            raise QueryError(f"the query failed: {_short_message(str(exc))}", 0, 0,
                             "rdflib") from None
        hit = re.search(r"(?<![\w?$])" + re.escape(m.group(1)) + ":", query)
        line, col = _position(query, hit.start() if hit else 0)
        raise QueryError(f"prefix not found: {m.group(1)} (declare it with PREFIX)", line, col,
                         "rdflib") from None
    if result.type == "ASK":
        return Answer("ask", [], [], boolean=bool(result.askAnswer))
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        got, more = _take(result, max_rows)
        triples = [(_rdflib_term(s), _rdflib_term(p), _rdflib_term(o)) for s, p, o in got]
        return Answer("graph", [], [], triples=triples, truncated=more)
    variables = [str(v) for v in result.vars]
    got, more = _take(result, max_rows)
    rows = [[None if row[i] is None else _rdflib_term(row[i]) for i in range(len(variables))]
            for row in got]
    return Answer("select", variables, rows, truncated=more)


def rdflib_dataset_of(store: ox.Store):
    """An rdflib union Dataset holding what ``store`` holds (for ``--engine rdflib``)."""
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(data=store.dump(format=ox.RdfFormat.N_QUADS), format="nquads")
    return ds


def execute(query: str, *, store: ox.Store | None = None, data: list[Path] | None = None,
            engine: str = "oxigraph", max_rows: int = 0, dataset=None) -> Answer:
    """Run ``query`` and return the neutral, deterministic answer.

    ``max_rows`` (0: no limit) stops reading answers after that many rows or
    triples (``Answer.truncated`` says so).  ``dataset`` is an rdflib Dataset
    already loaded, for the rdflib engine.  Data files that cannot be read
    raise ``DataError``.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r} (expected one of {', '.join(ENGINES)})")
    if store is None and data is None and dataset is None:
        raise ValueError("give a store or data files")
    if engine == "oxigraph":
        if store is None:
            store = open_store(None)
            load_files(store, data or [])
        answer = _run_oxigraph(query, store, max_rows)
    else:
        with warnings.catch_warnings():  # rdflib 7.6 deprecation noise on union Datasets
            warnings.simplefilter("ignore", DeprecationWarning)
            if dataset is not None:
                ds = dataset
            elif data is not None:
                ds = _rdflib_dataset(list(data))
            else:
                assert store is not None
                ds = rdflib_dataset_of(store)
            answer = _run_rdflib(query, ds, max_rows)
    return _normalise(answer, keep_order=has_top_level_order_by(query))


def _normalise(answer: Answer, keep_order: bool) -> Answer:
    """Blank nodes renamed in order of appearance; rows sorted unless ORDER BY says."""
    if answer.form == "select":
        if not keep_order:
            answer.rows.sort(key=lambda r: [("", "") if t is None else (t.kind, t.nt())
                                            for t in r])
        if any(t is not None and t.kind == "bnode" for r in answer.rows for t in r):
            labels: dict[str, str] = {}
            answer.rows = [[_relabel(t, labels) for t in r] for r in answer.rows]
    elif answer.form == "graph":
        labels = {}
        # order-independent renaming first needs an order: sort by the non-blank parts
        triples = sorted(answer.triples or [], key=lambda t: tuple(
            ("_:" if x.kind == "bnode" else x.nt()) for x in t))
        relabelled = {cast("tuple[Term, Term, Term]", tuple(_relabel(x, labels) for x in t))
                      for t in triples}
        answer.triples = sorted(relabelled, key=lambda t: tuple(x.nt() for x in t))
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
        return shorten(t.value) or f"<{t.value}>"
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


def _graph_text(answer: Answer, fmt: str) -> str:
    """CONSTRUCT/DESCRIBE answers: sorted, in the syntax ``fmt`` names."""
    from kg.graph.serialize import Canonical, jsonld_context

    triples = answer.triples or []
    if fmt in ("table", "ntriples"):
        return "".join(" ".join(x.nt() for x in t) + " .\n" for t in triples)
    if fmt in ("csv", "tsv"):
        rows: list[list[Term | None]] = [list(t) for t in triples]
        return render(Answer("select", ["subject", "predicate", "object"], rows), fmt)
    canon = Canonical((s.nt(), p.nt(), o.nt()) for s, p, o in triples)
    if fmt == "turtle":
        return canon.turtle()
    nodes = canon.jsonld_nodes()  # fmt == "json": JSON-LD
    ctx = json.dumps(jsonld_context()["@context"], ensure_ascii=False, indent=1)
    return '{"@context": ' + ctx + ',\n"@graph": [\n' + ",\n".join(nodes) + "\n]}\n"


def _json_results(answer: Answer) -> str:
    """SPARQL 1.1 JSON results with one binding per line.

    Written row by row with the C encoder: ``json.dumps(indent=…)`` falls back to
    the pure-Python encoder, which spent most of the endpoint's time on answers of
    a few thousand rows, and a row per line still reads and diffs well.
    """
    dump = json.JSONEncoder(ensure_ascii=False).encode
    variables = answer.variables
    # the bytes of json.dumps per row, built from each distinct term's JSON written once:
    # answers repeat their terms (works, years, places) and the rows share Term objects
    written: dict[int, str] = {}

    def term(t: Term) -> str:
        text = written.get(id(t))  # every Term stays referenced by the answer meanwhile
        if text is None:
            text = written[id(t)] = dump(_json_term(t))
        return text

    keys = [dump(v) + ": " for v in variables]
    rows = ["{" + ", ".join(k + term(t) for k, t in zip(keys, r, strict=True) if t is not None)
            + "}" for r in answer.rows]
    head = '{"head": {"vars": ' + dump(variables) + '},\n"results": {"bindings": ['
    if not rows:
        return head + "]}}\n"
    return head + "\n" + ",\n".join(rows) + "\n]}}\n"


def render(answer: Answer, fmt: str = "table") -> str:
    """The answer as text in one of FORMATS."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    if answer.form == "graph":
        return _graph_text(answer, fmt)
    if fmt in GRAPH_ONLY:
        raise ValueError(f"--format {fmt} is for CONSTRUCT and DESCRIBE answers; "
                         f"this is a{'n ASK' if answer.form == 'ask' else ' SELECT'} query "
                         "(use table, csv, tsv or json)")
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
        return _json_results(answer)
    return _table(answer.variables, answer.rows)


def run_query(query: str, *, store: ox.Store | None = None, data: list[Path] | None = None,
              fmt: str = "table", engine: str = "oxigraph") -> str:
    """Answer a SELECT / ASK / CONSTRUCT / DESCRIBE query as text (see module docstring)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
    check_query(query)
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


__all__ = ["run_query", "select_rows", "execute", "render", "check_query", "rewrite_lang",
           "QueryError", "Limits", "Term", "Answer", "has_top_level_order_by", "FORMATS",
           "ENGINES", "GRAPH_ONLY"]

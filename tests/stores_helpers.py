"""Helpers for tests/test_stores.py: start triple-store servers, ask them SPARQL over HTTP,
and compare their answers with those of `kg query` (kg.query.engine, run in process).

Servers listen on 127.0.0.1 only, on free ports chosen at start-up; every wait is bounded.

Result normalisation
--------------------
Every answer (`kg query`, Oxigraph server, Virtuoso) goes through the same
SPARQL 1.1 JSON parser and the same term normaliser, so a difference that survives is a real
one.  Each rule below exists because a store writes the *same* RDF term differently:

* ``typed-literal``: Virtuoso still uses the SPARQL 1.0 JSON type ``typed-literal``; it is read
  as ``literal`` (the datatype is kept and compared).
* Language tags are compared lower-cased (BCP 47 tags are case-insensitive; Oxigraph and
  Virtuoso both lower-case them, other stores keep the case of the data).
* Integers: the lexical form is made canonical (``007`` -> ``7``), and every integer type
  is read as ``xsd:integer``: Virtuoso stores integers as its SQL integer types and
  returns ``xsd:int`` / ``xsd:long`` for ``COUNT`` and ``xsd:integer`` for a derived type
  of the data (``oa:start``'s ``xsd:nonNegativeInteger``).  The value is compared, the
  subtype is not (the dump itself is compared triple for triple elsewhere).
* ``xsd:decimal``: compared as numbers rounded to 12 significant digits (Virtuoso computes
  decimals with 15-19 digits, Oxigraph with 18 fractional digits: ``AVG`` differs at the
  16th digit).
* ``xsd:double`` / ``xsd:float``: compared rounded to 6 significant digits, because Virtuoso
  prints doubles with C's ``%g`` (``13.8571``, ``1.23457e+08``).
* ``xsd:boolean``: ``1``/``0`` (Virtuoso) read as ``true``/``false``.
* Virtuoso returns the value of a boolean *expression* (``?a < ?b``, ``true``) as
  ``xsd:integer`` 1/0.  A result column is read as boolean when the reference column holds
  only ``xsd:boolean`` values and the store's column only integers 0 and 1.
* ``GROUP_CONCAT``: the order of the concatenated values is undefined in SPARQL and
  Oxigraph keeps a common language tag where Virtuoso returns a simple literal; for a
  variable bound by ``GROUP_CONCAT`` the parts are split on the separator, sorted, and the
  tag is dropped, on both sides.  Virtuoso 7.2 also writes every non-ASCII character of
  the separator as ``?`` (``SEPARATOR="、"`` gives ``兀卒?元昊``; the values themselves are
  intact), so its answer is split on that ``?`` form of the separator.  Users of Virtuoso
  see the ``?``: an ASCII separator avoids it.
* ``ASK``: Virtuoso 7.2 answers ``ASK`` with a one-row table ``__ASK_RETVAL`` = 1/0 instead
  of ``{"boolean": ...}``; that table is read as the boolean.
* Blank nodes compare equal to each other (labels are local to a result).

Row order: rows are compared as multisets.  When the query's outermost modifier is
``ORDER BY``, the sequence of the leading sort keys that are projected variables
(``?x``, ``ASC(?x)``, ``DESC(?x)``) must also be the same, row by row.  Rows whose keys tie
may come in any order.  SPARQL's ``<`` does not compare literals of different languages or
datatypes, so the check stops at the first sort column that mixes them (Oxigraph sorts
``"李元昊"@zh-Hans``, ``"李乾順"@zh-Hant`` by text, Virtuoso by language first), and within
a column the language tag and datatype of a key are not part of the order.

Not normalised, because the stores really answer differently (avoid these in queries meant
to be portable): integer division (``7 / 2`` is ``3.5`` in SPARQL 1.1, ``3`` in Virtuoso),
``DATATYPE()`` of a language-tagged literal (``rdf:langString``; unbound in Virtuoso 7.2),
``STRLEN()`` over a mix of typed and tagged literals (an error in Virtuoso 7.2), and any
``LIMIT`` without a total ``ORDER BY``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from http.client import HTTPException
from pathlib import Path
from typing import Any

XSD = "http://www.w3.org/2001/XMLSchema#"
RESULTS_JSON = "application/sparql-results+json"
GRAPH = "https://w3id.org/xixiaji/graph"
TURTLE_GRAPH = "https://w3id.org/xixiaji/graph/turtle"

INTEGER_TYPES = {XSD + t for t in (
    "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
    "nonPositiveInteger", "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort",
    "unsignedByte")}
FLOAT_TYPES = {XSD + "double", XSD + "float"}

# A normalised term: (kind, value, datatype or "@lang"); None is an unbound variable.
Term = tuple[str, str, str]
Row = tuple[Term | None, ...]


# --------------------------------------------------------------------------- queries

@dataclass
class QueryShape:
    """What the comparison needs to know about a query."""

    form: str  # "SELECT", "ASK", "CONSTRUCT", "DESCRIBE"
    order_keys: list[str] = field(default_factory=list)  # leading projected sort variables
    ordered: bool = False  # the outermost modifier is ORDER BY
    group_concat: dict[str, str] = field(default_factory=dict)  # variable -> separator


def query_shape(text: str) -> QueryShape:
    """Form, sort keys and GROUP_CONCAT variables of a query, read from rdflib's algebra."""
    from rdflib import Variable
    from rdflib.plugins.sparql import prepareQuery

    try:
        algebra = prepareQuery(text).algebra
    except Exception as exc:  # rdflib raises several kinds; the message is what matters
        hint = (" (a query meant for any store must declare its PREFIXes)"
                if "prefix" in str(exc).lower() else "")
        raise AssertionError(f"rdflib cannot parse the query: {exc}{hint}") from None
    form = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
            "DescribeQuery": "DESCRIBE"}[algebra.name]
    shape = QueryShape(form=form)
    if form != "SELECT":
        return shape
    projected = [str(v) for v in algebra.get("PV") or []]
    node = algebra.p
    while node.name in ("Slice", "Distinct", "Reduced", "Project"):
        node = node.p
    if node.name == "OrderBy":
        shape.ordered = True
        for cond in node.expr:
            expr = cond["expr"] if getattr(cond, "name", "") == "OrderCondition" else cond
            if isinstance(expr, Variable) and str(expr) in projected:
                shape.order_keys.append(str(expr))
            else:
                break  # an expression or an unprojected variable: later keys cannot be checked
    aggregates: dict[str, str] = {}
    bound: list[tuple[str, str]] = []
    for part in _walk(algebra):
        if part.name == "Aggregate_GroupConcat":
            sep = part.get("separator")
            aggregates[str(part.res)] = " " if sep is None else str(sep)
        elif part.name == "Extend" and isinstance(part.expr, Variable):
            bound.append((str(part.var), str(part.expr)))
    for var, source in bound:
        if source in aggregates:
            shape.group_concat[var] = aggregates[source]
    return shape


def _walk(node: Any) -> Iterator[Any]:
    if hasattr(node, "name") and isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)


# --------------------------------------------------------------------------- results

@dataclass
class Table:
    """A parsed SELECT result: variables and rows of raw JSON term objects."""

    variables: list[str]
    rows: list[dict[str, dict[str, str]]]


Result = bool | Table


def parse_results_json(body: str | bytes) -> Result:
    """SPARQL 1.1 Query Results JSON (as Oxigraph or Virtuoso write it) -> bool or Table."""
    doc = json.loads(body)
    if "boolean" in doc:
        return bool(doc["boolean"])
    variables = list(doc.get("head", {}).get("vars", []))
    rows = list(doc.get("results", {}).get("bindings", []))
    if variables == ["__ASK_RETVAL"] and len(rows) <= 1:  # Virtuoso's ASK
        return bool(rows) and rows[0]["__ASK_RETVAL"]["value"] not in ("0", "false")
    return Table(variables, rows)


def normalise_term(term: dict[str, str] | None, *, concat_separator: str | None = None
                   ) -> Term | None:
    """A JSON term object -> comparable (kind, value, type info); see the module docstring."""
    if term is None:
        return None
    kind = term["type"]
    value = term["value"]
    if kind == "uri":
        return ("uri", value, "")
    if kind == "bnode":
        return ("bnode", "", "")
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unknown term type {kind!r}")
    if concat_separator is not None:
        parts = sorted(value.split(concat_separator)) if concat_separator else sorted(value)
        return ("literal", " | ".join(parts), "GROUP_CONCAT")
    lang = term.get("xml:lang")
    if lang:
        return ("literal", value, "@" + lang.lower())
    datatype = term.get("datatype", "")
    if datatype == XSD + "string":
        datatype = ""
    return ("literal", *_canonical(value, datatype))


def _canonical(value: str, datatype: str) -> tuple[str, str]:
    try:
        if datatype in INTEGER_TYPES:
            return str(int(value.strip())), XSD + "integer"
        if datatype == XSD + "decimal":
            number = Decimal(value.strip())
            rounded = _round_significant(number, 12)
            return _plain_decimal(rounded), datatype
        if datatype in FLOAT_TYPES:
            number = float(value.strip())
            return repr(float(f"{number:.6g}")), datatype
    except (ValueError, InvalidOperation):
        return value, datatype
    if datatype == XSD + "boolean":
        return {"1": "true", "0": "false"}.get(value.strip(), value.strip()), datatype
    return value, datatype


def _round_significant(number: Decimal, digits: int) -> Decimal:
    if number.is_zero() or not number.is_finite():
        return number
    exponent = number.adjusted() - digits + 1
    return number.quantize(Decimal(1).scaleb(exponent))


def _plain_decimal(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text if "." in text else text + ".0"


def normalise_table(table: Table, shape: QueryShape, variables: list[str],
                    boolean_columns: Collection[str] = (), *, virtuoso: bool = False
                    ) -> list[Row]:
    """Rows of `table` as tuples in the order of `variables`."""
    separators = dict(shape.group_concat)
    if virtuoso:  # Virtuoso 7.2 writes each non-ASCII separator character as "?"
        separators = {var: "".join(c if c.isascii() else "?" for c in sep)
                      for var, sep in separators.items()}
    out: list[Row] = []
    for binding in table.rows:
        row: list[Term | None] = []
        for var in variables:
            term = normalise_term(binding.get(var), concat_separator=separators.get(var))
            if var in boolean_columns and term is not None and term[2] == XSD + "integer":
                term = ("literal", "true" if term[1] != "0" else "false", XSD + "boolean")
            row.append(term)
        out.append(tuple(row))
    return out


def boolean_columns(reference: Table, other: Table) -> set[str]:
    """Columns that are xsd:boolean in the reference and integer 0/1 in the other answer."""
    cols: set[str] = set()
    for var in reference.variables:
        ref_types = {b[var].get("datatype") for b in reference.rows if var in b}
        values = [b[var] for b in other.rows if var in b]
        if (ref_types == {XSD + "boolean"} and values
                and all(v.get("datatype") in INTEGER_TYPES and v["value"] in ("0", "1")
                        for v in values)):
            cols.add(var)
    return cols


def _sort_key(row: Row | Term | None) -> tuple:
    if row is None:
        return ("",)
    if row and isinstance(row[0], str):  # a single term
        return row
    return tuple(("",) if t is None else t for t in row)


def compare_results(reference: Result, other: Result, shape: QueryShape, *,
                    virtuoso: bool = False) -> list[str]:
    """Differences between two answers to the same query (empty when they agree);
    `virtuoso`: the other answer comes from Virtuoso (see its GROUP_CONCAT separators)."""
    if isinstance(reference, bool) or isinstance(other, bool):
        if reference != other:
            return [f"boolean answer differs: expected {reference!r}, got {other!r}"]
        return []
    problems: list[str] = []
    if set(other.variables) != set(reference.variables):
        problems.append(f"variables differ: expected {reference.variables}, "
                        f"got {other.variables}")
    variables = reference.variables
    expected = normalise_table(reference, shape, variables)
    got = normalise_table(other, shape, variables, boolean_columns(reference, other),
                          virtuoso=virtuoso)
    if sorted(expected, key=_sort_key) != sorted(got, key=_sort_key):
        missing = _multiset_minus(expected, got)
        extra = _multiset_minus(got, expected)
        columns = [v for i, v in enumerate(variables)
                   if sorted((r[i] for r in expected), key=_sort_key)
                   != sorted((r[i] for r in got), key=_sort_key)]
        problems.append(f"rows differ ({len(expected)} expected, {len(got)} got; columns "
                        f"that differ: {columns}); "
                        f"missing {len(missing)}: {_show(missing, variables)}; "
                        f"unexpected {len(extra)}: {_show(extra, variables)}")
        return problems
    keys = defined_order_keys(shape, variables, expected)
    if keys:
        idx = [variables.index(v) for v in keys]
        exp_keys = [tuple(_order_value(r[i]) for i in idx) for r in expected]
        got_keys = [tuple(_order_value(r[i]) for i in idx) for r in got]
        if exp_keys != got_keys:
            first = next(i for i, (a, b) in enumerate(zip(exp_keys, got_keys)) if a != b)
            problems.append(
                f"ORDER BY {' '.join('?' + v for v in keys)}: rows come in a "
                f"different order from row {first}: expected {exp_keys[first]}, "
                f"got {got_keys[first]}")
    return problems


def defined_order_keys(shape: QueryShape, variables: list[str], rows: list[Row]
                       ) -> list[str]:
    """The leading sort keys whose order SPARQL defines on these rows.

    `<` orders numbers, dates, booleans and simple literals, but not literals with a
    language tag: two languages in one sort column leave the order of that column (and of
    the keys after it) to the store (Oxigraph sorts such literals by text, Virtuoso by
    language first)."""
    keys: list[str] = []
    for var in shape.order_keys if shape.ordered else []:
        i = variables.index(var)
        classes = {_literal_class(row[i]) for row in rows if row[i] and row[i][0] == "literal"}
        if len(classes) > 1:
            break
        keys.append(var)
    return keys


NUMERIC_TYPES = INTEGER_TYPES | FLOAT_TYPES | {XSD + "decimal"}


def _literal_class(term: Term) -> str:
    return "number" if term[2] in NUMERIC_TYPES else term[2]


def _order_value(term: Term | None) -> tuple[str, str] | None:
    """What ORDER BY must respect: SPARQL leaves the order of equal texts in different
    languages (or of different datatypes) undefined, so the tag and datatype are left out."""
    return None if term is None else term[:2]


def _multiset_minus(a: list[Row], b: list[Row]) -> list[Row]:
    remaining = list(b)
    out = []
    for row in a:
        if row in remaining:
            remaining.remove(row)
        else:
            out.append(row)
    return out


def _show(rows: list[Row], variables: list[str], limit: int = 3) -> str:
    shown = [dict(zip(variables, (None if t is None else f"{t[1]}{t[2] and ' ' + t[2]}"
                                  for t in row))) for row in rows[:limit]]
    return repr(shown) + (" …" if len(rows) > limit else "")


# --------------------------------------------------------------------------- graphs

def normalise_triples(triples: Any) -> list[tuple[Term | None, ...]]:
    """pyoxigraph triples -> sorted normalised tuples (for CONSTRUCT answers)."""
    return sorted((tuple(normalise_term(_json_term(t)) for t in
                         (tr.subject, tr.predicate, tr.object)) for tr in triples),
                  key=_sort_key)


def _json_term(term: Any) -> dict[str, str]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    else:
        out["datatype"] = term.datatype.value
    return out


def parse_graph(body: bytes, content_type: str) -> list[Any]:
    import pyoxigraph as ox

    mime = content_type.split(";")[0].strip() or "application/n-triples"
    if mime == "text/plain":
        mime = "application/n-triples"
    return list(ox.parse(body, format=ox.RdfFormat.from_media_type(mime)))


# --------------------------------------------------------------------------- reference

class Reference:
    """`kg query`'s engine (kg.query.engine over a kg.query.store store), in process, over the dump: its
    answers are exactly what `kg query --format json --data DUMP` prints."""

    def __init__(self, paths: list[Path]) -> None:
        from kg.query.store import load_files, open_store

        self.paths = list(paths)
        self.store = open_store(None)
        load_files(self.store, self.paths)

    def select(self, query: str) -> Result:
        """Answer to a SELECT or ASK query, parsed from `kg query --format json`."""
        from kg.query.engine import execute, render

        return parse_results_json(render(execute(query, store=self.store), "json"))

    def construct(self, query: str) -> list[Any]:
        """Triples of a CONSTRUCT answer, parsed from what `kg query` prints (N-Triples)."""
        from kg.query.engine import execute, render

        text = render(execute(query, store=self.store), "json")
        return parse_graph(text.encode("utf-8"), "application/n-triples")

    def __len__(self) -> int:
        return len(self.store)


# --------------------------------------------------------------------------- HTTP

def http(method: str, url: str, *, data: bytes | None = None,
         headers: dict[str, str] | None = None, timeout: float = 120
         ) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request; (status, headers, body) also for error statuses."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def sparql(endpoint: str, query: str, *, accept: str = RESULTS_JSON,
           params: dict[str, str] | None = None) -> tuple[dict[str, str], bytes]:
    """SPARQL 1.1 Protocol: query via POST (URL-encoded form); raises on an HTTP error."""
    form = urllib.parse.urlencode({"query": query, **(params or {})}).encode()
    status, headers, body = http(
        "POST", endpoint, data=form,
        headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"})
    if status != 200:
        raise AssertionError(f"{endpoint} answered HTTP {status}: "
                             f"{body.decode('utf-8', 'replace')[:500]}")
    return headers, body


# --------------------------------------------------------------------------- processes

def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_executable(name: str) -> str | None:
    """`name` next to the running Python (the project venv), else on PATH."""
    local = Path(sys.executable).with_name(name)
    if local.is_file() and os.access(local, os.X_OK):
        return str(local)
    return shutil.which(name)


def wait_until(ready: Callable[[], bool], proc: subprocess.Popen, timeout: float,
               what: str, log: Path) -> None:
    """Poll `ready` until it is true; fail if the process exits or `timeout` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ServerFailed(f"{what} exited with status {proc.returncode}:\n{tail(log)}")
        try:
            if ready():
                return
        except (OSError, HTTPException):
            pass
        time.sleep(0.1)
    raise ServerFailed(f"{what} not ready after {timeout:.0f} s:\n{tail(log)}")


class ServerFailed(RuntimeError):
    """A server did not start; its log is in the message."""


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace")
                         .splitlines()[-lines:])
    except OSError:
        return "(no log)"


def stop(proc: subprocess.Popen, timeout: float = 30) -> None:
    """Terminate a server we started, then kill it if it does not exit in time."""
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


def answers(url: str, product: str) -> bool:
    """`url` answers 200 and the answer comes from `product` (not from whoever else may
    have taken the port meanwhile)."""
    status, headers, _ = http("GET", url, timeout=2)
    server = {k.lower(): v for k, v in headers.items()}.get("server", "")
    return status == 200 and product.lower() in server.lower()


# --------------------------------------------------------------------------- Oxigraph

@dataclass
class OxigraphServer:
    url: str
    proc: subprocess.Popen

    @property
    def query_endpoint(self) -> str:
        return self.url + "/query"

    def store_url(self, graph: str | None = None) -> str:
        if graph is None:
            return self.url + "/store?default"
        return self.url + "/store?" + urllib.parse.urlencode({"graph": graph})


@contextmanager
def oxigraph_server(binary: str, workdir: Path, attempts: int = 3,
                    timeout: float = 30) -> Iterator[OxigraphServer]:
    """`oxigraph serve` on a free loopback port with its data in `workdir`; stopped on exit."""
    failure = ""
    for attempt in range(attempts):
        port = free_port()
        location = workdir / f"db-{attempt}"
        log = workdir / f"oxigraph-{attempt}.log"
        url = f"http://127.0.0.1:{port}"
        with open(log, "wb") as out:
            proc = subprocess.Popen(
                [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            wait_until(lambda u=url: answers(u + "/query?query=ASK%7B%7D", "Oxigraph"),
                       proc, timeout, "oxigraph serve", log)
        except ServerFailed as exc:  # most likely the port was taken meanwhile: try another
            stop(proc)
            failure = str(exc)
            continue
        try:
            yield OxigraphServer(url, proc)
        finally:
            stop(proc)
        return
    raise ServerFailed(failure)


# --------------------------------------------------------------------------- Virtuoso

VIRTUOSO_INI = """\
; Minimal Virtuoso configuration for the store tests: loopback only, a throw-away database.
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx

[Parameters]
ServerPort         = 127.0.0.1:{sql_port}
DisableUnixSocket  = 1
DisableTcpSocket   = 0
; ld_dir() may read only from these folders
DirsAllowed        = ., {db}, {data}
NumberOfBuffers    = 20000
MaxDirtyBuffers    = 15000
CheckpointInterval = 0
MaxClientConnections = 8
ThreadsPerQuery    = 2

[HTTPServer]
ServerPort         = 127.0.0.1:{http_port}
ServerRoot         = {db}
ServerThreads      = 4
MaxClientConnections = 8
Charset            = UTF-8

[SPARQL]
; the defaults cap results at 10,000 rows and stop queries after 60 s, silently
ResultSetMaxRows           = 10000000
MaxQueryExecutionTime      = 3600
MaxQueryCostEstimationTime = 0
"""


@dataclass
class VirtuosoServer:
    url: str
    sql_port: int
    isql: str
    proc: subprocess.Popen
    password: str = "dba"  # the default of a new database; the server listens on loopback only

    @property
    def query_endpoint(self) -> str:
        return self.url + "/sparql"

    def isql_exec(self, statements: str, timeout: float = 300) -> str:
        """Run SQL statements through isql on the loopback SQL port; raise on an error."""
        cmd = [self.isql, f"127.0.0.1:{self.sql_port}", "dba", self.password,
               "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ERRORS=STDOUT",
               f"EXEC={statements}"]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
        output = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in output:
            raise AssertionError(f"isql failed ({done.returncode}): {output[-2000:]}")
        return output

    def isql_scalar(self, select: str) -> str:
        """The single value of a one-row, one-column SELECT."""
        lines = [line.strip() for line in self.isql_exec(select).splitlines() if line.strip()]
        if not lines:
            raise AssertionError(f"isql printed nothing for {select!r}")
        return lines[-1]

    def gsp_put(self, graph: str, data: bytes, content_type: str
                ) -> tuple[int, dict[str, str], bytes]:
        """PUT a graph through the authenticated Graph Store endpoint (HTTP digest, dba).

        The digest challenge is fetched with a body-less GET first: Virtuoso answers an
        unauthenticated PUT with 401 and closes the connection while a large body is still
        being sent."""
        url = self.url + "/sparql-graph-crud-auth?" + urllib.parse.urlencode({"graph-uri": graph})
        status, headers, body = http("GET", url)
        challenge = {k.lower(): v for k, v in headers.items()}.get("www-authenticate", "")
        if status != 401 or not challenge.lower().startswith("digest "):
            return status, headers, body
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, self.url, "dba", self.password)
        handler = urllib.request.HTTPDigestAuthHandler(manager)
        params = urllib.request.parse_keqv_list(
            urllib.request.parse_http_list(challenge.split(" ", 1)[1]))
        req = urllib.request.Request(url, data=data, method="PUT",
                                     headers={"Content-Type": content_type})
        authorization = handler.get_authorization(req, params)
        if authorization is None:
            raise AssertionError(f"cannot answer the digest challenge {challenge!r}")
        return http("PUT", url, data=data, headers={"Content-Type": content_type,
                                                    "Authorization": "Digest " + authorization})


def find_isql() -> str | None:
    """Virtuoso's isql: `isql-vt` on Debian; a plain `isql` only if it is Virtuoso's."""
    found = find_executable("isql-vt")
    if found:
        return found
    plain = find_executable("isql")
    if plain:
        try:
            done = subprocess.run([plain, "-?"], capture_output=True, text=True, timeout=10,
                                  stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired):
            return None
        if "OpenLink" in done.stdout + done.stderr:
            return plain
    return None


@contextmanager
def virtuoso_server(binary: str, isql: str, workdir: Path, data_dir: Path,
                    attempts: int = 3, timeout: float = 90) -> Iterator[VirtuosoServer]:
    """`virtuoso-t +foreground` on free loopback ports with a throw-away database."""
    failure = ""
    for attempt in range(attempts):
        db = workdir / f"virtuoso-{attempt}"
        db.mkdir(parents=True, exist_ok=True)
        sql_port, http_port = free_port(), free_port()
        while http_port == sql_port:
            http_port = free_port()
        ini = db / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(db=db, data=data_dir, sql_port=sql_port,
                                           http_port=http_port), encoding="utf-8")
        log = db / "stdout.log"
        url = f"http://127.0.0.1:{http_port}"
        with open(log, "wb") as out:
            proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=db,
                                    stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL)
        try:
            wait_until(lambda u=url: answers(u + "/sparql?query=ASK%7B%7D", "Virtuoso"),
                       proc, timeout, "virtuoso-t", log)
        except ServerFailed as exc:
            stop(proc)
            failure = str(exc)
            continue
        try:
            yield VirtuosoServer(url, sql_port, isql, proc)
        finally:
            stop(proc)
        return
    raise ServerFailed(failure)


def sql_string(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"

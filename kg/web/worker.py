"""One query-evaluating process of the endpoint (see ``kg.web.pool``).

pyoxigraph cannot interrupt a running query, so the endpoint evaluates queries
in worker processes it can kill when a query overruns its time.  Each worker
opens the store read-only and answers ``(query, accept, format, limit)``
messages with a finished HTTP body, so the server process only moves bytes.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.query.engine import (
    Answer,
    QueryError,
    Term,
    _normalise,
    _ox_term,
    execute,
    has_top_level_order_by,
)
from kg.terms.namespaces import PREFIXES
from kg.web.results import CONTENT_TYPE, HTML, body, negotiate, offered

_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items()}


def evaluate(store: ox.Store, query: str, limit: int) -> tuple[Answer, bool]:
    """The normalised answer (as ``kg query`` gives it) cut at ``limit`` rows or triples.

    Returns ``(answer, truncated)``.  A syntax error raises ``kg.query.engine.QueryError``
    with the same located message ``kg query`` prints.
    """
    try:
        result = store.query(query, prefixes=_PREFIXES, use_default_graph_as_union=True)
    except SyntaxError:
        execute(query, store=store)  # raises QueryError located like `kg query`
        raise QueryError("the query could not be parsed", 1, 1, "oxigraph") from None
    truncated = False
    if isinstance(result, ox.QueryBoolean):
        answer = Answer("ask", [], [], boolean=bool(result))
    elif isinstance(result, ox.QueryTriples):
        triples: list[tuple[Term, Term, Term]] = []
        for t in result:
            if len(triples) == limit:
                truncated = True
                break
            triples.append((_ox_term(t.subject), _ox_term(t.predicate), _ox_term(t.object)))
        answer = Answer("graph", [], [], triples=triples)
    else:
        variables = [v.value for v in result.variables]
        rows: list[list[Term | None]] = []
        memo: dict = {}  # answers repeat their terms (works, places, years): convert each once
        width = range(len(variables))
        for sol in result:
            if len(rows) == limit:
                truncated = True
                break
            rows.append([None if (t := sol[i]) is None else _ox_term(t, memo) for i in width])
        answer = Answer("select", variables, rows)
    return _normalise(answer, keep_order=has_top_level_order_by(query)), truncated


def answer_message(store: ox.Store, query: str, accept: str | None, fmt: str | None,
                   limit: int) -> tuple:
    """``("ok", content type, body bytes, truncated)`` or ``("error", status, message)``."""
    try:
        answer, truncated = evaluate(store, query, limit)
    except QueryError as exc:
        return ("error", 400, f"query:{exc}")
    except OSError as exc:
        return ("error", 500, f"the store could not be read: {exc}")
    media = negotiate(answer.form, accept, fmt)
    if media is None:
        kinds = ", ".join(t for t in offered(answer.form))
        return ("error", 406, f"a {answer.form} query can be answered as: {kinds}")
    if media == HTML:
        from kg.web.html import results_page

        text = results_page(query, answer, truncated, limit)
    else:
        text = body(answer, media)
    return ("ok", CONTENT_TYPE[media], text.encode("utf-8"), truncated)


def open_source(source: str) -> ox.Store:
    """The store a worker answers from: ``disk:PATH`` (read-only) or ``memory:DUMP``.

    pyoxigraph's in-memory store answers the example queries several times faster
    than its RocksDB store (README, "Publishing"), at the cost of loading the dump
    into each worker's memory when it starts.
    """
    kind, _, path = source.partition(":")
    if kind == "memory":
        store = ox.Store()
        store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
        return store
    return ox.Store.read_only(path)


def main(conn, source: str) -> None:  # pragma: no cover - runs in the worker process
    """Serve messages from ``conn`` until ``None`` or the pipe closes."""
    try:
        store = open_source(source)
    except (OSError, SyntaxError) as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready",))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        query, accept, fmt, limit = msg
        try:
            reply = answer_message(store, query, accept, fmt, limit)
        except Exception as exc:  # noqa: BLE001 - a worker must answer, never die silently
            reply = ("error", 500, f"internal error: {type(exc).__name__}: {exc}")
        conn.send(reply)


__all__ = ["evaluate", "answer_message", "main"]

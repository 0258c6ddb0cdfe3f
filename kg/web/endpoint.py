"""``/sparql``: the SPARQL 1.1 Protocol, read-only, with a time limit, a result limit and CORS.

* query by ``GET ?query=``, ``POST`` of a form (``query=``) or ``POST`` of
  ``application/sparql-query``; ``update`` requests, ``LOAD`` and ``SERVICE`` are
  refused with 400 and a sentence saying why (``kg.query.guard``);
* the answer's format by ``Accept`` or ``format=`` (``kg.web.results``), 406 when
  none of ours is acceptable;
* every query runs in a killable worker (``kg.web.pool``): past the time limit
  the client gets 503 and the worker is replaced; past the result limit the answer
  is cut and says so in the ``X-Result-Truncated`` header;
* answers are cached by (query, format, build): the store is immutable between
  builds, so an answer stays right until the dump changes, and its ETag — derived
  from the dump's SHA-256 — lets clients revalidate with ``If-None-Match``.  A
  request with ``Cache-Control: no-cache`` is evaluated afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from urllib.parse import parse_qs

from kg.query.guard import Refused, check
from kg.web.messages import MAX_BODY, Request, Response, etag, not_modified, text_response
from kg.web.pool import Busy, Pool, Timeout

CORS = [("Access-Control-Allow-Origin", "*"),
        ("Access-Control-Expose-Headers", "ETag, X-Result-Truncated, X-Cache")]


class AnswerCache:
    """A bounded LRU of finished answers (bytes), keyed by what determines them."""

    def __init__(self, max_bytes: int = 64 << 20) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple, tuple] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> tuple | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
            return hit

    def put(self, key: tuple, value: tuple, size: int) -> None:
        if size > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._items:
                return
            self._items[key] = value
            self._size += size
            while self._size > self.max_bytes:
                _, old = self._items.popitem(last=False)
                self._size -= len(old[1])


class Endpoint:
    """The protocol layer over a worker pool; one per server."""

    def __init__(self, pool: Pool, build_id: str, *, result_limit: int = 10000,
                 cache: AnswerCache | None = None) -> None:
        self.pool = pool
        self.build_id = build_id
        self.result_limit = result_limit
        self.cache = cache if cache is not None else AnswerCache()
        self._flights = _Flights()

    def handle(self, request: Request, form_page=None) -> Response:
        """Answer one request to ``/sparql`` (``form_page()`` renders the HTML query form)."""
        if request.method == "OPTIONS":
            return Response(204, b"", CORS + [
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Content-Type, Accept, If-None-Match"),
                ("Access-Control-Max-Age", "86400")])
        try:
            query, params = self._query_of(request)
        except Refused as exc:
            return self._error(400, str(exc))
        except _Status as exc:
            return self._error(exc.status, str(exc))
        if query is None:
            accept = request.header("accept") or ""
            if form_page is not None and "text/html" in accept:
                return Response(200, form_page(), [("Content-Type", "text/html; charset=utf-8")]
                                + CORS)
            return self._error(400, "missing query: send ?query=… (GET), a form field "
                               "query=… or an application/sparql-query body (POST)")
        try:
            check(query)
        except Refused as exc:
            return self._error(400, str(exc))
        fmt = next((v[0] for k in ("format", "output") if (v := params.get(k)) and v[0]), None)
        return self._answer(request, query, fmt)

    def _query_of(self, request: Request) -> tuple[str | None, dict[str, list[str]]]:
        """The query, and the parameters of the URL and of a POSTed form together."""
        if "x-kg-too-large" in request.headers:
            raise _Status(413, f"the request body is larger than {MAX_BODY} bytes")
        if "x-kg-bad-query-string" in request.headers:
            raise _Status(400, "the query string is not UTF-8 once percent-decoded: "
                          "percent-encode the UTF-8 bytes of the query")
        params = dict(request.query)
        if request.method == "POST":
            ctype = (request.header("content-type") or "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                raise Refused("SPARQL Update is not allowed: this endpoint is read-only")
            if ctype == "application/sparql-query":
                text = _decode(request.body)
                if "query" in params:
                    raise _Status(400, "give the query either in the body or as ?query=, "
                                  "not both")
                return _non_empty(text), params
            if ctype == "application/x-www-form-urlencoded":
                for k, v in parse_qs(_decode(request.body), keep_blank_values=True).items():
                    params.setdefault(k, []).extend(v)
            else:
                raise _Status(415, "POST a form (application/x-www-form-urlencoded) or an "
                              "application/sparql-query body")
        elif request.method not in ("GET", "HEAD"):
            raise _Status(405, f"{request.method} is not supported; use GET or POST")
        if "update" in params:
            raise Refused("SPARQL Update is not allowed: this endpoint is read-only")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            raise _Status(400, "default-graph-uri and named-graph-uri are not supported: "
                          "the default graph is the whole dataset")
        values = params.get("query")
        if not values:
            return None, params
        if len(values) > 1:
            raise _Status(400, "give exactly one query parameter")
        return _non_empty(values[0]), params

    def _answer(self, request: Request, query: str, fmt: str | None) -> Response:
        accept = request.header("accept")
        key = (self.build_id, query, accept or "", fmt or "")
        fresh = "no-cache" in (request.header("cache-control") or "").lower()
        hit = None if fresh else self.cache.get(key)
        status = "hit" if hit is not None else "miss"
        leader = False
        if hit is None and not fresh:
            # one evaluation per key at a time: clients asking the same question together
            # wait for the first one's answer instead of each running the query
            flight = self._flights.begin(key)
            if flight is None:
                leader = True
            else:
                flight.wait(self.pool.timeout_s + self.pool.wait_s)
                hit = self.cache.get(key)
                status = "shared" if hit is not None else "miss"
        if hit is None:
            try:
                reply = self.pool.ask(query, accept, fmt, self.result_limit)
                if reply[0] == "ok":
                    _, ctype, body, truncated = reply
                    hit = (ctype, body, truncated, etag(self.build_id, query, ctype))
                    self.cache.put(key, hit, len(body))
            except Timeout as exc:
                return self._error(503, str(exc))
            except Busy as exc:
                return self._error(503, str(exc), [("Retry-After", "5")])
            finally:
                if leader:
                    self._flights.end(key)
            if reply[0] != "ok":
                return self._error(reply[1], reply[2])
        assert hit is not None
        ctype, body, truncated, tag = hit
        headers = [("Content-Type", ctype), ("ETag", tag), ("Vary", "Accept"),
                   ("Cache-Control", "public, max-age=300"), ("X-Cache", status)] + CORS
        if truncated:
            headers.append(("X-Result-Truncated", f"only the first {self.result_limit} "
                            "results are given"))
        if not_modified(request, tag):
            return Response(304, b"", headers)
        return Response(200, b"" if request.method == "HEAD" else body, headers)

    def _error(self, status: int, message: str, extra: list | None = None) -> Response:
        return text_response(status, message, CORS + (extra or []))


class _Flights:
    """Keys being evaluated now, each with an event set when its answer is cached."""

    def __init__(self) -> None:
        self._events: dict[tuple, threading.Event] = {}
        self._lock = threading.Lock()

    def begin(self, key: tuple) -> threading.Event | None:
        """None: the caller evaluates (and must call ``end``); else an event to wait on."""
        with self._lock:
            event = self._events.get(key)
            if event is None:
                self._events[key] = threading.Event()
            return event

    def end(self, key: tuple) -> None:
        with self._lock:
            event = self._events.pop(key, None)
        if event is not None:
            event.set()


class _Status(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _non_empty(query: str) -> str:
    if not query.strip():
        raise _Status(400, "the query is empty")
    return query


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Status(400, "the request body is not UTF-8") from None


__all__ = ["Endpoint", "AnswerCache", "CORS"]

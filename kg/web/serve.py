"""``kg serve``: the edition on HTTP — dereferenceable IRIs, pages, dumps and ``/sparql``.

One process, no other server: a threading WSGI server from the standard
library, the read-only store of ``out/`` (``kg.web.pubstore``), killable query
workers for the endpoint (``kg.web.pool``).

Dereferencing policy (README, "Publishing"):

* ``/X.ttl``, ``/X.jsonld``, ``/X.nt``, ``/X.html`` (and ``/X.hans.html``, the page
  in simplified characters) are documents: 200, with an ETag derived from the
  build, or 404;
* ``/X`` for a resource IRI ``https://w3id.org/xixiaji/X`` answers **303 See Other**
  to the document chosen by ``Accept`` (``Vary: Accept``); a part of an entry
  redirects to its entry's document (the page at ``#part``); nothing acceptable →
  406 listing what is offered; an unknown IRI → 404 with a page that helps;
* ``/``, ``/years``, ``/year/1082``, ``/persons`` … are the reading pages;
  ``/dump/xixiaji.nt`` etc. the files of ``out/``; ``/sparql`` the endpoint.
"""

from __future__ import annotations

import signal
import sys
import threading
from collections import OrderedDict
from importlib import resources
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from kg.web.conneg import (
    HTML,
    RDF_DOCUMENTS,
    Representation,
    choose_document,
    parse_accept,
    split_suffix,
)
from kg.web.describe import document_of
from kg.web.documents import Documents
from kg.web.endpoint import Endpoint
from kg.web.messages import Request, Response, etag, not_modified, text_response
from kg.web.pool import Pool
from kg.web.pubstore import Published, prepare

DUMPS = {"xixiaji.ttl": "text/turtle; charset=utf-8", "xixiaji.nt": "application/n-triples",
         "xixiaji.jsonld": "application/ld+json", "xixiaji.nq": "application/n-quads",
         "inferred.ttl": "text/turtle; charset=utf-8", "inferred.nt": "application/n-triples",
         "void.ttl": "text/turtle; charset=utf-8", "context.jsonld": "application/ld+json"}
STATIC = {"style.css": "text/css; charset=utf-8"}
OPEN = [("Access-Control-Allow-Origin", "*")]


def prefers_simplified(accept_language: str | None) -> bool:
    """Whether the reader's languages put simplified Chinese before traditional."""
    best_hans = best_hant = 0.0
    for tag, q in parse_accept(accept_language or ""):
        tag = tag.rstrip("/*")
        if tag in ("zh-hans", "zh-cn", "zh-sg", "zh-hans-cn"):
            best_hans = max(best_hans, q)
        elif tag in ("zh-hant", "zh-tw", "zh-hk", "zh-mo", "zh"):
            best_hant = max(best_hant, q)
    return best_hans > best_hant


class App:
    """The WSGI application over one build."""

    def __init__(self, published: Published, *, workers: int = 2, timeout_s: float = 10.0,
                 result_limit: int = 10000, queries_dir: Path | None = None,
                 memory: bool = True) -> None:
        self.published = published
        self.docs = Documents(published.open(), published.out, queries_dir)
        source = (f"memory:{published.out / 'xixiaji.nt'}" if memory
                  else f"disk:{published.store_path}")
        self.pool = Pool(source, size=workers, timeout_s=timeout_s)
        self.endpoint = Endpoint(self.pool, published.dump_sha256, result_limit=result_limit)
        self._cache: OrderedDict[tuple, bytes | None] = OrderedDict()
        self._lock = threading.Lock()

    def close(self) -> None:
        self.pool.close()

    # ---------------------------------------------------------------- WSGI

    def __call__(self, environ, start_response):
        request = Request.from_environ(environ)
        try:
            response = self.route(request)
        except Exception as exc:  # noqa: BLE001 - a request must get an answer, not a traceback
            response = text_response(500, f"internal error: {type(exc).__name__}: {exc}")
        headers = list(response.headers)
        if response.file is not None:
            size = response.file.stat().st_size
            start_response(response.status_line(), headers + [("Content-Length", str(size))])
            if request.method == "HEAD":
                return [b""]
            fh = response.file.open("rb")
            wrapper = environ.get("wsgi.file_wrapper")
            return wrapper(fh, 1 << 16) if wrapper else iter(lambda: fh.read(1 << 16), b"")
        body = b"" if request.method == "HEAD" else response.body
        start_response(response.status_line(),
                       headers + [("Content-Length", str(len(response.body)))])
        return [body]

    # ---------------------------------------------------------------- routing

    def route(self, request: Request) -> Response:
        path = request.path.lstrip("/")
        if path == "sparql":
            return self.endpoint.handle(request, form_page=self.docs.sparql_page)
        if request.method not in ("GET", "HEAD"):
            return text_response(405, f"{request.method} is not supported here; use GET",
                                 [("Allow", "GET, HEAD")])
        if path == "":
            script = "hans" if prefers_simplified(request.header("accept-language")) else "hant"
            body = self._render("index", HTML, script)
            return self._document(request, "index", HTML, script, body or b"")
        if path.startswith("static/"):
            return self._static(path[7:])
        if path.startswith("dump/"):
            return self._dump(path[5:])
        script = "hant"
        rep: Representation | None
        if path.endswith(".hans.html"):
            stem, rep, script = path[: -len(".hans.html")], HTML, "hans"
        else:
            stem, rep = split_suffix(path)
        if rep is not None:
            body = self._render(stem, rep, script)
            if body is None:
                return self._not_found(request, stem)
            return self._document(request, stem, rep, script, body)
        if self.docs.is_index(path):
            suffix = ".hans.html" if prefers_simplified(request.header("accept-language")) \
                else ".html"
            return Response(303, b"", [("Location", "/" + path + suffix), ("Vary",
                                                                             "Accept-Language")])
        doc, fragment = document_of(path)
        if not self.docs.is_resource(doc):
            return self._not_found(request, path)
        rep = choose_document(request.header("accept"))
        if rep is None:
            offered = ", ".join(r.media_type for r in RDF_DOCUMENTS)
            return text_response(406, f"{path} is available as: {offered}",
                                 [("Vary", "Accept")] + OPEN)
        suffix = rep.suffix
        if rep is HTML and prefers_simplified(request.header("accept-language")):
            suffix = ".hans.html"
        location = "/" + doc + suffix + (f"#{fragment}" if fragment and rep is HTML else "")
        return Response(303, f"See {location}\n".encode(), [
            ("Location", location), ("Vary", "Accept, Accept-Language"),
            ("Content-Type", "text/plain; charset=utf-8")] + OPEN)

    def _render(self, stem: str, rep, script: str) -> bytes | None:
        key = (stem, rep.suffix, script)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        body = self.docs.render(stem, rep, script)
        with self._lock:
            self._cache[key] = body
            while len(self._cache) > 4096:
                self._cache.popitem(last=False)
        return body

    def _document(self, request: Request, stem: str, rep, script: str, body: bytes) -> Response:
        tag = etag(self.published.dump_sha256, stem, rep.suffix, script)
        headers = [("Content-Type", rep.content_type), ("ETag", tag),
                   ("Cache-Control", "public, max-age=3600")] + OPEN
        if self.docs.is_resource(stem):
            from kg.terms.namespaces import BASE

            headers.append(("Link", f'<{BASE}{stem}>; rel="describes"'))
        if not_modified(request, tag):
            return Response(304, b"", headers)
        return Response(200, body, headers)

    def _not_found(self, request: Request, path: str) -> Response:
        if choose_document(request.header("accept")) is HTML:
            return Response(404, self.docs.not_found(path),
                            [("Content-Type", "text/html; charset=utf-8")])
        return text_response(404, f"no resource has the IRI path /{path}")

    def _static(self, name: str) -> Response:
        if name not in STATIC:
            return text_response(404, f"no such file: /static/{name}")
        data = resources.files("kg").joinpath("static", name).read_bytes()
        return Response(200, data, [("Content-Type", STATIC[name]),
                                    ("Cache-Control", "public, max-age=86400")])

    def _dump(self, name: str) -> Response:
        f = self.published.out / name
        if name not in DUMPS or not f.is_file():
            return text_response(404, f"no such dump: /dump/{name} (offered: "
                                 + ", ".join(sorted(DUMPS)) + ")")
        return Response(200, b"", [("Content-Type", DUMPS[name])] + OPEN, file=f)


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128


class _Handler(WSGIRequestHandler):
    quiet = False

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        if not self.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def make(app: App, host: str, port: int, quiet: bool = False) -> WSGIServer:
    handler = type("Handler", (_Handler,), {"quiet": quiet})
    return make_server(host, port, app, server_class=_Server, handler_class=handler)


def serve(out: Path, host: str = "127.0.0.1", port: int = 8080, *, workers: int = 2,
          timeout_s: float = 10.0, result_limit: int = 10000, quiet: bool = False,
          queries_dir: Path | None = Path("queries"), memory: bool = True) -> None:
    """Run until interrupted; prints the URL (with the real port when ``port`` is 0)."""
    published = prepare(out)
    app = App(published, workers=workers, timeout_s=timeout_s, result_limit=result_limit,
              queries_dir=queries_dir, memory=memory)
    server = make(app, host, port, quiet)
    print(f"serving http://{host}:{server.server_port}/ (build {published.etag_base}; "
          f"SPARQL at /sparql)", flush=True)

    def stop(signum, frame):  # SIGTERM ends the server like Ctrl-C: workers are closed
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        app.close()


__all__ = ["App", "serve", "make", "prefers_simplified"]

"""The little HTTP vocabulary the publishing modules share: a request, a response.

Kept apart from the WSGI app (``kg.web.serve``) so the endpoint, the pages and the
static export can build responses without a server, and tests can call them
directly.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs

MAX_BODY = 1 << 20  # a query larger than 1 MiB is not a query a person wrote


@dataclass
class Request:
    method: str
    path: str                       # URL-decoded, leading slash kept
    query: dict[str, list[str]]
    headers: dict[str, str]         # lower-case names
    body: bytes = b""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None

    @classmethod
    def from_environ(cls, environ: dict) -> Request:
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items()
                   if k.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        raw_path = environ.get("PATH_INFO", "/") or "/"
        try:  # WSGI hands PATH_INFO over as latin-1 decoded bytes
            path = raw_path.encode("latin-1").decode("utf-8")
        except UnicodeError:
            path = raw_path
        body = b""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY:
            headers["x-kg-too-large"] = str(length)
        elif length > 0:
            body = environ["wsgi.input"].read(length)
        raw_query = environ.get("QUERY_STRING", "")
        try:
            query = parse_qs(raw_query, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:  # kept, with U+FFFD, for the routes that ignore it
            query = parse_qs(raw_query, keep_blank_values=True)
            headers["x-kg-bad-query-string"] = "not UTF-8"
        return cls(environ.get("REQUEST_METHOD", "GET").upper(), path, query, headers, body)


@dataclass
class Response:
    status: int
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    file: Path | None = None  # sent in blocks instead of ``body`` (the dumps)

    def status_line(self) -> str:
        return f"{self.status} {HTTPStatus(self.status).phrase}"

    def header(self, name: str) -> str | None:
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


def etag(*parts: str | bytes) -> str:
    """A strong ETag from the build's hash and what identifies the representation."""
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8") if isinstance(p, str) else p)
        h.update(b"\0")
    return '"' + h.hexdigest()[:32] + '"'


def not_modified(request: Request, tag: str) -> bool:
    """Whether ``If-None-Match`` names ``tag`` (or ``*``)."""
    inm = request.header("if-none-match")
    if not inm:
        return False
    tags = [t.strip() for t in inm.split(",")]
    return "*" in tags or tag in tags or ("W/" + tag) in tags


def text_response(status: int, message: str, extra: list[tuple[str, str]] | None = None
                  ) -> Response:
    return Response(status, (message.rstrip("\n") + "\n").encode("utf-8"),
                    [("Content-Type", "text/plain; charset=utf-8")] + (extra or []))


__all__ = ["Request", "Response", "etag", "not_modified", "text_response", "MAX_BODY"]

"""Content negotiation: which representation of a resource a client asked for.

One table ties each representation to its media type and to its file suffix, so
the server, the static export and the Apache rules (``.htaccess``) agree: the
suffix forms (``X.ttl``, ``X.jsonld``, ``X.nt``, ``X.html``) are the documents,
``Accept`` only chooses among them.  Parsing follows RFC 9110 §12.5.1 (quality
values, ``type/*`` and ``*/*`` ranges, the most specific range wins).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Representation:
    """A serialisation we publish: media type, file suffix, and charset-bearing header."""

    media_type: str
    suffix: str
    content_type: str


HTML = Representation("text/html", ".html", "text/html; charset=utf-8")
TURTLE = Representation("text/turtle", ".ttl", "text/turtle; charset=utf-8")
JSONLD = Representation("application/ld+json", ".jsonld", "application/ld+json")
NTRIPLES = Representation("application/n-triples", ".nt", "application/n-triples")

#: in order of preference when the client has none (a browser's */* gets HTML)
RDF_DOCUMENTS: tuple[Representation, ...] = (HTML, TURTLE, JSONLD, NTRIPLES)
BY_SUFFIX = {r.suffix: r for r in RDF_DOCUMENTS}
#: media types that old clients still send for the same syntaxes
ALIASES = {"application/x-turtle": "text/turtle", "application/json": "application/ld+json",
           "text/plain": "application/n-triples", "application/xhtml+xml": "text/html"}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """``[(media range, q)]`` of an Accept header; a missing or empty header is ``*/*``."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    out = []
    for part in header.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        if "/" not in media:
            media = "*/*" if media == "*" else media + "/*"
        q = 1.0
        for f in fields[1:]:
            name, _, value = f.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        out.append((media, q))
    return out


def _specificity(media_range: str, media_type: str) -> int | None:
    """2 exact, 1 ``type/*``, 0 ``*/*``, None when the range does not cover the type."""
    if media_range == media_type or ALIASES.get(media_range) == media_type:
        return 2
    if media_range == "*/*":
        return 0
    main, _, sub = media_range.partition("/")
    if sub == "*" and media_type.split("/")[0] == main:
        return 1
    return None


def quality(accept: list[tuple[str, float]], media_type: str) -> float:
    """The q the client gives ``media_type``: that of the most specific matching range."""
    best, best_q = -1, 0.0
    for media_range, q in accept:
        spec = _specificity(media_range, media_type)
        if spec is not None and (spec > best or (spec == best and q > best_q)):
            best, best_q = spec, q
    return best_q


def choose(accept_header: str | None, offered: tuple[str, ...]) -> str | None:
    """The offered media type the client prefers, or None (→ 406).

    Ties go to the server's order of ``offered``, except that an explicitly
    named type beats one reached only through a wildcard.
    """
    accept = parse_accept(accept_header)
    best: tuple[float, int, int] | None = None
    choice = None
    for rank, media in enumerate(offered):
        q = quality(accept, media)
        if q <= 0:
            continue
        explicit = max((_specificity(r, media) or 0) for r, _ in accept) == 2
        key = (q, 1 if explicit else 0, -rank)
        if best is None or key > best:
            best, choice = key, media
    return choice


def choose_document(accept_header: str | None) -> Representation | None:
    """The RDF/HTML document a client wants for a resource IRI, or None (→ 406)."""
    media = choose(accept_header, tuple(r.media_type for r in RDF_DOCUMENTS))
    return None if media is None else next(r for r in RDF_DOCUMENTS if r.media_type == media)


def split_suffix(path: str) -> tuple[str, Representation | None]:
    """``('id/entry/e1', TURTLE)`` for ``id/entry/e1.ttl``; no known suffix → ``(path, None)``.

    A simplified-script HTML page (``X.hans.html``) keeps ``.hans`` in the stem:
    see ``kg.web.html`` for the two scripts.
    """
    for suffix, rep in BY_SUFFIX.items():
        if path.endswith(suffix):
            return path[: -len(suffix)], rep
    return path, None


__all__ = ["Representation", "HTML", "TURTLE", "JSONLD", "NTRIPLES", "RDF_DOCUMENTS",
           "BY_SUFFIX", "parse_accept", "quality", "choose", "choose_document", "split_suffix"]

"""RDF terms as N-Triples strings: the build's working representation.

Building rdflib term objects costs more than everything else the build does
(URIRef validates every IRI, Literal normalises every value), and a million
of them do not fit the memory goal.  The builder therefore writes each term
once, directly in its N-Triples form, and a triple is a tuple of three such
strings.  These strings are hashable, sort into canonical order, are written
as they are, and load into pyoxigraph or rdflib unchanged.  ``to_rdflib`` turns
them back into rdflib terms where a library needs them (the reference reasoner
and validator).
"""

from __future__ import annotations

import re
from functools import cache

from kg.terms.namespaces import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_UNESCAPES = {"\\\\": "\\", '\\"': '"', "\\n": "\n", "\\r": "\r", "\\t": "\t"}


def escape(text: str) -> str:
    if not any(ch in text for ch in _ESCAPES):
        return text
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def unescape(text: str) -> str:
    if "\\" not in text:
        return text
    return re.sub(r'\\[\\"nrt]', lambda m: _UNESCAPES[m.group(0)], text)


def iri(value: str) -> str:
    return f"<{value}>"


def lit(text: str, lang: str | None = None) -> str:
    """A plain or language-tagged literal."""
    body = f'"{escape(text)}"'
    return f"{body}@{lang}" if lang else body


def typed(value, datatype: str) -> str:
    """A typed literal; ``datatype`` is an XSD local name (integer, boolean, date …)."""
    if datatype == "boolean":
        value = "true" if value else "false"
    return f'"{escape(str(value))}"^^<{XSD}{datatype}>'


def integer(value: int) -> str:
    return f'"{int(value)}"^^<{XSD}integer>'


class _Vocab:
    """``V.xxj.anchor`` → '<https://w3id.org/xixiaji/ontology#anchor>' (cached)."""

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> str:
        value = f"<{self._base}{name}>"
        setattr(self, name, value)
        return value

    def __getitem__(self, name: str) -> str:
        return self.__getattr__(name)


class V:
    """Vocabulary terms in N-Triples form, one attribute per prefix of kg.terms.namespaces."""

    # set by the loop below; declared here for the type checker
    xxj: _Vocab
    xxjd: _Vocab
    xxjc: _Vocab
    crm: _Vocab
    sem: _Vocab
    oa: _Vocab
    schema: _Vocab
    time: _Vocab
    prov: _Vocab
    skos: _Vocab
    dcterms: _Vocab
    owl: _Vocab
    rdfs: _Vocab
    rdf: _Vocab
    xsd: _Vocab
    void: _Vocab
    dcat: _Vocab


for _prefix, _ns in PREFIXES.items():
    setattr(V, _prefix, _Vocab(str(_ns)))


_LIT_RE = re.compile(
    r'^"(?P<lex>(?:[^"\\]|\\.)*)"(?:@(?P<lang>[A-Za-z0-9-]+)|\^\^<(?P<dt>[^>]*)>)?$')


@cache
def parse_literal(term: str) -> tuple[str, str | None, str | None]:
    """(lexical form, language, datatype IRI) of an N-Triples literal."""
    m = _LIT_RE.match(term)
    if not m:
        raise ValueError(f"not an N-Triples literal: {term[:60]}")
    return unescape(m.group("lex")), m.group("lang"), m.group("dt")


def to_rdflib(term: str):
    """The rdflib term of an N-Triples string (for libraries that need rdflib)."""
    from rdflib import Literal, URIRef

    if term.startswith("<"):
        return URIRef(term[1:-1])
    lex, lang, dt = parse_literal(term)
    if lang:
        return Literal(lex, lang=lang)
    if dt:
        return Literal(lex, datatype=URIRef(dt))
    return Literal(lex)


def from_rdflib(term) -> str:
    """The N-Triples string of an rdflib term (blank nodes occur only in the ontology)."""
    from rdflib import BNode, Literal

    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        body = f'"{escape(str(term))}"'
        if term.language:
            return f"{body}@{term.language}"
        if term.datatype:
            return f"{body}^^<{term.datatype}>"
        return body
    return f"<{term}>"


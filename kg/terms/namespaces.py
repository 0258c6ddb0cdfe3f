"""The one place that knows the namespaces (docs/MODEL.md)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD, DefinedNamespace

BASE = "https://w3id.org/xixiaji/"
XXJ = Namespace(BASE + "ontology#")
XXJD = Namespace(BASE + "id/")
XXJC = Namespace(BASE + "concept/")
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "xxj": XXJ, "xxjd": XXJD, "xxjc": XXJC, "crm": CRM, "sem": SEM, "oa": OA,
    "schema": SCHEMA, "time": TIME, "prov": PROV, "skos": SKOS, "dcterms": DCTERMS,
    "owl": OWL, "rdfs": RDFS, "rdf": RDF, "xsd": XSD, "void": VOID, "dcat": DCAT,
}


@lru_cache(maxsize=8)
def _longest_first(table: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(((p, str(ns)) for p, ns in table), key=lambda kv: -len(kv[1])))


_DEFAULT = tuple(PREFIXES.items())


def shorten(iri: str, prefixes: Mapping[str, str] | None = None,
            local: re.Pattern[str] | None = None) -> str | None:
    """``prefix:local`` by the longest namespace the IRI extends, or None.

    The one IRI-shortening rule of the project (pages, reports, query tables, the
    ontology reference and Turtle all use it): ``prefixes`` replaces the table of
    PREFIXES, and ``local`` is a pattern the local part must match (Turtle's rules),
    a shorter namespace being tried where the longest one's local part does not.
    """
    table = _DEFAULT if prefixes is None else tuple(prefixes.items())
    for prefix, ns in _longest_first(table):
        if iri.startswith(ns) and len(iri) > len(ns):
            rest = iri[len(ns):]
            if local is None or local.match(rest):
                return f"{prefix}:{rest}"
    return None

"""The one place that knows the namespaces (docs/MODEL.md)."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD

BASE = "https://w3id.org/xixiaji/"
XXJ = Namespace(BASE + "ontology#")
XXJD = Namespace(BASE + "id/")
XXJC = Namespace(BASE + "concept/")
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
TIME = Namespace("http://www.w3.org/2006/time#")

PREFIXES: dict[str, Namespace] = {
    "xxj": XXJ, "xxjd": XXJD, "xxjc": XXJC, "crm": CRM, "sem": SEM, "oa": OA,
    "schema": SCHEMA, "time": TIME, "prov": PROV, "skos": SKOS, "dcterms": DCTERMS,
    "owl": OWL, "rdfs": RDFS, "rdf": RDF, "xsd": XSD, "void": VOID, "dcat": DCAT,
}

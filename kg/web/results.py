"""SPARQL answers as HTTP bodies: the result formats of the SPARQL 1.1 Protocol.

SELECT and ASK answers go out as SPARQL JSON, XML, CSV or TSV; CONSTRUCT and
DESCRIBE answers as Turtle, JSON-LD or N-Triples.  JSON, CSV and TSV are the
very text ``kg query --format json|csv|tsv`` prints (``kg.query.engine.render``), so the
endpoint and the command answer alike; XML and the RDF syntaxes are written
here, from the same normalised answer (rows sorted unless the query orders them,
blank nodes renamed in order of appearance).
"""

from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

from kg.graph.serialize import Canonical, jsonld_context
from kg.query.engine import XSD, Answer, Term, render
from kg.web.conneg import choose

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"
TURTLE = "text/turtle"
JSONLD = "application/ld+json"
NTRIPLES = "application/n-triples"
HTML = "text/html"

#: offered per query form, in the server's order of preference
SOLUTION_TYPES = (JSON, XML, CSV, TSV, HTML)
GRAPH_TYPES = (TURTLE, JSONLD, NTRIPLES, HTML)
#: the ``format=`` parameter many SPARQL clients send instead of an Accept header
FORMAT_PARAM = {"json": JSON, "xml": XML, "csv": CSV, "tsv": TSV, "turtle": TURTLE,
                "ttl": TURTLE, "jsonld": JSONLD, "json-ld": JSONLD, "nt": NTRIPLES,
                "ntriples": NTRIPLES, "n-triples": NTRIPLES, "html": HTML}
CONTENT_TYPE = {JSON: "application/sparql-results+json; charset=utf-8",
                XML: "application/sparql-results+xml; charset=utf-8",
                CSV: "text/csv; charset=utf-8", TSV: "text/tab-separated-values; charset=utf-8",
                TURTLE: "text/turtle; charset=utf-8", JSONLD: "application/ld+json",
                NTRIPLES: "application/n-triples", HTML: "text/html; charset=utf-8"}
_ALIASES = {"application/json": JSON, "application/xml": XML, "text/xml": XML}


def offered(form: str) -> tuple[str, ...]:
    return GRAPH_TYPES if form == "graph" else SOLUTION_TYPES


def negotiate(form: str, accept: str | None, fmt: str | None) -> str | None:
    """The media type to answer a ``form`` ('select' | 'ask' | 'graph') query in, or None.

    ``format=`` wins over Accept; ``application/json`` and ``application/xml`` are
    read as the SPARQL results types (what generic HTTP clients ask for).
    """
    types = offered(form)
    if fmt:
        media = FORMAT_PARAM.get(fmt.lower().strip(), _ALIASES.get(fmt.lower().strip(),
                                                                   fmt.lower().strip()))
        return media if media in types else None
    if accept:
        for alias, media in _ALIASES.items():
            accept = accept.replace(alias, media)
    return choose(accept, types)


_XML_TAG = {"uri": "uri", "bnode": "bnode", "triple": "literal"}  # else a literal


def _xml_term(t: Term) -> str:
    tag = _XML_TAG.get(t.kind)
    if tag is not None:
        return f"<{tag}>{escape(t.value)}</{tag}>"
    attrs = ""
    if t.lang:
        attrs = f" xml:lang={quoteattr(t.lang)}"
    elif t.datatype and t.datatype != XSD + "string":
        attrs = f" datatype={quoteattr(t.datatype)}"
    return f"<literal{attrs}>{escape(t.value)}</literal>"


def xml_results(answer: Answer) -> str:
    """SPARQL Query Results XML Format (https://www.w3.org/TR/rdf-sparql-XMLres/)."""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"  <variable name={quoteattr(v)}/>" for v in answer.variables]
    out.append("</head>")
    if answer.form == "ask":
        out.append(f"<boolean>{'true' if answer.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in answer.rows:
            out.append("  <result>")
            for v, t in zip(answer.variables, row, strict=True):
                if t is not None:
                    out.append(f"    <binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
            out.append("  </result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def graph_document(answer: Answer, media: str) -> str:
    """A CONSTRUCT/DESCRIBE answer as Turtle, JSON-LD or N-Triples (sorted, stable)."""
    canon = Canonical((s.nt(), p.nt(), o.nt()) for s, p, o in answer.triples or [])
    if media == TURTLE:
        return canon.turtle()
    if media == JSONLD:
        ctx = json.dumps(jsonld_context()["@context"], ensure_ascii=False, indent=1)
        return '{"@context": ' + ctx + ',\n"@graph": [\n' + ",\n".join(canon.jsonld_nodes()) \
            + "\n]}\n"
    return canon.ntriples()


def body(answer: Answer, media: str) -> str:
    """The answer in ``media`` (one of ``offered(answer.form)``, HTML excepted)."""
    if answer.form == "graph":
        return graph_document(answer, media)
    if media == JSON:
        return render(answer, "json")
    if media == XML:
        return xml_results(answer)
    if media == CSV:
        if answer.form == "ask":  # CSV/TSV have no boolean form: one column, one row
            return "boolean\r\n" + ("true" if answer.boolean else "false") + "\r\n"
        return render(answer, "csv")
    if media == TSV:
        if answer.form == "ask":
            return "?boolean\n" + ("true" if answer.boolean else "false") + "\n"
        return render(answer, "tsv")
    raise ValueError(f"not a results media type: {media}")


__all__ = ["negotiate", "body", "offered", "xml_results", "graph_document", "CONTENT_TYPE",
           "JSON", "XML", "CSV", "TSV", "TURTLE", "JSONLD", "NTRIPLES", "HTML", "FORMAT_PARAM"]

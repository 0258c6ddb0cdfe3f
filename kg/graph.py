"""Entry records → RDF, following docs/MODEL.md.

One function per kind of resource; all IRIs come from ``kg.iri``.  Graphs are
built per text (a chunk) so that later stages can reason, validate and write
chunk by chunk.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from kg import iri
from kg.labels import hans, pinyin
from kg.namespaces import CRM, OA, XXJ

ZH = "zh-Hant"
ZHS = "zh-Hans"
PY = "zh-Latn-pinyin"


class Triples(set):
    """A set of (s, p, o) rdflib terms: the build's graph.

    rdflib's Graph indexes every triple three ways on insertion, which costs more
    than the rest of the build; our chunks are only added to, unioned, counted and
    written, for which a set is enough.  ``to_graph`` gives an rdflib Graph when a
    library needs one.
    """

    def triples(self, pattern):
        s0, p0, o0 = pattern
        for t in self:
            if (s0 is None or t[0] == s0) and (p0 is None or t[1] == p0) and \
                    (o0 is None or t[2] == o0):
                yield t

    def subjects(self, predicate=None, obj=None):
        return (t[0] for t in self.triples((None, predicate, obj)))

    def to_graph(self) -> Graph:
        g = Graph()
        for t in self:
            g.add(t)
        return g


def new_graph() -> Triples:
    return Triples()


_hans = lru_cache(maxsize=None)(hans)


@lru_cache(maxsize=None)
def _pinyin(text: str, name: bool) -> str:
    return pinyin(text, name=name)


def add_labels(g, node: URIRef, text: str, prop: URIRef = RDFS.label,
               romanise: bool = True, name: bool = False) -> None:
    """zh-Hant as printed, zh-Hans through OpenCC, and pinyin, so any script finds it."""
    g.add((node, prop, Literal(text, lang=ZH)))
    g.add((node, prop, Literal(_hans(text), lang=ZHS)))
    if romanise:
        g.add((node, prop, Literal(_pinyin(text, name), lang=PY)))


def _anchor(g: Graph, node: URIRef, entry_node: URIRef, start: int, end: int,
            exact: str) -> None:
    """Web Annotation anchor: entry + code-point offsets + the exact characters."""
    a = iri.anchor(node)
    pos = iri.anchor(node, "pos")
    quote = iri.anchor(node, "quote-selector")
    g.add((node, XXJ.anchor, a))
    g.add((a, RDF.type, OA.SpecificResource))
    g.add((a, OA.hasSource, entry_node))
    g.add((a, OA.hasSelector, pos))
    g.add((a, OA.hasSelector, quote))
    g.add((pos, RDF.type, OA.TextPositionSelector))
    g.add((pos, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    g.add((pos, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(exact)))


def text_resource(g: Graph, text_id: str, title: str, file: str, edition: dict) -> URIRef:
    node = iri.text(text_id)
    g.add((node, RDF.type, XXJ.Text))
    g.add((node, DCTERMS.title, Literal(title, lang=ZH)))
    g.add((node, DCTERMS.identifier, Literal(text_id)))
    if edition.get("author"):
        g.add((node, DCTERMS.creator, Literal(edition["author"], lang=ZH)))
    g.add((node, XXJ.sourceFile, Literal(file)))
    return node


def _int(v: int) -> Literal:
    return Literal(v, datatype=XSD.integer)


def _segment(g: Graph, node: URIRef, cls: URIRef, entry_node: URIRef, text: str,
             start: int, end: int) -> None:
    g.add((node, RDF.type, cls))
    g.add((node, XXJ.segmentOf, entry_node))
    g.add((node, XXJ.text, Literal(text, lang=ZH)))
    g.add((node, XXJ.start, _int(start)))
    g.add((node, XXJ.end, _int(end)))


def entry_resources(g: Graph, rec: dict, position: int) -> None:
    """The entry, its segments, its event, time-span, citations, readings and mentions."""
    eid = rec["id"]
    e = iri.entry(eid)
    ev = iri.event(eid)
    g.add((e, RDF.type, XXJ.Entry))
    g.add((e, XXJ.inText, iri.text(rec["text_id"])))
    g.add((e, XXJ.position, _int(position)))
    g.add((e, XXJ.sourceLine, _int(rec["line"])))
    g.add((e, XXJ.sourceColumn, _int(rec["col"])))
    g.add((e, XXJ.entryText, Literal(rec["entry_text"], lang=ZH)))
    g.add((e, XXJ.reports, ev))
    g.add((e, RDFS.label, Literal(rec["headline"], lang=ZH)))

    hl = iri.part(eid, "headline")
    hs, he = rec["headline_span"]
    _segment(g, hl, XXJ.Headline, e, rec["headline"], hs, he)
    g.add((e, XXJ.headline, hl))
    if rec.get("narrative") is not None:
        nv = iri.part(eid, "narrative")
        ns, ne = rec["narrative_span"]
        _segment(g, nv, XXJ.Narrative, e, rec["narrative"], ns, ne)
        g.add((e, XXJ.narrative, nv))

    g.add((ev, RDF.type, XXJ.Event))
    add_labels(g, ev, rec["headline"])
    g.add((ev, XXJ.reportedIn, e))
    if rec.get("event_type"):
        g.add((ev, XXJ.eventType, iri.concept("event-type", rec["event_type"])))
    _timespan(g, rec, ev)
    _citations(g, rec, e, ev)
    _notes_quotes(g, rec, e)
    _readings(g, rec, e)
    _mentions_participants(g, rec, e, ev)


def _timespan(g: Graph, rec: dict, ev: URIRef) -> None:
    ts = iri.part(rec["id"], "timespan")
    g.add((ev, XXJ.timeSpan, ts))
    g.add((ts, RDF.type, XXJ.TimeSpan))
    if rec.get("date_label"):
        g.add((ts, RDFS.label, Literal(rec["date_label"], lang=ZH)))
    if rec.get("era_id"):
        g.add((ts, XXJ.era, iri.era(rec["era_id"])))
    if rec.get("era"):
        g.add((ts, XXJ.eraName, Literal(rec["era"], lang=ZH)))
    for key, prop in (("era_year", XXJ.eraYear), ("ce_year", XXJ.ceYear),
                      ("month", XXJ.lunarMonth)):
        if rec.get(key) is not None:
            g.add((ts, prop, _int(rec[key])))
    if rec.get("month") is not None:
        g.add((ts, XXJ.leapMonth, Literal(bool(rec.get("leap")))))
    if rec.get("season"):
        g.add((ts, XXJ.season, Literal(rec["season"], lang=ZH)))
    if rec.get("day_ganzhi"):
        g.add((ts, XXJ.dayGanzhi, Literal(rec["day_ganzhi"], lang=ZH)))
    if rec.get("precision"):
        g.add((ts, XXJ.precision, iri.concept("precision", rec["precision"])))
    if rec.get("begin_jdn") is not None:
        g.add((ts, CRM["P82a_begin_of_the_begin"], Literal(rec["begin"], datatype=XSD.date)))
        g.add((ts, CRM["P82b_end_of_the_end"], Literal(rec["end"], datatype=XSD.date)))
        g.add((ts, XXJ.beginJulianDay, _int(rec["begin_jdn"])))
        g.add((ts, XXJ.endJulianDay, _int(rec["end_jdn"])))
        g.add((ts, XXJ.beginJulianCalendar, Literal(rec["begin_julian"])))
        g.add((ts, XXJ.endJulianCalendar, Literal(rec["end_julian"])))


def _citations(g: Graph, rec: dict, e: URIRef, ev: URIRef) -> None:
    for n, c in enumerate(rec.get("citations", []), 1):
        node = iri.part(rec["id"], "citation", n)
        g.add((node, RDF.type, XXJ.Citation))
        g.add((ev, XXJ.citation, node))
        g.add((node, XXJ.printedForm, Literal(c["raw"], lang=ZH)))
        g.add((node, XXJ.position, _int(n)))
        if c.get("work_id"):
            w = iri.work(c["work_id"])
            g.add((node, XXJ.citesWork, w))
            g.add((ev, PROV.wasDerivedFrom, w))
        if c.get("section"):
            g.add((node, XXJ.section, Literal(c["section"], lang=ZH)))
        if c.get("juan") is not None:
            g.add((node, XXJ.juanStart, _int(c["juan"])))
            g.add((node, XXJ.juanEnd, _int(c.get("juan_end") or c["juan"])))
        if c.get("misprint"):
            g.add((node, XXJ.misprint, Literal(True)))
        if c.get("start") is not None:
            _anchor(g, node, e, c["start"], c["end"], c["raw"])


def _notes_quotes(g: Graph, rec: dict, e: URIRef) -> None:
    for n, note in enumerate(rec.get("note_spans", []), 1):
        node = iri.part(rec["id"], "note", n)
        _segment(g, node, XXJ.EditorialNote, e, note["text"], note["start"], note["end"])
        _anchor(g, node, e, note["start"], note["end"], note["text"])
    for n, q in enumerate(rec.get("quotes", []), 1):
        node = iri.part(rec["id"], "quote", n)
        _segment(g, node, XXJ.InlineQuotation, e, q["text"], q["start"], q["end"])
        if q.get("work_id"):
            g.add((node, XXJ.quotes, iri.work(q["work_id"])))
        _anchor(g, node, e, q["start"], q["end"], q["text"])


_READING_CLASS = {"一作": XXJ.VariantForm, "作": XXJ.SourceReading,
                  "judgement": XXJ.EditorialJudgement}


def _readings(g: Graph, rec: dict, e: URIRef) -> None:
    for n, r in enumerate(rec.get("readings", []), 1):
        node = iri.part(rec["id"], "reading", n)
        g.add((node, RDF.type, _READING_CLASS[r["kind"]]))
        g.add((node, XXJ.inEntry, e))
        if r.get("variant"):
            add_labels(g, node, r["variant"], XXJ.readingText, romanise=False)
        if r.get("form"):
            g.add((node, XXJ.readingOf, Literal(r["form"], lang=ZH)))
        g.add((node, XXJ.readingKind, iri.concept("reading-kind", r["reading_kind"])))
        g.add((node, XXJ.standing, iri.concept("standing", r["standing"])))
        g.add((node, XXJ.formBasis, Literal(r["form_basis"])))
        for wid in r.get("work_ids", []):
            if wid:
                g.add((node, PROV.wasAttributedTo, iri.work(wid)))
        if r.get("entity"):
            kind, ident = r["entity"]
            g.add((node, XXJ.aboutEntity, iri.entity(kind, ident)))
        if r.get("date"):
            g.add((node, XXJ.ceYear, _int(r["date"]["ce_year"])))
        _anchor(g, node, e, r["start"], r["end"], r["raw"])


def _mentions_participants(g: Graph, rec: dict, e: URIRef, ev: URIRef) -> None:
    role_prop = {"agent": XXJ.hasAgent, "patient": XXJ.hasPatient,
                 "recipient": XXJ.hasRecipient, "place": XXJ.tookPlaceAt}
    for n, p in enumerate(rec.get("participants", []), 1):
        node = iri.part(rec["id"], "participation", n)
        g.add((ev, XXJ.hasParticipation, node))
        g.add((node, RDF.type, XXJ.Participation))
        g.add((node, XXJ.role, iri.concept("role", p["role"])))
        if p.get("id"):
            ent = iri.entity(p["type"], p["id"])
            g.add((node, XXJ.participant, ent))
            if p["role"] in role_prop:
                g.add((ev, role_prop[p["role"]], ent))
        else:
            g.add((node, XXJ.unresolvedName, Literal(p.get("text") or p["label"], lang=ZH)))
        if p.get("start") is not None:
            offset = rec["headline_span"][0] if p["part"] == "headline" else \
                rec["narrative_span"][0]
            g.add((node, XXJ.mentionText, Literal(p["text"], lang=ZH)))
            _anchor(g, node, e, offset + p["start"], offset + p["end"], p["text"])
    for n, m in enumerate(rec.get("mentions", []), 1):
        node = iri.part(rec["id"], "mention", n)
        g.add((node, RDF.type, XXJ.Mention))
        g.add((node, XXJ.inEntry, e))
        g.add((node, XXJ.text, Literal(m["text"], lang=ZH)))
        if m.get("id"):
            g.add((node, XXJ.refersTo, iri.entity(m["type"], m["id"])))
        _anchor(g, node, e, m["estart"], m["eend"], m["text"])


def check_no_blank_nodes(g: Graph) -> list:
    """Blank nodes are not allowed in our output: every resource is named."""
    return [t for t in g if any(isinstance(x, BNode) for x in t)]


__all__ = ["new_graph", "entry_resources", "text_resource", "add_labels",
           "check_no_blank_nodes", "OWL", "SKOS", "Iterable"]

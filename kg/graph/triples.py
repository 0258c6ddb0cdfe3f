"""Entry records → RDF (N-Triples string triples), following docs/MODEL.md.

One function per kind of resource; all IRIs come from ``kg.terms.iri``, all terms are
written by ``kg.terms.nt``.  Graphs are built per text (a chunk) so that later stages
can reason, validate and write chunk by chunk.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import cast

from kg.core.record import EntryRecord
from kg.entities.labels import hans, pinyin
from kg.sources.readings import searchable
from kg.terms import iri
from kg.terms.nt import RDF_TYPE, V, integer, lit, typed
from kg.terms.nt import iri as u

ZH = "zh-Hant"
ZHS = "zh-Hans"
PY = "zh-Latn-pinyin"
X = V.xxj
RDFS_LABEL = V.rdfs.label


class Triples(set):
    """A set of (s, p, o) N-Triples strings: one chunk of the build's graph."""

    def subjects(self, predicate: str, obj: str):
        return (s for s, p, o in self if p == predicate and o == obj)


def new_graph() -> Triples:
    return Triples()


@cache
def _hans(text: str) -> str:
    return hans(text)


@cache
def _pinyin(text: str, name: bool) -> str:
    return pinyin(text, name=name)


def add_labels(g: Triples, node: str, text: str, prop: str = RDFS_LABEL,
               romanise: bool = True, name: bool = False) -> None:
    """zh-Hant as printed, zh-Hans through OpenCC, and pinyin, so any script finds it."""
    g.add((node, prop, lit(text, ZH)))
    g.add((node, prop, lit(_hans(text), ZHS)))
    if romanise:
        g.add((node, prop, lit(_pinyin(text, name), PY)))


def _anchor(g: Triples, node_iri: str, entry_node: str, start: int, end: int,
            exact: str) -> None:
    """Web Annotation anchor: entry + code-point offsets + the exact characters."""
    a = u(iri.anchor(node_iri))
    pos = u(iri.anchor(node_iri, "pos"))
    quote = u(iri.anchor(node_iri, "quote-selector"))
    node = u(node_iri)
    g.add((node, X.anchor, a))
    g.add((a, RDF_TYPE, V.oa.SpecificResource))
    g.add((a, V.oa.hasSource, entry_node))
    g.add((a, V.oa.hasSelector, pos))
    g.add((a, V.oa.hasSelector, quote))
    g.add((pos, RDF_TYPE, V.oa.TextPositionSelector))
    g.add((pos, V.oa.start, typed(start, "nonNegativeInteger")))
    g.add((pos, V.oa.end, typed(end, "nonNegativeInteger")))
    g.add((quote, RDF_TYPE, V.oa.TextQuoteSelector))
    g.add((quote, V.oa.exact, lit(exact)))


def text_resource(g: Triples, text_id: str, title: str, file: str, edition: dict,
                  line_count: int | None = None) -> str:
    """The text; its line count lets the shapes check every entry's xxj:sourceLine."""
    node = u(iri.text(text_id))
    g.add((node, RDF_TYPE, X.Text))
    g.add((node, V.dcterms.title, lit(title, ZH)))
    g.add((node, V.dcterms.identifier, lit(text_id)))
    if edition.get("author"):
        g.add((node, V.dcterms.creator, lit(edition["author"], ZH)))
    g.add((node, X.sourceFile, lit(file)))
    if line_count is not None:
        g.add((node, X.lineCount, integer(line_count)))
    return node


def preamble_resources(g: Triples, text_id: str, n: int, text: str, start: int, end: int,
                       line: int) -> None:
    """A preamble (reign biography, preface): published text of the juan, no entry, no
    event; located in its file by offsets and line, since it has no entry to count in."""
    node = u(iri.preamble(text_id, n))
    g.add((node, RDF_TYPE, X.Preamble))
    g.add((node, X.preambleOf, u(iri.text(text_id))))
    g.add((node, X.position, integer(n)))
    g.add((node, X.text, lit(text, ZH)))
    g.add((node, X.fileStart, integer(start)))
    g.add((node, X.fileEnd, integer(end)))
    g.add((node, X.fileLine, integer(line)))


def _segment(g: Triples, node: str, cls: str, entry_node: str, text: str,
             start: int, end: int) -> None:
    g.add((node, RDF_TYPE, cls))
    g.add((node, X.segmentOf, entry_node))
    g.add((node, X.text, lit(text, ZH)))
    g.add((node, X.start, integer(start)))
    g.add((node, X.end, integer(end)))


def entry_resources(g: Triples, rec: EntryRecord, position: int) -> None:
    """The entry, its segments, its event, time-span, citations, readings and mentions."""
    eid = rec["id"]
    e = u(iri.entry(eid))
    ev = u(iri.event(eid))
    g.add((e, RDF_TYPE, X.Entry))
    g.add((e, X.inText, u(iri.text(rec["text_id"]))))
    g.add((e, X.position, integer(position)))
    g.add((e, X.sourceLine, integer(rec["line"])))
    g.add((e, X.sourceColumn, integer(rec["col"])))
    g.add((e, X.entryText, lit(rec["entry_text"], ZH)))
    g.add((e, X.reports, ev))
    g.add((e, RDFS_LABEL, lit(rec["headline"], ZH)))

    hl = u(iri.part(eid, "headline"))
    hs, he = rec["headline_span"]
    _segment(g, hl, X.Headline, e, rec["headline"], hs, he)
    g.add((e, X.headline, hl))
    narrative = rec.get("narrative")
    if narrative is not None:
        nv = u(iri.part(eid, "narrative"))
        ns, ne = rec["narrative_span"]
        _segment(g, nv, X.Narrative, e, narrative, ns, ne)
        g.add((e, X.narrative, nv))

    g.add((ev, RDF_TYPE, X.Event))
    add_labels(g, ev, rec["headline"])
    g.add((ev, X.reportedIn, e))
    if rec.get("event_type"):
        g.add((ev, X.eventType, u(iri.concept("event-type", rec["event_type"]))))
    _timespan(g, rec, ev)
    _citations(g, rec, e, ev)
    for wid in rec.get("shared_work_ids", []):
        g.add((ev, V.prov.wasDerivedFrom, u(iri.work(wid))))
    _notes_quotes(g, rec, e)
    _readings(g, rec, e)
    _mentions_participants(g, rec, e, ev)


def _timespan(g: Triples, rec: EntryRecord, ev: str) -> None:
    ts = u(iri.part(rec["id"], "timespan"))
    g.add((ev, X.timeSpan, ts))
    g.add((ts, RDF_TYPE, X.TimeSpan))
    if rec.get("date_label"):
        g.add((ts, RDFS_LABEL, lit(rec["date_label"], ZH)))
    if rec.get("era_id"):
        g.add((ts, X.era, u(iri.era(rec["era_id"]))))
    if era := rec.get("era"):
        g.add((ts, X.eraName, lit(era, ZH)))
    for value, prop in ((rec.get("era_year"), X.eraYear), (rec.get("ce_year"), X.ceYear),
                        (rec.get("month"), X.lunarMonth)):
        if value is not None:
            g.add((ts, prop, integer(value)))
    if rec.get("month") is not None:
        g.add((ts, X.leapMonth, typed(bool(rec.get("leap")), "boolean")))
    if season := rec.get("season"):
        g.add((ts, X.season, lit(season, ZH)))
    if day := rec.get("day_ganzhi"):
        g.add((ts, X.dayGanzhi, lit(day, ZH)))
    if rec.get("precision"):
        g.add((ts, X.precision, u(iri.concept("precision", rec["precision"]))))
    if rec.get("begin_jdn") is not None:
        g.add((ts, V.crm["P82a_begin_of_the_begin"], typed(rec["begin"], "date")))
        g.add((ts, V.crm["P82b_end_of_the_end"], typed(rec["end"], "date")))
        g.add((ts, X.beginJulianDay, integer(rec["begin_jdn"])))
        g.add((ts, X.endJulianDay, integer(rec["end_jdn"])))
        g.add((ts, X.beginJulianCalendar, lit(rec["begin_julian"])))
        g.add((ts, X.endJulianCalendar, lit(rec["end_julian"])))


def _parts(rec: EntryRecord, key: str, name: str) -> Iterator[tuple[int, str, str, dict]]:
    """The items of ``rec[key]`` with the IRI and node of each: numbered from 1 in
    the order of the record, as the IRI policy numbers parts within an entry."""
    items = cast("list[dict]", rec.get(key, []))  # a list key of the record, named by the caller
    for n, item in enumerate(items, 1):
        node_iri = iri.part(rec["id"], name, n)
        yield n, node_iri, u(node_iri), item


def _citations(g: Triples, rec: EntryRecord, e: str, ev: str) -> None:
    for n, node_iri, node, c in _parts(rec, "citations", "citation"):
        g.add((node, RDF_TYPE, X.Citation))
        g.add((ev, X.citation, node))
        g.add((node, X.printedForm, lit(c["raw"], ZH)))
        g.add((node, X.position, integer(n)))
        if c.get("work_id"):
            w = u(iri.work(c["work_id"]))
            g.add((node, X.citesWork, w))
            g.add((ev, V.prov.wasDerivedFrom, w))
        if c.get("section"):
            g.add((node, X.section, lit(c["section"], ZH)))
        if c.get("juan") is not None:
            g.add((node, X.juanStart, integer(c["juan"])))
            g.add((node, X.juanEnd, integer(c.get("juan_end") or c["juan"])))
        if c.get("misprint"):
            g.add((node, X.misprint, typed(True, "boolean")))
        if c.get("start") is not None:
            _anchor(g, node_iri, e, c["start"], c["end"], c["raw"])


def _notes_quotes(g: Triples, rec: EntryRecord, e: str) -> None:
    for _, node_iri, node, note in _parts(rec, "note_spans", "note"):
        _segment(g, node, X.EditorialNote, e, note["text"], note["start"], note["end"])
        _anchor(g, node_iri, e, note["start"], note["end"], note["text"])
    for _, node_iri, node, q in _parts(rec, "quotes", "quote"):
        _segment(g, node, X.InlineQuotation, e, q["text"], q["start"], q["end"])
        if q.get("work_id"):
            g.add((node, X.quotes, u(iri.work(q["work_id"]))))
        _anchor(g, node_iri, e, q["start"], q["end"], q["text"])


_READING_CLASS = {"一作": X.VariantForm, "作": X.SourceReading,
                  "judgement": X.EditorialJudgement}


def _readings(g: Triples, rec: EntryRecord, e: str) -> None:
    for _, node_iri, node, r in _parts(rec, "readings", "reading"):
        g.add((node, RDF_TYPE, _READING_CLASS[r["kind"]]))
        g.add((node, X.inEntry, e))
        if r.get("variant"):
            add_labels(g, node, r["variant"], X.readingText, romanise=False)
            if searchable(r["variant"]):
                g.add((node, X.normalizedReadingText, lit(searchable(r["variant"]), ZH)))
        if r.get("form"):
            g.add((node, X.readingOf, lit(r["form"], ZH)))
            if searchable(r["form"]):
                g.add((node, X.normalizedReadingOf, lit(searchable(r["form"]), ZH)))
        g.add((node, X.readingKind, u(iri.concept("reading-kind", r["reading_kind"]))))
        g.add((node, X.standing, u(iri.concept("standing", r["standing"]))))
        g.add((node, X.formBasis, lit(r["form_basis"])))
        for wid in r.get("work_ids", []):
            if wid:
                g.add((node, V.prov.wasAttributedTo, u(iri.work(wid))))
        if r.get("entity"):
            kind, ident = r["entity"]
            g.add((node, X.aboutEntity, u(iri.entity(kind, ident))))
        _anchor(g, node_iri, e, r["start"], r["end"], r["raw"])


_ROLE_PROP = {"agent": X.hasAgent, "patient": X.hasPatient, "recipient": X.hasRecipient,
              "place": X.tookPlaceAt}


def _mentions_participants(g: Triples, rec: EntryRecord, e: str, ev: str) -> None:
    for _, node_iri, node, p in _parts(rec, "participants", "participation"):
        g.add((ev, X.hasParticipation, node))
        g.add((node, RDF_TYPE, X.Participation))
        g.add((node, X.role, u(iri.concept("role", p["role"]))))
        if p.get("rule"):
            g.add((node, X.foundBy, lit(p["rule"])))
        if p.get("id"):
            ent = u(iri.entity(p["type"], p["id"]))
            g.add((node, X.participant, ent))
            if p["role"] in _ROLE_PROP:
                g.add((ev, _ROLE_PROP[p["role"]], ent))
        else:
            g.add((node, X.unresolvedName, lit(p.get("text") or p["label"], ZH)))
        if p.get("start") is not None:
            offset = rec["headline_span"][0] if p["part"] == "headline" else \
                rec["narrative_span"][0]
            g.add((node, X.mentionText, lit(p["text"], ZH)))
            _anchor(g, node_iri, e, offset + p["start"], offset + p["end"], p["text"])
    for _, node_iri, node, m in _parts(rec, "mentions", "mention"):
        g.add((node, RDF_TYPE, X.Mention))
        g.add((node, X.inEntry, e))
        g.add((node, X.text, lit(m["text"], ZH)))
        if m.get("id"):
            g.add((node, X.refersTo, u(iri.entity(m["type"], m["id"]))))
        _anchor(g, node_iri, e, m["estart"], m["eend"], m["text"])

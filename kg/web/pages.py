"""The pages a historian reads: entries, persons and places on a timeline, works, years.

Each function takes the read-only store (and the ``Describer`` of the same
build) and returns a finished page (``kg.web.html.page``).  Lists come from SPARQL
with the resource's IRI bound, so every page costs index lookups, not scans;
the year and name indexes aggregate once per build and are cached by the
caller (``kg.web.serve``) or written once (``kg.web.site``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from kg.terms.entity_types import ENTITY_TYPES
from kg.terms.namespaces import BASE, PREFIXES, shorten
from kg.web.describe import DATASET_PATH, ONTOLOGY_PATH, Describer
from kg.web.html import Ctx, Span, annotate, e, link, page, sparql_form, table

XXJ = BASE + "ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
CRM = "http://www.cidoc-crm.org/cidoc-crm/"
OA = "http://www.w3.org/ns/oa#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
_PREFIXES = {p: str(ns) for p, ns in PREFIXES.items()}
_SAFE_IRI = re.compile(r"^https://w3id\.org/xixiaji/[A-Za-z0-9._/#-]+$")
TIMELINE_MAX = 2000  # entries listed on one page; the rest are counted

ENTITY_CLASSES = {t.name: t.cls for t in ENTITY_TYPES}
INDEXES = {t.index: (t.name, t.index_title) for t in ENTITY_TYPES}


def select(store: ox.Store, query: str, **iris: str) -> list[dict]:
    """Rows of a SELECT as ``{var: term}``; ``{name}`` in the query takes an IRI."""
    for name, iri in iris.items():
        if not _SAFE_IRI.match(iri):
            raise ValueError(f"not an IRI of this dataset: {iri!r}")
        query = query.replace("{" + name + "}", f"<{iri}>")
    result = store.query(query, prefixes=_PREFIXES, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: sol[n] for n in names if sol[n] is not None} for sol in result]


def val(term) -> str:
    return "" if term is None else term.value


def _lang(term) -> str:
    return (getattr(term, "language", None) or "").lower()


class Index:
    """Statements of one document by subject and predicate, with label lookup."""

    def __init__(self, quads) -> None:
        self.data: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
        for q in quads:
            objs = self.data[q.subject.value][q.predicate.value]
            if q.object not in objs:
                objs.append(q.object)

    def all(self, s: str, p: str) -> list:
        return self.data.get(s, {}).get(p, [])

    def one(self, s: str, p: str):
        values = self.all(s, p)
        return values[0] if values else None

    def label(self, iri: str, lang: str = "zh-hant") -> str:
        return best_label([*self.all(iri, SKOS + "prefLabel"), *self.all(iri, RDFS + "label"),
                           *self.all(iri, DCT + "title")], lang) or short(iri)


def best_label(terms, lang: str = "zh-hant") -> str:
    """The label in ``lang``, else one without a tag, else English, else any."""
    by: dict[str, str] = {}
    for t in terms:
        by.setdefault(_lang(t), t.value)
    for key in (lang, "", "en", "zh-hans"):
        if key in by:
            return by[key]
    return next(iter(by.values()), "")


def short(iri: str) -> str:
    return shorten(iri) or iri


def _int(term) -> int | None:
    try:
        return int(term.value)
    except (AttributeError, ValueError):
        return None


# --------------------------------------------------------------------------- entry

def entry_page(d: Describer, ctx: Ctx, entry_path: str, focus: str | None = None) -> bytes:
    """The entry with its text annotated, date, participants, sources and readings."""
    g = Index(d.quads(entry_path))
    entry = BASE + entry_path
    text = val(g.one(entry, XXJ + "entryText"))
    event = val(g.one(entry, XXJ + "reports"))
    headline = val(g.one(entry, RDFS + "label"))
    parts = _entry_parts(g, entry)
    spans, readings = _text_spans(ctx, g, entry, text, parts)
    body = [f'<p class="crumbs">{_crumbs(ctx, g, entry)}</p>',
            f'<h1 class="headline">{e(headline)}</h1>']
    if focus:
        body.append(f'<p class="focus">This page describes <code>{e(focus)}</code>, '
                    "the event this entry reports.</p>")
    body.append(_date_block(ctx, g, event))
    body.append(f'<section class="entry-text" lang="zh-Hant">{annotate(text, spans)}</section>')
    body.append(_legend())
    body.append(_participants(ctx, g, event))
    body.append(_readings(ctx, g, readings))
    body.append(_citations(ctx, g, event, entry))
    body.append(_notes(g, entry, parts))
    source = _source_line(d, ctx, g, entry)
    if source:
        body.append(source)
    return page(ctx, headline, "\n".join(body), iri=focus or entry, alternates=True)


def _entry_parts(g: Index, entry: str) -> list[str]:
    """The numbered parts of the entry (``…/note/2``), in number order so that the
    notes and the marks come out in the order of the text."""
    return sorted((s for s in g.data if s.startswith(entry + "/") and s.count("/") ==
                   entry.count("/") + 2), key=_part_key)


def _part_position(g: Index, part: str) -> tuple[int, int] | None:
    """Where a part stands in the entry text, from its anchor's position selector;
    None for a part with no position (it gets no mark)."""
    anchor = val(g.one(part, XXJ + "anchor"))
    for sel in g.all(anchor, OA + "hasSelector"):
        start, end = _int(g.one(sel.value, OA + "start")), _int(g.one(sel.value, OA + "end"))
        if start is not None and end is not None:
            return start, end
    return None


#: part kind → (nesting level, class) of the plain marks over the entry text
_PLAIN_MARKS = {"citation": (1, "cite"), "note": (1, "note"), "quote": (2, "quote")}


def _text_spans(ctx: Ctx, g: Index, entry: str, text: str,
                parts: list[str]) -> tuple[list[Span], list[str]]:
    """The marks over the entry text, and the readings among the parts: only those
    with a place in the text are listed, as only they can be marked."""
    spans: list[Span] = []
    for seg in ("headline", "narrative"):
        s = entry + "/" + seg
        start, end = _int(g.one(s, XXJ + "start")), _int(g.one(s, XXJ + "end"))
        if start is not None and end is not None:
            spans.append(Span(start, end, 0, "span", (("class", seg),), seg))
    readings = []
    for part in parts:
        k = part[len(entry) + 1:].split("/")[0] if part.startswith(entry + "/") else ""
        n = part.rsplit("/", 1)[-1]
        where = _part_position(g, part)
        if where is None:
            continue
        start, end = where
        if k in _PLAIN_MARKS:
            level, cls = _PLAIN_MARKS[k]
            spans.append(Span(start, end, level, "span", (("class", cls),), f"{k}-{n}"))
        elif k == "reading":
            readings.append(part)
            spans.extend(_reading_spans(g, part, n, text, start, end))
        elif k == "mention":
            spans.append(_mention_span(ctx, g, part, n, start, end))
    return spans, readings


def _reading_spans(g: Index, part: str, n: str, text: str, start: int,
                   end: int) -> list[Span]:
    """A reading's mark, and one over the words it reads differently when they stand
    earlier on the same line (the reading itself is placed after them)."""
    standing = val(g.one(part, XXJ + "standing")).rsplit("/", 1)[-1]
    title = _reading_title(g, part)
    spans = [Span(start, end, 3, "mark",
                  (("class", f"reading standing-{standing}"), ("title", title),
                   ("data-reading", n)), f"reading-{n}")]
    of = val(g.one(part, XXJ + "readingOf"))
    at = text.rfind(of, 0, start) if of else -1
    line_start = text.rfind("\n", 0, start) + 1
    if of and at >= line_start:
        spans.append(Span(at, at + len(of), 3, "span",
                          (("class", "reading-of"), ("title", title))))
    return spans


def _mention_span(ctx: Ctx, g: Index, part: str, n: str, start: int, end: int) -> Span:
    """A mention links to its entity's page when it is resolved; else it is plain."""
    target = val(g.one(part, XXJ + "refersTo"))
    href = ctx.iri_url(target) if target else None
    attrs = (("class", "mention"), ("href", href)) if href else (("class", "mention"),)
    return Span(start, end, 4, "a" if href else "span", attrs, f"mention-{n}")


def _source_line(d: Describer, ctx: Ctx, g: Index, entry: str) -> str | None:
    """Where the entry is printed, so a reader can check it against the text."""
    line, col = val(g.one(entry, XXJ + "sourceLine")), val(g.one(entry, XXJ + "sourceColumn"))
    text_iri = val(g.one(entry, XXJ + "inText"))
    if not text_iri:
        return None
    title = _text_title(d, text_iri)
    return (f'<p class="source">Printed in {link(ctx, text_iri, title)}, '
            f"line {e(line)}, column {e(col)}.</p>")


def _text_title(d: Describer, text_iri: str) -> str:
    node = ox.NamedNode(text_iri)
    return best_label([q.object for q in d.store.quads_for_pattern(
        node, ox.NamedNode(DCT + "title"), None)]) or short(text_iri)


def _part_key(iri: str):
    head, _, n = iri.rpartition("/")
    return (head, int(n) if n.isdigit() else 0, n)


def _reading_title(g: Index, part: str) -> str:
    reads = best_label(g.all(part, XXJ + "readingText"))
    of = val(g.one(part, XXJ + "readingOf"))
    work = val(g.one(part, PROV + "wasAttributedTo"))
    who = g.label(work) if work else "一作"
    standing = val(g.one(part, XXJ + "standing")).rsplit("/", 1)[-1]
    return f"{who}: {reads}" + (f" (for {of})" if of else "") + f" — {standing}"


def _crumbs(ctx: Ctx, g: Index, entry: str) -> str:
    event = val(g.one(entry, XXJ + "reports"))
    ts = val(g.one(event, XXJ + "timeSpan"))
    year = val(g.one(ts, XXJ + "ceYear"))
    bits = [f'<a href="{e(ctx.url("years"))}">年表</a>']
    if year:
        bits.append(f'<a href="{e(ctx.url("year/" + year))}">{e(year)}</a>')
    return " › ".join(bits)


def _date_block(ctx: Ctx, g: Index, event: str) -> str:
    ts = val(g.one(event, XXJ + "timeSpan"))
    if not ts:
        return ""
    label = best_label(g.all(ts, RDFS + "label"))
    era = val(g.one(ts, XXJ + "era"))
    begin, end = val(g.one(ts, CRM + "P82a_begin_of_the_begin")), val(
        g.one(ts, CRM + "P82b_end_of_the_end"))
    jb, je = val(g.one(ts, XXJ + "beginJulianCalendar")), val(g.one(ts, XXJ + "endJulianCalendar"))
    ce = val(g.one(ts, XXJ + "ceYear"))
    etype = val(g.one(event, XXJ + "eventType"))
    rows = [("夏曆 Chinese date", e(label) + (f" · era {link(ctx, era, g.label(era))}" if era
                                              else "")),
            ("公曆 CE (proleptic Gregorian)", _range(begin, end) or e(ce)),
            ("儒略曆 Julian calendar", _range(jb, je))]
    if etype:
        rows.append(("事類 Event type", link(ctx, etype, g.label(etype)) + " / "
                     + e(g.label(etype, "en"))))
    dl = "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in rows if v)
    return f'<dl class="date" id="timespan">{dl}</dl>'


def _range(a: str, b: str) -> str:
    if not a:
        return ""
    return f"<time>{e(a)}</time>" + (f" – <time>{e(b)}</time>" if b and b != a else "")


def _legend() -> str:
    return ('<p class="legend"><span class="headline">綱 headline</span> '
            '<mark class="reading">異文 reading</mark> <span class="note">按 note</span> '
            '<span class="cite">出處 citation</span> <a class="mention">人名地名 name</a></p>')


def _participants(ctx: Ctx, g: Index, event: str) -> str:
    rows, ids = [], []
    for p in sorted((t.value for t in g.all(event, XXJ + "hasParticipation")), key=_part_key):
        who = val(g.one(p, XXJ + "participant"))
        role = val(g.one(p, XXJ + "role"))
        name = (link(ctx, who, g.label(who)) if who else
                e(val(g.one(p, XXJ + "unresolvedName"))) + " <small>(not yet identified)</small>")
        written = val(g.one(p, XXJ + "mentionText"))
        ids.append(f"participation-{p.rsplit('/', 1)[-1]}")
        rows.append([e(g.label(role)) + f" <small>{e(g.label(role, 'en'))}</small>" if role
                     else "", name, e(written) or "<small>implied</small>",
                     e(val(g.one(p, XXJ + "foundBy")))])
    places = [t.value for t in g.all(event, XXJ + "tookPlaceAt")]
    out = ""
    if rows:
        out += "<h2>人物 Participants</h2>" + table(
            ["role", "who / where", "as written", "found by"],
            rows, "participants", ids)
    if places:
        out += "<p>地 Place: " + ", ".join(link(ctx, p, g.label(p)) for p in places) + "</p>"
    return out


def _readings(ctx: Ctx, g: Index, readings: list[str]) -> str:
    if not readings:
        return ""
    rows = []
    for r in readings:
        n = r.rsplit("/", 1)[-1]
        work = val(g.one(r, PROV + "wasAttributedTo"))
        about = val(g.one(r, XXJ + "aboutEntity"))
        standing = val(g.one(r, XXJ + "standing"))
        rows.append([f'<a href="#reading-{e(n)}">{e(n)}</a>',
                     f'<mark class="reading">{e(best_label(g.all(r, XXJ + "readingText")))}</mark>',
                     e(val(g.one(r, XXJ + "readingOf")))
                     + (f" → {link(ctx, about, g.label(about))}" if about else ""),
                     e(g.label(val(g.one(r, XXJ + "readingKind")), "en")),
                     f'<span class="standing-{e(standing.rsplit("/", 1)[-1])}">'
                     f'{e(g.label(standing, "en"))}</span>',
                     link(ctx, work, g.label(work)) if work
                     else "一作 <small>(one version)</small>"])
    return "<h2>異文 Readings</h2>" + table(
        ["#", "reads", "for the chronicle's", "kind", "standing", "according to"], rows,
        "readings")


def _citations(ctx: Ctx, g: Index, event: str, entry: str) -> str:
    items = []
    for c in sorted((t.value for t in g.all(event, XXJ + "citation")), key=_part_key):
        work = val(g.one(c, XXJ + "citesWork"))
        printed = val(g.one(c, XXJ + "printedForm"))
        bits = [link(ctx, work, g.label(work)) if work else e(printed)]
        section = val(g.one(c, XXJ + "section"))
        if section:
            bits.append(f"·{e(section)}")
        js, je = val(g.one(c, XXJ + "juanStart")), val(g.one(c, XXJ + "juanEnd"))
        if js:
            bits.append(f" 卷{e(js)}" + (f"–{e(je)}" if je and je != js else ""))
        if g.one(c, XXJ + "misprint") is not None and val(g.one(c, XXJ + "misprint")) == "true":
            bits.append(f' <small>(printed {e(printed)}: a misprint)</small>')
        n = c.rsplit("/", 1)[-1]
        items.append(f'<li><a href="#citation-{e(n)}">{e(printed)}</a> → {"".join(bits)}</li>')
    if not items:
        return ""
    return "<h2>出處 Sources</h2><ul class=\"citations\">" + "".join(items) + "</ul>"


def _notes(g: Index, entry: str, parts: list[str]) -> str:
    notes = [p for p in parts if p.startswith(entry + "/note/")]
    if not notes:
        return ""
    items = "".join(f'<li><a href="#note-{e(p.rsplit("/", 1)[-1])}">'
                    f'{e(val(g.one(p, XXJ + "text")))}</a></li>' for p in notes)
    return f'<h2>按 Notes</h2><ol class="notes">{items}</ol>'


# --------------------------------------------------------------------------- entities

_TIMELINE = """
SELECT ?ev ?role ?how WHERE {
  { ?part xxj:participant {x} . ?ev xxj:hasParticipation ?part .
    OPTIONAL { ?part xxj:role ?role } BIND("participant" AS ?how) }
  UNION { ?ev xxj:tookPlaceAt {x} . BIND("place" AS ?how) }
  UNION { ?m xxj:refersTo {x} ; xxj:inEntry ?e0 . ?e0 xxj:reports ?ev . BIND("named" AS ?how) }
}"""

# details of the events found, bound by VALUES: one query over the whole pattern lets the
# engine start from every event of the dataset (380 ms for 元昊 on the seeds; 20 ms so)
_EVENTS = """
SELECT ?ev ?entry ?hl ?begin ?end ?tsl ?year WHERE {
  VALUES ?ev { EVENTS }
  ?ev xxj:reportedIn ?entry ; xxj:timeSpan ?ts .
  ?entry rdfs:label ?hl .
  OPTIONAL { ?ts crm:P82a_begin_of_the_begin ?begin }
  OPTIONAL { ?ts crm:P82b_end_of_the_end ?end }
  OPTIONAL { ?ts rdfs:label ?tsl }
  OPTIONAL { ?ts xxj:ceYear ?year }
}"""


def values(terms) -> str:
    """IRIs of the dataset for a VALUES block (checked: they come from our own answers)."""
    out = []
    for t in sorted({t.value for t in terms}):
        if not _SAFE_IRI.match(t):
            raise ValueError(f"not an IRI of this dataset: {t!r}")
        out.append(f"<{t}>")
    return " ".join(out)


_FORMS = """
SELECT ?r ?entry ?text ?work WHERE {
  ?r xxj:aboutEntity {x} ; xxj:readingText ?text ; xxj:inEntry ?entry .
  OPTIONAL { ?r prov:wasAttributedTo ?work }
  FILTER(lang(?text) = "zh-hant")
}"""


def entity_page(d: Describer, ctx: Ctx, path: str) -> bytes:
    """A person, polity, group or place: names, facts and its events on a timeline."""
    iri = BASE + path
    g = Index(d.quads(path))
    name = g.label(iri)
    pinyin = best_label(g.all(iri, SKOS + "prefLabel"), "zh-latn-pinyin")
    kind = path.split("/")[1]
    facts = []
    alts = sorted({t.value for t in g.all(iri, SKOS + "altLabel") if _lang(t) == "zh-hant"})
    if alts:
        facts.append(("other forms", "、".join(e(a) for a in alts)))
    for prop, label in ((XXJ + "activeFrom", "active from"), (XXJ + "activeTo", "active to"),
                        (XXJ + "placeType", "type"), (XXJ + "groupType", "type")):
        v = val(g.one(iri, prop))
        if v:
            facts.append((label, e(v)))
    for prop, label in ((XXJ + "servedPolity", "served"), (XXJ + "ofPolity", "of polity"),
                        (XXJ + "inCircuit", "in circuit")):
        for t in g.all(iri, prop):
            facts.append((label, link(ctx, t.value, g.label(t.value))))
    comment = val(g.one(iri, RDFS + "comment"))
    if comment:
        facts.append(("note", e(comment)))
    source = val(g.one(iri, DCT + "source"))
    if source:
        facts.append(("source", f"<small>{e(source)}</small>"))
    dl = "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in facts)
    body = [f'<p class="crumbs"><a href="{e(ctx.url(_index_of(kind)))}">'
            f'{e(INDEXES[_index_of(kind)][1])}</a></p>',
            f'<h1>{e(name)} <small class="pinyin" lang="zh-Latn-pinyin">{e(pinyin)}</small></h1>',
            f'<dl class="facts">{dl}</dl>',
            _forms(ctx, d.store, iri),
            timeline(ctx, d.store, iri)]
    return page(ctx, name, "\n".join(body), iri=iri, alternates=True)


def _index_of(kind: str) -> str:
    return next(k for k, (cls, _) in INDEXES.items() if cls == kind)


def _forms(ctx: Ctx, store: ox.Store, iri: str) -> str:
    rows = select(store, _FORMS, x=iri)
    if not rows:
        return ""
    by: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in rows:
        by[(r["text"].value, val(r.get("work")))].append(r["entry"].value)
    works = {w for _, w in by}
    labels = {w: _label_of(store, w) for w in works if w}
    items = []
    for (text, work), entries in sorted(by.items()):
        who = link(ctx, work, labels[work]) if work else "一作"
        refs = " ".join(link(ctx, en, "↗") for en in sorted(set(entries))[:10])
        items.append(f"<li><b>{e(text)}</b> — {who} {refs}</li>")
    return "<h2>異文 Other written forms</h2><ul>" + "".join(items) + "</ul>"


def _label_of(store: ox.Store, iri: str) -> str:
    node = ox.NamedNode(iri)
    terms = [q.object for p in (SKOS + "prefLabel", RDFS + "label", DCT + "title")
             for q in store.quads_for_pattern(node, ox.NamedNode(p), None)]
    return best_label(terms) or short(iri)


def _role_label(store: ox.Store, iri: str) -> str:
    node = ox.NamedNode(iri)
    terms = [q.object for q in store.quads_for_pattern(node, ox.NamedNode(SKOS + "prefLabel"),
                                                        None)]
    zh, en = best_label(terms), best_label(terms, "en")
    return f"{zh} {en}" if en and en != zh else zh or short(iri)


def _ce(item: dict) -> str:
    if not item["begin"]:
        return ""
    return item["begin"] + (f" – {item['end']}" if item["end"] and item["end"] != item["begin"]
                            else "")


def timeline(ctx: Ctx, store: ox.Store, iri: str) -> str:
    """The events of a person/place/polity/group, by CE year, as a vertical timeline."""
    rows = select(store, _TIMELINE, x=iri)
    details: dict[str, dict] = {}
    if rows:
        for r in select(store, _EVENTS.replace("EVENTS", values(r["ev"] for r in rows))):
            details.setdefault(r["ev"].value, r)
    by_entry: dict[str, dict] = {}
    for r in rows:
        ev = details.get(r["ev"].value)
        if ev is None:
            continue
        item = by_entry.setdefault(ev["entry"].value, {
            "hl": val(ev.get("hl")), "begin": val(ev.get("begin")), "end": val(ev.get("end")),
            "tsl": val(ev.get("tsl")), "year": val(ev.get("year")), "roles": set()})
        if "role" in r:
            item["roles"].add(r["role"].value)
        elif r["how"].value == "place":
            item["roles"].add(BASE + "concept/role/place")
        else:
            item["roles"].add("named")
    if not by_entry:
        return "<p>No events of the chronicle name this yet.</p>"
    role_labels = {r: _role_label(store, r) for it in by_entry.values() for r in it["roles"]
                   if r != "named"}
    items = sorted(by_entry.items(), key=lambda kv: (kv[1]["begin"] or "9999", kv[0]))
    total = len(items)
    items = items[:TIMELINE_MAX]
    out = [f"<h2>事 Events ({total})</h2>", '<ol class="timeline">']
    year = None
    for entry, it in items:
        if it["year"] != year:
            if year is not None:
                out.append("</ol></li>")
            year = it["year"]
            out.append(f'<li class="year"><a class="y" href="{e(ctx.url("year/" + year))}">'
                       f'{e(year)}</a><ol>')
        named = it["roles"] - {"named"}
        roles = ", ".join(sorted(role_labels[r] for r in named)) if named else "見於文中 named"
        out.append(f'<li><time datetime="{e(it["begin"])}" title="{e(_ce(it))}">'
                   f'{e(it["tsl"])}</time> '
                   f'{link(ctx, entry, it["hl"])} <span class="role">{e(roles)}</span></li>')
    if year is not None:
        out.append("</ol></li>")
    out.append("</ol>")
    if total > TIMELINE_MAX:
        out.append(f"<p>… and {total - TIMELINE_MAX} more (query the SPARQL endpoint).</p>")
    return "\n".join(out)


# --------------------------------------------------------------------------- works

_CITING = """
SELECT ?entry ?hl ?begin ?tsl ?section ?js ?je ?printed WHERE {
  ?c xxj:citesWork {w} . ?ev xxj:citation ?c ; xxj:reportedIn ?entry ; xxj:timeSpan ?ts .
  ?entry rdfs:label ?hl .
  OPTIONAL { ?c xxj:section ?section } OPTIONAL { ?c xxj:juanStart ?js }
  OPTIONAL { ?c xxj:juanEnd ?je } OPTIONAL { ?c xxj:printedForm ?printed }
  OPTIONAL { ?ts crm:P82a_begin_of_the_begin ?begin } OPTIONAL { ?ts rdfs:label ?tsl }
}"""


def work_page(d: Describer, ctx: Ctx, path: str) -> bytes:
    """A cited work: its bibliographic facts and every entry citing it."""
    iri = BASE + path
    g = Index(d.quads(path))
    title = g.label(iri)
    facts = []
    for prop, label in ((XXJ + "shortTitle", "cited as"), (DCT + "creator", "by"),
                        (XXJ + "genre", "genre"), (XXJ + "juanCount", "juan")):
        vs = [t.value for t in g.all(iri, prop)]
        if vs:
            facts.append((label, "、".join(e(v) for v in sorted(vs))))
    dl = "".join(f"<dt>{e(k)}</dt><dd>{v}</dd>" for k, v in facts)
    rows = select(d.store, _CITING, w=iri)
    seen: dict[tuple, list[str]] = {}
    for r in rows:
        key = (val(r.get("begin")) or "9999", r["entry"].value)
        where = val(r.get("section"))
        js, je = val(r.get("js")), val(r.get("je"))
        if js:
            where += f" 卷{js}" + (f"–{je}" if je and je != js else "")
        seen.setdefault(key, [val(r.get("tsl")), val(r.get("hl"))]).append(where)
    items = sorted(seen.items())
    lis = []
    for (_, entry), (tsl, hl, *wheres) in items[:TIMELINE_MAX]:
        places = "; ".join(sorted({w for w in wheres if w}))
        lis.append(f"<li><time>{e(tsl)}</time> {link(ctx, entry, hl)}"
                   + (f' <span class="where">{e(places)}</span>' if places else "") + "</li>")
    body = [f'<p class="crumbs"><a href="{e(ctx.url("works"))}">引書 Works</a></p>',
            f"<h1>《{e(title)}》</h1>", f'<dl class="facts">{dl}</dl>',
            f"<h2>Entries citing it ({len(items)})</h2>", '<ol class="citing">' + "".join(lis)
            + "</ol>"]
    return page(ctx, title, "\n".join(body), iri=iri, alternates=True)


# --------------------------------------------------------------------------- indexes

_YEARS = """
SELECT ?year (COUNT(DISTINCT ?ev) AS ?n) WHERE { ?ev xxj:timeSpan ?ts . ?ts xxj:ceYear ?year }
GROUP BY ?year ORDER BY ?year"""

_YEAR = """
SELECT ?entry ?hl ?begin ?tsl ?pos ?text ?type WHERE {
  ?ts xxj:ceYear YEAR . ?ev xxj:timeSpan ?ts ; xxj:reportedIn ?entry .
  ?entry rdfs:label ?hl ; xxj:position ?pos ; xxj:inText ?text .
  OPTIONAL { ?ts crm:P82a_begin_of_the_begin ?begin } OPTIONAL { ?ts rdfs:label ?tsl }
  OPTIONAL { ?ev xxj:eventType ?type }
}"""


def years_page(store: ox.Store, ctx: Ctx) -> bytes:
    rows = select(store, _YEARS)
    decades: dict[int, list[str]] = defaultdict(list)
    for r in rows:
        y = int(r["year"].value)
        decades[y // 10 * 10].append(f'<a href="{e(ctx.url(f"year/{y}"))}">{y}'
                                     f'<small>{e(r["n"].value)}</small></a>')
    body = ["<h1>年表 Entries by year</h1>",
            "<p>Each year of the Common Era with the number of entries the chronicle has for it."
            "</p>", '<dl class="years">']
    for dec in sorted(decades):
        body.append(f"<dt>{dec}s</dt><dd>{' '.join(decades[dec])}</dd>")
    body.append("</dl>")
    return page(ctx, "年表", "\n".join(body))


def year_list(store: ox.Store) -> list[int]:
    return [int(r["year"].value) for r in select(store, _YEARS)]


def year_page(store: ox.Store, ctx: Ctx, year: int) -> bytes | None:
    rows = select(store, _YEAR.replace("YEAR", str(int(year))))
    if not rows:
        return None
    types = {val(r.get("type")) for r in rows if r.get("type")}
    tlabels = {t: _label_of(store, t) for t in types}
    items = sorted(rows, key=lambda r: (val(r.get("begin")) or "9999", r["text"].value,
                                        int(r["pos"].value)))
    seen = set()
    lis = []
    for r in items:
        if r["entry"].value in seen:
            continue
        seen.add(r["entry"].value)
        t = val(r.get("type"))
        lis.append(f"<li><time>{e(val(r.get('tsl')))}</time> "
                   f"{link(ctx, r['entry'].value, val(r['hl']))}"
                   + (f' <span class="role">{e(tlabels[t])}</span>' if t else "") + "</li>")
    years = year_list(store)
    i = years.index(year) if year in years else -1
    nav = []
    if i > 0:
        nav.append(f'<a href="{e(ctx.url(f"year/{years[i - 1]}"))}">← {years[i - 1]}</a>')
    if 0 <= i < len(years) - 1:
        nav.append(f'<a href="{e(ctx.url(f"year/{years[i + 1]}"))}">{years[i + 1]} →</a>')
    body = [f'<p class="crumbs"><a href="{e(ctx.url("years"))}">年表</a> {" ".join(nav)}</p>',
            f"<h1>{year}</h1>", f'<ol class="year-entries">{"".join(lis)}</ol>']
    return page(ctx, str(year), "\n".join(body))


_NAMES = """
SELECT ?x ?label ?pinyin (COUNT(DISTINCT ?part) AS ?n) WHERE {
  ?x a xxj:CLASS ; rdfs:label ?label . FILTER(lang(?label) = "zh-hant")
  OPTIONAL { ?x skos:prefLabel ?pinyin FILTER(lang(?pinyin) = "zh-latn-pinyin") }
  OPTIONAL { ?part xxj:participant ?x }
} GROUP BY ?x ?label ?pinyin"""


def names_page(store: ox.Store, ctx: Ctx, index: str) -> bytes:
    kind, title = INDEXES[index]
    rows = select(store, _NAMES.replace("CLASS", ENTITY_CLASSES[kind]))
    rows.sort(key=lambda r: (val(r.get("pinyin")).lower(), r["x"].value))
    cells = [[link(ctx, r["x"].value, r["label"].value),
              f'<span lang="zh-Latn-pinyin">{e(val(r.get("pinyin")))}</span>',
              e(r["n"].value)] for r in rows]
    body = f"<h1>{e(title)} ({len(rows)})</h1>" + table(
        ["name", "pinyin", "participations"], cells, "names")
    return page(ctx, title, body)


_WORKS = """
SELECT ?w ?title (COUNT(DISTINCT ?c) AS ?n) WHERE {
  ?w a xxj:Work ; dcterms:title ?title .
  OPTIONAL { ?c xxj:citesWork ?w }
} GROUP BY ?w ?title"""


def works_page(store: ox.Store, ctx: Ctx) -> bytes:
    rows = select(store, _WORKS)
    rows.sort(key=lambda r: (-int(r["n"].value), r["w"].value))
    cells = [[link(ctx, r["w"].value, "《" + r["title"].value + "》"), e(r["n"].value)]
             for r in rows]
    body = f"<h1>引書 Works cited ({len(rows)})</h1>" + table(["work", "citations"], cells,
                                                              "names")
    return page(ctx, "引書", body)


def home_page(store: ox.Store, ctx: Ctx) -> bytes:
    counts = select(store, """SELECT (COUNT(?e) AS ?n) WHERE { ?e a xxj:Entry }""")
    n = counts[0]["n"].value if counts else "0"
    body = f"""<h1>西夏紀 <small>戴錫章</small></h1>
<p class="lead">The annals of the Western Xia (西夏, 1038–1227) compiled by Dai Xizhang
(戴錫章, 1924), as linked data: {e(n)} entries, each with its events, the people, polities
and places taking part, its date in the Xia reckoning and in the Common Era, the works it
cites, and where the sources disagree — every statement anchored to the characters it
comes from.</p>
<ul class="doors">
<li><a href="{e(ctx.url('years'))}">年表 Entries by year</a></li>
<li><a href="{e(ctx.url('persons'))}">人物 Persons</a> ·
<a href="{e(ctx.url('polities'))}">政權 Polities</a> ·
<a href="{e(ctx.url('groups'))}">部族 Groups</a> ·
<a href="{e(ctx.url('places'))}">地名 Places</a></li>
<li><a href="{e(ctx.url('works'))}">引書 Works cited</a></li>
<li><a href="{e(ctx.url('sparql'))}">SPARQL endpoint</a> ·
<a href="{e(ctx.url(DATASET_PATH))}">the dataset (VoID)</a> ·
<a href="{e(ctx.url(ONTOLOGY_PATH))}">the ontology</a></li>
</ul>"""
    return page(ctx, "西夏紀", body)


# --------------------------------------------------------------------------- generic

_LISTS = {
    "text": ("""SELECT ?x ?l ?k WHERE { ?x xxj:inText {x} ; rdfs:label ?l ; xxj:position ?k }""",
             "Entries"),
    "era": ("""SELECT ?x ?l ?k WHERE { ?ts xxj:era {x} . ?ev xxj:timeSpan ?ts ;
               xxj:reportedIn ?x . ?x rdfs:label ?l . OPTIONAL { ?ts crm:P82a_begin_of_the_begin
               ?k } }""", "Entries dated in this era"),
    "concept": ("""SELECT ?x ?l ?k WHERE { { ?ev xxj:eventType {x} } UNION { ?r xxj:standing {x} .
               ?r xxj:inEntry ?e0 . ?e0 xxj:reports ?ev } UNION { ?r xxj:readingKind {x} .
               ?r xxj:inEntry ?e0 . ?e0 xxj:reports ?ev }
               ?ev xxj:reportedIn ?x ; xxj:timeSpan ?ts . ?x rdfs:label ?l .
               OPTIONAL { ?ts crm:P82a_begin_of_the_begin ?k } }""", "Entries"),
}


def generic_page(d: Describer, ctx: Ctx, path: str) -> bytes:
    """Any other resource: its statements as a table, and the entries that refer to it."""
    iri = BASE + path
    quads = d.quads(path)
    g = Index(quads)
    subjects = sorted(g.data, key=lambda s: (s != iri and s != iri + "#", s))
    described = [s for s in subjects if any(p != RDFS + "label" and p != SKOS + "prefLabel"
                                            and p != DCT + "title" for p in g.data[s])
                 or s == iri]
    title = g.label(iri) if iri in g.data else short(iri)
    body = [f"<h1>{e(title)}</h1>"]
    for s in described:
        rows = []
        for p in sorted(g.data[s], key=lambda p: (p != RDF_TYPE, short(p))):
            values = []
            for t in g.data[s][p]:
                if isinstance(t, ox.NamedNode):
                    label = g.label(t.value) if t.value in g.data else short(t.value)
                    values.append(link(ctx, t.value, label))
                else:
                    lang = getattr(t, "language", None)
                    values.append(f'<span lang="{e(lang)}">{e(t.value)}</span>' if lang
                                  else e(t.value))
            rows.append([f'<span class="prop">{e(short(p))}</span>', "<br>".join(values)])
        anchor = s.split("#", 1)[1] if "#" in s else ""
        head = f'<h2 id="{e(anchor)}">{e(short(s))}</h2>' if s != iri else ""
        body.append(head + table(["property", "value"], rows, "props"))
    kind = path.split("/")[1] if path.startswith("id/") else (
        "concept" if path.startswith("concept/") else "")
    if kind in _LISTS:
        query, heading = _LISTS[kind]
        members = select(d.store, query, x=iri)
        items = sorted({(val(r.get("k")), r["x"].value, r["l"].value) for r in members
                        if _lang(r["l"]) in ("zh-hant", "")})
        if items:
            lis = "".join(f"<li>{link(ctx, x, lab)}</li>" for _, x, lab in items[:TIMELINE_MAX])
            body.append(f"<h2>{e(heading)} ({len(items)})</h2><ol>{lis}</ol>")
    return page(ctx, title, "\n".join(body), iri=iri, alternates=True)


def not_found_page(ctx: Ctx, path: str) -> bytes:
    """A 404 that helps: what the IRI patterns are and where to start."""
    hint = ""
    m = re.match(r"id/entry/e(\d{3,4})-", path)
    if m:
        hint = (f'<p>Entry IDs change only when an entry\'s headline is corrected: see '
                f'<a href="{e(ctx.url("year/" + str(int(m.group(1)))))}">the entries of '
                f"{int(m.group(1))}</a>.</p>")
    body = f"""<h1>Not found</h1>
<p>Nothing in this edition has the IRI <code>{e(BASE + path)}</code>.</p>
{hint}
<p>IRIs look like <code>id/entry/e1082-21dcf988</code>, <code>id/person/p0028</code>,
<code>id/place/pl0001</code>, <code>id/work/w001</code>, <code>concept/role/agent</code>.
Start from <a href="{e(ctx.url('years'))}">the years</a>,
<a href="{e(ctx.url('persons'))}">the persons</a>,
<a href="{e(ctx.url('works'))}">the works</a> or
<a href="{e(ctx.url('sparql'))}">a SPARQL query</a>.</p>"""
    return page(ctx, "Not found", body)


def sparql_page(queries_dir: Path | None) -> bytes:
    examples = []
    if queries_dir and queries_dir.is_dir():
        examples = [(q.stem, q.read_text(encoding="utf-8"))
                    for q in sorted(queries_dir.glob("*.rq"))]
    first = examples[0][1] if examples else "SELECT * WHERE { ?s ?p ?o } LIMIT 10"
    return page(Ctx("sparql"), "SPARQL", sparql_form(first, examples))


__all__ = ["entry_page", "entity_page", "work_page", "generic_page", "years_page",
           "year_page", "names_page", "works_page", "home_page", "not_found_page",
           "sparql_page", "year_list", "select", "INDEXES", "ENTITY_CLASSES"]

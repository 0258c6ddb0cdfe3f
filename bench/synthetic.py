"""Synthetic graphs shaped like docs/MODEL.md, of any size, for tests and benchmarks.

Why not the real build: tests of the reasoner, the validator and the query layer
need graphs of a chosen size (10 to 10,000 entries) that exist before the parser
covers the whole chronicle, and that are the same on every machine.  The
generator is seeded and uses no set or dict iteration order, so the same
arguments always give the same triples.

The shape follows the contract: texts, entries with headline / narrative
segments, events with bilingual labels, time-spans with both date layers,
citations, notes, readings, participations, mentions and Web Annotation anchors,
plus the shared reference data every entry points to (persons, polities, groups,
places, works, eras, event-type concepts), some persons linked by ``owl:sameAs``
to Wikidata as the real reference data is.

``synthetic_chunks`` returns one graph per text plus one reference graph, like
the build does, so that chunked reasoning and validation meet links that cross
chunks.

Run ``python bench/synthetic.py N [FILE.nt]`` to write a graph of N entries.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/xixiaji/"
XXJ = BASE + "ontology#"
XXJD = BASE + "id/"
XXJC = BASE + "concept/"
CRM = "http://www.cidoc-crm.org/cidoc-crm/"
OA = "http://www.w3.org/ns/oa#"
WD = "http://www.wikidata.org/entity/Q"

ZH, ZHS, PY = "zh-Hant", "zh-Hans", "zh-Latn-pinyin"

# A small character stock, so that labels look like the chronicle (CJK, distinct).
_HANZI = ("夏宋遼金梁乙埋秉常諒祚元昊延州環慶涇原熙河蘭會麟府豐靈夏綏銀宥鄜"
          "寇攻圍破克陷遣使來貢歸附築城寨堡殺掠降叛詔賜封冊立崩即位改元大安"
          "天授禮法延祚奲都拱化")
_PINYIN = ("xia", "song", "liao", "jin", "liang", "yi", "mai", "bing", "chang", "zuo",
           "yan", "zhou", "huan", "qing", "gong", "wei", "po", "ke", "qian", "shi")
_GANZHI = ("甲子", "乙丑", "丙寅", "丁卯", "戊辰", "己巳", "庚午", "辛未", "壬申", "癸酉")
_ROLES = ("agent", "patient", "recipient", "place", "other")
_ROLE_PROP = {"agent": "hasAgent", "patient": "hasPatient", "recipient": "hasRecipient",
              "place": "tookPlaceAt"}
_READING_CLASS = ("VariantForm", "SourceReading", "EditorialJudgement")
_READING_KIND = ("variant-form", "source-reading", "statement")
_STANDINGS = ("adopted", "alternative", "rejected", "undecided")
_PRECISION = ("year", "month", "day")


def X(local: str) -> URIRef:  # noqa: N802 - reads like the prefix it stands for
    return URIRef(XXJ + local)


def D(path: str) -> URIRef:  # noqa: N802
    return URIRef(XXJD + path)


def C(path: str) -> URIRef:  # noqa: N802
    return URIRef(XXJC + path)


def _int(v: int) -> Literal:
    return Literal(v, datatype=XSD.integer)


def _str(v: str) -> Literal:
    return Literal(v)


_JDN_OF_ORDINAL_0 = 1721425  # date(1, 1, 1).toordinal() == 1 is JDN 1721426


def _julian(jdn: int) -> str:
    """The Julian-calendar date of a Julian day number, YYYY-MM-DD (Meeus)."""
    c = jdn + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = d - 4800 + m // 10
    return f"{year:04d}-{month:02d}-{day:02d}"


def _words(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(_HANZI) for _ in range(n))


def _pinyin(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_PINYIN) for _ in range(n))


def _labels(g: Graph, node: URIRef, rng: random.Random, text: str) -> None:
    """Three labels per resource, as the builder gives them: zh-Hant, zh-Hans, pinyin."""
    g.add((node, RDFS.label, Literal(text, lang=ZH)))
    g.add((node, RDFS.label, Literal(text[::-1], lang=ZHS)))  # stand-in: a distinct string
    g.add((node, RDFS.label, Literal(_pinyin(rng, len(text)), lang=PY)))


def _anchor(g: Graph, node: URIRef, entry: URIRef, start: int, end: int, exact: str) -> None:
    a, pos, quote = URIRef(f"{node}/anchor"), URIRef(f"{node}/pos"), \
        URIRef(f"{node}/quote-selector")
    g.add((node, X("anchor"), a))
    g.add((a, RDF.type, URIRef(OA + "SpecificResource")))
    g.add((a, URIRef(OA + "hasSource"), entry))
    g.add((a, URIRef(OA + "hasSelector"), pos))
    g.add((a, URIRef(OA + "hasSelector"), quote))
    g.add((pos, RDF.type, URIRef(OA + "TextPositionSelector")))
    g.add((pos, URIRef(OA + "start"), _int(start)))
    g.add((pos, URIRef(OA + "end"), _int(end)))
    g.add((quote, RDF.type, URIRef(OA + "TextQuoteSelector")))
    g.add((quote, URIRef(OA + "exact"), _str(exact)))


class _Pools:
    """How many shared resources a graph of ``n`` entries points to."""

    def __init__(self, n_entries: int):
        self.persons = max(3, n_entries // 4)
        self.polities = 4
        self.groups = max(2, n_entries // 20)
        self.places = max(3, n_entries // 5)
        self.works = 12
        self.eras = 8
        self.event_types = 10

    @staticmethod
    def era_years(i: int) -> tuple[int, int]:
        first = 1030 + 8 * i
        return first, first + 7

    @staticmethod
    def juan_count(i: int) -> int:
        return 40 * i


def reference_graph(n_entries: int, seed: int = 0) -> Graph:
    """The shared resources: entities, works, eras and the event-type scheme."""
    rng = random.Random(f"{seed}-reference")
    pools = _Pools(n_entries)
    g = Graph()
    kinds = (("person", "p", 4, pools.persons, "Person"),
             ("polity", "po", 3, pools.polities, "Polity"),
             ("group", "g", 4, pools.groups, "Group"),
             ("place", "pl", 4, pools.places, "Place"))
    for kind, prefix, width, count, cls in kinds:
        for i in range(1, count + 1):
            node = D(f"{kind}/{prefix}{i:0{width}d}")
            g.add((node, RDF.type, X(cls)))
            _labels(g, node, rng, _words(rng, rng.randint(2, 4)))
            if rng.random() < 0.3:
                g.add((node, SKOS.altLabel, Literal(_words(rng, 3), lang=ZH)))
            g.add((node, DCTERMS.source, _str(f"seed table row {i}")))
            if kind == "person" and i % 5 == 1:  # some persons carry a verified Wikidata link
                g.add((node, OWL.sameAs, URIRef(f"{WD}{100000 + i}")))
    for i in range(1, pools.works + 1):
        node = D(f"work/w{i:03d}")
        title = _words(rng, rng.randint(3, 6))
        g.add((node, RDF.type, X("Work")))
        _labels(g, node, rng, title)
        g.add((node, DCTERMS.title, Literal(title, lang=ZH)))
        g.add((node, X("shortTitle"), _str(title[:2])))
        g.add((node, X("genre"), _str("編年")))
        g.add((node, X("juanCount"), _int(pools.juan_count(i))))
    for i in range(1, pools.eras + 1):
        node = D(f"era/era{i:02d}")
        name = _words(rng, 2)
        first, last = pools.era_years(i)
        g.add((node, RDF.type, X("Era")))
        _labels(g, node, rng, name)
        g.add((node, X("eraName"), _str(name)))
        g.add((node, X("firstYear"), _int(first)))
        g.add((node, X("lastYear"), _int(last)))
        g.add((node, X("chronology"), _str("xixiaji")))
        g.add((node, X("ofPolity"), D(f"polity/po{1 + i % pools.polities:03d}")))
        g.add((node, X("ruler"), _str(_words(rng, 2))))
        g.add((node, DCTERMS.source, _str(f"era table row {i}")))
    scheme = C("event-type")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, SKOS.prefLabel, Literal("event types", lang="en")))
    for i in range(1, pools.event_types + 1):
        node = C(f"event-type/t{i:02d}")
        g.add((node, RDF.type, SKOS.Concept))
        g.add((node, SKOS.inScheme, scheme))
        g.add((node, SKOS.notation, _str(f"t{i:02d}")))
        g.add((node, SKOS.prefLabel, Literal(_words(rng, 2), lang=ZH)))
        if i > 3:
            g.add((node, SKOS.broader, C(f"event-type/t{1 + i % 3:02d}")))
        else:
            g.add((node, SKOS.topConceptOf, scheme))
    return g


def _entry(g: Graph, rng: random.Random, pools: _Pools, text: URIRef, eid: str,
           position: int) -> None:
    """One entry, its parts and its event; every offset slices the entry text exactly."""
    e, ev = D(f"entry/{eid}"), D(f"event/{eid}")

    def part(name: str) -> URIRef:
        return D(f"entry/{eid}/{name}")

    headline = _words(rng, rng.randint(8, 14))
    narrative = _words(rng, rng.randint(20, 60)) if rng.random() < 0.8 else None
    body = headline + ("" if narrative is None else "\n" + narrative)
    works = [rng.randint(1, pools.works) for _ in range(rng.randint(1, 3))]
    cites = [(w, rng.randint(1, pools.juan_count(w))) for w in works]
    cite_text = [f"《{_words(rng, 3)}》卷{juan}" for _, juan in cites]
    entry_text = body + "（" + "、".join(cite_text) + "）"

    g.add((e, RDF.type, X("Entry")))
    g.add((e, X("inText"), text))
    g.add((e, X("position"), _int(position)))
    g.add((e, X("sourceLine"), _int(3 + 4 * position)))
    g.add((e, X("sourceColumn"), _int(1)))
    g.add((e, X("entryText"), _str(entry_text)))
    g.add((e, X("reports"), ev))

    segments = [("headline", "Headline", headline, 0)]
    if narrative is not None:
        segments.append(("narrative", "Narrative", narrative, len(headline) + 1))
    for name, cls, text_, start in segments:
        node = part(name)
        g.add((e, X(name), node))
        g.add((node, RDF.type, X(cls)))
        g.add((node, X("segmentOf"), e))
        g.add((node, X("text"), _str(text_)))
        g.add((node, X("start"), _int(start)))
        g.add((node, X("end"), _int(start + len(text_))))

    g.add((ev, RDF.type, X("Event")))
    _labels(g, ev, rng, headline)
    g.add((ev, X("eventType"), C(f"event-type/t{rng.randint(1, pools.event_types):02d}")))

    ts = part("timespan")
    era = rng.randint(1, pools.eras)
    first, last = pools.era_years(era)
    year = rng.randint(first, last)
    month = rng.randint(1, 12)
    precision = rng.choice(_PRECISION)
    g.add((ev, X("timeSpan"), ts))
    g.add((ts, RDF.type, X("TimeSpan")))
    date_label = f"{_words(rng, 2)}{month}月"
    g.add((ts, RDFS.label, Literal(date_label, lang=ZH)))
    g.add((ts, RDFS.label, Literal(date_label[::-1], lang=ZHS)))
    g.add((ts, X("era"), D(f"era/era{era:02d}")))
    g.add((ts, X("eraYear"), _int(year - first + 1)))
    g.add((ts, X("ceYear"), _int(year)))
    if precision != "year":
        g.add((ts, X("lunarMonth"), _int(month)))
        g.add((ts, X("leapMonth"), Literal(False)))
    if precision == "day":
        g.add((ts, X("dayGanzhi"), _str(rng.choice(_GANZHI))))
    g.add((ts, X("precision"), C(f"precision/{precision}")))
    begin = date(year, month, 1)
    end = begin + timedelta(days=27)
    jdn = begin.toordinal() + _JDN_OF_ORDINAL_0
    g.add((ts, URIRef(CRM + "P82a_begin_of_the_begin"),
           Literal(begin.isoformat(), datatype=XSD.date)))
    g.add((ts, URIRef(CRM + "P82b_end_of_the_end"), Literal(end.isoformat(), datatype=XSD.date)))
    g.add((ts, X("beginJulianDay"), _int(jdn)))
    g.add((ts, X("endJulianDay"), _int(jdn + 27)))
    g.add((ts, X("beginJulianCalendar"), _str(_julian(jdn))))
    g.add((ts, X("endJulianCalendar"), _str(_julian(jdn + 27))))

    offset = len(body) + 1
    for n, ((work, juan), raw) in enumerate(zip(cites, cite_text, strict=True), 1):
        node = part(f"citation/{n}")
        w = D(f"work/w{work:03d}")
        g.add((node, RDF.type, X("Citation")))
        g.add((ev, X("citation"), node))
        g.add((node, X("printedForm"), _str(raw)))
        g.add((node, X("citesWork"), w))
        g.add((node, X("misprint"), Literal(False)))
        g.add((node, X("inEntry"), e))
        g.add((ev, PROV.wasDerivedFrom, w))
        g.add((node, X("juanStart"), _int(juan)))
        g.add((node, X("juanEnd"), _int(juan)))
        _anchor(g, node, e, offset, offset + len(raw), raw)
        offset += len(raw) + 1

    if narrative is not None and rng.random() < 0.4:
        start = len(headline) + 1
        node = part("note/1")
        note = narrative[: min(len(narrative), 12)]
        g.add((node, RDF.type, X("EditorialNote")))
        g.add((node, X("segmentOf"), e))
        g.add((node, X("text"), _str(note)))
        g.add((node, X("start"), _int(start)))
        g.add((node, X("end"), _int(start + len(note))))
        _anchor(g, node, e, start, start + len(note), note)

    if rng.random() < 0.3:
        k = rng.randrange(3)
        node = part("reading/1")
        g.add((node, RDF.type, X(_READING_CLASS[k])))
        g.add((node, X("inEntry"), e))
        g.add((node, X("readingText"), _str(_words(rng, 2))))
        g.add((node, X("readingOf"), _str(headline[:2])))
        g.add((node, X("readingKind"), C(f"reading-kind/{_READING_KIND[k]}")))
        g.add((node, X("standing"), C(f"standing/{rng.choice(_STANDINGS)}")))
        if k != 0:
            g.add((node, PROV.wasAttributedTo, D(f"work/w{cites[0][0]:03d}")))
        _anchor(g, node, e, 0, 2, headline[:2])

    for n in range(1, rng.randint(1, 4) + 1):
        role = _ROLES[n - 1]
        if role == "place":
            target = D(f"place/pl{rng.randint(1, pools.places):04d}")
        elif role == "recipient":
            target = D(f"polity/po{rng.randint(1, pools.polities):03d}")
        elif role == "other":
            target = D(f"group/g{rng.randint(1, pools.groups):04d}")
        else:
            target = D(f"person/p{rng.randint(1, pools.persons):04d}")
        node = part(f"participation/{n}")
        g.add((ev, X("hasParticipation"), node))
        g.add((node, RDF.type, X("Participation")))
        g.add((node, X("role"), C(f"role/{role}")))
        g.add((node, X("participant"), target))
        if role in _ROLE_PROP:
            g.add((ev, X(_ROLE_PROP[role]), target))
        start = rng.randrange(len(headline) - 2)
        m = part(f"mention/{n}")
        exact = headline[start:start + 2]
        g.add((node, X("mention"), m))
        g.add((m, RDF.type, X("Mention")))
        g.add((m, X("inEntry"), e))
        g.add((m, X("text"), _str(exact)))
        g.add((m, X("refersTo"), target))
        _anchor(g, m, e, start, start + 2, exact)


def synthetic_chunks(n_entries: int, *, seed: int = 0, entries_per_text: int = 50
                     ) -> list[Graph]:
    """One graph per text of ``entries_per_text`` entries, then the reference graph."""
    rng = random.Random(f"{seed}-entries")
    pools = _Pools(n_entries)
    chunks: list[Graph] = []
    for t in range(0, n_entries, entries_per_text):
        g = Graph()
        text = D(f"text/synthetic-{t // entries_per_text + 1:04d}")
        g.add((text, RDF.type, X("Text")))
        g.add((text, RDFS.label, Literal(f"西夏紀 synthetic {t // entries_per_text + 1}",
                                         lang=ZH)))
        g.add((text, DCTERMS.identifier, _str(f"synthetic-{t // entries_per_text + 1:04d}")))
        g.add((text, X("lineCount"), _int(3 + 4 * entries_per_text)))
        for i in range(t, min(n_entries, t + entries_per_text)):
            eid = f"e{1038 + i // 12}-{i:08x}"
            _entry(g, rng, pools, text, eid, i - t)
        chunks.append(g)
    chunks.append(reference_graph(n_entries, seed))
    return chunks


def synthetic_graph(n_entries: int, *, seed: int = 0, entries_per_text: int = 50) -> Graph:
    """The union of ``synthetic_chunks``: one graph."""
    g = Graph()
    for chunk in synthetic_chunks(n_entries, seed=seed, entries_per_text=entries_per_text):
        for t in chunk:
            g.add(t)
    return g


def inject_errors(g: Graph, n: int, *, seed: int = 0) -> Graph:
    """A copy of ``g`` with ``n`` random, deterministic mutations that shapes should catch.

    Each mutation deletes a triple, alters a literal (value, datatype or
    language), points an IRI object at a resource of another kind, or adds a
    property the data model does not have.  Used to check that two validators
    report the same results on many kinds of error, not just on a clean graph.
    """
    rng = random.Random(f"{seed}-errors")
    out = Graph()
    for t in g:
        out.add(t)
    triples = sorted(g, key=lambda t: (t[0].n3(), t[1].n3(), t[2].n3()))
    iris = sorted({o for _, _, o in triples if isinstance(o, URIRef)})
    for _ in range(n):
        s, p, o = rng.choice(triples)
        kind = rng.randrange(4)
        if kind == 0:
            out.remove((s, p, o))
        elif kind == 1 and isinstance(o, Literal):
            out.remove((s, p, o))
            if o.datatype == XSD.integer:
                out.add((s, p, Literal(int(o) + rng.choice((-1000, 1, 7)), datatype=XSD.integer)))
            elif o.language:
                out.add((s, p, Literal(str(o), lang=rng.choice(("fr", "zh-Hant", "ja")))))
            else:
                out.add((s, p, Literal(str(o) + "X", lang=rng.choice((None, "zh-Hant")))))
        elif kind == 2:
            out.remove((s, p, o))
            out.add((s, p, rng.choice(iris)))
        else:
            out.add((s, X("synthetic-extra"), Literal(rng.randint(0, 9))))
    return out


def main(argv: list[str]) -> int:
    if not argv or not argv[0].isdigit():
        print("usage: python bench/synthetic.py N_ENTRIES [OUT.nt]", file=sys.stderr)
        return 2
    g = synthetic_graph(int(argv[0]))
    text = "".join(sorted(line + "\n" for line in
                          g.serialize(format="nt").splitlines() if line))
    if len(argv) > 1:
        Path(argv[1]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

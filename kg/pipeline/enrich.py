"""From the structural parse to entry records: dates, sources, readings, names.

Each step is a plain function over the record list, run in the order listed in
``enrich`` so the pipeline is visible in one place and each step can be tested
alone.  Records are dicts because other tools read them as JSON lines; the key
names of issue #2 are fixed.
"""

from __future__ import annotations

import hashlib
import unicodedata

from kg.core.findings import Finding
from kg.sources.readings import chronicle_text, differs_readings, inline_reading, note_readings
from kg.text.parens import Paren, classify, scan_parens
from kg.text.parse import Chronicle, Entry


def entry_id(ce_year: int | None, headline: str, seen: dict[str, int], text_id: str = ""
             ) -> str:
    """Stable entry ID: year plus a hash of the text ID and the headline.

    The text ID is in the hash so that two texts never mint the same IRI, and each
    text can be built alone (in parallel); see docs/MODEL.md, IRI policy.
    """
    norm = "".join(unicodedata.normalize("NFC", headline).split())
    # surrogatepass: a lone surrogate (possible in a str, never from a decoded file) still hashes
    h8 = hashlib.sha1(f"{text_id}\n{norm}".encode("utf-8", "surrogatepass")).hexdigest()[:8]
    base = f"e{ce_year if ce_year is not None else '0000'}-{h8}"
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}-{seen[base]}"


def _located(chron: Chronicle, offset: int, code: str, message: str,
             severity: str = "warning") -> Finding:
    line, col = chron.source.position(offset)
    return Finding(code, message, chron.source.name, line, col, severity)


def base_record(chron: Chronicle, entry: Entry) -> dict:
    """The structural part of a record: where the entry is and its exact texts."""
    src = chron.source
    line, col = src.position(entry.start)
    end_line, _ = src.position(max(entry.end - 1, entry.start))
    year = chron.years[entry.year]
    narrative = None
    if entry.paragraphs:
        narrative = "\n".join(chron.text(p) for p in entry.paragraphs)
    return {
        "id": None,
        "file": src.name,
        "line": line,
        "col": col,
        "end_line": end_line,
        "year_heading": year.heading,
        "era": None,
        "era_year": None,
        "ce_year": None,
        "month": None,
        "leap": False,
        "season": None,
        "month_explicit": False,
        "day_ganzhi": None,
        "time_marker": entry.marker.text.rstrip("，,、") if entry.marker else None,
        "headline": chron.text(entry.headline),
        "narrative": narrative,
        "citation_text": chron.text(entry.citation) if entry.citation else None,
        "citations": [],
        "variants": [],
        "readings": [],
        "notes": [],
        "quotes": [],
        "warnings": [w.format() for w in entry.warnings],
    }


def entry_text(chron: Chronicle, entry: Entry) -> str:
    """The exact slice of the input the entry spans (offsets of its parts refer to it)."""
    return chron.source.text[entry.start:entry.end]


# -- dates ---------------------------------------------------------------------------

def _date_findings(chron: Chronicle, offset: int, findings) -> list[Finding]:
    line, col = chron.source.position(offset)
    out = []
    for f in findings:
        loc = f.located(chron.source.name, line, col)
        out.append(loc)
    return out


def _span_fields(span) -> dict:
    return {
        "begin": span.begin_gregorian, "end": span.end_gregorian,
        "begin_jdn": span.begin_jdn, "end_jdn": span.end_jdn,
        "begin_julian": span.begin_julian, "end_julian": span.end_julian,
        "precision": span.precision, "calendar": span.calendar,
    }


def _heading_year(section, table) -> int | None:
    """The CE year one year heading gives on its own, or None (an unknown era)."""
    from kg.chronology.years import ChronologyError, YearTracker

    try:
        scratch = YearTracker(table=table)
        head = (scratch.heading_group(section.parts) if section.parts
                else scratch.heading(section.heading or ""))
    except (ChronologyError, ValueError):
        return None
    return head.ce_year


def _infer_start_year(chron: Chronicle, table) -> tuple[int | None, list[Finding], bool]:
    """The year to start from when none was given, from any heading in the file.

    Entries before the first heading belong to the year before it; a first heading
    whose era is unknown takes its year from the first heading that is known, counted
    back one year per heading.  Only a file with no usable heading needs --start-year.
    """
    headed = [y for y in chron.years if y.heading]
    first_entry = chron.entries[0]
    before = not chron.years[first_entry.year].heading
    known = next(((k, ce) for k, y in enumerate(headed)
                  if (ce := _heading_year(y, table)) is not None), None)
    if known is None:
        if headed and not before:
            return None, [], False  # the tracker reports the unknown era itself
        return None, [_located(
            chron, first_entry.start, "year-unknown",
            "no year heading in the file to date its entries by: give the CE year of the "
            "first entry with --start-year", "error")], True
    k, ce = known
    first = headed[0]
    if before:
        start = ce - k - 1
        return start, [_located(
            chron, first_entry.start, "start-year-inferred",
            f"entries before the first year heading ({first.heading}, line {first.line}) "
            f"taken as the year before it, {start}", "info")], False
    if k == 0:
        return None, [], False
    start = ce - k
    return start, [_located(
        chron, first.start or 0, "start-year-inferred",
        f"{first.heading}: era unknown; counted back from {headed[k].heading} (line "
        f"{headed[k].line}) = {ce}: {start}", "info")], False


def assign_dates(chron: Chronicle, records: list[dict], start_year: int | None
                 ) -> list[Finding]:
    """Year, month, season and day of every entry, with Julian/Gregorian bounds."""
    from kg.chronology.dates import find_day_ganzhi
    from kg.chronology.lunar import CalendarError
    from kg.chronology.years import ChronologyError, YearTracker
    from kg.knowledge.eras import era_table

    table = era_table()
    findings: list[Finding] = []
    no_year_reported = False
    if start_year is None and chron.entries:
        start_year, more, no_year_reported = _infer_start_year(chron, table)
        findings += more
    tracker = YearTracker(start_year, table=table)
    current_year = None
    heading_info: dict[int, dict] = {}
    last_era: tuple[str, int] | None = None
    out_of_calendar: set[int] = set()
    for entry, rec in zip(chron.entries, records):
        year = chron.years[entry.year]
        if entry.year != current_year:
            current_year = entry.year
            if year.heading:
                try:
                    head = (tracker.heading_group(year.parts) if year.parts
                            else tracker.heading(year.heading))
                except (ChronologyError, ValueError) as exc:
                    findings.append(_located(chron, year.start or 0, "year-unknown", str(exc),
                                             "error"))
                    head = None
                if head is not None:
                    findings.extend(_date_findings(chron, year.start or 0, head.findings))
                    era = head.era
                    heading_info[entry.year] = {
                        "era": era.era.name if era else None,
                        "era_printed": head.era_printed,
                        "era_year": head.year,
                        "era_id": era.era.row_id if era else None,
                        "ce_year": era.ce_year if era else None,
                    }
        try:
            date = tracker.entry(entry.marker)
        except ChronologyError as exc:
            if not no_year_reported:
                findings.append(_located(chron, entry.start, "year-unknown", str(exc), "error"))
            continue
        findings.extend(_date_findings(chron, entry.start, date.findings))
        marker = entry.marker
        own_month = marker is not None and marker.month is not None
        rec["ce_year"] = date.ce_year
        head = heading_info.get(entry.year)
        if date.era is None and head and head["era"] is None:
            if "from_sequence" not in head and last_era:
                # an unknown (misprinted) era read from the sequence: 大按七年 after 大安六年
                name, year_no = last_era
                head["from_sequence"] = name if head["era_year"] == year_no + 1 else None
            if head.get("from_sequence"):
                rec["era"], rec["era_year"] = head["from_sequence"], head["era_year"]
                rec["era_printed"] = head["era_printed"]
        if date.era is not None and year.heading and (year.xia or not year.parts):
            rec["era"] = date.era.era.name
            rec["era_printed"] = date.era.printed
            rec["era_year"] = date.era.year
            rec["era_id"] = date.era.era.row_id
            alts = table.alternatives(date.era)
            rec["date_alternatives"] = [
                {"chronology": e.chronology, "era_id": e.row_id, "ce_year": ce,
                 "source": e.source} for e, ce in alts if ce != date.ce_year]
        elif date.era is not None:
            # headingless text: the era is derived from the CE year, not printed
            rec["era_derived"] = f"{date.era.era.name}{date.era.year}年"
            rec["era_id"] = date.era.era.row_id
        if rec.get("era"):
            last_era = (rec["era"], rec["era_year"])
        m = date.marker
        rec["month"] = m.month if (m and date.precision == "month") else None
        rec["leap"] = bool(m and m.leap and rec["month"])
        rec["season"] = m.season if (m and date.precision in ("season", "month")) else None
        rec["month_explicit"] = own_month
        day_only = None
        if marker is None:
            from kg.text.markers import match_headline_day
            hit = match_headline_day(chron.source.text, entry.start)
            day_only = hit[0] if hit else None
        rec["day_ganzhi"] = marker.ganzhi if marker and marker.ganzhi else day_only
        try:
            span = date.timespan(day_ganzhi=day_only) if day_only else date.timespan()
        except CalendarError as exc:
            # a year the calendar cannot convert: the entry keeps its era year and CE
            # year, without days; reported once, on the heading that set the year
            rec["date_label"], rec["days"] = date.label, []
            if entry.year not in out_of_calendar:
                out_of_calendar.add(entry.year)
                at = year.start if year.heading and year.start is not None else entry.start
                findings.append(_located(chron, at, "calendar-range",
                                         f"{exc}; its entries keep the era year and CE "
                                         "year, without days"))
            continue
        findings.extend(_date_findings(chron, entry.start, span.findings))
        rec["date_label"] = span.label
        rec.update(_span_fields(span))
        days = []
        for p_idx, (ps, pe) in enumerate(entry.paragraphs):
            ptext = (chron.match or chron.source.text)[ps:pe]
            for gz, gs, ge in find_day_ganzhi(ptext):
                dspan = date.timespan(day_ganzhi=gz)
                findings.extend(_date_findings(chron, ps + gs, dspan.findings))
                d = {"ganzhi": gz, "paragraph": p_idx, "start": ps + gs - entry.start,
                     "end": ps + ge - entry.start, "label": dspan.label}
                if dspan.precision == "day":
                    # under its own key: the span's begin/end would overwrite the offsets
                    d["date"] = _span_fields(dspan)
                days.append(d)
        rec["days"] = days
    return findings


# -- sources, notes, quotations, readings --------------------------------------------

def assign_sources(chron: Chronicle, records: list[dict], ctx: dict) -> list[Finding]:
    """Closing citations resolved to works; notes and quotations split off the block."""
    from kg.sources.citations import parse_citation, split_citation_block

    findings: list[Finding] = []
    for entry, rec in zip(chron.entries, records):
        if entry.citation is None:
            continue
        text = chron.source.text
        # works are recognised in the match text (《长编》, 辽史, half-width punctuation);
        # what is printed is kept from the input
        match = chron.match or text
        inner_start = entry.citation[0] + 1
        inner = match[inner_start:entry.citation[1] - 1]
        verbatim = text[inner_start:entry.citation[1] - 1]
        context_work = None
        for kind, a, b in split_citation_block(inner):
            seg = inner[a:b]
            rel = inner_start + a - entry.start
            if kind == "citation":
                parsed = parse_citation(seg, context_work)
                for c in parsed.citations:
                    d = c.to_dict()
                    title = c.printed_title
                    if title and verbatim != inner:
                        at = seg.find(title, c.start)
                        if at >= 0:
                            title = verbatim[a + at:a + at + len(title)]
                    d.update({"work_id": c.work_id, "start": rel + c.start, "end": rel + c.end,
                              "misprint": c.misprint, "resolved": c.resolved,
                              "printed_title": title,
                              "raw": verbatim[a + c.start:a + c.end]})
                    rec["citations"].append(d)
                for w in parsed.warnings:
                    findings.append(_located(chron, inner_start + a, "citation", w))
            seg = verbatim[a:b]
            if kind == "note":
                rec["note_spans"].append({"text": seg, "start": rel, "end": rel + len(seg)})
            elif kind == "quote":
                rec["quotes"].append({"text": seg, "start": rel, "end": rel + len(seg)})
            elif kind != "citation":
                rec["note_spans"].append({"text": seg, "start": rel, "end": rel + len(seg)})
                findings.append(_located(chron, inner_start + a, "citation-other",
                                         f"text in the citation block that is neither a "
                                         f"citation, a note nor a quotation: {seg[:20]}"))
    return findings


def assign_inline(chron: Chronicle, records: list[dict]) -> None:
    """Inline parentheses of headline and narrative: readings, notes, quotations."""
    text = chron.source.text
    for entry, rec in zip(chron.entries, records):
        for paren in entry.parens:
            inner = text[paren.inner_start:paren.inner_end]
            rel = paren.inner_start - entry.start
            item = {"text": inner, "start": rel, "end": rel + len(inner)}
            if paren.kind in ("variant", "reading"):
                rec["_inline_readings"].append(paren)
                cut = inner.find("。按")
                if cut >= 0:  # （《長編》作乞默。按此從《宋史·夏國傳》）
                    note = inner[cut + 1:]
                    rec["note_spans"].append({"text": note, "start": rel + cut + 1,
                                              "end": rel + len(inner)})
            elif paren.kind == "quote":
                rec["quotes"].append(item)
                nested, _ = scan_parens(text, paren.inner_start, paren.inner_end)
                for a, b in nested:  # a 一作 inside a quoted passage
                    kind = classify(text[a + 1:b - 1])
                    if kind in ("variant", "reading"):
                        rec["_inline_readings"].append(Paren(a, b, kind))
            else:  # note or other: editorial text inside the narrative
                rec["note_spans"].append(item)
        rec["note_spans"].sort(key=lambda n: n["start"])
        rec["quotes"].sort(key=lambda n: n["start"])


def _from_entry_citations(printed: str, citations: list[dict], default: str
                          ) -> tuple[str | None, str]:
    """Resolve a bare chapter title against the works the entry itself cites."""
    inner = printed[printed.find("《") + 1:printed.rfind("》")] if "《" in printed else printed
    if not inner:
        return None, default
    for c in citations:
        names = [c.get("section") or "", c.get("printed_title") or ""]
        if c.get("work_id") and any(n and (n == inner or n.endswith(inner)) for n in names):
            return c["work_id"], c["work"]
    return None, default


def assign_readings(chron: Chronicle, records: list[dict], names: frozenset[str],
                    prefixes: list[str]) -> None:
    """Readings from inline parentheses and from notes; the fixed ``variants`` view."""
    from kg.sources.citations import find_work_mentions

    text = chron.source.text
    for entry, rec in zip(chron.entries, records):
        readings = []
        for paren in rec.pop("_inline_readings"):
            for r in inline_reading(text, paren.start, paren.end, paren.kind, names, prefixes):
                d = r.to_dict()
                d["start"], d["end"] = paren.start - entry.start, paren.end - entry.start
                readings.append(d)
        cit_start = (entry.citation[0] - entry.start) if entry.citation else len(rec["entry_text"])
        own = chronicle_text(rec["entry_text"])
        carry: list[str] = []
        for note in rec["note_spans"]:
            # an inline note is about the words just before it; a note in the closing
            # citation is about the headline (按《長編》作密內部 → the last name of it)
            if note["start"] < cit_start:
                paren = rec["entry_text"].rfind("（", 0, note["start"])
                paren = max(paren, rec["entry_text"].rfind("(", 0, note["start"]))
                context = rec["entry_text"][:max(paren, 0)]
            else:
                context = rec["headline"]
            for r in note_readings(note["text"], note["start"], context=context,
                                   names=names, prefixes=prefixes, carry=carry,
                                   chronicle=own):
                readings.append(r.to_dict())
        for q in rec["quotes"]:  # （《夢溪筆談》：…至其國死。與此異。）
            readings.extend(r.to_dict() for r in differs_readings(q["text"], q["start"]))
        for r in readings:
            ids, titles = [], []
            for printed in r["works"]:
                found = find_work_mentions(printed)
                m = found[0] if found else None
                wid, title = (m.work_id, m.work) if m and m.work_id else (None, printed)
                if wid is None:  # 《韓琦傳》, 光《劄子》: a chapter of a work the entry cites
                    wid, title = _from_entry_citations(printed, rec["citations"], title)
                ids.append(wid)
                titles.append(title)
            r["work_ids"], r["attributed_to"] = ids, titles
            r["raw"] = rec["entry_text"][r["start"]:r["end"]]
        for q in rec["quotes"]:  # 《長編》：… / 沈括《奏議》：… / 又《長編》詔：…
            found = find_work_mentions(q["text"][:40])
            if found and found[0].work_id:
                q["work_id"], q["work"] = found[0].work_id, found[0].work
            elif found:
                q["work_id"], q["work"] = _from_entry_citations(found[0].printed,
                                                                rec["citations"], None)
        readings.sort(key=lambda r: (r["start"], r["end"]))
        rec["readings"] = readings
        rec["notes"] = [n["text"] for n in rec["note_spans"] if n["text"].startswith("按")]
        rec["variants"] = [
            {"form": r["form"], "variant": r["variant"], "kind": r["kind"],
             "attributed_to": r["attributed_to"][0] if r["attributed_to"] else None}
            for r in readings if r["kind"] in ("一作", "作")]


# -- the pipeline ----------------------------------------------------------------------

def enrich(chron: Chronicle, text_id: str, start_year: int | None = None,
           with_entities: bool = True) -> tuple[list[dict], list[Finding]]:
    """All enrichment steps in order; returns the records and the findings."""
    records = []
    for entry in chron.entries:
        rec = base_record(chron, entry)
        rec["text_id"] = text_id
        rec["position"] = entry.index
        rec["entry_text"] = entry_text(chron, entry)
        rec["headline_span"] = [0, entry.headline[1] - entry.start]
        if entry.paragraphs:
            rec["narrative_span"] = [entry.paragraphs[0][0] - entry.start,
                                     entry.paragraphs[-1][1] - entry.start]
        rec["note_spans"], rec["_inline_readings"] = [], []
        records.append(rec)
    findings = assign_dates(chron, records, start_year)
    assign_inline(chron, records)
    findings += assign_sources(chron, records, {})
    names: frozenset[str] = frozenset()
    prefixes: list[str] = []
    authority = None
    if with_entities:
        from kg.entities.entity_step import load_authority_names
        authority, names, prefixes = load_authority_names()
    assign_readings(chron, records, names, prefixes)
    seen: dict[str, int] = {}
    for rec in records:
        rec["id"] = entry_id(rec["ce_year"], rec["headline"], seen, text_id)
    for entry, rec, nxt in zip(chron.entries, records, records[1:]):
        if entry.joined_to_next:
            # two headlines printed as one line share the narrative and citation after them
            rec["shares_sources_with"] = nxt["id"]
            rec["shared_work_ids"] = sorted({c["work_id"] for c in nxt["citations"]
                                             if c.get("work_id")})
    if with_entities and authority is not None:
        from kg.entities.entity_step import assign_entities
        findings += assign_entities(chron, records, authority)
    return records, findings

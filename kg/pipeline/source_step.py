"""The sources step: closing citations, notes, quotations and readings of every entry.

Works are recognised in the match text (《长编》, 辽史, half-width punctuation) while
what is published is cut from the verbatim input, so offsets always refer to the
text as printed.
"""

from __future__ import annotations

from kg.core.findings import Finding
from kg.core.record import EntryRecord, Item
from kg.sources.citations import find_work_mentions, parse_citation, split_citation_block
from kg.sources.readings import chronicle_text, differs_readings, inline_reading, note_readings
from kg.text.parens import Paren, classify, scan_parens
from kg.text.parse import Chronicle, Entry, located


def assign_sources(chron: Chronicle, records: list[EntryRecord]) -> list[Finding]:
    """Closing citations resolved to works; notes and quotations split off the block."""
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
                    findings.append(located(chron, inner_start + a, "citation", w))
            seg = verbatim[a:b]
            if kind == "note":
                rec["note_spans"].append({"text": seg, "start": rel, "end": rel + len(seg)})
            elif kind == "quote":
                rec["quotes"].append({"text": seg, "start": rel, "end": rel + len(seg)})
            elif kind != "citation":
                rec["note_spans"].append({"text": seg, "start": rel, "end": rel + len(seg)})
                findings.append(located(chron, inner_start + a, "citation-other",
                                         f"text in the citation block that is neither a "
                                         f"citation, a note nor a quotation: {seg[:20]}"))
    return findings


def assign_inline(chron: Chronicle, records: list[EntryRecord]) -> list[list[Paren]]:
    """Inline parentheses of headline and narrative: readings, notes, quotations.

    Returns the reading parentheses of each entry, which the readings step reads
    once the names are known."""
    text = chron.source.text
    inline: list[list[Paren]] = []
    for entry, rec in zip(chron.entries, records):
        found: list[Paren] = []
        inline.append(found)
        for paren in entry.parens:
            inner = text[paren.inner_start:paren.inner_end]
            rel = paren.inner_start - entry.start
            item = {"text": inner, "start": rel, "end": rel + len(inner)}
            if paren.kind in ("variant", "reading"):
                found.append(paren)
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
                        found.append(Paren(a, b, kind))
            else:  # note or other: editorial text inside the narrative
                rec["note_spans"].append(item)
        rec["note_spans"].sort(key=lambda n: n["start"])
        rec["quotes"].sort(key=lambda n: n["start"])
    return inline


def _from_entry_citations(printed: str, citations: list[Item], default: str | None
                          ) -> tuple[str | None, str | None]:
    """Resolve a bare chapter title against the works the entry itself cites."""
    inner = printed[printed.find("《") + 1:printed.rfind("》")] if "《" in printed else printed
    if not inner:
        return None, default
    for c in citations:
        names = [c.get("section") or "", c.get("printed_title") or ""]
        if c.get("work_id") and any(n and (n == inner or n.endswith(inner)) for n in names):
            return c["work_id"], c["work"]
    return None, default


def _inline_readings(text: str, entry: Entry, parens: list[Paren], names: frozenset[str],
                     prefixes: list[str]) -> list[Item]:
    """The readings of the 一作 / 《書》作 parentheses inside headline and narrative."""
    out = []
    for paren in parens:
        for reading in inline_reading(text, paren.start, paren.end, paren.kind, names,
                                      prefixes):
            d = reading.to_dict()
            d["start"], d["end"] = paren.start - entry.start, paren.end - entry.start
            out.append(d)
    return out


def _note_readings(entry: Entry, rec: EntryRecord, names: frozenset[str],
                   prefixes: list[str]) -> list[Item]:
    """The readings of the 按 notes and of the quotations that say 與此異."""
    out = []
    cit_start = (entry.citation[0] - entry.start) if entry.citation else len(rec["entry_text"])
    own = chronicle_text(rec["entry_text"])
    carry: list[str] = []
    for note in rec["note_spans"]:
        # an inline note is about the words just before it; a note in the closing
        # citation is about the headline (按《長編》作密內部 → the last name of it)
        if note["start"] < cit_start:
            opening = rec["entry_text"].rfind("（", 0, note["start"])
            opening = max(opening, rec["entry_text"].rfind("(", 0, note["start"]))
            context = rec["entry_text"][:max(opening, 0)]
        else:
            context = rec["headline"]
        for reading in note_readings(note["text"], note["start"], context=context,
                                     names=names, prefixes=prefixes, carry=carry,
                                     chronicle=own):
            out.append(reading.to_dict())
    for q in rec["quotes"]:  # （《夢溪筆談》：…至其國死。與此異。）
        out.extend(r.to_dict() for r in differs_readings(q["text"], q["start"]))
    return out


def _attribute(readings: list[Item], rec: EntryRecord) -> None:
    """The works each reading names, as work IDs and titles; its raw text."""
    for r in readings:
        ids: list[str | None] = []
        titles: list[str | None] = []
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


def _quote_works(rec: EntryRecord) -> None:
    """The work a quotation opens with: 《長編》：… / 沈括《奏議》：… / 又《長編》詔：…"""
    for q in rec["quotes"]:
        found = find_work_mentions(q["text"][:40])
        if found and found[0].work_id:
            q["work_id"], q["work"] = found[0].work_id, found[0].work
        elif found:
            q["work_id"], q["work"] = _from_entry_citations(found[0].printed,
                                                            rec["citations"], None)


def assign_readings(chron: Chronicle, records: list[EntryRecord], inline: list[list[Paren]],
                    names: frozenset[str], prefixes: list[str]) -> None:
    """Readings from inline parentheses and from notes; the fixed ``variants`` view."""
    text = chron.source.text
    for entry, rec, parens in zip(chron.entries, records, inline):
        readings = _inline_readings(text, entry, parens, names, prefixes)
        readings += _note_readings(entry, rec, names, prefixes)
        _attribute(readings, rec)
        _quote_works(rec)
        readings.sort(key=lambda r: (r["start"], r["end"]))
        rec["readings"] = readings
        rec["notes"] = [n["text"] for n in rec["note_spans"] if n["text"].startswith("按")]
        rec["variants"] = [
            {"form": r["form"], "variant": r["variant"], "kind": r["kind"],
             "attributed_to": r["attributed_to"][0] if r["attributed_to"] else None}
            for r in readings if r["kind"] in ("一作", "作")]

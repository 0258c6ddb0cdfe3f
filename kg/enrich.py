"""From the structural parse to entry records: dates, sources, readings, names.

Each step is a plain function over the record list, run in the order listed in
``enrich`` so the pipeline is visible in one place and each step can be tested
alone.  Records are dicts because other tools read them as JSON lines; the key
names of issue #2 are fixed.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field

from kg.findings import Finding
from kg.parse import Chronicle, Entry
from kg.readings import inline_reading, note_readings

_NOTE_KINDS = ("note",)


@dataclass
class Context:
    """What enrichment needs besides the parse: the text's ID and shared tables."""

    text_id: str
    start_year: int | None = None
    findings: list[Finding] = field(default_factory=list)


def entry_id(ce_year: int | None, headline: str, seen: dict[str, int]) -> str:
    """Stable entry ID: year plus a hash of the headline (see docs/MODEL.md, IRI policy)."""
    norm = "".join(unicodedata.normalize("NFC", headline).split())
    h8 = hashlib.sha1(norm.encode("utf-8")).hexdigest()[:8]
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


def readings_and_notes(chron: Chronicle, entry: Entry, record: dict,
                       names: frozenset[str] = frozenset(),
                       prefixes: list[str] | None = None) -> None:
    """Variants, readings, notes and quotations, with offsets relative to the entry text."""
    text = chron.source.text
    base = entry.start
    for paren in entry.parens:
        inner = text[paren.inner_start:paren.inner_end]
        span = {"start": paren.start - base, "end": paren.end - base,
                "text": text[paren.start:paren.end]}
        if paren.kind in ("variant", "reading"):
            for r in inline_reading(text, paren.start, paren.end, paren.kind, names, prefixes):
                d = r.to_dict()
                d["start"], d["end"] = paren.start - base, paren.end - base
                record["readings"].append(d)
        elif paren.kind == "note" or (paren.kind == "other" and "按" in inner[:2]):
            record["notes"].append(inner)
            _note_spans(record, inner, paren.inner_start - base, text[base:entry.end],
                        names, prefixes)
        elif paren.kind == "quote":
            record["quotes"].append({**span, "text": inner})
        else:
            record["notes"].append(inner)
            _note_spans(record, inner, paren.inner_start - base, text[base:entry.end],
                        names, prefixes)


def _note_spans(record: dict, note: str, offset: int, context: str,
                names: frozenset[str], prefixes: list[str] | None) -> None:
    for r in note_readings(note, offset, context=record["headline"], names=names,
                           prefixes=prefixes):
        d = r.to_dict()
        record["readings"].append(d)

"""The records step, and the keys made from whole records: IDs and shared sources.

A record starts as the structural facts of one entry (where it is, its exact texts);
the later steps of ``kg.pipeline.steps`` fill in the rest.
"""

from __future__ import annotations

import hashlib
import unicodedata

from kg.core.record import EntryRecord
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


def base_record(chron: Chronicle, entry: Entry) -> EntryRecord:
    """The structural part of a record: where the entry is and its exact texts."""
    src = chron.source
    line, col = src.position(entry.start)
    end_line, _ = src.position(max(entry.end - 1, entry.start))
    year = chron.years[entry.year]
    narrative = None
    if entry.paragraphs:
        narrative = "\n".join(chron.text(p) for p in entry.paragraphs)
    return {
        "id": None,  # type: ignore[typeddict-item]  # the ids step names it
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


def make_records(chron: Chronicle, text_id: str) -> list[EntryRecord]:
    """One record per entry, with its position in the text and the spans of its parts."""
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
        rec["note_spans"] = []
        records.append(rec)
    return records


def assign_ids(records: list[EntryRecord], text_id: str) -> None:
    """Entry IDs, once the CE year of every entry is known."""
    seen: dict[str, int] = {}
    for rec in records:
        rec["id"] = entry_id(rec["ce_year"], rec["headline"], seen, text_id)


def share_sources(chron: Chronicle, records: list[EntryRecord]) -> None:
    """Two headlines printed as one line share the narrative and citation after them."""
    for entry, rec, nxt in zip(chron.entries, records, records[1:]):
        if entry.joined_to_next:
            rec["shares_sources_with"] = nxt["id"]
            rec["shared_work_ids"] = sorted({c["work_id"] for c in nxt["citations"]
                                             if c.get("work_id")})

"""Names in entries: authority data, mentions, participants and event types.

A step of ``kg.pipeline.steps``, kept apart so that the parse runs (and is tested) without the
authority tables, and so that the extractor can be swapped or switched off.
Offsets from the extractor are relative to the headline or the narrative; here
they are also given relative to the entry text (``estart``/``eend``), which is
what the graph's Web Annotation anchors use.
"""

from __future__ import annotations

from functools import lru_cache

from kg.core.findings import Finding
from kg.core.record import EntryRecord
from kg.text.parse import Chronicle, located

# The longest entry of the seed texts has about 700 characters.  An "entry" a hundred
# times longer is a transcription that lost its line breaks or closing citations;
# mining it for names would cost seconds per megabyte and give nothing a reader could
# check, so it is reported and left unmined (its structure, dates and sources stay).
MAX_MINED_ENTRY = 50_000
# Headlines are short (a warning above 80 characters); event type and roles are read
# clause by clause over the whole headline, so a "headline" of thousands of characters
# (lost line breaks) would cost quadratic time: beyond this its event is not read.
MAX_EVENT_HEADLINE = 2_000


@lru_cache(maxsize=1)
def _authority():
    from kg.entities.authority import Authority

    return Authority.load()


def load_authority_names():
    """The authority and every written form of a person, group or place (for readings)."""
    authority = _authority()
    names: set[str] = set()
    for kind in ("person", "group", "place"):
        names |= {f for f in authority.forms_by_type(kind) if len(f) >= 2}
    return authority, frozenset(names), []


def _narrative_offsets(rec: EntryRecord) -> list[tuple[int, int]]:
    """Map a code point of the narrative string (paragraphs joined by \\n) to the entry."""
    spans: list[tuple[int, int]] = []
    narrative = rec.get("narrative")
    if narrative is None:
        return spans
    text = rec["entry_text"]
    pos = rec["narrative_span"][0]
    for para in narrative.split("\n"):
        found = text.find(para, pos)
        spans.append((found, found + len(para)))
        pos = found + len(para)
    return spans


def _to_entry(rec: EntryRecord, part: str, start: int, end: int, paras: list[tuple[int, int]]
              ) -> tuple[int, int]:
    if part == "headline":
        return start, end
    offset = 0
    for a, b in paras:
        n = b - a
        if start < offset + n + 1:
            return a + (start - offset), a + (end - offset)
        offset += n + 1
    return start, end


def assign_entities(chron: Chronicle, records: list[EntryRecord], authority) -> list[Finding]:
    """Mentions (headline + narrative), event type and participants of each entry."""
    from kg.entities.events import assign_roles, classify
    from kg.entities.mentions import extract_mentions

    findings: list[Finding] = []
    for entry, rec in zip(chron.entries, records):
        if len(rec["entry_text"]) > MAX_MINED_ENTRY:
            findings.append(located(
                chron, entry.start, "entry-too-long", f"entry of {len(rec['entry_text'])} "
                f"characters (more than {MAX_MINED_ENTRY}): names, event type and roles not "
                "read; is a line break or a closing citation missing?"))
            rec["mentions"], rec["event_type"], rec["participants"] = [], "other", []
            continue
        year = rec.get("ce_year")
        head = extract_mentions(rec["headline"], year, authority, "headline")
        known = {m.id for m in head if m.id} | {m.text for m in head}
        narr = []
        if narrative := rec.get("narrative"):
            narr = extract_mentions(narrative, year, authority, "narrative", known)
        paras = _narrative_offsets(rec)
        mentions = []
        for m in head + narr:
            d = m.to_dict()
            d["estart"], d["eend"] = _to_entry(rec, m.part, m.start, m.end, paras)
            mentions.append(d)
            if m.id is None:
                why = "ambiguous" if m.candidates else "not in the authority data"
                findings.append(located(chron, entry.start + d["estart"], "unresolved-name",
                                         f"{m.text} ({m.type}): {why}", "info"))
        rec["mentions"] = mentions
        if len(rec["headline"]) > MAX_EVENT_HEADLINE:
            findings.append(located(
                chron, entry.start, "headline-too-long", f"headline of {len(rec['headline'])} "
                f"characters (more than {MAX_EVENT_HEADLINE}): event type and roles not read; "
                "is a line break missing?"))
            rec["event_type"], rec["participants"] = "other", []
        else:
            event_type = classify(rec["headline"], head)
            rec["event_type"] = event_type
            rec["participants"] = [dict(p)
                                   for p in assign_roles(rec["headline"], head, event_type)]
        by_text = {m["text"]: m for m in mentions if m.get("id")}
        for r in rec.get("readings", []):
            hit = by_text.get(r.get("form") or "")
            if hit:
                r["entity"] = [hit["type"], hit["id"]]
    return findings

"""The entry record: what the pipeline steps fill in, one per entry of the chronicle.

A TypedDict rather than a dataclass because the record *is* the JSON line that
`kg parse` prints and other tools read: the keys are the documented ones (README,
"Fixed keys"), and a step that writes a key not declared here is a type error.
Which step writes which key is declared in ``kg.pipeline.steps``.
"""

from __future__ import annotations

from typing import Any, TypedDict

# nested items (citations, readings, days, mentions …) are JSON objects whose keys
# belong to the module that makes them (kg.sources.citations, kg.sources.readings …)
Item = dict[str, Any]


class EntryRecord(TypedDict, total=False):
    """One entry; ``total=False`` because each step adds its keys in turn."""

    # structure: where the entry is and its exact texts
    id: str  # None until the ids step; every published record has one
    text_id: str
    position: int
    file: str
    line: int
    col: int
    end_line: int
    year_heading: str | None
    time_marker: str | None
    headline: str
    narrative: str | None
    citation_text: str | None
    entry_text: str
    headline_span: list[int]
    narrative_span: list[int]
    warnings: list[str]
    # dates
    era: str | None
    era_printed: str
    era_year: int | None
    era_id: str
    era_derived: str
    ce_year: int | None
    date_alternatives: list[Item]
    month: int | None
    leap: bool
    season: str | None
    month_explicit: bool
    day_ganzhi: str | None
    date_label: str
    begin: str
    end: str
    begin_jdn: int
    end_jdn: int
    begin_julian: str
    end_julian: str
    precision: str
    calendar: str
    days: list[Item]
    # sources, notes, quotations, readings
    citations: list[Item]
    note_spans: list[Item]  # {text, start, end}: offsets into entry_text
    quotes: list[Item]
    readings: list[Item]
    notes: list[str]
    variants: list[Item]
    shares_sources_with: str
    shared_work_ids: list[str]
    # names and events
    mentions: list[Item]
    event_type: str
    participants: list[Item]

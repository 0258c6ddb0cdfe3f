"""The pipeline's steps, in order, each with the record keys it reads and writes.

This is the one place that says in which order an entry record is filled in; `kg
parse` and `kg build` both run it (through :func:`kg.pipeline.run.parse_decoded`).
Each step is a function of the :class:`Document` being enriched; the keys it
declares are checked against what it really does by tests/test_pipeline_steps.py,
so this table cannot drift from the code.  The model is spaCy's pipeline: named
components that run in a declared order over one shared document.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from kg.core.findings import Finding
from kg.core.record import EntryRecord
from kg.pipeline.date_step import assign_dates
from kg.pipeline.records import assign_ids, make_records, share_sources
from kg.pipeline.source_step import assign_inline, assign_readings, assign_sources
from kg.text.parens import Paren
from kg.text.parse import Chronicle


@dataclass
class Document:
    """One parsed text while the steps enrich it."""

    chron: Chronicle
    text_id: str
    start_year: int | None = None
    records: list[EntryRecord] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    inline_readings: list[list[Paren]] = field(default_factory=list)
    authority: Any = None  # kg.entities.authority.Authority, once the names step ran
    names: frozenset[str] = frozenset()
    prefixes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    """A named step: what it reads from and writes to each record."""

    name: str
    run: Callable[[Document], None]
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    needs_names: bool = False  # left out when the caller asks for no entities
    doc: str = ""


def _records(doc: Document) -> None:
    doc.records = make_records(doc.chron, doc.text_id)


def _dates(doc: Document) -> None:
    doc.findings += assign_dates(doc.chron, doc.records, doc.start_year)


def _inline(doc: Document) -> None:
    doc.inline_readings = assign_inline(doc.chron, doc.records)


def _sources(doc: Document) -> None:
    doc.findings += assign_sources(doc.chron, doc.records)


def _names(doc: Document) -> None:
    from kg.entities.entity_step import load_authority_names

    doc.authority, doc.names, doc.prefixes = load_authority_names()


def _readings(doc: Document) -> None:
    assign_readings(doc.chron, doc.records, doc.inline_readings, doc.names, doc.prefixes)


def _ids(doc: Document) -> None:
    assign_ids(doc.records, doc.text_id)


def _shared(doc: Document) -> None:
    share_sources(doc.chron, doc.records)


def _entities(doc: Document) -> None:
    from kg.entities.entity_step import assign_entities

    doc.findings += assign_entities(doc.chron, doc.records, doc.authority)


STRUCTURE = ("id", "file", "line", "col", "end_line", "year_heading", "era", "era_year",
             "ce_year", "month", "leap", "season", "month_explicit", "day_ganzhi",
             "time_marker", "headline", "narrative", "citation_text", "citations",
             "variants", "readings", "notes", "quotes", "warnings", "text_id", "position",
             "entry_text", "headline_span", "narrative_span", "note_spans")
DATES = ("era", "era_printed", "era_year", "era_id", "era_derived", "ce_year",
         "date_alternatives", "month", "leap", "season", "month_explicit", "day_ganzhi",
         "date_label", "begin", "end", "begin_jdn", "end_jdn", "begin_julian", "end_julian",
         "precision", "calendar", "days")

STEPS: tuple[Step, ...] = (
    Step("records", _records, (), STRUCTURE,
         doc="one record per entry: where it is, its exact texts"),
    Step("dates", _dates, ("era", "era_year"), DATES,
         doc="year headings and time markers → era, CE year, month, bounds, 干支 days"),
    Step("inline", _inline, ("note_spans", "quotes"), ("note_spans", "quotes"),
         doc="parentheses inside headline and narrative: notes, quotations, readings"),
    Step("sources", _sources, ("citations", "note_spans", "quotes"),
         ("citations", "note_spans", "quotes"),
         doc="the closing citation: works, chapters, juan; notes and quotations in it"),
    Step("names", _names, (), (), needs_names=True,
         doc="load the authority tables (persons, groups, places, polities)"),
    Step("readings", _readings,
         ("entry_text", "note_spans", "headline", "quotes", "citations"),
         ("readings", "notes", "variants", "quotes"),
         doc="what other sources read (一作, 《書》作, 按 notes, 與此異), attributed to works"),
    Step("ids", _ids, ("ce_year", "headline"), ("id",),
         doc="stable entry IDs (year + hash of text ID and headline)"),
    Step("shared-sources", _shared, ("id", "citations"),
         ("shares_sources_with", "shared_work_ids"),
         doc="two headlines printed as one share the sources after them"),
    Step("entities", _entities,
         ("entry_text", "ce_year", "headline", "narrative", "narrative_span", "readings"),
         ("mentions", "event_type", "participants", "readings"), needs_names=True,
         doc="names in headline and narrative, event type, participants and roles"),
)


def steps(with_entities: bool = True) -> tuple[Step, ...]:
    """The steps that run; without entities the name steps are left out."""
    return tuple(s for s in STEPS if with_entities or not s.needs_names)


def enrich(chron: Chronicle, text_id: str, start_year: int | None = None,
           with_entities: bool = True) -> tuple[list[EntryRecord], list[Finding]]:
    """Run every step in order; returns the records and the findings."""
    doc = Document(chron, text_id, start_year)
    for step in steps(with_entities):
        step.run(doc)
    return doc.records, doc.findings

"""The dates step: year, era, month, season and day of every entry, with bounds.

Year headings and time markers are read in text order by
:class:`kg.chronology.years.YearTracker`; this step turns what it answers into the
record's date keys and places every finding at the heading or entry it is about.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kg.chronology.dates import find_day_ganzhi
from kg.chronology.lunar import CalendarError
from kg.chronology.timespans import TimeSpan
from kg.chronology.years import ChronologyError, EntryDate, YearTracker
from kg.core.findings import Finding
from kg.core.record import EntryRecord, Item
from kg.knowledge.eras import EraTable, era_table
from kg.text.markers import match_headline_day
from kg.text.parse import Chronicle, Entry, YearSection, located


def _date_findings(chron: Chronicle, offset: int, findings) -> list[Finding]:
    line, col = chron.source.position(offset)
    return [f.located(chron.source.name, line, col) for f in findings]


def _span_fields(span: TimeSpan) -> dict[str, Any]:
    return {
        "begin": span.begin_gregorian, "end": span.end_gregorian,
        "begin_jdn": span.begin_jdn, "end_jdn": span.end_jdn,
        "begin_julian": span.begin_julian, "end_julian": span.end_julian,
        "precision": span.precision, "calendar": span.calendar,
    }


def _heading_year(section: YearSection, table: EraTable) -> int | None:
    """The CE year one year heading gives on its own, or None (an unknown era)."""
    try:
        scratch = YearTracker(table=table)
        head = (scratch.heading_group(section.parts) if section.parts
                else scratch.heading(section.heading or ""))
    except (ChronologyError, ValueError):
        return None
    return head.ce_year


def _infer_start_year(chron: Chronicle, table: EraTable
                      ) -> tuple[int | None, list[Finding], bool]:
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
        return None, [located(
            chron, first_entry.start, "year-unknown",
            "no year heading in the file to date its entries by: give the CE year of the "
            "first entry with --start-year", "error")], True
    k, ce = known
    first = headed[0]
    if before:
        start = ce - k - 1
        return start, [located(
            chron, first_entry.start, "start-year-inferred",
            f"entries before the first year heading ({first.heading}, line {first.line}) "
            f"taken as the year before it, {start}", "info")], False
    if k == 0:
        return None, [], False
    start = ce - k
    return start, [located(
        chron, first.start or 0, "start-year-inferred",
        f"{first.heading}: era unknown; counted back from {headed[k].heading} (line "
        f"{headed[k].line}) = {ce}: {start}", "info")], False


@dataclass
class _Dating:
    """What the dates step carries from one entry to the next."""

    chron: Chronicle
    table: EraTable
    tracker: YearTracker
    no_year_reported: bool = False
    findings: list[Finding] = field(default_factory=list)
    current_year: int | None = None
    heading_info: dict[int, dict[str, Any]] = field(default_factory=dict)
    last_era: tuple[Any, Any] | None = None  # (era name, era year) of the last dated entry
    out_of_calendar: set[int] = field(default_factory=set)

    def read_heading(self, entry: Entry) -> None:
        """Take the year heading when an entry is the first under it."""
        if entry.year == self.current_year:
            return
        self.current_year = entry.year
        year = self.chron.years[entry.year]
        if not year.heading:
            return
        try:
            head = (self.tracker.heading_group(year.parts) if year.parts
                    else self.tracker.heading(year.heading))
        except (ChronologyError, ValueError) as exc:
            self.findings.append(located(self.chron, year.start or 0, "year-unknown",
                                         str(exc), "error"))
            return
        self.findings.extend(_date_findings(self.chron, year.start or 0, head.findings))
        era = head.era
        self.heading_info[entry.year] = {
            "era": era.era.name if era else None,
            "era_printed": head.era_printed,
            "era_year": head.year,
            "era_id": era.era.row_id if era else None,
            "ce_year": era.ce_year if era else None,
        }

    def era_fields(self, entry: Entry, rec: EntryRecord, date: EntryDate) -> None:
        """Era, era year and the other chronologies' readings of the entry's year."""
        year = self.chron.years[entry.year]
        head = self.heading_info.get(entry.year)
        if date.era is None and head and head["era"] is None:
            if "from_sequence" not in head and self.last_era:
                # an unknown (misprinted) era read from the sequence: 大按七年 after 大安六年
                name, year_no = self.last_era
                head["from_sequence"] = name if head["era_year"] == year_no + 1 else None
            if head.get("from_sequence"):
                rec["era"], rec["era_year"] = head["from_sequence"], head["era_year"]
                rec["era_printed"] = head["era_printed"]
        if date.era is not None and year.heading and (year.xia or not year.parts):
            rec["era"] = date.era.era.name
            rec["era_printed"] = date.era.printed
            rec["era_year"] = date.era.year
            rec["era_id"] = date.era.era.row_id
            rec["date_alternatives"] = [
                {"chronology": e.chronology, "era_id": e.row_id, "ce_year": ce,
                 "source": e.source}
                for e, ce in self.table.alternatives(date.era) if ce != date.ce_year]
        elif date.era is not None:
            # headingless text: the era is derived from the CE year, not printed
            rec["era_derived"] = f"{date.era.era.name}{date.era.year}年"
            rec["era_id"] = date.era.era.row_id
        if rec.get("era"):
            self.last_era = (rec["era"], rec["era_year"])

    def calendar_out_of_range(self, entry: Entry, rec: EntryRecord, date: EntryDate,
                              exc: CalendarError) -> None:
        """A year the calendar cannot convert: the entry keeps its era year and CE year,
        without days; reported once, on the heading that set the year."""
        rec["date_label"], rec["days"] = date.label, []
        if entry.year in self.out_of_calendar:
            return
        self.out_of_calendar.add(entry.year)
        year = self.chron.years[entry.year]
        at = year.start if year.heading and year.start is not None else entry.start
        self.findings.append(located(self.chron, at, "calendar-range",
                                     f"{exc}; its entries keep the era year and CE year, "
                                     "without days"))

    def days(self, entry: Entry, date: EntryDate) -> list[Item]:
        """The 干支 days named in the narrative, each dated within the entry's month."""
        out = []
        text = self.chron.match or self.chron.source.text
        for p_idx, (ps, pe) in enumerate(entry.paragraphs):
            for gz, gs, ge in find_day_ganzhi(text[ps:pe]):
                dspan = date.timespan(day_ganzhi=gz)
                self.findings.extend(_date_findings(self.chron, ps + gs, dspan.findings))
                d: Item = {"ganzhi": gz, "paragraph": p_idx, "start": ps + gs - entry.start,
                           "end": ps + ge - entry.start, "label": dspan.label}
                if dspan.precision == "day":
                    # under its own key: the span's begin/end would overwrite the offsets
                    d["date"] = _span_fields(dspan)
                out.append(d)
        return out

    def date_entry(self, entry: Entry, rec: EntryRecord) -> None:
        """All date keys of one entry."""
        self.read_heading(entry)
        try:
            date = self.tracker.entry(entry.marker)
        except ChronologyError as exc:
            if not self.no_year_reported:
                self.findings.append(located(self.chron, entry.start, "year-unknown",
                                             str(exc), "error"))
            return
        self.findings.extend(_date_findings(self.chron, entry.start, date.findings))
        rec["ce_year"] = date.ce_year
        self.era_fields(entry, rec, date)
        day_only = _month_fields(self.chron, entry, rec, date)
        try:
            span = date.timespan(day_ganzhi=day_only) if day_only else date.timespan()
        except CalendarError as exc:
            self.calendar_out_of_range(entry, rec, date, exc)
            return
        self.findings.extend(_date_findings(self.chron, entry.start, span.findings))
        rec["date_label"] = span.label
        rec.update(_span_fields(span))  # type: ignore[typeddict-item]  # keys of EntryRecord
        rec["days"] = self.days(entry, date)


def _month_fields(chron: Chronicle, entry: Entry, rec: EntryRecord, date: EntryDate
                  ) -> str | None:
    """Month, leap, season and 干支 day of the marker in force; returns the 干支 of a
    headline that starts with a day alone (丁亥，…), which dates the entry itself."""
    marker = entry.marker
    m = date.marker
    rec["month"] = m.month if (m and date.precision == "month") else None
    rec["leap"] = bool(m and m.leap and rec["month"])
    rec["season"] = m.season if (m and date.precision in ("season", "month")) else None
    rec["month_explicit"] = marker is not None and marker.month is not None
    day_only = None
    if marker is None:
        hit = match_headline_day(chron.source.text, entry.start)
        day_only = hit[0] if hit else None
    rec["day_ganzhi"] = marker.ganzhi if marker and marker.ganzhi else day_only
    return day_only


def assign_dates(chron: Chronicle, records: list[EntryRecord], start_year: int | None
                 ) -> list[Finding]:
    """Year, month, season and day of every entry, with Julian/Gregorian bounds."""
    table = era_table()
    findings: list[Finding] = []
    no_year_reported = False
    if start_year is None and chron.entries:
        start_year, findings, no_year_reported = _infer_start_year(chron, table)
    state = _Dating(chron, table, YearTracker(start_year, table=table), no_year_reported,
                    findings)
    for entry, rec in zip(chron.entries, records):
        state.date_entry(entry, rec)
    return state.findings

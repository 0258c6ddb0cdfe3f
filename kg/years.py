"""Which year and month each entry belongs to, followed through a text in order.

The chronicle dates most entries only implicitly: a year heading (西夏稱大安八年) sets
the year, a headline's time marker (夏四月, read by :mod:`kg.markers`) the month, and an
entry without a marker inherits the date of the entry before it.  Some files have no
heading at all; their first year comes from outside (the manifest's ``start_year`` or
``--start-year``) and later years are inferred where the months start again (春正月,
or an earlier month after a later one).

Years are resolved in the book's own chronology.  A heading that does not follow the
previous year is a finding; when it cannot be right (an unknown era, or a year that
goes backwards) the year is taken from the sequence instead.  Nothing here stops on a
bad date.

Finding codes (besides those of :mod:`kg.eras` and :mod:`kg.timespans`):
``year-from-sequence``, ``year-gap`` (info), ``year-inferred`` (info),
``month-order``, ``same-month-without-month``, ``inferred-era-ambiguous`` (info),
``start-year-mismatch``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.dates import SEASONS, YearHeading, parse_year_heading
from kg.eras import BOOK, DateFinding, EraTable, EraYear, era_table
from kg.markers import TimeMarker
from kg.timespans import TimeSpan, timespan

XIA = "夏"


class ChronologyError(ValueError):
    """The year of an entry cannot be known at all (no heading and no start year)."""


def marker_label(marker: TimeMarker, with_day: bool = True) -> str:
    """The marker as printed, without its comma: 夏四月, 閏六月, 是歲 (九月丁亥 → 九月
    when ``with_day`` is false, for entries that inherit only the month)."""
    label = marker.text.rstrip("，,、")
    if not with_day and marker.ganzhi and label.endswith(marker.ganzhi):
        label = label[:-len(marker.ganzhi)]
    return label


def _kind(marker: TimeMarker) -> str:
    if marker.month is not None:
        return "month"
    if marker.yearly:
        return "year"
    if marker.same_month:
        return "same-month"
    return "season"  # 秋， 是冬，


@dataclass(frozen=True)
class EntryDate:
    """The date an entry carries before any 干支 day inside it is read."""

    ce_year: int
    era: EraYear | None  # the heading's era year, or the one derived for an inferred year
    year_label: str  # the year as printed in the heading (大安八年); "" when inferred
    marker: TimeMarker | None  # the marker in force: the entry's own or inherited
    inherited: bool  # True when the marker came from an earlier entry
    precision: str  # "year", "season" or "month"
    findings: tuple[DateFinding, ...] = field(default=())

    @property
    def label(self) -> str:
        """The date as the text gives it: heading year + marker (大安八年夏四月)."""
        marker = marker_label(self.marker, not self.inherited) if self.marker else ""
        return self.year_label + marker

    def timespan(self, day_ganzhi: str | None = None, day: int | None = None) -> TimeSpan:
        """Bounds of the entry, or of a part of it dated to a 干支 day of its month.

        A 干支 in the entry's own marker (九月丁亥，) dates the entry itself; an
        inherited marker's 干支 does not carry over to the next entry.
        """
        m = self.marker
        month = m.month if m and self.precision == "month" else None
        season = m.season if m and self.precision in ("season", "month") else None
        gz = day_ganzhi or (m.ganzhi if m and not self.inherited else None)
        label = self.label + (day_ganzhi or "")
        return timespan(self.ce_year, month=month, leap=bool(m and m.leap and month),
                        season=season, day=day, day_ganzhi=gz, era=self.era, label=label)


def _order(marker: TimeMarker) -> tuple[int, int]:
    """Sort key of a marker within its year: month, then the leap month after it."""
    if marker.month is not None:
        return marker.month, int(marker.leap)
    assert marker.season is not None
    return SEASONS[marker.season][0], 0


class YearTracker:
    """Feed it a text's year headings and entry markers in text order; it dates entries.

    ``start_year`` is the CE year of the entries before the first heading (all of
    them, in a file without headings).  A heading at the very top rules over it.
    """

    def __init__(self, start_year: int | None = None, *, chronology: str = BOOK,
                 table: EraTable | None = None):
        self.table = table or era_table()
        self.chronology = chronology
        self.ce_year = start_year
        self.era: EraYear | None = None
        self.year_label = ""
        self.from_heading = False
        self.start_unused = start_year is not None
        self.last_order: tuple[int, int] | None = None
        self.marker: TimeMarker | None = None
        self.precision = "year"
        self.pending: list[DateFinding] = []
        if start_year is not None:
            self.pending = self._derive_era()

    def _derive_era(self) -> list[DateFinding]:
        """The Xia era year of an inferred CE year (none if the era changed that year)."""
        assert self.ce_year is not None
        years = self.table.eras_in(self.ce_year, XIA, self.chronology)
        self.era = years[0] if len(years) == 1 else None
        if len(years) > 1:
            names = "、".join(f"{y.era.name}{y.year}年" for y in years)
            return [DateFinding("inferred-era-ambiguous",
                                f"{self.ce_year} is {names}; no era assigned", "info")]
        return list(years[0].findings) if years else []

    def _new_year(self) -> None:
        self.last_order = None
        self.marker = None
        self.precision = "year"

    def heading(self, line: str) -> YearHeading:
        """Take a year heading line; return it with the year used and sequence findings."""
        start = self.ce_year if self.start_unused else None
        expected = None if self.ce_year is None or start is not None else self.ce_year + 1
        head = parse_year_heading(line, near_year=expected or start,
                                  chronology=self.chronology, table=self.table)
        if head is None:
            raise ValueError(f"not a year heading: {line!r}")
        findings = list(head.findings)
        era = head.era
        if start is not None:
            self.start_unused = False
            self.pending = []
            if era is None:
                expected = start
            elif era.ce_year != start:
                findings.append(DateFinding(
                    "start-year-mismatch", f"{head.printed} = {era.ce_year}, start year {start}"))
        if era is None or (expected is not None and era.ce_year < expected):
            if expected is None:
                raise ChronologyError(f"{head.printed}: unknown era and no year before it")
            why = "unknown era" if era is None else f"{era.ce_year} does not follow {expected - 1}"
            findings.append(DateFinding("year-from-sequence",
                                        f"{head.printed}: {why}; taken as {expected}"))
            ce = expected
            if era is not None:
                era = EraYear(era.era, era.printed, era.year, ce, era.form, era.findings)
        else:
            ce = era.ce_year
            if expected is not None and ce > expected:
                missing = str(expected) if ce - 1 == expected else f"{expected}–{ce - 1}"
                findings.append(DateFinding(
                    "year-gap", f"{head.printed} = {ce}: no heading for {missing}", "info"))
        self.ce_year, self.era, self.year_label = ce, era, head.label
        self.from_heading = True
        self._new_year()
        return YearHeading(head.printed, head.era_printed, head.year_printed, head.year, era,
                           tuple(findings))

    def entry(self, marker: TimeMarker | None) -> EntryDate:
        """Date the next entry from its headline's marker (None: it has none)."""
        if self.ce_year is None:
            raise ChronologyError("an entry before any year heading, and no start year")
        self.start_unused = False
        findings, self.pending = self.pending, []
        own = marker is not None and _kind(marker) != "same-month"
        if marker is not None and _kind(marker) in ("month", "season"):
            order = _order(marker)
            # the months start again: an earlier month than the last one, or 春正月 anew
            restart = self.last_order is not None and (
                order < self.last_order or (marker.season == "春" and order == (1, 0)))
            if restart and self.from_heading:
                findings.append(DateFinding(
                    "month-order", f"{marker_label(marker)} comes after a later month of "
                    f"{self.year_label}"))
            elif restart:
                self.ce_year += 1
                self._new_year()
                findings.extend(self._derive_era())
                findings.append(DateFinding(
                    "year-inferred", f"{marker_label(marker)} starts {self.ce_year}", "info"))
            self.last_order = order
            self.marker = marker
            self.precision = _kind(marker)
        elif marker is not None and own:  # 是歲 / 是年
            self.marker, self.precision = marker, "year"
        elif marker is not None and self.precision != "month":  # 是月 without a month
            findings.append(DateFinding("same-month-without-month",
                                        f"{marker_label(marker)} but no month is in force"))
        return EntryDate(self.ce_year, self.era, self.year_label if self.from_heading else "",
                         self.marker, not own, self.precision, tuple(findings))

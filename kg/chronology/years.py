"""Which year and month each entry belongs to, followed through a text in order.

The chronicle dates most entries only implicitly: a year heading (西夏稱大安八年) sets
the year, a headline's time marker (夏四月, read by :mod:`kg.text.markers`) the month, and an
entry without a marker inherits the date of the entry before it.  Some files have no
heading at all; their first year comes from outside (the manifest's ``start_year`` or
``--start-year``) and later years are inferred where the months start again (春正月,
or an earlier month after a later one).

Years are resolved in the book's own chronology.  A heading that does not follow the
previous year is a finding; when it cannot be right (an unknown era, or a year that
goes backwards) the year is taken from the sequence instead.  Nothing here stops on a
bad date.

Finding codes (besides those of :mod:`kg.knowledge.eras` and :mod:`kg.chronology.timespans`):
``year-from-sequence``, ``year-gap`` (info), ``year-inferred`` (info),
``month-order``, ``same-month-without-month``, ``inferred-era-ambiguous`` (info),
``start-year-mismatch``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kg.chronology.dates import SEASONS, YearHeading, parse_year_heading
from kg.chronology.timespans import TimeSpan, timespan
from kg.knowledge.eras import BOOK, DateFinding, EraTable, EraYear, era_table
from kg.text.headings import HeadingPart
from kg.text.markers import TimeMarker
from kg.text.numerals import parse_numeral

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


@dataclass
class _HeadingGroup:
    """One year's headings while ``YearTracker.heading_group`` reads them."""

    parts: list[HeadingPart]
    start: int | None  # the start year, when this group is the first thing dated
    expected: int | None  # the year after the previous one
    other_years: list[tuple[HeadingPart, int]]  # the non-Xia parts with their CE years
    findings: list[DateFinding]
    head: YearHeading | None = None  # the Xia part, read
    era: EraYear | None = None  # its era year, once shifted or rebased

    @property
    def ce_other(self) -> int | None:
        """The CE year the non-Xia headings give (they are not in dispute)."""
        return self.other_years[0][1] if self.other_years else None


def _year_gap(printed: str, ce: int, expected: int) -> DateFinding:
    """Years skipped without a heading are worth telling, but not wrong."""
    missing = str(expected) if ce - 1 == expected else f"{expected}–{ce - 1}"
    return DateFinding("year-gap", f"{printed} = {ce}: no heading for {missing}", "info")


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
        # Xia eras this text reckons differently from the table: era id → years to add
        self.offsets: dict[str, int] = {}
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
        from kg.text.headings import scan_heading_group
        from kg.text.matchtext import match_text

        text = match_text(line.strip())
        found = scan_heading_group(text, 0, len(text))
        if found is None:
            raise ValueError(f"not a year heading: {line!r}")
        return self.heading_group(found[0])

    def _other_years(self, parts: list[HeadingPart], near: int | None
                     ) -> tuple[list[tuple[HeadingPart, int]], list[DateFinding]]:
        """CE years of the Song/Liao/Jin/Mongol parts (standard reckoning), with findings."""
        out: list[tuple[HeadingPart, int]] = []
        findings: list[DateFinding] = []
        for part in parts:
            year = parse_numeral(part.year_printed)
            assert year is not None
            if not part.era and part.emperor is not None:  # 元太祖二十二年
                ce = part.emperor.first_year + year - 1
            else:
                era = self.table.resolve(part.era, year, polity=part.polity,
                                         chronology=self.chronology, near_year=near)
                if era is None:
                    findings.append(DateFinding("unknown-era",
                                                f"{part.era} is not a known {part.polity} era"))
                    continue
                findings.extend(f for f in era.findings if f.code != "era-chronology-fallback")
                ce = era.ce_year
            emp = part.emperor
            if emp is not None and not emp.first_year <= ce <= emp.last_year:
                findings.append(DateFinding(
                    "heading-ruler-mismatch", f"{part.printed}: {part.label} = {ce}, but "
                    f"{part.polity}{emp.temple_name} reigned {emp.first_year}–{emp.last_year}"))
            out.append((part, ce))
        years = {ce for _, ce in out}
        if len(years) > 1:
            said = "、".join(f"{p.printed} = {ce}" for p, ce in out)
            findings.append(DateFinding("heading-disagreement",
                                        f"the headings of one year disagree: {said}; "
                                        f"took {out[0][1]}"))
        return out, findings

    def _settle_polity(self, part: HeadingPart, near: int | None) -> HeadingPart:
        """An era printed with neither polity nor emperor (天慶五年) that several polities
        used is the one nearest the year the sequence expects (Xia when nothing is known)."""
        if part.prefix or part.emperor is not None or not part.era or near is None:
            return part
        year = parse_numeral(part.year_printed)
        best: tuple[int, str] | None = None
        for polity in sorted({e.polity for e in self.table.eras if part.era in
                              (e.name, *e.variants, *e.misprints)}, key=lambda p: p != XIA):
            era = self.table.resolve(part.era, year or 1, polity=polity,
                                     chronology=self.chronology, near_year=near)
            if era is not None and (best is None or abs(era.ce_year - near) < best[0]):
                best = (abs(era.ce_year - near), polity)
        if best is None or best[1] == part.polity:
            return part
        return replace(part, polity=best[1])

    def heading_group(self, parts: list[HeadingPart]) -> YearHeading:
        """Take one year's headings (any polities); return the Xia one (or the first) with
        the CE year used and every finding about it.

        A Song/Liao/Jin heading gives the CE year by the standard tables, which for
        those polities are not in dispute; the Xia heading beside it is read in the
        book's reckoning, and a difference is reported and remembered, so that the
        next headings of the same Xia era follow the book's sequence.
        """
        group = self._read_group(parts)
        if group.start is not None:
            self.start_unused = False
            self.pending = []
        if group.ce_other is not None:
            ce = self._year_from_others(group)
        elif group.head is not None:
            ce = self._year_from_xia(group)
        else:
            ce = self._year_from_sequence(group)
        return self._enter_year(group, ce)

    def _read_group(self, parts: list[HeadingPart]) -> _HeadingGroup:
        """Read every part against the year the sequence expects, before any is trusted."""
        start = self.ce_year if self.start_unused else None
        expected = None if self.ce_year is None or start is not None else self.ce_year + 1
        parts = [self._settle_polity(p, expected or start) for p in parts]
        xia = next((p for p in parts if p.polity == XIA), None)
        others = [p for p in parts if p.polity != XIA]
        other_years, findings = self._other_years(others, expected or start)
        group = _HeadingGroup(parts, start, expected, other_years, findings)
        if xia is not None:
            self._read_xia(group, xia)
        return group

    def _read_xia(self, group: _HeadingGroup, xia: HeadingPart) -> None:
        """The Xia part in the book's reckoning, shifted by an offset this text has shown."""
        # read in the seed form (西夏稱 + era + year), whatever prefix or temple name
        # the edition printed (夏崇宗貞觀元年)
        line = f"西夏稱{xia.era}{xia.year_printed}年" if xia.era else xia.printed
        head = parse_year_heading(line, near_year=group.ce_other or group.expected or group.start,
                                  chronology=self.chronology, table=self.table)
        if head is None:  # a part the line form does not take (never expected)
            raise ValueError(f"not a year heading: {xia.printed!r}")
        group.findings += list(head.findings)
        era = head.era
        if era is not None and era.era.id in self.offsets and group.ce_other is None:
            shift = self.offsets[era.era.id]
            era = EraYear(era.era, era.printed, era.year, era.ce_year + shift, era.form,
                          era.findings)
            group.findings.append(DateFinding(
                "era-offset", f"{head.label} taken as {era.ce_year}: in this text "
                f"{era.era.name} runs {shift:+d} year(s) from the table", "info"))
        group.head, group.era = head, era

    def _rebase(self, era: EraYear, ce: int) -> EraYear:
        """Take ``era`` as ``ce`` and remember the shift for the era's later headings."""
        self.offsets[era.era.id] = ce - era.era.ce_year(era.year)
        return EraYear(era.era, era.printed, era.year, ce, era.form, era.findings)

    def _year_from_others(self, group: _HeadingGroup) -> int:
        """A Song/Liao/Jin/Mongol heading rules: the Xia one and the sequence are checked."""
        ce = group.other_years[0][1]
        printed = group.other_years[0][0].printed
        era, head, start, expected = group.era, group.head, group.start, group.expected
        if era is not None and era.ce_year != ce:
            group.findings.append(DateFinding(
                "heading-disagreement", f"{head.printed if head else ''} = {era.ce_year} "
                f"(chronology {era.era.chronology}), {printed} = {ce}; took {ce}"))
            group.era = self._rebase(era, ce)
        if start is not None and ce != start:
            group.findings.append(DateFinding(
                "start-year-mismatch", f"{printed} = {ce}, start year {start}"))
        if expected is not None and ce < expected:
            group.findings.append(DateFinding(
                "year-order", f"{printed} = {ce} comes after {expected - 1}"))
        elif expected is not None and ce > expected:
            group.findings.append(_year_gap(printed, ce, expected))
        return ce

    def _year_from_xia(self, group: _HeadingGroup) -> int:
        """Only a Xia heading: its year, unless it cannot follow the sequence."""
        head, era, start, expected = group.head, group.era, group.start, group.expected
        assert head is not None
        if start is not None:
            if era is None:
                expected = start
            elif era.ce_year != start:
                group.findings.append(DateFinding(
                    "start-year-mismatch", f"{head.printed} = {era.ce_year}, start year "
                    f"{start}"))
        if era is None or (expected is not None and era.ce_year < expected):
            if expected is None:
                raise ChronologyError(f"{head.printed}: unknown era and no year before it")
            why = (f"{era.ce_year} does not follow {expected - 1}" if era is not None
                   else "unknown era" if head.year else "unreadable year")
            group.findings.append(DateFinding("year-from-sequence",
                                              f"{head.printed}: {why}; taken as {expected}"))
            if era is not None:
                group.era = self._rebase(era, expected)
            return expected
        if expected is not None and era.ce_year > expected:
            group.findings.append(_year_gap(head.printed, era.ce_year, expected))
        return era.ce_year

    def _year_from_sequence(self, group: _HeadingGroup) -> int:
        """No era of the group is known: the year after the last one (or the start year)."""
        expected, start = group.expected, group.start
        if expected is None and start is None:
            raise ChronologyError("a year heading none of whose eras is known, "
                                  "and no year before it")
        ce = expected if expected is not None else start
        assert ce is not None  # one of the two, as checked above
        group.findings.append(DateFinding("year-from-sequence",
                                          f"{group.parts[0].printed}: unknown era; taken as {ce}"))
        return ce

    def _enter_year(self, group: _HeadingGroup, ce: int) -> YearHeading:
        """Make ``ce`` the current year; entries after the heading are dated by it."""
        self.ce_year = ce
        self.from_heading = True
        self._new_year()
        head = group.head
        if head is not None:
            self.era, self.year_label = group.era, head.label
            return YearHeading(head.printed, head.era_printed, head.year_printed, head.year,
                               group.era, tuple(group.findings), ce)
        # no Xia heading printed: the Xia era year is derived from the CE year
        derived = self.table.eras_in(ce, XIA, self.chronology)
        self.era = derived[0] if len(derived) == 1 else None
        first = group.parts[0]
        self.year_label = first.label
        year = parse_numeral(first.year_printed) or 0
        return YearHeading(first.printed, first.era, first.year_printed, year, None,
                           tuple(group.findings), ce, first.polity)

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
        elif marker is not None and self.precision != "month" and not marker.weak:
            # 是月 without a month (是時, "at that time", is looser and says nothing)
            findings.append(DateFinding("same-month-without-month",
                                        f"{marker_label(marker)} but no month is in force"))
        return EntryDate(self.ce_year, self.era, self.year_label if self.from_heading else "",
                         self.marker, not own, self.precision, tuple(findings))

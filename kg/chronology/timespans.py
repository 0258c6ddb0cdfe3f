"""From date parts (CE year, season, lunar month, day) to bounded days.

The text's own wording stays the authority (``label``); what this adds are the
bounds a machine can compare: the first and last day the statement can mean, as
Julian day numbers, as Julian-calendar strings (what historians of the period
quote) and as proleptic Gregorian strings (what ``xsd:date`` means).  A year is the
lunar year (正月初一 to the eve of the next), a season its three months with any leap
month among them, a month the lunar month.

Dates the calendar does not have are findings, not errors: the span falls back to
the next larger unit that does exist and says so.  Finding codes: ``no-leap-month``,
``day-out-of-month``, ``ganzhi-not-in-month``, ``ganzhi-day-mismatch``,
``season-mismatch``, ``day-without-month``, ``era-end-unknown``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kg.chronology.dates import SEASONS, DateExpression
from kg.chronology.lunar import (
    CALENDAR,
    LunarMonth,
    ganzhi_index,
    ganzhi_of_jdn,
    gregorian_from_jdn,
    iso,
    julian_from_jdn,
    lunar_month,
    months_between,
    year_bounds,
)
from kg.knowledge.eras import DateFinding, EraTable, EraYear, era_table

MONTH_NAMES = ("正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")


@dataclass(frozen=True)
class TimeSpan:
    """A dated statement: the parts as read, the precision reached, the bounds."""

    label: str
    ce_year: int
    begin_jdn: int
    end_jdn: int
    precision: str  # "era", "year", "season", "month" or "day"
    era: EraYear | None = None
    season: str | None = None
    month: int | None = None
    leap: bool = False
    day: int | None = None  # day of the month, also when it came from a 干支
    day_ganzhi: str | None = None
    calendar: str = CALENDAR
    findings: tuple[DateFinding, ...] = field(default=())

    # first and last day as YYYY-MM-DD, Julian calendar and proleptic Gregorian (xsd:date)
    begin_julian = property(lambda self: iso(julian_from_jdn(self.begin_jdn)))
    end_julian = property(lambda self: iso(julian_from_jdn(self.end_jdn)))
    begin_gregorian = property(lambda self: iso(gregorian_from_jdn(self.begin_jdn)))
    end_gregorian = property(lambda self: iso(gregorian_from_jdn(self.end_jdn)))


def month_name(month: int, leap: bool = False) -> str:
    """正月, 閏六月 … for messages."""
    return ("閏" if leap else "") + MONTH_NAMES[month - 1] + "月"


def _ganzhi_miss(m: LunarMonth, gz: str) -> str:
    """Where a 干支 missing from a month falls instead, for the finding's message."""
    idx = ganzhi_index(gz)
    assert idx is not None
    start = ganzhi_index(ganzhi_of_jdn(m.first_jdn))
    assert start is not None
    after = (idx - start) % 60  # days after the month's first day
    before = 60 - after
    return (f"{gz} is not in {m.year} {month_name(m.month, m.leap)} ({m.length} days); "
            f"the nearest {gz} falls {after - m.length + 1} day(s) after its end "
            f"or {before} day(s) before its start")


def timespan(ce_year: int, *, month: int | None = None, leap: bool = False,
             season: str | None = None, day: int | None = None, day_ganzhi: str | None = None,
             era: EraYear | None = None, label: str = "") -> TimeSpan:
    """Bounds of a date given by its parts; impossible parts become findings."""
    findings: list[DateFinding] = []
    begin, end = year_bounds(ce_year)
    precision = "year"
    if season and month is None:
        first, last = SEASONS[season]
        months = months_between(ce_year, first, last)
        begin, end, precision = months[0].first_jdn, months[-1].last_jdn, "season"
    if month is not None:
        if season and not SEASONS[season][0] <= month <= SEASONS[season][1]:
            findings.append(DateFinding("season-mismatch",
                                        f"{month_name(month)} is not in {season}"))
        lm = lunar_month(ce_year, month, leap)
        if lm is None:
            findings.append(DateFinding(
                "no-leap-month",
                f"{ce_year} has no {month_name(month, True)} in the {CALENDAR}; "
                f"using {month_name(month)}"))
            lm = lunar_month(ce_year, month)
            assert lm is not None
        begin, end, precision = lm.first_jdn, lm.last_jdn, "month"
        by_number = by_ganzhi = None
        if day is not None:
            by_number = lm.jdn_of_day(day)
            if by_number is None:
                findings.append(DateFinding("day-out-of-month",
                                        f"{month_name(month, leap)} of {ce_year} has "
                                        f"{lm.length} days, not {day}"))
        if day_ganzhi:
            gz_day = lm.day_of_ganzhi(day_ganzhi)
            if gz_day is None:
                findings.append(DateFinding("ganzhi-not-in-month", _ganzhi_miss(lm, day_ganzhi)))
            else:
                by_ganzhi = lm.jdn_of_day(gz_day)
        if by_number is not None and by_ganzhi is not None and by_number != by_ganzhi:
            findings.append(DateFinding("ganzhi-day-mismatch",
                                    f"day {day} is {ganzhi_of_jdn(by_number)}, not {day_ganzhi}"))
            by_number = None  # neither wins: keep the month
            by_ganzhi = None
        chosen = by_ganzhi if by_ganzhi is not None else by_number
        if chosen is not None:
            begin = end = chosen
            precision = "day"
            day = chosen - lm.first_jdn + 1
        else:
            day = None
    elif day is not None or day_ganzhi:
        findings.append(DateFinding("day-without-month",
                                "a day is given without a month; kept at the larger unit"))
        day = None
    return TimeSpan(label, ce_year, begin, end, precision, era, season, month, leap, day,
                    day_ganzhi, CALENDAR, tuple(findings))


def era_span(era_year: EraYear, table: EraTable | None = None, label: str = "") -> TimeSpan:
    """Bounds of an era as a whole (治平中, 嘉祐間): its first year to its last.

    The last year comes from :meth:`kg.knowledge.eras.EraTable.last_year` (borrowed from another
    chronology when this one does not know it); if no chronology knows it, the span is
    the first year alone and ``era-end-unknown`` says so.
    """
    era = era_year.era
    last, _ = (table or era_table()).last_year(era)
    findings: tuple[DateFinding, ...] = ()
    if last is None:
        findings = (DateFinding("era-end-unknown", f"{era.name}: last year unknown"),)
    begin, _ = year_bounds(era.first_year)
    _, end = year_bounds(last if last is not None else era.first_year)
    return TimeSpan(label, era.first_year, begin, end, "era", era_year, findings=findings)


def expression_span(expr: DateExpression, context_year: int | None = None,
                    table: EraTable | None = None) -> TimeSpan:
    """Bounds of a date written in a note: era-anchored, or relative to the entry's year.

    ``context_year`` (the entry's CE year) is needed for 八月壬戌, 三月四日, 是年正月.
    """
    if expr.era is not None and expr.qualifier:
        span = era_span(expr.era, table, expr.printed)
        return replace(span, findings=expr.findings + span.findings)
    if expr.era is not None:
        year = expr.era.ce_year
    elif context_year is not None:
        year = context_year
    else:
        raise ValueError(f"{expr.printed}: a relative date needs the entry's year")
    span = timespan(year, month=expr.month, leap=expr.leap, season=expr.season, day=expr.day,
                    day_ganzhi=expr.day_ganzhi, era=expr.era, label=expr.printed)
    return replace(span, findings=expr.findings + span.findings)

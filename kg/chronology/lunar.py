"""The historical Chinese lunar calendar, reduced to what the chronicle's dates need.

The chronicle dates events by era year, lunar month (possibly a leap month) and a
sexagenary (干支) day.  Turning that into a day on a Western calendar needs the
*historical* civil calendar, not astronomy: we use ``sxtwl``, which reproduces the
Song civil calendar (including the 進朔 rule that moves a month start a day later).
Xia, Liao and Jin calendars could differ from the Song one by a day or a leap month;
every result therefore names the calendar it was computed in (``CALENDAR``).

Days are handled as Julian day numbers (JDN, an integer count of days), because they
are calendar-neutral: ``xsd:date`` wants the proleptic Gregorian calendar while
historians of the period quote the Julian one, and both are derived from the JDN
here.  sxtwl reports Julian dates before 15 Oct 1582, so this module refuses later
years instead of mixing calendars.

sxtwl silently normalises impossible input (a leap month that a year does not have,
day 30 of a 29-day month); :func:`lunar_month` checks every month it returns so that
such a date becomes ``None`` for the caller to report, never a wrong day.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import sxtwl

CALENDAR = "Song civil calendar (sxtwl)"
STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
GANZHI: tuple[str, ...] = tuple(STEMS[i % 10] + BRANCHES[i % 12] for i in range(60))
_GANZHI_INDEX = {gz: i for i, gz in enumerate(GANZHI)}
LAST_JULIAN_YEAR = 1581  # sxtwl switches to Gregorian dates on 15 Oct 1582
# sxtwl crashes the interpreter (a segmentation fault) on far-off years such as -100000;
# the chronicle's years are of the 10th–13th centuries, so years before 1 CE are refused
FIRST_YEAR = 1


class CalendarError(ValueError):
    """A request outside what this module can compute (e.g. a Gregorian-era year)."""


def ganzhi_index(name: str) -> int | None:
    """Position of a 干支 name in the sixty-cycle (甲子 = 0), or None if it is not one."""
    return _GANZHI_INDEX.get(name)


def ganzhi_of_jdn(jdn: int) -> str:
    """The 干支 of a day: JDN 0 was 癸丑 (index 49), 1 Jan 2000 (JDN 2451545) 戊午."""
    return GANZHI[(jdn + 49) % 60]


# --- Julian day numbers -------------------------------------------------------------
# Standard integer algorithms (Richards, in the Explanatory Supplement to the
# Astronomical Almanac): exact for all positive JDNs, no floating point.

def jdn_from_julian(year: int, month: int, day: int) -> int:
    """JDN of a date in the Julian calendar (astronomical year numbering)."""
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083


def jdn_from_gregorian(year: int, month: int, day: int) -> int:
    """JDN of a date in the proleptic Gregorian calendar."""
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - y // 100 + y // 400 - 32045


def julian_from_jdn(jdn: int) -> tuple[int, int, int]:
    """(year, month, day) in the Julian calendar."""
    c = jdn + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    return d - 4800 + m // 10, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1


def gregorian_from_jdn(jdn: int) -> tuple[int, int, int]:
    """(year, month, day) in the proleptic Gregorian calendar."""
    a = jdn + 32044
    b = (4 * a + 3) // 146097
    c = a - 146097 * b // 4
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    return (100 * b + d - 4800 + m // 10, m + 3 - 12 * (m // 10),
            e - (153 * m + 2) // 5 + 1)


def iso(ymd: tuple[int, int, int]) -> str:
    """YYYY-MM-DD, the form used for both the Julian and the Gregorian strings."""
    y, m, d = ymd
    return f"{y:04d}-{m:02d}-{d:02d}"


# --- lunar months ---------------------------------------------------------------------

@dataclass(frozen=True)
class LunarMonth:
    """One month of a lunar year: its number, whether it is the leap month, and its days."""

    year: int  # the lunar year, named by the CE year in which its 正月 falls
    month: int  # 1..12
    leap: bool
    first_jdn: int
    length: int  # 29 or 30

    @property
    def last_jdn(self) -> int:
        """JDN of the month's last day."""
        return self.first_jdn + self.length - 1

    def day_of_ganzhi(self, name: str) -> int | None:
        """Day of the month (1-based) that has the 干支 ``name``, or None if none has."""
        idx = ganzhi_index(name)
        if idx is None:
            return None
        first = ganzhi_index(ganzhi_of_jdn(self.first_jdn))
        assert first is not None
        day = (idx - first) % 60 + 1
        return day if day <= self.length else None

    def jdn_of_day(self, day: int) -> int | None:
        """JDN of a numbered day (初四 = 4), or None when the month is shorter."""
        return self.first_jdn + day - 1 if 1 <= day <= self.length else None


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_JULIAN_YEAR:
        raise CalendarError(f"year {year}: the calendar covers only the years "
                            f"{FIRST_YEAR}–{LAST_JULIAN_YEAR}")


def leap_month(year: int) -> int | None:
    """Number of the month after which the lunar ``year`` has a leap month, or None."""
    _check_year(year)
    leap = sxtwl.getRunMonth(year)
    return leap or None


@lru_cache(maxsize=4096)
def lunar_month(year: int, month: int, leap: bool = False) -> LunarMonth | None:
    """The lunar month, or None when the year has no such month (e.g. no leap sixth)."""
    _check_year(year)
    if not 1 <= month <= 12 or (leap and leap_month(year) != month):
        return None
    day = sxtwl.fromLunar(year, month, 1, leap)
    if (day.getLunarMonth(), day.getLunarDay(), bool(day.isLunarLeap())) != (month, 1, leap):
        return None  # sxtwl normalised the request into another month
    first = jdn_from_julian(day.getSolarYear(), day.getSolarMonth(), day.getSolarDay())
    length = sxtwl.getLunarMonthNum(year, month, leap)
    return LunarMonth(year, month, leap, first, length)


@lru_cache(maxsize=512)
def lunar_year(year: int) -> tuple[LunarMonth, ...]:
    """All months of a lunar year in order, the leap month after its namesake."""
    months: list[LunarMonth] = []
    leap = leap_month(year)
    for m in range(1, 13):
        regular = lunar_month(year, m)
        assert regular is not None, f"sxtwl has no month {m} in {year}"
        months.append(regular)
        if leap == m:
            extra = lunar_month(year, m, True)
            assert extra is not None
            months.append(extra)
    return tuple(months)


def year_bounds(year: int) -> tuple[int, int]:
    """First and last JDN of a lunar year (正月初一 to the eve of the next one)."""
    months = lunar_year(year)
    return months[0].first_jdn, months[-1].last_jdn


def months_between(year: int, first: int, last: int) -> tuple[LunarMonth, ...]:
    """Months ``first``..``last`` of a year, leap months included (for seasons)."""
    return tuple(m for m in lunar_year(year) if first <= m.month <= last)

"""The lunar calendar against the facts checked in TOOLS.md and fixed calendar points."""

import pytest

from kg.chronology.lunar import (
    CalendarError,
    ganzhi_index,
    ganzhi_of_jdn,
    gregorian_from_jdn,
    iso,
    jdn_from_gregorian,
    jdn_from_julian,
    julian_from_jdn,
    leap_month,
    lunar_month,
    lunar_year,
    year_bounds,
)


def test_julian_day_numbers_at_fixed_points():
    assert jdn_from_gregorian(2000, 1, 1) == 2451545
    # the Gregorian reform: Thursday 4 Oct 1582 (Julian) was followed by Friday 15 Oct
    assert jdn_from_julian(1582, 10, 4) == 2299160
    assert jdn_from_gregorian(1582, 10, 15) == 2299161
    assert julian_from_jdn(2116526) == (1082, 9, 25)
    assert gregorian_from_jdn(2116545) == (1082, 10, 20)


def test_julian_and_gregorian_round_trip_over_the_period():
    for jdn in range(jdn_from_julian(960, 1, 1), jdn_from_julian(1280, 1, 1), 37):
        assert jdn_from_julian(*julian_from_jdn(jdn)) == jdn
        assert jdn_from_gregorian(*gregorian_from_jdn(jdn)) == jdn


def test_ganzhi_cycle():
    assert ganzhi_of_jdn(2451545) == "戊午"  # 1 Jan 2000
    assert ganzhi_index("甲子") == 0
    assert ganzhi_index("癸亥") == 59
    assert ganzhi_index("甲丑") is None  # stem and branch of different parity


def test_1082_ninth_month_and_the_yongle_days():
    month = lunar_month(1082, 9)
    assert month is not None
    assert iso(julian_from_jdn(month.first_jdn)) == "1082-09-25"
    assert month.length == 29
    assert [month.day_of_ganzhi(g) for g in ("丁亥", "乙未", "戊戌")] == [9, 17, 20]
    assert iso(julian_from_jdn(month.first_jdn + 8)) == "1082-10-03"
    assert iso(julian_from_jdn(month.jdn_of_day(20))) == "1082-10-14"
    assert month.jdn_of_day(30) is None


def test_leap_months_exist_only_where_the_calendar_has_them():
    assert leap_month(1083) == 6
    assert leap_month(1067) == 3
    assert leap_month(1082) is None
    assert lunar_month(1082, 6, leap=True) is None
    leap = lunar_month(1083, 6, leap=True)
    assert leap is not None and iso(julian_from_jdn(leap.first_jdn)) == "1083-07-18"
    months = lunar_year(1083)
    assert len(months) == 13
    assert [(m.month, m.leap) for m in months[5:8]] == [(6, False), (6, True), (7, False)]


def test_other_checked_months():
    june_1139 = lunar_month(1139, 6)
    assert june_1139 is not None
    assert june_1139.day_of_ganzhi("辛亥") == 3
    assert june_1139.day_of_ganzhi("丁亥") is None
    april_994 = lunar_month(994, 4)
    assert april_994 is not None
    day = april_994.day_of_ganzhi("乙酉")
    assert day == 4
    assert iso(julian_from_jdn(april_994.jdn_of_day(day))) == "0994-05-16"


def test_year_bounds_run_from_new_year_to_its_eve():
    first, last = year_bounds(1082)
    assert iso(julian_from_jdn(first)) == "1082-02-01"
    assert iso(julian_from_jdn(last)) == "1083-01-20"
    assert last + 1 == year_bounds(1083)[0]


def test_no_gregorian_era_years():
    with pytest.raises(CalendarError):
        lunar_month(1600, 1)

"""Bounds of dates, on the chronicle's own dates and on impossible ones."""

import pytest

from kg.chronology.dates import find_date_expressions
from kg.chronology.timespans import expression_span, timespan


def codes(span):
    return [f.code for f in span.findings]


def test_day_of_the_fall_of_yongle():
    span = timespan(1082, month=9, day_ganzhi="戊戌", label="大安八年九月戊戌")
    assert (span.precision, span.day, span.begin_jdn, span.end_jdn) == ("day", 20, 2116545,
                                                                        2116545)
    assert (span.begin_julian, span.begin_gregorian) == ("1082-10-14", "1082-10-20")
    assert span.calendar == "Song civil calendar (sxtwl)"
    assert codes(span) == []


def test_month_season_and_year_bounds():
    month = timespan(1067, month=12)  # 諒祚薨: the twelfth month of 1067 falls in 1068 CE
    assert (month.begin_julian, month.end_julian) == ("1068-01-08", "1068-02-05")
    assert (month.begin_gregorian, month.end_gregorian) == ("1068-01-14", "1068-02-11")
    summer = timespan(1083, season="夏")  # includes the leap sixth month
    assert (summer.precision, summer.begin_julian, summer.end_julian) == (
        "season", "1083-04-20", "1083-08-15")
    year = timespan(1082)
    assert (year.precision, year.begin_julian, year.end_julian) == (
        "year", "1082-02-01", "1083-01-20")


def test_ganzhi_missing_from_its_month_keeps_the_month():
    span = timespan(1139, month=6, day_ganzhi="丁亥")
    assert (span.precision, span.day) == ("month", None)
    assert codes(span) == ["ganzhi-not-in-month"]
    assert "9 day(s) after its end" in span.findings[0].message


def test_leap_month_the_year_lacks():
    span = timespan(1082, month=6, leap=True)
    assert codes(span) == ["no-leap-month"]
    assert (span.begin_julian, span.end_julian) == ("1082-06-29", "1082-07-27")


@pytest.mark.parametrize("kwargs, code", [
    ({"month": 9, "day": 30}, "day-out-of-month"),
    ({"month": 9, "day": 21, "day_ganzhi": "戊戌"}, "ganzhi-day-mismatch"),
    ({"month": 4, "season": "秋"}, "season-mismatch"),
    ({"day_ganzhi": "戊戌"}, "day-without-month"),
])
def test_impossible_parts_are_findings(kwargs, code):
    span = timespan(1082, **kwargs)
    assert code in codes(span)
    assert span.precision in ("month", "year")


def test_day_number_and_ganzhi_that_agree():
    span = timespan(1082, month=9, day=20, day_ganzhi="戊戌")
    assert (span.precision, span.day, codes(span)) == ("day", 20, [])


def test_dates_written_in_notes():
    (full,) = find_date_expressions("元豐六年閏六月四日")
    span = expression_span(full)
    assert (span.precision, span.begin_julian, span.begin_gregorian) == (
        "day", "1083-07-21", "1083-07-27")
    (era,) = find_date_expressions("治平中")
    span = expression_span(era)
    assert (span.precision, span.begin_julian, span.end_julian) == (
        "era", "1064-01-21", "1068-02-05")
    (relative,) = find_date_expressions("按《長編》八月壬戌")
    span = expression_span(relative, context_year=1043)
    assert (span.day, span.begin_julian) == (28, "1043-10-03")
    with pytest.raises(ValueError):
        expression_span(relative)
    (late,) = find_date_expressions("嘉祐十一年正旦")
    assert codes(expression_span(late)) == ["era-year-out-of-range"]

"""Dating entries through a text: headings, markers, inheritance, inferred years."""

import pytest

from kg.chronology.years import ChronologyError, YearTracker
from kg.core.manifest import load_manifest
from kg.text.markers import match_marker
from kg.text.parse import parse_source
from kg.text.source import read_source


def marker(text):
    found = match_marker(text)
    assert found is not None, text
    return found


def codes(obj):
    return [f.code for f in obj.findings]


def dated_entries(text_id):
    """(label, precision, findings) of every entry of a seed text, through the parser."""
    info = next(t for t in load_manifest().texts if t.id == text_id)
    chronicle = parse_source(read_source(info.path))
    tracker = YearTracker(info.start_year)
    out, heads, year = [], [], None
    for entry in chronicle.entries:
        if entry.year != year:
            year = entry.year
            heading = chronicle.years[year].heading
            if heading:
                head = tracker.heading(heading)
                heads.append((head.label, head.era.ce_year, codes(head)))
        date = tracker.entry(entry.marker)
        span = date.timespan()
        out.append((date.label, date.ce_year, span.precision, codes(date) + codes(span)))
    return heads, out


def distinct_labels(entries):
    labels = []
    for label, *_ in entries:
        if not labels or labels[-1] != label:
            labels.append(label)
    return labels


def test_the_1082_1083_text_month_by_month():
    heads, entries = dated_entries("xxj-1082-1083")
    assert heads == [("大安八年", 1082, []), ("大安九年", 1083, [])]
    assert all(findings == [] for *_, findings in entries)
    assert distinct_labels(entries) == [
        "大安八年", "大安八年春正月", "大安八年二月", "大安八年三月", "大安八年夏四月",
        "大安八年五月", "大安八年六月", "大安八年秋七月", "大安八年八月", "大安八年九月",
        "大安八年冬十月",
        "大安九年春正月", "大安九年二月", "大安九年三月", "大安九年夏四月", "大安九年六月",
        "大安九年閏六月", "大安九年秋七月", "大安九年八月", "大安九年冬十月", "大安九年十一月",
        "大安九年十二月",
    ]
    assert entries[0][2] == "year"  # the year's opening summary has no month


def test_the_1061_1067_text_keeps_seasons_leap_months_and_the_whole_year():
    heads, entries = dated_entries("xxj-1061-1067")
    assert [(label, ce) for label, ce, _ in heads] == [
        ("群都五年", 1061), ("奲都六年", 1062), ("拱化元年", 1063), ("拱化二年", 1064),
        ("拱化三年", 1065), ("拱化四年", 1066), ("拱化五年", 1067)]
    assert heads[0][2] == ["era-misprint"]
    assert distinct_labels(entries)[-9:] == [
        "拱化五年春正月", "拱化五年二月", "拱化五年三月", "拱化五年閏三月", "拱化五年秋",
        "拱化五年八月", "拱化五年冬十月", "拱化五年冬十一月", "拱化五年十二月"]
    assert ("拱化五年閏三月", 1067, "month", []) in entries
    assert ("拱化五年秋", 1067, "season", []) in entries
    assert ("奲都六年是年", 1062, "year", []) in entries
    assert all(findings == [] for *_, findings in entries)


def test_the_1043_1044_text_headings():
    heads, entries = dated_entries("xxj-1043-1044")
    assert heads == [("天授禮法延祚六年", 1043, []), ("天授禮法延祚七年", 1044, [])]
    assert entries[-1][:3] == ("天授禮法延祚七年是歲", 1044, "year")


def test_a_text_without_headings_infers_years_where_the_months_start_again():
    tracker = YearTracker(1082)
    steps = [None, "春正月，", "三月，", "九月，", "春正月，", "二月，", "十二月，", "春二月，"]
    dates = [tracker.entry(marker(m) if m else None) for m in steps]
    assert [(d.ce_year, d.label, d.era.era.name, d.era.year) for d in dates] == [
        (1082, "", "大安", 8), (1082, "春正月", "大安", 8), (1082, "三月", "大安", 8),
        (1082, "九月", "大安", 8), (1083, "春正月", "大安", 9), (1083, "二月", "大安", 9),
        (1083, "十二月", "大安", 9), (1084, "春二月", "大安", 10)]
    assert [codes(d) for d in dates][3:5] == [[], ["year-inferred"]]
    assert codes(dates[7]) == ["year-inferred"]


def test_headings_out_of_sequence_are_reported_and_resolved():
    tracker = YearTracker()
    assert codes(tracker.heading("西夏稱大安八年")) == []
    gap = tracker.heading("西夏稱大安十年")
    assert (gap.era.ce_year, codes(gap)) == (1084, ["year-gap"])
    back = tracker.heading("西夏稱大安九年")
    assert (back.era.ce_year, codes(back)) == (1085, ["year-from-sequence"])
    unknown = tracker.heading("西夏稱天某二年")
    assert (unknown.era, codes(unknown)) == (None, ["unknown-era", "year-from-sequence"])
    assert tracker.entry(None).ce_year == 1086


def test_a_heading_at_the_top_rules_over_the_start_year():
    tracker = YearTracker(1081)
    head = tracker.heading("西夏稱大安八年")
    assert (head.era.ce_year, codes(head)) == (1082, ["start-year-mismatch"])
    assert codes(YearTracker(1082).heading("西夏稱大安八年")) == []


def test_months_going_back_under_a_heading_stay_in_its_year():
    tracker = YearTracker()
    tracker.heading("西夏稱大安八年")
    tracker.entry(marker("三月，"))
    back = tracker.entry(marker("二月，"))
    assert (back.ce_year, codes(back)) == (1082, ["month-order"])


def test_inheritance_of_month_and_of_a_marker_day():
    tracker = YearTracker()
    tracker.heading("西夏稱大安八年")
    same = tracker.entry(marker("是月，"))
    assert codes(same) == ["same-month-without-month"]
    first = tracker.entry(marker("九月丁亥，"))
    assert (first.timespan().precision, first.timespan().begin_julian) == ("day", "1082-10-03")
    nxt = tracker.entry(None)
    assert (nxt.label, nxt.inherited, nxt.timespan().precision) == ("大安八年九月", True, "month")
    part = nxt.timespan(day_ganzhi="戊戌")
    assert (part.label, part.begin_julian) == ("大安八年九月戊戌", "1082-10-14")


def test_an_entry_with_no_year_at_all_is_an_error():
    with pytest.raises(ChronologyError):
        YearTracker().entry(None)
    with pytest.raises(ValueError):
        YearTracker().heading("梁氏與仁多族分據東、西廂兵馬。")

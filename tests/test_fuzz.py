"""The seeded mutation fuzzer (tests/fuzzing.py) in short, and one regression test
per crash class it found; `make fuzz` runs the long version (bench/fuzz.py)."""

from __future__ import annotations

import random

import pytest

from kg.pipeline.run import parse_data, parse_decoded
from kg.text.parens import paren_tree, scan_parens
from kg.text.source import SourceText

from .fuzzing import run


def test_short_seeded_fuzz_run_finds_nothing():
    count, failures = run(seed=2026, count=250, seconds=20.0, long_chars=4000)
    assert count == 250
    assert [(f.index, f.kind, f.message) for f in failures] == []


def _codes(result):
    return [(f.code, f.line, f.col) for f in result.findings]


def test_unreadable_year_numeral_is_a_finding_of_the_date_readers():
    # was: AssertionError in kg.chronology.dates.parse_year_heading and find_date_expressions
    from kg.chronology.dates import find_date_expressions, parse_year_heading

    head = parse_year_heading("西夏稱大安元元年")
    assert (head.era, head.year, [(f.code, f.message) for f in head.findings]) == (
        None, 0, [("year-numeral", "元元年: not a year numeral")])
    assert find_date_expressions("治平元元年三月，又熙寧正十年") == []
    assert [d.printed for d in find_date_expressions("熙寧元年三月庚辰")] == ["熙寧元年三月庚辰"]


def test_lone_surrogate_in_a_headline_gets_an_id():
    # was: UnicodeEncodeError in kg.pipeline.records.entry_id (a str can hold what no file decodes to)
    text = "西夏稱大安八年\n春正月，攻\ud800宋。（《長編》三百）\n"
    result = parse_decoded(SourceText("t.txt", text), "t")
    assert [r["id"] for r in result.records] == ["e1082-" + result.records[0]["id"][6:]]
    assert result.chronicle.rebuild() == text


def test_five_thousand_deep_nesting_parses_and_rebuilds():
    # was: RecursionError in kg.entities.mentions (one recursion per nesting level)
    text = "西夏稱大安八年\n春正月，攻宋。" + "（" * 5000 + "夏" + "）" * 5000 + "\n"
    result = parse_data(text.encode(), "t.txt", "t")
    assert len(result.records) == 1
    assert result.records[0]["headline"] == "春正月，攻宋。" + "（" * 5000 + "夏" + "）" * 5000
    assert [f.code for f in result.findings if f.severity == "error"] == []
    assert result.chronicle.rebuild() == text


def test_a_thousand_unmatched_openers_are_listed_once_each_up_to_a_limit():
    # was: RecursionError in kg.text.parens.scan_parens (one re-scan per unmatched opener)
    text = "西夏稱大安八年\n春正月，攻宋" + "（" * 1000 + "。\n"
    result = parse_data(text.encode(), "t.txt", "t", with_entities=False)
    errors = [(f.code, f.line, f.col) for f in result.findings if f.severity == "error"]
    assert errors[0] == ("unbalanced-many", 2, 1)
    assert errors[1:] == [("unbalanced-open", 2, 7 + k) for k in range(100)]
    many = next(f for f in result.findings if f.code == "unbalanced-many")
    assert many.message.startswith("1000 unbalanced parentheses on this line")
    assert result.chronicle.rebuild() == text


def test_years_past_the_calendar_are_a_finding_on_their_heading():
    # was: kg.chronology.lunar.CalendarError traceback once the sequence ran past 1581
    text = "西夏稱大安八年\n春正月，攻宋。（《長編》三百）\n" * 502
    result = parse_data(text.encode(), "t.txt", "t", with_entities=False)
    cal = [(f.code, f.line, f.col) for f in result.findings if f.code == "calendar-range"]
    assert cal == [("calendar-range", 1001, 1), ("calendar-range", 1003, 1)]
    last = result.records[-1]
    assert (last["era"], last["era_year"], last["ce_year"], last["date_label"]) == (
        "大安", 8, 1583, "大安八年春正月")
    assert "begin" not in last and last["days"] == []
    assert not result.fatal


def test_start_year_far_outside_the_calendar_is_a_finding_not_a_crash():
    # sxtwl dies with a segmentation fault on such years; they are refused before it
    text = "春正月，攻宋。（《長編》三百）\n"
    for year in (1600, -100000):
        result = parse_data(text.encode(), "t.txt", "t", start_year=year, with_entities=False)
        assert _codes(result) == [("calendar-range", 1, 1)]
        assert result.records[0]["ce_year"] == year


def test_a_long_run_of_numerals_in_a_citation_is_not_a_juan():
    # was: quadratic big-integer arithmetic (a 1 MB run did not finish)
    text = "西夏稱大安八年\n春正月，攻宋。（《長編》" + "一" * 5000 + "）\n"
    result = parse_data(text.encode(), "t.txt", "t", with_entities=False)
    assert result.records[0]["citations"] == []
    assert [f.code for f in result.findings] == ["citation-other"]


def test_an_entry_of_a_megabyte_is_reported_and_not_mined_for_names():
    text = "西夏稱大安八年\n春正月，" + "宋夏" * 30_000 + "\n"
    result = parse_data(text.encode(), "t.txt", "t")
    rec = result.records[0]
    assert (rec["mentions"], rec["event_type"], rec["participants"]) == ([], "other", [])
    assert ("entry-too-long", 2, 1) in _codes(result)


def test_a_headline_of_thousands_of_characters_gets_no_event_but_its_names():
    # found by `make fuzz`: roles are read clause by clause over the whole headline, so an
    # 18,000-character headline (lines joined by bare CRs) took minutes; the clauses end
    # in commas, since a 。 ends the headline
    text = "西夏稱大安八年\n" + "三月，獻俘契丹，\r" * 3000 + "\n"
    result = parse_data(text.encode(), "t.txt", "t")
    rec = result.records[0]
    assert (rec["event_type"], rec["participants"]) == ("other", [])
    assert {m["label"] for m in rec["mentions"]} == {"遼"}
    assert ("headline-too-long", 2, 1) in _codes(result)


def _scan_parens_by_rescanning(text, start=0, end=None):
    """The former recursive definition: an unmatched outermost opener is dropped and
    the rest re-scanned.  Kept here as the reference for the linear version."""
    end = len(text) if end is None else end
    pairs, problems, stack = [], [], []
    for i in range(start, end):
        ch = text[i]
        if ch in "（(":
            stack.append(i)
        elif ch in "）)":
            if not stack:
                problems.append((i, "unbalanced-close"))
                continue
            opener = stack.pop()
            if not stack:
                pairs.append((opener, i + 1))
    if stack:
        problems.append((stack[0], "unbalanced-open"))
        rest, more = _scan_parens_by_rescanning(text, stack[0] + 1, end)
        pairs = [p for p in pairs if p[1] <= stack[0]] + rest
        problems += more
    return pairs, problems


@pytest.mark.parametrize("seed", range(5))
def test_linear_paren_scan_agrees_with_the_rescanning_definition(seed):
    rng = random.Random(seed)
    for _ in range(300):
        text = "".join(rng.choice("（）()夏。") for _ in range(rng.randint(0, 40)))
        pairs, problems = scan_parens(text)
        ref_pairs, ref_problems = _scan_parens_by_rescanning(text)
        assert pairs == ref_pairs, text
        assert sorted((p.offset, p.kind) for p in problems) == sorted(ref_problems), text
        top, children = paren_tree(text)
        assert top == pairs
        for a, b in [p for kids in children.values() for p in kids] + top:
            inner, _ = scan_parens(text, a + 1, b - 1)
            assert children.get((a, b), []) == inner, text

"""Year headings, clause-opening 干支 days and dates in notes, read from the seed texts."""

from kg.chronology.dates import find_date_expressions, find_day_ganzhi, parse_year_heading
from kg.core.tables import SEEDS

TEXTS = sorted((SEEDS / "texts").glob("*.txt"))


def lines(name):
    return (SEEDS / "texts" / name).read_text(encoding="utf-8").splitlines()


def test_every_heading_in_the_seed_texts():
    found = []
    for path in TEXTS:
        for line in path.read_text(encoding="utf-8").splitlines():
            head = parse_year_heading(line)
            if head:
                found.append((head.label, head.year, head.era.era.row_id, head.era.ce_year,
                              [f.code for f in head.findings]))
    assert found == [
        ("天授禮法延祚六年", 6, "x005-xxj", 1043, []),
        ("天授禮法延祚七年", 7, "x005-xxj", 1044, []),
        ("群都五年", 5, "x009-xxj", 1061, ["era-misprint"]),
        ("奲都六年", 6, "x009-xxj", 1062, []),
        ("拱化元年", 1, "x010-xxj", 1063, []),
        ("拱化二年", 2, "x010-xxj", 1064, []),
        ("拱化三年", 3, "x010-xxj", 1065, []),
        ("拱化四年", 4, "x010-xxj", 1066, []),
        ("拱化五年", 5, "x010-xxj", 1067, []),
        ("大安八年", 8, "x013-xxj", 1082, []),
        ("大安九年", 9, "x013-xxj", 1083, []),
    ]


def test_heading_with_an_unknown_era_is_still_a_heading():
    head = parse_year_heading("西夏稱天某二年")
    assert (head.era_printed, head.year, head.era) == ("天某", 2, None)
    assert [f.code for f in head.findings] == ["unknown-era"]
    assert parse_year_heading("元德元年").era.era.row_id == "x020-xxj"  # 元 in the name
    assert parse_year_heading("梁氏與仁多族分據東、西廂兵馬。") is None


def test_clause_opening_ganzhi_days_of_the_yongle_siege():
    text = lines("xxj-1082-1083-daian-8-9.txt")
    days = [(gz, line[:2]) for line in text for gz, _, _ in find_day_ganzhi(line)]
    assert days == [("丁亥", "丁亥"), ("乙未", "初，"), ("戊戌", "戊戌")]
    line = next(li for li in text if li.startswith("初，沈括奏"))
    assert find_day_ganzhi(line) == [("乙未", 56, 58)]
    assert line[56:61] == "乙未，詔李"


def test_no_clause_ganzhi_in_prose_use_of_jiazi():
    assert find_day_ganzhi("雖肯上表稱臣，而書中年用甲子，國號止易一字") == []


def summary(text, near_year=None):
    out = []
    for d in find_date_expressions(text, near_year=near_year):
        era = d.era.era.row_id if d.era else d.relative
        ce = d.era.ce_year if d.era else None
        out.append((d.printed, era, ce, d.precision, [f.code for f in d.findings]))
    return out


def test_dates_written_in_the_1061_1067_text():
    found = [s for line in lines("xxj-1061-1067-duodu-5-gonghua-5.txt")[2:]
             for s in summary(line)]
    assert found == [
        ("慶曆初", "s019-std", 1041, "era", []),
        ("奲都六年", "x009-xxj", 1062, "year", []),  # the next heading
        ("嘉祐十一年", "s022-std", 1066, "year", ["era-year-out-of-range"]),
        ("拱化元年", "x010-xxj", 1063, "year", []),
        ("拱化二年", "x010-xxj", 1064, "year", []),
        ("是年正月", "是年", None, "month", []),
        ("拱化三年", "x010-xxj", 1065, "year", []),
        ("嘉祐間", "s022-std", 1056, "era", []),
        ("拱化四年", "x010-xxj", 1066, "year", []),
        ("拱化五年", "x010-xxj", 1067, "year", []),
        ("治平三年冬", "s023-std", 1066, "season", []),
        ("嘉祐七年春", "s022-std", 1062, "season", []),
        ("嘉祐八年", "s022-std", 1063, "year", []),
        ("治平中", "s023-std", 1064, "era", []),
        # the list of 諒祚's eras gives lengths, not dates: read as the year they name
        ("延嗣寧國一年", "x006-xxj", 1049, "year", []),
        ("天祐垂聖三年", "x007-xxj", 1052, "year", []),
        ("福聖承道四年", "x008-xxj", 1056, "year", []),
        ("騃都六年", "x009-xxj", 1062, "year", ["era-misprint"]),
        ("拱化五年", "x010-xxj", 1067, "year", []),
        ("熙寧元年三月庚辰", "s024-std", 1068, "day", []),
        ("治平四年冬", "s023-std", 1067, "season", []),
        ("治平四年", "s023-std", 1067, "year", []),
    ]


def test_dates_written_in_the_1082_1083_notes():
    text = lines("xxj-1082-1083-daian-8-9.txt")
    found = [s for line in text if not parse_year_heading(line) for s in summary(line, 1083)]
    assert found == [
        ("三月辛卯", "", None, "day", []),
        ("三月四日", "", None, "day", []),
        ("熙寧中", "s024-std", 1068, "era", []),
        ("三月辛卯", "", None, "day", []),
        ("十二月十五日", "", None, "day", []),
        ("元豐六年閏六月四日", "s025-std", 1083, "day", []),
        ("元祐元年", "s026-std", 1086, "year", []),
        ("元豐六年十月", "s025-std", 1083, "month", []),
    ]


def test_parts_of_a_full_date():
    (d,) = find_date_expressions("按徐氏松輯大典本《宋會要》：元豐六年閏六月四日，詔陝西")
    assert (d.start, d.end, d.month, d.leap, d.day, d.day_ganzhi) == (14, 23, 6, True, 4, None)
    (d,) = find_date_expressions("《長編》：十一月乙酉，陝西宣撫副使田況言")
    assert (d.printed, d.month, d.day_ganzhi, d.era) == ("十一月乙酉", 11, "乙酉", None)


def test_xia_after_a_year_is_the_state_unless_a_month_follows():
    assert [d.printed for d in find_date_expressions("元豐五年夏人圍城")] == ["元豐五年"]
    assert [d.printed for d in find_date_expressions("元豐五年夏四月")] == ["元豐五年夏四月"]


def test_other_polities_and_bare_months():
    assert summary("此條係於至道元年九月") == [("至道元年九月", "s008-std", 995, "month", [])]
    assert summary("統和十二年") == [("統和十二年", "l010-std", 994, "year", [])]
    assert summary("梁氏自三月中點集河內") == []  # a month alone in prose is not taken
    assert summary("生民重見太平，《太平治跡統類》") == []  # 太平 without a year

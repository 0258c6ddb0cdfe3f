"""Date expressions as the chronicle writes them, read into plain parts.

Besides the headline's time marker (read by :mod:`kg.text.markers`), three shapes occur
(DOMAIN.md, and the seed texts):

* a year heading, alone on a line: ``西夏稱大安八年`` (the same forms :mod:`kg.text.parse`
  accepts: 西夏稱, 夏稱, 西夏 or no prefix);
* a 干支 day opening a clause anywhere in a paragraph: ``…已而果然。乙未，詔李憲…``
  dates that part to a day of the month;
* dates inside notes and quotations: ``元豐六年閏六月四日``, ``熙寧元年三月庚辰``,
  ``嘉祐七年春``, ``治平中``, ``慶曆初``, and month-day forms relative to the entry's
  year such as ``八月壬戌``, ``三月四日``, ``是年正月``.

This module only reads: offsets are code points into the string it was given, the
printed forms are kept, and era names are resolved through :mod:`kg.knowledge.eras` (whose
findings travel with the result).  Turning parts into days is :mod:`kg.chronology.timespans`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from kg.chronology.lunar import GANZHI
from kg.knowledge.eras import BOOK, DateFinding, EraTable, EraYear, era_table
from kg.text.numerals import parse_numeral

SEASONS: dict[str, tuple[int, int]] = {"春": (1, 3), "夏": (4, 6), "秋": (7, 9), "冬": (10, 12)}
_MONTH = r"(?P<leap>閏)?(?P<month>正|十[一二]?|[一二三四五六七八九]|臘)月"
_GZ = "|".join(GANZHI)
_DAY = rf"(?:(?P<gz>{_GZ})|(?P<day>初?[一二三四五六七八九十廿卅]+)日)"
_YEAR_NUM = "[元正一二三四五六七八九十百]+"
HEADING_RE = re.compile(r"^(?P<prefix>西夏稱|夏稱|西夏)?"
                        r"(?P<era>[\u3400-\u9fff\U00020000-\U0003ffff]{1,8}?)"
                        rf"(?P<year>{_YEAR_NUM})年$")
CLAUSE_GZ_RE = re.compile(rf"(?:^|(?<=[。，；：」）\n]))(?P<gz>{_GZ})(?=，)")
RELATIVE_RE = re.compile(rf"(?:(?P<this>是年|是歲))?(?<![十閏]){_MONTH}{_DAY}?")


def month_number(printed: str) -> int | None:
    """正 = 1, 一..十二, 臘 = 12."""
    return 12 if printed == "臘" else parse_numeral(printed)


def day_number(printed: str) -> int | None:
    """初四 = 4, 十五 = 15, 廿 = 20, 卅 = 30."""
    text = printed.removeprefix("初").replace("廿", "二十").replace("卅", "三十")
    return parse_numeral(text)


@dataclass(frozen=True)
class YearHeading:
    """A 西夏稱…年 line: printed parts, the resolved era year (None if unknown).

    ``findings`` holds everything to report about the heading, the era's own
    findings (misprint, out of range …) included.
    """

    printed: str
    era_printed: str
    year_printed: str
    year: int
    era: EraYear | None
    findings: tuple[DateFinding, ...] = field(default=())
    ce_year: int | None = None  # CE year taken (kg.chronology.years; None: not placed)
    polity: str = "夏"  # whose heading this is (宋 when the edition printed no Xia heading)

    @property
    def label(self) -> str:
        """The year as printed, without the 西夏稱 prefix: 大安八年."""
        return f"{self.era_printed}{self.year_printed}年"


def parse_year_heading(line: str, *, near_year: int | None = None,
                       chronology: str = BOOK, table: EraTable | None = None
                       ) -> YearHeading | None:
    """Read a year heading line; None if the line is not one.

    An era name the table does not know still makes a heading (the parser must not
    take it for a headline); it comes back with ``era=None`` and an ``unknown-era``
    finding, and the year sequence decides its CE year.
    """
    m = HEADING_RE.match(line.strip())
    if not m:
        return None
    year = parse_numeral(m["year"])
    if year is None:  # 十十年, 元元年: a misprinted numeral; the sequence gives the year
        return YearHeading(m[0], m["era"], m["year"], 0, None, (DateFinding(
            "year-numeral", f"{m['year']}年: not a year numeral"),))
    table = table or era_table()
    era = table.resolve(m["era"], year, polity="夏", chronology=chronology, near_year=near_year)
    findings = era.findings if era else (
        DateFinding("unknown-era", f"{m['era']} is not a known Xia era"),)
    return YearHeading(m[0], m["era"], m["year"], year, era, findings)


def find_day_ganzhi(text: str) -> list[tuple[str, int, int]]:
    """Every clause-opening 干支 day in a paragraph: (干支, start, end)."""
    return [(m["gz"], m.start(), m.end()) for m in CLAUSE_GZ_RE.finditer(text)]


@dataclass(frozen=True)
class DateExpression:
    """A date written inside a narrative, note or quotation."""

    printed: str
    start: int
    end: int
    era: EraYear | None = None  # None: relative to the entry's year
    relative: str | None = None  # 是年 / 是歲, or "" for a bare month-day
    qualifier: str | None = None  # 初 中 間 末 after an era name alone: 治平中
    season: str | None = None
    month: int | None = None
    leap: bool = False
    day: int | None = None
    day_ganzhi: str | None = None
    findings: tuple[DateFinding, ...] = field(default=())

    @property
    def precision(self) -> str:
        """"era", "year", "season", "month" or "day"."""
        if self.day is not None or self.day_ganzhi:
            return "day"
        if self.month is not None:
            return "month"
        if self.season:
            return "season"
        return "era" if self.qualifier else "year"


@lru_cache(maxsize=4)
def _era_expression_re(forms: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(re.escape(f) for f in forms)
    # 夏 after a year is the season only before a month or a clause break; else the state.
    season = r"(?P<season>[春秋冬]|夏(?=閏|正|[一二三四五六七八九十臘]+月|[，。、至]))"
    return re.compile(rf"(?P<era>{names})(?:(?P<year>{_YEAR_NUM})年{season}?(?:{_MONTH}{_DAY}?)?"
                      r"|(?P<qual>[初中間末]))")


def find_date_expressions(text: str, *, near_year: int | None = None,
                          chronology: str = BOOK, table: EraTable | None = None
                          ) -> list[DateExpression]:
    """All dates written in ``text``, in order, with era names resolved.

    ``near_year`` (the entry's CE year) chooses between homonymous eras.  Month-day
    forms without an era (八月壬戌, 三月四日, 是年正月) are returned with ``era=None``;
    a month without a day counts only after 是年/是歲, since a bare 三月 in prose is
    too often not a date of its own.
    """
    table = table or era_table()
    found: list[DateExpression] = []
    taken: list[tuple[int, int]] = []
    for m in _era_expression_re(tuple(table.forms())).finditer(text):
        year = parse_numeral(m["year"]) if m["year"] else 1
        if year is None:  # 治平十十年: not a numeral, so not a date
            continue
        era = table.resolve(m["era"], year, chronology=chronology, near_year=near_year)
        if era is None:
            continue
        findings = era.findings
        if m["qual"]:  # 治平中: the era as a whole; drop the year-1 range check
            findings = tuple(f for f in findings if f.code != "era-year-out-of-range")
        found.append(DateExpression(
            m[0], m.start(), m.end(), era, None, m["qual"], m["season"],
            month_number(m["month"]) if m["month"] else None, bool(m["leap"]),
            day_number(m["day"]) if m["day"] else None, m["gz"], findings))
        taken.append((m.start(), m.end()))
    for m in RELATIVE_RE.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        if not (m["this"] or m["gz"] or m["day"]):
            continue
        found.append(DateExpression(
            m[0], m.start(), m.end(), None, m["this"] or "", None, None,
            month_number(m["month"]), bool(m["leap"]),
            day_number(m["day"]) if m["day"] else None, m["gz"]))
    return sorted(found, key=lambda d: d.start)

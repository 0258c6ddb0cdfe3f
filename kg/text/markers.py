"""Time markers that open a headline (春正月，閏六月，是歲，…) and 干支 days.

The 春/夏/秋/冬 before a month is a season, never a polity: 夏四月 is
"summer, fourth month".  A bare season followed by a comma (秋，…) is a
season without a month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

STEMS = "甲乙丙丁戊己庚辛壬癸"
BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
GANZHI = [STEMS[i % 10] + BRANCHES[i % 12] for i in range(60)]
GANZHI_SET = frozenset(GANZHI)

MONTHS = {"正": 1, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
          "九": 9, "十": 10, "十一": 11, "十二": 12, "臘": 12}
COMMA = "，,、"

_MONTH_RE = re.compile(
    r"(?P<season>[春夏秋冬])?(?P<leap>閏)?(?P<month>十一|十二|正|一|二|三|四|五|六|七|八|九|十|臘)月"
    r"(?P<gz>[" + STEMS + "][" + BRANCHES + r"])?"
    # 二月初， 三月中， 五月朔， 四月五日，: a part of the month, still that month
    r"(?P<part>初|中|末|晦|朔|望|上旬|中旬|下旬|初?[一二三四五六七八九十廿卅]{1,3}日)?"
    r"(?P<sep>[，,、]|(?=[^，,、]))"
)
_YEARLY_RE = re.compile(r"(?P<word>是歲|是年|是月|是時|是冬|是春|是夏|是秋)(?P<sep>[，,]|"
                        r"(?=[\u3400-\u9fff]))")
_SEASON_RE = re.compile(r"(?P<season>[春夏秋冬])(?P<sep>[，,])")
# 冬以兵寇環州: a season run into the sentence.  Not 夏, which alone is the Xia state
# (夏人, 夏兵), and not before 月/季/初 or a second season word.
_SEASON_RUN_RE = re.compile(r"(?P<season>[春秋冬])(?=[\u3400-\u9fff])"
                            r"(?![月季初末夏秋冬春正閏一二三四五六七八九十臘])")
_GZ_RE = re.compile(r"(?P<gz>[" + STEMS + "][" + BRANCHES + r"])(?P<sep>[，,])")


@dataclass(frozen=True)
class TimeMarker:
    """A time marker at the start of a headline or paragraph; ``end`` is after its comma."""

    text: str
    end: int
    month: int | None = None
    leap: bool = False
    season: str | None = None
    ganzhi: str | None = None
    yearly: bool = False  # 是歲 / 是年: the whole year, not a month
    same_month: bool = False  # 是月: the month of the entry before
    # 是時 / a season run into its sentence (冬以兵…): a marker at the head of a headline,
    # but common as prose at the head of a narrative sentence
    weak: bool = False


def match_marker(text: str, pos: int = 0) -> TimeMarker | None:
    """The time marker at text[pos:], if any."""
    m = _MONTH_RE.match(text, pos)
    if m and (m.group("sep") or m.group("gz") or m.group("part")):
        gz = m.group("gz")
        if gz and gz not in GANZHI_SET:
            gz = None
        return TimeMarker(text=m.group(0), end=m.end(), month=MONTHS[m.group("month")],
                          leap=bool(m.group("leap")), season=m.group("season"), ganzhi=gz)
    m = _YEARLY_RE.match(text, pos)
    if m:
        word = m.group("word")
        season = word[1] if word[1] in "春夏秋冬" else None
        return TimeMarker(text=m.group(0), end=m.end(), yearly=word in ("是歲", "是年"),
                          same_month=word in ("是月", "是時"), season=season,
                          weak=word == "是時" or not m.group("sep"))
    m = _SEASON_RE.match(text, pos)
    if m:
        return TimeMarker(text=m.group(0), end=m.end(), season=m.group("season"))
    m = _SEASON_RUN_RE.match(text, pos)
    if m:
        return TimeMarker(text=m.group(0), end=m.end(), season=m.group("season"), weak=True)
    return None


def match_headline_day(text: str, pos: int = 0) -> tuple[str, int] | None:
    """A 干支 day opening a headline with no month (戊寅，遣使…): the month is inherited."""
    return match_day(text, pos)


def match_day(text: str, pos: int = 0) -> tuple[str, int] | None:
    """A 干支 day opening a paragraph or clause (丁亥，…): (ganzhi, end)."""
    m = _GZ_RE.match(text, pos)
    if m and m.group("gz") in GANZHI_SET:
        return m.group("gz"), m.end()
    return None

"""Year headings of every polity, wherever an edition prints them.

The printed book heads each year with the Song, Liao or Jin year beside the Xia one
(宋仁宗慶曆三年　遼重熙十二年　西夏稱天授禮法延祚六年); the seed transcription kept only
the Xia heading, alone on a line.  Other editions keep them all, on one line or on
consecutive lines, or run a heading into the line after a closing citation or before a
headline (``（《宋史·夏國傳》）西夏稱天祐民安三年 春二月，…``).

A heading *part* is [polity prefix][temple name][era]year年 (or, for the Mongol years
before 1260, [polity]temple-name year年).  Polity prefixes are
``seeds/heading-polities.tsv``, temple names ``seeds/emperors.tsv``, eras
``seeds/eras.tsv``.  A *group* is one or more parts separated by spaces, 、 or ，, or
wrapped in parentheses.  This module only finds them (offsets into the match text of
:mod:`kg.text.matchtext`); :mod:`kg.chronology.years` turns them into CE years.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from kg.core.tables import SEEDS, TableError, read_tsv, split_list
from kg.knowledge.eras import era_table
from kg.text.markers import match_marker

EMPERORS_TSV = SEEDS / "emperors.tsv"
POLITIES_TSV = SEEDS / "heading-polities.tsv"
XIA = "夏"
_NUM = "[元正一二三四五六七八九十百]{1,4}"
# the year's 干支 printed after it (慶曆三年癸未, 大安八年（壬戌）), not a day opening a clause
_SUI = r"(?:[（(]?[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥][）)]?(?![，,、]))?"
_CJK = r"[\u3400-\u9fff\U00020000-\U0003ffff]"
# a heading alone on a line: any era, even one the table does not know (大按七年)
_LOOSE_RE = re.compile(rf"(?P<prefix>西夏稱|夏稱|西夏)?(?P<era>{_CJK}{{1,8}}?)(?P<num>{_NUM})年"
                       + _SUI)
# run into a line after an explicit Xia prefix: the era may be unknown (a misprint)
_XIA_PREFIX_RE = re.compile(rf"(?P<prefix>西夏稱|夏稱)(?P<era>{_CJK}{{1,8}}?)(?P<num>{_NUM})年"
                            + _SUI)
_SEPARATORS = " \t\u3000、，,。；;/｜|·"
_SPACE = " \t\u3000"
_OPEN = "（(【〔["
_CLOSE = "）)】〕]"
_MAX_ALONE = 20


@dataclass(frozen=True)
class Emperor:
    """One emperor as headings name him (temple name), with his reign."""

    id: str
    polity: str
    temple_name: str
    variants: tuple[str, ...]
    first_year: int
    last_year: int
    regnal_years: bool
    source: str


@dataclass(frozen=True)
class HeadingPart:
    """One polity's year in a heading; offsets are into the text it was found in."""

    start: int
    end: int
    printed: str  # as read (match text)
    polity: str  # 夏, 宋, 遼, 金, 蒙古
    prefix: str  # the polity as printed ('' when none)
    emperor: Emperor | None
    era: str  # the era as printed ('' for a regnal year: 元太祖二十二年)
    year_printed: str
    known: bool  # the era (or the regnal count) is in the tables for this polity
    text: str = ""  # as printed in the input (set by the parser; ``printed`` is the match text)

    @property
    def label(self) -> str:
        """The year without the polity and emperor: 慶曆三年 (太祖二十二年 for a regnal year)."""
        name = self.era or (self.emperor.temple_name if self.emperor else "")
        return f"{name}{self.year_printed}年"


@lru_cache(maxsize=1)
def emperors() -> tuple[Emperor, ...]:
    """seeds/emperors.tsv."""
    out = []
    for r in read_tsv(EMPERORS_TSV):
        if not r["source"] or not r["first_year"] or not r["last_year"]:
            raise TableError(f"{EMPERORS_TSV.name}:{r['_line']}: years and source are required")
        # a heading may name the ruler by his personal name (秉常大安八年) instead
        forms = split_list(r["variants"]) + split_list(r["personal_name"])
        out.append(Emperor(r["id"], r["polity"], r["temple_name"], tuple(forms),
                           int(r["first_year"]), int(r["last_year"]), r["regnal_years"] == "yes",
                           r["source"]))
    return tuple(out)


@lru_cache(maxsize=1)
def polity_prefixes() -> dict[str, str]:
    """Printed prefix → polity (seeds/heading-polities.tsv)."""
    out = {}
    for r in read_tsv(POLITIES_TSV):
        if not r["source"]:
            raise TableError(f"{POLITIES_TSV.name}:{r['_line']}: source is required")
        out[r["prefix"]] = r["polity"]
    return out


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def _strict_re() -> re.Pattern[str]:
    table = era_table()
    temples = [n for e in emperors() for n in (e.temple_name, *e.variants)]
    return re.compile(rf"(?P<prefix>{_alt(polity_prefixes())})?(?P<emp>{_alt(temples)})?"
                      rf"(?P<era>{_alt(table.forms())})?(?P<num>{_NUM})年{_SUI}")


def _emperor(polity: str | None, name: str, year_hint: int | None = None) -> Emperor | None:
    cands = [e for e in emperors() if name in (e.temple_name, *e.variants)
             and (polity is None or e.polity == polity)]
    return cands[0] if len(cands) == 1 or cands else None


def _era_polities(era: str) -> list[str]:
    table = era_table()
    return sorted({e.polity for e, _ in table._forms.get(era, [])},
                  key=lambda p: (p != XIA, p))


def _strict_part(text: str, pos: int) -> HeadingPart | None:
    m = _strict_re().match(text, pos)
    if not m:
        return None
    from kg.text.numerals import parse_numeral

    if parse_numeral(m["num"]) is None:
        return None
    prefix, emp_name, era = m["prefix"] or "", m["emp"] or "", m["era"] or ""
    polity = polity_prefixes().get(prefix) if prefix else None
    emp = _emperor(polity, emp_name) if emp_name else None
    if emp_name and emp is None:
        return None
    if polity is None and emp is not None:
        # 太祖/太宗 are Song, Liao, Jin and Mongol temple names: the era decides
        if era:
            pols = [p for p in _era_polities(era) if _emperor(p, emp_name)]
            polity = pols[0] if pols else emp.polity
        else:
            polity = emp.polity
        emp = _emperor(polity, emp_name) or emp
    if era:
        pols = _era_polities(era)
        if polity is None:
            polity = pols[0]
        known = polity in pols
        if not known and polity != XIA:
            return None
    else:
        if emp is None or not emp.regnal_years:
            return None
        known = True
    assert polity is not None
    return HeadingPart(m.start(), m.end(), m[0], polity, prefix, emp, era, m["num"], known)


def _loose_part(text: str, pos: int, end: int, alone: bool) -> HeadingPart | None:
    rx = _LOOSE_RE if alone else _XIA_PREFIX_RE
    m = rx.match(text, pos, end)
    if not m or (alone and m.end() != end):
        return None
    from kg.text.numerals import parse_numeral

    if parse_numeral(m["num"]) is None:
        return None
    known = bool(era_table().resolve(m["era"], 1, polity=XIA))
    return HeadingPart(m.start(), m.end(), m[0], XIA, m["prefix"] or "", None, m["era"],
                       m["num"], known)


def _part(text: str, pos: int, end: int, alone: bool) -> HeadingPart | None:
    part = _strict_part(text, pos)
    if part is not None and part.end <= end:
        return part
    return _loose_part(text, pos, end, alone)


def scan_heading_group(text: str, pos: int, end: int, *, line_start: bool = True,
                       is_furniture=None) -> tuple[list[HeadingPart], int] | None:
    """The heading group at text[pos:end] and the offset after it, or None.

    A group must be followed by the end of the stretch, a space, a time marker (a
    headline run into the heading line) or page furniture; a part with an explicit
    Xia prefix (西夏稱) may run straight into the headline.  A year written at the head
    of a sentence (元豐五年，…) is prose, not a heading.
    """
    s = pos
    while s < end and text[s] in _SPACE:
        s += 1
    e = end
    while e > s and text[e - 1] in _SPACE:
        e -= 1
    if s >= e:
        return None
    # the whole stretch is one heading (the seed layout): the permissive form
    if line_start and e - s <= _MAX_ALONE:
        whole = _part(text, s, e, alone=True)
        if whole is not None and whole.end == e:
            return [whole], end
    parts, p = _parts_from(text, s, e)
    if not parts:
        return None
    after = _group_end(text, parts, p, e, end, is_furniture)
    return None if after is None else (parts, after)


def _parts_from(text: str, s: int, e: int) -> tuple[list[HeadingPart], int]:
    """The parts in a row from ``s`` (bare or in parentheses), and the offset after them."""
    parts: list[HeadingPart] = []
    p = s
    while p < e:
        q = p
        if parts:
            while q < e and text[q] in _SEPARATORS:
                q += 1
        if q < e and text[q] in _OPEN:
            bracketed = _bracketed_parts(text, q, e)
            if bracketed is None:
                break
            parts.extend(bracketed[0])
            p = bracketed[1]
            continue
        part = _part(text, q, e, alone=False)
        if part is None:
            break
        parts.append(part)
        p = part.end
    return parts, p


def _bracketed_parts(text: str, q: int, e: int) -> tuple[list[HeadingPart], int] | None:
    """(宋慶曆三年、遼重熙十二年) at ``q``: every part up to the closing parenthesis, and
    the offset after it; None unless the parenthesis holds only parts and closes."""
    inner: list[HeadingPart] = []
    r = q + 1
    while r < e:
        part = _part(text, r, e, alone=False)
        if part is None:
            break
        inner.append(part)
        r = part.end
        while r < e and text[r] in _SEPARATORS:
            r += 1
        if r < e and text[r] in _CLOSE:
            break
    if not inner or r >= e or text[r] not in _CLOSE:
        return None
    return inner, r + 1


def _group_end(text: str, parts: list[HeadingPart], p: int, e: int, end: int,
               is_furniture: Callable[[int], bool] | None) -> int | None:
    """Where the group ends, if what follows it makes it a heading rather than prose."""
    if p < e and text[p] in "。，,." and not text[p + 1:e].strip(_SPACE):
        p = e  # 宋仁宗慶曆三年，遼重熙十二年。 alone on its line
    if p >= e:
        return end
    nxt = text[p]
    prefixed = any(x.prefix or x.emperor for x in parts)
    if nxt in _SPACE or (is_furniture and is_furniture(p)):
        return p
    if prefixed and match_marker(text, p):
        return p
    if any(x.prefix in ("西夏稱", "夏稱") for x in parts) and nxt not in "，,。：:；;、":
        return p
    return None

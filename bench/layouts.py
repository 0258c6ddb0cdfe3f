"""Metamorphic layout transformer: the seed texts as other editions print them.

The parser is judged on pages of other juan in other editions' layouts, which the
repository must not hold.  What it can hold is *how* those layouts differ from the
seed transcription, written as transformations of the seed texts that keep the
entries and their years: one sentence per line, year headings run into lines, Song/
Liao headings beside (or instead of) the Xia ones, simplified script with half-width
punctuation, page furniture with a fragment cut from the previous page, and a reign
biography opening the file.  A transformed text must parse to the same entries
(headline text read through the match text, same order) with the same CE years as
the original; ``evaluate`` measures how far it does.

Used by ``bench/layout_eval.py`` (the figures) and ``tests/test_layouts.py``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.core.manifest import load_manifest
from kg.knowledge.eras import era_table
from kg.text.headings import emperors
from kg.text.matchtext import match_text
from kg.text.parse import parse_source
from kg.text.source import SourceText

HEADING_LINE = re.compile(r"^西夏稱\S+年$")
# a reign biography of the kind that opens a juan (written for this benchmark; no
# headline shape, no citation)
PREAMBLE = ("惠宗皇帝，名秉常，毅宗長子也。母梁氏。毅宗殂，秉常立，時年七歲，梁氏以母后攝政，"
            "其弟乙埋為國相，政事皆決於梁氏。\n"
            "秉常既長，頗慕漢俗，欲以蕃禮易漢儀，梁氏不從，母子之間，自是有隙。\n")
# the tail of an entry cut from the previous page (written for this benchmark)
FRAGMENT = "兵遂引還，邊人以為憂。（《長編》三百十九）\n"


@dataclass(frozen=True)
class Truth:
    """What a parse of a layout must give: (normalised headline, CE year) in order."""

    entries: list[tuple[str, int | None]]


def norm(headline: str) -> str:
    """A headline as compared across layouts: match text, no white space."""
    return "".join(_t2s(match_text(headline)).split())


def _t2s(text: str) -> str:
    import opencc

    return opencc.OpenCC("t2s").convert(text)


def parse_entries(text: str, name: str = "page.txt", start_year: int | None = None
                  ) -> tuple[list[tuple[str, int | None]], bool, list]:
    """(headline, CE year) of every entry, whether it is fatal, and the findings."""
    from kg.pipeline.steps import enrich

    chron = parse_source(SourceText(name, text))
    assert chron.rebuild() == text
    records, findings = enrich(chron, "t", start_year=start_year, with_entities=False)
    out = [(norm(r["headline"]), r["ce_year"]) for r in records]
    all_findings = chron.errors + chron.warnings + findings
    fatal = bool(chron.errors) or any(f.severity == "error" for f in findings)
    return out, fatal, all_findings


def seed_texts() -> list[tuple[str, str]]:
    """(text id, text) of every seed text."""
    return [(t.id, Path(t.path).read_text(encoding="utf-8")) for t in load_manifest().texts]


def heading_years(text: str) -> dict[int, int]:
    """Line index of every Xia heading → its CE year, from the parse of the seed layout."""
    from kg.pipeline.steps import enrich

    chron = parse_source(SourceText("seed.txt", text))
    records, _ = enrich(chron, "t", with_entities=False)
    out: dict[int, int] = {}
    for entry, rec in zip(chron.entries, records):
        year = chron.years[entry.year]
        if year.line is not None and year.line - 1 not in out:
            out[year.line - 1] = rec["ce_year"]
    return out


# -- transformations -------------------------------------------------------------------

def one_sentence_per_line(text: str) -> str:
    """Break after every 。 (after a closing 」/） that follows it), as some editions do;
    a parenthesis with a 。 inside then runs over two lines."""
    out = []
    for line in text.split("\n"):
        if HEADING_LINE.match(line):
            out.append(line)
            continue
        out.append(re.sub(r"(。[」』]?)(?=[^\n」』])", r"\1\n", line))
    return "\n".join(out)


def run_in_headings(text: str) -> str:
    """A heading run into the line before it (after a closing citation) and into the
    headline after it: ``（《宋史·夏國傳》）西夏稱天祐民安三年 春二月，…``."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if HEADING_LINE.match(line) and i + 1 < len(lines) and lines[i + 1].strip():
            joined = f"{line} {lines[i + 1]}"
            if out and out[-1].endswith("）"):
                out[-1] += joined
            else:
                out.append(joined)
            i += 2
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _other_heading(ce: int, polity: str, with_temple: bool) -> str | None:
    table = era_table()
    years = table.eras_in(ce, polity, "std")
    if not years:
        return None
    ey = years[-1]
    from kg.text.numerals import parse_numeral  # noqa: F401

    num = _numeral(ey.year)
    temple = ""
    if with_temple:
        emp = [e for e in emperors() if e.polity == polity and e.first_year <= ce <= e.last_year]
        temple = emp[-1].temple_name if emp else ""
    return f"{polity}{temple}{ey.era.name}{num}年"


def _numeral(n: int) -> str:
    digits = "〇一二三四五六七八九"
    if n == 1:
        return "元"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def other_headings(text: str, mode: str) -> str:
    """Song/Liao headings from the era tables: ``beside`` on the Xia heading's line,
    ``above`` on lines of their own before it, ``instead`` of it."""
    years = heading_years(text)
    lines = text.split("\n")
    out = []
    for i, line in enumerate(lines):
        if i in years and HEADING_LINE.match(line):
            ce = years[i]
            song = _other_heading(ce, "宋", True)
            liao = _other_heading(ce, "遼", False)
            if mode == "beside":
                out.append(f"{song}　{liao}　{line}")
            elif mode == "above":
                out.extend([song or "", liao or "", line])
            else:
                out.append(song or line)
            continue
        out.append(line)
    return "\n".join(out)


def simplified(text: str) -> str:
    """Simplified script (OpenCC t2s) and half-width punctuation."""
    import opencc

    conv = opencc.OpenCC("t2s").convert(text)
    assert len(conv) == len(text)
    return conv.translate(str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";"}))


def furniture(text: str, fragment: bool = True) -> str:
    """A fragment of the previous page first, [编辑] after headings, page numbers and
    blank lines between pages."""
    lines = text.split("\n")
    out = [FRAGMENT.rstrip("\n")] if fragment else []
    page = 12
    for i, line in enumerate(lines):
        if HEADING_LINE.match(line):
            out.append(line + "[编辑]")
            continue
        out.append(line)
        if i and i % 17 == 0:
            out.extend(["", str(page), ""])
            page += 1
    return "\n".join(out)


def marks_and_numbers(text: str) -> str:
    """Each entry line marked with ○ and every line numbered, as some web editions do."""
    out = []
    for n, line in enumerate(text.split("\n"), 1):
        if line and not HEADING_LINE.match(line):
            line = f"{n} ○{line}" if n % 3 == 0 else f"{n} {line}"
        out.append(line)
    return "\n".join(out)


def xia_first_others_wrapped(text: str) -> str:
    """The Xia heading with the Song and Liao years in parentheses after it."""
    years = heading_years(text)
    lines = text.split("\n")
    for i, ce in years.items():
        if HEADING_LINE.match(lines[i]):
            lines[i] += f"（{_other_heading(ce, '宋', False)}、{_other_heading(ce, '遼', True)}）"
    return "\n".join(lines)


def narrative_on_headline_line(text: str) -> str:
    """The narrative printed on the headline's line after an ideographic space."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if (line and not HEADING_LINE.match(line) and not line.endswith("）") and nxt
                and not HEADING_LINE.match(nxt) and line.endswith("。")):
            out.append(f"{line}　{nxt}")
            i += 2
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def preamble(text: str) -> str:
    """A reign biography before the first heading."""
    return PREAMBLE + text


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "seed": lambda t: t,
    "sentence-per-line": one_sentence_per_line,
    "run-in-headings": run_in_headings,
    "song-liao-beside": lambda t: other_headings(t, "beside"),
    "song-liao-above": lambda t: other_headings(t, "above"),
    "song-instead": lambda t: other_headings(t, "instead"),
    "simplified-halfwidth": simplified,
    "furniture-fragment": furniture,
    "preamble": preamble,
    "marks-and-numbers": marks_and_numbers,
    "narrative-on-headline-line": narrative_on_headline_line,
    "xia-first-others-wrapped": xia_first_others_wrapped,
    "all-together": lambda t: simplified(furniture(fragment=False, text=preamble(
        one_sentence_per_line(run_in_headings(other_headings(t, "beside")))))),
    "song-only-sentences-simplified": lambda t: simplified(one_sentence_per_line(
        other_headings(t, "instead"))),
}


@dataclass
class Score:
    """Entry precision/recall and CE-year accuracy of one transformed text."""

    name: str
    truth: int
    found: int
    matched: int
    year_right: int
    fatal: bool

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.truth if self.truth else 0.0


def score(name: str, truth: list[tuple[str, int | None]], got: list[tuple[str, int | None]],
          fatal: bool) -> Score:
    """Align headlines in order (difflib); a year counts when the aligned entry has it."""
    sm = difflib.SequenceMatcher(a=[h for h, _ in truth], b=[h for h, _ in got], autojunk=False)
    matched = right = 0
    for block in sm.get_matching_blocks():
        for k in range(block.size):
            matched += 1
            if truth[block.a + k][1] == got[block.b + k][1]:
                right += 1
    return Score(name, len(truth), len(got), matched, right, fatal)


def evaluate(transforms: dict[str, Callable[[str], str]] | None = None) -> list[Score]:
    """Every transformation of every seed text, scored against the seed layout's parse."""
    scores = []
    for tid, text in seed_texts():
        truth, _, _ = parse_entries(text)
        for name, fn in (transforms or TRANSFORMS).items():
            got, fatal, _ = parse_entries(fn(text))
            scores.append(score(f"{tid}/{name}", truth, got, fatal))
    return scores

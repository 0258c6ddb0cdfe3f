"""The lossless structural parse of a chronicle file.

Every character of the input belongs to exactly one ``Segment``; concatenating
the segments rebuilds the file byte for byte (``rebuild``).  Entries are made of
segments: a headline, narrative paragraphs and the closing citation.  Semantics
(dates, sources, readings, names) are added later by the steps of
``kg.pipeline.steps``; this stage only decides *where* things are, and reports what it cannot place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kg.core.findings import Finding
from kg.core.tables import SEEDS, TableError, read_tsv
from kg.text.headings import XIA, HeadingPart, scan_heading_group
from kg.text.markers import TimeMarker, match_day, match_marker
from kg.text.matchtext import match_text
from kg.text.parens import Paren, classify, scan_line, scan_parens
from kg.text.source import SourceText

FURNITURE_TSV = SEEDS / "page-furniture.tsv"
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_FULL_STOP = re.compile("[。.]")
# a line with thousands of stray parentheses gets this many findings and a summary
_MAX_PAREN_FINDINGS = 100
_SHORT_HEADLINE = 40
_LONG_HEADLINE = 80
_SPACE = " \t\u3000\r"
_EDGE = _SPACE + "\n"
_JOIN_LINES = 40  # a parenthesis (a long quotation, a 按 note) may run over this many lines
_JOIN_CHARS = 4000
_TERMINATORS = "。！？"


@dataclass
class Segment:
    """A run of input characters with one role; ``entry`` is the owning entry's index."""

    # newline|blank|space|year-heading|headline|paragraph|citation|unplaced|
    # furniture (page numbers, [編輯]) | fragment (cut from the previous page) | preamble
    kind: str
    start: int
    end: int
    entry: int | None = None


@dataclass
class YearSection:
    """A year heading (or the implicit year of a headingless file)."""

    index: int
    heading: str | None
    start: int | None  # offset of the heading text
    era_printed: str | None = None
    era_year: int | None = None
    line: int | None = None
    col: int | None = None
    # every polity's heading of this year (宋仁宗慶曆三年, 西夏稱天授禮法延祚六年), in order;
    # offsets are into the input.  ``heading`` is the Xia one as printed, or, when the
    # edition printed none, the whole heading group.
    parts: list[HeadingPart] = field(default_factory=list)
    end: int | None = None

    @property
    def xia(self) -> HeadingPart | None:
        """The Xia part of the heading, if printed."""
        return next((p for p in self.parts if p.polity == XIA), None)


@dataclass
class Section:
    """A stretch of text that is not entries: a reign biography or preface (preamble)."""

    kind: str  # "preamble"
    start: int
    end: int
    line: int
    col: int


@dataclass
class Entry:
    """One 綱目 entry: spans into the source text, no interpretation yet."""

    index: int
    year: int  # index into Chronicle.years
    headline: tuple[int, int]
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    citation: tuple[int, int] | None = None  # the closing citation parenthesis
    parens: list[Paren] = field(default_factory=list)  # inline ones, headline and narrative
    marker: TimeMarker | None = None
    warnings: list[Finding] = field(default_factory=list)
    # printed together with the next headline (掠青雞川。三月，…): they share its
    # narrative and citation
    joined_to_next: bool = False

    @property
    def start(self) -> int:
        return self.headline[0]

    @property
    def end(self) -> int:
        ends = [self.headline[1]] + [p[1] for p in self.paragraphs]
        if self.citation:
            ends.append(self.citation[1])
        return max(ends)


@dataclass
class Chronicle:
    """The parse of one file."""

    source: SourceText
    segments: list[Segment]
    years: list[YearSection]
    entries: list[Entry]
    errors: list[Finding]
    warnings: list[Finding]
    match: str = ""  # the match text (kg.text.matchtext): same length as source.text
    sections: list[Section] = field(default_factory=list)
    layout: str = "paragraph"  # or "sentence": one sentence per line

    def rebuild(self) -> str:
        """The input text, rebuilt from the segments alone."""
        return "".join(self.source.text[s.start:s.end] for s in self.segments)

    def text(self, span: tuple[int, int]) -> str:
        return self.source.text[span[0]:span[1]]


def located(chron: Chronicle, offset: int, code: str, message: str,
            severity: str = "warning") -> Finding:
    """A finding at an offset of the text (line and column as the user's editor shows);
    every step after the parse places its findings through this."""
    line, col = chron.source.position(offset)
    return Finding(code, message, chron.source.name, line, col, severity)


def _furniture_rules() -> list[tuple[str, re.Pattern[str]]]:
    rules = []
    for r in read_tsv(FURNITURE_TSV):
        if r["where"] not in ("line", "suffix", "prefix") or not r["source"]:
            raise TableError(f"{FURNITURE_TSV.name}:{r['_line']}: where must be line, suffix "
                             "or prefix, and a source is required")
        rules.append((r["where"], re.compile(r["pattern"])))
    return rules


_FURNITURE: list[tuple[str, re.Pattern[str]]] | None = None


def furniture_rules() -> list[tuple[str, re.Pattern[str]]]:
    """seeds/page-furniture.tsv, compiled once."""
    global _FURNITURE
    if _FURNITURE is None:
        _FURNITURE = _furniture_rules()
    return _FURNITURE


@dataclass
class _Unit:
    """A logical line: one physical line, or several joined by a parenthesis that runs
    over them.  ``content`` ends where trailing page furniture ([編輯]) starts."""

    start: int
    end: int  # without the final line break
    end_nl: int
    content_end: int
    furniture: bool = False  # the whole line is furniture
    body: int = -1  # where the content starts, after leading furniture (○, a paragraph number)

    def __post_init__(self) -> None:
        if self.body < 0:
            self.body = self.start


class _Parser:
    def __init__(self, source: SourceText) -> None:
        self.src = source
        self.raw = source.text
        # every rule reads the match text (simplified script, half-width punctuation and
        # variant characters folded); offsets are the same in both
        self.text = match_text(source.text)
        self.segments: list[Segment] = []
        self.years: list[YearSection] = []
        self.entries: list[Entry] = []
        self.errors: list[Finding] = []
        self.warnings: list[Finding] = []
        self.sections: list[Section] = []
        self.open: Entry | None = None  # entry whose closing citation is still to come
        self.sentence_layout = False
        # (month, leap) of the latest entry that named one, in the current year
        self.month_in_force: tuple[int, bool] | None = None
        self.fragment: tuple[int, int] | None = None
        self.preamble: tuple[int, int] | None = None

    # -- reporting -----------------------------------------------------------------
    def finding(self, code: str, message: str, offset: int, severity: str = "warning") -> Finding:
        line, col = self.src.position(offset)
        f = Finding(code, message, self.src.name, line, col, severity)
        (self.errors if severity == "error" else self.warnings).append(f)
        return f

    def seg(self, kind: str, start: int, end: int, entry: int | None = None) -> None:
        if end > start:
            self.segments.append(Segment(kind, start, end, entry))

    # -- entries -------------------------------------------------------------------
    def current_year(self) -> int:
        if not self.years:
            self.years.append(YearSection(0, None, None))
        return len(self.years) - 1

    def close_open(self, at: int, reason: str) -> None:
        entry = self.open
        if entry is None:
            return
        if entry.citation is None:
            if entry.paragraphs:
                msg = f"narrative ends without a closing citation ({reason})"
                code = "no-citation"
            else:
                msg = f"headline has neither narrative nor citation ({reason})"
                code = "headline-alone"
            entry.warnings.append(self.finding(code, msg, entry.start))
        self.open = None

    def new_entry(self, start: int, end: int) -> Entry:
        entry = Entry(index=len(self.entries), year=self.current_year(), headline=(start, end))
        marker = match_marker(self.text, start)
        if marker is not None:  # printed as in the input, read as in the match text
            marker = replace(marker, text=self.raw[start:marker.end])
        entry.marker = marker
        if marker is not None and marker.month is not None:
            self.month_in_force = (marker.month, marker.leap)
        if end - start > _LONG_HEADLINE:
            entry.warnings.append(self.finding(
                "long-headline", f"headline of {end - start} characters: is it narrative?", start))
        self.entries.append(entry)
        self.seg("headline", start, end, entry.index)
        return entry

    def looks_like_headline(self, start: int, end: int, followed_by_citation: bool) -> bool:
        """Inside an open entry: does this chunk start a new entry (DOMAIN.md rule)?

        A weak marker (是時, a season run into the sentence: 冬以兵…) opens a headline
        only where a headline is expected anyway; inside a narrative it is prose.
        """
        marker = match_marker(self.text, start)
        if marker is not None and self.recalls_earlier_month(marker):
            return False
        if marker is not None and (not marker.weak or not (self.open and self.open.paragraphs)):
            return True
        entry = self.open
        if entry is None or not entry.paragraphs or followed_by_citation:
            return False
        if self.sentence_layout:
            # one sentence per line: a short line ending in 。 is the narrative going on
            return False
        if match_day(self.text, start):
            return False
        chunk = self.text[start:end]
        return (end - start <= _SHORT_HEADLINE and chunk.endswith(("。", "."))
                and "「" not in chunk and not any(c in chunk for c in "（(：:"))

    def recalls_earlier_month(self, marker: TimeMarker) -> bool:
        """One sentence per line: inside a narrative that has no citation yet, a sentence
        opening with a month before the entry's own (十二月，諒祚薨。… 十一月，次公還…)
        recalls what led up to it; headlines go forward in time.  A month with 春 may
        start a new year and is not taken so."""
        entry = self.open
        if (not self.sentence_layout or entry is None or not entry.paragraphs
                or self.month_in_force is None or marker.month is None
                or marker.season == "春"):
            return False
        return (marker.month, marker.leap) < self.month_in_force

    # -- logical lines -------------------------------------------------------------
    def physical_lines(self) -> list[tuple[int, int, int]]:
        out = []
        for start, end, end_nl in self.src.lines():
            if start == 0 and self.raw.startswith("\ufeff"):
                start = 1
            out.append((start, max(start, end), end_nl))
        return out

    def furniture(self, start: int, end: int) -> tuple[bool, int]:
        """(whole line is furniture, where trailing furniture starts) for a line."""
        s, e = start, end
        while s < e and self.text[s] in _SPACE:
            s += 1
        while e > s and self.text[e - 1] in _SPACE:
            e -= 1
        if s == e:
            return False, end
        rules = furniture_rules()
        for where, rx in rules:
            if where == "line" and rx.fullmatch(self.text, s, e):
                return True, start
        cut = end
        for where, rx in rules:
            if where != "suffix":
                continue
            for m in rx.finditer(self.text, s, e):
                if m.end() == e and m.start() > s:
                    cut = min(cut, m.start())
        return False, cut

    def leading_furniture(self, start: int, end: int) -> int:
        """Where a line's content starts after leading furniture (○, a paragraph number)."""
        moved = True
        while moved:  # a number, then a circle: 12 ○春正月，…
            moved = False
            for where, rx in furniture_rules():
                if where == "prefix":
                    m = rx.match(self.text, start, end)
                    if m and m.end() > start and self.text[m.end():end].strip(_SPACE):
                        start, moved = m.end(), True
        return start

    def units(self) -> list[_Unit]:
        """Physical lines, joined where a parenthesis opened on one closes on a later one
        (a closing citation or a 按 note printed over several lines)."""
        lines = self.physical_lines()
        out: list[_Unit] = []
        i = 0
        while i < len(lines):
            start, end, end_nl = lines[i]
            whole, cut = self.furniture(start, end)
            if whole:
                out.append(_Unit(start, end, end_nl, start, True))
                i += 1
                continue
            joined = self.join_parenthesis(lines, i, cut)
            if joined is not None:
                j, jcut = joined
                out.append(_Unit(start, lines[j][1], lines[j][2], jcut, False,
                                 self.leading_furniture(start, cut)))
                i = j + 1
                continue
            out.append(_Unit(start, end, end_nl, cut, False,
                             self.leading_furniture(start, cut)))
            i += 1
        return out

    def join_parenthesis(self, lines: list[tuple[int, int, int]], i: int, cut: int
                         ) -> tuple[int, int] | None:
        """(last line, its content end) when line i opens a parenthesis a later line closes."""
        start = lines[i][0]
        if cut - start > _JOIN_CHARS:
            return None  # no later line can close it within the limit (and no scan of a huge line)
        _, problems = scan_parens(self.text, start, cut)
        if not problems or any(p.kind != "unbalanced-open" for p in problems):
            return None
        for j in range(i + 1, min(len(lines), i + _JOIN_LINES)):
            js, je, _ = lines[j]
            if not self.text[js:je].strip(_SPACE):
                continue  # a page break inside a long note: blank lines and furniture
            jwhole, jcut = self.furniture(js, je)
            if jwhole:
                continue
            lead = js
            while lead < je and self.text[lead] in _SPACE:
                lead += 1
            marker = match_marker(self.text, lead)
            if (jwhole or (marker is not None and not marker.weak) or self.heading_at(js, jcut)
                    or jcut - start > _JOIN_CHARS):
                return None  # the next entry or year starts: the parenthesis is unbalanced
            inner, _ = scan_parens(self.text, js, jcut)
            if any(classify(self.text[a + 1:b - 1]) == "citation" for a, b in inner):
                return None  # a whole entry lies between: not one parenthesis
            _, more = scan_parens(self.text, start, jcut)
            if not more:
                return j, jcut
            if any(p.kind == "unbalanced-close" for p in more):
                return None
        return None

    # -- layout --------------------------------------------------------------------
    def sentences(self, start: int, end: int) -> int:
        """Sentence ends in text[start:end], not counting those inside parentheses or 「」."""
        pairs, _ = scan_parens(self.text, start, end)
        depth = 0
        n = 0
        inside = [(a, b) for a, b in pairs]
        k = 0
        for i in range(start, end):
            ch = self.text[i]
            while k < len(inside) and inside[k][1] <= i:
                k += 1
            if k < len(inside) and inside[k][0] <= i < inside[k][1]:
                continue
            if ch in "「『":
                depth += 1
            elif ch in "」』":
                depth = max(0, depth - 1)
            elif ch in _TERMINATORS and depth == 0:
                n += 1
        return n

    def heading_at(self, start: int, end: int) -> bool:
        return scan_heading_group(self.text, start, end) is not None

    def detect_layout(self, units: list[_Unit]) -> None:
        """One sentence per line?  Then a short line ending in 。 continues the narrative.

        In the seed layout about half the lines (the narratives) hold several sentences;
        an edition that breaks after every 。 has almost none.
        """
        content = [u for u in units if not u.furniture
                   and self.text[u.body:u.content_end].strip(_SPACE)
                   and not self.heading_at(u.body, u.content_end)]
        if len(content) < 8:
            return
        multi = sum(1 for u in content if self.sentences(u.body, u.content_end) >= 2)
        self.sentence_layout = multi / len(content) < 0.15

    def unit_citation_end(self, u: _Unit) -> int | None:
        """End of the first closing citation in a unit, if any."""
        pairs, _ = scan_parens(self.text, u.body, u.content_end)
        for a, b in pairs:
            if classify(self.text[a + 1:b - 1]) == "citation":
                return b
        return None

    def headline_shaped(self, u: _Unit, cit_end: int | None) -> bool:
        """Could this first line of a page be a headline (not the tail of a narrative)?"""
        s, e = u.body, u.content_end
        while s < e and self.text[s] in _SPACE:
            s += 1
        if s >= e:
            return False
        if match_marker(self.text, s):
            return True
        if self.text[s] in "，。、；：」』）)！？,.;:":
            return False
        if cit_end is not None:
            pairs, _ = scan_parens(self.text, s, e)
            first = next(a for a, b in pairs if b == cit_end)
            e = first
        chunk = self.text[s:e].rstrip(_SPACE)
        return (len(chunk) <= _SHORT_HEADLINE and self.sentences(s, e) <= 1
                and chunk.endswith(("。", "！", "？", "」")))

    def classify_leading(self, units: list[_Unit]) -> None:
        """What opens the file before its first year heading: a fragment cut from the
        previous page (text up to a closing citation that does not start like an entry),
        a preamble (a reign biography or preface: no citation at all), or entries."""
        first_heading = next((k for k, u in enumerate(units) if not u.furniture
                              and self.heading_at(u.body, u.content_end)), None)
        region = units if first_heading is None else units[:first_heading]
        content = [u for u in region if not u.furniture
                   and self.text[u.body:u.content_end].strip(_SPACE)]
        if not content:
            return
        cits = [self.unit_citation_end(u) for u in content]
        if first_heading is not None and not any(c is not None for c in cits):
            long_text = any(u.content_end - u.body > _SHORT_HEADLINE for u in content)
            if long_text or len(content) >= 2 or not self.headline_shaped(content[0], None):
                self.preamble = (content[0].body, content[-1].content_end)
            return
        # a preamble before entries: long paragraphs with no citation, or title lines
        k = 0
        while k < len(content) and cits[k] is None and not match_marker(
                self.text, content[k].body) and (
                content[k].content_end - content[k].body > _LONG_HEADLINE
                or not self.text[content[k].body:content[k].content_end].rstrip(
                    _SPACE).endswith(tuple(_TERMINATORS))):
            k += 1
        if 0 < k < len(content):
            nxt = content[k]
            # the line after the preamble must start an entry, else it is all one fragment
            if cits[k] is not None or match_marker(self.text, nxt.body) or k + 1 < len(content):
                self.preamble = (content[0].body, content[k - 1].content_end)
                return
        j = next((n for n, c in enumerate(cits) if c is not None), None)
        if j is None:
            return
        u0 = content[0]
        # one cited line with no time marker, alone before the first heading or before
        # a line that starts an entry of its own, is more likely the end of the previous
        # page's entry than an entry
        alone = (first_heading is not None and len(content) == 1) or (
            len(content) > 1 and match_marker(self.text, content[1].body) is not None)
        if j == 0 and self.headline_shaped(u0, cits[0]) and (
                not alone or match_marker(self.text, u0.body)):
            return
        if j > 0 and self.headline_shaped(u0, None):
            return
        cit_end = cits[j]
        assert cit_end is not None
        self.fragment = (u0.body, cit_end)

    # -- lines ---------------------------------------------------------------------
    def parse(self) -> Chronicle:
        if self.raw.startswith("\ufeff"):
            self.seg("bom", 0, 1)
        units = self.units()
        self.detect_layout(units)
        self.classify_leading(units)
        for u in units:
            self.parse_unit(u)
        self.close_open(len(self.text), "end of file")
        return Chronicle(self.src, self.segments, self.years, self.entries,
                         self.errors, self.warnings, self.text, self.sections,
                         "sentence" if self.sentence_layout else "paragraph")

    def parse_unit(self, u: _Unit) -> None:
        self.seg("furniture", u.start, u.body)
        start, end = u.body, u.content_end
        if u.furniture:
            end = u.body  # the whole line is furniture: written below
        elif self.preamble and self.preamble[0] <= start < self.preamble[1]:
            if start == self.preamble[0]:
                line, col = self.src.position(start)
                self.sections.append(Section("preamble", start, self.preamble[1], line, col))
            self.seg("preamble", start, end)
        else:
            if self.fragment and self.fragment[0] <= start < self.fragment[1]:
                stop = min(self.fragment[1], end)
                if start == self.fragment[0]:
                    self.finding("leading-fragment", "the file opens with the end of an entry "
                                 "cut from the previous page; not an entry", start)
                self.seg("fragment", start, stop)
                start = stop
            if start < end:
                self.parse_line(start, end)
        self.seg("furniture", end, u.end)
        self.seg("newline", u.end, u.end_nl)

    def parse_line(self, start: int, end: int) -> None:
        line = self.text[start:end]
        if not line.strip(_SPACE):
            self.seg("blank", start, end)
            return
        for pu in _PRIVATE_USE.finditer(self.text, start, end):
            i = pu.start()
            self.finding("private-use", f"private-use character U+{ord(self.text[i]):04X}: "
                         "a glyph the transcription could not encode; kept as printed", i)
        pairs, problems, total = scan_line(self.text, start, end, _MAX_PAREN_FINDINGS)
        if total > len(problems):
            self.finding("unbalanced-many", f"{total} unbalanced parentheses on this line; "
                         f"the first {len(problems)} are listed", start, "error")
        for p in problems:
            expected = "a closing ）" if p.kind == "unbalanced-open" else "an opening （ before it"
            self.finding(p.kind, f"unbalanced parenthesis '{self.raw[p.offset]}': expected "
                         f"{expected}; treated as text", p.offset, "error")
        parens = [Paren(a, b, classify(self.text[a + 1:b - 1])) for a, b in pairs]
        pos = start
        chunk_parens: list[Paren] = []
        for paren in parens:
            if paren.kind != "citation" or paren.start < pos:
                chunk_parens.append(paren)
                continue
            pos = self.chunk(pos, paren.start, chunk_parens, paren, line_start=pos == start)
            chunk_parens = []
        self.chunk(pos, end, chunk_parens, None, line_start=pos == start)

    def heading(self, s: int, e: int, line_start: bool) -> int:
        """Take the year heading group at text[s:e], if any; return the offset after it."""
        found = scan_heading_group(self.text, s, e, line_start=line_start)
        if found is None:
            return s
        parts, after = found
        self.close_open(s, "a year heading follows")
        self.month_in_force = None
        last = self.years[-1] if self.years else None
        has_entries = (bool(self.entries) and last is not None
                       and self.entries[-1].year == last.index)
        polities = {p.polity for p in last.parts} if last else set()
        raw_parts = [replace(p, text=self.raw[p.start:p.end]) for p in parts]
        if (last is not None and last.parts and not has_entries
                and not polities & {p.polity for p in parts}):
            last.parts.extend(raw_parts)  # a heading group printed over two lines
            last.end = after
        else:
            ln, col = self.src.position(parts[0].start)
            last = YearSection(len(self.years), None, parts[0].start, None, None, ln, col,
                               raw_parts, after)
            self.years.append(last)
        xia = last.xia
        if xia is not None:
            last.heading = xia.text
            last.era_printed = self.raw[xia.end - len(xia.year_printed) - 1 - len(xia.era):
                                        xia.end - len(xia.year_printed) - 1]
        else:
            last.heading = self.raw[last.parts[0].start:last.parts[-1].end]
        self.seg("year-heading", s, after)
        return after

    def chunk(self, start: int, end: int, parens: list[Paren], citation: Paren | None,
              line_start: bool = False) -> int:
        """Text between closing citations, then the citation that ends it (if any).

        Returns the offset after what it consumed (after the citation).
        """
        s, e = start, end
        while s < e and self.text[s] in _EDGE:
            s += 1
        while e > s and self.text[e - 1] in _EDGE:
            e -= 1
        self.seg("space", start, s)
        if s < e:
            h = self.heading(s, e, line_start)
            if h != s:
                s2 = h
                while s2 < e and self.text[s2] in _EDGE:
                    s2 += 1
                self.seg("space", h, s2)
                s = s2
                parens = [p for p in parens if p.start >= s]
        if s >= e:
            self.seg("space", s, end)
            if citation is not None:
                self.attach_citation(citation, s)
                return citation.end
            return end
        followed = citation is not None
        if self.open is not None and not self.looks_like_headline(s, e, followed):
            entry = self.open
            entry.paragraphs.append((s, e))
            entry.parens.extend(parens)
            self.seg("paragraph", s, e, entry.index)
        else:
            self.close_open(s, "a new headline follows")
            narrative = self.narrative_on_headline_line(s, e, parens)
            he_all = narrative[0] if narrative else e
            pieces = self.split_headlines(s, he_all, parens)
            for n, (hs, he) in enumerate(pieces):
                if n:
                    self.open = None  # joined to the next headline: no warning
                entry = self.new_entry(hs, he)
                entry.joined_to_next = n < len(pieces) - 1
                entry.parens.extend(p for p in parens if hs <= p.start < he)
                self.open = entry
            if narrative:
                gap, ns = narrative
                self.seg("space", gap, ns)
                assert self.open is not None
                entry = self.open
                entry.paragraphs.append((ns, e))
                entry.parens.extend(p for p in parens if p.start >= ns)
                self.seg("paragraph", ns, e, entry.index)
        self.seg("space", e, end)
        if citation is not None:
            self.attach_citation(citation, s)
            return citation.end
        return end

    def narrative_on_headline_line(self, s: int, e: int, parens: list[Paren]
                                   ) -> tuple[int, int] | None:
        """(end of the headline, start of the narrative) when an edition prints the
        narrative on the headline's line after a space (春二月，遣使如遼。　梁氏以…).

        Only a sentence end followed by white space counts: a headline of two sentences
        printed together (分掠安定堡。擄人、畜無數…) has none.
        """
        inside = [(p.start, p.end) for p in parens]
        for i in range(s, e - 1):
            if self.text[i] in _TERMINATORS and self.text[i + 1] in _SPACE and not any(
                    a <= i < b for a, b in inside):
                j = i + 1
                while j < e and self.text[j] in _SPACE:
                    j += 1
                if j < e:
                    return i + 1, j
        return None

    def split_headlines(self, s: int, e: int, parens: list[Paren]) -> list[tuple[int, int]]:
        """Split a headline run at a time marker that follows a full stop (掠青雞川。三月，…).

        Two headlines printed together share the narrative that follows; the first
        keeps its own month, the second gets the month it names.
        """
        cuts = [s]
        inside = sorted((p.start, p.end) for p in parens if p.end > s and p.start < e)
        k = 0  # parens are disjoint and sorted: one pointer keeps this linear
        for stop in _FULL_STOP.finditer(self.text, s, e - 1):
            i = stop.start()
            while k < len(inside) and inside[k][1] <= i:
                k += 1
            if k < len(inside) and inside[k][0] <= i:
                continue
            marker = match_marker(self.text, i + 1)
            if marker is not None and not marker.weak:
                cuts.append(i + 1)
        cuts.append(e)
        return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]

    def attach_citation(self, citation: Paren, at: int) -> None:
        entry = self.open
        if entry is None:
            self.finding("unplaced-citation", "a citation with no entry before it", at, "error")
            self.seg("unplaced", citation.start, citation.end)
            return
        entry.citation = (citation.start, citation.end)
        self.seg("citation", citation.start, citation.end, entry.index)
        self.open = None


def parse_source(source: SourceText) -> Chronicle:
    """Parse decoded chronicle text into segments, year sections and entries."""
    chron = _Parser(source).parse()
    chron.segments.sort(key=lambda s: s.start)
    return chron

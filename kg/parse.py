"""The lossless structural parse of a chronicle file.

Every character of the input belongs to exactly one ``Segment``; concatenating
the segments rebuilds the file byte for byte (``rebuild``).  Entries are made of
segments: a headline, narrative paragraphs and the closing citation.  Semantics
(dates, sources, readings, names) are added later by ``kg.enrich``; this stage
only decides *where* things are, and reports what it cannot place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.findings import Finding
from kg.markers import TimeMarker, match_day, match_marker
from kg.parens import Paren, classify, scan_parens
from kg.source import SourceText

_HEADING_RE = re.compile(
    r"^(?P<prefix>西夏稱|夏稱|西夏)?(?P<era>[\u3400-\u9fff\U00020000-\U0003ffff]{1,8}?)"
    r"(?P<num>[元正一二三四五六七八九十]{1,3})年$"
)
_SHORT_HEADLINE = 40
_LONG_HEADLINE = 80
_SPACE = " \t\u3000\r"


@dataclass
class Segment:
    """A run of input characters with one role; ``entry`` is the owning entry's index."""

    kind: str  # newline|blank|space|year-heading|headline|paragraph|citation|unplaced
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

    def rebuild(self) -> str:
        """The input text, rebuilt from the segments alone."""
        return "".join(self.source.text[s.start:s.end] for s in self.segments)

    def text(self, span: tuple[int, int]) -> str:
        return self.source.text[span[0]:span[1]]


def _is_heading(line: str) -> re.Match[str] | None:
    stripped = line.strip(_SPACE)
    if not stripped or len(stripped) > 20:
        return None
    return _HEADING_RE.match(stripped)


class _Parser:
    def __init__(self, source: SourceText) -> None:
        self.src = source
        self.text = source.text
        self.segments: list[Segment] = []
        self.years: list[YearSection] = []
        self.entries: list[Entry] = []
        self.errors: list[Finding] = []
        self.warnings: list[Finding] = []
        self.open: Entry | None = None  # entry whose closing citation is still to come

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
        entry.marker = match_marker(self.text, start)
        if end - start > _LONG_HEADLINE:
            entry.warnings.append(self.finding(
                "long-headline", f"headline of {end - start} characters: is it narrative?", start))
        self.entries.append(entry)
        self.seg("headline", start, end, entry.index)
        return entry

    def looks_like_headline(self, start: int, end: int, followed_by_citation: bool) -> bool:
        """Inside an open entry: does this chunk start a new entry (DOMAIN.md rule)?"""
        if match_marker(self.text, start):
            return True
        entry = self.open
        if entry is None or not entry.paragraphs or followed_by_citation:
            return False
        if match_day(self.text, start):
            return False
        chunk = self.text[start:end]
        return (end - start <= _SHORT_HEADLINE and chunk.endswith(("。", "."))
                and "「" not in chunk and not any(c in chunk for c in "（(：:"))

    # -- lines ---------------------------------------------------------------------
    def parse(self) -> Chronicle:
        if self.text.startswith("\ufeff"):
            self.seg("bom", 0, 1)
        for start, end, end_nl in self.src.lines():
            if start == 0 and self.text.startswith("\ufeff"):
                start = 1
            self.parse_line(start, end)
            self.seg("newline", end, end_nl)
        self.close_open(len(self.text), "end of file")
        return Chronicle(self.src, self.segments, self.years, self.entries,
                         self.errors, self.warnings)

    def parse_line(self, start: int, end: int) -> None:
        line = self.text[start:end]
        if not line.strip(_SPACE):
            self.seg("blank", start, end)
            return
        m = _is_heading(line)
        if m:
            lead = len(line) - len(line.lstrip(_SPACE))
            self.close_open(start, "a year heading follows")
            hs, he = start + lead, start + len(line.rstrip(_SPACE))
            self.seg("space", start, hs)
            ln, col = self.src.position(hs)
            self.years.append(YearSection(len(self.years), m.string, hs, m.group("era"),
                                          None, ln, col))
            self.seg("year-heading", hs, he)
            self.seg("space", he, end)
            return
        for i in range(start, end):
            if 0xE000 <= ord(self.text[i]) <= 0xF8FF:
                self.finding("private-use", f"private-use character U+{ord(self.text[i]):04X}: "
                             "a glyph the transcription could not encode; kept as printed", i)
        pairs, problems = scan_parens(self.text, start, end)
        for p in problems:
            expected = "a closing ）" if p.kind == "unbalanced-open" else "an opening （ before it"
            self.finding(p.kind, f"unbalanced parenthesis '{self.text[p.offset]}': expected "
                         f"{expected}; treated as text", p.offset, "error")
        parens = [Paren(a, b, classify(self.text[a + 1:b - 1])) for a, b in pairs]
        pos = start
        chunk_parens: list[Paren] = []
        for paren in parens:
            if paren.kind != "citation":
                chunk_parens.append(paren)
                continue
            self.chunk(pos, paren.start, chunk_parens, paren)
            chunk_parens = []
            pos = paren.end
        self.chunk(pos, end, chunk_parens, None)

    def chunk(self, start: int, end: int, parens: list[Paren], citation: Paren | None) -> None:
        """Text between closing citations, then the citation that ends it (if any)."""
        s, e = start, end
        while s < e and self.text[s] in _SPACE:
            s += 1
        while e > s and self.text[e - 1] in _SPACE:
            e -= 1
        self.seg("space", start, s)
        if s == e:
            self.seg("space", s, end)
            if citation is not None:
                self.attach_citation(citation, s)
            return
        followed = citation is not None
        if self.open is not None and not self.looks_like_headline(s, e, followed):
            entry = self.open
            entry.paragraphs.append((s, e))
            entry.parens.extend(parens)
            self.seg("paragraph", s, e, entry.index)
        else:
            self.close_open(s, "a new headline follows")
            pieces = self.split_headlines(s, e, parens)
            for n, (hs, he) in enumerate(pieces):
                if n:
                    self.open = None  # joined to the next headline: no warning
                entry = self.new_entry(hs, he)
                entry.joined_to_next = n < len(pieces) - 1
                entry.parens.extend(p for p in parens if hs <= p.start < he)
                self.open = entry
        self.seg("space", e, end)
        if citation is not None:
            self.attach_citation(citation, s)

    def split_headlines(self, s: int, e: int, parens: list[Paren]) -> list[tuple[int, int]]:
        """Split a headline run at a time marker that follows a full stop (掠青雞川。三月，…).

        Two headlines printed together share the narrative that follows; the first
        keeps its own month, the second gets the month it names.
        """
        cuts = [s]
        inside = [(p.start, p.end) for p in parens]
        for i in range(s, e - 1):
            if self.text[i] in "。." and not any(a <= i < b for a, b in inside):
                if match_marker(self.text, i + 1):
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

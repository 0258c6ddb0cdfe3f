"""Closing citations: which works (and chapters, and juan) an entry was compiled from.

A closing citation lists works joined by 及 and 、 (DOMAIN.md).  Several shapes
share a work that is printed only once, so the parser keeps the work in force:
``《長編》三百四十一及三百六十五`` is juan 341 and juan 365, ``《宋史·神宗本紀》及《李憲傳》``
and ``《宋史》種諤、徐禧、曲珍等傳`` are chapters of 宋史.  Offsets are code points into
the string the caller passed, so citations can be anchored in the entry text.

The parenthesis that holds a citation may continue with a 按 note or a quotation
(又《長編》：…); :func:`split_citation_block` cuts it into such segments first.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from kg.sources.works import Work, WorkMatch, WorkTable, default_table, fold_separators
from kg.text.numerals import numeral_prefix

# Half-width punctuation that transcriptions mix in, mapped char for char (offsets kept).
_HALF_WIDTH = {",": "，", ";": "；", "(": "（", ")": "）", ":": "："}
_CONNECTORS = "及、並"
_TERMINATORS = "。，；."
_QUOTE_VERBS = "詔云曰"
_OPENERS = {"「": "」", "『": "』", "（": "）", "“": "”"}
_MAX_AUTHOR = 6
_MAX_NAME = 6


_HALF_WIDTH_TABLE = str.maketrans(_HALF_WIDTH)


def normalise_punctuation(text: str) -> str:
    """Full-width equivalents of half-width punctuation and one middle dot; same length."""
    return fold_separators(text.translate(_HALF_WIDTH_TABLE))


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF
            or 0x20000 <= code <= 0x3FFFF)


@dataclass
class Citation:
    """One cited work (or chapter, or juan range) of a closing citation."""

    work: str  # canonical title, or the printed title when the work is unknown
    work_id: str | None
    section: str | None
    juan: int | None
    juan_end: int | None
    author: str | None  # as printed before the title
    raw: str  # exact printed substring
    start: int
    end: int
    misprint: bool = False
    printed_title: str | None = None  # the 《》 content this citation hangs from
    needs_context: bool = False  # 《宋史·本傳》, 《遼史·本紀》, 《紀》: the entry says which
    resolved: bool = False

    def to_dict(self) -> dict[str, object]:
        """Plain dict for JSON reports and tests."""
        return asdict(self)


@dataclass
class CitationParse:
    """The citations read from one citation text, with what looked wrong."""

    citations: list[Citation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class WorkMention:
    """A 《title》 anywhere in a text, with the author printed before it."""

    start: int  # the author prefix's start when there is one, else the 《
    end: int  # after the 》
    printed: str
    work_id: str | None
    work: str | None
    section: str | None
    author: str | None
    title: str  # the 《》 content as printed
    misprint: bool = False
    needs_context: bool = False
    inherited: bool = False  # the work came from an earlier mention (《伶官傳》, 《紀》)


@dataclass
class _Ref:
    """A work reference being parsed: the work in force for what follows."""

    work: Work | None
    name: str  # canonical title or printed title
    printed: str  # the printed work part (宋史 of 宋史·夏國傳)


class _Scanner:
    """Reads the citation grammar left to right; see the module docstring."""

    def __init__(self, text: str, table: WorkTable, context: Work | None,
                 lo: int = 0, hi: int | None = None) -> None:
        self.text = text
        self.s = normalise_punctuation(text)
        self.table = table
        self.pos = lo
        self.hi = len(text) if hi is None else hi
        self.context = context
        self.last: _Ref | None = _Ref(context, context.title, context.title) if context else None
        self.sectioned: _Ref | None = self.last if context and context.sections else None
        self.citations: list[Citation] = []
        self.warnings: list[str] = []

    def run(self) -> int:
        """Parse items joined by connectors; return where the grammar stopped."""
        resume = self.pos
        while True:
            self.skip_space()
            if self.pos >= self.hi or not self.item():
                self.pos = resume  # a dangling connector is not part of the citation
                break
            resume = self.pos
            self.skip_space()
            if self.pos < self.hi and self.s[self.pos] in _CONNECTORS:
                self.pos += 1
                continue
            if self.pos < self.hi and self.s[self.pos] == "，" and self.item_follows(self.pos + 1):
                self.pos += 1  # half-width transcriptions print , for 、
                continue
            self.pos = resume
            break
        return self.pos

    def item_follows(self, p: int) -> bool:
        """After a comma, only a title, a juan number or a known author continues."""
        while p < self.hi and self.s[p].isspace():
            p += 1
        if p >= self.hi:
            return False
        if self.s[p] == "《" or numeral_prefix(self.s, p, self.hi) is not None:
            return True
        lt = self.s.find("《", p, min(self.hi, p + _MAX_AUTHOR + 1))
        known = self.table.author_before(self.s, lt) if lt > p else None
        return bool(known and known[0] == p)

    def skip_space(self) -> None:
        while self.pos < self.hi and self.s[self.pos].isspace():
            self.pos += 1

    # items -----------------------------------------------------------------

    def item(self) -> bool:
        s, i = self.s, self.pos
        if s[i] == "《":
            return self.work_ref(i, i, None)
        if numeral_prefix(s, i + (s[i] == "卷"), self.hi) is not None:
            return self.juan_item(i)
        lt = s.find("《", i, min(self.hi, i + _MAX_AUTHOR + 1))
        if lt > i:
            known = self.table.author_before(s, lt)
            run = s[i:lt]
            if known and known[0] == i:
                return self.work_ref(i, lt, known[1])
            if len(run) >= 2 and all(_is_cjk(ch) and ch not in _CONNECTORS for ch in run):
                self.warnings.append(f"author {run} before 《 is not in the works table")
                return self.work_ref(i, lt, run)
        return self.bio_list(i, header_start=None)

    def work_ref(self, start: int, lt: int, author: str | None) -> bool:
        gt = self.s.find("》", lt, self.hi)
        if gt < 0:
            self.warnings.append(f"unclosed 《 at {lt}")
            return False
        printed = self.text[lt + 1: gt]
        m = self.table.resolve_title(printed, author)
        work, section, misprint = m.work, m.section, m.misprint
        needs_context = m.needs_context
        ref_printed = m.title
        if work is None and m.section_like:
            base = self.sectioned.work if self.sectioned else None
            if base is not None and section is not None and base.section_kind(section):
                section, fixed = base.fix_section(section)
                if fixed:
                    self.warnings.append(f"misprint: chapter {m.section} of {base.title} "
                                         f"read as {section}")
                work, misprint = base, fixed
                needs_context = section in base.sections
                assert self.sectioned is not None
                ref_printed = self.sectioned.printed
            else:
                section = None
                self.warnings.append(f"chapter 《{printed}》 printed without its work")
        elif work is None and author and "、" in author:
            if self.several_authors(start, gt + 1, printed, author):
                return True
        self.warnings.extend(m.warnings)
        name = work.title if work else m.title
        ref = _Ref(work, name, ref_printed)
        self.pos = gt + 1
        self.last = ref
        if work is not None and work.sections:
            self.sectioned = ref
        juan = self.juan(self.pos)
        if juan is None and section is None and work is not None and work.sections:
            if self.bio_list(self.pos, header_start=start):
                return True
        first, last, end = juan if juan else (None, None, self.pos)
        self.pos = end
        self.add(ref, section, first, last, author, start, end, misprint, printed,
                 needs_context)
        return True

    def several_authors(self, start: int, end: int, printed: str, author: str) -> bool:
        """韓、范《文集》: a generic title that names one work per author."""
        matches = [(a, self.table.resolve_title(printed, a)) for a in author.split("、")]
        if not all(m.work is not None for _, m in matches):
            return False
        for a, m in matches:
            work = m.work
            assert work is not None
            ref = _Ref(work, work.title, m.title)
            self.last = ref
            self.add(ref, m.section, None, None, a, start, end, m.misprint, printed, False)
        self.pos = end
        return True

    def juan_item(self, start: int) -> bool:
        if self.last is None:
            self.warnings.append("juan number with no work before it")
            return False
        juan = self.juan(start)
        if juan is None:
            return False
        first, last, end = juan
        self.pos = end
        self.add(self.last, None, first, last, None, start, end, False, self.last.printed,
                 False)
        return True

    def bio_list(self, start: int, header_start: int | None) -> bool:
        """``種諤、徐禧、曲珍等傳``: one chapter citation per name, of the work in force."""
        s, j = self.s, start
        while j < self.hi and (_is_cjk(s[j]) or s[j] == "、"):
            j += 1
        k = s.find("傳", start, j)
        if k <= start:
            return False
        names_end = k - 1 if s[k - 1] == "等" else k
        names = s[start:names_end].split("、")
        if not all(0 < len(n) <= _MAX_NAME and not any(c in _CONNECTORS for c in n)
                   for n in names):
            return False
        ref = self.sectioned
        if ref is None or ref.work is None:
            self.warnings.append(f"biographies {s[start:k + 1]} with no work before them")
            return False
        p = start
        for n, name in enumerate(names):
            section, fixed = ref.work.fix_section(f"{name}傳")
            if fixed:
                self.warnings.append(f"misprint: chapter {name}傳 of {ref.work.title} "
                                     f"read as {section}")
            begin = header_start if n == 0 and header_start is not None else p
            self.add(ref, section, None, None, None, begin, p + len(name), fixed, ref.printed,
                     False)
            p += len(name) + 1
        self.pos = k + 1
        return True

    # pieces ----------------------------------------------------------------

    def juan(self, p: int) -> tuple[int, int | None, int] | None:
        """``三百二十六至二十七`` at p → (326, 327, end); the 至 part inherits high digits."""
        s, n = self.s, self.hi  # no slicing: this runs once per item
        if p < n and s[p] == "卷":
            p += 1
        first = numeral_prefix(s, p, n)
        if first is None:
            return None
        value, end = first
        if end < n and s[end] == "卷":
            end += 1
        last = None
        if end < n and s[end] == "至":
            second = numeral_prefix(s, end + 1, n)
            if second is not None:
                last, end = second
                if last < value:
                    place = 10 ** len(str(last))
                    last += value - value % place
                    if last < value:
                        last += place
        return value, last, end

    def add(self, ref: _Ref, section: str | None, juan: int | None, juan_end: int | None,
            author: str | None, start: int, end: int, misprint: bool, printed: str | None,
            needs_context: bool) -> None:
        self.citations.append(Citation(
            work=ref.name, work_id=ref.work.id if ref.work else None, section=section,
            juan=juan, juan_end=juan_end, author=author, raw=self.text[start:end],
            start=start, end=end, misprint=misprint, printed_title=printed,
            needs_context=needs_context, resolved=ref.work is not None,
        ))


def _bounds(text: str) -> tuple[int, int]:
    """Skip surrounding （） / () and whitespace, so callers may pass either form."""
    s = normalise_punctuation(text)
    lo, hi = 0, len(s)
    while lo < hi and s[lo].isspace():
        lo += 1
    while hi > lo and s[hi - 1].isspace():
        hi -= 1
    if hi - lo >= 2 and s[lo] == "（" and s[hi - 1] == "）":
        lo, hi = lo + 1, hi - 1
    return lo, hi


def parse_citation(text: str, context_work: str | None = None,
                   table: WorkTable | None = None) -> CitationParse:
    """Read a closing citation (without its 按 note or quotation) into citations.

    ``context_work`` (id or title) supplies the work for a chapter or juan printed
    without one, e.g. when the text is only 《李憲傳》 or 《紀》.
    """
    table = table or default_table()
    context = None
    warnings: list[str] = []
    if context_work:
        context = table.get(context_work)
        if context is None:
            warnings.append(f"context work {context_work} is not in the works table")
    lo, hi = _bounds(text)
    scanner = _Scanner(text, table, context, lo, hi)
    stop = scanner.run()
    rest = scanner.s[stop:hi].strip(_TERMINATORS + " \t\n")
    warnings.extend(scanner.warnings)
    if rest:
        warnings.append(f"text after the citation not read: {text[stop:hi]}")
    if not scanner.citations:
        warnings.append("no citation found")
    return CitationParse(scanner.citations, warnings)


def _quote_start(s: str, p: int, table: WorkTable) -> bool:
    """Does a quotation start at p: 又《X》：, 《X》詔：, 沈括《奏議》：?"""
    if p < len(s) and s[p] == "又":
        p += 1
    if p < len(s) and s[p] != "《":
        lt = s.find("《", p, p + _MAX_AUTHOR + 3)
        known = table.author_before(s, lt) if lt > p else None
        if not known or known[0] != p:
            return False
        p = lt
    if p >= len(s) or s[p] != "《":
        return False
    gt = s.find("》", p)
    if gt < 0:
        return False
    q = gt + 1
    if q < len(s) and s[q] in _QUOTE_VERBS:
        q += 1
    return q < len(s) and s[q] == "："


def _kind_at(s: str, p: int, table: WorkTable) -> str | None:
    if s.startswith("按", p):
        return "note"
    if _quote_start(s, p, table):
        return "quote"
    return None


def split_citation_block(text: str, table: WorkTable | None = None
                         ) -> list[tuple[str, int, int]]:
    """Cut a parenthesis' content into ('citation'|'note'|'quote'|'other', start, end).

    The citation comes first if there is one and takes its closing 。 or ，; a note
    starts at 按 (at the start or after 。); a quotation at 《X》：, 《X》詔：, 又《X》：
    (also after ，) or 沈括《奏議》： (a known author).  Anything else is 'other' (a
    reading such as 《長編》作…, or a remark like 與此異).  The text is the content
    of the parenthesis, without （）; the segments concatenate to ``text``.
    """
    table = table or default_table()
    s = normalise_punctuation(text)
    n = len(s)
    if n == 0:
        return []
    segments: list[tuple[str, int, int]] = []
    pos = 0
    if not s.lstrip().startswith("按"):
        scanner = _Scanner(text, table, None)
        stop = scanner.run()
        if scanner.citations and (stop == n or s[stop] in _TERMINATORS):
            end = min(n, stop + 1)
            while end < n and s[end].isspace():
                end += 1
            segments.append(("citation", 0, end))
            pos = end
    if pos >= n:
        return segments
    # the rest, sentence by sentence
    kind = _kind_at(s, pos, table) or "other"
    seg_start = pos
    closers: list[str] = []
    i = pos
    while i < n:
        ch = s[i]
        if ch in _OPENERS:
            closers.append(_OPENERS[ch])
        elif closers and ch == closers[-1]:
            closers.pop()
        elif not closers and ch in "。，" and i + 1 < n:
            nxt = _kind_at(s, i + 1, table)
            if ch == "，" and not s.startswith("又", i + 1):
                nxt = None  # after ， only 又《X》： starts something new
            if nxt is not None:
                segments.append((kind, seg_start, i + 1))
                kind, seg_start = nxt, i + 1
        i += 1
    segments.append((kind, seg_start, n))
    return segments


def find_work_mentions(text: str, table: WorkTable | None = None) -> list[WorkMention]:
    """Every 《title》 in ``text`` with its author prefix, resolved where possible.

    A chapter printed alone takes the work of the mention just before it when only
    及 or 、 separate them (《遼史·蕭惠傳》、《伶官傳》), and a short anaphoric title
    takes the earlier mention it abbreviates (《紀》 after 《宋史·神宗紀》, 《劄子》
    after 《論西夏劄子》).  Several authors before one generic title (韓、范《文集》)
    give one mention per author, sharing the span.
    """
    table = table or default_table()
    s = normalise_punctuation(text)
    mentions: list[WorkMention] = []
    pos = 0
    while True:
        lt = s.find("《", pos)
        if lt < 0:
            break
        gt = s.find("》", lt + 1)
        if gt < 0:
            break
        pos = gt + 1
        title = text[lt + 1: gt]
        auth = table.author_before(s, lt)
        start, author = (auth[0], auth[1]) if auth else (lt, None)
        printed = text[start:gt + 1]
        m = table.resolve_title(title, author)
        if m.work is None and author and "、" in author:
            per_author = [(a, table.resolve_title(title, a)) for a in author.split("、")]
            if all(pm.work is not None for _, pm in per_author):
                for a, pm in per_author:
                    assert pm.work is not None
                    mentions.append(WorkMention(start, gt + 1, printed, pm.work.id, pm.work.title,
                                                pm.section, a, title, pm.misprint))
                continue
        if m.work is not None:
            mentions.append(WorkMention(start, gt + 1, printed, m.work.id, m.work.title,
                                        m.section, author, title, m.misprint, m.needs_context))
            continue
        mentions.append(_from_context(table, mentions, s, (start, gt + 1), printed, author, m))
    return mentions


def _closes(between: str) -> bool:
    """Does ``between`` close a parenthesis it did not open?"""
    depth = 0
    for ch in between:
        if ch == "（":
            depth += 1
        elif ch == "）":
            depth -= 1
            if depth < 0:
                return True
    return False


def _from_context(table: WorkTable, previous: list[WorkMention], s: str, span: tuple[int, int],
                  printed: str, author: str | None, m: WorkMatch) -> WorkMention:
    """Resolve an unknown or chapter-only title against the mentions before it."""
    start, end = span
    title = m.printed
    if previous and m.section_like:
        prev = previous[-1]
        between = s[prev.end:start]
        work = table.by_id.get(prev.work_id or "")
        if work is not None and all(ch in _CONNECTORS or ch.isspace() for ch in between) \
                and work.section_kind(m.section or ""):
            section, fixed = work.fix_section(m.section or "")
            return WorkMention(start, end, printed, work.id, work.title, section, author, title,
                               fixed, section in work.sections, inherited=True)
    short = m.title
    for prev in reversed(previous):
        if "\n" in s[prev.end:start] or _closes(s[prev.end:start]):
            break  # an anaphor refers back only within its own note
        if prev.work_id is None:
            continue
        if prev.section and prev.section != short and prev.section.endswith(short):
            return WorkMention(start, end, printed, prev.work_id, prev.work, prev.section,
                               author, title, inherited=True)
        if prev.section is None and prev.work and prev.work != short \
                and prev.work.endswith(short):
            return WorkMention(start, end, printed, prev.work_id, prev.work, None, author,
                               title, inherited=True)
    return WorkMention(start, end, printed, None, None, m.section, author, title,
                       needs_context=m.needs_context)


__all__ = [
    "Citation", "CitationParse", "WorkMention", "find_work_mentions", "normalise_punctuation",
    "parse_citation", "split_citation_block",
]

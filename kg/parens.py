"""Parentheses in chronicle text: matching them and telling their kinds apart.

Full-width （） in a narrative are not all citations (DOMAIN.md): a closing
citation ends an entry, while variant readings (一作), other sources' readings
(《書》作), inline quotations (《書》：…) and notes (按…) stay inside it.  Half-width
( ) count the same, because transcriptions mix both.
"""

from __future__ import annotations

from dataclasses import dataclass

OPEN = "（("
CLOSE = "）)"
_SENTENCE_END = "。；;"
_TITLE_OPEN = "《"
_TITLE_CLOSE = "》"
_JUAN_CHARS = set("〇零一二三四五六七八九十百千至及、")
_AUTHOR_MAX = 9


@dataclass(frozen=True)
class Paren:
    """A top-level parenthesis pair: ``start`` is the opening char, ``end`` is after the closing."""

    start: int
    end: int
    kind: str  # citation | variant | reading | quote | note | other

    @property
    def inner_start(self) -> int:
        return self.start + 1

    @property
    def inner_end(self) -> int:
        return self.end - 1


@dataclass(frozen=True)
class Unbalanced:
    """A parenthesis with no partner; ``offset`` is its position in the scanned text."""

    offset: int
    kind: str  # unbalanced-open | unbalanced-close


def scan_parens(text: str, start: int = 0, end: int | None = None
                ) -> tuple[list[tuple[int, int]], list[Unbalanced]]:
    """Top-level (start, end) pairs of text[start:end] and the unbalanced ones.

    An unmatched opener is reported and then treated as plain text so that the
    rest of the line still parses.
    """
    end = len(text) if end is None else end
    pairs: list[tuple[int, int]] = []
    problems: list[Unbalanced] = []
    stack: list[int] = []
    for i in range(start, end):
        ch = text[i]
        if ch in OPEN:
            stack.append(i)
        elif ch in CLOSE:
            if not stack:
                problems.append(Unbalanced(i, "unbalanced-close"))
                continue
            opener = stack.pop()
            if not stack:
                pairs.append((opener, i + 1))
    if stack:
        problems.append(Unbalanced(stack[0], "unbalanced-open"))
        # re-scan after the unmatched outermost opener so later pairs survive
        rest, more = scan_parens(text, stack[0] + 1, end)
        pairs = [p for p in pairs if p[1] <= stack[0]] + rest
        problems += more
    return pairs, problems


def _skip_title_run(content: str, i: int) -> int:
    """Index after an optional author prefix and one 《…》 title starting at i, or -1."""
    j = content.find(_TITLE_OPEN, i)
    if j < 0 or j - i > _AUTHOR_MAX:
        return -1
    prefix = content[i:j]
    if any(c in "，,。：:；;（(「" for c in prefix):
        return -1
    k = content.find(_TITLE_CLOSE, j)
    return -1 if k < 0 else k + 1


def classify(content: str) -> str:
    """Kind of a parenthesis from its inner text.

    citation: a list of works (《長編》三百二十三, 《宋史·夏國傳》及《李憲傳》, 張舜民《畫墁集·…》,
    《宋史》種諤、徐禧、曲珍等傳), possibly followed by 。按… or ，又《…》：…;
    variant: 一作Y; reading: 《書》作Y / 俱作; quote: 《書》：…; note: 按…; other: anything else.
    """
    s = content.lstrip()
    if not s:
        return "other"
    if s.startswith("一作") or s.startswith("一本作"):
        return "variant"
    if s.startswith("按"):
        return "note"
    i = _skip_title_run(s, 0)
    if i < 0:
        return "other"
    # a chain of titles joined by 、/及 (e.g. 《東都事略》、《長編》俱作…)
    while True:
        k = i
        while k < len(s) and s[k] in _JUAN_CHARS:
            k += 1
        nxt = _skip_title_run(s, k) if k > i and s[k - 1] in "、及" else -1
        if nxt < 0:
            break
        i = nxt
    rest = s[i:]
    stripped = rest.lstrip("〇零一二三四五六七八九十百千至")
    head = stripped[:1]
    if head in ("：", ":"):
        return "quote"
    window = ""
    for ch in stripped[:6]:
        if ch in "，,。：:；;、（(「":
            break
        window += ch
    if "作" in window:
        return "reading"
    if stripped[:1] in ("云", "載", "曰") or stripped[:2] in ("注云",):
        return "quote"
    if stripped[:1] in ("據", "謂", "以", "所", "之", "則"):
        return "other"
    return "citation"

"""Parentheses in chronicle text: matching them and telling their kinds apart.

Full-width （） in a narrative are not all citations (DOMAIN.md): a closing
citation ends an entry, while variant readings (一作), other sources' readings
(《書》作), inline quotations (《書》：…) and notes (按…) stay inside it.  Half-width
( ) count the same, because transcriptions mix both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

OPEN = "（("
CLOSE = "）)"
_SENTENCE_END = "。；;"
_TITLE_OPEN = "《"
_TITLE_CLOSE = "》"
_JUAN_CHARS = set("〇零一二三四五六七八九十百千至及、")
_AUTHOR_MAX = 9
_PAREN_RE = re.compile("[" + OPEN + CLOSE + "]")
_JUAN_RUN = re.compile("[" + "".join(sorted(_JUAN_CHARS)) + "]+")


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


class Unbalanced(NamedTuple):
    """A parenthesis with no partner; ``offset`` is its position in the scanned text.

    A named tuple, not a dataclass: a damaged line can hold a million of them.
    """

    offset: int
    kind: str  # unbalanced-open | unbalanced-close


def _match(text: str, start: int, end: int
           ) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Every matched pair of text[start:end], sorted by start; unmatched closers; openers."""
    matched: list[tuple[int, int]] = []
    closes: list[int] = []
    stack: list[int] = []
    for m in _PAREN_RE.finditer(text, start, end):
        i = m.start()
        if m[0] in OPEN:
            stack.append(i)
        elif stack:
            matched.append((stack.pop(), i + 1))
        else:
            closes.append(i)
    matched.sort()
    return matched, closes, stack


def scan_parens(text: str, start: int = 0, end: int | None = None
                ) -> tuple[list[tuple[int, int]], list[Unbalanced]]:
    """Top-level (start, end) pairs of text[start:end] and the unbalanced ones.

    An unmatched opener is reported and then treated as plain text, so that the
    pairs after and inside it still count (a pair directly inside an unmatched
    opener is top-level).  One pass with a stack, then one sweep over the matched
    pairs: linear in the text whatever the nesting, because a transcription can
    hold thousands of stray openers on one line.
    """
    pairs, problems, _ = scan_line(text, start, end)
    return pairs, problems


def scan_line(text: str, start: int = 0, end: int | None = None, limit: int | None = None
              ) -> tuple[list[tuple[int, int]], list[Unbalanced], int]:
    """:func:`scan_parens` reporting at most ``limit`` unbalanced parentheses (the first
    ones in the text) and how many there are in all."""
    matched, closes, opens = _match(text, start, len(text) if end is None else end)
    pairs: list[tuple[int, int]] = []
    outer_end = -1
    for a, b in matched:
        if a >= outer_end:  # matched pairs nest properly: no other pair encloses this one
            pairs.append((a, b))
            outer_end = b
    total = len(closes) + len(opens)
    if limit is not None and total > limit:
        first = sorted(closes[:limit] + opens[:limit])[:limit]
        kinds = set(closes[:limit])
        problems = [Unbalanced(i, "unbalanced-close" if i in kinds else "unbalanced-open")
                    for i in first]
    else:
        problems = ([Unbalanced(i, "unbalanced-close") for i in closes]
                    + [Unbalanced(i, "unbalanced-open") for i in opens])
    return pairs, problems, total


def paren_tree(text: str, start: int = 0, end: int | None = None
               ) -> tuple[list[tuple[int, int]], dict[tuple[int, int], list[tuple[int, int]]]]:
    """Top-level pairs of text[start:end] and, for every pair, the pairs directly inside it.

    The same pairs as :func:`scan_parens` applied again inside each pair, in one
    linear pass (the inside of a matched pair is always balanced).
    """
    matched, _, _ = _match(text, start, len(text) if end is None else end)
    top: list[tuple[int, int]] = []
    children: dict[tuple[int, int], list[tuple[int, int]]] = {}
    open_pairs: list[tuple[int, int]] = []
    for pair in matched:
        while open_pairs and open_pairs[-1][1] <= pair[0]:
            open_pairs.pop()
        (children.setdefault(open_pairs[-1], []) if open_pairs else top).append(pair)
        open_pairs.append(pair)
    return top, children


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
        run = _JUAN_RUN.match(s, i)
        k = run.end() if run else i
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

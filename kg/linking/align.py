"""Passage alignment: where in a cited juan does an entry of the chronicle draw from?

The chronicle rewrites its sources (it abridges, reorders, and prints names in
other forms), and the Kanripo texts are the 四庫全書 edition with its own
variant characters and Qianlong-era re-transliterations of Tangut and Khitan
names.  So both sides are first *normalised* character by character — OpenCC's
traditional→simplified mapping (which merges most variant pairs) and then the
variant table ``seeds/variants.tsv`` for the pairs OpenCC leaves apart — and the
passage is found by **character bigram overlap**: the score of a passage is the
share of the entry's distinct bigrams that occur in it (0–1), and the passage is
the window of the juan, at most twice the entry's length, with the highest
score.  Normalisation maps one character to one character, so every offset found
in normalised text is an offset in the original.

Why bigrams and a window rather than local alignment (Smith–Waterman): the
chronicle reorders clauses, and a juan is 20–60 thousand characters, which a
quadratic alignment in Python cannot scan for hundreds of citations; bigram
containment is insensitive to reordering and linear in the juan's length.
Whether a score means "found" is decided against scores of the same entries in
juan they do not cite (``bench/kanripo_alignment.py``); the threshold lives with
the other constants below and is documented in the README.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.core.tables import SEEDS, read_tsv

VARIANTS_TSV = SEEDS / "align-variants.tsv"
MATCH_VARIANTS_TSV = SEEDS / "variants.tsv"  # the matching table (kg.text.matchtext), also used
N = 2  # n-gram size
WINDOW_FACTOR = 2  # a passage is at most this many times the entry's length
MIN_WINDOW = 40
# A passage is "found" when its score is at least FOUND_SCORE, at least CONTROL_RATIO
# times the best score the same entry reaches in control juan of the same work that it
# does not cite (what chance and formulaic phrases give), and rests on MIN_MATCHED
# distinct bigrams.  On the seed citations control scores are 0.02–0.17 (README).
FOUND_SCORE = 0.08
CONTROL_RATIO = 2.0
MIN_MATCHED = 5
CONTROL_STEPS = (37, 71, 113, 151)  # control juan: these many juan away, cyclically


@cache
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


@cache
def variant_table(path: Path = VARIANTS_TSV,
                  match_path: Path | None = MATCH_VARIANTS_TSV) -> dict[str, str]:
    """One character → its standard traditional form (OpenCC then maps it on).

    The alignment table comes first; the matching table adds its pairs.
    """
    table: dict[str, str] = {}
    for p, col in ((path, "normal"), (match_path, "standard")):
        if p is None or not p.exists():
            continue
        for row in read_tsv(p):
            form, normal = row.get("variant", ""), row.get(col, "")
            if len(form) == 1 and len(normal) == 1:
                table.setdefault(form, normal)
    return table


class Normaliser:
    """Character-by-character normalisation (so offsets survive)."""

    def __init__(self, variants: dict[str, str] | None = None) -> None:
        self.variants = variant_table() if variants is None else variants
        self._cache: dict[str, str] = {}

    def char(self, ch: str) -> str:
        hit = self._cache.get(ch)
        if hit is None:
            c = unicodedata.normalize("NFKC", ch)
            c = c if len(c) == 1 else ch
            c = self.variants.get(c, c)
            s = _opencc().convert(c)
            hit = s if len(s) == 1 else c
            self._cache[ch] = hit
        return hit

    def text(self, text: str) -> str:
        return "".join(self.char(ch) for ch in text)


def is_han(ch: str) -> bool:
    """A CJK ideograph (BMP or supplementary), the only characters that are compared."""
    o = ord(ch)
    return (0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3FFFF
            or ch == "〇")


@dataclass(frozen=True)
class Query:
    """The characters of an entry to look for, with their offsets in the entry text."""

    chars: str  # normalised Han characters only
    offsets: tuple[int, ...]

    @classmethod
    def build(cls, text: str, norm: Normaliser, skip: Sequence[tuple[int, int]] = ()) -> Query:
        """Han characters of ``text`` outside the ``skip`` spans (citations, notes)."""
        masked = [False] * len(text)
        for s, e in skip:
            for i in range(max(0, s), min(len(text), e)):
                masked[i] = True
        chars, offs = [], []
        for i, ch in enumerate(text):
            if not masked[i] and is_han(ch):
                chars.append(norm.char(ch))
                offs.append(i)
        return cls("".join(chars), tuple(offs))

    def grams(self) -> dict[str, int]:
        """Distinct bigrams → first position in ``chars``."""
        out: dict[str, int] = {}
        for i in range(len(self.chars) - N + 1):
            out.setdefault(self.chars[i:i + N], i)
        return out


@dataclass(frozen=True)
class Match:
    """The best passage of one target for a query."""

    score: float  # distinct query bigrams found in the passage / distinct query bigrams
    matched: int
    total: int
    start: int  # in the target's (stripped) characters
    end: int
    q_start: int  # in the entry text
    q_end: int

    def found(self, control: float) -> bool:
        """Whether the passage stands out from ``control``, the best chance score."""
        return (self.score >= FOUND_SCORE and self.matched >= MIN_MATCHED
                and self.score >= CONTROL_RATIO * control)


def control_juan(all_juan: list[int], cited: list[int]) -> list[int]:
    """Juan of the same work, away from the cited ones, to measure chance scores."""
    pool = sorted(set(all_juan) - set(cited))
    if not pool or not cited:
        return []
    anchor = sorted(all_juan).index(cited[0]) if cited[0] in all_juan else 0
    return sorted({pool[(anchor + step) % len(pool)] for step in CONTROL_STEPS})


def best_passage(query: Query, target: str) -> Match | None:
    """The window of ``target`` (normalised) that holds most of the query's bigrams."""
    grams = query.grams()
    total = len(grams)
    if total == 0:
        return None
    hits = [(i, target[i:i + N]) for i in range(len(target) - N + 1)
            if target[i:i + N] in grams]
    if not hits:
        return None
    window = max(MIN_WINDOW, WINDOW_FACTOR * len(query.chars))
    counts: Counter[str] = Counter()
    best = (0, 0, 0)  # (distinct, -span, left index)
    best_range = (0, 0)
    left = 0
    for right, (pos, g) in enumerate(hits):
        counts[g] += 1
        while pos + N - hits[left][0] > window:
            lg = hits[left][1]
            counts[lg] -= 1
            if not counts[lg]:
                del counts[lg]
            left += 1
        key = (len(counts), -(pos + N - hits[left][0]), -left)
        if key > best:
            best = key
            best_range = (left, right)
    lo, hi = best_range
    found = {g for _, g in hits[lo:hi + 1]}
    # trim the window to the first and last hit that is a query bigram found
    start, end = hits[lo][0], hits[hi][0] + N
    qpos = sorted(grams[g] for g in found)
    q_start = query.offsets[qpos[0]]
    q_end = query.offsets[qpos[-1] + N - 1] + 1
    return Match(score=round(len(found) / total, 3), matched=len(found), total=total,
                 start=start, end=end, q_start=q_start, q_end=q_end)

"""The word lists that bound guessed names: office titles, surnames, stop characters.

The extractor finds names the authority tables do not know yet by rule (an
office title before a name, a suffix after a place name).  Those rules depend on
lists that historians extend as new juan come in, so the lists live in seeds/
(``office-titles.tsv``, ``surnames.tsv``, ``name-stops.tsv``), each row with its
source, and this module only reads and checks them: a malformed row is a
``TableError`` naming ``file:line``, never a silent gap in the rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.core.tables import SEEDS, TableError, read_tsv

OFFICE_TITLES_TSV = SEEDS / "office-titles.tsv"
SURNAMES_TSV = SEEDS / "surnames.tsv"
NAME_STOPS_TSV = SEEDS / "name-stops.tsv"

STOP_CLASSES = ("function", "verb", "determiner", "place-stop", "first-stop", "place-context",
                "group-stop",
                "not-after-城", "not-after-鎮", "not-after-軍", "embassy-stop")
SURNAME_KINDS = ("han", "fan")


@dataclass(frozen=True)
class Lexicon:
    """The checked contents of the three tables."""

    titles: tuple[str, ...]  # regular-expression alternatives, longest first
    surnames: dict[str, str]  # surname -> kind
    stops: dict[str, frozenset[str]]  # class -> characters

    @property
    def title_re(self) -> re.Pattern[str]:
        """Any one title (the longest alternative that matches at a position)."""
        return re.compile("|".join(self.titles))

    @property
    def title_gap_re(self) -> re.Pattern[str]:
        """One or more titles, optionally joined by 、 (between a place and a name)."""
        return re.compile(r"(?:、?(?:" + "|".join(self.titles) + r"))+")

    def stop(self, *classes: str) -> frozenset[str]:
        """The union of the characters of ``classes``."""
        out: frozenset[str] = frozenset()
        for c in classes:
            out |= self.stops.get(c, frozenset())
        return out

    def surname_at(self, text: str, i: int) -> str:
        """The Han surname that starts at text[i] (two-character surnames first), or ''."""
        for n in (2, 1):
            s = text[i:i + n]
            if len(s) == n and self.surnames.get(s) == "han":
                return s
        return ""


def _need(row: dict[str, str], column: str, path: Path) -> str:
    value = row.get(column, "").strip()
    if not value:
        raise TableError(f"{path}:{row['_line']}: empty {column}")
    return value


def load_titles(path: Path | str = OFFICE_TITLES_TSV) -> tuple[str, ...]:
    """Title alternatives as regular expressions, longest first; a bad row is an error."""
    path = Path(path)
    alts: list[str] = []
    seen: set[str] = set()
    for row in read_tsv(path):
        kind = _need(row, "kind", path)
        title = _need(row, "title", path)
        _need(row, "source", path)
        if kind == "title":
            if not all(not ch.isspace() and ch not in "|()[]{}.*+?\\^$" for ch in title):
                raise TableError(f"{path}:{row['_line']}: title {title!r} has a special character")
            alt = re.escape(title)
        elif kind == "pattern":
            try:
                re.compile(title)
            except re.error as exc:
                raise TableError(f"{path}:{row['_line']}: pattern {title!r}: {exc}") from None
            alt = title
        else:
            raise TableError(f"{path}:{row['_line']}: kind {kind!r} is not title or pattern")
        if title in seen:
            raise TableError(f"{path}:{row['_line']}: title {title!r} listed twice")
        seen.add(title)
        alts.append(alt)
    return tuple(sorted(alts, key=len, reverse=True))


def load_surnames(path: Path | str = SURNAMES_TSV) -> dict[str, str]:
    """Surname -> kind; one or two characters, kind han or fan."""
    path = Path(path)
    out: dict[str, str] = {}
    for row in read_tsv(path):
        name = _need(row, "surname", path)
        kind = _need(row, "kind", path)
        _need(row, "source", path)
        if not 1 <= len(name) <= 2:
            raise TableError(f"{path}:{row['_line']}: surname {name!r} is not 1 or 2 characters")
        if kind not in SURNAME_KINDS:
            raise TableError(f"{path}:{row['_line']}: kind {kind!r} is not one of {SURNAME_KINDS}")
        if name in out:
            raise TableError(f"{path}:{row['_line']}: surname {name!r} listed twice")
        out[name] = kind
    return out


def load_stops(path: Path | str = NAME_STOPS_TSV) -> dict[str, frozenset[str]]:
    """Class -> characters; one character per row, a known class, no duplicates."""
    path = Path(path)
    out: dict[str, set[str]] = {c: set() for c in STOP_CLASSES}
    for row in read_tsv(path):
        ch = _need(row, "char", path)
        cls = _need(row, "class", path)
        _need(row, "source", path)
        if len(ch) != 1:
            raise TableError(f"{path}:{row['_line']}: {ch!r} is not one character")
        if cls not in out:
            raise TableError(f"{path}:{row['_line']}: class {cls!r} is not one of {STOP_CLASSES}")
        if ch in out[cls]:
            raise TableError(f"{path}:{row['_line']}: {ch} listed twice in class {cls}")
        out[cls].add(ch)
    return {c: frozenset(v) for c, v in out.items()}


@lru_cache(maxsize=4)
def load_lexicon(seeds_dir: Path | str = SEEDS) -> Lexicon:
    """The three tables of ``seeds_dir`` (default the project's seeds/), checked."""
    base = Path(seeds_dir)
    return Lexicon(load_titles(base / OFFICE_TITLES_TSV.name),
                   load_surnames(base / SURNAMES_TSV.name),
                   load_stops(base / NAME_STOPS_TSV.name))

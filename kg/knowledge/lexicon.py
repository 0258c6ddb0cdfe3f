"""The curated word lists the rules read: titles, surnames, stop characters, markers.

The extractor finds names the authority tables do not know yet by rule (an
office title before a name, a suffix after a place name); roles, readings and
Kanripo headings are read by words too (遣使如X, 誤, 未知孰是, 撰, 列傳).  Those
rules depend on lists that historians extend as new juan come in, so the lists
live in seeds/ (``office-titles.tsv``, ``surnames.tsv``, ``name-stops.tsv`` and
the small lists of ``word-lists.tsv``), each row with its source, and this
module only reads and checks them: a malformed row is a ``TableError`` naming
``file:line``, never a silent gap in the rules.
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
WORD_LISTS_TSV = SEEDS / "word-lists.tsv"

STOP_CLASSES = ("function", "verb", "determiner", "place-stop", "first-stop", "place-context",
                "group-stop",
                "not-after-城", "not-after-鎮", "not-after-軍", "embassy-stop")
SURNAME_KINDS = ("han", "fan")

# The lists of word-lists.tsv (documented list by list in its header): for each, how
# many characters a word has (0: any number) and what its value cell holds: '' (empty),
# 'number' (a whole number from 1), 'entity' (an authority id such as po002),
# 'a|b' (one of these words) or the name of another list (one of that list's words).
WORD_LISTS: dict[str, tuple[int, str]] = {
    "place-suffix": (1, "number"),
    "needs-context": (1, ""),
    "polity-before-name": (0, ""),
    "not-designation": (2, ""),
    "designation-after": (2, ""),
    "embassy-sender": (0, ""),
    "embassy-to": (0, ""),
    "default-agent": (0, "entity"),
    "subject-end": (1, ""),
    "recipient-before": (1, ""),
    "sending": (0, ""),
    "not-trigger": (0, ""),
    "reading-standing": (0, "rejected|undecided|adopted"),
    "reading-differs": (0, ""),
    "reading-dated": (0, ""),
    "reading-ground": (1, ""),
    "zuo-modifier": (1, "all|again"),
    "clause-char": (1, ""),
    "author-verb": (1, "end|near-end"),
    "chapter-kind": (0, ""),
    "chapter-suffix": (0, "chapter-kind"),
}
# lists that hold exactly one row
SINGLE_ROW_LISTS = ("default-agent",)


@dataclass(frozen=True)
class WordLists:
    """The checked rows of word-lists.tsv: list -> ((word, value), ...) in table order."""

    rows: dict[str, tuple[tuple[str, str], ...]]

    def words(self, name: str) -> tuple[str, ...]:
        """The words of list ``name`` in table order."""
        return tuple(word for word, _ in self.rows[name])

    def chars(self, name: str) -> frozenset[str]:
        """The words of a list of one-character words, as a set."""
        return frozenset(self.words(name))

    def values(self, name: str) -> dict[str, str]:
        """Word -> value of list ``name``."""
        return dict(self.rows[name])

    def with_value(self, name: str, value: str) -> tuple[str, ...]:
        """The words of list ``name`` whose value is ``value``, in table order."""
        return tuple(word for word, v in self.rows[name] if v == value)

    def pattern(self, name: str, value: str | None = None) -> str:
        """A regular-expression group matching any word of list ``name`` (only those whose
        value is ``value`` when given), longest first."""
        chosen = self.words(name) if value is None else self.with_value(name, value)
        words = sorted(chosen, key=len, reverse=True)
        return "(?:" + "|".join(re.escape(w) for w in words) + ")"


@dataclass(frozen=True)
class Lexicon:
    """The checked contents of the four tables."""

    titles: tuple[str, ...]  # regular-expression alternatives, longest first
    surnames: dict[str, str]  # surname -> kind
    stops: dict[str, frozenset[str]]  # class -> characters
    lists: WordLists  # the small lists of word-lists.tsv

    @property
    def title_re(self) -> re.Pattern[str]:
        """Any one title (the longest alternative that matches at a position)."""
        return re.compile("|".join(self.titles))

    @property
    def written_title_re(self) -> re.Pattern[str] | None:
        """The titles written out in the table (kind ``title``: 經略使, 引進使), without the
        patterns (知X州), which also read as a verb (以王素知渭州: appointed to govern)."""
        written = [t for t in self.titles if not any(ch in _SPECIAL for ch in t)]
        return re.compile("|".join(written)) if written else None

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


_SPECIAL = "|()[]{}.*+?\\^$"  # never in a written title: only the patterns have them


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
            if not all(not ch.isspace() and ch not in _SPECIAL for ch in title):
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


def _check_value(row: dict[str, str], kind: str, path: Path) -> str:
    """The value cell of a word-lists row, checked against what its list holds."""
    value = row.get("value", "").strip()
    where = f"{path}:{row['_line']}: list {row['list']}"
    if kind == "" and value:
        raise TableError(f"{where}: value {value!r} given, the list takes none")
    if kind == "number" and not (value.isdigit() and int(value) >= 1):
        raise TableError(f"{where}: value {value!r} is not a whole number from 1")
    if kind == "entity" and not re.fullmatch(r"(?:p|po|g|pl)\d{3,4}", value):
        raise TableError(f"{where}: value {value!r} is not an entity id (po002)")
    if "|" in kind and value not in kind.split("|"):
        raise TableError(f"{where}: value {value!r} is not one of {kind.split('|')}")
    return value


def load_word_lists(path: Path | str = WORD_LISTS_TSV) -> WordLists:
    """List -> (word, value) rows; known lists, word lengths and values, no duplicates."""
    path = Path(path)
    rows: dict[str, list[tuple[str, str]]] = {name: [] for name in WORD_LISTS}
    refs: list[tuple[str, str, str]] = []  # (line, list, value) of values naming a word
    for row in read_tsv(path):
        name = _need(row, "list", path)
        word = _need(row, "word", path)
        _need(row, "source", path)
        if name not in WORD_LISTS:
            raise TableError(f"{path}:{row['_line']}: list {name!r} is not one of "
                             f"{tuple(WORD_LISTS)}")
        length, kind = WORD_LISTS[name]
        if length and len(word) != length or any(ch.isspace() for ch in word):
            raise TableError(f"{path}:{row['_line']}: word {word!r} of list {name} is not "
                             f"{length or 'some'} characters without spaces")
        if any(word == w for w, _ in rows[name]):
            raise TableError(f"{path}:{row['_line']}: {word} listed twice in list {name}")
        value = _check_value(row, kind, path)
        if kind in WORD_LISTS:
            refs.append((row["_line"], name, value))
        rows[name].append((word, value))
    for line, name, value in refs:
        other = WORD_LISTS[name][1]
        if all(value != w for w, _ in rows[other]):
            raise TableError(f"{path}:{line}: value {value!r} of list {name} is not a word of "
                             f"list {other}")
    for name, found in rows.items():
        if not found or name in SINGLE_ROW_LISTS and len(found) != 1:
            raise TableError(f"{path}: list {name} has {len(found)} rows, it needs "
                             f"{'exactly one' if name in SINGLE_ROW_LISTS else 'one or more'}")
    return WordLists({name: tuple(found) for name, found in rows.items()})


@lru_cache(maxsize=4)
def word_lists(path: Path | str = WORD_LISTS_TSV) -> WordLists:
    """The word lists of ``path`` (default seeds/word-lists.tsv), read once."""
    return load_word_lists(path)


@lru_cache(maxsize=4)
def load_lexicon(seeds_dir: Path | str = SEEDS) -> Lexicon:
    """The four tables of ``seeds_dir`` (default the project's seeds/), checked."""
    base = Path(seeds_dir)
    return Lexicon(load_titles(base / OFFICE_TITLES_TSV.name),
                   load_surnames(base / SURNAMES_TSV.name),
                   load_stops(base / NAME_STOPS_TSV.name),
                   word_lists(base / WORD_LISTS_TSV.name))

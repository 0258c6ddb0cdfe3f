"""The works the chronicle cites, and how a printed title resolves to one of them.

The chronicle prints titles in many shapes: full titles, short forms (《長編》),
a chapter with its work (《宋史·夏國傳》), a chapter alone (《夏國傳》), a generic
title that only an author prefix makes specific (沈括《奏議》) and misprints
(《西夏紀事本未》, 《宋史·神宗來紀》).  All of this knowledge lives in
``seeds/works.tsv`` so that historians can correct it; this module only applies it.

Cell conventions of the table (documented again in its header comment):

- ``short_forms``: ``X`` is another title of the work; ``·X`` is a chapter printed
  alone that can only belong to this work (《夏國傳》 → 宋史); ``A《X》`` applies only
  when the text names the author ``A`` right before the title (沈括《奏議》).
- ``misprints``: ``X`` is a misprinted title of the work; ``X=Y`` is a misprint
  inside a chapter name (神宗來紀 for 神宗本紀).
- ``sections``: the chapter kinds of a standard history (本紀, 列傳, 志, 傳 …).  A
  chapter name must end in one of them; a chapter that *is* one of them
  (《宋史·本傳》, 《遼史·本紀》) needs the entry's context to say which.  ``·X`` is a
  chapter with a name of its own that is no kind (遼史·國語解).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.core.tables import SEEDS, TableError, read_tsv, split_list

WORKS_TSV = SEEDS / "works.tsv"

# Printed separators between a work and its chapter, mapped one char to one char so
# that offsets stay valid after normalisation.
_SECTION_SEPARATORS = "·•・‧･․"
_COMMA_SEPARATORS = "，,"
SEPARATOR = "·"


_FOLD = str.maketrans({ch: SEPARATOR for ch in _SECTION_SEPARATORS})


def fold_separators(text: str) -> str:
    """Map every printed middle dot variant to ``·`` (same length, offsets kept)."""
    return text.translate(_FOLD)


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance; used only to suggest a known title for an unknown one."""
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


@lru_cache(maxsize=4096)
def _nearest(keys: tuple[tuple[int, str, str], ...], title: str) -> str | None:
    """The title of the nearest key within edit distance max(1, len(title) // 2), or None.

    The length difference bounds the distance from below, so keys that cannot come
    close enough are skipped: a long garbled title costs no quadratic comparisons.
    """
    limit = max(1, len(title) // 2)
    best: tuple[int, int, str] | None = None
    for order, key, canonical in keys:
        if abs(len(key) - len(title)) > limit:
            continue
        d = edit_distance(title, key)
        if best is None or (d, order) < best[:2]:
            best = (d, order, canonical)
    if best is None or best[0] > limit:
        return None
    return best[2]


@dataclass(frozen=True)
class Work:
    """One row of seeds/works.tsv."""

    id: str
    title: str
    short_forms: tuple[str, ...]
    misprints: tuple[str, ...]
    section_misprints: tuple[tuple[str, str], ...]
    author: str
    author_forms: tuple[str, ...]
    period: str
    genre: str
    sections: tuple[str, ...]
    chapters: tuple[str, ...]
    section_forms: tuple[str, ...]
    qualified_forms: tuple[str, ...]
    juan_count: int | None
    source: str
    note: str
    kanripo: str = ""  # Kanripo text ID (KR2b0019), verified against the catalogue
    kanripo_checked: str = ""  # what was compared, in which catalogue file, when

    def section_kind(self, section: str) -> str | None:
        """The longest chapter kind ``section`` ends with (夏國傳 → 傳), or None.

        A named chapter that is not a kind (遼史·國語解) is its own kind.
        """
        if section in self.chapters:
            return section
        kinds = [k for k in self.sections if section.endswith(k)]
        return max(kinds, key=len) if kinds else None

    def fix_section(self, section: str) -> tuple[str, bool]:
        """Apply the table's chapter misprints; return (corrected, was_misprinted)."""
        fixed = section
        for wrong, right in self.section_misprints:
            fixed = fixed.replace(wrong, right)
        return fixed, fixed != section


@dataclass
class WorkMatch:
    """What a printed title resolves to.

    ``work`` is None when the title is unknown or needs context (《紀》, 《本傳》, a
    chapter such as 《李憲傳》 printed without its work); ``suggestion`` then names the
    nearest known title, if any is close.
    """

    printed: str
    title: str  # the work part as printed (before ·), separators folded
    work: Work | None
    section: str | None
    misprint: bool
    normalised: str
    suggestion: str | None = None
    needs_context: bool = False
    section_like: bool = False  # unresolved title shaped like a chapter (…傳, …本紀)
    warnings: list[str] = field(default_factory=list)


class WorkTable:
    """The works table with its lookup indexes."""

    def __init__(self, works: list[Work]) -> None:
        self.works = works
        self.by_id: dict[str, Work] = {}
        self._titles: dict[str, tuple[Work, bool]] = {}
        self._section_forms: dict[str, Work] = {}
        self._qualified: dict[str, Work] = {}
        for w in works:
            if w.id in self.by_id:
                raise TableError(f"works: duplicate id {w.id}")
            self.by_id[w.id] = w
            for key, misprint in [(w.title, False)] + [(s, False) for s in w.short_forms] + [
                (m, True) for m in w.misprints
            ]:
                other = self._titles.get(key)
                if other is not None and other[0] is not w:
                    raise TableError(f"works: title form {key} used by {other[0].id} and {w.id}")
                self._titles[key] = (w, misprint)
            for key in w.section_forms:
                if key in self._section_forms:
                    raise TableError(f"works: chapter form {key} used twice")
                self._section_forms[key] = w
            for key in w.qualified_forms:
                if key in self._qualified:
                    raise TableError(f"works: author form {key} used twice")
                self._qualified[key] = w
        self.generic_sections = frozenset(k for w in works for k in w.sections)
        authors: set[str] = set()
        for w in works:
            authors.update(w.author_forms)
            authors.update(q.split("《", 1)[0] for q in w.qualified_forms)
        self.author_forms = tuple(sorted(authors, key=lambda a: (-len(a), a)))

    @classmethod
    def load(cls, path: Path | str | None = None) -> WorkTable:
        """Read seeds/works.tsv (or ``path``)."""
        rows = read_tsv(path or WORKS_TSV)
        works: list[Work] = []
        for row in rows:
            where = f"works.tsv:{row['_line']}"
            if not row.get("id") or not row.get("title"):
                raise TableError(f"{where}: id and title are required")
            juan = row.get("juan_count", "")
            if juan and not juan.isdigit():
                raise TableError(f"{where}: juan_count {juan!r} is not a number")
            shorts, section_forms, qualified = [], [], []
            for form in split_list(row.get("short_forms", "")):
                if form.startswith(SEPARATOR):
                    section_forms.append(form[1:])
                elif "《" in form:
                    qualified.append(form)
                else:
                    shorts.append(form)
            misprints, section_misprints = [], []
            for form in split_list(row.get("misprints", "")):
                if "=" in form:
                    wrong, right = form.split("=", 1)
                    section_misprints.append((wrong.strip(), right.strip()))
                else:
                    misprints.append(form)
            kinds = split_list(row.get("sections", ""))
            works.append(Work(
                id=row["id"], title=row["title"], short_forms=tuple(shorts),
                misprints=tuple(misprints), section_misprints=tuple(section_misprints),
                author=row.get("author", ""),
                author_forms=tuple(split_list(row.get("author_forms", ""))),
                period=row.get("period", ""), genre=row.get("genre", ""),
                sections=tuple(k for k in kinds if not k.startswith(SEPARATOR)),
                chapters=tuple(k[1:] for k in kinds if k.startswith(SEPARATOR)),
                section_forms=tuple(section_forms), qualified_forms=tuple(qualified),
                juan_count=int(juan) if juan else None,
                source=row.get("source", ""), note=row.get("note", ""),
                kanripo=row.get("kanripo", ""), kanripo_checked=row.get("kanripo_checked", ""),
            ))
        return cls(works)

    def get(self, key: str) -> Work | None:
        """A work by id, canonical title or any short form / misprint."""
        if key in self.by_id:
            return self.by_id[key]
        hit = self._titles.get(key.strip("《》"))
        return hit[0] if hit else None

    def author_before(self, text: str, pos: int) -> tuple[int, str] | None:
        """The known author name(s) printed right before ``pos`` (the 《 of a title).

        Several authors joined by 、 (韓、范《文集》, 萬斯同、趙駿烈《紀元彙考》) are
        returned together.  Only names in the table count: an author prefix is data.
        """
        start = pos
        while True:
            hit = self._author_ending_at(text, start)
            if hit is None:
                break
            start -= len(hit)
            if start > 0 and text[start - 1] == "、" and self._author_ending_at(text, start - 1):
                start -= 1
                continue
            break
        return (start, text[start:pos]) if start < pos else None

    def _author_ending_at(self, text: str, end: int) -> str | None:
        """The longest known author form that ends exactly at ``end``."""
        return next((a for a in self.author_forms
                     if len(a) <= end and text.startswith(a, end - len(a))), None)

    def suggest(self, title: str) -> str | None:
        """The canonical title nearest to an unknown ``title`` (edit distance), if close."""
        keys = tuple((order, key, w.title) for order, w in enumerate(self.works)
                     for key in (w.title, *w.short_forms))
        return _nearest(keys, title)

    def resolve_title(self, printed: str, author: str | None = None) -> WorkMatch:
        """Resolve a printed title (with or without 《》) to a work and chapter."""
        inner = fold_separators(printed.strip().removeprefix("《").removesuffix("》").strip())
        warnings: list[str] = []
        if author:
            w = self._qualified.get(f"{author}《{inner}》")
            if w is not None:
                return WorkMatch(printed, inner, w, None, False, w.title)
        hit = self._titles.get(inner)
        if hit is not None:
            w, misprint = hit
            if misprint:
                warnings.append(f"misprint: 《{inner}》 read as 《{w.title}》")
            return WorkMatch(printed, inner, w, None, misprint, w.title, warnings=warnings)
        left, right = inner, None
        if SEPARATOR in inner:
            left, right = inner.split(SEPARATOR, 1)
        else:
            for comma in _COMMA_SEPARATORS:
                head, _, tail = inner.partition(comma)
                if tail and head in self._titles:
                    left, right = head, tail
                    warnings.append(f"《{inner}》: {comma} printed instead of · between "
                                    f"work and chapter")
                    break
        if right is not None:
            hit = self._titles.get(left)
            if hit is None:
                suggestion = self.suggest(left)
                warnings.append(_unknown(left, suggestion))
                return WorkMatch(printed, left, None, right, False, f"{left}{SEPARATOR}{right}",
                                 suggestion=suggestion, warnings=warnings)
            w, misprint = hit
            if misprint:
                warnings.append(f"misprint: 《{left}》 read as 《{w.title}》")
            section, fixed = w.fix_section(right)
            if fixed:
                warnings.append(f"misprint: chapter {right} of {w.title} read as {section}")
            if w.sections and w.section_kind(section) is None:
                warnings.append(f"chapter {section} of {w.title} ends in no chapter kind "
                                f"({'|'.join(w.sections)}); a biography would end in 傳")
            return WorkMatch(printed, left, w, section, misprint or fixed,
                             f"{w.title}{SEPARATOR}{section}",
                             needs_context=section in w.sections, warnings=warnings)
        w = self._section_forms.get(inner)
        if w is not None:
            return WorkMatch(printed, inner, w, inner, False, f"{w.title}{SEPARATOR}{inner}")
        if any(inner.endswith(k) for k in self.generic_sections):
            # a chapter printed without its work (《李憲傳》, 《紀》): the caller knows which
            suggestion = None if inner in self.generic_sections else self.suggest(inner)
            return WorkMatch(printed, inner, None, inner, False, inner, suggestion=suggestion,
                             needs_context=True, section_like=True)
        suggestion = self.suggest(inner)
        warnings.append(_unknown(inner, suggestion))
        return WorkMatch(printed, inner, None, None, False, inner, suggestion=suggestion,
                         warnings=warnings)


def _unknown(title: str, suggestion: str | None) -> str:
    hint = f" (nearest known title: {suggestion})" if suggestion else ""
    return f"unknown work 《{title}》{hint}"


_TABLE: WorkTable | None = None


def default_table() -> WorkTable:
    """The project's works table, read once."""
    global _TABLE
    if _TABLE is None:
        _TABLE = WorkTable.load()
    return _TABLE

"""The committed Kanripo tables, and how a citation finds its juan with them (offline).

Three tables in seeds/, all written by ``kg link kanripo`` from cloned Kanripo
repositories and read by the build, which needs no repository:

- ``kanripo-juan.tsv``: every juan file checked to exist — text ID, juan number
  (from the file's ``JUAN`` header, checked against its title line), file name,
  the title line, the commit read;
- ``kanripo-chapters.tsv``: the chapter headings of each juan (列傳第九十四 ·
  种世衡 · its relatives in the small-print note), from which a printed chapter
  name (《宋史·夏國傳》, 《宋史·種諤傳》, 《遼史·興宗本紀》) resolves to juan;
- ``kanripo-alignments.tsv``: per citation, the passage of the juan the entry
  draws on (offsets into the juan file, score, found / not-found).

The juan a citation links to comes from its printed juan numbers (《長編》三百二十三)
or from its chapter through the chapter table; a chapter name is compared after
normalisation (種諤 / 种諤) and with its kind removed (夏國傳 → 夏國, 神宗本紀 →
神宗 under a 本紀 heading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.core.tables import SEEDS, read_tsv
from kg.knowledge.lexicon import word_lists

JUAN_TSV = SEEDS / "kanripo-juan.tsv"
CHAPTERS_TSV = SEEDS / "kanripo-chapters.tsv"
ALIGN_TSV = SEEDS / "kanripo-alignments.tsv"
REPO_BASE = "https://github.com/kanripo/"
_ORDINAL = re.compile(r"[一二三四五六七八九十上中下]+$")
# chapter kinds as printed in citations → the division heading kind they live under
# the kinds of division of a standard history, and how a printed chapter name ends
# (seeds/word-lists.tsv: chapter-kind, chapter-suffix -> its kind), longest suffix first
_KINDS = word_lists().words("chapter-kind")
_KIND_DIVISION = tuple(sorted(word_lists().values("chapter-suffix").items(),
                              key=lambda pair: len(pair[0]), reverse=True))


def repo_iri(kr_id: str) -> str:
    """The text's repository: https://github.com/kanripo/{ID} (see README)."""
    return REPO_BASE + kr_id


def juan_iri(kr_id: str, file: str, ref: str = "master") -> str:
    """A juan file in the repository; ``ref`` a branch or a commit."""
    return f"{REPO_BASE}{kr_id}/blob/{ref}/{file}"


@dataclass(frozen=True)
class JuanRow:
    kr_id: str
    juan: int
    file: str
    title_line: str
    commit: str


@dataclass(frozen=True)
class ChapterRow:
    kr_id: str
    juan: int
    division: str  # 列傳 / 本紀 / 志 / 二國外紀 … (the kind before 第)
    subject: str  # 夏國上, 神宗三, 种世衡, 西夏
    relatives: str  # the small-print note after a subject: 子古諤誼孫朴師道師中
    basis: str  # header | subheading


@cache
def _norm():
    """One normaliser for the process: it remembers each character it has converted."""
    from kg.linking.align import Normaliser

    return Normaliser()


@cache
def juan_table(path: Path = JUAN_TSV) -> dict[tuple[str, int], JuanRow]:
    if not path.exists():
        return {}
    out: dict[tuple[str, int], JuanRow] = {}
    for r in read_tsv(path):
        row = JuanRow(r["kanripo_id"], int(r["juan"]), r["file"], r["title_line"], r["commit"])
        out.setdefault((row.kr_id, row.juan), row)
    return out


@cache
def chapter_table(path: Path = CHAPTERS_TSV) -> list[ChapterRow]:
    if not path.exists():
        return []
    return [ChapterRow(r["kanripo_id"], int(r["juan"]), r["division"], r["subject"],
                       r.get("relatives", ""), r["basis"]) for r in read_tsv(path)]


@cache
def _forms(row: ChapterRow) -> tuple[str, str, str]:
    """The row's subject, its subject without the ordinal, and its relatives, normalised.

    Once per row: every citation compares its section with every chapter of its work,
    and normalising them for each comparison was most of the time of a small build.
    """
    norm = _norm()
    return (norm.text(row.subject), norm.text(_ORDINAL.sub("", row.subject) or row.subject),
            norm.text(row.relatives))


@cache
def division_kind(division: str) -> str:
    """列傳第九十四 → 列傳; 二國外紀第四十五 → 外紀; 志第七 → 志."""
    head = division.split("第", 1)[0]
    for kind in _KINDS:
        if head.endswith(kind):
            return kind
    return head


def chapter_juan(kr_id: str, section: str, rows: list[ChapterRow] | None = None,
                 ) -> tuple[list[int], str]:
    """The juan of a printed chapter, and the rule that found them ('' when none).

    夏國傳 → the juan whose 列傳 subject is 夏國上/夏國下; 神宗本紀 → 本紀 subjects
    神宗一…; 種諤傳 → the juan of subject 种世衡 whose note lists 諤 (same surname).
    """
    rows = chapter_table() if rows is None else rows
    norm = _norm()
    sec = norm.text(section)
    kind = ""
    for printed, division in _KIND_DIVISION:
        if section.endswith(printed):
            kind, base = division, sec[: -len(printed)]
            break
    else:
        base = sec
    mine = [r for r in rows if r.kr_id == kr_id]
    if not base:
        return [], ""

    def kind_ok(r: ChapterRow) -> bool:
        dk = division_kind(r.division)
        return not kind or dk == kind or (kind == "列傳" and dk in ("外紀", "世家", "載記"))

    exact = sorted({r.juan for r in mine if kind_ok(r)
                    and base in (_forms(r)[1], _forms(r)[0])})
    if exact:
        return exact, "subject"
    if kind != "本紀":
        whole = sorted({r.juan for r in mine if kind_ok(r) and sec in _forms(r)[:2]})
        if whole:
            return whole, "subject"
    if kind == "列傳" and len(base) >= 2:
        surname, given = base[0], base[1:]
        rel = sorted({r.juan for r in mine if kind_ok(r) and (
            base in _forms(r)[2]
            or (_forms(r)[0].startswith(surname) and given in _forms(r)[2]))})
        if rel:
            return rel, "relative"
    return [], ""


@dataclass(frozen=True)
class AlignmentRow:
    entry: str
    citation: int
    where: str  # text file:line of the entry
    work: str
    kr_id: str
    juan: int
    file: str
    start: int
    end: int
    entry_start: int
    entry_end: int
    score: float
    control: float  # the best score of the entry in juan of the work it does not cite
    status: str  # found | not-found
    commit: str


@cache
def alignment_table(path: Path = ALIGN_TSV) -> dict[tuple[str, int], AlignmentRow]:
    if not path.exists():
        return {}
    out = {}
    for r in read_tsv(path):
        row = AlignmentRow(r["entry"], int(r["citation"]), r["where"], r["work"],
                           r["kanripo_id"], int(r["juan"]), r["file"], int(r["start"]),
                           int(r["end"]), int(r["entry_start"]), int(r["entry_end"]),
                           float(r["score"]), float(r["control"]), r["status"],
                           r["commit"])
        out[(row.entry, row.citation)] = row
    return out


def citation_juan(citation: dict, kr_id: str) -> tuple[list[JuanRow], str]:
    """The verified juan a parsed citation points to, and how ('' when none)."""
    table = juan_table()
    juan: list[int] = []
    how = ""
    if citation.get("juan") is not None:
        first = int(citation["juan"])
        last = int(citation.get("juan_end") or first)
        juan = list(range(first, last + 1))
        how = "juan"
    elif citation.get("section") and not citation.get("needs_context"):
        juan, how = chapter_juan(kr_id, citation["section"])
    rows = [table[(kr_id, j)] for j in juan if (kr_id, j) in table]
    return rows, (how if rows else "")

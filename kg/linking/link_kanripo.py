"""`kg link kanripo`: check cited works, juan and passages against cloned Kanripo repositories.

Reads the repositories (work trees or bare git directories, at HEAD) and writes
three tables into seeds/ (see ``kg.linking.kanripo_tables``): the juan checked to exist,
the chapter headings of every juan, and the passage alignment of every citation
of the seed texts whose juan is available.  Only identifiers, numbers, heading
names, offsets and scores are written — never the text of a juan: the Kanripo
texts are read, not redistributed, and the build re-reads them only when given
``--kanripo``.

The works table is checked against the Kanripo catalogue (``--catalogue``): each
Kanripo ID in seeds/works.tsv must name a catalogue entry with the same title
and author after normalisation; the check (catalogue file, heading, extent,
commit, date) is written into the ``kanripo_checked`` column.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.record import EntryRecord
from kg.core.tables import SEEDS, read_tsv
from kg.linking.align import Match, Normaliser, Query, best_passage, control_juan
from kg.linking.kanripo import (
    MAX_NAME,
    MAX_NOTE,
    Catalogue,
    JuanHeader,
    Repo,
    Stripped,
    read_header,
    strip_markup,
)
from kg.linking.kanripo_tables import (
    ALIGN_TSV,
    CHAPTERS_TSV,
    JUAN_TSV,
    ChapterRow,
    JuanRow,
    chapter_juan,
)

WORKS_TSV = SEEDS / "works.tsv"
SMALL_WORK = 60  # a citation without juan is searched in every juan of a work this small


@dataclass
class LinkReport:
    """What ``kg link kanripo`` found, for the command's summary and the README figures."""

    lines: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)


# ------------------------------------------------------------------ works ↔ catalogue


def _names_match(norm: Normaliser, a: str, b: str) -> bool:
    return bool(a) and bool(b) and norm.text(a) == norm.text(b)


def check_works(catalogue: Catalogue, works_path: Path = WORKS_TSV, write: bool = False,
                today: str | None = None) -> LinkReport:
    """Verify every Kanripo ID of the works table against the catalogue; suggest others.

    A suggestion is a catalogue entry whose title *and* author equal the work's
    (after normalisation); it is only written when ``write`` and it is unique.
    """
    from kg.sources.works import WorkTable

    rep = LinkReport()
    norm = Normaliser()
    today = today or dt.date.today().isoformat()
    table = WorkTable.load(works_path)
    updates: dict[str, tuple[str, str]] = {}
    by_title: dict[str, list] = {}
    for entry in catalogue.entries.values():
        by_title.setdefault(norm.text(entry.title), []).append(entry)
    for w in table.works:
        titles = [w.title, *w.short_forms]
        authors = [w.author, *w.author_forms]
        if w.kanripo:
            e = catalogue.entries.get(w.kanripo)
            if e is None:
                rep.errors.append(f"works.tsv: {w.id} {w.title}: {w.kanripo} is not in the "
                                  "catalogue")
                continue
            t_ok = any(_names_match(norm, t, e.title) for t in titles)
            a_ok = not e.author or any(_names_match(norm, a, e.author) for a in authors)
            if not t_ok:
                rep.errors.append(f"works.tsv: {w.id} {w.title}: {w.kanripo} is 《{e.title}》")
                continue
            checked = _checked(e, catalogue, today, a_ok)
            updates[w.id] = (w.kanripo, checked)
            rep.lines.append(f"{w.id}\t{w.title}\t{w.kanripo}\tverified\t{e.heading}")
            continue
        cands = [e for t in titles for e in by_title.get(norm.text(t), [])]
        cands = list({e.kr_id: e for e in cands}.values())
        same_author = [e for e in cands if any(_names_match(norm, a, e.author)
                                              for a in authors)]
        if len(same_author) == 1:
            e = same_author[0]
            rep.lines.append(f"{w.id}\t{w.title}\t{e.kr_id}\tsuggested\t{e.heading}")
            if write:
                updates[w.id] = (e.kr_id, _checked(e, catalogue, today, True))
        elif cands:
            rep.lines.append(f"{w.id}\t{w.title}\t\tambiguous\t"
                             + "; ".join(f"{e.kr_id} {e.heading}" for e in cands))
    if write and updates:
        _rewrite_works(works_path, updates)
    rep.stats["works with a Kanripo ID"] = len(updates)
    return rep


def _checked(e, catalogue: Catalogue, today: str, author_ok: bool) -> str:
    what = ("title matches, the catalogue names no author" if not e.author else
            "title and author match" if author_ok else "title matches, author differs")
    extent = f", {e.extent}" if e.extent else ""
    return (f"{what}: catalogue {e.file} 「{e.heading}」{extent} "
            f"(kanripo/KR-Catalog {catalogue.commit[:7]}), {today}")


def _rewrite_works(path: Path, updates: dict[str, tuple[str, str]]) -> None:
    """Set the kanripo and kanripo_checked cells of the given rows, nothing else."""
    lines = path.read_text(encoding="utf-8").split("\n")
    header_idx = next(i for i, ln in enumerate(lines) if ln and not ln.startswith("#"))
    header = lines[header_idx].split("\t")
    for col in ("kanripo", "kanripo_checked"):
        if col not in header:
            header.append(col)
    lines[header_idx] = "\t".join(header)
    ki, ci = header.index("kanripo"), header.index("kanripo_checked")
    for i in range(header_idx + 1, len(lines)):
        if not lines[i] or lines[i].startswith("#"):
            continue
        cells = lines[i].split("\t")
        cells += [""] * (len(header) - len(cells))
        if cells[0] in updates:
            cells[ki], cells[ci] = updates[cells[0]]
        lines[i] = "\t".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")


# ------------------------------------------------------------------ juan and chapters


@dataclass
class RepoScan:
    repo: Repo
    juan: dict[int, JuanRow]
    chapters: list[ChapterRow]
    problems: list[str]


_DIVISION = re.compile(r"^(.{1,6}?)第[〇一二三四五六七八九十百]+$")


def scan_repo(repo: Repo) -> RepoScan:
    """Read every juan file's header: juan number, title line, chapter headings."""
    files = repo.juan_files()
    texts = repo.read_many(files)
    juan: dict[int, JuanRow] = {}
    chapters: list[ChapterRow] = []
    problems: list[str] = []
    for name in files:
        text = texts[name]
        head = read_header(text)
        if head.juan is None:
            continue  # 目錄, 提要: no juan
        if head.title_juan is not None and head.title_juan != head.juan:
            problems.append(f"{repo.kr_id}/{name}: header says juan {head.juan}, title line "
                            f"{head.title_line!r} says {head.title_juan}: not used")
            continue
        if head.juan in juan:
            continue  # a juan split over two files: the first one holds the title
        juan[head.juan] = JuanRow(repo.kr_id, head.juan, name,
                                  head.title_line or head.juan_label, repo.commit)
        chapters.extend(_chapters(repo.kr_id, head, text))
    return RepoScan(repo, juan, chapters, problems)


def _chapters(kr_id: str, head: JuanHeader, text: str) -> list[ChapterRow]:
    """Chapter rows of one juan: subjects of its heading lines, and sub-headings
    indented like them further down (遼史 卷115: 高麗 at the head, 西夏 later)."""
    assert head.juan is not None  # scan_repo skips a juan file without its number
    rows: list[ChapterRow] = []
    division = ""
    for line in head.headings:
        m = _DIVISION.match(re.sub(r"\s", "", line))
        if m:
            division = m.group(0)
            continue
        for subject, relatives in _subjects(line):
            if len(subject) > MAX_NAME or len(relatives) > MAX_NOTE:
                continue
            rows.append(ChapterRow(kr_id, head.juan, division, subject, relatives, "header"))
    if not rows:
        return rows
    indent = _subject_indent(text, rows[0].subject)
    if indent:
        pat = re.compile("^" + "\u3000" * indent + r"([^\u3000\s()（）¶]{2,6})¶$")
        seen = {r.subject for r in rows}
        for line in text.split("\n"):
            m = pat.match(line)
            if m and m.group(1) not in seen:
                seen.add(m.group(1))
                rows.append(ChapterRow(kr_id, head.juan, division, m.group(1), "",
                                       "subheading"))
    return rows


def _subject_indent(text: str, subject: str) -> int:
    for line in text.split("\n"):
        stripped = line.lstrip("\u3000")
        if stripped.startswith(subject) and len(stripped) <= len(subject) + 30:
            return len(line) - len(stripped)
    return 0


def _subjects(line: str) -> list[tuple[str, str]]:
    """种世衡(子右諤誼孫朴師道師中) → [(种世衡, 子右諤誼孫朴師道師中)];
    蕭　惠(慈實努/)　蕭雅魯(都勒斡/) → [(蕭惠, 慈實努), (蕭雅魯, 都勒斡)]."""
    out: list[tuple[str, str]] = []
    # a lone surname followed by a space and one character is one name (蕭　惠)
    line = re.sub(r"(?<![^\s\u3000])([^\s\u3000()])[\u3000\s]([^\s\u3000()])(?=[\s\u3000(]|$)",
                  r"\1\2", line)
    for m in re.finditer(r"([^\s\u3000()]+)(?:\(([^)]*)\))?", line):
        name = m.group(1)
        rel = (m.group(2) or "").replace("/", "")
        if name:
            out.append((name, rel))
    return out


# ------------------------------------------------------------------ alignment


def _query(rec: EntryRecord, norm: Normaliser) -> Query:
    text = rec["entry_text"]
    keep: list[tuple[int, int]] = []
    for span in (rec.get("headline_span"), rec.get("narrative_span")):
        if span:
            keep.append((span[0], span[1]))
    skip: list[tuple[int, int]] = []
    pos = 0
    for s, e in sorted(keep):
        skip.append((pos, s))
        pos = e
    skip.append((pos, len(text)))
    skip += [(c["start"], c["end"]) for c in rec.get("citations", []) if c.get("start") is not None]
    skip += [(n["start"], n["end"]) for n in rec.get("note_spans", [])]
    skip += [(q["start"], q["end"]) for q in rec.get("quotes", [])]
    return Query.build(text, norm, skip)


@dataclass
class _Juan:
    row: JuanRow
    stripped: Stripped
    normal: str


def link_citations(records: list[EntryRecord], scans: dict[str, RepoScan],
                   works=None) -> tuple[list[dict], dict]:
    """Align every citation whose work has a cloned repository; rows for the table.

    ``works`` is the works table (default: seeds/works.tsv).
    """
    from kg.sources.works import default_table

    works = works or default_table()
    norm = Normaliser()
    juans = _JuanTexts(norm)
    chapters = [c for s in scans.values() for c in s.chapters]
    rows: list[dict] = []
    stats = {"citations of a work with a Kanripo repository": 0, "linked": 0, "found": 0,
             "not-found": 0}
    for rec in records:
        query = None
        for n, c in enumerate(rec.get("citations", []), 1):
            w = works.by_id.get(c.get("work_id") or "")
            if w is None or not w.kanripo or w.kanripo not in scans:
                continue
            scan = scans[w.kanripo]
            stats["citations of a work with a Kanripo repository"] += 1
            cands = _candidate_juan(c, w.kanripo, scan, chapters)
            if not cands:
                continue
            stats["linked"] += 1
            query = query or _query(rec, norm)
            best = _best_juan(query, scan, cands, juans)
            if best is None:
                continue
            jt, m, control = best
            status = "found" if m.found(control) else "not-found"
            stats[status] += 1
            rows.append(_alignment_row(rec, n, w, jt, m, control, status))
    return rows, stats


class _JuanTexts:
    """Juan texts, stripped and normalised once: several citations search one juan."""

    def __init__(self, norm: Normaliser) -> None:
        self.norm = norm
        self.cache: dict[tuple[str, int], _Juan] = {}

    def get(self, scan: RepoScan, j: int) -> _Juan:
        key = (scan.repo.kr_id, j)
        if key not in self.cache:
            row = scan.juan[j]
            st = strip_markup(scan.repo.read(row.file))
            self.cache[key] = _Juan(row, st, self.norm.text(st.text))
        return self.cache[key]


def _candidate_juan(c: dict, kr_id: str, scan: RepoScan, chapters: list) -> list[int]:
    """The juan a citation may be in: those it names, else those of the chapter it
    names; a small work is searched whole, a large one only where the citation points."""
    if c.get("juan") is not None:
        last = c.get("juan_end") or c["juan"]
        return [j for j in range(c["juan"], last + 1) if j in scan.juan]
    if c.get("section") and not c.get("needs_context"):
        cands = [j for j in chapter_juan(kr_id, c["section"], chapters)[0] if j in scan.juan]
        if not cands and len(scan.juan) <= SMALL_WORK:
            cands = sorted(scan.juan)  # a piece of a collection: search it all
        return cands
    if not c.get("section") and len(scan.juan) <= SMALL_WORK:
        return sorted(scan.juan)
    return []


def _best_juan(query: Query, scan: RepoScan, cands: list[int],
               juans: _JuanTexts) -> tuple[_Juan, Match, float] | None:
    """The best passage among the candidates (ties: the lower juan), with the control
    score it must stand out from: the best score in juan the citation does not point
    to, so a phrase common to the whole work is not taken for the passage."""
    scored = []
    for j in cands:
        jt = juans.get(scan, j)
        m = best_passage(query, jt.normal)
        if m is not None:
            scored.append((m.score, -j, jt, m))
    if not scored:
        return None
    scored.sort(key=lambda t: t[:2], reverse=True)
    _, _, jt, m = scored[0]
    controls = [best_passage(query, juans.get(scan, j).normal)
                for j in control_juan(sorted(scan.juan), cands)]
    if len(cands) > 1 and cands == sorted(scan.juan):
        controls.append(scored[1][3] if len(scored) > 1 else None)
    control = max((c.score for c in controls if c is not None), default=0.0)
    return jt, m, control


def _alignment_row(rec: EntryRecord, n: int, w, jt: _Juan, m: Match, control: float,
                   status: str) -> dict:
    """A row of the alignment table: offsets in the juan file as it is in the
    repository, so the passage can be found without this project's stripping."""
    start, end = jt.stripped.file_span(m.start, m.end)
    return {
        "entry": rec["id"], "citation": n, "where": f"{rec['file']}:{rec['line']}",
        "work": w.id, "kanripo_id": w.kanripo, "juan": jt.row.juan,
        "file": jt.row.file, "start": start, "end": end,
        "entry_start": m.q_start, "entry_end": m.q_end,
        "score": f"{m.score:.3f}", "control": f"{control:.3f}",
        "matched": f"{m.matched}/{m.total}",
        "status": status, "commit": jt.row.commit}


# ------------------------------------------------------------------ writing the tables

_JUAN_HEAD = """# Kanripo juan files checked to exist; written by `kg link kanripo`, do not edit.
# juan: the number in the file's JUAN header, equal to the number in its title line
#   (file numbers are not juan numbers: KR2b0019_327.txt holds 卷三百二十三).
# title_line: the line of the file that names the juan, as a check; commit: the commit read.
# The IRI of a juan is https://github.com/kanripo/{kanripo_id}/blob/master/{file}.
"""
_CHAPTER_HEAD = """# Chapter headings of Kanripo juan; written by `kg link kanripo`, do not edit.
# division: the numbered heading (列傳第九十四); subject: a chapter or person named under it;
# relatives: the small-print note after the subject (relatives with their own biography);
# basis: header (the juan's opening lines) or subheading (a line indented like the header
# subject further down the juan).  kg.linking.kanripo_tables.chapter_juan reads it to resolve a
# printed chapter (《宋史·夏國傳》, 《宋史·種諤傳》) to juan.
"""
_ALIGN_HEAD = """# Passage alignment of seed citations; written by `kg link kanripo`, do not edit.
# entry, citation: the citation (xxjd:entry/{entry}/citation/{citation}); where: file:line.
# juan, file, start, end: the passage, as code-point offsets into the juan file at commit.
# entry_start, entry_end: the aligned stretch of the entry text (offsets into xxj:entryText).
# score: share of the entry's distinct character bigrams found in the passage (kg.linking.align);
# control: the best score of the same entry in control juan of the work it does not cite;
# status: found when score, control and matched bigrams pass the thresholds of kg.linking.align.
"""


def _write(path: Path, head: str, columns: list[str], rows: list[dict]) -> None:
    out = [head, "\t".join(columns) + "\n"]
    for r in rows:
        out.append("\t".join(str(r[c]) for c in columns) + "\n")
    path.write_text("".join(out), encoding="utf-8")


def write_tables(scans: dict[str, RepoScan], align_rows: list[dict], seeds: Path = SEEDS,
                 keep_others: bool = True) -> None:
    """Write the three tables; rows of repositories not scanned this time are kept."""
    ids = set(scans)
    juan_rows = [r.__dict__ for s in scans.values() for r in s.juan.values()]
    chap_rows = [r.__dict__ for s in scans.values() for r in s.chapters]
    juan_path, chap_path = seeds / JUAN_TSV.name, seeds / CHAPTERS_TSV.name
    align_path = seeds / ALIGN_TSV.name
    if keep_others:
        juan_rows += _other(juan_path, ids)
        chap_rows += _other(chap_path, ids)
        done = {(r["entry"], str(r["citation"])) for r in align_rows}
        align_rows = align_rows + [r for r in _other(align_path, ids)
                                   if (r["entry"], r["citation"]) not in done]
    for r in juan_rows + chap_rows:
        r.setdefault("kanripo_id", r.get("kr_id"))
    juan_rows.sort(key=lambda r: (r["kanripo_id"], int(r["juan"])))
    chap_rows.sort(key=lambda r: (r["kanripo_id"], int(r["juan"]), r["basis"] != "header"))
    align_rows.sort(key=lambda r: (r["where"].split(":")[0], int(r["where"].split(":")[1]),
                                   r["entry"], int(r["citation"])))
    _write(juan_path, _JUAN_HEAD, ["kanripo_id", "juan", "file", "title_line", "commit"],
           juan_rows)
    _write(chap_path, _CHAPTER_HEAD,
           ["kanripo_id", "juan", "division", "subject", "relatives", "basis"], chap_rows)
    _write(align_path, _ALIGN_HEAD,
           ["entry", "citation", "where", "work", "kanripo_id", "juan", "file", "start", "end",
            "entry_start", "entry_end", "score", "control", "matched", "status", "commit"],
           align_rows)


def _other(path: Path, ids: set[str]) -> list[dict]:
    if not path.exists():
        return []
    return [{k: v for k, v in r.items() if k != "_line"} for r in read_tsv(path)
            if r.get("kanripo_id") not in ids]

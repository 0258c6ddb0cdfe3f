"""Reading Kanripo (Kanseki Repository) texts and catalogue files.

Kanripo publishes one git repository per text (``KR2b0019`` = 續資治通鑑長編), one
file per juan (``KR2b0019_327.txt``).  The file number is *not* the juan number:
the 長編 repository puts two 目錄 files first, so ``KR2b0019_327.txt`` holds 卷三百
二十三.  The juan a file holds is read from its ``#+PROPERTY: JUAN`` header and
checked against the title line of its body (续资治通鉴长编巻三百二十三), never
inferred from the file name.

A file is org-mode text: ``#``-lines of header, then the body with page markers
``<pb:KR2b0019_WYG_327-1a>``, ``¶`` at the end of every printed line, small-print
notes in parentheses, full-width spaces for indentation and ``&KR0776;``
references to characters outside Unicode.  :func:`strip_markup` keeps the
characters of the text and notes and, for each, its code-point offset in the
file, so that an alignment found in the stripped text is published as offsets
into the file itself (what a reader of the repository sees).

Repositories may be given as work trees or as bare git directories; files are
always read at the commit ``HEAD`` points to, which is recorded with every fact
taken from them.  Nothing read here is written into the project: the callers
keep only identifiers, juan numbers, offsets and scores.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from kg.knowledge.lexicon import word_lists
from kg.text.numerals import parse_numeral

KR_ID = re.compile(r"^KR[1-9][a-z]\d{4}$")
_HEADER_PROP = re.compile(r"^#\+PROPERTY:\s*(\S+)\s*(.*?)\s*$")
_HEADER_TITLE = re.compile(r"^#\+TITLE:\s*(.*?)\s*$")
_JUAN_CHARS = "卷巻"
_ENTITY = re.compile(r"&KR\d+;")
_MARKUP = re.compile(r"<[^>]*>|&KR\d+;")
PRIVATE_CHAR = "〓"  # stands for a &KRnnnn; reference in the stripped text
MAX_NAME = 8  # a heading names chapters and persons: longer tokens are running text
# the verbs of a juan header's author line (seeds/word-lists.tsv: author-verb): the line
# ends with one (…修) or has it within its last six characters (…撰 and a note)
_AUTHOR_END = word_lists().with_value("author-verb", "end")
_AUTHOR_NEAR_END = word_lists().with_value("author-verb", "near-end")
MAX_NOTE = 24  # the small-print note after a name lists relatives


class KanripoError(Exception):
    """A directory that is not a readable Kanripo repository."""


def _git(git_dir: Path, *args: str, data: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", f"--git-dir={git_dir}", *args], input=data,
                              capture_output=True, check=False)
    except OSError as exc:  # git missing
        raise KanripoError(f"{git_dir}: cannot run git: {exc}") from exc
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise KanripoError(f"{git_dir}: git {args[0]}: {msg[-1] if msg else 'failed'}")
    return proc.stdout


def _locate(path: Path) -> tuple[Path, Path]:
    """The repository folder and its git directory, from a work tree, a bare git
    directory or a folder holding either as ``repo/``: texts and the catalogue
    are accepted in the same layouts."""
    if (path / ".git").exists():
        return path, path / ".git"
    if (path / "HEAD").is_file() and (path / "objects").is_dir():
        return path, path
    if (path / "repo").is_dir():
        return _locate(path / "repo")
    raise KanripoError(f"{path}: not a git work tree or bare git directory")


@dataclass
class Repo:
    """One Kanripo text repository (work tree or bare git directory), read at HEAD."""

    path: Path
    git_dir: Path
    kr_id: str
    commit: str
    branch: str
    _names: list[str] = field(default_factory=list, repr=False)

    @classmethod
    def open(cls, path: Path) -> Repo:
        path, git_dir = _locate(Path(path))
        commit = _git(git_dir, "rev-parse", "HEAD").decode().strip()
        branch = _git(git_dir, "rev-parse", "--abbrev-ref", "HEAD").decode().strip()
        names = _git(git_dir, "ls-tree", "--name-only", "HEAD").decode("utf-8").split("\n")
        names = sorted(n for n in names if n)
        ids = sorted({n.split("_", 1)[0] for n in names if "_" in n and n.endswith(".txt")})
        ids = [i for i in ids if KR_ID.match(i)]
        if len(ids) != 1:
            raise KanripoError(f"{path}: expected the juan files of one Kanripo text "
                               f"(KRxxnnnn_nnn.txt), found {ids or 'none'}")
        return cls(path=path, git_dir=git_dir, kr_id=ids[0], commit=commit, branch=branch,
                   _names=names)

    def juan_files(self) -> list[str]:
        """The juan files of the text (``KR2b0019_327.txt`` …), sorted."""
        return [n for n in self._names
                if n.startswith(self.kr_id + "_") and n.endswith(".txt")]

    def read(self, name: str) -> str:
        """A file's text at the recorded commit."""
        return self.read_many([name])[name]

    def read_many(self, names: list[str]) -> dict[str, str]:
        """Several files at the recorded commit, through one ``git cat-file`` process."""
        if not names:
            return {}
        req = "".join(f"{self.commit}:{n}\n" for n in names).encode("utf-8")
        out = _git(self.git_dir, "cat-file", "--batch", data=req)
        result: dict[str, str] = {}
        pos = 0
        for name in names:
            nl = out.index(b"\n", pos)
            head = out[pos:nl].decode()
            if head.endswith("missing"):
                raise KanripoError(f"{self.path}: {name} not found at {self.commit}")
            size = int(head.split()[2])
            result[name] = out[nl + 1:nl + 1 + size].decode("utf-8")
            pos = nl + 1 + size + 1
        return result


@dataclass(frozen=True)
class JuanHeader:
    """What a juan file says about itself: its text, juan label and number, title line."""

    kr_id: str
    title: str
    juan_label: str
    juan: int | None
    title_line: str
    title_juan: int | None
    headings: tuple[str, ...]


def _clean_line(line: str) -> str:
    return _MARKUP.sub("", line).replace("¶", "").strip(" \t\u3000")


def juan_number(label: str) -> int | None:
    """卷三百二十三 / 巻十六 / 3 → the number; 目録上 and the like → None."""
    label = label.strip()
    if label.isdigit():
        return int(label)
    for ch in _JUAN_CHARS:
        if ch in label:
            tail = label.split(ch, 1)[1]
            m = re.match(r"第?([〇零一二三四五六七八九十百千]+)", tail)
            return parse_numeral(m.group(1)) if m else None
    return None


def read_header(text: str) -> JuanHeader:
    """The org header and the first lines of a juan file.

    ``headings`` are the short lines between the title/author lines and the first
    line of running text (列傳第九十四 / 种世衡(子…) / 夏國上): the chapter titles.
    """
    title, label, kr_id = "", "", ""
    body: list[str] = []
    for line in text.split("\n"):
        if line.startswith("#"):
            m = _HEADER_TITLE.match(line)
            if m:
                title = m.group(1)
            m = _HEADER_PROP.match(line)
            if m and m.group(1) == "JUAN":
                label = m.group(2)
            if m and m.group(1) == "ID":
                kr_id = m.group(2)
            continue
        body.append(line)
    title_line, title_juan, headings = "", None, []
    started = False
    for raw in body[:40]:
        line = _clean_line(raw)
        if not line:
            continue
        if not title_line and any(c in line for c in _JUAN_CHARS):
            n = juan_number(line)
            if n is not None:
                title_line, title_juan = line, n
                continue
        if not title_line:
            continue
        if not started and (line.endswith(_AUTHOR_END)
                            or any(w in line[-6:] for w in _AUTHOR_NEAR_END)):
            continue
        plain = re.sub(r"\([^)]*\)", "", line)
        tokens = [t for t in re.split(r"[\s\u3000]+", plain) if t]
        notes = re.findall(r"\(([^)]*)\)", line)
        if (len(plain) > 14 and (len(tokens) < 2 or max(map(len, tokens)) > MAX_NAME)) or any(
                len(n) > MAX_NOTE for n in notes) or "(" in plain or ")" in plain:
            break  # running text: a long line that is not a list of names
        started = True
        headings.append(line)
    return JuanHeader(kr_id=kr_id, title=title, juan_label=label, juan=juan_number(label),
                      title_line=title_line, title_juan=title_juan, headings=tuple(headings))


@dataclass(frozen=True)
class Stripped:
    """The characters of a juan without markup, each with its offset in the file."""

    text: str
    offsets: tuple[int, ...]  # offsets[i] = code-point offset in the file of text[i]
    file_length: int

    def file_span(self, start: int, end: int) -> tuple[int, int]:
        """File offsets (start inclusive, end exclusive) of stripped text[start:end]."""
        if end <= start:
            raise ValueError("empty span")
        return self.offsets[start], self.offsets[end - 1] + 1


def strip_markup(text: str) -> Stripped:
    """Drop the header, page markers, ¶, spaces, parentheses and slashes of notes.

    A ``&KRnnnn;`` reference becomes one :data:`PRIVATE_CHAR` at the offset of its
    ``&``; every other kept character keeps its own offset.
    """
    chars: list[str] = []
    offs: list[int] = []
    pos = 0
    n = len(text)
    at_line_start = True
    while pos < n:
        ch = text[pos]
        if at_line_start and ch == "#":
            nl = text.find("\n", pos)
            pos = n if nl < 0 else nl + 1
            continue
        at_line_start = ch == "\n"
        if ch == "<":
            close = text.find(">", pos)
            if close > 0:
                pos = close + 1
                continue
        if ch == "&":
            m = _ENTITY.match(text, pos)
            if m:
                chars.append(PRIVATE_CHAR)
                offs.append(pos)
                pos = m.end()
                continue
        if ch.isspace() or ch in "¶()（）/\u3000" or ch.isascii():
            pos += 1
            continue
        chars.append(ch)
        offs.append(pos)
        pos += 1
    return Stripped("".join(chars), tuple(offs), n)


# --------------------------------------------------------------------- catalogue


@dataclass(frozen=True)
class CatalogueEntry:
    """One text of the Kanripo catalogue: ``*** KR2a0032 宋史-元-托克托``."""

    kr_id: str
    title: str
    dynasty: str
    author: str
    heading: str
    extent: str
    file: str
    line: int


_CAT_HEAD = re.compile(r"^\*\*\*\s+(KR[1-9][a-z]\d{4})\s+(.*?)\s*$")
_CAT_EXTENT = re.compile(r"^:EXTENT:\s*(.*?)\s*$")


def parse_catalogue(text: str, file: str = "") -> list[CatalogueEntry]:
    """Every ``*** KRxxnnnn title-dynasty-author`` heading of a catalogue file."""
    out: list[CatalogueEntry] = []
    pending: dict | None = None
    for lineno, line in enumerate(text.split("\n"), 1):
        m = _CAT_HEAD.match(line)
        if m:
            if pending:
                out.append(CatalogueEntry(**pending))
            heading = m.group(2)
            parts = heading.split("-")
            pending = {"kr_id": m.group(1), "title": parts[0],
                       "dynasty": parts[1] if len(parts) > 1 else "",
                       "author": "-".join(parts[2:]) if len(parts) > 2 else "",
                       "heading": heading, "extent": "", "file": file, "line": lineno}
            continue
        m = _CAT_EXTENT.match(line.strip())
        if m and pending and not pending["extent"]:
            pending["extent"] = m.group(1)
        if line.startswith("*** ") or line.startswith("** "):
            if pending:
                out.append(CatalogueEntry(**pending))
                pending = None
    if pending:
        out.append(CatalogueEntry(**pending))
    return out


@dataclass
class Catalogue:
    """The catalogue repository (KR/KR2a.txt …), read at HEAD."""

    path: Path
    commit: str
    entries: dict[str, CatalogueEntry]

    @classmethod
    def open(cls, path: Path) -> Catalogue:
        path, git_dir = _locate(Path(path))
        commit = _git(git_dir, "rev-parse", "HEAD").decode().strip()
        names = _git(git_dir, "ls-tree", "-r", "--name-only", "HEAD").decode().split("\n")
        names = sorted(n for n in names if re.match(r"^KR/KR\d[a-z]\.txt$", n))
        if not names:
            raise KanripoError(f"{path}: no catalogue files KR/KRnx.txt")
        entries: dict[str, CatalogueEntry] = {}
        req = "".join(f"{commit}:{n}\n" for n in names).encode()
        out = _git(git_dir, "cat-file", "--batch", data=req)
        pos = 0
        for name in names:
            nl = out.index(b"\n", pos)
            size = int(out[pos:nl].split()[2])
            text = out[nl + 1:nl + 1 + size].decode("utf-8")
            pos = nl + 1 + size + 1
            for e in parse_catalogue(text, name):
                entries.setdefault(e.kr_id, e)
        return cls(path=path, commit=commit, entries=entries)

    def find_title(self, title: str) -> list[CatalogueEntry]:
        return [e for e in self.entries.values() if e.title == title]

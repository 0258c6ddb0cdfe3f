"""The README's promises hold: its commands run, and what it shows is what they print.

Every fenced command block of README.md is run against the seed build (in a scratch
folder that holds links to seeds/ and queries/ and the session's out/), unless it is
listed in ``SKIPPED`` with the reason; a block that shows a transcript (``$ command``
followed by output, ``…`` for lines left out) must print those lines in that order.
The table of example queries must name every query of queries/, and the first rows it
shows must be the first rows of the query's answer on the seeds (each word of a shown
row is found in the values of the answer's row at the same place; rows after ``…`` are
the last ones).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from kg.query.engine import select_rows
from kg.sources.readings import searchable

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

# Blocks that are not run, by a phrase of their first line, and why.
SKIPPED = {
    "make build": "runs the whole test suite (make test) and the build the session "
                  "fixture already makes (make build); it would run this test again",
    "pip install 'oxigraph": "installs and starts an Oxigraph server (network and a server "
                             "process; tests/test_stores.py does this where it can)",
    "isql-vt": "needs a Virtuoso server with a DBA password (tests/test_stores.py)",
    "curl -X PUT": "needs a Graph Store Protocol server at a host of the reader's choosing",
    "kg link kanripo --catalogue": "needs clones of the Kanripo catalogue and texts "
                                   "(tests/test_kanripo.py uses small git fixtures)",
    "kg link authority --cbdb": "needs the reader's CBDB, CHGIS and Wikidata dumps "
                                "(tests/test_link_authority.py uses small fixtures)",
}
# Words of the README that stand for the reader's own file: such a line is not run.
PLACEHOLDERS = ("my-juan.txt", "my-graph.ttl", "my.rq")


def _blocks() -> list[tuple[int, str]]:
    """(line number, text) of every fenced block that holds commands."""
    out: list[tuple[int, str]] = []
    lines = README.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        if lines[i].startswith("```"):
            lang = lines[i][3:].strip()
            start = i + 1
            i += 1
            while not lines[i].startswith("```"):
                i += 1
            body = "\n".join(lines[start:i])
            if lang == "sh" or body.lstrip().startswith("$ "):
                out.append((start, body))
        i += 1
    return out


BLOCKS = _blocks()


def _skip_reason(body: str) -> str | None:
    for phrase, reason in SKIPPED.items():
        if phrase in body:
            return reason
    return None


@pytest.fixture(scope="module")
def workdir(built, tmp_path_factory) -> Path:
    out, _ = built
    work = tmp_path_factory.mktemp("readme")
    for name in ("seeds", "queries"):
        (work / name).symlink_to(ROOT / name)
    (work / "out").symlink_to(out)
    return work


def _run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}"
                                 f"{os.environ.get('PATH', '')}"}
    return subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300, check=False)


def _commands(body: str) -> list[str]:
    """Shell commands of a block; a line ending in an open quote continues."""
    commands: list[str] = []
    current = ""
    for line in body.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        current = f"{current}\n{line}" if current else line
        try:
            shlex.split(current, comments=True)
        except ValueError:  # an open quote: the command goes on
            continue
        commands.append(current)
        current = ""
    return commands


def test_the_readme_has_command_blocks():
    assert len(BLOCKS) >= 6
    assert all(any(phrase in body for _, body in BLOCKS) for phrase in SKIPPED)


@pytest.mark.parametrize("block", BLOCKS, ids=[f"line{n}" for n, _ in BLOCKS])
def test_command_block_runs(block, workdir):
    _, body = block
    reason = _skip_reason(body)
    if reason:
        pytest.skip(reason)
    if body.lstrip().startswith("$ "):
        _check_transcript(body, workdir)
        return
    for command in _commands(body):
        if any(p in command for p in PLACEHOLDERS):
            continue
        done = _run(command, workdir)
        assert done.returncode == 0, (command, done.stderr[-2000:])
        assert done.stdout.strip(), command


def _check_transcript(body: str, workdir: Path) -> None:
    """``$ cmd`` then the lines it prints, in order (``…`` for lines left out)."""
    parts = re.split(r"^\$ (.+)$", body, flags=re.M)
    for command, shown in zip(parts[1::2], parts[2::2], strict=True):
        done = _run(command, workdir)
        real = [line.strip() for line in (done.stdout + done.stderr).splitlines()]
        pos = 0
        for line in shown.strip("\n").splitlines():
            if line.strip() in ("…", "..."):
                continue
            assert line.strip() in real[pos:], (command, line)
            pos = real.index(line.strip(), pos) + 1


# --------------------------------------------------------------------------- the query table

def _query_table() -> dict[str, str]:
    rows: dict[str, str] = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| `(\d\d-[a-z0-9-]+)` \| [^|]+ \| (.+) \|$", line)
        if m:
            rows[m.group(1)] = m.group(2)
    return rows


TABLE = _query_table()


def test_the_table_names_every_example_query():
    assert sorted(TABLE) == sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))


def _words(shown: str) -> list[str]:
    return [w for w in re.split(r"[\s()（）/·;→…–]+", shown) if w]


@pytest.mark.parametrize("stem", sorted(TABLE))
def test_first_rows_in_the_table_are_the_answers(stem, built):
    out, _ = built
    rows = select_rows((ROOT / "queries" / f"{stem}.rq").read_text(encoding="utf-8"),
                       data=[out / "xixiaji.nt"])
    # compared in searchable form: the README cannot show a private-use character
    real = [searchable(" ".join(r.values())) for r in rows]
    head, _, tail = TABLE[stem].partition(" … ")
    shown_head = [x.strip() for x in head.split(" · ") if x.strip()]
    shown_tail = [x.strip() for x in tail.split(" · ") if x.strip()]
    expected = list(zip(shown_head, real, strict=False))
    expected += list(zip(shown_tail, real[len(real) - len(shown_tail):], strict=False))
    assert len(real) >= len(shown_head) + len(shown_tail), stem
    for shown, row in expected:
        missing = [w for w in _words(searchable(shown)) if w not in row]
        assert not missing, (stem, shown, row, missing)

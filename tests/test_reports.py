"""`kg sources` and `kg report` give the real file:line:col, and keep findings off the table."""

from __future__ import annotations

import re

from click.testing import CliRunner

from kg.cli.main import main
from kg.cli.sources_report import file_position, sources_report

from .conftest import SEED_FILES

FINDING = re.compile(r"^\S+:\d+:\d+: (warning|error|info): ")


def _char_at(path, line: int, col: int, n: int) -> str:
    return path.read_text(encoding="utf-8").split("\n")[line - 1][col - 1:col - 1 + n]


def test_file_position_counts_lines_and_columns_of_the_entry_text():
    rec = {"line": 5, "col": 30, "entry_text": "甲乙\n丙丁戊\n己"}
    assert file_position(rec, 0) == (5, 30)
    assert file_position(rec, 1) == (5, 31)
    assert file_position(rec, 3) == (6, 1)
    assert file_position(rec, 5) == (6, 3)
    assert file_position(rec, 7) == (7, 1)


def test_doubtful_citations_are_placed_where_the_citation_is_printed():
    path = SEED_FILES["1043"]
    lines, findings = sources_report([path])
    rows = lines[lines.index("doubtful citations:") + 1:]
    assert rows[0] == (f"{path.relative_to(path.parents[2])}:52:164\tmisprint\t《宋史·餘靖傳》"
                       "\t→ 宋史·余靖傳")
    for row in rows:
        where, _, raw = row.split("\t")[:3]
        line, col = map(int, where.rsplit(":", 2)[1:])
        assert _char_at(path, line, col, len(raw)) == raw, row
    # findings are apart from the table
    assert not any(FINDING.match(x) for x in lines)
    assert findings and all(FINDING.match(x) for x in findings)


def test_kg_sources_prints_findings_on_stderr_only():
    res = CliRunner().invoke(main, ["sources", str(SEED_FILES["1043"])])
    assert res.exit_code == 0
    assert not any(FINDING.match(x) for x in res.stdout.splitlines())
    assert any(FINDING.match(x) for x in res.stderr.splitlines())
    assert res.stdout.splitlines()[0] == "work\tentries"


def test_unresolved_names_are_placed_where_they_are_written():
    path = SEED_FILES["1061"]
    res = CliRunner().invoke(main, ["report", str(path)])
    assert res.exit_code == 0
    rows = res.stdout.splitlines()[1:]
    checked = 0
    for row in rows:
        name, _, _, locations = row.split("\t")
        for where in locations.removesuffix(" …").split():
            line, col = map(int, where.rsplit(":", 2)[1:])
            assert _char_at(path, line, col, len(name)) == name, (name, where)
            checked += 1
    assert checked >= 10

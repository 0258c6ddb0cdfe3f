"""One registry of finding codes (kg/core/finding_codes.py), and ``kg dates`` reading it."""

from __future__ import annotations

import re
from pathlib import Path

from kg.cli.chronology_report import chronology_lines
from kg.core.finding_codes import CODES, DATE_CODES, SCANNED

KG = Path(__file__).resolve().parent.parent / "kg"
CRAFTED = Path(__file__).resolve().parent / "fixtures" / "crafted"
# the code is the first string argument of a finding, or the third of located(chron, at, …)
EMITTED = re.compile(r"(?:DateFinding|Finding|\.finding|InputError)\(\s*\"([a-z][a-z0-9-]+)\""
                     r"|\b_?located\(\s*[^,()]+,\s*[^,()]+(?:\([^()]*\))?[^,()]*,\s*\"([a-z][a-z0-9-]+)\""
                     r"|\bcode = \"([a-z][a-z0-9-]+)\"", re.S)


def emitted_codes() -> dict[str, str]:
    out = {}
    for path in sorted(KG.glob(SCANNED)):
        for m in EMITTED.finditer(path.read_text(encoding="utf-8")):
            out[next(g for g in m.groups() if g)] = str(path.relative_to(KG))
    return out


def test_every_emitted_code_is_registered():
    found = emitted_codes()
    assert {"unknown-era", "year-from-sequence", "no-citation", "leading-fragment",
            "heading-disagreement", "start-year-inferred", "empty"} <= set(found)
    assert {c: m for c, m in found.items() if c not in CODES} == {}


def test_the_date_codes_include_the_era_findings():
    assert {"unknown-era", "ambiguous-era", "era-year-out-of-range",
            "era-chronology-fallback", "era-misprint"} <= DATE_CODES


def test_kg_dates_prints_an_unknown_era():
    lines, fatal = chronology_lines(CRAFTED / "misprinted_era.txt")
    assert not fatal
    found = [line for line in lines if line.endswith("[unknown-era]")]
    assert len(found) == 1 and ":8:1: warning: 大按 is not a known Xia era" in found[0]


def test_a_bad_row_of_the_registry_names_its_line(tmp_path):
    import pytest

    from kg.core.finding_codes import _load
    from kg.core.tables import TableError

    table = tmp_path / "finding_codes.tsv"
    table.write_text("code\tcategory\tmeaning\nempty\tinput\tno text\nodd\tweather\train\n",
                     encoding="utf-8")
    with pytest.raises(TableError, match=r"^finding_codes\.tsv:3: "):
        _load(table)
    table.write_text("code\tcategory\tmeaning\nempty\tinput\tno text\nempty\tinput\tagain\n",
                     encoding="utf-8")
    with pytest.raises(TableError, match=r"^finding_codes\.tsv:3: "):
        _load(table)

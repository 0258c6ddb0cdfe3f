"""`kg parse` on chronicle files it has never seen (tests/fixtures/crafted/*).

The expected citation pieces follow the citation parser: a list of biographies
(…任福、王珪等傳) gives one citation a name, and 等傳 belongs to none of them
(tricky_parens.expected.json was edited for that after make_crafted.py wrote it).

Each file was written from the layout rules of DOMAIN.md for years outside the
seeds; its sidecar .expected.json holds the exact entries a reader expects.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.pipeline.run import parse_file

CRAFTED = Path(__file__).resolve().parent / "fixtures" / "crafted"
GOOD = sorted(p for p in CRAFTED.glob("*.txt") if not p.name.startswith(("bad_", "empty")))
FIELDS = ("headline", "narrative", "year_heading", "era", "era_year", "ce_year", "month",
          "leap", "season", "month_explicit", "day_ganzhi")


def _expected(path: Path) -> dict:
    return json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))


def _raw_citations(rec: dict) -> list[str]:
    return [c["raw"] for c in rec["citations"]]


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_crafted_entries(path):
    exp = _expected(path)
    result = parse_file(path, start_year=exp.get("start_year"), with_entities=False)
    got = [{k: rec[k] for k in FIELDS} for rec in result.records]
    want = [{k: e[k] for k in FIELDS} for e in exp["entries"]]
    assert got == want
    assert [_raw_citations(r) for r in result.records] == [
        e["citations_raw"] for e in exp["entries"]]
    assert [r["notes"] for r in result.records] == [e["notes"] for e in exp["entries"]]
    assert [[{k: v[k] for k in ("form", "variant", "kind", "attributed_to")}
             for v in r["variants"]] for r in result.records] == [
        e["variants"] for e in exp["entries"]]


@pytest.mark.parametrize("path", GOOD + sorted(CRAFTED.glob("bad_unbalanced.txt")),
                         ids=lambda p: p.name)
def test_crafted_rebuild(path):
    result = parse_file(path, with_entities=False)
    assert result.chronicle.rebuild().encode("utf-8") == path.read_bytes()


def test_unbalanced_parentheses_reported_and_rest_parsed():
    path = CRAFTED / "bad_unbalanced.txt"
    exp = _expected(path)
    result = parse_file(path, with_entities=False)
    assert result.fatal
    errors = [(f.line, f.col, f.code) for f in result.findings if f.severity == "error"]
    assert errors == [(e["line"], e["col"], e["kind"]) for e in exp["errors"]]
    assert [r["headline"] for r in result.records] == [e["headline"] for e in exp["entries"]]


@pytest.mark.parametrize("name", ["bad_encoding.gbk", "bad_binary.bin", "empty.txt"])
def test_unreadable_inputs(name):
    path = CRAFTED / name
    exp = json.loads((CRAFTED / (path.stem + ".expected.json")).read_text(encoding="utf-8"))
    result = parse_file(path, with_entities=False)
    assert result.fatal and result.records == []
    assert [f.code for f in result.findings] == [exp["error"]]

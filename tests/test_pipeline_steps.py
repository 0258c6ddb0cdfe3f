"""The declared pipeline (kg.pipeline.steps.STEPS) says what each step really does.

Each step runs over records that log which keys are read; the keys a step changes
are found by comparing the records before and after it.  A step that reads or
writes a key it does not declare, or declares a read that no earlier step writes,
fails here, so the table in steps.py cannot drift from the code.
"""

from __future__ import annotations

import copy
import json
from itertools import zip_longest
from pathlib import Path
from typing import Any

import pytest

from kg.pipeline.run import parse_data
from kg.pipeline.steps import STEPS, Document, enrich, steps
from kg.text.parse import parse_source
from kg.text.source import decode

ROOT = Path(__file__).resolve().parent.parent
SEED_TEXTS = sorted((ROOT / "seeds" / "texts").glob("*.txt"))
CRAFTED = ROOT / "tests" / "fixtures" / "crafted"
# (file, --start-year): a headingless text dated from outside derives its eras
FILES = [(p, None) for p in SEED_TEXTS] + [
    (CRAFTED / "headingless.txt", 1104), (CRAFTED / "misprinted_era.txt", None),
    (CRAFTED / "leap_and_shisui.txt", None), (CRAFTED / "tricky_parens.txt", None)]


class Logged(dict):
    """A record that remembers which of its keys were read."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def pop(self, key: str, *default: Any) -> Any:
        self.read.add(key)
        return super().pop(key, *default)


def _snapshot(records: list[dict]) -> list[dict[str, str]]:
    return [{k: json.dumps(v, ensure_ascii=False, sort_keys=True, default=str)
             for k, v in r.items()} for r in records]


def _changed(before: list[dict[str, str]], after: list[dict[str, str]]) -> set[str]:
    keys: set[str] = set()
    for b, a in zip_longest(before, after, fillvalue={}):
        keys |= {k for k in a if b.get(k) != a[k]} | (set(b) - set(a))
    return keys


def _observe(path: Path, start_year: int | None) -> dict[str, tuple[set[str], set[str]]]:
    """For each step: the keys it read and the keys it changed, on one file."""
    doc = Document(parse_source(decode(path.read_bytes(), path.name)), "t", start_year)
    seen: dict[str, tuple[set[str], set[str]]] = {}
    for step in STEPS:
        doc.records = [Logged(r) for r in doc.records]
        before = _snapshot(doc.records)
        step.run(doc)
        read = set().union(*(r.read for r in doc.records if isinstance(r, Logged)))
        seen[step.name] = (read, _changed(before, _snapshot(doc.records)))
    return seen


@pytest.fixture(scope="module")
def observed() -> dict[str, tuple[set[str], set[str]]]:
    total: dict[str, tuple[set[str], set[str]]] = {s.name: (set(), set()) for s in STEPS}
    for path, start_year in FILES:
        for name, (read, wrote) in _observe(path, start_year).items():
            total[name][0].update(read)
            total[name][1].update(wrote)
    return total


def test_the_steps_in_order():
    assert [s.name for s in STEPS] == ["records", "dates", "inline", "sources", "names",
                                       "readings", "ids", "shared-sources", "entities"]
    assert [s.name for s in steps(with_entities=False)] == [
        "records", "dates", "inline", "sources", "readings", "ids", "shared-sources"]


def test_a_step_reads_only_what_an_earlier_step_wrote():
    written: set[str] = set()
    for step in STEPS:
        assert set(step.reads) <= written, (step.name, set(step.reads) - written)
        written |= set(step.writes)


def test_each_step_writes_exactly_what_it_declares(observed):
    for step in STEPS:
        _, wrote = observed[step.name]
        assert wrote <= set(step.writes), (step.name, wrote - set(step.writes))
    # on these files every declared write happens somewhere
    assert {s.name: set(s.writes) - observed[s.name][1] for s in STEPS
            if set(s.writes) - observed[s.name][1]} == {}


def test_each_step_reads_only_what_it_declares(observed):
    for step in STEPS:
        read, _ = observed[step.name]
        assert read <= set(step.reads) | set(step.writes), (
            step.name, read - set(step.reads) - set(step.writes))


def test_enrich_is_the_steps_run_in_order():
    path = CRAFTED / "headed_fullwidth.txt"
    records, _ = enrich(parse_source(decode(path.read_bytes(), path.name)), "x")
    via_file = parse_data(path.read_bytes(), path.name, "x").records
    assert copy.deepcopy(records) == via_file
    assert [r["id"] for r in records] == [r["id"] for r in via_file]

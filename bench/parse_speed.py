"""Parse time on adversarial inputs: a single 1 MB line, deep nesting, stray parentheses.

Each case is parsed the way `kg parse` parses a file (``kg.pipeline.run.parse_data``:
decode, structural parse, dates, sources, readings, names), in a fresh interpreter
so that one case's caches do not help the next, and the best of ``--runs`` runs is
reported.  Goal (issue 15): each case ≤ 2 s on the development machine, i.e. time
linear in the input whatever its nesting.  The times are merged into out/bench.json
as ``parse_speed`` (other keys are kept).  "structure s" is the structural parse
alone (kg.text.parse: segments, entries, parentheses), the part that must never be
super-linear; the rest is enrichment, whose names extractor costs tens of
microseconds per character of headline and narrative.

    python bench/parse_speed.py            # all cases
    python bench/parse_speed.py --runs 1   # quicker
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1_000_000
HEADING = "西夏稱大安八年\n"


def _seed_prose() -> str:
    """The seed texts' prose without parentheses and line breaks."""
    text = "".join(p.read_text(encoding="utf-8")
                   for p in sorted((ROOT / "seeds" / "texts").glob("*.txt")))
    return re.sub(r"（[^（）]*）", "", text).replace("\n", "").replace("西夏稱", "")


def _fill(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def cases() -> dict[str, str]:
    """Name → text of each case (about 1 MB unless the name says otherwise)."""
    prose = _seed_prose()
    return {
        # one line, one entry: a narrative that never reaches a closing citation
        "1MB-line-one-entry": HEADING + "春正月，" + _fill(prose.replace("。", "，"), MB),
        # one line of the seed texts' entries run together (about 2,000 headlines)
        "1MB-line-run-on-entries": HEADING + _fill(prose, MB),
        "1MB-line-one-character": HEADING + "春正月，" + "夏" * MB,
        "1MB-line-stray-openers": HEADING + "春正月，" + "（" * MB,
        "1MB-line-stray-closers": HEADING + "春正月，" + "）" * MB,
        "1MB-line-numeral-in-citation": HEADING + "春正月，攻宋。（《長編》" + "一" * MB + "）",
        "900-deep-x-300k": HEADING + "春正月，攻宋。"
        + _fill("（" * 900 + "夏" * 100 + "）" * 900, 300_000),
        "5000-deep": HEADING + "春正月，攻宋。" + "（" * 5000 + "夏" + "）" * 5000,
        "50000-deep": HEADING + "春正月，攻宋。" + "（" * 50_000 + "夏" + "）" * 50_000,
    }


_CHILD = """
import sys, time
sys.path.insert(0, {root!r})
from kg.pipeline.run import parse_data
from kg.entities.entity_step import load_authority_names
from kg.text.parse import parse_source
from kg.text.source import decode
load_authority_names()  # the tables are read once per process, not per file
parse_data("西夏稱大安八年 春正月，攻宋。（《長編》三百）".encode(), "w.txt", "w")  # warm up
data = sys.stdin.buffer.read()
t = time.perf_counter()
parse_source(decode(data, "case.txt"))
structure = time.perf_counter() - t
t = time.perf_counter()
result = parse_data(data, "case.txt", "case")
elapsed = time.perf_counter() - t
assert result.chronicle is not None and result.chronicle.rebuild().encode() == data
print(elapsed, structure, len(result.records))
"""


def time_case(text: str) -> tuple[float, float, int]:
    """(seconds of the whole parse, seconds of the structural parse alone, entries)."""
    out = subprocess.run([sys.executable, "-c", _CHILD.format(root=str(ROOT))],
                         input=text.encode("utf-8"), capture_output=True, check=True)
    elapsed, structure, entries = out.stdout.split()
    return float(elapsed), float(structure), int(entries)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--goal", type=float, default=2.0)
    ap.add_argument("--out", type=Path, default=ROOT / "out")
    args = ap.parse_args()
    results: dict[str, dict[str, float]] = {}
    missed = []
    print(f"{'case':32} {'chars':>9} {'entries':>8} {'parse s':>8} {'structure s':>12}")
    for name, text in cases().items():
        best, structure, entries = min(time_case(text) for _ in range(args.runs))
        results[name] = {"parse_s": round(best, 3), "structure_s": round(structure, 3),
                         "entries": entries}
        flag = "" if best <= args.goal else f"  > {args.goal} s"
        missed += [name] if flag else []
        print(f"{name:32} {len(text):9d} {entries:8d} {best:8.2f} {structure:12.2f}{flag}",
              flush=True)
    from bench.fuzz import merge_bench

    merge_bench(args.out / "bench.json", {"parse_speed": results})
    if missed:
        print(f"over the goal of {args.goal} s: {', '.join(missed)}")
    return 0


if __name__ == "__main__":
    t0 = time.perf_counter()
    code = main()
    print(f"({time.perf_counter() - t0:.0f} s)")
    sys.exit(code)

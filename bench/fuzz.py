"""`make fuzz`: the long run of the seeded mutation fuzzer (tests/fuzzing.py).

Runs ``--count`` inputs (default 10,000) from ``--seed``, prints a summary by kind of
failure, saves each failing input under out/fuzz-failures/ (to replay with
`kg parse`), and merges ``fuzz_inputs``, ``fuzz_failures`` and ``fuzz_seed`` into
out/bench.json without touching its other keys.  Exits 1 when anything failed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzzing import run  # noqa: E402


def merge_bench(path: Path, values: dict) -> None:
    """Add ``values`` to the JSON object in ``path`` (created if missing), keeping the rest."""
    data: dict = {}
    if path.exists():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}
    data.update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seconds", type=float, default=30.0, help="time box per input")
    ap.add_argument("--long-chars", type=int, default=8000,
                    help="length of the long lines some mutations make")
    ap.add_argument("--out", type=Path, default=ROOT / "out")
    args = ap.parse_args()
    t0 = time.perf_counter()
    done, failures = 0, []
    step = 500
    for first in range(0, args.count, step):
        n = min(step, args.count - first)
        # each block has its own seed so that a failure can be replayed quickly
        _, fails = run(args.seed * 1_000_003 + first, n, args.seconds, args.long_chars,
                       report=lambda f, first=first: print(
                           f"failure at input {first + f.index}: {f.kind}: {f.message[:200]}",
                           file=sys.stderr, flush=True))
        for f in fails:
            f.index += first
        failures += fails
        done += n
        print(f"… {done} inputs, {len(failures)} failures, "
              f"{time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    failed_inputs = sorted({f.index for f in failures})
    where = args.out / "fuzz-failures"
    for old in where.glob("input-*.txt"):  # inputs of an earlier run
        old.unlink()
    if failures:
        where.mkdir(parents=True, exist_ok=True)
        for f in failures:
            (where / f"input-{f.index:05d}.txt").write_bytes(f.data)
        kinds = Counter(f"{f.kind}: {f.message[:120]}" for f in failures)
        for kind, n in kinds.most_common():
            print(f"{n:6d}  {kind}")
        print(f"failing inputs saved in {where}")
    merge_bench(args.out / "bench.json", {
        "fuzz_inputs": done, "fuzz_failures": len(failed_inputs), "fuzz_seed": args.seed})
    print(f"fuzz: {done} inputs, {len(failed_inputs)} failing, "
          f"{time.perf_counter() - t0:.0f} s (seed {args.seed})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

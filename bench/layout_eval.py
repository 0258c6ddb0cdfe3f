"""Entry precision/recall/F1 and CE-year accuracy over the layout-transformed seeds.

    python bench/layout_eval.py

Each seed text is rewritten into the layouts of other editions (bench/layouts.py)
and parsed; the seed layout's own parse is the reference.  Prints one line per text
and layout, then the totals.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.layouts import evaluate  # noqa: E402


def main() -> int:
    scores = evaluate()
    print(f"{'text/layout':48} {'truth':>5} {'found':>5} {'P':>6} {'R':>6} {'year':>6} exit")
    for s in scores:
        year = s.year_right / s.truth if s.truth else 0.0
        print(f"{s.name:48} {s.truth:5} {s.found:5} {s.precision:6.3f} {s.recall:6.3f} "
              f"{year:6.3f} {1 if s.fatal else 0}")
    # the totals leave out the seed layout itself (it is the reference)
    scores = [s for s in scores if not s.name.endswith("/seed")]
    truth = sum(s.truth for s in scores)
    found = sum(s.found for s in scores)
    matched = sum(s.matched for s in scores)
    right = sum(s.year_right for s in scores)
    p = matched / found if found else 0.0
    r = matched / truth if truth else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    fatal = sum(1 for s in scores if s.fatal)
    print(f"\nover {len(scores)} transformed texts (the seed layout left out):")
    print(f"entries: truth {truth}, found {found}, matched {matched}")
    print(f"precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")
    print(f"CE year right (of the true entries) {right / truth:.3f}")
    print(f"texts exiting 1: {fatal} of {len(scores)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The precision/recall table the name benches print (bench/headline_names.py,
bench/mention_accuracy.py), from true-positive, false-positive and false-negative
counts per entity type."""

from __future__ import annotations


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def report(counts: dict[str, dict[str, int]], types: tuple[str, ...]) -> list[str]:
    """One line per type and a line "all" summing them: gold, found, tp, precision, recall."""
    out = [f"{'type':8} {'gold':>5} {'found':>6} {'tp':>5} {'precision':>10} {'recall':>7}"]
    total = {"tp": 0, "fp": 0, "fn": 0}
    for t in (*types, "all"):
        c = total if t == "all" else counts[t]
        if t != "all":
            for k in total:
                total[k] += c[k]
        gold_n, found_n = c["tp"] + c["fn"], c["tp"] + c["fp"]
        out.append(f"{t:8} {gold_n:5d} {found_n:6d} {c['tp']:5d} "
                   f"{_ratio(c['tp'], found_n):10.3f} {_ratio(c['tp'], gold_n):7.3f}")
    return out

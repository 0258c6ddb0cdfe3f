"""Real-data measurement of the Kanripo links (needs cloned Kanripo repositories).

    python bench/kanripo_alignment.py --kanripo DIR [--kanripo DIR …] [--out FILE]

Re-runs the whole `kg link kanripo` pipeline in memory on the seed texts (without
writing the tables) and prints: how many citations of 長編/宋史/遼史/金史 link to a
verified juan, how many linked citations have a found passage, the distribution of
scores and control scores (what chance reaches in juan a citation does not cite), and
the time taken.  The figures in the README come from this script; the unit tests pin
the same figures from the committed tables, offline.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.core.manifest import load_manifest  # noqa: E402
from kg.linking.kanripo import KanripoError, Repo  # noqa: E402
from kg.linking.link_kanripo import link_citations, scan_repo  # noqa: E402
from kg.pipeline.run import parse_file  # noqa: E402

MAIN_WORKS = {"w001": "長編", "w002": "宋史", "w003": "遼史", "w004": "金史"}


def _quantiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    v = sorted(values)
    return {"min": v[0], "median": statistics.median(v), "p90": v[int(0.9 * (len(v) - 1))],
            "max": v[-1]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kanripo", action="append", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=None, help="write the figures as JSON")
    args = ap.parse_args()
    t0 = time.perf_counter()
    try:
        repos = [Repo.open(d) for d in args.kanripo]
    except KanripoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    scans = {r.kr_id: scan_repo(r) for r in repos}
    t1 = time.perf_counter()
    records = []
    for info in load_manifest().texts:
        records += parse_file(info.path, text_id=info.id, with_entities=False).records
    t2 = time.perf_counter()
    rows, stats = link_citations(records, scans)
    t3 = time.perf_counter()
    aligned = {(r["entry"], r["citation"]): r for r in rows}
    per_work: dict[str, list[int]] = {w: [0, 0, 0] for w in MAIN_WORKS}
    for rec in records:
        for n, c in enumerate(rec["citations"], 1):
            w = c.get("work_id")
            if w in per_work:
                per_work[w][0] += 1
                row = aligned.get((rec["id"], n))
                per_work[w][1] += row is not None
                per_work[w][2] += row is not None and row["status"] == "found"
    total = sum(v[0] for v in per_work.values())
    linked = sum(v[1] for v in per_work.values())
    figures = {
        "repositories": {r.kr_id: r.commit for r in repos},
        "citations of 長編/宋史/遼史/金史": total,
        "linked to a verified juan": linked,
        "linked %": round(100 * linked / total, 1) if total else None,
        "per work (citations, linked, found)": {MAIN_WORKS[w]: v for w, v in per_work.items()},
        "aligned (all works with a repository)": len(rows),
        "found": stats["found"],
        "found % of aligned": round(100 * stats["found"] / len(rows), 1) if rows else None,
        "citation-not-found": stats["not-found"],
        "score (found)": _quantiles([float(r["score"]) for r in rows
                                     if r["status"] == "found"]),
        "control score": _quantiles([float(r["control"]) for r in rows]),
        "seconds": {"scan repositories": round(t1 - t0, 2), "parse seeds": round(t2 - t1, 2),
                    "align": round(t3 - t2, 2)},
    }
    text = json.dumps(figures, ensure_ascii=False, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Precision and recall of person and place mentions against a hand-annotated sample.

Usage: python bench/mention_accuracy.py [--gold FILE] [--seeds-dir DIR] [--verbose]

The gold file (tests/fixtures/annotated_mentions.tsv) lists, for a sample of
physical lines of the seed texts, every person and place mention with its
code-point span in the line.  The extractor runs on each annotated line with
the real authority tables, the CE year of the line (from the file name's first
year and the 西夏稱… year headings) and, as ``known_in_entry``, the entities of
the line before (the headline, for a narrative line).  A prediction counts when
span and type both match exactly.  The figures are measured, not asserted:
they change whenever the authority tables grow.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import scores  # noqa: E402  (bench/scores.py, beside this file)

from kg.core.tables import read_tsv  # noqa: E402
from kg.entities.authority import Authority  # noqa: E402
from kg.entities.mentions import extract_mentions  # noqa: E402

GOLD = ROOT / "tests" / "fixtures" / "annotated_mentions.tsv"
TEXTS = ROOT / "seeds" / "texts"
TYPES = ("person", "place")
_HEADING = re.compile(r"^\s*(?:西夏稱|夏稱)")


def line_years(path: Path) -> dict[int, int]:
    """CE year of every line: the file's first year, +1 at each later year heading."""
    m = re.match(r"xxj-(\d{3,4})-", path.name)
    if not m:
        raise ValueError(f"{path.name}: cannot read the first year from the file name")
    year = int(m.group(1)) - 1
    years: dict[int, int] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if _HEADING.match(line):
            year += 1
        years[n] = max(year, int(m.group(1)))
    return years


def load_gold(path: Path) -> dict[tuple[str, int], set[tuple[int, int, str]]]:
    gold: dict[tuple[str, int], set[tuple[int, int, str]]] = defaultdict(set)
    for row in read_tsv(path):
        gold[(row["file"], int(row["line"]))].add((int(row["start"]), int(row["end"]),
                                                     row["type"]))
    return gold


def evaluate(gold_path: Path = GOLD, seeds_dir: Path | None = None
             ) -> tuple[dict[str, dict[str, int]], list[str]]:
    """Counts per type (tp, fp, fn) and a listing of the errors."""
    authority = Authority.load(seeds_dir)
    gold = load_gold(gold_path)
    counts = {t: {"tp": 0, "fp": 0, "fn": 0} for t in TYPES}
    errors: list[str] = []
    lines_cache: dict[str, list[str]] = {}
    years_cache: dict[str, dict[int, int]] = {}
    for (file, lineno) in sorted(gold):
        path = TEXTS / file
        if file not in lines_cache:
            lines_cache[file] = path.read_text(encoding="utf-8").split("\n")
            years_cache[file] = line_years(path)
        lines = lines_cache[file]
        year = years_cache[file][lineno]
        known: set[str] = set()
        prev = lineno - 1
        if prev >= 1 and lines[prev - 1].strip() and not _HEADING.match(lines[prev - 1]):
            known = {m.id for m in extract_mentions(lines[prev - 1], year, authority, "line")
                     if m.id}
        line = lines[lineno - 1]
        found = {(m.start, m.end, m.type)
                 for m in extract_mentions(line, year, authority, "line", known)
                 if m.type in TYPES}
        expected = gold[(file, lineno)]
        for span in sorted(found | expected):
            s, e, t = span
            if span in found and span in expected:
                counts[t]["tp"] += 1
            elif span in found:
                counts[t]["fp"] += 1
                errors.append(f"FP {file}:{lineno} {t} {line[s:e]} [{s}:{e}]")
            else:
                counts[t]["fn"] += 1
                errors.append(f"FN {file}:{lineno} {t} {line[s:e]} [{s}:{e}]")
    return counts, errors


def report(counts: dict[str, dict[str, int]]) -> list[str]:
    return scores.report(counts, TYPES)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--seeds-dir", type=Path, default=None,
                    help="directory of the authority tables (default seeds/entities)")
    ap.add_argument("--verbose", action="store_true", help="list every FP and FN")
    args = ap.parse_args(argv)
    counts, errors = evaluate(args.gold, args.seeds_dir)
    print("\n".join(report(counts)))
    if args.verbose:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

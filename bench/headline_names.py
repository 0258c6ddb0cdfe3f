"""Precision and recall of headline names per type on a held-out set of headlines.

Usage: python bench/headline_names.py [--gold FILE] [--seeds-dir DIR] [--verbose]

The gold file (tests/fixtures/heldout_headlines.tsv) holds headlines composed in the
chronicle's style about years the seed excerpts do not cover, each with its names
and their types (person, polity, group, place).  It is self-made (see its header):
it measures how much of the whole Western Xia period the authority tables and the
rules cover, not the accuracy on real unseen pages.  The extractor runs on each
headline with its CE year and the tables of ``--seeds-dir`` (default
seeds/entities); a predicted name counts when its text and type match a gold name
of the same headline (as multisets: a name written twice counts twice).  Found
names the tables do not resolve (office-title, place-suffix rules) count as found.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import scores  # noqa: E402  (bench/scores.py, beside this file)

from kg.core.tables import TableError, read_tsv  # noqa: E402
from kg.entities.authority import Authority  # noqa: E402
from kg.entities.mentions import extract_mentions  # noqa: E402

GOLD = ROOT / "tests" / "fixtures" / "heldout_headlines.tsv"
TYPES = ("person", "polity", "group", "place")


def load_gold(path: Path) -> list[tuple[str, int, str, Counter]]:
    """(id, year, headline, Counter of (text, type)) per row; a malformed cell is an error."""
    out = []
    for row in read_tsv(path):
        names: Counter = Counter()
        for cell in row["names"].split("|"):
            text, _, etype = cell.strip().rpartition(":")
            if not text or etype not in TYPES:
                raise TableError(f"{path}:{row['_line']}: bad name {cell!r}")
            if text not in row["headline"]:
                raise TableError(f"{path}:{row['_line']}: {text} is not in the headline")
            names[(text, etype)] += 1
        out.append((row["id"], int(row["year"]), row["headline"], names))
    return out


def evaluate(gold_path: Path = GOLD, seeds_dir: Path | None = None
             ) -> tuple[dict[str, dict[str, int]], list[str]]:
    """Counts per type (tp, fp, fn) and a listing of the errors."""
    authority = Authority.load(seeds_dir)
    counts = {t: {"tp": 0, "fp": 0, "fn": 0} for t in TYPES}
    errors: list[str] = []
    for hid, year, headline, gold in load_gold(gold_path):
        found = Counter((m.text, m.type)
                        for m in extract_mentions(headline, year, authority, "headline")
                        if m.type in TYPES and m.context in ("", "title"))
        for key in sorted(set(found) | set(gold)):
            tp = min(found[key], gold[key])
            counts[key[1]]["tp"] += tp
            counts[key[1]]["fp"] += found[key] - tp
            counts[key[1]]["fn"] += gold[key] - tp
            if found[key] > tp:
                errors.append(f"FP {hid} {key[1]} {key[0]}  ({headline})")
            if gold[key] > tp:
                errors.append(f"FN {hid} {key[1]} {key[0]}  ({headline})")
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
    try:
        counts, errors = evaluate(args.gold, args.seeds_dir)
    except TableError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print("\n".join(report(counts)))
    if args.verbose:
        print("\n".join(errors))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Reading the curated tables in seeds/ (TSV with a header row and # comments).

Curated knowledge lives in data files that historians edit; code only reads them.
Errors carry the file and line so that a bad row is easy to find.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path

# The curated data beside the package; KG_SEEDS names another seeds folder (its
# ontology/ and shapes/ are read from beside it), e.g. to try edited tables.
SEEDS = Path(os.environ.get("KG_SEEDS") or Path(__file__).resolve().parents[2] / "seeds"
             ).resolve()


class TableError(ValueError):
    """A seeds table that cannot be read as documented."""


def read_tsv(path: Path | str) -> list[dict[str, str]]:
    """Rows of a tab-separated table as dicts; blank lines and #-lines are skipped.

    Each row also gets the key ``_line`` (its 1-based line number) for messages.
    """
    path = Path(path)
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    with path.open(encoding="utf-8", newline="") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
            if header is None:
                header = [c.strip() for c in cells]
                continue
            if len(cells) != len(header):
                # a missing cell would shift or drop a value silently (a person losing
                # polity and dates): every row has exactly the header's cells, empty or not
                raise TableError(f"{path}:{lineno}: {len(cells)} cells, the header has "
                                 f"{len(header)} (separate every cell with one tab, empty "
                                 "cells included)")
            row = {k: v.strip() for k, v in zip(header, cells)}
            row["_line"] = str(lineno)
            rows.append(row)
    if header is None:
        raise TableError(f"{path}: no header row")
    return rows


def optional_int(row: dict[str, str], column: str, where: str, what: str = "a number"
                 ) -> int | None:
    """The whole number in a cell of a row of :func:`read_tsv`, None when the cell is
    empty; a cell that holds anything else is a TableError naming the file and line."""
    value = row.get(column, "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise TableError(f"{where}:{row['_line']}: {column} {value!r} is not {what}") from None


def split_list(cell: str) -> list[str]:
    """Split a multi-valued cell (values separated by |)."""
    return [v.strip() for v in cell.split("|") if v.strip()]

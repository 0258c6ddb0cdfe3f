"""Every finding code the parser and the chronology emit, in one registry.

The registry is the table ``finding_codes.tsv`` beside this module.  Reports that
pick findings by kind (``kg dates`` shows the date findings) read the
kinds from here, so that a code renamed or added where it is emitted cannot silently
drop out of a report: ``tests/test_finding_codes.py`` checks that every code written
in the modules matched by ``SCANNED`` is registered.

Categories: ``input`` (the file cannot be read), ``structure`` (where entries are),
``date`` (years, eras, months, days), ``citation`` (closing citations and works),
``names`` (the authority data).
"""

from __future__ import annotations

from pathlib import Path

from kg.core.tables import TableError, read_tsv

TABLE = Path(__file__).with_name("finding_codes.tsv")
CATEGORIES = ("input", "structure", "date", "citation", "names")


def _load(path: Path = TABLE) -> dict[str, tuple[str, str]]:
    """code → (category, meaning), in the table's order; a bad row is a TableError."""
    codes: dict[str, tuple[str, str]] = {}
    for row in read_tsv(path):
        code, category = row["code"], row["category"]
        if code in codes or category not in CATEGORIES or not row["meaning"]:
            raise TableError(f"{path.name}:{row['_line']}: a code must be new, of one of "
                             f"the categories {', '.join(CATEGORIES)}, with a meaning")
        codes[code] = (category, row["meaning"])
    return codes


CODES: dict[str, tuple[str, str]] = _load()

# the modules whose emitted codes tests/test_finding_codes.py checks against CODES
SCANNED = "**/*.py"  # every module of the package is scanned by the registry test


def codes_of(category: str) -> frozenset[str]:
    """All registered codes of one category."""
    return frozenset(c for c, (cat, _) in CODES.items() if cat == category)


DATE_CODES = codes_of("date")

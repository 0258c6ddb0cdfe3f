"""`kg report`: names seen but not resolved, so that the authority data can grow.

Each location is the ``file:line:col`` where the name is written (as in the findings),
not the line its entry begins on.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from kg.cli.sources_report import file_position
from kg.core.findings import Finding
from kg.pipeline.run import parse_file


def unresolved_lines(paths: list[Path], errors: list[Finding] | None = None) -> list[str]:
    """The report's lines; a file that cannot be read adds its error to ``errors``."""
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in paths:
        result = parse_file(path)
        if result.chronicle is None and errors is not None:
            errors.extend(f for f in result.findings if f.severity == "error")
        for rec in result.records:
            for m in rec.get("mentions", []):
                if m.get("id") is None:
                    line, col = file_position(rec, m["estart"])
                    where[(m["text"], m["type"])].append(f"{rec['file']}:{line}:{col}")
    lines = ["name\ttype\tcount\tlocations"]
    for (name, kind), locs in sorted(where.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(f"{name}\t{kind}\t{len(locs)}\t{' '.join(locs[:5])}"
                     + (" …" if len(locs) > 5 else ""))
    return lines

"""`kg sources`: every cited work with its entry count; doubtful citations with locations.

The table (stdout) and the findings (stderr) are kept apart, so that the table can be
read by a program; every location is the ``file:line:col`` of the citation itself, as
in the findings, not the line the entry begins on.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from kg.core.findings import Finding
from kg.core.record import EntryRecord
from kg.linking.kanripo_graph import passage_findings
from kg.pipeline.run import parse_file


def file_position(rec: EntryRecord, offset: int) -> tuple[int, int]:
    """1-based (line, column) in the file of a code-point offset into the entry text."""
    before = rec["entry_text"][:offset]
    newlines = before.count("\n")
    if not newlines:
        return rec["line"], rec["col"] + offset
    return rec["line"] + newlines, offset - before.rfind("\n")


def sources_report(
    paths: list[Path], errors: list[Finding] | None = None
) -> tuple[list[str], list[str]]:
    """The table of works and doubtful citations, and the citation findings apart.

    A file that cannot be read adds its error to ``errors`` (the caller exits non-zero).
    """
    counts: Counter[str] = Counter()
    doubtful: list[tuple[str, int, int, str]] = []
    findings: list[str] = []
    for path in paths:
        result = parse_file(path, with_entities=False)
        if result.chronicle is None and errors is not None:
            errors.extend(f for f in result.findings if f.severity == "error")
        for rec in result.records:
            works = {c["work"] for c in rec["citations"]}
            counts.update(works)
            for c in rec["citations"]:
                if c.get("misprint") or not c.get("resolved"):
                    what = "misprint" if c.get("misprint") else "unresolved"
                    line, col = file_position(rec, c.get("start") or 0)
                    read_as = c["work"] + ("·" + c["section"] if c.get("section") else "")
                    doubtful.append((rec["file"], line, col, f"{what}\t{c['raw']}\t→ {read_as}"))
        findings += [f.format() for f in result.findings if f.code.startswith("citation")]
        for rec in result.records:
            findings += [f.format() for f in passage_findings(rec)]
    lines = ["work\tentries"]
    lines += [f"{w}\t{n}" for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines.append("")
    lines.append("doubtful citations:")
    lines += [f"{file}:{line}:{col}\t{rest}" for file, line, col, rest in doubtful]
    return lines, findings


def sources_lines(paths: list[Path]) -> list[str]:
    """The table alone (see ``sources_report``)."""
    return sources_report(paths)[0]

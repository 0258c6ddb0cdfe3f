"""`kg sources`: every cited work with its entry count; doubtful citations with locations."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from kg.findings import Finding
from kg.kanripo_graph import passage_findings
from kg.pipeline import parse_file


def sources_lines(paths: list[Path], errors: list[Finding] | None = None) -> list[str]:
    """The report's lines; a file that cannot be read adds its error to ``errors``."""
    counts: Counter[str] = Counter()
    doubtful: list[str] = []
    not_found: list[str] = []
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
                    doubtful.append(f"{rec['file']}:{rec['line']}\t{what}\t{c['raw']}\t→ "
                                    f"{c['work']}{'·' + c['section'] if c.get('section') else ''}")
        doubtful += [f.format() for f in result.findings if f.code.startswith("citation")]
        for rec in result.records:
            not_found += [f.format() for f in passage_findings(rec)]
    lines = ["work\tentries"]
    lines += [f"{w}\t{n}" for w, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    lines.append("")
    lines.append("doubtful citations:")
    lines += doubtful
    lines.append("")
    lines.append("citations whose juan holds no matching passage (seeds/kanripo-alignments.tsv):")
    lines += not_found
    return lines

"""The pipeline in one place: read → parse → enrich (dates, sources, readings, names).

Both `kg parse` and `kg build` call ``parse_file``; nothing else strings the
stages together, so their order is visible here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.findings import Finding
from kg.manifest import TextInfo, load_manifest
from kg.parse import Chronicle, parse_source
from kg.source import InputError, read_source


@dataclass
class ParseResult:
    """Records of one file plus everything found wrong or doubtful in it."""

    text_id: str
    records: list[dict] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    chronicle: Chronicle | None = None
    fatal: bool = False  # the records are incomplete or wrong


def text_info_for(path: Path) -> TextInfo | None:
    try:
        return load_manifest().by_path(path)
    except (OSError, ValueError):
        return None


def _display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def parse_file(path: Path, start_year: int | None = None, text_id: str | None = None,
               with_entities: bool = True) -> ParseResult:
    """Parse and enrich one chronicle file; never raises on bad input."""
    from kg.enrich import enrich

    # the manifest is read only when the caller did not say which text this is
    info = text_info_for(path) if text_id is None else None
    tid = text_id or (info.id if info else path.stem)
    result = ParseResult(text_id=tid)
    try:
        source = read_source(path, _display_name(path))
    except InputError as exc:
        result.findings.append(Finding(exc.kind, exc.message, exc.file, exc.line, exc.col,
                                       "error"))
        result.fatal = True
        return result
    chron = parse_source(source)
    result.chronicle = chron
    if start_year is None and info is not None and not any(y.heading for y in chron.years):
        start_year = info.start_year
    records, findings = enrich(chron, tid, start_year=start_year, with_entities=with_entities)
    result.records = records
    result.findings = sorted(chron.errors + chron.warnings + findings,
                             key=lambda f: (f.line, f.col, f.code))
    result.fatal = bool(chron.errors) or any(f.severity == "error" for f in findings)
    return result

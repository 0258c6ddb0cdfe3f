"""One file through the pipeline: read → decode → structural parse → the steps.

Both `kg parse` and `kg build` call ``parse_file``; the steps after the structural
parse, and the record keys each reads and writes, are declared in
``kg.pipeline.steps.STEPS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.core.findings import Finding
from kg.core.manifest import TextInfo, load_manifest
from kg.core.record import EntryRecord
from kg.text.parse import Chronicle, parse_source
from kg.text.source import DEFAULT_MAX_BYTES, InputError, SourceText, decode, read_bytes


@dataclass
class ParseResult:
    """Records of one file plus everything found wrong or doubtful in it."""

    text_id: str
    records: list[EntryRecord] = field(default_factory=list)
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
               with_entities: bool = True, max_bytes: int | None = DEFAULT_MAX_BYTES
               ) -> ParseResult:
    """Parse and enrich one chronicle file; never raises on bad input.

    A file larger than ``max_bytes`` (None: no limit) is refused before it is read whole.
    """
    # the manifest is read only when the caller did not say which text this is
    info = text_info_for(path) if text_id is None else None
    tid = text_id or (info.id if info else path.stem)
    name = _display_name(path)
    try:
        data = read_bytes(path, name, max_bytes)
    except InputError as exc:
        return _refused(tid, exc)
    fallback = info.start_year if info is not None else None
    return parse_data(data, name, tid, start_year, with_entities, fallback)


def _refused(text_id: str, exc: InputError) -> ParseResult:
    result = ParseResult(text_id=text_id, fatal=True)
    result.findings.append(Finding(exc.kind, exc.message, exc.file, exc.line, exc.col, "error"))
    return result


def parse_data(data: bytes, name: str, text_id: str, start_year: int | None = None,
               with_entities: bool = True, manifest_start_year: int | None = None
               ) -> ParseResult:
    """Decode, parse and enrich the bytes of one file (what `kg parse` does after
    reading it); never raises on bad input.  ``manifest_start_year`` is used only for
    a text without year headings when no ``start_year`` is given."""
    try:
        source = decode(data, name)
    except InputError as exc:
        return _refused(text_id, exc)
    return parse_decoded(source, text_id, start_year, with_entities, manifest_start_year)


def parse_decoded(source: SourceText, tid: str, start_year: int | None = None,
                  with_entities: bool = True, manifest_start_year: int | None = None
                  ) -> ParseResult:
    """Parse and enrich decoded text (the part of :func:`parse_data` after decoding)."""
    from kg.pipeline.steps import enrich

    result = ParseResult(text_id=tid)
    chron = parse_source(source)
    result.chronicle = chron
    if start_year is None and not any(y.heading for y in chron.years):
        start_year = manifest_start_year
    records, findings = enrich(chron, tid, start_year=start_year, with_entities=with_entities)
    result.records = records
    result.findings = sorted(chron.errors + chron.warnings + findings,
                             key=lambda f: (f.line, f.col, f.code))
    result.fatal = bool(chron.errors) or any(f.severity == "error" for f in findings)
    return result

"""`kg validate`: any RDF file(s) against the shapes, with the build's fast engine.

The shapes describe the **asserted** graph (``out/xixiaji.*``): its closed
shapes list the properties and classes the data model publishes, so the OWL-RL
entailments (``out/inferred.*``: CIDOC-CRM, SEM, PROV typings, inverse and super
properties) would each be reported as a Violation — 9,907 on the seeds.  Input
that holds entailments is therefore refused with a message that says so: a
file named ``inferred.*``, a file whose hash the build marker lists for
``inferred.*``, or data typed with ``crm:E5_Event`` (a class only reasoning adds).
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path("out")
DEFAULT = OUT / "xixiaji.ttl"
_ENTAILED_MARK = "E5_Event"  # rdf:type crm:E5_Event is only ever entailed, never asserted


def run(data: list[Path], shapes_path: Path | None) -> tuple[int, str, str]:
    """Exit code (0 conforms; 1 a Violation, unreadable or refused input), report, error."""
    from kg.check.validate import InputError, read_for_validation, validate_files
    from kg.core.outdir import IncompleteBuild, check_dump, read_marker
    from kg.publish.build import SHAPES_DIR

    paths = list(data)
    if not paths:
        if not DEFAULT.is_file():
            return 1, "", (f"kg: error: {DEFAULT}: no such file: run `kg build` first "
                           "(or name the files to validate)")
        try:
            check_dump(OUT, DEFAULT.name, read_marker(OUT))
        except IncompleteBuild as exc:
            return 1, "", f"kg: error: {exc}"
        paths = [DEFAULT]
    for p in paths:
        why = _entailed(p)
        if why:
            return 1, "", (f"kg: error: {p}: {why}; the shapes describe the asserted graph "
                           "(out/xixiaji.ttl, .nt, .nq or .jsonld), which is what `kg "
                           "validate` checks: validate that without the entailments")
    try:
        shapes = _load_shapes(shapes_path or SHAPES_DIR)
    except InputError as exc:
        return 1, "", str(exc)
    try:
        read = read_for_validation(paths)
        if _ENTAILED_MARK in read[0]:
            return 1, "", (f"kg: error: {', '.join(map(str, paths))}: the data holds OWL-RL "
                           "entailments (crm:E5_Event typings); the shapes describe the "
                           "asserted graph (out/xixiaji.*): validate that without them")
        report = validate_files(paths, shapes, read)
    except InputError as exc:
        return 1, "", str(exc)
    return (0 if report.conforms else 1), report.summary(_source_lines(paths)), ""


def _entailed(path: Path) -> str | None:
    """Why ``path`` holds entailments, from its name or the build marker beside it."""
    if path.name.startswith("inferred."):
        return "holds the OWL-RL entailments only (out/inferred.*)"
    marker = path.parent / "build.json"
    if not marker.is_file() or not path.is_file():
        return None
    try:
        files = json.loads(marker.read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError):
        return None
    size = path.stat().st_size
    inferred = [e for name, e in files.items() if name.startswith("inferred.")
                and isinstance(e, dict) and e.get("bytes") == size]
    if inferred:
        from kg.core.outdir import sha256_file

        if any(e.get("sha256") == sha256_file(path) for e in inferred):
            return "is a copy of the OWL-RL entailments (out/inferred.*)"
    return None


def _load_shapes(path: Path):
    from rdflib import Graph

    from kg.check.shape_terms import load_rdf_dir
    from kg.check.validate import InputError

    if not path.exists():
        raise InputError(f"{path}: error: no such shapes file or folder")
    try:
        return load_rdf_dir(path) if path.is_dir() else Graph().parse(path, format="turtle")
    except Exception as exc:  # noqa: BLE001 - rdflib parsers raise many kinds
        raise InputError(f"{path}: error: cannot read the shapes: "
                         f"{' '.join(str(exc).split())[:200]}") from None


def _source_lines(paths: list[Path]) -> dict[str, str]:
    """Entry and event IRIs → ``file:line``, from the parse records beside the data
    (``out/entries.jsonl``), so the report places each focus node as the build's does."""
    from kg.terms import iri

    lines: dict[str, str] = {}
    for folder in sorted({p.parent for p in paths}):
        records = folder / "entries.jsonl"
        if not records.is_file():
            continue
        try:
            with records.open(encoding="utf-8") as fh:
                for raw in fh:
                    rec = json.loads(raw)
                    where = f"{rec['file']}:{rec['line']}"
                    lines[iri.entry(rec["id"])] = lines[iri.event(rec["id"])] = where
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return lines

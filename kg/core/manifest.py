"""The manifest of input texts (seeds/manifest.toml): which files, their IDs and first years.

The manifest is edited by hand, so every way it can be wrong is reported as
``manifest.toml:line: message`` (:class:`ManifestError`) before anything is built.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kg.core.tables import SEEDS
from kg.terms.iri import IRIError
from kg.terms.iri import text as text_iri


class ManifestError(ValueError):
    """The manifest cannot be read as documented; the message starts with file:line."""


@dataclass(frozen=True)
class TextInfo:
    """One input text as the manifest describes it."""

    id: str
    path: Path
    title: str
    span: str
    start_year: int | None


@dataclass(frozen=True)
class Manifest:
    edition: dict
    texts: list[TextInfo]

    def by_path(self, path: Path) -> TextInfo | None:
        resolved = path.resolve()
        return next((t for t in self.texts if t.path.resolve() == resolved), None)


def published_path(path: Path) -> str:
    """The text's path as the graph publishes it (``xxj:sourceFile``).

    Relative to the project (the folder holding ``seeds/``), whatever folder the
    build runs from, so the same input gives the same graph; a text outside the
    project is named by its file name alone, because a path of the machine that
    built it means nothing to a reader and would differ on every machine.
    """
    from kg.core.tables import SEEDS

    base = SEEDS.parent.resolve()
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.name


def _table_line(raw: str, key: str) -> int:
    """Line of the ``[texts.KEY]`` header (0 when it cannot be found, e.g. inline tables)."""
    pattern = re.compile(r'^\s*\[\s*texts\s*\.\s*(?:"' + re.escape(key) + r'"|'
                         + re.escape(key) + r")\s*\]")
    for n, line in enumerate(raw.splitlines(), 1):
        if pattern.match(line):
            return n
    return 0


def load_manifest(path: Path | None = None) -> Manifest:
    """Read and check the manifest; raise ManifestError (file:line: …) when it is wrong."""
    path = path or SEEDS / "manifest.toml"
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ManifestError(f"{path}: no manifest (seeds/manifest.toml lists the texts)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{path}: cannot read: {exc}") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        where = f"{path}:{m[1]}:{m[2]}" if m else str(path)
        msg = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise ManifestError(f"{where}: not valid TOML: {msg}") from None
    texts_table = data.get("texts", {})
    if not isinstance(texts_table, dict):
        raise ManifestError(f"{path}: 'texts' must be a table of [texts.ID] sections")
    texts = []
    for key, val in sorted(texts_table.items()):
        where = f"{path}:{_table_line(raw, key)}" if _table_line(raw, key) else str(path)
        try:
            text_iri(key)
        except IRIError:
            raise ManifestError(f"{where}: text id {key!r} is not ASCII-safe (letters, digits, "
                                "'.', '_', '-'; it becomes part of IRIs)") from None
        if not isinstance(val, dict):
            raise ManifestError(f"{where}: texts.{key} must be a table with a 'file'")
        file = val.get("file")
        if not isinstance(file, str) or not file:
            raise ManifestError(f"{where}: texts.{key} has no 'file' (the text's path, "
                                "relative to the manifest)")
        start_year = val.get("start_year")
        if start_year is not None and (not isinstance(start_year, int)
                                       or isinstance(start_year, bool)):
            raise ManifestError(f"{where}: texts.{key}: start_year must be a whole number "
                                f"(a CE year), not {start_year!r}")
        for opt in ("title", "span"):
            if opt in val and not isinstance(val[opt], str):
                raise ManifestError(f"{where}: texts.{key}: {opt} must be a string")
        texts.append(TextInfo(id=key, path=(path.parent / file),
                              title=str(val.get("title", key)),
                              span=val.get("span", ""), start_year=start_year))
    edition = data.get("edition", {})
    if not isinstance(edition, dict):
        raise ManifestError(f"{path}: 'edition' must be a table")
    return Manifest(edition=edition, texts=texts)

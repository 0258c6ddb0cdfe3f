"""The manifest of input texts (seeds/manifest.toml): which files, their IDs and first years."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from kg.tables import SEEDS


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


def load_manifest(path: Path | None = None) -> Manifest:
    path = path or SEEDS / "manifest.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    texts = [
        TextInfo(id=key, path=(path.parent / val["file"]), title=val.get("title", key),
                 span=val.get("span", ""), start_year=val.get("start_year"))
        for key, val in sorted(data.get("texts", {}).items())
    ]
    return Manifest(edition=data.get("edition", {}), texts=texts)

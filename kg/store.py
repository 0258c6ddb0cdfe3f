"""A pyoxigraph store of the built dataset, reused while its inputs are unchanged.

``kg query`` answers from a persistent store (``out/store``) so that a query
does not re-parse a million triples each time.  The store is current when a
stamp — the SHA-256 of each input file's content — matches the inputs given
now; the stamp is written inside the store directory, so deleting the store
deletes the stamp with it and a stale stamp can never vouch for an empty store.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

STAMP_NAME = "kg-inputs.json"
_STAMP_VERSION = 1

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
}


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of a file, from its extension (Turtle, N-Triples, N-Quads, TriG)."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise ValueError(f"{path}: unknown RDF file extension {path.suffix!r} "
                         f"(expected one of {', '.join(sorted(FORMATS))})") from None


def open_store(path: Path | None = None) -> ox.Store:
    """A persistent store at ``path`` (created if missing), or an in-memory one."""
    if path is None:
        return ox.Store()
    path.mkdir(parents=True, exist_ok=True)
    return ox.Store(str(path))


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def input_stamp(inputs: Iterable[Path]) -> dict:
    """What the store was loaded from: file names and content hashes, in a stable order.

    Names, not paths, so the stamp holds nothing of this machine; the hash is
    what decides.
    """
    files = sorted(({"name": p.name, "sha256": _sha256(p)} for p in inputs),
                   key=lambda f: (f["name"], f["sha256"]))
    return {"version": _STAMP_VERSION, "inputs": files}


def store_is_current(path: Path, inputs: Iterable[Path]) -> bool:
    """True when the store at ``path`` was loaded from exactly these inputs' contents."""
    stamp = path / STAMP_NAME
    if not stamp.is_file():
        return False
    try:
        recorded = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    try:
        return recorded == input_stamp(inputs)
    except OSError:  # an input is missing: nothing can be current
        return False


def load_files(store: ox.Store, paths: Iterable[Path], store_path: Path | None = None) -> None:
    """Load RDF files (Turtle, N-Triples, N-Quads, TriG) into ``store``.

    With ``store_path`` (the store's directory) the store is emptied first and
    the input stamp written after a successful load, so that
    ``store_is_current`` reuses it next time.  A syntax error raises
    ``SyntaxError`` naming the file; the stamp is then not written.
    """
    paths = list(paths)
    if store_path is not None:
        (store_path / STAMP_NAME).unlink(missing_ok=True)
        store.clear()
    for p in paths:
        fmt = rdf_format(p)
        try:
            store.bulk_load(path=str(p), format=fmt)
        except SyntaxError as exc:
            raise SyntaxError(f"{p}: {exc}") from exc
    if store_path is not None:
        store.flush()
        (store_path / STAMP_NAME).write_text(
            json.dumps(input_stamp(paths), indent=1, sort_keys=True) + "\n", encoding="utf-8")


__all__ = ["open_store", "load_files", "store_is_current", "input_stamp", "rdf_format",
           "FORMATS", "STAMP_NAME"]

"""The query store of a built out/: built once per set of dumps, then read by many at once.

``current_store(out)`` is the one call a reader needs (``kg query``, a server):
it returns a pyoxigraph store opened **read-only**, so any number of processes
can read it at the same time (a read-write open takes RocksDB's LOCK file, and
a second one fails).  The store lives in ``out/store/{key}``, where ``key`` is
made from the SHA-256 of the dumps it holds, as ``out/build.json`` (the
build-complete marker, ``kg.core.outdir``) records them:

* a complete build is required: without the marker, or when a dump's size is
  not the one the marker records, ``IncompleteBuild`` says to run ``kg build``;
* the first reader of a new build creates the store: under an exclusive
  ``flock`` on ``out/store/.lock`` it loads the dumps into a temporary folder,
  checks their hashes against the marker, and renames the folder to its key —
  a store folder that exists is complete, and is never written again;
* every later reader opens it read-only without reloading (no lock needed).

A new build replaces out/ as a whole, so the store of an older build goes with
it.  ``load_files`` loads files into a store (the in-memory store of ``kg query
--data``); a file that cannot be read raises ``DataError`` with one line that
says where.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.core.outdir import IncompleteBuild, check_dump, read_marker, sha256_file

STAMP_NAME = "kg-store.json"
_STAMP_VERSION = 2
ASSERTED = "xixiaji.nt"
INFERRED = "inferred.nt"

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
}


class DataError(Exception):
    """A data file that cannot be read or parsed; ``str()`` is one line naming it."""


class StoreError(Exception):
    """The query store cannot be created or opened; ``str()`` says what to do."""


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF syntax of a file, from its extension."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise DataError(f"{path}: error: unknown RDF file extension {path.suffix!r} "
                        f"(expected one of {', '.join(sorted(FORMATS))})") from None


def open_store(path: Path | None = None) -> ox.Store:
    """A read-write persistent store at ``path`` (created if missing), or an in-memory one."""
    if path is None:
        return ox.Store()
    path.mkdir(parents=True, exist_ok=True)
    return ox.Store(str(path))


_OX_POSITION = re.compile(r"line (\d+)(?: between columns (\d+)| column (\d+))")


def _syntax_message(path: Path, exc: SyntaxError) -> str:
    """``file:line:col: error: message`` from pyoxigraph's parser error."""
    text = " ".join(str(exc.msg if exc.msg else exc).split())
    m = _OX_POSITION.search(text)
    line, col = (int(m.group(1)), int(m.group(2) or m.group(3))) if m else (1, 1)
    text = re.sub(r"^Parser error at line \d+ (between columns \d+ and \d+|column \d+): ", "",
                  text)
    return f"{path}:{line}:{col}: error: {text[:200]}"


def load_files(store: ox.Store, paths: Iterable[Path], store_path: Path | None = None) -> None:
    """Load RDF files (Turtle, N-Triples, N-Quads, TriG, JSON-LD) into ``store``.

    With ``store_path`` (the store's directory) the store is emptied first and
    the input stamp written after a successful load.  A file that cannot be read
    raises ``DataError`` (``file:line:col: error: …`` for a syntax error).
    """
    paths = list(paths)
    if store_path is not None:
        (store_path / STAMP_NAME).unlink(missing_ok=True)
        store.clear()
    for p in paths:
        if p.is_dir():
            raise DataError(f"{p}: error: is a folder, not an RDF file")
        fmt = rdf_format(p)
        try:
            store.bulk_load(path=str(p), format=fmt)
        except SyntaxError as exc:
            raise DataError(_syntax_message(p, exc)) from None
        except OSError as exc:
            reason = "no such file" if isinstance(exc, FileNotFoundError) else \
                (exc.strerror or str(exc).split(" (os error")[0]).lower()
            raise DataError(f"{p}: error: cannot read: {reason}") from None
    if store_path is not None:
        store.flush()
        (store_path / STAMP_NAME).write_text(
            json.dumps(input_stamp(paths), indent=1, sort_keys=True) + "\n", encoding="utf-8")


def input_stamp(inputs: Iterable[Path]) -> dict:
    """What a store was loaded from: file names and content hashes, in a stable order."""
    files = sorted(({"name": p.name, "sha256": sha256_file(p)} for p in inputs),
                   key=lambda f: (f["name"], f["sha256"]))
    return {"version": _STAMP_VERSION, "inputs": files}


def store_is_current(path: Path, inputs: Iterable[Path]) -> bool:
    """True when the store at ``path`` was loaded from exactly these inputs' contents."""
    try:
        recorded = json.loads((path / STAMP_NAME).read_text(encoding="utf-8"))
        return recorded == input_stamp(inputs)
    except (OSError, ValueError):
        return False


# --------------------------------------------------------------------------- out/store

def store_names(inferred: bool = False) -> list[str]:
    """The dumps a query store of out/ holds: the asserted graph, and the entailments."""
    return [ASSERTED, INFERRED] if inferred else [ASSERTED]


def store_key(hashes: Iterable[str]) -> str:
    """The folder name of the store holding dumps with these SHA-256 hashes."""
    return hashlib.sha256("\n".join(hashes).encode()).hexdigest()[:24]


def store_keys_of(doc: dict) -> set[str]:
    """Keys of every store a build's marker allows (with and without the entailments)."""
    files = doc.get("files", {})
    keys = set()
    for inferred in (False, True):
        names = store_names(inferred)
        if all(n in files for n in names):
            keys.add(store_key(files[n]["sha256"] for n in names))
    return keys


def ensure_store(out: Path, inferred: bool = False) -> Path:
    """The folder of the complete query store for out/'s dumps, created when missing.

    Raises IncompleteBuild (out/ not from a complete build) or StoreError (the
    store cannot be created, e.g. out/ is read-only).
    """
    doc = read_marker(out)
    names = store_names(inferred)
    entries = [check_dump(out, n, doc) for n in names]
    root = out / "store"
    path = root / store_key(e["sha256"] for e in entries)
    if (path / STAMP_NAME).is_file():
        return path
    try:
        root.mkdir(exist_ok=True)
        lock = (root / ".lock").open("a")
    except OSError as exc:
        raise StoreError(f"{root}: cannot create the query store ({_reason(exc)}); make "
                         f"{out}/ writable, or query a file with --data {out}/{ASSERTED}"
                         ) from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (path / STAMP_NAME).is_file():  # another process built it while we waited
            return path
        tmp = root / f".tmp-{path.name}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            _build_store(tmp, [out / n for n in names], entries)
            os.rename(tmp, path)
        except OSError as exc:
            raise StoreError(f"{root}: cannot create the query store ({_reason(exc)}); make "
                             f"{out}/ writable, or query a file with --data {out}/{ASSERTED}"
                             ) from None
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return path


def _reason(exc: OSError) -> str:
    return (exc.strerror or str(exc).split(" (os error")[0]).lower()


def _build_store(folder: Path, paths: list[Path], entries: list[dict]) -> None:
    for p, entry in zip(paths, entries, strict=True):
        if sha256_file(p) != entry["sha256"]:
            raise IncompleteBuild(f"{p}: changed since the build (its hash is not the one "
                                  f"{p.parent}/build.json records): run `kg build`")
    store = ox.Store(str(folder))
    try:
        load_files(store, paths)
        store.flush()
    finally:
        del store  # closes the RocksDB instance before the folder is renamed
    stamp = {"version": _STAMP_VERSION,
             "inputs": [{"name": p.name, "sha256": e["sha256"]}
                        for p, e in zip(paths, entries, strict=True)]}
    (folder / STAMP_NAME).write_text(json.dumps(stamp, indent=1, sort_keys=True) + "\n",
                                     encoding="utf-8")


def open_read_only(path: Path) -> ox.Store:
    """Open a complete store folder read-only (many readers at once)."""
    try:
        return ox.Store.read_only(str(path))
    except OSError as exc:
        raise StoreError(f"{path}: cannot open the query store read-only "
                         f"({' '.join(str(exc).split())[:160]}); remove {path.parent} and "
                         "query again") from None


def current_store(out: Path = Path("out"), inferred: bool = False) -> ox.Store:
    """A read-only store of out/'s dumps (and entailments), built first if needed."""
    return open_read_only(ensure_store(out, inferred))


__all__ = ["current_store", "ensure_store", "open_read_only", "open_store", "load_files",
           "store_is_current", "input_stamp", "rdf_format", "store_key", "store_keys_of",
           "store_names", "DataError", "StoreError", "IncompleteBuild", "FORMATS",
           "STAMP_NAME"]

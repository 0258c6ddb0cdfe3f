"""The built dataset as an immutable, read-only store for publishing (``kg serve``, ``kg site``).

Publishing never writes: it opens the persistent store that ``kg query`` keeps
in ``out/store`` with ``pyoxigraph.Store.read_only`` — any number of processes
can do so at once, none takes the store's lock.  When that store is missing or
was loaded from another build, it is (re)loaded once here, before any reader
opens it.  The SHA-256 of the dump it was loaded from names the build: caches
and ETags are keyed by it, so a rebuild never serves a stale answer once the
server is restarted.
"""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.store import STAMP_NAME, input_stamp, load_files, open_store, store_is_current

DUMP = "xixiaji.nt"
STORE_DIR = "store"


class NotBuilt(RuntimeError):
    """out/ holds no built dataset (``kg build`` has not been run)."""


@dataclass(frozen=True)
class Published:
    """Where a build lives and which build it is."""

    out: Path
    store_path: Path
    dump_sha256: str

    @property
    def etag_base(self) -> str:
        return self.dump_sha256[:16]

    def open(self) -> ox.Store:
        """A new read-only handle (one per process; handles are thread-safe)."""
        return ox.Store.read_only(str(self.store_path))


def prepare(out: Path) -> Published:
    """Make sure ``out/store`` holds exactly ``out/xixiaji.nt``; name the build.

    Raises ``NotBuilt`` with a one-line reason when ``out/`` has no dump.
    """
    dump = out / DUMP
    if not dump.is_file():
        raise NotBuilt(f"{dump} not found (run `kg build` first)")
    store_path = out / STORE_DIR
    if not store_is_current(store_path, [dump]):
        store = open_store(store_path)
        load_files(store, [dump], store_path)
        del store
        gc.collect()  # the read-write handle must be gone before readers open the store
    try:  # the stamp just checked (or written) names the dump: no second hashing pass
        sha = json.loads((store_path / STAMP_NAME).read_text(encoding="utf-8")
                         )["inputs"][0]["sha256"]
    except (OSError, ValueError, KeyError, IndexError):
        sha = input_stamp([dump])["inputs"][0]["sha256"]
    return Published(out=out, store_path=store_path, dump_sha256=sha)


__all__ = ["Published", "prepare", "NotBuilt", "DUMP"]

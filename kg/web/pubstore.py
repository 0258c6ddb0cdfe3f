"""The built dataset as an immutable, read-only store for publishing (``kg serve``, ``kg site``).

Publishing never writes the data: it opens the query store that ``kg query``
uses (``kg.query.store.ensure_store``: ``out/store/{key}``, made once per build under
a file lock, then opened read-only by any number of processes).  ``out/`` must
hold a complete build (``out/build.json``); the SHA-256 of the dump that the
marker records names the build: caches and ETags are keyed by it, so a rebuild
never serves a stale answer once the server is restarted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.core.outdir import IncompleteBuild, check_dump
from kg.query.store import StoreError, ensure_store

DUMP = "xixiaji.nt"


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
    """The query store of out/'s complete build (made if missing), and the build's name.

    Raises ``NotBuilt`` with a one-line reason when ``out/`` holds no complete
    build or its store cannot be made.
    """
    try:
        entry = check_dump(out, DUMP)
        store_path = ensure_store(out)
    except (IncompleteBuild, StoreError) as exc:
        raise NotBuilt(str(exc)) from None
    return Published(out=out, store_path=store_path, dump_sha256=entry["sha256"])


__all__ = ["Published", "prepare", "NotBuilt", "DUMP"]

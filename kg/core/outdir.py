"""What makes out/ trustworthy: atomic publishing and the build-complete marker.

A build writes into a staging folder next to out/ (``.out.kg-build-{pid}``) and
only a build that ends well replaces out/, in one ``rename``: readers see either
the previous complete out/ or the new one, never a mixture, and a build that
fails, raises or is killed leaves out/ exactly as it was.  A build that ends
with errors (an unparseable input, a SHACL Violation) is kept beside it as
``{out}.failed/`` so that its findings and report can be read.

The marker is ``out/build.json``, written last into the staging folder: the
size and SHA-256 of every file the build made, and what was built.  ``kg
query`` and ``kg validate`` trust a dump only when the marker lists it with the
size it has now (``check_dump``); the query store checks the hash too when it
loads a dump.  Everything in out/ that the build does not own (``OWNED``) — a
``bench.json``, a screenshot, a user's notes — is carried over to the new out/
(hard links, so nothing is copied); everything the build owns is exactly what
this build made, so no stale ``inferred.*`` or ``shacl-report.*`` survives.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

MARKER = "build.json"
MARKER_VERSION = 1
# every top-level name a build may write; anything else in out/ belongs to the user
OWNED = frozenset({
    "xixiaji.ttl", "xixiaji.nt", "xixiaji.nq", "xixiaji.jsonld", "context.jsonld",
    "inferred.ttl", "inferred.nt", "shacl-report.ttl", "shacl-report.txt", "void.ttl",
    "entries.jsonl", "findings.txt", "reconcile", "ontology", "shapes", "store",
    "store-inferred", MARKER,
})
STAGING_TAG = ".kg-build-"


class IncompleteBuild(Exception):
    """out/ (or one of its files) is not from a complete build; ``str()`` says what to do."""


def staging_dir(out: Path) -> Path:
    """A fresh staging folder beside ``out`` (same file system, so the swap is a rename)."""
    parent = out.resolve().parent
    clean_stale_staging(out)
    path = parent / f".{out.resolve().name}{STAGING_TAG}{os.getpid()}"
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def clean_stale_staging(out: Path) -> None:
    """Remove staging folders of builds whose process is gone (killed with SIGKILL)."""
    parent = out.resolve().parent
    if not parent.is_dir():
        return
    for path in parent.glob(f".{out.resolve().name}{STAGING_TAG}*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_marker(folder: Path, meta: dict, known: dict[str, str] | None = None) -> dict:
    """Write ``folder/build.json``: size and hash of every file in ``folder`` (sorted).

    ``known`` maps relative names to hashes already computed while writing (the
    large dumps), so they are not read again.
    """
    known = known or {}
    files = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if rel == MARKER or rel.split("/", 1)[0] == "store":
            continue
        files[rel] = {"bytes": path.stat().st_size,
                      "sha256": known.get(rel) or sha256_file(path)}
    doc = {"version": MARKER_VERSION, "complete": True, **meta, "files": files}
    tmp = folder / (MARKER + ".tmp")
    tmp.write_text(json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    tmp.replace(folder / MARKER)
    return doc


def read_marker(out: Path) -> dict:
    """The marker of a complete build in ``out``; IncompleteBuild when there is none."""
    path = out / MARKER
    if not out.is_dir():
        raise IncompleteBuild(f"{out}/ does not exist: run `kg build` first")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise IncompleteBuild(f"{out}/ is not from a complete build (no {path}): "
                              "run `kg build`") from None
    except (OSError, ValueError) as exc:
        raise IncompleteBuild(f"{path}: unreadable ({exc}): run `kg build`") from None
    if not isinstance(doc, dict) or doc.get("complete") is not True \
            or not isinstance(doc.get("files"), dict):
        raise IncompleteBuild(f"{path}: not the marker of a complete build: run `kg build`")
    if doc.get("ok") is False:
        raise IncompleteBuild(f"{out}/ holds a build that ended with errors: fix them and "
                              "run `kg build`")
    return doc


def check_dump(out: Path, name: str, doc: dict | None = None) -> dict:
    """The marker's entry for ``out/name`` after checking the file still has that size.

    Raises IncompleteBuild when out/ is not a complete build, when the build did
    not make the file (``inferred.nt`` without ``--reason``) or when the file was
    changed since.
    """
    doc = doc if doc is not None else read_marker(out)
    entry = doc["files"].get(name)
    path = out / name
    if entry is None:
        hint = " --reason" if name.startswith("inferred.") else ""
        raise IncompleteBuild(f"{path}: not made by the last build: run `kg build{hint}`")
    try:
        size = path.stat().st_size
    except OSError:
        raise IncompleteBuild(f"{path}: missing although {out / MARKER} lists it: "
                              "run `kg build`") from None
    if size != entry["bytes"]:
        raise IncompleteBuild(f"{path}: changed since the build ({size} bytes, the build "
                              f"wrote {entry['bytes']}): run `kg build`")
    return entry


def _link_tree(src: Path, dst: Path) -> None:
    """Hard-link a file or folder (copy where links are impossible)."""
    if src.is_dir() and not src.is_symlink():
        shutil.copytree(src, dst, symlinks=True, copy_function=_link_or_copy)
    else:
        _link_or_copy(src, dst)


def _link_or_copy(src, dst) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    rc = fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def publish(staging: Path, out: Path, keep_stores: frozenset[str] | set[str] = frozenset()
            ) -> None:
    """Make ``staging`` the new ``out``: user files carried over, then one atomic swap.

    ``keep_stores`` names query stores (``store/{key}``) of the old out/ that are
    still valid for the new dumps (a rebuild that changed nothing): they are kept.
    """
    if out.exists():
        for entry in sorted(out.iterdir()):
            if entry.name not in OWNED and not (staging / entry.name).exists():
                _link_tree(entry, staging / entry.name)
        for key in sorted(keep_stores):
            old = out / "store" / key
            if old.is_dir() and (old / "kg-store.json").is_file():
                (staging / "store").mkdir(exist_ok=True)
                _link_tree(old, staging / "store" / key)
        if not _exchange(staging, out):
            aside = staging.with_name(staging.name + "-old")
            os.rename(out, aside)
            os.rename(staging, out)
            staging = aside
        shutil.rmtree(staging, ignore_errors=True)  # now the previous out/
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        os.rename(staging, out)


def keep_failed(staging: Path, out: Path) -> Path:
    """Keep a failed build's output beside out/ as ``{out}.failed`` (replacing an older one)."""
    failed = out.with_name(out.name + ".failed")
    if failed.exists():
        shutil.rmtree(failed)
    os.rename(staging, failed)
    return failed


__all__ = ["MARKER", "OWNED", "IncompleteBuild", "staging_dir", "clean_stale_staging",
           "write_marker", "read_marker", "check_dump", "publish", "keep_failed",
           "sha256_file"]

"""`kg query`: SPARQL over the built dataset, bounded in size, time, rows and memory.

The query is checked before any engine sees it (``kg.query.engine.check_query``: size,
nesting, SERVICE, updates).  The store is made current in this process
(``kg.query.store.ensure_store``: a complete build is required, the store is created
once under a lock); then the engine runs in a child process — forked when this
process is single-threaded, else a fresh interpreter — that opens the store
read-only, reads at most ``max_rows`` answers lazily and sends them
back.  This process watches it and stops it when it runs past ``timeout`` or
grows by more than ``max_memory_mb`` while answering (the data it loaded before
is not counted): an engine evaluates some queries (an ORDER BY
over a cartesian product, a SERVICE call to a silent endpoint) inside native
code that no Python check can interrupt, and a crash of the engine (a stack
overflow) becomes a message here, not a dead process.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.query.engine import Answer

OUT = Path("out")
DEFAULT_DATA = OUT / "xixiaji.nt"
INFERRED = OUT / "inferred.nt"


class QueryStopped(Exception):
    """The engine was stopped (timeout, memory) or died; ``str()`` says which."""


def run(text: str, data: list[Path], inferred: bool, fmt: str, engine: str,
        limits=None, out: Path = OUT) -> tuple[int, str, str]:
    """Exit code, the answer text and a note for stderr; every error is one line.

    Exit 0 with the full answer; 1 with an error message, or with the answer cut
    at the row limit (the note says so).
    """
    from kg.query.engine import Limits, QueryError, check_query
    from kg.query.store import DataError, IncompleteBuild, StoreError, ensure_store

    limits = limits or Limits()
    try:
        check_query(text, limits)
    except QueryError as exc:
        return 1, "", f"query:{exc}" if exc.line else f"kg: error: {exc}"
    paths = list(data)
    if inferred:
        paths.append(out / "inferred.nt")
    try:
        source: tuple
        if data:
            missing = [p for p in data if not p.exists()]
            if missing:
                return 1, "", f"{missing[0]}: error: no such data file"
            source = ("files", paths)
        else:
            source = ("store", ensure_store(out, inferred), [])
    except DataError as exc:
        return 1, "", str(exc)
    except (IncompleteBuild, StoreError) as exc:
        return 1, "", f"kg: error: {exc}"
    try:
        form, output, truncated = _run_in_child(text, source, engine, fmt, limits)
    except QueryError as exc:
        return 1, "", f"query:{exc}" if exc.line else f"kg: error: {exc}"
    except DataError as exc:
        return 1, "", str(exc)
    except (StoreError, IncompleteBuild, QueryStopped) as exc:
        return 1, "", f"kg: error: {exc}"
    if truncated:
        what = "triples" if form == "graph" else "rows"
        return 1, output, (f"kg: warning: answer cut at {limits.max_rows:,} {what} "
                           "(--max-rows; 0 for no limit)")
    return 0, output, ""


def _rendered(text: str, source: tuple, engine: str, fmt: str, max_rows: int, ready
              ) -> tuple[str, str, bool]:
    """In the child: the answer as text (sending text is far cheaper than objects)."""
    from kg.query.engine import GRAPH_ONLY, render

    answer = _answer(text, source, engine, max_rows, ready)
    if fmt in GRAPH_ONLY and answer.form != "graph":
        raise QueryStopped(f"--format {fmt} is for CONSTRUCT and DESCRIBE queries "
                           "(use table, csv, tsv or json)")
    return answer.form, render(answer, fmt), answer.truncated


def _answer(text: str, source: tuple, engine: str, max_rows: int, ready) -> Answer:
    """In the child: open the data, say ready, answer."""
    from kg.query.engine import execute
    from kg.query.store import open_read_only

    if source[0] == "store":
        store = open_read_only(source[1])
        if engine == "rdflib":
            from kg.query.engine import rdflib_dataset_of

            dataset = rdflib_dataset_of(store)
            ready()
            return execute(text, dataset=dataset, engine=engine, max_rows=max_rows)
        ready()
        return execute(text, store=store, engine=engine, max_rows=max_rows)
    paths = source[1]
    if engine == "rdflib":
        from kg.query.engine import _rdflib_dataset

        dataset = _rdflib_dataset(paths)
        ready()
        return execute(text, dataset=dataset, engine=engine, max_rows=max_rows)
    from kg.query.store import load_files, open_store

    store = open_store(None)
    load_files(store, paths)
    ready()
    return execute(text, store=store, engine=engine, max_rows=max_rows)


def _child(fd: int, text: str, source: tuple, engine: str, fmt: str, max_rows: int) -> None:
    import faulthandler

    faulthandler.disable()  # an engine crash is reported by the parent in one line
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)

    said: list[bool] = []

    def ready() -> None:  # the timeout starts now (loading the data is not the query)
        if not said:
            os.write(fd, b"R")
            said.append(True)

    payload: tuple[str, object]
    try:
        payload = ("ok", _rendered(text, source, engine, fmt, max_rows, ready))
    except MemoryError:
        payload = ("stopped", "the query ran out of memory")
    except QueryStopped as exc:
        payload = ("stopped", str(exc))
    except Exception as exc:  # noqa: BLE001 - every error goes back as one line
        from kg.query.engine import QueryError
        from kg.query.store import DataError, IncompleteBuild, StoreError

        if isinstance(exc, QueryError | DataError | StoreError | IncompleteBuild):
            payload = ("error", exc)
        else:
            payload = ("stopped", f"the query failed: {type(exc).__name__}: "
                                  f"{' '.join(str(exc).split())[:200]}")
    ready()
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _single_threaded() -> bool:
    """Whether this process has one thread (native ones included): only then is fork safe.

    Native libraries keep threads (RocksDB's pool, once a store was written in this
    process; a test runner's helpers), and a forked child that needs them can crash.
    """
    try:
        return len(os.listdir("/proc/self/task")) == 1
    except OSError:
        return False


def _start_child(text: str, source: tuple, engine: str, fmt: str, max_rows: int
                 ) -> tuple[int, int]:
    """(pid, read end of the answer pipe): a fork when that is safe (fast), otherwise a
    fresh interpreter (``python -m kg.cli.query_command FD``) given the job on its stdin."""
    read_fd, write_fd = os.pipe()
    if _single_threaded():
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            code = 0
            try:
                os.close(read_fd)
                _child(write_fd, text, source, engine, fmt, max_rows)
            except BaseException:  # noqa: BLE001 - nothing may escape a forked child
                code = 1
            finally:
                os._exit(code)
        os.close(write_fd)
        return pid, read_fd
    import subprocess
    import sys

    job = pickle.dumps((text, source, engine, fmt, max_rows))
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli.query_command", str(write_fd)],
                            stdin=subprocess.PIPE, pass_fds=(write_fd,), close_fds=True)
    os.close(write_fd)
    assert proc.stdin is not None
    try:
        proc.stdin.write(job)
        proc.stdin.close()
    except BrokenPipeError:
        pass
    proc.returncode = 0  # waited for with os.waitpid below, not by this object
    return proc.pid, read_fd


def _run_in_child(text: str, source: tuple, engine: str, fmt: str, limits):
    """Answer in a child process; stop it at the timeout or the memory bound."""
    pid, read_fd = _start_child(text, source, engine, fmt, limits.max_rows)
    chunks: list[bytes] = []
    started: float | None = None
    baseline = 0.0
    try:
        while True:
            ready, _, _ = select.select([read_fd], [], [], 0.05)
            if ready:
                block = os.read(read_fd, 1 << 20)
                if not block:
                    break
                if started is None:
                    started = time.monotonic()
                    baseline = _rss_mb(pid)  # the data loaded; what the query adds counts
                    block = block[1:]  # the ready byte
                chunks.append(block)
            if started is not None:
                if limits.timeout and time.monotonic() - started > limits.timeout:
                    raise QueryStopped(f"the query was stopped after {limits.timeout:g} s "
                                       "(--timeout)")
                if limits.max_memory_mb and _rss_mb(pid) - baseline > limits.max_memory_mb:
                    raise QueryStopped(f"the query was stopped at {limits.max_memory_mb:,} MB "
                                       "of memory (--max-memory)")
    finally:
        os.close(read_fd)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _, status = os.waitpid(pid, 0)
    data = b"".join(chunks)
    if not data:
        if os.WIFSIGNALED(status) and os.WTERMSIG(status) != signal.SIGKILL:
            name = signal.Signals(os.WTERMSIG(status)).name
            raise QueryStopped(f"the query engine crashed ({name}); a very large or deeply "
                               "nested query can do this: simplify it")
        raise QueryStopped("the query engine stopped without an answer")
    kind, value = pickle.loads(data)
    if kind == "ok":
        return value
    if kind == "error":
        raise value
    raise QueryStopped(value)


if __name__ == "__main__":  # the child in a fresh interpreter (see _start_child)
    import sys

    _fd = int(sys.argv[1])
    _job = pickle.loads(sys.stdin.buffer.read())
    try:
        _child(_fd, *_job)
    finally:
        os._exit(0)

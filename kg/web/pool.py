"""A pool of killable query processes: the endpoint's time limit made real.

A thread cannot stop a pyoxigraph query; a process can be killed.  Each worker
(``kg.web.worker``) holds its own read-only handle on the store; a request
borrows an idle worker, and when the answer does not come within the time
limit the worker is killed and replaced, so a runaway query costs its own CPU
time only up to the limit.
"""

from __future__ import annotations

import multiprocessing as mp
import queue
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection

from kg.web import worker as sparql_worker

STARTUP_S = 900  # loading a large dump into memory takes minutes on a small machine


class Timeout(RuntimeError):
    """The query ran past the time limit (its worker was killed)."""


class Busy(RuntimeError):
    """No worker became free in time."""


@dataclass
class _Worker:
    proc: mp.process.BaseProcess
    conn: Connection


class Pool:
    """``size`` worker processes on ``source`` (see ``kg.web.worker.open_source``)."""

    def __init__(self, source: str, size: int = 2, timeout_s: float = 10.0,
                 wait_s: float = 60.0) -> None:
        self.source = source
        self.timeout_s = timeout_s
        self.wait_s = wait_s
        self._ctx = mp.get_context("spawn")  # never fork a threaded server
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        for _ in range(size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=sparql_worker.main, args=(child, self.source),
                                 daemon=True, name="kg-sparql-worker")
        proc.start()
        child.close()
        if not parent.poll(STARTUP_S):
            proc.kill()
            raise RuntimeError(f"a SPARQL worker did not start within {STARTUP_S} s")
        hello = parent.recv()
        if hello[0] != "ready":
            proc.join(5)
            raise RuntimeError(f"a SPARQL worker could not open the store: {hello[1]}")
        return _Worker(proc, parent)

    def _replace(self, worker: _Worker) -> None:
        worker.proc.kill()
        worker.proc.join(10)
        if not self._closed:
            self._idle.put(self._spawn())

    def ask(self, query: str, accept: str | None, fmt: str | None, limit: int,
            timeout_s: float | None = None) -> tuple:
        """The worker's reply (see ``kg.web.worker.answer_message``).

        Raises ``Timeout`` when evaluation takes longer than the limit and
        ``Busy`` when every worker stays occupied for ``wait_s``.
        """
        try:
            worker = self._idle.get(timeout=self.wait_s)
        except queue.Empty:
            raise Busy(f"every query worker stayed busy for {self.wait_s:g} s") from None
        limit_s = self.timeout_s if timeout_s is None else timeout_s
        try:
            worker.conn.send((query, accept, fmt, limit))
            if worker.conn.poll(limit_s):
                reply = worker.conn.recv()
                self._idle.put(worker)
                return reply
        except (EOFError, OSError):  # the worker died: replace it, report an error
            threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
            return ("error", 500, "the query worker stopped unexpectedly")
        threading.Thread(target=self._replace, args=(worker,), daemon=True).start()
        raise Timeout(f"the query ran longer than the time limit of {limit_s:g} s "
                      "and was stopped")

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            try:
                worker.conn.send(None)
            except OSError:
                pass
            worker.proc.join(2)
            if worker.proc.is_alive():
                worker.proc.kill()
                worker.proc.join(2)


__all__ = ["Pool", "Timeout", "Busy"]

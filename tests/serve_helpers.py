"""A `kg serve` process on a free loopback port, and a small HTTP client that never follows
redirects (the tests look at the 303s themselves)."""

from __future__ import annotations

import http.client
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Server:
    """``kg serve --port 0`` on 127.0.0.1 over ``out``; stopped by ``stop()``."""

    def __init__(self, out: Path, *extra: str) -> None:
        cmd = [sys.executable, "-m", "kg.cli.main", "serve", "--out", str(out), "--host",
               "127.0.0.1", "--port", "0", "--quiet", *extra]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()  # "serving http://127.0.0.1:PORT/ …"
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.proc.kill()
            raise RuntimeError(f"kg serve did not start: {line!r} {self.proc.stderr.read()}")
        self.port = int(m.group(1))
        self.base = f"http://127.0.0.1:{self.port}"

    def request(self, method: str, path: str, headers: dict | None = None,
                body: bytes | str | None = None, timeout: float = 60) -> Reply:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            if isinstance(body, str):
                body = body.encode("utf-8")
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return Reply(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
        finally:
            conn.close()

    def get(self, path: str, accept: str | None = None, **headers: str) -> Reply:
        h = {k.replace("_", "-"): v for k, v in headers.items()}
        if accept is not None:
            h["Accept"] = accept
        return self.request("GET", path, h)

    def sparql_get(self, query: str, accept: str | None = None, **params: str) -> Reply:
        return self.get("/sparql?" + urlencode({"query": query, **params}), accept)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream:
                stream.close()


def wait_until(predicate, seconds: float = 30.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False

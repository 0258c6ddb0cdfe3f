"""The SPARQL endpoint under load: every queries/*.rq from 8 concurrent clients over HTTP.

Starts `kg serve` on a free loopback port over a built corpus (bench/run.py passes
the 100× one) and measures three things, kept apart because the endpoint caches
answers by (query, format, build):

* **cold**: each query once, alone, with ``Cache-Control: no-cache`` — the cost of
  evaluating it (what the first client ever asking it waits);
* **uncached**: 8 clients each sending every query once with ``no-cache`` — the
  engine itself under concurrency on 2 cores;
* **served** (``endpoint_p50_ms`` / ``endpoint_p95_ms``): 8 clients, each sending
  every query ``rounds`` times as ordinary clients do, starting from an empty cache,
  so the first (cold) requests are counted in the figures.

`python bench/endpoint.py --out DIR` runs it alone on a built DIR and merges the
keys into out/bench.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.serve_helpers import Server  # noqa: E402  (the same launcher the tests use)

ACCEPT = "application/sparql-results+json"


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[k], 2)


def _timed(server: Server, query: str, fresh: bool) -> float:
    headers = {"Accept": ACCEPT}
    if fresh:
        headers["Cache-Control"] = "no-cache"
    t0 = time.perf_counter()
    r = server.request("GET", "/sparql?" + urlencode({"query": query}), headers, timeout=120)
    ms = (time.perf_counter() - t0) * 1000
    if r.status != 200:
        raise SystemExit(f"endpoint answered {r.status}: {r.text[:300]}")
    return ms


def endpoint_bench(out: Path, clients: int = 8, rounds: int = 5, workers: int = 2) -> dict:
    queries = {q.name: q.read_text(encoding="utf-8")
               for q in sorted((ROOT / "queries").glob("*.rq"))}
    server = Server(out, "--workers", str(workers), "--timeout", "60")
    try:
        # start-up (page caches of the store, worker imports) with texts the cache never
        # sees again: a comment makes each a different key, evaluated the same way
        for text in queries.values():
            _timed(server, text + "\n# warm-up\n", fresh=True)

        def run(k: int, fresh: bool, n_rounds: int) -> list[tuple[str, float]]:
            names = list(queries)
            names = names[k % len(names):] + names[: k % len(names)]
            return [(name, _timed(server, queries[name], fresh))
                    for _ in range(n_rounds) for name in names]

        # served first: answers of fresh requests are cached too, so any phase before it
        # would fill the cache and the cold requests would go uncounted
        with ThreadPoolExecutor(clients) as pool:
            served = [x for batch in pool.map(lambda k: run(k, False, rounds), range(clients))
                      for x in batch]
        cold = {name: round(min(_timed(server, text, True) for _ in range(3)), 2)
                for name, text in queries.items()}
        with ThreadPoolExecutor(clients) as pool:
            uncached = [x for batch in pool.map(lambda k: run(k, True, 1), range(clients))
                        for x in batch]
    finally:
        server.stop()
    served_ms = [ms for _, ms in served]
    uncached_ms = [ms for _, ms in uncached]
    per_query = {name: {"p50": _pct([ms for n, ms in served if n == name], 50),
                        "p95": _pct([ms for n, ms in served if n == name], 95),
                        "uncached_p50": _pct([ms for n, ms in uncached if n == name], 50)}
                 for name in queries}
    return {
        "endpoint_p50_ms": _pct(served_ms, 50),
        "endpoint_p95_ms": _pct(served_ms, 95),
        "concurrent_clients": clients,
        "endpoint_requests": len(served_ms),
        # the goal holds for every query, not only for the requests taken together
        "endpoint_worst_query_p50_ms": max(q["p50"] for q in per_query.values()),
        "endpoint_worst_query_p95_ms": max(q["p95"] for q in per_query.values()),
        "endpoint_uncached_p50_ms": _pct(uncached_ms, 50),
        "endpoint_uncached_p95_ms": _pct(uncached_ms, 95),
        "endpoint_cold_ms": cold,
        "endpoint_per_query_ms": per_query,
        "endpoint_workers": workers,
    }


def render(r: dict) -> str:
    lines = [f"endpoint, {r['concurrent_clients']} clients, {r['endpoint_requests']} requests "
             f"(cache on, from empty): p50 {r['endpoint_p50_ms']} ms, "
             f"p95 {r['endpoint_p95_ms']} ms; worst query: "
             f"p50 {r['endpoint_worst_query_p50_ms']} ms, "
             f"p95 {r['endpoint_worst_query_p95_ms']} ms",
             f"endpoint, {r['concurrent_clients']} clients, no cache: "
             f"p50 {r['endpoint_uncached_p50_ms']} ms, p95 {r['endpoint_uncached_p95_ms']} ms",
             "cold (one client, no cache, best of 3) per query (ms):"]
    lines += [f"  {name}: {ms}" for name, ms in r["endpoint_cold_ms"].items()]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="a built corpus (kg build --out)")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    result = endpoint_bench(args.out, args.clients, args.rounds)
    bench = ROOT / "out" / "bench.json"
    data = json.loads(bench.read_text(encoding="utf-8")) if bench.is_file() else {}
    data.update({k: v for k, v in result.items()})
    data["endpoint_corpus"] = args.out.name
    bench.parent.mkdir(exist_ok=True)
    bench.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(render(result))


if __name__ == "__main__":
    main()


__all__ = ["endpoint_bench", "render"]

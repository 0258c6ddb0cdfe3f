"""`make bench`: time and memory of each build stage on the seeds and on 10× / 100× corpora.

The corpora are generated from the seed texts: copy k of a text has every year
heading shifted by a number of years (rewritten as the Xia era year of the new CE
year in the book's chronology, e.g. 西夏稱大安八年 → 西夏稱天祐民安三年), so every
entry stays valid and gets its own IRI (the text ID is part of it).  Each build
runs in a fresh interpreter (so peak memory is its own) with the chunk cache off;
"seeds (warm)" keeps the cache of the compiled ontology rules and the reference
data, "incremental" edits one entry of one text and rebuilds with every cache on.

Prints a table and writes out/bench.json (keys read by other tools: seeds_build_s,
seeds_peak_mb, x10_build_s, x100_build_s, x100_peak_mb, growth_exponent,
query_median_ms, and from bench/endpoint.py endpoint_p50_ms, endpoint_p95_ms,
concurrent_clients).  `python bench/run.py --quick` skips the 100× corpus.
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

NUMERALS = "〇一二三四五六七八九"


def chinese_year(n: int) -> str:
    """Era-year numeral as the headings print it (元, 二, 十, 十一, 二十三 …)."""
    if n == 1:
        return "元"
    tens, units = divmod(n, 10)
    out = ("" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens] + "十"))
    return out + (NUMERALS[units] if units else "")


def _heading_years(text: str) -> list[tuple[int, int]]:
    """(line index, CE year) of every year heading of a seed text."""
    from kg.chronology.dates import parse_year_heading

    out = []
    for i, line in enumerate(text.split("\n")):
        head = parse_year_heading(line.strip()) if line.startswith("西夏稱") else None
        if head is not None and head.era is not None:
            out.append((i, head.era.ce_year))
    return out


def _xia_heading(ce: int) -> str | None:
    from kg.knowledge.eras import era_table

    years = era_table().eras_in(ce, "夏", "xxj")
    if not years:
        return None
    y = years[-1]
    return f"西夏稱{y.era.name}{chinese_year(y.year)}年"


def make_corpus(copies: int, folder: Path):
    """A manifest of ``copies`` shifted copies of every seed text, written to ``folder``."""
    from kg.core.manifest import Manifest, TextInfo, load_manifest

    seeds = load_manifest()
    texts = []
    folder.mkdir(parents=True, exist_ok=True)
    for info in seeds.texts:
        source = info.path.read_text(encoding="utf-8")
        heads = _heading_years(source)
        first, last = heads[0][1], heads[-1][1]
        shifts = [s for s in range(1034 - first, 1226 - last + 1)
                  if s != 0 and all(_xia_heading(y + s) for _, y in heads)]
        for k in range(copies):
            shift = 0 if k == 0 else shifts[(k * 37) % len(shifts)]
            lines = source.split("\n")
            for i, ce in heads:
                lines[i] = _xia_heading(ce + shift)
            path = folder / f"{info.id}-c{k:03d}.txt"
            path.write_text("\n".join(lines), encoding="utf-8")
            texts.append(TextInfo(id=f"{info.id}-c{k:03d}", path=path,
                                  title=f"{info.title} (bench copy {k}, {shift:+d} years)",
                                  span="", start_year=(info.start_year or first) + shift))
    return Manifest(edition=seeds.edition, texts=texts)


def _peak_mb() -> float:
    """Peak resident memory of this process and of its (joined) worker processes."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + kids) / 1024


def one_build(copies: int, out: Path, cache: bool) -> dict:
    """Build a corpus (0 = the real seeds) in this process; timings and peak memory."""
    from kg.publish.build import build

    manifest = None
    with tempfile.TemporaryDirectory() as tmp:
        if copies:
            manifest = make_corpus(copies, Path(tmp))
        t0 = time.perf_counter()
        res = build(out, reason=True, validate=True, manifest=manifest, use_cache=cache)
        wall = time.perf_counter() - t0
    return {"wall_s": round(wall, 3), "peak_mb": round(_peak_mb(), 1), "ok": res.ok,
            "triples": res.triples, "inferred": res.inferred, "entries": res.entries,
            "violations": res.violations,
            "stages_s": {k: round(v, 3) for k, v in sorted(res.timings.items())}}


def _subprocess(copies: int, out: Path, cache: bool = False) -> dict:
    cmd = [sys.executable, __file__, "--one", str(copies), "--out", str(out)]
    if cache:
        cmd.append("--cache")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT)
    if proc.returncode != 0:
        raise SystemExit(f"bench build failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def incremental(tmp: Path) -> dict:
    """Edit one entry of one text and rebuild with every cache on.

    The chunk cache is a private one: the shared cache may already hold the edited text
    from an earlier run, and the figure would then be that of a rebuild with nothing to do.
    """
    import kg.publish.build as building

    shared, building.CACHE_DIR = building.CACHE_DIR, tmp / "inc-cache"
    try:
        return _incremental(tmp)
    finally:
        building.CACHE_DIR = shared


def _incremental(tmp: Path) -> dict:
    from kg.core.manifest import Manifest, TextInfo, load_manifest
    from kg.publish.build import build

    seeds = load_manifest()
    folder = tmp / "inc"
    folder.mkdir()
    texts = []
    for info in seeds.texts:
        path = folder / info.path.name
        shutil.copy(info.path, path)
        texts.append(TextInfo(info.id, path, info.title, info.span, info.start_year))
    manifest = Manifest(seeds.edition, texts)
    out = tmp / "inc-out"
    build(out, reason=True, validate=True, manifest=manifest, use_cache=True)
    target = texts[-1].path
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("修南牟城。", "修南牟城堡。", 1), encoding="utf-8")
    t0 = time.perf_counter()
    res = build(out, reason=True, validate=True, manifest=manifest, use_cache=True)
    wall = time.perf_counter() - t0
    if res.processed != 1:
        raise SystemExit(f"incremental bench: {res.processed} texts re-processed, expected 1")
    return {"wall_s": round(wall, 3), "processed": res.processed, "cached": res.cached,
            "ok": res.ok}


def query_medians(data: Path, repeat: int = 7) -> dict[str, float]:
    import pyoxigraph as ox

    from kg.query.engine import execute

    store = ox.Store()
    store.bulk_load(path=str(data), format=ox.RdfFormat.N_TRIPLES)
    out = {}
    for q in sorted((ROOT / "queries").glob("*.rq")):
        text = q.read_text(encoding="utf-8")
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            execute(text, store=store)
            times.append((time.perf_counter() - t0) * 1000)
        out[q.name] = round(statistics.median(times), 2)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--cache", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--quick", action="store_true", help="skip the 100× corpus")
    args = ap.parse_args()
    if args.one is not None:
        print(json.dumps(one_build(args.one, args.out, args.cache)))
        return

    from kg.publish.build import CACHE_DIR

    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        print("… seeds (cold: no cache at all)", file=sys.stderr)
        shutil.rmtree(CACHE_DIR, ignore_errors=True)
        report["seeds"] = _subprocess(0, tmp / "seeds")
        print("… seeds (warm: compiled rules and reference data cached)", file=sys.stderr)
        _subprocess(0, tmp / "warm0", cache=True)
        shutil.rmtree(CACHE_DIR, ignore_errors=True)
        _subprocess(0, tmp / "warm1", cache=True)  # fills the context cache only
        for p in CACHE_DIR.glob("xxj-*.pickle"):
            p.unlink()
        report["seeds_warm"] = _subprocess(0, tmp / "warm2", cache=True)
        print("… incremental rebuild after editing one entry", file=sys.stderr)
        report["incremental"] = incremental(tmp)
        print("… 10× corpus", file=sys.stderr)
        report["x10"] = _subprocess(10, tmp / "x10")
        if not args.quick:
            print("… 100× corpus", file=sys.stderr)
            report["x100"] = _subprocess(100, tmp / "x100")
            print("… queries on the 100× corpus", file=sys.stderr)
            report["queries_ms"] = query_medians(tmp / "x100" / "xixiaji.nt")
        else:
            report["queries_ms"] = query_medians(tmp / "x10" / "xixiaji.nt")
        from bench.endpoint import endpoint_bench

        corpus = "x100" if "x100" in report else "x10"
        print(f"… SPARQL endpoint on the {corpus} corpus, 8 clients", file=sys.stderr)
        report["endpoint"] = endpoint_bench(tmp / corpus)
        report["endpoint"]["endpoint_corpus"] = corpus
    summary = {
        "seeds_build_s": report["seeds"]["wall_s"],
        "seeds_warm_build_s": report["seeds_warm"]["wall_s"],
        "seeds_peak_mb": report["seeds"]["peak_mb"],
        "incremental_s": report["incremental"]["wall_s"],
        "x10_build_s": report["x10"]["wall_s"],
        "x100_build_s": report.get("x100", {}).get("wall_s"),
        "x100_peak_mb": report.get("x100", {}).get("peak_mb"),
        "growth_exponent": (round(math.log10(report["x100"]["wall_s"] / report["x10"]["wall_s"]),
                                  3) if "x100" in report else None),
        "query_median_ms": report["queries_ms"],
        "query_corpus": "x100" if "x100" in report else "x10",
        **{k: v for k, v in report["endpoint"].items() if not isinstance(v, dict)},
        "details": report,
    }
    (ROOT / "out").mkdir(exist_ok=True)
    (ROOT / "out" / "bench.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False)
                                             + "\n", encoding="utf-8")
    print(render(summary))


def render(s: dict) -> str:
    d = s["details"]
    rows = [("corpus", "entries", "triples", "inferred", "wall s", "peak MB")]
    for key in ("seeds", "seeds_warm", "x10", "x100"):
        if key in d:
            r = d[key]
            rows.append((key, str(r["entries"]), str(r["triples"]), str(r["inferred"]),
                         f"{r['wall_s']:.2f}", f"{r['peak_mb']:.0f}"))
    width = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, width)) for r in rows]
    lines.append("")
    lines.append("stages (s, summed over chunks; workers overlap):")
    for key in ("seeds", "x10", "x100"):
        if key in d:
            lines.append(f"  {key}: " + ", ".join(f"{k} {v:.2f}" for k, v in
                                                d[key]["stages_s"].items()))
    inc = d["incremental"]
    lines.append(f"incremental rebuild (one entry edited): {inc['wall_s']:.2f} s "
                 f"({inc['processed']} text re-processed, {inc['cached']} from cache)")
    if s["growth_exponent"] is not None:
        lines.append(f"growth exponent 10× → 100×: {s['growth_exponent']}")
    from bench.endpoint import render as render_endpoint

    lines.append(render_endpoint(d["endpoint"]))
    lines.append(f"query medians on the {s['query_corpus']} corpus (ms):")
    for name, ms in s["query_median_ms"].items():
        lines.append(f"  {name}: {ms}")
    return "\n".join(lines)


if __name__ == "__main__":
    main()

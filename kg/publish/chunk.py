"""One chunk of the build (a text, or the reference data) from input to serialised output.

A chunk's artifact holds everything the build needs from it — the serialised
triples in every format, its entailments, its SHACL results, its counts for VoID
and its findings — so that it can be computed in a worker process and cached by
the content hash of its inputs: the text, the seeds tables, the ontology, the
shapes and the code itself (``chunk_key``).
"""

from __future__ import annotations

import hashlib
import json
import pickle
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.core.findings import Finding
from kg.core.manifest import TextInfo, published_path
from kg.core.tables import SEEDS
from kg.graph.serialize import Canonical
from kg.terms.namespaces import BASE
from kg.terms.nt import RDF_TYPE

if TYPE_CHECKING:
    from kg.check.reason_nt import ChunkReasoner

PACKAGE = Path(__file__).resolve().parents[1]
GRAPH_BASE = BASE + "graph/"
CACHE_VERSION = "1"


@dataclass
class Context:
    """What every chunk needs: shared by the workers, part of every cache key."""

    edition: dict
    reference_rows: list[tuple[str, str, str]]
    reference_key: str
    deps_hash: str
    reasoner: ChunkReasoner | None = None
    shapes: object | None = None
    kanripo: tuple = ()  # cloned Kanripo repositories (kg build --kanripo): quote selectors
    # reference triples by subject, built on first use by each process (not pickled)
    by_subject: dict | None = field(default=None, repr=False)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "by_subject": None}


@dataclass
class ChunkArtifact:
    """A processed chunk: serialised output plus what the build aggregates."""

    key: str
    name: str
    nt: str = ""
    nq: str = ""
    ttl: str = ""
    jsonld: str = ""
    entries: str = ""
    inferred_nt: str | None = None
    inferred_ttl: str | None = None
    inferred_foreign: set = field(default_factory=set)
    inferred_count: int = 0
    asserted: set = field(default_factory=set)  # reference only: asserted + inferred
    triples: int = 0
    entry_count: int = 0
    classes: Counter = field(default_factory=Counter)
    props: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    fatal: bool = False
    validation: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)


def _hash_files(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(str(path.relative_to(path.parents[1])).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def dependencies_hash(ontology_dir: Path, shapes_dir: Path) -> str:
    """Everything a chunk depends on besides its own text: tables, ontology, shapes, code."""
    files = [p for p in SEEDS.rglob("*") if p.is_file() and "texts" not in p.parts
             and p.suffix in (".tsv", ".toml", ".ttl")]
    files += sorted(ontology_dir.glob("*.ttl")) + sorted(shapes_dir.glob("*.ttl"))
    files += sorted(PACKAGE.rglob("*.py"))
    return hashlib.sha256((CACHE_VERSION + _hash_files(files)).encode()).hexdigest()


def build_context(ontology_dir: Path, shapes_dir: Path, *, reason: bool, validate: bool,
                  cache: Path | None = None, kanripo: tuple = ()) -> Context:
    """The shared context, from the cache when its dependencies have not changed.

    The commits of the ``kanripo`` repositories are part of the key: the quote
    selectors a chunk publishes come from them.
    """
    deps = dependencies_hash(ontology_dir, shapes_dir)
    if kanripo:
        from kg.linking.kanripo_graph import QuoteSource

        commits = QuoteSource(tuple(kanripo)).commits()
        deps = hashlib.sha256((deps + repr(sorted(commits.items()))).encode()).hexdigest()
    flags = f"r{int(reason)}v{int(validate)}"
    path = cache / f"context-{flags}-{deps[:32]}.pickle" if cache else None
    if path is not None and path.exists():
        try:
            with path.open("rb") as fh:
                cached = pickle.load(fh)
            cached.kanripo = tuple(str(p) for p in kanripo)
            return cached
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            pass
    ctx = _new_context(ontology_dir, shapes_dir, deps, flags, reason, validate)
    ctx.kanripo = tuple(str(p) for p in kanripo)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(ctx, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    return ctx


def _new_context(ontology_dir: Path, shapes_dir: Path, deps: str, flags: str, reason: bool,
                 validate: bool) -> Context:
    from kg.core.manifest import load_manifest
    from kg.graph.reference_data import reference_graph

    reasoner = shapes = None
    if reason or validate:
        from kg.check.shape_terms import load_rdf_dir
        if reason:
            from kg.check.reason_nt import ChunkReasoner
            reasoner = ChunkReasoner(load_rdf_dir(ontology_dir))
        if validate:
            shapes = load_rdf_dir(shapes_dir)
    rows = sorted(reference_graph([]))
    return Context(edition=load_manifest().edition, reference_rows=rows,
                   reference_key=f"reference-{flags}-{deps[:32]}",
                   deps_hash=f"{flags}-{deps}", reasoner=reasoner, shapes=shapes)


def chunk_key(ctx: Context, info: TextInfo) -> str:
    h = hashlib.sha256()
    h.update(ctx.deps_hash.encode())
    # everything of the text the graph publishes, its published path included
    h.update(f"{info.id}\n{info.title}\n{info.start_year}\n{published_path(info.path)}\n"
             .encode())
    h.update(info.path.read_bytes() if info.path.exists() else b"<missing>")
    return f"{info.id}-{h.hexdigest()[:32]}"


def cache_load(folder: Path, key: str) -> ChunkArtifact | None:
    path = folder / f"{key}.pickle"
    try:
        with path.open("rb") as fh:
            art = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    art.timings = {}
    return art


def cache_store(folder: Path, art: ChunkArtifact) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{art.key}.tmp"
    with tmp.open("wb") as fh:
        pickle.dump(art, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(folder / f"{art.key}.pickle")


def _serialise(art: ChunkArtifact, rows: list[tuple[str, str, str]]) -> None:
    canon = Canonical(rows)
    art.nt = canon.ntriples()
    art.nq = canon.nquads(GRAPH_BASE + art.name)
    art.ttl = "\n".join(canon.turtle_blocks(set())) + "\n"
    art.jsonld = ",\n".join(canon.jsonld_nodes())
    art.triples = len(canon)
    for s, p, o in canon.rows:
        art.props[p] += 1
        if p == RDF_TYPE:
            art.classes[o] += 1
            if o not in art.examples or s < art.examples[o]:
                art.examples[o] = s


def _one_hop(ctx: Context, rows) -> list[tuple[str, str, str]]:
    """The reference triples about what the chunk points to (an entity's type, a
    work's juan count, an era's years): all a shape looks at beyond the chunk."""
    index = ctx.by_subject
    if index is None:
        index = ctx.by_subject = {}
        for t in ctx.reference_rows:
            index.setdefault(t[0], []).append(t)
    targets = {o for _, _, o in rows if o.startswith("<")}
    return [t for o in sorted(targets) for t in index.get(o, ())]


def _reason_and_validate(ctx: Context, art: ChunkArtifact, rows, shared: bool) -> None:
    t0 = time.perf_counter()
    if ctx.reasoner is not None:
        local, foreign = ctx.reasoner.split(rows)
        if not shared:
            ref = set(ctx.reference_rows)
            local = [t for t in local if t not in ref]
        canon = Canonical(local)
        art.inferred_nt = canon.ntriples()
        art.inferred_ttl = "\n".join(canon.turtle_blocks(set())) + "\n" if local else ""
        art.inferred_count = len(canon)
        art.inferred_foreign = set(foreign)
        if shared:
            art.asserted = set(rows) | set(local)
    t1 = time.perf_counter()
    if ctx.shapes is not None:
        from kg.check.validate_nt import validate_rows

        if shared:
            art.validation = validate_rows(rows, ctx.shapes, focus=None)
        else:
            focus = {s for s, _, _ in rows}
            art.validation = validate_rows(list(rows) + _one_hop(ctx, rows), ctx.shapes,
                                           focus=focus)
    t2 = time.perf_counter()
    art.timings["reason"] = art.timings.get("reason", 0.0) + t1 - t0
    art.timings["validate"] = art.timings.get("validate", 0.0) + t2 - t1


def process_reference(ctx: Context) -> ChunkArtifact:
    art = ChunkArtifact(key=ctx.reference_key, name="reference")
    t0 = time.perf_counter()
    _serialise(art, ctx.reference_rows)
    art.timings["write"] = time.perf_counter() - t0
    _reason_and_validate(ctx, art, ctx.reference_rows, shared=True)
    return art


def process_text(ctx: Context, info: TextInfo, key: str) -> ChunkArtifact:
    """Parse, enrich, graph, serialise, reason and validate one text."""
    from kg.graph.triples import entry_resources, new_graph, preamble_resources, text_resource
    from kg.linking.kanripo_graph import QuoteSource, passage_resources
    from kg.pipeline.run import parse_file
    from kg.terms import iri

    quotes = QuoteSource(tuple(Path(p) for p in ctx.kanripo)) if ctx.kanripo else None
    art = ChunkArtifact(key=key, name=info.id)
    t0 = time.perf_counter()
    result = parse_file(info.path, text_id=info.id, start_year=info.start_year)
    t1 = time.perf_counter()
    g = new_graph()
    if result.chronicle is not None:
        text_resource(g, info.id, info.title, published_path(info.path), ctx.edition,
                      line_count=len(result.chronicle.source.lines()))
        for pos, rec in enumerate(result.records):
            entry_resources(g, rec, pos)
            passage_resources(g, rec, quotes)
        chron = result.chronicle
        for n, sec in enumerate(chron.sections, 1):
            preamble_resources(g, info.id, n, chron.source.text[sec.start:sec.end], sec.start,
                               sec.end, sec.line)
    rows = sorted(g)
    t2 = time.perf_counter()
    _serialise(art, rows)
    art.entries = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in result.records)
    t3 = time.perf_counter()
    from kg.linking.kanripo_graph import passage_findings

    art.findings = result.findings + [f for r in result.records for f in passage_findings(r)]
    art.fatal = result.fatal
    art.entry_count = len(result.records)
    for r in result.records:
        where = f"{r['file']}:{r['line']}"
        art.lines[iri.entry(r["id"])] = art.lines[iri.event(r["id"])] = where
    art.timings = {"parse+enrich": t1 - t0, "graph": t2 - t1, "write": t3 - t2}
    _reason_and_validate(ctx, art, rows, shared=False)
    return art

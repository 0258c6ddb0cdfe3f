"""`kg query`: SPARQL over the built dataset through a persistent pyoxigraph store."""

from __future__ import annotations

from pathlib import Path

DEFAULT_DATA = Path("out/xixiaji.nt")
INFERRED = Path("out/inferred.nt")
STORE = Path("out/store")


def run(text: str, data: list[Path], inferred: bool, fmt: str, engine: str
        ) -> tuple[int, str]:
    """Exit code and output; a bad query is a located message, not a traceback."""
    from kg.query import QueryError, run_query
    from kg.store import load_files, open_store, store_is_current

    paths = data or [DEFAULT_DATA]
    if inferred:
        paths = paths + [INFERRED]
    missing = [p for p in paths if not p.exists()]
    if missing:
        return 1, f"error: no such data file: {missing[0]} (run `kg build` first)"
    try:
        if engine == "oxigraph" and not data:
            store_path = STORE if not inferred else STORE.with_name("store-inferred")
            store = open_store(store_path)
            if not store_is_current(store_path, paths):
                load_files(store, paths, store_path)
            return 0, run_query(text, store=store, fmt=fmt)
        return 0, run_query(text, data=paths, fmt=fmt, engine=engine)
    except QueryError as exc:
        return 1, f"query:{exc}"

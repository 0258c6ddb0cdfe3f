"""SHACL validation chunk by chunk, for the build.

Every shape of ours looks at a focus node, its own properties and the types of
what it points to.  A text chunk's resources only point into the same chunk or
into the reference data (entities, works, eras, concepts), so validating
"chunk ∪ reference" with the chunk's subjects as focus nodes gives the results
a whole-graph run gives for those nodes; the reference data is validated once.
tests/test_build_exact.py checks that the union of the chunk reports equals one
``validate_reference`` run over the whole seed graph.
"""

from __future__ import annotations

from kg.nt import rdflib_graph, to_rdflib
from kg.validate import Result


def validate_rows(rows, shapes, focus: set[str] | None, engine: str = "fast") -> list[Result]:
    """Results for ``focus`` (all nodes when None) of the graph made of ``rows``."""
    from kg.validate import validate_fast, validate_reference

    run = validate_fast if engine == "fast" else validate_reference
    report = run(rdflib_graph(rows), shapes)
    if focus is None:
        return list(report.results)
    keep = {to_rdflib(f) for f in focus}
    return [r for r in report.results if r.focus in keep]

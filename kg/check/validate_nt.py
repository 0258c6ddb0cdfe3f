"""SHACL validation chunk by chunk, for the build.

Every shape of ours looks at a focus node, its own properties and the types of
what it points to.  A text chunk's resources only point into the same chunk or
into the reference data (entities, works, eras, concepts), so validating the
chunk plus the reference triples about what it points to, with the chunk's
subjects as focus nodes, gives the results a whole-graph run gives for those
nodes; the reference data is validated once.  tests/test_build_exact.py checks
that the union of the chunk reports equals one pyshacl run over the whole seeds.

The chunk goes to pyshacl-turbo as N-Triples text, compiled shapes reused: no
rdflib graph is built for the data, which halves the cost of a chunk.
"""

from __future__ import annotations

from kg.check.validate import Result, compiled_shapes, results_from_graph
from kg.terms.nt import to_rdflib


def validate_rows(rows, shapes, focus: set[str] | None) -> list[Result]:
    """Results for ``focus`` (all nodes when None) of the graph made of ``rows``."""
    from pyshacl_turbo.rdf import Input

    text = "".join(f"{s} {p} {o} .\n" for s, p, o in rows)
    _, report, _ = compiled_shapes(shapes).validate(Input(text, "nt", None, {}, {}))
    results = results_from_graph(report, shapes)
    if focus is None:
        return list(results)
    keep = {to_rdflib(f) for f in focus}
    return [r for r in results if r.focus in keep]

"""SHACL validation chunk by chunk, for the build.

Every shape of ours looks at a focus node, its own properties and the types of
what it points to.  A text chunk's resources only point into the same chunk or
into the reference data (entities, works, eras, concepts), so validating
"chunk ∪ reference" with the chunk's subjects as focus nodes gives the results
a whole-graph run gives for those nodes; the reference data is validated once.
tests/test_validate_build.py checks that the union of the chunk reports equals
one ``validate_reference`` run over the whole seed graph.
"""

from __future__ import annotations

from kg.nt import rdflib_graph, to_rdflib
from kg.validate import Report, Result


class ChunkValidator:
    """``set_reference(rows)``, then ``chunk(rows)`` for each chunk, then ``finish()``."""

    def __init__(self, shapes, engine: str = "fast") -> None:
        self.shapes = shapes
        self.engine = engine
        self.reference: list[tuple[str, str, str]] = []
        self.results: list[Result] = []

    def set_reference(self, rows) -> None:
        self.reference = list(rows)

    def _validate(self, rows, focus: set[str] | None) -> Report:
        from kg.validate import validate_fast, validate_reference

        graph = rdflib_graph(rows)
        run = validate_fast if self.engine == "fast" else validate_reference
        report = run(graph, self.shapes)
        if focus is None:
            return report
        keep = {to_rdflib(f) for f in focus}
        return Report([r for r in report.results if r.focus in keep])

    def chunk(self, rows, is_reference: bool = False) -> None:
        if is_reference:
            self.results += self._validate(rows, None).results
            return
        focus = {s for s, _, _ in rows}
        self.results += self._validate(list(rows) + self.reference, focus).results

    def finish(self) -> Report:
        return Report(self.results)

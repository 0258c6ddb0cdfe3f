"""The build's fast paths give exactly what the reference libraries give on the seeds.

The build reasons and validates chunk by chunk (kg.check.reason_nt, kg.check.validate_nt);
owlrl and pyshacl, run once over the whole seed graph, are the reference.  These
two tests take a couple of minutes: owlrl needs about 100 s for the seeds.  They are
marked slow: `make test` (and so CI) runs them, `make test-fast` leaves them out.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from kg.check.reason import compare_closures, reference_closure
from kg.check.shape_terms import load_rdf_dir
from kg.check.validate import Report, results_from_graph, validate_reference
from kg.publish.build import ONTOLOGY_DIR, SHAPES_DIR
from kg.terms.nt import from_rdflib


def _data(out) -> Graph:
    return Graph().parse(out / "xixiaji.nt", format="nt")


@pytest.mark.slow
def test_chunked_reasoning_equals_owlrl_on_the_seeds(built):
    out, res = built
    reference = reference_closure(_data(out), load_rdf_dir(ONTOLOGY_DIR))
    fast = Graph().parse(out / "inferred.nt", format="nt")
    missing, extra = compare_closures(reference, fast)
    assert (len(missing), len(extra)) == (0, 0)
    assert len(fast) == res.inferred > 20000


def _key(r) -> tuple:
    return (from_rdflib(r.focus), r.path, r.severity, str(r.source_shape), str(r.constraint),
            None if r.value is None else from_rdflib(r.value))


@pytest.mark.slow
def test_chunked_validation_equals_one_pyshacl_run_on_the_seeds(built):
    out, res = built
    whole = validate_reference(_data(out), load_rdf_dir(SHAPES_DIR))
    report = Graph().parse(out / "shacl-report.ttl")
    chunked = Report(results_from_graph(report, load_rdf_dir(SHAPES_DIR)))
    assert sorted(map(_key, chunked.results)) == sorted(map(_key, whole.results))
    assert whole.count("Violation") == 0
    assert (whole.count("Warning"), whole.count("Info")) == (res.warnings, res.infos)
    assert len(whole.results) == res.warnings + res.infos > 0

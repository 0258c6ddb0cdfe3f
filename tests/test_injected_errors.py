"""The shapes catch realistic corruptions of the published graph, every one of them.

Each file of tests/fixtures/corruptions/ is a SPARQL Update that damages the seed
build's asserted graph (out/xixiaji.nt) the way a bug in the builder, a bad merge
or a hand edit would: a required property missing, a wrong datatype, a begin after
its end, a dangling IRI, two standings on a reading, an anchor past the end of its
text, an unknown class, a wrong language tag … Its first lines say what it does
(``# …``) and which shapes must report it (``# expect: ShapeName …``, local names
in xxjsh:). The update selects what it damages by query (the first resource of a
class, by IRI), not by a hard-coded IRI, so the catalogue survives changes to the
texts and the parser.

Each corrupted graph is validated whole, with the engine and the completed shapes
that `kg build` and `kg validate` use; the clean graph has no Violation, so every
Violation is the corruption's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.check.shape_terms import load_rdf_dir
from kg.check.validate_nt import validate_rows
from kg.publish.build import SHAPES_DIR

CORRUPTIONS = Path(__file__).resolve().parent / "fixtures" / "corruptions"
XXJSH = "https://w3id.org/xixiaji/shapes#"
CASES = sorted(p.stem for p in CORRUPTIONS.glob("*.ru"))


def _rows(store: ox.Store) -> list[tuple[str, str, str]]:
    """The store's default graph as N-Triples term strings, as the build holds a chunk."""
    return [(str(q.subject), str(q.predicate), str(q.object))
            for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())]


@pytest.fixture(scope="module")
def shapes():
    return load_rdf_dir(SHAPES_DIR)


@pytest.fixture(scope="module")
def seed_nt(built) -> bytes:
    out, _ = built
    return (out / "xixiaji.nt").read_bytes()


def _store(nt: bytes) -> ox.Store:
    store = ox.Store()
    store.load(nt, format=ox.RdfFormat.N_TRIPLES)
    return store


def _expected(path: Path) -> set[str]:
    match = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert match, f"{path.name} says nothing about the shapes that must catch it"
    return set(match.group(1).split())


def test_the_catalogue_is_large_enough():
    assert len(CASES) >= 30


def test_the_seed_graph_has_no_violation(seed_nt, shapes):
    results = validate_rows(_rows(_store(seed_nt)), shapes, focus=None)
    assert [r for r in results if r.severity == "Violation"] == []


def test_every_expected_shape_exists(shapes):
    from rdflib import URIRef

    for name in CASES:
        for local in _expected(CORRUPTIONS / f"{name}.ru"):
            assert (URIRef(XXJSH + local), None, None) in shapes, (name, local)


@pytest.mark.parametrize("name", CASES)
def test_corruption_is_reported_as_a_violation(name, seed_nt, shapes):
    path = CORRUPTIONS / f"{name}.ru"
    store = _store(seed_nt)
    before = set(_rows(store))
    store.update(path.read_text(encoding="utf-8"))
    rows = _rows(store)
    assert set(rows) != before, f"{name}: the update matched nothing in the seed graph"
    violations = [r for r in validate_rows(rows, shapes, focus=None)
                  if r.severity == "Violation"]
    assert violations, f"{name}: no Violation reported"
    fired = {str(r.source_shape).removeprefix(XXJSH) for r in violations}
    assert _expected(path) <= fired, f"{name}: expected {_expected(path)}, got {fired}"

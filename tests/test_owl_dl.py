"""The ontology under an OWL 2 DL reasoner (HermiT through owlready2).

The property chain xxj:citation ∘ xxj:citesWork ⊑ crm:P70i_is_documented_in is written
in the OWL 2 form so that standard reasoners read it; this checks that HermiT loads the
ontology, finds it consistent and draws the chain's conclusion.  HermiT is Java: the
test is skipped, saying why, when owlready2 or a Java runtime is missing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import OWL, RDF, Graph, Namespace

owlready2 = pytest.importorskip("owlready2", reason="owlready2 (HermiT) is not installed")
if shutil.which("java") is None:
    pytest.skip("HermiT needs a Java runtime and none is on PATH "
                "(apt-get install default-jre-headless)", allow_module_level=True)

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "xxj.ttl"
XXJ = Namespace("https://w3id.org/xixiaji/ontology#")
CRM = Namespace("http://www.cidoc-crm.org/cidoc-crm/")
D = Namespace("https://w3id.org/xixiaji/id/")


def test_hermit_draws_the_documented_in_chain(tmp_path) -> None:
    g = Graph().parse(ONTOLOGY, format="turtle")
    event, cit, work = D["event/e1082-00000000"], D["entry/e1082-00000000/citation/1"], D[
        "work/w001"]
    for node, cls in ((event, XXJ.Event), (cit, XXJ.Citation), (work, XXJ.Work)):
        g.add((node, RDF.type, cls))
        g.add((node, RDF.type, OWL.NamedIndividual))
    g.add((event, XXJ.citation, cit))
    g.add((cit, XXJ.citesWork, work))
    path = tmp_path / "xxj-with-data.owl"
    g.serialize(path, format="xml")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    with onto:  # raises OwlReadyInconsistentOntologyError if the ontology is inconsistent
        owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
    documented = world[str(event)].P70i_is_documented_in
    assert [x.iri for x in documented] == [str(work)]
    # the inverse, declared in the ontology, follows
    assert [x.iri for x in world[str(work)].P70_documents] == [str(event)]

"""The registry of entity types agrees with the tables, the ontology and the site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.core.tables import read_tsv
from kg.terms import iri
from kg.terms.entity_types import BY_NAME, BY_PREFIX, ENTITY_TYPES
from kg.web.html import NAV

ROOT = Path(__file__).resolve().parent.parent


def test_the_four_types_in_table_order():
    assert [(t.name, t.table, t.id_prefix) for t in ENTITY_TYPES] == [
        ("person", "persons.tsv", "p"), ("polity", "polities.tsv", "po"),
        ("group", "groups.tsv", "g"), ("place", "places.tsv", "pl")]
    assert BY_PREFIX["po"] is BY_NAME["polity"]


@pytest.mark.parametrize("etype", ENTITY_TYPES, ids=lambda t: t.name)
def test_every_row_of_a_table_has_the_type_s_prefix(etype):
    rows = read_tsv(ROOT / "seeds" / "entities" / etype.table)
    assert rows
    assert {re.sub(r"\d+$", "", r["id"]) for r in rows} == {etype.id_prefix}


def test_the_ontology_declares_each_class():
    ttl = (ROOT / "ontology" / "xxj.ttl").read_text(encoding="utf-8")
    for t in ENTITY_TYPES:
        assert re.search(rf"^xxj:{t.cls}\s+a owl:Class", ttl, re.M), t.cls


def test_the_site_menu_lists_each_index():
    assert [p for p, _ in NAV if p in {t.index for t in ENTITY_TYPES}] == [
        "persons", "polities", "groups", "places"]


def test_an_unknown_type_is_no_iri():
    assert iri.entity("place", "pl001") == "https://w3id.org/xixiaji/id/place/pl001"
    with pytest.raises(iri.IRIError):
        iri.entity("dragon", "d1")

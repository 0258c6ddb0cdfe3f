"""The pieces of publishing that need no server: negotiation, refusals, IRI → document, spans."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.publish.config import load_config
from kg.query.guard import Refused, check
from kg.web.conneg import (
    HTML,
    JSONLD,
    NTRIPLES,
    TURTLE,
    choose_document,
    parse_accept,
    split_suffix,
)
from kg.web.describe import canonical_blank_nodes, document_of
from kg.web.html import Span, annotate
from kg.web.results import CSV, JSON, XML, negotiate
from kg.web.results import TURTLE as RES_TURTLE
from kg.web.serve import prefers_simplified
from kg.web.site import htaccess

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("accept,expected", [
    ("text/turtle", TURTLE),
    ("application/ld+json", JSONLD),
    ("application/n-triples", NTRIPLES),
    ("text/html", HTML),
    (None, HTML),
    ("*/*", HTML),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", HTML),  # a browser
    ("text/turtle;q=0.5, application/ld+json", JSONLD),
    ("application/ld+json;q=0.2, text/turtle;q=0.9, */*;q=0.1", TURTLE),
    ("application/rdf+xml, */*;q=0.1", HTML),
    ("text/*", HTML),
    ("application/x-turtle", TURTLE),
    ("application/json", JSONLD),
    ("application/pdf", None),
    ("text/turtle;q=0", None),
])
def test_choose_document(accept, expected):
    assert choose_document(accept) is expected


def test_parse_accept_keeps_q_values():
    assert parse_accept("text/html;q=0.5, text/turtle") == [("text/html", 0.5),
                                                              ("text/turtle", 1.0)]


@pytest.mark.parametrize("path,expected", [
    ("id/entry/e1.ttl", ("id/entry/e1", TURTLE)),
    ("id/entry/e1.jsonld", ("id/entry/e1", JSONLD)),
    ("id/entry/e1.nt", ("id/entry/e1", NTRIPLES)),
    ("id/entry/e1.html", ("id/entry/e1", HTML)),
    ("id/entry/e1", ("id/entry/e1", None)),
])
def test_split_suffix(path, expected):
    assert split_suffix(path) == expected


@pytest.mark.parametrize("path,expected", [
    ("id/entry/e1082-21dcf988", ("id/entry/e1082-21dcf988", "")),
    ("id/entry/e1082-21dcf988/reading/1", ("id/entry/e1082-21dcf988", "reading-1")),
    ("id/entry/e1082-21dcf988/reading/1/anchor", ("id/entry/e1082-21dcf988", "reading-1")),
    ("id/entry/e1082-21dcf988/timespan", ("id/entry/e1082-21dcf988", "timespan")),
    ("id/dataset/class/3", ("id/dataset", "class/3")),
    ("id/person/p0028", ("id/person/p0028", "")),
    ("concept/role/agent", ("concept/role/agent", "")),
])
def test_document_of(path, expected):
    assert document_of(path) == expected


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { ?s ?p ?o }",
    'SELECT ?insert WHERE { ?s <http://example.org/DELETE> "LOAD" } # DROP it',
    "PREFIX load: <http://example.org/> SELECT * WHERE { ?s load:clear ?o }",
    'SELECT * WHERE { ?s ?p ?o FILTER(lang(?o) = "add") }',
    "ASK { ?s a ?copy }",
])
def test_guard_lets_queries_through(query):
    check(query)


@pytest.mark.parametrize("query,word", [
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT"),
    ("PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("LOAD <http://example.org/data.ttl>", "LOAD"),
    ("CLEAR DEFAULT", "CLEAR"),
    ("drop graph <a:g>", "DROP"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
])
def test_guard_refuses_updates_load_and_service(query, word):
    with pytest.raises(Refused) as info:
        check(query)
    assert word in str(info.value)


def test_guard_locates_the_refused_word():
    with pytest.raises(Refused, match=r"^2:3: SERVICE"):
        check("SELECT * WHERE {\n  SERVICE <http://x/> { ?s ?p ?o } }")


@pytest.mark.parametrize("form,accept,fmt,expected", [
    ("select", None, None, JSON),
    ("select", "application/sparql-results+xml", None, XML),
    ("select", "application/json", None, JSON),
    ("select", "text/csv", None, CSV),
    ("select", "text/turtle", None, None),
    ("select", "text/turtle", "csv", CSV),
    ("graph", None, None, RES_TURTLE),
    ("graph", "application/sparql-results+json", None, None),
    ("ask", "application/xml", None, XML),
])
def test_results_negotiation(form, accept, fmt, expected):
    assert negotiate(form, accept, fmt) == expected


def test_annotate_nests_and_splits_crossing_spans():
    text = "甲乙丙\n丁戊"
    spans = [Span(0, 3, 0, "b"), Span(1, 5, 1, "mark", (("class", "r"),), "r1")]
    assert annotate(text, spans) == (
        '<p><b>甲<mark id="r1" class="r">乙丙</mark></b></p>\n'
        '<p><mark class="r">丁</mark>戊</p>')


def test_annotate_escapes_markup():
    assert annotate("<白>&", []) == "<p>&lt;白&gt;&amp;</p>"


def test_blank_nodes_are_named_by_their_surroundings():
    a = [("_:x1", "<p>", "<o1>"), ("_:x2", "<p>", "<o2>"), ("<s>", "<q>", "_:x2")]
    b = [("_:zz", "<p>", "<o1>"), ("_:aa", "<p>", "<o2>"), ("<s>", "<q>", "_:aa")]
    assert canonical_blank_nodes(a) == canonical_blank_nodes(b)


def _two_lists(names: list[str]) -> list[tuple[str, str, str]]:
    """Two RDF lists that share their first six members and differ in the seventh, each
    the members of a blank axiom node (as owl:AllDisjointClasses)."""
    first, rest, nil = "<rdf:first>", "<rdf:rest>", "<rdf:nil>"
    triples = []
    for k, last in enumerate(("<z1>", "<z2>")):
        nodes = names[8 * k + 1:8 * k + 8]
        members = [f"<m{i}>" for i in range(6)] + [last]
        for i, node in enumerate(nodes):
            triples.append((node, first, members[i]))
            triples.append((node, rest, nodes[i + 1] if i + 1 < len(nodes) else nil))
        triples.append((names[8 * k], "<members>", nodes[0]))
        triples.append((names[8 * k], "<rdf:type>", "<AllDisjointClasses>"))
    return triples


def test_long_lists_that_share_their_first_members_are_named_the_same_way():
    # was: four rounds of hashing left the heads of such lists in parse order
    names = [f"_:n{i:02d}" for i in range(16)]
    one = canonical_blank_nodes(_two_lists(names))
    other = canonical_blank_nodes(_two_lists(list(reversed(names))))
    assert one == other
    assert len({t[0] for t in one if t[0].startswith("_:")}) == 16


def test_the_ontology_document_is_the_same_from_two_loads(tmp_path):
    import pyoxigraph as ox

    from kg.web.describe import Describer

    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology" / "xxj.ttl").write_bytes(
        (Path(__file__).resolve().parent.parent / "ontology" / "xxj.ttl").read_bytes())
    store = ox.Store()
    one, other = Describer(store, tmp_path), Describer(store, tmp_path)
    assert one.side["ontology"] is not other.side["ontology"]
    assert sorted(map(str, one.quads("ontology"))) == sorted(map(str, other.quads("ontology")))
    assert any(isinstance(q.subject, ox.BlankNode) for q in one.quads("ontology"))


@pytest.mark.parametrize("header,simplified", [
    ("zh-CN,zh;q=0.9,en;q=0.8", True), ("zh-TW,zh;q=0.9", False), ("en-GB", False),
    (None, False), ("zh-Hans", True), ("zh-Hant, zh-Hans;q=0.5", False)])
def test_script_from_accept_language(header, simplified):
    assert prefers_simplified(header) is simplified


def test_w3id_rules_point_at_the_configured_host():
    config = load_config()
    rules = (ROOT / "publish" / "w3id" / ".htaccess").read_text(encoding="utf-8")
    targets = set(re.findall(r"RewriteRule \S+ (https://[^/\s]+/)", rules))
    assert targets == {config.host}
    assert re.search(r"\^sparql\$ \S+/sparql \[R=307", rules)


def test_site_rules_cover_every_document_suffix():
    rules = htaccess()
    for suffix in (".ttl", ".jsonld", ".nt", ".html"):
        assert f"$1{suffix} [R=303,L]" in rules
    assert "[R=406,L]" in rules
    assert "ErrorDocument 404 /404.html" in rules

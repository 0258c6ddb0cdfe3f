"""`kg serve` over HTTP on a free loopback port: dereferencing, pages, dumps and /sparql.

One server for the module, on the seed build (the session's `built` fixture), with a
short time limit (2 s) and a small result limit (1000) so both can be reached.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from kg.query.engine import run_query
from kg.query.store import current_store
from kg.terms.namespaces import BASE

from .serve_helpers import Server

ROOT = Path(__file__).resolve().parent.parent
QUERIES = sorted((ROOT / "queries").glob("*.rq"))
ENTRY = "id/entry/e1043-9c7273a2"  # 團練使訛疥（《長編》作鄂特結）侵環州，…
RDF = {"text/turtle": (".ttl", ox.RdfFormat.TURTLE),
       "application/ld+json": (".jsonld", ox.RdfFormat.JSON_LD),
       "application/n-triples": (".nt", ox.RdfFormat.N_TRIPLES)}
RESOURCES = {
    "entry": ENTRY, "event": "id/event/e1043-9c7273a2", "person": "id/person/p0028",
    "polity": "id/polity/po001", "group": "id/group/g0003", "place": "id/place/pl0139",
    "work": "id/work/w001", "era": "id/era/x005-xxj", "text": "id/text/xxj-1043-1044",
    "concept": "concept/role/agent", "scheme": "concept/role", "dataset": "id/dataset",
    "ontology": "ontology",
}
PARTS = {  # part of an entry → (its document, the fragment of the HTML page)
    "citation": (ENTRY + "/citation/1", "citation-1"),
    "reading": (ENTRY + "/reading/1", "reading-1"),
    "time-span": (ENTRY + "/timespan", "timespan"),
    "anchor": (ENTRY + "/reading/2/anchor", "reading-2"),
}
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(built):
    out, _ = built
    srv = Server(out, "--timeout", "2", "--limit", "1000", "--workers", "2")
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def out_dir(built) -> Path:
    return built[0]


def _subjects(body: bytes, fmt) -> set[str]:
    return {q.subject.value for q in ox.parse(body, format=fmt)
            if isinstance(q.subject, ox.NamedNode)}


# --------------------------------------------------------------------------- dereferencing

@pytest.mark.parametrize("kind", sorted(RESOURCES))
@pytest.mark.parametrize("accept", [*RDF, "text/html"])
def test_resource_iri_redirects_to_the_negotiated_document(server, kind, accept):
    path = RESOURCES[kind]
    r = server.get("/" + path, accept)
    suffix = RDF[accept][0] if accept in RDF else ".html"
    assert r.status == 303
    assert r.headers["location"] == f"/{path}{suffix}"
    assert "Accept" in r.headers["vary"]
    doc = server.get(r.headers["location"])
    assert doc.status == 200
    assert doc.headers["content-type"].split(";")[0] == accept
    if accept in RDF:
        assert BASE + path in _subjects(doc.body, RDF[accept][1])
    else:
        assert f'<link rel="canonical" href="{BASE}{path}">' in doc.text


@pytest.mark.parametrize("kind", sorted(PARTS))
@pytest.mark.parametrize("accept", [*RDF, "text/html"])
def test_part_of_an_entry_redirects_to_the_entry_document(server, kind, accept):
    part, fragment = PARTS[kind]
    r = server.get("/" + part, accept)
    assert r.status == 303
    if accept in RDF:
        assert r.headers["location"] == f"/{ENTRY}{RDF[accept][0]}"
        doc = server.get(r.headers["location"])
        assert BASE + part in _subjects(doc.body, RDF[accept][1])
    else:
        assert r.headers["location"] == f"/{ENTRY}.html#{fragment}"
        page = server.get(f"/{ENTRY}.html").text
        assert f'id="{fragment}"' in page


def test_no_accept_header_gets_html(server):
    r = server.request("GET", "/id/person/p0028")
    assert (r.status, r.headers["location"]) == (303, "/id/person/p0028.html")


def test_simplified_readers_are_sent_to_the_simplified_page(server):
    r = server.get("/id/person/p0028", "text/html", Accept_Language="zh-CN,zh;q=0.9")
    assert r.headers["location"] == "/id/person/p0028.hans.html"


def test_unsupported_type_is_406(server):
    r = server.get("/" + ENTRY, "application/pdf")
    assert r.status == 406
    assert "text/turtle" in r.text and "application/ld+json" in r.text


def test_unknown_iri_is_404_with_a_page_that_helps(server):
    r = server.get("/id/entry/e1082-00000000", "text/html")
    assert r.status == 404
    assert "Nothing in this edition has the IRI" in r.text
    assert 'href="../../year/1082.html"' in r.text
    plain = server.get("/id/person/p9999", "text/turtle")
    assert plain.status == 404 and plain.headers["content-type"].startswith("text/plain")
    assert server.get("/id/person/p9999.ttl").status == 404


def test_a_path_that_is_no_iri_is_404_not_an_error(server):
    """%ZZ is left undecoded and %3C decodes to "<": neither makes an IRI, so nothing
    of ours can be named so (this used to be a 500 from the IRI parser)."""
    for path in ("/id/entry/%ZZ", "/id/entry/%3C", "/id/person/%22x%22.ttl",
                 "/id/place/%7B%7D.html"):
        for accept in ("text/html", "text/turtle"):
            r = server.get(path, accept)
            assert r.status == 404, (path, accept, r.status, r.text[:200])


def test_a_query_string_that_is_not_utf8_is_refused_not_mangled(server):
    """%FF decodes to no character: the query would silently become U+FFFD."""
    r = server.get("/sparql?query=ASK%7B%3Fs%20%3Fp%20%22%FF%22%7D",
                   "application/sparql-results+json")
    assert r.status == 400
    assert r.text.strip() == ("the query string is not UTF-8 once percent-decoded: "
                              "percent-encode the UTF-8 bytes of the query")


def test_documents_are_stable_and_revalidate(server):
    a, b = server.get(f"/{ENTRY}.ttl"), server.get(f"/{ENTRY}.ttl")
    assert a.body == b.body and a.headers["etag"] == b.headers["etag"]
    r = server.get(f"/{ENTRY}.ttl", If_None_Match=a.headers["etag"])
    assert r.status == 304 and r.body == b""
    assert a.headers["access-control-allow-origin"] == "*"


def test_entry_document_describes_parts_and_labels_what_it_points_to(server):
    doc = server.get(f"/{ENTRY}.nt").text
    assert f'<{BASE}{ENTRY}/reading/1> <{BASE}ontology#readingText> "鄂特結"@zh-Hant .' in doc
    assert f'<{BASE}id/work/w001> <http://www.w3.org/2000/01/rdf-schema#label> ' \
           '"續資治通鑑長編"@zh-Hant .' in doc
    assert f"<{BASE}id/event/e1043-9c7273a2> <{BASE}ontology#hasAgent> " \
           f"<{BASE}id/person/p0028> ." in doc


def test_writes_are_not_allowed(server):
    r = server.request("PUT", "/id/person/p0028", {"Content-Type": "text/turtle"}, "<a:b> <a:c> 1 .")
    assert r.status == 405


def test_index_pages_and_static_files(server, out_dir):
    assert server.get("/").status == 200
    assert server.get("/years", "text/html").headers["location"] == "/years.html"
    years = server.get("/years.html").text
    assert 'href="year/1082.html"' in years
    year = server.get("/year/1082.html").text
    assert "春正月，上書於遼，求與宋和。" in year
    assert server.get("/year/1990.html").status == 404
    css = server.get("/static/style.css")
    assert css.status == 200 and css.headers["content-type"].startswith("text/css")
    dump = server.get("/dump/xixiaji.nt")
    assert dump.body == (out_dir / "xixiaji.nt").read_bytes()
    assert server.get("/dump/secret.txt").status == 404


# --------------------------------------------------------------------------- pages

def test_entry_page_highlights_each_reading_where_it_is_anchored(server):
    page = server.get(f"/{ENTRY}.html").text
    assert ('<mark id="reading-1" class="reading standing-alternative" '
            'title="續資治通鑑長編: 鄂特結 (for 訛疥) — alternative" data-reading="1">'
            '（《長編》作<a id="mention-2" class="mention" href="../person/p0028.html">鄂特結</a>）'
            '</mark>') in page
    assert 'id="reading-2"' in page
    assert "天授禮法延祚六年秋七月" in page                      # the Xia date as printed
    assert "<time>1043-08-14</time> – <time>1043-09-11</time>" in page  # CE
    assert "<time>1043-08-08</time> – <time>1043-09-05</time>" in page  # Julian
    assert '<a href="../work/w001.html">續資治通鑑長編</a> 卷155' in page
    assert '施事 <small>agent</small></td><td><a href="../person/p0028.html">訛疥</a>' in page


def test_simplified_page_and_the_toggle(server):
    hant = server.get(f"/{ENTRY}.html").text
    hans = server.get(f"/{ENTRY}.hans.html").text
    assert 'href="e1043-9c7273a2.hans.html"' in hant
    assert 'href="e1043-9c7273a2.html"' in hans
    assert "团练使" in hans and "團練使" not in hans
    assert '<html lang="zh-Hans">' in hans


def test_person_page_lists_events_on_a_timeline(server):
    page = server.get("/id/person/p0028.html").text
    assert '<h1>訛疥 <small class="pinyin" lang="zh-Latn-pinyin">É Jiè</small></h1>' in page
    assert '<li class="year"><a class="y" href="../../year/1043.html">1043</a>' in page
    assert 'href="../entry/e1043-9c7273a2.html">團練使訛疥' in page
    assert "<b>鄂特結</b>" in page  # the form 《長編》 writes


def test_work_page_lists_the_entries_citing_it(server):
    page = server.get("/id/work/w001.html").text
    assert "<h1>《續資治通鑑長編》</h1>" in page
    assert 'href="../entry/e1043-9c7273a2.html">團練使訛疥' in page


# --------------------------------------------------------------------------- SPARQL

def _expected(out: Path, query: str, fmt: str) -> str:
    """What `kg query --data out/xixiaji.nt --format FMT` prints (the dump in memory, as the
    endpoint's workers hold it by default)."""
    return run_query(query, data=[out / "xixiaji.nt"], fmt=fmt)


def _expected_on_store(out: Path, query: str, fmt: str) -> str:
    """What `kg query --format FMT` prints from the persistent store (`kg serve --disk`)."""
    return run_query(query, store=current_store(out), fmt=fmt)


@pytest.mark.parametrize("qfile", QUERIES, ids=lambda p: p.stem)
def test_every_example_query_answers_as_kg_query(server, out_dir, qfile):
    query = qfile.read_text(encoding="utf-8")
    for accept, fmt in (("application/sparql-results+json", "json"), ("text/csv", "csv"),
                        ("text/tab-separated-values", "tsv")):
        r = server.sparql_get(query, accept)
        assert r.status == 200, r.text
        assert r.text == _expected(out_dir, query, fmt)
    xml = ET.fromstring(server.sparql_get(query, "application/sparql-results+xml").body)
    ns = "{http://www.w3.org/2005/sparql-results#}"
    rows = json.loads(_expected(out_dir, query, "json"))["results"]["bindings"]
    assert len(xml.findall(f"{ns}results/{ns}result")) == len(rows)


def test_disk_mode_answers_as_kg_query_on_its_store(built):
    """`--disk`: workers read the persistent store; the order of GROUP_CONCAT items (which
    SPARQL leaves open) is then the store's, exactly as `kg query` prints it."""
    out = built[0]
    srv = Server(out, "--disk", "--workers", "1")
    try:
        for qfile in QUERIES:
            query = qfile.read_text(encoding="utf-8")
            r = srv.sparql_get(query, "application/sparql-results+json")
            assert r.text == _expected_on_store(out, query, "json"), qfile.name
    finally:
        srv.stop()


def test_post_form_and_direct_post_answer_like_get(server):
    query = (ROOT / "queries" / "09-entries-per-source.rq").read_text(encoding="utf-8")
    get = server.sparql_get(query, "text/csv").body
    form = server.request("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded",
                                              "Accept": "text/csv"}, urlencode({"query": query}))
    direct = server.request("POST", "/sparql", {"Content-Type": "application/sparql-query",
                                                "Accept": "text/csv"}, query)
    assert form.status == direct.status == 200
    assert form.body == direct.body == get


def test_format_given_in_a_posted_form_is_obeyed(server):
    """format= travels in the form like query= (it used to be read from the URL only)."""
    query = (ROOT / "queries" / "09-entries-per-source.rq").read_text(encoding="utf-8")
    get = server.sparql_get(query, None, format="tsv")
    form = server.request("POST", "/sparql",
                          {"Content-Type": "application/x-www-form-urlencoded"},
                          urlencode({"query": query, "format": "tsv"}))
    assert form.status == get.status == 200
    assert form.headers["content-type"].startswith("text/tab-separated-values")
    assert form.body == get.body


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_an_empty_query_is_refused_as_empty(server, how):
    if how == "get":
        r = server.get("/sparql?query=%20%0A")
    elif how == "form":
        r = server.request("POST", "/sparql", {"Content-Type":
                                               "application/x-www-form-urlencoded"}, "query=")
    else:
        r = server.request("POST", "/sparql", {"Content-Type": "application/sparql-query"}, " ")
    assert (r.status, r.text) == (400, "the query is empty\n")


def test_construct_and_describe_as_rdf(server):
    q = ("CONSTRUCT { ?p rdfs:label ?l } WHERE { BIND(<https://w3id.org/xixiaji/id/person/p0028> "
         "AS ?p) ?p rdfs:label ?l }")
    nt = server.sparql_get(q, "application/n-triples")
    assert nt.text == ('<https://w3id.org/xixiaji/id/person/p0028> '
                       '<http://www.w3.org/2000/01/rdf-schema#label> "訛疥"@zh-Hant .\n')
    for accept in RDF:
        r = server.sparql_get(q, accept)
        assert r.headers["content-type"].split(";")[0] == accept
        assert _subjects(r.body, RDF[accept][1]) == {BASE + "id/person/p0028"}
    d = server.sparql_get(f"DESCRIBE <{BASE}id/person/p0028>", "text/turtle")
    assert "xxj:servedPolity" in d.text


def test_ask(server):
    r = server.sparql_get("ASK { ?s a xxj:Person }")
    assert json.loads(r.body) == {"head": {}, "boolean": True}
    xml = server.sparql_get("ASK { ?s a xxj:Nothing }", "application/sparql-results+xml").text
    assert "<boolean>false</boolean>" in xml


@pytest.mark.parametrize("how", ["update-param", "update-body", "insert", "load", "service"])
def test_endpoint_is_read_only(server, how):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = server.sparql_get(count, "text/csv", Cache_Control="no-cache").text
    if how == "update-param":
        r = server.request("POST", "/sparql", {"Content-Type": "application/x-www-form-urlencoded"},
                           urlencode({"update": "CLEAR ALL"}))
    elif how == "update-body":
        r = server.request("POST", "/sparql", {"Content-Type": "application/sparql-update"},
                           "CLEAR ALL")
    elif how == "insert":
        r = server.sparql_get("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    elif how == "load":
        r = server.sparql_get("LOAD <http://127.0.0.1:1/x.ttl>")
    else:
        r = server.sparql_get("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")
    assert r.status == 400
    assert "read-only" in r.text or "SERVICE" in r.text
    assert r.headers["access-control-allow-origin"] == "*"
    after = server.sparql_get(count, "text/csv", Cache_Control="no-cache").text
    assert after == before and before.startswith("n\r\n") and int(before.split()[1]) > 60000


def test_syntax_error_is_located(server):
    r = server.sparql_get("SELECT ?x WHERE {\n  ?x xxj:nope }")
    assert r.status == 400
    assert r.text.startswith("query:2:")


def test_select_cannot_be_turtle(server):
    assert server.sparql_get("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/turtle").status == 406


def test_cors_preflight_and_headers(server):
    r = server.request("OPTIONS", "/sparql", {"Origin": "http://example.org",
                                              "Access-Control-Request-Method": "POST"})
    assert r.status == 204
    assert r.headers["access-control-allow-origin"] == "*"
    assert "POST" in r.headers["access-control-allow-methods"]


def test_result_limit_cuts_and_says_so(server):
    r = server.sparql_get("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", "text/csv")
    assert r.status == 200
    assert len(list(csv.reader(io.StringIO(r.text)))) == 1 + 1000
    assert "1000" in r.headers["x-result-truncated"]
    small = server.sparql_get("SELECT ?s WHERE { ?s a xxj:Polity }", "text/csv")
    assert "x-result-truncated" not in small.headers


def test_time_limit_stops_a_runaway_query(server, out_dir):
    r = server.sparql_get(HEAVY, "text/csv")
    assert r.status == 503
    assert "time limit of 2 s" in r.text
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s a xxj:Polity }"
    after = server.sparql_get(q, "text/csv")
    assert after.status == 200 and after.text == _expected(out_dir, q, "csv")


def test_cache_and_etag(server):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s a xxj:Group }"
    first = server.sparql_get(q, "text/csv", format="csv")
    second = server.sparql_get(q, "text/csv", format="csv")
    assert second.headers["x-cache"] == "hit" and second.body == first.body
    r = server.get("/sparql?" + urlencode({"query": q, "format": "csv"}), "text/csv",
                   If_None_Match=first.headers["etag"])
    assert r.status == 304
    fresh = server.get("/sparql?" + urlencode({"query": q, "format": "csv"}), "text/csv",
                       Cache_Control="no-cache")
    assert fresh.headers["x-cache"] == "miss" and fresh.body == first.body


def test_missing_query_and_dataset_parameters(server):
    assert server.get("/sparql", "application/sparql-results+json").status == 400
    form = server.get("/sparql", "text/html")
    assert form.status == 200 and "<textarea" in form.text
    r = server.sparql_get("SELECT * WHERE { ?s ?p ?o } LIMIT 1",
                          **{"default-graph-uri": "urn:x"})
    assert r.status == 400


def test_eight_parallel_clients_all_get_right_answers(server, out_dir):
    expected = {q.name: _expected(out_dir, q.read_text(encoding="utf-8"), "json")
                for q in QUERIES}

    def client(k: int) -> list[tuple[str, int, bool]]:
        results = []
        for q in QUERIES[k % len(QUERIES):] + QUERIES[: k % len(QUERIES)]:
            r = server.get("/sparql?" + urlencode({"query": q.read_text(encoding="utf-8")}),
                           "application/sparql-results+json", Cache_Control="no-cache")
            results.append((q.name, r.status, r.text == expected[q.name]))
        return results

    with ThreadPoolExecutor(8) as pool:
        outcomes = [x for batch in pool.map(client, range(8)) for x in batch]
    assert len(outcomes) == 8 * len(QUERIES)
    assert [o for o in outcomes if o[1] != 200 or not o[2]] == []


def test_void_names_the_endpoint(out_dir):
    from kg.publish.config import load_config

    void = ox.Store()
    void.load(path=str(out_dir / "void.ttl"), format=ox.RdfFormat.TURTLE)
    found = [q.object.value for q in void.quads_for_pattern(
        ox.NamedNode(BASE + "id/dataset"), ox.NamedNode("http://rdfs.org/ns/void#sparqlEndpoint"),
        None)]
    assert found == [load_config().sparql_endpoint] == [BASE + "sparql"]


@pytest.mark.parametrize("args, message", [
    (["--port", "99999"], "Invalid value for '--port': 99999 is not in the range 0<=x<=65535."),
    (["--workers", "0"], "Invalid value for '--workers': 0 is not in the range x>=1."),
    (["--timeout", "0"], "Invalid value for '--timeout': 0.0 is not in the range x>0."),
    (["--limit", "-1"], "Invalid value for '--limit': -1 is not in the range x>=1."),
])
def test_serve_refuses_impossible_settings_before_starting(args, message):
    """A port past 65535 used to end in 'internal error (OverflowError …)'; no workers
    left /sparql waiting for ever."""
    from click.testing import CliRunner

    from kg.cli.main import main

    res = CliRunner().invoke(main, ["serve", *args])
    assert res.exit_code == 2
    assert message in res.stderr

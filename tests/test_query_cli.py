"""`kg query` as a user meets it: no tracebacks, many readers, bounded queries, same answers.

Each test runs the command on a copy of the session's seed build (``out/`` in a
temporary working directory), so a query store made here touches nothing else.
"""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli.main import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def workdir(built, tmp_path_factory) -> Path:
    """A working directory whose out/ is a copy of the seed build (without a store)."""
    out, _ = built
    work = tmp_path_factory.mktemp("query-cli")
    shutil.copytree(out, work / "out", ignore=shutil.ignore_patterns("store"))
    return work


def kg(workdir: Path, monkeypatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(workdir)
    res = CliRunner().invoke(main, list(args))
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.stdout, res.stderr


def _labels_zh_hant(nt: Path) -> int:
    """The oracle: rdfs:label literals tagged zh-Hant, counted in the N-Triples text."""
    label = "<http://www.w3.org/2000/01/rdf-schema#label>"
    return sum(1 for line in nt.read_text(encoding="utf-8").splitlines()
               if f" {label} " in line and line.endswith('"@zh-Hant .'))


# --------------------------------------------------------------------------- no tracebacks

def _bad_inputs(tmp: Path) -> dict[str, tuple[list[str], str]]:
    (tmp / "latin1.rq").write_bytes("SELECT * { ?s ?p \"é\" }".encode("latin-1"))
    (tmp / "bad.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b \n garbage <", "utf-8")
    (tmp / "bad.nt").write_bytes(b'<http://a> <http://b> "\xff" .\n')
    (tmp / "data.xml").write_text("<rdf/>", encoding="utf-8")
    (tmp / "folder").mkdir(exist_ok=True)
    (tmp / "ok.nt").write_text("<http://a> <http://b> <http://c> .\n", encoding="utf-8")
    q = "ASK {}"
    return {
        "missing query file": (["-f", "missing.rq"], "kg: error: missing.rq: no such query file"),
        "missing query file named alone": (["missing.rq"],
                                           "kg: error: missing.rq: no such query file"),
        "query file is a folder": (["-f", "folder"],
                                   "kg: error: folder: is a folder, not a query file"),
        "query file not UTF-8": (["-f", "latin1.rq"], "kg: error: latin1.rq: not UTF-8 text "
                                 "(byte 18: 0xe9); save the query as UTF-8"),
        "bad turtle": (["--data", "bad.ttl", q],
                       "bad.ttl:3:2: error: garbage is not a valid RDF object"),
        "bad N-Triples": (["--data", "bad.nt", q], "bad.nt:1:24: error: Invalid UTF-8: "
                          "invalid utf-8 sequence of 1 bytes from index 0"),
        "missing data": (["--data", "nope.ttl", q], "nope.ttl: error: no such data file"),
        "data is a folder": (["--data", "folder", q],
                             "folder: error: is a folder, not an RDF file"),
        "unknown extension": (["--data", "data.xml", q], "data.xml: error: unknown RDF file "
                              "extension '.xml' (expected one of .jsonld, .nq, .nt, .trig, "
                              ".ttl)"),
        "bad turtle, rdflib": (["--engine", "rdflib", "--data", "bad.ttl", q], "bad.ttl: "),
        "syntax error": (["--data", "ok.nt", "SELECT ?x\nWHERE {\n  ?x ?y ?z ?w }"],
                         "query:3:16: "),
        "syntax error in a file": (["--data", "ok.nt", "-f", "syntax.rq"], "syntax.rq:2:"),
        "format for graphs on a SELECT": (["--data", "ok.nt", "--format", "turtle",
                                           "SELECT * {} "],
                                          "kg: error: --format turtle is for CONSTRUCT"),
    }


@pytest.mark.parametrize("case", [
    "missing query file", "missing query file named alone", "query file is a folder", "query file not UTF-8", "bad turtle",
    "bad N-Triples", "missing data", "data is a folder", "unknown extension",
    "bad turtle, rdflib", "syntax error", "syntax error in a file",
    "format for graphs on a SELECT"])
def test_bad_input_is_one_line_without_traceback(tmp_path, monkeypatch, case):
    cases = _bad_inputs(tmp_path)
    (tmp_path / "syntax.rq").write_text("SELECT *\nWHERE { ?a ?b ?c ?d }", encoding="utf-8")
    args, expected = cases[case]
    code, out, err = kg(tmp_path, monkeypatch, "query", *args)
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith(expected), err


def test_a_query_file_named_alone_is_read_like_dash_f(workdir, monkeypatch):
    (workdir / "count-texts.rq").write_text(
        "SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/xixiaji/ontology#Text> }",
        encoding="utf-8")
    by_name = kg(workdir, monkeypatch, "query", "--format", "csv", "count-texts.rq")
    by_flag = kg(workdir, monkeypatch, "query", "--format", "csv", "-f", "count-texts.rq")
    assert by_name == by_flag == (0, "n\n3\n", "")


def test_a_query_and_a_query_file_together_are_refused(workdir, monkeypatch):
    code, out, err = kg(workdir, monkeypatch, "query", "-f", "x.rq", "ASK {}")
    assert code == 2 and out == ""
    assert "give the query either as an argument or with -f, not both" in err


def test_our_own_dumps_are_queryable_in_every_format(workdir, monkeypatch, built):
    _, res = built
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    for name in ("xixiaji.ttl", "xixiaji.nt", "xixiaji.nq", "xixiaji.jsonld"):
        for engine in ("oxigraph", "rdflib"):
            code, out, err = kg(workdir, monkeypatch, "query", "--format", "csv", "--engine",
                                engine, "--data", f"out/{name}", q)
            assert (code, out, err) == (0, f"n\n{res.triples}\n", ""), (name, engine)


# --------------------------------------------------------------------------- many readers

def test_eight_parallel_queries_all_succeed(built, tmp_path):
    """Eight processes at once on a store nobody has built yet: one builds it under the
    lock, all read it read-only; CONSTRUCT with --format csv among them."""
    out, res = built
    shutil.copytree(out, tmp_path / "out", ignore=shutil.ignore_patterns("store"))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    construct = ("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c . "
                 "FILTER(?c = <https://w3id.org/xixiaji/ontology#Text>) }")
    cmds = [[sys.executable, "-m", "kg.cli.main", "query", "--format", "csv",
             construct if i % 2 else count] for i in range(8)]
    procs = [subprocess.Popen(c, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for c in cmds]
    results = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in procs]
    for p in procs:
        p.stdout.close()
        p.stderr.close()
    assert [r[0] for r in results] == [0] * 8, [r[2] for r in results]
    assert {r[1] for r in results[0::2]} == {f"n\n{res.triples}\n"}
    texts = {r[1] for r in results[1::2]}
    assert len(texts) == 1
    assert texts.pop().startswith("subject,predicate,object\n"
                                  "https://w3id.org/xixiaji/id/text/xxj-1043-1044,")
    assert len(list((tmp_path / "out" / "store").iterdir())) == 2  # the .lock and one store


def test_store_is_built_once_then_reused(workdir, monkeypatch):
    store = workdir / "out" / "store"
    shutil.rmtree(store, ignore_errors=True)
    kg(workdir, monkeypatch, "query", "ASK {}")
    [folder] = [p for p in store.iterdir() if p.is_dir()]
    stamp = (folder / "kg-store.json").read_text(encoding="utf-8")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir())
    assert kg(workdir, monkeypatch, "query", "ASK { ?s ?p ?o }") == (0, "true\n", "")
    assert sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()) == before
    assert json.loads(stamp)["inputs"][0]["name"] == "xixiaji.nt"


def test_a_store_that_cannot_be_created_is_a_clear_error(built, tmp_path, monkeypatch):
    out, _ = built
    shutil.copytree(out, tmp_path / "out", ignore=shutil.ignore_patterns("store"))
    (tmp_path / "out" / "store").write_text("not a folder", encoding="utf-8")
    code, out_text, err = kg(tmp_path, monkeypatch, "query", "ASK {}")
    assert code == 1 and out_text == ""
    assert err.startswith("kg: error: out/store: cannot create the query store (")
    assert err.rstrip().endswith("make out/ writable, or query a file with --data "
                                 "out/xixiaji.nt")


# --------------------------------------------------------------------------- complete builds

def test_out_without_the_marker_is_refused(built, tmp_path, monkeypatch):
    out, _ = built
    shutil.copytree(out, tmp_path / "out", ignore=shutil.ignore_patterns("store"))
    (tmp_path / "out" / "build.json").unlink()
    assert kg(tmp_path, monkeypatch, "query", "ASK {}") == (
        1, "", "kg: error: out/ is not from a complete build (no out/build.json): run `kg build`\n")


def test_a_dump_changed_after_the_build_is_refused(built, tmp_path, monkeypatch):
    out, res = built
    shutil.copytree(out, tmp_path / "out", ignore=shutil.ignore_patterns("store"))
    nt = tmp_path / "out" / "xixiaji.nt"
    lines = nt.read_text(encoding="utf-8").splitlines(keepends=True)
    nt.write_text("".join(lines[:9039]), encoding="utf-8")  # a half-written dump
    code, text, err = kg(tmp_path, monkeypatch, "query", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    assert (code, text) == (1, "")
    assert err.startswith("kg: error: out/xixiaji.nt: changed since the build (")
    assert err.rstrip().endswith("run `kg build`")


def test_inferred_without_reasoning_says_what_to_run(built, tmp_path, monkeypatch):
    out, _ = built
    shutil.copytree(out, tmp_path / "out", ignore=shutil.ignore_patterns("store"))
    marker = tmp_path / "out" / "build.json"
    doc = json.loads(marker.read_text(encoding="utf-8"))
    del doc["files"]["inferred.nt"]
    marker.write_text(json.dumps(doc), encoding="utf-8")
    assert kg(tmp_path, monkeypatch, "query", "--inferred", "ASK {}") == (
        1, "", "kg: error: out/inferred.nt: not made by the last build: run `kg build --reason`\n")


# --------------------------------------------------------------------------- bounds

@pytest.mark.parametrize(("query", "expected"), [
    ("SELECT * WHERE {\n  SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
     "query:2:3: SERVICE would send the query to another endpoint over the network: "
     "refused (give --allow-service to allow it)"),
    ("LOAD <http://example.org/x.ttl>",
     "query:1:1: LOAD is a SPARQL Update: refused (kg query only reads the data)"),
    ("PREFIX ex: <http://example.org/>\nINSERT DATA { ex:a ex:b ex:c }",
     "query:2:1: INSERT is a SPARQL Update: refused (kg query only reads the data)"),
    ("SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000,
     "query:1:116: nested deeper than 100 levels of groups, parentheses or brackets: "
     "refused before parsing (--max-depth)"),
])
def test_network_updates_and_deep_queries_are_refused(workdir, monkeypatch, query, expected):
    assert kg(workdir, monkeypatch, "query", query) == (1, "", expected + "\n")


def test_a_long_union_is_refused_before_parsing(workdir, monkeypatch):
    union = "SELECT * WHERE { " + " UNION ".join(f"{{ ?s ?p {i} }}" for i in range(10_000)) \
        + " }"
    code, out, err = kg(workdir, monkeypatch, "query", union)
    assert (code, out) == (1, "")
    assert err == f"kg: error: the query is {len(union):,} characters long, over the limit of " \
        "100,000 (--max-query-chars)\n"
    code, out, err = kg(workdir, monkeypatch, "query", "--max-query-chars", "0", union)
    assert (code, out) == (1, "")
    col = [m.start() for m in re.finditer("UNION", union)][2000] + 1
    assert err == (f"query:1:{col}: more than 2,000 UNION, OPTIONAL, MINUS, || and && "
                   "operators: refused before parsing (--max-operators)\n")


def test_an_engine_crash_is_a_message(workdir, monkeypatch):
    """With the bounds lifted, the engine overflows its stack: the child dies, we report."""
    deep = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    assert kg(workdir, monkeypatch, "query", "--max-depth", "0", deep) == (
        1, "", "kg: error: the query engine crashed (SIGSEGV); a very large or deeply nested "
        "query can do this: simplify it\n")


def test_service_to_a_silent_endpoint_stops_at_the_timeout(workdir, monkeypatch):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        assert kg(workdir, monkeypatch, "query", "--allow-service", "--timeout", "1", q) == (
            1, "", "kg: error: the query was stopped after 1 s (--timeout)\n")


CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_cartesian_product_is_cut_at_the_row_limit(workdir, monkeypatch):
    code, out, err = kg(workdir, monkeypatch, "query", "--format", "tsv", "--max-rows", "500",
                        CARTESIAN)
    assert code == 1
    assert len(out.splitlines()) == 1 + 500, err
    assert err == "kg: warning: answer cut at 500 rows (--max-rows; 0 for no limit)\n"


def test_a_sorted_cartesian_product_stops_at_the_timeout_or_memory_bound(workdir, monkeypatch):
    q = CARTESIAN + " ORDER BY ?a ?l"
    assert kg(workdir, monkeypatch, "query", "--timeout", "1", "--max-memory", "0", q) == (
        1, "", "kg: error: the query was stopped after 1 s (--timeout)\n")
    assert kg(workdir, monkeypatch, "query", "--timeout", "0", "--max-memory", "300", q) == (
        1, "", "kg: error: the query was stopped at 300 MB of memory (--max-memory)\n")


# --------------------------------------------------------------------------- same answers

def test_lang_equality_finds_the_published_tags_in_both_engines(workdir, monkeypatch):
    expected = _labels_zh_hant(workdir / "out" / "xixiaji.nt")
    assert expected > 100
    q = 'SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?l FILTER(lang(?l) = "zh-Hant") }'
    for engine in ("oxigraph", "rdflib"):
        got = kg(workdir, monkeypatch, "query", "--engine", engine, "--format", "csv", q)
        assert got == (0, f"n\n{expected}\n", ""), (engine, got)
    q = 'SELECT (COUNT(*) AS ?n) WHERE { ?s rdfs:label ?l FILTER(langMatches(lang(?l), ' \
        '"ZH-hant")) }'
    for engine in ("oxigraph", "rdflib"):
        assert kg(workdir, monkeypatch, "query", "--engine", engine, "--format", "csv", q) \
            == (0, f"n\n{expected}\n", ""), engine


def test_tags_are_printed_as_published(workdir, monkeypatch):
    q = """SELECT DISTINCT (lang(?l) AS ?tag) WHERE {
      <https://w3id.org/xixiaji/id/person/p0001> skos:altLabel|skos:prefLabel ?l }
      ORDER BY ?tag"""
    answers = {engine: kg(workdir, monkeypatch, "query", "--engine", engine, "--format",
                          "json", q) for engine in ("oxigraph", "rdflib")}
    assert answers["oxigraph"] == answers["rdflib"]
    code, out, _ = answers["oxigraph"]
    rows = json.loads(out)["results"]["bindings"]
    assert [r["tag"]["value"] for r in rows] == ["zh-Hans", "zh-Hant", "zh-Latn-pinyin"]
    q = """SELECT ?l WHERE { <https://w3id.org/xixiaji/id/person/p0001> skos:prefLabel ?l }
           ORDER BY ?l"""
    code, out, _ = kg(workdir, monkeypatch, "query", "--format", "json", q)
    assert {r["l"]["xml:lang"] for r in json.loads(out)["results"]["bindings"]} == {
        "zh-Hans", "zh-Hant", "zh-Latn-pinyin"}


def test_rdflib_answers_from_named_the_same_as_oxigraph(workdir, monkeypatch):
    quads = "out/xixiaji.nq"
    q = """SELECT ?g (COUNT(*) AS ?n) FROM NAMED <https://w3id.org/xixiaji/graph/xxj-1043-1044>
           WHERE { GRAPH ?g { ?s a xxj:Entry } } GROUP BY ?g"""
    answers = [kg(workdir, monkeypatch, "query", "--engine", engine, "--data", quads,
                  "--format", "csv", q) for engine in ("oxigraph", "rdflib")]
    assert answers[0] == answers[1]
    code, out, err = answers[0]
    assert (code, err) == (0, "")
    assert out.startswith("g,n\nhttps://w3id.org/xixiaji/graph/xxj-1043-1044,")


def test_construct_as_json_is_json_ld_and_as_turtle_is_turtle(workdir, monkeypatch):
    q = ("CONSTRUCT { ?t a xxj:Text ; dcterms:title ?l } WHERE { ?t a xxj:Text ; "
         "dcterms:title ?l FILTER(langMatches(lang(?l), 'zh-Hant')) }")
    counts = {}
    for fmt, syntax in (("json", ox.RdfFormat.JSON_LD), ("turtle", ox.RdfFormat.TURTLE),
                        ("ntriples", ox.RdfFormat.N_TRIPLES)):
        code, out, err = kg(workdir, monkeypatch, "query", "--format", fmt, q)
        assert (code, err) == (0, ""), fmt
        counts[fmt] = len(list(ox.parse(out, format=syntax)))
        if fmt == "json":
            doc = json.loads(out)
            assert set(doc) == {"@context", "@graph"}
            assert [v["@language"] for node in doc["@graph"]
                    for v in node.get("dcterms:title", [])] == ["zh-Hant"] * 3
    assert counts["json"] == counts["turtle"] == counts["ntriples"] == 6


def test_help_lists_the_bounds():
    text = CliRunner().invoke(main, ["query", "--help"]).stdout
    for flag in ("--timeout", "--max-rows", "--max-memory", "--max-query-chars", "--max-depth",
                 "--max-operators", "--allow-service"):
        assert flag in text
    assert re.search(r"--format \[table\|csv\|tsv\|json\|turtle\|ntriples\]", text)


def _without_root_privilege() -> list[str] | None:
    """A command prefix under which file permissions apply (root ignores them)."""
    import os

    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    return [setpriv, "--bounding-set=-dac_override", "--inh-caps=-dac_override"]


def test_read_only_out_reads_an_existing_store_and_says_when_it_cannot_make_one(built,
                                                                                 tmp_path):
    prefix = _without_root_privilege()
    if prefix is None:
        pytest.skip("running as root without setpriv: file permissions cannot be tested")
    out, res = built
    work = tmp_path / "out"
    shutil.copytree(out, work, ignore=shutil.ignore_patterns("store"))
    cmd = [*prefix, sys.executable, "-m", "kg.cli.main", "query", "--format", "csv",
           "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]

    def run() -> tuple[int, str, str]:
        proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, check=False)
        return proc.returncode, proc.stdout, proc.stderr

    try:
        work.chmod(0o555)
        assert run() == (1, "", "kg: error: out/store: cannot create the query store (permission "
                         "denied); make out/ writable, or query a file with --data "
                         "out/xixiaji.nt\n")
        work.chmod(0o755)
        assert run() == (0, f"n\n{res.triples}\n", "")  # creates the store
        for path in [work, *work.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        assert run() == (0, f"n\n{res.triples}\n", "")  # reads it, read-only
    finally:
        for path in [work, *work.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)

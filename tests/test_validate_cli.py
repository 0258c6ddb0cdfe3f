"""`kg validate` as a user meets it: every dump format, the build's report, clear refusals."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import SH

from kg.check.shape_terms import load_rdf_dir
from kg.check.validate import compiled_shapes, shapes_digest, validate_files
from kg.cli.main import main
from kg.publish.build import SHAPES_DIR

XSD_DATE = "<http://www.w3.org/2001/XMLSchema#date>"


def kg(cwd: Path, monkeypatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(cwd)
    res = CliRunner().invoke(main, ["validate", *args])
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.stdout, res.stderr


@pytest.mark.parametrize("name", ["xixiaji.ttl", "xixiaji.nt", "xixiaji.nq", "xixiaji.jsonld"])
def test_every_dump_gives_the_builds_own_report(built, monkeypatch, name):
    out, _ = built
    report = (out / "shacl-report.txt").read_text(encoding="utf-8")
    assert kg(out.parent, monkeypatch, f"{out.name}/{name}") == (0, report, "")


def test_default_is_the_built_turtle(built, tmp_path, monkeypatch):
    out, _ = built
    shutil.copytree(out, tmp_path / "out", ignore=shutil.ignore_patterns("store"))
    report = (out / "shacl-report.txt").read_text(encoding="utf-8")
    assert kg(tmp_path, monkeypatch) == (0, report, "")


def test_without_a_build_it_says_to_run_kg_build(tmp_path, monkeypatch):
    assert kg(tmp_path, monkeypatch) == (
        1, "", "kg: error: out/xixiaji.ttl: no such file: run `kg build` first (or name the "
        "files to validate)\n")


def test_a_missing_file_is_not_looked_for_elsewhere(built, tmp_path, monkeypatch):
    out, _ = built
    shutil.copy(out / "xixiaji.ttl", tmp_path / "x.ttl")
    (tmp_path / "sub").mkdir()
    assert kg(tmp_path / "sub", monkeypatch, "x.ttl") == (1, "", "x.ttl: error: no such file\n")


def test_a_syntax_error_is_located(tmp_path, monkeypatch):
    (tmp_path / "bad.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b \n garbage <",
                                      encoding="utf-8")
    assert kg(tmp_path, monkeypatch, "bad.ttl") == (
        1, "", "bad.ttl:3:2: error: garbage is not a valid RDF object\n")


@pytest.mark.parametrize("files", [["inferred.nt"], ["xixiaji.nt", "inferred.nt"],
                                   ["copy.nt"], ["merged.nt"]])
def test_entailments_are_refused_with_the_reason(built, tmp_path, monkeypatch, files):
    out, _ = built
    work = tmp_path / "out"
    shutil.copytree(out, work, ignore=shutil.ignore_patterns("store"))
    shutil.copy(work / "inferred.nt", work / "copy.nt")
    (work / "merged.nt").write_bytes((work / "xixiaji.nt").read_bytes()
                                     + (work / "inferred.nt").read_bytes())
    code, text, err = kg(tmp_path, monkeypatch, *(f"out/{f}" for f in files))
    assert (code, text) == (1, "")
    assert "the shapes describe the asserted graph" in err
    assert len(err.splitlines()) == 1


def test_an_ill_typed_date_is_a_violation_not_a_crash(built, tmp_path, monkeypatch):
    out, _ = built
    lines = (out / "xixiaji.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, line in enumerate(lines) if XSD_DATE in line and "P82a_begin" in line)
    focus = lines[i].split(" ", 1)[0][1:-1]
    lines[i] = lines[i].replace(lines[i].split('"')[1], "1044-13-45")
    (tmp_path / "bad-date.nt").write_text("".join(lines), encoding="utf-8")
    code, text, err = kg(tmp_path, monkeypatch, "bad-date.nt")
    assert (code, err) == (1, "")
    violations = [line for line in text.splitlines() if line.startswith("Violation")]
    assert violations
    # every violation is about that time-span: its own shapes name the bad value; the
    # text-wide checks of day numbers and lunar year name the time-span as their value
    assert all(focus.rsplit("/id/", 1)[1] in v for v in violations)
    assert any('"1044-13-45"^^xsd:date' in v for v in violations)
    follow = text.splitlines()[text.splitlines().index(violations[0]) + 1]
    assert "sh:DatatypeConstraintComponent" in text
    assert follow.startswith("    ")


def test_compiled_shapes_are_cached_by_content_not_by_identity(built):
    out, _ = built
    shapes = load_rdf_dir(SHAPES_DIR)
    first = compiled_shapes(shapes)
    assert compiled_shapes(load_rdf_dir(SHAPES_DIR)) is not None
    # the same object, changed in place: the content decides, not id()
    digest = shapes_digest(shapes)
    closed = next(shapes.subjects(SH.closed, Literal(True)))
    shapes.remove((closed, SH.closed, Literal(True)))
    shapes.add((closed, SH.closed, Literal(False)))
    shapes.add((URIRef("urn:x-test:extra"), SH.message, Literal("changed")))
    assert shapes_digest(shapes) != digest
    assert compiled_shapes(shapes) is not first
    report_before = validate_files([out / "xixiaji.nt"], load_rdf_dir(SHAPES_DIR))
    assert report_before.conforms


SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xxj: <https://w3id.org/xixiaji/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<urn:x-test:TextShape> a sh:NodeShape ; sh:targetClass xxj:Text ;
    sh:property [ sh:path dcterms:title ; sh:minCount 2 ; sh:severity sh:Warning ] .
"""


def test_the_shapes_option_reads_a_file(built, tmp_path, monkeypatch):
    out, _ = built
    (tmp_path / "text.ttl").write_text(SHAPE, encoding="utf-8")
    code, text, err = kg(out.parent, monkeypatch, f"{out.name}/xixiaji.nt",
                         "--shapes", str(tmp_path / "text.ttl"))
    assert (code, err) == (0, "")
    assert text.startswith("SHACL validation: conforms — 0 violations, 3 warnings, 0 infos\n")
    (tmp_path / "broken.ttl").write_text(SHAPE.replace("sh:path dcterms:title ; ", ""),
                                         encoding="utf-8")
    code, text, err = kg(out.parent, monkeypatch, f"{out.name}/xixiaji.nt",
                         "--shapes", str(tmp_path / "broken.ttl"))
    assert (code, text) == (1, "")
    assert err.startswith("kg: error: the shapes cannot be used: ")
    assert kg(tmp_path, monkeypatch, "x.nt", "--shapes", "none")[2] == \
        "none: error: no such shapes file or folder\n"

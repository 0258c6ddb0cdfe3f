"""Publishing out/: atomic, complete, with nothing stale, and a summary that counts right."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.core.manifest import Manifest, TextInfo, load_manifest
from kg.core.outdir import MARKER, OWNED, sha256_file
from kg.publish import build as build_module
from kg.publish.build import build

ROOT = Path(__file__).resolve().parent.parent


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _copy(built, tmp_path: Path) -> Path:
    out, _ = built
    target = tmp_path / "out"
    shutil.copytree(out, target, ignore=shutil.ignore_patterns("store"))
    return target


def test_marker_lists_every_file_with_its_size_and_hash(built):
    out, res = built
    doc = json.loads((out / MARKER).read_text(encoding="utf-8"))
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                   if p.is_file() and p.name != MARKER and "store" not in p.parts)
    assert sorted(doc["files"]) == files
    for name in files:
        assert doc["files"][name] == {"bytes": (out / name).stat().st_size,
                                      "sha256": sha256_file(out / name)}, name
    assert (doc["complete"], doc["ok"], doc["reason"], doc["validate"]) == (True,) * 4
    assert (doc["triples"], doc["inferred"], doc["entries"]) == (res.triples, res.inferred,
                                                                 res.entries)
    assert doc["shacl"] == {"violations": res.violations, "warnings": res.warnings,
                            "infos": res.infos}


def test_a_build_that_raises_leaves_out_as_it_was(built, tmp_path, monkeypatch):
    out = _copy(built, tmp_path)
    before = _tree(out)

    def half_written(staging: Path, *args, **kwargs):
        (staging / "xixiaji.nt").write_text("<a> <b> <c> .\n", encoding="utf-8")
        raise ValueError("persons.tsv:12: error: a bad row")

    monkeypatch.setattr(build_module, "_build_into", half_written)
    with pytest.raises(ValueError, match="persons.tsv"):
        build(out, reason=True, validate=True)
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left


def test_a_build_with_errors_goes_to_out_failed(built, tmp_path):
    out = _copy(built, tmp_path)
    before = _tree(out)
    seeds = load_manifest()
    broken = Manifest(seeds.edition, [*seeds.texts, TextInfo(
        "xxj-9999-9999", tmp_path / "missing.txt", "missing", "", None)])
    res = build(out, manifest=broken, use_cache=False)
    assert not res.ok
    assert res.written == tmp_path / "out.failed"
    assert _tree(out) == before
    findings = (tmp_path / "out.failed" / "findings.txt").read_text(encoding="utf-8")
    assert "missing.txt" in findings and ": error: " in findings
    assert json.loads((tmp_path / "out.failed" / MARKER).read_text())["ok"] is False
    # the next good build publishes and removes the failed folder
    res = build(out, use_cache=True)
    assert res.ok and not (tmp_path / "out.failed").exists()


def test_a_plain_build_after_a_full_one_leaves_nothing_stale(built, tmp_path):
    out = _copy(built, tmp_path)
    (out / "bench.json").write_text('{"seeds_build_s": 1}\n', encoding="utf-8")
    (out / "notes").mkdir()
    (out / "notes" / "todo.txt").write_text("mine\n", encoding="utf-8")
    res = build(out)
    assert res.ok
    names = {p.name for p in out.iterdir()}
    assert not {"inferred.nt", "inferred.ttl", "shacl-report.ttl", "shacl-report.txt"} & names
    assert (out / "bench.json").read_text(encoding="utf-8") == '{"seeds_build_s": 1}\n'
    assert (out / "notes" / "todo.txt").read_text(encoding="utf-8") == "mine\n"
    doc = json.loads((out / MARKER).read_text(encoding="utf-8"))
    assert {name.split("/")[0] for name in doc["files"]} == names - {MARKER, "bench.json",
                                                                     "notes"}
    assert names - {"bench.json", "notes"} <= OWNED
    void = (out / "void.ttl").read_text(encoding="utf-8")
    assert "inferred" not in void


def test_summary_counts_each_severity_as_the_report_does(tmp_path):
    res = CliRunner().invoke(main, ["build", "--reason", "--validate", "--out",
                                    str(tmp_path / "out")])
    assert res.exit_code == 0, res.stderr
    head = (tmp_path / "out" / "shacl-report.txt").read_text(encoding="utf-8").splitlines()[0]
    # "SHACL validation: conforms — 0 violations, 8 warnings, 20 infos"
    counts = head.split(" — ")[1]
    summary = [line for line in res.stderr.splitlines() if " triples, " in line]
    assert len(summary) == 1
    assert summary[0].endswith("; SHACL " + counts), (summary, counts)
    res = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "plain")])
    assert res.exit_code == 0
    assert "not reasoned (--reason); not validated (--validate)" in res.stderr


def test_a_killed_build_leaves_out_and_stops_its_workers(built, tmp_path):
    """SIGTERM while the workers process texts: exit 143, out/ untouched, no worker left."""
    out = _copy(built, tmp_path)
    before = _tree(out)
    script = tmp_path / "slow_build.py"
    script.write_text(f"""
import sys, tempfile
from pathlib import Path
sys.path.insert(0, {str(ROOT)!r})
from bench.run import make_corpus
from kg.publish.build import build, BuildInterrupted
with tempfile.TemporaryDirectory() as tmp:
    manifest = make_corpus(4, Path(tmp))
    try:
        build(Path(sys.argv[1]), reason=True, validate=True, manifest=manifest,
              use_cache=False, workers=2, progress=lambda s: print(s, file=sys.stderr, flush=True))
    except BuildInterrupted as exc:
        sys.exit(128 + exc.signum)
""", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(out)], stderr=subprocess.PIPE,
                            text=True)
    for line in proc.stderr:  # wait until the workers have chunks in hand
        if line.startswith("text "):
            break
    workers = _children(proc.pid)
    assert len(workers) == 2
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    rest = proc.stderr.read()
    proc.stderr.close()
    assert "Traceback" not in rest
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in workers if _alive(pid)] == []
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "slow_build.py"]


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_stale_staging_folders_of_dead_builds_are_removed(built, tmp_path):
    out = _copy(built, tmp_path)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f".out.kg-build-{dead}"
    stale.mkdir()
    (stale / "xixiaji.nt").write_text("half\n", encoding="utf-8")
    assert build(out).ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert os.path.isdir(out)


def test_the_published_source_file_does_not_depend_on_the_working_folder(tmp_path, monkeypatch):
    from kg.core.manifest import published_path

    text = load_manifest().texts[0].path
    inside = published_path(text)
    monkeypatch.chdir(tmp_path)
    assert published_path(text) == inside == "seeds/texts/xxj-1043-1044-tianshou-6-7.txt"
    assert published_path(tmp_path / "sub" / "mine.txt") == "mine.txt"


def test_a_text_outside_the_project_builds_without_a_machine_path(tmp_path):
    """A manifest outside the project (the bench corpora are one) must still conform:
    the graph names such a text by its file name, never by an absolute path."""
    seeds = load_manifest()
    copy = tmp_path / "texts" / "copy.txt"
    copy.parent.mkdir()
    shutil.copyfile(seeds.texts[0].path, copy)
    manifest = Manifest(seeds.edition, [TextInfo("xxj-1043-1044", copy, "copy", "", None)])
    res = build(tmp_path / "out", reason=False, validate=True, manifest=manifest,
                use_cache=False)
    assert (res.ok, res.violations) == (True, 0)
    nt = (tmp_path / "out" / "xixiaji.nt").read_text(encoding="utf-8")
    assert ('<https://w3id.org/xixiaji/id/text/xxj-1043-1044> '
            '<https://w3id.org/xixiaji/ontology#sourceFile> "copy.txt" .') in nt
    assert str(tmp_path) not in nt

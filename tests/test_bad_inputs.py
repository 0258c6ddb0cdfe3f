"""Bad input never ends in a traceback: each case is one line and exit status 1.

Every error line is ``file:line:col: error: message [code]`` where there is a
position, else ``kg: error: …``.  The catalogue: files that are not UTF-8 text
(each encoding named), binary, empty, a folder, a missing file, input over the
size limit, /dev/zero; curated data that `kg build` cannot read; an output folder
that cannot be written; a reader that closes the pipe.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import EXIT_CLOSED_PIPE, main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "texts" / "xxj-1082-1083-daian-8-9.txt"
KG = [sys.executable, "-m", "kg.cli.main"]

TEXT = ("西夏稱大安八年\n"
        "春正月，遣使如遼，請以兵助攻宋。（《遼史·道宗紀》）\n"
        "夏四月，宋種諤築城於葭蘆，梁乙埋率眾爭之，不克。（《長編》三百二十五）\n")
SIMPLIFIED = "春正月，遣使如辽，请以兵助攻宋。梁乙埋率众争之，不克。\n"

ERROR_LINE = re.compile(r"^(?:[^\s:][^:]*:\d+:\d+: error: .+ \[[a-z-]+\]"
                        r"|kg: error: .+)$")

# name → (bytes or a callable giving the path, fragment the message must hold)
BAD_FILES = {
    "big5": (TEXT.encode("big5"), "it looks like Big5"),
    "gbk-simplified": (SIMPLIFIED.encode("gbk"), "it looks like GBK/GB18030"),
    "gb18030-traditional": (TEXT.encode("gb18030"), "it looks like GBK/GB18030"),
    "utf-16-bom-le": (TEXT.encode("utf-16"), "UTF-16 (little-endian, with BOM)"),
    "utf-16-bom-be": (b"\xfe\xff" + TEXT.encode("utf-16-be"), "UTF-16 (big-endian, with BOM)"),
    "utf-16le-no-bom": (TEXT.encode("utf-16-le"), "UTF-16 (little-endian, no BOM)"),
    "utf-16be-no-bom": (TEXT.encode("utf-16-be"), "UTF-16 (big-endian, no BOM)"),
    "utf-32-bom": (TEXT.encode("utf-32"), "UTF-32 (little-endian, with BOM)"),
    "latin-1": ("Chronique des Xia, année 1082 : été\n".encode("latin-1"), "single-byte"),
    "cp1252": ("“Xixia” – the chronicle\n".encode("cp1252"), "single-byte"),
    "utf-8-cut-in-a-character": (TEXT.encode()[:-2], "invalid byte 0xef at byte 202 (the "
                                 "file ends in the middle of a character: was it cut short?)"),
    "utf-8-encoded-surrogate": (b"\xe6\x98\xa5\xed\xa0\x80\n", "not UTF-8: invalid byte 0xed"),
    "overlong-utf-8": (b"\xe6\x98\xa5\xc0\xaf\n", "not UTF-8: invalid byte 0xc0"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary data"),
    "nul-in-text": (TEXT.encode() + b"\x00" + TEXT.encode(), "binary data (byte 0x00"),
    "escape-codes": (b"\x1b[2J\x1b[H" * 20, "binary data"),
    "empty": (b"", "empty file"),
    "white-space-only": ("\n \u3000\n\t\n".encode(), "only white space"),
    "bom-only": (b"\xef\xbb\xbf", "only white space"),
    "directory": (lambda tmp: tmp, "is a directory"),
    "missing": (lambda tmp: tmp / "no-such-file.txt", "no such file"),
    "dev-zero": (lambda tmp: Path("/dev/zero"), "binary data (byte 0x00 at byte 0)"),
}


def _path(tmp_path: Path, name: str) -> Path:
    spec = BAD_FILES[name][0]
    if callable(spec):
        return spec(tmp_path)
    path = tmp_path / f"{name}.txt"
    path.write_bytes(spec)
    return path


def _check_errors(result, fragment: str) -> None:
    assert result.exit_code == 1, (result.exit_code, result.stderr)
    assert isinstance(result.exception, SystemExit), result.exception
    errors = [ln for ln in result.stderr.splitlines() if " error: " in ln]
    assert errors, result.stderr
    for line in result.stderr.splitlines():
        assert "Traceback" not in line
    for line in errors:
        assert ERROR_LINE.match(line), line
    assert any(fragment in line for line in errors), (fragment, errors)


@pytest.mark.parametrize("name", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["parse", "dates", "sources", "report"])
def test_bad_file_is_one_error_line_and_exit_1(tmp_path, name, command):
    if name == "dev-zero" and not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    path = _path(tmp_path, name)
    result = CliRunner().invoke(main, [command, str(path)])
    _check_errors(result, BAD_FILES[name][1])
    assert "internal error" not in result.stderr


def test_unlocated_errors_read_kg_error():
    result = CliRunner().invoke(main, ["sources", "no-such-file.txt"])
    assert result.stderr.splitlines() == ["kg: error: no-such-file.txt: no such file [io]"]
    assert result.exit_code == 1


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(TEXT.encode() * 2000)
    result = CliRunner().invoke(main, ["parse", str(big), "--max-bytes", "100000"])
    _check_errors(result, "larger than the input limit of 100000 bytes")
    assert result.stdout == ""
    ok = CliRunner().invoke(main, ["parse", str(big), "--max-bytes", str(10 ** 7)])
    assert ok.exit_code == 0


def test_the_size_limit_is_streamed(tmp_path, monkeypatch):
    """An endless input is cut at the limit: never read whole (no MemoryError)."""
    from kg.text import source

    reads = []

    class Endless:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self, n):
            reads.append(n)
            return "春".encode() * (n // 3)

    monkeypatch.setattr(Path, "open", lambda self, mode="r": Endless())
    with pytest.raises(source.InputError) as info:
        source.read_bytes(tmp_path / "endless", "endless", max_bytes=5 * 2 ** 20)
    assert info.value.kind == "too-large"
    assert sum(reads) <= 7 * 2 ** 20


def test_big5_is_not_called_gbk_and_utf16_not_binary(tmp_path):
    from kg.text.source import InputError, decode

    for data, named in ((TEXT.encode("big5"), "Big5"),
                        (TEXT.encode("utf-16-le"), "UTF-16")):
        with pytest.raises(InputError) as info:
            decode(data, "x.txt")
        assert info.value.kind == "encoding"
        assert named in info.value.message
        assert "GB18030" not in info.value.message


def test_closed_pipe_ends_quietly_with_the_sigpipe_status():
    proc = subprocess.Popen(KG + ["parse", str(SEED)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=ROOT)
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert first.startswith(b'{"id": ')
    assert proc.returncode == EXIT_CLOSED_PIPE
    assert "Traceback" not in err and "Exception ignored" not in err
    assert "BrokenPipe" not in err


# -- kg build with bad curated data ---------------------------------------------------

@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of the project's data (seeds, ontology, shapes) that a test may break;
    `kg build` reads the seeds named by KG_SEEDS and the ontology and shapes beside them."""
    root = tmp_path_factory.mktemp("project")
    for name in ("ontology", "shapes"):
        (root / name).symlink_to(ROOT / name)
    return root


def _build(project: Path, edit) -> subprocess.CompletedProcess:
    seeds = project / "seeds"
    if seeds.exists():
        shutil.rmtree(seeds)
    shutil.copytree(ROOT / "seeds", seeds)
    edit(seeds)
    env = dict(os.environ, KG_SEEDS=str(seeds))
    return subprocess.run(KG + ["build", "--out", str(project / "out")], cwd=project,
                          env=env, capture_output=True, text=True, timeout=600)


def _append(path: Path, text: str) -> int:
    """Append text to a file; return the line number of its first line."""
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before.count("\n") + 1


def _person_row(cells: int) -> str:
    row = ["p0999", "測試人", "", "", "po002", "1082", "1083", "test row", "", "", "", "test"]
    return "\t".join((row + [""] * cells)[:cells]) + "\n"


def _manifest(seeds: Path, text: str) -> int:
    return _append(seeds / "manifest.toml", text)


CURATED = {
    "manifest-not-toml": (
        lambda s: _manifest(s, "\n[texts.broken\nfile = 1\n"),
        r"seeds/manifest\.toml:{line}:\d+: error: not valid TOML: ", 1),
    "manifest-text-without-file": (
        lambda s: _manifest(s, "\n[texts.xxj-no-file]\ntitle = \"x\"\n"),
        r"seeds/manifest\.toml:{line}: error: texts\.xxj-no-file has no 'file'", 1),
    "manifest-start-year-string": (
        lambda s: _manifest(s, "\n[texts.xxj-str]\nfile = \"texts/xxj-1082-1083-daian-8-9.txt\"\n"
                               "start_year = \"1082\"\n"),
        r"seeds/manifest\.toml:{line}: error: texts\.xxj-str: start_year must be a whole "
        r"number \(a CE year\), not '1082'", 1),
    "manifest-unsafe-text-id": (
        lambda s: _manifest(s, "\n[texts.\"xxj 1082/a\"]\n"
                               "file = \"texts/xxj-1082-1083-daian-8-9.txt\"\n"),
        r"seeds/manifest\.toml:{line}: error: text id 'xxj 1082/a' is not ASCII-safe", 1),
    "persons-extra-cell": (
        lambda s: _append(s / "entities" / "persons.tsv", _person_row(13)),
        r"seeds/entities/persons\.tsv:{line}: error: 13 cells, the header has 12", 0),
    "persons-missing-cells": (
        lambda s: _append(s / "entities" / "persons.tsv", _person_row(6)),
        r"seeds/entities/persons\.tsv:{line}: error: 6 cells, the header has 12", 0),
    "persons-year-not-a-number": (
        lambda s: _append(s / "entities" / "persons.tsv",
                          _person_row(12).replace("\t1082\t", "\t一〇八二\t")),
        r"seeds/entities/persons\.tsv:{line}: error: active_from '一〇八二' is not a CE year", 0),
    "persons-duplicate-id": (
        lambda s: _append(s / "entities" / "persons.tsv",
                          _person_row(12).replace("p0999", "p0001")),
        r"seeds/entities/persons\.tsv:{line}: error: duplicate entity id p0001 "
        r"\(first on line \d+\)", 0),
    "word-lists-unknown-list": (
        lambda s: _append(s / "word-lists.tsv", "place-suffixes\t府\t1\ttest row\n"),
        r"seeds/word-lists\.tsv:{line}: error: list 'place-suffixes' is not one of", 0),
}


@pytest.mark.parametrize("case", sorted(CURATED))
def test_build_with_bad_curated_data_is_one_located_error(project, case):
    edit, pattern, offset = CURATED[case]
    where: list[int] = []
    result = _build(project, lambda seeds: where.append(edit(seeds)))
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    errors = [ln for ln in result.stderr.splitlines() if " error: " in ln]
    assert len(errors) == 1, result.stderr[-2000:]
    assert re.match(pattern.format(line=where[0] + offset), errors[0]), errors[0]


def test_unwritable_output_folder_says_what_to_do(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("not a folder")
    result = CliRunner().invoke(main, ["build", "--out", str(target)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [
        f"kg: error: {target}: cannot write the output here (File exists): make the folder "
        "writable or choose another one with --out"]


def test_permission_denied_while_writing_says_what_to_do(tmp_path, monkeypatch):
    import kg.publish.build

    def denied(out, **kwargs):
        raise PermissionError(13, "Permission denied", str(out / "xixiaji.ttl"))

    monkeypatch.setattr(kg.publish.build, "build", denied)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--out", str(out)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.stderr.splitlines() == [
        f"kg: error: {out}/xixiaji.ttl: permission denied: make it writable (or choose "
        "another folder with --out) and run the command again"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into a read-only folder")
def test_read_only_output_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o555)
    try:
        result = CliRunner().invoke(main, ["build", "--out", str(out)])
    finally:
        out.chmod(0o755)
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "cannot write the output here (Permission denied)" in result.stderr

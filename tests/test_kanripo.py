"""Kanripo: reading repositories, juan and chapters, passage alignment, the link tables.

Offline: the repositories are made from invented texts in the Kanripo layout
(tests/fixtures/kanripo); the committed tables are checked on the seed texts.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli.main import main
from kg.linking.align import Normaliser, Query, best_passage, control_juan
from kg.linking.kanripo import (
    PRIVATE_CHAR,
    Catalogue,
    KanripoError,
    Repo,
    juan_number,
    parse_catalogue,
    read_header,
    strip_markup,
)
from kg.linking.kanripo_tables import (
    ChapterRow,
    alignment_table,
    chapter_juan,
    citation_juan,
    juan_iri,
    juan_table,
)
from kg.linking.link_kanripo import check_works, link_citations, scan_repo, write_tables
from kg.sources.works import WorkTable

FIX = Path(__file__).parent / "fixtures" / "kanripo"
GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org",
       "-c", "init.defaultBranch=master"]


def _git_repo(src: Path, dest: Path, bare: bool = False) -> Path:
    shutil.copytree(src, dest)
    subprocess.run([*GIT, "init", "-q"], cwd=dest, check=True)
    subprocess.run([*GIT, "add", "."], cwd=dest, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "fixture"], cwd=dest, check=True)
    if not bare:
        return dest
    target = dest.parent / (dest.name + ".git")
    subprocess.run([*GIT, "clone", "-q", "--bare", str(dest), str(target)], check=True)
    return target


@pytest.fixture(scope="module")
def repo_dirs(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("kanripo")
    work = _git_repo(FIX / "KR9z0001", base / "KR9z0001")
    bare = _git_repo(FIX / "KR9z0001", base / "bare" / "KR9z0001", bare=True)
    cat = _git_repo(FIX / "catalog", base / "KR-Catalog")
    return {"work": work, "bare": bare, "catalog": cat}


def test_strip_markup_keeps_file_offsets() -> None:
    text = (FIX / "KR9z0001" / "KR9z0001_003.txt").read_text(encoding="utf-8")
    st = strip_markup(text)
    assert st.text.startswith("欽定四庫全書試編巻一宋某甲撰本紀第一明宗一元年春正月")
    assert "一作千餘" in st.text and "¶" not in st.text and "<" not in st.text
    assert st.text.count(PRIVATE_CHAR) == 1
    for ch, off in zip(st.text, st.offsets):
        if ch == PRIVATE_CHAR:
            assert text[off:off + 8] == "&KR0001;"
        else:
            assert text[off] == ch
    i = st.text.index("三月夏人")
    assert st.file_span(i, i + 4) == (text.index("三月夏人"), text.index("三月夏人") + 4)


def test_juan_header_and_title_line() -> None:
    head = read_header((FIX / "KR9z0001" / "KR9z0001_004.txt").read_text(encoding="utf-8"))
    assert (head.kr_id, head.title, head.juan_label, head.juan) == ("KR9z0001", "試編", "卷二", 2)
    assert (head.title_line, head.title_juan) == ("試編巻二", 2)
    assert head.headings == ("列傳第一", "張三(子四五/)　李六")
    assert [juan_number(x) for x in ("卷三百二十三", "巻十六", "3", "目録上", "卷第一")] == [
        323, 16, 3, None, 1]


@pytest.mark.parametrize("kind", ["work", "bare"])
def test_repo_scan_reads_juan_from_headers_not_file_numbers(repo_dirs, kind) -> None:
    repo = Repo.open(repo_dirs[kind])
    assert repo.kr_id == "KR9z0001" and len(repo.commit) == 40 and repo.branch == "master"
    assert repo.juan_files() == [f"KR9z0001_00{n}.txt" for n in (0, 3, 4, 5, 6)]
    scan = scan_repo(repo)
    assert {j: r.file for j, r in scan.juan.items()} == {
        1: "KR9z0001_003.txt", 2: "KR9z0001_004.txt", 4: "KR9z0001_006.txt"}
    assert scan.problems == ["KR9z0001/KR9z0001_005.txt: header says juan 3, title line "
                             "'試編巻四' says 4: not used"]
    assert [(c.juan, c.division, c.subject, c.relatives, c.basis) for c in scan.chapters] == [
        (1, "本紀第一", "明宗一", "", "header"),
        (2, "列傳第一", "張三", "子四五", "header"),
        (2, "列傳第一", "李六", "", "header"),
        (2, "列傳第一", "外國", "", "subheading"),
        (4, "本紀第二", "明宗二", "", "header"),
    ]


def test_repo_open_refuses_what_is_not_a_kanripo_repository(tmp_path) -> None:
    with pytest.raises(KanripoError, match="not a git work tree"):
        Repo.open(tmp_path)
    result = CliRunner().invoke(main, ["link", "kanripo", "--kanripo", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip().endswith("not a git work tree or bare git directory")
    assert "Traceback" not in result.output


def test_chapter_resolution() -> None:
    rows = [ChapterRow("KR9z0001", 1, "本紀第一", "明宗一", "", "header"),
            ChapterRow("KR9z0001", 4, "本紀第二", "明宗二", "", "header"),
            ChapterRow("KR9z0001", 2, "列傳第一", "張三", "子四五", "header"),
            ChapterRow("KR9z0001", 2, "列傳第一", "外國", "", "subheading"),
            ChapterRow("KR9z0001", 7, "列傳第三", "种世衡", "子古諤誼", "header"),
            ChapterRow("KR9z0001", 8, "列傳第四", "徐禧", "李稷附", "header"),
            ChapterRow("KR9z0001", 9, "列傳第五", "李師中", "", "header")]
    assert chapter_juan("KR9z0001", "明宗本紀", rows) == ([1, 4], "subject")
    assert chapter_juan("KR9z0001", "張三傳", rows) == ([2], "subject")
    assert chapter_juan("KR9z0001", "外國傳", rows) == ([2], "subject")
    # 種 and 种 are one surname after normalisation; 諤 is listed under 种世衡
    assert chapter_juan("KR9z0001", "種諤傳", rows) == ([7], "relative")
    assert chapter_juan("KR9z0001", "李稷傳", rows) == ([8], "relative")
    # 中 ends the name, it is no ordinal here
    assert chapter_juan("KR9z0001", "李師中傳", rows) == ([9], "subject")
    assert chapter_juan("KR9z0001", "明宗傳", rows) == ([], "")
    assert chapter_juan("KR9z0002", "張三傳", rows) == ([], "")


def test_normaliser_is_one_to_one() -> None:
    norm = Normaliser({"巻": "卷", "冦": "寇"})
    assert norm.text("試編巻一冦邉種") == "试编卷一寇邉种"
    assert len(norm.text("&KR0001;〓𠀋")) == len("&KR0001;〓𠀋")


def test_best_passage_and_control() -> None:
    norm = Normaliser({})
    entry = "三月，夏人寇邊，知延州某乙擊走之。（《試編》一）"
    q = Query.build(entry, norm, [(entry.index("（"), len(entry))])
    assert q.chars == norm.text("三月夏人寇邊知延州某乙擊走之")
    target = norm.text("二月遣使巡行諸州三月夏人寇邊知延州某乙率兵擊走之斬首數百級")
    m = best_passage(q, target)
    assert (m.matched, m.total, m.score) == (12, 13, 0.923)
    assert target[m.start:m.end] == norm.text("三月夏人寇邊知延州某乙率兵擊走之")
    assert (m.q_start, m.q_end) == (0, entry.index("。"))
    assert m.found(control=0.2) and not m.found(control=0.5)
    assert best_passage(q, norm.text("秋七月大水")) is None
    assert control_juan(list(range(1, 201)), [100]) == [14, 52, 138, 172]


def _record(entry: str, cites: list[dict]) -> dict:
    head_end = entry.index("。") + 1
    return {"id": "e1000-00000001", "file": "t.txt", "line": 3, "col": 1,
            "entry_text": entry, "headline_span": [0, head_end],
            "narrative_span": [head_end, entry.index("（")], "citations": cites,
            "note_spans": [], "quotes": []}


def test_link_citations_on_fixture_repository(repo_dirs, tmp_path) -> None:
    works = WorkTable.load(FIX / "works.tsv")
    works.by_id["w001"] = works.by_id["w001"].__class__(
        **{**works.by_id["w001"].__dict__, "kanripo": "KR9z0001"})
    repo = Repo.open(repo_dirs["bare"])
    scans = {"KR9z0001": scan_repo(repo)}
    entry = "三月，夏人寇邊。知延州某乙率兵擊走之，斬首數百級，詔褒之。（《試編》一）"
    cite = {"work_id": "w001", "juan": 1, "juan_end": None, "section": None,
            "raw": "《試編》一", "start": entry.index("（") + 1, "end": len(entry) - 1}
    chapter = {"work_id": "w001", "juan": None, "section": "明宗本紀", "raw": "《試編·明宗本紀》",
               "start": entry.index("（") + 1, "end": len(entry) - 1}
    rows, stats = link_citations([_record(entry, [cite, chapter])], scans, works=works)
    assert stats == {"citations of a work with a Kanripo repository": 2, "linked": 2,
                     "found": 2, "not-found": 0}
    text = repo.read("KR9z0001_003.txt")
    for row in rows:
        assert (row["juan"], row["file"], row["status"]) == (1, "KR9z0001_003.txt", "found")
        assert text[row["start"]:row["end"]] == "三月夏人冦邉知延州某乙率兵擊走之斬首數百級¶\n獲馬羊甚衆(一作千餘)詔褒之"
        assert (row["entry_start"], row["entry_end"]) == (0, entry.index("，詔褒之") + 4)
    write_tables(scans, rows, seeds=tmp_path, keep_others=False)
    juan = (tmp_path / "kanripo-juan.tsv").read_text(encoding="utf-8").splitlines()
    assert juan[-3:] == [f"KR9z0001\t{j}\tKR9z0001_00{f}.txt\t試編巻{c}\t{repo.commit}"
                         for j, f, c in ((1, 3, "一"), (2, 4, "二"), (4, 6, "四"))]
    aligned = (tmp_path / "kanripo-alignments.tsv").read_text(encoding="utf-8")
    assert "三月" not in aligned and "夏人" not in aligned  # offsets only, never text


def test_check_works_against_catalogue(repo_dirs, tmp_path) -> None:
    entries = parse_catalogue((FIX / "catalog" / "KR" / "KR9z.txt").read_text(encoding="utf-8"),
                              "KR/KR9z.txt")
    assert [(e.kr_id, e.title, e.dynasty, e.author, e.extent, e.line) for e in entries] == [
        ("KR9z0001", "試編", "宋", "某甲", "4 卷", 3), ("KR9z0002", "別錄", "宋", "某丁", "1 卷", 10)]
    cat = Catalogue.open(repo_dirs["catalog"])
    works = tmp_path / "works.tsv"
    shutil.copy(FIX / "works.tsv", works)
    rep = check_works(cat, works, write=True, today="2026-12-05")
    assert rep.lines == ["w001\t試編\tKR9z0001\tsuggested\t試編-宋-某甲"]
    row = WorkTable.load(works).by_id["w001"]
    assert row.kanripo == "KR9z0001"
    assert row.kanripo_checked == (f"title and author match: catalogue KR/KR9z.txt 「試編-宋-某甲」, "
                                   f"4 卷 (kanripo/KR-Catalog {cat.commit[:7]}), 2026-12-05")
    again = check_works(cat, works, today="2026-12-05")
    assert again.lines == ["w001\t試編\tKR9z0001\tverified\t試編-宋-某甲"] and not again.errors


# ---------------------------------------------------------------- the committed tables


def _seed_citations():
    from kg.core.manifest import load_manifest
    from kg.pipeline.run import parse_file

    for info in load_manifest().texts:
        for rec in parse_file(info.path, text_id=info.id, with_entities=False).records:
            for n, c in enumerate(rec["citations"], 1):
                yield rec, n, c


def test_seed_citations_link_to_verified_juan() -> None:
    from kg.sources.works import default_table

    works = default_table()
    main_works = {"w001", "w002", "w003", "w004"}
    total = linked = 0
    for _rec, _n, c in _seed_citations():
        if c.get("work_id") in main_works:
            total += 1
            linked += bool(citation_juan(c, works.by_id[c["work_id"]].kanripo)[0])
    assert (linked, total) == (195, 205)  # 95.1 %


def test_chapter_juan_from_the_committed_headings() -> None:
    assert chapter_juan("KR2a0032", "夏國傳") == ([485, 486], "subject")
    assert chapter_juan("KR2a0033", "西夏外紀") == ([115], "subject")
    assert chapter_juan("KR2a0035", "西夏傳") == ([134], "subject")
    assert chapter_juan("KR2a0032", "神宗本紀") == ([14, 15, 16], "subject")
    assert chapter_juan("KR2a0032", "種諤傳") == ([335], "relative")
    assert juan_table()[("KR2b0019", 323)].file == "KR2b0019_327.txt"
    assert juan_iri("KR2b0019", "KR2b0019_327.txt") == (
        "https://github.com/kanripo/KR2b0019/blob/master/KR2b0019_327.txt")


def test_alignment_table_figures_and_not_found_findings() -> None:
    from kg.linking.kanripo_graph import passage_findings

    rows = list(alignment_table().values())
    found = [r for r in rows if r.status == "found"]
    assert (len(found), len(rows)) == (153, 200)  # 76.5 % of the linked citations
    assert all(0 <= r.start < r.end and 0 <= r.entry_start < r.entry_end for r in found)
    assert all(r.score >= 2 * r.control for r in found)
    findings = [f for rec, n, _c in _seed_citations() if n == 1
                for f in passage_findings(rec)]
    assert len(findings) == 47
    assert {f.code for f in findings} == {"citation-not-found"}


def test_passage_annotation_of_a_seed_citation() -> None:
    from kg.graph.triples import new_graph
    from kg.linking.kanripo_graph import passage_resources

    rec, n, _c = next((r, n, c) for r, n, c in _seed_citations()
                      if r["id"] == "e1082-f7b2478d" and n == 1)
    g = new_graph()
    passage_resources(g, rec)
    cit = "https://w3id.org/xixiaji/id/entry/e1082-f7b2478d/citation/1"
    oa, xxj = "http://www.w3.org/ns/oa#", "https://w3id.org/xixiaji/ontology#"
    juan = "https://github.com/kanripo/KR2a0032/blob/master/KR2a0032_016.txt"
    al = alignment_table()[("e1082-f7b2478d", 1)]
    assert (al.juan, al.status) == (16, "found")
    assert (f"<{cit}>", f"<{xxj}citesJuan>", f"<{juan}>") in g
    assert (f"<{cit}>", f"<{xxj}passage>", f"<{cit}/passage>") in g
    assert (f"<{cit}/passage/target>", f"<{oa}hasSource>", f"<{juan}>") in g
    assert (f"<{cit}/passage/body>", f"<{oa}hasSource>",
            "<https://w3id.org/xixiaji/id/entry/e1082-f7b2478d>") in g
    assert (f"<{cit}/passage/target/pos>", f"<{oa}start>",
            f'"{al.start}"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>') in g
    assert (f"<{cit}/passage>", f"<{xxj}alignmentScore>",
            f'"{al.score:.3f}"^^<http://www.w3.org/2001/XMLSchema#decimal>') in g
    assert not any("TextQuoteSelector" in o for _s, _p, o in g)  # no juan text without a clone
    # two citations, both aligned: 22 triples per annotation, 1 citesJuan each
    assert len(g) == 48


def test_quote_source_reads_only_the_commit_of_the_table(repo_dirs) -> None:
    from kg.linking.kanripo_graph import QuoteSource

    repo = Repo.open(repo_dirs["work"])
    src = QuoteSource((repo_dirs["work"], Path("/nonexistent")))
    text = repo.read("KR9z0001_003.txt")
    start = text.index("三月夏人")
    assert src.exact("KR9z0001", repo.commit, "KR9z0001_003.txt", start, start + 4) == "三月夏人"
    assert src.exact("KR9z0001", "0" * 40, "KR9z0001_003.txt", start, start + 4) is None
    assert src.exact("KR2b0019", repo.commit, "KR2b0019_327.txt", 0, 4) is None

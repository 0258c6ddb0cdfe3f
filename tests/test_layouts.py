"""Pages of the chronicle in other editions' layouts (issue 10, first half).

Crafted pages (tests/fixtures/crafted/layouts/, one per layout, written in the manner
of the seed texts for years the seeds do not cover) with their exact entries, CE years
and findings; and the metamorphic check: every seed text rewritten into the other
layouts (bench/layouts.py) parses to the same entries and years as the seed layout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.layouts import TRANSFORMS, evaluate, parse_entries, seed_texts
from kg.pipeline.run import parse_file
from kg.text.matchtext import match_text

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "crafted" / "layouts"


def parsed(name: str, start_year: int | None = None):
    result = parse_file(LAYOUTS / name, start_year=start_year, with_entities=False)
    assert result.chronicle is not None
    assert result.chronicle.rebuild().encode("utf-8") == (LAYOUTS / name).read_bytes()
    return result


def entries(result) -> list[tuple[str, int | None, int | None]]:
    return [(r["headline"], r["ce_year"], r["month"]) for r in result.records]


def codes(result, *, skip=("era-chronology-fallback",)) -> list[tuple[int, int, str]]:
    return [(f.line, f.col, f.code) for f in result.findings if f.code not in skip]


def test_one_sentence_per_line_is_reflowed():
    r = parsed("sentence_per_line.txt")
    assert r.chronicle.layout == "sentence"
    assert entries(r) == [("春二月，遣使如遼，請伐宋。", 1092, 2), ("夏四月，攻宋環州。", 1092, 4),
                          ("冬十月，宋築定遠城。", 1092, 10)]
    first = r.records[0]
    assert first["narrative"] == "梁氏以宋數侵邊，遣使詣遼。\n請遼主出兵攻宋，以分其勢。\n遼主不許。"
    # the citation over two lines is one closing citation of two works
    assert [c["work_id"] for c in first["citations"]] == ["w003", "w003"]
    assert first["citation_text"] == "（《遼史·道宗本紀》\n及《西夏外紀》）"
    assert r.records[1]["notes"] == ["按《長編》作攻環州洪德寨。"]
    assert codes(r) == [] and not r.fatal


def test_headings_run_into_lines():
    r = parsed("run_in_headings.txt")
    assert entries(r) == [("春二月，遣使如遼，請伐宋。", 1092, 2), ("夏四月，攻宋環州。", 1092, 4),
                          ("春正月，遣使如宋謝罪。", 1093, 1), ("三月，攻宋涇原路。", 1094, 3)]
    assert [r_["year_heading"] for r_ in r.records] == [
        "西夏稱天祐民安三年", "西夏稱天祐民安三年", "西夏稱天祐民安四年", "西夏稱天祐民安五年"]
    assert [(r_["line"], r_["col"]) for r_ in r.records] == [(2, 11), (3, 40), (4, 52), (6, 1)]
    assert codes(r) == [] and not r.fatal


def test_song_and_liao_headings_are_headings_and_date_the_year():
    r = parsed("other_polities.txt")
    assert entries(r) == [("春二月，遣使如遼，請伐宋。", 1092, 2), ("夏四月，攻宋環州。", 1093, 4),
                          ("冬十月，宋築定遠城。", 1094, 10)]
    assert [r_["year_heading"] for r_ in r.records] == [
        "西夏稱天祐民安三年", "宋哲宗元祐八年　遼大安九年", "西夏稱天祐民安六年"]
    # no Xia heading for 1093: the Xia year is derived from the Song one
    assert (r.records[1]["era"], r.records[1].get("era_derived")) == (None, "天祐民安4年")
    assert codes(r) == [(8, 1, "heading-disagreement")]
    years = r.chronicle.years
    assert [[p.polity for p in y.parts] for y in years] == [["宋", "遼", "夏"], ["宋", "遼"],
                                                            ["宋", "遼", "夏"]]


def test_a_reign_biography_is_a_preamble_not_entries():
    r = parsed("preamble.txt")
    assert entries(r) == [("春二月，遣使如遼，請伐宋。", 1092, 2)]
    sections = r.chronicle.sections
    assert [(s.kind, s.line, s.col) for s in sections] == [("preamble", 1, 1)]
    text = r.chronicle.source.text
    assert text[sections[0].start:sections[0].end].startswith("崇宗聖文皇帝")
    assert text[sections[0].start:sections[0].end].endswith("國人稱之。")
    assert codes(r) == []


def test_simplified_script_and_half_width_punctuation():
    r = parsed("simplified_halfwidth.txt")
    assert entries(r) == [("春二月,遣使如辽,请伐宋。", 1092, 2), ("夏四月,攻宋环州。", 1092, 4)]
    assert r.records[0]["year_heading"] == "西夏称天祐民安三年"
    assert r.records[0]["era"] == "天祐民安"
    cits = [(c["work_id"], c["raw"]) for c in r.records[1]["citations"]]
    assert cits == [("w002", "《宋史·夏国传》"), ("w006", "《西夏书事》")]
    assert [c["printed_title"] for c in r.records[0]["citations"]] == ["辽史·道宗本纪"]
    assert codes(r) == []


def test_page_furniture_and_a_leading_fragment():
    r = parsed("furniture.txt")
    assert entries(r) == [("春二月，遣使如遼，請伐宋。", 1092, 2), ("夏四月，攻宋環州。", 1092, 4)]
    assert codes(r) == [(1, 1, "leading-fragment")]
    kinds = {s.kind for s in r.chronicle.segments}
    assert {"fragment", "furniture"} <= kinds
    # with a start year, the year applies to the first heading, not to the fragment
    r = parsed("furniture.txt", start_year=1092)
    assert codes(r) == [(1, 1, "leading-fragment")]
    assert [y for _, y, _ in entries(r)] == [1092, 1092]


def test_month_markers_and_an_era_running_off_the_table():
    r = parsed("markers_and_offset_eras.txt")
    assert entries(r) == [
        ("二月初，遣使如遼，告宋築城之役。", 1098, 2), ("冬以兵圍宋平夏城，不克。", 1098, None),
        ("十二月，遼遣使來。", 1098, 12), ("是月，宋以平夏城功賞諸將。", 1098, 12),
        ("是歲，國中大饑。", 1099, None), ("是時，宋遣使來議疆界。", 1099, None),
        ("春正月，遣使如宋進誓表。", 1101, 1)]
    assert r.records[1]["season"] == "冬"
    assert codes(r) == [(2, 1, "era-year-out-of-range"), (6, 1, "year-from-sequence"),
                        (9, 1, "era-offset"), (9, 1, "year-gap")]


def test_start_year_and_headings_before_it():
    r = parsed("start_year_song_first.txt", start_year=1092)
    assert entries(r) == [("春二月，遣使如遼，請伐宋。", 1092, 2)] and codes(r) == []
    r = parsed("start_year_song_first.txt", start_year=1091)
    assert codes(r) == [(1, 1, "start-year-mismatch")]
    assert entries(r)[0][1] == 1092
    r = parsed("entries_before_heading.txt")
    assert entries(r) == [("十二月，遣使如遼。", 1091, 12), ("春二月，遣使如遼，請伐宋。", 1092, 2)]
    assert codes(r) == [(1, 1, "start-year-inferred")]


def test_no_heading_and_no_start_year_is_one_located_error():
    r = parsed("no_heading.txt")
    assert r.fatal
    errors = [f for f in r.findings if f.severity == "error"]
    assert [(f.line, f.col, f.code) for f in errors] == [(1, 1, "year-unknown")]
    assert "--start-year" in errors[0].message
    r = parsed("no_heading.txt", start_year=1092)
    assert not r.fatal and [y for _, y, _ in entries(r)] == [1092, 1092]


def test_match_text_keeps_length_and_reads_simplified_forms():
    for text in ("西夏称天祐民安三年", "(《长编》三百二十三)", "辽咸雍元年", "《續資治通鑒長編》"):
        assert len(match_text(text)) == len(text)
    assert match_text("辽咸雍元年") == "遼咸雍元年"  # not 鹹雍: the era table's form wins
    assert match_text("(《长编》三百二十三)") == "（《長編》三百二十三）"
    assert match_text("《續資治通鑒長編》") == "《續資治通鑑長編》"
    # a traditional text keeps characters that are traditional in their own right
    assert match_text("余靖、群都、于闐") == "余靖、群都、于闐"


EXACT = ["run-in-headings", "song-liao-beside", "song-liao-above", "song-instead",
         "simplified-halfwidth", "furniture-fragment", "preamble", "marks-and-numbers",
         "xia-first-others-wrapped", "narrative-on-headline-line"]


@pytest.mark.parametrize("layout", EXACT)
def test_seed_texts_in_other_layouts_give_the_same_entries_and_years(layout):
    for tid, text in seed_texts():
        truth, _, _ = parse_entries(text)
        got, fatal, _ = parse_entries(TRANSFORMS[layout](text))
        assert (tid, got) == (tid, truth)
        assert not fatal


def test_sentence_per_line_layouts_score():
    """Sentence layouts lose what cannot be recovered (a headline of two sentences is
    cut after the first); the rest must hold."""
    names = ["sentence-per-line", "all-together", "song-only-sentences-simplified"]
    scores = evaluate({n: TRANSFORMS[n] for n in names})
    truth = sum(s.truth for s in scores)
    matched = sum(s.matched for s in scores)
    found = sum(s.found for s in scores)
    right = sum(s.year_right for s in scores)
    p, r = matched / found, matched / truth
    assert 2 * p * r / (p + r) >= 0.9
    assert right / truth >= 0.9
    assert not any(s.fatal for s in scores)


def test_a_preamble_is_published_and_valid():
    from rdflib import Graph

    from kg.check.validate import validate_reference
    from kg.graph.triples import new_graph, preamble_resources, text_resource

    r = parsed("preamble.txt")
    sec = r.chronicle.sections[0]
    g = new_graph()
    text_resource(g, "t1", "西夏紀 (test)", "preamble.txt", {},
                  line_count=len(r.chronicle.source.text.splitlines()))
    preamble_resources(g, "t1", 1, r.chronicle.source.text[sec.start:sec.end], sec.start,
                       sec.end, sec.line)
    nt = "".join(f"{s} {p} {o} .\n" for s, p, o in sorted(g))
    data = Graph().parse(data=nt, format="nt")
    shapes = Graph()
    for path in sorted((Path(__file__).resolve().parent.parent / "shapes").glob("*.ttl")):
        shapes.parse(path, format="turtle")
    report = validate_reference(data, shapes)
    assert [x for x in report.results if x.severity == "Violation"] == []
    iri = "https://w3id.org/xixiaji/id/text/t1/preamble/1"
    assert (f"<{iri}> <https://w3id.org/xixiaji/ontology#fileLine> "
            '"1"^^<http://www.w3.org/2001/XMLSchema#integer> .') in nt


def test_kg_dates_shows_every_polity_of_a_heading():
    from kg.cli.chronology_report import chronology_lines

    lines, fatal = chronology_lines(LAYOUTS / "other_polities.txt")
    assert not fatal
    rows = [line.split("\t")[1:] for line in lines if not line.startswith("  ")]
    assert rows == [["宋哲宗元祐七年　遼道宗大安八年　西夏稱天祐民安三年", "天祐民安3年", "1092"],
                    ["宋哲宗元祐八年　遼大安九年", "(天祐民安4年)", "1093"],
                    ["宋哲宗紹聖元年　遼大安十年　西夏稱天祐民安六年", "天祐民安6年", "1094"]]
    assert any(line.endswith("[heading-disagreement]") for line in lines)


def test_entry_marks_and_line_numbers_are_furniture():
    r = parsed("marks_and_numbers.txt")
    assert entries(r) == [("春二月，遣使如遼，請伐宋。", 1092, 2), ("夏四月，攻宋環州。", 1092, 4)]
    assert [[p.polity for p in y.parts] for y in r.chronicle.years] == [["宋", "遼", "夏"]]
    text = r.chronicle.source.text
    assert [text[s.start:s.end] for s in r.chronicle.segments if s.kind == "furniture"] == [
        "1 ", "2 ○", "3 ", "4 ○"]
    assert codes(r) == []


def test_narrative_printed_on_the_headline_line_after_a_space():
    text = ("西夏稱天祐民安三年\n春二月，遣使如遼，請伐宋。　梁氏以宋數侵邊，遣使詣遼。遼主不許。"
            "（《遼史·道宗本紀》）\n")
    got, fatal, _ = parse_entries(text)
    assert got == [("春二月，遣使如辽，请伐宋。", 1092)] and not fatal
    from kg.text.parse import parse_source
    from kg.text.source import SourceText

    chron = parse_source(SourceText("t.txt", text))
    entry = chron.entries[0]
    assert [chron.text(p) for p in entry.paragraphs] == ["梁氏以宋數侵邊，遣使詣遼。遼主不許。"]


def test_an_unknown_first_era_is_counted_back_from_a_known_heading():
    r = parsed("unknown_first_era.txt")
    assert entries(r) == [("春二月，遣使如遼，請伐宋。", 1092, 2), ("夏四月，攻宋環州。", 1093, 4)]
    assert codes(r) == [(2, 1, "start-year-inferred"), (2, 1, "unknown-era"),
                        (2, 1, "year-from-sequence")]
    assert not r.fatal


def test_one_sentence_per_line_a_narrative_recalling_an_earlier_month():
    lines = ["西夏稱天祐民安三年", "十二月，遣使如宋謝罪。", "梁氏以環州之役不利，遣使詣宋。",
             "十一月，宋將種誼已遣人來責之。", "至是，乃上表謝罪。", "宋帝許之。",
             "（《宋史·哲宗本紀》）", "是歲，國中大饑。", "人多流亡。", "梁氏不能禁。",
             "（《西夏書事》）", ""]
    got, fatal, _ = parse_entries("\n".join(lines))
    assert got == [("十二月，遣使如宋谢罪。", 1092), ("是岁，国中大饥。", 1092)]

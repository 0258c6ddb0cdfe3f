"""Closing citations, citation blocks and work mentions, on the seed texts' own forms."""

from __future__ import annotations

import pytest

from kg.sources.citations import find_work_mentions, parse_citation, split_citation_block

from .conftest import SEED_FILES

TEXTS = {k: p.read_text(encoding="utf-8") for k, p in SEED_FILES.items()}
ALL_TEXT = "\n".join(TEXTS[k] for k in sorted(TEXTS))


def paren_contents(text: str) -> list[str]:
    """Contents of the top-level full-width parentheses of a text."""
    out, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch == "（":
            if depth == 0:
                start = i + 1
            depth += 1
        elif ch == "）" and depth:
            depth -= 1
            if depth == 0:
                out.append(text[start:i])
    return out


PARENS = [p for k in sorted(TEXTS) for p in paren_contents(TEXTS[k])]


def seed_paren(prefix: str) -> str:
    """The one seed parenthesis whose content starts with ``prefix``."""
    hits = [p for p in PARENS if p.startswith(prefix)]
    assert len(hits) >= 1, prefix
    return hits[0]


def fields(text: str, context: str | None = None) -> list[tuple]:
    """(work, section, juan, juan_end, author, raw) of each citation."""
    return [(c.work, c.section, c.juan, c.juan_end, c.author, c.raw)
            for c in parse_citation(text, context).citations]


CH = "續資治通鑑長編"

# (citation as printed in the seeds, expected citations)
REAL = [
    ("《長編》三百二十三", [(CH, None, 323, None, None, "《長編》三百二十三")]),
    ("《宋史·神宗本紀》及《長編》三百二十六至二十七",
     [("宋史", "神宗本紀", None, None, None, "《宋史·神宗本紀》"),
      (CH, None, 326, 327, None, "《長編》三百二十六至二十七")]),
    ("《長編》三百四十一及三百六十五",
     [(CH, None, 341, None, None, "《長編》三百四十一"), (CH, None, 365, None, None, "三百六十五")]),
    ("《長編》三百三十三至三十四", [(CH, None, 333, 334, None, "《長編》三百三十三至三十四")]),
    ("《長編》一百三十九及一百四十九",
     [(CH, None, 139, None, None, "《長編》一百三十九"), (CH, None, 149, None, None, "一百四十九")]),
    ("《宋史·夏國傳》及《欒城集·論西事狀》",
     [("宋史", "夏國傳", None, None, None, "《宋史·夏國傳》"),
      ("欒城集", "論西事狀", None, None, None, "《欒城集·論西事狀》")]),
    ("《宋史·神宗本紀》及《李憲傳》",
     [("宋史", "神宗本紀", None, None, None, "《宋史·神宗本紀》"),
      ("宋史", "李憲傳", None, None, None, "《李憲傳》")]),
    ("《宋史·張守約傳》及《西夏書事》",
     [("宋史", "張守約傳", None, None, None, "《宋史·張守約傳》"),
      ("西夏書事", None, None, None, None, "《西夏書事》")]),
    ("《宋史》種諤、徐禧、曲珍等傳",
     [("宋史", "種諤傳", None, None, None, "《宋史》種諤"),
      ("宋史", "徐禧傳", None, None, None, "徐禧"),
      ("宋史", "曲珍傳", None, None, None, "曲珍")]),
    ("《宋史·夏國傳》、徐禧、高永能、曲珍、李稷等傳及《長編》三百二十九",
     [("宋史", "夏國傳", None, None, None, "《宋史·夏國傳》"),
      ("宋史", "徐禧傳", None, None, None, "徐禧"),
      ("宋史", "高永能傳", None, None, None, "高永能"),
      ("宋史", "曲珍傳", None, None, None, "曲珍"),
      ("宋史", "李稷傳", None, None, None, "李稷"),
      (CH, None, 329, None, None, "《長編》三百二十九")]),
    ("張舜民《畫墁集·遊公墓誌銘》",
     [("畫墁集", "遊公墓誌銘", None, None, "張舜民", "張舜民《畫墁集·遊公墓誌銘》")]),
    ("《宋史·夏國傳》及《夢溪筆談》、《東原錄》",
     [("宋史", "夏國傳", None, None, None, "《宋史·夏國傳》"),
      ("夢溪筆談", None, None, None, None, "《夢溪筆談》"),
      ("東原錄", None, None, None, None, "《東原錄》")]),
    ("《宋史·仁宗本紀》、《夏國傳》及《西夏紀事本末》",
     [("宋史", "仁宗本紀", None, None, None, "《宋史·仁宗本紀》"),
      ("宋史", "夏國傳", None, None, None, "《夏國傳》"),
      ("西夏紀事本末", None, None, None, None, "《西夏紀事本末》")]),
    ("《長編》一百九十八及《西夏紀事本末》",
     [(CH, None, 198, None, None, "《長編》一百九十八"),
      ("西夏紀事本末", None, None, None, None, "《西夏紀事本末》")]),
    ("《長編》一百九十九及王珪《華陽集》",
     [(CH, None, 199, None, None, "《長編》一百九十九"),
      ("華陽集", None, None, None, "王珪", "王珪《華陽集》")]),
    ("《宋史·神宗本紀》及種諤、司馬光、高永能、陸詵等傳",
     [("宋史", "神宗本紀", None, None, None, "《宋史·神宗本紀》"),
      ("宋史", "種諤傳", None, None, None, "種諤"),
      ("宋史", "司馬光傳", None, None, None, "司馬光"),
      ("宋史", "高永能傳", None, None, None, "高永能"),
      ("宋史", "陸詵傳", None, None, None, "陸詵")]),
    ("《宋史·夏國傳》、《邵亢傳》、《趙禹傳》及《西夏事略》",
     [("宋史", "夏國傳", None, None, None, "《宋史·夏國傳》"),
      ("宋史", "邵亢傳", None, None, None, "《邵亢傳》"),
      ("宋史", "趙禹傳", None, None, None, "《趙禹傳》"),
      ("西夏事略", None, None, None, None, "《西夏事略》")]),
    ("范祖禹《太史集·同知樞密院趙瞻神道碑銘》",
     [("范太史集", "同知樞密院趙瞻神道碑銘", None, None, "范祖禹",
       "范祖禹《太史集·同知樞密院趙瞻神道碑銘》")]),
    ("《遼史·西夏外紀》、《興宗本紀》及《蕭滴冽傳》",
     [("遼史", "西夏外紀", None, None, None, "《遼史·西夏外紀》"),
      ("遼史", "興宗本紀", None, None, None, "《興宗本紀》"),
      ("遼史", "蕭滴冽傳", None, None, None, "《蕭滴冽傳》")]),
    ("《宋史·仁宗本紀》、《夏國傳》及《長編》一百四十、龔鼎臣《東原錄》",
     [("宋史", "仁宗本紀", None, None, None, "《宋史·仁宗本紀》"),
      ("宋史", "夏國傳", None, None, None, "《夏國傳》"),
      (CH, None, 140, None, None, "《長編》一百四十"),
      ("東原錄", None, None, None, "龔鼎臣", "龔鼎臣《東原錄》")]),
    ("《范文正公年譜補遺》", [("范文正公年譜補遺", None, None, None, None, "《范文正公年譜補遺》")]),
    ("《宋史·種諤傳》及楊仲良《通鑒長編紀事本末》",
     [("宋史", "種諤傳", None, None, None, "《宋史·種諤傳》"),
      ("續資治通鑑長編紀事本末", None, None, None, "楊仲良", "楊仲良《通鑒長編紀事本末》")]),
    ("《宋史·夏國傳》及《長編》二百二",
     [("宋史", "夏國傳", None, None, None, "《宋史·夏國傳》"),
      (CH, None, 202, None, None, "《長編》二百二")]),
]


@pytest.mark.parametrize("text,expected", REAL, ids=[r[0] for r in REAL])
def test_real_citations(text, expected):
    assert f"（{text}" in ALL_TEXT  # the form is in the seeds
    result = parse_citation(text)
    assert fields(text) == expected
    assert result.warnings == []
    for c in result.citations:
        assert text[c.start:c.end] == c.raw
        assert c.resolved and c.work_id is not None


def test_offsets_and_ids_of_a_juan_list():
    cs = parse_citation("《長編》三百四十一及三百六十五").citations
    assert [(c.start, c.end, c.work_id, c.printed_title) for c in cs] == [
        (0, 9, "w001", "長編"), (10, 15, "w001", "長編")]
    assert cs[0].to_dict()["juan"] == 341


def test_misprinted_chapter_kept_as_printed_with_warning():
    r = parse_citation("《宋史·神宗來紀》")
    (c,) = r.citations
    assert (c.work, c.section, c.misprint, c.printed_title, c.raw) == (
        "宋史", "神宗本紀", True, "宋史·神宗來紀", "《宋史·神宗來紀》")
    assert r.warnings == ["misprint: chapter 神宗來紀 of 宋史 read as 神宗本紀"]
    (c,) = parse_citation("《遼史·道宗來紀》").citations
    assert (c.work_id, c.section, c.misprint) == ("w003", "道宗本紀", True)


def test_misprinted_title():
    r = parse_citation("《西夏紀事本未》")
    (c,) = r.citations
    assert (c.work, c.work_id, c.misprint, c.printed_title) == (
        "西夏紀事本末", "w007", True, "西夏紀事本未")
    assert r.warnings == ["misprint: 《西夏紀事本未》 read as 《西夏紀事本末》"]


def test_misprinted_names_in_a_biography_list():
    text = "《宋史·夏國傳》及《遼史》蕭術哲、耶律義先、古迭、迭裏得等傳"
    assert f"（{text}）" in ALL_TEXT
    r = parse_citation(text)
    assert [(c.work, c.section, c.misprint, c.raw) for c in r.citations] == [
        ("宋史", "夏國傳", False, "《宋史·夏國傳》"),
        ("遼史", "蕭朮哲傳", True, "《遼史》蕭術哲"),
        ("遼史", "耶律義先傳", False, "耶律義先"),
        ("遼史", "古迭傳", False, "古迭"),
        ("遼史", "迭里得傳", True, "迭裏得"),
    ]
    assert len(r.warnings) == 2


def test_comma_between_work_and_chapter():
    r = parse_citation("《宋史，程戡傳》")
    assert fields("《宋史，程戡傳》") == [("宋史", "程戡傳", None, None, None, "《宋史，程戡傳》")]
    assert r.warnings == ["《宋史，程戡傳》: ， printed instead of · between work and chapter"]


def test_chapters_that_need_the_entry():
    (c, d) = parse_citation("《遼史·本紀》及《宋史·富弼傳》").citations
    assert (c.work, c.section, c.needs_context, d.needs_context) == ("遼史", "本紀", True, False)
    (c,) = parse_citation("《宋史·本傳》").citations
    assert (c.work_id, c.section, c.needs_context, c.resolved) == ("w002", "本傳", True, True)
    r = parse_citation("《紀》")
    assert [(c.work, c.section, c.needs_context, c.resolved) for c in r.citations] == [
        ("紀", None, True, False)]
    r = parse_citation("《紀》", context_work="宋史")
    assert [(c.work, c.section, c.needs_context) for c in r.citations] == [("宋史", "紀", True)]
    r = parse_citation("《李憲傳》", context_work="w002")
    assert fields("《李憲傳》", "w002") == [("宋史", "李憲傳", None, None, None, "《李憲傳》")]
    assert r.warnings == []


def test_chapter_without_kind_is_reported():
    r = parse_citation("《遼史·蕭孝友》、《耶律古昱傳》及《儒林公議》")
    assert [(c.work, c.section) for c in r.citations] == [
        ("遼史", "蕭孝友"), ("遼史", "耶律古昱傳"), ("儒林公議", None)]
    assert len(r.warnings) == 1 and r.warnings[0].startswith("chapter 蕭孝友 of 遼史 ends in no")


def test_unknown_work_kept_as_printed_with_suggestion():
    r = parse_citation("《宋史·夏國傳》及《西夏紀事本來》")
    assert [(c.work, c.work_id, c.resolved) for c in r.citations] == [
        ("宋史", "w002", True), ("西夏紀事本來", None, False)]
    assert r.warnings == ["unknown work 《西夏紀事本來》 (nearest known title: 西夏紀事本末)"]
    r = parse_citation("《論語》")
    assert r.warnings == ["unknown work 《論語》"]


def test_half_width_punctuation():
    text = "(《長編》三百二十六至二十七,《宋史•夏國傳》及《宋史,程戡傳》)"
    r = parse_citation(text)
    assert [(c.work_id, c.section, c.juan, c.juan_end, c.raw) for c in r.citations] == [
        ("w001", None, 326, 327, "《長編》三百二十六至二十七"),
        ("w002", "夏國傳", None, None, "《宋史•夏國傳》"),
        ("w002", "程戡傳", None, None, "《宋史,程戡傳》"),
    ]
    assert r.citations[0].start == 1
    assert r.warnings == ["《宋史,程戡傳》: , printed instead of · between work and chapter"]
    assert kinds("《長編》三百二十三;按《長編》作X") == [
        ("citation", "《長編》三百二十三;"), ("note", "按《長編》作X")]
    assert kinds("《長編》三百二十三,又《長編》:賊圍城") == [
        ("citation", "《長編》三百二十三,"), ("quote", "又《長編》:賊圍城")]


def test_trailing_text_is_reported_not_dropped():
    r = parse_citation("《宋史·神宗本紀》。按《長編》作密內部")
    assert len(r.citations) == 1
    assert r.warnings == ["text after the citation not read: 。按《長編》作密內部"]


def kinds(text: str) -> list[tuple[str, str]]:
    segs = split_citation_block(text)
    assert "".join(text[a:b] for _, a, b in segs) == text
    return [(k, text[a:b]) for k, a, b in segs]


def test_split_citation_and_note():
    assert kinds(seed_paren("《宋史·神宗本紀》。按《長編》作密內部")) == [
        ("citation", "《宋史·神宗本紀》。"), ("note", "按《長編》作密內部")]


def test_split_citation_and_quote_after_comma():
    text = seed_paren("《長編》一百三十九，又《長編》：")
    assert [k for k, _ in kinds(text)] == ["citation", "quote"]
    assert kinds(text)[0] == ("citation", "《長編》一百三十九，")


def test_split_citation_and_edict_quote():
    text = seed_paren("《長編》三百四十及《宋史·安燾傳》。又《長編》詔：")
    got = kinds(text)
    assert [k for k, _ in got] == ["citation", "quote"]
    assert got[0][1] == "《長編》三百四十及《宋史·安燾傳》。"
    assert got[1][1].startswith("又《長編》詔：「近夏國遣使")


def test_split_trailing_full_stop_belongs_to_citation():
    assert kinds("《宋史·趙卨傳》。") == [("citation", "《宋史·趙卨傳》。")]


def test_split_remark_without_an():
    text = seed_paren("《宋史·神宗本紀》。《長編》二百九")
    assert kinds(text) == [
        ("citation", "《宋史·神宗本紀》。"),
        ("other", "《長編》二百九及《朔方新志》載此詔，作宋遣使於元昊，與此異。")]


def test_split_two_quotes_and_two_notes():
    got = kinds(seed_paren("《夢溪筆談》：諒祚凶忍"))
    assert [k for k, _ in got] == ["quote", "quote"]
    assert got[1][1].startswith("又《宋史·林廣傳》：")
    got = kinds(seed_paren("《宋史·夏國傳》及《欒城集·論西事狀》。按徐氏松"))
    assert [k for k, _ in got] == ["citation", "note", "note"]
    assert got[2][1] == "按此作三二十里，與《夏國傳》異。《長編》亦作三二里。"


def test_split_non_citations():
    assert kinds("按《東都事略》作保家族。《範文正言行錄》作銀甕族") == [
        ("note", "按《東都事略》作保家族。《範文正言行錄》作銀甕族")]
    assert kinds("《長編》作鄂特結") == [("other", "《長編》作鄂特結")]
    assert kinds("沈括《奏議》：烏延土地膏腴") == [("quote", "沈括《奏議》：烏延土地膏腴")]
    assert kinds("《長編》二百二十六及司馬光《論西夏劄子》，然光《劄子》作元昊以女妻花麻。") == [
        ("citation", "《長編》二百二十六及司馬光《論西夏劄子》，"),
        ("other", "然光《劄子》作元昊以女妻花麻。")]
    assert split_citation_block("") == []


def test_split_every_seed_parenthesis():
    counts: dict[str, int] = {}
    for text in PARENS:
        if "《" not in text:
            continue
        for kind, _ in kinds(text):
            counts[kind] = counts.get(kind, 0) + 1
    assert counts == {"citation": 179, "note": 31, "other": 16, "quote": 11}


def test_every_seed_citation_resolves():
    works: dict[str, int] = {}
    for text in PARENS:
        for kind, a, b in split_citation_block(text):
            if kind != "citation":
                continue
            for c in parse_citation(text[a:b]).citations:
                assert c.resolved, c
                works[c.work_id] = works.get(c.work_id, 0) + 1
    assert sum(works.values()) == 258
    assert (works["w001"], works["w002"], works["w003"]) == (75, 95, 35)


def test_mentions_with_authors():
    text = seed_paren("《長編》二百二十六及司馬光《論西夏劄子》")
    ms = find_work_mentions(text)
    assert [(m.printed, m.work_id, m.author, m.inherited) for m in ms] == [
        ("《長編》", "w001", None, False),
        ("司馬光《論西夏劄子》", "w043", "司馬光", False),
        ("《劄子》", "w043", None, True),
    ]
    assert text[ms[1].start:ms[1].end] == "司馬光《論西夏劄子》"
    ms = find_work_mentions("（韓、范《文集》勖俱作勉）")
    assert [(m.work, m.author, m.start, m.end) for m in ms] == [
        ("安陽集", "韓", 1, 8), ("范文正公集", "范", 1, 8)]
    ms = find_work_mentions("按陸遊《老學庵筆記》：「仁宗時」")
    assert [(m.work_id, m.author, m.start) for m in ms] == [("w019", "陸遊", 1)]


def test_mentions_inherit_and_refer_back():
    ms = find_work_mentions(seed_paren("《宋史·夏國傳》。按畢氏《續通鑒考異》"))
    assert [(m.title, m.work_id, m.section, m.author) for m in ms] == [
        ("宋史·夏國傳", "w002", "夏國傳", None),
        ("續通鑒考異", "w032", None, "畢氏"),
        ("宋史·神宗紀", "w002", "神宗紀", None),
        ("夏國傳", "w002", "夏國傳", None),
        ("紀", "w002", "神宗紀", None),
    ]
    ms = find_work_mentions("《遼史·蕭惠傳》、《伶官傳》")
    assert (ms[1].work_id, ms[1].section, ms[1].inherited) == ("w003", "伶官傳", True)
    ms = find_work_mentions("（《遼史·道宗本紀》）（萬斯同、趙駿烈《紀元彙考》據《本紀》謂）")
    assert [(m.work_id, m.section, m.author, m.needs_context) for m in ms] == [
        ("w003", "道宗本紀", None, False),
        ("w034", None, "萬斯同、趙駿烈", False),
        (None, "本紀", None, True),  # no anaphor across notes
    ]


def test_every_seed_mention_resolves_or_asks_for_context():
    unresolved = []
    for key in sorted(TEXTS):
        for m in find_work_mentions(TEXTS[key]):
            if m.work_id is None:
                unresolved.append((key, m.printed, m.needs_context))
    assert unresolved == [("1061", "《韓琦傳》", True), ("1061", "《本紀》", True)]

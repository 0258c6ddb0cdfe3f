"""The small word lists of the rules are a table (seeds/word-lists.tsv), checked on load;
the event families are columns of seeds/event-types.tsv."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.core.tables import SEEDS, TableError
from kg.entities.events import _family, _implied_agent, load_event_types
from kg.knowledge.lexicon import (
    SINGLE_ROW_LISTS,
    WORD_LISTS,
    WORD_LISTS_TSV,
    load_lexicon,
    load_word_lists,
)


def _valid_body() -> str:
    """The real table without its comments: a table every test row can be added to."""
    lines = WORD_LISTS_TSV.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join(line for line in lines if not line.startswith("#"))


def _write(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "word-lists.tsv"
    p.write_text(body, encoding="utf-8")
    return p


def test_the_table_loads_with_every_list():
    lists = load_word_lists()
    assert set(lists.rows) == set(WORD_LISTS)
    for name, rows in lists.rows.items():
        assert rows, name
    for name in SINGLE_ROW_LISTS:
        assert len(lists.rows[name]) == 1
    # the lexicon of the name rules carries the same lists
    assert load_lexicon().lists.rows == lists.rows


def test_the_lists_hold_what_the_rules_need():
    lists = load_word_lists()
    assert lists.values("place-suffix") == {"州": "1", "軍": "2", "寨": "2", "堡": "2",
                                            "城": "2", "鎮": "2"}
    assert lists.chars("needs-context") == frozenset("城軍")
    assert set(lists.words("polity-before-name")) == {"宋", "遼", "金", "契丹"}
    assert lists.values("default-agent") == {"夏": "po002"}
    assert lists.words("embassy-sender") == ("遣使", "使人", "遣人", "使")
    assert lists.pattern("embassy-sender") == "(?:遣使|使人|遣人|使)"
    assert lists.values("reading-standing") == {"誤": "rejected", "未知孰是": "undecided",
                                                "此從": "adopted", "據": "adopted"}
    assert lists.with_value("zuo-modifier", "again") == ("亦", "又")
    assert lists.words("zuo-modifier") == ("俱", "亦", "又", "並", "皆")
    assert lists.chars("clause-char") == frozenset("以於為遣舉取降載謂書請")
    assert lists.chars("recipient-before") == frozenset("於如詣向入朝報與")
    assert lists.words("sending") == ("遣使", "使", "獻", "請", "乞", "貢", "表", "書", "報")
    assert lists.values("chapter-suffix")["傳"] == "列傳"
    assert set(lists.words("chapter-kind")) == {"本紀", "外紀", "列傳", "世家", "志", "表", "載記"}


@pytest.mark.parametrize("row,message", [
    ("place-suffix\t州\t1\t\n", "empty source"),
    ("place-suffixes\t州\t1\tx\n", "list 'place-suffixes' is not one of"),
    ("place-suffix\t州\t1\tx\n", "州 listed twice in list place-suffix"),
    ("place-suffix\t府\tone\tx\n", "value 'one' is not a whole number"),
    ("needs-context\t城寨\t\tx\n", "word '城寨' of list needs-context is not 1 characters"),
    ("needs-context\t寨\t2\tx\n", "value '2' given, the list takes none"),
    ("reading-standing\t不取\tdoubtful\tx\n", "value 'doubtful' is not one of"),
    ("chapter-suffix\t書\t書\tx\n", "value '書' of list chapter-suffix is not a word of list "
                                  "chapter-kind"),
    ("default-agent\t宋\tpo001\tx\n", "list default-agent has 2 rows"),
    ("default-agent\t西夏\t夏國\tx\n", "value '夏國' is not an entity id"),
])
def test_a_malformed_row_is_reported_with_file_and_line(tmp_path, row, message):
    body = _valid_body()
    path = _write(tmp_path, body + row)
    line = body.count("\n") + 1
    with pytest.raises(TableError) as err:
        load_word_lists(path)
    text = str(err.value)
    assert message in text
    if "rows, it needs" not in text:  # a missing or surplus row has no line of its own
        assert text.startswith(f"{path}:{line}:"), text
    else:
        assert text.startswith(f"{path}: "), text


def test_a_missing_list_is_an_error(tmp_path):
    body = "".join(line for line in _valid_body().splitlines(keepends=True)
                   if not line.startswith("sending\t"))
    with pytest.raises(TableError, match="list sending has 0 rows"):
        load_word_lists(_write(tmp_path, body))


def test_the_header_names_its_reader_and_every_list():
    head = [line for line in WORD_LISTS_TSV.read_text(encoding="utf-8").splitlines()
            if line.startswith("#")]
    text = "\n".join(head)
    assert "kg/knowledge/lexicon.py" in text
    for name in WORD_LISTS:
        assert f"#   {name} " in text, name


# -- event families: columns of the typology ---------------------------------------------

def test_event_families_come_from_the_typology_and_its_broader_concepts():
    by_id = {t.id: t for t in load_event_types()}
    assert by_id["military-action"].family == "military" and by_id["raid"].family == ""
    assert _family("raid") == "military"  # raid → attack → military-action
    assert _family("fortification") == "military"
    assert _family("tribute") == "recipient" and _family("defection") == "recipient"
    assert _family("memorial") == "recipient" and _family("appointment") == "other"
    assert _family("disaster") == "other" and _family("no-such-type") == "other"
    assert not _implied_agent("death") and not _implied_agent("disaster")
    assert _implied_agent("attack") and _implied_agent("embassy")


@pytest.mark.parametrize("cells,message", [
    ("naval\tyes", "family 'naval' is not one of"),
    ("military\tmaybe", "implied_agent 'maybe' is not yes or no"),
])
def test_a_bad_family_cell_is_reported_with_file_and_line(tmp_path, cells, message):
    head = "id\tlabel_en\tlabel_zh\tbroader\tpriority\tfamily\timplied_agent\tdefinition\t" \
           "triggers\tsource\n"
    body = head + "other\tother\t其他\t\t999\t\tyes\tx\t\t\n" \
        + f"raid\traid\t掠\t\t19\t{cells}\tx\t掠\tx\n"
    path = tmp_path / "event-types.tsv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(TableError) as err:
        load_event_types(path)
    assert str(err.value).startswith(f"{path}:3:") and message in str(err.value)


def test_the_seeds_folder_holds_the_table():
    assert WORD_LISTS_TSV == SEEDS / "word-lists.tsv" and WORD_LISTS_TSV.exists()

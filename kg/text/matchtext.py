"""The match text: what the parser reads, the same length as what it publishes.

Digital editions of the chronicle print it in simplified script (西夏称, 《长编》),
with half-width punctuation (``,`` ``(`` ``:``) and with variant characters (鑒/鑑,
於/于).  The rules and tables (eras, works, markers, headings) are written in the
traditional forms of the seed texts, so the parser matches against a *match text*:
the input converted character by character to those forms.  It has exactly the
length of the input, so every offset found in it is an offset into the verbatim text,
which alone is published and rebuilt.

Conversion is OpenCC ``s2tw`` (phrase-aware: 庆历 → 慶曆, not 慶歷; the Taiwan standard
forms 群, 眾, 秘 are those of the seed texts).  Where OpenCC still picks the wrong
character for a name of the tables (咸雍 → 鹹雍), the tables' own forms win: every era,
emperor and polity prefix is looked for in the simplified form of the text and written
back in its table form.  A character that
is also a traditional character in its own right (余, 于, 后, 干 …) is converted only
when the file as a whole is in simplified script, so that a traditional text keeps
余靖 and 于闐.  Then ``seeds/variants.tsv`` folds variant characters and a small map
folds half-width and other-locale punctuation into the full-width forms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from kg.core.tables import SEEDS, TableError, read_tsv

VARIANTS_TSV = SEEDS / "variants.tsv"

# half-width and other-locale punctuation → the full-width forms the rules use
_PUNCT = {",": "，", "(": "（", ")": "）", ":": "：", ";": "；", "?": "？", "!": "！",
          "\u201c": "「", "\u201d": "」", "\u2018": "『", "\u2019": "』",
          "\u30fb": "·", "\u2022": "·", "\u2027": "·", "\uff0e": "·", "\u00b7": "·",
          "\u2014": "—", "\uff5e": "～"}
_CJK_LO, _CJK_HI = 0x3400, 0x9FFF


@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("s2tw")


@lru_cache(maxsize=1)
def _st_table() -> tuple[frozenset[str], frozenset[str]]:
    """(simplified-only characters, characters that are also traditional) from OpenCC."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    # the Taiwan and Hong Kong standard forms are traditional characters (群, 秘, 床)
    regional: set[str] = set()
    for name in ("TWVariants.txt", "HKVariants.txt"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            regional.update(line.partition("\t")[2].split())
    only: set[str] = set()
    both: set[str] = set()
    for line in (folder / "STCharacters.txt").read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if len(key) != 1:
            continue
        (both if key in values.split() or key in regional else only).add(key)
    return frozenset(only), frozenset(both)


@lru_cache(maxsize=1)
def variant_map() -> dict[str, str]:
    """seeds/variants.tsv as a character map (one character to one character)."""
    out: dict[str, str] = {}
    for row in read_tsv(VARIANTS_TSV):
        v, s = row["variant"], row["standard"]
        if len(v) != 1 or len(s) != 1 or not row["source"]:
            raise TableError(f"{VARIANTS_TSV.name}:{row['_line']}: one character each, "
                             "and a source, are required")
        out[v] = s
    return out


def _is_cjk(ch: str) -> bool:
    return _CJK_LO <= ord(ch) <= _CJK_HI


def is_simplified(text: str) -> bool:
    """Whether the text is mainly in simplified script: more simplified-only characters
    than characters that exist only in traditional script."""
    return _mainly_simplified(Counter(text))


def _mainly_simplified(counts: Counter[str]) -> bool:
    # each distinct character is looked at once, not each occurrence
    only, _ = _st_table()
    simp = sum(n for ch, n in counts.items() if ch in only)
    if not simp:
        return False
    trad = sum(n for ch, n in counts.items()
               if _is_cjk(ch) and ch not in only and _t2s(ch) != ch)
    return simp > trad


@lru_cache(maxsize=4096)
def _t2s(ch: str) -> str:
    return _t2s_conv().convert(ch)


@lru_cache(maxsize=1)
def _t2s_conv():
    import opencc

    return opencc.OpenCC("t2s")


def _s2t_same_length(run: str) -> str:
    """OpenCC s2t of one run, falling back character by character where a phrase
    conversion would change its length."""
    conv = _opencc()
    whole = conv.convert(run)
    if len(whole) == len(run):
        return whole
    return "".join(ch2 if len(ch2 := conv.convert(ch)) == 1 else ch for ch in run)


def _runs(text: str, present: frozenset[str] | None) -> Iterator[tuple[int, int]]:
    """The stretches between OpenCC's sentence separators that need converting: every
    one (``present`` None: a simplified text), or those that hold one of the
    simplified-only characters ``present`` in a traditional text.

    OpenCC converts each stretch on its own (no dictionary entry holds a separator),
    so converting only the stretches that need it gives the same characters as
    converting the whole text, at a fraction of the cost for a traditional text.
    """
    sep = _separator()
    if present is None:
        pos = 0
        for run in sep.split(text):
            if run:
                yield pos, pos + len(run)
            pos += len(run) + 1
        return
    n = len(text)
    reverse = text[::-1]
    end = -1
    wanted = re.compile("[" + "".join(re.escape(ch) for ch in sorted(present)) + "]")
    for m in wanted.finditer(text):
        if m.start() < end:
            continue  # in the stretch just converted
        after = sep.search(text, m.start())
        before = sep.search(reverse, n - m.start())
        end = after.start() if after else n
        yield (n - before.start() if before else 0), end


@lru_cache(maxsize=1)
def _separator() -> re.Pattern[str]:
    """OpenCC's sentence separators as one character class (its pattern is an
    alternation of single characters and ``\\s+``)."""
    pattern = _opencc().split_chars_re.pattern
    assert pattern.startswith("(") and pattern.endswith(")")
    chars = []
    for item in pattern[1:-1].split("|"):
        if item == r"\s+":
            chars.append(r"\s")
        elif item.startswith("\\") and len(item) == 2:
            chars.append(item)
        else:
            assert len(item) == 1, item
            chars.append(re.escape(item))
    return re.compile("[" + "".join(chars) + "]")


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[re.Pattern[str] | None, dict[str, str]]:
    """The tables' names (eras, emperors, heading prefixes) by their simplified form."""
    from kg.knowledge.eras import era_table
    from kg.text.headings import emperors, polity_prefixes

    forms = set(era_table().forms()) | set(polity_prefixes())
    for e in emperors():
        forms.update((e.temple_name, *e.variants))
    by_simp: dict[str, str] = {}
    for form in forms:
        simp = _t2s_conv().convert(form)
        if len(form) >= 2 and len(simp) == len(form):
            by_simp.setdefault(simp, form)
    if not by_simp:
        return None, by_simp
    alt = "|".join(re.escape(k) for k in sorted(by_simp, key=lambda k: (-len(k), k)))
    return re.compile(alt), by_simp


def _protect(run: str, conv: list[str]) -> None:
    """Write the tables' forms over OpenCC's where the run spells a table name."""
    rx, by_simp = _vocabulary()
    if rx is None:
        return
    simp = _t2s_conv().convert(run)
    if len(simp) != len(run):
        return
    for m in rx.finditer(simp):
        conv[m.start():m.end()] = list(by_simp[m.group(0)])


def _converted(text: str, present: frozenset[str] | None) -> str:
    """The text with its simplified characters in the tables' traditional forms.

    In a simplified file every character takes OpenCC's form; in a traditional file
    only the simplified-only characters do (余, 于, 后 stay), and only the runs that
    hold one are converted at all.
    """
    chars = list(text)
    for a, b in _runs(text, present):
        run = text[a:b]
        conv = list(_s2t_same_length(run))
        _protect(run, conv)
        if present is not None:
            conv = [c if ch in present else ch for ch, c in zip(run, conv)]
        chars[a:b] = conv
    return "".join(chars)


@lru_cache(maxsize=1)
def _folding() -> dict[int, str]:
    """seeds/variants.tsv, then the punctuation map, as one str.translate table."""
    variants = variant_map()
    table = {}
    for ch in set(variants) | set(_PUNCT):
        v = variants.get(ch, ch)
        folded = _PUNCT.get(v, v)
        if folded != ch:
            table[ord(ch)] = folded
    return table


_DOT = re.compile(r"\.")


def match_text(text: str) -> str:
    """The text as the rules read it; ``len(match_text(t)) == len(t)`` always."""
    only, _both = _st_table()
    counts = Counter(text)
    present = only.intersection(counts)
    if _mainly_simplified(counts):
        converted = _converted(text, None)
    elif present:
        converted = _converted(text, present)
    else:
        converted = text
    result = converted.translate(_folding())
    if "." in result:  # a full stop typed as "." beside a CJK character
        n = len(text)
        out = list(result)
        for m in _DOT.finditer(result):
            i = m.start()
            if (i and _is_cjk(text[i - 1])) or (i + 1 < n and _is_cjk(text[i + 1])):
                out[i] = "。"
        result = "".join(out)
    assert len(result) == len(text)
    return result

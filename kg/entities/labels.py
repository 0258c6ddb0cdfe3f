"""Labels in three scripts: zh-Hant as printed, zh-Hans through OpenCC, and pinyin.

Historians search in either script and in romanisation, so every label is
published in all three.  Conversion must never lose characters: ``<白>``-style
placeholders (a glyph the original could not print), component spellings such
as 趙扌卞 and characters outside the converters' tables stay verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from kg.core.tables import SEEDS, read_tsv, split_list

OVERRIDES_TSV = SEEDS / "pinyin-overrides.tsv"
_PLACEHOLDER_RE = re.compile(r"<[^<>]*>")
# characters without a reading, each as itself: pypinyin documents an errors= callback
# that returns a list, but its type hints allow only a str
_EACH_CHAR: Callable[[str], str] = list  # type: ignore[assignment]
_PUNCT = {"，": ",", "。": ".", "、": ",", "；": ";", "：": ":", "！": "!", "？": "?",
          "「": "\u201c", "」": "\u201d", "『": "\u2018", "』": "\u2019", "（": "(", "）": ")",
          "《": "\u00ab", "》": "\u00bb", "·": "\u00b7", "　": " "}
_OPENING = set("(\u201c\u2018\u00ab")


@lru_cache(maxsize=1)
def _converter():
    """One OpenCC t2s converter per process: building it reads its dictionaries."""
    import opencc

    return opencc.OpenCC("t2s")


def hans(text: str) -> str:
    """Simplified Chinese for ``text``; placeholders (<白>) are kept untouched."""
    conv = _converter()
    out: list[str] = []
    pos = 0
    for m in _PLACEHOLDER_RE.finditer(text):
        out.append(conv.convert(text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(conv.convert(text[pos:]))
    return "".join(out)


@lru_cache(maxsize=4)
def load_overrides(path: Path | str = OVERRIDES_TSV) -> tuple[dict[str, list[str]],
                                                              dict[str, str]]:
    """(phrase readings, surname readings) from the override table."""
    phrases: dict[str, list[str]] = {}
    surnames: dict[str, str] = {}
    for row in read_tsv(path):
        form, syllables = row["form"], row["pinyin"].split()
        if len(syllables) != len(form):
            raise ValueError(f"{path}:{row['_line']}: {form} has {len(form)} characters "
                             f"but {len(syllables)} syllables")
        if row.get("scope", "any") == "name-initial":
            surnames[form] = syllables[0]
        else:
            phrases[form] = syllables
    return phrases, surnames


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3FFFF)


def _han_syllables(run: str, phrases: dict[str, list[str]]) -> list[str]:
    """Syllables of a run of Han characters: overrides first (longest), pypinyin for the rest."""
    from pypinyin import Style, lazy_pinyin

    longest = max((len(f) for f in phrases), default=0)
    out: list[str] = []
    plain = ""
    i = 0
    while i < len(run):
        for length in range(min(longest, len(run) - i), 0, -1):
            if run[i:i + length] in phrases:
                if plain:
                    out += lazy_pinyin(plain, style=Style.TONE, errors=_EACH_CHAR)
                    plain = ""
                out += phrases[run[i:i + length]]
                i += length
                break
        else:
            plain += run[i]
            i += 1
    if plain:
        out += lazy_pinyin(plain, style=Style.TONE, errors=_EACH_CHAR)
    return out


def _tokens(text: str) -> list[tuple[str, str]]:
    """Split into ('han', run), ('keep', placeholder or other char), ('punct', ascii)."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        m = _PLACEHOLDER_RE.match(text, i)
        if m:
            tokens.append(("keep", m.group(0)))
            i = m.end()
            continue
        ch = text[i]
        if _is_han(ch):
            j = i
            while j < len(text) and _is_han(text[j]):
                j += 1
            tokens.append(("han", text[i:j]))
            i = j
            continue
        if ch in _PUNCT:
            tokens.append(("punct", _PUNCT[ch]))
        elif ch.isspace():
            tokens.append(("space", " "))
        else:
            tokens.append(("keep", ch))
        i += 1
    return tokens


def _add_word(words: list[str], piece: str, glue: bool) -> None:
    """Pinyin keeps punctuation on the syllable beside it: ``glue`` joins ``piece`` to the
    last word instead of starting a new one."""
    if glue and words:
        words[-1] += piece
    else:
        words.append(piece)


def pinyin(text: str, *, name: bool = False, overrides: Path | str | None = None) -> str:
    """Hanyu pinyin with tone marks, one space between syllables.

    ``name=True`` gives the form for a person or place name: each syllable
    capitalised (Lǐ Xiàn, Lán Zhōu) and the surname reading of the first character
    from the override table (種諤 → Chóng È).  Syllables stay separate because the
    boundary between surname and given name is unknown for Tangut and Tibetan
    names.  Punctuation becomes its ASCII counterpart, attached to the neighbouring
    syllable; placeholders (<白>) and characters without a reading stay verbatim.
    """
    phrases, surnames = load_overrides(overrides or OVERRIDES_TSV)
    words: list[str] = []
    glue_next = False
    first_han = True
    for kind, value in _tokens(text):
        if kind == "han":
            run = value
            sylls: list[str] = []
            if name and first_han and run[0] in surnames and \
                    not any(run.startswith(f) for f in phrases):
                sylls.append(surnames[run[0]])
                run = run[1:]
            sylls += _han_syllables(run, phrases) if run else []
            first_han = False
            if name:
                sylls = [s[:1].upper() + s[1:] for s in sylls]
            for s in sylls:
                _add_word(words, s, glue_next)
                glue_next = False
        elif kind == "punct":
            # an opening bracket sticks to what follows it, any other mark to what precedes
            _add_word(words, value, glue_next or value not in _OPENING)
            glue_next = glue_next or value in _OPENING
        elif kind == "space":
            glue_next = False
        else:
            _add_word(words, value, glue_next)
            glue_next = False
    return " ".join(words)


def alt_pinyin_forms(label: str) -> list[str]:
    """Plain and name forms of a label, without duplicates (for search labels)."""
    return list(dict.fromkeys([pinyin(label), pinyin(label, name=True)]))


__all__ = ["hans", "pinyin", "load_overrides", "alt_pinyin_forms", "split_list"]

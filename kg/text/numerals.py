"""Chinese numerals as the chronicle prints them (juan numbers, years, days).

The text writes 三百二十三, 一百九十六, 二百二 (= 202, the classical elision of 零),
三十六, 十九, 元 (first year) and occasionally 〇/零.  Elided forms such as 二百二
mean 202, not 220: the book never uses the colloquial 二百二 = 220.
"""

from __future__ import annotations

import re

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
# the longest numeral the book prints is a juan number (三百二十三); a longer run of
# numeral characters is not one number, and reading it would cost quadratic big-int time
MAX_NUMERAL_LENGTH = 12
_NUMERAL_RUN = re.compile("[" + "".join(DIGITS) + "".join(UNITS) + "]+")
NUMERAL_CHARS = frozenset(DIGITS) | frozenset(UNITS) | {"元", "正"}


def parse_numeral(text: str) -> int | None:
    """Return the value of a Chinese numeral, or None when it is not one.

    元 and 正 alone mean 1 (元年, 正月).
    """
    if not text or len(text) > MAX_NUMERAL_LENGTH:
        return None
    if text in ("元", "正"):
        return 1
    if any(ch not in DIGITS and ch not in UNITS for ch in text):
        return None
    total = 0
    pending: int | None = None
    for ch in text:
        if ch in DIGITS:
            if pending is not None:
                # two digits in a row (e.g. 一一): positional reading
                pending = pending * 10 + DIGITS[ch]
            else:
                pending = DIGITS[ch]
        else:
            unit = UNITS[ch]
            total += (1 if pending is None else pending) * unit
            pending = None
    if pending is not None:
        total += pending
    return total


def numeral_prefix(text: str, start: int = 0, stop: int | None = None
                   ) -> tuple[int, int] | None:
    """Read the longest numeral at text[start:stop]; return (value, end) or None."""
    m = _NUMERAL_RUN.match(text, start, len(text) if stop is None else stop)
    if m is None:
        return None
    end = m.end()
    value = parse_numeral(text[start:end])
    return None if value is None else (value, end)

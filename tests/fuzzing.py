"""A seeded mutation fuzzer over the parse and the citation and date readers.

Inputs are slices of the seed texts, mutated the ways transcriptions go wrong
(characters inserted inside closing citations, misprinted year headings with the
lines after them shuffled, unbalanced and deeply nested parentheses, control and
non-BMP characters, lone surrogates, CRLF, a BOM, very long lines, truncation in
the middle of a character, empty input).  Every input must go through
``kg.pipeline.run.parse_data`` — what ``kg parse`` does after reading a file — without
an exception and within a time box, rebuild byte for byte when it decodes, and
give records that serialise as `kg parse` prints them.  Text-level inputs (a
``str`` may hold a lone surrogate, which no decoded file does) go through
``kg.pipeline.run.parse_decoded``; the citation and date readers get every
parenthesis and line of each input.

Used by tests/test_fuzz.py (a short seeded run) and bench/fuzz.py (`make fuzz`).
"""

from __future__ import annotations

import json
import random
import signal
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.chronology.dates import find_date_expressions, find_day_ganzhi, parse_year_heading
from kg.pipeline.run import parse_data, parse_decoded
from kg.sources.citations import find_work_mentions, parse_citation, split_citation_block
from kg.text.markers import match_marker
from kg.text.source import SourceText

TEXTS = Path(__file__).resolve().parent.parent / "seeds" / "texts"

# what transcriptions put where they should not
_CJK_PUNCT = "《》（）()：:、，。；;「」·〇一二三四五六七八九十百千至及作按又云卷紀傳志"
_ODD = ["\r\n", "\r", "\ufeff", "\u3000", "\x7f", "\u200b", "\u2028", "\x85", "\t", "\x0b",
        "\x1b[31m", "<白>", "扌卞", "\U00020bb7", "\U0002a6d6", "\U000e0100", "\ue406",
        "\ufffd", "\uff08", "\uff09", "西夏稱", "是歲，", "閏", "丁亥，", "一作", "《長編》"]
_HEADINGS = ["西夏稱大按八年", "西夏稱大安十十年", "夏稱天賜禮盛國慶元元年", "西夏稱群都五年",
             "西夏稱乾祐九十九年", "西夏稱大安九百年", "西夏稱元德三年", "西夏稱不知年",
             "西夏稱大安正年", "西夏稱延祚一百年", "西夏稱天授禮法延祚七十年"]


def seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.txt"))]


def _rand_char(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.30:
        return rng.choice(_CJK_PUNCT)
    if r < 0.45:
        return chr(rng.randint(0x4E00, 0x9FFF))
    if r < 0.55:
        return chr(rng.randint(0x20000, 0x2FFFF))  # non-BMP (Ext. B and after)
    if r < 0.65:
        return chr(rng.randint(0, 0x1F))  # C0 controls, NUL included
    if r < 0.72:
        return rng.choice(_ODD)
    if r < 0.77:
        return chr(rng.randint(0xE000, 0xF8FF))  # private use
    if r < 0.80:
        return chr(rng.randint(0xD800, 0xDFFF))  # a lone surrogate
    return chr(rng.randint(0x20, 0x2FFF))


def _window(rng: random.Random, texts: list[str]) -> str:
    lines = rng.choice(texts).splitlines(keepends=True)
    a = rng.randrange(len(lines))
    return "".join(lines[a:a + rng.randint(1, 12)])


def _in_citation(rng: random.Random, t: str) -> str:
    """Insert odd characters just inside a closing citation （《長編》一百九：…）."""
    starts = [i for i in range(len(t)) if t.startswith("（《", i) or t.startswith("(《", i)]
    if not starts:
        return t
    p = rng.choice(starts) + rng.randint(1, 12)
    return t[:p] + "".join(_rand_char(rng) for _ in range(rng.randint(1, 4))) + t[p:]


def _heading_and_shuffle(rng: random.Random, t: str) -> str:
    lines = t.split("\n")
    a = rng.randrange(len(lines) + 1)
    tail = lines[a:]
    rng.shuffle(tail)
    return "\n".join(lines[:a] + [rng.choice(_HEADINGS)] + tail)


def _nesting(rng: random.Random, t: str) -> str:
    depth = rng.choice([1, 2, 3, 50, 300, 2000])
    o, c = rng.choice([("（", "）"), ("(", ")"), ("（", ")"), ("《", "》")])
    p = rng.randrange(len(t) + 1)
    inner = "".join(_rand_char(rng) for _ in range(rng.randint(0, 5)))
    kind = rng.random()
    if kind < 0.4:  # balanced
        piece = o * depth + inner + c * depth
    elif kind < 0.7:  # openers only
        piece = o * depth + inner
    else:  # closers, or one side short
        piece = inner + c * depth if kind < 0.85 else o * depth + inner + c * (depth - 1)
    return t[:p] + piece + t[p:]


def _long_line(rng: random.Random, t: str, long_chars: int) -> str:
    flat = t.replace("\n", "")
    if not flat:
        return t
    return flat * max(1, rng.randint(2, long_chars // len(flat) + 2))


def mutate(rng: random.Random, texts: list[str], long_chars: int = 20_000) -> str:
    """One mutated text (a ``str``; it may hold lone surrogates); a long line made by
    a mutation has up to about ``long_chars`` characters."""
    t = _window(rng, texts)
    for _ in range(rng.randint(1, 6)):
        k = rng.random()
        if k < 0.25:  # insert
            p = rng.randrange(len(t) + 1)
            t = t[:p] + "".join(_rand_char(rng) for _ in range(rng.randint(1, 4))) + t[p:]
        elif k < 0.35:  # delete
            p = rng.randrange(len(t) + 1)
            t = t[:p] + t[p + rng.randint(1, 8):]
        elif k < 0.42:  # duplicate a stretch elsewhere
            a, p = rng.randrange(len(t) + 1), rng.randrange(len(t) + 1)
            t = t[:p] + t[a:a + rng.randint(1, 40)] + t[p:]
        elif k < 0.55:
            t = _in_citation(rng, t)
        elif k < 0.65:
            t = _heading_and_shuffle(rng, t)
        elif k < 0.73:
            t = _nesting(rng, t)
        elif k < 0.78:
            t = t.replace("\n", "\r\n")
        elif k < 0.81:
            t = "\ufeff" + t
        elif k < 0.84:
            t = _long_line(rng, t, long_chars)
        elif k < 0.87:
            t = t.replace("（", "(").replace("）", ")").replace("，", ",")
        elif k < 0.90:  # numerals that are not numbers
            p = rng.randrange(len(t) + 1)
            t = t[:p] + "".join(rng.choice("元正一二十百千〇卷至") for _ in range(rng.randint(1, 30))) + t[p:]
        elif k < 0.93:
            t = rng.choice(["", " ", "\n", "\n\n\n", "\u3000\n", "（", "）", "西夏稱大安八年"])
        else:  # a line of another text
            t = t + _window(rng, texts)
    return t


def to_bytes(rng: random.Random, text: str) -> bytes:
    """The bytes of a mutated text; sometimes cut inside a character."""
    data = text.encode("utf-8", "surrogatepass")
    if data and rng.random() < 0.05:
        data = data[:rng.randrange(len(data))]
    return data


class Timeout(Exception):
    """An input took longer than its time box."""


@contextmanager
def time_box(seconds: float) -> Iterator[None]:
    """Raise Timeout in the main thread after ``seconds`` (SIGALRM: POSIX, main thread)."""
    def _ring(signum, frame):  # noqa: ARG001
        raise Timeout(f"no result after {seconds} s")

    old = signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _check_result(result, expected_text: str | None) -> list[str]:
    problems: list[str] = []
    for f in result.findings:
        line = f.format()
        if "\n" in line or "\r" in line:
            problems.append(f"finding spans lines: {line!r}")
    if result.chronicle is not None:
        rebuilt = result.chronicle.rebuild()
        if expected_text is not None and rebuilt != expected_text:
            problems.append("rebuild differs from the input")
    for rec in result.records:
        json.dumps(rec, ensure_ascii=False).encode("utf-8", "surrogatepass")
    return problems


def _readers(text: str) -> None:
    """The citation and date readers on every line and every parenthesis of the text."""
    for line in text.splitlines()[:200]:
        parse_year_heading(line.strip(), near_year=1082)
        find_day_ganzhi(line)
        find_date_expressions(line, near_year=1082)
        match_marker(line, 0)
        find_work_mentions(line)
        i = 0
        for _ in range(30):  # the first parentheses of the line are enough
            i = min((j for j in (line.find("（", i), line.find("(", i)) if j >= 0), default=-1)
            if i < 0:
                break
            inner = line[i + 1:i + 200]
            parse_citation(inner)
            split_citation_block(inner)
            i += 1


@dataclass
class Failure:
    index: int
    kind: str  # the exception type, "timeout" or "check"
    message: str
    data: bytes


def check_input(text: str, data: bytes, index: int, seconds: float) -> list[Failure]:
    """Run one input through everything; return what went wrong (empty: all is well)."""
    failures: list[Failure] = []
    for what in ("bytes", "text", "readers"):
        try:
            with time_box(seconds):
                if what == "bytes":
                    result = parse_data(data, f"fuzz-{index}.txt", "fuzz", None, True)
                    decoded = None
                    if result.chronicle is not None:
                        decoded = data.decode("utf-8")
                        if result.chronicle.rebuild().encode("utf-8") != data:
                            failures.append(Failure(index, "check", "bytes differ", data))
                    problems = _check_result(result, decoded)
                elif what == "text":
                    if not text.strip():
                        continue
                    # names were mined on the bytes path; this path is for what only a
                    # str can hold (lone surrogates)
                    result = parse_decoded(SourceText(f"fuzz-{index}.txt", text), "fuzz",
                                           with_entities=False)
                    problems = _check_result(result, text)
                else:
                    _readers(text)
                    problems = []
            failures += [Failure(index, "check", f"{what}: {p}", data) for p in problems]
        except Timeout as exc:
            failures.append(Failure(index, "timeout", f"{what}: {exc}", data))
        except Exception as exc:  # noqa: BLE001 - every exception is a finding of the fuzzer
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            where = f"{Path(tb.filename).name}:{tb.lineno}"
            failures.append(Failure(index, type(exc).__name__,
                                    f"{what}: {where}: {exc}"[:300], data))
    return failures


def run(seed: int, count: int, seconds: float = 10.0, long_chars: int = 20_000,
        report=None) -> tuple[int, list[Failure]]:
    """``count`` inputs from ``seed``; returns (inputs run, failures).  ``report`` is
    called with each failure as it happens."""
    rng = random.Random(seed)
    texts = seed_texts()
    failures: list[Failure] = []
    for index in range(count):
        text = mutate(rng, texts, long_chars)
        data = to_bytes(rng, text)
        found = check_input(text, data, index, seconds)
        for f in found:
            if report is not None:
                report(f)
        failures += found
    return count, failures

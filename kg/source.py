"""Reading a chronicle file: exact characters plus a line/column map.

Input that is not chronicle text (binary, not UTF-8, empty) is refused with a
located message rather than a traceback, because a historian feeding the wrong
file must learn which byte is wrong.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

_NEWLINE = re.compile("\n")


class InputError(Exception):
    """The file cannot be read as chronicle text at all."""

    def __init__(self, kind: str, message: str, file: str, line: int = 1, col: int = 1) -> None:
        super().__init__(f"{file}:{line}:{col}: error: {message}")
        self.kind = kind
        self.file = file
        self.line = line
        self.col = col
        self.message = message


@dataclass
class SourceText:
    """The decoded text of one input file; offsets are code points."""

    name: str
    text: str
    line_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.line_starts:
            self.line_starts = [0] + [m.end() for m in _NEWLINE.finditer(self.text)]

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset."""
        idx = bisect.bisect_right(self.line_starts, offset) - 1
        return idx + 1, offset - self.line_starts[idx] + 1

    def lines(self) -> list[tuple[int, int, int]]:
        """(start, end-without-newline, end-with-newline) for every physical line."""
        out = []
        n = len(self.text)
        for i, start in enumerate(self.line_starts):
            end_nl = self.line_starts[i + 1] if i + 1 < len(self.line_starts) else n
            end = end_nl
            if end > start and self.text[end - 1] == "\n":
                end -= 1
            if end > start and self.text[end - 1] == "\r":
                end -= 1
            if start == n and i > 0:
                continue
            out.append((start, end, end_nl))
        return out


def _looks_binary(data: bytes) -> int | None:
    """Offset of the first byte that marks the data as binary, or None."""
    nul = data.find(b"\x00")
    if nul >= 0:
        return nul
    controls = sum(1 for b in data[:4096] if b < 9 or 13 < b < 32)
    if controls > 8:
        for i, b in enumerate(data):
            if b < 9 or 13 < b < 32:
                return i
    return None


def _line_col_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    last_nl = before.rfind(b"\n")
    col_bytes = before[last_nl + 1:]
    col = len(col_bytes.decode("utf-8", errors="replace")) + 1
    return line, col


def decode(data: bytes, name: str) -> SourceText:
    """Decode bytes as UTF-8 chronicle text or raise InputError saying where and why."""
    if not data:
        raise InputError("empty", "empty file: expected chronicle text", name)
    bad = _looks_binary(data)
    if bad is not None:
        line, col = _line_col_of_byte(data, bad)
        raise InputError("binary", f"binary data (byte 0x{data[bad]:02x} at byte {bad}): "
                         "expected UTF-8 chronicle text", name, line, col)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_byte(data, exc.start)
        hint = ""
        try:
            data.decode("gb18030")
            hint = " (it decodes as GB18030/GBK: convert it to UTF-8 first)"
        except UnicodeDecodeError:
            pass
        raise InputError("encoding", f"not UTF-8: invalid byte 0x{data[exc.start]:02x} at byte "
                         f"{exc.start}{hint}", name, line, col) from None
    if not text.strip():
        raise InputError("empty", "file holds only white space: expected chronicle text", name)
    return SourceText(name=name, text=text)


def read_source(path: Path | str, name: str | None = None) -> SourceText:
    """Read a file; ``name`` is what messages call it (default: the path as given)."""
    path = Path(path)
    label = name or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError("io", f"cannot read: {exc.strerror}", label) from None
    return decode(data, label)

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

    def __init__(self, kind: str, message: str, file: str, line: int = 0, col: int = 0) -> None:
        # line 0: the file as a whole (missing, too large, wrong encoding), no position
        where = f"{file}:{line}:{col}" if line else file
        super().__init__(f"{where}: error: {message}")
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


# Larger inputs are refused before they are read whole (``kg parse --max-bytes``).  The
# whole chronicle is a few megabytes; 64 MB leaves room for any concatenation of juan.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_CHUNK = 1 << 20

_BOMS = (  # longest first: the UTF-32 LE BOM begins with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32 (little-endian, with BOM)"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32 (big-endian, with BOM)"),
    (b"\xff\xfe", "utf-16-le", "UTF-16 (little-endian, with BOM)"),
    (b"\xfe\xff", "utf-16-be", "UTF-16 (big-endian, with BOM)"),
)


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


def _binary_start(chunk: bytes) -> bool:
    """Is the first chunk of a file binary (NUL bytes that are not UTF-16/32 text)?"""
    return (b"\x00" in chunk and not any(chunk.startswith(b) for b, _, _ in _BOMS)
            and _utf16_without_bom(chunk[:8192]) is None)


def _plausible(text: str) -> bool:
    """Does decoded text look like chronicle text (CJK, punctuation, ASCII, no controls)?"""
    sample = text[:4000]
    if not sample:
        return False
    good = sum(1 for ch in sample
               if ch in "\n\r\t" or " " <= ch <= "~" or "\u3000" <= ch <= "\u9fff"
               or "\uff00" <= ch <= "\uffef" or "\u2000" <= ch <= "\u206f")
    return good >= 0.9 * len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """The name of the UTF-16 byte order the data is plausibly written in, or None."""
    if len(data) < 2 or len(data) % 2:
        return None
    for codec, name in (("utf-16-le", "UTF-16 (little-endian, no BOM)"),
                        ("utf-16-be", "UTF-16 (big-endian, no BOM)")):
        # errors="replace": a sample may end inside a surrogate pair; _plausible judges
        if _plausible(data.decode(codec, errors="replace")):
            return name
    return None


def _share_frequent(text: str, codec: str, lo: int, hi: int) -> float:
    """Share of the CJK characters of ``text`` whose ``codec`` code is in [lo, hi]
    (the block of frequent characters of that encoding)."""
    cjk = [ch for ch in text[:4000] if "\u3400" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    hits = 0
    for ch in cjk:
        try:
            code = int.from_bytes(ch.encode(codec), "big")
        except UnicodeEncodeError:
            continue
        hits += lo <= code <= hi
    return hits / len(cjk)


def _legacy_encoding(data: bytes) -> str | None:
    """Name of the legacy Chinese encoding the data is most plausibly in, or None.

    Big5 and GBK byte ranges overlap, so a Big5 file often decodes as GBK too (into
    rare characters); the one whose decoding falls in its own block of frequent
    characters (Big5 A440–C67E, GB2312 level 1 B0A1–D7F9) is taken.
    """
    decoded: dict[str, str] = {}
    for codec in ("big5", "gb18030"):
        try:
            decoded[codec] = data.decode(codec)
        except UnicodeDecodeError:
            pass
    scores = {}
    if "big5" in decoded:
        scores["Big5"] = _share_frequent(decoded["big5"], "big5", 0xA440, 0xC67E)
    if "gb18030" in decoded:
        scores["GBK/GB18030"] = _share_frequent(decoded["gb18030"], "gb2312", 0xB0A1, 0xD7F9)
    scores = {k: v for k, v in scores.items() if v >= 0.5}
    return max(scores, key=lambda k: scores[k]) if scores else None


def _single_byte(data: bytes) -> bool:
    """Are the non-ASCII bytes isolated (as in Latin-1 or Windows-1252 text)?"""
    high = [i for i, b in enumerate(data[:65536]) if b >= 0x80]
    pairs = set(high)
    return bool(high) and sum(1 for i in high if i + 1 in pairs) <= len(high) // 10


def _iconv_name(name: str) -> str:
    return {"Big5": "BIG5", "GBK/GB18030": "GB18030"}.get(name, name.split(" ")[0])


def _line_col_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    last_nl = before.rfind(b"\n")
    col_bytes = before[last_nl + 1:]
    col = len(col_bytes.decode("utf-8", errors="replace")) + 1
    return line, col


def decode(data: bytes, name: str) -> SourceText:
    """Decode bytes as UTF-8 chronicle text or raise InputError saying where and why.

    Text in another encoding is named (UTF-16/32 with or without a byte-order mark,
    Big5, GBK/GB18030, a single-byte encoding) with the command that converts it.
    """
    if not data:
        raise InputError("empty", "empty file: expected chronicle text", name)
    for bom, _codec, label in _BOMS:
        if data.startswith(bom):
            raise InputError("encoding", f"the file is {label}, not UTF-8: convert it first "
                             f"(iconv -f {_iconv_name(label)} -t UTF-8)", name)
    utf16 = _utf16_without_bom(data[:8192]) if b"\x00" in data[:8192] else None
    if utf16:
        raise InputError("encoding", f"the file looks like {utf16}, not UTF-8: convert it "
                         f"first (iconv -f {'UTF-16LE' if 'little' in utf16 else 'UTF-16BE'} "
                         "-t UTF-8)", name)
    bad = _looks_binary(data)
    if bad is not None:
        line, col = _line_col_of_byte(data, bad)
        raise InputError("binary", f"binary data (byte 0x{data[bad]:02x} at byte {bad}): "
                         "expected UTF-8 chronicle text", name, line, col)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_byte(data, exc.start)
        legacy = _legacy_encoding(data)
        if exc.reason == "unexpected end of data":
            hint = " (the file ends in the middle of a character: was it cut short?)"
        elif legacy:
            hint = (f" (it looks like {legacy}: convert it to UTF-8 first, "
                    f"e.g. iconv -f {_iconv_name(legacy)} -t UTF-8)")
        elif _single_byte(data):
            hint = (" (it looks like a single-byte encoding such as Latin-1 or "
                    "Windows-1252: chronicle text must be UTF-8)")
        else:
            hint = " (the encoding is not recognised: chronicle text must be UTF-8)"
        raise InputError("encoding", f"not UTF-8: invalid byte 0x{data[exc.start]:02x} at byte "
                         f"{exc.start}{hint}", name, line, col) from None
    if not text.lstrip("\ufeff").strip():
        raise InputError("empty", "file holds only white space: expected chronicle text", name)
    return SourceText(name=name, text=text)


def read_bytes(path: Path | str, label: str, max_bytes: int | None = DEFAULT_MAX_BYTES
               ) -> bytes:
    """The file's bytes, read in chunks so that an endless or huge input (/dev/zero, a
    wrong file) is refused at ``max_bytes`` (None: no limit) instead of filling memory."""
    path = Path(path)
    chunks: list[bytes] = []
    size = 0
    try:
        with path.open("rb") as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                if not chunks and _binary_start(chunk):
                    chunks.append(chunk)  # decode() reports where; no need to read on
                    break
                size += len(chunk)
                if max_bytes is not None and size > max_bytes:
                    raise InputError("too-large", f"larger than the input limit of {max_bytes} "
                                     "bytes (raise it with --max-bytes if this is really one "
                                     "text)", label)
                chunks.append(chunk)
    except IsADirectoryError:
        raise InputError("io", "is a directory: give a chronicle text file", label) from None
    except FileNotFoundError:
        raise InputError("io", "no such file", label) from None
    except OSError as exc:
        raise InputError("io", f"cannot read: {exc.strerror or exc}", label) from None
    return b"".join(chunks)


def read_source(path: Path | str, name: str | None = None,
                max_bytes: int | None = DEFAULT_MAX_BYTES) -> SourceText:
    """Read a file; ``name`` is what messages call it (default: the path as given)."""
    label = name or str(path)
    return decode(read_bytes(path, label, max_bytes), label)

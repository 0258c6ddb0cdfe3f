"""Findings: doubtful or wrong things in the input, each with a location.

Nothing is dropped silently: every stage reports what it could not place or
resolve as a Finding, and the CLI prints them as ``file:line:col: severity: …``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

# a finding is one line: control characters and line separators quoted from the input
# (a stray \r would overwrite the line on a terminal) are shown as escapes
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _printable(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


@dataclass(frozen=True)
class Finding:
    """One reported problem; ``severity`` is 'error' (output would be wrong) or 'warning'."""

    code: str
    message: str
    file: str
    line: int
    col: int
    severity: str = "warning"

    def format(self) -> str:
        """``file:line:col: severity: message [code]``; a finding about a whole file
        (line 0: missing, unreadable, too large) has no position and reads
        ``kg: severity: file: message [code]``."""
        file, message = _printable(self.file), _printable(self.message)
        if not self.line:
            return f"kg: {self.severity}: {file}: {message} [{self.code}]"
        return f"{file}:{self.line}:{self.col}: {self.severity}: {message} [{self.code}]"

    def to_dict(self) -> dict:
        return asdict(self)

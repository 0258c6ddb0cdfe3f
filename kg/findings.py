"""Findings: doubtful or wrong things in the input, each with a location.

Nothing is dropped silently: every stage reports what it could not place or
resolve as a Finding, and the CLI prints them as ``file:line:col: severity: …``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


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
        if not self.line:
            return f"kg: {self.severity}: {self.file}: {self.message} [{self.code}]"
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"

    def to_dict(self) -> dict:
        return asdict(self)

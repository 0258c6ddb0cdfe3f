"""Refuse, before evaluation, what a public read-only endpoint must never run.

The store is opened read-only, so an update could not change it anyway; but a
client deserves a clear reason rather than an engine's parse error, and two
query features must be stopped even though they are read-only: ``SERVICE``
(the endpoint would fetch from other hosts on a client's behalf) and, in an
update, ``LOAD`` (the same, plus a write).  Keywords are looked for outside
comments, strings and IRIs, and not as parts of variables or prefixed names.
"""

from __future__ import annotations

import re

_SKIP = re.compile(r'''
    \#[^\n]*
  | """(?:[^"\\]|\\.|"(?!""))*""" | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
  | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
  | <[^<>"{}|^`\\\x00-\x20]*>
''', re.VERBOSE | re.DOTALL)

UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY")
_WORD = re.compile(r"(?<![\w?$:.@-])(" + "|".join(UPDATE_WORDS + ("SERVICE",))
                   + r")(?![\w:-])", re.IGNORECASE)


class Refused(ValueError):
    """A request the endpoint will not run; ``str()`` says why, for a person."""


def _code(text: str) -> str:
    """The query with comments, strings and IRIs blanked (same length, so offsets hold)."""
    return _SKIP.sub(lambda m: " " * len(m.group(0)), text)


def check(query: str) -> None:
    """Raise ``Refused`` for an update, a LOAD or a SERVICE clause; return otherwise."""
    for m in _WORD.finditer(_code(query)):
        word = m.group(1).upper()
        line = query.count("\n", 0, m.start()) + 1
        col = m.start() - (query.rfind("\n", 0, m.start()) + 1) + 1
        if word == "SERVICE":
            raise Refused(f"{line}:{col}: SERVICE (federated query) is not allowed on this "
                          "endpoint: it answers from this dataset only")
        if word == "LOAD":
            raise Refused(f"{line}:{col}: LOAD is not allowed: this endpoint is read-only")
        raise Refused(f"{line}:{col}: {word} is a SPARQL Update operation; this endpoint is "
                      "read-only (SELECT, ASK, CONSTRUCT and DESCRIBE only)")


__all__ = ["check", "Refused", "UPDATE_WORDS"]

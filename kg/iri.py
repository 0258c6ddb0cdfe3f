"""The one place that mints IRIs (docs/MODEL.md, "IRI policy").

IRIs are ASCII and opaque.  They are built only from stable keys — the
manifest's text IDs, entry IDs (year + headline hash), the ID columns of the
seeds tables and ordinals *within* an entry — so that editing one entry never
changes the IRI of another.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from kg.namespaces import XXJC, XXJD

_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class IRIError(ValueError):
    """A key that would make an IRI that is not ASCII-safe."""


def _key(key: str) -> str:
    if not _SAFE.match(key):
        raise IRIError(f"not an ASCII-safe identifier: {key!r}")
    return key


def text(text_id: str) -> URIRef:
    return XXJD[f"text/{_key(text_id)}"]


def entry(entry_id: str) -> URIRef:
    return XXJD[f"entry/{_key(entry_id)}"]


def event(entry_id: str) -> URIRef:
    return XXJD[f"event/{_key(entry_id)}"]


def part(entry_id: str, name: str, n: int | None = None) -> URIRef:
    """A part of an entry: headline, narrative, note/1, citation/2, reading/3, …"""
    suffix = name if n is None else f"{name}/{n}"
    return XXJD[f"entry/{_key(entry_id)}/{suffix}"]


def anchor(resource: URIRef, what: str = "anchor") -> URIRef:
    return URIRef(f"{resource}/{what}")


_KIND_PATH = {"person": "person", "polity": "polity", "group": "group", "place": "place"}


def entity(kind: str, ident: str) -> URIRef:
    return XXJD[f"{_KIND_PATH[kind]}/{_key(ident)}"]


def work(work_id: str) -> URIRef:
    return XXJD[f"work/{_key(work_id)}"]


def era(era_id: str) -> URIRef:
    return XXJD[f"era/{_key(era_id)}"]


def concept(scheme: str, ident: str) -> URIRef:
    return XXJC[f"{_key(scheme)}/{_key(ident)}"]


def scheme(name: str) -> URIRef:
    return XXJC[_key(name)]


def dataset() -> URIRef:
    return XXJD["dataset"]

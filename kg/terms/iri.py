"""The one place that mints IRIs (docs/MODEL.md, "IRI policy").

IRIs are ASCII and opaque.  They are built only from stable keys — the
manifest's text IDs, entry IDs (year + headline hash), the ID columns of the
seeds tables and ordinals *within* an entry — so that editing one entry never
changes the IRI of another.  Functions return plain strings (the IRI itself);
``kg.terms.nt.iri`` gives the N-Triples form.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.terms.entity_types import BY_NAME as _ENTITY_KINDS
from kg.terms.namespaces import BASE

ID = BASE + "id/"
CONCEPT = BASE + "concept/"
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class IRIError(ValueError):
    """A key that would make an IRI that is not ASCII-safe."""


def _key(key: str) -> str:
    if not _SAFE.match(key):
        raise IRIError(f"not an ASCII-safe identifier: {key!r}")
    return key


def _id(path: str, key: str) -> str:
    """A resource named by one stable key; every such IRI checks its key here."""
    return f"{ID}{path}/{_key(key)}"


def _minter(path: str, what: str) -> Callable[[str], str]:
    """The IRI function of one kind of resource named by one stable key."""
    def mint(key: str) -> str:
        return _id(path, key)

    mint.__name__ = mint.__qualname__ = path
    mint.__doc__ = f"{what}: ``id/{path}/{{key}}``."
    return mint


text = _minter("text", "A text of the chronicle (one input file), by its manifest ID")
entry = _minter("entry", "An entry, by its entry ID (year + hash of text ID and headline)")
event = _minter("event", "The event an entry reports, by the entry ID")
work = _minter("work", "A cited work, by its ID in seeds/works.tsv")
era = _minter("era", "An era (reign period), by its row ID in seeds/eras.tsv")


def preamble(text_id: str, n: int) -> str:
    """A preamble (reign biography, preface) of a text, numbered from 1 in text order."""
    return f"{text(text_id)}/preamble/{n}"


def part(entry_id: str, name: str, n: int | None = None) -> str:
    """A part of an entry: headline, narrative, note/1, citation/2, reading/3, …"""
    suffix = name if n is None else f"{name}/{n}"
    return f"{entry(entry_id)}/{suffix}"


def anchor(resource: str, what: str = "anchor") -> str:
    return f"{resource}/{what}"




def passage(citation_iri: str, part: str = "") -> str:
    """The passage alignment of a citation (a Web Annotation) and its parts:
    ``{citation}/passage``, ``…/passage/body``, ``…/passage/target/pos`` …"""
    return f"{citation_iri}/passage{'/' + part if part else ''}"


def entity(kind: str, ident: str) -> str:
    if kind not in _ENTITY_KINDS:
        raise IRIError(f"not an entity type: {kind!r}")
    return _id(kind, ident)


def geometry(place_id: str) -> str:
    """The point of a place (GeoSPARQL geometry), from a verified link."""
    return f"{entity('place', place_id)}/geometry"


def concept(scheme: str, ident: str) -> str:
    return f"{CONCEPT}{_key(scheme)}/{_key(ident)}"


def scheme(name: str) -> str:
    return f"{CONCEPT}{_key(name)}"


def dataset(suffix: str = "") -> str:
    return f"{ID}dataset{'/' + suffix if suffix else ''}"

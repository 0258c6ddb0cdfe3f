"""Every document the edition publishes, by path: the one router of ``kg serve`` and ``kg site``.

A document path is a resource path without suffix (``id/entry/e1082-21dcf988``,
``concept/role``, ``ontology``, ``id/dataset``) or an index page (``index``,
``years``, ``year/1082``, ``persons``, ``works`` …).  ``render`` gives its bytes
in one representation (HTML in either script, Turtle, JSON-LD, N-Triples), or
None when there is no such document; the server and the static export only
differ in what they do with those bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.terms.namespaces import BASE
from kg.web import pages
from kg.web.conneg import HTML, Representation
from kg.web.describe import DATASET_PATH, ONTOLOGY_PATH, Describer
from kg.web.html import Ctx

INDEX_PAGES = ("index", "years", "works", *pages.INDEXES)
_YEAR = re.compile(r"^year/(\d{3,4})$")
_ENTITY = re.compile(r"^id/(person|polity|group|place)/[A-Za-z0-9._-]+$")


class Documents:
    """Renders documents of one build from its read-only store."""

    def __init__(self, store: ox.Store, out: Path, queries_dir: Path | None = None) -> None:
        self.store = store
        self.describer = Describer(store, out)
        self.queries_dir = queries_dir

    def is_index(self, path: str) -> bool:
        return path in INDEX_PAGES or bool(_YEAR.match(path))

    def is_resource(self, path: str) -> bool:
        return not self.is_index(path) and self.describer.exists(path)

    def render(self, path: str, rep: Representation, script: str = "hant") -> bytes | None:
        """The document's bytes, or None when ``path`` names nothing we publish."""
        if self.is_index(path):
            if rep is not HTML:
                return None
            return self._index(path, Ctx(path, script))
        if not self.describer.exists(path):
            return None
        if rep is not HTML:
            return self.describer.render(path, rep)
        ctx = Ctx(path, script)
        if path.startswith("id/entry/"):
            return pages.entry_page(self.describer, ctx, path)
        if path.startswith("id/event/"):
            entry = "id/entry/" + path.split("/", 2)[2]
            if self.describer.exists(entry):
                return pages.entry_page(self.describer, ctx, entry, focus=BASE + path)
        if _ENTITY.match(path):
            return pages.entity_page(self.describer, ctx, path)
        if path.startswith("id/work/"):
            return pages.work_page(self.describer, ctx, path)
        return pages.generic_page(self.describer, ctx, path)

    def _index(self, path: str, ctx: Ctx) -> bytes | None:
        if path == "index":
            return pages.home_page(self.store, ctx)
        if path == "years":
            return pages.years_page(self.store, ctx)
        if path == "works":
            return pages.works_page(self.store, ctx)
        if path in pages.INDEXES:
            return pages.names_page(self.store, ctx, path)
        m = _YEAR.match(path)
        return pages.year_page(self.store, ctx, int(m.group(1))) if m else None

    def not_found(self, path: str, script: str = "hant") -> bytes:
        return pages.not_found_page(Ctx(path or "index", script), path)

    def sparql_page(self) -> bytes:
        return pages.sparql_page(self.queries_dir)

    def all_paths(self) -> list[str]:
        """Every document path of the build (for the static export), sorted."""
        paths = set(INDEX_PAGES) | {f"year/{y}" for y in pages.year_list(self.store)}
        paths |= {ONTOLOGY_PATH, DATASET_PATH}
        for row in pages.select(self.store, "SELECT DISTINCT ?s WHERE { ?s ?p ?o }"):
            s = row["s"]
            if not isinstance(s, ox.NamedNode) or not s.value.startswith(BASE):
                continue
            path = s.value[len(BASE):]
            if "#" in path or (path.startswith("id/entry/") and path.count("/") > 2) \
                    or path.startswith(DATASET_PATH + "/"):
                continue
            paths.add(path)
        return sorted(paths)


__all__ = ["Documents", "INDEX_PAGES"]

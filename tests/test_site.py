"""`kg site`: the static export has the server's documents under the server's names."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.web.conneg import HTML, TURTLE
from kg.web.documents import Documents
from kg.web.pubstore import prepare
from kg.web.site import htaccess, write_site

ENTRY = "id/entry/e1043-9c7273a2"


@pytest.fixture(scope="module")
def site(built, tmp_path_factory) -> tuple[Path, Path, int]:
    out = built[0]
    target = tmp_path_factory.mktemp("site")
    n = write_site(out, target)
    return out, target, n


def test_every_kind_of_document_is_written(site):
    _, target, n = site
    for rel in (f"{ENTRY}.html", f"{ENTRY}.hans.html", f"{ENTRY}.ttl", f"{ENTRY}.jsonld",
                f"{ENTRY}.nt", "id/event/e1043-9c7273a2.html", "id/person/p0028.ttl",
                "id/polity/po001.html", "id/group/g0003.nt", "id/place/pl0139.jsonld",
                "id/work/w001.html", "concept/role.ttl", "concept/role/agent.html",
                "id/dataset.ttl", "ontology.ttl", "ontology.html", "index.html",
                "index.hans.html", "years.html", "year/1082.html", "persons.html",
                "works.html", "404.html", "sparql.html", "static/style.css",
                "dump/xixiaji.nt", "dump/void.ttl", ".htaccess"):
        assert (target / rel).is_file(), rel
    assert n == sum(1 for p in target.rglob("*") if p.is_file())
    # parts of entries have no documents of their own: the .htaccess sends them to the entry
    assert not (target / ENTRY).exists()


def test_files_hold_what_the_server_serves(site):
    out, target, _ = site
    docs = Documents(prepare(out).open(), out)
    assert (target / f"{ENTRY}.ttl").read_bytes() == docs.render(ENTRY, TURTLE)
    assert (target / "id/person/p0028.hans.html").read_bytes() == docs.render(
        "id/person/p0028", HTML, "hans")
    assert (target / ".htaccess").read_text(encoding="utf-8") == htaccess()
    assert (target / "dump/xixiaji.nt").read_bytes() == (out / "xixiaji.nt").read_bytes()
    graph = ox.parse((target / f"{ENTRY}.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    assert len(list(graph)) > 100


_HREF = re.compile(r'(?:href|src)="([^"#]*)(?:#[^"]*)?"')


def test_every_local_link_of_every_page_resolves(site):
    _, target, _ = site
    broken = set()
    pages = sorted(target.rglob("*.html"))
    assert len(pages) > 1000
    for page in pages:
        for href in _HREF.findall(page.read_text(encoding="utf-8")):
            if not href or href.startswith(("http://", "https://", "sparql?")):
                continue
            resolved = (page.parent / href).resolve()
            if resolved.name == "sparql":  # the .htaccess serves sparql.html there
                resolved = resolved.with_name("sparql.html")
            if not resolved.is_file():
                broken.add((str(page.relative_to(target)), href))
    assert sorted(broken)[:10] == []

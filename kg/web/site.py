"""``kg site``: the static export — every document ``kg serve`` answers, as files for any host.

File names follow the server's documents exactly (``id/entry/E.html``,
``E.hans.html``, ``E.ttl``, ``E.jsonld``, ``E.nt``; ``year/1082.html``; ``dump/…``),
so the same links work, and the generated ``.htaccess`` gives an Apache host the
server's dereferencing policy: 303 from an IRI path to the document its
``Accept`` asks for, parts of an entry to the entry's document, 406 when nothing
offered is acceptable.  Hosts without rewrite rules still serve every document
under its suffixed name.  Output is deterministic: the same build gives the same
bytes.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from kg.publish.config import load_config
from kg.web.conneg import HTML, RDF_DOCUMENTS
from kg.web.documents import Documents
from kg.web.html import Ctx, page
from kg.web.pubstore import prepare

HTACCESS = """# Content negotiation for the static export of 西夏紀 (written by `kg site`).
# Needs mod_rewrite; mod_headers adds CORS when present.  See README, "Publishing".
Options -MultiViews
DirectorySlash Off
DirectoryIndex index.html
AddType "text/turtle; charset=utf-8" .ttl
AddType application/ld+json .jsonld
AddType application/n-triples .nt
AddType application/n-quads .nq
AddDefaultCharset utf-8
<IfModule mod_headers.c>
  Header set Access-Control-Allow-Origin "*"
  Header append Vary "Accept"
</IfModule>
ErrorDocument 404 {base_path}404.html
RewriteEngine On

# SPARQL: a static host has no endpoint; this page names the one that answers
RewriteRule ^sparql$ sparql.html [L]

# Nothing we offer is acceptable: 406
RewriteCond %{{HTTP_ACCEPT}} .
RewriteCond %{{HTTP_ACCEPT}} !({acceptable})
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteRule ^(id|concept|ontology) - [R=406,L]

# A part of an entry (citation, reading, note, timespan, anchors …): the entry's document
RewriteCond %{{HTTP_ACCEPT}} (text/turtle|application/x-turtle)
RewriteRule ^(id/entry/[^/.]+)/.+$ $1.ttl [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} (application/ld\\+json|application/json)
RewriteRule ^(id/entry/[^/.]+)/.+$ $1.jsonld [R=303,L]
RewriteCond %{{HTTP_ACCEPT}} (application/n-triples|text/plain)
RewriteRule ^(id/entry/[^/.]+)/.+$ $1.nt [R=303,L]
RewriteRule ^(id/entry/[^/.]+)/([a-z-]+)/([0-9]+)(/.*)?$ $1.html#$2-$3 [R=303,NE,L]
RewriteRule ^(id/entry/[^/.]+)/([a-z-]+)(/.*)?$ $1.html#$2 [R=303,NE,L]
RewriteRule ^id/dataset/(.+)$ id/dataset.html#$1 [R=303,NE,L]

# Any other IRI path with documents: the one Accept asks for (HTML for browsers)
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{REQUEST_FILENAME}}.ttl -f
RewriteCond %{{HTTP_ACCEPT}} (text/turtle|application/x-turtle)
RewriteRule ^(.+)$ $1.ttl [R=303,L]
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{REQUEST_FILENAME}}.jsonld -f
RewriteCond %{{HTTP_ACCEPT}} (application/ld\\+json|application/json)
RewriteRule ^(.+)$ $1.jsonld [R=303,L]
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{REQUEST_FILENAME}}.nt -f
RewriteCond %{{HTTP_ACCEPT}} (application/n-triples|text/plain)
RewriteRule ^(.+)$ $1.nt [R=303,L]
RewriteCond %{{REQUEST_FILENAME}} !-f
RewriteCond %{{REQUEST_FILENAME}}.html -f
RewriteRule ^(.+)$ $1.html [R=303,L]
"""

_ACCEPTABLE = "|".join((r"text/html", r"application/xhtml\+xml", r"text/\*", r"\*/\*",
                        r"text/turtle", r"application/x-turtle", r"application/ld\+json",
                        r"application/json", r"application/n-triples", r"text/plain",
                        r"application/\*"))
DUMP_FILES = ("xixiaji.ttl", "xixiaji.nt", "xixiaji.jsonld", "xixiaji.nq", "inferred.ttl",
              "inferred.nt", "void.ttl", "context.jsonld")


def htaccess(base_path: str = "/") -> str:
    """The rewrite rules for a site published at ``base_path`` of its host."""
    return HTACCESS.format(base_path=base_path, acceptable=_ACCEPTABLE)


def write_site(out: Path, site: Path, progress=None, queries_dir: Path | None = None) -> int:
    """Write every document of the build in ``out`` under ``site``; the number of files."""
    published = prepare(out)
    docs = Documents(published.open(), out, queries_dir)
    if site.exists():
        shutil.rmtree(site)
    site.mkdir(parents=True)
    count = 0

    def write(rel: str, data: bytes) -> None:
        nonlocal count
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        count += 1

    paths = docs.all_paths()
    for i, path in enumerate(paths, 1):
        if progress and i % 200 == 0:
            progress(f"{i}/{len(paths)} documents")
        for rep in RDF_DOCUMENTS:
            body = docs.render(path, rep)
            if body is None:
                continue
            write(path + rep.suffix, body)
            if rep is HTML:
                write(path + ".hans.html", docs.render(path, HTML, "hans") or b"")
    write("404.html", docs.not_found(""))
    config = load_config()
    write("sparql.html", page(Ctx("sparql"), "SPARQL", (
        "<h1>SPARQL</h1><p>This static copy of the edition has no query service of its own. "
        f'Queries are answered at <a href="{config.sparql_endpoint}">'
        f"{config.sparql_endpoint}</a>, or locally by <code>kg serve</code>.</p>")))
    write("static/style.css", resources.files("kg").joinpath("static", "style.css").read_bytes())
    for name in DUMP_FILES:
        if (out / name).is_file():
            target = site / "dump" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out / name, target)
            count += 1
    write(".htaccess", htaccess().encode("utf-8"))
    return count


__all__ = ["write_site", "htaccess", "HTACCESS"]

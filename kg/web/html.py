"""HTML building blocks shared by every page: layout, links, scripts, annotated text.

Pages are plain HTML5 with one local stylesheet (``kg/static/style.css``) and no
script: they read the same in any browser, in a text browser and when saved.
Links are relative to the page, so the static export works in any folder of any
host.  Every page exists in the text's own script (traditional, ``X.html``) and
in simplified characters (``X.hans.html``, converted with OpenCC after
rendering); a link in the header switches between the two.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from html import escape

from kg.terms.entity_types import ENTITY_TYPES
from kg.terms.namespaces import BASE
from kg.web.describe import document_of

SITE_TITLE = "西夏紀"
SITE_SUBTITLE = "戴錫章《西夏紀》 · linked-data edition"
NAV = (("index", "首頁 Home"), ("years", "年表 Years"),
       *((t.index, t.index_title) for t in ENTITY_TYPES),
       ("works", "引書 Works"), ("sparql", "SPARQL"))


def e(text: object) -> str:
    """Escape for element content and quoted attributes."""
    return escape(str(text), quote=True)


@dataclass(frozen=True)
class Ctx:
    """Where a page lives (its path without suffix) and in which script it is rendered."""

    path: str            # e.g. "id/entry/e1082-21dcf988", "years", "index"
    script: str = "hant"  # "hant" | "hans"

    @property
    def suffix(self) -> str:
        return ".hans.html" if self.script == "hans" else ".html"

    def url(self, target: str, fragment: str = "") -> str:
        """Relative URL from this page to the page ``target`` (a path without suffix)."""
        if target == "sparql":
            rel = posixpath.relpath("sparql", posixpath.dirname(self.path) or ".")
        else:
            rel = posixpath.relpath(target + self.suffix, posixpath.dirname(self.path) or ".")
        return rel + (f"#{fragment}" if fragment else "")

    def asset(self, name: str) -> str:
        return posixpath.relpath(f"static/{name}", posixpath.dirname(self.path) or ".")

    def file(self, name: str) -> str:
        """Relative URL of another file of the site (a document in another syntax, a dump)."""
        return posixpath.relpath(name, posixpath.dirname(self.path) or ".")

    def iri_url(self, iri: str) -> str | None:
        """Our page for an IRI of the dataset (parts of an entry: its page at the part)."""
        if not iri.startswith(BASE):
            return None
        path = iri[len(BASE):]
        if path.startswith("dump/"):
            return self.file(path)
        if path == "sparql":
            return self.url("sparql")
        if path.startswith("ontology/"):  # the version IRI: the ontology's page
            return self.url("ontology")
        if "#" in path:
            path, frag = path.split("#", 1)
            return self.url(path, frag)
        doc, frag = document_of(path)
        return self.url(doc, frag)

    def other_script(self) -> str:
        if self.path == "sparql":  # one query page for both scripts
            return "sparql"
        other = ".html" if self.script == "hans" else ".hans.html"
        return posixpath.basename(self.path) + other


def link(ctx: Ctx, iri: str, text: str, cls: str = "") -> str:
    url = ctx.iri_url(iri)
    c = f' class="{e(cls)}"' if cls else ""
    if url is None:
        return f'<a{c} href="{e(iri)}">{e(text)}</a>'
    return f'<a{c} href="{e(url)}">{e(text)}</a>'


def page(ctx: Ctx, title: str, body: str, *, iri: str | None = None,
         alternates: bool = False, lang: str = "zh-Hant") -> bytes:
    """A whole page: header with navigation and script toggle, ``body``, footer."""
    from kg.entities.labels import hans

    nav = " ".join(f'<a href="{e(ctx.url(p))}">{e(label)}</a>' for p, label in NAV)
    name = posixpath.basename(ctx.path)
    toggle = (f'<a class="script" href="{e(ctx.other_script())}" '
              f'title="切換字形 / switch script">'
              # 體 as a character reference, so OpenCC leaves the label traditional
              + ("繁&#x9ad4;" if ctx.script == "hans" else "简体") + "</a>")
    alt = ""
    foot_rdf = ""
    if alternates:
        kinds = ((".ttl", "text/turtle", "Turtle"), (".jsonld", "application/ld+json", "JSON-LD"),
                 (".nt", "application/n-triples", "N-Triples"))
        alt = "".join(f'<link rel="alternate" type="{t}" href="{e(name + s)}">'
                      for s, t, _ in kinds)
        foot_rdf = ("<p>This page as data: " + " · ".join(
            f'<a href="{e(name + s)}" type="{t}">{label}</a>' for s, t, label in kinds) + "</p>")
    iri_line = (f'<p class="iri">IRI: <code>{e(iri)}</code></p>' if iri else "")
    language = "zh-Hans" if ctx.script == "hans" else lang
    html = f"""<!DOCTYPE html>
<html lang="{language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)} · {SITE_TITLE}</title>
<link rel="stylesheet" href="{e(ctx.asset('style.css'))}">
{f'<link rel="canonical" href="{e(iri)}">' if iri else ''}{alt}
</head>
<body>
<header class="site">
<p class="brand"><a href="{e(ctx.url('index'))}">{SITE_TITLE}</a>
<span>{e(SITE_SUBTITLE)}</span></p>
<nav>{nav} {toggle}</nav>
</header>
<main>
{body}
</main>
<footer class="site">
{iri_line}{foot_rdf}
<p>Data CC BY 4.0 · <a href="{e(ctx.url('id/dataset'))}">about the dataset</a> ·
<a href="{e(ctx.url('sparql'))}">SPARQL endpoint</a></p>
</footer>
</body>
</html>
"""
    if ctx.script == "hans":
        html = hans(html)
    return html.encode("utf-8")


# --------------------------------------------------------------------------- annotated text

@dataclass(frozen=True)
class Span:
    """A stretch ``[start, end)`` of a text to wrap in an element.

    ``rank`` orders nesting (lower = outer) when two spans cover the same text;
    a span crossing another is closed and reopened around it, and only its first
    piece carries ``ident`` as the element's id.
    """

    start: int
    end: int
    rank: int
    tag: str
    attrs: tuple[tuple[str, str], ...] = ()
    ident: str = ""


def _open(span: Span, first: bool) -> str:
    attrs = "".join(f' {k}="{e(v)}"' for k, v in span.attrs)
    if first and span.ident:
        attrs = f' id="{e(span.ident)}"' + attrs
    return f"<{span.tag}{attrs}>"


def annotate(text: str, spans: list[Span]) -> str:
    """``text`` escaped, with every span wrapped; lines become paragraphs."""
    lines, pos = [], 0
    for line in text.split("\n"):
        if line:
            lines.append(Span(pos, pos + len(line), -1, "p"))
        pos += len(line) + 1
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)] + lines
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    out: list[str] = []
    stack: list[Span] = []
    opened: set[int] = set()
    order = {id(s): i for i, s in enumerate(sorted(spans, key=lambda s: (s.rank, s.start,
                                                                           -s.end)))}
    for a, b in zip(cuts, cuts[1:]):
        want = sorted((s for s in spans if s.start <= a and b <= s.end),
                      key=lambda s: order[id(s)])
        if not want or want[0].rank != -1:  # a line break between paragraphs: no element
            want = []
        keep = 0
        while keep < len(stack) and keep < len(want) and stack[keep] is want[keep]:
            keep += 1
        for s in reversed(stack[keep:]):
            out.append(f"</{s.tag}>")
        stack = stack[:keep]
        for s in want[keep:]:
            out.append(_open(s, id(s) not in opened))
            opened.add(id(s))
            stack.append(s)
        out.append(e(text[a:b]))
    for s in reversed(stack):
        out.append(f"</{s.tag}>")
    return "".join(out)


# --------------------------------------------------------------------------- generic pieces

def table(head: list[str], rows: list[list[str]], cls: str = "",
          ids: list[str] | None = None) -> str:
    """A table of already-escaped cells (``ids``: an element id per row, for fragments)."""
    c = f' class="{e(cls)}"' if cls else ""
    th = "".join(f"<th>{h}</th>" for h in head)
    idattr = [f' id="{e(i)}"' for i in ids] if ids else [""] * len(rows)
    body = "\n".join(f"<tr{i}>" + "".join(f"<td>{cell}</td>" for cell in r) + "</tr>"
                     for i, r in zip(idattr, rows, strict=True))
    return f"<table{c}>\n<thead><tr>{th}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def results_page(query: str, answer, truncated: bool, limit: int) -> str:
    """A SPARQL answer as an HTML page with the query above it (for browsers)."""
    ctx = Ctx("sparql")
    if answer.form == "ask":
        result = f"<p class=\"boolean\">{'true' if answer.boolean else 'false'}</p>"
    elif answer.form == "graph":
        rows = [[_cell(ctx, t) for t in triple] for triple in answer.triples or []]
        result = table(["subject", "predicate", "object"], rows, "results")
    else:
        rows = [[_cell(ctx, t) for t in r] for r in answer.rows]
        result = table([e(v) for v in answer.variables], rows, "results")
    n = len(answer.rows) if answer.form == "select" else len(answer.triples or [])
    note = (f"<p class=\"warn\">Only the first {limit} results are shown.</p>"
            if truncated else "")
    body = (sparql_form(query) + f"<h2>Results ({n})</h2>{note}\n{result}")
    return page(ctx, "SPARQL", body).decode("utf-8")


def _cell(ctx: Ctx, t) -> str:
    if t is None:
        return ""
    if t.kind == "uri":
        return link(ctx, t.value, t.value.replace(BASE, "xxj:/"), "iri")
    if t.kind == "literal" and t.lang:
        return f'<span lang="{e(t.lang)}">{e(t.value)}</span>'
    return e(t.value)


def sparql_form(query: str = "", examples: list[tuple[str, str]] | None = None) -> str:
    """The query form (GET, so a result page has a URL a historian can bookmark)."""
    opts = ""
    if examples:
        items = "".join(f'<li><a href="sparql?query={e(_quote(text))}">{e(name)}</a></li>'
                        for name, text in examples)
        opts = f"<details><summary>Example queries</summary><ul>{items}</ul></details>"
    return f"""<h1>SPARQL</h1>
<form class="sparql" method="get" action="sparql">
<textarea name="query" rows="12" spellcheck="false">{e(query)}</textarea>
<p><label>Results as <select name="format">
<option value="html">a table</option><option value="json">SPARQL JSON</option>
<option value="xml">SPARQL XML</option><option value="csv">CSV</option>
<option value="tsv">TSV</option><option value="turtle">Turtle (CONSTRUCT)</option>
</select></label> <button type="submit">Run</button></p>
</form>
{opts}
<p class="hint">Prefixes <code>xxj:</code>, <code>xxjd:</code>, <code>crm:</code>,
<code>rdfs:</code>, <code>skos:</code> … may be used without declaring them.
Read-only; queries are stopped after the time limit and answers cut at the result limit.</p>
"""


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


__all__ = ["Ctx", "Span", "annotate", "page", "link", "table", "results_page", "sparql_form",
           "e"]

"""Citations → Kanripo juan and aligned passages, as RDF (Web Annotation).

For each citation of an entry:

- ``xxj:citesJuan`` → every juan the citation resolves to that is listed in
  ``seeds/kanripo-juan.tsv`` (checked to exist in the repository);
- when ``seeds/kanripo-alignments.tsv`` has a *found* passage for it, an
  ``oa:Annotation`` (``{citation}/passage``, motivation ``oa:linking``) whose body
  is the aligned stretch of the entry (``oa:SpecificResource`` on the entry, with a
  TextPositionSelector) and whose target is the passage of the juan
  (``oa:SpecificResource`` on the juan file, a TextPositionSelector in code points of
  the file at the commit read, and ``oa:hasState`` → an ``oa:TimeState`` whose
  ``oa:cachedSource`` is that commit's copy of the file), with ``xxj:alignmentScore``
  and ``xxj:controlScore``.  The citation points to it with ``xxj:passage``.

A TextQuoteSelector on the target is added only when the build is given the
repository (``kg build --kanripo DIR``) at the same commit: the committed tables
hold offsets, never the text of a juan.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from kg.core.record import EntryRecord
from kg.linking.kanripo_tables import alignment_table, citation_juan, juan_iri
from kg.terms import iri
from kg.terms.nt import RDF_TYPE, V, lit, typed
from kg.terms.nt import iri as u

X, OA = V.xxj, V.oa


class QuoteSource:
    """Reads passages from cloned Kanripo repositories (``--kanripo DIR``)."""

    def __init__(self, dirs: tuple[Path, ...] = ()) -> None:
        self.dirs = tuple(dirs)
        self._repos: dict | None = None

    def _open(self) -> dict:
        if self._repos is None:
            from kg.linking.kanripo import KanripoError, Repo

            self._repos = {}
            for d in self.dirs:
                try:
                    repo = Repo.open(d)
                except KanripoError:
                    continue
                self._repos[repo.kr_id] = repo
        return self._repos

    def commits(self) -> dict[str, str]:
        return {k: r.commit for k, r in sorted(self._open().items())}

    @cache  # noqa: B019 - one source per build, files are small and read once
    def _file(self, kr_id: str, file: str) -> str | None:
        repo = self._open().get(kr_id)
        return None if repo is None else repo.read(file)

    def exact(self, kr_id: str, commit: str, file: str, start: int, end: int) -> str | None:
        """The characters of the passage, or None when that commit is not at hand."""
        repo = self._open().get(kr_id)
        if repo is None or repo.commit != commit:
            return None
        text = self._file(kr_id, file)
        return None if text is None else text[start:end]


def passage_resources(g, rec: EntryRecord, quotes: QuoteSource | None = None) -> None:
    """Juan links and passage annotations of one entry's citations."""
    from kg.sources.works import default_table

    works = default_table()
    table = alignment_table()
    entry = u(iri.entry(rec["id"]))
    for n, c in enumerate(rec.get("citations", []), 1):
        w = works.by_id.get(c.get("work_id") or "")
        if w is None or not w.kanripo:
            continue
        cit_iri = iri.part(rec["id"], "citation", n)
        cit = u(cit_iri)
        for row in citation_juan(c, w.kanripo)[0]:
            g.add((cit, X.citesJuan, u(juan_iri(row.kr_id, row.file))))
        al = table.get((rec["id"], n))
        if al is None or al.status != "found":
            continue
        ann_iri = iri.passage(cit_iri)
        ann, body, target = u(ann_iri), u(iri.passage(cit_iri, "body")), u(
            iri.passage(cit_iri, "target"))
        g.add((cit, X.passage, ann))
        g.add((ann, RDF_TYPE, OA.Annotation))
        g.add((ann, OA.motivatedBy, OA.linking))
        g.add((ann, OA.hasBody, body))
        g.add((ann, OA.hasTarget, target))
        g.add((ann, X.alignmentScore, typed(f"{al.score:.3f}", "decimal")))
        g.add((ann, X.controlScore, typed(f"{al.control:.3f}", "decimal")))
        _selected(g, body, entry, iri.passage(cit_iri, "body/pos"), al.entry_start,
                  al.entry_end)
        _selected(g, target, u(juan_iri(al.kr_id, al.file)),
                  iri.passage(cit_iri, "target/pos"), al.start, al.end)
        state = u(iri.passage(cit_iri, "target/state"))
        g.add((target, OA.hasState, state))
        g.add((state, RDF_TYPE, OA.TimeState))
        g.add((state, OA.cachedSource, u(juan_iri(al.kr_id, al.file, al.commit))))
        exact = quotes.exact(al.kr_id, al.commit, al.file, al.start, al.end) if quotes else None
        if exact:
            q = u(iri.passage(cit_iri, "target/quote-selector"))
            g.add((target, OA.hasSelector, q))
            g.add((q, RDF_TYPE, OA.TextQuoteSelector))
            g.add((q, OA.exact, lit(exact)))


def _selected(g, node: str, source: str, pos_iri: str, start: int, end: int) -> None:
    pos = u(pos_iri)
    g.add((node, RDF_TYPE, OA.SpecificResource))
    g.add((node, OA.hasSource, source))
    g.add((node, OA.hasSelector, pos))
    g.add((pos, RDF_TYPE, OA.TextPositionSelector))
    g.add((pos, OA.start, typed(start, "nonNegativeInteger")))
    g.add((pos, OA.end, typed(end, "nonNegativeInteger")))


def work_links(g) -> int:
    """``xxj:Work skos:exactMatch`` its Kanripo repository; returns the number of links."""
    from kg.linking.kanripo_tables import repo_iri
    from kg.sources.works import default_table

    n = 0
    for w in default_table().works:
        if w.kanripo and w.kanripo_checked:
            g.add((u(iri.work(w.id)), V.skos.exactMatch, u(repo_iri(w.kanripo))))
            n += 1
    return n


def passage_findings(rec: EntryRecord) -> list:
    """``citation-not-found``: the cited juan holds no passage that the entry draws on.

    Located at the citation (file:line:col).  This checks the chronicle's own
    apparatus: the cited juan may be misnumbered, or the entry may rest on another
    source than the one it names.
    """
    from kg.core.findings import Finding

    out = []
    table = alignment_table()
    for n, c in enumerate(rec.get("citations", []), 1):
        al = table.get((rec["id"], n))
        if al is None or al.status != "not-found":
            continue
        line, col = rec["line"], rec["col"]
        start = c.get("start")
        if start is not None:
            before = rec["entry_text"][:start]
            nl = before.count("\n")
            line += nl
            col = (col + len(before)) if nl == 0 else len(before) - before.rfind("\n")
        out.append(Finding(
            "citation-not-found",
            f"{c['raw']}: no passage of {al.kr_id} juan {al.juan} ({al.file}) matches the "
            f"entry (score {al.score:.3f}, control {al.control:.3f})",
            rec["file"], line, col))
    return out

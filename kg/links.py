"""Links to external datasets: seeds/links.tsv → skos:exactMatch / owl:sameAs + VoID Linksets.

Only verified rows are published (``verified_by`` non-empty): a wrong identifier
would merge two people in every store that loads both datasets.
"""

from __future__ import annotations

from pathlib import Path

from kg import iri
from kg.nt import RDF_TYPE, V, integer, lit
from kg.nt import iri as u
from kg.tables import SEEDS, read_tsv

DATASETS = {
    "wikidata": ("http://www.wikidata.org/entity/", "https://www.wikidata.org/"),
    "cbdb": ("https://cbdb.fas.harvard.edu/cbdbapi/person.php?id=",
             "https://projects.iq.harvard.edu/cbdb"),
    "tgaz": ("https://maps.cga.harvard.edu/tgaz/placename/", "https://maps.cga.harvard.edu/tgaz/"),
}
# Kanripo: one git repository per text; the works table holds the verified IDs
KANRIPO_TARGET = "https://github.com/kanripo"
KIND = {"p": "person", "po": "polity", "g": "group", "pl": "place"}


def _kind(our_id: str) -> str:
    prefix = our_id.rstrip("0123456789")
    return KIND[prefix]


def link_rows(path: Path | None = None) -> tuple[set[tuple[str, str, str]], list[str]]:
    """Link triples, VoID linksets, and messages about rows that were not published."""
    path = path or SEEDS / "links.tsv"
    rows: set[tuple[str, str, str]] = set()
    skipped: list[str] = []
    counts: dict[tuple[str, str], int] = {}
    for row in read_tsv(path) + _entity_table_links():
        where = f"{path.name}:{row['_line']}"
        if row["dataset"] not in DATASETS:
            skipped.append(f"{where}: unknown dataset {row['dataset']!r}")
            continue
        if not row.get("verified_by"):
            skipped.append(f"{where}: {row['our_id']} → {row['target']} not verified: not "
                           "published")
            continue
        ours = u(iri.entity(_kind(row["our_id"]), row["our_id"]))
        target = u(DATASETS[row["dataset"]][0] + row["target"])
        relation = "sameAs" if row.get("relation") == "sameAs" else "exactMatch"
        prop = V.owl.sameAs if relation == "sameAs" else V.skos.exactMatch
        rows.add((ours, prop, target))
        counts[(row["dataset"], relation)] = counts.get((row["dataset"], relation), 0) + 1
    from kg.kanripo_graph import work_links

    wl = new_graph_rows()
    n_works = work_links(wl)
    rows.update(wl)
    if n_works:
        counts[("kanripo", "exactMatch")] = n_works
    for (name, relation), n in sorted(counts.items()):
        ls = u(iri.dataset(f"linkset/{name}-{relation}"))
        rows.add((ls, RDF_TYPE, V.void.Linkset))
        rows.add((ls, V.void.subjectsTarget, u(iri.dataset())))
        rows.add((ls, V.void.objectsTarget,
                  u(KANRIPO_TARGET if name == "kanripo" else DATASETS[name][1])))
        rows.add((ls, V.void.linkPredicate,
                  V.owl.sameAs if relation == "sameAs" else V.skos.exactMatch))
        rows.add((ls, V.void.triples, integer(n)))
        rows.add((ls, V.dcterms.title, lit(f"{relation} links to {name}", "en")))
    return rows, skipped


def new_graph_rows() -> set[tuple[str, str, str]]:
    return set()


def _entity_table_links() -> list[dict[str, str]]:
    """Identifier columns of the entity tables (wikidata, cbdb, chgis), as link rows."""
    out = []
    columns = {"wikidata": "wikidata", "cbdb": "cbdb", "chgis": "tgaz"}
    for fname in ("persons.tsv", "places.tsv", "polities.tsv", "groups.tsv"):
        path = SEEDS / "entities" / fname
        if not path.exists():
            continue
        for row in read_tsv(path):
            for col, dataset in columns.items():
                if row.get(col):
                    out.append({"our_id": row["id"], "dataset": dataset, "target": row[col],
                                "relation": "exactMatch",
                                "verified_by": row.get("ext_verified", ""),
                                "source": row.get("source", ""), "_line": row["_line"]})
    return out

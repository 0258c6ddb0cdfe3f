"""Links to external datasets: seeds/links.tsv → skos:exactMatch / owl:sameAs + VoID Linksets.

Only verified rows are published: ``status`` = ``verified`` with ``verified_by``,
``verified_on`` and ``verified_against`` filled (a table without a ``status``
column, the older layout, needs ``verified_by`` only).  A wrong identifier would
merge two people in every store that loads both datasets.  Candidates written by
``kg link authority`` (``status`` = ``candidate``) are reported, never published.

A verified link of a place that carries a point (``lat``, ``long``, WGS84) also
publishes the place's geometry: ``geo:hasGeometry {place}/geometry``, a GeoSPARQL
``geo:Geometry`` with ``geo:asWKT "POINT(long lat)"^^geo:wktLiteral`` (CRS84, so
longitude first), its ``xxj:certainty`` and ``dcterms:source`` the linked record.
The works' Kanripo IDs (seeds/works.tsv) are published here too, as
``skos:exactMatch`` to the text's repository.
"""

from __future__ import annotations

from pathlib import Path

from kg.core.tables import SEEDS, read_tsv
from kg.terms import iri
from kg.terms.entity_types import BY_PREFIX
from kg.terms.nt import RDF_TYPE, V, escape, integer, lit
from kg.terms.nt import iri as u

DATASETS = {
    "wikidata": ("http://www.wikidata.org/entity/", "https://www.wikidata.org/"),
    "cbdb": ("https://cbdb.fas.harvard.edu/cbdbapi/person.php?id=",
             "https://projects.iq.harvard.edu/cbdb"),
    "tgaz": ("https://maps.cga.harvard.edu/tgaz/placename/", "https://maps.cga.harvard.edu/tgaz/"),
}
# Kanripo: one git repository per text; the works table holds the verified IDs
KANRIPO_TARGET = "https://github.com/kanripo"
KIND = {prefix: t.name for prefix, t in BY_PREFIX.items()}
GEO = "http://www.opengis.net/ont/geosparql#"
CERTAINTY = ("exact", "approximate", "uncertain")


def _kind(our_id: str) -> str:
    prefix = our_id.rstrip("0123456789")
    return KIND[prefix]


def _publishable(row: dict[str, str]) -> str | None:
    """None when the row may be published, else why not."""
    if "status" not in row:  # the older layout: verified_by alone
        return None if row.get("verified_by") else "not verified"
    if row["status"] != "verified":
        return "not verified" if row["status"] in ("", "candidate") else row["status"]
    missing = [c for c in ("verified_by", "verified_on", "verified_against") if not row.get(c)]
    if missing:
        return f"verified without {' and '.join(missing)}"
    return None


def link_rows(path: Path | None = None, entity_tables: bool = True, kanripo: bool = True
              ) -> tuple[set[tuple[str, str, str]], list[str]]:
    """Link triples, VoID linksets, and messages about rows that were not published."""
    path = path or SEEDS / "links.tsv"
    rows: set[tuple[str, str, str]] = set()
    skipped: list[str] = []
    counts: dict[tuple[str, str], int] = {}
    table = read_tsv(path) + (_entity_table_links() if entity_tables else [])
    for row in table:
        where = f"{path.name}:{row['_line']}"
        if row["dataset"] not in DATASETS:
            skipped.append(f"{where}: unknown dataset {row['dataset']!r}")
            continue
        why = _publishable(row)
        if why is not None:
            skipped.append(f"{where}: {row['our_id']} → {row['target']} {why}: not published")
            continue
        ours = u(iri.entity(_kind(row["our_id"]), row["our_id"]))
        target = u(DATASETS[row["dataset"]][0] + row["target"])
        relation = "sameAs" if row.get("relation") == "sameAs" else "exactMatch"
        prop = V.owl.sameAs if relation == "sameAs" else V.skos.exactMatch
        rows.add((ours, prop, target))
        counts[(row["dataset"], relation)] = counts.get((row["dataset"], relation), 0) + 1
        if _kind(row["our_id"]) == "place" and row.get("lat") and row.get("long"):
            rows.update(_geometry(row, target))
    if kanripo:
        from kg.linking.kanripo_graph import work_links

        wl: set[tuple[str, str, str]] = set()
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


def _geometry(row: dict[str, str], source: str) -> set[tuple[str, str, str]]:
    """The GeoSPARQL point of a verified place link (WKT is longitude first)."""
    lat, lon = float(row["lat"]), float(row["long"])
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return set()
    node = u(iri.geometry(row["our_id"]))
    wkt = escape("POINT({} {})".format(row["long"], row["lat"]))
    out = {
        (u(iri.entity("place", row["our_id"])), f"<{GEO}hasGeometry>", node),
        (node, RDF_TYPE, f"<{GEO}Geometry>"),
        (node, f"<{GEO}asWKT>", f'"{wkt}"^^<{GEO}wktLiteral>'),
        (node, V.dcterms.source, source),
    }
    if row.get("certainty") in CERTAINTY:
        out.add((node, V.xxj.certainty, lit(row["certainty"])))
    return out


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

"""Our entities in a form reconciliation tools (OpenRefine and the like) can consume.

`entities.csv` has one row per entity (ID, IRI, type, names in three scripts, other
written forms, polity, dates); `entities.json` holds the same records in the shape
of Reconciliation Service API candidates (`id`, `name`, `type`, `description`), so a
user can reconcile a spreadsheet of names against this edition and link the rest.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from kg.core.tables import SEEDS, read_tsv, split_list
from kg.entities.labels import hans, pinyin
from kg.graph.reference_data import ENTITY_TABLES
from kg.terms import iri
from kg.terms.entity_types import ENTITY_TYPES

COLUMNS = ["id", "iri", "type", "name", "name_zh_hans", "name_pinyin", "other_names",
           "polity", "active_from", "active_to", "description"]
TYPE_NAMES = {t.name: t.export_name for t in ENTITY_TYPES}


def entity_records(seeds: Path = SEEDS) -> list[dict[str, str]]:
    out = []
    for kind, fname in ENTITY_TABLES.items():
        path = seeds / "entities" / fname
        if not path.exists():
            continue
        for row in read_tsv(path):
            name = row["pref_label"]
            out.append({
                "id": row["id"], "iri": iri.entity(kind, row["id"]), "type": kind,
                "name": name, "name_zh_hans": hans(name),
                "name_pinyin": pinyin(name, name=kind != "group"),
                "other_names": "|".join(split_list(row.get("alt_labels", ""))),
                "polity": row.get("polity", ""), "active_from": row.get("active_from", ""),
                "active_to": row.get("active_to", ""),
                "description": row.get("description", "")})
    return out


def to_csv(records: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return buf.getvalue()


def to_reconciliation_json(records: list[dict[str, str]]) -> str:
    candidates = [{
        "id": r["iri"], "name": r["name"],
        "type": [{"id": r["type"], "name": TYPE_NAMES[r["type"]]}],
        "description": r["description"],
        "names": [r["name"], r["name_zh_hans"], r["name_pinyin"],
                  *[n for n in r["other_names"].split("|") if n]],
    } for r in records]
    return json.dumps({"entities": candidates}, ensure_ascii=False, indent=1) + "\n"


def write_exports(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    records = entity_records()
    csv_path, json_path = folder / "entities.csv", folder / "entities.json"
    csv_path.write_text(to_csv(records), encoding="utf-8")
    json_path.write_text(to_reconciliation_json(records), encoding="utf-8")
    return [csv_path, json_path]

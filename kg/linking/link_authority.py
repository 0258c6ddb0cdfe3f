"""`kg link authority`: candidate links of our persons and places to CBDB, CHGIS and Wikidata.

Reads local dumps given by path — never a live service — and writes *candidates*
into seeds/links.tsv (``status`` = ``candidate``, with a score and the evidence).
Nothing is published until an editor changes a row to ``verified`` and says by
whom, when and against what (``verified_by``, ``verified_on``,
``verified_against``): a wrong identifier would merge two people in every store
that loads both datasets.  No identifier is ever made up: a candidate's target is
copied from the dump it was found in.

Matching (``score`` 0–1):

- **name** (0.5): a name form of ours (preferred label or another written form)
  equals a name of the candidate after OpenCC normalisation (種/种, 衞/卫);
  the preferred name of both scores 0.5, any other form 0.4;
- **polity / dynasty** (0.25): the candidate's dynasty (CBDB ``DYNASTIES``) or
  country is one of the names of the polity our entity served or belonged to;
- **dates** (0.25): the candidate's life (birth–death, else its index year ± 30)
  or existence (a place's ``BEG_YR``–``END_YR``) overlaps the years we know
  (``active_from``–``active_to``; places: the chronicle's years, 982–1227);
  dates that do not overlap subtract 0.25.

A candidate is written when its score is at least ``MIN_SCORE``; an entity with
several candidates keeps them all, ranked.  Rows already ``verified`` or
``rejected`` are kept as they are and never proposed again.

Supported dumps (their own column names, so that a real release is read as is):

- CBDB SQLite: ``BIOG_MAIN`` (c_personid, c_name_chn, c_birthyear, c_deathyear,
  c_index_year, c_dy), ``ALTNAME_DATA`` (c_personid, c_alt_name_chn) and
  ``DYNASTIES`` (c_dy, c_dynasty_chn);
- CHGIS v6 gazetteer table (CSV or TSV; SYS_ID, NAME_FT or NAME_CH, TYPE_CH, BEG_YR,
  END_YR, X_COORD, Y_COORD): targets are TGAZ IDs ``hvd_{SYS_ID}``;
- Wikidata: a JSON dump (one entity per line, or an array) with ``labels`` and
  ``aliases`` in zh / zh-hant / zh-hans / zh-tw, ``P569``/``P570`` (birth, death),
  ``P571``/``P576`` (inception, dissolution), ``P625`` (coordinates), ``P17``
  (country) — or a CSV with columns ``item, label, aliases, born, died, lat, lon``.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from kg.core.tables import SEEDS, read_tsv, split_list

LINKS_TSV = SEEDS / "links.tsv"
MIN_SCORE = 0.5
CHRONICLE_YEARS = (982, 1227)
INDEX_MARGIN = 30
COLUMNS = ["our_id", "dataset", "target", "relation", "status", "score", "candidate",
           "evidence", "lat", "long", "certainty", "verified_by", "verified_on",
           "verified_against", "source"]
HEADER = """# Links from our entities to external datasets (Wikidata, CBDB, CHGIS/TGAZ …).
# One row per link or candidate.  `kg link authority` writes candidates from local dumps
# (status = candidate, with score and evidence); kg build publishes a row only when an
# editor has set status = verified and filled verified_by (who), verified_on (ISO date)
# and verified_against (what was compared: the CBDB record, the Wikidata page, the TGAZ
# entry …).  An unverified identifier is worse than none.  Rejected candidates are kept
# with status = rejected so that they are not proposed again.
# columns: our_id (p0001, pl0001, po001, g0001) · dataset (wikidata|cbdb|tgaz) ·
#   target (the external identifier, copied from the dump) · relation (exactMatch|sameAs) ·
#   status (candidate|verified|rejected) · score (0–1, see kg/linking/link_authority.py) ·
#   candidate (the candidate's name and dates in the dump) · evidence (what matched) ·
#   lat, long (WGS84 decimal degrees of a place, from the dump; published as a GeoSPARQL
#   point only with a verified row) · certainty (exact|approximate|uncertain) ·
#   verified_by · verified_on · verified_against · source (the dump: file and release)
"""


@dataclass
class Ours:
    """One of our persons or places, with what matching needs."""

    id: str
    kind: str
    names: list[str]  # preferred first
    polity_names: set[str]
    years: tuple[int, int] | None


@dataclass
class Candidate:
    dataset: str
    target: str
    names: list[str]  # preferred first
    polities: set[str] = field(default_factory=set)
    years: tuple[int, int] | None = None
    exact_years: bool = True  # False: an index year ± margin
    lat: float | None = None
    long: float | None = None
    label: str = ""


def _norm():
    from kg.linking.align import Normaliser

    return Normaliser()


def our_entities(seeds: Path = SEEDS) -> list[Ours]:
    """Persons and places of the authority tables, with their polities' names."""
    polities: dict[str, set[str]] = {}
    pol_path = seeds / "entities" / "polities.tsv"
    if pol_path.exists():
        for row in read_tsv(pol_path):
            polities[row["id"]] = {row["pref_label"], *split_list(row.get("alt_labels", ""))}
    out: list[Ours] = []
    for kind, fname in (("person", "persons.tsv"), ("place", "places.tsv")):
        path = seeds / "entities" / fname
        if not path.exists():
            continue
        for row in read_tsv(path):
            names = [row["pref_label"], *split_list(row.get("alt_labels", ""))]
            pols = set().union(*(polities.get(p, set()) for p in split_list(row.get("polity", ""))))
            years = None
            a, b = row.get("active_from", ""), row.get("active_to", "")
            if a.lstrip("-").isdigit() or b.lstrip("-").isdigit():
                lo = int(a) if a.lstrip("-").isdigit() else int(b)
                hi = int(b) if b.lstrip("-").isdigit() else lo
                years = (lo, hi)
            elif kind == "place":
                years = CHRONICLE_YEARS
            out.append(Ours(row["id"], kind, names, pols, years))
    return out


# ------------------------------------------------------------------ dumps


def read_cbdb(path: Path) -> list[Candidate]:
    """Persons of a CBDB SQLite release (BIOG_MAIN, ALTNAME_DATA, DYNASTIES)."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        dyn = dict(con.execute("SELECT c_dy, c_dynasty_chn FROM DYNASTIES"))
        alt: dict[int, list[str]] = {}
        for pid, name in con.execute("SELECT c_personid, c_alt_name_chn FROM ALTNAME_DATA"):
            if name:
                alt.setdefault(pid, []).append(name)
        out = []
        for pid, name, born, died, index, dy in con.execute(
                "SELECT c_personid, c_name_chn, c_birthyear, c_deathyear, c_index_year, c_dy "
                "FROM BIOG_MAIN ORDER BY c_personid"):
            if not name:
                continue
            years, exact = _years(born, died, index)
            span = f" {years[0]}–{years[1]}" if years and exact else ""
            out.append(Candidate("cbdb", str(pid), [name, *alt.get(pid, [])],
                                 {dyn[dy]} if dy in dyn and dyn[dy] else set(), years, exact,
                                 label=f"{name}{span} ({dyn.get(dy, '')})".strip()))
        return out
    finally:
        con.close()


def _years(born, died, index) -> tuple[tuple[int, int] | None, bool]:
    b = int(born) if born not in (None, "", 0) else None
    d = int(died) if died not in (None, "", 0) else None
    if b:
        return (b, d or b + 80), True
    if d:
        return (d - 80, d), True
    if index not in (None, "", 0):
        return (int(index) - INDEX_MARGIN, int(index) + INDEX_MARGIN), False
    return None, False


def _table_rows(path: Path) -> list[dict[str, str]]:
    text = path.read_text(encoding="utf-8-sig")
    delim = "\t" if path.suffix.lower() in (".tsv", ".tab", ".txt") else ","
    return list(csv.DictReader(text.splitlines(), delimiter=delim))


def read_chgis(path: Path) -> list[Candidate]:
    """Places of a CHGIS v6 gazetteer table; the target is the TGAZ ID hvd_{SYS_ID}."""
    out = []
    for row in _table_rows(path):
        row = {k.strip().upper(): (v or "").strip() for k, v in row.items() if k}
        name = row.get("NAME_FT") or row.get("NAME_CH")
        sys_id = row.get("SYS_ID", "")
        if not name or not sys_id.isdigit():
            continue
        names = [name] + ([row["NAME_CH"]] if row.get("NAME_CH") and row["NAME_CH"] != name
                          else [])
        years = None
        if row.get("BEG_YR", "").lstrip("-").isdigit() and row.get("END_YR", "").lstrip(
                "-").isdigit():
            years = (int(row["BEG_YR"]), int(row["END_YR"]))
        lat, lon = _float(row.get("Y_COORD")), _float(row.get("X_COORD"))
        span = f" {years[0]}–{years[1]}" if years else ""
        out.append(Candidate("tgaz", f"hvd_{sys_id}", names, set(), years, True, lat, lon,
                             label=f"{name} {row.get('TYPE_CH', '')}{span}".strip()))
    return out


def _float(v) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


_WD_LANGS = ("zh-hant", "zh-tw", "zh-hk", "zh", "zh-hans", "zh-cn")


def read_wikidata(path: Path) -> list[Candidate]:
    """Entities of a Wikidata JSON dump (lines or array) or a CSV extract."""
    if path.suffix.lower() == ".csv":
        out = []
        for row in _table_rows(path):
            item = (row.get("item") or "").rsplit("/", 1)[-1]
            if not re.fullmatch(r"Q\d+", item) or not row.get("label"):
                continue
            years = _wd_years(row.get("born"), row.get("died"))
            out.append(Candidate("wikidata", item, [row["label"], *split_list(
                row.get("aliases", ""))], set(split_list(row.get("country", ""))), years, True,
                _float(row.get("lat")), _float(row.get("lon")), label=row["label"]))
        return out
    text = path.read_text(encoding="utf-8").strip()
    items = json.loads(text) if text.startswith("[") else [
        json.loads(line.rstrip(",")) for line in text.splitlines() if line.strip() not in
        ("", "[", "]")]
    out = []
    for ent in items:
        qid = ent.get("id", "")
        if not re.fullmatch(r"Q\d+", qid):
            continue
        names: list[str] = []
        for lang in _WD_LANGS:
            v = ent.get("labels", {}).get(lang, {}).get("value")
            if v and v not in names:
                names.append(v)
        for lang in _WD_LANGS:
            for a in ent.get("aliases", {}).get(lang, []):
                if a.get("value") and a["value"] not in names:
                    names.append(a["value"])
        if not names:
            continue
        claims = ent.get("claims", {})
        born = _wd_time(claims, "P569") or _wd_time(claims, "P571")
        died = _wd_time(claims, "P570") or _wd_time(claims, "P576")
        years = _wd_years(born, died)
        lat = lon = None
        coord = _wd_value(claims, "P625")
        if isinstance(coord, dict):
            lat, lon = coord.get("latitude"), coord.get("longitude")
        out.append(Candidate("wikidata", qid, names, set(), years, True, lat, lon,
                             label=names[0]))
    return out


def _wd_value(claims: dict, prop: str):
    for st in claims.get(prop, []):
        dv = st.get("mainsnak", {}).get("datavalue", {})
        if "value" in dv:
            return dv["value"]
    return None


def _wd_time(claims: dict, prop: str) -> str | None:
    v = _wd_value(claims, prop)
    return v.get("time") if isinstance(v, dict) else None


def _wd_years(born, died) -> tuple[int, int] | None:
    def year(v) -> int | None:
        if not v:
            return None
        m = re.match(r"^([+-]?\d{1,4})", str(v).strip())
        return int(m.group(1)) if m else None

    b, d = year(born), year(died)
    if b is None:
        return None if d is None else (d - 80, d)
    return (b, d if d is not None else b + 80)


# ------------------------------------------------------------------ matching


def score(ours: Ours, cand: Candidate, norm) -> tuple[float, str]:
    """The score of a candidate for one of our entities, and the evidence for it."""
    our_names = [norm.text(n) for n in ours.names]
    their = [norm.text(n) for n in cand.names]
    evidence: list[str] = []
    s = 0.0
    if our_names[0] == their[0]:
        s += 0.5
        evidence.append(f"name {ours.names[0]} = {cand.names[0]}")
    else:
        common = [ours.names[i] for i, n in enumerate(our_names) if n in their]
        if not common:
            return 0.0, ""
        s += 0.4
        evidence.append(f"name form {common[0]}")
    if cand.polities:
        ours_pol = {norm.text(p) for p in ours.polity_names}
        if {norm.text(p) for p in cand.polities} & ours_pol:
            s += 0.25
            evidence.append(f"polity {'/'.join(sorted(cand.polities))}")
    if ours.years and cand.years:
        lo, hi = max(ours.years[0], cand.years[0]), min(ours.years[1], cand.years[1])
        what = "years" if cand.exact_years else "index year ±30"
        if lo <= hi:
            s += 0.25
            evidence.append(f"{what} {cand.years[0]}–{cand.years[1]} overlap "
                            f"{ours.years[0]}–{ours.years[1]}")
        else:
            s -= 0.25
            evidence.append(f"{what} {cand.years[0]}–{cand.years[1]} outside "
                            f"{ours.years[0]}–{ours.years[1]}")
    return round(max(s, 0.0), 2), "; ".join(evidence)


KIND_DATASETS = {"person": {"cbdb", "wikidata"}, "place": {"tgaz", "wikidata"}}


def candidates(entities: list[Ours], dumps: list[tuple[Candidate, str]]) -> list[dict]:
    """Candidate rows, best first per entity; ``dumps`` pairs a candidate with its source."""
    norm = _norm()
    by_name: dict[str, list[tuple[Candidate, str]]] = {}
    for cand, src in dumps:
        for n in {norm.text(x) for x in cand.names}:
            by_name.setdefault(n, []).append((cand, src))
    rows = []
    for ours in entities:
        seen: set[tuple[str, str]] = set()
        found = []
        for n in ours.names:
            for cand, src in by_name.get(norm.text(n), []):
                key = (cand.dataset, cand.target)
                if key in seen or cand.dataset not in KIND_DATASETS[ours.kind]:
                    continue
                seen.add(key)
                sc, ev = score(ours, cand, norm)
                if sc >= MIN_SCORE:
                    found.append((sc, cand, ev, src))
        found.sort(key=lambda t: (-t[0], t[1].dataset, t[1].target))
        for sc, cand, ev, src in found:
            place = ours.kind == "place" and cand.lat is not None and cand.long is not None
            rows.append({
                "our_id": ours.id, "dataset": cand.dataset, "target": cand.target,
                "relation": "exactMatch", "status": "candidate", "score": f"{sc:.2f}",
                "candidate": cand.label, "evidence": ev,
                "lat": f"{cand.lat:.6f}" if place else "",
                "long": f"{cand.long:.6f}" if place else "",
                "certainty": "", "verified_by": "", "verified_on": "",
                "verified_against": "", "source": src})
    return rows


def write_links(rows: list[dict], path: Path = LINKS_TSV) -> tuple[int, int]:
    """Replace the candidate rows of links.tsv; verified and rejected rows stay.

    Returns (candidates written, rows kept).
    """
    kept = []
    if path.exists():
        for r in read_tsv(path):
            if r.get("status", "") in ("verified", "rejected") or (
                    "status" not in r and r.get("verified_by")):
                kept.append({c: r.get(c, "") for c in COLUMNS} | (
                    {"status": "verified"} if "status" not in r else {}))
    done = {(r["our_id"], r["dataset"], r["target"]) for r in kept}
    new = [r for r in rows if (r["our_id"], r["dataset"], r["target"]) not in done]
    out = [HEADER, "\t".join(COLUMNS) + "\n"]
    for r in kept + new:
        out.append("\t".join(str(r.get(c, "")).replace("\t", " ") for c in COLUMNS) + "\n")
    path.write_text("".join(out), encoding="utf-8")
    return len(new), len(kept)

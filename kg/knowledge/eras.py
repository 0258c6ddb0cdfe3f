"""Era names (年號) to CE years, per chronology, with the disagreements kept.

Authorities disagree on when some Xia eras began, and 戴錫章 has a reckoning of his
own (大安元年 = 1075 in the book, 1074 in some modern tables).  So an era is not one
row but one row per *chronology* (seeds/chronologies.tsv): the book's own (``xxj``)
for its headings, the standard tables (``std``) as the alternative.  Converting
大安八年 therefore gives the book's year *and* the other chronologies' years, which the
graph records as a disputed reading of the date.

Era names are ambiguous (大安 is Xia, Liao and Jin; 大慶 is two Xia eras), printed in
variant forms (祥符 for 大中祥符) and misprinted (群都 for 奲都).  Resolution never
guesses silently: every choice it had to make comes back as a :class:`DateFinding`.

Finding codes: ``unknown-era``, ``era-misprint``, ``ambiguous-era``,
``era-year-out-of-range``, ``era-chronology-fallback``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.core.findings import Finding
from kg.core.tables import SEEDS, TableError, optional_int, read_tsv, split_list

ERAS_TSV = SEEDS / "eras.tsv"
CHRONOLOGIES_TSV = SEEDS / "chronologies.tsv"
BOOK = "xxj"  # the book's own chronology
POLITY_ORDER = ("夏", "宋", "遼", "金")


@dataclass(frozen=True)
class DateFinding:
    """Something about a date a historian should look at, not yet placed in a file.

    The chronology layer works on strings and numbers, so it cannot know where a date
    was printed; the caller places it with :meth:`located`.
    """

    code: str
    message: str
    severity: str = "warning"  # "warning", or "info" for what is expected but worth a note

    def located(self, file: str, line: int, col: int) -> Finding:
        """The project-wide finding, at the place the date was read."""
        return Finding(self.code, self.message, file, line, col, self.severity)


@dataclass(frozen=True)
class Chronology:
    """Whose reckoning of era years a set of era rows gives."""

    id: str
    label: str
    polities: tuple[str, ...]  # empty: all polities
    fallback: str | None
    source: str

    def reckons(self, polity: str) -> bool:
        """Whether this chronology has its own reckoning for the polity's eras."""
        return not self.polities or polity in self.polities


@dataclass(frozen=True)
class Era:
    """One era as one chronology reckons it."""

    id: str  # shared by the rows of the same era in different chronologies
    polity: str
    name: str
    variants: tuple[str, ...]
    misprints: tuple[str, ...]
    ruler: str
    first_year: int
    last_year: int | None  # None: not known in this chronology
    chronology: str
    source: str
    note: str = ""
    line: int = 0

    @property
    def row_id(self) -> str:
        """Identifier of this row (era and chronology), the one IRIs are minted from."""
        return f"{self.id}-{self.chronology}"

    def ce_year(self, year: int) -> int:
        """CE year of the era's ``year``-th year (元年 = 1)."""
        return self.first_year + year - 1

    @property
    def length(self) -> int | None:
        """Number of era years, when the last year is known."""
        return None if self.last_year is None else self.last_year - self.first_year + 1


@dataclass(frozen=True)
class EraYear:
    """A resolved era year: what was printed, which row was used, and the CE year."""

    era: Era
    printed: str  # the era name as printed
    year: int
    ce_year: int
    form: str = "name"  # "name", "variant" or "misprint"
    findings: tuple[DateFinding, ...] = field(default=())


class EraTable:
    """All era rows, indexed by every printed form; load once with :func:`era_table`."""

    def __init__(self, eras: list[Era], chronologies: list[Chronology]):
        self.eras = tuple(sorted(eras, key=lambda e: (e.id, e.chronology)))
        self.chronologies = {c.id: c for c in chronologies}
        self._forms: dict[str, list[tuple[Era, str]]] = {}
        for era in self.eras:
            forms = [(era.name, "name")] + [(v, "variant") for v in era.variants]
            forms += [(m, "misprint") for m in era.misprints]
            for text, kind in forms:
                self._forms.setdefault(text, []).append((era, kind))
        self._check()

    def _check(self) -> None:
        seen: set[str] = set()
        for era in self.eras:
            where = f"{ERAS_TSV.name}:{era.line}"
            if era.row_id in seen:
                raise TableError(f"{where}: duplicate era row {era.row_id}")
            seen.add(era.row_id)
            if era.chronology not in self.chronologies:
                raise TableError(f"{where}: unknown chronology {era.chronology!r}")
            if era.last_year is not None and era.last_year < era.first_year:
                raise TableError(f"{where}: last_year before first_year")
        for chron in self.chronologies.values():
            if chron.fallback and chron.fallback not in self.chronologies:
                raise TableError(f"chronology {chron.id}: unknown fallback {chron.fallback!r}")

    def _order(self, era_id: str) -> tuple[int, str]:
        """Preference among homonyms: Xia first (the book's subject), then 宋, 遼, 金."""
        polity = self.rows(era_id)[0].polity
        rank = POLITY_ORDER.index(polity) if polity in POLITY_ORDER else len(POLITY_ORDER)
        return rank, era_id

    def forms(self) -> list[str]:
        """Every printed form of every era, longest first (for scanning text)."""
        return sorted(self._forms, key=lambda f: (-len(f), f))

    def rows(self, era_id: str) -> list[Era]:
        """All chronologies' rows of one era."""
        return [e for e in self.eras if e.id == era_id]

    def _pick_row(self, era_id: str, chronology: str) -> tuple[Era, list[DateFinding]]:
        """The era's row in ``chronology``, following fallbacks; report a needed fallback."""
        if chronology not in self.chronologies:
            raise ValueError(f"unknown chronology {chronology!r}")
        rows = {e.chronology: e for e in self.rows(era_id)}
        findings: list[DateFinding] = []
        chron_id: str | None = chronology
        while chron_id is not None:
            if chron_id in rows:
                return rows[chron_id], findings
            chron = self.chronologies[chron_id]
            any_row = next(iter(rows.values()))
            if chron.reckons(any_row.polity):
                findings.append(DateFinding(
                    "era-chronology-fallback",
                    f"{any_row.name} ({era_id}) has no row in chronology {chron_id}; "
                    f"using {chron.fallback}"))
            chron_id = chron.fallback
        raise LookupError(f"era {era_id} has no row reachable from chronology {chronology}")

    def resolve(self, printed: str, year: int, *, polity: str | None = None,
                chronology: str = BOOK, near_year: int | None = None) -> EraYear | None:
        """Resolve a printed era name and year number; None (no finding) if not an era.

        ``polity`` restricts candidates (a 西夏稱 heading is 夏); ``near_year`` (the CE year
        of the context) chooses between homonymous eras by closeness.  A remaining tie is
        reported as ``ambiguous-era`` and settled by the table order (Xia first).
        """
        candidates = self._forms.get(printed, [])
        if polity is not None:
            candidates = [(e, k) for e, k in candidates if e.polity == polity]
        if not candidates:
            return None
        findings: list[DateFinding] = []
        kind_of = {e.id: k for e, k in candidates}
        picked: dict[str, Era] = {}
        fallbacks: dict[str, list[DateFinding]] = {}
        for era_id in sorted(kind_of, key=self._order):
            picked[era_id], fallbacks[era_id] = self._pick_row(era_id, chronology)
        ids = list(picked)
        if len(ids) > 1:
            if near_year is not None:
                dist = {i: abs(picked[i].ce_year(year) - near_year) for i in ids}
                best = min(dist.values())
                ids = [i for i in ids if dist[i] == best]
            if len(ids) > 1:
                names = ", ".join(f"{picked[i].polity}{picked[i].name} ({i})" for i in ids)
                findings.append(DateFinding(
                    "ambiguous-era", f"{printed}{year}年 could be {names}; took {ids[0]}"))
        era_id = ids[0]
        era = picked[era_id]
        findings.extend(fallbacks[era_id])
        form = kind_of[era_id]
        if form == "misprint":
            findings.append(DateFinding("era-misprint", f"{printed} is a misprint for {era.name}"))
        last, basis = self.last_year(era)
        if year < 1 or (last is not None and year > last - era.first_year + 1):
            length = "?" if last is None else last - era.first_year + 1
            findings.append(DateFinding(
                "era-year-out-of-range",
                f"{era.name} has {length} years in chronology {basis}, not {year}"))
        return EraYear(era, printed, year, era.ce_year(year), form, tuple(findings))

    def last_year(self, era: Era) -> tuple[int | None, str]:
        """The era's last year and the chronology that says so.

        A row whose last year is unknown (the book's 大安: we have seen its ninth year,
        not its last) borrows the era's length from another chronology: authorities
        that disagree on when an era began mostly agree on how many years it had.
        """
        if era.last_year is not None:
            return era.last_year, era.chronology
        for row in self.rows(era.id):
            if row.length is not None:
                return era.first_year + row.length - 1, row.chronology
        return None, era.chronology

    def alternatives(self, era_year: EraYear) -> list[tuple[Era, int]]:
        """Other chronologies' CE years for the same era year, where they differ."""
        out = []
        for row in self.rows(era_year.era.id):
            if row.chronology != era_year.era.chronology:
                ce = row.ce_year(era_year.year)
                if ce != era_year.ce_year:
                    out.append((row, ce))
        return out

    def eras_in(self, ce_year: int, polity: str, chronology: str = BOOK) -> list[EraYear]:
        """The era years a CE year has for a polity (two when an era changed that year)."""
        out = []
        for era_id in sorted({e.id for e in self.eras if e.polity == polity}, key=self._order):
            row, findings = self._pick_row(era_id, chronology)
            last, _ = self.last_year(row)
            if row.first_year <= ce_year and (last is None or ce_year <= last):
                year = ce_year - row.first_year + 1
                out.append(EraYear(row, row.name, year, ce_year, "name", tuple(findings)))
        return sorted(out, key=lambda ey: (ey.era.first_year, ey.era.id))


def load_chronologies(path: Path = CHRONOLOGIES_TSV) -> list[Chronology]:
    """Read seeds/chronologies.tsv."""
    return [Chronology(r["id"], r["label"], tuple(split_list(r["polities"])),
                       r["fallback"] or None, r["source"]) for r in read_tsv(path)]


def load_eras(path: Path = ERAS_TSV) -> list[Era]:
    """Read seeds/eras.tsv; a row without a source or first year is an error."""
    eras = []
    for r in read_tsv(path):
        first = optional_int(r, "first_year", path.name)
        if first is None or not r["name"] or not r["source"]:
            raise TableError(f"{path.name}:{r['_line']}: name, first_year and source are required")
        eras.append(Era(r["id"], r["polity"], r["name"], tuple(split_list(r["variants"])),
                        tuple(split_list(r["misprints"])), r["ruler"], first,
                        optional_int(r, "last_year", path.name), r["chronology"], r["source"],
                        r["note"],
                        int(r["_line"])))
    return eras


@lru_cache(maxsize=1)
def era_table() -> EraTable:
    """The project's era table (read once)."""
    return EraTable(load_eras(), load_chronologies())

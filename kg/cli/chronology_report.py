"""`kg dates`: the chronology of a file, heading by heading, with its findings."""

from __future__ import annotations

from pathlib import Path

from kg.core.finding_codes import DATE_CODES
from kg.core.findings import Finding
from kg.pipeline.run import parse_file


def chronology_lines(path: Path, start_year: int | None = None,
                     errors: list[Finding] | None = None) -> tuple[list[str], bool]:
    """One line per year heading (or inferred year): printed form, era, CE year, findings.

    A file that cannot be read gives no lines; its error goes to ``errors`` when given
    (else it is returned as a line, as before)."""
    result = parse_file(path, start_year=start_year, with_entities=False)
    lines: list[str] = []
    if result.chronicle is None:
        if errors is None:
            return [f.format() for f in result.findings], True
        errors.extend(result.findings)
        return [], True
    chron = result.chronicle
    seen_years: set[tuple[int, int | None]] = set()
    for entry, rec in zip(chron.entries, result.records):
        key = (entry.year, rec["ce_year"])
        if key in seen_years:
            continue
        seen_years.add(key)
        year = chron.years[entry.year]
        if year.heading and all(k[0] != entry.year for k in seen_years - {key}):
            where = f"{rec['file']}:{year.line}:{year.col}"
            printed = year.heading
            if len(year.parts) > 1:  # every polity's heading of the year, as printed
                printed = "　".join(p.text or p.printed for p in year.parts)
        else:
            where = f"{rec['file']}:{rec['line']}:{rec['col']}"
            printed = "(no heading: year inferred)"
        era = (f"{rec['era']}{rec['era_year']}年" if rec.get("era")
               else f"({rec['era_derived']})" if rec.get("era_derived") else "-")
        alt = "; ".join(f"{a['chronology']}: {a['ce_year']}" for a in
                        rec.get("date_alternatives", []))
        lines.append(f"{where}\t{printed}\t{era}\t{rec['ce_year']}"
                     + (f"\t(other reckoning {alt})" if alt else ""))
    for f in result.findings:
        if f.code in DATE_CODES or f.severity == "error":
            lines.append("  " + f.format())
    return lines, result.fatal

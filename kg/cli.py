"""The `kg` command: a thin layer over plain functions (see README for the manual).

Every command prints located findings (file:line:col) to stderr and exits 1 when
the output it produced would be wrong (an unreadable file, an unplaceable line,
a SHACL Violation); warnings alone never change the exit status.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kg import __version__


def _echo_findings(findings, quiet: bool = False) -> None:
    for f in findings:
        if quiet and f.severity != "error":
            continue
        click.echo(f.format(), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Build and query the linked-data edition of 戴錫章《西夏紀》.

    \b
    Examples:
      kg parse seeds/texts/xxj-1082-1083-daian-8-9.txt | head -1
      kg build --reason --validate
      kg query -f queries/01-events-of-liang-yimai.rq
    """


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--start-year", type=int, default=None,
              help="CE year of the first entry, for a text without year headings.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "text"]), default="jsonl",
              show_default=True, help="One JSON object per entry, or a readable listing.")
@click.option("--quiet", is_flag=True, help="Print errors only, not warnings.")
def parse(files: tuple[Path, ...], start_year: int | None, fmt: str, quiet: bool) -> None:
    """Parse chronicle text files into entries, in text order.

    \b
    Example:
      kg parse seeds/texts/xxj-1082-1083-daian-8-9.txt --format text
      kg parse my-juan.txt --start-year 1038
    """
    from kg.pipeline import parse_file

    failed = False
    for path in files:
        result = parse_file(path, start_year=start_year)
        _echo_findings(result.findings, quiet)
        if result.fatal:
            failed = True
        for rec in result.records:
            if fmt == "jsonl":
                click.echo(json.dumps(rec, ensure_ascii=False, sort_keys=False))
            else:
                click.echo(_text_line(rec))
    sys.exit(1 if failed else 0)


def _text_line(rec: dict) -> str:
    when = f"{rec.get('ce_year') or '?'}"
    if rec.get("month"):
        when += f"-{'閏' if rec.get('leap') else ''}{rec['month']:02d}"
    cites = "; ".join(c.get("raw", "") for c in rec.get("citations", []))
    body = f"\n    {rec['narrative'][:60]}…" if rec.get("narrative") else ""
    return f"{rec['file']}:{rec['line']}:{rec['col']} [{when}] {rec['headline']}  ⟨{cites}⟩{body}"


if __name__ == "__main__":  # pragma: no cover
    main()

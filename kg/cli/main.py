"""The `kg` command: a thin layer over plain functions (see README for the manual).

Every command prints located findings (file:line:col) to stderr and exits 1 when
the output it produced would be wrong (an unreadable file, an unplaceable line,
a SHACL Violation); warnings alone never change the exit status.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import click

from kg import __version__
from kg.core.record import EntryRecord
from kg.text.source import DEFAULT_MAX_BYTES

# exit status after the reader of our output went away (`kg parse … | head -1`): the
# shell's convention for a process ended by SIGPIPE, as cat or seq would report it
EXIT_CLOSED_PIPE = 141


def _silence_closed_pipe() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


class _Group(click.Group):
    """The command group; turns what escapes a command into one line and an exit status.

    Known failures (bad curated tables, an unwritable output folder) name the file and
    what to do; a closed output pipe ends quietly; anything else is still one line
    (``KG_DEBUG=1`` shows the traceback), because no traceback may reach the user.
    """

    def invoke(self, ctx: click.Context):
        from kg.core.manifest import ManifestError
        from kg.core.tables import TableError
        from kg.terms.iri import IRIError

        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            _silence_closed_pipe()
            sys.exit(EXIT_CLOSED_PIPE)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click's own ends (usage errors, --help, Ctrl-C) keep click's handling
        except (TableError, ManifestError, IRIError) as exc:
            _fail(_error_line(exc))
        except PermissionError as exc:
            where = exc.filename or "a file"
            _fail(f"kg: error: {where}: permission denied: make it writable (or choose "
                  "another folder with --out) and run the command again")
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"kg: error: {where}{exc.strerror or _one_line(exc)}")
        except MemoryError:
            _fail("kg: error: out of memory: the input is too large for this machine")
        except Exception as exc:  # noqa: BLE001 - the last resort: one line, never a traceback
            if os.environ.get("KG_DEBUG"):
                raise
            _fail(f"kg: error: internal error ({type(exc).__name__}: {_one_line(exc)}); "
                  "run with KG_DEBUG=1 for the traceback and report it", status=2)


def _error_line(exc: BaseException) -> str:
    """``file:line: error: message`` for a message that starts with file:line[:col]
    (TableError, ManifestError), else ``kg: error: message``."""
    msg = _one_line(exc)
    m = re.match(r"^(?P<file>[^:]+?):(?P<pos>\d+(?::\d+)?): (?P<rest>.*)$", msg)
    if not m:
        return f"kg: error: {msg}"
    return f"{_shown(m['file'])}:{m['pos']}: error: {m['rest']}"


def _shown(path: str) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return path


def _writable_folder(out: Path) -> None:
    """Refuse an output folder that cannot be created or written, before any work."""
    import tempfile

    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
        with tempfile.TemporaryFile(dir=out.resolve().parent):  # the build is staged beside
            pass
    except OSError as exc:
        why = exc.strerror or _one_line(exc)
        _fail(f"kg: error: {out}: cannot write the output here ({why}): make the folder "
              "writable or choose another one with --out")


def _fail(line: str, status: int = 1) -> None:
    try:
        click.echo(line if " error: " in line else f"kg: error: {line}", err=True)
    except BrokenPipeError:
        pass
    sys.exit(status)


def _echo_findings(findings, quiet: bool = False) -> None:
    for f in findings:
        if quiet and f.severity != "error":
            continue
        click.echo(f.format(), err=True)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES,
              show_default=True, help="Refuse a file larger than this, before reading it.")
def parse(files: tuple[Path, ...], start_year: int | None, fmt: str, quiet: bool,
          max_bytes: int) -> None:
    """Parse chronicle text files into entries, in text order.

    \b
    Example:
      kg parse seeds/texts/xxj-1082-1083-daian-8-9.txt --format text
      kg parse my-juan.txt --start-year 1038
    """
    from kg.pipeline.run import parse_file

    failed = False
    for path in files:
        result = parse_file(path, start_year=start_year, max_bytes=max_bytes)
        _echo_findings(result.findings, quiet)
        if result.fatal:
            failed = True
        for rec in result.records:
            if fmt == "jsonl":
                click.echo(json.dumps(rec, ensure_ascii=False, sort_keys=False))
            else:
                click.echo(_text_line(rec))
    sys.exit(1 if failed else 0)


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True)
@click.option("--reason/--no-reason", default=False, help="Add the OWL-RL closure (own files).")
@click.option("--validate/--no-validate", default=False, help="Check the graph with the shapes.")
@click.option("--kanripo", "kanripo", multiple=True, type=click.Path(path_type=Path),
              help="A cloned Kanripo repository (work tree or bare git dir); repeatable. "
                   "Adds the quoted passage (TextQuoteSelector) to each aligned citation.")
def build(out: Path, reason: bool, validate: bool, kanripo: tuple[Path, ...]) -> None:
    """Build the dataset from seeds/ into out/ (Turtle, N-Triples, JSON-LD, VoID, report).

    \b
    Example:
      kg build --reason --validate
      kg build --kanripo ../KR2b0019 --kanripo ../KR2a0032
    The build is written beside OUT and replaces it in one step at the end, with
    OUT/build.json (the build-complete marker).  Exits 1 when an input could not
    be parsed or a SHACL Violation remains: OUT is then left as it was and the
    output goes to OUT.failed/.
    """
    from kg.publish.build import BuildInterrupted
    from kg.publish.build import build as run_build

    _writable_folder(out)

    def progress(msg: str) -> None:
        click.echo(f"… {msg}", err=True)

    try:
        res = run_build(out, reason=reason, validate=validate, progress=progress,
                        kanripo=kanripo)
    except BuildInterrupted as exc:
        click.echo(f"kg build: stopped by {exc}; {out}/ is left as it was", err=True)
        sys.exit(128 + exc.signum)
    where = res.written or out
    _echo_findings([f for f in res.findings if f.severity == "error"])
    inferred = f"{res.inferred} inferred" if res.reasoned else "not reasoned (--reason)"
    shacl = (f"SHACL {res.violations} violations, {res.warnings} warnings, {res.infos} infos"
             if res.validated else "not validated (--validate)")
    click.echo(f"{len(res.findings)} findings (see {where}/findings.txt); "
               f"{res.triples} triples, {inferred}; {shacl}", err=True)
    click.echo("timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in res.timings.items()),
               err=True)
    if res.violations:
        click.echo(f"SHACL violations: see {where}/shacl-report.txt", err=True)
    if not res.ok:
        click.echo(f"kg build: the build has errors: its output is in {where}/; "
                   f"{out}/ is left as it was", err=True)
    sys.exit(0 if res.ok else 1)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--start-year", type=int, default=None)
def dates(files: tuple[Path, ...], start_year: int | None) -> None:
    """Print the chronology of chronicle files: each year heading with its CE year.

    \b
    Example:
      kg dates seeds/texts/xxj-1061-1067-duodu-5-gonghua-5.txt
    """
    from kg.cli.chronology_report import chronology_lines

    failed = False
    for path in files or _manifest_files():
        errors: list = []
        lines, fatal = chronology_lines(path, start_year, errors)
        failed |= fatal
        for line in lines:
            click.echo(line)
        _echo_findings(errors)
    sys.exit(1 if failed else 0)


def _manifest_files() -> list[Path]:
    from kg.core.manifest import load_manifest

    return [t.path for t in load_manifest().texts]


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def sources(files: tuple[Path, ...]) -> None:
    """List every cited work with its number of entries, and every doubtful citation.

    \b
    Example:
      kg sources            # all texts of the manifest
    """
    from kg.cli.sources_report import sources_report

    errors: list = []
    lines, findings = sources_report(list(files) or _manifest_files(), errors)
    for line in lines:
        click.echo(line)
    for finding in findings:  # apart from the table, which programs read
        click.echo(finding, err=True)
    _echo_findings(errors)
    sys.exit(1 if errors else 0)


@main.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def report(files: tuple[Path, ...]) -> None:
    """Names the extractor saw but could not resolve, with counts and locations.

    \b
    Example:
      kg report > unresolved.txt
    """
    from kg.cli.names_report import unresolved_lines

    errors: list = []
    for line in unresolved_lines(list(files) or _manifest_files(), errors):
        click.echo(line)
    _echo_findings(errors)
    sys.exit(1 if errors else 0)


@main.command()
@click.argument("data", nargs=-1, type=click.Path(path_type=Path))
@click.option("--shapes", type=click.Path(path_type=Path), default=None,
              help="Shapes folder or file (default: shapes/).")
def validate(data: tuple[Path, ...], shapes: Path | None) -> None:
    """Validate RDF files (.ttl .nt .nq .jsonld .trig) against the shapes.

    \b
    Example:
      kg validate                      # out/xixiaji.ttl of the last build
      kg validate out/xixiaji.nq
    The shapes describe the asserted graph: input holding the OWL-RL entailments
    (out/inferred.*) is refused.  Exits 1 when a Violation is found, a file
    cannot be read or the input is refused.
    """
    from kg.cli.validate_command import run

    code, report, error = run(list(data), shapes)
    if report:
        click.echo(report, nl=not report.endswith("\n"))
    if error:
        click.echo(error, err=True)
    sys.exit(code)


QUERY_SUFFIXES = (".rq", ".sparql")


def _names_a_query_file(text: str) -> bool:
    """``kg query queries/01.rq`` is what people type; no SPARQL query is a bare file name,
    so one word ending in .rq or .sparql is read as ``-f`` (missing → "no such query file")."""
    return (not any(c.isspace() or c in "{}" for c in text)
            and text.lower().endswith(QUERY_SUFFIXES))


@main.command()
@click.argument("query", required=False)
@click.option("-f", "--file", "qfile", type=click.Path(path_type=Path), default=None,
              help="Read the query from a file (UTF-8).")
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path),
              help="RDF files to query (.ttl .nt .nq .trig .jsonld; default: the built "
                   "dataset in out/).")
@click.option("--inferred", is_flag=True, help="Include out/inferred.nt.")
@click.option("--format", "fmt",
              type=click.Choice(["table", "csv", "tsv", "json", "turtle", "ntriples"]),
              default="table", show_default=True,
              help="json is SPARQL JSON for SELECT/ASK and JSON-LD for CONSTRUCT/DESCRIBE.")
@click.option("--engine", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph",
              show_default=True)
@click.option("--timeout", type=click.FloatRange(min=0), default=60.0, show_default=True,
              help="Stop the query after this many seconds (0: never).")
@click.option("--max-rows", type=click.IntRange(min=0), default=100_000, show_default=True,
              help="Stop reading answers after this many rows or triples (0: all).")
@click.option("--max-memory", type=click.IntRange(min=0), default=2_000, show_default=True,
              help="Stop the query when it grows by more than this, in MB (0: no bound).")
@click.option("--max-query-chars", type=click.IntRange(min=0), default=100_000,
              show_default=True, help="Refuse longer queries (0: no bound).")
@click.option("--max-depth", type=click.IntRange(min=0), default=100, show_default=True,
              help="Refuse queries nested deeper ({ ( [) (0: no bound).")
@click.option("--max-operators", type=click.IntRange(min=0), default=2_000,
              show_default=True, help="Refuse queries with more UNION/OPTIONAL/MINUS/||/&&.")
@click.option("--allow-service", is_flag=True,
              help="Allow SERVICE (federated queries over the network; --timeout applies).")
def query(query: str | None, qfile: Path | None, data: tuple[Path, ...], inferred: bool,
          fmt: str, engine: str, timeout: float, max_rows: int, max_memory: int,
          max_query_chars: int, max_depth: int, max_operators: int,
          allow_service: bool) -> None:
    """Answer a SPARQL 1.1 query over the built dataset (read-only).

    \b
    Examples:
      kg query -f queries/01-events-of-liang-yimai.rq
      kg query queries/01-events-of-liang-yimai.rq      (the same: a .rq file name)
      kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' --format csv
    Exits 1 on an error (one line on stderr) or when the answer was cut at
    --max-rows (the rows read are printed, and a warning).
    """
    from kg.cli.query_command import run
    from kg.query.engine import Limits

    if qfile is not None and query is not None:
        raise click.UsageError("give the query either as an argument or with -f, not both")
    if qfile is None and query is not None and _names_a_query_file(query):
        qfile = Path(query)
    if qfile is not None:
        try:
            text: str | None = qfile.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            click.echo(f"kg: error: {qfile}: not UTF-8 text (byte {exc.start}: "
                       f"0x{exc.object[exc.start]:02x}); save the query as UTF-8", err=True)
            sys.exit(1)
        except IsADirectoryError:
            click.echo(f"kg: error: {qfile}: is a folder, not a query file", err=True)
            sys.exit(1)
        except FileNotFoundError:
            click.echo(f"kg: error: {qfile}: no such query file", err=True)
            sys.exit(1)
        except OSError as exc:
            click.echo(f"kg: error: {qfile}: cannot read ({exc.strerror or exc})", err=True)
            sys.exit(1)
    else:
        text = query
    if not text:
        raise click.UsageError("give a query or -f FILE")
    limits = Limits(max_chars=max_query_chars, max_depth=max_depth,
                    max_operators=max_operators, max_rows=max_rows, timeout=timeout,
                    max_memory_mb=max_memory, allow_service=allow_service)
    code, output, note = run(text, list(data), inferred, fmt, engine, limits)
    if output:
        click.echo(output, nl=not output.endswith("\n"))
    if note:
        if note.startswith("query:") and qfile is not None:
            note = f"{qfile}:{note[len('query:'):]}"
        click.echo(note, err=True)
    sys.exit(code)


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("docs/ontology.md"),
              show_default=True)
def docs(out: Path) -> None:
    """Write the Markdown reference of every class and property of the ontology.

    \b
    Example:
      kg docs --out docs/ontology.md
    """
    from kg.publish.docs import write_reference

    write_reference(Path("ontology/xxj.ttl"), out)
    click.echo(f"wrote {out}")


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("out/reconcile"),
              show_default=True)
def export(out: Path) -> None:
    """Export our entities (ID, names in three scripts, type, dates) for reconciliation.

    \b
    Example:
      kg export --out out/reconcile   # entities.csv and entities.json
    """
    from kg.publish.export import write_exports

    for path in write_exports(out):
        click.echo(f"wrote {path}")


@main.group()
def link() -> None:
    """Link works, citations, persons and places to other datasets (writes seeds/ tables).

    \b
    Examples:
      kg link kanripo --kanripo ../KR2b0019 --kanripo ../KR2a0032 --catalogue ../KR-Catalog
      kg link authority --cbdb cbdb.sqlite --chgis chgis.tsv --wikidata wd.json
    """


@link.command("kanripo")
@click.option("--kanripo", "dirs", multiple=True, type=click.Path(path_type=Path),
              help="A cloned Kanripo text repository (work tree or bare git dir); repeatable.")
@click.option("--catalogue", type=click.Path(path_type=Path), default=None,
              help="A clone of the Kanripo catalogue (KR/KR2a.txt …): check seeds/works.tsv.")
@click.option("--write-works", is_flag=True,
              help="Write verified and unique new Kanripo IDs into seeds/works.tsv.")
def link_kanripo(dirs: tuple[Path, ...], catalogue: Path | None, write_works: bool) -> None:
    """Check works against the catalogue, juan against the repositories, align passages.

    \b
    Writes seeds/kanripo-juan.tsv, seeds/kanripo-chapters.tsv and
    seeds/kanripo-alignments.tsv (identifiers, numbers, offsets and scores only).
    Example:
      kg link kanripo --kanripo ../KR2b0019 --catalogue ../KR-Catalog
    """
    from kg.linking.kanripo import Catalogue, KanripoError, Repo
    from kg.linking.link_kanripo import check_works, link_citations, scan_repo, write_tables
    from kg.pipeline.run import parse_file

    if not dirs and catalogue is None:
        raise click.UsageError("give --kanripo DIR (repeatable) and/or --catalogue DIR")
    try:
        if catalogue is not None:
            rep = check_works(Catalogue.open(catalogue), write=write_works)
            for line in rep.lines:
                click.echo(line)
            for err in rep.errors:
                click.echo(f"error: {err}", err=True)
            if rep.errors:
                sys.exit(1)
        repos = [Repo.open(d) for d in dirs]
    except KanripoError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if not repos:
        return
    scans = {}
    for repo in repos:
        scan = scan_repo(repo)
        scans[repo.kr_id] = scan
        click.echo(f"{repo.kr_id}\t{repo.commit[:7]}\t{len(scan.juan)} juan\t"
                   f"{len(scan.chapters)} headings", err=True)
        for problem in scan.problems:
            click.echo(f"warning: {problem}", err=True)
    records = []
    for path in _manifest_files():
        records.extend(parse_file(path, with_entities=False).records)
    rows, stats = link_citations(records, scans)
    write_tables(scans, rows)
    for k, v in stats.items():
        click.echo(f"{k}: {v}")


@main.command()
@click.option("--out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="The built dataset to publish.")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True,
              help="0 picks a free port.")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="SPARQL query processes.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, help="Seconds a SPARQL query may run.")
@click.option("--limit", "result_limit", type=click.IntRange(min=1), default=10000,
              show_default=True,
              help="Rows (or triples) a SPARQL answer may have.")
@click.option("--memory/--disk", default=True, show_default=True,
              help="SPARQL workers answer from the dump loaded into memory (faster) or from "
                   "the read-only store on disk (less memory, quicker start).")
@click.option("--quiet", is_flag=True, help="No access log.")
def serve(out: Path, host: str, port: int, workers: int, timeout: float, result_limit: int,
          memory: bool, quiet: bool) -> None:
    """Serve the edition: IRIs with content negotiation, reading pages, SPARQL at /sparql.

    \b
    Example:
      kg serve --port 8080
      curl -H 'Accept: text/turtle' http://127.0.0.1:8080/id/person/p0028 -L
    """
    from kg.web.pubstore import NotBuilt
    from kg.web.serve import serve as run_serve

    try:
        run_serve(out, host, port, workers=workers, timeout_s=timeout,
                  result_limit=result_limit, quiet=quiet, memory=memory)
    except NotBuilt as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(f"error: cannot serve on {host}:{port}: {exc.strerror or exc}", err=True)
        sys.exit(1)


@main.command()
@click.option("--data", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="The built dataset to export.")
@click.option("--out", "site", type=click.Path(path_type=Path), default=Path("out/site"),
              show_default=True, help="Folder to write the site into (replaced).")
def site(data: Path, site: Path) -> None:
    """Write the static site: every page and RDF document, dumps and .htaccess rules.

    \b
    Example:
      kg site --out out/site      # then copy out/site to any web host
    """
    from kg.web.pubstore import NotBuilt
    from kg.web.site import write_site

    try:
        n = write_site(data, site, progress=lambda m: click.echo(f"… {m}", err=True),
                       queries_dir=Path("queries"))
    except NotBuilt as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"wrote {n} files to {site}")


@link.command("authority")
@click.option("--cbdb", "cbdb", multiple=True, type=click.Path(path_type=Path),
              help="CBDB SQLite release (BIOG_MAIN, ALTNAME_DATA, DYNASTIES).")
@click.option("--chgis", "chgis", multiple=True, type=click.Path(path_type=Path),
              help="CHGIS v6 gazetteer table (CSV or TSV: SYS_ID, NAME_FT, BEG_YR, …).")
@click.option("--wikidata", "wikidata", multiple=True, type=click.Path(path_type=Path),
              help="Wikidata extract: JSON dump (lines or array) or CSV.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Links table to update (default: seeds/links.tsv).")
def link_authority(cbdb: tuple[Path, ...], chgis: tuple[Path, ...], wikidata: tuple[Path, ...],
                   out: Path | None) -> None:
    """Propose links of our persons and places from local authority dumps (candidates).

    \b
    Writes rows with status `candidate`, a score and the evidence into
    seeds/links.tsv; rows an editor marked verified or rejected are kept. Only
    verified rows are published by kg build.
    Example:
      kg link authority --cbdb cbdb.sqlite --chgis v6_time_pref_pts.tsv --wikidata wd.json
    """
    import json as _json
    import sqlite3

    from kg.linking.link_authority import (
        LINKS_TSV,
        candidates,
        our_entities,
        read_cbdb,
        read_chgis,
        read_wikidata,
        write_links,
    )

    if not (cbdb or chgis or wikidata):
        raise click.UsageError("give at least one of --cbdb, --chgis, --wikidata")
    dumps = []
    for paths, reader in ((cbdb, read_cbdb), (chgis, read_chgis), (wikidata, read_wikidata)):
        for path in paths:
            try:
                if not path.is_file():
                    raise OSError("no such file")
                dumps += [(c, path.name) for c in reader(path)]
            except (OSError, sqlite3.Error, ValueError, KeyError, _json.JSONDecodeError) as exc:
                click.echo(f"error: {path}: cannot read: {exc}", err=True)
                sys.exit(2)
    rows = candidates(our_entities(), dumps)
    written, kept = write_links(rows, out or LINKS_TSV)
    click.echo(f"candidates written: {written}; verified or rejected rows kept: {kept}")


def _text_line(rec: EntryRecord) -> str:
    when = f"{rec.get('ce_year') or '?'}"
    if rec.get("month"):
        when += f"-{'閏' if rec.get('leap') else ''}{rec['month']:02d}"
    cites = "; ".join(c.get("raw", "") for c in rec.get("citations", []))
    narrative = rec.get("narrative")
    body = f"\n    {narrative[:60]}…" if narrative else ""
    return f"{rec['file']}:{rec['line']}:{rec['col']} [{when}] {rec['headline']}  ⟨{cites}⟩{body}"


if __name__ == "__main__":  # pragma: no cover
    main()

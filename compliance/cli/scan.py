"""`compliance scan`: argument handling only; the work happens in compliance.pipeline and
compliance.outputs."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click
from click.core import ParameterSource

from compliance.cli.common import (
    Progress,
    allow_unread_option,
    catalog_and_frameworks,
    exit_status,
    fail_on_unscanned_option,
    fail_usage,
    no_color_option,
    print_notices,
    terminal_style,
    write_output,
)
from compliance.cli.scan_options import ScanCommand, prepare_or_exit, scan_request_options
from compliance.model import SEVERITIES, Status, severity_rank
from compliance.outputs.formats import SCAN_FORMATS, View, help_text
from compliance.processes.collector import collector_off


def failing_at(findings, fail_on: str) -> bool:
    """Whether a finding fails at or above the `--fail-on` severity ('none': never)."""
    if fail_on == "none":
        return False
    threshold = severity_rank(fail_on)
    return any(f.status is Status.FAIL and severity_rank(f.severity) >= threshold
               for f in findings)


# the format of a report file named without one, by its extension
FORMAT_OF_SUFFIX = {".txt": "table", ".json": "json", ".sarif": "sarif", ".xml": "junit",
                    ".csv": "csv", ".md": "markdown", ".markdown": "markdown", ".html": "html",
                    ".htm": "html"}


def report_files(outputs: tuple[str, ...], given_format: str | None
                 ) -> list[tuple[str, Path]]:
    """(format, file) for each `-o`: `FORMAT=FILE`; a lone FILE in --format when it was given,
    else by its extension; several FILEs by their extensions. Exit 2 when one has none."""
    reports = []
    for value in outputs:
        name, sep, rest = value.partition("=")
        if sep and name in SCAN_FORMATS and rest:
            reports.append((name, Path(rest)))
            continue
        path = Path(value)
        if given_format is not None and len(outputs) == 1:
            reports.append((given_format, path))
            continue
        by_suffix = FORMAT_OF_SUFFIX.get(path.suffix.lower())
        if by_suffix is None:
            if len(outputs) == 1:
                by_suffix = "table"
            else:
                raise click.BadParameter(
                    f"{value}: name its format (FORMAT=FILE, one of {', '.join(SCAN_FORMATS)}) "
                    "or use one of the extensions " + ", ".join(FORMAT_OF_SUFFIX),
                    param_hint="-o")
        reports.append((by_suffix, path))
    return reports


@click.command(cls=ScanCommand)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(list(SCAN_FORMATS)),
              default="table", show_default=True, help=help_text(SCAN_FORMATS))
@click.option("-o", "--output", "outputs", multiple=True, metavar="[FORMAT=]FILE",
              help="Write the report to FILE instead of standard output (repeatable: one scan, "
                   "several reports). FORMAT=FILE names the format; a single FILE takes "
                   "--format, else its extension; several take their extensions (.txt table, "
                   ".json, .sarif, .xml junit, .csv, .md markdown, .html).")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "none"]), default="low",
              show_default=True,
              help="Exit 1 when a finding fails at or above this severity ('none': never).")
@click.option("--show-unknown", is_flag=True,
              help="List findings whose deciding value is unknown in the table, SARIF and "
                   "Markdown reports too.")
@click.option("--show-waived", is_flag=True,
              help="List waived findings in the table too, with reason, owner and expiry.")
@click.option("--baseline", "baseline_file",
              type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
              help="Report only failing findings not in this baseline file (see `compliance "
                   "baseline create`).")
@click.option("--record", is_flag=True,
              help="Store this run in the history database (see `compliance history`).")
@click.option("--db", envvar="COMPLIANCE_DB", metavar="URL|FILE",
              help="History database for --record: a SQLite file or a postgresql:// URL (env "
                   "COMPLIANCE_DB; default .compliance/history.db in the current folder).")
@allow_unread_option
@fail_on_unscanned_option
@scan_request_options
@click.option("-q", "--quiet", is_flag=True, help="No progress and no notices on stderr.")
@no_color_option
@click.pass_context
def scan(ctx, request, output_format, outputs, fail_on, show_unknown, show_waived, quiet,
         allow_unread=False, baseline_file=None, record=False, db=None, no_color=False,
         fail_on_unscanned=False):
    """Scan PATHS (files or folders; default: the current folder) and report findings.

    Exit status: 0 when nothing fails at or above --fail-on, 1 when something does, 2 on a
    usage or configuration error, 3 when an input could not be read completely (a file that
    doesn't parse; it is reported, the rest of the scan goes on, and --allow-unread accepts
    it), and, with --fail-on-unscanned, when an input was left unscanned (a remote module not
    installed, a chart not rendered, a program not run).

    Options may also be set in .compliance.yaml at the scan root (or --config FILE); an
    option given on the command line wins. Accepted findings are waived in
    .compliance/waivers.yaml (or --waivers FILE) or with a `compliance:ignore=<control>
    <reason>` comment; waived findings stay in the report and never fail the scan.
    """
    from compliance.pipeline.request import run

    format_given = ctx.get_parameter_source("output_format") is not ParameterSource.DEFAULT
    # (format, file) of each report; no -o: the --format on standard output
    reports = report_files(outputs, output_format if format_given else None) \
        or [(output_format, None)]
    catalog, frameworks = catalog_and_frameworks(request.controls_dirs)
    prepared = prepare_or_exit(request, catalog, frameworks)
    progress = Progress(enabled=not quiet)
    try:
        result = run(prepared, progress, counts_only=not record and not any(
            SCAN_FORMATS[fmt].shows_code for fmt, _file in reports))
    finally:
        progress.close()
    if baseline_file is not None:
        from compliance.results import baseline

        try:
            result = baseline.apply(result, baseline.load(baseline_file))
        except baseline.BaselineError as exc:
            fail_usage(str(exc))
    if not quiet:
        if result.replayed:  # why it took no time, and why no program ran
            click.echo("notice: nothing this scan reads has changed since the last one with "
                       "these options: its result is reported again (from the cache)", err=True)
        print_notices(result.errors, result.waivers)
    view = View(show_unknown=show_unknown, show_waived=show_waived)
    with collector_off():  # a report's objects are freed by reference counting
        for fmt, file in reports:
            chosen = SCAN_FORMATS[fmt]
            shown = view
            if file is None:  # on standard output: the terminal's width, colour if it wants
                width, color = terminal_style(no_color)
                shown = replace(view, width=width, color=color)
            write_output(file, chosen.pieces(result, shown), log_safe=chosen.for_people,
                         styled=shown.color, say=None if quiet else f"the {fmt} report")
    if record:
        from compliance.cli.history import record_scan

        record_scan(result, catalog, frameworks, request.frameworks, db, quiet=quiet)
    sys.exit(exit_status(result.errors, failing_at(result.findings, fail_on), allow_unread,
                         fail_on_unscanned))

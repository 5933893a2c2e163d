"""`compliance diff` and `compliance baseline`: pull-request mode. Argument handling only; the
work happens in compliance.pipeline.diff, compliance.results.baseline and compliance.outputs."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from compliance.cli.common import (
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
from compliance.outputs.formats import DIFF_FORMATS, View, help_text
from compliance.processes.collector import collector_off


@click.command("diff", cls=ScanCommand)
@click.argument("path", default=".", type=click.Path(exists=True, path_type=Path))
@click.option("--base", "base_ref", required=True, metavar="REF",
              help="The revision to compare with (a branch, tag or commit).")
@click.option("--head", "head_ref", metavar="REF",
              help="The revision to check (default: the working tree, as it is on disk).")
@click.option("--format", "output_format", type=click.Choice(list(DIFF_FORMATS)), default="text",
              show_default=True, help=help_text(DIFF_FORMATS))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the --format report to FILE.")
@click.option("--markdown", "markdown_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the PR comment to FILE.")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the JSON report to FILE.")
@click.option("--sarif", "sarif_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the head scan as SARIF to FILE.")
@click.option("--gitlab", "gitlab_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a GitLab code quality report to FILE.")
@click.option("--fail-on-new", type=click.Choice([*SEVERITIES, "none"]), default="low",
              show_default=True,
              help="Exit 1 when a NEW failing finding is at or above this severity; findings "
                   "already failing in the base never fail the diff.")
@click.option("--link-base", metavar="URL", default="",
              help="Link locations in the comment to URL/<file>#L<line>, e.g. "
                   "https://github.com/OWNER/REPO/blob/SHA")
@allow_unread_option
@fail_on_unscanned_option
@scan_request_options
@click.option("-q", "--quiet", is_flag=True, help="No notices on stderr.")
@no_color_option
def diff(request, base_ref, head_ref, output_format, output, markdown_file, json_file,
         sarif_file, gitlab_file, fail_on_new, link_base, quiet, allow_unread, no_color=False,
         fail_on_unscanned=False):
    """Compare the findings of PATH (default: .) at --base with --head (default: the working
    tree): which failing findings are new, fixed or unchanged, and how each framework's
    coverage moves.

    PATH must be in a git repository. The base (and a --head ref) is checked out, with its
    submodules, into a temporary folder; your checkout and index are not touched. Unchanged
    files are not parsed again (parse cache). Both sides are scanned with the same options
    (the command line, then .compliance.yaml at PATH); a variable or waivers file inside the
    repository is read from each side's own tree, so each side is judged by its own waivers.

    Exit status: 0 when no new finding fails at or above --fail-on-new, 1 when one does, 2 on
    a usage error (not a git repository, unknown ref), 3 when an input of the head could not
    be read completely (--allow-unread accepts it).
    """
    from compliance.pipeline.diff import GitError, run_diff
    from compliance.pipeline.request import RequestError

    catalog, frameworks = catalog_and_frameworks(request.controls_dirs)
    prepared = prepare_or_exit(request, catalog, frameworks)
    try:
        result = run_diff(request.paths[0], base_ref, head_ref, prepared)
    except (GitError, RequestError) as exc:
        fail_usage(*getattr(exc, "lines", [str(exc)]))
    if not quiet:
        print_notices(result.head.result.errors)
    view = View(link_base=link_base)
    with collector_off():  # a report's objects are freed by reference counting
        for fmt, file in (("markdown", markdown_file), ("json", json_file),
                          ("sarif", sarif_file), ("gitlab", gitlab_file)):
            if file is not None:
                write_output(file, DIFF_FORMATS[fmt](result, view),
                             say=None if quiet else f"the {fmt} report")
        chosen = DIFF_FORMATS[output_format]
        if output is None and output_format == "text":  # colour on a terminal that wants it
            view = replace(view, color=terminal_style(no_color)[1])
        write_output(output, chosen(result, view), log_safe=chosen.for_people,
                     styled=view.color, say=None if quiet else f"the {output_format} report")
    failing = fail_on_new != "none" and any(
        severity_rank(f.severity) >= severity_rank(fail_on_new) for f in result.new)
    sys.exit(exit_status(result.head.result.errors, failing, allow_unread, fail_on_unscanned))


@click.group("baseline")
def baseline() -> None:
    """Record today's failing findings so that `scan --baseline FILE` reports only new ones."""


@baseline.command("create", cls=ScanCommand)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The baseline file to write (JSON; commit it).")
@scan_request_options
def create_baseline(request, output):
    """Scan PATHS (default: .) and write every failing finding to a baseline file.

    A finding stays baselined when its block moves or the file is reformatted; renaming the
    resource or changing the offending value makes it new again. Take the same options as the
    scans the baseline is for (`--var-file`, `--framework`, ...): .compliance.yaml applies to
    both.
    """
    from compliance.pipeline.request import run
    from compliance.results import baseline as baselines

    catalog, frameworks = catalog_and_frameworks(request.controls_dirs)
    result = run(prepare_or_exit(request, catalog, frameworks))
    write_output(output, baselines.render(result))
    count = sum(1 for f in result.findings if f.status is Status.FAIL)
    click.echo(f"baseline: {count} failing findings written to {output}", err=True)

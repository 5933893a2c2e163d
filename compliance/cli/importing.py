"""`compliance import checkov REPORT.json`: another tool's saved report, through our controls."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from compliance.cli import exit_codes
from compliance.cli.common import no_color_option, terminal_style
from compliance.model import SEVERITIES, Status, severity_rank


@click.group("import")
def import_group() -> None:
    """Read another tool's saved report and map its findings onto our controls."""


@import_group.command("checkov")
@click.argument("report_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Folder checkov scanned (file paths are made relative to it).")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--framework", "frameworks", multiple=True, metavar="ID",
              help="Report these frameworks requirement by requirement (repeatable).")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "none"]), default="low", show_default=True)
@no_color_option
def import_checkov(report_file, root, output_format, frameworks, fail_on, no_color=False):
    """Map a saved checkov JSON report (checkov -o json) onto our controls, categories and
    framework requirements, and report it like a scan."""
    from datetime import datetime, timezone

    from compliance.catalog.controls import load_catalog
    from compliance.catalog.frameworks import load_frameworks
    from compliance.model import ScanResult, requirements_by_control
    from compliance.outputs import json_report, table
    from compliance.pipeline import checkov

    catalog = load_catalog()
    all_frameworks = load_frameworks(catalog=catalog)
    try:
        report = checkov.load_report(report_file)
    except checkov.CheckovError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exit_codes.USAGE)
    result = ScanResult(root=root.resolve(), started_at=datetime.now(timezone.utc), duration_s=0.0,
                        files_scanned=0, resources=[], findings=[], errors=[],
                        controls=list(catalog.controls),
                        requirements=requirements_by_control(all_frameworks))
    result = checkov.apply(result, report, all_frameworks, tuple(frameworks))
    if output_format == "json":
        text = json_report.render(result)
    else:  # the terminal report guards file text itself, coloured or not
        width, color = terminal_style(no_color)
        text = table.render(result, width=width, color=color)
    click.echo(text, nl=False)
    if fail_on != "none" and any(f.status is Status.FAIL
                                 and severity_rank(f.severity) >= severity_rank(fail_on)
                                 for f in result.findings):
        sys.exit(exit_codes.FAILING)

"""The `compliance` command: argument handling only; the work happens in scan.py and report/."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import click

from . import __version__
from .catalog import CatalogError, load_catalog
from .model import PLATFORMS, SEVERITIES, Status, severity_rank

EXIT_OK, EXIT_FAILING, EXIT_USAGE = 0, 1, 2


class Progress:
    """`parsing 120/1000 files` on stderr, only on a terminal and only once a scan is slow."""

    DELAY_S = 0.5

    def __init__(self, enabled: bool):
        self.enabled = enabled and sys.stderr.isatty()
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < self.DELAY_S:
            return
        self.shown = True
        click.echo(f"\rparsing {done}/{total} files", nl=False, err=True)

    def close(self) -> None:
        if self.shown:
            click.echo("\r" + " " * 40 + "\r", nl=False, err=True)


def _parse_size(_ctx, _param, value: str) -> int:
    match = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)[bB]?\s*", value)
    if not match:
        raise click.BadParameter("use a number of bytes, optionally with K, M or G (e.g. 5M)")
    number, unit = match.groups()
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()]


def _load_catalog_or_exit():
    try:
        return load_catalog()
    except CatalogError as exc:
        click.echo(f"error: control catalog: {exc}", err=True)
        sys.exit(EXIT_USAGE)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="compliance")
def main() -> None:
    """Check infrastructure code (Terraform, Kubernetes) against API-security controls.

    \b
    Typical use:
      compliance scan .                       scan a repository, print failing findings
      compliance scan . --format json -o r.json --fail-on high
      compliance controls list --category authn
    """


@main.command()
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Write the report to FILE instead of standard output.")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "none"]), default="low",
              show_default=True,
              help="Exit 1 when a finding fails at or above this severity ('none': never).")
@click.option("--skip-path", "skip_paths", multiple=True, metavar="GLOB",
              help="Skip files and folders matching GLOB, relative to the scan root (repeatable).")
@click.option("--var-file", "var_files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
              help="Terraform variable file, applied after terraform.tfvars (repeatable).")
@click.option("--no-cache", is_flag=True, help="Parse every file again; neither read nor write "
                                               "the parse cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
              envvar="COMPLIANCE_CACHE_DIR", help="Parse cache folder (default: the user cache "
                                                  "folder; env COMPLIANCE_CACHE_DIR).")
@click.option("--max-file-size", default="5M", callback=_parse_size, show_default=True,
              help="Skip (and report) files larger than this.")
@click.option("--show-unknown", is_flag=True,
              help="List findings whose deciding value is unknown in the table too.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no notices on stderr.")
def scan(paths, output_format, output, fail_on, skip_paths, var_files, no_cache, cache_dir,
         max_file_size, show_unknown, quiet):
    """Scan PATHS (files or folders) and report findings.

    Exit status: 0 when nothing fails at or above --fail-on, 1 when something does, 2 on a
    usage or configuration error. Files that cannot be parsed are reported and skipped; the
    rest of the scan goes on.
    """
    from .parse_cache import default_cache_dir
    from .report import json_report, table
    from .scan import ScanOptions, run_scan

    catalog = _load_catalog_or_exit()
    options = ScanOptions(
        skip_patterns=tuple(skip_paths),
        var_files=tuple(var_files),
        max_file_size=max_file_size,
        cache_dir=None if no_cache else (cache_dir or default_cache_dir()),
    )
    progress = Progress(enabled=not quiet)
    try:
        result = run_scan(list(paths), catalog, options=options, progress=progress)
    finally:
        progress.close()
    if not quiet:
        for error in result.errors:
            click.echo(f"notice: {error}", err=True)
    if output_format == "json":
        text = json_report.render(result)
    else:
        text = table.render(result, show_unknown=show_unknown)
    if output:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            click.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_USAGE)
    else:
        click.echo(text, nl=False)
    if fail_on != "none":
        threshold = severity_rank(fail_on)
        if any(f.status is Status.FAIL and severity_rank(f.severity) >= threshold
               for f in result.findings):
            sys.exit(EXIT_FAILING)
    sys.exit(EXIT_OK)


@main.group()
def controls() -> None:
    """List and explain the controls of the catalog."""


@controls.command("list")
@click.option("--category", help="Only controls of this category (e.g. authn, tls).")
@click.option("--platform", type=click.Choice(list(PLATFORMS)),
              help="Only controls with a check for this platform.")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def list_controls(category, platform, output_format):
    """List controls: id, severity, category, platforms and title."""
    from .report import controls_report

    catalog = _load_catalog_or_exit()
    if category and category not in {c.category for c in catalog.controls}:
        known = ", ".join(sorted({c.category for c in catalog.controls}))
        raise click.BadParameter(f"no control has category {category!r}; known: {known}",
                                 param_hint="--category")
    selected = catalog.select(category=category, platform=platform)
    click.echo(controls_report.render_list(selected, output_format), nl=False)


@controls.command("show")
@click.argument("control_id")
def show_control(control_id):
    """Show one control: what it checks, why, how to fix it, and its checks."""
    from .report import controls_report

    catalog = _load_catalog_or_exit()
    control = catalog.by_id.get(control_id)
    if control is None:
        close = [c.id for c in catalog.controls if control_id.lower() in c.id]
        hint = f" (did you mean: {', '.join(close[:5])}?)" if close else ""
        click.echo(f"error: no control {control_id!r}{hint}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(controls_report.render_control(control), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()

"""The `compliance` command: argument handling only; the work happens in scan.py and report/."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from compliance import __version__
from compliance.catalog.controls import CatalogError, load_catalog
from compliance.model import PLATFORMS, SEVERITIES, Status, severity_rank

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
    from compliance.config.project import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _load_catalog_or_exit():
    try:
        return load_catalog()
    except CatalogError as exc:
        click.echo(f"error: control catalog: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _load_frameworks_or_exit(catalog):
    from compliance.catalog.frameworks import load_frameworks

    try:
        return load_frameworks(catalog=catalog)
    except CatalogError as exc:
        click.echo(f"error: framework files: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def _config_error_exit(exc) -> None:
    for line in exc.lines():
        click.echo(f"error: {line}", err=True)
    sys.exit(EXIT_USAGE)


class _ScanCommand(click.Command):
    """`scan`, whose options may take their values from the configuration file: an option
    given on the command line (or by its environment variable) wins over the file, the file
    over the option's default."""

    def invoke(self, ctx: click.Context):
        _apply_config(ctx)
        return super().invoke(ctx)


def _apply_config(ctx: click.Context) -> None:
    from compliance.config.project import OPTION_OF_KEY, find_config, load_config
    from compliance.config.yaml_files import ConfigError
    from compliance.parse.discover import common_root
    from compliance.results.waivers import DEFAULT_WAIVERS_FILE

    params = ctx.params
    if params["config_file"] and params["no_config"]:
        raise click.UsageError("--config and --no-config exclude each other")
    root = common_root(list(params["paths"]))
    path = params["config_file"] or (None if params["no_config"] else find_config(root))
    if path is not None:
        options = {p.name: p for p in ctx.command.params}
        choices = {key: list(options[name].type.choices) for key, name in OPTION_OF_KEY.items()
                   if name in options and isinstance(options[name].type, click.Choice)}
        try:
            config = load_config(path, choices)
        except ConfigError as exc:
            _config_error_exit(exc)
        params.update(config.resolve(ctx))
        # keys for which `scan` has no option (yet) stay readable here
        ctx.meta["compliance.config"] = config
    if params["waivers_file"] is None and (root / DEFAULT_WAIVERS_FILE).is_file():
        params["waivers_file"] = root / DEFAULT_WAIVERS_FILE


def _load_waivers_or_exit(path: Path | None, paths, catalog) -> tuple:
    from compliance.config.yaml_files import ConfigError
    from compliance.parse.discover import common_root
    from compliance.results.waivers import load_waivers

    if path is None:
        return ()
    try:
        report_name = path.resolve().relative_to(common_root(list(paths))).as_posix()
    except ValueError:
        report_name = str(path)
    try:
        return tuple(load_waivers(path, report_name, catalog.by_id))
    except ConfigError as exc:
        _config_error_exit(exc)


def _exit_if_from_config(key: str, message: str) -> None:
    """When the configuration file gave the value of `key`, exit 2 naming its file and line."""
    config = click.get_current_context().meta.get("compliance.config")
    if config is not None and key in config.applied:
        _config_error_exit(config.error(key, f"{key}: {message}"))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="compliance")
def main() -> None:
    """Check infrastructure code (Terraform, Kubernetes, Pulumi) and API gateway configurations
    (OpenAPI, Kong, Azure API Management) against API-security controls, mapped to GDPR, HIPAA,
    PCI DSS, SOC 2 and ISO/IEC 27001 requirements.

    \b
    Typical use:
      compliance scan .                       scan a repository, print failing findings
      compliance scan . --framework pci-dss --format html -o report.html
      compliance diff --base origin/main      what a pull request changes
      compliance evidence . --framework soc2 -o pack.zip
      compliance controls list --category authn
    """
    from compliance.catalog import schema_memo
    from compliance.parse.cache import default_cache_dir

    # the catalog and framework files that passed their schema need not be checked again
    schema_memo.enable(default_cache_dir())


@main.command(cls=_ScanCommand)
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--format", "output_format",
              type=click.Choice(["table", "json", "sarif", "junit", "csv", "markdown", "html"]),
              default="table", show_default=True,
              help="Report format: table (terminal), json (every finding), sarif (GitHub code "
                   "scanning), junit (CI test reports), csv, markdown, html.")
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
              help="List findings whose deciding value is unknown in the table, SARIF and "
                   "Markdown reports too.")
@click.option("--show-waived", is_flag=True,
              help="List waived findings in the table too, with reason, owner and expiry.")
@click.option("--waivers", "waivers_file",
              type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
              help="Waivers file (default: .compliance/waivers.yaml at the scan root).")
@click.option("--config", "config_file",
              type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
              help="Configuration file (default: .compliance.yaml at the scan root).")
@click.option("--no-config", is_flag=True, help="Ignore the configuration file.")
@click.option("--framework", "frameworks", multiple=True, metavar="ID",
              help="Run only the controls of this framework and report, requirement by "
                   "requirement, what they support (repeatable; see `compliance frameworks "
                   "list`).")
@click.option("--baseline", "baseline_file",
              type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
              help="Report only failing findings not in this baseline file (see `compliance "
                   "baseline create`).")
@click.option("--record", is_flag=True,
              help="Store this run in the history database (see `compliance history`).")
@click.option("--db", envvar="COMPLIANCE_DB", metavar="URL|FILE",
              help="History database for --record: a SQLite file or a postgresql:// URL (env "
                   "COMPLIANCE_DB; default .compliance/history.db in the current folder).")
@click.option("--with-checkov", is_flag=True,
              help="Also run checkov (a separate program) on the same paths and map its "
                   "findings onto our controls and frameworks.")
@click.option("--checkov-bin", default="checkov", show_default=True, metavar="PATH",
              help="The checkov program for --with-checkov.")
@click.option("--pulumi-run", is_flag=True,
              help="Run Pulumi Python programs (Pulumi.yaml with runtime: python) offline under "
                   "the Pulumi SDK's mocks to read their resources. This RUNS THE PROGRAMS' "
                   "CODE (in a separate process, without cloud credentials, with a time limit).")
@click.option("--pulumi-timeout", type=click.FloatRange(min=0, min_open=True), default=120,
              show_default=True, metavar="SECONDS",
              help="Time limit for each program run by --pulumi-run.")
@click.option("-q", "--quiet", is_flag=True, help="No progress and no notices on stderr.")
def scan(paths, output_format, output, fail_on, skip_paths, var_files, no_cache, cache_dir,
         max_file_size, show_unknown, quiet, show_waived, waivers_file, config_file, no_config,
         frameworks, baseline_file=None, record=False, db=None,
         with_checkov=False, checkov_bin="checkov", pulumi_run=False, pulumi_timeout=120):
    """Scan PATHS (files or folders) and report findings.

    Exit status: 0 when nothing fails at or above --fail-on, 1 when something does, 2 on a
    usage or configuration error. Files that cannot be parsed are reported and skipped; the
    rest of the scan goes on.

    Options may also be set in .compliance.yaml at the scan root (or --config FILE); an
    option given on the command line wins. Accepted findings are waived in
    .compliance/waivers.yaml (or --waivers FILE) or with a `compliance:ignore=<control>
    <reason>` comment; waived findings stay in the report and never fail the scan.
    """
    from compliance.outputs import json_report, table
    from compliance.parse.cache import default_cache_dir
    from compliance.pipeline.scan import ScanOptions, run_scan

    catalog = _load_catalog_or_exit()
    all_frameworks = _load_frameworks_or_exit(catalog)
    framework_ids = tuple(dict.fromkeys(frameworks or ()))
    known = [f.id for f in all_frameworks]
    unknown = [f for f in framework_ids if f not in known]
    if unknown:
        _exit_if_from_config("frameworks", f"no framework {unknown[0]!r}; known: {', '.join(known)}")
        raise click.BadParameter(f"no framework {unknown[0]!r}; known: {', '.join(known)}",
                                 param_hint="--framework")
    selected_controls = None
    if framework_ids:  # only the controls the chosen frameworks use
        used = set().union(*(f.control_ids for f in all_frameworks if f.id in framework_ids))
        selected_controls = [c for c in catalog.controls if c.id in used]
    options = ScanOptions(
        skip_patterns=tuple(skip_paths),
        var_files=tuple(var_files),
        max_file_size=max_file_size,
        cache_dir=None if no_cache else (cache_dir or default_cache_dir()),
        waivers=_load_waivers_or_exit(waivers_file, paths, catalog),
        pulumi_run=pulumi_run,
        pulumi_timeout=pulumi_timeout,
    )
    progress = Progress(enabled=not quiet)
    try:
        result = run_scan(list(paths), catalog, controls=selected_controls, options=options,
                          progress=progress, frameworks=all_frameworks,
                          framework_ids=framework_ids)
    finally:
        progress.close()
    if with_checkov:
        from compliance.pipeline import checkov

        try:
            result = checkov.apply(result, checkov.run(list(paths), checkov_bin),
                                   all_frameworks, framework_ids)
        except checkov.CheckovError as exc:
            result.errors.append(checkov.error_entry(exc))
    if baseline_file is not None:
        from compliance.results import baseline

        try:
            result = baseline.apply(result, baseline.load(baseline_file))
        except baseline.BaselineError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_USAGE)
    if not quiet:
        for error in result.errors:
            click.echo(f"notice: {error}", err=True)
        from compliance.results.waivers import notice

        for line in filter(None, map(notice, result.waivers)):
            click.echo(f"notice: {line}", err=True)
    if output_format == "json":
        text = json_report.render(result)
    elif output_format == "html":
        from compliance.outputs import html

        text = html.render(result)
    elif output_format == "sarif":
        from compliance.outputs import sarif

        text = sarif.render(result, show_unknown=show_unknown)
    elif output_format == "junit":
        from compliance.outputs import junit

        text = junit.render(result)
    elif output_format == "csv":
        from compliance.outputs import csv_report

        text = csv_report.render(result)
    elif output_format == "markdown":
        from compliance.outputs import markdown

        text = markdown.render(result, show_unknown=show_unknown)
    else:
        text = table.render(result, show_unknown=show_unknown, show_waived=show_waived)
    if output:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            click.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_USAGE)
    else:
        click.echo(text, nl=False)
    if record:
        from compliance.cli.history import record_scan

        record_scan(result, catalog, all_frameworks, framework_ids, db, quiet=quiet)
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
    from compliance.outputs import controls_report

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
    from compliance.outputs import controls_report

    catalog = _load_catalog_or_exit()
    control = catalog.by_id.get(control_id)
    if control is None:
        close = [c.id for c in catalog.controls if control_id.lower() in c.id]
        hint = f" (did you mean: {', '.join(close[:5])}?)" if close else ""
        click.echo(f"error: no control {control_id!r}{hint}", err=True)
        sys.exit(EXIT_USAGE)
    from compliance.model import requirements_by_control
    from compliance.outputs import frameworks_report

    refs = requirements_by_control(_load_frameworks_or_exit(catalog)).get(control.id, [])
    click.echo(controls_report.render_control(control), nl=False)
    click.echo("\n" + frameworks_report.render_control_requirements(refs), nl=False)


@main.group()
def frameworks() -> None:
    """List frameworks and show which controls support each requirement."""


@frameworks.command("list")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def list_frameworks(output_format):
    """List frameworks: id, name, edition, requirements, and how many have automated controls."""
    from compliance.outputs import frameworks_report

    loaded = _load_frameworks_or_exit(_load_catalog_or_exit())
    click.echo(frameworks_report.render_list(loaded, output_format), nl=False)


@frameworks.command("show")
@click.argument("framework_id", metavar="ID")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def show_framework(framework_id, output_format):
    """Show a framework's requirements, the controls that support each (direct or supports),
    and those that need manual evidence."""
    from compliance.outputs import frameworks_report

    loaded = {f.id: f for f in _load_frameworks_or_exit(_load_catalog_or_exit())}
    if framework_id not in loaded:
        click.echo(f"error: no framework {framework_id!r}; known: {', '.join(loaded)}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(frameworks_report.render_framework(loaded[framework_id], output_format), nl=False)


from compliance.cli.diff import baseline as _baseline_group  # noqa: E402
from compliance.cli.diff import diff as _diff_command

main.add_command(_diff_command)
main.add_command(_baseline_group)

from compliance.cli.evidence import evidence as _evidence_command, verify as _verify_command  # noqa: E402, I001

main.add_command(_evidence_command)
main.add_command(_verify_command)
from compliance.cli.history import history as _history_command  # noqa: E402
from compliance.cli.history import trend as _trend_command  # noqa: E402

main.add_command(_history_command)
main.add_command(_trend_command)
from compliance.cli.importing import import_group as _import_group  # noqa: E402, I001

main.add_command(_import_group)

if __name__ == "__main__":  # pragma: no cover
    main()

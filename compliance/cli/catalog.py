"""`compliance controls` and `compliance frameworks`: the catalog and the framework files, as
text or JSON. Argument handling only; the wording is in compliance.outputs."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from compliance.cli import exit_codes
from compliance.cli.common import catalog_and_frameworks, catalog_or_exit, fail_usage
from compliance.model import PLATFORMS


@click.group()
def controls() -> None:
    """List and explain the controls of the catalog."""


controls_dir_option = click.option(
    "--controls-dir", "controls_dirs", multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Also your own controls: every <id>/control.yaml under DIR (repeatable).")


@controls.command("list")
@controls_dir_option
@click.option("--category", help="Only controls of this category (e.g. authn, tls).")
@click.option("--platform", type=click.Choice(list(PLATFORMS)),
              help="Only controls with a check for this platform.")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def list_controls(controls_dirs, category, platform, output_format):
    """List controls: id, severity, category, platforms and title."""
    from compliance.outputs import controls_report

    catalog = catalog_or_exit(controls_dirs)
    if category and category not in {c.category for c in catalog.controls}:
        known = ", ".join(sorted({c.category for c in catalog.controls}))
        raise click.BadParameter(f"no control has category {category!r}; known: {known}",
                                 param_hint="--category")
    selected = catalog.select(category=category, platform=platform)
    click.echo(controls_report.render_list(selected, output_format), nl=False)


@controls.command("show")
@click.argument("control_id")
@controls_dir_option
def show_control(control_id, controls_dirs):
    """Show one control: what it checks, why, how to fix it, and its checks."""
    from compliance.model import requirements_by_control
    from compliance.outputs import controls_report, frameworks_report

    catalog, frameworks = catalog_and_frameworks(controls_dirs)
    control = catalog.by_id.get(control_id)
    if control is None:
        close = [c.id for c in catalog.controls if control_id.lower() in c.id]
        hint = f" (did you mean: {', '.join(close[:5])}?)" if close else ""
        fail_usage(f"no control {control_id!r}{hint}")
    refs = requirements_by_control(frameworks).get(control.id, [])
    click.echo(controls_report.render_control(control), nl=False)
    click.echo("\n" + frameworks_report.render_control_requirements(refs), nl=False)


@controls.command("test")
@click.argument("folders", nargs=-1, metavar="[DIR]...",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
def test_controls(folders):
    """Run controls against their samples: each DIR is a control folder (control.yaml with
    fail/ and pass/ beside it) or a folder of them; without DIR, every control of the catalog.

    Lines of fail/ marked `# fail: <check>` (or `# unknown: <check>`) must give exactly those
    findings, every other line none; every check must pass on pass/. See
    docs/writing-controls.md.

    Exit status: 0 when every control agrees with its samples, 1 when one does not, 2 when a
    control file is broken (its file and line are named).
    """
    from compliance import data_dir
    from compliance.pipeline.samples import check_samples

    shipped = data_dir("controls").resolve()
    inside = [f.resolve() for f in folders if f.resolve().is_relative_to(shipped)]
    catalog = catalog_or_exit([f for f in folders if f.resolve() not in inside])
    # a folder of the catalog itself selects its controls; any other holds users' controls
    chosen = [c for c in catalog.controls
              if not folders or c.origin
              or any(Path(c.folder).is_relative_to(folder) for folder in inside)]
    failed = 0
    for control in chosen:
        report = check_samples(control, catalog)
        if report.ok:
            click.echo(f"ok    {control.id} ({report.failing} marked findings, "
                       f"{report.passing} passing)")
            continue
        failed += 1
        click.echo(f"FAIL  {control.id} ({Path(control.folder)})")
        for problem in report.problems:
            click.echo(f"      {problem}")
    click.echo(f"{len(chosen) - failed} of {len(chosen)} controls agree with their samples")
    sys.exit(exit_codes.FAILING if failed else exit_codes.OK)


@click.group()
def frameworks() -> None:
    """List frameworks and show which controls support each requirement."""


@frameworks.command("list")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
def list_frameworks(output_format):
    """List frameworks: id, name, edition, requirements, and how many have automated controls."""
    from compliance.outputs import frameworks_report

    _, loaded = catalog_and_frameworks()
    click.echo(frameworks_report.render_list(loaded, output_format), nl=False)


@frameworks.command("show")
@click.argument("framework_id", metavar="ID")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.option("--verbose", is_flag=True,
              help="List every control of each requirement, with the notes and the sources.")
def show_framework(framework_id, output_format, verbose):
    """Show a framework's requirements, how many controls support each (direct or supports),
    and those that need manual evidence."""
    from compliance.outputs import frameworks_report

    loaded = {f.id: f for f in catalog_and_frameworks()[1]}
    if framework_id not in loaded:
        fail_usage(f"no framework {framework_id!r}; known: {', '.join(loaded)}")
    click.echo(frameworks_report.render_framework(loaded[framework_id], output_format,
                                                      verbose), nl=False)

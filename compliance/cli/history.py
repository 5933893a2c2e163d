"""`compliance history` and `compliance trend`: argument handling only; the work happens in
compliance/history/."""

from __future__ import annotations

import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import click

from compliance.cli import exit_codes

db_option = click.option(
    "--db", envvar="COMPLIANCE_DB", metavar="URL|FILE",
    help="History database: a SQLite file or a postgresql:// URL (env COMPLIANCE_DB; "
         "default .compliance/history.db in the current folder).")


def _since(_ctx, _param, value: str | None) -> datetime | None:
    """`2024-05-01`, an ISO date and time, or a span back from now: `30d`, `12h`, `2w`."""
    if value is None:
        return None
    match = re.fullmatch(r"\s*(\d+)\s*([hdw])\s*", value)
    if match:
        number, unit = int(match[1]), match[2]
        hours = number * {"h": 1, "d": 24, "w": 24 * 7}[unit]
        return datetime.now(timezone.utc) - timedelta(hours=hours)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use a date (2024-05-01), a date and time, or a span such as "
                                 "30d, 12h, 2w") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def filter_options(function):
    for option in reversed([
        click.option("--repo", help="Only runs of this repository (as `history` lists it)."),
        click.option("--branch", help="Only runs of this branch."),
        click.option("--since", callback=_since, metavar="WHEN",
                     help="Only runs recorded since WHEN: a date, or 30d, 12h, 2w back."),
    ]):
        function = option(function)
    return function


create_option = click.option(
    "--create", is_flag=True,
    help="Start an empty SQLite history database when --db names none (otherwise a missing "
         "file is an error: a mistyped path must not read as an empty history).")


def _open(db, create: bool = True):
    from compliance.history.store import HistoryError, open_store

    try:
        return open_store(db, create=create)
    except HistoryError as exc:
        click.echo(f"error: history: {exc}", err=True)
        sys.exit(exit_codes.USAGE)


def record_scan(result, catalog, frameworks, framework_ids, db, quiet=False) -> None:
    """`scan --record`: store the finished scan; exit 2 when the database cannot take it."""
    from compliance.history.record import run_from_scan
    from compliance.history.store import HistoryError

    run = run_from_scan(result, catalog, frameworks, framework_ids)
    with _open(db) as store:
        try:
            run_id = store.record(run)
        except HistoryError as exc:
            click.echo(f"error: history: {exc}", err=True)
            sys.exit(exit_codes.USAGE)
        if not quiet:
            click.echo(f"notice: recorded run {run_id} of {run.repo} "
                       f"{run.branch or '(no branch)'} in {store.url}", err=True)


def _known_framework(framework: str | None) -> None:
    """An unknown framework id is a usage error, not an empty answer."""
    if framework is None:
        return
    from compliance.catalog.frameworks import load_frameworks

    known = sorted(f.id for f in load_frameworks())
    if framework not in known:
        raise click.BadParameter(f"no framework {framework!r}; known: {', '.join(known)}",
                                 param_hint="--framework")


@click.group(invoke_without_command=True)
@filter_options
@click.option("--framework", metavar="ID", help="Only runs that recorded this framework, and "
                                                "only its coverage.")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True,
              help="Show at most this many runs, the most recent first (0: all).")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]),
              default="table", show_default=True)
@db_option
@create_option
@click.pass_context
def history(ctx, repo, branch, since, framework, limit, output_format, db, create):
    """Recorded runs (`compliance scan --record`), the most recent first: failing findings and
    coverage per framework (the percentage of decided requirements that pass)."""
    if ctx.invoked_subcommand is not None:
        return
    from compliance.history import render

    _known_framework(framework)
    with _open(db, create) as store:
        rows = store.runs(repo=repo, branch=branch, framework=framework, since=since,
                          limit=limit or None)
    text = render.runs_json(rows) if output_format == "json" else render.runs_table(rows,
                                                                                   framework)
    click.echo(text, nl=False)


@history.command("import")
@click.argument("reports", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("--repo", help="Repository of the reports (default: the git origin of the "
                             "current folder, or its name).")
@click.option("--branch", help="Branch (default: the current folder's branch).")
@click.option("--commit", help="Commit (default: the current folder's commit).")
@db_option
def import_reports(reports, repo, branch, commit, db):
    """Backfill the history from saved JSON reports (`scan --format json`). Each report is one
    run, dated by its scan's start, of the repository, branch and commit it records (reports
    of 0.1 record none: then --repo, --branch, --commit, else the current folder's, said on
    stderr); a report already imported is skipped."""
    from compliance.history.record import ReportError, identify, report_identity, run_from_report

    here = identify(Path.cwd())
    runs = []
    for path in reports:
        raw = path.read_bytes()
        identity, guessed = report_identity(raw, here, repo, branch, commit)
        if guessed:
            click.echo(f"notice: {path} records no {' or '.join(guessed)}; using the current "
                       f"folder's ({identity.commit[:12] or 'none'} on "
                       f"{identity.branch or 'no branch'})", err=True)
        try:
            run = run_from_report(raw, identity)
        except ReportError as exc:
            click.echo(f"error: {path}: {exc}", err=True)
            sys.exit(exit_codes.USAGE)
        if run.unscanned is None or run.unreadable is None:
            click.echo(f"notice: {path} predates schema 1.4 and does not count the inputs it "
                       "left unscanned or unreadable: the run shows them as not recorded",
                       err=True)
        runs.append(run)
    from compliance.history.store import HistoryError

    with _open(db) as store:
        for path, run in zip(reports, runs):
            try:
                run_id = store.record(run)
            except HistoryError as exc:
                click.echo(f"error: history: {exc}", err=True)
                sys.exit(exit_codes.USAGE)
            click.echo(f"{path}: " + (f"imported as run {run_id}" if run_id is not None
                                      else "already imported, skipped"))


@history.command("prune")
@click.option("--keep-days", type=click.IntRange(min=0), required=True, metavar="N",
              help="Delete runs recorded more than N days ago.")
@db_option
def prune(keep_days, db):
    """Delete old runs and everything recorded with them."""
    with _open(db, create=False) as store:
        deleted = store.prune(keep_days)
    click.echo(f"deleted {deleted} run{'s' if deleted != 1 else ''} older than {keep_days} days")


@click.command()
@click.option("--framework", "framework", required=True, metavar="ID",
              help="The framework whose coverage to follow (pci-dss, soc2, ...).")
@filter_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="Also draw a chart to FILE: .svg, .png, or .html (a page with the chart and a "
                   "table of the runs).")
@click.option("--fail-on-regression", type=click.FloatRange(min=0), metavar="POINTS",
              help="Exit 1 when a branch's coverage fell by more than POINTS percentage points "
                   "since its previous run.")
@db_option
@create_option
def trend(framework, repo, branch, since, output, fail_on_regression, db, create):
    """Coverage of a framework and failing findings over time, one line per repository:
    sparklines in the terminal, a chart with --output."""
    from compliance.history import render
    from compliance.history.store import regressions

    if output is not None and output.suffix.lower() not in render.CHART_SUFFIXES:
        raise click.BadParameter("the chart is written as .svg, .png or .html",
                                 param_hint="--output")
    _known_framework(framework)
    with _open(db, create) as store:
        points = store.trend(framework, repo=repo, branch=branch, since=since)
    click.echo(render.trend_text(framework, points), nl=False)
    if output is not None:
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            render.chart(framework, points, output)
        except OSError as exc:
            click.echo(f"error: cannot write {output}: {exc.strerror or exc}", err=True)
            sys.exit(exit_codes.USAGE)
        click.echo(f"wrote {output}: the {framework} trend", err=True)
    if fail_on_regression is not None:
        found = regressions(points, fail_on_regression)
        if found:
            click.echo(render.regression_text(found, framework, fail_on_regression), nl=False,
                       err=True)
            sys.exit(exit_codes.FAILING)
    sys.exit(exit_codes.OK)

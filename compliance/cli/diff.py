"""`compliance diff` and `compliance baseline`: pull-request mode. Argument handling only; the
work happens in diff.py, baseline.py and report/."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from compliance.model import SEVERITIES, severity_rank

EXIT_OK, EXIT_FAILING, EXIT_USAGE = 0, 1, 2

_DIFF_FORMATS = ["text", "markdown", "github", "json", "gitlab", "sarif"]


def _write(path: Path | None, text: str) -> None:
    if path is None:
        click.echo(text, nl=False)
        return
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        click.echo(f"error: cannot write {path}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_USAGE)


def _scan_options(skip_paths, no_cache, cache_dir):
    from compliance.parse.cache import default_cache_dir
    from compliance.pipeline.scan import ScanOptions

    return ScanOptions(skip_patterns=tuple(skip_paths),
                       cache_dir=None if no_cache else (cache_dir or default_cache_dir()))


def _catalog_and_frameworks(framework_ids: tuple[str, ...]):
    from compliance.cli import _load_catalog_or_exit, _load_frameworks_or_exit

    catalog = _load_catalog_or_exit()
    all_frameworks = _load_frameworks_or_exit(catalog)
    known = [f.id for f in all_frameworks]
    for framework_id in framework_ids:
        if framework_id not in known:
            raise click.BadParameter(f"no framework {framework_id!r}; known: {', '.join(known)}",
                                     param_hint="--framework")
    controls = None
    if framework_ids:
        used = set().union(*(f.control_ids for f in all_frameworks if f.id in framework_ids))
        controls = [c for c in catalog.controls if c.id in used]
    return catalog, all_frameworks, controls


_common = [
    click.option("--skip-path", "skip_paths", multiple=True, metavar="GLOB",
                 help="Skip files and folders matching GLOB, relative to the scan root."),
    click.option("--no-cache", is_flag=True, help="Neither read nor write the parse cache."),
    click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
                 envvar="COMPLIANCE_CACHE_DIR", help="Parse cache folder (env "
                                                     "COMPLIANCE_CACHE_DIR)."),
]


def _with_common(func):
    for option in reversed(_common):
        func = option(func)
    return func


@click.command("diff")
@click.argument("path", default=".", type=click.Path(exists=True, path_type=Path))
@click.option("--base", "base_ref", required=True, metavar="REF",
              help="The revision to compare with (a branch, tag or commit).")
@click.option("--head", "head_ref", metavar="REF",
              help="The revision to check (default: the working tree, as it is on disk).")
@click.option("--format", "output_format", type=click.Choice(_DIFF_FORMATS), default="text",
              show_default=True,
              help="Standard output (or -o): text summary, markdown (the PR comment), github "
                   "(workflow annotations for new findings), json, gitlab (code quality "
                   "report of the head's failing findings), sarif (the head scan).")
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
@click.option("--framework", "frameworks", multiple=True, metavar="ID",
              help="Only this framework's controls and coverage (repeatable; default: every "
                   "control, coverage of every framework).")
@click.option("--link-base", metavar="URL", default="",
              help="Link locations in the comment to URL/<file>#L<line>, e.g. "
                   "https://github.com/OWNER/REPO/blob/SHA")
@_with_common
@click.option("-q", "--quiet", is_flag=True, help="No notices on stderr.")
def diff(path, base_ref, head_ref, output_format, output, markdown_file, json_file, sarif_file,
         gitlab_file, fail_on_new, frameworks, link_base, skip_paths, no_cache, cache_dir, quiet):
    """Compare the findings of PATH (default: .) at --base with --head (default: the working
    tree): which failing findings are new, fixed or unchanged, and how each framework's
    coverage moves.

    PATH must be in a git repository. The base (and a --head ref) is read with `git archive`
    into a temporary folder; the checkout is not touched. Unchanged files are not parsed again
    (parse cache). Each side honours its own .compliance/waivers.yaml at PATH; the
    configuration file is not read.

    Exit status: 0 when no new finding fails at or above --fail-on-new, 1 when one does, 2 on
    a usage error (not a git repository, unknown ref).
    """
    from compliance.config.yaml_files import ConfigError
    from compliance.outputs import annotations, codequality, diff_report, pr_comment, sarif
    from compliance.pipeline.diff import GitError, run_diff
    from compliance.results.waivers import DEFAULT_WAIVERS_FILE, load_waivers

    framework_ids = tuple(dict.fromkeys(frameworks))
    catalog, all_frameworks, controls = _catalog_and_frameworks(framework_ids)

    def waivers_for(root: Path):
        file = root / DEFAULT_WAIVERS_FILE
        if not file.is_file():
            return ()
        try:
            return load_waivers(file, DEFAULT_WAIVERS_FILE, catalog.by_id,
                                message_name=DEFAULT_WAIVERS_FILE)
        except ConfigError as exc:
            for line in exc.lines():
                click.echo(f"error: {line}", err=True)
            sys.exit(EXIT_USAGE)

    try:
        result = run_diff(path, base_ref, head_ref, catalog, controls=controls,
                          options=_scan_options(skip_paths, no_cache, cache_dir),
                          frameworks=all_frameworks,
                          framework_ids=framework_ids or tuple(f.id for f in all_frameworks),
                          waivers_for=waivers_for)
    except GitError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    if not quiet:
        for error in result.head.result.errors:
            click.echo(f"notice: {error}", err=True)

    def render(fmt: str) -> str:
        if fmt == "markdown":
            return pr_comment.render(result, link_base=link_base)
        if fmt == "github":
            return annotations.render(result.new, result.repo_path)
        if fmt == "json":
            return diff_report.render_json(result)
        if fmt == "gitlab":
            from compliance.results.diff import failing

            return codequality.render(failing(result.head.result), result.repo_path)
        if fmt == "sarif":
            return sarif.render(result.head.result)
        return diff_report.render_text(result)

    for fmt, file in (("markdown", markdown_file), ("json", json_file), ("sarif", sarif_file),
                      ("gitlab", gitlab_file)):
        if file is not None:
            _write(file, render(fmt))
    _write(output, render(output_format))
    if fail_on_new != "none":
        threshold = severity_rank(fail_on_new)
        if any(severity_rank(f.severity) >= threshold for f in result.new):
            sys.exit(EXIT_FAILING)
    sys.exit(EXIT_OK)


@click.group("baseline")
def baseline() -> None:
    """Record today's failing findings so that `scan --baseline FILE` reports only new ones."""


@baseline.command("create")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The baseline file to write (JSON; commit it).")
@click.option("--framework", "frameworks", multiple=True, metavar="ID",
              help="Only the controls of this framework (repeatable).")
@_with_common
def create_baseline(paths, output, frameworks, skip_paths, no_cache, cache_dir):
    """Scan PATHS (default: .) and write every failing finding to a baseline file.

    A finding stays baselined when its block moves or the file is reformatted; renaming the
    resource or changing the offending value makes it new again.
    """
    from compliance.pipeline.scan import run_scan
    from compliance.results import baseline as baselines

    catalog, all_frameworks, controls = _catalog_and_frameworks(tuple(frameworks))
    result = run_scan(list(paths) or [Path(".")], catalog, controls=controls,
                      options=_scan_options(skip_paths, no_cache, cache_dir),
                      frameworks=all_frameworks)
    _write(output, baselines.render(result))
    count = sum(1 for f in result.findings if f.status.value == "fail")
    click.echo(f"baseline: {count} failing findings written to {output}", err=True)

"""The options every scanning command shares (`scan`, `evidence`, `diff`, `baseline create`),
read once into a `ScanRequest`.

A value comes from the command line (or its environment variable) when given there, else from
the configuration file (`.compliance.yaml` at the scan root, or `--config FILE`), else from the
option's default. The decorated command receives `request` in place of these options.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Callable

import click

from compliance.cli.common import fail_usage

# the shared options' parameter names, as click passes them
_REQUEST_PARAMS = ("skip_paths", "var_files", "cfn_parameters", "max_file_size", "no_cache",
                   "cache_dir",
                   "waivers_file", "config_file", "no_config", "frameworks", "controls_dirs",
                   "pulumi_run", "pulumi_timeout", "helm_values", "render_timeout",
                   "with_checkov", "checkov_bin",
                   "time_budget", "memory_budget", "workers", "checks", "skip_checks",
                   "download_modules")
CONFIG_META = "compliance.config"


def _parse_size(_ctx, _param, value: str) -> int:
    from compliance.config.project import parse_size

    try:
        return parse_size(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


_OPTIONS = [
    click.option("--skip-path", "skip_paths", multiple=True, metavar="GLOB",
                 help="Skip files and folders matching GLOB, relative to the scan root "
                      "(repeatable)."),
    click.option("--var-file", "var_files", multiple=True,
                 type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
                 help="Terraform variable file, applied after terraform.tfvars (repeatable)."),
    click.option("--cfn-parameters", "cfn_parameters", multiple=True,
                 type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
                 help="CloudFormation parameter values: the AWS CLI's JSON "
                      "([{\"ParameterKey\": ..., \"ParameterValue\": ...}]) or Key=Value lines; "
                      "they override the templates' defaults (repeatable, later files win)."),
    click.option("--max-file-size", default="5M", callback=_parse_size, show_default=True,
                 help="Skip (and report) files larger than this."),
    click.option("--no-cache", is_flag=True,
                 help="Parse every file again; neither read nor write the parse cache."),
    click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path),
                 envvar="COMPLIANCE_CACHE_DIR",
                 help="Parse cache folder (default: the user cache folder; env "
                      "COMPLIANCE_CACHE_DIR)."),
    click.option("--waivers", "waivers_file",
                 type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
                 help="Waivers file (default: .compliance/waivers.yaml at the scan root)."),
    click.option("--config", "config_file",
                 type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path),
                 help="Configuration file (default: .compliance.yaml at the scan root)."),
    click.option("--no-config", is_flag=True, help="Ignore the configuration file."),
    click.option("--framework", "frameworks", multiple=True, metavar="ID",
                 help="Run only the controls of this framework and report, requirement by "
                      "requirement, what they support (repeatable; see `compliance frameworks "
                      "list`)."),
    click.option("--check", "checks", multiple=True, metavar="ID|GLOB",
                 help="Run only the controls whose id matches (repeatable; `k8s-*`, "
                      "`aws-apigw-*`)."),
    click.option("--skip-check", "skip_checks", multiple=True, metavar="ID|GLOB",
                 help="Do not run the controls whose id matches (repeatable)."),
    click.option("--controls-dir", "controls_dirs", multiple=True,
                 type=click.Path(exists=True, file_okay=False, path_type=Path),
                 help="Also run your own controls: every <id>/control.yaml under DIR, in the "
                      "catalog's format (repeatable; see docs/writing-controls.md)."),
    click.option("--pulumi-run", is_flag=True,
                 help="Run Pulumi Python programs (Pulumi.yaml with runtime: python) offline "
                      "under the Pulumi SDK's mocks to read their resources. This RUNS THE "
                      "PROGRAMS' CODE (in a separate process, without cloud credentials, with "
                      "a time limit)."),
    click.option("--pulumi-timeout", type=click.FloatRange(min=0, min_open=True), default=120,
                 show_default=True, metavar="SECONDS",
                 help="Time limit for each program run by --pulumi-run."),
    click.option("--helm-values", "helm_values", multiple=True, metavar="FILE",
                 type=click.Path(dir_okay=False, path_type=Path),
                 help="Values file for `helm template` (repeatable, in order): one inside a "
                      "chart's folder is for that chart, one elsewhere for every chart."),
    click.option("--render-timeout", type=click.FloatRange(min=0, min_open=True), default=60,
                 show_default=True, metavar="SECONDS",
                 help="Time limit for rendering each Helm chart or Kustomize overlay."),
    click.option("--download-modules", is_flag=True,
                 help="Download the remote modules `terraform init` has not installed "
                      "(registry sources, with their version constraints and TF_TOKEN_<host> "
                      "tokens; git and HTTPS archive sources) into the cache folder, and scan "
                      "them. Each module has a time (120 s) and a size (100 MB) limit."),
    click.option("--with-checkov", is_flag=True,
                 help="Also run checkov (a separate program) on the same paths and map its "
                      "findings onto our controls and frameworks."),
    click.option("--checkov-bin", default="checkov", show_default=True, metavar="PATH",
                 help="The checkov program for --with-checkov."),
    # Bounds on what a scanned tree can cost the runner: set by whoever runs the scan (command
    # line or environment), never by the repository's configuration file.
    click.option("--time-budget", type=click.FloatRange(min=0), default=1800,
                 show_default=True, metavar="SECONDS", envvar="COMPLIANCE_TIME_BUDGET",
                 help="Stop a scan that runs longer than this and exit 3 (0: no limit; env "
                      "COMPLIANCE_TIME_BUDGET). Each file also has 60 s to parse."),
    click.option("--memory-budget", default="4G", callback=_parse_size, show_default=True,
                 metavar="SIZE", envvar="COMPLIANCE_MEMORY_BUDGET",
                 help="Address space the scan (and each of its worker processes) may use; past "
                      "it the scan stops and exits 3 (0: no limit; env "
                      "COMPLIANCE_MEMORY_BUDGET)."),
    click.option("--workers", type=click.IntRange(min=0), default=0, metavar="N",
                 envvar="COMPLIANCE_WORKERS",
                 help="Processes a scan may keep busy: parser workers and, on a cold scan, "
                      "helpers that resolve and evaluate (0, the default: one per processor; "
                      "1: everything in this process; env COMPLIANCE_WORKERS). Findings are "
                      "the same for any N."),
]


class ScanCommand(click.Command):
    """A command whose options may take their values from the configuration file."""

    def invoke(self, ctx: click.Context):
        _refuse_paths_not_utf8(_given_paths(ctx.params))
        _apply_config(ctx)
        return super().invoke(ctx)


def _refuse_paths_not_utf8(paths: list[Path]) -> None:
    """A scanned path whose full name is not UTF-8: every report, fingerprint and cache entry
    names the scan root as text, so it is refused up front (names of that kind inside the
    tree are reported as not read: parse/discover.py)."""
    from compliance.parse.discover import is_utf8_name, shown_name

    for path in paths:
        full = str(path.resolve())
        if not is_utf8_name(full):
            raise click.UsageError(f"{shown_name(full)}: the path is not valid UTF-8, which "
                                   "reports and caches can't name; rename the folder, or scan "
                                   "a copy whose path is")


def _given_paths(params: dict[str, Any]) -> list[Path]:
    if "paths" in params:
        return list(params["paths"]) or [Path(".")]
    return [params.get("path") or Path(".")]


def _apply_config(ctx: click.Context) -> None:
    """Take option values from the configuration file: `--config FILE` (named by whoever
    runs the scan), else `.compliance.yaml` at the scan root (part of the scanned repository:
    confined to it, see compliance.config.project). `diff` reads the latter from the base
    revision, so that a change can't loosen the scan that judges it."""
    from compliance.config.project import CONFIG_FILE, OPTION_OF_KEY, find_config, load_config
    from compliance.config.yaml_files import ConfigError
    from compliance.parse.discover import common_root

    params = ctx.params
    if params["config_file"] and params["no_config"]:
        raise click.UsageError("--config and --no-config exclude each other")
    if params["no_config"]:
        return
    root = common_root(_given_paths(params))
    options = {p.name: p for p in ctx.command.params}
    choices = {key: list(options[name].type.choices) for key, name in OPTION_OF_KEY.items()
               if name in options and isinstance(options[name].type, click.Choice)}
    try:
        if params["config_file"]:
            config = load_config(params["config_file"], choices)
        elif ctx.command.name == "diff":
            config = _base_config(root, params["base_ref"], choices)
            if config is None:
                return
        else:
            path = find_config(root)
            if path is None:
                return
            config = load_config(path, choices, confined_to=root, name=CONFIG_FILE)
    except ConfigError as exc:
        fail_usage(*exc.lines())
    params.update(config.resolve(ctx))
    ctx.meta[CONFIG_META] = config


def _base_config(root: Path, base_ref: str, choices):
    """`.compliance.yaml` at `root` as it is in the base revision (None when there is none),
    confined to the working tree's `root`."""
    import tempfile

    from compliance.config.project import CONFIG_FILE, load_config
    from compliance.pipeline.diff import GitError, git, repo_root

    try:
        top = repo_root(root)
        relative = (root.resolve() / CONFIG_FILE).relative_to(top).as_posix()
        text = git(top, "show", f"{base_ref}:{relative}", binary=True)
    except (GitError, ValueError):
        return None  # not a repository, unknown ref (reported later), or no file in the base
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / CONFIG_FILE
        copy.write_bytes(text)
        return load_config(copy, choices, confined_to=root, base_dir=root,
                           name=f"{CONFIG_FILE} (at {base_ref})")


def exit_if_from_config(key: str, message: str) -> None:
    """When the configuration file gave the value of `key`, exit 2 naming its file and line."""
    config = click.get_current_context().meta.get(CONFIG_META)
    if config is not None and key in config.applied:
        fail_usage(*config.error(key, f"{key}: {message}").lines())


def _request(params: dict[str, Any]):
    from compliance.parse.cache import default_cache_dir
    from compliance.pipeline.request import ScanRequest

    return ScanRequest(
        paths=tuple(_given_paths(params)),
        skip_patterns=tuple(params["skip_paths"]),
        var_files=tuple(params["var_files"]),
        cfn_parameters=tuple(params["cfn_parameters"]),
        max_file_size=params["max_file_size"],
        cache_dir=None if params["no_cache"] else (params["cache_dir"] or default_cache_dir()),
        waivers_file=params["waivers_file"],
        frameworks=tuple(dict.fromkeys(params["frameworks"])),
        controls_dirs=tuple(params["controls_dirs"]),
        pulumi_run=params["pulumi_run"],
        pulumi_timeout=params["pulumi_timeout"],
        helm_values=tuple(params["helm_values"]),
        render_timeout=params["render_timeout"],
        with_checkov=params["with_checkov"],
        checkov_bin=params["checkov_bin"],
        time_budget_s=params["time_budget"] or None,
        memory_budget=params["memory_budget"] or None,
        workers=params["workers"] or None,
        checks=tuple(params["checks"]),
        skip_checks=tuple(params["skip_checks"]),
        download_modules=params["download_modules"],
    )


def _compiled_catalog_in(cache_dir: Path) -> None:
    """The compiled catalog and the schema memo go with the other caches to --cache-dir (they
    were enabled in the user cache folder before the options were read): a CI job that keeps
    its cache folder between runs keeps them too, and compiling the catalog is most of a
    first run (about 2.5 s)."""
    from compliance.catalog import compiled, schema_memo

    compiled.enable(cache_dir)
    schema_memo.enable(cache_dir)


def scan_request_options(function: Callable) -> Callable:
    """Add the shared options to a command (declared with `cls=ScanCommand` and a `paths` or
    `path` argument); it receives them as one `request` keyword argument."""

    @functools.wraps(function)
    def wrapper(**kwargs):
        request = _request(kwargs)
        if kwargs["cache_dir"] and not kwargs["no_cache"]:
            _compiled_catalog_in(kwargs["cache_dir"])
        for name in _REQUEST_PARAMS:
            kwargs.pop(name)
        kwargs.pop("paths", None)
        kwargs.pop("path", None)
        return function(request=request, **kwargs)

    for option in reversed(_OPTIONS):
        wrapper = option(wrapper)
    return wrapper


def prepare_or_exit(request, catalog=None, frameworks=None):
    """`prepare(request)`, or exit 2 naming what is wrong (the configuration file's line when
    the file named an unknown framework)."""
    from compliance.pipeline.request import RequestError, prepare, unknown_framework

    if catalog is not None and frameworks is not None:
        problem = unknown_framework(request, frameworks)
        if problem:
            exit_if_from_config("frameworks", problem)
            raise click.BadParameter(problem, param_hint="--framework")
    try:
        return prepare(request, catalog, frameworks)
    except RequestError as exc:
        fail_usage(*exc.lines)

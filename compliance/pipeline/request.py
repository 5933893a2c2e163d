"""One scan request: what to scan and how, whichever command asked.

`scan`, `evidence`, `diff` and `baseline create` build the same `ScanRequest` (the CLI's shared
options, then the configuration file, then the defaults: compliance.cli.scan_options), so the
same tree with the same options gives the same findings in all four. `prepare` turns a request
into what a scan needs (the catalog, the frameworks, the controls they select, the waivers);
`run` scans.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Callable

from compliance.catalog.controls import CatalogError, load_catalog
from compliance.catalog.frameworks import load_frameworks
from compliance.config.yaml_files import ConfigError
from compliance.model import Catalog, Control, Framework, ScanResult, WaiverEntry
from compliance.parse.discover import DEFAULT_MAX_FILE_SIZE, common_root
from compliance.parse.render import RenderOptions
from compliance.pipeline.scan import ScanOptions, run_scan
from compliance.results.waivers import DEFAULT_WAIVERS_FILE, load_waivers


class RequestError(Exception):
    """The request can't be served: a broken catalog, framework or waivers file, an unknown
    framework. `lines` are what to tell the user (each names the file and line where known)."""

    def __init__(self, lines: list[str]):
        super().__init__("; ".join(lines))
        self.lines = lines


@dataclass(frozen=True)
class ScanRequest:
    """What a scan is asked to do, as the command line and the configuration say it."""

    paths: tuple[Path, ...] = (Path("."),)
    skip_patterns: tuple[str, ...] = ()
    var_files: tuple[Path, ...] = ()  # Terraform variables, after terraform.tfvars
    cfn_parameters: tuple[Path, ...] = ()  # CloudFormation parameter values
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    cache_dir: Path | None = None  # None: no parse cache
    waivers_file: Path | None = None  # None: .compliance/waivers.yaml at the scan root, if any
    frameworks: tuple[str, ...] = ()  # ids; empty: every control, no requirement statuses
    controls_dirs: tuple[Path, ...] = ()  # users' own controls, beside the catalog
    # run Pulumi Python programs under the SDK's mocks (runs their code: only when asked)
    pulumi_run: bool = False
    pulumi_timeout: float = 120.0
    # Helm charts and Kustomize overlays: values files (in order), each rendering's time limit
    helm_values: tuple[Path, ...] = ()
    render_timeout: float = 60.0
    with_checkov: bool = False
    checkov_bin: str = "checkov"
    today: date | None = None  # when waivers expire; default: the scan's UTC date
    workers: int | None = None
    # what a scanned tree may cost (None: unbounded); only the person running the scan sets
    # these, never the repository's configuration file
    time_budget_s: float | None = None
    memory_budget: int | None = None
    # control ids or globs: run only these (empty: all) / not these
    checks: tuple[str, ...] = ()
    skip_checks: tuple[str, ...] = ()
    # fetch remote modules terraform init has not installed (reaches their registries and
    # git hosts; the packages are parsed, never run)
    download_modules: bool = False

    @property
    def root(self) -> Path:
        return common_root(list(self.paths))


@dataclass
class Prepared:
    """A request with what it needs loaded and checked."""

    request: ScanRequest
    catalog: Catalog
    frameworks: list[Framework]  # every framework file (findings name their requirements)
    controls: list[Control]  # the controls to run: those of the chosen frameworks, or all
    waivers: tuple[WaiverEntry, ...] = field(default_factory=tuple)

    def options(self, waivers: tuple[WaiverEntry, ...] | None = None) -> ScanOptions:
        request = self.request
        return ScanOptions(skip_patterns=request.skip_patterns, var_files=request.var_files,
                           cfn_parameters=request.cfn_parameters,
                           max_file_size=request.max_file_size, cache_dir=request.cache_dir,
                           workers=request.workers,
                           waivers=self.waivers if waivers is None else waivers,
                           today=request.today, pulumi_run=request.pulumi_run,
                           pulumi_timeout=request.pulumi_timeout,
                           render=RenderOptions(request.helm_values, request.render_timeout),
                           time_budget_s=request.time_budget_s,
                           memory_budget=request.memory_budget,
                           download_modules=request.download_modules)


def load_inputs(controls_dirs: tuple[Path, ...] = ()) -> tuple[Catalog, list[Framework]]:
    """The catalog (with the users' controls under `controls_dirs`) and the framework files;
    RequestError when any is broken."""
    try:
        catalog = load_catalog(extra_dirs=controls_dirs)
    except CatalogError as exc:
        raise RequestError([f"control catalog: {exc}"]) from None
    try:
        return catalog, load_frameworks(catalog=catalog)
    except CatalogError as exc:
        raise RequestError([f"framework files: {exc}"]) from None


def unknown_framework(request: ScanRequest, frameworks: list[Framework]) -> str | None:
    """The message for the first framework id no file defines, or None."""
    known = [f.id for f in frameworks]
    for framework_id in request.frameworks:
        if framework_id not in known:
            return f"no framework {framework_id!r}; known: {', '.join(known)}"
    return None


def selected_controls(catalog: Catalog, frameworks: list[Framework],
                      framework_ids: tuple[str, ...], checks: tuple[str, ...] = (),
                      skip_checks: tuple[str, ...] = ()) -> list[Control]:
    controls = list(catalog.controls)
    if framework_ids:
        used = set().union(*(f.control_ids for f in frameworks if f.id in framework_ids))
        controls = [c for c in controls if c.id in used]
    if checks:
        controls = [c for c in controls if any(fnmatchcase(c.id, p) for p in checks)]
    return [c for c in controls if not any(fnmatchcase(c.id, p) for p in skip_checks)]


def unmatched_checks(request: ScanRequest, catalog: Catalog) -> str | None:
    """A --check or --skip-check that names no control is a mistake (a typo would otherwise
    run nothing, or skip nothing, silently)."""
    for pattern in (*request.checks, *request.skip_checks):
        if not any(fnmatchcase(c.id, pattern) for c in catalog.controls):
            return f"no control matches {pattern!r} (see `compliance controls list`)"
    if (request.checks or request.skip_checks) and not selected_controls(
            catalog, [], (), request.checks, request.skip_checks):
        return "--check and --skip-check leave no control to run"
    return None


def waivers_file_for(request: ScanRequest, root: Path) -> Path | None:
    """The waivers file of a scan rooted at `root`: --waivers, else the default at the root."""
    if request.waivers_file is not None:
        return request.waivers_file
    default = root / DEFAULT_WAIVERS_FILE
    return default if default.is_file() else None


def read_waivers(path: Path | None, root: Path, catalog: Catalog) -> tuple[WaiverEntry, ...]:
    """The entries of a waivers file, named relative to `root` in reports; RequestError when it
    is broken."""
    if path is None:
        return ()
    try:
        report_name = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        report_name = str(path)
    try:
        return tuple(load_waivers(path, report_name, catalog.by_id))
    except ConfigError as exc:
        raise RequestError(exc.lines()) from None


def prepare(request: ScanRequest, catalog: Catalog | None = None,
            frameworks: list[Framework] | None = None) -> Prepared:
    """Load (or take) the catalog and frameworks, choose the controls and read the waivers."""
    if catalog is None or frameworks is None:
        catalog, frameworks = load_inputs(request.controls_dirs)
    problem = unknown_framework(request, frameworks) or unmatched_checks(request, catalog)
    if problem:
        raise RequestError([problem])
    if request.with_checkov:
        from compliance.pipeline import checkov

        problem = checkov.missing(request.checkov_bin)
        if problem:
            raise RequestError([problem])
    root = request.root
    return Prepared(request, catalog, frameworks,
                    selected_controls(catalog, frameworks, request.frameworks, request.checks,
                                      request.skip_checks),
                    read_waivers(waivers_file_for(request, root), root, catalog))


def run(prepared: Prepared, progress: Callable[[int, int], None] = lambda done, total: None,
        counts_only: bool = False) -> ScanResult:
    """Scan what the request names, and merge checkov's findings when it asks for them.
    `counts_only`: the caller reads no resource or file content of the result, only findings,
    errors and counts, so a scan with nothing changed may be replayed (ScanOptions.memo)."""
    from compliance.parse.gitinfo import started_git_info

    request = prepared.request
    revision = started_git_info(request.root, check_dirty=False)  # answered meanwhile
    options = replace(prepared.options(), memo=counts_only and not request.with_checkov)
    result = run_scan(list(request.paths), prepared.catalog, controls=prepared.controls,
                      options=options, progress=progress,
                      frameworks=prepared.frameworks, framework_ids=request.frameworks)
    result.revision = revision()
    if request.with_checkov:
        from compliance.pipeline import checkov

        try:
            result = checkov.apply(result, checkov.run(list(request.paths), request.checkov_bin),
                                   prepared.frameworks, request.frameworks)
        except checkov.CheckovError as exc:
            result.errors.append(checkov.error_entry(exc))
    return result


def rerooted(request: ScanRequest, repository: Path, tree: Path) -> ScanRequest:
    """The request for a copy of `repository` at `tree` (one side of a diff): files it names
    inside the repository (variable files, the waivers file) are that side's own versions;
    files outside it stay as they are."""
    def moved(path: Path) -> Path:
        inside = _in_repository(path, repository)
        own = tree / inside if inside is not None else None
        # new in this change: the same file on both sides
        return own if own is not None and own.is_file() else path

    return replace(request, var_files=tuple(moved(p) for p in request.var_files),
                   waivers_file=moved(request.waivers_file) if request.waivers_file else None)


def side_files(request: ScanRequest, repository: Path, folder: str) -> list[str]:
    """What a side of a diff reads of its own tree before its scan, repository-relative: the
    files `rerooted` takes from the side's tree, and the default waivers file of `folder` (the
    scanned folder, repository-relative) that `waivers_file_for` looks for."""
    names = [(Path(folder) / DEFAULT_WAIVERS_FILE).as_posix()]
    for path in (*request.var_files, request.waivers_file):
        inside = _in_repository(path, repository) if path is not None else None
        if inside is not None:
            names.append(inside.as_posix())
    return names


def _in_repository(path: Path, repository: Path) -> Path | None:
    """`path` relative to `repository`; None when it is outside (the same file for both sides
    of a diff)."""
    try:
        return path.resolve().relative_to(repository.resolve())
    except ValueError:
        return None

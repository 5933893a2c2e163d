"""One scan, from paths to findings: discover, parse (cached, parallel), build, evaluate."""

from __future__ import annotations

import gc
import time
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

from compliance.catalog.frameworks import default_frameworks
from compliance.evaluate.checks import CHECKS
from compliance.evaluate.run import ScanContext, run_controls
from compliance.model import (
    Catalog,
    Control,
    Framework,
    Location,
    Resource,
    ScanError,
    ScanResult,
    SourceFile,
    WaiverEntry,
    requirements_by_control,
    resource_from_json,
)
from compliance.parse import budget
from compliance.parse.batch import FILE_TIME_BUDGET_S, parse_many
from compliance.parse.cache import ParseCache
from compliance.parse.discover import (
    CLOUDFORMATION,
    PULUMI_PROGRAM,
    TERRAFORM,
    TERRAFORM_VARS,
    discover,
    pulumi_runtime,
)
from compliance.resolve.embedded.apim import embed_apim_policies
from compliance.resolve.embedded.openapi import embed_openapi
from compliance.resolve.embedded.policies import embed_policies
from compliance.resolve.terraform.origins import TextOrigins
from compliance.resolve.views import apply_views
from compliance.results.frameworks import evaluate_frameworks
from compliance.results.suppressions import collect as collect_suppressions
from compliance.results.waivers import apply_waivers


@dataclass
class ScanOptions:
    skip_patterns: tuple[str, ...] = ()
    var_files: tuple[Path, ...] = ()
    cfn_parameters: tuple[Path, ...] = ()  # CloudFormation parameter values, later files win
    max_file_size: int = 5 * 1024 * 1024
    cache_dir: Path | None = None  # None: no cache
    workers: int | None = None
    waivers: tuple[WaiverEntry, ...] = ()  # from the waivers file, already checked
    today: date | None = None  # when waivers expire; default: the scan's UTC date
    # run Pulumi Python programs under the SDK's mocks (runs their code: only when asked)
    pulumi_run: bool = False
    pulumi_timeout: float = 120.0  # seconds, per program
    # bounds on the work a scanned tree can cause (None: no bound): the whole scan's wall
    # time and address space, and each file's parsing time (compliance.parse.budget)
    time_budget_s: float | None = None
    memory_budget: int | None = None
    file_time_budget_s: float | None = FILE_TIME_BUDGET_S


class ScanOverBudget(Exception):
    """The scan ran out of its time or memory budget: there is no complete result to report."""


def _parse_all(files: list[SourceFile], cache: ParseCache, workers: int | None,
               progress: Callable[[int, int], None],
               file_seconds: float | None) -> dict[str, dict[str, Any]]:
    """Parse results by relpath; each distinct content is parsed once."""
    parsed = parse_many((((s.kind, s.digest), s.data) for s in files), cache, workers, progress,
                        file_seconds)
    return {source.relpath: parsed[(source.kind, source.digest)] for source in files}


def _build_resources(files: list[SourceFile], parsed: dict[str, dict[str, Any]], root: Path,
                     var_files: list[tuple[str, dict[str, Any]]],
                     origins: Any = None, cfn_parameters: dict[str, Any] | None = None
                     ) -> tuple[list[Resource], list[ScanError]]:
    resources: list[Resource] = []
    errors: list[ScanError] = []
    terraform_files = []
    templates = []
    for source in files:
        result = parsed[source.relpath]
        errors += [ScanError(source.relpath, e.get("line"), e["message"], e.get("unread", True))
                   for e in result["errors"]]
        if source.kind in (TERRAFORM, TERRAFORM_VARS):
            terraform_files.append((source.relpath, result))
            continue
        if source.kind == CLOUDFORMATION:
            templates.append((source.relpath, result))
            continue
        for data in result["resources"]:
            resource = resource_from_json(data)
            resources.append(replace(resource, scope=source.relpath, location=Location(
                source.relpath, resource.location.start_line, resource.location.end_line)))
    if terraform_files or var_files:
        from compliance.resolve.terraform import build_resources

        built, build_errors = build_resources(terraform_files, root, var_files, origins)
        resources += built
        errors += build_errors
    if templates:
        from compliance.resolve.cloudformation import build_resources as build_templates

        built, build_errors = build_templates(templates, root, cfn_parameters, origins)
        resources += built
        errors += build_errors
    return resources, errors


def _read_cfn_parameters(paths: tuple[Path, ...]) -> tuple[dict[str, Any], list[ScanError]]:
    from compliance.resolve.cloudformation.parameters import ParametersError, read_parameters

    values: dict[str, Any] = {}
    errors = []
    for path in paths:
        try:
            values.update(read_parameters(path.read_text("utf-8")))
        except ParametersError as problem:
            errors.append(ScanError(str(path), problem.line, f"CloudFormation parameters not "
                                                             f"read: {problem}"))
        except (OSError, UnicodeDecodeError) as problem:
            errors.append(ScanError(str(path), None, f"CloudFormation parameters not read: "
                                                     f"{problem}"))
    return values, errors


def _programs_not_run(programs: list[SourceFile], pulumi_run: bool) -> list[ScanError]:
    """Pulumi programs whose resources this scan does not read: their resources exist only
    when the program runs."""
    errors = []
    for program in programs:
        runtime = pulumi_runtime(program.data)
        if runtime == "python" and pulumi_run:
            continue  # run below
        how = ("run it with --pulumi-run" if runtime == "python" else
               f"compliance does not run {runtime} programs")
        errors.append(ScanError(program.relpath, None, f"a Pulumi {runtime} program: its "
                                f"resources are not read ({how}; or scan its `pulumi preview "
                                "--json` or `pulumi stack export`)"))
    return errors


def _read_var_files(paths: tuple[Path, ...]) -> list[tuple[str, dict[str, Any]]]:
    from compliance.parse.terraform_hcl import parse_vars

    loaded = []
    for path in paths:
        text = path.read_text("utf-8")  # the CLI has checked that it exists and is readable
        loaded.append((str(path), parse_vars(text)))
    return loaded


@contextmanager
def _rare_full_collections() -> Iterator[None]:
    """A scan builds hundreds of thousands of small, long-lived objects that are freed by
    reference counting, not by the cyclic collector; its full passes over them cost a third of
    a warm scan and find almost nothing. During the scan the young generations are still
    collected, the full pass is left for afterwards."""
    young, middle, full = gc.get_threshold()
    gc.set_threshold(young, middle, max(full, 10_000))
    try:
        yield
    finally:
        gc.set_threshold(young, middle, full)


def run_scan(paths: list[Path], catalog: Catalog, controls: list[Control] | None = None,
             options: ScanOptions | None = None,
             progress: Callable[[int, int], None] = lambda done, total: None,
             frameworks: list[Framework] | None = None,
             framework_ids: tuple[str, ...] = ()) -> ScanResult:
    """Scan `paths` with `controls` (default: the whole catalog). `frameworks` (default: the
    shipped framework files) map findings to requirements; those named in `framework_ids` are
    evaluated requirement by requirement."""
    options = options or ScanOptions()
    with _rare_full_collections(), budget.memory_limit(options.memory_budget):
        try:
            with budget.time_limit(options.time_budget_s) as mine:
                return _scan(paths, catalog, controls, options, progress, frameworks,
                             framework_ids)
        except budget.OverBudget as over:
            if over.limit is not mine:
                raise
            raise ScanOverBudget(f"the scan ran over its time budget of "
                                 f"{options.time_budget_s:g} s (--time-budget)") from None
        except MemoryError:
            limit = (f"its memory budget of {options.memory_budget:,} bytes (--memory-budget)"
                     if options.memory_budget else "memory")
            raise ScanOverBudget(f"the scan ran out of {limit}") from None


def _scan(paths: list[Path], catalog: Catalog, controls: list[Control] | None,
          options: ScanOptions, progress: Callable[[int, int], None],
          frameworks: list[Framework] | None, framework_ids: tuple[str, ...]) -> ScanResult:
    started_at = datetime.now(timezone.utc)
    clock = time.perf_counter()
    discovery = discover(paths, options.skip_patterns, options.max_file_size)
    programs = [f for f in discovery.files if f.kind == PULUMI_PROGRAM]
    discovery.files = [f for f in discovery.files if f.kind != PULUMI_PROGRAM]
    cache = ParseCache(options.cache_dir)
    parsed = _parse_all(discovery.files, cache, options.workers, progress,
                        options.file_time_budget_s)
    var_files = _read_var_files(options.var_files)
    errors = list(discovery.errors) + _programs_not_run(programs, options.pulumi_run)
    for name, result in var_files:
        errors += [ScanError(name, e.get("line"), e["message"]) for e in result["errors"]]
    origins = TextOrigins()  # where file()/templatefile() texts came from
    cfn_parameters, parameter_errors = _read_cfn_parameters(options.cfn_parameters)
    errors += parameter_errors
    resources, build_errors = _build_resources(discovery.files, parsed, discovery.root, var_files,
                                               origins, cfn_parameters)
    errors += build_errors
    if options.pulumi_run:
        from compliance.parse.pulumi.run import find_programs, run_program

        for project_file in find_programs(paths, discovery.root, options.skip_patterns):
            run_resources, run_errors = run_program(project_file, discovery.root,
                                                    options.pulumi_timeout)
            resources += run_resources
            errors += run_errors
    # OpenAPI documents inside Terraform resources (aws_api_gateway_rest_api.body, ...)
    resources, errors = embed_openapi(resources, errors, discovery.root, origins, cache,
                                      options.workers)
    # API Management policy XML inside Terraform resources (xml_content)
    resources = embed_apim_policies(resources, discovery.root, cache, options.workers)
    # IAM and resource-policy JSON (policy, inline_policy, x-amazon-apigateway-policy)
    resources = embed_policies(resources, discovery.root, cache, options.workers)
    resources, view_errors = apply_views(resources)  # each platform's effective view
    errors += view_errors
    if not discovery.files and not resources and not any(e.unread for e in errors):
        # a scan that read nothing must say so, not look clean (a wrong path, every file
        # skipped, no input of a kind compliance reads)
        errors.append(ScanError(".", None, "nothing was read: no file under the scanned folder "
                                           "is an input compliance reads (or every one was "
                                           "skipped)"))
    errors = list(dict.fromkeys(errors))  # a file's error may be seen by two stages
    selected = controls if controls is not None else catalog.controls
    context = ScanContext(resources, CHECKS)
    findings = run_controls(selected, context)
    errors += context.errors
    findings.sort(key=lambda f: (f.resource.location.file, f.resource.location.start_line,
                                 f.control, f.evidence.attribute))
    # waivers: inline suppressions in the files already in memory, then the waivers file
    suppressions = collect_suppressions(discovery.files, resources)
    known = catalog.by_id if catalog is not None else [c.id for c in selected]
    findings, waivers = apply_waivers(findings, suppressions, list(options.waivers), known,
                                      options.today or started_at.date(),
                                      evaluated=[c.id for c in selected])
    if frameworks is None:
        frameworks = default_frameworks()
    return ScanResult(
        root=discovery.root,
        started_at=started_at,
        duration_s=time.perf_counter() - clock,
        files_scanned=len(discovery.files),
        resources=resources,
        findings=findings,
        errors=errors,
        controls=selected,
        waivers=waivers,
        frameworks=evaluate_frameworks(frameworks, framework_ids, findings, selected),
        requirements=requirements_by_control(frameworks),
        sources=discovery.files,
    )

"""One scan, from paths to findings: discover, parse (cached, parallel), build, evaluate."""

from __future__ import annotations

import gc
import posixpath
import time
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ContextManager

from compliance.catalog.frameworks import default_frameworks
from compliance.model import (
    Catalog,
    Control,
    Finding,
    Framework,
    Location,
    Resource,
    ScanError,
    ScanResult,
    SourceFile,
    WaiverEntry,
    is_unreadable,
    requirements_by_control,
    resource_from_json,
    unscanned_text,
)
from compliance.parse import budget
from compliance.parse.batch import FILE_TIME_BUDGET_S, ParseBatch, parse_many, text_key
from compliance.parse.cache import ParseCache
from compliance.parse.cache_pruning import prune_when_due
from compliance.parse.discover import (
    CLOUDFORMATION,
    DEFAULT_MAX_FILE_SIZE,
    KUBERNETES,
    PULUMI_PROGRAM,
    TERRAFORM,
    TERRAFORM_JSON,
    TERRAFORM_VARS,
    Discovery,
    discover,
    pulumi_runtime,
)
from compliance.parse.render import RENDERED_FROM, RenderOptions, render_inputs
from compliance.processes.collector import collector_off
from compliance.processes.forked import (
    background_pending,
    helper_count,
    in_background,
    wait_for_background,
)
from compliance.resolve.terraform.origins import TextOrigins
from compliance.resolve.terraform.resolved_cache import Origins
from compliance.resolve.views import apply_views
from compliance.results.frameworks import evaluate_frameworks

if TYPE_CHECKING:
    from compliance.parse.installed_modules import InstalledModules


@dataclass
class ScanOptions:
    skip_patterns: tuple[str, ...] = ()
    var_files: tuple[Path, ...] = ()
    cfn_parameters: tuple[Path, ...] = ()  # CloudFormation parameter values, later files win
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    cache_dir: Path | None = None  # None: no cache
    workers: int | None = None
    waivers: tuple[WaiverEntry, ...] = ()  # from the waivers file, already checked
    today: date | None = None  # when waivers expire; default: the scan's UTC date
    # run Pulumi Python programs under the SDK's mocks (runs their code: only when asked)
    pulumi_run: bool = False
    pulumi_timeout: float = 120.0  # seconds, per program
    # Helm charts and Kustomize overlays: values files, and each rendering's time limit
    render: RenderOptions = RenderOptions()
    # bounds on the work a scanned tree can cause (None: no bound): the whole scan's wall
    # time and address space, and each file's parsing time (compliance.parse.budget)
    time_budget_s: float | None = None
    memory_budget: int | None = None
    file_time_budget_s: float | None = FILE_TIME_BUDGET_S
    # fetch remote modules terraform init has not installed (compliance.pipeline.modules):
    # into cache_dir/modules (a scratch folder without a cache), each package within a time
    # and a size limit
    download_modules: bool = False
    # where `terraform init`'s .terraform/modules are looked for (None: the scanned folder); a
    # diff's base, read from git where .terraform/ never is, uses the working tree's
    installed_modules_root: Path | None = None
    download_timeout_s: float = 120.0
    download_max_bytes: int = 100 * 1024 * 1024
    # with cache_dir: replay the whole scan when nothing it read has changed
    # (pipeline/scan_memo.py). Such a result counts its resources and files but does not hold
    # them: only for a caller that reports findings, errors and counts (not excerpts).
    memo: bool = False
    # (folder, name): a folder among the scanned ones whose content is fixed (a commit's tree,
    # extracted): the memo names it by `name`, and does not sign the files in it
    memo_tree: tuple[Path, str] | None = None
    # with memo: whether a scan the memo does not answer is stored for the next one (not a
    # diff's working tree, which the next diff finds changed: pipeline/diff.py)
    memo_store: bool = True


class ScanOverBudget(Exception):
    """The scan ran out of its time or memory budget: there is no complete result to report."""


def _parse_all(files: list[SourceFile], cache: ParseCache, workers: int | None,
               progress: Callable[[int, int], None],
               file_seconds: float | None) -> dict[str, dict[str, Any]]:
    """Parse results by relpath; each distinct content is parsed once."""
    parsed = parse_many((((s.kind, s.digest), s.data) for s in files), cache, workers, progress,
                        file_seconds)
    return {source.relpath: parsed[(source.kind, source.digest)] for source in files}


def _discover_and_parse(paths: list[Path], options: ScanOptions, cache: ParseCache,
                        progress: Callable[[int, int], None],
                        ) -> tuple[Discovery, InstalledModules, dict[str, dict[str, Any]],
                                   tuple[Callable[[], None] | None,
                                         list[tuple[str, str, bytes]]]]:
    """The files under `paths` (and the remote modules installed beside them), the parse
    results of all but the Pulumi programs (run, never parsed) by relpath, and the parse
    cache entries the workers left to write: what tells the helper that took them to write
    them, or (None and) the entries (`ParseBatch`, `_parse_entries_writer`). Each file is
    handed to the parsers as it is found: on a cold scan the workers parse while the rest of
    the tree is read."""
    # (with --download-modules, parsing goes on after the build: the entries are left to a
    # helper forked when they are written, `_parse_entries_writer`)
    helpers = 0 if options.download_modules else helper_count(options.workers)
    with ParseBatch(cache, options.workers, options.file_time_budget_s,
                    leave_writes=True, helpers=helpers) as batch:
        def parse_when_found(source: SourceFile) -> None:
            if source.kind != PULUMI_PROGRAM:
                batch.add((source.kind, source.digest), source.data)

        discovery = discover(paths, options.skip_patterns, options.max_file_size,
                             _own_dirs(options), parse_when_found, noted=RENDERED_FROM)
        installed = _installed_modules(discovery, options)
        for source in installed.files:
            parse_when_found(source)
        parsed = batch.parsed(progress)
    return discovery, installed, {source.relpath: parsed[(source.kind, source.digest)]
                                  for source in discovery.files
                                  if source.kind != PULUMI_PROGRAM}, \
        (batch.entries_writer(), batch.unwritten)


def _parse_entries_writer(cache: ParseCache, entries: list[tuple[str, str, bytes]],
                          helpers: int, in_background_when_called: bool
                          ) -> Callable[[], None]:
    """What writes the parse cache's entries the workers left (`ParseBatch`) and no helper
    took while they were made (`ParseBatch.entries_writer`), once called: a helper forked
    then, with `in_background_when_called` (--download-modules: the build may wait on the
    network and build again, and a helper forked before would keep a copy of every page this
    process changes meanwhile); else, and when no helper can be had, this process."""
    def write() -> None:
        _write_all(cache, entries)

    if not entries:
        return lambda: None
    if in_background_when_called:
        return lambda: None if in_background(write, helpers) else write()
    return write


def _write_all(cache: ParseCache, entries: list[tuple[str, str, bytes]]) -> None:
    for kind, digest, text in entries:
        cache.put_text(kind, digest, text)


def _build_resources(files: list[SourceFile], parsed: dict[str, dict[str, Any]], root: Path,
                     var_files: list[tuple[str, dict[str, Any]]],
                     origins: Any = None, installed: Any = None, downloaded: Any = None,
                     missing: set[tuple[str, ...]] | None = None,
                     downloads_on_disk: dict[str, Path] | None = None,
                     cfn_parameters: dict[str, Any] | None = None,
                     cache: ParseCache | None = None,
                     origins_of_resolved: Origins | None = None,
                     helpers: int = 0,
                     ) -> tuple[list[Resource], list[ScanError]]:
    errors: list[ScanError] = []
    terraform_files = []
    templates = []
    others = []  # files whose resources are their own, their parser's
    for source in files:
        result = parsed[source.relpath]
        errors += [ScanError(source.relpath, e.get("line"), e["message"], e.get("unread", True))
                   for e in result["errors"]]
        if source.kind in (TERRAFORM, TERRAFORM_VARS, TERRAFORM_JSON):
            terraform_files.append((source.relpath, result))
        elif source.kind == CLOUDFORMATION:
            templates.append((source.relpath, result))
        else:
            others.append((source.relpath, result["resources"]))
    # The other files' resources and CloudFormation are built while the Terraform helpers
    # resolve (they take the root modules this process does not reach meanwhile), in the
    # order they had when built before: the other files' resources first, the templates' last,
    # their text origins noted after Terraform's (the first origin of a text is the one kept)
    file_resources: list[Resource] | None = None  # made once, by whichever call comes first
    templates_built: tuple[list[Resource], list[ScanError], Any] | None = None

    def build_the_others() -> None:
        nonlocal file_resources, templates_built
        if file_resources is None:
            file_resources = _file_resources(others)
            _import_later_stages({(r.platform, r.type) for r in file_resources})
            if templates:
                templates_built = _build_templates(templates, root, cfn_parameters, origins)

    terraform_resources: list[Resource] = []
    if terraform_files or var_files:
        from compliance.resolve.terraform import build_resources
        from compliance.resolve.terraform.resolved_cache import ResolvedCache

        digests = {source.relpath: source.digest for source in files}
        terraform_resources, build_errors = build_resources(
            terraform_files, root, var_files, origins, installed, downloaded, missing,
            downloads_on_disk, digests,
            ResolvedCache.beside(cache, origins_of_resolved) if cache else None, helpers,
            meanwhile=build_the_others, contents=_contents(files))
        errors += build_errors
    build_the_others()  # (when there was no build to call it)
    resources = (file_resources or []) + terraform_resources
    if templates_built is not None:
        built, build_errors, template_origins = templates_built
        resources += built
        errors += build_errors
        if origins is not None:
            origins.take(template_origins)
    return resources, errors


def _import_later_stages(kinds: set[tuple[str, str]]) -> None:
    """Import what the stages after the build use (embedded documents, the views these kinds
    of resources need, evaluation, waivers) while the build's helpers resolve: after the
    build, the scan waits on this process alone."""
    import compliance.evaluate.checks  # noqa: F401
    import compliance.evaluate.remembered  # noqa: F401
    import compliance.evaluate.run  # noqa: F401
    import compliance.resolve.embedded.deferred  # noqa: F401
    import compliance.resolve.embedded.policies  # noqa: F401
    import compliance.results.suppressions  # noqa: F401
    import compliance.results.waivers  # noqa: F401
    from compliance.resolve.views import import_views_for

    import_views_for(kinds)


def _file_resources(files: list[tuple[str, list[dict[str, Any]]]]) -> list[Resource]:
    """The resources of files read alone (each its own scope), placed in them."""
    return [replace(resource, scope=relpath, location=Location(
                relpath, resource.location.start_line, resource.location.end_line))
            for relpath, found in files for resource in map(resource_from_json, found)]


def _build_templates(templates: list[tuple[str, dict[str, Any]]], root: Path,
                     cfn_parameters: dict[str, Any] | None, origins: Any,
                     ) -> tuple[list[Resource], list[ScanError], Any]:
    """The CloudFormation templates' resources and problems, and the text origins they noted
    (apart, for the caller to add after Terraform's)."""
    from compliance.resolve.cloudformation import build_resources as build_templates
    from compliance.resolve.terraform.origins import TextOrigins

    noted = TextOrigins() if origins is not None else None
    try:
        built, build_errors = build_templates(templates, root, cfn_parameters, noted)
    except Exception as exc:  # noqa: BLE001 - a defect of ours: the other inputs still count
        built, build_errors = [], [
            ScanError(relpath, None, "the template could not be evaluated (an internal "
                      f"error, {type(exc).__name__}: {exc}); please report it", unread=True)
            for relpath, _ in templates]
    return built, build_errors, noted


# how many times remote modules are fetched and the configuration built again (a downloaded
# module may call further remote modules): deeper nesting is left as a notice
MAX_DOWNLOAD_ROUNDS = 8


def _build_with_downloads(discovery: Discovery, parsed: dict[str, dict[str, Any]],
                          cache: ParseCache, var_files: list[tuple[str, dict[str, Any]]],
                          installed: InstalledModules, options: ScanOptions,
                          cfn_parameters: dict[str, Any] | None = None,
                          origins_of_resolved: Origins | None = None,
                          ) -> tuple[list[Resource], list[ScanError], TextOrigins]:
    """Build the resources; with --download-modules, fetch what the module calls reached and
    nothing installed, add their files, and build again until nothing more is reached."""
    if not options.download_modules:
        origins = TextOrigins()  # where file()/templatefile() texts came from
        resources, errors = _build_resources(discovery.files, parsed, discovery.root,
                                             var_files, origins, installed.by_root,
                                             cfn_parameters=cfn_parameters, cache=cache,
                                             origins_of_resolved=origins_of_resolved,
                                             helpers=helper_count(options.workers))
        return resources, errors, origins
    import tempfile

    from compliance.pipeline.modules import Limits, ModuleDownloader

    with tempfile.TemporaryDirectory(prefix="compliance-modules-") as scratch:
        downloader = ModuleDownloader(options.cache_dir or Path(scratch),
                                      Limits(options.download_timeout_s,
                                             options.download_max_bytes))
        downloaded: dict[tuple[str, str], Any] = {}
        tried: set[tuple[str, ...]] = set()
        read_errors: list[ScanError] = []
        for _round in range(MAX_DOWNLOAD_ROUNDS):
            origins = TextOrigins()
            missing: set[tuple[str, ...]] = set()
            resources, errors = _build_resources(discovery.files, parsed, discovery.root,
                                                 var_files, origins, installed.by_root,
                                                 downloaded, missing, downloader.on_disk(),
                                                 cfn_parameters, cache, origins_of_resolved,
                                                 helper_count(options.workers))
            fresh = missing - tried
            if not fresh:
                break
            tried |= fresh
            new: list[SourceFile] = []
            for entry in sorted(fresh):
                if entry[0] == "remote":
                    got = downloaded[entry[1:]] = downloader.get(*entry[1:])
                    folder = got.directory
                else:
                    folder = entry[1]
                if folder:
                    files, problems = downloader.files(folder, options.max_file_size)
                    new += files
                    read_errors += problems
            known = {f.relpath for f in discovery.files}
            new = [f for f in new if f.relpath not in known]
            parsed.update(_parse_all(new, cache, options.workers, lambda done, total: None,
                                     options.file_time_budget_s))
            discovery.files = sorted(discovery.files + new, key=lambda f: f.relpath)
        return resources, errors + read_errors, origins


def _installed_modules(discovery: Discovery, options: ScanOptions) -> InstalledModules:
    """The remote modules `terraform init` installed beside each folder of `.tf` files; their
    files join the scan's files (the walk skips `.terraform/`), to be read as the modules their
    calls name."""
    from compliance.parse.installed_modules import find_installed

    folders = {posixpath.dirname(f.relpath) for f in discovery.files if f.kind == TERRAFORM}
    installed = find_installed(options.installed_modules_root or discovery.root, folders,
                               options.max_file_size)
    discovery.files = sorted(discovery.files + installed.files, key=lambda f: f.relpath)
    discovery.errors += installed.errors
    return installed


def _read_cfn_parameters(paths: tuple[Path, ...]) -> tuple[dict[str, Any], list[ScanError]]:
    if not paths:
        return {}, []  # without importing the CloudFormation reader
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
    when the program runs. One notice per program, saying how to have it read."""
    errors = []
    for program in programs:
        runtime = pulumi_runtime(program.data)
        if runtime == "python" and pulumi_run:
            continue  # run below
        folder = posixpath.dirname(program.relpath) or "."
        how = ("scan again with --pulumi-run to run it offline under the SDK's mocks (this "
               "runs its code)" if runtime == "python" else
               f"compliance does not run {runtime} programs")
        errors.append(ScanError(program.relpath, None, f"a Pulumi {runtime} program: its "
                                f"resources are not read: {how}; or scan the output of "
                                f"`pulumi preview --json` (or `pulumi stack export`) run in "
                                f"{folder}", skipped="program"))
    return errors


def _render(paths: list[Path], root: Path, parsed: dict[str, dict[str, Any]],
            cache: ParseCache, options: ScanOptions, named: list[Path]):
    def parse_texts(texts: list[str]) -> list[dict[str, Any]]:
        keys = [text_key(KUBERNETES, text) for text in texts]
        results = parse_many(zip(keys, texts), cache, options.workers,
                             file_seconds=options.file_time_budget_s)
        return [results[key] for key in keys]

    return render_inputs(paths, root, options.skip_patterns, parsed, parse_texts, options.render,
                         _own_dirs(options), named)


# what a Terraform module declares besides its resources: on their own, nothing to judge
_TERRAFORM_DECLARATIONS = frozenset({"variable", "output", "provider"})


def _nothing_evaluated(discovery: Discovery, resources: list[Resource],
                       errors: list[ScanError]) -> ScanError | None:
    """A scan that evaluated nothing must say so rather than look clean: no input it reads
    (a wrong path, every file skipped), or only inputs it left unscanned (remote modules not
    installed, a program not run). Terraform's variables, outputs and providers alone are
    nothing to evaluate."""
    evaluated = [r for r in resources if r.platform != "terraform"
                 or r.type not in _TERRAFORM_DECLARATIONS]
    if evaluated or any(is_unreadable(e) for e in errors):
        return None
    left = unscanned_text(errors)
    if left:
        return ScanError(".", None, f"no resource was evaluated: every input found was left "
                                    f"unscanned ({left}); the notices say how to have them "
                                    "scanned")
    if discovery.files:
        return None
    return ScanError(".", None, "nothing was read: no file under the scanned folder is an "
                                "input compliance reads (or every one was skipped)")


def _read_var_files(paths: tuple[Path, ...]) -> list[tuple[str, dict[str, Any]]]:
    if not paths:
        return []  # and the HCL parser is not imported
    from compliance.parse.terraform_hcl import parse_vars

    loaded = []
    for path in paths:
        text = path.read_text("utf-8")  # the CLI has checked that it exists and is readable
        loaded.append((str(path), parse_vars(text)))
    return loaded


# Containers allocated (net) since the last collection past which a scan with the cyclic
# collector paused collects anyway: a scan of the 1,000-file benchmark corpus ends near 0.6
# million, so only an input unlike any measured one reaches it.
PILED_UP = 2_000_000


def collector_paused() -> ContextManager[None]:
    """A scan builds hundreds of thousands of small, long-lived objects freed by reference
    counting: the cyclic collector's passes over them (each young one is walked twice before it
    is old) cost a tenth of a warm scan and find almost nothing, once the resolver and the
    evaluator part from what they built (ModuleInstance.release, ScanContext.release). So it
    is paused while a scan runs; `collect_if_piled_up` is the safety valve. Afterwards what
    the scan made is moved to the oldest generation as it stands."""
    return collector_off()


def collect_if_piled_up() -> None:
    """Collect when far more objects were made during a paused scan than any measured scan
    makes (garbage in reference cycles from some input would otherwise wait for its end).
    Only the young generations: what the scan made is there (moved to the middle one by an
    earlier call), and walking the old objects too would make a large repository's scan pay
    more than the collector ever cost it."""
    if not gc.isenabled() and gc.get_count()[0] > PILED_UP:
        gc.collect(1)


# The cache entries a scan leaves to its end: (how many findings or outcomes each encodes,
# the write)
Writes = list[tuple[int, Callable[[], None]]]


def run_scan(paths: list[Path], catalog: Catalog, controls: list[Control] | None = None,
             options: ScanOptions | None = None,
             progress: Callable[[int, int], None] = lambda done, total: None,
             frameworks: list[Framework] | None = None,
             framework_ids: tuple[str, ...] = (),
             fill: Callable[[], None] | None = None) -> ScanResult:
    """Scan `paths` with `controls` (default: the whole catalog). `frameworks` (default: the
    shipped framework files) map findings to requirements; those named in `framework_ids` are
    evaluated requirement by requirement. `fill` writes the files to scan (a commit's) when
    the scan is not replayed (`ScanOptions.memo`)."""
    options = options or ScanOptions()
    remembering = options.memo and options.cache_dir is not None
    if not remembering:  # (a scan with a memo settles once it knows it is not replayed)
        _settle_earlier_scan()
    with collector_paused(), budget.memory_limit(options.memory_budget):
        try:
            with budget.time_limit(options.time_budget_s) as mine:
                if remembering:
                    return _scan_or_replay(paths, catalog, controls, options, progress,
                                           frameworks, framework_ids, fill)
                if fill is not None:
                    fill()
                writes: Writes = []
                result = _scan(paths, catalog, controls, options, progress, frameworks,
                               framework_ids, writes)
                _write_caches(writes, helper_count(options.workers))
                return result
        except budget.OverBudget as over:
            if over.limit is not mine:
                raise
            raise ScanOverBudget(f"the scan ran over its time budget of "
                                 f"{options.time_budget_s:g} s (--time-budget)") from None
        except MemoryError:
            limit = (f"its memory budget of {options.memory_budget:,} bytes (--memory-budget)"
                     if options.memory_budget else "memory")
            raise ScanOverBudget(f"the scan ran out of {limit}") from None


def _scan_or_replay(paths: list[Path], catalog: Catalog, controls: list[Control] | None,
                    options: ScanOptions, progress: Callable[[int, int], None],
                    frameworks: list[Framework] | None, framework_ids: tuple[str, ...],
                    fill: Callable[[], None] | None) -> ScanResult:
    """`_scan`, or the result it gave last time when nothing it read has changed since."""
    from compliance.catalog import compiled
    from compliance.pipeline.scan_memo import FixedTree, ScanMemo, memo_key, recording

    started_at, clock = datetime.now(timezone.utc), time.perf_counter()
    selected = controls if controls is not None else catalog.controls
    key = memo_key(paths, catalog, selected, options, options.today or started_at.date())
    memo, fixed = ScanMemo(options.cache_dir), FixedTree.of(options)
    found = memo.replay(key, fixed) if key is not None else None
    if found is None and key is not None and background_pending():
        _settle_earlier_scan()  # its helper may have been writing this very entry
        found = memo.replay(key, fixed)
    if found is not None:
        return ScanResult(**found, started_at=started_at,
                          duration_s=time.perf_counter() - clock, controls=selected,
                          **_mapped(frameworks, framework_ids, found["findings"], selected),
                          catalog_digest=catalog.digest, replayed=True)
    _settle_earlier_scan()
    if fill is not None:
        fill()
    writes: Writes = []  # the cache entries the scan leaves to the end
    if key is None or not options.memo_store:
        result = _scan(paths, catalog, controls, options, progress, frameworks, framework_ids,
                       writes)
    else:
        # the compiled catalog is the tool's own data (in the key by its digest), wherever it
        # is kept: a library caller, or a command run before in this process, may keep it in
        # another cache folder, just written, which would refuse the memo as changing
        with recording(options.cache_dir, fixed.folder, compiled.directory()) as reads:
            result = _scan(paths, catalog, controls, options, progress, frameworks,
                           framework_ids, writes)
        writes.append((len(result.findings), lambda: memo.store(
            key, reads, result, started_at.timestamp(), fixed)))
    _write_caches(writes, helper_count(options.workers))
    return result


def _settle_earlier_scan() -> None:
    """Before a scan reads the caches: wait for what an earlier scan's helper is still writing
    to them (this scan may find it there; the helper is reaped), and let go of what that
    scan's writes held. A scan its memo answers does not wait: the base of a diff, replayed
    while the head's helper writes (0.2 s of waiting before). An entry read half-written
    fails authentication, a miss (parse/cache.py), and a miss is looked up again once the
    helper is done."""
    wait_for_background()
    _left_for_later.clear()


# What a finished scan's cache writes held (the outcomes to remember: hundreds of thousands of
# small objects), let go when the next scan starts rather than before the report: freeing it
# took 0.1 s at the end of a cold corpus scan, and a command ends without freeing anything
# (`cli.main._exit`)
_left_for_later: list[Writes] = []

# Writes that encode this many findings or outcomes together are done by a helper while the
# report is written (encoding takes about 3.5 ms per thousand; forking a scan's process of a
# few hundred MB, about 10 ms)
MIN_FINDINGS_IN_BACKGROUND = 5000


def _write_caches(writes: Writes, helpers: int) -> None:
    """Write what a scan leaves for the next one (what the checks said, the scan's memo), in
    order: by a helper, when they encode much and one can be spared, while this process
    reports (`forked.wait_for_background` waits for it); here otherwise. None of it changes
    this scan's result, and a write that fails only costs the next scan its replay. (The root
    modules the scan resolved are written as it goes: deferring them would keep their
    resources' encoding for the helper, whose copies of the pages it touches cost more memory
    than the 0.05 s it saves.)"""
    def write_all() -> None:
        for _size, write in writes:
            write()

    if sum(size for size, _write in writes) < MIN_FINDINGS_IN_BACKGROUND \
            or not in_background(write_all, helpers):
        write_all()
    _left_for_later.append(writes)


def _mapped(frameworks: list[Framework] | None, framework_ids: tuple[str, ...],
            findings: list[Finding], selected: list[Control]) -> dict[str, Any]:
    """A result's framework fields: `framework_ids` evaluated requirement by requirement, and
    what each control supports in every framework (default: the shipped framework files)."""
    if frameworks is None:
        frameworks = default_frameworks()
    return {"frameworks": evaluate_frameworks(frameworks, framework_ids, findings, selected),
            "requirements": requirements_by_control(frameworks)}


def _contents(files: list[SourceFile]) -> dict[str, bytes]:
    """The bytes of the files a scan read, by relpath: the lines of a document written in one
    are found in what was parsed (`embedded.lines.read_lines`), not in a second reading."""
    return {source.relpath: source.data for source in files}


def _own_dirs(options: ScanOptions) -> tuple[Path, ...]:
    """The scan's own folders, which it never reads as the user's files: its cache (which a CI
    job may keep in the repository: compiled catalog entries, downloaded modules)."""
    return (options.cache_dir,) if options.cache_dir is not None else ()


def _scan(paths: list[Path], catalog: Catalog, controls: list[Control] | None,
          options: ScanOptions, progress: Callable[[int, int], None],
          frameworks: list[Framework] | None, framework_ids: tuple[str, ...],
          writes: Writes) -> ScanResult:
    """The scan; the cache entries for the next one that this one does not read are added to
    `writes`, for the caller to write once the result is out (`_write_caches`)."""
    started_at = datetime.now(timezone.utc)
    clock = time.perf_counter()
    cache = ParseCache(options.cache_dir)
    discovery, installed, parsed, (told, unwritten) = _discover_and_parse(paths, options,
                                                                          cache, progress)
    programs = [f for f in discovery.files if f.kind == PULUMI_PROGRAM]
    discovery.files = [f for f in discovery.files if f.kind != PULUMI_PROGRAM]
    collect_if_piled_up()
    var_files = _read_var_files(options.var_files)
    errors = list(discovery.errors) + _programs_not_run(programs, options.pulumi_run)
    for name, result in var_files:
        errors += [ScanError(name, e.get("line"), e["message"]) for e in result["errors"]]
    cfn_parameters, parameter_errors = _read_cfn_parameters(options.cfn_parameters)
    errors += parameter_errors
    # Helm charts and Kustomize overlays; the files they cover are not read on their own
    rendered = _render(paths, discovery.root, parsed, cache, options, discovery.named)
    errors += rendered.errors
    read_alone = replace(
        discovery, files=[f for f in discovery.files if f.relpath not in rendered.covered])
    # which resources the resolved-module cache gave: their digest is that entry's key
    resolved = Origins()
    write_parse_entries = told or _parse_entries_writer(
        cache, unwritten, helper_count(options.workers), options.download_modules)
    del unwritten
    resources, build_errors, origins = _build_with_downloads(read_alone, parsed, cache, var_files,
                                                             installed, options, cfn_parameters,
                                                             resolved)
    del parsed  # the parse results, read: what the resources did not keep can go (memory)
    write_parse_entries()
    del write_parse_entries
    collect_if_piled_up()
    known = {f.relpath for f in discovery.files}  # and the modules downloaded meanwhile
    discovery.files += [f for f in read_alone.files if f.relpath not in known]
    resources += rendered.resources
    errors += build_errors
    if options.pulumi_run:
        from compliance.parse.pulumi.run import find_programs, run_program

        for project_file in find_programs(paths, discovery.root, options.skip_patterns,
                                          _own_dirs(options)):
            run_resources, run_errors = run_program(project_file, discovery.root,
                                                    options.pulumi_timeout)
            resources += run_resources
            errors += run_errors
    # the stages a scan replayed by its memo never reaches, imported here: a warm run's
    # start-up is most of its time
    from compliance.evaluate.checks import CHECKS
    from compliance.evaluate.remembered import Remembered
    from compliance.evaluate.run import ScanContext, run_controls
    from compliance.resolve.embedded.deferred import embed_apim_policies, embed_openapi
    from compliance.resolve.embedded.policies import embed_policies
    from compliance.results.suppressions import collect as collect_suppressions
    from compliance.results.waivers import apply_waivers

    # OpenAPI documents inside Terraform resources (aws_api_gateway_rest_api.body, ...)
    contents = _contents(discovery.files)
    resources, errors = embed_openapi(resources, errors, discovery.root, origins, cache,
                                      options.workers, contents)
    # API Management policy XML inside Terraform resources (xml_content)
    resources = embed_apim_policies(resources, discovery.root, cache, options.workers, contents)
    # IAM and resource-policy JSON (policy, inline_policy, x-amazon-apigateway-policy)
    resources = embed_policies(resources, discovery.root, cache, options.workers, contents)
    resources, view_errors = apply_views(resources)  # each platform's effective view
    collect_if_piled_up()
    errors += view_errors
    nothing = _nothing_evaluated(discovery, resources, errors)
    if nothing is not None:
        errors.append(nothing)
    errors = list(dict.fromkeys(errors))  # a file's error may be seen by two stages
    selected = controls if controls is not None else catalog.controls
    context = ScanContext(resources, CHECKS)
    remembered = Remembered(options.cache_dir, resources, selected, resolved) \
        if options.cache_dir is not None else None
    # the parse entries' helper (`_parse_entries_writer`) is done by now, or is waited for:
    # alive beside the evaluation's helpers it would copy every page they change (memory)
    wait_for_background()
    findings = run_controls(selected, context, remembered, helper_count(options.workers))
    context.release()
    if remembered is not None:
        writes.append((remembered.unstored(), remembered.store))
        # at most hourly: the caches stay within a size (with the entries this scan writes)
        writes.append((0, lambda: prune_when_due(options.cache_dir)))
    # by file and line, as the findings: the order checks ran in depends on whether scopes
    # were evaluated scope by scope (helpers), which must not show in the report
    errors += sorted(context.errors, key=lambda e: (e.file, e.line or 0, e.message))
    findings.sort(key=lambda f: (f.resource.location.file, f.resource.location.start_line,
                                 f.control, f.evidence.attribute))
    # waivers: inline suppressions in the files already in memory, then the waivers file
    suppressions = collect_suppressions(discovery.files, resources)
    known = catalog.by_id if catalog is not None else [c.id for c in selected]
    findings, waivers = apply_waivers(findings, suppressions, list(options.waivers), known,
                                      options.today or started_at.date(),
                                      evaluated=[c.id for c in selected])
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
        **_mapped(frameworks, framework_ids, findings, selected),
        sources=discovery.files,
        catalog_digest=catalog.digest if catalog is not None else "",
    )

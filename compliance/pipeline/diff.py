"""Pull-request mode: scan two revisions of a git repository and compare their findings.

The base revision (and the head, when it is a ref rather than the working tree) is checked out
into a temporary directory through an index of its own, with its submodules (git_trees.py):
the user's checkout, index and worktree list are never touched; against a working tree from a
sparse checkout, the base leaves out the files that checkout left out. Both sides scan the same
PATH relative to the repository's top level, so locations, Terraform scopes and therefore
fingerprints agree between the two trees. Files whose content did not change hit the parse
cache (keyed by content hash), so only changed files are parsed.
With a cache, a commit's scan is remembered by the commit (pipeline/scan_memo.py), and its tree
is extracted only when it is not (`LazyTree`).

Failing findings are classified by `Finding.fingerprint` (control + scope + address + attribute):
**new** (failing in the head only), **fixed** (failing in the base only) and **unchanged**.
A moved or reformatted block keeps its fingerprint; a renamed resource is one new and one
fixed finding.
"""

from __future__ import annotations

import hashlib
import pickle
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable

from compliance.model import ScanError, ScanResult
from compliance.pipeline.git_trees import (  # noqa: F401 (GitError, git, repo_root: the CLI's)
    GitError,
    Submodule,
    checkout,
    git,
    ignored_inputs,
    lazy_checkout,
    not_checked_out,
    repo_root,
    resolve_ref,
    submodules,
)
from compliance.pipeline.request import (
    Prepared,
    read_waivers,
    rerooted,
    side_files,
    waivers_file_for,
)
from compliance.pipeline.scan import collector_paused, run_scan
from compliance.processes.forked import Ahead, ahead, helper_count
from compliance.results.diff import DiffResult, Side, classify, coverage_delta, failing


def run_diff(path: Path, base_ref: str, head_ref: str | None, prepared: Prepared) -> DiffResult:
    """Scan `path` at `base_ref` and at `head_ref` (None: as it is on disk) and compare, each
    side with the same request (its files inside the repository taken from that side's tree:
    each side is judged by its own waivers file)."""
    with collector_paused():  # comparing the two sides' findings too (see there)
        return _run_diff(path, base_ref, head_ref, prepared)


def _run_diff(path: Path, base_ref: str, head_ref: str | None, prepared: Prepared) -> DiffResult:
    frameworks = prepared.frameworks
    # coverage before and after needs each framework evaluated (default: all of them)
    framework_ids = prepared.request.frameworks or tuple(f.id for f in frameworks)
    root = repo_root(path)
    rel = path.resolve().relative_to(root)
    # locations are relative to the scan root: a folder, or a file's folder
    folder = rel if path.resolve().is_dir() else rel.parent
    prefix = "" if folder.as_posix() == "." else folder.as_posix() + "/"
    base_sha = resolve_ref(root, base_ref)
    head_sha = resolve_ref(root, head_ref) if head_ref is not None else None
    # each commit's submodules, extracted with it (git_trees.py): what its memo entry holds
    # depends on which of them this clone has
    found = {sha: submodules(root, sha) for sha in filter(None, (base_sha, head_sha))}
    # a working tree from a sparse checkout lacks files its commits hold: the base too; the
    # files git ignores in it (generated variables, policies) serve the base as well
    leave_out = not_checked_out(root) if head_sha is None else frozenset()
    carried = ignored_inputs(root, rel.as_posix(), (prepared.request.cache_dir,)
                             if prepared.request.cache_dir is not None else ()) \
        if head_sha is None else {}

    # With a cache, each side's scan is remembered as a whole (pipeline/scan_memo.py): a
    # commit's by the commit, so that the next diff against the same base reads nothing of it
    # again. Both sides are then scanned whole (the first time).
    remember = prepared.request.cache_dir is not None

    def scan(tree: Path, installed_from: Path | None = None,
             framework_ids: tuple[str, ...] = framework_ids, commit: str | None = None,
             fill: Callable[[], None] | None = None) -> ScanResult:
        target = tree / rel
        if not target.exists():  # the path does not exist on this side: nothing to find
            target.mkdir(parents=True)
        request = replace(rerooted(prepared.request, root, tree), paths=(target,))
        waivers = read_waivers(waivers_file_for(request, tree / folder), tree / folder,
                               prepared.catalog)
        side = Prepared(request, prepared.catalog, frameworks, prepared.controls, waivers)
        # a working tree's scan is looked up in the memo but not stored: the next diff finds
        # it changed (each push, each edit), and storing it (encoding every finding) held the
        # program's exit 0.1-0.2 s on the corpus; a commit's is stored, for the next diff
        named = None if commit is None else _fixed_name(commit, found[commit]) \
            if commit != base_sha else _fixed_name(commit, found[commit], leave_out, carried)
        options = replace(side.options(), installed_modules_root=installed_from,
                          memo=remember, memo_tree=(tree, named) if named else None,
                          memo_store=commit is not None)
        return run_scan([target], prepared.catalog, controls=prepared.controls,
                        options=options, frameworks=frameworks, framework_ids=framework_ids,
                        fill=fill)

    pathspec = rel.as_posix()
    if head_sha is None:
        changed = _names(git(root, "diff", "--name-only", "-z", base_sha, "--", pathspec,
                             binary=True))
        changed += _names(git(root, "ls-files", "-z", "--others", "--exclude-standard", "--",
                              pathspec, binary=True))
    else:
        changed = _names(git(root, "diff", "--name-only", "-z", base_sha, head_sha, "--",
                             pathspec, binary=True))
    changed_files = sorted(set(changed))
    read_first = side_files(prepared.request, root, folder.as_posix())
    if remember:
        with ExitStack() as stack:
            trees = {}
            for sha in filter(None, (head_sha, base_sha)):
                trees[sha] = stack.enter_context(
                    lazy_checkout(root, sha, found[sha], leave_out, carried) if sha == base_sha
                    else lazy_checkout(root, sha, found[sha]))
                trees[sha].files(read_first)
            head_tree = root if head_sha is None else trees[head_sha].folder
            installed_from = head_tree / folder if head_sha is None else None

            def scan_base(fill: Callable[[], None]) -> ScanResult:
                return scan(trees[base_sha].folder, installed_from, commit=base_sha, fill=fill)

            pending = _base_ahead(scan_base, prepared)
            if pending is not None:
                stack.callback(pending.close)
            head_result = scan(head_tree, commit=head_sha,
                               fill=trees[head_sha].fill if head_sha else None)
            base_result = _received(pending, prepared) if pending is not None else None
            if base_result is None:  # the memo had no answer (or no helper could be had)
                base_result = scan_base(trees[base_sha].fill)
        head_result = _with_missing_submodules(head_result, found, base_sha, head_sha, prefix)
        return _compared(base_ref, base_sha, base_result, head_ref, head_sha, head_result,
                         prefix, changed_files)
    # Without a cache both sides are scanned whole. (Leaving out of the base the root modules
    # the change could not reach, their findings taken from the head, was not exact: a check
    # that compares across scopes (value_not_shared), or a view that joins resources of
    # several files, judged the base's other resources without them, and a finding that had
    # not changed was reported as new.)
    with ExitStack() as stack:
        head_tree = root if head_sha is None else \
            stack.enter_context(checkout(root, head_sha, found[head_sha]))
        head_result = scan(head_tree)
        base_tree = stack.enter_context(checkout(root, base_sha, found[base_sha], leave_out,
                                                 carried))
        # the modules terraform init installed in the working tree serve both sides (git holds
        # no .terraform/): a base without them would make every finding in them look new
        base_result = scan(base_tree, head_tree / folder if head_sha is None else None)
    head_result = _with_missing_submodules(head_result, found, base_sha, head_sha, prefix)
    return _compared(base_ref, base_sha, base_result, head_ref, head_sha, head_result, prefix,
                     changed_files)


def _names(listing: bytes) -> list[str]:
    """The paths of a `-z` listing, as they are: without `-z`, git quotes a name that is not
    plain ASCII (`"caf\\303\\251.tf"`), and the report listed it so."""
    # (a name of other bytes than UTF-8 shows them as \\xNN, as the scan names it)
    return [name.decode("utf-8", "backslashreplace") for name in listing.split(b"\0") if name]


def _fixed_name(commit: str, found: list[Submodule], leave_out: frozenset[str] = frozenset(),
                carried: dict[str, bytes] | None = None) -> str:
    """A commit's tree as its memo entry names it: with the state of its submodules, the files
    left out of it and those carried into it, which decide what its extracted tree holds."""
    if not found and not leave_out and not carried:
        return commit
    states = "\n".join([*(f"{s.path}\0{s.sha}\0{s.available}" for s in found),
                        *(f"-{name}" for name in sorted(leave_out)),
                        *(f"+{name}\0{hashlib.sha256(data).hexdigest()}"
                          for name, data in sorted((carried or {}).items()))])
    return f"{commit}+{hashlib.sha256(states.encode('utf-8', 'surrogateescape')).hexdigest()[:16]}"


def _with_missing_submodules(head: ScanResult, found: dict[str, list[Submodule]], base_sha: str,
                             head_sha: str | None, prefix: str) -> ScanResult:
    """The head's result with a notice for each submodule under the scanned folder that a
    side's commit names and this clone does not hold (the diff's report shows the head's
    notices): that side has no files there, so their findings are new or fixed only for that
    reason."""
    notices = []
    for side, sha, shows_as in (("base", base_sha, "new"), ("head", head_sha, "fixed")):
        for missing in found.get(sha, []) if sha else []:
            if missing.available:
                continue
            path = missing.path + "/"
            if not (path.startswith(prefix) or prefix.startswith(path)):
                continue
            notices.append(ScanError(
                missing.path[len(prefix):] if path.startswith(prefix) else ".", None,
                f"git submodule {missing.path}: the {side}'s commit {missing.sha[:12]} is not in "
                "its clone here (fetch it, or run `git submodule update --init`); the "
                f"{side} has no files there, so their findings show as {shows_as}"))
    return replace(head, errors=[*head.errors, *notices]) if notices else head


class _NotReplayed(Exception):
    """A scan its memo did not answer, stopped before it reads anything (`_base_ahead`)."""


def _not_replayed() -> None:
    raise _NotReplayed


def _base_ahead(scan_base: Callable[[Callable[[], None]], ScanResult],
                prepared: Prepared) -> Ahead | None:
    """The base replayed from its memo in a forked helper while this process scans the head:
    the two ran one after the other on one processor (a one-file diff's head alone keeps one
    busy), and the base's replay with its frameworks was a tenth of the diff. The helper sends
    back the part the diff compares (`compared_part`): its findings, errors and waivers as the
    memo encodes them (decoded in a quarter of the time a pickle of them takes to load), the
    rest pickled (between two processes of this scan). Only a replay: a base the memo does not
    answer is left to this process, scanned after the head as before (two whole scans at once
    would hold both in memory)."""
    from compliance.pipeline.scan_memo import encode_result

    def work() -> bytes | None:
        try:
            result = scan_base(_not_replayed)  # `fill` runs only when the memo has no answer
        except _NotReplayed:
            return None
        part = compared_part(result)
        rest = replace(part, findings=[], errors=[], waivers=[], controls=[])
        return pickle.dumps((rest, encode_result(part)), protocol=pickle.HIGHEST_PROTOCOL)

    return ahead(work, helper_count(prepared.options().workers))


def _received(pending: Ahead, prepared: Prepared) -> ScanResult | None:
    """The base's part the helper sent, with this process's selected controls; None when it
    sent nothing (a memo miss) or could not finish."""
    import orjson

    from compliance.pipeline.scan_memo import decode_result

    data = pending.result()
    if data is None:
        return None
    # bytes this scan's own helper wrote, whole (`Ahead.result`)
    rest, encoded = pickle.loads(data)
    return replace(rest, **decode_result(orjson.loads(encoded)),
                   controls=prepared.controls if prepared.controls is not None
                   else prepared.catalog.controls)


def compared_part(result: ScanResult) -> ScanResult:
    """What a diff keeps of its base's result, and all it reads of it: the failing findings,
    the errors and counts, and each framework's coverage (not its results requirement by
    requirement). The head's result is kept whole: its findings are the ones reported."""
    from compliance.pipeline.scan_memo import NotKept

    def counted(kept: Any, what: str) -> NotKept:
        return NotKept(len(kept), what, f"a diff keeps no {what} of its base, only what it "
                                        "compares (compliance.pipeline.diff.compared_part)")

    return replace(result, findings=failing(result),
                   resources=counted(result.resources, "resources"),
                   sources=counted(result.sources, "file contents"),
                   frameworks=[replace(framework, requirements=[])
                               for framework in result.frameworks],
                   requirements={})


def _compared(base_ref: str, base_sha: str, base_result: ScanResult, head_ref: str | None,
              head_sha: str | None, head_result: ScanResult, prefix: str,
              changed_files: list[str]) -> DiffResult:
    base_part = compared_part(base_result)  # all the comparison reads of the base
    new, fixed, unchanged = classify(base_part, head_result)
    return DiffResult(
        base=Side(base_ref, base_sha, base_part),
        head=Side(head_ref, head_sha, head_result),
        prefix=prefix, new=new, fixed=fixed, unchanged=unchanged,
        coverage=coverage_delta(base_part, head_result),
        changed_files=changed_files,
    )

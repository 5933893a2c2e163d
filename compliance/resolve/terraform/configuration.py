"""Everything one scan's Terraform resolution shares: the modules found, the variable files,
the scan errors, file reads, and the guard against reference cycles."""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path
from typing import Any, Callable, Mapping

from compliance.model import DOWNLOADED_PREFIX, ScanError
from compliance.model.identity import identity
from compliance.parse.installed_modules import InstalledModule
from compliance.resolve.terraform.expressions import evaluate
from compliance.resolve.terraform.module_source import (
    ModuleSource,
    local_module_directory,
    module_call_source,
)
from compliance.resolve.terraform.origins import TextOrigins
from compliance.resolve.terraform.resolved_cache import Recorder
from compliance.resolve.terraform.scope import EMPTY_SCOPE


class ErrorLog:
    """Scan errors, each reported once however many module instances run into it."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, int | None, str], ScanError] = {}
        self.events: list[list[Any]] | None = None  # where a root module's calls are recorded

    def add(self, file: str, line: int | None, message: str) -> None:
        if self.events is not None:
            self.events.append(["error", file, line, message])
        self._entries.setdefault((file, line, message), ScanError(file, line, message))

    def entries(self) -> list[ScanError]:
        return list(self._entries.values())


class UnscannedCalls:
    """Remote module calls no module was read for: one notice per call, however many module
    paths and root modules reach it, naming every root module to run `terraform init` in."""

    def __init__(self) -> None:
        # (file, line) -> [what the call is, why it is not read or None (not installed), roots]
        self._calls: dict[tuple[str, int | None], list] = {}
        self.events: list[list[Any]] | None = None  # where a root module's calls are recorded

    def add(self, file: str, line: int | None, call: str, problem: str | None,
            root_dir: str) -> None:
        if self.events is not None:
            self.events.append(["unscanned", file, line, call, problem, root_dir])
        entry = self._calls.setdefault((file, line), [call, problem, []])
        if entry[1] is None and problem is not None:
            entry[1] = problem  # a reason known for one path says more than "not installed"
        if root_dir not in entry[2]:
            entry[2].append(root_dir)

    def entries(self) -> list[ScanError]:
        notices = []
        for (file, line), (call, problem, roots) in self._calls.items():
            if problem is None:
                where = ", ".join(root or "the scanned folder" for root in roots)
                problem = (f"not installed: run `terraform init` in {where}, then scan again, "
                           "or scan with --download-modules")
            notices.append(ScanError(file, line, f"{call} is not scanned: {problem}",
                                     skipped="module"))
        return notices


def is_installed(directory: str) -> bool:
    """Whether a folder holds a module that `terraform init` or --download-modules installed:
    it is scanned as the module its callers call, never as a root module of its own."""
    return ".terraform" in directory.split("/") or directory.startswith(DOWNLOADED_PREFIX)


def _is_variable_file(relpath: str) -> bool:
    return relpath.endswith((".tfvars", ".tfvars.json"))


class Configuration:
    def __init__(self, files: list[tuple[str, dict[str, Any]]], root: Path,
                 extra_var_files: list[tuple[str, dict[str, Any]]],
                 text_origins: TextOrigins | None = None,
                 installed: dict[str, dict[str, InstalledModule]] | None = None,
                 downloaded: dict[tuple[str, str], InstalledModule] | None = None,
                 downloads_on_disk: dict[str, Path] | None = None,
                 digests: dict[str, str] | None = None,
                 contents: Mapping[str, bytes] | None = None):
        self.root = root.resolve()
        # the bytes of the scanned files by relpath, when known: where a heredoc's lines are
        # (embedded.lines.read_lines)
        self.contents = contents
        # content digest by relpath, when known: module folders' digests for the cache of
        # resolved root modules (resolved_cache); while a root module is resolved, what it
        # looks at is recorded in `recorder`
        self.digests = digests
        self.recorder: Recorder | None = None
        self._module_digests: dict[str, str | None] = {}
        # remote modules by root module folder, then by dotted module path ("eks.kms")
        self.installed = installed or {}
        # what --download-modules got, by (source, version constraint) of the call
        self.downloaded = downloaded or {}
        self.downloads_on_disk = downloads_on_disk or {}  # shown package folder -> on disk
        # what a call reached and no module read: ("remote", source, version) for a remote
        # module nothing installed or downloaded; ("folder", directory) for a local module of
        # a downloaded package whose folder was not loaded
        self.missing: set[tuple[str, ...]] = set()
        self.errors = ErrorLog()
        self.unscanned_calls = UnscannedCalls()
        self.file_cache: dict[Path, Any] = {}
        self.text_origins = text_origins if text_origins is not None else TextOrigins()
        self.sources: dict[str, ModuleSource] = {}
        self._variable_files: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        self._extra_var_files = extra_var_files
        self._evaluating: set[tuple[int, Any]] = set()
        self._root_values: dict[str, dict[str, Any]] = {}

        for relpath, result in sorted(files, key=lambda item: item[0]):
            directory = posixpath.dirname(relpath)
            if _is_variable_file(relpath):
                self._variable_files.setdefault(directory, []).append((relpath, result))
                self._report_parse_errors(relpath, result)
            elif relpath.endswith((".tf", ".tf.json")):
                source = self.sources.setdefault(directory, ModuleSource(directory))
                source.add_file(relpath, result)
        for name, result in extra_var_files:
            self._report_parse_errors(name, result)

    def _report_parse_errors(self, name: str, result: dict[str, Any]) -> None:
        # worded as the parser put it, so that a scan reporting parse errors itself sees the
        # same entry twice and can drop one
        for error in result.get("errors") or []:
            self.errors.add(name, error.get("line"), error.get("message", "parse error"))

    # --- what a root module's resolution reads --------------------------------------------

    def module_source(self, directory: str) -> ModuleSource | None:
        """The module in a folder, if one is scanned (and the look-up recorded)."""
        source = self.sources.get(directory)
        if self.recorder is not None:
            self.recorder.modules[directory] = \
                (self.module_digest(directory) or Recorder.UNKNOWN) if source else None
        return source

    def module_digest(self, directory: str) -> str | None:
        """A digest of the contents of a module folder's files (None: a content unknown)."""
        if directory not in self._module_digests:
            source = self.sources.get(directory)
            digest: str | None = None
            if source is not None and self.digests is not None:
                pairs = [(relpath, self.digests.get(relpath)) for relpath in source.files]
                if all(found for _relpath, found in pairs):
                    digest = hashlib.sha256(repr(sorted(pairs)).encode()).hexdigest()
            self._module_digests[directory] = digest
        return self._module_digests[directory]

    def note_missing(self, entry: tuple[str, ...]) -> None:
        """Something a call reached and no module read, for --download-modules to fetch."""
        if self.recorder is not None:
            self.recorder.events.append(["missing", list(entry)])
        self.missing.add(entry)

    # --- reference cycles ----------------------------------------------------------------

    def once(self, cache: dict[Any, Any], key: Any, compute: Callable[[], Any],
             on_cycle: Callable[[], Any]) -> Any:
        """cache[key], computed on first use; `on_cycle()` when it is asked for while being
        computed (a reference cycle, which Terraform rejects)."""
        if key in cache:
            return cache[key]
        token = (identity(cache), key)
        if token in self._evaluating:
            return on_cycle()
        self._evaluating.add(token)
        try:
            value = compute()
        finally:
            self._evaluating.discard(token)
        cache[key] = value
        return value

    # --- root modules --------------------------------------------------------------------

    def root_directories(self) -> list[str]:
        """Directories no other scanned module calls, in order; then, if a group of modules
        only call each other, the first of them."""
        targets = {directory: self._called_directories(source)
                   for directory, source in self.sources.items()}
        called = {target for directory, found in targets.items() for target in found
                  if target != directory}
        roots = sorted(directory for directory in self.sources
                       if directory not in called and not is_installed(directory))
        reached = self._reachable(roots, targets)
        for directory in sorted(self.sources):
            if directory not in reached and not is_installed(directory):
                roots.append(directory)
                reached |= self._reachable([directory], targets)
        return roots

    def _called_directories(self, source: ModuleSource) -> set[str]:
        found = set()
        for call in source.module_calls.values():
            module_source = module_call_source(call.node)
            if module_source is None:
                continue
            directory = local_module_directory(source.directory, module_source)
            if directory is not None and directory in self.sources:
                found.add(directory)
        return found

    @staticmethod
    def _reachable(starts: list[str], targets: dict[str, set[str]]) -> set[str]:
        seen: set[str] = set()
        stack = list(starts)
        while stack:
            directory = stack.pop()
            if directory not in seen:
                seen.add(directory)
                stack.extend(targets.get(directory, ()))
        return seen

    def installed_module(self, root_dir: str, path: tuple[str, ...]) -> InstalledModule | None:
        """The remote module installed for the call at module `path` of the root module in
        `root_dir` (by `terraform init`, or by --download-modules)."""
        return self.installed.get(root_dir, {}).get(".".join(path))

    def describe_missing_module(self, directory: str) -> str | None:
        """Why a local module directory has no scanned module, or None if it is simply a
        directory without `.tf` files in the scan (e.g. skipped on purpose)."""
        problem = None
        if directory == ".." or directory.startswith("../"):
            problem = "is outside the scanned directory; its resources are not scanned"
        elif not (self.root / directory).is_dir():
            problem = "does not exist"
        if self.recorder is not None:
            self.recorder.absent[directory] = problem
        return problem

    # --- variable values of root modules -------------------------------------------------

    def variable_files(self, directory: str) -> list[tuple[str, dict[str, Any]]]:
        """The `.tfvars` files in a folder (relpath, parse result), loaded or not."""
        return self._variable_files.get(directory, [])

    @property
    def extra_var_files(self) -> list[tuple[str, dict[str, Any]]]:
        return self._extra_var_files

    def root_variable_values(self, directory: str) -> dict[str, Any]:
        """Values set for a root module: terraform.tfvars(.json), then *.auto.tfvars(.json)
        in lexical order, then the --var-file files in order; later ones win."""
        if directory in self._root_values:
            return self._root_values[directory]
        files = self._variable_files.get(directory, [])

        def rank(item: tuple[str, dict[str, Any]]) -> tuple[int, str]:
            name = posixpath.basename(item[0])
            if name == "terraform.tfvars":
                return (0, name)
            if name == "terraform.tfvars.json":
                return (1, name)
            return (2, name)

        loaded = [item for item in files if rank(item)[0] < 2
                  or posixpath.basename(item[0]).endswith((".auto.tfvars", ".auto.tfvars.json"))]
        values: dict[str, Any] = {}
        for _name, result in sorted(loaded, key=rank) + list(self._extra_var_files):
            for variable, attr in (result.get("vars") or {}).items():
                values[variable] = evaluate(attr["expr"], EMPTY_SCOPE)
        self._root_values[directory] = values
        return values

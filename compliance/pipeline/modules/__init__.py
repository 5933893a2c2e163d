"""--download-modules: the remote modules a scan reaches and `terraform init` has not
installed, fetched as `terraform init` would fetch them (registry sources through the registry
protocol with their version constraints, git sources, HTTPS archives) into the cache folder,
and read from there.

Packages are cached by source and version (`<cache>/modules/packages/`), and which version a
constraint chose by package and constraint (`<cache>/modules/versions/`), so that a second scan
asks no server anything: like `terraform init` without `-upgrade`, a constraint that a cached
version meets keeps it. Each package has a time and a size limit; a package that can't be had
is one notice, and the scan goes on. Files are shown under `.compliance-downloads/<package>/
<version>/`, a folder that exists only in reports.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import shutil
from pathlib import Path
from typing import Callable

from compliance.model import DOWNLOADED_PREFIX, ScanError, SourceFile
from compliance.parse.installed_modules import InstalledModule
from compliance.pipeline.modules.fetch import (
    Deadline,
    FetchError,
    GetterSource,
    Limits,
    fetch_archive,
    fetch_git,
    getter_source,
    redact,
    safe_subdir,
)
from compliance.pipeline.modules.registry import Registry, registry_token
from compliance.resolve.terraform.remote_source import RegistrySource, registry_source
from compliance.resolve.terraform.versions import ConstraintError, newest_matching

__all__ = ["Limits", "ModuleDownloader"]


class ModuleDownloader:
    """One scan's downloads: `get` a module call's package (cached), `files` of a folder."""

    def __init__(self, cache_dir: Path, limits: Limits = Limits()):
        self.cache = cache_dir / "modules"
        self.limits = limits
        self.registry = Registry()
        self.got: dict[tuple[str, str], InstalledModule] = {}
        self._roots: dict[str, Path] = {}  # shown package folder -> its folder on disk

    # --- packages ---------------------------------------------------------------------------

    def get(self, source: str, version: str) -> InstalledModule:
        """The package of a module call (`version` as the call writes it, "" for none), its
        folder shown under .compliance-downloads/; or why it could not be had."""
        key = (source, version)
        if key not in self.got:
            try:
                shown = self._get(source, version)
                self.got[key] = InstalledModule(source, source, version, shown)
            except FetchError as error:
                self.got[key] = InstalledModule(
                    source, source, version, "",
                    problem=f"--download-modules could not download it: {error}")
        return self.got[key]

    def _get(self, source: str, constraint: str) -> str:
        deadline = Deadline(self.limits.timeout_s)
        registry = registry_source(source)
        if registry is not None:
            version = self._version(registry, constraint, deadline)
            shown = f"{DOWNLOADED_PREFIX}{registry.package}/{version}"
            package, subdir = self._package(
                f"registry\0{registry.package}\0{version}",
                lambda dest: self._from_registry(registry, version, dest, deadline))
            inner = registry.subdir
        else:
            if constraint:
                raise FetchError("a version constraint is only for registry sources")
            getter = getter_source(source)
            shown = f"{DOWNLOADED_PREFIX}{_slug(getter)}"
            # the whole repository or archive: each call takes its own //subdir of it
            package, subdir = self._package(f"{getter.kind}\0{getter.url}\0{getter.ref}",
                                            lambda dest: _fetch(getter, dest, self.limits,
                                                                deadline))
            inner = getter.subdir
        self._roots[shown] = package
        folder = posixpath.join(*filter(None, (subdir, safe_subdir(inner)))) \
            if (subdir or inner) else ""
        if not (package / folder).is_dir():
            raise FetchError(f"the package has no folder {folder!r}")
        return f"{shown}/{folder}" if folder else shown

    def _version(self, source: RegistrySource, constraint: str, deadline: Deadline) -> str:
        record = self.cache / "versions" / f"{_digest(source.package, constraint)}.json"
        try:
            return json.loads(record.read_text("utf-8"))["version"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
        try:
            chosen = newest_matching(self.registry.versions(source, deadline), constraint)
        except ConstraintError as error:
            raise FetchError(f"version {constraint!r}: {error}") from None
        if chosen is None:
            raise FetchError(f"no version of {source.package} matches {constraint or 'any'!r}")
        _write_atomically(record, json.dumps({"package": source.package,
                                              "constraint": constraint, "version": chosen}))
        return chosen

    def _from_registry(self, source: RegistrySource, version: str, dest: Path,
                       deadline: Deadline) -> str:
        location = self.registry.location(source, version, deadline)
        try:
            getter = getter_source(location)
        except FetchError as error:
            raise FetchError(f"the registry sent {redact(location)}: {error}") from None
        token = registry_token(source.host) if getter.kind == "http" else None
        _fetch(getter, dest, self.limits, deadline, token)
        return safe_subdir(getter.subdir)  # where the location puts this version's module

    def _package(self, key: str, fetch: Callable[[Path], str]) -> tuple[Path, str]:
        """(the package's folder, the subdirectory its location named), fetched once into
        the cache: into a scratch folder first, renamed into place when whole."""
        folder = self.cache / "packages" / _digest(key)
        meta = folder / "meta.json"
        if meta.is_file():
            try:
                return folder / "package", safe_subdir(json.loads(meta.read_text())["subdir"])
            except (OSError, ValueError, KeyError, TypeError):
                shutil.rmtree(folder, ignore_errors=True)
        scratch = folder.with_name(f"{folder.name}.part-{os.getpid()}")
        shutil.rmtree(scratch, ignore_errors=True)
        try:
            subdir = fetch(scratch / "package")
            (scratch / "meta.json").write_text(json.dumps({"key": key.replace("\0", " "),
                                                           "subdir": subdir}))
            try:
                scratch.rename(folder)
            except OSError:  # another scan got there first
                if not meta.is_file():
                    raise
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        return folder / "package", subdir

    # --- files --------------------------------------------------------------------------------

    def files(self, shown: str, max_file_size: int) -> tuple[list[SourceFile], list[ScanError]]:
        """The `.tf` files of a folder shown under .compliance-downloads/ (a package's, or one
        of its local submodules)."""
        from compliance.parse.discover import read_source

        located = self._on_disk(shown)
        if located is None:
            return [], []
        package, folder = located
        found, errors = [], []
        for path in sorted(folder.glob("*.tf")):
            read = read_source(path, f"{shown}/{path.name}", package, max_file_size)
            if isinstance(read, ScanError):
                errors.append(read)
            elif read is not None:
                found.append(read)
        return found, errors

    def _on_disk(self, shown: str) -> tuple[Path, Path] | None:
        for root, package in self._roots.items():
            if shown == root or shown.startswith(root + "/"):
                rest = shown[len(root):].strip("/")
                try:
                    rest = safe_subdir(rest)
                except FetchError:
                    return None
                folder = package / rest if rest else package
                return (package, folder) if folder.is_dir() else None
        return None

    def on_disk(self) -> dict[str, Path]:
        """Each shown package folder and where it is on disk."""
        return dict(self._roots)


def _fetch(getter: GetterSource, dest: Path, limits: Limits, deadline: Deadline,
           token: tuple[str, str] | None = None) -> str:
    """Fetch the whole package; "" (its //subdir is the caller's to apply)."""
    if getter.kind == "git":
        fetch_git(getter, dest, limits, deadline)
    else:
        fetch_archive(getter, dest, limits, deadline, token)
    return ""


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:32]


def _slug(getter: GetterSource) -> str:
    """A readable, path-safe name for a git or archive package: host, path and ref."""
    from urllib.parse import urlsplit

    parts = urlsplit(getter.url)
    path = re.sub(r"\.git$", "", parts.path.strip("/"))
    name = f"{getter.kind}/{parts.hostname or 'local'}/{path}"
    if getter.ref:
        name += f"@{getter.ref}"
    return re.sub(r"[^A-Za-z0-9._@/-]", "_", re.sub(r"/+", "/", name)).replace("..", "__")


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f"{path.name}.part-{os.getpid()}")
    scratch.write_text(text, encoding="utf-8")
    os.replace(scratch, path)

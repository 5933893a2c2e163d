"""Remote modules that `terraform init` installed: `.terraform/modules/modules.json` beside a
root module lists every module call of the configuration (`Key`: the dotted module path such as
"eks.kms"; `Source`; `Version` for registry modules; `Dir`: where its files are, relative to the
root module). The discovery walk skips `.terraform/`, so these files are read here, only
through the manifest: a module folder is scanned as a called module, never as a root of its
own, and only the folders the manifest names (not the examples and tests a package ships).
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from compliance.model import ScanError, SourceFile
from compliance.parse.regular_files import read_regular

MANIFEST = ".terraform/modules/modules.json"
MAX_MANIFEST_SIZE = 5 * 1024 * 1024
INSTALL_FOLDER = ".terraform/"


@dataclass(frozen=True, slots=True)
class InstalledModule:
    """A remote module `terraform init` installed, as its manifest records it."""

    key: str  # the module path, dotted: "eks.kms"
    source: str  # as the manifest records it (registry addresses with their host)
    version: str  # "" for sources without versions (git, archives, local)
    directory: str  # its files, relative to the scan root, forward slashes ("" if none)
    problem: str = ""  # why it has no files (a download that failed), said in the notice


@dataclass
class InstalledModules:
    """The manifests found, by root module folder, and the files of the modules they name."""

    by_root: dict[str, dict[str, InstalledModule]] = field(default_factory=dict)
    files: list[SourceFile] = field(default_factory=list)
    errors: list[ScanError] = field(default_factory=list)

    def directories(self) -> set[str]:
        return {module.directory for modules in self.by_root.values()
                for module in modules.values()}

    def merge(self, other: InstalledModules) -> None:
        for root_dir, modules in other.by_root.items():
            self.by_root.setdefault(root_dir, {}).update(modules)
        known = {source.relpath for source in self.files}
        self.files += [source for source in other.files if source.relpath not in known]
        self.errors += other.errors


def find_installed(root: Path, root_dirs: set[str], max_file_size: int) -> InstalledModules:
    """The installed modules of each folder of `root_dirs` (relative to `root`) that has a
    manifest, and the `.tf` files of those modules (read as the walk reads files)."""
    from compliance.parse.discover import read_source

    found = InstalledModules()
    for root_dir in sorted(root_dirs):
        manifest_rel = posixpath.join(root_dir, MANIFEST)
        manifest = root / manifest_rel
        if not manifest.is_file():
            continue
        entries = _read_manifest(manifest, manifest_rel, found.errors)
        modules: dict[str, InstalledModule] = {}
        for key, source, version, directory in entries:
            relative = posixpath.normpath(posixpath.join(root_dir or ".", directory))
            # a local module of the root is an ordinary folder the walk has read; only what
            # init put under .terraform/ is read here, and nothing outside the scan
            if not _is_install_folder(root_dir, relative):
                continue
            folder = root / relative
            if folder.is_symlink() or not folder.resolve().is_relative_to(root.resolve()):
                found.errors.append(ScanError(manifest_rel, None, f"module {key}: {directory} "
                                              "is outside the scanned folder; not read"))
                continue
            modules[key] = InstalledModule(key, source, version, relative)
            if not folder.is_dir():
                continue  # the resolver says so when a call reaches it
            for path in sorted(folder.iterdir()):
                if not path.name.endswith(".tf") or not path.is_file():
                    continue
                read = read_source(path, f"{relative}/{path.name}", root, max_file_size)
                if isinstance(read, ScanError):
                    found.errors.append(read)
                elif read is not None:
                    found.files.append(read)
        found.by_root[root_dir] = modules
    seen: set[str] = set()
    found.files = [f for f in found.files if not (f.relpath in seen or seen.add(f.relpath))]
    return found


def _is_install_folder(root_dir: str, relative: str) -> bool:
    install = posixpath.join(root_dir, INSTALL_FOLDER)
    return (relative + "/").startswith(install) and ".." not in relative.split("/")


def _read_manifest(path: Path, relpath: str,
                   errors: list[ScanError]) -> list[tuple[str, str, str, str]]:
    """(key, source, version, dir) of each module the manifest lists, but the root itself."""
    try:
        document = json.loads(read_regular(path, MAX_MANIFEST_SIZE).decode("utf-8"))
        listed = document["Modules"]
        if not isinstance(listed, list):
            raise ValueError("`Modules` is not a list")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as exc:
        errors.append(ScanError(relpath, None, f"can't read the modules terraform init "
                                f"installed ({exc}); remote modules are not scanned: run "
                                "`terraform init` again"))
        return []
    entries = []
    for entry in listed:
        if not isinstance(entry, dict):
            continue
        key, source, version, directory = (entry.get(name) for name in
                                           ("Key", "Source", "Version", "Dir"))
        if not key or not isinstance(key, str) or not isinstance(directory, str):
            continue
        entries.append((key, source if isinstance(source, str) else "",
                        version if isinstance(version, str) else "",
                        directory.replace("\\", "/")))
    return entries

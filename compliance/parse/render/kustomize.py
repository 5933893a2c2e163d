"""Kustomize overlays: a folder with `kustomization.yaml` (or `.yml`, or `Kustomization`).

An overlay is rendered when no other kustomization in the scan uses it (as a resource, base
or component) and it is not a Component. The renderer is `kustomize build` or, without it,
`kubectl kustomize`, run on a one-line wrapper kustomization in a temporary folder that lists
the overlay (by relative path: kustomize refuses absolute ones) and asks for
`buildMetadata: [originAnnotations]`, so that every rendered object names the file it came
from in its `config.kubernetes.io/origin` annotation (removed before the object is scanned).

The files an overlay uses, through its bases and components (resources, patches, CRDs,
replacements, transformers...), are not also read as manifests of their own when it rendered:
their objects are scanned as the overlay makes them. An overlay that uses a remote base (a git
or HTTP URL) is not rendered: the scan runs offline.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from compliance.parse.regular_files import read_regular
from compliance.parse.render.options import KUSTOMIZATION_FILES

ORIGIN_ANNOTATION = "config.kubernetes.io/origin"
# the fields whose entries name files or folders (strings, or mappings with a `path`)
_FOLDER_FIELDS = ("resources", "bases", "components")
_PATCH_FIELDS = ("patches", "patchesStrategicMerge", "patchesJson6902")
_FILE_FIELDS = (*_PATCH_FIELDS, "crds", "replacements", "transformers", "generators",
                "validators", "configurations")
_REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|git@|github\.com/|gitlab\.com/|bitbucket\.org/)"
                     r"|\?(?:.*&)?(?:ref|version)=|\.git(?:$|//)", re.I)


@dataclass
class Kustomization:
    folder: Path
    file: Path
    component: bool = False
    uses: list[Path] = field(default_factory=list)  # kustomization folders it builds on
    files: list[Path] = field(default_factory=list)  # files it names
    patches: list[Path] = field(default_factory=list)  # the patch files among them
    remote: list[str] = field(default_factory=list)  # remote bases it names
    problem: str = ""  # why its file could not be read


def kustomization_file(folder: Path) -> Path | None:
    for name in KUSTOMIZATION_FILES:
        if (folder / name).is_file():
            return folder / name
    return None


def _entries(spec: dict[str, Any], names: tuple[str, ...]) -> list[str]:
    found = []
    for name in names:
        items = spec.get(name)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                item = item.get("path")
            if isinstance(item, str) and item.strip() and "\n" not in item:
                found.append(item.strip())
    return found


def read_kustomization(file: Path) -> Kustomization:
    folder = file.parent
    found = Kustomization(folder.resolve(), file.resolve())
    import yaml

    try:
        spec = yaml.safe_load(read_regular(file).decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        found.problem = f"cannot read {file.name}: {getattr(exc, 'problem', None) or exc}"
        return found
    if not isinstance(spec, dict):
        found.problem = f"{file.name} is not a mapping"
        return found
    found.component = spec.get("kind") == "Component"
    found.patches = [p for p in ((folder / e).resolve() for e in _entries(spec, _PATCH_FIELDS))
                     if p.is_file()]
    for entry in _entries(spec, _FOLDER_FIELDS) + _entries(spec, _FILE_FIELDS):
        target = (folder / entry).resolve()
        if target.is_dir():
            if kustomization_file(target) is not None:
                found.uses.append(target)
        elif target.is_file():
            found.files.append(target)
        elif _REMOTE.search(entry):
            found.remote.append(entry)
    return found


def find_kustomizations(files: list[Path]) -> dict[Path, Kustomization]:
    """The kustomizations of these kustomization files, by folder."""
    found = {}
    for file in files:
        if file.parent.resolve() not in found:
            found[file.parent.resolve()] = read_kustomization(file)
    return found


def top_level(found: dict[Path, Kustomization]) -> list[Kustomization]:
    """The overlays to render: those no other uses, Components left out."""
    used = {folder for k in found.values() for folder in k.uses}
    return [k for folder, k in found.items() if folder not in used and not k.component]


def closure(overlay: Kustomization, found: dict[Path, Kustomization]
            ) -> tuple[set[Path], list[str], list[Path]]:
    """Every file the overlay uses, through its bases and components (their kustomization
    files included), the remote bases among them, and the kustomization folders visited."""
    files: set[Path] = set()
    remote: list[str] = []
    pending, seen = [overlay.folder], []
    while pending:
        folder = pending.pop()
        if folder in seen:
            continue
        seen.append(folder)
        kustomization = found.get(folder)
        if kustomization is None:  # outside the scanned paths, or skipped
            file = kustomization_file(folder)
            if file is None:
                continue
            kustomization = read_kustomization(file)
        files.add(kustomization.file)
        files.update(kustomization.files)
        remote += kustomization.remote
        pending += kustomization.uses
    return files, remote, seen


def wrapper(overlay: Path, folder: Path) -> None:
    """Write into `folder` the kustomization that builds `overlay` with origin annotations."""
    import yaml

    relative = Path(os.path.relpath(overlay, folder)).as_posix()
    (folder / "kustomization.yaml").write_text(yaml.safe_dump({
        "apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
        "resources": [relative], "buildMetadata": ["originAnnotations"]}))


def command(tool: str, folder: Path) -> list[str]:
    if Path(tool).name.startswith("kubectl"):
        return [tool, "kustomize", str(folder)]
    return [tool, "build", str(folder)]


def origin_of(annotation: Any, wrapper_folder: Path) -> tuple[Path | None, Path | None]:
    """(origin file, kustomization that generated it) from an origin annotation's text,
    as absolute paths (resolved against the wrapper's folder, as kustomize writes them)."""
    import yaml  # here, not above: render/ is on every scan's path, kustomizations are rare

    try:
        origin = yaml.safe_load(annotation) if isinstance(annotation, str) else None
    except yaml.YAMLError:
        origin = None
    if not isinstance(origin, dict) or origin.get("repo"):
        return None, None

    def absolute(key: str) -> Path | None:
        value = origin.get(key)
        if not isinstance(value, str) or not value:
            return None
        return Path(os.path.normpath(wrapper_folder / value))

    return absolute("path"), absolute("configuredIn")


def temporary_folder() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="compliance-kustomize-")

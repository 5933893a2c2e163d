"""The attributes each resource type can have, as data: what a control's paths are checked
against when the catalog loads (`semantics.path_problems`).

The lists live in the shipped folder `attributes/` (see docs/conditions.md, "Attribute
lists"): gzipped JSON trees generated from the providers' and Kubernetes' own schemas by
tools/attributes/generate.py (its docstring gives the format and sources), and `extra.yaml`,
written by hand, for what our resolvers add to a type beyond its schema (`derived`), what
real files carry besides (`extra`), and where `$anchor` paths start (`anchors`).

Files are read only when a control has to be checked (a warm run remembers passes, see
`controls.py`), one provider's file at a time, and once per process.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from compliance import data_dir

VALUE, ANY = 0, 1  # a tree's leaves: a plain value (or a list of them), or anything at all
FREE_KEY = "*"  # in a tree: the free keys of a map
MANIFEST = "sources.json"
HAND_WRITTEN = "extra.yaml"
TERRAFORM_LANGUAGE_TYPES = frozenset({"variable", "provider", "output"})

Tree = Any  # VALUE | ANY | dict[str, Tree] | str (a name in the defs)


class AttributeLists:
    """The trees of one attributes folder, read lazily."""

    def __init__(self, directory: Path):
        self.directory = directory
        self._files: dict[str, dict[str, Any]] = {}
        self._extra: dict[str, Any] | None = None
        self._digest: str | None = None

    @property
    def digest(self) -> str:
        """Changes with any list: the manifest holds the generated files' own digests."""
        if self._digest is None:
            content = hashlib.sha256()
            for name in (MANIFEST, HAND_WRITTEN):
                path = self.directory / name
                content.update(path.read_bytes() if path.exists() else b"")
                content.update(b"\0")
            self._digest = content.hexdigest()
        return self._digest

    def _file(self, name: str) -> dict[str, Any]:
        if name not in self._files:
            path = self.directory / name
            import gzip  # only when a control is checked: a warm run reads no list

            self._files[name] = (json.loads(gzip.decompress(path.read_bytes()))
                                 if path.exists() else {"types": {}, "defs": {}})
        return self._files[name]

    @property
    def extra(self) -> dict[str, Any]:
        """extra.yaml: anchors by platform, and by platform and type the trees its `derived`
        and `extra` sections add."""
        if self._extra is None:
            path = self.directory / HAND_WRITTEN
            import yaml

            raw = (yaml.safe_load(path.read_text("utf-8")) if path.exists() else None) or {}
            added: dict[str, dict[str, Tree]] = {}
            for section in ("derived", "extra"):
                for platform, types in (raw.get(section) or {}).items():
                    bucket = added.setdefault(platform, {})
                    for type_, tree in (types or {}).items():
                        bucket[type_] = self.merged(bucket.get(type_), _from_yaml(tree))
            self._extra = {"anchors": raw.get("anchors") or {}, "added": added}
        return self._extra

    def _files_for(self, platform: str, pattern: str) -> list[str]:
        if platform == "kubernetes":
            return ["kubernetes.json.gz"]
        if pattern in TERRAFORM_LANGUAGE_TYPES:
            return ["terraform.json.gz"]
        prefix = pattern.removeprefix("data.").split("_", 1)[0]
        if "_" in pattern and not any(c in prefix for c in "*?["):
            return [f"terraform-{prefix}.json.gz"]
        return sorted(p.name for p in self.directory.glob("terraform*.json.gz"))

    def roots(self, platform: str, pattern: str) -> list[Tree]:
        """The trees of the types `pattern` names (a type, or a glob over types); none when
        no list is known."""
        glob = any(c in pattern for c in "*?[")
        found: list[Tree] = []
        added = self.extra["added"].get(platform, {})
        for name in self._files_for(platform, pattern):
            types = self._file(name)["types"]
            names = fnmatch.filter(types, pattern) if glob else [pattern] * (pattern in types)
            found += [self.merged(types[n], *self._added_to(added, n)) for n in names]
        if not found:  # a type only our resolvers make
            found = [added[n] for n in (fnmatch.filter(added, pattern) if glob
                                        else [pattern] * (pattern in added))]
        return found

    @staticmethod
    def _added_to(added: dict[str, Tree], type_name: str) -> list[Tree]:
        """What extra.yaml adds to a type: under its own name, or a glob matching it (the
        attributes a view derives for every workload kind, `*/Deployment`, ...)."""
        return [tree for key, tree in added.items()
                if key == type_name or (any(c in key for c in "*?[")
                                        and fnmatch.fnmatchcase(type_name, key))]

    def anchor(self, platform: str, name: str) -> Tree | None:
        return (self.extra["anchors"].get(platform) or {}).get(name)

    def deref(self, node: Tree) -> Tree:
        """A def's tree for its name (Kubernetes models shared between kinds)."""
        while isinstance(node, str):
            node = self._file("kubernetes.json.gz")["defs"].get(node, ANY)
        return node


    def merged(self, *trees: Tree) -> Tree:
        """One tree accepting the paths of all; None stands for no tree."""
        present = [self.deref(t) for t in trees if t is not None]
        if not present:
            return None
        result = present[0]
        for tree in present[1:]:
            if result == ANY or tree == ANY:
                result = ANY
            elif isinstance(result, dict) and isinstance(tree, dict):
                result = {**result, **{k: self.merged(result[k], v) if k in result else v
                                       for k, v in tree.items()}}
            elif not isinstance(result, dict):
                result = tree
        return result


def _from_yaml(tree: Any) -> Tree:
    """extra.yaml writes a value as null, anything as `any`, a def by its name."""
    if tree is None:
        return VALUE
    if tree == "any":
        return ANY
    if isinstance(tree, dict):
        return {str(k): _from_yaml(v) for k, v in tree.items()}
    return str(tree)


@cache
def attribute_lists(directory: Path | None = None) -> AttributeLists:
    """The shipped lists (or those of `directory`), one reader per process."""
    return AttributeLists(directory or data_dir("attributes"))

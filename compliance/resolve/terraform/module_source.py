"""The declarations of one module: a directory's `.tf` files, gathered by kind."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from compliance.resolve.terraform.expressions import evaluate
from compliance.resolve.terraform.scope import EMPTY_SCOPE

# blocks that become resources, by type and number of labels
EMITTED_BLOCKS = {"resource": 2, "data": 2, "variable": 1, "provider": 1, "output": 1}


@dataclass(frozen=True, slots=True)
class Declaration:
    """A block or local value of a module, with the file that declares it."""

    file: str  # relpath of the file that holds it
    node: dict[str, Any]  # the parser's block (or, for a local value, its attribute)


@dataclass
class ModuleSource:
    """What the files of one module folder declare, by kind and name."""

    directory: str  # relative to the scan root, "" for the root itself
    variables: dict[str, Declaration] = field(default_factory=dict)
    locals: dict[str, Declaration] = field(default_factory=dict)
    outputs: dict[str, Declaration] = field(default_factory=dict)
    module_calls: dict[str, Declaration] = field(default_factory=dict)
    # ("resource" | "data", type, name) -> its block
    managed: dict[tuple[str, str, str], Declaration] = field(default_factory=dict)
    emitted: list[Declaration] = field(default_factory=list)  # in file and source order
    files: list[str] = field(default_factory=list)  # relpaths of its .tf and .tf.json files

    def add_file(self, relpath: str, blocks: list[dict[str, Any]]) -> None:
        self.files.append(relpath)
        # The first declaration of a name wins; Terraform would reject a duplicate anyway.
        for block in blocks:
            kind = block["type"]
            labels = block["labels"]
            if kind == "locals":
                for name, attr in block["attrs"].items():
                    self.locals.setdefault(name, Declaration(relpath, attr))
                continue
            if kind == "module" and len(labels) == 1:
                self.module_calls.setdefault(labels[0], Declaration(relpath, block))
                continue
            if EMITTED_BLOCKS.get(kind) != len(labels):
                continue
            declaration = Declaration(relpath, block)
            self.emitted.append(declaration)
            if kind in ("resource", "data"):
                self.managed.setdefault((kind, labels[0], labels[1]), declaration)
            elif kind == "variable":
                self.variables.setdefault(labels[0], declaration)
            elif kind == "output":
                self.outputs.setdefault(labels[0], declaration)


def module_call_source(call: dict[str, Any]) -> str | None:
    """The call's `source` when it is a literal string (Terraform allows nothing else)."""
    return literal_argument(call, "source")


def literal_argument(call: dict[str, Any], name: str) -> str | None:
    """A module call's meta-argument (`source`, `version`) when it is a literal string."""
    attr = call["attrs"].get(name)
    if attr is None:
        return None
    value = evaluate(attr["expr"], EMPTY_SCOPE)
    return value if isinstance(value, str) else None


def local_module_directory(caller_directory: str, source: str) -> str | None:
    """The called directory relative to the scan root, for a local `./` or `../` source.

    None for registry, git and other remote sources. The result starts with `..` when the
    directory lies outside the scan root.
    """
    if not source.startswith(("./", "../")) and source not in (".", ".."):
        return None
    joined = posixpath.normpath(posixpath.join(caller_directory or ".", source))
    return "" if joined == "." else joined

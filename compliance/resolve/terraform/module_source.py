"""The declarations of one module: a directory's `.tf` files, gathered by kind."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any

from compliance.parse.cache import blocks_of, module_blocks_of
from compliance.resolve.terraform.expressions import evaluate
from compliance.resolve.terraform.scope import EMPTY_SCOPE

# blocks that become resources, by type and number of labels
EMITTED_BLOCKS = {"resource": 2, "data": 2, "variable": 1, "provider": 1, "output": 1}


@dataclass(frozen=True, slots=True)
class Declaration:
    """A block or local value of a module, with the file that declares it."""

    file: str  # relpath of the file that holds it
    node: dict[str, Any]  # the parser's block (or, for a local value, its attribute)


class _Declared:
    """A table of a module's declarations: its files' blocks are gathered on first use."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.field = f"_{name}"

    def __get__(self, source: "ModuleSource | None", owner: type | None = None) -> Any:
        if source is None:
            return self
        if source._pending:
            source._declarations()
        return getattr(source, self.field)


class ModuleSource:
    """What the files of one module folder declare, by kind and name.

    Its module calls are gathered as its files are added; the rest of its declarations on
    first use, from every file in order: a warm scan answers most root modules from the
    resolved-module cache and needs only the calls of their folders, to find which folders are
    root modules (a file read back from the parse cache gives its module blocks alone until its
    other blocks are asked for, `parse.cache.blocks_of`)."""

    def __init__(self, directory: str):
        self.directory = directory  # relative to the scan root, "" for the root itself
        self.module_calls: dict[str, Declaration] = {}
        self.files: list[str] = []  # relpaths of its .tf and .tf.json files
        self._pending: list[tuple[str, dict[str, Any]]] = []  # (relpath, parse result)
        self._variables: dict[str, Declaration] = {}
        self._locals: dict[str, Declaration] = {}
        self._outputs: dict[str, Declaration] = {}
        self._managed: dict[tuple[str, str, str], Declaration] = {}
        self._emitted: list[Declaration] = []

    def add_file(self, relpath: str, result: dict[str, Any]) -> None:
        """A file's parse result: its module calls now, the rest when first asked for. The
        first declaration of a name wins; Terraform would reject a duplicate anyway."""
        self.files.append(relpath)
        for block in module_blocks_of(result):
            labels = block["labels"]
            if len(labels) == 1:
                self.module_calls.setdefault(labels[0], Declaration(relpath, block))
        self._pending.append((relpath, result))

    def _declarations(self) -> None:
        pending, self._pending = self._pending, []
        for relpath, result in pending:
            for block in blocks_of(result):
                kind = block["type"]
                labels = block["labels"]
                if kind == "locals":
                    for name, attr in block["attrs"].items():
                        self._locals.setdefault(name, Declaration(relpath, attr))
                    continue
                if kind == "module" or EMITTED_BLOCKS.get(kind) != len(labels):
                    continue
                declaration = Declaration(relpath, block)
                self._emitted.append(declaration)
                if kind in ("resource", "data"):
                    self._managed.setdefault((kind, labels[0], labels[1]), declaration)
                elif kind == "variable":
                    self._variables.setdefault(labels[0], declaration)
                elif kind == "output":
                    self._outputs.setdefault(labels[0], declaration)

    # the tables of declarations by kind, each gathered from the files on first use
    variables = _Declared()  # name -> its `variable` block
    locals = _Declared()  # name -> its attribute in a `locals` block
    outputs = _Declared()  # name -> its `output` block
    managed = _Declared()  # ("resource" | "data", type, name) -> its block
    emitted = _Declared()  # the blocks that become resources, in file and source order


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

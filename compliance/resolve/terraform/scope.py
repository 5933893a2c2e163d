"""What names mean where an expression is evaluated.

A `Scope` pairs the module instance an expression belongs to (for `var.*`, `local.*`,
`module.*`, `path.*` and the address prefix of resource references) with the names bound
around it: for-expression variables, `count`, `each`, dynamic block iterators, templatefile
variables. The module side is a protocol, so the evaluator does not depend on how modules are
assembled.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from compliance.resolve.terraform.file_access import FileAccess


class ModuleOutputs(Protocol):
    def output(self, name: str) -> Any: ...

    def output_names(self) -> list[str]: ...


@dataclass
class CalledModule:
    """The instances of one `module` call, as references to `module.<name>` see them."""

    address: str  # "module.api", with the caller's prefix
    # "single" (no count/for_each), "count", "for_each", or "unknown" (count/for_each not known
    # statically: one instance stands for all of them)
    expansion: str
    instances: dict[Any, ModuleOutputs] = field(default_factory=dict)


class ModuleContext(Protocol):
    prefix: str  # "" for a root module, "module.a." / 'module.a["k"].module.b.' below it
    path_module: str
    path_root: str

    def variable(self, name: str) -> Any: ...

    def local(self, name: str) -> Any: ...

    def called_module(self, name: str) -> CalledModule | Any: ...

    def resource_instances(self, mode: str, type_: str, name: str) -> tuple[str, list[Any]]:
        """("count" / "for_each", instance keys) when they are known; otherwise the kind
        ("single", "unknown", or "undeclared") and no keys."""
        ...

    def configured(self, type_: str, name: str, key: Any) -> dict[str, Any]:
        """The arguments a managed resource's instance (`key`: None for a single one) is
        given in the configuration, evaluated; {} when they can't be (a cycle)."""
        ...


class Scope:
    __slots__ = ("module", "bindings", "files")

    def __init__(self, module: ModuleContext | None, bindings: dict[str, Any] | None = None,
                 files: FileAccess | None = None):
        self.module = module
        self.bindings = bindings or {}
        self.files = files

    def bind(self, names: dict[str, Any]) -> Scope:
        return Scope(self.module, {**self.bindings, **names}, self.files)


# literal contexts: variable defaults, .tfvars values, module sources
EMPTY_SCOPE = Scope(None)

"""One instance of a module: a root module, or one (count/for_each) instance of a module call.

Variables, locals, outputs and called modules are evaluated lazily and once, in any order
they are referenced; a reference cycle gives an Unknown and a scan error.
"""

from __future__ import annotations

import posixpath
from typing import Any

from compliance.model import DOWNLOADED_PREFIX, Unknown, UnknownKind
from compliance.resolve.terraform.block_values import block_attributes
from compliance.resolve.terraform.configuration import Configuration, is_installed
from compliance.resolve.terraform.expansion import Expansion, expand, instance_suffix
from compliance.resolve.terraform.expressions import evaluate
from compliance.resolve.terraform.file_access import FileAccess
from compliance.resolve.terraform.module_source import (
    Declaration,
    ModuleSource,
    literal_argument,
    local_module_directory,
    module_call_source,
)
from compliance.resolve.terraform.remote_source import same_source
from compliance.resolve.terraform.scope import EMPTY_SCOPE, CalledModule, Scope
from compliance.resolve.terraform.values import (
    MAX_VALUE_NODES,
    ConversionError,
    EvaluationError,
    count_nodes,
    to_bool,
    to_number,
    to_string,
)
from compliance.resolve.terraform.versions import ConstraintError, newest_matching

MAX_MODULE_DEPTH = 32

# arguments of a module call that are not input variables
MODULE_CALL_META = frozenset({"source", "version", "count", "for_each", "providers", "depends_on"})
# meta-arguments of a resource block, not arguments of the resource
RESOURCE_META_ATTRIBUTES = frozenset({"count", "for_each", "depends_on", "provider"})
RESOURCE_META_BLOCKS = frozenset({"lifecycle"})
# a resource instance's attributes, their lines, and the (line, path) of each value too deep
# to evaluate
Body = tuple[dict[str, Any], dict[str, int], list[tuple[int | None, str]]]


class ModuleInstance:
    def __init__(self, config: Configuration, source: ModuleSource, address: str, root_dir: str,
                 caller: tuple[ModuleInstance, Declaration, dict[str, Any]] | None,
                 chain: tuple[str, ...], module_path: tuple[str, ...] = ()):
        self.config = config
        self.source = source
        self.address = address  # "" for a root module, e.g. 'module.a["x"].module.b' below
        self.prefix = f"{address}." if address else ""
        self.root_dir = root_dir
        self.path_root = "."
        self.path_module = posixpath.relpath(source.directory or ".", root_dir or ".")
        self.files = FileAccess(config.root, config.root / root_dir, config.file_cache,
                                config.text_origins, config.downloads_on_disk, config.recorder)
        # (calling instance, the module block, count/each bound for this instance)
        self._caller = caller
        self._chain = chain  # module directories from the root module down to this one
        self.module_path = module_path  # the names of the calls down to this one (no keys)
        self._variables: dict[str, Any] = {}
        self._locals: dict[str, Any] = {}
        self._outputs: dict[str, Any] = {}
        self._calls: dict[str, Any] = {}
        self._expansions: dict[tuple[str, str, str], Any] = {}
        self._bodies: dict[tuple[str, str, Any], Body] = {}

    def release(self) -> None:
        """Forget what was evaluated, in this instance and the ones it called, once its
        resources are taken: a called instance and its caller refer to each other, so without
        this the whole resolution (and the parse results it holds) waits for the cyclic
        garbage collector, which a scan keeps out of its way (pipeline/scan.py)."""
        for called in self._calls.values():
            if isinstance(called, CalledModule):
                for child in called.instances.values():
                    if isinstance(child, ModuleInstance):
                        child.release()
        for cache in (self._variables, self._locals, self._outputs, self._calls,
                      self._expansions, self._bodies):
            cache.clear()
        self._caller = None

    @classmethod
    def root(cls, config: Configuration, source: ModuleSource) -> ModuleInstance:
        return cls(config, source, "", source.directory, None, (source.directory,))

    def scope(self, bindings: dict[str, Any] | None = None) -> Scope:
        return Scope(self, bindings, self.files)

    # --- variables -----------------------------------------------------------------------

    def variable(self, name: str) -> Any:
        return self.config.once(self._variables, name, lambda: self._variable_value(name),
                                lambda: self._cycle(f"var.{name}",
                                                    self.source.variables.get(name)))

    def _variable_value(self, name: str) -> Any:
        declaration = self.source.variables.get(name)
        if declaration is None:
            return EvaluationError(f"var.{name} is not declared")
        attrs = declaration.node["attrs"]
        value: Any = _NO_VALUE
        if self._caller is not None:
            caller, call, bindings = self._caller
            argument = call.node["attrs"].get(name)
            if argument is not None and name not in MODULE_CALL_META:
                value = evaluate(argument["expr"], caller.scope(bindings))
        else:
            values = self.config.root_variable_values(self.source.directory)
            if name in values:
                value = values[name]
        if value is None and "default" in attrs and _not_nullable(attrs):
            value = _NO_VALUE  # `nullable = false`: a null argument means the default
        if value is _NO_VALUE:
            if "default" not in attrs:
                return Unknown(f"var.{name} has no value", kind=UnknownKind.NO_VALUE)
            value = evaluate(attrs["default"]["expr"], EMPTY_SCOPE)
        return self._bounded(_convert_to_type(value, attrs.get("type")), f"var.{name}",
                             declaration)

    def _bounded(self, value: Any, what: str, declaration: Declaration) -> Any:
        """`value`, or an Unknown and an error (the file was not read completely) when it
        holds more than MAX_VALUE_NODES elements."""
        if isinstance(value, (dict, list)) \
                and count_nodes(value, MAX_VALUE_NODES) > MAX_VALUE_NODES:
            self.config.errors.add(declaration.file, declaration.node.get("line"),
                                   f"{what} holds more than {MAX_VALUE_NODES:,} values: not "
                                   "evaluated (work limit)")
            return Unknown(f"{what} is too large to evaluate", kind=UnknownKind.LIMIT)
        return value

    # --- locals and outputs --------------------------------------------------------------

    def local(self, name: str) -> Any:
        return self.config.once(self._locals, name, lambda: self._local_value(name),
                                lambda: self._cycle(f"local.{name}", self.source.locals.get(name)))

    def _local_value(self, name: str) -> Any:
        declaration = self.source.locals.get(name)
        if declaration is None:
            return EvaluationError(f"local.{name} is not declared")
        return self._bounded(evaluate(declaration.node["expr"], self.scope()), f"local.{name}",
                             declaration)

    def output(self, name: str) -> Any:
        return self.config.once(self._outputs, name, lambda: self._output_value(name),
                                lambda: self._cycle(f"output.{name}",
                                                    self.source.outputs.get(name)))

    def _output_value(self, name: str) -> Any:
        declaration = self.source.outputs.get(name)
        if declaration is None:
            return EvaluationError(f"the module has no output {name!r}")
        value = declaration.node["attrs"].get("value")
        if value is None:
            return EvaluationError(f"output {name!r} has no value")
        return self._bounded(evaluate(value["expr"], self.scope()), f"output.{name}",
                             declaration)

    def output_names(self) -> list[str]:
        return list(self.source.outputs)

    def _cycle(self, what: str, declaration: Declaration | None = None) -> Unknown:
        if declaration is not None:
            self.config.errors.add(declaration.file, declaration.node.get("line"),
                                   f"{what} is part of a reference cycle")
        return Unknown(f"{what} is part of a reference cycle", kind=UnknownKind.CYCLE)

    # --- resources and data sources ------------------------------------------------------

    def expansion(self, mode: str, type_: str, name: str) -> Expansion | None:
        """The instances of a resource or data source of this module (None if undeclared)."""
        key = (mode, type_, name)
        declaration = self.source.managed.get(key)
        if declaration is None:
            return None

        def on_cycle() -> Expansion:
            self.config.errors.add(declaration.file, declaration.node["line"],
                                   "count / for_each is part of a reference cycle")
            return Expansion("unknown", [(None, {})])

        return self.config.once(self._expansions, key,
                                lambda: expand(declaration.node["attrs"], self.scope()), on_cycle)

    def configured(self, type_: str, name: str, key: Any) -> dict[str, Any]:
        """The attributes the configuration gives a resource instance: what a reference to one
        of its arguments sees."""
        declaration = self.source.managed.get(("resource", type_, name))
        expansion = self.expansion("resource", type_, name)
        bindings = next((names for instance_key, names in (expansion.instances if expansion
                                                           else []) if instance_key == key),
                        None)
        if declaration is None or bindings is None:
            return {}
        return self.resource_body(declaration.node, type_, name, key, bindings)[0]

    def resource_body(self, block: dict[str, Any], type_: str, name: str, key: Any,
                      bindings: dict[str, Any]) -> Body:
        """A resource instance's attributes, worked out once for the resource itself and for
        the references to its arguments (a resource referred to was evaluated twice: a fifth
        of a cold build's time)."""
        def evaluated() -> Body:
            too_deep: list[tuple[int | None, str]] = []
            attributes, lines = block_attributes(
                block, self.scope(bindings), skip_attributes=RESOURCE_META_ATTRIBUTES,
                skip_blocks=RESOURCE_META_BLOCKS, too_deep=too_deep)
            return attributes, lines, too_deep

        return self.config.once(self._bodies, (type_, name, key), evaluated,
                                lambda: ({}, {}, []))

    def resource_instances(self, mode: str, type_: str, name: str) -> tuple[str, list[Any]]:
        expansion = self.expansion(mode, type_, name)
        if expansion is None:
            return "undeclared", []
        if expansion.kind in ("count", "for_each"):
            return expansion.kind, [key for key, _bindings in expansion.instances]
        return expansion.kind, []

    # --- called modules ------------------------------------------------------------------

    def called_module(self, name: str) -> CalledModule | Unknown:
        return self.config.once(self._calls, name, lambda: self._call_module(name),
                                lambda: self._cycle(f"module.{name}",
                                                    self.source.module_calls.get(name)))

    def _call_module(self, name: str) -> CalledModule | Unknown:
        call = self.source.module_calls.get(name)
        if call is None:
            return EvaluationError(f"module.{name} is not declared")
        address = f"{self.prefix}module.{name}"
        source_attr = call.node["attrs"].get("source")
        line = source_attr["line"] if source_attr else call.node["line"]
        source = module_call_source(call.node)
        if source is None:
            self.config.errors.add(call.file, line, f"module.{name} has no literal source")
            return Unknown(f"module.{name} has no literal source", (address,))
        directory = local_module_directory(self.source.directory, source)
        if directory is None:
            directory = self._installed_directory(name, call, line, source)
            if directory is None:
                return Unknown(f"module.{name} comes from {source}, which is not scanned",
                               (address,), kind=UnknownKind.NOT_READ)
        target = self.config.module_source(directory)
        if target is None and directory.startswith(DOWNLOADED_PREFIX):
            self.config.note_missing(("folder", directory))
        if target is None:
            problem = self.config.describe_missing_module(directory)
            if problem is None and is_installed(directory):
                problem = "was installed without .tf files; run `terraform init` again"
            if problem:
                self.config.errors.add(call.file, line, f"module.{name}: {source} {problem}")
            return Unknown(f"module.{name} ({source}) is not scanned", (address,),
                           kind=UnknownKind.NOT_READ)
        if directory in self._chain:
            cycle = " -> ".join(d or "." for d in (*self._chain, directory))
            self.config.errors.add(call.file, line, f"module.{name}: module call cycle ({cycle})")
            return Unknown(f"module.{name} calls itself", (address,), kind=UnknownKind.CYCLE)
        if len(self._chain) >= MAX_MODULE_DEPTH:
            self.config.errors.add(call.file, line, f"module.{name}: modules nested too deeply")
            return Unknown(f"module.{name} is nested too deeply", (address,),
                           kind=UnknownKind.LIMIT)
        expansion = expand(call.node["attrs"], self.scope())
        instances = {
            key: ModuleInstance(self.config, target, address + instance_suffix(key), self.root_dir,
                                (self, call, bindings), (*self._chain, directory),
                                (*self.module_path, name))
            for key, bindings in expansion.instances
        }
        return CalledModule(address, expansion.kind, instances)

    def _installed_directory(self, name: str, call: Declaration, line: int | None,
                             source: str) -> str | None:
        """The folder of the remote module a call names, as installed; None, with one notice
        per call, when it is not installed (or another source is)."""
        path = (*self.module_path, name)
        installed = self.config.installed_module(self.root_dir, path)
        version = literal_argument(call.node, "version")
        if installed is not None and installed.directory:
            if not same_source(source, installed.source):
                problem = (f"{installed.directory} holds {installed.source}, not this source: "
                           "run `terraform init` again, then scan again")
            elif not _version_allowed(installed.version, version):
                problem = (f"{installed.directory} holds version {installed.version}, which "
                           "the call's version constraint does not allow: run `terraform init` "
                           "again, then scan again")
            else:
                return installed.directory
        else:
            downloaded = self.config.downloaded.get((source, version or ""))
            if downloaded is not None and downloaded.directory:
                return downloaded.directory
            if downloaded is not None:  # --download-modules tried and said why it could not
                problem = downloaded.problem
            else:
                self.config.note_missing(("remote", source, version or ""))
                problem = None  # not installed: the notice names every root to init in
        address = ".".join(f"module.{part}" for part in path)
        version_text = f" version {version!r}" if isinstance(version, str) else ""
        self.config.unscanned_calls.add(call.file, line, f"{address} ({source}{version_text})",
                                        problem, self.root_dir)
        return None


def _version_allowed(installed: str, constraint: str | None) -> bool:
    """Whether the version init installed meets the call's constraint now (Terraform refuses
    to plan otherwise). An unreadable constraint or version is left to Terraform to judge."""
    if not installed or not constraint:
        return True
    try:
        return newest_matching([installed], constraint) is not None
    except ConstraintError:
        return True


_NO_VALUE = object()


def _not_nullable(attrs: dict[str, Any]) -> bool:
    """Whether a variable declares `nullable = false` (Terraform then gives a null argument
    the variable's default)."""
    nullable = attrs.get("nullable")
    return nullable is not None and evaluate(nullable["expr"], EMPTY_SCOPE) is False


def _convert_to_type(value: Any, type_attr: dict[str, Any] | None) -> Any:
    """The value as Terraform converts it to its variable's type: primitives (`"5"` for a
    number), and the attributes an object type declares with `optional(type, default)` filled
    in where the value leaves them out or sets them to null, at any depth (`list(object(...))`,
    `map(object(...))`, ...). A value that does not fit the type is left as it is."""
    if type_attr is None:
        return value
    expr = type_attr["expr"]
    try:
        return _converted(value, expr)
    except ConversionError as exc:
        return EvaluationError(f"value does not match type {expr[1]}: {exc}")


_PRIMITIVES = {"string": to_string, "number": to_number, "bool": to_bool}


def _converted(value: Any, type_expr: Any) -> Any:
    if isinstance(value, Unknown) or value is None or not isinstance(type_expr, list):
        return value
    if type_expr[0] == "ref" and not type_expr[2]:
        converter = _PRIMITIVES.get(type_expr[1])
        return converter(value) if converter is not None else value  # the variable's own type
    return _structured(value, type_expr)


def _structured(value: Any, type_expr: Any) -> Any:
    """Inside a structural type, a part that does not convert is left as it is."""
    if isinstance(value, Unknown) or value is None or not isinstance(type_expr, list):
        return value
    if type_expr[0] == "ref" and not type_expr[2]:
        converter = _PRIMITIVES.get(type_expr[1])
        try:
            return converter(value) if converter is not None else value
        except ConversionError:
            return value
    if type_expr[0] != "call" or len(type_expr[2]) != 1:
        return value
    kind, (inner,) = type_expr[1], type_expr[2]
    if kind in ("list", "set") and isinstance(value, list):
        return [_structured(item, inner) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {key: _structured(item, inner) for key, item in value.items()}
    if kind == "tuple" and isinstance(value, list) and isinstance(inner, list) \
            and inner[0] == "tuple" and len(inner[1]) == len(value):
        return [_structured(item, item_type) for item, item_type in zip(value, inner[1])]
    if kind == "object" and isinstance(value, dict) and isinstance(inner, list) \
            and inner[0] == "object":
        return _object(value, inner[1])
    return value


def _object(value: dict[str, Any], attributes: list[Any]) -> dict[str, Any]:
    result = dict(value)
    for key, attribute_type, _line in attributes:
        if not isinstance(key, str):
            continue
        optional = isinstance(attribute_type, list) and attribute_type[0] == "call" \
            and attribute_type[1] == "optional" and attribute_type[2]
        if not optional:
            if key in result:
                result[key] = _structured(result[key], attribute_type)
            continue
        inner, *default = attribute_type[2]
        if result.get(key) is None:
            result[key] = _structured(evaluate(default[0], EMPTY_SCOPE), inner) if default \
                else None
        else:
            result[key] = _structured(result[key], inner)
    return result

"""The resources of one module instance: resources, data sources, variables, providers and
outputs, with count/for_each expanded."""

from __future__ import annotations

from typing import Any, Iterator

from compliance.model import Location, Resource, Unknown
from compliance.resolve.terraform.block_values import block_attributes
from compliance.resolve.terraform.expansion import expand, instance_suffix
from compliance.resolve.terraform.expressions import evaluate
from compliance.resolve.terraform.module_instance import (
    RESOURCE_META_ATTRIBUTES,
    RESOURCE_META_BLOCKS,
    ModuleInstance,
)
from compliance.resolve.terraform.module_source import Declaration
from compliance.resolve.terraform.scope import EMPTY_SCOPE, Scope
from compliance.resolve.terraform.source_text import expression_text


def module_resources(instance: ModuleInstance) -> Iterator[Resource]:
    for declaration in instance.source.emitted:
        try:
            yield from _declaration_resources(instance, declaration)
        except RecursionError:
            _report(instance, declaration, "expressions nest too deeply to evaluate")
        except Exception as exc:  # noqa: BLE001 - one bad block must not end the scan
            _report(instance, declaration, f"internal error while evaluating this block: "
                                           f"{type(exc).__name__}: {exc}")


def _report(instance: ModuleInstance, declaration: Declaration, message: str) -> None:
    block = declaration.node
    instance.config.errors.add(declaration.file, block["line"],
                               f"{block['type']} {'.'.join(block['labels'])}: {message}")


def _attributes(instance: ModuleInstance, declaration: Declaration, scope: Scope,
                **options: Any) -> tuple[dict[str, Any], dict[str, int]]:
    """block_attributes, with each value too deep to evaluate reported against the block's
    file (the value is unknown; the resource and its other attributes are kept)."""
    too_deep: list[tuple[int | None, str]] = []
    attributes, lines = block_attributes(declaration.node, scope, too_deep=too_deep, **options)
    _report_too_deep(instance, declaration, too_deep)
    return attributes, lines


def _report_too_deep(instance: ModuleInstance, declaration: Declaration,
                     too_deep: list[tuple[int | None, str]]) -> None:
    for line, path in too_deep:
        instance.config.errors.add(declaration.file, line or declaration.node["line"],
                                   f"{path}: nested too deeply to evaluate (work limit); "
                                   "its value is unknown")


def _declaration_resources(instance: ModuleInstance,
                           declaration: Declaration) -> Iterator[Resource]:
    block = declaration.node
    kind = block["type"]
    if kind in ("resource", "data"):
        yield from _expanded(instance, declaration)
    elif kind == "variable":
        yield _variable(instance, declaration)
    elif kind == "provider":
        yield _provider(instance, declaration)
    elif kind == "output":
        attributes, lines = _attributes(instance, declaration, instance.scope(),
                                        skip_attributes=frozenset({"depends_on"}))
        yield _resource(instance, declaration, "output", block["labels"][0],
                        f"{instance.prefix}output.{block['labels'][0]}", attributes, lines)


def _resource(instance: ModuleInstance, declaration: Declaration, type_: str, name: str,
              address: str, attributes: dict[str, Any], lines: dict[str, int]) -> Resource:
    block = declaration.node
    return Resource(platform="terraform", type=type_, name=name, address=address,
                    attributes=attributes,
                    location=Location(declaration.file, block["line"], block["end_line"]),
                    lines=lines,
                    scope=instance.root_dir or ".")  # addresses are unique per root module


def _expanded(instance: ModuleInstance, declaration: Declaration) -> Iterator[Resource]:
    block = declaration.node
    resource_type, name = block["labels"]
    if block["type"] == "data":
        type_ = f"data.{resource_type}"
        address = f"{instance.prefix}data.{resource_type}.{name}"
    else:
        type_ = resource_type
        address = f"{instance.prefix}{resource_type}.{name}"
    # count = 0 or an empty for_each: the resource is not created, so nothing is emitted
    expansion = instance.expansion(block["type"], resource_type, name)
    for key, bindings in (expansion or expand(block["attrs"], instance.scope())).instances:
        if expansion is not None and \
                instance.source.managed.get(("resource", resource_type, name)) is declaration:
            # shared with the references to its arguments (`configured`); not a second
            # declaration of one address, which Terraform rejects
            attributes, lines, too_deep = instance.resource_body(block, resource_type, name,
                                                                 key, bindings)
            _report_too_deep(instance, declaration, too_deep)
        else:
            attributes, lines = _attributes(instance, declaration, instance.scope(bindings),
                                            skip_attributes=RESOURCE_META_ATTRIBUTES,
                                            skip_blocks=RESOURCE_META_BLOCKS)
        yield _resource(instance, declaration, type_, name, address + instance_suffix(key),
                        attributes, lines)


def _variable(instance: ModuleInstance, declaration: Declaration) -> Resource:
    block = declaration.node
    name = block["labels"][0]
    # the declaration as written (a control looks for secrets in literal defaults); the value
    # the variable ends up with is what references see
    attributes, lines = _attributes(instance, declaration, instance.scope(), evaluators={
        "type": lambda attr: expression_text(attr["expr"]),
        "default": lambda attr: evaluate(attr["expr"], EMPTY_SCOPE),
    })
    address = f"{instance.prefix}var.{name}"
    return _resource(instance, declaration, "variable", name, address, attributes, lines)


def _provider(instance: ModuleInstance, declaration: Declaration) -> Resource:
    block = declaration.node
    name = block["labels"][0]
    attributes, lines = _attributes(instance, declaration, instance.scope())
    alias = attributes.get("alias")
    address = f"{instance.prefix}provider.{name}"
    if isinstance(alias, str):
        address += f".{alias}"
    elif isinstance(alias, Unknown):
        address += ".(unknown alias)"
    return _resource(instance, declaration, "provider", name, address, attributes, lines)

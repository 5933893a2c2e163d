"""A block's body as resource attributes, in the shape of Terraform's JSON, with lines.

Attributes become their evaluated values; nested blocks become a list of dicts under their
type (`ingress = [{...}, {...}]`, even for one block; a labelled block nests under its labels);
`dynamic` blocks are expanded when their `for_each` is known, otherwise the block type's value
is Unknown. `lines` maps each attribute's display path (`ingress[1].cidr_blocks`, and keys of
object values such as `tags.Name`) to its line.
"""

from __future__ import annotations

from typing import Any, Callable

from compliance.model import Unknown, UnknownKind, format_path
from compliance.model.limits import MAX_VALUE_DEPTH, nesting_depth
from compliance.model.values import join_path
from compliance.resolve.terraform.expressions import evaluate, iteration_pairs
from compliance.resolve.terraform.scope import Scope
from compliance.resolve.terraform.values import (
    ConversionError,
    EvaluationError,
    as_plain,
    unknown_from,
)

AttributeEvaluator = Callable[[dict[str, Any]], Any]
_TOO_DEEP = object()


def block_attributes(block: dict[str, Any], scope: Scope, *,
                     skip_attributes: frozenset[str] = frozenset(),
                     skip_blocks: frozenset[str] = frozenset(),
                     evaluators: dict[str, AttributeEvaluator] | None = None,
                     too_deep: list[tuple[int | None, str]] | None = None,
                     ) -> tuple[dict[str, Any], dict[str, int]]:
    """(attributes, lines) of a block; the skips and evaluators apply to its top level only.
    An attribute whose value nests too deeply is unknown, and its (line, path) is added to
    `too_deep` for the caller to report."""
    attributes: dict[str, Any] = {}
    lines: dict[str, int] = {}
    _fill(block, scope, (), attributes, lines, skip_attributes, skip_blocks, evaluators or {},
          too_deep if too_deep is not None else [])
    return attributes, lines


def _attribute_value(attr: dict[str, Any], scope: Scope,
                     evaluator: AttributeEvaluator | None) -> Any:
    """The attribute's plain value, or _TOO_DEEP when it nests past MAX_VALUE_DEPTH (through
    references: locals that each wrap the one before) or recurses too deeply to evaluate."""
    try:
        value = as_plain(evaluator(attr) if evaluator else evaluate(attr["expr"], scope))
    except RecursionError:
        return _TOO_DEEP
    if isinstance(value, (dict, list)) and nesting_depth(value, MAX_VALUE_DEPTH) > MAX_VALUE_DEPTH:
        return _TOO_DEEP
    return value


def _fill(block: dict[str, Any], scope: Scope, path: tuple[str | int, ...], out: dict[str, Any],
          lines: dict[str, int], skip_attributes: frozenset[str], skip_blocks: frozenset[str],
          evaluators: dict[str, AttributeEvaluator], too_deep: list[tuple[int | None, str]]
          ) -> None:
    prefix = format_path(path)  # once: each attribute's display path extends it
    for name, attr in block["attrs"].items():
        if name in skip_attributes:
            continue
        attr_path = (*path, name)
        value = _attribute_value(attr, scope, evaluators.get(name))
        if value is _TOO_DEEP:
            too_deep.append((attr.get("line"), join_path(prefix, name)))
            value = Unknown("nested too deeply to evaluate (work limit)", kind=UnknownKind.LIMIT)
        out[name] = value
        if attr.get("line"):
            lines[join_path(prefix, name)] = attr["line"]
        _object_key_lines(attr["expr"], attr_path, lines)
    for nested in block["blocks"]:
        kind = nested["type"]
        if kind in skip_blocks:
            continue
        if kind == "dynamic":
            _dynamic(nested, scope, path, out, lines, too_deep)
            continue
        items = _block_list(out, kind)
        if items is None:
            continue
        item_path = (*path, kind, len(items))
        lines[join_path(join_path(prefix, kind), len(items))] = nested["line"]
        body: dict[str, Any] = {}
        labels = nested["labels"]
        _fill(nested, scope, (*item_path, *labels), body, lines, frozenset(), frozenset(), {},
              too_deep)
        for label in reversed(labels):
            body = {label: body}
        items.append(body)


def _block_list(out: dict[str, Any], kind: str) -> list[Any] | None:
    """The list the blocks of a type collect in; None when that type is already Unknown."""
    existing = out.get(kind)
    if isinstance(existing, Unknown):
        return None
    if not isinstance(existing, list):
        existing = out[kind] = []
    return existing


# calls whose single argument's object keys still name parts of the value: an OpenAPI `body`
# written as jsonencode({...}) is located key by key (see compliance/embedded.py), and so are
# the objects of a list, such as an ECS task's jsonencode([{...}]) container definitions
_ENCODINGS = frozenset({"jsonencode", "yamlencode", "base64encode"})


def _object_key_lines(expr: Any, path: tuple[str | int, ...], lines: dict[str, int]) -> None:
    if type(expr) is list and expr[0] == "call" and expr[1] in _ENCODINGS and len(expr[2]) == 1:
        _object_key_lines(expr[2][0], path, lines)
    elif type(expr) is list and expr[0] == "tuple":
        for index, item in enumerate(expr[1]):
            _object_key_lines(item, (*path, index), lines)
    elif type(expr) is list and expr[0] == "object":
        for key, value, line in expr[1]:
            if type(key) is str:
                key_path = (*path, key)
                if line:
                    lines[format_path(key_path)] = line
                _object_key_lines(value, key_path, lines)


def _dynamic(block: dict[str, Any], scope: Scope, path: tuple[str | int, ...], out: dict[str, Any],
             lines: dict[str, int], too_deep: list[tuple[int | None, str]]) -> None:
    if not block["labels"]:
        return
    kind = block["labels"][0]
    attrs = block["attrs"]
    content = next((nested for nested in block["blocks"] if nested["type"] == "content"), None)
    iterator = kind
    iterator_attr = attrs.get("iterator")
    if iterator_attr is not None:
        expr = iterator_attr["expr"]
        if type(expr) is list and expr[0] == "ref" and not expr[2]:
            iterator = expr[1]
    for_each = (evaluate(attrs["for_each"]["expr"], scope) if "for_each" in attrs
                else EvaluationError("dynamic block without for_each"))
    if content is None:
        for_each = EvaluationError("dynamic block without content")
    pairs: list[tuple[Any, Any]] | None = None
    if not isinstance(for_each, Unknown):
        try:
            pairs = iteration_pairs(for_each)
        except ConversionError as exc:
            for_each = EvaluationError(f"dynamic {kind}: {exc}")
    kind_path = (*path, kind)
    if pairs is None:
        # how many blocks there are is not known, so neither is the block type's value
        causes = [for_each, out.get(kind)]  # refs of an earlier unknown block of the type too
        out[kind] = as_plain(unknown_from([c for c in causes if isinstance(c, Unknown)]))
        lines.setdefault(format_path(kind_path), block["line"])
        return
    if not pairs:
        return  # no blocks: the same as writing none
    items = _block_list(out, kind)
    if items is None:
        return
    for key, value in pairs:
        inner = scope.bind({iterator: {"key": key, "value": value}})
        item_path = (*kind_path, len(items))
        lines[format_path(item_path)] = block["line"]
        body: dict[str, Any] = {}
        _fill(content, inner, item_path, body, lines, frozenset(), frozenset(), {}, too_deep)
        items.append(body)

"""Evaluate the parser's expression IR (see `compliance.parsers.terraform_hcl`) to values.

Whatever can't be known statically comes out as `Unknown` (with the addresses of the
resources it depends on), and whatever Terraform would reject comes out as an
`EvaluationError`; evaluation itself never raises for bad input.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from compliance.model import PartialText, Unknown, UnknownKind, known_pieces, may_be
from compliance.model.values import joined_pieces
from compliance.resolve.terraform.origins import placeholder
from compliance.resolve.terraform.scope import CalledModule, Scope
from compliance.resolve.terraform.source_text import expression_text, reference_text, steps_text
from compliance.resolve.terraform.values import (
    MAX_ITEMS,
    MAX_STRING_LENGTH,
    ConversionError,
    EvaluationError,
    SetValue,
    is_known,
    normalize_number,
    object_key,
    terraform_equal,
    to_bool,
    to_number,
    to_string,
    unknown_from,
)


def evaluate(expr: Any, scope: Scope) -> Any:
    if type(expr) is list:
        return _NODES[expr[0]](expr, scope)
    if type(expr) is float:
        return normalize_number(expr) if math.isfinite(expr) else EvaluationError("invalid number")
    return expr


# --- collections -------------------------------------------------------------------------


def _tuple(node: list[Any], scope: Scope) -> list[Any]:
    return [evaluate(item, scope) for item in node[1]]


def _object(node: list[Any], scope: Scope) -> Any:
    result: dict[str, Any] = {}
    for key_expr, value_expr, _line in node[1]:
        key = key_expr if type(key_expr) is str else evaluate(key_expr, scope)
        if isinstance(key, Unknown):
            return unknown_from([key])  # which keys the object has is not known
        try:
            key = object_key(key)
        except ConversionError as exc:
            return EvaluationError(str(exc))
        result[key] = evaluate(value_expr, scope)
    return result


# --- templates ---------------------------------------------------------------------------


def _template(node: list[Any], scope: Scope) -> Any:
    parts = node[1]
    if len(parts) == 1 and type(parts[0]) is list and parts[0][0] not in ("%if", "%for"):
        return evaluate(parts[0], scope)  # "${x}" is x itself, not converted to a string
    pieces: list[Any] = []
    unknowns: list[Any] = []
    _render(parts, scope, pieces, unknowns)
    if unknowns:
        return _partly_known(pieces, unknowns)
    if sum(map(len, pieces)) > MAX_STRING_LENGTH:
        return Unknown("the string is too long to evaluate", kind=UnknownKind.LIMIT)
    return "".join(pieces)


class _Gap:
    """An unknown interpolation in rendered text: its placeholder, and what is known of it."""

    __slots__ = ("placeholder", "pieces")

    def __init__(self, placeholder: str, pieces: tuple[str | None, ...] | None):
        self.placeholder = placeholder
        self.pieces = pieces


def _partly_known(pieces: list[Any], unknowns: list[Any]) -> Unknown:
    """The Unknown of a template, keeping what is known of its text in `partial` when no
    directive depends on an unknown value (see `PartialText`): its known pieces, and for a
    multi-line template its text with placeholders."""
    unknown = unknown_from(unknowns)
    if None in pieces or any(isinstance(u, EvaluationError) for u in unknowns):
        return unknown
    size = sum(len(p.placeholder) if isinstance(p, _Gap) else len(p) for p in pieces)
    if size > MAX_STRING_LENGTH:
        return unknown
    text = "".join(p.placeholder if isinstance(p, _Gap) else p for p in pieces)
    return Unknown(unknown.reason, unknown.refs,
                   PartialText(unknown.reason, unknown.refs, text=text if "\n" in text else "",
                               pieces=_merged(pieces)),
                   kind=unknown.kind)


def _merged(pieces: list[Any]) -> tuple[str | None, ...]:
    """Known stretches joined, unknown ones (None) collapsed: a gap known in part contributes
    its own pieces."""
    return joined_pieces(item for piece in pieces for item in (
        (piece.pieces or (None,)) if isinstance(piece, _Gap) else (piece,)))


def _render(parts: list[Any], scope: Scope, pieces: list[Any], unknowns: list[Any]) -> None:
    """Append the rendered text to `pieces`: a `_Gap` for an unknown interpolation, None
    where an unknown decides a directive."""
    for part in parts:
        if type(part) is str:
            pieces.append(part)
            continue
        kind = part[0]
        if kind == "%if":
            condition = evaluate(part[1], scope)
            if isinstance(condition, Unknown):
                unknowns.append(condition)
                pieces.append(None)
                continue
            try:
                branch = part[2] if to_bool(condition) else part[3]
            except ConversionError as exc:
                unknowns.append(EvaluationError(f"template condition: {exc}"))
                continue
            _render(branch, scope, pieces, unknowns)
        elif kind == "%for":
            collection = evaluate(part[3], scope)
            if isinstance(collection, Unknown):
                unknowns.append(collection)
                pieces.append(None)
                continue
            try:
                pairs = iteration_pairs(collection)
            except ConversionError as exc:
                unknowns.append(EvaluationError(f"template for: {exc}"))
                continue
            for key, value in pairs:
                names = {part[2]: value}
                if part[1] is not None:
                    names[part[1]] = key
                _render(part[4], scope.bind(names), pieces, unknowns)
        else:
            value = evaluate(part, scope)
            if isinstance(value, Unknown):
                unknowns.append(value)
                pieces.append(_Gap(placeholder(expression_text(part)), known_pieces(value)))
                continue
            try:
                pieces.append(to_string(value))
            except ConversionError as exc:
                unknowns.append(EvaluationError(f"interpolation: {exc}"))


# --- references --------------------------------------------------------------------------


def _reference(node: list[Any], scope: Scope) -> Any:
    name = node[1]
    steps = node[2]
    bindings = scope.bindings
    if name in bindings:
        return traverse(bindings[name], steps, scope)
    handler = _ROOT_NAMES.get(name)
    if handler is not None:
        return handler(name, steps, scope)
    return _resource_reference(name, steps, scope)


def _traversal(node: list[Any], scope: Scope) -> Any:
    return traverse(evaluate(node[1], scope), node[2], scope)


def traverse(value: Any, steps: list[Any], scope: Scope) -> Any:
    for step in steps:
        if isinstance(value, Unknown):
            return value
        if type(step) is str:
            value = _attribute(value, step)
        elif step[0] == "index":
            value = _index(value, evaluate(step[1], scope))
        else:  # splat: the inner steps apply to each item
            if value is None:
                value = []
            elif isinstance(value, list):
                value = [traverse(item, step[1], scope) for item in value]
            else:
                value = [traverse(value, step[1], scope)]
    return value


def _attribute(value: Any, name: str) -> Any:
    if isinstance(value, dict):
        if name in value:
            return value[name]
        return EvaluationError(f'no attribute "{name}"')
    if value is None:
        return EvaluationError(f'attribute "{name}" of a null value')
    return EvaluationError(f'attribute "{name}" of a {type(value).__name__} value')


def _index(value: Any, key: Any) -> Any:
    if isinstance(key, Unknown):
        return unknown_from([key, value])
    if isinstance(value, list):
        try:
            number = to_number(key)
        except ConversionError as exc:
            return EvaluationError(f"list index: {exc}")
        if number != int(number) or not 0 <= number < len(value):
            return EvaluationError(f"index {key} out of range")
        return value[int(number)]
    if isinstance(value, dict):
        try:
            key = object_key(key)
        except ConversionError as exc:
            return EvaluationError(f"map key: {exc}")
        if key in value:
            return value[key]
        return EvaluationError(f'no key "{key}"')
    return EvaluationError("only lists and maps can be indexed")


def _module_name(kind: str, steps: list[Any], scope: Scope) -> tuple[str, list[Any]] | Any:
    """The declared name after `var.` / `local.` / `module.`, and the steps after it."""
    if not steps or type(steps[0]) is not str:
        return EvaluationError(f"invalid reference to {kind}")
    if scope.module is None:
        return EvaluationError(f"{reference_text(kind, steps[:1])} is not available here")
    return steps[0], steps[1:]


def _variable(kind: str, steps: list[Any], scope: Scope) -> Any:
    found = _module_name(kind, steps, scope)
    if not isinstance(found, tuple):
        return found
    name, rest = found
    return _named_traversal(kind, steps, scope.module.variable(name), rest, scope)


def _local(kind: str, steps: list[Any], scope: Scope) -> Any:
    found = _module_name(kind, steps, scope)
    if not isinstance(found, tuple):
        return found
    name, rest = found
    return _named_traversal(kind, steps, scope.module.local(name), rest, scope)


def _named_traversal(kind: str, steps: list[Any], value: Any, rest: list[Any], scope: Scope) -> Any:
    result = traverse(value, rest, scope)
    if isinstance(result, EvaluationError) and rest and not isinstance(value, Unknown):
        # say where: 'var.cfg.tags: no attribute "tags"' rather than only the second half
        return EvaluationError(f"{reference_text(kind, steps)}: {result.reason}", result.refs)
    return result


def _module_reference(kind: str, steps: list[Any], scope: Scope) -> Any:
    found = _module_name(kind, steps, scope)
    if not isinstance(found, tuple):
        return found
    name, rest = found
    called = scope.module.called_module(name)
    if not isinstance(called, CalledModule):
        return called  # an Unknown: not scanned, missing, a cycle
    if called.expansion in ("single", "unknown"):
        if called.expansion == "unknown" and rest and type(rest[0]) is list:
            if rest[0][0] != "index":  # module.m[*]: how many there are is not known
                return Unknown(f"{called.address} has an unknown number of instances",
                               (called.address,))
            rest = rest[1:]  # one instance stands for every key
        if not called.instances:
            return EvaluationError(f"{called.address} has no instances")
        return _module_outputs(next(iter(called.instances.values())), rest, scope)
    if rest and type(rest[0]) is list and rest[0][0] == "index":
        key = evaluate(rest[0][1], scope)
        if isinstance(key, Unknown):
            return unknown_from([key])
        if called.expansion == "count":
            try:
                key = to_number(key)
            except ConversionError as exc:
                return EvaluationError(str(exc))
        child = called.instances.get(key)
        if child is None:
            return EvaluationError(f"{called.address} has no instance {key!r}")
        return _module_outputs(child, rest[1:], scope)
    everything: Any = {key: _all_outputs(child) for key, child in called.instances.items()}
    if called.expansion == "count":
        everything = list(everything.values())
    return traverse(everything, rest, scope)


def _module_outputs(child: Any, steps: list[Any], scope: Scope) -> Any:
    if steps and type(steps[0]) is str:
        return traverse(child.output(steps[0]), steps[1:], scope)
    return traverse(_all_outputs(child), steps, scope)


def _all_outputs(child: Any) -> dict[str, Any]:
    return {name: child.output(name) for name in child.output_names()}


def _data_reference(kind: str, steps: list[Any], scope: Scope) -> Any:
    if len(steps) < 2 or type(steps[0]) is not str or type(steps[1]) is not str:
        return EvaluationError("invalid reference to a data source")
    if scope.module is None:
        return EvaluationError("data sources are not available here")
    return _managed_reference("data", steps[0], steps[1], steps[2:], scope)


def _resource_reference(name: str, steps: list[Any], scope: Scope) -> Any:
    if not steps or type(steps[0]) is not str:
        return EvaluationError(f'unknown name "{name}"')
    if scope.module is None:
        return EvaluationError(f"{reference_text(name, steps[:1])} is not available here")
    return _managed_reference("resource", name, steps[0], steps[1:], scope)


def _managed_reference(mode: str, type_: str, name: str, rest: list[Any], scope: Scope) -> Any:
    """A resource's or data source's attributes are known only to the provider; but which
    instances it has is known when its count / for_each is, so `aws_x.y[0]`, `length(aws_x.y)`
    and `for_each = aws_x.y` can be followed."""
    prefix = scope.module.prefix
    address = f"{prefix}data.{type_}.{name}" if mode == "data" else f"{prefix}{type_}.{name}"
    text = f"{address}{steps_text(rest)}"
    reason = f"{text} is {'read from the provider' if mode == 'data' else 'known only after apply'}"
    expansion, keys = scope.module.resource_instances(mode, type_, name)
    placeholder = Unknown(reason, (address,), kind=UnknownKind.APPLY_TIME)
    if mode == "resource" and expansion in ("single", "count", "for_each"):
        configured = _configured_argument(expansion, keys, type_, name, rest, scope, placeholder)
        if configured is not None:
            return configured
    if expansion not in ("count", "for_each"):
        return placeholder
    instances: Any = ([placeholder] * len(keys) if expansion == "count"
                      else dict.fromkeys(keys, placeholder))
    result = traverse(instances, rest, scope)
    return result


def _configured_argument(expansion: str, keys: list[Any], type_: str, name: str,
                         steps: list[Any], scope: Scope, placeholder: Unknown) -> Unknown | None:
    """`aws_x.y.arg` where the configuration gives the instance's `arg` a string: the plan
    holds that string, so it is what comparisons see (as the known pieces of the Unknown,
    which keeps its ref: the reference still connects the two resources). None otherwise:
    a computed attribute, a whole instance, an instance whose key is not known."""
    key = None
    if expansion != "single":
        if not steps or type(steps[0]) is str or steps[0][0] != "index":
            return None
        key = evaluate(steps[0][1], scope)
        if expansion == "count" and not isinstance(key, Unknown):
            try:
                key = to_number(key)
            except ConversionError:
                return None
        if isinstance(key, Unknown) or key not in keys:
            return None
        steps = steps[1:]
    if not steps or type(steps[0]) is not str:
        return None
    value: Any = scope.module.configured(type_, name, key)
    for step in steps:
        if type(step) is str and isinstance(value, dict) and step in value:
            value = value[step]
        elif type(step) is list and step[0] == "index" and isinstance(value, list):
            index = evaluate(step[1], scope)
            if isinstance(index, Unknown) or not isinstance(index, int) \
                    or not 0 <= index < len(value):
                return None
            value = value[index]
        else:
            return None
    if isinstance(value, str):
        pieces: tuple[str | None, ...] = (value,)
    elif isinstance(value, Unknown) and known_pieces(value):
        pieces = known_pieces(value)
    else:
        return None
    return Unknown(placeholder.reason, placeholder.refs,
                   PartialText(placeholder.reason, placeholder.refs, pieces=pieces),
                   kind=UnknownKind.APPLY_TIME)


def _path(kind: str, steps: list[Any], scope: Scope) -> Any:
    if not steps or scope.module is None:
        return EvaluationError("invalid reference to path")
    if steps[0] == "module":
        return traverse(scope.module.path_module, steps[1:], scope)
    if steps[0] == "root":
        return traverse(scope.module.path_root, steps[1:], scope)
    if steps[0] == "cwd":
        return Unknown("path.cwd depends on where terraform runs")
    return EvaluationError(f"unknown path.{steps[0]}")


def _terraform(kind: str, steps: list[Any], scope: Scope) -> Any:
    if steps and steps[0] == "workspace":
        return Unknown("terraform.workspace is chosen when terraform runs")
    return EvaluationError("unknown terraform.* value")


def _unbound(kind: str, steps: list[Any], scope: Scope) -> Any:
    # count / each / self outside the blocks that define them (bound ones never get here)
    if kind == "self":
        return Unknown("self is known only after apply", kind=UnknownKind.APPLY_TIME)
    return EvaluationError(f"{kind}.* is only available in a block with "
                           f"{'count' if kind == 'count' else 'for_each'}")


_ROOT_NAMES: dict[str, Callable[[str, list[Any], Scope], Any]] = {
    "var": _variable,
    "local": _local,
    "module": _module_reference,
    "data": _data_reference,
    "path": _path,
    "terraform": _terraform,
    "count": _unbound,
    "each": _unbound,
    "self": _unbound,
}


# --- operators ---------------------------------------------------------------------------


def _arithmetic(operator: str, left: Any, right: Any) -> Any:
    a, b = to_number(left), to_number(right)
    if operator == "+":
        result = a + b
    elif operator == "-":
        result = a - b
    elif operator == "*":
        result = a * b
    elif operator == "/":
        if b == 0:
            return EvaluationError("division by zero")
        result = a / b
    elif operator == "%":
        if b == 0:
            return EvaluationError("modulo by zero")
        result = _truncated_modulo(a, b)
    elif operator == "<":
        return a < b
    elif operator == ">":
        return a > b
    elif operator == "<=":
        return a <= b
    else:
        return a >= b
    return normalize_number(result)


def _truncated_modulo(a: int | float, b: int | float) -> int | float:
    # Terraform's % keeps the sign of the dividend (like Go), Python's keeps the divisor's
    result = abs(a) % abs(b)
    return -result if a < 0 else result


def _operation(node: list[Any], scope: Scope) -> Any:
    operator = node[1]
    if operator in ("&&", "||"):
        return _logic(operator, node[2], node[3], scope)
    left = evaluate(node[2], scope)
    right = evaluate(node[3], scope)
    if operator in ("==", "!="):
        equal = _equal(left, right)
        if equal is None:
            return unknown_from([left, right])
        return equal if operator == "==" else not equal
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return unknown_from([left, right])
    try:
        return _arithmetic(operator, left, right)
    except ConversionError as exc:
        return EvaluationError(f"operator {operator}: {exc}")


def _equal(left: Any, right: Any) -> bool | None:
    """Equality as Terraform decides it before apply: None when unknown parts could change the
    answer. A value known to be there (a map with unknown values) is not null, collections
    whose keys or lengths differ are not equal, whatever their unknown items, and a string
    whose known parts rule a text out is not that text."""
    if is_known(left) and is_known(right):
        return terraform_equal(left, right)
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        unknown, other = (left, right) if isinstance(left, Unknown) else (right, left)
        pieces = known_pieces(unknown)
        if pieces and isinstance(other, str):
            if None not in pieces:  # another resource's argument, as configured
                return pieces[0] == other
            if not may_be(pieces, other):
                return False  # "arn:${partition}:..." is not "" whatever the partition
        return None
    if left is None or right is None:
        return False  # only one is null: the other is a known value with unknowns inside
    if isinstance(left, dict) and isinstance(right, dict) and left.keys() != right.keys():
        return False
    if isinstance(left, list) and isinstance(right, list) and len(left) != len(right):
        return False
    return None


def _logic(operator: str, left_expr: Any, right_expr: Any, scope: Scope) -> Any:
    # a known side that decides the result decides it, even when the other side is unknown
    deciding = operator == "||"
    left = _as_bool(evaluate(left_expr, scope))
    if left is deciding:
        return deciding
    right = _as_bool(evaluate(right_expr, scope))
    if right is deciding:
        return deciding
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return unknown_from([left, right])
    return not deciding


def _as_bool(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    try:
        return to_bool(value)
    except ConversionError as exc:
        return EvaluationError(str(exc))


def _negation(node: list[Any], scope: Scope) -> Any:
    value = evaluate(node[1], scope)
    if isinstance(value, Unknown):
        return value
    try:
        return normalize_number(-to_number(value))
    except ConversionError as exc:
        return EvaluationError(f"operator -: {exc}")


def _not(node: list[Any], scope: Scope) -> Any:
    value = _as_bool(evaluate(node[1], scope))
    return value if isinstance(value, Unknown) else not value


def _conditional(node: list[Any], scope: Scope) -> Any:
    condition = _as_bool(evaluate(node[1], scope))
    if not isinstance(condition, Unknown):
        return evaluate(node[2] if condition else node[3], scope)
    if isinstance(condition, EvaluationError):
        return condition
    if_true = evaluate(node[2], scope)
    if_false = evaluate(node[3], scope)
    if is_known(if_true) and is_known(if_false) and terraform_equal(if_true, if_false):
        return if_true
    return unknown_from([condition, if_true, if_false])


# --- for expressions ---------------------------------------------------------------------


def iteration_pairs(collection: Any) -> list[tuple[Any, Any]]:
    """(key, value) pairs in Terraform's order: list positions, set items, map keys sorted."""
    if isinstance(collection, SetValue):
        return [(item, item) for item in collection]
    if isinstance(collection, list):
        return list(enumerate(collection))
    if isinstance(collection, dict):
        return [(key, collection[key]) for key in sorted(collection)]
    raise ConversionError(f"can't iterate over a {type(collection).__name__} value")


def _for_items(node: list[Any], collection_expr: Any, condition_expr: Any, scope: Scope):
    """The scopes of the items a for expression keeps, or an Unknown / EvaluationError."""
    collection = evaluate(collection_expr, scope)
    if isinstance(collection, Unknown):
        return collection
    try:
        pairs = iteration_pairs(collection)
    except ConversionError as exc:
        return EvaluationError(f"for: {exc}")
    key_var, value_var = node[1], node[2]
    scopes = []
    for key, value in pairs:
        names = {value_var: value}
        if key_var is not None:
            names[key_var] = key
        inner = scope.bind(names)
        if condition_expr is not None:
            keep = _as_bool(evaluate(condition_expr, inner))
            if isinstance(keep, Unknown):
                return keep  # which items are kept is not known
            if not keep:
                continue
        scopes.append(inner)
    return scopes


def _for_tuple(node: list[Any], scope: Scope) -> Any:
    items = _for_items(node, node[3], node[5], scope)
    if isinstance(items, Unknown):
        return items
    if len(items) > MAX_ITEMS:
        return Unknown("the collection is too large to evaluate", kind=UnknownKind.LIMIT)
    return [evaluate(node[4], inner) for inner in items]


def _for_object(node: list[Any], scope: Scope) -> Any:
    items = _for_items(node, node[3], node[6], scope)
    if isinstance(items, Unknown):
        return items
    if len(items) > MAX_ITEMS:
        return Unknown("the collection is too large to evaluate", kind=UnknownKind.LIMIT)
    grouping = node[7]
    result: dict[str, Any] = {}
    for inner in items:
        key = evaluate(node[4], inner)
        if isinstance(key, Unknown):
            return unknown_from([key])
        try:
            key = object_key(key)
        except ConversionError as exc:
            return EvaluationError(f"for: {exc}")
        value = evaluate(node[5], inner)
        if grouping:
            result.setdefault(key, []).append(value)
        elif key in result:
            return EvaluationError(f'for: duplicate key "{key}" (use ... to group)')
        else:
            result[key] = value
    return result


# --- function calls ----------------------------------------------------------------------


def _call(node: list[Any], scope: Scope) -> Any:
    from compliance.resolve.terraform.functions import (
        call_function,  # functions evaluate expressions too
    )

    return call_function(node[1], node[2], node[3], scope)


def _invalid(node: list[Any], scope: Scope) -> Any:
    return EvaluationError(node[1])


_NODES: dict[str, Callable[[list[Any], Scope], Any]] = {
    "tuple": _tuple,
    "object": _object,
    "tpl": _template,
    "ref": _reference,
    "trav": _traversal,
    "call": _call,
    "op": _operation,
    "neg": _negation,
    "not": _not,
    "cond": _conditional,
    "for": _for_tuple,
    "forobj": _for_object,
    "invalid": _invalid,
}


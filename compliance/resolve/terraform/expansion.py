"""`count` and `for_each`: how many instances a resource, data source or module call has.

Known values expand into instances keyed like Terraform's addresses (`[0]`, `["key"]`), each
with its `count.index` / `each.key` / `each.value` bound. A value that isn't known statically
gives one instance standing for all of them, with those names bound to Unknowns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from compliance.model import Unknown, UnknownKind
from compliance.resolve.terraform.expressions import evaluate
from compliance.resolve.terraform.scope import Scope
from compliance.resolve.terraform.values import (
    ConversionError,
    EvaluationError,
    first_unknown,
    to_number,
    unknown_from,
)

# Beyond this many instances one stands for all: a real configuration rarely comes close.
MAX_INSTANCES = 1000


@dataclass(frozen=True, slots=True)
class Expansion:
    kind: str  # "single", "count", "for_each" or "unknown"
    instances: list[tuple[Any, dict[str, Any]]]  # (key or None, names bound in the instance)


def instance_suffix(key: Any) -> str:
    if key is None:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    return f"[{json.dumps(key, ensure_ascii=False)}]"


def expand(attrs: dict[str, Any], scope: Scope) -> Expansion:
    if "count" in attrs:
        return _count(evaluate(attrs["count"]["expr"], scope))
    if "for_each" in attrs:
        return _for_each(evaluate(attrs["for_each"]["expr"], scope))
    return Expansion("single", [(None, {})])


def _count(value: Any) -> Expansion:
    if isinstance(value, Unknown):
        return _unknown("count", value)
    try:
        number = to_number(value)
    except ConversionError as exc:
        return _unknown("count", EvaluationError(f"count: {exc}"))
    if number != int(number) or number < 0:
        return _unknown("count", EvaluationError(f"count must be a whole number >= 0: {number}"))
    if number > MAX_INSTANCES:
        return _unknown("count", Unknown(f"count of {number} is too many to expand",
                                             kind=UnknownKind.LIMIT))
    return Expansion("count", [(i, {"count": {"index": i}}) for i in range(int(number))])


def _for_each(value: Any) -> Expansion:
    if isinstance(value, dict):
        keys = sorted(value)
        pairs = [(key, value[key]) for key in keys]
    elif isinstance(value, list):
        # Terraform wants a set of strings; a list of strings is taken as one
        if first_unknown(value) is not None:
            return _unknown("for_each", unknown_from(value))
        if not all(isinstance(item, str) for item in value):
            return _unknown("for_each", EvaluationError("for_each needs a map or a set of strings"))
        pairs = [(item, item) for item in sorted(set(value))]
    elif isinstance(value, Unknown):
        return _unknown("for_each", value)
    else:
        return _unknown("for_each", EvaluationError("for_each needs a map or a set of strings"))
    if len(pairs) > MAX_INSTANCES:
        return _unknown("for_each", Unknown(f"for_each of {len(pairs)} items is too many",
                                                kind=UnknownKind.LIMIT))
    return Expansion("for_each", [(key, {"each": {"key": key, "value": item}})
                                  for key, item in pairs])


def _unknown(meta_argument: str, cause: Unknown) -> Expansion:
    placeholder = Unknown(f"{meta_argument} is not known statically ({cause.reason})", cause.refs,
                          kind=cause.kind)
    if meta_argument == "count":
        names = {"count": {"index": placeholder}}
    else:
        names = {"each": {"key": placeholder, "value": placeholder}}
    return Expansion("unknown", [(None, names)])


"""Terraform values as Python values, and the rules for combining unknown ones.

Known values are None, bool, int, float, str, list (tuples and lists; sets are `SetValue`, a
list subclass) and dict (objects and maps). Anything that can't be known statically is an
`Unknown`; collections may hold Unknowns next to known items (a partially known value).

`EvaluationError` is an Unknown that stands for "Terraform would reject this" (a missing
attribute, an index out of range, a type mismatch). `try()` and `can()` must tell it from a
value that is merely unknown until apply; everywhere else it behaves like any Unknown, and it
is turned into a plain Unknown before it leaves the resolver.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Iterable

from compliance.model import Unknown


@dataclass(frozen=True, slots=True)
class EvaluationError(Unknown):
    """An expression Terraform would reject: unknown here, with the reason."""


class SetValue(list):
    """A Terraform set (from toset() and the set functions): a list whose items are their own
    keys when iterated (`each.key`, a dynamic block's iterator key, a for expression's key)."""


def refs_of(value: Any, into: dict[str, None] | None = None) -> dict[str, None]:
    """The refs of every Unknown inside `value`, in first-seen order (a dict as ordered set)."""
    found: dict[str, None] = {} if into is None else into
    if isinstance(value, Unknown):
        for ref in value.refs:
            found[ref] = None
    elif isinstance(value, dict):
        for item in value.values():
            refs_of(item, found)
    elif isinstance(value, list):
        for item in value:
            refs_of(item, found)
    return found


def first_unknown(value: Any) -> Unknown | None:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, dict):
        value = value.values()
    elif not isinstance(value, list):
        return None
    for item in value:
        found = first_unknown(item)
        if found is not None:
            return found
    return None


def is_known(value: Any) -> bool:
    """Wholly known: no Unknown anywhere inside."""
    return first_unknown(value) is None


def unknown_from(values: Iterable[Any], reason: str | None = None) -> Unknown:
    """An Unknown standing for a result computed from `values` (at least one not known).

    It keeps the first unknown's reason unless one is given, and the union of all refs. It
    is an EvaluationError only when the first unknown input is one.
    """
    refs: dict[str, None] = {}
    first: Unknown | None = None
    for value in values:
        if first is None:
            first = first_unknown(value)
        refs_of(value, refs)
    if first is None:
        return Unknown(reason or "unknown", tuple(refs))
    cls = type(first) if reason is None else Unknown
    return cls(reason or first.reason, tuple(refs), kind=first.kind)


def as_plain(value: Any) -> Any:
    """The value with every EvaluationError turned into a plain Unknown."""
    if isinstance(value, EvaluationError):
        return Unknown(value.reason, value.refs, kind=value.kind)
    if isinstance(value, dict):
        return {key: as_plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_plain(item) for item in value]
    return value


# --- conversions -------------------------------------------------------------------------


# Limits that keep a hostile configuration (strings or lists doubled through a chain of
# locals, huge numbers) from exhausting memory or time; no real configuration comes close.
MAX_STRING_LENGTH = 4_000_000
MAX_ITEMS = 100_000
# Elements of one local, output or variable value, a shared part counted each time it occurs:
# locals that double at each level make a few lines stand for billions of elements, and every
# later walk over the value (checks, masking, evidence) would pay for each of them.
MAX_VALUE_NODES = 200_000
MAX_INTEGER = 2**63


class ConversionError(ValueError):
    """A value of the wrong type for an operation; becomes an EvaluationError."""


def count_nodes(value: Any, limit: int) -> int:
    """How many elements `value` holds, counting stops a little past `limit`."""
    count = 0
    stack = [value]
    while stack and count <= limit:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def normalize_number(number: int | float) -> int | float:
    """Terraform has one number type: 2.0 is 2. Huge integers become floats (an infinite one
    is refused), so that arithmetic stays cheap."""
    if isinstance(number, float):
        if math.isinf(number) or math.isnan(number):
            raise ConversionError("the number is out of range")
        if number.is_integer() and abs(number) < MAX_INTEGER:
            return int(number)
    elif abs(number) > MAX_INTEGER:
        try:
            return float(number)
        except OverflowError:
            raise ConversionError("the number is out of range") from None
    return number


def to_number(value: Any) -> int | float:
    if isinstance(value, bool) or value is None:
        raise ConversionError(f"a number is required, not {type_name(value)}")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            raise ConversionError(f"{value!r} is not a number") from None
        if math.isnan(number) or math.isinf(number):
            raise ConversionError(f"{value!r} is not a number")
        return normalize_number(number)
    raise ConversionError(f"a number is required, not {type_name(value)}")


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    raise ConversionError(f"a bool is required, not {type_name(value)}")


def format_number(number: int | float) -> str:
    number = normalize_number(number)
    if isinstance(number, int):
        return str(number)
    text = repr(number)
    if "e" in text:  # Terraform writes numbers out in full
        text = f"{number:f}".rstrip("0").rstrip(".")
    return text


def to_string(value: Any) -> str:
    """A primitive value as Terraform writes it into a string."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return format_number(value)
    if value is None:
        raise ConversionError("a null value can't be used in a string")
    raise ConversionError(f"a {type_name(value)} can't be used as a string")


def terraform_equal(left: Any, right: Any) -> bool:
    """Equality without Python's True == 1 and 1 == 1.0 shortcuts across types."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return left == right
    if type(left) is not type(right):
        return False
    if isinstance(left, list):
        return len(left) == len(right) and all(
            terraform_equal(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(terraform_equal(left[k], right[k]) for k in left)
    return left == right


def json_encode(value: Any) -> str:
    """Terraform's jsonencode: compact, keys sorted, `<`, `>`, `&` escaped as Go does."""
    text = json.dumps(_json_ready(value), separators=(",", ":"), sort_keys=True, ensure_ascii=False,
                      allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _json_ready(value: Any) -> Any:
    if isinstance(value, float):
        return normalize_number(value)
    if isinstance(value, dict):
        return {key: _json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_ready(item) for item in value]
    return value


def object_key(value: Any) -> str:
    """A value used as an object key: strings, numbers and bools convert; others don't."""
    if isinstance(value, (dict, list)) or value is None:
        raise ConversionError(f"a {type_name(value)} can't be an object key")
    return to_string(value)

"""Terraform's built-in functions that can be computed statically.

A function not listed here (or a provider function) gives an Unknown. Unless a function is
marked `partial`, an argument that is not wholly known makes the result Unknown, with the
union of the arguments' refs. Terraform would reject the call -> EvaluationError; a call we
can't compute honestly -> plain Unknown (`Unsupported`).
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import math
import posixpath
import re
import urllib.parse
from dataclasses import dataclass, replace
from typing import Any, Callable

from compliance.model import Unknown
from compliance.model.patterns import PatternError, linear
from compliance.resolve.terraform.expressions import evaluate
from compliance.resolve.terraform.origins import PartialText, with_placeholders
from compliance.resolve.terraform.scope import Scope
from compliance.resolve.terraform.values import (
    MAX_ITEMS,
    MAX_STRING_LENGTH,
    EvaluationError,
    SetValue,
    as_plain,
    count_nodes,
    first_unknown,
    is_known,
    json_encode,
    normalize_number,
    object_key,
    terraform_equal,
    to_bool,
    to_number,
    to_string,
    type_name,
    unknown_from,
)

MAX_TEMPLATE_DEPTH = 8


class FunctionError(ValueError):
    """Terraform would reject the call."""


class Unsupported(Exception):
    """A call we can't compute faithfully; the result is a plain Unknown."""


@dataclass(frozen=True, slots=True)
class Function:
    impl: Callable[..., Any]
    partial: bool = False  # accepts arguments that are only partly known
    lazy: bool = False  # receives unevaluated expressions and the scope (try, can)
    needs_scope: bool = False


FUNCTIONS: dict[str, Function] = {}


def _function(name: str, *, partial: bool = False, lazy: bool = False, needs_scope: bool = False):
    def register(impl: Callable[..., Any]) -> Callable[..., Any]:
        FUNCTIONS[name] = Function(impl, partial, lazy, needs_scope)
        return impl
    return register


def call_function(name: str, arg_exprs: list[Any], expand_last: bool, scope: Scope) -> Any:
    function = FUNCTIONS.get(name)
    if function is not None and function.lazy:
        return function.impl(arg_exprs, scope)
    args = [evaluate(arg, scope) for arg in arg_exprs]
    if expand_last and args:
        last = args.pop()
        if isinstance(last, Unknown):
            return unknown_from([last, *args])
        if not isinstance(last, list):
            return EvaluationError(f"{name}(): only a list can be expanded with ...")
        args.extend(last)
    if function is None:
        return unknown_from(args, f"function {name}() is not supported")
    if not function.partial:
        for arg in args:
            if first_unknown(arg) is not None:
                unknown = unknown_from(args)
                if (name == "jsonencode" and len(args) == 1 and type(unknown) is Unknown
                        and not isinstance(args[0], Unknown)):
                    # keep the object's known shape: a policy's Action is known even when its
                    # Resource is another resource's ARN
                    return Unknown(unknown.reason, unknown.refs, as_plain(args[0]), unknown.kind)
                if name == "base64encode" and len(args) == 1 and type(unknown) is Unknown:
                    return _base64_partial(args[0], unknown)
                return unknown
    try:
        if function.needs_scope:
            return function.impl(scope, *args)
        return function.impl(*args)
    except _PartialResult as exc:
        return exc.value
    except Unsupported as exc:
        return unknown_from(args, f"{name}(): {exc}")
    except TypeError as exc:
        if "positional argument" in str(exc) or "arguments" in str(exc):
            return EvaluationError(f"{name}(): wrong number of arguments")
        return EvaluationError(f"{name}(): {exc}")
    except (ValueError, KeyError, IndexError, ArithmeticError) as exc:
        # FunctionError and ConversionError are ValueErrors: Terraform would reject the call
        return EvaluationError(f"{name}(): {exc}")


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise FunctionError(message)


def _string_arg(value: Any) -> str:
    return to_string(value)


def _list_arg(value: Any) -> list[Any]:
    _require(isinstance(value, list), f"a list is required, not {type_name(value)}")
    return value


def _map_arg(value: Any) -> dict[str, Any]:
    _require(isinstance(value, dict), f"a map is required, not {type_name(value)}")
    return value


def _int_arg(value: Any) -> int:
    number = to_number(value)
    _require(number == int(number), f"a whole number is required, not {number}")
    return int(number)


def _unknown_if_partial(*values: Any) -> None:
    for value in values:
        if first_unknown(value) is not None:
            raise _PartialResult(unknown_from(values))


class _PartialResult(Exception):
    """Raised to return an Unknown early from a function that takes partial arguments."""

    def __init__(self, value: Unknown):
        super().__init__(value.reason)
        self.value = value


# --- try / can ---------------------------------------------------------------------------


def _contains_error(value: Any) -> bool:
    found = first_unknown(value)
    if found is None:
        return False
    if isinstance(found, EvaluationError):
        return True
    if isinstance(value, dict):
        return any(_contains_error(item) for item in value.values())
    if isinstance(value, list):
        return any(_contains_error(item) for item in value)
    return False


@_function("try", lazy=True)
def _try(arg_exprs: list[Any], scope: Scope) -> Any:
    for expr in arg_exprs:
        value = evaluate(expr, scope)
        if not _contains_error(value):
            return value  # may be unknown: then whether it would fail is unknown too
    return EvaluationError("no argument of try() could be evaluated")


@_function("can", lazy=True)
def _can(arg_exprs: list[Any], scope: Scope) -> Any:
    if len(arg_exprs) != 1:
        return EvaluationError("can() takes one argument")
    value = evaluate(arg_exprs[0], scope)
    if _contains_error(value):
        return False
    return True if is_known(value) else unknown_from([value])


# --- strings -----------------------------------------------------------------------------


@_function("lower")
def _lower(text: Any) -> str:
    return _string_arg(text).lower()


@_function("upper")
def _upper(text: Any) -> str:
    return _string_arg(text).upper()


@_function("title")
def _title(text: Any) -> str:
    # Go's strings.Title: upper-case the first letter of each word, leave the rest alone
    return re.sub(r"(^|[^\w])([a-z])", lambda m: m.group(1) + m.group(2).upper(), _string_arg(text))


@_function("trimspace")
def _trimspace(text: Any) -> str:
    return _string_arg(text).strip()


@_function("trim")
def _trim(text: Any, cutset: Any) -> str:
    return _string_arg(text).strip(_string_arg(cutset))


@_function("trimprefix")
def _trimprefix(text: Any, prefix: Any) -> str:
    return _string_arg(text).removeprefix(_string_arg(prefix))


@_function("trimsuffix")
def _trimsuffix(text: Any, suffix: Any) -> str:
    return _string_arg(text).removesuffix(_string_arg(suffix))


@_function("chomp")
def _chomp(text: Any) -> str:
    return _string_arg(text).rstrip("\r\n")


@_function("indent")
def _indent(spaces: Any, text: Any) -> str:
    spaces = _int_arg(spaces)
    if spaces > 1000:
        raise Unsupported("indentation too wide to evaluate")
    return _string_arg(text).replace("\n", "\n" + " " * spaces)


@_function("startswith")
def _startswith(text: Any, prefix: Any) -> bool:
    return _string_arg(text).startswith(_string_arg(prefix))


@_function("endswith")
def _endswith(text: Any, suffix: Any) -> bool:
    return _string_arg(text).endswith(_string_arg(suffix))


@_function("strcontains")
def _strcontains(text: Any, part: Any) -> bool:
    return _string_arg(part) in _string_arg(text)


@_function("strrev")
def _strrev(text: Any) -> str:
    return _string_arg(text)[::-1]


@_function("substr")
def _substr(text: Any, offset: Any, length: Any) -> str:
    text, offset, length = _string_arg(text), _int_arg(offset), _int_arg(length)
    if offset < 0:
        offset = max(len(text) + offset, 0)
    _require(offset <= len(text), "offset is beyond the end of the string")
    return text[offset:] if length == -1 else text[offset:offset + length]


@_function("join")
def _join(separator: Any, *lists: Any) -> str:
    items = [_string_arg(item) for each in lists for item in _list_arg(each)]
    separator = _string_arg(separator)
    if sum(map(len, items)) + len(separator) * len(items) > MAX_STRING_LENGTH:
        raise Unsupported("the string is too long to evaluate")
    return separator.join(items)


@_function("split")
def _split(separator: Any, text: Any) -> list[str]:
    separator, text = _string_arg(separator), _string_arg(text)
    if separator == "":
        return list(text)
    return text.split(separator)


@_function("replace")
def _replace(text: Any, search: Any, replacement: Any) -> str:
    text, search, replacement = _string_arg(text), _string_arg(search), _string_arg(replacement)
    if len(search) > 1 and search.startswith("/") and search.endswith("/"):
        pattern = _compile(search[1:-1])
        return pattern.sub(lambda match: _expand_go_replacement(match, replacement), text)
    return text.replace(search, replacement)


def _expand_go_replacement(match: Any, template: str) -> str:
    """Go's regexp replacement syntax: $1, ${1}, ${name}, $$."""
    def group(ref: re.Match[str]) -> str:
        if ref.group(0) == "$$":
            return "$"
        name = ref.group(1) or ref.group(2)
        try:
            return match.group(int(name) if name.isdigit() else name) or ""
        except IndexError:  # no such group: Go substitutes nothing
            return ""
    return re.sub(r"\$\{(\w+)\}|\$(\w+)|\$\$", group, template)


def _compile(pattern: str) -> Any:
    """Terraform's regex functions use Go's RE2 syntax and its linear-time matching; so do we
    (compliance.model.patterns), whatever the pattern in the scanned file."""
    try:
        return linear(pattern)
    except PatternError as exc:
        raise Unsupported(f"pattern not understood: {exc}") from None


def _regex_result(match: Any) -> Any:
    if match.re.groupindex:
        return {name: match.group(name) for name in match.re.groupindex}
    if match.re.groups:
        return list(match.groups())
    return match.group(0)


@_function("regex")
def _regex(pattern: Any, text: Any) -> Any:
    match = _compile(_string_arg(pattern)).search(_string_arg(text))
    _require(match is not None, "the pattern did not match")
    return _regex_result(match)


@_function("regexall")
def _regexall(pattern: Any, text: Any) -> list[Any]:
    return [_regex_result(m) for m in _compile(_string_arg(pattern)).finditer(_string_arg(text))]


_FORMAT_VERB = re.compile(
    r"%(?P<flags>[-+# 0]*)(?P<width>\d+)?(?:\.(?P<precision>\d+))?(?P<verb>[a-zA-Z%])|%\[")


@_function("format")
def _format(spec: Any, *args: Any) -> str:
    return _format_string(_string_arg(spec), list(args))


@_function("formatlist")
def _formatlist(spec: Any, *args: Any) -> list[str]:
    lengths = {len(arg) for arg in args if isinstance(arg, list)}
    _require(len(lengths) <= 1, "all list arguments must have the same length")
    count = lengths.pop() if lengths else 1
    spec = _string_arg(spec)
    return [_format_string(spec, [arg[i] if isinstance(arg, list) else arg for arg in args])
            for i in range(count)]


def _format_string(spec: str, args: list[Any]) -> str:
    out: list[str] = []
    position = 0
    next_arg = 0
    for match in _FORMAT_VERB.finditer(spec):
        out.append(spec[position:match.start()])
        position = match.end()
        if match.group(0) == "%[":
            raise Unsupported("explicit argument indexes")
        verb = match.group("verb")
        if verb == "%":
            out.append("%")
            continue
        _require(next_arg < len(args), "not enough arguments for the format")
        value = args[next_arg]
        next_arg += 1
        out.append(_format_one(match.group("flags") or "", match.group("width"),
                               match.group("precision"), verb, value))
    out.append(spec[position:])
    _require(next_arg == len(args), "too many arguments for the format")
    return "".join(out)


def _format_one(flags: str, width: str | None, precision: str | None, verb: str, value: Any) -> str:
    if int(width or 0) > 1000 or int(precision or 0) > 1000:
        raise Unsupported("very wide format")
    spec = "%" + flags + (width or "") + (f".{precision}" if precision is not None else "")
    if verb == "v" and "#" in flags:
        return json_encode(value)
    if verb in ("s", "v"):
        _require(not isinstance(value, (list, dict)) or verb == "v", "%s needs a primitive value")
        if isinstance(value, (list, dict)):
            raise Unsupported("%v of a collection")
        return (spec.replace("#", "") + "s") % to_string(value)
    if verb == "q":
        return (spec.replace("#", "") + "s") % json.dumps(to_string(value), ensure_ascii=False)
    if verb == "t":
        return (spec + "s") % to_string(to_bool(value))
    if verb in ("d", "x", "X", "o", "b"):
        number = to_number(value)
        _require(number == int(number), f"%{verb} needs a whole number")
        if verb == "b":
            return format(int(number), "b")
        return (spec + verb) % int(number)
    if verb in ("f", "F", "e", "E", "g", "G"):
        return (spec + verb) % to_number(value)
    raise FunctionError(f"unsupported format verb %{verb}")


# --- collections -------------------------------------------------------------------------


@_function("length", partial=True)
def _length(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, (str, list, dict)):
        return len(value)
    raise FunctionError(f"length() of a {type_name(value)}")


@_function("concat", partial=True)
def _concat(*lists: Any) -> Any:
    if any(isinstance(each, Unknown) for each in lists):
        return unknown_from(lists)
    if sum(len(_list_arg(each)) for each in lists) > MAX_ITEMS:
        raise Unsupported("the list is too long to evaluate")
    return [item for each in lists for item in each]


@_function("merge", partial=True)
def _merge(*maps: Any) -> Any:
    if any(isinstance(each, Unknown) for each in maps):
        return unknown_from(maps)
    merged: dict[str, Any] = {}
    for each in maps:
        if each is not None:
            merged.update(_map_arg(each))
    return merged


@_function("lookup", partial=True)
def _lookup(mapping: Any, key: Any, *default: Any) -> Any:
    _require(len(default) <= 1, "lookup() takes two or three arguments")
    if isinstance(mapping, Unknown) or isinstance(key, Unknown):
        return unknown_from([mapping, key])
    key = object_key(key)
    mapping = _map_arg(mapping)
    if key in mapping:
        return mapping[key]
    _require(bool(default), f'no key "{key}" and no default')
    return default[0]


@_function("element", partial=True)
def _element(items: Any, index: Any) -> Any:
    if isinstance(items, Unknown) or isinstance(index, Unknown):
        return unknown_from([items, index])
    items = _list_arg(items)
    index = _int_arg(index)
    _require(bool(items), "element() of an empty list")
    _require(index >= 0, "element() with a negative index")
    return items[index % len(items)]


@_function("keys", partial=True)
def _keys(mapping: Any) -> Any:
    if isinstance(mapping, Unknown):
        return mapping
    return sorted(_map_arg(mapping))


@_function("values", partial=True)
def _values(mapping: Any) -> Any:
    if isinstance(mapping, Unknown):
        return mapping
    mapping = _map_arg(mapping)
    return [mapping[key] for key in sorted(mapping)]


@_function("contains", partial=True)
def _contains(items: Any, value: Any) -> Any:
    if isinstance(items, Unknown) or not is_known(value):
        return unknown_from([items, value])
    items = _list_arg(items)
    unsure = []
    for item in items:
        if is_known(item):
            if terraform_equal(item, value):
                return True
        else:
            unsure.append(item)
    return unknown_from(unsure) if unsure else False


@_function("coalesce", partial=True)
def _coalesce(*values: Any) -> Any:
    for index, value in enumerate(values):
        if isinstance(value, Unknown):
            return unknown_from(values[index:])  # it might be the first usable one
        if value is not None and value != "":
            return value
    raise FunctionError("no non-null, non-empty argument")


@_function("coalescelist", partial=True)
def _coalescelist(*lists: Any) -> Any:
    for index, value in enumerate(lists):
        if isinstance(value, Unknown):
            return unknown_from(lists[index:])
        if _list_arg(value):
            return value
    raise FunctionError("no non-empty list")


@_function("compact")
def _compact(items: Any) -> list[Any]:
    return [item for item in _list_arg(items) if item is not None and item != ""]


def _distinct_items(items: list[Any]) -> list[Any]:
    result: list[Any] = []
    for item in items:
        if not any(terraform_equal(item, seen) for seen in result):
            result.append(item)
    return result


@_function("distinct")
def _distinct(items: Any) -> list[Any]:
    return _distinct_items(_list_arg(items))


@_function("flatten")
def _flatten(items: Any) -> list[Any]:
    result: list[Any] = []
    for item in _list_arg(items):
        if isinstance(item, list):
            result.extend(_flatten(item))
        else:
            result.append(item)
    return result


@_function("index")
def _index(items: Any, value: Any) -> int:
    for position, item in enumerate(_list_arg(items)):
        if terraform_equal(item, value):
            return position
    raise FunctionError("the value is not in the list")


@_function("slice", partial=True)
def _slice(items: Any, start: Any, end: Any) -> Any:
    _unknown_if_partial(start, end)
    if isinstance(items, Unknown):
        return items
    items = _list_arg(items)
    start, end = _int_arg(start), _int_arg(end)
    _require(0 <= start <= end <= len(items), "slice() indexes out of range")
    return items[start:end]


@_function("reverse", partial=True)
def _reverse(items: Any) -> Any:
    if isinstance(items, Unknown):
        return items
    return list(reversed(_list_arg(items)))


@_function("sort")
def _sort(items: Any) -> list[str]:
    return sorted(_string_arg(item) for item in _list_arg(items))


@_function("range")
def _range(*args: Any) -> list[Any]:
    _require(1 <= len(args) <= 3, "range() takes one to three arguments")
    numbers = [to_number(arg) for arg in args]
    start, step = 0, 1
    if len(numbers) == 1:
        limit = numbers[0]
    elif len(numbers) == 2:
        start, limit = numbers
    else:
        start, limit, step = numbers
        _require(step != 0, "range() step can't be zero")
    if len(numbers) < 3 and limit < start:
        step = -1
    count = max(math.ceil((limit - start) / step), 0)
    _require(count <= 1024, "range() is limited to 1024 items")  # as in Terraform
    return [normalize_number(start + i * step) for i in range(count)]


@_function("zipmap", partial=True)
def _zipmap(keys: Any, values: Any) -> Any:
    _unknown_if_partial(keys)
    if isinstance(values, Unknown):
        return values
    keys, values = _list_arg(keys), _list_arg(values)
    _require(len(keys) == len(values), "zipmap() lists differ in length")
    return {object_key(key): value for key, value in zip(keys, values, strict=True)}


def _as_set(items: list[Any]) -> SetValue:
    """Terraform sets: no duplicates; strings and numbers in sorted order."""
    unique = _distinct_items(items)
    if all(isinstance(item, str) for item in unique) or all(
            isinstance(item, (int, float)) and not isinstance(item, bool) for item in unique):
        unique.sort()
    return SetValue(unique)


@_function("setunion")
def _setunion(*sets: Any) -> list[Any]:
    return _as_set([item for each in sets for item in _list_arg(each)])


@_function("setintersection")
def _setintersection(first: Any, *others: Any) -> list[Any]:
    result = _as_set(_list_arg(first))
    for other in others:
        other = _list_arg(other)
        result = SetValue(item for item in result if any(terraform_equal(item, o) for o in other))
    return result


@_function("setsubtract")
def _setsubtract(first: Any, second: Any) -> list[Any]:
    second = _list_arg(second)
    return SetValue(item for item in _as_set(_list_arg(first))
                    if not any(terraform_equal(item, other) for other in second))


@_function("one", partial=True)
def _one(items: Any) -> Any:
    if isinstance(items, Unknown):
        return items
    items = _list_arg(items)
    _require(len(items) <= 1, "one() of a list with more than one item")
    return items[0] if items else None


@_function("alltrue")
def _alltrue(items: Any) -> bool:
    return all(to_bool(item) for item in _list_arg(items))


@_function("anytrue")
def _anytrue(items: Any) -> bool:
    return any(to_bool(item) for item in _list_arg(items))


@_function("sum")
def _sum(items: Any) -> Any:
    items = _list_arg(items)
    _require(bool(items), "sum() of an empty list")
    return normalize_number(sum(to_number(item) for item in items))


@_function("chunklist", partial=True)
def _chunklist(items: Any, size: Any) -> Any:
    _unknown_if_partial(size)
    if isinstance(items, Unknown):
        return items
    items, size = _list_arg(items), _int_arg(size)
    _require(size >= 0, "chunklist() size must not be negative")
    if size == 0:
        return [items]
    return [items[i:i + size] for i in range(0, len(items), size)]


# --- type conversions --------------------------------------------------------------------


@_function("tostring")
def _tostring(value: Any) -> Any:
    return None if value is None else to_string(value)


@_function("tonumber")
def _tonumber(value: Any) -> Any:
    return None if value is None else to_number(value)


@_function("tobool")
def _tobool(value: Any) -> Any:
    return None if value is None else to_bool(value)


@_function("tolist", partial=True)
def _tolist(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    return _list_arg(value)


@_function("toset")
def _toset(value: Any) -> SetValue:
    items = _list_arg(value)
    strings = [isinstance(item, str) for item in items]
    if any(strings) and not all(strings):
        items = [to_string(item) for item in items]  # a set has one element type
    return _as_set(items)


@_function("tomap", partial=True)
def _tomap(value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    return _map_arg(value)


@_function("sensitive", partial=True)
def _sensitive(value: Any) -> Any:
    return value


FUNCTIONS["nonsensitive"] = FUNCTIONS["sensitive"]


# --- numbers -----------------------------------------------------------------------------


@_function("min")
def _min(*numbers: Any) -> Any:
    _require(bool(numbers), "min() needs at least one number")
    return min(to_number(n) for n in numbers)


@_function("max")
def _max(*numbers: Any) -> Any:
    _require(bool(numbers), "max() needs at least one number")
    return max(to_number(n) for n in numbers)


@_function("abs")
def _abs(number: Any) -> Any:
    return abs(to_number(number))


@_function("ceil")
def _ceil(number: Any) -> int:
    return math.ceil(to_number(number))


@_function("floor")
def _floor(number: Any) -> int:
    return math.floor(to_number(number))


@_function("signum")
def _signum(number: Any) -> int:
    number = to_number(number)
    return (number > 0) - (number < 0)


@_function("pow")
def _pow(base: Any, exponent: Any) -> Any:
    result = math.pow(to_number(base), to_number(exponent))
    return normalize_number(result)


@_function("parseint")
def _parseint(text: Any, base: Any) -> int:
    return int(_string_arg(text), _int_arg(base))


# --- encodings ---------------------------------------------------------------------------


@_function("jsonencode")
def _jsonencode(value: Any) -> str:
    return json_encode(value)


@_function("jsondecode")
def _jsondecode(text: Any) -> Any:
    return _normalized_numbers(json.loads(_string_arg(text)))


def _normalized_numbers(value: Any) -> Any:
    if isinstance(value, float):
        return normalize_number(value)
    if isinstance(value, dict):
        return {key: _normalized_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalized_numbers(item) for item in value]
    return value


def _yaml() -> Any:
    """PyYAML, imported by the first YAML function a scan meets (10 ms a scan without one
    would spend)."""
    import yaml

    return yaml


@_function("yamlencode")
def _yamlencode(value: Any) -> str:
    # Same data as Terraform's yamlencode; the layout (quoting, flow style) may differ.
    yaml = _yaml()
    try:
        return yaml.safe_dump(value, sort_keys=True, allow_unicode=True, default_flow_style=False)
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None


MAX_DECODED_NODES = 100_000


@_function("yamldecode")
def _yamldecode(text: Any) -> Any:
    yaml = _yaml()
    try:
        value = yaml.safe_load(_string_arg(text))
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from None
    # aliases make shared references: a small document can stand for a huge value
    if count_nodes(value, MAX_DECODED_NODES) > MAX_DECODED_NODES:
        raise Unsupported("the YAML document expands to too many values")
    return _plain_yaml(value)


def _plain_yaml(value: Any) -> Any:
    if isinstance(value, dict):
        return {object_key(key): _plain_yaml(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain_yaml(item) for item in value]
    if isinstance(value, float):
        return normalize_number(value)
    if isinstance(value, (str, int, bool)) or value is None:
        return value
    return str(value)  # dates and the like


@_function("base64encode")
def _base64encode(text: Any) -> str:
    return base64.b64encode(_string_arg(text).encode()).decode()


def _base64_partial(text: Any, unknown: Unknown) -> Unknown:
    """base64encode() of a document known but for some values keeps that document (as
    `PartialText`, see `origins`), so an OpenAPI config's `contents` can still be read."""
    partial = text.partial if isinstance(text, Unknown) else None
    if isinstance(partial, PartialText) and partial.text and not partial.base64:
        partial = replace(partial, base64=True)
    elif isinstance(partial, (dict, list)):  # a jsonencode() with unknown values
        try:
            encoded = json_encode(with_placeholders(partial))
        except (TypeError, ValueError):
            return unknown
        partial = PartialText(unknown.reason, unknown.refs, text=encoded, base64=True)
    else:
        return unknown
    return Unknown(unknown.reason, unknown.refs, partial, unknown.kind)


@_function("base64decode")
def _base64decode(text: Any) -> str:
    return base64.b64decode(_string_arg(text), validate=True).decode("utf-8")


@_function("urlencode")
def _urlencode(text: Any) -> str:
    return urllib.parse.quote_plus(_string_arg(text), safe="")


def _digest(algorithm: str) -> Callable[[Any], str]:
    def hex_digest(text: Any) -> str:
        return hashlib.new(algorithm, _string_arg(text).encode()).hexdigest()
    return hex_digest


def _base64_digest(algorithm: str) -> Callable[[Any], str]:
    def b64_digest(text: Any) -> str:
        digest = hashlib.new(algorithm, _string_arg(text).encode()).digest()
        return base64.b64encode(digest).decode()
    return b64_digest


for _name in ("md5", "sha1", "sha256", "sha512"):
    FUNCTIONS[_name] = Function(_digest(_name))
for _name in ("sha256", "sha512"):
    FUNCTIONS[f"base64{_name}"] = Function(_base64_digest(_name))


# --- files and paths ---------------------------------------------------------------------


def _no_files() -> Unknown:
    return Unknown("files can't be read here")


@_function("file", needs_scope=True)
def _file(scope: Scope, path: Any) -> Any:
    if scope.files is None:
        return _no_files()
    text = scope.files.read_text(_string_arg(path))
    if isinstance(text, str):
        scope.files.note_origin(text, _string_arg(path), template=False)
    return text


@_function("filebase64", needs_scope=True)
def _filebase64(scope: Scope, path: Any) -> Any:
    if scope.files is None:
        return _no_files()
    data = scope.files.read_bytes(_string_arg(path))
    if isinstance(data, Unknown):
        return data
    try:  # a document read this way is located by its decoded text
        scope.files.note_origin(data.decode("utf-8"), _string_arg(path), template=False)
    except UnicodeDecodeError:
        pass
    return base64.b64encode(data).decode()


def _file_digest(algorithm: str, encode: Callable[[bytes], str]) -> Callable[..., Any]:
    def file_digest(scope: Scope, path: Any) -> Any:
        if scope.files is None:
            return _no_files()
        data = scope.files.read_bytes(_string_arg(path))
        return data if isinstance(data, Unknown) else encode(hashlib.new(algorithm, data).digest())
    return file_digest


for _name in ("md5", "sha1", "sha256", "sha512"):
    FUNCTIONS[f"file{_name}"] = Function(_file_digest(_name, bytes.hex), needs_scope=True)
for _name in ("sha256", "sha512"):
    FUNCTIONS[f"filebase64{_name}"] = Function(
        _file_digest(_name, lambda digest: base64.b64encode(digest).decode()), needs_scope=True)


@_function("fileexists", needs_scope=True)
def _fileexists(scope: Scope, path: Any) -> Any:
    if scope.files is None:
        return _no_files()
    return scope.files.exists(_string_arg(path))


@_function("templatefile", needs_scope=True, partial=True)
def _templatefile(scope: Scope, path: Any, variables: Any) -> Any:
    from compliance.parse.terraform_hcl import parse_template

    if isinstance(path, Unknown) or not is_known(path) or isinstance(variables, Unknown):
        return unknown_from([path, variables])
    if scope.files is None:
        return _no_files()
    depth = scope.bindings.get(_TEMPLATE_DEPTH, 0)
    _require(depth < MAX_TEMPLATE_DEPTH, "templatefile() nested too deeply")
    text = scope.files.read_text(_string_arg(path))
    if isinstance(text, Unknown):
        return text
    names = {key: value for key, value in _map_arg(variables).items()}
    names[_TEMPLATE_DEPTH] = depth + 1
    # Only the given variables are visible in a template: no var.*, local.*, resources.
    result = evaluate(parse_template(text), Scope(None, names, scope.files))
    if isinstance(result, (list, dict)):
        raise FunctionError("a template must produce a string")
    if isinstance(result, Unknown):
        if isinstance(result.partial, PartialText):
            scope.files.note_origin(result.partial.text, _string_arg(path), template=True)
        return result
    result = to_string(result)
    scope.files.note_origin(result, _string_arg(path), template=True)
    return result


_TEMPLATE_DEPTH = " templatefile depth"  # not a valid identifier: templates can't see it


@_function("dirname")
def _dirname(path: Any) -> str:
    return posixpath.dirname(_string_arg(path)) or "."


@_function("basename")
def _basename(path: Any) -> str:
    return posixpath.basename(_string_arg(path))


# --- networks ----------------------------------------------------------------------------


def _network(prefix: Any) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    return ipaddress.ip_network(_string_arg(prefix), strict=False)


@_function("cidrhost")
def _cidrhost(prefix: Any, host_number: Any) -> str:
    network = _network(prefix)
    number = _int_arg(host_number)
    # a negative host number counts back from the end of the range
    _require(-network.num_addresses <= number < network.num_addresses, "host number out of range")
    offset = number if number >= 0 else network.num_addresses + number
    return str(network.network_address + offset)


@_function("cidrnetmask")
def _cidrnetmask(prefix: Any) -> str:
    network = _network(prefix)
    _require(network.version == 4, "cidrnetmask() needs an IPv4 prefix")
    return str(network.netmask)


@_function("cidrsubnet")
def _cidrsubnet(prefix: Any, new_bits: Any, net_number: Any) -> str:
    network = _network(prefix)
    new_bits, net_number = _int_arg(new_bits), _int_arg(net_number)
    new_prefix = network.prefixlen + new_bits
    _require(new_bits >= 0 and new_prefix <= network.max_prefixlen, "too many new bits")
    _require(0 <= net_number < 2 ** new_bits, "network number out of range")
    size = 2 ** (network.max_prefixlen - new_prefix)
    address = int(network.network_address) + net_number * size
    return str(ipaddress.ip_network((address, new_prefix)))


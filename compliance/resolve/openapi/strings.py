"""Strings and arrays an operation accepts without a bound.

A `type: string` in a request body schema (through properties, patternProperties, items,
prefixItems, additionalProperties, not, allOf/anyOf/oneOf) or in a query parameter is bounded
by `maxLength`, `enum`/`const`, a format with a fixed size (date, date-time, time, uuid,
ipv4, ipv6) or an anchored `pattern` with no open-ended repetition (`^[a-z]{1,8}$`).
`format: binary` and `byte` strings are file contents, bounded by the gateway's payload limit
rather than a schema. A `type: array` in the same places is bounded by `maxItems` or
`enum`/`const`. A recursive `$ref` is walked once; an external one, or a template
placeholder, is a part that can't be read.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator

from compliance.model import Path, Resource, Unknown, UnknownKind, format_path
from compliance.parse.openapi.refs import Resolved

_BOUNDED_FORMATS = frozenset({"date", "date-time", "time", "uuid", "ipv4", "ipv6"})
_FILE_FORMATS = frozenset({"binary", "byte"})
_OPEN_REPEAT = re.compile(r"[*+]|\{\d*,\}")
MAX_SCHEMA_NODES = 20_000  # per schema: beyond, the rest is a part that can't be read


def bounded_pattern(pattern: Any) -> bool:
    if not isinstance(pattern, str) or not pattern.startswith("^") or not pattern.endswith("$"):
        return False
    if pattern.endswith("\\$"):
        return False
    plain = re.sub(r"\\.", "", pattern)
    plain = re.sub(r"\[[^\]]*\]", "", plain)
    return not _OPEN_REPEAT.search(plain)


def _unbounded_string(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    if not (kind == "string" or (isinstance(kind, list) and "string" in kind)):
        return False
    if schema.get("format") in _FILE_FORMATS:
        return False
    if any(key in schema for key in ("maxLength", "enum", "const")):
        return False
    return (schema.get("format") not in _BOUNDED_FORMATS
            and not bounded_pattern(schema.get("pattern")))


def _unbounded_array(schema: dict[str, Any]) -> bool:
    kind = schema.get("type")
    if not (kind == "array" or (isinstance(kind, list) and "array" in kind)):
        return False
    return not any(key in schema for key in ("maxItems", "enum", "const"))


def _children(schema: dict[str, Any], path: Path) -> Iterator[tuple[Path, Any]]:
    for key in ("properties", "patternProperties"):
        members = schema.get(key)
        if isinstance(members, dict):
            yield from (((*path, key, name), item) for name, item in members.items())
    for key in ("items", "additionalProperties", "not"):
        item = schema.get(key)
        if isinstance(item, (dict, Unknown)):
            yield (*path, key), item
    for key in ("items", "prefixItems", "allOf", "anyOf", "oneOf"):
        items = schema.get(key)
        if isinstance(items, list):
            yield from (((*path, key, index), item) for index, item in enumerate(items))


def _walk(schema: Any, path: Path, found: list[Path], unreadable: list[tuple[Path, Unknown]],
          unbounded: Callable[[dict[str, Any]], bool] = _unbounded_string) -> None:
    """Depth first, in document order: the unbounded values and the unreadable parts."""
    stack = [(path, schema)]
    seen = 0
    while stack:
        seen += 1
        if seen > MAX_SCHEMA_NODES:
            unreadable.append((path, Unknown("schema too large to walk", kind=UnknownKind.LIMIT)))
            return
        where, node = stack.pop()
        if isinstance(node, Unknown):
            if node.kind is not UnknownKind.CYCLE:  # a cycle is walked once
                unreadable.append((where, node))
            continue
        if not isinstance(node, dict):
            continue
        if unbounded(node):
            found.append(where)
        stack.extend(reversed(list(_children(node, where))))


def _inputs(attributes: dict[str, Any]) -> Iterator[tuple[Path, Any]]:
    """(path, schema) of the request body's media types and the query parameters."""
    body = attributes.get("request_body")
    if isinstance(body, Unknown):
        yield ("request_body",), body
    elif isinstance(body, dict):
        content = body.get("content")
        if isinstance(content, Unknown):
            yield ("request_body", "content"), content
        elif isinstance(content, dict):
            for media_type, entry in content.items():
                schema = entry.get("schema") if isinstance(entry, dict) else entry
                yield ("request_body", "content", media_type, "schema"), schema
    parameters = attributes.get("parameters")
    if isinstance(parameters, Unknown):
        yield ("parameters",), parameters
        return
    for index, parameter in enumerate(parameters if isinstance(parameters, list) else []):
        if isinstance(parameter, Unknown):
            yield ("parameters", index), parameter
        elif isinstance(parameter, dict) and parameter.get("in") == "query":
            if "schema" in parameter:  # OpenAPI 3; Swagger 2 writes the schema in the parameter
                yield ("parameters", index, "schema"), parameter["schema"]
            else:
                yield ("parameters", index), parameter


def unbounded_strings(operation: Resource) -> Resolved:
    """The display paths of the operation's unbounded strings, in document order (the list is
    shown at its first); when there are none but a part can't be read, an Unknown shown at
    that part; else []."""
    return _unbounded(operation, _unbounded_string)


def unbounded_arrays(operation: Resource) -> Resolved:
    """The same for arrays without `maxItems`."""
    return _unbounded(operation, _unbounded_array)


def _unbounded(operation: Resource, unbounded: Callable[[dict[str, Any]], bool]) -> Resolved:
    found: list[Path] = []
    unreadable: list[tuple[Path, Unknown]] = []
    for path, schema in _inputs(operation.attributes):
        _walk(schema, path, found, unreadable, unbounded)
    lines: dict[str, int] = {}
    if not found and unreadable:
        path, unknown = unreadable[0]
        _put(lines, "", operation.line_of(path))
        return Resolved(unknown, lines)
    for index, path in enumerate(found):
        line = operation.line_of(path)
        _put(lines, f"[{index}]", line)
        if index == 0:
            _put(lines, "", line)
    return Resolved([format_path(path) for path in found], lines)


def _put(lines: dict[str, int], relative: str, line: int | None) -> None:
    if line is not None:
        lines[relative] = line

"""`terraform show -json` plans into resources, with apply-time values as Unknown.

`json` gives no positions, so a second, shallow pass walks the text down to the resource
objects (skipping everything else with the C decoder) to learn their lines.
"""

from __future__ import annotations

import json
import re
from typing import Any, Callable

from compliance.model import Location, Resource, Unknown, UnknownKind, resource_to_json

KNOWN_AFTER_APPLY = "known after apply"

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_scanstring: Callable[[str, int], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


def parse(text: str) -> dict[str, Any]:
    text = text.removeprefix("\ufeff")
    try:
        plan = json.loads(text)
    except json.JSONDecodeError as exc:
        return _result([], [{"line": exc.lineno, "message": f"invalid JSON: {exc.msg}"}])
    except RecursionError:
        return _result([], [{"line": None, "message": "nesting too deep"}])
    if not isinstance(plan, dict) or not isinstance(plan.get("planned_values"), dict):
        return _result([], [{"line": None, "message": "not a Terraform plan"}])

    try:
        return _result(*_read_plan(text, plan))
    except RecursionError:  # JSON nested near the decoder's own limit
        return _result([], [{"line": None, "message": "nesting too deep"}])


def _read_plan(text: str, plan: dict[str, Any]) -> tuple[list[Resource], list[dict[str, Any]]]:
    unknown_by_address = _after_unknown(plan.get("resource_changes"))
    line_of = _line_counter(text)
    resources, errors = [], []
    for raw, start, end, module_address in _planned_resources(text):
        where = Location("", line_of(start), line_of(end - 1))
        resource = _resource(raw, where, module_address, unknown_by_address)
        if resource is None:
            errors.append({"line": where.start_line,
                           "message": "planned resource without type or name; skipped"})
        else:
            resources.append(resource)
    return resources, errors


def _result(resources: list[Resource], errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"resources": [resource_to_json(r) for r in resources], "errors": errors}


def _line_counter(text: str) -> Callable[[int], int]:
    """1-based line of an offset; cheap when asked in increasing order, as the walk does."""
    last_offset, last_line = 0, 1

    def line_of(offset: int) -> int:
        nonlocal last_offset, last_line
        if offset < last_offset:
            last_offset, last_line = 0, 1
        last_line += text.count("\n", last_offset, offset)
        last_offset = offset
        return last_line

    return line_of


# --- resources ----------------------------------------------------------------------------


def _resource(raw: Any, location: Location, module_address: str,
              unknown_by_address: dict[str, Any]) -> Resource | None:
    if not isinstance(raw, dict):
        return None
    type_, name = raw.get("type"), raw.get("name")
    if not (isinstance(type_, str) and type_ and isinstance(name, str) and name):
        return None
    is_data = raw.get("mode") == "data"
    address = raw.get("address")
    if not isinstance(address, str) or not address:
        address = _address(module_address, is_data, type_, name, raw.get("index"))
    values = raw.get("values")
    values = values if isinstance(values, dict) else {}
    unknown = unknown_by_address.get(address)
    if unknown is not None:
        values = _with_unknowns(values, unknown)
    return Resource(
        platform="terraform",
        type=f"data.{type_}" if is_data else type_,
        name=name,
        address=address,
        attributes=values,
        location=location,
    )


def _address(module: str, is_data: bool, type_: str, name: str, index: Any) -> str:
    """The plan's own address format, for the rare plan entry that lacks one."""
    address = f"{'data.' if is_data else ''}{type_}.{name}"
    if isinstance(index, int) and not isinstance(index, bool):
        address += f"[{index}]"
    elif isinstance(index, str):
        address += f"[{json.dumps(index)}]"
    return f"{module}.{address}" if module else address


def _after_unknown(changes: Any) -> dict[str, Any]:
    by_address: dict[str, Any] = {}
    for change in changes if isinstance(changes, list) else []:
        if not isinstance(change, dict) or change.get("deposed"):
            continue  # a deposed object is on its way out, not what is being planned
        after_unknown = (change.get("change") or {}).get("after_unknown")
        if isinstance(change.get("address"), str) and _has_unknown(after_unknown):
            by_address[change["address"]] = after_unknown
    return by_address


def _has_unknown(marks: Any) -> bool:
    if marks is True:
        return True
    if isinstance(marks, dict):
        return any(_has_unknown(m) for m in marks.values())
    if isinstance(marks, list):
        return any(_has_unknown(m) for m in marks)
    return False


def _with_unknowns(value: Any, marks: Any) -> Any:
    """`value` with every path `marks` sets to true replaced by Unknown.

    The plan drops unknown object attributes and turns unknown list elements into null,
    so a marked path may be missing from `value`: it is added, never left absent.
    """
    if marks is True:
        return Unknown(KNOWN_AFTER_APPLY, kind=UnknownKind.APPLY_TIME)
    if isinstance(marks, dict):
        result = dict(value) if isinstance(value, dict) else {}
        for key, mark in marks.items():
            if _has_unknown(mark):
                result[key] = _with_unknowns(result.get(key), mark)
        return result if result or isinstance(value, dict) else value
    if isinstance(marks, list):
        result = list(value) if isinstance(value, list) else []
        for index, mark in enumerate(marks):
            if _has_unknown(mark):
                while len(result) <= index:
                    result.append(None)
                result[index] = _with_unknowns(result[index], mark)
        return result if result or isinstance(value, list) else value
    return value


# --- positions ----------------------------------------------------------------------------
#
# A walk over text already known to be valid JSON: planned_values.root_module, its resources
# and its child_modules, recursively. Every other value is skipped with raw_decode (C speed).


def _planned_resources(text: str) -> list[tuple[Any, int, int, str]]:
    """(resource value, start offset, end offset, module address) in text order."""
    found: list[tuple[Any, int, int, str]] = []

    def module(pos: int) -> int:
        address = ""  # Terraform writes a module's "address" after its "resources"
        spans: list[tuple[Any, int, int]] = []

        def member(key: str, value_pos: int) -> int:
            nonlocal address
            if key == "address" and text[value_pos] == '"':
                address, end = _scanstring(text, value_pos + 1)
                return end
            if key == "resources" and text[value_pos] == "[":
                return _elements(text, value_pos, resource)
            if key == "child_modules" and text[value_pos] == "[":
                return _elements(text, value_pos, module)
            return _skip(text, value_pos)

        def resource(value_pos: int) -> int:
            value, end = _DECODER.raw_decode(text, value_pos)
            spans.append((value, value_pos, end))
            return end

        end = _members(text, pos, member)
        found.extend((value, start, stop, address) for value, start, stop in spans)
        return end

    def planned_values(key: str, pos: int) -> int:
        return module(pos) if key == "root_module" else _skip(text, pos)

    def top(key: str, pos: int) -> int:
        return _members(text, pos, planned_values) if key == "planned_values" else _skip(text, pos)

    _members(text, _WHITESPACE.match(text, 0).end(), top)
    found.sort(key=lambda entry: entry[1])
    return found


def _skip(text: str, pos: int) -> int:
    return _DECODER.raw_decode(text, pos)[1]


def _members(text: str, pos: int, on_member: Callable[[str, int], int]) -> int:
    """Walk the object at `pos`; `on_member(key, value_pos)` returns where its value ends."""
    if text[pos] != "{":
        return _skip(text, pos)
    pos = _WHITESPACE.match(text, pos + 1).end()
    if text[pos] == "}":
        return pos + 1
    while True:
        key, pos = _scanstring(text, pos + 1)
        pos = _WHITESPACE.match(text, pos).end() + 1  # past ':'
        pos = on_member(key, _WHITESPACE.match(text, pos).end())
        pos = _WHITESPACE.match(text, pos).end()
        if text[pos] == "}":
            return pos + 1
        pos = _WHITESPACE.match(text, pos + 1).end()  # past ','


def _elements(text: str, pos: int, on_element: Callable[[int], int]) -> int:
    """Walk the array at `pos`; `on_element(value_pos)` returns where the element ends."""
    pos = _WHITESPACE.match(text, pos + 1).end()
    if text[pos] == "]":
        return pos + 1
    while True:
        pos = on_element(pos)
        pos = _WHITESPACE.match(text, pos).end()
        if text[pos] == "]":
            return pos + 1
        pos = _WHITESPACE.match(text, pos + 1).end()

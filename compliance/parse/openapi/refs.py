"""Local `$ref` resolution for OpenAPI documents, with the line each resolved value is shown at.

A resolved value keeps the lines of what is written in place; whatever came in through a
`$ref` is shown at the line of that `$ref` (the target is shared, the reference is what this
spot of the document says). Cycles stop where a reference repeats, as
`Unknown("recursive $ref ...")`; the total expansion and its depth are bounded, so references
that fan out exponentially cost no more than a limit. External references are not followed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from compliance.model import Unknown, UnknownKind, format_path
from compliance.parse.yaml_nodes import MAX_DEPTH, Problem, child_path

MAX_REF_CHAIN = 64  # references followed inside one another
MAX_EXPANDED_NODES = 200_000  # values produced per document, references included

_INDEX = re.compile(r"^(0|[1-9][0-9]*)$")

# A document path: its display string, or (parent, key or index) while copying a $ref's
# target, where the string is only needed for the rare message
At = Any


@dataclass
class Resolved:
    value: Any
    # display path relative to the value ("" = the value itself) -> 1-based line
    lines: dict[str, int] = field(default_factory=dict)


def nested_path(prefix: str, relative: str) -> str:
    """`prefix` joined with a display path relative to it."""
    if not relative:
        return prefix
    if not prefix or relative.startswith("["):
        return prefix + relative
    return f"{prefix}.{relative}"


def place_lines(lines: dict[str, int], prefix: str, relative_lines: dict[str, int]) -> None:
    for relative, line in relative_lines.items():
        lines[nested_path(prefix, relative)] = line


def sub_lines(relative_lines: dict[str, int], key: str) -> dict[str, int]:
    """The lines under `key` of a value, relative to that key's value."""
    head = child_path("", key)
    result = {}
    for relative, line in relative_lines.items():
        if relative == head:
            result[""] = line
        elif relative.startswith(head) and relative[len(head)] in ".[":
            result[relative[len(head):].removeprefix(".")] = line
    return result


class RefResolver:
    def __init__(self, document: dict[str, Any], doc_lines: dict[str, int], *,
                 keep_ref_siblings: bool):
        self.document = document
        self.doc_lines = doc_lines
        # OpenAPI 3.1 applies keys written beside a $ref; 2.0 and 3.0 ignore them
        self.keep_ref_siblings = keep_ref_siblings
        self.problems: list[Problem] = []
        self.external_refs: dict[str, str] = {}  # doc path of the $ref -> its value
        self._used = 0
        self._exhausted = False
        self._chain: list[str] = []
        self._cuts = 0  # cycles cut so far: a result that saw one depends on the chain
        self._memo: dict[str, tuple[Any, int, int]] = {}  # ref -> (value, size, height)

    def resolve(self, value: Any, at: str) -> Resolved:
        """`value`, found at document path `at`, with its references resolved."""
        lines: dict[str, int] = {}
        return Resolved(self._value(value, at, "", lines, 1), lines)

    def locate(self, ref: str) -> tuple[Any, str, tuple[str | int, ...]] | None:
        """The raw value a local reference points at, with its display path and parts."""
        pointer = unquote(ref[1:])
        if pointer == "":
            return self.document, "", ()
        if not pointer.startswith("/"):
            return None
        value: Any = self.document
        parts: list[str | int] = []
        for token in pointer[1:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(value, dict) and token in value:
                value = value[token]
                parts.append(token)
            elif isinstance(value, list) and _INDEX.match(token) and int(token) < len(value):
                value = value[int(token)]
                parts.append(int(token))
            else:
                return None
        return value, format_path(parts), tuple(parts)

    # --- walking ---------------------------------------------------------------------------

    def _value(self, value: Any, at: At, out: str | None, lines: dict[str, int] | None,
               depth: int) -> Any:
        """A copy of `value` with references resolved; with `lines`, the line of every part
        written in place is noted under its path `out` (both paths are then strings)."""
        if lines is not None:
            line = self.doc_lines.get(at)
            if line is not None:
                lines[out] = line
        self._used += 1
        if depth > MAX_DEPTH:
            return Unknown("nesting too deep after $ref expansion", kind=UnknownKind.LIMIT)
        if isinstance(value, dict):
            if isinstance(value.get("$ref"), (str, Unknown)):
                return self._reference(value, at, out, lines, depth)
            result = {}
            for key, item in value.items():
                result[key] = self._value(item, *_children(at, out, key, lines), lines, depth + 1)
            return result
        if isinstance(value, list):
            return [self._value(item, *_children(at, out, index, lines), lines, depth + 1)
                    for index, item in enumerate(value)]
        return value

    def _reference(self, node: dict[str, Any], at: At, out: str | None,
                   lines: dict[str, int] | None, depth: int) -> Any:
        ref = node["$ref"]
        if lines is not None:
            line = self.doc_lines.get(child_path(at, "$ref"))
            if line is not None:
                lines[out] = line  # what the reference brings in is shown here
        if isinstance(ref, Unknown):
            return ref
        if not ref.startswith("#"):
            self.external_refs.setdefault(child_path(_at_text(at), "$ref"), ref)
            return Unknown(f"external $ref {ref}", kind=UnknownKind.NOT_READ)
        if ref in self._chain:
            self._cuts += 1
            return Unknown(f"recursive $ref {ref}", kind=UnknownKind.CYCLE)
        if len(self._chain) >= MAX_REF_CHAIN:
            return Unknown(f"$ref chain too long at {ref}", kind=UnknownKind.LIMIT)
        target = self._target(ref, at, depth)
        if self.keep_ref_siblings and isinstance(target, dict) and len(node) > 1:
            target = dict(target)
            for key, item in node.items():
                if key != "$ref":
                    target[key] = self._value(item, *_children(at, out, key, lines), lines, depth + 1)
        return target

    def _target(self, ref: str, at: At, depth: int) -> Any:
        memo = self._memo.get(ref)
        if memo is not None:
            value, size, height = memo
            if depth + height - 1 <= MAX_DEPTH:
                if not self._charge(size):
                    return self._limit_reached()
                return value
        if self._used > MAX_EXPANDED_NODES:
            return self._limit_reached()
        located = self.locate(ref)
        if located is None:
            message = f"$ref target {ref} not found"
            self.problems.append(Problem(self.doc_lines.get(child_path(_at_text(at), "$ref")), message))
            return Unknown(message)
        raw, target_at, _ = located
        cuts = self._cuts
        self._chain.append(ref)
        try:
            value = self._value(raw, target_at, None, None, depth)
        finally:
            self._chain.pop()
        if self._cuts == cuts and not self._exhausted:
            size, height = _measure(value)
            self._memo[ref] = (value, size, height)
        return value

    def _charge(self, size: int) -> bool:
        self._used += size
        return self._used <= MAX_EXPANDED_NODES

    def _limit_reached(self) -> Unknown:
        if not self._exhausted:
            self._exhausted = True
            self.problems.append(Problem(None, f"$ref expansion larger than {MAX_EXPANDED_NODES} "
                                               "values; further references left unknown"))
        return Unknown("$ref expansion too large", kind=UnknownKind.LIMIT)


def _children(at: At, out: str | None, key: str | int,
              lines: dict[str, int] | None) -> tuple[At, str | None]:
    """Document path and resource path of a child; display strings only when noting lines."""
    if lines is None:
        return (at, key), None
    if isinstance(key, int):
        return f"{at}[{key}]", f"{out}[{key}]"
    return child_path(at, key), child_path(out, key)


def _at_text(at: At) -> str:
    keys = []
    while isinstance(at, tuple):
        at, key = at
        keys.append(key)
    for key in reversed(keys):
        at = f"{at}[{key}]" if isinstance(key, int) else child_path(at, key)
    return at


def _measure(value: Any) -> tuple[int, int]:
    """(node count, height) of a resolved value, without recursion."""
    size, height = 0, 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        size += 1
        height = max(height, level)
        if isinstance(item, dict):
            stack.extend((child, level + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, level + 1) for child in item)
    return size, height

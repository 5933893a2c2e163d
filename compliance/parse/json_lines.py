"""JSON read with the line of every value and property name (the standard library's json
gives no positions): Terraform's JSON syntax and JSON variable files report lines from it."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from json.decoder import scanstring
from typing import Any, Callable

from compliance.model.limits import MAX_VALUE_DEPTH

__all__ = ["JsonNode", "read_json"]

_WHITESPACE = re.compile(r"[ \t\n\r]*")


class JsonNode:
    """A JSON value with where it is written: `kind` is "object" (value: [(key, key line,
    node)]), "array" (value: [node]) or "literal"."""

    __slots__ = ("kind", "value", "line", "end_line")

    def __init__(self, kind: str, value: Any, line: int, end_line: int):
        self.kind = kind
        self.value = value
        self.line = line
        self.end_line = end_line


class _Invalid(ValueError):
    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.offset = offset


_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?")
_WORDS = {"true": True, "false": False, "null": None}


class _Reader:
    """A JSON text read into `JsonNode`s (the standard library's json gives no positions)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect_right(self.starts, offset)

    def document(self) -> JsonNode:
        node, end = self.value(_WHITESPACE.match(self.text, 0).end(), 0)
        end = _WHITESPACE.match(self.text, end).end()
        if end != len(self.text):
            raise _Invalid("extra data after the JSON value", end)
        return node

    def value(self, at: int, depth: int) -> tuple[JsonNode, int]:
        if depth > MAX_VALUE_DEPTH:
            raise _Invalid("nested too deeply to read (work limit)", at)
        text = self.text
        char = text[at:at + 1]
        if char == "{":
            return self.object(at, depth)
        if char == "[":
            return self.array(at, depth)
        if char == '"':
            value, end = self.string(at)
            return JsonNode("literal", value, self.line(at), self.line(end)), end
        number = _NUMBER.match(text, at)
        if number and number.end() > at:
            literal = number.group()
            value = float(literal) if number.group(1) or number.group(2) else int(literal)
            return JsonNode("literal", value, self.line(at), self.line(at)), number.end()
        for word, value in _WORDS.items():
            if text.startswith(word, at):
                return JsonNode("literal", value, self.line(at), self.line(at)), at + len(word)
        raise _Invalid("expected a value" if char else "unexpected end of the file", at)

    def string(self, at: int) -> tuple[str, int]:
        try:
            return scanstring(self.text, at + 1, True)
        except json.JSONDecodeError as exc:
            raise _Invalid(exc.msg, exc.pos) from None

    def object(self, at: int, depth: int) -> tuple[JsonNode, int]:
        def item(position: int) -> tuple[tuple[str, int, JsonNode], int]:
            if not self.text.startswith('"', position):
                raise _Invalid("expected a property name in double quotes", position)
            key, position = self.string(position)
            key_line = self.line(position)
            position = _WHITESPACE.match(self.text, position).end()
            if not self.text.startswith(":", position):
                raise _Invalid("expected ':' after a property name", position)
            position = _WHITESPACE.match(self.text, position + 1).end()
            node, position = self.value(position, depth + 1)
            return (key, key_line, node), position

        return self.items("object", "}", at, item)

    def array(self, at: int, depth: int) -> tuple[JsonNode, int]:
        return self.items("array", "]", at, lambda position: self.value(position, depth + 1))

    def items(self, kind: str, closer: str, at: int,
              item: Callable[[int], tuple[Any, int]]) -> tuple[JsonNode, int]:
        """The items of an object or array starting at `at`, read by `item`, up to `closer`."""
        found: list[Any] = []
        position = _WHITESPACE.match(self.text, at + 1).end()
        if not self.text.startswith(closer, position):
            while True:
                value, position = item(position)
                found.append(value)
                position = _WHITESPACE.match(self.text, position).end()
                if not self.text.startswith(",", position):
                    break
                position = _WHITESPACE.match(self.text, position + 1).end()
            if not self.text.startswith(closer, position):
                raise _Invalid(f"expected ',' or '{closer}'", position)
        return JsonNode(kind, found, self.line(at), self.line(position)), position + 1


def read_json(text: str) -> tuple[JsonNode | None, dict[str, Any] | None]:
    reader = _Reader(text.lstrip("\ufeff"))
    try:
        return reader.document(), None
    except _Invalid as exc:
        return None, {"line": reader.line(exc.offset), "message": f"invalid JSON: {exc}"}
    except RecursionError:
        return None, {"line": None, "message": "invalid JSON: nested too deeply to read"}



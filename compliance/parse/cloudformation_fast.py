"""The common CloudFormation template, decoded without cfn-lint: what `cloudformation.parse`
would give through cfn-lint's decoder, fact for fact and line for line, for a template that
composes as one plain YAML (or JSON) document.

cfn-lint's decoder (the reference) costs about a second to import in every process that
parses a template, and most templates need nothing only it does. So a template is first
composed with PyYAML's C loader, as cfn-lint does, and its nodes are turned into the parse
result here, with cfn-lint's rules: short-form tags (`!Ref`, `!Sub`, `!GetAtt a.b`, ...) in
their long form, a line for every key that is a string and every list item that is a string,
map or list. Anything else (an alias or a merge key, a duplicate or null key, an unusual
tag, a document that does not compose or is not a map) returns None, and cfn-lint decides,
words the error and guards against alias amplification.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compliance.model import format_path
from compliance.model.identity import identity

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # cfn-lint's choice too: same marks
_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
# scalars that become values (not text with a position), as cfn-lint's SafeConstructor has them
_CONSTRUCTORS = {tag: SafeConstructor.yaml_constructors[tag] for tag in (
    _TAG + "null", _TAG + "bool", _TAG + "int", _TAG + "float", _TAG + "timestamp",
    _TAG + "binary")}
_KEY_TAGS = {_STR, _TAG + "int", _TAG + "float", _TAG + "bool"}
_CONSTRUCTOR = SafeConstructor()
# what only a template has at its top level
_HEADERS = {"AWSTemplateFormatVersion", "Transform"}
# short forms kept as they are named; every other `!X` is `Fn::X`
_UNPREFIXED = {"Ref", "Condition"}


class _Unusual(Exception):
    """Something cfn-lint treats in a way of its own: it decodes the template instead."""


def parse(text: str) -> dict[str, Any] | None:
    """The parse result of a template (BOM already removed), or None for cfn-lint to decide."""
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    if not isinstance(root, MappingNode) or root.tag != _MAP:
        return None
    resources = next((v for k, v in root.value if k.tag == _STR and k.value == "Resources"),
                     None)
    walk = _Walk()
    try:
        template = walk.value(root, ())
        if not isinstance(resources, MappingNode) or resources.tag != _MAP:
            if isinstance(template.get("Resources"), dict):
                return None  # a function in place of the map: cfn-lint's way with it
            return not_a_template(template, root.start_mark.line + 1)
        source_lines = text.splitlines()
        ends = {str(_key(name)): last_line(source_lines, body.end_mark.line, body.end_mark.column)
                for name, body in resources.value if _is_located(body)}
    except Exception:  # noqa: BLE001 - an unusual node, or a value SafeConstructor refuses
        return None  # (a date that is no date): cfn-lint decides, and words the error
    return {"resources": [], "errors": [], "template": template, "lines": walk.lines,
            "ends": ends}


def not_a_template(document: dict[str, Any], line: int) -> dict[str, Any]:
    """The result for a map without a Resources map: nothing, when it only looked like a
    template (a macro's event); an error at `line` when it has a template's headers."""
    if not _HEADERS & set(document):
        return {"resources": [], "errors": []}
    return {"resources": [], "errors": [{"line": line, "message":
                                         "not a CloudFormation template: no Resources map"}]}


class _Walk:
    """Composed nodes into plain values, with the line of every located key and item."""

    def __init__(self) -> None:
        self.lines: dict[str, int] = {}
        # an alias is a node met twice: cfn-lint guards against their expansion and notes
        # where they are used, so a template with one is its
        self._met: set[int] = set()

    def value(self, node: Node, path: tuple[str | int, ...]) -> Any:
        if identity(node) in self._met:
            raise _Unusual("alias")
        self._met.add(identity(node))
        tag = node.tag
        if tag.startswith("!"):
            return self.intrinsic(tag[1:], node, path)
        if isinstance(node, ScalarNode):
            if tag == _STR:
                return node.value
            construct = _CONSTRUCTORS.get(tag)
            if construct is None:
                raise _Unusual(tag)
            value = construct(_CONSTRUCTOR, node)
            if value is None or isinstance(value, (bool, int, float)):
                return value
            return str(value)  # a date or bytes: its text, as JSON has no dates
        if isinstance(node, SequenceNode) and tag == _SEQ:
            return self.sequence(node, path)
        if isinstance(node, MappingNode) and tag == _MAP:
            return self.mapping(node, path)
        raise _Unusual(tag)

    def mapping(self, node: MappingNode, path: tuple[str | int, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            key = _key(key_node)  # a merge key (`<<`) is not a key here: cfn-lint's
            if key in seen or str(key) in out:  # cfn-lint refuses (in a function: keeps one)
                raise _Unusual("duplicate key")
            seen.add(key)
            here = (*path, str(key))
            if key_node.tag == _STR:  # only a string key has a position
                self.lines[format_path(here)] = key_node.start_mark.line + 1
            out[str(key)] = self.value(value_node, here)
        return out

    def sequence(self, node: SequenceNode, path: tuple[str | int, ...]) -> list[Any]:
        out = []
        for index, item in enumerate(node.value):
            here = (*path, index)
            if _is_located(item):
                self.lines[format_path(here)] = item.start_mark.line + 1
            out.append(self.value(item, here))
        return out

    def intrinsic(self, name: str, node: Node, path: tuple[str | int, ...]) -> dict[str, Any]:
        """`!Name value` in its long form, `{"Fn::Name": value}` (`Ref` and `Condition` as
        they are). As in cfn-lint, a scalar argument stays text as written (`!Ref 5` is
        "5"), and `!GetAtt a.b.c` is ["a", "b.c"], its parts without positions."""
        key = name if name in _UNPREFIXED else "Fn::" + name
        if isinstance(node, ScalarNode):
            if key == "Fn::GetAtt":
                return {key: node.value.split(".", 1)}
            return {key: node.value}
        if isinstance(node, SequenceNode):
            return {key: self.sequence(node, (*path, key))}
        if key == "Fn::GetAtt":  # a map argument: cfn-lint has its own way with it
            raise _Unusual("GetAtt map")
        return {key: self.mapping(node, (*path, key))}


def _key(node: Node) -> Any:
    if not isinstance(node, ScalarNode) or node.tag not in _KEY_TAGS:
        raise _Unusual("key")  # null, date, merge, tagged or collection keys
    return node.value if node.tag == _STR else _CONSTRUCTORS[node.tag](_CONSTRUCTOR, node)


def _is_located(node: Node) -> bool:
    """Whether cfn-lint's value of `node` keeps its position: a string, map, list or function
    does; a number, boolean, null or date does not."""
    return node.tag.startswith("!") or node.tag in (_STR, _SEQ, _MAP)


def last_line(source: list[str], line: int, column: int) -> int:
    """The 1-based last line of a node whose end mark is at (0-based) `line`, `column`: a
    block node ends before the token that follows it (at the start of its line), a flow node
    on the line of its closing bracket; blank and comment lines before the next are not its."""
    before = source[line][:column] if line < len(source) else ""
    last = line + 1 if before.strip() else line
    while last > 1 and last <= len(source) and (not source[last - 1].strip()
                                                  or source[last - 1].lstrip().startswith("#")):
        last -= 1
    return max(last, 1)

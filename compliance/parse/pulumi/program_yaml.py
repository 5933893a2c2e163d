"""Pulumi YAML programs (`Pulumi.yaml` / `Main.yaml` with `runtime: yaml`) into resources.

Evaluated statically: `config` defaults, `variables`, `${name}` / `${res.prop}` interpolation
and a few `fn::` expressions. A reference to a property the program does not set (an output
only the provider knows, such as an `id`) is Unknown, with the referenced resource's address so
the graph still connects the two. Resources are normalized as in compliance/pulumi.
"""

from __future__ import annotations

import json
import re
from typing import Any

from yaml.nodes import MappingNode, ScalarNode

from compliance.model import (
    Location,
    Resource,
    Unknown,
    UnknownKind,
    format_path,
    has_unknown,
    parse_path,
    resource_to_json,
)
from compliance.model.masking import MASK
from compliance.parse.pulumi import long_token, normalize, snake, type_table
from compliance.parse.yaml_nodes import (
    DocumentTooLarge,
    Problem,
    SourceLines,
    check_bounds,
    compose_documents,
    convert,
)

_REF = re.compile(r"\$\{([^{}]*)\}")
_WHOLE_REF = re.compile(r"^\$\{([^{}]*)\}$")
_MAX_DEPTH = 50


def parse(text: str) -> dict[str, Any]:
    text = text.removeprefix("\ufeff")
    source = SourceLines(text)
    errors: list[dict[str, Any]] = []
    document = None
    for item in compose_documents(source):
        if isinstance(item, Problem):
            errors.append({"line": item.line, "message": item.message})
            break
        document = item
        break
    if document is None or not isinstance(document.node, MappingNode):
        if not errors:
            errors.append({"line": None, "message": "not a Pulumi YAML program"})
        return {"resources": [], "errors": errors}
    try:
        check_bounds(document.node)
    except DocumentTooLarge as exc:
        return {"resources": [], "errors": [{"line": None, "message": str(exc)}]}
    sections: dict[str, Any] = {}
    for key_node, value_node in document.node.value:
        if isinstance(key_node, ScalarNode):
            sections[key_node.value] = (key_node, value_node)
    program = _Program(source, document.line_offset, sections, errors)
    resources = program.resources()
    return {"resources": [resource_to_json(r) for r in resources], "errors": errors}


class _Program:
    def __init__(self, source, offset, sections, errors):
        self.errors = errors
        self.source, self.offset = source, offset

        def value(name):
            if name not in sections:
                return {}
            converted = convert(sections[name][1], offset, source, placeholders=False)
            return converted.value if isinstance(converted.value, dict) else {}

        self.config = {}
        for key, spec in (value("config") or value("configuration")).items():
            if isinstance(spec, dict):
                if spec.get("secret") and "default" not in spec and "value" not in spec:
                    # set per stack, encrypted: nothing literal in this file
                    self.config[key] = Unknown(f"secret config {key}",
                                               kind=UnknownKind.SECRET_REFERENCE)
                elif spec.get("secret"):
                    self.config[key] = MASK  # a secret written here, in the program
                elif "default" in spec:
                    self.config[key] = spec["default"]
                elif "value" in spec:
                    self.config[key] = spec["value"]
                else:
                    self.config[key] = Unknown(f"config {key} set per stack",
                                               kind=UnknownKind.NO_VALUE)
            else:
                self.config[key] = spec
        self.variables_raw = value("variables")
        self.variables: dict[str, Any] = {}
        self.declared: dict[str, tuple[Any, Any]] = {}  # name -> (key node, value node)
        if "resources" in sections and isinstance(sections["resources"][1], MappingNode):
            for key_node, value_node in sections["resources"][1].value:
                if isinstance(key_node, ScalarNode):
                    self.declared[key_node.value] = (key_node, value_node)
        self.raw: dict[str, Any] = {}
        self.types: dict[str, str] = {}
        for name, (_, node) in self.declared.items():
            raw = convert(node, offset, source, placeholders=False)
            self.raw[name] = raw
            spec = raw.value if isinstance(raw.value, dict) else {}
            token = spec.get("type")
            if isinstance(token, str):
                entry = type_table().get(long_token(token))
                self.types[name] = entry["type"] if entry else long_token(token)
        self.evaluated_props: dict[str, Any] = {}
        self.active: set[str] = set()

    def address(self, name: str) -> str:
        return f"{self.types.get(name, 'pulumi')}.{name}"

    # --- evaluation ---------------------------------------------------------------------

    def lookup(self, expr: str, depth: int) -> Any:
        parts = _split_ref(expr)
        if not parts:
            return Unknown(f"${{{expr}}}")
        head, rest = parts[0], parts[1:]
        if head in self.declared:
            ref = (self.address(head),)
            if not rest or rest[0] in ("id", "urn"):
                return Unknown(f"{rest[0] if rest else 'id'} of {head}", ref)
            current = self.props(head, depth)
            for step in rest:
                if isinstance(current, dict) and isinstance(step, str) and step in current:
                    current = current[step]
                elif isinstance(current, list) and isinstance(step, int) and step < len(current):
                    current = current[step]
                else:
                    return Unknown(f"output {format_path(tuple(rest))} of {head}", ref)
            return current
        if head in self.variables_raw:
            if head not in self.variables:
                if head in self.active or depth > _MAX_DEPTH:
                    return Unknown(f"circular variable {head}", kind=UnknownKind.CYCLE)
                self.active.add(head)
                self.variables[head] = self.evaluate(self.variables_raw[head], depth + 1)
                self.active.discard(head)
            current = self.variables[head]
        elif head in self.config:
            current = self.config[head]
        elif expr == "pulumi.stack" or expr == "pulumi.project":
            return Unknown(expr)
        else:
            return Unknown(f"${{{expr}}}")
        for step in rest:
            if isinstance(current, dict) and step in current:
                current = current[step]
            elif isinstance(current, list) and isinstance(step, int) and step < len(current):
                current = current[step]
            else:
                return current if isinstance(current, Unknown) else Unknown(f"${{{expr}}}")
        return current

    def props(self, name: str, depth: int) -> Any:
        if name not in self.evaluated_props:
            if name in self.active or depth > _MAX_DEPTH:
                return Unknown(f"circular reference to {name}", kind=UnknownKind.CYCLE)
            self.active.add(name)
            spec = self.raw[name].value if isinstance(self.raw[name].value, dict) else {}
            self.evaluated_props[name] = self.evaluate(spec.get("properties") or {}, depth + 1)
            self.active.discard(name)
        return self.evaluated_props[name]

    def evaluate(self, value: Any, depth: int = 0) -> Any:
        if depth > _MAX_DEPTH:
            return Unknown("expression too deep", kind=UnknownKind.LIMIT)
        if isinstance(value, str):
            return self.interpolate(value, depth)
        if isinstance(value, list):
            return [self.evaluate(v, depth + 1) for v in value]
        if isinstance(value, dict):
            if len(value) == 1:
                (key, arg), = value.items()
                if isinstance(key, str) and key.lower().startswith("fn::"):
                    return self.function(key[4:].lower(), arg, depth)
            return {k: self.evaluate(v, depth + 1) for k, v in value.items()}
        return value

    def interpolate(self, text: str, depth: int) -> Any:
        if "${" not in text:
            return text.replace("$$", "$") if "$${" in text else text
        whole = _WHOLE_REF.match(text)
        if whole:
            return self.lookup(whole.group(1).strip(), depth + 1)
        pieces, refs, unknown = [], [], None
        pos = 0
        for match in _REF.finditer(text):
            if match.start() > 0 and text[match.start() - 1] == "$":
                continue
            pieces.append(text[pos:match.start()])
            found = self.lookup(match.group(1).strip(), depth + 1)
            if isinstance(found, Unknown):
                unknown = unknown or found
                refs += found.refs
            elif isinstance(found, (dict, list)):
                pieces.append(json.dumps(found))
            else:
                pieces.append("true" if found is True else "false" if found is False else str(found))
            pos = match.end()
        pieces.append(text[pos:])
        if unknown is not None:
            return Unknown(f"interpolation of {unknown.reason}", tuple(dict.fromkeys(refs)))
        return "".join(pieces).replace("$${", "${")

    def function(self, name: str, arg: Any, depth: int) -> Any:
        if name == "secret":
            return MASK
        value = self.evaluate(arg, depth + 1)
        refs = tuple(_refs(value))
        if name == "tojson":
            if refs or has_unknown(value):
                return Unknown("JSON with values known at deployment", refs, partial=value)
            return json.dumps(value)
        if name == "join" and isinstance(value, list) and len(value) == 2 \
                and isinstance(value[0], str) and isinstance(value[1], list):
            if has_unknown(value[1]):
                return Unknown("join of values known at deployment", refs)
            return value[0].join(str(v) for v in value[1])
        if name == "select" and isinstance(value, list) and len(value) == 2 \
                and isinstance(value[0], int) and isinstance(value[1], list) \
                and 0 <= value[0] < len(value[1]):
            return value[1][value[0]]
        return Unknown(f"fn::{name}", refs)

    # --- resources ----------------------------------------------------------------------

    def resources(self) -> list[Resource]:
        out = []
        for name, (key_node, _) in self.declared.items():
            raw = self.raw[name]
            spec = raw.value if isinstance(raw.value, dict) else None
            start = key_node.start_mark.line + self.offset + 1
            if spec is None or not isinstance(spec.get("type"), str):
                self.errors.append({"line": start, "message": f"resource {name} has no type; skipped"})
                continue
            if "get" in spec and "properties" not in spec:
                continue  # reads an existing resource: nothing declared here
            props = self.props(name, 0)
            if not isinstance(props, dict):
                props = {}
            rtype, attributes, how = normalize(spec["type"], props)
            lines = _resource_lines(raw.lines, spec["type"], how)
            out.append(Resource(
                platform="pulumi", type=rtype, name=name, address=f"{rtype}.{name}",
                attributes=attributes, location=Location("", start, raw.end_line), lines=lines))
        return out


def _resource_lines(lines: dict[str, int], token: str, how: str) -> dict[str, int]:
    entry = type_table().get(long_token(token)) or {}
    renames = entry.get("renames") or {}
    out = {}
    for display, line in lines.items():
        if not display.startswith("properties.") and not display.startswith('properties['):
            continue
        try:
            parts = parse_path(display)[1:]
        except ValueError:
            continue
        if how != "native":
            parts = tuple(snake(p) if isinstance(p, str) else p for p in parts)
            if parts and parts[0] in renames:
                parts = (renames[parts[0]],) + parts[1:]
        if parts:
            out[format_path(parts)] = line
    return out


def _split_ref(expr: str) -> list[str | int]:
    try:
        parts = list(parse_path(expr))
    except ValueError:
        return []
    return parts if parts and isinstance(parts[0], str) else []


def _refs(value: Any):
    if isinstance(value, Unknown):
        yield from value.refs
    elif isinstance(value, dict):
        for v in value.values():
            yield from _refs(v)
    elif isinstance(value, list):
        for v in value:
            yield from _refs(v)

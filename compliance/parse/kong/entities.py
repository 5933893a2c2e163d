"""The entities of a decK file (services, routes, plugins, consumers, ...) read from YAML nodes.

Each entity is converted on its own, without the lists of entities nested in it (a service's
routes and plugins, a route's plugins), so its attributes and lines are its own; the nested
ones become entities of their own, with their parent recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from compliance.model import Unknown, UnknownKind
from compliance.parse.yaml_nodes import Problem, SourceLines, convert

# top-level list -> the entity lists that may be nested in each of its items
TOP_LEVEL = {
    "services": ("routes", "plugins"),
    "routes": ("plugins",),
    "plugins": (),
    "consumers": ("plugins",),
    "consumer_groups": ("plugins",),
    "upstreams": (),
    # entities that hold key material or secret-bearing configuration
    "certificates": (),
    "keys": (),
    "vaults": (),
    "partials": (),
}
NESTED = {"routes": ("plugins",), "plugins": ()}

# Kong resolves `{vault://backend/path}` when it loads the entity: the file holds no value
_VAULT_REFERENCE = re.compile(r"^\{vault://[^{}]+\}$")
_PLACEHOLDER = re.compile(r"\$?\{\{.*?\}\}|\$\{[^{}]*\}", re.S)


@dataclass(eq=False)
class Entity:
    kind: str  # the list it is an item of: "services", "routes", "plugins", ...
    index: int  # its position in that list
    value: dict[str, Any]  # its own keys, nested entity lists removed
    lines: dict[str, int]  # display path relative to the entity -> 1-based line
    start: int
    end: int
    parent: Entity | None = None
    children: dict[str, list[Entity]] = field(default_factory=dict)
    node: MappingNode | None = None

    def label(self, *keys: str) -> str:
        """The first of `keys` holding a plain string, else `#<index>`."""
        for key in keys:
            value = self.value.get(key)
            if isinstance(value, str) and value:
                return value
        return f"#{self.index}"

    def raw_scalar(self, key: str) -> str | None:
        """The text of a scalar as written (before placeholders became Unknown)."""
        if self.node is None:
            return None
        for key_node, value_node in self.node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return value_node.value if isinstance(value_node, ScalarNode) else None
        return None


def read_entities(top: dict[str, Node], offset: int, source: SourceLines,
                  problems: list[Problem]) -> dict[str, list[Entity]]:
    """Entities of every top-level list, nested ones included under their parents."""
    found: dict[str, list[Entity]] = {}
    for kind, nested in TOP_LEVEL.items():
        node = top.get(kind)
        found[kind] = _read_list(kind, node, nested, None, offset, source, problems) if node else []
    return found


def _read_list(kind: str, node: Node, nested: tuple[str, ...], parent: Entity | None,
               offset: int, source: SourceLines, problems: list[Problem]) -> list[Entity]:
    line = node.start_mark.line + offset + 1
    if isinstance(node, ScalarNode) and node.tag.endswith(":null"):
        return []
    if not isinstance(node, SequenceNode):
        problems.append(Problem(line, f"{kind} is not a list; its entries are not read"))
        return []
    entities = []
    for index, item in enumerate(node.value):
        entity = _read_entity(kind, index, item, nested, parent, offset, source, problems)
        if entity is not None:
            entities.append(entity)
    return entities


def _read_entity(kind: str, index: int, node: Node, nested: tuple[str, ...], parent: Entity | None,
                 offset: int, source: SourceLines, problems: list[Problem]) -> Entity | None:
    line = node.start_mark.line + offset + 1
    if not isinstance(node, MappingNode):
        problems.append(Problem(line, f"an entry of {kind} is not a mapping; skipped"))
        return None
    own_pairs = [(k, v) for k, v in node.value
                 if not (isinstance(k, ScalarNode) and k.value in nested)]
    own = MappingNode(node.tag, own_pairs, node.start_mark, node.end_mark, flow_style=node.flow_style)
    converted = convert(own, offset, source, placeholders=True)
    problems.extend(converted.problems)
    if not isinstance(converted.value, dict):
        problems.append(Problem(line, f"an entry of {kind} is a template placeholder; skipped"))
        return None
    value = mark_vault_references(converted.value)
    entity = Entity(kind, index, value, converted.lines, line,
                    max(line, end_line(node, offset, source, line)), parent, node=node)
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value in nested:
            child_kind = key_node.value
            entity.children[child_kind] = _read_list(child_kind, value_node, NESTED[child_kind], entity,
                                                     offset, source, problems)
    return entity


def end_line(node: Node, offset: int, source: SourceLines, start: int) -> int:
    """Last line of a node's content: a block collection ends with its last child's value
    (its own end mark is where the next token starts, past any trailing comments)."""
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, MappingNode) else last
    end = node.end_mark
    line = end.line - 1 if end.column == 0 and end.line > node.start_mark.line else end.line
    return source.last_content_line(line + offset, start - 1) + 1


def mark_vault_references(value: Any) -> Any:
    if isinstance(value, str):
        if _VAULT_REFERENCE.match(value):
            return Unknown(f"vault reference {value[:60]}", kind=UnknownKind.SECRET_REFERENCE)
        return value
    if isinstance(value, dict):
        return {key: mark_vault_references(item) for key, item in value.items()}
    if isinstance(value, list):
        return [mark_vault_references(item) for item in value]
    return value


# --- service URLs ------------------------------------------------------------------------------


def split_service_url(raw: str) -> dict[str, Any] | None:
    """protocol, host, port and path of a service `url`, as Kong's shorthand reads it (port 443
    for https, else 80, when none is written); parts holding a template placeholder are
    Unknown. None when the URL has no scheme (decK refuses it)."""
    tokens: list[str] = []

    def hide(match: re.Match[str]) -> str:
        tokens.append(match.group(0))
        return f"placeholder{len(tokens) - 1}x"

    text = _PLACEHOLDER.sub(hide, raw.strip())
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", text):
        return None
    parts = urlsplit(text)

    def known(part: str | None) -> Any:
        hidden = re.search(r"placeholder(\d+)x", part or "")
        if hidden:
            return Unknown(f"template placeholder {tokens[int(hidden.group(1))][:60]}",
                           kind=UnknownKind.PLACEHOLDER)
        return part

    protocol = known(parts.scheme.lower())
    try:
        port: Any = parts.port
    except ValueError:
        port = known(parts.netloc.rsplit(":", 1)[-1])
        port = port if isinstance(port, Unknown) else Unknown(f"port {port[:20]!r} is not a number")
    if port is None:
        port = protocol if isinstance(protocol, Unknown) else 443 if protocol == "https" else 80
    return {"protocol": protocol, "host": known(parts.hostname), "port": port,
            "path": known(parts.path) or None}

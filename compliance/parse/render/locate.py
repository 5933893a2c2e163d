"""Where a rendered object came from: its lines in the file a user edits.

Helm: the template a document was rendered from is named by helm's `# Source:` line, but its
lines are not the rendered lines (`{{ if }}` blocks, `include`, `range`). The template is read
as text, line by line: documents split at `---`, each key line's path worked out from its
indentation (template directive lines skipped). A rendered object is placed at the template
document whose literal `kind:` (then `name:`) is the object's, and each of its attributes at
the template line with the same key path (list positions left out; the n-th match for the
n-th list entry), else at the nearest ancestor found (a block written by `toYaml`/`include`
is located at the key that holds it), else at the document's first line.

Kustomize: each object names its origin file (`config.kubernetes.io/origin`); there it is the
object of the same kind and name (a name prefix or suffix allowed), parsed as any manifest. An
attribute is located at its line there when the origin has it with the same value (or it holds
a map or list); a value an overlay changed or added is located at the nearest such ancestor,
else at the object's first line. An entry of a list of named maps (containers, env, ports,
volumes: what a patch merges by `name`) is the origin's entry of the same name, wherever it
stands there; one the origin has no entry of that name for was added by the overlay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from compliance.model import Resource
from compliance.model.values import format_path, parse_path

_KEY = re.compile(r"""^(?P<indent>\s*)(?P<dashes>(?:-\s+)*)"""
                  r"""(?P<key>"[^"]*"|'[^']*'|[^\s#{'"\-][^:#{]*?)\s*:(?:\s|$)""")
_DIRECTIVE = re.compile(r"^\s*\{\{.*\}\}\s*$")
_SEPARATOR = re.compile(r"^---(\s|$)")


@dataclass
class TemplateDocument:
    start: int  # 1-based, first line with content
    end: int
    kind: str | None = None  # literal top-level `kind:`
    name: str | None = None  # literal `metadata.name`
    keys: dict[tuple[str, ...], list[int]] = field(default_factory=dict)  # key path -> lines


def _literal(rest: str) -> str | None:
    value = rest.split("#", 1)[0].strip().strip("\"'")
    return value if value and "{{" not in value else None


def template_documents(text: str) -> list[TemplateDocument]:
    """The documents of a template, with the key paths its literal text spells."""
    documents: list[TemplateDocument] = []
    current: TemplateDocument | None = None
    stack: list[tuple[int, str]] = []  # (column of the key, key)
    for number, line in enumerate(text.splitlines(), 1):
        if _SEPARATOR.match(line):
            current, stack = None, []
            continue
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or _DIRECTIVE.match(line):
            continue
        if current is None:
            current = TemplateDocument(number, number)
            documents.append(current)
        current.end = number
        match = _KEY.match(line)
        if not match:
            continue
        column = len(match.group("indent")) + len(match.group("dashes"))
        while stack and stack[-1][0] >= column:
            stack.pop()
        key = match.group("key").strip().strip("\"'")
        stack.append((column, key))
        path = tuple(k for _, k in stack)
        current.keys.setdefault(path, []).append(number)
        rest = line[match.end():]
        if path == ("kind",):
            current.kind = _literal(rest)
        elif path == ("metadata", "name"):
            current.name = _literal(rest)
    return documents


def pick_document(documents: list[TemplateDocument], kind: str, name: str, ordinal: int = 0,
                  rendered: int = 1) -> TemplateDocument | None:
    """The template document an object of `kind` named `name` was rendered from, as nearly
    as its literal text tells: the one with that literal kind and name; else, when the
    template spells that kind as often as it rendered (helm keeps their order), the
    `ordinal`-th (0-based) of the `rendered` objects of that kind; else the first of that
    kind (or of a templated kind), else the first."""
    if not documents:
        return None
    same_kind = [d for d in documents if d.kind == kind]
    named = [d for d in same_kind if d.name is not None and d.name == name]
    if named:
        return named[0]
    if rendered == len(same_kind) and ordinal < rendered:
        return same_kind[ordinal]
    return (same_kind or [d for d in documents if d.kind is None] or documents)[0]


def _keys_and_position(display: str) -> tuple[tuple[str, ...], int]:
    """A display path's keys without list positions, and its last list position (0 if none)."""
    try:
        parts = parse_path(display)
    except ValueError:
        return (), 0
    keys = tuple(p for p in parts if isinstance(p, str))
    positions = [p for p in parts if isinstance(p, int)]
    return keys, positions[-1] if positions else 0


def template_lines(document: TemplateDocument, rendered_lines: dict[str, int]) -> dict[str, int]:
    """Each rendered attribute's line in the template document (see the module's docstring)."""
    located: dict[str, int] = {}
    for display in rendered_lines:
        keys, position = _keys_and_position(display)
        for end in range(len(keys), 0, -1):
            lines = document.keys.get(keys[:end])
            if lines:
                located[display] = lines[position] if end == len(keys) and position < len(lines) \
                    else lines[0]
                break
        else:
            located[display] = document.start
    return located


def _value_at(value: Any, display: str) -> Any:
    try:
        parts = parse_path(display)
    except ValueError:
        return None
    for part in parts:
        if isinstance(part, int) and isinstance(value, list) and part < len(value):
            value = value[part]
        elif isinstance(part, str) and isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return _MISSING
    return value


_MISSING = object()


def origin_object(candidates: list[Resource], kind: str, name: str) -> Resource | None:
    """Among the objects of an origin file, the one a rendered object of `kind` named `name`
    came from: the same name, else the one name a prefix or suffix made it, else the only one
    of its kind."""
    same_kind = [r for r in candidates if r.type.rpartition("/")[2] == kind]
    exact = [r for r in same_kind if r.name == name]
    if exact:
        return exact[0]
    affixed = [r for r in same_kind if r.name and r.name in name]
    if len(affixed) == 1:
        return affixed[0]
    return same_kind[0] if len(same_kind) == 1 else None


def origin_lines(origin: Resource, rendered: Resource) -> dict[str, int]:
    """The rendered object's attribute lines in its origin object (see the docstring)."""
    located: dict[str, int] = {}
    for display in rendered.lines:
        in_origin = _origin_display(display, origin.attributes, rendered.attributes)
        line = origin.lines.get(in_origin) if in_origin is not None else None
        if line is None:
            continue
        before = _value_at(origin.attributes, in_origin)
        after = _value_at(rendered.attributes, display)
        if isinstance(before, (dict, list)) or before == after:
            located[display] = line
    return located


def _origin_display(display: str, origin: Any, rendered: Any) -> str | None:
    """`display`'s path in the origin: each entry of a list of named maps taken as the
    origin's entry of the same name (a patch that deletes or adds one moves the others);
    None when the origin has no entry of that name."""
    if "[" not in display:
        return display
    try:
        parts = parse_path(display)
    except ValueError:
        return display
    moved = False
    path: list[str | int] = []
    for part in parts:
        if isinstance(part, int) and isinstance(rendered, list) and part < len(rendered):
            rendered = rendered[part]
            name = rendered.get("name") if isinstance(rendered, dict) else None
            if isinstance(name, str) and isinstance(origin, list):
                index = next((i for i, item in enumerate(origin)
                              if isinstance(item, dict) and item.get("name") == name), None)
                if index is None:
                    return None
                moved = moved or index != part
                part = index
            origin = origin[part] if isinstance(origin, list) and part < len(origin) else None
        else:
            rendered = rendered.get(part) if isinstance(rendered, dict) else None
            origin = origin.get(part) if isinstance(origin, dict) else None
        path.append(part)
    return format_path(tuple(path)) if moved else display

"""Values the parsers could not know, and attribute paths.

A value that cannot be resolved without applying the configuration is an `Unknown`, never a
guess. A concrete attribute path is a tuple of str keys and int list indexes; its display form
is `spec.containers[0].securityContext` with odd keys quoted: `annotations["a.b/c"]`. The same
form (plus `[*]`) is the path syntax of the condition language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Iterable


class UnknownKind(str, Enum):
    """What sort of value an Unknown stands for."""

    APPLY_TIME = "apply-time"  # another resource's attribute, a data source: known at apply
    NO_VALUE = "no-value"  # an input nobody gave (a variable without default or tfvars value)
    PLACEHOLDER = "placeholder"  # a template placeholder filled in later (${{ env }}, {{ }})
    SECRET_REFERENCE = "secret-reference"  # a vault reference or encrypted secret: not in the file
    EXPRESSION = "expression"  # a policy expression evaluated per request (APIM C#, named value)
    LIMIT = "limit"  # too large or too deep to evaluate
    CYCLE = "cycle"  # refers to itself (a reference cycle, a recursive $ref)
    NOT_READ = "not-read"  # something this tool does not read (a remote module, external $ref)
    UNRESOLVED = "unresolved"  # any other value that can't be resolved statically


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value that cannot be resolved statically.

    `reason` says why in a few words (shown to users as the observed value); `kind` says what
    sort of unknown it is, for the checks that treat sorts differently (a credential from a
    vault reference is not a credential written in the file); `refs` are the addresses of
    resources the expression referred to, so the graph can still connect them.
    """

    reason: str
    refs: tuple[str, ...] = ()
    # What is known of an encoded value (the object given to jsonencode) with Unknown leaves:
    # a check that reads the encoding (an IAM policy) can still judge the known parts.
    partial: Any = field(default=None, compare=False, hash=False)
    kind: UnknownKind = field(default=None, compare=False, hash=False)  # None: UNRESOLVED

    def __post_init__(self) -> None:
        if self.kind is None:
            object.__setattr__(self, "kind", UnknownKind.UNRESOLVED)

    def __str__(self) -> str:
        return f"unknown ({self.reason})"



_PLAIN_KEY = re.compile(r"^[A-Za-z_$][A-Za-z0-9_\-$]*$")



Path = tuple[str | int, ...]



def format_path(parts: Iterable[str | int]) -> str:
    out: list[str] = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif part == "*":
            out.append("[*]")
        elif _PLAIN_KEY.match(part):
            out.append(f".{part}" if out else part)
        else:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"')
            out.append(f'["{escaped}"]')
    return "".join(out)



_TOKEN = re.compile(r'\.?([A-Za-z_$][A-Za-z0-9_\-$]*)|\[(\d+|\*)\]|\["((?:[^"\\]|\\.)*)"\]|\.?(\*)')



def parse_path(text: str) -> Path:
    """Parse the display form back into parts; `*` stands for any key or index."""
    parts: list[str | int] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise ValueError(f"invalid attribute path {text!r} at position {pos}")
        name, index, quoted, star = match.groups()
        if name is not None:
            parts.append(name)
        elif index is not None:
            parts.append("*" if index == "*" else int(index))
        elif quoted is not None:
            parts.append(re.sub(r"\\(.)", r"\1", quoted))
        else:
            parts.append("*")
        pos = match.end()
    return tuple(parts)



_UNKNOWN_KEY = "__unknown__"



def has_unknown(value: Any) -> bool:
    """Whether an Unknown is anywhere in `value` (plain dicts and lists)."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, Unknown):
            return True
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return False


def value_to_json(value: Any) -> Any:
    if isinstance(value, Unknown):
        encoded = {_UNKNOWN_KEY: value.reason, "refs": list(value.refs)}
        if value.partial is not None:
            encoded["partial"] = value_to_json(value.partial)
        if value.kind is not UnknownKind.UNRESOLVED:
            encoded["kind"] = value.kind.value
        return encoded
    if isinstance(value, dict):
        return {k: value_to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [value_to_json(v) for v in value]
    return value



def value_from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if _UNKNOWN_KEY in value and "refs" in value and len(value) <= 4:
            return Unknown(value[_UNKNOWN_KEY], tuple(value["refs"]),
                           value_from_json(value.get("partial")),
                           UnknownKind(value.get("kind", UnknownKind.UNRESOLVED.value)))
        return {k: value_from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [value_from_json(v) for v in value]
    return value

"""Template placeholders in OpenAPI documents: files rendered by Terraform's `templatefile`
(`${name}`) or a Jinja/Go template (`{{ name }}`) before API Gateway sees them.

API Gateway's own variables (`${stageVariables.name}`, `${AWS::Region}`) are part of the
deployed value, and `$${` is Terraform's escape for a literal `${`: neither is a placeholder.
"""

from __future__ import annotations

import re
from typing import Any

from compliance.model import Unknown, UnknownKind

_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|(?<!\$)\$\{(?!stageVariables\.|AWS::)[^{}]*\}", re.S)


def placeholder_in(text: str) -> str | None:
    """The first placeholder in `text`, shortened for messages; None when there is none."""
    if "{{" not in text and "${" not in text:
        return None
    match = _PLACEHOLDER.search(text)
    if match is None:
        return None
    found = match.group(0)
    return found if len(found) <= 60 else found[:57] + "..."


def placeholder_unknown(text: str) -> Unknown | None:
    found = placeholder_in(text)
    return None if found is None else Unknown(f"template placeholder {found}",
                                                 kind=UnknownKind.PLACEHOLDER)


def mark_placeholders(value: Any) -> Any:
    """Strings holding a placeholder become Unknown, in place (keys stay as written: a
    mapping's keys must stay strings, and a templated key still names its entry)."""
    if isinstance(value, str):
        return placeholder_unknown(value) or value
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = mark_placeholders(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            value[index] = mark_placeholders(item)
    return value


def undecided_name(name: Any, defined: dict[str, Any], what: str) -> Unknown | None:
    """Unknown when a name can't be looked up in `defined` because of a template: the name is
    a placeholder, or it is missing but some defined name is one."""
    if isinstance(name, str):
        unknown = placeholder_unknown(name)
        if unknown is not None:
            return unknown
        if name in defined:
            return None
    templated = next((key for key in defined if placeholder_in(key)), None)
    if templated is not None:
        return Unknown(f"{what} {name!r} may be the templated {templated!r}")
    return None

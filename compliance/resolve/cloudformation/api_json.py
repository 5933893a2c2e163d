"""Documents CloudFormation writes as properties in its PascalCase where Terraform holds the
service API's JSON text (an ECS task's `ContainerDefinitions`, Terraform's
`container_definitions`): keys spelled as the API spells them, the first letter lower-cased
(`ReadonlyRootFilesystem` -> `readonlyRootFilesystem`), so what reads the decoded JSON
(compliance/resolve/ecs.py) reads both alike. Maps by name (a log configuration's `Options`,
`DockerLabels`) keep their keys as written."""

from __future__ import annotations

import re
from typing import Any

from compliance.model import Path

_PASCAL = re.compile(r"[A-Z][A-Za-z0-9]*")


def api_name(name: str) -> str:
    return name[0].lower() + name[1:] if _PASCAL.fullmatch(name) else name


def api_keys(value: Any, maps: frozenset[str]) -> Any:
    if isinstance(value, dict):
        return {api_name(key): item if key in maps else api_keys(item, maps)
                for key, item in value.items()}
    if isinstance(value, list):
        return [api_keys(item, maps) for item in value]
    return value


def api_path(parts: Path, maps: frozenset[str]) -> Path:
    """The path of a property inside such a document (its first part, the attribute, kept)."""
    out: list[str | int] = list(parts[:1])
    in_map = False
    for part in parts[1:]:
        if isinstance(part, str) and not in_map:
            in_map = part in maps
            part = api_name(part)
        out.append(part)
    return tuple(out)

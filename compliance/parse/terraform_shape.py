"""Other tools' resources in Terraform's shape: the attribute names and nesting the catalog's
Terraform checks read. Shared by Pulumi (controls/pulumi-types.yaml) and CloudFormation
(controls/cloudformation-types.yaml); each table entry says, for one type:

    renames: {name: terraform_name}   property names (after snake_case) that differ, at any depth
    moves:   {a.b: c.d}               a nested property Terraform writes elsewhere (dotted
                                      paths after renames; the value moves whole; within
                                      each item of a list both paths start with)
    blocks:  [a, a.b]                 nested blocks written as one object (wrapped back into a
                                      one-item list, as Terraform holds a block)
    lists:   [a.c]                    lists written as a single value (wrapped likewise)

`output_path` maps a property's path the same way, so lines follow the values.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable

from compliance.model import Path, Unknown

# Map-valued attributes: their keys are the user's (tags, stage variables, header names) and
# are kept as written.
MAP_ATTRIBUTES = frozenset({
    "tags", "tags_all", "variables", "stage_variables", "request_parameters", "request_models",
    "request_templates", "response_parameters", "response_models", "response_templates",
    "labels", "metadata", "parameters", "context", "default_tags",
})
_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")
_ACRONYM = re.compile(r"([A-Z]+)([A-Z][a-z])")


# Both name conversions are pure and meet the same few hundred property names again and again
# (a third of building a template's resources went into the regular expressions).
@lru_cache(maxsize=4096)
def lower_camel_snake(name: str) -> str:
    """Pulumi's names: `accessLogSettings` -> `access_log_settings`."""
    return _CAMEL.sub(r"_\1", name).lower() if re.fullmatch(r"[a-z][A-Za-z0-9]*", name) else name


@lru_cache(maxsize=4096)
def pascal_snake(name: str) -> str:
    """CloudFormation's names: `SSEAlgorithm` -> `sse_algorithm`, `KMSMasterKeyID` ->
    `kms_master_key_id`."""
    if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", name):
        return name
    return _CAMEL.sub(r"_\1", _ACRONYM.sub(r"\1_\2", name)).lower()


def snake_keys(value: Any, renames: dict[str, str], name: Callable[[str], str],
               maps: frozenset[str] = MAP_ATTRIBUTES) -> Any:
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            new = name(key)
            new = renames.get(new, new)
            out[new] = item if new in maps else snake_keys(item, renames, name, maps)
        return out
    if isinstance(value, list):
        return [snake_keys(v, renames, name, maps) for v in value]
    return value


def wrap(attributes: Any, dotted: str, only_scalars: bool) -> None:
    """Wrap the value at `dotted` (through lists) into a one-item list."""
    head, _, rest = dotted.partition(".")
    targets = attributes if isinstance(attributes, list) else [attributes]
    for target in targets:
        if not isinstance(target, dict) or head not in target:
            continue
        if rest:
            wrap(target[head], rest, only_scalars)
            continue
        value = target[head]
        if only_scalars and not isinstance(value, (list, dict)) and value is not None:
            target[head] = [value]
        elif not only_scalars and isinstance(value, (dict, Unknown)):
            target[head] = [value]


def move(attributes: dict[str, Any], source: str, target: str) -> None:
    """Move the value at dotted `source` to dotted `target` (objects only on the way, but for
    a list both paths start with: then in each of its items)."""
    head, _, rest = source.partition(".")
    target_head, _, target_rest = target.partition(".")
    if rest and target_rest and head == target_head and isinstance(attributes.get(head), list):
        for item in attributes[head]:
            if isinstance(item, dict):
                move(item, rest, target_rest)
        return
    *parents, last = source.split(".")
    holder: Any = attributes
    for part in parents:
        holder = holder.get(part) if isinstance(holder, dict) else None
    if not isinstance(holder, dict) or last not in holder:
        return
    value = holder.pop(last)
    *parents, last = target.split(".")
    holder = attributes
    for part in parents:
        if not isinstance(holder.get(part), dict):
            holder[part] = {}
        holder = holder[part]
    holder[last] = value


def reshape(properties: dict[str, Any], entry: dict[str, Any], name: Callable[[str], str],
            maps: frozenset[str] = MAP_ATTRIBUTES) -> dict[str, Any]:
    """`properties` in the shape of the entry's Terraform type (see the module doc)."""
    attributes = snake_keys(properties, entry.get("renames") or {}, name, maps)
    for source, target in (entry.get("moves") or {}).items():
        move(attributes, source, target)
    for dotted in entry.get("lists") or ():
        wrap(attributes, dotted, only_scalars=True)
    # outer blocks first: a nested block's path runs through its (now wrapped) parent
    for dotted in sorted(entry.get("blocks") or (), key=lambda d: d.count(".")):
        wrap(attributes, dotted, only_scalars=False)
    return attributes


def output_path(parts: Path, entry: dict[str, Any], name: Callable[[str], str],
                maps: frozenset[str] = MAP_ATTRIBUTES) -> Path:
    """Where the property at `parts` is once reshaped (an index 0 where a block was wrapped)."""
    renames = entry.get("renames") or {}
    out: list[str | int] = []
    in_map = False
    for part in parts:
        if isinstance(part, str) and not in_map:
            part = renames.get(name(part), name(part))
            in_map = part in maps
        out.append(part)
    dotted = ".".join(p for p in out if isinstance(p, str))
    for source, target in (entry.get("moves") or {}).items():
        if dotted == source or dotted.startswith(source + "."):
            names = source.count(".") + 1
            cut = _position_after(out, names)
            out = [*_indexed(target.split("."), source.split("."), out[:cut]), *out[cut:]]
            break
    wrapped = [*(entry.get("blocks") or ()), *(entry.get("lists") or ())]
    for block in sorted(wrapped, key=lambda d: -d.count(".")):
        names = block.count(".") + 1
        cut = _position_after(out, names)
        if cut < len(out) and not isinstance(out[cut], int) \
                and ".".join(p for p in out[:cut] if isinstance(p, str)) == block:
            out.insert(cut, 0)
    return tuple(out)


def _indexed(target: list[str], source: list[str], written: list[str | int]) -> list[str | int]:
    """`target`, with the list indexes `written` (the source's path) has after the names the
    two paths share (a move within each item of a list keeps the item's index)."""
    shared = 0
    while shared < min(len(target), len(source)) - 1 and target[shared] == source[shared]:
        shared += 1
    cut = _position_after(written, shared) if shared else 0
    while cut < len(written) and isinstance(written[cut], int):
        cut += 1
    return [*written[:cut], *target[shared:]]


def _position_after(parts: list[str | int], names: int) -> int:
    """The index just after the `names`-th name in `parts`."""
    seen = 0
    for index, part in enumerate(parts):
        if isinstance(part, str):
            seen += 1
            if seen == names:
                return index + 1
    return len(parts) + 1

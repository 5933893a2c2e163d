"""CloudFormation resources in Terraform's shape, through controls/cloudformation-types.yaml
(its header explains each key), with the line of every attribute carried along."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator


from compliance import data_yaml
from compliance.model import Path, Unknown, UnknownKind, format_path
from compliance.parse.terraform_shape import MAP_ATTRIBUTES, output_path, pascal_snake, reshape
from compliance.resolve.cloudformation.api_json import api_keys, api_path
from compliance.resolve.cloudformation.replicas import local_replica

TYPES_FILE = "cloudformation-types.yaml"
# attributes whose value is a document of its own, kept as written: IAM and resource policies
# (`PolicyDocument`, `KeyPolicy`, ... once renamed), OpenAPI bodies
_KEPT = MAP_ATTRIBUTES | {"policy", "assume_role_policy", "access_policies", "body"}


@lru_cache(maxsize=1)
def _table_file() -> dict[str, Any]:
    return data_yaml("controls", TYPES_FILE)


def type_table() -> dict[str, dict[str, Any]]:
    return _table_file()["types"]


@lru_cache(maxsize=1)
def controls_without_counterpart() -> frozenset[str]:
    """The AWS controls CloudFormation cannot meet at all (the table's `without_counterpart`,
    each with its reason): they judge no CloudFormation resource."""
    return frozenset(_table_file().get("without_counterpart") or ())


def terraform_type(cfn_type: str) -> str:
    entry = type_table().get(cfn_type)
    return entry["type"] if entry else cfn_type


@dataclass
class Shaped:
    type: str
    name: str  # the logical ID, or <logical ID>_<property> for a split-off resource
    attributes: dict[str, Any]
    lines: dict[str, int]  # display path -> line
    mapped: bool  # through the table (False: kept under its CloudFormation type and names)


def shape(cfn_type: str, logical_id: str, properties: dict[str, Any],
          lines: dict[Path, int], address_of: Any) -> list[Shaped]:
    """The resource (and the resources split off it), `lines` by property path relative to
    `Properties`. `address_of(logical_id)` is the address a reference names."""
    entry = type_table().get(cfn_type)
    if entry is None:
        return [Shaped(cfn_type, logical_id, properties,
                       {format_path(p): line for p, line in lines.items()}, False)]
    properties = copy.deepcopy(properties)
    lines = dict(lines)
    root = entry.get("root")
    if root is not None:
        written = next((k for k in properties if pascal_snake(k) == root), None)
        inner = properties.get(written) if written else None
        properties = dict(inner) if isinstance(inner, dict) else {}
        lines = {p[1:]: line for p, line in lines.items() if p[:1] == (written,) and p[1:]}
    if entry.get("local_replica"):
        local_replica(properties, lines, entry["local_replica"])
    split_off = []
    for split in entry.get("split") or ():
        split_off += _split(split, logical_id, properties, lines, address_of)
    attributes, out_lines = _shaped(properties, lines, entry)
    for attribute, default in (entry.get("defaults") or {}).items():
        _default(attributes, attribute, default)
    for attribute, reason in (entry.get("unset") or {}).items():
        attributes.setdefault(attribute, Unknown(reason))
    own = Shaped(entry["type"], logical_id, attributes, out_lines, True)
    owned = _spread(own, entry["spread"]) if entry.get("spread") else [own]
    for part in split_off:
        for attribute, parent in (part.copy or {}).items():
            if parent in attributes:
                part.shaped.attributes.setdefault(attribute, copy.deepcopy(attributes[parent]))
    return [*owned, *(part.shaped for part in split_off)]


def _holders(holder: Any, names: list[str]) -> Iterator[dict[str, Any]]:
    """The objects a dotted attribute path ends in: `holder` itself for one name, else each
    block written on the way (an unknown, or a value that is no block, holds nothing)."""
    for block in holder if isinstance(holder, list) else [holder]:
        if not isinstance(block, dict):
            continue
        if len(names) == 1:
            yield block
        elif names[0] in block:
            yield from _holders(block[names[0]], names[1:])


def _default(attributes: dict[str, Any], attribute: str, default: Any) -> None:
    """The default of an attribute left out: at the top, or (a dotted path) in each block of
    the template that is written, where the service decides it when it is left out."""
    names = attribute.split(".")
    for block in _holders(attributes, names):
        block.setdefault(names[-1], copy.deepcopy(default))


@dataclass
class _Part:
    shaped: Shaped
    copy: dict[str, str] | None


def _shaped(properties: dict[str, Any], lines: dict[Path, int],
            entry: dict[str, Any]) -> tuple[dict[str, Any], dict[str, int]]:
    properties, lines = _settings(properties, lines, entry.get("settings") or {})
    keyed = entry.get("keyed") or {}
    # a map of single values is by name (rds.force_ssl, MaxConnections): kept as written
    api = {attribute: frozenset(maps) for attribute, maps in (entry.get("api_json") or {}).items()}
    kept = _KEPT | frozenset(a for a, spec in keyed.items() if isinstance(spec, dict)) | set(api)
    attributes = reshape(properties, entry, pascal_snake, kept)
    for attribute, maps in api.items():
        if attribute in attributes:
            attributes[attribute] = api_keys(attributes[attribute], maps)
    out_lines: dict[str, int] = {}
    for path, line in lines.items():
        out = output_path(path, entry, pascal_snake, kept)
        if out[0] in api:
            out = api_path(out, api[out[0]])
        out_lines.setdefault(format_path(out), line)
    for attribute, key in keyed.items():
        _keyed(attributes, out_lines, attribute, key)
    for attribute, key in (entry.get("unwrap") or {}).items():
        _unwrap(attributes, attribute, key)
    for attribute, source in (entry.get("hoist") or {}).items():
        _hoist(attributes, out_lines, attribute, source)
    if entry.get("devices"):
        _devices(attributes, out_lines, entry["devices"])
    for block, attribute in (entry.get("switch") or {}).items():
        _switch(attributes, out_lines, block, attribute)
    for attribute, spellings in (entry.get("values") or {}).items():
        _respell(attributes, attribute, spellings)
    for attribute, spec in (entry.get("by") or {}).items():
        _by_kind(attributes, out_lines, attribute, spec)
    return attributes, out_lines


def _respell(attributes: dict[str, Any], attribute: str, spellings: dict[str, Any]) -> None:
    """The value of an attribute (a dotted path: in each block on the way) in Terraform's
    spelling."""
    names = attribute.split(".")
    for block in _holders(attributes, names):
        value = block.get(names[-1])
        if isinstance(value, str) and value in spellings:
            block[names[-1]] = spellings[value]


def _by_kind(attributes: dict[str, Any], lines: dict[str, int], attribute: str,
             spec: dict[str, Any]) -> None:
    """One attribute for what another names the kind of (a flow log's ResourceId is Terraform's
    vpc_id when its ResourceType is VPC). An unlisted kind keeps it as written; an unresolved
    one keeps it too, and every name it could have is unknown (a VPC it may cover is unknown)."""
    kind = attributes.get(spec["key"])
    if isinstance(kind, Unknown) and attribute in attributes:
        for name in spec["names"].values():
            attributes.setdefault(name, Unknown(f"{spec['key']} is {kind}"))
        return
    target = spec["names"].get(kind) if isinstance(kind, str) else None
    if target is None or attribute not in attributes:
        return
    attributes[target] = attributes.pop(attribute)
    if attribute in lines:
        lines[target] = lines.pop(attribute)


def _settings(properties: dict[str, Any], lines: dict[Path, int],
              settings: dict[str, dict[str, str]]) -> tuple[dict[str, Any], dict[Path, int]]:
    """A list of {Key, Value} settings as the attributes they stand for."""
    if not settings:
        return properties, lines
    properties, lines = dict(properties), dict(lines)
    for property_name, by_key in settings.items():
        written = next((k for k in properties if pascal_snake(k) == property_name), None)
        items = properties.get(written) if written else None
        if not isinstance(items, list):
            continue
        del properties[written]
        for index, item in enumerate(items):
            if not isinstance(item, dict) or item.get("Key") not in by_key:
                continue
            target = by_key[item["Key"]].split(".")
            value = item.get("Value")
            if isinstance(value, str) and value.lower() in ("true", "false"):
                value = value.lower() == "true"
            holder = properties
            for part in target[:-1]:
                holder = holder.setdefault(part, {})
            holder[target[-1]] = value
            line = lines.get((written, index))
            if line is not None:
                lines[tuple(target)] = line
                lines.setdefault(tuple(target[:1]), line)
    return properties, lines


def _spread(own: Shaped, spread: dict[str, str]) -> list[Shaped]:
    """One resource per item of a list, as Terraform writes them (one principal each); an
    unknown list stays one resource whose item is unknown."""
    ((attribute, target),) = spread.items()
    value = own.attributes.pop(attribute, None)
    lines = {display: line for display, line in own.lines.items()
             if display != attribute and not display.startswith((attribute + ".", attribute + "["))}
    if not isinstance(value, list):
        if value is not None:
            own.attributes[target] = value
        if attribute in own.lines:
            lines[target] = own.lines[attribute]
        own.lines = lines
        return [own]
    resources = []
    for index, item in enumerate(value):
        line = own.lines.get(format_path((attribute, index)), own.lines.get(attribute))
        resources.append(Shaped(own.type, f"{own.name}_{index}",
                                {**copy.deepcopy(own.attributes), target: item},
                                {**lines, **({target: line} if line else {})}, True))
    return resources


def _hoist(attributes: dict[str, Any], lines: dict[str, int], attribute: str,
           source: str) -> None:
    """An attribute written on an item of a list (the first that sets it) as the resource's."""
    items = attributes.get(source)
    for index, item in enumerate(items if isinstance(items, list) else ()):
        if isinstance(item, dict) and attribute in item:
            attributes[attribute] = item[attribute]
            line = lines.get(format_path((source, index, attribute)))
            if line is not None:
                lines[attribute] = line
            return


def _switch(attributes: dict[str, Any], lines: dict[str, int], block: str,
            attribute: str) -> None:
    """A block whose presence turns a setting on, which Terraform writes as its `attribute`
    (true unless written)."""
    items = attributes.get(block)
    for index, item in enumerate(items if isinstance(items, list) else ()):
        if isinstance(item, dict) and attribute not in item:
            item[attribute] = True
            line = lines.get(format_path((block, index)), lines.get(block))
            if line is not None:
                lines[format_path((block, index, attribute))] = line


_ROOT_UNKNOWN = "which volume is the root one depends on the AMI"


def _devices(attributes: dict[str, Any], lines: dict[str, int], spec: dict[str, str]) -> None:
    """Block device mappings (`{DeviceName, Ebs: {...}}`) as Terraform's flat
    `ebs_block_device` blocks; the root volume is one of them, or the AMI's when none names its
    device: CloudFormation does not say which, so `root_block_device` is unknown."""
    mappings = attributes.pop(spec["property"], None)
    if mappings is None:
        return
    attributes["root_block_device"] = Unknown(_ROOT_UNKNOWN)
    if not isinstance(mappings, list):
        attributes[spec["into"]] = mappings
        return
    blocks = []
    for index, mapping in enumerate(mappings):
        ebs = mapping.get("ebs") if isinstance(mapping, dict) else mapping
        if isinstance(ebs, Unknown):
            blocks.append(ebs)  # a volume, or none, decided at deploy
            continue
        if not isinstance(ebs, dict):
            continue  # an instance store volume, or no device
        old = format_path((spec["property"], index))
        new = format_path((spec["into"], len(blocks)))
        for display in [d for d in lines if d == old or d.startswith((old + ".", old + "["))]:
            rest = display[len(old):]
            rest = rest[len(".ebs"):] if rest == ".ebs" or rest.startswith(".ebs.") else rest
            lines[new + rest] = lines[display]
        blocks.append({**{k: v for k, v in mapping.items() if k != "ebs"}, **ebs})
    attributes[spec["into"]] = blocks


def _unwrap(attributes: dict[str, Any], attribute: str, key: str) -> None:
    """A list of one-key objects (`[{Type: api}]`) as the list of their values."""
    value = attributes.get(attribute)
    if isinstance(value, list):
        attributes[attribute] = [item[key] if isinstance(item, dict) and key in item else item
                                 for item in value]


def _keyed(attributes: dict[str, Any], lines: dict[str, int], attribute: str,
           spec: str | dict[str, str]) -> None:
    """A map by key as a list of blocks: `spec` names the key's attribute, or is {key: ...,
    value: ...} for a map of single values (a parameter group's name -> value)."""
    value = attributes.get(attribute)
    if isinstance(value, str):  # CloudFormation also takes the map as JSON text
        try:
            value = json.loads(value)
        except ValueError:
            return
    if not isinstance(value, dict):
        return
    key, scalar = (spec, None) if isinstance(spec, str) else (spec["key"], spec["value"])
    items = []
    for position, (name, settings) in enumerate(value.items()):
        if scalar is not None:
            item = {key: name, scalar: _text(settings)}
        else:
            item = {key: name, **(settings if isinstance(settings, dict) else {})}
        items.append(item)
        old, new = format_path((attribute, name)), format_path((attribute, position))
        if scalar is not None and old in lines:
            lines[f"{new}.{key}"] = lines[f"{new}.{scalar}"] = lines[old]
        for display in [d for d in lines if d == old or d.startswith(old + ".")]:
            lines[new + display[len(old):]] = lines[display]
    attributes[attribute] = items


def _text(value: Any) -> Any:
    """A map value as the string the service receives (a parameter's 1 is "1")."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value) if isinstance(value, (int, float)) else value


def _gather(split: dict[str, Any], properties: dict[str, Any], lines: dict[Path, int]) -> None:
    """Flat properties of the parent (`gather`: {property: attribute}) as one object under the
    split's property, which exists when that property is written (its own value dropped
    unless `gather` names it too)."""
    written = {pascal_snake(k): k for k in properties}
    if split["property"] not in written:
        return
    first = written[split["property"]]
    gathered: dict[str, Any] = {}
    moved: dict[Path, int] = {(split["property"],): lines[(first,)]} if (first,) in lines else {}
    for name in dict.fromkeys((split["property"], *split["gather"])):
        if name not in written:
            continue
        key = written[name]
        value = properties.pop(key)
        target = split["gather"].get(name)
        if target:
            gathered[target] = value
        for path in [p for p in lines if p[:1] == (key,)]:
            line = lines.pop(path)
            if target:
                moved[(split["property"], target, *path[1:])] = line
    properties[split["property"]] = gathered
    lines.update(moved)


def _split(split: dict[str, Any], logical_id: str, properties: dict[str, Any],
           lines: dict[Path, int], address_of: Any) -> list[_Part]:
    if split.get("gather"):
        _gather(split, properties, lines)
    written = next((k for k in properties if pascal_snake(k) == split["property"]), None)
    value = properties.pop(written) if written else None
    own = {p: line for p, line in lines.items() if p[:1] == (written,)} if written else {}
    for path in own:
        del lines[path]  # the parent no longer has it
    wrapped = split.get("wrap")
    if wrapped and value is not None:  # a single value: the attribute `wrap` of its resource
        value = {wrapped: value}
        own = {(written, wrapped, *p[1:]): line for p, line in own.items()}
    entry = {"type": split["type"], **(split.get("entry") or {})}
    name = f"{logical_id}_{split['property']}"
    ref = Unknown(f"Ref {logical_id}", (address_of(logical_id),), kind=UnknownKind.APPLY_TIME)
    if value is None:
        wanted = split.get("with")
        present = wanted and any(pascal_snake(k) == wanted for k in properties)
        if not present and not split.get("always"):
            return []
        value = {}
    items = list(enumerate(value)) if split.get("each") and isinstance(value, list) \
        else [(None, value)]
    parts = []
    for index, item in items:
        prefix = (written,) if index is None else (written, index)
        own_lines = {p[len(prefix):]: line for p, line in own.items()
                     if p[:len(prefix)] == prefix and p[len(prefix):]}
        if split.get("item") and not isinstance(item, (dict, list)):
            item = {split["item"]: item}  # a list of values, each the resource's attribute
            own_lines = {(split["item"],): own[prefix]} if prefix in own else {}
        if not isinstance(item, dict):
            continue
        attributes, out_lines = _shaped(item, own_lines, entry)
        for attribute, default in (entry.get("defaults") or {}).items():
            _default(attributes, attribute, default)
        nest = split.get("nest")
        if nest:
            keep = set(split.get("keep") or ())
            inner = {k: attributes.pop(k) for k in list(attributes) if k not in keep}
            attributes[nest] = [inner]
            out_lines = {(d if d.split(".")[0].split("[")[0] in keep else f"{nest}[0].{d}"): line
                         for d, line in out_lines.items()}
        if split.get("ref"):
            attributes[split["ref"]] = ref
        start = own.get(prefix) or min(own_lines.values(), default=None)
        if start is not None:
            out_lines.setdefault(split["ref"] if split.get("ref") else "", start)
        label = name if index is None else f"{name}_{index}"
        parts.append(_Part(Shaped(split["type"], label, attributes, out_lines, True),
                           split.get("copy")))
    return parts

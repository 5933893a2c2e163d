"""Loads and validates the control catalog (controls/<category>/<id>.yaml).

The catalog is data shipped with the package: in a checkout it lives at the top of the
repository; in an installed wheel, under compliance/_data/.
"""

from __future__ import annotations

import hashlib
import json
import re
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator

from compliance import data_dir
from compliance.catalog import schema_memo
from compliance.evaluate.conditions import compile_path
from compliance.model import Catalog, Check, Control


class CatalogError(Exception):
    """A control file is broken; the message names the file and the field."""


def _schema_text(name: str) -> str:
    return importlib_resources.files("compliance.schemas").joinpath(name).read_text("utf-8")


def _schema(name: str) -> dict[str, Any]:
    return json.loads(_schema_text(name))


class SchemaCheck:
    """Validates documents against one of the repository's schemas; a failure names the file
    and the shallowest failing field. Passes are remembered by `schema_memo`."""

    def __init__(self, schema_name: str):
        self.text = _schema_text(schema_name)
        self.validator = Draft202012Validator(json.loads(self.text),
                                              format_checker=Draft202012Validator.FORMAT_CHECKER)

    def check(self, data: Any, raw: bytes, label: str) -> None:
        if schema_memo.passed_before(self.text, raw):
            return
        errors = list(self.validator.iter_errors(data))
        if errors:
            best = min(errors, key=lambda e: (len(list(e.absolute_path)),
                                              list(map(str, e.absolute_path))))
            field_path = best.json_path.removeprefix("$.") if best.absolute_path else "(top level)"
            raise CatalogError(f"{label}: {field_path}: {best.message}")
        schema_memo.remember_pass(self.text, raw)


def _walk_conditions(condition: dict[str, Any]):
    yield condition
    for key in ("and", "or"):
        for child in condition.get(key, []):
            yield from _walk_conditions(child)
    if "not" in condition:
        yield from _walk_conditions(condition["not"])
    for key in ("any", "all"):
        if key in condition:
            yield from _walk_conditions(condition[key]["condition"])
    if "connected" in condition and "where" in condition["connected"]:
        yield from _walk_conditions(condition["connected"]["where"])


def _paths_of(condition: dict[str, Any]):
    for node in _walk_conditions(condition):
        if "path" in node:
            yield node["path"]
        for key in ("any", "all"):
            if key in node:
                yield node[key]["path"]
        if "connected" in node and "via" in node["connected"]:
            yield node["connected"]["via"]


def _check_semantics(data: dict[str, Any], where: str, python_checks: set[str],
                     type_groups: dict[str, list[str]]) -> None:
    """What the schema cannot say: paths parse, named checks exist, regexes compile."""
    seen: set[str] = set()
    for index, check in enumerate(data["checks"]):
        field_prefix = f"checks[{index}]"
        if check["id"] in seen:
            raise CatalogError(f"{where}: {field_prefix}.id: duplicate check id {check['id']!r}")
        seen.add(check["id"])
        for type_name in check["resource_types"]:
            if type_name.startswith("@") and type_name[1:] not in type_groups:
                raise CatalogError(f"{where}: {field_prefix}.resource_types: unknown type "
                                   f"group {type_name!r}")
        for part in ("where", "condition"):
            if part not in check:
                continue
            for path in _paths_of(check[part]):
                try:
                    compile_path(path)
                except ValueError as exc:
                    raise CatalogError(f"{where}: {field_prefix}.{part}: {exc}") from None
            for node in _walk_conditions(check[part]):
                if "python" in node and node["python"] not in python_checks:
                    raise CatalogError(f"{where}: {field_prefix}.{part}: no Python check named "
                                       f"{node['python']!r}")
                if "matches" in node:
                    try:
                        re.compile(node["matches"])
                    except re.error as exc:
                        raise CatalogError(f"{where}: {field_prefix}.{part}.matches: {exc}") from None


def _anchors_needed(check: dict[str, Any]) -> frozenset[str]:
    names = set()
    for part in ("where", "condition"):
        for path in _paths_of(check.get(part, {})):
            if path.startswith("$"):
                names.add(path[1:].split(".", 1)[0].split("[", 1)[0])
    return frozenset(names)


def _build_control(data: dict[str, Any], source: str, type_groups: dict[str, list[str]]) -> Control:
    checks = []
    for raw in data["checks"]:
        types: list[str] = []
        for type_name in raw["resource_types"]:
            types += type_groups[type_name[1:]] if type_name.startswith("@") else [type_name]
        checks.append(Check(id=raw["id"], platform=raw["platform"], resource_types=tuple(types),
                            condition=raw["condition"], where=raw.get("where"),
                            anchors=_anchors_needed(raw)))
    return Control(id=data["id"], title=data["title"], category=data["category"],
                   severity=data["severity"], description=data["description"].strip(),
                   rationale=data["rationale"].strip(), remediation=data["remediation"].strip(),
                   checks=tuple(checks), references=tuple(data.get("references", [])),
                   source=source)


def _load_yaml(path: Path, label: str) -> tuple[Any, bytes]:
    """The file's data and its bytes (read once: the bytes are hashed and schema-checked)."""
    try:
        raw = path.read_bytes()
        return yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), raw
    except (OSError, yaml.YAMLError) as exc:
        raise CatalogError(f"{label}: cannot read: {exc}") from None


def load_catalog(directory: Path | None = None) -> Catalog:
    from compliance.evaluate.checks import CHECKS

    directory = directory or data_dir("controls")
    if not directory.is_dir():
        raise CatalogError(f"control catalog not found at {directory}")
    schema = SchemaCheck("control.schema.json")
    groups_file = directory / "type-groups.yaml"
    type_groups = _load_yaml(groups_file, groups_file.name)[0] if groups_file.exists() else {}
    digest = hashlib.sha256()
    controls: list[Control] = []
    seen: dict[str, str] = {}
    for path in sorted(directory.glob("*/*.yaml")):
        label = path.relative_to(directory).as_posix()
        data, raw_bytes = _load_yaml(path, label)
        digest.update(label.encode() + b"\0" + raw_bytes + b"\0")
        schema.check(data, raw_bytes, label)
        if data["id"] != path.stem:
            raise CatalogError(f"{label}: id: {data['id']!r} does not match the file name")
        if data["category"] != path.parent.name:
            raise CatalogError(f"{label}: category: {data['category']!r} does not match the "
                               f"folder {path.parent.name!r}")
        if data["id"] in seen:
            raise CatalogError(f"{label}: id: {data['id']!r} is also defined in {seen[data['id']]}")
        seen[data["id"]] = label
        _check_semantics(data, label, set(CHECKS), type_groups)
        controls.append(_build_control(data, label, type_groups))
    return Catalog(controls=controls, type_groups=type_groups, digest=digest.hexdigest())

"""Reading Kubernetes objects the way the API server does (defaults, the pod spec of each kind
of workload), and collecting the facts a view derives with the lines they point at."""

from __future__ import annotations

import re
from typing import Any, Iterator

from compliance.model import Path, Resource, Unknown, format_path, parse_path

CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")


def namespace_of(resource: Resource) -> str | Unknown:
    """metadata.namespace, or "default" when it is not set (as `kubectl apply` without -n)."""
    metadata = resource.attributes.get("metadata")
    if not isinstance(metadata, dict):
        return "default"
    namespace = metadata.get("namespace")
    if namespace is None or namespace == "":
        return "default"
    if isinstance(namespace, str):
        return namespace
    return namespace if isinstance(namespace, Unknown) else Unknown("namespace is not a string")


def as_bool(value: Any) -> bool | None | Unknown:
    """A YAML boolean (or its string spelling); None when unset or not a boolean."""
    if isinstance(value, (bool, Unknown)):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def as_int(value: Any) -> int | None | Unknown:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def mapping(value: Any) -> dict[str, Any] | Unknown:
    """A mapping as written, an Unknown as is, anything else as an empty mapping."""
    if isinstance(value, Unknown):
        return value
    return value if isinstance(value, dict) else {}


def spec_of(resource: Resource) -> dict[str, Any] | Unknown:
    return mapping(resource.attributes.get("spec"))


def value_at(value: Any, path: Path) -> Any:
    """The value at `path` (None where it is missing; an Unknown met on the way)."""
    for step in path:
        if isinstance(value, Unknown):
            return value
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int) and -len(value) <= step < len(value):
            value = value[step]
        else:
            return None
    return value


def pod_spec(resource: Resource) -> tuple[Path, Any] | None:
    """(path, value) of a workload's pod spec, from the parser's `pod_spec` anchor."""
    for text in resource.anchors.get("pod_spec", []):
        path, value = parse_path(text), resource.attributes
        for depth, step in enumerate(path):
            if isinstance(value, Unknown):  # a templated spec: the pod spec is unknown there
                return path[:depth], value
            value = value.get(step) if isinstance(value, dict) else None
        return path, value
    return None


def containers(pod_path: Path, pod: dict[str, Any],
               lists: tuple[str, ...] = CONTAINER_LISTS) -> Iterator[tuple[Path, Any]]:
    """(path, container) of every container of the pod spec; an Unknown list or item is
    yielded as is, so callers can say it is unknown."""
    for name in lists:
        entries = pod.get(name)
        if isinstance(entries, Unknown):
            yield pod_path + (name,), entries
        elif isinstance(entries, list):
            for index, entry in enumerate(entries):
                if isinstance(entry, (dict, Unknown)):
                    yield pod_path + (name, index), entry


def pod_metadata_value(resource: Resource, key: str) -> tuple[Path, Any] | None:
    """A pod template's label or annotation `key` (the label first), with its path."""
    found = pod_spec(resource)
    if found is None:
        return None
    base = (*found[0][:-1], "metadata")
    metadata = value_at(resource.attributes, base)
    if not isinstance(metadata, dict):
        return None
    for section in ("labels", "annotations"):
        values = metadata.get(section)
        if isinstance(values, dict) and key in values:
            return (*base, section, key), values[key]
    return None


def pod_labels(resource: Resource) -> dict[str, Any] | Unknown | None:
    """The labels of a workload's pods (the metadata beside its pod spec); None without a pod
    spec, Unknown when a template value hides one."""
    found = pod_spec(resource)
    if found is None:
        return None
    metadata = value_at(resource.attributes, (*found[0][:-1], "metadata"))
    labels = metadata if isinstance(metadata, Unknown) else mapping(metadata).get("labels")
    if isinstance(labels, Unknown):
        return labels
    labels = labels if isinstance(labels, dict) else {}
    if any(isinstance(v, Unknown) for v in labels.values()):
        return Unknown("a pod label is a template value")
    return labels


class Facts:
    """The derived attributes of one resource and the line each points at.

    A derived attribute's line is a line of the resource itself (evidence must stay inside
    it): the setting the fact comes from, or where the resource would set it."""

    def __init__(self, resource: Resource):
        self.resource = resource
        self.values: dict[str, Any] = {}
        self.lines: dict[str, int] = {}

    def line(self, path: Path) -> int:
        """The line of `path` in the resource, or of its nearest located ancestor."""
        return self.resource.line_of(path) or self.resource.location.start_line

    def add(self, name: str, value: Any, source: Path) -> None:
        """Derived attribute `name`, pointing (with all it holds) at the line of `source`."""
        self.values[name] = value
        self.lines[name] = self.line(source)

    def point(self, path: Path, source: Path) -> None:
        """Point the derived attribute at `path` (a part of one already added) at `source`."""
        self.lines[format_path(path)] = self.line(source)

    def add_list(self, name: str, found: list[tuple[Path, Any]], empty: Path) -> None:
        """A derived list of (source, item), each item pointing at its source; the list itself
        at its first item that is not Unknown (where counting them fails), else its first
        item, else at `empty`."""
        certain = [source for source, item in found if not isinstance(item, Unknown)]
        self.add(name, [item for _, item in found],
                 certain[0] if certain else found[0][0] if found else empty)
        for position, (source, _) in enumerate(found):
            self.point((name, position), source)

    def applied(self) -> Resource:
        if not self.values:
            return self.resource
        return self.resource.with_facts(self.values, self.lines)

"""References between resources, and an index of resources by type.

Terraform references survive resolution as `Unknown.refs` (the address a value would come
from), so the graph is built by walking every resource's attributes once.
"""

from __future__ import annotations

import fnmatch
import re
from collections import defaultdict
from typing import Any, Iterable, Iterator

from .model import Path, Resource, Unknown

_INSTANCE_KEY = re.compile(r"\[[^\]]*\]$")


def base_address(address: str) -> str:
    """`aws_x.y[0]` and `aws_x.y["a"]` are instances of `aws_x.y`."""
    return _INSTANCE_KEY.sub("", address)


def _refs_in(value: Any, path: Path) -> Iterator[tuple[Path, str]]:
    if isinstance(value, Unknown):
        for ref in value.refs:
            yield path, ref
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _refs_in(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _refs_in(item, path + (index,))


class ResourceIndex:
    def __init__(self, resources: Iterable[Resource]):
        self.resources = list(resources)
        self.by_type: dict[str, list[Resource]] = defaultdict(list)
        self.by_address: dict[str, list[Resource]] = defaultdict(list)
        for resource in self.resources:
            self.by_type[resource.type].append(resource)
            self.by_address[base_address(resource.address)].append(resource)

    def of_types(self, patterns: Iterable[str]) -> list[Resource]:
        found: list[Resource] = []
        for pattern in patterns:
            if any(c in pattern for c in "*?["):
                for type_name, resources in self.by_type.items():
                    if fnmatch.fnmatchcase(type_name, pattern):
                        found += resources
            else:
                found += self.by_type.get(pattern, [])
        return found


class Graph:
    """Who refers to whom, with the attribute path each reference sits at."""

    def __init__(self, index: ResourceIndex):
        self._referrers: dict[str, list[tuple[Resource, Path]]] = defaultdict(list)
        self._references: dict[str, list[tuple[Resource, Path]]] = defaultdict(list)
        for resource in index.resources:
            for path, ref in _refs_in(resource.attributes, ()):
                target = base_address(ref)
                self._referrers[target].append((resource, path))
                for other in index.by_address.get(target, []):
                    self._references[resource.address].append((other, path))

    def referrers(self, address: str) -> list[tuple[Resource, Path]]:
        """Resources with an attribute referring to `address`, and that attribute's path."""
        return self._referrers.get(base_address(address), [])

    def references(self, address: str) -> list[tuple[Resource, Path]]:
        """Resources that `address` refers to, and the path of the referring attribute."""
        return self._references.get(address, [])

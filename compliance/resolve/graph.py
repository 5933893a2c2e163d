"""References between resources, and an index of resources by type.

Terraform references survive resolution as `Unknown.refs` (the address a value would come
from), so the graph is built by walking every resource's attributes once.
"""

from __future__ import annotations

import fnmatch
import re
from collections import defaultdict
from typing import Any, Iterable

from compliance.model import Path, Resource, Unknown

_INSTANCE_KEY = re.compile(r"\[[^\]]*\]$")


def base_address(address: str) -> str:
    """`aws_x.y[0]` and `aws_x.y["a"]` are instances of `aws_x.y`."""
    if not address.endswith(("]", "]\n")):  # most addresses: no instance key to take off
        return address
    return _INSTANCE_KEY.sub("", address)


def matches_glob(name: str, pattern: str) -> bool:
    """`fnmatch.fnmatchcase(name, pattern)`, without compiling a regular expression for the
    common `prefix*suffix` (`aws_lb*`, `*/Deployment`): each compiled pattern costs start-up
    time on every scan."""
    if pattern.count("*") == 1 and "?" not in pattern and "[" not in pattern:
        head, _, tail = pattern.partition("*")
        return len(name) >= len(head) + len(tail) and name.startswith(head) \
            and name.endswith(tail)
    return fnmatch.fnmatchcase(name, pattern)


def _refs_in(value: Any) -> list[tuple[Path, str]]:
    """Every (attribute path, referenced address) under `value`.

    An explicit stack rather than recursion: this walks every attribute of every resource,
    and nested generators cost time proportional to depth.
    """
    found: list[tuple[Path, str]] = []
    stack: list[tuple[Path, Any]] = [((), value)]
    push, containers = stack.append, _CONTAINERS
    while stack:
        path, current = stack.pop()
        kind = type(current)
        if kind is dict:
            for key, item in current.items():
                if type(item) in containers:
                    push((path + (key,), item))
        elif kind is list:
            for index, item in enumerate(current):
                if type(item) in containers:
                    push((path + (index,), item))
        elif kind is Unknown:
            for ref in current.refs:
                found.append((path, ref))
    return found


_CONTAINERS = frozenset({dict, list, Unknown})


class ResourceIndex:
    def __init__(self, resources: Iterable[Resource]):
        self.resources = list(resources)
        self.by_type: dict[str, list[Resource]] = defaultdict(list)
        # (scope, address without instance key): addresses are unique only within a scope
        self.by_address: dict[tuple[str, str], list[Resource]] = defaultdict(list)
        self._by_patterns: dict[tuple[str, ...], list[Resource]] = {}
        for resource in self.resources:
            self.by_type[resource.type].append(resource)
            self.by_address[(resource.scope, base_address(resource.address))].append(resource)

    def lookup(self, scope: str, address: str) -> list[Resource]:
        """The resources (instances) at `address` in `scope`, e.g. one root module."""
        return self.by_address.get((scope, base_address(address)), [])

    def of_types(self, patterns: Iterable[str]) -> list[Resource]:
        patterns = tuple(patterns)
        if patterns not in self._by_patterns:
            self._by_patterns[patterns] = self._find(patterns)
        return self._by_patterns[patterns]

    def _find(self, patterns: tuple[str, ...]) -> list[Resource]:
        found: list[Resource] = []
        for pattern in patterns:
            if any(c in pattern for c in "*?["):
                for type_name, resources in self.by_type.items():
                    if matches_glob(type_name, pattern):
                        found += resources
            else:
                found += self.by_type.get(pattern, [])
        return found


class Graph:
    """Who refers to whom, with the attribute path each reference sits at.

    A reference only reaches resources of the referring resource's own scope (root module),
    so the edges are worked out scope by scope, on the first question about one of its
    resources: a warm scan asks only about the scopes it evaluates again (see
    evaluate/remembered.py), and walking every attribute of every resource is most of the cost.
    """

    def __init__(self, index: ResourceIndex):
        Key = tuple[str, str]
        self._index = index
        self._referrers: dict[Key, list[tuple[Resource, Path]]] = defaultdict(list)
        self._references: dict[Key, list[tuple[Resource, Path]]] = defaultdict(list)
        self._members: dict[str, list[Resource]] | None = None  # by scope, until walked

    def _walk(self, scope: str) -> None:
        if self._members is None:
            self._members = defaultdict(list)
            for resource in self._index.resources:
                self._members[resource.scope].append(resource)
        by_address = self._index.by_address
        for resource in self._members.pop(scope, ()):
            for path, ref in _refs_in(resource.attributes):
                target = (scope, base_address(ref))
                self._referrers[target].append((resource, path))
                for other in by_address.get(target, []):
                    self._references[(scope, resource.address)].append((other, path))

    def referrers(self, resource: Resource) -> list[tuple[Resource, Path]]:
        """Resources with an attribute referring to `resource`, and that attribute's path."""
        self._walk(resource.scope)
        return self._referrers.get((resource.scope, base_address(resource.address)), [])

    def references(self, resource: Resource) -> list[tuple[Resource, Path]]:
        """Resources that `resource` refers to, and the path of the referring attribute."""
        self._walk(resource.scope)
        return self._references.get((resource.scope, resource.address), [])

"""Which plugin instances apply to a route, as Kong chooses them.

For one request Kong runs, per plugin name, the most specific enabled instance: route and
service > route > service > global, and an instance scoped to a consumer or consumer group
before all of those, for that consumer's requests only. Those consumer-scoped instances
therefore never decide what an arbitrary request goes through: they are kept apart. A
disabled instance (`enabled: false`) is skipped, so a less specific one applies instead.

Scopes are compared by the keys the parser resolved (`bound_to`): a reference to an entity
the file does not define still matches another reference to the same name. An instance whose
name or route/service scope is a template placeholder might apply to any route, and an
instance bound to a service might apply to a route whose own service is a placeholder: those
are listed as unresolved, so controls can stay unknown rather than fail.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from compliance.model import Resource, Unknown
from compliance.parse.kong.scope import Key

Level = tuple[Key | None, Key | None]  # (route, service) a plugin is bound to


@dataclass(frozen=True)
class Declared:
    """A kong_plugin as Kong reads it: its name, whether it is enabled, what it is bound to."""

    resource: Resource
    name: str | Unknown
    enabled: bool | Unknown
    bound_to: dict[str, Key | Unknown]

    @staticmethod
    def read(resource: Resource) -> Declared:
        attributes = resource.attributes
        name = attributes.get("name")
        if not isinstance(name, (str, Unknown)):
            name = Unknown("plugin name missing")
        enabled = attributes.get("enabled", True)
        if enabled is None:
            enabled = True
        elif not isinstance(enabled, (bool, Unknown)):
            enabled = Unknown(f"enabled is {enabled!r}, not a boolean")
        bound_to = attributes.get("bound_to")
        return Declared(resource, name, enabled, bound_to if isinstance(bound_to, dict) else {})

    @property
    def config(self) -> Any:
        return self.resource.attributes.get("config")

    @property
    def line(self) -> int:
        return self.resource.location.start_line

    @property
    def consumer_scoped(self) -> bool:
        return "consumer" in self.bound_to or "consumer_group" in self.bound_to

    @property
    def level(self) -> str:
        """Where the route gets it from: route, service or global."""
        return next((f for f in ("route", "service") if f in self.bound_to), "global")


@dataclass
class RoutePlugins:
    effective: dict[str, Declared]  # name -> the instance Kong runs for any request
    consumer: list[Declared]  # instances for some consumers' or consumer groups' requests only
    unresolved: list[tuple[Declared, Unknown]]  # might apply; why that is unknown


class Precedence:
    """Plugins by the (route, service) they are bound to, for fast lookup per route."""

    def __init__(self, plugins: list[Declared]):
        self._bound: dict[Level, list[Declared]] = defaultdict(list)
        self._consumer: dict[Level, list[Declared]] = defaultdict(list)
        self._unresolved: list[Declared] = []
        for plugin in plugins:
            if plugin.enabled is False:
                continue
            route, service = plugin.bound_to.get("route"), plugin.bound_to.get("service")
            if isinstance(plugin.name, Unknown) or isinstance(route, Unknown) \
                    or isinstance(service, Unknown):
                self._unresolved.append(plugin)
            elif plugin.consumer_scoped:
                self._consumer[(route, service)].append(plugin)
            else:
                self._bound[(route, service)].append(plugin)

    def for_route(self, route: Key, service: Key | Unknown | None) -> RoutePlugins:
        levels: list[Level] = [(route, None), (None, None)]
        if isinstance(service, str):
            levels = [(route, service), (route, None), (None, service), (None, None)]
        effective: dict[str, Declared] = {}
        consumer: list[Declared] = []
        for level in levels:
            for plugin in self._bound.get(level, ()):
                effective.setdefault(plugin.name, plugin)
            consumer += self._consumer.get(level, ())
        unresolved = [(p, _why_unresolved(p)) for p in self._unresolved if _may_apply(p, route, service)]
        if isinstance(service, Unknown):
            # the route's own service is unknown: any service-bound plugin might be its
            unresolved += [(p, service) for (r, s), found in self._bound.items() if s and r is None
                           for p in found]
        return RoutePlugins(effective, consumer, unresolved)


def _why_unresolved(plugin: Declared) -> Unknown:
    if isinstance(plugin.name, Unknown):
        return plugin.name
    return next(v for v in (plugin.bound_to.get("route"), plugin.bound_to.get("service"))
                if isinstance(v, Unknown))


def _may_apply(plugin: Declared, route: Key, service: Key | Unknown | None) -> bool:
    bound_route, bound_service = plugin.bound_to.get("route"), plugin.bound_to.get("service")
    if isinstance(bound_route, str) and bound_route != route:
        return False
    if isinstance(bound_service, str) and isinstance(service, str) and bound_service != service:
        return False
    return not (isinstance(bound_service, str) and service is None)

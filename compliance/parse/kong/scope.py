"""Which plugins apply to a route, as Kong chooses them.

A plugin is scoped by the entity it is nested in and by its own `service`, `route`,
`consumer` and `consumer_group` fields (a name or an id). For one request Kong runs, per
plugin name, the most specific enabled instance: route and service > route > service >
global, and an instance scoped to a consumer or consumer group before all of those, for that
consumer's requests only. Those consumer-scoped instances therefore never decide what an
arbitrary request goes through: a route's `effective_plugins` leave them out, and list them
under `consumer_plugins`. A disabled instance (`enabled: false`) is skipped, so a less
specific one applies instead.

References are compared by the entity they resolve to in the file; a reference to an entity
the file does not define still matches another reference to the same name. A plugin whose
name or scope is a template placeholder might apply to any route: it is listed under the
route's `unresolved_plugins`, so checks can stay unknown rather than fail.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from compliance.model import Unknown
from compliance.parse.kong.entities import Entity
from compliance.parse.yaml_nodes import Problem

SCOPE_FIELDS = ("service", "route", "consumer", "consumer_group")
_REFERENCED = {"service": "services", "route": "routes", "consumer": "consumers",
               "consumer_group": "consumer_groups"}

Key = str  # the address of an entity of the file, or "<kind>?<reference>" for one elsewhere


@dataclass(eq=False)
class Plugin:
    entity: Entity
    name: str | Unknown
    enabled: bool | Unknown
    scope: dict[str, Key | Unknown]  # scope field -> entity key; absent fields are not scoped
    address: str = ""

    @property
    def consumer_scoped(self) -> bool:
        return "consumer" in self.scope or "consumer_group" in self.scope

    @property
    def scope_name(self) -> str:
        return "+".join(f for f in SCOPE_FIELDS if f in self.scope) or "global"

    def attributes(self) -> dict[str, Any]:
        """The plugin as written, with its scope and address."""
        return {**self.entity.value, "scope": self.scope_name, "plugin": self.address}


class Names:
    """Resolves references (a name or an id, or `{name: ...}` / `{id: ...}`) to entity keys."""

    def __init__(self, entities: dict[str, list[Entity]], addresses: dict[Entity, str]):
        self._keys: dict[tuple[str, str], Key] = {}
        for entity, address in addresses.items():
            for field in ("name", "username", "id"):
                value = entity.value.get(field)
                if isinstance(value, str):
                    self._keys.setdefault((entity.kind, value), address)

    def resolve(self, kind: str, reference: Any) -> Key | Unknown | None:
        if isinstance(reference, dict):
            reference = reference.get("name", reference.get("id"))
        if isinstance(reference, Unknown):
            return reference
        if isinstance(reference, (int, float)) and not isinstance(reference, bool):
            reference = str(reference)
        if not isinstance(reference, str) or not reference:
            return None
        return self._keys.get((kind, reference), f"{kind}?{reference}")


def read_plugin(entity: Entity, owner_scope: dict[str, Key | Unknown], names: Names,
                problems: list[Problem]) -> Plugin:
    """A plugin declaration: the scope of the entity it is nested in plus its own fields."""
    scope = dict(owner_scope)
    for field in SCOPE_FIELDS:
        if field in entity.value and entity.value[field] is not None:
            key = names.resolve(_REFERENCED[field], entity.value[field])
            if key is None:
                problems.append(Problem(entity.lines.get(field, entity.start),
                                        f"plugin {field} reference is not a name or an id; ignored"))
            else:
                scope[field] = key
    name = entity.value.get("name")
    if not isinstance(name, (str, Unknown)):
        problems.append(Problem(entity.start, "plugin name missing or not a string; not applied to any route"))
        name = Unknown("plugin name missing")
    enabled = entity.value.get("enabled", True)
    if enabled is None:
        enabled = True
    elif not isinstance(enabled, (bool, Unknown)):
        enabled = Unknown(f"enabled is {enabled!r}, not a boolean")
    return Plugin(entity, name, enabled, scope)


@dataclass
class RoutePlugins:
    effective: dict[str, Plugin]  # name -> the instance Kong runs for any request
    consumer: list[Plugin]  # instances for some consumers' or consumer groups' requests only
    unresolved: list[Plugin]  # instances that might apply, but whose name or scope is unknown


class PluginIndex:
    """Plugins by the (route, service) they are bound to, for fast lookup per route."""

    def __init__(self, plugins: list[Plugin]):
        self.plugins = plugins
        self._bound: dict[tuple[Key | None, Key | None], list[Plugin]] = defaultdict(list)
        self._consumer: dict[tuple[Key | None, Key | None], list[Plugin]] = defaultdict(list)
        self._unresolved: list[Plugin] = []
        self._owned: dict[tuple[str, Key], list[Plugin]] = defaultdict(list)
        for plugin in plugins:
            if plugin.enabled is False:
                continue
            owner = _owner(plugin)
            if owner:
                self._owned[owner].append(plugin)
            route, service = plugin.scope.get("route"), plugin.scope.get("service")
            if isinstance(plugin.name, Unknown) or isinstance(route, Unknown) \
                    or isinstance(service, Unknown):
                self._unresolved.append(plugin)
            elif plugin.consumer_scoped:
                self._consumer[(route, service)].append(plugin)
            else:
                self._bound[(route, service)].append(plugin)

    def for_route(self, route: Key, service: Key | Unknown | None) -> RoutePlugins:
        known_service = service if isinstance(service, str) else None
        levels = [(route, None), (None, None)]
        if known_service:
            levels = [(route, known_service), (route, None), (None, known_service), (None, None)]
        effective: dict[str, Plugin] = {}
        consumer: list[Plugin] = []
        for level in levels:
            for plugin in self._bound.get(level, ()):
                effective.setdefault(plugin.name, plugin)
            consumer += self._consumer.get(level, ())
        unresolved = [p for p in self._unresolved if _may_apply(p, route, service)]
        if isinstance(service, Unknown):
            # the route's own service is unknown: any service-bound plugin might be its
            unresolved += [p for (r, s), found in self._bound.items() if s and r is None
                           for p in found]
        return RoutePlugins(effective, consumer, unresolved)

    def owned_by(self, field: str, key: Key) -> list[Plugin]:
        """Enabled plugins that are this entity's own (see `_owner`)."""
        return self._owned.get((field, key), [])


def _owner(plugin: Plugin) -> tuple[str, Key] | None:
    """The entity a plugin belongs to: its consumer or consumer group if it has one, else its
    route, else its service; None for a global plugin or an unknown reference."""
    for field in ("consumer", "consumer_group", "route", "service"):
        if field in plugin.scope:
            key = plugin.scope[field]
            return (field, key) if isinstance(key, str) else None
    return None


def _may_apply(plugin: Plugin, route: Key, service: Key | Unknown | None) -> bool:
    bound_route, bound_service = plugin.scope.get("route"), plugin.scope.get("service")
    if isinstance(bound_route, str) and bound_route != route:
        return False
    if isinstance(bound_service, str) and isinstance(service, str) and bound_service != service:
        return False
    return not (isinstance(bound_service, str) and service is None)

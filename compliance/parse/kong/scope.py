"""The scope of each plugin declaration, and references between the entities of a file.

A plugin is scoped by the entity it is nested in and by its own `service`, `route`,
`consumer` and `consumer_group` fields (a name or an id). Each scope field is resolved to a
key: the address of the entity when the file defines it, `<kind>?<reference>` when it does not
(so two references to the same missing entity still match), or Unknown for a placeholder.
Which instance Kong runs for a route is worked out from these keys by the Kong view
(compliance/resolve/kong/).
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
    def scope_name(self) -> str:
        return "+".join(f for f in SCOPE_FIELDS if f in self.scope) or "global"

    def attributes(self) -> dict[str, Any]:
        """The plugin as written, with its scope, its address and the keys it is bound to."""
        return {**self.entity.value, "scope": self.scope_name, "plugin": self.address,
                "bound_to": dict(self.scope)}


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


def owned_plugins(plugins: list[Plugin]) -> dict[tuple[str, Key], list[Plugin]]:
    """Enabled plugins by the entity they belong to: their consumer or consumer group if they
    have one, else their route, else their service (global plugins and unknown references
    belong to none)."""
    owned: dict[tuple[str, Key], list[Plugin]] = defaultdict(list)
    for plugin in plugins:
        owner = _owner(plugin)
        if owner and plugin.enabled is not False:
            owned[owner].append(plugin)
    return owned


def _owner(plugin: Plugin) -> tuple[str, Key] | None:
    for field in ("consumer", "consumer_group", "route", "service"):
        if field in plugin.scope:
            key = plugin.scope[field]
            return (field, key) if isinstance(key, str) else None
    return None


def key_label(key: Key | Unknown) -> str:
    """`kong:service/orders` -> "orders"; `services?orders` (not in the file) -> "orders"."""
    if isinstance(key, Unknown):
        return "?"
    if key.startswith("kong:"):
        return key.split("/", 1)[1]
    return key.split("?", 1)[1]

"""Anonymous consumers: whom a plugin lets requests without credentials in as, and whether
something on the route refuses that consumer.

An authentication plugin's `config.anonymous` names a consumer (by username or id): a request
without valid credentials goes on as that consumer instead of being refused. The consumer is
refused anyway by a `request-termination` plugin scoped to it (or to a consumer group it
belongs to) that answers every request, or by the route's `acl` plugin when the consumer's
groups are not in its allow list, or are in its deny list.
"""

from __future__ import annotations

from typing import Any

from compliance.model import Resource, Unknown
from compliance.resolve.kong.precedence import Declared, Key, RoutePlugins

NOT_NAMED = object()  # the plugin's configuration names no anonymous consumer


class Consumers:
    """The consumers of one configuration, found by username or id."""

    def __init__(self, consumers: list[Resource]):
        self.by_key = {c.address: c.attributes for c in consumers}
        self._keys: dict[str, Key] = {}
        for consumer in consumers:
            for field in ("name", "username", "id"):
                value = consumer.attributes.get(field)
                if isinstance(value, str):
                    self._keys.setdefault(value, consumer.address)

    def key(self, reference: str) -> Key:
        return self._keys.get(reference, f"consumers?{reference}")


def anonymous_consumer(config: Any) -> Any:
    """The consumer a plugin's configuration lets requests without credentials in as: a name,
    None (an empty `anonymous` is none), Unknown, or NOT_NAMED."""
    if config is None:
        return NOT_NAMED
    if isinstance(config, Unknown):
        return config
    if not isinstance(config, dict):
        return Unknown(f"config {str(config)[:40]!r} is not a mapping")
    if "anonymous" not in config:
        return NOT_NAMED
    value = config["anonymous"]
    if value is None or value == "":
        return None
    if isinstance(value, (str, Unknown)):
        return value
    return Unknown(f"anonymous {str(value)[:40]!r} is not a consumer name")


def refused(consumer: str, plugins: RoutePlugins, consumers: Consumers) -> bool | Unknown:
    """Whether every request the route gets as `consumer` is refused."""
    key = consumers.key(consumer)
    known = consumers.by_key.get(key)
    group_keys = set(_list(known.get("group_keys"))) if known else set()
    undecided: Unknown | None = None
    for plugin in plugins.consumer:
        if plugin.name != "request-termination":
            continue
        if plugin.bound_to.get("consumer") != key and plugin.bound_to.get("consumer_group") not in group_keys:
            continue
        if plugin.enabled is True and _trigger(plugin) is None:
            return True
        undecided = undecided or Unknown("request-termination on the anonymous consumer may not "
                                         "apply to every request")
    acl = plugins.effective.get("acl")
    if acl is not None:
        by_acl = _acl_refuses(acl, consumer, known)
        if by_acl is not False:
            return by_acl
    return undecided or False


def _trigger(plugin: Declared) -> Any:
    config = plugin.config
    config = {} if config is None else config
    return config.get("trigger") if isinstance(config, dict) else config


def _acl_refuses(acl: Declared, consumer: str, known: dict[str, Any] | None) -> bool | Unknown:
    config = {} if acl.config is None else acl.config
    if isinstance(acl.enabled, Unknown) or not isinstance(config, dict):
        return Unknown("the acl plugin's settings are unknown")
    allow = config.get("allow", config.get("whitelist"))
    deny = config.get("deny", config.get("blacklist"))
    if isinstance(allow, Unknown) or isinstance(deny, Unknown):
        return Unknown("the acl allow or deny list is unknown")
    if known is None:
        return Unknown(f"the anonymous consumer {consumer!r} is not defined in this file, so its "
                       "ACL groups are unknown")
    groups = [acl_entry["group"] for acl_entry in _list(known.get("acls"))
              if isinstance(acl_entry, dict) and acl_entry.get("group") is not None]
    if config.get("include_consumer_groups") is True:
        groups += _list(known.get("groups"))
    if any(isinstance(g, Unknown) for g in groups):
        return Unknown("an ACL group of the anonymous consumer is unknown")
    if allow and not _names(groups) & _names(allow):
        return True
    if deny and _names(groups) & _names(deny):
        return True
    return False


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _names(value: Any) -> set[Any]:
    """A group name or list of them, as a set (other values name no group)."""
    items = value if isinstance(value, list) else [value]
    return {item for item in items if isinstance(item, (str, int, float))}

"""Whether a route lets a request without credentials through to its service.

An authentication plugin refuses requests without valid credentials, unless its
`config.anonymous` names a consumer: then such requests go on as that consumer. With several
authentication plugins, a request must satisfy each one that has no `anonymous`; when all of
them have one, anonymous requests pass unless something refuses the anonymous consumer: a
`request-termination` plugin scoped to it (or to a consumer group it belongs to), or an `acl`
plugin on the route whose allow list it is not in (or whose deny list it is in).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance.model import Unknown
from compliance.parse.kong.entities import Entity
from compliance.parse.kong.scope import Key, Names, Plugin, RoutePlugins

AUTH_PLUGINS = frozenset({
    "key-auth", "key-auth-enc", "basic-auth", "hmac-auth", "jwt", "oauth2", "openid-connect",
    "mtls-auth", "ldap-auth", "ldap-auth-advanced", "oauth2-introspection", "vault-auth",
    "header-cert-auth", "saml",
})


@dataclass
class Verdict:
    value: bool | Unknown
    reason: str
    plugin: str | None = None  # the plugin whose config decided, for evidence


@dataclass
class Consumer:
    entity: Entity | None
    acl_groups: list[Any] = field(default_factory=list)
    groups: set[Key] = field(default_factory=set)  # consumer groups it belongs to
    group_names: list[str] = field(default_factory=list)


def route_authentication(plugins: RoutePlugins, names: Names,
                         consumers: dict[Key, Consumer]) -> Verdict:
    verdict = _authentication(plugins, names, consumers)
    if verdict.value is False and plugins.unresolved:
        first = plugins.unresolved[0]
        return Verdict(Unknown(f"{verdict.reason}; but the plugin at line {first.entity.start} "
                               "has a templated name or scope and might apply"), verdict.reason)
    return verdict


def _authentication(plugins: RoutePlugins, names: Names, consumers: dict[Key, Consumer]) -> Verdict:
    auth = [(name, p) for name, p in plugins.effective.items() if name in AUTH_PLUGINS]
    if not auth:
        return Verdict(False, "no authentication plugin applies to the route")
    anonymous: dict[str, tuple[str, Plugin]] = {}
    undecided: Verdict | None = None
    for name, plugin in auth:
        config = _config(plugin)
        value = config.get("anonymous") if isinstance(config, dict) else config
        if isinstance(plugin.enabled, Unknown):
            undecided = undecided or Verdict(plugin.enabled, f"{name}: enabled is {plugin.enabled}", name)
        elif value is None or value == "":
            return Verdict(True, f"{_named(name, plugin)} requires credentials", name)
        elif isinstance(value, str):
            anonymous.setdefault(value, (name, plugin))
        else:
            reason = str(value) if isinstance(value, Unknown) else f"{value!r} is not a consumer"
            undecided = undecided or Verdict(Unknown(f"{name} config.anonymous is {reason}"),
                                             f"{name} config.anonymous is {reason}", name)
    if undecided:
        return undecided
    refused: list[str] = []
    for consumer, (name, plugin) in anonymous.items():
        blocked, why = _anonymous_refused(consumer, plugins, names, consumers)
        if blocked is False:
            return Verdict(False, f"{_named(name, plugin)} lets requests without credentials in "
                                  f"as consumer {consumer!r}", name)
        if isinstance(blocked, Unknown):
            return Verdict(blocked, f"{name} lets anonymous requests in as {consumer!r}; {why}", name)
        refused.append(why)
    return Verdict(True, "; ".join(refused))


def _named(name: str, plugin: Plugin) -> str:
    return f"{name} ({plugin.scope_name} plugin, line {plugin.entity.start})"


def _config(plugin: Plugin) -> Any:
    config = plugin.entity.value.get("config")
    return {} if config is None else config


def _anonymous_refused(consumer: str, plugins: RoutePlugins, names: Names,
                       consumers: dict[Key, Consumer]) -> tuple[bool | Unknown, str]:
    key = names.resolve("consumers", consumer)
    known = consumers.get(key) if isinstance(key, str) else None
    group_keys = known.groups if known else set()
    undecided: tuple[Unknown, str] | None = None
    for plugin in plugins.consumer:
        if plugin.name != "request-termination":
            continue
        if plugin.scope.get("consumer") != key and plugin.scope.get("consumer_group") not in group_keys:
            continue
        config = _config(plugin)
        trigger = config.get("trigger") if isinstance(config, dict) else config
        if plugin.enabled is True and trigger is None:
            return True, f"request-termination refuses the anonymous consumer {consumer!r}"
        undecided = undecided or (Unknown("request-termination on the anonymous consumer may not "
                                          "apply to every request"), "request-termination is conditional")
    acl = plugins.effective.get("acl")
    if acl is not None:
        refused = _acl_refuses(acl, consumer, known)
        if refused[0] is not False:
            return refused
    return undecided or (False, "nothing refuses the anonymous consumer")


def _acl_refuses(acl: Plugin, consumer: str, known: Consumer | None) -> tuple[bool | Unknown, str]:
    config = _config(acl)
    if isinstance(acl.enabled, Unknown) or not isinstance(config, dict):
        return Unknown("the acl plugin's settings are unknown"), "acl settings unknown"
    allow = config.get("allow", config.get("whitelist"))
    deny = config.get("deny", config.get("blacklist"))
    if isinstance(allow, Unknown) or isinstance(deny, Unknown):
        return Unknown("the acl allow or deny list is unknown"), "acl lists unknown"
    if known is None or known.entity is None:
        return (Unknown(f"the anonymous consumer {consumer!r} is not defined in this file, so its "
                        "ACL groups are unknown"), "anonymous consumer's groups unknown")
    groups = list(known.acl_groups)
    if config.get("include_consumer_groups") is True:
        groups += known.group_names
    if any(isinstance(g, Unknown) for g in groups):
        return Unknown("an ACL group of the anonymous consumer is unknown"), "acl groups unknown"
    if allow and not set(groups) & set(allow if isinstance(allow, list) else [allow]):
        return True, f"acl allows no group of the anonymous consumer {consumer!r}"
    if deny and set(groups) & set(deny if isinstance(deny, list) else [deny]):
        return True, f"acl denies a group of the anonymous consumer {consumer!r}"
    return False, "acl admits the anonymous consumer"

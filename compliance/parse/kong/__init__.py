"""Kong decK / declarative configuration files (YAML or JSON with a top-level `_format_version`,
or without it a top-level list of Kong entities: see `looks_like_deck`) as resources, platform
"kong".

Resources, addresses and attributes (every key as written, plus what is listed):

    kong_service   kong:service/<name or id>
        protocol, host, port, path   also when given as `url` (Kong's reading: port 443 for
                                     https, else 80, when the URL has none); read from the url,
                                     they are located at the url
        plugins                      its own enabled plugins: name -> plugin (below)
    kong_route     kong:route/<service name>/<route name or id>  ("-" for no service)
        service                      {name, id, address, key, protocol, host, port, path,
                                     enabled} of the service it belongs to (the one it is
                                     nested in, or the one its `service` field names); `key`
                                     as in `bound_to` below, also for a service the file lacks
        service_name                 that service's name or reference, or None
        plugins                      its own enabled plugins (not consumer-scoped)
    kong_consumer  kong:consumer/<username, id or custom_id>
        plugins                      its consumer-scoped plugins
        groups                       names of the consumer groups it belongs to
        group_keys                   their keys (as in `bound_to`)
        credentials_hashed           true when `_transform: false` (passwords already hashed)
    kong_plugin    every plugin declaration, nested or top-level: kong:plugin/<name>@global,
                   ...@service:<name>, ...@route:<service>/<route>, ...@consumer:<username>,
                   ...@consumer_group:<name>, combined with "," (`service:a,consumer:b`)
        scope                        global, service, route, consumer, consumer_group or a
                                     "+"-joined combination
        plugin                       its address
        bound_to                     {service, route, consumer, consumer_group} -> key of the
                                     entity it is scoped to, from its nesting and its own
                                     fields: the entity's address, `<kind>?<reference>` for one
                                     the file does not define, or Unknown (see kong_scope)
        service, route, consumer...  the references as written, when written
    kong_upstream  kong:upstream/<name>
    kong_certificate  kong:certificate/<id, first SNI or #index>: cert, key, cert_alt, key_alt,
                   snis as written (`ca_certificates` hold public certificates only: not read)
    kong_key       kong:key/<name, kid or id>: jwk (a JSON text), pem {private_key,
                   public_key}, set as written
    kong_vault     kong:vault/<prefix, name or id>: name (the backend), prefix, config
    kong_partial   kong:partial/<name or id>: type, config (shared plugin settings, e.g. Redis)

What applies to a route once plugins of every scope are put together (Kong's precedence,
anonymous consumers) is the Kong view's: see compliance/resolve/kong/.

Every resource has `workspace` when the file sets `_workspace`, and `document`: the index of
the decK document of the file it comes from (a file may hold several, each a configuration of
its own). Entities without a name get
`#<index>` in their list. `_info.defaults` fills keys a service or route leaves out (their
lines are the entity's first line).

Lines: each resource spans its own entry (a nested route only its own lines); the attribute
paths in `lines` are relative to the resource, and an entity's own plugins are located under
`plugins.<name>`.

Values: `${{ env "DECK_X" }}` (decK's environment substitution) and other `{{ }}` / `${}`
placeholders, and `{vault://...}` references, are Unknown. A whole decK configuration is
judged per file: plugins declared in another file of a multi-file `deck sync` are not seen.
"""

from __future__ import annotations

import gc
from typing import Any

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from compliance.model import Location, Resource, Unknown
from compliance.parse.kong.entities import Entity, read_entities, split_service_url
from compliance.parse.kong.scope import (
    SCOPE_FIELDS,
    Key,
    Names,
    Plugin,
    key_label,
    owned_plugins,
    read_plugin,
)
from compliance.parse.yaml_nodes import (
    Document,
    DocumentTooLarge,
    Problem,
    SourceLines,
    check_bounds,
    child_path,
    convert,
    parse_documents,
)

FORMAT_KEY = "_format_version"


def parse(text: str) -> dict[str, Any]:
    # A large file's node graph holds millions of objects that the cyclic collector would
    # rescan again and again while they are alive; nothing here needs it to run meanwhile.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse(text)
    finally:
        if collecting:
            gc.enable()


def _parse(text: str) -> dict[str, Any]:
    configurations = 0

    def read_document(document: Document, source: SourceLines, resources: list[Resource],
                      problems: list[Problem]) -> None:
        nonlocal configurations
        node = document.node
        if not isinstance(node, MappingNode):
            return
        top = {k.value: v for k, v in node.value if isinstance(k, ScalarNode)}
        if not looks_like_deck(top):
            return
        try:
            check_bounds(node)
        except DocumentTooLarge as exc:
            problems.append(Problem(node.start_mark.line + document.line_offset + 1, str(exc)))
            return
        settings = {key: convert(top[key], document.line_offset, source, placeholders=True).value
                    for key in ("_info", "_workspace", "_transform") if key in top}
        entities = read_entities(top, document.line_offset, source, problems)
        resources += _Config(entities, settings, configurations, problems).resources()
        configurations += 1

    return parse_documents(text, read_document)


# Keys that mark the items of a top-level list as Kong entities, for a file without
# `_format_version` (Kong and decK read such files; a docker-compose `services:` is a mapping,
# and other tools' lists of `plugins` or `routes` lack these keys)
_ENTITY_MARKS = {
    "services": {"url", "host", "routes"},
    "routes": {"paths", "hosts", "methods", "service", "expression"},
    "consumers": {"username", "custom_id"},
    "plugins": {"config"},
    "upstreams": {"targets", "algorithm", "healthchecks", "hash_on"},
    "certificates": {"cert"},
    "consumer_groups": {"consumers"},
}


def looks_like_deck(top: dict[str, Any]) -> bool:
    """A decK document: `_format_version` at the top level, or a list of Kong entities there
    whose items are all mappings and some of which carry the keys of such an entity."""
    if FORMAT_KEY in top:
        return True
    for key, marks in _ENTITY_MARKS.items():
        node = top.get(key)
        if not isinstance(node, SequenceNode) or not node.value:
            continue
        items = node.value
        if not all(isinstance(item, MappingNode) for item in items):
            continue
        if any(isinstance(k, ScalarNode) and k.value in marks
               for item in items for k, _ in item.value):
            return True
    return False


class _Config:
    """One decK document: its entities, their addresses and their plugins."""

    def __init__(self, entities: dict[str, list[Entity]], settings: dict[str, Any],
                 document: int, problems: list[Problem]):
        self.entities = entities
        self.document = document
        self.problems = problems
        self.workspace = settings.get("_workspace")
        self.hashed = settings.get("_transform") is False
        info = settings.get("_info")
        defaults = info.get("defaults") if isinstance(info, dict) else None
        self.defaults = defaults if isinstance(defaults, dict) else {}
        self.addresses: dict[Entity, str] = {}
        self._assign_addresses()
        self.names = Names(entities, self.addresses)
        self.plugins = self._read_plugins()
        self.owned = owned_plugins(self.plugins)
        self.consumer_groups = self._consumer_groups()
        self.services = {self.addresses[s]: self._service_attributes(s) for s in entities["services"]}

    # --- addresses ----------------------------------------------------------------------

    def _assign(self, entity: Entity, address: str) -> None:
        unique, count = address, 1
        while unique in self._used:
            count += 1
            unique = f"{address}~{count}"
        self._used.add(unique)
        self.addresses[entity] = unique

    def _assign_addresses(self) -> None:
        self._used: set[str] = set()
        for service in self.entities["services"]:
            label = service.label("name", "id")
            self._assign(service, f"kong:service/{label}")
            for route in service.children.get("routes", []):
                self._assign(route, f"kong:route/{label}/{route.label('name', 'id')}")
        for route in self.entities["routes"]:
            self._assign(route, f"kong:route/{_reference_label(route.value.get('service'))}/"
                                f"{route.label('name', 'id')}")
        for kind, prefix, keys in (("consumers", "consumer", ("username", "id", "custom_id")),
                                   ("consumer_groups", "consumer_group", ("name", "id")),
                                   ("upstreams", "upstream", ("name", "id")),
                                   ("keys", "key", ("name", "kid", "id")),
                                   ("vaults", "vault", ("prefix", "name", "id")),
                                   ("partials", "partial", ("name", "id"))):
            for entity in self.entities[kind]:
                self._assign(entity, f"kong:{prefix}/{entity.label(*keys)}")
        for certificate in self.entities["certificates"]:
            self._assign(certificate, f"kong:certificate/{_certificate_label(certificate)}")

    def _plugin_address(self, plugin: Plugin) -> str:
        name = plugin.name if isinstance(plugin.name, str) else "?"
        parts = [f"{f}:{key_label(plugin.scope[f])}" for f in SCOPE_FIELDS if f in plugin.scope]
        return f"kong:plugin/{name}@{','.join(parts) or 'global'}"

    # --- plugins ------------------------------------------------------------------------

    def _read_plugins(self) -> list[Plugin]:
        declared: list[tuple[Entity, dict[str, Key]]] = [(p, {}) for p in self.entities["plugins"]]
        owners = [("services", "service"), ("routes", "route"), ("consumers", "consumer"),
                  ("consumer_groups", "consumer_group")]
        for kind, field in owners:
            for owner in self.entities[kind]:
                declared += [(p, {field: self.addresses[owner]})
                             for p in owner.children.get("plugins", [])]
                for route in owner.children.get("routes", []):
                    declared += [(p, {"route": self.addresses[route]})
                                 for p in route.children.get("plugins", [])]
        plugins = []
        seen: set[str] = set()
        for entity, scope in declared:
            plugin = read_plugin(entity, scope, self.names, self.problems)
            address = self._plugin_address(plugin)
            if address in seen and isinstance(plugin.name, str):
                self.problems.append(Problem(entity.start, f"plugin {plugin.name} is declared twice "
                                                           "for the same scope; Kong refuses this"))
            seen.add(address)
            self._assign(entity, address)
            plugin.address = self.addresses[entity]
            plugins.append(plugin)
        return plugins

    def _consumer_groups(self) -> dict[Key, list[Key]]:
        """Consumer address -> keys of the consumer groups it belongs to, as the consumer or the
        group lists them."""
        groups: dict[Key, list[Key]] = {self.addresses[c]: [] for c in self.entities["consumers"]}
        for consumer in self.entities["consumers"]:
            listed = consumer.value.get("groups")
            for group in listed if isinstance(listed, list) else []:
                _join(groups[self.addresses[consumer]], self.names.resolve("consumer_groups", group))
        for group in self.entities["consumer_groups"]:
            members = group.value.get("consumers")
            for member in members if isinstance(members, list) else []:
                reference = member.get("username", member.get("id")) if isinstance(member, dict) else member
                key = self.names.resolve("consumers", reference)
                if isinstance(key, str) and key in groups:
                    _join(groups[key], self.addresses[group])
        return groups

    # --- resources ----------------------------------------------------------------------

    def resources(self) -> list[Resource]:
        found = []
        for service in self.entities["services"]:
            address = self.addresses[service]
            lines = self._lines_with_plugins(service, "service")
            if "url" in lines:  # the parts Kong reads from the url are written there
                for key in ("protocol", "host", "port", "path"):
                    lines.setdefault(key, lines["url"])
            found.append(self._resource("kong_service", service, self.services[address], lines))
            for route in service.children.get("routes", []):
                found.append(self._route(route, service))
        for route in self.entities["routes"]:
            found.append(self._route(route, None))
        for consumer in self.entities["consumers"]:
            found.append(self._consumer(consumer))
        for kind, type_ in (("upstreams", "kong_upstream"), ("certificates", "kong_certificate"),
                            ("keys", "kong_key"), ("vaults", "kong_vault"),
                            ("partials", "kong_partial")):
            for entity in self.entities[kind]:
                found.append(self._resource(type_, entity, dict(entity.value)))
        for plugin in self.plugins:
            found.append(self._resource("kong_plugin", plugin.entity, plugin.attributes()))
        return found

    def _resource(self, type_: str, entity: Entity, attributes: dict[str, Any],
                  lines: dict[str, int] | None = None) -> Resource:
        if isinstance(self.workspace, (str, Unknown)):
            attributes.setdefault("workspace", self.workspace)
        attributes["document"] = self.document
        address = self.addresses[entity]
        return Resource(platform="kong", type=type_, name=address.split("/", 1)[1], address=address,
                        attributes=attributes, location=Location("", entity.start, entity.end),
                        lines=lines if lines is not None else dict(entity.lines))

    def _service_attributes(self, service: Entity) -> dict[str, Any]:
        attributes = dict(service.value)
        if "url" in attributes:
            parts = self._url_parts(service)
            for key, value in parts.items():
                if attributes.get(key) is None:
                    attributes[key] = value
        _fill_defaults(attributes, self.defaults.get("service"))
        attributes["plugins"] = self._own_plugins("service", self.addresses[service])
        return attributes

    def _url_parts(self, service: Entity) -> dict[str, Any]:
        url = service.value["url"]
        raw = service.raw_scalar("url") if isinstance(url, Unknown) else url
        parts = split_service_url(raw) if isinstance(raw, str) else None
        if parts is not None:
            return parts
        if isinstance(url, Unknown):
            return dict.fromkeys(("protocol", "host", "port", "path"), url)
        self.problems.append(Problem(service.lines.get("url", service.start),
                                     f"service url {str(url)[:60]!r} has no scheme"))
        return dict.fromkeys(("protocol", "host", "port", "path"), Unknown("url without a scheme"))

    def _own_plugins(self, field: str, key: Key) -> dict[str, Any]:
        return {p.name: p.attributes() for p in self.owned.get((field, key), ()) if isinstance(p.name, str)}

    def _route(self, route: Entity, parent: Entity | None) -> Resource:
        address = self.addresses[route]
        attributes = dict(route.value)
        _fill_defaults(attributes, self.defaults.get("route"))
        service_key = self.addresses[parent] if parent else self.names.resolve(
            "services", route.value.get("service"))
        attributes["service"] = self._service_summary(service_key, route.value.get("service"))
        attributes["service_name"] = attributes["service"].get("name")
        attributes["plugins"] = self._own_plugins("route", address)
        return self._resource("kong_route", route, attributes, self._lines_with_plugins(route, "route"))

    def _service_summary(self, key: Key | Unknown | None, written: Any) -> dict[str, Any]:
        service = self.services.get(key) if isinstance(key, str) else None
        if service is None:
            reference = written.get("name", written.get("id")) if isinstance(written, dict) else written
            return {"name": reference if isinstance(key, (str, Unknown)) else None, "address": None,
                    "key": key}
        summary = {k: service.get(k) for k in ("name", "id", "protocol", "host", "port", "path")}
        summary["name"] = summary["name"] if summary["name"] is not None else summary["id"]
        summary["enabled"] = service.get("enabled", True)
        summary["address"] = summary["key"] = key
        return summary

    def _consumer(self, consumer: Entity) -> Resource:
        address = self.addresses[consumer]
        attributes = dict(consumer.value)
        attributes["plugins"] = self._own_plugins("consumer", address)
        attributes["groups"] = [key_label(key) for key in self.consumer_groups[address]]
        attributes["group_keys"] = self.consumer_groups[address]
        attributes["credentials_hashed"] = self.hashed
        return self._resource("kong_consumer", consumer, attributes,
                              self._lines_with_plugins(consumer, "consumer"))

    def _lines_with_plugins(self, entity: Entity, field: str) -> dict[str, int]:
        lines = dict(entity.lines)
        _prefix_plugin_lines(lines, "plugins", self.owned.get((field, self.addresses[entity]), []))
        return lines


# --- helpers ------------------------------------------------------------------------------


def _fill_defaults(attributes: dict[str, Any], defaults: Any) -> None:
    """decK's `_info.defaults`: values for keys the entity leaves out."""
    if isinstance(defaults, dict):
        for key, value in defaults.items():
            if attributes.get(key) is None:
                attributes[key] = value


def _prefix_plugin_lines(lines: dict[str, int], attribute: str, plugins: list[Plugin]) -> None:
    """Lines of plugins placed under `<attribute>.<name>`, where each plugin is declared."""
    for plugin in plugins:
        if not isinstance(plugin.name, str):
            continue
        prefix = child_path(attribute, plugin.name)
        lines[prefix] = plugin.entity.start
        for path, line in plugin.entity.lines.items():
            lines[prefix + path if path.startswith("[") else f"{prefix}.{path}"] = line


def _certificate_label(certificate: Entity) -> str:
    """A certificate has no name: its id, else its first SNI, else `#<index>`."""
    label = certificate.label("id")
    if not label.startswith("#"):
        return label
    snis = certificate.value.get("snis")
    first = snis[0] if isinstance(snis, list) and snis else None
    first = first.get("name") if isinstance(first, dict) else first
    return first if isinstance(first, str) and first else label


def _reference_label(reference: Any) -> str:
    if isinstance(reference, dict):
        reference = reference.get("name", reference.get("id"))
    return reference if isinstance(reference, str) and reference else "-"


def _join(groups: list[Key], key: Key | Unknown | None) -> None:
    if isinstance(key, str) and key not in groups:
        groups.append(key)

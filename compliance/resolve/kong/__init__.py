"""The Kong view: what a decK configuration amounts to for each route, service and cors plugin,
added to the parser's resources (compliance/parse/kong/) as derived attributes with lines.

Each decK document is a configuration of its own (resources of the same scope, the file, and
`document`): plugins declared in another file of a multi-file `deck sync` are not seen.

    kong_route
        effective_plugins    name -> the instance Kong runs for any request of the route,
                             after precedence (see kong.precedence):
            scope                route, service or global
            enabled              true, or Unknown (disabled instances give way)
            config, protocols    as written (`protocols` when written)
            plugin, line         its address and the line where it is declared
            anonymous            when its config names one: the consumer a request without
                                 credentials goes on as (None for an empty value), or Unknown
                                 (see kong.anonymous)
            anonymous_refused    with a named anonymous consumer: whether every request the
                                 route gets as that consumer is refused (a request-termination
                                 scoped to it or its group, or the route's acl), or Unknown
        consumer_plugins     [{name, scope, consumer, consumer_group, plugin, line}]: instances
                             for some consumers' or consumer groups' requests only
        unresolved_plugins   [{name, plugin, line, applies}]: instances that might apply,
                             `applies` Unknown (a templated name or scope, or the route's own
                             service is a placeholder)
        terminated           an effective request-termination without `trigger` answers every
                             request itself (Unknown when that can't be known)
        path_segments        the segments of every entry of `paths`, in order, as written (a
                             regex path's `~`, leading `^` and trailing `$` left out):
                             `/v1/admin` -> [v1, admin]; located at `paths`
    kong_service
        host_loopback        whether `host` is a loopback address (localhost, 127.0.0.0/8,
                             ::1), set when `host` is; located at the service
    kong_plugin (name cors)
        origin_admits_any    for each entry of `config.origins` (one for a single value),
                             whether Kong accepts any site's origin with it (`*`, `null`, or a
                             pattern that matches a host nobody owns); Unknown for a
                             placeholder; located at the entry

Lines of `effective_plugins.<name>`: a plugin declared inside the route keeps its own lines
(and `anonymous` is located where `config.anonymous` is, or would be). A plugin declared outside it (on its
service, globally, or at the top level naming the route) is located at the route, except its
`plugin`, at the line where it is declared, and the known values of its `config`, at theirs:
evidence about what such a plugin gives the route, or fails to, stays inside the route, and a
value that decided points where it is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from compliance.model import Path, Resource, Unknown, format_path
from compliance.parse.kong.scope import key_label
from compliance.resolve.kong.anonymous import NOT_NAMED, Consumers, anonymous_consumer, refused
from compliance.resolve.kong.precedence import Declared, Precedence, RoutePlugins
from compliance.resolve.kong.readings import admits_any_origin, is_loopback

__all__ = ["kong_view"]


def kong_view(resources: list[Resource]) -> list[Resource]:
    configurations: dict[tuple[str, Any], list[int]] = defaultdict(list)
    for index, resource in enumerate(resources):
        if resource.platform == "kong":
            configurations[(resource.scope, resource.attributes.get("document"))].append(index)
    resolved = list(resources)
    for members in configurations.values():
        configuration = _Configuration([resources[i] for i in members])
        for index in members:
            resolved[index] = configuration.resolve(resources[index])
    return resolved


class _Configuration:
    """One decK document's resources, and the plugins that apply to each of its routes."""

    def __init__(self, resources: list[Resource]):
        self.plugins = [Declared.read(r) for r in resources if r.type == "kong_plugin"]
        self.precedence = Precedence(self.plugins)
        self.consumers = Consumers([r for r in resources if r.type == "kong_consumer"])

    def resolve(self, resource: Resource) -> Resource:
        if resource.type == "kong_route":
            return self._route(resource)
        if resource.type == "kong_service":
            return _service(resource)
        if resource.type == "kong_plugin" and resource.attributes.get("name") == "cors":
            return _cors(resource)
        return resource

    def _route(self, route: Resource) -> Resource:
        service = route.attributes.get("service")
        service_key = service.get("key") if isinstance(service, dict) else None
        plugins = self.precedence.for_route(route.address, service_key)
        lines = dict(route.lines)
        effective = {}
        for name, plugin in plugins.effective.items():
            effective[name] = self._entry(plugin, plugins)
            prefix = format_path(("effective_plugins", name))
            lines.update(_entry_lines(prefix, plugin, effective[name], route))
        facts = {
            "effective_plugins": effective,
            "consumer_plugins": [_consumer_entry(p) for p in plugins.consumer],
            "unresolved_plugins": [
                {"name": p.name, "plugin": p.resource.address, "line": p.line,
                 "applies": Unknown(f"the plugin at line {p.line} might apply: {why.reason}", kind=why.kind)}
                for p, why in plugins.unresolved],
            "terminated": _terminated(plugins),
            "path_segments": _path_segments(route.attributes.get("paths")),
        }
        paths_line = route.line_of(("paths",))
        if paths_line is not None:
            lines["path_segments"] = paths_line
        return route.with_facts(facts, lines)

    def _entry(self, plugin: Declared, plugins: RoutePlugins) -> dict[str, Any]:
        entry = {"scope": plugin.level, "enabled": plugin.enabled, "config": plugin.config,
                 "plugin": plugin.resource.address, "line": plugin.line}
        if "protocols" in plugin.resource.attributes:
            entry["protocols"] = plugin.resource.attributes["protocols"]
        anonymous = anonymous_consumer(plugin.config)
        if anonymous is not NOT_NAMED:
            entry["anonymous"] = anonymous
            if isinstance(anonymous, str):
                entry["anonymous_refused"] = refused(anonymous, plugins, self.consumers)
            elif isinstance(anonymous, Unknown):
                entry["anonymous_refused"] = anonymous
        return entry


def _entry_lines(prefix: str, plugin: Declared, entry: dict[str, Any], route: Resource) -> dict[str, int]:
    declared = plugin.resource
    if route.location.start_line <= plugin.line <= route.location.end_line:  # nested in the route
        lines = {prefix: plugin.line}
        lines.update((_under(prefix, path), line) for path, line in declared.lines.items())
        # where `config.anonymous` is, or would be
        lines[f"{prefix}.anonymous"] = declared.line_of(("config", "anonymous")) or plugin.line
        if "anonymous_refused" in entry:
            lines[f"{prefix}.anonymous_refused"] = lines[f"{prefix}.anonymous"]
        return lines
    lines = {f"{prefix}.plugin": plugin.line}
    for path in _known_values(plugin.config, ("config",)):
        line = declared.lines.get(format_path(path))
        if line is not None:
            lines[_under(prefix, format_path(path))] = line
    return lines


def _known_values(value: Any, path: Path) -> Iterator[Path]:
    """Paths of the known scalar values under `value` (not None, not Unknown)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _known_values(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _known_values(item, path + (index,))
    elif value is not None and not isinstance(value, Unknown):
        yield path


def _under(prefix: str, path: str) -> str:
    """A plugin's display path placed under `prefix`."""
    return prefix + path if path.startswith("[") else f"{prefix}.{path}"


def _consumer_entry(plugin: Declared) -> dict[str, Any]:
    consumer, group = plugin.bound_to.get("consumer"), plugin.bound_to.get("consumer_group")
    return {"name": plugin.name, "scope": plugin.resource.attributes.get("scope"),
            "consumer": key_label(consumer) if consumer is not None else None,
            "consumer_group": key_label(group) if group is not None else None,
            "plugin": plugin.resource.address, "line": plugin.line}


def _path_segments(paths: Any) -> list[Any] | Unknown:
    """The segments of a route's `paths`; an Unknown path (a placeholder) makes them Unknown."""
    if isinstance(paths, Unknown):
        return paths
    segments: list[Any] = []
    for path in paths if isinstance(paths, list) else []:
        if isinstance(path, Unknown):
            return path
        if not isinstance(path, str):
            continue
        text = path.removeprefix("~").removeprefix("^")
        text = text[:-1] if text.endswith("$") and not text.endswith("\\$") else text
        segments += [segment for segment in text.split("/") if segment]
    return segments


def _terminated(plugins: RoutePlugins) -> bool | Unknown:
    """An effective request-termination without a `trigger` answers every request itself."""
    plugin = plugins.effective.get("request-termination")
    if plugin is None:
        return False
    config = plugin.config or {}
    if isinstance(plugin.enabled, Unknown):
        return plugin.enabled
    if not isinstance(config, dict):
        return config if isinstance(config, Unknown) else False
    trigger = config.get("trigger")
    return trigger if isinstance(trigger, Unknown) else trigger is None


def _service(service: Resource) -> Resource:
    host = service.attributes.get("host")
    if host is None:
        return service
    return service.with_facts({"host_loopback": is_loopback(host)})


def _cors(plugin: Resource) -> Resource:
    config = plugin.attributes.get("config")
    origins = config.get("origins") if isinstance(config, dict) else config
    lines = dict(plugin.lines)
    if origins is None:
        return plugin
    if isinstance(origins, Unknown):
        admits: Any = origins
    else:
        entries = origins if isinstance(origins, list) else [origins]
        admits = [admits_any_origin(origin) for origin in entries]
        for index in range(len(entries)):
            where = ("config", "origins", index) if isinstance(origins, list) else ("config", "origins")
            line = plugin.line_of(where)
            if line is not None:
                lines[f"origin_admits_any[{index}]"] = line
    return plugin.with_facts({"origin_admits_any": admits}, lines)

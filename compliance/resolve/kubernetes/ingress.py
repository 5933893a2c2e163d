"""An Ingress as its controller serves it: the IngressClass it belongs to, the hosts that no
TLS entry covers, the ingress-nginx controller settings among the scanned ConfigMaps, and the
Kong plugins that apply to it."""

from __future__ import annotations

import json
from typing import Any

from compliance.model import Path, Resource, Unknown
from compliance.resolve.graph import ResourceIndex
from compliance.resolve.kubernetes.facts import Facts, mapping, namespace_of, spec_of

INGRESS_CLASSES = ("networking.k8s.io/*/IngressClass",)
CLASS_ANNOTATION = "kubernetes.io/ingress.class"
DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"
# the keys of ingress-nginx's controller ConfigMap that the WAF controls read; a ConfigMap
# holding one of them is taken for that controller's configuration
NGINX_CONFIG_KEYS = ("enable-modsecurity", "enable-owasp-modsecurity-crs", "modsecurity-snippet")
KONG_PLUGINS_ANNOTATION = "konghq.com/plugins"
KONG_PLUGINS = ("configuration.konghq.com/*/KongPlugin",)
KONG_CLUSTER_PLUGINS = ("configuration.konghq.com/*/KongClusterPlugin",)
BACKEND_CONFIGS = ("cloud.google.com/*/BackendConfig",)
# the Service annotation that names a GKE BackendConfig (the beta name first used)
BACKEND_CONFIG_ANNOTATIONS = ("cloud.google.com/backend-config",
                              "beta.cloud.google.com/backend-config")


class Ingresses:
    def __init__(self, index: ResourceIndex):
        self.classes = index.of_types(INGRESS_CLASSES)
        self.nginx_configs = [_nginx_config(r) for r in index.of_types(("v1/ConfigMap",))]
        self.nginx_configs = [c for c in self.nginx_configs if c is not None]
        self.services = {(namespace_of(r), r.name): r for r in index.of_types(("v1/Service",))}
        self.kong_plugins = {(namespace_of(r), r.name): r for r in index.of_types(KONG_PLUGINS)}
        self.kong_cluster_plugins = {r.name: r for r in index.of_types(KONG_CLUSTER_PLUGINS)}
        self.backend_configs = {(namespace_of(r), r.name): r
                                for r in index.of_types(BACKEND_CONFIGS)}

    def derive(self, resource: Resource, facts: Facts) -> None:
        path, name = _class_name(resource)
        facts.add("ingress_class_name", name, path)
        facts.add("ingress_classes", self._classes(name), path)
        _hosts_without_tls(resource, facts)
        facts.add("nginx_controller_configs", list(self.nginx_configs), ("metadata",))
        self._kong_plugins(resource, facts)
        self._gke_backends(resource, facts)

    # --- GKE BackendConfigs -------------------------------------------------------------------

    def _gke_backends(self, resource: Resource, facts: Facts) -> None:
        """`gke_backends`: for each Service port the Ingress routes to, the GKE BackendConfig its
        `cloud.google.com/backend-config` annotation gives that port (`ports` by number or
        name, else `default`): {service, port, backend_config (its name, None without one),
        security_policy (the BackendConfig's spec.securityPolicy.name; Unknown when the
        Service or the BackendConfig is not among the scanned files)}."""
        namespace = namespace_of(resource)
        found: list[tuple[Path, Any]] = []
        for path, name, port in _backends(resource):
            entry: dict[str, Any] = {"service": name, "port": port, "backend_config": None,
                                     "security_policy": None}
            service = None if isinstance(namespace, Unknown) else self.services.get(
                (namespace, name))
            if service is None:
                hidden = Unknown(f"the Service {name} is not among the scanned files")
                entry.update(backend_config=hidden, security_policy=hidden)
            else:
                config = _backend_config_name(service, port)
                entry["backend_config"] = config
                if isinstance(config, Unknown):
                    entry["security_policy"] = config
                elif config is not None:
                    entry["security_policy"] = self._security_policy(namespace, config)
            found.append((path, entry))
        facts.add_list("gke_backends", found, ("spec",))

    def _security_policy(self, namespace: str, name: str) -> Any:
        backend_config = self.backend_configs.get((namespace, name))
        if backend_config is None:
            return Unknown(f"the BackendConfig {name} is not among the scanned files")
        spec = spec_of(backend_config)
        policy = spec if isinstance(spec, Unknown) else spec.get("securityPolicy")
        return policy.get("name") if isinstance(policy, dict) else policy

    # --- Kong plugins -------------------------------------------------------------------------

    def _kong_plugins(self, resource: Resource, facts: Facts) -> None:
        """The Kong plugins that apply to the Ingress's routes: those its `konghq.com/plugins`
        annotation names, those the annotation of a Service it routes to names, and the
        KongClusterPlugins labelled global. {name, plugin (the plugin's type; Unknown when no
        KongPlugin or KongClusterPlugin of that name is among the scanned files), on (ingress,
        service <name>, global), resource (address)}."""
        namespace = namespace_of(resource)
        found: list[tuple[Path, Any]] = []
        annotation: Path = ("metadata", "annotations", KONG_PLUGINS_ANNOTATION)
        for item in self._named_plugins(resource, namespace, "ingress"):
            found.append((annotation, item))
        for service_name in _backend_services(resource):
            service = self.services.get((namespace, service_name))
            if service is not None:
                for item in self._named_plugins(service, namespace, f"service {service_name}"):
                    found.append((("spec",), item))
        for plugin in self.kong_cluster_plugins.values():
            metadata = mapping(plugin.attributes.get("metadata"))
            labels = metadata if isinstance(metadata, Unknown) else mapping(
                metadata.get("labels"))
            is_global = labels if isinstance(labels, Unknown) else labels.get("global")
            if isinstance(is_global, Unknown):
                found.append((("metadata",), is_global))
            elif str(is_global).lower() == "true":
                found.append((("metadata",), _plugin_entry(plugin, plugin.name, "global")))
        facts.add_list("kong_plugins", found, annotation)

    def _named_plugins(self, holder: Resource, namespace: Any, on: str) -> list[Any]:
        metadata = holder.attributes.get("metadata")
        annotations = mapping(metadata.get("annotations")) if isinstance(metadata, dict) else {}
        value = annotations if isinstance(annotations, Unknown) else annotations.get(
            KONG_PLUGINS_ANNOTATION)
        if isinstance(value, Unknown):
            return [value]
        if not isinstance(value, str):
            return []
        items: list[Any] = []
        for name in (part.strip() for part in value.split(",")):
            if not name:
                continue
            plugin = None if isinstance(namespace, Unknown) else self.kong_plugins.get(
                (namespace, name))
            plugin = plugin or self.kong_cluster_plugins.get(name)
            if plugin is None:
                hidden = Unknown(f"no KongPlugin or KongClusterPlugin {name!r} among the "
                                 "scanned files")
                items.append({"name": name, "on": on, "resource": None, "plugin": hidden,
                              "disabled": hidden})
            else:
                items.append(_plugin_entry(plugin, name, on))
        return items

    def _classes(self, name: Any) -> list[dict[str, Any]] | Unknown:
        """The IngressClasses among the scanned files that may be the Ingress's: those of its
        name, or, when it names none, those marked as the default class (`applies` is Unknown
        when that mark is a template value)."""
        if isinstance(name, Unknown):
            return name
        found = []
        for ingress_class in self.classes:
            spec = spec_of(ingress_class)
            controller = spec if isinstance(spec, Unknown) else spec.get("controller")
            if name is not None:
                if ingress_class.name != name:
                    continue
                applies: bool | Unknown = True
            else:
                applies = _default_mark(ingress_class)
                if applies is False:
                    continue
            entry = {"name": ingress_class.name, "controller": controller,
                     "applies": applies, "ingress_class": ingress_class.address}
            parameters = spec if isinstance(spec, Unknown) else spec.get("parameters")
            if parameters is not None:
                entry["parameters"] = parameters
            found.append(entry)
        return found


def _nginx_config(config_map: Resource) -> dict[str, Any] | None:
    """An ingress-nginx controller ConfigMap's WAF settings, or None for another ConfigMap."""
    data = config_map.attributes.get("data")
    if not isinstance(data, dict) or not any(key in data for key in NGINX_CONFIG_KEYS):
        return None
    return {"config": config_map.address,
            **{key.replace("-", "_"): data.get(key) for key in NGINX_CONFIG_KEYS}}


def _plugin_entry(plugin: Resource, name: str, on: str) -> dict[str, Any]:
    return {"name": name, "on": on, "resource": plugin.address,
            "plugin": plugin.attributes.get("plugin"),
            "disabled": plugin.attributes.get("disabled")}


def _backends(resource: Resource) -> list[tuple[Path, str, Any]]:
    """(path, service name, port number or name) of each distinct Service backend of an
    Ingress (default backend and rules; networking.k8s.io/v1 and the older serviceName and
    servicePort)."""
    spec = spec_of(resource)
    if isinstance(spec, Unknown):
        return []
    backends: list[tuple[Path, Any]] = [(("spec", key), spec.get(key))
                                         for key in ("defaultBackend", "backend")]
    rules = spec.get("rules")
    for r, rule in enumerate(rules if isinstance(rules, list) else []):
        http = rule.get("http") if isinstance(rule, dict) else None
        paths = http.get("paths") if isinstance(http, dict) else None
        for p, entry in enumerate(paths if isinstance(paths, list) else []):
            if isinstance(entry, dict):
                backends.append((("spec", "rules", r, "http", "paths", p, "backend"),
                                 entry.get("backend")))
    found: list[tuple[Path, str, Any]] = []
    for path, backend in backends:
        if not isinstance(backend, dict):
            continue
        service = backend.get("service")
        if isinstance(service, dict):
            name, port = service.get("name"), mapping(service.get("port"))
            port = port if isinstance(port, Unknown) else port.get("number", port.get("name"))
        else:
            name, port = backend.get("serviceName"), backend.get("servicePort")
        if isinstance(name, str) and not any((name, port) == (n, q) for _, n, q in found):
            found.append((path, name, port))
    return found


def _backend_services(resource: Resource) -> list[str]:
    """The names of the Services an Ingress routes to (rules and default backend)."""
    names: list[str] = []
    for _, name, _ in _backends(resource):
        if name not in names:
            names.append(name)
    return names


def _backend_config_name(service: Resource, port: Any) -> Any:
    """The BackendConfig a Service's annotation gives `port` (a number or a port name): its
    `ports` entry for the port's number or name, else `default`; None without one."""
    metadata = mapping(service.attributes.get("metadata"))
    annotations = metadata if isinstance(metadata, Unknown) else mapping(
        metadata.get("annotations"))
    if isinstance(annotations, Unknown):
        return annotations
    text = next((annotations[key] for key in BACKEND_CONFIG_ANNOTATIONS if key in annotations),
                None)
    if isinstance(text, Unknown) or text is None:
        return text
    try:
        value = json.loads(text) if isinstance(text, str) else None
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    by_port = value.get("ports")
    if isinstance(by_port, dict) and by_port:
        if isinstance(port, Unknown):
            return port
        for key in _port_keys(service, port):
            if key in by_port:
                return by_port[key]
    return value.get("default")


def _port_keys(service: Resource, port: Any) -> list[str]:
    """The keys a BackendConfig `ports` map may use for the Service port an Ingress names:
    its number and its name."""
    keys = [str(port)]
    spec = spec_of(service)
    ports = None if isinstance(spec, Unknown) else spec.get("ports")
    for entry in ports if isinstance(ports, list) else []:
        if isinstance(entry, dict) and port in (entry.get("port"), entry.get("name")):
            keys += [str(entry.get("port")), str(entry.get("name"))]
    return keys


def _class_name(resource: Resource) -> tuple[Path, Any]:
    """`spec.ingressClassName`, else the older `kubernetes.io/ingress.class` annotation."""
    spec = resource.attributes.get("spec")
    if isinstance(spec, dict) and spec.get("ingressClassName") is not None:
        return ("spec", "ingressClassName"), spec["ingressClassName"]
    metadata = resource.attributes.get("metadata")
    annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
    if isinstance(annotations, dict) and annotations.get(CLASS_ANNOTATION) is not None:
        return ("metadata", "annotations", CLASS_ANNOTATION), annotations[CLASS_ANNOTATION]
    return ("spec", "ingressClassName"), None


def _default_mark(ingress_class: Resource) -> bool | Unknown:
    metadata = mapping(ingress_class.attributes.get("metadata"))
    annotations = (metadata if isinstance(metadata, Unknown)
                   else mapping(metadata.get("annotations")))
    flag = annotations if isinstance(annotations, Unknown) else annotations.get(
        DEFAULT_CLASS_ANNOTATION, "")
    return flag if isinstance(flag, Unknown) else str(flag).lower() == "true"


# --- TLS coverage -------------------------------------------------------------------------------


def _covered(host: str, tls_hosts: set[str]) -> bool:
    host = host.lower()
    if host in tls_hosts:
        return True
    # a TLS host "*.example.com" covers exactly one more label: "api.example.com"
    head, _, rest = host.partition(".")
    return bool(rest) and head != "*" and f"*.{rest}" in tls_hosts


class _TlsEntries:
    """The hosts spec.tls names; `all_hosts` for an entry without hosts (the controller's
    wildcard host, which covers every host); `hidden` where a template value could name any."""

    def __init__(self, entries: list[Any]):
        self.hosts: set[str] = set()
        self.all_hosts = False
        self.hidden: Unknown | None = None
        for entry in entries:
            if isinstance(entry, Unknown):
                self.hidden = self.hidden or entry
                continue
            if not isinstance(entry, dict):
                continue
            hosts = entry.get("hosts")
            if isinstance(hosts, Unknown):
                self.hidden = self.hidden or hosts
            elif not hosts:
                self.all_hosts = True
            else:
                for host in hosts if isinstance(hosts, list) else [hosts]:
                    if isinstance(host, str):
                        self.hosts.add(host.lower())
                    else:
                        self.hidden = self.hidden or Unknown("a TLS host is a template value")

    def uncovered(self, host: str | None, rule: int | None) -> dict[str, Any] | Unknown | None:
        """What rule `rule` (None: the default backend) with `host` (None: no host) lacks, or
        None when a TLS entry covers it."""
        if host and _covered(host, self.hosts):
            return None
        if self.hidden is not None:
            return Unknown("a TLS entry that may cover it is a template value "
                           f"({self.hidden.reason})")
        return {"host": host, "rule": rule}


def _hosts_without_tls(resource: Resource, facts: Facts) -> None:
    """The hosts the Ingress routes that no spec.tls entry covers: each rule's host (None for
    a rule without host, which only an entry without hosts covers), or the default backend
    when there are no rules. An item is Unknown where a template value decides."""
    spec = spec_of(resource)
    tls = spec if isinstance(spec, Unknown) else spec.get("tls")
    if isinstance(tls, Unknown):
        facts.add("hosts_without_tls", tls, ("spec", "tls"))
        return
    entries = _TlsEntries(tls if isinstance(tls, list) else [])
    rules = [] if entries.all_hosts else spec.get("rules")
    if isinstance(rules, Unknown):
        facts.add("hosts_without_tls", rules, ("spec", "rules"))
        return
    found: list[tuple[Path, Any]] = []
    rules = rules if isinstance(rules, list) else []
    for index, rule in enumerate(rules):
        host = rule.get("host") if isinstance(rule, dict) else (
            rule if isinstance(rule, Unknown) else None)
        path: Path = ("spec", "rules", index)
        if isinstance(host, Unknown):
            found.append((path, host))
            continue
        host = host if isinstance(host, str) and host else None
        item = entries.uncovered(host, index)
        if item is not None:
            found.append((path + ("host",) if host else path, item))
    backend = "defaultBackend" if "defaultBackend" in spec else "backend"
    if not rules and not entries.all_hosts and spec.get(backend) is not None:
        item = entries.uncovered(None, None)
        if item is not None:
            found.append((("spec", backend), item))
    facts.add_list("hosts_without_tls", found, ("spec", "tls"))


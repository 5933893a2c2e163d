"""An Ingress as its controller serves it: the IngressClass it belongs to, and the hosts that
no TLS entry covers."""

from __future__ import annotations

from typing import Any

from compliance.model import Path, Resource, Unknown
from compliance.resolve.graph import ResourceIndex
from compliance.resolve.kubernetes.facts import Facts, mapping, spec_of

INGRESS_CLASSES = ("networking.k8s.io/*/IngressClass",)
CLASS_ANNOTATION = "kubernetes.io/ingress.class"
DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"


class Ingresses:
    def __init__(self, index: ResourceIndex):
        self.classes = index.of_types(INGRESS_CLASSES)

    def derive(self, resource: Resource, facts: Facts) -> None:
        path, name = _class_name(resource)
        facts.add("ingress_class_name", name, path)
        facts.add("ingress_classes", self._classes(name), path)
        _hosts_without_tls(resource, facts)

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
            found.append({"name": ingress_class.name, "controller": controller,
                          "applies": applies, "ingress_class": ingress_class.address})
        return found


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


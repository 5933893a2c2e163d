"""Gateway API Gateways: the listeners that serve traffic without TLS, once the routes among
the scanned files are attached to them by parentRefs, sectionName, port, the listener's
allowedRoutes namespaces and hostnames, as the Gateway API attaches them."""

from __future__ import annotations

from typing import Any

from compliance.model import Path, Resource, Unknown
from compliance.resolve.graph import ResourceIndex
from compliance.resolve.kubernetes.facts import Facts, mapping, namespace_of, spec_of

GATEWAY_GROUP = "gateway.networking.k8s.io"
ROUTES = (f"{GATEWAY_GROUP}/*/HTTPRoute", f"{GATEWAY_GROUP}/*/GRPCRoute")
SECURE_PROTOCOLS = ("HTTPS", "TLS")


class Gateways:
    def __init__(self, index: ResourceIndex):
        self.routes = index.of_types(ROUTES)

    def derive(self, resource: Resource, facts: Facts) -> None:
        """`listeners_without_tls`: an HTTPS or TLS listener that terminates TLS without a
        certificate; an HTTP listener on a Gateway without any HTTPS or TLS listener, or one a
        route attaches to and forwards requests from to a backend instead of redirecting
        them to https. An item is Unknown where a template value, or a route whose
        attachment a namespace selector decides, could make one."""
        spec = spec_of(resource)
        listeners = spec if isinstance(spec, Unknown) else spec.get("listeners")
        if isinstance(listeners, Unknown):
            facts.add("listeners_without_tls", listeners, ("spec", "listeners"))
            return
        listeners = listeners if isinstance(listeners, list) else []
        protocols = [item.get("protocol") if isinstance(item, dict) else item
                     for item in listeners]
        secure: bool | None = any(p in SECURE_PROTOCOLS for p in protocols if isinstance(p, str))
        if not secure and any(isinstance(p, Unknown) for p in protocols):
            secure = None
        namespace = namespace_of(resource)
        found: list[tuple[Path, Any]] = []
        for index, (listener, protocol) in enumerate(zip(listeners, protocols)):
            path: Path = ("spec", "listeners", index)
            if isinstance(listener, Unknown) or isinstance(protocol, Unknown):
                found.append((path, Unknown(f"listener {index} is a template value")))
                continue
            if not isinstance(listener, dict):
                continue
            entry = {"listener": listener.get("name", index), "protocol": protocol,
                     "route": None, "rule": None}
            if protocol in SECURE_PROTOCOLS:
                problem = _without_certificate(path, listener)
            elif protocol == "HTTP":
                problem = self._in_clear(path, listener, resource, namespace, secure)
            else:  # TCP and UDP carry no HTTP API
                problem = None
            if problem is not None:
                source, detail = problem
                found.append((source, detail if isinstance(detail, Unknown)
                              else {**entry, **detail}))
        facts.add_list("listeners_without_tls", found, ("spec", "listeners"))

    def _in_clear(self, path: Path, listener: dict[str, Any], gateway: Resource,
                  namespace: str | Unknown, secure: bool | None) -> tuple[Path, Any] | None:
        """Why an HTTP listener serves requests in clear: no HTTPS or TLS listener to redirect
        to, or a route that forwards them to a backend."""
        source = path + ("protocol",)
        if secure is None:
            return source, Unknown("a listener's protocol is a template value")
        if not secure:
            return source, {}
        if isinstance(namespace, Unknown):
            return source, namespace
        undecided = None
        for route in self.routes:
            attached = _attached(route, gateway, namespace, listener)
            if attached is False:
                continue
            forwards, rule = _forwards_in_clear(route)
            if forwards and attached:
                return source, {"route": route.address, "rule": rule}
            if forwards is None or (forwards and attached is None):
                undecided = undecided or Unknown(
                    f"{route.address} may forward requests on it: a template value or a "
                    "namespace selector decides")
        return None if undecided is None else (source, undecided)


def _without_certificate(path: Path, listener: dict[str, Any]) -> tuple[Path, Any] | None:
    """An HTTPS or TLS listener without a certificate to terminate with; None when it has one
    or passes TLS through to the backend."""
    tls = listener.get("tls")
    if isinstance(tls, Unknown):
        return path + ("tls",), tls
    if not isinstance(tls, dict):
        return path + ("protocol",), {}
    mode = tls.get("mode", "Terminate")
    if isinstance(mode, Unknown):
        return path + ("tls", "mode"), mode
    if mode == "Passthrough":  # the backend terminates TLS itself (TLS listeners only)
        return None
    refs, options = tls.get("certificateRefs"), tls.get("options")
    if isinstance(refs, Unknown):
        return path + ("tls", "certificateRefs"), refs
    if not refs and not options:
        return path + ("tls",), {}
    return None


def _hostname_matches(pattern: str, host: str) -> bool:
    pattern, host = pattern.lower(), host.lower()
    if pattern == host:
        return True
    return pattern.startswith("*.") and host.endswith(pattern[1:])


def _hostnames_meet(listener_host: Any, route_hosts: Any) -> bool | None:
    if listener_host is None or not route_hosts:
        return True
    if isinstance(listener_host, Unknown) or isinstance(route_hosts, Unknown):
        return None
    if not isinstance(route_hosts, list) or not isinstance(listener_host, str):
        return True
    answers = []
    for host in route_hosts:
        if isinstance(host, Unknown):
            answers.append(None)
        elif isinstance(host, str):
            answers.append(_hostname_matches(listener_host, host)
                           or _hostname_matches(host, listener_host))
    if True in answers:
        return True
    return None if None in answers else False


def _attached(route: Resource, gateway: Resource, gateway_namespace: str,
              listener: dict[str, Any]) -> bool | None:
    """Whether a route attaches to this listener of the Gateway (None: a template value or a
    namespace selector could decide)."""
    spec, route_namespace = spec_of(route), namespace_of(route)
    if isinstance(spec, Unknown) or isinstance(route_namespace, Unknown):
        return None
    refs = spec.get("parentRefs")
    if isinstance(refs, Unknown):
        return None
    allowed = mapping(listener.get("allowedRoutes"))
    namespaces = allowed if isinstance(allowed, Unknown) else mapping(allowed.get("namespaces"))
    allowed_from = namespaces if isinstance(namespaces, Unknown) else namespaces.get("from", "Same")
    undecided = False
    for ref in refs if isinstance(refs, list) else []:
        if not isinstance(ref, dict):
            undecided = True
            continue
        group, kind = ref.get("group", GATEWAY_GROUP), ref.get("kind", "Gateway")
        name = ref.get("name")
        ref_namespace = ref.get("namespace") or route_namespace
        section, port = ref.get("sectionName"), ref.get("port")
        if any(isinstance(v, Unknown) for v in (group, kind, name, ref_namespace, section, port)):
            undecided = True
            continue
        if (group, kind) != (GATEWAY_GROUP, "Gateway") or name != gateway.name:
            continue
        if ref_namespace != gateway_namespace:
            continue
        if section is not None and section != listener.get("name"):
            continue
        if port is not None and str(port) != str(listener.get("port")):
            continue
        if route_namespace != gateway_namespace:
            if isinstance(allowed_from, Unknown) or allowed_from == "Selector":
                undecided = True
                continue
            if allowed_from != "All":
                continue
        meets = _hostnames_meet(listener.get("hostname"), spec.get("hostnames"))
        if meets:
            return True
        undecided = undecided or meets is None
    return None if undecided else False


def _forwards_in_clear(route: Resource) -> tuple[bool | None, int | None]:
    """Whether a route sends some requests to a backend rather than redirecting them to
    https: a rule with backendRefs and no RequestRedirect filter to the https scheme."""
    spec = spec_of(route)
    rules = spec if isinstance(spec, Unknown) else spec.get("rules")
    if isinstance(rules, Unknown):
        return None, None
    undecided = False
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        if not isinstance(rule, dict):
            undecided = undecided or isinstance(rule, Unknown)
            continue
        backends, filters = rule.get("backendRefs"), rule.get("filters")
        if isinstance(backends, Unknown) or isinstance(filters, Unknown):
            undecided = True
            continue
        if not backends:
            continue
        redirects = False
        for entry in filters if isinstance(filters, list) else []:
            redirect = entry.get("requestRedirect") if isinstance(entry, dict) else None
            scheme = redirect.get("scheme") if isinstance(redirect, dict) else None
            if isinstance(scheme, Unknown) or isinstance(entry, Unknown):
                undecided = True
            elif (isinstance(entry, dict) and entry.get("type") == "RequestRedirect"
                  and scheme == "https"):
                redirects = True
        if not redirects:
            return True, index
    return (None if undecided else False), None

"""Checks on the traffic layer of Kubernetes manifests: ingress classes, Gateway API
listeners and the Istio policies (PeerAuthentication, RequestAuthentication,
AuthorizationPolicy) whose effect depends on other resources.

They follow each project's documented resolution rules: an Istio policy without a selector
covers its namespace, one in the root namespace (`istio-system` unless the mesh config says
otherwise) covers the mesh, the most specific PeerAuthentication that sets a mode wins and
no policy at all means PERMISSIVE; a Gateway API route attaches to the listeners its
parentRefs, hostnames and the listener's allowedRoutes agree on. A template placeholder
(`Unknown`) that could decide the outcome makes it unknown, never pass or fail.
"""

from __future__ import annotations

from typing import Any, Iterable

from compliance.evaluate.checks.kubernetes import _mapping, _namespace, _pod_spec
from compliance.model import Outcome, Path, Resource, Status, Unknown

ISTIO_ROOT_NAMESPACE = "istio-system"
PEER_AUTHENTICATIONS = ("security.istio.io/*/PeerAuthentication",)
AUTHORIZATION_POLICIES = ("security.istio.io/*/AuthorizationPolicy",)
ISTIO_OPERATORS = ("install.istio.io/*/IstioOperator",)
MTLS_MODES = ("STRICT", "PERMISSIVE", "DISABLE")


# --- helpers ------------------------------------------------------------------------------


def _spec(resource: Resource) -> dict[str, Any] | Unknown:
    return _mapping(resource.attributes.get("spec"))


def _root_namespace(context: Any, default: str) -> str | Unknown:
    """meshConfig.rootNamespace of an IstioOperator among the scanned files, else `default`."""
    for operator in context.index.of_types(ISTIO_OPERATORS):
        spec = _spec(operator)
        mesh = spec if isinstance(spec, Unknown) else _mapping(spec.get("meshConfig"))
        root = mesh if isinstance(mesh, Unknown) else mesh.get("rootNamespace")
        if isinstance(root, Unknown) or (isinstance(root, str) and root):
            return root
    return default


def _match_labels(spec: dict[str, Any]) -> dict[str, Any] | None | Unknown:
    """`spec.selector.matchLabels` of an Istio policy; None when there is no selector or it
    is empty (Istio then applies the policy to the whole namespace)."""
    selector = spec.get("selector")
    if isinstance(selector, Unknown):
        return selector
    labels = selector.get("matchLabels") if isinstance(selector, dict) else None
    if isinstance(labels, Unknown):
        return labels
    if not isinstance(labels, dict) or not labels:
        return None
    if any(isinstance(v, Unknown) for v in labels.values()):
        return Unknown("a selector label is a template value")
    return labels


def _target_refs(spec: dict[str, Any]) -> frozenset[tuple[str, str]] | None | Unknown:
    """(kind, name) of `targetRef`/`targetRefs` (Istio policies attached to a Gateway or a
    Service instead of selecting pods); None when neither is set."""
    refs = spec.get("targetRefs")
    single = spec.get("targetRef")
    if isinstance(refs, Unknown) or isinstance(single, Unknown):
        return Unknown("targetRefs is a template value")
    items = [r for r in (refs if isinstance(refs, list) else []) + [single] if r is not None]
    if not items:
        return None
    found = set()
    for ref in items:
        if not isinstance(ref, dict):
            return Unknown("targetRefs holds a template value")
        kind, name = ref.get("kind"), ref.get("name")
        if not isinstance(kind, str) or not isinstance(name, str):
            return Unknown("a targetRef is a template value")
        found.add((kind, name))
    return frozenset(found)


def _subset(small: dict[str, Any], large: dict[str, Any]) -> bool:
    return all(key in large and large[key] == value for key, value in small.items())


def _disjoint(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """Two label selectors no workload can satisfy together: a key with two values."""
    return any(key in other and other[key] != value for key, value in one.items())


def _pod_labels(resource: Resource) -> tuple[Path, dict[str, Any] | Unknown] | None:
    """(path, labels) of a workload's pods: the metadata next to its pod spec."""
    found = _pod_spec(resource)
    if found is None:
        return None
    pod_path = found[0]
    metadata: Any = resource.attributes
    for key in (*pod_path[:-1], "metadata"):
        if isinstance(metadata, Unknown):
            break
        metadata = metadata.get(key) if isinstance(metadata, dict) else None
    path = (*pod_path[:-1], "metadata", "labels")
    if isinstance(metadata, Unknown):
        return path, metadata
    labels = metadata.get("labels") if isinstance(metadata, dict) else None
    if isinstance(labels, Unknown):
        return path, labels
    labels = labels if isinstance(labels, dict) else {}
    if any(isinstance(v, Unknown) for v in labels.values()):
        return path, Unknown("a pod label is a template value")
    return path, labels


def _pod_metadata_value(resource: Resource, key: str) -> tuple[Path, Any] | None:
    """A pod template's label or annotation `key` (label first), with its path."""
    found = _pod_spec(resource)
    if found is None:
        return None
    base: Any = resource.attributes
    for step in (*found[0][:-1], "metadata"):
        base = base.get(step) if isinstance(base, dict) else None
    if not isinstance(base, dict):
        return None
    for section in ("labels", "annotations"):
        values = base.get(section)
        if isinstance(values, dict) and key in values:
            return (*found[0][:-1], "metadata", section, key), values[key]
    return None


# --- ingress class ------------------------------------------------------------------------

NGINX_CONTROLLERS = ("k8s.io/ingress-nginx", "nginx.org/ingress-controller")
INGRESS_CLASSES = ("networking.k8s.io/*/IngressClass",)
CLASS_ANNOTATION = "kubernetes.io/ingress.class"
DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"


def _ingress_class(resource: Resource) -> tuple[Path, Any]:
    """`spec.ingressClassName`, else the older `kubernetes.io/ingress.class` annotation."""
    spec = resource.attributes.get("spec")
    if isinstance(spec, dict) and spec.get("ingressClassName") is not None:
        return ("spec", "ingressClassName"), spec["ingressClassName"]
    metadata = resource.attributes.get("metadata")
    annotations = metadata.get("annotations") if isinstance(metadata, dict) else None
    if isinstance(annotations, dict) and annotations.get(CLASS_ANNOTATION) is not None:
        return ("metadata", "annotations", CLASS_ANNOTATION), annotations[CLASS_ANNOTATION]
    return ("spec", "ingressClassName"), None


def ingress_nginx_class(resource: Resource, context: Any) -> Outcome:
    """Whether an NGINX controller (ingress-nginx or F5 NGINX) serves the Ingress: its class
    is `nginx` (both controllers' default), or an IngressClass among the scanned files with
    that name, or the default IngressClass when it names none, has an NGINX controller."""
    expected = "the Ingress is served by an NGINX ingress controller"
    path, name = _ingress_class(resource)
    if isinstance(name, Unknown):
        return Outcome.unknown(path, name, expected)
    if name == "nginx":
        return Outcome.passed(path, name, expected)
    undecided = False
    for ingress_class in context.index.of_types(INGRESS_CLASSES):
        spec = _spec(ingress_class)
        controller = spec if isinstance(spec, Unknown) else spec.get("controller")
        metadata = _mapping(ingress_class.attributes.get("metadata"))
        annotations = metadata if isinstance(metadata, Unknown) else _mapping(
            metadata.get("annotations"))
        flag = (annotations if isinstance(annotations, Unknown)
                else annotations.get(DEFAULT_CLASS_ANNOTATION, ""))
        if name is not None and ingress_class.name != name:
            continue
        # without a class name, the default IngressClass decides
        chosen = True if name is not None else (
            None if isinstance(flag, Unknown) else str(flag).lower() == "true")
        nginx = None if isinstance(controller, Unknown) else controller in NGINX_CONTROLLERS
        if chosen and nginx:
            return Outcome.passed(path, name, f"{expected} ({ingress_class.address})")
        if chosen is not False and nginx is not False:
            undecided = True
    if undecided:
        return Outcome.unknown(path, name, expected)
    return Outcome.failed(path, name, expected)


# --- Istio: mutual TLS at the effective scope ---------------------------------------------


def _peer_mode(policy: Resource) -> str | None | Unknown:
    """STRICT, PERMISSIVE or DISABLE; None when the policy leaves the mode to the enclosing
    scope (no `mtls`, no mode, or UNSET)."""
    spec = _spec(policy)
    mtls = spec if isinstance(spec, Unknown) else _mapping(spec.get("mtls"))
    mode = mtls if isinstance(mtls, Unknown) else mtls.get("mode")
    if isinstance(mode, Unknown):
        return mode
    return mode if mode in MTLS_MODES else None


def _scope_mode(policies: list[Resource]) -> tuple[str | None | Unknown, list[Resource]]:
    """The mode several policies of one scope give. Istio applies the oldest of them, which a
    manifest does not tell: when they disagree the mode is unknown."""
    modes = {}
    for policy in policies:
        mode = _peer_mode(policy)
        if isinstance(mode, Unknown):
            return mode, [policy]
        modes.setdefault(mode, policy)
    if len(modes) > 1:
        return Unknown("several policies at this scope set different modes; Istio applies "
                       "the oldest"), list(modes.values())
    if not modes:
        return None, []
    return next(iter(modes)), list(modes.values())


class _Peers:
    """The scanned PeerAuthentications, by scope."""

    def __init__(self, context: Any, root: str):
        self.root = root
        self.undecided: Resource | None = None  # a policy whose namespace or selector is templated
        self.wide: dict[str, list[Resource]] = {}  # namespace -> policies without a selector
        self.selecting: dict[str, list[tuple[dict[str, Any], Resource]]] = {}
        for policy in context.index.of_types(PEER_AUTHENTICATIONS):
            namespace, spec = _namespace(policy), _spec(policy)
            labels = spec if isinstance(spec, Unknown) else _match_labels(spec)
            if isinstance(namespace, Unknown) or isinstance(labels, Unknown):
                self.undecided = self.undecided or policy
            elif labels is None:
                self.wide.setdefault(namespace, []).append(policy)
            elif namespace != root:  # Istio ignores selectors in the root namespace
                self.selecting.setdefault(namespace, []).append((labels, policy))


def _names(policies: Iterable[Resource]) -> str:
    return ", ".join(p.address for p in policies)


def _namespace_verdict(peers: _Peers, namespace: str) -> tuple[str, str]:
    """('pass'|'fail'|'unknown', explanation) for the pods of a namespace that no
    workload-level policy covers."""
    root = peers.root
    where = (f"a PeerAuthentication without selector in namespace {namespace} with "
             f"mtls.mode STRICT, or one in the root namespace {root} (mesh-wide)")
    if namespace != root:
        mode, deciding = _scope_mode(peers.wide.get(namespace, []))
        if isinstance(mode, Unknown):
            return "unknown", f"{where}: {_names(deciding)}: {mode.reason}"
        if mode == "STRICT":
            return "pass", f"{where}: {_names(deciding)} sets STRICT"
        if mode is not None:
            return "fail", f"{where}: the namespace-wide {_names(deciding)} sets {mode}"
    mode, deciding = _scope_mode(peers.wide.get(root, []))
    if isinstance(mode, Unknown):
        return "unknown", f"{where}: {_names(deciding)}: {mode.reason}"
    if mode == "STRICT":
        return "pass", f"{where}: the mesh-wide {_names(deciding)} sets STRICT"
    if peers.undecided is not None:
        return "unknown", f"{where}: {peers.undecided.address} has template values"
    if mode is not None:
        return "fail", f"{where}: the mesh-wide {_names(deciding)} sets {mode}"
    return "fail", (f"{where}: none among the scanned files sets a mode, and Istio's default "
                    "is PERMISSIVE (plaintext accepted)")


_VERDICT = {"pass": Outcome.passed, "fail": Outcome.failed, "unknown": Outcome.unknown}
ENROLMENT_LABELS = ("istio-injection", "istio.io/rev", "istio.io/dataplane-mode")


def istio_namespace_strict_mtls(resource: Resource, context: Any,
                                root_namespace: str = ISTIO_ROOT_NAMESPACE) -> Outcome:
    """A Namespace enrolled in the mesh is covered by STRICT mutual TLS: its namespace-wide
    PeerAuthentication sets STRICT, or sets no mode and the mesh-wide one sets STRICT."""
    root = _root_namespace(context, root_namespace)
    metadata = _mapping(resource.attributes.get("metadata"))
    labels = {} if isinstance(metadata, Unknown) else _mapping(metadata.get("labels"))
    path: Path = ("metadata", "name")
    if isinstance(labels, dict):
        key = next((k for k in ENROLMENT_LABELS if k in labels), None)
        path = ("metadata", "labels", key) if key else path
    if isinstance(root, Unknown):
        return Outcome.unknown(path, root, "STRICT mutual TLS at the namespace or mesh scope")
    verdict, why = _namespace_verdict(_Peers(context, root), resource.name)
    return _VERDICT[verdict](path, resource.name, why)


SIDECAR_REQUEST = "sidecar.istio.io/inject"
AMBIENT_LABEL = "istio.io/dataplane-mode"


def istio_sidecar_requested(resource: Resource, context: Any) -> Outcome:
    """Whether a workload's pods ask for a sidecar themselves (the `sidecar.istio.io/inject`
    label or annotation is "true") or join the ambient mesh (`istio.io/dataplane-mode`)."""
    expected = "the pods request an Istio sidecar or the ambient data plane"
    for key, wanted in ((SIDECAR_REQUEST, "true"), (AMBIENT_LABEL, "ambient")):
        found = _pod_metadata_value(resource, key)
        if found is None:
            continue
        path, value = found
        if isinstance(value, Unknown):
            return Outcome.unknown(path, value, expected)
        if str(value).lower() == wanted:
            return Outcome.passed(path, value, expected)
    return Outcome.failed((), None, expected)


def istio_workload_strict_mtls(resource: Resource, context: Any,
                               root_namespace: str = ISTIO_ROOT_NAMESPACE) -> Outcome:
    """A workload in the mesh is covered by STRICT mutual TLS: a PeerAuthentication selecting
    its pods sets STRICT (and no port exception), or sets no mode and the namespace, then
    the mesh, scope decides."""
    root = _root_namespace(context, root_namespace)
    found = _pod_labels(resource)
    namespace = _namespace(resource)
    requested = (_pod_metadata_value(resource, SIDECAR_REQUEST)
                 or _pod_metadata_value(resource, AMBIENT_LABEL))
    path = requested[0] if requested else ("metadata", "namespace")
    expected = "STRICT mutual TLS for the workload's pods"
    if found is None:
        return Outcome.unknown(path, None, expected)
    _, labels = found
    for value in (root, namespace, labels):
        if isinstance(value, Unknown):
            return Outcome.unknown(path, value, expected)
    peers = _Peers(context, root)
    selecting = [policy for selector, policy in peers.selecting.get(namespace, [])
                 if _subset(selector, labels)]
    for policy in selecting:
        ports = _spec(policy)
        ports = ports if isinstance(ports, Unknown) else _mapping(ports.get("portLevelMtls"))
        if isinstance(ports, Unknown):
            return Outcome.unknown(path, ports, expected)
        for port, setting in ports.items():
            mode = setting.get("mode") if isinstance(setting, dict) else setting
            if isinstance(mode, Unknown):
                return Outcome.unknown(path, mode, expected)
            if mode in ("PERMISSIVE", "DISABLE"):
                return Outcome.failed(path, None, f"{expected}: {policy.address} sets port "
                                      f"{port} to {mode}")
    mode, deciding = _scope_mode(selecting)
    where = (f"a PeerAuthentication of namespace {namespace} selecting the pods with "
             "mtls.mode STRICT")
    if isinstance(mode, Unknown):
        return Outcome.unknown(path, None, f"{where}: {_names(deciding)}: {mode.reason}")
    if mode == "STRICT":
        return Outcome.passed(path, None, f"{where}: {_names(deciding)} sets STRICT")
    if mode is not None:
        return Outcome.failed(path, None, f"{where}: {_names(deciding)} sets {mode}")
    verdict, why = _namespace_verdict(peers, namespace)
    return _VERDICT[verdict](path, None, f"{where}, or {why}")


# --- Istio: RequestAuthentication enforced by an AuthorizationPolicy ----------------------


def _requires_token(policy: Resource) -> bool | None:
    """Whether an AuthorizationPolicy makes a request principal (a validated JWT) matter:
    an ALLOW rule whose source lists requestPrincipals, or whose `when` tests a
    `request.auth.*` attribute against `values`; a DENY rule whose source lists
    notRequestPrincipals. None when a template value hides it."""
    spec = _spec(policy)
    action = spec if isinstance(spec, Unknown) else spec.get("action", "ALLOW")
    rules = spec if isinstance(spec, Unknown) else spec.get("rules")
    if isinstance(action, Unknown) or isinstance(rules, Unknown):
        return None
    if action not in ("ALLOW", "DENY"):
        return False
    wanted = "requestPrincipals" if action == "ALLOW" else "notRequestPrincipals"
    hidden = False
    for rule in rules if isinstance(rules, list) else []:
        rule = _mapping(rule)
        sources = rule if isinstance(rule, Unknown) else rule.get("from")
        conditions = [] if isinstance(rule, Unknown) else rule.get("when")
        if isinstance(sources, Unknown) or isinstance(conditions, Unknown):
            hidden = True
            continue
        for entry in sources if isinstance(sources, list) else []:
            source = _mapping(entry)
            source = source if isinstance(source, Unknown) else _mapping(source.get("source"))
            values = source if isinstance(source, Unknown) else source.get(wanted)
            if isinstance(values, Unknown):
                hidden = True
            elif values:
                return True
        if action != "ALLOW":
            continue
        for condition in conditions if isinstance(conditions, list) else []:
            condition = _mapping(condition)
            if isinstance(condition, Unknown):
                hidden = True
                continue
            key = condition.get("key")
            if isinstance(key, Unknown):
                hidden = True
            elif (isinstance(key, str) and key.startswith("request.auth.")
                  and condition.get("values")):
                return True
    return None if hidden else False


def _coverage(policy: Resource, namespace: str, labels: dict[str, Any] | None,
              refs: frozenset | None, root: str) -> str:
    """How an AuthorizationPolicy's scope covers the workloads a RequestAuthentication in
    `namespace` selects (by `labels`, by `refs`, or all when both are None): 'all', 'some'
    (they overlap), 'none', or 'unknown'. A policy without selector covers its namespace,
    or the mesh from the root namespace; a selector in the root namespace matches pods of
    every namespace; a RequestAuthentication in the root namespace covers the mesh."""
    policy_namespace, spec = _namespace(policy), _spec(policy)
    if isinstance(policy_namespace, Unknown) or isinstance(spec, Unknown):
        return "unknown"
    policy_labels, policy_refs = _match_labels(spec), _target_refs(spec)
    if isinstance(policy_labels, Unknown) or isinstance(policy_refs, Unknown):
        return "unknown"
    same = policy_namespace == namespace
    if not same and policy_namespace != root:
        # a policy of one namespace covers part of a mesh-wide RequestAuthentication
        if namespace == root and (policy_labels is None or labels is None
                                  or not _disjoint(policy_labels, labels)):
            return "some"
        return "none"
    if policy_refs is not None:
        if same and refs is not None:
            return "all" if refs <= policy_refs else ("some" if refs & policy_refs else "none")
        return "some" if same else "none"
    if policy_labels is None:
        return "all"  # namespace-wide, or mesh-wide from the root namespace
    if labels is None:
        return "some"
    if _subset(policy_labels, labels):
        return "all"
    return "none" if _disjoint(policy_labels, labels) else "some"


def istio_request_authentication_enforced(resource: Resource, context: Any,
                                          root_namespace: str = ISTIO_ROOT_NAMESPACE) -> Outcome:
    """A RequestAuthentication only rejects invalid tokens; a request without any token goes
    through unless an AuthorizationPolicy covering the same workloads requires a request
    principal (ALLOW with requestPrincipals, or DENY with notRequestPrincipals)."""
    expected_base = ("an AuthorizationPolicy covering the same workloads that requires a "
                     "request principal: ALLOW with from.source.requestPrincipals, or DENY "
                     "with from.source.notRequestPrincipals: [\"*\"]")
    root = _root_namespace(context, root_namespace)
    namespace, spec = _namespace(resource), _spec(resource)
    path: Path = ("spec", "jwtRules")
    for value in (root, namespace, spec):
        if isinstance(value, Unknown):
            return Outcome.unknown(path, value, expected_base)
    labels, refs = _match_labels(spec), _target_refs(spec)
    if isinstance(labels, Unknown) or isinstance(refs, Unknown):
        return Outcome.unknown(("spec", "selector"), None, expected_base)
    if labels is not None:
        path = ("spec", "selector")
        scope = "workloads labelled " + ", ".join(f"{k}={v}" for k, v in labels.items())
    elif refs is not None:
        path = ("spec", "targetRefs") if "targetRefs" in spec else ("spec", "targetRef")
        scope = ", ".join(f"{kind} {name}" for kind, name in sorted(refs))
    elif namespace == root:
        scope = "the whole mesh"
    else:
        scope = f"every workload of namespace {namespace}"
    expected = f"{expected_base}, for {scope} in namespace {namespace}"
    partial, undecided, external = [], [], []
    for policy in context.index.of_types(AUTHORIZATION_POLICIES):
        coverage = _coverage(policy, namespace, labels, refs, root)
        if coverage == "none":
            continue
        action = _spec(policy)
        action = action if isinstance(action, Unknown) else action.get("action", "ALLOW")
        if action == "CUSTOM":
            external.append(policy)
            continue
        requires = _requires_token(policy)
        if requires is None or (requires and coverage == "unknown"):
            undecided.append(policy)
        elif requires and coverage == "all":
            return Outcome.passed(path, scope, f"{expected}: {policy.address}")
        elif requires:
            partial.append(policy)
    if undecided:
        return Outcome.unknown(path, scope, f"{expected} ({_names(undecided)} has template values)")
    if partial:
        return Outcome.unknown(path, scope, f"{expected} ({_names(partial)} requires one for "
                               "only part of these workloads)")
    if external:
        return Outcome.unknown(path, scope, f"{expected} (the external authorizer of "
                               f"{_names(external)} may require one)")
    return Outcome.failed(path, scope, f"{expected}; none among the scanned files does, so "
                          "requests without a token are let through")


# --- Gateway API listeners ----------------------------------------------------------------

GATEWAY_GROUP = "gateway.networking.k8s.io"
ROUTES = (f"{GATEWAY_GROUP}/*/HTTPRoute", f"{GATEWAY_GROUP}/*/GRPCRoute")
SECURE_PROTOCOLS = ("HTTPS", "TLS")


def _hostname_matches(pattern: str, host: str) -> bool:
    pattern, host = pattern.lower(), host.lower()
    if pattern == host:
        return True
    if pattern.startswith("*."):
        return host.endswith(pattern[1:])
    return False


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
    spec, route_namespace = _spec(route), _namespace(route)
    if isinstance(spec, Unknown) or isinstance(route_namespace, Unknown):
        return None
    refs = spec.get("parentRefs")
    if isinstance(refs, Unknown):
        return None
    allowed = _mapping(listener.get("allowedRoutes"))
    namespaces = allowed if isinstance(allowed, Unknown) else _mapping(allowed.get("namespaces"))
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
        values = (group, kind, name, ref_namespace, section, port)
        if any(isinstance(v, Unknown) for v in values):
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
    spec = _spec(route)
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


GATEWAY_EXPECTED = ("HTTP listeners only redirect to HTTPS listeners of the same Gateway, and "
                    "HTTPS and TLS listeners terminate TLS with a certificate (or pass it through)")


def _secure_listener(path: Path, listener: dict[str, Any], protocol: str) -> Outcome | None:
    """An HTTPS or TLS listener without a certificate to terminate with; None when fine."""
    name = listener.get("name", path[-1])
    tls = listener.get("tls")
    if isinstance(tls, Unknown):
        return Outcome.unknown(path + ("tls",), tls, GATEWAY_EXPECTED)
    if not isinstance(tls, dict):
        return Outcome.failed(path + ("protocol",), protocol, f"the {protocol} listener {name} "
                              "has a tls block naming its certificate (tls.certificateRefs)")
    mode = tls.get("mode", "Terminate")
    if isinstance(mode, Unknown):
        return Outcome.unknown(path + ("tls", "mode"), mode, GATEWAY_EXPECTED)
    if mode == "Passthrough":  # the backend terminates TLS itself (TLS listeners only)
        return None
    refs, options = tls.get("certificateRefs"), tls.get("options")
    if isinstance(refs, Unknown):
        return Outcome.unknown(path + ("tls", "certificateRefs"), refs, GATEWAY_EXPECTED)
    if not refs and not options:
        return Outcome.failed(path + ("tls",), None, f"the {protocol} listener {name} terminates "
                              "TLS, so it names its certificate in tls.certificateRefs")
    return None


def gateway_listeners_tls(resource: Resource, context: Any) -> Outcome:
    spec = _spec(resource)
    listeners = spec if isinstance(spec, Unknown) else spec.get("listeners")
    if isinstance(listeners, Unknown):
        return Outcome.unknown(("spec", "listeners"), listeners, GATEWAY_EXPECTED)
    listeners = listeners if isinstance(listeners, list) else []
    namespace = _namespace(resource)
    protocols = [item.get("protocol") if isinstance(item, dict) else item for item in listeners]
    secure: bool | None = any(p in SECURE_PROTOCOLS for p in protocols if isinstance(p, str))
    if not secure and any(isinstance(p, Unknown) for p in protocols):
        secure = None
    undecided: Outcome | None = None
    for index, listener in enumerate(listeners):
        path: Path = ("spec", "listeners", index)
        protocol = protocols[index]
        if isinstance(listener, Unknown) or isinstance(protocol, Unknown):
            undecided = undecided or Outcome.unknown(path, None, GATEWAY_EXPECTED)
            continue
        if not isinstance(listener, dict):
            continue
        if protocol in SECURE_PROTOCOLS:
            outcome = _secure_listener(path, listener, protocol)
        elif protocol == "HTTP":
            outcome = _http_listener(path, listener, resource, namespace, secure, context)
        else:  # TCP and UDP carry no HTTP API this control can judge
            outcome = None
        if outcome is not None and outcome.status is Status.FAIL:
            return outcome
        undecided = undecided or outcome
    return undecided or Outcome.passed(("spec", "listeners"), None, GATEWAY_EXPECTED)


def _http_listener(path: Path, listener: dict[str, Any], gateway: Resource,
                   namespace: str | Unknown, secure: bool | None, context: Any) -> Outcome | None:
    name = listener.get("name", path[-1])
    if secure is None:
        return Outcome.unknown(path + ("protocol",), "HTTP", GATEWAY_EXPECTED)
    if not secure:
        return Outcome.failed(path + ("protocol",), "HTTP", f"an HTTPS or TLS listener next "
                              f"to the HTTP listener {name}: the Gateway serves everything in "
                              "plain HTTP")
    if isinstance(namespace, Unknown):
        return Outcome.unknown(path + ("protocol",), "HTTP", GATEWAY_EXPECTED)
    undecided = None
    for route in context.index.of_types(ROUTES):
        attached = _attached(route, gateway, namespace, listener)
        if attached is False:
            continue
        forwards, rule = _forwards_in_clear(route)
        if forwards and attached:
            return Outcome.failed(path + ("protocol",), "HTTP", f"the HTTP listener {name} only "
                                  f"redirects to https, but rule {rule} of {route.address} "
                                  "forwards requests to a backend in plain HTTP")
        if forwards is None or (forwards and attached is None):
            undecided = undecided or Outcome.unknown(
                path + ("protocol",), "HTTP",
                f"{GATEWAY_EXPECTED} ({route.address} may forward requests on the HTTP listener "
                f"{name}: a template value or a namespace selector decides)")
    return undecided


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "k8s_ingress_nginx_class": ingress_nginx_class,
    "k8s_istio_namespace_strict_mtls": istio_namespace_strict_mtls,
    "k8s_istio_sidecar_requested": istio_sidecar_requested,
    "k8s_istio_workload_strict_mtls": istio_workload_strict_mtls,
    "k8s_istio_request_authentication_enforced": istio_request_authentication_enforced,
    "k8s_gateway_listeners_tls": gateway_listeners_tls,
}

"""The Istio policies that cover a namespace or a workload, under Istio's own rules.

A policy without a selector covers its namespace, one in the root namespace (`istio-system`
unless an IstioOperator sets `meshConfig.rootNamespace`) covers the mesh; a
PeerAuthentication selecting a workload's pods wins over its namespace's, which wins over
the mesh's, each deciding only when it sets a mode, and with none Istio uses PERMISSIVE;
selectors in the root namespace are ignored for PeerAuthentication but match the pods of
every namespace for AuthorizationPolicy. What a template value could change is Unknown.
"""

from __future__ import annotations

from typing import Any, Iterable

from compliance.model import Path, Resource, Unknown
from compliance.resolve.graph import ResourceIndex
from compliance.resolve.kubernetes.facts import (
    Facts,
    mapping,
    namespace_of,
    pod_labels,
    pod_metadata_value,
    spec_of,
)

ISTIO_ROOT_NAMESPACE = "istio-system"
PEER_AUTHENTICATIONS = ("security.istio.io/*/PeerAuthentication",)
AUTHORIZATION_POLICIES = ("security.istio.io/*/AuthorizationPolicy",)
ISTIO_OPERATORS = ("install.istio.io/*/IstioOperator",)
MTLS_MODES = ("STRICT", "PERMISSIVE", "DISABLE")
DEFAULT_MODE = "PERMISSIVE"  # Istio's mode when no PeerAuthentication sets one
# labels that put a namespace in the mesh (sidecar injection, a revision, the ambient mesh)
ENROLMENT_LABELS = ("istio-injection", "istio.io/rev", "istio.io/dataplane-mode")
SIDECAR_INJECT = "sidecar.istio.io/inject"
DATAPLANE_MODE = "istio.io/dataplane-mode"


def root_namespace(index: ResourceIndex) -> str | Unknown:
    """meshConfig.rootNamespace of an IstioOperator among the scanned files, else istio-system."""
    for operator in index.of_types(ISTIO_OPERATORS):
        spec = spec_of(operator)
        mesh = spec if isinstance(spec, Unknown) else mapping(spec.get("meshConfig"))
        root = mesh if isinstance(mesh, Unknown) else mesh.get("rootNamespace")
        if isinstance(root, Unknown) or (isinstance(root, str) and root):
            return root
    return ISTIO_ROOT_NAMESPACE


def match_labels(spec: dict[str, Any]) -> dict[str, Any] | None | Unknown:
    """`spec.selector.matchLabels` of an Istio policy; None when there is no selector or it is
    empty (the policy then covers the whole namespace)."""
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


def target_refs(spec: dict[str, Any]) -> frozenset[tuple[str, str]] | None | Unknown:
    """(kind, name) of `targetRef`/`targetRefs` (policies attached to a Gateway or a Service
    instead of selecting pods); None when neither is set."""
    refs, single = spec.get("targetRefs"), spec.get("targetRef")
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


def subset(small: dict[str, Any], large: dict[str, Any]) -> bool:
    return all(key in large and large[key] == value for key, value in small.items())


def disjoint(one: dict[str, Any], other: dict[str, Any]) -> bool:
    """Two label selectors no workload can satisfy together: a key with two values."""
    return any(key in other and other[key] != value for key, value in one.items())


def names(policies: Iterable[Resource]) -> str:
    return ", ".join(p.address for p in policies)


# --- PeerAuthentication: the mutual TLS mode ------------------------------------------------


def peer_mode(policy: Resource) -> str | None | Unknown:
    """STRICT, PERMISSIVE or DISABLE; None when the policy leaves the mode to the enclosing
    scope (no `mtls`, no mode, or UNSET)."""
    spec = spec_of(policy)
    mtls = spec if isinstance(spec, Unknown) else mapping(spec.get("mtls"))
    mode = mtls if isinstance(mtls, Unknown) else mtls.get("mode")
    if isinstance(mode, Unknown):
        return mode
    return mode if mode in MTLS_MODES else None


def scope_mode(policies: list[Resource]) -> str | None | Unknown:
    """The mode several policies of one scope give. Istio applies the oldest of them, which a
    manifest does not tell: when they disagree the mode is unknown."""
    modes: dict[Any, Resource] = {}
    for policy in policies:
        mode = peer_mode(policy)
        if isinstance(mode, Unknown):
            return Unknown(f"{policy.address}: {mode.reason}", mode.refs, kind=mode.kind)
        modes.setdefault(mode, policy)
    if len(modes) > 1:
        return Unknown(f"{names(modes.values())} set different modes at one scope; Istio "
                       "applies the oldest")
    return next(iter(modes), None)


class Peers:
    """The scanned PeerAuthentications, by scope."""

    def __init__(self, index: ResourceIndex, root: str):
        self.root = root
        self.undecided: Resource | None = None  # a policy whose namespace or selector is templated
        self.wide: dict[str, list[Resource]] = {}  # namespace -> policies without a selector
        self.selecting: dict[str, list[tuple[dict[str, Any], Resource]]] = {}
        for policy in index.of_types(PEER_AUTHENTICATIONS):
            namespace, spec = namespace_of(policy), spec_of(policy)
            labels = spec if isinstance(spec, Unknown) else match_labels(spec)
            if isinstance(namespace, Unknown) or isinstance(labels, Unknown):
                self.undecided = self.undecided or policy
            elif labels is None:
                self.wide.setdefault(namespace, []).append(policy)
            elif namespace != root:  # Istio ignores selectors in the root namespace
                self.selecting.setdefault(namespace, []).append((labels, policy))

    def namespace_mode(self, namespace: str) -> str | Unknown:
        """The mode of a namespace's pods that no workload-level policy covers: its own
        namespace-wide policy's, else the mesh-wide one's, else PERMISSIVE."""
        if namespace != self.root:
            mode = scope_mode(self.wide.get(namespace, []))
            if mode is not None:
                return mode
        mode = scope_mode(self.wide.get(self.root, []))
        if isinstance(mode, Unknown) or mode == "STRICT":
            return mode
        if self.undecided is not None:  # it may be a namespace-wide policy setting STRICT
            return Unknown(f"{self.undecided.address} has template values")
        return mode or DEFAULT_MODE

    def workload_mtls(self, namespace: str, labels: dict[str, Any]) -> dict[str, Any]:
        """The mode of a workload's pods, and the port-level modes of the policies selecting
        them (a port exception of a namespace-wide policy is ignored, as Istio does)."""
        selecting = [policy for selector, policy in self.selecting.get(namespace, [])
                     if subset(selector, labels)]
        ports: list[Any] | Unknown = []
        for policy in selecting:
            spec = spec_of(policy)
            levels = spec if isinstance(spec, Unknown) else mapping(spec.get("portLevelMtls"))
            if isinstance(levels, Unknown):
                ports = levels
                break
            for port, setting in levels.items():
                mode = setting.get("mode") if isinstance(setting, dict) else setting
                ports.append({"port": port, "mode": mode, "policy": policy.address})
        mode = scope_mode(selecting)
        return {"mode": self.namespace_mode(namespace) if mode is None else mode,
                "port_modes": ports}


class Istio:
    """Istio's view of namespaces, workloads and RequestAuthentications."""

    def __init__(self, index: ResourceIndex):
        self.root = root_namespace(index)
        self.peers = None if isinstance(self.root, Unknown) else Peers(index, self.root)
        self.authorization_policies = index.of_types(AUTHORIZATION_POLICIES)

    def namespace(self, resource: Resource, facts: Facts) -> None:
        metadata = mapping(resource.attributes.get("metadata"))
        labels = {} if isinstance(metadata, Unknown) else mapping(metadata.get("labels"))
        source: Path = ("metadata", "name")
        if isinstance(labels, dict):
            key = next((k for k in ENROLMENT_LABELS if k in labels), None)
            source = ("metadata", "labels", key) if key else source
        mode = self.root if self.peers is None else self.peers.namespace_mode(resource.name)
        facts.add("istio_mtls", {"mode": mode}, source)

    def workload(self, resource: Resource, facts: Facts) -> None:
        requested = None
        for key, name in ((SIDECAR_INJECT, "istio_sidecar_inject"),
                          (DATAPLANE_MODE, "istio_dataplane_mode")):
            found = pod_metadata_value(resource, key)
            if found is not None:
                facts.add(name, found[1], found[0])
                requested = requested or found[0]
        labels, namespace = pod_labels(resource), namespace_of(resource)
        if labels is None:
            return
        hidden = next((v for v in (self.root, namespace, labels) if isinstance(v, Unknown)), None)
        if hidden is not None:
            mtls: dict[str, Any] = {"mode": hidden, "port_modes": hidden}
        else:
            mtls = self.peers.workload_mtls(namespace, labels)
        # the evidence points where the pods ask for the mesh
        facts.add("istio_mtls", mtls, requested or ("metadata", "namespace"))

    # --- RequestAuthentication backed by an AuthorizationPolicy ---------------------------

    def request_authentication(self, resource: Resource, facts: Facts) -> None:
        namespace, spec = namespace_of(resource), spec_of(resource)
        source: Path = ("spec", "jwtRules")
        hidden = next((v for v in (self.root, namespace, spec) if isinstance(v, Unknown)), None)
        if hidden is not None:
            facts.add("authorization_policies", hidden, source)
            return
        labels, refs = match_labels(spec), target_refs(spec)
        if isinstance(labels, Unknown) or isinstance(refs, Unknown):
            facts.add("authorization_policies", labels if isinstance(labels, Unknown) else refs,
                      ("spec", "selector"))
            return
        if labels is not None:
            source = ("spec", "selector")
        elif refs is not None:
            source = ("spec", "targetRefs") if "targetRefs" in spec else ("spec", "targetRef")
        covering = []
        for policy in self.authorization_policies:
            coverage = _coverage(policy, namespace, labels, refs, self.root)
            if coverage is None:
                continue
            action = spec_of(policy)
            action = action if isinstance(action, Unknown) else action.get("action", "ALLOW")
            covering.append({"policy": policy.address, "action": action, "covers_all": coverage,
                             "requires_request_principal": _requires_principal(policy)})
        facts.add("authorization_policies", covering, source)


def _coverage(policy: Resource, namespace: str, labels: dict[str, Any] | None,
              refs: frozenset | None, root: str) -> bool | Unknown | None:
    """Whether an AuthorizationPolicy covers all the workloads a RequestAuthentication in
    `namespace` selects (by `labels`, by `refs`, or all of them when both are None): True;
    Unknown when it covers some of them, or a template value decides; None when it covers
    none. A policy without selector covers its namespace, or the mesh from the root
    namespace; a selector in the root namespace matches pods of every namespace; a
    RequestAuthentication in the root namespace covers the mesh."""
    policy_namespace, spec = namespace_of(policy), spec_of(policy)
    if isinstance(policy_namespace, Unknown) or isinstance(spec, Unknown):
        return Unknown(f"{policy.address} has template values")
    policy_labels, policy_refs = match_labels(spec), target_refs(spec)
    if isinstance(policy_labels, Unknown) or isinstance(policy_refs, Unknown):
        return Unknown(f"the scope of {policy.address} has template values")
    some = Unknown(f"{policy.address} covers only part of these workloads")
    same = policy_namespace == namespace
    if not same and policy_namespace != root:
        # a policy of one namespace covers part of a mesh-wide RequestAuthentication
        if namespace == root and (policy_labels is None or labels is None
                                  or not disjoint(policy_labels, labels)):
            return some
        return None
    if policy_refs is not None:
        if same and refs is not None:
            return True if refs <= policy_refs else (some if refs & policy_refs else None)
        return some if same else None
    if policy_labels is None:
        return True  # namespace-wide, or mesh-wide from the root namespace
    if labels is None:
        return some
    if subset(policy_labels, labels):
        return True
    return None if disjoint(policy_labels, labels) else some


def _requires_principal(policy: Resource) -> bool | Unknown:
    """Whether an AuthorizationPolicy rejects the requests it matches that carry no valid
    token: an ALLOW rule whose source lists requestPrincipals, or whose `when` tests a
    `request.auth.*` attribute against `values`; a DENY rule whose source lists
    notRequestPrincipals. A CUSTOM policy's external authorizer decides: Unknown."""
    spec = spec_of(policy)
    action = spec if isinstance(spec, Unknown) else spec.get("action", "ALLOW")
    rules = spec if isinstance(spec, Unknown) else spec.get("rules")
    if isinstance(action, Unknown) or isinstance(rules, Unknown):
        return Unknown(f"{policy.address} has template values")
    if action == "CUSTOM":
        return Unknown(f"the external authorizer of {policy.address} decides")
    if action not in ("ALLOW", "DENY"):
        return False
    wanted = "requestPrincipals" if action == "ALLOW" else "notRequestPrincipals"
    hidden = False
    for rule in rules if isinstance(rules, list) else []:
        rule = mapping(rule)
        sources = rule if isinstance(rule, Unknown) else rule.get("from")
        conditions = [] if isinstance(rule, Unknown) else rule.get("when")
        if isinstance(sources, Unknown) or isinstance(conditions, Unknown):
            hidden = True
            continue
        for entry in sources if isinstance(sources, list) else []:
            source = mapping(entry)
            source = source if isinstance(source, Unknown) else mapping(source.get("source"))
            values = source if isinstance(source, Unknown) else source.get(wanted)
            if isinstance(values, Unknown):
                hidden = True
            elif values:
                return True
        if action != "ALLOW":
            continue
        for condition in conditions if isinstance(conditions, list) else []:
            condition = mapping(condition)
            key = condition if isinstance(condition, Unknown) else condition.get("key")
            if isinstance(key, Unknown):
                hidden = True
            elif (isinstance(key, str) and key.startswith("request.auth.")
                  and condition.get("values")):
                return True
    return Unknown(f"{policy.address} has template values") if hidden else False

"""What a workload's pods get once the API server and the kubelet have applied their rules:
each container's effective security context (the container's fields over the pod's), the
ServiceAccount they run as, the NetworkPolicies and LimitRanges of their namespace."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from compliance.model import Path, Resource, Unknown, format_path
from compliance.resolve.graph import ResourceIndex
from compliance.resolve.kubernetes.facts import (
    Facts,
    as_bool,
    as_int,
    containers,
    mapping,
    namespace_of,
    pod_labels,
    pod_spec,
    value_at,
)

NETWORK_POLICIES = ("networking.k8s.io/*/NetworkPolicy", "extensions/v1beta1/NetworkPolicy")
DISRUPTION_BUDGETS = ("policy/*/PodDisruptionBudget",)
WINDOWS_ROOT = "containeradministrator"  # the root of a Windows container, in any case
# A LimitRange's Container item, as the API defaults it: an unset `default` (limit) takes
# `max`; an unset `defaultRequest` takes `default` (after that), else `min`. So a container
# gets a default limit from `default` or `max`, and a default request from any of the four.
LIMIT_KEYS = ("default", "max")
REQUEST_KEYS = ("defaultRequest", "default", "max", "min")
APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/"
# the annotation's values, in the spelling of the appArmorProfile field
APPARMOR_VALUES = {"runtime/default": "RuntimeDefault", "unconfined": "Unconfined"}


class Namespaced:
    """Resources of some types by namespace; those whose namespace is a template value could
    be in any namespace."""

    def __init__(self, index: ResourceIndex, types: tuple[str, ...]):
        self.by_namespace: dict[str, list[Resource]] = defaultdict(list)
        self.anywhere: list[Resource] = []
        for resource in index.of_types(types):
            namespace = namespace_of(resource)
            if isinstance(namespace, Unknown):
                self.anywhere.append(resource)
            else:
                self.by_namespace[namespace].append(resource)


class Workloads:
    """The objects around workloads: ServiceAccounts, NetworkPolicies, LimitRanges."""

    def __init__(self, index: ResourceIndex):
        self.service_accounts = Namespaced(index, ("v1/ServiceAccount",))
        self.network_policies = Namespaced(index, NETWORK_POLICIES)
        self.limit_ranges = Namespaced(index, ("v1/LimitRange",))
        self.services = Namespaced(index, ("v1/Service",))
        self.disruption_budgets = Namespaced(index, DISRUPTION_BUDGETS)

    def derive(self, resource: Resource, facts: Facts) -> None:
        found = pod_spec(resource)
        if found is None:
            return
        pod_path, pod = found
        annotations = value_at(resource.attributes, (*pod_path[:-1], "metadata", "annotations"))
        facts.add("container_security_contexts",
                  _security_contexts(facts, pod_path, pod, annotations), pod_path)
        self._service_account(resource, facts, pod_path, pod)
        namespace_line: Path = ("metadata", "namespace")
        facts.add("namespace_network_policies", self._network_policies(resource),
                  namespace_line)
        facts.add("limit_range_default_limits", self._defaults(resource, LIMIT_KEYS),
                  namespace_line)
        facts.add("limit_range_default_requests", self._defaults(resource, REQUEST_KEYS),
                  namespace_line)
        labels_line: Path = (*pod_path[:-1], "metadata", "labels")
        facts.add("services", self._selecting(resource, self.services, _service_entry),
                  labels_line)
        facts.add("pod_disruption_budgets",
                  self._selecting(resource, self.disruption_budgets, _budget_entry), labels_line)

    # --- ServiceAccount ---------------------------------------------------------------------

    def _service_account(self, resource: Resource, facts: Facts, pod_path: Path,
                         pod: Any) -> None:
        key = "serviceAccountName"
        if isinstance(pod, Unknown):
            name: str | Unknown = pod
        else:
            key, name = _service_account_name(pod)
        namespace = namespace_of(resource)
        account: dict[str, Any] = {"name": name, "namespace": namespace, "found": False,
                                   "automountServiceAccountToken": None}
        if isinstance(name, Unknown) or isinstance(namespace, Unknown):
            hidden = name if isinstance(name, Unknown) else namespace
            account.update(found=hidden, automountServiceAccountToken=hidden)
        else:
            accounts = [r for r in self.service_accounts.by_namespace.get(namespace, [])
                        if r.name == name]
            if accounts:
                values = [r.attributes.get("automountServiceAccountToken") for r in accounts]
                account.update(found=True, automountServiceAccountToken=_agreed(values))
        facts.add("service_account", account, pod_path + (key,))

    # --- NetworkPolicies --------------------------------------------------------------------

    def _network_policies(self, resource: Resource) -> list[Any] | Unknown:
        namespace = namespace_of(resource)
        if isinstance(namespace, Unknown):
            return namespace
        policies = [_network_policy(policy)
                    for policy in self.network_policies.by_namespace.get(namespace, [])]
        # a policy whose namespace is a template value may be one of them
        return policies + [Unknown(f"the namespace of {p.address} is a template value")
                           for p in self.network_policies.anywhere]

    # --- Services and PodDisruptionBudgets that select the pods ------------------------------

    def _selecting(self, resource: Resource, objects: Namespaced, entry: Any) -> list[Any]:
        """`entry(object)` for each object of the workload's namespace whose selector matches
        its pods' labels, and an Unknown item for each that might (a template value decides:
        a label, the selector, either namespace)."""
        namespace = namespace_of(resource)
        labels = pod_labels(resource)
        if isinstance(namespace, Unknown):
            candidates = objects.anywhere + [r for rs in objects.by_namespace.values() for r in rs]
        else:
            candidates = objects.by_namespace.get(namespace, []) + objects.anywhere
        found: list[Any] = []
        for candidate in candidates:
            item = entry(candidate)
            selects = _matches(item.pop("selector"), labels if labels is not None else {})
            if selects is False:
                continue
            if selects is True and (isinstance(namespace, Unknown)
                                    or candidate in objects.anywhere):
                selects = Unknown(f"the namespace of {resource.address} or of "
                                  f"{candidate.address} is a template value")
            found.append(item if selects is True else selects)
        return found

    # --- LimitRanges ------------------------------------------------------------------------

    def _defaults(self, resource: Resource, keys: tuple[str, ...]) -> list[Any]:
        """The resources a LimitRange of the namespace gives containers a default for, read
        from its Container items' `keys`."""
        namespace = namespace_of(resource)
        limit_ranges = self.limit_ranges
        if isinstance(namespace, Unknown):  # any LimitRange may be in its namespace
            nearby, unread = [], limit_ranges.anywhere + [
                r for rs in limit_ranges.by_namespace.values() for r in rs]
        else:
            nearby, unread = limit_ranges.by_namespace.get(namespace, []), list(
                limit_ranges.anywhere)
        names: list[Any] = []
        for limit_range in nearby:
            read, readable = _container_defaults(limit_range, keys)
            names += [name for name in read if name not in names]
            if not readable:
                unread.append(limit_range)
        if unread:
            names.append(Unknown(f"{unread[0].address} may give more: a namespace or its limits "
                                 "hold template values"))
        return names


def _service_account_name(pod: dict[str, Any]) -> tuple[str, str | Unknown]:
    """(key, name): serviceAccountName, else the deprecated serviceAccount alias, else the
    namespace's "default" account."""
    for key in ("serviceAccountName", "serviceAccount"):
        value = pod.get(key)
        if isinstance(value, Unknown) or (isinstance(value, str) and value):
            return key, value
    return "serviceAccountName", "default"


def _agreed(values: list[Any]) -> Any:
    """What ServiceAccounts sharing a name and namespace (in several files) say: false when all
    say false, else unknown when one is a template value, else the first other value."""
    read = [as_bool(value) for value in values]
    if all(value is False for value in read):
        return values[0]
    hidden = next((value for value in read if isinstance(value, Unknown)), None)
    if hidden is not None:
        return hidden
    return next(value for value, parsed in zip(values, read) if parsed is not False)


# --- security contexts ------------------------------------------------------------------------


def _security_contexts(facts: Facts, pod_path: Path, pod: Any,
                       annotations: Any = None) -> list[dict[str, Any]]:
    if isinstance(pod, Unknown):
        return [_hidden(facts, 0, pod_path, pod)]
    pod_sc_path = pod_path + ("securityContext",)
    pod_sc = mapping(pod.get("securityContext"))
    annotations_path = (*pod_path[:-1], "metadata", "annotations")
    entries = []
    for index, (path, container) in enumerate(containers(pod_path, pod)):
        sc = container if isinstance(container, Unknown) else mapping(
            container.get("securityContext"))
        # a template value where the fields would be read: the pod's, the container's
        for where, value in ((pod_sc_path, pod_sc), (path, container),
                             (path + ("securityContext",), sc)):
            if isinstance(value, Unknown):
                entries.append(_hidden(facts, index, where, value, path))
                break
        else:
            entry = _security_context(facts, index, path, container, sc, pod_sc_path, pod_sc)
            base: Path = ("container_security_contexts", index)
            for key, (source, value) in (
                    ("seccompProfileType", _profile_type("seccompProfile", path, sc,
                                                         pod_sc_path, pod_sc)),
                    ("appArmorProfileType", _apparmor_type(path, container, sc, pod_sc_path,
                                                           pod_sc, annotations_path,
                                                           annotations))):
                entry[key] = value
                facts.point(base + (key,), source)
            entries.append(entry)
    return entries


def _hidden(facts: Facts, index: int, where: Path, value: Unknown,
            container: Path | None = None) -> dict[str, Any]:
    """A container whose effective fields a template value at `where` hides."""
    base: Path = ("container_security_contexts", index)
    facts.point(base, container or where)
    for key in HIDDEN_KEYS:
        facts.point(base + (key,), where)
    return {"container": format_path(container or where), **{key: value for key in HIDDEN_KEYS}}


# the effective values a template value can hide (runAsNonRoot and runAsUserName are left out:
# runs_as_root says what they amount to)
HIDDEN_KEYS = ("runs_as_root", "runAsUser", "seccompProfileType", "appArmorProfileType")


def _security_context(facts: Facts, index: int, path: Path, container: dict[str, Any],
                      sc: dict[str, Any], pod_sc_path: Path,
                      pod_sc: dict[str, Any]) -> dict[str, Any]:
    flag_path, flag_raw = _effective("runAsNonRoot", path, sc, pod_sc_path, pod_sc)
    user_path, user_raw = _effective("runAsUser", path, sc, pod_sc_path, pod_sc)
    name_path, name_raw = _windows_user(path, sc, pod_sc_path, pod_sc)
    root_path, root = _runs_as_root((flag_path, as_bool(flag_raw)), (user_path, as_int(user_raw)),
                                    (name_path, name_raw))
    base: Path = ("container_security_contexts", index)
    facts.point(base, path)
    for key, source in (("runAsNonRoot", flag_path), ("runAsUser", user_path),
                        ("runAsUserName", name_path), ("runs_as_root", root_path)):
        facts.point(base + (key,), source)
    return {"container": format_path(path), "name": container.get("name"),
            "runAsNonRoot": flag_raw, "runAsUser": user_raw, "runAsUserName": name_raw,
            "runs_as_root": root}


def _profile_type(key: str, container_path: Path, container_sc: dict[str, Any],
                  pod_sc_path: Path, pod_sc: dict[str, Any]) -> tuple[Path, Any]:
    """The `type` of a container's seccompProfile or appArmorProfile as the kubelet applies
    it: the container's own profile, else the pod's. Returns where it was found (or where the
    container would set it)."""
    own = container_path + ("securityContext", key)
    for base, sc in ((own, container_sc), (pod_sc_path + (key,), pod_sc)):
        profile = sc.get(key)
        if isinstance(profile, Unknown):
            return base, profile
        if isinstance(profile, dict) and profile.get("type") is not None:
            return base + ("type",), profile["type"]
    return own + ("type",), None


def _apparmor_type(container_path: Path, container: dict[str, Any], container_sc: dict[str, Any],
                   pod_sc_path: Path, pod_sc: dict[str, Any], annotations_path: Path,
                   annotations: Any) -> tuple[Path, Any]:
    """A container's AppArmor profile type: its securityContext.appArmorProfile, else the
    pod's `container.apparmor.security.beta.kubernetes.io/<name>` annotation (the API keeps the
    two equal when both are set), else the pod's appArmorProfile; the annotation's values in
    the field's spelling (runtime/default: RuntimeDefault, localhost/<profile>: Localhost,
    unconfined: Unconfined)."""
    own_path, own = _profile_type("appArmorProfile", container_path, container_sc, (), {})
    if own is not None:
        return own_path, own
    name = container.get("name")
    if isinstance(annotations, Unknown):
        return annotations_path, annotations
    if isinstance(name, Unknown) and isinstance(annotations, dict) and any(
            isinstance(key, str) and key.startswith(APPARMOR_ANNOTATION) for key in annotations):
        return annotations_path, name  # which of the annotations is its own is not known
    if isinstance(annotations, dict) and isinstance(name, str):
        key = APPARMOR_ANNOTATION + name
        value = annotations.get(key)
        if isinstance(value, Unknown):
            return annotations_path + (key,), value
        if isinstance(value, str) and value:
            if value.startswith("localhost/"):
                return annotations_path + (key,), "Localhost"
            return annotations_path + (key,), APPARMOR_VALUES.get(value, value)
    pod_path, pod_value = _profile_type("appArmorProfile", (), {}, pod_sc_path, pod_sc)
    if pod_value is not None:
        return pod_path, pod_value
    return own_path, None


def _effective(key: str, container_path: Path, container_sc: dict[str, Any],
               pod_sc_path: Path, pod_sc: dict[str, Any]) -> tuple[Path, Any]:
    """A securityContext field as the kubelet sees it: the container's value if it sets one,
    else the pod's. Returns where it was found (or where the container would set it)."""
    if container_sc.get(key) is not None:
        return container_path + ("securityContext", key), container_sc[key]
    if pod_sc.get(key) is not None:
        return pod_sc_path + (key,), pod_sc[key]
    return container_path + ("securityContext", key), None


def _windows_user(container_path: Path, container_sc: dict[str, Any], pod_sc_path: Path,
                  pod_sc: dict[str, Any]) -> tuple[Path, Any]:
    """windowsOptions.runAsUserName, the container's overriding the pod's."""
    for base, sc in ((container_path + ("securityContext",), container_sc),
                     (pod_sc_path, pod_sc)):
        options = sc.get("windowsOptions")
        if isinstance(options, Unknown):
            return base + ("windowsOptions",), options
        if isinstance(options, dict) and options.get("runAsUserName") is not None:
            return base + ("windowsOptions", "runAsUserName"), options["runAsUserName"]
    return container_path + ("securityContext", "windowsOptions", "runAsUserName"), None


Found = tuple[Path, Any]


def _runs_as_root(flag: Found, user: Found, windows: Found) -> Found:
    """Whether the container runs as root, and the setting that says so: true for UID 0 or
    ContainerAdministrator (even beside runAsNonRoot, which then keeps it from starting);
    false when runAsNonRoot makes the kubelet refuse root (whatever a templated user turns out
    to be), or for a UID above 0 or another Windows user; None when the image's USER decides;
    Unknown when a template value would decide."""
    (_, flag_value), (user_path, uid), (windows_path, name) = flag, user, windows
    if uid == 0 and not isinstance(uid, Unknown):
        return user_path, True
    if isinstance(name, str) and name.lower() == WINDOWS_ROOT:
        return windows_path, True
    if flag_value is True:
        return flag[0], False
    if isinstance(uid, int) and uid > 0:
        return user_path, False
    if isinstance(name, str) and name:
        return windows_path, False
    for path, value in (flag, user, windows):
        if isinstance(value, Unknown):
            return path, value
    return flag[0], None


# --- selectors ----------------------------------------------------------------------------------


def _service_entry(service: Resource) -> dict[str, Any]:
    """A Service as a workload sees it: its selector is a plain label map; a Service without
    one (or with an empty one) selects no pods (its endpoints are managed by hand)."""
    spec = service.attributes.get("spec")
    selector: Any = spec if isinstance(spec, Unknown) else mapping(spec).get("selector")
    if isinstance(selector, dict):
        selector = {"matchLabels": selector} if selector else None
    elif not isinstance(selector, Unknown):
        selector = None
    service_type = spec if isinstance(spec, Unknown) else mapping(spec).get("type") or "ClusterIP"
    return {"service": service.address, "name": service.name, "type": service_type,
            "selector": selector}


def _budget_entry(budget: Resource) -> dict[str, Any]:
    """A PodDisruptionBudget: its label selector (policy/v1: an empty selector selects every
    pod of the namespace; policy/v1beta1: none), minAvailable and maxUnavailable."""
    spec = budget.attributes.get("spec")
    if isinstance(spec, Unknown):
        return {"budget": budget.address, "selector": spec, "minAvailable": spec,
                "maxUnavailable": spec}
    spec = mapping(spec)
    selector = spec.get("selector")
    if isinstance(selector, dict) and not selector.get("matchLabels") \
            and not selector.get("matchExpressions") and budget.type.startswith("policy/v1beta1/"):
        selector = None
    return {"budget": budget.address, "selector": selector,
            "minAvailable": spec.get("minAvailable"),
            "maxUnavailable": spec.get("maxUnavailable")}


def _matches(selector: Any, labels: dict[str, Any] | Unknown) -> bool | Unknown:
    """Whether a LabelSelector (matchLabels and matchExpressions) selects pods with these
    labels; None selects nothing, {} everything."""
    if selector is None:
        return False
    if isinstance(selector, Unknown):
        return selector
    if not isinstance(selector, dict):
        return False
    match_labels = selector.get("matchLabels") or {}
    expressions = selector.get("matchExpressions") or []
    for part in (match_labels, expressions):
        if isinstance(part, Unknown):
            return part
    if isinstance(labels, Unknown):
        return labels
    hidden: Unknown | None = None
    for key, value in (match_labels.items() if isinstance(match_labels, dict) else ()):
        if isinstance(value, Unknown):
            hidden = value
        elif labels.get(key) != value and str(labels.get(key)) != str(value):
            return False
    for expression in expressions if isinstance(expressions, list) else ():
        if not isinstance(expression, dict) or any(
                isinstance(v, Unknown) for v in expression.values()):
            hidden = hidden or Unknown("a selector expression is a template value")
            continue
        key, operator = expression.get("key"), expression.get("operator")
        values = [str(v) for v in expression.get("values") or []]
        present = key in labels
        if operator == "In" and not (present and str(labels[key]) in values):
            return False
        if operator == "NotIn" and present and str(labels[key]) in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return hidden if hidden is not None else True


# --- NetworkPolicies and LimitRanges ------------------------------------------------------------


def _network_policy(policy: Resource) -> dict[str, Any]:
    """A NetworkPolicy as the API reads it: whether it selects every pod of its namespace,
    the policy types it has once defaulted, and its ingress rules as written."""
    spec = policy.attributes.get("spec")
    entry: dict[str, Any] = {"policy": policy.address}
    if isinstance(spec, Unknown):
        return {**entry, "selects_all_pods": spec, "policy_types": spec, "ingress": spec}
    if spec is None:  # no spec at all decodes as an empty one: all pods, no rules
        spec = {}
    if not isinstance(spec, dict):
        return {**entry, "selects_all_pods": False, "policy_types": [], "ingress": None}
    return {**entry, "selects_all_pods": _selects_all(spec.get("podSelector")),
            "policy_types": _policy_types(spec), "ingress": spec.get("ingress")}


def _selects_all(selector: Any) -> bool | Unknown:
    """`{}` (or no selector, which the API reads as `{}`) selects every pod."""
    if selector is None:
        return True
    if isinstance(selector, Unknown):
        return selector
    if not isinstance(selector, dict):
        return False
    for key in ("matchLabels", "matchExpressions"):
        part = selector.get(key)
        if isinstance(part, Unknown):
            return part
        if part:
            return False
    return True


def _policy_types(spec: dict[str, Any]) -> Any:
    """policyTypes as written, or, when empty or unset, as the API defaults it: Ingress always,
    Egress when the policy has egress rules."""
    written = spec.get("policyTypes")
    if written:
        return written
    egress = spec.get("egress")
    if isinstance(egress, Unknown):
        return ["Ingress", egress]
    return ["Ingress", "Egress"] if egress else ["Ingress"]


def _container_defaults(limit_range: Resource,
                        keys: tuple[str, ...] = LIMIT_KEYS) -> tuple[list[str], bool]:
    """The resources a LimitRange gives containers a default for, read from its Container
    items' `keys` (LIMIT_KEYS or REQUEST_KEYS), and whether it could be read whole (no
    template value hides an item)."""
    spec = limit_range.attributes.get("spec")
    items = spec.get("limits") if isinstance(spec, dict) else spec
    if isinstance(items, Unknown):
        return [], False
    names: list[str] = []
    hidden = False
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Unknown):
            hidden = True
            continue
        if not isinstance(item, dict) or item.get("type") != "Container":
            continue
        for key in keys:
            values = item.get(key)
            if isinstance(values, Unknown):
                hidden = True
            elif isinstance(values, dict):
                names += [name for name, value in values.items() if value is not None]
    return names, not hidden

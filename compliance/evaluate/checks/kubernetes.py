"""Checks on Kubernetes manifests that the condition language cannot express.

They follow the API server's own rules for defaults and precedence: a container's
securityContext overrides the pod's, the pod spec's automountServiceAccountToken overrides
the ServiceAccount's, a NetworkPolicy without policyTypes always affects ingress, a LimitRange
injects default limits at admission. A value that is a template placeholder (`Unknown`) makes
the outcome unknown when it could decide it, never pass or fail.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from compliance.evaluate.conditions import all_of, compile_path, resolve
from compliance.model import Outcome, Path, Resource, Unknown
from compliance.model.masking import is_credential_value, looks_like_credential, names_credential

CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")


# --- helpers ------------------------------------------------------------------------------


def _pod_spec(resource: Resource) -> tuple[Path, Any] | None:
    """(path, value) of the workload's pod spec, from the parser's `pod_spec` anchor."""
    for text in resource.anchors.get("pod_spec", []):
        for path, value in resolve(resource.attributes, compile_path(text)):
            return path, value
    return None


def _containers(pod_path: Path, pod: dict[str, Any],
                lists: tuple[str, ...] = CONTAINER_LISTS) -> Iterator[tuple[Path, Any]]:
    """(path, container) of every container of the pod spec; an Unknown list or item is
    yielded as is, so callers can turn it into an unknown outcome."""
    for name in lists:
        entries = pod.get(name)
        if isinstance(entries, Unknown):
            yield pod_path + (name,), entries
        elif isinstance(entries, list):
            for index, entry in enumerate(entries):
                if isinstance(entry, (dict, Unknown)):
                    yield pod_path + (name, index), entry


def _namespace(resource: Resource) -> str | Unknown:
    """metadata.namespace, or "default" when it is not set (as `kubectl apply` without -n)."""
    metadata = resource.attributes.get("metadata")
    if not isinstance(metadata, dict):
        return "default"
    namespace = metadata.get("namespace")
    if namespace is None or namespace == "":
        return "default"
    if isinstance(namespace, str):
        return namespace
    return namespace if isinstance(namespace, Unknown) else Unknown("namespace is not a string")


def _bool(value: Any) -> bool | None | Unknown:
    """A YAML boolean (or its string spelling); None when unset or not a boolean."""
    if isinstance(value, (bool, Unknown)):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _int(value: Any) -> int | None | Unknown:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
        return int(value)
    return None


def _mapping(value: Any) -> dict[str, Any] | Unknown:
    if isinstance(value, Unknown):
        return value
    return value if isinstance(value, dict) else {}


# --- runAsNonRoot / runAsUser ---------------------------------------------------------------

NON_ROOT = ("every container runs as a non-root user: securityContext.runAsNonRoot true (on the "
            "container or the pod) or runAsUser above 0, and never runAsUser 0")


def _effective(key: str, container_path: Path, container_sc: dict[str, Any],
               pod_sc_path: Path, pod_sc: dict[str, Any]) -> tuple[Path, Any]:
    """A securityContext field as the kubelet sees it: the container's value if it sets one,
    else the pod's. Returns the path where it was found (or where the container would set it)."""
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


def _container_non_root(path: Path, container: Any, pod_sc_path: Path,
                        pod_sc: dict[str, Any]) -> Outcome:
    if isinstance(container, Unknown):
        return Outcome.unknown(path, container, NON_ROOT)
    sc = _mapping(container.get("securityContext"))
    if isinstance(sc, Unknown):
        return Outcome.unknown(path + ("securityContext",), sc, NON_ROOT)
    user_path, user_raw = _effective("runAsUser", path, sc, pod_sc_path, pod_sc)
    flag_path, flag_raw = _effective("runAsNonRoot", path, sc, pod_sc_path, pod_sc)
    user, flag = _int(user_raw), _bool(flag_raw)
    # Windows names its users: ContainerAdministrator is the root of a Windows container.
    windows_path, windows_user = _windows_user(path, sc, pod_sc_path, pod_sc)
    if user == 0 and not isinstance(user, Unknown):
        return Outcome.failed(user_path, user_raw, "runAsUser above 0 (UID 0 is root)")
    if isinstance(windows_user, str) and windows_user.lower() == "containeradministrator":
        return Outcome.failed(windows_path, windows_user, "a windowsOptions.runAsUserName other "
                              "than ContainerAdministrator")
    if flag is True:
        return Outcome.passed(flag_path, flag_raw, NON_ROOT)
    if isinstance(user, int) and user > 0:
        return Outcome.passed(user_path, user_raw, NON_ROOT)
    if isinstance(windows_user, str) and windows_user:
        return Outcome.passed(windows_path, windows_user, NON_ROOT)
    for found_path, found in ((flag_path, flag), (user_path, user), (windows_path, windows_user)):
        if isinstance(found, Unknown):
            return Outcome.unknown(found_path, found, NON_ROOT)
    # runAsNonRoot false or unset, no runAsUser: the image's USER decides, and nothing checks it
    if flag is False:
        return Outcome.failed(flag_path, flag_raw, "runAsNonRoot true (false lets the container "
                              "run as root) or a runAsUser above 0")
    return Outcome.failed(flag_path, flag_raw, "runAsNonRoot true on the container or the pod, or "
                          "a runAsUser above 0 (with neither, the image's USER decides)")


def runs_as_non_root(resource: Resource, context: Any) -> Outcome:
    found = _pod_spec(resource)
    if found is None:
        return Outcome.unknown((), None, NON_ROOT)
    pod_path, pod = found
    if isinstance(pod, Unknown):
        return Outcome.unknown(pod_path, pod, NON_ROOT)
    pod_sc = _mapping(pod.get("securityContext"))
    if isinstance(pod_sc, Unknown):
        return Outcome.unknown(pod_path + ("securityContext",), pod_sc, NON_ROOT)
    pod_sc_path = pod_path + ("securityContext",)
    outcomes = [_container_non_root(path, container, pod_sc_path, pod_sc)
                for path, container in _containers(pod_path, pod)]
    return all_of(outcomes, Outcome.unknown(pod_path + ("containers",), None, NON_ROOT))


# --- service account token ------------------------------------------------------------------


def _service_account_name(pod: dict[str, Any]) -> str | Unknown:
    """serviceAccountName, else the deprecated serviceAccount alias, else "default"."""
    for key in ("serviceAccountName", "serviceAccount"):
        value = pod.get(key)
        if isinstance(value, Unknown):
            return value
        if isinstance(value, str) and value:
            return value
    return "default"


def service_account_token_not_mounted(resource: Resource, context: Any) -> Outcome:
    found = _pod_spec(resource)
    expected = "automountServiceAccountToken: false on the pod spec"
    if found is None:
        return Outcome.unknown((), None, expected)
    pod_path, pod = found
    if isinstance(pod, Unknown):
        return Outcome.unknown(pod_path, pod, expected)
    path = pod_path + ("automountServiceAccountToken",)
    raw = pod.get("automountServiceAccountToken")
    on_pod = _bool(raw)
    if isinstance(on_pod, Unknown):
        return Outcome.unknown(path, on_pod, expected)
    if on_pod is not None:  # the pod spec wins over the ServiceAccount
        result = Outcome.passed if on_pod is False else Outcome.failed
        return result(path, raw, expected)
    name, namespace = _service_account_name(pod), _namespace(resource)
    if isinstance(name, Unknown) or isinstance(namespace, Unknown):
        return Outcome.unknown(path, name if isinstance(name, Unknown) else namespace, expected)
    accounts = [r for r in context.index.of_types(["v1/ServiceAccount"])
                if r.name == name and _namespace(r) == namespace]
    where = f"ServiceAccount {namespace}/{name}"
    if not accounts:
        return Outcome.failed(path, None, f"{expected} (it is not set there, and {where} is "
                              "not among the scanned files: the token is mounted by default)")
    values = [_bool(account.attributes.get("automountServiceAccountToken"))
              for account in accounts]
    if all(value is False for value in values):
        return Outcome.passed(path, None, f"{expected}, or on {where} (it is false there)")
    if any(isinstance(value, Unknown) for value in values):
        return Outcome.unknown(path, None, f"{expected}, or on {where} (a template value there)")
    return Outcome.failed(path, None, f"{expected}, or on {where} (neither sets it to false, "
                          "and the token is mounted by default)")


# --- environment variables ------------------------------------------------------------------

ENV_EXPECTED = "credentials reach containers through valueFrom.secretKeyRef, not literal env values"


def _literal_secret(name: Any, value: Any) -> bool | None:
    """Whether an env entry holds a credential in clear; None when a template hides it."""
    sensitive = names_credential(name)
    if isinstance(value, Unknown):
        return None if sensitive else False
    if not isinstance(value, str) or not value.strip():
        return False
    return looks_like_credential(value) or (sensitive and is_credential_value(value))


def env_no_literal_secret(resource: Resource, context: Any) -> Outcome:
    found = _pod_spec(resource)
    if found is None:
        return Outcome.unknown((), None, ENV_EXPECTED)
    pod_path, pod = found
    if isinstance(pod, Unknown):
        return Outcome.unknown(pod_path, pod, ENV_EXPECTED)
    unknown = None
    for path, container in _containers(pod_path, pod):
        if isinstance(container, Unknown):
            unknown = unknown or Outcome.unknown(path, None, ENV_EXPECTED)
            continue
        env = container.get("env")
        if isinstance(env, Unknown):
            unknown = unknown or Outcome.unknown(path + ("env",), None, ENV_EXPECTED)
            continue
        for index, entry in enumerate(env if isinstance(env, list) else []):
            if not isinstance(entry, dict) or "value" not in entry:
                continue
            name, value = entry.get("name"), entry["value"]
            verdict = _literal_secret(name, value)
            label = name if isinstance(name, str) else "this variable"
            expected = f"{label} comes from a Secret (valueFrom.secretKeyRef), not a literal value"
            if verdict is True:
                return Outcome.failed(path + ("env", index, "value"), value, expected)
            if verdict is None:
                unknown = unknown or Outcome.unknown(path + ("env", index, "value"), value,
                                                     expected)
    return unknown or Outcome.passed(pod_path, None, ENV_EXPECTED)


# --- Ingress TLS ----------------------------------------------------------------------------

# Controllers that terminate TLS from an annotation instead of spec.tls.
TLS_ANNOTATIONS = (
    "alb.ingress.kubernetes.io/certificate-arn",  # AWS Load Balancer Controller
    "ingress.gcp.kubernetes.io/pre-shared-cert",  # GKE
    "networking.gke.io/managed-certificates",  # GKE managed certificates
)
ALB_LISTEN_PORTS = "alb.ingress.kubernetes.io/listen-ports"
TLS_EXPECTED = "spec.tls names a certificate for every host the Ingress serves"


def _host_covered(host: str, tls_hosts: set[str]) -> bool:
    host = host.lower()
    if host in tls_hosts:
        return True
    # a TLS host "*.example.com" covers exactly one more label: "api.example.com"
    head, _, rest = host.partition(".")
    return bool(rest) and head != "*" and f"*.{rest}" in tls_hosts


def _annotation_tls(annotations: Any) -> Outcome | None:
    if not isinstance(annotations, dict):
        return None
    for key in TLS_ANNOTATIONS:
        if annotations.get(key):
            return Outcome.passed(("metadata", "annotations", key), annotations[key],
                                  TLS_EXPECTED)
    ports = annotations.get(ALB_LISTEN_PORTS)
    if isinstance(ports, str) and "HTTPS" in ports.upper():
        return Outcome.passed(("metadata", "annotations", ALB_LISTEN_PORTS), ports, TLS_EXPECTED)
    return None


def ingress_tls_covers_hosts(resource: Resource, context: Any) -> Outcome:
    attributes = resource.attributes
    metadata = attributes.get("metadata")
    by_annotation = _annotation_tls(metadata.get("annotations")
                                    if isinstance(metadata, dict) else None)
    if by_annotation:
        return by_annotation
    spec = _mapping(attributes.get("spec"))
    if isinstance(spec, Unknown):
        return Outcome.unknown(("spec",), spec, TLS_EXPECTED)
    tls = spec.get("tls")
    if isinstance(tls, Unknown):
        return Outcome.unknown(("spec", "tls"), tls, TLS_EXPECTED)
    if not isinstance(tls, list) or not tls:
        return Outcome.failed(("spec", "tls"), tls, TLS_EXPECTED)
    tls_hosts: set[str] = set()
    covers_all = False  # an entry without hosts: "the wildcard host setting of the controller"
    tls_hidden = None  # a TLS entry or host is a template value: it might cover anything
    for index, entry in enumerate(tls):
        if isinstance(entry, Unknown):
            tls_hidden = tls_hidden or ("spec", "tls", index)
            continue
        if not isinstance(entry, dict):
            continue
        hosts = entry.get("hosts")
        if isinstance(hosts, Unknown):
            tls_hidden = tls_hidden or ("spec", "tls", index, "hosts")
        elif not hosts:
            covers_all = True
        else:
            for position, host in enumerate(hosts):
                if isinstance(host, str):
                    tls_hosts.add(host.lower())
                else:
                    tls_hidden = tls_hidden or ("spec", "tls", index, "hosts", position)
    if covers_all:
        return Outcome.passed(("spec", "tls"), None, TLS_EXPECTED)
    rules = spec.get("rules")
    if isinstance(rules, Unknown):
        return Outcome.unknown(("spec", "rules"), rules, TLS_EXPECTED)
    rules = rules if isinstance(rules, list) else []
    hidden = tls_hidden
    for index, rule in enumerate(rules):
        host = rule.get("host") if isinstance(rule, dict) else (
            rule if isinstance(rule, Unknown) else None)
        if isinstance(host, Unknown):
            hidden = hidden or ("spec", "rules", index)
        elif not host:
            if tls_hidden is None:
                return Outcome.failed(("spec", "rules", index), None,
                                      "a spec.tls entry without hosts covers rules without a host")
        elif not _host_covered(host, tls_hosts) and tls_hidden is None:
            return Outcome.failed(("spec", "rules", index, "host"), host,
                                  f"{host} is listed in the hosts of a spec.tls entry")
    backend = "defaultBackend" if "defaultBackend" in spec else "backend"
    if not rules and spec.get(backend) is not None and tls_hidden is None:
        return Outcome.failed(("spec", backend), None,
                              "a spec.tls entry without hosts covers the default backend")
    if hidden is not None:
        return Outcome.unknown(hidden, None, TLS_EXPECTED)
    return Outcome.passed(("spec", "tls"), None, TLS_EXPECTED)


# --- NetworkPolicy default deny -------------------------------------------------------------


def _empty_selector(selector: Any) -> bool | None:
    """True for `{}` (or an absent selector, which the API reads as `{}`): all pods."""
    if selector is None:
        return True
    if isinstance(selector, Unknown):
        return None
    if not isinstance(selector, dict):
        return False
    for key in ("matchLabels", "matchExpressions"):
        part = selector.get(key)
        if isinstance(part, Unknown):
            return None
        if part:
            return False
    return True


def _denies_all_ingress(policy: Resource) -> bool | None:
    """Whether a NetworkPolicy selects every pod of its namespace and allows them no ingress.

    policyTypes unset means the policy affects ingress whatever it says (the API's rule); set,
    it must list Ingress. `ingress: []` or no ingress key allows nothing; `ingress: [{}]`
    allows everything.
    """
    spec = policy.attributes.get("spec")
    if isinstance(spec, Unknown):
        return None
    if spec is None:  # no spec at all decodes as an empty one: all pods, no ingress
        spec = {}
    if not isinstance(spec, dict):
        return False
    answers = []
    answers.append(_empty_selector(spec.get("podSelector")))
    types = spec.get("policyTypes")
    if isinstance(types, Unknown) or (isinstance(types, list)
                                      and any(isinstance(t, Unknown) for t in types)):
        answers.append(None)
    else:
        answers.append(types is None or (isinstance(types, list) and "Ingress" in types))
    ingress = spec.get("ingress")
    answers.append(None if isinstance(ingress, Unknown) else not ingress)
    if False in answers:
        return False
    return None if None in answers else True


def namespace_default_deny_ingress(resource: Resource, context: Any) -> Outcome:
    path = ("metadata", "namespace")
    namespace = _namespace(resource)
    if isinstance(namespace, Unknown):
        return Outcome.unknown(path, namespace, "a default-deny NetworkPolicy in the namespace")
    expected = (f"a default-deny NetworkPolicy in namespace {namespace}: podSelector {{}}, "
                "policyTypes unset or listing Ingress, no ingress rules")
    policies = context.index.of_types(["networking.k8s.io/*/NetworkPolicy",
                                       "extensions/v1beta1/NetworkPolicy"])
    undecided, seen = None, 0
    for policy in policies:
        policy_namespace = _namespace(policy)
        if isinstance(policy_namespace, Unknown):
            undecided = undecided or policy
            continue
        if policy_namespace != namespace:
            continue
        seen += 1
        verdict = _denies_all_ingress(policy)
        if verdict:
            return Outcome.passed(path, namespace, f"{expected} ({policy.address})")
        if verdict is None:
            undecided = undecided or policy
    if undecided is not None:
        return Outcome.unknown(path, namespace,
                               f"{expected} ({undecided.address} has template values)")
    if not seen:
        return Outcome.failed(path, namespace,
                              f"{expected} (the scanned files hold no NetworkPolicy in it)")
    return Outcome.failed(path, namespace, f"{expected} (none of its {seen} NetworkPolicies "
                          "selects all pods with an empty ingress list)")


# --- LimitRange defaults --------------------------------------------------------------------


def _limit_range_sets(limit_range: Resource, resource_name: str) -> bool | None:
    spec = limit_range.attributes.get("spec")
    if isinstance(spec, Unknown):
        return None
    items = spec.get("limits") if isinstance(spec, dict) else None
    if isinstance(items, Unknown):
        return None
    undecided = False
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Unknown):
            undecided = True
            continue
        if not isinstance(item, dict) or item.get("type") != "Container":
            continue
        for key in ("default", "max"):
            values = item.get(key)
            if isinstance(values, Unknown):
                undecided = True
            elif isinstance(values, dict) and values.get(resource_name) is not None:
                return True
    return None if undecided else False


def limit_range_default_limit(resource: Resource, context: Any,
                              resource_name: str = "memory") -> Outcome:
    """A LimitRange in the workload's namespace gives containers a default `resource_name`
    limit at admission: its Container item sets default.<name>, or max.<name> (the API copies
    max into an unset default)."""
    path = ("metadata", "namespace")
    expected = f"a LimitRange in the namespace sets a default {resource_name} limit for containers"
    namespace = _namespace(resource)
    undecided = False
    for limit_range in context.index.of_types(["v1/LimitRange"]):
        other = _namespace(limit_range)
        if isinstance(namespace, Unknown) or isinstance(other, Unknown):
            undecided = True
            continue
        if other != namespace:
            continue
        verdict = _limit_range_sets(limit_range, resource_name)
        if verdict:
            return Outcome.passed(path, namespace, f"{expected}: {limit_range.address}")
        undecided = undecided or verdict is None
    if undecided:
        return Outcome.unknown(path, None, expected)
    return Outcome.failed(path, None, expected)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "k8s_runs_as_non_root": runs_as_non_root,
    "k8s_service_account_token_not_mounted": service_account_token_not_mounted,
    "k8s_env_no_literal_secret": env_no_literal_secret,
    "k8s_ingress_tls_covers_hosts": ingress_tls_covers_hosts,
    "k8s_namespace_default_deny_ingress": namespace_default_deny_ingress,
    "k8s_limit_range_default_limit": limit_range_default_limit,
}

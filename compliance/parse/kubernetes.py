"""Kubernetes manifests (YAML or JSON, multi-document, `kind: List`) into resources.

Every object with `apiVersion` and `kind` becomes a resource, custom resources included;
other documents (Helm values, CI files, ...) are skipped quietly.

Resources: type `apiVersion/kind`, address `kind/namespace/name` (`kind/name` for
cluster-scoped kinds; namespace "default" when unset, "?" when templated); attributes: the
object as written, template placeholders as Unknown. Anchors of workloads: `pod_spec` (the pod
spec of a Pod, Deployment, CronJob, ...) and `containers` (each container, init container and
ephemeral container). These are facts about one file; what the cluster makes of an object
(defaults, other objects) is added by compliance.resolve.kubernetes.
"""

from __future__ import annotations

from typing import Any

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from compliance.model import Location, Resource, Unknown, format_path, resource_to_json
from compliance.parse.yaml_nodes import (
    Converted,
    Document,
    DocumentTooLarge,
    Problem,
    SourceLines,
    check_bounds,
    compose_documents,
    convert,
)

TEMPLATE_MESSAGE = ("looks like a template ({{ }}); render it first (e.g. helm template) "
                    "and scan the output")

# (API group, kind) of cluster-scoped objects: their address has no namespace.
CLUSTER_SCOPED = frozenset({
    ("", "Namespace"), ("", "Node"), ("", "PersistentVolume"), ("", "ComponentStatus"),
    ("rbac.authorization.k8s.io", "ClusterRole"),
    ("rbac.authorization.k8s.io", "ClusterRoleBinding"),
    ("storage.k8s.io", "StorageClass"), ("storage.k8s.io", "CSIDriver"),
    ("storage.k8s.io", "CSINode"), ("storage.k8s.io", "VolumeAttachment"),
    ("apiextensions.k8s.io", "CustomResourceDefinition"),
    ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
    ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"),
    ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
    ("admissionregistration.k8s.io", "MutatingAdmissionPolicy"),
    ("admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding"),
    ("scheduling.k8s.io", "PriorityClass"),
    ("networking.k8s.io", "IngressClass"), ("networking.k8s.io", "IPAddress"),
    ("networking.k8s.io", "ServiceCIDR"),
    ("node.k8s.io", "RuntimeClass"),
    ("policy", "PodSecurityPolicy"),
    ("apiregistration.k8s.io", "APIService"),
    ("certificates.k8s.io", "CertificateSigningRequest"),
    ("certificates.k8s.io", "ClusterTrustBundle"),
    ("flowcontrol.apiserver.k8s.io", "FlowSchema"),
    ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
    ("authentication.k8s.io", "TokenReview"), ("authentication.k8s.io", "SelfSubjectReview"),
    ("authorization.k8s.io", "SubjectAccessReview"),
    ("authorization.k8s.io", "SelfSubjectAccessReview"),
    ("authorization.k8s.io", "SelfSubjectRulesReview"),
    ("resource.k8s.io", "DeviceClass"), ("resource.k8s.io", "ResourceSlice"),
    ("gateway.networking.k8s.io", "GatewayClass"),
    ("cert-manager.io", "ClusterIssuer"),
    ("kyverno.io", "ClusterPolicy"), ("wgpolicyk8s.io", "ClusterPolicyReport"),
    ("templates.gatekeeper.sh", "ConstraintTemplate"),
    ("crd.projectcalico.org", "GlobalNetworkPolicy"), ("projectcalico.org", "GlobalNetworkPolicy"),
    ("crd.projectcalico.org", "GlobalNetworkSet"), ("projectcalico.org", "GlobalNetworkSet"),
    ("cilium.io", "CiliumClusterwideNetworkPolicy"),
    ("argoproj.io", "ClusterWorkflowTemplate"),
})

_TEMPLATE_SPEC = ("spec", "template", "spec")
# (API group, kind) of workloads -> path of their pod spec
POD_SPEC_PATHS: dict[tuple[str, str], tuple[str, ...]] = {
    ("", "Pod"): ("spec",),
    ("", "ReplicationController"): _TEMPLATE_SPEC,
    **{(group, kind): _TEMPLATE_SPEC
       for group in ("apps", "extensions")
       for kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet")},
    ("batch", "Job"): _TEMPLATE_SPEC,
    ("batch", "CronJob"): ("spec", "jobTemplate", "spec", "template", "spec"),
    ("argoproj.io", "Rollout"): _TEMPLATE_SPEC,
}
CONTAINER_LISTS = ("containers", "initContainers", "ephemeralContainers")


def parse(text: str) -> dict[str, Any]:
    text = text.removeprefix("\ufeff")
    source = SourceLines(text)
    resources: list[Resource] = []
    problems: list[Problem] = []
    for item in compose_documents(source):
        if isinstance(item, Problem):
            if "{{" in text:
                # a template fails again and again as it goes; one message says it all
                problems.append(Problem(item.line, TEMPLATE_MESSAGE))
                break
            problems.append(item)
            continue
        _read_document(item, source, resources, problems)
    return {
        "resources": [resource_to_json(r) for r in resources],
        "errors": [{"line": p.line, "message": p.message, **({} if p.unread else {"unread": False})}
                   for p in problems],
    }


def _read_document(document: Document, source: SourceLines,
                   resources: list[Resource], problems: list[Problem]) -> None:
    node = document.node
    if not isinstance(node, MappingNode):
        return
    top = _scalar_entries(node)
    if "apiVersion" not in top or "kind" not in top:
        return
    kind, items = top["kind"], top.get("items")
    if kind == "List" or (isinstance(kind, str) and kind.endswith("List")
                          and isinstance(items, SequenceNode)):
        items = items.value if isinstance(items, SequenceNode) else []
        object_nodes = [n for n in items if isinstance(n, MappingNode)]
    else:
        object_nodes = [node]
    for object_node in object_nodes:
        try:
            check_bounds(object_node)
        except DocumentTooLarge as exc:
            problems.append(Problem(object_node.start_mark.line + document.line_offset + 1, str(exc)))
            continue
        converted = convert(object_node, document.line_offset, source, placeholders=True)
        resource = _resource(converted.value, converted, problems)
        if resource is None:
            continue
        resources.append(resource)
        # placeholders in strings (`"{{ x }}"`, `${X}`) are Unknown values, unknown where a
        # control reads them: no notice for a file that is otherwise valid (a shell `${VAR}`,
        # a Kyverno `{{request.operation}}`); an unquoted `{{ x }}` is Go template syntax
        # that happens to parse: a template to render first
        problems.extend(converted.problems)
        if converted.template_syntax_line and not any(
                p.message == TEMPLATE_MESSAGE for p in problems):
            problems.append(Problem(converted.template_syntax_line, TEMPLATE_MESSAGE,
                                    unread=False))


def _scalar_entries(node: MappingNode) -> dict[str, Any]:
    """A mapping's top-level keys, enough to tell a List from an object without converting."""
    entries: dict[str, Any] = {}
    for key, value in node.value:
        if isinstance(key, ScalarNode):
            entries[key.value] = value.value if isinstance(value, ScalarNode) else value
    return entries


def _resource(attributes: Any, converted: Converted, problems: list[Problem]) -> Resource | None:
    if not isinstance(attributes, dict):
        return None
    api_version, kind = attributes.get("apiVersion"), attributes.get("kind")
    if isinstance(api_version, Unknown) or isinstance(kind, Unknown):
        problems.append(Problem(converted.start_line,
                                "apiVersion or kind is a template placeholder; object skipped"))
        return None
    if not (isinstance(api_version, str) and api_version and isinstance(kind, str) and kind):
        return None
    metadata = attributes.get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    name = metadata.get("name")
    name = name if isinstance(name, str) else ""
    group = api_version.rpartition("/")[0]
    if (group, kind) in CLUSTER_SCOPED:
        address = f"{kind}/{name}"
    else:
        address = f"{kind}/{_namespace(metadata)}/{name}"
    return Resource(
        platform="kubernetes",
        type=f"{api_version}/{kind}",
        name=name,
        address=address,
        attributes=attributes,
        location=Location("", converted.start_line, converted.end_line),
        lines=converted.lines,
        anchors=workload_anchors(group, kind, attributes),
    )


def _namespace(metadata: dict[str, Any]) -> str:
    namespace = metadata.get("namespace")
    if namespace is None or namespace == "":
        return "default"
    # a templated namespace is not known to be "default"
    return namespace if isinstance(namespace, str) else "?"


def workload_anchors(group: str, kind: str, attributes: dict[str, Any]) -> dict[str, list[str]]:
    """The `pod_spec` and `containers` anchors of an object of (API group, kind), if it has a
    pod spec (also used for objects Terraform's kubernetes resources create)."""
    path = POD_SPEC_PATHS.get((group, kind))
    if path is None:
        return {}
    pod_spec: Any = attributes
    for key in path:
        if isinstance(pod_spec, Unknown):
            break
        pod_spec = pod_spec.get(key) if isinstance(pod_spec, dict) else None
    if isinstance(pod_spec, Unknown):
        # A templated pod spec: its containers are unknown, not absent.
        return {"pod_spec": [format_path(path)], "containers": [format_path((*path, "containers"))]}
    if not isinstance(pod_spec, dict):
        return {}
    containers = []
    for list_name in CONTAINER_LISTS:
        entries = pod_spec.get(list_name)
        if isinstance(entries, Unknown):
            containers.append(format_path((*path, list_name)))
        elif isinstance(entries, list):
            containers += [format_path((*path, list_name, index))
                           for index, entry in enumerate(entries)
                           if isinstance(entry, (dict, Unknown))]
    return {"pod_spec": [format_path(path)], "containers": containers}

"""Kubernetes manifests as the cluster would run them: the facts that take the API server's
defaults and precedence rules, or other objects among the scanned files, to know.

`kubernetes_view` adds these attributes to the resources the parser made (every document as
written: compliance.parse.kubernetes). They are facts; which values pass is for the controls
to say.

Workloads (every kind with a pod spec, the parser's `$pod_spec`):

    container_security_contexts   one per container, init and ephemeral container, in the
                                  order of `$containers`:
        container                 its path ("spec.template.spec.containers[0]")
        name                      its name
        runAsNonRoot, runAsUser   the effective value: the container's securityContext field,
                                  else the pod's (as written)
        runAsUserName             the effective windowsOptions.runAsUserName, likewise
        runs_as_root              true when the effective user is root (runAsUser 0, or
                                  ContainerAdministrator, even beside runAsNonRoot, which then
                                  keeps the container from starting); false when the kubelet
                                  refuses root (runAsNonRoot true, whatever a templated
                                  runAsUser turns out to be) or the user is another (a UID above
                                  0, another Windows user); null when the image's USER decides
        seccompProfileType        the effective seccompProfile.type: the container's, else the
                                  pod's (the alpha annotations have had no effect since
                                  Kubernetes 1.27 and are not read); null when neither sets one
        appArmorProfileType       the effective AppArmor profile: the container's
                                  appArmorProfile.type, else the pod's
                                  `container.apparmor.security.beta.kubernetes.io/<name>`
                                  annotation in the field's spelling (RuntimeDefault, Localhost,
                                  Unconfined), else the pod's appArmorProfile.type; null when
                                  none is set (the runtime's default profile on AppArmor hosts)
    service_account               the ServiceAccount the pods run as: {name (serviceAccountName,
                                  else serviceAccount, else "default"), namespace, found (among
                                  the scanned files), automountServiceAccountToken (its value:
                                  false when every ServiceAccount of that name says false)}
    namespace_network_policies    the NetworkPolicies of the workload's namespace ("default"
                                  when unset): {policy (address), selects_all_pods (podSelector
                                  {} or none), policy_types (as written, or defaulted as the API
                                  does when empty: Ingress, and Egress with egress rules),
                                  ingress (its rules as written)}; Unknown items for policies
                                  whose namespace is a template value
    limit_range_default_limits    the resources (memory, cpu, ...) a LimitRange of the namespace
                                  gives containers a default limit for: a Container item's
                                  `default`, or `max`, which the API copies into an unset
                                  default; an Unknown item when a LimitRange there can't be read
    limit_range_default_requests  likewise for default requests: a Container item's
                                  `defaultRequest`, or what the API copies into an unset one
                                  (`default`, `max`, `min`)
    services                      the Services of the workload's namespace whose selector its
                                  pods' labels match (a Service without a selector selects
                                  none): {service (address), name, type (ClusterIP when
                                  unset)}; an Unknown item for one a template value may make
                                  match (a label, the selector, a namespace)
    pod_disruption_budgets        likewise the PodDisruptionBudgets that select the pods (an
                                  empty selector selects all of them in policy/v1, none in
                                  policy/v1beta1): {budget (address), minAvailable,
                                  maxUnavailable, as written}
    istio_sidecar_inject          the pods' `sidecar.istio.io/inject` label, else annotation
    istio_dataplane_mode          the pods' `istio.io/dataplane-mode` label, else annotation
    istio_mtls                    {mode: the mutual TLS mode Istio gives the pods (STRICT,
                                  PERMISSIVE or DISABLE, see `istio`), port_modes: [{port, mode,
                                  policy}] the port-level modes of the PeerAuthentications
                                  selecting them}

v1/Namespace:
    istio_mtls                    {mode: the mode of its pods that no workload-level policy
                                  covers}

Ingress (networking.k8s.io, extensions/v1beta1):
    ingress_class_name            spec.ingressClassName, else the kubernetes.io/ingress.class
                                  annotation
    ingress_classes               the IngressClasses among the scanned files that may serve it:
                                  those of that name, or when it has none, those marked default;
                                  {name, controller, applies (true, or Unknown when the default
                                  mark is a template value), ingress_class (address),
                                  parameters (its spec.parameters, when set)}
    nginx_controller_configs      the ConfigMaps among the scanned files that hold an
                                  ingress-nginx controller's ModSecurity settings (a key
                                  enable-modsecurity, enable-owasp-modsecurity-crs or
                                  modsecurity-snippet): {config (address), enable_modsecurity,
                                  enable_owasp_modsecurity_crs, modsecurity_snippet, as written}
    kong_plugins                  the Kong plugins that apply to its routes: {name, plugin (the
                                  KongPlugin's or KongClusterPlugin's `plugin`; Unknown when
                                  none of that name is among the scanned files), on ("ingress",
                                  "service <name>" for a backend Service's konghq.com/plugins
                                  annotation, "global" for a KongClusterPlugin labelled
                                  global), disabled (its `disabled`), resource (address)}
    gke_backends                  for each Service port it routes to: {service, port, the GKE
                                  backend_config the Service's cloud.google.com/backend-config
                                  annotation gives that port (None without one), and that
                                  BackendConfig's security_policy (spec.securityPolicy.name);
                                  Unknown when the Service or BackendConfig is not among the
                                  scanned files}
    traefik_middlewares           the Traefik middlewares its
                                  `traefik.ingress.kubernetes.io/router.middlewares` annotation
                                  runs (`<namespace>-<name>@kubernetescrd`), a chain expanded
                                  into its members: {name, middleware (address), rateLimit,
                                  buffering (its spec.rateLimit, spec.buffering)}; an Unknown item for one not among the
                                  scanned files or of another provider (see `traefik`)
    hosts_without_tls             the hosts it routes that no spec.tls entry covers (exactly, or
                                  by a wildcard one label deep; an entry without hosts covers
                                  all): {host (None for a rule without host, or the default
                                  backend of an Ingress without rules), rule (its index)}

traefik.io and traefik.containo.us IngressRoute:
    route_middlewares             for each of spec.routes: {route (its index), middlewares (as
                                  traefik_middlewares above, the references' namespace
                                  defaulting to the IngressRoute's)}

security.istio.io RequestAuthentication:
    authorization_policies        the AuthorizationPolicies that cover some of its workloads:
                                  {policy, action, covers_all (true, or Unknown when it covers
                                  only some, or a template value decides),
                                  requires_request_principal (an ALLOW rule with
                                  requestPrincipals or a `request.auth.*` condition with values,
                                  a DENY rule with notRequestPrincipals; Unknown for CUSTOM,
                                  whose external authorizer decides)}

gateway.networking.k8s.io Gateway:
    listeners_without_tls         {listener (name), protocol, route, rule}: HTTPS or TLS
                                  listeners that terminate TLS without a certificate, HTTP
                                  listeners of a Gateway without an HTTPS or TLS listener, and
                                  HTTP listeners a route among the scanned files attaches to and
                                  forwards from (its address and rule index) instead of
                                  redirecting to https (see `gateway`)

A value a template placeholder could change is Unknown (an Unknown item in a list: maybe one
more). Test a derived value that may be Unknown with an operator other than `exists`, which
an unknown value passes.

Lines: each derived attribute points at a line of its own resource: the setting it comes
from (a container's or the pod's securityContext field, the pod's serviceAccountName, an
uncovered host, a listener's protocol or tls), or where the resource takes part (its
metadata.namespace for the namespace's policies and limits, the label that enrols a
Namespace or a workload's pods in the mesh, a RequestAuthentication's selector).
"""

from __future__ import annotations

from compliance.model import Resource
from compliance.resolve.graph import ResourceIndex
from compliance.resolve.kubernetes.facts import Facts
from compliance.resolve.kubernetes.gateway import Gateways
from compliance.resolve.kubernetes.ingress import Ingresses
from compliance.resolve.kubernetes.istio import Istio
from compliance.resolve.kubernetes.traefik import Traefik
from compliance.resolve.kubernetes.workloads import Workloads

__all__ = ["kubernetes_view"]

INGRESS_GROUPS = ("networking.k8s.io", "extensions")
TRAEFIK_GROUPS = ("traefik.io", "traefik.containo.us")


def kubernetes_view(resources: list[Resource]) -> list[Resource]:
    kubernetes = [r for r in resources if r.platform == "kubernetes"]
    if not kubernetes:
        return resources
    cluster = _Cluster(ResourceIndex(kubernetes))
    return [cluster.derive(r) if r.platform == "kubernetes" else r for r in resources]


class _Cluster:
    def __init__(self, index: ResourceIndex):
        self.workloads = Workloads(index)
        self.ingresses = Ingresses(index)
        self.gateways = Gateways(index)
        self.istio = Istio(index)
        self.traefik = Traefik(index)

    def derive(self, resource: Resource) -> Resource:
        facts = Facts(resource)
        api_version, _, kind = resource.type.rpartition("/")
        group = api_version.rpartition("/")[0]
        if "pod_spec" in resource.anchors:
            self.workloads.derive(resource, facts)
            self.istio.workload(resource, facts)
        elif (group, kind) == ("", "Namespace"):
            self.istio.namespace(resource, facts)
        elif kind == "Ingress" and group in INGRESS_GROUPS:
            self.ingresses.derive(resource, facts)
            self.traefik.ingress(resource, facts)
        elif kind == "IngressRoute" and group in TRAEFIK_GROUPS:
            self.traefik.ingress_route(resource, facts)
        elif (group, kind) == ("security.istio.io", "RequestAuthentication"):
            self.istio.request_authentication(resource, facts)
        elif (group, kind) == ("gateway.networking.k8s.io", "Gateway"):
            self.gateways.derive(resource, facts)
        return facts.applied()

"""What the Kubernetes view says of the Istio policies covering namespaces, workloads and
RequestAuthentications, and the controls that judge it."""

from __future__ import annotations

import textwrap

import pytest
from kubernetes_scan import FAIL, PASS, UNKNOWN, applies, finding, resource, status

# --- PeerAuthentication: k8s-istio-namespace-mtls ------------------------------------------------

MTLS = "k8s-istio-namespace-mtls"
NAMESPACE = """\
apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels: {istio-injection: enabled}
"""


def peer(namespace: str, mode: str | None, name: str = "default", selector: str = "",
         ports: str = "") -> str:
    lines = [f"---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\n"
             f"metadata:\n  name: {name}\n  namespace: {namespace}\nspec:"]
    if selector:
        lines.append(f"  selector:\n    matchLabels: {{{selector}}}")
    if mode is not None:
        lines.append(f"  mtls:\n    mode: {mode}")
    if ports:
        lines.append(f"  portLevelMtls:\n{textwrap.indent(ports, '    ')}")
    if len(lines) == 1:
        lines.append("  mtls: {}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("policies, expected", [
    ("", FAIL),  # nothing decides: Istio's default is PERMISSIVE
    (peer("istio-system", "STRICT"), PASS),
    (peer("istio-system", "PERMISSIVE"), FAIL),
    (peer("istio-system", None), FAIL),  # a mesh-wide policy without mode: still PERMISSIVE
    (peer("istio-system", "PERMISSIVE") + peer("shop", "STRICT"), PASS),
    (peer("istio-system", "STRICT") + peer("shop", "PERMISSIVE"), FAIL),
    (peer("istio-system", "STRICT") + peer("shop", "DISABLE"), FAIL),
    (peer("istio-system", "STRICT") + peer("shop", "UNSET"), PASS),
    (peer("istio-system", "STRICT") + peer("shop", None), PASS),
    # a selector in the root namespace is ignored; in the namespace it covers only some pods
    (peer("istio-system", "STRICT", selector="app: api"), FAIL),
    (peer("istio-system", "STRICT") + peer("shop", "PERMISSIVE", selector="app: api"), PASS),
    # another namespace's policy changes nothing
    (peer("istio-system", "STRICT") + peer("orders", "DISABLE"), PASS),
    # two namespace-wide policies that disagree: Istio applies the oldest
    (peer("shop", "STRICT") + peer("shop", "PERMISSIVE", name="other"), UNKNOWN),
    (peer("shop", "STRICT") + peer("shop", "STRICT", name="other"), PASS),
    (peer("istio-system", "STRICT") + peer("shop", '"{{ .Values.mode }}"'), UNKNOWN),
    (peer("istio-system", '"{{ .Values.mode }}"'), UNKNOWN),
    # a policy of a templated namespace may be this namespace's, unless the mesh is STRICT
    (peer('"{{ .Values.ns }}"', "STRICT"), UNKNOWN),
    (peer("istio-system", "STRICT") + peer('"{{ .Values.ns }}"', "DISABLE"), PASS),
])
def test_namespace_strict_mtls(policies, expected):
    assert status(MTLS, "namespace", NAMESPACE + policies, "Namespace/shop") is expected


def test_namespace_strict_mtls_points_at_the_enrolment_label():
    failed = finding(MTLS, "namespace", NAMESPACE, "Namespace/shop")
    assert failed.status is FAIL and failed.evidence.line == 5  # istio-injection: enabled
    assert failed.evidence.attribute == "istio_mtls.mode"
    assert failed.evidence.observed == "PERMISSIVE"


def test_namespace_strict_mtls_root_namespace_from_istio_operator():
    operator = """\
---
apiVersion: install.istio.io/v1alpha1
kind: IstioOperator
metadata: {name: control-plane, namespace: istio-system}
spec:
  meshConfig:
    rootNamespace: mesh-config
"""
    strict_elsewhere = NAMESPACE + operator + peer("mesh-config", "STRICT")
    assert status(MTLS, "namespace", strict_elsewhere, "Namespace/shop") is PASS
    # istio-system is then an ordinary namespace
    strict_in_istio_system = NAMESPACE + operator + peer("istio-system", "STRICT")
    assert status(MTLS, "namespace", strict_in_istio_system, "Namespace/shop") is FAIL
    templated = operator.replace("mesh-config", '"{{ .Values.root }}"')
    assert status(MTLS, "namespace", NAMESPACE + templated + peer("istio-system", "STRICT"),
                  "Namespace/shop") is UNKNOWN


def test_namespace_strict_mtls_for_the_root_namespace_itself():
    text = """\
apiVersion: v1
kind: Namespace
metadata:
  name: istio-system
  labels: {istio-injection: enabled}
"""
    assert status(MTLS, "namespace", text + peer("istio-system", "STRICT"),
                  "Namespace/istio-system") is PASS
    assert status(MTLS, "namespace", text, "Namespace/istio-system") is FAIL


def workload(labels: str = "app: api, sidecar.istio.io/inject: \"true\"",
             annotations: str = "") -> str:
    note = f"\n      annotations: {{{annotations}}}" if annotations else ""
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    metadata:
      labels: {{{labels}}}{note}
    spec:
      containers: [{{name: api, image: "registry.example.com/api:1"}}]
"""


@pytest.mark.parametrize("policies, expected", [
    ("", FAIL),
    (peer("istio-system", "STRICT"), PASS),
    (peer("istio-system", "STRICT") + peer("shop", "PERMISSIVE", name="api",
                                          selector="app: api"), FAIL),
    (peer("istio-system", "PERMISSIVE") + peer("shop", "STRICT", name="api",
                                              selector="app: api"), PASS),
    (peer("shop", "PERMISSIVE") + peer("shop", "UNSET", name="api", selector="app: api"), FAIL),
    (peer("shop", "STRICT") + peer("shop", "UNSET", name="api", selector="app: api"), PASS),
    # a selector the pods do not match does not apply
    (peer("shop", "STRICT") + peer("shop", "DISABLE", name="web", selector="app: web"), PASS),
    (peer("shop", "STRICT") + peer("shop", "DISABLE", name="v2",
                                   selector="app: api, version: v2"), PASS),
    # port exceptions
    (peer("shop", "STRICT", name="api", selector="app: api", ports="8080: {mode: DISABLE}"), FAIL),
    (peer("shop", None, name="api", selector="app: api", ports="8080: {mode: STRICT}")
     + peer("istio-system", "STRICT"), PASS),
    (peer("shop", "STRICT", name="api", selector="app: api",
          ports='8080: {mode: "{{ .Values.mode }}"}'), UNKNOWN),
    (peer("shop", "STRICT", name="api", selector="app: api")
     + peer("shop", "PERMISSIVE", name="api-2", selector="app: api"), UNKNOWN),
])
def test_workload_strict_mtls(policies, expected):
    assert status(MTLS, "workload", workload() + "---\n" + policies,
                  "Deployment/shop/api") is expected


def test_workload_strict_mtls_templated_pod_labels_are_unknown():
    text = workload('app: "{{ .Values.app }}", sidecar.istio.io/inject: "true"') + "---\n" + \
        peer("shop", "STRICT", name="api", selector="app: api")
    assert status(MTLS, "workload", text, "Deployment/shop/api") is UNKNOWN


def test_workload_mtls_facts_point_at_the_sidecar_request():
    text = workload() + "---\n" + peer("shop", "STRICT", name="api", selector="app: api",
                                       ports="8080: {mode: DISABLE}")
    api = resource(text, "Deployment/shop/api")
    assert api.attributes["istio_mtls"] == {
        "mode": "STRICT",
        "port_modes": [{"port": "8080", "mode": "DISABLE",
                        "policy": "PeerAuthentication/shop/api"}]}
    assert api.attributes["istio_sidecar_inject"] == "true"
    failed = finding(MTLS, "workload", text, "Deployment/shop/api")
    assert failed.status is FAIL and failed.evidence.line == 9  # the pod label
    assert failed.evidence.attribute == "istio_mtls.port_modes[0].mode"


@pytest.mark.parametrize("text, expected", [
    (workload(), PASS),
    (workload("app: api", annotations='sidecar.istio.io/inject: "true"'), PASS),
    (workload("app: api, sidecar.istio.io/inject: True"), PASS),
    (workload('app: api, istio.io/dataplane-mode: ambient'), PASS),
    (workload('app: api, sidecar.istio.io/inject: "false"'), FAIL),
    # the label wins over the annotation
    (workload('app: api, sidecar.istio.io/inject: "false"',
              annotations='sidecar.istio.io/inject: "true"'), FAIL),
    (workload("app: api"), FAIL),
    (workload('app: api, sidecar.istio.io/inject: "{{ .Values.inject }}"'), UNKNOWN),
])
def test_sidecar_requested(text, expected):
    assert applies(MTLS, "workload", text, "Deployment/shop/api") is expected


# --- RequestAuthentication: k8s-istio-request-authentication-enforced -------------------------

REQUEST_AUTH = "k8s-istio-request-authentication-enforced"


def request_authentication(namespace: str = "shop", selector: str = "app: api") -> str:
    chosen = f"\n  selector:\n    matchLabels: {{{selector}}}" if selector else ""
    return f"""\
apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: jwt
  namespace: {namespace}
spec:{chosen}
  jwtRules:
    - issuer: https://login.example.com/
"""


def authorization(namespace: str = "shop", selector: str = "app: api", action: str = "",
                  rules: str = "- from: [{source: {requestPrincipals: [\"*\"]}}]",
                  name: str = "require-jwt") -> str:
    chosen = f"\n  selector:\n    matchLabels: {{{selector}}}" if selector else ""
    verb = f"\n  action: {action}" if action else ""
    return f"""\
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: {name}
  namespace: {namespace}
spec:{chosen}{verb}
  rules:
{textwrap.indent(rules, '    ')}
"""


DENY_TOKENLESS = '- from: [{source: {notRequestPrincipals: ["*"]}}]'
MESH_WIDE = request_authentication(namespace="istio-system", selector="")


@pytest.mark.parametrize("text, expected", [
    (request_authentication(), FAIL),
    (request_authentication() + authorization(), PASS),
    (request_authentication() + authorization(action="DENY", rules=DENY_TOKENLESS), PASS),
    # DENY with requestPrincipals denies requests that have a token: no requirement
    (request_authentication() + authorization(action="DENY"), FAIL),
    (request_authentication() + authorization(
        rules='- from: [{source: {principals: ["cluster.local/ns/shop/sa/web"]}}]'), FAIL),
    (request_authentication() + authorization(
        rules="- when: [{key: 'request.auth.claims[iss]', values: ['https://login.example/']}]"),
     PASS),
    (request_authentication() + authorization(
        rules="- when: [{key: 'request.auth.claims[iss]', notValues: ['https://evil.example/']}]"),
     FAIL),
    # scope: namespace-wide, mesh-wide, root selector, other namespace, other workload
    (request_authentication() + authorization(selector=""), PASS),
    (request_authentication() + authorization(namespace="istio-system", selector=""), PASS),
    (request_authentication() + authorization(namespace="istio-system"), PASS),
    (request_authentication() + authorization(namespace="orders", selector=""), FAIL),
    (request_authentication() + authorization(selector="app: web"), FAIL),
    (request_authentication(selector="app: api, tier: edge") + authorization(), PASS),
    # the policy covers only part of the workloads: cannot tell
    (request_authentication() + authorization(selector="app: api, version: v2"), UNKNOWN),
    (request_authentication(selector="") + authorization(), UNKNOWN),
    (MESH_WIDE + authorization(namespace="shop", selector=""), UNKNOWN),
    (MESH_WIDE + authorization(namespace="istio-system", selector=""), PASS),
    # an external authorizer may require the token
    (request_authentication() + authorization(action="CUSTOM", rules="- {}"), UNKNOWN),
    (request_authentication() + authorization(
        rules='- from: [{source: {requestPrincipals: "{{ .Values.principals }}"}}]'), UNKNOWN),
    (request_authentication() + authorization(selector='app: "{{ .Values.app }}"'), UNKNOWN),
    # one covering policy that requires a token is enough
    (request_authentication() + authorization(action="CUSTOM", rules="- {}", name="ext")
     + authorization(), PASS),
])
def test_request_authentication_enforced(text, expected):
    namespace = "istio-system" if text.startswith(MESH_WIDE) else "shop"
    assert status(REQUEST_AUTH, "request-authentication", text,
                  f"RequestAuthentication/{namespace}/jwt") is expected


def test_request_authentication_enforced_with_target_refs():
    refs = "\n  targetRefs:\n    - {kind: Gateway, group: gateway.networking.k8s.io, name: public}"
    text = request_authentication(selector="").replace("spec:", "spec:" + refs, 1)
    policy = authorization(selector="").replace("spec:", "spec:" + refs, 1)

    def enforced(scanned: str):
        return status(REQUEST_AUTH, "request-authentication", scanned,
                      "RequestAuthentication/shop/jwt")

    assert enforced(text) is FAIL
    assert enforced(text + policy) is PASS
    assert enforced(text + policy.replace("name: public}", "name: internal}")) is FAIL


def test_request_authentication_facts_and_evidence():
    text = request_authentication() + authorization(selector="app: api, version: v2")
    jwt = resource(text, "RequestAuthentication/shop/jwt")
    [covering] = jwt.attributes["authorization_policies"]
    assert covering["policy"] == "AuthorizationPolicy/shop/require-jwt"
    assert covering["action"] == "ALLOW" and covering["requires_request_principal"] is True
    assert "only part" in covering["covers_all"].reason
    failed = finding(REQUEST_AUTH, "request-authentication", request_authentication(),
                     "RequestAuthentication/shop/jwt")
    assert failed.evidence.attribute == "authorization_policies"
    assert failed.evidence.line == 7  # the selector

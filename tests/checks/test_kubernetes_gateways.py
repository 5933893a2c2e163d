"""Unit tests of the Python checks on ingress classes, Gateway API listeners and Istio policies
(compliance/checks/kubernetes_gateways.py).

Resources come from the Kubernetes parser itself, so anchors and template placeholders
(`{{ ... }}`, which become `Unknown`) are what a scan would see.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from compliance.evaluate.checks import CHECKS
from compliance.evaluate.run import ScanContext
from compliance.model import Status, resource_from_json
from compliance.parse.kubernetes import parse

PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN


def run(check: str, text: str, address: str, **args: Any):
    """Run a named check on the resource at `address`, with every document in the scan."""
    parsed = parse(textwrap.dedent(text))
    resources = [resource_from_json(r) for r in parsed["resources"]]
    target = next(r for r in resources if r.address == address)
    return CHECKS[check](target, ScanContext(resources, CHECKS), **args)


def status(check: str, text: str, address: str, **args: Any) -> Status:
    return run(check, text, address, **args).status


# --- k8s_ingress_nginx_class --------------------------------------------------------------

NGINX_CLASS = "k8s_ingress_nginx_class"


def ingress(class_lines: str = "", annotations: str = "") -> str:
    annotations = f"\n  annotations:\n{textwrap.indent(annotations, '    ')}" if annotations else ""
    spec = f"\n{textwrap.indent(class_lines, '  ')}" if class_lines else ""
    return f"""\
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
  namespace: shop{annotations}
spec:{spec}
  rules:
    - host: api.example.com
"""


def ingress_class(name: str, controller: str, default: bool = False) -> str:
    note = ('\n  annotations:\n    ingressclass.kubernetes.io/is-default-class: "true"'
            if default else "")
    return f"""\
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: {name}{note}
spec:
  controller: {controller}
"""


@pytest.mark.parametrize("text, expected", [
    (ingress("ingressClassName: nginx"), PASS),
    (ingress(annotations="kubernetes.io/ingress.class: nginx"), PASS),
    (ingress("ingressClassName: alb"), FAIL),
    (ingress(), FAIL),  # no class and no default IngressClass among the files
    (ingress("ingressClassName: public") + ingress_class("public", "k8s.io/ingress-nginx"), PASS),
    (ingress("ingressClassName: public") + ingress_class("public", "nginx.org/ingress-controller"),
     PASS),
    (ingress("ingressClassName: public") + ingress_class("public", "traefik.io/ingress-controller"),
     FAIL),
    (ingress() + ingress_class("public", "k8s.io/ingress-nginx", default=True), PASS),
    (ingress() + ingress_class("public", "k8s.io/ingress-nginx"), FAIL),
    (ingress('ingressClassName: "{{ .Values.className }}"'), UNKNOWN),
    (ingress("ingressClassName: public")
     + ingress_class("public", '"{{ .Values.controller }}"'), UNKNOWN),
])
def test_ingress_nginx_class(text, expected):
    assert status(NGINX_CLASS, text, "Ingress/shop/api") is expected


# --- k8s_istio_namespace_strict_mtls ------------------------------------------------------

NAMESPACE_MTLS = "k8s_istio_namespace_strict_mtls"
WORKLOAD_MTLS = "k8s_istio_workload_strict_mtls"

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
])
def test_namespace_strict_mtls(policies, expected):
    assert status(NAMESPACE_MTLS, NAMESPACE + policies, "Namespace/shop") is expected


def test_namespace_strict_mtls_names_where_it_must_come_from():
    outcome = run(NAMESPACE_MTLS, NAMESPACE, "Namespace/shop")
    assert outcome.status is FAIL
    assert outcome.path == ("metadata", "labels", "istio-injection")
    assert "namespace shop" in outcome.expected and "istio-system" in outcome.expected
    assert "PERMISSIVE" in outcome.expected


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
    assert status(NAMESPACE_MTLS, strict_elsewhere, "Namespace/shop") is PASS
    # istio-system is then an ordinary namespace
    strict_in_istio_system = NAMESPACE + operator + peer("istio-system", "STRICT")
    assert status(NAMESPACE_MTLS, strict_in_istio_system, "Namespace/shop") is FAIL
    # the argument changes the default root namespace
    assert status(NAMESPACE_MTLS, NAMESPACE + peer("mesh-config", "STRICT"), "Namespace/shop",
                  root_namespace="mesh-config") is PASS


def test_namespace_strict_mtls_for_the_root_namespace_itself():
    text = """\
apiVersion: v1
kind: Namespace
metadata:
  name: istio-system
  labels: {istio-injection: enabled}
"""
    assert status(NAMESPACE_MTLS, text + peer("istio-system", "STRICT"),
                  "Namespace/istio-system") is PASS
    assert status(NAMESPACE_MTLS, text, "Namespace/istio-system") is FAIL


# --- k8s_istio_workload_strict_mtls / k8s_istio_sidecar_requested -------------------------


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
])
def test_workload_strict_mtls(policies, expected):
    assert status(WORKLOAD_MTLS, workload() + "---\n" + policies, "Deployment/shop/api") is expected


def test_workload_strict_mtls_templated_pod_labels_are_unknown():
    text = workload('app: "{{ .Values.app }}", sidecar.istio.io/inject: "true"') + "---\n" + \
        peer("shop", "STRICT", name="api", selector="app: api")
    assert status(WORKLOAD_MTLS, text, "Deployment/shop/api") is UNKNOWN


def test_workload_strict_mtls_points_at_the_sidecar_request():
    outcome = run(WORKLOAD_MTLS, workload(), "Deployment/shop/api")
    assert outcome.path == ("spec", "template", "metadata", "labels", "sidecar.istio.io/inject")


SIDECAR = "k8s_istio_sidecar_requested"


@pytest.mark.parametrize("text, expected", [
    (workload(), PASS),
    (workload("app: api", annotations='sidecar.istio.io/inject: "true"'), PASS),
    (workload('app: api, istio.io/dataplane-mode: ambient'), PASS),
    (workload('app: api, sidecar.istio.io/inject: "false"'), FAIL),
    (workload("app: api"), FAIL),
    (workload('app: api, sidecar.istio.io/inject: "{{ .Values.inject }}"'), UNKNOWN),
])
def test_sidecar_requested(text, expected):
    assert status(SIDECAR, text, "Deployment/shop/api") is expected


# --- k8s_istio_request_authentication_enforced --------------------------------------------

REQUEST_AUTH = "k8s_istio_request_authentication_enforced"


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
])
def test_request_authentication_enforced(text, expected):
    namespace = "istio-system" if text.startswith(MESH_WIDE) else "shop"
    assert status(REQUEST_AUTH, text, f"RequestAuthentication/{namespace}/jwt") is expected


def test_request_authentication_enforced_with_target_refs():
    refs = "\n  targetRefs:\n    - {kind: Gateway, group: gateway.networking.k8s.io, name: public}"
    text = request_authentication(selector="").replace("spec:", "spec:" + refs, 1)
    policy = authorization(selector="").replace("spec:", "spec:" + refs, 1)
    assert status(REQUEST_AUTH, text, "RequestAuthentication/shop/jwt") is FAIL
    assert status(REQUEST_AUTH, text + policy, "RequestAuthentication/shop/jwt") is PASS
    other = policy.replace("name: public}", "name: internal}")
    assert status(REQUEST_AUTH, text + other, "RequestAuthentication/shop/jwt") is FAIL


def test_request_authentication_enforced_evidence():
    outcome = run(REQUEST_AUTH, request_authentication(), "RequestAuthentication/shop/jwt")
    assert outcome.path == ("spec", "selector")
    assert "app=api" in outcome.observed
    assert "requestPrincipals" in outcome.expected and "namespace shop" in outcome.expected


# --- k8s_gateway_listeners_tls ------------------------------------------------------------

GATEWAY = "k8s_gateway_listeners_tls"
CERT = "tls: {certificateRefs: [{name: example-com}]}"


def gateway(*listeners: str) -> str:
    body = "\n".join(f"    - {textwrap.indent(item, '      ').strip()}" for item in listeners)
    return f"""\
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: public
  namespace: infra
spec:
  gatewayClassName: example
  listeners:
{body}
"""


HTTP = "name: http\nprotocol: HTTP\nport: 80"
HTTPS = f"name: https\nprotocol: HTTPS\nport: 443\n{CERT}"


def route(parent: str = "{name: public}", rules: str = "- backendRefs: [{name: api, port: 80}]",
          namespace: str = "infra", hostnames: str = "", kind: str = "HTTPRoute") -> str:
    hosts = f"\n  hostnames: {hostnames}" if hostnames else ""
    return f"""\
---
apiVersion: gateway.networking.k8s.io/v1
kind: {kind}
metadata:
  name: api
  namespace: {namespace}
spec:
  parentRefs: [{parent}]{hosts}
  rules:
{textwrap.indent(rules, '    ')}
"""


REDIRECT = ("- filters: [{type: RequestRedirect, requestRedirect: {scheme: https, "
            "statusCode: 301}}]")


@pytest.mark.parametrize("text, expected", [
    (gateway(HTTP), FAIL),
    (gateway(HTTPS), PASS),
    (gateway(HTTP, HTTPS), PASS),  # no route among the files uses port 80
    (gateway("name: https\nprotocol: HTTPS\nport: 443"), FAIL),
    (gateway("name: https\nprotocol: HTTPS\nport: 443\ntls: {mode: Terminate}"), FAIL),
    (gateway("name: https\nprotocol: HTTPS\nport: 443\n"
             "tls: {options: {example.com/certificate: arn:aws:acm:cert}}"), PASS),
    (gateway("name: db\nprotocol: TLS\nport: 8443\ntls: {mode: Passthrough}"), PASS),
    (gateway("name: db\nprotocol: TLS\nport: 8443\ntls: {mode: Terminate}"), FAIL),
    (gateway("name: dns\nprotocol: UDP\nport: 53"), PASS),
    (gateway(HTTP, HTTPS) + route(), FAIL),
    (gateway(HTTP, HTTPS) + route(rules=REDIRECT), PASS),
    (gateway(HTTP, HTTPS) + route("{name: public, sectionName: https}"), PASS),
    (gateway(HTTP, HTTPS) + route("{name: public, sectionName: http}"), FAIL),
    (gateway(HTTP, HTTPS) + route("{name: public, port: 443}"), PASS),
    (gateway(HTTP, HTTPS) + route("{name: other}"), PASS),
    (gateway(HTTP, HTTPS) + route("{name: public, kind: Service}"), PASS),
    # a rule that both forwards and redirects to https redirects
    (gateway(HTTP, HTTPS) + route(rules="- backendRefs: [{name: api, port: 80}]\n  "
                                        + REDIRECT[2:]), PASS),
    (gateway(HTTP, HTTPS) + route(kind="GRPCRoute"), FAIL),
    # namespaces: Same by default, All, Selector
    (gateway(HTTP, HTTPS) + route("{name: public, namespace: infra}", namespace="shop"), PASS),
    (gateway(f"{HTTP}\nallowedRoutes: {{namespaces: {{from: All}}}}", HTTPS)
     + route("{name: public, namespace: infra}", namespace="shop"), FAIL),
    (gateway(HTTP + "\nallowedRoutes: {namespaces: {from: Selector, selector: "
             "{matchLabels: {team: web}}}}", HTTPS)
     + route("{name: public, namespace: infra}", namespace="shop"), UNKNOWN),
    # hostnames
    (gateway(f"{HTTP}\nhostname: api.example.com", HTTPS)
     + route(hostnames="[www.example.org]"), PASS),
    (gateway(f"{HTTP}\nhostname: '*.example.com'", HTTPS)
     + route(hostnames="[v1.api.example.com]"), FAIL),
    (gateway(f"{HTTP}\nhostname: api.example.com", HTTPS)
     + route(hostnames="['*.example.com']"), FAIL),
    # template values
    (gateway('name: http\nprotocol: "{{ .Values.protocol }}"\nport: 80'), UNKNOWN),
    (gateway('name: https\nprotocol: HTTPS\nport: 443\n'
             'tls: {certificateRefs: "{{ .Values.certs }}"}'), UNKNOWN),
    (gateway(HTTP, HTTPS) + route(rules='- backendRefs: "{{ .Values.backends }}"'), UNKNOWN),
    (gateway(HTTP, HTTPS) + route('{name: "{{ .Values.gateway }}"}'), UNKNOWN),
])
def test_gateway_listeners_tls(text, expected):
    assert status(GATEWAY, text, "Gateway/infra/public") is expected


def test_gateway_listeners_tls_names_the_route():
    outcome = run(GATEWAY, gateway(HTTP, HTTPS) + route(), "Gateway/infra/public")
    assert outcome.status is FAIL
    assert outcome.path == ("spec", "listeners", 0, "protocol")
    assert "HTTPRoute/infra/api" in outcome.expected


def test_ingress_nginx_class_templated_default_flag():
    templated = ingress_class("public", "k8s.io/ingress-nginx").replace(
        "  name: public", '  name: public\n  annotations:\n'
        '    ingressclass.kubernetes.io/is-default-class: "{{ .Values.default }}"')
    assert status(NGINX_CLASS, ingress() + templated, "Ingress/shop/api") is UNKNOWN
    other = templated.replace("k8s.io/ingress-nginx", "traefik.io/ingress-controller")
    assert status(NGINX_CLASS, ingress() + other, "Ingress/shop/api") is FAIL

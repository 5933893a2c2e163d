"""What the Kubernetes view says of Gateway API Gateways (the listeners without TLS, once the
routes among the files are attached), and k8s-gateway-listener-tls, which judges it."""

from __future__ import annotations

import textwrap

import pytest
from kubernetes_scan import FAIL, PASS, UNKNOWN, finding, resource, status

from compliance.model import Unknown

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


def listener_tls(text: str):
    return status("k8s-gateway-listener-tls", "gateway", text, "Gateway/infra/public")


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
    # a failing listener wins over an undecided one
    (gateway('name: x\nprotocol: "{{ .Values.protocol }}"\nport: 80',
             "name: https\nprotocol: HTTPS\nport: 443"), FAIL),
])
def test_gateway_listeners_tls(text, expected):
    assert listener_tls(text) is expected


def test_listeners_without_tls_name_the_route_and_point_at_the_listener():
    text = gateway(HTTP, HTTPS) + route()
    public = resource(text, "Gateway/infra/public")
    assert public.attributes["listeners_without_tls"] == [
        {"listener": "http", "protocol": "HTTP", "route": "HTTPRoute/infra/api", "rule": 0}]
    failed = finding("k8s-gateway-listener-tls", "gateway", text, "Gateway/infra/public")
    assert failed.status is FAIL and failed.evidence.line == 10  # the HTTP listener's protocol


def test_listeners_without_tls_evidence():
    no_certificate = gateway(HTTPS, "name: other\nprotocol: HTTPS\nport: 8443\ntls: {}")
    failed = finding("k8s-gateway-listener-tls", "gateway", no_certificate,
                     "Gateway/infra/public")
    assert failed.evidence.line == 16  # the second listener's tls
    passed = finding("k8s-gateway-listener-tls", "gateway", gateway(HTTPS),
                     "Gateway/infra/public")
    assert passed.status is PASS and passed.evidence.line == 8  # spec.listeners
    hidden = resource(gateway(HTTP, HTTPS) + route(rules='- backendRefs: "{{ .Values.b }}"'),
                      "Gateway/infra/public")
    [maybe] = hidden.attributes["listeners_without_tls"]
    assert isinstance(maybe, Unknown) and "HTTPRoute/infra/api" in maybe.reason

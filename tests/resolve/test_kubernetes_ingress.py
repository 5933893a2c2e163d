"""What the Kubernetes view says of Ingresses (the IngressClass that serves them, the hosts
no TLS entry covers), and the controls that judge it."""

from __future__ import annotations

import textwrap

import pytest
from kubernetes_scan import FAIL, PASS, UNKNOWN, applies, finding, resource, status

from compliance.model import Unknown

# --- ingress class: k8s-ingress-nginx-rate-limit applies to NGINX-served Ingresses -------------


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


def served_by_nginx(text: str):
    return applies("k8s-ingress-nginx-rate-limit", "ingress", text, "Ingress/shop/api")


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
    assert served_by_nginx(text) is expected


def test_ingress_nginx_class_templated_default_flag():
    templated = ingress_class("public", "k8s.io/ingress-nginx").replace(
        "  name: public", '  name: public\n  annotations:\n'
        '    ingressclass.kubernetes.io/is-default-class: "{{ .Values.default }}"')
    assert served_by_nginx(ingress() + templated) is UNKNOWN
    other = templated.replace("k8s.io/ingress-nginx", "traefik.io/ingress-controller")
    assert served_by_nginx(ingress() + other) is FAIL


def test_ingress_class_facts():
    text = ingress("ingressClassName: public") + ingress_class("public", "k8s.io/ingress-nginx")
    attributes = resource(text, "Ingress/shop/api").attributes
    assert attributes["ingress_class_name"] == "public"
    assert attributes["ingress_classes"] == [
        {"name": "public", "controller": "k8s.io/ingress-nginx", "applies": True,
         "ingress_class": "IngressClass/public"}]
    unnamed = resource(ingress() + ingress_class("public", "x"), "Ingress/shop/api")
    assert unnamed.attributes["ingress_class_name"] is None
    assert unnamed.attributes["ingress_classes"] == []  # not the default class


# --- hosts without TLS: k8s-ingress-tls ---------------------------------------------------------


def tls_ingress(spec: str, annotations: str = "") -> str:
    meta = f"\n  annotations: {annotations}" if annotations else ""
    body = textwrap.indent(textwrap.dedent(spec).strip(), "  ")
    return (f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web{meta}\n"
            f"spec:\n{body}\n")


def ingress_tls(text: str):
    return status("k8s-ingress-tls", "ingress", text, "Ingress/default/web")


@pytest.mark.parametrize("spec, annotations, expected", [
    ("rules: [{host: a.example.com}]", "", FAIL),
    ("tls: []\nrules: [{host: a.example.com}]", "", FAIL),
    ("tls: [{hosts: [a.example.com]}]\nrules: [{host: a.example.com}]", "", PASS),
    ("tls: [{hosts: [A.Example.com]}]\nrules: [{host: a.example.COM}]", "", PASS),
    ("tls: [{hosts: [a.example.com]}]\nrules: [{host: a.example.com}, {host: b.example.com}]",
     "", FAIL),
    ('tls: [{hosts: ["*.example.com"]}]\nrules: [{host: a.example.com}]', "", PASS),
    ('tls: [{hosts: ["*.example.com"]}]\nrules: [{host: a.b.example.com}]', "", FAIL),
    ('tls: [{hosts: ["*.example.com"]}]\nrules: [{host: "*.example.com"}]', "", PASS),
    ("tls: [{secretName: default}]\nrules: [{host: a.example.com}, {http: {}}]", "", PASS),
    ("tls: [{hosts: [a.example.com]}]\nrules: [{host: a.example.com}, {http: {}}]", "", FAIL),
    ("tls: [{hosts: [a.example.com]}]\ndefaultBackend: {service: {name: s}}", "", FAIL),
    ("tls: [{secretName: default}]\ndefaultBackend: {service: {name: s}}", "", PASS),
    ("rules: [{host: a.example.com}]",
     '{"alb.ingress.kubernetes.io/certificate-arn": "arn:aws:acm:eu-west-1:1:certificate/x"}',
     PASS),
    ("rules: [{host: a.example.com}]",
     '{"alb.ingress.kubernetes.io/certificate-arn": "{{ .Values.certificate }}"}', PASS),
    ("rules: [{host: a.example.com}]",
     """{"alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS": 443}]'}""", PASS),
    ("rules: [{host: a.example.com}]",
     """{"alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}]'}""", FAIL),
    ("rules: [{host: a.example.com}]", '{"networking.gke.io/managed-certificates": "web-cert"}',
     PASS),
    ('tls: [{hosts: ["{{ .Values.host }}"]}]\nrules: [{host: a.example.com}]', "", UNKNOWN),
    ('tls: [{hosts: [a.example.com]}]\nrules: [{host: "{{ .Values.host }}"}]', "", UNKNOWN),
    ('tls: "{{ .Values.tls }}"\nrules: [{host: a.example.com}]', "", UNKNOWN),
    ('tls: [{hosts: [a.example.com]}]\nrules: "{{ .Values.rules }}"', "", UNKNOWN),
    # a templated host cannot hide that another, known host lacks TLS
    ('tls: [{hosts: [a.example.com]}]\n'
     'rules: [{host: "{{ .Values.host }}"}, {host: b.example.com}]', "", FAIL),
    # a templated TLS entry can only add hosts: a host a known entry covers stays covered
    ('tls: [{hosts: [a.example.com]}, "{{ .Values.more }}"]\nrules: [{host: a.example.com}]',
     "", PASS),
])
def test_ingress_tls(spec, annotations, expected):
    assert ingress_tls(tls_ingress(spec, annotations)) is expected


def test_ingress_tls_points_at_the_uncovered_host():
    text = tls_ingress("tls: [{hosts: [a.example.com]}]\n"
                       "rules:\n- host: a.example.com\n- http: {}\n- host: b.example.com")
    web = resource(text, "Ingress/default/web")
    assert web.attributes["hosts_without_tls"] == [{"host": None, "rule": 1},
                                                   {"host": "b.example.com", "rule": 2}]
    failed = finding("k8s-ingress-tls", "ingress", text, "Ingress/default/web")
    assert failed.status is FAIL and failed.evidence.line == 9  # the rule without host
    assert web.line_of(("hosts_without_tls", 1)) == 10  # b.example.com


def test_ingress_tls_evidence_of_a_missing_tls():
    failed = finding("k8s-ingress-tls", "ingress", tls_ingress("rules: [{host: a.example.com}]"),
                     "Ingress/default/web")
    assert failed.evidence.attribute == "spec.tls" and failed.evidence.line == 5


def test_ingress_tls_hidden_entries_make_uncovered_hosts_unknown():
    text = tls_ingress('tls: [{hosts: [a.example.com]}, "{{ .Values.more }}"]\n'
                       "rules: [{host: b.example.com}, {http: {}}]")
    hosts = resource(text, "Ingress/default/web").attributes["hosts_without_tls"]
    assert len(hosts) == 2 and all(isinstance(h, Unknown) for h in hosts)


# --- Kong plugins and Traefik middlewares -------------------------------------------------------

KONG = """
apiVersion: configuration.konghq.com/v1
kind: KongPlugin
metadata: {name: limit, namespace: shop}
plugin: rate-limiting
---
apiVersion: v1
kind: Service
metadata:
  name: orders
  namespace: shop
  annotations: {konghq.com/plugins: limit}
spec: {selector: {app: orders}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: orders
  namespace: shop
  annotations: {konghq.com/plugins: "key-auth, missing"}
spec:
  ingressClassName: kong
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: orders, port: {number: 80}}}}
"""


def test_kong_plugins_of_an_ingress():
    plugins = resource(KONG, "Ingress/shop/orders").attributes["kong_plugins"]
    assert [(p["name"], p["on"]) for p in plugins] == [
        ("key-auth", "ingress"), ("missing", "ingress"), ("limit", "service orders")]
    assert isinstance(plugins[0]["plugin"], Unknown)
    assert plugins[2]["plugin"] == "rate-limiting"


TRAEFIK = """
apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: {name: limit, namespace: shop}
spec: {rateLimit: {average: 10}}
---
apiVersion: traefik.io/v1alpha1
kind: Middleware
metadata: {name: defaults, namespace: shop}
spec: {chain: {middlewares: [{name: limit}]}}
---
apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: orders, namespace: shop}
spec:
  routes:
    - {match: "PathPrefix(`/a`)", middlewares: [{name: defaults}]}
    - {match: "PathPrefix(`/b`)"}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: orders
  namespace: shop
  annotations:
    traefik.ingress.kubernetes.io/router.middlewares: shop-limit@kubernetescrd,x@file
spec:
  ingressClassName: traefik
  defaultBackend: {service: {name: orders, port: {number: 80}}}
"""


def test_traefik_middlewares():
    routes = resource(TRAEFIK, "IngressRoute/shop/orders").attributes["route_middlewares"]
    assert [r["route"] for r in routes] == [0, 1]
    assert routes[0]["middlewares"][0]["rateLimit"] == {"average": 10}   # through the chain
    assert routes[1]["middlewares"] == []
    middlewares = resource(TRAEFIK, "Ingress/shop/orders").attributes["traefik_middlewares"]
    assert middlewares[0]["middleware"] == "Middleware/shop/limit"
    assert isinstance(middlewares[1], Unknown)


GKE = """
apiVersion: cloud.google.com/v1
kind: BackendConfig
metadata: {name: armor, namespace: shop}
spec: {securityPolicy: {name: edge}}
---
apiVersion: v1
kind: Service
metadata:
  name: orders
  namespace: shop
  annotations:
    cloud.google.com/backend-config: '{"default": "plain", "ports": {"admin": "armor"}}'
spec:
  ports: [{name: web, port: 80}, {name: admin, port: 9000}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: shop, namespace: shop}
spec:
  ingressClassName: gce
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: orders, port: {number: 80}}}}
          - {path: /a, pathType: Prefix, backend: {service: {name: orders, port: {number: 9000}}}}
"""


def test_gke_backend_configs_by_port():
    backends = resource(GKE, "Ingress/shop/shop").attributes["gke_backends"]
    assert [(b["port"], b["backend_config"]) for b in backends] == [(80, "plain"), (9000, "armor")]
    assert isinstance(backends[0]["security_policy"], Unknown)   # "plain" is not scanned
    assert backends[1]["security_policy"] == "edge"

"""Unit tests of the Python checks on Kubernetes manifests (compliance/checks/kubernetes.py).

Resources are built here from YAML with PyYAML, not with the Kubernetes parser, so these
tests pin the checks' decisions alone. A string "{{ ... }}" stands for a template
placeholder and becomes an `Unknown`, as the parser makes it.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pytest
import yaml

from compliance.evaluate.checks import CHECKS
from compliance.evaluate.run import ScanContext
from compliance.model import Location, Resource, Status, Unknown, format_path

POD_SPEC = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
}
CLUSTER_SCOPED = {"ClusterRole", "ClusterRoleBinding", "Namespace"}


def _unknowns(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("{{"):
        return Unknown(f"template placeholder {value}")
    if isinstance(value, dict):
        return {k: _unknowns(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unknowns(v) for v in value]
    return value


def _resource(document: dict[str, Any]) -> Resource:
    document = _unknowns(document)
    kind, metadata = document["kind"], document.get("metadata") or {}
    name = metadata.get("name", "")
    namespace = metadata.get("namespace") or "default"
    if not isinstance(namespace, str):
        namespace = "?"
    address = f"{kind}/{name}" if kind in CLUSTER_SCOPED else f"{kind}/{namespace}/{name}"
    anchors: dict[str, list[str]] = {}
    if kind in POD_SPEC:
        path = POD_SPEC[kind]
        pod: Any = document
        for key in path:
            pod = pod.get(key, {}) if isinstance(pod, dict) else {}
        containers = [format_path((*path, lists, i))
                      for lists in ("containers", "initContainers", "ephemeralContainers")
                      for i, _ in enumerate(pod.get(lists) or [] if isinstance(pod, dict) else [])]
        anchors = {"pod_spec": [format_path(path)], "containers": containers}
    return Resource(platform="kubernetes", type=f"{document['apiVersion']}/{kind}", name=name,
                    address=address, attributes=document, location=Location("test.yaml", 1, 99),
                    anchors=anchors)


def run(check: str, text: str, address: str | None = None, **args: Any):
    """Run a named check on the resource at `address` (default: the first document)."""
    resources = [_resource(d) for d in yaml.safe_load_all(textwrap.dedent(text)) if d]
    context = ScanContext(resources, CHECKS)
    target = resources[0] if address is None else next(r for r in resources if r.address == address)
    return CHECKS[check](target, context, **args)


def status(check: str, text: str, address: str | None = None, **args: Any) -> Status:
    return run(check, text, address, **args).status


PASS, FAIL, UNKNOWN = Status.PASS, Status.FAIL, Status.UNKNOWN


def deployment(pod_spec: str, namespace: str = "shop", name: str = "api") -> str:
    body = textwrap.indent(textwrap.dedent(pod_spec).strip(), " " * 8)
    return f"""\
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: {namespace}
spec:
  template:
    spec:
{body}
"""


# --- k8s_runs_as_non_root -------------------------------------------------------------------

NON_ROOT = "k8s_runs_as_non_root"


@pytest.mark.parametrize("pod_spec, expected", [
    ("""
     securityContext: {runAsNonRoot: true}
     containers: [{name: a, image: x}]
     initContainers: [{name: b, image: y}]
     """, PASS),
    ("""
     containers: [{name: a, image: x, securityContext: {runAsUser: 1000}}]
     """, PASS),
    ("""
     securityContext: {runAsUser: 0}
     containers: [{name: a, image: x, securityContext: {runAsUser: 1000}}]
     """, PASS),
    ("""
     securityContext: {runAsNonRoot: false}
     containers: [{name: a, image: x, securityContext: {runAsNonRoot: true}}]
     """, PASS),
    ("""
     containers: [{name: a, image: x}]
     """, FAIL),
    ("""
     securityContext: {runAsNonRoot: true}
     containers: [{name: a, image: x, securityContext: {runAsNonRoot: false}}]
     """, FAIL),
    ("""
     securityContext: {runAsUser: 0}
     containers: [{name: a, image: x}]
     """, FAIL),
    ("""
     securityContext: {runAsNonRoot: true}
     containers: [{name: a, image: x, securityContext: {runAsUser: 0}}]
     """, FAIL),
    ("""
     containers: [{name: a, image: x, securityContext: {runAsNonRoot: true}}]
     initContainers: [{name: b, image: y}]
     """, FAIL),
    ("""
     containers: [{name: a, image: x, securityContext: {runAsNonRoot: true}}]
     ephemeralContainers: [{name: debug, image: busybox}]
     """, FAIL),
    ("""
     containers: [{name: a, image: x, securityContext: {runAsNonRoot: "{{ .Values.nonRoot }}"}}]
     """, UNKNOWN),
    ("""
     securityContext: {runAsUser: "{{ .Values.uid }}"}
     containers: [{name: a, image: x}]
     """, UNKNOWN),
    # Windows: a named non-administrator user, the container's overriding the pod's
    ("""
     os: {name: windows}
     securityContext: {windowsOptions: {runAsUserName: ContainerUser}}
     containers: [{name: a, image: x}]
     """, PASS),
    ("""
     os: {name: windows}
     securityContext: {windowsOptions: {runAsUserName: ContainerUser}}
     containers:
       - name: a
         image: x
         securityContext: {windowsOptions: {runAsUserName: ContainerAdministrator}}
     """, FAIL),
    ("""
     os: {name: windows}
     containers: [{name: a, image: x}]
     """, FAIL),
    # the kubelet refuses root whatever the templated user turns out to be
    ("""
     securityContext: {runAsNonRoot: true, runAsUser: "{{ .Values.uid }}"}
     containers: [{name: a, image: x}]
     """, PASS),
])
def test_runs_as_non_root(pod_spec, expected):
    assert status(NON_ROOT, deployment(pod_spec)) is expected


def test_runs_as_non_root_names_the_deciding_attribute():
    outcome = run(NON_ROOT, deployment("""
        securityContext: {runAsNonRoot: true}
        containers:
          - {name: ok, image: x}
          - {name: bad, image: y, securityContext: {runAsUser: 0}}
        """))
    assert outcome.status is FAIL
    assert outcome.path == ("spec", "template", "spec", "containers", 1, "securityContext",
                            "runAsUser")
    assert outcome.observed == 0
    inherited = run(NON_ROOT, deployment("""
        securityContext: {runAsUser: 0}
        containers: [{name: a, image: x}]
        """))
    assert inherited.path == ("spec", "template", "spec", "securityContext", "runAsUser")


def test_runs_as_non_root_cronjob_pod_spec():
    text = """\
    apiVersion: batch/v1
    kind: CronJob
    metadata: {name: job}
    spec:
      jobTemplate:
        spec:
          template:
            spec:
              securityContext: {runAsNonRoot: false}
              containers: [{name: a, image: x}]
    """
    outcome = run(NON_ROOT, text)
    assert outcome.status is FAIL
    assert outcome.path[-2:] == ("securityContext", "runAsNonRoot") and outcome.path[0] == "spec"


# --- k8s_service_account_token_not_mounted -------------------------------------------------

TOKEN = "k8s_service_account_token_not_mounted"


def service_account(name: str, namespace: str = "shop", automount: str | None = None) -> str:
    line = f"automountServiceAccountToken: {automount}\n" if automount is not None else ""
    return (f"---\napiVersion: v1\nkind: ServiceAccount\n"
            f"metadata: {{name: {name}, namespace: {namespace}}}\n{line}")


@pytest.mark.parametrize("text, expected", [
    (deployment("automountServiceAccountToken: false\ncontainers: [{name: a, image: x}]"), PASS),
    (deployment("containers: [{name: a, image: x}]"), FAIL),  # default account, not in the scan
    (deployment("automountServiceAccountToken: true\nserviceAccountName: api\n"
                "containers: [{name: a, image: x}]") + service_account("api", automount="false"),
     FAIL),  # the pod spec wins
    (deployment("automountServiceAccountToken: false\nserviceAccountName: api\n"
                "containers: [{name: a, image: x}]") + service_account("api", automount="true"),
     PASS),  # the pod spec wins
    (deployment("serviceAccountName: api\ncontainers: [{name: a, image: x}]")
     + service_account("api", automount="false"), PASS),
    (deployment("serviceAccountName: api\ncontainers: [{name: a, image: x}]")
     + service_account("api"), FAIL),  # unset on both: mounted
    (deployment("serviceAccountName: api\ncontainers: [{name: a, image: x}]")
     + service_account("api", automount="true"), FAIL),
    (deployment("serviceAccountName: api\ncontainers: [{name: a, image: x}]")
     + service_account("api", namespace="other", automount="false"), FAIL),
    (deployment("containers: [{name: a, image: x}]")
     + service_account("default", automount="false"), PASS),  # the namespace's default account
    (deployment("serviceAccount: legacy\ncontainers: [{name: a, image: x}]")
     + service_account("legacy", automount="false"), PASS),  # the deprecated alias
    (deployment("serviceAccountName: api\ncontainers: [{name: a, image: x}]")
     + service_account("api", automount='"{{ .Values.automount }}"'), UNKNOWN),
    (deployment('automountServiceAccountToken: "{{ .Values.automount }}"\n'
                "containers: [{name: a, image: x}]"), UNKNOWN),
    (deployment('serviceAccountName: "{{ .Values.sa }}"\ncontainers: [{name: a, image: x}]'),
     UNKNOWN),
])
def test_service_account_token(text, expected):
    assert status(TOKEN, text, "Deployment/shop/api") is expected


def test_service_account_token_evidence_stays_in_the_workload():
    outcome = run(TOKEN, deployment("containers: [{name: a, image: x}]"))
    assert outcome.path == ("spec", "template", "spec", "automountServiceAccountToken")
    assert outcome.observed is None
    assert "ServiceAccount shop/default" in outcome.expected


# --- k8s_env_no_literal_secret --------------------------------------------------------------

ENV = "k8s_env_no_literal_secret"


def env(name: str, value: str, where: str = "containers") -> str:
    return deployment(f"""
        {where}:
          - name: a
            image: x
            env:
              - {{name: {name}, value: {value}}}
        """)


@pytest.mark.parametrize("name, value", [
    ("DB_PASSWORD", "Winter2024!"),
    ("API_KEY", "3f1c9a7be2d84c55"),
    ("clientSecret", "abc123def456"),
    ("STRIPE_SECRET", "changeme"),
    ("SPRING_DATASOURCE_PASSWORD", "'123456'"),  # six digits: could be a PIN or password
    ("BUCKET", "AKIAIOSFODNN7EXAMPLE"),  # the value is a credential whatever its name
    ("SESSION", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."
                "eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnop"),  # a JWT
    ("QUEUE_URL", "amqp://worker:hunter2@rabbitmq:5672/"),
    ("API_TOKEN", "'https://hooks.example.com/x?token=abc123'"),  # a query string may hold it
    ("dbPassword", "s3cr3t-value"),
])
def test_env_literal_secret_fails(name, value):
    outcome = run(ENV, env(name, value))
    assert outcome.status is FAIL
    assert outcome.path == ("spec", "template", "spec", "containers", 0, "env", 0, "value")


@pytest.mark.parametrize("name, value", [
    ("DB_PASSWORD_FILE", "/run/secrets/db"),
    ("GOOGLE_APPLICATION_CREDENTIALS", "/var/secrets/google/key.json"),
    ("JWT_SECRET_NAME", "accounts-jwt"),
    ("OAUTH_TOKEN_URL", "https://auth.example.com/token"),
    ("TOKEN_TTL", "'3600'"),
    ("AUTH_TOKEN_REQUIRED", "'true'"),
    ("DB_PASSWORD", '""'),
    ("DB_PASSWORD", "$(DB_PASSWORD_FROM_SECRET)"),
    ("DATABASE_URL", "postgres://app:$(DB_PASSWORD)@db:5432/app"),
    ("DATABASE_URL", "postgres://db.shop.svc:5432/app"),
    ("PROXY_BYPASS", "localhost,127.0.0.1"),
    ("TOKENIZER_MODEL", "bert-base"),
    ("tokenUrl", "https://auth.example.com/token"),  # camelCase settings too
    ("AUTH_TOKEN_SERVER", "https://auth.example.com"),
    ("VAULT_TOKEN_PATH", "auth/kubernetes/login"),
    ("LOG_LEVEL", "debug"),
    ("IMAGE_TAG", '"{{ .Values.tag }}"'),  # placeholder under an ordinary name
])
def test_env_non_secret_passes(name, value):
    assert status(ENV, env(name, value)) is PASS


def test_env_value_from_passes():
    text = deployment("""
        containers:
          - name: a
            image: x
            env:
              - name: DB_PASSWORD
                valueFrom: {secretKeyRef: {name: db, key: password}}
        """)
    assert status(ENV, text) is PASS


def test_env_init_container_and_placeholder():
    assert status(ENV, env("API_TOKEN", "t0k3n-value", where="initContainers")) is FAIL
    assert status(ENV, env("API_TOKEN", '"{{ .Values.token }}"')) is UNKNOWN


# --- k8s_ingress_tls_covers_hosts -----------------------------------------------------------

TLS = "k8s_ingress_tls_covers_hosts"


def ingress(spec: str, annotations: str = "") -> str:
    meta = f"\n  annotations: {annotations}" if annotations else ""
    body = textwrap.indent(textwrap.dedent(spec).strip(), "  ")
    return (f"apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web{meta}\n"
            f"spec:\n{body}\n")


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
     """{"alb.ingress.kubernetes.io/listen-ports": '[{"HTTPS": 443}]'}""", PASS),
    ("rules: [{host: a.example.com}]",
     """{"alb.ingress.kubernetes.io/listen-ports": '[{"HTTP": 80}]'}""", FAIL),
    ("rules: [{host: a.example.com}]", '{"networking.gke.io/managed-certificates": "web-cert"}',
     PASS),
    ('tls: [{hosts: ["{{ .Values.host }}"]}]\nrules: [{host: a.example.com}]', "", UNKNOWN),
    ('tls: [{hosts: [a.example.com]}]\nrules: [{host: "{{ .Values.host }}"}]', "", UNKNOWN),
    ('tls: "{{ .Values.tls }}"\nrules: [{host: a.example.com}]', "", UNKNOWN),
    # a templated host cannot hide that another, known host lacks TLS
    ('tls: [{hosts: [a.example.com]}]\n'
     'rules: [{host: "{{ .Values.host }}"}, {host: b.example.com}]', "", FAIL),
])
def test_ingress_tls(spec, annotations, expected):
    assert status(TLS, ingress(spec, annotations)) is expected


def test_ingress_tls_points_at_the_uncovered_host():
    outcome = run(TLS, ingress("tls: [{hosts: [a.example.com]}]\n"
                               "rules: [{host: a.example.com}, {host: b.example.com}]"))
    assert outcome.path == ("spec", "rules", 1, "host") and outcome.observed == "b.example.com"


# --- k8s_namespace_default_deny_ingress -----------------------------------------------------

DENY = "k8s_namespace_default_deny_ingress"


def policy(spec: str, namespace: str = "shop") -> str:
    body = textwrap.indent(textwrap.dedent(spec).strip(), "  ") if spec else ""
    spec_block = f"spec:\n{body}\n" if spec else ""
    return (f"---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
            f"metadata: {{name: p, namespace: {namespace}}}\n{spec_block}")


WORKLOAD = deployment("containers: [{name: a, image: x}]")


@pytest.mark.parametrize("policies, expected", [
    ("", FAIL),
    (policy("podSelector: {}\npolicyTypes: [Ingress]"), PASS),
    (policy("podSelector: {}"), PASS),  # policyTypes unset: always affects ingress
    (policy("podSelector: {}\ningress: []"), PASS),
    (policy("podSelector: {matchLabels: {}}\npolicyTypes: [Ingress, Egress]\negress: [{}]"), PASS),
    (policy(""), PASS),  # no spec at all: empty selector, no rules
    (policy("podSelector: {}\npolicyTypes: [Egress]"), FAIL),
    (policy("podSelector: {}\ningress: [{}]"), FAIL),  # allows everything
    (policy("podSelector: {matchLabels: {app: api}}\npolicyTypes: [Ingress]"), FAIL),
    (policy("podSelector: {matchExpressions: [{key: app, operator: Exists}]}"), FAIL),
    (policy("podSelector: {}\npolicyTypes: [Ingress]", namespace="other"), FAIL),
    (policy('podSelector: {}\npolicyTypes: "{{ .Values.types }}"'), UNKNOWN),
    (policy("podSelector: {matchLabels: {app: api}}")
     + policy("podSelector: {}\npolicyTypes: [Ingress]"), PASS),
])
def test_default_deny(policies, expected):
    assert status(DENY, WORKLOAD + policies, "Deployment/shop/api") is expected


def test_default_deny_unset_namespace_is_default():
    text = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a}]}\n"
            + policy("podSelector: {}", namespace="default"))
    assert status(DENY, text, "Pod/default/p") is PASS
    outcome = run(DENY, "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: []}\n")
    assert outcome.status is FAIL and outcome.path == ("metadata", "namespace")
    assert "namespace default" in outcome.expected


# --- k8s_limit_range_default_limit ----------------------------------------------------------

LIMITS = "k8s_limit_range_default_limit"


def limit_range(items: str, namespace: str = "shop") -> str:
    return (f"---\napiVersion: v1\nkind: LimitRange\n"
            f"metadata: {{name: lr, namespace: {namespace}}}\n"
            f"spec:\n  limits: {items}\n")


@pytest.mark.parametrize("ranges, expected", [
    ("", FAIL),
    (limit_range("[{type: Container, default: {memory: 512Mi}}]"), PASS),
    (limit_range("[{type: Container, max: {memory: 1Gi}}]"), PASS),  # max becomes the default
    (limit_range("[{type: Container, default: {cpu: 500m}}]"), FAIL),
    (limit_range("[{type: Container, defaultRequest: {memory: 256Mi}}]"), FAIL),
    (limit_range("[{type: Pod, max: {memory: 4Gi}}]"), FAIL),
    (limit_range("[{type: Container, default: {memory: 512Mi}}]", namespace="other"), FAIL),
    (limit_range('"{{ .Values.limits }}"'), UNKNOWN),
])
def test_limit_range_default(ranges, expected):
    text = deployment("containers: [{name: a, image: x}]") + ranges
    assert status(LIMITS, text, "Deployment/shop/api", resource_name="memory") is expected

"""Unit tests of the Python check on Kubernetes manifests that stays Python, literal credentials
in env values (compliance/evaluate/checks/kubernetes.py). The view's facts and the controls
that judge them are tested in tests/resolve.

Resources are built here from YAML with PyYAML, not with the Kubernetes parser, so these
tests pin the checks' decisions alone. A string "{{ ... }}" stands for a template
placeholder and becomes an `Unknown`, as the parser makes it.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pytest
import yaml
from kubernetes_scan import deployment

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


# --- k8s_secret_values ------------------------------------------------------------------------

SECRET = "k8s_secret_values"
PEM_CERTIFICATE = ("-----BEGIN CERTIFICATE-----\\nMIIBszCCAVmgAwIBAgIU\\n"
                   "-----END CERTIFICATE-----\\n")
PEM_KEY = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA\\n-----END RSA PRIVATE KEY-----\\n"


def secret(entries: str, section: str = "stringData") -> str:
    return f"""
    apiVersion: v1
    kind: Secret
    metadata: {{name: s, namespace: shop}}
    {section}: {entries}
    """


def b64(text: str) -> str:
    import base64

    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize("entries, section", [
    (f'{{ca.crt: "{PEM_CERTIFICATE}"}}', "stringData"),
    (f'{{ca.crt: {b64(PEM_CERTIFICATE.replace(chr(92) + "n", chr(10)))}, namespace: {b64("ci")}}}',
     "data"),
    ('{known_hosts: "github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UO"}',
     "stringData"),
    ('{id_ed25519.pub: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UO ci@example"}',
     "stringData"),
    ('{username: admin, host: db.shop.svc, port: "5432"}', "stringData"),
    ('{url: "https://api.example.com/v1"}', "stringData"),
    ('{password: ""}', "stringData"),
    # a DER certificate under a certificate's name: SEQUENCE { SEQUENCE ...
    ('{tls.crt: MIIBszCCAVmgAwIBAgIU}', "data"),
    # template values under public names
    ('{ca.crt: "{{ .Values.ca }}", namespace: "{{ .Release.Namespace }}"}', "stringData"),
])
def test_secret_public_material_passes(entries, section):
    assert status(SECRET, secret(entries, section)) is PASS


@pytest.mark.parametrize("entries, section, key", [
    ('{password: hunter2-hunter2}', "stringData", "password"),
    ('{username: admin, password: s3cret}', "stringData", "password"),
    (f'{{tls.crt: "{PEM_CERTIFICATE}", tls.key: "{PEM_KEY}"}}', "stringData", "tls.key"),
    (f'{{bundle.pem: "{PEM_CERTIFICATE}{PEM_KEY}"}}', "stringData", "bundle.pem"),
    ('{url: "postgres://app:s3cret@db:5432/app"}', "stringData", "url"),
    (f'{{api-key: {b64("k-123456789")}}}', "data", "api-key"),
    # binary that is not a certificate: a DER private key under a certificate's name
    ('{tls.crt: MIIEowIBAAKCAQEA}', "data", "tls.crt"),
    ('{config.json: not-base64!}', "data", "config.json"),
])
def test_secret_values_fail(entries, section, key):
    outcome = run(SECRET, secret(entries, section))
    assert outcome.status is FAIL
    assert outcome.path == (section, key)


def test_secret_template_values_are_unknown():
    assert status(SECRET, secret('{token: "{{ .Values.token }}"}')) is UNKNOWN
    assert status(SECRET, secret('"{{ toYaml .Values.secrets }}"')) is UNKNOWN
    # a known secret value decides, whatever a template hides elsewhere
    assert status(SECRET, secret('{token: "{{ .Values.token }}", password: s3cret}')) is FAIL

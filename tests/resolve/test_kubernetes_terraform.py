"""Terraform's kubernetes_* resources as the Kubernetes objects they create
(compliance/resolve/kubernetes/terraform.py), seen by the Kubernetes view and its controls."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from compliance.catalog.controls import load_catalog
from compliance.model import Resource, Status, Unknown
from compliance.pipeline import scan as scan_module
from compliance.pipeline.scan import ScanOptions, run_scan


def scan(tmp_path: Path, text: str, controls: tuple[str, ...] = ()):
    (tmp_path / "main.tf").write_text(textwrap.dedent(text))
    catalog = load_catalog()
    chosen = [catalog.by_id[c] for c in controls]
    seen: list[Resource] = []
    original = scan_module.apply_views

    def spy(resources):
        out, errors = original(resources)
        seen.extend(out)
        return out, errors

    scan_module.apply_views = spy
    try:
        result = run_scan([tmp_path], catalog, controls=chosen,
                          options=ScanOptions(cache_dir=None))
    finally:
        scan_module.apply_views = original
    return {r.address: r for r in seen}, result.findings


def test_the_view_runs_whenever_a_type_it_reads_is_present():
    """The scan loads the view only when a resource's type has the prefix (views.py): every
    type of the table, and kubernetes_manifest, must have it."""
    from compliance.resolve.kubernetes.terraform import MANIFEST, table
    from compliance.resolve.views import KUBERNETES_TERRAFORM_PREFIX

    types = [*table()["types"], MANIFEST]
    assert len(types) > 30
    assert all(t.startswith(KUBERNETES_TERRAFORM_PREFIX) for t in types)


DEPLOYMENT = """\
resource "kubernetes_namespace_v1" "shop" {
  metadata {
    name = "shop"
  }
}

resource "kubernetes_deployment_v1" "api" {
  metadata {
    name      = "api"
    namespace = kubernetes_namespace_v1.shop.metadata[0].name
  }
  spec {
    template {
      metadata {
        annotations = {
          "container.apparmor.security.beta.kubernetes.io/api" = "unconfined"
        }
      }
      spec {
        host_pid = true
        container {
          name  = "api"
          image = "registry.example.com/api:1.4.2"
          port {
            container_port = 8080
            host_port      = 8080
          }
          resources {
            limits = {
              memory = "256Mi"
            }
          }
          security_context {
            capabilities {
              drop = ["ALL"]
            }
          }
        }
        volume {
          name = "docker"
          host_path {
            path = "/var/run/docker.sock"
          }
        }
      }
    }
  }
}
"""


def test_a_deployment_becomes_the_object_it_creates(tmp_path):
    resources, _ = scan(tmp_path, DEPLOYMENT)
    api = resources["kubernetes_deployment_v1.api"]
    assert (api.platform, api.type, api.name) == ("kubernetes", "apps/v1/Deployment", "api")
    assert api.anchors == {"pod_spec": ["spec.template.spec"],
                           "containers": ["spec.template.spec.containers[0]"]}
    pod = api.attributes["spec"]["template"]["spec"]
    assert pod["hostPID"] is True
    assert pod["containers"][0]["ports"] == [{"containerPort": 8080, "hostPort": 8080}]
    assert pod["containers"][0]["resources"] == {"limits": {"memory": "256Mi"}}
    assert pod["containers"][0]["securityContext"] == {"capabilities": {"drop": ["ALL"]}}
    assert pod["volumes"] == [{"name": "docker", "hostPath": {"path": "/var/run/docker.sock"}}]
    # annotation keys are kept as written; the Terraform lines follow the fields
    annotations = api.attributes["spec"]["template"]["metadata"]["annotations"]
    assert "container.apparmor.security.beta.kubernetes.io/api" in annotations
    assert api.line_of(("spec", "template", "spec", "hostPID")) == 20
    assert api.line_of(("spec", "template", "spec", "containers", 0, "ports", 0,
                        "hostPort")) == 26
    # the provider sends automountServiceAccountToken: true when the pod spec leaves it out
    assert pod["automountServiceAccountToken"] is True
    # a reference to the namespace's configured name is that name
    assert api.attributes["metadata"]["namespace"] == "shop"
    assert resources["kubernetes_namespace_v1.shop"].type == "v1/Namespace"


@pytest.mark.parametrize("control, line", [
    ("k8s-host-namespaces", 20),
    ("k8s-host-port", 26),
    ("k8s-container-runtime-socket", 42),
    ("k8s-apparmor-profile", 16),
    ("k8s-service-account-token-automount", 19),
])
def test_kubernetes_controls_judge_terraform_resources(tmp_path, control, line):
    _, findings = scan(tmp_path, DEPLOYMENT, (control,))
    failed = [f for f in findings if f.status is Status.FAIL]
    assert [(f.resource.address, f.evidence.line) for f in failed] == [
        ("kubernetes_deployment_v1.api", line)]


def test_rbac_and_bindings(tmp_path):
    resources, _ = scan(tmp_path, """\
    resource "kubernetes_cluster_role_v1" "reader" {
      metadata {
        name = "reader"
      }
      rule {
        api_groups = [""]
        resources  = ["secrets"]
        verbs      = ["get", "list"]
      }
    }

    resource "kubernetes_role_binding_v1" "reader" {
      metadata {
        name      = "reader"
        namespace = "shop"
      }
      role_ref {
        api_group = "rbac.authorization.k8s.io"
        kind      = "ClusterRole"
        name      = "reader"
      }
      subject {
        kind      = "ServiceAccount"
        name      = "default"
        namespace = "shop"
      }
    }
    """)
    role = resources["kubernetes_cluster_role_v1.reader"]
    assert role.type == "rbac.authorization.k8s.io/v1/ClusterRole"
    assert role.attributes["rules"] == [{"apiGroups": [""], "resources": ["secrets"],
                                         "verbs": ["get", "list"]}]
    binding = resources["kubernetes_role_binding_v1.reader"].attributes
    assert binding["roleRef"] == {"apiGroup": "rbac.authorization.k8s.io",
                                  "kind": "ClusterRole", "name": "reader"}
    assert binding["subjects"] == [{"kind": "ServiceAccount", "name": "default",
                                    "namespace": "shop"}]


def test_unknown_dynamic_blocks_and_manifests(tmp_path):
    resources, _ = scan(tmp_path, """\
    variable "containers" {}

    resource "kubernetes_pod_v1" "job" {
      metadata {
        name = "job"
      }
      spec {
        automount_service_account_token = false
        dynamic "container" {
          for_each = var.containers
          content {
            name  = container.value.name
            image = container.value.image
          }
        }
      }
    }

    resource "kubernetes_manifest" "policy" {
      manifest = {
        apiVersion = "networking.k8s.io/v1"
        kind       = "NetworkPolicy"
        metadata = {
          name      = "default-deny"
          namespace = "shop"
        }
        spec = {
          podSelector = {}
          policyTypes = ["Ingress"]
        }
      }
    }
    """)
    pod = resources["kubernetes_pod_v1.job"]
    assert isinstance(pod.attributes["spec"]["containers"], Unknown)
    assert pod.anchors["containers"] == ["spec.containers"]
    assert pod.attributes["spec"]["automountServiceAccountToken"] is False
    policy = resources["kubernetes_manifest.policy"]
    assert policy.type == "networking.k8s.io/v1/NetworkPolicy"
    assert policy.attributes["spec"]["podSelector"] == {}
    assert policy.line_of(("spec", "policyTypes")) == 29


def test_secrets_stay_terraform_resources(tmp_path):
    resources, _ = scan(tmp_path, """\
    resource "kubernetes_secret_v1" "db" {
      metadata {
        name = "db"
      }
      data = {
        password = "hunter2-but-longer"
      }
    }
    """)
    assert resources["kubernetes_secret_v1.db"].platform == "terraform"

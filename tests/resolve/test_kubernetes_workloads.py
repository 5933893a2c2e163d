"""What the Kubernetes view says of workloads (effective security contexts, the ServiceAccount,
the NetworkPolicies and LimitRanges of the namespace), and the controls that judge it."""

from __future__ import annotations

import textwrap

import pytest
from kubernetes_scan import FAIL, PASS, UNKNOWN, deployment, finding, resource, status

from compliance.model import Unknown

# --- effective security contexts: k8s-run-as-non-root ------------------------------------------


def non_root(text: str, address: str = "Deployment/shop/api"):
    return status("k8s-run-as-non-root", "containers", text, address)


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
    ("""
     securityContext: "{{ .Values.podSecurity }}"
     containers: [{name: a, image: x, securityContext: {runAsUser: 0}}]
     """, UNKNOWN),
    ("""
     containers: ["{{ .Values.container }}"]
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
    assert non_root(deployment(pod_spec)) is expected


def test_effective_security_context_takes_each_field_from_the_container_else_the_pod():
    text = deployment("""
        securityContext: {runAsNonRoot: true, runAsUser: 1000}
        containers:
          - {name: ok, image: x}
          - name: bad
            image: y
            securityContext: {runAsUser: 0}
        """)
    contexts = resource(text, "Deployment/shop/api").attributes["container_security_contexts"]
    assert contexts == [
        {"container": "spec.template.spec.containers[0]", "name": "ok", "runAsNonRoot": True,
         "runAsUser": 1000, "runAsUserName": None, "runs_as_root": False,
         "seccompProfileType": None, "appArmorProfileType": None},
        {"container": "spec.template.spec.containers[1]", "name": "bad", "runAsNonRoot": True,
         "runAsUser": 0, "runAsUserName": None, "runs_as_root": True,
         "seccompProfileType": None, "appArmorProfileType": None},
    ]


def test_effective_seccomp_and_apparmor_profiles():
    text = """\
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api, namespace: shop}
    spec:
      template:
        metadata:
          annotations:
            container.apparmor.security.beta.kubernetes.io/annotated: localhost/k8s-api
            container.apparmor.security.beta.kubernetes.io/both: unconfined
        spec:
          securityContext:
            seccompProfile: {type: RuntimeDefault}
            appArmorProfile: {type: RuntimeDefault}
          containers:
            - {name: inherits, image: x}
            - name: both
              image: y
              securityContext:
                seccompProfile: {type: Unconfined}
                appArmorProfile: {type: Unconfined}
            - {name: annotated, image: z}
            - name: templated
              image: w
              securityContext: {seccompProfile: "{{ .Values.seccomp }}"}
    """
    contexts = resource(text, "Deployment/shop/api").attributes["container_security_contexts"]
    assert [(c["seccompProfileType"], c["appArmorProfileType"]) for c in contexts[:3]] == [
        ("RuntimeDefault", "RuntimeDefault"), ("Unconfined", "Unconfined"),
        ("RuntimeDefault", "Localhost")]
    assert isinstance(contexts[3]["seccompProfileType"], Unknown)
    assert contexts[3]["appArmorProfileType"] == "RuntimeDefault"


def test_runs_as_non_root_points_at_the_deciding_setting():
    text = deployment("""
        securityContext: {runAsNonRoot: true}
        containers:
          - {name: ok, image: x}
          - {name: bad, image: y, securityContext: {runAsUser: 0}}
        """)
    failed = finding("k8s-run-as-non-root", "containers", text, "Deployment/shop/api")
    assert failed.status is FAIL
    assert failed.evidence.attribute == "container_security_contexts[1].runs_as_root"
    assert failed.evidence.line == 12  # the second container, which sets runAsUser: 0
    inherited = finding("k8s-run-as-non-root", "containers", deployment("""
        securityContext: {runAsUser: 0}
        containers: [{name: a, image: x}]
        """), "Deployment/shop/api")
    assert inherited.status is FAIL and inherited.evidence.line == 9  # the pod's securityContext
    passed = finding("k8s-run-as-non-root", "containers", deployment("""
        securityContext:
          runAsNonRoot: true
        containers: [{name: a, image: x}]
        """), "Deployment/shop/api")
    assert passed.status is PASS and passed.evidence.line == 10  # the pod's runAsNonRoot


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
              securityContext:
                runAsNonRoot: false
              containers: [{name: a, image: x}]
    """
    failed = finding("k8s-run-as-non-root", "containers", text, "CronJob/default/job")
    assert failed.status is FAIL and failed.evidence.line == 10
    contexts = failed.resource.attributes["container_security_contexts"]
    assert contexts[0]["runAsNonRoot"] is False and contexts[0]["runs_as_root"] is None


# --- ServiceAccount: k8s-service-account-token-automount --------------------------------------


def service_account(name: str, namespace: str = "shop", automount: str | None = None) -> str:
    line = f"automountServiceAccountToken: {automount}\n" if automount is not None else ""
    return (f"---\napiVersion: v1\nkind: ServiceAccount\n"
            f"metadata: {{name: {name}, namespace: {namespace}}}\n{line}")


def token(text: str):
    return status("k8s-service-account-token-automount", "pod-spec", text, "Deployment/shop/api")


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
    # the same account in two files: false only when both say so
    (deployment("serviceAccountName: api\ncontainers: [{name: a, image: x}]")
     + service_account("api", automount="false") + service_account("api", automount="true"),
     FAIL),
])
def test_service_account_token(text, expected):
    assert token(text) is expected


def test_service_account_fact_and_evidence_in_the_workload():
    text = deployment("containers: [{name: a, image: x}]")
    workload = resource(text, "Deployment/shop/api")
    assert workload.attributes["service_account"] == {
        "name": "default", "namespace": "shop", "found": False,
        "automountServiceAccountToken": None}
    failed = finding("k8s-service-account-token-automount", "pod-spec", text,
                     "Deployment/shop/api")
    assert failed.evidence.attribute == "spec.template.spec.automountServiceAccountToken"
    assert failed.evidence.observed is None and failed.evidence.line == 8
    found = resource(deployment("serviceAccountName: api\ncontainers: [{name: a, image: x}]")
                     + service_account("api", automount="false"), "Deployment/shop/api")
    assert found.attributes["service_account"]["found"] is True
    assert found.attributes["service_account"]["automountServiceAccountToken"] is False


# --- NetworkPolicies of the namespace: k8s-default-deny-network-policy ------------------------


def policy(spec: str, namespace: str = "shop") -> str:
    body = textwrap.indent(textwrap.dedent(spec).strip(), "  ") if spec else ""
    spec_block = f"spec:\n{body}\n" if spec else ""
    return (f"---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n"
            f"metadata: {{name: p, namespace: {namespace}}}\n{spec_block}")


WORKLOAD = deployment("containers: [{name: a, image: x}]")


def default_deny(text: str, address: str = "Deployment/shop/api"):
    return status("k8s-default-deny-network-policy", "namespace", text, address)


@pytest.mark.parametrize("policies, expected", [
    ("", FAIL),
    (policy("podSelector: {}\npolicyTypes: [Ingress]"), PASS),
    (policy("podSelector: {}"), PASS),  # policyTypes unset: always affects ingress
    (policy("podSelector: {}\npolicyTypes: []"), PASS),  # empty is unset for the API
    (policy("podSelector: {}\ningress: []"), PASS),
    (policy("podSelector: {matchLabels: {}}\npolicyTypes: [Ingress, Egress]\negress: [{}]"), PASS),
    (policy(""), PASS),  # no spec at all: empty selector, no rules
    (policy("podSelector: {}\npolicyTypes: [Egress]"), FAIL),
    (policy("podSelector: {}\negress: [{}]"), PASS),  # defaulted to Ingress and Egress
    (policy("podSelector: {}\ningress: [{}]"), FAIL),  # allows everything
    (policy("podSelector: {matchLabels: {app: api}}\npolicyTypes: [Ingress]"), FAIL),
    (policy("podSelector: {matchExpressions: [{key: app, operator: Exists}]}"), FAIL),
    (policy("podSelector: {}\npolicyTypes: [Ingress]", namespace="other"), FAIL),
    (policy('podSelector: {}\npolicyTypes: "{{ .Values.types }}"'), UNKNOWN),
    (policy('podSelector: "{{ .Values.selector }}"'), UNKNOWN),
    (policy("podSelector: {}").replace("namespace: shop", 'namespace: "{{ .Values.ns }}"'),
     UNKNOWN),  # it may be in the workload's namespace
    (policy("podSelector: {matchLabels: {app: api}}")
     + policy("podSelector: {}\npolicyTypes: [Ingress]"), PASS),
])
def test_default_deny(policies, expected):
    assert default_deny(WORKLOAD + policies) is expected


def test_network_policy_facts():
    text = WORKLOAD + policy("podSelector: {}\negress: [{}]")
    policies = resource(text, "Deployment/shop/api").attributes["namespace_network_policies"]
    assert policies == [{"policy": "NetworkPolicy/shop/p", "selects_all_pods": True,
                         "policy_types": ["Ingress", "Egress"], "ingress": None}]
    templated = WORKLOAD.replace("namespace: shop", 'namespace: "{{ .Values.ns }}"')
    workload = resource(templated, "Deployment/?/api")
    assert isinstance(workload.attributes["namespace_network_policies"], Unknown)


def test_default_deny_unset_namespace_is_default():
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: a}]}\n"
    assert default_deny(pod + policy("podSelector: {}", namespace="default"),
                        "Pod/default/p") is PASS
    failed = finding("k8s-default-deny-network-policy", "namespace", pod, "Pod/default/p")
    assert failed.status is FAIL and failed.evidence.line == 3  # the metadata line


# --- LimitRanges of the namespace: k8s-resource-limits ------------------------------------------


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
    (limit_range('[{type: Container, default: {cpu: 1}}, "{{ .Values.more }}"]'), UNKNOWN),
    (limit_range('[{type: Container, default: {memory: 1Gi}}, "{{ .Values.more }}"]'), PASS),
])
def test_limit_range_default(ranges, expected):
    text = deployment("containers: [{name: a, image: x}]") + ranges
    assert status("k8s-resource-limits", "containers", text, "Deployment/shop/api") is expected


def test_limit_range_default_evidence_points_at_the_namespace():
    text = deployment("containers: [{name: a, image: x}]") + limit_range(
        "[{type: Container, default: {memory: 512Mi, cpu: 1}}]")
    passed = finding("k8s-resource-limits", "containers", text, "Deployment/shop/api")
    assert passed.evidence.attribute == "limit_range_default_limits"
    assert passed.evidence.observed == ["memory", "cpu"] and passed.evidence.line == 5


def test_apparmor_profile_of_a_container_whose_name_is_a_template_value():
    text = deployment("""
        containers:
          - {name: "{{ .Values.name }}", image: x}
        """)
    contexts = resource(text, "Deployment/shop/api").attributes["container_security_contexts"]
    assert contexts[0]["appArmorProfileType"] is None  # no annotation could name it


# --- the Services and PodDisruptionBudgets that select a workload's pods ---------------------

SELECTED = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  replicas: 3
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api, tier: web}}
    spec:
      containers: [{name: api, image: x}]
---
"""


@pytest.mark.parametrize("other, expected", [
    ("kind: Service\napiVersion: v1\nmetadata: {name: s, namespace: shop}\n"
     "spec: {selector: {app: api}}", ["Service/shop/s"]),
    ("kind: Service\napiVersion: v1\nmetadata: {name: s, namespace: shop}\n"
     "spec: {selector: {app: api, tier: db}}", []),
    ("kind: Service\napiVersion: v1\nmetadata: {name: s, namespace: other}\n"
     "spec: {selector: {app: api}}", []),
    # no selector: endpoints managed by hand, selects no pod
    ("kind: Service\napiVersion: v1\nmetadata: {name: s, namespace: shop}\n"
     "spec: {ports: [{port: 80}]}", []),
])
def test_services_selecting_pods(other, expected):
    api = resource(SELECTED + other, "Deployment/shop/api")
    assert [s["service"] for s in api.attributes["services"]] == expected


@pytest.mark.parametrize("selector, api_version, expected", [
    ("{matchLabels: {app: api}}", "policy/v1", True),
    ("{matchExpressions: [{key: tier, operator: In, values: [web, edge]}]}", "policy/v1", True),
    ("{matchExpressions: [{key: tier, operator: NotIn, values: [web]}]}", "policy/v1", False),
    ("{matchExpressions: [{key: canary, operator: DoesNotExist}]}", "policy/v1", True),
    ("{matchExpressions: [{key: canary, operator: Exists}]}", "policy/v1", False),
    ("{}", "policy/v1", True),         # every pod of the namespace
    ("{}", "policy/v1beta1", False),   # none
    ('{matchLabels: {app: "{{ .Values.app }}"}}', "policy/v1", None),
])
def test_disruption_budgets_selecting_pods(selector, api_version, expected):
    text = SELECTED + (f"apiVersion: {api_version}\nkind: PodDisruptionBudget\n"
                       f"metadata: {{name: b, namespace: shop}}\n"
                       f"spec: {{maxUnavailable: 1, selector: {selector}}}\n")
    budgets = resource(text, "Deployment/shop/api").attributes["pod_disruption_budgets"]
    if expected is None:
        assert len(budgets) == 1 and isinstance(budgets[0], Unknown)
    else:
        assert bool(budgets) is expected
        assert status("k8s-pod-disruption-budget", "budget", text,
                      "Deployment/shop/api") == (PASS if expected else FAIL)

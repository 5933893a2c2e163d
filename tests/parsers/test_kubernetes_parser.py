"""The Kubernetes manifest parser: resources, lines, anchors, and hostile or odd input."""

from __future__ import annotations

import json
from textwrap import dedent

import pytest

from compliance.model import Unknown, format_path, resource_from_json
from compliance.parse import kubernetes, yaml_nodes
from compliance.parse.kubernetes import TEMPLATE_MESSAGE, parse


@pytest.fixture(params=["libyaml", "pure-python"])
def each_loader(request, monkeypatch):
    """Run a test with libyaml's composer and with PyYAML's fallback."""
    if request.param == "pure-python":
        monkeypatch.setattr(yaml_nodes, "_LOADER", yaml_nodes.yaml.SafeLoader)
        monkeypatch.setattr(yaml_nodes, "_USES_LIBYAML", False)
    elif not yaml_nodes._USES_LIBYAML:
        pytest.skip("PyYAML without libyaml")


def resources(text: str):
    return [resource_from_json(r) for r in parse(text)["resources"]]


def errors(text: str):
    return parse(text)["errors"]


def one(text: str):
    (resource,) = resources(text)
    return resource


MULTI = dedent("""\
    # leading comment
    apiVersion: v1
    kind: Service
    metadata:
      name: api
      namespace: shop
      annotations:
        nginx.ingress.kubernetes.io/auth-url: "https://auth/verify"
    spec:
      ports:
        - port: 80
          targetPort: 8080
        - port: 443

    # trailing comment
    ---
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: api
    spec:
      template:
        spec:
          containers:
            - name: app
              image: shop/api:1.2
              securityContext:
                privileged: true
    """)


@pytest.mark.usefixtures("each_loader")
def test_multi_document_locations_and_key_lines():
    service, deployment = resources(MULTI)
    assert (service.location.start_line, service.location.end_line) == (2, 13)
    assert (deployment.location.start_line, deployment.location.end_line) == (17, 28)
    assert service.lines["metadata.namespace"] == 6
    assert service.lines['metadata.annotations["nginx.ingress.kubernetes.io/auth-url"]'] == 8
    assert service.lines["spec.ports[0]"] == 11
    assert service.lines["spec.ports[0].targetPort"] == 12
    assert service.lines["spec.ports[1]"] == 13
    assert deployment.lines["kind"] == 18
    assert deployment.lines["spec.template.spec.containers[0]"] == 25
    assert deployment.lines["spec.template.spec.containers[0].securityContext.privileged"] == 28
    assert parse(MULTI)["errors"] == []


def test_resource_identity_and_attributes():
    service, deployment = resources(MULTI)
    assert (service.platform, service.type, service.name, service.address) == (
        "kubernetes", "v1/Service", "api", "Service/shop/api")
    assert (deployment.type, deployment.address) == ("apps/v1/Deployment", "Deployment/default/api")
    assert service.attributes["spec"]["ports"][1] == {"port": 443}
    assert service.location.file == ""


def _key_paths(value, prefix=()):
    if isinstance(value, dict):
        for key, child in value.items():
            yield prefix + (key,)
            yield from _key_paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield prefix + (index,)
            yield from _key_paths(child, prefix + (index,))


def test_every_key_and_item_has_a_line_under_its_display_path():
    for resource in resources(MULTI):
        expected = {format_path(p) for p in _key_paths(resource.attributes)}
        assert set(resource.lines) == expected


def test_lines_of_a_block_scalar_and_end_of_document():
    text = dedent("""\
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: scripts}
        data:
          run.sh: |
            echo start
            # not a YAML comment, part of the script


        ---
        """)
    config = one(text)
    assert config.lines['data["run.sh"]'] == 5
    assert config.location.end_line == 7
    assert config.attributes["data"]["run.sh"].startswith("echo start\n# not")


@pytest.mark.usefixtures("each_loader")
def test_kind_list_items_become_resources_with_their_own_lines():
    text = dedent("""\
        apiVersion: v1
        kind: List
        metadata: {}
        items:
          - apiVersion: v1
            kind: ServiceAccount
            metadata:
              name: robot
              namespace: ci
          - not-a-resource: true
          - apiVersion: rbac.authorization.k8s.io/v1
            kind: ClusterRole
            metadata:
              name: reader
            rules:
              - verbs: ["get"]
        """)
    account, role = resources(text)
    assert account.address == "ServiceAccount/ci/robot"
    assert (account.location.start_line, account.location.end_line) == (5, 9)
    assert account.lines == {"apiVersion": 5, "kind": 6, "metadata": 7,
                             "metadata.name": 8, "metadata.namespace": 9}
    assert role.address == "ClusterRole/reader"
    assert (role.location.start_line, role.location.end_line) == (11, 16)
    assert role.lines["rules[0].verbs[0]"] == 16
    assert "items" not in role.attributes


def test_typed_lists_like_kubectl_get_output():
    text = ("apiVersion: v1\nkind: PodList\nitems:\n"
            "- {apiVersion: v1, kind: Pod, metadata: {name: a}, spec: {containers: [{name: c}]}}\n")
    pod = one(text)
    assert pod.address == "Pod/default/a"
    assert pod.anchors["containers"] == ["spec.containers[0]"]


POD_SPEC = dedent("""\
    containers:
      - name: main
        image: app
      - name: sidecar
        image: proxy
    initContainers:
      - name: setup
        image: init
    ephemeralContainers:
      - name: debug
        image: busybox
    """)


def _indent(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in text.splitlines(True))


WORKLOADS = [
    ("v1", "Pod", "spec: ", 2, "spec"),
    ("v1", "ReplicationController", "spec:\n  template:\n    spec:", 6, "spec.template.spec"),
    ("apps/v1", "Deployment", "spec:\n  template:\n    spec:", 6, "spec.template.spec"),
    ("apps/v1", "StatefulSet", "spec:\n  template:\n    spec:", 6, "spec.template.spec"),
    ("apps/v1", "DaemonSet", "spec:\n  template:\n    spec:", 6, "spec.template.spec"),
    ("apps/v1", "ReplicaSet", "spec:\n  template:\n    spec:", 6, "spec.template.spec"),
    ("extensions/v1beta1", "Deployment", "spec:\n  template:\n    spec:", 6, "spec.template.spec"),
    ("batch/v1", "Job", "spec:\n  template:\n    spec:", 6, "spec.template.spec"),
    ("batch/v1", "CronJob",
     "spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:", 10,
     "spec.jobTemplate.spec.template.spec"),
]


@pytest.mark.parametrize(("api_version", "kind", "wrapper", "indent", "pod_path"), WORKLOADS,
                         ids=[f"{a}/{k}" for a, k, *_ in WORKLOADS])
def test_workload_anchors(api_version, kind, wrapper, indent, pod_path):
    text = (f"apiVersion: {api_version}\nkind: {kind}\nmetadata: {{name: w}}\n"
            f"{wrapper.rstrip()}\n{_indent(POD_SPEC, indent)}")
    resource = one(text)
    assert resource.anchors == {
        "pod_spec": [pod_path],
        "containers": [f"{pod_path}.containers[0]", f"{pod_path}.containers[1]",
                       f"{pod_path}.initContainers[0]", f"{pod_path}.ephemeralContainers[0]"],
    }
    # the anchors point at real mappings
    for container in resource.anchors["containers"]:
        assert container in resource.lines


def test_workload_without_containers_still_has_its_pod_spec_anchor():
    resource = one("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\n"
                   "spec: {template: {spec: {}}}\n")
    assert resource.anchors == {"pod_spec": ["spec.template.spec"], "containers": []}


@pytest.mark.parametrize(("api_version", "kind"), [
    ("v1", "Service"), ("networking.k8s.io/v1", "Ingress"), ("networking.k8s.io/v1", "NetworkPolicy"),
    ("rbac.authorization.k8s.io/v1", "Role"), ("v1", "Secret"), ("v1", "ServiceAccount"),
    ("security.istio.io/v1beta1", "PeerAuthentication"), ("gateway.networking.k8s.io/v1", "HTTPRoute"),
    # a custom resource that happens to be called Deployment is not a pod controller
    ("example.com/v1", "Deployment"),
])
def test_non_workloads_have_no_anchors(api_version, kind):
    resource = one(f"apiVersion: {api_version}\nkind: {kind}\nmetadata: {{name: x, namespace: n}}\n"
                   "spec: {template: {spec: {containers: [{name: a}]}}}\n")
    assert resource.anchors == {}
    assert resource.type == f"{api_version}/{kind}"
    assert resource.address == f"{kind}/n/x"


@pytest.mark.parametrize(("api_version", "kind"), [
    ("v1", "Namespace"), ("v1", "Node"), ("v1", "PersistentVolume"),
    ("rbac.authorization.k8s.io/v1", "ClusterRole"),
    ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding"),
    ("storage.k8s.io/v1", "StorageClass"),
    ("apiextensions.k8s.io/v1", "CustomResourceDefinition"),
    ("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration"),
    ("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration"),
    ("scheduling.k8s.io/v1", "PriorityClass"), ("networking.k8s.io/v1", "IngressClass"),
    ("gateway.networking.k8s.io/v1", "GatewayClass"),
])
def test_cluster_scoped_addresses_have_no_namespace(api_version, kind):
    # a stray namespace on a cluster-scoped object is ignored by the API server too
    resource = one(f"apiVersion: {api_version}\nkind: {kind}\nmetadata: {{name: x, namespace: n}}\n")
    assert resource.address == f"{kind}/x"


def test_missing_name_and_templated_namespace():
    assert one("apiVersion: v1\nkind: ConfigMap\n").address == "ConfigMap/default/"
    templated = one("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: '{{ .ns }}'}\n")
    assert templated.address == "ConfigMap/?/c"


@pytest.mark.usefixtures("each_loader")
def test_invalid_yaml_keeps_earlier_documents_reports_the_line_and_reads_on():
    text = dedent("""\
        apiVersion: v1
        kind: Service
        metadata: {name: first}
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: broken
           oops: here
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: last}
        """)
    result = parse(text)
    assert [r["name"] for r in result["resources"]] == ["first", "last"]
    (error,) = result["errors"]
    assert error["line"] == 9
    assert error["message"].startswith("invalid YAML:")
    assert result["resources"][1]["location"] == ["", 11, 13]


@pytest.mark.usefixtures("each_loader")
@pytest.mark.parametrize("earlier", [
    "",
    "---\n".join(f"apiVersion: v1\nkind: Service\nmetadata: {{name: s{i}}}\n" for i in range(2000)) + "---\n",
], ids=["short", "long"])  # libyaml reads ahead in blocks: the long case has documents composed
def test_control_character_in_a_later_document_keeps_the_others(earlier):
    text = earlier + dedent("""\
        apiVersion: v1
        kind: Service
        metadata: {name: first}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: "bad\x01"}
        ---

        apiVersion: v1
        kind: Service
        metadata: {name: last}
        """)
    result = parse(text)
    names = [r["name"] for r in result["resources"]]
    assert names[-2:] == ["first", "last"] and len(names) == len(set(names)) == earlier.count("kind") + 2
    offset = earlier.count("\n")
    assert [e["line"] for e in result["errors"]] == [offset + 7]
    assert result["resources"][-1]["location"] == ["", offset + 10, offset + 12]


def test_unterminated_flow_collection_at_end_of_file():
    text = "apiVersion: v1\nkind: Service\nmetadata: {name: ok}\n---\napiVersion: v1\nkind: X\nspec: [1, 2\n"
    result = parse(text)
    assert [r["name"] for r in result["resources"]] == ["ok"]
    assert len(result["errors"]) == 1 and result["errors"][0]["line"] is not None


BILLION_LAUGHS = dedent("""\
    apiVersion: v1
    kind: ConfigMap
    metadata: {name: lol}
    data:
      a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
      b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
      c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
      d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
      e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
      f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
      g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
      h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
      i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: after}
    """)


def test_billion_laughs_is_refused():
    result = parse(BILLION_LAUGHS)
    assert result["errors"] == [{"line": 1, "message": "YAML alias expansion too large"}]
    assert [r["name"] for r in result["resources"]] == ["after"]


def test_moderate_alias_use_is_expanded_with_the_anchor_lines():
    text = dedent("""\
        apiVersion: v1
        kind: Pod
        metadata: {name: p}
        spec:
          containers:
            - &base
              name: a
              image: app
            - <<: *base
              name: b
        """)
    pod = one(text)
    assert pod.attributes["spec"]["containers"] == [{"name": "a", "image": "app"},
                                                    {"name": "b", "image": "app"}]
    assert pod.lines["spec.containers[1].name"] == 10
    assert pod.lines["spec.containers[1].image"] == 8  # defined by the anchor


def test_recursive_alias_is_an_error_not_a_hang():
    result = parse("apiVersion: v1\nkind: ConfigMap\ndata: &loop [*loop]\n")
    assert result == {"resources": [], "errors": [{"line": 1, "message": "recursive YAML alias"}]}


def test_ten_thousand_nested_brackets_give_an_error():
    text = ("apiVersion: v1\nkind: Service\nmetadata: {name: ok}\n---\n"
            "apiVersion: v1\nkind: ConfigMap\ndata: " + "[" * 10_000 + "]" * 10_000 + "\n")
    result = parse(text)
    assert [r["name"] for r in result["resources"]] == ["ok"]
    assert [e["message"] for e in result["errors"]] == ["nesting too deep"]
    assert result["errors"][0]["line"] == 7


@pytest.mark.usefixtures("each_loader")
def test_deep_nesting_gives_an_error_with_either_loader():
    text = ("apiVersion: v1\nkind: Service\nmetadata: {name: ok}\n---\n"
            "apiVersion: v1\nkind: ConfigMap\ndata: " + "[" * 10_000 + "]" * 10_000 + "\n")
    result = parse(text)
    assert [r["name"] for r in result["resources"]] == ["ok"]
    assert [e["message"] for e in result["errors"]] == ["nesting too deep"]


def test_nesting_beyond_the_bound_within_libyaml_limits():
    depth = yaml_nodes.MAX_DEPTH + 5
    text = "apiVersion: v1\nkind: ConfigMap\ndata: " + "[" * depth + "]" * depth + "\n"
    assert parse(text) == {"resources": [], "errors": [{"line": 1, "message": "nesting too deep"}]}


def test_deep_nesting_built_from_a_chain_of_aliases():
    chain = "".join(f"  k{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 300))
    text = "apiVersion: v1\nkind: ConfigMap\ndata:\n  k0: &a0 [x]\n" + chain
    assert parse(text)["errors"] == [{"line": 1, "message": "nesting too deep"}]


HELM = dedent("""\
    apiVersion: v1
    kind: Service
    metadata:
      name: {{ include "chart.fullname" . }}
      labels:
        {{- include "chart.labels" . | nindent 4 }}
    spec:
      type: {{ .Values.service.type }}
    ---
    apiVersion: v1
    kind: Service
    metadata: {name: later}
    """)


@pytest.mark.usefixtures("each_loader")
def test_unparseable_helm_template_is_reported_as_a_template():
    result = parse(HELM)
    assert result["resources"] == []
    assert result["errors"] == [{"line": 6, "message": TEMPLATE_MESSAGE}]


@pytest.mark.usefixtures("each_loader")
def test_parseable_placeholders_become_unknown_with_one_notice_per_document():
    text = dedent("""\
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 2
          template:
            spec:
              containers:
                - name: web
                  image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                  env:
                    - name: URL
                      value: https://${DOMAIN}/api
                    - name: PLAIN
                      value: "$HOME and {not a template}"
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: "${SERVICE_NAME}"
        """)
    result = parse(text)
    deployment, service = (resource_from_json(r) for r in result["resources"])
    container = deployment.attributes["spec"]["template"]["spec"]["containers"][0]
    assert isinstance(container["image"], Unknown)
    assert container["image"].reason.startswith("template placeholder {{ .Values.image.repository }}")
    assert isinstance(container["env"][0]["value"], Unknown)
    assert container["env"][1]["value"] == "$HOME and {not a template}"
    assert deployment.attributes["spec"]["replicas"] == 2
    assert service.name == ""  # not known before rendering
    assert result["errors"] == []  # unknown where a control reads them, not a notice


@pytest.mark.usefixtures("each_loader")
def test_unquoted_placeholders_that_happen_to_be_valid_yaml_are_unknown_too():
    # `{{ x }}` unquoted parses as a mapping inside a mapping; it is still a placeholder
    text = dedent("""\
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{ .Values.name }}
          labels:
            {{ .Values.labelKey }}: web
        spec:
          replicas: {{ .Values.replicas }}
          selector: {matchLabels: {app: web}}
        """)
    result = parse(text)
    deployment = resource_from_json(result["resources"][0])
    assert deployment.attributes["metadata"] == {"name": Unknown("template placeholder {{ .Values.name }}"),
                                                 "labels": {}}
    assert deployment.attributes["spec"]["replicas"] == Unknown("template placeholder {{ .Values.replicas }}")
    assert deployment.attributes["spec"]["selector"] == {"matchLabels": {"app": "web"}}
    assert result["errors"] == [
        {"line": 6, "message": "mapping key is a template placeholder; entry ignored"},
        # Go template syntax outside strings: a template, not a valid manifest
        {"line": 4, "message": TEMPLATE_MESSAGE, "unread": False},
    ]


@pytest.mark.parametrize("text", [
    "name: my-chart\nversion: 1.0.0\n",  # Chart.yaml
    "replicaCount: 1\nimage:\n  repository: nginx\n",  # values.yaml
    "- apiVersion: v1\n  kind: Service\n",  # a list document is not a manifest
    "kind: Service\nmetadata: {name: x}\n",  # no apiVersion
    "apiVersion: v1\nkind: List\nitems: null\n",  # an empty List is no resource itself
    "---\n---\n# only comments\n",
    "just a string\n",
    "",
])
def test_documents_that_are_not_kubernetes_objects_are_skipped_quietly(text):
    assert parse(text) == {"resources": [], "errors": []}


@pytest.mark.usefixtures("each_loader")
def test_json_manifest():
    manifest = {"apiVersion": "apps/v1", "kind": "DaemonSet",
                "metadata": {"name": "agent", "namespace": "monitoring"},
                "spec": {"template": {"spec": {"hostNetwork": True,
                                               "containers": [{"name": "a", "image": "x"}]}}}}
    text = json.dumps(manifest, indent=2)
    daemonset = one(text)
    assert daemonset.attributes == manifest
    assert daemonset.address == "DaemonSet/monitoring/agent"
    assert daemonset.anchors["containers"] == ["spec.template.spec.containers[0]"]
    host_network_line = next(n for n, line in enumerate(text.splitlines(), 1) if "hostNetwork" in line)
    assert daemonset.lines["spec.template.spec.hostNetwork"] == host_network_line == 11
    assert (daemonset.location.start_line, daemonset.location.end_line) == (1, len(text.splitlines()))
    assert one(json.dumps(manifest)).location.end_line == 1


def test_yaml_1_1_scalar_typing_is_kept():
    config = one(dedent("""\
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data:
          on: yes
          quoted: "true"
          hex: 0x1F
          octal: 0755
          float: 1.5
          nothing: ~
          date: 2024-01-31
          80: http
        """))
    data = config.attributes["data"]
    assert data == {"on": True, "quoted": "true", "hex": 31, "octal": 493, "float": 1.5,
                    "nothing": None, "date": "2024-01-31", "80": "http"}
    assert config.lines['data["80"]'] == 12


def test_duplicate_keys_are_reported_and_the_last_wins():
    result = parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n")
    assert result["resources"][0]["name"] == "b"
    assert result["errors"] == [{"line": 5, "message": "duplicate key 'name'; the last one is used"}]


def test_custom_tags_are_unknown_not_guessed():
    config = one("apiVersion: v1\nkind: ConfigMap\ndata:\n  a: !vault secret/x\n  b: !!str 10\n")
    assert isinstance(config.attributes["data"]["a"], Unknown)
    assert config.attributes["data"]["b"] == "10"


def test_byte_order_mark_and_crlf_line_ends():
    text = "\ufeffapiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: s\r\n"
    service = one(text)
    assert service.lines["metadata.name"] == 4
    assert (service.location.start_line, service.location.end_line) == (1, 4)


@pytest.mark.parametrize("cut", range(0, len(MULTI), 7))
def test_truncated_input_never_raises_and_stays_json(cut):
    result = parse(MULTI[:cut] + "\x00\t: [{")
    assert json.loads(json.dumps(result)) == result
    assert all(set(e) == {"line", "message"} for e in result["errors"])


def test_output_is_plain_json():
    result = parse(MULTI)
    assert json.loads(json.dumps(result)) == result


def _big_manifest(documents: int) -> str:
    deployment = dedent("""\
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web-{i}
          namespace: team-{i}
          labels: {{app: web, tier: "frontend"}}
        spec:
          replicas: 3
          selector:
            matchLabels:
              app: web
          template:
            metadata:
              labels:
                app: web
            spec:
              containers:
                - name: app
                  image: registry.example.com/web:1.{i}
                  ports:
                    - containerPort: 8080
                  securityContext:
                    runAsNonRoot: true
                    allowPrivilegeEscalation: false
        ---
        """)
    return "".join(deployment.format(i=i) for i in range(documents))


def test_five_thousand_lines_of_manifests_are_all_read():
    text = _big_manifest(200)
    assert len(text.splitlines()) == 5000
    assert len(parse(text)["resources"]) == 200


def test_parser_module_keeps_its_tables_as_data():
    assert ("", "Namespace") in kubernetes.CLUSTER_SCOPED
    assert kubernetes.POD_SPEC_PATHS[("batch", "CronJob")][-1] == "spec"


def test_placeholders_inside_strings_of_a_valid_manifest_are_no_notice():
    """Shell variables in a container's command, a sed over `{{PROJECT_ID}}`, Kyverno's
    `{{request.operation}}`: valid manifests whose strings are unknown only where read."""
    text = dedent("""\
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: setup
        spec:
          template:
            spec:
              containers:
                - name: setup
                  image: busybox
                  command: ["sh", "-c", "echo ${HOME}; sed 's/{{PROJECT_ID}}/p/' a > b"]
        ---
        apiVersion: kyverno.io/v1
        kind: ClusterPolicy
        metadata:
          name: check-operation
        spec:
          rules:
            - name: deny-delete
              preconditions:
                all:
                  - key: "{{request.operation}}"
                    operator: Equals
                    value: DELETE
        """)
    result = parse(text)
    assert result["errors"] == []
    job = resource_from_json(result["resources"][0])
    container = job.attributes["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "busybox"
    assert isinstance(container["command"][2], Unknown)

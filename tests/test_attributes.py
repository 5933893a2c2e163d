"""Controls' paths are checked against per-type attribute lists when the catalog loads: a typo
is a catalog error naming file, line and field, not a path that silently never matches."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from compliance import data_dir
from compliance.catalog import controls as controls_module
from compliance.catalog import schema_memo
from compliance.catalog import semantics as semantics_module
from compliance.catalog.attributes import attribute_lists
from compliance.catalog.controls import CatalogError, load_catalog
from compliance.catalog.semantics import path_problems
from compliance.cli.main import main
from test_catalog import GOOD

REPO = Path(__file__).resolve().parents[1]

CONTROL = {key: value for key, value in GOOD.items() if key != "checks"}


def catalog_with(tmp_path: Path, *checks: dict, groups: dict | None = None) -> Path:
    folder = tmp_path / "controls" / "logging" / "demo-control"
    folder.mkdir(parents=True, exist_ok=True)
    numbered = [{"id": f"c{index}", **check} for index, check in enumerate(checks)]
    (folder / "control.yaml").write_text(yaml.safe_dump({**CONTROL, "checks": numbered},
                                                        sort_keys=False))
    if groups is not None:
        (tmp_path / "controls" / "type-groups.yaml").write_text(yaml.safe_dump(groups))
    return tmp_path / "controls"


def tf(types: list[str], condition: dict, **more) -> dict:
    return {"platform": "terraform", "resource_types": types, "condition": condition, **more}


def k8s(types: list[str], condition: dict, **more) -> dict:
    return {"platform": "kubernetes", "resource_types": types, "condition": condition, **more}


def error_of(catalog_dir: Path) -> str:
    with pytest.raises(CatalogError) as error:
        load_catalog(catalog_dir)
    return str(error.value)


def line_of(catalog_dir: Path, text: str) -> int:
    path = catalog_dir / "logging" / "demo-control" / "control.yaml"
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


# --- typos are errors --------------------------------------------------------------------


def test_a_typo_names_file_line_field_and_a_suggestion(tmp_path):
    catalog_dir = catalog_with(tmp_path, tf(["aws_db_instance"],
                                            {"path": "storage_encryptd", "equals": True}))
    line = line_of(catalog_dir, "storage_encryptd")
    assert error_of(catalog_dir) == (
        f"logging/demo-control/control.yaml:{line}: checks[0].condition.path: aws_db_instance "
        "has no attribute 'storage_encryptd' (did you mean 'storage_encrypted'?)")


@pytest.mark.parametrize("check,field,message", [
    # a nested block: the suggestion keeps the path before the typo
    (tf(["aws_s3_bucket"], {"path": "versioning.enabeld", "equals": True}),
     "checks[0].condition.path",
     "aws_s3_bucket has no attribute 'versioning.enabeld' (did you mean 'versioning.enabled'?)"),
    # inside an any: relative to the item visited
    (tf(["aws_cloudfront_distribution"],
        {"all": {"path": "ordered_cache_behavior",
                 "condition": {"path": "viewer_protocol_polcy", "equals": "https-only"}}}),
     "checks[0].condition.all.condition.path",
     ("aws_cloudfront_distribution has no attribute 'viewer_protocol_polcy' "
      "(did you mean 'viewer_protocol_policy'?)")),
    # a count's where
    (tf(["aws_security_group"], {"count": {"path": "ingress",
                                           "where": {"path": "cidr_block", "exists": True}},
                                 "equals": 0}),
     "checks[0].condition.count.where.path",
     "aws_security_group has no attribute 'cidr_block' (did you mean 'cidr_blocks'?)"),
    # connected.where is read on the other type
    (tf(["aws_api_gateway_stage"],
        {"connected": {"direction": "referenced_by", "types": ["aws_wafv2_web_acl_association"],
                       "via": "resource_arn", "where": {"path": "web_acl_id", "exists": True}}}),
     "checks[0].condition.connected.where.path",
     ("aws_wafv2_web_acl_association has no attribute 'web_acl_id' "
      "(did you mean 'web_acl_arn'?)")),
    # ... and so is the via of a referenced_by
    (tf(["aws_api_gateway_stage"],
        {"connected": {"direction": "referenced_by", "types": ["aws_wafv2_web_acl_association"],
                       "via": "stage_name"}}),
     "checks[0].condition.connected.via",
     "aws_wafv2_web_acl_association has no attribute 'stage_name'"),
    # a path below a plain value
    (tf(["aws_db_instance"], {"path": "engine.name", "exists": True}),
     "checks[0].condition.path",
     "aws_db_instance has no attribute 'engine.name': 'engine' holds a plain value"),
    # anchors
    (k8s(["apps/v1/Deployment"], {"path": "$pod_spec.hostNetwrok", "equals": False}),
     "checks[0].condition.path",
     ("apps/v1/Deployment has no attribute '$pod_spec.hostNetwrok' "
      "(did you mean '$pod_spec.hostNetwork'?)")),
    (k8s(["apps/v1/Deployment"], {"path": "$pod.hostNetwork", "equals": False}),
     "checks[0].condition.path", "no anchor $pod on kubernetes resources"),
    # the check's where, and a Kubernetes glob
    (k8s(["*/Ingress"], {"path": "spec.tls", "exists": True},
         where={"path": "metadata.anotations.x", "exists": True}),
     "checks[0].where.path",
     "*/Ingress has no attribute 'metadata.anotations' (did you mean 'metadata.annotations'?)"),
])
def test_typos_anywhere_in_a_check_are_errors(tmp_path, check, field, message):
    assert error_of(catalog_with(tmp_path, check)).endswith(f": {field}: {message}")


@pytest.mark.parametrize("types,field,message", [
    (["aws_db_instanse"], "checks[0].resource_types[0]",
     "no attribute list for type 'aws_db_instanse'"),
    (["aws_db_instance", "kubernetes_deployment"], "checks[0].resource_types[1]",
     "no attribute list for type 'kubernetes_deployment'"),
    (["@databases"], "checks[0].resource_types[0]",
     "no attribute list for type 'aws_rds_clustr' (in @databases)"),
])
def test_a_type_without_an_attribute_list_is_an_error(tmp_path, types, field, message):
    catalog_dir = catalog_with(tmp_path, tf(types, {"path": "engine", "exists": True}),
                               groups={"databases": ["aws_db_instance", "aws_rds_clustr"]})
    assert error_of(catalog_dir).endswith(f": {field}: {message}")


def test_a_glob_matching_no_known_type_is_an_error(tmp_path):
    catalog_dir = catalog_with(tmp_path, k8s(["example.com/*/Widget"],
                                             {"path": "spec", "exists": True}))
    assert "no attribute list for type 'example.com/*/Widget'" in error_of(catalog_dir)


def test_every_type_of_a_check_must_have_the_attribute(tmp_path):
    catalog_dir = catalog_with(tmp_path, tf(["aws_db_instance", "aws_rds_cluster"],
                                            {"path": "instance_class", "exists": True}))
    assert "aws_rds_cluster has no attribute 'instance_class'" in error_of(catalog_dir)


# --- what passes ---------------------------------------------------------------------------


PASSING = {
    "nested block": tf(["aws_s3_bucket"], {
        "path": "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default"
                ".sse_algorithm", "equals": "aws:kms"}),
    "index and star through lists": tf(["aws_security_group"], {
        "path": "ingress[0].cidr_blocks[*]", "not_equals": "0.0.0.0/0"}),
    "map key": tf(["aws_api_gateway_rest_api"], {"path": "tags.exposure", "equals": "public"}),
    "quoted map key": k8s(["networking.k8s.io/v1/Ingress"], {
        "path": 'metadata.annotations["nginx.ingress.kubernetes.io/auth-url"]', "exists": True}),
    "map of objects": k8s(["security.istio.io/*/PeerAuthentication"], {
        "all": {"path": "spec.portLevelMtls.*", "condition": {"path": "mode",
                                                              "equals": "STRICT"}}}),
    "anchors": k8s(["apps/v1/Deployment"], {"and": [
        {"path": "$pod_spec.hostNetwork", "not_equals": True},
        {"all": {"path": "$containers", "condition": {
            "path": "securityContext.privileged", "not_equals": True}}}]}),
    "type group": k8s(["@workloads"], {"path": "$pod_spec.automountServiceAccountToken",
                                       "equals": False}),
    "data source": tf(["data.aws_iam_policy_document"], {
        "all": {"path": "statement", "condition": {"path": "effect", "equals": "Deny"}}}),
    "connected where on another type": tf(["aws_api_gateway_stage"], {
        "connected": {"direction": "referenced_by", "types": ["aws_wafv2_web_acl_association"],
                      "via": "resource_arn", "where": {"path": "web_acl_arn", "exists": True}}}),
    "via of a references is our own attribute": tf(["aws_iam_role_policy_attachment"], {
        "connected": {"direction": "references", "types": ["aws_iam_policy"],
                      "via": "policy_arn", "where": {"path": "policy", "exists": True}}}),
    "any with where and @key": tf(["aws_lb_listener"], {
        "any": {"path": "default_action", "where": {"path": "@key", "equals": 0},
                "condition": {"and": [{"path": "type", "equals": "redirect"},
                                      {"path": "redirect.protocol", "equals": "HTTPS"}]}}}),
    "count with where": tf(["aws_security_group"], {
        "count": {"path": "ingress", "where": {"path": "from_port", "equals": 22}},
        "equals": 0}),
    "Terraform's own blocks": tf(["variable", "output"], {
        "path": "sensitive", "equals": True}),
    "free-form value": tf(["variable"], {"path": "default.anything[0].below", "exists": True}),
    "custom resource": k8s(["gateway.networking.k8s.io/*/HTTPRoute"], {
        "all": {"path": "spec.rules[*].filters", "condition": {
            "path": "cors.allowOrigins[*]", "not_equals": "*"}}}),
    "added by hand (extra.yaml)": k8s(["v1/Secret"], {"path": "sops", "absent": True}),
    "gateway platforms come next": {"platform": "kong", "resource_types": ["kong_route"],
                                    "condition": {"path": "not.checked.yet", "exists": True}},
}


@pytest.mark.parametrize("check", PASSING.values(), ids=PASSING.keys())
def test_paths_that_can_exist_pass(tmp_path, check):
    groups = {"workloads": ["v1/Pod", "*/Deployment", "argoproj.io/*/Rollout"]}
    catalog = load_catalog(catalog_with(tmp_path, check, groups=groups))
    assert [c.id for c in catalog.controls] == ["demo-control"]


def test_the_shipped_catalog_has_no_path_problem(catalog):
    lists = attribute_lists()
    found = []
    for path in sorted(data_dir("controls").glob("*/*/control.yaml")):
        label = path.relative_to(data_dir("controls")).as_posix()
        for problem in path_problems(yaml.safe_load(path.read_bytes()), catalog.type_groups,
                                     lists):
            found.append((label, controls_module._field(problem.path), problem.message))
    assert found == []


# --- users' controls -------------------------------------------------------------------------


def test_a_users_control_with_a_typo_exits_2_naming_file_and_line(tmp_path, monkeypatch):
    controls = tmp_path / "controls"
    shutil.copytree(REPO / "docs" / "examples" / "custom-controls", controls)
    path = controls / "acme-apigw-private-endpoint" / "control.yaml"
    path.write_text(path.read_text().replace("path: endpoint_configuration.types",
                                             "path: endpoint_configuration.type"))
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                if "endpoint_configuration.type," in text)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path / "cache"))
    for args in (["controls", "test", "controls"],
                 ["controls", "list", "--controls-dir", "controls"]):
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 2, result.output
        assert (f"controls/acme-apigw-private-endpoint/control.yaml:{line}: "
                "checks[0].condition.path: aws_api_gateway_rest_api has no attribute "
                "'endpoint_configuration.type' (did you mean 'endpoint_configuration.types'?)"
                ) in result.output


# --- remembered passes -----------------------------------------------------------------------


@pytest.fixture
def memo(tmp_path):
    schema_memo.enable(tmp_path / "cache")
    yield
    schema_memo.enable(None)


def test_a_warm_load_checks_no_path(tmp_path, memo, monkeypatch):
    catalog_dir = catalog_with(tmp_path, tf(["aws_db_instance"],
                                            {"path": "storage_encrypted", "equals": True}))
    load_catalog(catalog_dir)
    calls = []
    real = semantics_module.path_problems  # imported by the loader when a file is checked
    monkeypatch.setattr(semantics_module, "path_problems",
                        lambda *args: calls.append(args) or real(*args))
    load_catalog(catalog_dir)
    assert calls == []  # remembered: neither the schema nor the lists were looked at
    # a changed byte is checked again
    path = catalog_dir / "logging" / "demo-control" / "control.yaml"
    path.write_text(path.read_text() + "\n")
    load_catalog(catalog_dir)
    assert len(calls) == 1


def test_a_failure_is_never_remembered(tmp_path, memo):
    catalog_dir = catalog_with(tmp_path, tf(["aws_db_instance"],
                                            {"path": "storage_encryptd", "equals": True}))
    for _ in range(2):
        with pytest.raises(CatalogError, match="did you mean 'storage_encrypted'"):
            load_catalog(catalog_dir)


def test_a_change_of_type_groups_checks_again(tmp_path, memo):
    check = k8s(["@workloads"], {"path": "$pod_spec.hostPID", "equals": False})
    load_catalog(catalog_with(tmp_path, check, groups={"workloads": ["v1/Pod"]}))
    with pytest.raises(CatalogError, match="no attribute list for type 'v1/Pood'"):
        load_catalog(catalog_with(tmp_path, check, groups={"workloads": ["v1/Pood"]}))


# --- the data ---------------------------------------------------------------------------------


def test_the_manifest_names_the_data_files_as_they_are():
    folder = data_dir("attributes")
    manifest = json.loads((folder / "sources.json").read_text())
    for name, facts in manifest["files"].items():
        raw = (folder / name).read_bytes()
        assert hashlib.sha256(raw).hexdigest() == facts["sha256"], name
        assert len(json.loads(gzip.decompress(raw))["types"]) == facts["types"]
    providers = {p["provider"]: p["version"] for p in manifest["sources"]["terraform"]["providers"]}
    assert providers == {"hashicorp/aws": "6.19.0", "hashicorp/azurerm": "4.51.0",
                         "hashicorp/google": "7.9.0"}


def test_lists_cover_every_provider_type_and_the_kinds_the_catalog_reads():
    lists = attribute_lists()
    for platform, type_name in [
            ("terraform", "aws_api_gateway_stage"), ("terraform", "data.aws_caller_identity"),
            ("terraform", "azurerm_api_management"), ("terraform", "google_compute_backend_service"),
            ("terraform", "provider"), ("kubernetes", "apps/v1/Deployment"),
            ("kubernetes", "extensions/v1beta1/Ingress"), ("kubernetes", "batch/v1beta1/CronJob"),
            ("kubernetes", "security.istio.io/v1beta1/AuthorizationPolicy"),
            ("kubernetes", "networking.istio.io/v1/DestinationRule"),
            ("kubernetes", "gateway.networking.k8s.io/v1/HTTPRoute"),
            ("kubernetes", "argoproj.io/v1alpha1/Rollout")]:
        assert lists.roots(platform, type_name), type_name
    provider = lists.roots("terraform", "provider")[0]
    assert {"alias", "region", "subscription_id", "project"} <= set(provider)


def test_every_attribute_a_view_derives_is_declared(catalog):
    """What the views add to Terraform and Kubernetes resources on the catalog's samples is in
    attributes/extra.yaml under `derived`, or controls could not read it."""
    from compliance.pipeline.scan import ScanOptions, run_scan

    lists = attribute_lists()
    missing = set()
    folders = [REPO / "examples"] + [Path(c.folder) / side for c in catalog.controls
                                      for side in ("fail", "pass")]
    derived_seen = 0
    for folder in folders:
        result = run_scan([folder], catalog, controls=[], options=ScanOptions(cache_dir=None),
                          frameworks=[])
        for resource in result.resources:
            if resource.platform not in ("terraform", "kubernetes") or not resource.derived:
                continue
            trees = lists.roots(resource.platform, resource.type)
            for name in resource.derived:
                derived_seen += 1
                if not any(isinstance(tree, dict) and name in tree for tree in trees):
                    missing.add((resource.type, name))
    assert derived_seen  # the views did derive something on the samples
    assert not missing, sorted(missing)

"""checkov's findings mapped onto our controls: recorded reports for the fast tests, and one
run of a real checkov (installed into its own virtual environment by .ci/run)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.catalog.frameworks import default_frameworks
from compliance.cli.main import main
from compliance.model import Status, requirements_by_control
from compliance.pipeline import checkov
from compliance.pipeline.scan import run_scan

DATA = Path(__file__).parent / "data"
TERRAFORM = DATA / "pulumi" / "terraform"
REPORT = DATA / "checkov" / "terraform.json"  # checkov 3.3.30 -d tests/data/pulumi/terraform


def _report():
    return json.loads(REPORT.read_text())


NOT_A_CHECK = "CKV_AWS_0"  # no checkov check has this id: it stays unmapped


def _entry_of(kind: str) -> str:
    """A check id the shipped mapping gives `kind` (category or out_of_scope): the mapping grows
    as controls are added, so the examples are taken from it rather than written here."""
    return next(check for check, entry in sorted(checkov.mapping().items()) if kind in entry)


def _with_extras(report, *check_ids):
    """The recorded report with failed checks of these ids on its first failed resource."""
    first = report["results"]["failed_checks"][0]
    for check_id in check_ids:
        report["results"]["failed_checks"].append(
            {**first, "check_id": check_id, "check_name": f"check {check_id}"})
    return report


def test_mapping_names_only_known_controls_and_categories(catalog):
    categories = {c.category for c in catalog.controls}
    for check_id, entry in checkov.mapping().items():
        assert check_id.startswith("CKV"), check_id
        forms = [key for key in ("control", "category", "out_of_scope") if key in entry]
        assert len(forms) == 1, check_id
        if "control" in entry:
            assert entry["control"] in catalog.by_id, check_id
        elif "category" in entry:
            assert entry["category"] in categories, check_id
        assert entry.get("note") or entry.get("out_of_scope"), check_id


def test_mapping_files_are_merged_and_a_check_is_mapped_once(tmp_path, monkeypatch):
    controls = tmp_path / "controls"
    (controls / "checkov").mkdir(parents=True)
    (controls / "checkov-mapping.yaml").write_text(
        "checks:\n  CKV_AWS_59: {control: aws-apigw-method-authorization, note: x}\n")
    (controls / "checkov" / "aws.yaml").write_text(
        "checks:\n  CKV_AWS_1: {out_of_scope: cost reporting}\n")
    monkeypatch.setattr(checkov, "data_dir", lambda name: controls)
    checkov.mapping.cache_clear()
    assert set(checkov.mapping()) == {"CKV_AWS_59", "CKV_AWS_1"}
    (controls / "checkov" / "more.yaml").write_text(
        "checks:\n  CKV_AWS_59: {category: authn, note: y}\n")
    checkov.mapping.cache_clear()
    with pytest.raises(checkov.MappingError, match="CKV_AWS_59 is also mapped in"):
        checkov.mapping()
    checkov.mapping.cache_clear()  # the shipped mapping for the other tests


def test_recorded_report_maps_onto_controls(catalog):
    category_only, out_of_scope = _entry_of("category"), _entry_of("out_of_scope")
    report = _with_extras(_report(), category_only, out_of_scope, NOT_A_CHECK)
    findings = {f.check: f for f in checkov.to_findings(report, catalog, TERRAFORM)}
    auth = findings["checkov:CKV_AWS_59"]
    assert auth.control == "aws-apigw-method-authorization"
    assert auth.category == "authn" and auth.severity == "high"
    assert auth.resource.address == "aws_api_gateway_method.get_orders"
    assert auth.resource.location.file == "main.tf"
    assert auth.resource.location.start_line == 8
    assert findings["checkov:CKV_AWS_76"].control == "aws-apigw-access-logging"
    assert findings["checkov:CKV_AWS_338"].control == "aws-cloudwatch-log-retention"
    assert findings["checkov:CKV_AWS_24"].control == "aws-sg-admin-ports-open"
    # a category alone
    alone = findings[f"checkov:{category_only}"]
    assert (alone.control, alone.category) == \
        (category_only, checkov.mapping()[category_only]["category"])
    # out of scope: left out
    assert f"checkov:{out_of_scope}" not in findings
    assert "checkov:CKV_AWS_120" not in findings  # stage caching: a performance choice
    # not in the table
    unmapped = findings[f"checkov:{NOT_A_CHECK}"]
    assert (unmapped.control, unmapped.category) == (NOT_A_CHECK, "unmapped")
    assert unmapped.title == f"check {NOT_A_CHECK}"


def test_a_list_of_framework_reports_is_read():
    one = _report()
    both = [one, {"check_type": "kubernetes", "results": {"failed_checks": [
        {"check_id": "CKV_K8S_16", "check_name": "Do not admit privileged containers",
         "resource": "Pod.default.web", "file_path": "/pod.yaml", "file_line_range": [1, 9]}]}}]
    checks = checkov.failed_checks(both)
    assert len(checks) == len(one["results"]["failed_checks"]) + 1
    assert checks[-1]["check_type"] == "kubernetes"


KUBERNETES = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules:
  - {apiGroups: ["*"], resources: ["*"], verbs: ["*"]}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - {name: api, image: "api:1.0", securityContext: {privileged: true}}
"""


def test_kubernetes_findings_merge_too(catalog, tmp_path):
    # checkov names objects Kind.namespace.name, with `default` for none: the same Deployment
    # and ClusterRole used to appear twice
    manifest = tmp_path / "app.yaml"
    manifest.write_text(KUBERNETES)
    result = run_scan([tmp_path], catalog)
    failed = [{"check_id": check_id, "check_type": "kubernetes", "resource": resource,
               "file_path": "/app.yaml", "file_abs_path": str(manifest),
               "file_line_range": lines, "check_name": check_id}
              for check_id, resource, lines in (("CKV_K8S_16", "Deployment.default.api", [8, 19]),
                                                ("CKV_K8S_49", "ClusterRole.default.reader", [1, 6]))]
    report = {"check_type": "kubernetes", "results": {"failed_checks": failed}}
    merged = checkov.apply(result, report).findings
    checks = {(f.control, f.resource.address): f.check for f in merged if "checkov:" in f.check}
    assert checks == {
        ("k8s-privileged-container", "Deployment/default/api"): "containers, checkov:CKV_K8S_16",
        ("k8s-rbac-wildcard", "ClusterRole/reader"): "rules, checkov:CKV_K8S_49"}


POLICY_DOCUMENT = """\
data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["*"]
  }
}
"""


def test_data_source_findings_merge_too(catalog, tmp_path):
    # checkov names a data source without `data.`: its policy-document findings never merged
    main_tf = tmp_path / "main.tf"
    main_tf.write_text(POLICY_DOCUMENT)
    result = run_scan([tmp_path], catalog)
    failed = [{"check_id": "CKV_AWS_356", "check_type": "terraform",
               "resource": "aws_iam_policy_document.reader", "file_path": "/main.tf",
               "file_abs_path": str(main_tf), "file_line_range": [1, 6],
               "check_class": "checkov.terraform.checks.data.aws.ResourcePolicyDocument",
               "check_name": "CKV_AWS_356"}]
    report = {"check_type": "terraform", "results": {"failed_checks": failed}}
    merged = [f for f in checkov.apply(result, report).findings if "checkov:" in f.check]
    assert [(f.control, f.resource.address, f.check.split(", ")[-1]) for f in merged] == [
        ("aws-iam-wildcard-resource", "data.aws_iam_policy_document.reader",
         "checkov:CKV_AWS_356")]
    assert not merged[0].check.startswith("checkov:")  # folded into our finding


def test_same_resource_and_control_become_one_finding(catalog):
    result = run_scan([TERRAFORM], catalog)
    before = len(result.findings)
    result = checkov.apply(result, _with_extras(_report(), NOT_A_CHECK))
    auth = [f for f in result.findings if f.control == "aws-apigw-method-authorization"
            and f.status is Status.FAIL]
    assert len(auth) == 1
    assert auth[0].check == "rest-method, checkov:CKV_AWS_59"
    assert auth[0].evidence.line == 12  # ours: the deciding attribute
    # checkov's only: appended; shared ones folded
    assert any(f.control == NOT_A_CHECK for f in result.findings)
    assert len(result.findings) < before + len(checkov.failed_checks(_report()))


def test_mapped_checkov_findings_count_in_frameworks(catalog):
    frameworks = default_frameworks()
    requirements = requirements_by_control(frameworks)
    finding = next(f for f in checkov.to_findings(_report(), catalog, TERRAFORM)
                   if f.check == "checkov:CKV_AWS_59")
    assert requirements[finding.control]
    framework = next(f for f in frameworks
                     if any(finding.control in r for r in [f.control_ids]))
    result = run_scan([TERRAFORM / "main.tf"], catalog, controls=[], frameworks=frameworks,
                      framework_ids=(framework.id,))
    result.controls = list(catalog.controls)
    result = checkov.apply(result, _report(), frameworks, (framework.id,))
    statuses = {r.id: r.status for fr in result.frameworks for r in fr.requirements}
    failing = {ref.requirement for ref in requirements[finding.control] if ref.framework == framework.id}
    assert failing and all(statuses[i] == "failing" for i in failing)


def test_import_command(tmp_path):
    runner = CliRunner()
    recorded = tmp_path / "checkov.json"
    recorded.write_text(json.dumps(_with_extras(_report(), NOT_A_CHECK)))
    out = runner.invoke(main, ["import", "checkov", str(recorded), "--root", str(TERRAFORM),
                               "--format", "json"])
    assert out.exit_code == 1, out.output
    report = json.loads(out.output)
    by_check = {f["check"]: f for f in report["findings"]}
    assert by_check["checkov:CKV_AWS_59"]["control"] == "aws-apigw-method-authorization"
    assert by_check["checkov:CKV_AWS_59"]["requirements"]
    assert by_check[f"checkov:{NOT_A_CHECK}"]["category"] == "unmapped"
    table = runner.invoke(main, ["import", "checkov", str(recorded), "--root", str(TERRAFORM),
                                 "--no-color"])
    assert table.exit_code == 1 and "aws-apigw-method-authorization" in table.output
    assert "\x1b" not in table.output and "summary" in table.output
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    out = runner.invoke(main, ["import", "checkov", str(bad)])
    assert out.exit_code == 2


def test_missing_checkov_is_a_usage_error_before_the_scan(tmp_path):
    out = CliRunner().invoke(main, ["scan", str(TERRAFORM), "--no-config", "--no-cache",
                                    "--with-checkov", "--checkov-bin", "/nonexistent/checkov",
                                    "--format", "json", "-q"])
    assert out.exit_code == 2 and out.stdout == ""  # no report without what was asked for
    assert "checkov not found (/nonexistent/checkov)" in out.stderr
    assert "pipx install checkov" in out.stderr  # the whole message, not cut short


def test_a_checkov_that_fails_is_an_unread_input(tmp_path):
    broken = tmp_path / "checkov"
    broken.write_text("#!/bin/sh\necho 'checkov: something went wrong' >&2\nexit 7\n")
    broken.chmod(0o755)
    out = CliRunner().invoke(main, ["scan", str(TERRAFORM), "--no-config", "--no-cache",
                                    "--with-checkov", "--checkov-bin", str(broken),
                                    "--format", "json", "-q"])
    assert out.exit_code == 3  # checkov's findings are missing: the result is incomplete
    [error] = [e for e in json.loads(out.stdout)["errors"] if e["file"] == "checkov"]
    assert "exit 7" in error["message"] and "something went wrong" in error["message"]


def _checkov_bin() -> str | None:
    return os.environ.get("COMPLIANCE_CHECKOV_BIN") or shutil.which("checkov")


def test_real_checkov_end_to_end():
    binary = _checkov_bin()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("checkov is not installed (.ci/run installs it and sets "
                        "COMPLIANCE_CHECKOV_BIN)")
        pytest.skip("checkov is not installed; set COMPLIANCE_CHECKOV_BIN")
    out = CliRunner().invoke(main, ["scan", str(TERRAFORM), "--no-config", "--no-cache",
                                    "--with-checkov", "--checkov-bin", binary,
                                    "--format", "json", "-q"])
    assert out.exit_code == 1, out.output
    report = json.loads(out.output)
    assert report["errors"] == []
    checks = {f["check"] for f in report["findings"]}
    assert "rest-method, checkov:CKV_AWS_59" in checks
    assert "rest-stage, checkov:CKV_AWS_76" in checks
    # checkov fails these on the sample; the mapping puts them out of scope, so they are dropped
    # (every check of these resource types is classified now: none arrives unmapped)
    assert not [c for c in checks if c.endswith(("checkov:CKV_AWS_237", "checkov:CKV_AWS_23"))]
    assert not [f for f in report["findings"] if f["category"] == "unmapped"]


SAM_URL = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Hook:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      FunctionUrlConfig:
        AuthType: NONE
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      SqsManagedSseEnabled: false
"""


def test_cloudformation_findings_merge_with_ours(catalog, tmp_path):
    template = tmp_path / "template.yaml"
    template.write_text(SAM_URL)
    result = run_scan([tmp_path], catalog)

    def failed(check_id, resource, lines):
        return {"check_id": check_id, "check_type": "cloudformation", "resource": resource,
                "file_path": "/template.yaml", "file_abs_path": str(template),
                "file_line_range": lines, "check_name": check_id}

    report = {"check_type": "cloudformation", "results": {"failed_checks": [
        failed("CKV_AWS_27", "AWS::SQS::Queue.Queue", [10, 13]),  # shared with Terraform's
        failed("CKV_AWS_95", "AWS::Serverless::HttpApi.Api", [1, 2]),  # CloudFormation's own
    ]}}
    findings = checkov.apply(result, report).findings
    queue = [f for f in findings if f.control == "aws-sqs-encryption"]
    assert [(f.resource.address, f.resource.platform, f.check) for f in queue] == [
        ("aws_sqs_queue.Queue", "cloudformation", "queue, checkov:CKV_AWS_27")]
    own = [f for f in findings if f.check == "checkov:CKV_AWS_95"]
    assert [(f.control, f.resource.address) for f in own] == [
        ("aws-apigw-access-logging", "aws_apigatewayv2_api.Api")]


def test_a_finding_on_a_split_off_resource_merges_with_checkovs_on_its_parent(catalog,
                                                                              tmp_path):
    # our finding on a bucket's canned ACL is on the aws_s3_bucket_acl split off the bucket;
    # checkov reports the bucket
    template = tmp_path / "template.yaml"
    template.write_text("Resources:\n  Site:\n    Type: AWS::S3::Bucket\n"
                        "    Properties:\n      AccessControl: PublicRead\n")
    result = run_scan([tmp_path], catalog, [catalog.by_id["aws-s3-public-acl"]])
    report = {"check_type": "cloudformation", "results": {"failed_checks": [{
        "check_id": "CKV_AWS_20", "check_type": "cloudformation",
        "resource": "AWS::S3::Bucket.Site", "file_path": "/template.yaml",
        "file_abs_path": str(template), "file_line_range": [2, 5], "check_name": "public"}]}}
    findings = checkov.apply(result, report).findings
    failing = [(f.resource.address, f.check) for f in findings if f.status is Status.FAIL]
    assert failing == [("aws_s3_bucket_acl.Site_access_control", "bucket-acl, checkov:CKV_AWS_20")]


def test_real_checkov_on_the_sam_example():
    binary = _checkov_bin()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("checkov is not installed (.ci/run installs it and sets "
                        "COMPLIANCE_CHECKOV_BIN)")
        pytest.skip("checkov is not installed; set COMPLIANCE_CHECKOV_BIN")
    sam = Path(__file__).resolve().parents[1] / "examples" / "sam"
    out = CliRunner().invoke(main, ["scan", str(sam), "--no-config", "--no-cache",
                                    "--with-checkov", "--checkov-bin", binary,
                                    "--format", "json", "-q"])
    assert out.exit_code == 1, out.output
    report = json.loads(out.output)
    assert report["errors"] == []
    merged = {(f["check"], f["resource"]["address"]) for f in report["findings"]}
    # checkov's CloudFormation findings fold into ours on the same resource
    assert ("log-group, checkov:CKV_AWS_158", "aws_cloudwatch_log_group.PartnerApiLogs") in merged
    assert ("function, checkov:CKV_AWS_115", "aws_lambda_function.WebhookFunction") in merged

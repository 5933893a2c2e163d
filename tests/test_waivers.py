"""Waivers: inline suppressions (comments, the Kubernetes annotation) and the waivers file.

A waived finding stays in the report with status `waived`, its evidence and the waiver; an
expired waiver no longer applies; a waiver that waives nothing, an inline suppression without
a reason or naming an unknown control are reported; a broken waivers file is exit 2.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from test_cli import SCHEMA, run

from compliance.config.yaml_files import ConfigError
from compliance.model import Status, glob_regex
from compliance.pipeline.scan import ScanOptions, run_scan
from compliance.results.waivers import load_waivers

KMS = '''resource "aws_kms_key" "{name}" {{
  description         = "orders"
  enable_key_rotation = false{comment}
}}
'''
ROTATION = "aws-kms-key-rotation"
TODAY = date(2025, 6, 1)


def write(root: Path, files: dict[str, str]) -> None:
    for relpath, text in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def scan(root: Path, catalog, files: dict[str, str] | None = None, waivers_file: str | None = None):
    write(root, files or {})
    waivers = ()
    if waivers_file:
        waivers = tuple(load_waivers(root / waivers_file, waivers_file, catalog.by_id))
    return run_scan([root], catalog, options=ScanOptions(cache_dir=None, waivers=waivers,
                                                         today=TODAY))


def statuses(result, control: str) -> dict[str, Status]:
    return {f.resource.address: f.status for f in result.findings if f.control == control}


def entries(result, **wanted):
    return [e for e in result.waivers
            if all(getattr(e, key) == value for key, value in wanted.items())]


# --- inline suppressions: Terraform ------------------------------------------------------


def test_terraform_comments_inside_the_block_and_right_above_it(tmp_path, catalog):
    text = ("# Bought from a vendor who rotates it for us.\n"
            f"# compliance:ignore={ROTATION} the vendor rotates this key\n"
            + KMS.format(name="above", comment="")
            + "\n" + KMS.format(name="inside", comment=f"  // compliance:ignore={ROTATION} manual")
            + "\n" + KMS.format(name="plain", comment=""))
    result = scan(tmp_path, catalog, {"main.tf": text})
    assert statuses(result, ROTATION) == {"aws_kms_key.above": Status.WAIVED,
                                          "aws_kms_key.inside": Status.WAIVED,
                                          "aws_kms_key.plain": Status.FAIL}
    above = next(f for f in result.findings
               if f.resource.address == "aws_kms_key.above" and f.control == ROTATION)
    # the evidence is kept, the waiver says where it was written and why
    assert above.evidence.attribute == "enable_key_rotation" and above.evidence.observed is False
    assert (above.waiver.kind, above.waiver.control, above.waiver.reason, above.waiver.file,
            above.waiver.line, above.waiver.owner) == (
        "inline", ROTATION, "the vendor rotates this key", "main.tf", 2, None)
    inside = next(f for f in result.findings
               if f.resource.address == "aws_kms_key.inside" and f.control == ROTATION)
    assert inside.waiver.line == 10 and inside.waiver.reason == "manual"
    assert all(e.matched == 1 for e in result.waivers)


def test_a_comment_after_a_block_does_not_reach_the_block_after_a_blank_line(tmp_path, catalog):
    text = (KMS.format(name="a", comment="") + f"# compliance:ignore={ROTATION} stray comment\n\n"
            + KMS.format(name="b", comment=""))
    result = scan(tmp_path, catalog, {"main.tf": text})
    assert set(statuses(result, ROTATION).values()) == {Status.FAIL}
    assert [e.unused for e in result.waivers] == [True]


def test_several_controls_in_one_suppression(tmp_path, catalog):
    text = f'''resource "aws_s3_bucket" "b" {{
  # compliance:ignore={ROTATION},aws-s3-kms-encryption archive bucket, public data
  bucket = "b"
}}
''' + KMS.format(name="k", comment="")
    result = scan(tmp_path, catalog, {"main.tf": text})
    assert [(e.waiver.control, e.waiver.reason) for e in result.waivers] == [
        (ROTATION, "archive bucket, public data"),
        ("aws-s3-kms-encryption", "archive bucket, public data")]
    # the rotation control judges no bucket: nothing to waive there, and the key stays failing
    assert statuses(result, ROTATION) == {"aws_kms_key.k": Status.FAIL}
    assert [e.unused for e in result.waivers] == [True, False]
    assert {f.status for f in result.findings
            if f.control == "aws-s3-kms-encryption"} == {Status.WAIVED}


def test_a_suppression_without_reason_is_reported_and_not_applied(tmp_path, catalog):
    result = scan(tmp_path, catalog, {
        "main.tf": KMS.format(name="k", comment=f"  # compliance:ignore={ROTATION}")})
    assert statuses(result, ROTATION) == {"aws_kms_key.k": Status.FAIL}
    [entry] = result.waivers
    assert entry.problem == "no reason given; not applied" and not entry.unused
    assert (entry.waiver.file, entry.waiver.line) == ("main.tf", 3)


def test_a_suppression_naming_an_unknown_control_is_reported(tmp_path, catalog):
    result = scan(tmp_path, catalog, {
        "main.tf": KMS.format(name="k", comment=f"  # compliance:ignore=no-such-control,{ROTATION} ok")})
    assert statuses(result, ROTATION) == {"aws_kms_key.k": Status.WAIVED}
    [bad] = entries(result, problem="unknown control 'no-such-control'; not applied")
    assert bad.waiver.line == 3


def test_the_marker_inside_a_string_is_not_a_suppression(tmp_path, catalog):
    text = KMS.format(name="k", comment="").replace(
        '"orders"', f'"see compliance:ignore={ROTATION} in the wiki"')
    result = scan(tmp_path, catalog, {"main.tf": text})
    assert statuses(result, ROTATION) == {"aws_kms_key.k": Status.FAIL}
    assert result.waivers == []


def test_passing_findings_are_not_waived(tmp_path, catalog):
    text = KMS.format(name="k", comment=f"  # compliance:ignore={ROTATION} belt and braces")
    result = scan(tmp_path, catalog, {"main.tf": text.replace("false", "true")})
    assert statuses(result, ROTATION) == {"aws_kms_key.k": Status.PASS}
    assert [e.unused for e in result.waivers] == [True]


def test_a_suppression_in_a_module_applies_to_every_call(tmp_path, catalog):
    result = scan(tmp_path, catalog, {
        "main.tf": 'module "a" {\n  source = "./kms"\n}\nmodule "b" {\n  source = "./kms"\n}\n',
        "kms/main.tf": KMS.format(name="k", comment=f" # compliance:ignore={ROTATION} shared")})
    assert statuses(result, ROTATION) == {"module.a.aws_kms_key.k": Status.WAIVED,
                                          "module.b.aws_kms_key.k": Status.WAIVED}
    assert result.waivers[0].matched == 2


# --- inline suppressions: YAML formats, annotation, XML ----------------------------------

DEPLOYMENT = '''apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
  namespace: orders{annotations}
spec:
  template:
    spec:
      containers:
        - name: app
          image: registry.example.com/app:1.0
          securityContext:
            privileged: true{comment}
'''


def test_kubernetes_comment_in_the_document_and_above_it(tmp_path, catalog):
    text = (DEPLOYMENT.format(name="one", annotations="",
                              comment="  # compliance:ignore=k8s-privileged-container needs a device")
            + "---\n# compliance:ignore=k8s-privileged-container,k8s-run-as-non-root legacy image\n"
            + DEPLOYMENT.format(name="two", annotations="", comment="")
            + "---\n" + DEPLOYMENT.format(name="three", annotations="", comment=""))
    result = scan(tmp_path, catalog, {"k8s/app.yaml": text})
    assert statuses(result, "k8s-privileged-container") == {
        "Deployment/orders/one": Status.WAIVED, "Deployment/orders/two": Status.WAIVED,
        "Deployment/orders/three": Status.FAIL}
    assert statuses(result, "k8s-run-as-non-root")["Deployment/orders/two"] is Status.WAIVED
    assert statuses(result, "k8s-run-as-non-root")["Deployment/orders/one"] is Status.FAIL


def test_kubernetes_annotation(tmp_path, catalog):
    annotations = ('\n  annotations:\n    compliance.io/ignore: "k8s-privileged-container: '
                   'GPU driver needs it; k8s-run-as-non-root,k8s-resource-limits: batch job; '
                   'k8s-read-only-root-filesystem; no-such-control: typo"')
    text = DEPLOYMENT.format(name="gpu", annotations=annotations, comment="")
    result = scan(tmp_path, catalog, {"gpu.yaml": text})
    found = statuses(result, "k8s-privileged-container")
    assert found == {"Deployment/orders/gpu": Status.WAIVED}
    for control in ("k8s-run-as-non-root", "k8s-resource-limits"):
        assert statuses(result, control) == {"Deployment/orders/gpu": Status.WAIVED}
    assert statuses(result, "k8s-read-only-root-filesystem") == {"Deployment/orders/gpu": Status.FAIL}
    waiver = next(f.waiver for f in result.findings if f.control == "k8s-privileged-container")
    assert (waiver.kind, waiver.reason, waiver.file, waiver.line) == (
        "inline", "GPU driver needs it", "gpu.yaml", 7)
    problems = {e.waiver.control: e.problem for e in result.waivers if e.problem}
    assert problems == {"k8s-read-only-root-filesystem": "no reason given; not applied",
                        "no-such-control": "unknown control 'no-such-control'; not applied"}


OPENAPI = '''openapi: 3.0.1
info:
  title: Orders
  version: "1"
x-amazon-apigateway-api-key-source: HEADER
paths:
  /health:
    get:
      # compliance:ignore=openapi-operation-authentication load balancer probe
      security: []
      responses:
        "200":
          description: ok
  /orders:
    get:
      security: []
      responses:
        "200":
          description: ok
'''


def test_openapi_comment_waives_its_operation_only(tmp_path, catalog):
    result = scan(tmp_path, catalog, {"api.yaml": OPENAPI})
    found = statuses(result, "openapi-operation-authentication")
    assert found["orders:GET /health"] is Status.WAIVED
    assert found["orders:GET /orders"] is Status.FAIL


KONG = '''_format_version: "3.0"
services:
  - name: invoices
    url: https://invoices.internal:8443
    routes:
      - name: partner-invoices  # compliance:ignore=kong-route-authentication mTLS at the LB
        paths: [/partner/invoices]
        protocols: [https]
      - name: other
        paths: [/other]
        protocols: [https]
'''


def test_kong_comment_in_a_nested_route_waives_that_route(tmp_path, catalog):
    result = scan(tmp_path, catalog, {"kong.yaml": KONG})
    found = statuses(result, "kong-route-authentication")
    assert found == {"kong:route/invoices/partner-invoices": Status.WAIVED,
                     "kong:route/invoices/other": Status.FAIL}


def test_apim_policy_xml_comment(tmp_path, catalog):
    policy = '''<policies>
  <!-- compliance:ignore=azure-apim-rate-limit limits are set on the product -->
  <inbound>
    <base />
  </inbound>
</policies>
'''
    result = scan(tmp_path, catalog, {"apis/ledger/policy.xml": policy,
                                      "apis/audit/policy.xml": policy.replace("compliance:", "")})
    found = {f.resource.location.file: f.status for f in result.findings
             if f.control == "azure-apim-rate-limit"}
    assert found["apis/ledger/policy.xml"] is Status.WAIVED
    assert found["apis/audit/policy.xml"] is not Status.WAIVED


# --- the waivers file -------------------------------------------------------------------

TWO_KEYS = {"main.tf": KMS.format(name="legacy", comment="") + KMS.format(name="new", comment=""),
            "old/main.tf": KMS.format(name="legacy", comment="")}


def waivers_yaml(*items: str) -> str:
    return "".join(items)


def item(control=ROTATION, resource="aws_kms_key.legacy", reason="vendor key", owner="platform",
         expires="2030-01-31", file=None) -> str:
    lines = [f"- control: {control}", f'  resource: "{resource}"']
    lines += [f"  file: {file}"] if file else []
    lines += [f"  reason: {reason}", f"  owner: {owner}"]
    lines += [f"  expires: {expires}"] if expires else []
    return "\n".join(lines) + "\n"


def test_waiver_matches_by_address_glob(tmp_path, catalog):
    files = {**TWO_KEYS, "w.yaml": item(resource="aws_kms_key.leg*")}
    result = scan(tmp_path, catalog, files, "w.yaml")
    found = {(f.resource.location.file, f.resource.address): f.status
             for f in result.findings if f.control == ROTATION}
    assert found == {("main.tf", "aws_kms_key.legacy"): Status.WAIVED,
                     ("main.tf", "aws_kms_key.new"): Status.FAIL,
                     ("old/main.tf", "aws_kms_key.legacy"): Status.WAIVED}
    waiver = next(f.waiver for f in result.findings if f.status is Status.WAIVED)
    assert (waiver.kind, waiver.owner, waiver.expires, waiver.file, waiver.line) == (
        "file", "platform", date(2030, 1, 31), "w.yaml", 1)
    assert result.waivers[0].matched == 2


def test_waiver_file_glob_narrows_the_match(tmp_path, catalog):
    files = {**TWO_KEYS, "w.yaml": item(resource="*", file="old/*")}
    result = scan(tmp_path, catalog, files, "w.yaml")
    waived = {(f.resource.location.file, f.resource.address) for f in result.findings
              if f.status is Status.WAIVED}
    assert waived == {("old/main.tf", "aws_kms_key.legacy")}


def test_glob_brackets_are_literal():
    assert glob_regex('aws_instance.web[0]').fullmatch("aws_instance.web[0]")
    assert not glob_regex('aws_instance.web[0]').fullmatch("aws_instance.web0")
    assert glob_regex('module.*.aws_s3_bucket.logs').fullmatch('module.api["eu"].aws_s3_bucket.logs')
    assert glob_regex("Deployment/orders/?pi").fullmatch("Deployment/orders/api")


def test_expired_waiver_does_not_apply_and_is_reported(tmp_path, catalog):
    files = {**TWO_KEYS, "w.yaml": item(expires="2025-05-31") + item(resource="aws_kms_key.new",
                                                                      expires="2025-06-01")}
    result = scan(tmp_path, catalog, files, "w.yaml")
    found = statuses(result, ROTATION)
    assert found["aws_kms_key.legacy"] is Status.FAIL  # expired the day before TODAY
    assert found["aws_kms_key.new"] is Status.WAIVED  # valid through its expiry date
    expired, valid = result.waivers
    assert expired.expired and expired.matched == 2 and not expired.unused
    assert not valid.expired and valid.matched == 1


def test_unused_waiver_is_reported(tmp_path, catalog):
    files = {**TWO_KEYS, "w.yaml": item(resource="aws_kms_key.gone")}
    result = scan(tmp_path, catalog, files, "w.yaml")
    assert [e.unused for e in result.waivers] == [True]
    assert Status.WAIVED not in statuses(result, ROTATION).values()


def test_a_waiver_of_a_control_that_did_not_run_is_not_unused(tmp_path, catalog):
    write(tmp_path, {**TWO_KEYS, "w.yaml": item()})
    waivers = tuple(load_waivers(tmp_path / "w.yaml", "w.yaml", catalog.by_id))
    others = [c for c in catalog.controls if c.id != ROTATION]  # as with --framework
    result = run_scan([tmp_path], catalog, controls=others,
                      options=ScanOptions(cache_dir=None, waivers=waivers, today=TODAY))
    [entry] = result.waivers
    assert entry.matched == 0 and not entry.unused


def test_inline_suppression_wins_over_the_waivers_file(tmp_path, catalog):
    files = {"main.tf": KMS.format(name="legacy", comment=f" # compliance:ignore={ROTATION} inline"),
             "w.yaml": item()}
    result = scan(tmp_path, catalog, files, "w.yaml")
    [finding] = [f for f in result.findings if f.control == ROTATION]
    assert finding.waiver.kind == "inline"
    assert [(e.waiver.kind, e.matched, e.unused) for e in result.waivers] == [
        ("inline", 1, False), ("file", 0, True)]


@pytest.mark.parametrize("text,line,message", [
    (item(reason=""), 3, "reason must not be empty"),
    (item().replace("  owner: platform\n", ""), 1, "'owner' is missing"),
    (item() + item(control="aws-kms-key-rotaton"), 6,
     "unknown control 'aws-kms-key-rotaton' (did you mean: aws-kms-key-rotation"),
    (item(expires="2030-02-30"), 5, "expires: '2030-02-30' is not a date written YYYY-MM-DD"),
    (item(expires="31/01/2030"), 5, "is not a date written YYYY-MM-DD"),
    (item() + "  team: payments\n", 6, "unknown key 'team'"),
    ("control: x\n", 1, "the file must hold a list of entries"),
    ("- control: [\n", 2, "invalid YAML"),
    (item() + item(owner="a").replace("  reason: vendor key\n", "  reason: x\n  reason: y\n"), 9,
     "duplicate key 'reason'"),
])
def test_broken_waivers_file_names_file_and_line(tmp_path, catalog, text, line, message):
    path = tmp_path / "waivers.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_waivers(path, "waivers.yaml", catalog.by_id, "waivers.yaml")
    [(found_line, found_message)] = caught.value.problems
    assert found_line == line and message in found_message, caught.value.problems
    assert str(caught.value).startswith(f"waivers.yaml:{line}: ")


def test_every_problem_of_a_waivers_file_is_listed(tmp_path, catalog):
    path = tmp_path / "waivers.yaml"
    path.write_text(item(control="nope") + item(owner='" "', expires="soon"))
    with pytest.raises(ConfigError) as caught:
        load_waivers(path, "waivers.yaml", catalog.by_id)
    assert [line for line, _ in caught.value.problems] == [1, 9, 10]


def test_empty_waivers_file_waives_nothing(tmp_path, catalog):
    path = tmp_path / "waivers.yaml"
    path.write_text("# nothing waived yet\n")
    assert load_waivers(path, "waivers.yaml", catalog.by_id) == []


# --- end to end, through the installed command -------------------------------------------


def test_everything_failing_waived_exits_zero_and_the_json_keeps_it(tmp_path):
    write(tmp_path, {"main.tf": KMS.format(name="legacy", comment=""),
                     ".compliance/waivers.yaml": item(expires="2999-12-31")})
    result = run("scan", tmp_path, "--no-cache", "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    jsonschema.validate(report, SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    assert report["schema_version"] == "1.4"
    [finding] = [f for f in report["findings"] if f["control"] == ROTATION]
    assert finding["status"] == "waived"
    assert finding["evidence"]["attribute"] == "enable_key_rotation"
    assert finding["waiver"] == {"kind": "file", "control": ROTATION, "reason": "vendor key",
                                 "owner": "platform", "expires": "2999-12-31",
                                 "source": {"file": ".compliance/waivers.yaml", "line": 1}}
    assert report["summary"]["by_status"]["waived"] == 1
    assert report["waivers"][0]["matched"] == 1 and report["waivers"][0]["unused"] is False
    # without the waivers file, it fails
    (tmp_path / ".compliance" / "waivers.yaml").unlink()
    assert run("scan", tmp_path, "--no-cache", "-q").returncode == 1


def test_table_counts_waived_and_lists_them_with_show_waived(tmp_path):
    write(tmp_path, {"main.tf": KMS.format(name="legacy", comment=""),
                     "waivers.yaml": item(expires="2999-12-31")})
    result = run("scan", tmp_path, "--no-cache", "--waivers", tmp_path / "waivers.yaml")
    assert result.returncode == 0, result.stderr
    assert "1 waived" in result.stdout and "aws_kms_key.legacy" not in result.stdout
    shown = run("scan", tmp_path, "--no-cache", "--waivers", tmp_path / "waivers.yaml",
                "--show-waived")
    assert f"MEDIUM  {ROTATION}  (waived)" in shown.stdout
    assert "aws_kms_key.legacy  main.tf:" in shown.stdout
    assert "waived: vendor key (owner platform, expires 2999-12-31, waivers.yaml:1)" in shown.stdout


def test_expired_and_unused_waivers_are_notices(tmp_path):
    write(tmp_path, {"main.tf": KMS.format(name="legacy", comment=""),
                     ".compliance/waivers.yaml": item(expires="2020-01-01")
                     + item(resource="aws_kms_key.gone", expires=None)})
    result = run("scan", tmp_path, "--no-cache")
    assert result.returncode == 1  # the expired waiver no longer applies
    assert "expired waivers: they no longer apply (1)" in result.stdout
    assert ".compliance/waivers.yaml:1: aws-kms-key-rotation aws_kms_key.legacy (expired " \
           "2020-01-01, would waive 1)" in " ".join(result.stdout.split())
    assert "unused waivers: they waive nothing in this scan (1)" in result.stdout
    assert "notice: .compliance/waivers.yaml:1: waiver of aws-kms-key-rotation" in result.stderr
    report = json.loads(run("scan", tmp_path, "--no-cache", "--format", "json", "-q").stdout)
    assert [(w["expired"], w["unused"]) for w in report["waivers"]] == [(True, False), (False, True)]


def test_inline_suppression_problems_are_notices(tmp_path):
    write(tmp_path, {"main.tf": KMS.format(name="k", comment=f"  # compliance:ignore={ROTATION}")})
    result = run("scan", tmp_path, "--no-cache")
    assert result.returncode == 1
    assert f"notice: main.tf:3: # compliance:ignore={ROTATION}: no reason given; not applied" \
           in result.stderr
    assert "suppressions not applied (1)" in result.stdout
    report = json.loads(run("scan", tmp_path, "--no-cache", "--format", "json", "-q").stdout)
    assert report["waivers"][0]["problem"] == "no reason given; not applied"


@pytest.mark.parametrize("broken,line,message", [
    (item().replace("  owner: platform\n", ""), 1, "'owner' is missing"),
    (item(reason=""), 3, "reason must not be empty"),
    (item(control="no-such-control"), 1, "unknown control 'no-such-control'"),
])
def test_broken_waivers_file_exits_2_with_file_and_line(tmp_path, broken, line, message):
    write(tmp_path, {"main.tf": KMS.format(name="k", comment=""),
                     ".compliance/waivers.yaml": broken})
    result = run("scan", ".", "--no-cache", cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"error: .compliance/waivers.yaml:{line}: {message}" in result.stderr
    assert result.stdout == ""

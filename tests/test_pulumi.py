"""Pulumi YAML programs, stack exports and previews: normalized onto Terraform types so the
catalog's controls apply unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from compliance.model import Status, Unknown, resource_from_json
from compliance.model.masking import MASK
from compliance.parse.discover import PULUMI_PROGRAM, PULUMI_STATE, PULUMI_YAML, classify
from compliance.parse.pulumi import long_token, normalize, special, type_table
from compliance.parse.pulumi import program_yaml as pulumi_yaml
from compliance.parse.pulumi import state as pulumi_state
from compliance.pipeline.scan import run_scan

DATA = Path(__file__).parent / "data" / "pulumi"

# the insecure API Gateway (and friends) every fixture declares
EXPECTED_FAILURES = {
    ("aws-apigw-method-authorization", "aws_api_gateway_method"),
    ("aws-apigw-access-logging", "aws_api_gateway_stage"),
    ("aws-apigw-xray-tracing", "aws_api_gateway_stage"),
    ("aws-cloudwatch-log-retention", "aws_cloudwatch_log_group"),
    ("aws-s3-public-acl", "aws_s3_bucket_acl"),
    ("aws-sg-admin-ports-open", "aws_security_group"),
}


def _failures(path: Path, catalog) -> tuple[set[tuple[str, str]], list]:
    result = run_scan([path], catalog)
    assert result.errors == []
    failing = {(f.control, f.resource.type) for f in result.findings if f.status is Status.FAIL
               and not f.control.startswith("tf-")}  # the Pulumi fixtures add a secret
    return failing, result.findings


@pytest.fixture(scope="module")
def terraform_failures(catalog):
    return _failures(DATA / "terraform", catalog)[0]


def test_terraform_fixture_fails_the_expected_controls(terraform_failures):
    assert EXPECTED_FAILURES <= terraform_failures


@pytest.mark.parametrize("folder, file", [("yaml", "Pulumi.yaml"), ("export", "stack.json"),
                                          ("preview", "preview.json")])
def test_pulumi_gives_the_same_failures_as_terraform(folder, file, catalog, terraform_failures):
    failing, findings = _failures(DATA / folder, catalog)
    assert failing == terraform_failures
    for finding in findings:
        assert finding.resource.platform == "pulumi"
        assert finding.resource.location.file == file
        assert finding.resource.location.start_line > 1


def test_yaml_locations_point_at_the_resource_and_attribute(catalog):
    _, findings = _failures(DATA / "yaml", catalog)
    text = (DATA / "yaml" / "Pulumi.yaml").read_text().splitlines()
    auth = next(f for f in findings if f.control == "aws-apigw-method-authorization")
    assert text[auth.resource.location.start_line - 1].strip() == "get_orders:"
    assert text[auth.evidence.line - 1].strip() == "authorization: NONE"
    retention = next(f for f in findings if f.control == "aws-cloudwatch-log-retention")
    assert text[retention.evidence.line - 1].strip().startswith("retentionInDays:")
    assert retention.evidence.observed == 7  # from the config default


def _resources(result):
    return {r["name"]: resource_from_json(r) for r in result["resources"]}


def test_yaml_references_variables_secrets_and_native_types():
    result = pulumi_yaml.parse((DATA / "yaml" / "Pulumi.yaml").read_text())
    assert result["errors"] == []
    res = _resources(result)
    method = res["get_orders"]
    assert isinstance(method.attributes["rest_api_id"], Unknown)
    assert method.attributes["rest_api_id"].refs == ("aws_api_gateway_rest_api.api",)
    assert res["prod"].attributes["stage_name"] == "prod"  # a variable
    assert res["access"].attributes["name"] == "/aws/apigateway/orders"  # ${api.name}
    assert res["db_secret"].attributes["secret_string"] == MASK
    assert res["api"].attributes["endpoint_configuration"] == [{"types": ["REGIONAL"]}]
    assert res["table"].type == "aws-native:dynamodb/table:Table"
    assert res["table"].attributes == {"tableName": "orders"}


def test_yaml_functions():
    text = """\
name: p
runtime: yaml
resources:
  role:
    type: aws:iam:Role
    properties:
      assumeRolePolicy:
        fn::toJSON:
          Version: "2012-10-17"
          Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
      description:
        fn::join: ["-", [a, b]]
  policy:
    type: aws:iam:RolePolicy
    properties:
      role: ${role}
      policy:
        fn::toJSON:
          Statement: [{Effect: Allow, Action: "*", Resource: "${role.arn}"}]
  vpc:
    type: aws:ec2:getVpc
    get: {id: vpc-1}
"""
    res = _resources(pulumi_yaml.parse(text))
    assert res["role"].attributes["assume_role_policy"].startswith('{"Version": "2012-10-17"')
    assert res["role"].attributes["description"] == "a-b"
    policy = res["policy"].attributes["policy"]
    assert isinstance(policy, Unknown) and policy.partial["Statement"][0]["Action"] == "*"
    assert "vpc" not in res


def test_bad_yaml_is_an_error_entry():
    result = pulumi_yaml.parse("name: p\nruntime: yaml\nresources:\n  a: [\n")
    assert result["resources"] == [] and result["errors"]
    result = pulumi_yaml.parse("name: p\nruntime: yaml\nresources:\n  a:\n    properties: {}\n")
    assert "no type" in result["errors"][0]["message"]


def test_special_values():
    sig = "4dabf18193072939515e22adb298388d"
    value = special({"a": {sig: "1b47061264138c4ac30d75fd1eb44270", "plaintext": '"hunter2"'},
                     "b": "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "c": "[secret]", "d": 3.0,
                     "e": {sig: "04da6b54-80e4-46f7-96ec-b56ff0331ba9"}})
    assert value["d"] == 3
    assert all(isinstance(value[k], Unknown) for k in "abce")
    assert value["a"].reason == "secret value, encrypted in the stack"
    assert "hunter2" not in repr(value)


def test_export_and_preview_hide_secrets_and_keep_unknowns():
    """A secret in state is encrypted, not written in the source: unknown, never a literal."""
    text = (DATA / "export" / "stack.json").read_text()
    export = _resources(pulumi_state.parse(text))
    assert isinstance(export["db_secret"].attributes["secret_string"], Unknown)
    assert "pulumi:pulumi:Stack" not in {r.type for r in export.values()}
    assert not any(r.type.startswith("pulumi:providers:") for r in export.values())
    preview = _resources(pulumi_state.parse((DATA / "preview" / "preview.json").read_text()))
    assert isinstance(preview["prod"].attributes["rest_api_id"], Unknown)
    assert isinstance(preview["db_secret"].attributes["secret_string"], Unknown)
    assert "old" not in preview  # a deleted resource


def test_normalization_table():
    assert long_token("aws:s3:Bucket") == "aws:s3/bucket:Bucket"
    assert type_table()["aws:apigateway/response:Response"]["type"] == "aws_api_gateway_gateway_response"
    rtype, attrs, how = normalize("aws:apigateway:Stage", {
        "restApi": "x", "accessLogSettings": {"destinationArn": "arn", "format": "f"},
        "tags": {"costCenter": "1"}})
    assert (rtype, how) == ("aws_api_gateway_stage", "terraform")
    assert attrs == {"rest_api_id": "x", "access_log_settings": [{"destination_arn": "arn",
                                                                  "format": "f"}],
                     "tags": {"costCenter": "1"}}
    rtype, attrs, _ = normalize("aws:s3/bucketAclV2:BucketAclV2", {
        "accessControlPolicy": {"grants": [{"grantee": {"uri": "u"}, "permission": "READ"}],
                                "owner": {"id": "o"}}})
    assert attrs == {"access_control_policy": [{"grant": [{"grantee": [{"uri": "u"}],
                                                           "permission": "READ"}],
                                                "owner": [{"id": "o"}]}]}
    assert normalize("aws:foo/bar:Bar", {"someProp": 1})[1:] == ({"some_prop": 1}, "unmapped")


def test_every_mapped_type_is_a_terraform_type_name():
    for token, entry in type_table().items():
        assert token.count(":") == 2 and "/" in token, token
        assert entry["type"].startswith(("aws_", "azurerm_", "google_")), token


def test_classification():
    assert classify("Pulumi.yaml", b"name: x\nruntime: yaml\nresources: {}\n") == PULUMI_YAML
    assert classify("Pulumi.yaml", b"name: x\nruntime:\n  name: yaml\n") == PULUMI_YAML
    # programs in other languages are found, so that a scan that doesn't run them says so
    assert classify("Pulumi.yaml", b"name: x\nruntime: python\n") == PULUMI_PROGRAM
    assert classify("Pulumi.yml", b"name: x\nruntime:\n  name: nodejs\n") == PULUMI_PROGRAM
    assert classify("other.yaml", b"name: x\nruntime: python\n") is None
    assert classify("Main.yaml", b"resources:\n  a:\n    type: aws:s3:Bucket\n") == PULUMI_YAML
    assert classify("stack.json", (DATA / "export" / "stack.json").read_bytes()) == PULUMI_STATE
    assert classify("p.json", (DATA / "preview" / "preview.json").read_bytes()) == PULUMI_STATE


def test_a_secret_config_without_a_value_here_is_unknown_not_a_literal():
    program = ("name: p\nruntime: yaml\nconfig:\n  dbPassword:\n    type: string\n    secret: true\n"
               "resources:\n  db:\n    type: aws:rds:Instance\n    properties:\n"
               "      password: ${dbPassword}\n")
    found = _resources(pulumi_yaml.parse(program))
    assert isinstance(found["db"].attributes["password"], Unknown)

"""CloudFormation and SAM templates: recognized by content, parsed with the line of every key,
resolved as CloudFormation would before deploying, mapped onto Terraform's types so the AWS
controls apply, and bad input reported with its line while the scan goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from compliance.catalog.controls import load_catalog
from compliance.model import Status, Unknown
from compliance.parse.cloudformation import parse
from compliance.parse.discover import CLOUDFORMATION, classify
from compliance.pipeline.scan import ScanOptions, run_scan
from compliance.resolve.cloudformation.parameters import ParametersError, read_parameters

CATALOG = load_catalog()


def scan(tmp_path: Path, files: dict[str, str], controls=None, parameters: str | None = None):
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    options = ScanOptions()
    if parameters is not None:
        (tmp_path.parent / "params").write_text(parameters)
        options = ScanOptions(cfn_parameters=(tmp_path.parent / "params",))
    chosen = None if controls is None else [CATALOG.by_id[c] for c in controls]
    return run_scan([tmp_path], CATALOG, chosen, options)


def by_address(result):
    return {r.address: r for r in result.resources}


def statuses(result, control):
    return {(f.resource.address, f.status) for f in result.findings if f.control == control}


# --- recognition and parsing -------------------------------------------------------------

@pytest.mark.parametrize("name,text", [
    ("t.yaml", "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"),
    ("t.yml", "Transform: AWS::Serverless-2016-10-31\nResources: {}\n"),
    ("t.yaml", "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"),
    ("t.json", '{"Resources": {"Q": {"Type": "AWS::SQS::Queue"}}}'),
    ("t.json", '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}}'),
    # a JSON template with an OpenAPI body inside is a template, not an OpenAPI document
    ("t.json", '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"A": {"Type": '
               '"AWS::ApiGateway::RestApi", "Properties": {"Body": {"openapi": "3.0.1"}}}}}'),
])
def test_templates_are_recognized_by_content(name, text):
    assert classify(name, text.encode()) == CLOUDFORMATION


@pytest.mark.parametrize("name,text", [
    ("k.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"),
    ("c.yaml", "Resources:\n  - name: not a template\n"),
    ("o.yaml", "openapi: 3.0.1\ninfo: {title: x, version: '1'}\npaths: {}\n"),
])
def test_other_yaml_is_not_a_template(name, text):
    assert classify(name, text.encode()) != CLOUDFORMATION


def test_short_form_tags_become_long_form_with_a_line_for_every_key():
    result = parse("Resources:\n"
                   "  Api:\n"
                   "    Type: AWS::ApiGateway::RestApi\n"
                   "    Properties:\n"
                   "      Name: !Sub '${AWS::StackName}-api'\n"
                   "      Policy: !GetAtt Doc.Text\n"
                   "      Tags:\n"
                   "        - {Key: team, Value: !Ref Team}\n")
    assert result["errors"] == []
    properties = result["template"]["Resources"]["Api"]["Properties"]
    assert properties["Name"] == {"Fn::Sub": "${AWS::StackName}-api"}
    assert properties["Policy"] == {"Fn::GetAtt": ["Doc", "Text"]}
    assert properties["Tags"][0]["Value"] == {"Ref": "Team"}
    lines = result["lines"]
    assert lines["Resources.Api"] == 2
    assert lines["Resources.Api.Properties.Name"] == 5
    assert lines["Resources.Api.Properties.Tags[0]"] == 8
    json.dumps(result)  # cached and sent between processes: plain JSON


def test_json_templates_keep_lines_too():
    result = parse('{\n  "Resources": {\n    "Q": {\n      "Type": "AWS::SQS::Queue",\n'
                   '      "Properties": {"KmsMasterKeyId": "alias/x"}\n    }\n  }\n}\n')
    assert result["errors"] == []
    assert result["lines"]["Resources.Q.Properties.KmsMasterKeyId"] == 5


@pytest.mark.parametrize("text,line", [
    ("Resources:\n  A: [\n", 3),
    ("Resources:\n  A:\n    Type: x\n  A:\n    Type: y\n", 2),  # duplicate keys
    ('{\n  "Resources": {\n    "A": {"Type": "x"}\n  }\n', 5),  # a brace short
])
def test_broken_templates_are_errors_with_their_line(text, line):
    result = parse(text)
    assert result["errors"] and result["errors"][0]["line"] == line
    assert "template not parsed" in result["errors"][0]["message"]


# --- values as CloudFormation resolves them ------------------------------------------------

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Env: {Type: String, Default: dev}
  Retention: {Type: Number, Default: 30}
  KeyArn: {Type: String}
Mappings:
  ByEnv:
    dev: {Days: 7}
    prod: {Days: 400}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  HasKey: !Not [!Equals [!Ref KeyArn, ""]]
Resources:
  Logs:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: !FindInMap [ByEnv, !Ref Env, Days]
      LogGroupName: !Sub "/app/${Env}/${AWS::Region}"
      KmsKeyId: !If [HasKey, !Ref KeyArn, !Ref AWS::NoValue]
  ProdOnly:
    Type: AWS::SQS::Queue
    Condition: IsProd
    Properties:
      KmsMasterKeyId: !Join ["/", [alias, !Select [1, [a, b]]]]
  MaybeKey:
    Type: AWS::SNS::Topic
    Condition: HasKey
    Properties:
      KmsMasterKeyId: !Ref KeyArn
"""


def test_defaults_mappings_and_conditions(tmp_path):
    result = scan(tmp_path, {"t.yaml": TEMPLATE}, controls=[])
    resources = by_address(result)
    logs = resources["aws_cloudwatch_log_group.Logs"]
    assert logs.platform == "cloudformation" and logs.scope == "t.yaml"
    assert logs.attributes["retention_in_days"] == 7
    name = logs.attributes["log_group_name"]
    assert isinstance(name, Unknown) and name.partial.text == "/app/dev/${AWS::Region}"
    assert isinstance(logs.attributes["kms_key_id"], Unknown)  # HasKey can't be known
    assert logs.lines["retention_in_days"] == 17 and logs.location.start_line == 14
    # known false: not created; unknown: kept
    assert "aws_sqs_queue.ProdOnly" not in resources
    assert "aws_sns_topic.MaybeKey" in resources


def test_parameter_files_override_defaults(tmp_path):
    cli = json.dumps([{"ParameterKey": "Env", "ParameterValue": "prod"},
                      {"ParameterKey": "KeyArn", "ParameterValue": ""}])
    resources = by_address(scan(tmp_path, {"t.yaml": TEMPLATE}, [], parameters=cli))
    assert resources["aws_cloudwatch_log_group.Logs"].attributes["retention_in_days"] == 400
    assert "kms_key_id" not in resources["aws_cloudwatch_log_group.Logs"].attributes  # NoValue
    assert resources["aws_sqs_queue.ProdOnly"].attributes["kms_master_key_id"] == "alias/b"
    assert "aws_sns_topic.MaybeKey" not in resources
    assert read_parameters("Env=prod\n# comment\nKeyArn=arn:x\n") == {"Env": "prod",
                                                                      "KeyArn": "arn:x"}
    assert read_parameters('{"Parameters": {"Env": "prod"}}') == {"Env": "prod"}
    with pytest.raises(ParametersError) as problem:
        read_parameters("Env prod\n")
    assert problem.value.line == 1


def test_a_bad_parameters_file_is_an_error_and_the_scan_goes_on(tmp_path):
    result = scan(tmp_path, {"t.yaml": TEMPLATE}, [], parameters="[{\"nope\": 1}]")
    assert any("CloudFormation parameters not read" in e.message for e in result.errors)
    assert "aws_cloudwatch_log_group.Logs" in by_address(result)


def test_ref_and_getatt_connect_resources(tmp_path):
    template = """\
Resources:
  Key:
    Type: AWS::KMS::Key
    Properties: {EnableKeyRotation: true}
  Secret:
    Type: AWS::SecretsManager::Secret
    Properties: {KmsKeyId: !GetAtt Key.Arn}
  Rotation:
    Type: AWS::SecretsManager::RotationSchedule
    Properties:
      SecretId: !Ref Secret
      RotationRules: {AutomaticallyAfterDays: 30}
"""
    result = scan(tmp_path, {"t.yaml": template},
                  ["aws-secretsmanager-rotation", "aws-secretsmanager-cmk"])
    assert statuses(result, "aws-secretsmanager-rotation") == {
        ("aws_secretsmanager_secret.Secret", Status.PASS)}
    assert statuses(result, "aws-secretsmanager-cmk") == {
        ("aws_secretsmanager_secret.Secret", Status.PASS)}


def test_problems_in_expressions_are_notices_with_their_line(tmp_path):
    template = """\
Conditions:
  A: !Condition B
  B: !Condition A
Resources:
  Q:
    Type: AWS::SQS::Queue
    Condition: A
    Properties:
      SqsManagedSseEnabled: {"Fn::Frobnicate": [1]}
      QueueName: !Ref Missing
  Nested:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: ../outside.yaml}
  Self:
    Type: AWS::CloudFormation::Stack
    Properties: {TemplateURL: t.yaml}
"""
    result = scan(tmp_path, {"t.yaml": template}, ["aws-sqs-encryption"])
    messages = {(e.line, e.message.split(":")[0].split(",")[0]) for e in result.errors}
    assert (9, "unknown intrinsic function Fn") in messages
    assert any(line == 10 and "Missing" in m for line, m in
               ((e.line, e.message) for e in result.errors))
    assert any("refers to itself" in e.message and e.line in (2, 3) for e in result.errors)
    assert any(e.line == 13 and "outside the scanned folder" in e.message
               for e in result.errors)
    assert any(e.line == 16 and "this template itself" in e.message for e in result.errors)
    # the queue may or may not exist (its condition is unknown): judged, its value unknown
    assert statuses(result, "aws-sqs-encryption") == {("aws_sqs_queue.Q", Status.UNKNOWN)}


def test_a_broken_template_does_not_stop_the_scan(tmp_path):
    result = scan(tmp_path, {"bad.yaml": "AWSTemplateFormatVersion: x\nResources: [\n",
                             "good.yaml": "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n"},
                  ["aws-sqs-encryption"])
    assert any(e.file == "bad.yaml" and e.line for e in result.errors)
    assert statuses(result, "aws-sqs-encryption") == {("aws_sqs_queue.Q", Status.PASS)}



def test_a_resource_whose_type_is_not_a_name_is_an_error_not_a_crash(tmp_path):
    # a Type written as a map (Rain modules, a typo) is no resource type; the rest is read
    template = """\
Resources:
  Module:
    Type: {Rain::Module: ./vpc.yaml}
  Q:
    Type: AWS::SQS::Queue
"""
    result = scan(tmp_path, {"t.yaml": template}, ["aws-sqs-encryption"])
    assert [(e.line, e.message) for e in result.errors] == [
        (2, "resource Module has no Type; not read")]
    assert statuses(result, "aws-sqs-encryption") == {("aws_sqs_queue.Q", Status.PASS)}


def test_a_defect_in_reading_templates_is_an_error_per_template_not_a_crash(tmp_path,
                                                                             monkeypatch):
    import compliance.resolve.cloudformation as cloudformation

    def broken(*args):
        raise TypeError("unhashable type: 'dict'")

    monkeypatch.setattr(cloudformation, "build_resources", broken)
    (tmp_path / "t.yaml").write_text("Resources:\n  Q:\n    Type: AWS::SQS::Queue\n")
    (tmp_path / "main.tf").write_text('resource "aws_sqs_queue" "q" {}\n')
    result = run_scan([tmp_path], CATALOG, [CATALOG.by_id["aws-sqs-encryption"]])
    (error,) = result.errors
    assert (error.file, error.unread) == ("t.yaml", True)
    assert "internal error, TypeError" in error.message
    assert [f.resource.address for f in result.findings] == ["aws_sqs_queue.q"]

# --- shapes: CloudFormation's properties where Terraform's controls read them -------------

def test_nested_and_split_properties_take_terraform_shape(tmp_path):
    template = """\
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      AccessControl: PublicRead
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: aws:kms
      VersioningConfiguration:
        Status: Enabled
  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes:
        - Key: routing.http.drop_invalid_header_fields.enabled
          Value: "true"
        - Key: access_logs.s3.enabled
          Value: "false"
"""
    result = scan(tmp_path, {"t.yaml": template},
                  ["aws-s3-kms-encryption", "aws-s3-versioning", "aws-s3-public-acl",
                   "aws-lb-drop-invalid-headers", "aws-lb-access-logs"])
    resources = by_address(result)
    bucket = resources["aws_s3_bucket.Bucket"]
    assert "acl" not in bucket.attributes
    assert "server_side_encryption_configuration" not in bucket.attributes
    # the canned ACL and the default encryption are resources of their own, as in Terraform
    acl = resources["aws_s3_bucket_acl.Bucket_access_control"]
    assert acl.attributes["acl"] == "public-read" and acl.line_of(("acl",)) == 5
    encryption = resources[
        "aws_s3_bucket_server_side_encryption_configuration.Bucket_bucket_encryption"]
    rule = encryption.attributes["rule"][0]
    assert rule["apply_server_side_encryption_by_default"][0]["sse_algorithm"] == "aws:kms"
    assert encryption.line_of(("rule", 0, "apply_server_side_encryption_by_default", 0,
                               "sse_algorithm")) == 9
    versioning = resources["aws_s3_bucket_versioning.Bucket_versioning_configuration"]
    assert versioning.attributes["versioning_configuration"] == [{"status": "Enabled"}]
    assert statuses(result, "aws-s3-kms-encryption") == {("aws_s3_bucket.Bucket", Status.PASS)}
    assert statuses(result, "aws-s3-versioning") == {("aws_s3_bucket.Bucket", Status.PASS)}
    assert statuses(result, "aws-s3-public-acl") == {
        ("aws_s3_bucket.Bucket", Status.PASS), ("aws_s3_bucket_acl.Bucket_access_control",
                                                Status.FAIL)}
    assert statuses(result, "aws-lb-drop-invalid-headers") == {("aws_lb.Lb", Status.PASS)}
    failing = [f for f in result.findings if f.control == "aws-lb-access-logs"]
    assert [(f.status, f.evidence.line) for f in failing] == [(Status.FAIL, 18)]


def test_security_groups_without_egress_allow_all_outbound(tmp_path):
    template = """\
Resources:
  Open:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: no egress written
  Closed:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: egress to the VPC only
      SecurityGroupEgress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 10.0.0.0/16}
"""
    result = scan(tmp_path, {"t.yaml": template}, ["aws-sg-egress-unrestricted"])
    assert statuses(result, "aws-sg-egress-unrestricted") == {
        ("aws_security_group.Open", Status.FAIL), ("aws_security_group.Closed", Status.PASS)}



def test_standalone_security_group_rules_are_terraforms_rule_resources(tmp_path):
    template = """\
Resources:
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: rules written apart
  Ssh:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !GetAtt Group.GroupId
      IpProtocol: tcp
      FromPort: 22
      ToPort: 22
      CidrIp: 0.0.0.0/0
  Https:
    Type: AWS::EC2::SecurityGroupEgress
    Properties:
      GroupId: !Ref Group
      IpProtocol: tcp
      FromPort: 443
      ToPort: 443
      DestinationSecurityGroupId: sg-0123456789abcdef0
"""
    result = scan(tmp_path, {"t.yaml": template},
                  ["aws-sg-admin-ports-open", "aws-sg-egress-unrestricted"])
    resources = by_address(result)
    ssh = resources["aws_vpc_security_group_ingress_rule.Ssh"]
    # attached to its group by reference, as a Terraform rule's security_group_id is
    assert ssh.attributes["security_group_id"].refs == ("aws_security_group.Group",)
    assert ssh.attributes["cidr_ipv4"] == "0.0.0.0/0"
    https = resources["aws_vpc_security_group_egress_rule.Https"]
    assert https.attributes["referenced_security_group_id"] == "sg-0123456789abcdef0"
    failing = [(f.control, f.resource.address, f.evidence.line) for f in result.findings
               if f.status is Status.FAIL]
    # a standalone egress rule leaves the group's allow-all egress rule in place
    assert sorted(failing) == [
        ("aws-sg-admin-ports-open", "aws_vpc_security_group_ingress_rule.Ssh", 13),
        ("aws-sg-egress-unrestricted", "aws_security_group.Group", 2)]


def test_lifecycle_rules_take_terraform_shape(tmp_path):
    template = """\
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      LifecycleConfiguration:
        Rules:
          - Status: Enabled
            ExpirationInDays: 400
            Transitions: [{TransitionInDays: 30, StorageClass: GLACIER}]
          - Status: Enabled
            Prefix: tmp/
            ExpirationInDays: 30
            NoncurrentVersionExpiration: {NoncurrentDays: 7}
"""
    result = scan(tmp_path, {"t.yaml": template})
    lifecycle = by_address(result)[
        "aws_s3_bucket_lifecycle_configuration.Logs_lifecycle_configuration"]
    assert lifecycle.attributes["bucket"].refs == ("aws_s3_bucket.Logs",)
    first, second = lifecycle.attributes["rule"]
    assert first["expiration"] == [{"days": 400}]
    assert first["transition"] == [{"transition_in_days": 30, "storage_class": "GLACIER"}]
    assert second["expiration"] == [{"days": 30}]
    assert second["noncurrent_version_expiration"] == [{"noncurrent_days": 7}]
    # each rule's expiration keeps the line it is written on
    assert lifecycle.line_of(("rule", 0, "expiration", 0, "days")) == 8
    assert lifecycle.line_of(("rule", 1, "expiration", 0, "days")) == 12


def test_a_trail_takes_terraform_names(tmp_path):
    template = """\
Resources:
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      IsLogging: false
      S3BucketName: acme-trail
      CloudWatchLogsLogGroupArn: arn:aws:logs:eu-west-1:111122223333:log-group:trail:*
      CloudWatchLogsRoleArn: arn:aws:iam::111122223333:role/trail
"""
    result = scan(tmp_path, {"t.yaml": template},
                  ["aws-cloudtrail-logging-enabled", "aws-cloudtrail-cloudwatch-logs"])
    assert statuses(result, "aws-cloudtrail-logging-enabled") == {
        ("aws_cloudtrail.Trail", Status.FAIL)}
    assert statuses(result, "aws-cloudtrail-cloudwatch-logs") == {
        ("aws_cloudtrail.Trail", Status.PASS)}

# --- SAM ----------------------------------------------------------------------------------

SAM = """\
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Tracing: Active
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      Auth:
        DefaultAuthorizer: Jwt
        Authorizers:
          Jwt:
            JwtConfiguration: {issuer: https://id.example.com, audience: [x]}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Events:
        Default:
          Type: HttpApi
          Properties: {ApiId: !Ref Api, Path: /a, Method: get}
        Open:
          Type: HttpApi
          Properties:
            ApiId: !Ref Api
            Path: /b
            Method: get
            Auth: {Authorizer: NONE}
        Implicit:
          Type: Api
          Properties: {Path: /c, Method: post}
"""


def test_sam_functions_events_and_implicit_apis(tmp_path):
    result = scan(tmp_path, {"t.yaml": SAM},
                  ["aws-apigw-method-authorization", "aws-lambda-xray-tracing"])
    resources = by_address(result)
    assert resources["aws_lambda_function.Fn"].attributes["tracing_config"] == [{"mode": "Active"}]
    assert resources["aws_lambda_function.Fn"].lines["tracing_config"] == 5  # from Globals
    assert resources["aws_apigatewayv2_route.FnDefaultRoute"].attributes["route_key"] == "GET /a"
    assert "aws_api_gateway_rest_api.ServerlessRestApi" in resources
    assert "aws_api_gateway_stage.ServerlessRestApiProdStage" in resources
    findings = {(f.resource.address, f.status, f.evidence.line)
                for f in result.findings if f.control == "aws-apigw-method-authorization"}
    assert findings == {
        ("aws_apigatewayv2_route.FnDefaultRoute", Status.PASS, 20),  # the API's default
        ("aws_apigatewayv2_route.FnOpenRoute", Status.FAIL, 29),
        ("aws_api_gateway_method.FnImplicitMethod", Status.FAIL, 30),
    }


def test_sam_functions_get_the_execution_role_sam_makes_from_their_policies(tmp_path):
    template = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Reader:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Tracing: Active
      Policies:
        - AdministratorAccess
        - Statement:
            - {Effect: Allow, Action: "s3:*", Resource: "*"}
        - DynamoDBCrudPolicy:
            TableName: orders
  Plain:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
  Given:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Role: arn:aws:iam::111122223333:role/given
"""
    controls = ["aws-iam-no-admin-wildcard", "aws-iam-no-service-wildcard",
                "aws-iam-role-per-workload"]
    result = scan(tmp_path, {"template.yaml": template}, controls)
    resources = by_address(result)
    assert "aws_iam_role.GivenRole" not in resources
    role = resources["aws_iam_role.ReaderRole"]
    arns = [arn.partial.pieces[-1] for arn in role.attributes["managed_policy_arns"]]
    assert arns == [":iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                    ":iam::aws:policy/AWSXrayWriteOnlyAccess",
                    ":iam::aws:policy/AdministratorAccess"]
    assert resources["aws_lambda_function.Reader"].attributes["role"].refs == \
        ("aws_iam_role.ReaderRole",)
    found = {(f.control, f.check, f.resource.address): (f.status, f.evidence.line)
             for f in result.findings}
    assert found[("aws-iam-no-admin-wildcard", "role-managed-policies",
                  "aws_iam_role.ReaderRole")] == (Status.FAIL, 11)
    assert found[("aws-iam-no-service-wildcard", "role-inline-policy",
                  "aws_iam_role.ReaderRole")] == (Status.FAIL, 12)
    # the policy template is not expanded: what needs it is unknown
    assert found[("aws-iam-no-admin-wildcard", "role-inline-policy",
                  "aws_iam_role.ReaderRole")][0] is Status.UNKNOWN
    assert found[("aws-iam-no-admin-wildcard", "role-managed-policies",
                  "aws_iam_role.PlainRole")][0] is Status.PASS
    assert found[("aws-iam-role-per-workload", "lambda-function",
                  "aws_lambda_function.Reader")][0] is Status.PASS


def test_sam_definition_uri_is_read_where_the_document_lives(tmp_path):
    openapi = ("openapi: 3.0.1\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n"
               "      responses: {'200': {description: ok}}\n")
    template = ("Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n"
                "    Type: AWS::Serverless::Api\n    Properties:\n      StageName: v1\n"
                "      DefinitionUri: api/openapi.yaml\n")
    result = scan(tmp_path, {"t.yaml": template, "api/openapi.yaml": openapi},
                  ["openapi-operation-authentication"])
    found = [f for f in result.findings if f.control == "openapi-operation-authentication"]
    assert [(f.resource.location.file, f.status) for f in found] == [
        ("api/openapi.yaml", Status.FAIL)]


def test_policy_documents_keep_their_own_keys(tmp_path):
    template = """\
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: everything
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: "*"
                Resource: "*"
  Scoped:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - {Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::reports/*"}
"""
    result = scan(tmp_path, {"t.yaml": template}, ["aws-iam-no-admin-wildcard"])
    role = by_address(result)["aws_iam_role.Role"]
    assert role.attributes["inline_policy"][0]["policy"]["Statement"][0]["Action"] == "*"
    assert statuses(result, "aws-iam-no-admin-wildcard") == {
        ("aws_iam_role.Role", Status.FAIL), ("aws_iam_policy.Scoped", Status.PASS)}


def test_user_and_group_policies_become_terraforms_policy_resources(tmp_path):
    template = """\
Resources:
  Ops:
    Type: AWS::IAM::User
    Properties:
      UserName: ops
      Policies:
        - PolicyName: read
          PolicyDocument:
            Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::r/*"}]
        - PolicyName: all
          PolicyDocument:
            Statement: [{Effect: Allow, Action: "*", Resource: "*"}]
  Admins:
    Type: AWS::IAM::Group
    Properties:
      Policies:
        - PolicyName: all
          PolicyDocument:
            Statement: [{Effect: Allow, Action: "*", Resource: "*"}]
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/ReadOnlyAccess
        - arn:aws:iam::aws:policy/AdministratorAccess
  Deployer:
    Type: AWS::IAM::RolePolicy
    Properties:
      RoleName: deployer
      PolicyName: deploy
      PolicyDocument:
        Statement: [{Effect: Allow, Action: "*", Resource: "*"}]
  Reports:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Users: [!Ref Ops]
      PolicyDocument:
        Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "arn:aws:s3:::r/*"}]
"""
    result = scan(tmp_path, {"t.yaml": template},
                  ["aws-iam-no-admin-wildcard", "aws-iam-user-direct-policy"])
    # a managed policy's Users are Terraform's attachments of it: a policy attached to a user
    attached = by_address(result)["aws_iam_user_policy_attachment.Reports_users_0"]
    assert attached.attributes["user"].refs == ("aws_iam_user.Ops",)
    assert attached.attributes["policy_arn"].refs == ("aws_iam_policy.Reports",)
    assert statuses(result, "aws-iam-user-direct-policy") == {
        ("aws_iam_user.Ops", Status.FAIL)}
    resources = by_address(result)
    read = resources["aws_iam_user_policy.Ops_policies_0"]
    assert read.attributes["name"] == "read"
    assert read.attributes["user"].refs == ("aws_iam_user.Ops",)
    assert resources["aws_iam_role_policy.Deployer"].attributes["role"] == "deployer"
    assert "policies" not in resources["aws_iam_user.Ops"].attributes
    assert statuses(result, "aws-iam-no-admin-wildcard") == {
        ("aws_iam_user_policy.Ops_policies_0", Status.PASS),
        ("aws_iam_user_policy.Ops_policies_1", Status.FAIL),
        ("aws_iam_group_policy.Admins_policies_0", Status.FAIL),
        ("aws_iam_group_policy_attachment.Admins_managed_policy_arns_0", Status.PASS),
        ("aws_iam_group_policy_attachment.Admins_managed_policy_arns_1", Status.FAIL),
        ("aws_iam_role_policy.Deployer", Status.FAIL),
        ("aws_iam_policy.Reports", Status.PASS),
        ("aws_iam_user_policy_attachment.Reports_users_0", Status.PASS)}
    line = {f.resource.address: f.evidence.line for f in result.findings
            if f.status is Status.FAIL}
    assert line["aws_iam_user_policy.Ops_policies_1"] == 11
    assert line["aws_iam_group_policy_attachment.Admins_managed_policy_arns_1"] == 22
    attachment = resources["aws_iam_group_policy_attachment.Admins_managed_policy_arns_1"]
    assert attachment.attributes["group"].refs == ("aws_iam_group.Admins",)


def test_a_text_with_deploy_time_parts_keeps_its_known_stretches(tmp_path):
    """`arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess` is still that policy, as
    Terraform's `arn:${data.aws_partition.current.partition}:...` is."""
    template = """\
Resources:
  Ci:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: codebuild.amazonaws.com}}]
      ManagedPolicyArns:
        - !Sub "arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess"
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: codebuild.amazonaws.com}}]
      ManagedPolicyArns:
        - !Join ["", ["arn:", !Ref AWS::Partition, ":iam::aws:policy/ReadOnlyAccess"]]
"""
    result = scan(tmp_path, {"t.yaml": template}, ["aws-iam-no-admin-wildcard"])
    arn = by_address(result)["aws_iam_role.Ci"].attributes["managed_policy_arns"][0]
    assert arn.partial.pieces == ("arn:", None, ":iam::aws:policy/AdministratorAccess")
    joined = by_address(result)["aws_iam_role.Reader"].attributes["managed_policy_arns"][0]
    assert joined.partial.pieces == ("arn:", None, ":iam::aws:policy/ReadOnlyAccess")
    assert statuses(result, "aws-iam-no-admin-wildcard") == {
        ("aws_iam_role.Ci", Status.FAIL), ("aws_iam_role.Reader", Status.PASS)}


def test_sam_resources_without_the_transform_are_still_sam(tmp_path):
    template = ("Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n"
                "      Handler: app.handler\n      Runtime: python3.12\n")
    assert "aws_lambda_function.Fn" in by_address(scan(tmp_path, {"t.yaml": template}, []))


def test_appsync_apis_meet_the_graphql_controls(tmp_path):
    template = """\
Resources:
  Api:
    Type: AWS::AppSync::GraphQLApi
    Properties:
      Name: shop
      AuthenticationType: API_KEY
      IntrospectionConfig: DISABLED
      LogConfig: {CloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/logs", FieldLogLevel: NONE}
  Acl:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !GetAtt Api.Arn
      WebACLArn: arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/1
"""
    controls = ["aws-appsync-api-key-only", "aws-appsync-introspection-disabled",
                "aws-appsync-logging", "aws-appsync-query-limits", "aws-appsync-waf"]
    result = scan(tmp_path, {"t.yaml": template}, controls)
    found = {(f.control, f.status, f.evidence.line) for f in result.findings}
    assert found == {("aws-appsync-api-key-only", Status.FAIL, 6),
                     ("aws-appsync-introspection-disabled", Status.PASS, 7),
                     ("aws-appsync-logging", Status.FAIL, 8),
                     ("aws-appsync-query-limits", Status.FAIL, 2),
                     ("aws-appsync-waf", Status.PASS, 2)}


def test_a_stage_arn_written_with_its_name_refers_to_the_stage(tmp_path):
    template = """\
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: shop}
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Api, StageName: prod, DeploymentId: d1}
  Beta:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Api, StageName: beta, DeploymentId: d1}
  Acl:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Sub arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/prod
      WebACLArn: arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/1
"""
    result = scan(tmp_path, {"t.yaml": template}, ["aws-apigw-waf"])
    assert statuses(result, "aws-apigw-waf") == {
        ("aws_api_gateway_stage.Prod", Status.PASS), ("aws_api_gateway_stage.Beta", Status.FAIL)}


def test_a_load_balancers_scheme_is_terraforms_internal(tmp_path):
    # `Scheme: internal` was kept as `scheme`, which no control reads, so an internal load
    # balancer was judged as an internet-facing one
    result = scan(tmp_path, {"t.yaml": (
        "Resources:\n"
        "  Inner:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n"
        "    Properties:\n      Scheme: internal\n"
        "  Outer:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n"
        "    Properties:\n      Scheme: internet-facing\n"
        "  Plain:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n")})
    resources = {r.address.rsplit(".", 1)[-1]: r.attributes for r in result.resources
                 if r.type == "aws_lb"}
    assert resources["Inner"]["internal"] is True
    assert resources["Outer"]["internal"] is False
    assert "internal" not in resources["Plain"] and "scheme" not in resources["Inner"]


def test_a_parameter_groups_map_becomes_terraforms_parameter_blocks(tmp_path):
    # written as a map, or as JSON text (CloudFormation takes both); a number is the string
    # RDS receives, and a key keeps its dots and capitals
    template = """\
Resources:
  Strict:
    Type: AWS::RDS::DBParameterGroup
    Properties:
      Family: postgres16
      Description: strict
      Parameters:
        rds.force_ssl: 1
        MaxConnections: '100'
  Loose:
    Type: AWS::RDS::DBClusterParameterGroup
    Properties:
      Family: aurora-mysql8.0
      Description: loose
      Parameters: '{"require_secure_transport": "OFF"}'
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      Engine: Postgres
      EngineVersion: '14.12'
      DBParameterGroupName: !Ref Strict
  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-mysql
      DBClusterParameterGroupName: !Ref Loose
"""
    result = scan(tmp_path, {"t.yaml": template}, ["aws-rds-tls-required"])
    strict = by_address(result)["aws_db_parameter_group.Strict"]
    assert strict.attributes["parameter"] == [{"name": "rds.force_ssl", "value": "1"},
                                              {"name": "MaxConnections", "value": "100"}]
    assert strict.line_of(("parameter", 0, "value")) == 8
    # RDS takes the engine's name in any case: the check reads Terraform's spelling
    assert by_address(result)["aws_db_instance.Db"].attributes["engine"] == "postgres"
    loose = by_address(result)["aws_rds_cluster_parameter_group.Loose"]
    assert loose.attributes["parameter"] == [{"name": "require_secure_transport", "value": "OFF"}]
    assert statuses(result, "aws-rds-tls-required") == {
        ("aws_db_instance.Db", Status.PASS), ("aws_rds_cluster.Cluster", Status.FAIL)}


def test_an_instance_without_publicly_accessible_is_left_to_rds(tmp_path):
    # Terraform's provider sends false; CloudFormation lets RDS decide from the VPC
    result = scan(tmp_path, {"t.yaml": (
        "Resources:\n"
        "  Unset:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: mysql}\n"
        "  Private:\n    Type: AWS::RDS::DBInstance\n"
        "    Properties: {Engine: mysql, PubliclyAccessible: false}\n")},
        ["aws-rds-not-public"])
    assert statuses(result, "aws-rds-not-public") == {
        ("aws_db_instance.Unset", Status.UNKNOWN), ("aws_db_instance.Private", Status.PASS)}
    assert isinstance(by_address(result)["aws_db_instance.Unset"]
                      .attributes["publicly_accessible"], Unknown)


def test_flat_properties_are_gathered_into_a_resource_of_their_own(tmp_path):
    # AutomaticBackupReplication* on the instance: Terraform's backups replication resource
    result = scan(tmp_path, {"t.yaml": (
        "Resources:\n"
        "  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n"
        "      Engine: mysql\n      KmsKeyId: arn:aws:kms:eu-west-1:1:key/a\n"
        "      AutomaticBackupReplicationRegion: eu-central-1\n"
        "      AutomaticBackupReplicationRetentionPeriod: 14\n"
        "  Plain:\n    Type: AWS::RDS::DBInstance\n"
        "    Properties: {Engine: mysql, KmsKeyId: arn:aws:kms:eu-west-1:1:key/a}\n")},
        ["aws-rds-cmk"])
    resources = by_address(result)
    replication = resources[
        "aws_db_instance_automated_backups_replication.Db_automatic_backup_replication_region"]
    assert replication.attributes["retention_period"] == 14
    assert replication.line_of(("retention_period",)) == 8
    assert not [k for k in resources["aws_db_instance.Db"].attributes if "replication" in k]
    assert [r for r in resources if "Plain_" in r] == []
    assert statuses(result, "aws-rds-cmk") == {
        ("aws_db_instance.Db", Status.PASS), ("aws_db_instance.Plain", Status.PASS),
        (replication.address, Status.FAIL)}


def test_graph_document_and_warehouse_databases_are_mapped(tmp_path):
    result = scan(tmp_path, {"t.yaml": """\
Resources:
  Graph:
    Type: AWS::Neptune::DBCluster
    Properties: {IamAuthEnabled: true, KmsKeyId: arn:aws:kms:eu-west-1:1:key/a}
  Docs:
    Type: AWS::DocDB::DBCluster
    Properties: {MasterUsername: admin, ManageMasterUserPassword: true,
                 EnableCloudwatchLogsExports: [audit]}
  Restored:
    Type: AWS::RDS::DBCluster
    Properties: {Engine: aurora-mysql, SourceDBClusterIdentifier: old, RestoreType: copy-on-write}
  Warehouse:
    Type: AWS::Redshift::Cluster
    Properties:
      ClusterIdentifier: warehouse
      LoggingProperties: {BucketName: logs}
"""}, ["aws-neptune-iam-authentication", "aws-neptune-cmk", "aws-docdb-audit-logs",
       "aws-db-master-password-managed", "aws-redshift-audit-logging",
       "aws-rds-backup-retention"])
    assert statuses(result, "aws-neptune-iam-authentication") == {
        ("aws_neptune_cluster.Graph", Status.PASS)}
    assert statuses(result, "aws-neptune-cmk") == {("aws_neptune_cluster.Graph", Status.PASS)}
    assert statuses(result, "aws-docdb-audit-logs") == {("aws_docdb_cluster.Docs", Status.PASS)}
    assert ("aws_docdb_cluster.Docs", Status.PASS) in statuses(
        result, "aws-db-master-password-managed")
    # LoggingProperties is Terraform's aws_redshift_logging, which refers to the cluster
    assert statuses(result, "aws-redshift-audit-logging") == {
        ("aws_redshift_cluster.Warehouse", Status.PASS)}
    # a cluster restored to a point in time keeps its source's retention: not checked
    restored = by_address(result)["aws_rds_cluster.Restored"]
    assert restored.attributes["restore_to_point_in_time"] == [
        {"source_cluster_identifier": "old", "restore_type": "copy-on-write"}]
    assert "aws_rds_cluster.Restored" not in {a for a, _ in statuses(
        result, "aws-rds-backup-retention")}


GLOBAL_TABLE = """\
Resources:
  Orders:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      SSESpecification: {SSEEnabled: true, SSEType: KMS}
      Replicas:
        - Region: eu-west-1
          SSESpecification: {KMSMasterKeyId: arn:aws:kms:eu-west-1:1:key/a}
          PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
        - Region: {here}
          SSESpecification: {KMSMasterKeyId: arn:aws:kms:eu-central-1:1:key/b}
          PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: false}
"""


def test_a_global_tables_replica_in_the_stacks_region_is_the_table(tmp_path):
    result = scan(tmp_path, {"t.yaml": GLOBAL_TABLE.replace("{here}", "!Ref AWS::Region")},
                  ["aws-dynamodb-cmk", "aws-dynamodb-pitr"])
    table = by_address(result)["aws_dynamodb_table.Orders"]
    assert table.attributes["server_side_encryption"] == [
        {"enabled": True, "sse_type": "KMS", "kms_key_arn": "arn:aws:kms:eu-central-1:1:key/b"}]
    assert table.attributes["point_in_time_recovery"] == [{"enabled": False}]
    assert table.attributes["replica"] == [{"region_name": "eu-west-1", "kms_key_arn":
                                            "arn:aws:kms:eu-west-1:1:key/a",
                                            "point_in_time_recovery": True}]
    assert table.line_of(("server_side_encryption", 0, "kms_key_arn")) == 11
    assert table.line_of(("replica", 0, "kms_key_arn")) == 8
    assert statuses(result, "aws-dynamodb-cmk") == {("aws_dynamodb_table.Orders", Status.PASS)}
    assert statuses(result, "aws-dynamodb-pitr") == {("aws_dynamodb_table.Orders", Status.FAIL)}


def test_a_global_table_without_its_stack_region_keeps_every_replica(tmp_path):
    # every replica names a key: so does the stack's, whichever it is; its recovery is unknown
    result = scan(tmp_path, {"t.yaml": GLOBAL_TABLE.replace("{here}", "eu-central-1")},
                  ["aws-dynamodb-cmk", "aws-dynamodb-pitr"])
    table = by_address(result)["aws_dynamodb_table.Orders"]
    assert [r["region_name"] for r in table.attributes["replica"]] == ["eu-west-1",
                                                                       "eu-central-1"]
    assert isinstance(table.attributes["server_side_encryption"][0]["kms_key_arn"], Unknown)
    assert statuses(result, "aws-dynamodb-cmk") == {("aws_dynamodb_table.Orders", Status.PASS)}
    assert statuses(result, "aws-dynamodb-pitr") == {("aws_dynamodb_table.Orders", Status.UNKNOWN)}
    # one replica without a key: the table fails, whether it is the stack's or another
    keyless = GLOBAL_TABLE.replace("{here}", "eu-central-1").replace(
        "          SSESpecification: {KMSMasterKeyId: arn:aws:kms:eu-central-1:1:key/b}\n", "")
    result = scan(tmp_path, {"t.yaml": keyless}, ["aws-dynamodb-cmk"])
    assert statuses(result, "aws-dynamodb-cmk") == {("aws_dynamodb_table.Orders", Status.FAIL)}


def test_eks_log_types_written_as_objects_become_terraforms_list(tmp_path):
    # CloudFormation writes `EnabledTypes: [{Type: api}, ...]` three levels down; Terraform's
    # `enabled_cluster_log_types` is a list of names on the cluster
    template = """\
Resources:
  Main:
    Type: AWS::EKS::Cluster
    Properties:
      RoleArn: arn:aws:iam::123456789012:role/eks
      ResourcesVpcConfig: {SubnetIds: [subnet-1], EndpointPublicAccess: false}
      Logging:
        ClusterLogging:
          EnabledTypes:
            - Type: api
            - Type: audit
"""
    result = scan(tmp_path, {"t.yaml": template}, ["aws-eks-control-plane-audit-logs"])
    cluster = by_address(result)["aws_eks_cluster.Main"]
    assert cluster.attributes["enabled_cluster_log_types"] == ["api", "audit"]
    assert cluster.attributes["vpc_config"] == [{"subnet_ids": ["subnet-1"],
                                                 "endpoint_public_access": False}]
    failing = [f for f in result.findings if f.control == "aws-eks-control-plane-audit-logs"]
    assert [(f.status, f.evidence.line) for f in failing] == [(Status.FAIL, 9)]


def test_endpoint_service_principals_become_one_resource_each(tmp_path):
    # Terraform writes one aws_vpc_endpoint_service_allowed_principal per principal; a list
    # CloudFormation cannot know yet stays one resource whose principal is unknown
    template = """\
Parameters:
  Consumers: {Type: CommaDelimitedList}
Resources:
  Service:
    Type: AWS::EC2::VPCEndpointService
    Properties: {AcceptanceRequired: false}
  Named:
    Type: AWS::EC2::VPCEndpointServicePermissions
    Properties:
      ServiceId: !Ref Service
      AllowedPrincipals:
        - arn:aws:iam::111122223333:root
        - "*"
  Later:
    Type: AWS::EC2::VPCEndpointServicePermissions
    Properties:
      ServiceId: !Ref Service
      AllowedPrincipals: !Ref Consumers
"""
    result = scan(tmp_path, {"t.yaml": template}, ["aws-vpc-endpoint-service-open"])
    principals = {r.name: r for r in result.resources
                  if r.type == "aws_vpc_endpoint_service_allowed_principal"}
    assert sorted(principals) == ["Later", "Named_0", "Named_1"]
    assert principals["Named_1"].attributes["principal_arn"] == "*"
    assert principals["Named_1"].line_of(("principal_arn",)) == 13
    assert isinstance(principals["Later"].attributes["principal_arn"], Unknown)
    assert "allowed_principals" not in principals["Named_0"].attributes
    assert statuses(result, "aws-vpc-endpoint-service-open") == {
        ("aws_vpc_endpoint_service.Service", Status.FAIL)}


NESTED_STORAGE = """\
Parameters:
  Encrypted: {Type: String, Default: "true"}
  KeyId: {Type: String, Default: alias/aws/ebs}
  Name: {Type: String, Default: unnamed}
Resources:
  Data:
    Type: AWS::EC2::Volume
    Properties:
      AvailabilityZone: eu-west-1a
      Encrypted: !Ref Encrypted
      KmsKeyId: !Ref KeyId
      Tags: [{Key: Name, Value: !Ref Name}]
"""


def nesting_parent(encrypted: str) -> str:
    return f"""\
Parameters:
  Env: {{Type: String, Default: prod}}
Resources:
  Key:
    Type: AWS::KMS::Key
  Storage:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: nested/storage.yaml
      Parameters:
        Encrypted: "{encrypted}"
        KeyId: !GetAtt Key.Arn
        Name: !Sub "${{Env}}-data"
"""


def test_a_nested_template_is_read_with_the_parameters_its_parent_passes(tmp_path):
    result = scan(tmp_path, {"parent.yaml": nesting_parent("false"),
                             "nested/storage.yaml": NESTED_STORAGE},
                  ["aws-ebs-volume-encrypted"])
    volume = by_address(result)["aws_ebs_volume.Data"]
    # known in the parent: passed as is, over the child's default
    assert volume.attributes["encrypted"] == "false"
    assert volume.attributes["tags"] == [{"Key": "Name", "Value": "prod-data"}]
    # the parent's key is created at deploy: unknown in the child, and not its default
    key = volume.attributes["kms_key_id"]
    assert isinstance(key, Unknown) and key.refs == () and "parent.yaml" in key.reason
    assert statuses(result, "aws-ebs-volume-encrypted") == {("aws_ebs_volume.Data", Status.FAIL)}
    assert any("with the parameters this stack passes" in e.message for e in result.errors)


def test_a_template_nested_twice_with_different_values_has_them_unknown(tmp_path):
    result = scan(tmp_path, {"a.yaml": nesting_parent("false"), "b.yaml": nesting_parent("true"),
                             "nested/storage.yaml": NESTED_STORAGE},
                  ["aws-ebs-volume-encrypted"])
    volume = by_address(result)["aws_ebs_volume.Data"]
    assert isinstance(volume.attributes["encrypted"], Unknown)
    assert statuses(result, "aws-ebs-volume-encrypted") == {
        ("aws_ebs_volume.Data", Status.UNKNOWN)}


def test_a_sam_application_is_a_nested_stack_of_its_location(tmp_path):
    # SAM makes an AWS::Serverless::Application a nested stack: a local Location is read with
    # the parameters passed; an application of the Serverless Application Repository is not
    # on disk, and says so
    parent = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Storage:
    Type: AWS::Serverless::Application
    Properties:
      Location: nested/storage.yaml
      Parameters: {Encrypted: "false", Name: app-data}
  Published:
    Type: AWS::Serverless::Application
    Properties:
      Location:
        ApplicationId: arn:aws:serverlessrepo:us-east-1:123456789012:applications/backup
        SemanticVersion: 1.0.0
"""
    result = scan(tmp_path, {"template.yaml": parent, "nested/storage.yaml": NESTED_STORAGE},
                  ["aws-ebs-volume-encrypted"])
    volume = by_address(result)["aws_ebs_volume.Data"]
    assert volume.attributes["encrypted"] == "false"
    assert volume.attributes["tags"] == [{"Key": "Name", "Value": "app-data"}]
    (published,) = [e for e in result.errors if "Published" in e.message]
    assert (published.file, published.line, published.skipped) == ("template.yaml", 11, "stack")


def test_instance_volumes_and_public_address_take_terraform_shape(tmp_path):
    # CloudFormation lists every volume in BlockDeviceMappings without saying which is the root
    # one (the AMI's device name decides), and asks for a public address on an interface
    template = """\
Parameters:
  ExtraVolume: {Type: String}
Conditions:
  WithExtra: !Equals [!Ref ExtraVolume, "yes"]
Resources:
  Db:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-1
      BlockDeviceMappings:
        - DeviceName: /dev/xvda
          Ebs: {Encrypted: true}
        - DeviceName: /dev/sdb
          VirtualName: ephemeral0
        - DeviceName: /dev/sdf
          Ebs:
            Encrypted: false
        - !If [WithExtra, {DeviceName: /dev/sdg, Ebs: {}}, !Ref AWS::NoValue]
      NetworkInterfaces:
        - DeviceIndex: "0"
          AssociatePublicIpAddress: true
"""
    result = scan(tmp_path, {"t.yaml": template},
                  ["aws-ec2-volume-encryption", "aws-ec2-public-ip"])
    db = by_address(result)["aws_instance.Db"]
    assert db.attributes["ami"] == "ami-1"
    root, *added, maybe = db.attributes["ebs_block_device"]
    assert [root, *added] == [{"device_name": "/dev/xvda", "encrypted": True},
                              {"device_name": "/dev/sdf", "encrypted": False}]
    assert isinstance(maybe, Unknown)  # a volume only if the condition holds
    assert isinstance(db.attributes["root_block_device"], Unknown)
    assert db.line_of(("ebs_block_device", 1, "encrypted")) == 17
    assert db.attributes["associate_public_ip_address"] is True
    assert db.line_of(("associate_public_ip_address",)) == 21
    assert statuses(result, "aws-ec2-volume-encryption") == {("aws_instance.Db", Status.FAIL)}
    assert statuses(result, "aws-ec2-public-ip") == {("aws_instance.Db", Status.FAIL)}


def test_opensearch_domains_take_terraform_shape(tmp_path):
    # LogPublishingOptions is a map by log type (Terraform: blocks with log_type); the older
    # Elasticsearch type names its cluster config differently
    template = """\
Resources:
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      EncryptionAtRestOptions: {Enabled: true, KmsKeyId: arn:aws:kms:eu-west-1:1:key/a}
      LogPublishingOptions:
        AUDIT_LOGS:
          CloudWatchLogsLogGroupArn: arn:aws:logs:eu-west-1:1:log-group:audit
          Enabled: false
        SEARCH_SLOW_LOGS:
          CloudWatchLogsLogGroupArn: arn:aws:logs:eu-west-1:1:log-group:slow
  Logs:
    Type: AWS::Elasticsearch::Domain
    Properties:
      ElasticsearchClusterConfig: {InstanceCount: 3}
      VPCOptions: {SubnetIds: [subnet-1]}
"""
    result = scan(tmp_path, {"t.yaml": template},
                  ["aws-opensearch-audit-logs", "aws-opensearch-in-vpc"])
    search = by_address(result)["aws_opensearch_domain.Search"]
    assert search.attributes["encrypt_at_rest"] == [
        {"enabled": True, "kms_key_id": "arn:aws:kms:eu-west-1:1:key/a"}]
    assert search.attributes["log_publishing_options"] == [
        {"log_type": "AUDIT_LOGS", "enabled": False,
         "cloudwatch_log_group_arn": "arn:aws:logs:eu-west-1:1:log-group:audit"},
        {"log_type": "SEARCH_SLOW_LOGS",
         "cloudwatch_log_group_arn": "arn:aws:logs:eu-west-1:1:log-group:slow"}]
    assert search.line_of(("log_publishing_options", 0, "enabled")) == 9
    logs = by_address(result)["aws_elasticsearch_domain.Logs"]
    assert logs.attributes["cluster_config"] == [{"instance_count": 3}]
    assert statuses(result, "aws-opensearch-audit-logs") == {
        ("aws_opensearch_domain.Search", Status.FAIL),
        ("aws_elasticsearch_domain.Logs", Status.FAIL)}
    assert statuses(result, "aws-opensearch-in-vpc") == {
        ("aws_opensearch_domain.Search", Status.FAIL),
        ("aws_elasticsearch_domain.Logs", Status.PASS)}


def test_https_is_enforced_only_where_the_template_says_so(tmp_path):
    # the service's default is false where Terraform's provider sends true: a block leaving
    # EnforceHTTPS out fails (the Terraform twin of `Written` passes), no block fails both
    template = """\
Resources:
  Written:
    Type: AWS::OpenSearchService::Domain
    Properties:
      DomainEndpointOptions: {TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07}
  Enforced:
    Type: AWS::OpenSearchService::Domain
    Properties:
      DomainEndpointOptions: {EnforceHTTPS: true}
  Bare:
    Type: AWS::OpenSearchService::Domain
"""
    result = scan(tmp_path, {"t.yaml": template}, ["aws-opensearch-enforce-https"])
    assert statuses(result, "aws-opensearch-enforce-https") == {
        ("aws_opensearch_domain.Written", Status.FAIL),
        ("aws_opensearch_domain.Enforced", Status.PASS),
        ("aws_opensearch_domain.Bare", Status.FAIL)}
    assert "domain_endpoint_options" not in by_address(result)["aws_opensearch_domain.Bare"] \
        .attributes


def test_cloudformation_access_keys_keep_no_secret_in_a_state_file(tmp_path):
    # no pgp_key in CloudFormation, and no state file holding the secret: the pgp control
    # (without a CloudFormation counterpart) judges no template's key, neither passing nor
    # failing it; whether the key should exist is still checked
    template = """\
Resources:
  Key:
    Type: AWS::IAM::AccessKey
    Properties: {UserName: ci}
"""
    result = scan(tmp_path, {"t.yaml": template},
                  ["aws-iam-credentials-pgp-encrypted", "aws-iam-user-access-key"])
    assert by_address(result)["aws_iam_access_key.Key"].attributes["user"] == "ci"
    assert statuses(result, "aws-iam-user-access-key") == {
        ("aws_iam_access_key.Key", Status.FAIL)}
    assert not [f for f in result.findings if f.control == "aws-iam-credentials-pgp-encrypted"]
def test_an_encryption_configuration_turns_a_delivery_streams_encryption_on(tmp_path):
    # CloudFormation has no `Enabled` for it: the configuration's presence is the switch
    result = scan(tmp_path, {"t.yaml": (
        "Resources:\n"
        "  Encrypted:\n    Type: AWS::KinesisFirehose::DeliveryStream\n"
        "    Properties:\n"
        "      DeliveryStreamEncryptionConfigurationInput:\n"
        "        KeyType: AWS_OWNED_CMK\n"
        "  Plain:\n    Type: AWS::KinesisFirehose::DeliveryStream\n"
        "    Properties: {DeliveryStreamName: plain}\n")},
        ["aws-firehose-encryption"])
    streams = {r.address.rsplit(".", 1)[-1]: r for r in result.resources}
    assert streams["Encrypted"].attributes["server_side_encryption"] == [
        {"key_type": "AWS_OWNED_CMK", "enabled": True}]
    assert streams["Encrypted"].lines["server_side_encryption[0].enabled"] == 5
    assert "server_side_encryption" not in streams["Plain"].attributes
    assert statuses(result, "aws-firehose-encryption") == {
        (streams["Encrypted"].address, Status.PASS), (streams["Plain"].address, Status.FAIL)}


def test_a_repositorys_policy_text_is_terraforms_repository_policy(tmp_path):
    result = scan(tmp_path, {"t.yaml": (
        "Resources:\n"
        "  Images:\n    Type: AWS::ECR::Repository\n"
        "    Properties:\n"
        "      RepositoryName: images\n"
        "      RepositoryPolicyText:\n"
        "        Statement:\n"
        "          - {Effect: Allow, Principal: '*', Action: 'ecr:BatchGetImage'}\n")},
        ["aws-ecr-policy-public"])
    policy = by_address(result)["aws_ecr_repository_policy.Images_repository_policy_text"]
    assert policy.attributes["policy"]["Statement"][0]["Principal"] == "*"
    repository = by_address(result)["aws_ecr_repository.Images"]
    assert "repository_policy_text" not in repository.attributes
    assert {(f.evidence.line, f.status) for f in result.findings} == {(8, Status.FAIL)}


def test_container_definitions_reach_the_ecs_checks_as_the_api_spells_them(tmp_path):
    # CloudFormation writes them as PascalCase objects, Terraform as the ECS API's JSON text
    result = scan(tmp_path, {"t.yaml": (
        "Resources:\n"
        "  Api:\n    Type: AWS::ECS::TaskDefinition\n"
        "    Properties:\n"
        "      ContainerDefinitions:\n"
        "        - Name: api\n"
        "          ReadonlyRootFilesystem: false\n"
        "          LogConfiguration:\n"
        "            LogDriver: awslogs\n"
        "            Options: {awslogs-group: /ecs/api, Name: kept}\n"
        "          DockerLabels: {Team: payments}\n"
        "      Volumes:\n"
        "        - EFSVolumeConfiguration: {FilesystemId: fs-1, TransitEncryption: ENABLED}\n")},
        ["aws-ecs-read-only-root-filesystem"])
    task = by_address(result)["aws_ecs_task_definition.Api"]
    assert task.attributes["containers"] == [{
        "name": "api", "readonlyRootFilesystem": False,
        "logConfiguration": {"logDriver": "awslogs",
                             "options": {"awslogs-group": "/ecs/api", "Name": "kept"}},
        "dockerLabels": {"Team": "payments"}}]
    assert task.attributes["volume"] == [{"efs_volume_configuration": [
        {"file_system_id": "fs-1", "transit_encryption": "ENABLED"}]}]
    assert task.lines["containers[0].readonlyRootFilesystem"] == 7
    assert task.lines["containers[0].logConfiguration.options.awslogs-group"] == 10
    assert [(f.status, f.evidence.line) for f in result.findings] == [(Status.FAIL, 7)]


def test_a_services_awsvpc_configuration_is_terraforms_network_configuration(tmp_path):
    result = scan(tmp_path, {"t.yaml": (
        "Parameters:\n  Public: {Type: String}\n"
        "Conditions:\n  IsPublic: !Equals [!Ref Public, ENABLED]\n"
        "Resources:\n"
        "  Web:\n    Type: AWS::ECS::Service\n"
        "    Properties:\n"
        "      NetworkConfiguration:\n"
        "        AwsvpcConfiguration: {Subnets: [subnet-1], AssignPublicIp: ENABLED}\n"
        "  Private:\n    Type: AWS::ECS::Service\n"
        "    Properties:\n"
        "      NetworkConfiguration:\n"
        "        AwsvpcConfiguration: {AssignPublicIp: DISABLED}\n"
        "  Unsure:\n    Type: AWS::ECS::Service\n"
        "    Properties:\n"
        "      NetworkConfiguration:\n"
        "        AwsvpcConfiguration: {AssignPublicIp: !Ref Public}\n"
        # the whole configuration decided by a condition: unknown, not Terraform's default
        "  Either:\n    Type: AWS::ECS::Service\n"
        "    Properties:\n"
        "      NetworkConfiguration:\n"
        "        AwsvpcConfiguration: !If [IsPublic, {AssignPublicIp: ENABLED}, {}]\n")},
        ["aws-ecs-service-public-ip"])
    services = {r.address.rsplit(".", 1)[-1]: r for r in result.resources}
    network = services["Web"].attributes["network_configuration"][0]
    assert network["assign_public_ip"] is True and network["subnets"] == ["subnet-1"]
    assert services["Private"].attributes["network_configuration"][0]["assign_public_ip"] is False
    assert isinstance(services["Unsure"].attributes["network_configuration"][0]
                      ["assign_public_ip"], Unknown)
    assert {(f.resource.address.rsplit(".", 1)[-1], f.status) for f in result.findings} == {
        ("Web", Status.FAIL), ("Private", Status.PASS), ("Unsure", Status.UNKNOWN),
        ("Either", Status.UNKNOWN)}


def test_a_dynamic_reference_in_a_containers_environment_is_the_secret_in_clear(tmp_path):
    result = scan(tmp_path, {"t.yaml": (
        "Resources:\n"
        "  Db:\n    Type: AWS::SecretsManager::Secret\n"
        "  Leaky:\n    Type: AWS::ECS::TaskDefinition\n"
        "    Properties:\n"
        "      ContainerDefinitions:\n"
        "        - Environment:\n"
        "            - {Name: DB_PASSWORD, Value: '{{resolve:secretsmanager:db}}'}\n"
        "  Pointer:\n    Type: AWS::ECS::TaskDefinition\n"
        "    Properties:\n"
        "      ContainerDefinitions:\n"
        "        - Environment:\n"
        "            - {Name: DB_SECRET, Value: !Ref Db}\n"
        "            - {Name: API_TOKEN, Value: !GetAtt Db.Id}\n")},
        ["aws-ecs-container-secrets-from-store"])
    assert {(f.resource.address.rsplit(".", 1)[-1], f.status) for f in result.findings} == {
        ("Leaky", Status.FAIL), ("Pointer", Status.PASS)}
def test_a_flow_logs_resource_id_is_named_after_its_resource_type(tmp_path):
    # ResourceId is Terraform's vpc_id, subnet_id or eni_id as ResourceType says; with a type
    # left to a parameter, any VPC of the template may be the one it covers
    result = scan(tmp_path, {"t.yaml": (
        "Parameters:\n  Kind: {Type: String}\n"
        "Resources:\n"
        "  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n"
        "  Other:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.1.0.0/16}\n"
        "  Sub:\n    Type: AWS::EC2::Subnet\n"
        "    Properties: {VpcId: !Ref Other, CidrBlock: 10.1.0.0/24}\n"
        "  VpcLog:\n    Type: AWS::EC2::FlowLog\n"
        "    Properties: {ResourceId: !Ref Vpc, ResourceType: VPC, TrafficType: ALL}\n"
        "  SubnetLog:\n    Type: AWS::EC2::FlowLog\n"
        "    Properties: {ResourceId: !Ref Sub, ResourceType: Subnet, TrafficType: ALL}\n"
        "  AnyLog:\n    Type: AWS::EC2::FlowLog\n"
        "    Properties: {ResourceId: !Ref Other, ResourceType: !Ref Kind, TrafficType: ALL}\n")},
        ["aws-vpc-flow-logs"])
    resources = by_address(result)
    assert "vpc_id" in resources["aws_flow_log.VpcLog"].attributes
    assert resources["aws_flow_log.VpcLog"].line_of(("vpc_id",)) == 15
    subnet_log = resources["aws_flow_log.SubnetLog"].attributes
    assert "subnet_id" in subnet_log and "resource_id" not in subnet_log
    assert isinstance(resources["aws_flow_log.AnyLog"].attributes["vpc_id"], Unknown)
    assert statuses(result, "aws-vpc-flow-logs") == {
        ("aws_vpc.Vpc", Status.PASS), ("aws_vpc.Other", Status.UNKNOWN)}
    # without it, the VPC no flow log names fails
    known = scan(tmp_path / "known", {"t.yaml": (
        "Resources:\n"
        "  Vpc:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n"
        "  Other:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.1.0.0/16}\n"
        "  VpcLog:\n    Type: AWS::EC2::FlowLog\n"
        "    Properties: {ResourceId: !Ref Vpc, ResourceType: VPC, TrafficType: ALL}\n")},
        ["aws-vpc-flow-logs"])
    assert statuses(known, "aws-vpc-flow-logs") == {
        ("aws_vpc.Vpc", Status.PASS), ("aws_vpc.Other", Status.FAIL)}


def test_a_config_recorder_is_started_unless_started_on_create_is_false(tmp_path):
    # CloudFormation's StartedOnCreate (true when left out) is Terraform's recorder status
    result = scan(tmp_path, {"t.yaml": (
        "Resources:\n"
        "  Started:\n    Type: AWS::Config::ConfigurationRecorder\n"
        "    Properties: {RoleARN: arn:aws:iam::1:role/config}\n"
        "  Stopped:\n    Type: AWS::Config::ConfigurationRecorder\n    Properties:\n"
        "      RoleARN: arn:aws:iam::1:role/config\n      StartedOnCreate: false\n")},
        ["aws-config-recorder-enabled"])
    resources = by_address(result)
    started = resources["aws_config_configuration_recorder_status.Started_started_on_create"]
    stopped = resources["aws_config_configuration_recorder_status.Stopped_started_on_create"]
    assert started.attributes["is_enabled"] is True
    assert stopped.attributes["is_enabled"] is False
    assert stopped.line_of(("is_enabled",)) == 9
    found = {(f.check, f.resource.address, f.status) for f in result.findings}
    assert ("recorder-started", "aws_config_configuration_recorder.Started", Status.PASS) in found
    assert ("status", started.address, Status.PASS) in found
    assert ("status", stopped.address, Status.FAIL) in found

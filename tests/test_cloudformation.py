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
    assert bucket.attributes["acl"] == "public-read"
    rule = bucket.attributes["server_side_encryption_configuration"][0]["rule"][0]
    assert rule["apply_server_side_encryption_by_default"][0]["sse_algorithm"] == "aws:kms"
    assert bucket.line_of(("server_side_encryption_configuration", 0, "rule", 0,
                           "apply_server_side_encryption_by_default", 0, "sse_algorithm")) == 9
    versioning = resources["aws_s3_bucket_versioning.Bucket_versioning_configuration"]
    assert versioning.attributes["versioning_configuration"] == [{"status": "Enabled"}]
    assert statuses(result, "aws-s3-kms-encryption") == {("aws_s3_bucket.Bucket", Status.PASS)}
    assert statuses(result, "aws-s3-versioning") == {("aws_s3_bucket.Bucket", Status.PASS)}
    assert ("aws_s3_bucket.Bucket", Status.FAIL) in statuses(result, "aws-s3-public-acl")
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

"""The CloudFormation part of the benchmark corpus: SAM templates for the services that deploy
functions with SAM, and plain CloudFormation stacks (YAML with short-form tags, a few in JSON),
with a mix of compliant and non-compliant settings.

A Terraform monorepo that holds CloudFormation at all holds little of it: by default one
template for every 40 Terraform files (`generate_corpus.py --cfn`), three SAM templates for
every two plain stacks, one stack in five written as JSON. A separate random stream (seed + 2)
keeps the rest of the corpus byte-identical whatever the number of templates.
"""

from __future__ import annotations

import json
import random
import textwrap


def _fill(template: str, **values) -> str:
    text = textwrap.dedent(template).strip("\n") + "\n"
    for key, value in values.items():
        text = text.replace(f"@{key}@", str(value))
    return text


def sam(rng: random.Random, service: str, env: str) -> str:
    """An HTTP API with (or without) a JWT authorizer, a REST API, two functions, logs."""
    # under the HTTP API's Properties (six spaces in), or nothing: an API anyone may call
    auth = "".join(f"\n{' ' * 6}{line}" for line in (
        "Auth:", "  DefaultAuthorizer: Jwt", "  Authorizers:", "    Jwt:",
        "      IdentitySource: $request.header.Authorization", "      JwtConfiguration:",
        "        issuer: !Ref IssuerUrl", f"        audience: [{service}]",
    )) if rng.random() < 0.7 else ""
    return _fill("""
        AWSTemplateFormatVersion: "2010-09-09"
        Transform: AWS::Serverless-2016-10-31
        Description: @service@ functions (@env@)

        Parameters:
          Stage:
            Type: String
            Default: @env@
            AllowedValues: [dev, staging, prod]
          IssuerUrl:
            Type: String
            Default: https://auth.example.com/

        Conditions:
          IsProd: !Equals [!Ref Stage, prod]

        Globals:
          Function:
            Runtime: python3.12
            Handler: app.handler
            Tracing: @tracing@
            Timeout: 10

        Resources:
          HttpApi:
            Type: AWS::Serverless::HttpApi
            Properties:
              StageName: !Ref Stage
              AccessLogSettings:
                DestinationArn: !GetAtt ApiLogs.Arn
                Format: $context.requestId $context.routeKey $context.status
              DefaultRouteSettings:
                ThrottlingBurstLimit: @burst@
                ThrottlingRateLimit: @rate@@auth@

          RestApi:
            Type: AWS::Serverless::Api
            Properties:
              StageName: !Ref Stage
              TracingEnabled: @rest_tracing@
              MethodSettings:
                - ResourcePath: "/*"
                  HttpMethod: "*"
                  LoggingLevel: @logging@
                  ThrottlingRateLimit: 100

          ApiLogs:
            Type: AWS::Logs::LogGroup
            Properties:
              LogGroupName: !Sub "/aws/http-api/${AWS::StackName}"
              RetentionInDays: @retention@

          ListFunction:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: src/list
              ReservedConcurrentExecutions: 20
              Environment:
                Variables:
                  TABLE: !Ref Table
                  STAGE: !If [IsProd, production, !Ref Stage]
              Events:
                List:
                  Type: HttpApi
                  Properties:
                    ApiId: !Ref HttpApi
                    Path: /items
                    Method: GET

          WebhookFunction:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: src/webhook
              FunctionUrlConfig:
                AuthType: @url_auth@
              Policies:
                - DynamoDBCrudPolicy:
                    TableName: !Ref Table

          Table:
            Type: AWS::DynamoDB::Table
            Properties:
              BillingMode: PAY_PER_REQUEST
              AttributeDefinitions:
                - AttributeName: id
                  AttributeType: S
              KeySchema:
                - AttributeName: id
                  KeyType: HASH
              SSESpecification:
                SSEEnabled: @sse@
              PointInTimeRecoverySpecification:
                PointInTimeRecoveryEnabled: true

        Outputs:
          ApiUrl:
            Value: !Sub "https://${HttpApi}.execute-api.${AWS::Region}.amazonaws.com"
        """, service=service, env=env, auth=auth,
                 tracing=rng.choice(["Active", "Active", "PassThrough"]),
                 burst=rng.choice([50, 100, 500]), rate=rng.choice([20, 50, 100]),
                 rest_tracing=rng.choice(["true", "false"]),
                 logging=rng.choice(["INFO", "ERROR", "OFF"]),
                 retention=rng.choice([7, 30, 90, 365, 400]),
                 url_auth=rng.choice(["AWS_IAM", "AWS_IAM", "NONE"]),
                 sse=rng.choice(["true", "true", "false"]))


def stack(rng: random.Random, service: str, env: str) -> dict:
    """A REST API with a method, a stage, a WAF association, a bucket and a role."""
    authorization = rng.choice(["NONE", "AWS_IAM", "COGNITO_USER_POOLS"])
    method: dict = {"Type": "AWS::ApiGateway::Method", "Properties": {
        "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
        "HttpMethod": "GET", "AuthorizationType": authorization,
        "Integration": {"Type": "MOCK"}}}
    if authorization == "COGNITO_USER_POOLS":
        method["Properties"]["AuthorizerId"] = {"Ref": "Authorizer"}
    resources: dict = {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
            "Name": {"Fn::Sub": f"{service}-${{Stage}}"},
            "EndpointConfiguration": {"Types": ["REGIONAL"]}}},
        "Authorizer": {"Type": "AWS::ApiGateway::Authorizer", "Properties": {
            "RestApiId": {"Ref": "Api"}, "Name": "cognito", "Type": "COGNITO_USER_POOLS",
            "IdentitySource": "method.request.header.Authorization",
            "ProviderARNs": [{"Fn::Sub": "arn:aws:cognito-idp:${AWS::Region}:"
                                         "${AWS::AccountId}:userpool/" + service}]}},
        "ListMethod": method,
        "Deployment": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": "ListMethod",
                       "Properties": {"RestApiId": {"Ref": "Api"}}},
        "Stage": {"Type": "AWS::ApiGateway::Stage", "Properties": {
            "RestApiId": {"Ref": "Api"}, "DeploymentId": {"Ref": "Deployment"},
            "StageName": {"Ref": "Stage"},
            "TracingEnabled": rng.random() < 0.6,
            "MethodSettings": [{"ResourcePath": "/*", "HttpMethod": "*",
                                "LoggingLevel": rng.choice(["INFO", "OFF"]),
                                "DataTraceEnabled": rng.random() < 0.2}]}},
        "Bucket": {"Type": "AWS::S3::Bucket", "Properties": {
            "BucketName": {"Fn::Sub": f"{service}-${{Stage}}-artifacts"},
            "VersioningConfiguration": {"Status": rng.choice(["Enabled", "Suspended"])},
            "PublicAccessBlockConfiguration": {
                "BlockPublicAcls": True, "BlockPublicPolicy": rng.random() < 0.8,
                "IgnorePublicAcls": True, "RestrictPublicBuckets": True}}},
        "Role": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                "Action": "sts:AssumeRole"}]},
            "Policies": [{"PolicyName": "access", "PolicyDocument": {
                "Version": "2012-10-17", "Statement": [{
                    "Effect": "Allow",
                    "Action": "s3:*" if rng.random() < 0.3 else ["s3:GetObject"],
                    "Resource": {"Fn::Sub": "${Bucket.Arn}/*"}}]}}]}},
    }
    if rng.random() < 0.6:
        resources["Waf"] = {"Type": "AWS::WAFv2::WebACLAssociation", "Properties": {
            "ResourceArn": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}::/restapis/"
                                       "${Api}/stages/${Stage}"},
            "WebACLArn": {"Fn::ImportValue": "edge-web-acl"}}}
    return {"AWSTemplateFormatVersion": "2010-09-09",
            "Description": f"{service} edge API ({env})",
            "Parameters": {"Stage": {"Type": "String", "Default": env}},
            "Resources": resources}


def _short_form(value, indent: int = 0) -> str:
    """A template as YAML, intrinsic functions in their short form (`!Ref`, `!GetAtt a.b`,
    `!Sub`), as people write CloudFormation."""
    pad = " " * indent
    if isinstance(value, dict) and len(value) == 1:
        (key, inner), = value.items()
        if key == "Ref":
            return f"!Ref {inner}"
        if key == "Fn::GetAtt":
            return f"!GetAtt {'.'.join(inner)}"
        if key.startswith("Fn::") and isinstance(inner, str):
            return f"!{key[4:]} {json.dumps(inner)}"
    if isinstance(value, dict):
        lines = []
        for key, inner in value.items():
            text = _short_form(inner, indent + 2)
            simple = not isinstance(inner, (dict, list)) or text.startswith("!") or not inner
            lines.append(f"{pad}{key}: {text}" if simple else f"{pad}{key}:\n{text}")
        return "\n".join(lines)
    if isinstance(value, list):
        if not value:
            return "[]"
        lines = []
        for item in value:
            text = _short_form(item, indent + 2)
            if isinstance(item, dict) and not text.startswith("!"):
                text = text.lstrip(" ")
            lines.append(f"{pad}- {text}")
        return "\n".join(lines)
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, str) else str(value)


def generate(count: int, services: list[str], environments: list[str],
             seed: int) -> dict[str, str]:
    """Relative path -> content of `count` CloudFormation and SAM templates."""
    rng = random.Random(seed + 2)
    out: dict[str, str] = {}
    pairs = [(service, env) for env in environments for service in services]
    for i in range(count):
        service, env = pairs[i % len(pairs)]
        suffix = "" if i < len(pairs) else f"-{i // len(pairs)}"
        if i % 5 in (0, 2, 4):
            out[f"sam/{service}/{env}{suffix}/template.yaml"] = sam(rng, service, env)
        elif i % 10 == 3:
            out[f"cloudformation/{service}/{env}{suffix}.json"] = \
                json.dumps(stack(rng, service, env), indent=2) + "\n"
        else:
            out[f"cloudformation/{service}/{env}{suffix}.yaml"] = \
                _short_form(stack(rng, service, env)) + "\n"
    return out

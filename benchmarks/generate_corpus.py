#!/usr/bin/env python3
"""Generate a synthetic but realistic infrastructure repository to benchmark `compliance scan`.

The corpus is deterministic for a given (--files, --k8s, --seed): the same arguments always
give byte-identical files. Layout, like a real monorepo:

    modules/<api|storage|network|...>/{main,variables,outputs}.tf     local modules
    live/<env>/<region>/<service>/                                      root modules
        main.tf (locals, data sources, module "x" { source = "../../../../modules/x" })
        variables.tf, providers.tf, outputs.tf, terraform.tfvars
        api.tf, storage.tf, iam.tf, network.tf, compute.tf, ...        resources
    k8s/<service>/<env>/*.yaml                                          multi-document manifests
    apis/, apim/, kong/, pulumi/, k8s/*/*/gateway*.yaml                 API gateway files
    sam/, cloudformation/                                               CloudFormation, SAM
    .github/, docs/, charts/, package.json ...                          unrelated files (ignored)

Resources cover API Gateway (REST and HTTP), Lambda, ALB, CloudFront, S3, RDS, KMS, CloudTrail,
CloudWatch Logs, IAM (jsonencode() and heredoc policies, policy documents), security groups and
Secrets Manager, with a mix of compliant and non-compliant settings. The .tf files average
~150 lines (--files 1000 gives ~150k lines of Terraform).

The gateway files (corpus_gateways.py: OpenAPI with AWS extensions, APIM policies, Gateway API
and Istio, decK, Pulumi YAML) default to a tenth of --files, the CloudFormation and SAM
templates (corpus_cloudformation.py) to a fortieth.

    python benchmarks/generate_corpus.py --files 1000 --k8s 100 --out benchmarks/corpus --check
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import textwrap
from pathlib import Path

import corpus_cloudformation
import corpus_gateways

AVERAGE_LINES = 150
SERVICES = ["payments", "orders", "users", "catalog", "search", "billing", "notifications",
            "auth", "inventory", "shipping", "reporting", "gateway", "profiles", "reviews",
            "media", "analytics", "checkout", "pricing", "ledger", "support"]
ENVIRONMENTS = ["dev", "staging", "prod"]
REGIONS = ["eu-west-1", "us-east-1"]
MODULES = ["api", "storage", "network", "iam", "database", "lambda", "edge"]
TOPICS = ["api", "storage", "iam", "network", "compute", "database", "edge", "secrets", "logging"]
MODULE_TOPIC = {"api": "api", "storage": "storage", "network": "network", "iam": "iam",
                "database": "database", "lambda": "compute", "edge": "edge"}


def nested(template: str, **values) -> str:
    """An optional nested block: a blank line, then the block indented one level."""
    return "\n\n" + textwrap.indent(fill(template, **values).rstrip("\n"), "  ")


def fill(template: str, **values) -> str:
    """Dedent a template and replace its @name@ placeholders (HCL and YAML use all the braces)."""
    text = textwrap.dedent(template).strip("\n") + "\n"
    return re.sub(r"@(\w+)@", lambda m: str(values[m.group(1)]), text)


def hcl(value) -> str:
    """A Python value as an HCL literal (on one line)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(hcl(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {hcl(v)}" for k, v in value.items()).join("  ") + "}" if value else "{}"
    raise TypeError(value)


class Ctx:
    """One Terraform directory being written: names in use, resources defined so far."""

    def __init__(self, rng: random.Random, service: str, env: str, module: str | None = None):
        self.rng, self.service, self.env, self.module = rng, service, env, module
        self.prefix = "var.name" if module else "local.name_prefix"
        self.tags = "var.tags" if module else "local.common_tags"
        self.defined: dict[str, list[str]] = {}
        self.used: set[str] = set()

    def label(self, stem: str) -> str:
        label, n = stem, 1
        while label in self.used:
            n += 1
            label = f"{stem}_{n}"
        self.used.add(label)
        return label

    def add(self, rtype: str, label: str) -> str:
        self.defined.setdefault(rtype, []).append(label)
        return label

    def last(self, rtype: str) -> str | None:
        labels = self.defined.get(rtype)
        return self.rng.choice(labels) if labels else None

    def bad(self, p: float = 0.3) -> bool:
        """True when this setting should be the non-compliant one."""
        return self.rng.random() < p

    def pick(self, *options):
        return self.rng.choice(options)

    def kms(self) -> str:
        key = self.last("aws_kms_key")
        return f"aws_kms_key.{key}.arn" if key else "var.kms_key_arn"

    def auth_expr(self, good: str) -> str:
        if self.module == "api" and self.rng.random() < 0.5:
            return "var.authorization"
        return hcl("NONE" if self.bad() else good)


# --- API Gateway ---------------------------------------------------------------------------

def rest_api(c: Ctx) -> str:
    label = c.add("aws_api_gateway_rest_api", c.label(c.pick("public", "partner", "internal",
                                                             "mobile", "admin") + "_api"))
    policy = ""
    if c.rng.random() < 0.4:
        policy = fill("""
              policy = jsonencode({
                Version = "2012-10-17"
                Statement = [{
                  Effect    = "Allow"
                  Principal = "*"
                  Action    = "execute-api:Invoke"
                  Resource  = "execute-api:/*"
                  Condition = {
                    IpAddress = { "aws:SourceIp" = var.allowed_cidrs }
                  }
                }]
              })
            """)
    return fill("""
        resource "aws_api_gateway_rest_api" "@label@" {
          name                     = "${@prefix@}-@label@"
          description              = "@service@ API (${var.environment})"
          minimum_compression_size = 1024
          api_key_source           = "HEADER"

          endpoint_configuration {
            types = ["@endpoint@"]
          }
        @policy@
          tags = @tags@
        }
        """, label=label, prefix=c.prefix, service=c.service, tags=c.tags,
                endpoint=c.pick("REGIONAL", "REGIONAL", "EDGE", "PRIVATE"),
                policy=textwrap.indent(policy, "  ") if policy else "")


def rest_method(c: Ctx) -> str:
    text = "" if c.last("aws_api_gateway_rest_api") else rest_api(c) + "\n"
    api = c.last("aws_api_gateway_rest_api")
    path = c.pick("items", "orders", "users", "health", "search", "invoices", "webhooks",
                  "reports", "sessions", "tokens")
    res = c.add("aws_api_gateway_resource", c.label(path))
    text += fill("""
        resource "aws_api_gateway_resource" "@res@" {
          rest_api_id = aws_api_gateway_rest_api.@api@.id
          parent_id   = aws_api_gateway_rest_api.@api@.root_resource_id
          path_part   = "@path@"
        }
        """, res=res, api=api, path=path)
    for verb in c.rng.sample(["GET", "POST", "PUT", "DELETE", "OPTIONS"], c.rng.randint(1, 3)):
        method = c.add("aws_api_gateway_method", c.label(f"{res}_{verb.lower()}"))
        kind = c.pick("COGNITO_USER_POOLS", "CUSTOM", "AWS_IAM")
        auth = hcl("NONE") if verb == "OPTIONS" else c.auth_expr(kind)
        authorizer = ""
        if kind != "AWS_IAM" and verb != "OPTIONS" and auth != '"NONE"':
            authorizer = f"\n  authorizer_id    = aws_api_gateway_authorizer.{authorizer_for(c, api, kind)}.id"
            if kind == "COGNITO_USER_POOLS":
                authorizer += '\n  authorization_scopes = ["' + c.service + '/read"]'
        text += "\n" + fill("""
            resource "aws_api_gateway_method" "@method@" {
              rest_api_id      = aws_api_gateway_rest_api.@api@.id
              resource_id      = aws_api_gateway_resource.@res@.id
              http_method      = "@verb@"
              authorization    = @auth@@authorizer@
              api_key_required = @key@

              request_parameters = {
                "method.request.header.X-Request-Id" = false
              }
            }

            resource "aws_api_gateway_integration" "@method@" {
              rest_api_id             = aws_api_gateway_rest_api.@api@.id
              resource_id             = aws_api_gateway_resource.@res@.id
              http_method             = aws_api_gateway_method.@method@.http_method
              integration_http_method = "POST"
              type                    = "AWS_PROXY"
              uri                     = "arn:aws:apigateway:${var.region}:lambda:path/2015-03-31/functions/${@fn@}/invocations"
              timeout_milliseconds    = @timeout@
            }
            """, method=method, api=api, res=res, verb=verb, auth=auth, authorizer=authorizer,
                            key=hcl(c.rng.random() < 0.5), timeout=c.pick(3000, 10000, 29000),
                            fn=lambda_arn(c))
    return text


def lambda_arn(c: Ctx) -> str:
    fn = c.last("aws_lambda_function")
    return f"aws_lambda_function.{fn}.arn" if fn else "var.backend_lambda_arn"


def authorizer_for(c: Ctx, api: str, kind: str) -> str:
    """Name of an authorizer for this API; its block is written by rest_authorizers() later."""
    key = f"authorizer:{api}:{kind}"
    if key not in c.defined:
        c.defined[key] = [c.label("cognito" if kind == "COGNITO_USER_POOLS" else "token")]
        c.defined.setdefault("pending_authorizers", []).append(f"{api}|{kind}|{c.defined[key][0]}")
    return c.defined[key][0]


def rest_authorizers(c: Ctx) -> str:
    out = []
    for item in c.defined.pop("pending_authorizers", []):
        api, kind, label = item.split("|")
        attrs = [("name", f'"${{{c.prefix}}}-{label}"'), ("rest_api_id", f"aws_api_gateway_rest_api.{api}.id")]
        if kind == "COGNITO_USER_POOLS":
            attrs += [("type", '"COGNITO_USER_POOLS"'), ("provider_arns", "[var.user_pool_arn]")]
        else:
            uri = "arn:aws:apigateway:${var.region}:lambda:path/2015-03-31/functions/${var.authorizer_lambda_arn}/invocations"
            attrs += [("type", '"TOKEN"'), ("authorizer_uri", f'"{uri}"'),
                      ("identity_source", '"method.request.header.Authorization"'),
                      ("authorizer_result_ttl_in_seconds", "300")]
        width = max(len(k) for k, _ in attrs)
        body = "\n".join(f"  {k.ljust(width)} = {v}" for k, v in attrs)
        out.append(f'resource "aws_api_gateway_authorizer" "{label}" {{\n{body}\n}}\n')
    return "\n".join(out)


def log_group(c: Ctx, stem: str = "logs") -> str:
    label = c.add("aws_cloudwatch_log_group", c.label(stem))
    retention = "0" if c.bad(0.2) else c.pick("var.log_retention_days", "30", "90", "365")
    kms = "" if c.bad() else f"\n  kms_key_id        = {c.kms()}"
    return fill("""
        resource "aws_cloudwatch_log_group" "@label@" {
          name              = "/aws/@service@/${@prefix@}/@label@"
          retention_in_days = @retention@@kms@
          tags              = @tags@
        }
        """, label=label, service=c.service, prefix=c.prefix, retention=retention, kms=kms,
                tags=c.tags)


def rest_stage(c: Ctx) -> str:
    text = "" if c.last("aws_api_gateway_rest_api") else rest_api(c) + "\n"
    api = c.last("aws_api_gateway_rest_api")
    stage = c.add("aws_api_gateway_stage", c.label(f"{api}_stage"))
    access_log = ""
    if not c.bad():
        text += log_group(c, f"{api}_access") + "\n"
        access_log = nested("""
              access_log_settings {
                destination_arn = aws_cloudwatch_log_group.@lg@.arn
                format = jsonencode({
                  requestId      = "$context.requestId"
                  sourceIp       = "$context.identity.sourceIp"
                  httpMethod     = "$context.httpMethod"
                  resourcePath   = "$context.resourcePath"
                  status         = "$context.status"
                  responseLength = "$context.responseLength"
                  principal      = "$context.authorizer.principalId"
                })
              }""", lg=c.defined["aws_cloudwatch_log_group"][-1])
    text += fill("""
        resource "aws_api_gateway_deployment" "@stage@" {
          rest_api_id = aws_api_gateway_rest_api.@api@.id

          triggers = {
            redeployment = sha1(jsonencode([aws_api_gateway_rest_api.@api@.body, var.environment]))
          }

          lifecycle {
            create_before_destroy = true
          }
        }

        resource "aws_api_gateway_stage" "@stage@" {
          deployment_id         = aws_api_gateway_deployment.@stage@.id
          rest_api_id           = aws_api_gateway_rest_api.@api@.id
          stage_name            = var.environment
          xray_tracing_enabled  = @xray@
          cache_cluster_enabled = @cache@@access_log@

          variables = {
            backend = "${@prefix@}-backend"
          }

          tags = @tags@
        }

        resource "aws_api_gateway_method_settings" "@stage@" {
          rest_api_id = aws_api_gateway_rest_api.@api@.id
          stage_name  = aws_api_gateway_stage.@stage@.stage_name
          method_path = "*/*"

          settings {
            metrics_enabled        = @metrics@
            logging_level          = "@level@"
            data_trace_enabled     = @trace@
            throttling_burst_limit = @burst@
            throttling_rate_limit  = @rate@
            caching_enabled        = @cache@
            cache_data_encrypted   = @encrypted@
          }
        }
        """, stage=stage, api=api, prefix=c.prefix, tags=c.tags, access_log=access_log,
                 xray=hcl(not c.bad()), cache=hcl(c.rng.random() < 0.3),
                 metrics=hcl(not c.bad()), level=c.pick("INFO", "ERROR", "OFF"),
                 trace=hcl(c.bad(0.2)), burst=c.pick(100, 500, 5000), rate=c.pick(50, 200, 10000),
                 encrypted=hcl(not c.bad()))
    return text


def usage_plan(c: Ctx) -> str:
    text = "" if c.last("aws_api_gateway_stage") else rest_stage(c) + "\n"
    stage = c.last("aws_api_gateway_stage")
    label = c.label(c.pick("free", "basic", "partner", "enterprise") + "_plan")
    throttle = "" if c.bad() else nested("""
          throttle_settings {
            burst_limit = @burst@
            rate_limit  = @rate@
          }""", burst=c.pick(20, 100, 500), rate=c.pick(10, 50, 200))
    quota = "" if c.bad(0.4) else nested("""
          quota_settings {
            limit  = @limit@
            period = "@period@"
          }""", limit=c.pick(1000, 100000, 5000000), period=c.pick("DAY", "WEEK", "MONTH"))
    return text + fill("""
        resource "aws_api_gateway_usage_plan" "@label@" {
          name        = "${@prefix@}-@label@"
          description = "Usage plan for @service@ clients"

          api_stages {
            api_id = aws_api_gateway_stage.@stage@.rest_api_id
            stage  = aws_api_gateway_stage.@stage@.stage_name
          }@throttle@@quota@

          tags = @tags@
        }

        resource "aws_api_gateway_api_key" "@label@" {
          name    = "${@prefix@}-@label@-key"
          enabled = true
        }

        resource "aws_api_gateway_usage_plan_key" "@label@" {
          key_id        = aws_api_gateway_api_key.@label@.id
          key_type      = "API_KEY"
          usage_plan_id = aws_api_gateway_usage_plan.@label@.id
        }
        """, label=label, prefix=c.prefix, service=c.service, stage=stage,
                        throttle=throttle, quota=quota, tags=c.tags)


def domain_name(c: Ctx) -> str:
    label = c.add("aws_api_gateway_domain_name", c.label("api_domain"))
    mtls = "" if c.rng.random() < 0.7 else nested("""
          mutual_tls_authentication {
            truststore_uri = "s3://${@prefix@}-truststore/truststore.pem"
          }""", prefix=c.prefix)
    text = fill("""
        resource "aws_api_gateway_domain_name" "@label@" {
          domain_name              = "@sub@.@service@.${var.environment}.example.com"
          regional_certificate_arn = var.certificate_arn
          security_policy          = "@policy@"

          endpoint_configuration {
            types = ["REGIONAL"]
          }@mtls@

          tags = @tags@
        }
        """, label=label, sub=c.pick("api", "public", "partners"), service=c.service,
                policy="TLS_1_0" if c.bad() else "TLS_1_2", mtls=mtls, tags=c.tags)
    stage = c.last("aws_api_gateway_stage")
    if stage:
        text += "\n" + fill("""
            resource "aws_api_gateway_base_path_mapping" "@label@" {
              api_id      = aws_api_gateway_stage.@stage@.rest_api_id
              stage_name  = aws_api_gateway_stage.@stage@.stage_name
              domain_name = aws_api_gateway_domain_name.@label@.domain_name
              base_path   = "v@version@"
            }
            """, label=label, stage=stage, version=c.rng.randint(1, 3))
    return text


def waf_association(c: Ctx) -> str:
    targets = [f"aws_api_gateway_stage.{s}.arn" for s in c.defined.get("aws_api_gateway_stage", [])]
    targets += [f"aws_lb.{lb}.arn" for lb in c.defined.get("aws_lb", [])]
    if not targets:
        return rest_stage(c)
    label = c.label("waf")
    count = "  count        = var.enable_waf ? 1 : 0\n" if c.rng.random() < 0.5 else ""
    return (f'resource "aws_wafv2_web_acl_association" "{label}" {{\n{count}'
            f'  resource_arn = {c.rng.choice(targets)}\n  web_acl_arn  = var.web_acl_arn\n}}\n')


def http_api(c: Ctx) -> str:
    label = c.add("aws_apigatewayv2_api", c.label(c.pick("http", "events", "webhooks") + "_api"))
    origins = '["*"]' if c.bad() else f'["https://app.{c.service}.example.com", "https://admin.example.com"]'
    return fill("""
        resource "aws_apigatewayv2_api" "@label@" {
          name                         = "${@prefix@}-@label@"
          protocol_type                = "HTTP"
          disable_execute_api_endpoint = @disable@

          cors_configuration {
            allow_origins     = @origins@
            allow_methods     = ["GET", "POST", "PUT", "DELETE"]
            allow_headers     = ["authorization", "content-type", "x-request-id"]
            allow_credentials = @creds@
            max_age           = 300
          }

          tags = @tags@
        }

        resource "aws_apigatewayv2_authorizer" "@label@" {
          api_id           = aws_apigatewayv2_api.@label@.id
          authorizer_type  = "JWT"
          identity_sources = ["$request.header.Authorization"]
          name             = "${@prefix@}-jwt"

          jwt_configuration {
            audience = ["@service@-${var.environment}"]
            issuer   = "https://cognito-idp.${var.region}.amazonaws.com/${var.user_pool_id}"
          }
        }

        resource "aws_apigatewayv2_integration" "@label@" {
          api_id                 = aws_apigatewayv2_api.@label@.id
          integration_type       = "AWS_PROXY"
          integration_uri        = @fn@
          payload_format_version = "2.0"
          timeout_milliseconds   = 10000
        }
        """, label=label, prefix=c.prefix, disable=hcl(not c.bad()), origins=origins,
                creds=hcl(c.rng.random() < 0.3), tags=c.tags, service=c.service, fn=lambda_arn(c))


def http_routes(c: Ctx) -> str:
    text = "" if c.last("aws_apigatewayv2_api") else http_api(c) + "\n"
    api = c.last("aws_apigatewayv2_api")
    label = c.label(f"{api}_routes")
    routes = c.rng.sample(["GET /items", "POST /items", "GET /items/{id}", "DELETE /items/{id}",
                           "GET /health", "POST /webhooks/{provider}", "GET /me",
                           "PUT /me/settings"], 4)
    none = c.bad()
    auth = '"NONE"' if none else '"JWT"'
    authorizer = "" if none else f"\n  authorizer_id      = aws_apigatewayv2_authorizer.{api}.id"
    access_log = ""
    if not c.bad():
        text += log_group(c, f"{api}_access") + "\n"
        access_log = nested("""
              access_log_settings {
                destination_arn = aws_cloudwatch_log_group.@lg@.arn
                format          = "$context.requestId $context.identity.sourceIp $context.routeKey $context.status"
              }""", lg=c.defined["aws_cloudwatch_log_group"][-1])
    return text + fill("""
        locals {
          @label@ = @routes@
        }

        resource "aws_apigatewayv2_route" "@label@" {
          for_each = toset(local.@label@)

          api_id             = aws_apigatewayv2_api.@api@.id
          route_key          = each.value
          authorization_type = @auth@@authorizer@
          target             = "integrations/${aws_apigatewayv2_integration.@api@.id}"
        }

        resource "aws_apigatewayv2_stage" "@label@" {
          api_id      = aws_apigatewayv2_api.@api@.id
          name        = "$default"
          auto_deploy = true@access_log@

          default_route_settings {
            throttling_burst_limit   = @burst@
            throttling_rate_limit    = @rate@
            detailed_metrics_enabled = @metrics@
          }

          tags = @tags@
        }
        """, label=label, routes=hcl(routes), api=api, auth=auth, authorizer=authorizer,
                        access_log=access_log, burst=c.pick(50, 100, 1000),
                        rate=c.pick(20, 100, 500), metrics=hcl(not c.bad()), tags=c.tags)


# --- compute and edge --------------------------------------------------------------------

def lambda_function(c: Ctx) -> str:
    name = c.pick("handler", "worker", "authorizer", "webhook", "resizer", "exporter", "sync")
    label = c.add("aws_lambda_function", c.label(name))
    role = c.last("aws_iam_role")
    secret = ('\n      API_TOKEN  = "example-token-not-a-real-secret-000' + str(c.rng.randint(0, 9)) + '"'
              if c.bad(0.15) else "")
    vpc = "" if c.bad(0.4) else nested("""
          vpc_config {
            subnet_ids         = var.subnet_ids
            security_group_ids = [@sg@]
          }""", sg=f"aws_security_group.{c.last('aws_security_group')}.id"
                if c.last("aws_security_group") else "var.default_security_group_id")
    code = (f'  filename         = "${{path.module}}/build/{name}.zip"\n'
            f'  source_code_hash = filebase64sha256("${{path.module}}/build/{name}.zip")'
            if c.rng.random() < 0.3 else
            f'  s3_bucket     = var.artifact_bucket\n  s3_key        = "{c.service}/{name}/${{var.release}}.zip"')
    text = fill("""
        resource "aws_lambda_function" "@label@" {
          function_name = "${@prefix@}-@label@"
          description   = "@service@ @name@"
          role          = @role@
          handler       = "@handler@"
          runtime       = "@runtime@"
        @code@
          memory_size   = @memory@
          timeout       = @timeout@
          kms_key_arn   = @kms@
          architectures = ["@arch@"]

          reserved_concurrent_executions = @concurrency@

          tracing_config {
            mode = "@tracing@"
          }

          environment {
            variables = {
              STAGE      = var.environment
              LOG_LEVEL  = local.is_production ? "INFO" : "DEBUG"
              TABLE_NAME = "${@prefix@}-@name@"@secret@
            }
          }@vpc@

          tags = @tags@
        }
        """, label=label, prefix=c.prefix, service=c.service, name=name,
                role=f"aws_iam_role.{role}.arn" if role else "var.lambda_role_arn",
                handler=c.pick("app.handler", "index.handler", "main.lambda_handler"),
                runtime=c.pick("python3.12", "python3.11", "nodejs20.x", "python3.7" if c.bad(0.2) else "nodejs18.x"),
                code=code, memory=c.pick(128, 256, 512, 1024), timeout=c.pick(3, 10, 30, 60),
                kms=c.kms(), arch=c.pick("arm64", "x86_64"), concurrency=c.pick(-1, 10, 50, 100),
                tracing="PassThrough" if c.bad() else "Active", secret=secret, vpc=vpc, tags=c.tags)
    if c.rng.random() < 0.5:
        text += "\n" + fill("""
            resource "aws_lambda_function_url" "@label@" {
              function_name      = aws_lambda_function.@label@.function_name
              authorization_type = "@auth@"

              cors {
                allow_origins = @origins@
                allow_methods = ["GET", "POST"]
                max_age       = 3600
              }
            }
            """, label=label, auth="NONE" if c.bad(0.4) else "AWS_IAM",
                            origins='["*"]' if c.bad() else '["https://app.example.com"]')
    else:
        text += "\n" + fill("""
            resource "aws_lambda_permission" "@label@" {
              statement_id  = "AllowAPIGatewayInvoke"
              action        = "lambda:InvokeFunction"
              function_name = aws_lambda_function.@label@.function_name
              principal     = "apigateway.amazonaws.com"
              source_arn    = "arn:aws:execute-api:${var.region}:${data.aws_caller_identity.current.account_id}:*/*/*"
            }
            """, label=label)
    return text


def load_balancer(c: Ctx) -> str:
    label = c.add("aws_lb", c.label(c.pick("public", "internal", "api") + "_alb"))
    internal = c.rng.random() < 0.4
    sg = c.last("aws_security_group")
    logs = "" if c.bad() else nested("""
          access_logs {
            bucket  = var.access_log_bucket
            prefix  = "alb/@label@"
            enabled = true
          }""", label=label)
    http_action = (fill("""
            default_action {
              type             = "forward"
              target_group_arn = aws_lb_target_group.@label@.arn
            }""", label=label) if c.bad() else fill("""
            default_action {
              type = "redirect"

              redirect {
                port        = "443"
                protocol    = "HTTPS"
                status_code = "HTTP_301"
              }
            }""")).rstrip("\n")
    http_action = textwrap.indent(http_action, "  ")
    return fill("""
        resource "aws_lb" "@label@" {
          name                       = "${@prefix@}-@short@"
          internal                   = @internal@
          load_balancer_type         = "application"
          security_groups            = [@sg@]
          subnets                    = var.subnet_ids
          drop_invalid_header_fields = @drop@
          enable_deletion_protection = local.is_production
          idle_timeout               = 60@logs@

          tags = @tags@
        }

        resource "aws_lb_target_group" "@label@" {
          name        = "${@prefix@}-@short@-tg"
          port        = 8080
          protocol    = "HTTP"
          target_type = "ip"
          vpc_id      = var.vpc_id

          health_check {
            path                = "/health"
            matcher             = "200"
            interval            = 15
            healthy_threshold   = 3
            unhealthy_threshold = 3
          }
        }

        resource "aws_lb_listener" "@label@_https" {
          load_balancer_arn = aws_lb.@label@.arn
          port              = 443
          protocol          = "HTTPS"
          ssl_policy        = "@ssl@"
          certificate_arn   = var.certificate_arn

          default_action {
            type             = "forward"
            target_group_arn = aws_lb_target_group.@label@.arn
          }
        }

        resource "aws_lb_listener" "@label@_http" {
          load_balancer_arn = aws_lb.@label@.arn
          port              = 80
          protocol          = "HTTP"

        @http_action@
        }
        """, label=label, prefix=c.prefix, short=label.replace("_", "-")[:20],
                internal=hcl(internal), sg=f"aws_security_group.{sg}.id" if sg else "var.default_security_group_id",
                drop=hcl(not c.bad()), logs=logs, tags=c.tags, http_action=http_action,
                ssl="ELBSecurityPolicy-2016-08" if c.bad() else "ELBSecurityPolicy-TLS13-1-2-2021-06")


def cloudfront(c: Ctx) -> str:
    label = c.add("aws_cloudfront_distribution", c.label(c.pick("site", "api", "assets") + "_cdn"))
    api = c.last("aws_api_gateway_rest_api")
    origin = (f'"${{aws_api_gateway_rest_api.{api}.id}}.execute-api.${{var.region}}.amazonaws.com"'
              if api else f'"origin.{c.service}.example.com"')
    logging = "" if c.bad() else nested("""
          logging_config {
            bucket          = "${var.access_log_bucket}.s3.amazonaws.com"
            prefix          = "cloudfront/@label@/"
            include_cookies = false
          }""", label=label)
    waf = "" if c.bad() else "\n  web_acl_id          = var.web_acl_arn"
    geo = c.pick("none", "whitelist")
    return fill("""
        resource "aws_cloudfront_distribution" "@label@" {
          enabled             = true
          is_ipv6_enabled     = true
          comment             = "@service@ ${var.environment}"
          aliases             = ["@sub@.@service@.example.com"]
          price_class         = "PriceClass_100"
          default_root_object = "index.html"@waf@

          origin {
            domain_name = @origin@
            origin_id   = "primary"
            origin_path = "/${var.environment}"

            custom_origin_config {
              http_port              = 80
              https_port             = 443
              origin_protocol_policy = "@origin_policy@"
              origin_ssl_protocols   = @protocols@
            }

            custom_header {
              name  = "X-Origin-Verify"
              value = var.origin_verify_secret
            }
          }

          default_cache_behavior {
            allowed_methods        = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
            cached_methods         = ["GET", "HEAD"]
            target_origin_id       = "primary"
            viewer_protocol_policy = "@viewer@"
            compress               = true
            min_ttl                = 0
            default_ttl            = 0
            max_ttl                = 300

            forwarded_values {
              query_string = true
              headers      = ["Authorization", "Origin"]

              cookies {
                forward = "none"
              }
            }
          }

          restrictions {
            geo_restriction {
              restriction_type = "@geo@"
              locations        = @locations@
            }
          }

          viewer_certificate {
            acm_certificate_arn      = var.certificate_arn
            ssl_support_method       = "sni-only"
            minimum_protocol_version = "@tls@"
          }@logging@

          tags = @tags@
        }
        """, label=label, service=c.service, sub=c.pick("www", "api", "cdn", "static"),
                waf=waf, origin=origin, origin_policy="http-only" if c.bad(0.2) else "https-only",
                protocols='["TLSv1", "TLSv1.1", "TLSv1.2"]' if c.bad() else '["TLSv1.2"]',
                viewer="allow-all" if c.bad() else c.pick("redirect-to-https", "https-only"),
                geo=geo, tls="TLSv1" if c.bad() else "TLSv1.2_2021",
                locations='[]' if geo == "none" else '["DE", "FR", "GB", "US"]',
                logging=logging, tags=c.tags)


# --- storage, databases, keys, logging ---------------------------------------------------

def kms_key(c: Ctx) -> str:
    label = c.add("aws_kms_key", c.label(c.pick("data", "logs", "secrets", "backups") + "_key"))
    return fill("""
        resource "aws_kms_key" "@label@" {
          description             = "${@prefix@} @label@"
          deletion_window_in_days = @window@
          enable_key_rotation     = @rotation@
          multi_region            = false

          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [
              {
                Sid       = "EnableRootAccount"
                Effect    = "Allow"
                Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root" }
                Action    = "kms:*"
                Resource  = "*"
              },
              {
                Sid       = "AllowServiceUse"
                Effect    = "Allow"
                Principal = { Service = "@principal@.amazonaws.com" }
                Action    = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*", "kms:DescribeKey"]
                Resource  = "*"
              }
            ]
          })

          tags = @tags@
        }

        resource "aws_kms_alias" "@label@" {
          name          = "alias/${@prefix@}-@label@"
          target_key_id = aws_kms_key.@label@.key_id
        }
        """, label=label, prefix=c.prefix, window=c.pick(7, 30), rotation=hcl(not c.bad()),
                principal=c.pick("logs", "s3", "lambda", "secretsmanager", "rds"), tags=c.tags)


def s3_bucket(c: Ctx) -> str:
    purpose = c.pick("assets", "uploads", "exports", "backups", "artifacts", "reports", "media",
                     "invoices", "audit", "trail")
    label = c.add("aws_s3_bucket", c.label(purpose))
    text = fill("""
        resource "aws_s3_bucket" "@label@" {
          bucket        = "${@prefix@}-@purpose@-${data.aws_caller_identity.current.account_id}"
          force_destroy = @destroy@

          tags = merge(@tags@, {
            DataClass = "@klass@"
          })
        }

        resource "aws_s3_bucket_versioning" "@label@" {
          bucket = aws_s3_bucket.@label@.id

          versioning_configuration {
            status = "@versioning@"
          }
        }
        """, label=label, prefix=c.prefix, purpose=purpose, destroy=hcl(c.env == "dev"),
                tags=c.tags, klass=c.pick("public", "internal", "confidential"),
                versioning="Suspended" if c.bad() else "Enabled")
    if not c.bad(0.25):
        flags = [not c.bad(0.15) for _ in range(4)]
        text += "\n" + fill("""
            resource "aws_s3_bucket_public_access_block" "@label@" {
              bucket                  = aws_s3_bucket.@label@.id
              block_public_acls       = @a@
              block_public_policy     = @b@
              ignore_public_acls      = @c@
              restrict_public_buckets = @d@
            }
            """, label=label, a=hcl(flags[0]), b=hcl(flags[1]), c=hcl(flags[2]), d=hcl(flags[3]))
    if not c.bad(0.25):
        kms = c.rng.random() < 0.6
        text += "\n" + fill("""
            resource "aws_s3_bucket_server_side_encryption_configuration" "@label@" {
              bucket = aws_s3_bucket.@label@.id

              rule {
                apply_server_side_encryption_by_default {
                  sse_algorithm@key@
                }
                bucket_key_enabled = @bucket_key@
              }
            }
            """, label=label, bucket_key=hcl(kms),
                            key=(f'     = "aws:kms"\n      kms_master_key_id = {c.kms()}' if kms
                                 else ' = "AES256"'))
    if c.rng.random() < 0.5:
        text += "\n" + fill("""
            resource "aws_s3_bucket_acl" "@label@" {
              bucket = aws_s3_bucket.@label@.id
              acl    = "@acl@"
            }
            """, label=label, acl=c.pick("public-read", "public-read-write") if c.bad(0.2) else "private")
    if c.rng.random() < 0.4:
        text += "\n" + fill("""
            data "aws_iam_policy_document" "@label@_tls" {
              statement {
                sid       = "DenyInsecureTransport"
                effect    = "Deny"
                actions   = ["s3:*"]
                resources = [aws_s3_bucket.@label@.arn, "${aws_s3_bucket.@label@.arn}/*"]

                principals {
                  type        = "*"
                  identifiers = ["*"]
                }

                condition {
                  test     = "Bool"
                  variable = "aws:SecureTransport"
                  values   = ["false"]
                }
              }
            }

            resource "aws_s3_bucket_policy" "@label@" {
              bucket = aws_s3_bucket.@label@.id
              policy = data.aws_iam_policy_document.@label@_tls.json
            }
            """, label=label)
    return text


def db_instance(c: Ctx) -> str:
    label = c.add("aws_db_instance", c.label(c.pick("primary", "reporting", "replica") + "_db"))
    password = (f'  password                    = "{c.pick("ChangeMe123!", "postgres", "s3cr3t-pass")}"'
                if c.bad(0.2) else c.pick("  password                    = var.db_password",
                                          "  manage_master_user_password = true"))
    sg = c.last("aws_security_group")
    return fill("""
        resource "aws_db_instance" "@label@" {
          identifier        = "${@prefix@}-@short@"
          engine            = "@engine@"
          engine_version    = "@version@"
          instance_class    = var.db_instance_class
          allocated_storage = @storage@
          storage_type      = "gp3"
          storage_encrypted = @encrypted@
          kms_key_id        = @kms@
          db_name           = "@service@"
          username          = "@service@_admin"
        @password@

          publicly_accessible                 = @public@
          iam_database_authentication_enabled = @iam@
          multi_az                            = local.is_production
          backup_retention_period             = @backup@
          deletion_protection                 = @protect@
          skip_final_snapshot                 = @skip@
          copy_tags_to_snapshot               = true
          auto_minor_version_upgrade          = true
          performance_insights_enabled        = @pi@
          vpc_security_group_ids              = [@sg@]
          enabled_cloudwatch_logs_exports     = @logs@

          tags = @tags@
        }
        """, label=label, prefix=c.prefix, short=label.replace("_", "-"),
                engine=c.pick("postgres", "mysql"), version=c.pick("15.4", "16.1", "8.0.35"),
                storage=c.pick(20, 50, 100, 500), encrypted=hcl(not c.bad()), kms=c.kms(),
                service=c.service, password=password, public=hcl(c.bad(0.15)), iam=hcl(not c.bad()),
                backup=0 if c.bad(0.2) else c.pick(7, 14, 35), protect=hcl(not c.bad()),
                skip=hcl(c.env == "dev"), pi=hcl(c.rng.random() < 0.5),
                sg=f"aws_security_group.{sg}.id" if sg else "var.default_security_group_id",
                logs='[]' if c.bad() else '["postgresql", "upgrade"]', tags=c.tags)


def rds_cluster(c: Ctx) -> str:
    label = c.add("aws_rds_cluster", c.label(c.pick("aurora", "events", "ledger") + "_cluster"))
    return fill("""
        resource "aws_rds_cluster" "@label@" {
          cluster_identifier                  = "${@prefix@}-@short@"
          engine                              = "aurora-postgresql"
          engine_version                      = "15.4"
          database_name                       = "@service@"
          master_username                     = "@service@_admin"
          manage_master_user_password         = true
          storage_encrypted                   = @encrypted@
          kms_key_id                          = @kms@
          iam_database_authentication_enabled = @iam@
          backup_retention_period             = @backup@
          preferred_backup_window             = "02:00-03:00"
          deletion_protection                 = @protect@
          copy_tags_to_snapshot               = true
          enabled_cloudwatch_logs_exports     = ["postgresql"]
          db_subnet_group_name                = "${@prefix@}-db"

          serverlessv2_scaling_configuration {
            min_capacity = 0.5
            max_capacity = @max@
          }

          tags = @tags@
        }

        resource "aws_rds_cluster_instance" "@label@" {
          count               = local.is_production ? 2 : 1
          identifier          = "${@prefix@}-@short@-${count.index}"
          cluster_identifier  = aws_rds_cluster.@label@.id
          instance_class      = "db.serverless"
          engine              = aws_rds_cluster.@label@.engine
          publicly_accessible = @public@
        }
        """, label=label, prefix=c.prefix, short=label.replace("_", "-"), service=c.service,
                encrypted=hcl(not c.bad()), kms=c.kms(), iam=hcl(not c.bad()),
                backup=1 if c.bad() else 14, protect=hcl(not c.bad()), max=c.pick(4, 8, 16),
                public=hcl(c.bad(0.1)), tags=c.tags)


def cloudtrail(c: Ctx) -> str:
    text = "" if c.last("aws_cloudwatch_log_group") else log_group(c, "trail_logs") + "\n"
    bucket = c.last("aws_s3_bucket")
    label = c.label("trail")
    role = c.last("aws_iam_role")
    return text + fill("""
        resource "aws_cloudtrail" "@label@" {
          name                          = "${@prefix@}-@label@"
          s3_bucket_name                = @bucket@
          s3_key_prefix                 = "cloudtrail"
          include_global_service_events = true
          is_multi_region_trail         = @multi@
          enable_log_file_validation    = @validation@
          kms_key_id                    = @kms@
          cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.@lg@.arn}:*"
          cloud_watch_logs_role_arn     = @role@

          event_selector {
            read_write_type           = "All"
            include_management_events = true

            data_resource {
              type   = "AWS::S3::Object"
              values = ["arn:aws:s3"]
            }
          }

          tags = @tags@
        }
        """, label=label, prefix=c.prefix,
                        bucket=f"aws_s3_bucket.{bucket}.id" if bucket else "var.access_log_bucket",
                        multi=hcl(not c.bad()), validation=hcl(not c.bad()), kms=c.kms(),
                        lg=c.last("aws_cloudwatch_log_group"),
                        role=f"aws_iam_role.{role}.arn" if role else "var.cloudtrail_role_arn",
                        tags=c.tags)


def secret(c: Ctx) -> str:
    label = c.add("aws_secretsmanager_secret", c.label(c.pick("db", "api_key", "oauth", "webhook",
                                                               "signing") + "_secret"))
    kms = "" if c.bad() else f"\n  kms_key_id              = {c.kms()}"
    text = fill("""
        resource "aws_secretsmanager_secret" "@label@" {
          name                    = "${@prefix@}/@label@"
          description             = "@service@ @label@"
          recovery_window_in_days = @window@@kms@

          tags = @tags@
        }
        """, label=label, prefix=c.prefix, service=c.service, window=c.pick(0, 7, 30), kms=kms,
                tags=c.tags)
    if not c.bad(0.4):
        text += "\n" + fill("""
            resource "aws_secretsmanager_secret_rotation" "@label@" {
              secret_id           = aws_secretsmanager_secret.@label@.id
              rotation_lambda_arn = @fn@

              rotation_rules {
                automatically_after_days = @days@
              }
            }
            """, label=label, fn=lambda_arn(c), days=c.pick(30, 60, 90, 365))
    return text


# --- IAM ---------------------------------------------------------------------------------

def iam_role(c: Ctx) -> str:
    label = c.add("aws_iam_role", c.label(c.pick("lambda", "ecs_task", "apigw", "trail",
                                                 "rotation") + "_role"))
    service = c.pick("lambda", "ecs-tasks", "apigateway", "cloudtrail")
    principal = ('{ "AWS": "*" }' if c.bad(0.1) else f'{{ "Service": "{service}.amazonaws.com" }}')
    text = fill("""
        resource "aws_iam_role" "@label@" {
          name                 = "${@prefix@}-@label@"
          max_session_duration = @duration@
          permissions_boundary = var.permissions_boundary_arn

          assume_role_policy = <<EOF
        {
          "Version": "2012-10-17",
          "Statement": [
            {
              "Effect": "Allow",
              "Principal": @principal@,
              "Action": "sts:AssumeRole"
            }
          ]
        }
        EOF

          tags = @tags@
        }

        resource "aws_iam_role_policy_attachment" "@label@_basic" {
          role       = aws_iam_role.@label@.name
          policy_arn = "arn:aws:iam::aws:policy/@managed@"
        }
        """, label=label, prefix=c.prefix, duration=c.pick(3600, 43200), principal=principal,
                tags=c.tags, managed=c.pick("service-role/AWSLambdaBasicExecutionRole",
                                            "AdministratorAccess" if c.bad(0.15) else "ReadOnlyAccess"))
    if c.rng.random() < 0.6:
        bucket = c.last("aws_s3_bucket")
        arn = f"${{aws_s3_bucket.{bucket}.arn}}" if bucket else f"arn:aws:s3:::${{{c.prefix}}}-data"
        text += "\n" + fill("""
            resource "aws_iam_role_policy" "@label@_inline" {
              name = "${@prefix@}-@label@-inline"
              role = aws_iam_role.@label@.id

              policy = <<-POLICY
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {
                      "Effect": "Allow",
                      "Action": @actions@,
                      "Resource": ["@arn@", "@arn@/*"]
                    },
                    {
                      "Effect": "Allow",
                      "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                      "Resource": "arn:aws:logs:${var.region}:${data.aws_caller_identity.current.account_id}:*"
                    }
                  ]
                }
              POLICY
            }
            """, label=label, prefix=c.prefix, arn=arn,
                            actions='"s3:*"' if c.bad() else '["s3:GetObject", "s3:PutObject"]')
    return text


def iam_policy(c: Ctx) -> str:
    label = c.add("aws_iam_policy", c.label(c.pick("deploy", "read", "ops", "ci", "support") + "_policy"))
    wildcard = c.bad(0.25)
    actions = '"*"' if wildcard else hcl(c.rng.sample(
        ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "sqs:SendMessage",
         "sqs:ReceiveMessage", "sns:Publish", "execute-api:Invoke", "secretsmanager:GetSecretValue",
         "kms:Decrypt", "s3:GetObject"], 4))
    return fill("""
        resource "aws_iam_policy" "@label@" {
          name        = "${@prefix@}-@label@"
          path        = "/@service@/"
          description = "@label@ for @service@ in ${var.environment}"

          policy = jsonencode({
            Version = "2012-10-17"
            Statement = [
              {
                Sid      = "Main"
                Effect   = "Allow"
                Action   = @actions@
                Resource = @resource@
              },
              {
                Sid      = "DenyOutsideRegion"
                Effect   = "Deny"
                Action   = "*"
                Resource = "*"
                Condition = {
                  StringNotEquals = {
                    "aws:RequestedRegion" = [var.region]
                  }
                }
              }
            ]
          })

          tags = @tags@
        }
        """, label=label, prefix=c.prefix, service=c.service, actions=actions,
                resource='"*"' if wildcard or c.bad(0.2) else
                f'["arn:aws:*:${{var.region}}:${{data.aws_caller_identity.current.account_id}}:{c.service}-*"]',
                tags=c.tags)


def policy_document(c: Ctx) -> str:
    label = c.label(c.pick("app", "reader", "writer", "events") + "_access")
    role = c.last("aws_iam_role")
    text = fill("""
        data "aws_iam_policy_document" "@label@" {
          statement {
            sid       = "Queues"
            effect    = "Allow"
            actions   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage"]
            resources = ["arn:aws:sqs:${var.region}:${data.aws_caller_identity.current.account_id}:@service@-*"]
          }

          statement {
            sid       = "Secrets"
            effect    = "Allow"
            actions   = @actions@
            resources = [for name in var.secret_names : "arn:aws:secretsmanager:${var.region}:*:secret:${name}-*"]

            condition {
              test     = "StringEquals"
              variable = "aws:ResourceTag/Environment"
              values   = [var.environment]
            }
          }
        }

        resource "aws_iam_policy" "@label@" {
          name   = "${@prefix@}-@label@"
          policy = data.aws_iam_policy_document.@label@.json
        }
        """, label=label, service=c.service, prefix=c.prefix,
                actions='["secretsmanager:*"]' if c.bad() else '["secretsmanager:GetSecretValue"]')
    if role:
        text += "\n" + fill("""
            resource "aws_iam_role_policy_attachment" "@label@" {
              role       = aws_iam_role.@role@.name
              policy_arn = aws_iam_policy.@label@.arn
            }
            """, label=label, role=role)
    return text


# --- network -----------------------------------------------------------------------------

def security_group(c: Ctx) -> str:
    label = c.add("aws_security_group", c.label(c.pick("app", "alb", "db", "lambda", "bastion") + "_sg"))
    ingress = []
    for port, what in c.rng.sample([(443, "HTTPS"), (80, "HTTP"), (22, "SSH"), (5432, "PostgreSQL"),
                                    (8080, "app"), (3389, "RDP")], c.rng.randint(1, 3)):
        cidrs = '["0.0.0.0/0"]' if c.bad(0.3) else c.pick("var.allowed_cidrs", '["10.0.0.0/8"]')
        ingress.append(fill("""
              ingress {
                description = "@what@"
                from_port   = @port@
                to_port     = @port@
                protocol    = "tcp"
                cidr_blocks = @cidrs@
              }
            """, what=what, port=port, cidrs=cidrs))
    dynamic = "" if c.rng.random() < 0.6 else nested("""
          dynamic "ingress" {
            for_each = var.extra_ports
            content {
              description = "extra port ${ingress.value}"
              from_port   = ingress.value
              to_port     = ingress.value
              protocol    = "tcp"
              cidr_blocks = var.allowed_cidrs
            }
          }""")
    text = fill("""
        resource "aws_security_group" "@label@" {
          name        = "${@prefix@}-@label@"
          description = "@label@ for @service@"
          vpc_id      = var.vpc_id

        @ingress@@dynamic@

          egress {
            from_port   = 0
            to_port     = 0
            protocol    = "-1"
            cidr_blocks = ["0.0.0.0/0"]
          }

          tags = @tags@
        }
        """, label=label, prefix=c.prefix, service=c.service,
                ingress="\n".join(textwrap.indent(i, "  ") for i in ingress).rstrip("\n"),
                dynamic=dynamic, tags=c.tags)
    return text + "\n" + sg_rule(c)


def sg_rule(c: Ctx) -> str:
    sg = c.last("aws_security_group")
    if not sg:
        return security_group(c)
    label = c.label(f"{sg}_rule")
    port = c.pick(443, 5432, 6379, 9200, 22)
    source = ('  cidr_blocks              = ["0.0.0.0/0"]' if c.bad(0.3)
              else f"  source_security_group_id = aws_security_group.{c.last('aws_security_group')}.id")
    return fill("""
        resource "aws_security_group_rule" "@label@" {
          type                     = "ingress"
          description              = "port @port@"
          from_port                = @port@
          to_port                  = @port@
          protocol                 = "tcp"
          security_group_id        = aws_security_group.@sg@.id
        @source@
        }
        """, label=label, port=port, sg=sg, source=source)


BLOCKS = {
    "api": [rest_method, rest_method, rest_stage, usage_plan, domain_name, waf_association,
            http_api, http_routes],
    "storage": [s3_bucket, s3_bucket, kms_key],
    "iam": [iam_role, iam_policy, policy_document],
    "network": [security_group, sg_rule, load_balancer],
    "compute": [lambda_function, lambda_function, load_balancer],
    "database": [db_instance, rds_cluster, secret],
    "edge": [cloudfront, waf_association, domain_name],
    "secrets": [secret, kms_key],
    "logging": [log_group, cloudtrail, kms_key],
}


# --- variables, locals, outputs, providers -----------------------------------------------

CORE_VARIABLES = [  # name, type, default (None: no default), description
    ("environment", "string", None, "Deployment environment"),
    ("region", "string", "eu-west-1", "AWS region"),
    ("tags", "map(string)", {}, "Extra tags for every resource"),
    ("kms_key_arn", "string", None, "Default KMS key"),
    ("vpc_id", "string", None, "VPC of the service"),
    ("subnet_ids", "list(string)", None, "Private subnets"),
    ("allowed_cidrs", "list(string)", ["10.0.0.0/8"], "Networks allowed to reach the service"),
    ("extra_ports", "list(number)", [], "More ports to open to allowed_cidrs"),
    ("certificate_arn", "string", None, "ACM certificate"),
    ("web_acl_arn", "string", "", "WAFv2 web ACL"),
    ("enable_waf", "bool", True, "Associate the web ACL"),
    ("db_password", "string", None, "Master password (sensitive)"),
    ("db_instance_class", "string", "db.t3.medium", "RDS instance class"),
    ("log_retention_days", "number", 90, "CloudWatch Logs retention"),
    ("backend_lambda_arn", "string", "", "Backend function behind the API"),
    ("authorizer_lambda_arn", "string", "", "Lambda authorizer function"),
    ("user_pool_arn", "string", "", "Cognito user pool"),
    ("user_pool_id", "string", "", "Cognito user pool id"),
    ("lambda_role_arn", "string", "", "Execution role when none is created here"),
    ("cloudtrail_role_arn", "string", "", "Role CloudTrail uses to write to CloudWatch Logs"),
    ("default_security_group_id", "string", "", "Security group when none is created here"),
    ("permissions_boundary_arn", "string", None, "Permissions boundary for every role"),
    ("artifact_bucket", "string", "acme-artifacts", "Bucket with Lambda packages"),
    ("release", "string", "latest", "Release of the Lambda packages"),
    ("access_log_bucket", "string", "acme-access-logs", "Bucket for access logs"),
    ("origin_verify_secret", "string", "", "Header value CloudFront sends to the origin"),
    ("secret_names", "list(string)", [], "Secrets the service reads"),
]


def variable_block(name: str, vtype: str, default, description: str, sensitive=False,
                   validation: str | None = None) -> str:
    lines = [f'variable "{name}" {{', f"  description = {hcl(description)}", f"  type        = {vtype}"]
    if default is not None:
        lines.append(f"  default     = {hcl(default)}")
    if sensitive:
        lines.append("  sensitive   = true")
    if validation:
        lines += ["", "  validation {", f"    condition     = {validation}",
                  f'    error_message = "Invalid value for {name}."', "  }"]
    return "\n".join(lines) + "\n}\n"


def core_variables(c: Ctx, with_defaults: bool) -> str:
    blocks = []
    if c.module:
        blocks.append(variable_block("name", "string", None, "Name prefix for every resource"))
    else:
        blocks.append(variable_block("service", "string", c.service, "Service name"))
    for name, vtype, default, description in CORE_VARIABLES:
        if default is None and with_defaults:
            default = {"list(string)": [], "string": ""}.get(vtype, default)
            if name == "environment":
                default = "dev"
        validation = ('contains(["dev", "staging", "prod"], var.environment)'
                      if name == "environment" else None)
        blocks.append(variable_block(name, vtype, default, description,
                                     sensitive=name == "db_password", validation=validation))
    if c.module == "api":
        blocks.append(variable_block("authorization", "string", "COGNITO_USER_POOLS",
                                     "Authorization type of the API methods"))
    return "\n".join(blocks)


def filler_variable(c: Ctx) -> str:
    name = c.label(c.pick("feature", "limit", "timeout", "owner", "alarm", "retention", "replicas",
                          "schedule", "cidr", "setting"))
    vtype, default = c.pick(("string", f"{c.service}-{name}"), ("number", c.rng.randint(1, 900)),
                            ("bool", c.rng.random() < 0.5), ("list(string)", ["a", "b"]),
                            ("map(string)", {"team": c.service, "tier": "backend"}))
    if c.rng.random() < 0.15:
        return fill("""
            variable "@name@" {
              description = "@name@ settings"
              type = object({
                enabled   = bool
                threshold = number
                targets   = list(string)
              })
              default = {
                enabled   = true
                threshold = @n@
                targets   = []
              }
            }
            """, name=name, n=c.rng.randint(1, 100))
    return variable_block(name, vtype, default, f"{name.replace('_', ' ')} for {c.service}")


def locals_block(c: Ctx) -> str:
    return fill("""
        data "aws_caller_identity" "current" {}

        data "aws_region" "current" {}

        locals {
          name_prefix   = "${var.service}-${var.environment}"
          is_production = var.environment == "prod"
          common_tags = merge(var.tags, {
            Service     = var.service
            Environment = var.environment
            ManagedBy   = "terraform"
            Repository  = "github.com/acme/infrastructure"
          })
          log_retention = local.is_production ? 365 : var.log_retention_days
          az_names      = [for suffix in ["a", "b", "c"] : "${var.region}${suffix}"]
          alarm_targets = { for k, v in var.tags : lower(k) => v if k != "Owner" }
        }
        """)


def module_call(c: Ctx, module: str) -> str:
    extra = {
        "api": ['authorization = local.is_production ? "COGNITO_USER_POOLS" : "NONE"'
                if c.bad() else 'authorization = "AWS_IAM"',
                "user_pool_arn = var.user_pool_arn"],
        "storage": ["kms_key_arn = var.kms_key_arn"],
        "network": ["vpc_id = var.vpc_id", "allowed_cidrs = var.allowed_cidrs"],
        "iam": ["permissions_boundary_arn = var.permissions_boundary_arn"],
        "database": ["db_password = var.db_password", "db_instance_class = var.db_instance_class",
                     "subnet_ids = var.subnet_ids"],
        "lambda": ["subnet_ids = var.subnet_ids", 'release = "v1.4.2"'],
        "edge": ["certificate_arn = var.certificate_arn", "web_acl_arn = var.web_acl_arn"],
    }[module]
    args = ["name = \"${local.name_prefix}-" + module + '"', "environment = var.environment",
            "region = var.region", "tags = local.common_tags"] + extra
    width = max(len(a.split(" = ")[0]) for a in args)
    body = "\n".join("  " + a.split(" = ")[0].ljust(width) + " = " + a.split(" = ", 1)[1] for a in args)
    return f'module "{module}" {{\n  source = "../../../../modules/{module}"\n\n{body}\n}}\n'


def outputs(c: Ctx, target: int) -> str:
    refs = [(t, l) for t, labels in c.defined.items() if t.startswith("aws_") for l in labels]
    attrs = {"aws_api_gateway_rest_api": ["id", "execution_arn", "root_resource_id"],
             "aws_api_gateway_stage": ["invoke_url", "arn"], "aws_lb": ["dns_name", "arn"],
             "aws_lambda_function": ["arn", "function_name", "invoke_arn"],
             "aws_s3_bucket": ["id", "arn", "bucket_regional_domain_name"],
             "aws_cloudfront_distribution": ["domain_name", "id"], "aws_db_instance": ["endpoint", "address"],
             "aws_security_group": ["id"], "aws_iam_role": ["arn", "name"], "aws_kms_key": ["arn", "key_id"]}
    text = ""
    while text.count("\n") < target:
        if refs and c.rng.random() < 0.85:
            rtype, label = c.rng.choice(refs)
            attr = c.rng.choice(attrs.get(rtype, ["id", "arn"]))
            if rtype == "aws_apigatewayv2_route":
                value = f"{{ for k, r in {rtype}.{label} : k => r.id }}"
            else:
                value = f"{rtype}.{label}.{attr}"
            name = c.label(f"{label}_{attr}")
        else:
            name, value = c.label("name_prefix"), c.prefix
        sensitive = "\n  sensitive   = true" if "db_" in name and c.rng.random() < 0.5 else ""
        text += (("\n" if text else "") +
                 f'output "{name}" {{\n  description = "{name.replace("_", " ")}"\n'
                 f"  value       = {value}{sensitive}\n}}\n")
    return text


def providers(c: Ctx, env: str, region: str) -> str:
    return fill("""
        terraform {
          required_version = ">= 1.5.0"

          required_providers {
            aws = {
              source  = "hashicorp/aws"
              version = "~> 5.40"
            }
          }

          backend "s3" {
            bucket         = "acme-terraform-state"
            key            = "@env@/@region@/@service@/terraform.tfstate"
            region         = "us-east-1"
            encrypt        = true
            dynamodb_table = "terraform-locks"
          }
        }

        provider "aws" {
          region = var.region

          default_tags {
            tags = local.common_tags
          }
        }

        provider "aws" {
          alias  = "us_east_1"
          region = "us-east-1"
        }
        """, env=env, region=region, service=c.service)


def tfvars(c: Ctx, env: str, region: str) -> str:
    r = c.rng
    lines = [f'environment = "{env}"', f'service     = "{c.service}"', f'region      = "{region}"', "",
             f'vpc_id     = "vpc-{r.getrandbits(32):08x}"',
             f'subnet_ids = ["subnet-{r.getrandbits(32):08x}", "subnet-{r.getrandbits(32):08x}"]',
             f'kms_key_arn     = "arn:aws:kms:{region}:123456789012:key/{r.getrandbits(64):016x}"',
             f'certificate_arn = "arn:aws:acm:{region}:123456789012:certificate/{r.getrandbits(64):016x}"',
             'permissions_boundary_arn = "arn:aws:iam::123456789012:policy/boundary"',
             f"enable_waf      = {hcl(env == 'prod' or r.random() < 0.5)}",
             f"allowed_cidrs   = {hcl(['0.0.0.0/0'] if c.bad(0.15) else ['10.20.0.0/16', '10.30.0.0/16'])}",
             f'db_password     = "{"hunter2" if c.bad(0.2) else ""}"',
             "", "tags = {", f'  Team       = "{c.service}"', f'  CostCenter = "cc-{r.randint(1000, 9999)}"', "}"]
    return "\n".join(lines) + "\n"


# --- Kubernetes --------------------------------------------------------------------------

def k8s_app(c: Ctx, name: str, ns: str) -> str:
    image = (f"acme/{name}:latest" if c.bad() else
             f"123456789012.dkr.ecr.eu-west-1.amazonaws.com/{name}@sha256:{c.rng.getrandbits(256):064x}")
    privileged = c.bad(0.15)
    secret_env = (f'            - name: DB_PASSWORD\n              value: "{c.pick("postgres", "changeme")}"'
                  if c.bad(0.2) else
                  f"            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef:\n"
                  f"                  name: {name}-db\n                  key: password")
    return fill("""
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: @name@
          namespace: @ns@
        automountServiceAccountToken: @automount@
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: @name@
          namespace: @ns@
          labels:
            app.kubernetes.io/name: @name@
            app.kubernetes.io/part-of: @service@
        spec:
          replicas: @replicas@
          selector:
            matchLabels:
              app.kubernetes.io/name: @name@
          template:
            metadata:
              labels:
                app.kubernetes.io/name: @name@
              annotations:
                sidecar.istio.io/inject: "@inject@"
            spec:
              serviceAccountName: @name@
              hostNetwork: @host@
              securityContext:
                runAsNonRoot: @nonroot@
                runAsUser: 10001
                seccompProfile:
                  type: RuntimeDefault
              containers:
                - name: app
                  image: @image@
                  imagePullPolicy: IfNotPresent
                  ports:
                    - name: http
                      containerPort: 8080
                  env:
                    - name: STAGE
                      value: "@env@"
        @secret_env@
                  securityContext:
                    privileged: @privileged@
                    allowPrivilegeEscalation: @escalation@
                    readOnlyRootFilesystem: @readonly@
                    capabilities:
                      drop: ["ALL"]
                  resources:
                    requests:
                      cpu: 100m
                      memory: 128Mi
                    limits:
                      cpu: "@cpu@"
                      memory: @memory@
                  readinessProbe:
                    httpGet:
                      path: /health
                      port: http
                    periodSeconds: 10
                  livenessProbe:
                    httpGet:
                      path: /health
                      port: http
                    initialDelaySeconds: 15
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: @name@
          namespace: @ns@
        spec:
          type: @svc_type@
          selector:
            app.kubernetes.io/name: @name@
          ports:
            - name: http
              port: 80
              targetPort: http
        """, name=name, ns=ns, service=c.service, env=c.env, image=image, secret_env=secret_env,
                automount=hcl(c.bad()), replicas=c.pick(1, 2, 3), inject=hcl(not c.bad()),
                host=hcl(c.bad(0.1)), nonroot=hcl(not c.bad()), privileged=hcl(privileged),
                escalation=hcl(privileged or c.bad(0.2)), readonly=hcl(not c.bad()),
                cpu=c.pick("500m", "1"), memory=c.pick("256Mi", "512Mi"),
                svc_type="LoadBalancer" if c.bad(0.2) else "ClusterIP")


def k8s_ingress(c: Ctx, name: str, ns: str) -> str:
    tls = "" if c.bad() else fill("""
          tls:
            - hosts:
                - @name@.@env@.example.com
              secretName: @name@-tls
        """, name=name, env=c.env)
    tls = textwrap.indent(tls, "  ")
    return fill("""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata:
          name: @name@
          namespace: @ns@
          annotations:
            nginx.ingress.kubernetes.io/ssl-redirect: "@redirect@"
            nginx.ingress.kubernetes.io/limit-rps: "@rps@"
            nginx.ingress.kubernetes.io/auth-url: "https://auth.example.com/oauth2/auth"
        spec:
          ingressClassName: nginx
        @tls@  rules:
            - host: @name@.@env@.example.com
              http:
                paths:
                  - path: /api
                    pathType: Prefix
                    backend:
                      service:
                        name: @name@
                        port:
                          name: http
        """, name=name, ns=ns, env=c.env, tls=tls, redirect=hcl(not c.bad()),
                rps=c.pick(10, 50, 100))


def k8s_rbac(c: Ctx, name: str, ns: str) -> str:
    verbs = '["*"]' if c.bad() else '["get", "list", "watch"]'
    resources = '["*"]' if c.bad(0.2) else '["configmaps", "secrets"]'
    return fill("""
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata:
          name: @name@-reader
          namespace: @ns@
        rules:
          - apiGroups: [""]
            resources: @resources@
            verbs: @verbs@
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata:
          name: @name@-reader
          namespace: @ns@
        subjects:
          - kind: ServiceAccount
            name: @name@
            namespace: @ns@
        roleRef:
          apiGroup: rbac.authorization.k8s.io
          kind: Role
          name: @name@-reader
        """, name=name, ns=ns, verbs=verbs, resources=resources)


def k8s_netpol(c: Ctx, name: str, ns: str) -> str:
    return fill("""
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: default-deny
          namespace: @ns@
        spec:
          podSelector: {}
          policyTypes: ["Ingress", "Egress"]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: @name@-from-ingress
          namespace: @ns@
        spec:
          podSelector:
            matchLabels:
              app.kubernetes.io/name: @name@
          policyTypes: ["Ingress"]
          ingress:
            - from:
                - namespaceSelector:
                    matchLabels:
                      kubernetes.io/metadata.name: ingress-nginx
              ports:
                - protocol: TCP
                  port: 8080
        """, name=name, ns=ns)


def k8s_cronjob(c: Ctx, name: str, ns: str) -> str:
    return fill("""
        apiVersion: batch/v1
        kind: CronJob
        metadata:
          name: @name@-cleanup
          namespace: @ns@
        spec:
          schedule: "@schedule@"
          concurrencyPolicy: Forbid
          jobTemplate:
            spec:
              backoffLimit: 2
              template:
                spec:
                  serviceAccountName: @name@
                  restartPolicy: OnFailure
                  securityContext:
                    runAsNonRoot: @nonroot@
                  containers:
                    - name: cleanup
                      image: acme/@name@-jobs:@tag@
                      args: ["cleanup", "--older-than", "30d"]
                      securityContext:
                        allowPrivilegeEscalation: false
                      resources:
                        limits:
                          cpu: 200m
                          memory: 128Mi
        """, name=name, ns=ns, schedule=c.pick("0 3 * * *", "*/15 * * * *", "30 1 * * 0"),
                nonroot=hcl(not c.bad()), tag="latest" if c.bad() else "1.8.3")


def k8s_mesh(c: Ctx, name: str, ns: str) -> str:
    return fill("""
        apiVersion: security.istio.io/v1beta1
        kind: PeerAuthentication
        metadata:
          name: default
          namespace: @ns@
        spec:
          mtls:
            mode: @mode@
        ---
        apiVersion: security.istio.io/v1beta1
        kind: PeerAuthentication
        metadata:
          name: @name@-metrics
          namespace: @ns@
        spec:
          selector:
            matchLabels:
              app.kubernetes.io/name: @name@
          portLevelMtls:
            "9090":
              mode: @port_mode@
        """, ns=ns, name=name, mode="PERMISSIVE" if c.bad() else "STRICT",
                port_mode=c.pick("DISABLE", "PERMISSIVE", "STRICT"))


K8S_FILES = [("app", k8s_app), ("ingress", k8s_ingress), ("rbac", k8s_rbac),
             ("network-policy", k8s_netpol), ("cronjob", k8s_cronjob), ("mesh", k8s_mesh)]


# --- files that are not Terraform or Kubernetes (the scan must ignore them) --------------

def unrelated_files(rng: random.Random) -> dict[str, str]:
    panels = [{"id": n, "type": "timeseries", "title": f"{service} p99 latency",
               "targets": [{"expr": f'histogram_quantile(0.99, rate(http_duration_bucket{{service="{service}"}}[5m]))'}]}
              for n, service in enumerate(SERVICES)]
    return {
        ".github/workflows/ci.yml": fill("""
            name: ci
            on: [push, pull_request]
            jobs:
              plan:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                  - uses: hashicorp/setup-terraform@v3
                  - run: terraform fmt -check -recursive
            """),
        ".pre-commit-config.yaml": "repos:\n  - repo: https://github.com/antonbabenko/pre-commit-terraform\n"
                                   "    rev: v1.88.0\n    hooks:\n      - id: terraform_fmt\n",
        "docker-compose.yml": "services:\n  localstack:\n    image: localstack/localstack:3\n"
                              "    ports: [\"4566:4566\"]\n",
        "docs/dashboards/api-latency.json": json.dumps({"title": "API latency", "panels": panels,
                                                        "schemaVersion": 39}, indent=2) + "\n",
        "package.json": json.dumps({"name": "acme-infra-tools", "private": True,
                                    "scripts": {"lint": "eslint ."}}, indent=2) + "\n",
        "renovate.json": json.dumps({"extends": ["config:base"], "terraform": {"enabled": True}},
                                    indent=2) + "\n",
        "charts/api/Chart.yaml": "apiVersion: v2\nname: api\nversion: 0.3.1\ntype: application\n",
        "charts/api/values.yaml": f"replicaCount: {rng.randint(1, 4)}\nimage:\n  repository: acme/api\n"
                                  "  tag: 1.2.3\ningress:\n  enabled: true\n",
        ".terraform/modules/modules.json": json.dumps({"Modules": [{"Key": "", "Source": "", "Dir": "."}]}) + "\n",
        "README.md": "# acme infrastructure\n\nSynthetic benchmark corpus generated by "
                     "benchmarks/generate_corpus.py.\n",
    }


# --- assembly ----------------------------------------------------------------------------

def fill_blocks(c: Ctx, topic: str, target: int, text: str = "") -> str:
    while text.count("\n") < target:
        block = c.rng.choice(BLOCKS[topic])(c)
        pending = rest_authorizers(c)
        text += ("\n" if text else "") + block + (("\n" + pending) if pending else "")
    return text


class Budget:
    """Spread the line target over the files still to write, with some spread between files."""

    def __init__(self, rng: random.Random, files: int, lines: int):
        self.rng, self.files, self.lines = rng, files, lines

    def next_target(self) -> int:
        mean = self.lines / max(1, self.files)
        return max(12, int(mean * self.rng.uniform(0.45, 1.55)))

    def spend(self, text: str) -> str:
        self.files -= 1
        self.lines -= text.count("\n")
        return text


def root_dirs(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    combos = [(e, r, s) for e in ENVIRONMENTS for r in REGIONS for s in SERVICES]
    rng.shuffle(combos)
    out = []
    for i in range(count):
        env, region, service = combos[i % len(combos)]
        out.append((env, region, service if i < len(combos) else f"{service}-{i // len(combos) + 1}"))
    return out


def generate(files: int, k8s: int, seed: int, gateways: int = 0, cfn: int = 0) -> dict[str, str]:
    """Relative path -> content of every file of the corpus."""
    rng = random.Random(seed)
    out: dict[str, str] = {}
    budget = Budget(rng, files, files * AVERAGE_LINES)

    modules = MODULES[: min(len(MODULES), max(0, (files - 1) // 40))]
    for module in modules:
        c = Ctx(rng, "shared", "any", module=module)
        base = f"modules/{module}"
        head = 'data "aws_caller_identity" "current" {}\n\nlocals {\n  is_production = var.environment == "prod"\n}\n\n'
        out[f"{base}/main.tf"] = budget.spend(fill_blocks(c, MODULE_TOPIC[module], budget.next_target(), head))
        text, target = core_variables(c, with_defaults=True), budget.next_target() // 2
        while text.count("\n") < target:
            text += "\n" + filler_variable(c)
        out[f"{base}/variables.tf"] = budget.spend(text)
        out[f"{base}/outputs.tf"] = budget.spend(outputs(c, max(8, budget.next_target() // 3)))

    per_root = []
    remaining = files - len(modules) * 3
    while remaining > 0:
        k = min(remaining, rng.randint(5, 12))
        if 0 < remaining - k < 3:
            k = remaining
        per_root.append(k)
        remaining -= k
    for (env, region, service), k in zip(root_dirs(rng, len(per_root)), per_root):
        c = Ctx(rng, service, env)
        base = f"live/{env}/{region}/{service}"
        topics = rng.sample(TOPICS, len(TOPICS))
        names = ["main.tf", "variables.tf"] + [f"{t}.tf" for t in topics]
        names += [f"{t}_{n}.tf" for n in range(2, 10) for t in topics]
        names = names[: k - 2] + ["providers.tf", "outputs.tf"] if k >= 4 else names[:k]
        # main.tf: data sources, locals, module calls, then resources of one topic
        text = locals_block(c)
        if "variables.tf" not in names:
            text = core_variables(c, with_defaults=False) + "\n" + text
        for module in rng.sample(modules, min(len(modules), rng.randint(0, 3))):
            text += "\n" + module_call(c, module)
        out[f"{base}/main.tf"] = budget.spend(fill_blocks(c, rng.choice(TOPICS), budget.next_target(), text))
        if "variables.tf" in names:
            text, target = core_variables(c, with_defaults=False), budget.next_target()
            while text.count("\n") < target:
                text += "\n" + filler_variable(c)
            out[f"{base}/variables.tf"] = budget.spend(text)
        for name in names:
            if name in ("main.tf", "variables.tf", "providers.tf", "outputs.tf"):
                continue
            topic = name[:-3].split("_")[0]
            out[f"{base}/{name}"] = budget.spend(fill_blocks(c, topic, budget.next_target()))
        if "providers.tf" in names:
            out[f"{base}/providers.tf"] = budget.spend(providers(c, env, region))
        if "outputs.tf" in names:
            out[f"{base}/outputs.tf"] = budget.spend(outputs(c, budget.next_target()))
        out[f"{base}/terraform.tfvars"] = tfvars(c, env, region)

    for i in range(k8s):
        service = SERVICES[i % len(SERVICES)] + ("" if i < len(SERVICES) * 6 else f"-{i // (len(SERVICES) * 6)}")
        env = ENVIRONMENTS[(i // len(SERVICES)) % len(ENVIRONMENTS)]
        kind, make = K8S_FILES[(i // (len(SERVICES) * len(ENVIRONMENTS)) + i) % len(K8S_FILES)]
        c = Ctx(rng, service, env)
        path = f"k8s/{service}/{env}/{kind}.yaml"
        n = 2
        while path in out:
            path, n = f"k8s/{service}/{env}/{kind}-{n}.yaml", n + 1
        out[path] = make(c, service, f"{service}-{env}")

    out.update(unrelated_files(rng))
    out.update(corpus_gateways.generate(gateways, SERVICES, ENVIRONMENTS, seed))
    out.update(corpus_cloudformation.generate(cfn, SERVICES, ENVIRONMENTS, seed))
    return out


def check_hcl(root: Path) -> int:
    """Parse every .tf and .tfvars file with python-hcl2; return the number that fail."""
    import hcl2

    failures = 0
    for path in sorted(root.rglob("*.tf*")):
        try:
            hcl2.parses_to_tree(path.read_text())
        except Exception as exc:  # noqa: BLE001 - report any parser failure
            failures += 1
            print(f"invalid HCL: {path}: {str(exc).splitlines()[0]}", file=sys.stderr)
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000, help="Terraform files (default 1000)")
    parser.add_argument("--k8s", type=int, default=100, help="Kubernetes manifest files (default 100)")
    parser.add_argument("--gateways", type=int, default=None,
                        help="API gateway files: OpenAPI, APIM, Gateway API, decK, Pulumi "
                             "(default: a tenth of --files)")
    parser.add_argument("--cfn", type=int, default=None,
                        help="CloudFormation and SAM templates (default: a fortieth of --files)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "corpus",
                        help="output folder, replaced if it exists (default benchmarks/corpus)")
    parser.add_argument("--check", action="store_true", help="parse every .tf and .tfvars file with python-hcl2")
    args = parser.parse_args(argv)
    if args.files < 1 or args.k8s < 0:
        parser.error("--files must be at least 1 and --k8s at least 0")

    gateways = args.files // 10 if args.gateways is None else args.gateways
    cfn = args.files // 40 if args.cfn is None else args.cfn
    corpus = generate(args.files, args.k8s, args.seed, gateways, cfn)
    if args.out.exists():
        if not (args.out / ".corpus.json").exists() and any(args.out.iterdir()):
            parser.error(f"{args.out} exists and is not a generated corpus; not replacing it")
        shutil.rmtree(args.out)
    for rel, text in corpus.items():
        path = args.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    tf = [t for r, t in corpus.items() if r.endswith(".tf")]
    meta = {"files": args.files, "k8s": args.k8s, "gateways": gateways, "cfn": cfn,
            "seed": args.seed,
            "tf_files": len(tf),
            "tf_lines": sum(t.count("\n") for t in tf), "all_files": len(corpus),
            "all_lines": sum(t.count("\n") for t in corpus.values())}
    (args.out / ".corpus.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(f"wrote {meta['all_files']} files to {args.out}: {meta['tf_files']} .tf files "
          f"({meta['tf_lines']} lines), {args.k8s} Kubernetes manifests, {gateways} gateway files, "
          f"{cfn} CloudFormation templates")
    if args.check:
        failures = check_hcl(args.out)
        print(f"HCL check: {failures} invalid file(s)")
        return 1 if failures else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())

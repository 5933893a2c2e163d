"""The OpenAPI and gateway checks on hand-built resources: the edges fixtures don't reach."""

from __future__ import annotations

import pytest

from compliance.evaluate.checks.gcp import openapi_google_backend_auth, openapi_google_quota
from compliance.evaluate.checks.openapi import (
    gateway,
    openapi_gateway_operation,
    openapi_internal_route,
    openapi_not_api_key_only,
)
from compliance.evaluate.checks.openapi_aws import (
    openapi_aws_integration_tls,
    openapi_no_literal_integration_credentials,
)
from compliance.evaluate.checks.openapi_inputs import (
    _bounded_pattern,
    openapi_aws_rest_input_operation,
    openapi_bounded_strings,
    openapi_request_body_schema,
)
from compliance.evaluate.checks.openapi_policy import aws_apigw_policy_not_open
from compliance.evaluate.checks.openapi_tls import openapi_servers_https
from compliance.evaluate.run import ScanContext
from compliance.model import Location, Resource, Status, Unknown, UnknownKind

COGNITO = {"type": "apiKey", "name": "Authorization", "in": "header",
           "x-amazon-apigateway-authtype": "cognito_user_pools"}
API_KEY = {"type": "apiKey", "name": "x-api-key", "in": "header"}


def operation(address="api:GET /x", **attributes) -> Resource:
    values = {"method": "GET", "path": "/x", "integration": None, "aws_auth_type": None,
              "backend": None, "security": [], "authenticated": False, **attributes}
    return Resource("openapi", "openapi_operation", address.split(":", 1)[1], address, values,
                    Location("api.yaml", 1, 20), scope="api.yaml")


def document(address="api:api", **attributes) -> Resource:
    return Resource("openapi", "openapi_api", "api", address, dict(attributes),
                    Location("api.yaml", 1, 40), scope="api.yaml")


def requirement(**schemes) -> dict:
    return {"schemes": [{"name": name, "scopes": [], "definition": definition}
                        for name, definition in schemes.items()]}


# --- gateway documents -----------------------------------------------------------------------


def test_gateway_is_told_by_the_document_when_the_operation_has_no_extension():
    op = operation()
    plain = ScanContext([op, document(servers=[{"url": "https://x"}])])
    aws = ScanContext([op, document(**{"x-amazon-apigateway-request-validators": {}})])
    google = ScanContext([op, document(security_schemes={"jwt": {"x-google-issuer": "https://i"}})])
    assert gateway(op, plain) is None
    assert gateway(op, aws) == "aws"
    assert gateway(op, google) == "google"
    assert openapi_gateway_operation(op, plain).status is Status.FAIL


def test_embedded_operations_are_gateway_operations_without_looking_further():
    op = operation(api_resource="aws_apigatewayv2_api.a", api_resource_type="aws_apigatewayv2_api")
    assert gateway(op, None) == "aws"


def test_cors_preflight_is_exempt_but_other_options_are_not():
    preflight = operation(method="OPTIONS", integration={"type": "MOCK"})
    backend_options = operation(method="OPTIONS", integration={"type": "aws_proxy"})
    assert openapi_gateway_operation(preflight, None).status is Status.FAIL
    assert openapi_gateway_operation(backend_options, None).status is Status.PASS


@pytest.mark.parametrize("path, applies", [
    ("/admin", True), ("/v1/ACTUATOR/health", True), ("/swagger-ui.html", True),
    ("/administrators", False), ("/docs", False), ("/users/{admin}", False),
])
def test_internal_routes(path, applies):
    op = operation(path=path, integration={"type": "aws_proxy"})
    assert (openapi_internal_route(op, None).status is Status.PASS) is applies


# --- API keys --------------------------------------------------------------------------------


def test_an_api_key_alternative_fails_and_an_authorizer_passes():
    assert openapi_not_api_key_only(operation(security=[requirement(key=API_KEY)]), None).status \
        is Status.FAIL
    assert openapi_not_api_key_only(operation(security=[requirement(c=COGNITO)]), None).status \
        is Status.PASS
    both = operation(security=[requirement(c=COGNITO, key=API_KEY)])
    assert openapi_not_api_key_only(both, None).status is Status.PASS


def test_an_unknown_scheme_makes_the_key_check_unknown():
    op = operation(security=[requirement(key=API_KEY, other=Unknown("template placeholder ${x}"))])
    assert openapi_not_api_key_only(op, None).status is Status.UNKNOWN


# --- request validation and schemas ----------------------------------------------------------


def test_request_validation_skips_http_api_documents():
    op = operation(integration={"type": "aws_proxy", "payloadFormatVersion": "2.0"},
                   request_body={"content": {"application/json": {"schema": {"type": "object"}}}})
    context = ScanContext([op, document(cors={"allowOrigins": ["https://a"]})])
    assert openapi_aws_rest_input_operation(op, context).status is Status.FAIL


def test_request_validation_applies_to_a_rest_only_integration_type():
    op = operation(integration={"type": "http", "uri": "https://b"},
                   parameters=[{"name": "q", "in": "query", "required": True}])
    assert openapi_aws_rest_input_operation(op, ScanContext([op, document()])).status is Status.PASS


def test_unknown_body_schema_is_unknown():
    op = operation(request_body={"content": {"application/json": {"schema": Unknown("external $ref x")}}})
    assert openapi_request_body_schema(op, None).status is Status.UNKNOWN


@pytest.mark.parametrize("pattern, bounded", [
    ("^[a-z]{1,8}$", True), ("^[+*]{2}$", True), ("^\\d{4}-\\d{2}$", True),
    ("^[a-z]+$", False), ("^a{2,}$", False), ("[a-z]{1,8}", False), ("^.*$", False),
    ("^abc\\$", False), (None, False),
])
def test_bounded_patterns(pattern, bounded):
    assert _bounded_pattern(pattern) is bounded


def test_strings_in_composed_schemas_and_unknown_parts():
    body = {"content": {"application/json": {"schema": {
        "allOf": [{"type": "object", "properties": {"a": {"type": "string", "enum": ["x"]}}},
                  {"type": "object", "additionalProperties": {"type": "string"}}]}}}}
    outcome = openapi_bounded_strings(operation(request_body=body), None)
    assert outcome.status is Status.FAIL
    assert outcome.path[-3:] == ("allOf", 1, "additionalProperties")
    unknown = {"content": {"application/json": {"schema": Unknown("external $ref other.yaml",
                                                                   kind=UnknownKind.NOT_READ)}}}
    assert openapi_bounded_strings(operation(request_body=unknown), None).status is Status.UNKNOWN
    recursive = {"content": {"application/json": {"schema": {
        "type": "object", "properties": {"child": Unknown("recursive $ref #/components/schemas/N",
                                                           kind=UnknownKind.CYCLE)}}}}}
    assert openapi_bounded_strings(operation(request_body=recursive), None).status is Status.PASS


# --- backend TLS and credentials -----------------------------------------------------------


def test_vpc_link_listener_is_unknown_and_lambda_passes():
    link = operation(integration={"type": "HTTP_PROXY", "connectionType": "VPC_LINK",
                                  "uri": "arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/x/y/z"})
    assert openapi_aws_integration_tls(link, None).status is Status.UNKNOWN
    assert openapi_aws_integration_tls(operation(integration={"type": "aws_proxy"}), None).status \
        is Status.PASS
    placeholder = operation(integration={"type": "http", "uri": Unknown("template placeholder ${u}")})
    assert openapi_aws_integration_tls(placeholder, None).status is Status.UNKNOWN


@pytest.mark.parametrize("parameters, status", [
    ({"integration.request.header.Authorization": "'Basic dXNlcjpwYXNzd29yZA=='"}, Status.FAIL),
    ({"integration.request.header.Authorization": "'Bearer'"}, Status.PASS),
    ({"integration.request.header.Authorization": "'<token>'"}, Status.PASS),
    ({"integration.request.header.X-Tenant": "'acme-corporation'"}, Status.PASS),
    ({"integration.request.querystring.client_secret": "'s3cr3t-v4lue'"}, Status.FAIL),
    ({"overwrite:header.Authorization": "Bearer ${request.header.x}"}, Status.PASS),
    (Unknown("template placeholder ${p}"), Status.UNKNOWN),
])
def test_literal_credentials(parameters, status):
    op = operation(integration={"type": "http_proxy", "requestParameters": parameters})
    assert openapi_no_literal_integration_credentials(op, None).status is status


# --- resource policies -----------------------------------------------------------------------


def policy_api(statements) -> Resource:
    return Resource("terraform", "aws_api_gateway_rest_api", "p", "aws_api_gateway_rest_api.p",
                    {"policy": {"Statement": statements}}, Location("main.tf", 1, 9), scope=".")


ALLOW_ALL = {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*"}


def test_policy_shapes():
    assert aws_apigw_policy_not_open(policy_api([ALLOW_ALL]), None).status is Status.FAIL
    not_action = {"Effect": "Allow", "Principal": {"AWS": ["*"]}, "NotAction": "s3:*", "Resource": "*"}
    assert aws_apigw_policy_not_open(policy_api([not_action]), None).status is Status.FAIL
    narrow = {**ALLOW_ALL, "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}
    assert aws_apigw_policy_not_open(policy_api([narrow]), None).status is Status.PASS
    unrelated_deny = {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
                      "Resource": "execute-api:/*/DELETE/*"}
    assert aws_apigw_policy_not_open(policy_api([ALLOW_ALL, unrelated_deny]), None).status \
        is Status.FAIL
    unknown_principal = {**ALLOW_ALL, "Principal": Unknown("var.principal has no value")}
    assert aws_apigw_policy_not_open(policy_api([unknown_principal]), None).status is Status.UNKNOWN


def test_policy_text_with_placeholders_is_not_taken_as_known():
    from compliance.resolve.terraform.origins import PartialText

    text = '{"Statement": [{"Effect": "Allow", "Principal": "${var.who}", "Action": "*"}]}'
    value = Unknown("var.who", (), PartialText("var.who", (), None, text))
    resource = Resource("terraform", "aws_api_gateway_rest_api_policy", "p",
                        "aws_api_gateway_rest_api_policy.p", {"policy": value},
                        Location("main.tf", 1, 9), scope=".")
    assert aws_apigw_policy_not_open(resource, None).status is Status.UNKNOWN


# --- servers, Google backends and quotas -----------------------------------------------------


@pytest.mark.parametrize("attributes, status", [
    ({"servers": [{"url": "ws://events.example.com"}]}, Status.FAIL),
    ({"servers": [{"url": "http://[::1]:8080"}]}, Status.PASS),
    ({"servers": [{"url": "http://api.localhost"}]}, Status.PASS),
    ({"servers": [{"url": Unknown("template placeholder ${url}")}]}, Status.UNKNOWN),
    ({"schemes": ["http"], "host": "[::1]:8080"}, Status.PASS),
    ({"schemes": ["HTTP"], "host": "api.example.com"}, Status.FAIL),
    ({"schemes": ["https"]}, Status.PASS),
])
def test_servers(attributes, status):
    assert openapi_servers_https(document(**attributes), None).status is status


def test_google_backend_auth_edges():
    unknown = operation(backend={"address": Unknown("template placeholder ${a}"), "disable_auth": True})
    assert openapi_google_backend_auth(unknown, None).status is Status.UNKNOWN
    enabled = operation(backend={"address": "https://x-uc.a.run.app", "disable_auth": False})
    assert openapi_google_backend_auth(enabled, None).status is Status.PASS
    lookalike = operation(backend={"address": "https://run.app.example.com", "disable_auth": True})
    assert openapi_google_backend_auth(lookalike, None).status is Status.PASS


def test_quota_with_an_unknown_cost_is_unknown():
    op = operation(**{"x-google-quota": {"metricCosts": {"reads": Unknown("template placeholder ${c}")}}})
    doc = document(**{"x-google-management": {"quota": {"limits": [
        {"name": "l", "metric": "reads", "values": {"STANDARD": 100}}]}}})
    assert openapi_google_quota(op, ScanContext([op, doc])).status is Status.UNKNOWN

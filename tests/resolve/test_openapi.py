"""The OpenAPI view (compliance/resolve/openapi): the facts it derives, with their lines, and
the catalog's verdicts on them at the edges the control samples don't reach."""

from __future__ import annotations

from dataclasses import replace
from textwrap import dedent

import pytest

from compliance.evaluate.checks import CHECKS
from compliance.evaluate.run import ScanContext
from compliance.model import Location, Resource, Status, Unknown, UnknownKind, resource_from_json
from compliance.parse.openapi import parse
from compliance.resolve.openapi import openapi_view
from compliance.resolve.openapi.strings import bounded_pattern

COGNITO = {"type": "apiKey", "name": "Authorization", "in": "header",
           "x-amazon-apigateway-authtype": "cognito_user_pools"}
API_KEY = {"type": "apiKey", "name": "x-api-key", "in": "header"}


def parsed(text: str, file: str = "api.yaml") -> list[Resource]:
    """The resources of a document, as a scan gives them to the view."""
    result = parse(dedent(text))
    assert result["errors"] == []
    return [replace(resource_from_json(data), scope=file, location=Location(
        file, data["location"][1], data["location"][2])) for data in result["resources"]]


def by_name(resources: list[Resource]) -> dict[str, Resource]:
    return {resource.name: resource for resource in resources}


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


def judged(catalog, control_id: str, resource: Resource, others: tuple[Resource, ...] = ()):
    """(where, condition) statuses of the control's only check, on the viewed resource (None
    for a check without `where`)."""
    viewed = openapi_view([resource, *others])
    context = ScanContext(viewed, CHECKS)
    check, = catalog.by_id[control_id].checks
    where = context.evaluator.evaluate(check.where, viewed[0]).status if check.where else None
    return where, context.evaluator.evaluate(check.condition, viewed[0]).status


# --- gateways ------------------------------------------------------------------------------


def test_the_document_tells_the_gateway_when_the_operation_has_no_extension():
    op = operation()
    plain = document(servers=[{"url": "https://x"}])
    aws = document(**{"x-amazon-apigateway-request-validators": {}})
    google = document(security_schemes={"jwt": {"x-google-issuer": "https://i"}})
    assert [openapi_view([op, doc])[0].attributes["gateway"] for doc in (plain, aws, google)] \
        == [None, "aws", "google"]
    assert [openapi_view([doc])[0].attributes["gateway"] for doc in (plain, aws, google)] \
        == [None, "aws", "google"]
    assert openapi_view([op])[0].attributes["gateway"] is None  # no document: nothing says


def test_two_documents_with_one_address_tell_nothing():
    op = operation()
    aws = document(**{"x-amazon-apigateway-request-validators": {}})
    assert openapi_view([op, aws, aws])[0].attributes["gateway"] is None


def test_an_embedded_operation_is_its_terraform_resource_s_without_looking_further():
    op = operation(api_resource="aws_apigatewayv2_api.a", api_resource_type="aws_apigatewayv2_api")
    viewed = openapi_view([op])[0].attributes
    assert (viewed["gateway"], viewed["aws_api_type"]) == ("aws", "http")
    google = operation(backend={"address": "https://b"},
                       api_resource_type="google_endpoints_service")
    assert openapi_view([google])[0].attributes["aws_api_type"] is None


@pytest.mark.parametrize("settings, integration, kind", [
    ({"cors": {"allowOrigins": ["https://a"]}}, {"type": "http"}, "http"),
    ({"x-amazon-apigateway-importexport-version": "1.0"}, None, "http"),
    ({}, {"type": "aws_proxy", "payloadFormatVersion": "2.0"}, "http"),
    ({}, {"type": "MOCK"}, "rest"),
    ({"request_validators": {"all": {}}}, {"type": "aws_proxy"}, "rest"),
    ({"request_validators": {}}, {"type": "aws_proxy"}, None),  # an empty setting says nothing
    ({}, {"type": "aws_proxy"}, None),
])
def test_rest_and_http_apis_are_told_apart(settings, integration, kind):
    op = operation(integration=integration, aws_auth_type="AWS_IAM")
    doc = document(**settings)
    assert openapi_view([op, doc])[0].attributes["aws_api_type"] == kind


def test_cors_preflight_is_an_options_operation_with_a_mock_integration():
    preflight = operation(method="OPTIONS", integration={"type": "MOCK"})
    backend_options = operation(method="OPTIONS", integration={"type": "aws_proxy"})
    mock_get = operation(integration={"type": "mock"})
    assert [openapi_view([op])[0].attributes["cors_preflight"]
            for op in (preflight, backend_options, mock_get)] == [True, False, False]


def test_facts_have_lines():
    resources = by_name(openapi_view(parsed("""\
        openapi: 3.0.1
        info: {title: Orders, version: "1"}
        paths:
          /admin/users:
            get:
              security:
                - key: []
              x-amazon-apigateway-integration:
                type: http_proxy
                uri: http://b.example.com
        components:
          securitySchemes:
            key: {type: apiKey, name: k, in: header}
        """)))
    op = resources["GET /admin/users"]
    assert op.attributes["path_segments"] == ["admin", "users"]
    assert op.lines["path_segments"] == 4
    assert op.lines["gateway"] == op.lines["cors_preflight"] == op.location.start_line == 5
    assert op.attributes["security"][0]["schemes"][0]["kind"] == "api_key"
    assert op.lines["security[0].schemes[0].kind"] == 7
    assert op.attributes["integration_uri_scheme"] == "http"
    assert op.lines["integration_uri_scheme"] == 10


@pytest.mark.parametrize("path, applies", [
    ("/admin", True), ("/v1/ACTUATOR/health", True), ("/swagger-ui.html", True),
    ("/administrators", False), ("/docs", False), ("/users/{admin}", False),
])
def test_internal_routes(catalog, path, applies):
    op = operation(path=path, integration={"type": "aws_proxy"})
    where, _ = judged(catalog, "openapi-docs-or-admin-route", op)
    assert (where is Status.PASS) is applies


def test_a_plain_document_s_operations_are_not_judged_for_authentication(catalog):
    where, _ = judged(catalog, "openapi-operation-authentication", operation(),
                      (document(servers=[{"url": "https://x"}]),))
    assert where is Status.FAIL


# --- security scheme kinds and API keys --------------------------------------------------


@pytest.mark.parametrize("definition, kind", [
    (API_KEY, "api_key"),
    (COGNITO, "aws_authorizer"),
    ({"type": "apiKey", "x-amazon-apigateway-authorizer": {"type": "request"}}, "aws_authorizer"),
    ({"type": "oauth2", "flows": {}}, "oauth2"),
    ({"type": "basic"}, "basic"),
])
def test_scheme_kinds(definition, kind):
    op = operation(security=[requirement(s=definition)])
    assert openapi_view([op])[0].attributes["security"][0]["schemes"][0]["kind"] == kind


def test_an_unreadable_scheme_has_an_unknown_kind():
    undefined = Unknown("security scheme 's' is not defined")
    templated = {"type": Unknown("template placeholder ${t}", kind=UnknownKind.PLACEHOLDER)}
    op = operation(security=[requirement(s=undefined), requirement(t=templated),
                             requirement(u="x")])
    kinds = [r["schemes"][0]["kind"] for r in openapi_view([op])[0].attributes["security"]]
    assert kinds[:2] == [undefined, templated["type"]]
    assert isinstance(kinds[2], Unknown)


KEY_ONLY = "openapi-api-key-only"


@pytest.mark.parametrize("security, aws_auth_type, status", [
    ([requirement(key=API_KEY)], None, Status.FAIL),
    ([requirement(c=COGNITO)], None, Status.PASS),
    ([requirement(c=COGNITO, key=API_KEY)], None, Status.PASS),
    ([requirement(c=COGNITO), requirement(key=API_KEY)], None, Status.FAIL),
    ([requirement(key=API_KEY, other=Unknown("template placeholder ${x}"))], None, Status.UNKNOWN),
    ([requirement(key=API_KEY, other=Unknown("template placeholder ${x}")),
      requirement(key=API_KEY)], None, Status.FAIL),  # a known failure outweighs an unknown
    ([requirement(c=COGNITO, other=Unknown("template placeholder ${x}"))], None, Status.PASS),
    ([requirement(key=API_KEY)], "aws_iam", Status.PASS),
    ([{"schemes": []}], None, Status.PASS),  # anyone: openapi-operation-authentication's finding
    (Unknown("template placeholder ${security}"), None, Status.UNKNOWN),
])
def test_api_key_only(catalog, security, aws_auth_type, status):
    op = operation(security=security, aws_auth_type=aws_auth_type, authenticated=True,
                   integration={"type": "aws_proxy"})
    assert judged(catalog, KEY_ONLY, op) == (Status.PASS, status)


def test_an_iam_operation_is_shown_at_its_auth_type(catalog):
    resources = openapi_view(parsed("""\
        openapi: 3.0.1
        info: {title: Reports, version: "1"}
        paths:
          /reports:
            get:
              security: []
              x-amazon-apigateway-auth:
                type: AWS_IAM
        """))
    context = ScanContext(resources, CHECKS)
    op = by_name(resources)["GET /reports"]
    outcome = context.evaluator.evaluate(catalog.by_id[KEY_ONLY].checks[0].condition, op)
    assert (outcome.status, outcome.path) == (Status.PASS, ("aws_auth_type",))


# --- request validation, bodies and strings ------------------------------------------------

JSON_BODY = {"content": {"application/json": {"schema": {"type": "object"}}}}


def test_request_validation_skips_http_api_documents(catalog):
    op = operation(integration={"type": "aws_proxy", "payloadFormatVersion": "2.0"},
                   request_body=JSON_BODY)
    where, _ = judged(catalog, "openapi-aws-request-validation", op,
                      (document(cors={"allowOrigins": ["https://a"]}),))
    assert where is Status.FAIL


@pytest.mark.parametrize("parameters, applies", [
    ([{"name": "q", "in": "query", "required": True}], Status.PASS),
    ([{"name": "h", "in": "header", "required": "true"}], Status.PASS),
    ([{"name": "id", "in": "path", "required": True}], Status.FAIL),  # there whenever it matches
    ([{"name": "q", "in": "query"}], Status.FAIL),
    (Unknown("template placeholder ${p}"), Status.UNKNOWN),
])
def test_request_validation_applies_to_operations_with_required_parameters(catalog, parameters,
                                                                           applies):
    op = operation(integration={"type": "http", "uri": "https://b"}, parameters=parameters)
    where, _ = judged(catalog, "openapi-aws-request-validation", op, (document(),))
    assert where is applies


@pytest.mark.parametrize("validator, status", [
    ({"name": "all", "validateRequestBody": True, "validateRequestParameters": True}, Status.PASS),
    ({"name": "body", "validateRequestBody": "TRUE "}, Status.FAIL),  # parameters not validated
    ({"name": "params", "validateRequestParameters": True}, Status.FAIL),
    ({"name": "x", "validateRequestBody": Unknown("template placeholder ${v}"),
      "validateRequestParameters": True}, Status.UNKNOWN),
    (Unknown("request validator 'x' is not defined"), Status.UNKNOWN),
    (None, Status.FAIL),
])
def test_the_validator_in_effect_validates_what_the_operation_takes(catalog, validator, status):
    op = operation(integration={"type": "http", "uri": "https://b"}, request_body=JSON_BODY,
                   request_validator=validator,
                   parameters=[{"name": "q", "in": "query", "required": True}])
    assert judged(catalog, "openapi-aws-request-validation", op, (document(),)) \
        == (Status.PASS, status)


def test_what_the_validator_validates_is_shown_where_it_is_chosen():
    resources = by_name(openapi_view(parsed("""\
        openapi: 3.0.1
        info: {title: Orders, version: "1"}
        x-amazon-apigateway-request-validators:
          body-only:
            validateRequestBody: true
        paths:
          /orders:
            post:
              x-amazon-apigateway-request-validator: body-only
        """)))
    op = resources["POST /orders"]
    assert (op.attributes["validates_body"], op.attributes["validates_parameters"]) == (True, False)
    assert op.lines["validates_body"] == op.lines["validates_parameters"] == 9


@pytest.mark.parametrize("content, status", [
    ({"application/json": {"schema": Unknown("external $ref x", kind=UnknownKind.NOT_READ)}},
     Status.UNKNOWN),
    ({"application/json; charset=utf-8": {"schema": {}}}, Status.FAIL),
    ({"application/vnd.api+JSON": {}}, Status.FAIL),
    ({"*/*": {"schema": {"type": "object"}}}, Status.PASS),
    ({"application/octet-stream": {}, "text/plain": {}}, Status.PASS),
    (Unknown("template placeholder ${content}"), Status.UNKNOWN),
])
def test_request_body_schemas(catalog, content, status):
    op = operation(request_body={"content": content})
    assert judged(catalog, "openapi-request-body-schema", op) == (Status.PASS, status)


@pytest.mark.parametrize("pattern, bounded", [
    ("^[a-z]{1,8}$", True), ("^[+*]{2}$", True), ("^\\d{4}-\\d{2}$", True),
    ("^[a-z]+$", False), ("^a{2,}$", False), ("[a-z]{1,8}", False), ("^.*$", False),
    ("^abc\\$", False), (None, False),
])
def test_bounded_patterns(pattern, bounded):
    assert bounded_pattern(pattern) is bounded


def unbounded(**attributes):
    return openapi_view([operation(**attributes)])[0].attributes["unbounded_strings"]


def test_strings_in_composed_schemas():
    body = {"content": {"application/json": {"schema": {
        "allOf": [{"type": "object", "properties": {"a": {"type": "string", "enum": ["x"]}}},
                  {"type": "object", "additionalProperties": {"type": "string"}}]}}}}
    assert unbounded(request_body=body) == [
        'request_body.content["application/json"].schema.allOf[1].additionalProperties']


def test_strings_that_are_files_or_have_a_bound():
    schema = {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"},
        "day": {"type": "string", "format": "date"},
        "kind": {"type": ["string", "null"], "const": "a"},
        "free": {"type": ["string", "null"]}}}
    body = {"content": {"multipart/form-data": {"schema": schema}}}
    assert unbounded(request_body=body) == [
        'request_body.content["multipart/form-data"].schema.properties.free']


def test_query_parameters_are_judged_and_others_not():
    parameters = [{"name": "q", "in": "query", "type": "string"},  # Swagger 2
                  {"name": "h", "in": "header", "schema": {"type": "string"}},
                  {"name": "s", "in": "query", "schema": {"type": "string", "maxLength": 9}}]
    assert unbounded(parameters=parameters) == ["parameters[0]"]


def test_unreadable_parts_are_unknown_unless_a_string_is_unbounded():
    unknown = Unknown("external $ref other.yaml", kind=UnknownKind.NOT_READ)
    body = {"content": {"application/json": {"schema": unknown}}}
    assert unbounded(request_body=body) == unknown
    parameters = [{"name": "q", "in": "query", "schema": {"type": "string"}}]
    assert unbounded(request_body=body, parameters=parameters) == ["parameters[0].schema"]
    recursive = {"content": {"application/json": {"schema": {
        "type": "object", "properties": {"child": Unknown("recursive $ref #/components/schemas/N",
                                                           kind=UnknownKind.CYCLE)}}}}}
    assert unbounded(request_body=recursive) == []


def test_arrays_without_max_items():
    schema = {"type": "object", "properties": {
        "ids": {"type": "array", "items": {"type": "string", "format": "uuid"}},
        "tags": {"type": "array", "maxItems": 5, "items": {"type": "string", "maxLength": 9}},
        "pair": {"type": ["array", "null"], "const": [1, 2]}}}
    parameters = [{"name": "f", "in": "query", "type": "array", "items": {"type": "string"}},
                  {"name": "h", "in": "header", "schema": {"type": "array"}}]
    found = openapi_view([operation(request_body={"content": {"application/json": {"schema": schema}}},
                                    parameters=parameters)])[0].attributes["unbounded_arrays"]
    assert found == ['request_body.content["application/json"].schema.properties.ids',
                     "parameters[0]"]


def test_a_schema_too_large_to_walk_is_unknown():
    schema = {"type": "object", "properties": {f"p{i}": {"type": "integer"} for i in range(20_001)}}
    found = unbounded(request_body={"content": {"application/json": {"schema": schema}}})
    assert isinstance(found, Unknown) and found.kind is UnknownKind.LIMIT


def test_unbounded_strings_are_shown_at_the_first():
    resources = by_name(openapi_view(parsed("""\
        openapi: 3.0.1
        info: {title: Users, version: "1"}
        paths:
          /users:
            post:
              requestBody:
                content:
                  application/json:
                    schema:
                      type: object
                      properties:
                        name: {type: string, maxLength: 10}
                        bio: {type: string}
                        note: {type: string}
        """)))
    op = resources["POST /users"]
    assert len(op.attributes["unbounded_strings"]) == 2
    assert op.lines["unbounded_strings"] == op.lines["unbounded_strings[0]"] == 13
    assert op.lines["unbounded_strings[1]"] == 14


# --- backends --------------------------------------------------------------------------------

TLS = "openapi-backend-tls"


@pytest.mark.parametrize("integration, status", [
    ({"type": "HTTP_PROXY", "connectionType": "VPC_LINK",
      "uri": "arn:aws:elasticloadbalancing:eu-west-1:1:listener/app/x/y/z"}, Status.UNKNOWN),
    ({"type": "http"}, Status.UNKNOWN),  # no uri
    ({"type": "aws_proxy", "uri": "arn:aws:lambda:eu-west-1:1:function:f"}, Status.PASS),
    ({"type": "http", "uri": Unknown("template placeholder ${u}")}, Status.UNKNOWN),
    ({"type": "http", "uri": " HTTP://b.example.com"}, Status.FAIL),
    ({"type": "http", "uri": "https://b", "tlsConfig": {"insecureSkipVerification": True}},
     Status.FAIL),
    ({"type": "http", "uri": "https://b", "tlsConfig": {"insecureSkipVerification": False}},
     Status.PASS),
    (Unknown("template placeholder ${integration}"), Status.UNKNOWN),
])
def test_aws_integration_tls(catalog, integration, status):
    check = catalog.by_id[TLS].checks[0]
    viewed = openapi_view([operation(integration=integration)])
    assert ScanContext(viewed, CHECKS).evaluator.evaluate(check.condition, viewed[0]).status \
        is status


BACKEND_AUTH = "openapi-google-backend-auth-disabled"


@pytest.mark.parametrize("backend, status", [
    ({"address": Unknown("template placeholder ${a}"), "disable_auth": True}, Status.UNKNOWN),
    ({"address": "https://x-uc.a.run.app", "disable_auth": False}, Status.PASS),
    ({"address": "https://F-x.CloudFunctions.net/f", "disable_auth": "true"}, Status.FAIL),
    ({"address": "https://run.app.example.com", "disable_auth": True}, Status.PASS),
    ({"disable_auth": True}, Status.PASS),
    (Unknown("template placeholder ${backend}"), Status.UNKNOWN),
])
def test_google_backend_auth(catalog, backend, status):
    _, judged_status = judged(catalog, BACKEND_AUTH, operation(backend=backend))
    assert judged_status is status


def test_the_backend_host_is_shown_at_the_address():
    resources = by_name(openapi_view(parsed("""\
        swagger: "2.0"
        info: {title: Inventory, version: "1"}
        x-google-backend:
          address: https://Inventory-x.a.run.app/items
        paths:
          /items:
            get:
              responses: {200: {description: ok}}
        """)))
    op = resources["GET /items"]
    assert (op.attributes["backend_host"], op.lines["backend_host"]) == ("inventory-x.a.run.app", 4)


# --- quotas ----------------------------------------------------------------------------------

QUOTA = "openapi-google-quota"
LIMITS = {"x-google-management": {"quota": {"limits": [
    {"name": "reads", "metric": "reads", "values": {"STANDARD": 100}},
    {"name": "blocked", "metric": "blocked", "values": {"STANDARD": 0}},
    {"name": "later", "metric": "later",
     "values": {"STANDARD": Unknown("template placeholder ${n}")}},
]}}}


def google_operation(**attributes) -> Resource:
    return operation(**{"backend": {"address": "https://b.a.run.app"}, "api_key_required": True,
                        **attributes})


@pytest.mark.parametrize("costs, status", [
    ({"reads": 1}, Status.PASS),
    ({"reads": "2"}, Status.PASS),
    ({"reads": 0}, Status.FAIL),
    ({"blocked": 1}, Status.FAIL),  # a limit of 0 is no quota
    ({"later": 1}, Status.FAIL),  # a limit not known is not counted
    ({"writes": 1, "reads": Unknown("template placeholder ${c}")}, Status.UNKNOWN),
    (Unknown("template placeholder ${costs}"), Status.UNKNOWN),
])
def test_quota(catalog, costs, status):
    op = google_operation(**{"x-google-quota": {"metricCosts": costs}})
    assert judged(catalog, QUOTA, op, (document(**LIMITS),)) == (Status.PASS, status)


def test_quota_limits_that_cannot_be_read_are_unknown(catalog):
    op = google_operation(**{"x-google-quota": {"metricCosts": {"reads": 1}}})
    doc = document(**{"x-google-management": {"quota": Unknown("template placeholder ${q}")}})
    assert judged(catalog, QUOTA, op, (doc,)) == (Status.PASS, Status.UNKNOWN)
    assert judged(catalog, QUOTA, google_operation(), (doc,)) == (Status.PASS, Status.FAIL)


def test_quota_applies_to_google_operations_that_take_an_api_key(catalog):
    assert judged(catalog, QUOTA, google_operation(api_key_required=False))[0] is Status.FAIL
    unknown = google_operation(api_key_required=Unknown("template placeholder ${s}"))
    assert judged(catalog, QUOTA, unknown)[0] is Status.UNKNOWN
    aws = operation(integration={"type": "aws_proxy"}, api_key_required=True)
    assert judged(catalog, QUOTA, aws)[0] is Status.FAIL


# --- servers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("attributes, status", [
    ({"servers": [{"url": "ws://events.example.com"}]}, Status.FAIL),
    ({"servers": [{"url": "http://[::1]:8080"}]}, Status.PASS),
    ({"servers": [{"url": "http://api.localhost"}]}, Status.PASS),
    ({"servers": [{"url": "{s}://api.example.com", "variables": {"s": {"default": "http"}}}]},
     Status.FAIL),
    ({"servers": ["http://api.example.com"]}, Status.FAIL),
    ({"servers": [{"url": "/v1"}]}, Status.PASS),
    ({"servers": [{"url": Unknown("template placeholder ${url}")}]}, Status.UNKNOWN),
    ({"servers": Unknown("template placeholder ${servers}")}, Status.UNKNOWN),
    ({"servers": [{"url": Unknown("template placeholder ${url}")},
                  {"url": "http://api.example.com"}]}, Status.FAIL),
    ({"schemes": ["http"], "host": "[::1]:8080"}, Status.PASS),
    ({"schemes": ["HTTP"], "host": "api.example.com"}, Status.FAIL),
    ({"schemes": ["http"]}, Status.FAIL),
    ({"schemes": ["http"], "host": Unknown("template placeholder ${host}")}, Status.UNKNOWN),
    ({"schemes": Unknown("template placeholder ${schemes}")}, Status.UNKNOWN),
    ({"schemes": ["https"]}, Status.PASS),
])
def test_servers(catalog, attributes, status):
    assert judged(catalog, "openapi-plaintext-server", document(**attributes)) \
        == (Status.PASS, status)


def test_endpoints_are_shown_at_their_url_or_scheme():
    resources = by_name(openapi_view(parsed("""\
        openapi: 3.0.3
        info: {title: Billing, version: "1"}
        servers:
          - url: https://billing.example.com
          - url: "{scheme}://legacy.example.com"
            variables:
              scheme: {default: http}
        paths: {}
        """)))
    doc = resources["Billing"]
    assert [e["url"] for e in doc.attributes["endpoints"]] == [
        "https://billing.example.com", "http://legacy.example.com"]
    assert (doc.lines["endpoints"], doc.lines["endpoints[1]"]) == (3, 5)
    swagger = by_name(openapi_view(parsed("""\
        swagger: "2.0"
        info: {title: Legacy, version: "1"}
        host: legacy.example.com
        schemes: [https, http]
        paths: {}
        """)))["Legacy"]
    assert [(e["scheme"], e["local_host"]) for e in swagger.attributes["endpoints"]] == [
        ("https", False), ("http", False)]
    assert "endpoints" not in swagger.lines and swagger.lines["endpoints[1]"] == 4


# --- the Terraform resource around a document ------------------------------------------------


def test_the_body_s_endpoint_configuration_is_shown_at_body():
    api = Resource("terraform", "aws_api_gateway_rest_api", "a", "aws_api_gateway_rest_api.a",
                   {"body": "..."}, Location("main.tf", 1, 9), lines={"body": 3}, scope=".")
    other_scope = replace(api, scope="other")
    doc = replace(document("aws_api_gateway_rest_api.a:api",
                           endpoint_configuration={"disableExecuteApiEndpoint": True},
                           api_resource="aws_api_gateway_rest_api.a"), scope=".")
    viewed = openapi_view([api, other_scope, doc])
    assert viewed[0].attributes["body_endpoint_configuration"] == {
        "disableExecuteApiEndpoint": True}
    assert viewed[0].lines["body_endpoint_configuration"] == 3
    assert "body_endpoint_configuration" not in viewed[1].attributes

"""The OpenAPI parser: operations and APIs as resources, effective security, gateway
extensions, $ref resolution, templates, lines, discovery, and hostile or broken input."""

from __future__ import annotations

import json
from pathlib import Path
from textwrap import dedent, indent

import pytest

from compliance.model import Unknown, resource_from_json
from compliance.parse import parse_source, yaml_nodes
from compliance.parse.discover import KUBERNETES, OPENAPI, classify, discover
from compliance.parse.openapi import parse
from compliance.parse.openapi import refs as openapi_refs

FIXTURES = Path(__file__).parent / "openapi_fixtures"


@pytest.fixture(params=["libyaml", "pure-python"])
def each_loader(request, monkeypatch):
    """Run a test with libyaml's composer and with PyYAML's fallback."""
    if request.param == "pure-python":
        monkeypatch.setattr(yaml_nodes, "_LOADER", yaml_nodes.yaml.SafeLoader)
        monkeypatch.setattr(yaml_nodes, "_USES_LIBYAML", False)
    elif not yaml_nodes._USES_LIBYAML:
        pytest.skip("PyYAML without libyaml")


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text()


def resources(text: str) -> dict:
    """Resources by name (the API under "api")."""
    found = {}
    for data in parse(text)["resources"]:
        resource = resource_from_json(data)
        found["api" if resource.type == "openapi_api" else resource.name] = resource
    return found


def line(text: str, needle: str, after: int = 0) -> int:
    """1-based line of the first occurrence of `needle` below line `after`."""
    for number, content in enumerate(text.splitlines(), start=1):
        if number > after and needle in content:
            return number
    raise AssertionError(f"{needle!r} not in text")


def scheme_names(operation) -> list[list[str]]:
    return [[s["name"] for s in requirement["schemes"]] for requirement in operation.attributes["security"]]


# --- AWS API Gateway, OpenAPI 3 ----------------------------------------------------------------

AWS = fixture_text("aws_orders_oas3.yaml")


@pytest.fixture(scope="module")
def aws():
    return resources(AWS)


def test_one_resource_per_operation_plus_the_api(aws):
    assert sorted(aws) == ["ANY /{proxy+}", "GET /health", "GET /orders", "GET /orders/{orderId}",
                           "POST /orders", "api"]
    get = aws["GET /orders"]
    assert (get.platform, get.type) == ("openapi", "openapi_operation")
    assert get.address == "orders-api:GET /orders"
    assert get.attributes["method"] == "GET" and get.attributes["path"] == "/orders"
    assert get.attributes["operation_id"] == "listOrders"
    api = aws["api"]
    assert (api.type, api.name, api.address) == ("openapi_api", "Orders API", "orders-api:api")
    assert parse(AWS)["errors"] == []


def test_any_method_is_an_operation_named_any(aws):
    proxy = aws["ANY /{proxy+}"]
    assert proxy.attributes["method"] == "ANY"
    assert proxy.address == "orders-api:ANY /{proxy+}"
    assert proxy.lines["method"] == line(AWS, "x-amazon-apigateway-any-method:")


def test_operation_location_spans_the_operation_object(aws):
    get = aws["GET /orders"]
    start = line(AWS, "    get:")
    assert (get.location.start_line, get.location.end_line) == (start, line(AWS, "passthroughBehavior"))
    post = aws["POST /orders"]
    assert post.location.start_line == line(AWS, "    post:")
    assert post.location.end_line == line(AWS, "insecureSkipVerification: false")
    assert aws["api"].location.start_line == 1
    assert aws["api"].location.end_line == len(AWS.splitlines())


def test_own_attributes_keep_their_lines(aws):
    get = aws["GET /orders"]
    assert get.lines["operation_id"] == line(AWS, "operationId: listOrders")
    assert get.lines["path"] == line(AWS, "  /orders:")
    uri_line = line(AWS, ":function:orders:${stageVariables.alias}/invocations")
    assert get.lines["integration.uri"] == uri_line
    assert get.lines['x-amazon-apigateway-integration.uri'] == uri_line
    assert get.line_of(("parameters", 2, "schema", "maximum")) == line(AWS, "maximum: 100")


def test_values_brought_in_by_a_ref_are_shown_at_the_ref(aws):
    post = aws["POST /orders"]
    ref_line = line(AWS, '$ref: "#/components/requestBodies/NewOrder"')
    schema = post.attributes["request_body"]["content"]["application/json"]["schema"]
    assert schema["properties"]["lines"]["items"]["properties"]["quantity"]["minimum"] == 1
    assert schema["additionalProperties"] is False
    deep = ("request_body", "content", "application/json", "schema", "properties", "lines", "items")
    assert post.line_of(deep) == ref_line
    assert post.lines["request_body"] == ref_line
    # a shared path-level parameter through a $ref
    assert post.attributes["parameters"][0]["name"] == "X-Tenant"
    tenant_ref = line(AWS, '- $ref: "#/components/parameters/TenantHeader"')
    assert post.line_of(("parameters", 0, "schema", "type")) == tenant_ref


def test_path_and_operation_parameters_merge_and_the_operation_wins(aws):
    parameters = aws["GET /orders"].attributes["parameters"]
    assert [(p["name"], p["in"]) for p in parameters] == [
        ("X-Tenant", "header"), ("X-Trace-Id", "header"), ("limit", "query")]
    trace = parameters[1]
    assert trace["required"] is True and trace["schema"]["maxLength"] == 64
    get = aws["GET /orders"]
    operation_trace_id = line(AWS, "name: X-Trace-Id", after=line(AWS, "operationId: listOrders"))
    assert get.lines["parameters[1]"] == operation_trace_id
    # another operation of the path only gets the path-level ones
    assert [p["name"] for p in aws["POST /orders"].attributes["parameters"]] == ["X-Tenant", "X-Trace-Id"]


def test_global_security_applies_when_the_operation_has_none(aws):
    get = aws["GET /orders"]
    assert get.attributes["security_source"] == "document"
    assert scheme_names(get) == [["cognito"]]
    definition = get.attributes["security"][0]["schemes"][0]["definition"]
    assert definition["x-amazon-apigateway-authtype"] == "cognito_user_pools"
    provider = definition["x-amazon-apigateway-authorizer"]["providerARNs"][0]
    assert provider.startswith("arn:aws:cognito-idp:")
    assert get.attributes["authenticated"] is True
    assert get.attributes["api_key_required"] is False
    # shown where the document says it
    assert get.lines["security"] == line(AWS, "security:")
    assert get.lines["security[0].schemes[0].definition.x-amazon-apigateway-authorizer.type"] == \
        line(AWS, "        type: cognito_user_pools")


def test_operation_security_overrides_and_an_api_key_beside_an_authorizer_is_required(aws):
    post = aws["POST /orders"]
    assert post.attributes["security_source"] == "operation"
    assert scheme_names(post) == [["partner-authorizer", "api_key"]]
    definition = post.attributes["security"][0]["schemes"][0]["definition"]
    authorizer = definition["x-amazon-apigateway-authorizer"]
    assert authorizer["type"] == "token" and authorizer["authorizerResultTtlInSeconds"] == 300
    assert post.attributes["authenticated"] is True
    assert post.attributes["api_key_required"] is True
    assert post.lines["security[0].schemes[1]"] == line(AWS, "api_key: []")
    ttl = "security[0].schemes[0].definition.x-amazon-apigateway-authorizer.authorizerResultTtlInSeconds"
    assert post.lines[ttl] == line(AWS, "authorizerResultTtlInSeconds: 300")


def test_empty_security_list_opts_out_of_authentication(aws):
    health = aws["GET /health"]
    assert health.attributes["security"] == []
    assert health.attributes["security_source"] == "operation"
    assert health.attributes["authenticated"] is False
    assert health.lines["authenticated"] == line(AWS, "security: []")


def test_an_empty_requirement_lets_anonymous_callers_in(aws):
    order = aws["GET /orders/{orderId}"]
    assert scheme_names(order) == [[], ["cognito"]]
    assert order.attributes["security"][1]["schemes"][0]["scopes"] == ["orders/read"]
    assert order.attributes["authenticated"] is False


def test_sigv4_is_authentication_not_an_api_key(aws):
    proxy = aws["ANY /{proxy+}"]
    assert proxy.attributes["authenticated"] is True
    assert proxy.attributes["api_key_required"] is False


def test_request_validator_default_and_override(aws):
    assert aws["GET /orders"].attributes["request_validator"] == {
        "name": "all", "validateRequestBody": True, "validateRequestParameters": True}
    post = aws["POST /orders"]
    assert post.attributes["request_validator"] == {
        "name": "params-only", "validateRequestBody": False, "validateRequestParameters": True}
    assert post.attributes["x-amazon-apigateway-request-validator"] == "params-only"
    selector = line(AWS, "x-amazon-apigateway-request-validator: params-only")
    assert post.lines["request_validator"] == selector
    assert post.lines["request_validator.validateRequestBody"] == line(AWS, "validateRequestBody: false")
    default = aws["GET /health"]
    assert default.lines["request_validator"] == line(AWS, "x-amazon-apigateway-request-validator: all")


def test_integrations_inline_through_a_ref_and_with_stage_variables(aws):
    post = aws["POST /orders"].attributes["integration"]
    assert post["connectionType"] == "VPC_LINK" and post["tlsConfig"]["insecureSkipVerification"] is False
    by_ref = aws["GET /orders/{orderId}"].attributes["integration"]
    assert by_ref["type"] == "aws_proxy" and by_ref["payloadFormatVersion"] == "2.0"
    # API Gateway's own stage variables are part of the value, not a template placeholder
    uri = aws["GET /orders"].attributes["integration"]["uri"]
    assert uri.endswith(":orders:${stageVariables.alias}/invocations")
    assert aws["ANY /{proxy+}"].attributes["integration"]["uri"] == "http://legacy.example.com/{proxy}"


def test_api_level_settings(aws):
    api = aws["api"].attributes
    assert api["version"] == "3.0.1" and api["title"] == "Orders API"
    assert api["servers"][0]["url"] == "https://orders.example.com/{basePath}"
    assert api["host"] is None and api["schemes"] is None
    assert api["resource_policy"]["Statement"][0]["Condition"]["StringEquals"]["aws:SourceVpce"] == \
        "vpce-0123456789abcdef0"
    assert api["endpoint_configuration"] == {"vpcEndpointIds": ["vpce-0123456789abcdef0"],
                                             "disableExecuteApiEndpoint": True}
    assert api["api_key_source"] == "HEADER"
    assert api["minimum_compression_size"] == 1024
    assert set(api["gateway_responses"]) == {"DEFAULT_4XX"}
    assert set(api["request_validators"]) == {"all", "params-only"}
    assert api["default_request_validator"]["name"] == "all"
    assert set(api["security_schemes"]) == {"cognito", "partner-authorizer", "api_key", "sigv4"}
    assert [s["name"] for s in api["global_security"][0]["schemes"]] == ["cognito"]
    assert api["global_authenticated"] is True
    assert api["operation_count"] == 5
    assert api["cors"] is None and api["google_backend"] is None
    # the original keys are there too
    assert api["x-amazon-apigateway-policy"] == api["resource_policy"]
    assert aws["api"].lines["resource_policy"] == line(AWS, "x-amazon-apigateway-policy:")
    assert aws["api"].lines["version"] == 1


def test_aws_iam_auth_without_security_is_authenticated():
    text = dedent("""\
        openapi: 3.0.1
        info: {title: iam, version: "1"}
        paths:
          /protected-by-iam:
            get:
              x-amazon-apigateway-auth:
                type: AWS_IAM
          /open:
            get:
              x-amazon-apigateway-auth:
                type: NONE
        """)
    found = resources(text)
    assert found["GET /protected-by-iam"].attributes["aws_auth_type"] == "AWS_IAM"
    assert found["GET /protected-by-iam"].attributes["authenticated"] is True
    assert found["GET /protected-by-iam"].lines["authenticated"] == 7
    assert found["GET /open"].attributes["authenticated"] is False
    assert found["GET /open"].attributes["security_source"] == "none"


def test_undefined_request_validator_is_unknown_and_reported():
    text = dedent("""\
        openapi: 3.0.1
        info: {title: v, version: "1"}
        x-amazon-apigateway-request-validators:
          body: {validateRequestBody: true}
        paths:
          /a:
            post:
              x-amazon-apigateway-request-validator: bdy
        """)
    result = parse(text)
    assert {"line": 8, "message": "request validator 'bdy' is not defined"} in result["errors"]
    (operation,) = [r for r in result["resources"] if r["type"] == "openapi_operation"]
    assert "not defined" in resource_from_json(operation).attributes["request_validator"].reason


# --- Google API Gateway, Swagger 2.0 -------------------------------------------------------------

GOOGLE = fixture_text("google_swagger2.yaml")


@pytest.fixture(scope="module")
def google():
    return resources(GOOGLE)


def test_swagger_operations_and_api(google):
    assert sorted(google) == ["DELETE /items/{id}", "GET /items", "POST /items", "PUT /items/{id}", "api"]
    api = google["api"].attributes
    assert api["version"] == "2.0"
    assert (api["host"], api["basePath"], api["schemes"], api["servers"]) == (
        "inventory-gw-abc123.uc.gateway.dev", None, ["https"], None)
    assert api["google_backend"]["address"] == "https://inventory-abcdef-uc.a.run.app"
    assert api["x-google-management"]["quota"]["limits"][0]["values"]["STANDARD"] == 1000
    assert google["api"].location.start_line == 2  # after the leading comment
    assert parse(GOOGLE)["errors"] == []


def test_google_jwt_and_api_key_in_query(google):
    get = google["GET /items"]
    assert get.attributes["security_source"] == "document"
    definition = get.attributes["security"][0]["schemes"][0]["definition"]
    assert definition == {"type": "apiKey", "name": "key", "in": "query"}
    assert get.attributes["api_key_required"] is True
    post = google["POST /items"]
    firebase = post.attributes["security"][0]["schemes"][0]["definition"]
    assert firebase["x-google-issuer"] == "https://securetoken.google.com/inventory-prod"
    assert firebase["x-google-audiences"] == "inventory-prod"
    assert firebase["x-google-jwks_uri"].startswith("https://www.googleapis.com/")
    assert post.attributes["authenticated"] is True and post.attributes["api_key_required"] is False
    assert google["DELETE /items/{id}"].attributes["api_key_required"] is True


def test_google_backend_operation_overrides_the_document(google):
    assert google["GET /items"].attributes["backend"]["address"] == "https://inventory-abcdef-uc.a.run.app"
    address_line = line(GOOGLE, "address: https://inventory-abcdef")
    assert google["GET /items"].lines["backend.address"] == address_line
    delete = google["DELETE /items/{id}"].attributes["backend"]
    assert delete == {"address": "https://inventory-admin-abcdef-uc.a.run.app/items",
                      "path_translation": "APPEND_PATH_TO_ADDRESS", "disable_auth": True}


def test_swagger_schemes_in_effect(google):
    assert google["GET /items"].attributes["schemes"] == ["https"]
    assert google["PUT /items/{id}"].attributes["schemes"] == ["http", "https"]
    assert google["PUT /items/{id}"].lines["schemes"] == line(GOOGLE, "      schemes:")


def test_swagger_body_parameter_becomes_the_request_body(google):
    post = google["POST /items"]
    body = post.attributes["request_body"]
    assert body["required"] is True
    assert list(body["content"]) == ["application/json"]  # the document's consumes
    assert body["content"]["application/json"]["schema"]["properties"]["sku"]["maxLength"] == 32
    assert post.attributes["parameters"] == []
    assert post.line_of(("request_body", "content", "application/json", "schema", "properties")) == \
        line(GOOGLE, '- $ref: "#/parameters/ItemBody"')


def test_swagger_form_parameters_become_an_object_schema(google):
    put = google["PUT /items/{id}"]
    schema = put.attributes["request_body"]["content"]["multipart/form-data"]["schema"]
    assert schema == {"type": "object", "required": ["image"], "properties": {
        "image": {"type": "file"}, "caption": {"type": "string", "maxLength": 140}}}
    assert put.attributes["parameters"] == [
        {"name": "id", "in": "path", "required": True, "type": "string"}]
    caption = ("request_body", "content", "multipart/form-data", "schema", "properties", "caption",
               "maxLength")
    assert put.line_of(caption) == line(GOOGLE, "maxLength: 140")
    assert not any(path.endswith(".in") for path in put.lines if path.startswith("request_body"))


def test_swagger_body_without_consumes_has_an_unstated_media_type():
    text = dedent("""\
        swagger: "2.0"
        info: {title: t, version: "1"}
        paths:
          /a:
            post:
              parameters:
                - {name: b, in: body, schema: {type: object}}
        """)
    (post,) = [r for r in resources(text).values() if r.type == "openapi_operation"]
    assert post.attributes["request_body"] == {
        "content": {"*/*": {"schema": {"type": "object"}}}, "required": False}


def test_an_unreadable_swagger_parameter_might_be_the_body():
    text = dedent("""\
        swagger: "2.0"
        info: {title: t, version: "1"}
        paths:
          /a:
            post:
              parameters:
                - $ref: "#/parameters/Gone"
                - {name: q, in: query, type: string}
        """)
    (post,) = [r for r in resources(text).values() if r.type == "openapi_operation"]
    assert post.attributes["request_body"] == Unknown("$ref target #/parameters/Gone not found")
    assert post.lines["request_body"] == 7


def test_a_templated_aws_auth_type_leaves_authentication_unknown():
    text = dedent("""\
        openapi: 3.0.1
        info: {title: t, version: "1"}
        paths:
          /a:
            get:
              x-amazon-apigateway-auth: {type: "${auth_type}"}
        """)
    (get,) = [r for r in resources(text).values() if r.type == "openapi_operation"]
    assert get.attributes["authenticated"] == Unknown("template placeholder ${auth_type}")
    assert get.lines["authenticated"] == 6


# --- JSON ------------------------------------------------------------------------------------------

BILLING = fixture_text("billing_oas3.json")


def test_json_document(each_loader):
    found = resources(BILLING)
    get = found["GET /invoices/{id}"]
    assert get.location.start_line == line(BILLING, '"get": {')
    assert get.location.end_line == line(BILLING, '"delete": {') - 1  # the closing brace
    assert get.attributes["parameters"][0]["schema"]["format"] == "uuid"
    assert get.attributes["security"][0]["schemes"][0]["definition"]["type"] == "oauth2"
    assert get.attributes["authenticated"] is True
    delete = found["DELETE /invoices/{id}"]
    assert delete.attributes["security_source"] == "none" and delete.attributes["authenticated"] is False
    assert delete.attributes["servers"] == [{"url": "https://billing-admin.example.com"}]
    assert get.attributes["servers"] == [{"url": "http://billing.internal:8080"}]
    assert found["api"].address == "billing-service:api"


def test_tab_indented_json_reads_with_either_loader(each_loader):
    text = BILLING.replace("  ", "\t")
    assert "\t" in text
    assert resources(text).keys() == resources(BILLING).keys()
    assert parse(text)["errors"] == []


# --- templates -------------------------------------------------------------------------------------

TEMPLATED = fixture_text("templated_payments.yaml")


def test_template_placeholders_are_unknown_and_crash_nothing():
    result = parse(TEMPLATED)
    assert result["errors"] == []
    found = resources(TEMPLATED)
    api = found["api"]
    assert api.name == "api" and api.address == "api:api"
    assert api.attributes["title"] == Unknown("template placeholder ${api_name}")
    assert isinstance(api.attributes["resource_policy"], Unknown)
    post = found["POST ${base_path}/payments"]  # a placeholder in a key is kept as written
    integration = post.attributes["integration"]
    assert integration["uri"] == Unknown("template placeholder ${lambda_arn}")
    assert integration["credentials"] == Unknown("template placeholder ${account_id}")
    assert integration["type"] == "aws_proxy"
    # Terraform's escape for a literal ${ is not a placeholder
    assert integration["requestParameters"]["integration.request.header.X-Stage"] == "'$${stage}'"
    assert post.attributes["request_body"] == Unknown("template placeholder ${request_body_ref}")


def test_a_templated_scheme_name_leaves_authentication_unknown():
    found = resources(TEMPLATED)
    post = found["POST ${base_path}/payments"]
    assert post.attributes["authenticated"] == Unknown("template placeholder ${authorizer_name}")
    assert isinstance(post.attributes["api_key_required"], Unknown)
    get = found["GET /payments/{id}"]
    assert get.attributes["authenticated"] is True
    authorizer = get.attributes["security"][0]["schemes"][0]["definition"]["x-amazon-apigateway-authorizer"]
    assert authorizer["authorizerUri"] == Unknown("template placeholder ${authorizer_invoke_arn}")
    assert authorizer["authorizerResultTtlInSeconds"] == 0


def test_templated_security_list_and_scheme_keys():
    text = dedent("""\
        openapi: 3.0.1
        info: {title: t, version: "1"}
        paths:
          /a:
            get:
              security: ${security}
          /b:
            get:
              security:
                - oauth: []
        components:
          securitySchemes:
            ${scheme_name}:
              type: oauth2
        """)
    result = parse(text)
    assert result["errors"] == []
    found = resources(text)
    assert found["GET /a"].attributes["authenticated"] == Unknown("template placeholder ${security}")
    assert found["GET /a"].attributes["security"] == Unknown("template placeholder ${security}")
    assert isinstance(found["GET /b"].attributes["authenticated"], Unknown)


# --- $ref resolution ---------------------------------------------------------------------------------

RECURSIVE = fixture_text("recursive_tree.yaml")


def test_a_recursive_schema_is_expanded_once_and_stops_where_it_repeats():
    (post,) = [r for r in resources(RECURSIVE).values() if r.type == "openapi_operation"]
    schema = post.attributes["request_body"]["content"]["application/json"]["schema"]
    assert schema["properties"]["name"]["maxLength"] == 80
    category_again = Unknown("recursive $ref #/components/schemas/Category")
    assert schema["properties"]["children"]["items"] == category_again
    assert schema["properties"]["parent"] == category_again
    response_schema = post.attributes["responses"]["200"]["content"]["application/json"]["schema"]
    pong = response_schema["properties"]["pong"]
    assert pong["properties"]["ping"] == Unknown("recursive $ref #/components/schemas/Ping")
    assert parse(RECURSIVE)["errors"] == []


@pytest.mark.parametrize("version, kept", [("3.1.0", True), ("3.0.3", False)])
def test_keys_beside_a_ref_apply_from_openapi_3_1(version, kept):
    text = dedent(f"""\
        openapi: {version}
        info: {{title: t, version: "1"}}
        paths:
          /a:
            get:
              responses:
                "200":
                  $ref: "#/components/responses/Ok"
                  description: Overridden
        components:
          responses:
            Ok: {{description: Fine}}
        """)
    (get,) = [r for r in resources(text).values() if r.type == "openapi_operation"]
    assert get.attributes["responses"]["200"]["description"] == ("Overridden" if kept else "Fine")


def test_json_pointer_escapes_list_indexes_and_the_root():
    text = dedent("""\
        openapi: 3.0.0
        info: {title: t, version: "1"}
        paths:
          /a/{id}:
            get:
              x-meta: {$ref: "#/components/x-odd/a~1b~0c"}
              x-second: {$ref: "#/components/x-list/1"}
              x-percent: {$ref: "#/components/x-odd/with%20space"}
              x-root: {$ref: "#"}
          /b:
            $ref: "#/paths/~1a~1%7Bid%7D"
        components:
          x-odd:
            a/b~c: slash-and-tilde
            with space: percent
          x-list: [zero, one]
        """)
    found = resources(text)
    get = found["GET /a/{id}"].attributes
    assert (get["x-meta"], get["x-second"], get["x-percent"]) == ("slash-and-tilde", "one", "percent")
    assert get["x-root"]["paths"]["/a/{id}"]["get"]["x-root"] == Unknown("recursive $ref #")
    # a path item through a local $ref has the operations of its target, at their own lines
    assert found["GET /b"].attributes["x-second"] == "one"
    assert found["GET /b"].location.start_line == 5


MISSING = fixture_text("missing_refs.yaml")


def test_missing_and_external_refs_are_unknown_and_reported():
    result = parse(MISSING)
    errors = {(e["line"], e["message"]) for e in result["errors"]}
    assert (line(MISSING, "parameters/Missing"),
            "$ref target #/components/parameters/Missing not found") in errors
    assert (line(MISSING, "requestBodies/Nope"),
            "$ref target #/components/requestBodies/Nope not found") in errors
    assert (line(MISSING, "- undeclared: []"), "security scheme 'undeclared' is not defined") in errors
    assert (line(MISSING, '$ref: "paths/exports.yaml"'),
            "path item $ref paths/exports.yaml not followed; its operations are not read") in errors
    assert any("external $ref" in message and "(and 1 more)" in message for _, message in errors)
    found = resources(MISSING)
    get = found["GET /reports"]
    assert get.attributes["parameters"] == [
        Unknown("$ref target #/components/parameters/Missing not found"),
        Unknown("external $ref common.yaml#/components/parameters/PageSize")]
    assert get.attributes["responses"]["200"]["description"] == "A report"
    assert isinstance(get.attributes["responses"]["200"]["content"]["text/csv"]["schema"], Unknown)
    post = found["POST /reports"]
    assert post.attributes["security"][0]["schemes"][0]["definition"] == \
        Unknown("security scheme 'undeclared' is not defined")
    assert post.attributes["authenticated"] is False
    assert isinstance(post.attributes["request_body"], Unknown)
    assert sorted(found) == ["GET /reports", "POST /reports", "api"]


def test_exponential_ref_fan_out_is_bounded(monkeypatch):
    monkeypatch.setattr(openapi_refs, "MAX_EXPANDED_NODES", 50_000)
    def level(i: int) -> str:
        properties = ", ".join(f'p{j}: {{$ref: "#/components/schemas/L{i + 1}"}}' for j in range(10))
        return f"    L{i}: {{type: object, properties: {{{properties}}}}}"

    levels = "\n".join(level(i) for i in range(12))
    text = dedent("""\
        openapi: 3.0.0
        info: {title: t, version: "1"}
        paths:
          /a:
            get:
              responses:
                "200":
                  description: x
                  content: {application/json: {schema: {$ref: "#/components/schemas/L0"}}}
        components:
          schemas:
        """) + levels + "\n    L12: {type: string}\n"
    result = parse(text)
    assert any("$ref expansion larger than" in e["message"] for e in result["errors"])
    assert len(json.dumps(result)) < 5_000_000


def test_a_long_chain_of_refs_stops():
    chain = "\n".join(f'    S{i}: {{$ref: "#/components/schemas/S{i + 1}"}}' for i in range(100))
    text = dedent("""\
        openapi: 3.0.0
        info: {title: t, version: "1"}
        paths:
          /a:
            get:
              x-schema: {$ref: "#/components/schemas/S0"}
        components:
          schemas:
        """) + chain + "\n    S100: {type: string}\n"
    (get,) = [r for r in resources(text).values() if r.type == "openapi_operation"]
    assert isinstance(get.attributes["x-schema"], Unknown)
    assert "too long" in get.attributes["x-schema"].reason


# --- bad input ---------------------------------------------------------------------------------------


def test_invalid_yaml_is_an_error_with_its_line():
    result = parse(fixture_text("invalid_indent.yaml"))
    assert result["resources"] == []
    assert len(result["errors"]) == 1
    assert result["errors"][0]["line"] == line(fixture_text("invalid_indent.yaml"), "post:")


@pytest.mark.parametrize("text", [
    "services:\n  web: {}\n",
    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n",
    "- just\n- a list\n",
    "",
])
def test_documents_that_are_not_openapi_are_skipped_quietly(text):
    assert parse(text) == {"resources": [], "errors": []}


def test_unsupported_versions_are_reported():
    result = parse('swagger: "1.2"\napis: []\n')
    assert result == {"resources": [], "errors": [
        {"line": 1, "message": "unsupported swagger version '1.2'; document skipped"}]}


def test_malformed_parts_are_reported_and_the_rest_is_kept():
    text = dedent("""\
        openapi: 3.0
        info: {title: t, version: "1"}
        paths:
          /a:
            get: not an operation
            post:
              parameters: {name: x}
              security: [jwt]
              responses: {}
          /b: [1, 2]
          /c:
            put: {}
        """)
    result = parse(text)
    errors = {(e["line"], e["message"]) for e in result["errors"]}
    assert errors == {
        (5, "operation GET /a is not a mapping; skipped"),
        (7, "parameters is not a list"),
        (8, "security requirement is not a mapping"),
        (10, "path item is not a mapping; its operations are not read"),
    }
    found = resources(text)
    assert sorted(found) == ["POST /a", "PUT /c", "api"]
    assert found["api"].attributes["version"] == "3.0"
    assert isinstance(found["POST /a"].attributes["authenticated"], Unknown)


def test_alias_bombs_and_deep_nesting_are_refused():
    bomb = ['openapi: 3.0.0', 'a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    bomb += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    assert parse("\n".join(bomb))["errors"] == [{"line": 1, "message": "YAML alias expansion too large"}]
    assert parse("openapi: 3.0.0\npaths: " + "[" * 5000 + "]" * 5000)["errors"][0]["message"] == \
        "nesting too deep"


def test_templated_paths_are_reported():
    result = parse('openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths: ${paths}\n')
    assert result["errors"] == [
        {"line": 3, "message": "paths is a template placeholder; no operations read"}]
    assert len(result["resources"]) == 1


def _cuts():
    return range(0, len(AWS), 97)


@pytest.mark.parametrize("cut", _cuts())
def test_truncated_input_never_raises_and_stays_json(cut):
    result = parse(AWS[:cut] + "\x00\t: [{")
    assert json.loads(json.dumps(result)) == result
    assert all(set(e) == {"line", "message"} for e in result["errors"])


def test_output_is_plain_json_and_round_trips():
    result = parse(TEMPLATED)
    assert json.loads(json.dumps(result)) == result
    assert parse_source("openapi", TEMPLATED) == result


def test_byte_order_mark_and_crlf_line_ends():
    text = ("\ufeffopenapi: 3.0.0\r\ninfo:\r\n  title: t\r\n  version: '1'\r\n"
            "paths:\r\n  /a:\r\n    get:\r\n      summary: s\r\n")
    found = resources(text)
    assert (found["GET /a"].location.start_line, found["GET /a"].location.end_line) == (7, 8)
    assert found["GET /a"].lines["summary"] == 8


def test_duplicate_keys_are_reported():
    text = ('openapi: 3.0.0\ninfo: {title: t, version: "1"}\n'
            'paths:\n  /a:\n    get: {}\n    get: {summary: second}\n')
    result = parse(text)
    assert result["errors"] == [{"line": 6, "message": "duplicate key 'get'; the last one is used"}]
    assert resources(text)["GET /a"].attributes["summary"] == "second"


# --- discovery ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_fixtures_are_classified_as_openapi(name):
    assert classify(name, (FIXTURES / name).read_bytes()) == OPENAPI


def test_classification_of_openapi_and_lookalikes():
    assert classify("api.yml", b"swagger: '2.0'\ninfo: {}\n") == OPENAPI
    assert classify("api.yaml", b"# comment\n\"openapi\": \"3.1.0\"\n") == OPENAPI
    assert classify("api.yaml", b'{"openapi": "3.0.0", "info": {}}') == OPENAPI
    assert classify("api.json", b'{\n  "swagger": "2.0"\n}') == OPENAPI
    # an API whose schemas have apiVersion and kind properties is still an API
    api = (b"openapi: 3.0.0\ncomponents:\n  schemas:\n    Obj:\n      properties:\n"
           b"        apiVersion: {}\n        kind: {}\n")
    assert classify("api.yaml", api) == OPENAPI
    # a Kubernetes object that embeds an OpenAPI document stays Kubernetes
    config_map = (b"apiVersion: v1\nkind: ConfigMap\ndata:\n  spec.yaml: |\n    openapi: 3.0.0\n"
                  b"  spec.json: '{\"openapi\": \"3.0.0\"}'\n")
    assert classify("cm.yaml", config_map) == KUBERNETES
    assert classify("compose.yaml", b"services:\n  web: {}\n") is None
    assert classify("old.yaml", b"swagger: '1.2'\n") is None
    assert classify("v.yaml", b"openapi: 2.0\n") is None
    assert classify("package.json", b'{"name": "openapi-tools"}') is None
    assert classify("bom.yaml", "\ufeffopenapi: 3.0.0\n".encode()) == OPENAPI


def test_discovery_finds_the_fixture_documents(tmp_path):
    (tmp_path / "api").mkdir()
    for name in ("aws_orders_oas3.yaml", "billing_oas3.json"):
        (tmp_path / "api" / name).write_bytes((FIXTURES / name).read_bytes())
    (tmp_path / "values.yaml").write_text("replicas: 3\n")
    found = discover([tmp_path])
    assert [(f.relpath, f.kind) for f in found.files] == [
        ("api/aws_orders_oas3.yaml", OPENAPI), ("api/billing_oas3.json", OPENAPI)]


# --- size --------------------------------------------------------------------------------------------


def _big_document(paths: int) -> str:
    head = dedent("""\
        openapi: 3.0.1
        info:
          title: Big API
          version: "1"
        security:
          - jwt: []
        x-amazon-apigateway-request-validators:
          all: {validateRequestBody: true, validateRequestParameters: true}
        x-amazon-apigateway-request-validator: all
        paths:
        """)
    item = dedent("""\
          /resource{i}/{{id}}:
            parameters:
              - $ref: "#/components/parameters/Id"
            get:
              operationId: get{i}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema:
                        $ref: "#/components/schemas/Thing"
              x-amazon-apigateway-integration:
                type: aws_proxy
                httpMethod: POST
                uri: arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/fn{i}/invocations
            post:
              operationId: post{i}
              security:
                - jwt: [write]
              requestBody:
                content:
                  application/json:
                    schema:
                      $ref: "#/components/schemas/Thing"
              responses:
                "201":
                  description: created
        """)
    tail = dedent("""\
        components:
          parameters:
            Id: {name: id, in: path, required: true, schema: {type: string, maxLength: 36}}
          schemas:
            Thing:
              type: object
              properties:
                name: {type: string, maxLength: 100}
                tags: {type: array, items: {type: string}}
          securitySchemes:
            jwt:
              type: oauth2
              flows: {clientCredentials: {tokenUrl: "https://auth.example.com/token", scopes: {write: w}}}
        """)
    return head + "".join(indent(item.format(i=i), "  ") for i in range(paths)) + tail


def test_a_five_thousand_line_document_is_read_whole():
    text = _big_document(178)
    assert 4990 <= len(text.splitlines()) <= 5010
    result = parse(text)
    assert len(result["resources"]) == 1 + 2 * 178 and result["errors"] == []


"""The OpenAPI checks that stay in Python, on hand-built resources: credentials written into
AWS integrations and private APIs' resource policies (the other OpenAPI controls are YAML over
the facts of compliance/resolve/openapi, tested in tests/resolve/test_openapi.py)."""

from __future__ import annotations

import pytest

from compliance.evaluate.checks.openapi_credentials import (
    openapi_no_literal_integration_credentials,
)
from compliance.evaluate.checks.openapi_policy import aws_apigw_policy_not_open
from compliance.model import Location, Resource, Status, Unknown


def operation(address="api:GET /x", **attributes) -> Resource:
    values = {"method": "GET", "path": "/x", "integration": None, **attributes}
    return Resource("openapi", "openapi_operation", address.split(":", 1)[1], address, values,
                    Location("api.yaml", 1, 20), scope="api.yaml")


# --- credentials ---------------------------------------------------------------------------


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

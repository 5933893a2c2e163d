"""The OpenAPI checks that stay in Python, on hand-built resources: credentials written into
AWS integrations and private APIs' resource policies (the other OpenAPI controls are YAML over
the facts of compliance/resolve/openapi, tested in tests/resolve/test_openapi.py)."""

from __future__ import annotations

import json
from pathlib import Path as FilePath

import pytest

from compliance.evaluate.checks.openapi_credentials import (
    openapi_no_literal_integration_credentials,
)
from compliance.evaluate.checks.openapi_policy import aws_apigw_policy_not_open
from compliance.model import Location, Resource, Status, Unknown
from compliance.resolve.embedded.policies import embed_policies


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


# --- resource policies (judged on the statements resolve/embedded/policies.py reads) ---------


def policy_api(statements, type_="aws_api_gateway_rest_api") -> Resource:
    policy = statements if isinstance(statements, (str, Unknown)) else {"Statement": statements}
    return Resource("terraform", type_, "p", f"{type_}.p", {"policy": policy},
                    Location("main.tf", 1, 9), scope=".")


def judged(resource: Resource, *others: Resource):
    embedded = embed_policies([resource, *others], FilePath("/nonexistent"))
    return aws_apigw_policy_not_open(embedded[0], None)


ALLOW_ALL = {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*"}
RESTRICTING_DENY = {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
                    "Resource": "*",
                    "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}


@pytest.mark.parametrize("statements, status", [
    ([ALLOW_ALL], Status.FAIL),
    ([{"Effect": "Allow", "Principal": {"AWS": ["*"]}, "NotAction": "s3:*", "Resource": "*"}],
     Status.FAIL),
    ([{**ALLOW_ALL, "Action": ["s3:GetObject", "execute-api:*"]}], Status.FAIL),
    ([{**ALLOW_ALL, "Action": " * "}], Status.FAIL),
    ([{**ALLOW_ALL, "Principal": {"AWS": "arn:aws:iam::123456789012:root"}}], Status.PASS),
    ([{**ALLOW_ALL, "Principal": {"Service": "*"}}], Status.PASS),
    ([{**ALLOW_ALL, "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}}], Status.PASS),
    ([{**ALLOW_ALL, "Action": "execute-api:ManageConnections"}], Status.PASS),
    ([{"Effect": "Allow", "Principal": "*", "NotAction": "execute-api:Invoke"}], Status.PASS),
    ([{**ALLOW_ALL, "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}}], Status.PASS),
    ([ALLOW_ALL, RESTRICTING_DENY], Status.PASS),
    ([ALLOW_ALL, {**RESTRICTING_DENY, "Condition": {"StringEquals": {"aws:username": "x"}}}],
     Status.FAIL),
    ([ALLOW_ALL, {**RESTRICTING_DENY, "Condition": None}], Status.FAIL),
    ([ALLOW_ALL, {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
                  "Resource": "execute-api:/*/DELETE/*"}], Status.FAIL),
    ([{**ALLOW_ALL, "Principal": Unknown("var.principal has no value")}], Status.UNKNOWN),
    ([{**ALLOW_ALL, "Principal": {"AWS": [Unknown("var.account")]}}], Status.UNKNOWN),
    ([{**ALLOW_ALL, "Action": [Unknown("var.action")]}], Status.UNKNOWN),
    ([{**ALLOW_ALL, "NotAction": [Unknown("var.action")]}], Status.UNKNOWN),
    ([{**ALLOW_ALL, "Effect": Unknown("var.effect")}], Status.UNKNOWN),
    ([{**ALLOW_ALL, "Condition": Unknown("var.condition")}], Status.UNKNOWN),
    # an open statement next to a Deny whose condition is unknown: that Deny may restrict
    ([ALLOW_ALL, {**RESTRICTING_DENY, "Condition": {"StringNotEquals": Unknown("var.c")}}],
     Status.UNKNOWN),
    ([ALLOW_ALL, Unknown("var.statement")], Status.UNKNOWN),
    # ... but a known restricting Deny decides, whatever else is unknown
    ([Unknown("var.statement"), RESTRICTING_DENY], Status.PASS),
])
def test_policy_shapes(statements, status):
    assert judged(policy_api(statements)).status is status


def test_the_evidence_names_the_statement_where_it_is_written():
    outcome = judged(policy_api([{**ALLOW_ALL, "Principal": {"AWS": "arn:aws:iam::1:root"}},
                                 ALLOW_ALL]))
    assert outcome.path == ("policy", "Statement", 1)
    assert outcome.observed == {"Effect": "Allow", "Action": ["execute-api:Invoke"],
                                "Resource": ["*"], "Principal": {"*": ["*"]}}
    single = judged(policy_api(json.dumps({"Statement": ALLOW_ALL})))
    assert (single.status, single.path) == (Status.FAIL, ("policy", "Statement"))
    unknown = Unknown("var.statements has no value")
    outcome = judged(policy_api(Unknown("partial", partial={"Statement": unknown})))
    assert (outcome.status, outcome.path, outcome.observed) == \
        (Status.UNKNOWN, ("policy", "Statement"), unknown)
    outcome = judged(policy_api("{not json"))
    assert (outcome.status, outcome.path) == (Status.UNKNOWN, ("policy",))
    assert judged(policy_api([])).path == ("policy",)


def test_a_policy_read_from_a_policy_document():
    document = Resource("terraform", "data.aws_iam_policy_document", "d",
                        "data.aws_iam_policy_document.d", {"statement": [
                            {"actions": ["execute-api:Invoke"],
                             "principals": [{"type": "*", "identifiers": ["*"]}]}]},
                        Location("main.tf", 11, 19), scope=".")
    policy = policy_api(Unknown("data.aws_iam_policy_document.d.json is read from the provider",
                                ("data.aws_iam_policy_document.d",)),
                        "aws_api_gateway_rest_api_policy")
    outcome = judged(policy, document)
    assert (outcome.status, outcome.path) == (Status.FAIL, ("policy",))
    assert judged(policy).status is Status.UNKNOWN  # the document is not in the scan


def test_policy_text_with_placeholders_is_not_taken_as_known():
    from compliance.resolve.terraform.origins import PartialText

    text = '{"Statement": [{"Effect": "Allow", "Principal": "${var.who}", "Action": "*"}]}'
    value = Unknown("var.who", (), PartialText("var.who", text=text))
    assert judged(policy_api(value, "aws_api_gateway_rest_api_policy")).status is Status.UNKNOWN
    # the known parts still decide: here no principal can be everyone
    text = '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "${var.who}"}, "Action": "*",'\
        ' "Condition": {"StringEquals": {"aws:SourceVpce": "${var.endpoint}"}}}]}'
    value = Unknown("var.who", (), PartialText("var.who", text=text))
    assert judged(policy_api(value)).status is Status.PASS
    # a text that no longer parses once its unknown parts are placeholders is unknown
    value = Unknown("var.actions", (), PartialText("var.actions", text='{"Action": ${var.a}}'))
    outcome = judged(policy_api(value))
    assert (outcome.status, outcome.observed) == (Status.UNKNOWN, value)

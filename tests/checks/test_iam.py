"""iam_no_admin_wildcard: which statements count as an administrator grant, judged on the
statements `resolve/embedded/policies.py` reads from the resources (run here first)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path as FilePath

import pytest

from compliance.evaluate.checks.iam import iam_no_admin_wildcard
from compliance.evaluate.run import ScanContext
from compliance.model import Location, Resource, Status, Unknown
from compliance.parse.iam_policy import statements_of
from compliance.resolve.embedded.policies import embed_policies


def _resource(type_: str, attributes: dict, name: str = "x") -> Resource:
    return Resource("terraform", type_, name, f"{type_}.{name}", attributes,
                    Location("main.tf", 1, 20))


def _policy(*statements, document=None) -> Resource:
    body = document if document is not None else {"Version": "2012-10-17",
                                                  "Statement": list(statements)}
    text = body if isinstance(body, str) else json.dumps(body)
    return _resource("aws_iam_policy", {"policy": text})


def _check(resource: Resource, *others: Resource):
    embedded = embed_policies([resource, *others], FilePath("/nonexistent"))
    return iam_no_admin_wildcard(embedded[0], ScanContext(embedded))


def _normalized(statement: dict) -> dict:
    """A statement as the evidence shows it: in the parser's normal form."""
    (normalized, *_), _ = statements_of({"Statement": [statement]})
    return {key: value for key, value in normalized.items() if key != "at"}


ADMIN = {"Effect": "Allow", "Action": "*", "Resource": "*"}


@pytest.mark.parametrize("statement", [
    ADMIN,
    {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]},
    {"Effect": "Allow", "Action": "*:*", "Resource": "*"},
    {"Effect": "Allow", "Action": ["s3:GetObject", "*"], "Resource": ["arn:aws:s3:::b", "*"]},
    {"Effect": "allow", "Action": " * ", "Resource": "*"},
    {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
    {"Effect": "Allow", "Action": "*", "NotResource": "arn:aws:s3:::audit/*"},
    {"Effect": "Allow", "Action": "*", "Resource": "*",
     "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
])
def test_administrator_statements_fail(statement):
    outcome = _check(_policy({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                             statement))
    assert outcome.status is Status.FAIL
    assert outcome.path == ("policy",)
    assert outcome.observed == _normalized(statement)


@pytest.mark.parametrize("statement", [
    {"Effect": "Deny", "Action": "*", "Resource": "*"},
    {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
    {"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::bucket/*"},
    {"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"},
    {"Effect": "Allow", "Action": "*", "Resource": "*",
     "Principal": {"AWS": "arn:aws:iam::1:root"}},
    {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}},
])
def test_narrower_statements_pass(statement):
    assert _check(_policy(statement)).status is Status.PASS


def test_a_single_statement_object_is_read_like_a_list():
    policy = _policy(document={"Version": "2012-10-17", "Statement": ADMIN})
    assert _check(policy).status is Status.FAIL


def test_an_empty_policy_passes():
    policy = _policy(document={"Version": "2012-10-17", "Statement": []})
    assert _check(policy).status is Status.PASS


def test_invalid_json_is_unknown_with_a_reason():
    outcome = _check(_policy(document='{"Version": "2012-10-17", "Statement": ['))
    assert outcome.status is Status.UNKNOWN and outcome.path == ("policy",)
    assert outcome.observed.reason == "the policy is not valid JSON (Expecting value)"


def test_a_statement_that_is_not_an_object_makes_the_policy_unknown():
    outcome = _check(_policy(ADMIN, "s3:*"))
    assert outcome.status is Status.UNKNOWN
    assert outcome.observed.reason == "Statement[1] is not an object"


def test_json_that_is_not_an_object_is_unknown():
    assert _check(_policy(document='["*"]')).status is Status.UNKNOWN


def test_an_unresolved_policy_is_unknown():
    resource = _resource("aws_iam_policy", {"policy": Unknown("var.policy has no value")})
    assert _check(resource).status is Status.UNKNOWN


def test_an_unknown_action_that_could_be_a_wildcard_is_unknown():
    resource = _resource("aws_iam_policy", {"policy": {
        "Statement": [{"Effect": "Allow", "Action": [Unknown("var.action")], "Resource": "*"}]}})
    assert _check(resource).status is Status.UNKNOWN


def test_an_unknown_action_next_to_a_narrow_resource_passes():
    resource = _resource("aws_iam_policy", {"policy": {
        "Statement": [{"Effect": "Allow", "Action": [Unknown("var.action")],
                       "Resource": "arn:aws:s3:::b/*"}]}})
    assert _check(resource).status is Status.PASS


def test_a_known_admin_statement_fails_even_next_to_an_unknown_one():
    resource = _resource("aws_iam_policy", {"policy": {"Statement": [
        {"Effect": Unknown("var.effect"), "Action": "*", "Resource": "*"}, ADMIN]}})
    assert _check(resource).status is Status.FAIL
    resource = _resource("aws_iam_policy", {"policy": {"Statement": [Unknown("var.stmt"), ADMIN]}})
    assert _check(resource).status is Status.FAIL


def test_an_unknown_statement_or_statement_list_is_unknown():
    statement = Unknown("var.stmt has no value")
    for statements in ([statement], statement):
        resource = _resource("aws_iam_policy", {"policy": {"Statement": statements}})
        outcome = _check(resource)
        assert (outcome.status, outcome.path, outcome.observed) == \
            (Status.UNKNOWN, ("policy",), statement)


def test_a_resource_without_a_policy_grants_nothing():
    assert _check(_resource("aws_iam_policy", {"name": "x"})).status is Status.PASS


def _document(*statements, name="doc") -> Resource:
    return _resource("data.aws_iam_policy_document", {"statement": list(statements)}, name)


def test_policy_document_effect_defaults_to_allow():
    outcome = _check(_document({"actions": ["s3:GetObject"], "resources": ["*"]},
                               {"actions": ["*"], "resources": ["*"]}))
    assert outcome.status is Status.FAIL
    assert outcome.path == ("statement", 1, "actions")


def test_policy_document_not_actions_is_broad():
    outcome = _check(_document({"not_actions": ["iam:*"], "resources": ["*"]}))
    assert outcome.status is Status.FAIL
    assert outcome.path == ("statement", 0, "not_actions")


def test_policy_document_unknown_statements():
    block = Unknown("a dynamic block over var.statements")
    outcome = _check(_document({"actions": ["s3:GetObject"], "resources": ["*"]}, block))
    assert (outcome.status, outcome.path, outcome.observed) == \
        (Status.UNKNOWN, ("statement", 1), block)
    outcome = _check(_document({"actions": [Unknown("var.action")], "resources": ["*"]}))
    assert (outcome.status, outcome.path) == (Status.UNKNOWN, ("statement", 0))
    outcome = _check(_resource("data.aws_iam_policy_document", {"statement": block}))
    assert (outcome.status, outcome.path) == (Status.UNKNOWN, ("statement",))
    passed = _check(_document({"actions": ["s3:GetObject"], "resources": ["*"]}))
    assert (passed.status, passed.path) == (Status.PASS, ("statement",))


def test_policy_document_deny_and_principals_pass():
    assert _check(_document({"effect": "Deny", "actions": ["*"], "resources": ["*"]},
                            {"actions": ["*"], "resources": ["*"],
                             "principals": [{"type": "AWS", "identifiers": ["*"]}]})
                  ).status is Status.PASS


def test_policy_from_a_document_is_judged_by_the_document():
    document = _document({"actions": ["*"], "resources": ["*"]}, name="admin")
    policy = _resource("aws_iam_role_policy", {"policy": Unknown(
        "data.aws_iam_policy_document.admin.json is read from the provider",
        ("data.aws_iam_policy_document.admin",))})
    outcome = _check(policy, document)
    assert outcome.status is Status.FAIL
    assert outcome.path == ("policy",)
    assert outcome.observed == {"document": "data.aws_iam_policy_document.admin", "statement":
                                {"Effect": "Allow", "Action": ["*"], "Resource": ["*"]}}
    narrow = _document({"actions": ["s3:GetObject"], "resources": ["*"]}, name="admin")
    outcome = _check(policy, narrow)
    assert (outcome.status, outcome.path, outcome.observed) == \
        (Status.PASS, ("policy",), "data.aws_iam_policy_document.admin")


def test_policy_from_a_document_missing_from_the_scan_is_unknown():
    policy = _resource("aws_iam_role_policy", {"policy": Unknown(
        "known after apply", ("data.aws_iam_policy_document.elsewhere",))})
    assert _check(policy).status is Status.UNKNOWN


def test_role_inline_policies():
    role = _resource("aws_iam_role", {"inline_policy": [
        {"name": "ok", "policy": json.dumps({"Statement": [
            {"Effect": "Allow", "Action": "sqs:*", "Resource": "arn:aws:sqs:eu-west-1:1:q"}]})},
        {"name": "admin", "policy": json.dumps({"Statement": [ADMIN]})}]})
    outcome = _check(role)
    assert outcome.status is Status.FAIL
    assert outcome.path == ("inline_policy", 1, "policy")
    blocks = Unknown("dynamic inline_policy over var.policies")
    outcome = _check(_resource("aws_iam_role", {"inline_policy": blocks}))
    assert (outcome.status, outcome.path, outcome.observed) == \
        (Status.UNKNOWN, ("inline_policy",), blocks)


def test_a_document_is_looked_up_in_the_root_module_of_the_policy():
    """Root modules in two folders may both declare data.aws_iam_policy_document.doc."""
    def scoped(resource, folder):
        return replace(resource, location=Location(f"{folder}/iam.tf", 1, 20), scope=folder)

    admin = scoped(_document({"actions": ["*"], "resources": ["*"]}, name="doc"), "a")
    narrow = scoped(_document({"actions": ["s3:GetObject"], "resources": ["*"]}, name="doc"), "b")
    policy = scoped(_resource("aws_iam_policy", {"policy": Unknown(
        "data.aws_iam_policy_document.doc.json is read from the provider",
        ("data.aws_iam_policy_document.doc",))}), "b")
    assert _check(policy, admin, narrow).status is Status.PASS
    policy = scoped(policy, "a")
    assert _check(policy, admin, narrow).status is Status.FAIL


def test_partly_known_policies_are_judged_on_their_known_parts(tmp_path):
    from compliance.catalog.controls import load_catalog
    from compliance.pipeline.scan import ScanOptions, run_scan

    (tmp_path / "main.tf").write_text('''
resource "aws_s3_bucket" "b" {
  bucket = "x"
}
resource "aws_iam_policy" "narrow" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["s3:GetObject"], Resource = "${aws_s3_bucket.b.arn}/*" }]
  })
}
resource "aws_iam_policy" "admin" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*", Condition = { StringEquals = { "aws:PrincipalTag/team" = aws_s3_bucket.b.id } } }]
  })
}
resource "aws_iam_policy" "maybe" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "*", Resource = var.resource }]
  })
}
variable "resource" {}
resource "aws_iam_policy" "templated" {
  policy = <<-EOT
    {"Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                    "Resource": "${aws_s3_bucket.b.arn}/*"}]}
  EOT
}
resource "aws_iam_policy" "templated_admin" {
  policy = <<-EOT
    {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
                    "Condition": {"StringEquals": {"aws:PrincipalTag/t": "${aws_s3_bucket.b.id}"}}}]}
  EOT
}
''')
    catalog = load_catalog()
    result = run_scan([tmp_path], catalog, controls=[catalog.by_id["aws-iam-no-admin-wildcard"]],
                      options=ScanOptions())
    statuses = {f.resource.address: f.status for f in result.findings}
    assert statuses == {"aws_iam_policy.narrow": Status.PASS, "aws_iam_policy.admin": Status.FAIL,
                        "aws_iam_policy.maybe": Status.UNKNOWN,
                        # a heredoc whose interpolations are unknown: judged on the rest too
                        "aws_iam_policy.templated": Status.PASS,
                        "aws_iam_policy.templated_admin": Status.FAIL}

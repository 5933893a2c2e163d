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

Where the policy and the endpoint type come from:

- `aws_api_gateway_rest_api`: `policy` (JSON text, `jsonencode(...)`, or
  `data.aws_iam_policy_document.x.json`, read from that data source's statement blocks), and
  `endpoint_configuration.types` (EDGE when unset);
- `aws_api_gateway_rest_api_policy`: `policy`, for the REST API its `rest_api_id` refers to;
- an OpenAPI document's `x-amazon-apigateway-policy`: when embedded in a private
  `aws_api_gateway_rest_api` and neither that resource's `policy` nor an
  `aws_api_gateway_rest_api_policy` replaces it; a standalone document is known to be for a
  private API when its `x-amazon-apigateway-endpoint-configuration` lists `vpcEndpointIds`
  (only private APIs take them).
"""

from __future__ import annotations

import json
from typing import Any, Iterator

from compliance.evaluate.checks.iam import referenced_policy_document
from compliance.model import Outcome, Path, Resource, Unknown
from compliance.parse.openapi.templates import mark_placeholders
from compliance.resolve.terraform.origins import PartialText

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


# --- reading the policy ------------------------------------------------------------------------


def _statements(value: Any, path: Path, context: Any, owner: Resource) -> Iterator[tuple[Path, Any]]:
    """(path, statement) of a policy, statements in the JSON shape; an Unknown statement when
    the policy can't be read."""
    if isinstance(value, Unknown):
        document = referenced_policy_document(value, owner, context)
        if document is not None:
            yield from ((path, s) for s in _document_statements(document))
            return
        if isinstance(value.partial, PartialText):
            value = _loads(value.partial.text, value)
            value = mark_placeholders(value) if not isinstance(value, Unknown) else value
        elif isinstance(value.partial, (dict, list)):
            value = value.partial
        else:
            yield path, value
            return
    if isinstance(value, str):
        value = _loads(value, Unknown("the policy is not valid JSON"))
    if isinstance(value, Unknown) or not isinstance(value, dict):
        yield path, value if isinstance(value, Unknown) else Unknown("the policy is not a JSON object")
        return
    statements = value.get("Statement")
    if isinstance(statements, Unknown):
        yield (*path, "Statement"), statements
        return
    for index, statement in enumerate(_items(statements)):
        where = (*path, "Statement", index) if isinstance(statements, list) else (*path, "Statement")
        yield where, statement


def _loads(text: str, otherwise: Unknown) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return otherwise


def _document_statements(document: Resource) -> Iterator[Any]:
    """data.aws_iam_policy_document statement blocks in the JSON shape."""
    statements = document.attributes.get("statement")
    if isinstance(statements, Unknown):
        yield statements
        return
    for block in _items(statements):
        if not isinstance(block, dict):
            yield Unknown("a statement block that can't be read")
            continue
        statement: dict[str, Any] = {"Effect": block.get("effect") or "Allow"}
        for key, name in (("actions", "Action"), ("not_actions", "NotAction")):
            if block.get(key) is not None:
                statement[name] = block[key]
        for key, name in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
            if block.get(key) is not None:
                statement[name] = _principals(block[key])
        if block.get("condition"):
            statement["Condition"] = _conditions(block["condition"])
        yield statement


def _principals(blocks: Any) -> Any:
    if isinstance(blocks, Unknown):
        return blocks
    principals: dict[str, Any] = {}
    for block in _items(blocks):
        if not isinstance(block, dict):
            return Unknown("a principals block that can't be read")
        kind, identifiers = block.get("type"), block.get("identifiers")
        if isinstance(kind, Unknown):
            return kind
        if kind == "*":
            return "*"
        principals.setdefault(str(kind), []).extend(_items(identifiers))
    return principals


def _conditions(blocks: Any) -> Any:
    if isinstance(blocks, Unknown):
        return blocks
    conditions: dict[str, Any] = {}
    for block in _items(blocks):
        if not isinstance(block, dict):
            return Unknown("a condition block that can't be read")
        test, variable = block.get("test"), block.get("variable")
        if isinstance(test, Unknown) or isinstance(variable, Unknown):
            return Unknown("a condition with an unknown test or variable")
        conditions.setdefault(str(test), {})[str(variable)] = block.get("values")
    return conditions


# --- judging statements ------------------------------------------------------------------------


def _any_principal(principal: Any) -> bool | None:
    if isinstance(principal, Unknown):
        return None
    if principal == "*":
        return True
    if isinstance(principal, dict):
        values = principal.get("AWS")
        if isinstance(values, Unknown) or any(isinstance(v, Unknown) for v in _items(values)):
            return None
        return any(isinstance(v, str) and v.strip() == "*" for v in _items(values))
    return False


def _covers_invoke(statement: dict[str, Any]) -> bool | None:
    if "NotAction" in statement:
        excluded = _items(statement["NotAction"])
        if any(isinstance(a, Unknown) for a in excluded) or isinstance(statement["NotAction"], Unknown):
            return None
        return not any(isinstance(a, str) and a.strip().lower() in _INVOKE for a in excluded)
    actions = statement.get("Action")
    if isinstance(actions, Unknown):
        return None
    found = [a for a in _items(actions) if isinstance(a, str) and a.strip().lower() in _INVOKE]
    if found:
        return True
    return None if any(isinstance(a, Unknown) for a in _items(actions)) else False


def _open_allow(statement: Any) -> bool | None:
    if isinstance(statement, Unknown):
        return None
    if not isinstance(statement, dict):
        return False
    effect = statement.get("Effect")
    if isinstance(effect, Unknown):
        return None
    if not (isinstance(effect, str) and effect.strip().lower() == "allow") or "NotPrincipal" in statement:
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
    if isinstance(statement, Unknown):
        return None
    if not isinstance(statement, dict):
        return False
    effect = statement.get("Effect")
    if isinstance(effect, Unknown):
        return None
    if not (isinstance(effect, str) and effect.strip().lower() == "deny"):
        return False
    condition = statement.get("Condition")
    if isinstance(condition, Unknown):
        return None
    if not isinstance(condition, dict):
        return False
    for tests in condition.values():
        if isinstance(tests, Unknown):
            return None
        if isinstance(tests, dict) and any(str(key).lower() in _SOURCE_KEYS for key in tests):
            return True
    return False


def aws_apigw_policy_not_open(resource: Resource, context: Any) -> Outcome:
    path: Path = ("resource_policy",) if resource.type == "openapi_api" else ("policy",)
    value = resource.attributes.get(path[0])
    open_at: tuple[Path, Any] | None = None
    undecided: tuple[Path, Any] | None = None
    restricted: bool | None = False
    for where, statement in _statements(value, path, context, resource):
        verdict = _open_allow(statement)
        if verdict and open_at is None:
            open_at = (where, statement)
        elif verdict is None and undecided is None:
            undecided = (where, statement)
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

"""IAM policy documents: statements that allow every action on every resource.

A statement is an administrator grant when its effect is Allow and

- its actions are all actions: `Action` is `*` (or `*:*`), or it uses `NotAction`, which
  allows every action except those listed, including actions AWS adds later; and
- its resources are all resources: `Resource` is `*`, or it uses `NotResource`.

Conditions do not make such a statement narrow (an MFA condition still leaves an
administrator), so they are not looked at. Statements with a `Principal` are resource-based
policies (bucket, key, queue policies): they are not identity grants and are skipped.

The statements are the facts of `compliance.resolve.embedded.policies`: `iam_policy` of the
resources holding a policy (and of `data.aws_iam_policy_document`, from its statement
blocks), `inline_iam_policies` of `aws_iam_role`. A policy whose statements are unknown (an
unresolved value, text that is not a policy) is unknown; so is one whose deciding action,
resource or effect is.
"""

from __future__ import annotations

from typing import Any

from compliance.evaluate.conditions import all_of
from compliance.model import Outcome, Path, Resource, Unknown, parse_path
from compliance.parse.iam_policy import BLOCK_NAMES

EXPECTED = ("no Allow statement grants every action (* or NotAction) on every resource "
            "(* or NotResource)")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _is_wildcard(values: list[Any], wildcards: tuple[str, ...]) -> bool | None:
    """True when a known item is a full wildcard; None when an unknown item could be one."""
    if any(isinstance(v, str) and v.strip() in wildcards for v in values):
        return True
    if any(isinstance(v, Unknown) for v in values):
        return None
    return False


def _grants_all(statement: dict[str, Any]) -> bool | None:
    """Three-valued: does this statement allow every action on every resource?"""
    effect = statement.get("Effect")
    effect_allow = None if isinstance(effect, Unknown) else str(effect).strip().lower() == "allow"
    if effect_allow is False:
        return False
    all_actions = True if "NotAction" in statement else \
        _is_wildcard(_as_list(statement.get("Action")), ("*", "*:*"))
    all_resources = True if "NotResource" in statement else \
        _is_wildcard(_as_list(statement.get("Resource")), ("*",))
    parts = (effect_allow, all_actions, all_resources)
    if False in parts:
        return False
    return None if None in parts else True


def _shown(statement: Any) -> Any:
    """A statement as evidence shows it: without its place, which the evidence names."""
    if isinstance(statement, dict):
        return {key: value for key, value in statement.items() if key != "at"}
    return statement


def _policy_outcome(policy: dict[str, Any], resource: Resource) -> Outcome:
    """The verdict on one policy (an `iam_policy`). The evidence names the attribute the
    policy is written in; in a policy document's own blocks, the block and its actions."""
    blocks = policy.get("document") == resource.address

    def where(in_blocks: Path) -> Path:
        return in_blocks if blocks else parse_path(policy["at"])

    listed = parse_path(policy["statements_at"])
    statements = policy["statements"]
    if isinstance(statements, Unknown):
        return _as_read(Outcome.unknown(where(listed), statements, EXPECTED), policy, blocks)
    undecided: Outcome | None = None
    for index, statement in enumerate(statements):
        if isinstance(statement, Unknown):
            undecided = undecided or Outcome.unknown(where((*listed, index)), statement, EXPECTED)
            continue
        if "Principal" in statement or "NotPrincipal" in statement:
            continue
        verdict = _grants_all(statement)
        at = parse_path(statement["at"])
        if verdict:
            actions = BLOCK_NAMES["NotAction" if "NotAction" in statement else "Action"]
            return _as_read(Outcome.failed(where((*at, actions)), _shown(statement), EXPECTED),
                            policy, blocks)
        if verdict is None and undecided is None:
            undecided = Outcome.unknown(where(at), _shown(statement), EXPECTED)
    return _as_read(undecided or Outcome.passed(where(listed), None, EXPECTED), policy, blocks)


def _as_read(outcome: Outcome, policy: dict[str, Any], blocks: bool) -> Outcome:
    """A policy read from a data.aws_iam_policy_document names the document in its evidence;
    the evidence stays on this resource's attribute."""
    document = policy.get("document")
    if document is None or blocks:
        return outcome
    observed = document if outcome.observed is None else \
        {"document": document, "statement": outcome.observed}
    return Outcome(outcome.status, parse_path(policy["at"]), observed, EXPECTED)


def iam_no_admin_wildcard(resource: Resource, context: Any) -> Outcome:
    """Fails on an Allow statement for every action on every resource (see the module doc)."""
    attributes = resource.attributes
    if "inline_iam_policies" in attributes:
        inline = attributes["inline_iam_policies"]
        if isinstance(inline, Unknown):
            return Outcome.unknown(("inline_policy",), inline, EXPECTED)
        return all_of([_policy_outcome(policy, resource) for policy in inline],
                      Outcome.passed(("inline_policy",), None, EXPECTED))
    policy = attributes.get("iam_policy")
    if policy is None:  # no policy written: nothing granted
        return Outcome.passed(("policy",), None, EXPECTED)
    return _policy_outcome(policy, resource)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "iam_no_admin_wildcard": iam_no_admin_wildcard,
}

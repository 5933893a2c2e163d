"""Comparisons between two attributes of one resource, which the condition language cannot
make (its operators compare an attribute with a constant).

`attributes_differ` passes when two attributes hold different values: an ECS task's
`task_role_arn` (what the application may do) and `execution_role_arn` (what the ECS agent
needs to start it), or the bucket a Cloud Storage bucket writes its access logs to and its own
name. Values are compared as Terraform would after apply:

- unset on either side: passes (nothing is shared);
- two known values: they differ as text (surrounding blanks ignored);
- two values known only at apply: the same expression (`aws_iam_role.task.arn` twice) is the
  same value and fails; attributes of two different managed resources (`aws_iam_role.task`,
  `aws_iam_role.execution`) are different objects and pass; anything else (a data source, a
  variable without a value, a known ARN against a reference) may or may not be the same, and
  is unknown.

`value_not_shared` compares one attribute across resources: it passes when no other resource
of the given types holds the same value in its attribute (a Lambda function's `role`, an ECS
task definition's `task_role_arn`). Known values are the same when their text is; values known
only at apply are the same when they read the same resource by the same expression
(`aws_iam_role.shared.arn` in two functions, in one root module; `aws_iam_role.fn[0]` and
`aws_iam_role.fn[1]` are two); an indexed reference (`aws_iam_role.fn[each.key].arn`) read by
several instances may or may not name one object, and is unknown; a variable without a value
is unknown. An unset attribute shares nothing and passes.
"""

from __future__ import annotations

from typing import Any

from compliance.model import Outcome, Resource, Unknown, UnknownKind


def _one_managed_resource(value: Unknown) -> str | None:
    """The managed resource an apply-time value is an attribute of, when it is exactly one."""
    if value.kind is not UnknownKind.APPLY_TIME or len(value.refs) != 1:
        return None
    ref = value.refs[0]
    return None if ref.startswith("data.") or ".data." in ref else ref


def _differ(first: Any, second: Any) -> bool | None:
    if first is None or second is None:
        return True
    first_unknown, second_unknown = isinstance(first, Unknown), isinstance(second, Unknown)
    if not first_unknown and not second_unknown:
        return str(first).strip() != str(second).strip()
    if first_unknown and second_unknown:
        if first.reason == second.reason and first.refs == second.refs and first.refs:
            return False  # the same expression
        first_ref, second_ref = _one_managed_resource(first), _one_managed_resource(second)
        if first_ref and second_ref and first_ref != second_ref:
            return True
    return None


def _attribute(attributes: dict[str, Any], name: str) -> tuple[tuple[Any, ...], Any]:
    """The path and value of `name`, where a dotted name goes into a nested block (the first
    one, as blocks that can appear once are lists of one item)."""
    path: tuple[Any, ...] = ()
    value: Any = attributes
    for key in name.split("."):
        if isinstance(value, list):
            if not value:
                return path, None
            path, value = path + (0,), value[0]
        if not isinstance(value, dict):
            return path, value if isinstance(value, Unknown) else None
        path, value = path + (key,), value.get(key)
    return path, value


def attributes_differ(resource: Resource, context: Any, names: list[str]) -> Outcome:
    """Passes when the two attributes in `names` hold different values (see the module doc;
    `a.b` names `b` in the nested block `a`); the evidence names the second."""
    (_, first), (at, second) = (_attribute(resource.attributes, name) for name in names)
    expected = f"{names[1]} is not the same as {names[0]}"
    verdict = _differ(first, second)
    if verdict is None:
        return Outcome.unknown(at, second if isinstance(second, Unknown) else first, expected)
    if verdict:
        return Outcome.passed(at, second, expected)
    return Outcome.failed(at, second, expected)


def _sharing_key(resource: Resource, value: Any) -> tuple | None:
    """What two values must agree on to be the same object: the text, or the one resource an
    apply-time value reads (in the resource's root module); None when it can't be told."""
    if isinstance(value, str):
        return ("text", value.strip()) if value.strip() else None
    if isinstance(value, Unknown) and value.kind is UnknownKind.APPLY_TIME \
            and len(value.refs) == 1:
        # the expression, not only the resource: `aws_iam_role.fn[0]` is not `...fn[1]`
        expression = value.reason.split(" ", 1)[0]
        return ("ref", resource.scope, value.refs[0], expression, "[...]" in expression)
    return None


def value_not_shared(resource: Resource, context: Any, attribute: str,
                     others: dict[str, str]) -> Outcome:
    """Passes when no other resource of `others` (type -> attribute) holds the value of this
    resource's `attribute` (see the module doc); the evidence names one that does."""
    value = resource.attributes.get(attribute)
    at = (attribute,)
    expected = f"no other resource uses the same {attribute}"
    if value is None:
        return Outcome.passed(at, value, expected)
    key = _sharing_key(resource, value)
    if key is None:
        return Outcome.unknown(at, value, expected)
    maybe = None
    for other in context.index.of_types(tuple(others)):
        if other is resource or (other.scope == resource.scope
                                 and other.address == resource.address):
            continue
        if _sharing_key(other, other.attributes.get(others[other.type])) != key:
            continue
        if key[0] == "ref" and key[4]:  # an indexed reference: maybe one object per instance
            maybe = maybe or other.address
            continue
        return Outcome.failed(at, value, f"{expected} (also used by {other.address})")
    if maybe:
        return Outcome.unknown(at, value, f"{expected} (maybe also used by {maybe})")
    return Outcome.passed(at, value, expected)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "value_not_shared": value_not_shared,
    "attributes_differ": attributes_differ,
}

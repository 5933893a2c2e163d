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


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "attributes_differ": attributes_differ,
}

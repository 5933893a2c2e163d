"""attributes_differ: two attributes of one resource, compared as Terraform would."""

from __future__ import annotations

import pytest

from compliance.evaluate.checks.values import attributes_differ
from compliance.model import Location, Resource, Status, Unknown, UnknownKind

NAMES = ["task_role_arn", "execution_role_arn"]


def _ref(address: str, attribute: str = "arn") -> Unknown:
    return Unknown(f"{address}.{attribute} is known only after apply", (address,),
                   kind=UnknownKind.APPLY_TIME)


def _check(task, execution):
    attributes = {"task_role_arn": task, "execution_role_arn": execution}
    resource = Resource("terraform", "aws_ecs_task_definition", "x",
                        "aws_ecs_task_definition.x",
                        {k: v for k, v in attributes.items() if v is not None},
                        Location("main.tf", 1, 9))
    return attributes_differ(resource, None, names=NAMES)


@pytest.mark.parametrize("task, execution, status", [
    ("arn:aws:iam::1:role/a", "arn:aws:iam::1:role/a", Status.FAIL),
    ("arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b", Status.PASS),
    (None, "arn:aws:iam::1:role/b", Status.PASS),
    ("arn:aws:iam::1:role/a", None, Status.PASS),
    (_ref("aws_iam_role.task"), _ref("aws_iam_role.task"), Status.FAIL),
    (_ref("aws_iam_role.task"), _ref("aws_iam_role.execution"), Status.PASS),
    (_ref("module.m.aws_iam_role.a"), _ref("aws_iam_role.b"), Status.PASS),
    (_ref("aws_iam_role.task"), _ref("data.aws_iam_role.shared"), Status.UNKNOWN),
    (_ref("aws_iam_role.task"), "arn:aws:iam::1:role/a", Status.UNKNOWN),
    (Unknown("var.role has no value", kind=UnknownKind.NO_VALUE), _ref("aws_iam_role.b"),
     Status.UNKNOWN),
])
def test_roles_compared(task, execution, status):
    outcome = _check(task, execution)
    assert outcome.status is status
    assert outcome.path == ("execution_role_arn",)

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


# --- value_not_shared: one attribute compared across resources ----------------------------------

OTHERS = {"aws_lambda_function": "role", "aws_ecs_task_definition": "task_role_arn"}


def _function(name: str, role, scope: str = ".") -> Resource:
    from dataclasses import replace
    resource = Resource("terraform", "aws_lambda_function", name, f"aws_lambda_function.{name}",
                        {} if role is None else {"role": role}, Location("main.tf", 1, 9))
    return replace(resource, scope=scope)


def _shared(resource: Resource, *others: Resource) -> Status:
    from compliance.evaluate.checks.values import value_not_shared
    from compliance.evaluate.run import ScanContext
    context = ScanContext([resource, *others])
    return value_not_shared(resource, context, attribute="role", others=OTHERS).status


@pytest.mark.parametrize("mine, theirs, status", [
    (_ref("aws_iam_role.shared"), _ref("aws_iam_role.shared"), Status.FAIL),
    ("arn:aws:iam::1:role/a", "arn:aws:iam::1:role/a", Status.FAIL),
    (_ref("aws_iam_role.a"), _ref("aws_iam_role.b"), Status.PASS),
    (_ref("module.a.aws_iam_role.this"), _ref("module.b.aws_iam_role.this"), Status.PASS),
    (None, None, Status.PASS),
    (Unknown("aws_iam_role.fn[...].arn is known only after apply", ("aws_iam_role.fn",),
             kind=UnknownKind.APPLY_TIME),
     Unknown("aws_iam_role.fn[...].arn is known only after apply", ("aws_iam_role.fn",),
             kind=UnknownKind.APPLY_TIME), Status.UNKNOWN),
    (Unknown("var.role has no value", kind=UnknownKind.NO_VALUE), "arn:aws:iam::1:role/a",
     Status.UNKNOWN),
])
def test_roles_shared_between_functions(mine, theirs, status):
    assert _shared(_function("one", mine), _function("two", theirs)) is status


def test_the_same_address_in_another_root_module_is_another_role():
    role = _ref("aws_iam_role.shared")
    assert _shared(_function("one", role, scope="a"), _function("two", role, scope="b")) \
        is Status.PASS


def test_two_instances_of_one_role_by_literal_index_are_two_roles():
    first = Unknown("aws_iam_role.fn[0].arn is known only after apply", ("aws_iam_role.fn",),
                    kind=UnknownKind.APPLY_TIME)
    second = Unknown("aws_iam_role.fn[1].arn is known only after apply", ("aws_iam_role.fn",),
                     kind=UnknownKind.APPLY_TIME)
    assert _shared(_function("one", first), _function("two", second)) is Status.PASS
    assert _shared(_function("one", first), _function("two", first)) is Status.FAIL

"""The execution role SAM creates for an `AWS::Serverless::Function` without a `Role`, as SAM
writes it (`<Function>Role`, an `AWS::IAM::Role`), so the IAM controls judge what the function
is granted:

- the trust policy: the function's `AssumeRolePolicyDocument`, else Lambda's service principal;
- `ManagedPolicyArns`: `AWSLambdaBasicExecutionRole`, `AWSXrayWriteOnlyAccess` when `Tracing`
  is `Active`, `AWSLambdaVPCAccessExecutionRole` with a `VpcConfig`, then each item of
  `Policies` that is a policy ARN, an intrinsic function (`!Ref`, `!Sub`, ...) or the name of
  an AWS managed policy (`arn:${AWS::Partition}:iam::aws:policy/<name>`);
- `Policies`: each item of `Policies` that is a policy document (`Statement`), inline, named
  `<Function>RolePolicy<n>`; each SAM policy template (`S3ReadPolicy: {...}`) also, its
  document unknown (SAM's templates are not expanded here);
- `PermissionsBoundary` and `Path` (`RolePath`) as given.
"""

from __future__ import annotations

from typing import Any

from compliance.model import Path, Unknown, UnknownKind

_MANAGED = "arn:${AWS::Partition}:iam::aws:policy/"
_LAMBDA_TRUST = {"Version": "2012-10-17",
                 "Statement": [{"Effect": "Allow", "Action": ["sts:AssumeRole"],
                                "Principal": {"Service": ["lambda.amazonaws.com"]}}]}


def role_id(function_id: str) -> str:
    return f"{function_id}Role"


def execution_role(function_id: str, props: dict[str, Any]) -> tuple[dict[str, Any],
                                                                      list[tuple[Path, Path]]]:
    """The role's properties, and where each came from: (path under the function's
    `Properties`, path under the role's)."""
    moved: list[tuple[Path, Path]] = []
    trust = props.get("AssumeRolePolicyDocument")
    if trust is not None:
        moved.append((("AssumeRolePolicyDocument",), ("AssumeRolePolicyDocument",)))
    managed: list[Any] = [{"Fn::Sub": _MANAGED + "service-role/AWSLambdaBasicExecutionRole"}]
    if props.get("Tracing") == "Active":
        managed.append({"Fn::Sub": _MANAGED + "AWSXrayWriteOnlyAccess"})
    if props.get("VpcConfig") is not None:
        managed.append({"Fn::Sub": _MANAGED + "service-role/AWSLambdaVPCAccessExecutionRole"})
    inline: list[dict[str, Any]] = []
    written = props.get("Policies")
    items = list(enumerate(written)) if isinstance(written, list) else \
        [] if written is None else [(None, written)]
    for index, item in items:
        source: Path = ("Policies",) if index is None else ("Policies", index)
        name = f"{role_id(function_id)}Policy{len(inline)}"
        if isinstance(item, str) or _intrinsic(item):
            if isinstance(item, str) and not item.startswith("arn:"):
                item = {"Fn::Sub": _MANAGED + item}
            moved.append((source, ("ManagedPolicyArns", len(managed))))
            managed.append(item)
        elif isinstance(item, dict) and "Statement" in item:
            moved.append((source, ("Policies", len(inline), "PolicyDocument")))
            inline.append({"PolicyName": name, "PolicyDocument": item})
        elif isinstance(item, dict) and len(item) == 1:
            template = next(iter(item))
            moved.append((source, ("Policies", len(inline), "PolicyDocument")))
            inline.append({"PolicyName": name, "PolicyDocument": Unknown(
                f"SAM policy template {template}, expanded by SAM", kind=UnknownKind.NOT_READ)})
    role: dict[str, Any] = {"AssumeRolePolicyDocument": trust or _LAMBDA_TRUST,
                            "ManagedPolicyArns": managed}
    if inline:
        role["Policies"] = inline
    for key, target in (("PermissionsBoundary", "PermissionsBoundary"), ("RolePath", "Path")):
        if key in props:
            role[target] = props[key]
            moved.append(((key,), (target,)))
    return role, moved


def _intrinsic(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and \
        next(iter(value)) in ("Ref", "Fn::Sub", "Fn::GetAtt", "Fn::Join", "Fn::If",
                              "Fn::ImportValue", "Fn::FindInMap", "Fn::Select")

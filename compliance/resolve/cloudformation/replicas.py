"""A DynamoDB global table (`AWS::DynamoDB::GlobalTable`) in the shape of Terraform's table.

CloudFormation lists every region's replica, the stack's own included, each with its own KMS
key and point-in-time recovery; Terraform writes the stack region's settings on the table and
the other regions as `replica` blocks (`kms_key_arn`, `point_in_time_recovery`). The replica
whose `Region` is `!Ref AWS::Region` is the stack's own. When no replica says so (every region
written as text), the table's key is an unknown one of theirs when every replica names a key,
and its point-in-time recovery unknown: the checks that also read every replica block still
decide.
"""

from __future__ import annotations

from typing import Any

from compliance.model import Path, Unknown
from compliance.parse.terraform_shape import pascal_snake
from compliance.resolve.cloudformation.values import pseudo_parameter

_SSE, _KEY = "SSESpecification", "KMSMasterKeyId"
_PITR, _PITR_ENABLED = "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"
_UNTOLD = "the replica in the stack's region is not marked with !Ref AWS::Region"


def local_replica(properties: dict[str, Any], lines: dict[Path, int], property_name: str) -> None:
    """Merges the stack region's replica into `properties` (in place, `lines` too) and
    flattens the other replicas' key and recovery settings as Terraform's replica blocks."""
    written = next((k for k in properties if pascal_snake(k) == property_name), None)
    replicas = properties.get(written) if written else None
    if not isinstance(replicas, list):
        return
    region = pseudo_parameter("AWS::Region")
    local = next((i for i, r in enumerate(replicas)
                  if isinstance(r, dict) and r.get("Region") == region), None)
    if local is None:
        _untold(properties, replicas)
    else:
        _merge(properties, lines, written, local)
    for index, replica in enumerate(properties[written]):
        if isinstance(replica, dict):
            _flatten(replica, lines, (written, index))


def _merge(properties: dict[str, Any], lines: dict[Path, int], written: str, local: int) -> None:
    replica = properties[written].pop(local)
    for key, value in replica.items():
        if key == "Region":
            continue
        if key == _SSE and isinstance(value, dict) and isinstance(properties.get(_SSE), dict):
            properties[_SSE] = {**properties[_SSE], **value}
        else:
            properties.setdefault(key, value)
    moved: dict[Path, int] = {}
    for path in [p for p in lines if p[:1] == (written,) and len(p) > 1]:
        index = path[1]
        if index == local and len(path) > 2 and path[2] != "Region":
            moved.setdefault(path[2:], lines[path])
        elif isinstance(index, int) and index > local:
            moved[(written, index - 1, *path[2:])] = lines[path]
        if index == local or (isinstance(index, int) and index > local):
            del lines[path]
    for path, line in moved.items():
        lines.setdefault(path, line)


def _untold(properties: dict[str, Any], replicas: list[Any]) -> None:
    keys = [_setting(r, _SSE, _KEY) for r in replicas]
    if keys and all(key is not None for key in keys) and isinstance(properties.get(_SSE), dict):
        properties[_SSE] = {**properties[_SSE], _KEY: Unknown(_UNTOLD)}
    if any(_setting(r, _PITR, _PITR_ENABLED) is not None for r in replicas):
        properties.setdefault(_PITR, {_PITR_ENABLED: Unknown(_UNTOLD)})


def _flatten(replica: dict[str, Any], lines: dict[Path, int], at: Path) -> None:
    """A replica's nested key and recovery settings as Terraform's replica attributes."""
    for holder, setting, attribute in ((_SSE, _KEY, "KmsKeyArn"),
                                       (_PITR, _PITR_ENABLED, "PointInTimeRecovery")):
        value = _setting(replica, holder, setting)
        if value is None:
            continue
        del replica[holder]  # Terraform's replica block has no such nested setting
        replica[attribute] = value
        line = lines.get((*at, holder, setting))
        for path in [p for p in lines if p[:len(at) + 1] == (*at, holder)]:
            del lines[path]
        if line is not None:
            lines[(*at, attribute)] = line


def _setting(replica: Any, holder: str, setting: str) -> Any:
    inner = replica.get(holder) if isinstance(replica, dict) else None
    return inner.get(setting) if isinstance(inner, dict) else None

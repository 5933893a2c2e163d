"""Parameter values for CloudFormation templates (`--cfn-parameters FILE`), in the forms the
AWS tools write them:

    [{"ParameterKey": "Stage", "ParameterValue": "prod"}, ...]     aws cloudformation --parameters
    {"Parameters": {"Stage": "prod"}}                             a template configuration file
    {"Stage": "prod"}                                             a plain JSON object
    Stage=prod                                                    one per line (sam deploy's
                                                                  --parameter-overrides, .env)
"""

from __future__ import annotations

import json
from typing import Any


class ParametersError(ValueError):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line


def read_parameters(text: str) -> dict[str, Any]:
    """The values by parameter name; ParametersError (with its line) for a malformed file."""
    stripped = text.lstrip("\ufeff").strip()
    if stripped.startswith(("[", "{")):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as problem:
            raise ParametersError(problem.lineno, f"not valid JSON: {problem.msg}") from None
        return _from_json(data)
    values: dict[str, Any] = {}
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, equals, value = line.partition("=")
        if not equals or not key.strip():
            raise ParametersError(number, "expected Key=Value")
        values[key.strip()] = value.strip().strip('"')
    return values


def _from_json(data: Any) -> dict[str, Any]:
    if isinstance(data, dict) and isinstance(data.get("Parameters"), dict):
        data = data["Parameters"]
    if isinstance(data, dict):
        return {str(key): value for key, value in data.items()}
    if isinstance(data, list):
        values = {}
        for position, item in enumerate(data):
            if not isinstance(item, dict) or "ParameterKey" not in item:
                raise ParametersError(None, f"item {position} has no ParameterKey")
            if item.get("UsePreviousValue"):
                continue  # the deployed stack's value: not known here
            values[str(item["ParameterKey"])] = item.get("ParameterValue")
        return values
    raise ParametersError(None, "expected a list of ParameterKey/ParameterValue objects, "
                                "an object, or Key=Value lines")

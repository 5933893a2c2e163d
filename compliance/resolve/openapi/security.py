"""The kind of each security scheme an operation's effective requirements name.

The kind is the scheme's `type` as written (`oauth2`, `openIdConnect`, `http`, `mutualTLS`,
Swagger's `basic`), except for `apiKey` schemes: AWS writes its Lambda, Cognito and SigV4
authorizers as `apiKey` schemes with `x-amazon-apigateway-authtype` or
`x-amazon-apigateway-authorizer`, which are `aws_authorizer`; the others are `api_key`. A
scheme whose definition can't be read (not defined, templated) has an unknown kind.
"""

from __future__ import annotations

from typing import Any

from compliance.model import Resource, Unknown
from compliance.parse.openapi.refs import Resolved
from compliance.parse.openapi.security import AWS_AUTHORIZER_KEYS

API_KEY, AWS_AUTHORIZER = "api_key", "aws_authorizer"


def scheme_kind(scheme: Any) -> Any:
    definition = scheme.get("definition") if isinstance(scheme, dict) else scheme
    if isinstance(definition, Unknown):
        return definition
    if not isinstance(definition, dict):
        name = scheme.get("name") if isinstance(scheme, dict) else None
        return Unknown(f"security scheme {name!r} is not a mapping")
    kind = definition.get("type")
    if kind == "apiKey":
        return AWS_AUTHORIZER if any(key in definition for key in AWS_AUTHORIZER_KEYS) else API_KEY
    return kind


def with_scheme_kinds(operation: Resource) -> Resolved:
    """The operation's `security` with `kind` added to each scheme, and the lines of the
    kinds (each where its scheme is named)."""
    security = operation.attributes.get("security")
    if not isinstance(security, list):
        return Resolved(security)
    lines: dict[str, int] = {}
    requirements = []
    for index, requirement in enumerate(security):
        schemes = requirement.get("schemes") if isinstance(requirement, dict) else None
        if not isinstance(schemes, list):
            requirements.append(requirement)
            continue
        expanded = []
        for position, scheme in enumerate(schemes):
            if not isinstance(scheme, dict):
                expanded.append(scheme)
                continue
            expanded.append({**scheme, "kind": scheme_kind(scheme)})
            line = operation.line_of(("security", index, "schemes", position))
            if line is not None:
                lines[f"[{index}].schemes[{position}].kind"] = line
        requirements.append({**requirement, "schemes": expanded})
    return Resolved(requirements, lines)

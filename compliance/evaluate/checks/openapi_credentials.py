"""Credentials written into AWS API Gateway integrations of OpenAPI documents.

An integration's `requestParameters` that set a credential header or query string parameter
(`Authorization`, `Proxy-Authorization`, `Cookie`, or a name that denotes a credential:
`x-api-key`, `client_secret`, `token`, ...) to a constant. In a REST API a constant is written
in single quotes (`'Bearer abc...'`); in an HTTP API it is any value that is not a `$request`,
`$context` or `$stageVariables` mapping. The value is a credential in clear unless it is a
placeholder, a reference, or only a scheme word.
"""

from __future__ import annotations

import re
from typing import Any

from compliance.model import Outcome, Path, Resource, Unknown
from compliance.model.masking import is_header_credential

_REST_TARGET = re.compile(r"^integration\.request\.(header|querystring)\.(.+)$", re.I)
_HTTP_TARGET = re.compile(r"^(overwrite|append):(header|querystring)\.(.+)$", re.I)

CREDENTIAL_EXPECTED = ("integration request parameters take credentials from the request, a "
                       "stage variable or the authorizer, never a constant")


def _constant(target: str, value: Any) -> tuple[str, str] | None:
    """(parameter name, constant value) when `target` sets a header or query parameter to a
    constant; None otherwise."""
    if not isinstance(value, str):
        return None
    rest = _REST_TARGET.match(target)
    if rest is not None:
        text = value.strip()
        if len(text) >= 2 and text.startswith("'") and text.endswith("'"):
            return rest.group(2), text[1:-1]
        return None
    http = _HTTP_TARGET.match(target)
    if http is not None and "$" not in value:
        return http.group(3), value
    return None


def openapi_no_literal_integration_credentials(resource: Resource, context: Any) -> Outcome:
    integration = resource.attributes.get("integration")
    parameters = integration.get("requestParameters") if isinstance(integration, dict) else None
    base: Path = ("integration", "requestParameters")
    if isinstance(parameters, Unknown):
        return Outcome.unknown(base, parameters, CREDENTIAL_EXPECTED)
    if not isinstance(parameters, dict):
        return Outcome.passed(base, None, CREDENTIAL_EXPECTED)
    for target, value in parameters.items():
        constant = _constant(str(target), value)
        if constant is not None and is_header_credential(*constant):
            return Outcome.failed((*base, target), value, CREDENTIAL_EXPECTED)
    return Outcome.passed(base, None, CREDENTIAL_EXPECTED)


# the named checks of this module, as controls call them (`python: <name>`)
CHECKS = {
    "openapi_no_literal_integration_credentials": openapi_no_literal_integration_credentials,
}
